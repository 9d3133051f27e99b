//! Prodigy JSONL (import only): the output of `ner_manual`, `spans.manual`
//! and `rel.manual` — `text`, `tokens`, `spans` with `start`/`end` (code
//! points) and `token_start`/`token_end` (inclusive), `relations` with
//! `head`/`child` token indices (and `head_span`/`child_span` where
//! Prodigy writes them), and the `answer`.
//!
//! `accept` gives accepted items, `reject` rejected ones (negatives),
//! `ignore` nothing. Events and claims follow `flat.rs`: span labels in
//! either scheme (`EVENT.BATTLES.ARMED_CLASH` or `EVENT|Battles|Armed
//! clash`), and a claim cue's `reporter` key names the reporter when it is
//! the source. The `tokens` are kept with the document, so that a CoNLL
//! export uses them.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::registry::{DatasetFormat, LineReader, Reader, Writer};
use super::{Parsed, Record, RecordMeta, StatusKind};
use crate::model::Schema;

/// Prodigy JSONL in the registry: read, never written.
pub struct Prodigy;

impl DatasetFormat for Prodigy {
    fn name(&self) -> &'static str {
        "prodigy"
    }
    fn description(&self) -> &'static str {
        "Prodigy JSONL (ner_manual, spans.manual, rel.manual); import only"
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
        Some(read_line)
    }
    fn writer(&self) -> Option<Writer> {
        None
    }
}

/// The keys of an example that are read into the record.
const READ: [&str; 7] = [
    "text",
    "answer",
    "tokens",
    "spans",
    "relations",
    "_input_hash",
    "meta",
];

/// One example as read; spans and relations are read one by one so that a
/// bad one is reported and the rest of the example goes on.
#[derive(Deserialize)]
struct Example {
    text: Option<String>,
    answer: Option<String>,
    #[serde(default)]
    tokens: Vec<Value>,
    #[serde(default)]
    spans: Vec<Value>,
    #[serde(default)]
    relations: Vec<Value>,
    #[serde(rename = "_input_hash")]
    input_hash: Option<Value>,
    /// The task's `meta` (`{"source": "The New York Times"}`).
    #[serde(default)]
    meta: serde_json::Map<String, Value>,
}

