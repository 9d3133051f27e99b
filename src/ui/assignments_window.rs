//! Assignments from the window (Project menu), as `attest assign` does
//! them: the annotators named, the share of documents given to two of them
//! for agreement, and a seed; *Assign* deals out the documents no one has
//! yet and saves `assignments.ron`. The table shows each annotator's
//! documents and how many they share with another.

use std::collections::BTreeMap;

use crate::app::{WindowKind, Workspace};
use crate::model::DocumentId;

use super::window::{Ask, Output, Panel, Reply, Window};

pub struct AssignmentsWindow {
    open: bool,
    names: String,
    overlap: f64,
    seed: u64,
    assign_requested: bool,
    message: Option<Result<String, String>>,
}

impl Default for AssignmentsWindow {
    fn default() -> Self {
        Self {
            open: false,
            names: String::new(),
            overlap: 0.1,
            seed: 1,
            assign_requested: false,
            message: None,
        }
    }
}

impl Window for AssignmentsWindow {
    fn name(&self) -> &'static str {
        "Assignments"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Assignments
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens with the annotators the project knows of.
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        self.open = !self.open;
        if self.open && self.names.is_empty() {
            let mut names: Vec<String> = workspace.assignments.annotators.keys().cloned().collect();
            for name in workspace.project.annotators() {
                if name != crate::app::GOLD_ANNOTATOR && !names.contains(&name) {
                    names.push(name);
                }
            }
            self.names = names.join(", ");
        }
        Output::default()
    }

    fn after_frame(&mut self, _ctx: &egui::Context, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.assign_requested) {
            let names = self.names.split(',').map(|n| n.trim().to_owned()).collect();
            out.ask(
                self.kind(),
                Ask::Assign {
                    names,
                    overlap: self.overlap,
                    seed: self.seed,
                },
            );
        }
        out
    }

    fn on_reply(&mut self, reply: Reply, _workspace: &Workspace) -> Output {
        if let Reply::Assigned(result) = reply {
            self.message = Some(result.map_err(|e| e.to_string()).map(|done| {
                format!(
                    "Assigned {} new document(s): {} to one annotator, {} to two (for agreement); {} kept as they were.",
                    done.single + done.shared,
                    done.single,
                    done.shared,
                    done.kept
                )
            }));
        }
        Output::default()
    }
}

impl Panel for AssignmentsWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let assignments = &workspace.assignments;
        let documents = workspace.project.documents().len();
        if assignments.is_empty() {
            ui.label(format!("No document of the {documents} is assigned yet."));
        } else {
            // How many annotators each document has, to count the shared ones.
            let mut holders: BTreeMap<&DocumentId, usize> = BTreeMap::new();
            for id in assignments.annotators.values().flatten() {
                *holders.entry(id).or_default() += 1;
            }
            let unassigned = workspace
                .project
                .documents()
                .iter()
                .filter(|d| !holders.contains_key(&d.id))
                .count();
            egui::Grid::new("assignments")
                .striped(true)
                .num_columns(3)
                .show(ui, |ui| {
                    ui.strong("Annotator");
                    ui.strong("Documents");
                    ui.strong("Shared with another");
                    ui.end_row();
                    for (name, ids) in &assignments.annotators {
                        let shared = ids.iter().filter(|id| holders[id] > 1).count();
                        ui.label(name);
                        ui.label(ids.len().to_string());
                        ui.label(shared.to_string());
                        ui.end_row();
                    }
                });
            ui.label(format!(
                "{unassigned} document(s) of {documents} not assigned."
            ));
        }
        ui.separator();
        let name_label = ui.label("Annotators (comma-separated)").id;
        let names = ui
            .add(egui::TextEdit::singleline(&mut self.names).desired_width(320.0))
            .labelled_by(name_label);
        out.typing |= names.has_focus();
        ui.add(
            egui::Slider::new(&mut self.overlap, 0.0..=1.0)
                .step_by(0.01)
                .text("share given to two, for agreement"),
        );
        ui.horizontal(|ui| {
            let seed = ui.label("Seed (the same seed, the same draw)").id;
            ui.add(egui::DragValue::new(&mut self.seed))
                .labelled_by(seed);
        });
        let writable = !workspace.project.is_read_only();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    writable,
                    egui::Button::new("Assign the unassigned documents"),
                )
                .clicked()
            {
                self.assign_requested = true;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        super::theme::outcome_ui(ui, self.message.as_ref());
        out
    }
}
