//! Label Studio JSON tasks: `data.text`, and in `annotations[].result` one
//! `labels` result per span (`value.start`/`end`/`text`/`labels`, code
//! points) and one `relation` result per link (`from_id`, `to_id`,
//! `direction`, `labels`) — the shape of Label Studio's JSON export and of
//! its task import. `data.document` is Attest's document id.
//!
//! Events and claims travel as spans and relations labeled as `flat.rs`
//! says. Where a claim's source is the reporter itself, its name is the
//! claim region's meta text (`"meta": {"text": ["AFP"]}`, what Label
//! Studio shows and edits as the region's meta), never part of a label. (A
//! per-region text area would make `value.text` a string in some results
//! and a list in others, which Arrow, and so Hugging Face `datasets`,
//! refuses.)
//!
//! Beside the tasks goes `config.xml`, the labelling config that declares
//! every label the schema allows (and any other the tasks use) and every
//! role and claim link as a `Relation`, so that a Label Studio project
//! created with it imports the tasks as they are.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::flat::{self, FlatDoc, FlatRelation, FlatSpan};
use super::jsonl::to_value;
use super::registry::{DatasetFormat, Reader, Writer};
use super::uniform::Shape;
use super::{FormatError, Located, Parsed, Record, RecordMeta, Rendered, StatusKind};
use crate::model::Schema;
use crate::store::{Problem, validate_annotator};

/// The labelling config's file name.
pub const CONFIG: &str = "config.xml";
/// The control names the results and the config share.
const LABELS: &str = "label";
const TEXT: &str = "text";

/// Label Studio JSON tasks in the registry.
pub struct LabelStudio;

impl DatasetFormat for LabelStudio {
    fn name(&self) -> &'static str {
        "label-studio"
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["label_studio", "labelstudio"]
    }
    fn description(&self) -> &'static str {
        "Label Studio JSON tasks with labels and relation results, and config.xml"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn holds_status(&self) -> bool {
        false
    }
    fn codes_labels(&self) -> bool {
        true
    }
    fn reader(&self) -> Option<Reader> {
        Some(|source, schema| source.read_text(|text| read(&source.path, text, schema)))
    }
    fn writer(&self) -> Option<Writer> {
        Some(|records, part, context| {
            let every: Vec<&Record> = if context.all_records.is_empty() {
                records.iter().collect()
            } else {
                context.all_records.to_vec()
            };
            let mut files = render(records, &every, part)?;
            files.push((PathBuf::from(CONFIG), config(records, context.schema)));
            Ok(Rendered::whole(files))
        })
    }
}

#[derive(Serialize)]
struct Task<'a> {
    id: usize,
    data: Data<'a>,
    annotations: Vec<Annotation>,
}

#[derive(Serialize)]
struct Data<'a> {
    text: &'a str,
    /// Attest's document id.
    document: &'a str,
    /// The document's metadata (title, dateline, date, language …).
    meta: &'a RecordMeta,
    /// Each mention's catalogue actor and own attributes, by region id:
    /// Label Studio keeps task data as it is, and has no place for them
    /// in a labels region.
    mentions: Vec<MentionLinks<'a>>,
}

/// What a labels region cannot hold of a mention.
#[derive(Serialize, Deserialize)]
struct MentionLinks<'a> {
    region: std::borrow::Cow<'a, str>,
    actor: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, deserialize_with = "super::uniform::map_without_nulls")]
    attributes: BTreeMap<String, String>,
}

#[derive(Serialize)]
struct Annotation {
    id: usize,
    result: Vec<Value>,
}

/// The part's `<part>.json`: a JSON array of tasks, one per document,
/// each task's `data` with the keys of every task of the export (`every`,
/// all parts), so that the parts load together (uniform.rs).
pub fn render(
    records: &[Record],
    every: &[&Record],
    part: &str,
) -> Result<Vec<(PathBuf, String)>, FormatError> {
    // Only `data` is made uniform: a result list mixes labels regions and
    // relations, whose keys differ by kind, as Label Studio defines them.
    let shape = Shape::of(
        tasks(every.iter().copied())
            .iter()
            .map(|t| to_value(&t.data))
            .collect::<Result<Vec<_>, _>>()?
            .iter(),
    );
    let mut values = Vec::with_capacity(records.len());
    for task in tasks(records.iter()) {
        let mut value = to_value(&task)?;
        if let Some(data) = value.get_mut("data") {
            shape.fill(data);
        }
        values.push(value);
    }
    let mut text = serde_json::to_string_pretty(&values).map_err(|e| FormatError::Serialise {
        what: "Label Studio tasks".to_owned(),
        message: e.to_string(),
    })?;
    text.push('\n');
    Ok(vec![(PathBuf::from(format!("{part}.json")), text)])
}

