//! Projects built in temporary folders from marked-up text, and helpers to
//! compare export folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use attest::formats::{
    self, ExportOptions, ExportReport, Format, ImportAs, ImportOptions, ImportReport,
};
use attest::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, Document, DocumentMeta, Event, EventId, Mention,
    MentionId, Review, Span, Status,
};
use attest::progress::JobControl;
use attest::store::{OpenMode, Project};

pub const ANNOTATOR: &str = "ana";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

pub fn at() -> jiff::Timestamp {
    jiff::Timestamp::UNIX_EPOCH
}

/// Parses `[[covered text|LABEL]]` markup, which may nest, into the plain
/// text and the marked spans (UTF-8 bytes) in the order they close.
pub fn unmark(marked: &str) -> (String, Vec<(Span, String)>) {
    let marked = super::markup::parse(marked);
    let spans = marked
        .mentions
        .into_iter()
        .map(|m| (Span::new(m.start, m.end), m.label))
        .collect();
    (marked.text, spans)
}

/// One document's annotations, built item by item.
pub struct Doc {
    pub text: String,
    pub set: AnnotationSet,
}

impl Doc {
    /// The marked-up document with every mark a suggestion, then accepted.
    pub fn accepted(marked: &str) -> Self {
        let (text, spans) = unmark(marked);
        let id = attest::model::DocumentId::for_text(&text);
        let mut doc = Self {
            text,
            set: AnnotationSet::new(id, ANNOTATOR),
        };
        for (span, label) in spans {
            let suggested = Review::suggested(ANNOTATOR, "catalogue", 0.9, at());
            doc.mention(
                span,
                &label,
                suggested.decided(Status::Accepted, ANNOTATOR, at()),
            );
        }
        doc
    }

    /// `text` with the marks of `marked`, whose lines are lines of `text`:
    /// every mark a suggestion, then accepted.
    pub fn accepted_on(text: String, marked: &str) -> Self {
        let (plain, spans) = unmark(marked);
        let id = attest::model::DocumentId::for_text(&text);
        let mut doc = Self {
            text,
            set: AnnotationSet::new(id, ANNOTATOR),
        };
        for (span, label) in spans {
            let line_start = plain[..span.start_byte].rfind('\n').map_or(0, |i| i + 1);
            let line_end = plain[span.start_byte..]
                .find('\n')
                .map_or(plain.len(), |i| span.start_byte + i);
            let line = &plain[line_start..line_end];
            let found = doc
                .text
                .find(line)
                .unwrap_or_else(|| panic!("{line:?} is not in the text"));
            let moved = Span::new(
                found + span.start_byte - line_start,
                found + span.end_byte - line_start,
            );
            let suggested = Review::suggested(ANNOTATOR, "catalogue", 0.9, at());
            doc.mention(
                moved,
                &label,
                suggested.decided(Status::Accepted, ANNOTATOR, at()),
            );
        }
        doc
    }

    pub fn mention(&mut self, span: Span, label: &str, review: Review) -> MentionId {
        // Only this adds mentions, so the count is a fresh id (and stays
        // linear for 20,000 of them).
        let id = MentionId(
            u32::try_from(self.set.mentions.len()).expect("fewer than 4 billion mentions") + 1,
        );
        self.set.mentions.push(Mention {
            id,
            span,
            text: span
                .text(&self.text)
                .expect("the span fits the text")
                .to_owned(),
            label: label.to_owned(),
            actor: None,
            attributes: BTreeMap::new(),
            review,
        });
        id
    }

    /// The `nth` occurrence of `needle` in the text.
    pub fn find(&self, needle: &str, nth: usize) -> Span {
        let (start, _) = self
            .text
            .match_indices(needle)
            .nth(nth)
            .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the text"));
        Span::new(start, start + needle.len())
    }

    /// The id of the mention covering the `nth` occurrence of `needle`.
    pub fn m(&self, needle: &str, nth: usize) -> MentionId {
        let span = self.find(needle, nth);
        self.set
            .mentions
            .iter()
            .find(|m| m.span == span)
            .unwrap_or_else(|| panic!("no mention on {needle:?} #{nth}"))
            .id
    }

