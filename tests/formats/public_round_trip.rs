//! Files other tools published survive Attest: doccano's own example
//! datasets, a Label Studio annotated task from Label Studio's own
//! examples, and Prodigy `rel.manual` output from Explosion's projects,
//! imported into a fresh project and exported again, hold the same texts,
//! labeled spans and relations between spans — ids, key order and line
//! order aside. (Prodigy is import only: its examples are compared with
//! the doccano export, which has a place for everything they hold.)

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use attest::formats::{ExportOptions, Format, ImportAs};
use serde_json::Value;

use crate::util::{export, import_into, new_project, sets, tree};

fn public(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/public")
        .join(name)
}

/// A span by its code-point offsets and label.
type Span = (usize, usize, String);

/// One document as a set of facts: its labeled spans, and its relations
/// by the spans they link (never by an id).
type Facts = BTreeSet<String>;

fn span_fact((start, end, label): &Span) -> String {
    format!("span {start}..{end} {label}")
}

fn relation_fact(label: &str, from: &Span, to: &Span) -> String {
    format!(
        "relation {label} {}..{} {} -> {}..{} {}",
        from.0, from.1, from.2, to.0, to.1, to.2
    )
}

fn number(v: &Value) -> usize {
    v.as_u64().expect("an offset") as usize
}

fn id_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// doccano JSONL, in either form, as facts by text. The original files may
/// hold one record over several lines (doccano's export example is pretty
/// printed), so the file is read as a stream of JSON values.
fn doccano_facts(jsonl: &str) -> BTreeMap<String, Facts> {
    let mut out = BTreeMap::new();
    for record in serde_json::Deserializer::from_str(jsonl).into_iter::<Value>() {
        let record = record.expect("doccano JSON");
        let text = record["text"].as_str().expect("a text").to_owned();
        let mut facts = Facts::new();
        if let Some(entities) = record["entities"].as_array() {
            let spans: HashMap<String, Span> = entities
                .iter()
                .map(|e| {
                    let span = (
                        number(&e["start_offset"]),
                        number(&e["end_offset"]),
                        e["label"].as_str().expect("a label").to_owned(),
                    );
                    (id_of(&e["id"]), span)
                })
                .collect();
            facts.extend(spans.values().map(span_fact));
            for r in record["relations"].as_array().into_iter().flatten() {
                facts.insert(relation_fact(
                    r["type"].as_str().expect("a type"),
                    &spans[&id_of(&r["from_id"])],
                    &spans[&id_of(&r["to_id"])],
                ));
            }
        } else {
            // doccano's `[start, end, "LABEL"]`, or the span objects
            // Attest writes (which doccano reads alike).
            for l in record["label"].as_array().into_iter().flatten() {
                let span = if l.is_object() {
                    (
                        number(&l["start_offset"]),
                        number(&l["end_offset"]),
                        l["label"].as_str().expect("a label").to_owned(),
                    )
                } else {
                    (
                        number(&l[0]),
                        number(&l[1]),
                        l[2].as_str().expect("a label").to_owned(),
                    )
                };
                facts.insert(span_fact(&span));
            }
        }
        assert!(
            out.insert(text.clone(), facts).is_none(),
            "one record per text: {text}"
        );
    }
    out
}

/// Prodigy examples as facts by text: spans by their offsets, relations by
/// the `head_span` and `child_span` Prodigy writes beside the token indices.
fn prodigy_facts(jsonl: &str) -> BTreeMap<String, Facts> {
    let mut out = BTreeMap::new();
    for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let example: Value = serde_json::from_str(line).expect("Prodigy JSON");
        let text = example["text"].as_str().expect("a text").to_owned();
        let span = |s: &Value| -> Span {
            (
                number(&s["start"]),
                number(&s["end"]),
                s["label"].as_str().expect("a label").to_owned(),
            )
        };
        let mut facts: Facts = example["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| span_fact(&span(s)))
            .collect();
        for r in example["relations"].as_array().into_iter().flatten() {
            facts.insert(relation_fact(
                r["label"].as_str().expect("a label"),
                &span(&r["head_span"]),
                &span(&r["child_span"]),
            ));
        }
        out.insert(text, facts);
    }
    out
}

/// Every exported `.jsonl` of a folder, one after the other.
fn exported_jsonl(out: &Path) -> String {
    tree(out)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".jsonl"))
        .map(|(_, content)| content)
        .collect()
}

/// Asserts the two sets of documents hold the same facts, showing what was
/// lost and what was added where they differ.
fn assert_same(name: &str, before: &BTreeMap<String, Facts>, after: &BTreeMap<String, Facts>) {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "{name}: the same texts"
    );
    for (text, facts) in before {
        let again = &after[text];
        let lost: Vec<_> = facts.difference(again).collect();
        let added: Vec<_> = again.difference(facts).collect();
        assert!(
            lost.is_empty() && added.is_empty(),
            "{name} {text:?}:\n lost {lost:#?}\n added {added:#?}"
        );
    }
}

