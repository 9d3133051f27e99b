//! The workspace driven through the real app with egui_kittest: keys,
//! clicks and a text selection, then the state and the files on disk.
#![cfg(feature = "gui")]

mod util;

use std::path::Path;

use attest::model::{AnnotationSet, ClaimSource, DocumentId, ItemRef, Status};
use attest::ui::{AttestApp, Launch, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const ANNOTATOR: &str = "ana";

fn app_on(project: &Path) -> AttestApp {
    AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(project.to_owned()),
            annotator: Some(ANNOTATOR.to_owned()),
            fallback_annotator: "nobody".to_owned(),
        },
    )
}

fn harness(app: AttestApp) -> Harness<'static, AttestApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(|ui, app: &mut AttestApp| app.frame_ui(ui), app)
}

/// The current document's annotations, the time spent on it left out (the
/// harness's clock moves with every frame; it is tested on its own).
fn annotations(harness: &Harness<'_, AttestApp>) -> AnnotationSet {
    let workspace = harness.state().workspace().expect("a project is open");
    let mut set = workspace
        .docs
        .current()
        .expect("a document is open")
        .annotations
        .clone();
    set.active_seconds = 0;
    set
}

fn mention_by_text<'a>(set: &'a AnnotationSet, text: &str) -> &'a attest::model::Mention {
    set.mentions
        .iter()
        .find(|m| m.text == text)
        .unwrap_or_else(|| panic!("no mention {text:?}"))
}

fn claim_by_cue<'a>(set: &'a AnnotationSet, cue: &str) -> &'a attest::model::Claim {
    set.claims
        .iter()
        .find(|c| c.cue_text == cue)
        .unwrap_or_else(|| panic!("no claim {cue:?}"))
}

/// Selects `needle` in the article as a mouse drag would: the paragraph's
/// text widget gets focus and a selection.
fn select_text(
    harness: &mut Harness<'_, AttestApp>,
    document: &DocumentId,
    text: &str,
    needle: &str,
) {
    set_selection(harness, document, text, needle);
    harness.run();
}

/// [`select_text`] without waiting for the UI to settle (background
/// training keeps it repainting).
fn set_selection(
    harness: &mut Harness<'_, AttestApp>,
    document: &DocumentId,
    text: &str,
    needle: &str,
) {
    let (index, line) = text
        .split('\n')
        .enumerate()
        .find(|(_, line)| line.contains(needle))
        .expect("needle in text");
    let start = line[..line.find(needle).expect("needle in line")]
        .chars()
        .count();
    let end = start + needle.chars().count();
    let id = attest::ui::paragraph_id(document, index);
    let ctx = harness.ctx.clone();
    let mut state = egui::text_edit::TextEditState::load(&ctx, id).expect("the paragraph is drawn");
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::two(
            egui::text::CCursor::new(start),
            egui::text::CCursor::new(end),
        )));
    state.store(&ctx, id);
    ctx.memory_mut(|m| m.request_focus(id));
}

/// Steps frames until the app's background work (statistics, review,
/// export) has delivered, then lets the UI settle.
fn wait_for_background_work(harness: &mut Harness<'_, AttestApp>) {
    for _ in 0..1000 {
        harness.run_steps(1);
        if !harness.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(!harness.state().is_busy(), "the background work finished");
    harness.run();
}

#[test]
fn an_analyst_clears_suggestions_corrects_a_claim_and_adds_a_mention_from_the_keyboard() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();

    let workspace = harness
        .state()
        .workspace()
        .expect("the demo project opened");
    let document = workspace
        .docs
        .current_id()
        .expect("first document selected")
        .clone();
    let text = workspace.docs.current().unwrap().document.text.clone();
    let first_focus = workspace.docs.focus.expect("focus on the first suggestion");
    let suggested = &workspace.docs.current().unwrap().annotations;
    assert!(
        suggested.mentions.len() > 20,
        "the article was suggested on first opening"
    );
    assert_eq!(claim_by_cue(suggested, "were claimed by").stance, "Claimed");
    let first = annotations(&harness);
    let first_review = |set: &AnnotationSet| match first_focus {
        ItemRef::Mention(id) => set.mention(id).unwrap().review.status.clone(),
        ItemRef::Event(id) => set.event(id).unwrap().review.status.clone(),
        ItemRef::Claim(id) => set.claim(id).unwrap().review.status.clone(),
    };
    assert!(first_review(&first).is_open());

    // A accepts the focused suggestion; focus moves to the next open one.
    harness.key_press(egui::Key::A);
    harness.run();
    assert_eq!(first_review(&annotations(&harness)), Status::Accepted);
    let second_focus = harness
        .state()
        .workspace()
        .unwrap()
        .docs
        .focus
        .expect("moved on");
    assert_ne!(second_focus, first_focus);

    // X rejects the next one.
    harness.key_press(egui::Key::X);
    harness.run();
    let set = annotations(&harness);
    let rejected = match second_focus {
        ItemRef::Mention(id) => set.mention(id).unwrap().review.status.clone(),
        ItemRef::Event(id) => set.event(id).unwrap().review.status.clone(),
        ItemRef::Claim(id) => set.claim(id).unwrap().review.status.clone(),
    };
    assert_eq!(rejected, Status::Rejected);

    // Move with J to the army's claim and correct its stance in the inspector.
    let army_claim = ItemRef::Claim(claim_by_cue(&annotations(&harness), "confirmed").id);
    for _ in 0..200 {
        if harness.state().workspace().unwrap().docs.focus == Some(army_claim) {
            break;
        }
        harness.key_press(egui::Key::J);
        harness.run();
    }
    assert_eq!(
        harness.state().workspace().unwrap().docs.focus,
        Some(army_claim)
    );
    harness.get_by_label("Alleged").click();
    harness.run();
    let confirmed = claim_by_cue(&annotations(&harness), "confirmed").clone();
    assert_eq!(confirmed.stance, "Alleged");
    assert_eq!(confirmed.review.status, Status::Corrected);
    assert!(
        matches!(confirmed.source, Some(ClaimSource::Mention(_))),
        "source kept"
    );

    // Select "the village", which no suggester proposed, and press 5 (LOCATION).
    select_text(&mut harness, &document, &text, "the village");
    harness.key_press(egui::Key::Num5);
    harness.run();
    let village = mention_by_text(&annotations(&harness), "the village").clone();
    assert_eq!(village.label, "LOCATION");
    assert_eq!(village.review.status, Status::Accepted);
    assert_eq!(village.review.proposed, None, "made by the analyst");

    // Undo removes it, redo brings it back.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        annotations(&harness)
            .mentions
            .iter()
            .all(|m| m.text != "the village")
    );
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(
        mention_by_text(&annotations(&harness), "the village").id,
        village.id
    );

    // Autosave writes within the delay (each step is a quarter second).
    harness.run_steps(10);
    let file = project
        .join("annotations")
        .join(ANNOTATOR)
        .join(format!("{document}.ron"));
    let mut on_disk: AnnotationSet =
        ron::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(on_disk.active_seconds > 0, "the time spent is saved too");
    on_disk.active_seconds = 0;
    let mut in_memory = annotations(&harness);
    in_memory.sort();
    assert_eq!(on_disk, in_memory);
    assert_eq!(mention_by_text(&on_disk, "the village").label, "LOCATION");
    assert_eq!(claim_by_cue(&on_disk, "confirmed").stance, "Alleged");

    // Close and reopen: the same state.
    drop(harness);
    let mut reopened = self::harness(app_on(&project));
    reopened.run();
    assert_eq!(annotations(&reopened), on_disk);
}

#[test]
fn shortcuts_are_listed_in_the_help_overlay_and_the_title_names_the_project() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    assert_eq!(harness.state().window_title(), "Attest — Sahel demo");
    assert!(harness.query_by_label("Ctrl+Shift+Z or Ctrl+Y").is_none());
    harness.key_press(egui::Key::Questionmark);
    harness.run();
    harness.get_by_label("Ctrl+Shift+Z or Ctrl+Y");
    harness.get_by_label("A or Enter");
    harness.get_by_label("Shift+Delete");
    harness.get_by_label("While curating (F7)");
    harness.get_by_label("take that annotator's version");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert!(
        harness.query_by_label("A or Enter").is_none(),
        "Esc closes the list"
    );
}

#[test]
fn f1_opens_the_guidelines_at_the_focused_label_and_they_are_edited_in_the_window() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    wait_for_background_work(&mut harness);
    let set = annotations(&harness);
    let jnim = set
        .mentions
        .iter()
        .find(|m| m.text == "JNIM" && m.label == "ARMED_GROUP")
        .expect("JNIM suggested");
    focus_with_j(&mut harness, ItemRef::Mention(jnim.id));
    harness.key_press(egui::Key::F1);
    harness.run();
    // The schema's definition, then the guidelines' ARMED_GROUP section.
    harness.get_by_label_contains("ARMED_GROUP: Non-state armed group");
    harness.get_by_label_contains("Dan Na Ambassagou");
    assert!(
        harness.query_by_label_contains("Boulkessi").is_none(),
        "the FACILITY section is not shown"
    );
    // Another item's label opens its own section.
    let place = set
        .mentions
        .iter()
        .find(|m| m.label == "LOCATION")
        .expect("a place suggested");
    harness.key_press(egui::Key::Escape);
    harness.run();
    focus_with_j(&mut harness, ItemRef::Mention(place.id));
    harness
        .get_by_label_contains("Guidelines: LOCATION (F1)")
        .click();
    harness.run();
    harness.get_by_label_contains("A nationality is not a LOCATION");

    // Edited in the window and saved to guidelines.md.
    harness.get_by_label("Edit the guidelines").click();
    harness.run();
    let editor = egui::accesskit::Role::MultilineTextInput;
    harness
        .get_by_role_and_label(editor, "Guidelines (Markdown)")
        .focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::End);
    harness
        .get_by_role_and_label(editor, "Guidelines (Markdown)")
        .type_text("\n### RUMOUR\n\nHearsay with no named source.\n");
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("guidelines.md");
    let written = std::fs::read_to_string(project.join("guidelines.md")).unwrap();
    assert!(
        written.contains("### RUMOUR\n\nHearsay with no named source.")
            && written.contains("### ARMED_GROUP"),
        "{written}"
    );
    assert_eq!(
        attest::model::guidelines::section(&written, "rumour").map(str::trim_end),
        Some("### RUMOUR\n\nHearsay with no named source.")
    );
}

#[test]
fn a_typed_path_opens_a_project_when_no_dialog_is_available() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(project.join("does-not-exist")),
            annotator: Some(ANNOTATOR.to_owned()),
            fallback_annotator: "nobody".to_owned(),
        },
    ));
    harness.run();
    assert!(harness.state().workspace().is_none(), "start screen");
    harness.get_by_label_contains("not an Attest project");
    let wrong = project.join("does-not-exist").display().to_string();
    harness.get_all_by_value(&wrong).next().unwrap().focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_all_by_value(&wrong)
        .next()
        .unwrap()
        .type_text(&project.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    let workspace = harness
        .state()
        .workspace()
        .expect("opened from the typed path");
    assert_eq!(workspace.project.documents().len(), 1);
    assert_eq!(
        harness.state().prefs().recent.len(),
        1,
        "remembered as recent"
    );
}

#[test]
fn suggesting_in_all_documents_fills_every_annotation_file() {
    let (dir, project) = util::copy_of_demo_project();
    let articles = dir.path().join("more");
    std::fs::create_dir_all(&articles).unwrap();
    std::fs::write(
        articles.join("niger.txt"),
        "Suspected jihadists killed 12 soldiers near Tillabéri on Monday, Niger's army said.",
    )
    .unwrap();
    std::fs::write(
        articles.join("burkina.txt"),
        "Des hommes armés ont attaqué Djibo mardi, selon des habitants. L'attaque a été revendiquée par le JNIM.",
    )
    .unwrap();
    let imported = util::run(&[
        "import",
        project.to_str().unwrap(),
        articles.to_str().unwrap(),
    ]);
    assert!(imported.status.success(), "{}", util::stderr(&imported));

    let mut harness = harness(app_on(&project));
    harness.run();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    harness.run_steps(20);
    let workspace = harness.state().workspace().unwrap();
    assert_eq!(workspace.learning.suggest_all_progress(), None, "finished");
    for entry in workspace.project.documents() {
        let summary = &workspace.list.summaries[&entry.id];
        assert!(
            summary.open_suggestions > 0,
            "{} has suggestions",
            summary.title
        );
        let file = workspace.project.annotations_path(&entry.id, ANNOTATOR);
        assert!(file.exists(), "{} was saved", file.display());
    }
    harness.get_by_label_contains("candidate(s) in 3 document(s), 0 error(s)");
}

#[test]
fn a_label_key_with_text_selected_labels_the_selection_never_the_focused_item() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let workspace = harness
        .state()
        .workspace()
        .expect("the demo project opened");
    let document = workspace.docs.current_id().expect("a document").clone();
    let text = workspace.docs.current().unwrap().document.text.clone();
    let aes = mention_by_text(&annotations(&harness), "AES").clone();
    focus_with_j(&mut harness, ItemRef::Mention(aes.id));

    select_text(&mut harness, &document, &text, "separatist movements");
    // A real key press also types its character into the widget that has
    // the keyboard (the paragraph holding the selection), and the window
    // system may deliver the typed text a frame before the key: the text
    // must not replace the selection the key is meant for.
    harness.event(egui::Event::Text("1".into()));
    harness.run();
    harness.key_press(egui::Key::Num1);
    harness.run();

    let set = annotations(&harness);
    let still = set.mention(aes.id).expect("AES is still there");
    assert_eq!(
        (still.label.as_str(), &still.review.status),
        (aes.label.as_str(), &aes.review.status),
        "the focused item is left alone"
    );
    let made = mention_by_text(&set, "separatist movements");
    assert_eq!(made.label, "ARMED_GROUP");
    assert_eq!(made.review.status, Status::Accepted);
}

#[test]
fn a_selection_can_be_labelled_from_the_palette_with_the_mouse() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let workspace = harness.state().workspace().unwrap();
    let document = workspace.docs.current_id().unwrap().clone();
    let text = workspace.docs.current().unwrap().document.text.clone();
    assert!(
        harness.query_by_label("Label the selection:").is_none(),
        "no palette without a selection"
    );
    select_text(&mut harness, &document, &text, "motorcycles");
    harness.get_by_label("Label the selection:");
    harness.get_by_label("ORGANIZATION").click();
    harness.run();
    let created = mention_by_text(&annotations(&harness), "motorcycles").clone();
    assert_eq!(created.label, "ORGANIZATION");
    assert_eq!(created.review.status, Status::Accepted);
    assert!(
        harness.query_by_label("Label the selection:").is_none(),
        "the selection is used up"
    );
}

#[test]
fn a_failed_save_is_shown_kept_in_memory_and_retried() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    // Let the suggestions made on opening be saved, then block the folder.
    harness.run_steps(10);
    let folder = project.join("annotations").join(ANNOTATOR);
    let saved = std::fs::read(
        std::fs::read_dir(&folder)
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path(),
    )
    .unwrap();
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, b"a file where the folder should be").unwrap();

    harness.key_press(egui::Key::A);
    harness.run_steps(10);
    harness.get_by_label_contains("Save failed, retrying");
    let accepted = annotations(&harness);
    assert!(
        harness.state().workspace().unwrap().docs.has_unsaved(),
        "the edit stays in memory"
    );

    // Closing the window now would lose the edit: the close is cancelled.
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    let cancelled = harness.output().viewport_output[&egui::ViewportId::ROOT]
        .commands
        .contains(&egui::ViewportCommand::CancelClose);
    assert!(cancelled, "the window stays open while edits are unsaved");
    harness.run();
    harness.get_by_label_contains("Not closed");

    std::fs::remove_file(&folder).unwrap();
    harness.run_steps(12);
    assert!(harness.query_by_label_contains("Save failed").is_none());
    assert!(!harness.state().workspace().unwrap().docs.has_unsaved());
    let document = harness
        .state()
        .workspace()
        .unwrap()
        .docs
        .current_id()
        .unwrap()
        .clone();
    let on_disk: AnnotationSet =
        ron::from_str(&std::fs::read_to_string(folder.join(format!("{document}.ron"))).unwrap())
            .unwrap();
    let mut expected = accepted;
    expected.sort();
    assert_eq!(on_disk, expected, "the retry wrote the edit");
    assert_ne!(ron::to_string(&on_disk).unwrap().into_bytes(), saved);
}

