//! What a record carries besides mentions, events and claims: generic
//! typed relations, attributes of events, claims and relations,
//! equivalence sets, normalisations and notes — each naming items by the
//! record's ids (`m1`, `e1`, `c1`, `r1`).
//!
//! Flattened into [`super::Record`] with every list absent when empty, so
//! records without them read and write exactly as before. Kept apart from
//! `record.rs` because only brat has a place for most of them today.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{
    AnnotationSet, Attribute, ClaimId, Equivalence, EventId, ItemRef, MentionId, Normalization,
    Note, Relation, RelationId, Review, Schema, Status, StatusKind, Target,
};

/// Relations, attributes, equivalences, normalisations and notes of a record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordExtras {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<RecordRelation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<RecordAttribute>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub equivalences: Vec<RecordEquivalence>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub normalizations: Vec<RecordNormalization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<RecordNote>,
}

fn accepted() -> StatusKind {
    StatusKind::Accepted
}

/// `Located(m1 → m2)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordRelation {
    #[serde(default)]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub from: String,
    pub to: String,
    /// The relation is an argument of its `from` event, `type` its role.
    #[serde(
        default,
        skip_serializing_if = "std::ops::Not::not",
        deserialize_with = "super::uniform::null_as_default"
    )]
    pub argument: bool,
    #[serde(default = "accepted")]
    pub status: StatusKind,
}

/// An attribute of an event, claim or relation (a mention keeps its own).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordAttribute {
    pub item: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordEquivalence {
    #[serde(rename = "type")]
    pub kind: String,
    pub members: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordNormalization {
    pub item: String,
    pub db: String,
    pub entry: String,
    #[serde(default)]
    pub text: String,
}

/// What a record's note, attribute or normalisation names for the whole
/// document rather than one of its items.
pub const DOCUMENT_ITEM: &str = "document";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordNote {
    /// An item's id (`m1`, `e1`, `c1`, `r1`), or [`DOCUMENT_ITEM`].
    pub item: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

impl RecordExtras {
    pub fn is_empty(&self) -> bool {
        self.relations.is_empty()
            && self.attributes.is_empty()
            && self.equivalences.is_empty()
            && self.normalizations.is_empty()
            && self.notes.is_empty()
    }

    /// The extras of `set` whose items the record kept (`mentions`,
    /// `events`, `claims` map the file's ids to the record's); relations
    /// are kept by `keep` on their status and numbered `r1…` in file order.
    pub(crate) fn from_annotations(
        set: &AnnotationSet,
        keep: &dyn Fn(&Status) -> bool,
        mentions: &HashMap<MentionId, String>,
        events: &HashMap<EventId, String>,
        claims: &HashMap<ClaimId, String>,
    ) -> Self {
        let item = |item: ItemRef| -> Option<String> {
            match item {
                ItemRef::Mention(id) => mentions.get(&id).cloned(),
                ItemRef::Event(id) => events.get(&id).cloned(),
                ItemRef::Claim(id) => claims.get(&id).cloned(),
            }
        };
        let mut relation_ids: HashMap<RelationId, String> = HashMap::new();
        let mut relations = Vec::new();
        for r in set.relations.iter().filter(|r| keep(&r.review.status)) {
            let (Some(from), Some(to)) = (item(r.from), item(r.to)) else {
                continue;
            };
            let id = format!("r{}", relations.len() + 1);
            relation_ids.insert(r.id, id.clone());
            relations.push(RecordRelation {
                id,
                kind: r.kind.clone(),
                from,
                to,
                argument: r.argument,
                status: r.review.status.kind(),
            });
        }
        let target = |target: Target| -> Option<String> {
            match target {
                Target::Item(i) => item(i),
                Target::Relation(id) => relation_ids.get(&id).cloned(),
                Target::Document => Some(DOCUMENT_ITEM.to_owned()),
            }
        };
        Self {
            relations,
            attributes: set
                .attributes
                .iter()
                .filter_map(|a| {
                    Some(RecordAttribute {
                        item: target(a.target)?,
                        name: a.name.clone(),
                        value: a.value.clone(),
                    })
                })
                .collect(),
            equivalences: set
                .equivalences
                .iter()
                .filter_map(|e| {
                    let members: Vec<String> = e.members.iter().filter_map(|m| item(*m)).collect();
                    (members.len() > 1).then(|| RecordEquivalence {
                        kind: e.kind.clone(),
                        members,
                    })
                })
                .collect(),
            normalizations: set
                .normalizations
                .iter()
                .filter_map(|n| {
                    Some(RecordNormalization {
                        item: target(n.target)?,
                        db: n.db.clone(),
                        entry: n.entry.clone(),
                        text: n.text.clone(),
                    })
                })
                .collect(),
            notes: set
                .notes
                .iter()
                .filter_map(|n| {
                    Some(RecordNote {
                        item: target(n.target)?,
                        kind: n.kind.clone(),
                        text: n.text.clone(),
                    })
                })
                .collect(),
        }
    }
}

/// Whether an attribute value is a word brat can hold on an `A` line and
/// list in `annotation.conf` (no spaces, `|` or `,`): a closed-set value
/// worth learning in the schema, unlike free text.
pub(crate) fn is_value_word(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '+'))
}

