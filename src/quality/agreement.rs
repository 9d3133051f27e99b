//! Inter-annotator agreement: for every pair of annotators, on the
//! documents both have a file for, how far their gold agrees.
//!
//! The first annotator of a pair is taken as the reference, so precision
//! and recall swap with the order while F1, kappa and the shares of equal
//! actor links and claim attributes do not. A document only one of the
//! pair has is listed and left out: an absent file is not an empty one.

use std::collections::BTreeMap;

use serde::Serialize;

use super::compare::{Comparison, Side, compare_document};
use super::matching::Selection;
use crate::model::{AnnotationSet, DocumentId};

/// One annotator's files, by document.
pub type AnnotatorSets = BTreeMap<DocumentId, AnnotationSet>;

/// A document that only one annotator of a pair has a file for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotShared {
    pub document: DocumentId,
    /// The annotator who has it.
    pub only: String,
}

/// Agreement of one pair of annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairAgreement {
    /// Taken as the reference for precision and recall.
    pub reference: String,
    pub prediction: String,
    pub not_shared: Vec<NotShared>,
    /// All shared documents together.
    pub overall: Comparison,
    /// Each shared document on its own.
    pub per_document: BTreeMap<DocumentId, Comparison>,
}

/// Agreement of every pair of the given annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub annotators: Vec<String>,
    pub pairs: Vec<PairAgreement>,
}

