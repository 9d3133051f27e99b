//! `attest suggest --jsonl IN --out OUT`: Attest JSONL records streamed
//! through the recommenders without a project, for corpora larger than one
//! machine's disk or memory — split the input, run one process per part.
//!
//! Each line is read, taken as an annotator's file exactly as an import
//! takes it ([`formats::record_as_file`]), suggested with the same merge
//! as the project-based run ([`Engine::suggest_into`]), and written
//! back as a record with the new candidates as `suggested` items, each
//! naming its `suggester` and `score`. At most [`BATCH_LINES`] lines are in
//! memory at once (suggested on every core); output keeps input order. A
//! line that cannot be read is reported with its number and skipped.

use std::collections::HashMap;
use std::io::{BufRead, Write};

use rayon::prelude::*;

use crate::engine::Engine;
use crate::formats::lines::{Line, read_line};
use crate::formats::{self, Record};
use crate::model::{
    AnnotationSet, CharOffsets, Document, MAX_ITEMS_PER_DOCUMENT, Review, Schema, Span, Status,
};
use crate::progress::JobControl;
use crate::suggest::MergeCounts;

/// The field of each output record naming the [`model_version`] that
/// suggested it.
/// (The field of [`SuggestedLine`] of that name.)
pub const MODEL_VERSION_FIELD: &str = "model_version";

/// The engine's fingerprint as written in records: 16 hex digits that
/// change with the rules' logic, the catalogue, the schema and the content
/// of the learned models — the same on every machine given the same
/// binary and the same project files.
pub fn model_version(engine: &Engine) -> String {
    format!("{:016x}", engine.fingerprint())
}

/// Lines suggested on all cores before they are written.
pub const BATCH_LINES: usize = 64;

/// A line that could not be taken (whole or in part).
#[derive(Clone, Debug, PartialEq)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

/// What a pipeline run did.
#[derive(Debug, Default)]
pub struct PipelineReport {
    /// Non-blank lines read.
    pub records: usize,
    /// Records written.
    pub written: usize,
    /// Lines skipped whole.
    pub skipped: usize,
    pub counts: MergeCounts,
    /// Every problem, in line order (also given to `on_problem` as met).
    pub problems: Vec<LineProblem>,
    pub cancelled: bool,
}

/// How a pipeline run treats each record.
pub struct PipelineOptions<'a> {
    pub engine: &'a Engine,
    /// The schema records' labels are checked against (extended per record,
    /// never saved).
    pub schema: &'a Schema,
    /// Whose file the items are taken as (not written in the records).
    pub annotator: &'a str,
    /// A longer line is skipped (settings' `max_document_bytes`).
    pub max_record_bytes: u64,
}

/// Reads records from `input` one line at a time and writes each, with the
/// recommenders' candidates merged in, to `output`. `on_problem` hears of
/// each problem as it is met (for stderr); an I/O error ends the run.
pub fn suggest_stream(
    mut input: impl BufRead,
    mut output: impl Write,
    options: &PipelineOptions<'_>,
    mut on_problem: impl FnMut(&LineProblem),
    control: JobControl<'_>,
) -> std::io::Result<PipelineReport> {
    let now = jiff::Timestamp::now();
    let mut report = PipelineReport::default();
    let mut line_number = 0;
    // Why the input was given up before its end; the lines before are written.
    let mut endless = None;
    control.progress.begin("suggesting", 0);
    loop {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let mut batch: Vec<(usize, Result<String, String>)> = Vec::with_capacity(BATCH_LINES);
        let mut at_end = false;
        while batch.len() < BATCH_LINES {
            let Some(read) = read_line(&mut input, options.max_record_bytes)? else {
                at_end = true;
                break;
            };
            line_number += 1;
            match read {
                Line::Text(text) if text.trim().is_empty() => {}
                Line::Text(text) => batch.push((line_number, Ok(text))),
                Line::TooLong(bytes) => batch.push((
                    line_number,
                    Err(format!(
                        "record too large ({bytes} bytes or more; the limit is {}, settings max_document_bytes); skipped",
                        options.max_record_bytes
                    )),
                )),
                Line::NotUtf8 => {
                    batch.push((line_number, Err("not UTF-8 text; skipped".to_owned())));
                }
                Line::Endless(bytes) => {
                    endless = Some(format!(
                        "line {line_number} has no end within {bytes} bytes; \
                         the input is not JSONL records"
                    ));
                    at_end = true;
                    break;
                }
            }
        }
        let done: Vec<(usize, Result<Suggested, String>)> = batch
            .into_par_iter()
            .map(|(line, text)| (line, text.and_then(|text| suggest_line(text, options, now))))
            .collect();
        for (line, result) in done {
            report.records += 1;
            let mut problem = |message: String| {
                let problem = LineProblem { line, message };
                on_problem(&problem);
                report.problems.push(problem);
            };
            match result {
                Ok(suggested) => {
                    for message in suggested.problems {
                        problem(message);
                    }
                    output.write_all(suggested.line.as_bytes())?;
                    output.write_all(b"\n")?;
                    report.written += 1;
                    report.counts.add(&suggested.counts);
                }
                Err(message) => {
                    problem(message);
                    report.skipped += 1;
                }
            }
            control.progress.advance(1);
        }
        if at_end {
            break;
        }
    }
    output.flush()?;
    if let Some(why) = endless {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, why));
    }
    Ok(report)
}

