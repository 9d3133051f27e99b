//! Mark a document finished for an annotator, or take the mark back
//! (`attest finish`, and the GUI's finish command).
//!
//! A finished document asserts that its annotation is complete: text with
//! no gold mention is then a negative example for the recommenders. The
//! mark lives in the annotator's file (see [`crate::model::Finished`]); a
//! document with no annotation at all can be finished too (nothing to find
//! in it is an answer). The file is saved only if it still holds what was
//! read, so an edit saved meanwhile is never overwritten.

use crate::model::{DocumentId, Finished};
use crate::store::{Project, StoreError};

/// What [`finish`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishReport {
    pub document: DocumentId,
    /// Whether the document is finished now.
    pub finished: bool,
    /// Whether the file changed (false when it already was as asked).
    pub changed: bool,
    /// Gold mentions the finished document holds (accepted or corrected).
    pub gold_mentions: usize,
    /// Suggestions still open in it: finishing does not decide them.
    pub open_suggestions: usize,
}

/// Marks `document` finished (`finished: true`) or unfinished for
/// `annotator`, and saves the file.
pub fn finish(
    project: &mut Project,
    annotator: &str,
    document: &DocumentId,
    finished: bool,
) -> Result<FinishReport, StoreError> {
    if project.document_entry(document).is_none() {
        return Err(StoreError::Invalid {
            path: project.text_path(document),
            message: format!("no document {document} in the project"),
        });
    }
    let (mut set, read_hash) = project.read_annotations(document, annotator)?;
    let changed = set.is_finished() != finished;
    if changed {
        set.finished = finished.then(|| Finished {
            by: annotator.to_owned(),
            at: jiff::Timestamp::now(),
        });
        project.save_annotations_if_unchanged(&set, read_hash)?;
    }
    Ok(FinishReport {
        document: document.clone(),
        finished,
        changed,
        gold_mentions: set
            .mentions
            .iter()
            .filter(|m| m.review.status.is_gold())
            .count(),
        open_suggestions: set
            .mentions
            .iter()
            .filter(|m| m.review.status.is_open())
            .count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};

    #[test]
    fn finishing_marks_the_file_and_undoing_takes_the_mark_back() {
        let (_dir, mut project, ids) = project();
        let report = finish(&mut project, ANNOTATOR, &ids[0], true).unwrap();
        assert!(report.finished && report.changed);
        let set = project.load_annotations(&ids[0], ANNOTATOR).unwrap();
        assert!(set.is_finished(), "an empty document can be finished");
        assert_eq!(set.finished.unwrap().by, ANNOTATOR);
        let again = finish(&mut project, ANNOTATOR, &ids[0], true).unwrap();
        assert!(!again.changed);
        let undone = finish(&mut project, ANNOTATOR, &ids[0], false).unwrap();
        assert!(undone.changed && !undone.finished);
        assert!(
            !project
                .load_annotations(&ids[0], ANNOTATOR)
                .unwrap()
                .is_finished()
        );
        let missing = DocumentId::for_text("not in the project");
        let error = finish(&mut project, ANNOTATOR, &missing, true).unwrap_err();
        assert!(error.to_string().contains("no document"), "{error}");
    }
}
