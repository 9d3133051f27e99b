//! `attest export` and `attest import --format`, run as the real binary in
//! temporary folders.

mod util;

use std::path::{Path, PathBuf};

use util::{files_below, run, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// A project holding the doccano and brat fixtures as gold by `ana`.
fn project_with_gold(dir: &Path) -> PathBuf {
    let project = dir.join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let brat = run(&[
        "import",
        s(&project),
        s(&fixture("brat")),
        "--format",
        "brat",
        "--annotator",
        "ana",
    ]);
    assert!(
        brat.status.success(),
        "every line of the fixture has a place (its relation and equivalence too): {}",
        stderr(&brat)
    );
    let label_studio = run(&[
        "import",
        s(&project),
        s(&fixture("label-studio-export.json")),
        "--format",
        "label-studio",
        "--annotator",
        "ana",
    ]);
    assert!(
        stdout(&label_studio).contains("imported 2 record(s) from label-studio: 2 new document(s)"),
        "{}",
        stdout(&label_studio)
    );
    project
}

#[test]
fn import_reports_each_bad_record_by_file_and_line_and_imports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let doccano = fixture("doccano-relations.jsonl");
    let output = run(&[
        "import",
        s(&project),
        s(&doccano),
        "--format",
        "doccano",
        "--annotator",
        "ana",
    ]);
    assert!(!output.status.success());
    let errors: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(str::to_owned)
        .collect();
    // Line 1's based_in link between two mentions is kept as a relation.
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!("error: {}:3: not JSON", doccano.display())),
        "{}",
        errors[0]
    );
    assert!(stderr(&output).contains("relation type based_in"));
    assert!(stderr(&output).contains("note: added to the schema: entity label ARMED_MEN"));
    assert!(stdout(&output).contains("3 new document(s)"));
    let annotations = files_below(&project)
        .into_iter()
        .filter(|f| f.starts_with("annotations/ana/"))
        .count();
    assert_eq!(
        annotations, 2,
        "two records had items; the empty one saves no file"
    );
    let project_file = std::fs::read_to_string(project.join("project.ron")).unwrap();
    assert!(project_file.contains("ARMED_MEN"));
}

#[test]
fn suggestions_from_another_system_are_named_after_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let output = run(&[
        "import",
        s(&project),
        s(&fixture("prodigy-ner-manual.jsonl")),
        "--format",
        "prodigy",
        "--as",
        "suggestions",
        "--source",
        "spacy-sahel",
        "--annotator",
        "ana",
    ]);
    assert!(
        stderr(&output).contains("note: 1 rejected item(s) not loaded as suggestions"),
        "{}",
        stderr(&output)
    );
    let files: Vec<String> = files_below(&project)
        .into_iter()
        .filter(|f| f.starts_with("annotations/ana/"))
        .collect();
    assert_eq!(files.len(), 2);
    for file in files {
        let path = project.join(&file);
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let id = attest::model::DocumentId::parse(stem).unwrap();
        let (set, _) = attest::store::read_annotation_file(&path, &id, "ana").unwrap();
        assert!(!set.is_empty(), "{file}");
        let statuses = set
            .mentions
            .iter()
            .map(|m| &m.review.status)
            .chain(set.events.iter().map(|e| &e.review.status))
            .chain(set.claims.iter().map(|c| &c.review.status));
        for status in statuses {
            assert!(
                matches!(status, attest::model::Status::Suggested { by, .. } if by == "spacy-sahel"),
                "{file}: {status:?}"
            );
        }
    }
}

