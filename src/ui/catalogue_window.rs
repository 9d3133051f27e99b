//! The actor catalogue editor (Project → Actor catalogue…): a searchable
//! list of the actors and places the suggesters know — kind, canonical
//! name, English and French aliases, shipped or the project's own — an
//! editor for the selected one, Add, and Merge into a survivor picked by
//! search.
//!
//! Edits go through the core ([`crate::app::jobs::catalogue`]) into the
//! project's own `catalogue.ron`, never the shipped one; they are small and
//! saved at once. A merge rewrites every annotation file that links the
//! removed entry, so it runs as a job on a writable handle, after the open
//! documents are saved, and the workspace takes in its result.

use crate::app::jobs::{CatalogueEdit, EntryDraft, EntryKind, MergeReport, Origin, merge_entries};
use crate::app::{WindowKind, Workspace};
use crate::model::Catalogue;

use super::window::{Ask, Loader, Output, Panel, Reply, Request, Window};

/// How many entries the survivor search offers.
const SURVIVOR_RESULTS: usize = 8;

/// The entry being edited, with its aliases as typed (one a line).
struct Editor {
    draft: EntryDraft,
    is_new: bool,
    aliases: String,
    aliases_fr: String,
    country: String,
    parent: String,
}

impl Editor {
    fn of(draft: EntryDraft, is_new: bool) -> Self {
        Self {
            aliases: draft.aliases.join("\n"),
            aliases_fr: draft.aliases_fr.join("\n"),
            country: draft.country.clone().unwrap_or_default(),
            parent: draft.parent.clone().unwrap_or_default(),
            draft,
            is_new,
        }
    }

    /// The draft with the typed aliases, country and parent.
    fn to_draft(&self) -> EntryDraft {
        let lines = |text: &str| text.lines().map(str::to_owned).collect();
        let optional = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
        EntryDraft {
            aliases: lines(&self.aliases),
            aliases_fr: lines(&self.aliases_fr),
            country: optional(&self.country),
            parent: self
                .draft
                .kind
                .is_actor()
                .then(|| optional(&self.parent))
                .flatten(),
            ..self.draft.clone()
        }
    }
}

/// What the window asks of the workspace after the frame.
enum Pending {
    Edit(CatalogueEdit),
    Merge { survivor: String, removed: String },
}

#[derive(Default)]
pub struct CatalogueWindow {
    open: bool,
    query: String,
    /// The shipped catalogue, read once, to tell shipped entries apart.
    shipped: Option<Catalogue>,
    editor: Option<Editor>,
    survivor_query: String,
    survivor: Option<String>,
    /// A survivor was just picked: scroll its Merge button into view.
    show_merge_button: bool,
    pending: Option<Pending>,
    loader: Loader<MergeReport>,
    /// The last outcome, and whether it is an error.
    message: Option<(String, bool)>,
}

impl Window for CatalogueWindow {
    fn name(&self) -> &'static str {
        "Actor catalogue"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::Catalogue
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window.default_size([1100.0, 620.0]).resizable(true)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        match self.pending.take() {
            Some(Pending::Edit(edit)) => out.ask(self.kind(), Ask::EditCatalogue(edit)),
            Some(Pending::Merge { survivor, removed }) => {
                self.start_merge(workspace, survivor, removed);
            }
            None => {}
        }
        if let Some(result) = self.loader.poll(ctx) {
            match result {
                Ok(report) => out.ask(self.kind(), Ask::AdoptMerge(report)),
                Err(e) => self.message = Some((e, true)),
            }
            ctx.request_repaint();
        }
        out
    }

    /// Shows how an edit or a merge went, and opens the entry it left.
    fn on_reply(&mut self, reply: Reply, workspace: &Workspace) -> Output {
        match reply {
            Reply::CatalogueEdited(Ok(id)) => {
                self.select(workspace, &id);
                let name = workspace.project.catalogue.name_of(&id).unwrap_or(&id);
                self.message = Some((format!("Saved “{name}” in the project's catalogue."), false));
            }
            Reply::CatalogueEdited(Err(e)) => self.message = Some((e.to_string(), true)),
            Reply::MergeAdopted(report, Ok(())) => {
                self.select(workspace, &report.survivor);
                self.message = Some((report.summary(), false));
            }
            Reply::MergeAdopted(report, Err(e)) => {
                self.message = Some((format!("{} — but {e}", report.summary()), true));
            }
            _ => {}
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.pending.is_some() || self.loader.is_running()
    }
}

