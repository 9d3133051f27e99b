//! Spans and relations: how events and claims travel through formats that
//! only know labeled spans and labeled links between them (doccano, Label
//! Studio, Prodigy), and the one naming of labels for those formats and
//! CoNLL's tags.
//!
//! - a mention is a span labeled with its entity label (`ARMED_GROUP`);
//! - an event trigger is a span labeled `EVENT.<TYPE>` or
//!   `EVENT.<TYPE>.<SUB_TYPE>` (`EVENT.BATTLES.ARMED_CLASH`), linked to each
//!   role filler by a relation labeled with the role (`agent`, `location` …);
//! - a claim cue is a span labeled `CLAIM.<STANCE>` (`CLAIM.REPORTED`),
//!   linked by `source`, `responsible` and `event` relations; when the
//!   reporter itself is the source, its name travels beside the span
//!   ([`FlatSpan::reporter`]), never in the label.
//!
//! Each name is written as a [`code`]: upper case, every run of other
//! characters than letters and digits one `_`. So labels hold no space,
//! slash or pipe (Label Studio's CoNLL converter and BIO tags split on
//! them) and form a closed set given by the schema ([`schema_labels`]),
//! which a tool's labelling config can declare in advance. On import a
//! code is read back to the schema's name it codes (`ARMED_CLASH` →
//! `Armed clash`); a code the schema does not know is taken as the name.
//! The older scheme (`EVENT|Battles|Armed clash`, `CLAIM|Reported|AFP`)
//! still reads.
//!
//! One convention for the formats keeps them interchangeable and makes a
//! round trip exact; the labels still read well in each tool's UI.

use std::collections::{BTreeMap, HashMap};

use crate::model::{CharOffsets, Schema, StatusKind};

use super::record::{
    Offsets, Record, RecordClaim, RecordEvent, RecordMention, RecordMeta, RecordSource, slice_chars,
};
use super::{RecordRelation, Unwritten};

const EVENT: &str = "EVENT";
const CLAIM: &str = "CLAIM";
/// The separator of a label's parts.
const PART: char = '.';
/// The older scheme's prefixes and separator.
const OLD_EVENT_PREFIX: &str = "EVENT|";
const OLD_CLAIM_PREFIX: &str = "CLAIM|";
const SOURCE: &str = "source";
const RESPONSIBLE: &str = "responsible";
const ABOUT_EVENT: &str = "event";

/// The relation labels events and claims use besides the schema's roles.
pub const CLAIM_RELATIONS: [&str; 3] = [SOURCE, RESPONSIBLE, ABOUT_EVENT];

/// A name as one part of a label: letters and digits upper-cased, every
/// run of other characters one `_`, none at either end (`Armed clash` →
/// `ARMED_CLASH`, `Explosions/Remote violence` → `EXPLOSIONS_REMOTE_VIOLENCE`).
/// Coding a code gives it back.
pub fn code(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.extend(c.to_uppercase());
        } else {
            gap = true;
        }
    }
    out
}

/// A mention's label as written: as it is when it is already one word of
/// letters, digits and `_` (`PERSON`, or a tool's own `Date`, which must
/// come back as it was), else its [`code`].
pub fn mention_label(label: &str) -> String {
    let word = !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '_');
    if word && !label.starts_with('_') && !label.ends_with('_') && !label.contains("__") {
        label.to_owned()
    } else {
        code(label)
    }
}

/// An event trigger's label: `EVENT.BATTLES` or `EVENT.BATTLES.ARMED_CLASH`.
pub fn event_label(event_type: &str, sub_type: Option<&str>) -> String {
    match sub_type {
        Some(sub) => format!("{EVENT}{PART}{}{PART}{}", code(event_type), code(sub)),
        None => format!("{EVENT}{PART}{}", code(event_type)),
    }
}

/// A claim cue's label: `CLAIM.REPORTED`.
pub fn claim_label(stance: &str) -> String {
    format!("{CLAIM}{PART}{}", code(stance))
}

/// Every span label the schema allows, in schema order: entity labels,
/// then each event type and its sub-types, then each stance.
pub fn schema_labels(schema: &Schema) -> Vec<String> {
    let mut labels: Vec<String> = schema
        .entity_labels
        .iter()
        .map(|l| mention_label(&l.name))
        .collect();
    for t in &schema.event_types {
        labels.push(event_label(&t.name, None));
        labels.extend(t.sub_types.iter().map(|s| event_label(&t.name, Some(s))));
    }
    labels.extend(schema.stances.iter().map(|s| claim_label(&s.name)));
    labels
}

