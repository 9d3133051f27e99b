//! Project settings: the schema editor (entity labels with colour, key and
//! description; event types and their sub-types; roles; stances) and the
//! project's settings, saved by the core's schema job
//! ([`crate::app::jobs::edit_schema`]).
//!
//! The analyst edits a draft; Save validates it and shows each problem by
//! its row, refusing the save while any remains. A renamed or removed name
//! that annotation files use is carried into every file of the project by
//! the job, on a background thread behind a progress bar (a modal: nothing
//! else is edited meanwhile), all or nothing; the workspace then takes in
//! the new schema and reads the open document again. Removing a name asks
//! first with the number of items that use it (counted in the background)
//! and says what becomes of them.

use crate::app::jobs::{SchemaEdit, SchemaEditReport, UseCount, count_uses, edit_schema};
use crate::app::{WindowKind, Workspace};
use crate::edit::{SchemaChange, SchemaItem, SchemaPlace, SchemaProblem, validate_schema};
use crate::model::{
    ActivationMetric, EntityLabel, EventType, ProjectFile, Rgb, Role, Schema, Settings, StanceDef,
};
use crate::store::Project;

use super::window::{Ask, Loader, Output, Panel, Reply, Request, Window};

/// Colour of a label just added, until the analyst picks one.
const NEW_LABEL_COLOUR: [u8; 3] = [0x88, 0x88, 0x88];

/// An entity label as edited; `original` is its name in the saved schema
/// (`None` for a label added here), so a changed name is a rename.
#[derive(Clone, Debug)]
struct LabelRow {
    original: Option<String>,
    name: String,
    colour: [u8; 3],
    /// One digit 1–9, or empty.
    shortcut: String,
    description: String,
}

#[derive(Clone, Debug)]
struct SubTypeRow {
    original: Option<String>,
    name: String,
}

#[derive(Clone, Debug)]
struct TypeRow {
    original: Option<String>,
    name: String,
    description: String,
    sub_types: Vec<SubTypeRow>,
}

#[derive(Clone, Debug)]
struct RoleRow {
    original: Option<String>,
    name: String,
    /// Labels that usually fill the role, separated by commas.
    labels: String,
    description: String,
}

#[derive(Clone, Debug)]
struct StanceRow {
    original: Option<String>,
    name: String,
    description: String,
}

/// The schema and settings as edited, beside the project file they began as.
#[derive(Clone, Debug)]
struct Draft {
    base: ProjectFile,
    labels: Vec<LabelRow>,
    types: Vec<TypeRow>,
    roles: Vec<RoleRow>,
    stances: Vec<StanceRow>,
    suggest_on_open: bool,
    recommenders: RecommenderSettings,
}

/// The learning settings the window edits (see [`Settings`]).
#[derive(Clone, Copy, Debug)]
struct RecommenderSettings {
    activation_threshold: f64,
    activation_metric: ActivationMetric,
    activation_min_proposals: usize,
    next_document_least_sure: bool,
}

impl RecommenderSettings {
    fn of(settings: &Settings) -> Self {
        Self {
            activation_threshold: settings.activation_threshold,
            activation_metric: settings.activation_metric,
            activation_min_proposals: settings.activation_min_proposals,
            next_document_least_sure: settings.next_document_least_sure,
        }
    }

    fn apply(self, settings: &mut Settings) {
        settings.activation_threshold = self.activation_threshold;
        settings.activation_metric = self.activation_metric;
        settings.activation_min_proposals = self.activation_min_proposals;
        settings.next_document_least_sure = self.next_document_least_sure;
    }
}

