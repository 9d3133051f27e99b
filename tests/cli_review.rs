//! `attest agree` and `attest evaluate`, run as the real binary on CoNLL
//! files whose counts are worked out by hand below.
//!
//! `tests/fixtures/review/gold.conll` has 9 entities:
//!   doc 1: JNIM/ARMED_GROUP, Farabougou/LOCATION, "Tuesday morning"/DATE,
//!          "The Malian army"/STATE_FORCE, "Wagner group"/FOREIGN_FORCE,
//!          Ménaka/LOCATION
//!   doc 2: Ménaka/LOCATION, AFP/SOURCE, Gao/LOCATION
//! `system.conll` (same tokens) has 8:
//!   doc 1: JNIM ✓, Farabougou ✓, "Tuesday"/DATE (right boundary wrong),
//!          "Malian army"/STATE_FORCE (left boundary wrong),
//!          "Wagner group"/ARMED_GROUP (label wrong), Ménaka ✓
//!   doc 2: Ménaka ✓, AFP missed, Gao ✓
//! CoNLL convention (both boundaries and the label): TP 5, FP 3, FN 4,
//!   P = 5/8 = 0.625, R = 5/9, F1 = 2·5 / (2·5 + 3 + 4) = 10/17.
//! Overlapping spans, same label: "Tuesday" and "Malian army" match too:
//!   TP 7, FP 1, FN 2, P = 7/8, R = 7/9, F1 = 14/17.

mod util;

use std::path::{Path, PathBuf};

use util::{run, stderr, stdout};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/review")
        .join(name)
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A project with the gold file imported as `gold` and the system file as
/// open suggestions of source `sys` in annotator `sys`.
fn project_with_gold_and_system() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let gold = run(&[
        "import",
        s(&project),
        s(&fixture("gold.conll")),
        "--format",
        "conll",
        "--as",
        "gold",
        "--annotator",
        "gold",
    ]);
    assert!(gold.status.success(), "{}", stderr(&gold));
    let system = run(&[
        "import",
        s(&project),
        s(&fixture("system.conll")),
        "--format",
        "conll",
        "--as",
        "suggestions",
        "--source",
        "sys",
        "--annotator",
        "sys",
    ]);
    assert!(system.status.success(), "{}", stderr(&system));
    assert!(
        stdout(&system).contains("0 new document(s), 2 already present"),
        "{}",
        stdout(&system)
    );
    (dir, project)
}

fn close(value: &serde_json::Value, expected: f64) -> bool {
    value.as_f64().is_some_and(|v| (v - expected).abs() < 1e-9)
}

#[test]
fn evaluate_json_follows_the_conll_convention() {
    let (_dir, project) = project_with_gold_and_system();
    let output = run(&[
        "evaluate",
        s(&project),
        "--gold",
        "gold",
        "--system",
        "sys",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["documents"], 2);
    assert_eq!(json["system_kind"], "annotator");
    let exact = &json["scores"]["exact"];
    assert_eq!(exact["true_positives"], 5);
    assert_eq!(exact["false_positives"], 3);
    assert_eq!(exact["false_negatives"], 4);
    assert!(close(&exact["precision"], 5.0 / 8.0), "{exact}");
    assert!(close(&exact["recall"], 5.0 / 9.0), "{exact}");
    assert!(close(&exact["f1"], 10.0 / 17.0), "{exact}");
    let overlap = &json["scores"]["overlap"];
    assert_eq!(overlap["true_positives"], 7);
    assert!(close(&overlap["f1"], 14.0 / 17.0), "{overlap}");

    let by_label = &json["scores"]["exact_by_label"];
    assert_eq!(by_label["LOCATION"]["true_positives"], 4);
    assert!(close(&by_label["LOCATION"]["f1"], 1.0));
    assert_eq!(by_label["DATE"]["false_positives"], 1);
    assert_eq!(by_label["DATE"]["false_negatives"], 1);
    assert_eq!(by_label["ARMED_GROUP"]["false_positives"], 1);
    assert_eq!(by_label["SOURCE"]["false_negatives"], 1);
    assert_eq!(
        json["scores"]["confusion"]["FOREIGN_FORCE"]["ARMED_GROUP"],
        1
    );
    assert_eq!(json["scores"]["confusion"]["SOURCE"]["missed"], 1);

    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 7);
    let afp = errors.iter().find(|e| e["text"] == "AFP").unwrap();
    assert_eq!(afp["kind"], "miss");
    // doc 2's text is "Depuis Ménaka , AFP reported …": AFP starts at code
    // point 16, byte 17 (é is two bytes).
    assert_eq!(afp["start_char"], 16);
    assert_eq!(afp["end_char"], 19);
    assert_eq!(afp["start_byte"], 17);
}

