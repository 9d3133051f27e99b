//! New items from a selection: a mention with a label, an event trigger
//! with a type, a claim cue with a stance. The selection is trimmed of what
//! a hurried drag catches around a name (white space, quotes, punctuation,
//! a sentence's full stop); a mention is linked to the catalogue entry
//! whose alias it is. Selecting an item that already exists with the same
//! span and label, type or stance accepts it instead of adding a duplicate.

use crate::model::{
    AnnotationSet, Catalogue, Claim, Event, ItemRef, Mention, MentionId, Review, Span, Status,
};

use super::{Edit, Stamp, Transaction, catalogue_id_for, decide};

/// The mention a selection becomes, and the transaction that makes it so:
/// either a new accepted mention, or the acceptance of the identical one
/// already there (empty when that one is gold already).
#[derive(Clone, Debug, PartialEq)]
pub struct NewMention {
    pub id: MentionId,
    pub transaction: Transaction,
}

/// The mention labelled `label` on `span` of `text` (trimmed); `None` when
/// nothing is left of the selection once trimmed.
pub fn create_mention(
    set: &AnnotationSet,
    text: &str,
    catalogue: &Catalogue,
    span: Span,
    label: &str,
    stamp: Stamp,
) -> Option<NewMention> {
    let span = trim_span(text, span)?;
    if let Some(existing) = set
        .mentions
        .iter()
        .find(|m| m.span == span && m.label == label)
    {
        let transaction = if existing.review.status.is_gold() {
            Transaction::default()
        } else {
            decide(set, ItemRef::Mention(existing.id), Status::Accepted, stamp)
        };
        return Some(NewMention {
            id: existing.id,
            transaction,
        });
    }
    let covered = span.text(text).unwrap_or_default().to_owned();
    let actor = catalogue_id_for(catalogue, &covered);
    let id = set.next_mention_id();
    let mention = Mention {
        id,
        span,
        text: covered,
        label: label.to_owned(),
        actor,
        attributes: Default::default(),
        review: Review::accepted(stamp.by, stamp.at),
    };
    Some(NewMention {
        id,
        transaction: Transaction::of(Edit::Mention {
            before: None,
            after: Some(mention),
        }),
    })
}

/// The item a selection becomes, and the transaction that makes it so
/// (empty when an identical gold item is already there).
#[derive(Clone, Debug, PartialEq)]
pub struct NewItem {
    pub item: ItemRef,
    pub transaction: Transaction,
}

/// The accepted event of `event_type` (and `sub_type`) triggered by `span`
/// of `text` (trimmed), with no role filled yet; `None` when nothing is
/// left of the selection once trimmed.
pub fn create_event(
    set: &AnnotationSet,
    text: &str,
    span: Span,
    (event_type, sub_type): (&str, Option<&str>),
    stamp: Stamp,
) -> Option<NewItem> {
    let span = trim_span(text, span)?;
    if let Some(existing) = set.events.iter().find(|e| {
        e.trigger == span && e.event_type == event_type && e.sub_type.as_deref() == sub_type
    }) {
        return Some(accept_existing(
            set,
            ItemRef::Event(existing.id),
            &existing.review,
            stamp,
        ));
    }
    let id = set.next_event_id();
    let event = Event {
        id,
        trigger: span,
        trigger_text: span.text(text).unwrap_or_default().to_owned(),
        event_type: event_type.to_owned(),
        sub_type: sub_type.map(str::to_owned),
        roles: Default::default(),
        review: Review::accepted(stamp.by, stamp.at),
    };
    Some(NewItem {
        item: ItemRef::Event(id),
        transaction: Transaction::of(Edit::Event {
            before: None,
            after: Some(event),
        }),
    })
}

/// The accepted claim of `stance` whose cue is `span` of `text` (trimmed),
/// with no source, responsible actor or event yet; `None` when nothing is
/// left of the selection once trimmed.
pub fn create_claim(
    set: &AnnotationSet,
    text: &str,
    span: Span,
    stance: &str,
    stamp: Stamp,
) -> Option<NewItem> {
    let span = trim_span(text, span)?;
    if let Some(existing) = set
        .claims
        .iter()
        .find(|c| c.cue == span && c.stance == stance)
    {
        return Some(accept_existing(
            set,
            ItemRef::Claim(existing.id),
            &existing.review,
            stamp,
        ));
    }
    let id = set.next_claim_id();
    let claim = Claim {
        id,
        cue: span,
        cue_text: span.text(text).unwrap_or_default().to_owned(),
        stance: stance.to_owned(),
        source: None,
        responsible: Vec::new(),
        events: Vec::new(),
        review: Review::accepted(stamp.by, stamp.at),
    };
    Some(NewItem {
        item: ItemRef::Claim(id),
        transaction: Transaction::of(Edit::Claim {
            before: None,
            after: Some(claim),
        }),
    })
}

/// An item already there: accepted unless it is gold already.
fn accept_existing(set: &AnnotationSet, item: ItemRef, review: &Review, stamp: Stamp) -> NewItem {
    let transaction = if review.status.is_gold() {
        Transaction::default()
    } else {
        decide(set, item, Status::Accepted, stamp)
    };
    NewItem { item, transaction }
}

