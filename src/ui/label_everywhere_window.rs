//! Annotate every occurrence in the whole project: the focused mention's
//! text labelled as it is in every document. The window counts first (in
//! the background, on the files as saved), says how many occurrences in
//! how many documents it would label and how many it leaves alone, and
//! labels them on *Label them*; *Undo* puts every file back in one step.

use crate::app::jobs::{self, LabelEverywhere, LabelEverywhereReport};
use crate::app::{WindowKind, Workspace};
use crate::model::ItemRef;

use super::window::{Ask, Loader, Output, Panel, Reply, Request, Window};

#[derive(Default)]
pub struct LabelEverywhereWindow {
    open: bool,
    what: Option<LabelEverywhere>,
    count_requested: bool,
    counting: Loader<LabelEverywhereReport>,
    counted: Option<LabelEverywhereReport>,
    label_requested: bool,
    labelling: Loader<LabelEverywhereReport>,
    /// The files the last run wrote, as they were: its undo.
    done: Option<LabelEverywhereReport>,
    undo_requested: bool,
    message: Option<Result<String, String>>,
}

impl Window for LabelEverywhereWindow {
    fn name(&self) -> &'static str {
        "Label every occurrence in the project"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::LabelEverywhere
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens on the focused mention and counts (its edits saved first).
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let mention = workspace
            .docs
            .current()
            .zip(workspace.docs.focus)
            .and_then(|(doc, item)| match item {
                ItemRef::Mention(id) => doc.mention(id),
                _ => None,
            });
        let Some(mention) = mention else {
            return out;
        };
        self.open = true;
        self.what = Some(LabelEverywhere {
            name: mention.text.clone(),
            label: mention.label.clone(),
            annotator: workspace.annotator.clone(),
        });
        self.counted = None;
        self.done = None;
        self.message = None;
        self.count_requested = true;
        out.request(Request::SaveEdits);
        out
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([480.0, 200.0])
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.count_requested)
            && let Some(what) = self.what.clone()
        {
            self.counting.start(
                "Counting",
                workspace.project.root(),
                move |project, control| {
                    jobs::label_everywhere(project, &what, false, control)
                        .map_err(|e| e.to_string())
                },
            );
        }
        if std::mem::take(&mut self.label_requested)
            && let Some(what) = self.what.clone()
        {
            match workspace.handle_for_schema_edit() {
                Ok(handle) => {
                    self.labelling
                        .start_with("Labelling", handle, move |mut handle, control| {
                            jobs::label_everywhere(&mut handle, &what, true, control)
                                .map_err(|e| e.to_string())
                        })
                }
                Err(e) => self.message = Some(Err(e)),
            }
        }
        if std::mem::take(&mut self.undo_requested)
            && let Some(done) = self.done.take()
        {
            out.ask(self.kind(), Ask::RestoreFiles(done.previous));
        }
        match self.counting.poll(ctx) {
            Some(Ok(report)) => self.counted = Some(report),
            Some(Err(e)) => self.message = Some(Err(e)),
            None => {}
        }
        match self.labelling.poll(ctx) {
            Some(Ok(report)) => {
                let previous = report.previous.clone();
                let mut message = format!(
                    "Labelled {} occurrence(s) in {} document(s).",
                    report.labelled, report.documents
                );
                for problem in &report.problems {
                    message.push_str(&format!(" Left alone: {problem}."));
                }
                self.message = Some(Ok(message));
                self.counted = None;
                self.done = Some(report);
                out.ask(self.kind(), Ask::TakeInFiles(previous));
            }
            Some(Err(e)) => self.message = Some(Err(e)),
            None => {}
        }
        out
    }

    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        match reply {
            Reply::FilesTakenIn(Err(e)) => self.message = Some(Err(e.to_string())),
            Reply::FilesRestored(Ok(restored), _) => {
                let mut message = format!(
                    "Undone: {} file(s) put back as they were.",
                    restored.restored
                );
                for kept in &restored.kept {
                    message.push_str(&format!(" Left as it is, edited since: {kept}."));
                }
                self.message = Some(Ok(message));
            }
            Reply::FilesRestored(Err(e), previous) => {
                // Kept, to try again.
                self.done = Some(LabelEverywhereReport {
                    previous,
                    ..LabelEverywhereReport::default()
                });
                self.message = Some(Err(e.to_string()));
            }
            _ => {}
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.counting.is_running() || self.labelling.is_running()
    }
}

impl Panel for LabelEverywhereWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let Some(what) = &self.what else {
            ui.label("Focus a mention first: its text is labelled as it is everywhere.");
            return out;
        };
        ui.strong(format!(
            "Every “{}” as {}, in every document",
            what.name, what.label
        ));
        self.counting.progress_ui(ui);
        self.labelling.progress_ui(ui);
        if let Some(counted) = &self.counted {
            let settled = match counted.settled {
                0 => String::new(),
                n => format!(" {n} left as they are: gold already there."),
            };
            ui.label(format!(
                "{} occurrence(s) to label in {} document(s).{settled}",
                counted.labelled, counted.documents
            ));
            for problem in &counted.problems {
                ui.colored_label(
                    super::theme::error_colour(ui.visuals().dark_mode),
                    format!("Left alone: {problem}"),
                );
            }
        }
        ui.horizontal(|ui| {
            let ready = self
                .counted
                .as_ref()
                .is_some_and(|c| c.labelled > 0 && !c.cancelled)
                && !self.labelling.is_running();
            if ui
                .add_enabled(ready, egui::Button::new("Label them"))
                .clicked()
            {
                // Edits made since the count are saved first, and counted in.
                self.label_requested = true;
                out.request(Request::SaveEdits);
            }
            let undoable = self.done.as_ref().is_some_and(|d| !d.previous.is_empty());
            if ui
                .add_enabled(undoable, egui::Button::new("Undo"))
                .clicked()
            {
                self.undo_requested = true;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        super::theme::outcome_ui(ui, self.message.as_ref());
        out
    }
}
