//! The keyboard-shortcut overlay (F1), listed from the command table.

use crate::app::{Command, WindowKind, Workspace};

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
        let mut section = None;
        egui::Grid::new("shortcuts")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                // Commands with no key (the File menu's) are in the menus only.
                for command in Command::ALL {
                    let keys: Vec<String> = command.shortcuts().iter().map(|s| s.label()).collect();
                    if keys.is_empty() {
                        continue;
                    }
                    if section != Some(command.section()) {
                        section = Some(command.section());
                        ui.strong(command.section().name());
                        ui.end_row();
                    }
                    ui.label(keys.join(" or "));
                    ui.label(command.label());
                    ui.end_row();
                }
            });
        ui.label("Select text with the mouse, then press a label key (1–9) to add a mention.");
        Output::default()
    }
}