impl Draft {
    fn of(file: &ProjectFile) -> Self {
        let schema = &file.schema;
        Self {
            base: file.clone(),
            labels: schema
                .entity_labels
                .iter()
                .map(|l| LabelRow {
                    original: Some(l.name.clone()),
                    name: l.name.clone(),
                    colour: l.colour.0,
                    shortcut: l.shortcut.map(String::from).unwrap_or_default(),
                    description: l.description.clone(),
                })
                .collect(),
            types: schema
                .event_types
                .iter()
                .map(|t| TypeRow {
                    original: Some(t.name.clone()),
                    name: t.name.clone(),
                    description: t.description.clone(),
                    sub_types: t
                        .sub_types
                        .iter()
                        .map(|s| SubTypeRow {
                            original: Some(s.clone()),
                            name: s.clone(),
                        })
                        .collect(),
                })
                .collect(),
            roles: schema
                .roles
                .iter()
                .map(|r| RoleRow {
                    original: Some(r.name.clone()),
                    name: r.name.clone(),
                    labels: r.labels.join(", "),
                    description: r.description.clone(),
                })
                .collect(),
            stances: schema
                .stances
                .iter()
                .map(|s| StanceRow {
                    original: Some(s.name.clone()),
                    name: s.name.clone(),
                    description: s.description.clone(),
                })
                .collect(),
            suggest_on_open: file.settings.suggest_on_open,
            recommenders: RecommenderSettings::of(&file.settings),
        }
    }

