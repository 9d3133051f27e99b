//! The start screen: the bundled demo project in one click, a project by
//! typed path, folder dialog or from the recent ones (with when each was
//! last opened), a new project (which goes straight on to importing
//! articles), and who is annotating.
//!
//! The folder dialog is a convenience only: where the system has no dialog
//! service it returns nothing, and the typed path does the same job.

use std::path::{Path, PathBuf};

use super::{DEMO_PROJECT, Prefs};

pub struct StartPanel {
    pub path: String,
    pub new_path: String,
    pub error: Option<String>,
    /// The bundled demo project, if it was found.
    pub demo: Option<PathBuf>,
}

impl Default for StartPanel {
    fn default() -> Self {
        let cwd = std::env::current_dir().ok();
        let exe = std::env::current_exe().ok();
        Self {
            path: String::new(),
            new_path: String::new(),
            error: None,
            demo: find_demo_project(cwd.as_deref(), exe.as_deref()),
        }
    }
}

/// What the start screen asks for.
pub enum StartAction {
    Open(PathBuf),
    Create(PathBuf),
}

/// The demo project as the README's `attest open projects/sahel-demo`
/// expects it: below the current folder, or below a folder holding the
/// executable (`target/debug/attest` in a checkout, `bin/attest` beside a
/// `projects/` folder when installed).
pub fn find_demo_project(cwd: Option<&Path>, exe: Option<&Path>) -> Option<PathBuf> {
    let beside_exe = exe
        .and_then(Path::parent)
        .into_iter()
        .flat_map(Path::ancestors);
    cwd.into_iter()
        .chain(beside_exe)
        .map(|dir| dir.join(DEMO_PROJECT))
        .find(|demo| demo.join("project.ron").is_file())
}

impl StartPanel {
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        annotator: &mut String,
        prefs: &Prefs,
    ) -> Option<StartAction> {
        let mut action = None;
        ui.vertical_centered(|ui| {
            ui.add_space(24.0);
            ui.heading("Attest");
            ui.label("Gold-labeled entities, events, claims and attributions from news reports.");
            ui.add_space(12.0);
            let demo = ui
                .button("Open the demo project")
                .on_hover_text("Sahel wire stories with suggestions, to try Attest on");
            if demo.clicked() {
                match &self.demo {
                    Some(path) => action = Some(StartAction::Open(path.clone())),
                    None => {
                        self.error = Some(format!(
                            "The demo project was not found: there is no {DEMO_PROJECT} in the current folder or beside the program. Open a project by its path instead."
                        ));
                    }
                }
            }
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

            let new_label = ui.label("New project");
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.new_path).hint_text("folder for a new project").desired_width(420.0)).labelled_by(new_label.id);
                if ui.button("Create and import articles").clicked() {
                    action = Some(StartAction::Create(PathBuf::from(self.new_path.trim())));
                }
            });
            ui.end_row();
        });
        if !prefs.recent.is_empty() {
            ui.add_space(12.0);
            ui.label(egui::RichText::new("Recent projects").strong());
            egui::Grid::new("recent")
                .num_columns(2)
                .spacing([16.0, 6.0])
                .show(ui, |ui| {
                    for path in &prefs.recent {
                        if ui.link(path.display().to_string()).clicked() {
                            action = Some(StartAction::Open(path.clone()));
                        }
                        match prefs.opened.get(path) {
                            Some(when) => ui.weak(format!("last opened {}", local_date(*when))),
                            None => ui.weak(""),
                        };
                        ui.end_row();
                    }
                });
        }
        if let Some(error) = &self.error {
            ui.add_space(12.0);
            ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), error);
        }
        action
    }
}

/// A moment as the analyst's calendar date: `2026-03-14`.
fn local_date(when: jiff::Timestamp) -> String {
    when.to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_found_in_the_current_folder_or_above_the_executable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let checkout = dir.path().join("checkout");
        let demo = checkout.join(DEMO_PROJECT);
        std::fs::create_dir_all(&demo).expect("demo folder");
        let exe = checkout.join("target/debug/attest");
        let elsewhere = dir.path().join("elsewhere");
        assert_eq!(
            find_demo_project(Some(&elsewhere), Some(&exe)),
            None,
            "no project.ron yet"
        );
        std::fs::write(demo.join("project.ron"), "()").expect("project file");
        assert_eq!(
            find_demo_project(Some(&elsewhere), Some(&exe)),
            Some(demo.clone())
        );
        assert_eq!(find_demo_project(Some(&checkout), None), Some(demo));
        assert_eq!(find_demo_project(Some(&elsewhere), None), None);
    }
}
