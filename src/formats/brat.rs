//! brat standoff: per document a `.txt` (the text as is) and an `.ann`
//! whose offsets count code points, and one `annotation.conf` that declares
//! every type, role, relation and attribute value the files use (brat's
//! verifier reports anything undeclared).
//!
//! - `T` text-bound spans: mentions (entity label), event triggers (event
//!   type) and claim cues (type `Claim`); a span across a line break is
//!   written as fragments, as brat requires.
//! - `E` events: `Battles:T5 agent:T1 agent2:T3 location:T2`; an argument
//!   filled by another event (`Event-Arg:E2`) is an argument relation.
//! - `R` relations from a claim cue: `Source`, `Responsible`, `About`; any
//!   other relation between items is a generic typed relation. Relations
//!   name an event by its trigger's `T`: brat takes an `E` too, but common
//!   brat readers only take `T` arguments. Reading takes both.
//! - `*` equivalence sets (`Alias T3 T4 T5`).
//! - `A`/`M` attributes: a mention's attributes, `Stance` of a claim,
//!   `SubType` of an event, `Status` of any item that is not accepted (so
//!   suggestions and rejected negatives keep their status), and any other
//!   attribute of an event, claim or relation. A value brat cannot hold (it
//!   takes one word from a declared list) is never rewritten: it is written
//!   as an `AttestAttribute` note `name=value` and read back exactly.
//! - `N` normalisations: a mention's catalogue actor (`attest:<id>`), and
//!   any other reference (`Wikipedia:64488`) with its text.
//! - `#` notes: a mention's `note` attribute, a claim's reporter source, and
//!   any other note on an item or relation.
//!
//! brat type names cannot hold spaces or slashes, so names are written with
//! `_` and read back through the project's schema.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

use super::record::slice_chars;
use super::record_extras::is_value_word;
use super::registry::{DatasetFormat, Reader, WriteContext, Writer};
use super::source::{Companion, Source};
use super::{FormatError, Rendered};
use super::{
    Located, Offsets, Parsed, Record, RecordAttribute, RecordClaim, RecordEquivalence, RecordEvent,
    RecordMention, RecordMeta, RecordNormalization, RecordNote, RecordRelation, RecordSource,
    StatusKind,
};
use crate::model::{CharOffsets, Schema};
use crate::store::Problem;

/// brat standoff in the registry.
pub struct Brat;

/// The text of each `.ann`, beside it.
const TXT: Companion = Companion {
    extension: "txt",
    what: "text",
};

impl DatasetFormat for Brat {
    fn name(&self) -> &'static str {
        "brat"
    }
    fn description(&self) -> &'static str {
        "brat standoff: .txt + .ann per document, and annotation.conf"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["ann"]
    }
    fn holds_status(&self) -> bool {
        true
    }
    fn empty_record_is_annotated(&self) -> bool {
        true
    }
    fn companions(&self) -> &'static [Companion] {
        &[TXT]
    }
    fn reader(&self) -> Option<Reader> {
        Some(read)
    }
    fn writer(&self) -> Option<Writer> {
        Some(write)
    }
}

/// Every record's files, and one `annotation.conf` at the top that
/// declares what the files of every part use.
fn write(records: &[Record], part: &str, project: &WriteContext) -> Result<Rendered, FormatError> {
    let mut files = render(records, part);
    let mut declared = Declared::default();
    let all: Vec<&Record> = if project.all_records.is_empty() {
        records.iter().collect()
    } else {
        project.all_records.to_vec()
    };
    for record in all {
        render_ann(record, &mut declared);
    }
    files.push((
        PathBuf::from(CONF_FILE),
        annotation_conf(project.schema, &declared),
    ));
    Ok(Rendered::whole(files))
}

pub const CONF_FILE: &str = "annotation.conf";
const CLAIM: &str = "Claim";
const STANCE: &str = "Stance";
const SUB_TYPE: &str = "SubType";
const STATUS: &str = "Status";
const SOURCE: &str = "Source";
const RESPONSIBLE: &str = "Responsible";
const ABOUT: &str = "About";
const NOTE_ATTRIBUTE: &str = "note";
const ANNOTATOR_NOTES: &str = "AnnotatorNotes";
/// The note type of an attribute whose value is free text (`name=value`):
/// brat attribute values are single words from a closed list.
const ATTRIBUTE_NOTE: &str = "AttestAttribute";
const REPORTER_NOTE: &str = "reporter: ";
const ATTEST_DB: &str = "attest";
const ENTITY: &str = "<ENTITY>";
const EVENT: &str = "<EVENT>";
const ANY: &str = "<ANY>";

/// A name as brat accepts it: letters, digits, `-` and `_`.
fn brat_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The name among `names` that is written as `written`, else `written`.
fn schema_name<'a>(written: &str, mut names: impl Iterator<Item = &'a str>) -> String {
    names
        .find(|n| brat_name(n) == written)
        .map_or_else(|| written.to_owned(), str::to_owned)
}

/// The `T` line's offsets and text for `covered`, which starts at code
/// point `start`: fragments split at line breaks, as brat requires.
fn fragments(covered: &str, start: usize) -> (String, String) {
    let mut ranges = Vec::new();
    let mut texts = Vec::new();
    // The open fragment: (code-point start, byte start).
    let mut open: Option<(usize, usize)> = None;
    let mut end = start;
    for (i, (byte, c)) in covered.char_indices().enumerate() {
        let at = start + i;
        end = at + 1;
        if c == '\n' || c == '\r' {
            if let Some((s, b)) = open.take() {
                ranges.push(format!("{s} {at}"));
                texts.push(&covered[b..byte]);
            }
        } else if open.is_none() {
            open = Some((at, byte));
        }
    }
    if let Some((s, b)) = open {
        ranges.push(format!("{s} {end}"));
        texts.push(&covered[b..]);
    }
    (ranges.join(";"), texts.join(" "))
}

/// How an attribute is used across an export, for `annotation.conf`.
#[derive(Default)]
struct AttributeUse {
    /// `<ENTITY>`, `<EVENT>` or `<ANY>` (relations, or several kinds).
    targets: BTreeSet<&'static str>,
    values: BTreeSet<String>,
}

