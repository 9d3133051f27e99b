//! The learner's span layers through the real binary: event triggers and
//! claim cues the analyst created in finished notes are proposed by
//! `attest suggest` after `attest train`, and `attest simulate` reports
//! every layer's learning curve — on generated conflict notes
//! (tests/util/conflict_notes.rs).

mod util;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use attest::model::{AnnotationSet, DocumentId, Span};
use attest::store::{OpenMode, Project};
use util::conflict_notes::{Note, notes};
use util::{run, stderr, stdout};

/// A project of `count` generated notes, in reading order with their ids.
fn project_of_notes(
    count: usize,
    seed: u64,
) -> (tempfile::TempDir, PathBuf, Vec<(DocumentId, Note)>) {
    let dir = tempfile::tempdir().expect("test setup");
    let project = dir.path().join("p");
    let p = project.to_str().expect("test setup");
    assert!(run(&["new", p]).status.success());
    let generated = notes(count, seed);
    let folder = dir.path().join("notes");
    std::fs::create_dir(&folder).expect("test setup");
    for (i, note) in generated.iter().enumerate() {
        std::fs::write(folder.join(format!("note-{i:03}.txt")), &note.text).expect("test setup");
    }
    let imported = run(&["import", p, folder.to_str().expect("test setup")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).expect("test setup");
    let by_text: HashMap<String, DocumentId> = opened
        .documents()
        .iter()
        .map(|d| {
            (
                opened
                    .load_text(&d.id)
                    .expect("test setup")
                    .trim()
                    .to_owned(),
                d.id.clone(),
            )
        })
        .collect();
    let with_ids = generated
        .into_iter()
        .map(|note| (by_text[note.text.trim()].clone(), note))
        .collect();
    (dir, project, with_ids)
}

/// Saves each note's gold as the finished set of `annotator`.
fn write_gold(project: &Path, notes: &[(DocumentId, Note)], annotator: &str) {
    let (mut opened, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: annotator.into(),
        },
    )
    .expect("test setup");
    for (id, note) in notes {
        opened
            .save_annotations(&note.gold_set(id, annotator))
            .expect("test setup");
    }
}

fn set_of(project: &Path, id: &DocumentId, annotator: &str) -> AnnotationSet {
    let (mut opened, _) = Project::open(project, OpenMode::ReadOnly).expect("test setup");
    opened.load_annotations(id, annotator).expect("test setup")
}

/// Share of `gold` spans (with their label) that `proposed` holds.
fn recall(gold: &[(Span, String)], proposed: &[(Span, String)], typed: bool) -> f64 {
    if gold.is_empty() {
        return 0.0;
    }
    let found = gold
        .iter()
        .filter(|(span, label)| {
            proposed
                .iter()
                .any(|(s, l)| s == span && (!typed || l == label))
        })
        .count();
    found as f64 / gold.len() as f64
}

/// The gold triggers and cues of `notes` and what `annotator`'s suggested
/// sets propose: (gold triggers, proposed triggers, gold cues, proposed
/// cues), the gold only of those the rules do not know when `created`.
#[allow(clippy::type_complexity)]
fn layers(
    project: &Path,
    notes: &[(DocumentId, Note)],
    annotator: &str,
    created: bool,
) -> (
    Vec<(Span, String)>,
    Vec<(Span, String)>,
    Vec<(Span, String)>,
    Vec<(Span, String)>,
) {
    let (mut gold_triggers, mut triggers, mut gold_cues, mut cues) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (n, (id, note)) in notes.iter().enumerate() {
        // Spans are made unique per note by an offset far beyond any note.
        let shift = |s: Span| Span::new(s.start_byte + n * 100_000, s.end_byte + n * 100_000);
        for e in note
            .events()
            .iter()
            .filter(|e| !created || !e.known_to_rules)
        {
            gold_triggers.push((
                shift(e.trigger),
                format!("{} > {}", e.event_type, e.sub_type),
            ));
        }
        for c in note
            .claims()
            .iter()
            .filter(|c| !created || !c.known_to_rules)
        {
            gold_cues.push((shift(c.cue), c.stance.to_owned()));
        }
        let set = set_of(project, id, annotator);
        for e in &set.events {
            let label = match &e.sub_type {
                Some(sub) => format!("{} > {sub}", e.event_type),
                None => e.event_type.clone(),
            };
            triggers.push((shift(e.trigger), label));
        }
        for c in &set.claims {
            cues.push((shift(c.cue), c.stance.clone()));
        }
    }
    (gold_triggers, triggers, gold_cues, cues)
}

fn suggest_all(p: &str, annotator: &str) {
    let suggested = run(&["suggest", p, "--annotator", annotator]);
    assert!(suggested.status.success(), "{}", stderr(&suggested));
}

