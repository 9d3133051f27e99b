//! Export → import into a fresh project → export gives identical files.

use std::path::Path;

use attest::formats::{ExportOptions, ExportReport, Format, ImportAs};
use attest::model::Status;

use crate::util::{
    assert_same_tree, demo_project, english_project, export, french_project, import_into,
    new_project, sets, suggested_demo_project,
};

/// The formats that both write and read, and so round-trip: every format
/// but the import-only Prodigy and ACLED CSV, which reads coded rows (a
/// note and its coding) and writes a row per event of a document — not
/// the same data.
const EXPORTABLE: [Format; 5] = [
    Format::Jsonl,
    Format::Doccano,
    Format::LabelStudio,
    Format::Brat,
    Format::Conll,
];

#[test]
fn the_round_trip_list_is_every_format_that_reads_and_writes() {
    let both: Vec<Format> = Format::ALL
        .into_iter()
        .filter(|f| f.can_import() && f.can_export() && *f != Format::AcledCsv)
        .collect();
    assert_eq!(
        both, EXPORTABLE,
        "a new two-way format belongs in EXPORTABLE"
    );
}

/// Round-trips `options` from the project in `source` and returns the first
/// and second export reports.
fn round_trip(source: &Path, work: &Path, options: &ExportOptions) -> (ExportReport, ExportReport) {
    let (mut project, _) = attest::store::Project::open(source, attest::store::OpenMode::ReadOnly)
        .expect("the source project opens");
    let name = options.format.name();
    let first = work.join(format!("{name}-first"));
    let report = export(&mut project, &first, options);
    let mut copy = new_project(&work.join(format!("{name}-project")));
    let imported = import_into(
        &mut copy,
        options.format,
        std::slice::from_ref(&first),
        ImportAs::Gold,
        None,
    );
    assert!(
        imported.problems.is_empty(),
        "{name}: {:?}",
        imported.problems
    );
    assert_eq!(imported.records, report.documents, "{name}");
    let second = work.join(format!("{name}-second"));
    let again = export(&mut copy, &second, options);
    assert_same_tree(&first, &second);
    (report, again)
}

#[test]
fn every_format_round_trips_the_english_article() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("english");
    drop(english_project(&source));
    for format in EXPORTABLE {
        let (first, second) = round_trip(&source, dir.path(), &ExportOptions::new(format));
        assert_eq!(first.documents, 2, "{format}");
        assert_eq!(first.mentions, 32 + 3, "{format}");
        let (events, claims) = if format == Format::Conll {
            (0, 0)
        } else {
            (5, 6)
        };
        assert_eq!((first.events, first.claims), (events, claims), "{format}");
        assert!(
            first.unwritten.is_empty(),
            "{format}: {:?}",
            first.unwritten
        );
        assert_eq!(
            (second.mentions, second.events, second.claims),
            (first.mentions, events, claims)
        );
    }
}

#[test]
fn every_format_round_trips_the_demo_project_annotated_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("demo");
    drop(demo_project(&source));
    for format in EXPORTABLE {
        let (first, _) = round_trip(&source, dir.path(), &ExportOptions::new(format));
        assert_eq!(first.documents, 1, "{format}");
        assert_eq!(first.mentions, 32, "{format}");
    }
    // brat files keep the name the document came in with.
    let brat =
        std::fs::read_to_string(dir.path().join("brat-first/all/mali-jnim-attacks.txt")).unwrap();
    assert!(
        brat.ends_with(
            "Each country in the confederation is battling a surge in jihadist violence."
        )
    );
    assert!(
        !brat.contains("sd-mk-lp-bdi-bfm/sbk"),
        "the sign-off is metadata, not text"
    );
    let jsonl = std::fs::read_to_string(dir.path().join("jsonl-first/all.jsonl")).unwrap();
    assert!(
        jsonl.contains("\"sign_off\":\"sd-mk-lp-bdi-bfm/sbk\""),
        "and it travels as metadata"
    );
}

#[test]
fn every_format_round_trips_the_demo_project_with_every_real_suggestion_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("demo");
    let items = suggested_demo_project(&source);
    assert!(items > 40, "the suggesters find the story's items: {items}");
    for format in EXPORTABLE {
        let (first, second) = round_trip(&source, dir.path(), &ExportOptions::new(format));
        assert_eq!(first.documents, 1, "{format}");
        let written = first.mentions + first.events + first.claims + first.unwritten.len();
        if format == Format::Conll {
            assert_eq!(first.events + first.claims, 0);
        } else {
            assert_eq!(written, items, "{format}: every item written or listed");
        }
        assert!(second.unwritten.is_empty(), "{format}");
    }
}