/// One task per record, numbered from 1.
fn tasks<'r>(records: impl Iterator<Item = &'r Record>) -> Vec<Task<'r>> {
    records
        .enumerate()
        .map(|(index, record)| {
            let flat = flat::from_record(record);
            let mut result: Vec<Value> = Vec::new();
            for s in &flat.spans {
                let text = s.text.clone().unwrap_or_default();
                let mut region = serde_json::json!({
                    "id": s.key,
                    "from_name": LABELS,
                    "to_name": TEXT,
                    "type": "labels",
                    "origin": "manual",
                    "value": {
                        "start": s.start,
                        "end": s.end,
                        "text": text,
                        "labels": [s.label],
                    },
                });
                if let (Some(reporter), Some(fields)) = (&s.reporter, region.as_object_mut()) {
                    fields.insert("meta".to_owned(), serde_json::json!({ "text": [reporter] }));
                }
                result.push(region);
            }
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
                data: Data {
                    text: &record.text,
                    document: &record.id,
                    meta: &record.meta,
                    mentions: record
                        .mentions
                        .iter()
                        .filter(|m| m.actor.is_some() || !m.attributes.is_empty())
                        .map(|m| MentionLinks {
                            region: m.id.as_str().into(),
                            actor: m.actor.as_deref().map(Into::into),
                            attributes: m.attributes.clone(),
                        })
                        .collect(),
                },
                annotations: vec![Annotation {
                    id: index + 1,
                    result,
                }],
            }
        })
        .collect()
}

/// Escapes text for an XML attribute value.
fn xml_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// The labelling config: every span label of the schema (then any other
/// the records use) and every role and claim link, for a project that
/// imports the tasks as they are.
pub fn config(records: &[Record], schema: &Schema) -> String {
    let colours: BTreeMap<String, String> = schema
        .entity_labels
        .iter()
        .map(|l| {
            let [r, g, b] = l.colour.0;
            (
                flat::mention_label(&l.name),
                format!("#{r:02x}{g:02x}{b:02x}"),
            )
        })
        .collect();
    let mut labels = flat::schema_labels(schema);
    let mut relations: Vec<String> = schema.roles.iter().map(|r| r.name.clone()).collect();
    relations.extend(flat::CLAIM_RELATIONS.iter().map(|r| (*r).to_owned()));
    for record in records {
        let used = flat::from_record(record);
        labels.extend(used.spans.into_iter().map(|s| s.label));
        relations.extend(used.relations.into_iter().map(|r| r.label));
    }
    let mut seen = BTreeSet::new();
    labels.retain(|l| seen.insert(l.clone()));
    let mut seen = BTreeSet::new();
    relations.retain(|r| seen.insert(r.clone()));

    let mut out = String::from("<View>\n  <Relations>\n");
    for relation in &relations {
        out.push_str(&format!(
            "    <Relation value=\"{}\"/>\n",
            xml_attribute(relation)
        ));
    }
    out.push_str(&format!(
        "  </Relations>\n  <Labels name=\"{LABELS}\" toName=\"{TEXT}\">\n"
    ));
    for label in &labels {
        match colours.get(label) {
            Some(colour) => out.push_str(&format!(
                "    <Label value=\"{}\" background=\"{colour}\"/>\n",
                xml_attribute(label)
            )),
            None => out.push_str(&format!(
                "    <Label value=\"{}\"/>\n",
                xml_attribute(label)
            )),
        }
    }
    out.push_str(&format!(
        "  </Labels>\n  <Text name=\"{TEXT}\" value=\"${TEXT}\"/>\n</View>\n"
    ));
    out
}

