//! Attest's own JSONL: one [`Record`] a line, with mentions, events and
//! claims and their review status — the lossless form.
//!
//! ```json
//! {"id": "ed1998e1ff29d999", "text": "…", "meta": {"title": "…", "language": "en"},
//!  "mentions": [{"id": "m1", "start": 54, "end": 58, "text": "Mali", "label": "LOCATION",
//!                "actor": "mali", "status": "accepted"}],
//!  "events": [{"id": "e1", "trigger": {"start": 15, "end": 23}, "type": "Battles",
//!              "sub_type": null, "roles": {"location": ["m1"]}, "status": "accepted"}],
//!  "claims": [{"id": "c1", "cue": {"start": 60, "end": 72}, "stance": "Confirmed",
//!              "source": {"mention": "m2", "reporter": null}, "responsible": [],
//!              "events": ["e1"], "status": "accepted"}]}
//! ```
//!
//! Offsets count Unicode code points, end-exclusive (Python `text[start:end]`).
//! `status` is `accepted`, `corrected`, `rejected` or `suggested`; `actor`,
//! `attributes` (a mention's own key/value pairs) are left out when no
//! record of the export has them, and every line has every key any line has
//! (uniform.rs), `meta`'s named fields always; a
//! claim's `events` (the events it is about, several for "the attacks were
//! claimed by …") is always a list, and the single `"event": "e1"` of
//! earlier versions still reads. A claim's `source` is always an object,
//! `{"mention": "m2", "reporter": null}`, or `{"mention": null, "reporter":
//! "AFP"}` when the reporter itself is the source, so that every field has
//! one type in every record (Hugging Face `datasets` loads the file through
//! Arrow, which refuses a column whose type changes); the bare mention id
//! and `{"reporter": "AFP"}` that earlier versions wrote still read. Items are
//! numbered `m1…`, `e1…`, `c1…` in reading order, so that an export does
//! not depend on one project's ids. On import `id` may be left out, `text`
//! is checked against the offsets when given, and `status` defaults to
//! `accepted`.

use std::path::{Path, PathBuf};

use super::registry::{DatasetFormat, LineReader, Reader, Writer};
use super::uniform::Shape;
use super::{FormatError, Parsed, Record, Rendered};

/// Attest's own JSONL in the registry.
pub struct Jsonl;

impl DatasetFormat for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }
    fn description(&self) -> &'static str {
        "Attest's own JSONL: mentions, events, claims and their status"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["jsonl"]
    }
    fn holds_status(&self) -> bool {
        true
    }
    fn empty_record_is_annotated(&self) -> bool {
        true
    }
    fn reader(&self) -> Option<Reader> {
        Some(|source, _| source.read_text(|text| read(&source.path, text)))
    }
    fn line_reader(&self) -> Option<LineReader> {
        Some(|line, _| read_line(line))
    }
    fn writer(&self) -> Option<Writer> {
        Some(|records, part, context| {
            let shape = match context.uniform {
                Some(shape) => shape.clone(),
                None if context.all_records.is_empty() => shape_of(records.iter())?,
                None => shape_of(context.all_records.iter().copied())?,
            };
            let (files, lines) = render(records, &shape, part)?;
            Ok(Rendered {
                lines: Some(lines),
                ..Rendered::whole(files)
            })
        })
    }
    fn streams(&self) -> bool {
        true
    }
}

/// The shape of `records` as lines, its scalars blank.
pub(crate) fn shape_of<'r>(
    records: impl Iterator<Item = &'r Record>,
) -> Result<Shape, FormatError> {
    let mut shape = Shape::default();
    for record in records {
        shape.widen_by(record)?;
    }
    Ok(shape)
}

/// The part's `<part>.jsonl`, every line with the keys of every record of
/// the export (`shape`, of all parts), so that the parts load together.
/// With it, the shape of the lines written: every line has every key of
/// `shape` and nothing else, so theirs is `shape` itself (none when no
/// line is written).
pub fn render(
    records: &[Record],
    shape: &Shape,
    part: &str,
) -> Result<(Vec<(PathBuf, String)>, Shape), FormatError> {
    let mut out = Vec::new();
    for record in records {
        shape.write_line(&mut out, record)?;
        out.push(b'\n');
    }
    // serde_json writes UTF-8 only.
    let out = String::from_utf8(out).map_err(|e| serialise_error(&e))?;
    let lines = if records.is_empty() {
        Shape::default()
    } else {
        shape.clone()
    };
    Ok((vec![(PathBuf::from(format!("{part}.jsonl")), out)], lines))
}

pub(crate) fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, FormatError> {
    serde_json::to_value(value).map_err(|e| serialise_error(&e))
}

