//! Replay one annotator's finished documents as an annotation session
//! (`attest simulate`): what the learned recommenders would have proposed
//! on each document, knowing only the documents before it, and what the
//! analyst would then have accepted, corrected, rejected and created — the
//! learning curve of [`crate::learn::simulate`], on the project's own gold.
//!
//! Documents come in reading order (the project's document list), or with
//! [`Order::Active`] the one the tagger is least sure of first. Only the
//! annotator's finished sets are replayed: in an unfinished one, unmarked
//! text is not known to be negative.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use crate::learn::classify::class_documents;
use crate::learn::{
    Layer, LearningCurve, Order, SPAN_LAYER_OPTIONS, SimulationOptions, TrainingDoc,
    simulate as replay, simulate_roles,
};
use crate::model::DocumentId;
use crate::progress::JobControl;
use crate::store::{Project, StoreError, read_in_parallel};
use crate::suggest::Rules;

/// The role classifiers retrain after every this many documents of a
/// session (they read every earlier document again each time).
const ROLES_RETRAIN_EVERY: usize = 5;

/// Which recommenders take part in a simulated session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimulateChoice {
    pub string_matcher: bool,
    pub tagger: bool,
    /// The rule suggesters propose too, and are the tagger's features.
    pub rules: bool,
}

impl Default for SimulateChoice {
    fn default() -> Self {
        Self {
            string_matcher: true,
            tagger: true,
            rules: false,
        }
    }
}

/// A layer of the annotation replayed on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayedLayer {
    /// A span layer: mentions, event triggers or claim cues.
    Spans(Layer),
    /// The role fillers of events and claims (see [`simulate_roles`]).
    Roles,
}

impl ReplayedLayer {
    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            ReplayedLayer::Spans(layer) => layer.name(),
            ReplayedLayer::Roles => "roles",
        }
    }

    /// What its typed score checks besides the span ("types", "stances").
    pub fn label_name(self) -> &'static str {
        match self {
            ReplayedLayer::Spans(layer) => layer.label_name(),
            ReplayedLayer::Roles => "fillers",
        }
    }
}

/// What a simulated session found.
#[derive(Debug, Default)]
pub struct SimulateReport {
    /// The mentions' learning curve, one point per replayed document.
    pub curve: LearningCurve,
    /// The other layers' curves, each over the same documents: event
    /// triggers and claim cues (typed by event type and stance, and by
    /// span alone), then the roles — those with any gold in the documents.
    pub layers: Vec<(ReplayedLayer, LearningCurve)>,
    /// The annotator's sets left out because they are not finished.
    pub unfinished_left_out: usize,
    pub seconds: f64,
    /// Files that could not be read, each naming its file.
    pub problems: Vec<StoreError>,
}

