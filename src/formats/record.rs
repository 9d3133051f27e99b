//! The record: one document with its annotations as every format sees it —
//! offsets in Unicode code points (end-exclusive), items numbered in
//! reading order, statuses as [`StatusKind`] names.
//!
//! It is exactly the shape of Attest's own `jsonl` format, and every other
//! format converts to and from it, so that the rules for offsets, ids,
//! filtering and merging live in one place instead of six.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::record_extras::{self, RecordExtras};
use super::uniform;
use crate::model::{
    AnnotationSet, CharOffsets, Claim, ClaimId, ClaimSource, Document, DocumentMeta, Event,
    EventId, ItemRef, Mention, MentionId, Review, Schema, Span, Status, StatusKind,
};

/// One document and its annotations, offsets in code points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The document id where Attest wrote the record; never trusted on
    /// import, where the id comes from the text.
    #[serde(default)]
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub meta: RecordMeta,
    #[serde(default)]
    pub mentions: Vec<RecordMention>,
    #[serde(default)]
    pub events: Vec<RecordEvent>,
    #[serde(default)]
    pub claims: Vec<RecordClaim>,
    /// Generic relations, attributes of other items, equivalences,
    /// normalisations and notes; absent when empty.
    #[serde(flatten)]
    pub extras: RecordExtras,
}

/// The document metadata that belongs in a dataset (not where or when it
/// was imported, which differ between projects). Its named fields are
/// always written, `null` where absent, so that every record has them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordMeta {
    pub title: Option<String>,
    pub source: Option<String>,
    pub dateline: Option<String>,
    pub date: Option<String>,
    pub language: Option<String>,
    pub sign_off: Option<String>,
    #[serde(
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "uniform::map_without_nulls"
    )]
    pub extra: BTreeMap<String, String>,
    /// The document's own tokens as code-point ranges (CoNLL, Prodigy),
    /// which a CoNLL export keeps; absent when the source gave none.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "uniform::null_as_default"
    )]
    pub tokens: Vec<(usize, usize)>,
    /// The name of the file the document came in (`PMID-10438843` for
    /// `PMID-10438843.ann`), which formats of one file per document (brat)
    /// write it under again; `None` for a record of a multi-record file.
    /// Never part of a record's JSON.
    #[serde(skip)]
    pub name: Option<String>,
}

impl RecordMeta {
    fn from_meta(meta: &DocumentMeta) -> Self {
        Self {
            title: meta.title.clone(),
            source: meta.source.clone(),
            dateline: meta.dateline.clone(),
            date: meta.date.clone(),
            language: meta.language.clone(),
            sign_off: meta.sign_off.clone(),
            extra: meta.extra.clone(),
            tokens: meta.tokens.clone(),
            name: meta.origin.as_deref().and_then(file_name_of),
        }
    }

    pub(crate) fn to_meta(&self) -> DocumentMeta {
        DocumentMeta {
            title: self.title.clone(),
            source: self.source.clone(),
            dateline: self.dateline.clone(),
            date: self.date.clone(),
            language: self.language.clone(),
            sign_off: self.sign_off.clone(),
            extra: self.extra.clone(),
            tokens: self.tokens.clone(),
            ..DocumentMeta::default()
        }
    }
}

