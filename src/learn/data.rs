//! Training data: finished annotation sets turned into gold mentions and
//! remembered rejections, one [`TrainingDoc`] per document, and the
//! deterministic split into training and held-out documents.
//!
//! A finished document asserts that its annotation is complete, so its text
//! outside gold mentions is a negative example. Where the adjudicated
//! [`GOLD_ANNOTATOR`] finished a document, its set alone is the truth;
//! otherwise the finished sets of every annotator are pooled. Rejected
//! suggestions are remembered from every set, finished or not: a rejection
//! is a decision whether or not the rest of the document is done.

use std::collections::{BTreeMap, BTreeSet};

use super::layers::Layer;
use crate::model::{AnnotationSet, DocumentId, Span, Status};

/// The annotator whose adjudicated sets win over individual annotators.
pub const GOLD_ANNOTATOR: &str = "gold";

/// A labeled span, the unit the recommenders learn and propose.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LabeledSpan {
    pub span: Span,
    pub label: String,
}

impl LabeledSpan {
    pub fn new(span: Span, label: impl Into<String>) -> Self {
        Self {
            span,
            label: label.into(),
        }
    }
}

/// One finished document as the learners see it.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingDoc {
    pub id: DocumentId,
    pub text: String,
    /// Gold mentions (accepted or corrected), in text order, without duplicates.
    pub gold: Vec<LabeledSpan>,
    /// Suggestions the annotators rejected, in text order.
    pub rejected: Vec<LabeledSpan>,
}

/// Training documents from `(text, set)` pairs of any annotators and documents.
///
/// Only documents with at least one finished set become training documents;
/// they come out ordered by document id, so the result does not depend on
/// the order of the input.
pub fn training_documents<'a>(
    sets: impl IntoIterator<Item = (&'a str, &'a AnnotationSet)>,
) -> Vec<TrainingDoc> {
    layer_documents(sets, Layer::Mentions)
}

/// Training documents of one span layer: the gold and rejected spans of
/// `layer` (mentions, event triggers or claim cues, see [`Layer`]), chosen
/// from finished sets as [`training_documents`] chooses mentions.
pub fn layer_documents<'a>(
    sets: impl IntoIterator<Item = (&'a str, &'a AnnotationSet)>,
    layer: Layer,
) -> Vec<TrainingDoc> {
    let mut by_document: BTreeMap<&DocumentId, (&str, Vec<&AnnotationSet>)> = BTreeMap::new();
    for (text, set) in sets {
        by_document
            .entry(&set.document)
            .or_insert_with(|| (text, Vec::new()))
            .1
            .push(set);
    }
    let mut docs = Vec::new();
    for (id, (text, sets)) in by_document {
        let adjudicated = sets
            .iter()
            .find(|s| s.annotator == GOLD_ANNOTATOR && s.is_finished());
        let truth: Vec<&AnnotationSet> = match adjudicated {
            Some(gold) => vec![*gold],
            None => sets.iter().copied().filter(|s| s.is_finished()).collect(),
        };
        if truth.is_empty() {
            continue;
        }
        let fits = |s: &(LabeledSpan, &Status)| s.0.span.validate(text).is_ok();
        let gold: BTreeSet<LabeledSpan> = truth
            .iter()
            .flat_map(|s| layer.spans(s))
            .filter(|s| s.1.is_gold() && fits(s))
            .map(|s| s.0)
            .collect();
        let rejected: BTreeSet<LabeledSpan> = sets
            .iter()
            .flat_map(|s| layer.spans(s))
            .filter(|s| matches!(s.1, Status::Rejected) && fits(s))
            .map(|s| s.0)
            .filter(|r| !gold.contains(r))
            .collect();
        docs.push(TrainingDoc {
            id: id.clone(),
            text: text.to_owned(),
            gold: gold.into_iter().collect(),
            rejected: rejected.into_iter().collect(),
        });
    }
    docs
}

/// Share of documents held out for evaluation: one in five, as INCEpTION does.
const HELD_OUT_ONE_IN: u64 = 5;

/// Whether a document belongs to the held-out 20%: decided by a hash of its
/// id alone, so a document stays on its side as the project grows.
pub fn is_held_out(id: &DocumentId) -> bool {
    fnv1a(id.as_str().as_bytes()).is_multiple_of(HELD_OUT_ONE_IN)
}

/// Splits documents into (training, held-out) by [`is_held_out`]. When the
/// hash puts every document of a project with two or more on one side, the
/// document with the smallest hash is moved, so both sides are non-empty.
pub fn split(docs: &[TrainingDoc]) -> (Vec<&TrainingDoc>, Vec<&TrainingDoc>) {
    let (mut held_out, mut training): (Vec<&TrainingDoc>, Vec<&TrainingDoc>) =
        docs.iter().partition(|d| is_held_out(&d.id));
    if docs.len() >= 2 && (held_out.is_empty() || training.is_empty()) {
        let (from, to) = if held_out.is_empty() {
            (&mut training, &mut held_out)
        } else {
            (&mut held_out, &mut training)
        };
        if let Some(index) = (0..from.len()).min_by_key(|&i| fnv1a(from[i].id.as_str().as_bytes()))
        {
            to.push(from.remove(index));
        }
    }
    (training, held_out)
}

