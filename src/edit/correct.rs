//! Corrections made in the inspector: a mention's label or actor, an
//! event's type or role fillers, a claim's stance, source, responsible
//! actors or event. A suggestion (or an accepted suggestion) that is changed
//! becomes `Corrected`, so that it counts against its suggester; an item
//! the annotator created stays `Accepted`.

use crate::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, Event, EventId, Item, ItemRef, Mention, MentionId,
    Review, Span, Status,
};

use super::{Edit, Stamp, Transaction};

/// A correction made in the inspector.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    MentionLabel(MentionId, String),
    MentionActor(MentionId, Option<String>),
    EventType(EventId, String, Option<String>),
    EventRole {
        event: EventId,
        role: String,
        fillers: Vec<MentionId>,
    },
    ClaimStance(ClaimId, String),
    ClaimSource(ClaimId, Option<ClaimSource>),
    ClaimResponsible(ClaimId, Vec<MentionId>),
    /// The events a claim is about, in the order the analyst linked them.
    ClaimEvents(ClaimId, Vec<EventId>),
    /// A mention's span, an event's trigger or a claim's cue moved, with
    /// the text it now covers.
    Span {
        item: ItemRef,
        span: Span,
        text: String,
    },
}

/// The transaction that applies `change` (empty when the item is missing
/// or nothing changes).
pub fn correct(set: &AnnotationSet, change: Change, stamp: Stamp) -> Transaction {
    let corrected = |review: &Review| {
        let status = match review.status {
            Status::Accepted if review.proposed.is_none() => Status::Accepted,
            _ => Status::Corrected,
        };
        review.decided(status, stamp.by, stamp.at)
    };
    // Each change yields the item as it would become, or `None` when
    // nothing changes; the review is updated in one place, `corrected_edit`.
    let edit = match change {
        Change::MentionLabel(id, label) => corrected_edit(set.mention(id), corrected, |m| {
            (m.label != label).then(|| Mention { label, ..m.clone() })
        })
        .map(|(before, after)| Edit::Mention { before, after }),
        Change::MentionActor(id, actor) => corrected_edit(set.mention(id), corrected, |m| {
            (m.actor != actor).then(|| Mention { actor, ..m.clone() })
        })
        .map(|(before, after)| Edit::Mention { before, after }),
        Change::EventType(id, event_type, sub_type) => {
            corrected_edit(set.event(id), corrected, |e| {
                (e.event_type != event_type || e.sub_type != sub_type).then(|| Event {
                    event_type,
                    sub_type,
                    ..e.clone()
                })
            })
            .map(|(before, after)| Edit::Event { before, after })
        }
        Change::EventRole {
            event,
            role,
            fillers,
        } => corrected_edit(set.event(event), corrected, |e| {
            let mut after = e.clone();
            if fillers.is_empty() {
                after.roles.remove(&role);
            } else {
                after.roles.insert(role, fillers);
            }
            (after.roles != e.roles).then_some(after)
        })
        .map(|(before, after)| Edit::Event { before, after }),
        Change::ClaimStance(id, stance) => corrected_edit(set.claim(id), corrected, |c| {
            (c.stance != stance).then(|| Claim {
                stance,
                ..c.clone()
            })
        })
        .map(|(before, after)| Edit::Claim { before, after }),
        Change::ClaimSource(id, source) => corrected_edit(set.claim(id), corrected, |c| {
            (c.source != source).then(|| Claim {
                source,
                ..c.clone()
            })
        })
        .map(|(before, after)| Edit::Claim { before, after }),
        Change::ClaimResponsible(id, responsible) => {
            corrected_edit(set.claim(id), corrected, |c| {
                (c.responsible != responsible).then(|| Claim {
                    responsible,
                    ..c.clone()
                })
            })
            .map(|(before, after)| Edit::Claim { before, after })
        }
        Change::Span { item, span, text } => match item {
            ItemRef::Mention(id) => corrected_edit(set.mention(id), corrected, |m| {
                (m.span != span).then(|| Mention {
                    span,
                    text,
                    ..m.clone()
                })
            })
            .map(|(before, after)| Edit::Mention { before, after }),
            ItemRef::Event(id) => corrected_edit(set.event(id), corrected, |e| {
                (e.trigger != span).then(|| Event {
                    trigger: span,
                    trigger_text: text,
                    ..e.clone()
                })
            })
            .map(|(before, after)| Edit::Event { before, after }),
            ItemRef::Claim(id) => corrected_edit(set.claim(id), corrected, |c| {
                (c.cue != span).then(|| Claim {
                    cue: span,
                    cue_text: text,
                    ..c.clone()
                })
            })
            .map(|(before, after)| Edit::Claim { before, after }),
        },
        Change::ClaimEvents(id, events) => corrected_edit(set.claim(id), corrected, |c| {
            (c.events != events).then(|| Claim {
                events,
                ..c.clone()
            })
        })
        .map(|(before, after)| Edit::Claim { before, after }),
    };
    let Some(edit) = edit else {
        return Transaction::default();
    };
    // The corrected claim or event is gold: so are the mentions it names.
    let named: Vec<MentionId> = match &edit {
        Edit::Claim { after: Some(c), .. } => c
            .responsible
            .iter()
            .copied()
            .chain(match c.source {
                Some(ClaimSource::Mention(m)) => Some(m),
                _ => None,
            })
            .collect(),
        Edit::Event { after: Some(e), .. } => e.roles.values().flatten().copied().collect(),
        _ => Vec::new(),
    };
    let accepted = super::decide::accept_named(set, named, stamp);
    let mut transaction = Transaction::of(edit);
    transaction.edits.extend(accepted);
    transaction
}