/// Replays `gold_annotator`'s finished documents, in reading order or
/// (`Order::Active`) the least sure first.
pub fn simulate(
    project: &Project,
    gold_annotator: &str,
    choice: SimulateChoice,
    order: Order,
    control: JobControl<'_>,
) -> SimulateReport {
    let started = Instant::now();
    let mut report = SimulateReport::default();
    let files: Vec<(DocumentId, PathBuf)> = project
        .documents()
        .iter()
        .map(|d| {
            (
                d.id.clone(),
                project.annotations_path(&d.id, gold_annotator),
            )
        })
        .filter(|(_, path)| path.exists())
        .collect();
    let mut pairs = Vec::new();
    for ((id, _), result) in files.iter().zip(read_in_parallel(&files, gold_annotator)) {
        let set = match result {
            Ok((set, _)) => set,
            Err(e) => {
                report.problems.push(e);
                continue;
            }
        };
        if !set.is_finished() {
            report.unfinished_left_out += 1;
            continue;
        }
        match project.load_text(id) {
            Ok(text) => pairs.push((text, set)),
            Err(e) => report.problems.push(e),
        }
    }
    let reading_order: HashMap<&DocumentId, usize> = files
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id, i))
        .collect();
    let position = |id: &DocumentId| reading_order.get(id).copied().unwrap_or(usize::MAX);
    let layer_docs = |layer: Layer| {
        let mut docs: Vec<TrainingDoc> = crate::learn::layer_documents(
            pairs.iter().map(|(text, set)| (text.as_str(), set)),
            layer,
        );
        docs.sort_by_key(|d| position(&d.id));
        docs
    };
    let docs = layer_docs(Layer::Mentions);

    let rules = if choice.rules {
        match Rules::new(&project.catalogue, &project.file.schema) {
            Ok(rules) => Some(rules),
            Err(e) => {
                report.problems.push(StoreError::Invalid {
                    path: project.project_path(),
                    message: format!("cannot build the rule suggesters: {e}"),
                });
                None
            }
        }
    } else {
        None
    };
    let options = SimulationOptions {
        string_matcher: choice.string_matcher,
        tagger: choice.tagger,
        rules: rules.as_ref(),
        rule_features: rules.is_some(),
        propose_rules: rules.is_some(),
        order,
        ..SimulationOptions::default()
    };
    report.curve = replay(&docs, &options, &control);
    for layer in [Layer::Triggers, Layer::Cues] {
        let docs = layer_docs(layer);
        if docs.iter().all(|d| d.gold.is_empty()) || control.is_cancelled() {
            continue;
        }
        let options = SimulationOptions {
            layer,
            train: SPAN_LAYER_OPTIONS,
            ..options
        };
        report.layers.push((
            ReplayedLayer::Spans(layer),
            replay(&docs, &options, &control),
        ));
    }
    let mut class_docs = class_documents(pairs.iter().map(|(text, set)| (text.as_str(), set)));
    class_docs.sort_by_key(|d| position(&d.id));
    let has_roles = class_docs.iter().any(|d| {
        d.truth.iter().any(|s| {
            s.events.iter().any(|e| !e.roles.is_empty())
                || s.claims
                    .iter()
                    .any(|c| c.source.is_some() || !c.responsible.is_empty())
        })
    });
    if has_roles && !control.is_cancelled() {
        let role_rules = match rules {
            Some(rules) => Ok(rules),
            None => Rules::new(&project.catalogue, &project.file.schema),
        };
        match role_rules {
            Ok(rules) => {
                let curve = simulate_roles(&class_docs, &rules, ROLES_RETRAIN_EVERY, &control);
                report.layers.push((ReplayedLayer::Roles, curve));
            }
            Err(e) => report.problems.push(StoreError::Invalid {
                path: project.project_path(),
                message: format!("cannot build the rule suggesters: {e}"),
            }),
        }
    }
    report.seconds = started.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, TEXTS, project};
    use crate::model::{AnnotationSet, Finished, Mention, MentionId, Review, Span};

    #[test]
    fn replays_finished_documents_in_reading_order() {
        let (_dir, mut project, ids) = project();
        let at = jiff::Timestamp::UNIX_EPOCH;
        for (i, id) in ids.iter().enumerate() {
            let text = TEXTS[i];
            let mut set = AnnotationSet::new(id.clone(), ANNOTATOR);
            for (n, needle) in ["Farabougou", "Kassela", "Bamako"].iter().enumerate() {
                if let Some(start) = text.find(needle) {
                    set.mentions.push(Mention {
                        id: MentionId(u32::try_from(n).unwrap() + 1),
                        span: Span::new(start, start + needle.len()),
                        text: (*needle).to_owned(),
                        label: "LOCATION".into(),
                        actor: None,
                        attributes: std::collections::BTreeMap::new(),
                        review: Review::accepted(ANNOTATOR, at),
                    });
                }
            }
            set.finished = (i < 2).then(|| Finished {
                by: ANNOTATOR.into(),
                at,
            });
            project.save_annotations(&set).unwrap();
        }
        let report = simulate(
            &project,
            ANNOTATOR,
            SimulateChoice::default(),
            Order::Reading,
            JobControl::unattended(),
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(report.unfinished_left_out, 1);
        let order: Vec<&DocumentId> = report.curve.points.iter().map(|p| &p.id).collect();
        assert_eq!(order, [&ids[0], &ids[1]]);
        assert_eq!(report.curve.points[0].created, 1, "nothing learned yet");
    }
}
