//! Deleting an item the analyst made (a mention, an event trigger, a claim
//! cue created by hand), with the links and relations to it, as one invertible
//! transaction. A suggestion is never deleted: it is rejected, and kept as
//! a negative example and a false positive of its suggester.

use crate::model::{AnnotationSet, ClaimSource, Item, ItemRef, Target};

use super::{Edit, Transaction};

/// Why an item cannot be deleted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Undeletable {
    #[error("{0} is not in this document")]
    Missing(ItemRef),
    #[error("{0} was suggested: reject it instead, so that it is kept as a negative example")]
    Suggested(ItemRef),
    #[error(
        "{0} has an attribute, a note or a reference of its own (or a relation to it has one); remove those first"
    )]
    Attached(ItemRef),
}

/// The transaction that removes `item` and every role, source, responsible
/// actor or "about" link that names it.
pub fn delete(set: &AnnotationSet, item: ItemRef) -> Result<Transaction, Undeletable> {
    let made_by_hand = |review: &crate::model::Review| review.proposed.is_none();
    let removal = match item {
        ItemRef::Mention(id) => {
            let mention = set.mention(id).ok_or(Undeletable::Missing(item))?;
            check(made_by_hand(mention.review()), item)?;
            Edit::Mention {
                before: Some(mention.clone()),
                after: None,
            }
        }
        ItemRef::Event(id) => {
            let event = set.event(id).ok_or(Undeletable::Missing(item))?;
            check(made_by_hand(event.review()), item)?;
            Edit::Event {
                before: Some(event.clone()),
                after: None,
            }
        }
        ItemRef::Claim(id) => {
            let claim = set.claim(id).ok_or(Undeletable::Missing(item))?;
            check(made_by_hand(claim.review()), item)?;
            Edit::Claim {
                before: Some(claim.clone()),
                after: None,
            }
        }
    };
    if is_attached(set, item) {
        return Err(Undeletable::Attached(item));
    }
    let mut edits = vec![removal];
    // The relations drawn to or from it go with it.
    for relation in set
        .relations
        .iter()
        .filter(|r| r.from == item || r.to == item)
    {
        edits.push(Edit::Relation {
            before: Some(relation.clone()),
            after: None,
        });
    }
    // And the notes on it (an analyst's comment).
    for note in set
        .notes
        .iter()
        .filter(|n| n.target == crate::model::Target::Item(item))
    {
        edits.push(Edit::Note {
            before: Some(note.clone()),
            after: None,
        });
    }
    if let ItemRef::Mention(id) = item {
        for event in &set.events {
            if event.roles.values().any(|fillers| fillers.contains(&id)) {
                let mut after = event.clone();
                for fillers in after.roles.values_mut() {
                    fillers.retain(|m| *m != id);
                }
                after.roles.retain(|_, fillers| !fillers.is_empty());
                edits.push(Edit::Event {
                    before: Some(event.clone()),
                    after: Some(after),
                });
            }
        }
    }
    for claim in &set.claims {
        let names_it = match item {
            ItemRef::Mention(id) => {
                claim.responsible.contains(&id) || claim.source == Some(ClaimSource::Mention(id))
            }
            ItemRef::Event(id) => claim.is_about(id),
            ItemRef::Claim(_) => false,
        };
        if names_it {
            let mut after = claim.clone();
            if let ItemRef::Mention(id) = item {
                after.responsible.retain(|m| *m != id);
                if after.source == Some(ClaimSource::Mention(id)) {
                    after.source = None;
                }
            } else if let ItemRef::Event(id) = item {
                after.events.retain(|e| *e != id);
            }
            edits.push(Edit::Claim {
                before: Some(claim.clone()),
                after: Some(after),
            });
        }
    }
    Ok(Transaction { edits })
}

/// Whether `item` can be deleted as it stands.
pub fn is_deletable(set: &AnnotationSet, item: ItemRef) -> bool {
    delete(set, item).is_ok()
}

fn check(made_by_hand: bool, item: ItemRef) -> Result<(), Undeletable> {
    if made_by_hand {
        Ok(())
    } else {
        Err(Undeletable::Suggested(item))
    }
}

/// Whether an attribute, an equivalence, a normalisation or a note names
/// `item`, or a relation to it has parts of its own: what the transaction
/// cannot carry.
fn is_attached(set: &AnnotationSet, item: ItemRef) -> bool {
    let target = Target::Item(item);
    set.relations
        .iter()
        .any(|r| (r.from == item || r.to == item) && super::relation::has_own_parts(set, r))
        || set.attributes.iter().any(|a| a.target == target)
        || set.equivalences.iter().any(|e| e.members.contains(&item))
        || set.normalizations.iter().any(|n| n.target == target)
        || set.notes.iter().any(|n| n.target == target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{span_of, stamp, suggestions};
    use crate::edit::{create_claim, create_event, create_mention};
    use crate::model::{Catalogue, MentionId, Status};

    #[test]
    fn an_item_made_by_hand_goes_with_its_links_in_one_undoable_step() {
        let (mut set, text) = suggestions();
        let made = create_mention(
            &set,
            &text,
            &Catalogue::sahel_default(),
            span_of(&text, "The attacks"),
            "ARMED_GROUP",
            stamp(),
        )
        .unwrap();
        made.transaction.apply(&mut set);
        let event = create_event(
            &set,
            &text,
            span_of(&text, "attacks"),
            ("Battles", None),
            stamp(),
        )
        .unwrap();
        event.transaction.apply(&mut set);
        let ItemRef::Event(event_id) = event.item else {
            panic!("an event")
        };
        let claim = create_claim(&set, &text, span_of(&text, "said"), "Reported", stamp()).unwrap();
        claim.transaction.apply(&mut set);
        let ItemRef::Claim(claim_id) = claim.item else {
            panic!("a claim")
        };
        // Link the new mention as the event's agent and the claim's
        // responsible; the claim is about the event.
        set.events
            .iter_mut()
            .find(|e| e.id == event_id)
            .unwrap()
            .roles
            .insert("agent".into(), vec![made.id]);
        let new_claim = set.claims.iter_mut().find(|c| c.id == claim_id).unwrap();
        new_claim.responsible.push(made.id);
        new_claim.events = vec![event_id];
        let before = set.clone();

        let removal = delete(&set, ItemRef::Mention(made.id)).unwrap();
        removal.apply(&mut set);
        assert!(set.mention(made.id).is_none());
        assert!(
            set.event(event_id).unwrap().roles.is_empty(),
            "the role left empty goes"
        );
        assert!(set.claim(claim_id).unwrap().responsible.is_empty());
        removal.inverse().apply(&mut set);
        assert_eq!(set, before, "undo puts the mention and its links back");

        delete(&set, ItemRef::Event(event_id))
            .unwrap()
            .apply(&mut set);
        assert_eq!(set.claim(claim_id).unwrap().events, []);

        // A suggestion is rejected, never deleted.
        assert_eq!(
            delete(&set, ItemRef::Mention(MentionId(1))),
            Err(Undeletable::Suggested(ItemRef::Mention(MentionId(1))))
        );
        assert!(!is_deletable(
            &set,
            ItemRef::Claim(crate::model::ClaimId(1))
        ));
        assert!(is_deletable(&set, ItemRef::Claim(claim_id)));
        assert_eq!(set.claim(claim_id).unwrap().review.status, Status::Accepted);
    }
}
