//! Replaying gold documents for the roles: on each document in order the
//! rules suggest events and claims, the role classifiers trained on the
//! documents before it revise and fill their roles (agent, target,
//! location …, a claim's source and responsible), and the fillers are
//! compared with the analyst's — the roles' learning curve beside the span
//! layers' of [`super::simulate`].
//!
//! A filler counts on an event or claim that the suggestions and gold
//! share (the suggested trigger or cue overlaps the gold one): finding the
//! trigger is the triggers' layer's score, filling its roles is this one.
//! The classifiers retrain from scratch every
//! [`SimulationOptions::retrain_every`](super::SimulationOptions) documents,
//! as a project retrains.

use std::collections::{BTreeSet, HashMap};

use super::classify::{ClassDoc, Classifiers, train_classifiers};
use super::eval::Counts;
use super::simulate::{CurvePoint, LearningCurve};
use crate::model::{ClaimSource, MentionId, Span};
use crate::progress::{JobControl, NoProgress};
use crate::suggest::{Rules, SourceSuggestion, Suggestions};

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
    let mut trained_on = 0;
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
            tagger_trained_on: trained_on,
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
            trained_on = index + 1;
        }
        control.progress.advance(1);
    }
    curve
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