    /// The edited schema, with the problems of fields that do not parse
    /// (a key that is not one character) and those of the schema itself.
    fn schema(&self) -> (Schema, Vec<SchemaProblem>) {
        let mut problems = Vec::new();
        let entity_labels = self
            .labels
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let typed = row.shortcut.trim();
                let mut chars = typed.chars();
                let shortcut = match (chars.next(), chars.next()) {
                    (None, _) => None,
                    (Some(key), None) => Some(key),
                    (Some(_), Some(_)) => {
                        problems.push(SchemaProblem {
                            place: SchemaPlace::EntityLabel(i),
                            message: format!(
                                "the shortcut of {:?} must be one digit 1–9, not {typed:?}",
                                row.name
                            ),
                        });
                        None
                    }
                };
                EntityLabel {
                    name: row.name.clone(),
                    colour: Rgb(row.colour),
                    shortcut,
                    description: row.description.clone(),
                }
            })
            .collect();
        let schema = Schema {
            entity_labels,
            event_types: self
                .types
                .iter()
                .map(|t| EventType {
                    name: t.name.clone(),
                    sub_types: t.sub_types.iter().map(|s| s.name.clone()).collect(),
                    description: t.description.clone(),
                })
                .collect(),
            roles: self
                .roles
                .iter()
                .map(|r| Role {
                    name: r.name.clone(),
                    labels: self.role_labels(&r.labels),
                    description: r.description.clone(),
                })
                .collect(),
            stances: self
                .stances
                .iter()
                .map(|s| StanceDef {
                    name: s.name.clone(),
                    description: s.description.clone(),
                })
                .collect(),
            // Types the editor does not show (learned from imports) stay.
            ..self.base.schema.clone()
        };
        problems.extend(validate_schema(&schema));
        (schema, problems)
    }

    /// A role's label hints as typed, following the labels' renames and
    /// leaving out labels removed here.
    fn role_labels(&self, typed: &str) -> Vec<String> {
        typed
            .split(',')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .filter_map(|hint| {
                if self.labels.iter().any(|row| row.name == hint) {
                    return Some(hint.to_owned());
                }
                if let Some(row) = self
                    .labels
                    .iter()
                    .find(|row| row.original.as_deref() == Some(hint))
                {
                    return Some(row.name.clone());
                }
                let removed = self.base.schema.entity_label(hint).is_some();
                (!removed).then(|| hint.to_owned())
            })
            .collect()
    }

    /// The renames and removals that turn the saved names into these.
    fn changes(&self) -> Vec<SchemaChange> {
        let mut changes = Vec::new();
        let base = &self.base.schema;
        collect_changes(
            &mut changes,
            base.entity_labels.iter().map(|l| l.name.as_str()),
            self.labels
                .iter()
                .map(|r| (r.original.as_deref(), r.name.as_str())),
            |name| SchemaItem::EntityLabel(name.to_owned()),
        );
        collect_changes(
            &mut changes,
            base.event_types.iter().map(|t| t.name.as_str()),
            self.types
                .iter()
                .map(|r| (r.original.as_deref(), r.name.as_str())),
            |name| SchemaItem::EventType(name.to_owned()),
        );
        for row in &self.types {
            let Some(event_type) = &row.original else {
                continue;
            };
            let Some(saved) = base.event_type(event_type) else {
                continue;
            };
            collect_changes(
                &mut changes,
                saved.sub_types.iter().map(String::as_str),
                row.sub_types
                    .iter()
                    .map(|s| (s.original.as_deref(), s.name.as_str())),
                |name| SchemaItem::SubType {
                    event_type: event_type.clone(),
                    name: name.to_owned(),
                },
            );
        }
        collect_changes(
            &mut changes,
            base.roles.iter().map(|r| r.name.as_str()),
            self.roles
                .iter()
                .map(|r| (r.original.as_deref(), r.name.as_str())),
            |name| SchemaItem::Role(name.to_owned()),
        );
        collect_changes(
            &mut changes,
            base.stances.iter().map(|s| s.name.as_str()),
            self.stances
                .iter()
                .map(|r| (r.original.as_deref(), r.name.as_str())),
            |name| SchemaItem::Stance(name.to_owned()),
        );
        changes
    }

    /// The saved name a row began as, as a schema item.
    fn item_at(&self, place: SchemaPlace) -> Option<SchemaItem> {
        match place {
            SchemaPlace::EntityLabel(i) => self
                .labels
                .get(i)?
                .original
                .clone()
                .map(SchemaItem::EntityLabel),
            SchemaPlace::EventType(i) => self
                .types
                .get(i)?
                .original
                .clone()
                .map(SchemaItem::EventType),
            SchemaPlace::SubType(t, s) => {
                let row = self.types.get(t)?;
                Some(SchemaItem::SubType {
                    event_type: row.original.clone()?,
                    name: row.sub_types.get(s)?.original.clone()?,
                })
            }
            SchemaPlace::Role(i) => self.roles.get(i)?.original.clone().map(SchemaItem::Role),
            SchemaPlace::Stance(i) => self
                .stances
                .get(i)?
                .original
                .clone()
                .map(SchemaItem::Stance),
        }
    }

    /// Takes a row out of the draft.
    fn remove(&mut self, place: SchemaPlace) {
        fn take<T>(rows: &mut Vec<T>, i: usize) {
            if i < rows.len() {
                rows.remove(i);
            }
        }
        match place {
            SchemaPlace::EntityLabel(i) => take(&mut self.labels, i),
            SchemaPlace::EventType(i) => take(&mut self.types, i),
            SchemaPlace::SubType(t, s) => {
                if let Some(row) = self.types.get_mut(t) {
                    take(&mut row.sub_types, s);
                }
            }
            SchemaPlace::Role(i) => take(&mut self.roles, i),
            SchemaPlace::Stance(i) => take(&mut self.stances, i),
        }
    }
}

/// Renames (a row whose name changed) and removals (a saved name no row
/// began as, unless a row has that name again) of one kind of name.
fn collect_changes<'a>(
    changes: &mut Vec<SchemaChange>,
    saved: impl Iterator<Item = &'a str>,
    rows: impl Iterator<Item = (Option<&'a str>, &'a str)> + Clone,
    item: impl Fn(&str) -> SchemaItem,
) {
    for (original, name) in rows.clone() {
        if let Some(original) = original
            && original != name
        {
            changes.push(SchemaChange::Rename {
                item: item(original),
                to: name.to_owned(),
            });
        }
    }
    for saved in saved {
        let kept = rows
            .clone()
            .any(|(original, name)| original == Some(saved) || name == saved);
        if !kept {
            changes.push(SchemaChange::Remove(item(saved)));
        }
    }
}

/// A removal waiting for the analyst's answer.
struct Confirm {
    place: SchemaPlace,
    item: SchemaItem,
    count: UseCount,
}

