//! Agreement's mention figures worked out on numbers: a document's labels
//! are numbered once, in their sort order, so that each of the many pairs
//! of its files is matched and tallied on integers, in buffers reused from
//! pair to pair, and the running sums of a pair of annotators are tables
//! indexed by label number rather than maps keyed by label text.
//!
//! The figures are those of comparing each document on its own and summing
//! with [`Comparison::add_counts`]: the same matcher decides the pairs, on
//! the same spans in the same order, and label numbers compare as the
//! labels do, so tables read in number order list in the labels' order.

use std::collections::HashMap;

use super::compare::{
    ClaimsAndEvents, Comparison, MISSED, SPURIOUS, Selected, compare_claims_and_events,
};
use super::matching::{MatchBuffers, MatchMode, Matching, greedy_into, overlap_bytes};
use super::scores::{Counts, Ratio, cohen_kappa_counted};
use crate::model::Span;

/// A document's labels, sorted and without repeats: a label's number is
/// its place here.
pub(crate) struct DocumentLabels<'a> {
    labels: Vec<&'a str>,
}

impl<'a> DocumentLabels<'a> {
    /// The labels of every file's selected mentions.
    pub(crate) fn of(files: &[Option<Selected<'a>>]) -> Self {
        let mut labels: Vec<&str> = files
            .iter()
            .flatten()
            .flat_map(|file| file.mentions.iter().map(|m| m.label.as_str()))
            .collect();
        labels.sort_unstable();
        labels.dedup();
        Self { labels }
    }

    pub(crate) fn len(&self) -> usize {
        self.labels.len()
    }

    fn number(&self, label: &str) -> usize {
        // Every label of the document is listed.
        self.labels.binary_search(&label).unwrap_or_default()
    }
}

/// One file's selected mentions, in the selection's order, with numbered
/// labels.
pub(crate) struct FileMarks<'a> {
    spans: Vec<Span>,
    labels: Vec<usize>,
    actors: Vec<Option<&'a str>>,
}

impl<'a> FileMarks<'a> {
    pub(crate) fn of(file: &Selected<'a>, labels: &DocumentLabels<'_>) -> Self {
        Self {
            spans: file.mentions.iter().map(|m| m.span).collect(),
            labels: file
                .mentions
                .iter()
                .map(|m| labels.number(&m.label))
                .collect(),
            actors: file.mentions.iter().map(|m| m.actor.as_deref()).collect(),
        }
    }
}

/// One pair of files' mention figures on a document, by label number:
/// rebuilt for each pair in the same space.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairTables {
    buffers: MatchBuffers,
    matching: Matching,
    /// The document's number of labels.
    labels: usize,
    exact: Vec<Counts>,
    overlap: Vec<Counts>,
    /// Same-span pairs, `reference * labels + prediction`.
    span_pairs: Vec<usize>,
    /// Reference mentions no prediction has the span of, by label.
    span_missed: Vec<usize>,
    /// Predicted mentions no reference has the span of, by label.
    span_spurious: Vec<usize>,
    actor_links: Ratio,
}

impl PairTables {
    /// Compares `prediction`'s mentions against `reference`'s, of a
    /// document with `labels` labels.
    pub(crate) fn compare(
        &mut self,
        reference: &FileMarks<'_>,
        prediction: &FileMarks<'_>,
        labels: usize,
    ) {
        let zero = |table: &mut Vec<Counts>| {
            table.clear();
            table.resize(labels, Counts::default());
        };
        zero(&mut self.exact);
        zero(&mut self.overlap);
        self.labels = labels;
        self.span_pairs.clear();
        self.span_pairs.resize(labels * labels, 0);
        self.span_missed.clear();
        self.span_missed.resize(labels, 0);
        self.span_spurious.clear();
        self.span_spurious.resize(labels, 0);
        self.actor_links = Ratio::default();
        for mode in [MatchMode::Exact, MatchMode::Overlap, MatchMode::SpanOnly] {
            greedy_into(
                &reference.spans,
                &prediction.spans,
                |r, p| {
                    let (a, b) = (reference.spans[r], prediction.spans[p]);
                    let same_label = reference.labels[r] == prediction.labels[p];
                    let fits = match mode {
                        MatchMode::Exact => a == b && same_label,
                        MatchMode::Overlap => a.overlaps(b) && same_label,
                        MatchMode::SpanOnly => a == b,
                    };
                    fits.then(|| overlap_bytes(a, b))
                },
                &mut self.buffers,
                &mut self.matching,
            );
            let m = &self.matching;
            let table = match mode {
                MatchMode::Exact => &mut self.exact,
                MatchMode::Overlap => &mut self.overlap,
                MatchMode::SpanOnly => {
                    for &(r, p) in &m.pairs {
                        let (a, b) = (reference.labels[r], prediction.labels[p]);
                        self.span_pairs[a * labels + b] += 1;
                        let (x, y) = (reference.actors[r], prediction.actors[p]);
                        if x.is_some() || y.is_some() {
                            self.actor_links.record(x == y);
                        }
                    }
                    for &r in &m.unmatched_reference {
                        self.span_missed[reference.labels[r]] += 1;
                    }
                    for &p in &m.unmatched_prediction {
                        self.span_spurious[prediction.labels[p]] += 1;
                    }
                    continue;
                }
            };
            for &(r, _) in &m.pairs {
                table[reference.labels[r]].true_positives += 1;
            }
            for &r in &m.unmatched_reference {
                table[reference.labels[r]].false_negatives += 1;
            }
            for &p in &m.unmatched_prediction {
                table[prediction.labels[p]].false_positives += 1;
            }
        }
    }