/// Reads a JSON array of tasks (or one task). Each task's non-cancelled
/// annotations are read; a task with none falls back to its predictions.
///
/// When the file's annotations were made by several people (`completed_by`,
/// a user id or e-mail), each person's annotation of a task becomes a record
/// of its own for that person's annotator ([`annotator_for`]), so that two
/// opinions of one task stay two annotators' sets, ready for `attest agree`.
/// When one person (or nobody named) made them all, they go to the
/// annotator importing, as any other format's.
pub fn read(path: &Path, text: &str, schema: &Schema) -> Parsed {
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
    let mut read_tasks = Vec::new();
    for (index, task) in tasks.into_iter().enumerate() {
        let name = match task.get("id") {
            Some(id) => format!("task {} (id {id})", index + 1),
            None => format!("task {}", index + 1),
        };
        match read_task(task) {
            Ok(task) => read_tasks.push((name, task)),
            Err(message) => {
                parsed
                    .problems
                    .push(Problem::new(path, None, format!("{name}: {message}")))
            }
        }
    }
    let people: BTreeSet<&str> = read_tasks
        .iter()
        .flat_map(|(_, task)| &task.annotations)
        .filter_map(|(person, _)| person.as_deref())
        .collect();
    let per_person = people.len() > 1;
    for (name, task) in read_tasks {
        for (annotator, record, notes) in task.into_records(per_person, schema) {
            parsed.records.push(Located {
                path: path.to_owned(),
                line: None,
                record,
                notes: notes.into_iter().map(|n| format!("{name}: {n}")).collect(),
                annotator,
            });
        }
    }
    parsed
}

/// The annotator name for a Label Studio `completed_by`: an e-mail's local
/// part (`ana.diallo@example.org` → `ana.diallo`), or `ls-user-<id>` for a
/// user id; characters a folder name cannot portably hold become `-`.
/// `None` when nothing usable is there.
pub fn annotator_for(completed_by: &Value) -> Option<String> {
    let name = match completed_by {
        Value::Number(id) => format!("ls-user-{id}"),
        Value::String(who)
            if who.trim().chars().all(|c| c.is_ascii_digit()) && !who.trim().is_empty() =>
        {
            format!("ls-user-{}", who.trim())
        }
        Value::String(who) => {
            let local = who.trim().split('@').next().unwrap_or_default();
            let cleaned: String = local
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            let cleaned = cleaned.trim_start_matches('.');
            cleaned.chars().take(64).collect()
        }
        Value::Object(user) => {
            return user
                .get("email")
                .and_then(annotator_for)
                .or_else(|| user.get("id").and_then(annotator_for));
        }
        _ => return None,
    };
    validate_annotator(&name).is_ok().then_some(name)
}

/// A task read: its text, and its live annotations with who made each.
struct TaskRead {
    id: String,
    text: String,
    annotations: Vec<(Option<String>, AnnotationIn)>,
    notes: Vec<String>,
    /// The document's extra metadata ([`task_extra`]).
    extra: BTreeMap<String, String>,
    /// The document's metadata as Attest wrote it in `data.meta`.
    meta: RecordMeta,
    /// Mentions' actors and attributes, by region id (`data.mentions`).
    links: Vec<MentionLinks<'static>>,
}

