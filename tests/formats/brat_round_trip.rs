//! brat corpora survive Attest: real brat documents (brat's own tutorial,
//! with `R`, `A`, `*`, `N` and `#` lines) imported into a project and
//! exported again hold the same annotation up to ids and line order, and
//! every export's `annotation.conf` declares what its `.ann` files use, as
//! brat's verifier demands.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use attest::formats::{ExportOptions, Format, ImportAs};
use attest::model::Status;

use crate::util::{
    ANNOTATOR, Doc, at, export, import_into, new_project, sets, suggested_demo_project, tree,
};

fn public(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/public")
        .join(name)
}

/// The tutorial documents, by file stem.
const TUTORIAL: [&str; 4] = [
    "000-introduction",
    "060-relation_annotation",
    "100-attribute_annotation",
    "110-note_annotation",
];

/// How a line refers to another: by what the other is, never by its id.
/// An event and its trigger are one thing (a claim about an event may name
/// either), so both are keyed by the trigger.
type Key = String;

/// One `.ann` as a set of typed tuples over spans: ids and line order gone.
fn normalised(ann: &str) -> BTreeSet<String> {
    let lines: Vec<Vec<&str>> = ann
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.splitn(3, '\t').collect())
        .collect();
    let mut keys: HashMap<String, Key> = HashMap::new();
    for line in &lines {
        if line[0].starts_with('T') {
            keys.insert(line[0].to_owned(), format!("[{}]", line[1]));
        }
    }
    for line in &lines {
        if line[0].starts_with('E') {
            let (_, trigger) = line[1]
                .split_whitespace()
                .next()
                .and_then(|w| w.split_once(':'))
                .expect("TYPE:TRIGGER");
            let key = keys[trigger].clone();
            keys.insert(line[0].to_owned(), key);
        }
    }
    let key_in = |keys: &HashMap<String, Key>, id: &str| {
        keys.get(id).cloned().unwrap_or_else(|| format!("?{id}"))
    };
    for line in &lines {
        if line[0].starts_with('R') {
            let words: Vec<&str> = line[1].split_whitespace().collect();
            let args: Vec<String> = words[1..]
                .iter()
                .map(|w| key_in(&keys, w.split_once(':').expect("ROLE:ID").1))
                .collect();
            keys.insert(
                line[0].to_owned(),
                format!("{}({})", words[0], args.join(",")),
            );
        }
    }
    let key = |id: &str| key_in(&keys, id);
    let mut tuples = BTreeSet::new();
    for line in &lines {
        let words: Vec<&str> = line[1].split_whitespace().collect();
        let rest = line.get(2).copied().unwrap_or_default().trim_end();
        let tuple = match line[0].chars().next().expect("an id") {
            'T' => format!("T {} {rest:?}", line[1]),
            'E' => {
                let (kind, trigger) = words[0].split_once(':').expect("TYPE:TRIGGER");
                let mut args: Vec<String> = words[1..]
                    .iter()
                    .map(|w| {
                        let (role, id) = w.split_once(':').expect("ROLE:ID");
                        let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
                        format!("{role}:{}", key(id))
                    })
                    .collect();
                args.sort();
                format!("E {kind} {} {args:?}", key(trigger))
            }
            'R' => format!("R {}", key(line[0])),
            'A' | 'M' => format!("A {} {} {:?}", words[0], key(words[1]), words.get(2)),
            '*' => {
                let mut members: Vec<String> = words[1..].iter().map(|id| key(id)).collect();
                members.sort();
                format!("* {} {members:?}", words[0])
            }
            'N' => format!("N {} {} {} {rest:?}", words[0], key(words[1]), words[2]),
            '#' => format!("# {} {} {rest:?}", words[0], key(words[1])),
            other => panic!("unexpected line kind {other}"),
        };
        tuples.insert(tuple);
    }
    tuples
}

/// Every exported `.ann` by the text of the `.txt` beside it.
fn exported_by_text(out: &Path) -> HashMap<String, String> {
    let files = tree(out);
    files
        .iter()
        .filter_map(|(name, content)| {
            let stem = name.strip_suffix(".ann")?;
            Some((files[&format!("{stem}.txt")].clone(), content.clone()))
        })
        .collect()
}

