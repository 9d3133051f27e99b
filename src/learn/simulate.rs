//! Replaying gold documents as an annotation session, to see what learning
//! buys: for each document in order, the current recommenders suggest; the
//! simulated analyst accepts what matches gold exactly, corrects what has a
//! gold span with another label, rejects the rest and creates the gold they
//! missed; then the recommenders learn from that document. The result is
//! the learning curve.
//!
//! The string matcher learns after every document (it only counts). The
//! tagger is retrained from scratch on every document seen so far after
//! every [`SimulationOptions::retrain_every`] documents: on news-length
//! documents a full retrain is cheap enough to do after each one for the
//! first hundreds, and retraining from scratch is what a project does.

use serde::{Deserialize, Serialize};

use super::best_per_span;
use super::data::{LabeledSpan, TrainingDoc};
use super::eval::{Counts, Scores};
use super::layers::Layer;
use super::string_matcher::{StringMatcher, StringMemory};
use super::tagger::{Prepared, Sources, Tagger, TrainOptions};
use crate::model::{DocumentId, Span};
use crate::progress::{JobControl, NoProgress};
use crate::suggest::span_index::SpanIndex;
use crate::suggest::{MentionSuggestion, Rules};

/// Which recommenders take part, and how often the tagger retrains.
#[derive(Clone, Copy)]
pub struct SimulationOptions<'a> {
    pub string_matcher: bool,
    pub tagger: bool,
    /// Retrain the tagger after every this many documents (1: after each).
    pub retrain_every: usize,
    pub train: TrainOptions,
    /// The rule suggesters, for features (`rule_features`) and proposals (`propose_rules`).
    pub rules: Option<&'a Rules>,
    pub rule_features: bool,
    pub propose_rules: bool,
    /// Whether the string matcher's memory is a feature of the tagger.
    pub memory_features: bool,
    pub merge: Merge,
    /// The order the simulated analyst takes the documents in.
    pub order: Order,
    /// The span layer replayed: the documents' gold is this layer's, the
    /// rules propose this layer's spans, and with a layer other than the
    /// mentions the rules' triggers and cues are the tagger's features (see
    /// [`super::layers`]).
    pub layer: Layer,
}

/// The order of a session's documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    /// As given (the project's reading order).
    #[default]
    Reading,
    /// Active learning: next, the document the tagger is least sure of
    /// (lowest mean margin, [`Tagger::mean_margin`]) among the next
    /// [`ACTIVE_POOL`] in reading order; reading order until it is trained.
    Active,
}

impl Order {
    pub fn name(self) -> &'static str {
        match self {
            Order::Reading => "reading",
            Order::Active => "active",
        }
    }
}

/// How many unread documents active learning weighs at each step: the
/// tagger reads each of them again after every retrain, so the pool bounds
/// the session's cost (pool-based sampling over a window of the queue).
pub const ACTIVE_POOL: usize = 64;

/// The position in `remaining` of the document to take next. `margins`
/// caches each document's margin under the current tagger (emptied when it
/// is retrained).
fn next_document(
    docs: &[TrainingDoc],
    remaining: &[usize],
    tagger: Option<&Tagger>,
    sources: Sources<'_>,
    options: &SimulationOptions<'_>,
    margins: &mut std::collections::HashMap<usize, f32>,
) -> usize {
    let (Order::Active, Some(tagger)) = (options.order, tagger) else {
        return 0;
    };
    remaining
        .iter()
        .take(ACTIVE_POOL)
        .map(|&i| {
            *margins.entry(i).or_insert_with(|| {
                let prepared = Prepared::new(&docs[i].text, sources, options.train.hash_bits);
                tagger.mean_margin(&prepared)
            })
        })
        .enumerate()
        .min_by(|(_, a), (_, b)| a.total_cmp(b))
        .map_or(0, |(position, _)| position)
}

/// How the recommenders' suggestions for one document are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Merge {
    /// One suggestion per span, the best score kept; overlapping spans all
    /// stay (what a review queue holds).
    BestScore,
    /// The tagger first (it sees the context), then the string matcher,
    /// then the rules, each only where no earlier one proposed an
    /// overlapping span (what an analyst would want pre-annotated).
    #[default]
    Layered,
}

