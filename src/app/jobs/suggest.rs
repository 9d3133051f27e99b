//! Suggest documents and save them: the suggesters' candidates merged into
//! an annotator's files (`attest suggest`, and the GUI's "suggest in all
//! documents" for the documents it has not open).
//!
//! Re-running is idempotent (see [`crate::suggest::merge`]): nothing is
//! duplicated, decisions are kept, rejected suggestions are not proposed
//! again. Documents are read, suggested, serialised and written beside
//! their files (temporary files) on every core, a batch at a time; the
//! files are then put in place (renamed) in the order asked for, on one
//! thread while the next batch is suggested on the others, each only if
//! its file is unchanged. Only files that gain something
//! are written. A document whose text or annotation file cannot be read is
//! reported naming the file and its annotation file is never overwritten;
//! a file changed on disk since it was read is not overwritten either. The
//! rest of the batch goes on.
//!
//! With the project's learned models ([`Engine::learned`]), their
//! candidates join the rules': one suggestion per span and label, the best
//! score kept, each naming its recommender; and a text the analysts
//! rejected more often than they confirmed is proposed by none.
//!
//! **Nothing new, nothing read.** Each document's entry in the summary
//! cache ([`SummaryCache`]) carries a suggestion stamp: the fingerprint of
//! the recommenders ([`Engine::fingerprint`]: rules version, schema, catalogue,
//! learned models) whose candidates its annotation file already holds. A
//! document whose file is unchanged since (size, time, inode, and its bytes
//! when recent) and whose recommenders are the same is skipped: its text —
//! and so its id — never changes, so merging again would add nothing.
//!
//! **Durable once per run.** Files are written atomically without a flush
//! each, and the run ends with one flush of the filesystem
//! ([`Project::begin_batch`]; the safety argument is in `store::atomic`).

use rayon::prelude::*;

use crate::engine::Engine;
use crate::model::{DocumentId, FORMAT_VERSION};
use crate::progress::JobControl;
use crate::stats::{Progress, StatusCounts};
use crate::store::{
    FileSummary, Freshness, Pending, Project, Published, ReadState, StoreError, SummaryCache,
    certify_batch, now_ns,
};
use crate::suggest::MergeCounts;

/// Documents suggested on all cores before their files are written.
const BATCH_DOCUMENTS: usize = 256;

/// What suggesting did.
#[derive(Debug, Default)]
pub struct SuggestReport {
    /// Documents asked for.
    pub documents: usize,
    /// Documents whose files were read and suggested (saved or not).
    pub processed: usize,
    /// What was added, over all documents.
    pub counts: MergeCounts,
    /// Each document whose file was written, in the order asked for.
    pub saved: Vec<SavedDocument>,
    /// One per document that could not be read or saved, naming the file.
    pub problems: Vec<StoreError>,
    /// Stopped before the end; what was saved until then stays saved.
    pub cancelled: bool,
    /// Stopped at the first file that could not be written (the last
    /// problem says why); what was saved until then stays saved.
    pub stopped: bool,
    /// Documents skipped: their files already hold these recommenders'
    /// candidates and have not changed since.
    pub unchanged: usize,
}

/// A document whose annotation file the job wrote, and where it now stands
/// (for a document list to show without reading it again).
#[derive(Clone, Debug, PartialEq)]
pub struct SavedDocument {
    pub id: DocumentId,
    pub added: MergeCounts,
    pub status_counts: StatusCounts,
    pub progress: Progress,
}

/// One document read and suggested, before saving.
struct Suggested {
    id: DocumentId,
    annotator: String,
    /// The set's summary after suggesting.
    summary: FileSummary,
    /// The set as its file will hold it, written beside the file, when it
    /// gained something; or why that could not be written.
    prepared: Result<Option<Pending>, StoreError>,
    counts: MergeCounts,
    /// The file as the store read it, and its summary then.
    read: ReadState,
    read_summary: Option<FileSummary>,
    /// Once its file was put in place (or refused): how it went.
    published: Option<Result<Published, StoreError>>,
}

