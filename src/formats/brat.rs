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

use super::{
    ItemStatus, Located, Offsets, Parsed, Record, RecordClaim, RecordEvent, RecordMention,
    RecordMeta, RecordSource,
};
use crate::model::Schema;
use crate::store::Problem;

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

/// The `T` line's offsets: fragments split at line breaks.
fn fragments(text: &str, start: usize, end: usize) -> (String, String) {
    let chars: Vec<char> = text.chars().skip(start).take(end - start).collect();
    let mut ranges = Vec::new();
    let mut texts = Vec::new();
    let mut fragment_start = None;
    for (i, c) in chars.iter().enumerate() {
        let at = start + i;
        if *c == '\n' || *c == '\r' {
            if let Some(s) = fragment_start.take() {
                ranges.push(format!("{s} {at}"));
                texts.push(text_of(&chars, s - start, i));
            }
        } else if fragment_start.is_none() {
            fragment_start = Some(at);
        }
    }
    if let Some(s) = fragment_start {
        ranges.push(format!("{s} {end}"));
        texts.push(text_of(&chars, s - start, chars.len()));
    }
    (ranges.join(";"), texts.join(" "))
}

fn text_of(chars: &[char], from: usize, to: usize) -> String {
    chars[from..to].iter().collect()
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
    fn span(&mut self, kind: &str, text: &str, at: Offsets) -> String {
        let id = format!("T{}", self.spans.len() + 1);
        let (ranges, covered) = fragments(text, at.start, at.end);
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

    fn status(&mut self, target: &str, status: ItemStatus) {
        if status != ItemStatus::Accepted {
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
    let mut ann = Ann::default();
    let mut mention_ids = HashMap::new();
    for m in &record.mentions {
        let t = ann.span(
            &brat_name(&m.label),
            &record.text,
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
        let t = ann.span(&kind, &record.text, e.trigger);
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
        let t = ann.span(CLAIM, &record.text, c.cue);
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
}

/// Reads an `.ann` and its `.txt` (a `.txt` alone reads as a document with
/// no annotations only when given as such; folders are searched for `.ann`).
pub fn read(path: &Path, schema: &Schema) -> Parsed {
    let mut parsed = Parsed::default();
    let ann_path = path.with_extension("ann");
    let txt_path = path.with_extension("txt");
    let text = match std::fs::read_to_string(&txt_path) {
        Ok(text) => text,
        Err(e) => {
            parsed.problems.push(Problem::new(
                &txt_path,
                None,
                format!("cannot read the text of {}: {e}", ann_path.display()),
            ));
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
    let mut problem = |line: usize, message: String| {
        parsed
            .problems
            .push(Problem::new(&ann_path, Some(line), message))
    };

    let mut spans: BTreeMap<String, SpanLine> = BTreeMap::new();
    let mut span_order = Vec::new();
    // (line, id, type, trigger, args)
    let mut events = Vec::new();
    let mut relations = Vec::new();
    let mut attributes = Vec::new();
    let mut normalisations = Vec::new();
    let mut notes = Vec::new();
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
        match id.chars().next() {
            Some('T') => {
                let Some((kind, ranges)) = body.split_once(' ') else {
                    problem(line, format!("{id}: expected `TYPE START END`"));
                    continue;
                };
                let parsed_ranges: Option<Vec<(usize, usize)>> = ranges
                    .split(';')
                    .map(|r| {
                        let (s, e) = r.trim().split_once(' ')?;
                        Some((s.parse().ok()?, e.trim().parse().ok()?))
                    })
                    .collect();
                let Some(ranges) = parsed_ranges.filter(|r| !r.is_empty()) else {
                    problem(
                        line,
                        format!("{id}: offsets {ranges:?} are not `START END[;START END]`"),
                    );
                    continue;
                };
                let start = ranges.iter().map(|r| r.0).min().unwrap_or_default();
                let end = ranges.iter().map(|r| r.1).max().unwrap_or_default();
                span_order.push(id.clone());
                spans.insert(
                    id,
                    SpanLine {
                        line,
                        kind: kind.to_owned(),
                        start,
                        end,
                        text: rest.to_owned(),
                        fragments: ranges.len(),
                    },
                );
            }
            Some('E') => {
                let Some((kind, trigger)) = words.first().and_then(|w| w.split_once(':')) else {
                    problem(line, format!("{id}: expected `TYPE:TRIGGER ROLE:ARG…`"));
                    continue;
                };
                let args: Vec<(String, String)> = words[1..]
                    .iter()
                    .filter_map(|w| w.split_once(':'))
                    .map(|(r, a)| (r.to_owned(), a.to_owned()))
                    .collect();
                events.push((line, id, kind.to_owned(), trigger.to_owned(), args));
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
                        relations.push((line, id, (*kind).to_owned(), a1, a2))
                    }
                    _ => problem(line, format!("{id}: expected `TYPE Arg1:ID Arg2:ID`")),
                }
            }
            Some('A' | 'M') => match words.as_slice() {
                [name, target] => {
                    attributes.push((line, (*name).to_owned(), (*target).to_owned(), None))
                }
                [name, target, value] => {
                    attributes.push((
                        line,
                        (*name).to_owned(),
                        (*target).to_owned(),
                        Some((*value).to_owned()),
                    ));
                }
                _ => problem(line, format!("{id}: expected `NAME ID [VALUE]`")),
            },
            Some('N') => match words.as_slice() {
                [_, target, reference] => {
                    normalisations.push((line, (*target).to_owned(), (*reference).to_owned()))
                }
                _ => problem(line, format!("{id}: expected `Reference ID DB:ENTRY`")),
            },
            Some('#') => match words.as_slice() {
                [_, target] => notes.push((line, (*target).to_owned(), rest.to_owned())),
                _ => problem(line, format!("{id}: expected `AnnotatorNotes ID`")),
            },
            _ => problem(
                line,
                format!(
                    "{id}: {} annotations have no place in Attest; skipped",
                    body.split_whitespace().next().unwrap_or("these")
                ),
            ),
        }
    }

    let triggers: HashMap<&str, &str> = events
        .iter()
        .map(|e| (e.3.as_str(), e.1.as_str()))
        .collect();
    let mut record = Record {
        id: ann_path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned(),
        text,
        meta: RecordMeta::default(),
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
    };
    let mut mention_index = HashMap::new();
    let mut claim_index = HashMap::new();
    for id in &span_order {
        let Some(span) = spans.get(id) else { continue };
        if triggers.contains_key(id.as_str()) {
            continue;
        }
        if span.kind == CLAIM {
            claim_index.insert(id.clone(), record.claims.len());
            record.claims.push(RecordClaim {
                id: id.clone(),
                cue: Offsets {
                    start: span.start,
                    end: span.end,
                },
                stance: String::new(),
                source: None,
                responsible: Vec::new(),
                event: None,
                status: ItemStatus::Accepted,
            });
        } else {
            mention_index.insert(id.clone(), record.mentions.len());
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
                status: ItemStatus::Accepted,
            });
        }
    }
    let mut event_index = HashMap::new();
    for (line, id, kind, trigger, args) in &events {
        let Some(span) = spans.get(trigger) else {
            problem(
                *line,
                format!("{id}: trigger {trigger} is not a T line; skipped"),
            );
            continue;
        };
        let event_type = schema_name(kind, schema.event_types.iter().map(|t| t.name.as_str()));
        let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (role, arg) in args {
            if !mention_index.contains_key(arg) {
                problem(
                    *line,
                    format!("{id}: argument {role}:{arg} is not an entity; skipped"),
                );
                continue;
            }
            let role = role.trim_end_matches(|c: char| c.is_ascii_digit());
            let role = schema_name(role, schema.roles.iter().map(|r| r.name.as_str()));
            roles.entry(role).or_default().push(arg.clone());
        }
        event_index.insert(id.clone(), record.events.len());
        record.events.push(RecordEvent {
            id: id.clone(),
            trigger: Offsets {
                start: span.start,
                end: span.end,
            },
            event_type,
            sub_type: None,
            roles,
            status: ItemStatus::Accepted,
        });
    }
    for (line, id, kind, from, to) in &relations {
        let Some(&c) = claim_index.get(from) else {
            problem(
                *line,
                format!(
                    "{id}: {kind} relation from {from} to {to} has no place in Attest (relations go from a Claim span); skipped"
                ),
            );
            continue;
        };
        let claim = &mut record.claims[c];
        match kind.as_str() {
            SOURCE if mention_index.contains_key(to) => {
                claim.source = Some(RecordSource::Mention(to.clone()))
            }
            RESPONSIBLE if mention_index.contains_key(to) => claim.responsible.push(to.clone()),
            ABOUT => {
                let event = if event_index.contains_key(to) {
                    Some(to.clone())
                } else {
                    triggers.get(to.as_str()).map(|e| (*e).to_owned())
                };
                match event {
                    Some(event) => claim.event = Some(event),
                    None => problem(
                        *line,
                        format!("{id}: About names {to}, which is not an event; skipped"),
                    ),
                }
            }
            _ => problem(
                *line,
                format!(
                    "{id}: {kind} relation from a claim to {to} has no place in Attest; skipped"
                ),
            ),
        }
    }
    for (line, name, target, value) in &attributes {
        let status = (name == STATUS).then(|| value.as_deref().and_then(ItemStatus::parse));
        if let Some(&m) = mention_index.get(target) {
            let mention = &mut record.mentions[m];
            match status {
                Some(Some(status)) => mention.status = status,
                Some(None) => problem(*line, format!("unknown Status {value:?}; read as accepted")),
                None => {
                    mention.attributes.insert(
                        name.clone(),
                        value.clone().unwrap_or_else(|| "true".to_owned()),
                    );
                }
            }
        } else if let Some(&c) = claim_index.get(target) {
            let claim = &mut record.claims[c];
            match (name.as_str(), status, value) {
                (_, Some(Some(status)), _) => claim.status = status,
                (STANCE, _, Some(stance)) => {
                    claim.stance =
                        schema_name(stance, schema.stances.iter().map(|s| s.name.as_str()))
                }
                _ => problem(
                    *line,
                    format!("attribute {name} of claim {target} has no place in Attest; skipped"),
                ),
            }
        } else if let Some(&e) = event_index.get(target) {
            let event = &mut record.events[e];
            match (name.as_str(), status, value) {
                (_, Some(Some(status)), _) => event.status = status,
                (SUB_TYPE, _, Some(sub)) => {
                    let known = schema
                        .event_type(&event.event_type)
                        .map(|t| t.sub_types.clone())
                        .unwrap_or_default();
                    event.sub_type = Some(schema_name(sub, known.iter().map(String::as_str)));
                }
                _ => problem(
                    *line,
                    format!("attribute {name} of event {target} has no place in Attest; skipped"),
                ),
            }
        } else {
            problem(
                *line,
                format!(
                    "attribute {name} names {target}, which is not an entity, event or claim; skipped"
                ),
            );
        }
    }
    for (line, target, reference) in &normalisations {
        match mention_index.get(target) {
            Some(&m) => {
                let actor = match reference.split_once(':') {
                    Some((db, entry)) if db == ATTEST_DB => entry.to_owned(),
                    _ => reference.clone(),
                };
                record.mentions[m].actor = Some(actor);
            }
            None => problem(
                *line,
                format!("normalisation of {target}, which is not an entity; skipped"),
            ),
        }
    }
    for (line, target, note) in &notes {
        if let Some(&m) = mention_index.get(target) {
            record.mentions[m]
                .attributes
                .insert(NOTE_ATTRIBUTE.to_owned(), note.clone());
        } else if let (Some(&c), Some(reporter)) =
            (claim_index.get(target), note.strip_prefix(REPORTER_NOTE))
        {
            record.claims[c].source = Some(RecordSource::Reporter {
                reporter: reporter.to_owned(),
            });
        } else {
            problem(
                *line,
                format!("note on {target} has no place in Attest; skipped"),
            );
        }
    }
    record.claims.retain(|c| {
        if c.stance.is_empty() {
            let line = spans.get(&c.id).map_or(0, |s| s.line);
            problem(
                line,
                format!("claim {} has no {STANCE} attribute; skipped", c.id),
            );
        }
        !c.stance.is_empty()
    });
    parsed.records.push(Located {
        path: ann_path.clone(),
        line: None,
        record,
        notes: Vec::new(),
    });
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_across_line_breaks_become_fragments() {
        assert_eq!(
            fragments("ab\ncd", 0, 5),
            ("0 2;3 5".to_owned(), "ab cd".to_owned())
        );
        assert_eq!(
            fragments("« Ménaka »", 2, 8),
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