/// Combines layers of suggestions (in priority order) by `merge`.
pub fn merge(layers: Vec<Vec<MentionSuggestion>>, merge: Merge) -> Vec<MentionSuggestion> {
    match merge {
        Merge::BestScore => best_per_span(layers.into_iter().flatten().collect()),
        Merge::Layered => {
            let mut kept: Vec<MentionSuggestion> = Vec::new();
            for layer in layers {
                let taken = SpanIndex::new(kept.iter().map(|m| m.span).collect());
                kept.extend(
                    best_per_span(layer)
                        .into_iter()
                        .filter(|m| !taken.overlaps(m.span)),
                );
            }
            kept.sort_by_key(|m| m.span);
            kept
        }
    }
}

impl Default for SimulationOptions<'_> {
    fn default() -> Self {
        Self {
            string_matcher: true,
            tagger: true,
            retrain_every: 1,
            train: TrainOptions::default(),
            rules: None,
            rule_features: false,
            propose_rules: false,
            memory_features: true,
            merge: Merge::default(),
            order: Order::default(),
            layer: Layer::Mentions,
        }
    }
}

/// What happened on one document of the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Documents annotated so far, this one included (from 1).
    pub documents: usize,
    pub id: DocumentId,
    /// Documents the tagger had been trained on when it suggested here.
    pub tagger_trained_on: usize,
    pub gold: usize,
    pub suggested: usize,
    pub accepted: usize,
    pub corrected: usize,
    pub rejected: usize,
    pub created: usize,
    /// Typed precision/recall/F1 of this document's suggestions.
    pub document: Scores,
    /// The same over every document so far.
    pub cumulative: Scores,
    /// Raw counts behind `document` (true positives are the accepted).
    pub counts: Counts,
    /// The same counted by span alone, whatever the label (a trigger
    /// found with the wrong type is right here). Absent from curves saved
    /// before it was counted.
    #[serde(default)]
    pub spans: Counts,
}

/// The learning curve of a simulated session.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LearningCurve {
    pub points: Vec<CurvePoint>,
    /// Whether the session was stopped before the last document.
    pub cancelled: bool,
}

impl LearningCurve {
    /// Typed scores over documents `from..to` (0-based, clamped): how good the
    /// suggestions were at that stage of the session.
    pub fn window(&self, from: usize, to: usize) -> Scores {
        let to = to.min(self.points.len());
        let mut total = Counts::default();
        for point in self.points.get(from.min(to)..to).unwrap_or_default() {
            total.add(point.counts);
        }
        total.scores()
    }

    /// Untyped scores (by span alone) over documents `from..to`, as
    /// [`Self::window`].
    pub fn spans_window(&self, from: usize, to: usize) -> Scores {
        let to = to.min(self.points.len());
        let mut total = Counts::default();
        for point in self.points.get(from.min(to)..to).unwrap_or_default() {
            total.add(point.spans);
        }
        total.scores()
    }
}

