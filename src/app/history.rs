//! Undo as a history of invertible edits, not of frames.
//!
//! An [`Edit`] replaces one item (mention, event or claim) by id: inserting
//! is `None → Some`, deleting `Some → None`. Its inverse swaps the two sides,
//! so undo and redo are the same operation. A [`Transaction`] groups the
//! edits of one command.

use crate::model::{AnnotationSet, Claim, Event, Mention};

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    Mention {
        before: Option<Mention>,
        after: Option<Mention>,
    },
    Event {
        before: Option<Event>,
        after: Option<Event>,
    },
    Claim {
        before: Option<Claim>,
        after: Option<Claim>,
    },
}

impl Edit {
    fn inverse(&self) -> Self {
        match self.clone() {
            Edit::Mention { before, after } => Edit::Mention {
                before: after,
                after: before,
            },
            Edit::Event { before, after } => Edit::Event {
                before: after,
                after: before,
            },
            Edit::Claim { before, after } => Edit::Claim {
                before: after,
                after: before,
            },
        }
    }

    fn apply(&self, set: &mut AnnotationSet) {
        match self {
            Edit::Mention { before, after } => {
                let id = before.as_ref().or(after.as_ref()).map(|m| m.id);
                replace(&mut set.mentions, id, after.clone(), |m| m.id);
            }
            Edit::Event { before, after } => {
                let id = before.as_ref().or(after.as_ref()).map(|e| e.id);
                replace(&mut set.events, id, after.clone(), |e| e.id);
            }
            Edit::Claim { before, after } => {
                let id = before.as_ref().or(after.as_ref()).map(|c| c.id);
                replace(&mut set.claims, id, after.clone(), |c| c.id);
            }
        }
    }
}

/// Replaces the item with `id` by `after` (removing it when `after` is
/// `None`, appending when there was none), keeping the others in place.
fn replace<T, I: PartialEq>(
    items: &mut Vec<T>,
    id: Option<I>,
    after: Option<T>,
    id_of: impl Fn(&T) -> I,
) {
    let Some(id) = id else { return };
    let position = items.iter().position(|item| id_of(item) == id);
    match (position, after) {
        (Some(i), Some(item)) => items[i] = item,
        (Some(i), None) => {
            items.remove(i);
        }
        (None, Some(item)) => items.push(item),
        (None, None) => {}
    }
}

/// The edits of one command, undone and redone together.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transaction {
    pub edits: Vec<Edit>,
}

impl Transaction {
    pub fn apply(&self, set: &mut AnnotationSet) {
        for edit in &self.edits {
            edit.apply(set);
        }
    }

    fn inverse(&self) -> Self {
        Self {
            edits: self.edits.iter().rev().map(Edit::inverse).collect(),
        }
    }
}

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
