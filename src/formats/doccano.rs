//! doccano JSONL: sequence labelling (`"label": [[start, end, "LABEL"]]`)
//! and, when the dataset has events or claims, the relation form
//! (`"entities"` with `start_offset`/`end_offset`, `"relations"` with
//! `from_id`/`to_id`/`type`). Offsets are code points, as doccano counts them.
//!
//! The form is chosen once for the whole export (a doccano project is one
//! or the other, and the parts of a split must load into the same project)
//! and `dataset.json` records it as `shape`: `label` or `entities_relations`.
//! Each line also carries Attest's document id (`document`), and, where a
//! claim's source is the reporter itself, `reporters`:
//! `[{"entity": 7, "reporter": "AFP"}]` (doccano keeps unknown keys as the
//! example's metadata). Events and claims travel as spans and relations
//! labeled as `flat.rs` says.
//!
//! doccano's default project type does not allow overlapping spans: it
//! drops them and then fails on the relations that point at them. So the
//! export lists every overlapping span, and with
//! [`ExportOptions::without_overlaps`](super::ExportOptions) writes a
//! variant without them: in reading order, a span that overlaps one already
//! kept (the earlier, and of two at one place the longer) is left out with
//! the relations that point at it, each listed as unwritten.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::jsonl::{to_line, to_value};
use super::registry::{DatasetFormat, LineReader, Reader, WriteContext, Writer};
use super::uniform::{Shape, map_without_nulls};
use super::{
    FormatError, Parsed, Record, RecordMeta, RecordSource, Rendered, StatusKind, Unwritten,
};
use crate::model::Schema;

/// The sequence-labelling form's name in `dataset.json`.
pub const SHAPE_LABEL: &str = "label";
/// The relation form's name in `dataset.json`.
pub const SHAPE_RELATIONS: &str = "entities_relations";

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
        Some(|source, schema| source.read_text(|text| read(&source.path, text, schema)))
    }
    fn line_reader(&self) -> Option<LineReader> {
        Some(|line, schema| read_line(line, schema).map(Some))
    }
    fn writer(&self) -> Option<Writer> {
        Some(render)
    }
    fn shape(&self, records: &[Record]) -> Option<&'static str> {
        Some(shape_of(records))
    }
    fn codes_labels(&self) -> bool {
        true
    }
    fn refuses_overlaps(&self) -> bool {
        true
    }
}

/// The relation form when any record has events, claims or relations,
/// else sequence labelling.
pub fn shape_of(records: &[Record]) -> &'static str {
    if records
        .iter()
        .any(|r| !r.events.is_empty() || !r.claims.is_empty() || !r.extras.relations.is_empty())
    {
        SHAPE_RELATIONS
    } else {
        SHAPE_LABEL
    }
}

/// The sequence-labelling form: `label` holds span objects
/// (`{"start_offset", "end_offset", "label"}`), which doccano reads as it
/// reads `[start, end, "LABEL"]` triples, and which Arrow can type (a
/// triple mixes numbers and a string in one list).
#[derive(Serialize)]
struct Sequence<'a> {
    id: usize,
    document: &'a str,
    text: &'a str,
    label: Vec<Entity<'a>>,
    meta: &'a RecordMeta,
}

#[derive(Serialize)]
struct Relational<'a> {
    id: usize,
    document: &'a str,
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<Relation<'a>>,
    reporters: Vec<Reporter<'a>>,
    meta: &'a RecordMeta,
}

/// A span; `actor` and `attributes` (a mention's catalogue link and own
/// attributes) are keys doccano ignores and Attest reads back.
#[derive(Serialize)]
struct Entity<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    label: &'a str,
    start_offset: usize,
    end_offset: usize,
    actor: Option<&'a str>,
    attributes: &'a BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Relation<'a> {
    id: usize,
    from_id: usize,
    to_id: usize,
    #[serde(rename = "type")]
    relation_type: &'a str,
}

/// A claim cue (by entity id) whose source is the reporter itself.
#[derive(Serialize, Deserialize)]
struct Reporter<'a> {
    entity: usize,
    reporter: &'a str,
}

