//! Inter-annotator agreement: for every pair of annotators, on the
//! documents both have a file for, how far their gold agrees.
//!
//! The first annotator of a pair is taken as the reference, so precision
//! and recall swap with the order while F1, kappa and the shares of equal
//! actor links and claim attributes do not. A document only one of the
//! pair has is listed and left out: an absent file is not an empty one.
//!
//! Agreement is counted document by document ([`AgreementTally`]): a
//! document's files are compared pair by pair and folded into running
//! sums, so a project is compared holding one document's files at a time
//! (per thread), and tallies of parts of a project merge into the tally of
//! the whole with the same figures.

use std::collections::{BTreeMap, BTreeSet};
use std::io;

use serde::Serialize;

use super::compare::{Comparison, Selected, Side};
use super::matching::Selection;
use super::numbered::{DocumentLabels, FileMarks, LabelNumbers, PairSums, PairTables};
use super::scores::Counts;
use super::spill::{Record, Spill, SpilledList, option_of_words, option_words};
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

/// A pair's figures on one shared document: what `attest agree` lists per
/// document (the full sums are kept only for all documents together, and
/// these figures in a temporary file, so that memory does not grow with
/// the number of documents).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DocumentScores {
    /// Same span and label.
    pub exact: Counts,
    /// Overlapping spans and the same label.
    pub overlap: Counts,
    /// Cohen's kappa on the labels of the document's same-span pairs.
    pub kappa: Option<f64>,
}

impl Record for DocumentScores {
    fn to_words(&self) -> Vec<u64> {
        let counts =
            |c: Counts| [c.true_positives, c.false_positives, c.false_negatives].map(|n| n as u64);
        let mut words = Vec::with_capacity(8);
        words.extend(counts(self.exact));
        words.extend(counts(self.overlap));
        words.extend(option_words(self.kappa));
        words
    }

    fn from_words(words: &[u64]) -> Option<Self> {
        let &[etp, efp, efn, otp, ofp, ofn, present, bits] = words else {
            return None;
        };
        let counts = |tp: u64, fp: u64, fn_: u64| -> Option<Counts> {
            Some(Counts {
                true_positives: usize::try_from(tp).ok()?,
                false_positives: usize::try_from(fp).ok()?,
                false_negatives: usize::try_from(fn_).ok()?,
            })
        };
        Some(Self {
            exact: counts(etp, efp, efn)?,
            overlap: counts(otp, ofp, ofn)?,
            kappa: option_of_words(present, bits),
        })
    }
}

/// A pair's [`DocumentScores`] by document id, read back from the
/// temporary file they were written to.
pub type PairDocuments = SpilledList<DocumentScores>;

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
    pub per_document: PairDocuments,
}

/// Agreement of every pair of the given annotators.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Agreement {
    pub annotators: Vec<String>,
    pub pairs: Vec<PairAgreement>,
    /// Krippendorff's alpha of all the annotators together, on the
    /// mentions' aligned units (see [`super::alpha`]).
    pub alpha: super::alpha::AlphaReport,
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

/// Running pairwise agreement, fed one document at a time: its memory is
/// the sums of each pair (they grow with the labels, not the documents);
/// each shared document's [`DocumentScores`] go to a temporary file. Fed
/// in the order of the documents' ids, it never holds them in memory.
#[derive(Debug)]
pub struct AgreementTally {
    annotators: Vec<String>,
    /// (A, B), (A, C), (B, C)…: the pairs in [`agree`]'s order.
    pairs: Vec<PairTally>,
    /// Each pair's [`DocumentScores`], a list per pair.
    per_document: Spill,
    alpha: super::alpha::AlphaTally,
    /// The labels seen so far, numbered for the pairs' sums.
    labels: LabelNumbers,
    /// Space for one pair's tables on one document, reused.
    tables: PairTables,
}

#[derive(Clone, Debug, Default)]
struct PairTally {
    not_shared: Vec<NotShared>,
    overall: PairSums,
}

impl AgreementTally {
    /// No document yet, for `annotators` in the order pairs are formed.
    pub fn new(annotators: &[String]) -> Self {
        let count = annotators.len();
        let pairs = count * count.saturating_sub(1) / 2;
        Self {
            annotators: annotators.to_vec(),
            pairs: vec![PairTally::default(); pairs],
            per_document: Spill::new(pairs),
            alpha: super::alpha::AlphaTally::default(),
            labels: LabelNumbers::default(),
            tables: PairTables::default(),
        }
    }