/// What the `.ann` files of an export use, so that `annotation.conf`
/// declares every type, role, relation and attribute value — brat's
/// verifier reports anything undeclared.
#[derive(Default)]
struct Declared {
    entities: BTreeSet<String>,
    /// Event type to the roles its events use.
    events: BTreeMap<String, BTreeSet<String>>,
    /// Roles some event fills (`Event-Arg`).
    event_roles: BTreeSet<String>,
    /// Relation type to the types of its first and second arguments.
    relations: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)>,
    /// Equivalence type to the types of its members.
    equivalences: BTreeMap<String, BTreeSet<String>>,
    attributes: BTreeMap<String, AttributeUse>,
}

impl Declared {
    fn attribute(&mut self, name: &str, target: &'static str, value: Option<&str>) {
        let used = self.attributes.entry(brat_name(name)).or_default();
        used.targets.insert(target);
        if let Some(value) = value {
            used.values.insert(value.to_owned());
        }
    }
}

/// The lines of one document's `.ann`.
#[derive(Default)]
struct Ann {
    spans: Vec<String>,
    events: Vec<String>,
    relations: Vec<String>,
    equivalences: Vec<String>,
    attributes: Vec<String>,
    normalisations: Vec<String>,
    notes: Vec<String>,
}

impl Ann {
    fn span(&mut self, kind: &str, text: &str, offsets: &CharOffsets, at: Offsets) -> String {
        let id = format!("T{}", self.spans.len() + 1);
        let covered = slice_chars(text, offsets, at.start, at.end).unwrap_or_default();
        let (ranges, covered) = fragments(covered, at.start);
        self.spans.push(format!("{id}\t{kind} {ranges}\t{covered}"));
        id
    }

    /// An `A` line whose value is written as is (a closed-set word).
    fn attribute(&mut self, name: &str, target: &str, value: Option<&str>) {
        let id = self.attributes.len() + 1;
        let name = brat_name(name);
        match value {
            Some(value) => self
                .attributes
                .push(format!("A{id}\t{name} {target} {value}")),
            None => self.attributes.push(format!("A{id}\t{name} {target}")),
        }
    }

    /// An attribute of the record: an `A` line when brat can hold the value
    /// (binary, or one word), else a note that keeps the value exactly.
    fn any_attribute(
        &mut self,
        declared: &mut Declared,
        kind: &'static str,
        target: &str,
        name: &str,
        value: Option<&str>,
    ) {
        match value {
            Some(value) if !is_value_word(value) => {
                self.note(ATTRIBUTE_NOTE, target, &format!("{name}={value}"));
            }
            _ => {
                self.attribute(name, target, value);
                declared.attribute(name, kind, value);
            }
        }
    }

    /// A closed-set attribute of the schema, its value written as a brat name.
    fn schema_attribute(&mut self, name: &str, target: &str, value: &str) {
        self.attribute(name, target, Some(&brat_name(value)));
    }

    fn status(&mut self, target: &str, status: StatusKind) {
        if status != StatusKind::Accepted {
            self.attribute(STATUS, target, Some(status.name()));
        }
    }

    fn note(&mut self, kind: &str, target: &str, note: &str) {
        let id = self.notes.len() + 1;
        let note = note.replace(['\n', '\r', '\t'], " ");
        self.notes
            .push(format!("#{id}\t{} {target}\t{note}", brat_name(kind)));
    }

    fn relation(&mut self, kind: &str, from: &str, to: &str) -> String {
        let id = format!("R{}", self.relations.len() + 1);
        self.relations
            .push(format!("{id}\t{kind} Arg1:{from} Arg2:{to}"));
        id
    }

    fn normalisation(&mut self, target: &str, reference: &str, text: &str) {
        let id = self.normalisations.len() + 1;
        self.normalisations.push(format!(
            "N{id}\tReference {target} {reference}\t{}",
            text.replace(['\n', '\r', '\t'], " ")
        ));
    }