/// Removes from `record` the spans that overlap one kept before them (in
/// reading order, longer first) and every reference to them; returns what
/// it left out.
fn drop_overlaps(record: &mut Record) -> Vec<Unwritten> {
    let flat = flat::from_record(record);
    let mut order: Vec<&FlatSpan> = flat.spans.iter().collect();
    order.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<&FlatSpan> = Vec::new();
    let mut gone: HashSet<&str> = HashSet::new();
    let mut dropped = Vec::new();
    for span in order {
        match kept.iter().find(|k| flat::overlap(span, k)) {
            Some(keeper) => {
                gone.insert(&span.key);
                dropped.push(flat::unwritten(
                    record,
                    span,
                    format!(
                        "overlaps {} {}..{}; left out (--without-overlaps)",
                        keeper.label, keeper.start, keeper.end
                    ),
                ));
            }
            None => kept.push(span),
        }
    }
    if gone.is_empty() {
        return dropped;
    }
    let by_key: HashMap<&str, &FlatSpan> = flat.spans.iter().map(|s| (s.key.as_str(), s)).collect();
    for relation in &flat.relations {
        let lost = [&relation.from, &relation.to]
            .into_iter()
            .find(|k| gone.contains(k.as_str()));
        if let (Some(lost), Some(from)) = (lost, by_key.get(relation.from.as_str())) {
            let lost = by_key.get(lost.as_str()).map_or_else(String::new, |s| {
                format!("{} {}..{}", s.label, s.start, s.end)
            });
            dropped.push(flat::unwritten(
                record,
                from,
                format!(
                    "relation {} to {} left out with the overlapping span {lost} (--without-overlaps)",
                    relation.label, relation.to
                ),
            ));
        }
    }
    remove_items(record, &gone);
    dropped
}

/// Removes the items whose ids are in `gone`, and every reference to them.
fn remove_items(record: &mut Record, gone: &HashSet<&str>) {
    let keeps = |id: &String| !gone.contains(id.as_str());
    record.mentions.retain(|m| keeps(&m.id));
    record.events.retain(|e| keeps(&e.id));
    record.claims.retain(|c| keeps(&c.id));
    for e in &mut record.events {
        for fillers in e.roles.values_mut() {
            fillers.retain(keeps);
        }
        e.roles.retain(|_, fillers| !fillers.is_empty());
    }
    for c in &mut record.claims {
        c.responsible.retain(keeps);
        c.events.retain(keeps);
        if matches!(&c.source, Some(RecordSource::Mention(m)) if !keeps(m)) {
            c.source = None;
        }
    }
}

/// The part's `<part>.jsonl` in the export's shape, without overlapping
/// spans when the options say so.
fn render(records: &[Record], part: &str, context: &WriteContext) -> Result<Rendered, FormatError> {
    let relational = context.shape.unwrap_or_else(|| shape_of(records)) == SHAPE_RELATIONS;
    // Every line gets the keys of every record of the export (uniform.rs).
    let every: Vec<&Record> = if context.all_records.is_empty() {
        records.iter().collect()
    } else {
        context.all_records.to_vec()
    };
    let shape = Shape::of(
        every
            .iter()
            .map(|r| line(r, 0, relational))
            .collect::<Result<Vec<_>, _>>()?
            .iter(),
    );
    let mut written = Vec::with_capacity(records.len());
    let mut unwritten = Vec::new();
    let mut out = String::new();
    for (index, record) in records.iter().enumerate() {
        let mut record = record.clone();
        if context.without_overlaps {
            unwritten.extend(drop_overlaps(&mut record));
        }
        let mut value = line(&record, index + 1, relational)?;
        shape.fill(&mut value);
        out.push_str(&to_line(&value)?);
        out.push('\n');
        written.push(record);
    }
    let mut rendered = Rendered::whole(vec![(PathBuf::from(format!("{part}.jsonl")), out)]);
    rendered.written = Some(written);
    rendered.unwritten = unwritten;
    Ok(rendered)
}

/// A span as written, numbered `id` in the relation form.
fn entity(id: Option<usize>, s: &FlatSpan) -> Entity<'_> {
    Entity {
        id,
        label: &s.label,
        start_offset: s.start,
        end_offset: s.end,
        actor: s.actor.as_deref(),
        attributes: &s.attributes,
    }
}

