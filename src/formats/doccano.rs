//! doccano JSONL: sequence labelling (`"label": [[start, end, "LABEL"]]`)
//! and, when the dataset has events or claims, the relation form
//! (`"entities"` with `start_offset`/`end_offset`, `"relations"` with
//! `from_id`/`to_id`/`type`). Offsets are code points, as doccano counts them.
//!
//! Events and claims travel as spans and relations (see `flat.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::jsonl::to_line;
use super::registry::{DatasetFormat, Reader, Writer, read_text};
use super::{FormatError, Parsed, Record, RecordMeta, Rendered, StatusKind};

/// doccano JSONL in the registry.
pub struct Doccano;

impl DatasetFormat for Doccano {
    fn name(&self) -> &'static str {
        "doccano"
    }
    fn description(&self) -> &'static str {
        "doccano JSONL: sequence labelling, or entities and relations"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl"]
    }
    fn holds_status(&self) -> bool {
        false
    }
    fn reader(&self) -> Option<Reader> {
        Some(|path, _| read_text(path, |text| read(path, text)))
    }
    fn writer(&self) -> Option<Writer> {
        Some(|records, part, _| Ok(Rendered::whole(records, render(records, part)?)))
    }
}

#[derive(Serialize)]
struct Sequence<'a> {
    id: usize,
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
}

#[derive(Serialize)]
struct Relational<'a> {
    id: usize,
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<Relation<'a>>,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: usize,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Serialize)]
struct Relation<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    relation_type: &'a str,
}

/// The part's `<part>.jsonl`: the relation form when any record has events
/// or claims (doccano's project type is one or the other), else sequence
/// labelling.
pub fn render(records: &[Record], part: &str) -> Result<Vec<(PathBuf, String)>, FormatError> {
    let relational = records
        .iter()
        .any(|r| !r.events.is_empty() || !r.claims.is_empty());
    let mut out = String::new();
    for (index, record) in records.iter().enumerate() {
        let flat = flat::from_record(record);
        let line = if relational {
            let numbers: HashMap<&str, usize> = flat
                .spans
                .iter()
                .enumerate()
                .map(|(i, s)| (s.key.as_str(), i + 1))
                .collect();
            let number = |key: &str| numbers.get(key).copied().unwrap_or_default();
            to_line(&Relational {
                id: index + 1,
                text: &record.text,
                entities: flat
                    .spans
                    .iter()
                    .map(|s| Entity {
                        id: number(&s.key),
                        label: &s.label,
                        start_offset: s.start,
                        end_offset: s.end,
                    })
                    .collect(),
                relations: flat
                    .relations
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Relation {
                        id: i + 1,
                        from_id: number(&r.from),
                        to_id: number(&r.to),
                        relation_type: &r.label,
                    })
                    .collect(),
            })?
        } else {
            to_line(&Sequence {
                id: index + 1,
                text: &record.text,
                label: flat
                    .spans
                    .iter()
                    .map(|s| (s.start, s.end, s.label.as_str()))
                    .collect(),
            })?
        };
        out.push_str(&line);
        out.push('\n');
    }
    Ok(vec![(PathBuf::from(format!("{part}.jsonl")), out)])
}

/// An id as doccano writes it: a number or a string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Key {
    Number(serde_json::Number),
    Text(String),
}

impl Key {
    fn into_string(self) -> String {
        match self {
            Key::Number(n) => n.to_string(),
            Key::Text(s) => s,
        }
    }
}

/// One line as read, in either form; the items are read one by one so that
/// a bad one is reported and the rest of the line goes on.
#[derive(Deserialize)]
struct Line {
    text: Option<String>,
    /// An older name of `text`.
    data: Option<String>,
    id: Option<Key>,
    entities: Option<Vec<Value>>,
    #[serde(default)]
    relations: Vec<Value>,
    label: Option<Vec<Value>>,
    labels: Option<Vec<Value>>,
}

#[derive(Deserialize)]
struct EntityIn {
    id: Key,
    start_offset: usize,
    end_offset: usize,
    label: String,
}

#[derive(Deserialize)]
struct RelationIn {
    from_id: Key,
    to_id: Key,
    #[serde(rename = "type")]
    relation_type: String,
}

/// `[start, end, "LABEL"]`.
#[derive(Deserialize)]
struct LabelIn(usize, usize, String);

/// Reads one doccano record a line, in either form.
pub fn read(path: &Path, text: &str) -> Parsed {
    Parsed::from_json_lines(path, text, |line| read_line(line).map(Some))
}

