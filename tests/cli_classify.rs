//! Learned event types and stances through the real binary: two finished
//! Sahel stories in which the analyst corrects the rules — a market raid
//! the rules type as violence against civilians is looting, a claim the
//! rules call reported is an allegation ("allegedly") — then `attest
//! train`, and `attest suggest` on a third story of the same kind proposes
//! the corrected type and stance (tests/fixtures/classify/).

mod util;

use std::path::{Path, PathBuf};

use attest::model::{AnnotationSet, DocumentId, Status};
use attest::store::{OpenMode, Project};
use util::{run, stderr, stdout};

/// The stories in reading order, each with a place found only in it.
const ARTICLES: [(&str, &str); 3] = [
    ("mali-niono-en.txt", "Dogofry"),
    ("burkina-kaya-en.txt", "Pissila"),
    ("niger-ayorou-en.txt", "Ayorou"),
];

/// The trigger the rules mistype, and the analyst's type and sub-type.
const RAIDED: &str = "raided";
const LOOTING: (&str, &str) = ("Strategic developments", "Looting/property destruction");
/// The hedge that makes a claim an allegation.
const HEDGE: &str = "allegedly";
const ALLEGED: &str = "Alleged";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/classify")
        .join(name)
}

/// A project with the three stories imported, and their ids in reading order.
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

/// The sentence of `text` around byte `at`.
fn sentence_at(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(['.', '\n']).map_or(0, |i| i + 1);
    let end = text[at..].find(['.', '\n']).map_or(text.len(), |i| at + i);
    &text[start..end]
}

/// The analyst's work on one suggested story: every mention accepted, the
/// raid retyped as looting, the second "raid" rejected, other events
/// accepted, the hedged claim made an allegation and the others accepted;
/// then `attest finish`.
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
        for m in &mut set.mentions {
            m.review = m.review.decided(Status::Accepted, "ana", at);
        }
        let mut retyped = 0;
        for e in &mut set.events {
            let status = match e.trigger_text.as_str() {
                RAIDED => {
                    assert_ne!(e.event_type, LOOTING.0, "the rules get it wrong");
                    e.event_type = LOOTING.0.to_owned();
                    e.sub_type = Some(LOOTING.1.to_owned());
                    retyped += 1;
                    Status::Corrected
                }
                "raid" => Status::Rejected,
                _ => Status::Accepted,
            };
            e.review = e.review.decided(status, "ana", at);
        }
        assert_eq!(retyped, 1, "{:?}", set.events);
        let mut alleged = 0;
        for c in &mut set.claims {
            let status = if sentence_at(&text, c.cue.start_byte).contains(HEDGE) {
                assert_ne!(c.stance, ALLEGED, "the rules get it wrong");
                c.stance = ALLEGED.to_owned();
                alleged += 1;
                Status::Corrected
            } else {
                Status::Accepted
            };
            c.review = c.review.decided(status, "ana", at);
        }
        assert_eq!(alleged, 1, "{:?}", set.claims);
        opened.save_annotations(&set).expect("test setup");
    }
    let p = project.to_str().expect("test setup");
    let finished = run(&["finish", p, "--document", id.as_str(), "--annotator", "ana"]);
    assert!(finished.status.success(), "{}", stderr(&finished));
}

#[test]
fn after_two_corrected_stories_the_third_gets_the_learned_event_type_and_stance() {
    let (_dir, project, ids) = project_with_articles();
    let p = project.to_str().unwrap();
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
    println!("{out}");
    assert!(
        out.contains("learned:event-type") && out.contains("learned:stance"),
        "{out}"
    );
    assert!(project.join("models/classifiers.bin").exists());

    let third = ids[2].as_str();
    let text = Project::open(&project, OpenMode::ReadOnly)
        .unwrap()
        .0
        .load_text(&ids[2])
        .unwrap();

    // The rules alone, for another annotator: the old type and stance.
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
    let raid = |set: &AnnotationSet| {
        set.events
            .iter()
            .find(|e| e.trigger_text == RAIDED)
            .cloned()
            .expect("the raid is an event")
    };
    let hedged = |set: &AnnotationSet| {
        set.claims
            .iter()
            .find(|c| sentence_at(&text, c.cue.start_byte).contains(HEDGE))
            .cloned()
            .expect("the hedged sentence is a claim")
    };
    assert_ne!(raid(&before).event_type, LOOTING.0);
    assert_ne!(hedged(&before).stance, ALLEGED);

    // With the learned models.
    let learned = run(&["suggest", p, "--document", third, "--annotator", "ana"]);
    assert!(learned.status.success(), "{}", stderr(&learned));
    let after = set_of(&project, &ids[2], "ana");
    let event = raid(&after);
    assert_eq!(
        (event.event_type.as_str(), event.sub_type.as_deref()),
        (LOOTING.0, Some(LOOTING.1)),
        "{:?}",
        after.events
    );
    assert_eq!(event.review.suggester(), Some("learned:event-type"));
    let claim = hedged(&after);
    assert_eq!(claim.stance, ALLEGED, "{:?}", after.claims);
    assert_eq!(claim.review.suggester(), Some("learned:stance"));

    // What the analyst confirmed stays the rules': the clash is a battle,
    // the plain report a report.
    let clash = after
        .events
        .iter()
        .find(|e| e.trigger_text == "clashed")
        .expect("the clash is an event");
    assert_eq!(clash.event_type, "Battles", "{:?}", after.events);
    assert!(
        after
            .claims
            .iter()
            .filter(|c| !sentence_at(&text, c.cue.start_byte).contains(HEDGE))
            .all(|c| c.stance == "Reported"),
        "{:?}",
        after.claims
    );
}
