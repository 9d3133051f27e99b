//! Per-annotator statistics of a project: documents by language, and per
//! annotator the mentions by label and status, events by type, claims by
//! stance, documents by progress, and decisions over time — what
//! `attest stats` prints and the GUI's statistics view draws.
//!
//! Counts come from the project's summary cache ([`SummaryCache`]): a
//! file whose entry is fresh is not parsed; the others are read and parsed
//! on all cores, and the cache is brought up to date for next time. Works
//! with a read-only project, so the GUI can run it on a background thread
//! while the analyst works.

use std::collections::{BTreeMap, HashSet};
use std::io::ErrorKind;
use std::path::Path;

use rayon::prelude::*;

use crate::model::{DocumentId, FORMAT_VERSION};
use crate::progress::JobControl;
use crate::stats::{AnnotatorStats, Progress, ProjectStats};
use crate::store::{
    CacheEntry, FileStamp, FileSummary, Freshness, ItemKind, Problem, Project, ReadState,
    StoreError, SummaryCache, now_ns, summarise_annotation_file,
};

/// Decisions an annotator had made by the end of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCount {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Decisions (accepted, corrected, rejected) made up to that day's end.
    pub decisions_so_far: usize,
}

/// The project's figures.
#[derive(Debug, Default)]
pub struct StatisticsReport {
    pub stats: ProjectStats,
    /// Per annotator, cumulative decisions per day that has any.
    pub timeline: BTreeMap<String, Vec<DayCount>>,
    /// Files that could not be read; they are not counted.
    pub problems: Vec<Problem>,
    /// Stopped before the end: the figures are partial.
    pub cancelled: bool,
}

/// One annotator's figures from part of their files.
#[derive(Default)]
struct Partial {
    stats: AnnotatorStats,
    decisions_by_day: BTreeMap<i64, usize>,
    problems: Vec<Problem>,
    /// What to record in the cache: entries of files read again, and the
    /// time fresh entries were verified at.
    updates: Vec<(DocumentId, CacheUpdate)>,
    cancelled: bool,
}

/// What reading one file taught the summary cache.
pub(crate) enum CacheUpdate {
    Entry(CacheEntry),
    Seen(u64),
}

impl Partial {
    fn add(mut self, summary: &FileSummary) -> Self {
        add_summary(&mut self.stats, summary);
        for (day, n) in &summary.decisions_by_day {
            *self.decisions_by_day.entry(*day).or_default() += *n as usize;
        }
        self
    }

    fn merge(mut self, other: Self) -> Self {
        self.stats.merge(other.stats);
        for (day, n) in other.decisions_by_day {
            *self.decisions_by_day.entry(day).or_default() += n;
        }
        self.problems.extend(other.problems);
        self.updates.extend(other.updates);
        self.cancelled |= other.cancelled;
        self
    }
}

/// Counts one file's summary as [`AnnotatorStats::add`] counts its set.
fn add_summary(stats: &mut AnnotatorStats, summary: &FileSummary) {
    stats.documents_annotated += 1;
    stats.active_seconds += summary.active_seconds;
    *stats
        .documents_by_progress
        .entry(Progress::of_counts(&summary.status_counts()))
        .or_default() += 1;
    for ((kind, name, status), n) in &summary.counts {
        let table = match kind {
            ItemKind::Mention => &mut stats.mentions,
            ItemKind::Event => &mut stats.events,
            ItemKind::Claim => &mut stats.claims,
        };
        let by_status = match table.get_mut(name) {
            Some(by_status) => by_status,
            None => table.entry(name.clone()).or_default(),
        };
        *by_status.entry(*status).or_default() += *n as usize;
        *stats.totals.entry(*status).or_default() += *n as usize;
    }
}

/// One annotation file's summary: from the cache when its entry is fresh,
/// else read and parsed (and a new entry to record).
pub(crate) fn summarise(
    cache: &SummaryCache,
    annotator: &str,
    id: &DocumentId,
    path: &Path,
) -> Result<(FileSummary, Option<CacheUpdate>), StoreError> {
    let io = |e| StoreError::io("cannot read", path, e);
    let seen_ns = now_ns();
    let mut previous = cache.entry(annotator, id);
    let freshness = match &previous {
        Some(entry) => entry.freshness(path).map_err(io)?,
        None => Freshness::Stale { bytes: None },
    };
    let stale_bytes = match freshness {
        Freshness::Fresh { verified } => {
            if let Some(summary) = previous.as_mut().and_then(|e| e.summary.take()) {
                return Ok((summary, verified.then_some(CacheUpdate::Seen(seen_ns))));
            }
            None
        }
        Freshness::Stale { bytes } => bytes,
    };
    // Stamped before reading: a change after this makes the stamp differ.
    let (stamp, bytes) = match stale_bytes {
        Some(bytes) => (FileStamp::of(path).map_err(io)?, bytes),
        None => {
            let (stamp, bytes) = FileStamp::read_with(path).map_err(io)?;
            (Some(stamp), bytes)
        }
    };
    let summary = summarise_annotation_file(path, &bytes, id, annotator)?;
    let hash = CacheEntry::hash_needed(stamp, seen_ns, previous.as_ref(), &bytes);
    let suggested = CacheEntry::carried_suggested(previous.as_ref(), hash);
    let read = ReadState {
        stamp,
        hash,
        seen_ns,
    };
    let entry = CacheEntry::of_read(read, Some(summary.clone()), suggested);
    Ok((summary, Some(CacheUpdate::Entry(entry))))
}

