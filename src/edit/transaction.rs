//! Edits as data: an [`Edit`] replaces one item (mention, event or claim)
//! by id — inserting is `None → Some`, deleting `Some → None` — and its
//! inverse swaps the two sides, so undo and redo are the same operation.
//! The document's finished mark is replaced the same way. A
//! [`Transaction`] groups the edits of one command.

use crate::model::{
    AnnotationSet, Claim, ClaimId, Event, EventId, Finished, ItemRef, Mention, MentionId, Note,
    Relation,
};

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
    /// A typed relation drawn, changed or taken away.
    Relation {
        before: Option<Relation>,
        after: Option<Relation>,
    },
    /// A note on an item written, changed or taken away (one per item
    /// and kind).
    Note {
        before: Option<Note>,
        after: Option<Note>,
    },
    /// The document marked finished (`None → Some`) or no longer.
    Finished {
        before: Option<Finished>,
        after: Option<Finished>,
    },
}

impl Edit {
    /// The edit that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Self {
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
            Edit::Relation { before, after } => Edit::Relation {
                before: after,
                after: before,
            },
            Edit::Note { before, after } => Edit::Note {
                before: after,
                after: before,
            },
            Edit::Finished { before, after } => Edit::Finished {
                before: after,
                after: before,
            },
        }
    }

    pub fn apply(&self, set: &mut AnnotationSet) {
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
            Edit::Relation { before, after } => {
                let id = before.as_ref().or(after.as_ref()).map(|r| r.id);
                replace(&mut set.relations, id, after.clone(), |r| r.id);
            }
            Edit::Note { before, after } => {
                let key = before
                    .as_ref()
                    .or(after.as_ref())
                    .map(|n| (n.target, n.kind.clone()));
                replace(&mut set.notes, key, after.clone(), |n| {
                    (n.target, n.kind.clone())
                });
            }
            Edit::Finished { after, .. } => set.finished.clone_from(after),
        }
    }

    /// The item the edit touches (for a relation, the item it is drawn
    /// from); `None` for the finished mark, which is the document's.
    pub fn item(&self) -> Option<ItemRef> {
        Some(match self {
            Edit::Finished { .. } => return None,
            Edit::Note { before, after } => match after.as_ref().or(before.as_ref())?.target {
                crate::model::Target::Item(item) => item,
                crate::model::Target::Relation(_) | crate::model::Target::Document => {
                    return None;
                }
            },
            Edit::Relation { before, after } => after.as_ref().or(before.as_ref())?.from,
            Edit::Mention { before, after } => ItemRef::Mention(
                after
                    .as_ref()
                    .or(before.as_ref())
                    .map_or(MentionId(0), |m| m.id),
            ),
            Edit::Event { before, after } => ItemRef::Event(
                after
                    .as_ref()
                    .or(before.as_ref())
                    .map_or(EventId(0), |e| e.id),
            ),
            Edit::Claim { before, after } => ItemRef::Claim(
                after
                    .as_ref()
                    .or(before.as_ref())
                    .map_or(ClaimId(0), |c| c.id),
            ),
        })
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
    pub fn of(edit: Edit) -> Self {
        Self { edits: vec![edit] }
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    pub fn apply(&self, set: &mut AnnotationSet) {
        for edit in &self.edits {
            edit.apply(set);
        }
    }

    /// The transaction that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Self {
        Self {
            edits: self.edits.iter().rev().map(Edit::inverse).collect(),
        }
    }

    /// The item the transaction is about (its first item's), to focus
    /// after undo or redo; `None` when it only marks the document.
    pub fn focus(&self) -> Option<ItemRef> {
        self.edits.iter().find_map(Edit::item)
    }

    /// Whether the transaction marks or unmarks the document finished.
    pub fn touches_finished(&self) -> bool {
        self.edits
            .iter()
            .any(|e| matches!(e, Edit::Finished { .. }))
    }
}