impl Panel for CatalogueWindow {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        // Taken out for the frame, so the list can read it while the
        // editor borrows the window.
        let shipped = self.shipped.take().unwrap_or_else(Catalogue::sahel_default);
        let empty = Catalogue::default();
        let own = workspace.project.own_catalogue().unwrap_or(&empty);
        ui.horizontal(|ui| {
            let label = ui.label("Search catalogue");
            let search = ui
                .add(egui::TextEdit::singleline(&mut self.query).hint_text("name or alias"))
                .labelled_by(label.id);
            out.typing |= search.has_focus();
            if ui.button("Add actor or place").clicked() {
                self.editor = Some(Editor::of(EntryDraft::new_actor(), true));
                self.message = None;
            }
        });
        if let Some((message, is_error)) = &self.message {
            if *is_error {
                ui.colored_label(super::theme::error_colour(ui.visuals().dark_mode), message);
            } else {
                ui.label(message);
            }
        }
        ui.separator();
        let entries = EntryDraft::all(&workspace.project.catalogue);
        let query = self.query.trim().to_lowercase();
        let mut chosen = None;
        let height = ui.available_height().max(200.0);
        let list_width = (ui.available_width() * 0.58).max(300.0);
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(list_width, height),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    egui::ScrollArea::both()
                        .id_salt("catalogue list")
                        .auto_shrink([false, false])
                        .max_height(height)
                        .show(ui, |ui| {
                            egui::Grid::new("catalogue entries")
                                .striped(true)
                                .show(ui, |ui| {
                                    ui.strong("Name");
                                    ui.strong("Kind");
                                    ui.strong("From");
                                    ui.strong("Aliases EN / FR");
                                    ui.end_row();
                                    for entry in entries.iter().filter(|e| matches(e, &query)) {
                                        let selected = self.editor.as_ref().is_some_and(|ed| {
                                            !ed.is_new && ed.draft.id == entry.id
                                        });
                                        if ui.selectable_label(selected, &entry.name).clicked() {
                                            chosen = Some(entry.clone());
                                        }
                                        ui.label(entry.kind.name());
                                        ui.label(Origin::of(&entry.id, &shipped, own).name());
                                        ui.label(short_list(&entry.aliases, &entry.aliases_fr));
                                        ui.end_row();
                                    }
                                });
                        });
                },
            );
            ui.separator();
            let origin = self
                .editor
                .as_ref()
                .filter(|e| !e.is_new)
                .map(|e| Origin::of(&e.draft.id, &shipped, own));
            ui.vertical(|ui| {
                egui::ScrollArea::vertical()
                    .id_salt("catalogue editor")
                    .max_height(height)
                    .show(ui, |ui| out.merge(self.editor_ui(ui, workspace, origin)));
            });
        });
        self.shipped = Some(shipped);
        if let Some(entry) = chosen {
            self.editor = Some(Editor::of(entry, false));
            self.survivor = None;
            self.survivor_query.clear();
            self.message = None;
        }
        out
    }
}