#[test]
fn the_statistics_view_counts_decisions_by_label_and_status() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let first = harness.state().workspace().unwrap().docs.focus.unwrap();
    harness.key_press(egui::Key::A);
    harness.run();
    harness.key_press(egui::Key::F2);
    wait_for_background_work(&mut harness);
    harness.get_by_label("Decisions over time");
    harness.get_by_label("1 of 1 documents annotated: 1 in progress");
    let set = annotations(&harness);
    let accepted_mentions = set
        .mentions
        .iter()
        .filter(|m| m.review.status == Status::Accepted)
        .count();
    assert!(accepted_mentions >= 1, "{first:?} was accepted");
    let label = &set
        .mentions
        .iter()
        .find(|m| m.review.status == Status::Accepted)
        .unwrap()
        .label;
    let open_with_label = set
        .mentions
        .iter()
        .filter(|m| &m.label == label && m.review.status.is_open())
        .count();
    // The mentions table has a row per label: name, suggested, accepted, corrected, rejected.
    harness.get_by_label(label.as_str());
    assert!(
        harness
            .query_all_by_label(&open_with_label.to_string())
            .count()
            >= 1,
        "the open count of {label} is shown"
    );
    let file = project.join("annotations").join(ANNOTATOR);
    assert!(
        file.read_dir().unwrap().next().is_some(),
        "opening the view saved the edit first"
    );
}

#[test]
fn a_dataset_is_exported_from_the_file_menu_with_progress() {
    let (dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.key_press(egui::Key::A);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export dataset…").click();
    harness.run();
    let out = dir.path().join("dataset");
    harness.get_by_label("Folder").focus();
    harness.run();
    harness
        .get_by_label("Folder")
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    for _ in 0..200 {
        harness.run_steps(1);
        if harness
            .query_by_label_contains("Wrote 1 document(s)")
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.get_by_label_contains("Wrote 1 document(s)");
    let jsonl = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let mentions = record["mentions"].as_array().unwrap();
    assert!(!mentions.is_empty(), "the accepted item is gold");
    assert!(
        mentions.iter().all(|m| m["status"] == "accepted"),
        "gold only by default"
    );
    assert!(out.join("dataset.json").exists());
}

#[test]
fn an_acled_export_from_the_window_lists_the_dates_it_left_empty() {
    let (dir, project) = util::copy_of_demo_project();
    let p = project.to_str().expect("UTF-8 path");
    let suggested = util::run(&["suggest", p, "--annotator", ANNOTATOR]);
    assert!(suggested.status.success(), "{}", util::stderr(&suggested));
    accept_everything(&project, ANNOTATOR, |set| {
        let at = jiff::Timestamp::now();
        for e in &mut set.events {
            e.review = e.review.decided(Status::Accepted, ANNOTATOR, at);
        }
    });
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export dataset…").click();
    harness.run();
    harness.get_by_label("Format").click();
    harness.run();
    harness.get_by_label("acled-csv").click();
    harness.run();
    let out = dir.path().join("acled");
    harness.get_by_label("Folder").focus();
    harness.run();
    harness
        .get_by_label("Folder")
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    for _ in 0..200 {
        harness.run_steps(1);
        if harness
            .query_by_label_contains("Wrote 1 document(s)")
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // The demo article has no dateline: "Tuesday" resolves against nothing,
    // and the window says which dates it left empty rather than guessing.
    harness.get_by_label_contains("field(s) left empty (also in dataset.json)");
    harness.get_by_label_contains("event_date");
    assert!(out.join("dataset.json").exists());
}

/// Makes every item of `annotator`'s file gold, after `edit` had its say.
fn accept_everything(project: &Path, annotator: &str, edit: impl FnOnce(&mut AnnotationSet)) {
    use attest::store::{OpenMode, Project};
    let (mut p, _) = Project::open(
        project,
        OpenMode::ReadWrite {
            annotator: annotator.into(),
        },
    )
    .expect("the test project is writable");
    let id = p.documents()[0].id.clone();
    let mut set = p
        .load_annotations(&id, annotator)
        .expect("the test project is writable");
    let at = jiff::Timestamp::now();
    for m in &mut set.mentions {
        m.review = m.review.decided(Status::Accepted, annotator, at);
    }
    for c in &mut set.claims {
        c.review = c.review.decided(Status::Accepted, annotator, at);
    }
    edit(&mut set);
    p.save_annotations(&set)
        .expect("the test project is writable");
}

/// Two annotators who accepted the demo's suggestions, ben relabelling the
/// first Farabougou as FACILITY and rejecting Bamako; a reviewer's app on it.
fn two_annotators_disagreeing(project: &Path) -> Harness<'static, AttestApp> {
    let p = project.to_str().expect("utf-8 path");
    for annotator in ["ana", "ben"] {
        let suggested = util::run(&["suggest", p, "--annotator", annotator]);
        assert!(suggested.status.success(), "{}", util::stderr(&suggested));
    }
    accept_everything(project, "ana", |_| {});
    accept_everything(project, "ben", |set| {
        let farabougou = set
            .mentions
            .iter_mut()
            .find(|m| m.text == "Farabougou")
            .expect("Farabougou suggested");
        farabougou.label = "FACILITY".into();
        let bamako = set
            .mentions
            .iter_mut()
            .find(|m| m.text == "Bamako")
            .expect("Bamako suggested");
        bamako.review.status = Status::Rejected;
    });
    let mut harness = harness(AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(project.to_owned()),
            annotator: Some("reviewer".into()),
            fallback_annotator: "nobody".into(),
        },
    ));
    harness.run();
    harness
}

#[test]
fn a_reviewer_adjudicates_two_annotators_into_the_gold_file() {
    let (dir, project) = util::copy_of_demo_project();
    let mut harness = two_annotators_disagreeing(&project);
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label_contains("Curate this document…")
        .click();
    harness.run();
    harness.get_by_label("Start").click();
    harness.run();
    harness.get_by_label_contains("2 disagreement(s), 2 undecided");
    // The first disagreement in reading order is Farabougou: take ben's (2);
    // the next is Bamako, which ben rejected: drop it (0). Each decision is
    // in the gold file at once.
    harness.key_press(egui::Key::Num2);
    harness.run();
    harness.key_press(egui::Key::Num0);
    harness.run();
    harness.get_by_label_contains("2 disagreement(s), 0 undecided");

    let document = harness
        .state()
        .workspace()
        .unwrap()
        .docs
        .current_id()
        .unwrap()
        .clone();
    let file = project
        .join("annotations/gold")
        .join(format!("{document}.ron"));
    let gold: AnnotationSet = ron::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(gold.annotator, "gold");
    let farabougou: Vec<&str> = gold
        .mentions
        .iter()
        .filter(|m| m.text == "Farabougou")
        .map(|m| m.label.as_str())
        .collect();
    let ana_farabougou = 2; // two mentions of Farabougou: ben relabelled only the first
    assert_eq!(farabougou.len(), ana_farabougou);
    assert_eq!(farabougou[0], "FACILITY", "ben's version was taken");
    assert!(
        gold.mentions
            .iter()
            .filter(|m| m.text == "Bamako")
            .all(|m| m.review.status == Status::Rejected),
        "dropped: kept as rejected, no gold, so that curating again knows"
    );
    assert!(
        gold.mentions
            .iter()
            .any(|m| m.text == "JNIM" && m.actor.as_deref() == Some("jnim")),
        "agreed items are in"
    );
    assert!(
        gold.claims
            .iter()
            .any(|c| c.cue_text == "were claimed by" && c.stance == "Claimed")
    );
    assert!(gold.mentions.iter().all(|m| m.review.by == "reviewer"));
    let gold_mentions = gold
        .mentions
        .iter()
        .filter(|m| m.review.status == Status::Accepted)
        .count();

    // The adjudicated gold is exported from the GUI like any annotator's.
    harness.get_by_label("Leave curation").click();
    harness.run();
    harness.get_by_label("Close").click();
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export dataset…").click();
    harness.run();
    harness
        .get_by_label("Annotator (gold is the adjudicated one)")
        .click();
    harness.run();
    harness.get_all_by_label("gold").last().unwrap().click();
    harness.run();
    let out = dir.path().join("gold-dataset");
    harness.get_by_label("Folder").focus();
    harness.run();
    harness
        .get_by_label("Folder")
        .type_text(&out.display().to_string());
    harness.run();
    harness.get_by_label("Export").click();
    for _ in 0..1000 {
        harness.run_steps(1);
        if harness
            .query_by_label_contains("Wrote 1 document(s)")
            .is_some()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    harness.get_by_label_contains("Wrote 1 document(s)");
    let jsonl = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    let record: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let mentions = record["mentions"].as_array().unwrap();
    assert_eq!(
        mentions.len(),
        gold_mentions,
        "the gold annotator's mentions (the rejected trace of a drop is no gold)"
    );
    assert!(
        mentions
            .iter()
            .any(|m| m["text"] == "Farabougou" && m["label"] == "FACILITY")
    );
}

/// The gold file's mentions of the demo document: (text, label, comment).
fn gold_of_demo(project: &Path) -> Vec<(String, String, Option<String>)> {
    use attest::store::{OpenMode, Project};
    let (mut p, _) = Project::open(project, OpenMode::ReadOnly).expect("the project opens");
    let id = p.documents()[0].id.clone();
    let gold = p
        .load_annotations(&id, "gold")
        .expect("the gold file reads");
    gold.mentions
        .iter()
        .map(|m| {
            let comment = attest::edit::comment_on(&gold, ItemRef::Mention(m.id));
            (m.text.clone(), m.label.clone(), comment.map(str::to_owned))
        })
        .collect()
}

#[test]
fn a_curator_merges_what_two_of_three_agree_on_takes_one_version_by_key_and_undoes_in_the_text() {
    let (_dir, project) = util::copy_of_demo_project();
    let p = project.to_str().expect("utf-8 path");
    for annotator in ["ana", "ben", "cleo"] {
        let suggested = util::run(&["suggest", p, "--annotator", annotator]);
        assert!(suggested.status.success(), "{}", util::stderr(&suggested));
    }
    accept_everything(&project, "ana", |_| {});
    accept_everything(&project, "ben", |set| {
        let farabougou = set
            .mentions
            .iter()
            .find(|m| m.text == "Farabougou")
            .expect("Farabougou suggested")
            .id;
        let transaction = attest::edit::comment(
            set,
            ItemRef::Mention(farabougou),
            "the market of Farabougou, not the village",
        );
        transaction.apply(set);
        set.mention_mut(farabougou).expect("there").label = "FACILITY".into();
    });
    accept_everything(&project, "cleo", |set| {
        let bamako = set
            .mentions
            .iter_mut()
            .find(|m| m.text == "Bamako")
            .expect("Bamako suggested");
        bamako.review.status = Status::Rejected;
    });
    let mut harness = harness(AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(project.clone()),
            annotator: Some("lead".into()),
            fallback_annotator: "nobody".into(),
        },
    ));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label_contains("Curate this document…")
        .click();
    harness.run();
    harness.get_by_label("Start").click();
    harness.run();
    harness.get_by_label_contains("2 disagreement(s), 2 undecided");
    // The article shows the places: two open, the rest agreed.
    let open_places = |harness: &Harness<'_, AttestApp>| {
        let workspace = harness.state().workspace().expect("open");
        let curation = workspace.curation_of_current().expect("curating");
        curation
            .adjudication
            .units()
            .iter()
            .filter(|u| matches!(u.state, attest::quality::curation::UnitState::Open(_)))
            .count()
    };
    assert_eq!(open_places(&harness), 2);
    // Farabougou is in hand: its versions side by side, with ben's comment.
    harness.get_by_label_contains("mention “Farabougou” · 2 of 3 agree · undecided");
    harness.get_by_label("the market of Farabougou, not the village");
    let farabougou_labels = |project: &Path| -> Vec<String> {
        gold_of_demo(project)
            .into_iter()
            .filter(|(text, ..)| text == "Farabougou")
            .map(|(_, label, _)| label)
            .collect()
    };
    let has_bamako = |project: &Path| gold_of_demo(project).iter().any(|(t, ..)| t == "Bamako");
    assert_eq!(
        farabougou_labels(&project),
        ["LOCATION"],
        "started: the agreed second Farabougou is in gold"
    );

    // Two of three agree at both places: one click merges them.
    harness
        .get_by_label("Merge agreed places: this document")
        .click();
    harness.run();
    harness.get_by_label_contains("Merged 2 place(s)");
    harness.get_by_label_contains("2 disagreement(s), 0 undecided");
    assert_eq!(farabougou_labels(&project), ["LOCATION", "LOCATION"]);
    assert!(has_bamako(&project));

    // Ctrl+Z takes the merge back, in the file too.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    harness.get_by_label_contains("2 disagreement(s), 2 undecided");
    assert_eq!(farabougou_labels(&project), ["LOCATION"]);
    assert!(!has_bamako(&project));

    // Ben's version of Farabougou, by its key; his comment comes with it.
    harness.key_press(egui::Key::Num2);
    harness.run();
    harness.get_by_label_contains("2 disagreement(s), 1 undecided");
    let gold = gold_of_demo(&project);
    let facility = gold
        .iter()
        .find(|(text, label, _)| text == "Farabougou" && label == "FACILITY")
        .expect("ben's version taken");
    assert_eq!(
        facility.2.as_deref(),
        Some("the market of Farabougou, not the village")
    );

    // The whole project, in the background: Bamako (two of three) goes in,
    // the Farabougou decided by hand stays as decided.
    harness.get_by_label("…the whole project").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("Whole project: 1 document(s) compared, 1 place(s) merged");
    assert!(has_bamako(&project));
    assert!(farabougou_labels(&project).contains(&"FACILITY".to_owned()));
    harness.get_by_label_contains("2 disagreement(s), 0 undecided");
    // One step undoes the project's merge.
    harness.get_by_label("Undo").click();
    harness.run();
    harness.get_by_label_contains("put back as they were");
    assert!(!has_bamako(&project));
    assert!(farabougou_labels(&project).contains(&"FACILITY".to_owned()));
    let check = util::run(&["check", p]);
    assert!(check.status.success(), "{}", util::stdout(&check));
    // Closing the window ends curation: the analyst's own items are back.
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().workspace().unwrap().curation.is_none());
}

#[test]
fn extraction_quality_is_measured_and_errors_are_stepped_through_in_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(util::run(&["new", p]).status.success());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review");
    for (file, import_as, annotator) in [
        ("gold.conll", "gold", "gold"),
        ("system.conll", "suggestions", "sys"),
    ] {
        let path = fixtures.join(file);
        let output = util::run(&[
            "import",
            p,
            path.to_str().unwrap(),
            "--format",
            "conll",
            "--as",
            import_as,
            "--annotator",
            annotator,
            "--source",
            "sys",
        ]);
        assert!(output.status.success(), "{}", util::stderr(&output));
    }
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.key_press(egui::Key::F3);
    harness.run();
    harness.get_by_label("Extraction quality").click();
    harness.run();
    harness.get_by_label("Gold").click();
    harness.run();
    harness.get_all_by_label("gold").last().unwrap().click();
    harness.run();
    harness.get_by_label("System").focus();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("System").type_text("sys");
    harness.run();
    harness.get_by_label("Compute").click();
    wait_for_background_work(&mut harness);
    // 5 true positives, 3 false positives, 4 misses: P 62.5, R 55.6, F1 58.8 (CoNLL convention).
    harness.get_by_label("62.5 / 55.6 / 58.8");
    harness.get_by_label_contains("system read as an annotator; 7 error(s)");
    harness.get_by_label("Next error").click();
    harness.run_steps(6);
    let workspace = harness.state().workspace().unwrap();
    let selection_shown = harness.query_by_label("Label the selection:").is_some();
    assert!(
        selection_shown,
        "the error's span is selected in the text, ready to label"
    );
    // The second error, as the CLI reports it, is the one revealed.
    let evaluated = util::run(&["evaluate", p, "--gold", "gold", "--system", "sys", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&evaluated.stdout).unwrap();
    let second = &json["errors"][1];
    assert_eq!(
        workspace.docs.current_id().unwrap().as_str(),
        second["document"].as_str().unwrap()
    );
    let span = harness.state().text_selection().unwrap();
    assert_eq!(
        span.start_byte as u64,
        second["start_byte"].as_u64().unwrap()
    );
    assert_eq!(span.end_byte as u64, second["end_byte"].as_u64().unwrap());
}