#[test]
fn brat_tutorial_documents_round_trip_with_relations_attributes_equivalences_normalisations_and_notes()
 {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let report = import_into(
        &mut project,
        Format::Brat,
        &[public("brat")],
        ImportAs::Gold,
        None,
    );
    assert_eq!(report.records, TUTORIAL.len());
    assert!(report.problems.is_empty(), "{:#?}", report.problems);

    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Brat));
    let exported = exported_by_text(&out);
    for stem in TUTORIAL {
        let text = std::fs::read_to_string(public(&format!("brat/{stem}.txt"))).unwrap();
        let original = std::fs::read_to_string(public(&format!("brat/{stem}.ann"))).unwrap();
        let again = exported
            .get(&text)
            .unwrap_or_else(|| panic!("{stem} is exported"));
        let (before, after) = (normalised(&original), normalised(again));
        let lost: Vec<_> = before.difference(&after).collect();
        let added: Vec<_> = after.difference(&before).collect();
        assert!(
            lost.is_empty() && added.is_empty(),
            "{stem}:\n lost {lost:#?}\n added {added:#?}\n{again}"
        );
    }
    assert_declared(&out);

    // The schema learned the tutorial's relation and attribute types.
    let schema = &project.file.schema;
    let relation = |name: &str| schema.relation_types.iter().find(|r| r.name == name);
    assert!(relation("Family").is_some_and(|r| !r.equivalence));
    assert!(relation("Alias").is_some_and(|r| r.equivalence));
    let confidence = schema
        .attribute_types
        .iter()
        .find(|a| a.name == "Confidence")
        .expect("Confidence is learned");
    let mut values = confidence.values.clone();
    values.sort();
    assert_eq!(values, ["High", "Low", "Neutral"]);
    assert!(
        schema.roles.iter().any(|r| r.name == "Event-Arg"),
        "a role some event fills is learned"
    );
}

#[test]
fn imported_brat_content_is_in_the_model_not_only_in_the_file() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    import_into(
        &mut project,
        Format::Brat,
        &[public("brat/000-introduction.ann")],
        ImportAs::Gold,
        None,
    );
    let (text, set) = &sets(&mut project)[0];
    let mention = |id| &set.mention(id).expect("a mention").text;
    let family = set
        .relations
        .iter()
        .find(|r| r.kind == "Family")
        .expect("R1 Family is kept");
    let (attest::model::ItemRef::Mention(a), attest::model::ItemRef::Mention(b)) =
        (family.from, family.to)
    else {
        panic!("{family:?}")
    };
    assert_eq!(
        (mention(a).as_str(), mention(b).as_str()),
        ("Raul Salinas de Gortari", "former Mexican president")
    );
    let norm = &set.normalizations[0];
    assert_eq!(
        (norm.db.as_str(), norm.entry.as_str(), norm.text.as_str()),
        ("Wikipedia", "64488", "Carlos Salinas de Gortari")
    );
    let confidence = &set.attributes[0];
    assert_eq!(
        (confidence.name.as_str(), confidence.value.as_deref()),
        ("Confidence", Some("High"))
    );
    assert!(matches!(
        confidence.target,
        attest::model::Target::Item(attest::model::ItemRef::Event(_))
    ));
    let raul = set
        .mentions
        .iter()
        .find(|m| m.text == "Raul Salinas de Gortari")
        .unwrap();
    assert_eq!(raul.attributes["Mention"], "Name");
    assert_eq!(raul.attributes["Individual"], "true");
    assert!(text.contains("Citibank"));
}

/// Every type and attribute the `.ann` files use is declared in
/// `annotation.conf`, with the values used — brat's verifier's rules.
fn assert_declared(out: &Path) {
    let files = tree(out);
    let conf = &files["annotation.conf"];
    let mut section = "";
    let mut declared: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut attributes: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for line in conf
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let mut fields = line.split_whitespace();
        let name = fields
            .next()
            .expect("a name")
            .trim_start_matches('!')
            .to_owned();
        if section == "[attributes]" {
            let values = line.split_once("Value:").map(|(_, v)| {
                v.split('|')
                    .map(|v| v.trim().to_owned())
                    .collect::<BTreeSet<_>>()
            });
            attributes.insert(name.clone(), values);
        }
        declared.entry(section).or_default().insert(name);
    }
    let textbound: BTreeSet<String> = declared["[entities]"]
        .union(&declared["[events]"])
        .cloned()
        .collect();
    for (name, ann) in files.iter().filter(|(n, _)| n.ends_with(".ann")) {
        for line in ann.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            let words: Vec<&str> = fields[1].split_whitespace().collect();
            match line.chars().next().expect("an id") {
                'T' => assert!(textbound.contains(words[0]), "{name}: {line}\n{conf}"),
                'R' => assert!(
                    declared["[relations]"].contains(words[0]),
                    "{name}: {line}\n{conf}"
                ),
                '*' => assert!(
                    declared["[relations]"].contains(words[0]),
                    "{name}: {line}\n{conf}"
                ),
                'A' | 'M' => {
                    let values = attributes
                        .get(words[0])
                        .unwrap_or_else(|| panic!("{name}: {line} is not declared\n{conf}"));
                    match (values, words.get(2)) {
                        (None, None) => {}
                        (Some(values), Some(value)) => assert!(
                            values.contains(*value),
                            "{name}: {line}: value not declared\n{conf}"
                        ),
                        _ => panic!("{name}: {line}: binary and valued disagree\n{conf}"),
                    }
                }
                _ => {}
            }
        }
    }
}

