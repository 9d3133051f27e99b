//! The team's desk from the command line: `attest assign` deals documents
//! out with a shared share for agreement, and `attest stats` shows each
//! annotator's progress on their own documents and the time they spent.

mod util;

use std::path::Path;

use attest::model::{Assignments, DocumentId, Status};
use attest::store::{OpenMode, Project};
use util::{run, stderr, stdout};

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// A project of `n` short reports.
fn project_of(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("test setup");
    let project = dir.path().join("p");
    assert!(run(&["new", s(&project)]).status.success());
    let corpus = dir.path().join("reports.jsonl");
    let lines: String = (0..n)
        .map(|i| {
            serde_json::json!({
                "text": format!("Gunmen attacked a checkpoint near Djibo on Tuesday, report {i} said.")
            })
            .to_string()
                + "\n"
        })
        .collect();
    std::fs::write(&corpus, lines).expect("test setup");
    let imported = run(&["import", s(&project), s(&corpus)]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    (dir, project)
}

fn assignments(project: &Path) -> Assignments {
    let (opened, _) = Project::open(project, OpenMode::ReadOnly).expect("test setup");
    opened.load_assignments().expect("the assignments read")
}

#[test]
fn documents_are_dealt_out_with_a_shared_tenth_and_stats_show_progress_on_them() {
    let (_dir, project) = project_of(40);
    let p = s(&project);
    let assigned = run(&[
        "assign",
        p,
        "--annotators",
        "ana,ben,chloe",
        "--overlap",
        "0.1",
    ]);
    assert!(assigned.status.success(), "{}", stderr(&assigned));
    assert!(
        stdout(&assigned).contains("assigned 40 new document(s): 36 to one annotator, 4 to two"),
        "{}",
        stdout(&assigned)
    );
    let dealt = assignments(&project);
    let total: usize = ["ana", "ben", "chloe"]
        .iter()
        .map(|a| dealt.of(a).len())
        .sum();
    assert_eq!(total, 44);

    // Ana finishes two of hers, after working an hour on one of them.
    let ana: Vec<DocumentId> = dealt.of("ana")[..2].to_vec();
    for (i, id) in ana.iter().enumerate() {
        let suggested = run(&[
            "suggest",
            p,
            "--document",
            id.as_str(),
            "--annotator",
            "ana",
        ]);
        assert!(suggested.status.success(), "{}", stderr(&suggested));
        let decided = run(&[
            "decide",
            p,
            "--accept",
            "--document",
            id.as_str(),
            "--annotator",
            "ana",
        ]);
        assert!(decided.status.success(), "{}", stderr(&decided));
        if i == 0 {
            let (mut opened, _) = Project::open(
                &project,
                OpenMode::ReadWrite {
                    annotator: "ana".into(),
                },
            )
            .unwrap();
            let mut set = opened.load_annotations(id, "ana").unwrap();
            assert!(
                set.mentions
                    .iter()
                    .all(|m| m.review.status == Status::Accepted)
            );
            set.active_seconds = 3600;
            opened.save_annotations(&set).unwrap();
        }
        let finished = run(&["finish", p, "--document", id.as_str(), "--annotator", "ana"]);
        assert!(finished.status.success(), "{}", stderr(&finished));
    }
    let stats = run(&["stats", p]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let out = stdout(&stats);
    let ana_share = dealt.of("ana").len();
    assert!(
        out.contains(&format!("assigned {ana_share} document(s), 2 finished")),
        "{out}"
    );
    assert!(out.contains("time spent 1 h 00 min"), "{out}");
    assert!(out.contains("decision(s) per hour"), "{out}");
    assert!(
        out.contains("annotator ben: 0 document(s) annotated"),
        "an annotator with no file yet is listed with their documents: {out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&["stats", p, "--json"]))).unwrap();
    assert_eq!(json["stats"]["annotators"]["ana"]["active_seconds"], 3600);
    assert_eq!(json["stats"]["annotators"]["ana"]["assigned_finished"], 2);
    // The export's card says how long the gold took.
    let out_dir = project.with_file_name("ana-dataset");
    let exported = run(&[
        "export",
        p,
        "--format",
        "jsonl",
        "--annotator",
        "ana",
        "--out",
        s(&out_dir),
    ]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("dataset.json")).unwrap())
            .unwrap();
    let gold_items: u64 = ["mentions", "events", "claims"]
        .iter()
        .flat_map(|kind| card[kind].as_object().unwrap().values())
        .filter_map(|by_status| by_status["accepted"].as_u64())
        .sum();
    assert!(gold_items > 0, "{card}");
    assert_eq!(card["time"]["active_seconds"], 3600, "{card}");
    assert_eq!(card["time"]["documents_timed"], 1);
    assert_eq!(card["time"]["hours"], 1.0);
    assert_eq!(
        card["time"]["gold_items_per_hour"].as_f64(),
        Some(gold_items as f64),
        "one hour of work"
    );

    // Assigning again after an import deals out only the new documents.
    let extra = project.with_file_name("extra.txt");
    std::fs::write(
        &extra,
        "Soldiers were ambushed near Dori on Friday, a resident said.",
    )
    .unwrap();
    assert!(run(&["import", p, s(&extra)]).status.success());
    let again = run(&["assign", p, "--annotators", "ana,ben,chloe"]);
    assert!(
        stdout(&again).contains("assigned 1 new document(s)"),
        "{}",
        stdout(&again)
    );
    let now = assignments(&project);
    for name in ["ana", "ben", "chloe"] {
        assert_eq!(&now.of(name)[..dealt.of(name).len()], dealt.of(name));
    }
}

#[test]
fn a_share_outside_0_to_1_or_a_bad_name_is_refused_and_nothing_written() {
    let (_dir, project) = project_of(3);
    let p = s(&project);
    let bad = run(&["assign", p, "--annotators", "ana,ben", "--overlap", "1.5"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let bad = run(&["assign", p, "--annotators", "ana,../ben"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("annotator name"), "{}", stderr(&bad));
    assert!(!project.join(attest::store::ASSIGNMENTS_FILE).exists());
}

/// Saves `annotator`'s gold mentions (text, label) of the only document.
fn annotate(project: &Path, annotator: &str, marks: &[(&str, &str)]) {
    use attest::model::{Mention, MentionId, Review, Span};
    let (mut opened, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: annotator.into(),
        },
    )
    .expect("test setup");
    let id = opened.documents()[0].id.clone();
    let text = opened.load_text(&id).expect("test setup");
    let mut set = attest::model::AnnotationSet::new(id, annotator);
    let at = jiff::Timestamp::UNIX_EPOCH;
    for (n, (needle, label)) in marks.iter().enumerate() {
        let start = text.find(needle).expect("test setup");
        set.mentions.push(Mention {
            id: MentionId(n as u32 + 1),
            span: Span::new(start, start + needle.len()),
            text: (*needle).to_owned(),
            label: (*label).to_owned(),
            actor: None,
            attributes: Default::default(),
            review: Review::accepted(annotator, at),
        });
    }
    opened.save_annotations(&set).expect("test setup");
}

#[test]
fn alpha_for_three_annotators_matches_the_reference_implementation() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = s(&project);
    assert!(run(&["new", p]).status.success());
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "JNIM attacked Gao and Menaka on Tuesday.").unwrap();
    assert!(run(&["import", p, s(&article)]).status.success());
    annotate(
        &project,
        "ana",
        &[
            ("JNIM", "ARMED_GROUP"),
            ("Gao", "LOCATION"),
            ("Menaka", "LOCATION"),
            ("Tuesday", "DATE"),
        ],
    );
    annotate(
        &project,
        "ben",
        &[
            ("JNIM", "ARMED_GROUP"),
            ("Gao", "LOCATION"),
            ("Menaka", "ARMED_GROUP"),
        ],
    );
    annotate(
        &project,
        "chloe",
        &[
            ("JNIM", "STATE_FORCE"),
            ("Gao", "LOCATION"),
            ("Menaka", "LOCATION"),
            ("Tuesday", "DATE"),
        ],
    );

    let agreed = run(&["agree", p, "ana", "ben", "chloe", "--json"]);
    assert!(agreed.status.success(), "{}", stderr(&agreed));
    let json: serde_json::Value = serde_json::from_str(&stdout(&agreed)).unwrap();
    let alpha = &json["agreement"]["alpha"];
    // The `krippendorff` Python package (0.8), nominal, on the reliability
    // data of the four units (JNIM, Gao, Menaka, Tuesday) by three coders,
    // "none" a value of its own; per label on the binary data.
    let reference = [
        ("overall", 0.365_384_615_384_615_4),
        ("ARMED_GROUP", 0.185_185_185_185_185_23),
        ("LOCATION", 0.685_714_285_714_285_7),
        ("DATE", 0.45),
        ("STATE_FORCE", 0.0),
    ];
    for (name, expected) in reference {
        let got = if name == "overall" {
            alpha["overall"].as_f64()
        } else {
            alpha["per_label"][name].as_f64()
        }
        .unwrap_or_else(|| panic!("{name}: {alpha}"));
        assert!(
            (got - expected).abs() < 1e-9,
            "{name}: {got} against {expected}"
        );
    }
    assert_eq!(alpha["per_document"][0]["units"], 4);

    let table = stdout(&run(&["agree", p, "ana", "ben", "chloe"]));
    assert!(
        table.contains("Krippendorff's alpha, 3 annotator(s)"),
        "{table}"
    );
    assert!(table.contains("0.365"), "{table}");
}

fn gold_mentions(project: &Path) -> Vec<(String, String)> {
    let (mut opened, _) = Project::open(project, OpenMode::ReadOnly).expect("test setup");
    let id = opened.documents()[0].id.clone();
    let mut marks: Vec<(String, String)> = opened
        .load_annotations(&id, "gold")
        .expect("the gold file reads")
        .mentions
        .into_iter()
        // A drop is kept as rejected items, which are no gold.
        .filter(|m| m.review.status.is_gold())
        .map(|m| (m.text, m.label))
        .collect();
    marks.sort();
    marks
}

#[test]
fn curate_merges_what_enough_annotators_agree_on_and_lists_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = s(&project);
    assert!(run(&["new", p]).status.success());
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "JNIM attacked Gao and Menaka on Tuesday.").unwrap();
    assert!(run(&["import", p, s(&article)]).status.success());
    annotate(
        &project,
        "ana",
        &[
            ("JNIM", "ARMED_GROUP"),
            ("Gao", "LOCATION"),
            ("Menaka", "LOCATION"),
        ],
    );
    annotate(
        &project,
        "ben",
        &[
            ("JNIM", "ARMED_GROUP"),
            ("Gao", "LOCATION"),
            ("Menaka", "ARMED_GROUP"),
        ],
    );
    annotate(
        &project,
        "chloe",
        &[
            ("JNIM", "ARMED_GROUP"),
            ("Gao", "FACILITY"),
            ("Tuesday", "DATE"),
        ],
    );

    let unanimous = run(&["curate", p, "--annotator", "lead"]);
    assert!(unanimous.status.success(), "{}", stderr(&unanimous));
    let out = stdout(&unanimous);
    assert!(
        out.contains("1 place(s) all agree on, 0 merged")
            && out.contains("3 disagreement(s) left in 1 document(s)"),
        "{out}"
    );
    assert_eq!(
        gold_mentions(&project),
        [("JNIM".to_owned(), "ARMED_GROUP".to_owned())]
    );

    let majority = run(&["curate", p, "--threshold", "0.66", "--annotator", "lead"]);
    assert!(majority.status.success(), "{}", stderr(&majority));
    let out = stdout(&majority);
    // Gao: 2 of 3 LOCATION; Tuesday: 2 of 3 marked nothing; Menaka: three
    // different versions (LOCATION, ARMED_GROUP, none) stays open.
    assert!(
        out.contains("2 merged") && out.contains("1 disagreement(s) left"),
        "{out}"
    );
    assert_eq!(
        gold_mentions(&project),
        [
            ("Gao".to_owned(), "LOCATION".to_owned()),
            ("JNIM".to_owned(), "ARMED_GROUP".to_owned())
        ]
    );
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));

    for bad in [
        vec!["curate", p, "--threshold", "1.5"],
        vec!["curate", p, "--annotators", "ana,bne"],
    ] {
        let refused = run(&bad);
        assert_eq!(
            refused.status.code(),
            Some(2),
            "{bad:?}: {}",
            stderr(&refused)
        );
    }
    assert!(
        stderr(&run(&["curate", p, "--annotators", "ana,bne"]))
            .contains("annotators: ana, ben, chloe")
    );
}
