//! Label Studio JSON tasks: `data.text`, and in `annotations[].result` one
//! `labels` result per span (`value.start`/`end`/`text`/`labels`, code
//! points) and one `relation` result per link (`from_id`, `to_id`,
//! `direction`, `labels`) — the shape of Label Studio's JSON export and of
//! its task import.
//!
//! Events and claims travel as spans and relations (see `flat.rs`).

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::{FormatError, ItemStatus, Located, Parsed, Record, RecordMeta};
use crate::store::Problem;

#[derive(Serialize)]
struct Task<'a> {
    id: usize,
    data: Data<'a>,
    annotations: Vec<Annotation>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Annotation {
    id: usize,
    result: Vec<Value>,
}

/// The part's `<part>.json`: a JSON array of tasks, one per document.
pub fn render(records: &[Record], part: &str) -> Result<Vec<(PathBuf, String)>, FormatError> {
    let tasks: Vec<Task<'_>> = records
        .iter()
        .enumerate()
        .map(|(index, record)| {
            let flat = flat::from_record(record);
            let mut result: Vec<Value> = flat
                .spans
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "id": s.key,
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "origin": "manual",
                        "value": {
                            "start": s.start,
                            "end": s.end,
                            "text": s.text.clone().unwrap_or_default(),
                            "labels": [s.label],
                        },
                    })
                })
                .collect();
            result.extend(flat.relations.iter().map(|r| {
                serde_json::json!({
                    "type": "relation",
                    "from_id": r.from,
                    "to_id": r.to,
                    "direction": "right",
                    "labels": [r.label],
                })
            }));
            Task {
                id: index + 1,
                data: Data { text: &record.text },
                annotations: vec![Annotation {
                    id: index + 1,
                    result,
                }],
            }
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&tasks).map_err(|e| FormatError::Serialise {
        what: "Label Studio tasks".to_owned(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(vec![(PathBuf::from(format!("{part}.json")), text)])
}

/// Reads a JSON array of tasks (or one task). Each task's non-cancelled
/// annotations are read; a task with none falls back to its predictions.
pub fn read(path: &Path, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            parsed
                .problems
                .push(Problem::new(path, Some(e.line()), format!("not JSON: {e}")));
            return parsed;
        }
    };
    let tasks = match value {
        Value::Array(tasks) => tasks,
        task @ Value::Object(_) => vec![task],
        _ => {
            parsed.problems.push(Problem::new(
                path,
                Some(1),
                "expected a JSON array of Label Studio tasks",
            ));
            return parsed;
        }
    };
    for (index, task) in tasks.iter().enumerate() {
        let name = match task.get("id") {
            Some(id) => format!("task {} (id {id})", index + 1),
            None => format!("task {}", index + 1),
        };
        match read_task(task) {
            Ok((record, notes)) => parsed.records.push(Located {
                path: path.to_owned(),
                line: None,
                record,
                notes: notes.into_iter().map(|n| format!("{name}: {n}")).collect(),
            }),
            Err(message) => {
                parsed
                    .problems
                    .push(Problem::new(path, None, format!("{name}: {message}")))
            }
        }
    }
    parsed
}

fn read_task(task: &Value) -> Result<(Record, Vec<String>), String> {
    let data = task.get("data").ok_or("no \"data\"")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .or_else(|| data.as_object()?.values().find_map(Value::as_str))
        .ok_or("no text in \"data\"")?
        .to_owned();
    let live = |key: &str| -> Vec<&Value> {
        task.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|a| {
                !a.get("was_cancelled")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            })
            .collect()
    };
    let mut annotations = live("annotations");
    if annotations.is_empty() {
        annotations = live("predictions");
    }
    let mut flat = FlatDoc::default();
    let mut notes = Vec::new();
    for (a, annotation) in annotations.iter().enumerate() {
        // Result ids are unique within one annotation only.
        let key = |id: &str| format!("{a}:{id}");
        let results = annotation
            .get("result")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for (r, result) in results.enumerate() {
            let kind = result
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let id = result
                .get("id")
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{r}"), str::to_owned);
            match kind {
                "labels" => {
                    let value = result.get("value");
                    let field = |name: &str| {
                        value
                            .and_then(|v| v.get(name))
                            .and_then(Value::as_u64)
                            .and_then(|n| usize::try_from(n).ok())
                    };
                    let labels: Vec<&str> = value
                        .and_then(|v| v.get("labels"))
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect();
                    let (Some(start), Some(end), false) =
                        (field("start"), field("end"), labels.is_empty())
                    else {
                        notes.push(format!(
                            "result {id} lacks value.start, value.end or value.labels; skipped"
                        ));
                        continue;
                    };
                    let covered = value
                        .and_then(|v| v.get("text"))
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    for (l, label) in labels.iter().enumerate() {
                        flat.spans.push(FlatSpan {
                            key: if l == 0 {
                                key(&id)
                            } else {
                                key(&format!("{id}#{l}"))
                            },
                            start,
                            end,
                            label: (*label).to_owned(),
                            text: covered.clone(),
                            status: ItemStatus::Accepted,
                        });
                    }
                }
                "relation" => {
                    let end = |name: &str| result.get(name).and_then(Value::as_str).map(key);
                    let label = result
                        .get("labels")
                        .and_then(Value::as_array)
                        .and_then(|l| l.first())
                        .and_then(Value::as_str);
                    let (Some(from), Some(to), Some(label)) = (end("from_id"), end("to_id"), label)
                    else {
                        notes.push(format!(
                            "relation result {r} lacks from_id, to_id or a label; skipped"
                        ));
                        continue;
                    };
                    let (from, to) = match result.get("direction").and_then(Value::as_str) {
                        Some("left") => (to, from),
                        _ => (from, to),
                    };
                    flat.relations.push(FlatRelation {
                        from,
                        to,
                        label: label.to_owned(),
                    });
                }
                other => notes.push(format!(
                    "result {id} of type {other:?} has no place in Attest; skipped"
                )),
            }
        }
    }
    let id = task.get("id").map(ToString::to_string).unwrap_or_default();
    let (record, more) = flat::into_record(id, text, RecordMeta::default(), &flat);
    notes.extend(more);
    Ok((record, notes))
}
