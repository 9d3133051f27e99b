//! One annotator's annotations of one document: the unit that is stored in
//! one file, so that teams share a project through git without conflicts.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{
    Attribute, Claim, ClaimId, ClaimSource, DocumentId, Equivalence, Event, EventId, Mention,
    MentionId, Normalization, Note, Relation, RelationId, Schema, StatusKind, Target,
};

/// Refers to one item of an [`AnnotationSet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemRef {
    Mention(MentionId),
    Event(EventId),
    Claim(ClaimId),
}

impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemRef::Mention(id) => id.fmt(f),
            ItemRef::Event(id) => id.fmt(f),
            ItemRef::Claim(id) => id.fmt(f),
        }
    }
}

/// Items found twice under one id in one file ([`AnnotationSet::remove_copies`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DuplicateItems {
    /// Exact copies, removed.
    pub removed: Vec<ItemRef>,
    /// Ids held by two different items, both kept.
    pub conflicting: Vec<ItemRef>,
}

fn remove_copies_of<T: PartialEq>(
    items: &mut Vec<T>,
    id: impl Fn(&T) -> ItemRef,
    found: &mut DuplicateItems,
) {
    let mut first_of: HashMap<ItemRef, usize> = HashMap::new();
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let key = id(&item);
        match first_of.get(&key) {
            Some(&first) if kept[first] == item => found.removed.push(key),
            Some(_) => {
                found.conflicting.push(key);
                kept.push(item);
            }
            None => {
                first_of.insert(key, kept.len());
                kept.push(item);
            }
        }
    }
    *items = kept;
}

/// The most items (mentions, events and claims together) one annotator's
/// file of one document may hold. Twenty thousand mentions in a long
/// article are normal; a pathological record or a runaway suggester that
/// would write millions (gigabytes of annotation, as a 25 MB doccano record
/// once did) is refused by import and suggest instead, naming the document.
pub const MAX_ITEMS_PER_DOCUMENT: usize = 100_000;

/// Everything one annotator recorded on one document. Stored under short
/// field names, empty lists left out (format 2: see `crate::store`); the
/// long names of format 1 still read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnnotationSet {
    #[serde(rename = "d", alias = "document")]
    pub document: DocumentId,
    #[serde(rename = "a", alias = "annotator")]
    pub annotator: String,
    #[serde(
        rename = "m",
        alias = "mentions",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub mentions: Vec<Mention>,
    #[serde(
        rename = "e",
        alias = "events",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub events: Vec<Event>,
    #[serde(
        rename = "c",
        alias = "claims",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub claims: Vec<Claim>,
    /// Set when the annotator declared the document complete: text with no
    /// gold mention is then a negative example for the recommenders. Absent
    /// from files of unfinished documents, so older files read and round-trip
    /// unchanged.
    #[serde(
        rename = "f",
        alias = "finished",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub finished: Option<Finished>,
    /// Seconds the annotator spent working on this document in the window,
    /// idle time left out (see `app::activity`). Absent while zero, so
    /// older files read and round-trip unchanged.
    #[serde(
        rename = "w",
        alias = "active_seconds",
        default,
        skip_serializing_if = "is_zero"
    )]
    pub active_seconds: u64,
    /// Typed relations between items beyond roles and claims (brat `R`).
    /// This and the lists below are absent from files that have none, so
    /// older files read and round-trip unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Attributes of events, claims and relations (a mention keeps its own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<Attribute>,
    /// Sets of items that are the same thing (brat `*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equivalences: Vec<Equivalence>,
    /// References into knowledge bases other than Attest's catalogue.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub normalizations: Vec<Normalization>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

/// Who declared a document's annotation complete, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finished {
    #[serde(rename = "b", alias = "by")]
    pub by: String,
    #[serde(rename = "t", alias = "at")]
    pub at: jiff::Timestamp,
}