/// Replays `docs` as an annotation session, in the order of
/// [`SimulationOptions::order`]; see the module notes.
pub fn simulate(
    docs: &[TrainingDoc],
    options: &SimulationOptions<'_>,
    control: &JobControl<'_>,
) -> LearningCurve {
    let rule_features = options.rules.filter(|_| options.rule_features);
    let span_layers = options.layer != Layer::Mentions;
    let quiet = JobControl {
        progress: &NoProgress,
        cancel: control.cancel,
    };
    let mut remembered = StringMemory::new();
    let mut matcher: Option<StringMatcher> = None;
    let mut tagger: Option<Tagger> = None;
    let mut tagger_trained_on = 0;
    let mut seen: Vec<(usize, Prepared)> = Vec::new();
    let mut curve = LearningCurve::default();
    let mut cumulative = Counts::default();
    control.progress.begin("simulating", docs.len() as u64);
    let mut remaining: Vec<usize> = (0..docs.len()).collect();
    let mut margins = std::collections::HashMap::new();
    let mut step = 0;
    while !remaining.is_empty() {
        if control.is_cancelled() {
            curve.cancelled = true;
            break;
        }
        let memory = matcher.as_ref().filter(|_| options.memory_features);
        let sources = Sources {
            rules: rule_features,
            memory,
            span_layers,
        };
        let index = remaining.remove(next_document(
            docs,
            &remaining,
            tagger.as_ref(),
            sources,
            options,
            &mut margins,
        ));
        let doc = &docs[index];
        step += 1;
        let prepared = options
            .tagger
            .then(|| Prepared::new(&doc.text, sources, options.train.hash_bits));
        let mut layers: Vec<Vec<MentionSuggestion>> = Vec::new();
        if let (Some(tagger), Some(prepared)) = (&tagger, &prepared) {
            layers.push(
                tagger
                    .tag_scored(prepared)
                    .into_iter()
                    .map(|(m, score)| {
                        MentionSuggestion::new(m.span, m.label, super::tagger::SUGGESTER, score)
                    })
                    .collect(),
            );
        }
        if let Some(matcher) = &matcher {
            layers.push(matcher.suggest(&doc.text));
        }
        if options.propose_rules
            && let Some(rules) = options.rules
        {
            layers.push(options.layer.rule_proposals(&rules.suggest(&doc.text)));
        }
        let suggestions = merge(layers, options.merge);
        let (counts, rejected, point) = judge(&suggestions, &doc.gold);
        cumulative.add(counts);
        curve.points.push(CurvePoint {
            documents: step,
            id: doc.id.clone(),
            tagger_trained_on,
            document: counts.scores(),
            cumulative: cumulative.scores(),
            counts,
            spans: span_counts(&suggestions, &doc.gold),
            ..point
        });

        if options.string_matcher {
            remembered.add(&doc.text, &doc.gold, &rejected);
            matcher = remembered.build().ok();
        }
        if let Some(prepared) = prepared {
            seen.push((index, prepared));
            if seen.len().is_multiple_of(options.retrain_every.max(1))
                && seen.iter().any(|(i, _)| !docs[*i].gold.is_empty())
            {
                let sources = Sources {
                    rules: rule_features,
                    memory: matcher.as_ref().filter(|_| options.memory_features),
                    span_layers,
                };
                if sources.memory.is_some() {
                    // The memory grew: every document's memory features
                    // are computed again, each leaving its own answers out.
                    for (i, prepared) in &mut seen {
                        *prepared =
                            Prepared::for_training(&docs[*i], sources, options.train.hash_bits);
                    }
                }
                let pairs: Vec<(&TrainingDoc, &Prepared)> =
                    seen.iter().map(|(i, p)| (&docs[*i], p)).collect();
                tagger = Some(Tagger::train(&pairs, sources, options.train, &quiet));
                margins.clear();
                tagger_trained_on = seen.len();
            }
        }
        control.progress.advance(1);
    }
    curve
}