/// What became of one document of a batch.
enum Outcome {
    /// Skipped: nothing changed since its last run (`verified` by reading
    /// its bytes, at the time given).
    Unchanged {
        verified_ns: Option<u64>,
    },
    Suggested(Box<Result<Suggested, StoreError>>),
}

/// Runs the engine's recommenders (the rules alone: `&Engine::from(rules)`,
/// built from `project`'s catalogue and schema) on each of `documents` and saves into
/// `annotator`'s files those that gained a candidate. Documents whose
/// files already hold the same recommenders' candidates and have not
/// changed since are skipped. `project` must be open for writing (a handle
/// from [`Project::handle_for_job`] will do on another thread).
pub fn suggest(
    project: &mut Project,
    annotator: &str,
    engine: &Engine,
    documents: &[DocumentId],
    control: JobControl<'_>,
) -> SuggestReport {
    let mut cache = SummaryCache::load(project.root());
    let stamp = engine.fingerprint();
    project.begin_batch();
    let mut report = suggest_batches(
        project,
        annotator,
        engine,
        documents,
        control,
        (&mut cache, stamp),
    );
    // One flush for the whole run; only after it is the run's work durable.
    if let Err(e) = project.finish_batch() {
        report.problems.push(e);
        report.stopped = true;
    } else if project.file.format_version <= FORMAT_VERSION {
        // Derived data: failing to save it costs only time next run.
        let _ = cache.save();
    }
    report
}

fn suggest_batches(
    project: &mut Project,
    annotator: &str,
    engine: &Engine,
    documents: &[DocumentId],
    control: JobControl<'_>,
    (cache, stamp): (&mut SummaryCache, u64),
) -> SuggestReport {
    // To the second: every item of a run shares it, and a file names it
    // once per item, so nanoseconds would only add bytes.
    let now = jiff::Timestamp::now();
    let now = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
    let mut report = SuggestReport {
        documents: documents.len(),
        ..SuggestReport::default()
    };
    control.progress.begin("suggesting", documents.len() as u64);
    let mut batches = documents.chunks(BATCH_DOCUMENTS);
    // Each batch is suggested on every core while the one before it is put
    // in place (renamed, in order) on this thread, then noted here.
    let mut pending: Option<(&[DocumentId], Vec<Option<Outcome>>)> = None;
    loop {
        report.cancelled |= control.is_cancelled();
        let next = if report.cancelled {
            None
        } else {
            batches.next()
        };
        if next.is_none() && pending.is_none() {
            break;
        }
        if pending
            .as_ref()
            .is_some_and(|(_, results)| has_files(results))
            && let Err(e) = project.mark_current_format()
        {
            // `project.ron` names the format before any file written in it.
            report.problems.push(e);
            report.stopped = true;
            return report;
        }
        let shared: &Project = project;
        let seen: &SummaryCache = cache;
        let (computed, published) = rayon::join(
            || {
                next.map(|batch| {
                    let mut results: Vec<Option<Outcome>> = batch
                        .par_iter()
                        .map(|id| {
                            if control.is_cancelled() {
                                return None;
                            }
                            if let Some(verified_ns) =
                                unchanged_since_run(shared, seen, annotator, id, stamp)
                            {
                                return Some(Outcome::Unchanged { verified_ns });
                            }
                            Some(Outcome::Suggested(Box::new(suggest_one(
                                shared, id, annotator, engine, now,
                            ))))
                        })
                        .collect();
                    certify(&mut results);
                    (batch, results)
                })
            },
            || {
                pending.take().map(|(batch, mut results)| {
                    put_in_place(shared, &mut results);
                    (batch, results)
                })
            },
        );
        if let Some((batch, results)) = published
            && note_batch(
                project,
                (annotator, batch),
                results,
                &mut report,
                (&mut *cache, stamp),
                control,
            )
            .is_break()
        {
            return report;
        }
        pending = computed;
    }
    report
}

