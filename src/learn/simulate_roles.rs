//! Replaying gold documents for the roles: on each document in order the
//! rules and the taggers of event triggers and claim cues trained on the
//! documents before it suggest events and claims (one per trigger or cue,
//! the rules' first, as the engine merges them), the role classifiers
//! trained on the same documents revise and fill their roles (agent,
//! target, location …, a claim's source and responsible), and the fillers
//! are compared with the analyst's — the roles' learning curve beside the
//! span layers' of [`super::simulate`].
//!
//! A filler counts on an event or claim that the suggestions and gold
//! share (the suggested trigger or cue overlaps the gold one): finding the
//! trigger is the triggers' layer's score, filling its roles is this one,
//! and a gold item whose trigger or cue no one found misses all its
//! fillers. The models retrain from scratch every
//! [`SimulationOptions::retrain_every`](super::SimulationOptions) documents,
//! as a project retrains.

use std::collections::{BTreeSet, HashMap};

use super::classify::{ClassDoc, Classifiers, train_classifiers};
use super::data::{TrainingDoc, layer_documents};
use super::eval::Counts;
use super::layers::Layer;
use super::simulate::{CurvePoint, LearningCurve};
use super::tagger::{MIN_CONFIDENCE, Sources, Tagger};
use super::{SPAN_LAYER_OPTIONS, trained_on};
use crate::model::{ClaimSource, MentionId, Span};
use crate::progress::{JobControl, NoProgress};
use crate::suggest::{MentionSuggestion, Rules, SourceSuggestion, Suggestions};

/// A role filled: (the gold trigger or cue, the role, the filler's span).
type Filled = (Span, String, Span);

/// Replays `docs` in the given order and scores the role fillers of each
/// document's suggestions; the classifiers retrain after every
/// `retrain_every` documents (1: after each).
pub fn simulate_roles(
    docs: &[ClassDoc],
    rules: &Rules,
    retrain_every: usize,
    control: &JobControl<'_>,
) -> LearningCurve {
    let quiet = JobControl {
        progress: &NoProgress,
        cancel: control.cancel,
    };
    let mut classifiers: Option<Classifiers> = None;
    let mut taggers: Vec<(Layer, Tagger)> = Vec::new();
    let mut trained_on_docs = 0;
    let layer_docs: Vec<Vec<(Layer, TrainingDoc)>> = docs.iter().map(span_layer_docs).collect();
    let mut curve = LearningCurve::default();
    let mut cumulative = Counts::default();
    control
        .progress
        .begin("simulating the roles", docs.len() as u64);
    for (index, doc) in docs.iter().enumerate() {
        if control.is_cancelled() {
            curve.cancelled = true;
            break;
        }
        let mut suggestions = rules.suggest(&doc.text);
        for (layer, tagger) in &taggers {
            propose_learned(*layer, tagger, rules, &doc.text, &mut suggestions);
        }
        if let Some(classifiers) = &classifiers {
            classifiers.revise(&doc.text, &mut suggestions);
        }
        let gold = gold_fillers(doc);
        let proposed = proposed_fillers(&suggestions, &gold);
        let right = proposed.intersection(&gold.fillers).count();
        let counts = Counts {
            true_positives: right,
            false_positives: proposed.len() - right,
            false_negatives: gold.fillers.len() - right,
        };
        cumulative.add(counts);
        curve.points.push(CurvePoint {
            documents: index + 1,
            id: doc.id.clone(),
            tagger_trained_on: trained_on_docs,
            gold: gold.fillers.len(),
            suggested: proposed.len(),
            accepted: right,
            corrected: 0,
            rejected: proposed.len() - right,
            created: gold.fillers.len() - right,
            document: counts.scores(),
            cumulative: cumulative.scores(),
            counts,
            spans: counts,
        });
        if (index + 1).is_multiple_of(retrain_every.max(1)) {
            let (trained, _) = train_classifiers(&docs[..=index], Some(rules), &quiet);
            classifiers = Some(trained);
            taggers = span_layer_taggers(&layer_docs[..=index], rules, &quiet);
            trained_on_docs = index + 1;
        }
        control.progress.advance(1);
    }
    curve
}

/// A document's truth as the gold of the triggers' and the cues' layers.
fn span_layer_docs(doc: &ClassDoc) -> Vec<(Layer, TrainingDoc)> {
    [Layer::Triggers, Layer::Cues]
        .into_iter()
        .flat_map(|layer| {
            layer_documents(doc.truth.iter().map(|set| (doc.text.as_str(), set)), layer)
                .into_iter()
                .map(move |d| (layer, d))
        })
        .collect()
}

