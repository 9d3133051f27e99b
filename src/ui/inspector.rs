//! The inspector: corrects the focused item — a mention's label and linked
//! actor or place, an event's type and roles, a claim's stance, source,
//! responsible actors and event. It only emits changes and commands; the
//! workspace applies them after drawing.

use crate::app::{Change, Command, WindowKind, Workspace};
use crate::model::{ClaimSource, ItemRef, Mention, MentionId, Span, Status};

use super::suggestions_panel::{describe, status_mark};
use super::window::{Output, Panel, Request};

/// How many nearby mentions are offered as sources, responsible actors or role fillers.
const NEARBY_MENTIONS: usize = 30;
const ACTOR_RESULTS: usize = 8;

#[derive(Default)]
pub struct Inspector {
    actor_query: String,
}

impl Panel for Inspector {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output {
        let mut out = Output::default();
        ui.heading("Inspector");
        let Some(item) = workspace.docs.focus else {
            ui.label("Nothing focused. J/K move through items; select text and press a label key to add a mention; M comments on the document.");
            if let Some(comment) = workspace.docs.current().and_then(|d| {
                crate::edit::comment_on_target(&d.annotations, crate::model::Target::Document)
            }) {
                ui.label(format!("Comment on the document: {comment}"));
            }
            return out;
        };
        let Some(review) = workspace.docs.review_of(item) else {
            return out;
        };
        ui.label(egui::RichText::new(describe(workspace, item)).strong());
        let mut status = format!("{} {}", status_mark(&review.status), review.status.name());
        if let Some(proposal) = &review.proposed {
            status.push_str(&format!(
                " · proposed by {} ({:.2})",
                proposal.by, proposal.score
            ));
        }
        if !review.status.is_open() {
            status.push_str(&format!(" · by {}", review.by));
        }
        ui.label(status);
        if let Some(comment) = workspace
            .docs
            .current()
            .and_then(|d| crate::edit::comment_on(&d.annotations, item))
        {
            ui.label(format!("Comment: {comment}"));
        }
        ui.horizontal(|ui| {
            if ui.button("Accept (A)").clicked() {
                out.command(Command::Accept);
            }
            if ui.button("Reject (X)").clicked() {
                out.command(Command::Reject);
            }
        });
        // On a line of its own: a label's name changes its width, and the
        // buttons above stay where the keys' users expect them.
        if let Some(label) = workspace.label_in_hand()
            && ui
                .small_button(format!("Guidelines: {label} (F1)"))
                .on_hover_text("The guidelines' section on this label")
                .clicked()
        {
            out.command(Command::Window(crate::app::WindowKind::Guidelines));
        }
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("inspector")
            .show(ui, |ui| match item {
                ItemRef::Mention(id) => self.mention_ui(ui, workspace, id, &mut out),
                ItemRef::Event(id) => event_ui(ui, workspace, id, &mut out),
                ItemRef::Claim(id) => claim_ui(ui, workspace, id, &mut out),
            });
        out
    }
}