#[derive(Default)]
pub struct SettingsWindow {
    open: bool,
    draft: Option<Draft>,
    /// Problems are shown (and kept up to date) once Save was pressed.
    show_problems: bool,
    /// Save this after the app saved the open documents (after this frame).
    requested_save: Option<SchemaEdit>,
    saving: Loader<(Result<SchemaEditReport, String>, Project)>,
    /// The report of the save the workspace is asked to take in.
    adopting: Option<SchemaEditReport>,
    /// Count the uses of this row's name, after the open documents are saved.
    requested_count: Option<(SchemaPlace, SchemaItem)>,
    counting: Loader<(SchemaPlace, SchemaItem, UseCount)>,
    confirm: Option<Confirm>,
    /// The last save's outcome: a summary, or why nothing was saved.
    outcome: Option<Result<String, String>>,
}

impl Window for SettingsWindow {
    fn name(&self) -> &'static str {
        "Project settings"
    }

    fn kind(&self) -> WindowKind {
        WindowKind::ProjectSettings
    }

    fn is_open(&self) -> bool {
        self.open
    }

    fn set_open(&mut self, open: bool) {
        self.open = open;
        if !open && !self.saving.is_running() {
            self.draft = None;
            self.confirm = None;
            self.show_problems = false;
        }
    }

    fn on_command(&mut self, workspace: &Workspace) -> Output {
        if !self.open || self.draft.is_none() {
            self.draft = Some(Draft::of(&workspace.project.file));
            self.outcome = None;
            self.show_problems = false;
        }
        self.open = true;
        Output::default()
    }

    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window
            .resizable(true)
            .default_width(900.0)
            .default_height(640.0)
    }

    fn after_frame(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        if !self.saving.is_running()
            && let Some(edit) = self.requested_save.take()
        {
            match workspace.handle_for_schema_edit() {
                Ok(handle) => self.saving.start_with(
                    "Saving the schema",
                    handle,
                    move |mut handle, control| {
                        let result =
                            edit_schema(&mut handle, &edit, control).map_err(|e| e.to_string());
                        Ok((result, handle))
                    },
                ),
                Err(reason) => self.outcome = Some(Err(format!("Not saved: {reason}."))),
            }
        }
        if !self.counting.is_running()
            && let Some((place, item)) = self.requested_count.take()
        {
            self.counting.start(
                "Counting uses",
                workspace.project.root(),
                move |project, control| {
                    let count = count_uses(project, &item, control);
                    Ok((place, item, count))
                },
            );
        }
        if let Some(result) = self.saving.poll(ctx) {
            match result {
                Ok((Ok(report), handle)) => {
                    let files_rewritten = report.files_written > 0;
                    self.adopting = Some(report);
                    out.ask(
                        self.kind(),
                        Ask::AdoptSchemaEdit {
                            handle,
                            files_rewritten,
                        },
                    );
                }
                Ok((Err(reason), _)) | Err(reason) => self.outcome = Some(Err(reason)),
            }
        }
        if let Some(result) = self.counting.poll(ctx) {
            match result {
                Ok((place, item, count)) => {
                    let unused = count.items == 0 && count.problems.is_empty();
                    if unused {
                        self.remove_row(place, &item);
                    } else {
                        self.confirm = Some(Confirm { place, item, count });
                    }
                }
                Err(reason) => self.outcome = Some(Err(reason)),
            }
        }
        out
    }

    /// The workspace took in the saved schema: the draft starts again from it.
    fn on_reply(&mut self, reply: Reply, workspace: &Workspace) -> Output {
        if let (Reply::SchemaEditAdopted(reloaded), Some(report)) = (reply, self.adopting.take()) {
            self.draft = Some(Draft::of(&workspace.project.file));
            self.show_problems = false;
            self.outcome = Some(match reloaded {
                Ok(()) => Ok(report.summary()),
                Err(e) => Err(format!("{} {e}", report.summary())),
            });
        }
        Output::default()
    }

    fn is_busy(&self) -> bool {
        self.requested_save.is_some()
            || self.requested_count.is_some()
            || self.saving.is_running()
            || self.counting.is_running()
    }
}