/// Takes what a job learnt into the cache and saves it, unless the project
/// is of a newer format (`format_version`), whose cache this build must not
/// replace.
pub(crate) fn update_cache(
    cache: &mut SummaryCache,
    format_version: u32,
    annotator: &str,
    updates: Vec<(DocumentId, CacheUpdate)>,
) {
    record_updates(cache, annotator, updates);
    save_cache(cache, format_version);
}

/// Takes what a job learnt of `annotator`'s files into the cache.
fn record_updates(
    cache: &mut SummaryCache,
    annotator: &str,
    updates: Vec<(DocumentId, CacheUpdate)>,
) {
    for (id, update) in updates {
        match update {
            CacheUpdate::Entry(entry) => cache.record(annotator, &id, entry),
            CacheUpdate::Seen(seen_ns) => cache.mark_seen(annotator, &id, seen_ns),
        }
    }
}

/// Saves the cache, unless the project is of a newer format.
fn save_cache(cache: &mut SummaryCache, format_version: u32) {
    if format_version <= FORMAT_VERSION {
        // Derived data: failing to save it loses only time, next run.
        let _ = cache.save();
    }
}

/// How many of an annotator's files `statistics` reads (on all cores) at
/// a time.
const FILES_AT_A_TIME: usize = 1024;

/// What counting one annotator's files reads from.
struct Counting<'a> {
    project: &'a Project,
    cache: &'a SummaryCache,
    annotator: &'a str,
    /// The documents assigned to the annotator.
    assigned: &'a HashSet<&'a DocumentId>,
    control: JobControl<'a>,
}

impl Counting<'_> {
    /// Counts the annotator's file of document `id`, if there is one, into
    /// `partial`.
    fn file(&self, partial: Partial, id: &DocumentId) -> Partial {
        if partial.cancelled || self.control.is_cancelled() {
            return Partial {
                cancelled: true,
                ..partial
            };
        }
        self.control.progress.advance(1);
        let path = self.project.annotations_path(id, self.annotator);
        match summarise(self.cache, self.annotator, id, &path) {
            // No file: nothing to count (told by the read, not a stat first).
            Err(StoreError::Io { source, .. }) if source.kind() == ErrorKind::NotFound => partial,
            Ok((summary, update)) => {
                let mut partial = partial.add(&summary);
                if summary.finished && self.assigned.contains(id) {
                    partial.stats.assigned_finished += 1;
                }
                partial.updates.extend(update.map(|u| (id.clone(), u)));
                partial
            }
            Err(e) => {
                let mut partial = partial;
                partial.problems.push(e.into());
                partial
            }
        }
    }
}

