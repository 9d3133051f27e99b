//! Export a gold dataset from the GUI: format, folder (typed or chosen),
//! options and split, then a progress bar while a background job writes
//! it. Unsaved edits are saved first; the export itself reads the project
//! read-only, so annotation goes on meanwhile.

use std::path::PathBuf;

use crate::app::{SaveState, WindowKind, Workspace};
use crate::formats::{ExportOptions, ExportReport, Format, Split, export};

use super::window::{Loader, Output, Panel, Request, Window};

pub struct ExportWindow {
    open: bool,
    format: Format,
    folder: String,
    include_suggestions: bool,
    negatives: bool,
    without_overlaps: bool,
    split: String,
    seed: String,
    /// Whose annotations; empty means the workspace's annotator.
    annotator: String,
    /// Export with these, once the app has saved the edits (after this frame).
    requested: Option<(ExportOptions, PathBuf)>,
    loader: Loader<ExportReport>,
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
            without_overlaps: false,
            split: String::new(),
            seed: "7".into(),
            annotator: String::new(),
            requested: None,
            loader: Loader::default(),
            outcome: None,
        }
    }
}

impl Window for ExportWindow {
    fn name(&self) -> &'static str {
        "Export dataset"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::ExportDataset
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn on_command(&mut self, _workspace: &Workspace) -> Output {
        self.open = true;
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.resizable(false)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        if let Some((options, out)) = self.requested.take() {
            self.start(workspace, options, out);
        }
        if let Some(result) = self.loader.poll(ctx) {
            self.outcome = Some(result.map(|report| summary(&report)));
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.requested.is_some() || self.loader.is_running()
    }
}

impl Panel for ExportWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let mut start = false;
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
                    out.typing |= field.has_focus();
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
                    out.typing |= split.has_focus() || seed.has_focus();
                });
                ui.end_row();
            });
        ui.checkbox(&mut self.include_suggestions, "Include open suggestions");
        ui.checkbox(
            &mut self.negatives,
            format!(
                "Rejected items as negatives ({})",
                Format::names(Format::writable().filter(|f| f.holds_status()))
            ),
        );
        if self.format.refuses_overlaps() {
            ui.checkbox(
                &mut self.without_overlaps,
                "Leave out overlapping spans (their tools refuse them)",
            );
        }
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
        if self.is_busy() {
            self.loader.progress_ui(ui);
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
        if start {
            self.outcome = None;
            match self.options(workspace) {
                Ok(options) => {
                    self.requested = Some((options, PathBuf::from(self.folder.trim())));
                    out.request(Request::SaveEdits);
                }
                Err(e) => self.outcome = Some(Err(e)),
            }
        }
        out
    }
}

impl ExportWindow {
    fn options(&self, workspace: &Workspace) -> Result<ExportOptions, String> {
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
        Ok(ExportOptions {
            annotator: Some(if self.annotator.is_empty() {
                workspace.annotator.clone()
            } else {
                self.annotator.clone()
            }),
            include_suggestions: self.include_suggestions,
            negatives: self.negatives,
            without_overlaps: self.without_overlaps,
            split,
            ..ExportOptions::new(self.format)
        })
    }

    /// Starts the export on a background job, the edits being saved.
    fn start(&mut self, workspace: &Workspace, options: ExportOptions, out: PathBuf) {
        if workspace.docs.has_unsaved() {
            let reason = match &workspace.docs.save_state {
                SaveState::Error(e) => e.clone(),
                _ => "edits are still unsaved".into(),
            };
            self.outcome = Some(Err(format!("save failed, nothing exported: {reason}")));
            return;
        }
        self.loader.start(
            "Export",
            workspace.project.root(),
            move |project, control| {
                export(project, &out, &options, control).map_err(|e| e.to_string())
            },
        );
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
    list(
        &mut text,
        "item(s) this format cannot hold",
        &report.unwritten,
    );
    list(
        &mut text,
        "overlapping span(s), which this format's tools refuse",
        &report.overlapping,
    );
    list(
        &mut text,
        "field(s) left empty (also in dataset.json)",
        &report.left_empty,
    );
    list(
        &mut text,
        "item(s) found twice in their annotation file, exported once",
        &report.copies,
    );
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

/// Appends `items` under a heading with their count, the first few of them
/// (the CLI and `dataset.json` list them all).
fn list(text: &mut String, heading: &str, items: &[impl std::fmt::Display]) {
    const SHOWN: usize = 5;
    if items.is_empty() {
        return;
    }
    text.push_str(&format!("\n{} {heading}:", items.len()));
    for item in items.iter().take(SHOWN) {
        text.push_str(&format!("\n  {item}"));
    }
    if items.len() > SHOWN {
        text.push_str("\n  … (`attest export` and dataset.json list them all)");
    }
}
