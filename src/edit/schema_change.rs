//! Editing the schema as a pure core: whether an edited schema is usable,
//! and what renaming or removing one of its names does to a document's
//! annotations and to the schema itself.
//!
//! The project-wide job that reads and writes every annotation file is
//! `app::jobs::schema`; here is only what it applies to each file, so the
//! rules are tested on plain data. A rename keeps every item and its review
//! (the analyst's decisions stand; only the name changes). A removal is
//! explicit about what happens to the items that use the name:
//! - an entity label: its mentions are deleted, and unlinked from the
//!   events (roles) and claims (source, responsible) that named them;
//! - an event type: its events are deleted, and claims about them unlinked;
//! - a sub-type: its events keep their type and lose the sub-type;
//! - a role: it is taken off the events that had it;
//! - a stance: its claims are deleted.
//!
//! Renames and removals are applied all at once, not one after the other,
//! so swapping two names (`A → B`, `B → A`) does what it says.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::model::{AnnotationSet, ClaimSource, MentionId, Schema};

/// One name of the schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SchemaItem {
    EntityLabel(String),
    EventType(String),
    SubType { event_type: String, name: String },
    Role(String),
    Stance(String),
}

impl fmt::Display for SchemaItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaItem::EntityLabel(name) => write!(f, "entity label {name:?}"),
            SchemaItem::EventType(name) => write!(f, "event type {name:?}"),
            SchemaItem::SubType { event_type, name } => {
                write!(f, "sub-type {name:?} of {event_type:?}")
            }
            SchemaItem::Role(name) => write!(f, "role {name:?}"),
            SchemaItem::Stance(name) => write!(f, "stance {name:?}"),
        }
    }
}

impl SchemaItem {
    /// Its name.
    pub fn name(&self) -> &str {
        match self {
            SchemaItem::EntityLabel(name)
            | SchemaItem::EventType(name)
            | SchemaItem::SubType { name, .. }
            | SchemaItem::Role(name)
            | SchemaItem::Stance(name) => name,
        }
    }

    /// The same kind of item under another name.
    pub fn renamed(&self, to: &str) -> SchemaItem {
        let to = to.to_owned();
        match self {
            SchemaItem::EntityLabel(_) => SchemaItem::EntityLabel(to),
            SchemaItem::EventType(_) => SchemaItem::EventType(to),
            SchemaItem::SubType { event_type, .. } => SchemaItem::SubType {
                event_type: event_type.clone(),
                name: to,
            },
            SchemaItem::Role(_) => SchemaItem::Role(to),
            SchemaItem::Stance(_) => SchemaItem::Stance(to),
        }
    }

    /// What removing it does to the items that use it, for a confirmation.
    pub fn removal_effect(&self) -> &'static str {
        match self {
            SchemaItem::EntityLabel(_) => {
                "its mentions are deleted and unlinked from events and claims"
            }
            SchemaItem::EventType(_) => "its events are deleted and unlinked from claims",
            SchemaItem::SubType { .. } => "its events keep their type and lose the sub-type",
            SchemaItem::Role(_) => "the role is taken off the events that have it",
            SchemaItem::Stance(_) => "its claims are deleted",
        }
    }

    /// Whether `schema` has it.
    pub fn is_in(&self, schema: &Schema) -> bool {
        match self {
            SchemaItem::EntityLabel(name) => schema.entity_label(name).is_some(),
            SchemaItem::EventType(name) => schema.event_type(name).is_some(),
            SchemaItem::SubType { event_type, name } => schema
                .event_type(event_type)
                .is_some_and(|t| t.sub_types.iter().any(|s| s == name)),
            SchemaItem::Role(name) => schema.roles.iter().any(|r| &r.name == name),
            SchemaItem::Stance(name) => schema.stances.iter().any(|s| &s.name == name),
        }
    }
}

/// A change of a name that annotation files use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemaChange {
    Rename { item: SchemaItem, to: String },
    Remove(SchemaItem),
}

impl fmt::Display for SchemaChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaChange::Rename { item, to } => write!(f, "rename {item} to {to:?}"),
            SchemaChange::Remove(item) => write!(f, "remove {item}"),
        }
    }
}

/// Where in a schema a problem is, so an editor can show it by the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SchemaPlace {
    EntityLabel(usize),
    EventType(usize),
    /// A sub-type: (event type, sub-type) indices.
    SubType(usize, usize),
    Role(usize),
    Stance(usize),
}