    fn finish(self) -> String {
        let mut out = String::new();
        for line in [
            self.spans,
            self.events,
            self.relations,
            self.equivalences,
            self.attributes,
            self.normalisations,
            self.notes,
        ]
        .into_iter()
        .flatten()
        {
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// Where an item of the record went in the `.ann`.
struct Written {
    /// What attributes, normalisations and notes name: `T`, `E` or `R`.
    id: String,
    /// What relations and equivalences name: the item's `T` (an event's
    /// trigger, which every brat reader takes, where an `E` is valid brat
    /// but refused by common readers), and its brat type.
    argument: Option<(String, String)>,
    /// `<ENTITY>`, `<EVENT>` or `<ANY>`, for `annotation.conf`.
    kind: &'static str,
}

fn render_ann(record: &Record, declared: &mut Declared) -> String {
    let offsets = CharOffsets::new(&record.text);
    let mut ann = Ann::default();
    let mut written: HashMap<&str, Written> = HashMap::new();
    for m in &record.mentions {
        let label = brat_name(&m.label);
        let t = ann.span(
            &label,
            &record.text,
            &offsets,
            Offsets {
                start: m.start,
                end: m.end,
            },
        );
        declared.entities.insert(label.clone());
        for (name, value) in &m.attributes {
            if name == NOTE_ATTRIBUTE {
                ann.note(ANNOTATOR_NOTES, &t, value);
            } else {
                let value = (value != "true").then_some(value.as_str());
                ann.any_attribute(declared, ENTITY, &t, name, value);
            }
        }
        ann.status(&t, m.status);
        if let Some(actor) = &m.actor {
            let reference = if actor.contains(':') {
                actor.clone()
            } else {
                format!("{ATTEST_DB}:{actor}")
            };
            ann.normalisation(&t, &reference, &m.text);
        }
        written.insert(
            m.id.as_str(),
            Written {
                id: t.clone(),
                argument: Some((t, label)),
                kind: ENTITY,
            },
        );
    }
    let event_ids: HashMap<&str, String> = record
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), format!("E{}", i + 1)))
        .collect();
    // Arguments filled by events: (role, filler's `E`) by event.
    let mut event_fillers: HashMap<&str, Vec<(String, &str)>> = HashMap::new();
    for r in record.extras.relations.iter().filter(|r| r.argument) {
        if let Some(target) = event_ids.get(r.to.as_str()) {
            let role = brat_name(&r.kind);
            declared.event_roles.insert(role.clone());
            event_fillers
                .entry(r.from.as_str())
                .or_default()
                .push((role, target));
        }
    }
    // Events that share a trigger share its `T` line, as brat writes them.
    let mut triggers: HashMap<(Offsets, String), String> = HashMap::new();
    for e in &record.events {
        let kind = brat_name(&e.event_type);
        let t = triggers
            .entry((e.trigger, kind.clone()))
            .or_insert_with(|| ann.span(&kind, &record.text, &offsets, e.trigger))
            .clone();
        let id = event_ids.get(e.id.as_str()).cloned().unwrap_or_default();
        let mut line = format!("{id}\t{kind}:{t}");
        let roles = declared.events.entry(kind.clone()).or_default();
        // brat numbers a repeated role: target, target2, target3 …
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mentions = e.roles.iter().flat_map(|(role, fillers)| {
            fillers.iter().filter_map(|filler| {
                let target = written.get(filler.as_str())?.argument.as_ref()?;
                Some((brat_name(role), target.0.as_str()))
            })
        });
        let events = event_fillers
            .get(e.id.as_str())
            .into_iter()
            .flatten()
            .map(|(role, target)| (role.clone(), *target));
        for (role, target) in mentions.chain(events) {
            let n = counts.entry(role.clone()).or_default();
            *n += 1;
            let suffix = if *n == 1 {
                String::new()
            } else {
                n.to_string()
            };
            let _ = write!(line, " {role}{suffix}:{target}");
            roles.insert(role);
        }
        ann.events.push(line);
        if let Some(sub) = &e.sub_type {
            ann.schema_attribute(SUB_TYPE, &id, sub);
        }
        ann.status(&id, e.status);
        written.insert(
            e.id.as_str(),
            Written {
                id,
                argument: Some((t, kind)),
                kind: EVENT,
            },
        );
    }
    for c in &record.claims {
        let t = ann.span(CLAIM, &record.text, &offsets, c.cue);
        declared.entities.insert(CLAIM.to_owned());
        ann.schema_attribute(STANCE, &t, &c.stance);
        ann.status(&t, c.status);
        let argument = |id: &str| written.get(id).and_then(|w| w.argument.clone());
        match &c.source {
            Some(RecordSource::Mention(m)) => {
                if let Some((target, _)) = argument(m) {
                    ann.relation(SOURCE, &t, &target);
                }
            }
            Some(RecordSource::Reporter { reporter }) => {
                ann.note(ANNOTATOR_NOTES, &t, &format!("{REPORTER_NOTE}{reporter}"))
            }
            None => {}
        }
        for r in &c.responsible {
            if let Some((target, _)) = argument(r) {
                ann.relation(RESPONSIBLE, &t, &target);
            }
        }
        for (trigger, _) in c.events.iter().filter_map(|e| argument(e)) {
            ann.relation(ABOUT, &t, &trigger);
        }
        written.insert(
            c.id.as_str(),
            Written {
                id: t.clone(),
                argument: Some((t, CLAIM.to_owned())),
                kind: ENTITY,
            },
        );
    }
    render_extras(record, &mut ann, &mut written, declared);
    ann.finish()
}

/// Generic relations, equivalences, and the attributes, normalisations
/// and notes of any item.
fn render_extras<'r>(
    record: &'r Record,
    ann: &mut Ann,
    written: &mut HashMap<&'r str, Written>,
    declared: &mut Declared,
) {
    let extras = &record.extras;
    // Arguments filled by events are on their event's `E` line.
    for r in extras.relations.iter().filter(|r| !r.argument) {
        let argument = |id: &str| written.get(id).and_then(|w| w.argument.clone());
        let (Some(from), Some(to)) = (argument(&r.from), argument(&r.to)) else {
            continue;
        };
        let kind = brat_name(&r.kind);
        let id = ann.relation(&kind, &from.0, &to.0);
        let types = declared.relations.entry(kind).or_default();
        types.0.insert(from.1);
        types.1.insert(to.1);
        ann.status(&id, r.status);
        written.insert(
            r.id.as_str(),
            Written {
                id,
                argument: None,
                kind: ANY,
            },
        );
    }
    for e in &extras.equivalences {
        let members: Vec<(String, String)> = e
            .members
            .iter()
            .filter_map(|m| written.get(m.as_str()).and_then(|w| w.argument.clone()))
            .collect();
        if members.len() < 2 {
            continue;
        }
        let kind = brat_name(&e.kind);
        let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
        ann.equivalences
            .push(format!("*\t{kind} {}", ids.join(" ")));
        declared
            .equivalences
            .entry(kind)
            .or_default()
            .extend(members.into_iter().map(|(_, t)| t));
    }
    for a in &extras.attributes {
        if let Some(w) = written.get(a.item.as_str()) {
            ann.any_attribute(declared, w.kind, &w.id, &a.name, a.value.as_deref());
        }
    }
    for n in &extras.normalizations {
        if let Some(w) = written.get(n.item.as_str()) {
            let reference = format!("{}:{}", brat_name(&n.db), n.entry);
            ann.normalisation(&w.id, &reference, &n.text);
        }
    }
    for n in &extras.notes {
        if let Some(w) = written.get(n.item.as_str()) {
            ann.note(&n.kind, &w.id, &n.text);
        }
    }
}