/// A token's code-point range.
#[derive(Deserialize)]
struct TokenIn {
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct SpanIn {
    start: Option<usize>,
    end: Option<usize>,
    token_start: Option<usize>,
    token_end: Option<usize>,
    label: Option<String>,
    reporter: Option<String>,
}

#[derive(Deserialize)]
struct RelationIn {
    head: Option<usize>,
    child: Option<usize>,
    head_span: Option<SpanRef>,
    child_span: Option<SpanRef>,
    label: Option<String>,
}

/// Where Prodigy names a relation's span by its offsets.
#[derive(Deserialize)]
struct SpanRef {
    start: Option<usize>,
    end: Option<usize>,
}

/// A span read, with the tokens it covers (when given) to find relation ends.
struct Placed {
    key: String,
    tokens: Option<(usize, usize)>,
    start: usize,
    end: usize,
}

/// Reads one Prodigy example a line; labels are decoded through `schema`.
pub fn read(path: &Path, text: &str, schema: &Schema) -> Parsed {
    Parsed::from_json_lines(path, text, |line| read_line(line, schema))
}

/// The record of one example, or `None` for an ignored one.
fn read_line(line: &str, schema: &Schema) -> Result<Option<(Record, Vec<String>)>, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    // Prodigy's own keys besides what is read (`_task_hash`, `_view_id`,
    // `_session_id` …), kept as the document's extra metadata.
    let own: Vec<(String, String)> = value
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(key, value)| !READ.contains(&key.as_str()) && !value.is_null())
        .map(|(key, value)| {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (key.clone(), value)
        })
        .collect();
    let example: Example =
        serde_json::from_value(value).map_err(|e| format!("not a Prodigy example: {e}"))?;
    let status = match example.answer.as_deref() {
        None | Some("accept") => StatusKind::Accepted,
        Some("reject") => StatusKind::Rejected,
        Some("ignore") => return Ok(None),
        Some(other) => return Err(format!("unknown answer {other:?}")),
    };
    let text = example.text.ok_or("no \"text\"")?;
    let token =
        |index: usize| -> Option<TokenIn> { TokenIn::deserialize(example.tokens.get(index)?).ok() };
    let mut flat = FlatDoc::default();
    let mut notes = Vec::new();
    let mut placed = Vec::new();
    for (i, span) in example.spans.into_iter().enumerate() {
        let span = match serde_json::from_value::<SpanIn>(span) {
            Ok(span) => span,
            Err(e) => {
                notes.push(format!("span {} is not readable ({e}); skipped", i + 1));
                continue;
            }
        };
        let start = span.start.or_else(|| Some(token(span.token_start?)?.start));
        let end = span.end.or_else(|| Some(token(span.token_end?)?.end));
        let (Some(start), Some(end), Some(label)) = (start, end, span.label) else {
            notes.push(format!(
                "span {} lacks offsets (start/end or token_start/token_end) or a label; skipped",
                i + 1
            ));
            continue;
        };
        let key = format!("s{}", i + 1);
        placed.push(Placed {
            key: key.clone(),
            tokens: span.token_start.zip(span.token_end),
            start,
            end,
        });
        flat.spans.push(FlatSpan {
            key,
            start,
            end,
            label,
            text: None,
            status,
            reporter: span.reporter,
            actor: None,
            attributes: BTreeMap::new(),
        });
    }
    for (i, relation) in example.relations.into_iter().enumerate() {
        let relation = match serde_json::from_value::<RelationIn>(relation) {
            Ok(relation) => relation,
            Err(e) => {
                notes.push(format!("relation {} is not readable ({e}); skipped", i + 1));
                continue;
            }
        };
        // By the span's offsets where Prodigy gives them, else by token index.
        let find = |index: Option<usize>, span: &Option<SpanRef>| -> Option<String> {
            if let Some(span) = span
                && let Some(found) = placed
                    .iter()
                    .find(|p| Some(p.start) == span.start && Some(p.end) == span.end)
            {
                return Some(found.key.clone());
            }
            let index = index?;
            placed
                .iter()
                .find(|p| p.tokens.is_some_and(|(ts, te)| ts <= index && index <= te))
                .map(|p| p.key.clone())
        };
        match (
            find(relation.head, &relation.head_span),
            find(relation.child, &relation.child_span),
            relation.label,
        ) {
            (Some(from), Some(to), Some(label)) => {
                flat.relations.push(FlatRelation { from, to, label });
            }
            (_, _, label) => notes.push(format!(
                "relation {} ({}) does not join two spans of the example; skipped",
                i + 1,
                label.as_deref().unwrap_or("no label")
            )),
        }
    }
    let id = example
        .input_hash
        .map(|hash| hash.to_string())
        .unwrap_or_default();
    // Prodigy's (spaCy's) tokens, kept so that a CoNLL export of the
    // document tokenises it the same way.
    let tokens: Option<Vec<(usize, usize)>> = (0..example.tokens.len())
        .map(|i| token(i).map(|t| (t.start, t.end)))
        .collect();
    // The task's meta is kept with the document: `source` as its source,
    // any other key as extra metadata (a value that is no string as JSON).
    let mut tokens = tokens.unwrap_or_default();
    if let Some(uncovered) = uncovered_word(&text, &tokens) {
        // Kept, a CoNLL export would write only the tokens' words.
        notes.push(format!(
            "the tokens leave out text (from code point {uncovered}); the text is kept whole and the tokens dropped"
        ));
        tokens.clear();
    }
    let mut meta = RecordMeta {
        tokens,
        ..RecordMeta::default()
    };
    for (key, value) in example.meta {
        let value = match value {
            Value::String(s) => s,
            other => other.to_string(),
        };
        if key == "source" {
            meta.source = Some(value);
        } else {
            meta.extra.insert(key, value);
        }
    }
    meta.extra.extend(own);
    let (record, more) = flat::into_record(id, text, meta, &flat, schema);
    notes.extend(more);
    Ok(Some((record, notes)))
}

/// Where the first character outside every token that is not white
/// space is (code points), when the tokens are in order and leave one.
fn uncovered_word(text: &str, tokens: &[(usize, usize)]) -> Option<usize> {
    if tokens.is_empty() {
        return None;
    }
    let mut covered = 0;
    for (index, c) in text.chars().enumerate() {
        while tokens.get(covered).is_some_and(|&(_, end)| end <= index) {
            covered += 1;
        }
        let inside = tokens
            .get(covered)
            .is_some_and(|&(start, end)| start <= index && index < end);
        if !inside && !c.is_whitespace() {
            return Some(index);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_span_is_reported_and_the_rest_of_the_example_is_read() {
        let text = concat!(
            r#"{"text": "JNIM a attaqué Djibo.", "answer": "accept", "#,
            r#""tokens": [{"start": 0, "end": 4}, {"start": 5, "end": 6}, {"start": 7, "end": 14}, {"start": 15, "end": 20}, {"start": 20, "end": 21}], "#,
            r#""spans": [{"start": 0, "end": 4, "label": "ARMED_GROUP"}, {"start": -1, "end": 20, "label": "LOCATION"}, "#,
            r#"{"token_start": 3, "token_end": 3, "label": "LOCATION"}]}"#,
            "\n\n",
            r#"{"text": "Rien.", "answer": "maybe"}"#,
        );
        let parsed = read(Path::new("p.jsonl"), text, &Schema::conflict_default());
        let example = &parsed.records[0];
        let spans: Vec<_> = example
            .record
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.label.as_str()))
            .collect();
        assert_eq!(spans, [(0, 4, "ARMED_GROUP"), (15, 20, "LOCATION")]);
        assert_eq!(example.notes.len(), 1, "{:?}", example.notes);
        assert!(
            example.notes[0].starts_with("span 2 is not readable")
                && example.notes[0].contains("-1"),
            "{}",
            example.notes[0]
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(parsed.problems[0].line, Some(3));
        assert_eq!(parsed.problems[0].message, "unknown answer \"maybe\"");
    }
}
