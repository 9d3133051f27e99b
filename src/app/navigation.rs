//! Moving through the project: to the next or previous document, and
//! through the current document's items in reading order (hiding rejected
//! ones when asked), to the next open suggestion after a decision.

use crate::model::{ItemRef, Review, Span, Status};
use crate::store::StoreError;

use super::Workspace;

impl Workspace {
    /// Selects the document `step` places away in the list (wrapping).
    pub fn step_document(&mut self, step: isize) -> Result<(), StoreError> {
        let documents = self.project.documents();
        if documents.is_empty() {
            return Ok(());
        }
        let len = documents.len() as isize;
        let index = self
            .current_id()
            .and_then(|id| documents.iter().position(|d| &d.id == id))
            .map_or(0, |i| (i as isize + step).rem_euclid(len));
        let id = documents[index as usize].id.clone();
        self.select_document(&id)
    }

    /// The current document's items in reading order (rejected ones only
    /// when they are shown).
    pub fn items_in_order(&self) -> Vec<ItemRef> {
        let Some(doc) = self.current() else {
            return Vec::new();
        };
        doc.reading_order()
            .iter()
            .copied()
            .filter(|&item| {
                self.show_rejected
                    || doc
                        .review(item)
                        .is_some_and(|r| r.status != Status::Rejected)
            })
            .collect()
    }

    /// The review of an item of the current document.
    pub fn review_of(&self, item: ItemRef) -> Option<&Review> {
        self.current()?.review(item)
    }

    /// The span that shows an item in the text.
    pub fn span_of(&self, item: ItemRef) -> Option<Span> {
        self.current()?.span(item)
    }

    /// The first open suggestion after `after` in reading order, wrapping
    /// to the first one.
    pub(super) fn next_open_suggestion(&self, after: Option<ItemRef>) -> Option<ItemRef> {
        let items = self.items_in_order();
        let open: Vec<bool> = items
            .iter()
            .map(|&i| self.review_of(i).is_some_and(|r| r.status.is_open()))
            .collect();
        let start = after
            .and_then(|a| items.iter().position(|&i| i == a))
            .map_or(0, |p| p + 1);
        (start..items.len())
            .chain(0..start)
            .find(|&i| open[i])
            .map(|i| items[i])
    }

    /// Moves the focus `step` items in reading order.
    pub fn step_focus(&mut self, step: isize) {
        let items = self.items_in_order();
        if items.is_empty() {
            self.focus = None;
            return;
        }
        let len = items.len() as isize;
        let index = match self.focus.and_then(|f| items.iter().position(|&i| i == f)) {
            Some(i) => (i as isize + step).rem_euclid(len),
            None if step >= 0 => 0,
            None => len - 1,
        };
        self.focus = Some(items[index as usize]);
    }
}
