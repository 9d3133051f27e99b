//! `dataset.json`: the card written beside every export — what is in the
//! dataset (counts per label and status: `gold` or `suggested` where the
//! format has no place for the status), whose annotations, which schema
//! and which split, the shape of the files where a format has several
//! (doccano), and what was not written or may not load (overlapping spans)
//! — so that a dataset explains itself without the project.
//!
//! It holds no timestamps and no paths outside the export, so the same
//! project and options always give the same card.

use std::collections::BTreeMap;
use std::io::Write as _;

use serde::Serialize;

use super::{ExportOptions, FormatError, LeftEmpty, Record, Unwritten};
use crate::model::Schema;

pub const FILE: &str = "dataset.json";

/// One part of the export as the card lists it.
#[derive(Clone, Debug, Serialize)]
pub struct Part {
    pub name: String,
    pub documents: usize,
    /// The documents of the part, when the export is split.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_ids: Option<Vec<String>>,
    pub files: Vec<String>,
    /// The shape of the part's files, where the format has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shape: Option<&'static str>,
}

/// What the card lists besides the counts.
/// The annotator's time on the exported documents (`active_seconds` of
/// their files: time in the window, idle pauses left out).
#[derive(Clone, Copy, Debug, Default)]
pub struct TimeSpent {
    pub active_seconds: u64,
    /// Documents with any time recorded.
    pub documents: usize,
}

pub struct Listed<'a> {
    pub parts: Vec<Part>,
    /// The shape of every file, where the format has several.
    pub shape: Option<&'static str>,
    /// Items the format could not hold, or that the options left out.
    pub unwritten: &'a [Unwritten],
    /// Spans written that overlap others, in a format whose tools refuse them.
    pub overlapping: &'a [Unwritten],
    /// Fields the export could not fill (ACLED's unresolved dates).
    pub left_empty: &'a [LeftEmpty],
    pub time: TimeSpent,
}

/// An item as the card lists it.
#[derive(Serialize)]
struct Item<'a> {
    document: &'a str,
    label: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    reason: &'a str,
}

/// Items as the card lists them, each written as it is reached: an export
/// may leave out an item per mention of the project.
struct Items<'a>(&'a [Unwritten]);

impl Items<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|u| Item {
            document: &u.document,
            label: &u.label,
            start: u.start,
            end: u.end,
            text: &u.text,
            reason: &u.reason,
        }))
    }
}

type Counts = BTreeMap<String, BTreeMap<&'static str, usize>>;

#[derive(Serialize)]
struct Card<'a> {
    format: &'static str,
    annotators: Vec<&'a str>,
    include_suggestions: bool,
    negatives: bool,
    /// Spans that overlap others were left out (doccano's default project).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    without_overlaps: bool,
    documents: usize,
    mentions: Counts,
    events: Counts,
    claims: Counts,
    split: Option<SplitCard<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    shape: Option<&'static str>,
    parts: Vec<Part>,
    #[serde(skip_serializing_if = "Items::is_empty")]
    unwritten: Items<'a>,
    #[serde(skip_serializing_if = "Items::is_empty")]
    overlapping: Items<'a>,
    /// Fields the export could not fill (ACLED's unresolved dates).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    left_empty: &'a [LeftEmpty],
    /// How long the gold took to make; absent when no time was recorded
    /// (files annotated outside the window, or imported).
    #[serde(skip_serializing_if = "Option::is_none")]
    time: Option<TimeCard>,
    schema: &'a Schema,
}

#[derive(Serialize)]
struct TimeCard {
    active_seconds: u64,
    hours: f64,
    /// Documents with time recorded, of those written.
    documents_timed: usize,
    /// Gold items (mentions, events, claims) written per hour of work.
    gold_items_per_hour: f64,
}

#[derive(Serialize)]
struct SplitCard<'a> {
    percents: &'a [u32],
    seed: u64,
}

/// The counts a card gives of the records written, added up record by
/// record as an export writes them.
#[derive(Debug, Default)]
pub struct Written {
    pub documents: usize,
    mentions: Counts,
    events: Counts,
    claims: Counts,
}

