//! The summary cache, `.attest/summaries.v3`: per annotation file, its
//! counts (items by kind, name and status; decisions by day; finished) and
//! the recommenders whose candidates it already holds — so that `stats`,
//! the document list and a re-run of suggest need not parse every file.
//!
//! The cache is derived data, never a source of truth:
//! - each entry names the file's [`FileStamp`] (size, modification time,
//!   inode) and, where the stamp alone cannot tell a change, the hash of
//!   its bytes ([`CacheEntry::hash_needed`]); an entry whose stamp differs
//!   from the file's is stale and the file is read again;
//! - a file modified less than [`RACY_NS`] before its entry was recorded
//!   could change again within the clock's resolution without its stamp
//!   changing (git's "racily clean" files), so such an entry is trusted
//!   only after its bytes hash the same;
//! - a missing, unreadable or other-version cache is rebuilt from the files;
//!   writing it is atomic, so two processes can at worst drop each other's
//!   entries, which are then computed again.
//!
//! - a file Attest wrote itself is trusted by its stamp alone when the
//!   filesystem's clock had moved past its modification time before it was
//!   put in place ([`CacheEntry::certified`]): any later change to it then
//!   gets another modification time.
//!
//! The folder holds its own `.gitignore`: the cache is never shared. The
//! file is one line per entry (names of labels once, in a table), read and
//! written without an intermediate tree: 10,000 entries load in a few ms.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader, Write};

use serde::{Deserialize, Serialize};

use super::StoreError;
use super::atomic::{Durability, write_atomic_as, write_atomic_through};
use super::stamp::{FileStamp, content_hash};
use crate::model::{AnnotationSet, DocumentId, StatusKind};

/// The project's folder of derived, unshared data.
pub const CACHE_DIR: &str = ".attest";
const CACHE_FILE: &str = "summaries.v3";
/// The first line of the cache file: another one (another layout) is
/// ignored and the cache rebuilt.
const CACHE_HEADER: &str = "attest summary cache 4";
/// A file modified this close before its entry was recorded is verified
/// by its bytes: generously above any filesystem's timestamp resolution.
pub const RACY_NS: u64 = 2_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

/// The kind of an annotation item, as the cache counts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    #[serde(rename = "m")]
    Mention,
    #[serde(rename = "e")]
    Event,
    #[serde(rename = "c")]
    Claim,
}

/// What statistics and the document list need of one annotation file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FileSummary {
    /// Items per kind, name (label, event type or stance) and status.
    #[serde(rename = "n")]
    pub counts: BTreeMap<(ItemKind, String, StatusKind), u32>,
    /// Decisions (not open suggestions) per day since 1970-01-01 (UTC).
    #[serde(rename = "d", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decisions_by_day: BTreeMap<i64, u32>,
    #[serde(rename = "f", default, skip_serializing_if = "std::ops::Not::not")]
    pub finished: bool,
    /// Seconds the annotator worked on the document in the window.
    #[serde(rename = "w", default, skip_serializing_if = "is_zero")]
    pub active_seconds: u64,
}

fn is_zero(value: &u64) -> bool {
    *value == 0
}

impl FileSummary {
    pub fn of(set: &AnnotationSet) -> Self {
        let mut counter = SummaryCounter::default();
        let items = set
            .mentions
            .iter()
            .map(|m| (ItemKind::Mention, &m.label, &m.review))
            .chain(
                set.events
                    .iter()
                    .map(|e| (ItemKind::Event, &e.event_type, &e.review)),
            )
            .chain(
                set.claims
                    .iter()
                    .map(|c| (ItemKind::Claim, &c.stance, &c.review)),
            );
        for (kind, name, review) in items {
            counter.add(kind, name, review.status.kind(), review.at);
        }
        counter.finish(set.is_finished(), set.active_seconds)
    }

    /// Items of every kind per status.
    pub fn status_counts(&self) -> BTreeMap<StatusKind, usize> {
        let mut counts = BTreeMap::new();
        for ((_, _, status), n) in &self.counts {
            *counts.entry(*status).or_default() += *n as usize;
        }
        counts
    }
}