/// The file stem of an origin that is a whole file (`corpus/PMID-1.ann`),
/// `None` for a record of a file (`all.jsonl:12`, as imports write it).
fn file_name_of(origin: &str) -> Option<String> {
    if let Some((_, line)) = origin.rsplit_once(':')
        && !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let stem = std::path::Path::new(origin).file_stem()?.to_str()?;
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// An item's status when a record does not say: what a hand-written or
/// foreign dataset holds is taken as accepted.
fn accepted() -> StatusKind {
    StatusKind::Accepted
}

/// The status named `name` (`accepted`, `corrected` …), as records and brat
/// attributes write it: the names are [`StatusKind::name`]'s, never a list
/// of our own.
pub(crate) fn status_named(name: &str) -> Option<StatusKind> {
    StatusKind::ALL.into_iter().find(|s| s.name() == name)
}

/// A code-point range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Offsets {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordMention {
    /// Refers to the mention from events and claims (`m1` …).
    #[serde(default)]
    pub id: String,
    pub start: usize,
    pub end: usize,
    /// The covered text; checked against the offsets on import when given.
    #[serde(default)]
    pub text: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "uniform::map_without_nulls"
    )]
    pub attributes: BTreeMap<String, String>,
    #[serde(default = "accepted")]
    pub status: StatusKind,
    /// With `"status": "suggested"`: the recommender that proposed it and
    /// its score, as the pipeline mode writes them; an import keeps them.
    /// Never written by an export (its items' keys stay the same in every
    /// record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggester: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordEvent {
    #[serde(default)]
    pub id: String,
    pub trigger: Offsets,
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub sub_type: Option<String>,
    #[serde(default)]
    pub roles: BTreeMap<String, Vec<String>>,
    #[serde(default = "accepted")]
    pub status: StatusKind,
    /// With `"status": "suggested"`: the recommender that proposed it and
    /// its score, as the pipeline mode writes them; an import keeps them.
    /// Never written by an export (its items' keys stay the same in every
    /// record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggester: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordClaim {
    #[serde(default)]
    pub id: String,
    pub cue: Offsets,
    pub stance: String,
    /// Always written as `{"mention": id|null, "reporter": name|null}`, so
    /// that the field has one type in every record (Arrow refuses a column
    /// that is sometimes a string and sometimes an object); a bare mention
    /// id or `{"reporter": …}`, as earlier versions wrote, still reads.
    #[serde(default, with = "source_field")]
    pub source: Option<RecordSource>,
    #[serde(default)]
    pub responsible: Vec<String>,
    /// The events the claim is about; always written, as a list, so the
    /// column has one type in every record. Earlier versions wrote one
    /// `"event": "e1"` (or left it out), which still reads.
    #[serde(default, alias = "event", deserialize_with = "one_or_many_ids")]
    pub events: Vec<String>,
    #[serde(default = "accepted")]
    pub status: StatusKind,
    /// With `"status": "suggested"`: the recommender that proposed it and
    /// its score, as the pipeline mode writes them; an import keeps them.
    /// Never written by an export (its items' keys stay the same in every
    /// record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggester: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

/// A claim's source: a mention of the record, or the reporter itself.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordSource {
    Mention(String),
    Reporter { reporter: String },
}

/// Reads a claim's events as written now (`["e1", "e2"]`) or before
/// (`"e1"`, or `null`).
fn one_or_many_ids<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        One(String),
        Many(Vec<String>),
    }
    Ok(match Option::<Given>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(Given::One(id)) => vec![id],
        Some(Given::Many(ids)) => ids,
    })
}

/// How a claim's source is written and read (see [`RecordClaim::source`]).
mod source_field {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::RecordSource;

    /// The one shape written: both keys, at most one of them set.
    #[derive(Serialize, Deserialize)]
    struct Both {
        #[serde(default)]
        mention: Option<String>,
        #[serde(default)]
        reporter: Option<String>,
    }

    /// What is read: the written shape, or a bare mention id as before.
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Given {
        Mention(String),
        Both(Both),
    }