impl Written {
    /// Counts one record as written under `options`.
    pub fn add(&mut self, record: &Record, options: &ExportOptions) {
        // A format without a place for the status can only say gold or suggested.
        let status = |s: super::StatusKind| match s {
            _ if options.format.holds_status() => s.name(),
            super::StatusKind::Suggested => s.name(),
            _ => "gold",
        };
        let count = |counts: &mut Counts, name: &str, kind| {
            let by_status = match counts.get_mut(name) {
                Some(by_status) => by_status,
                None => counts.entry(name.to_owned()).or_default(),
            };
            *by_status.entry(status(kind)).or_default() += 1;
        };
        self.documents += 1;
        for m in &record.mentions {
            count(&mut self.mentions, &m.label, m.status);
        }
        for e in &record.events {
            count(&mut self.events, &e.event_type, e.status);
        }
        for c in &record.claims {
            count(&mut self.claims, &c.stance, c.status);
        }
    }
}

impl Written {
    /// Adds counts taken apart (of another piece of the export).
    pub fn merge(&mut self, other: Written) {
        self.documents += other.documents;
        let pairs = [
            (&mut self.mentions, other.mentions),
            (&mut self.events, other.events),
            (&mut self.claims, other.claims),
        ];
        for (counts, more) in pairs {
            for (name, by_status) in more {
                let mine = counts.entry(name).or_default();
                for (status, n) in by_status {
                    *mine.entry(status).or_default() += n;
                }
            }
        }
    }
}

/// The time card: hours and gold items an hour, gold being every status a
/// reviewer decided ("gold" in a format that cannot tell accepted from
/// corrected).
fn time_card(time: TimeSpent, counts: [&Counts; 3]) -> Option<TimeCard> {
    if time.active_seconds == 0 {
        return None;
    }
    let gold: usize = counts
        .iter()
        .flat_map(|by_name| by_name.values())
        .flat_map(|by_status| by_status.iter())
        .filter(|(status, _)| matches!(**status, "accepted" | "corrected" | "gold"))
        .map(|(_, n)| n)
        .sum();
    let hours = time.active_seconds as f64 / 3600.0;
    let round = |x: f64| (x * 100.0).round() / 100.0;
    Some(TimeCard {
        active_seconds: time.active_seconds,
        hours: round(hours),
        documents_timed: time.documents,
        gold_items_per_hour: round(gold as f64 / hours),
    })
}

/// Writes the card's JSON for what was written to `path`, as it is
/// serialised: its lists may be long.
pub fn write<'a>(
    path: &std::path::Path,
    options: &'a ExportOptions,
    annotator: &'a str,
    written: Written,
    listed: Listed<'a>,
    schema: &'a Schema,
) -> Result<(), FormatError> {
    let Written {
        documents,
        mentions,
        events,
        claims,
    } = written;
    let time = time_card(listed.time, [&mentions, &events, &claims]);
    let card = Card {
        format: options.format.name(),
        annotators: vec![annotator],
        include_suggestions: options.include_suggestions,
        negatives: options.negatives && options.format.holds_status(),
        without_overlaps: options.without_overlaps && options.format.refuses_overlaps(),
        documents,
        mentions,
        events,
        claims,
        split: options.split.as_ref().map(|s| SplitCard {
            percents: &s.percents,
            seed: s.seed,
        }),
        shape: listed.shape,
        parts: listed.parts,
        unwritten: Items(listed.unwritten),
        overlapping: Items(listed.overlapping),
        left_empty: listed.left_empty,
        time,
        schema,
    };
    let cannot_write = |e| crate::store::StoreError::io("cannot write", path, e);
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(cannot_write)?);
    serde_json::to_writer_pretty(&mut file, &card).map_err(|e| {
        if e.is_io() {
            FormatError::Store(cannot_write(e.into()))
        } else {
            FormatError::Serialise {
                what: FILE.to_owned(),
                message: e.to_string(),
            }
        }
    })?;
    file.write_all(b"\n").map_err(cannot_write)?;
    file.flush().map_err(cannot_write)?;
    Ok(())
}