/// Counts items into a [`FileSummary`], one at a time, under borrowed
/// names: a name is copied once per file, not once per item. The one
/// counting rule for a parsed set and for the summary read straight from a
/// file's text.
#[derive(Default)]
pub(crate) struct SummaryCounter<'a> {
    counts: BTreeMap<(ItemKind, &'a str, StatusKind), u32>,
    decisions_by_day: BTreeMap<i64, u32>,
}

impl<'a> SummaryCounter<'a> {
    /// One item: its kind, name (label, event type or stance), status and
    /// the time of its review.
    pub(crate) fn add(
        &mut self,
        kind: ItemKind,
        name: &'a str,
        status: StatusKind,
        at: jiff::Timestamp,
    ) {
        *self.counts.entry((kind, name, status)).or_default() += 1;
        if status != StatusKind::Suggested {
            let day = at.as_second().div_euclid(SECONDS_PER_DAY);
            *self.decisions_by_day.entry(day).or_default() += 1;
        }
    }

    pub(crate) fn finish(self, finished: bool, active_seconds: u64) -> FileSummary {
        FileSummary {
            counts: self
                .counts
                .into_iter()
                .map(|((kind, name, status), n)| ((kind, name.to_owned(), status), n))
                .collect(),
            decisions_by_day: self.decisions_by_day,
            finished,
            active_seconds,
        }
    }
}

/// One annotation file (or its absence) as last seen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CacheEntry {
    /// `None`: there was no file.
    #[serde(rename = "s")]
    pub stamp: Option<FileStamp>,
    /// Hash of the file's bytes; 0 without a file, or when it was not
    /// taken: the file was read when already older than [`RACY_NS`], so
    /// its stamp alone tells whether it changed.
    #[serde(rename = "h")]
    pub hash: u64,
    /// When (ns since 1970) the bytes were last seen to be what `hash` and
    /// `summary` say — taken before they were read or written.
    #[serde(rename = "t")]
    pub seen_ns: u64,
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<FileSummary>,
    /// Fingerprint of the recommenders whose candidates the file already
    /// holds (a suggest run with the same ones would add nothing).
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<u64>,
    /// Fingerprint of the schema under which `check` found nothing wrong
    /// with the file (its text checked against its id the same run).
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<u64>,
    /// Attest wrote the file (whose bytes `hash` names) and the
    /// filesystem's clock was past its modification time before the file
    /// was put in place: a later change gets another time, so the stamp
    /// alone tells (no racy window).
    #[serde(rename = "w", default, skip_serializing_if = "std::ops::Not::not")]
    pub certified: bool,
}

impl CacheEntry {
    /// The hash a new entry for `bytes`, read at `seen_ns` with `stamp`,
    /// needs, given the file's `previous` entry. It is taken when the file
    /// is racily clean (its bytes then tell a later run whether it changed)
    /// or when the previous entry's candidates may carry over (only onto
    /// the same bytes); otherwise the stamp alone tells, and hashing every
    /// file cost a tenth of a cold count.
    pub(crate) fn hash_needed(
        stamp: Option<FileStamp>,
        seen_ns: u64,
        previous: Option<&CacheEntry>,
        bytes: &[u8],
    ) -> Option<u64> {
        let racy = stamp.is_none_or(|s| s.modified_ns().saturating_add(RACY_NS) >= seen_ns);
        (racy || previous.is_some_and(|e| e.suggested.is_some())).then(|| content_hash(bytes))
    }

    /// The previous entry's candidates, if the file's bytes are still
    /// those it recorded (`hash`: [`Self::hash_needed`]).
    pub(crate) fn carried_suggested(
        previous: Option<&CacheEntry>,
        hash: Option<u64>,
    ) -> Option<u64> {
        previous
            .filter(|e| Some(e.hash) == hash)
            .and_then(|e| e.suggested)
    }
}

/// Whether a cached entry still describes its file.
#[derive(Debug)]
pub enum Freshness {
    /// It does; `verified` when its bytes were read to tell (the entry's
    /// `seen_ns` may then be moved on, see [`SummaryCache::mark_seen`]).
    Fresh { verified: bool },
    /// It does not (or there is no entry); the bytes, when they were read
    /// to tell, so that they need not be read again.
    Stale { bytes: Option<Vec<u8>> },
}