/// What the simulated analyst does with one document's suggestions: the
/// typed counts, the rejected suggestions, and the action counts.
fn judge(
    suggestions: &[MentionSuggestion],
    gold: &[LabeledSpan],
) -> (Counts, Vec<LabeledSpan>, CurvePoint) {
    let gold_set: std::collections::HashSet<&LabeledSpan> = gold.iter().collect();
    let mut gold_spans: std::collections::HashMap<Span, usize> = std::collections::HashMap::new();
    for g in gold {
        *gold_spans.entry(g.span).or_default() += 1;
    }
    let (mut accepted, mut corrected) = (0, 0);
    let mut rejected = Vec::new();
    // Exact matches first, so that a correction never takes a span whose
    // gold label was also proposed.
    let mut pending = Vec::new();
    for s in suggestions {
        let proposed = LabeledSpan::new(s.span, s.label.as_str());
        if gold_set.contains(&proposed) {
            accepted += 1;
            if let Some(left) = gold_spans.get_mut(&s.span) {
                *left = left.saturating_sub(1);
            }
        } else {
            pending.push(proposed);
        }
    }
    for proposed in pending {
        match gold_spans.get_mut(&proposed.span) {
            Some(left) if *left > 0 => {
                *left -= 1;
                corrected += 1;
            }
            _ => rejected.push(proposed),
        }
    }
    let counts = Counts {
        true_positives: accepted,
        false_positives: suggestions.len() - accepted,
        false_negatives: gold_set.len() - accepted.min(gold_set.len()),
    };
    let point = CurvePoint {
        documents: 0,
        id: DocumentId::for_text(""),
        tagger_trained_on: 0,
        gold: gold_set.len(),
        suggested: suggestions.len(),
        accepted,
        corrected,
        rejected: rejected.len(),
        created: gold_set.len().saturating_sub(accepted + corrected),
        document: Scores::default(),
        cumulative: Scores::default(),
        counts: Counts::default(),
        spans: Counts::default(),
    };
    (counts, rejected, point)
}