#[test]
fn export_writes_the_dataset_and_its_card_and_splits_by_seed() {
    let dir = tempfile::tempdir().unwrap();
    let project = project_with_gold(dir.path());
    let out = dir.path().join("brat");
    let output = run(&["export", s(&project), "--format", "brat", "--out", s(&out)]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("exported 3 document(s) (all 3), "),
        "{}",
        stdout(&output)
    );
    let files = files_below(&out);
    assert_eq!(files.iter().filter(|f| f.ends_with(".ann")).count(), 3);
    assert!(
        files.contains(&"annotation.conf".to_owned()) && files.contains(&"dataset.json".to_owned())
    );

    let split = |seed: &str, name: &str| {
        let folder = dir.path().join(name);
        let args = [
            "export",
            s(&project),
            "--format",
            "jsonl",
            "--out",
            s(&folder),
            "--split",
            "34,33,33",
            "--seed",
            seed,
        ];
        let output = run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        (
            folder.clone(),
            std::fs::read_to_string(folder.join("dataset.json")).unwrap(),
        )
    };
    let (a, card_a) = split("7", "a");
    let (b, card_b) = split("7", "b");
    assert_eq!(card_a, card_b);
    for part in ["train.jsonl", "dev.jsonl", "test.jsonl"] {
        assert_eq!(
            std::fs::read(a.join(part)).unwrap(),
            std::fs::read(b.join(part)).unwrap(),
            "{part}"
        );
    }
    let card: serde_json::Value = serde_json::from_str(&card_a).unwrap();
    assert_eq!(card["split"]["seed"], 7);
    let sizes: Vec<u64> = card["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["documents"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [1, 1, 1]);
    let different = (0..20)
        .map(|seed| split(&seed.to_string(), &format!("s{seed}")).1)
        .any(|card| {
            let card: serde_json::Value = serde_json::from_str(&card).unwrap();
            card["parts"] != serde_json::from_str::<serde_json::Value>(&card_a).unwrap()["parts"]
        });
    assert!(different, "another seed gives another split");
}

#[test]
fn conll_lists_overlapping_mentions_and_bad_options_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let nested = dir.path().join("nested.jsonl");
    std::fs::write(
        &nested,
        r#"{"id":"x","text":"le poste de Kassela","mentions":[{"id":"m1","start":3,"end":19,"text":"poste de Kassela","label":"FACILITY","status":"accepted"},{"id":"m2","start":12,"end":19,"text":"Kassela","label":"LOCATION","status":"accepted"}]}"#,
    )
    .unwrap();
    let imported = run(&[
        "import",
        s(&project),
        s(&nested),
        "--format",
        "jsonl",
        "--annotator",
        "ana",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let out = dir.path().join("conll");
    let output = run(&["export", s(&project), "--format", "conll", "--out", s(&out)]);
    assert!(output.status.success());
    assert!(
        stderr(&output).contains("warning: 1 item(s) that conll cannot hold were not written:"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("12..19 LOCATION \"Kassela\": overlaps FACILITY 3..19"));

    let prodigy = run(&[
        "export",
        s(&project),
        "--format",
        "prodigy",
        "--out",
        s(&out),
    ]);
    assert!(!prodigy.status.success());
    assert!(stderr(&prodigy).contains("prodigy is an import format"));
    let bad_split = run(&[
        "export",
        s(&project),
        "--format",
        "jsonl",
        "--out",
        s(&out),
        "--split",
        "80,30",
    ]);
    assert!(
        stderr(&bad_split).contains("must add up to 100"),
        "{}",
        stderr(&bad_split)
    );
    let nobody = run(&[
        "export",
        s(&project),
        "--format",
        "jsonl",
        "--out",
        s(&out),
        "--annotator",
        "zoe",
    ]);
    assert!(
        stderr(&nobody).contains("no annotations by zoe"),
        "{}",
        stderr(&nobody)
    );
}

#[test]
fn doccano_warns_of_overlaps_and_without_overlaps_leaves_them_out() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let nested = dir.path().join("nested.jsonl");
    std::fs::write(
        &nested,
        r#"{"id":"x","text":"le poste de Kassela","mentions":[{"id":"m1","start":3,"end":19,"text":"poste de Kassela","label":"FACILITY","status":"accepted"},{"id":"m2","start":12,"end":19,"text":"Kassela","label":"LOCATION","status":"accepted"}]}"#,
    )
    .unwrap();
    let imported = run(&[
        "import",
        s(&project),
        s(&nested),
        "--format",
        "jsonl",
        "--annotator",
        "ana",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let out = dir.path().join("doccano");
    let output = run(&[
        "export",
        s(&project),
        "--format",
        "doccano",
        "--out",
        s(&out),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let warned = stderr(&output);
    assert!(
        warned.contains("warning: 2 span(s) overlap others, which doccano's default project refuses (--without-overlaps leaves them out):"),
        "{warned}"
    );
    assert!(
        warned.contains("12..19 LOCATION \"Kassela\": overlaps FACILITY 3..19"),
        "{warned}"
    );
    let written = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(
        written.contains(r#""label":"LOCATION","start_offset":12,"end_offset":19"#),
        "{written}"
    );

    let out = dir.path().join("doccano-without");
    let output = run(&[
        "export",
        s(&project),
        "--format",
        "doccano",
        "--without-overlaps",
        "--out",
        s(&out),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warning: 1 item(s) that doccano cannot hold were not written:"),
        "{}",
        stderr(&output)
    );
    let written = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(!written.contains("LOCATION"), "{written}");
    assert!(
        written.contains(r#""label":"FACILITY","start_offset":3,"end_offset":19"#),
        "{written}"
    );
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(card["unwritten"][0]["label"], "LOCATION");
    assert_eq!(card["shape"], "label");
}
