//! Learning from the analyst through the real binary: `attest finish`,
//! `attest train`, `attest suggest` with the learned models, and
//! `attest simulate`, on three short Sahel wire stories
//! (tests/fixtures/learn/).

mod util;

use std::path::{Path, PathBuf};

use attest::model::{AnnotationSet, DocumentId, Mention, Review, Span, Status};
use attest::store::{OpenMode, Project};
use util::{run, stderr, stdout};

/// The articles in reading order, each with a word found only in it.
const ARTICLES: [(&str, &str); 3] = [
    ("niger-tera-en.txt", "Tera"),
    ("mali-douentza-en.txt", "Douentza"),
    ("burkina-djibo-en.txt", "Djibo"),
];

/// The rules' false candidate the analyst rejects: an aid agency as a
/// place (the rules guess LOCATION for `Unicef`).
const FALSE_CANDIDATE: &str = "Unicef";
/// The actor the rules miss (they guess `Dozo` a LOCATION) and the analyst creates.
const MISSED_ACTOR: (&str, &str) = ("Dozo hunters", "ARMED_GROUP");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/learn")
        .join(name)
}

/// A project with the three articles imported, and their ids in reading order.
fn project_with_articles() -> (tempfile::TempDir, PathBuf, Vec<DocumentId>) {
    let dir = tempfile::tempdir().expect("test setup");
    let project = dir.path().join("p");
    let p = project.to_str().expect("test setup");
    assert!(run(&["new", p]).status.success());
    for (name, _) in ARTICLES {
        let imported = run(&["import", p, fixture(name).to_str().expect("test setup")]);
        assert!(imported.status.success(), "{}", stderr(&imported));
    }
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).expect("test setup");
    let ids = ARTICLES
        .iter()
        .map(|(_, word)| {
            opened
                .documents()
                .iter()
                .find(|d| opened.load_text(&d.id).expect("test setup").contains(word))
                .expect("test setup")
                .id
                .clone()
        })
        .collect();
    (dir, project, ids)
}

fn set_of(project: &Path, id: &DocumentId, annotator: &str) -> AnnotationSet {
    let (mut opened, _) = Project::open(project, OpenMode::ReadOnly).expect("test setup");
    opened.load_annotations(id, annotator).expect("test setup")
}

fn proposes(set: &AnnotationSet, text: &str, label: Option<&str>) -> Option<String> {
    set.mentions
        .iter()
        .find(|m| {
            m.text == text
                && label.is_none_or(|l| m.label == l)
                && matches!(m.review.status, Status::Suggested { .. })
        })
        .and_then(|m| m.review.suggester().map(str::to_owned))
}