    /// The claims and events of two files compared, in this space.
    pub(crate) fn compare_others(
        &mut self,
        reference: &Selected<'_>,
        prediction: &Selected<'_>,
    ) -> ClaimsAndEvents {
        compare_claims_and_events(reference, prediction, &mut self.buffers, &mut self.matching)
    }

    /// All labels' exact and overlap counts, and Cohen's kappa on the
    /// labels of the same-span pairs.
    pub(crate) fn scores(&self, labels: &DocumentLabels<'_>) -> (Counts, Counts, Option<f64>) {
        let total = |table: &[Counts]| {
            let mut sum = Counts::default();
            for counts in table {
                sum.add(*counts);
            }
            sum
        };
        let n = self.labels;
        let pairs = self
            .span_pairs
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(cell, count)| (labels.labels[cell / n], labels.labels[cell % n], *count));
        (
            total(&self.exact),
            total(&self.overlap),
            cohen_kappa_counted(pairs),
        )
    }
}

/// Labels numbered as they are first seen by a tally of many documents.
#[derive(Clone, Debug, Default)]
pub(crate) struct LabelNumbers {
    labels: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl LabelNumbers {
    pub(crate) fn number(&mut self, label: &str) -> usize {
        if let Some(number) = self.numbers.get(label) {
            return *number;
        }
        let number = self.labels.len();
        self.labels.push(label.to_owned());
        self.numbers.insert(label.to_owned(), number);
        number
    }

    /// The tally-wide number of each of a document's labels.
    pub(crate) fn of_document(&mut self, labels: &DocumentLabels<'_>) -> Vec<usize> {
        labels
            .labels
            .iter()
            .map(|label| self.number(label))
            .collect()
    }

    /// `other`'s numbers as numbers here.
    pub(crate) fn translate(&mut self, other: &LabelNumbers) -> Vec<usize> {
        other
            .labels
            .iter()
            .map(|label| self.number(label))
            .collect()
    }
}

/// Changes `table[index]`, growing `table` as needed.
fn bump<T: Default + Clone>(table: &mut Vec<T>, index: usize, add: impl FnOnce(&mut T)) {
    if table.len() <= index {
        table.resize(index + 1, T::default());
    }
    add(&mut table[index]);
}

/// A pair of annotators' running sums over documents, by tally-wide label
/// number: what [`Comparison::add_counts`] would sum.
#[derive(Clone, Debug, Default)]
pub(crate) struct PairSums {
    documents: usize,
    exact: Counts,
    overlap: Counts,
    exact_by_label: Vec<Counts>,
    overlap_by_label: Vec<Counts>,
    /// Same-span pairs by reference label, then prediction label.
    span_pairs: Vec<Vec<usize>>,
    span_missed: Vec<usize>,
    span_spurious: Vec<usize>,
    span_pair_count: usize,
    actor_links: Ratio,
    others: ClaimsAndEvents,
}

impl PairSums {
    /// Adds one document's tables; `numbers` gives its labels' tally-wide
    /// numbers.
    pub(crate) fn add(&mut self, tables: &PairTables, numbers: &[usize], others: ClaimsAndEvents) {
        self.documents += 1;
        for (label, (exact, overlap)) in tables.exact.iter().zip(&tables.overlap).enumerate() {
            let number = numbers[label];
            if *exact != Counts::default() {
                self.exact.add(*exact);
                bump(&mut self.exact_by_label, number, |sum| sum.add(*exact));
            }
            if *overlap != Counts::default() {
                self.overlap.add(*overlap);
                bump(&mut self.overlap_by_label, number, |sum| sum.add(*overlap));
            }
            let missed = tables.span_missed[label];
            if missed > 0 {
                bump(&mut self.span_missed, number, |sum| *sum += missed);
            }
            let spurious = tables.span_spurious[label];
            if spurious > 0 {
                bump(&mut self.span_spurious, number, |sum| *sum += spurious);
            }
        }
        let n = tables.labels;
        for (cell, &count) in tables.span_pairs.iter().enumerate() {
            if count > 0 {
                let (a, b) = (numbers[cell / n], numbers[cell % n]);
                bump(&mut self.span_pairs, a, |row| {
                    bump(row, b, |sum| *sum += count)
                });
                self.span_pair_count += count;
            }
        }
        self.actor_links.add(tables.actor_links);
        self.others.add(others);
    }

