//! What the tools that read our exports require of them, checked without
//! the tools (scripts/check-exports.sh runs the tools themselves): one JSON
//! type per field across records (Arrow, so Hugging Face `datasets`), one
//! doccano shape per export, a variant without overlaps for doccano's
//! default project, and a closed label set without spaces or slashes
//! (Label Studio's CoNLL converter, BIO tags) with Label Studio's config.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use attest::formats::{ExportOptions, Format, ImportAs, Split};
use attest::model::ClaimSource;
use serde_json::Value;

use crate::util::{
    Doc, english_project, export, french_project, import_into, new_project, sets, tree,
};

/// The JSON kind of a value, as Arrow sees a column: null fits any other.
fn kind(value: &Value) -> Option<&'static str> {
    match value {
        Value::Null => None,
        Value::Bool(_) => Some("bool"),
        Value::Number(n) if n.is_f64() => Some("float"),
        Value::Number(_) => Some("integer"),
        Value::String(_) => Some("string"),
        Value::Array(_) => Some("list"),
        Value::Object(_) => Some("object"),
    }
}

/// Every kind seen at each path (`claims[].source`) of `value`.
fn kinds_by_path(value: &Value, path: &str, seen: &mut BTreeMap<String, BTreeSet<&'static str>>) {
    if let Some(k) = kind(value) {
        seen.entry(path.to_owned()).or_default().insert(k);
    }
    match value {
        Value::Array(items) => {
            for item in items {
                kinds_by_path(item, &format!("{path}[]"), seen);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                kinds_by_path(field, &format!("{path}.{key}"), seen);
            }
        }
        _ => {}
    }
}

/// The records of a JSON-lines file or of a JSON array.
fn records_of(content: &str) -> Vec<Value> {
    match serde_json::from_str::<Value>(content) {
        Ok(Value::Array(records)) => records,
        _ => content
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("each line is JSON"))
            .collect(),
    }
}

/// Paths whose values change kind between records (or within a list).
fn mixed_paths(records: &[Value]) -> Vec<String> {
    let mut seen = BTreeMap::new();
    for record in records {
        kinds_by_path(record, "", &mut seen);
    }
    seen.into_iter()
        .filter(|(_, kinds)| kinds.len() > 1)
        .map(|(path, kinds)| format!("{path}: {kinds:?}"))
        .collect()
}

#[test]
fn every_field_of_the_json_exports_has_one_type_across_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut english = english_project(&dir.path().join("en"));
    let mut french = french_project(&dir.path().join("fr"));
    for format in [Format::Jsonl, Format::Doccano, Format::LabelStudio] {
        for (name, project) in [("en", &mut english), ("fr", &mut french)] {
            let options = ExportOptions {
                include_suggestions: true,
                negatives: true,
                ..ExportOptions::new(format)
            };
            let out = dir.path().join(format!("{name}-{format}"));
            export(project, &out, &options);
            let data = tree(&out)
                .into_iter()
                .find(|(file, _)| file.starts_with("all."))
                .expect("the export has a data file")
                .1;
            let records = records_of(&data);
            assert!(!records.is_empty(), "{format} {name}");
            let mixed = mixed_paths(&records);
            assert!(mixed.is_empty(), "{format} {name}: {mixed:#?}");
        }
    }
}

#[test]
fn a_claim_source_is_always_an_object_and_the_old_shapes_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = english_project(&dir.path().join("en"));
    let out = dir.path().join("jsonl");
    export(&mut project, &out, &ExportOptions::new(Format::Jsonl));
    let data = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    let sources: Vec<Value> = records_of(&data)
        .iter()
        .flat_map(|r| r["claims"].as_array().cloned().unwrap_or_default())
        .map(|c| c["source"].clone())
        .collect();
    assert_eq!(sources.len(), 6);
    for source in &sources {
        assert!(
            source.is_object()
                && source.get("mention").is_some()
                && source.get("reporter").is_some(),
            "{source}"
        );
    }
    assert!(
        sources
            .iter()
            .any(|s| s["reporter"] == "AFP" && s["mention"].is_null())
    );
    assert!(
        sources
            .iter()
            .any(|s| s["mention"].is_string() && s["reporter"].is_null())
    );

    // What earlier versions wrote: a bare mention id, or {"reporter": …}.
    let old = dir.path().join("old.jsonl");
    std::fs::write(
        &old,
        concat!(
            r#"{"text": "The army said AFP reported it.", "mentions": [{"id": "m1", "start": 4, "end": 8, "label": "STATE_FORCE"}], "#,
            r#""claims": [{"id": "c1", "cue": {"start": 9, "end": 13}, "stance": "Confirmed", "source": "m1"}, "#,
            r#"{"id": "c2", "cue": {"start": 18, "end": 26}, "stance": "Reported", "source": {"reporter": "AFP"}}]}"#,
        ),
    )
    .unwrap();
    let mut copy = new_project(&dir.path().join("copy"));
    let report = import_into(&mut copy, Format::Jsonl, &[old], ImportAs::Gold, None);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (_, set) = sets(&mut copy).remove(0);
    let mention = set.mentions[0].id;
    let by_stance = |stance: &str| {
        set.claims
            .iter()
            .find(|c| c.stance == stance)
            .and_then(|c| c.source.clone())
    };
    assert_eq!(by_stance("Confirmed"), Some(ClaimSource::Mention(mention)));
    assert_eq!(
        by_stance("Reported"),
        Some(ClaimSource::Reporter("AFP".into()))
    );
}

