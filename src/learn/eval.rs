//! Precision, recall and F1 per label: how a learner scores on held-out
//! documents, and how its suggestions score in a simulated session.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::data::LabeledSpan;

/// Counts of one label (or of all): found and right, found and wrong,
/// missed — the same counts and ratios that agreement and evaluation use.
pub use crate::quality::Counts;

impl Counts {
    /// Precision, recall and F1 together.
    pub fn scores(self) -> Scores {
        Scores {
            precision: self.precision(),
            recall: self.recall(),
            f1: self.f1(),
            support: self.true_positives + self.false_negatives,
            predicted: self.true_positives + self.false_positives,
        }
    }
}

/// Precision, recall and F1 of one label, with its number of gold mentions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scores {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
    /// How many it proposed (right or wrong): the evidence its precision
    /// rests on. Absent from files written before it was counted.
    #[serde(default)]
    pub predicted: usize,
}

/// Counts per label, and their sum.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelCounts {
    pub per_label: BTreeMap<String, Counts>,
}

impl LabelCounts {
    /// Compares predictions with gold on one document: a prediction counts
    /// only with the exact span and label (typed, strict matching).
    pub fn compare(&mut self, predicted: &[LabeledSpan], gold: &[LabeledSpan]) {
        let gold_set: HashSet<&LabeledSpan> = gold.iter().collect();
        let predicted_set: HashSet<&LabeledSpan> = predicted.iter().collect();
        for p in &predicted_set {
            let counts = self.per_label.entry(p.label.clone()).or_default();
            if gold_set.contains(*p) {
                counts.true_positives += 1;
            } else {
                counts.false_positives += 1;
            }
        }
        for g in gold_set.difference(&predicted_set) {
            self.per_label
                .entry(g.label.clone())
                .or_default()
                .false_negatives += 1;
        }
    }

    /// Adds another set of counts, label by label.
    pub fn add(&mut self, other: &LabelCounts) {
        for (label, counts) in &other.per_label {
            self.per_label
                .entry(label.clone())
                .or_default()
                .add(*counts);
        }
    }

    /// All labels together (micro average).
    pub fn total(&self) -> Counts {
        let mut total = Counts::default();
        for counts in self.per_label.values() {
            total.add(*counts);
        }
        total
    }
}

/// How a learner scored on the documents held out of its training.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// Scores per label.
    pub per_label: BTreeMap<String, Scores>,
    /// All labels together (micro average).
    pub overall: Scores,
    /// Documents and gold mentions the evaluated model was trained on.
    pub training_documents: usize,
    pub training_mentions: usize,
    /// Documents it was evaluated on.
    pub held_out_documents: usize,
}

impl Evaluation {
    pub fn from_counts(
        counts: &LabelCounts,
        training_documents: usize,
        training_mentions: usize,
        held_out_documents: usize,
    ) -> Self {
        Self {
            per_label: counts
                .per_label
                .iter()
                .map(|(label, c)| (label.clone(), c.scores()))
                .collect(),
            overall: counts.total().scores(),
            training_documents,
            training_mentions,
            held_out_documents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;

    #[test]
    fn strict_typed_matching_counts_label_and_span() {
        let gold = [
            LabeledSpan::new(Span::new(0, 4), "ARMED_GROUP"),
            LabeledSpan::new(Span::new(10, 15), "LOCATION"),
        ];
        let predicted = [
            LabeledSpan::new(Span::new(0, 4), "ARMED_GROUP"),
            LabeledSpan::new(Span::new(10, 15), "PERSON"),
        ];
        let mut counts = LabelCounts::default();
        counts.compare(&predicted, &gold);
        let total = counts.total();
        assert_eq!(
            (
                total.true_positives,
                total.false_positives,
                total.false_negatives
            ),
            (1, 1, 1)
        );
        assert!((total.f1() - 0.5).abs() < 1e-9);
        assert_eq!(counts.per_label["LOCATION"].recall(), 0.0);
    }
}