/// FNV-1a, 64 bits: stable across platforms and releases, unlike `std`'s hasher.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finished, Mention, MentionId, Review};

    fn set(
        text: &str,
        annotator: &str,
        finished: bool,
        mentions: &[(&str, &str, Status)],
    ) -> AnnotationSet {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut set = AnnotationSet::new(DocumentId::for_text(text), annotator);
        for (i, (needle, label, status)) in mentions.iter().enumerate() {
            let start = text.find(needle).unwrap();
            let mut review = Review::accepted(annotator, at);
            review.status = status.clone();
            set.mentions.push(Mention {
                id: MentionId(u32::try_from(i).unwrap() + 1),
                span: Span::new(start, start + needle.len()),
                text: (*needle).to_owned(),
                label: (*label).to_owned(),
                actor: None,
                attributes: std::collections::BTreeMap::new(),
                review,
            });
        }
        if finished {
            set.finished = Some(Finished {
                by: annotator.to_owned(),
                at,
            });
        }
        set
    }

    #[test]
    fn finished_sets_train_and_adjudicated_gold_wins() {
        let a = "JNIM attacked Dori.";
        let b = "Wagner left Gao.";
        let c = "Nothing finished here.";
        let sets = [
            set(a, "ana", true, &[("JNIM", "ARMED_GROUP", Status::Accepted)]),
            set(a, "gold", true, &[("Dori", "LOCATION", Status::Corrected)]),
            set(
                b,
                "ana",
                true,
                &[("Wagner", "FOREIGN_FORCE", Status::Accepted)],
            ),
            set(
                b,
                "ben",
                false,
                &[
                    ("Gao", "LOCATION", Status::Accepted),
                    ("Wagner", "PERSON", Status::Rejected),
                ],
            ),
            set(
                c,
                "ana",
                false,
                &[("Nothing", "LOCATION", Status::Accepted)],
            ),
        ];
        let texts = [a, a, b, b, c];
        let docs = training_documents(texts.iter().copied().zip(&sets));
        assert_eq!(docs.len(), 2, "the unfinished document is left out");
        let doc_a = docs.iter().find(|d| d.text == a).unwrap();
        assert_eq!(
            doc_a.gold,
            [LabeledSpan::new(Span::new(14, 18), "LOCATION")]
        );
        let doc_b = docs.iter().find(|d| d.text == b).unwrap();
        assert_eq!(
            doc_b.gold,
            [LabeledSpan::new(Span::new(0, 6), "FOREIGN_FORCE")],
            "ben did not finish: his accept is not gold"
        );
        assert_eq!(
            doc_b.rejected,
            [LabeledSpan::new(Span::new(0, 6), "PERSON")],
            "his rejection is remembered"
        );
    }

    #[test]
    fn the_split_is_deterministic_by_document_and_about_one_in_five() {
        let docs: Vec<TrainingDoc> = (0..200)
            .map(|i| {
                let text = format!("Document number {i}.");
                TrainingDoc {
                    id: DocumentId::for_text(&text),
                    text,
                    gold: Vec::new(),
                    rejected: Vec::new(),
                }
            })
            .collect();
        let (training, held_out) = split(&docs);
        assert_eq!(training.len() + held_out.len(), 200);
        assert!((25..=55).contains(&held_out.len()), "{}", held_out.len());
        // The same documents are held out whatever the order or the company.
        let mut reversed = docs.clone();
        reversed.reverse();
        let (_, held_out_again) = split(&reversed[..150]);
        for doc in &held_out_again {
            assert!(held_out.iter().any(|d| d.id == doc.id));
        }
        assert!(held_out.iter().all(|d| is_held_out(&d.id)));
        // Two documents always give one of each.
        let (t, h) = split(&docs[..2]);
        assert_eq!((t.len(), h.len()), (1, 1));
    }

    #[test]
    fn a_layer_of_triggers_is_gold_events_by_type_and_rejected_ones() {
        use crate::model::{Event, EventId};
        let text = "Gunmen slaughtered herders near Dori, then torched granaries.";
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut set = set(text, "ana", true, &[("Dori", "LOCATION", Status::Accepted)]);
        for (i, (trigger, sub_type, status)) in [
            ("slaughtered", Some("Attack"), Status::Corrected),
            ("torched", None, Status::Rejected),
        ]
        .into_iter()
        .enumerate()
        {
            let start = text.find(trigger).unwrap();
            let mut review = Review::accepted("ana", at);
            review.status = status;
            set.events.push(Event {
                id: EventId(u32::try_from(i).unwrap() + 1),
                trigger: Span::new(start, start + trigger.len()),
                trigger_text: trigger.to_owned(),
                event_type: "Violence against civilians".to_owned(),
                sub_type: sub_type.map(str::to_owned),
                roles: std::collections::BTreeMap::new(),
                review,
            });
        }
        let docs = layer_documents([(text, &set)], Layer::Triggers);
        assert_eq!(docs.len(), 1);
        let at_word = |w: &str| {
            let start = text.find(w).unwrap();
            Span::new(start, start + w.len())
        };
        assert_eq!(
            docs[0].gold,
            [LabeledSpan::new(
                at_word("slaughtered"),
                "Violence against civilians > Attack"
            )]
        );
        assert_eq!(
            docs[0].rejected,
            [LabeledSpan::new(
                at_word("torched"),
                "Violence against civilians"
            )]
        );
        assert!(
            layer_documents([(text, &set)], Layer::Cues)[0]
                .gold
                .is_empty()
        );
        assert_eq!(
            training_documents([(text, &set)])[0].gold,
            [LabeledSpan::new(at_word("Dori"), "LOCATION")],
            "the mentions' layer is as before"
        );
    }
}
