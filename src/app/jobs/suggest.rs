//! Suggest documents and save them: the suggesters' candidates merged into
//! an annotator's files (`attest suggest`, and the GUI's "suggest in all
//! documents" for the documents it has not open).
//!
//! Re-running is idempotent (see [`crate::suggest::merge`]): nothing is
//! duplicated, decisions are kept, rejected suggestions are not proposed
//! again. Documents are read and suggested on every core, a batch at a
//! time, and saved in the order asked for. Only files that gain something
//! are written. A document whose text or annotation file cannot be read is
//! reported naming the file and its annotation file is never overwritten;
//! a file changed on disk since it was read is not overwritten either. The
//! rest of the batch goes on.

use rayon::prelude::*;

use crate::model::{AnnotationSet, DocumentId};
use crate::progress::JobControl;
use crate::stats::{Progress, StatusCounts};
use crate::store::{Project, StoreError};
use crate::suggest::{MergeCounts, Suggester, suggest_into};

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
    set: AnnotationSet,
    read_hash: Option<u64>,
    counts: MergeCounts,
}

/// Runs `suggester` on each of `documents` and saves into `annotator`'s
/// files those that gained a candidate. `project` must be open for writing
/// (a handle from [`Project::handle_for_job`] will do on another thread).
pub fn suggest(
    project: &mut Project,
    annotator: &str,
    suggester: &Suggester,
    documents: &[DocumentId],
    control: JobControl<'_>,
) -> SuggestReport {
    let now = jiff::Timestamp::now();
    let mut report = SuggestReport {
        documents: documents.len(),
        ..SuggestReport::default()
    };
    control.progress.begin("suggesting", documents.len() as u64);
    for batch in documents.chunks(BATCH_DOCUMENTS) {
        let shared: &Project = project;
        let results: Vec<Option<Result<Suggested, StoreError>>> = batch
            .par_iter()
            .map(|id| {
                if control.is_cancelled() {
                    return None;
                }
                Some(suggest_one(shared, id, annotator, suggester, now))
            })
            .collect();
        for result in results {
            let Some(result) = result else {
                report.cancelled = true;
                continue;
            };
            control.progress.advance(1);
            match result {
                Ok(done) => {
                    report.processed += 1;
                    if let Err(e) = save_one(project, done, &mut report) {
                        // The project cannot be written (a full disk): stop
                        // at the first failure rather than fail every file.
                        report.problems.push(e);
                        report.stopped = true;
                        return report;
                    }
                }
                Err(e) => {
                    report.processed += 1;
                    report.problems.push(e);
                }
            }
        }
        if report.cancelled || control.is_cancelled() {
            report.cancelled = true;
            break;
        }
    }
    report
}

fn suggest_one(
    project: &Project,
    id: &DocumentId,
    annotator: &str,
    suggester: &Suggester,
    now: jiff::Timestamp,
) -> Result<Suggested, StoreError> {
    let text = project.load_text(id)?;
    // An unreadable annotation file ends here: reported, never replaced.
    let (mut set, read_hash) = project.read_annotations(id, annotator)?;
    let counts = suggest_into(&mut set, &text, suggester, now);
    Ok(Suggested {
        set,
        read_hash,
        counts,
    })
}

/// Saves one document and counts what it added, only once it is saved. A
/// document's own problem is reported here; an error writing the project
/// (full disk, …) is returned to stop the batch.
fn save_one(
    project: &mut Project,
    done: Suggested,
    report: &mut SuggestReport,
) -> Result<(), StoreError> {
    let counts = done.counts;
    if counts.total_added() == 0 {
        report.counts.rejected_skipped += counts.rejected_skipped;
        return Ok(());
    }
    match project.save_annotations_if_unchanged(&done.set, done.read_hash) {
        Ok(_) => {
            report.counts.mentions_added += counts.mentions_added;
            report.counts.events_added += counts.events_added;
            report.counts.claims_added += counts.claims_added;
            report.counts.rejected_skipped += counts.rejected_skipped;
            report.saved.push(SavedDocument {
                id: done.set.document.clone(),
                added: counts,
                status_counts: done.set.count_by_status(),
                progress: Progress::of(&done.set),
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

    #[test]
    fn suggests_and_saves_every_document_then_nothing_more() {
        let (_dir, mut project, ids) = project();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
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
        let again = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        assert_eq!(again.counts.total_added(), 0);
        assert!(again.saved.is_empty(), "nothing new, nothing written");
    }

    #[test]
    fn an_unreadable_annotation_file_is_reported_and_left_as_it_is() {
        let (_dir, mut project, ids) = project();
        let broken = project.annotations_path(&ids[1], ANNOTATOR);
        std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
        let bytes = b"(document: \"broken".to_vec();
        std::fs::write(&broken, &bytes).unwrap();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
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
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let cancel = CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let report = suggest(&mut project, ANNOTATOR, &suggester, &ids, control);
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
            workspace.current().unwrap().can_undo(),
            "the open document got an undoable step at once"
        );
        let summary = loop {
            if let Some(summary) = workspace.poll_suggest_all() {
                break summary;
            }
            assert!(workspace.suggest_all_progress().is_some());
            std::thread::yield_now();
        };
        assert!(
            summary.ends_with("in 3 document(s), 0 error(s)"),
            "{summary}"
        );
        assert_eq!(workspace.suggest_all_progress(), None);
        assert!(
            workspace.has_unsaved(),
            "the open document saves as an edit"
        );
        for id in &ids[1..] {
            assert!(workspace.project.annotations_path(id, ANNOTATOR).exists());
            assert!(workspace.summaries[id].open_suggestions > 0);
        }
    }
}