impl CatalogueWindow {
    /// The editor of the selected or new entry, with Save and Merge.
    fn editor_ui(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        origin: Option<Origin>,
    ) -> Output {
        let mut out = Output::default();
        let busy = self.loader.is_running();
        let Some(editor) = &mut self.editor else {
            ui.label("Select an entry to edit it, or add one.");
            return out;
        };
        ui.heading(if editor.is_new {
            "New entry".to_owned()
        } else {
            editor.draft.name.clone()
        });
        if let Some(origin) = origin {
            ui.weak(match origin {
                Origin::Shipped | Origin::Overridden => {
                    "Shipped with Attest: changes are saved as this project's override; shipped aliases stay."
                }
                Origin::Project => "This project's own entry.",
            });
        }
        let mut typing = false;
        let (is_new, is_actor) = (editor.is_new, editor.draft.kind.is_actor());
        let kinds = EntryKind::ALL
            .into_iter()
            .filter(|k| is_new || k.is_actor() == is_actor);
        egui::ComboBox::from_label("Kind")
            .selected_text(editor.draft.kind.name())
            .show_ui(ui, |ui| {
                for kind in kinds {
                    ui.selectable_value(&mut editor.draft.kind, kind, kind.name());
                }
            });
        egui::Grid::new("catalogue editor")
            .num_columns(2)
            .show(ui, |ui| {
                let mut field = |ui: &mut egui::Ui, name: &str, text: &mut String, rows: usize| {
                    let label = ui.label(name);
                    let edit = if rows > 1 {
                        egui::TextEdit::multiline(text).desired_rows(rows)
                    } else {
                        egui::TextEdit::singleline(text)
                    };
                    typing |= ui.add(edit).labelled_by(label.id).has_focus();
                    ui.end_row();
                };
                if editor.is_new {
                    field(ui, "Id (optional)", &mut editor.draft.id, 1);
                }
                field(ui, "Canonical name", &mut editor.draft.name, 1);
                field(ui, "English aliases", &mut editor.aliases, 3);
                field(ui, "French aliases", &mut editor.aliases_fr, 3);
                field(ui, "Country (ISO code)", &mut editor.country, 1);
                if editor.draft.kind.is_actor() {
                    field(ui, "Parent id", &mut editor.parent, 1);
                    field(ui, "Description", &mut editor.draft.description, 2);
                }
            });
        out.typing |= typing;
        ui.weak("One alias a line. Matching ignores case, accents, hyphens and apostrophe styles.");
        let (save, close) = ui
            .horizontal(|ui| {
                (
                    ui.button("Save").clicked(),
                    ui.button("Close editor").clicked(),
                )
            })
            .inner;
        if save {
            let draft = editor.to_draft();
            self.pending = Some(Pending::Edit(if editor.is_new {
                CatalogueEdit::Add(draft)
            } else {
                CatalogueEdit::Update(draft)
            }));
        }
        if close {
            self.editor = None;
        }
        let Some(editor) = &self.editor else {
            return out;
        };
        if editor.is_new {
            return out;
        }
        ui.separator();
        ui.strong(format!("Merge “{}” into another entry", editor.draft.name));
        ui.weak("The other entry stays and takes its names; every mention linked to this one follows it, in every annotation file.");
        let label = ui.label("Survivor");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut self.survivor_query)
                    .hint_text("find the entry that stays"),
            )
            .labelled_by(label.id);
        out.typing |= search.has_focus();
        let query = self.survivor_query.trim().to_lowercase();
        if !query.is_empty() {
            let catalogue = &workspace.project.catalogue;
            let candidates = EntryDraft::all(catalogue)
                .into_iter()
                .filter(|e| {
                    e.id != editor.draft.id
                        && e.kind.is_actor() == editor.draft.kind.is_actor()
                        && matches(e, &query)
                })
                .take(SURVIVOR_RESULTS);
            for candidate in candidates {
                let picked = self.survivor.as_deref() == Some(candidate.id.as_str());
                let text = format!("{} ({})", candidate.name, candidate.kind.name());
                if ui.selectable_label(picked, text).clicked() {
                    self.survivor = Some(candidate.id.clone());
                    self.show_merge_button = true;
                }
            }
        }
        if let Some(survivor) = &self.survivor {
            let name = workspace
                .project
                .catalogue
                .name_of(survivor)
                .unwrap_or(survivor);
            let merge = ui.add_enabled(!busy, egui::Button::new(format!("Merge into “{name}”")));
            if std::mem::take(&mut self.show_merge_button) {
                merge.scroll_to_me(Some(egui::Align::Max));
            }
            if merge.clicked() {
                // The job reads the files: the open documents' edits first.
                out.request(Request::SaveEdits);
                self.pending = Some(Pending::Merge {
                    survivor: survivor.clone(),
                    removed: editor.draft.id.clone(),
                });
            }
        }
        self.loader.progress_ui(ui);
        out
    }

    /// Opens the entry `id` in the editor.
    fn select(&mut self, workspace: &Workspace, id: &str) {
        self.editor =
            EntryDraft::find(&workspace.project.catalogue, id).map(|d| Editor::of(d, false));
        self.survivor = None;
        self.survivor_query.clear();
    }

    /// Starts the merge job on a writable handle on the workspace's project.
    fn start_merge(&mut self, workspace: &Workspace, survivor: String, removed: String) {
        if workspace.docs.has_unsaved() {
            self.message = Some((
                "Not merged: the open documents could not be saved first (see the status bar)."
                    .into(),
                true,
            ));
            return;
        }
        let handle = match workspace.project.handle_for_job() {
            Ok(handle) => handle,
            Err(e) => {
                self.message = Some((e.to_string(), true));
                return;
            }
        };
        self.message = None;
        self.loader
            .start_with("Merge", handle, move |mut handle, control| {
                merge_entries(&mut handle, &survivor, &removed, control).map_err(|e| e.to_string())
            });
    }
}

/// Whether an entry's id, name or an alias contains `query` (lowercase).
fn matches(entry: &EntryDraft, query: &str) -> bool {
    query.is_empty()
        || entry.id.contains(query)
        || entry.names().any(|n| n.to_lowercase().contains(query))
}

/// The first aliases of each language, for a list row.
fn short_list(aliases: &[String], aliases_fr: &[String]) -> String {
    const SHOWN: usize = 3;
    let part = |list: &[String]| {
        let mut text = list
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if list.len() > SHOWN {
            text.push_str(&format!(" +{}", list.len() - SHOWN));
        }
        text
    };
    match (aliases.is_empty(), aliases_fr.is_empty()) {
        (_, true) => part(aliases),
        (true, false) => format!("FR: {}", part(aliases_fr)),
        (false, false) => format!("{} / FR: {}", part(aliases), part(aliases_fr)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_shows_the_first_aliases_of_each_language() {
        let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(short_list(&list(&["a", "b", "c", "d"]), &[]), "a, b, c +1");
        assert_eq!(short_list(&[], &list(&["x"])), "FR: x");
        assert_eq!(short_list(&list(&["a"]), &list(&["x"])), "a / FR: x");
    }

    #[test]
    fn typed_aliases_are_one_a_line() {
        let mut editor = Editor::of(EntryDraft::new_actor(), true);
        editor.aliases = "KA\nKatiba A".into();
        editor.country = " ML ".into();
        let draft = editor.to_draft();
        assert_eq!(draft.aliases, ["KA", "Katiba A"]);
        assert_eq!(draft.country.as_deref(), Some("ML"));
        assert_eq!(draft.parent, None);
    }
}
