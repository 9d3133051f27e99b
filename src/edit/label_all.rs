//! Annotate all occurrences: the focused mention's label given to every
//! other place its text occurs in the document, in one undo step.
//!
//! An occurrence is the same text, same case, standing as whole words
//! (`Gorom` inside `Gorom-Gorom` is none: the hyphen joins it to a longer
//! name). Each becomes what selecting it and pressing the label's key
//! makes ([`create_mention`]): a new accepted mention linked to the
//! catalogue, or the acceptance of an identical suggestion. Occurrences
//! the analyst already settled are left alone: one already holding this
//! label as gold, and one inside or across another gold mention (`Mali`
//! in a gold `Mali's army`).

use crate::model::{AnnotationSet, Catalogue, MentionId, Span};

use super::{Stamp, Transaction, create_mention};

/// What labelling every occurrence would do: the transaction, and how many
/// occurrences it labels (its preview).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelAll {
    pub transaction: Transaction,
    /// Occurrences the transaction labels.
    pub labelled: usize,
    /// Occurrences left alone because gold is already there.
    pub settled: usize,
}

/// Every other occurrence of mention `id`'s text in `text` labelled as it is.
pub fn label_all(
    set: &AnnotationSet,
    text: &str,
    catalogue: &Catalogue,
    id: MentionId,
    stamp: Stamp,
) -> LabelAll {
    let Some(mention) = set.mention(id) else {
        return LabelAll::default();
    };
    label_occurrences(
        set,
        text,
        catalogue,
        &mention.text,
        &mention.label,
        Some(mention.span),
        stamp,
    )
}

/// Every whole-word occurrence of `name` in `text` (but the one overlapping
/// `except`, the mention it comes from) labelled `label`: in another
/// document, [`label_all`] of a mention of this one.
pub fn label_occurrences(
    set: &AnnotationSet,
    text: &str,
    catalogue: &Catalogue,
    name: &str,
    label: &str,
    except: Option<Span>,
    stamp: Stamp,
) -> LabelAll {
    let mut result = LabelAll::default();
    let mut working = set.clone();
    for span in whole_word_occurrences(text, name) {
        if except.is_some_and(|e| span.overlaps(e)) {
            continue;
        }
        let gold_there = working
            .mentions
            .iter()
            .any(|m| m.review.status.is_gold() && m.span.overlaps(span));
        if gold_there {
            result.settled += 1;
            continue;
        }
        let Some(created) = create_mention(&working, text, catalogue, span, label, stamp) else {
            continue;
        };
        if created.transaction.is_empty() {
            result.settled += 1;
            continue;
        }
        created.transaction.apply(&mut working);
        result.transaction.edits.extend(created.transaction.edits);
        result.labelled += 1;
    }
    result
}

/// Where `name` occurs in `text` as whole words: same case, with no letter,
/// digit, hyphen or apostrophe joining it to the text around.
fn whole_word_occurrences(text: &str, name: &str) -> Vec<Span> {
    if name.trim().is_empty() {
        return Vec::new();
    }
    let joins = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '_');
    text.match_indices(name)
        .filter(|(start, _)| {
            let end = start + name.len();
            let before = text[..*start].chars().next_back();
            let after = text[end..].chars().next();
            !before.is_some_and(joins) && !after.is_some_and(joins)
        })
        .map(|(start, _)| Span::new(start, start + name.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mention, Review, Status};

    const TEXT: &str = "JNIM claimed it. Gorom-Gorom and Gorom were hit; JNIM fighters fled. \
                        Mali's army said JNIM lost men. The JNIMs? No: JNIM.";

    fn at(needle: &str, nth: usize) -> Span {
        let start = TEXT.match_indices(needle).nth(nth).unwrap().0;
        Span::new(start, start + needle.len())
    }

    fn mention(id: u32, span: Span, label: &str, review: Review) -> Mention {
        Mention {
            id: MentionId(id),
            span,
            text: span.text(TEXT).unwrap().to_owned(),
            label: label.into(),
            actor: None,
            attributes: Default::default(),
            review,
        }
    }

    fn stamp() -> Stamp<'static> {
        Stamp {
            by: "ana",
            at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn every_other_whole_word_occurrence_is_labelled_in_one_step_and_gold_is_left_alone() {
        let at_epoch = jiff::Timestamp::UNIX_EPOCH;
        let mut set = AnnotationSet::new(crate::model::DocumentId::for_text(TEXT), "ana");
        set.mentions.push(mention(
            1,
            at("JNIM", 0),
            "ARMED_GROUP",
            Review::accepted("ana", at_epoch),
        ));
        // An open suggestion on one occurrence: accepted, not duplicated.
        set.mentions.push(mention(
            2,
            at("JNIM", 1),
            "ARMED_GROUP",
            Review::suggested("ana", "catalogue", 0.9, at_epoch),
        ));
        // A gold mention around another: left alone.
        let army = {
            let start = TEXT.find("Mali's army said JNIM").unwrap();
            Span::new(start, start + "Mali's army said JNIM".len())
        };
        set.mentions.push(mention(
            3,
            army,
            "STATE_FORCE",
            Review::accepted("ana", at_epoch),
        ));

        let all = label_all(&set, TEXT, &Catalogue::default(), MentionId(1), stamp());
        // JNIM 1 (the suggestion, accepted), JNIM 3 ("No: JNIM."); JNIM 2 is
        // inside the gold span; "JNIMs" is another word.
        assert_eq!(all.labelled, 2, "{:?}", all.transaction);
        assert_eq!(all.settled, 1);
        let mut after = set.clone();
        all.transaction.apply(&mut after);
        let jnim: Vec<(Span, &Status)> = after
            .mentions
            .iter()
            .filter(|m| m.text == "JNIM" && m.label == "ARMED_GROUP")
            .map(|m| (m.span, &m.review.status))
            .collect();
        assert_eq!(jnim.len(), 3, "{jnim:?}");
        assert!(jnim.iter().all(|(_, s)| s.is_gold()), "{jnim:?}");
        assert!(
            !after
                .mentions
                .iter()
                .any(|m| m.span == at("JNIM", 2) && m.label == "ARMED_GROUP")
        );
        // One undo step takes it all back.
        all.transaction.inverse().apply(&mut after);
        assert_eq!(after, set);
    }

    #[test]
    fn a_name_joined_to_a_longer_one_is_no_occurrence() {
        let mut set = AnnotationSet::new(crate::model::DocumentId::for_text(TEXT), "ana");
        let gorom = {
            let start = TEXT.find(" Gorom were").unwrap() + 1;
            Span::new(start, start + "Gorom".len())
        };
        set.mentions.push(mention(
            1,
            gorom,
            "LOCATION",
            Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        ));
        let all = label_all(&set, TEXT, &Catalogue::default(), MentionId(1), stamp());
        assert_eq!(all.labelled, 0, "{:?}", all.transaction);
        assert!(all.transaction.is_empty());
    }
}