/// The cache of one project. Each entry is held as its line of the cache
/// file ([`encode_entry`], a hundred-odd bytes naming its counts' names by
/// number) and decoded when asked for: held decoded, an entry took some
/// 3 KB, so the memory of a count grew with the project's files.
#[derive(Debug, Default)]
pub struct SummaryCache {
    path: PathBuf,
    names: Names,
    /// Annotator to document to entry, encoded.
    entries: HashMap<String, HashMap<DocumentId, Box<str>>>,
    changed: bool,
}

/// The names summaries count (labels, event types, stances), each once,
/// numbered in the order they were first met.
#[derive(Debug, Default)]
struct Names {
    list: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl Names {
    fn from_list(list: Vec<String>) -> Self {
        let numbers = list
            .iter()
            .enumerate()
            .map(|(number, name)| (name.clone(), number))
            .collect();
        Self { list, numbers }
    }

    /// The number of `name`, given one if it has none yet.
    fn number(&mut self, name: &str) -> usize {
        if let Some(number) = self.numbers.get(name) {
            return *number;
        }
        let number = self.list.len();
        self.list.push(name.to_owned());
        self.numbers.insert(name.to_owned(), number);
        number
    }
}

/// Nanoseconds since 1970, now.
pub fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

impl SummaryCache {
    /// The cache of the project at `root`; empty when there is none or it
    /// cannot be read (it is then rebuilt as files are read).
    pub fn load(root: &Path) -> Self {
        let path = root.join(CACHE_DIR).join(CACHE_FILE);
        let (names, entries) = read_cache(&path).unwrap_or_default();
        Self {
            path,
            names,
            entries,
            changed: false,
        }
    }

    /// The entry for `annotator`'s file of `id`; `None` without one, or
    /// when its line cannot be read (the file is then read again).
    pub fn entry(&self, annotator: &str, id: &DocumentId) -> Option<CacheEntry> {
        let line = self.entries.get(annotator)?.get(id)?;
        decode_entry(line, &self.names.list)
    }

    /// Whether the entry for `annotator`'s file of `id` at `path` still
    /// describes it. Takes `&self`: call it on every core.
    pub fn freshness(
        &self,
        annotator: &str,
        id: &DocumentId,
        path: &Path,
    ) -> std::io::Result<Freshness> {
        match self.entry(annotator, id) {
            Some(entry) => entry.freshness(path),
            None => Ok(Freshness::Stale { bytes: None }),
        }
    }

    /// Records what was seen of a file.
    pub fn record(&mut self, annotator: &str, id: &DocumentId, entry: CacheEntry) {
        let line = encode_entry(&entry, &mut self.names);
        let documents = match self.entries.get_mut(annotator) {
            Some(documents) => documents,
            None => self.entries.entry(annotator.to_owned()).or_default(),
        };
        if documents.get(id).map(AsRef::as_ref) != Some(line.as_str()) {
            documents.insert(id.clone(), line.into_boxed_str());
            self.changed = true;
        }
    }

    /// Notes that a fresh entry's bytes were verified at `seen_ns`, so that
    /// once the file is old enough a `stat` alone will do.
    pub fn mark_seen(&mut self, annotator: &str, id: &DocumentId, seen_ns: u64) {
        let Some(mut entry) = self.entry(annotator, id).filter(|e| e.seen_ns < seen_ns) else {
            return;
        };
        entry.seen_ns = seen_ns;
        // Worth writing the cache for only once a stat alone will do:
        // until then the next run verifies the bytes again anyway.
        let settled = entry
            .stamp
            .is_some_and(|s| s.modified_ns().saturating_add(RACY_NS) < seen_ns);
        let line = encode_entry(&entry, &mut self.names);
        if let Some(slot) = self
            .entries
            .get_mut(annotator)
            .and_then(|documents| documents.get_mut(id))
        {
            *slot = line.into_boxed_str();
            self.changed |= settled;
        }
    }