/// The first two names of the records that would be written as one span
/// label, with that label (`Armed group` and `ARMED_GROUP` both as
/// `ARMED_GROUP`): writing them would merge two labels without a word.
pub fn label_collision<'r>(
    records: impl IntoIterator<Item = &'r Record>,
) -> Option<(String, String, String)> {
    let mut codes = LabelCodes::default();
    records
        .into_iter()
        .find_map(|record| codes.collision(record))
}

/// The names seen so far under each written label, for finding a
/// [`label_collision`] record by record.
#[derive(Debug, Default)]
pub struct LabelCodes {
    names: HashMap<String, String>,
}

impl LabelCodes {
    /// The first collision `record` makes with the names seen so far:
    /// (written label, first name, second name).
    pub fn collision(&mut self, record: &Record) -> Option<(String, String, String)> {
        let names = &mut self.names;
        let mut check = |written: String, name: String| -> Option<(String, String, String)> {
            match names.get(&written) {
                Some(first) if *first != name => Some((written, first.clone(), name)),
                Some(_) => None,
                None => {
                    names.insert(written, name);
                    None
                }
            }
        };
        for m in &record.mentions {
            if let Some(found) = check(mention_label(&m.label), m.label.clone()) {
                return Some(found);
            }
        }
        for e in &record.events {
            let name = match &e.sub_type {
                Some(sub) => format!("{} / {sub}", e.event_type),
                None => e.event_type.clone(),
            };
            if let Some(found) = check(event_label(&e.event_type, e.sub_type.as_deref()), name) {
                return Some(found);
            }
        }
        for c in &record.claims {
            if let Some(found) = check(claim_label(&c.stance), c.stance.clone()) {
                return Some(found);
            }
        }
        None
    }
}

/// The name among `names` whose code is `given`, else `given` itself.
fn decode<'a>(given: &str, names: impl IntoIterator<Item = &'a String>) -> String {
    names
        .into_iter()
        .find(|name| *name == given || code(name) == given)
        .cloned()
        .unwrap_or_else(|| given.to_owned())
}

/// The schema's entity label that `label` codes, else `label` as given.
pub fn mention_label_from(label: &str, schema: &Schema) -> String {
    decode(label, schema.entity_labels.iter().map(|l| &l.name))
}

/// What a span label says the span is.
enum SpanKind {
    Mention(String),
    Event {
        event_type: String,
        sub_type: Option<String>,
    },
    Claim {
        stance: String,
        reporter: Option<String>,
    },
}

/// Reads a span label in either scheme, names decoded through the schema.
fn read_label(label: &str, schema: &Schema) -> SpanKind {
    if let Some(rest) = label.strip_prefix(OLD_EVENT_PREFIX) {
        let mut parts = rest.splitn(2, '|');
        return SpanKind::Event {
            event_type: parts.next().unwrap_or_default().to_owned(),
            sub_type: parts.next().map(str::to_owned),
        };
    }
    if let Some(rest) = label.strip_prefix(OLD_CLAIM_PREFIX) {
        let mut parts = rest.splitn(2, '|');
        return SpanKind::Claim {
            stance: parts.next().unwrap_or_default().to_owned(),
            reporter: parts.next().map(str::to_owned),
        };
    }
    if let Some(rest) = label.strip_prefix(EVENT).and_then(|r| r.strip_prefix(PART)) {
        let mut parts = rest.splitn(2, PART);
        let given_type = parts.next().unwrap_or_default();
        let event_type = decode(given_type, schema.event_types.iter().map(|t| &t.name));
        let sub_type = parts.next().map(|sub| {
            let known = schema.event_type(&event_type).map(|t| &t.sub_types);
            decode(sub, known.into_iter().flatten())
        });
        return SpanKind::Event {
            event_type,
            sub_type,
        };
    }
    if let Some(rest) = label.strip_prefix(CLAIM).and_then(|r| r.strip_prefix(PART)) {
        return SpanKind::Claim {
            stance: decode(rest, schema.stances.iter().map(|s| &s.name)),
            reporter: None,
        };
    }
    SpanKind::Mention(mention_label_from(label, schema))
}

/// A labeled span, offsets in code points.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatSpan {
    /// Unique within the document: refers to the span from relations.
    pub key: String,
    pub start: usize,
    pub end: usize,
    pub label: String,
    /// The covered text, when the file gives it (checked on import).
    pub text: Option<String>,
    pub status: StatusKind,
    /// A claim cue's source when it is the reporter itself (`AFP`).
    pub reporter: Option<String>,
    /// A mention's catalogue actor and its own attributes, where the format
    /// has room for them (doccano keeps extra keys of a span).
    pub actor: Option<String>,
    pub attributes: BTreeMap<String, String>,
}

