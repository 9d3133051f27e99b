//! `attest evaluate-acled`, run as the real binary on a small coded file
//! written for the test (no real coded data is shipped).

mod util;

use util::{run, stderr, stdout};

fn fixture() -> String {
    format!(
        "{}/tests/fixtures/acled/coded_notes.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn evaluate_acled_scores_each_field_and_counts_notes_without_a_row() {
    let output = run(&["evaluate-acled", &fixture(), "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["notes"], 3, "the row without notes is skipped");
    assert_eq!(json["skipped_rows"], 1);
    assert_eq!(json["without_row"], 1, "nothing happens in the third note");
    let fields = json["fields"].as_object().unwrap();
    for column in [
        "event_type",
        "sub_event_type",
        "actor1",
        "actor2",
        "location",
        "event_date",
        "fatalities",
    ] {
        let best = fields[column]["best"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&best), "{column}: {best}");
    }
    let third = 1.0 / 3.0;
    assert!(
        fields["event_type"]["best"].as_f64().unwrap() >= 2.0 * third - 1e-9,
        "the clash and the protest are typed: {json}"
    );
    assert!(fields["event_date"]["best"].as_f64().unwrap() >= 2.0 * third - 1e-9);
    assert!(stderr(&output).contains("coded_notes.csv:5: the row has no notes"));
}

#[test]
fn evaluate_acled_prints_a_table_and_the_misses() {
    let output = run(&["evaluate-acled", &fixture(), "--misses"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("3 note(s)"), "{out}");
    assert!(out.contains("row exact"), "{out}");
    assert!(out.contains("TST3 (0 row(s))"), "{out}");
}

#[test]
fn a_file_without_notes_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coded.csv");
    std::fs::write(&path, "event_type,actor1\nBattles,X\n").unwrap();
    let output = run(&["evaluate-acled", path.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no `notes` column"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("coded.csv"), "{}", stderr(&output));
}

/// Notes written for the rules (not taken from coded data), each coded as
/// ACLED's codebook has it: actors by ACLED's names (militias after their
/// people or place, gendarmes as the military's — the police's in Mali and
/// Burkina Faso —, a crowd as rioters, the force that met a protest as its
/// actor2, "Boko Haram" as either faction),
/// the town a village lies near, written in plain letters (a town misspelt
/// by a letter as the gazetteer names it), the region as the note writes it
/// in brackets, else the region the gazetteer puts the village in (a
/// village of the Sahel named with no cue but its name, "attacked Tongo
/// Tongo"), the dead only.
#[test]
fn evaluate_acled_rows_follow_the_codebook_on_the_rules_notes() {
    let path = format!(
        "{}/tests/fixtures/acled/coded_rules.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let output = run(&["evaluate-acled", &path, "--misses"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let fixture = std::fs::read_to_string(&path).unwrap();
    let ids: Vec<&str> = fixture
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .collect();
    assert!(ids.len() >= 30, "{ids:?}");
    assert!(out.contains(&format!("{} note(s)", ids.len())), "{out}");
    for id in ids {
        assert!(
            !out.contains(&format!("\n{id} (")),
            "{id} has a miss:\n{out}"
        );
    }
}
