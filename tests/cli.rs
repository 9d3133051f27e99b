//! The CLI, run as a real binary in temporary folders.

mod util;

use util::{files_below, project_with_sample, run, stderr, stdout};

#[test]
fn new_and_import_create_the_layout_and_a_second_import_adds_nothing() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let files = files_below(&project);
    assert_eq!(files.len(), 6, "{files:?}");
    assert!(files.contains(&"project.ron".to_owned()));
    assert!(files.contains(&"guidelines.md".to_owned()));
    assert!(files.contains(&".gitignore".to_owned()));
    assert!(files.contains(&".gitattributes".to_owned()));
    let text_file = files.iter().find(|f| f.ends_with(".txt")).unwrap();
    let meta_file = files
        .iter()
        .find(|f| f.starts_with("documents/") && f.ends_with(".ron"))
        .unwrap();
    assert!(text_file.starts_with("documents/"));

    let again = run(&["import", p, util::sample_path().to_str().unwrap()]);
    assert!(again.status.success());
    assert!(
        stdout(&again).contains("imported 0 new document(s), 1 already present"),
        "{}",
        stdout(&again)
    );
    assert_eq!(files_below(&project), files, "nothing added");

    let body = std::fs::read_to_string(project.join(text_file)).unwrap();
    assert!(!body.contains("sd-mk-lp-bdi-bfm/sbk"));
    assert!(body.starts_with("Jihadists have attacked"));
    let meta = std::fs::read_to_string(project.join(meta_file)).unwrap();
    assert!(
        meta.contains("sign_off: Some(\"sd-mk-lp-bdi-bfm/sbk\")"),
        "{meta}"
    );
}

#[test]
fn bad_files_are_reported_one_line_each_and_the_good_one_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let latin1 = dir.path().join("bamako-latin1.txt");
    std::fs::write(&latin1, b"L'arm\xe9e malienne a confirm\xe9 l'attaque.\n").unwrap();
    let png = dir.path().join("map.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let good = util::sample_path();
    let output = run(&[
        "import",
        p,
        latin1.to_str().unwrap(),
        png.to_str().unwrap(),
        good.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert!(
        !output.status.success(),
        "a failed file makes the exit status non-zero"
    );
    let errors: Vec<String> = stderr(&output)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(str::to_owned)
        .collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].contains("bamako-latin1.txt") && errors[0].contains("not UTF-8"));
    assert!(errors[1].contains("map.png") && errors[1].contains("PNG image"));
    assert!(errors[2].contains("empty.txt") && errors[2].contains("empty"));
    assert!(stdout(&output).contains("imported 1 new document(s)"));
    let stats = run(&["stats", p, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["stats"]["documents"], 1);
}

#[test]
fn check_reports_corrupt_files_by_line_and_stats_still_reports_the_rest() {
    let (dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let second = dir.path().join("second.txt");
    std::fs::write(
        &second,
        "Ansarul Islam fighters ambushed a patrol near Djibo on Monday, the army said.\n",
    )
    .unwrap();
    assert!(
        run(&["import", p, second.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        run(&["check", p]).status.success(),
        "a fresh project checks clean"
    );

    // Break the first document's metadata on its third line.
    let docs = project.join("documents");
    let mut metas: Vec<_> = std::fs::read_dir(&docs)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    metas.sort();
    let broken = &metas[0];
    let text = std::fs::read_to_string(broken).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[2].trim_start().starts_with("title:"), "{text}");
    lines[2] = "    title: 42,";
    std::fs::write(broken, lines.join("\n")).unwrap();
    // And write an annotation file whose mention does not fit its document.
    let other_id = metas[1].file_stem().unwrap().to_str().unwrap();
    let other_text = std::fs::read_to_string(docs.join(format!("{other_id}.txt"))).unwrap();
    let annotations = project.join("annotations/tester");
    std::fs::create_dir_all(&annotations).unwrap();
    std::fs::write(
        annotations.join(format!("{other_id}.ron")),
        format!(
            "(\n    document: \"{other_id}\",\n    annotator: \"tester\",\n    mentions: [\n        (\n            id: 1,\n            span: (start_byte: 0, end_byte: 7),\n            text: \"JNIM!!!\",\n            label: \"ARMED_GROUP\",\n            review: (status: Accepted, by: \"tester\", at: \"2026-11-24T10:00:00Z\"),\n        ),\n    ],\n)\n"
        ),
    )
    .unwrap();

    let check = run(&["check", p]);
    assert!(!check.status.success());
    let out = stdout(&check);
    let broken_name = broken.display().to_string();
    assert!(
        out.lines()
            .any(|l| l.starts_with(&format!("{broken_name}:3: "))),
        "path:line for the broken metadata in:\n{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.contains(&format!("{other_id}.ron:6: "))
                && l.contains(&format!("its span covers {:?}", &other_text[..7]))),
        "path:line for the mention that does not fit in:\n{out}"
    );

    let stats = run(&["stats", p, "--json"]);
    // A document left out for corruption fails the command.
    assert!(!stats.status.success());
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(
        json["stats"]["documents"], 1,
        "the readable document is still reported"
    );
    assert_eq!(
        json["stats"]["annotators"]["tester"]["mentions"]["ARMED_GROUP"]["accepted"],
        1
    );
    assert!(
        stderr(&stats).contains(&broken_name),
        "the broken file is named in a warning"
    );
}

#[test]
fn a_project_from_a_newer_version_is_refused_for_writing_and_for_reading() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let project_file = project.join("project.ron");
    let text = std::fs::read_to_string(&project_file).unwrap();
    std::fs::write(
        &project_file,
        text.replace(
            &format!("format_version: {},", attest::model::FORMAT_VERSION),
            "format_version: 99,",
        ),
    )
    .unwrap();
    let before = std::fs::read(&project_file).unwrap();
    let import = run(&["import", p, util::sample_path().to_str().unwrap()]);
    assert!(!import.status.success());
    assert!(
        stderr(&import).contains("newer Attest (format version 99"),
        "{}",
        stderr(&import)
    );
    assert_eq!(
        std::fs::read(&project_file).unwrap(),
        before,
        "never overwritten"
    );
    // Read, it could be counted wrongly (a field this build drops).
    let stats = run(&["stats", p]);
    assert!(!stats.status.success(), "{}", stdout(&stats));
    assert!(stderr(&stats).contains("newer Attest (format version 99"));
}

#[test]
fn a_second_writer_is_told_who_holds_the_project() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    // This test process holds the project open for writing as ana.
    let _held = attest::store::ProjectLock::acquire(&project, "ana").unwrap();
    let import = run(&["import", p, util::sample_path().to_str().unwrap()]);
    assert!(!import.status.success());
    let message = stderr(&import);
    assert!(
        message.contains("open in another Attest (annotator ana in process"),
        "{message}"
    );
    assert!(message.trim_end().ends_with(".attest.lock"), "{message}");
}

