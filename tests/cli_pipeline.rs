//! The pipeline mode, run as the real binary: `attest suggest --jsonl`
//! streaming records without a project, in shards, against the
//! project-based run; and `attest decide`'s batch decisions.

mod util;

use std::collections::BTreeMap;
use std::path::Path;

use attest::formats::{Record, RecordClaim, RecordEvent, RecordMention};
use attest::model::{AnnotationSet, Status};
use attest::store::{OpenMode, Project};
use util::{run, stderr, stdout};

const GROUPS: [&str; 4] = [
    "JNIM",
    "Wagner group fighters",
    "Islamic State militants",
    "Mali's army",
];
const PLACES: [&str; 5] = ["Farabougou", "Kassela", "Bamako", "Menaka", "Gao"];
const DAYS: [&str; 3] = ["Tuesday", "Wednesday", "Sunday"];

/// Record `i` of a generated corpus: short article variants, all texts
/// different; every third carries an accepted mention of its own.
fn record(i: usize) -> String {
    let group = GROUPS[i % GROUPS.len()];
    let place = PLACES[(i / 4) % PLACES.len()];
    let day = DAYS[(i / 20) % DAYS.len()];
    let text = format!(
        "{group} claimed the attack on the military camp in {place} on {day}, killing {} soldiers, \
         a resident of Bamako told AFP. Report number {i}.",
        i % 50 + 2
    );
    let mut value = serde_json::json!({"text": text, "meta": {"title": format!("Report {i}")}});
    if i.is_multiple_of(3) {
        let start = text.chars().count()
            - format!("{i}.").chars().count()
            - "number ".len()
            - "Report ".len();
        value["mentions"] = serde_json::json!([
            {"start": start, "end": start + 6, "text": "Report", "label": "ORGANIZATION", "status": "accepted"}
        ]);
    }
    value.to_string()
}

fn corpus(n: usize) -> String {
    (0..n).map(|i| record(i) + "\n").collect()
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `attest suggest --jsonl - --out -` with `input` on stdin.
fn pipe(input: &str) -> std::process::Output {
    util::suggest_pipe(&[], input)
}

type Items = (Vec<RecordMention>, Vec<RecordEvent>, Vec<RecordClaim>);

/// Records by document id, their items only.
fn by_document(jsonl: &str) -> BTreeMap<String, Items> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut r: Record = serde_json::from_str(line).expect("an Attest record");
            // Who suggested each item and with what score is the pipeline's
            // word only: an export leaves it out.
            for m in &mut r.mentions {
                (m.suggester, m.score) = (None, None);
            }
            for e in &mut r.events {
                (e.suggester, e.score) = (None, None);
            }
            for c in &mut r.claims {
                (c.suggester, c.score) = (None, None);
            }
            (r.id, (r.mentions, r.events, r.claims))
        })
        .collect()
}