/// `<part>/<name>.txt` and `.ann` for every record, empty documents
/// included (an empty `.ann`): the name the document came in with, or its
/// id when it came without one or another document of the part has it.
pub fn render(records: &[Record], part: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut declared = Declared::default();
    let mut taken = std::collections::HashSet::new();
    // Ids first, so that a name never takes another document's id.
    taken.extend(records.iter().map(|r| r.id.to_lowercase()));
    let folder = PathBuf::from(part);
    for record in records {
        let name = match &record.meta.name {
            Some(name) if *name == record.id => name.clone(),
            Some(name) if taken.insert(name.to_lowercase()) => name.clone(),
            _ => record.id.clone(),
        };
        files.push((folder.join(format!("{name}.txt")), record.text.clone()));
        files.push((
            folder.join(format!("{name}.ann")),
            render_ann(record, &mut declared),
        ));
    }
    files
}

/// `A|B|C`, or `<ENTITY>` when `types` is empty.
fn alternatives(types: &BTreeSet<String>, otherwise: &str) -> String {
    if types.is_empty() {
        otherwise.to_owned()
    } else {
        types.iter().cloned().collect::<Vec<_>>().join("|")
    }
}

/// `annotation.conf` for the schema and for what the export's `.ann` files
/// use: entity labels, event types with their roles, the claim relations,
/// generic relations and equivalences, and every attribute with its values.
fn annotation_conf(schema: &Schema, declared: &Declared) -> String {
    let mut out = String::from("# Written by Attest from the project's schema.\n[entities]\n");
    let mut entities: BTreeSet<String> = schema
        .entity_labels
        .iter()
        .map(|l| brat_name(&l.name))
        .collect();
    entities.extend(declared.entities.iter().cloned());
    entities.insert(CLAIM.to_owned());
    let event_types: BTreeSet<String> = schema
        .event_types
        .iter()
        .map(|t| brat_name(&t.name))
        .chain(declared.events.keys().cloned())
        .collect();
    // A label that is also an event type is declared as an event only.
    for label in entities.difference(&event_types) {
        out.push_str(label);
        out.push('\n');
    }
    out.push_str("\n[relations]\n");
    let _ = writeln!(out, "{SOURCE}\tArg1:{CLAIM}, Arg2:{ENTITY}");
    let _ = writeln!(out, "{RESPONSIBLE}\tArg1:{CLAIM}, Arg2:{ENTITY}");
    let _ = writeln!(out, "{ABOUT}\tArg1:{CLAIM}, Arg2:{EVENT}");
    let mut relations: BTreeMap<String, (String, String)> = schema
        .relation_types
        .iter()
        .filter(|r| !r.equivalence)
        .map(|r| (brat_name(&r.name), (ENTITY.to_owned(), ENTITY.to_owned())))
        .collect();
    for (name, (from, to)) in &declared.relations {
        relations.insert(
            name.clone(),
            (alternatives(from, ENTITY), alternatives(to, ENTITY)),
        );
    }
    for (name, (from, to)) in &relations {
        let _ = writeln!(out, "{name}\tArg1:{from}, Arg2:{to}");
    }
    let mut equivalences: BTreeMap<String, String> = schema
        .relation_types
        .iter()
        .filter(|r| r.equivalence)
        .map(|r| (brat_name(&r.name), ENTITY.to_owned()))
        .collect();
    for (name, members) in &declared.equivalences {
        equivalences.insert(name.clone(), alternatives(members, ENTITY));
    }
    for (name, members) in &equivalences {
        let _ = writeln!(
            out,
            "{name}\tArg1:{members}, Arg2:{members}, <REL-TYPE>:symmetric-transitive"
        );
    }
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n");
    let schema_roles: BTreeSet<String> = schema.roles.iter().map(|r| brat_name(&r.name)).collect();
    for event_type in &event_types {
        let mut roles = schema_roles.clone();
        roles.extend(
            declared
                .events
                .get(event_type)
                .into_iter()
                .flatten()
                .cloned(),
        );
        let roles: Vec<String> = roles
            .iter()
            .map(|r| {
                if declared.event_roles.contains(r) {
                    format!("{r}*:{ENTITY}|{EVENT}")
                } else {
                    format!("{r}*:{ENTITY}")
                }
            })
            .collect();
        let _ = writeln!(out, "{event_type}\t{}", roles.join(", "));
    }
    out.push_str("\n[attributes]\n");
    let stances: Vec<String> = schema.stances.iter().map(|s| brat_name(&s.name)).collect();
    let _ = writeln!(out, "{STANCE}\tArg:{CLAIM}, Value:{}", stances.join("|"));
    let mut sub_types: Vec<String> = schema
        .event_types
        .iter()
        .flat_map(|t| t.sub_types.iter().map(|s| brat_name(s)))
        .collect();
    sub_types.sort();
    sub_types.dedup();
    let _ = writeln!(
        out,
        "{SUB_TYPE}\tArg:{EVENT}, Value:{}",
        sub_types.join("|")
    );
    let statuses: Vec<&str> = StatusKind::ALL
        .into_iter()
        .filter(|s| *s != StatusKind::Accepted)
        .map(StatusKind::name)
        .collect();
    let _ = writeln!(out, "{STATUS}\tArg:{ANY}, Value:{}", statuses.join("|"));
    let mut attributes: BTreeMap<String, (BTreeSet<&str>, BTreeSet<String>)> = BTreeMap::new();
    for a in &schema.attribute_types {
        let entry = attributes.entry(brat_name(&a.name)).or_default();
        entry.0.insert(ANY);
        entry
            .1
            .extend(a.values.iter().filter(|v| is_value_word(v)).cloned());
    }
    for (name, used) in &declared.attributes {
        let entry = attributes.entry(name.clone()).or_default();
        // Declared from use: the schema's `<ANY>` gives way to the kinds used.
        entry.0 = used.targets.iter().copied().collect();
        entry.1.extend(used.values.iter().cloned());
    }
    for (name, (targets, values)) in attributes
        .iter()
        .filter(|(n, _)| ![STANCE, SUB_TYPE, STATUS].contains(&n.as_str()))
    {
        let target = match targets.iter().collect::<Vec<_>>().as_slice() {
            [one] => **one,
            _ => ANY,
        };
        if values.is_empty() {
            let _ = writeln!(out, "{name}\tArg:{target}");
        } else {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            let _ = writeln!(out, "{name}\tArg:{target}, Value:{}", values.join("|"));
        }
    }
    out
}