impl TaskRead {
    /// The task's records: one for all its annotations, or with
    /// `per_person`, one per person who annotated it (`None` for the
    /// annotator importing). One person's several annotations of a task are
    /// several drafts, not one gold: the first is kept and the rest reported.
    fn into_records(
        self,
        per_person: bool,
        schema: &Schema,
    ) -> Vec<(Option<String>, Record, Vec<String>)> {
        let mut groups: Vec<(Option<String>, Vec<AnnotationIn>)> = Vec::new();
        for (person, annotation) in self.annotations {
            let key = if per_person { person } else { None };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, annotations)) => annotations.push(annotation),
                None => groups.push((key, vec![annotation])),
            }
        }
        if groups.is_empty() {
            groups.push((None, Vec::new()));
        }
        // What concerns the task as a whole is said once, with its first record.
        let mut task_notes = Some(self.notes);
        groups
            .into_iter()
            .map(|(person, mut annotations)| {
                let mut notes = task_notes.take().unwrap_or_default();
                if annotations.len() > 1 {
                    let by = |a: &AnnotationIn| {
                        a.completed_by
                            .as_ref()
                            .map_or_else(|| "someone".to_owned(), ToString::to_string)
                    };
                    let people: Vec<String> = annotations.iter().map(by).collect();
                    notes.push(format!(
                        "{} annotations of this task (by {}); only the first (by {}) is imported, the others are not merged into it",
                        annotations.len(),
                        people.join(", "),
                        people[0]
                    ));
                    annotations.truncate(1);
                }
                let flat = flatten(annotations, &mut notes);
                let mut meta = self.meta.clone();
                meta.extra.extend(self.extra.clone());
                let (mut record, more) =
                    flat::into_record(self.id.clone(), self.text.clone(), meta, &flat, schema);
                notes.extend(more);
                // Attest writes one annotation a task: its regions are keyed
                // `0:<region id>` (see `flatten`).
                for link in &self.links {
                    let key = format!("0:{}", link.region);
                    if let Some(m) = record.mentions.iter_mut().find(|m| m.id == key) {
                        m.actor = link.actor.as_deref().map(str::to_owned);
                        m.attributes.clone_from(&link.attributes);
                    }
                }
                (person, record, notes)
            })
            .collect()
    }
}

/// A task as read; its annotations and their results are read one by one
/// so that a bad one is reported and the rest of the task goes on.
#[derive(Deserialize)]
struct TaskIn {
    data: Option<serde_json::Map<String, Value>>,
    #[serde(default)]
    annotations: Vec<Value>,
    #[serde(default)]
    predictions: Vec<Value>,
}

#[derive(Deserialize)]
struct AnnotationIn {
    #[serde(default)]
    was_cancelled: bool,
    /// Who made it (a Label Studio user id or e-mail).
    #[serde(default)]
    completed_by: Option<Value>,
    #[serde(default)]
    result: Vec<Value>,
}

/// What every result has: an id (unique within its annotation) and a type.
#[derive(Deserialize)]
struct ResultHead {
    id: Option<Value>,
    #[serde(rename = "type", default)]
    kind: String,
}

/// A `labels` result: one span with one or more labels, and the region's
/// meta text (a claim's reporter).
#[derive(Deserialize)]
struct LabelsIn {
    value: LabelsValue,
    #[serde(default)]
    meta: Option<MetaIn>,
}

#[derive(Deserialize)]
struct MetaIn {
    #[serde(default)]
    text: Vec<String>,
}

#[derive(Deserialize)]
struct LabelsValue {
    start: usize,
    end: usize,
    text: Option<String>,
    labels: Vec<String>,
}

/// A `relation` result: a link between two results of the annotation.
#[derive(Deserialize)]
struct RelationIn {
    from_id: String,
    to_id: String,
    direction: Option<String>,
    labels: Vec<String>,
}

/// What a task holds besides its id, text and annotations (Label Studio's
/// `task_path`, `created_at`, `meta`, other `data` fields), kept as the
/// document's extra metadata: a string as it is, other values as JSON,
/// `data` fields as `data.<name>`.
fn task_extra(task: &Value) -> BTreeMap<String, String> {
    let as_text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut extra = BTreeMap::new();
    let Some(task) = task.as_object() else {
        return extra;
    };
    for (key, value) in task {
        match key.as_str() {
            "id" | "annotations" | "predictions" => {}
            "data" => {
                for (name, value) in value.as_object().into_iter().flatten() {
                    let attest = matches!(name.as_str(), "text" | "document" | "meta" | "mentions");
                    if !attest && !value.is_null() {
                        extra.insert(format!("data.{name}"), as_text(value));
                    }
                }
            }
            _ if value.is_null() => {}
            _ => {
                extra.insert(key.clone(), as_text(value));
            }
        }
    }
    extra
}

