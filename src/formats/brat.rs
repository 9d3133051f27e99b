//! brat standoff: per document a `.txt` (the text as is) and an `.ann`
//! whose offsets count code points, and one `annotation.conf` for the
//! schema.
//!
//! - `T` text-bound spans: mentions (entity label), event triggers (event
//!   type) and claim cues (type `Claim`); a span across a line break is
//!   written as fragments, as brat requires.
//! - `E` events: `Battles:T5 agent:T1 agent2:T3 location:T2`.
//! - `R` relations from a claim cue: `Source`, `Responsible`, `About` (an event).
//! - `A` attributes: a mention's attributes, `Stance` of a claim,
//!   `SubType` of an event, and `Status` of any item that is not accepted
//!   (so suggestions and rejected negatives keep their status).
//! - `N` normalisations: a mention's catalogue actor (`attest:<id>`).
//! - `#` notes: a mention's `note` attribute, a claim's reporter source.
//!
//! brat type names cannot hold spaces or slashes, so names are written with
//! `_` and read back through the project's schema.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::record::slice_chars;
use super::registry::{DatasetFormat, Reader, WriteContext, Writer};
use super::{FormatError, Rendered};
use super::{
    Located, Offsets, Parsed, Record, RecordClaim, RecordEvent, RecordMention, RecordMeta,
    RecordSource, StatusKind,
};
use crate::model::{CharOffsets, Schema};
use crate::store::Problem;

/// brat standoff in the registry.
pub struct Brat;

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
    fn reader(&self) -> Option<Reader> {
        Some(read)
    }
    fn writer(&self) -> Option<Writer> {
        Some(write)
    }
}