#[test]
fn agreement_between_two_annotators_is_shown_per_label_and_sorts() {
    let (_dir, project) = util::copy_of_demo_project();
    let p = project.to_str().unwrap();
    let mut harness = two_annotators_disagreeing(&project);
    harness.key_press(egui::Key::F3);
    harness.run();
    harness.get_by_label("Compute").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("1 shared document(s)");
    // ana is the reference. The relabelled Farabougou is one FP (FACILITY)
    // and one FN (LOCATION); the rejected Bamako is one more FN.
    let agreement = util::run(&["agree", p, "ana", "ben", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&agreement.stdout).unwrap();
    let exact = &json["agreement"]["pairs"][0]["overall"]["exact"];
    assert_eq!(exact["false_positives"], 1);
    assert_eq!(exact["false_negatives"], 2);
    // The window shows the same Krippendorff's alpha as the command line.
    let alpha = json["agreement"]["alpha"]["overall"]
        .as_f64()
        .expect("alpha");
    assert!(alpha < 1.0, "they disagree: {alpha}");
    harness.get_by_label_contains(&format!("Krippendorff's alpha {alpha:.3}"));
    let row_y = |harness: &Harness<'_, AttestApp>, label: &str| {
        harness.get_by_label(label).rect().center().y
    };
    assert!(
        row_y(&harness, "FACILITY") < row_y(&harness, "LOCATION"),
        "sorted by label at first"
    );
    harness.get_by_label("F1 exact").click();
    harness.run();
    assert!(
        row_y(&harness, "FACILITY") > row_y(&harness, "LOCATION"),
        "FACILITY (F1 0) sorts below LOCATION (one of its mentions disagrees) by F1"
    );
}

#[test]
fn statistics_and_review_load_in_the_background_behind_a_progress_bar() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = two_annotators_disagreeing(&project);
    // The key's frame starts the job; the next frame draws it running with
    // no figures yet — unless it has already delivered (a small project
    // on a fast machine: the job runs on its own thread).
    harness.key_press(egui::Key::F2);
    harness.run_steps(2);
    if harness.state().is_busy() {
        harness.get_by_label_contains("Statistics: ");
        assert!(
            harness.query_by_label("Decisions over time").is_none(),
            "no figures before the job delivers"
        );
    }
    wait_for_background_work(&mut harness);
    assert!(harness.query_by_label_contains("Statistics: ").is_none());
    harness.get_by_label("Decisions over time");
    harness.key_press(egui::Key::F2);
    harness.run();
    assert!(
        harness.query_by_label("Decisions over time").is_none(),
        "closed"
    );

    harness.key_press(egui::Key::F3);
    harness.run();
    harness.get_by_label("Compute").click();
    harness.run_steps(2);
    if harness.state().is_busy() {
        harness.get_by_label_contains("Agreement: ");
        assert!(
            harness
                .query_by_label_contains("shared document(s)")
                .is_none()
        );
    }
    wait_for_background_work(&mut harness);
    assert!(harness.query_by_label_contains("Agreement: ").is_none());
    harness.get_by_label_contains("1 shared document(s)");
}

#[test]
fn file_menu_actions_are_commands_and_close_the_project() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.key_press(egui::Key::A);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Close project").click();
    harness.run();
    assert!(harness.state().workspace().is_none(), "back at the start");
    harness.get_by_label("Project folder");
    let file = project.join("annotations").join(ANNOTATOR);
    assert!(
        file.read_dir().unwrap().next().is_some(),
        "closing saved the edit"
    );
}

const WIRE_STORY: &str = "Gunmen kill five in raid on Djibo market\n\
DJIBO, Burkina Faso (AFP) - Gunmen killed five traders on Monday in a raid on the \
market of Djibo, a local official told AFP. No group claimed the attack.\n\
ab/cd\n";

/// A folder holding one good article and one file that is not UTF-8.
fn articles_folder(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("incoming");
    std::fs::create_dir_all(&folder).expect("folder made");
    std::fs::write(folder.join("djibo.txt"), WIRE_STORY).expect("article written");
    std::fs::write(
        folder.join("latin1.txt"),
        b"Attaque \xe0 Djibo, d\xe9clare l'arm\xe9e\n",
    )
    .expect("bad file written");
    folder
}

/// Steps frames until the import window shows its result.
fn wait_for_import(harness: &mut Harness<'_, AttestApp>) {
    wait_for_background_work(harness);
    harness.get_by_label_contains("Added 1 document(s)");
}

/// The import's effects: the bad file's problem listed, the article in the
/// list and open, its files on disk, and `attest check` clean.
fn assert_imported(harness: Harness<'_, AttestApp>, project: &Path, documents_before: usize) {
    harness.get_by_label_contains("latin1.txt");
    assert!(
        harness
            .query_all_by_label_contains("Gunmen kill five in raid on Djibo market")
            .next()
            .is_some(),
        "the article is in the document list"
    );
    let workspace = harness.state().workspace().expect("a project is open");
    let documents = workspace.project.documents();
    assert_eq!(documents.len(), documents_before + 1);
    let new = documents.last().expect("a document").id.clone();
    assert_eq!(
        workspace.docs.current_id(),
        Some(&new),
        "the new article opened"
    );
    assert!(
        workspace
            .docs
            .current()
            .expect("a document is open")
            .document
            .text
            .contains("Gunmen killed five traders")
    );
    assert!(workspace.list.summaries.contains_key(&new));
    assert!(workspace.project.text_path(&new).exists());
    assert!(workspace.project.meta_path(&new).exists());
    drop(harness);
    let check = util::run(&["check", project.to_str().expect("UTF-8 path")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

#[test]
fn articles_are_imported_by_typed_path_and_a_bad_file_is_listed() {
    let (dir, project) = util::copy_of_demo_project();
    let folder = articles_folder(dir.path());
    let mut harness = harness(app_on(&project));
    harness.run();
    let before = harness
        .state()
        .workspace()
        .unwrap()
        .project
        .documents()
        .len();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label_contains("Import articles…").click();
    harness.run();
    harness.get_by_label("Paths").focus();
    harness.run();
    harness
        .get_by_label("Paths")
        .type_text(&folder.display().to_string());
    harness.run();
    harness.get_by_label("Import").click();
    wait_for_import(&mut harness);
    harness.get_by_label_contains("1 problem(s)");
    assert_imported(harness, &project, before);
}

/// A file dropped on the window, as the windowing backend hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_dropped_on_the_window_are_imported() {
    let (dir, project) = util::copy_of_demo_project();
    let folder = articles_folder(dir.path());
    let mut harness = harness(app_on(&project));
    harness.run();
    let before = harness
        .state()
        .workspace()
        .unwrap()
        .project
        .documents()
        .len();
    for name in ["djibo.txt", "latin1.txt"] {
        harness
            .input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(folder.join(name))));
    }
    harness.run_steps(1);
    assert!(
        harness.input().dropped_files.is_empty(),
        "a drop is one frame's input"
    );
    wait_for_import(&mut harness);
    harness.get_by_label("Import articles");
    assert_imported(harness, &project, before);
}

#[test]
fn the_who_did_what_table_lists_the_attacks_and_accepts_a_row_in_one_undo_step() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let before = annotations(&harness);
    let claimed = claim_by_cue(&before, "were claimed by").clone();
    let confirmed = claim_by_cue(&before, "confirmed").clone();
    let attacks = *claimed
        .events
        .first()
        .expect("the claim is about the attacks");
    // "The attacks … were claimed by" and "Mali's army confirmed Tuesday's
    // attacks" both refer back to the attack the article opens with: one row.
    assert_eq!(before.event(attacks).unwrap().trigger_text, "attacked");
    assert_eq!(confirmed.events, [attacks], "the army confirms that attack");
    let jnim = "Group for the Support of Islam and Muslims";
    let army = "Malian Armed Forces";
    let accept_row = format!("Accept {attacks}");
    assert_eq!(harness.query_all_by_label(army).count(), 0);
    assert_eq!(harness.query_all_by_label(jnim).count(), 0);
    assert!(harness.query_by_label(&accept_row).is_none());

    harness.key_press(egui::Key::F4);
    harness.run();
    // The row of the attacks: JNIM held responsible by the Claimed claim,
    // the army the source of the Confirmed one.
    harness.get_by_label(&accept_row);
    assert!(harness.query_all_by_label("Claimed").count() >= 1);
    assert!(harness.query_all_by_label("Confirmed").count() >= 1);
    assert!(harness.query_all_by_label(jnim).count() >= 1);
    assert!(harness.query_all_by_label(army).count() >= 1);
    // The attacks' agent ("Jihadists") is not confirmed yet: the row is
    // marked; rows with no perpetrator at all are marked too.
    assert!(before.event(attacks).unwrap().roles.contains_key("agent"));
    assert!(harness.query_all_by_label("?").count() >= 1);
    assert!(harness.query_all_by_label("!").count() >= 1);

    // A cell jumps to its span: the army's cell focuses a mention of the army.
    harness.query_all_by_label(army).next().unwrap().click();
    harness.run();
    let Some(ItemRef::Mention(focused)) = harness.state().workspace().unwrap().docs.focus else {
        panic!("a mention is focused")
    };
    assert_eq!(
        before.mention(focused).unwrap().actor.as_deref(),
        Some("fama")
    );

    // Accepting the row accepts the event, its fillers and its claim.
    harness.get_by_label(&accept_row).click();
    harness.run();
    let accepted = |set: &AnnotationSet| {
        let event = set.event(attacks).unwrap();
        let fillers: Vec<_> = event.roles.values().flatten().copied().collect();
        event.review.status == Status::Accepted
            && set.claim(claimed.id).unwrap().review.status == Status::Accepted
            && claimed
                .responsible
                .iter()
                .chain(&fillers)
                .all(|&m| set.mention(m).unwrap().review.status == Status::Accepted)
    };
    assert!(accepted(&annotations(&harness)));
    let Some(ClaimSource::Mention(source)) = claimed.source else {
        panic!("JNIM claims it")
    };
    assert_eq!(
        annotations(&harness).mention(source).unwrap().review.status,
        Status::Accepted
    );
    assert_eq!(
        annotations(&harness)
            .claim(confirmed.id)
            .unwrap()
            .review
            .status,
        Status::Accepted,
        "the army's confirmation is about the same attack: accepted with its row"
    );

    // Saved to the file.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let file = project
        .join("annotations")
        .join(ANNOTATOR)
        .join(format!("{}.ron", before.document));
    let on_disk: AnnotationSet = ron::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(accepted(&on_disk));

    // Ctrl+Z undoes the whole row in one step.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(annotations(&harness), before);
}

const BAMAKO_STORY: &str = "Jihadists kill 12 soldiers near Bamako\n\
BAMAKO, Nov 23, 2025 (AFP) - Jihadists killed twelve soldiers on Sunday in an attack on a \
military post near Bamako, the army said.\n\
\n\
The army said reinforcements had been sent to the area.\n\
sd-mk/sbk\n";

/// How many documents the open project lists.
fn documents_count(harness: &Harness<'_, AttestApp>) -> usize {
    let workspace = harness.state().workspace().expect("a project is open");
    workspace.project.documents().len()
}

#[test]
fn a_pasted_article_is_previewed_added_opened_and_known_the_second_time() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let before = documents_count(&harness);
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label_contains("New document from clipboard…")
        .click();
    harness.run();
    // Ctrl+V in the text area: the backend hands egui the clipboard's text.
    harness.get_by_label("Article text").focus();
    harness.run();
    harness
        .input_mut()
        .events
        .push(egui::Event::Paste(BAMAKO_STORY.into()));
    harness.run();

    // The preview splits the wire furniture off as a .txt import does.
    harness.get_by_label("Jihadists kill 12 soldiers near Bamako");
    harness.get_by_label("BAMAKO, Nov 23, 2025 (AFP) -");
    harness.get_by_label("Nov 23, 2025");
    harness.get_by_label("AFP");
    harness.get_by_label("sd-mk/sbk");
    harness.get_by_label_contains("Jihadists killed twelve soldiers on Sunday");

    harness.get_by_label("Add document").click();
    harness.run();
    harness.get_by_label_contains("Added “Jihadists kill 12 soldiers near Bamako”");
    {
        let workspace = harness.state().workspace().expect("a project is open");
        let documents = workspace.project.documents();
        assert_eq!(documents.len(), before + 1);
        let new = documents.last().expect("a document").id.clone();
        assert_eq!(
            workspace.docs.current_id(),
            Some(&new),
            "the new article opened"
        );
        let open = workspace.docs.current().expect("a document is open");
        assert!(
            open.document
                .text
                .starts_with("Jihadists killed twelve soldiers")
        );
        assert!(!open.document.text.contains("BAMAKO"));
        assert!(!open.document.text.contains("sd-mk/sbk"));
        let meta = &open.document.meta;
        assert_eq!(
            meta.dateline.as_deref(),
            Some("BAMAKO, Nov 23, 2025 (AFP) -")
        );
        assert_eq!(meta.sign_off.as_deref(), Some("sd-mk/sbk"));
        assert_eq!(
            meta.title.as_deref(),
            Some("Jihadists kill 12 soldiers near Bamako")
        );
        assert_eq!(
            workspace.list.summaries[&new].title,
            "Jihadists kill 12 soldiers near Bamako"
        );
        assert!(workspace.project.text_path(&new).exists());
    }
    assert!(
        harness
            .query_all_by_label("Jihadists kill 12 soldiers near Bamako")
            .next()
            .is_some(),
        "the article is in the document list"
    );

    // The same text again, through the Paste button: already present.
    harness.get_by_label("Paste").click();
    harness.run();
    harness
        .input_mut()
        .events
        .push(egui::Event::Paste(BAMAKO_STORY.into()));
    harness.run();
    harness.get_by_label("sd-mk/sbk");
    harness.get_by_label("Add document").click();
    harness.run();
    harness.get_by_label_contains("Already present");
    assert_eq!(documents_count(&harness), before + 1);
    drop(harness);
    let check = util::run(&["check", project.to_str().expect("UTF-8 path")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

#[test]
fn empty_text_cannot_be_added_from_the_clipboard_window() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::V,
    );
    harness.run();
    harness.get_by_label_contains("Nothing to add yet");
    let before = documents_count(&harness);
    harness.get_by_label("Add document").click();
    harness.run();
    assert_eq!(documents_count(&harness), before, "nothing was added");
}

