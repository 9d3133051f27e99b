//! Export a gold dataset from the GUI: format, folder (typed or chosen),
//! options and split, then a progress bar while a background thread
//! writes it. Unsaved edits are saved first; the export itself reads the
//! project read-only, so annotation goes on meanwhile.

use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use crate::app::Workspace;
use crate::formats::{ExportOptions, ExportReport, Format, FormatError, Split, export};
use crate::progress::{CancelFlag, JobControl, SharedProgress};
use crate::store::{OpenMode, Project};

enum Message {
    Finished(Result<ExportReport, String>),
}

pub struct ExportWindow {
    pub open: bool,
    format: Format,
    folder: String,
    include_suggestions: bool,
    negatives: bool,
    split: String,
    seed: String,
    /// Whose annotations; empty means the workspace's annotator.
    annotator: String,
    job: Option<mpsc::Receiver<Message>>,
    progress: Arc<SharedProgress>,
    outcome: Option<Result<String, String>>,
}

impl Default for ExportWindow {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            folder: String::new(),
            include_suggestions: false,
            negatives: false,
            split: String::new(),
            seed: "7".into(),
            annotator: String::new(),
            job: None,
            progress: Arc::default(),
            outcome: None,
        }
    }
}

impl ExportWindow {
    /// Whether an export is being written.
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Draws the window; returns whether a text field has keyboard focus.
    pub fn ui(&mut self, ctx: &egui::Context, workspace: &mut Workspace) -> bool {
        self.poll(ctx);
        let mut typing = false;
        let mut open = self.open;
        let mut start = false;
        egui::Window::new("Export dataset")
            .open(&mut open)
            .resizable(false)
            .show(ctx, |ui| {
                egui::Grid::new("export-options")
                    .num_columns(2)
                    .spacing([12.0, 8.0])
                    .show(ui, |ui| {
                        ui.label("");
                        egui::ComboBox::from_label("Format")
                            .selected_text(self.format.name())
                            .show_ui(ui, |ui| {
                                for format in Format::writable() {
                                    ui.selectable_value(&mut self.format, format, format.name());
                                }
                            });
                        ui.end_row();
                        let folder_label = ui.label("Folder");
                        ui.horizontal(|ui| {
                            let field = ui
                                .add(
                                    egui::TextEdit::singleline(&mut self.folder)
                                        .hint_text("folder to write into")
                                        .desired_width(300.0),
                                )
                                .labelled_by(folder_label.id);
                            typing |= field.has_focus();
                            if ui.button("Browse…").clicked()
                                && let Some(folder) = rfd::FileDialog::new()
                                    .set_title("Export into")
                                    .pick_folder()
                            {
                                self.folder = folder.display().to_string();
                            }
                        });
                        ui.end_row();
                        let split_label = ui.label("Split");
                        ui.horizontal(|ui| {
                            let split = ui
                                .add(
                                    egui::TextEdit::singleline(&mut self.split)
                                        .hint_text("e.g. 80,10,10")
                                        .desired_width(100.0),
                                )
                                .labelled_by(split_label.id);
                            let seed_label = ui.label("seed");
                            let seed = ui
                                .add(egui::TextEdit::singleline(&mut self.seed).desired_width(60.0))
                                .labelled_by(seed_label.id);
                            typing |= split.has_focus() || seed.has_focus();
                        });
                        ui.end_row();
                    });
                ui.checkbox(&mut self.include_suggestions, "Include open suggestions");
                ui.checkbox(
                    &mut self.negatives,
                    "Rejected items as negatives (jsonl, brat)",
                );
                if self.annotator.is_empty() {
                    self.annotator = workspace.annotator.clone();
                }
                egui::ComboBox::from_label("Annotator (gold is the adjudicated one)")
                    .selected_text(&self.annotator)
                    .show_ui(ui, |ui| {
                        for name in workspace.project.annotators() {
                            ui.selectable_value(&mut self.annotator, name.clone(), name);
                        }
                    });
                ui.separator();
                if self.is_running() {
                    let progress = self.progress.snapshot();
                    let (done, total) = (progress.done, progress.total);
                    ui.add(
                        egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                            .text(format!("{done}/{total} documents")),
                    );
                } else {
                    start = ui
                        .add_enabled(!self.folder.trim().is_empty(), egui::Button::new("Export"))
                        .clicked();
                }
                match &self.outcome {
                    Some(Ok(summary)) => {
                        ui.label(summary);
                    }
                    Some(Err(error)) => {
                        ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), error);
                    }
                    None => {}
                }
            });
        self.open = open;
        if start {
            self.outcome = None;
            if let Err(e) = self.start(workspace) {
                self.outcome = Some(Err(e));
            }
        }
        typing
    }

    fn start(&mut self, workspace: &mut Workspace) -> Result<(), String> {
        let split = if self.split.trim().is_empty() {
            None
        } else {
            let seed = self
                .seed
                .trim()
                .parse::<u64>()
                .map_err(|_| format!("seed {:?} is not a whole number", self.seed))?;
            Some(Split::parse(self.split.trim(), seed).map_err(|e| e.to_string())?)
        };
        workspace
            .save_dirty()
            .map_err(|e| format!("save failed, nothing exported: {e}"))?;
        let options = ExportOptions {
            annotator: Some(if self.annotator.is_empty() {
                workspace.annotator.clone()
            } else {
                self.annotator.clone()
            }),
            include_suggestions: self.include_suggestions,
            negatives: self.negatives,
            split,
            ..ExportOptions::new(self.format)
        };
        let root = workspace.project.root().to_owned();
        let out = PathBuf::from(self.folder.trim());
        let (sender, receiver) = mpsc::channel();
        self.progress = Arc::default();
        let progress = Arc::clone(&self.progress);
        std::thread::spawn(move || {
            let result = Project::open(&root, OpenMode::ReadOnly)
                .map_err(FormatError::from)
                .and_then(|(mut project, _)| {
                    let control = JobControl {
                        progress: &*progress,
                        cancel: &CancelFlag::default(),
                    };
                    export(&mut project, &out, &options, control)
                })
                .map_err(|e| e.to_string());
            let _ = sender.send(Message::Finished(result));
        });
        self.job = Some(receiver);
        Ok(())
    }

    fn poll(&mut self, ctx: &egui::Context) {
        let Some(receiver) = &self.job else { return };
        if let Ok(Message::Finished(result)) = receiver.try_recv() {
            self.outcome = Some(result.map(|report| summary(&report)));
            self.job = None;
            return;
        }
        ctx.request_repaint_after(std::time::Duration::from_millis(50));
    }
}

fn summary(report: &ExportReport) -> String {
    let mut text = format!(
        "Wrote {} document(s): {} mention(s), {} event(s), {} claim(s) in {} file(s).",
        report.documents,
        report.mentions,
        report.events,
        report.claims,
        report.files.len()
    );
    if !report.unwritten.is_empty() {
        text.push_str(&format!(
            "\n{} item(s) this format cannot hold:",
            report.unwritten.len()
        ));
        const SHOWN: usize = 5;
        for item in report.unwritten.iter().take(SHOWN) {
            text.push_str(&format!("\n  {item}"));
        }
        if report.unwritten.len() > SHOWN {
            text.push_str("\n  … (`attest export` lists them all)");
        }
    }
    if report.documents_unreviewed > 0 {
        text.push_str(&format!(
            " {} document(s) not reviewed yet were left out.",
            report.documents_unreviewed
        ));
    }
    if !report.problems.is_empty() {
        text.push_str(&format!(
            " {} file(s) could not be read.",
            report.problems.len()
        ));
    }
    text
}