#[test]
fn annotator_comes_from_flag_then_environment() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    let bad = run(&[
        "import",
        p,
        "--annotator",
        "../escape",
        util::sample_path().to_str().unwrap(),
    ]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("annotator name"), "{}", stderr(&bad));
}

#[test]
fn jsonl_articles_and_folders_import() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(run(&["new", p]).status.success());
    let batch = dir.path().join("batch");
    std::fs::create_dir_all(batch.join("fr")).unwrap();
    std::fs::write(
        batch.join("records.jsonl"),
        "{\"text\": \"Le JNIM a revendiqué l’attaque de Ménaka.\", \"meta\": {\"source\": \"RFI\"}}\n{broken\n",
    )
    .unwrap();
    std::fs::write(batch.join("fr/a.txt"), "« Des hommes armés ont attaqué Tillabéri », selon l’armée nigérienne et des habitants de la région.").unwrap();
    let output = run(&["import", p, batch.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("records.jsonl:2:"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).contains("imported 2 new document(s)"));
    let stats = run(&["stats", p, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
    assert_eq!(json["stats"]["languages"]["fr"], 2);
}

#[test]
fn the_gui_command_explains_itself_in_a_headless_build() {
    if cfg!(feature = "gui") {
        return;
    }
    let output = run(&["open", "somewhere"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("no GUI"));
}

#[test]
fn schema_rename_label_renames_everywhere_or_refuses_and_changes_nothing() {
    let (_dir, project) = project_with_sample();
    let p = project.to_str().unwrap();
    for annotator in ["ana", "gold"] {
        let suggested = run(&["suggest", p, "--annotator", annotator]);
        assert!(suggested.status.success(), "{}", stderr(&suggested));
    }
    let annotations = |name: &str| {
        let folder = project.join("annotations").join(name);
        let file = std::fs::read_dir(folder).unwrap().next().unwrap().unwrap();
        std::fs::read_to_string(file.path()).unwrap()
    };
    assert!(annotations("gold").contains("\"ARMED_GROUP\""));
    let before = (annotations("ana"), annotations("gold"));

    let onto = run(&["schema", "rename-label", p, "ARMED_GROUP", "STATE_FORCE"]);
    assert!(!onto.status.success());
    assert!(
        stderr(&onto).contains("already exists"),
        "{}",
        stderr(&onto)
    );
    assert_eq!((annotations("ana"), annotations("gold")), before);

    let renamed = run(&["schema", "rename-label", p, "ARMED_GROUP", "NSAG"]);
    assert!(renamed.status.success(), "{}", stderr(&renamed));
    assert!(stdout(&renamed).contains("renamed ARMED_GROUP to NSAG"));
    for name in ["ana", "gold"] {
        let text = annotations(name);
        assert!(
            !text.contains("ARMED_GROUP") && text.contains("\"NSAG\""),
            "{name}"
        );
    }
    let check = run(&["check", p]);
    assert!(check.status.success(), "{}", stdout(&check));
}