    #[allow(clippy::ref_option)] // serde's `with` hands the field by reference
    pub fn serialize<S: Serializer>(
        source: &Option<RecordSource>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let both = match source {
            Some(RecordSource::Mention(id)) => Both {
                mention: Some(id.clone()),
                reporter: None,
            },
            Some(RecordSource::Reporter { reporter }) => Both {
                mention: None,
                reporter: Some(reporter.clone()),
            },
            None => Both {
                mention: None,
                reporter: None,
            },
        };
        both.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<RecordSource>, D::Error> {
        match Option::<Given>::deserialize(deserializer)? {
            None => Ok(None),
            Some(Given::Mention(id)) => Ok(Some(RecordSource::Mention(id))),
            Some(Given::Both(Both { mention, reporter })) => match (mention, reporter) {
                (Some(_), Some(_)) => Err(serde::de::Error::custom(
                    "a claim's source names a mention or a reporter, not both",
                )),
                (Some(id), None) => Ok(Some(RecordSource::Mention(id))),
                (None, Some(reporter)) => Ok(Some(RecordSource::Reporter { reporter })),
                (None, None) => Ok(None),
            },
        }
    }
}

/// The text covered by code-point offsets, if they fit.
pub fn slice_chars<'t>(
    text: &'t str,
    offsets: &CharOffsets,
    start: usize,
    end: usize,
) -> Option<&'t str> {
    let span = offsets.from_chars(start, end)?;
    (start < end).then(|| span.text(text)).flatten()
}

impl Record {
    /// The record of one document with the items `keep` selects, numbered
    /// `m1…`, `e1…`, `c1…` in reading order so that exports do not depend on
    /// the ids of one project. References to items left out are dropped.
    pub fn from_annotations(
        document: &Document,
        set: &AnnotationSet,
        keep: impl Fn(&Status) -> bool,
    ) -> Self {
        let offsets = CharOffsets::new(&document.text);
        // A span that does not fit the text, or cuts a character apart, is
        // left out (the export lists it).
        let fits =
            |span: Span| offsets.to_chars(span).is_some() && span.validate(&document.text).is_ok();
        let mut mentions: Vec<&Mention> = set
            .mentions
            .iter()
            .filter(|m| keep(&m.review.status) && fits(m.span))
            .collect();
        mentions.sort_by(|a, b| (a.span, &a.label).cmp(&(b.span, &b.label)));
        let mention_ids: HashMap<MentionId, String> = mentions
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id, format!("m{}", i + 1)))
            .collect();
        let record_mentions = mentions
            .iter()
            .filter_map(|m| {
                let (start, end) = offsets.to_chars(m.span)?;
                Some(RecordMention {
                    id: mention_ids.get(&m.id)?.clone(),
                    start,
                    end,
                    text: m.span.text(&document.text)?.to_owned(),
                    label: m.label.clone(),
                    actor: m.actor.clone(),
                    attributes: m.attributes.clone(),
                    status: m.review.status.kind(),
                    suggester: None,
                    score: None,
                })
            })
            .collect();

        let mut events: Vec<&Event> = set
            .events
            .iter()
            .filter(|e| keep(&e.review.status) && fits(e.trigger))
            .collect();
        events.sort_by(|a, b| (a.trigger, &a.event_type).cmp(&(b.trigger, &b.event_type)));
        let event_ids: HashMap<_, String> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id, format!("e{}", i + 1)))
            .collect();
        let record_events = events
            .iter()
            .filter_map(|e| {
                let (start, end) = offsets.to_chars(e.trigger)?;
                let roles = e
                    .roles
                    .iter()
                    .map(|(role, fillers)| {
                        let ids: Vec<String> = fillers
                            .iter()
                            .filter_map(|f| mention_ids.get(f).cloned())
                            .collect();
                        (role.clone(), ids)
                    })
                    .filter(|(_, ids)| !ids.is_empty())
                    .collect();
                Some(RecordEvent {
                    id: event_ids.get(&e.id)?.clone(),
                    trigger: Offsets { start, end },
                    event_type: e.event_type.clone(),
                    sub_type: e.sub_type.clone(),
                    roles,
                    status: e.review.status.kind(),
                    suggester: None,
                    score: None,
                })
            })
            .collect();

        let mut claims: Vec<&Claim> = set
            .claims
            .iter()
            .filter(|c| keep(&c.review.status) && fits(c.cue))
            .collect();
        claims.sort_by(|a, b| (a.cue, &a.stance).cmp(&(b.cue, &b.stance)));
        let claim_ids: HashMap<ClaimId, String> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id, format!("c{}", i + 1)))
            .collect();
        let record_claims = claims
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let (start, end) = offsets.to_chars(c.cue)?;
                let source = match &c.source {
                    Some(ClaimSource::Mention(id)) => {
                        mention_ids.get(id).cloned().map(RecordSource::Mention)
                    }
                    Some(ClaimSource::Reporter(name)) => Some(RecordSource::Reporter {
                        reporter: name.clone(),
                    }),
                    None => None,
                };
                Some(RecordClaim {
                    id: format!("c{}", i + 1),
                    cue: Offsets { start, end },
                    stance: c.stance.clone(),
                    source,
                    responsible: c
                        .responsible
                        .iter()
                        .filter_map(|r| mention_ids.get(r).cloned())
                        .collect(),
                    events: c
                        .events
                        .iter()
                        .filter_map(|e| event_ids.get(e).cloned())
                        .collect(),
                    status: c.review.status.kind(),
                    suggester: None,
                    score: None,
                })
            })
            .collect();

        Self {
            id: document.id.to_string(),
            text: document.text.clone(),
            meta: RecordMeta::from_meta(&document.meta),
            mentions: record_mentions,
            events: record_events,
            claims: record_claims,
            extras: RecordExtras::from_annotations(
                set,
                &keep,
                &mention_ids,
                &event_ids,
                &claim_ids,
            ),
        }
    }

    /// Number of mentions, events and claims.
    pub fn item_count(&self) -> usize {
        self.mentions.len() + self.events.len() + self.claims.len()
    }
}