/// The before and after of an item changed by `change`, its review marked
/// by `corrected`; `None` when the item is missing or nothing changes.
type BeforeAfter<T> = (Option<T>, Option<T>);

fn corrected_edit<T: Item>(
    item: Option<&T>,
    corrected: impl Fn(&Review) -> Review,
    change: impl FnOnce(&T) -> Option<T>,
) -> Option<BeforeAfter<T>> {
    let before = item?;
    let mut after = change(before)?;
    let review = corrected(after.review_mut());
    *after.review_mut() = review;
    Some((Some(before.clone()), Some(after)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{stamp, suggested_event, suggestions};

    #[test]
    fn relabelling_a_suggestion_corrects_it() {
        let (mut set, _) = suggestions();
        correct(
            &set,
            Change::MentionLabel(MentionId(3), "LOCATION".into()),
            stamp(),
        )
        .apply(&mut set);
        let kassela = set.mention(MentionId(3)).unwrap();
        assert_eq!(kassela.label, "LOCATION");
        assert_eq!(kassela.review.status, Status::Corrected);
        assert_eq!(kassela.review.suggester(), Some("test"), "still measured");
    }

    #[test]
    fn the_annotators_own_mention_stays_accepted() {
        let (mut set, _) = suggestions();
        let own = set.mention_mut(MentionId(2)).unwrap();
        own.review = Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH);
        correct(
            &set,
            Change::MentionLabel(MentionId(2), "ORGANIZATION".into()),
            stamp(),
        )
        .apply(&mut set);
        let relabelled = set.mention(MentionId(2)).unwrap();
        assert_eq!(relabelled.label, "ORGANIZATION");
        assert_eq!(relabelled.review.status, Status::Accepted);
    }

    #[test]
    fn correcting_a_claims_stance_source_and_responsible_actors() {
        let (mut set, _) = suggestions();
        for change in [
            Change::ClaimStance(ClaimId(1), "Alleged".into()),
            Change::ClaimSource(ClaimId(1), Some(ClaimSource::Reporter("AFP".into()))),
            Change::ClaimResponsible(ClaimId(1), vec![MentionId(1), MentionId(2)]),
        ] {
            let transaction = correct(&set, change, stamp());
            // The claim's edit, then the acceptance of the mentions it
            // names that were still open suggestions.
            assert!(matches!(transaction.edits[0], Edit::Claim { .. }));
            assert!(
                transaction.edits[1..]
                    .iter()
                    .all(|e| matches!(e, Edit::Mention { .. }))
            );
            transaction.apply(&mut set);
        }
        let claim = set.claim(ClaimId(1)).unwrap();
        assert_eq!(claim.stance, "Alleged");
        assert_eq!(claim.source, Some(ClaimSource::Reporter("AFP".into())));
        assert_eq!(claim.responsible, [MentionId(1), MentionId(2)]);
        assert_eq!(claim.review.status, Status::Corrected);
        assert_eq!(claim.review.by, stamp().by);
    }

    #[test]
    fn a_change_that_changes_nothing_is_no_edit() {
        let (set, _) = suggestions();
        let same = correct(
            &set,
            Change::ClaimStance(ClaimId(1), "Claimed".into()),
            stamp(),
        );
        assert!(same.is_empty());
        let missing = correct(
            &set,
            Change::MentionActor(MentionId(99), Some("jnim".into())),
            stamp(),
        );
        assert!(missing.is_empty());
    }

    #[test]
    fn clearing_a_role_removes_it() {
        let (mut set, _) = suggestions();
        let event = suggested_event();
        set.events.push(event);
        let clear = Change::EventRole {
            event: EventId(1),
            role: "location".into(),
            fillers: Vec::new(),
        };
        correct(&set, clear, stamp()).apply(&mut set);
        let event = set.event(EventId(1)).unwrap();
        assert!(!event.roles.contains_key("location"));
        assert_eq!(event.review.status, Status::Corrected);
    }

    #[test]
    fn a_moved_suggestion_is_a_correction_covering_its_new_text() {
        use crate::edit::fixtures::{span_of, stamp, suggestions};
        let (mut set, text) = suggestions();
        let wider = span_of(&text, "JNIM, the army");
        correct(
            &set,
            Change::Span {
                item: ItemRef::Mention(MentionId(1)),
                span: wider,
                text: "JNIM, the army".into(),
            },
            stamp(),
        )
        .apply(&mut set);
        let moved = set.mention(MentionId(1)).unwrap();
        assert_eq!((moved.span, moved.text.as_str()), (wider, "JNIM, the army"));
        assert_eq!(moved.review.status, Status::Corrected);
        assert!(moved.review.proposed.is_some(), "the proposal is kept");
    }

    #[test]
    fn correcting_a_claim_makes_the_mentions_it_names_gold_as_accepting_does() {
        use crate::edit::fixtures::{stamp, suggestions};
        let (mut set, _) = suggestions();
        let transaction = correct(
            &set,
            Change::ClaimResponsible(ClaimId(1), vec![MentionId(2)]),
            stamp(),
        );
        transaction.apply(&mut set);
        assert_eq!(
            set.claim(ClaimId(1)).unwrap().review.status,
            Status::Corrected
        );
        assert_eq!(
            set.mention(MentionId(2)).unwrap().review.status,
            Status::Accepted,
            "the new responsible actor"
        );
        assert_eq!(
            set.mention(MentionId(1)).unwrap().review.status,
            Status::Accepted,
            "the source it still names"
        );
        assert!(
            set.mention(MentionId(3)).unwrap().review.status.is_open(),
            "not named"
        );
        transaction.inverse().apply(&mut set);
        assert!(
            set.mention(MentionId(2)).unwrap().review.status.is_open(),
            "one undo step"
        );
    }
}