impl SettingsWindow {
    /// Removes a row if it still stands for `item`.
    fn remove_row(&mut self, place: SchemaPlace, item: &SchemaItem) {
        if let Some(draft) = &mut self.draft
            && draft.item_at(place).as_ref() == Some(item)
        {
            draft.remove(place);
        }
    }

    /// Validates the draft and asks for it to be saved; returns whether it
    /// could be.
    fn save(&mut self, out: &mut Output) {
        let Some(draft) = &self.draft else { return };
        self.show_problems = true;
        let (schema, problems) = draft.schema();
        if !problems.is_empty() {
            self.outcome = Some(Err(format!(
                "Not saved: {} problem(s), shown by their rows.",
                problems.len()
            )));
            return;
        }
        let mut settings = draft.base.settings.clone();
        settings.suggest_on_open = draft.suggest_on_open;
        draft.recommenders.apply(&mut settings);
        self.outcome = None;
        self.requested_save = Some(SchemaEdit {
            schema,
            settings,
            changes: draft.changes(),
        });
        // The job rewrites annotation files: the open documents' edits go first.
        out.request(Request::SaveEdits);
    }

    /// A row's Remove button: a saved name is counted first, then asked about.
    fn ask_remove(&mut self, place: SchemaPlace, out: &mut Output) {
        let Some(draft) = &mut self.draft else { return };
        match draft.item_at(place) {
            Some(item) => {
                self.requested_count = Some((place, item));
                out.request(Request::SaveEdits);
            }
            None => draft.remove(place),
        }
    }
}

impl Panel for SettingsWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _workspace: &Workspace) -> Output {
        let mut out = Output::default();
        let error = super::theme::error_colour(ui.visuals().dark_mode);
        if self.saving.is_running() {
            // Nothing else is edited while files are rewritten.
            out.typing = true;
            egui::Modal::new(egui::Id::unique("settings-saving")).show(ui.ctx(), |ui| {
                ui.label("Saving the schema in every annotation file…");
                self.saving.progress_ui(ui);
            });
        }
        if let Some(confirm) = &self.confirm {
            out.typing = true;
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("settings-confirm-removal")).show(ui.ctx(), |ui| {
                ui.label(format!(
                    "The {} is used by {} item(s) in {} document(s). On saving, {}.",
                    confirm.item,
                    confirm.count.items,
                    confirm.count.documents,
                    confirm.item.removal_effect()
                ));
                for problem in &confirm.count.problems {
                    ui.colored_label(error, format!("Not counted: {problem}"));
                }
                ui.horizontal(|ui| {
                    if ui.button("Remove it").clicked() {
                        answer = Some(true);
                    }
                    if ui.button("Keep it").clicked() {
                        answer = Some(false);
                    }
                });
            });
            if let Some(remove) = answer
                && let Some(confirm) = self.confirm.take()
                && remove
            {
                self.remove_row(confirm.place, &confirm.item);
            }
        }
        let Some(draft) = &mut self.draft else {
            ui.label("No project open.");
            return out;
        };
        let problems = if self.show_problems {
            draft.schema().1
        } else {
            Vec::new()
        };
        let mut remove = None;
        egui::ScrollArea::vertical()
            .max_height(ui.available_height() - 80.0)
            .show(ui, |ui| {
                out.typing |= labels_ui(ui, draft, &problems, &mut remove);
                out.typing |= types_ui(ui, draft, &problems, &mut remove);
                out.typing |= roles_ui(ui, draft, &problems, &mut remove);
                out.typing |= stances_ui(ui, draft, &problems, &mut remove);
                ui.separator();
                ui.checkbox(
                    &mut draft.suggest_on_open,
                    "Suggest when a document is first opened",
                );
                ui.separator();
                recommenders_ui(ui, &mut draft.recommenders);
            });
        if let Some(place) = remove {
            self.ask_remove(place, &mut out);
        }
        ui.separator();
        if self.counting.is_running() {
            self.counting.progress_ui(ui);
        }
        ui.horizontal(|ui| {
            let idle = !self.is_busy();
            if ui.add_enabled(idle, egui::Button::new("Save")).clicked() {
                self.save(&mut out);
            }
            if ui.add_enabled(idle, egui::Button::new("Revert")).clicked()
                && let Some(draft) = &mut self.draft
            {
                *draft = Draft::of(&draft.base);
                self.show_problems = false;
                self.outcome = None;
            }
            // Each label's definition is its description above; what to
            // mark and examples are in the guidelines, edited there.
            if ui
                .button("Annotation guidelines…")
                .on_hover_text("guidelines.md: a section per label, opened with F1")
                .clicked()
            {
                out.command(crate::app::Command::Window(
                    crate::app::WindowKind::Guidelines,
                ));
            }
        });
        match &self.outcome {
            Some(Ok(summary)) => {
                ui.label(summary);
            }
            Some(Err(reason)) => {
                ui.colored_label(error, reason);
            }
            None => {}
        }
        out
    }
}

