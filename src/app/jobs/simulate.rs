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

use crate::learn::{LearningCurve, Order, SimulationOptions, TrainingDoc, simulate as replay};
use crate::model::DocumentId;
use crate::progress::JobControl;
use crate::store::{Project, StoreError, read_in_parallel};
use crate::suggest::Rules;

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

/// What a simulated session found.
#[derive(Debug, Default)]
pub struct SimulateReport {
    /// The learning curve, one point per replayed document.
    pub curve: LearningCurve,
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
    let mut docs: Vec<TrainingDoc> =
        crate::learn::training_documents(pairs.iter().map(|(text, set)| (text.as_str(), set)));
    docs.sort_by_key(|d| reading_order.get(&d.id).copied().unwrap_or(usize::MAX));

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
