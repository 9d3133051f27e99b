//! Import a dataset from the GUI, the mirror of Export dataset…: a format
//! from the registry's readers, a file or folder (typed, or chosen with
//! the file dialog where there is one), gold or suggestions, the source
//! named on suggestions and whose file receives the items. The same job as
//! `attest import --format` runs on a background job with a progress bar;
//! then each record's problem is listed on its own line with the counts.
//!
//! The job merges items into annotation files and may add labels to the
//! schema, so the edits are saved first, it gets a writable handle on the
//! workspace's project (which holds the lock), and on return the workspace
//! takes in its documents and schema and reads the open documents again.

use std::path::PathBuf;

use crate::app::{SaveState, WindowKind, Workspace};
use crate::formats::{Format, ImportAs, ImportOptions, ImportReport, import};
use crate::store::Project;

use super::window::{Ask, Loader, Output, Panel, Reply, Request, Window};

/// What the last import did, as shown.
struct Outcome {
    summary: String,
    /// One line per record, item or file that could not be taken.
    problems: Vec<String>,
}

pub struct DatasetImportWindow {
    open: bool,
    format: Format,
    /// A file or a folder of the format's files.
    path: String,
    import_as: ImportAs,
    /// The suggester named on imported suggestions; empty means the format's name.
    source: String,
    /// Whose file receives the items; empty means the workspace's annotator.
    annotator: String,
    /// Import with these, once the app has saved the edits (after this frame).
    requested: Option<(ImportOptions, PathBuf)>,
    /// The job's report (or why it stopped) and its handle, whose document
    /// list holds what it added either way.
    loader: Loader<(Result<ImportReport, String>, Project)>,
    /// The report of the import the workspace is asked to take in.
    adopting: Option<Result<ImportReport, String>>,
    outcome: Option<Outcome>,
}

impl Default for DatasetImportWindow {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Jsonl,
            path: String::new(),
            import_as: ImportAs::Gold,
            source: String::new(),
            annotator: String::new(),
            requested: None,
            loader: Loader::default(),
            adopting: None,
            outcome: None,
        }
    }
}

impl Window for DatasetImportWindow {
    fn name(&self) -> &'static str {
        "Import dataset"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::ImportDataset
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
        if !self.loader.is_running()
            && let Some((options, path)) = self.requested.take()
        {
            self.start(workspace, options, path);
        }
        self.poll(ctx)
    }

    /// The workspace took in what the import wrote: says what the import
    /// did and what was not taken in.
    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        let (Reply::DatasetImportAdopted { taken, opened }, Some(report)) =
            (reply, self.adopting.take())
        else {
            return Output::default();
        };
        let mut outcome = match report {
            Ok(report) => outcome_of(&report),
            Err(problem) => Outcome {
                summary: format!(
                    "The import stopped: the project cannot be written. \
                     What it merged before stays ({} new document(s)).",
                    taken.added.len()
                ),
                problems: vec![problem],
            },
        };
        for id in &taken.kept_edited {
            outcome.problems.push(format!(
                "{id}: edited during the import, so its imported items were not \
                 taken in; import again to add them"
            ));
        }
        if let Err(e) = opened {
            outcome.problems.push(e.to_string());
        }
        self.outcome = Some(outcome);
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.requested.is_some() || self.loader.is_running()
    }
}