    /// Counts one document: `sets[i]` is annotator `i`'s file of it, if
    /// they have one. `selection` picks each side's items.
    ///
    /// # Panics
    /// If `sets` does not have one entry per annotator.
    pub fn add_document(
        &mut self,
        document: &DocumentId,
        sets: &[Option<&AnnotationSet>],
        selection: &Selection,
    ) {
        assert_eq!(sets.len(), self.annotators.len(), "one entry per annotator");
        // Each file's items are selected once, for all its pairs.
        let selected: Vec<Option<Selected<'_>>> = sets
            .iter()
            .map(|set| set.map(|set| Selected::of(Side { set, selection })))
            .collect();
        let spans: Vec<Option<super::alpha::Marks<'_>>> = selected
            .iter()
            .map(|selected| {
                selected.as_ref().map(|selected| {
                    selected
                        .mentions
                        .iter()
                        .map(|m| (m.span.start_byte, m.span.end_byte, m.label.as_str()))
                        .collect()
                })
            })
            .collect();
        self.alpha.add_document(document, &spans);
        let labels = DocumentLabels::of(&selected);
        let numbers = self.labels.of_document(&labels);
        let marks: Vec<Option<FileMarks<'_>>> = selected
            .iter()
            .map(|selected| selected.as_ref().map(|s| FileMarks::of(s, &labels)))
            .collect();
        let mut pairs = self.pairs.iter_mut().enumerate();
        for (i, a) in selected.iter().enumerate() {
            for (j, b) in selected.iter().enumerate().skip(i + 1) {
                let Some((index, pair)) = pairs.next() else {
                    return;
                };
                let only = match (a, b) {
                    (Some(a), Some(b)) => {
                        let (Some(marks_a), Some(marks_b)) = (&marks[i], &marks[j]) else {
                            continue;
                        };
                        self.tables.compare(marks_a, marks_b, labels.len());
                        let (exact, overlap, kappa) = self.tables.scores(&labels);
                        let scores = DocumentScores {
                            exact,
                            overlap,
                            kappa,
                        };
                        self.per_document.push(index, document, &scores);
                        // Kappa is worked out once, in `finish`.
                        let others = self.tables.compare_others(a, b);
                        pair.overall.add(&self.tables, &numbers, others);
                        continue;
                    }
                    (Some(_), None) => i,
                    (None, Some(_)) => j,
                    (None, None) => continue,
                };
                pair.not_shared.push(NotShared {
                    document: document.clone(),
                    only: self.annotators[only].clone(),
                });
            }
        }
    }

    /// Adds the tally of other documents (of the same annotators).
    pub fn merge(&mut self, other: Self) {
        self.alpha.merge(other.alpha);
        let numbers = self.labels.translate(&other.labels);
        for (pair, other) in self.pairs.iter_mut().zip(other.pairs) {
            pair.not_shared.extend(other.not_shared);
            pair.overall.merge(other.overall, &numbers);
        }
        self.per_document.append(other.per_document);
    }

    /// The agreement of every pair over the documents counted; an error if
    /// the per-document figures could not be kept in their temporary file.
    pub fn finish(self) -> io::Result<Agreement> {
        let per_document = self.per_document.finish()?;
        let mut tallies = self.pairs.into_iter().enumerate();
        let mut pairs = Vec::new();
        for (i, reference) in self.annotators.iter().enumerate() {
            for prediction in &self.annotators[i + 1..] {
                let Some((index, tally)) = tallies.next() else {
                    break;
                };
                let mut not_shared = tally.not_shared;
                not_shared.sort_by(|x, y| x.document.cmp(&y.document));
                pairs.push(PairAgreement {
                    reference: reference.clone(),
                    prediction: prediction.clone(),
                    not_shared,
                    overall: tally.overall.into_comparison(&self.labels),
                    per_document: per_document.list(index),
                });
            }
        }
        Ok(Agreement {
            annotators: self.annotators,
            pairs,
            alpha: self.alpha.finish()?,
        })
    }
}