/// Whether a batch has files to put in place.
fn has_files(results: &[Option<Outcome>]) -> bool {
    results.iter().any(|outcome| match outcome {
        Some(Outcome::Suggested(result)) => {
            matches!(result.as_ref(), Ok(done) if matches!(done.prepared, Ok(Some(_))))
        }
        _ => false,
    })
}

/// The suggested documents of a batch, in order.
fn suggested(outcome: &mut Option<Outcome>) -> Option<&mut Suggested> {
    match outcome {
        Some(Outcome::Suggested(result)) => result.as_mut().as_mut().ok(),
        _ => None,
    }
}

/// Puts a batch's prepared files in place, in order, each only if its file
/// is unchanged, until the first that cannot be written (an I/O error such
/// as a full disk): the rest of the batch is then dropped with it.
fn put_in_place(project: &Project, results: &mut [Option<Outcome>]) {
    for done in results.iter_mut().filter_map(suggested) {
        let prepared = match &mut done.prepared {
            Err(StoreError::Io { .. }) => return,
            Err(_) => continue,
            Ok(prepared) => prepared.take(),
        };
        let Some(prepared) = prepared else {
            continue;
        };
        let published = project.publish_if_unchanged(prepared, done.read.hash);
        let failed = matches!(published, Err(StoreError::Io { .. }));
        done.published = Some(published);
        if failed {
            return;
        }
    }
}

/// Notes what became of each document of a batch put in place: the report,
/// the summary cache, progress. Breaks at the first file that could not be
/// written (a full disk) rather than fail every file after it.
fn note_batch(
    project: &mut Project,
    (annotator, batch): (&str, &[DocumentId]),
    results: Vec<Option<Outcome>>,
    report: &mut SuggestReport,
    (cache, stamp): (&mut SummaryCache, u64),
    control: JobControl<'_>,
) -> std::ops::ControlFlow<()> {
    for (id, result) in batch.iter().zip(results) {
        let Some(result) = result else {
            report.cancelled = true;
            continue;
        };
        control.progress.advance(1);
        report.processed += 1;
        match result {
            Outcome::Unchanged { verified_ns } => {
                report.unchanged += 1;
                if let Some(seen_ns) = verified_ns {
                    cache.mark_seen(annotator, id, seen_ns);
                }
            }
            Outcome::Suggested(result) => match *result {
                Ok(done) => {
                    if let Err(e) = note_one(project, done, report, (&mut *cache, stamp)) {
                        report.problems.push(e);
                        report.stopped = true;
                        return std::ops::ControlFlow::Break(());
                    }
                }
                Err(e) => report.problems.push(e),
            },
        }
    }
    std::ops::ControlFlow::Continue(())
}

/// Lets the store certify a batch's prepared files before any is put in
/// place (see [`certify_batch`]).
fn certify(results: &mut [Option<Outcome>]) {
    certify_batch(
        results
            .iter_mut()
            .filter_map(suggested)
            .filter_map(|done| done.prepared.as_mut().ok().and_then(Option::as_mut)),
    );
}

/// `Some` when `id`'s file is unchanged since a run of the recommenders
/// `stamp` names (with the time its bytes were verified, when they were).
fn unchanged_since_run(
    project: &Project,
    cache: &SummaryCache,
    annotator: &str,
    id: &DocumentId,
    stamp: u64,
) -> Option<Option<u64>> {
    let entry = cache.entry(annotator, id)?;
    if entry.suggested != Some(stamp) {
        return None;
    }
    let seen_ns = now_ns();
    let path = project.annotations_path(id, annotator);
    match cache.freshness(annotator, id, &path) {
        Ok(Freshness::Fresh { verified }) => Some(verified.then_some(seen_ns)),
        _ => None,
    }
}