fn read_task(task: Value) -> Result<TaskRead, String> {
    let id = task.get("id").map(ToString::to_string).unwrap_or_default();
    let extra = task_extra(&task);
    let task: TaskIn =
        serde_json::from_value(task).map_err(|e| format!("not a Label Studio task: {e}"))?;
    let data = task.data.ok_or("no \"data\"")?;
    let text = data
        .get("text")
        .and_then(Value::as_str)
        .or_else(|| data.values().find_map(Value::as_str))
        .ok_or("no text in \"data\"")?
        .to_owned();
    let mut notes = Vec::new();
    let mut live = |annotations: Vec<Value>, kind: &str| -> Vec<AnnotationIn> {
        let mut kept = Vec::new();
        for (i, annotation) in annotations.into_iter().enumerate() {
            match serde_json::from_value::<AnnotationIn>(annotation) {
                Ok(annotation) if !annotation.was_cancelled => kept.push(annotation),
                Ok(_) => {}
                Err(e) => notes.push(format!("{kind} {} is not readable ({e}); skipped", i + 1)),
            }
        }
        kept
    };
    let mut annotations = live(task.annotations, "annotation");
    if annotations.is_empty() {
        annotations = live(task.predictions, "prediction");
    }
    let annotations = annotations
        .into_iter()
        .map(|a| (a.completed_by.as_ref().and_then(annotator_for), a))
        .collect();
    let mut extra = extra;
    // A text found under another name than `text` is the text, not extra.
    extra.retain(|_, value| *value != text);
    // The document's metadata and mentions' links, as Attest writes them.
    let meta = match data
        .get("meta")
        .cloned()
        .map(serde_json::from_value::<RecordMeta>)
    {
        None => RecordMeta::default(),
        Some(Ok(meta)) => meta,
        Some(Err(e)) => {
            notes.push(format!(
                "data.meta is not Attest's document metadata ({e}); left out"
            ));
            RecordMeta::default()
        }
    };
    let links = match data.get("mentions").cloned().map(serde_json::from_value) {
        None => Vec::new(),
        Some(Ok(links)) => links,
        Some(Err(e)) => {
            notes.push(format!(
                "data.mentions are not Attest's mention links ({e}); left out"
            ));
            Vec::new()
        }
    };
    Ok(TaskRead {
        id,
        text,
        annotations,
        notes,
        extra,
        meta,
        links,
    })
}