/// Imports `file` in `format` into a fresh project, exports it as doccano
/// and compares the export with the original, read by `facts`.
fn round_trip(
    file: &str,
    format: Format,
    facts: fn(&str) -> BTreeMap<String, Facts>,
) -> attest::formats::ImportReport {
    round_trip_as(file, format, facts, Format::Doccano, |out| {
        doccano_facts(&exported_jsonl(out))
    })
}

/// Imports `file` in `format` into a fresh project, exports it in `to` and
/// compares the export, read by `exported`, with the original, read by
/// `facts`.
fn round_trip_as(
    file: &str,
    format: Format,
    facts: fn(&str) -> BTreeMap<String, Facts>,
    to: Format,
    exported: fn(&Path) -> BTreeMap<String, Facts>,
) -> attest::formats::ImportReport {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let source = public(file);
    let report = import_into(
        &mut project,
        format,
        std::slice::from_ref(&source),
        ImportAs::Gold,
        None,
    );
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let original = std::fs::read_to_string(&source).expect("the fixture is readable");
    let before = facts(&original);
    assert_eq!(report.records, before.len());
    assert!(
        before.values().any(|f| !f.is_empty()),
        "the fixture holds annotations"
    );

    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(to));
    let after = exported(&out);
    assert_same(file, &before, &after);
    report
}

#[test]
fn doccano_sequence_labelling_example_round_trips() {
    round_trip(
        "doccano/sequence_labeling.jsonl",
        Format::Doccano,
        doccano_facts,
    );
}

#[test]
fn doccano_relation_extraction_example_round_trips_with_its_relations() {
    let report = round_trip(
        "doccano/relation_extraction.jsonl",
        Format::Doccano,
        doccano_facts,
    );
    assert!(
        report
            .labels_added
            .iter()
            .any(|l| l.contains("relation type foundedBy")),
        "the relation types are learned: {:?}",
        report.labels_added
    );
}

#[test]
fn prodigy_rel_manual_output_keeps_its_spans_relations_and_meta() {
    round_trip(
        "prodigy/rel-component-rel-manual.jsonl",
        Format::Prodigy,
        prodigy_facts,
    );

    // The task's meta (`source`) travels with the document.
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    import_into(
        &mut project,
        Format::Prodigy,
        &[public("prodigy/rel-component-rel-manual.jsonl")],
        ImportAs::Gold,
        None,
    );
    let original = std::fs::read_to_string(public("prodigy/rel-component-rel-manual.jsonl"))
        .expect("the fixture is readable");
    let sources: BTreeSet<String> = original
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("Prodigy JSON");
            v["meta"]["source"].as_str().expect("a source").to_owned()
        })
        .collect();
    let kept: BTreeSet<String> = project
        .documents()
        .iter()
        .filter_map(|d| project.document_meta(&d.id).expect("metadata").source)
        .collect();
    assert_eq!(kept, sources);
    assert_eq!(sets(&mut project).len(), sources.len());
    // Prodigy's own keys are kept too, not silently dropped.
    for document in project.documents() {
        let meta = project.document_meta(&document.id).expect("metadata");
        let extra = &meta.extra;
        assert_eq!(extra.get("_view_id").map(String::as_str), Some("relations"));
        assert!(extra.contains_key("_task_hash"), "{extra:?}");
    }
}

/// CoNLL lines as sentences of (token, tag): the first column and the
/// last, `-DOCSTART-` lines left out.
fn conll_sentences(conll: &str) -> Vec<Vec<(String, String)>> {
    let mut sentences = vec![Vec::new()];
    for line in conll.lines() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        match columns.as_slice() {
            [] => sentences.push(Vec::new()),
            ["-DOCSTART-", ..] => {}
            [token, .., tag] => sentences
                .last_mut()
                .expect("a sentence")
                .push(((*token).to_owned(), (*tag).to_owned())),
            [alone] => panic!("a line without a tag: {alone}"),
        }
    }
    sentences.retain(|s| !s.is_empty());
    sentences
}

#[test]
fn doccano_conll_example_round_trips_token_by_token() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let source = public("conll/doccano-example.conll");
    let report = import_into(
        &mut project,
        Format::Conll,
        std::slice::from_ref(&source),
        ImportAs::Gold,
        None,
    );
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Conll));
    let exported: String = tree(&out)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".conll"))
        .map(|(_, content)| content)
        .collect();
    let original = std::fs::read_to_string(&source).expect("the fixture is readable");
    let before = conll_sentences(&original);
    assert!(before.iter().flatten().any(|(_, tag)| tag != "O"));
    assert_eq!(conll_sentences(&exported), before, "{exported}");
}