/// One record's line, numbered `number`.
fn line(record: &Record, number: usize, relational: bool) -> Result<Value, FormatError> {
    let flat = flat::from_record(record);
    if !relational {
        let label = flat.spans.iter().map(|s| entity(None, s)).collect();
        return to_value(&Sequence {
            id: number,
            document: &record.id,
            text: &record.text,
            label,
            meta: &record.meta,
        });
    }
    let numbers: HashMap<&str, usize> = flat
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| (s.key.as_str(), i + 1))
        .collect();
    let number_of = |key: &str| numbers.get(key).copied().unwrap_or_default();
    to_value(&Relational {
        id: number,
        document: &record.id,
        text: &record.text,
        entities: flat
            .spans
            .iter()
            .map(|s| entity(Some(number_of(&s.key)), s))
            .collect(),
        relations: flat
            .relations
            .iter()
            .enumerate()
            .map(|(i, r)| Relation {
                id: i + 1,
                from_id: number_of(&r.from),
                to_id: number_of(&r.to),
                relation_type: &r.label,
            })
            .collect(),
        reporters: flat
            .spans
            .iter()
            .filter_map(|s| {
                Some(Reporter {
                    entity: number_of(&s.key),
                    reporter: s.reporter.as_deref()?,
                })
            })
            .collect(),
        meta: &record.meta,
    })
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
    #[serde(default)]
    reporters: Vec<Value>,
    /// The document's metadata, as Attest writes it.
    meta: Option<Value>,
}

/// A reporter as read: the entity id as doccano keeps it.
#[derive(Deserialize)]
struct ReporterIn {
    entity: Key,
    reporter: String,
}