/// How imported items are reviewed.
#[derive(Clone, Debug)]
pub(crate) struct Reviewer<'a> {
    pub as_suggestions: bool,
    pub annotator: &'a str,
    pub source: &'a str,
    pub at: jiff::Timestamp,
}

impl Reviewer<'_> {
    /// The review an imported item gets, or `None` when it is not imported
    /// (a rejected item loaded as suggestions).
    fn review(&self, status: StatusKind) -> Option<Review> {
        if self.as_suggestions {
            return (status != StatusKind::Rejected)
                .then(|| Review::suggested(self.annotator, self.source, 1.0, self.at));
        }
        let decided = |status| Review {
            status,
            by: self.annotator.to_owned(),
            at: self.at,
            proposed: None,
        };
        Some(match status {
            StatusKind::Accepted => Review::accepted(self.annotator, self.at),
            StatusKind::Corrected => decided(Status::Corrected),
            StatusKind::Rejected => decided(Status::Rejected),
            StatusKind::Suggested => Review::suggested(self.annotator, self.source, 1.0, self.at),
        })
    }
}

/// What merging one record did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Merged {
    pub added: usize,
    /// Items already in the annotator's file (an open suggestion among
    /// them is decided when the import is gold).
    pub present: usize,
    /// Rejected items skipped because they were loaded as suggestions.
    pub skipped_rejected: usize,
    /// Labels, event types, sub-types, roles and stances added to the schema.
    pub schema_added: Vec<String>,
    /// Items that do not fit the text, with why.
    pub problems: Vec<String>,
}

/// Settles an existing item against an imported one: a gold import decides
/// an open suggestion.
fn settle(existing: &mut Review, imported: &Review) {
    if existing.status.is_open() && !imported.status.is_open() {
        *existing = existing.decided(imported.status.clone(), &imported.by, imported.at);
    }
}