/// A reason an edited schema cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaProblem {
    pub place: SchemaPlace,
    pub message: String,
}

impl fmt::Display for SchemaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Everything that keeps an edited schema from being saved: an empty or
/// duplicate name (entity labels, event types, a type's sub-types, roles,
/// stances), a name with spaces around it, a shortcut that is not a digit
/// 1–9 or is bound twice (naming both labels), a role hinting at a label
/// the schema does not have. Colours are valid by construction ([`crate::model::Rgb`]).
pub fn validate(schema: &Schema) -> Vec<SchemaProblem> {
    let mut problems = Vec::new();
    let mut push = |place, message: String| problems.push(SchemaProblem { place, message });
    check_names(
        "entity label",
        schema.entity_labels.iter().map(|l| l.name.as_str()),
        SchemaPlace::EntityLabel,
        &mut push,
    );
    let mut shortcuts: HashMap<char, &str> = HashMap::new();
    for (i, label) in schema.entity_labels.iter().enumerate() {
        let Some(key) = label.shortcut else { continue };
        if !matches!(key, '1'..='9') {
            push(
                SchemaPlace::EntityLabel(i),
                format!(
                    "the shortcut of {:?} must be a digit 1–9, not {key:?}",
                    label.name
                ),
            );
        } else if let Some(other) = shortcuts.insert(key, &label.name) {
            push(
                SchemaPlace::EntityLabel(i),
                format!(
                    "shortcut {key} is used by both {other:?} and {:?}",
                    label.name
                ),
            );
        }
    }
    check_names(
        "event type",
        schema.event_types.iter().map(|t| t.name.as_str()),
        SchemaPlace::EventType,
        &mut push,
    );
    for (t, event_type) in schema.event_types.iter().enumerate() {
        check_names(
            &format!("sub-type of {:?}", event_type.name),
            event_type.sub_types.iter().map(String::as_str),
            |s| SchemaPlace::SubType(t, s),
            &mut push,
        );
    }
    check_names(
        "role",
        schema.roles.iter().map(|r| r.name.as_str()),
        SchemaPlace::Role,
        &mut push,
    );
    for (i, role) in schema.roles.iter().enumerate() {
        for label in role
            .labels
            .iter()
            .filter(|l| schema.entity_label(l).is_none())
        {
            push(
                SchemaPlace::Role(i),
                format!(
                    "role {:?} names label {label:?}, which the schema does not have",
                    role.name
                ),
            );
        }
    }
    check_names(
        "stance",
        schema.stances.iter().map(|s| s.name.as_str()),
        SchemaPlace::Stance,
        &mut push,
    );
    problems
}

/// Empty, padded and duplicate names among `names`.
fn check_names<'a>(
    what: &str,
    names: impl Iterator<Item = &'a str>,
    place: impl Fn(usize) -> SchemaPlace,
    push: &mut impl FnMut(SchemaPlace, String),
) {
    let mut seen = HashSet::new();
    for (i, name) in names.enumerate() {
        if name.trim().is_empty() {
            push(place(i), format!("{what} {} has no name", i + 1));
        } else if name.trim() != name {
            push(
                place(i),
                format!("{what} {name:?} has spaces at its start or end"),
            );
        } else if !seen.insert(name) {
            push(place(i), format!("{what} {name:?} is defined twice"));
        }
    }
}

/// How many items of a set use `item`: mentions with the label, events of
/// the type, sub-type or with the role, claims with the stance.
pub fn uses(set: &AnnotationSet, item: &SchemaItem) -> usize {
    match item {
        SchemaItem::EntityLabel(name) => set.mentions.iter().filter(|m| &m.label == name).count(),
        SchemaItem::EventType(name) => set.events.iter().filter(|e| &e.event_type == name).count(),
        SchemaItem::SubType { event_type, name } => set
            .events
            .iter()
            .filter(|e| &e.event_type == event_type && e.sub_type.as_ref() == Some(name))
            .count(),
        SchemaItem::Role(name) => set
            .events
            .iter()
            .filter(|e| e.roles.contains_key(name))
            .count(),
        SchemaItem::Stance(name) => set.claims.iter().filter(|c| &c.stance == name).count(),
    }
}

/// What [`apply_to_annotations`] did to one set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SetChanges {
    /// Items whose name changed.
    pub renamed: usize,
    /// Items deleted, or stripped of a removed sub-type or role.
    pub removed: usize,
}