/// One record suggested: its output line, what was added, and the items
/// of the input that could not be taken.
struct Suggested {
    line: String,
    counts: MergeCounts,
    problems: Vec<String>,
}

/// Each copy of a record's text is let go as soon as the next is made: a
/// 15 MB record is suggested in a few times its size.
fn suggest_line(
    text: String,
    options: &PipelineOptions<'_>,
    now: jiff::Timestamp,
) -> Result<Suggested, String> {
    let record: Record =
        serde_json::from_str(&text).map_err(|e| format!("not an Attest record: {e}"))?;
    drop(text);
    if record.text.is_empty() {
        return Err("the record has no text; skipped".to_owned());
    }
    let mut schema = options.schema.clone();
    let (document, mut set, problems) =
        formats::record_as_file(&record, options.annotator, &mut schema, now);
    drop(record);
    let counts = options.engine.suggest_into(&mut set, &document.text, now);
    // As in a project: a pathological record would make a line of
    // gigabytes downstream.
    if set.item_count() > MAX_ITEMS_PER_DOCUMENT {
        return Err(format!(
            "the record with its suggestions holds {} items, more than the limit of \
             {MAX_ITEMS_PER_DOCUMENT} per document; skipped",
            set.item_count()
        ));
    }
    let version = model_version(options.engine);
    let line =
        render(&document, &set, &version).map_err(|e| format!("cannot write the record: {e}"))?;
    Ok(Suggested {
        line,
        counts,
        problems,
    })
}

/// The record of `set`, every status kept, each open suggestion naming its
/// `suggester` and `score`, and the record naming the model `version`.
/// Written from the typed record in one allocation of the line's exact
/// size: a 15 MB record's line is about twice the text, and a JSON tree of
/// it or a doubling buffer would each cost more than the text again.
fn render(
    document: &Document,
    set: &AnnotationSet,
    version: &str,
) -> Result<String, serde_json::Error> {
    let mut record = Record::from_annotations(document, set, |_| true);
    let offsets = CharOffsets::new(&document.text);
    let span = |start: usize, end: usize| offsets.from_chars(start, end);
    // Each item's status by span and name, the first of equals kept: one
    // lookup per item, not a scan of the set (a record may hold 100,000).
    let mention_status = statuses(set.mentions.iter().map(|m| (m.span, &m.label, &m.review)));
    let event_status = statuses(
        set.events
            .iter()
            .map(|e| (e.trigger, &e.event_type, &e.review)),
    );
    let claim_status = statuses(set.claims.iter().map(|c| (c.cue, &c.stance, &c.review)));
    let found = |table: &HashMap<(Span, String), &Status>, span: Option<Span>, name: &String| {
        suggested_by(span.and_then(|s| table.get(&(s, name.clone())).copied()))
    };
    for item in &mut record.mentions {
        (item.suggester, item.score) =
            found(&mention_status, span(item.start, item.end), &item.label);
    }
    for item in &mut record.events {
        let trigger = span(item.trigger.start, item.trigger.end);
        (item.suggester, item.score) = found(&event_status, trigger, &item.event_type);
    }
    for item in &mut record.claims {
        let cue = span(item.cue.start, item.cue.end);
        (item.suggester, item.score) = found(&claim_status, cue, &item.stance);
    }
    let line = SuggestedLine {
        record: &record,
        model_version: version,
    };
    let mut size = ByteCount(0);
    serde_json::to_writer(&mut size, &line)?;
    let mut out = Vec::with_capacity(size.0);
    serde_json::to_writer(&mut out, &line)?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out).map_err(|e| serde::ser::Error::custom(e.to_string()))
}