/// The taggers of triggers and cues trained on `seen` (each document's
/// gold of the two layers), with the rules as features; a layer with no
/// gold yet has none.
fn span_layer_taggers(
    seen: &[Vec<(Layer, TrainingDoc)>],
    rules: &Rules,
    control: &JobControl<'_>,
) -> Vec<(Layer, Tagger)> {
    [Layer::Triggers, Layer::Cues]
        .into_iter()
        .filter_map(|layer| {
            let docs: Vec<&TrainingDoc> = seen
                .iter()
                .flatten()
                .filter(|(l, _)| *l == layer)
                .map(|(_, d)| d)
                .collect();
            if docs.iter().all(|d| d.gold.is_empty()) {
                return None;
            }
            let (tagger, _) = trained_on(&docs, Some(rules), false, SPAN_LAYER_OPTIONS, control);
            Some((layer, tagger))
        })
        .collect()
}

/// Adds the events or claims `tagger` finds in `text` whose trigger or cue
/// no suggestion has yet, with no roles (the classifiers fill them), as
/// the engine's learned layers do beside the rules.
fn propose_learned(
    layer: Layer,
    tagger: &Tagger,
    rules: &Rules,
    text: &str,
    suggestions: &mut Suggestions,
) {
    let sources = Sources {
        rules: Some(rules),
        memory: None,
        span_layers: true,
    };
    let mut learned = Suggestions::default();
    for found in tagger.suggest(text, sources) {
        let taken = match layer {
            Layer::Triggers => suggestions
                .events
                .iter()
                .any(|e| e.trigger.overlaps(found.span)),
            Layer::Cues => suggestions
                .claims
                .iter()
                .any(|c| c.cue.overlaps(found.span)),
            Layer::Mentions => true,
        };
        if found.score >= MIN_CONFIDENCE && !taken {
            let suggester = layer.suggester();
            layer.propose(MentionSuggestion { suggester, ..found }, &mut learned);
        }
    }
    suggestions.events.append(&mut learned.events);
    suggestions.claims.append(&mut learned.claims);
}

/// A document's gold anchors (triggers and cues) and role fillers.
struct GoldFillers {
    anchors: Vec<Span>,
    fillers: BTreeSet<Filled>,
}

fn gold_fillers(doc: &ClassDoc) -> GoldFillers {
    let mut anchors = Vec::new();
    let mut fillers = BTreeSet::new();
    for set in &doc.truth {
        let span_of: HashMap<MentionId, Span> = set
            .mentions
            .iter()
            .filter(|m| m.review.status.is_gold())
            .map(|m| (m.id, m.span))
            .collect();
        for event in set.events.iter().filter(|e| e.review.status.is_gold()) {
            anchors.push(event.trigger);
            for (role, ids) in &event.roles {
                for span in ids.iter().filter_map(|id| span_of.get(id)) {
                    fillers.insert((event.trigger, role.clone(), *span));
                }
            }
        }
        for claim in set.claims.iter().filter(|c| c.review.status.is_gold()) {
            anchors.push(claim.cue);
            if let Some(ClaimSource::Mention(id)) = &claim.source
                && let Some(span) = span_of.get(id)
            {
                fillers.insert((claim.cue, "source".to_owned(), *span));
            }
            for span in claim.responsible.iter().filter_map(|id| span_of.get(id)) {
                fillers.insert((claim.cue, "responsible".to_owned(), *span));
            }
        }
    }
    GoldFillers { anchors, fillers }
}

/// The suggestions' fillers of events and claims whose trigger or cue
/// overlaps a gold one, keyed by that gold anchor.
fn proposed_fillers(suggestions: &Suggestions, gold: &GoldFillers) -> BTreeSet<Filled> {
    let anchor_of = |span: Span| gold.anchors.iter().copied().find(|a| a.overlaps(span));
    let span_of = |i: usize| suggestions.mentions.get(i).map(|m| m.span);
    let mut out = BTreeSet::new();
    for event in &suggestions.events {
        let Some(anchor) = anchor_of(event.trigger) else {
            continue;
        };
        for (role, indices) in &event.roles {
            for span in indices.iter().filter_map(|&i| span_of(i)) {
                out.insert((anchor, role.clone(), span));
            }
        }
    }
    for claim in &suggestions.claims {
        let Some(anchor) = anchor_of(claim.cue) else {
            continue;
        };
        if let Some(SourceSuggestion::Mention(i)) = claim.source
            && let Some(span) = span_of(i)
        {
            out.insert((anchor, "source".to_owned(), span));
        }
        for span in claim.responsible.iter().filter_map(|&i| span_of(i)) {
            out.insert((anchor, "responsible".to_owned(), span));
        }
    }
    out
}