/// One `T` line.
struct SpanLine {
    line: usize,
    kind: String,
    start: usize,
    end: usize,
    text: String,
    fragments: usize,
    /// The fragments' offsets, in the order written.
    ranges: Vec<(usize, usize)>,
}

/// `E`: (line, id, type, trigger, role arguments).
type EventLine = (usize, String, String, String, Vec<(String, String)>);
/// `R`: (line, id, type, Arg1, Arg2).
type RelationLine = (usize, String, String, String, String);
/// `A`/`M`: (line, name, target, value).
type AttributeLine = (usize, String, String, Option<String>);
/// `N`: (line, target, reference, text).
type NormalisationLine = (usize, String, String, String);
/// `#`: (line, note type, target, text).
type NoteLine = (usize, String, String, String);
/// `*`: (line, type, members).
type EquivalenceLine = (usize, String, Vec<String>);

/// The lines of an `.ann`, sorted by kind.
#[derive(Default)]
struct AnnLines {
    spans: HashMap<String, SpanLine>,
    span_order: Vec<String>,
    events: Vec<EventLine>,
    relations: Vec<RelationLine>,
    attributes: Vec<AttributeLine>,
    equivalences: Vec<EquivalenceLine>,
    normalisations: Vec<NormalisationLine>,
    notes: Vec<NoteLine>,
}

/// Reads an `.ann` and the `.txt` beside it as one record.
fn read(source: &Source, schema: &Schema) -> Parsed {
    let Some(txt) = source.companion(TXT.extension) else {
        let message = format!("no .{} read beside it", TXT.extension);
        return Problem::new(&source.path, None, message).into();
    };
    let text = match txt.text() {
        Ok(text) => text,
        Err(problem) => return problem.into(),
    };
    let ann = match source.text() {
        Ok(ann) => ann,
        Err(problem) => return problem.into(),
    };
    let mut problems = Vec::new();
    let lines = parse_lines(ann, &mut problems);
    let id = source
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let record = build_record(&lines, id, text.to_owned(), schema, &mut problems);
    Parsed {
        records: vec![Located {
            path: source.path.clone(),
            line: None,
            record,
            notes: Vec::new(),
            annotator: None,
        }],
        problems: problems
            .into_iter()
            .map(|(line, message)| Problem::new(&source.path, Some(line), message))
            .collect(),
    }
}

/// Sorts the lines by kind; a line that cannot be read is a (line, message).
fn parse_lines(ann: &str, problems: &mut Vec<(usize, String)>) -> AnnLines {
    let mut lines = AnnLines::default();
    for (index, raw) in ann.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let mut fields = raw.splitn(3, '\t');
        let id = fields.next().unwrap_or_default().to_owned();
        let body = fields.next().unwrap_or_default();
        let rest = fields.next().unwrap_or_default();
        let words: Vec<&str> = body.split_whitespace().collect();
        let mut problem = |message: String| problems.push((line, format!("{id}: {message}")));
        match id.chars().next() {
            Some('T') => match parse_span(line, body, rest) {
                Some(_) if lines.spans.contains_key(&id) => {
                    let first = lines.spans.get(&id).map_or(0, |s| s.line);
                    problem(format!(
                        "duplicate id (first on line {first}); this line is not imported"
                    ));
                }
                Some(span) => {
                    lines.span_order.push(id.clone());
                    lines.spans.insert(id, span);
                }
                None => problem(format!(
                    "expected `TYPE START END[;START END]`, not {body:?}"
                )),
            },
            Some('E') => {
                let Some((kind, trigger)) = words.first().and_then(|w| w.split_once(':')) else {
                    problem("expected `TYPE:TRIGGER ROLE:ARG…`".to_owned());
                    continue;
                };
                let args = words[1..]
                    .iter()
                    .filter_map(|w| w.split_once(':'))
                    .map(|(r, a)| (r.to_owned(), a.to_owned()))
                    .collect();
                lines
                    .events
                    .push((line, id, kind.to_owned(), trigger.to_owned(), args));
            }
            Some('R') => {
                let arg = |i: usize| {
                    words
                        .get(i)
                        .and_then(|w| w.split_once(':'))
                        .map(|(_, a)| a.to_owned())
                };
                match (words.first(), arg(1), arg(2)) {
                    (Some(kind), Some(a1), Some(a2)) => {
                        lines.relations.push((line, id, (*kind).to_owned(), a1, a2))
                    }
                    _ => problem("expected `TYPE Arg1:ID Arg2:ID`".to_owned()),
                }
            }
            Some('A' | 'M') => match words.as_slice() {
                [name, target] => {
                    lines
                        .attributes
                        .push((line, (*name).to_owned(), (*target).to_owned(), None))
                }
                [name, target, value] => lines.attributes.push((
                    line,
                    (*name).to_owned(),
                    (*target).to_owned(),
                    Some((*value).to_owned()),
                )),
                _ => problem("expected `NAME ID [VALUE]`".to_owned()),
            },
            Some('N') => match words.as_slice() {
                [_, target, reference] => lines.normalisations.push((
                    line,
                    (*target).to_owned(),
                    (*reference).to_owned(),
                    rest.to_owned(),
                )),
                _ => problem("expected `Reference ID DB:ENTRY`".to_owned()),
            },
            Some('#') => match words.as_slice() {
                [kind, target] => lines.notes.push((
                    line,
                    (*kind).to_owned(),
                    (*target).to_owned(),
                    rest.to_owned(),
                )),
                _ => problem("expected `AnnotatorNotes ID`".to_owned()),
            },
            Some('*') => match words.as_slice() {
                [kind, members @ ..] if members.len() > 1 => lines.equivalences.push((
                    line,
                    (*kind).to_owned(),
                    members.iter().map(|m| (*m).to_owned()).collect(),
                )),
                _ => problem("expected `TYPE ID ID…`".to_owned()),
            },
            _ => problem(format!(
                "{} annotations have no place in Attest; skipped",
                words.first().unwrap_or(&"these")
            )),
        }
    }
    lines
}

