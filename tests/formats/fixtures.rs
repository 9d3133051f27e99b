//! Files in each tool's own documented shape, written by hand, load with
//! exact offsets; what has no place in Attest is reported with its line.

use attest::formats::{Format, ImportAs, ImportReport};
use attest::model::{AnnotationSet, ClaimSource, MentionId, Status};

use crate::util::{chars_of, fixture, import_into, new_project, sets};

/// Imports a fixture as gold into a fresh project and returns the report
/// and every (text, annotations) in file order.
fn load(format: Format, name: &str) -> (ImportReport, Vec<(String, AnnotationSet)>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let report = import_into(&mut project, format, &[fixture(name)], ImportAs::Gold, None);
    let sets = sets(&mut project);
    (report, sets)
}

/// A mention as (code-point start, end, text, label).
fn mentions(text: &str, set: &AnnotationSet) -> Vec<(usize, usize, String, String)> {
    set.mentions
        .iter()
        .map(|m| {
            let (s, e) = chars_of(text, m.span);
            (s, e, m.text.clone(), m.label.clone())
        })
        .collect()
}

fn label_of(set: &AnnotationSet, id: MentionId) -> &str {
    &set.mention(id).expect("the id names a mention").text
}

fn problem_lines(report: &ImportReport) -> Vec<Option<usize>> {
    report.problems.iter().map(|p| p.line).collect()
}

#[test]
fn doccano_relation_export_and_sequence_lines_load() {
    let (report, sets) = load(Format::Doccano, "doccano-relations.jsonl");
    assert_eq!(report.records, 3, "the broken line 3 is not a record");
    assert_eq!(report.documents_added, 3);
    assert_eq!(
        problem_lines(&report),
        [Some(3), Some(4)],
        "{:?}",
        report.problems
    );
    assert!(report.problems[1].message.contains("0..99"));
    // A link between two mentions is a typed relation of its own.
    assert_eq!(
        report.labels_added,
        ["relation type based_in", "entity label ARMED_MEN"]
    );

    let (text, set) = &sets[0];
    let found = mentions(text, set);
    assert!(
        found.contains(&(67, 83, "l’armée malienne".into(), "STATE_FORCE".into())),
        "{found:?}"
    );
    assert_eq!(found.len(), 4);
    let event = &set.events[0];
    assert_eq!(
        (event.trigger_text.as_str(), event.event_type.as_str()),
        ("l’attaque", "Battles")
    );
    assert_eq!(chars_of(text, event.trigger), (21, 30));
    assert_eq!(label_of(set, event.roles["agent"][0]), "JNIM");
    assert_eq!(label_of(set, event.roles["target"][0]), "camp");
    let claim = &set.claims[0];
    assert_eq!(
        (claim.cue_text.as_str(), claim.stance.as_str()),
        ("a revendiqué", "Claimed")
    );
    assert_eq!(claim.events, [event.id]);
    assert_eq!(label_of(set, claim.responsible[0]), "JNIM");
    let based_in = set
        .relations
        .iter()
        .find(|r| r.kind == "based_in")
        .expect("based_in is kept");
    let (attest::model::ItemRef::Mention(from), attest::model::ItemRef::Mention(to)) =
        (based_in.from, based_in.to)
    else {
        panic!("{based_in:?}")
    };
    assert_eq!(
        (label_of(set, from), label_of(set, to)),
        ("JNIM", "Farabougou")
    );

    let (text, set) = &sets[1];
    assert_eq!(
        mentions(text, set)[1],
        (29, 35, "Ménaka".into(), "LOCATION".into())
    );
    assert_eq!(set.mentions.len(), 3);
    assert!(
        sets[2].1.is_empty(),
        "the out-of-range span is reported, its document kept"
    );
}

#[test]
fn label_studio_export_with_relations_loads() {
    let (report, sets) = load(Format::LabelStudio, "label-studio-export.json");
    assert_eq!(report.records, 2);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(
        report.problems[0]
            .message
            .starts_with("task 1 (id 41): result c9 of type \"choices\"")
    );

    let (text, set) = &sets[0];
    let found = mentions(text, set);
    assert_eq!(
        found.len(),
        4,
        "the cancelled annotation is not read: {found:?}"
    );
    assert!(found.contains(&(60, 69, "Boulkessi".into(), "LOCATION".into())));
    assert!(found.contains(&(83, 105, "une source sécuritaire".into(), "SOURCE".into())));
    let event = &set.events[0];
    assert_eq!(event.sub_type.as_deref(), Some("Armed clash"));
    assert_eq!(label_of(set, event.roles["agent"][0]), "JNIM");
    assert_eq!(
        label_of(set, event.roles["target"][0]),
        "FAMa",
        "a left relation points from to_id to from_id"
    );
    assert_eq!(label_of(set, event.roles["location"][0]), "Boulkessi");
    let claim = &set.claims[0];
    assert_eq!(claim.stance, "Reported");
    let Some(ClaimSource::Mention(source)) = claim.source else {
        panic!("{claim:?}")
    };
    assert_eq!(label_of(set, source), "une source sécuritaire");
    assert_eq!(claim.events, [event.id]);

    let (text, set) = &sets[1];
    assert_eq!(
        mentions(text, set)[1],
        (47, 56, "Tillabéri".into(), "LOCATION".into()),
        "predictions when nobody annotated"
    );
}