#[derive(Deserialize)]
struct EntityIn {
    id: Key,
    start_offset: usize,
    end_offset: usize,
    label: String,
    #[serde(default)]
    actor: Option<String>,
    #[serde(default, deserialize_with = "map_without_nulls")]
    attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RelationIn {
    from_id: Key,
    to_id: Key,
    #[serde(rename = "type")]
    relation_type: String,
}

/// A span of the sequence-labelling form: `{"start_offset", "end_offset",
/// "label"}` (with Attest's `actor` and `attributes`), or doccano's
/// `[start, end, "LABEL"]`.
#[derive(Deserialize)]
#[serde(untagged)]
enum LabelIn {
    Object {
        start_offset: usize,
        end_offset: usize,
        label: String,
        #[serde(default)]
        actor: Option<String>,
        #[serde(default, deserialize_with = "map_without_nulls")]
        attributes: BTreeMap<String, String>,
    },
    Triple(usize, usize, String),
}

/// Reads one doccano record a line, in either form; labels are decoded
/// through `schema`.
pub fn read(path: &Path, text: &str, schema: &Schema) -> Parsed {
    Parsed::from_json_lines(path, text, |line| read_line(line, schema).map(Some))
}

fn read_line(line: &str, schema: &Schema) -> Result<(Record, Vec<String>), String> {
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
                    reporter: None,
                    actor: entity.actor,
                    attributes: entity.attributes,
                }),
                Err(e) => notes.push(format!(
                    "entity {} lacks an id, start_offset, end_offset or label ({e}); skipped",
                    i + 1
                )),
            }
        }
        for (i, reporter) in line.reporters.into_iter().enumerate() {
            let found = serde_json::from_value::<ReporterIn>(reporter)
                .map_err(|e| e.to_string())
                .and_then(|r| {
                    let key = r.entity.into_string();
                    let span = flat
                        .spans
                        .iter_mut()
                        .find(|s| s.key == key)
                        .ok_or_else(|| format!("entity {key} is not in the record"))?;
                    span.reporter = Some(r.reporter);
                    Ok(())
                });
            if let Err(e) = found {
                notes.push(format!("reporter {} is not readable ({e}); skipped", i + 1));
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
                Ok(span) => {
                    let (start, end, label, actor, attributes) = match span {
                        LabelIn::Object {
                            start_offset,
                            end_offset,
                            label,
                            actor,
                            attributes,
                        } => (start_offset, end_offset, label, actor, attributes),
                        LabelIn::Triple(start, end, label) => {
                            (start, end, label, None, BTreeMap::new())
                        }
                    };
                    flat.spans.push(FlatSpan {
                        key: format!("s{}", i + 1),
                        start,
                        end,
                        label,
                        text: None,
                        status: StatusKind::Accepted,
                        reporter: None,
                        actor,
                        attributes,
                    });
                }
                Err(e) => notes.push(format!(
                    "label {} is neither {{\"start_offset\", \"end_offset\", \"label\"}} nor [start, end, \"LABEL\"] ({e}); skipped",
                    i + 1
                )),
            }
        }
    }
    let meta = match line.meta.map(serde_json::from_value::<RecordMeta>) {
        None => RecordMeta::default(),
        Some(Ok(meta)) => meta,
        Some(Err(e)) => {
            notes.push(format!(
                "\"meta\" is not Attest's document metadata ({e}); left out"
            ));
            RecordMeta::default()
        }
    };
    let (record, more) = flat::into_record(id, text, meta, &flat, schema);
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
                suggester: None,
                score: None,
            }],
            events: Vec::new(),
            claims: Vec::new(),
            extras: crate::formats::RecordExtras::default(),
        }
    }

    #[test]
    fn mentions_only_give_sequence_labelling_with_span_objects_and_claims_the_relation_form() {
        let schema = Schema::conflict_default();
        let catalogue = crate::model::Catalogue::default();
        let context = WriteContext {
            schema: &schema,
            catalogue: &catalogue,
            shape: None,
            without_overlaps: false,
            all_records: &[],
            uniform: None,
        };
        let plain = render(&[record()], "all", &context).unwrap();
        assert_eq!(
            plain.files[0].1,
            concat!(
                r#"{"id":1,"document":"d","text":"« JNIM » a revendiqué","#,
                r#""label":[{"label":"ARMED_GROUP","start_offset":2,"end_offset":6,"actor":null,"attributes":{}}],"#,
                r#""meta":{"title":null,"source":null,"dateline":null,"date":null,"language":null,"sign_off":null}}"#,
                "\n"
            )
        );
        let mut with_claim = record();
        with_claim.claims.push(RecordClaim {
            id: "c1".into(),
            cue: Offsets { start: 9, end: 21 },
            stance: "Claimed".into(),
            source: Some(RecordSource::Reporter {
                reporter: "AFP".into(),
            }),
            responsible: vec!["m1".into()],
            events: Vec::new(),
            status: StatusKind::Accepted,
            suggester: None,
            score: None,
        });
        let relational = render(&[with_claim.clone()], "all", &context).unwrap();
        let line = &relational.files[0].1;
        assert!(
            line.contains(
r#"{"id":2,"label":"CLAIM.CLAIMED","start_offset":9,"end_offset":21,"actor":null,"attributes":{}}"#
            ),
            "{line}"
        );
        assert!(
            line.contains(
                "\"relations\":[{\"id\":1,\"from_id\":2,\"to_id\":1,\"type\":\"responsible\"}],\"reporters\":[{\"entity\":2,\"reporter\":\"AFP\"}]"
            ),
            "{line}"
        );
        let parsed = read(Path::new("x.jsonl"), line, &schema);
        let back = &parsed.records[0].record;
        assert_eq!(back.claims[0].responsible, ["1"]);
        assert_eq!(back.claims[0].stance, "Claimed");
        assert_eq!(
            back.claims[0].source,
            Some(RecordSource::Reporter {
                reporter: "AFP".into()
            })
        );
        assert_eq!((back.mentions[0].start, back.mentions[0].end), (2, 6));
        // One shape for the export: a part of mentions only follows it.
        let whole = WriteContext {
            shape: Some(SHAPE_RELATIONS),
            ..context
        };
        let part = render(&[record()], "all", &whole).unwrap();
        assert!(
            part.files[0].1.contains("\"entities\":["),
            "{}",
            part.files[0].1
        );
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
        let parsed = read(Path::new("d.jsonl"), text, &Schema::conflict_default());
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
            second.notes[0].starts_with("label 2 is neither"),
            "{:?}",
            second.notes
        );
    }
}