impl SetChanges {
    pub fn any(self) -> bool {
        self.renamed + self.removed > 0
    }
}

/// The changes as maps from each old name to its new one (`None`: removed).
#[derive(Default)]
struct NameMaps<'a> {
    labels: HashMap<&'a str, Option<&'a str>>,
    types: HashMap<&'a str, Option<&'a str>>,
    sub_types: HashMap<(&'a str, &'a str), Option<&'a str>>,
    roles: HashMap<&'a str, Option<&'a str>>,
    stances: HashMap<&'a str, Option<&'a str>>,
}

impl<'a> NameMaps<'a> {
    fn of(changes: &'a [SchemaChange]) -> Self {
        let mut maps = Self::default();
        for change in changes {
            let (item, to) = match change {
                SchemaChange::Rename { item, to } => (item, Some(to.as_str())),
                SchemaChange::Remove(item) => (item, None),
            };
            match item {
                SchemaItem::EntityLabel(name) => maps.labels.insert(name, to),
                SchemaItem::EventType(name) => maps.types.insert(name, to),
                SchemaItem::SubType { event_type, name } => {
                    maps.sub_types.insert((event_type, name), to)
                }
                SchemaItem::Role(name) => maps.roles.insert(name, to),
                SchemaItem::Stance(name) => maps.stances.insert(name, to),
            };
        }
        maps
    }
}

/// Applies renames and removals to one annotation set (see the module's
/// notes for what a removal does to the items using the name).
pub fn apply_to_annotations(set: &mut AnnotationSet, changes: &[SchemaChange]) -> SetChanges {
    let maps = NameMaps::of(changes);
    let mut done = SetChanges::default();

    let mut removed_mentions: HashSet<MentionId> = HashSet::new();
    set.mentions
        .retain_mut(|m| match maps.labels.get(m.label.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut m.label);
                done.renamed += 1;
                true
            }
            Some(None) => {
                removed_mentions.insert(m.id);
                done.removed += 1;
                false
            }
            None => true,
        });

    let mut removed_events = HashSet::new();
    set.events.retain_mut(|e| {
        let original_type = e.event_type.clone();
        let mut renamed = false;
        if let Some(sub) = e.sub_type.clone() {
            match maps.sub_types.get(&(original_type.as_str(), sub.as_str())) {
                Some(Some(to)) => {
                    e.sub_type = Some((*to).to_owned());
                    renamed = true;
                }
                Some(None) => {
                    e.sub_type = None;
                    done.removed += 1;
                }
                None => {}
            }
        }
        match maps.types.get(original_type.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut e.event_type);
                renamed = true;
            }
            Some(None) => {
                removed_events.insert(e.id);
                done.removed += 1;
                return false;
            }
            None => {}
        }
        let roles = std::mem::take(&mut e.roles);
        for (role, mut fillers) in roles {
            let role = match maps.roles.get(role.as_str()) {
                Some(Some(to)) => {
                    renamed = true;
                    (*to).to_owned()
                }
                Some(None) => {
                    done.removed += 1;
                    continue;
                }
                None => role,
            };
            let before = fillers.len();
            fillers.retain(|f| !removed_mentions.contains(f));
            if fillers.len() != before {
                done.removed += 1;
            }
            if !fillers.is_empty() {
                e.roles.entry(role).or_default().extend(fillers);
            }
        }
        done.renamed += usize::from(renamed);
        true
    });

    set.claims.retain_mut(|c| {
        match maps.stances.get(c.stance.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut c.stance);
                done.renamed += 1;
            }
            Some(None) => {
                done.removed += 1;
                return false;
            }
            None => {}
        }
        let mut unlinked = false;
        if let Some(ClaimSource::Mention(source)) = &c.source
            && removed_mentions.contains(source)
        {
            c.source = None;
            unlinked = true;
        }
        let before = c.responsible.len();
        c.responsible.retain(|r| !removed_mentions.contains(r));
        unlinked |= c.responsible.len() != before;
        let before = c.events.len();
        c.events.retain(|e| !removed_events.contains(e));
        unlinked |= c.events.len() != before;
        done.removed += usize::from(unlinked);
        true
    });
    done
}

