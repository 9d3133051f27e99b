//! Undo as a history of invertible edits, not of frames: each command's
//! [`Transaction`] (built by the pure `edit` core) is recorded per document,
//! and undoing applies its inverse, so undo and redo are the same operation.

use crate::edit::Transaction;
use crate::model::AnnotationSet;

/// Undo and redo stacks of one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Transaction>,
    redo: Vec<Transaction>,
}

impl History {
    /// Applies a transaction and records it; clears what could be redone.
    pub fn commit(&mut self, transaction: Transaction, set: &mut AnnotationSet) {
        if transaction.edits.is_empty() {
            return;
        }
        transaction.apply(set);
        self.undo.push(transaction);
        self.redo.clear();
    }

    /// Undoes the last transaction; returns it, or `None` when there is none.
    pub fn undo(&mut self, set: &mut AnnotationSet) -> Option<&Transaction> {
        let transaction = self.undo.pop()?;
        transaction.inverse().apply(set);
        self.redo.push(transaction);
        self.redo.last()
    }

    /// Redoes the last undone transaction.
    pub fn redo(&mut self, set: &mut AnnotationSet) -> Option<&Transaction> {
        let transaction = self.redo.pop()?;
        transaction.apply(set);
        self.undo.push(transaction);
        self.undo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
