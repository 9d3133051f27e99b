//! Agreement and extraction quality over a whole project: reading each
//! annotator's files and pairing the documents they share, once for the
//! CLI and the GUI alike.

use std::collections::BTreeMap;

use crate::model::{AnnotationSet, DocumentId};
use crate::store::{Problem, Project};

use super::agreement::{AnnotatorSets, NotShared, split_shared};
use super::evaluate::EvaluatedDocument;
use super::{Agreement, Evaluation, Selection, agree, evaluate};

/// A name that is neither an annotator nor a source.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no annotator named {name:?} (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("annotator {0:?} is named twice")]
    NamedTwice(String),
    #[error("{system:?} is neither an annotator nor a source of any item in {gold:?}'s files")]
    UnknownSystem { system: String, gold: String },
}

/// An extractor measured against gold over a project.
#[derive(Debug)]
pub struct ProjectEvaluation {
    /// The system is an annotator (else a source inside the gold files).
    pub system_is_annotator: bool,
    pub documents: usize,
    pub not_shared: Vec<NotShared>,
    pub evaluation: Evaluation,
    pub problems: Vec<Problem>,
}

/// Every annotation file of `annotator`, by document; unreadable files go to `problems`.
pub fn load_annotator_sets(
    project: &mut Project,
    annotator: &str,
    problems: &mut Vec<Problem>,
) -> AnnotatorSets {
    let mut sets = BTreeMap::new();
    for (id, result) in project.load_all_annotations(annotator) {
        match result {
            Ok(set) => {
                sets.insert(id, set);
            }
            Err(e) => problems.push(e.into()),
        }
    }
    sets
}

fn known_annotator(project: &Project, name: &str) -> Result<(), ReviewError> {
    let known = project.annotators();
    if known.iter().any(|k| k == name) {
        Ok(())
    } else {
        Err(ReviewError::UnknownAnnotator {
            name: name.to_owned(),
            known: known.join(", "),
        })
    }
}

/// Pairwise agreement between annotators on the documents each pair shares.
pub fn agree_in_project(
    project: &mut Project,
    names: &[String],
    selection: &Selection,
) -> Result<(Agreement, Vec<Problem>), ReviewError> {
    let mut problems = Vec::new();
    let mut annotators: Vec<(String, AnnotatorSets)> = Vec::new();
    for name in names {
        known_annotator(project, name)?;
        if annotators.iter().any(|(n, _)| n == name) {
            return Err(ReviewError::NamedTwice(name.clone()));
        }
        let sets = load_annotator_sets(project, name, &mut problems);
        annotators.push((name.clone(), sets));
    }
    Ok((agree(&annotators, selection), problems))
}

/// `system` against `gold`. The system is an annotator when one has that
/// name (its gold and open suggestions are its predictions); otherwise a
/// source or suggester inside the gold annotator's files (all it proposed).
pub fn evaluate_in_project(
    project: &mut Project,
    gold: &str,
    system: &str,
) -> Result<ProjectEvaluation, ReviewError> {
    known_annotator(project, gold)?;
    let mut problems = Vec::new();
    let gold_sets = load_annotator_sets(project, gold, &mut problems);
    let system_is_annotator = project.annotators().iter().any(|a| a == system) && system != gold;
    let (system_sets, system_selection) = if system_is_annotator {
        (
            load_annotator_sets(project, system, &mut problems),
            Selection::Predictions,
        )
    } else {
        let selection = Selection::ProposedBy(system.to_owned());
        let proposes_anything = gold_sets
            .values()
            .any(|set| !selection.mentions(set).is_empty() || !selection.claims(set).is_empty());
        if !proposes_anything {
            return Err(ReviewError::UnknownSystem {
                system: system.to_owned(),
                gold: gold.to_owned(),
            });
        }
        (gold_sets.clone(), selection)
    };
    let gold_name = gold.to_owned();
    let system_name = system.to_owned();
    let (shared, not_shared) = split_shared((&gold_name, &gold_sets), (&system_name, &system_sets));
    let mut texts: BTreeMap<DocumentId, String> = BTreeMap::new();
    let mut pairs: Vec<(&AnnotationSet, &AnnotationSet)> = Vec::new();
    for (gold_set, system_set) in shared {
        match project.load_text(&gold_set.document) {
            Ok(text) => {
                texts.insert(gold_set.document.clone(), text);
                pairs.push((gold_set, system_set));
            }
            Err(e) => problems.push(e.into()),
        }
    }
    let documents: Vec<EvaluatedDocument<'_>> = pairs
        .iter()
        .filter_map(|(gold_set, system_set)| {
            Some(EvaluatedDocument {
                text: texts.get(&gold_set.document)?,
                gold: gold_set,
                system: system_set,
            })
        })
        .collect();
    let evaluation = evaluate(&documents, &Selection::Gold, &system_selection);
    Ok(ProjectEvaluation {
        system_is_annotator,
        documents: documents.len(),
        not_shared,
        evaluation,
        problems,
    })
}