    pub fn event(
        &mut self,
        trigger: (&str, usize),
        event_type: &str,
        sub_type: Option<&str>,
        roles: &[(&str, MentionId)],
    ) -> EventId {
        let span = self.find(trigger.0, trigger.1);
        let id = self.set.next_event_id();
        let mut role_map: BTreeMap<String, Vec<MentionId>> = BTreeMap::new();
        for (role, m) in roles {
            role_map.entry((*role).to_owned()).or_default().push(*m);
        }
        self.set.events.push(Event {
            id,
            trigger: span,
            trigger_text: trigger.0.to_owned(),
            event_type: event_type.to_owned(),
            sub_type: sub_type.map(str::to_owned),
            roles: role_map,
            review: Review::accepted(ANNOTATOR, at()),
        });
        id
    }

    pub fn claim(
        &mut self,
        cue: (&str, usize),
        stance: &str,
        source: Option<ClaimSource>,
        responsible: &[MentionId],
        events: &[EventId],
    ) -> ClaimId {
        let span = self.find(cue.0, cue.1);
        let id = self.set.next_claim_id();
        self.set.claims.push(Claim {
            id,
            cue: span,
            cue_text: cue.0.to_owned(),
            stance: stance.to_owned(),
            source,
            responsible: responsible.to_vec(),
            events: events.to_vec(),
            review: Review::accepted(ANNOTATOR, at()),
        });
        id
    }

    /// Adds the document and saves its annotations.
    pub fn save(self, project: &mut Project, title: &str) {
        let meta = DocumentMeta {
            title: Some(title.to_owned()),
            language: Some("fr".to_owned()).filter(|_| title.starts_with("fr")),
            ..DocumentMeta::default()
        };
        project
            .add_document(Document::new(self.text, meta))
            .expect("the document is added");
        project
            .save_annotations(&self.set)
            .expect("the annotations are saved");
    }
}

pub fn new_project(dir: &Path) -> Project {
    Project::create(dir, "test").expect("the project is created");
    let (project, problems) = Project::open(
        dir,
        OpenMode::ReadWrite {
            annotator: ANNOTATOR.to_owned(),
        },
    )
    .expect("the new project opens");
    assert!(problems.is_empty(), "{problems:?}");
    project
}

pub fn read_fixture(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).expect("the fixture is readable")
}

/// The English AFP story (every suggestion accepted) and a short second
/// article: 2 documents, events and claims with every kind of source.
pub fn english_project(dir: &Path) -> Project {
    let mut project = new_project(dir);
    let mut doc = Doc::accepted(&read_fixture("mali-jnim-attacks.marked.txt"));
    annotate_afp_story(&mut doc);
    doc.save(
        &mut project,
        "Jihadists attack two military installations in Mali",
    );

    let mut second = Doc::accepted(
        "[[JNIM|ARMED_GROUP]] fighters ambushed a convoy near [[Bamako|LOCATION]] on [[Friday|DATE]].",
    );
    let agent = second.m("JNIM", 0);
    second.event(
        ("ambushed", 0),
        "Battles",
        Some("Armed clash"),
        &[("agent", agent), ("location", second.m("Bamako", 0))],
    );
    second.save(&mut project, "Convoy ambushed");
    project
}

/// A copy of the shipped demo project with every suggestion of the shipped
/// suggesters accepted; returns how many items it has.
pub fn suggested_demo_project(dir: &Path) -> usize {
    let mut project = copy_demo(dir);
    let id = project.documents()[0].id.clone();
    let text = project.load_text(&id).expect("the demo text is readable");
    let mut set = AnnotationSet::new(id, ANNOTATOR);
    let suggester = attest::suggest::Rules::sahel_default().expect("the shipped suggesters build");
    attest::suggest::suggest_into(&mut set, &text, &suggester, at());
    let accept = |review: &mut Review| *review = review.decided(Status::Accepted, ANNOTATOR, at());
    set.mentions.iter_mut().for_each(|m| accept(&mut m.review));
    set.events.iter_mut().for_each(|e| accept(&mut e.review));
    set.claims.iter_mut().for_each(|c| accept(&mut c.review));
    project
        .save_annotations(&set)
        .expect("the annotations are saved");
    set.mentions.len() + set.events.len() + set.claims.len()
}

/// A copy of the shipped demo project, open for writing.
fn copy_demo(dir: &Path) -> Project {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/sahel-demo");
    for entry in walkdir::WalkDir::new(&shipped) {
        let entry = entry.expect("the demo project is readable");
        let target = dir.join(
            entry
                .path()
                .strip_prefix(&shipped)
                .expect("below the demo folder"),
        );
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("the copy folder is created");
        } else {
            std::fs::copy(entry.path(), &target).expect("the demo file is copied");
        }
    }
    let (project, problems) = Project::open(
        dir,
        OpenMode::ReadWrite {
            annotator: ANNOTATOR.to_owned(),
        },
    )
    .expect("the copied demo project opens");
    assert!(problems.is_empty(), "{problems:?}");
    project
}

