//! Prodigy JSONL (import only): the output of `ner_manual`, `spans.manual`
//! and `rel.manual` — `text`, `tokens`, `spans` with `start`/`end` (code
//! points) and `token_start`/`token_end` (inclusive), `relations` with
//! `head`/`child` token indices (and `head_span`/`child_span` where
//! Prodigy writes them), and the `answer`.
//!
//! `accept` gives accepted items, `reject` rejected ones (negatives),
//! `ignore` nothing. Events and claims follow `flat.rs`.

use std::path::Path;

use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::{ItemStatus, Parsed, Record, RecordMeta};

/// Reads one Prodigy example a line.
pub fn read(path: &Path, text: &str) -> Parsed {
    Parsed::from_json_lines(path, text, read_line)
}

fn number(value: Option<&Value>) -> Option<usize> {
    value?.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// A token's code-point range.
fn token(tokens: &[Value], index: usize) -> Option<(usize, usize)> {
    let t = tokens.get(index)?;
    Some((number(t.get("start"))?, number(t.get("end"))?))
}

/// The record of one example, or `None` for an ignored one.
fn read_line(line: &str) -> Result<Option<(Record, Vec<String>)>, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let status = match value.get("answer").and_then(Value::as_str) {
        None | Some("accept") => ItemStatus::Accepted,
        Some("reject") => ItemStatus::Rejected,
        Some("ignore") => return Ok(None),
        Some(other) => return Err(format!("unknown answer {other:?}")),
    };
    let text = value
        .get("text")
        .and_then(Value::as_str)
        .ok_or("no \"text\"")?
        .to_owned();
    let tokens: Vec<Value> = value
        .get("tokens")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut flat = FlatDoc::default();
    let mut notes = Vec::new();
    // (key, token_start, token_end) to find spans from relation token indices.
    let mut by_token = Vec::new();
    for (i, span) in value
        .get("spans")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let token_start = number(span.get("token_start"));
        let token_end = number(span.get("token_end"));
        let start = number(span.get("start")).or_else(|| Some(token(&tokens, token_start?)?.0));
        let end = number(span.get("end")).or_else(|| Some(token(&tokens, token_end?)?.1));
        let label = span.get("label").and_then(Value::as_str);
        let (Some(start), Some(end), Some(label)) = (start, end, label) else {
            notes.push(format!(
                "span {} lacks offsets (start/end or token_start/token_end) or a label; skipped",
                i + 1
            ));
            continue;
        };
        let key = format!("s{}", i + 1);
        if let (Some(ts), Some(te)) = (token_start, token_end) {
            by_token.push((key.clone(), ts, te, start, end));
        } else {
            by_token.push((key.clone(), usize::MAX, usize::MAX, start, end));
        }
        flat.spans.push(FlatSpan {
            key,
            start,
            end,
            label: label.to_owned(),
            text: None,
            status,
        });
    }
    for (i, relation) in value
        .get("relations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let find = |index_field: &str, span_field: &str| -> Option<String> {
            if let Some(span) = relation.get(span_field) {
                let (start, end) = (number(span.get("start")), number(span.get("end")));
                if let Some(found) = by_token
                    .iter()
                    .find(|s| Some(s.3) == start && Some(s.4) == end)
                {
                    return Some(found.0.clone());
                }
            }
            let index = number(relation.get(index_field))?;
            by_token
                .iter()
                .find(|s| s.1 <= index && index <= s.2)
                .map(|s| s.0.clone())
        };
        let label = relation.get("label").and_then(Value::as_str);
        match (
            find("head", "head_span"),
            find("child", "child_span"),
            label,
        ) {
            (Some(from), Some(to), Some(label)) => flat.relations.push(FlatRelation {
                from,
                to,
                label: label.to_owned(),
            }),
            _ => notes.push(format!(
                "relation {} ({}) does not join two spans of the example; skipped",
                i + 1,
                label.unwrap_or("no label")
            )),
        }
    }
    let id = value
        .get("_input_hash")
        .map(ToString::to_string)
        .unwrap_or_default();
    let (record, more) = flat::into_record(id, text, RecordMeta::default(), &flat);
    notes.extend(more);
    Ok(Some((record, notes)))
}
