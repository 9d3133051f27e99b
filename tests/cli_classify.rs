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

/// The first two stories suggested, corrected and finished, then `attest train`.
fn trained_project() -> (tempfile::TempDir, PathBuf, Vec<DocumentId>) {
    trained_on(2)
}

/// The first `stories` suggested, corrected and finished, then `attest train`.
fn trained_on(stories: usize) -> (tempfile::TempDir, PathBuf, Vec<DocumentId>) {
    let (dir, project, ids) = project_with_articles();
    let p = project.to_str().expect("test setup");
    for id in &ids[..stories] {
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
    (dir, project, ids)
}

fn raid_of(set: &AnnotationSet) -> attest::model::Event {
    set.events
        .iter()
        .find(|e| e.trigger_text == RAIDED)
        .cloned()
        .expect("the raid is an event")
}

#[test]
fn after_one_corrected_story_the_next_gets_the_learned_event_type() {
    let (_dir, project, ids) = trained_on(1);
    let p = project.to_str().unwrap();
    let next = ids[1].as_str();
    let rules = run(&[
        "suggest",
        p,
        "--document",
        next,
        "--annotator",
        "ben",
        "--no-learned",
    ]);
    assert!(rules.status.success(), "{}", stderr(&rules));
    assert_ne!(
        raid_of(&set_of(&project, &ids[1], "ben")).event_type,
        LOOTING.0
    );
    let learned = run(&["suggest", p, "--document", next, "--annotator", "ana"]);
    assert!(learned.status.success(), "{}", stderr(&learned));
    let after = set_of(&project, &ids[1], "ana");
    let event = raid_of(&after);
    assert_eq!(
        (event.event_type.as_str(), event.sub_type.as_deref()),
        (LOOTING.0, Some(LOOTING.1)),
        "one correction is enough: {:?}",
        after.events
    );
    assert_eq!(event.review.suggester(), Some("learned:event-type"));
    let clash = after
        .events
        .iter()
        .find(|e| e.trigger_text == "clashed")
        .expect("the clash is an event");
    assert_eq!(clash.event_type, "Battles", "a confirmed guess stays");
}

#[test]
fn after_two_corrected_stories_the_third_gets_the_learned_event_type_and_stance() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
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

#[test]
fn a_models_folder_without_classifiers_loads_and_a_damaged_one_is_one_note() {
    let (_dir, project, ids) = trained_project();
    let p = project.to_str().unwrap();
    let third = ids[2].as_str();
    let classifiers = project.join("models/classifiers.bin");
    let bytes = std::fs::read(&classifiers).unwrap();

    // A folder written before the classifiers existed: no note, the rules' type.
    std::fs::remove_file(&classifiers).unwrap();
    let old = run(&["suggest", p, "--document", third, "--annotator", "ben"]);
    assert!(old.status.success(), "{}", stderr(&old));
    assert!(!stderr(&old).contains("note:"), "{}", stderr(&old));
    assert_ne!(
        raid_of(&set_of(&project, &ids[2], "ben")).event_type,
        LOOTING.0
    );

    // A damaged file: one note naming it, and the rules still suggest.
    let mut damaged = bytes.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0x5a;
    std::fs::write(&classifiers, &damaged).unwrap();
    let out = run(&["suggest", p, "--document", third, "--annotator", "cy"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let notes = stderr(&out);
    assert!(
        notes.contains("learned classifiers not used") && notes.contains("classifiers.bin"),
        "{notes}"
    );
    assert_ne!(
        raid_of(&set_of(&project, &ids[2], "cy")).event_type,
        LOOTING.0
    );

    // Training again writes it afresh.
    let trained = run(&["train", p, "--annotator", "ana"]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    assert_eq!(std::fs::read(&classifiers).unwrap().len(), bytes.len());
}

/// The held-out accuracy of the classifiers on the gold-marked articles of
/// `tests/fixtures/articles/` (each line a finished document: events with
/// their agents, claims with their stances), beside the rules' on the same
/// held-out lines. Run with `--nocapture` for the tables.
#[test]
fn held_out_accuracy_on_the_marked_articles() {
    use attest::learn::classify::{ClassDoc, train_classifiers};
    use attest::model::{Claim, ClaimId, Event, EventId, Finished, Mention, MentionId, Review};
    use attest::progress::JobControl;
    use attest::suggest::Rules;
    use std::collections::BTreeMap;

    // The gold markup parser of the suggester tests; `util` loads its
    // `markup.rs` too, and both copies are needed in this test crate.
    #[allow(clippy::duplicate_mod)]
    #[path = "suggest_markup/mod.rs"]
    mod suggest_markup;

    let at = jiff::Timestamp::UNIX_EPOCH;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut docs = Vec::new();
    for path in names {
        let marked_text = std::fs::read_to_string(&path).unwrap();
        for line in marked_text
            .lines()
            .filter(|l| l.contains("event:") || l.contains("{{"))
        {
            let marked = suggest_markup::parse_markup(line);
            let mut set = AnnotationSet::new(DocumentId::for_text(&marked.text), "gold");
            for (i, g) in marked.mentions.iter().enumerate() {
                set.mentions.push(Mention {
                    id: MentionId(u32::try_from(i).unwrap() + 1),
                    span: g.span,
                    text: g.span.text(&marked.text).unwrap().to_owned(),
                    label: g.label.clone(),
                    actor: None,
                    attributes: BTreeMap::new(),
                    review: Review::accepted("gold", at),
                });
            }
            for (i, e) in marked.events.iter().enumerate() {
                let mut roles = BTreeMap::new();
                if let Some(agent) = &e.agent
                    && let Some(g) = marked.mention_named(agent, e.trigger)
                    && let Some(index) = marked.mentions.iter().position(|m| m == g)
                {
                    roles.insert(
                        "agent".to_owned(),
                        vec![MentionId(u32::try_from(index).unwrap() + 1)],
                    );
                }
                set.events.push(Event {
                    id: EventId(u32::try_from(i).unwrap() + 1),
                    trigger: e.trigger,
                    trigger_text: e.trigger.text(&marked.text).unwrap().to_owned(),
                    event_type: e.event_type.clone(),
                    sub_type: (!e.sub_type.is_empty()).then(|| e.sub_type.clone()),
                    roles,
                    review: Review::accepted("gold", at),
                });
            }
            for (i, c) in marked.claims.iter().enumerate() {
                set.claims.push(Claim {
                    id: ClaimId(u32::try_from(i).unwrap() + 1),
                    cue: c.span,
                    cue_text: c.span.text(&marked.text).unwrap().to_owned(),
                    stance: c.label.clone(),
                    source: None,
                    responsible: Vec::new(),
                    events: Vec::new(),
                    review: Review::accepted("gold", at),
                });
            }
            set.finished = Some(Finished {
                by: "gold".into(),
                at,
            });
            docs.push(ClassDoc {
                id: set.document.clone(),
                text: marked.text.clone(),
                truth: vec![set],
            });
        }
    }
    assert!(docs.len() >= 20, "{} marked lines", docs.len());
    let rules = Rules::sahel_default().unwrap();
    let (_, infos) = train_classifiers(&docs, Some(&rules), &JobControl::unattended());
    println!("{} documents (lines)", docs.len());
    for info in &infos {
        let (Some(learned), Some(rules)) = (&info.evaluation, &info.rule_evaluation) else {
            continue;
        };
        println!(
            "{}: {} examples; held out {} line(s): accuracy learned {:.3}, rules {:.3} (support {})",
            info.name,
            info.examples,
            learned.held_out_documents,
            learned.overall.recall,
            rules.overall.recall,
            learned.overall.support
        );
        for (label, s) in &learned.per_label {
            println!(
                "  {label:<60} P {:.3} R {:.3} F1 {:.3} ({})",
                s.precision, s.recall, s.f1, s.support
            );
        }
    }
    let event_type = &infos[0];
    assert!(event_type.examples >= 20, "{infos:?}");
    let learned = event_type.evaluation.as_ref().unwrap().overall.recall;
    let baseline = event_type.rule_evaluation.as_ref().unwrap().overall.recall;
    assert!(
        learned + 0.1 >= baseline,
        "the rules as features and fallback keep the learner near them at least: {learned} vs {baseline}"
    );
}
