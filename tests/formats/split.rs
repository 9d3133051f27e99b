//! Splits keep documents whole and depend only on the seed.

use attest::formats::{ExportOptions, Format, Split};

use crate::util::{Doc, assert_same_tree, export, new_project, tree};

fn project_of_twenty(dir: &std::path::Path) -> attest::store::Project {
    let mut project = new_project(dir);
    for i in 0..20 {
        let doc = Doc::accepted(&format!(
            "Report {i}: [[JNIM|ARMED_GROUP]] attacked [[Ménaka|LOCATION]] « again »."
        ));
        doc.save(&mut project, &format!("report {i}"));
    }
    project
}

fn split(seed: u64) -> ExportOptions {
    ExportOptions {
        split: Some(Split::parse("80,10,10", seed).expect("a valid split")),
        ..ExportOptions::new(Format::Jsonl)
    }
}

#[test]
fn the_same_seed_gives_the_same_files_and_another_seed_another_split() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_of_twenty(&dir.path().join("p"));
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    let report = export(&mut project, &a, &split(7));
    export(&mut project, &b, &split(7));
    export(&mut project, &c, &split(8));
    assert_same_tree(&a, &b);
    let sizes: Vec<usize> = report.parts.iter().map(|p| p.documents).collect();
    assert_eq!(sizes, [16, 2, 2]);
    let files = tree(&a);
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "README.md",
            "dataset.json",
            "dev.jsonl",
            "test.jsonl",
            "train.jsonl"
        ]
    );
    let other = tree(&c);
    assert_ne!(
        files["test.jsonl"], other["test.jsonl"],
        "seed 8 picks other test documents"
    );
    // Each document is in exactly one part, whole.
    let mut ids: Vec<String> = ["train.jsonl", "dev.jsonl", "test.jsonl"]
        .iter()
        .flat_map(|f| {
            files[*f].lines().map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 20);
    let card: serde_json::Value = serde_json::from_str(&files["dataset.json"]).unwrap();
    assert_eq!(
        card["split"],
        serde_json::json!({"percents": [80, 10, 10], "seed": 7})
    );
    assert_eq!(
        card["parts"][2]["document_ids"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn brat_splits_into_folders_with_one_annotation_conf() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_of_twenty(&dir.path().join("p"));
    let out = dir.path().join("brat");
    let options = ExportOptions {
        split: Some(Split::parse("80,10,10", 7).unwrap()),
        ..ExportOptions::new(Format::Brat)
    };
    export(&mut project, &out, &options);
    let files = tree(&out);
    let count = |prefix: &str| {
        files
            .keys()
            .filter(|k| k.starts_with(prefix) && k.ends_with(".ann"))
            .count()
    };
    assert_eq!((count("train/"), count("dev/"), count("test/")), (16, 2, 2));
    assert!(files.contains_key("annotation.conf"));
}

#[test]
fn files_of_an_earlier_export_are_listed_as_stale() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = project_of_twenty(&dir.path().join("p"));
    let out = dir.path().join("out");
    assert!(export(&mut project, &out, &split(7)).stale.is_empty());
    let report = export(&mut project, &out, &ExportOptions::new(Format::Jsonl));
    let stale: Vec<String> = report
        .stale
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(stale, ["dev.jsonl", "test.jsonl", "train.jsonl"]);
}

/// Each object's keys by where it is in a record (`meta`, `mentions[]` …).
fn object_keys(
    value: &serde_json::Value,
    at: &str,
    found: &mut std::collections::BTreeMap<String, std::collections::BTreeSet<Vec<String>>>,
) {
    match value {
        serde_json::Value::Object(map) => {
            found
                .entry(at.to_owned())
                .or_default()
                .insert(map.keys().cloned().collect());
            for (key, inner) in map {
                object_keys(inner, &format!("{at}.{key}"), found);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                object_keys(item, &format!("{at}[]"), found);
            }
        }
        _ => {}
    }
}

/// Documents whose metadata, mention attributes and actor links differ.
fn uneven_project(dir: &std::path::Path) -> attest::store::Project {
    let mut project = new_project(dir);
    let mut french = Doc::accepted("[[JNIM|ARMED_GROUP]] a frappé [[Ménaka|LOCATION]].");
    french.set.mentions[0].actor = Some("jnim".to_owned());
    french.set.mentions[0]
        .attributes
        .insert("note".to_owned(), "Al-Qaeda's Sahel branch".to_owned());
    french.save(&mut project, "fr one");
    for i in 0..5 {
        Doc::accepted(&format!("Report {i}: [[ISGS|ARMED_GROUP]] attacked."))
            .save(&mut project, &format!("report {i}"));
    }
    project
}

#[test]
fn every_line_of_every_part_has_the_same_keys_and_an_empty_part_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = uneven_project(&dir.path().join("p"));
    let out = dir.path().join("out");
    let options = ExportOptions {
        split: Some(Split::parse("50,25,25", 3).expect("a valid split")),
        ..ExportOptions::new(Format::Jsonl)
    };
    export(&mut project, &out, &options);
    let mut found = std::collections::BTreeMap::new();
    let mut lines = 0;
    for (name, content) in tree(&out) {
        if !name.ends_with(".jsonl") {
            continue;
        }
        for line in content.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            object_keys(&value, "record", &mut found);
            lines += 1;
        }
    }
    assert_eq!(lines, 6);
    for (at, key_sets) in &found {
        assert_eq!(key_sets.len(), 1, "{at} has keys {key_sets:?}");
    }
    let meta = found["record.meta"].iter().next().unwrap();
    assert!(meta.contains(&"language".to_owned()), "{meta:?}");
    assert!(
        found["record.mentions[]"]
            .iter()
            .next()
            .unwrap()
            .contains(&"actor".to_owned())
    );

    let skewed = dir.path().join("skewed");
    let options = ExportOptions {
        split: Some(Split::parse("100,0,0", 3).expect("a valid split")),
        ..ExportOptions::new(Format::Jsonl)
    };
    let report = export(&mut project, &skewed, &options);
    let files: Vec<String> = tree(&skewed).into_keys().collect();
    assert_eq!(files, ["README.md", "dataset.json", "train.jsonl"]);
    // The Hugging Face card names the parts that have files, dev as
    // `validation`, and types the features.
    let card = std::fs::read_to_string(skewed.join("README.md")).unwrap();
    let header: serde_json::Value =
        serde_json::from_str(card.split("---\n").nth(1).expect("a YAML header")).unwrap();
    assert_eq!(
        header["configs"][0]["data_files"],
        serde_json::json!([{"split": "train", "path": ["train.jsonl"]}])
    );
    let features = header["dataset_info"]["features"].as_array().unwrap();
    assert!(
        features
            .iter()
            .any(|f| f["name"] == "meta" && f["struct"].is_array())
    );
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(skewed.join("dataset.json")).unwrap())
            .unwrap();
    assert_eq!(card["parts"][1]["name"], "dev");
    assert_eq!(card["parts"][1]["files"], serde_json::json!([]));
    assert_eq!(report.parts[2].documents, 0);
}