#[test]
fn a_document_without_a_headline_shows_its_opening_words_in_the_list() {
    let (dir, project) = util::copy_of_demo_project();
    let file = dir.path().join("kidal.txt");
    std::fs::write(
        &file,
        "Gunmen attacked a checkpoint near Kidal on Tuesday.\n\
         Three gendarmes were killed, the army said.\n",
    )
    .unwrap();
    let imported = util::run(&["import", project.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(imported.status.success(), "{}", util::stderr(&imported));

    let mut harness = harness(app_on(&project));
    harness.run();
    harness.get_by_label("Gunmen attacked a checkpoint near Kidal on Tuesday.");
    let workspace = harness.state().workspace().expect("a project is open");
    let entry = workspace
        .project
        .documents()
        .iter()
        .find(|d| {
            let meta = workspace.project.document_meta(&d.id).expect("metadata");
            meta.origin.as_deref() == Some("kidal.txt")
        })
        .expect("the imported document is listed");
    assert_eq!(entry.title, None, "no headline");
    assert_eq!(
        workspace.list.summaries[&entry.id].title,
        "Gunmen attacked a checkpoint near Kidal on Tuesday."
    );
}

/// A project with the three Sahel wire stories of tests/fixtures/learn/
/// imported, and their ids in reading order (Tera, Douentza, Djibo).
fn project_with_learn_articles() -> (tempfile::TempDir, std::path::PathBuf, Vec<DocumentId>) {
    let dir = tempfile::tempdir().expect("test setup");
    let project = dir.path().join("p");
    let p = project.to_str().expect("test setup");
    assert!(util::run(&["new", p]).status.success());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/learn");
    let articles = [
        ("niger-tera-en.txt", "Tera"),
        ("mali-douentza-en.txt", "Douentza"),
        ("burkina-djibo-en.txt", "Djibo"),
    ];
    for (name, _) in articles {
        let path = fixtures.join(name);
        let imported = util::run(&["import", p, path.to_str().expect("test setup")]);
        assert!(imported.status.success(), "{}", util::stderr(&imported));
    }
    let (opened, _) = attest::store::Project::open(&project, attest::store::OpenMode::ReadOnly)
        .expect("test setup");
    let ids = articles
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

/// Opens a document as a click on it in the document list does (these
/// imported articles have no title to click by).
fn open_document(harness: &mut Harness<'_, AttestApp>, id: &DocumentId) {
    let workspace = harness
        .state_mut()
        .workspace_mut()
        .expect("a project is open");
    workspace.select_document(id).expect("the document opens");
    harness.run_steps(4);
    assert_eq!(
        harness
            .state()
            .workspace()
            .expect("a project is open")
            .docs
            .current_id(),
        Some(id)
    );
}

/// Presses J until `item` has the focus.
fn focus_with_j(harness: &mut Harness<'_, AttestApp>, item: ItemRef) {
    for _ in 0..300 {
        if harness
            .state()
            .workspace()
            .expect("a project is open")
            .docs
            .focus
            == Some(item)
        {
            return;
        }
        harness.key_press(egui::Key::J);
        harness.run_steps(4);
    }
    panic!("{item} never got the focus");
}

fn open_suggestion(set: &AnnotationSet, text: &str) -> Option<ItemRef> {
    set.mentions
        .iter()
        .find(|m| m.text == text && matches!(m.review.status, Status::Suggested { .. }))
        .map(|m| ItemRef::Mention(m.id))
}

#[test]
fn finished_documents_teach_the_suggestions_of_the_next_one() {
    let (_dir, project, ids) = project_with_learn_articles();
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    for id in &ids[..2] {
        open_document(&mut harness, id);
        // Reject the false candidate and the rules' piece of the actor (X).
        for wrong in ["Unicef", "Dozo"] {
            while let Some(item) = open_suggestion(&annotations(&harness), wrong) {
                focus_with_j(&mut harness, item);
                harness.key_press(egui::Key::X);
                harness.run_steps(4);
            }
        }
        // Create the missed actor: select it and press its label's key.
        let text = harness
            .state()
            .workspace()
            .unwrap()
            .docs
            .current()
            .unwrap()
            .document
            .text
            .clone();
        set_selection(&mut harness, id, &text, "Dozo hunters");
        harness.run_steps(4);
        harness.key_press(egui::Key::Num1);
        harness.run_steps(4);
        let created = mention_by_text(&annotations(&harness), "Dozo hunters").clone();
        assert_eq!(created.label, "ARMED_GROUP");
        assert_eq!(
            created.review.status.kind(),
            attest::model::StatusKind::Accepted
        );
        // Finish: Ctrl+Enter.
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
        harness.run_steps(4);
        assert!(annotations(&harness).finished.is_some());
        assert!(harness.state().workspace().unwrap().list.summaries[id].finished);
    }
    harness
        .get_all_by_label_contains("finished")
        .next()
        .unwrap();
    // Training runs on a worker thread; the frames go on meanwhile.
    for _ in 0..2000 {
        harness.run_steps(1);
        if !harness.state().workspace().unwrap().learning.is_training() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let workspace = harness.state().workspace().unwrap();
    assert!(!workspace.learning.is_training(), "training finished");
    assert_eq!(
        workspace.learning.training_message.as_deref(),
        Some("trained on 2 documents")
    );
    harness.run_steps(4);
    harness.get_by_label("trained on 2 documents");

    // The third document, never opened: suggest-on-open uses the new models.
    open_document(&mut harness, &ids[2]);
    let third = annotations(&harness);
    assert_eq!(
        open_suggestion(&third, "Unicef"),
        None,
        "{:?}",
        third.mentions
    );
    let actor = third
        .mentions
        .iter()
        .find(|m| {
            m.text == "Dozo hunters"
                && m.label == "ARMED_GROUP"
                && matches!(m.review.status, Status::Suggested { .. })
        })
        .unwrap_or_else(|| panic!("the actor is proposed: {:?}", third.mentions));
    let by = actor.review.suggester().unwrap();
    assert!(by.starts_with("learned:"), "{by}");
}

#[test]
fn undo_after_marking_a_document_finished_unmarks_it() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    assert!(
        harness
            .state()
            .workspace()
            .unwrap()
            .docs
            .current()
            .is_some()
    );
    assert_eq!(annotations(&harness).finished, None);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run_steps(4);
    let finished = annotations(&harness).finished.expect("marked finished");
    assert_eq!(finished.by, ANNOTATOR);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run_steps(4);
    assert_eq!(annotations(&harness).finished, None);
    let workspace = harness.state().workspace().unwrap();
    let id = workspace.docs.current_id().unwrap();
    assert!(!workspace.list.summaries[id].finished);
    // Redo marks it again; Ctrl+Enter a second time unmarks it.
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run_steps(4);
    assert!(annotations(&harness).finished.is_some());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    harness.run_steps(4);
    assert_eq!(annotations(&harness).finished, None);
    // Let the training the first Ctrl+Enter started end before the project goes.
    for _ in 0..2000 {
        harness.run_steps(1);
        if !harness.state().workspace().unwrap().learning.is_training() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

// --- The actor catalogue: aliases from mentions, the editor, merges ---

/// A new project with these (French) documents, in this order, and their ids.
fn catalogue_project(texts: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, Vec<DocumentId>) {
    use attest::model::{Document, DocumentMeta};
    use attest::store::{Added, OpenMode, Project};
    let dir = tempfile::tempdir().expect("test setup");
    let root = dir.path().join("p");
    Project::create(&root, "p").expect("test setup");
    let (mut project, _) = Project::open(
        &root,
        OpenMode::ReadWrite {
            annotator: ANNOTATOR.into(),
        },
    )
    .expect("test setup");
    let ids = texts
        .iter()
        .map(|text| {
            let meta = DocumentMeta {
                language: Some("fr".into()),
                ..DocumentMeta::default()
            };
            match project
                .add_document(Document::new((*text).to_owned(), meta))
                .expect("test setup")
            {
                Added::New(id) | Added::AlreadyPresent(id) => id,
            }
        })
        .collect();
    (dir, root, ids)
}

/// The project's own catalogue as saved on disk.
fn own_catalogue_on_disk(project: &Path) -> attest::model::Catalogue {
    let text = std::fs::read_to_string(project.join("catalogue.ron")).expect("catalogue saved");
    ron::from_str(&text).expect("catalogue parses")
}

fn linked_to<'a>(
    set: &'a AnnotationSet,
    text: &str,
    actor: &str,
) -> Option<&'a attest::model::Mention> {
    set.mentions
        .iter()
        .find(|m| m.text == text && m.actor.as_deref() == Some(actor))
}

#[test]
fn catalogue_an_alias_added_from_a_mention_is_matched_by_suggest_in_another_document() {
    const PHRASE: &str = "chasseurs de brousse";
    const ACTOR: &str = "dan-na-ambassagou";
    let (_dir, project, ids) = catalogue_project(&[
        "Lundi, des chasseurs de brousse ont attaqué un camp près de Boni, selon l'armée.",
        "Mardi, des chasseurs de brousse ont tué trois civils à Hombori, selon des habitants.",
    ]);
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    // The second document, suggested on opening: the phrase is no alias yet.
    open_document(&mut harness, &ids[1]);
    assert!(linked_to(&annotations(&harness), PHRASE, ACTOR).is_none());
    open_document(&mut harness, &ids[0]);
    let text = harness
        .state()
        .workspace()
        .unwrap()
        .docs
        .current()
        .unwrap()
        .document
        .text
        .clone();
    // The analyst marks the phrase (1 = ARMED_GROUP) and adds it as an alias.
    select_text(&mut harness, &ids[0], &text, PHRASE);
    harness.key_press(egui::Key::Num1);
    harness.run();
    assert!(matches!(
        harness.state().workspace().unwrap().docs.focus,
        Some(ItemRef::Mention(_))
    ));
    harness.get_by_label("Add as alias of…").click();
    harness.run();
    harness.get_by_label("Find entry").focus();
    harness.get_by_label("Find entry").type_text("Ambassagou");
    harness.run();
    harness
        .get_by_label_contains("Dan Na Ambassagou (actor")
        .click();
    harness.run();
    harness.get_by_label_contains("is now a French alias of Dan Na Ambassagou");
    let own = own_catalogue_on_disk(&project);
    let entry = own.actor(ACTOR).expect("an override of the shipped entry");
    assert_eq!(entry.aliases_fr, [PHRASE], "French, as the document is");
    assert!(entry.aliases.is_empty(), "shipped aliases are not copied");
    assert!(
        linked_to(&annotations(&harness), PHRASE, ACTOR).is_some(),
        "the mention is linked to the entry"
    );

    // In the other document, S now finds the phrase and links it.
    open_document(&mut harness, &ids[1]);
    harness.key_press(egui::Key::S);
    harness.run();
    let set = annotations(&harness);
    let found = linked_to(&set, PHRASE, ACTOR)
        .unwrap_or_else(|| panic!("suggested and linked: {:?}", set.mentions));
    assert!(matches!(found.review.status, Status::Suggested { .. }));
    assert_eq!(found.review.suggester(), Some("catalogue"));
}

#[test]
fn catalogue_two_actors_merged_in_the_window_relink_every_annotation_file() {
    use attest::model::{Mention, MentionId, Review, Span};
    let text = "Katiba Alpha attacked Boni on Monday; the Alpha Brigade claimed the raid.";
    let (_dir, project, ids) = catalogue_project(&[text]);
    std::fs::write(
        project.join("catalogue.ron"),
        r#"(actors: [
            (id: "katiba-alpha", name: "Katiba Alpha", kind: ArmedGroup, aliases: ["Katiba Alpha"]),
            (id: "alpha-brigade", name: "Alpha Brigade", kind: ArmedGroup, aliases: ["the Alpha Brigade"]),
        ])"#,
    )
    .expect("test setup");
    {
        let (mut store, problems) = attest::store::Project::open(
            &project,
            attest::store::OpenMode::ReadWrite {
                annotator: ANNOTATOR.into(),
            },
        )
        .expect("test setup");
        assert!(problems.is_empty(), "{problems:?}");
        for annotator in [ANNOTATOR, "ben"] {
            let mut set = AnnotationSet::new(ids[0].clone(), annotator);
            for (n, (needle, actor)) in [
                ("Katiba Alpha", "katiba-alpha"),
                ("Alpha Brigade", "alpha-brigade"),
            ]
            .into_iter()
            .enumerate()
            {
                let start = text.find(needle).expect("test setup");
                set.mentions.push(Mention {
                    id: MentionId(u32::try_from(n).expect("small") + 1),
                    span: Span::new(start, start + needle.len()),
                    text: needle.into(),
                    label: "ARMED_GROUP".into(),
                    actor: Some(actor.into()),
                    attributes: Default::default(),
                    review: Review::accepted(annotator, jiff::Timestamp::UNIX_EPOCH),
                });
            }
            store.save_annotations(&set).expect("test setup");
        }
    }
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Actor catalogue…").click();
    harness.run();
    harness.get_by_label("Search catalogue").focus();
    harness
        .get_by_label("Search catalogue")
        .type_text("alpha brigade");
    harness.run();
    harness.get_by_label("Alpha Brigade").click();
    harness.run();
    harness.get_by_label("Survivor").focus();
    harness.get_by_label("Survivor").type_text("katiba");
    harness.run();
    harness
        .get_by_label("Katiba Alpha (actor: ArmedGroup)")
        .click();
    harness.run();
    harness.get_by_label("Merge into “Katiba Alpha”").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains(
        "merged alpha-brigade into katiba-alpha: 2 mention(s) relinked in 2 of 2",
    );

    let own = own_catalogue_on_disk(&project);
    let ids_left: Vec<&str> = own.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids_left, ["katiba-alpha"], "one actor left");
    assert!(own.actors[0].aliases.iter().any(|a| a == "Alpha Brigade"));
    assert_eq!(
        own.merged.get("alpha-brigade").map(String::as_str),
        Some("katiba-alpha")
    );
    for annotator in [ANNOTATOR, "ben"] {
        let path = project
            .join("annotations")
            .join(annotator)
            .join(format!("{}.ron", ids[0]));
        let set: AnnotationSet =
            ron::from_str(&std::fs::read_to_string(&path).expect("saved")).expect("parses");
        let actors: Vec<Option<&str>> = set.mentions.iter().map(|m| m.actor.as_deref()).collect();
        assert_eq!(actors, [Some("katiba-alpha"); 2], "{annotator}");
    }
    let open = annotations(&harness);
    assert!(
        open.mentions
            .iter()
            .all(|m| m.actor.as_deref() == Some("katiba-alpha")),
        "the open document follows"
    );
    drop(harness);
    let check = util::run(&["check", project.to_str().expect("UTF-8 path")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

#[test]
fn catalogue_an_entry_added_in_the_window_is_saved_and_a_clashing_alias_is_refused() {
    let (_dir, project, _) = catalogue_project(&["Des hommes armés ont attaqué Boni lundi."]);
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Actor catalogue…").click();
    harness.run();
    let add = |harness: &mut Harness<'_, AttestApp>, name: &str, alias: &str| {
        harness.get_by_label("Add actor or place").click();
        harness.run();
        harness.get_by_label("Canonical name").focus();
        harness.get_by_label("Canonical name").type_text(name);
        harness.get_by_label("English aliases").focus();
        harness.get_by_label("English aliases").type_text(alias);
        harness.run();
        harness.get_by_label("Save").click();
        harness.run();
    };
    add(&mut harness, "Katiba Alpha", "KA fighters");
    harness.get_by_label_contains("Saved “Katiba Alpha”");
    let own = own_catalogue_on_disk(&project);
    let saved = own
        .actor("katiba-alpha")
        .expect("saved with an id from its name");
    assert_eq!(saved.aliases, ["KA fighters"]);
    assert!(
        harness
            .state()
            .workspace()
            .unwrap()
            .project
            .catalogue
            .actor("katiba-alpha")
            .is_some(),
        "the workspace's catalogue has it"
    );

    // "gsim" is JNIM's alias already: refused, said why, nothing written.
    let before = std::fs::read(project.join("catalogue.ron")).expect("saved");
    add(&mut harness, "Katiba Beta", "gsim");
    harness
        .get_by_label_contains("is already a name of Group for the Support of Islam and Muslims");
    assert_eq!(
        std::fs::read(project.join("catalogue.ron")).expect("still there"),
        before
    );
}

// ---- The analyst's desk: dataset import, start screen, document list (desk_*) ----

/// Two records of another system's output, in Attest's JSONL, with a line
/// between them that is not JSON.
const EXTRACTED_JSONL: &str = concat!(
    r#"{"text": "JNIM fighters attacked Boni on Monday.", "meta": {"title": "Attack on Boni"}, "mentions": [{"start": 0, "end": 4, "label": "ARMED_GROUP", "status": "accepted"}, {"start": 23, "end": 27, "label": "LOCATION"}]}"#,
    "\n",
    "{this line is not json\n",
    r#"{"text": "Soldiers were killed near Hombori.", "meta": {"title": "Soldiers killed near Hombori"}, "mentions": [{"start": 26, "end": 33, "label": "LOCATION"}]}"#,
    "\n",
);

#[test]
fn desk_a_dataset_is_imported_as_suggestions_and_its_bad_record_listed() {
    let (dir, project) = util::copy_of_demo_project();
    let file = dir.path().join("extracted.jsonl");
    std::fs::write(&file, EXTRACTED_JSONL).expect("dataset written");
    let mut harness = harness(app_on(&project));
    harness.run();
    let before = documents_count(&harness);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import dataset…").click();
    harness.run();
    harness.get_by_label("File or folder").focus();
    harness.run();
    harness
        .get_by_label("File or folder")
        .type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("As suggestions to review").click();
    harness.run();
    harness.get_by_label("Source").focus();
    harness.run();
    harness.get_by_label("Source").type_text("extractor-v2");
    harness.run();
    harness.get_by_label("Import").click();
    wait_for_background_work(&mut harness);

    harness.get_by_label_contains("Imported 2 record(s): 2 new document(s)");
    // The bad line is listed on its own, with its file and line number.
    harness.get_by_label_contains("extracted.jsonl:2");
    harness.get_by_label_contains("1 problem(s)");
    assert!(
        harness
            .query_all_by_label_contains("Soldiers killed near Hombori")
            .next()
            .is_some(),
        "the second record is in the document list"
    );
    let workspace = harness.state().workspace().expect("a project is open");
    assert_eq!(workspace.project.documents().len(), before + 2);
    let current = workspace
        .docs
        .current()
        .expect("the first new document opened");
    assert!(current.document.text.starts_with("JNIM fighters"));
    let set = &current.annotations;
    assert_eq!(
        set.mentions.len(),
        2,
        "both mentions, even the accepted one"
    );
    for mention in &set.mentions {
        assert!(
            matches!(&mention.review.status, Status::Suggested { by, .. } if by == "extractor-v2"),
            "{}: {:?}",
            mention.text,
            mention.review.status
        );
    }
    let id = current.document.id.clone();
    assert_eq!(workspace.list.summaries[&id].open_suggestions, 2);
}

/// The app on its start screen: the project it was started with is missing.
fn start_screen(prefs: Prefs, missing: &Path) -> AttestApp {
    AttestApp::new(
        prefs,
        Launch {
            project: Some(missing.to_owned()),
            annotator: Some(ANNOTATOR.to_owned()),
            fallback_annotator: "nobody".to_owned(),
        },
    )
}

#[test]
fn desk_the_demo_button_opens_the_demo_project_or_says_it_is_missing() {
    let (dir, demo) = util::copy_of_demo_project();
    let mut app = start_screen(Prefs::default(), &dir.path().join("missing"));
    app.set_demo_project(None);
    let mut harness = harness(app);
    harness.run();
    harness.get_by_label("Open the demo project").click();
    harness.run();
    assert!(
        harness.state().workspace().is_none(),
        "still the start screen"
    );
    harness.get_by_label_contains("The demo project was not found");

    harness.state_mut().set_demo_project(Some(demo.clone()));
    harness.get_by_label("Open the demo project").click();
    harness.run();
    let workspace = harness.state().workspace().expect("the demo opened");
    assert_eq!(
        std::fs::canonicalize(workspace.project.root()).unwrap(),
        std::fs::canonicalize(&demo).unwrap()
    );
    assert!(
        workspace.docs.current().is_some(),
        "its first document is open"
    );
}

#[test]
fn desk_recent_projects_show_when_they_were_last_opened() {
    let (dir, project) = util::copy_of_demo_project();
    let project = std::fs::canonicalize(&project).unwrap();
    let never_dated = dir.path().join("older-entry");
    let when: jiff::Timestamp = "2026-03-14T12:00:00Z".parse().unwrap();
    let prefs = Prefs {
        recent: vec![project.clone(), never_dated.clone()],
        opened: [(project.clone(), when)].into(),
        ..Prefs::default()
    };
    let mut harness = harness(start_screen(prefs, &dir.path().join("missing")));
    harness.run();
    harness.get_by_label(&never_dated.display().to_string());
    harness.get_by_label("last opened 2026-03-14");
    assert_eq!(
        harness.query_all_by_label_contains("last opened").count(),
        1,
        "an entry from before dates were kept shows none"
    );
    harness.get_by_label(&project.display().to_string()).click();
    harness.run();
    assert!(
        harness.state().workspace().is_some(),
        "opened from the list"
    );
    let reopened = harness.state().prefs().opened[&project];
    assert!(reopened > when, "opening it again dates it now");
}

#[test]
fn desk_a_new_project_goes_straight_on_to_importing_articles() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(start_screen(Prefs::default(), &dir.path().join("missing")));
    harness.run();
    let new = dir.path().join("fresh");
    harness.get_by_label("New project").focus();
    harness.run();
    harness
        .get_by_label("New project")
        .type_text(&new.display().to_string());
    harness.run();
    harness.get_by_label("Create and import articles").click();
    harness.run();
    let workspace = harness.state().workspace().expect("the new project opened");
    assert!(workspace.project.documents().is_empty());
    assert!(new.join("project.ron").exists());
    harness.get_by_label("Paths");
    harness.get_by_label("Import articles");
}

#[test]
fn desk_the_document_list_filtered_by_finished_shows_only_finished_documents() {
    let (_dir, project, ids) = project_with_learn_articles();
    let [tera, douentza, djibo] = [&ids[0], &ids[1], &ids[2]];
    {
        use attest::store::{OpenMode, Project};
        let (mut p, _) = Project::open(
            &project,
            OpenMode::ReadWrite {
                annotator: ANNOTATOR.into(),
            },
        )
        .unwrap();
        let mut set = AnnotationSet::new(douentza.clone(), ANNOTATOR);
        set.finished = Some(attest::model::Finished {
            by: ANNOTATOR.into(),
            at: jiff::Timestamp::now(),
        });
        assert!(p.save_annotations(&set).unwrap());
    }
    let mut harness = harness(app_on(&project));
    harness
        .state_mut()
        .workspace_mut()
        .unwrap()
        .wait_for_summaries();
    harness.run();
    let titles: Vec<String> = {
        let workspace = harness.state().workspace().unwrap();
        assert_eq!(
            workspace.docs.current_id(),
            Some(tera),
            "the first one opens"
        );
        [douentza, djibo]
            .iter()
            .map(|id| workspace.list.summaries[*id].title.clone())
            .collect()
    };
    let row = |harness: &Harness<'_, AttestApp>, title: &str| {
        harness.query_all_by_label(title).next().is_some()
    };
    assert!(
        row(&harness, &titles[0]) && row(&harness, &titles[1]),
        "all listed"
    );

    harness.get_by_label("Finished").click();
    harness.run();
    assert!(row(&harness, &titles[0]), "the finished one stays");
    assert!(!row(&harness, &titles[1]), "an unfinished one is left out");
    harness.get_by_label_contains("rejected · finished");

    harness.get_by_label("Unfinished").click();
    harness.run();
    assert!(!row(&harness, &titles[0]), "the finished one is left out");
    assert!(row(&harness, &titles[1]));
}