impl Inspector {
    fn mention_ui(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        id: MentionId,
        out: &mut Output,
    ) {
        let Some(mention) = workspace
            .docs
            .current()
            .and_then(|d| d.annotations.mention(id))
        else {
            return;
        };
        let schema = &workspace.project.file.schema;
        let mut label = mention.label.clone();
        egui::ComboBox::from_label("Label")
            .selected_text(&label)
            .show_ui(ui, |ui| {
                for l in &schema.entity_labels {
                    let text = match l.shortcut {
                        Some(key) => format!("{} ({key})", l.name),
                        None => l.name.clone(),
                    };
                    ui.selectable_value(&mut label, l.name.clone(), text);
                }
            });
        if label != mention.label {
            out.change(Change::MentionLabel(id, label));
        }
        let catalogue = &workspace.project.catalogue;
        ui.horizontal(|ui| {
            ui.label("Actor or place:");
            match &mention.actor {
                Some(actor) => {
                    ui.strong(catalogue.name_of(actor).unwrap_or(actor));
                    if ui.small_button("Unlink").clicked() {
                        out.change(Change::MentionActor(id, None));
                    }
                }
                None => {
                    ui.weak("none");
                }
            }
        });
        let search = ui.add(
            egui::TextEdit::singleline(&mut self.actor_query).hint_text("Find actor or place"),
        );
        out.typing |= search.has_focus();
        let query = self.actor_query.trim().to_lowercase();
        if !query.is_empty() {
            let hits = |name: &str| name.to_lowercase().contains(&query);
            let actors = catalogue
                .actors
                .iter()
                .filter(|a| a.names().any(hits))
                .map(|a| (a.id.clone(), format!("{} ({:?})", a.name, a.kind)));
            let places = catalogue
                .places
                .iter()
                .filter(|p| p.names().any(hits))
                .map(|p| (p.id.clone(), format!("{} ({:?})", p.name, p.kind)));
            for (actor_id, text) in actors.chain(places).take(ACTOR_RESULTS) {
                if ui.button(format!("Link {text}")).clicked() {
                    out.change(Change::MentionActor(id, Some(actor_id)));
                    self.actor_query.clear();
                }
            }
        }
        let add_alias = Command::Window(WindowKind::AddAlias);
        if ui
            .add_enabled(
                workspace.is_enabled(add_alias),
                egui::Button::new(add_alias.label()),
            )
            .on_hover_text(
                "Adds this text to a catalogue entry's aliases (in the document's language), so the suggesters find it everywhere",
            )
            .clicked()
        {
            out.command(add_alias);
        }
        // Only a mention of an actor can become a catalogue actor (not a
        // date, a place, an event word or a toll).
        if mention.actor.is_none()
            && let Some(kind) = crate::app::actor_kind_for_label(&mention.label)
            && ui
                .button(format!("New catalogue entry “{}” ({kind:?})", mention.text))
                .on_hover_text("Adds it to this project's catalogue.ron and links the mention")
                .clicked()
        {
            out.request(Request::NewActorFor(id));
        }
    }
}

/// Mentions near a span (not rejected), nearest first, for pick lists.
fn nearby_mentions(workspace: &Workspace, near: Span) -> Vec<&Mention> {
    let Some(doc) = workspace.docs.current() else {
        return Vec::new();
    };
    let mut mentions: Vec<&Mention> = doc
        .annotations
        .mentions
        .iter()
        .filter(|m| m.review.status != Status::Rejected)
        .collect();
    mentions.sort_by_key(|m| m.span.start_byte.abs_diff(near.start_byte));
    mentions.truncate(NEARBY_MENTIONS);
    mentions.sort_by_key(|m| m.span);
    mentions
}

fn mention_name(workspace: &Workspace, id: MentionId) -> String {
    workspace
        .docs
        .current()
        .and_then(|d| d.annotations.mention(id))
        .map_or_else(|| id.to_string(), |m| format!("“{}” {}", m.text, m.label))
}

/// A list of mentions with remove buttons and a pick list to add one.
fn mention_list_ui(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    title: &str,
    current: &[MentionId],
    near: Span,
) -> Option<Vec<MentionId>> {
    let mut result = None;
    ui.label(egui::RichText::new(title).strong());
    for (i, id) in current.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(mention_name(workspace, *id));
            if ui.small_button("×").on_hover_text("Remove").clicked() {
                let mut next = current.to_vec();
                next.remove(i);
                result = Some(next);
            }
        });
    }
    egui::ComboBox::from_label(format!("Add to {title}"))
        .selected_text("choose a mention…")
        .show_ui(ui, |ui| {
            for m in nearby_mentions(workspace, near) {
                if current.contains(&m.id) {
                    continue;
                }
                if ui
                    .selectable_label(false, format!("“{}” {}", m.text, m.label))
                    .clicked()
                {
                    let mut next = current.to_vec();
                    next.push(m.id);
                    result = Some(next);
                }
            }
        });
    result
}