/// Adds the record's relation types and the attribute types of its
/// events, claims and relations (with their one-word values) to the schema;
/// returns what was added. A mention's attributes stay free-form, as they
/// always were, so that importing an export leaves the schema as it was.
pub(crate) fn ensure_schema(schema: &mut Schema, record: &super::Record) -> Vec<String> {
    let mut added = Vec::new();
    for r in &record.extras.relations {
        if r.argument {
            if !schema.roles.iter().any(|role| role.name == r.kind) {
                added.push(format!("role {}", r.kind));
                schema.roles.push(crate::model::Role {
                    name: r.kind.clone(),
                    labels: Vec::new(),
                    description: String::new(),
                });
            }
        } else if schema.ensure_relation_type(&r.kind, false) {
            added.push(format!("relation type {}", r.kind));
        }
    }
    for e in &record.extras.equivalences {
        if schema.ensure_relation_type(&e.kind, true) {
            added.push(format!("equivalence type {}", e.kind));
        }
    }
    // Free text is no closed set of values: only binary attributes and
    // one-word values are learned.
    let attributes = record
        .extras
        .attributes
        .iter()
        .map(|a| (a.name.as_str(), a.value.as_deref()))
        .filter(|(_, v)| v.is_none_or(is_value_word));
    for (name, value) in attributes {
        if let Some(what) = schema.ensure_attribute(name, value) {
            added.push(format!("attribute {what}"));
        }
    }
    added
}

/// What merging a record's extras did.
#[derive(Default)]
pub(crate) struct MergedExtras {
    pub added: usize,
    pub present: usize,
    pub problems: Vec<String>,
}

/// Merges the extras into `set`: `item` finds the file's item for a record
/// id, `review` gives an imported relation its review (`None`: not
/// imported). What is already in the file is not added twice.
pub(crate) fn merge(
    extras: &RecordExtras,
    set: &mut AnnotationSet,
    item: &dyn Fn(&str) -> Option<ItemRef>,
    review: &dyn Fn(StatusKind) -> Option<Review>,
) -> MergedExtras {
    let mut merged = MergedExtras::default();
    let mut relation_ids: HashMap<String, RelationId> = HashMap::new();
    for r in &extras.relations {
        let (Some(from), Some(to)) = (item(&r.from), item(&r.to)) else {
            merged.problems.push(format!(
                "relation {} {} names {} or {}, which is not in the record",
                r.id, r.kind, r.from, r.to
            ));
            continue;
        };
        let Some(review) = review(r.status) else {
            continue;
        };
        if let Some(found) = set
            .relations
            .iter()
            .find(|x| x.kind == r.kind && x.from == from && x.to == to && x.argument == r.argument)
        {
            relation_ids.insert(r.id.clone(), found.id);
            merged.present += 1;
            continue;
        }
        let id = set.next_relation_id();
        relation_ids.insert(r.id.clone(), id);
        set.relations.push(Relation {
            id,
            kind: r.kind.clone(),
            from,
            to,
            argument: r.argument,
            review,
        });
        merged.added += 1;
    }
    let target = |id: &str| -> Option<Target> {
        if id == DOCUMENT_ITEM {
            return Some(Target::Document);
        }
        item(id)
            .map(Target::Item)
            .or_else(|| relation_ids.get(id).copied().map(Target::Relation))
    };
    let mut missing = |what: &str, id: &str| {
        merged
            .problems
            .push(format!("{what} names {id}, which is not in the record"));
    };
    for a in &extras.attributes {
        let Some(target) = target(&a.item) else {
            missing(&format!("attribute {}", a.name), &a.item);
            continue;
        };
        let attribute = Attribute {
            target,
            name: a.name.clone(),
            value: a.value.clone(),
        };
        if !set.attributes.contains(&attribute) {
            set.attributes.push(attribute);
        }
    }
    for e in &extras.equivalences {
        let members: Vec<ItemRef> = e.members.iter().filter_map(|m| item(m)).collect();
        if members.len() < e.members.len() {
            missing(&format!("{} set", e.kind), &e.members.join(" "));
        }
        let same = |x: &Equivalence| {
            x.kind == e.kind && x.members.iter().collect::<HashSet<_>>() == members.iter().collect()
        };
        if members.len() > 1 && !set.equivalences.iter().any(same) {
            set.equivalences.push(Equivalence {
                kind: e.kind.clone(),
                members,
            });
        }
    }
    for n in &extras.normalizations {
        let Some(target) = target(&n.item) else {
            missing(&format!("normalisation {}:{}", n.db, n.entry), &n.item);
            continue;
        };
        let normalization = Normalization {
            target,
            db: n.db.clone(),
            entry: n.entry.clone(),
            text: n.text.clone(),
        };
        if !set.normalizations.contains(&normalization) {
            set.normalizations.push(normalization);
        }
    }
    let mut second_comments = Vec::new();
    for n in &extras.notes {
        let Some(target) = target(&n.item) else {
            missing("note", &n.item);
            continue;
        };
        let note = Note {
            target,
            kind: n.kind.clone(),
            text: n.text.clone(),
        };
        if set.notes.contains(&note) {
            continue;
        }
        // One comment per item and per document: the one there stays.
        let commented = n.kind == crate::edit::COMMENT_KIND
            && set
                .notes
                .iter()
                .any(|other| other.target == target && other.kind == n.kind);
        if commented {
            second_comments.push(format!(
                "{target} has a comment already; the record's is left out: {:?}",
                n.text
            ));
            continue;
        }
        set.notes.push(note);
    }
    merged.problems.extend(second_comments);
    merged
}
