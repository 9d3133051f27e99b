//! The difference between two versions of a document's annotations as one
//! transaction: each item added, removed or changed becomes an edit. Work
//! that rebuilds a whole set (the suggesters) is thus one undoable step.

use std::collections::BTreeMap;

use crate::model::AnnotationSet;

use super::{Edit, Transaction};

/// The transaction that turns `before` into `after`.
pub fn diff(before: &AnnotationSet, after: &AnnotationSet) -> Transaction {
    let mut edits = Vec::new();
    diff_items(
        &before.mentions,
        &after.mentions,
        |m| m.id,
        &mut edits,
        |b, a| Edit::Mention {
            before: b,
            after: a,
        },
    );
    diff_items(
        &before.events,
        &after.events,
        |e| e.id,
        &mut edits,
        |b, a| Edit::Event {
            before: b,
            after: a,
        },
    );
    diff_items(
        &before.claims,
        &after.claims,
        |c| c.id,
        &mut edits,
        |b, a| Edit::Claim {
            before: b,
            after: a,
        },
    );
    diff_items(
        &before.relations,
        &after.relations,
        |r| r.id,
        &mut edits,
        |b, a| Edit::Relation {
            before: b,
            after: a,
        },
    );
    diff_items(
        &before.notes,
        &after.notes,
        |n| (n.target, n.kind.clone()),
        &mut edits,
        |b, a| Edit::Note {
            before: b,
            after: a,
        },
    );
    Transaction { edits }
}

fn diff_items<T: Clone + PartialEq, I: Ord + Clone>(
    before: &[T],
    after: &[T],
    id_of: impl Fn(&T) -> I,
    edits: &mut Vec<Edit>,
    make: impl Fn(Option<T>, Option<T>) -> Edit,
) {
    let old: BTreeMap<I, &T> = before.iter().map(|t| (id_of(t), t)).collect();
    let new: BTreeMap<I, &T> = after.iter().map(|t| (id_of(t), t)).collect();
    for (id, item) in &old {
        match new.get(id) {
            None => edits.push(make(Some((*item).clone()), None)),
            Some(n) if n != item => edits.push(make(Some((*item).clone()), Some((*n).clone()))),
            Some(_) => {}
        }
    }
    for (id, item) in &new {
        if !old.contains_key(id) {
            edits.push(make(None, Some((*item).clone())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{stamp, suggested_event, suggestions};
    use crate::edit::{Change, correct};
    use crate::model::{ClaimId, MentionId, Review};

    #[test]
    fn a_comment_written_elsewhere_is_part_of_the_diff() {
        let (original, _) = suggestions();
        let item = crate::model::ItemRef::Mention(original.mentions[0].id);
        let mut after = original.clone();
        crate::edit::comment(&after, item, "checked against the French wire").apply(&mut after);
        let transaction = diff(&original, &after);
        assert_eq!(transaction.edits.len(), 1);
        let mut redone = original.clone();
        transaction.apply(&mut redone);
        assert_eq!(redone, after);
        transaction.inverse().apply(&mut redone);
        assert_eq!(redone, original);
    }

    #[test]
    fn diff_then_invert_restores_the_set_exactly() {
        let (original, _) = suggestions();
        let mut after = original.clone();
        after.mentions.retain(|m| m.id != MentionId(2)); // removed
        after.mentions[0].label = "ORGANIZATION".into(); // changed
        let event = suggested_event();
        after.events.push(event); // added
        correct(
            &after.clone(),
            Change::ClaimStance(ClaimId(1), "Denied".into()),
            stamp(),
        )
        .apply(&mut after);

        let transaction = diff(&original, &after);
        assert_eq!(transaction.edits.len(), 4);

        let mut redone = original.clone();
        transaction.apply(&mut redone);
        redone.sort();
        let mut expected = after.clone();
        expected.sort();
        assert_eq!(redone, expected, "applying the diff gives the new set");

        // Undoing puts a removed item back at the end of its list; a set's
        // order is not its content (saving sorts it), so compare sorted.
        let mut undone = after.clone();
        transaction.inverse().apply(&mut undone);
        undone.sort();
        let mut restored = original.clone();
        restored.sort();
        assert_eq!(undone, restored, "its inverse gives back the old one");
    }

    #[test]
    fn identical_sets_differ_by_nothing() {
        let (set, _) = suggestions();
        let mut reviewed = set.clone();
        reviewed.mentions[0].review = Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH);
        assert!(diff(&set, &set).is_empty());
        assert_eq!(diff(&set, &reviewed).edits.len(), 1, "a review is a change");
    }
}