/// Counts everything in `project`'s annotation files.
pub fn statistics(project: &Project, control: JobControl<'_>) -> StatisticsReport {
    let mut report = StatisticsReport {
        stats: ProjectStats {
            project: project.name().to_owned(),
            documents: project.documents().len(),
            ..ProjectStats::default()
        },
        ..StatisticsReport::default()
    };
    for document in project.documents() {
        let language = document.language.as_deref().unwrap_or("unknown");
        *report
            .stats
            .languages
            .entry(language.to_owned())
            .or_default() += 1;
    }
    let annotators = project.annotators();
    let documents = project.documents();
    let mut cache = SummaryCache::load(project.root());
    // An unreadable assignments file is a problem; the counts go on.
    let assignments = project.load_assignments().unwrap_or_else(|e| {
        report.problems.push(e.into());
        crate::model::Assignments::default()
    });
    control
        .progress
        .begin("counting", (documents.len() * annotators.len()) as u64);
    for annotator in annotators {
        let assigned: HashSet<&DocumentId> = assignments.of(&annotator).iter().collect();
        // A batch of files at a time, so that what they teach the cache is
        // taken in (and memory freed) as the count goes.
        let mut partial = Partial::default();
        for batch in documents.chunks(FILES_AT_A_TIME) {
            let counting = Counting {
                project,
                cache: &cache,
                annotator: &annotator,
                assigned: &assigned,
                control,
            };
            let mut counted = batch
                .par_iter()
                .fold(Partial::default, |partial, d| counting.file(partial, &d.id))
                .reduce(Partial::default, Partial::merge);
            record_updates(&mut cache, &annotator, std::mem::take(&mut counted.updates));
            partial = partial.merge(counted);
            if partial.cancelled {
                break;
            }
        }
        // Saved once, after every annotator: the whole cache is written
        // each time, so saving per annotator wrote it over and over.
        report.cancelled |= partial.cancelled;
        report.problems.extend(partial.problems);
        let mut so_far = 0;
        let timeline = partial
            .decisions_by_day
            .into_iter()
            .map(|(day, n)| {
                so_far += n;
                DayCount {
                    day,
                    decisions_so_far: so_far,
                }
            })
            .collect();
        report.timeline.insert(annotator.clone(), timeline);
        let mut stats = partial.stats;
        stats.assigned = assigned.len();
        report.stats.annotators.insert(annotator, stats);
        if report.cancelled {
            break;
        }
    }
    save_cache(&mut cache, project.file.format_version);
    // Annotators with documents assigned but no file yet.
    for (annotator, documents) in &assignments.annotators {
        if !report.cancelled && !report.stats.annotators.contains_key(annotator) {
            report.stats.annotators.insert(
                annotator.clone(),
                AnnotatorStats {
                    assigned: documents.len(),
                    ..AnnotatorStats::default()
                },
            );
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, TEXTS, project};
    use crate::model::StatusKind;
    use crate::progress::{CancelFlag, NoProgress};
    use crate::suggest::Rules;

    #[test]
    fn counts_what_was_saved_and_reports_unreadable_files() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        let suggested = super::super::suggest(
            &mut project,
            ANNOTATOR,
            &crate::engine::Engine::from(suggester.clone()),
            &ids[..2],
            JobControl::unattended(),
        );
        let broken = project.annotations_path(&ids[2], ANNOTATOR);
        std::fs::write(&broken, "not ron").unwrap();
        let report = statistics(&project, JobControl::unattended());
        assert!(!report.cancelled);
        assert_eq!(report.stats.documents, 3);
        assert_eq!(report.stats.languages["unknown"], 3);
        let ana = &report.stats.annotators[ANNOTATOR];
        assert_eq!(ana.documents_annotated, 2);
        assert_eq!(
            ana.totals[&StatusKind::Suggested],
            suggested.counts.total_added()
        );
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].path, broken);
        assert!(report.timeline[ANNOTATOR].is_empty(), "no decision yet");
    }

    #[test]
    fn a_document_without_a_file_is_neither_counted_nor_a_problem() {
        let (_dir, mut project, ids) = project();
        super::super::test_util::finish_with(
            &mut project,
            &ids[0],
            TEXTS[0],
            &[("JNIM", "ARMED_GROUP")],
        );
        // A file counted once, then removed: its cache entry outlives it.
        statistics(&project, JobControl::unattended());
        std::fs::remove_file(project.annotations_path(&ids[0], ANNOTATOR)).unwrap();
        super::super::test_util::finish_with(
            &mut project,
            &ids[1],
            TEXTS[1],
            &[("Wagner", "ARMED_GROUP")],
        );
        let report = statistics(&project, JobControl::unattended());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let ana = &report.stats.annotators[ANNOTATOR];
        assert_eq!(ana.documents_annotated, 1);
        assert_eq!(ana.mentions["ARMED_GROUP"][&StatusKind::Accepted], 1);
    }

    #[test]
    fn a_file_changed_after_it_was_counted_is_counted_again() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        super::super::suggest(
            &mut project,
            ANNOTATOR,
            &crate::engine::Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        let first = statistics(&project, JobControl::unattended());
        let totals = &first.stats.annotators[ANNOTATOR].totals;
        assert_eq!(totals.get(&StatusKind::Rejected), None);
        let open = totals[&StatusKind::Suggested];
        let (mut set, hash) = project.read_annotations(&ids[1], ANNOTATOR).unwrap();
        let at = jiff::Timestamp::now();
        set.mentions[0].review =
            set.mentions[0]
                .review
                .decided(crate::model::Status::Rejected, ANNOTATOR, at);
        project.save_annotations_if_unchanged(&set, hash).unwrap();
        let second = statistics(&project, JobControl::unattended());
        let totals = &second.stats.annotators[ANNOTATOR].totals;
        assert_eq!(totals[&StatusKind::Rejected], 1, "the change is counted");
        assert_eq!(totals[&StatusKind::Suggested], open - 1);
        assert_eq!(
            second.timeline[ANNOTATOR].len(),
            1,
            "one day with a decision"
        );
    }

    #[test]
    fn a_cancelled_count_says_so() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        super::super::suggest(
            &mut project,
            ANNOTATOR,
            &crate::engine::Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        let cancel = CancelFlag::default();
        cancel.cancel();
        let report = statistics(
            &project,
            JobControl {
                progress: &NoProgress,
                cancel: &cancel,
            },
        );
        assert!(report.cancelled);
        assert_eq!(report.stats.annotators[ANNOTATOR].documents_annotated, 0);
    }
}
