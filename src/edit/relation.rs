//! Typed relations the analyst draws between two items, of the schema's
//! relation types (`PartOf`: "Katiba Macina" → "JNIM"). One key toggles a
//! relation: drawing one that is there takes it away again, so the same
//! keys make and unmake it.

use crate::model::{AnnotationSet, ItemRef, Relation, Review, Status, Target};

use super::{Edit, Stamp, Transaction};

/// The transaction that draws a `kind` relation from `from` to `to`, or
/// takes it away if it is there: one the analyst drew is removed, a
/// suggested or imported one is rejected (kept as a negative, its
/// attributes with it), a rejected one accepted again. `None` when an end
/// is missing or both ends are one item.
pub fn toggle_relation(
    set: &AnnotationSet,
    kind: &str,
    from: ItemRef,
    to: ItemRef,
    stamp: Stamp,
) -> Option<Transaction> {
    if from == to || !set.contains(from) || !set.contains(to) {
        return None;
    }
    let existing = set
        .relations
        .iter()
        .find(|r| r.kind == kind && r.from == from && r.to == to && !r.argument);
    let after = match existing {
        None => Some(Relation {
            id: set.next_relation_id(),
            kind: kind.to_owned(),
            from,
            to,
            argument: false,
            review: Review::accepted(stamp.by, stamp.at),
        }),
        Some(r) if r.review.status == Status::Rejected => Some(Relation {
            review: r.review.decided(Status::Accepted, stamp.by, stamp.at),
            ..r.clone()
        }),
        Some(r) if r.review.proposed.is_none() && !has_own_parts(set, r) => None,
        Some(r) => Some(Relation {
            review: r.review.decided(Status::Rejected, stamp.by, stamp.at),
            ..r.clone()
        }),
    };
    Some(Transaction::of(Edit::Relation {
        before: existing.cloned(),
        after,
    }))
}

/// Whether an attribute or a note hangs on the relation itself.
pub(super) fn has_own_parts(set: &AnnotationSet, relation: &Relation) -> bool {
    let target = Target::Relation(relation.id);
    set.attributes.iter().any(|a| a.target == target)
        || set.notes.iter().any(|n| n.target == target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{stamp, suggestions};
    use crate::model::MentionId;

    #[test]
    fn a_relation_is_drawn_then_taken_away_by_the_same_keys() {
        let (set, _) = suggestions();
        let (a, b) = (
            ItemRef::Mention(MentionId(1)),
            ItemRef::Mention(MentionId(2)),
        );
        let drawn = toggle_relation(&set, "PartOf", a, b, stamp()).expect("both ends are there");
        let mut after = set.clone();
        drawn.apply(&mut after);
        assert_eq!(after.relations.len(), 1);
        let made = &after.relations[0];
        assert_eq!((made.kind.as_str(), made.from, made.to), ("PartOf", a, b));
        assert_eq!(made.review.status, Status::Accepted);
        assert!(made.review.proposed.is_none(), "the analyst's own");

        let taken = toggle_relation(&after, "PartOf", a, b, stamp()).unwrap();
        let mut again = after.clone();
        taken.apply(&mut again);
        assert!(again.relations.is_empty(), "drawn by hand: removed");
        taken.inverse().apply(&mut again);
        assert_eq!(again, after, "undo brings it back");

        // Another type, or the other direction, is another relation.
        let other = toggle_relation(&after, "AlliedWith", a, b, stamp()).unwrap();
        let reverse = toggle_relation(&after, "PartOf", b, a, stamp()).unwrap();
        for t in [other, reverse] {
            assert!(matches!(t.edits[0], Edit::Relation { before: None, .. }));
        }
        assert!(toggle_relation(&set, "PartOf", a, a, stamp()).is_none());
        let missing = ItemRef::Mention(MentionId(99));
        assert!(toggle_relation(&set, "PartOf", a, missing, stamp()).is_none());
    }

    #[test]
    fn a_suggested_relation_is_rejected_not_removed_and_accepted_again() {
        let (mut set, _) = suggestions();
        let (a, b) = (
            ItemRef::Mention(MentionId(1)),
            ItemRef::Mention(MentionId(2)),
        );
        set.relations.push(Relation {
            id: crate::model::RelationId(1),
            kind: "PartOf".into(),
            from: a,
            to: b,
            argument: false,
            review: Review::suggested("ana", "import", 0.9, jiff::Timestamp::UNIX_EPOCH),
        });
        let mut after = set.clone();
        toggle_relation(&set, "PartOf", a, b, stamp())
            .unwrap()
            .apply(&mut after);
        assert_eq!(after.relations[0].review.status, Status::Rejected);
        let mut again = after.clone();
        toggle_relation(&after, "PartOf", a, b, stamp())
            .unwrap()
            .apply(&mut again);
        assert_eq!(again.relations[0].review.status, Status::Accepted);
    }
}