/// Every record's files, and one `annotation.conf` at the top for every part.
fn write(records: &[Record], part: &str, project: &WriteContext) -> Result<Rendered, FormatError> {
    let mut files = render(records, part);
    files.push((PathBuf::from(CONF_FILE), annotation_conf(project.schema)));
    Ok(Rendered::whole(records, files))
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
const REPORTER_NOTE: &str = "reporter: ";
const ATTEST_DB: &str = "attest";

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

/// The lines of one document's `.ann`.
#[derive(Default)]
struct Ann {
    spans: Vec<String>,
    events: Vec<String>,
    relations: Vec<String>,
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

    fn attribute(&mut self, name: &str, target: &str, value: Option<&str>) {
        let id = self.attributes.len() + 1;
        match value {
            Some(value) => self.attributes.push(format!(
                "A{id}\t{} {target} {}",
                brat_name(name),
                brat_name(value)
            )),
            None => self
                .attributes
                .push(format!("A{id}\t{} {target}", brat_name(name))),
        }
    }

    fn status(&mut self, target: &str, status: StatusKind) {
        if status != StatusKind::Accepted {
            self.attribute(STATUS, target, Some(status.name()));
        }
    }

    fn note(&mut self, target: &str, note: &str) {
        let id = self.notes.len() + 1;
        let note = note.replace(['\n', '\r', '\t'], " ");
        self.notes
            .push(format!("#{id}\tAnnotatorNotes {target}\t{note}"));
    }

    fn relation(&mut self, kind: &str, from: &str, to: &str) {
        let id = self.relations.len() + 1;
        self.relations
            .push(format!("R{id}\t{kind} Arg1:{from} Arg2:{to}"));
    }

    fn finish(self) -> String {
        let mut out = String::new();
        for line in [
            self.spans,
            self.events,
            self.relations,
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

fn render_ann(record: &Record) -> String {
    let offsets = CharOffsets::new(&record.text);
    let mut ann = Ann::default();
    let mut mention_ids = HashMap::new();
    for m in &record.mentions {
        let t = ann.span(
            &brat_name(&m.label),
            &record.text,
            &offsets,
            Offsets {
                start: m.start,
                end: m.end,
            },
        );
        for (name, value) in &m.attributes {
            if name == NOTE_ATTRIBUTE {
                ann.note(&t, value);
            } else {
                ann.attribute(name, &t, (value != "true").then_some(value.as_str()));
            }
        }
        ann.status(&t, m.status);
        if let Some(actor) = &m.actor {
            let id = ann.normalisations.len() + 1;
            let reference = if actor.contains(':') {
                actor.clone()
            } else {
                format!("{ATTEST_DB}:{actor}")
            };
            ann.normalisations.push(format!(
                "N{id}\tReference {t} {reference}\t{}",
                m.text.replace(['\n', '\r', '\t'], " ")
            ));
        }
        mention_ids.insert(m.id.as_str(), t);
    }
    let mut event_ids = HashMap::new();
    for (index, e) in record.events.iter().enumerate() {
        let kind = brat_name(&e.event_type);
        let t = ann.span(&kind, &record.text, &offsets, e.trigger);
        let id = format!("E{}", index + 1);
        let mut line = format!("{id}\t{kind}:{t}");
        for (role, fillers) in &e.roles {
            for (n, filler) in fillers.iter().enumerate() {
                if let Some(target) = mention_ids.get(filler.as_str()) {
                    let suffix = if n == 0 {
                        String::new()
                    } else {
                        (n + 1).to_string()
                    };
                    let _ = write!(line, " {}{suffix}:{target}", brat_name(role));
                }
            }
        }
        ann.events.push(line);
        if let Some(sub) = &e.sub_type {
            ann.attribute(SUB_TYPE, &id, Some(sub));
        }
        ann.status(&id, e.status);
        event_ids.insert(e.id.as_str(), id);
    }
    for c in &record.claims {
        let t = ann.span(CLAIM, &record.text, &offsets, c.cue);
        ann.attribute(STANCE, &t, Some(&c.stance));
        ann.status(&t, c.status);
        match &c.source {
            Some(RecordSource::Mention(m)) => {
                if let Some(target) = mention_ids.get(m.as_str()) {
                    ann.relation(SOURCE, &t, target);
                }
            }
            Some(RecordSource::Reporter { reporter }) => {
                ann.note(&t, &format!("{REPORTER_NOTE}{reporter}"))
            }
            None => {}
        }
        for r in &c.responsible {
            if let Some(target) = mention_ids.get(r.as_str()) {
                ann.relation(RESPONSIBLE, &t, target);
            }
        }
        if let Some(event) = c.event.as_deref().and_then(|e| event_ids.get(e)) {
            ann.relation(ABOUT, &t, event);
        }
    }
    ann.finish()
}

/// `<part>/<document id>.txt` and `.ann` for every record.
pub fn render(records: &[Record], part: &str) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for record in records {
        let folder = PathBuf::from(part);
        files.push((
            folder.join(format!("{}.txt", record.id)),
            record.text.clone(),
        ));
        files.push((
            folder.join(format!("{}.ann", record.id)),
            render_ann(record),
        ));
    }
    files
}

/// `annotation.conf` for the schema: entity labels, event types with their
/// roles, the claim relations and the attributes Attest writes.
pub fn annotation_conf(schema: &Schema) -> String {
    let mut out = String::from("# Written by Attest from the project's schema.\n[entities]\n");
    for label in &schema.entity_labels {
        out.push_str(&brat_name(&label.name));
        out.push('\n');
    }
    out.push_str(CLAIM);
    out.push_str("\n\n[relations]\n");
    let _ = writeln!(out, "{SOURCE}\tArg1:{CLAIM}, Arg2:<ENTITY>");
    let _ = writeln!(out, "{RESPONSIBLE}\tArg1:{CLAIM}, Arg2:<ENTITY>");
    let _ = writeln!(out, "{ABOUT}\tArg1:{CLAIM}, Arg2:<EVENT>");
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\n");
    let roles: Vec<String> = schema
        .roles
        .iter()
        .map(|r| format!("{}*:<ENTITY>", brat_name(&r.name)))
        .collect();
    for event_type in &schema.event_types {
        let _ = writeln!(out, "{}\t{}", brat_name(&event_type.name), roles.join(", "));
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
        "{SUB_TYPE}\tArg:<EVENT>, Value:{}",
        sub_types.join("|")
    );
    let _ = writeln!(
        out,
        "{STATUS}\tArg:<ANY>, Value:suggested|corrected|rejected"
    );
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
/// `N` and `#`: (line, target, reference or note).
type TargetLine = (usize, String, String);

/// The lines of an `.ann`, sorted by kind.
#[derive(Default)]
pub(super) struct AnnLines {
    spans: HashMap<String, SpanLine>,
    span_order: Vec<String>,
    events: Vec<EventLine>,
    relations: Vec<RelationLine>,
    attributes: Vec<AttributeLine>,
    normalisations: Vec<TargetLine>,
    notes: Vec<TargetLine>,
}

/// Reads an `.ann` and the `.txt` beside it as one record.
pub fn read(path: &Path, schema: &Schema) -> Parsed {
    let mut parsed = Parsed::default();
    let ann_path = path.with_extension("ann");
    let txt_path = path.with_extension("txt");
    // A FIFO or device beside the `.ann` would block or never end.
    if let Some(kind) = std::fs::metadata(&txt_path)
        .ok()
        .and_then(|m| crate::ingest::special_kind(&m))
    {
        let message = format!("not a regular file ({kind}); refused without reading it");
        parsed.problems.push(Problem::new(&txt_path, None, message));
        return parsed;
    }
    let text = match std::fs::read_to_string(&txt_path) {
        Ok(text) => text,
        Err(e) => {
            let message = format!("cannot read the text of {}: {e}", ann_path.display());
            parsed.problems.push(Problem::new(&txt_path, None, message));
            return parsed;
        }
    };
    let ann = match std::fs::read_to_string(&ann_path) {
        Ok(ann) => ann,
        Err(e) => {
            parsed
                .problems
                .push(Problem::new(&ann_path, None, format!("cannot read: {e}")));
            return parsed;
        }
    };
    let mut problems = Vec::new();
    let lines = parse_lines(&ann, &mut problems);
    let id = ann_path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let record = build_record(&lines, id, text, schema, &mut problems);
    parsed.problems.extend(
        problems
            .into_iter()
            .map(|(line, message)| Problem::new(&ann_path, Some(line), message)),
    );
    parsed.records.push(Located {
        path: ann_path,
        line: None,
        record,
        notes: Vec::new(),
        annotator: None,
    });
    parsed
}

/// Sorts the lines by kind; a line that cannot be read is a (line, message).
pub(super) fn parse_lines(ann: &str, problems: &mut Vec<(usize, String)>) -> AnnLines {
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
                [_, target, reference] => {
                    lines
                        .normalisations
                        .push((line, (*target).to_owned(), (*reference).to_owned()))
                }
                _ => problem("expected `Reference ID DB:ENTRY`".to_owned()),
            },
            Some('#') => match words.as_slice() {
                [_, target] => lines
                    .notes
                    .push((line, (*target).to_owned(), rest.to_owned())),
                _ => problem("expected `AnnotatorNotes ID`".to_owned()),
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
}

/// The record of an `.ann`'s lines: spans become mentions, claim cues or
/// triggers; then relations, attributes, normalisations and notes attach.
pub(super) fn build_record(
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
                event: None,
                status: StatusKind::Accepted,
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
            });
        }
    }
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
            if !index.mentions.contains_key(arg) {
                problems.push((
                    *line,
                    format!("{id}: argument {role}:{arg} is not an entity; skipped"),
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
        });
    }
    attach_relations(lines, &index, &mut record, problems);
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

/// `Source`, `Responsible` and `About` relations from a claim cue.
fn attach_relations(
    lines: &AnnLines,
    index: &Index,
    record: &mut Record,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, id, kind, from, to) in &lines.relations {
        let Some(&c) = index.claims.get(from) else {
            problems.push((
                *line,
                format!("{id}: {kind} relation from {from} to {to} has no place in Attest (relations go from a Claim span); skipped"),
            ));
            continue;
        };
        let claim = &mut record.claims[c];
        match kind.as_str() {
            SOURCE if index.mentions.contains_key(to) => {
                claim.source = Some(RecordSource::Mention(to.clone()))
            }
            RESPONSIBLE if index.mentions.contains_key(to) => claim.responsible.push(to.clone()),
            ABOUT => {
                let event = if index.events.contains_key(to) {
                    Some(to.clone())
                } else {
                    index.triggers.get(to).cloned()
                };
                match event {
                    Some(event) => claim.event = Some(event),
                    None => problems.push((
                        *line,
                        format!("{id}: About names {to}, which is not an event; skipped"),
                    )),
                }
            }
            _ => problems.push((
                *line,
                format!(
                    "{id}: {kind} relation from a claim to {to} has no place in Attest; skipped"
                ),
            )),
        }
    }
}