fn suggest_one(
    project: &Project,
    id: &DocumentId,
    annotator: &str,
    engine: &Engine,
    now: jiff::Timestamp,
) -> Result<Suggested, StoreError> {
    let text = project.load_text(id)?;
    // An unreadable annotation file ends here: reported, never replaced.
    let (mut set, read) = project.read_annotations_for_update(id, annotator)?;
    let read_summary = read.hash.map(|_| FileSummary::of(&set));
    let counts = engine.suggest_into(&mut set, &text, now);
    // A pathological text would make a file of gigabytes: refused, named.
    if let Some(message) = set.too_many_items() {
        return Err(StoreError::Invalid {
            path: project.annotations_path(id, annotator),
            message,
        });
    }
    // Serialised and written beside its file here, on every core; put in
    // place (renamed) in order when saved.
    let summary = FileSummary::of(&set);
    let prepared = if counts.total_added() > 0 {
        let serialised = project.serialise_annotations_owned(set)?;
        project.prepare_serialised(serialised, read.hash)
    } else {
        Ok(None)
    };
    Ok(Suggested {
        id: id.clone(),
        annotator: annotator.to_owned(),
        summary,
        prepared,
        counts,
        read,
        read_summary,
        published: None,
    })
}

/// Notes one document of a batch put in place: counts what it added, only
/// if its file was saved, and stamps its cache entry with the run's
/// recommenders. A document's own problem is reported here; an error
/// writing the project (full disk, …) is returned to stop the run.
fn note_one(
    project: &mut Project,
    done: Suggested,
    report: &mut SuggestReport,
    (cache, stamp): (&mut SummaryCache, u64),
) -> Result<(), StoreError> {
    let counts = done.counts;
    let (annotator, id) = (done.annotator, done.id);
    let prepared = match done.prepared {
        Ok(prepared) => prepared,
        // The project cannot be written (a full disk): stop the batch.
        Err(e @ StoreError::Io { .. }) => return Err(e),
        Err(e) => {
            report.problems.push(e);
            return Ok(());
        }
    };
    if prepared.is_some() {
        // Not put in place: an earlier file of its batch could not be.
        return Ok(());
    }
    let Some(published) = done.published else {
        report.counts.rejected_skipped += counts.rejected_skipped;
        // The file (or its absence) already holds every candidate.
        cache.record_read(&annotator, &id, done.read, done.read_summary, Some(stamp));
        return Ok(());
    };
    match published {
        Ok(published) => {
            let summary = done.summary;
            let status_counts = summary.status_counts();
            cache.record_published(&annotator, &id, &published, summary, Some(stamp));
            project.record_published(published);
            report.counts.mentions_added += counts.mentions_added;
            report.counts.events_added += counts.events_added;
            report.counts.claims_added += counts.claims_added;
            report.counts.rejected_skipped += counts.rejected_skipped;
            report.saved.push(SavedDocument {
                id,
                added: counts,
                progress: Progress::of_counts(&status_counts),
                status_counts,
            });
            Ok(())
        }
        Err(e @ StoreError::Io { .. }) => Err(e),
        Err(e) => {
            report.problems.push(e);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};
    use crate::progress::{CancelFlag, NoProgress};
    use crate::store::FileStamp;
    use crate::suggest::Rules;

    #[test]
    fn suggests_and_saves_every_document_then_nothing_more() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(!report.cancelled);
        assert_eq!((report.documents, report.processed), (3, 3));
        assert_eq!(report.saved.len(), 3, "each text gets candidates");
        assert!(report.counts.mentions_added >= 3);
        for saved in &report.saved {
            let file = project.annotations_path(&saved.id, ANNOTATOR);
            assert!(file.exists(), "{}", file.display());
            assert_eq!(
                saved.status_counts[&crate::model::StatusKind::Suggested],
                saved.added.total_added()
            );
        }
        // What the cache says of each file it wrote is what is on disk.
        let cache = SummaryCache::load(project.root());
        for id in &ids {
            let path = project.annotations_path(id, ANNOTATOR);
            let entry = cache.entry(ANNOTATOR, id).unwrap();
            assert_eq!(entry.stamp, FileStamp::of(&path).unwrap());
            assert_eq!(Some(entry.hash), crate::store::file_hash(&path).unwrap());
        }
        let again = suggest(
            &mut project,
            ANNOTATOR,
            &Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        assert_eq!(again.counts.total_added(), 0);
        assert!(again.saved.is_empty(), "nothing new, nothing written");
        assert_eq!(again.unchanged, 3, "nothing changed: nothing read");
    }

    #[test]
    fn a_document_edited_since_its_run_is_suggested_again() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        let run = |project: &mut Project| {
            suggest(
                project,
                ANNOTATOR,
                &Engine::from(suggester.clone()),
                &ids,
                JobControl::unattended(),
            )
        };
        let first = run(&mut project);
        assert_eq!(first.saved.len(), 3);
        let (mut set, hash) = project.read_annotations(&ids[0], ANNOTATOR).unwrap();
        let removed = set.mentions.remove(0);
        set.events.clear();
        set.claims.clear();
        project.save_annotations_if_unchanged(&set, hash).unwrap();
        let again = run(&mut project);
        assert_eq!(again.unchanged, 2, "the others are skipped");
        let saved: Vec<&DocumentId> = again.saved.iter().map(|s| &s.id).collect();
        assert_eq!(saved, [&ids[0]]);
        let (set, _) = project.read_annotations(&ids[0], ANNOTATOR).unwrap();
        assert!(set.mentions.iter().any(|m| m.span == removed.span));
    }

    #[test]
    fn an_unreadable_annotation_file_is_reported_and_left_as_it_is() {
        let (_dir, mut project, ids) = project();
        let broken = project.annotations_path(&ids[1], ANNOTATOR);
        std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
        let bytes = b"(document: \"broken".to_vec();
        std::fs::write(&broken, &bytes).unwrap();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        assert_eq!(report.problems.len(), 1);
        let message = report.problems[0].to_string();
        assert!(message.contains(&broken.display().to_string()), "{message}");
        assert_eq!(std::fs::read(&broken).unwrap(), bytes, "byte-identical");
        let saved: Vec<&DocumentId> = report.saved.iter().map(|s| &s.id).collect();
        assert_eq!(saved, [&ids[0], &ids[2]], "the batch goes on, in order");
    }

    #[test]
    fn a_cancelled_job_stops_and_says_so() {
        let (_dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        let cancel = CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &Engine::from(suggester.clone()),
            &ids,
            control,
        );
        assert!(report.cancelled);
        assert_eq!(report.processed, 0);
        assert!(report.saved.is_empty());
        assert!(!project.annotations_path(&ids[0], ANNOTATOR).exists());
    }

    #[test]
    fn the_gui_suggests_open_documents_as_undo_steps_and_the_others_in_the_background() {
        let (dir, project, ids) = project();
        drop(project);
        let mut workspace = crate::app::Workspace::open(dir.path(), ANNOTATOR).unwrap();
        workspace.wait_for_summaries();
        workspace.project.file.settings.suggest_on_open = false;
        workspace.select_document(&ids[0]).unwrap();
        workspace.start_suggest_all();
        assert!(
            workspace.docs.current().unwrap().can_undo(),
            "the open document got an undoable step at once"
        );
        let summary = loop {
            if let Some(summary) = workspace.poll_suggest_all() {
                break summary;
            }
            assert!(workspace.learning.suggest_all_progress().is_some());
            std::thread::yield_now();
        };
        assert!(
            summary.ends_with("in 3 document(s), 0 error(s)"),
            "{summary}"
        );
        assert_eq!(workspace.learning.suggest_all_progress(), None);
        assert!(
            workspace.docs.has_unsaved(),
            "the open document saves as an edit"
        );
        for id in &ids[1..] {
            assert!(workspace.project.annotations_path(id, ANNOTATOR).exists());
            assert!(workspace.list.summaries[id].open_suggestions > 0);
        }
    }
}