    /// Writes the cache if anything changed. It is derived data: written
    /// atomically but not flushed, and a failure loses only time.
    pub fn save(&mut self) -> Result<(), StoreError> {
        if !self.changed {
            return Ok(());
        }
        let Some(folder) = self.path.parent() else {
            return Ok(());
        };
        let ignore = folder.join(".gitignore");
        if !ignore.exists() {
            write_atomic_as(&ignore, b"*\n", Durability::Batch)?;
        }
        let write = |file: &mut std::fs::File| {
            let mut out = std::io::BufWriter::new(file);
            write_cache(&mut out, &self.names, &self.entries)?;
            out.flush()
        };
        write_atomic_through(&self.path, write, Durability::Batch)?;
        self.changed = false;
        Ok(())
    }
}

impl CacheEntry {
    /// Whether the entry still describes the file at `path`.
    pub fn freshness(&self, path: &Path) -> std::io::Result<Freshness> {
        let stamp = FileStamp::of(path)?;
        if stamp != self.stamp {
            return Ok(Freshness::Stale { bytes: None });
        }
        let Some(stamp) = stamp else {
            // No file then, no file now.
            return Ok(Freshness::Fresh { verified: false });
        };
        if self.certified || stamp.modified_ns().saturating_add(RACY_NS) < self.seen_ns {
            return Ok(Freshness::Fresh { verified: false });
        }
        let bytes = std::fs::read(path)?;
        if content_hash(&bytes) == self.hash {
            Ok(Freshness::Fresh { verified: true })
        } else {
            Ok(Freshness::Stale { bytes: Some(bytes) })
        }
    }
}

fn kind_code(kind: ItemKind) -> char {
    match kind {
        ItemKind::Mention => 'm',
        ItemKind::Event => 'e',
        ItemKind::Claim => 'c',
    }
}

fn status_code(status: StatusKind) -> usize {
    StatusKind::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or_default()
}

fn optional(value: Option<u64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// Writes the cache file: the header; `n <name as a JSON string>` for each
/// name counted, numbered from 0 in order; then per annotator `a <name>`
/// followed by one line per document, `d <id> <entry>` ([`encode_entry`]).
/// Streamed, so that saving holds no second copy of the cache.
fn write_cache(
    out: &mut impl Write,
    names: &Names,
    entries: &HashMap<String, HashMap<DocumentId, Box<str>>>,
) -> std::io::Result<()> {
    writeln!(out, "{CACHE_HEADER}")?;
    for name in &names.list {
        let quoted = serde_json::to_string(name).unwrap_or_default();
        writeln!(out, "n {quoted}")?;
    }
    let mut annotators: Vec<&String> = entries.keys().collect();
    annotators.sort();
    for annotator in annotators {
        writeln!(out, "a {annotator}")?;
        let mut documents: Vec<(&DocumentId, &Box<str>)> = entries[annotator].iter().collect();
        documents.sort_by_key(|(id, _)| *id);
        for (id, line) in documents {
            writeln!(out, "d {id} {line}")?;
        }
    }
    Ok(())
}

/// One entry as the cache file holds it, names by their number in
/// `names`: `<size,modified,inode|-> <hash> <seen> <suggested|->
/// <checked|-> <certified 0/1> <summary|->`, a summary being
/// `<finished 0/1>|<kind.name.status.count,…>|<day.count,…>|<active seconds>`.
fn encode_entry(entry: &CacheEntry, names: &mut Names) -> String {
    let mut text = String::with_capacity(160);
    match entry.stamp {
        Some(s) => {
            let _ = write!(text, "{},{},{}", s.0, s.1, s.2);
        }
        None => text.push('-'),
    }
    let _ = write!(
        text,
        " {} {} {} {} {} ",
        entry.hash,
        entry.seen_ns,
        optional(entry.suggested),
        optional(entry.checked),
        u8::from(entry.certified)
    );
    let Some(summary) = &entry.summary else {
        text.push('-');
        return text;
    };
    text.push(if summary.finished { '1' } else { '0' });
    text.push('|');
    for (i, ((kind, name, status), n)) in summary.counts.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            text,
            "{sep}{}.{}.{}.{n}",
            kind_code(*kind),
            names.number(name),
            status_code(*status)
        );
    }
    text.push('|');
    for (i, (day, n)) in summary.decisions_by_day.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(text, "{sep}{day}.{n}");
    }
    let _ = write!(text, "|{}", summary.active_seconds);
    text
}

/// A cache file's names and its entries, still encoded.
type Parsed = (Names, HashMap<String, HashMap<DocumentId, Box<str>>>);

