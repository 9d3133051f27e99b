//! `attest suggest`, run as the real binary on a project in a temporary folder.

mod util;

use attest::model::{AnnotationSet, Status};
use attest::store::{OpenMode, Project};
use util::{project_with_sample, run, stderr, stdout};

fn annotations(project: &std::path::Path, annotator: &str) -> AnnotationSet {
    let (mut opened, _) = Project::open(project, OpenMode::ReadOnly).expect("the project opens");
    let id = opened.documents()[0].id.clone();
    opened
        .load_annotations(&id, annotator)
        .expect("the annotation file reads")
}

fn annotation_file_bytes(project: &std::path::Path, annotator: &str) -> Vec<u8> {
    let (opened, _) = Project::open(project, OpenMode::ReadOnly).expect("the project opens");
    let id = opened.documents()[0].id.clone();
    std::fs::read(opened.annotations_path(&id, annotator)).expect("the annotation file exists")
}

#[test]
fn suggest_writes_candidates_and_a_rerun_changes_nothing() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let first = run(&["suggest", p, "--annotator", "ana", "--all"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stdout(&first).contains("in 1 of 1 document(s) for ana"),
        "{}",
        stdout(&first)
    );

    let set = annotations(&project, "ana");
    assert!(set.mentions.len() > 40 && !set.events.is_empty() && !set.claims.is_empty());
    let jnim = set.mentions.iter().find(|m| m.text == "JNIM").unwrap();
    assert_eq!(jnim.actor.as_deref(), Some("jnim"));
    assert!(matches!(&jnim.review.status, Status::Suggested { by, .. } if by == "catalogue"));
    let claimed_by_jnim = set.claims.iter().any(|c| {
        c.stance == "Claimed"
            && c.responsible
                .iter()
                .any(|&m| set.mention(m).and_then(|m| m.actor.as_deref()) == Some("jnim"))
    });
    assert!(claimed_by_jnim);
    assert!(
        !set.mentions.iter().any(|m| m.text.contains("sbk")),
        "the sign-off is no candidate"
    );

    let bytes = annotation_file_bytes(&project, "ana");
    let second = run(&["suggest", p, "--annotator", "ana"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(
        stdout(&second).starts_with("suggested 0 mention(s), 0 event(s), 0 claim(s) in 0 of 1"),
        "{}",
        stdout(&second)
    );
    assert_eq!(
        annotation_file_bytes(&project, "ana"),
        bytes,
        "the file is not rewritten"
    );
    let check = run(&["check", p]);
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

#[test]
fn rejected_and_accepted_items_survive_a_rerun_and_rejections_are_not_proposed_again() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    assert!(run(&["suggest", p, "--annotator", "ana"]).status.success());

    // The annotator rejects Bamako and the Confirmed claim, accepts JNIM,
    // and deletes every suggestion still open.
    {
        let (mut opened, _) = Project::open(
            &project,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let id = opened.documents()[0].id.clone();
        let mut set = opened.load_annotations(&id, "ana").unwrap();
        let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        for m in &mut set.mentions {
            let status = match m.text.as_str() {
                "Bamako" => Status::Rejected,
                "JNIM" => Status::Accepted,
                _ => continue,
            };
            m.review = m.review.decided(status, "ana", at);
        }
        for c in &mut set.claims {
            if c.stance == "Confirmed" {
                c.review = c.review.decided(Status::Rejected, "ana", at);
            }
        }
        set.mentions.retain(|m| !m.review.status.is_open());
        set.claims.retain(|c| !c.review.status.is_open());
        set.events.clear();
        opened.save_annotations(&set).unwrap();
    }
    let decided = annotations(&project, "ana");

    let rerun = run(&["suggest", p, "--annotator", "ana"]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert!(
        stdout(&rerun).contains("2 rejected suggestion(s) not proposed again"),
        "{}",
        stdout(&rerun)
    );
    let after = annotations(&project, "ana");
    for kept in &decided.mentions {
        assert_eq!(
            after.mention(kept.id),
            Some(kept),
            "decided mentions are untouched"
        );
    }
    let bamako: Vec<_> = after
        .mentions
        .iter()
        .filter(|m| m.text == "Bamako")
        .collect();
    assert_eq!(bamako.len(), 1);
    assert_eq!(bamako[0].review.status, Status::Rejected);
    let confirmed: Vec<_> = after
        .claims
        .iter()
        .filter(|c| c.stance == "Confirmed")
        .collect();
    assert_eq!(confirmed.len(), 1);
    assert_eq!(confirmed[0].review.status, Status::Rejected);
    assert!(
        after
            .mentions
            .iter()
            .any(|m| m.text == "Kassela" && m.review.status.is_open()),
        "deleted suggestions come back"
    );

    // Another annotator's file is separate and starts fresh.
    assert!(run(&["suggest", p, "--annotator", "ben"]).status.success());
    assert!(
        annotations(&project, "ben")
            .mentions
            .iter()
            .any(|m| m.text == "Bamako")
    );
}

#[test]
fn an_unknown_document_is_a_clear_error() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let bad = run(&["suggest", p, "--document", "not-an-id"]);
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("is not a document id"),
        "{}",
        stderr(&bad)
    );
    let missing = run(&["suggest", p, "--document", "0123456789abcdef"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no document 0123456789abcdef"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn one_document_can_be_chosen() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let other = dir.path().join("other.txt");
    std::fs::write(
        &other,
        "Gunmen kidnapped 12 villagers near Djibo on Monday, residents said.\n",
    )
    .unwrap();
    assert!(
        run(&["import", p, other.to_str().unwrap()])
            .status
            .success()
    );
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).unwrap();
    let ids: Vec<_> = opened.documents().iter().map(|d| d.id.clone()).collect();
    assert_eq!(ids.len(), 2);
    drop(opened);

    let chosen = ids[1].to_string();
    let out = run(&["suggest", p, "--annotator", "ana", "--document", &chosen]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("in 1 of 1 document(s)"),
        "{}",
        stdout(&out)
    );
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).unwrap();
    assert!(opened.annotations_path(&ids[1], "ana").exists());
    assert!(
        !opened.annotations_path(&ids[0], "ana").exists(),
        "the other document is untouched"
    );
}
