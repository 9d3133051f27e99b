//! Matching two views of one document: which mentions (or claims) of one
//! side correspond to which of the other.
//!
//! Exact matching follows the CoNLL convention (both boundaries equal);
//! overlap matching pairs spans that share at least one byte. Either way a
//! mention is matched at most once, pairs are taken greedily by largest
//! overlap, and ties go to reading order, so the result never depends on
//! the order items are stored in.

use std::cmp::Reverse;

use crate::model::{AnnotationSet, Claim, Event, Mention, Span, Status};

/// Which items of an annotation file count as that side's annotations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Accepted and corrected items: an annotator's gold.
    Gold,
    /// Gold plus open suggestions: the output of a system stored as an
    /// annotator (`import --as suggestions`), where nothing was reviewed yet.
    Predictions,
    /// Everything proposed by this suggester or imported source, whatever
    /// was decided since: a rejected proposal is still a prediction it made.
    ProposedBy(String),
}

impl Selection {
    /// Whether an item with this status and proposer counts.
    pub fn keeps(&self, status: &Status, proposed_by: Option<&str>) -> bool {
        match self {
            Selection::Gold => status.is_gold(),
            Selection::Predictions => status.is_gold() || status.is_open(),
            Selection::ProposedBy(source) => proposed_by == Some(source.as_str()),
        }
    }

    /// The selected mentions, in reading order then label.
    pub fn mentions<'a>(&self, set: &'a AnnotationSet) -> Vec<&'a Mention> {
        let mut mentions: Vec<&Mention> = set
            .mentions
            .iter()
            .filter(|m| self.keeps(&m.review.status, m.review.suggester()))
            .collect();
        mentions.sort_by(|a, b| (a.span, &a.label, a.id).cmp(&(b.span, &b.label, b.id)));
        mentions
    }

    /// The selected events, in reading order.
    pub fn events<'a>(&self, set: &'a AnnotationSet) -> Vec<&'a Event> {
        let mut events: Vec<&Event> = set
            .events
            .iter()
            .filter(|e| self.keeps(&e.review.status, e.review.suggester()))
            .collect();
        events.sort_by_key(|e| (e.trigger, e.id));
        events
    }

    /// The selected claims, in reading order.
    pub fn claims<'a>(&self, set: &'a AnnotationSet) -> Vec<&'a Claim> {
        let mut claims: Vec<&Claim> = set
            .claims
            .iter()
            .filter(|c| self.keeps(&c.review.status, c.review.suggester()))
            .collect();
        claims.sort_by_key(|c| (c.cue, c.id));
        claims
    }
}

/// How two mentions must relate to be paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MatchMode {
    /// Same span and same label: the CoNLL convention.
    Exact,
    /// Overlapping spans and same label.
    Overlap,
    /// Same span, any label: pairs whose labels are then compared (kappa,
    /// confusion table, actor links).
    SpanOnly,
}

/// Pairs of indices into the reference and prediction lists, and what is
/// left over on each side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Matching {
    /// `(reference index, prediction index)`, sorted by reference index.
    pub pairs: Vec<(usize, usize)>,
    /// Reference items with no partner: misses (false negatives).
    pub unmatched_reference: Vec<usize>,
    /// Prediction items with no partner: false positives.
    pub unmatched_prediction: Vec<usize>,
}

/// Bytes two spans share (0 when they do not overlap).
pub(crate) fn overlap_bytes(a: Span, b: Span) -> usize {
    a.end_byte
        .min(b.end_byte)
        .saturating_sub(a.start_byte.max(b.start_byte))
}

/// Pairs `reference` with `prediction` mentions under `mode`.
pub fn match_mentions(
    reference: &[&Mention],
    prediction: &[&Mention],
    mode: MatchMode,
) -> Matching {
    let spans = |mentions: &[&Mention]| mentions.iter().map(|m| m.span).collect::<Vec<_>>();
    greedy(&spans(reference), &spans(prediction), |r, p| {
        let (a, b) = (reference[r], prediction[p]);
        let fits = match mode {
            MatchMode::Exact => a.span == b.span && a.label == b.label,
            MatchMode::Overlap => a.span.overlaps(b.span) && a.label == b.label,
            MatchMode::SpanOnly => a.span == b.span,
        };
        fits.then(|| overlap_bytes(a.span, b.span))
    })
}

/// Pairs events whose triggers overlap, largest overlap first.
pub fn match_events(reference: &[&Event], prediction: &[&Event]) -> Matching {
    let triggers = |events: &[&Event]| events.iter().map(|e| e.trigger).collect::<Vec<_>>();
    greedy(&triggers(reference), &triggers(prediction), |r, p| {
        let (a, b) = (reference[r].trigger, prediction[p].trigger);
        a.overlaps(b).then(|| overlap_bytes(a, b))
    })
}