#[test]
fn two_shards_through_the_pipeline_equal_the_project_based_run() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1000;
    let all = corpus(n);
    let lines: Vec<&str> = all.lines().collect();
    let (a, b) = lines.split_at(n / 2);
    let shards: Vec<String> = [a, b].iter().map(|part| part.join("\n") + "\n").collect();

    // Two processes, one per shard, concatenated in order.
    let mut piped = String::new();
    for shard in &shards {
        let output = pipe(shard);
        assert!(output.status.success(), "{}", stderr(&output));
        piped.push_str(&stdout(&output));
    }
    assert_eq!(piped.lines().count(), n, "one record out per record in");
    let first: serde_json::Value = serde_json::from_str(piped.lines().next().unwrap()).unwrap();
    let suggested = first["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["status"] == "suggested")
        .expect("a suggested mention");
    assert!(suggested["suggester"].is_string(), "{suggested}");
    let kept = first["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["status"] == "accepted" && m["label"] == "ORGANIZATION");
    assert!(kept, "the record's own mention is kept: {first}");

    // The same records through a project.
    let project = project_of_records(dir.path(), &all);
    let suggest = run(&["suggest", s(&project), "--annotator", "ana", "--no-learned"]);
    assert!(suggest.status.success(), "{}", stderr(&suggest));
    let out = dir.path().join("export");
    let exported = run(&[
        "export",
        s(&project),
        "--format",
        "jsonl",
        "--include-suggestions",
        "--out",
        s(&out),
        "--annotator",
        "ana",
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let mut from_project = String::new();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            from_project.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }

    let piped = by_document(&piped);
    let from_project = by_document(&from_project);
    assert_eq!(piped.len(), n);
    assert_eq!(from_project.len(), n);
    let mut differing = piped
        .iter()
        .filter(|(id, items)| from_project.get(*id) != Some(items));
    assert!(
        differing.next().is_none(),
        "the pipeline and the project differ"
    );
}

#[test]
fn a_bad_line_is_reported_with_its_number_and_the_rest_goes_through() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = corpus(10);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.insert(5, "{\"text\": oops".to_owned());
    text = lines.join("\n") + "\n";
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    std::fs::write(&input, text).unwrap();
    let done = run(&["suggest", "--jsonl", s(&input), "--out", s(&output)]);
    assert!(!done.status.success(), "a bad line fails the run");
    let err = stderr(&done);
    assert!(
        err.contains(&format!("{}:6: not an Attest record", input.display())),
        "{err}"
    );
    let written = std::fs::read_to_string(&output).unwrap();
    assert_eq!(written.lines().count(), 10);
    for (i, line) in written.lines().enumerate() {
        let r: Record = serde_json::from_str(line).unwrap();
        assert!(
            r.text.ends_with(&format!("Report number {i}.")),
            "order kept"
        );
    }
}

/// A new project `p` in `dir` with `records` (JSONL) imported as ana's.
fn project_of_records(dir: &Path, records: &str) -> std::path::PathBuf {
    let input = dir.join("records.jsonl");
    std::fs::write(&input, records).expect("the records are written");
    let project = dir.join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let imported = run(&[
        "import",
        s(&project),
        "--format",
        "jsonl",
        s(&input),
        "--annotator",
        "ana",
    ]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    project
}

fn annotations(project: &Path) -> Vec<AnnotationSet> {
    let (mut opened, _) = Project::open(project, OpenMode::ReadOnly).expect("the project opens");
    let ids: Vec<_> = opened.documents().iter().map(|d| d.id.clone()).collect();
    ids.iter()
        .map(|id| opened.load_annotations(id, "ana").expect("the file reads"))
        .collect()
}

fn suggested_project(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("corpus.jsonl");
    std::fs::write(&input, corpus(12)).expect("the corpus is written");
    let project = dir.join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let args = [
        "import",
        s(&project),
        "--format",
        "jsonl",
        s(&input),
        "--annotator",
        "ana",
    ];
    assert!(run(&args).status.success());
    let suggest = run(&["suggest", s(&project), "--annotator", "ana", "--no-learned"]);
    assert!(suggest.status.success(), "{}", stderr(&suggest));
    project
}

#[test]
fn decide_accepts_only_the_chosen_suggesters_candidates_above_the_score() {
    let dir = tempfile::tempdir().unwrap();
    let project = suggested_project(dir.path());
    let before = annotations(&project);
    let scored = |m: &attest::model::Mention| match &m.review.status {
        Status::Suggested { by, score } if by == "catalogue" => Some(*score),
        _ => None,
    };
    let scores: Vec<f32> = before
        .iter()
        .flat_map(|s| &s.mentions)
        .filter_map(scored)
        .collect();
    assert!(!scores.is_empty());
    let min = scores.iter().copied().fold(f32::INFINITY, f32::min);
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let threshold = if max > min { (min + max) / 2.0 } else { min };
    let decided = run(&[
        "decide",
        s(&project),
        "--accept",
        "--source",
        "catalogue",
        "--min-score",
        &threshold.to_string(),
        "--annotator",
        "ana",
    ]);
    assert!(decided.status.success(), "{}", stderr(&decided));
    assert!(
        stdout(&decided).contains("accepted "),
        "{}",
        stdout(&decided)
    );
    let after = annotations(&project);
    let mut accepted = 0;
    for (old, new) in before.iter().zip(&after) {
        for m in &old.mentions {
            let now = new.mentions.iter().find(|n| n.id == m.id).unwrap();
            match &m.review.status {
                Status::Suggested { by, score } if by == "catalogue" && *score >= threshold => {
                    assert_eq!(now.review.status, Status::Accepted, "{}", m.text);
                    accepted += 1;
                }
                Status::Suggested { .. } => {
                    // Only a mention an accepted claim or event names may change.
                    let named = new.claims.iter().any(|c| {
                        c.review.status == Status::Accepted && c.responsible.contains(&m.id)
                    }) || new.events.iter().any(|e| {
                        e.review.status == Status::Accepted
                            && e.roles.values().flatten().any(|r| *r == m.id)
                    });
                    if !named {
                        assert!(now.review.status.is_open(), "{} stays open", m.text);
                    }
                }
                _ => assert_eq!(now.review.status, m.review.status),
            }
        }
        for c in &new.claims {
            if c.review.status == Status::Accepted {
                assert_eq!(c.review.suggester(), Some("catalogue"));
            }
        }
    }
    assert!(accepted > 0);
}

#[test]
fn decide_rejects_by_label() {
    let dir = tempfile::tempdir().unwrap();
    let project = suggested_project(dir.path());
    let before = annotations(&project);
    let label = "LOCATION";
    let open_locations = before
        .iter()
        .flat_map(|s| &s.mentions)
        .filter(|m| m.label == label && m.review.status.is_open())
        .count();
    assert!(open_locations > 0);
    let decided = run(&[
        "decide",
        s(&project),
        "--reject",
        "--label",
        label,
        "--annotator",
        "ana",
    ]);
    assert!(decided.status.success(), "{}", stderr(&decided));
    assert!(
        stdout(&decided).contains(&format!("{label}\t{open_locations}")),
        "{}",
        stdout(&decided)
    );
    let after = annotations(&project);
    for (old, new) in before.iter().zip(&after) {
        for m in &old.mentions {
            let now = new.mentions.iter().find(|n| n.id == m.id).unwrap();
            if m.label == label && m.review.status.is_open() {
                assert_eq!(now.review.status, Status::Rejected);
            } else {
                assert_eq!(now.review.status, m.review.status, "{}", m.text);
            }
        }
        assert_eq!(old.events, new.events);
        assert_eq!(old.claims, new.claims);
    }
    let missing = run(&["decide", s(&project), "--annotator", "ana"]);
    assert!(
        !missing.status.success(),
        "--accept or --reject is required"
    );
}

#[test]
fn the_pipelines_output_imports_as_suggestions_that_keep_their_suggester_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let output = pipe(&corpus(6));
    assert!(output.status.success(), "{}", stderr(&output));
    let piped = stdout(&output);
    // Each suggestion as the pipeline named it: (text, label) → (suggester, score).
    let mut named: BTreeMap<(String, String), (String, f64)> = BTreeMap::new();
    for line in piped.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        for m in record["mentions"].as_array().unwrap() {
            if m["status"] == "suggested" {
                named.insert(
                    (
                        m["text"].as_str().unwrap().into(),
                        m["label"].as_str().unwrap().into(),
                    ),
                    (
                        m["suggester"].as_str().unwrap().into(),
                        m["score"].as_f64().unwrap(),
                    ),
                );
            }
        }
    }
    let suggesters: std::collections::BTreeSet<&str> =
        named.values().map(|(by, _)| by.as_str()).collect();
    assert!(suggesters.len() >= 2, "several suggesters: {suggesters:?}");
    assert!(named.values().any(|(_, score)| *score < 1.0), "{named:?}");

    let project = project_of_records(dir.path(), &piped);
    let mut seen = 0;
    for set in annotations(&project) {
        assert!(
            set.finished.is_none(),
            "a document with open suggestions waits for review, it is not finished gold"
        );
        for m in &set.mentions {
            match &m.review.status {
                Status::Suggested { by, score } => {
                    let (want_by, want_score) = &named[&(m.text.clone(), m.label.clone())];
                    assert_eq!(by, want_by, "{m:?}");
                    assert!((f64::from(*score) - want_score).abs() < 1e-6, "{m:?}");
                    seen += 1;
                }
                status => assert_eq!(m.label, "ORGANIZATION", "{status:?}"),
            }
        }
    }
    assert!(seen >= named.len(), "{seen} of {}", named.len());

    // A score that is no probability is kept as 0 and said, not taken as 1.
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        r#"{"text": "JNIM attacked Gao on Monday.", "mentions": [{"start": 0, "end": 4, "label": "ARMED_GROUP", "status": "suggested", "suggester": "elsewhere", "score": 7.5}]}"#,
    )
    .unwrap();
    let imported = run(&[
        "import",
        s(&project),
        "--format",
        "jsonl",
        s(&bad),
        "--annotator",
        "ana",
    ]);
    assert!(
        stderr(&imported).contains("score 7.5 is not a number from 0 to 1"),
        "{}",
        stderr(&imported)
    );
    let jnim = annotations(&project)
        .into_iter()
        .flat_map(|set| set.mentions)
        .find(|m| m.text == "JNIM" && m.review.suggester() == Some("elsewhere"))
        .expect("the item is kept");
    assert!(matches!(jnim.review.status, Status::Suggested { score, .. } if score == 0.0));
}