impl AnnotationSet {
    pub fn new(document: DocumentId, annotator: &str) -> Self {
        Self {
            document,
            annotator: annotator.to_owned(),
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
            finished: None,
            active_seconds: 0,
            relations: Vec::new(),
            attributes: Vec::new(),
            equivalences: Vec::new(),
            normalizations: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Whether the annotator declared this document's annotation complete.
    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.mentions.is_empty() && self.events.is_empty() && self.claims.is_empty()
    }

    /// Whether a mention, event or claim is still an open suggestion
    /// (stops at the first).
    pub fn has_open_suggestions(&self) -> bool {
        self.mentions.iter().any(|m| m.review.status.is_open())
            || self.events.iter().any(|e| e.review.status.is_open())
            || self.claims.iter().any(|c| c.review.status.is_open())
    }

    /// Mentions, events and claims together.
    pub fn item_count(&self) -> usize {
        self.mentions.len() + self.events.len() + self.claims.len()
    }

    /// Why this set is too large to save ([`MAX_ITEMS_PER_DOCUMENT`]), if it is.
    pub fn too_many_items(&self) -> Option<String> {
        let count = self.item_count();
        (count > MAX_ITEMS_PER_DOCUMENT).then(|| {
            format!(
                "document {} would hold {count} items for {}, more than the limit of \
                 {MAX_ITEMS_PER_DOCUMENT} per document; not saved",
                self.document, self.annotator
            )
        })
    }

    /// A mention id not used yet in this file.
    pub fn next_mention_id(&self) -> MentionId {
        MentionId(self.mentions.iter().map(|m| m.id.0).max().unwrap_or(0) + 1)
    }

    pub fn next_event_id(&self) -> EventId {
        EventId(self.events.iter().map(|e| e.id.0).max().unwrap_or(0) + 1)
    }

    pub fn next_claim_id(&self) -> ClaimId {
        ClaimId(self.claims.iter().map(|c| c.id.0).max().unwrap_or(0) + 1)
    }

    pub fn next_relation_id(&self) -> RelationId {
        RelationId(self.relations.iter().map(|r| r.id.0).max().unwrap_or(0) + 1)
    }

    /// Whether `item` names an item of this file.
    pub fn contains(&self, item: ItemRef) -> bool {
        match item {
            ItemRef::Mention(id) => self.mention(id).is_some(),
            ItemRef::Event(id) => self.event(id).is_some(),
            ItemRef::Claim(id) => self.claim(id).is_some(),
        }
    }

    /// Whether `target` names an item or a relation of this file.
    pub fn contains_target(&self, target: Target) -> bool {
        match target {
            Target::Item(item) => self.contains(item),
            Target::Relation(id) => self.relations.iter().any(|r| r.id == id),
            Target::Document => true,
        }
    }

    pub fn mention(&self, id: MentionId) -> Option<&Mention> {
        self.mentions.iter().find(|m| m.id == id)
    }

    pub fn mention_mut(&mut self, id: MentionId) -> Option<&mut Mention> {
        self.mentions.iter_mut().find(|m| m.id == id)
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.events.iter().find(|e| e.id == id)
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// Puts items in reading order (then by id) so that saved files are
    /// stable and diffs stay small.
    pub fn sort(&mut self) {
        self.mentions
            .sort_by(|a, b| (a.span, &a.label, a.id).cmp(&(b.span, &b.label, b.id)));
        self.events.sort_by_key(|e| (e.trigger, e.id));
        self.claims.sort_by_key(|c| (c.cue, c.id));
        self.relations.sort_by_key(|r| r.id);
    }

    /// Items written twice in the file under one id (a line duplicated by
    /// a merge or by hand). An exact copy adds nothing: it is removed and
    /// listed. Two different items under one id stay, and are listed as
    /// conflicting: what refers to the id cannot tell them apart.
    pub fn remove_copies(&mut self) -> DuplicateItems {
        let mut found = DuplicateItems::default();
        remove_copies_of(&mut self.mentions, |m| ItemRef::Mention(m.id), &mut found);
        remove_copies_of(&mut self.events, |e| ItemRef::Event(e.id), &mut found);
        remove_copies_of(&mut self.claims, |c| ItemRef::Claim(c.id), &mut found);
        found
    }

    /// Number of items (mentions, events and claims) per status.
    pub fn count_by_status(&self) -> BTreeMap<StatusKind, usize> {
        let mut counts = BTreeMap::new();
        let statuses = self
            .mentions
            .iter()
            .map(|m| &m.review.status)
            .chain(self.events.iter().map(|e| &e.review.status))
            .chain(self.claims.iter().map(|c| &c.review.status))
            .chain(self.relations.iter().map(|r| &r.review.status));
        for status in statuses {
            *counts.entry(status.kind()).or_insert(0) += 1;
        }
        counts
    }

    /// Everything in the file that does not fit the document or the schema.
    pub fn problems(&self, text: &str, schema: &Schema) -> Vec<(ItemRef, String)> {
        let mut problems = Vec::new();
        let mut mention_ids = HashSet::new();
        for m in &self.mentions {
            let item = ItemRef::Mention(m.id);
            if !mention_ids.insert(m.id) {
                problems.push((item, format!("duplicate mention id {}", m.id)));
            }
            match m.span.validate(text) {
                Err(e) => problems.push((item, format!("mention {}: {e}", m.id))),
                Ok(()) => {
                    let covered = m.span.text(text).unwrap_or_default();
                    if covered != m.text {
                        problems.push((
                            item,
                            format!(
                                "mention {} says {:?} but its span covers {:?}",
                                m.id, m.text, covered
                            ),
                        ));
                    }
                }
            }
            if schema.entity_label(&m.label).is_none() {
                problems.push((
                    item,
                    format!(
                        "mention {} has label {:?}, not in the schema",
                        m.id, m.label
                    ),
                ));
            }
        }
        let event_ids: HashSet<EventId> = self.events.iter().map(|e| e.id).collect();
        for e in &self.events {
            let item = ItemRef::Event(e.id);
            if let Err(err) = e.trigger.validate(text) {
                problems.push((item, format!("event {} trigger: {err}", e.id)));
            }
            if schema.event_type(&e.event_type).is_none() {
                problems.push((
                    item,
                    format!(
                        "event {} has type {:?}, not in the schema",
                        e.id, e.event_type
                    ),
                ));
            }
            for (role, fillers) in &e.roles {
                if !schema.roles.iter().any(|r| &r.name == role) {
                    problems.push((
                        item,
                        format!("event {} has role {role:?}, not in the schema", e.id),
                    ));
                }
                for filler in fillers.iter().filter(|f| !mention_ids.contains(f)) {
                    problems.push((
                        item,
                        format!("event {} role {role} names missing mention {filler}", e.id),
                    ));
                }
            }
        }
        for c in &self.claims {
            let item = ItemRef::Claim(c.id);
            if let Err(err) = c.cue.validate(text) {
                problems.push((item, format!("claim {} cue: {err}", c.id)));
            }
            if !schema.stances.iter().any(|s| s.name == c.stance) {
                problems.push((
                    item,
                    format!(
                        "claim {} has stance {:?}, not in the schema",
                        c.id, c.stance
                    ),
                ));
            }
            if let Some(ClaimSource::Mention(source)) = &c.source
                && !mention_ids.contains(source)
            {
                problems.push((
                    item,
                    format!("claim {} source names missing mention {source}", c.id),
                ));
            }
            for r in c.responsible.iter().filter(|r| !mention_ids.contains(r)) {
                problems.push((
                    item,
                    format!("claim {} responsible names missing mention {r}", c.id),
                ));
            }
            for event in c.events.iter().filter(|e| !event_ids.contains(e)) {
                problems.push((item, format!("claim {} names missing event {event}", c.id)));
            }
        }
        for r in &self.relations {
            for end in [r.from, r.to].into_iter().filter(|i| !self.contains(*i)) {
                problems.push((
                    r.from,
                    format!("relation {} ({}) names missing item {end}", r.id, r.kind),
                ));
            }
        }
        let attached = self
            .attributes
            .iter()
            .map(|a| (a.target, "attribute"))
            .chain(
                self.normalizations
                    .iter()
                    .map(|n| (n.target, "normalization")),
            )
            .chain(self.notes.iter().map(|n| (n.target, "note")));
        for (target, what) in attached.filter(|(t, _)| !self.contains_target(*t)) {
            // Problems are listed by item: one attached to a missing
            // relation has none to name, and `attest check` reads the
            // relation's own problem.
            if let Target::Item(item) = target {
                problems.push((item, format!("{what} names missing {target}")));
            }
        }
        for e in &self.equivalences {
            for member in e.members.iter().filter(|m| !self.contains(**m)) {
                problems.push((
                    *member,
                    format!("{} set names missing item {member}", e.kind),
                ));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_finished_marker_is_absent_until_set_and_round_trips() {
        let mut set = AnnotationSet::new(DocumentId::for_text("x"), "ana");
        let unfinished = ron::to_string(&set).unwrap();
        assert!(!unfinished.contains("finished"), "{unfinished}");
        for absent in [
            "relations",
            "attributes",
            "equivalences",
            "normalizations",
            "notes",
        ] {
            assert!(
                !unfinished.contains(absent),
                "files without {absent} are unchanged: {unfinished}"
            );
        }
        let read: AnnotationSet = ron::from_str(&unfinished).unwrap();
        assert!(!read.is_finished());
        assert_eq!(read, set);

        set.finished = Some(Finished {
            by: "ana".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        });
        let finished = ron::to_string(&set).unwrap();
        let read: AnnotationSet = ron::from_str(&finished).unwrap();
        assert!(read.is_finished());
        assert_eq!(read, set);
    }
}
