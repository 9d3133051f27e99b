//! Article import: text and JSON-lines files (or folders of them) read and
//! added to a project as documents (`attest import` without `--format`,
//! and the GUI's import).
//!
//! Files are read on all cores, a batch at a time, and added in the order
//! given. Each bad file or record is one problem naming it; the rest of the
//! batch goes on — except when the project cannot be written (a full
//! disk): then the batch stops at the first failure, one problem. The same
//! text imported twice is one document. Files are flushed to disk once, at
//! the end ([`Project::begin_batch`]), not one by one.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::ingest::{self, ImportError, ImportLimits};
use crate::model::Document;
use crate::progress::JobControl;
use crate::store::{Added, Project, StoreError};

/// Files read on all cores before their documents are added.
const BATCH_FILES: usize = 64;

/// A file or record that could not be imported, or a document that could
/// not be written; each names its file.
#[derive(Debug, thiserror::Error)]
pub enum ImportProblem {
    #[error(transparent)]
    Read(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What importing did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// Files found (folders walked).
    pub files: usize,
    pub added: usize,
    /// Documents whose text was already in the project.
    pub already_present: usize,
    /// Files in folders passed over for their extension.
    pub skipped: Vec<PathBuf>,
    pub problems: Vec<ImportProblem>,
    /// Stopped before the end; what was added stays added.
    pub cancelled: bool,
    /// Stopped at the first document that could not be written (the last
    /// problem says why); what was added before stays added.
    pub stopped: bool,
}

/// Imports the articles at `paths` into `project` (open for writing).
pub fn import_articles(
    project: &mut Project,
    paths: &[PathBuf],
    control: JobControl<'_>,
) -> ImportReport {
    project.begin_batch();
    let mut report = import_batches(project, paths, control);
    if let Err(e) = project.finish_batch() {
        report.problems.push(e.into());
        report.stopped = true;
    }
    report
}

fn import_batches(
    project: &mut Project,
    paths: &[PathBuf],
    control: JobControl<'_>,
) -> ImportReport {
    let limits = ImportLimits {
        max_document_bytes: project.file.settings.max_document_bytes,
    };
    let (files, skipped, collect_errors) = ingest::collect_files(paths);
    let mut report = ImportReport {
        files: files.len(),
        skipped,
        problems: collect_errors
            .into_iter()
            .map(ImportProblem::from)
            .collect(),
        ..ImportReport::default()
    };
    control.progress.begin("importing", files.len() as u64);
    'batches: for batch in files.chunks(BATCH_FILES) {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let read: Vec<(Vec<Document>, Vec<ImportError>)> = batch
            .par_iter()
            .map(|file| ingest::read_file(file, limits))
            .collect();
        for (documents, errors) in read {
            report
                .problems
                .extend(errors.into_iter().map(ImportProblem::from));
            for document in documents {
                match project.add_document(document) {
                    Ok(Added::New(_)) => report.added += 1,
                    Ok(Added::AlreadyPresent(_)) => report.already_present += 1,
                    // This document's problem (its metadata is unreadable).
                    Err(e @ StoreError::Invalid { .. }) => report.problems.push(e.into()),
                    // The project cannot be written (a full disk): every
                    // next document would fail the same way, so stop here.
                    Err(e) => {
                        report.problems.push(e.into());
                        report.stopped = true;
                        break 'batches;
                    }
                }
            }
            control.progress.advance(1);
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{TEXTS, project};
    use crate::progress::{CancelFlag, NoProgress};

    #[test]
    fn imports_new_texts_counts_known_ones_and_reports_bad_files() {
        let (dir, mut project, _ids) = project();
        let articles = dir.path().join("articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::write(articles.join("a.txt"), "Gunmen attacked Djibo on Monday.").unwrap();
        std::fs::write(articles.join("b.txt"), TEXTS[0]).unwrap();
        std::fs::write(articles.join("empty.txt"), "").unwrap();
        std::fs::write(articles.join("notes.md"), "skip me").unwrap();
        let report = import_articles(&mut project, &[articles], JobControl::unattended());
        assert!(!report.cancelled);
        assert_eq!((report.added, report.already_present), (1, 1));
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0].to_string().contains("empty.txt"));
        assert_eq!(report.skipped.len(), 1);
        assert_eq!(project.documents().len(), TEXTS.len() + 1);
    }

    #[test]
    fn a_cancelled_import_adds_nothing_more_and_says_so() {
        let (dir, mut project, _ids) = project();
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "Gunmen attacked Djibo on Monday.").unwrap();
        let cancel = CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let report = import_articles(&mut project, &[file], control);
        assert!(report.cancelled);
        assert_eq!(report.added, 0);
        assert_eq!(project.documents().len(), TEXTS.len());
    }
}
