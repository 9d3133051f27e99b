//! Accepting or rejecting an item. Accepting a claim or an event also
//! accepts the open suggestions it names (a claim's responsible actors and
//! source, an event's role fillers), so that gold never points at a mention
//! that is not gold.

use std::collections::HashSet;

use crate::model::{
    AnnotationSet, Claim, ClaimSource, Event, EventId, ItemRef, Mention, Review, Status,
};

use super::{Edit, Stamp, Transaction};

/// The transaction that gives `item` the status `status` (empty when it
/// already has it, or is missing).
pub fn decide(set: &AnnotationSet, item: ItemRef, status: Status, stamp: Stamp) -> Transaction {
    let decided = |review: &Review| -> Option<Review> {
        (review.status != status).then(|| review.decided(status.clone(), stamp.by, stamp.at))
    };
    let mut edits = Vec::new();
    let mut named_mentions = Vec::new();
    match item {
        ItemRef::Mention(id) => {
            if let Some(m) = set.mention(id)
                && let Some(review) = decided(&m.review)
            {
                edits.push(Edit::Mention {
                    before: Some(m.clone()),
                    after: Some(Mention {
                        review,
                        ..m.clone()
                    }),
                });
            }
        }
        ItemRef::Event(id) => {
            if let Some(e) = set.event(id) {
                named_mentions.extend(e.roles.values().flatten().copied());
                if let Some(review) = decided(&e.review) {
                    edits.push(Edit::Event {
                        before: Some(e.clone()),
                        after: Some(Event {
                            review,
                            ..e.clone()
                        }),
                    });
                }
            }
        }
        ItemRef::Claim(id) => {
            if let Some(c) = set.claim(id) {
                named_mentions.extend(c.responsible.iter().copied());
                if let Some(ClaimSource::Mention(source)) = &c.source {
                    named_mentions.push(*source);
                }
                if let Some(review) = decided(&c.review) {
                    edits.push(Edit::Claim {
                        before: Some(c.clone()),
                        after: Some(Claim {
                            review,
                            ..c.clone()
                        }),
                    });
                }
            }
        }
    }
    if status == Status::Accepted {
        edits.extend(accept_named(set, named_mentions, stamp));
    }
    Transaction { edits }
}

/// The acceptance of each open suggestion among `named` (the mentions a
/// gold claim or event points at), so that gold never points at a mention
/// that is not gold.
pub(super) fn accept_named(
    set: &AnnotationSet,
    mut named: Vec<crate::model::MentionId>,
    stamp: Stamp,
) -> Vec<Edit> {
    named.sort();
    named.dedup();
    named
        .into_iter()
        .filter_map(|id| set.mention(id).filter(|m| m.review.status.is_open()))
        .map(|m| Edit::Mention {
            before: Some(m.clone()),
            after: Some(Mention {
                review: m.review.decided(Status::Accepted, stamp.by, stamp.at),
                ..m.clone()
            }),
        })
        .collect()
}