/// Applies renames and removals to the schema itself, role hints included.
pub fn apply_to_schema(schema: &mut Schema, changes: &[SchemaChange]) {
    let maps = NameMaps::of(changes);
    schema
        .entity_labels
        .retain_mut(|l| match maps.labels.get(l.name.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut l.name);
                true
            }
            Some(None) => false,
            None => true,
        });
    for role in &mut schema.roles {
        role.labels
            .retain_mut(|l| match maps.labels.get(l.as_str()) {
                Some(Some(to)) => {
                    (*to).clone_into(l);
                    true
                }
                Some(None) => false,
                None => true,
            });
    }
    schema.event_types.retain_mut(|t| {
        let original = t.name.clone();
        t.sub_types.retain_mut(
            |s| match maps.sub_types.get(&(original.as_str(), s.as_str())) {
                Some(Some(to)) => {
                    (*to).clone_into(s);
                    true
                }
                Some(None) => false,
                None => true,
            },
        );
        match maps.types.get(original.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut t.name);
                true
            }
            Some(None) => false,
            None => true,
        }
    });
    schema
        .roles
        .retain_mut(|r| match maps.roles.get(r.name.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut r.name);
                true
            }
            Some(None) => false,
            None => true,
        });
    schema
        .stances
        .retain_mut(|s| match maps.stances.get(s.name.as_str()) {
            Some(Some(to)) => {
                (*to).clone_into(&mut s.name);
                true
            }
            Some(None) => false,
            None => true,
        });
}