/// Reads [`write_cache`]'s file a line at a time; `None` for anything
/// else (the cache is then rebuilt).
fn read_cache(path: &Path) -> Option<Parsed> {
    let mut reader = BufReader::new(std::fs::File::open(path).ok()?);
    let mut buffer = String::new();
    let mut next_line = |buffer: &mut String| -> Option<bool> {
        buffer.clear();
        let read = reader.read_line(buffer).ok()?;
        let end = buffer.trim_end_matches(['\n', '\r']).len();
        buffer.truncate(end);
        Some(read > 0)
    };
    if !next_line(&mut buffer)? || buffer != CACHE_HEADER {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    let mut entries: HashMap<String, HashMap<DocumentId, Box<str>>> = HashMap::new();
    let mut current: Option<&mut HashMap<DocumentId, Box<str>>> = None;
    while next_line(&mut buffer)? {
        let line = buffer.as_str();
        if let Some(quoted) = line.strip_prefix("n ") {
            names.push(serde_json::from_str(quoted).ok()?);
        } else if let Some(annotator) = line.strip_prefix("a ") {
            current = Some(entries.entry(annotator.to_owned()).or_default());
        } else if let Some(rest) = line.strip_prefix("d ") {
            let (id, entry) = rest.split_once(' ')?;
            current
                .as_mut()?
                .insert(DocumentId::parse(id)?, entry.into());
        } else {
            return None;
        }
    }
    Some((Names::from_list(names), entries))
}

fn parse_optional(field: &str) -> Option<Option<u64>> {
    if field == "-" {
        Some(None)
    } else {
        field.parse().ok().map(Some)
    }
}

/// Reads [`encode_entry`]'s text back; `None` for anything else.
fn decode_entry(line: &str, names: &[String]) -> Option<CacheEntry> {
    let mut fields = line.split(' ');
    let stamp = match fields.next()? {
        "-" => None,
        stamp => {
            let mut parts = stamp.split(',');
            let mut next = || parts.next()?.parse::<u64>().ok();
            Some(FileStamp(next()?, next()?, next()?))
        }
    };
    let hash = fields.next()?.parse().ok()?;
    let seen_ns = fields.next()?.parse().ok()?;
    let suggested = parse_optional(fields.next()?)?;
    let checked = parse_optional(fields.next()?)?;
    let certified = match fields.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let summary = match fields.next()? {
        "-" => None,
        summary => Some(parse_summary(summary, names)?),
    };
    if fields.next().is_some() {
        return None;
    }
    Some(CacheEntry {
        stamp,
        hash,
        seen_ns,
        summary,
        suggested,
        checked,
        certified,
    })
}

fn parse_summary(text: &str, names: &[String]) -> Option<FileSummary> {
    let mut parts = text.split('|');
    let finished = match parts.next()? {
        "0" => false,
        "1" => true,
        _ => return None,
    };
    let mut summary = FileSummary {
        finished,
        ..FileSummary::default()
    };
    for count in parts.next()?.split(',').filter(|c| !c.is_empty()) {
        let mut fields = count.split('.');
        let kind = match fields.next()? {
            "m" => ItemKind::Mention,
            "e" => ItemKind::Event,
            "c" => ItemKind::Claim,
            _ => return None,
        };
        let name = names.get(fields.next()?.parse::<usize>().ok()?)?;
        let status = *StatusKind::ALL.get(fields.next()?.parse::<usize>().ok()?)?;
        let n = fields.next()?.parse().ok()?;
        summary.counts.insert((kind, name.clone(), status), n);
    }
    for day in parts.next()?.split(',').filter(|c| !c.is_empty()) {
        let (day, n) = day.split_once('.')?;
        summary
            .decisions_by_day
            .insert(day.parse().ok()?, n.parse().ok()?);
    }
    summary.active_seconds = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    Some(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mention, MentionId, Review, Span, Status};

    fn set_with(statuses: &[Status]) -> AnnotationSet {
        let at: jiff::Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let mut set = AnnotationSet::new(DocumentId::for_text("JNIM"), "ana");
        for (k, status) in statuses.iter().enumerate() {
            set.mentions.push(Mention {
                id: MentionId(k as u32 + 1),
                span: Span::new(0, 4),
                text: "JNIM".into(),
                label: "ARMED_GROUP".into(),
                actor: None,
                attributes: BTreeMap::new(),
                review: Review::suggested("ana", "t", 0.5, at).decided(status.clone(), "ana", at),
            });
        }
        set
    }

    fn entry_for(path: &Path, bytes: &[u8], seen_ns: u64) -> CacheEntry {
        CacheEntry {
            stamp: FileStamp::of(path).unwrap(),
            hash: content_hash(bytes),
            seen_ns,
            summary: None,
            suggested: Some(7),
            checked: None,
            certified: false,
        }
    }

    #[test]
    fn a_summary_counts_by_kind_name_and_status_and_decisions_by_day() {
        let open = Status::Suggested {
            by: "t".into(),
            score: 0.5,
        };
        let summary = FileSummary::of(&set_with(&[
            Status::Accepted,
            Status::Accepted,
            Status::Rejected,
            open,
        ]));
        let key = |status| (ItemKind::Mention, "ARMED_GROUP".to_owned(), status);
        assert_eq!(summary.counts[&key(StatusKind::Accepted)], 2);
        assert_eq!(summary.counts[&key(StatusKind::Rejected)], 1);
        assert_eq!(summary.counts[&key(StatusKind::Suggested)], 1);
        assert_eq!(summary.status_counts()[&StatusKind::Accepted], 2);
        assert_eq!(summary.decisions_by_day.values().sum::<u32>(), 3);
        assert!(!summary.finished);
    }

    #[test]
    fn an_entry_is_fresh_until_its_file_changes_even_within_the_clock_tick() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let id = DocumentId::for_text("a");
        std::fs::write(&path, b"first").unwrap();
        let mut cache = SummaryCache::load(dir.path());
        // Seen just now: the file is racily clean, verified by its bytes.
        cache.record("ana", &id, entry_for(&path, b"first", now_ns()));
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Fresh { verified: true }
        ));
        // Same size, rewritten in place within the clock's resolution: the
        // stamp does not change (made so here), the hash does.
        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::fs::write(&path, b"secon").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Stale { bytes: Some(b) } if b == b"secon"
        ));
        // Seen long after its last change: a stat is enough.
        let old = entry_for(&path, b"secon", now_ns() + 10 * RACY_NS);
        cache.record("ana", &id, old);
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Fresh { verified: false }
        ));
        std::fs::remove_file(&path).unwrap();
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Stale { bytes: None }
        ));
        assert!(matches!(
            cache.freshness("ben", &id, &path).unwrap(),
            Freshness::Stale { bytes: None }
        ));
    }

    #[test]
    fn a_hash_is_taken_only_where_the_stamp_cannot_tell_and_an_old_file_is_fresh_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let id = DocumentId::for_text("a");
        std::fs::write(&path, b"old").unwrap();
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3_600);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        let stamp = FileStamp::of(&path).unwrap();
        let seen_ns = now_ns();
        assert_eq!(CacheEntry::hash_needed(stamp, seen_ns, None, b"old"), None);
        // Just written: racily clean, so its bytes must be hashed.
        let racy = stamp.map(|s| FileStamp(s.0, seen_ns, s.2));
        let hash = Some(content_hash(b"old"));
        assert_eq!(CacheEntry::hash_needed(racy, seen_ns, None, b"old"), hash);
        // Candidates to carry over: hashed, and carried only onto the same bytes.
        let mut previous = entry_for(&path, b"old", 42);
        assert_eq!(
            CacheEntry::hash_needed(stamp, seen_ns, Some(&previous), b"old"),
            hash
        );
        assert_eq!(
            CacheEntry::carried_suggested(Some(&previous), hash),
            Some(7)
        );
        let other = Some(content_hash(b"new"));
        assert_eq!(CacheEntry::carried_suggested(Some(&previous), other), None);
        assert_eq!(CacheEntry::carried_suggested(Some(&previous), None), None);
        // An entry without a hash is trusted by the stamp of its old file.
        previous.hash = 0;
        previous.seen_ns = seen_ns;
        let mut cache = SummaryCache::load(dir.path());
        cache.record("ana", &id, previous);
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Fresh { verified: false }
        ));
        std::fs::write(&path, b"changed").unwrap();
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Stale { bytes: None }
        ));
    }

    #[test]
    fn a_certified_entry_is_trusted_by_its_stamp_at_once_and_a_change_is_still_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        let id = DocumentId::for_text("a");
        std::fs::write(&path, b"first").unwrap();
        let mut cache = SummaryCache::load(dir.path());
        let mut entry = entry_for(&path, b"first", now_ns());
        entry.certified = true;
        cache.record("ana", &id, entry.clone());
        assert!(matches!(
            cache.freshness("ana", &id, &path).unwrap(),
            Freshness::Fresh { verified: false }
        ));
        cache.save().unwrap();
        let loaded = SummaryCache::load(dir.path());
        assert_eq!(loaded.entry("ana", &id), Some(entry), "kept when saved");
        std::fs::write(&path, b"second").unwrap();
        assert!(matches!(
            loaded.freshness("ana", &id, &path).unwrap(),
            Freshness::Stale { bytes: None }
        ));
    }

    #[test]
    fn the_cache_round_trips_and_a_corrupt_one_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(&path, b"x").unwrap();
        let id = DocumentId::for_text("a");
        let mut entry = entry_for(&path, b"x", 42);
        entry.summary = Some(FileSummary::of(&set_with(&[Status::Accepted])));
        let mut cache = SummaryCache::load(dir.path());
        cache.record("ana", &id, entry.clone());
        cache.save().unwrap();
        let cache_file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        assert!(cache_file.exists());
        assert!(dir.path().join(CACHE_DIR).join(".gitignore").exists());
        let loaded = SummaryCache::load(dir.path());
        assert_eq!(loaded.entry("ana", &id), Some(entry));
        std::fs::write(&cache_file, format!("{CACHE_HEADER}\na ana\nd 12 -")).unwrap();
        let rebuilt = SummaryCache::load(dir.path());
        assert_eq!(rebuilt.entry("ana", &id), None, "corrupt: starts empty");
    }

    #[test]
    fn names_met_after_loading_are_numbered_after_the_files_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(&path, b"x").unwrap();
        let (first, second) = (DocumentId::for_text("a"), DocumentId::for_text("b"));
        let mut entry = entry_for(&path, b"x", 42);
        entry.summary = Some(FileSummary::of(&set_with(&[Status::Accepted])));
        let mut cache = SummaryCache::load(dir.path());
        cache.record("ana", &first, entry.clone());
        cache.save().unwrap();
        let mut other = entry.clone();
        let mut set = set_with(&[Status::Rejected]);
        set.mentions[0].label = "LOCATION".into();
        set.mentions.extend(set_with(&[Status::Accepted]).mentions);
        other.summary = Some(FileSummary::of(&set));
        let mut loaded = SummaryCache::load(dir.path());
        loaded.record("ana", &second, other.clone());
        loaded.mark_seen("ana", &first, 43);
        loaded.save().unwrap();
        let again = SummaryCache::load(dir.path());
        entry.seen_ns = 43;
        assert_eq!(again.entry("ana", &first), Some(entry));
        assert_eq!(again.entry("ana", &second), Some(other));
    }

    #[test]
    fn an_entry_whose_line_cannot_be_read_is_absent_and_the_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        std::fs::write(&path, b"x").unwrap();
        let (first, second) = (DocumentId::for_text("a"), DocumentId::for_text("b"));
        let entry = entry_for(&path, b"x", 42);
        let mut cache = SummaryCache::load(dir.path());
        cache.record("ana", &first, entry.clone());
        cache.save().unwrap();
        let cache_file = dir.path().join(CACHE_DIR).join(CACHE_FILE);
        let mut text = std::fs::read_to_string(&cache_file).unwrap();
        // A summary naming a name the table does not hold.
        text.push_str(&format!("d {second} - 0 42 - - 0 0|m.9.0.1||0\n"));
        std::fs::write(&cache_file, text).unwrap();
        let loaded = SummaryCache::load(dir.path());
        assert_eq!(loaded.entry("ana", &second), None);
        assert_eq!(loaded.entry("ana", &first), Some(entry));
        assert!(matches!(
            loaded.freshness("ana", &second, &path).unwrap(),
            Freshness::Stale { bytes: None }
        ));
    }
}