/// Pairs claims whose cues overlap, largest overlap first.
pub fn match_claims(reference: &[&Claim], prediction: &[&Claim]) -> Matching {
    let cues = |claims: &[&Claim]| claims.iter().map(|c| c.cue).collect::<Vec<_>>();
    greedy(&cues(reference), &cues(prediction), |r, p| {
        let (a, b) = (reference[r].cue, prediction[p].cue);
        a.overlaps(b).then(|| overlap_bytes(a, b))
    })
}

/// Calls `visit(r, p)` for every pair of spans that touch (share a byte
/// or an edge) and perhaps others: every pair that can overlap or be
/// equal. With both lists in reading order (the selections' order) it
/// sweeps along the text, looking only at spans near each other; else it
/// visits every pair.
fn touching_pairs(
    reference: &[Span],
    prediction: &[Span],
    reach: &mut Vec<usize>,
    mut visit: impl FnMut(usize, usize),
) {
    let in_reading_order = |spans: &[Span]| {
        spans.iter().all(|s| s.start_byte <= s.end_byte)
            && spans.windows(2).all(|w| w[0].start_byte <= w[1].start_byte)
    };
    if !in_reading_order(reference) || !in_reading_order(prediction) {
        for r in 0..reference.len() {
            for p in 0..prediction.len() {
                visit(r, p);
            }
        }
        return;
    }
    // The furthest end among the first predictions: those up to `first`
    // all end before a reference span that starts after it.
    let mut furthest = 0;
    reach.clear();
    reach.extend(prediction.iter().map(|s| {
        furthest = furthest.max(s.end_byte);
        furthest
    }));
    let mut first = 0;
    for (r, a) in reference.iter().enumerate() {
        while first < prediction.len() && reach[first] < a.start_byte {
            first += 1;
        }
        for (p, b) in prediction.iter().enumerate().skip(first) {
            if b.start_byte > a.end_byte {
                break;
            }
            if b.end_byte >= a.start_byte {
                visit(r, p);
            }
        }
    }
}

/// Greedy one-to-one matching: every candidate pair with its overlap, the
/// largest first, ties in index order; a pair is taken when both are free.
/// `score` is asked only about spans that touch ([`touching_pairs`]).
fn greedy(
    reference: &[Span],
    prediction: &[Span],
    score: impl Fn(usize, usize) -> Option<usize>,
) -> Matching {
    let mut matching = Matching::default();
    greedy_into(
        reference,
        prediction,
        score,
        &mut MatchBuffers::default(),
        &mut matching,
    );
    matching
}

/// The working space of [`greedy_into`], kept from one matching to the
/// next so that comparing many pairs of files allocates once.
#[derive(Clone, Debug, Default)]
pub(crate) struct MatchBuffers {
    reach: Vec<usize>,
    candidates: Vec<(Reverse<usize>, usize, usize)>,
    reference_taken: Vec<bool>,
    prediction_taken: Vec<bool>,
}