/// Six short reports: one with a claim, five with mentions only.
fn mixed_project(dir: &Path) -> attest::store::Project {
    let mut project = new_project(dir);
    let mut claimed =
        Doc::accepted("The attack was claimed by [[JNIM|ARMED_GROUP]] near [[Djibo|LOCATION]].");
    let jnim = claimed.m("JNIM", 0);
    claimed.claim(("claimed by", 0), "Claimed", None, &[jnim], &[]);
    claimed.save(&mut project, "claimed");
    for i in 0..5 {
        Doc::accepted(&format!(
            "Report {i}: [[JNIM|ARMED_GROUP]] fighters were seen in [[Ménaka|LOCATION]]."
        ))
        .save(&mut project, &format!("report {i}"));
    }
    project
}

#[test]
fn doccano_chooses_one_shape_for_the_whole_export_and_the_card_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = mixed_project(&dir.path().join("p"));
    let options = ExportOptions {
        split: Some(Split::parse("50,50", 3).unwrap()),
        ..ExportOptions::new(Format::Doccano)
    };
    let out = dir.path().join("doccano");
    export(&mut project, &out, &options);
    let files = tree(&out);
    let mut parts_with_claims = 0;
    for part in ["train.jsonl", "test.jsonl"] {
        let records = records_of(&files[part]);
        assert!(!records.is_empty(), "{part}");
        for record in &records {
            assert!(
                record.get("entities").is_some() && record.get("label").is_none(),
                "{part}: {record}"
            );
            assert!(record["document"].is_string(), "Attest's id: {record}");
        }
        if records.iter().any(|r| {
            r["entities"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["label"] == "CLAIM.CLAIMED"))
        }) {
            parts_with_claims += 1;
        }
    }
    assert_eq!(parts_with_claims, 1, "one part has only mentions");
    let card: Value = serde_json::from_str(&files["dataset.json"]).unwrap();
    assert_eq!(card["shape"], "entities_relations");
    for part in card["parts"].as_array().unwrap() {
        assert_eq!(part["shape"], "entities_relations", "{part}");
    }

    // Mentions only: sequence labelling, and the card says so.
    let mut plain = new_project(&dir.path().join("plain"));
    Doc::accepted("[[JNIM|ARMED_GROUP]] was seen in [[Ménaka|LOCATION]].").save(&mut plain, "a");
    let out = dir.path().join("plain-doccano");
    export(&mut plain, &out, &ExportOptions::new(Format::Doccano));
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(card["shape"], "label");
}