/// A `T` line's type and offsets (fragments joined from first to last).
fn parse_span(line: usize, body: &str, text: &str) -> Option<SpanLine> {
    let (kind, ranges) = body.split_once(' ')?;
    let ranges: Vec<(usize, usize)> = ranges
        .split(';')
        .map(|r| {
            let (s, e) = r.trim().split_once(' ')?;
            Some((s.parse().ok()?, e.trim().parse().ok()?))
        })
        .collect::<Option<_>>()?;
    Some(SpanLine {
        line,
        kind: kind.to_owned(),
        start: ranges.iter().map(|r| r.0).min()?,
        end: ranges.iter().map(|r| r.1).max()?,
        text: text.to_owned(),
        fragments: ranges.len(),
        ranges,
    })
}

/// The text a fragmented span leaves out between its fragments, when that
/// is more than white space; `None` for a continuous span. Offsets count
/// code points, as brat's do.
fn discontinuity(text: &str, ranges: &[(usize, usize)]) -> Option<String> {
    let mut sorted = ranges.to_vec();
    sorted.sort_unstable();
    sorted.windows(2).find_map(|pair| {
        let (gap_start, gap_end) = (pair[0].1, pair[1].0);
        if gap_end <= gap_start {
            return None;
        }
        let gap: String = text
            .chars()
            .skip(gap_start)
            .take(gap_end - gap_start)
            .collect();
        (!gap.trim().is_empty()).then_some(gap)
    })
}

/// Where each brat id went in the record.
#[derive(Default)]
struct Index {
    mentions: HashMap<String, usize>,
    claims: HashMap<String, usize>,
    events: HashMap<String, usize>,
    /// Trigger `T` id to its event's `E` id.
    triggers: HashMap<String, String>,
    /// Generic relations (`R` lines kept as such).
    relations: HashMap<String, usize>,
}

impl Index {
    /// The record id of the item a brat id names: a mention's or claim's
    /// `T`, an event's `E` (or its trigger's `T`), a relation's `R`.
    fn item(&self, id: &str) -> Option<String> {
        if self.mentions.contains_key(id)
            || self.claims.contains_key(id)
            || self.events.contains_key(id)
        {
            Some(id.to_owned())
        } else {
            self.triggers
                .get(id)
                .filter(|e| self.events.contains_key(*e))
                .cloned()
        }
    }

    /// Like [`Index::item`], and relations too (what attachments name).
    fn target(&self, id: &str) -> Option<String> {
        self.item(id)
            .or_else(|| self.relations.contains_key(id).then(|| id.to_owned()))
    }
}

/// The record of an `.ann`'s lines: spans become mentions, claim cues or
/// triggers; then relations, attributes, normalisations and notes attach.
fn build_record(
    lines: &AnnLines,
    id: String,
    text: String,
    schema: &Schema,
    problems: &mut Vec<(usize, String)>,
) -> Record {
    let mut record = Record {
        id,
        text,
        meta: RecordMeta::default(),
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
        extras: crate::formats::RecordExtras::default(),
    };
    let mut index = Index {
        triggers: lines
            .events
            .iter()
            .map(|e| (e.3.clone(), e.1.clone()))
            .collect(),
        ..Index::default()
    };
    for id in &lines.span_order {
        let Some(span) = lines.spans.get(id) else {
            continue;
        };
        let offsets = Offsets {
            start: span.start,
            end: span.end,
        };
        if index.triggers.contains_key(id) {
            continue;
        }
        // Fragments apart only by line breaks or spaces (as brat writes a
        // span across lines) are one span; a gap over other text is not,
        // and Attest keeps no discontinuous spans.
        if let Some(gap) = discontinuity(&record.text, &span.ranges) {
            problems.push((
                span.line,
                format!(
                    "{id}: discontinuous span (its fragments leave out {gap:?}); Attest keeps only continuous spans, so it is not imported"
                ),
            ));
            continue;
        }
        if span.kind == CLAIM {
            index.claims.insert(id.clone(), record.claims.len());
            record.claims.push(RecordClaim {
                id: id.clone(),
                cue: offsets,
                stance: String::new(),
                source: None,
                responsible: Vec::new(),
                events: Vec::new(),
                status: StatusKind::Accepted,
                suggester: None,
                score: None,
            });
        } else {
            index.mentions.insert(id.clone(), record.mentions.len());
            record.mentions.push(RecordMention {
                id: id.clone(),
                start: span.start,
                end: span.end,
                // Fragmented spans join their pieces with spaces: not comparable.
                text: if span.fragments == 1 {
                    span.text.clone()
                } else {
                    String::new()
                },
                label: schema_name(
                    &span.kind,
                    schema.entity_labels.iter().map(|l| l.name.as_str()),
                ),
                actor: None,
                attributes: BTreeMap::new(),
                status: StatusKind::Accepted,
                suggester: None,
                score: None,
            });
        }
    }
    // Arguments filled by events, kept once every event is known.
    let mut event_arguments: Vec<(usize, &str, &str, &str)> = Vec::new();
    for (line, id, kind, trigger, args) in &lines.events {
        let Some(span) = lines.spans.get(trigger) else {
            problems.push((
                *line,
                format!("{id}: trigger {trigger} is not a T line; skipped"),
            ));
            continue;
        };
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (role, arg) in args {
            let event_filler =
                index.triggers.contains_key(arg) || lines.events.iter().any(|e| &e.1 == arg);
            if event_filler {
                event_arguments.push((*line, id, role, arg));
                continue;
            }
            if !index.mentions.contains_key(arg) {
                problems.push((
                    *line,
                    format!("{id}: argument {role}:{arg} is not an entity (Attest's event roles are filled by mentions); skipped"),
                ));
                continue;
            }
            // brat numbers repeated roles: target, target2, target3 …
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let role = schema_name(role, schema.roles.iter().map(|r| r.name.as_str()));
            roles.entry(role).or_default().push(arg.clone());
        }
        index.events.insert(id.clone(), record.events.len());
        record.events.push(RecordEvent {
            id: id.clone(),
            trigger: Offsets {
                start: span.start,
                end: span.end,
            },
            event_type: schema_name(kind, schema.event_types.iter().map(|t| t.name.as_str())),
            sub_type: None,
            roles,
            status: StatusKind::Accepted,
            suggester: None,
            score: None,
        });
    }
    for (n, (line, id, role, arg)) in event_arguments.into_iter().enumerate() {
        let target = index.item(arg).filter(|e| index.events.contains_key(e));
        let (Some(target), true) = (target, index.events.contains_key(id)) else {
            problems.push((
                line,
                format!("{id}: argument {role}:{arg} names no event that was read; skipped"),
            ));
            continue;
        };
        let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
        record.extras.relations.push(RecordRelation {
            id: format!("{id}:{}", n + 1),
            kind: schema_name(role, schema.roles.iter().map(|r| r.name.as_str())),
            from: id.to_owned(),
            to: target,
            argument: true,
            status: StatusKind::Accepted,
        });
    }
    attach_relations(lines, &mut index, &mut record, schema, problems);
    attach_equivalences(lines, &index, &mut record, schema, problems);
    attach_attributes(lines, &index, &mut record, schema, problems);
    attach_references_and_notes(lines, &index, &mut record, problems);
    record.claims.retain(|c| {
        if c.stance.is_empty() {
            let line = lines.spans.get(&c.id).map_or(0, |s| s.line);
            problems.push((
                line,
                format!("claim {} has no {STANCE} attribute; skipped", c.id),
            ));
        }
        !c.stance.is_empty()
    });
    record
}