/// The problems of one row, each on its own line.
fn problems_ui(ui: &mut egui::Ui, problems: &[SchemaProblem], place: SchemaPlace) {
    let error = super::theme::error_colour(ui.visuals().dark_mode);
    for problem in problems.iter().filter(|p| p.place == place) {
        ui.colored_label(error, &problem.message);
    }
}

/// A one-line text field named for screen readers (and tests).
fn field_ui(ui: &mut egui::Ui, text: &mut String, width: f32, name: String) -> bool {
    ui.add(
        egui::TextEdit::singleline(text)
            .desired_width(width)
            .min_size(egui::vec2(width, 0.0)),
    )
    .accessible_name(name)
    .has_focus()
}

/// How a row is named to screen readers: its saved name, or "new N".
fn row_key(original: Option<&str>, index: usize) -> String {
    original.map_or_else(|| format!("new {}", index + 1), str::to_owned)
}

fn remove_button_ui(ui: &mut egui::Ui, key: &str) -> bool {
    ui.button("Remove")
        .accessible_name(format!("Remove {key}"))
        .clicked()
}

/// The end of a table row: its Remove button, then the row's problems on
/// a row of their own. Sets `remove` when the button was clicked.
fn row_end_ui(
    ui: &mut egui::Ui,
    key: &str,
    place: SchemaPlace,
    problems: &[SchemaProblem],
    remove: &mut Option<SchemaPlace>,
) {
    if remove_button_ui(ui, key) {
        *remove = Some(place);
    }
    ui.end_row();
    if problems.iter().any(|p| p.place == place) {
        ui.vertical(|ui| problems_ui(ui, problems, place));
        ui.end_row();
    }
}

fn labels_ui(
    ui: &mut egui::Ui,
    draft: &mut Draft,
    problems: &[SchemaProblem],
    remove: &mut Option<SchemaPlace>,
) -> bool {
    let mut typing = false;
    ui.heading("Entity labels");
    egui::Grid::new("settings-labels")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Name", "Colour", "Key", "Description", ""] {
                ui.strong(header);
            }
            ui.end_row();
            for (i, row) in draft.labels.iter_mut().enumerate() {
                let key = row_key(row.original.as_deref(), i);
                typing |= field_ui(ui, &mut row.name, 160.0, format!("Name of {key}"));
                egui::color_picker::color_edit_button_srgb(ui, &mut row.colour)
                    .accessible_name(format!("Colour of {key}"));
                typing |= field_ui(ui, &mut row.shortcut, 24.0, format!("Key of {key}"));
                typing |= field_ui(
                    ui,
                    &mut row.description,
                    360.0,
                    format!("Description of {key}"),
                );
                row_end_ui(ui, &key, SchemaPlace::EntityLabel(i), problems, remove);
            }
        });
    if ui.button("Add label").clicked() {
        draft.labels.push(LabelRow {
            original: None,
            name: String::new(),
            colour: NEW_LABEL_COLOUR,
            shortcut: String::new(),
            description: String::new(),
        });
    }
    typing
}