/// Whether two code-point ranges share a code point.
fn overlap(a: (u64, u64), b: (u64, u64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[test]
fn doccano_lists_overlaps_and_can_write_a_variant_without_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = french_project(&dir.path().join("fr"));
    let out = dir.path().join("with");
    let report = export(&mut project, &out, &ExportOptions::new(Format::Doccano));
    assert!(report.unwritten.is_empty(), "{:?}", report.unwritten);
    assert!(
        !report.overlapping.is_empty(),
        "the nested mentions are listed"
    );
    let count_overlaps = |content: &str| -> usize {
        records_of(content)
            .iter()
            .map(|r| {
                let spans: Vec<(u64, u64)> = r["entities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        (
                            e["start_offset"].as_u64().unwrap(),
                            e["end_offset"].as_u64().unwrap(),
                        )
                    })
                    .collect();
                spans
                    .iter()
                    .enumerate()
                    .map(|(i, a)| spans[i + 1..].iter().filter(|b| overlap(*a, **b)).count())
                    .sum::<usize>()
            })
            .sum()
    };
    let with = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(count_overlaps(&with) > 0);
    // Each span that overlaps another is listed once.
    let overlapping_spans: usize = records_of(&with)
        .iter()
        .map(|r| {
            let spans: Vec<(u64, u64)> = r["entities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["start_offset"].as_u64().unwrap(),
                        e["end_offset"].as_u64().unwrap(),
                    )
                })
                .collect();
            spans
                .iter()
                .enumerate()
                .filter(|(i, a)| {
                    spans
                        .iter()
                        .enumerate()
                        .any(|(j, b)| *i != j && overlap(**a, *b))
                })
                .count()
        })
        .sum();
    assert_eq!(report.overlapping.len(), overlapping_spans);

    let options = ExportOptions {
        without_overlaps: true,
        ..ExportOptions::new(Format::Doccano)
    };
    let out = dir.path().join("without");
    let without_report = export(&mut project, &out, &options);
    let without = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert_eq!(count_overlaps(&without), 0, "{without}");
    assert_eq!(
        without_report.unwritten.len(),
        3,
        "the three nested mentions: {:?}",
        without_report.unwritten
    );

    // In the English story a claim's cue holds an event's trigger
    // ("claimed to have taken control"): the trigger goes, and with it its
    // roles and the claim's link to it.
    let mut project = english_project(&dir.path().join("en"));
    let out = dir.path().join("with-en");
    let with_report = export(&mut project, &out, &ExportOptions::new(Format::Doccano));
    assert!(!with_report.overlapping.is_empty());
    let with = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    let out = dir.path().join("without-en");
    let without_report = export(&mut project, &out, &options);
    let without = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert_eq!(count_overlaps(&without), 0, "{without}");
    assert!(!without_report.unwritten.is_empty());
    let dropped_relations = without_report
        .unwritten
        .iter()
        .filter(|u| u.reason.contains("relation"))
        .count();
    assert!(dropped_relations > 0, "{:?}", without_report.unwritten);
    // Every relation left points at an entity of its record.
    for record in records_of(&without) {
        let ids: BTreeSet<u64> = record["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_u64().unwrap())
            .collect();
        for relation in record["relations"].as_array().unwrap() {
            assert!(
                ids.contains(&relation["from_id"].as_u64().unwrap()),
                "{relation}"
            );
            assert!(
                ids.contains(&relation["to_id"].as_u64().unwrap()),
                "{relation}"
            );
        }
    }
    let entities = |content: &str| -> usize {
        records_of(content)
            .iter()
            .map(|r| r["entities"].as_array().unwrap().len())
            .sum()
    };
    let dropped_spans = without_report.unwritten.len() - dropped_relations;
    assert_eq!(entities(&with) - entities(&without), dropped_spans);
    let card: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(
        card["unwritten"].as_array().map(Vec::len),
        Some(without_report.unwritten.len())
    );
    assert_eq!(card["without_overlaps"], true);
}

/// A label without spaces, slashes or pipes: `ARMED_GROUP`, `EVENT.BATTLES.ARMED_CLASH`.
fn is_safe_label(label: &str) -> bool {
    !label.is_empty()
        && label.split('.').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c == '_' || (c.is_alphanumeric() && !c.is_lowercase()))
        })
}