/// The transaction that accepts a row of the "who did what" table at once:
/// the event, its role fillers, the claims about it and the mentions those
/// claims name. Only open suggestions are decided: an item already gold or
/// rejected keeps its decision. One transaction, so one undo step.
pub fn accept_event_with_claims(set: &AnnotationSet, event: EventId, stamp: Stamp) -> Transaction {
    let Some(e) = set.event(event) else {
        return Transaction::default();
    };
    let claims: Vec<&Claim> = set
        .claims
        .iter()
        .filter(|c| c.is_about(event) && c.review.status.is_open())
        .collect();
    let mut items = Vec::new();
    if e.review.status.is_open() {
        items.push(ItemRef::Event(event));
    }
    items.extend(claims.iter().map(|c| ItemRef::Claim(c.id)));
    // Fillers of an event that is already gold are still accepted here.
    items.extend(
        e.roles
            .values()
            .flatten()
            .filter(|&&id| set.mention(id).is_some_and(|m| m.review.status.is_open()))
            .map(|&id| ItemRef::Mention(id)),
    );
    // Deciding the event and each claim also accepts the mentions they
    // name; a mention named twice is edited once.
    let mut seen = HashSet::new();
    let mut edits = Vec::new();
    for item in items {
        for edit in decide(set, item, Status::Accepted, stamp).edits {
            if seen.insert(edit.item()) {
                edits.push(edit);
            }
        }
    }
    Transaction { edits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{stamp, suggestions};
    use crate::model::{ClaimId, EventId, MentionId};

    fn status(set: &AnnotationSet, item: ItemRef) -> Status {
        let review = match item {
            ItemRef::Mention(id) => &set.mention(id).unwrap().review,
            ItemRef::Event(id) => &set.event(id).unwrap().review,
            ItemRef::Claim(id) => &set.claim(id).unwrap().review,
        };
        review.status.clone()
    }

    #[test]
    fn accepting_a_claim_accepts_the_mentions_it_names() {
        let (mut set, _) = suggestions();
        let transaction = decide(&set, ItemRef::Claim(ClaimId(1)), Status::Accepted, stamp());
        assert_eq!(transaction.edits.len(), 2, "the claim and JNIM, once");
        transaction.apply(&mut set);
        assert_eq!(status(&set, ItemRef::Claim(ClaimId(1))), Status::Accepted);
        assert_eq!(
            status(&set, ItemRef::Mention(MentionId(1))),
            Status::Accepted,
            "its responsible actor and source"
        );
        assert!(status(&set, ItemRef::Mention(MentionId(2))).is_open());
        let review = &set.claim(ClaimId(1)).unwrap().review;
        assert_eq!((review.by.as_str(), review.at), (stamp().by, stamp().at));
        assert_eq!(review.suggester(), Some("test"), "the proposal is kept");
    }

    #[test]
    fn accepting_an_event_accepts_its_role_fillers() {
        let (mut set, _) = suggestions();
        let event = crate::edit::fixtures::suggested_event();
        set.events.push(event);
        decide(&set, ItemRef::Event(EventId(1)), Status::Accepted, stamp()).apply(&mut set);
        assert_eq!(status(&set, ItemRef::Event(EventId(1))), Status::Accepted);
        assert_eq!(
            status(&set, ItemRef::Mention(MentionId(1))),
            Status::Accepted,
            "the agent"
        );
        assert_eq!(
            status(&set, ItemRef::Mention(MentionId(3))),
            Status::Accepted,
            "the place"
        );
        assert!(status(&set, ItemRef::Mention(MentionId(2))).is_open());
    }

    #[test]
    fn rejecting_a_claim_rejects_only_the_claim() {
        let (mut set, _) = suggestions();
        let transaction = decide(&set, ItemRef::Claim(ClaimId(1)), Status::Rejected, stamp());
        transaction.apply(&mut set);
        assert_eq!(status(&set, ItemRef::Claim(ClaimId(1))), Status::Rejected);
        assert!(
            status(&set, ItemRef::Mention(MentionId(1))).is_open(),
            "a rejected claim decides nothing about its actors"
        );
        assert!(
            decide(&set, ItemRef::Claim(ClaimId(1)), Status::Rejected, stamp()).is_empty(),
            "deciding what is already decided is no edit"
        );
    }

    #[test]
    fn a_missing_item_is_no_edit() {
        let (set, _) = suggestions();
        let transaction = decide(
            &set,
            ItemRef::Mention(MentionId(99)),
            Status::Accepted,
            stamp(),
        );
        assert!(transaction.is_empty());
    }
    #[test]
    fn accepting_a_row_accepts_the_event_its_fillers_and_its_claims_in_one_step() {
        let (mut set, _) = suggestions();
        set.events.push(crate::edit::fixtures::suggested_event());
        set.claims[0].events = vec![EventId(1)];
        let before = set.clone();
        let transaction = accept_event_with_claims(&set, EventId(1), stamp());
        assert_eq!(
            transaction.edits.len(),
            4,
            "the event, the claim, JNIM once and Kassela"
        );
        transaction.apply(&mut set);
        for item in [
            ItemRef::Event(EventId(1)),
            ItemRef::Claim(ClaimId(1)),
            ItemRef::Mention(MentionId(1)),
            ItemRef::Mention(MentionId(3)),
        ] {
            assert_eq!(status(&set, item), Status::Accepted, "{item:?}");
        }
        assert!(
            status(&set, ItemRef::Mention(MentionId(2))).is_open(),
            "the army is in no role and no claim"
        );
        transaction.inverse().apply(&mut set);
        assert_eq!(set, before, "undone at once");
    }

    #[test]
    fn accepting_a_row_keeps_earlier_decisions_and_ignores_other_claims() {
        let (mut set, _) = suggestions();
        let mut event = crate::edit::fixtures::suggested_event();
        event.review = event.review.decided(Status::Corrected, "ana", stamp().at);
        set.events.push(event);
        // The claim is about no event: not part of the row.
        let transaction = accept_event_with_claims(&set, EventId(1), stamp());
        transaction.apply(&mut set);
        assert_eq!(
            status(&set, ItemRef::Event(EventId(1))),
            Status::Corrected,
            "a correction is not turned into a plain accept"
        );
        assert_eq!(
            status(&set, ItemRef::Mention(MentionId(3))),
            Status::Accepted
        );
        assert!(status(&set, ItemRef::Claim(ClaimId(1))).is_open());
        assert!(accept_event_with_claims(&set, EventId(9), stamp()).is_empty());
    }
}