/// A copy of the shipped demo project with the story's mentions (as marked
/// in the fixture) accepted, and its events and claims.
pub fn demo_project(dir: &Path) -> Project {
    let mut project = copy_demo(dir);
    let id = project.documents()[0].id.clone();
    let text = project.load_text(&id).expect("the demo text is readable");
    let mut doc = Doc::accepted_on(text, &read_fixture("mali-jnim-attacks.marked.txt"));
    annotate_afp_story(&mut doc);
    project
        .save_annotations(&doc.set)
        .expect("the annotations are saved");
    project
}

/// The events and claims of the AFP story, on its accepted mentions.
fn annotate_afp_story(doc: &mut Doc) {
    let mali = doc.m("Mali", 0);
    let camp = doc.m("military camp", 0);
    let farabougou = doc.m("Farabougou", 0);
    let militants = doc.m("The militants", 0);
    let militants_again = doc.m("The militants", 1);
    let first = doc.event(("attacked", 0), "Battles", None, &[("location", mali)]);
    let taken = doc.event(
        ("taken control", 0),
        "Battles",
        Some("Non-state actor overtakes territory"),
        &[
            ("agent", militants),
            ("target", camp),
            ("location", farabougou),
            ("time", doc.m("Tuesday morning", 0)),
        ],
    );
    let kassela = doc.event(
        ("attacked", 1),
        "Battles",
        Some("Armed clash"),
        &[
            ("agent", militants_again),
            ("target", doc.m("military installation", 1)),
            ("location", doc.m("Kassela", 0)),
            ("time", doc.m("Tuesday", 2)),
        ],
    );
    let atrocities = doc.event(
        ("atrocities", 0),
        "Violence against civilians",
        Some("Attack"),
        &[
            ("agent", doc.m("the regular army", 0)),
            ("agent", doc.m("Russian allies", 0)),
            ("target", doc.m("civilians", 0)),
        ],
    );
    let army = doc.m("the army", 0);
    doc.claim(
        ("according to", 0),
        "Confirmed",
        Some(ClaimSource::Mention(army)),
        &[],
        &[first],
    );
    let responsible = [doc.m("Al-Qaeda-linked jihadists", 0), doc.m("JNIM", 0)];
    doc.claim(
        ("were claimed by", 0),
        "Claimed",
        None,
        &responsible,
        &[first, kassela],
    );
    doc.claim(
        ("claimed to have taken control", 0),
        "Claimed",
        Some(ClaimSource::Reporter("AFP".into())),
        &[militants],
        &[taken],
    );
    let resident = doc.m("a resident of Farabougou", 0);
    doc.claim(
        ("told", 0),
        "Reported",
        Some(ClaimSource::Mention(resident)),
        &[],
        &[],
    );
    let malis_army = doc.m("Mali's army", 0);
    doc.claim(
        ("confirmed", 0),
        "Confirmed",
        Some(ClaimSource::Mention(malis_army)),
        &[],
        &[kassela],
    );
    doc.claim(
        ("accused of", 0),
        "Alleged",
        None,
        &[doc.m("the regular army", 0), doc.m("Russian allies", 0)],
        &[atrocities],
    );
    doc.set.mentions[0].actor = Some("mali".into());
}

