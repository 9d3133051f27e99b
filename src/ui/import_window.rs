//! Import articles from the GUI: paths typed (one a line) or chosen with
//! the file dialog, or files and folders dropped on the window, imported by
//! the same core job as `attest import` on a background job with a
//! progress bar, then each file's problem on its own line and the counts.
//!
//! Importing writes, and the workspace holds the project's lock, so the job
//! gets a writable handle on the open project rather than opening it again;
//! the documents it added join the workspace's list and the first one opens.

use std::path::PathBuf;

use crate::app::jobs::{ImportReport, import_articles};
use crate::app::{WindowKind, Workspace};
use crate::store::Project;

use super::window::{Ask, Loader, Output, Panel, Reply, Window};

/// What the last import did, as shown.
struct Outcome {
    summary: String,
    /// One line per file or record that could not be imported.
    problems: Vec<String>,
}

#[derive(Default)]
pub struct ImportWindow {
    open: bool,
    /// Files or folders, one a line.
    paths: String,
    /// Import these after this frame (button, dialog or drop).
    requested: Option<Vec<PathBuf>>,
    /// The job's report and its handle, whose document list holds what it added.
    loader: Loader<(ImportReport, Project)>,
    outcome: Option<Outcome>,
}

impl Window for ImportWindow {
    fn name(&self) -> &'static str {
        "Import articles"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::ImportArticles
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
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .collect()
        });
        if !dropped.is_empty() {
            self.open = true;
            self.paths = lines_of(&dropped);
            self.requested = Some(dropped);
        }
        if !self.loader.is_running()
            && let Some(paths) = self.requested.take()
        {
            self.start(workspace, paths);
        }
        self.poll(ctx)
    }

    /// The documents joined the list: says if the first could not be opened.
    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        if let Reply::ImportAdopted { opened: Err(e) } = reply
            && let Some(outcome) = &mut self.outcome
        {
            outcome.problems.push(e.to_string());
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.requested.is_some() || self.loader.is_running()
    }
}

impl Panel for ImportWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        ui.label(
            "Articles (.txt, .jsonl): files or folders, one a line — or drop them on the window.",
        );
        let paths_label = ui.label("Paths");
        let field = ui
            .add(
                egui::TextEdit::multiline(&mut self.paths)
                    .hint_text("/path/to/article.txt")
                    .desired_rows(3)
                    .desired_width(420.0),
            )
            .labelled_by(paths_label.id);
        out.typing |= field.has_focus();
        ui.horizontal(|ui| {
            if ui.button("Browse files…").clicked()
                && let Some(files) = rfd::FileDialog::new()
                    .set_title("Import articles")
                    .add_filter("Articles", &["txt", "jsonl"])
                    .pick_files()
            {
                self.paths = lines_of(&files);
            }
            if ui.button("Browse folder…").clicked()
                && let Some(folder) = rfd::FileDialog::new()
                    .set_title("Import a folder of articles")
                    .pick_folder()
            {
                self.paths = folder.display().to_string();
            }
        });
        ui.separator();
        if self.loader.is_running() {
            self.loader.progress_ui(ui);
            if ui.button("Cancel").clicked() {
                self.loader.cancel();
            }
        } else {
            let paths = paths_of(&self.paths);
            let import = ui.add_enabled(
                !paths.is_empty() && self.requested.is_none(),
                egui::Button::new("Import"),
            );
            if import.clicked() {
                self.outcome = None;
                self.requested = Some(paths);
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

impl ImportWindow {
    /// Starts the import on a background job with a writable handle on
    /// the workspace's project.
    fn start(&mut self, workspace: &Workspace, paths: Vec<PathBuf>) {
        self.outcome = None;
        let handle = match workspace.project.handle_for_job() {
            Ok(handle) => handle,
            Err(e) => {
                self.outcome = Some(Outcome {
                    summary: "Nothing imported.".into(),
                    problems: vec![e.to_string()],
                });
                return;
            }
        };
        self.loader
            .start_with("Import", handle, move |mut handle, control| {
                let report = import_articles(&mut handle, &paths, control);
                Ok((report, handle))
            });
    }

    /// A finished import: its documents are to join the list, the first
    /// new one to open.
    fn poll(&mut self, ctx: &egui::Context) -> Output {
        let mut out = Output::default();
        let Some(result) = self.loader.poll(ctx) else {
            return out;
        };
        self.outcome = Some(match result {
            Ok((report, handle)) => {
                out.ask(self.kind(), Ask::AdoptImported(handle));
                outcome_of(&report)
            }
            Err(problem) => Outcome {
                summary: "The import stopped unexpectedly; what it added stays added.".into(),
                problems: vec![problem],
            },
        });
        ctx.request_repaint();
        out
    }
}

fn outcome_of(report: &ImportReport) -> Outcome {
    let mut summary = format!(
        "Added {} document(s), {} already present, from {} file(s).",
        report.added, report.already_present, report.files
    );
    if !report.skipped.is_empty() {
        summary.push_str(&format!(
            " {} file(s) passed over (not .txt or .jsonl).",
            report.skipped.len()
        ));
    }
    if !report.problems.is_empty() {
        summary.push_str(&format!(" {} problem(s):", report.problems.len()));
    }
    if report.cancelled {
        summary.push_str(" Cancelled; what was added stays added.");
    }
    if report.stopped {
        summary.push_str(" Stopped: the project cannot be written.");
    }
    Outcome {
        summary,
        problems: report.problems.iter().map(ToString::to_string).collect(),
    }
}

/// The paths typed, one a line, blank lines left out.
fn paths_of(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect()
}

fn lines_of(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_paths_are_one_a_line_and_blank_lines_are_left_out() {
        let paths = paths_of("  /a/b.txt \n\n/c\n");
        assert_eq!(paths, vec![PathBuf::from("/a/b.txt"), PathBuf::from("/c")]);
        assert_eq!(paths_of(&lines_of(&paths)), paths);
    }
}