fn ensure_schema(schema: &mut Schema, record: &Record, added: &mut Vec<String>) {
    for m in &record.mentions {
        if schema.ensure_entity_label(&m.label) {
            added.push(format!("entity label {}", m.label));
        }
    }
    for e in &record.events {
        let event_type = match schema
            .event_types
            .iter_mut()
            .find(|t| t.name == e.event_type)
        {
            Some(t) => t,
            None => {
                added.push(format!("event type {}", e.event_type));
                schema.event_types.push(crate::model::EventType {
                    name: e.event_type.clone(),
                    sub_types: Vec::new(),
                    description: String::new(),
                });
                let last = schema.event_types.len() - 1;
                &mut schema.event_types[last]
            }
        };
        if let Some(sub) = &e.sub_type
            && !event_type.sub_types.contains(sub)
        {
            added.push(format!("sub-type {sub} of {}", e.event_type));
            event_type.sub_types.push(sub.clone());
        }
        for role in e.roles.keys() {
            if !schema.roles.iter().any(|r| &r.name == role) {
                added.push(format!("role {role}"));
                schema.roles.push(crate::model::Role {
                    name: role.clone(),
                    labels: Vec::new(),
                    description: String::new(),
                });
            }
        }
    }
    for c in &record.claims {
        if !schema.stances.iter().any(|s| s.name == c.stance) {
            added.push(format!("stance {}", c.stance));
            schema.stances.push(crate::model::StanceDef {
                name: c.stance.clone(),
                description: String::new(),
            });
        }
    }
}

/// Merges a record into `set` (the annotator's file for the record's
/// document, whose text is `record.text`). Items already there (same span
/// and label; same trigger, type and role fillers; or same cue and stance)
/// are not added twice.
pub(crate) fn merge(
    record: &Record,
    set: &mut AnnotationSet,
    schema: &mut Schema,
    reviewer: &Reviewer<'_>,
) -> Merged {
    let mut merger = Merger {
        text: &record.text,
        offsets: CharOffsets::new(&record.text),
        reviewer,
        merged: Merged::default(),
        mention_ids: HashMap::new(),
        event_ids: HashMap::new(),
        claim_ids: HashMap::new(),
    };
    // Only items that fit the text reach the schema and the file.
    let fitting = merger.fitting(record);
    ensure_schema(schema, &fitting, &mut merger.merged.schema_added);
    let learned = record_extras::ensure_schema(schema, &fitting);
    merger.merged.schema_added.extend(learned);
    merger.mentions(&fitting.mentions, set);
    merger.events(&fitting.events, set);
    merger.claims(&fitting.claims, set);
    let item = |id: &str| {
        (merger.mention_ids.get(id).map(|&m| ItemRef::Mention(m)))
            .or_else(|| merger.event_ids.get(id).map(|&e| ItemRef::Event(e)))
            .or_else(|| merger.claim_ids.get(id).map(|&c| ItemRef::Claim(c)))
    };
    let extras = record_extras::merge(&fitting.extras, set, &item, &|status| {
        reviewer.review(status)
    });
    merger.merged.added += extras.added;
    merger.merged.present += extras.present;
    merger.merged.problems.extend(extras.problems);
    merger.merged
}

/// How a problem names an item: by its id, or where the file gave none, by
/// its offsets.
fn item_name(kind: &str, id: &str, start: usize, end: usize) -> String {
    if id.is_empty() {
        format!("{kind} at {start}..{end}")
    } else {
        format!("{kind} {id}")
    }
}

/// Whether two events' roles are filled by the same mentions, in any order.
fn same_fillers(
    a: &BTreeMap<String, Vec<MentionId>>,
    b: &BTreeMap<String, Vec<MentionId>>,
) -> bool {
    let sorted = |roles: &BTreeMap<String, Vec<MentionId>>| {
        roles
            .iter()
            .filter(|(_, ids)| !ids.is_empty())
            .map(|(role, ids)| {
                let mut ids = ids.clone();
                ids.sort_unstable();
                ids.dedup();
                (role.clone(), ids)
            })
            .collect::<Vec<_>>()
    };
    sorted(a) == sorted(b)
}