fn types_ui(
    ui: &mut egui::Ui,
    draft: &mut Draft,
    problems: &[SchemaProblem],
    remove: &mut Option<SchemaPlace>,
) -> bool {
    let mut typing = false;
    ui.separator();
    ui.heading("Event types");
    for (t, row) in draft.types.iter_mut().enumerate() {
        let key = row_key(row.original.as_deref(), t);
        ui.horizontal(|ui| {
            typing |= field_ui(ui, &mut row.name, 220.0, format!("Name of {key}"));
            typing |= field_ui(
                ui,
                &mut row.description,
                360.0,
                format!("Description of {key}"),
            );
            if remove_button_ui(ui, &key) {
                *remove = Some(SchemaPlace::EventType(t));
            }
        });
        problems_ui(ui, problems, SchemaPlace::EventType(t));
        ui.indent(("sub-types", t), |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label("Sub-types:");
                for (s, sub) in row.sub_types.iter_mut().enumerate() {
                    let sub_key = format!("{key} / {}", row_key(sub.original.as_deref(), s));
                    typing |= field_ui(ui, &mut sub.name, 150.0, format!("Name of {sub_key}"));
                    if ui
                        .small_button("×")
                        .accessible_name(format!("Remove {sub_key}"))
                        .clicked()
                    {
                        *remove = Some(SchemaPlace::SubType(t, s));
                    }
                }
                if ui.small_button("Add sub-type").clicked() {
                    row.sub_types.push(SubTypeRow {
                        original: None,
                        name: String::new(),
                    });
                }
            });
            for s in 0..row.sub_types.len() {
                problems_ui(ui, problems, SchemaPlace::SubType(t, s));
            }
        });
    }
    if ui.button("Add event type").clicked() {
        draft.types.push(TypeRow {
            original: None,
            name: String::new(),
            description: String::new(),
            sub_types: Vec::new(),
        });
    }
    typing
}

fn roles_ui(
    ui: &mut egui::Ui,
    draft: &mut Draft,
    problems: &[SchemaProblem],
    remove: &mut Option<SchemaPlace>,
) -> bool {
    let mut typing = false;
    ui.separator();
    ui.heading("Roles");
    egui::Grid::new("settings-roles")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Name", "Usual labels (comma-separated)", "Description", ""] {
                ui.strong(header);
            }
            ui.end_row();
            for (i, row) in draft.roles.iter_mut().enumerate() {
                let key = row_key(row.original.as_deref(), i);
                typing |= field_ui(ui, &mut row.name, 120.0, format!("Name of role {key}"));
                typing |= field_ui(ui, &mut row.labels, 260.0, format!("Labels of role {key}"));
                typing |= field_ui(
                    ui,
                    &mut row.description,
                    300.0,
                    format!("Description of role {key}"),
                );
                row_end_ui(
                    ui,
                    &format!("role {key}"),
                    SchemaPlace::Role(i),
                    problems,
                    remove,
                );
            }
        });
    if ui.button("Add role").clicked() {
        draft.roles.push(RoleRow {
            original: None,
            name: String::new(),
            labels: String::new(),
            description: String::new(),
        });
    }
    typing
}

fn stances_ui(
    ui: &mut egui::Ui,
    draft: &mut Draft,
    problems: &[SchemaProblem],
    remove: &mut Option<SchemaPlace>,
) -> bool {
    let mut typing = false;
    ui.separator();
    ui.heading("Stances");
    egui::Grid::new("settings-stances")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Name", "Description", ""] {
                ui.strong(header);
            }
            ui.end_row();
            for (i, row) in draft.stances.iter_mut().enumerate() {
                let key = row_key(row.original.as_deref(), i);
                typing |= field_ui(ui, &mut row.name, 120.0, format!("Name of stance {key}"));
                typing |= field_ui(
                    ui,
                    &mut row.description,
                    360.0,
                    format!("Description of stance {key}"),
                );
                row_end_ui(
                    ui,
                    &format!("stance {key}"),
                    SchemaPlace::Stance(i),
                    problems,
                    remove,
                );
            }
        });
    if ui.button("Add stance").clicked() {
        draft.stances.push(StanceRow {
            original: None,
            name: String::new(),
            description: String::new(),
        });
    }
    typing
}