/// Documents both have, and those only one has.
pub fn split_shared<'a>(
    (name_a, a): (&str, &'a AnnotatorSets),
    (name_b, b): (&str, &'a AnnotatorSets),
) -> (Vec<(&'a AnnotationSet, &'a AnnotationSet)>, Vec<NotShared>) {
    let mut shared = Vec::new();
    let mut not_shared = Vec::new();
    for (id, set_a) in a {
        match b.get(id) {
            Some(set_b) => shared.push((set_a, set_b)),
            None => not_shared.push(NotShared {
                document: id.clone(),
                only: name_a.to_owned(),
            }),
        }
    }
    not_shared.extend(
        b.keys()
            .filter(|id| !a.contains_key(*id))
            .map(|id| NotShared {
                document: id.clone(),
                only: name_b.to_owned(),
            }),
    );
    not_shared.sort_by(|x, y| x.document.cmp(&y.document));
    (shared, not_shared)
}

/// Pairwise agreement, in the order given: (A, B), (A, C), (B, C)…
/// `selection` picks each annotator's items, normally [`Selection::Gold`].
pub fn agree(annotators: &[(String, AnnotatorSets)], selection: &Selection) -> Agreement {
    let mut pairs = Vec::new();
    for (i, (name_a, sets_a)) in annotators.iter().enumerate() {
        for (name_b, sets_b) in &annotators[i + 1..] {
            let (shared, not_shared) = split_shared((name_a, sets_a), (name_b, sets_b));
            let mut overall = Comparison::default();
            let mut per_document = BTreeMap::new();
            for (set_a, set_b) in shared {
                let doc = compare_document(
                    Side {
                        set: set_a,
                        selection,
                    },
                    Side {
                        set: set_b,
                        selection,
                    },
                );
                overall.add(&doc);
                let mut alone = Comparison::default();
                alone.add(&doc);
                per_document.insert(set_a.document.clone(), alone);
            }
            pairs.push(PairAgreement {
                reference: name_a.clone(),
                prediction: name_b.clone(),
                not_shared,
                overall,
                per_document,
            });
        }
    }
    Agreement {
        annotators: annotators.iter().map(|(name, _)| name.clone()).collect(),
        pairs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, ClaimId, ClaimSource, Event, EventId, MentionId, Review, Span};
    use crate::quality::test_util::set_from_marked;

    fn sets(docs: &[(&str, &str)], annotator: &str) -> AnnotatorSets {
        docs.iter()
            .map(|(key, marked)| {
                let (mut set, _) = set_from_marked(marked, annotator);
                // Documents are keyed by the caller's name so that both
                // annotators' versions of one text share an id.
                set.document = DocumentId::for_text(key);
                (set.document.clone(), set)
            })
            .collect()
    }

    fn claim(
        id: u32,
        cue: Span,
        stance: &str,
        source: Option<ClaimSource>,
        responsible: &[u32],
    ) -> Claim {
        Claim {
            id: ClaimId(id),
            cue,
            cue_text: String::new(),
            stance: stance.into(),
            source,
            responsible: responsible.iter().map(|&r| MentionId(r)).collect(),
            events: Vec::new(),
            review: Review::accepted("x", jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// Two documents shared, one only Ana has.
    ///
    /// doc1, Ana: JNIM/ARMED_GROUP, Farabougou/LOCATION, Malian army/STATE_FORCE
    ///       Ben: JNIM/ARMED_GROUP, Farabougou/STATE_FORCE, army/STATE_FORCE
    /// doc2, Ana: Wagner/FOREIGN_FORCE, Ménaka/LOCATION
    ///       Ben: Wagner/FOREIGN_FORCE, Ménaka/LOCATION, Tuesday/DATE
    /// doc3: Ana only (its JNIM must not count).
    ///
    /// Exact (span + label), Ana as reference:
    ///   doc1: TP JNIM; FN Farabougou/LOC, Malian army; FP Farabougou/SF, army → 1/2/2
    ///   doc2: TP Wagner, Ménaka; FP Tuesday → 2/1/0
    ///   overall TP 3, FP 3, FN 2: P 3/6 = 0.5, R 3/5 = 0.6, F1 = 0.6/1.1 = 6/11.
    /// Overlap (same label): doc1 adds Malian army ~ army → TP 4, FP 2, FN 1:
    ///   P 4/6, R 4/5, F1 = 2·(2/3)(4/5)/(2/3+4/5) = (16/15)/(22/15) = 8/11.
    /// Same-span pairs: JNIM (AG,AG), Farabougou (LOC,SF), Wagner (FF,FF),
    ///   Ménaka (LOC,LOC): p_o = 3/4; Ana AG1 LOC2 FF1, Ben AG1 SF1 FF1 LOC1:
    ///   p_e = (1·1 + 2·1 + 1·1 + 0·1)/16 = 4/16; kappa = (3/4-1/4)/(3/4) = 2/3.
    #[test]
    fn agreement_counted_by_hand() {
        let ana = sets(
            &[
                (
                    "doc1",
                    "[[JNIM|ARMED_GROUP|jnim]] attacked [[Farabougou|LOCATION]]; the [[Malian army|STATE_FORCE|fama]] said",
                ),
                (
                    "doc2",
                    "[[Wagner|FOREIGN_FORCE|wagner]] in [[Ménaka|LOCATION]] on Tuesday",
                ),
                ("doc3", "[[JNIM|ARMED_GROUP]] again"),
            ],
            "ana",
        );
        let ben = sets(
            &[
                (
                    "doc1",
                    "[[JNIM|ARMED_GROUP|jnim]] attacked [[Farabougou|STATE_FORCE]]; the Malian [[army|STATE_FORCE|fama]] said",
                ),
                (
                    "doc2",
                    "[[Wagner|FOREIGN_FORCE|africa-corps]] in [[Ménaka|LOCATION]] on [[Tuesday|DATE]]",
                ),
            ],
            "ben",
        );
        let result = agree(
            &[("ana".into(), ana), ("ben".into(), ben)],
            &Selection::Gold,
        );
        assert_eq!(result.pairs.len(), 1);
        let pair = &result.pairs[0];
        assert_eq!(pair.not_shared.len(), 1);
        assert_eq!(pair.not_shared[0].only, "ana");
        assert_eq!(pair.not_shared[0].document, DocumentId::for_text("doc3"));
        let o = &pair.overall;
        assert_eq!(o.documents, 2);
        assert_eq!(
            (
                o.exact.true_positives,
                o.exact.false_positives,
                o.exact.false_negatives
            ),
            (3, 3, 2)
        );
        assert!((o.exact.f1() - 6.0 / 11.0).abs() < 1e-12);
        assert_eq!(
            (
                o.overlap.true_positives,
                o.overlap.false_positives,
                o.overlap.false_negatives
            ),
            (4, 2, 1)
        );
        assert!((o.overlap.f1() - 8.0 / 11.0).abs() < 1e-12);
        let loc = o.exact_by_label["LOCATION"];
        assert_eq!(
            (loc.true_positives, loc.false_positives, loc.false_negatives),
            (1, 0, 1)
        );
        let state = o.exact_by_label["STATE_FORCE"];
        assert_eq!(
            (
                state.true_positives,
                state.false_positives,
                state.false_negatives
            ),
            (0, 2, 1)
        );
        assert_eq!(o.exact_by_label["DATE"].false_positives, 1);
        let kappa = o.kappa.unwrap();
        assert!((kappa - 2.0 / 3.0).abs() < 1e-12, "{kappa}");
        // Actor links on same-span pairs with a link on either side: JNIM
        // equal, Wagner differs (Malian army/army is not a same-span pair).
        assert_eq!((o.actor_links.agree, o.actor_links.total), (1, 2));
        let doc1 = &pair.per_document[&DocumentId::for_text("doc1")];
        assert_eq!(doc1.exact.true_positives, 1);
        assert_eq!(doc1.overlap.true_positives, 2);
    }

    #[test]
    fn f1_and_kappa_are_symmetric_precision_and_recall_swap() {
        let ana = sets(
            &[("d", "[[JNIM|ARMED_GROUP]] and [[Mali|LOCATION]]")],
            "ana",
        );
        let ben = sets(
            &[("d", "[[JNIM|ARMED_GROUP]] and [[Mali|STATE_FORCE]]")],
            "ben",
        );
        let ab = agree(
            &[("ana".into(), ana.clone()), ("ben".into(), ben.clone())],
            &Selection::Gold,
        );
        let ba = agree(
            &[("ben".into(), ben), ("ana".into(), ana)],
            &Selection::Gold,
        );
        let (ab, ba) = (&ab.pairs[0].overall, &ba.pairs[0].overall);
        assert_eq!(ab.exact.f1(), ba.exact.f1());
        assert_eq!(ab.exact.precision(), ba.exact.recall());
        assert_eq!(ab.kappa, ba.kappa);
    }

    #[test]
    fn three_annotators_give_three_pairs() {
        let one = |name: &str| sets(&[("d", "[[JNIM|ARMED_GROUP]]")], name);
        let result = agree(
            &[
                ("a".into(), one("a")),
                ("b".into(), one("b")),
                ("c".into(), one("c")),
            ],
            &Selection::Gold,
        );
        let names: Vec<(&str, &str)> = result
            .pairs
            .iter()
            .map(|p| (p.reference.as_str(), p.prediction.as_str()))
            .collect();
        assert_eq!(names, [("a", "b"), ("a", "c"), ("b", "c")]);
        assert!(result.pairs.iter().all(|p| p.overall.exact.f1() == 1.0));
    }

    /// Ana: "JNIM claimed the attack, AFP reported": claim 1 (cue "claimed")
    /// Claimed, source JNIM, responsible JNIM; claim 2 (cue "reported")
    /// Reported by reporter AFP.
    /// Ben: claim on "claimed the" (overlaps) Claimed, source JNIM,
    /// responsible none; claim on "reported" Confirmed by reporter AFP.
    /// Both tie claim 1 to the event on "attack" (different event ids);
    /// only Ana ties claim 2 to it.
    /// Two matched claims: stance 1/2, source 2/2, responsible 1/2, event 1/2.
    #[test]
    fn claims_match_by_cue_and_compare_by_spans() {
        let marked = "[[JNIM|ARMED_GROUP]] claimed the attack, AFP reported";
        let (mut ana, text) = set_from_marked(marked, "ana");
        let (mut ben, _) = set_from_marked(marked, "ben");
        // Ben's mention has another id: ids must not matter, spans do.
        ben.mentions[0].id = MentionId(7);
        let at = |word: &str| {
            let start = text.find(word).unwrap();
            Span::new(start, start + word.len())
        };
        ana.claims = vec![
            claim(
                1,
                at("claimed"),
                "Claimed",
                Some(ClaimSource::Mention(MentionId(1))),
                &[1],
            ),
            claim(
                2,
                at("reported"),
                "Reported",
                Some(ClaimSource::Reporter("AFP".into())),
                &[],
            ),
        ];
        ben.claims = vec![
            claim(
                1,
                at("claimed the"),
                "Claimed",
                Some(ClaimSource::Mention(MentionId(7))),
                &[],
            ),
            claim(
                2,
                at("reported"),
                "Confirmed",
                Some(ClaimSource::Reporter("AFP".into())),
                &[],
            ),
        ];
        let event = |id: u32| Event {
            id: EventId(id),
            trigger: at("attack"),
            trigger_text: "attack".into(),
            event_type: "Battles".into(),
            sub_type: None,
            roles: BTreeMap::new(),
            review: Review::accepted("x", jiff::Timestamp::UNIX_EPOCH),
        };
        ana.events = vec![event(1)];
        ben.events = vec![event(4)];
        ana.claims[0].events = vec![EventId(1)];
        ana.claims[1].events = vec![EventId(1)];
        ben.claims[0].events = vec![EventId(4)];
        let key = DocumentId::for_text(&text);
        let result = agree(
            &[
                ("ana".into(), BTreeMap::from([(key.clone(), ana)])),
                ("ben".into(), BTreeMap::from([(key, ben)])),
            ],
            &Selection::Gold,
        );
        let o = &result.pairs[0].overall;
        assert_eq!(o.claims.true_positives, 2);
        assert_eq!((o.claim_stance.agree, o.claim_stance.total), (1, 2));
        assert_eq!((o.claim_source.agree, o.claim_source.total), (2, 2));
        assert_eq!(
            (o.claim_responsible.agree, o.claim_responsible.total),
            (1, 2)
        );
        assert_eq!((o.claim_event.agree, o.claim_event.total), (1, 2));
    }

    #[test]
    fn a_source_naming_a_missing_mention_never_agrees() {
        let (mut ana, text) = set_from_marked("JNIM claimed it", "ana");
        let (mut ben, _) = set_from_marked("JNIM claimed it", "ben");
        let cue = Span::new(5, 12);
        assert_eq!(&text[5..12], "claimed");
        let dangling = || Some(ClaimSource::Mention(MentionId(9)));
        ana.claims = vec![claim(1, cue, "Claimed", dangling(), &[9])];
        ben.claims = vec![claim(1, cue, "Claimed", dangling(), &[9])];
        let key = DocumentId::for_text(&text);
        let result = agree(
            &[
                ("ana".into(), BTreeMap::from([(key.clone(), ana)])),
                ("ben".into(), BTreeMap::from([(key, ben)])),
            ],
            &Selection::Gold,
        );
        let o = &result.pairs[0].overall;
        assert_eq!((o.claim_source.agree, o.claim_source.total), (0, 1));
        assert_eq!(
            (o.claim_responsible.agree, o.claim_responsible.total),
            (0, 1)
        );
        assert_eq!((o.claim_stance.agree, o.claim_stance.total), (1, 1));
    }

    #[test]
    fn events_match_by_trigger_and_compare_type_and_role_spans() {
        use crate::quality::compare::Side;
        fn gold(set: &AnnotationSet) -> Side<'_> {
            Side {
                set,
                selection: &Selection::Gold,
            }
        }
        let text = "Gunmen killed a woman in Djibo on Tuesday.";
        let span = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let event = |id: u32, sub_type: &str, agent: Option<MentionId>| Event {
            id: EventId(id),
            trigger: span("killed"),
            trigger_text: "killed".into(),
            event_type: "Violence against civilians".into(),
            sub_type: Some(sub_type.into()),
            roles: agent
                .map(|m| [("agent".to_owned(), vec![m])].into_iter().collect())
                .unwrap_or_default(),
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        };
        let (mut ana, _) = set_from_marked(
            "[[Gunmen|ARMED_GROUP]] killed a woman in Djibo on Tuesday.",
            "ana",
        );
        let (mut ben, _) = set_from_marked(
            "[[Gunmen|ARMED_GROUP]] killed a woman in Djibo on Tuesday.",
            "ben",
        );
        ana.events = vec![event(1, "Attack", Some(MentionId(1)))];
        ben.events = vec![
            event(7, "Attack", Some(MentionId(1))),
            event(8, "Abduction/forced disappearance", None),
        ];
        ben.events[1].trigger = span("Djibo");
        let doc = compare_document(gold(&ana), gold(&ben));
        assert_eq!(
            (
                doc.events.true_positives,
                doc.events.false_positives,
                doc.events.false_negatives
            ),
            (1, 1, 0)
        );
        assert_eq!((doc.event_type.agree, doc.event_type.total), (1, 1));
        assert_eq!((doc.event_roles.agree, doc.event_roles.total), (1, 1));
        ben.events[0].sub_type = Some("Sexual violence".into());
        ben.events[0].roles.clear();
        let doc = compare_document(gold(&ana), gold(&ben));
        assert_eq!((doc.event_type.agree, doc.event_roles.agree), (0, 0));
    }
}