/// The state of one merge: the record's ids mapped to the file's.
struct Merger<'r> {
    text: &'r str,
    offsets: CharOffsets,
    reviewer: &'r Reviewer<'r>,
    merged: Merged,
    mention_ids: HashMap<String, MentionId>,
    event_ids: HashMap<String, EventId>,
    claim_ids: HashMap<String, ClaimId>,
}

impl Merger<'_> {
    /// The span of code points `start..end`. One that cuts a character
    /// cluster apart is refused, not snapped to the cluster's edge: a moved
    /// edge would be a label nobody gave, and kept as it is, every export
    /// would write half a character.
    fn span_of(&self, start: usize, end: usize) -> Result<Span, String> {
        let span = slice_chars(self.text, &self.offsets, start, end)
            .and_then(|_| self.offsets.from_chars(start, end))
            .ok_or_else(|| {
                format!(
                    "offsets {start}..{end} do not fit the text ({} code points)",
                    self.offsets.len_chars()
                )
            })?;
        if let Some(cluster) = span.split_grapheme(self.text) {
            return Err(format!(
                "offsets {start}..{end} cut the character {cluster:?} apart (a letter and its \
                 accent, or an emoji sequence, is one character); not imported"
            ));
        }
        Ok(span)
    }

    /// The record without the items that do not fit its text (each one a
    /// problem) and, for suggestions, without rejected items.
    fn fitting(&mut self, record: &Record) -> Record {
        let mut fitting = record.clone();
        let mut problems = Vec::new();
        // An id given twice: references could mean either, so the first
        // keeps it and the others are not imported.
        let mut seen = std::collections::HashSet::new();
        fitting.mentions.retain(|m| {
            let first = m.id.is_empty() || seen.insert(m.id.clone());
            if !first {
                problems.push(format!(
                    "duplicate mention id {} (at {}..{}): not imported; references name the first",
                    m.id, m.start, m.end
                ));
            }
            first
        });
        let mut seen = std::collections::HashSet::new();
        fitting.events.retain(|e| {
            let first = e.id.is_empty() || seen.insert(e.id.clone());
            if !first {
                problems.push(format!(
                    "duplicate event id {} (at {}..{}): not imported; references name the first",
                    e.id, e.trigger.start, e.trigger.end
                ));
            }
            first
        });
        // A blank name would enter the schema as a label nobody can see.
        fitting.mentions.retain(|m| {
            let named = !m.label.trim().is_empty();
            if !named {
                problems.push(format!(
                    "{} has no label",
                    item_name("mention", &m.id, m.start, m.end)
                ));
            }
            named
        });
        fitting.events.retain(|e| {
            let named = !e.event_type.trim().is_empty();
            if !named {
                problems.push(format!(
                    "{} has no type",
                    item_name("event", &e.id, e.trigger.start, e.trigger.end)
                ));
            }
            named
        });
        fitting.claims.retain(|c| {
            let named = !c.stance.trim().is_empty();
            if !named {
                problems.push(format!(
                    "{} has no stance",
                    item_name("claim", &c.id, c.cue.start, c.cue.end)
                ));
            }
            named
        });
        fitting
            .mentions
            .retain(|m| match self.span_of(m.start, m.end) {
                Err(e) => {
                    problems.push(format!(
                        "{} ({}): {e}",
                        item_name("mention", &m.id, m.start, m.end),
                        m.label
                    ));
                    false
                }
                Ok(span) => {
                    let covered = span.text(self.text).unwrap_or_default();
                    let agrees = m.text.is_empty() || covered == m.text;
                    if !agrees {
                        problems.push(format!(
                            "{} says {:?} but offsets {}..{} cover {covered:?}",
                            item_name("mention", &m.id, m.start, m.end),
                            m.text,
                            m.start,
                            m.end
                        ));
                    }
                    agrees
                }
            });
        fitting.events.retain(|e| {
            let fits = self.span_of(e.trigger.start, e.trigger.end);
            if let Err(err) = &fits {
                problems.push(format!(
                    "{} trigger: {err}",
                    item_name("event", &e.id, e.trigger.start, e.trigger.end)
                ));
            }
            fits.is_ok()
        });
        fitting.claims.retain(|c| {
            let fits = self.span_of(c.cue.start, c.cue.end);
            if let Err(err) = &fits {
                problems.push(format!(
                    "{} cue: {err}",
                    item_name("claim", &c.id, c.cue.start, c.cue.end)
                ));
            }
            fits.is_ok()
        });
        self.merged.problems.extend(problems);
        if self.reviewer.as_suggestions {
            let before = fitting.item_count();
            fitting
                .mentions
                .retain(|m| m.status != StatusKind::Rejected);
            fitting.events.retain(|e| e.status != StatusKind::Rejected);
            fitting.claims.retain(|c| c.status != StatusKind::Rejected);
            self.merged.skipped_rejected = before - fitting.item_count();
        }
        fitting
    }

    /// The review of an imported item: a suggestion keeps the recommender
    /// and score it names (the pipeline mode's output), a score that is not
    /// a number from 0 to 1 becoming 0 with a problem, so that no
    /// `decide --min-score` takes it.
    fn review_of(
        &mut self,
        what: &str,
        id: &str,
        status: StatusKind,
        suggester: Option<&str>,
        score: Option<f32>,
    ) -> Option<Review> {
        let review = self.reviewer.review(status)?;
        let Status::Suggested { by, score: given } = &review.status else {
            return Some(review);
        };
        let score = match score {
            Some(score) if (0.0..=1.0).contains(&score) => score,
            Some(score) => {
                self.merged.problems.push(format!(
                    "{what} {id}: score {score} is not a number from 0 to 1; kept with score 0"
                ));
                0.0
            }
            None => *given,
        };
        let by = match suggester.map(str::trim) {
            Some(name) if !name.is_empty() => name,
            _ => by.as_str(),
        };
        Some(Review::suggested(&review.by, by, score, review.at))
    }

    /// The file's id for a record's mention id, or a problem.
    fn resolve(&mut self, owner: &str, what: &str, id: &str) -> Option<MentionId> {
        let found = self.mention_ids.get(id).copied();
        if found.is_none() {
            self.merged.problems.push(format!(
                "{owner} {what} names mention {id}, which is not in the record"
            ));
        }
        found
    }

    fn mentions(&mut self, mentions: &[RecordMention], set: &mut AnnotationSet) {
        // An index of what the file holds, so that merging 20,000 mentions
        // stays linear.
        let mut existing: HashMap<(Span, String), usize> = set
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.span, m.label.clone()), i))
            .collect();
        let mut next_id = set.next_mention_id().0;
        for m in mentions {
            let (Ok(span), Some(review)) = (
                self.span_of(m.start, m.end),
                self.review_of("mention", &m.id, m.status, m.suggester.as_deref(), m.score),
            ) else {
                continue;
            };
            let key = (span, m.label.clone());
            if let Some(found) = existing.get(&key).and_then(|&i| set.mentions.get_mut(i)) {
                settle(&mut found.review, &review);
                self.mention_ids.insert(m.id.clone(), found.id);
                self.merged.present += 1;
                continue;
            }
            let id = MentionId(next_id);
            next_id += 1;
            existing.insert(key, set.mentions.len());
            self.mention_ids.insert(m.id.clone(), id);
            set.mentions.push(Mention {
                id,
                span,
                text: span.text(self.text).unwrap_or_default().to_owned(),
                label: m.label.clone(),
                actor: m.actor.clone(),
                attributes: m.attributes.clone(),
                review,
            });
            self.merged.added += 1;
        }
    }

    /// Events are told apart by their own id, never by their trigger alone:
    /// any number of events may share a trigger (`E1 Localization:T25
    /// Theme:T6` and `E2 Localization:T25 Theme:T8` are two events). An
    /// event is already there when one with the same trigger, type,
    /// sub-type and role fillers is, and each one there stands for at most
    /// one event of the record, so importing a file again adds nothing and
    /// two identical events stay two.
    fn events(&mut self, events: &[RecordEvent], set: &mut AnnotationSet) {
        let mut matched: std::collections::HashSet<EventId> = std::collections::HashSet::new();
        for e in events {
            let (Ok(trigger), Some(review)) = (
                self.span_of(e.trigger.start, e.trigger.end),
                self.review_of("event", &e.id, e.status, e.suggester.as_deref(), e.score),
            ) else {
                continue;
            };
            let mut roles: BTreeMap<String, Vec<MentionId>> = BTreeMap::new();
            for (role, fillers) in &e.roles {
                let ids: Vec<MentionId> = fillers
                    .iter()
                    .filter_map(|f| self.resolve(&e.id, role, f))
                    .collect();
                if !ids.is_empty() {
                    roles.insert(role.clone(), ids);
                }
            }
            let same = |x: &&mut Event| {
                x.trigger == trigger
                    && x.event_type == e.event_type
                    && x.sub_type == e.sub_type
                    && same_fillers(&x.roles, &roles)
                    && !matched.contains(&x.id)
            };
            if let Some(found) = set.events.iter_mut().find(same) {
                settle(&mut found.review, &review);
                matched.insert(found.id);
                self.event_ids.insert(e.id.clone(), found.id);
                self.merged.present += 1;
                continue;
            }
            let id = set.next_event_id();
            matched.insert(id);
            self.event_ids.insert(e.id.clone(), id);
            set.events.push(Event {
                id,
                trigger,
                trigger_text: trigger.text(self.text).unwrap_or_default().to_owned(),
                event_type: e.event_type.clone(),
                sub_type: e.sub_type.clone(),
                roles,
                review,
            });
            self.merged.added += 1;
        }
    }

    fn claims(&mut self, claims: &[RecordClaim], set: &mut AnnotationSet) {
        for c in claims {
            let (Ok(cue), Some(review)) = (
                self.span_of(c.cue.start, c.cue.end),
                self.review_of("claim", &c.id, c.status, c.suggester.as_deref(), c.score),
            ) else {
                continue;
            };
            let source = match &c.source {
                Some(RecordSource::Mention(id)) => {
                    self.resolve(&c.id, "source", id).map(ClaimSource::Mention)
                }
                Some(RecordSource::Reporter { reporter }) => {
                    Some(ClaimSource::Reporter(reporter.clone()))
                }
                None => None,
            };
            let responsible: Vec<MentionId> = c
                .responsible
                .iter()
                .filter_map(|r| self.resolve(&c.id, "responsible", r))
                .collect();
            let mut events: Vec<EventId> = Vec::with_capacity(c.events.len());
            for e in &c.events {
                match self.event_ids.get(e) {
                    Some(found) if !events.contains(found) => events.push(*found),
                    Some(_) => {}
                    None => self.merged.problems.push(format!(
                        "claim {} names event {e}, which is not in the record",
                        c.id
                    )),
                }
            }
            if let Some(found) = set
                .claims
                .iter_mut()
                .find(|x| x.cue == cue && x.stance == c.stance)
            {
                settle(&mut found.review, &review);
                self.claim_ids.insert(c.id.clone(), found.id);
                self.merged.present += 1;
                continue;
            }
            let id = set.next_claim_id();
            self.claim_ids.insert(c.id.clone(), id);
            set.claims.push(Claim {
                id,
                cue,
                cue_text: cue.text(self.text).unwrap_or_default().to_owned(),
                stance: c.stance.clone(),
                source,
                responsible,
                events,
                review,
            });
            self.merged.added += 1;
        }
    }
}