/// Why changes cannot be applied to `old` to give `new`: a name changed
/// that `old` does not have, a rename onto a name that stays, a removed
/// name still in `new`, a renamed one missing from it. Empty when they fit.
pub fn check_changes(old: &Schema, new: &Schema, changes: &[SchemaChange]) -> Vec<String> {
    let changed: HashSet<&SchemaItem> = changes
        .iter()
        .map(|c| match c {
            SchemaChange::Rename { item, .. } | SchemaChange::Remove(item) => item,
        })
        .collect();
    // A sub-type lives under its type's new name in `new`.
    let type_renames: HashMap<&str, &str> = changes
        .iter()
        .filter_map(|c| match c {
            SchemaChange::Rename {
                item: SchemaItem::EventType(name),
                to,
            } => Some((name.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    let in_new = |item: &SchemaItem| match item {
        SchemaItem::SubType { event_type, name } => SchemaItem::SubType {
            event_type: type_renames
                .get(event_type.as_str())
                .map_or(event_type.clone(), |t| (*t).to_owned()),
            name: name.clone(),
        }
        .is_in(new),
        other => other.is_in(new),
    };
    let mut problems = Vec::new();
    for change in changes {
        match change {
            SchemaChange::Rename { item, to } => {
                let target = item.renamed(to);
                if !item.is_in(old) {
                    problems.push(format!(
                        "cannot rename {item}: the project's schema has no such name"
                    ));
                } else if target.is_in(old) && !changed.contains(&target) {
                    problems.push(format!(
                        "cannot rename {item} to {to:?}: {target} already exists"
                    ));
                } else if !in_new(&target) {
                    problems.push(format!(
                        "{item} is renamed to {to:?}, but the new schema has no {target}"
                    ));
                }
            }
            SchemaChange::Remove(item) => {
                if !item.is_in(old) {
                    problems.push(format!(
                        "cannot remove {item}: the project's schema has no such name"
                    ));
                } else if in_new(item) {
                    problems.push(format!("{item} is removed but still in the new schema"));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, ClaimId, Event, EventId, Mention, Review, Span};
    use std::collections::BTreeMap;

    fn mention(id: u32, label: &str) -> Mention {
        Mention {
            id: MentionId(id),
            span: Span::new(0, 1),
            text: "J".into(),
            label: label.into(),
            actor: None,
            attributes: BTreeMap::new(),
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// JNIM (armed group) and the army (state force) in an event and a claim.
    fn set() -> AnnotationSet {
        let mut set = AnnotationSet::new(crate::model::DocumentId::for_text("x"), "ana");
        set.mentions = vec![mention(1, "ARMED_GROUP"), mention(2, "STATE_FORCE")];
        set.events = vec![Event {
            id: EventId(1),
            trigger: Span::new(0, 1),
            trigger_text: "J".into(),
            event_type: "Battles".into(),
            sub_type: Some("Armed clash".into()),
            roles: BTreeMap::from([
                ("agent".to_owned(), vec![MentionId(1)]),
                ("target".to_owned(), vec![MentionId(2)]),
            ]),
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        }];
        set.claims = vec![Claim {
            id: ClaimId(1),
            cue: Span::new(0, 1),
            cue_text: "J".into(),
            stance: "Claimed".into(),
            source: Some(ClaimSource::Mention(MentionId(1))),
            responsible: vec![MentionId(1)],
            events: vec![EventId(1)],
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        }];
        set
    }

    fn rename(item: SchemaItem, to: &str) -> SchemaChange {
        SchemaChange::Rename {
            item,
            to: to.into(),
        }
    }

    #[test]
    fn the_default_schema_is_valid_and_each_kind_of_mistake_is_named() {
        let mut schema = Schema::conflict_default();
        assert_eq!(validate(&schema), Vec::new());
        for role in &mut schema.roles {
            role.labels.clear();
        }
        schema.entity_labels[1].shortcut = Some('1');
        schema.entity_labels[2].name = String::new();
        schema.entity_labels[3].name = "ARMED_GROUP".into();
        schema.entity_labels[4].shortcut = Some('x');
        schema.event_types[0].sub_types.push("Armed clash".into());
        schema.roles[0].name = " agent".into();
        schema.stances[1].name = "Claimed".into();
        let problems = validate(&schema);
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            messages.contains(&"shortcut 1 is used by both \"ARMED_GROUP\" and \"STATE_FORCE\""),
            "{messages:?}"
        );
        assert!(messages.contains(&"entity label 3 has no name"));
        assert!(messages.contains(&"entity label \"ARMED_GROUP\" is defined twice"));
        assert!(messages.iter().any(|m| m.contains("must be a digit 1–9")));
        assert!(messages.contains(&"sub-type of \"Battles\" \"Armed clash\" is defined twice"));
        assert!(messages.contains(&"role \" agent\" has spaces at its start or end"));
        assert!(messages.contains(&"stance \"Claimed\" is defined twice"));
        assert_eq!(problems.len(), 7, "{messages:?}");
        assert_eq!(problems[0].place, SchemaPlace::EntityLabel(2));
        assert!(
            problems
                .iter()
                .any(|p| p.place
                    == SchemaPlace::SubType(0, schema.event_types[0].sub_types.len() - 1))
        );
    }

    #[test]
    fn a_role_hint_must_name_a_label_of_the_schema() {
        let mut schema = Schema::conflict_default();
        schema.roles[0].labels.push("VEHICLE".into());
        let problems = validate(&schema);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].place, SchemaPlace::Role(0));
        assert!(problems[0].message.contains("VEHICLE"));
    }

    #[test]
    fn a_rename_changes_names_and_keeps_every_item_and_review() {
        let mut renamed = set();
        let changes = [
            rename(SchemaItem::EntityLabel("ARMED_GROUP".into()), "NSAG"),
            rename(SchemaItem::EventType("Battles".into()), "Clashes"),
            rename(
                SchemaItem::SubType {
                    event_type: "Battles".into(),
                    name: "Armed clash".into(),
                },
                "Firefight",
            ),
            rename(SchemaItem::Role("agent".into()), "perpetrator"),
            rename(SchemaItem::Stance("Claimed".into()), "SelfAttributed"),
        ];
        let done = apply_to_annotations(&mut renamed, &changes);
        assert_eq!(
            done,
            SetChanges {
                renamed: 3,
                removed: 0
            }
        );
        let original = set();
        assert_eq!(renamed.mentions[0].label, "NSAG");
        assert_eq!(renamed.mentions[0].review, original.mentions[0].review);
        assert_eq!(renamed.mentions[1], original.mentions[1]);
        let event = &renamed.events[0];
        assert_eq!(event.event_type, "Clashes");
        assert_eq!(event.sub_type.as_deref(), Some("Firefight"));
        assert_eq!(event.roles["perpetrator"], [MentionId(1)]);
        assert_eq!(renamed.claims[0].stance, "SelfAttributed");
        assert_eq!(renamed.claims[0].events, [EventId(1)]);
    }

    #[test]
    fn two_names_can_be_swapped() {
        let mut swapped = set();
        apply_to_annotations(
            &mut swapped,
            &[
                rename(SchemaItem::EntityLabel("ARMED_GROUP".into()), "STATE_FORCE"),
                rename(SchemaItem::EntityLabel("STATE_FORCE".into()), "ARMED_GROUP"),
            ],
        );
        assert_eq!(swapped.mentions[0].label, "STATE_FORCE");
        assert_eq!(swapped.mentions[1].label, "ARMED_GROUP");
    }

    #[test]
    fn removing_a_label_deletes_its_mentions_and_every_link_to_them() {
        let mut removed = set();
        let item = SchemaItem::EntityLabel("ARMED_GROUP".into());
        assert_eq!(uses(&removed, &item), 1);
        let done = apply_to_annotations(&mut removed, &[SchemaChange::Remove(item.clone())]);
        assert_eq!(uses(&removed, &item), 0);
        assert_eq!(removed.mentions.len(), 1);
        assert!(!removed.events[0].roles.contains_key("agent"));
        assert_eq!(removed.events[0].roles["target"], [MentionId(2)]);
        assert_eq!(removed.claims[0].source, None);
        assert!(removed.claims[0].responsible.is_empty());
        assert_eq!(done.removed, 3, "the mention, the role, the claim's links");
        let schema = Schema::conflict_default();
        assert!(removed.problems("J", &schema).is_empty(), "no dangling id");
    }

    #[test]
    fn removing_a_type_deletes_its_events_and_a_sub_type_only_clears_it() {
        let mut cleared = set();
        apply_to_annotations(
            &mut cleared,
            &[SchemaChange::Remove(SchemaItem::SubType {
                event_type: "Battles".into(),
                name: "Armed clash".into(),
            })],
        );
        assert_eq!(cleared.events[0].sub_type, None);
        assert_eq!(cleared.events[0].event_type, "Battles");
        let mut removed = set();
        apply_to_annotations(
            &mut removed,
            &[
                SchemaChange::Remove(SchemaItem::EventType("Battles".into())),
                SchemaChange::Remove(SchemaItem::Stance("Reported".into())),
            ],
        );
        assert!(removed.events.is_empty());
        assert_eq!(removed.claims[0].events, [], "unlinked, kept");
        let mut no_claims = set();
        apply_to_annotations(
            &mut no_claims,
            &[SchemaChange::Remove(SchemaItem::Stance("Claimed".into()))],
        );
        assert!(no_claims.claims.is_empty());
    }

    #[test]
    fn the_schema_follows_renames_and_removals_and_changes_are_checked_against_it() {
        let old = Schema::conflict_default();
        let changes = [
            rename(SchemaItem::EntityLabel("ARMED_GROUP".into()), "NSAG"),
            SchemaChange::Remove(SchemaItem::EntityLabel("CIVILIANS".into())),
        ];
        let mut new = old.clone();
        apply_to_schema(&mut new, &changes);
        assert_eq!(new.entity_labels[0].name, "NSAG");
        assert_eq!(new.entity_labels[0].shortcut, Some('1'));
        assert!(new.entity_label("CIVILIANS").is_none());
        assert!(
            new.roles
                .iter()
                .all(|r| !r.labels.iter().any(|l| l == "ARMED_GROUP"))
        );
        assert_eq!(validate(&new), Vec::new());
        assert_eq!(check_changes(&old, &new, &changes), Vec::<String>::new());

        let onto_existing = [rename(
            SchemaItem::EntityLabel("ARMED_GROUP".into()),
            "STATE_FORCE",
        )];
        let problems = check_changes(&old, &old, &onto_existing);
        assert_eq!(
            problems,
            [
                "cannot rename entity label \"ARMED_GROUP\" to \"STATE_FORCE\": entity label \"STATE_FORCE\" already exists"
            ]
        );
        let type_and_sub = [
            rename(SchemaItem::EventType("Battles".into()), "Clashes"),
            rename(
                SchemaItem::SubType {
                    event_type: "Battles".into(),
                    name: "Armed clash".into(),
                },
                "Firefight",
            ),
        ];
        let mut renamed = old.clone();
        apply_to_schema(&mut renamed, &type_and_sub);
        assert!(
            renamed
                .event_type("Clashes")
                .unwrap()
                .sub_types
                .contains(&"Firefight".to_owned())
        );
        assert_eq!(
            check_changes(&old, &renamed, &type_and_sub),
            Vec::<String>::new()
        );
        let unknown = [SchemaChange::Remove(SchemaItem::Stance("Rumoured".into()))];
        assert!(check_changes(&old, &old, &unknown)[0].contains("no such name"));
    }
}