    /// Adds another tally's sums; `numbers` maps its label numbers to ours.
    pub(crate) fn merge(&mut self, other: PairSums, numbers: &[usize]) {
        self.documents += other.documents;
        self.exact.add(other.exact);
        self.overlap.add(other.overlap);
        for (label, counts) in other.exact_by_label.into_iter().enumerate() {
            bump(&mut self.exact_by_label, numbers[label], |sum| {
                sum.add(counts)
            });
        }
        for (label, counts) in other.overlap_by_label.into_iter().enumerate() {
            bump(&mut self.overlap_by_label, numbers[label], |sum| {
                sum.add(counts)
            });
        }
        for (a, row) in other.span_pairs.into_iter().enumerate() {
            for (b, count) in row.into_iter().enumerate() {
                let (a, b) = (numbers[a], numbers[b]);
                bump(&mut self.span_pairs, a, |row| {
                    bump(row, b, |sum| *sum += count)
                });
            }
        }
        for (label, count) in other.span_missed.into_iter().enumerate() {
            bump(&mut self.span_missed, numbers[label], |sum| *sum += count);
        }
        for (label, count) in other.span_spurious.into_iter().enumerate() {
            bump(&mut self.span_spurious, numbers[label], |sum| *sum += count);
        }
        self.span_pair_count += other.span_pair_count;
        self.actor_links.add(other.actor_links);
        self.others.add(other.others);
    }

    /// The sums as a [`Comparison`], kappa worked out.
    pub(crate) fn into_comparison(self, numbers: &LabelNumbers) -> Comparison {
        let label = |number: usize| numbers.labels[number].as_str();
        let others = self.others;
        let mut comparison = Comparison::default();
        comparison.documents = self.documents;
        comparison.exact = self.exact;
        comparison.overlap = self.overlap;
        comparison.span_pairs = self.span_pair_count;
        comparison.actor_links = self.actor_links;
        comparison.claims = others.claims;
        comparison.claim_stance = others.claim_stance;
        comparison.claim_source = others.claim_source;
        comparison.claim_responsible = others.claim_responsible;
        comparison.claim_event = others.claim_event;
        comparison.events = others.events;
        comparison.event_type = others.event_type;
        comparison.event_roles = others.event_roles;
        for (number, counts) in self.exact_by_label.into_iter().enumerate() {
            if counts != Counts::default() {
                comparison
                    .exact_by_label
                    .insert(label(number).to_owned(), counts);
            }
        }
        for (number, counts) in self.overlap_by_label.into_iter().enumerate() {
            if counts != Counts::default() {
                comparison
                    .overlap_by_label
                    .insert(label(number).to_owned(), counts);
            }
        }
        let mut confuse = |row: &str, column: &str, count: usize| {
            *comparison
                .confusion
                .entry(row.to_owned())
                .or_default()
                .entry(column.to_owned())
                .or_default() += count;
        };
        for (a, row) in self.span_pairs.iter().enumerate() {
            for (b, &count) in row.iter().enumerate() {
                if count > 0 {
                    confuse(label(a), label(b), count);
                }
            }
        }
        for (a, &count) in self.span_missed.iter().enumerate() {
            if count > 0 {
                confuse(label(a), MISSED, count);
            }
        }
        for (b, &count) in self.span_spurious.iter().enumerate() {
            if count > 0 {
                confuse(SPURIOUS, label(b), count);
            }
        }
        for (a, row) in self.span_pairs.iter().enumerate() {
            for (b, &count) in row.iter().enumerate() {
                if count > 0 {
                    comparison.count_label_pairs(label(a), label(b), count);
                }
            }
        }
        comparison.update_kappa();
        comparison
    }
}
