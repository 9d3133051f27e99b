//! The start screen: open a project (typed path, folder dialog, or a
//! recent one), create a new one, and say who is annotating.
//!
//! The folder dialog is a convenience only: where the system has no dialog
//! service it returns nothing, and the typed path does the same job.

use std::path::PathBuf;

#[derive(Default)]
pub struct StartPanel {
    pub path: String,
    pub new_path: String,
    pub error: Option<String>,
}

/// What the start screen asks for.
pub enum StartAction {
    Open(PathBuf),
    Create(PathBuf),
}

impl StartPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        annotator: &mut String,
        recent: &[PathBuf],
    ) -> Option<StartAction> {
        let mut action = None;
        ui.vertical_centered(|ui| {
            ui.add_space(24.0);
            ui.heading("Attest");
            ui.label("Gold-labeled entities, events, claims and attributions from news reports.");
        });
        ui.add_space(16.0);
        egui::Grid::new("start").num_columns(2).spacing([12.0, 10.0]).show(ui, |ui| {
            ui.label("Annotator");
            ui.add(egui::TextEdit::singleline(annotator).hint_text("your name").desired_width(240.0));
            ui.end_row();

            ui.label("Project folder");
            ui.horizontal(|ui| {
                let field = ui.add(egui::TextEdit::singleline(&mut self.path).hint_text("projects/sahel-demo").desired_width(420.0));
                let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Open").clicked() || submitted {
                    action = Some(StartAction::Open(PathBuf::from(self.path.trim())));
                }
                if ui.button("Browse…").clicked() {
                    match rfd::FileDialog::new().set_title("Open an Attest project").pick_folder() {
                        Some(folder) => action = Some(StartAction::Open(folder)),
                        None => {
                            self.error = Some("No folder chosen. If no dialog appeared, this system has no file-dialog service: type the path instead.".into());
                        }
                    }
                }
            });
            ui.end_row();

            ui.label("New project");
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.new_path).hint_text("folder for a new project").desired_width(420.0));
                if ui.button("Create").clicked() {
                    action = Some(StartAction::Create(PathBuf::from(self.new_path.trim())));
                }
            });
            ui.end_row();
        });
        if !recent.is_empty() {
            ui.add_space(12.0);
            ui.label(egui::RichText::new("Recent projects").strong());
            for path in recent {
                if ui.link(path.display().to_string()).clicked() {
                    action = Some(StartAction::Open(path.clone()));
                }
            }
        }
        if let Some(error) = &self.error {
            ui.add_space(12.0);
            ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), error);
        }
        action
    }
}
