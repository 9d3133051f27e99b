//! Which recommender may propose which label: the rule suggesters measured
//! per label against the finished documents, and the activation gate that
//! silences a (recommender, label) pair scoring below the project's
//! threshold — so in a project whose gold uses other labels than the shipped
//! schema, the rules that are always rejected fall silent by themselves.
//!
//! The learned recommenders are gated on their held-out scores, the rules
//! on all finished documents (they are not trained, so none needs holding
//! out). Either way a pair is judged only once it made enough proposals.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::data::{LabeledSpan, TrainingDoc};
use super::eval::{Evaluation, LabelCounts, Scores};
use crate::model::{ActivationMetric, Settings};
use crate::suggest::Rules;

/// A recommender and a label it may no longer propose.
pub type Silenced = BTreeSet<(String, String)>;

/// Each rule suggester's precision, recall and F1 per label against the
/// gold of `docs`, keyed by the suggester's name (`catalogue`, `date` …).
/// Only the labels a suggester proposed at least once are listed; its
/// recall counts every gold mention of the label it missed.
pub fn measure_rules(docs: &[TrainingDoc], rules: &Rules) -> BTreeMap<String, Evaluation> {
    let per_document: Vec<BTreeMap<&'static str, LabelCounts>> = docs
        .par_iter()
        .map(|doc| {
            let mut proposals: BTreeMap<&'static str, Vec<LabeledSpan>> = BTreeMap::new();
            for m in rules.suggest(&doc.text).mentions {
                proposals
                    .entry(m.suggester)
                    .or_default()
                    .push(LabeledSpan::new(m.span, m.label));
            }
            proposals
                .into_iter()
                .map(|(name, spans)| {
                    let mut counts = LabelCounts::default();
                    counts.compare(&spans, &doc.gold);
                    (name, counts)
                })
                .collect()
        })
        .collect();
    // A suggester silent in a document still missed its gold there.
    let names: BTreeSet<&'static str> = per_document
        .iter()
        .flat_map(|d| d.keys().copied())
        .collect();
    let mut counts: BTreeMap<&'static str, LabelCounts> = BTreeMap::new();
    for (doc, found) in docs.iter().zip(&per_document) {
        for &name in &names {
            let total = counts.entry(name).or_default();
            match found.get(name) {
                Some(c) => total.add(c),
                None => total.compare(&[], &doc.gold),
            }
        }
    }
    let mentions = docs.iter().map(|d| d.gold.len()).sum();
    counts
        .into_iter()
        .map(|(name, mut label_counts)| {
            label_counts
                .per_label
                .retain(|_, c| c.true_positives + c.false_positives > 0);
            let evaluation = Evaluation::from_counts(&label_counts, 0, mentions, docs.len());
            (name.to_owned(), evaluation)
        })
        .collect()
}

/// The project's activation gate: below `threshold` on `metric` a
/// recommender proposes nothing for a label, once it made `min_proposals`
/// judged proposals of it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Activation {
    pub threshold: f64,
    pub metric: ActivationMetric,
    pub min_proposals: usize,
}

impl Default for Activation {
    /// A new project's: off.
    fn default() -> Self {
        Self::from_settings(&Settings::default())
    }
}

impl Activation {
    pub fn from_settings(settings: &Settings) -> Self {
        Self {
            threshold: settings.activation_threshold,
            metric: settings.activation_metric,
            min_proposals: settings.activation_min_proposals,
        }
    }

    /// Whether gating is on at all.
    pub fn is_on(self) -> bool {
        self.threshold > 0.0
    }

    /// The score the gate compares.
    pub fn score(self, scores: Scores) -> f64 {
        match self.metric {
            ActivationMetric::F1 => scores.f1,
            ActivationMetric::Precision => scores.precision,
        }
    }

    /// Whether a recommender with these scores on a label is silenced for it.
    pub fn silences(self, scores: Scores) -> bool {
        self.is_on()
            && scores.predicted >= self.min_proposals
            && self.score(scores) < self.threshold
    }

    /// Every (recommender, label) pair the gate silences.
    pub fn silenced<'a>(
        self,
        evaluations: impl IntoIterator<Item = (&'a str, &'a Evaluation)>,
    ) -> Silenced {
        let mut silenced = Silenced::new();
        for (name, evaluation) in evaluations {
            for (label, scores) in &evaluation.per_label {
                if self.silences(*scores) {
                    silenced.insert((name.to_owned(), label.clone()));
                }
            }
        }
        silenced
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::test_support::marked;
    use crate::model::DocumentId;

    fn doc(markup: &str) -> TrainingDoc {
        let (text, gold) = marked(markup);
        TrainingDoc {
            id: DocumentId::for_text(&text),
            text,
            gold,
            rejected: Vec::new(),
        }
    }

    #[test]
    fn rules_are_measured_per_suggester_and_label_and_gated_when_always_wrong() {
        let rules = Rules::sahel_default().unwrap();
        // The analysts' gold calls places SITE: the rules' LOCATION is never right.
        let docs = [
            doc("[[JNIM|ARMED_GROUP]] attacked [[Djibo|SITE]] and [[Dori|SITE]] on Tuesday."),
            doc("[[JNIM|ARMED_GROUP]] fighters left [[Gao|SITE]] and [[Kidal|SITE]]."),
            doc("[[JNIM|ARMED_GROUP]] struck near [[Mopti|SITE]] and [[Ségou|SITE]]."),
        ];
        let scores = measure_rules(&docs, &rules);
        let catalogue = &scores["catalogue"];
        let location = catalogue.per_label["LOCATION"];
        assert_eq!(location.precision, 0.0, "{catalogue:?}");
        assert!(location.predicted >= 5, "{location:?}");
        let group = catalogue.per_label["ARMED_GROUP"];
        assert_eq!((group.precision, group.recall), (1.0, 1.0), "{group:?}");
        assert_eq!(catalogue.held_out_documents, 3);
        assert!(
            !catalogue.per_label.contains_key("SITE"),
            "a label it never proposes is not listed"
        );

        let off = Activation {
            threshold: 0.0,
            metric: ActivationMetric::F1,
            min_proposals: 1,
        };
        assert!(
            off.silenced(scores.iter().map(|(n, e)| (n.as_str(), e)))
                .is_empty()
        );
        let gate = Activation {
            threshold: 0.5,
            ..off
        };
        let silenced = gate.silenced(scores.iter().map(|(n, e)| (n.as_str(), e)));
        assert!(silenced.contains(&("catalogue".to_owned(), "LOCATION".to_owned())));
        assert!(!silenced.contains(&("catalogue".to_owned(), "ARMED_GROUP".to_owned())));
        let patient = Activation {
            min_proposals: 1000,
            ..gate
        };
        assert!(
            patient
                .silenced(scores.iter().map(|(n, e)| (n.as_str(), e)))
                .is_empty(),
            "too few proposals to judge"
        );
    }
}
