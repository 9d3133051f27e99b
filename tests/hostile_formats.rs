//! Dataset imports that cannot keep everything say so: each
//! case runs the real binary and asserts the message and the exit status.

// The helpers below are test code as much as the tests (clippy.toml
// allows unwrap in `#[test]` functions only).
#![allow(clippy::unwrap_used)]

mod util;

use std::path::Path;

use util::{run, stderr, stdout};

fn new_project(dir: &Path) -> String {
    let project = dir.join("p");
    let p = project.to_str().unwrap().to_owned();
    assert!(run(&["new", &p]).status.success());
    p
}

fn annotation_file(project: &str, annotator: &str) -> String {
    let folder = Path::new(project).join("annotations").join(annotator);
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    std::fs::read_to_string(file).unwrap()
}

fn brat_pair(dir: &Path, name: &str, text: &str, ann: &str) {
    std::fs::write(dir.join(format!("{name}.txt")), text).unwrap();
    std::fs::write(dir.join(format!("{name}.ann")), ann).unwrap();
}

#[test]
fn brat_with_two_lines_of_one_id_keeps_the_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("brat");
    std::fs::create_dir_all(&data).unwrap();
    brat_pair(
        &data,
        "a",
        "JNIM attacked Djibo.",
        "T1\tARMED_GROUP 0 4\tJNIM\nT1\tLOCATION 14 19\tDjibo\n",
    );
    let import = run(&["import", &p, "--format", "brat", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    assert!(
        message.contains("a.ann:2:") && message.contains("T1") && message.contains("duplicate"),
        "{message}"
    );
    let file = annotation_file(&p, "tester");
    assert!(file.contains("ARMED_GROUP"), "the first T1 is kept: {file}");
    assert!(!file.contains("LOCATION"), "{file}");
}

#[test]
fn a_discontinuous_brat_span_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("brat");
    std::fs::create_dir_all(&data).unwrap();
    brat_pair(
        &data,
        "a",
        "JNIM and ISGS attacked Djibo.",
        "T1\tARMED_GROUP 0 4;9 13\tJNIM ISGS\nT2\tLOCATION 23 28\tDjibo\n",
    );
    let import = run(&["import", &p, "--format", "brat", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    assert!(
        message.contains("a.ann:1:") && message.contains("discontinuous"),
        "{message}"
    );
    let file = annotation_file(&p, "tester");
    assert!(!file.contains("ARMED_GROUP"), "never 0..13: {file}");
    assert!(file.contains("LOCATION"), "the rest is imported: {file}");
}

#[test]
fn brat_texts_without_ann_and_symlinks_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("brat");
    std::fs::create_dir_all(&data).unwrap();
    brat_pair(
        &data,
        "a",
        "JNIM attacked Djibo.",
        "T1\tARMED_GROUP 0 4\tJNIM\n",
    );
    std::fs::write(data.join("lonely.txt"), "No annotations here.").unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    brat_pair(
        &elsewhere,
        "b",
        "ISGS attacked Menaka.",
        "T1\tARMED_GROUP 0 4\tISGS\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(elsewhere.join("b.ann"), data.join("b.ann")).unwrap();
    let import = run(&["import", &p, "--format", "brat", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    assert!(
        message.contains("lonely.txt") && message.contains("no .ann"),
        "{message}"
    );
    #[cfg(unix)]
    assert!(
        message.contains("b.ann") && message.contains("symbolic link"),
        "{message}"
    );
}

/// Spans of an annotator's file of the one document whose text starts with `start`.
fn spans_of(project: &str, annotator: &str, start: &str) -> Vec<(String, String)> {
    let (project, _) =
        attest::store::Project::open(Path::new(project), attest::store::OpenMode::ReadOnly)
            .unwrap();
    let id = project
        .documents()
        .iter()
        .map(|d| d.id.clone())
        .find(|id| project.load_text(id).unwrap().starts_with(start))
        .unwrap();
    let text = project.load_text(&id).unwrap();
    let (set, _) = project.read_annotations(&id, annotator).unwrap();
    let mut spans: Vec<(String, String)> = set
        .mentions
        .iter()
        .map(|m| (m.span.text(&text).unwrap().to_owned(), m.label.clone()))
        .collect();
    spans.sort();
    spans
}

fn pairs(spans: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = spans
        .iter()
        .map(|(t, l)| ((*t).to_owned(), (*l).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// A Label Studio export (the shape its "JSON" export writes) where two
/// people annotated one task: each keeps their own set, none is merged into
/// the other's or into the importing annotator's, and a cancelled
/// annotation is not imported.
#[test]
fn label_studio_annotations_by_several_people_become_several_annotators() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/label-studio-two-annotators.json");
    let import = run(&[
        "import",
        &p,
        "--format",
        "label-studio",
        fixture.to_str().unwrap(),
    ]);
    assert!(import.status.success(), "{}", stderr(&import));
    let message = stderr(&import);
    assert!(
        message.contains("ls-user-2") && message.contains("ls-user-3"),
        "the report says where the records went: {message}"
    );
    let annotators: Vec<String> = std::fs::read_dir(Path::new(&p).join("annotations"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(annotators, ["ls-user-2", "ls-user-3"], "nobody else's file");
    assert_eq!(
        spans_of(&p, "ls-user-2", "Mardi"),
        pairs(&[
            ("JNIM", "ARMED_GROUP"),
            ("Boulkessi", "LOCATION"),
            ("l'armée malienne", "STATE_FORCE")
        ])
    );
    assert_eq!(
        spans_of(&p, "ls-user-3", "Mardi"),
        pairs(&[
            ("JNIM", "ARMED_GROUP"),
            ("camp militaire de Boulkessi", "LOCATION")
        ])
    );
    assert_eq!(
        spans_of(&p, "ls-user-2", "Des hommes"),
        pairs(&[
            ("Des hommes armés", "ARMED_GROUP"),
            ("Djibo", "LOCATION"),
            ("un habitant", "PERSON")
        ])
    );
    assert!(spans_of(&p, "ls-user-3", "Des hommes").is_empty());
    // The two sets are two opinions that agreement can compare.
    let agree = run(&["agree", &p, "ls-user-2", "ls-user-3"]);
    assert!(agree.status.success(), "{}", stderr(&agree));
    let again = run(&[
        "import",
        &p,
        "--format",
        "label-studio",
        fixture.to_str().unwrap(),
    ]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).contains("0 item(s) added"),
        "a second import adds nothing: {}",
        stdout(&again)
    );
}

/// One person's two annotations of a task are two drafts, not one gold:
/// the first is kept and the other reported, never merged into it.
#[test]
fn label_studio_annotations_by_one_person_are_not_merged_silently() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("ls.json");
    let result = |id: &str, start: usize, end: usize, label: &str| {
        format!(
            r#"{{"id": "{id}", "type": "labels", "from_name": "label", "to_name": "text", "value": {{"start": {start}, "end": {end}, "labels": ["{label}"]}}}}"#
        )
    };
    std::fs::write(
        &data,
        format!(
            r#"[{{"id": 1, "data": {{"text": "JNIM attacked Djibo."}}, "annotations": [
                {{"id": 10, "completed_by": 2, "result": [{}]}},
                {{"id": 11, "completed_by": 2, "result": [{}]}}
            ]}}]"#,
            result("a", 0, 4, "ARMED_GROUP"),
            result("b", 0, 4, "PERSON")
        ),
    )
    .unwrap();
    let import = run(&[
        "import",
        &p,
        "--format",
        "label-studio",
        data.to_str().unwrap(),
    ]);
    let message = stderr(&import);
    assert!(!import.status.success(), "{}", stdout(&import));
    assert!(
        message.contains("2 annotations") && message.contains("ls.json"),
        "{message}"
    );
    let file = annotation_file(&p, "tester");
    assert!(
        file.contains("ARMED_GROUP") && !file.contains("PERSON"),
        "the first is kept, the second not merged into it: {file}"
    );
}

#[test]
fn duplicate_mention_ids_in_jsonl_are_reported_and_roles_bind_to_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("d.jsonl");
    std::fs::write(
        &data,
        r#"{"text": "JNIM attacked Djibo.", "mentions": [{"id": "m1", "start": 0, "end": 4, "label": "ARMED_GROUP"}, {"id": "m1", "start": 14, "end": 19, "label": "LOCATION"}], "events": [{"id": "e1", "trigger": {"start": 5, "end": 13}, "type": "Battles", "roles": {"agent": ["m1"]}}]}
"#,
    )
    .unwrap();
    let import = run(&["import", &p, "--format", "jsonl", data.to_str().unwrap()]);
    let message = stderr(&import);
    assert!(!import.status.success(), "{}", stdout(&import));
    assert!(
        message.contains("d.jsonl:1:") && message.contains("duplicate mention id m1"),
        "{message}"
    );
    let file = annotation_file(&p, "tester");
    assert!(
        !file.contains("LOCATION"),
        "the second m1 is not kept: {file}"
    );
    assert!(
        file.contains("\"agent\""),
        "the role binds to the first m1: {file}"
    );
}

#[test]
fn conll_u_is_read_by_its_form_and_ner_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("d.conllu");
    std::fs::write(
        &data,
        "# newdoc id = d1\n# sent_id = 1\n# text = JNIM attacked Djibo.\n\
         1\tJNIM\tJNIM\tPROPN\t_\t_\t2\tnsubj\t_\tNER=B-ARMED_GROUP\n\
         2-3\tattacked\t_\t_\t_\t_\t_\t_\t_\t_\n\
         2\tattacked\tattack\tVERB\t_\t_\t0\troot\t_\t_\n\
         3\tDjibo\tDjibo\tPROPN\t_\t_\t2\tobj\t_\tNER=B-LOCATION|SpaceAfter=No\n\
         4\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_\n\n\
         # newdoc id = d2\n\
         1\tISGS\tISGS\tPROPN\t_\t_\t2\tnsubj\t_\tB-ARMED_GROUP\n\
         2\tfled\tflee\tVERB\t_\t_\t0\troot\t_\t_\n",
    )
    .unwrap();
    let import = run(&["import", &p, "--format", "conll", data.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
    assert_eq!(
        spans_of(&p, "tester", "JNIM"),
        pairs(&[("JNIM", "ARMED_GROUP"), ("Djibo", "LOCATION")])
    );
    assert_eq!(
        spans_of(&p, "tester", "ISGS"),
        pairs(&[("ISGS", "ARMED_GROUP")])
    );
}

#[test]
fn prodigy_tokens_that_leave_out_text_never_cut_it_from_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("d.jsonl");
    std::fs::write(
        &data,
        r#"{"text": "JNIM attacked Djibo. Three soldiers died.", "tokens": [{"text": "JNIM", "start": 0, "end": 4, "id": 0}, {"text": "attacked", "start": 5, "end": 13, "id": 1}, {"text": "Djibo", "start": 14, "end": 19, "id": 2}], "spans": [{"start": 0, "end": 4, "label": "ARMED_GROUP"}], "answer": "accept"}
"#,
    )
    .unwrap();
    let import = run(&["import", &p, "--format", "prodigy", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    assert!(
        stderr(&import).contains("d.jsonl:1:") && stderr(&import).contains("tokens leave out text"),
        "{}",
        stderr(&import)
    );
    let out = dir.path().join("out");
    let export = run(&[
        "export",
        &p,
        "--format",
        "conll",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(export.status.success(), "{}", stderr(&export));
    let conll = std::fs::read_to_string(out.join("all.conll")).unwrap();
    for word in ["JNIM B-ARMED_GROUP", "Djibo O", "soldiers O", "died O"] {
        assert!(conll.contains(word), "{word}: {conll}");
    }
}

#[cfg(unix)]
#[test]
fn a_brat_text_or_annotation_that_is_a_link_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let data = dir.path().join("brat");
    std::fs::create_dir_all(&data).unwrap();
    let outside = dir.path().join("outside.txt");
    std::fs::write(&outside, "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::fs::write(data.join("doc.ann"), "T1\tPERSON 0 4\troot\n").unwrap();
    std::os::unix::fs::symlink(&outside, data.join("doc.txt")).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    brat_pair(
        &elsewhere,
        "b",
        "ISGS attacked Menaka.",
        "T1\tARMED_GROUP 0 4\tISGS\n",
    );
    std::fs::write(data.join("b.txt"), "ISGS attacked Menaka.").unwrap();
    std::os::unix::fs::symlink(elsewhere.join("b.ann"), data.join("b.ann")).unwrap();
    let doc_ann = data.join("doc.ann");
    let b_ann = data.join("b.ann");
    for paths in [
        vec![data.as_path()],
        vec![doc_ann.as_path()],
        vec![b_ann.as_path()],
    ] {
        let mut args = vec!["import", p.as_str(), "--format", "brat"];
        args.extend(paths.iter().map(|p| p.to_str().unwrap()));
        let import = run(&args);
        assert!(!import.status.success(), "{paths:?}: {}", stdout(&import));
        let message = stderr(&import);
        assert!(message.contains("symbolic link"), "{paths:?}: {message}");
        assert!(
            stdout(&import).contains("0 new document(s)"),
            "{paths:?}: {}",
            stdout(&import)
        );
    }
    let (project, _) =
        attest::store::Project::open(Path::new(&p), attest::store::OpenMode::ReadOnly).unwrap();
    assert!(project.documents().is_empty());
}

/// A span that ends between a letter and its combining accent, or inside
/// an emoji sequence, would export half a character: such an item is
/// refused by its id and line (not snapped: a moved edge would be a label
/// nobody gave), the record's other items come in, and the export holds
/// only whole characters.
#[test]
fn a_span_that_splits_a_character_cluster_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    // "Me\u{301}naka": the accent is its own code point (4 is inside "é").
    // The firefighter emoji is woman, ZWJ, fire engine: 3 code points.
    let text = "JNIM attacked Me\u{301}naka and \u{1f469}\u{200d}\u{1f692} fled.";
    let record = serde_json::json!({
        "text": text,
        "mentions": [
            {"id": "m1", "start": 0, "end": 4, "label": "ARMED_GROUP"},
            {"id": "m2", "start": 14, "end": 16, "label": "LOCATION"},
            {"id": "m3", "start": 14, "end": 21, "label": "LOCATION"},
            {"id": "m4", "start": 26, "end": 27, "label": "PERSON"},
        ]
    });
    let data = dir.path().join("d.jsonl");
    std::fs::write(&data, format!("{record}\n")).unwrap();
    let import = run(&["import", &p, "--format", "jsonl", data.to_str().unwrap()]);
    assert!(!import.status.success(), "{}", stdout(&import));
    let message = stderr(&import);
    for refused in ["mention m2", "mention m4"] {
        assert!(
            message.contains(&format!("d.jsonl:1: {refused}"))
                && message.contains("cut the character"),
            "{refused}: {message}"
        );
    }
    assert!(
        !message.contains("mention m1") && !message.contains("mention m3"),
        "{message}"
    );
    let out = dir.path().join("out");
    let export = run(&[
        "export",
        &p,
        "--format",
        "jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(export.status.success(), "{}", stderr(&export));
    let exported = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(exported.contains("Me\u{301}naka"), "{exported}");
    let line: serde_json::Value = serde_json::from_str(exported.lines().next().unwrap()).unwrap();
    let spans: Vec<(u64, u64)> = line["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()))
        .collect();
    assert_eq!(spans, [(0, 4), (14, 21)]);
}

/// A span already in a project that cuts a character apart (a file edited
/// by hand, or written before imports refused it) is named by `check` and
/// listed, not written, by an export.
#[test]
fn a_span_in_the_project_that_splits_a_character_is_never_exported() {
    let dir = tempfile::tempdir().unwrap();
    let p = new_project(dir.path());
    let record = serde_json::json!({
        "text": "JNIM attacked Me\u{301}naka.",
        "mentions": [{"id": "m1", "start": 14, "end": 21, "label": "LOCATION"}]
    });
    let data = dir.path().join("d.jsonl");
    std::fs::write(&data, format!("{record}\n")).unwrap();
    let import = run(&["import", &p, "--format", "jsonl", data.to_str().unwrap()]);
    assert!(import.status.success(), "{}", stderr(&import));
    // Bytes 14..22 hold "Me\u{301}naka"; 14..16 ends between "e" and its accent.
    let folder = Path::new(&p).join("annotations/tester");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .next()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("(14,22)"), "{text}");
    std::fs::write(&file, text.replace("(14,22)", "(14,16)")).unwrap();
    let check = run(&["check", &p]);
    assert!(!check.status.success(), "{}", stdout(&check));
    assert!(
        stdout(&check).contains("cuts the character"),
        "{}",
        stdout(&check)
    );
    let out = dir.path().join("out");
    let export = run(&[
        "export",
        &p,
        "--format",
        "jsonl",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        stderr(&export).contains("cuts the character"),
        "{}",
        stderr(&export)
    );
    let exported = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(!exported.contains("LOCATION"), "{exported}");
}