/// Pairwise agreement, in the order given: (A, B), (A, C), (B, C)…
/// `selection` picks each annotator's items, normally [`Selection::Gold`].
/// An error if the per-document figures could not be kept in a temporary
/// file.
pub fn agree(
    annotators: &[(String, AnnotatorSets)],
    selection: &Selection,
) -> io::Result<Agreement> {
    let names: Vec<String> = annotators.iter().map(|(name, _)| name.clone()).collect();
    let documents: BTreeSet<&DocumentId> = annotators
        .iter()
        .flat_map(|(_, sets)| sets.keys())
        .collect();
    let mut tally = AgreementTally::new(&names);
    for document in documents {
        let sets: Vec<Option<&AnnotationSet>> = annotators
            .iter()
            .map(|(_, sets)| sets.get(document))
            .collect();
        tally.add_document(document, &sets, selection);
    }
    tally.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Claim, ClaimId, ClaimSource, Event, EventId, MentionId, Review, Span};
    use crate::quality::compare::DocumentComparison;
    use crate::quality::compare::compare_document;
    use crate::quality::scores::cohen_kappa_counted;
    use crate::quality::test_util::set_from_marked;

    /// The figures [`compare_document`] gives one document, summed as
    /// [`DocumentScores`] are.
    fn scores_of(document: &DocumentComparison<'_>) -> DocumentScores {
        let total = |by_label: &BTreeMap<&str, Counts>| {
            let mut sum = Counts::default();
            for counts in by_label.values() {
                sum.add(*counts);
            }
            sum
        };
        let mut label_pairs: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (a, b) in &document.span_pairs {
            *label_pairs.entry((a, b)).or_default() += 1;
        }
        DocumentScores {
            exact: total(&document.exact),
            overlap: total(&document.overlap),
            kappa: cohen_kappa_counted(label_pairs.into_iter().map(|((a, b), n)| (a, b, n))),
        }
    }

    /// A pair's per-document figures, read back whole.
    fn read_back(per_document: &PairDocuments) -> BTreeMap<DocumentId, DocumentScores> {
        per_document.iter().map(Result::unwrap).collect()
    }

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
        )
        .unwrap();
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
        let doc1 = &read_back(&pair.per_document)[&DocumentId::for_text("doc1")];
        assert_eq!(doc1.exact.true_positives, 1);
        assert_eq!(doc1.overlap.true_positives, 2);
    }

    /// Documents counted in two tallies, merged in the other order, give
    /// the figures of one tally that counted them all in order.
    #[test]
    fn tallies_of_parts_merge_into_the_figures_of_the_whole() {
        let docs = |marks: &[&str], name: &str| {
            let keyed: Vec<(String, &str)> = marks
                .iter()
                .enumerate()
                .filter(|(_, m)| !m.is_empty())
                .map(|(k, m)| (format!("doc{k}"), *m))
                .collect();
            let keyed: Vec<(&str, &str)> = keyed.iter().map(|(k, m)| (k.as_str(), *m)).collect();
            sets(&keyed, name)
        };
        let ana = docs(
            &[
                "[[JNIM|ARMED_GROUP]] attacked [[Farabougou|LOCATION]]",
                "[[Wagner|FOREIGN_FORCE]] in [[Ménaka|LOCATION]]",
                "[[the army|STATE_FORCE]] said on [[Tuesday|DATE]]",
                "",
                "[[Boko Haram|ARMED_GROUP]] in [[Diffa|LOCATION]]",
            ],
            "ana",
        );
        let ben = docs(
            &[
                "[[JNIM|ARMED_GROUP]] attacked [[Farabougou|STATE_FORCE]]",
                "",
                "the [[army|STATE_FORCE]] said on [[Tuesday|DATE]]",
                "[[Kidal|LOCATION]] again",
                "[[Boko Haram|ARMED_GROUP]] in [[Diffa|LOCATION]]",
            ],
            "ben",
        );
        let cy = docs(
            &[
                "[[JNIM|LOCATION]] attacked Farabougou",
                "[[Wagner|FOREIGN_FORCE]] in [[Ménaka|LOCATION]]",
                "",
                "[[Kidal|LOCATION]] again",
                "Boko Haram in [[Diffa|LOCATION]]",
            ],
            "cy",
        );
        let annotators = [("ana".into(), ana), ("ben".into(), ben), ("cy".into(), cy)];
        let whole = agree(&annotators, &Selection::Gold).unwrap();
        let names: Vec<String> = annotators.iter().map(|(n, _)| n.clone()).collect();
        let documents: BTreeSet<&DocumentId> =
            annotators.iter().flat_map(|(_, s)| s.keys()).collect();
        let (mut even, mut odd) = (AgreementTally::new(&names), AgreementTally::new(&names));
        for (k, document) in documents.into_iter().enumerate() {
            let sets: Vec<Option<&AnnotationSet>> =
                annotators.iter().map(|(_, s)| s.get(document)).collect();
            let tally = if k % 2 == 0 { &mut even } else { &mut odd };
            tally.add_document(document, &sets, &Selection::Gold);
        }
        odd.merge(even);
        let merged = odd.finish().unwrap();
        assert_eq!(merged, whole);
        let ab = &whole.pairs[0];
        assert_eq!((ab.overall.documents, ab.not_shared.len()), (3, 2));
        assert!(ab.overall.kappa.is_some());
        assert_eq!(ab.per_document.len(), 3);
    }

    /// Random files of four annotators (labels that collide with the
    /// confusion table's `missed` and `spurious`, nested, overlapping and
    /// repeated spans, actor links, documents some lack), counted in three
    /// tallies that are merged: every pair's figures are those of comparing
    /// each shared document with [`compare_document`] and summing.
    #[test]
    fn numbered_tallies_give_the_figures_of_comparing_documents_one_by_one() {
        use crate::model::{Mention, MentionId, Span};
        let mut seed: u64 = 11;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        };
        const LABELS: [&str; 6] = ["LOCATION", "ARMED_GROUP", "missed", "spurious", "DATE", "A"];
        let names: Vec<String> = ["ana", "ben", "cy", "dee"].map(String::from).to_vec();
        let documents: Vec<DocumentId> = (0..60)
            .map(|k| DocumentId::for_text(&format!("doc{k}")))
            .collect();
        let mut files: Vec<AnnotatorSets> = vec![AnnotatorSets::new(); names.len()];
        for document in &documents {
            for (annotator, sets) in files.iter_mut().enumerate() {
                if next(6) == 0 {
                    continue;
                }
                let mut set = AnnotationSet::new(document.clone(), &names[annotator]);
                for id in 0..next(9) {
                    let start = next(30);
                    let end = start + 1 + next(6);
                    set.mentions.push(Mention {
                        id: MentionId(u32::try_from(id).unwrap() + 1),
                        span: Span::new(start, end),
                        text: String::new(),
                        label: LABELS[next(LABELS.len())].to_owned(),
                        actor: (next(3) == 0).then(|| format!("actor{}", next(2))),
                        attributes: BTreeMap::new(),
                        review: Review::accepted("x", jiff::Timestamp::UNIX_EPOCH),
                    });
                }
                sets.insert(document.clone(), set);
            }
        }
        let mut tallies: Vec<AgreementTally> =
            (0..3).map(|_| AgreementTally::new(&names)).collect();
        for (k, document) in documents.iter().enumerate() {
            let sets: Vec<Option<&AnnotationSet>> =
                files.iter().map(|sets| sets.get(document)).collect();
            tallies[k % 3].add_document(document, &sets, &Selection::Gold);
        }
        let mut tallies = tallies.into_iter().rev();
        let mut merged = tallies.next().unwrap();
        for tally in tallies {
            merged.merge(tally);
        }
        let result = merged.finish().unwrap();
        let gold = |set| Side {
            set,
            selection: &Selection::Gold,
        };
        let mut pairs = result.pairs.iter();
        for i in 0..names.len() {
            for j in i + 1..names.len() {
                let pair = pairs.next().unwrap();
                let mut overall = Comparison::default();
                let mut per_document = BTreeMap::new();
                for (document, a) in &files[i] {
                    let Some(b) = files[j].get(document) else {
                        continue;
                    };
                    let compared = compare_document(gold(a), gold(b));
                    overall.add_counts(&compared);
                    per_document.insert(document.clone(), scores_of(&compared));
                }
                overall.update_kappa();
                assert!(overall.documents > 30 && overall.span_pairs > 0);
                assert!(overall.confusion.contains_key("spurious"));
                assert_eq!(pair.overall, overall, "{} and {}", names[i], names[j]);
                assert_eq!(read_back(&pair.per_document), per_document);
            }
        }
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
        )
        .unwrap();
        let ba = agree(
            &[("ben".into(), ben), ("ana".into(), ana)],
            &Selection::Gold,
        )
        .unwrap();
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
        )
        .unwrap();
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
        )
        .unwrap();
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
        )
        .unwrap();
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