#[test]
fn every_attribute_a_suggester_writes_is_declared_in_annotation_conf() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    // An unknown capitalised name (the guesser's `guess`) and an anaphor
    // (`resolved_from`), both free text; the demo story adds the rest.
    let mut doc = Doc::accepted(
        "Fighters of Katiba Serma attacked Boulkessi on Tuesday, killing 12 soldiers. \
         Residents said Colonel Issoufi Kadiogo and the Wendou Brigade fled to Djibo. \
         Mali's army said the jihadists were repelled.",
    );
    let suggester = attest::suggest::Rules::sahel_default().expect("the shipped suggesters build");
    attest::suggest::suggest_into(&mut doc.set, &doc.text.clone(), &suggester, at());
    accept_all(&mut doc.set);
    doc.save(&mut project, "one");
    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Brat));
    let all: String = tree(&out).into_values().collect();
    for name in ["guess", "resolved_from"] {
        assert!(all.contains(name), "{name} is exported:\n{all}");
    }
    assert_declared(&out);

    let source = dir.path().join("demo");
    suggested_demo_project(&source);
    let (mut demo, _) =
        attest::store::Project::open(&source, attest::store::OpenMode::ReadOnly).unwrap();
    let out = dir.path().join("demo-out");
    export(&mut demo, &out, &ExportOptions::new(Format::Brat));
    assert_declared(&out);
}

fn accept_all(set: &mut attest::model::AnnotationSet) {
    let accept = |review: &mut attest::model::Review| {
        *review = review.decided(Status::Accepted, ANNOTATOR, at());
    };
    set.mentions.iter_mut().for_each(|m| accept(&mut m.review));
    set.events.iter_mut().for_each(|e| accept(&mut e.review));
    set.claims.iter_mut().for_each(|c| accept(&mut c.review));
}

#[test]
fn free_text_attribute_values_are_kept_exactly_and_claims_name_event_triggers() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let mut doc = Doc::accepted(
        "[[Al-Qaeda's Sahel branch|ARMED_GROUP]] attacked the camp; [[the group|ARMED_GROUP]] claimed it.",
    );
    let group = doc.m("the group", 0);
    doc.set
        .mention_mut(group)
        .unwrap()
        .attributes
        .insert("resolved_from".into(), "Al-Qaeda's Sahel branch".into());
    let agent = doc.m("Al-Qaeda's Sahel branch", 0);
    let attack = doc.event(("attacked", 0), "Battles", None, &[("agent", agent)]);
    doc.claim(("claimed", 0), "Claimed", None, &[group], &[attack]);
    doc.save(&mut project, "one");

    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Brat));
    let files = tree(&out);
    let ann = files
        .iter()
        .find(|(n, _)| n.ends_with(".ann"))
        .map(|(_, c)| c.clone())
        .unwrap();
    assert!(!ann.contains("Al-Qaeda_s_Sahel_branch"), "{ann}");
    let about = ann
        .lines()
        .find(|l| l.contains("About "))
        .expect("the claim's event is written");
    let trigger = ann
        .lines()
        .find(|l| l.contains("\tattacked"))
        .and_then(|l| l.split('\t').next())
        .unwrap();
    assert!(
        about.ends_with(&format!("Arg2:{trigger}")),
        "a claim about an event names its trigger, which every brat reader takes: {about}\n{ann}"
    );
    assert_declared(&out);

    let mut copy = new_project(&dir.path().join("copy"));
    let report = import_into(&mut copy, Format::Brat, &[out], ImportAs::Gold, None);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (_, set) = &sets(&mut copy)[0];
    let the_group = set.mentions.iter().find(|m| m.text == "the group").unwrap();
    assert_eq!(
        the_group.attributes["resolved_from"],
        "Al-Qaeda's Sahel branch"
    );
    assert_eq!(set.claims[0].events, [set.events[0].id]);
    assert!(matches!(set.claims[0].review.status, Status::Accepted));
}

#[test]
fn brat_content_also_travels_through_attest_jsonl() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    import_into(
        &mut project,
        Format::Brat,
        &[public("brat")],
        ImportAs::Gold,
        None,
    );
    let jsonl = dir.path().join("jsonl");
    export(&mut project, &jsonl, &ExportOptions::new(Format::Jsonl));
    let mut copy = new_project(&dir.path().join("copy"));
    let report = import_into(&mut copy, Format::Jsonl, &[jsonl], ImportAs::Gold, None);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    export(&mut project, &first, &ExportOptions::new(Format::Brat));
    export(&mut copy, &second, &ExportOptions::new(Format::Brat));
    let (first, second) = (exported_by_text(&first), exported_by_text(&second));
    assert_eq!(first.len(), TUTORIAL.len());
    for (text, ann) in &first {
        assert_eq!(normalised(ann), normalised(&second[text]));
    }
}

