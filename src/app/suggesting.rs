//! Suggesting from the workspace: in an open document as one undoable
//! step, and in all documents — the open ones on this thread, the others
//! by [`jobs::suggest`](super::jobs::suggest) on a background thread,
//! taken in when it is done. The engine and the running job are kept by
//! [`super::Learning`].

use crate::model::DocumentId;
use crate::store::{Problem, StoreError};

use super::Workspace;
use super::learning::SuggestAllJob;

impl Workspace {
    /// Runs the suggesters on the current document as one undoable step;
    /// returns how many candidates were added.
    pub fn suggest_current(&mut self) -> Result<usize, StoreError> {
        let Some(id) = self.docs.current_id().cloned() else {
            return Ok(0);
        };
        self.suggest_open_document(&id)
    }

    /// Suggests in a document open in the workspace, as one undoable step;
    /// when it is the current one and nothing is focused, focuses the first
    /// open suggestion. Returns how many candidates were added.
    fn suggest_open_document(&mut self, id: &DocumentId) -> Result<usize, StoreError> {
        let Some(doc) = self.docs.get(id) else {
            return Ok(0);
        };
        let mut set = doc.annotations.clone();
        let text = doc.document.text.clone();
        let added = self
            .learning
            .suggest_into(&self.project, &mut set, &text)?
            .total_added();
        self.replace_annotations(id, set);
        if self.docs.current_id() == Some(id) {
            self.docs.focus_first_if_none();
        }
        Ok(added)
    }

    /// Starts "suggest in all documents": each document open in the
    /// workspace gets one undoable step now; the others are suggested and
    /// saved on a background thread by
    /// [`jobs::suggest`](super::jobs::suggest), as `attest suggest` does. [`Self::poll_suggest_all`] takes in the result.
    pub fn start_suggest_all(&mut self) {
        if self.learning.is_suggesting_all() {
            return;
        }
        let (open_at_start, in_background): (Vec<DocumentId>, Vec<DocumentId>) = self
            .project
            .documents()
            .iter()
            .map(|d| d.id.clone())
            .partition(|id| self.docs.is_open(id));
        let (mut added_in_open, mut errors_in_open) = (0, 0);
        for id in &open_at_start {
            match self.suggest_open_document(id) {
                Ok(added) => added_in_open += added,
                Err(e) => {
                    errors_in_open += 1;
                    self.problems.push(e.into());
                }
            }
        }
        let count = in_background.len();
        let job =
            self.learning
                .suggest_in_background(&self.project, &self.annotator, in_background);
        self.learning.begin_suggest_all(SuggestAllJob {
            job,
            open_at_start,
            in_background: count,
            added_in_open,
            errors_in_open,
        });
    }

    /// Takes in "suggest in all documents" once the background job is done
    /// (never blocks): the document list shows what was saved, documents
    /// opened meanwhile get their undoable step, and the summary is
    /// returned. `None` while it runs (or when none was started).
    pub fn poll_suggest_all(&mut self) -> Option<String> {
        let (all, report) = self.learning.finish_suggest_all(&self.project)?;
        for saved in &report.saved {
            if !self.docs.is_open(&saved.id) {
                self.list
                    .record_counts(saved.id.clone(), saved.progress, &saved.status_counts);
            }
        }
        // Opened while the job ran: the open copy may predate the job's
        // save, so it gets the suggestions as an undoable step (adding
        // nothing where it already has them).
        let opened_meanwhile: Vec<DocumentId> = self
            .docs
            .iter()
            .map(|(id, _)| id)
            .filter(|id| !all.open_at_start.contains(id))
            .cloned()
            .collect();
        let mut errors = all.errors_in_open + report.problems.len();
        for id in &opened_meanwhile {
            if let Err(e) = self.suggest_open_document(id) {
                errors += 1;
                self.problems.push(e.into());
            }
        }
        self.problems
            .extend(report.problems.into_iter().map(Problem::from));
        let cancelled = if report.cancelled { ", cancelled" } else { "" };
        Some(format!(
            "suggested {} candidate(s) in {} document(s), {errors} error(s){cancelled}",
            all.added_in_open + report.counts.total_added(),
            all.open_at_start.len() + all.in_background,
        ))
    }
}