#[test]
fn brat_with_events_attributes_normalisations_and_notes_loads() {
    let (report, sets) = load(Format::Brat, "brat");
    assert_eq!(report.records, 1);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(
        report.labels_added,
        [
            "entity label Vehicle",
            "relation type Located_in",
            "equivalence type Equiv",
        ]
    );

    let (text, set) = &sets[0];
    let found = mentions(text, set);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found.contains(&(59, 65, "Ménaka".into(), "LOCATION".into())));
    assert!(found.contains(&(99, 111, "Deux soldats".into(), "FATALITIES".into())));
    let ied = set
        .events
        .iter()
        .find(|e| e.trigger_text == "sauté")
        .unwrap();
    assert_eq!(
        ied.event_type, "Explosions/Remote violence",
        "brat names map back to the schema"
    );
    assert_eq!(
        ied.sub_type.as_deref(),
        Some("Remote explosive/landmine/IED")
    );
    let targets: Vec<&str> = ied.roles["target"]
        .iter()
        .map(|m| label_of(set, *m))
        .collect();
    assert_eq!(targets, ["l’armée", "convoi"], "target2 is a second target");
    assert_eq!(label_of(set, ied.roles["fatalities"][0]), "Deux soldats");
    let claim = &set.claims[0];
    assert_eq!(claim.stance, "Claimed");
    assert_eq!(claim.events, [ied.id]);
    let eigs = set.mentions.iter().find(|m| m.text == "EIGS").unwrap();
    assert_eq!(claim.responsible, [eigs.id]);
    assert_eq!(eigs.actor.as_deref(), Some("isgs"));
    assert_eq!(eigs.attributes["Confidence"], "High");
    assert_eq!(
        eigs.attributes["note"],
        "État islamique au Grand Sahara (ISGS)"
    );
    let menaka = set.mentions.iter().find(|m| m.text == "Ménaka").unwrap();
    assert_eq!(
        menaka.actor, None,
        "a Wikidata entry is not a catalogue actor"
    );
    let wikidata = &set.normalizations[0];
    assert_eq!(
        (
            wikidata.db.as_str(),
            wikidata.entry.as_str(),
            wikidata.text.as_str()
        ),
        ("Wikidata", "Q1413843", "Ménaka")
    );
    assert_eq!(
        wikidata.target,
        attest::model::Target::Item(attest::model::ItemRef::Mention(menaka.id))
    );
    // The relation and the equivalence that had no place before are kept.
    let located = &set.relations[0];
    assert_eq!(
        (located.kind.as_str(), located.from, located.to),
        (
            "Located_in",
            attest::model::ItemRef::Mention(eigs.id),
            attest::model::ItemRef::Mention(menaka.id)
        )
    );
    assert_eq!(set.equivalences[0].kind, "Equiv");
    assert_eq!(set.equivalences[0].members.len(), 2);
    let convoi = set.mentions.iter().find(|m| m.text == "convoi").unwrap();
    assert_eq!(convoi.attributes["Generic"], "true");
}

#[test]
fn prodigy_ner_manual_and_relations_load() {
    let (report, sets) = load(Format::Prodigy, "prodigy-ner-manual.jsonl");
    assert_eq!(report.records, 3, "the ignored example is skipped");
    assert_eq!(problem_lines(&report), [Some(4)], "{:?}", report.problems);
    assert!(report.problems[0].message.contains("subject"));

    let (text, set) = &sets[0];
    let found = mentions(text, set);
    assert_eq!(
        found,
        [
            (25, 34, "12 civils".into(), "CIVILIANS".into()),
            (37, 42, "Djibo".into(), "LOCATION".into()),
            (50, 69, "des sources locales".into(), "SOURCE".into()),
        ]
    );
    assert!(
        set.mentions
            .iter()
            .all(|m| m.review.status == Status::Accepted)
    );
    let rejected = &sets[1].1.mentions;
    assert_eq!(rejected.len(), 1);
    assert_eq!(
        rejected[0].review.status,
        Status::Rejected,
        "answer reject gives negatives"
    );

    let (text, set) = &sets[2];
    let event = &set.events[0];
    assert_eq!(
        label_of(set, event.roles["agent"][0]),
        "JNIM",
        "found by head_span/child_span"
    );
    assert_eq!(
        label_of(set, event.roles["location"][0]),
        "Diafarabé",
        "found by token index"
    );
    assert_eq!(
        mentions(text, set)[1],
        (18, 27, "Diafarabé".into(), "LOCATION".into())
    );
}

#[test]
fn conll_2003_with_docstart_loads() {
    let (report, sets) = load(Format::Conll, "conll2003.conll");
    assert_eq!(report.records, 2);
    assert_eq!(problem_lines(&report), [Some(28)], "{:?}", report.problems);
    let (text, set) = &sets[0];
    assert_eq!(
        text,
        "JNIM fighters attacked Farabougou on Tuesday morning .\nMali 's army confirmed ."
    );
    let found = mentions(text, set);
    assert_eq!(found.len(), 4);
    assert!(found.contains(&(37, 52, "Tuesday morning".into(), "DATE".into())));
    let (text, set) = &sets[1];
    let found = mentions(text, set);
    assert_eq!(
        found[0],
        (0, 15, "The Malian army".into(), "STATE_FORCE".into())
    );
    assert_eq!(found[2], (43, 49, "Ménaka".into(), "LOCATION".into()));
}

#[test]
fn a_missing_path_is_a_problem_and_the_rest_of_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = new_project(&dir.path().join("p"));
    let missing = dir.path().join("nowhere.jsonl");
    let report = import_into(
        &mut project,
        Format::Conll,
        &[missing.clone(), fixture("conll2003.conll")],
        ImportAs::Gold,
        None,
    );
    assert_eq!(report.problems[0].path, missing);
    assert_eq!(report.records, 2);
}