#[test]
fn evaluate_prints_tables_and_errors() {
    let (_dir, project) = project_with_gold_and_system();
    let output = run(&["evaluate", s(&project), "--gold", "gold", "--system", "sys"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("2 shared document(s)"), "{out}");
    assert!(out.contains("7 error(s)"), "{out}");
    assert!(out.contains("miss") && out.contains("\"AFP\""), "{out}");
    let all = out
        .lines()
        .find(|l| l.trim_start().starts_with("all "))
        .unwrap();
    // tp fp fn P% R% F1% for exact: 5 3 4 62.5 55.6 58.8
    let cells: Vec<&str> = all.split_whitespace().collect();
    assert_eq!(
        &cells[1..7],
        ["5", "3", "4", "62.5", "55.6", "58.8"],
        "{all}"
    );
}

#[test]
fn an_unknown_system_is_an_error_naming_it() {
    let (_dir, project) = project_with_gold_and_system();
    let output = run(&[
        "evaluate",
        s(&project),
        "--gold",
        "gold",
        "--system",
        "nobody",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("\"nobody\""),
        "{}",
        stderr(&output)
    );
}

/// `agree` between `gold` and a third annotator who has only doc 1, with
/// its suggestions counted: doc 2 is listed as not shared and left out.
/// On doc 1 alone (gold as reference, sys's open suggestions included):
/// exact TP 3 (JNIM, Farabougou, Ménaka), FP 3, FN 3 → F1 = 6/12 = 0.5.
#[test]
fn agree_lists_a_document_only_one_annotator_has() {
    let (_dir, project) = project_with_gold_and_system();
    // Keep only sys's file of doc 1 (the one with Farabougou).
    let sys_dir = project.join("annotations/sys");
    for entry in std::fs::read_dir(&sys_dir).unwrap().flatten() {
        let body = std::fs::read_to_string(entry.path()).unwrap();
        if !body.contains("Farabougou") {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    let output = run(&[
        "agree",
        s(&project),
        "gold",
        "sys",
        "--include-suggestions",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let pair = &json["agreement"]["pairs"][0];
    assert_eq!(pair["reference"], "gold");
    assert_eq!(pair["not_shared"].as_array().unwrap().len(), 1);
    assert_eq!(pair["not_shared"][0]["only"], "gold");
    let exact = &pair["overall"]["exact"];
    assert_eq!(pair["overall"]["documents"], 1);
    assert_eq!(
        (
            exact["true_positives"].as_u64(),
            exact["false_positives"].as_u64(),
            exact["false_negatives"].as_u64()
        ),
        (Some(3), Some(3), Some(3))
    );
    assert!(close(&exact["f1"], 0.5));

    let tables = run(&["agree", s(&project), "gold", "sys", "--include-suggestions"]);
    let out = stdout(&tables);
    assert!(
        out.contains("not shared, excluded:") && out.contains("(only gold)"),
        "{out}"
    );

    // Without --include-suggestions sys has no gold at all.
    let gold_only = run(&["agree", s(&project), "gold", "sys", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&gold_only.stdout).unwrap();
    assert_eq!(
        json["agreement"]["pairs"][0]["overall"]["exact"]["true_positives"],
        0
    );
}

/// The system imported as suggestions of source `sys` into `ana`'s files
/// first, the gold second: the five system mentions that gold confirms are
/// accepted and still remember `sys` proposed them, the three others stay
/// open. `--system sys` (no annotator of that name) reads the source and
/// gets the same CoNLL figures as above: TP 5, FP 3, FN 4.
#[test]
fn evaluate_reads_a_source_inside_the_gold_annotators_files() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    for (file, import_as) in [("system.conll", "suggestions"), ("gold.conll", "gold")] {
        let output = run(&[
            "import",
            s(&project),
            s(&fixture(file)),
            "--format",
            "conll",
            "--as",
            import_as,
            "--source",
            "sys",
            "--annotator",
            "ana",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let output = run(&[
        "evaluate",
        s(&project),
        "--gold",
        "ana",
        "--system",
        "sys",
        "--json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("is read as a source"),
        "{}",
        stderr(&output)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["system_kind"], "source");
    let exact = &json["scores"]["exact"];
    assert_eq!(
        (
            exact["true_positives"].as_u64(),
            exact["false_positives"].as_u64(),
            exact["false_negatives"].as_u64()
        ),
        (Some(5), Some(3), Some(4)),
        "{exact}"
    );
    assert!(close(&exact["f1"], 10.0 / 17.0));
}