#[test]
fn desk_a_gold_dataset_on_the_open_document_refreshes_it_and_its_counts() {
    let (dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let (text, suggested) = {
        let current = harness.state().workspace().unwrap().docs.current().unwrap();
        (
            current.document.text.clone(),
            current.annotations.mentions.len(),
        )
    };
    assert!(suggested > 20, "suggested on opening, not saved yet");
    let needle = "Each country in the confederation";
    let start = text[..text.find(needle).unwrap()].chars().count();
    let record = serde_json::json!({
        "text": text,
        "mentions": [{"start": start, "end": start + needle.chars().count(),
                      "label": "ORGANIZATION", "status": "accepted"}],
    });
    let file = dir.path().join("gold.jsonl");
    std::fs::write(&file, format!("{record}\n")).unwrap();

    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Import dataset…").click();
    harness.run();
    harness.get_by_label("File or folder").focus();
    harness.run();
    harness
        .get_by_label("File or folder")
        .type_text(&file.display().to_string());
    harness.run();
    harness.get_by_label("Import").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("0 new document(s), 1 already present; 1 item(s) added");

    let workspace = harness.state().workspace().unwrap();
    let current = workspace.docs.current().expect("still open");
    let imported = mention_by_text(&current.annotations, needle);
    assert_eq!(imported.review.status, Status::Accepted);
    assert_eq!(
        current.annotations.mentions.len(),
        suggested + 1,
        "the suggestions saved before the import are kept"
    );
    assert!(!current.is_dirty(), "read again from disk, nothing to save");
    let id = current.document.id.clone();
    assert_eq!(
        workspace.list.summaries[&id].gold, 1,
        "the list counts the gold item"
    );
    assert!(
        workspace.list.summaries[&id].finished,
        "a gold import is complete"
    );
}

// ---- Project settings: the schema editor ----

/// The demo project with annotation files for ana and ben (suggested) and
/// for the gold (every suggestion accepted).
fn settings_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, project) = util::copy_of_demo_project();
    let p = project.to_str().expect("utf-8 path");
    for annotator in ["ana", "ben", "gold"] {
        let suggested = util::run(&["suggest", p, "--annotator", annotator]);
        assert!(suggested.status.success(), "{}", util::stderr(&suggested));
    }
    accept_everything(&project, "gold", |_| {});
    (dir, project)
}

