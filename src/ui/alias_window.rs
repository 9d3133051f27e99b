//! "Add as alias of…" (Ctrl+L, or the inspector's button): the focused
//! mention's text becomes an alias of a catalogue entry picked by search —
//! French when the document is French, else English — saved in the
//! project's catalogue, and the mention is linked to that entry. The
//! suggesters are rebuilt with the new alias, so `S` finds it in every
//! other document.

use crate::app::jobs::{AliasLanguage, CatalogueEdit, EntryDraft};
use crate::app::{Change, WindowKind, Workspace};
use crate::model::{DocumentId, ItemRef, MentionId};

use super::window::{Ask, Output, Panel, Reply, Window};

/// How many entries the search offers.
const RESULTS: usize = 12;

/// The mention whose text becomes an alias, as it was when the window opened.
struct Target {
    document: DocumentId,
    mention: MentionId,
    text: String,
    language: AliasLanguage,
}

#[derive(Default)]
pub struct AliasWindow {
    open: bool,
    target: Option<Target>,
    query: String,
    /// The entry picked this frame: added after the frame.
    picked: Option<String>,
    /// The last outcome, and whether it is an error.
    message: Option<(String, bool)>,
    focus_search: bool,
}

impl Window for AliasWindow {
    fn name(&self) -> &'static str {
        "Add as alias"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::AddAlias
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    /// Opens on the focused mention (the command is enabled only then).
    fn on_command(&mut self, workspace: &Workspace) -> Output {
        let Some(ItemRef::Mention(id)) = workspace.docs.focus else {
            return Output::default();
        };
        let Some(doc) = workspace.docs.current() else {
            return Output::default();
        };
        let Some(mention) = doc.annotations.mention(id) else {
            return Output::default();
        };
        self.target = Some(Target {
            document: doc.document.id.clone(),
            mention: id,
            text: mention.text.clone(),
            language: AliasLanguage::of_document(doc.document.meta.language.as_deref()),
        });
        self.query.clear();
        self.message = None;
        self.open = true;
        self.focus_search = true;
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.resizable(false).min_width(420.0)
    }

    fn after_frame(&mut self, _ctx: &egui::Context, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if let (Some(id), Some(target)) = (self.picked.take(), &self.target) {
            let edit = CatalogueEdit::AddAlias {
                id,
                alias: target.text.clone(),
                language: target.language,
            };
            out.ask(self.kind(), Ask::EditCatalogue(edit));
        }
        out
    }

    /// The alias is saved: says so, and links the mention to its entry if
    /// it is still there and not linked yet.
    fn on_reply(&mut self, reply: Reply, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let (Reply::CatalogueEdited(result), Some(target)) = (reply, &self.target) else {
            return out;
        };
        self.message = Some(match result {
            Ok(id) => {
                let name = workspace.project.catalogue.name_of(&id).unwrap_or(&id);
                let language = match target.language {
                    AliasLanguage::English => "an English",
                    AliasLanguage::French => "a French",
                };
                let message = format!("“{}” is now {language} alias of {name}.", target.text);
                let still_there = workspace.docs.current_id() == Some(&target.document)
                    && workspace
                        .docs
                        .current()
                        .and_then(|d| d.annotations.mention(target.mention))
                        .is_some_and(|m| m.actor.as_deref() != Some(id.as_str()));
                if still_there {
                    out.change(Change::MentionActor(target.mention, Some(id)));
                }
                (message, false)
            }
            Err(e) => (e.to_string(), true),
        });
        out
    }
}

impl Panel for AliasWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let Some(target) = &mut self.target else {
            ui.label("Focus a mention first.");
            return out;
        };
        ui.label(format!("Add “{}” as an alias of:", target.text));
        ui.horizontal(|ui| {
            ui.label("Language:");
            for language in [AliasLanguage::English, AliasLanguage::French] {
                ui.radio_value(&mut target.language, language, language.name());
            }
        });
        let label = ui.label("Find entry");
        let search = ui
            .add(egui::TextEdit::singleline(&mut self.query).hint_text("name or alias"))
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            search.request_focus();
        }
        out.typing |= search.has_focus();
        let query = self.query.trim().to_lowercase();
        if !query.is_empty() {
            let hits = EntryDraft::all(&workspace.project.catalogue)
                .into_iter()
                .filter(|e| e.names().any(|n| n.to_lowercase().contains(&query)))
                .take(RESULTS);
            for entry in hits {
                let text = format!("{} ({})", entry.name, entry.kind.name());
                if ui.button(text).clicked() {
                    self.picked = Some(entry.id);
                }
            }
        }
        if let Some((message, is_error)) = &self.message {
            if *is_error {
                ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), message);
            } else {
                ui.label(message);
            }
        }
        out
    }
}