/// Two French articles with nested mentions, curly quotes and « », a label
/// missing from the default schema, and items in every status.
pub fn french_project(dir: &Path) -> Project {
    let mut project = new_project(dir);
    assert!(project.file.schema.ensure_entity_label("VEHICLE"));
    project.save_project_file().expect("the schema is saved");

    let mut doc = Doc::accepted(&read_fixture("sahel-fr.marked.txt"));
    let jnim = doc.m("le JNIM (Groupe de soutien à l’islam et aux musulmans)", 0);
    let attack = doc.event(
        ("l’attaque", 0),
        "Battles",
        Some("Armed clash"),
        &[("agent", jnim), ("location", doc.m("Farabougou", 0))],
    );
    doc.claim(
        ("a affirmé", 0),
        "Claimed",
        Some(ClaimSource::Mention(jnim)),
        &[jnim],
        &[attack],
    );
    let armee = doc.m("l’armée du Mali", 0);
    doc.claim(
        ("Selon", 0),
        "Reported",
        Some(ClaimSource::Mention(armee)),
        &[],
        &[],
    );
    let russes = doc.m("soldats russes", 0);
    doc.claim(("accusés", 0), "Alleged", None, &[russes], &[]);
    // A label corrected by the annotator, a rejected suggestion and an open one.
    let pickup = doc.m("pick-up", 0);
    let proposal = Review::suggested(ANNOTATOR, "patterns", 0.4, at());
    if let Some(m) = doc.set.mention_mut(pickup) {
        m.review = proposal.decided(Status::Corrected, ANNOTATOR, at());
    }
    let camp = doc.find("camp", 0);
    doc.mention(
        camp,
        "FACILITY",
        proposal.decided(Status::Rejected, ANNOTATOR, at()),
    );
    let mardi = doc.find("mardi", 0);
    doc.mention(
        mardi,
        "DATE",
        Review::suggested(ANNOTATOR, "patterns", 0.8, at()),
    );
    doc.save(&mut project, "fr: Farabougou");

    let mut second = Doc::accepted(&read_fixture("sahel-fr-2.marked.txt"));
    let gsim = second.m("GSIM", 0);
    let ambush = second.event(
        ("embuscade", 0),
        "Battles",
        None,
        &[
            ("agent", gsim),
            ("target", second.m("FAMa", 0)),
            ("location", second.m("Léré", 0)),
        ],
    );
    second.claim(("a revendiqué", 0), "Claimed", None, &[gsim], &[ambush]);
    let afp = second.m("AFP", 0);
    second.claim(
        ("d’après", 0),
        "Reported",
        Some(ClaimSource::Mention(afp)),
        &[gsim],
        &[ambush],
    );
    second.save(&mut project, "fr: Léré");
    project
}

/// Every file under `dir`, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.expect("the export folder is readable");
        if entry.file_type().is_file() {
            let relative = entry
                .path()
                .strip_prefix(dir)
                .expect("below the export folder")
                .to_string_lossy()
                .into_owned();
            files.insert(
                relative,
                std::fs::read_to_string(entry.path()).expect("exported files are UTF-8"),
            );
        }
    }
    files
}

/// Asserts that two export folders hold the same files. The cards' lists
/// of what the first export could not write (CoNLL's overlaps) are left
/// out: those items never reached the second.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let without_unwritten = |mut files: BTreeMap<String, String>| {
        if let Some(card) = files.get_mut("dataset.json") {
            let mut value: serde_json::Value =
                serde_json::from_str(card).expect("dataset.json is JSON");
            if let Some(fields) = value.as_object_mut() {
                fields.remove("unwritten");
            }
            *card = serde_json::to_string_pretty(&value).expect("JSON serialises");
        }
        files
    };
    let (a, b) = (without_unwritten(tree(a)), without_unwritten(tree(b)));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "file lists differ"
    );
    for (name, content) in &a {
        let other = &b[name];
        if content != other {
            let (line, (x, y)) = content
                .lines()
                .zip(other.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .unwrap_or((0, ("(lengths differ)", "")));
            panic!(
                "{name} differs at line {}:\n  first:  {x}\n  second: {y}",
                line + 1
            );
        }
    }
}

pub fn export(project: &mut Project, out: &Path, options: &ExportOptions) -> ExportReport {
    formats::export(project, out, options, JobControl::unattended()).expect("the export runs")
}

pub fn import_into(
    project: &mut Project,
    format: Format,
    paths: &[PathBuf],
    import_as: ImportAs,
    source: Option<&str>,
) -> ImportReport {
    let options = ImportOptions {
        format,
        import_as,
        annotator: ANNOTATOR.to_owned(),
        source: source.map(str::to_owned),
    };
    formats::import(project, paths, &options, JobControl::unattended()).expect("the import runs")
}

/// Every annotation set of the project for the annotator, in document order.
pub fn sets(project: &mut Project) -> Vec<(String, AnnotationSet)> {
    let ids: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
    ids.into_iter()
        .map(|id| {
            let text = project.load_text(&id).expect("the text is readable");
            (
                text,
                project
                    .load_annotations(&id, ANNOTATOR)
                    .expect("the annotations are readable"),
            )
        })
        .collect()
}

/// A span in code points, for assertions.
pub fn chars_of(text: &str, span: Span) -> (usize, usize) {
    attest::model::CharOffsets::new(text)
        .to_chars(span)
        .expect("the span fits the text")
}
