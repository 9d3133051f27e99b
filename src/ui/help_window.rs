//! The keyboard-shortcut overlay (`?`), listed from the command table.

use crate::app::{Command, Section, WindowKind, Workspace};

use super::window::{Output, Panel, Window};

#[derive(Default)]
pub struct HelpWindow {
    open: bool,
}

impl Window for HelpWindow {
    fn name(&self) -> &'static str {
        "Keyboard shortcuts"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Help
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.collapsible(false)
    }
}

impl Panel for HelpWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _workspace: &Workspace) -> Output {
        // A list to read and leave: Esc closes it.
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
        // Scrolled, so the last section is reachable on a short window.
        egui::ScrollArea::vertical().show(ui, |ui| self.table_ui(ui));
        ui.label("Select text with the mouse, then press a label key (1–9) to add a mention, E for an event, C for a claim or Y for any label.");
        Output::default()
    }
}

impl HelpWindow {
    fn table_ui(&self, ui: &mut egui::Ui) {
        egui::Grid::new("shortcuts")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                // As the menus list them; commands with no key (most of the
                // File menu's) are in the menus only.
                for section in Section::ALL {
                    let mut header = Some(section.name());
                    for command in Command::in_section(section) {
                        let keys: Vec<String> =
                            command.shortcuts().iter().map(|s| s.label()).collect();
                        if keys.is_empty() {
                            continue;
                        }
                        if let Some(name) = header.take() {
                            ui.strong(name);
                            ui.end_row();
                        }
                        ui.label(keys.join(" or "));
                        ui.label(command.label());
                        ui.end_row();
                    }
                }
                // Keys that act only inside a mode, read by its window.
                ui.strong("While curating (F7)");
                ui.end_row();
                for (keys, what) in super::curation_window::KEYS {
                    ui.label(keys);
                    ui.label(what);
                    ui.end_row();
                }
            });
    }
}