#[test]
fn after_fifty_finished_notes_the_triggers_and_cues_the_analyst_created_are_proposed() {
    let (_dir, project, notes) = project_of_notes(80, 0x5a4e1);
    let p = project.to_str().unwrap();
    let (finished, later) = notes.split_at(50);
    write_gold(&project, finished, "gold");
    suggest_all(p, "before");
    let trained = run(&["train", p]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let out = stdout(&trained);
    assert!(
        out.contains("learned:triggers") && out.contains("learned:cues"),
        "{out}"
    );
    assert!(project.join("models/triggers.bin").exists());
    assert!(project.join("models/cues.bin").exists());
    suggest_all(p, "after");

    let mut measured = Vec::new();
    for created in [true, false] {
        let (gold_t, before_t, gold_c, before_c) = layers(&project, later, "before", created);
        let (_, after_t, _, after_c) = layers(&project, later, "after", created);
        let what = if created {
            "created by the analyst"
        } else {
            "all"
        };
        let row = [
            recall(&gold_t, &before_t, false),
            recall(&gold_t, &after_t, false),
            recall(&gold_t, &before_t, true),
            recall(&gold_t, &after_t, true),
            recall(&gold_c, &before_c, false),
            recall(&gold_c, &after_c, false),
            recall(&gold_c, &before_c, true),
            recall(&gold_c, &after_c, true),
        ];
        eprintln!(
            "notes 51-80, {what} ({} triggers, {} cues): trigger recall {:.3} -> {:.3}, \
             with type {:.3} -> {:.3}; cue recall {:.3} -> {:.3}, with stance {:.3} -> {:.3}",
            gold_t.len(),
            gold_c.len(),
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7]
        );
        measured.push((gold_t.len(), gold_c.len(), row));
    }
    let (triggers, cues, created) = measured[0];
    assert!(triggers >= 5 && cues >= 5, "the notes have created items");
    assert!(created[0] < 0.2, "the rules miss them: {created:?}");
    assert!(created[1] >= 0.8, "learned: {created:?}");
    assert!(created[3] >= 0.7, "with their type: {created:?}");
    assert!(created[4] < 0.2, "the rules miss them: {created:?}");
    assert!(created[5] >= 0.8, "learned: {created:?}");
    assert!(created[7] >= 0.7, "with their stance: {created:?}");
    let (_, _, all) = measured[1];
    assert!(all[1] > all[0] && all[5] > all[4], "{all:?}");

    // The learned items name their learner.
    let proposed_by: Vec<String> = later
        .iter()
        .flat_map(|(id, _)| set_of(&project, id, "after").events)
        .filter_map(|e| e.review.suggester().map(str::to_owned))
        .collect();
    assert!(
        proposed_by.iter().any(|s| s == "learned:triggers"),
        "{proposed_by:?}"
    );
}

#[test]
fn simulate_reports_every_layer_and_its_learning_curve() {
    let (_dir, project, notes) = project_of_notes(24, 0xb0a7);
    let p = project.to_str().unwrap();
    write_gold(&project, &notes, "gold");
    let out = run(&[
        "simulate",
        p,
        "--gold",
        "gold",
        "--recommenders",
        "tagger,string,rules",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // The per-layer curve, for the record (`--nocapture`).
    eprintln!(
        "{}",
        &text[text.find("learning curve per layer").unwrap_or(0)..]
    );
    for layer in ["mentions", "event triggers", "claim cues", "roles"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start().starts_with(layer) && l.contains("1-10")),
            "{layer}: {text}"
        );
    }
    assert!(text.contains("types") && text.contains("stances"), "{text}");

    let json = run(&[
        "simulate",
        p,
        "--gold",
        "gold",
        "--recommenders",
        "tagger,string,rules",
        "--json",
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    let value: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    let layers = value["layers"].as_array().unwrap();
    let names: Vec<&str> = layers
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["mentions", "event triggers", "claim cues", "roles"]);
    let triggers = &layers[1];
    assert_eq!(triggers["curve"].as_array().unwrap().len(), 24);
    let milestones = triggers["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 2, "after 10 and at the end");
    let gold_triggers: u64 = notes.iter().map(|(_, n)| n.events().len() as u64).sum();
    assert_eq!(
        milestones[1]["types"]["support"].as_u64(),
        Some(gold_triggers)
    );
    // The curve: later notes are found better than the first ones.
    let recall_in = |from: usize, to: usize| -> f64 {
        let points = &triggers["curve"].as_array().unwrap()[from..to];
        let (mut right, mut all) = (0, 0);
        for point in points {
            right += point["spans"]["true_positives"].as_u64().unwrap();
            all += point["spans"]["true_positives"].as_u64().unwrap()
                + point["spans"]["false_negatives"].as_u64().unwrap();
        }
        right as f64 / all as f64
    };
    assert!(recall_in(14, 24) > recall_in(0, 6), "{triggers}");

    // The roles follow the triggers and cues learned: the later notes'
    // fillers are found no less often than the first ten's, though more of
    // their triggers and cues are words the rules do not know.
    let roles = &layers[3]["curve"].as_array().unwrap();
    let roles_f1 = |from: usize, to: usize| -> f64 {
        let (mut right, mut proposed, mut gold) = (0, 0, 0);
        for point in &roles[from..to] {
            let counts = &point["counts"];
            let tp = counts["true_positives"].as_u64().unwrap();
            right += tp;
            proposed += tp + counts["false_positives"].as_u64().unwrap();
            gold += tp + counts["false_negatives"].as_u64().unwrap();
        }
        2.0 * right as f64 / (proposed + gold) as f64
    };
    let unknown = |from: usize, to: usize| -> usize {
        notes[from..to]
            .iter()
            .map(|(_, n)| {
                n.events().iter().filter(|e| !e.known_to_rules).count()
                    + n.claims().iter().filter(|c| !c.known_to_rules).count()
            })
            .sum()
    };
    assert!(
        unknown(10, 24) * 10 > unknown(0, 10) * 14,
        "the later notes hold more words the rules do not know"
    );
    assert!(roles_f1(10, 24) >= roles_f1(0, 10), "{}", layers[3]);
}