impl Panel for DatasetImportWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if self.annotator.is_empty() {
            self.annotator = workspace.annotator.clone();
        }
        egui::Grid::new("dataset-import-options")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("");
                egui::ComboBox::from_label("Format")
                    .selected_text(self.format.name())
                    .show_ui(ui, |ui| {
                        for format in Format::readable() {
                            ui.selectable_value(&mut self.format, format, format.name());
                        }
                    });
                ui.end_row();
                let path_label = ui.label("File or folder");
                ui.horizontal(|ui| {
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(&mut self.path)
                                .hint_text(format!(
                                    "a .{} file, or a folder of them",
                                    self.format.extensions().join(" / .")
                                ))
                                .desired_width(300.0),
                        )
                        .labelled_by(path_label.id);
                    out.typing |= field.has_focus();
                    if ui.button("Browse file…").clicked()
                        && let Some(file) = rfd::FileDialog::new()
                            .set_title("Import a dataset")
                            .add_filter(self.format.name(), self.format.extensions())
                            .pick_file()
                    {
                        self.path = file.display().to_string();
                    }
                    if ui.button("Browse folder…").clicked()
                        && let Some(folder) = rfd::FileDialog::new()
                            .set_title("Import a dataset folder")
                            .pick_folder()
                    {
                        self.path = folder.display().to_string();
                    }
                });
                ui.end_row();
                ui.label("Items");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut self.import_as, ImportAs::Gold, "As gold");
                    ui.radio_value(
                        &mut self.import_as,
                        ImportAs::Suggestions,
                        "As suggestions to review",
                    );
                });
                ui.end_row();
                let source_label = ui.label("Source");
                let source = ui
                    .add_enabled(
                        self.import_as == ImportAs::Suggestions,
                        egui::TextEdit::singleline(&mut self.source)
                            .hint_text(format!("named on suggestions; default {}", self.format))
                            .desired_width(300.0),
                    )
                    .labelled_by(source_label.id);
                ui.end_row();
                let annotator_label = ui.label("Annotator");
                let annotator = ui
                    .add(egui::TextEdit::singleline(&mut self.annotator).desired_width(160.0))
                    .labelled_by(annotator_label.id);
                ui.end_row();
                out.typing |= source.has_focus() || annotator.has_focus();
            });
        ui.separator();
        if self.loader.is_running() {
            self.loader.progress_ui(ui);
            if ui.button("Cancel").clicked() {
                self.loader.cancel();
            }
        } else {
            let start = ui.add_enabled(
                !self.path.trim().is_empty() && self.requested.is_none(),
                egui::Button::new("Import"),
            );
            if start.clicked() {
                self.outcome = None;
                match self.options(workspace) {
                    Ok(options) => {
                        self.requested = Some((options, PathBuf::from(self.path.trim())));
                        out.request(Request::SaveEdits);
                    }
                    Err(e) => {
                        self.outcome = Some(Outcome {
                            summary: "Nothing imported.".into(),
                            problems: vec![e],
                        });
                    }
                }
            }
        }
        if let Some(outcome) = &self.outcome {
            ui.label(&outcome.summary);
            let error = super::theme::error_colour(ui.visuals().dark_mode);
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    for problem in &outcome.problems {
                        ui.colored_label(error, problem);
                    }
                });
        }
        out
    }
}

impl DatasetImportWindow {
    fn options(&self, workspace: &Workspace) -> Result<ImportOptions, String> {
        let annotator = match self.annotator.trim() {
            "" => workspace.annotator.clone(),
            name => name.to_owned(),
        };
        crate::store::validate_annotator(&annotator)?;
        let source = match self.source.trim() {
            "" => None,
            name => Some(name.to_owned()),
        };
        Ok(ImportOptions {
            format: self.format,
            import_as: self.import_as,
            annotator,
            source,
        })
    }

    /// Starts the import on a background job with a writable handle on the
    /// workspace's project, the edits being saved.
    fn start(&mut self, workspace: &Workspace, options: ImportOptions, path: PathBuf) {
        let refused = |problem: String| Outcome {
            summary: "Nothing imported.".into(),
            problems: vec![problem],
        };
        if workspace.docs.has_unsaved() {
            let reason = match &workspace.docs.save_state {
                SaveState::Error(e) => e.clone(),
                _ => "edits are still unsaved".into(),
            };
            self.outcome = Some(refused(format!("the save failed: {reason}")));
            return;
        }
        let handle = match workspace.project.handle_for_job() {
            Ok(handle) => handle,
            Err(e) => {
                self.outcome = Some(refused(e.to_string()));
                return;
            }
        };
        self.loader
            .start_with("Import", handle, move |mut handle, control| {
                let report =
                    import(&mut handle, &[path], &options, control).map_err(|e| e.to_string());
                Ok((report, handle))
            });
    }

    /// A finished import: the workspace is asked to read again what it
    /// wrote and to open the first new document.
    fn poll(&mut self, ctx: &egui::Context) -> Output {
        let mut out = Output::default();
        let Some(result) = self.loader.poll(ctx) else {
            return out;
        };
        match result {
            Ok((report, handle)) => {
                self.adopting = Some(report);
                out.ask(self.kind(), Ask::AdoptDatasetImport(handle));
            }
            Err(problem) => {
                self.outcome = Some(Outcome {
                    summary: "The import stopped unexpectedly; what it merged before stays.".into(),
                    problems: vec![problem],
                });
            }
        }
        ctx.request_repaint();
        out
    }
}

fn outcome_of(report: &ImportReport) -> Outcome {
    let mut summary = format!(
        "Imported {} record(s): {} new document(s), {} already present; \
         {} item(s) added, {} already there.",
        report.records,
        report.documents_added,
        report.documents_present,
        report.items_added,
        report.items_present
    );
    if report.rejected_skipped > 0 {
        summary.push_str(&format!(
            " {} rejected item(s) not loaded as suggestions.",
            report.rejected_skipped
        ));
    }
    if !report.labels_added.is_empty() {
        summary.push_str(&format!(
            " Added to the schema: {}.",
            report.labels_added.join(", ")
        ));
    }
    if report.cancelled {
        summary.push_str(" Cancelled; what was merged stays.");
    }
    if !report.problems.is_empty() {
        summary.push_str(&format!(" {} problem(s):", report.problems.len()));
    }
    Outcome {
        summary,
        problems: report.problems.iter().map(ToString::to_string).collect(),
    }
}
