//! Spans and relations: how events and claims travel through formats that
//! only know labeled spans and labeled links between them (doccano, Label
//! Studio, Prodigy).
//!
//! - a mention is a span labeled with its entity label (`ARMED_GROUP`);
//! - an event trigger is a span labeled `EVENT|<type>` or
//!   `EVENT|<type>|<sub-type>`, linked to each role filler by a relation
//!   labeled with the role (`agent`, `location` …);
//! - a claim cue is a span labeled `CLAIM|<stance>` (or
//!   `CLAIM|<stance>|<reporter>` when the reporter itself is the source),
//!   linked by `source`, `responsible` and `event` relations.
//!
//! One convention for the three formats keeps them interchangeable and makes
//! a round trip exact; the labels still read well in each tool's UI.

use std::collections::{BTreeMap, HashMap};

use crate::model::{CharOffsets, StatusKind};

use super::record::{
    Offsets, Record, RecordClaim, RecordEvent, RecordMention, RecordMeta, RecordSource, slice_chars,
};

const EVENT_PREFIX: &str = "EVENT|";
const CLAIM_PREFIX: &str = "CLAIM|";
const SOURCE: &str = "source";
const RESPONSIBLE: &str = "responsible";
const ABOUT_EVENT: &str = "event";

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
            label: m.label.clone(),
            text: Some(m.text.clone()),
            status: m.status,
        });
    }
    for e in &record.events {
        let label = match &e.sub_type {
            Some(sub) => format!("{EVENT_PREFIX}{}|{sub}", e.event_type),
            None => format!("{EVENT_PREFIX}{}", e.event_type),
        };
        flat.spans
            .push(span_of(&e.id, e.trigger, label, record, &offsets, e.status));
        for (role, fillers) in &e.roles {
            for filler in fillers {
                flat.relations.push(relation(&e.id, filler, role));
            }
        }
    }
    for c in &record.claims {
        let label = match &c.source {
            Some(RecordSource::Reporter { reporter }) => {
                format!("{CLAIM_PREFIX}{}|{reporter}", c.stance)
            }
            _ => format!("{CLAIM_PREFIX}{}", c.stance),
        };
        flat.spans
            .push(span_of(&c.id, c.cue, label, record, &offsets, c.status));
        if let Some(RecordSource::Mention(source)) = &c.source {
            flat.relations.push(relation(&c.id, source, SOURCE));
        }
        for r in &c.responsible {
            flat.relations.push(relation(&c.id, r, RESPONSIBLE));
        }
        if let Some(event) = &c.event {
            flat.relations.push(relation(&c.id, event, ABOUT_EVENT));
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
    }
}

fn relation(from: &str, to: &str, label: &str) -> FlatRelation {
    FlatRelation {
        from: from.to_owned(),
        to: to.to_owned(),
        label: label.to_owned(),
    }
}

enum Kind {
    Mention,
    Event(usize),
    Claim(usize),
}

/// The record of a document's spans and relations, and a message for each
/// span or relation that has no place in Attest.
pub fn into_record(
    id: String,
    text: String,
    meta: RecordMeta,
    flat: &FlatDoc,
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
        if let Some(rest) = span.label.strip_prefix(EVENT_PREFIX) {
            let mut parts = rest.splitn(2, '|');
            let event_type = parts.next().unwrap_or_default().to_owned();
            kinds.insert(&span.key, Kind::Event(record.events.len()));
            record.events.push(RecordEvent {
                id: span.key.clone(),
                trigger: offsets,
                event_type,
                sub_type: parts.next().map(str::to_owned),
                roles: BTreeMap::new(),
                status: span.status,
            });
        } else if let Some(rest) = span.label.strip_prefix(CLAIM_PREFIX) {
            let mut parts = rest.splitn(2, '|');
            let stance = parts.next().unwrap_or_default().to_owned();
            kinds.insert(&span.key, Kind::Claim(record.claims.len()));
            record.claims.push(RecordClaim {
                id: span.key.clone(),
                cue: offsets,
                stance,
                source: parts.next().map(|r| RecordSource::Reporter {
                    reporter: r.to_owned(),
                }),
                responsible: Vec::new(),
                event: None,
                status: span.status,
            });
        } else {
            kinds.insert(&span.key, Kind::Mention);
            record.mentions.push(RecordMention {
                id: span.key.clone(),
                start: span.start,
                end: span.end,
                text: span.text.clone().unwrap_or(covered),
                label: span.label.clone(),
                actor: None,
                attributes: BTreeMap::new(),
                status: span.status,
            });
        }
    }
    for rel in &flat.relations {
        let describe = || format!("relation {} from {} to {}", rel.label, rel.from, rel.to);
        let to = kinds.get(rel.to.as_str());
        match (kinds.get(rel.from.as_str()), to) {
            (None, _) | (_, None) => problems.push(format!("{} names a span that is not there; skipped", describe())),
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
                record.claims[*c].event = Some(rel.to.clone());
            }
            _ => problems.push(format!(
                "{} has no place in Attest (links go from an EVENT| span to a role filler, or from a CLAIM| span by source, responsible or event); skipped",
                describe()
            )),
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
                },
                FlatSpan {
                    key: "b".into(),
                    start: 5,
                    end: 13,
                    label: "EVENT|Battles|Armed clash".into(),
                    text: None,
                    status: StatusKind::Accepted,
                },
                FlatSpan {
                    key: "c".into(),
                    start: 14,
                    end: 21,
                    label: "CLAIM|Claimed".into(),
                    text: None,
                    status: StatusKind::Accepted,
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
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("weird"));
        assert_eq!(record.mentions[0].text, "JNIM");
        assert_eq!(record.events[0].sub_type.as_deref(), Some("Armed clash"));
        assert_eq!(record.events[0].roles["agent"], ["a"]);
        assert_eq!(record.claims[0].responsible, ["a"]);
        assert_eq!(record.claims[0].event.as_deref(), Some("b"));
        let again = from_record(&record);
        assert_eq!(again.spans.len(), 3);
        assert_eq!(again.relations.len(), 3);
    }
}