/// The number of lines of each kind in an `.ann` (`A` and `M` are one kind).
fn line_counts(ann: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for line in ann.lines().filter(|l| !l.trim().is_empty()) {
        let kind = match line.chars().next().expect("an id") {
            'M' => 'A',
            other => other,
        };
        *counts.entry(kind).or_default() += 1;
    }
    counts
}

/// Imports every `.ann` of `corpus` as gold, exports brat, and asserts that
/// each file comes back under its own name (empty ones included) with as
/// many lines of each kind; a second import of the same files adds nothing
/// and the export is then the same again. Returns the corpus's event count.
fn assert_exact_round_trip(corpus: &Path) -> usize {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let first = import_into(
        &mut project,
        Format::Brat,
        &[corpus.to_owned()],
        ImportAs::Gold,
        None,
    );
    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Brat));
    let exported = tree(&out.join("all"));
    let mut events = 0;
    let mut originals = BTreeSet::new();
    for entry in std::fs::read_dir(corpus).expect("the corpus folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.extension().is_none_or(|e| e != "ann") {
            continue;
        }
        let name = path
            .file_name()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        originals.insert(name.clone());
        let original = std::fs::read_to_string(&path).expect("the .ann is readable");
        let again = exported
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is exported under its own name"));
        assert_eq!(
            line_counts(again),
            line_counts(&original),
            "{name}: lines per kind\n{again}"
        );
        let txt = path.with_extension("txt");
        assert_eq!(
            exported.get(&name.replace(".ann", ".txt")),
            Some(&std::fs::read_to_string(&txt).expect("the .txt is readable")),
            "{name}: the text beside it"
        );
        events += line_counts(&original).get(&'E').copied().unwrap_or(0);
    }
    let written: BTreeSet<String> = exported
        .keys()
        .filter(|k| k.ends_with(".ann"))
        .cloned()
        .collect();
    assert_eq!(written, originals, "the same files, no more");

    let again = import_into(
        &mut project,
        Format::Brat,
        &[corpus.to_owned()],
        ImportAs::Gold,
        None,
    );
    assert_eq!(again.items_added, 0, "{again:#?}");
    assert_eq!(again.items_present, first.items_added + first.items_present);
    let second = dir.path().join("second");
    export(&mut project, &second, &ExportOptions::new(Format::Brat));
    crate::util::assert_same_tree(&out, &second);
    events
}

#[test]
fn events_sharing_a_trigger_stay_apart_and_empty_documents_keep_their_names() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    // BioNLP-ST 2011 GE's shape: one trigger, two events, each with its
    // own speculation attribute.
    let text = "IL-2 and IL-4 are secreted by T cells.\n";
    let ann = "T1\tProtein 0 4\tIL-2\n\
               T2\tProtein 9 13\tIL-4\n\
               T3\tLocalization 18 26\tsecreted\n\
               E1\tLocalization:T3 Theme:T1\n\
               E2\tLocalization:T3 Theme:T2\n\
               M1\tSpeculation E1\n\
               M2\tSpeculation E2\n";
    std::fs::write(corpus.join("PMID-1.txt"), text).unwrap();
    std::fs::write(corpus.join("PMID-1.ann"), ann).unwrap();
    // A finished document with nothing to annotate: a negative example.
    std::fs::write(corpus.join("010-navigation.txt"), "Nothing happens here.\n").unwrap();
    std::fs::write(corpus.join("010-navigation.ann"), "").unwrap();
    assert_eq!(assert_exact_round_trip(&corpus), 2);
}

/// brat's own example corpora, read where they are when
/// `ATTEST_BRAT_EXAMPLE_DATA` names brat's `example-data` folder (their
/// abstracts are not ours to ship): BioNLP-ST 2011 GE and EPI, and the news
/// tutorial with its four empty documents.
#[test]
fn brat_example_corpora_round_trip_exactly_when_present() {
    let Some(root) = std::env::var_os("ATTEST_BRAT_EXAMPLE_DATA") else {
        eprintln!("ATTEST_BRAT_EXAMPLE_DATA is not set: brat's example corpora not checked");
        return;
    };
    let root = PathBuf::from(root);
    for corpus in [
        "corpora/BioNLP-ST_2011/BioNLP-ST_2011_GE",
        "corpora/BioNLP-ST_2011/BioNLP-ST_2011_EPI",
        "tutorials/news",
    ] {
        let events = assert_exact_round_trip(&root.join(corpus));
        eprintln!("{corpus}: {events} events kept");
    }
}