/// Suggestions against gold by span alone: each distinct span once.
fn span_counts(suggestions: &[MentionSuggestion], gold: &[LabeledSpan]) -> Counts {
    let gold: std::collections::HashSet<Span> = gold.iter().map(|g| g.span).collect();
    let proposed: std::collections::HashSet<Span> = suggestions.iter().map(|s| s.span).collect();
    let right = proposed.intersection(&gold).count();
    Counts {
        true_positives: right,
        false_positives: proposed.len() - right,
        false_negatives: gold.len() - right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::test_support::marked;

    fn doc(marked_text: &str) -> TrainingDoc {
        let (text, gold) = marked(marked_text);
        TrainingDoc {
            id: DocumentId::for_text(&text),
            text,
            gold,
            rejected: Vec::new(),
        }
    }

    #[test]
    fn the_string_matcher_learns_from_one_document_for_the_next() {
        let docs = [
            doc("[[JNIM|ARMED_GROUP]] attacked [[Dori|LOCATION]]."),
            doc(
                "In [[Dori|LOCATION]], [[JNIM|ARMED_GROUP]] fighters met [[Wagner|FOREIGN_FORCE]].",
            ),
            doc("[[Wagner|FOREIGN_FORCE]] left [[Dori|PERSON]]."),
        ];
        let options = SimulationOptions {
            tagger: false,
            ..SimulationOptions::default()
        };
        let curve = simulate(&docs, &options, &JobControl::unattended());
        let actions: Vec<(usize, usize, usize, usize)> = curve
            .points
            .iter()
            .map(|p| (p.accepted, p.corrected, p.rejected, p.created))
            .collect();
        assert_eq!(actions, [(0, 0, 0, 2), (2, 0, 0, 1), (1, 1, 0, 0)]);
        let last = &curve.points[2];
        assert_eq!(last.document.precision, 0.5);
        assert_eq!(last.cumulative.recall, 3.0 / 7.0);
        assert_eq!(curve.window(1, 3).precision, 3.0 / 4.0);
    }

    #[test]
    fn layered_merge_lets_the_first_layer_win_overlaps_and_best_score_keeps_them() {
        let s = |start, end, label: &str, score| {
            MentionSuggestion::new(Span::new(start, end), label, "test", score)
        };
        let tagger = vec![s(0, 13, "ORG", 0.6)];
        let strings = vec![
            s(0, 8, "LOC", 1.0),
            s(20, 25, "PER", 1.0),
            s(20, 25, "LOC", 0.5),
        ];
        let layered = merge(vec![tagger.clone(), strings.clone()], Merge::Layered);
        let kept: Vec<(usize, &str)> = layered
            .iter()
            .map(|m| (m.span.start_byte, m.label.as_str()))
            .collect();
        assert_eq!(kept, [(0, "ORG"), (20, "PER")]);
        let best = merge(vec![tagger, strings], Merge::BestScore);
        assert_eq!(best.len(), 3, "overlapping spans stay, one per span");
    }

    #[test]
    fn rejections_in_the_session_silence_the_string_matcher() {
        // "Reportedly" was gold once (a slip), then rejected twice.
        let docs = [
            doc("[[Reportedly|LOCATION]], it rained."),
            doc("Reportedly, it rained."),
            doc("Reportedly, it snowed."),
            doc("Reportedly, it stopped."),
        ];
        let options = SimulationOptions {
            tagger: false,
            ..SimulationOptions::default()
        };
        let curve = simulate(&docs, &options, &JobControl::unattended());
        let rejected: Vec<usize> = curve.points.iter().map(|p| p.rejected).collect();
        assert_eq!(rejected, [0, 1, 1, 0]);
    }

    #[test]
    fn the_tagger_takes_part_and_the_session_can_be_cancelled() {
        let docs: Vec<TrainingDoc> = (0..6)
            .map(|i| doc(&format!("Gunmen attacked [[Town{i}|LOCATION]] on Monday.")))
            .collect();
        let options = SimulationOptions {
            string_matcher: false,
            train: TrainOptions {
                hash_bits: 14,
                ..TrainOptions::default()
            },
            ..SimulationOptions::default()
        };
        let curve = simulate(&docs, &options, &JobControl::unattended());
        assert_eq!(curve.points.len(), 6);
        assert_eq!(curve.points[5].tagger_trained_on, 5);
        assert_eq!(curve.points[5].accepted, 1, "{:?}", curve.points[5]);

        let cancel = crate::progress::CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let stopped = simulate(&docs, &options, &control);
        assert!(stopped.cancelled);
        assert!(stopped.points.is_empty());
    }

    #[test]
    fn active_order_takes_the_document_the_tagger_is_least_sure_of_next() {
        let docs = [
            doc(
                "Gunmen attacked [[Dori|LOCATION]] on Monday. Gunmen attacked [[Kaya|LOCATION]] on Monday.",
            ),
            doc("Gunmen attacked [[Dori|LOCATION]] on Monday."),
            doc("Gunmen attacked [[Kaya|LOCATION]] on Monday."),
            doc(
                "Ambassador [[Qwertz Uiopa|PERSON]] arrived in Vienna with Prime Minister [[Zxcvb Nmlkj|PERSON]].",
            ),
        ];
        let options = SimulationOptions {
            string_matcher: false,
            train: TrainOptions {
                hash_bits: 14,
                ..TrainOptions::default()
            },
            ..SimulationOptions::default()
        };
        let order = |curve: &LearningCurve| -> Vec<usize> {
            curve
                .points
                .iter()
                .map(|p| docs.iter().position(|d| d.id == p.id).unwrap())
                .collect()
        };
        let reading = simulate(&docs, &options, &JobControl::unattended());
        assert_eq!(order(&reading), [0, 1, 2, 3]);
        let active = simulate(
            &docs,
            &SimulationOptions {
                order: Order::Active,
                ..options
            },
            &JobControl::unattended(),
        );
        assert_eq!(order(&active)[..2], [0, 3], "the unfamiliar one first");
        let steps: Vec<usize> = active.points.iter().map(|p| p.documents).collect();
        assert_eq!(steps, [1, 2, 3, 4]);

        let tagger_docs: Vec<(&TrainingDoc, Prepared)> = docs[..1]
            .iter()
            .map(|d| (d, Prepared::for_training(d, Sources::default(), 14)))
            .collect();
        let pairs: Vec<(&TrainingDoc, &Prepared)> =
            tagger_docs.iter().map(|(d, p)| (*d, p)).collect();
        let tagger = Tagger::train(
            &pairs,
            Sources::default(),
            options.train,
            &JobControl::unattended(),
        );
        let margin =
            |d: &TrainingDoc| tagger.mean_margin(&Prepared::new(&d.text, Sources::default(), 14));
        assert!(
            margin(&docs[1]) > margin(&docs[3]),
            "{} {}",
            margin(&docs[1]),
            margin(&docs[3])
        );
        assert!((0.0..=1.0).contains(&margin(&docs[1])));
    }
}