/// [`greedy`] into `matching` (its lists are cleared first), using
/// `buffers`' space.
pub(crate) fn greedy_into(
    reference: &[Span],
    prediction: &[Span],
    score: impl Fn(usize, usize) -> Option<usize>,
    buffers: &mut MatchBuffers,
    matching: &mut Matching,
) {
    let MatchBuffers {
        reach,
        candidates,
        reference_taken,
        prediction_taken,
    } = buffers;
    candidates.clear();
    touching_pairs(reference, prediction, reach, |r, p| {
        if let Some(bytes) = score(r, p) {
            candidates.push((Reverse(bytes), r, p));
        }
    });
    candidates.sort_unstable();
    reference_taken.clear();
    reference_taken.resize(reference.len(), false);
    prediction_taken.clear();
    prediction_taken.resize(prediction.len(), false);
    matching.pairs.clear();
    for &(_, r, p) in candidates.iter() {
        if !reference_taken[r] && !prediction_taken[p] {
            reference_taken[r] = true;
            prediction_taken[p] = true;
            matching.pairs.push((r, p));
        }
    }
    matching.pairs.sort_unstable();
    let free = |taken: &[bool], into: &mut Vec<usize>| {
        into.clear();
        into.extend(
            taken
                .iter()
                .enumerate()
                .filter(|(_, t)| !**t)
                .map(|(i, _)| i),
        );
    };
    free(reference_taken, &mut matching.unmatched_reference);
    free(prediction_taken, &mut matching.unmatched_prediction);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::test_util::set_from_marked;

    #[test]
    fn exact_needs_both_boundaries_and_the_label() {
        let text = "JNIM fighters attacked Farabougou";
        let a = set_from_marked(
            "[[JNIM fighters|ARMED_GROUP]] attacked [[Farabougou|LOCATION]]",
            "a",
        );
        let b = set_from_marked(
            "[[JNIM|ARMED_GROUP]] fighters attacked [[Farabougou|STATE_FORCE]]",
            "b",
        );
        assert_eq!(a.1, text);
        let (ma, mb) = (
            Selection::Gold.mentions(&a.0),
            Selection::Gold.mentions(&b.0),
        );
        let exact = match_mentions(&ma, &mb, MatchMode::Exact);
        assert!(exact.pairs.is_empty());
        assert_eq!(exact.unmatched_reference, vec![0, 1]);
        let overlap = match_mentions(&ma, &mb, MatchMode::Overlap);
        assert_eq!(
            overlap.pairs,
            vec![(0, 0)],
            "JNIM overlaps; Farabougou's label differs"
        );
        let span_only = match_mentions(&ma, &mb, MatchMode::SpanOnly);
        assert_eq!(span_only.pairs, vec![(1, 1)]);
    }

    #[test]
    fn overlap_takes_the_largest_overlap_and_matches_each_mention_once() {
        // Reference "Malian army" overlaps prediction "The Malian" (6 bytes
        // shared) and "army patrol" (4 bytes): the larger wins, and the other
        // prediction stays a false positive.
        let a = set_from_marked("The [[Malian army|STATE_FORCE]] patrol", "a");
        let b = set_from_marked(
            "[[The Malian|STATE_FORCE]] [[army patrol|STATE_FORCE]]",
            "b",
        );
        let (ma, mb) = (
            Selection::Gold.mentions(&a.0),
            Selection::Gold.mentions(&b.0),
        );
        let m = match_mentions(&ma, &mb, MatchMode::Overlap);
        assert_eq!(m.pairs, vec![(0, 0)]);
        assert_eq!(m.unmatched_prediction, vec![1]);
        // Stored order does not change the result.
        let mut reversed = mb.clone();
        reversed.reverse();
        let m = match_mentions(&ma, &reversed, MatchMode::Overlap);
        assert_eq!(reversed[m.pairs[0].1].text, "The Malian");
    }

    #[test]
    fn selections_pick_gold_open_or_one_source() {
        let (mut set, _) = set_from_marked(
            "[[JNIM|ARMED_GROUP]] and [[Mali|LOCATION]] and [[AFP|SOURCE]]",
            "a",
        );
        let at = jiff::Timestamp::UNIX_EPOCH;
        set.mentions[1].review = crate::model::Review::suggested("a", "sys", 0.5, at);
        set.mentions[2].review =
            crate::model::Review::suggested("a", "sys", 0.5, at).decided(Status::Rejected, "a", at);
        let texts = |sel: Selection| -> Vec<String> {
            sel.mentions(&set).iter().map(|m| m.text.clone()).collect()
        };
        assert_eq!(texts(Selection::Gold), ["JNIM"]);
        assert_eq!(texts(Selection::Predictions), ["JNIM", "Mali"]);
        assert_eq!(texts(Selection::ProposedBy("sys".into())), ["Mali", "AFP"]);
    }

    /// The matching as it was made before the sweep: every pair asked.
    fn every_pair_greedy(
        reference: &[Span],
        prediction: &[Span],
        score: impl Fn(usize, usize) -> Option<usize>,
    ) -> Matching {
        let mut candidates = Vec::new();
        for r in 0..reference.len() {
            for p in 0..prediction.len() {
                if let Some(bytes) = score(r, p) {
                    candidates.push((Reverse(bytes), r, p));
                }
            }
        }
        candidates.sort_unstable();
        let mut taken = (vec![false; reference.len()], vec![false; prediction.len()]);
        let mut pairs = Vec::new();
        for (_, r, p) in candidates {
            if !taken.0[r] && !taken.1[p] {
                (taken.0[r], taken.1[p]) = (true, true);
                pairs.push((r, p));
            }
        }
        pairs.sort_unstable();
        let free = |taken: &[bool]| (0..taken.len()).filter(|&i| !taken[i]).collect();
        Matching {
            pairs,
            unmatched_reference: free(&taken.0),
            unmatched_prediction: free(&taken.1),
        }
    }

    #[test]
    fn the_sweep_along_the_text_matches_as_asking_every_pair_does() {
        let mut seed: u64 = 7;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % below
        };
        for round in 0..400 {
            let counts = (next(12), next(12));
            let mut spans = |count: usize| -> Vec<Span> {
                let mut spans: Vec<Span> = (0..count)
                    .map(|_| {
                        let start = next(60);
                        // Empty, short, long and (rarely) reversed spans.
                        let end = match next(12) {
                            0 => start,
                            1 => start.saturating_sub(3),
                            2 => start + 40,
                            _ => start + 1 + next(8),
                        };
                        Span::new(start, end)
                    })
                    .collect();
                if round % 5 != 0 {
                    spans.sort();
                }
                spans
            };
            let reference = spans(counts.0);
            let prediction = spans(counts.1);
            let overlap = |r: usize, p: usize| {
                let (a, b) = (reference[r], prediction[p]);
                a.overlaps(b).then(|| overlap_bytes(a, b))
            };
            let equal = |r: usize, p: usize| (reference[r] == prediction[p]).then_some(0);
            assert_eq!(
                greedy(&reference, &prediction, overlap),
                every_pair_greedy(&reference, &prediction, overlap),
                "{reference:?} {prediction:?}"
            );
            assert_eq!(
                greedy(&reference, &prediction, equal),
                every_pair_greedy(&reference, &prediction, equal),
                "{reference:?} {prediction:?}"
            );
        }
    }
}
