//! A new mention from a selection and a label. The selection is trimmed of
//! what a hurried drag catches around a name (white space, quotes,
//! punctuation, a sentence's full stop), and the mention is linked to the
//! catalogue entry whose alias it is. Selecting a mention that already
//! exists accepts it instead of adding a duplicate.

use crate::model::{AnnotationSet, Catalogue, ItemRef, Mention, MentionId, Review, Span, Status};

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
}