/// Statuses, stances, sub-types and mentions' own attributes.
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
        if let Some(&m) = index.mentions.get(target) {
            let mention = &mut record.mentions[m];
            match status {
                Some(status) => mention.status = status,
                None => {
                    let value = value.clone().unwrap_or_else(|| "true".to_owned());
                    mention.attributes.insert(name.clone(), value);
                }
            }
        } else if let Some(&c) = index.claims.get(target) {
            let claim = &mut record.claims[c];
            match (name.as_str(), status, value) {
                (_, Some(status), _) => claim.status = status,
                (STANCE, _, Some(stance)) => {
                    claim.stance =
                        schema_name(stance, schema.stances.iter().map(|s| s.name.as_str()));
                }
                _ => problems.push((
                    *line,
                    format!("attribute {name} of claim {target} has no place in Attest; skipped"),
                )),
            }
        } else if let Some(&e) = index.events.get(target) {
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
                _ => problems.push((
                    *line,
                    format!("attribute {name} of event {target} has no place in Attest; skipped"),
                )),
            }
        } else {
            problems.push((
                *line,
                format!("attribute {name} names {target}, which is not an entity, event or claim; skipped"),
            ));
        }
    }
}

/// Catalogue references (`N`) and notes (`#`).
fn attach_references_and_notes(
    lines: &AnnLines,
    index: &Index,
    record: &mut Record,
    problems: &mut Vec<(usize, String)>,
) {
    for (line, target, reference) in &lines.normalisations {
        let Some(&m) = index.mentions.get(target) else {
            problems.push((
                *line,
                format!("normalisation of {target}, which is not an entity; skipped"),
            ));
            continue;
        };
        let actor = match reference.split_once(':') {
            Some((db, entry)) if db == ATTEST_DB => entry.to_owned(),
            _ => reference.clone(),
        };
        record.mentions[m].actor = Some(actor);
    }
    for (line, target, note) in &lines.notes {
        if let Some(&m) = index.mentions.get(target) {
            record.mentions[m]
                .attributes
                .insert(NOTE_ATTRIBUTE.to_owned(), note.clone());
        } else if let (Some(&c), Some(reporter)) =
            (index.claims.get(target), note.strip_prefix(REPORTER_NOTE))
        {
            record.claims[c].source = Some(RecordSource::Reporter {
                reporter: reporter.to_owned(),
            });
        } else {
            problems.push((
                *line,
                format!("note on {target} has no place in Attest; skipped"),
            ));
        }
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

    #[test]
    fn names_with_spaces_and_slashes_map_back_through_the_schema() {
        let schema = Schema::conflict_default();
        let written = brat_name("Explosions/Remote violence");
        assert_eq!(written, "Explosions_Remote_violence");
        let names = schema.event_types.iter().map(|t| t.name.as_str());
        assert_eq!(schema_name(&written, names), "Explosions/Remote violence");
        assert_eq!(schema_name("Attack", std::iter::empty()), "Attack");
        let conf = annotation_conf(&schema);
        assert!(conf.contains("\nViolence_against_civilians\tagent*:<ENTITY>"));
        assert!(conf.contains("Stance\tArg:Claim, Value:Claimed|Confirmed"));
    }
}