/// Every annotation file of the project, read back: (annotator, set, text).
fn settings_annotation_files(project: &Path) -> Vec<(String, AnnotationSet, String)> {
    let mut files = Vec::new();
    for folder in std::fs::read_dir(project.join("annotations"))
        .expect("annotations folder")
        .flatten()
    {
        let annotator = folder.file_name().to_string_lossy().into_owned();
        for file in std::fs::read_dir(folder.path())
            .expect("readable")
            .flatten()
        {
            let text = std::fs::read_to_string(file.path()).expect("UTF-8 file");
            let set: AnnotationSet = ron::from_str(&text).expect("an annotation file");
            files.push((annotator.clone(), set, text));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn settings_open(harness: &mut Harness<'_, AttestApp>) {
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label("Project settings…").click();
    harness.run();
}

/// Replaces the text of the field named `field` with `text`.
fn settings_replace(harness: &mut Harness<'_, AttestApp>, field: &str, text: &str) {
    harness.get_by_label(field).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness.get_by_label(field).type_text(text);
    harness.run();
}

#[test]
fn settings_a_renamed_label_is_renamed_in_every_annotation_file_and_check_is_clean() {
    let (_dir, project) = settings_project();
    let before = settings_annotation_files(&project);
    for annotator in ["ana", "ben", "gold"] {
        assert!(
            before.iter().any(|(a, set, _)| a == annotator
                && set.mentions.iter().any(|m| m.label == "ARMED_GROUP")),
            "{annotator} uses the label before"
        );
    }
    let mut harness = harness(app_on(&project));
    harness.run();
    settings_open(&mut harness);
    settings_replace(&mut harness, "Name of ARMED_GROUP", "NSAG");
    harness.get_by_label("Save").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("Schema saved:");

    let after = settings_annotation_files(&project);
    assert_eq!(after.len(), before.len(), "no file added or lost");
    for ((annotator, old, _), (_, new, text)) in before.iter().zip(&after) {
        assert!(!text.contains("ARMED_GROUP"), "{annotator}: {text}");
        assert_eq!(old.mentions.len(), new.mentions.len(), "every item kept");
        for (o, n) in old.mentions.iter().zip(&new.mentions) {
            let expected = if o.label == "ARMED_GROUP" {
                "NSAG"
            } else {
                &o.label
            };
            assert_eq!(n.label, expected);
            assert_eq!(n.review, o.review, "decisions stand");
        }
    }
    let project_file = std::fs::read_to_string(project.join("project.ron")).unwrap();
    assert!(!project_file.contains("ARMED_GROUP"), "{project_file}");
    assert!(project_file.contains("\"NSAG\""));

    let workspace = harness.state().workspace().expect("a project is open");
    assert!(workspace.project.file.schema.entity_label("NSAG").is_some());
    let open = &workspace
        .docs
        .current()
        .expect("the document reopened")
        .annotations;
    assert!(open.mentions.iter().any(|m| m.label == "NSAG"));
    assert!(!open.mentions.iter().any(|m| m.label == "ARMED_GROUP"));
    drop(harness);
    let check = util::run(&["check", project.to_str().expect("UTF-8 path")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

#[test]
fn settings_a_shortcut_used_twice_is_refused_and_named() {
    let (_dir, project) = settings_project();
    let project_file = std::fs::read(project.join("project.ron")).unwrap();
    let mut harness = harness(app_on(&project));
    harness.run();
    settings_open(&mut harness);
    settings_replace(&mut harness, "Key of STATE_FORCE", "1");
    harness.get_by_label("Save").click();
    harness.run();
    harness.get_by_label_contains("shortcut 1 is used by both \"ARMED_GROUP\" and \"STATE_FORCE\"");
    harness.get_by_label_contains("Not saved: 1 problem(s)");
    assert!(!harness.state().is_busy(), "no save started");
    // Fixing it clears the problem at once.
    settings_replace(&mut harness, "Key of STATE_FORCE", "2");
    assert!(harness.query_by_label_contains("is used by both").is_none());
    drop(harness);
    assert_eq!(
        std::fs::read(project.join("project.ron")).unwrap(),
        project_file,
        "project.ron unchanged"
    );
}

#[test]
fn settings_removing_a_used_label_shows_its_use_count_and_deletes_its_mentions() {
    let (_dir, project) = settings_project();
    let files = settings_annotation_files(&project);
    let uses: Vec<usize> = files
        .iter()
        .map(|(_, set, _)| {
            set.mentions
                .iter()
                .filter(|m| m.label == "STATE_FORCE")
                .count()
        })
        .collect();
    let items: usize = uses.iter().sum();
    let documents: std::collections::HashSet<_> = files
        .iter()
        .zip(&uses)
        .filter(|(_, n)| **n > 0)
        .map(|((_, set, _), _)| set.document.clone())
        .collect();
    assert!(items > 0, "the demo's army is suggested");

    let mut harness = harness(app_on(&project));
    harness.run();
    settings_open(&mut harness);
    harness.get_by_label("Remove STATE_FORCE").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains(&format!(
        "is used by {items} item(s) in {} document(s)",
        documents.len()
    ));
    harness.get_by_label("Remove it").click();
    harness.run();
    assert!(harness.query_by_label("Name of STATE_FORCE").is_none());
    harness.get_by_label("Save").click();
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("Schema saved:");
    drop(harness);
    for (annotator, set, _) in settings_annotation_files(&project) {
        assert!(
            !set.mentions.iter().any(|m| m.label == "STATE_FORCE"),
            "{annotator}"
        );
    }
    let check = util::run(&["check", project.to_str().expect("UTF-8 path")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

// ---- Arcs and re-linking (the arcs helper's block) ----

/// The demo article opened, with the focus on the claim "were claimed
/// by" (its arcs drawn), saved so that its annotation file is on disk.
fn demo_with_claim_focused() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Harness<'static, AttestApp>,
    ItemRef,
) {
    let (dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run_steps(8);
    let claim = ItemRef::Claim(claim_by_cue(&annotations(&harness), "were claimed by").id);
    focus_with_j(&mut harness, claim);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(8);
    (dir, project, harness, claim)
}

fn annotation_file(harness: &Harness<'_, AttestApp>, project: &Path) -> String {
    let document = harness
        .state()
        .workspace()
        .and_then(|w| w.docs.current_id())
        .expect("a document is open");
    let path = project
        .join("annotations")
        .join(ANNOTATOR)
        .join(format!("{document}.ron"));
    // Without the time spent, which the harness's clock moves every frame.
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|line| !line.starts_with("  w:"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The mention `text` in the same sentence as the claim's cue.
fn mention_in_claims_sentence(
    harness: &Harness<'_, AttestApp>,
    cue: &str,
    text: &str,
) -> attest::model::MentionId {
    let set = annotations(harness);
    let document = &harness
        .state()
        .workspace()
        .and_then(|w| w.docs.current())
        .expect("a document is open")
        .document
        .text;
    let sentence = attest::edit::sentence_around(document, claim_by_cue(&set, cue).cue);
    set.mentions
        .iter()
        .find(|m| {
            m.text == text
                && sentence.start_byte <= m.span.start_byte
                && m.span.end_byte <= sentence.end_byte
        })
        .unwrap_or_else(|| panic!("no mention {text:?} in the sentence of {cue:?}"))
        .id
}

fn click_at(harness: &mut Harness<'_, AttestApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run_steps(1);
    harness.drag_at(pos);
    harness.run_steps(1);
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.run_steps(8);
}

fn focus(harness: &Harness<'_, AttestApp>) -> Option<ItemRef> {
    harness.state().workspace().and_then(|w| w.docs.focus)
}

#[test]
fn arcs_are_drawn_from_a_focused_claims_cue_to_its_source_and_responsible_actor() {
    let (_dir, _project, mut harness, claim) = demo_with_claim_focused();
    let set = annotations(&harness);
    let ItemRef::Claim(claim_id) = claim else {
        unreachable!()
    };
    let suggested = set.claim(claim_id).unwrap().clone();
    let Some(ClaimSource::Mention(source)) = suggested.source else {
        panic!("the demo's claim has a source mention: {suggested:?}")
    };
    assert!(!suggested.responsible.is_empty(), "and a responsible actor");
    let arcs: Vec<attest::ui::DrawnArc> = harness
        .state()
        .drawn_arcs()
        .iter()
        .filter(|a| a.item == claim)
        .cloned()
        .collect();
    let cue = harness
        .state()
        .span_on_screen(suggested.cue)
        .expect("the cue is drawn");
    let mut expected: Vec<(attest::edit::LinkRole, ItemRef)> =
        vec![(attest::edit::LinkRole::Source, ItemRef::Mention(source))];
    expected.extend(
        suggested
            .responsible
            .iter()
            .map(|&m| (attest::edit::LinkRole::Responsible, ItemRef::Mention(m))),
    );
    expected.extend(
        suggested
            .events
            .iter()
            .map(|&e| (attest::edit::LinkRole::About, ItemRef::Event(e))),
    );
    let mut drawn: Vec<(attest::edit::LinkRole, ItemRef)> =
        arcs.iter().map(|a| (a.role, a.filler)).collect();
    drawn.sort();
    expected.sort();
    assert_eq!(drawn, expected, "one arc per role filler");
    for arc in &arcs {
        assert_eq!(arc.from, Some(cue), "{:?} starts at the cue", arc.role);
        let ItemRef::Mention(filler) = arc.filler else {
            continue;
        };
        let span = set.mention(filler).unwrap().span;
        let at = harness.state().span_on_screen(span).expect("drawn");
        assert_eq!(arc.to, Some(at), "{:?} ends at its filler's span", arc.role);
    }
    // The ends are where the text is: clicking an arc's head focuses the
    // mention it points at, clicking its tail the claim.
    for arc in arcs
        .iter()
        .filter(|a| a.role != attest::edit::LinkRole::About)
    {
        click_at(&mut harness, arc.to.unwrap().center());
        assert_eq!(focus(&harness), Some(arc.filler), "{:?}", arc.role);
        click_at(&mut harness, arc.from.unwrap().center());
        assert_eq!(focus(&harness), Some(claim));
    }
    // A mention has no arcs of its own; V draws every item's.
    click_at(&mut harness, arcs[0].to.unwrap().center());
    assert!(harness.state().drawn_arcs().is_empty());
    harness.key_press(egui::Key::V);
    harness.run_steps(8);
    let all = harness.state().drawn_arcs();
    assert!(
        all.iter().any(|a| a.item == claim)
            && all.iter().any(|a| matches!(a.item, ItemRef::Event(_))),
        "claims' and events' arcs: {all:?}"
    );
}

#[test]
fn arcs_a_role_is_relinked_from_the_keyboard_written_and_undone() {
    let (_dir, project, mut harness, claim) = demo_with_claim_focused();
    let before = annotation_file(&harness, &project);
    let jnim = mention_in_claims_sentence(&harness, "were claimed by", "JNIM");

    harness.key_press(egui::Key::R);
    harness.run_steps(8);
    let pick = harness.state().pick().expect("R starts picking").clone();
    assert_eq!(
        (pick.item, pick.role),
        (claim, attest::edit::LinkRole::Responsible)
    );
    assert!(pick.candidates.contains(&jnim), "{:?}", pick.candidates);
    harness.get_by_label_contains("J/K choose");
    for _ in 0..pick.candidates.len() {
        if harness.state().pick().and_then(|p| p.current()) == Some(jnim) {
            break;
        }
        harness.key_press(egui::Key::J);
        harness.run_steps(8);
    }
    assert_eq!(harness.state().pick().and_then(|p| p.current()), Some(jnim));
    assert_eq!(
        focus(&harness),
        Some(claim),
        "J picks; it does not move the focus"
    );
    harness.key_press(egui::Key::Enter);
    harness.run_steps(8);
    assert!(harness.state().pick().is_none(), "Enter links and leaves");
    let relinked = claim_by_cue(&annotations(&harness), "were claimed by").clone();
    assert_eq!(relinked.responsible, [jnim]);
    assert_eq!(relinked.review.status, Status::Corrected);
    assert!(
        harness
            .state()
            .drawn_arcs()
            .iter()
            .any(|a| a.role == attest::edit::LinkRole::Responsible
                && a.filler == ItemRef::Mention(jnim)),
        "the arc follows"
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(8);
    let written = annotation_file(&harness, &project);
    assert_ne!(written, before);
    let saved: AnnotationSet = ron::from_str(&written).expect("the file reads");
    assert_eq!(claim_by_cue(&saved, "were claimed by").responsible, [jnim]);

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(8);
    assert_eq!(
        annotation_file(&harness, &project),
        before,
        "undone on disk"
    );

    // Esc leaves without a change.
    harness.key_press(egui::Key::O);
    harness.run_steps(8);
    assert_eq!(
        harness.state().pick().map(|p| p.role),
        Some(attest::edit::LinkRole::Source)
    );
    harness.key_press(egui::Key::J);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(8);
    assert!(harness.state().pick().is_none());
    assert!(!harness.state().workspace().unwrap().docs.has_unsaved());

    // Typing searches the document's mentions ("/" first, so that J and K
    // are letters too); Enter links the first match.
    harness.key_press(egui::Key::O);
    harness.run_steps(8);
    harness.event(egui::Event::Text("/".into()));
    harness.event(egui::Event::Text("jni".into()));
    harness.run_steps(8);
    let pick = harness.state().pick().expect("still picking").clone();
    assert_eq!(pick.filter, "jni");
    let set = annotations(&harness);
    assert!(
        pick.candidates.iter().all(|m| set
            .mention(*m)
            .unwrap()
            .text
            .to_lowercase()
            .contains("jni")),
        "only matches: {:?}",
        pick.candidates
    );
    harness.get_by_label_contains("search “jni”");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(8);
    let source = claim_by_cue(&annotations(&harness), "were claimed by")
        .source
        .clone();
    let Some(ClaimSource::Mention(linked)) = source else {
        panic!("a source mention")
    };
    assert_eq!(
        Some(linked),
        pick.current(),
        "the first match, the nearest JNIM"
    );
    assert_eq!(annotations(&harness).mention(linked).unwrap().text, "JNIM");
}

#[test]
fn arcs_a_role_is_relinked_by_dragging_an_arc_head_written_and_undone() {
    let (_dir, project, mut harness, claim) = demo_with_claim_focused();
    let before = annotation_file(&harness, &project);
    let jnim = mention_in_claims_sentence(&harness, "were claimed by", "JNIM");
    let arc = harness
        .state()
        .drawn_arcs()
        .iter()
        .find(|a| a.item == claim && a.role == attest::edit::LinkRole::Source)
        .expect("the source's arc")
        .clone();
    let handle = arc.handle().expect("its head is drawn");
    let span = annotations(&harness).mention(jnim).unwrap().span;
    let target = harness
        .state()
        .span_on_screen(span)
        .expect("JNIM is drawn")
        .center();

    harness.hover_at(handle);
    harness.run_steps(2);
    harness.drag_at(handle);
    harness.run_steps(2);
    for step in 1..=4 {
        harness.hover_at(handle + (target - handle) * (step as f32 / 4.0));
        harness.run_steps(2);
    }
    harness.drop_at(target);
    harness.run_steps(8);

    let relinked = claim_by_cue(&annotations(&harness), "were claimed by").clone();
    assert_eq!(relinked.source, Some(ClaimSource::Mention(jnim)));
    assert_eq!(relinked.review.status, Status::Corrected);
    assert_eq!(
        focus(&harness),
        Some(claim),
        "the drag does not move the focus"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(8);
    let written = annotation_file(&harness, &project);
    let saved: AnnotationSet = ron::from_str(&written).expect("the file reads");
    assert_eq!(
        claim_by_cue(&saved, "were claimed by").source,
        Some(ClaimSource::Mention(jnim))
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run_steps(8);
    assert_eq!(
        annotation_file(&harness, &project),
        before,
        "undone on disk"
    );
}

// ---- Learning: the Recommenders panel ----

/// Runs frames until background training has ended.
fn learn_wait_for_training(harness: &mut Harness<'_, AttestApp>) {
    for _ in 0..3000 {
        harness.run_steps(1);
        if !harness
            .state()
            .workspace()
            .expect("open")
            .learning
            .is_training()
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("training never ended");
}

/// Runs frames until no window waits for background work.
fn learn_wait_for_windows(harness: &mut Harness<'_, AttestApp>) {
    for _ in 0..3000 {
        harness.run_steps(1);
        if !harness.state().is_busy() {
            harness.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("the window's background work never ended");
}

#[test]
fn learn_recommenders_panel_shows_the_taggers_scores_after_training() {
    let (_dir, project, ids) = project_with_learn_articles();
    let mut harness = harness(app_on(&project));
    harness.run_steps(4);
    // Before anything is finished: F6 opens the panel, nothing is trained.
    harness.key_press(egui::Key::F6);
    learn_wait_for_windows(&mut harness);
    harness.get_by_label("learned:tagger");
    assert!(harness.get_all_by_label("not trained").count() >= 2);
    for id in &ids[..2] {
        open_document(&mut harness, id);
        // Accept the first suggestions (J to focus, A to accept), then finish.
        for _ in 0..4 {
            harness.key_press(egui::Key::J);
            harness.run_steps(2);
            harness.key_press(egui::Key::A);
            harness.run_steps(2);
        }
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
        harness.run_steps(4);
        assert!(annotations(&harness).finished.is_some());
    }
    learn_wait_for_training(&mut harness);
    // The panel, still open, reads the new models when training ends.
    learn_wait_for_windows(&mut harness);
    assert_eq!(
        harness.query_all_by_label("not trained").count(),
        0,
        "both learners are trained"
    );
    assert!(harness.get_all_by_label("trained").count() >= 2);
    harness.get_by_label("learned:tagger: held-out scores per label");
    harness.get_by_label("learned:string: held-out scores per label");
    assert!(harness.get_all_by_label("all (micro)").count() >= 2);
    // The rules, measured on the same finished documents, per label.
    assert!(harness.get_all_by_label("rule:catalogue").count() >= 1);
    harness.get_by_label_contains("Activation gating is off");
    // Two training documents in each row of the table.
    assert!(harness.get_all_by_label("2").count() >= 2);
    let history = std::fs::read_to_string(project.join("models/history.jsonl")).expect("written");
    // Each finish trained (the second run queued behind the first when it
    // was still going): a curve point per learner per run, the mention
    // learners in both (the trigger and cue learners add theirs when they
    // had something to learn).
    let points: Vec<serde_json::Value> = history
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    let runs: std::collections::BTreeSet<&str> = points
        .iter()
        .filter_map(|p| p["trained_at"].as_str())
        .collect();
    assert_eq!(runs.len(), 2, "{history}");
    for run in &runs {
        for learner in ["learned:string", "learned:tagger"] {
            assert!(
                points
                    .iter()
                    .any(|p| p["trained_at"] == *run && p["recommender"] == learner),
                "{learner} in run {run}: {history}"
            );
        }
    }
    assert!(
        history
            .lines()
            .last()
            .is_some_and(|l| l.contains("\"training_documents\":2")),
        "{history}"
    );
    // F6 again closes it.
    harness.key_press(egui::Key::F6);
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label("learned:tagger: held-out scores per label")
            .is_none()
    );
}

#[test]
fn settings_the_recommenders_activation_is_set_in_the_window_and_saved() {
    let (_dir, project) = settings_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    settings_open(&mut harness);
    // The group sits below the schema's tables: scrolled into view first.
    harness.get_by_label("Activation threshold").scroll_to_me();
    harness.run();
    harness
        .get_by_label("Activation threshold")
        .set_value_accesskit(0.4);
    harness.run();
    harness.get_by_label("F1").click();
    harness.run();
    harness
        .get_by_label("Next document (N): the one the tagger is least sure of")
        .click();
    harness.run();
    harness.get_by_label("Save").click();
    let saved = || {
        let text = std::fs::read_to_string(project.join("project.ron")).unwrap();
        ron::from_str::<attest::model::ProjectFile>(&text)
            .unwrap()
            .settings
    };
    for _ in 0..300 {
        harness.run_steps(1);
        let adopted = harness
            .state()
            .workspace()
            .unwrap()
            .project
            .file
            .settings
            .next_document_least_sure;
        if adopted && !harness.state().is_busy() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let settings = saved();
    assert!(settings.next_document_least_sure);
    assert_eq!(
        settings.activation_metric,
        attest::model::ActivationMetric::F1
    );
    assert!(
        (settings.activation_threshold - 0.4).abs() < 1e-9,
        "{}",
        settings.activation_threshold
    );
    // The workspace gates with the new settings from now on.
    let workspace = harness.state().workspace().unwrap();
    assert!((workspace.project.file.settings.activation_threshold - 0.4).abs() < 1e-9);
}

// ---- Annotating what the tool missed ----

const ZIBANE_NOTE: &str = "On 16 May 2022, presumed IS Sahel militants killed three people \
including a Nigerien Red Cross employee in the village of Zibane (Tillaberi region). \
The group claimed responsibility for the attack and for an ambush near Tera.";

/// A project holding the Zibane note, which opens with no suggestion:
/// everything in it is the analyst's own.
fn zibane_project() -> (tempfile::TempDir, std::path::PathBuf, Vec<DocumentId>) {
    let (dir, project, ids) = catalogue_project(&[ZIBANE_NOTE]);
    let (mut opened, _) = attest::store::Project::open(
        &project,
        attest::store::OpenMode::ReadWrite {
            annotator: ANNOTATOR.into(),
        },
    )
    .expect("test setup");
    opened.file.settings.suggest_on_open = false;
    opened.save_project_file().expect("test setup");
    (dir, project, ids)
}

/// Types `typed` as a keyboard would: each character's text event.
fn type_text(harness: &mut Harness<'_, AttestApp>, typed: &str) {
    harness.event(egui::Event::Text(typed.to_owned()));
    harness.run();
}

#[test]
fn an_event_and_a_claim_the_tool_missed_are_created_from_the_keyboard() {
    let (_dir, project, ids) = zibane_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let document = ids[0].clone();
    let text = ZIBANE_NOTE.to_owned();

    // The trigger: select "killed", press E, type to filter, Enter.
    select_text(&mut harness, &document, &text, "killed");
    harness.key_press(egui::Key::E);
    harness.run();
    harness.get_by_label("New event: its type");
    type_text(&mut harness, "civilians attack");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(
        harness.query_by_label("New event: its type").is_none(),
        "picked and closed"
    );
    let set = annotations(&harness);
    let event = set
        .events
        .iter()
        .find(|e| e.trigger_text == "killed" && e.review.proposed.is_none())
        .expect("an event made by the analyst on 'killed'")
        .clone();
    assert_eq!(event.event_type, "Violence against civilians");
    assert_eq!(event.sub_type.as_deref(), Some("Attack"));
    assert_eq!(event.review.status, Status::Accepted);
    assert_eq!(
        focus(&harness),
        Some(ItemRef::Event(event.id)),
        "the new event has the focus"
    );

    // Its roles: selected words that are no mention yet become one and
    // fill the role in one step, the role's usual label offered first.
    let mut fill = |needle: &str, role_key: egui::Key, typed: &str| {
        select_text(&mut harness, &document, &text, needle);
        harness.key_press(role_key);
        harness.run();
        if !typed.is_empty() {
            type_text(&mut harness, typed);
        }
        harness.key_press(egui::Key::Enter);
        harness.run();
    };
    fill("IS Sahel militants", egui::Key::G, "");
    fill("three people", egui::Key::T, "civilians");
    fill("Zibane", egui::Key::L, "");
    fill("16 May 2022", egui::Key::D, "");
    let set = annotations(&harness);
    let filled = set.event(event.id).unwrap();
    let role = |name: &str| -> Vec<(String, String)> {
        filled.roles[name]
            .iter()
            .map(|id| {
                let m = set.mention(*id).unwrap();
                (m.text.clone(), m.label.clone())
            })
            .collect()
    };
    let pair = |a: &str, b: &str| vec![(a.to_owned(), b.to_owned())];
    assert_eq!(role("agent"), pair("IS Sahel militants", "ARMED_GROUP"));
    assert_eq!(role("target"), pair("three people", "CIVILIANS"));
    assert_eq!(role("location"), pair("Zibane", "LOCATION"));
    assert_eq!(role("time"), pair("16 May 2022", "DATE"));
    assert_eq!(
        focus(&harness),
        Some(ItemRef::Event(event.id)),
        "the focus stays"
    );
    let event = filled.clone();

    // The cue: select "claimed responsibility", press C, pick Claimed.
    select_text(&mut harness, &document, &text, "claimed responsibility");
    harness.key_press(egui::Key::C);
    harness.run();
    type_text(&mut harness, "claimed");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let set = annotations(&harness);
    let claim = set
        .claims
        .iter()
        .find(|c| c.cue_text == "claimed responsibility" && c.review.proposed.is_none())
        .expect("a claim made by the analyst")
        .clone();
    assert_eq!(claim.stance, "Claimed");
    assert_eq!(focus(&harness), Some(ItemRef::Claim(claim.id)));

    // Esc leaves the list and makes nothing; E with nothing selected says why.
    let before = annotations(&harness);
    select_text(&mut harness, &document, &text, "ambush");
    harness.key_press(egui::Key::E);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(annotations(&harness), before, "nothing made");
    harness.key_press(egui::Key::E);
    harness.run();
    assert!(harness.query_by_label("New event: its type").is_none());
    harness.get_by_label_contains("Select the words of the event's trigger first");

    // Undo takes the claim away, redo brings it back; saved, it is on disk.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(annotations(&harness).claim(claim.id).is_none());
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert_eq!(annotations(&harness).claim(claim.id), Some(&claim));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let path = project
        .join("annotations")
        .join(ANNOTATOR)
        .join(format!("{document}.ron"));
    let (saved, _) =
        attest::store::read_annotation_file(&path, &document, ANNOTATOR).expect("saved file");
    assert_eq!(saved.event(event.id), Some(&event));
    assert_eq!(saved.claim(claim.id), Some(&claim));

    // What the analyst made is what the datasets hold: the event as an
    // ACLED-style row, with its type, date and place from the roles.
    let rows = acled_rows(&project);
    let row = rows
        .iter()
        .find(|r| r["event_type"] == "Violence against civilians")
        .unwrap_or_else(|| panic!("the analyst's event is exported: {rows:?}"));
    assert_eq!(row["sub_event_type"], "Attack", "{row:?}");
    assert_eq!(row["event_date"], "2022-05-16", "{row:?}");
    assert_eq!(row["location"], "Zibane", "{row:?}");

    // Shift+Delete deletes what the analyst made (a suggestion is only
    // ever rejected); undo brings it back.
    focus_with_j(&mut harness, ItemRef::Claim(claim.id));
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Delete);
    harness.run();
    assert!(annotations(&harness).claim(claim.id).is_none(), "deleted");
    assert!(
        annotations(&harness).event(event.id).is_some(),
        "only the claim"
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(annotations(&harness).claim(claim.id), Some(&claim));
}

#[test]
fn any_label_type_or_stance_is_picked_by_typing() {
    let (_dir, project, ids) = zibane_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let text = ZIBANE_NOTE.to_owned();

    // Y with text selected: a mention with any label, digit key or not.
    select_text(&mut harness, &ids[0], &text, "Nigerien Red Cross");
    harness.key_press(egui::Key::Y);
    harness.run();
    harness.get_by_label("New mention: its label");
    type_text(&mut harness, "organ");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let made = mention_by_text(&annotations(&harness), "Nigerien Red Cross").clone();
    assert_eq!(made.label, "ORGANIZATION");
    assert_eq!(focus(&harness), Some(ItemRef::Mention(made.id)));

    // Y on the focused mention relabels it.
    harness.key_press(egui::Key::Y);
    harness.run();
    harness.get_by_label("Its label");
    type_text(&mut harness, "civilians");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        annotations(&harness).mention(made.id).unwrap().label,
        "CIVILIANS"
    );

    // Y on a focused event retypes it, sub-type included.
    select_text(&mut harness, &ids[0], &text, "killed");
    harness.key_press(egui::Key::E);
    harness.run();
    type_text(&mut harness, "battles");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let Some(ItemRef::Event(event)) = focus(&harness) else {
        panic!("the new event has the focus")
    };
    harness.key_press(egui::Key::Y);
    harness.run();
    harness.get_by_label("Its event type");
    type_text(&mut harness, "against civilians attack");
    harness.key_press(egui::Key::Enter);
    harness.run();
    // The trigger's edges move by a word from the keyboard.
    harness.key_press(egui::Key::CloseBracket);
    harness.run();
    assert_eq!(
        annotations(&harness).event(event).unwrap().trigger_text,
        "killed three"
    );
    harness.key_press(egui::Key::OpenBracket);
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::OpenBracket);
    harness.run();
    assert_eq!(
        annotations(&harness).event(event).unwrap().trigger_text,
        "militants killed"
    );
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::CloseBracket);
    harness.run();
    let retyped = annotations(&harness).event(event).unwrap().clone();
    assert_eq!(retyped.trigger_text, "killed");
    assert_eq!(
        (retyped.event_type.as_str(), retyped.sub_type.as_deref()),
        ("Violence against civilians", Some("Attack"))
    );
    assert_eq!(
        retyped.review.status,
        Status::Accepted,
        "the analyst's own stays accepted"
    );
}

#[test]
fn a_new_catalogue_entry_is_offered_for_actors_only() {
    let (_dir, project, ids) = zibane_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let text = ZIBANE_NOTE.to_owned();
    let make = |harness: &mut Harness<'_, AttestApp>, needle: &str, typed: &str| {
        select_text(harness, &ids[0], &text, needle);
        harness.key_press(egui::Key::Y);
        harness.run();
        type_text(harness, typed);
        harness.key_press(egui::Key::Enter);
        harness.run();
    };
    make(&mut harness, "16 May 2022", "date");
    assert_eq!(
        mention_by_text(&annotations(&harness), "16 May 2022").label,
        "DATE"
    );
    assert!(
        harness
            .query_by_label_contains("New catalogue entry")
            .is_none(),
        "a date is no actor"
    );
    make(&mut harness, "IS Sahel militants", "armed");
    harness.get_by_label_contains("New catalogue entry “IS Sahel militants” (ArmedGroup)");
}

/// Exports the annotator's gold with the command line into a folder beside
/// the project, named after the format, and returns the folder.
fn export_with_cli(project: &Path, format: &str) -> std::path::PathBuf {
    let out = project.with_file_name(format);
    let exported = util::run(&[
        "export",
        project.to_str().expect("UTF-8 path"),
        "--format",
        format,
        "--annotator",
        ANNOTATOR,
        "--out",
        out.to_str().expect("UTF-8 path"),
    ]);
    assert!(exported.status.success(), "{}", util::stderr(&exported));
    out
}

/// The rows of the annotator's ACLED-style export, by column name.
fn acled_rows(project: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let out = export_with_cli(project, "acled-csv");
    std::fs::read_dir(&out)
        .expect("export folder")
        .flatten()
        .filter(|f| f.path().extension().is_some_and(|e| e == "csv"))
        .flat_map(|f| {
            csv::Reader::from_path(f.path())
                .expect("a CSV file")
                .deserialize()
                .collect::<Result<Vec<_>, _>>()
                .expect("CSV rows")
        })
        .collect()
}

/// Delivers `events` in a single frame, as a window does with keys typed
/// faster than it draws (`Harness::event` gives each event its own frame).
fn in_one_frame<const N: usize>(harness: &mut Harness<'_, AttestApp>, events: [egui::Event; N]) {
    harness.input_mut().events.extend(events);
    harness.run();
}

/// A key's press event alone, to put several keys in one frame.
fn key_down(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

/// Presses `key` as a keyboard does: its character is typed too (into the
/// paragraph holding the selection, if the view let it).
fn press_typed(harness: &mut Harness<'_, AttestApp>, key: egui::Key, typed: &str) {
    harness.event(egui::Event::Text(typed.to_owned()));
    harness.key_press(key);
    harness.run();
}

/// Selects `words` the keyboard's way: `/`, the words, Enter.
fn find_and_select(harness: &mut Harness<'_, AttestApp>, words: &str) {
    harness.key_press(egui::Key::Slash);
    harness.run();
    harness.get_by_label("Find: ");
    type_text(harness, words);
    // One frame only: a busy window delivers the next key in the very next
    // frame, before the found words are selected in the paragraph.
    harness.key_press(egui::Key::Enter);
    harness.step();
}

#[test]
fn a_note_with_no_suggestion_is_brought_to_gold_without_the_mouse() {
    let (_dir, project, ids) = zibane_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let selection = |harness: &Harness<'_, AttestApp>| -> Option<String> {
        let span = harness.state().text_selection()?;
        Some(span.text(ZIBANE_NOTE)?.to_owned())
    };

    // Typed words are found, the next place by Tab, and Enter selects
    // them; a part of a word selects the whole word. Typed in one frame
    // with the `/` that opens the finder, no letter is lost.
    in_one_frame(
        &mut harness,
        [
            key_down(egui::Key::Slash),
            egui::Event::Text("/".into()),
            egui::Event::Text("kill".into()),
        ],
    );
    harness.get_by_label_contains("1 of 1: …, presumed IS Sahel militants [killed] three");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(selection(&harness).as_deref(), Some("killed"));
    // E, the type's words and Enter in one frame: the event is made.
    in_one_frame(
        &mut harness,
        [
            key_down(egui::Key::E),
            egui::Event::Text("e".into()),
            egui::Event::Text("civilians attack".into()),
            key_down(egui::Key::Enter),
        ],
    );
    let set = annotations(&harness);
    let attack = set
        .events
        .iter()
        .find(|e| e.trigger_text == "killed")
        .unwrap()
        .id;
    assert_eq!(focus(&harness), Some(ItemRef::Event(attack)));

    // `]` widens the selection by a word before the role key takes it.
    find_and_select(&mut harness, "IS Sahel");
    assert_eq!(selection(&harness).as_deref(), Some("IS Sahel"));
    harness.key_press(egui::Key::CloseBracket);
    harness.run();
    assert_eq!(selection(&harness).as_deref(), Some("IS Sahel militants"));
    press_typed(&mut harness, egui::Key::G, "g");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    // Keys typed faster than frames come: Enter and the role key in one
    // frame still select the words, then fill the role with them.
    harness.key_press(egui::Key::Slash);
    harness.run();
    type_text(&mut harness, "16 May 2022");
    in_one_frame(
        &mut harness,
        [
            key_down(egui::Key::Enter),
            key_down(egui::Key::D),
            egui::Event::Text("d".into()),
        ],
    );
    harness.get_by_label("New time: its label");
    harness.key_press(egui::Key::Enter);
    harness.run();
    for (words, role_key, label) in [
        ("three people", egui::Key::T, "civilians"),
        ("Zibane", egui::Key::L, ""),
    ] {
        find_and_select(&mut harness, words);
        press_typed(
            &mut harness,
            role_key,
            &format!("{role_key:?}").to_lowercase(),
        );
        harness.run();
        if !label.is_empty() {
            type_text(&mut harness, label);
        }
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    // Tab steps to the second "three" is not needed: the toll is the
    // first word of "three people".
    find_and_select(&mut harness, "three");
    press_typed(&mut harness, egui::Key::F, "f");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();

    // The second event, the ambush; Tab passes over a place it is not.
    harness.key_press(egui::Key::Slash);
    harness.run();
    type_text(&mut harness, "an");
    let first = harness.state().finding_current().expect("found");
    harness.key_press(egui::Key::Tab);
    harness.run();
    assert_ne!(
        harness.state().finding_current(),
        Some(first),
        "Tab moves on"
    );
    for _ in 0..3 {
        harness.key_press(egui::Key::Backspace);
        harness.run();
    }
    type_text(&mut harness, "ambush");
    harness.key_press(egui::Key::Enter);
    harness.run();
    press_typed(&mut harness, egui::Key::E, "e");
    harness.run();
    type_text(&mut harness, "armed clash");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let set = annotations(&harness);
    let ambush = set
        .events
        .iter()
        .find(|e| e.trigger_text == "ambush")
        .unwrap()
        .id;

    // The claim, its responsible group, and the two events it is about,
    // each added from the event list by typing and Enter.
    find_and_select(&mut harness, "claimed responsibility");
    press_typed(&mut harness, egui::Key::C, "c");
    harness.run();
    type_text(&mut harness, "claimed");
    harness.key_press(egui::Key::Enter);
    harness.run();
    find_and_select(&mut harness, "The group");
    press_typed(&mut harness, egui::Key::R, "r");
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    for trigger in ["killed", "ambush"] {
        harness.key_press(egui::Key::B);
        harness.run();
        harness.get_by_label("About which events (Enter adds or removes one)");
        type_text(&mut harness, trigger);
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    let set = annotations(&harness);
    let claim = set
        .claims
        .iter()
        .find(|c| c.cue_text == "claimed responsibility")
        .expect("the claim")
        .clone();
    assert_eq!(claim.events, [attack, ambush], "about both events");
    let named = |ids: &[attest::model::MentionId]| -> Vec<String> {
        ids.iter()
            .map(|id| set.mention(*id).unwrap().text.clone())
            .collect()
    };
    assert_eq!(named(&claim.responsible), ["The group"]);
    let event = set.event(attack).unwrap();
    for (role, expected) in [
        ("agent", "IS Sahel militants"),
        ("target", "three people"),
        ("location", "Zibane"),
        ("time", "16 May 2022"),
        ("fatalities", "three"),
    ] {
        assert_eq!(named(&event.roles[role]), [expected], "{role}");
    }

    // B again on a linked event unlinks it; undo links it back.
    harness.key_press(egui::Key::B);
    harness.run();
    harness.get_by_label_contains("“ambush” (linked; Enter unlinks)");
    type_text(&mut harness, "ambush");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        annotations(&harness).claim(claim.id).unwrap().events,
        [attack]
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(annotations(&harness).claim(claim.id), Some(&claim));

    // The who-did-what table gives the claim to both attacks.
    harness.key_press(egui::Key::F4);
    harness.run();
    let table = harness.get_by_role_and_label(egui::accesskit::Role::Window, "Who did what");
    assert_eq!(
        table.query_all_by_label("Claimed").count(),
        2,
        "one claim cell per event"
    );
    assert_eq!(table.query_all_by_label("The group").count(), 2);

    // Saved and exported: one ACLED row per event, the ambush's actor
    // taken from the claim of responsibility.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let document = &ids[0];
    let path = project
        .join("annotations")
        .join(ANNOTATOR)
        .join(format!("{document}.ron"));
    let (saved, _) =
        attest::store::read_annotation_file(&path, document, ANNOTATOR).expect("saved file");
    assert_eq!(saved.claim(claim.id), Some(&claim));
    let rows = acled_rows(&project);
    assert_eq!(rows.len(), 2, "{rows:?}");
    let ambush_row = rows
        .iter()
        .find(|r| r["event_type"] == "Battles")
        .unwrap_or_else(|| panic!("the ambush is exported: {rows:?}"));
    assert_eq!(ambush_row["actor1"], "The group", "{ambush_row:?}");
    let attack_row = rows
        .iter()
        .find(|r| r["event_type"] == "Violence against civilians")
        .unwrap();
    assert_eq!(attack_row["fatalities"], "3", "{attack_row:?}");
}

#[test]
fn a_relation_is_drawn_from_the_keyboard_and_exported_as_brat_and_jsonl() {
    let (_dir, project, ids) = zibane_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    for place in ["Zibane", "Tillaberi region"] {
        find_and_select(&mut harness, place);
        harness.key_press(egui::Key::Y);
        harness.run();
        type_text(&mut harness, "location");
        harness.key_press(egui::Key::Enter);
        harness.run();
    }
    let set = annotations(&harness);
    let zibane = mention_by_text(&set, "Zibane").id;
    let region = mention_by_text(&set, "Tillaberi region").id;
    harness.key_press(egui::Key::K);
    harness.run();
    assert_eq!(focus(&harness), Some(ItemRef::Mention(zibane)));

    // Shift+R: the type by typing, then the other end among the
    // sentence's mentions, Enter draws it.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::R);
    harness.run();
    harness.get_by_label("Relation: its type");
    type_text(&mut harness, "part");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let pick = harness
        .state()
        .pick()
        .expect("the other end is picked next");
    assert_eq!(pick.relation.as_deref(), Some("PartOf"));
    assert_eq!(
        pick.candidates,
        [region],
        "the mention itself is no candidate"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    let set = annotations(&harness);
    assert_eq!(set.relations.len(), 1);
    let relation = set.relations[0].clone();
    assert_eq!(
        (relation.kind.as_str(), relation.from, relation.to),
        ("PartOf", ItemRef::Mention(zibane), ItemRef::Mention(region))
    );
    assert!(
        harness
            .state()
            .drawn_arcs()
            .iter()
            .any(|a| a.role == attest::edit::LinkRole::Related
                && a.filler == ItemRef::Mention(region)),
        "drawn as an arc from the focused mention"
    );

    // Drawn again, it is taken away; undo brings it back.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::R);
    harness.run();
    type_text(&mut harness, "part");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(annotations(&harness).relations.is_empty());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(annotations(&harness).relations, [relation]);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();

    // brat's R line between the two T lines, and jsonl's relations.
    let brat = export_with_cli(&project, "brat");
    let ann_path = walkdir::WalkDir::new(&brat)
        .into_iter()
        .flatten()
        .map(|f| f.path().to_owned())
        .find(|p| p.extension().is_some_and(|e| e == "ann"))
        .expect("an .ann file");
    let ann = std::fs::read_to_string(ann_path).expect("the .ann file");
    let entity = |text: &str| {
        ann.lines()
            .find(|l| l.starts_with('T') && l.ends_with(&format!("\t{text}")))
            .and_then(|l| l.split('\t').next())
            .unwrap_or_else(|| panic!("{text} in\n{ann}"))
            .to_owned()
    };
    let expected = format!(
        "PartOf Arg1:{} Arg2:{}",
        entity("Zibane"),
        entity("Tillaberi region")
    );
    assert!(
        ann.lines()
            .any(|l| l.starts_with('R') && l.ends_with(&expected)),
        "{expected} in\n{ann}"
    );
    let conf = std::fs::read_to_string(brat.join("annotation.conf")).expect("annotation.conf");
    assert!(conf.contains("PartOf"), "declared:\n{conf}");
    let jsonl = export_with_cli(&project, "jsonl");
    let line = walkdir::WalkDir::new(&jsonl)
        .into_iter()
        .flatten()
        .filter(|f| f.path().extension().is_some_and(|e| e == "jsonl"))
        .map(|f| std::fs::read_to_string(f.path()).unwrap_or_default())
        .find(|t| t.contains(ids[0].as_str()))
        .expect("the document's record");
    let record: serde_json::Value =
        serde_json::from_str(line.lines().next().unwrap()).expect("a JSON record");
    let relations = record["relations"].as_array().expect("relations");
    assert_eq!(relations.len(), 1, "{record}");
    let mention_text = |id: &serde_json::Value| {
        record["mentions"]
            .as_array()
            .and_then(|ms| ms.iter().find(|m| &m["id"] == id))
            .map(|m| m["text"].clone())
    };
    assert_eq!(relations[0]["type"], "PartOf", "{record}");
    assert_eq!(
        (
            mention_text(&relations[0]["from"]),
            mention_text(&relations[0]["to"])
        ),
        (Some("Zibane".into()), Some("Tillaberi region".into())),
        "{record}"
    );
}

#[test]
fn every_occurrence_of_a_mention_is_labelled_after_a_preview_in_one_undo_step() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let text = {
        let workspace = harness
            .state()
            .workspace()
            .expect("the demo project opened");
        workspace
            .docs
            .current()
            .expect("a document")
            .document
            .text
            .clone()
    };
    // "junta" three times: twice alone, once joined to "-led".
    let first = text.find("junta").expect("the demo names the junta");
    let span = attest::model::Span::new(first, first + "junta".len());
    let workspace = harness
        .state_mut()
        .workspace_mut()
        .expect("a project is open");
    workspace.create_mention(span, "STATE_FORCE");
    let made = annotations(&harness)
        .mentions
        .iter()
        .find(|m| m.text == "junta" && m.label == "STATE_FORCE")
        .map(|m| ItemRef::Mention(m.id))
        .expect("the mention made");
    focus_with_j(&mut harness, made);
    let juntas = |set: &AnnotationSet| {
        set.mentions
            .iter()
            .filter(|m| m.text == "junta" && m.label == "STATE_FORCE" && m.review.status.is_gold())
            .count()
    };
    assert_eq!(juntas(&annotations(&harness)), 1);

    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::A);
    harness.run();
    harness.get_by_label_contains("Label every “junta” as STATE_FORCE");
    harness.get_by_label_contains("Label 1 more in this document");
    assert_eq!(
        juntas(&annotations(&harness)),
        1,
        "nothing before the analyst says so"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    let set = annotations(&harness);
    assert_eq!(juntas(&set), 2, "{:?}", set.mentions);
    assert!(
        !set.mentions
            .iter()
            .any(|m| m.text.starts_with("junta-") || m.text == "junta-led"),
        "a word joined to another is no occurrence"
    );
    harness.get_by_label_contains("Labelled 1 more occurrence(s)");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        juntas(&annotations(&harness)),
        1,
        "one undo step takes it back"
    );

    // Escape leaves the preview without labelling anything.
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::A);
    harness.run();
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(juntas(&annotations(&harness)), 1);
}

#[test]
fn open_suggestions_of_one_label_are_rejected_in_bulk_from_the_keyboard_in_one_undo_step() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let open_of = |set: &AnnotationSet, label: &str| {
        set.mentions
            .iter()
            .filter(|m| m.label == label && matches!(m.review.status, Status::Suggested { .. }))
            .count()
    };
    let before = annotations(&harness);
    let places = open_of(&before, "LOCATION");
    let groups = open_of(&before, "ARMED_GROUP");
    assert!(places > 1 && groups > 0, "the demo's suggestions");

    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::D);
    harness.run();
    harness.get_by_label_contains("Decide open suggestions in bulk");
    harness.get_by_label(&format!("Reject open LOCATION ({places})"));
    type_text(&mut harness, "reject location");
    harness.key_press(egui::Key::Enter);
    harness.run();

    let after = annotations(&harness);
    assert_eq!(open_of(&after, "LOCATION"), 0);
    assert_eq!(
        after
            .mentions
            .iter()
            .filter(|m| m.label == "LOCATION" && m.review.status == Status::Rejected)
            .count(),
        places
    );
    assert_eq!(
        open_of(&after, "ARMED_GROUP"),
        groups,
        "other labels are left open"
    );
    harness.get_by_label_contains(&format!("Rejected {places} suggestion(s)"));

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(
        annotations(&harness),
        before,
        "one undo step takes it all back"
    );
}

#[test]
fn a_comment_written_on_an_item_or_the_document_is_shown_saved_and_exported_to_jsonl_and_brat() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let jnim = annotations(&harness)
        .mentions
        .iter()
        .find(|m| m.text == "JNIM")
        .map(|m| ItemRef::Mention(m.id))
        .expect("the demo's JNIM");
    focus_with_j(&mut harness, jnim);
    // Accepted, so that the gold exports carry it.
    harness.key_press(egui::Key::A);
    harness.run();
    focus_with_j(&mut harness, jnim);

    harness.key_press(egui::Key::M);
    harness.run();
    harness.get_by_label_contains("Comment on ");
    type_text(&mut harness, "claim seen on its Telegram channel");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let comment = |harness: &Harness<'_, AttestApp>| {
        attest::edit::comment_on(&annotations(harness), jnim).map(str::to_owned)
    };
    assert_eq!(
        comment(&harness).as_deref(),
        Some("claim seen on its Telegram channel")
    );
    harness.get_by_label("Comment: claim seen on its Telegram channel");

    // Esc leaves it as it was; Ctrl+Z takes it back, Ctrl+Shift+Z again.
    harness.key_press(egui::Key::M);
    harness.run();
    type_text(&mut harness, " (unverified)");
    harness.key_press(egui::Key::Escape);
    harness.run();
    assert_eq!(
        comment(&harness).as_deref(),
        Some("claim seen on its Telegram channel")
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert_eq!(comment(&harness), None);
    harness.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    harness.run();
    assert!(comment(&harness).is_some());

    // With nothing focused, M comments on the document itself.
    harness
        .state_mut()
        .workspace_mut()
        .expect("a project is open")
        .docs
        .focus = None;
    harness.run();
    harness.key_press(egui::Key::M);
    harness.run();
    harness.get_by_label_contains("Comment on the document");
    type_text(&mut harness, "same attack as the AFP story of 3 March");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_eq!(
        attest::edit::comment_on_target(&annotations(&harness), attest::model::Target::Document),
        Some("same attack as the AFP story of 3 March")
    );
    harness.get_by_label("Comment on the document: same attack as the AFP story of 3 March");

    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();
    let jsonl = export_with_cli(&project, "jsonl");
    let records = std::fs::read_to_string(jsonl.join("all.jsonl")).expect("the export");
    assert!(
        records.contains("claim seen on its Telegram channel"),
        "{records}"
    );
    let record: serde_json::Value =
        serde_json::from_str(records.lines().next().expect("a record")).expect("JSON");
    assert!(
        record["notes"]
            .as_array()
            .expect("notes")
            .iter()
            .any(|n| n["item"] == "document"
                && n["text"] == "same attack as the AFP story of 3 March"),
        "{record}"
    );
    // And back: imported into another project, the note is the document's.
    let other = project.with_file_name("reimported");
    let other_path = other.to_str().expect("utf-8");
    assert!(util::run(&["new", other_path]).status.success());
    let imported = util::run(&[
        "import",
        other_path,
        jsonl.join("all.jsonl").to_str().expect("utf-8"),
        "--format",
        "jsonl",
        "--annotator",
        "ana",
    ]);
    assert!(imported.status.success(), "{}", util::stderr(&imported));
    let (mut reopened, _) =
        attest::store::Project::open(&other, attest::store::OpenMode::ReadOnly).expect("opens");
    let id = reopened.documents()[0].id.clone();
    let set = reopened.load_annotations(&id, "ana").expect("reads");
    assert_eq!(
        attest::edit::comment_on_target(&set, attest::model::Target::Document),
        Some("same attack as the AFP story of 3 March")
    );
    drop(reopened);
    // One comment per document: another one imported is named, not added.
    let changed = dir_of(&jsonl).join("changed.jsonl");
    std::fs::write(
        &changed,
        records.replace(
            "same attack as the AFP story of 3 March",
            "a different note",
        ),
    )
    .expect("test setup");
    let again = util::run(&[
        "import",
        other_path,
        changed.to_str().expect("utf-8"),
        "--format",
        "jsonl",
        "--annotator",
        "ana",
    ]);
    let said = format!("{}{}", util::stdout(&again), util::stderr(&again));
    assert!(said.contains("has a comment already"), "{said}");
    let (mut reopened, _) =
        attest::store::Project::open(&other, attest::store::OpenMode::ReadOnly).expect("opens");
    let set = reopened.load_annotations(&id, "ana").expect("reads");
    assert_eq!(
        set.notes
            .iter()
            .filter(|n| n.target == attest::model::Target::Document)
            .count(),
        1
    );
    let brat = export_with_cli(&project, "brat");
    let notes: Vec<String> = std::fs::read_dir(brat.join("all"))
        .expect("the brat export")
        .flatten()
        .filter(|f| f.path().extension().is_some_and(|e| e == "ann"))
        .flat_map(|f| {
            std::fs::read_to_string(f.path())
                .expect("an .ann file")
                .lines()
                .filter(|l| l.starts_with('#'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        notes.iter().any(|l| l.contains("AnnotatorNotes T")
            && l.ends_with("\tclaim seen on its Telegram channel")),
        "{notes:?}"
    );
}

#[test]
fn the_time_spent_on_a_document_is_saved_with_its_annotations_idle_pauses_left_out() {
    let (_dir, project) = util::copy_of_demo_project();
    let mut harness = harness(app_on(&project));
    harness.run();
    let document = harness
        .state()
        .workspace()
        .expect("the demo project opened")
        .docs
        .current_id()
        .expect("a document")
        .clone();
    // A session on a simulated clock: keys at these seconds; the pause
    // from 40 s to 400 s is idle (over two minutes without input).
    for (at, key) in [
        (10.0, egui::Key::J),
        (20.0, egui::Key::J),
        (40.0, egui::Key::K),
        (400.0, egui::Key::J),
        (405.0, egui::Key::J),
    ] {
        harness.input_mut().time = Some(at);
        harness.key_press(key);
        harness.step();
    }
    harness.input_mut().time = Some(406.0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.step();
    harness.run();
    let (mut opened, _) =
        attest::store::Project::open(&project, attest::store::OpenMode::ReadOnly).unwrap();
    let saved = opened.load_annotations(&document, ANNOTATOR).unwrap();
    // 10 + 20 (to 40 s), idle to 400 s, then 5 + 1.
    assert_eq!(saved.active_seconds, 36);
}

#[test]
fn the_document_list_shows_the_analysts_assigned_documents_first() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    let p = project.to_str().unwrap();
    assert!(util::run(&["new", p]).status.success());
    for i in 0..6 {
        let file = dir.path().join(format!("report-{i}.txt"));
        std::fs::write(
            &file,
            format!("Gunmen attacked a convoy near Djibo, report {i} said."),
        )
        .unwrap();
        assert!(
            util::run(&["import", p, file.to_str().unwrap()])
                .status
                .success()
        );
    }
    let assigned = util::run(&[
        "assign",
        p,
        "--annotators",
        "ana,ben,chloe",
        "--overlap",
        "0",
    ]);
    assert!(assigned.status.success(), "{}", util::stderr(&assigned));
    let (opened, _) =
        attest::store::Project::open(&project, attest::store::OpenMode::ReadOnly).unwrap();
    let mine = opened.load_assignments().unwrap().of(ANNOTATOR).to_vec();
    assert_eq!(mine.len(), 2);
    drop(opened);

    let mut harness = harness(app_on(&project));
    harness.run();
    let listed = harness.state().listed_documents();
    assert_eq!(listed.len(), 6);
    let first: std::collections::HashSet<_> = listed[..2].iter().collect();
    assert_eq!(first, mine.iter().collect(), "{listed:?}");
}

#[test]
fn every_occurrence_in_the_project_is_counted_then_labelled_and_undone_in_one_step() {
    let (_dir, project, ids) = catalogue_project(&[
        "Des hommes armés ont attaqué Ménaka lundi. Ménaka est restée calme ensuite.",
        "À Ménaka, l'armée n'a rien dit.",
        "Ménaka-Ville est restée calme.",
    ]);
    let mut harness = harness(app_on(&project));
    harness.run();
    open_document(&mut harness, &ids[0]);
    let text = project_text(&harness);
    let first = text.find("Ménaka").expect("the text names Ménaka");
    let span = attest::model::Span::new(first, first + "Ménaka".len());
    harness
        .state_mut()
        .workspace_mut()
        .expect("a project is open")
        .create_mention(span, "LOCATION");
    let made = annotations(&harness)
        .mentions
        .iter()
        .find(|m| m.span == span)
        .map(|m| ItemRef::Mention(m.id))
        .expect("the mention made");
    focus_with_j(&mut harness, made);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::A);
    harness.run();
    harness.get_by_label_contains("…in every document of the project");
    harness.key_press(egui::Key::ArrowDown);
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    wait_for_background_work(&mut harness);
    // This document's second Ménaka and the second document's; Ménaka-Ville
    // is another name.
    harness.get_by_label_contains("2 occurrence(s) to label in 2 document(s)");
    let gold_menaka = |project: &Path| -> usize {
        use attest::store::{OpenMode, Project};
        let (mut p, _) = Project::open(project, OpenMode::ReadOnly).expect("opens");
        ids.iter()
            .map(|id| {
                p.load_annotations(id, ANNOTATOR)
                    .expect("reads")
                    .mentions
                    .iter()
                    .filter(|m| {
                        m.text == "Ménaka" && m.label == "LOCATION" && m.review.status.is_gold()
                    })
                    .count()
            })
            .sum()
    };
    assert_eq!(gold_menaka(&project), 1, "counting writes nothing");
    harness.get_by_label("Label them").click();
    // The job keeps the window repainting until it is done.
    harness.run_steps(2);
    wait_for_background_work(&mut harness);
    harness.get_by_label_contains("Labelled 2 occurrence(s) in 2 document(s)");
    assert_eq!(gold_menaka(&project), 3);
    let on_screen = annotations(&harness)
        .mentions
        .iter()
        .filter(|m| m.text == "Ménaka" && m.review.status.is_gold())
        .count();
    assert_eq!(on_screen, 2, "the open document shows what was written");

    harness.get_by_label("Undo").click();
    harness.run();
    harness.get_by_label_contains("put back as they were");
    assert_eq!(gold_menaka(&project), 1);
    let check = util::run(&["check", project.to_str().expect("utf-8")]);
    assert!(check.status.success(), "{}", util::stdout(&check));
}

/// The folder holding `path`.
fn dir_of(path: &Path) -> std::path::PathBuf {
    path.parent().expect("a folder").to_owned()
}

/// The current document's text.
fn project_text(harness: &Harness<'_, AttestApp>) -> String {
    harness
        .state()
        .workspace()
        .expect("a project is open")
        .docs
        .current()
        .expect("a document is open")
        .document
        .text
        .clone()
}

#[test]
fn documents_are_assigned_from_the_window_with_a_share_for_agreement() {
    let texts: Vec<String> = (0..10)
        .map(|i| format!("Des hommes armés ont attaqué le poste numéro {i} près de Djibo."))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let (_dir, project, _ids) = catalogue_project(&texts);
    let mut harness = harness(app_on(&project));
    harness.run();
    harness.get_by_label("Project").click();
    harness.run();
    harness.get_by_label_contains("Assignments…").click();
    harness.run();
    harness.get_by_label_contains("No document of the 10 is assigned yet");
    let field = harness.get_by_role_and_label(
        egui::accesskit::Role::TextInput,
        "Annotators (comma-separated)",
    );
    field.focus();
    harness.run();
    // The field starts with the annotators the project knows: replaced.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run();
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::TextInput,
            "Annotators (comma-separated)",
        )
        .type_text("ana, ben");
    harness.run();
    harness
        .get_by_label("Assign the unassigned documents")
        .click();
    harness.run();
    harness.get_by_label_contains(
        "Assigned 10 new document(s): 9 to one annotator, 1 to two (for agreement)",
    );
    let workspace = harness.state().workspace().expect("a project is open");
    let (ana, ben) = (
        workspace.assignments.of("ana").len(),
        workspace.assignments.of("ben").len(),
    );
    assert_eq!(ana + ben, 11, "one document shared");
    assert!(ana.abs_diff(ben) <= 1, "evenly: {ana} and {ben}");
    assert_eq!(
        workspace.assigned.len(),
        ana,
        "the analyst's own, listed first"
    );
    let saved = std::fs::read_to_string(project.join("assignments.ron")).expect("saved");
    assert!(saved.contains("\"ben\""), "{saved}");
    harness.get_by_label_contains("0 document(s) of 10 not assigned");
}
