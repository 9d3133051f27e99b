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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{stamp, suggestions};
    use crate::edit::{Change, correct, decide};
    use crate::model::{ClaimId, ItemRef, MentionId, Status};

    #[test]
    fn undo_and_redo_restore_each_step_exactly() {
        let (mut set, _) = suggestions();
        let original = set.clone();
        let mut history = History::default();
        let accept = decide(&set, ItemRef::Claim(ClaimId(1)), Status::Accepted, stamp());
        history.commit(accept, &mut set);
        let accepted = set.clone();
        let relabel = correct(
            &set,
            Change::MentionLabel(MentionId(2), "ARMED_GROUP".into()),
            stamp(),
        );
        history.commit(relabel, &mut set);
        let relabelled = set.clone();

        assert!(history.undo(&mut set).is_some());
        assert_eq!(set, accepted);
        assert!(history.undo(&mut set).is_some());
        assert_eq!(set, original);
        assert!(history.undo(&mut set).is_none(), "nothing left to undo");
        assert!(!history.can_undo());

        let redone = history.redo(&mut set).and_then(Transaction::focus);
        assert_eq!(
            redone,
            Some(ItemRef::Claim(ClaimId(1))),
            "what the step touched"
        );
        history.redo(&mut set);
        assert_eq!(set, relabelled);
        assert!(!history.can_redo());
    }

    #[test]
    fn a_new_step_clears_what_could_be_redone() {
        let (mut set, _) = suggestions();
        let mut history = History::default();
        let reject = decide(
            &set,
            ItemRef::Mention(MentionId(3)),
            Status::Rejected,
            stamp(),
        );
        history.commit(reject, &mut set);
        history.undo(&mut set);
        assert!(history.can_redo());
        let accept = decide(
            &set,
            ItemRef::Mention(MentionId(3)),
            Status::Accepted,
            stamp(),
        );
        history.commit(accept, &mut set);
        assert!(!history.can_redo());
        history.commit(Transaction::default(), &mut set);
        history.undo(&mut set);
        assert!(
            set.mention(MentionId(3)).unwrap().review.status.is_open(),
            "an empty transaction is no undo step"
        );
    }
}