fn event_ui(ui: &mut egui::Ui, workspace: &Workspace, id: crate::model::EventId, out: &mut Output) {
    let Some(event) = workspace
        .docs
        .current()
        .and_then(|d| d.annotations.event(id))
    else {
        return;
    };
    let schema = &workspace.project.file.schema;
    let mut event_type = event.event_type.clone();
    let mut sub_type = event.sub_type.clone();
    egui::ComboBox::from_label("Event type")
        .selected_text(&event_type)
        .show_ui(ui, |ui| {
            for t in &schema.event_types {
                ui.selectable_value(&mut event_type, t.name.clone(), &t.name);
            }
        });
    if event_type != event.event_type {
        sub_type = None;
    }
    let sub_types = schema
        .event_type(&event_type)
        .map(|t| t.sub_types.clone())
        .unwrap_or_default();
    egui::ComboBox::from_label("Sub-type")
        .selected_text(sub_type.as_deref().unwrap_or("—"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut sub_type, None, "—");
            for s in &sub_types {
                ui.selectable_value(&mut sub_type, Some(s.clone()), s);
            }
        });
    if event_type != event.event_type || sub_type != event.sub_type {
        out.change(Change::EventType(id, event_type, sub_type));
    }
    ui.separator();
    for role in &schema.roles {
        let fillers = event.roles.get(&role.name).cloned().unwrap_or_default();
        if let Some(next) = mention_list_ui(ui, workspace, &role.name, &fillers, event.trigger) {
            out.change(Change::EventRole {
                event: id,
                role: role.name.clone(),
                fillers: next,
            });
        }
    }
}

fn claim_ui(ui: &mut egui::Ui, workspace: &Workspace, id: crate::model::ClaimId, out: &mut Output) {
    let Some(doc) = workspace.docs.current() else {
        return;
    };
    let Some(claim) = doc.annotations.claim(id) else {
        return;
    };
    let schema = &workspace.project.file.schema;
    ui.label(egui::RichText::new("Stance").strong());
    ui.horizontal_wrapped(|ui| {
        for stance in &schema.stances {
            let selected = claim.stance == stance.name;
            if ui
                .selectable_label(selected, &stance.name)
                .on_hover_text(&stance.description)
                .clicked()
                && !selected
            {
                out.change(Change::ClaimStance(id, stance.name.clone()));
            }
        }
    });
    ui.separator();
    let reporter = doc
        .document
        .meta
        .source
        .clone()
        .unwrap_or_else(|| "the reporter".into());
    let source_text = match &claim.source {
        Some(ClaimSource::Mention(m)) => mention_name(workspace, *m),
        Some(ClaimSource::Reporter(r)) => format!("reporter: {r}"),
        None => "—".into(),
    };
    let mut source = claim.source.clone();
    egui::ComboBox::from_label("Source")
        .selected_text(source_text)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut source, None, "—");
            ui.selectable_value(
                &mut source,
                Some(ClaimSource::Reporter(reporter.clone())),
                format!("reporter: {reporter}"),
            );
            for m in nearby_mentions(workspace, claim.cue) {
                ui.selectable_value(
                    &mut source,
                    Some(ClaimSource::Mention(m.id)),
                    format!("“{}” {}", m.text, m.label),
                );
            }
        });
    if source != claim.source {
        out.change(Change::ClaimSource(id, source));
    }
    if let Some(next) = mention_list_ui(ui, workspace, "responsible", &claim.responsible, claim.cue)
    {
        out.change(Change::ClaimResponsible(id, next));
    }
    // Named by id too: two events of one type on one word read alike.
    let event_name =
        |e: crate::model::EventId| format!("{e}: {}", describe(workspace, ItemRef::Event(e)));
    let mut events = claim.events.clone();
    ui.label(egui::RichText::new("About events").strong());
    for (i, &e) in claim.events.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(event_name(e));
            if ui.small_button("×").on_hover_text("Remove").clicked() {
                events.remove(i);
            }
        });
    }
    egui::ComboBox::from_label("Add an event")
        .selected_text("choose an event…")
        .show_ui(ui, |ui| {
            // A rejected event is no event: not offered.
            let offered =
                doc.annotations.events.iter().filter(|e| {
                    e.review.status != Status::Rejected && !claim.events.contains(&e.id)
                });
            for e in offered {
                if ui.selectable_label(false, event_name(e.id)).clicked() {
                    events.push(e.id);
                }
            }
        });
    if events != claim.events {
        out.change(Change::ClaimEvents(id, events));
    }
}