#[test]
fn span_labels_are_a_closed_set_without_spaces_and_the_reporter_is_not_in_a_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = english_project(&dir.path().join("en"));
    let out = dir.path().join("doccano");
    export(&mut project, &out, &ExportOptions::new(Format::Doccano));
    let records = records_of(&std::fs::read_to_string(out.join("all.jsonl")).unwrap());
    let labels: BTreeSet<String> = records
        .iter()
        .flat_map(|r| r["entities"].as_array().cloned().unwrap_or_default())
        .map(|e| e["label"].as_str().unwrap().to_owned())
        .collect();
    for label in &labels {
        assert!(is_safe_label(label), "{label}");
        assert!(!label.contains("AFP"), "{label}");
    }
    for expected in [
        "EVENT.BATTLES.ARMED_CLASH",
        "EVENT.VIOLENCE_AGAINST_CIVILIANS.ATTACK",
        "EVENT.BATTLES",
        "CLAIM.CLAIMED",
        "CLAIM.CONFIRMED",
        "ARMED_GROUP",
    ] {
        assert!(labels.contains(expected), "{expected} in {labels:?}");
    }
    let reporters: Vec<&Value> = records
        .iter()
        .flat_map(|r| r["reporters"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(reporters.len(), 1, "{reporters:?}");
    assert_eq!(reporters[0]["reporter"], "AFP");

    // Label Studio: the same labels, the reporter in the claim region's
    // meta, and the labelling config that declares them all.
    let out = dir.path().join("label-studio");
    export(&mut project, &out, &ExportOptions::new(Format::LabelStudio));
    let files = tree(&out);
    let config = &files["config.xml"];
    let tasks = records_of(&files["all.json"]);
    let mut reporter_texts = Vec::new();
    for task in &tasks {
        assert!(task["data"]["document"].is_string(), "Attest's id: {task}");
        for result in task["annotations"][0]["result"].as_array().unwrap() {
            match result["type"].as_str().unwrap() {
                "labels" => {
                    let label = result["value"]["labels"][0].as_str().unwrap();
                    if let Some(meta) = result.get("meta") {
                        assert!(label.starts_with("CLAIM."), "{result}");
                        reporter_texts.push(meta["text"][0].clone());
                    }
                    assert!(is_safe_label(label), "{label}");
                    assert!(
                        config.contains(&format!("<Label value=\"{label}\"")),
                        "{label} not in config.xml:\n{config}"
                    );
                }
                "relation" => {
                    let label = result["labels"][0].as_str().unwrap();
                    assert!(
                        config.contains(&format!("<Relation value=\"{label}\"")),
                        "{label} not in config.xml:\n{config}"
                    );
                }
                other => panic!("unexpected result type {other}"),
            }
        }
    }
    assert_eq!(reporter_texts, ["AFP"]);
    // The config declares the whole schema, not only what this export used.
    assert!(
        config.contains("<Label value=\"EVENT.STRATEGIC_DEVELOPMENTS\""),
        "{config}"
    );
    assert!(config.contains("<Label value=\"CLAIM.DENIED\""), "{config}");
}

#[test]
fn the_old_label_scheme_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.jsonl");
    std::fs::write(
        &old,
        concat!(
            r#"{"id": 1, "text": "JNIM attacked, AFP said.", "entities": ["#,
            r#"{"id": 1, "label": "ARMED_GROUP", "start_offset": 0, "end_offset": 4}, "#,
            r#"{"id": 2, "label": "EVENT|Battles|Armed clash", "start_offset": 5, "end_offset": 13}, "#,
            r#"{"id": 3, "label": "CLAIM|Reported|AFP", "start_offset": 19, "end_offset": 23}], "#,
            r#""relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "agent"}, {"id": 2, "from_id": 3, "to_id": 2, "type": "event"}]}"#,
            "\n",
            r#"{"id": 2, "text": "JNIM attacked, AFP said.", "entities": ["#,
            r#"{"id": 1, "label": "ARMED_GROUP", "start_offset": 0, "end_offset": 4}, "#,
            r#"{"id": 2, "label": "EVENT.BATTLES.ARMED_CLASH", "start_offset": 5, "end_offset": 13}, "#,
            r#"{"id": 3, "label": "CLAIM.REPORTED", "start_offset": 19, "end_offset": 23}], "#,
            r#""relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "agent"}, {"id": 2, "from_id": 3, "to_id": 2, "type": "event"}], "#,
            r#""reporters": [{"entity": 3, "reporter": "AFP"}]}"#,
        ),
    )
    .unwrap();
    let mut project = new_project(&dir.path().join("p"));
    let before = project.file.schema.clone();
    let report = import_into(&mut project, Format::Doccano, &[old], ImportAs::Gold, None);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (_, set) = sets(&mut project).remove(0);
    assert_eq!(set.events.len(), 1, "both lines are the same event");
    assert_eq!(set.events[0].event_type, "Battles");
    assert_eq!(set.events[0].sub_type.as_deref(), Some("Armed clash"));
    assert_eq!(set.claims.len(), 1);
    assert_eq!(set.claims[0].stance, "Reported");
    assert_eq!(
        set.claims[0].source,
        Some(ClaimSource::Reporter("AFP".into()))
    );
    assert_eq!(project.file.schema, before, "nothing new in the schema");
}

#[test]
fn conll_tags_carry_no_spaces_and_read_back_to_the_schema_label() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = new_project(&dir.path().join("p"));
    assert!(project.file.schema.ensure_entity_label("Armed group"));
    project.save_project_file().unwrap();
    Doc::accepted("[[JNIM|Armed group]] was seen in [[Ménaka|LOCATION]].").save(&mut project, "a");
    let out = dir.path().join("conll");
    export(&mut project, &out, &ExportOptions::new(Format::Conll));
    let conll = std::fs::read_to_string(out.join("all.conll")).unwrap();
    assert!(conll.contains("JNIM B-ARMED_GROUP\n"), "{conll}");
    for line in conll.lines().filter(|l| !l.is_empty()) {
        assert_eq!(line.split(' ').count(), 2, "{line:?}");
    }
    let report = import_into(
        &mut project,
        Format::Conll,
        &[out.join("all.conll")],
        ImportAs::Gold,
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (_, set) = sets(&mut project).remove(0);
    let labels: BTreeSet<&str> = set.mentions.iter().map(|m| m.label.as_str()).collect();
    assert_eq!(labels, BTreeSet::from(["Armed group", "LOCATION"]));
}