fn read_line(line: &str) -> Result<(Record, Vec<String>), String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let line: Line =
        serde_json::from_value(value).map_err(|e| format!("not a doccano record: {e}"))?;
    let text = line.text.or(line.data).ok_or("no \"text\"")?;
    let id = line.id.map(Key::into_string).unwrap_or_default();
    let mut flat = FlatDoc::default();
    let mut notes = Vec::new();
    if let Some(entities) = line.entities {
        for (i, entity) in entities.into_iter().enumerate() {
            match serde_json::from_value::<EntityIn>(entity) {
                Ok(entity) => flat.spans.push(FlatSpan {
                    key: entity.id.into_string(),
                    start: entity.start_offset,
                    end: entity.end_offset,
                    label: entity.label,
                    text: None,
                    status: StatusKind::Accepted,
                }),
                Err(e) => notes.push(format!(
                    "entity {} lacks an id, start_offset, end_offset or label ({e}); skipped",
                    i + 1
                )),
            }
        }
        for (i, relation) in line.relations.into_iter().enumerate() {
            match serde_json::from_value::<RelationIn>(relation) {
                Ok(relation) => flat.relations.push(FlatRelation {
                    from: relation.from_id.into_string(),
                    to: relation.to_id.into_string(),
                    label: relation.relation_type,
                }),
                Err(e) => notes.push(format!(
                    "relation {} lacks from_id, to_id or type ({e}); skipped",
                    i + 1
                )),
            }
        }
    } else {
        let labels = line.label.or(line.labels).unwrap_or_default();
        for (i, label) in labels.into_iter().enumerate() {
            match serde_json::from_value::<LabelIn>(label) {
                Ok(LabelIn(start, end, label)) => flat.spans.push(FlatSpan {
                    key: format!("s{}", i + 1),
                    start,
                    end,
                    label,
                    text: None,
                    status: StatusKind::Accepted,
                }),
                Err(e) => notes.push(format!(
                    "label {} is not [start, end, \"LABEL\"] ({e}); skipped",
                    i + 1
                )),
            }
        }
    }
    let (record, more) = flat::into_record(id, text, RecordMeta::default(), &flat);
    notes.extend(more);
    Ok((record, notes))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::formats::{Offsets, RecordClaim, RecordMention};

    fn record() -> Record {
        Record {
            id: "d".into(),
            text: "« JNIM » a revendiqué".into(),
            meta: RecordMeta::default(),
            mentions: vec![RecordMention {
                id: "m1".into(),
                start: 2,
                end: 6,
                text: "JNIM".into(),
                label: "ARMED_GROUP".into(),
                actor: None,
                attributes: BTreeMap::new(),
                status: StatusKind::Accepted,
            }],
            events: Vec::new(),
            claims: Vec::new(),
            extras: crate::formats::RecordExtras::default(),
        }
    }

    #[test]
    fn mentions_only_give_sequence_labelling_and_claims_the_relation_form() {
        let plain = render(&[record()], "all").unwrap();
        assert_eq!(
            plain[0].1,
            "{\"id\":1,\"text\":\"« JNIM » a revendiqué\",\"label\":[[2,6,\"ARMED_GROUP\"]]}\n"
        );
        let mut with_claim = record();
        with_claim.claims.push(RecordClaim {
            id: "c1".into(),
            cue: Offsets { start: 9, end: 21 },
            stance: "Claimed".into(),
            source: None,
            responsible: vec!["m1".into()],
            event: None,
            status: StatusKind::Accepted,
        });
        let relational = render(&[with_claim.clone()], "all").unwrap();
        let line = &relational[0].1;
        assert!(
            line.contains(
                "{\"id\":2,\"label\":\"CLAIM|Claimed\",\"start_offset\":9,\"end_offset\":21}"
            ),
            "{line}"
        );
        assert!(
            line.contains(
                "\"relations\":[{\"id\":1,\"from_id\":2,\"to_id\":1,\"type\":\"responsible\"}]"
            ),
            "{line}"
        );
        let parsed = read(Path::new("x.jsonl"), line);
        let back = &parsed.records[0].record;
        assert_eq!(back.claims[0].responsible, ["1"]);
        assert_eq!((back.mentions[0].start, back.mentions[0].end), (2, 6));
    }

    #[test]
    fn one_bad_entity_is_reported_and_the_rest_of_the_line_is_read() {
        let text = concat!(
            "{\"id\": 7, \"text\": \"JNIM a attaqué Ménaka.\", \"entities\": [",
            "{\"id\": 1, \"label\": \"ARMED_GROUP\", \"start_offset\": 0, \"end_offset\": 4}, ",
            "{\"id\": 2, \"label\": \"LOCATION\", \"start_offset\": \"15\", \"end_offset\": 21}, ",
            "{\"id\": \"3\", \"label\": \"LOCATION\", \"start_offset\": 15, \"end_offset\": 21}], ",
            "\"relations\": [{\"id\": 1, \"from_id\": 1}]}\n",
            "{\"text\": \"Ménaka\", \"label\": [[0, 6, \"LOCATION\"], [0, \"LOC\"]]}\n",
        );
        let parsed = read(Path::new("d.jsonl"), text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let first = &parsed.records[0];
        assert_eq!(first.line, Some(1));
        let labels: Vec<_> = first
            .record
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.label.as_str()))
            .collect();
        assert_eq!(labels, [(0, 4, "ARMED_GROUP"), (15, 21, "LOCATION")]);
        assert_eq!(first.notes.len(), 2, "{:?}", first.notes);
        assert!(
            first.notes[0].starts_with("entity 2 lacks")
                && first.notes[0].contains("invalid type: string \"15\""),
            "{}",
            first.notes[0]
        );
        assert!(
            first.notes[1].starts_with("relation 1 lacks") && first.notes[1].contains("to_id"),
            "{}",
            first.notes[1]
        );
        let second = &parsed.records[1];
        assert_eq!(second.record.mentions.len(), 1);
        assert!(
            second.notes[0].starts_with("label 2 is not [start, end, \"LABEL\"]"),
            "{:?}",
            second.notes
        );
    }
}
