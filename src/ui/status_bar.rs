//! The status bar: annotator, document counts, save state, the progress
//! of "suggest in all documents", background training, and the last
//! message or error.

use crate::app::{Command, SaveState, Workspace};

use super::theme;
use super::window::Output;

pub fn status_bar_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    notice: Option<&str>,
    info: Option<&str>,
) -> Output {
    let mut out = Output::default();
    ui.horizontal(|ui| {
        ui.label(format!("Annotator: {}", workspace.annotator));
        ui.separator();
        if let Some(doc) = workspace.docs.current() {
            ui.label(doc.document.display_title());
            ui.separator();
            if let Some(curation) = workspace.curation_of_current() {
                let a = &curation.adjudication;
                ui.label(format!(
                    "Curating {} annotators into gold · {} of {} place(s) open",
                    a.annotators.len(),
                    a.undecided_count(),
                    a.disagreements.len()
                ));
            } else if let Some(summary) = workspace.list.summaries.get(&doc.document.id) {
                ui.label(format!(
                    "{} open · {} gold · {} rejected",
                    summary.open_suggestions, summary.gold, summary.rejected
                ));
            }
            ui.separator();
        }
        let dark = ui.visuals().dark_mode;
        match &workspace.docs.save_state {
            SaveState::Saved => {
                ui.label("Saved");
            }
            SaveState::Unsaved => {
                ui.label("Unsaved changes");
            }
            SaveState::Saving => {
                ui.label("Saving…");
            }
            SaveState::Error(e) => {
                ui.colored_label(
                    theme::error_colour(dark),
                    format!("Save failed, retrying: {e}"),
                );
            }
        }
        if workspace.project.is_read_only() {
            ui.separator();
            ui.colored_label(theme::error_colour(dark), "read-only");
        }
        if let Some((done, total)) = workspace.learning.suggest_all_progress() {
            ui.separator();
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .desired_width(220.0)
                    .text(format!("suggesting {done}/{total}")),
            );
            let stop = Command::CancelSuggestAll;
            if ui
                .add_enabled(workspace.is_enabled(stop), egui::Button::new("Stop"))
                .on_hover_text(stop.label())
                .clicked()
            {
                out.command(stop);
            }
        } else if let Some(info) = info {
            ui.separator();
            ui.label(info);
        }
        if let Some(training) = &workspace.learning.training_message {
            ui.separator();
            if workspace.learning.is_training() {
                ui.spinner();
            }
            ui.label(training);
        }
        if let Some(notice) = notice {
            ui.separator();
            ui.colored_label(theme::error_colour(dark), notice);
        }
    });
    out
}