pub(crate) fn to_line<T: serde::Serialize>(value: &T) -> Result<String, FormatError> {
    serde_json::to_string(value).map_err(|e| serialise_error(&e))
}

/// Why a record could not be written as JSON.
pub(crate) fn serialise_error(e: &impl std::fmt::Display) -> FormatError {
    FormatError::Serialise {
        what: "a JSON record".to_owned(),
        message: e.to_string(),
    }
}

/// Reads one record a line; blank lines are skipped.
pub fn read(path: &Path, text: &str) -> Parsed {
    Parsed::from_json_lines(path, text, read_line)
}

/// The record of one line.
fn read_line(line: &str) -> Result<Option<(Record, Vec<String>)>, String> {
    serde_json::from_str::<Record>(line)
        .map(|record| Some((record, Vec::new())))
        .map_err(|e| format!("not an Attest record: {e}"))
}

#[cfg(test)]
mod tests {
    use super::super::{Offsets, RecordEvent, RecordMeta, StatusKind};
    use super::*;

    #[test]
    fn a_minimal_hand_written_line_reads_and_a_bad_one_names_its_line() {
        let text = "{\"text\": \"JNIM a frappé.\", \"mentions\": [{\"start\": 0, \"end\": 4, \"label\": \"ARMED_GROUP\"}]}\n\n{\"mentions\": []}\n";
        let parsed = read(Path::new("hand.jsonl"), text);
        assert_eq!(parsed.records.len(), 1);
        let record = &parsed.records[0].record;
        assert_eq!(record.mentions[0].status, StatusKind::Accepted);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, Some(3));
        assert!(
            parsed.problems[0].message.contains("text"),
            "{}",
            parsed.problems[0].message
        );
    }

    #[test]
    fn blank_labels_are_problems_and_never_reach_the_schema() {
        let line = r#"{"text": "JNIM a frappé.", "mentions": [{"start": 0, "end": 4, "label": " "}], "claims": [{"cue": {"start": 7, "end": 13}, "stance": ""}]}"#;
        let parsed = read(Path::new("hand.jsonl"), line);
        let record = &parsed.records[0].record;
        let mut set = crate::model::AnnotationSet::new(
            crate::model::DocumentId::for_text(&record.text),
            "ana",
        );
        let mut schema = crate::model::Schema::conflict_default();
        let before = schema.clone();
        let reviewer = super::super::record::Reviewer {
            as_suggestions: false,
            annotator: "ana",
            source: "jsonl",
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        let merged = super::super::record::merge(record, &mut set, &mut schema, &reviewer);
        assert_eq!(
            merged.problems,
            [
                "mention at 0..4 has no label",
                "claim at 7..13 has no stance"
            ]
        );
        assert!(set.is_empty());
        assert_eq!(schema, before);
    }

    #[test]
    fn a_source_naming_both_a_mention_and_a_reporter_is_refused_by_line() {
        let text = concat!(
            r#"{"text": "AFP said.", "claims": [{"cue": {"start": 4, "end": 8}, "stance": "Reported", "source": {"mention": null, "reporter": "AFP"}}]}"#,
            "\n",
            r#"{"text": "AFP said.", "claims": [{"cue": {"start": 4, "end": 8}, "stance": "Reported", "source": {"mention": "m1", "reporter": "AFP"}}]}"#,
        );
        let parsed = read(Path::new("both.jsonl"), text);
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(
            parsed.records[0].record.claims[0].source,
            Some(super::super::RecordSource::Reporter {
                reporter: "AFP".into()
            })
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, Some(2));
        assert!(
            parsed.problems[0].message.contains("not both"),
            "{}",
            parsed.problems[0].message
        );
    }

    #[test]
    fn optional_fields_are_left_out_and_meta_and_sub_type_are_always_there() {
        let record = Record {
            id: "d".into(),
            text: "x".into(),
            meta: RecordMeta::default(),
            mentions: Vec::new(),
            events: vec![RecordEvent {
                id: "e1".into(),
                trigger: Offsets { start: 0, end: 1 },
                event_type: "Battles".into(),
                sub_type: None,
                roles: std::collections::BTreeMap::new(),
                status: StatusKind::Accepted,
                suggester: None,
                score: None,
            }],
            claims: Vec::new(),
            extras: crate::formats::RecordExtras::default(),
        };
        let line = to_line(&record).unwrap();
        assert_eq!(
            line,
            r#"{"id":"d","text":"x","meta":{"title":null,"source":null,"dateline":null,"date":null,"language":null,"sign_off":null},"mentions":[],"events":[{"id":"e1","trigger":{"start":0,"end":1},"type":"Battles","sub_type":null,"roles":{},"status":"accepted"}],"claims":[]}"#
        );
    }
}