/// `Source`, `Responsible` and `About` relations from a claim cue fill the
/// claim; any other relation between items is kept as a generic one.
fn attach_relations(
    lines: &AnnLines,
    index: &mut Index,
    record: &mut Record,
    schema: &Schema,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, id, kind, from, to) in &lines.relations {
        if let Some(&c) = index.claims.get(from) {
            let claim = &mut record.claims[c];
            match kind.as_str() {
                SOURCE if index.mentions.contains_key(to) && claim.source.is_none() => {
                    claim.source = Some(RecordSource::Mention(to.clone()));
                    continue;
                }
                RESPONSIBLE if index.mentions.contains_key(to) => {
                    claim.responsible.push(to.clone());
                    continue;
                }
                // An event by its `E` or by its trigger's `T`: both are read.
                ABOUT => {
                    if let Some(event) = index.item(to).filter(|e| index.events.contains_key(e)) {
                        if !claim.events.contains(&event) {
                            claim.events.push(event);
                        }
                        continue;
                    }
                }
                _ => {}
            }
        }
        let (Some(from_item), Some(to_item)) = (index.item(from), index.item(to)) else {
            problems.push((
                *line,
                format!("{id}: {kind} relation from {from} to {to} names something that is not an entity, event or claim; skipped"),
            ));
            continue;
        };
        index
            .relations
            .insert(id.clone(), record.extras.relations.len());
        record.extras.relations.push(RecordRelation {
            id: id.clone(),
            kind: schema_name(kind, schema.relation_types.iter().map(|r| r.name.as_str())),
            from: from_item,
            to: to_item,
            argument: false,
            status: StatusKind::Accepted,
        });
    }
}

/// `*` lines: sets of items that are the same thing.
fn attach_equivalences(
    lines: &AnnLines,
    index: &Index,
    record: &mut Record,
    schema: &Schema,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, kind, members) in &lines.equivalences {
        let items: Vec<String> = members.iter().filter_map(|m| index.item(m)).collect();
        if items.len() < members.len() {
            problems.push((
                *line,
                format!(
                    "{kind} set names something that is not an entity, event or claim; skipped"
                ),
            ));
            continue;
        }
        record.extras.equivalences.push(RecordEquivalence {
            kind: schema_name(kind, schema.relation_types.iter().map(|r| r.name.as_str())),
            members: items,
        });
    }
}

/// Statuses, stances, sub-types, mentions' own attributes, and the
/// attributes of events, claims and relations.
fn attach_attributes(
    lines: &AnnLines,
    index: &Index,
    record: &mut Record,
    schema: &Schema,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, name, target, value) in &lines.attributes {
        let status =
            (name == STATUS).then(|| value.as_deref().and_then(super::record::status_named));
        if status == Some(None) {
            problems.push((
                *line,
                format!("unknown {STATUS} {value:?} of {target}; read as accepted"),
            ));
            continue;
        }
        let status = status.flatten();
        let Some(item) = index.target(target) else {
            problems.push((
                *line,
                format!("attribute {name} names {target}, which is not an entity, event, claim or relation; skipped"),
            ));
            continue;
        };
        let generic = RecordAttribute {
            item: item.clone(),
            name: name.clone(),
            value: value.clone(),
        };
        if let Some(&m) = index.mentions.get(&item) {
            let mention = &mut record.mentions[m];
            match status {
                Some(status) => mention.status = status,
                None => {
                    let value = value.clone().unwrap_or_else(|| "true".to_owned());
                    mention.attributes.insert(name.clone(), value);
                }
            }
        } else if let Some(&c) = index.claims.get(&item) {
            let claim = &mut record.claims[c];
            match (name.as_str(), status, value) {
                (_, Some(status), _) => claim.status = status,
                (STANCE, _, Some(stance)) => {
                    claim.stance =
                        schema_name(stance, schema.stances.iter().map(|s| s.name.as_str()));
                }
                _ => record.extras.attributes.push(generic),
            }
        } else if let Some(&e) = index.events.get(&item) {
            let event = &mut record.events[e];
            match (name.as_str(), status, value) {
                (_, Some(status), _) => event.status = status,
                (SUB_TYPE, _, Some(sub)) => {
                    let known = schema
                        .event_type(&event.event_type)
                        .map(|t| t.sub_types.as_slice())
                        .unwrap_or_default();
                    event.sub_type = Some(schema_name(sub, known.iter().map(String::as_str)));
                }
                _ => record.extras.attributes.push(generic),
            }
        } else if let Some(&r) = index.relations.get(&item) {
            match status {
                Some(status) => record.extras.relations[r].status = status,
                None => record.extras.attributes.push(generic),
            }
        }
    }
}

