//! The annotation guidelines at hand (F1): the project's `guidelines.md`
//! rendered as Markdown, opened at the section of the label in hand (the
//! focused mention's label, event's type or claim's stance) with the
//! schema's definition of it above; any other label's section is one pick
//! away, and the whole file below. Written by the team in the window too:
//! *Edit*, then *Save* writes the file whole.

use egui_commonmark::{CommonMarkCache, CommonMarkViewer};

use crate::app::{WindowKind, Workspace};
use crate::model::guidelines;

use super::window::{Ask, Output, Panel, Reply, Window};

#[derive(Default)]
pub struct GuidelinesWindow {
    open: bool,
    /// The label whose section is shown.
    label: Option<String>,
    /// The text being edited, while editing.
    draft: Option<String>,
    save_requested: bool,
    message: Option<Result<String, String>>,
    cache: CommonMarkCache,
}

impl Window for GuidelinesWindow {
    fn name(&self) -> &'static str {
        "Annotation guidelines"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Guidelines
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens at the label in hand (F1 again on the same label closes it).
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        let label = workspace.label_in_hand();
        if self.open && self.draft.is_none() && (label.is_none() || label == self.label) {
            self.open = false;
        } else {
            self.open = true;
            if label.is_some() {
                self.label = label;
            }
        }
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([560.0, 520.0])
    }

    fn after_frame(&mut self, _ctx: &egui::Context, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if std::mem::take(&mut self.save_requested)
            && let Some(draft) = &self.draft
        {
            out.ask(self.kind(), Ask::SaveGuidelines(draft.clone()));
        }
        out
    }

    fn on_reply(&mut self, reply: Reply, workspace: &Workspace) -> Output {
        if let Reply::GuidelinesSaved(result) = reply {
            self.message = Some(match result {
                Ok(()) => {
                    self.draft = None;
                    Ok(format!(
                        "Saved {}",
                        workspace.project.guidelines_path().display()
                    ))
                }
                Err(e) => Err(e.to_string()),
            });
        }
        Output::default()
    }
}

/// Every name a section can be about: labels, event types, stances.
fn section_names(workspace: &Workspace) -> Vec<(String, String)> {
    let schema = &workspace.project.file.schema;
    schema
        .entity_labels
        .iter()
        .map(|l| (l.name.clone(), l.description.clone()))
        .chain(
            schema
                .event_types
                .iter()
                .map(|t| (t.name.clone(), t.description.clone())),
        )
        .chain(
            schema
                .stances
                .iter()
                .map(|s| (s.name.clone(), s.description.clone())),
        )
        .collect()
}

impl Panel for GuidelinesWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if let Some(draft) = &mut self.draft {
            ui.label(format!(
                "Markdown; a heading per label (e.g. “### ARMED_GROUP”) is that label's section. {}",
                workspace.project.guidelines_path().display()
            ));
            let name = ui.strong("Guidelines (Markdown)").id;
            egui::ScrollArea::vertical()
                .max_height(380.0)
                .show(ui, |ui| {
                    let editor = egui::TextEdit::multiline(draft)
                        .code_editor()
                        .desired_width(f32::INFINITY)
                        .desired_rows(18);
                    let response = ui.add(editor).labelled_by(name);
                    out.typing |= response.has_focus();
                });
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    self.save_requested = true;
                }
                if ui.button("Cancel").clicked() {
                    self.draft = None;
                    self.message = None;
                }
            });
            super::theme::outcome_ui(ui, self.message.as_ref());
            // Editing: every key is the editor's.
            out.typing = true;
            return out;
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.open = false;
        }
        let names = section_names(workspace);
        let mut label = self.label.clone();
        egui::ComboBox::from_label("Section")
            .selected_text(label.as_deref().unwrap_or("(the whole guidelines)"))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut label, None, "(the whole guidelines)");
                for (name, _) in &names {
                    ui.selectable_value(&mut label, Some(name.clone()), name);
                }
            });
        self.label = label;
        let text = workspace.guidelines.as_str();
        egui::ScrollArea::vertical()
            .max_height(400.0)
            .show(ui, |ui| {
                if let Some(name) = &self.label {
                    if let Some((_, definition)) = names.iter().find(|(n, _)| n == name)
                        && !definition.is_empty()
                    {
                        ui.label(egui::RichText::new(format!("{name}: {definition}")).italics());
                        ui.separator();
                    }
                    match guidelines::section(text, name) {
                        Some(section) => {
                            CommonMarkViewer::new().show(ui, &mut self.cache, section);
                        }
                        None => {
                            ui.label(format!(
                                "The guidelines have no section headed “{name}” yet: edit them, and add one."
                            ));
                        }
                    }
                    ui.separator();
                    egui::CollapsingHeader::new("The whole guidelines")
                        .id_salt("guidelines-whole")
                        .show(ui, |ui| {
                            CommonMarkViewer::new().show(ui, &mut self.cache, text);
                        });
                } else if text.is_empty() {
                    ui.label("This project has no guidelines yet: edit them, and write them.");
                } else {
                    CommonMarkViewer::new().show(ui, &mut self.cache, text);
                }
            });
        let writable = !workspace.project.is_read_only();
        ui.horizontal(|ui| {
            if ui
                .add_enabled(writable, egui::Button::new("Edit the guidelines"))
                .clicked()
            {
                let draft = if workspace.guidelines.is_empty() {
                    guidelines::starter(&workspace.project.file.schema)
                } else {
                    workspace.guidelines.clone()
                };
                self.draft = Some(draft);
                self.message = None;
            }
            if ui.button("Close").clicked() {
                self.open = false;
            }
        });
        super::theme::outcome_ui(ui, self.message.as_ref());
        out
    }
}