/// Shrinks a selection to exclude surrounding white space, quotes and
/// punctuation, and a sentence's full stop.
pub fn trim_span(text: &str, span: Span) -> Option<Span> {
    let selected = span.text(text)?;
    let is_edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | ':' | '"' | '“' | '”' | '«' | '»' | '\'' | '’' | '(' | ')'
            )
    };
    let start_trim = selected.len() - selected.trim_start_matches(is_edge).len();
    let end_trim = selected.len() - selected.trim_end_matches(is_edge).len();
    let mut trimmed = Span::new(
        span.start_byte + start_trim,
        span.end_byte.saturating_sub(end_trim),
    );
    // A sentence's full stop is not part of a name; an abbreviation's is ("U.N.").
    if let Some(without_stop) = trimmed.text(text)?.strip_suffix('.')
        && !without_stop.contains('.')
    {
        trimmed.end_byte -= 1;
    }
    (trimmed.start_byte < trimmed.end_byte).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::fixtures::{span_of, stamp, suggestions};

    #[test]
    fn a_new_selection_becomes_a_trimmed_accepted_mention_linked_to_the_catalogue() {
        let (mut set, text) = suggestions();
        let afp = span_of(&text, "AFP");
        let sloppy = Span::new(afp.start_byte - 1, afp.end_byte + 1); // " AFP."
        let created = create_mention(
            &set,
            &text,
            &Catalogue::sahel_default(),
            sloppy,
            "SOURCE",
            stamp(),
        )
        .unwrap();
        assert_eq!(created.id, MentionId(4), "the next free id");
        created.transaction.apply(&mut set);
        let mention = set.mention(created.id).unwrap();
        assert_eq!(mention.span, afp);
        assert_eq!(
            (mention.text.as_str(), mention.label.as_str()),
            ("AFP", "SOURCE")
        );
        assert_eq!(
            mention.actor.as_deref(),
            Some("afp"),
            "linked through the catalogue"
        );
        assert_eq!(mention.review, Review::accepted(stamp().by, stamp().at));
    }

    #[test]
    fn selecting_an_existing_suggestion_accepts_it_instead_of_duplicating_it() {
        let (mut set, text) = suggestions();
        let jnim = span_of(&text, "JNIM");
        let catalogue = Catalogue::default();
        let again = create_mention(&set, &text, &catalogue, jnim, "ARMED_GROUP", stamp()).unwrap();
        assert_eq!(again.id, MentionId(1));
        again.transaction.apply(&mut set);
        assert_eq!(set.mentions.len(), 3, "no duplicate");
        assert_eq!(
            set.mention(MentionId(1)).unwrap().review.status,
            Status::Accepted
        );
        let gold = create_mention(&set, &text, &catalogue, jnim, "ARMED_GROUP", stamp()).unwrap();
        assert!(gold.transaction.is_empty(), "gold already");
    }

    #[test]
    fn trimming_keeps_names_and_abbreviations() {
        assert_eq!(
            trim_span("the U.N. said", Span::new(3, 9)),
            Some(Span::new(4, 8)),
            "keeps an abbreviation's dots"
        );
        assert_eq!(
            trim_span("« JNIM », said", Span::new(0, 10)),
            Some(Span::new(3, 7)),
            "drops French quotes"
        );
        assert_eq!(trim_span("a, b", Span::new(1, 3)), None, "nothing left");
    }

    #[test]
    fn a_selection_becomes_a_trimmed_accepted_event_or_claim_once() {
        let (mut set, text) = suggestions();
        let said = span_of(&text, "said");
        let sloppy = Span::new(said.start_byte - 1, said.end_byte + 1); // " said."
        let event = create_event(
            &set,
            &text,
            sloppy,
            ("Battles", Some("Armed clash")),
            stamp(),
        )
        .unwrap();
        event.transaction.apply(&mut set);
        let ItemRef::Event(id) = event.item else {
            panic!("an event: {:?}", event.item)
        };
        let made = set.event(id).unwrap();
        assert_eq!((made.trigger, made.trigger_text.as_str()), (said, "said"));
        assert_eq!(made.sub_type.as_deref(), Some("Armed clash"));
        assert_eq!(made.review.status, Status::Accepted);
        assert!(made.roles.is_empty());
        let again =
            create_event(&set, &text, said, ("Battles", Some("Armed clash")), stamp()).unwrap();
        assert_eq!(again.item, event.item, "the same event, not a second one");
        assert!(again.transaction.is_empty(), "already gold");

        let told = span_of(&text, "told AFP");
        let claim = create_claim(&set, &text, told, "Reported", stamp()).unwrap();
        claim.transaction.apply(&mut set);
        let ItemRef::Claim(id) = claim.item else {
            panic!("a claim: {:?}", claim.item)
        };
        let made = set.claim(id).unwrap();
        assert_eq!(
            (made.cue_text.as_str(), made.stance.as_str()),
            ("told AFP", "Reported")
        );
        assert_eq!((made.source.clone(), made.events.is_empty()), (None, true));
        // The suggested claim on "were claimed by" is accepted, not doubled.
        let cue = span_of(&text, "were claimed by");
        let claims_before = set.claims.len();
        let accepted = create_claim(&set, &text, cue, "Claimed", stamp()).unwrap();
        accepted.transaction.apply(&mut set);
        assert_eq!(set.claims.len(), claims_before);
        assert_eq!(set.claims[0].review.status, Status::Accepted);
        assert!(
            create_claim(&set, &text, Span::new(3, 4), "Claimed", stamp()).is_none(),
            "a space"
        );
    }
}