/// An output line: the record's fields, then the model version.
#[derive(serde::Serialize)]
struct SuggestedLine<'a> {
    #[serde(flatten)]
    record: &'a Record,
    model_version: &'a str,
}

/// A writer that only counts what it is given.
struct ByteCount(usize);

impl Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Items' statuses by span and name; of items with the same, the first.
fn statuses<'a>(
    items: impl Iterator<Item = (Span, &'a String, &'a Review)>,
) -> HashMap<(Span, String), &'a Status> {
    let mut found = HashMap::new();
    for (span, name, review) in items {
        found.entry((span, name.clone())).or_insert(&review.status);
    }
    found
}

/// The suggester and score an open suggestion names; nothing for a
/// decided item.
fn suggested_by(status: Option<&Status>) -> (Option<String>, Option<f32>) {
    match status {
        Some(Status::Suggested { by, score }) => (Some(by.as_str().to_owned()), Some(*score)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::JobControl;
    use crate::suggest::Rules;

    fn run(input: &str, limit: u64) -> (String, PipelineReport) {
        let rules = Rules::sahel_default().unwrap();
        let schema = Schema::conflict_default();
        let options = PipelineOptions {
            engine: &Engine::from(rules),
            schema: &schema,
            annotator: "ana",
            max_record_bytes: limit,
        };
        let mut out = Vec::new();
        let report = suggest_stream(
            input.as_bytes(),
            &mut out,
            &options,
            |_| {},
            JobControl::unattended(),
        )
        .unwrap();
        (String::from_utf8(out).unwrap(), report)
    }

    #[test]
    fn records_gain_named_suggestions_and_a_bad_line_is_skipped_with_its_number() {
        let good = r#"{"text": "JNIM claimed the attack on the military camp in Farabougou on Tuesday, Mali's army said."}"#;
        let input = format!("{good}\nnot json\n\n{good}\n");
        let (out, report) = run(&input, 20 * 1024 * 1024);
        assert_eq!(report.written, 2);
        assert_eq!(report.skipped, 1);
        assert_eq!(report.problems[0].line, 2);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], lines[1]);
        let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
        let mention = &value["mentions"][0];
        assert_eq!(mention["status"], "suggested");
        assert!(mention["suggester"].is_string(), "{mention}");
        // A score is written as the f32 it is ("0.9"), not widened to
        // f64 ("0.8999999761581421").
        let score = mention["score"].to_string();
        assert!(score.len() <= 4, "{score}");
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.last().map(|k| k.as_str()), Some(MODEL_VERSION_FIELD));
        let record: Record = serde_json::from_str(lines[0]).unwrap();
        assert!(!record.mentions.is_empty());
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_and_the_next_one_read() {
        let long = format!(r#"{{"text": "{}"}}"#, "a".repeat(500));
        let input = format!("{long}\n{{\"text\": \"Mali.\"}}\n");
        let (out, report) = run(&input, 100);
        assert_eq!(report.skipped, 1);
        assert_eq!(report.problems[0].line, 1);
        assert!(report.problems[0].message.contains("too large"));
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn a_record_over_the_item_limit_is_skipped_and_the_next_one_written() {
        let text = "Mali. ".repeat(MAX_ITEMS_PER_DOCUMENT + 1);
        let mentions: Vec<String> = (0..=MAX_ITEMS_PER_DOCUMENT)
            .map(|n| {
                let start = n * 6;
                format!(
                    r#"{{"start": {start}, "end": {}, "label": "LOCATION"}}"#,
                    start + 4
                )
            })
            .collect();
        let huge = format!(
            r#"{{"text": "{text}", "mentions": [{}]}}"#,
            mentions.join(",")
        );
        let input = format!("{huge}\n{{\"text\": \"JNIM attacked Gao.\"}}\n");
        let (out, report) = run(&input, 20 * 1024 * 1024);
        assert_eq!(report.skipped, 1, "{:?}", report.problems);
        assert_eq!(report.problems[0].line, 1);
        assert!(
            report.problems[0]
                .message
                .contains("more than the limit of 100000"),
            "{:?}",
            report.problems[0]
        );
        assert_eq!(out.lines().count(), 1);
        assert!(out.contains("JNIM attacked Gao."));
    }
}