/// The learning settings: the activation gate and the order of "next
/// document".
fn recommenders_ui(ui: &mut egui::Ui, settings: &mut RecommenderSettings) {
    ui.strong("Recommenders");
    egui::Grid::new("settings-recommenders")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let label = ui.label("Activation threshold");
            ui.add(
                egui::DragValue::new(&mut settings.activation_threshold)
                    .range(0.0..=1.0)
                    .speed(0.01)
                    .fixed_decimals(2),
            )
            .labelled_by(label.id)
            .on_hover_text(
                "A recommender that scores below this on a label, judged by the finished \
                 documents, proposes nothing for it. 0 turns the gate off.",
            );
            ui.end_row();
            ui.label("Judged by");
            ui.horizontal(|ui| {
                for metric in [ActivationMetric::Precision, ActivationMetric::F1] {
                    ui.radio_value(&mut settings.activation_metric, metric, metric.name());
                }
            });
            ui.end_row();
            let label = ui.label("After at least (proposals)");
            ui.add(egui::DragValue::new(&mut settings.activation_min_proposals).range(1..=10_000))
                .labelled_by(label.id);
            ui.end_row();
        });
    ui.checkbox(
        &mut settings.next_document_least_sure,
        "Next document (N): the one the tagger is least sure of",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_untouched_draft_gives_back_the_schema_with_no_changes() {
        let file = ProjectFile::new("p");
        let draft = Draft::of(&file);
        let (schema, problems) = draft.schema();
        assert_eq!(schema, file.schema);
        assert!(problems.is_empty());
        assert!(draft.changes().is_empty());
    }

    #[test]
    fn edited_rows_become_renames_and_removals_and_role_hints_follow() {
        let file = ProjectFile::new("p");
        let mut draft = Draft::of(&file);
        "NSAG".clone_into(&mut draft.labels[0].name);
        draft.remove(SchemaPlace::EntityLabel(1)); // STATE_FORCE
        "Clashes".clone_into(&mut draft.types[0].name);
        "Firefight".clone_into(&mut draft.types[0].sub_types[0].name);
        draft.labels.push(LabelRow {
            original: None,
            name: "VEHICLE".into(),
            colour: NEW_LABEL_COLOUR,
            shortcut: "12".into(),
            description: String::new(),
        });
        let changes = draft.changes();
        assert!(changes.contains(&SchemaChange::Rename {
            item: SchemaItem::EntityLabel("ARMED_GROUP".into()),
            to: "NSAG".into()
        }));
        assert!(
            changes.contains(&SchemaChange::Remove(SchemaItem::EntityLabel(
                "STATE_FORCE".into()
            )))
        );
        assert!(changes.contains(&SchemaChange::Rename {
            item: SchemaItem::SubType {
                event_type: "Battles".into(),
                name: "Armed clash".into()
            },
            to: "Firefight".into()
        }));
        assert_eq!(changes.len(), 4, "{changes:?}");
        let (schema, problems) = draft.schema();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("one digit"));
        let agent = &schema.roles[0];
        assert!(agent.labels.contains(&"NSAG".to_owned()), "{agent:?}");
        assert!(!agent.labels.iter().any(|l| l == "STATE_FORCE"));
        draft.labels.last_mut().unwrap().shortcut.clear();
        let (schema, problems) = draft.schema();
        assert!(problems.is_empty(), "{problems:?}");
        assert!(crate::edit::check_changes(&file.schema, &schema, &changes).is_empty());
    }
}