/// Catalogue references and other normalisations (`N`), notes (`#`), and
/// free-text attribute values Attest wrote as notes.
fn attach_references_and_notes(
    lines: &AnnLines,
    index: &Index,
    record: &mut Record,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, target, reference, text) in &lines.normalisations {
        let Some(item) = index.target(target) else {
            problems.push((
                *line,
                format!("normalisation of {target}, which is not an entity, event, claim or relation; skipped"),
            ));
            continue;
        };
        let (db, entry) = reference.split_once(':').unwrap_or(("", reference));
        if let Some(&m) = index.mentions.get(&item)
            && db == ATTEST_DB
            && record.mentions[m].actor.is_none()
        {
            record.mentions[m].actor = Some(entry.to_owned());
            continue;
        }
        record.extras.normalizations.push(RecordNormalization {
            item,
            db: db.to_owned(),
            entry: entry.to_owned(),
            text: text.clone(),
        });
    }
    for (line, kind, target, note) in &lines.notes {
        let Some(item) = index.target(target) else {
            problems.push((
                *line,
                format!(
                    "note on {target}, which is not an entity, event, claim or relation; skipped"
                ),
            ));
            continue;
        };
        let mention = index.mentions.get(&item).copied();
        if kind == ATTRIBUTE_NOTE
            && let Some((name, value)) = note.split_once('=')
        {
            match mention {
                Some(m) => {
                    record.mentions[m]
                        .attributes
                        .insert(name.to_owned(), value.to_owned());
                }
                None => record.extras.attributes.push(RecordAttribute {
                    item,
                    name: name.to_owned(),
                    value: Some(value.to_owned()),
                }),
            }
            continue;
        }
        if kind == ANNOTATOR_NOTES {
            if let Some(m) = mention
                && !record.mentions[m].attributes.contains_key(NOTE_ATTRIBUTE)
            {
                record.mentions[m]
                    .attributes
                    .insert(NOTE_ATTRIBUTE.to_owned(), note.clone());
                continue;
            }
            if let (Some(&c), Some(reporter)) =
                (index.claims.get(&item), note.strip_prefix(REPORTER_NOTE))
                && record.claims[c].source.is_none()
            {
                record.claims[c].source = Some(RecordSource::Reporter {
                    reporter: reporter.to_owned(),
                });
                continue;
            }
        }
        record.extras.notes.push(RecordNote {
            item,
            kind: kind.clone(),
            text: note.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_across_line_breaks_become_fragments() {
        assert_eq!(
            fragments("ab\ncd", 0),
            ("0 2;3 5".to_owned(), "ab cd".to_owned())
        );
        assert_eq!(
            fragments("Ménaka", 2),
            ("2 8".to_owned(), "Ménaka".to_owned())
        );
    }

    /// The record of an `.ann` over `text`, and the problems.
    fn record_of(ann: &str, text: &str) -> (Record, Vec<(usize, String)>) {
        let mut problems = Vec::new();
        let lines = parse_lines(ann, &mut problems);
        let record = build_record(
            &lines,
            "d".into(),
            text.into(),
            &Schema::conflict_default(),
            &mut problems,
        );
        (record, problems)
    }

    #[test]
    fn modifiers_and_attributes_of_events_and_relations_are_kept_and_written_back() {
        let text = "JNIM did not attack Djibo.";
        let ann = "T1\tARMED_GROUP 0 4\tJNIM\nT2\tBattles 13 19\tattack\nT3\tLOCATION 20 25\tDjibo\n\
                   E1\tBattles:T2 agent:T1\nR1\tNear Arg1:T1 Arg2:T3\n\
                   M1\tNegation E1\nM2\tConfidence T2 Low\nA3\tCertain R1\nA4\tStatus R1 rejected\n";
        let (record, problems) = record_of(ann, text);
        assert!(problems.is_empty(), "{problems:?}");
        let attributes: Vec<(&str, &str, Option<&str>)> = record
            .extras
            .attributes
            .iter()
            .map(|a| (a.item.as_str(), a.name.as_str(), a.value.as_deref()))
            .collect();
        assert_eq!(
            attributes,
            [
                ("E1", "Negation", None),
                ("E1", "Confidence", Some("Low")),
                ("R1", "Certain", None)
            ],
            "an attribute of a trigger is its event's"
        );
        assert_eq!(record.extras.relations[0].status, StatusKind::Rejected);

        let mut declared = Declared::default();
        let written = render_ann(&record, &mut declared);
        for line in [
            "A2\tNegation E1",
            "A3\tConfidence E1 Low",
            "A4\tCertain R1",
            "A1\tStatus R1 rejected",
        ] {
            assert!(written.contains(line), "{line} in\n{written}");
        }
        let conf = annotation_conf(&Schema::conflict_default(), &declared);
        assert!(conf.contains("\nNegation\tArg:<EVENT>\n"), "{conf}");
        assert!(
            conf.contains("\nConfidence\tArg:<EVENT>, Value:Low\n"),
            "{conf}"
        );
        assert!(conf.contains("\nCertain\tArg:<ANY>\n"), "{conf}");
        assert!(
            conf.contains("\nNear\tArg1:ARMED_GROUP, Arg2:LOCATION\n"),
            "{conf}"
        );
    }

    #[test]
    fn names_with_spaces_and_slashes_map_back_through_the_schema() {
        let schema = Schema::conflict_default();
        let written = brat_name("Explosions/Remote violence");
        assert_eq!(written, "Explosions_Remote_violence");
        let names = schema.event_types.iter().map(|t| t.name.as_str());
        assert_eq!(schema_name(&written, names), "Explosions/Remote violence");
        assert_eq!(schema_name("Attack", std::iter::empty()), "Attack");
        let conf = annotation_conf(&schema, &Declared::default());
        assert!(conf.contains("\nViolence_against_civilians\tagent*:<ENTITY>"));
        assert!(conf.contains("Stance\tArg:Claim, Value:Claimed|Confirmed"));
    }
}