#[test]
fn every_format_round_trips_french_text_with_overlapping_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("french");
    drop(french_project(&source));
    for format in EXPORTABLE {
        let (first, second) = round_trip(&source, dir.path(), &ExportOptions::new(format));
        assert_eq!(first.documents, 2, "{format}");
        if format == Format::Conll {
            // JNIM, Mali and Kassela sit inside longer mentions.
            let inner: Vec<&str> = first.unwritten.iter().map(|u| u.text.as_str()).collect();
            assert_eq!(inner, ["JNIM", "Mali", "Kassela"]);
            assert!(
                first.unwritten[0].reason.contains("le JNIM (Groupe"),
                "{}",
                first.unwritten[0]
            );
            assert_eq!(first.mentions, 16 - 3);
            assert!(second.unwritten.is_empty());
        } else {
            // Gold only: the rejected "camp" and the open "mardi" stay out.
            assert_eq!(
                (first.mentions, first.events, first.claims),
                (16, 2, 5),
                "{format}"
            );
        }
    }
    let jsonl = std::fs::read_to_string(dir.path().join("jsonl-first/all.jsonl")).unwrap();
    assert!(
        jsonl.contains("« Nous contrôlons le camp »"),
        "French and quotes survive as is"
    );
    let first_line: serde_json::Value =
        serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let text = first_line["text"].as_str().unwrap();
    let menaka = first_line["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["text"] == "Ménaka")
        .unwrap();
    let start = usize::try_from(menaka["start"].as_u64().unwrap()).unwrap();
    let end = usize::try_from(menaka["end"].as_u64().unwrap()).unwrap();
    let by_code_points: String = text.chars().skip(start).take(end - start).collect();
    assert_eq!(
        by_code_points, "Ménaka",
        "offsets count code points, not bytes"
    );
    assert!(
        text.len() > text.chars().count() + 10,
        "the text really has multibyte characters"
    );
}

#[test]
fn formats_that_hold_a_status_round_trip_suggestions_and_negatives() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("french");
    drop(french_project(&source));
    for format in [Format::Jsonl, Format::Brat] {
        let options = ExportOptions {
            include_suggestions: true,
            negatives: true,
            ..ExportOptions::new(format)
        };
        let (first, _) = round_trip(&source, dir.path(), &options);
        assert_eq!(first.mentions, 18, "{format}: 16 gold, 1 rejected, 1 open");
        let card: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("{format}-first/dataset.json")))
                .unwrap(),
        )
        .unwrap();
        assert_eq!(card["mentions"]["FACILITY"]["rejected"], 1, "{format}");
        assert_eq!(card["mentions"]["DATE"]["suggested"], 1, "{format}");
        assert_eq!(card["mentions"]["VEHICLE"]["corrected"], 1, "{format}");
        assert_eq!(card["negatives"], true);
    }
    // Where a format has no place for a status, negatives stay out.
    let options = ExportOptions {
        negatives: true,
        ..ExportOptions::new(Format::Doccano)
    };
    let (mut project, _) =
        attest::store::Project::open(&source, attest::store::OpenMode::ReadOnly).unwrap();
    let report = export(
        &mut project,
        &dir.path().join("doccano-negatives"),
        &options,
    );
    assert_eq!(report.mentions, 16);
}

#[test]
fn the_card_counts_labels_and_statuses_and_names_the_annotator() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = english_project(&dir.path().join("english"));
    let out = dir.path().join("out");
    let report = export(&mut project, &out, &ExportOptions::new(Format::Doccano));
    let card: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("dataset.json")).unwrap()).unwrap();
    assert_eq!(card["format"], "doccano");
    assert_eq!(card["annotators"], serde_json::json!(["ana"]));
    assert_eq!(card["documents"], 2);
    assert_eq!(card["mentions"]["ARMED_GROUP"]["gold"], 9);
    assert_eq!(card["events"]["Battles"]["gold"], 4);
    assert_eq!(card["claims"]["Claimed"]["gold"], 2);
    assert_eq!(card["split"], serde_json::Value::Null);
    assert_eq!(card["parts"][0]["files"], serde_json::json!(["all.jsonl"]));
    assert!(card["schema"]["entity_labels"].as_array().unwrap().len() >= 12);
    assert_eq!(report.files.last().unwrap(), &out.join("dataset.json"));
    // Relation form, because the dataset has events and claims.
    let line = std::fs::read_to_string(out.join("all.jsonl")).unwrap();
    assert!(line.starts_with("{\"id\":1,\"document\":\""), "{line}");
    assert!(line.contains("\"text\":\"Jihadists"));
    assert!(line.contains("\"label\":\"EVENT.BATTLES\""));
    assert_eq!(card["shape"], "entities_relations");
    assert!(line.contains("\"type\":\"responsible\""));
}

