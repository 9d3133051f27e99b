//! Coded databases as training data through the real binary: `attest
//! import --format acled-csv` takes coded rows (notes and their coding)
//! as documents, `attest train` learns event types from the coding alone,
//! and once the project's analysts corrected the rules' guess, `attest
//! suggest` types a new note as the coders did. The rows are written here;
//! real coded data is never shipped.

mod util;

use std::path::Path;

use attest::model::{AnnotationSet, Event, EventId, Finished, Review, Span};
use attest::store::{OpenMode, Project};
use util::{run, stderr, stdout};

const PLACES: [&str; 8] = [
    "Dori", "Kaya", "Djibo", "Gao", "Boni", "Tessit", "Sebba", "Titao",
];

/// Coded rows: raids for cattle coded as looting (the rules call them
/// attacks on civilians), clashes coded as battles, and one row without
/// notes on line 3.
fn coded_csv() -> String {
    let mut csv = String::from(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,fatalities,notes\n",
    );
    csv.push_str("BFA0,1-March-2024,Battles,Armed clash,JNIM,,Burkina Faso,Dori,0,\n");
    for (i, place) in PLACES.iter().enumerate() {
        csv.push_str(&format!(
            "BFA{},{}-March-2024,Strategic developments,Looting/property destruction,Unidentified Armed Group (Burkina Faso),Civilians (Burkina Faso),Burkina Faso,{place},0,\"On {} March 2024, gunmen raided {place} and took cattle from villagers.\"\n",
            2 * i + 1,
            i + 2,
            i + 2,
        ));
        csv.push_str(&format!(
            "BFA{},{}-March-2024,Battles,Armed clash,Military Forces of Burkina Faso (2022-),JNIM,Burkina Faso,{place},3,\"On {} March 2024, soldiers clashed with JNIM militants near {place}.\"\n",
            2 * i + 2,
            i + 2,
            i + 2,
        ));
    }
    csv
}

/// `attest suggest` on one note with the project's models: the event of
/// its first trigger, as (type, sub-type, suggester).
fn first_event(project: &str, text: &str) -> (String, String, String) {
    let line = serde_json::json!({ "text": text });
    let done = util::suggest_pipe(&["--project", project], &format!("{line}\n"));
    assert!(done.status.success(), "{}", stderr(&done));
    let record: serde_json::Value =
        serde_json::from_str(stdout(&done).trim()).expect("one JSON record");
    let event = &record["events"][0];
    let field = |key: &str| event[key].as_str().unwrap_or_default().to_owned();
    (field("type"), field("sub_type"), field("suggester"))
}

/// Imports `text` as a plain document and saves the analyst's finished
/// annotation of it: one event on `trigger`, of `(type, sub-type)`.
fn finish_note(project: &Path, text: &str, trigger: &str, (event_type, sub_type): (&str, &str)) {
    let folder = project.with_extension("notes");
    std::fs::create_dir_all(&folder).expect("test setup");
    std::fs::write(folder.join("note.txt"), text).expect("test setup");
    let p = project.to_str().expect("test setup");
    let imported = run(&["import", p, folder.to_str().expect("test setup")]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    let (mut opened, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: "ana".into(),
        },
    )
    .expect("test setup");
    let id = opened
        .documents()
        .iter()
        .find(|d| {
            let meta = opened.document_meta(&d.id).expect("metadata");
            attest::formats::acled::coded::coding_of(&meta).is_none()
        })
        .map(|d| d.id.clone())
        .expect("test setup");
    let at = jiff::Timestamp::UNIX_EPOCH;
    let start = text.find(trigger).expect("test setup");
    let mut set = AnnotationSet::new(id, "ana");
    set.events.push(Event {
        id: EventId(1),
        trigger: Span::new(start, start + trigger.len()),
        trigger_text: trigger.to_owned(),
        event_type: event_type.to_owned(),
        sub_type: Some(sub_type.to_owned()),
        roles: std::collections::BTreeMap::new(),
        review: Review::accepted("ana", at),
    });
    set.finished = Some(Finished {
        by: "ana".into(),
        at,
    });
    opened.save_annotations(&set).expect("test setup");
}

#[test]
fn coded_rows_import_as_documents_and_teach_event_types_without_spans() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let csv = dir.path().join("coded.csv");
    std::fs::write(&csv, coded_csv()).unwrap();

    let imported = run(&["import", p, csv.to_str().unwrap(), "--format", "acled-csv"]);
    let said = format!("{}{}", stdout(&imported), stderr(&imported));
    assert!(said.contains("16 new document(s)"), "{said}");
    assert!(
        said.contains("coded.csv:2") && said.contains("no notes"),
        "the bad row is named by file and line: {said}"
    );
    let (opened, _) = Project::open(&project, OpenMode::ReadOnly).unwrap();
    assert_eq!(opened.documents().len(), 16, "the other rows are kept");
    let coded = opened
        .documents()
        .iter()
        .filter(|d| {
            let meta = opened.document_meta(&d.id).expect("metadata");
            attest::formats::acled::coded::coding_of(&meta).is_some()
        })
        .count();
    assert_eq!(coded, 16);

    let new_note = "On 20 March 2024, gunmen raided Arbinda and took cattle from herders.";
    let before = first_event(p, new_note);
    assert_eq!(
        before.0, "Violence against civilians",
        "the rules: {before:?}"
    );

    let trained = run(&["train", p]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let out = stdout(&trained);
    assert!(out.contains("16 coded document(s)"), "{out}");
    assert!(out.contains("learned:event-type"), "{out}");
    assert!(project.join("models/classifiers.bin").exists());
    assert!(
        !project.join("models/tagger.bin").exists(),
        "no span learner without spans"
    );

    // The archive alone overrules no guess the project's analysts never
    // corrected: it may come from other regions and other coders.
    assert_eq!(first_event(p, new_note), before, "the rules' guess stays");

    // One raid the project's analyst retyped, and the archive's lesson applies.
    finish_note(
        &project,
        "On 19 March 2024, gunmen raided Gorom and took cattle from herders.",
        "raided",
        ("Strategic developments", "Looting/property destruction"),
    );
    let trained = run(&["train", p]);
    assert!(trained.status.success(), "{}", stderr(&trained));
    let after = first_event(p, new_note);
    assert_eq!(
        after,
        (
            "Strategic developments".to_owned(),
            "Looting/property destruction".to_owned(),
            "learned:event-type".to_owned()
        )
    );
    let clash = first_event(
        p,
        "On 21 March 2024, soldiers clashed with JNIM near Arbinda.",
    );
    assert_eq!(clash.0, "Battles", "a right guess stays: {clash:?}");
}
