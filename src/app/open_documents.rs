//! The documents open in the workspace and where the analyst is in them:
//! which one is current, its focused item, whether rejected items show,
//! and whether the edits are saved. Each [`OpenDocument`] keeps its own
//! undo history; an edit names the document it is for, so any open
//! document can be edited, not only the current one. Moving through the
//! current document's items is in `navigation.rs`.

use std::collections::HashMap;

use crate::edit::Transaction;
use crate::model::{DocumentId, ItemRef};
use crate::store::{Project, StoreError};

use super::OpenDocument;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    /// The last save failed; edits stay in memory and the save is retried.
    Error(String),
}

/// The documents loaded for annotation, the current one and its focus.
#[derive(Debug)]
pub struct OpenDocuments {
    open: HashMap<DocumentId, OpenDocument>,
    current: Option<DocumentId>,
    /// The focused item of the current document.
    pub focus: Option<ItemRef>,
    pub show_rejected: bool,
    pub save_state: SaveState,
}

impl Default for OpenDocuments {
    fn default() -> Self {
        Self {
            open: HashMap::new(),
            current: None,
            focus: None,
            show_rejected: true,
            save_state: SaveState::Saved,
        }
    }
}

impl OpenDocuments {
    pub fn current_id(&self) -> Option<&DocumentId> {
        self.current.as_ref()
    }

    pub fn current(&self) -> Option<&OpenDocument> {
        self.current.as_ref().and_then(|id| self.open.get(id))
    }

    /// Credits `seconds` of the analyst's work to the current document.
    pub fn add_active_time(&mut self, seconds: f64) {
        if let Some(doc) = self.current.as_ref().and_then(|id| self.open.get_mut(id)) {
            doc.add_active_time(seconds);
        }
    }

    /// An open document, current or not.
    pub fn get(&self, id: &DocumentId) -> Option<&OpenDocument> {
        self.open.get(id)
    }

    pub fn is_open(&self, id: &DocumentId) -> bool {
        self.open.contains_key(id)
    }

    /// Every open document, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&DocumentId, &OpenDocument)> {
        self.open.iter()
    }

    /// Keeps a document just loaded; one that starts with unsaved
    /// annotations (the suggesters' first candidates) makes the state unsaved.
    pub(super) fn insert(&mut self, id: DocumentId, document: OpenDocument) {
        if document.is_dirty() {
            self.save_state = SaveState::Unsaved;
        }
        self.open.insert(id, document);
    }

    /// Makes an open document current and focuses its first open suggestion.
    pub(super) fn make_current(&mut self, id: DocumentId) {
        self.current = Some(id);
        self.focus = self.next_open_suggestion(None);
    }

    /// No document is current any more; returns the one that was.
    pub(super) fn take_current(&mut self) -> Option<DocumentId> {
        self.current.take()
    }

    /// Closes every open document (the current one stays named current
    /// until it is selected again).
    pub(super) fn close_all(&mut self) {
        self.open.clear();
        self.focus = None;
    }

    /// Closes the documents without unsaved edits; returns the ids of those
    /// kept open, sorted.
    pub(super) fn close_unedited(&mut self) -> Vec<DocumentId> {
        self.open.retain(|_, doc| doc.is_dirty());
        let mut kept: Vec<DocumentId> = self.open.keys().cloned().collect();
        kept.sort();
        kept
    }

    /// Records a transaction on the open document `id` as one undo step;
    /// returns whether anything changed.
    pub(super) fn commit(&mut self, id: &DocumentId, transaction: Transaction) -> bool {
        let Some(doc) = self.open.get_mut(id) else {
            return false;
        };
        let changed = doc.commit(transaction);
        if changed {
            self.save_state = SaveState::Unsaved;
        }
        changed
    }

    /// Undoes (or redoes) the current document's last transaction and
    /// focuses what it touched; returns whether there was one.
    pub(super) fn step_history(&mut self, forward: bool) -> bool {
        let Some(doc) = self.current.as_ref().and_then(|id| self.open.get_mut(id)) else {
            return false;
        };
        let Some(focus) = doc.step_history(forward) else {
            return false;
        };
        // Undoing the finished mark keeps the focus where it was.
        if focus.is_some() {
            self.focus = focus;
        }
        self.save_state = SaveState::Unsaved;
        true
    }

    /// Whether any open document has unsaved edits.
    pub fn has_unsaved(&self) -> bool {
        self.open.values().any(OpenDocument::is_dirty)
    }

    /// Whether a document holds time spent on it not saved yet (written
    /// with the next save, or by Save on its own).
    pub fn has_unsaved_time(&self) -> bool {
        self.open.values().any(OpenDocument::has_unsaved_time)
    }

    /// Saves every document with unsaved edits into `project`; returns how
    /// many files were written. On failure the edits stay in memory and the
    /// error is kept in [`Self::save_state`] (and returned) so that the
    /// shell can retry.
    pub fn save_dirty(&mut self, project: &mut Project) -> Result<usize, StoreError> {
        let mut written = 0;
        let mut dirty: Vec<&mut OpenDocument> = self
            .open
            .values_mut()
            .filter(|d| d.is_dirty() || d.has_unsaved_time())
            .collect();
        dirty.sort_by(|a, b| a.document.id.cmp(&b.document.id));
        for doc in dirty {
            let before = doc.annotations.active_seconds;
            doc.fold_active_time();
            let saved = project.save_annotations(&doc.annotations);
            if saved.is_err() {
                // Kept for the next try, not counted twice.
                doc.active += (doc.annotations.active_seconds - before) as f64;
                doc.annotations.active_seconds = before;
            }
            match saved {
                Ok(wrote) => {
                    written += usize::from(wrote);
                    doc.saved_revision = doc.revision;
                }
                Err(e) => {
                    self.save_state = SaveState::Error(e.to_string());
                    return Err(e);
                }
            }
        }
        self.save_state = SaveState::Saved;
        Ok(written)
    }
}