#[test]
fn suggestions_import_names_the_source_and_a_gold_import_decides_them() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("french");
    let mut project = french_project(&source);
    let out = dir.path().join("out");
    let options = ExportOptions {
        include_suggestions: true,
        negatives: true,
        ..ExportOptions::new(Format::Jsonl)
    };
    export(&mut project, &out, &options);
    drop(project);

    let mut review = new_project(&dir.path().join("review"));
    let report = import_into(
        &mut review,
        Format::Jsonl,
        std::slice::from_ref(&out),
        ImportAs::Suggestions,
        Some("extractor-x"),
    );
    assert_eq!(report.documents_added, 2);
    assert_eq!(
        report.rejected_skipped, 1,
        "the rejected camp is not suggested again"
    );
    assert_eq!(report.items_added, 17 + 2 + 5);
    assert_eq!(report.labels_added, ["entity label VEHICLE"]);
    for (_, set) in sets(&mut review) {
        for m in &set.mentions {
            assert_eq!(
                m.review.status,
                Status::Suggested {
                    by: "extractor-x".into(),
                    score: 1.0
                }
            );
            assert_eq!(m.review.by, "ana");
        }
    }
    let schema_on_disk = std::fs::read_to_string(review.project_path()).unwrap();
    assert!(
        schema_on_disk.contains("VEHICLE"),
        "the added label is saved"
    );

    // The same file as gold: nothing is added twice, the suggestions are decided.
    let again = import_into(&mut review, Format::Jsonl, &[out], ImportAs::Gold, None);
    assert_eq!(again.documents_present, 2);
    assert_eq!(again.items_added, 1, "only the rejected camp is new");
    assert_eq!(again.items_present, 17 + 2 + 5);
    let all = sets(&mut review);
    let pickup = all[0]
        .1
        .mentions
        .iter()
        .find(|m| m.text == "pick-up")
        .unwrap();
    assert_eq!(pickup.review.status, Status::Corrected);
    assert_eq!(
        pickup.review.suggester(),
        Some("extractor-x"),
        "the proposal is kept"
    );
    let mardi = all[0]
        .1
        .mentions
        .iter()
        .find(|m| m.text == "mardi")
        .unwrap();
    assert!(
        mardi.review.status.is_open(),
        "an open suggestion stays open"
    );
}

#[test]
fn several_annotators_need_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = english_project(&dir.path().join("english"));
    let id = project.documents()[0].id.clone();
    let mut other = project.load_annotations(&id, "ana").unwrap();
    other.annotator = "ben".into();
    project.save_annotations(&other).unwrap();
    let out = dir.path().join("out");
    let error = attest::formats::export(
        &mut project,
        &out,
        &ExportOptions::new(Format::Jsonl),
        attest::progress::JobControl::unattended(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("ana, ben"), "{error}");
    let options = ExportOptions {
        annotator: Some("ben".into()),
        ..ExportOptions::new(Format::Jsonl)
    };
    let report = export(&mut project, &out, &options);
    assert_eq!(report.documents, 1, "ben has annotated one document");
    assert_eq!(report.annotator, "ben");
}

#[test]
fn a_span_that_no_longer_fits_its_document_is_listed_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = english_project(&dir.path().join("english"));
    let id = project.documents()[0].id.clone();
    let mut set = project.load_annotations(&id, "ana").unwrap();
    set.mentions[0].span = attest::model::Span::new(5000, 5004);
    project.save_annotations(&set).unwrap();
    let report = export(
        &mut project,
        &dir.path().join("out"),
        &ExportOptions::new(Format::Jsonl),
    );
    assert_eq!(report.unwritten.len(), 1, "{:?}", report.unwritten);
    assert!(
        report.unwritten[0].reason.contains("5000..5004"),
        "{}",
        report.unwritten[0]
    );
    assert_eq!(report.mentions, 32 + 3 - 1);
}

#[test]
fn a_document_with_twenty_thousand_mentions_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("big");
    let mut project = new_project(&source);
    let marked = "[[JNIM|ARMED_GROUP]] a frappé [[Ménaka|LOCATION]]. ".repeat(10_000);
    crate::util::Doc::accepted(&marked).save(&mut project, "big");
    drop(project);
    for format in [Format::Jsonl, Format::Conll, Format::Brat] {
        let (first, _) = round_trip(&source, dir.path(), &ExportOptions::new(format));
        assert_eq!(first.mentions, 20_000, "{format}");
    }
}