/// A labeled link from one span to another.
#[derive(Clone, Debug, PartialEq)]
pub struct FlatRelation {
    pub from: String,
    pub to: String,
    pub label: String,
}

/// A document's spans and relations.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlatDoc {
    pub spans: Vec<FlatSpan>,
    pub relations: Vec<FlatRelation>,
}

/// The spans and relations of a record: mentions, then triggers, then cues,
/// each in reading order; keys are the record's item ids.
pub fn from_record(record: &Record) -> FlatDoc {
    let offsets = CharOffsets::new(&record.text);
    let mut flat = FlatDoc::default();
    for m in &record.mentions {
        flat.spans.push(FlatSpan {
            key: m.id.clone(),
            start: m.start,
            end: m.end,
            label: mention_label(&m.label),
            text: Some(m.text.clone()),
            status: m.status,
            reporter: None,
            actor: m.actor.clone(),
            attributes: m.attributes.clone(),
        });
    }
    for e in &record.events {
        let label = event_label(&e.event_type, e.sub_type.as_deref());
        flat.spans
            .push(span_of(&e.id, e.trigger, label, record, &offsets, e.status));
        for (role, fillers) in &e.roles {
            for filler in fillers {
                flat.relations.push(relation(&e.id, filler, role));
            }
        }
    }
    for c in &record.claims {
        let mut cue = span_of(
            &c.id,
            c.cue,
            claim_label(&c.stance),
            record,
            &offsets,
            c.status,
        );
        match &c.source {
            Some(RecordSource::Reporter { reporter }) => cue.reporter = Some(reporter.clone()),
            Some(RecordSource::Mention(source)) => {
                flat.relations.push(relation(&c.id, source, SOURCE));
            }
            None => {}
        }
        flat.spans.push(cue);
        for r in &c.responsible {
            flat.relations.push(relation(&c.id, r, RESPONSIBLE));
        }
        for event in &c.events {
            flat.relations.push(relation(&c.id, event, ABOUT_EVENT));
        }
    }
    // Typed relations between spans (those on relations themselves have
    // no span to point at).
    let keys: std::collections::HashSet<String> =
        flat.spans.iter().map(|s| s.key.clone()).collect();
    for r in &record.extras.relations {
        if keys.contains(&r.from) && keys.contains(&r.to) {
            flat.relations.push(relation(&r.from, &r.to, &r.kind));
        }
    }
    flat
}

fn span_of(
    key: &str,
    at: Offsets,
    label: String,
    record: &Record,
    offsets: &CharOffsets,
    status: StatusKind,
) -> FlatSpan {
    let text = slice_chars(&record.text, offsets, at.start, at.end)
        .unwrap_or_default()
        .to_owned();
    FlatSpan {
        key: key.to_owned(),
        start: at.start,
        end: at.end,
        label,
        text: Some(text),
        status,
        reporter: None,
        actor: None,
        attributes: BTreeMap::new(),
    }
}

fn relation(from: &str, to: &str, label: &str) -> FlatRelation {
    FlatRelation {
        from: from.to_owned(),
        to: to.to_owned(),
        label: label.to_owned(),
    }
}

/// Whether two spans share a code point.
pub fn overlap(a: &FlatSpan, b: &FlatSpan) -> bool {
    a.start < b.end && b.start < a.end
}

/// A span of `record` as a listed item, with why.
pub fn unwritten(record: &Record, span: &FlatSpan, reason: String) -> Unwritten {
    Unwritten {
        document: record.id.clone(),
        label: span.label.clone(),
        start: span.start,
        end: span.end,
        text: span.text.clone().unwrap_or_default(),
        reason,
    }
}

/// The spans of `record` (mentions, triggers and cues) that overlap
/// another, each with the spans it overlaps, in reading order.
pub fn overlapping(record: &Record) -> Vec<Unwritten> {
    let flat = from_record(record);
    let mut order: Vec<&FlatSpan> = flat.spans.iter().collect();
    order.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    // Sorted by start, a span overlaps the ones after it that start before
    // its end: each pair is found once, from its earlier span.
    let mut others: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for i in 0..order.len() {
        for j in i + 1..order.len() {
            if order[j].start >= order[i].end {
                break;
            }
            if overlap(order[i], order[j]) {
                others[i].push(j);
                others[j].push(i);
            }
        }
    }
    order
        .iter()
        .zip(others)
        .filter(|(_, others)| !others.is_empty())
        .map(|(span, others)| {
            let names: Vec<String> = others
                .iter()
                .map(|&o| format!("{} {}..{}", order[o].label, order[o].start, order[o].end))
                .collect();
            unwritten(record, span, format!("overlaps {}", names.join(", ")))
        })
        .collect()
}

