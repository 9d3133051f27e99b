//! A row of label buttons shown while text is selected: the mouse's way
//! to make a mention, and the only way for labels without a digit key.

use crate::app::Workspace;

use super::theme;
use super::window::{Output, Panel, Request};

#[derive(Default)]
pub struct LabelPalette;

impl Panel for LabelPalette {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        ui.horizontal_wrapped(|ui| {
            ui.label("Label the selection:");
            for label in &workspace.project.file.schema.entity_labels {
                let text = match label.shortcut {
                    Some(key) => format!("{key} {}", label.name),
                    None => label.name.clone(),
                };
                let button = egui::Button::new(
                    egui::RichText::new(text)
                        .color(theme::colour(label.colour))
                        .strong(),
                );
                if ui.add(button).on_hover_text(&label.description).clicked() {
                    out.request(Request::LabelSelection(label.name.clone()));
                }
            }
        });
        ui.separator();
        out
    }
}