#[test]
fn a_finished_document_without_annotations_is_exported_in_every_format_as_a_negative() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = new_project(&dir.path().join("p"));
    crate::util::Doc::accepted("[[JNIM|ARMED_GROUP]] attacked a camp.").save(&mut project, "one");
    let mut empty = crate::util::Doc::accepted("Nothing happened in Gao today.");
    empty.set.finished = Some(attest::model::Finished {
        by: crate::util::ANNOTATOR.to_owned(),
        at: crate::util::at(),
    });
    empty.save(&mut project, "two");
    // Not finished and nothing decided: not evidence of anything.
    crate::util::Doc::accepted("Nobody read this yet.").save(&mut project, "three");
    for format in EXPORTABLE {
        let out = dir.path().join(format.name());
        let report = export(&mut project, &out, &ExportOptions::new(format));
        assert_eq!(report.documents, 2, "{format}");
        assert_eq!(report.documents_unreviewed, 1, "{format}");
        let files = crate::util::tree(&out);
        let written: String = files.values().cloned().collect();
        assert!(written.contains("Gao"), "{format}");
        assert!(!written.contains("Nobody"), "{format}");
    }
    let conll = std::fs::read_to_string(dir.path().join("conll/all.conll")).unwrap();
    assert!(conll.contains("Nothing O\nhappened O\n"), "{conll}");
    let empty_ann = crate::util::tree(&dir.path().join("brat/all"))
        .into_iter()
        .filter(|(name, _)| name.ends_with(".ann"))
        .filter(|(_, ann)| ann.is_empty())
        .count();
    assert_eq!(empty_ann, 1, "an empty .ann for the finished document");
}

#[test]
fn two_labels_written_as_one_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = new_project(&dir.path().join("p"));
    crate::util::Doc::accepted("[[JNIM|ARMED_GROUP]] and [[ISGS|Armed group]] clashed.")
        .save(&mut project, "one");
    for format in [Format::Doccano, Format::LabelStudio, Format::Conll] {
        let error = attest::formats::export(
            &mut project,
            &dir.path().join(format.name()),
            &ExportOptions::new(format),
            attest::progress::JobControl::unattended(),
        )
        .expect_err("the labels would merge");
        let message = error.to_string();
        assert!(
            message.contains("\"ARMED_GROUP\"") && message.contains("\"Armed group\""),
            "{format}: {message}"
        );
    }
    // Formats that keep names apart write both.
    let report = export(
        &mut project,
        &dir.path().join("jsonl"),
        &ExportOptions::new(Format::Jsonl),
    );
    assert_eq!(report.mentions, 2);
}

#[test]
fn doccano_and_label_studio_carry_actor_links_attributes_and_document_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = new_project(&dir.path().join("p"));
    let mut doc = crate::util::Doc::accepted("[[JNIM|ARMED_GROUP]] a frappé [[Ménaka|LOCATION]].");
    doc.set.mentions[0].actor = Some("jnim".to_owned());
    doc.set.mentions[0]
        .attributes
        .insert("note".to_owned(), "Al-Qaeda's Sahel branch".to_owned());
    // "fr …" titles get the language `fr`.
    doc.save(&mut project, "fr Ménaka");
    for format in [Format::Doccano, Format::LabelStudio] {
        let out = dir.path().join(format.name());
        export(&mut project, &out, &ExportOptions::new(format));
        let mut again = new_project(&dir.path().join(format!("{}-again", format.name())));
        let report = import_into(&mut again, format, &[out], ImportAs::Gold, None);
        assert!(
            report.problems.is_empty(),
            "{format}: {:?}",
            report.problems
        );
        let (_, set) = &sets(&mut again)[0];
        let jnim = set
            .mentions
            .iter()
            .find(|m| m.text == "JNIM")
            .expect("JNIM is imported");
        assert_eq!(jnim.actor.as_deref(), Some("jnim"), "{format}");
        assert_eq!(
            jnim.attributes.get("note").map(String::as_str),
            Some("Al-Qaeda's Sahel branch"),
            "{format}"
        );
        let meta = again
            .document_meta(&again.documents()[0].id)
            .expect("metadata");
        assert_eq!(meta.title.as_deref(), Some("fr Ménaka"), "{format}");
        assert_eq!(meta.language.as_deref(), Some("fr"), "{format}");
    }
}