enum Kind {
    Mention,
    Event(usize),
    Claim(usize),
}

/// The record of a document's spans and relations, and a message for each
/// span or relation that has no place in Attest. Labels are read in either
/// scheme, their names decoded through `schema`.
pub fn into_record(
    id: String,
    text: String,
    meta: RecordMeta,
    flat: &FlatDoc,
    schema: &Schema,
) -> (Record, Vec<String>) {
    let mut problems = Vec::new();
    let mut record = Record {
        id,
        text,
        meta,
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
        extras: crate::formats::RecordExtras::default(),
    };
    let char_offsets = CharOffsets::new(&record.text);
    let mut kinds: HashMap<&str, Kind> = HashMap::new();
    for span in &flat.spans {
        if kinds.contains_key(span.key.as_str()) {
            problems.push(format!(
                "span id {} is used twice; the second is skipped",
                span.key
            ));
            continue;
        }
        // Offsets that do not fit are reported when the record is merged.
        let covered = slice_chars(&record.text, &char_offsets, span.start, span.end)
            .unwrap_or_default()
            .to_owned();
        let offsets = Offsets {
            start: span.start,
            end: span.end,
        };
        match read_label(&span.label, schema) {
            SpanKind::Event {
                event_type,
                sub_type,
            } => {
                kinds.insert(&span.key, Kind::Event(record.events.len()));
                record.events.push(RecordEvent {
                    id: span.key.clone(),
                    trigger: offsets,
                    event_type,
                    sub_type,
                    roles: BTreeMap::new(),
                    status: span.status,
                    suggester: None,
                    score: None,
                });
            }
            SpanKind::Claim { stance, reporter } => {
                kinds.insert(&span.key, Kind::Claim(record.claims.len()));
                record.claims.push(RecordClaim {
                    id: span.key.clone(),
                    cue: offsets,
                    stance,
                    source: span
                        .reporter
                        .clone()
                        .or(reporter)
                        .map(|reporter| RecordSource::Reporter { reporter }),
                    responsible: Vec::new(),
                    events: Vec::new(),
                    status: span.status,
                    suggester: None,
                    score: None,
                });
            }
            SpanKind::Mention(label) => {
                kinds.insert(&span.key, Kind::Mention);
                record.mentions.push(RecordMention {
                    id: span.key.clone(),
                    start: span.start,
                    end: span.end,
                    text: span.text.clone().unwrap_or(covered),
                    label,
                    actor: span.actor.clone(),
                    attributes: span.attributes.clone(),
                    status: span.status,
                    suggester: None,
                    score: None,
                });
            }
        }
    }
    for rel in &flat.relations {
        let describe = || format!("relation {} from {} to {}", rel.label, rel.from, rel.to);
        let to = kinds.get(rel.to.as_str());
        match (kinds.get(rel.from.as_str()), to) {
            (None, _) | (_, None) => problems.push(format!(
                "{} names a span that is not there; skipped",
                describe()
            )),
            (Some(Kind::Event(e)), Some(Kind::Mention)) => record.events[*e]
                .roles
                .entry(rel.label.clone())
                .or_default()
                .push(rel.to.clone()),
            (Some(Kind::Claim(c)), Some(Kind::Mention)) if rel.label == SOURCE => {
                record.claims[*c].source = Some(RecordSource::Mention(rel.to.clone()));
            }
            (Some(Kind::Claim(c)), Some(Kind::Mention)) if rel.label == RESPONSIBLE => {
                record.claims[*c].responsible.push(rel.to.clone());
            }
            (Some(Kind::Claim(c)), Some(Kind::Event(_))) if rel.label == ABOUT_EVENT => {
                let events = &mut record.claims[*c].events;
                if !events.contains(&rel.to) {
                    events.push(rel.to.clone());
                }
            }
            // Any other link is a typed relation of its own (`foundedBy`
            // between two mentions); from an event, an argument of it.
            (Some(from), Some(_)) => record.extras.relations.push(RecordRelation {
                id: format!("r{}", record.extras.relations.len() + 1),
                kind: rel.label.clone(),
                from: rel.from.clone(),
                to: rel.to.clone(),
                argument: matches!(from, Kind::Event(_)),
                status: StatusKind::Accepted,
            }),
        }
    }
    (record, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_claims_survive_spans_and_relations() {
        let flat = FlatDoc {
            spans: vec![
                FlatSpan {
                    key: "a".into(),
                    start: 0,
                    end: 4,
                    label: "ARMED_GROUP".into(),
                    text: None,
                    status: StatusKind::Accepted,
                    reporter: None,
                    actor: None,
                    attributes: BTreeMap::new(),
                },
                FlatSpan {
                    key: "b".into(),
                    start: 5,
                    end: 13,
                    label: "EVENT|Battles|Armed clash".into(),
                    text: None,
                    status: StatusKind::Accepted,
                    reporter: None,
                    actor: None,
                    attributes: BTreeMap::new(),
                },
                FlatSpan {
                    key: "c".into(),
                    start: 14,
                    end: 21,
                    label: "CLAIM|Claimed".into(),
                    text: None,
                    status: StatusKind::Accepted,
                    reporter: None,
                    actor: None,
                    attributes: BTreeMap::new(),
                },
            ],
            relations: vec![
                relation("b", "a", "agent"),
                relation("c", "a", "responsible"),
                relation("c", "b", "event"),
                relation("a", "b", "weird"),
            ],
        };
        let (record, problems) = into_record(
            "x".into(),
            "JNIM attacked claimed".into(),
            RecordMeta::default(),
            &flat,
            &Schema::conflict_default(),
        );
        assert!(problems.is_empty(), "{problems:?}");
        // A link from a mention is a typed relation of its own.
        assert_eq!(record.extras.relations.len(), 1);
        let weird = &record.extras.relations[0];
        assert_eq!(
            (weird.kind.as_str(), weird.from.as_str(), weird.to.as_str()),
            ("weird", "a", "b")
        );
        assert!(!weird.argument);
        assert_eq!(record.mentions[0].text, "JNIM");
        assert_eq!(record.events[0].sub_type.as_deref(), Some("Armed clash"));
        assert_eq!(record.events[0].roles["agent"], ["a"]);
        assert_eq!(record.claims[0].responsible, ["a"]);
        assert_eq!(record.claims[0].events, ["b"]);
        let again = from_record(&record);
        assert_eq!(again.spans.len(), 3);
        assert_eq!(again.relations.len(), 4);
        let labels: Vec<&str> = again.spans.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(
            labels,
            ["ARMED_GROUP", "EVENT.BATTLES.ARMED_CLASH", "CLAIM.CLAIMED"]
        );
    }

    #[test]
    fn codes_have_no_spaces_or_slashes_and_read_back_through_the_schema() {
        assert_eq!(
            code("Explosions/Remote violence"),
            "EXPLOSIONS_REMOTE_VIOLENCE"
        );
        assert_eq!(
            code(" Non-state actor  overtakes territory "),
            "NON_STATE_ACTOR_OVERTAKES_TERRITORY"
        );
        assert_eq!(code("Accusé"), "ACCUSÉ");
        assert_eq!(code(&code("Armed clash")), code("Armed clash"));
        // A tool's one-word label is written as it is; any other is coded.
        assert_eq!(mention_label("Date"), "Date");
        assert_eq!(mention_label("ARMED_GROUP"), "ARMED_GROUP");
        assert_eq!(mention_label("Armed group"), "ARMED_GROUP");
        assert_eq!(mention_label("_x"), "X");
        let schema = Schema::conflict_default();
        let labels = schema_labels(&schema);
        assert!(
            labels.iter().all(|l| !l.contains([' ', '/', '|'])),
            "{labels:?}"
        );
        let unique: std::collections::HashSet<_> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "codes do not collide");
        for t in &schema.event_types {
            for sub in &t.sub_types {
                let SpanKind::Event {
                    event_type,
                    sub_type,
                } = read_label(&event_label(&t.name, Some(sub)), &schema)
                else {
                    panic!("{sub} reads as an event");
                };
                assert_eq!(
                    (event_type.as_str(), sub_type.as_deref()),
                    (t.name.as_str(), Some(sub.as_str()))
                );
            }
        }
        let SpanKind::Claim { stance, reporter } = read_label("CLAIM|Reported|AFP", &schema) else {
            panic!("the old scheme reads");
        };
        assert_eq!(
            (stance.as_str(), reporter.as_deref()),
            ("Reported", Some("AFP"))
        );
        let SpanKind::Mention(unknown) = read_label("PER", &schema) else {
            panic!("a foreign label is a mention");
        };
        assert_eq!(unknown, "PER");
    }
}
