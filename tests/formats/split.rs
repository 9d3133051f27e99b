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
        ["dataset.json", "dev.jsonl", "test.jsonl", "train.jsonl"]
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