/// The analyst's work on one suggested document, through the library:
/// the false candidate rejected, every other suggestion accepted, the
/// missed actor created; then `attest finish`.
fn annotate_and_finish(project: &Path, id: &DocumentId) {
    let at = jiff::Timestamp::now();
    {
        let (mut opened, _) = Project::open(
            project,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .expect("test setup");
        let text = opened.load_text(id).expect("test setup");
        let mut set = opened.load_annotations(id, "ana").expect("test setup");
        let (actor, label) = MISSED_ACTOR;
        let actor_spans: Vec<Span> = text
            .match_indices(actor)
            .map(|(start, _)| Span::new(start, start + actor.len()))
            .collect();
        assert!(!actor_spans.is_empty());
        let mut rejected = 0;
        for m in &mut set.mentions {
            let status =
                if m.text == FALSE_CANDIDATE || actor_spans.iter().any(|a| a.overlaps(m.span)) {
                    rejected += 1;
                    Status::Rejected
                } else {
                    Status::Accepted
                };
            m.review = m.review.decided(status, "ana", at);
        }
        assert!(
            rejected >= 2,
            "the rules proposed {FALSE_CANDIDATE:?} and part of {actor:?}: {:?}",
            set.mentions
        );
        let mut next = set.next_mention_id();
        for span in actor_spans {
            set.mentions.push(Mention {
                id: next,
                span,
                text: actor.to_owned(),
                label: label.to_owned(),
                actor: None,
                attributes: Default::default(),
                review: Review::accepted("ana", at),
            });
            next.0 += 1;
        }
        opened.save_annotations(&set).expect("test setup");
    }
    let p = project.to_str().expect("test setup");
    let finished = run(&["finish", p, "--document", id.as_str(), "--annotator", "ana"]);
    assert!(finished.status.success(), "{}", stderr(&finished));
    assert!(
        stdout(&finished).contains("finished for ana"),
        "{}",
        stdout(&finished)
    );
}

/// Two documents suggested, annotated and finished, then `attest train`.
fn trained_project() -> (tempfile::TempDir, PathBuf, Vec<DocumentId>) {
    let (dir, project, ids) = project_with_articles();
    let p = project.to_str().expect("test setup");
    for id in &ids[..2] {
        let suggested = run(&[
            "suggest",
            p,
            "--document",
            id.as_str(),
            "--annotator",
            "ana",
        ]);
        assert!(suggested.status.success(), "{}", stderr(&suggested));
        annotate_and_finish(&project, id);
    }
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let out = stdout(&trained);
    assert!(out.contains("trained on 2 finished document(s)"), "{out}");
    assert!(
        out.contains("learned:tagger") && out.contains("learned:string"),
        "{out}"
    );
    assert!(project.join("models/tagger.bin").exists());
    assert!(project.join("models/string-matcher.json").exists());
    (dir, project, ids)
}

#[test]
fn after_two_finished_documents_the_third_drops_the_rejected_candidate_and_proposes_the_created_actor()
 {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    let third = ids[2].as_str();
    let (actor, label) = MISSED_ACTOR;

    // The rules alone, for another annotator: the false candidate, no actor.
    let rules = run(&[
        "suggest",
        p,
        "--document",
        third,
        "--annotator",
        "ben",
        "--no-learned",
    ]);
    assert!(rules.status.success(), "{}", stderr(&rules));
    let before = set_of(&project, &ids[2], "ben");
    assert!(
        proposes(&before, FALSE_CANDIDATE, None).is_some(),
        "{:?}",
        before.mentions
    );
    assert!(
        proposes(&before, actor, Some(label)).is_none(),
        "{:?}",
        before.mentions
    );

    // With the learned models.
    let learned = run(&["suggest", p, "--document", third, "--annotator", "ana"]);
    assert!(learned.status.success(), "{}", stderr(&learned));
    assert!(!stderr(&learned).contains("note:"), "{}", stderr(&learned));
    let after = set_of(&project, &ids[2], "ana");
    assert_eq!(
        proposes(&after, FALSE_CANDIDATE, None),
        None,
        "{:?}",
        after.mentions
    );
    assert_eq!(
        proposes(&after, "Dozo", Some("LOCATION")),
        None,
        "{:?}",
        after.mentions
    );
    let by = proposes(&after, actor, Some(label)).expect("the created actor is proposed");
    assert!(by.starts_with("learned:"), "{by}");
    assert!(
        after
            .mentions
            .iter()
            .any(|m| m.text == "Islamic State group" && m.review.suggester() == Some("catalogue")),
        "the rules keep their names: {:?}",
        after.mentions
    );
    let spans_and_labels: std::collections::HashSet<(Span, &str)> = after
        .mentions
        .iter()
        .map(|m| (m.span, m.label.as_str()))
        .collect();
    assert_eq!(
        spans_and_labels.len(),
        after.mentions.len(),
        "one per span and label"
    );
}

/// The pipeline's records for `text` (one record in, one out), with its stderr.
fn pipeline(extra: &[&str], text: &str) -> (serde_json::Value, String) {
    let line = serde_json::json!({"text": text, "meta": {"title": "third"}});
    let done = util::suggest_pipe(extra, &format!("{line}\n"));
    assert!(done.status.success(), "{}", stderr(&done));
    let out = stdout(&done);
    assert_eq!(out.lines().count(), 1, "{out}");
    (
        serde_json::from_str(out.trim()).expect("one JSON record"),
        stderr(&done),
    )
}

/// The suggester of the record's open mention of `text` labelled `label`.
fn record_proposes(record: &serde_json::Value, text: &str, label: &str) -> Option<String> {
    record["mentions"]
        .as_array()?
        .iter()
        .find(|m| m["text"] == text && m["label"] == label && m["status"] == "suggested")
        .and_then(|m| m["suggester"].as_str().map(str::to_owned))
}

#[test]
fn the_pipeline_with_the_project_proposes_what_two_finished_documents_taught_and_names_its_model() {
    let (_dir, project, _) = trained_project();
    let p = project.to_str().unwrap();
    let third = std::fs::read_to_string(fixture(ARTICLES[2].0)).unwrap();
    let (actor, label) = MISSED_ACTOR;

    let (learned, said) = pipeline(&["--project", p], &third);
    let by = record_proposes(&learned, actor, label).expect("the created actor is proposed");
    assert!(by.starts_with("learned:"), "{by}");
    assert!(
        said.contains("learned:"),
        "the models in use are named: {said}"
    );
    assert!(
        learned["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["text"] != FALSE_CANDIDATE),
        "the rejected candidate stays silent: {learned}"
    );

    let (rules, _) = pipeline(&["--project", p, "--no-learned"], &third);
    assert_eq!(record_proposes(&rules, actor, label), None, "{rules}");
    assert!(
        rules["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["text"] == FALSE_CANDIDATE),
        "the rules alone guess the false candidate: {rules}"
    );

    // Each record names the version of what suggested it: the same for the
    // same models, another without them or after training again.
    let version = |record: &serde_json::Value| record["model_version"].as_str().unwrap().to_owned();
    assert_eq!(version(&learned).len(), 16);
    assert_ne!(version(&learned), version(&rules));
    assert_eq!(
        version(&pipeline(&["--project", p], &third).0),
        version(&learned)
    );
    let copy = tempfile::tempdir().unwrap();
    let copied = copy.path().join("p");
    copy_dir(&project, &copied);
    let (from_copy, _) = pipeline(&["--project", copied.to_str().unwrap()], &third);
    assert_eq!(
        version(&from_copy),
        version(&learned),
        "models copied to another folder are the same version"
    );
    assert_eq!(from_copy["mentions"], learned["mentions"]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("test setup");
    for entry in std::fs::read_dir(from).expect("test setup") {
        let entry = entry.expect("test setup");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("test setup").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("test setup");
        }
    }
}

#[test]
fn train_prints_json_with_scores_and_sizes() {
    let (_dir, project, _) = trained_project();
    let p = project.to_str().unwrap();
    let json = run(&["train", p, "--annotator", "ana", "--json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["training_documents"], 2);
    let models = value["models"].as_array().unwrap();
    assert_eq!(models.len(), 2);
    assert!(models[1]["evaluation"]["per_label"].is_object(), "{value}");
}

#[test]
fn a_corrupt_model_file_is_one_note_and_the_rules_still_suggest() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    let tagger = project.join("models/tagger.bin");
    let mut bytes = std::fs::read(&tagger).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x5a;
    std::fs::write(&tagger, &bytes).unwrap();
    let out = run(&[
        "suggest",
        p,
        "--document",
        ids[2].as_str(),
        "--annotator",
        "ana",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("note:").count(), 1, "{err}");
    assert!(
        err.contains("tagger not used: model file is damaged"),
        "{err}"
    );
    assert!(err.contains("tagger.bin"), "names the file: {err}");
    let set = set_of(&project, &ids[2], "ana");
    assert!(
        proposes(&set, "JNIM", Some("ARMED_GROUP")).is_some(),
        "{:?}",
        set.mentions
    );
}

#[test]
fn a_model_trained_under_another_schema_is_one_note_and_the_rules_still_suggest() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    {
        let (mut opened, _) = Project::open(
            &project,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        opened
            .file
            .schema
            .entity_labels
            .retain(|l| l.name != "EVENT");
        opened.save_project_file().unwrap();
    }
    let out = run(&[
        "suggest",
        p,
        "--document",
        ids[2].as_str(),
        "--annotator",
        "ana",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("note:").count(), 1, "{err}");
    assert!(err.contains("trained under another schema"), "{err}");
    assert!(
        err.contains("attest train") || err.contains("retrain"),
        "{err}"
    );
    let set = set_of(&project, &ids[2], "ana");
    assert!(
        proposes(&set, "JNIM", Some("ARMED_GROUP")).is_some(),
        "{:?}",
        set.mentions
    );
    assert_eq!(
        proposes(&set, MISSED_ACTOR.0, Some(MISSED_ACTOR.1)),
        None,
        "nothing learned is used"
    );
}

#[test]
fn no_finished_documents_is_one_clear_message_and_the_rules_still_suggest() {
    let (_dir, project, ids) = project_with_articles();
    let p = project.to_str().unwrap();
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(!trained.status.success());
    assert!(
        stderr(&trained).contains("no finished documents to learn from"),
        "{}",
        stderr(&trained)
    );
    assert!(!project.join("models").exists());
    let out = run(&[
        "suggest",
        p,
        "--document",
        ids[2].as_str(),
        "--annotator",
        "ana",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.matches("note:").count(), 1, "{err}");
    assert!(err.contains("no learned models yet"), "{err}");
    let set = set_of(&project, &ids[2], "ana");
    assert!(
        proposes(&set, "JNIM", Some("ARMED_GROUP")).is_some(),
        "{:?}",
        set.mentions
    );
}

#[test]
fn finish_undo_takes_the_mark_back_and_a_wrong_id_is_an_error() {
    let (_dir, project, ids) = project_with_articles();
    let p = project.to_str().unwrap();
    let id = ids[0].as_str();
    assert!(
        run(&["finish", p, "--document", id, "--annotator", "ana"])
            .status
            .success()
    );
    assert!(set_of(&project, &ids[0], "ana").is_finished());
    let undo = run(&[
        "finish",
        p,
        "--document",
        id,
        "--annotator",
        "ana",
        "--undo",
    ]);
    assert!(undo.status.success(), "{}", stderr(&undo));
    assert!(stdout(&undo).contains("unfinished"), "{}", stdout(&undo));
    assert!(!set_of(&project, &ids[0], "ana").is_finished());
    let wrong = run(&[
        "finish",
        p,
        "--document",
        "0123456789abcdef",
        "--annotator",
        "ana",
    ]);
    assert!(!wrong.status.success());
    assert!(stderr(&wrong).contains("no document"), "{}", stderr(&wrong));
}

#[test]
fn simulate_prints_the_learning_curve_of_the_finished_documents() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    let out = run(&["simulate", p, "--gold", "ana"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("replayed 2 finished document(s) of ana"),
        "{text}"
    );
    assert!(text.contains("after    2 document(s)"), "{text}");
    let json = run(&["simulate", p, "--gold", "ana", "--json"]);
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let points = value["curve"]["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["id"], ids[0].as_str(), "reading order");
    assert_eq!(
        points[0]["accepted"], 0,
        "nothing learned before the first document"
    );
    assert!(points[1]["accepted"].as_u64().unwrap() > 0, "{value}");
    let none = run(&["simulate", p, "--gold", "nobody"]);
    assert!(!none.status.success());
    assert!(
        stderr(&none).contains("no finished documents of nobody"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn an_imported_gold_dataset_counts_as_finished_and_trains() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let conll =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/conll2003.conll");
    let imported = run(&[
        "import",
        p,
        conll.to_str().unwrap(),
        "--format",
        "conll",
        "--annotator",
        "gold",
    ]);
    // The fixture has one malformed line on purpose: reported, the rest goes on.
    assert!(
        stdout(&imported).contains("new document(s)"),
        "{}",
        stdout(&imported)
    );
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).unwrap();
    assert!(opened.documents().len() >= 2);
    for d in opened.documents() {
        assert!(set_of(&project, &d.id, "gold").is_finished(), "{}", d.id);
    }
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let documents = opened.documents().len();
    assert!(
        stdout(&trained).contains(&format!("trained on {documents} finished document(s)")),
        "{}",
        stdout(&trained)
    );
    let replayed = run(&["simulate", p, "--gold", "gold"]);
    assert!(replayed.status.success(), "{}", stderr(&replayed));

    // Imported as suggestions, nothing is finished.
    let other = dir.path().join("q");
    let q = other.to_str().unwrap();
    assert!(run(&["new", q]).status.success());
    let suggestions = run(&[
        "import",
        q,
        conll.to_str().unwrap(),
        "--format",
        "conll",
        "--annotator",
        "sys",
        "--as",
        "suggestions",
    ]);
    assert!(
        stdout(&suggestions).contains("new document(s)"),
        "{}",
        stdout(&suggestions)
    );
    let trained = run(&["train", q, "--annotator", "ana"]);
    assert!(!trained.status.success(), "{}", stdout(&trained));
}

/// Sets the project's activation gate in `project.ron`.
fn set_activation(project: &Path, threshold: f64, min_proposals: usize) {
    let (mut opened, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: "ana".into(),
        },
    )
    .expect("test setup");
    opened.file.settings.activation_threshold = threshold;
    opened.file.settings.activation_metric = attest::model::ActivationMetric::Precision;
    opened.file.settings.activation_min_proposals = min_proposals;
    opened.save_project_file().expect("test setup");
}

/// Suggests `id`, rejects every suggestion labeled `unwanted` and accepts
/// the rest, then `attest finish`: a project whose gold never uses it.
fn reject_label_and_finish(project: &Path, id: &DocumentId, unwanted: &str) -> usize {
    let p = project.to_str().expect("test setup");
    let suggested = run(&[
        "suggest",
        p,
        "--document",
        id.as_str(),
        "--annotator",
        "ana",
    ]);
    assert!(suggested.status.success(), "{}", stderr(&suggested));
    let at = jiff::Timestamp::now();
    let (mut opened, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: "ana".into(),
        },
    )
    .expect("test setup");
    let mut set = opened.load_annotations(id, "ana").expect("test setup");
    let mut rejected = 0;
    for m in &mut set.mentions {
        let status = if m.label == unwanted {
            rejected += 1;
            Status::Rejected
        } else {
            Status::Accepted
        };
        m.review = m.review.decided(status, "ana", at);
    }
    opened.save_annotations(&set).expect("test setup");
    drop(opened);
    let finished = run(&["finish", p, "--document", id.as_str(), "--annotator", "ana"]);
    assert!(finished.status.success(), "{}", stderr(&finished));
    rejected
}

#[test]
fn rules_always_rejected_for_a_label_fall_silent_for_it_once_a_threshold_is_set() {
    let (_dir, project, ids) = project_with_articles();
    let p = project.to_str().unwrap();
    let rejected: usize = ids[..2]
        .iter()
        .map(|id| reject_label_and_finish(&project, id, "LOCATION"))
        .sum();
    assert!(rejected >= 2, "the rules proposed places: {rejected}");

    // Gating off (the default): the scores are printed, nothing is silenced.
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let out = stdout(&trained);
    assert!(
        out.contains("rules, measured on the 2 finished document(s)"),
        "{out}"
    );
    assert!(out.contains("rule:catalogue"), "{out}");
    assert!(out.contains("no recommender silenced"), "{out}");

    // Precision below 0.5 after two proposals: silenced.
    set_activation(&project, 0.5, 2);
    let json = run(&["train", p, "--annotator", "ana", "--json"]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let silenced: Vec<(String, String)> = value["silenced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["recommender"].as_str().unwrap().to_owned(),
                s["label"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        silenced.iter().any(|(_, label)| label == "LOCATION"),
        "{value}"
    );
    assert!(
        silenced
            .iter()
            .filter(|(by, _)| !by.starts_with("learned:"))
            .all(|(_, label)| label == "LOCATION"),
        "only the always-rejected label of the rules: {silenced:?}"
    );
    let location = &value["rule_scores"]["catalogue"]["per_label"]["LOCATION"];
    assert_eq!(location["precision"], 0.0, "{value}");
    let table = run(&["train", p, "--annotator", "ana"]);
    assert!(
        stdout(&table).contains("rule:catalogue proposes no LOCATION"),
        "{}",
        stdout(&table)
    );

    // The third document: the rules alone propose places there …
    let third = ids[2].as_str();
    let rules = run(&[
        "suggest",
        p,
        "--document",
        third,
        "--annotator",
        "ben",
        "--no-learned",
    ]);
    assert!(rules.status.success(), "{}", stderr(&rules));
    let before = set_of(&project, &ids[2], "ben");
    let silenced_in = |set: &AnnotationSet| -> Vec<String> {
        set.mentions
            .iter()
            .filter(|m| {
                silenced.iter().any(|(by, label)| {
                    m.review.suggester() == Some(by.as_str()) && &m.label == label
                })
            })
            .map(|m| m.text.clone())
            .collect()
    };
    assert!(!silenced_in(&before).is_empty(), "{:?}", before.mentions);
    // … and with the project's models and gate, those rules fall silent
    // for LOCATION while the other labels still come.
    let gated = run(&["suggest", p, "--document", third, "--annotator", "ana"]);
    assert!(gated.status.success(), "{}", stderr(&gated));
    let after = set_of(&project, &ids[2], "ana");
    assert_eq!(
        silenced_in(&after),
        Vec::<String>::new(),
        "{:?}",
        after.mentions
    );
    for label in ["ARMED_GROUP", "DATE"] {
        assert!(
            after
                .mentions
                .iter()
                .any(|m| m.label == label && matches!(m.review.status, Status::Suggested { .. })),
            "{label} still proposed: {:?}",
            after.mentions
        );
    }
}

#[test]
fn simulate_in_active_order_prints_its_curve_beside_the_reading_order() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    let out = run(&["simulate", p, "--gold", "ana", "--order", "active"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("replayed 2 finished document(s) of ana in active order"),
        "{text}"
    );
    assert!(
        text.contains("active order against reading order"),
        "{text}"
    );
    let json = run(&[
        "simulate", p, "--gold", "ana", "--order", "active", "--json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(value["order"], "active");
    let points = value["curve"]["points"].as_array().unwrap();
    let mut replayed: Vec<&str> = points.iter().map(|p| p["id"].as_str().unwrap()).collect();
    replayed.sort_unstable();
    let mut finished: Vec<&str> = ids[..2].iter().map(DocumentId::as_str).collect();
    finished.sort_unstable();
    assert_eq!(replayed, finished, "every finished document, once");
    assert_eq!(
        points[0]["id"],
        ids[0].as_str(),
        "nothing trained yet: reading order"
    );
    assert!(value["reading_milestones"].is_array(), "{value}");
    let wrong = run(&["simulate", p, "--gold", "ana", "--order", "sideways"]);
    assert!(!wrong.status.success());
    assert!(
        stderr(&wrong).contains("expected reading or active"),
        "{}",
        stderr(&wrong)
    );
}