/// The spans and relations of a task's annotations.
fn flatten(annotations: Vec<AnnotationIn>, notes: &mut Vec<String>) -> FlatDoc {
    let mut flat = FlatDoc::default();
    for (a, annotation) in annotations.into_iter().enumerate() {
        // Result ids are unique within one annotation only.
        let key = |id: &str| format!("{a}:{id}");
        for (r, result) in annotation.result.into_iter().enumerate() {
            let head = ResultHead::deserialize(&result).unwrap_or(ResultHead {
                id: None,
                kind: String::new(),
            });
            let id = head
                .id
                .as_ref()
                .and_then(Value::as_str)
                .map_or_else(|| format!("#{r}"), str::to_owned);
            match head.kind.as_str() {
                "labels" => {
                    let (value, meta) = match serde_json::from_value::<LabelsIn>(result) {
                        Ok(labels) if !labels.value.labels.is_empty() => {
                            (labels.value, labels.meta)
                        }
                        Ok(_) => {
                            notes.push(format!("result {id} has no value.labels; skipped"));
                            continue;
                        }
                        Err(e) => {
                            notes.push(format!(
                                "result {id} lacks value.start, value.end or value.labels ({e}); skipped"
                            ));
                            continue;
                        }
                    };
                    // Only a claim's span reads it: a mention has no reporter.
                    let reporter = meta
                        .map(|m| m.text.join("\n"))
                        .filter(|text| !text.trim().is_empty());
                    for (l, label) in value.labels.into_iter().enumerate() {
                        flat.spans.push(FlatSpan {
                            key: if l == 0 {
                                key(&id)
                            } else {
                                key(&format!("{id}#{l}"))
                            },
                            start: value.start,
                            end: value.end,
                            label,
                            text: value.text.clone(),
                            status: StatusKind::Accepted,
                            reporter: reporter.clone(),
                            actor: None,
                            attributes: BTreeMap::new(),
                        });
                    }
                }
                "relation" => {
                    let relation = match serde_json::from_value::<RelationIn>(result) {
                        Ok(relation) => relation,
                        Err(e) => {
                            notes.push(format!(
                                "relation result {r} lacks from_id, to_id or a label ({e}); skipped"
                            ));
                            continue;
                        }
                    };
                    let Some(label) = relation.labels.into_iter().next() else {
                        notes.push(format!("relation result {r} has no label; skipped"));
                        continue;
                    };
                    let (from, to) = (key(&relation.from_id), key(&relation.to_id));
                    let (from, to) = match relation.direction.as_deref() {
                        Some("left") => (to, from),
                        _ => (from, to),
                    };
                    flat.relations.push(FlatRelation { from, to, label });
                }
                other => notes.push(format!(
                    "result {id} of type {other:?} has no place in Attest; skipped"
                )),
            }
        }
    }
    flat
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_bad_result_is_reported_and_the_rest_of_the_task_is_read() {
        let text = r#"[{"id": 41, "data": {"text": "JNIM a attaqué Boulkessi."},
          "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 4, "text": "JNIM", "labels": ["ARMED_GROUP"]}},
            {"id": "b", "type": "labels", "value": {"start": 15, "labels": ["LOCATION"]}},
            {"id": "c", "type": "labels", "value": {"start": 15, "end": 24, "labels": ["LOCATION"]}},
            {"type": "relation", "from_id": "a", "to_id": "c", "labels": []}
          ]}]},
          {"id": 42, "data": {}}]"#;
        let parsed = read(Path::new("ls.json"), text, &Schema::conflict_default());
        assert_eq!(parsed.records.len(), 1);
        let task = &parsed.records[0];
        let spans: Vec<_> = task
            .record
            .mentions
            .iter()
            .map(|m| (m.start, m.end, m.label.as_str()))
            .collect();
        assert_eq!(spans, [(0, 4, "ARMED_GROUP"), (15, 24, "LOCATION")]);
        assert_eq!(task.notes.len(), 2, "{:?}", task.notes);
        assert!(
            task.notes[0].starts_with("task 1 (id 41): result b lacks")
                && task.notes[0].contains("missing field `end`"),
            "{}",
            task.notes[0]
        );
        assert_eq!(
            task.notes[1],
            "task 1 (id 41): relation result 3 has no label; skipped"
        );
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(
            parsed.problems[0].message,
            "task 2 (id 42): no text in \"data\""
        );
    }

    #[test]
    fn completed_by_ids_emails_and_users_become_annotator_names() {
        let name = |v: Value| annotator_for(&v);
        assert_eq!(name(serde_json::json!(7)).as_deref(), Some("ls-user-7"));
        assert_eq!(name(serde_json::json!("12")).as_deref(), Some("ls-user-12"));
        assert_eq!(
            name(serde_json::json!("ana.diallo@example.org")).as_deref(),
            Some("ana.diallo")
        );
        assert_eq!(
            name(serde_json::json!({"id": 3, "email": "ben+ls@acled.test"})).as_deref(),
            Some("ben-ls")
        );
        assert_eq!(
            name(serde_json::json!({"id": 3})).as_deref(),
            Some("ls-user-3")
        );
        assert_eq!(
            name(serde_json::json!("../../etc")).as_deref(),
            Some("-..-etc")
        );
        assert_eq!(name(serde_json::json!(null)), None);
        assert_eq!(name(serde_json::json!("")), None);
        assert_eq!(name(serde_json::json!("@x")), None);
    }

    #[test]
    fn one_persons_file_goes_to_the_importing_annotator_and_several_peoples_to_each() {
        let task = |id: u32, by: &str| {
            format!(
                r#"{{"id": {id}, "data": {{"text": "JNIM attacked Djibo."}}, "annotations": [{{"completed_by": {by}, "result": [{{"id": "a", "type": "labels", "value": {{"start": 0, "end": 4, "labels": ["ARMED_GROUP"]}}}}]}}]}}"#
            )
        };
        let one = read(
            Path::new("one.json"),
            &format!("[{}, {}]", task(1, "5"), task(2, "5")),
            &Schema::conflict_default(),
        );
        assert!(one.records.iter().all(|r| r.annotator.is_none()));
        let two = read(
            Path::new("two.json"),
            &format!("[{}, {}]", task(1, "5"), task(2, "6")),
            &Schema::conflict_default(),
        );
        let names: Vec<_> = two.records.iter().map(|r| r.annotator.clone()).collect();
        assert_eq!(
            names,
            [Some("ls-user-5".to_owned()), Some("ls-user-6".to_owned())]
        );
        assert!(two.records.iter().all(|r| r.notes.is_empty()));
    }
}
