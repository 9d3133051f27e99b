//! Agreement and evaluation over a project, compared by
//! [`crate::quality`] — for `attest agree`, `attest evaluate` and the GUI's
//! review view alike. Agreement reads and compares document by document on
//! all cores; evaluation reads both sides' files on all cores, then pairs
//! the documents they share.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::AnnotationSet;
use crate::progress::JobControl;
use crate::quality::agreement::{AgreementTally, AnnotatorSets, NotShared, split_shared};
use crate::quality::evaluate::EvaluatedDocument;
use crate::quality::{Agreement, Evaluation, Selection, evaluate};
use crate::store::{Problem, Project, StoreError, read_annotation_set};

/// A name that is neither an annotator nor a source.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no annotator named {name:?} (annotators: {known})")]
    UnknownAnnotator { name: String, known: String },
    #[error("annotator {0:?} is named twice")]
    NamedTwice(String),
    #[error("{system:?} is neither an annotator nor a source of any item in {gold:?}'s files")]
    UnknownSystem { system: String, gold: String },
    #[error("cannot keep the per-document figures in a temporary file: {0}")]
    Spill(#[from] std::io::Error),
}

/// Pairwise agreement over a project.
#[derive(Debug)]
pub struct AgreementReport {
    pub agreement: Agreement,
    /// Files that could not be read; their documents are left out.
    pub problems: Vec<Problem>,
    /// Stopped while reading: the figures cover only what was read.
    pub cancelled: bool,
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
    /// Stopped while reading: the figures cover only what was read.
    pub cancelled: bool,
}

/// Pairwise agreement between the annotators `names` on the documents each
/// pair shares.
///
/// Documents are read and compared on all cores, one at a time per core:
/// each annotator's file of the document, every pair compared, the
/// figures folded into running sums ([`AgreementTally`]). Memory grows
/// with the number of pairs and labels, not with the files read: the
/// documents are taken in the order of their ids, so that each core's
/// per-document figures go to a temporary file in the order they are
/// listed in.
pub fn agreement(
    project: &Project,
    names: &[String],
    selection: &Selection,
    control: JobControl<'_>,
) -> Result<AgreementReport, ReviewError> {
    for (i, name) in names.iter().enumerate() {
        known_annotator(project, name)?;
        if names[..i].contains(name) {
            return Err(ReviewError::NamedTwice(name.clone()));
        }
    }
    let documents = project.documents();
    let mut by_id: Vec<usize> = (0..documents.len()).collect();
    by_id.sort_unstable_by(|&a, &b| documents[a].id.cmp(&documents[b].id));
    control.progress.begin("comparing", documents.len() as u64);
    let counted = by_id
        .par_iter()
        .fold(
            || Counted::new(names),
            |mut counted, &index| {
                let document = &documents[index];
                if counted.cancelled || control.is_cancelled() {
                    counted.cancelled = true;
                    return counted;
                }
                let sets: Vec<Option<AnnotationSet>> = names
                    .iter()
                    .enumerate()
                    .map(|(annotator, name)| {
                        let path = project.annotations_path(&document.id, name);
                        if !path.exists() {
                            return None;
                        }
                        match read_annotation_set(&path, &document.id, name) {
                            Ok(set) => Some(set),
                            Err(e) => {
                                counted.problems.push((annotator, index, e.into()));
                                None
                            }
                        }
                    })
                    .collect();
                let sets: Vec<Option<&AnnotationSet>> = sets.iter().map(Option::as_ref).collect();
                counted.tally.add_document(&document.id, &sets, selection);
                control.progress.advance(1);
                counted
            },
        )
        .reduce(|| Counted::new(names), Counted::merge);
    let mut problems = counted.problems;
    // Reported as the files were listed before: by annotator, then document.
    problems.sort_by_key(|(annotator, index, _)| (*annotator, *index));
    Ok(AgreementReport {
        agreement: counted.tally.finish()?,
        problems: problems.into_iter().map(|(_, _, p)| p).collect(),
        cancelled: counted.cancelled,
    })
}

/// Agreement over some of a project's documents, on one core.
struct Counted {
    tally: AgreementTally,
    /// Unreadable files: (annotator, document index, problem).
    problems: Vec<(usize, usize, Problem)>,
    cancelled: bool,
}

impl Counted {
    fn new(names: &[String]) -> Self {
        Self {
            tally: AgreementTally::new(names),
            problems: Vec::new(),
            cancelled: false,
        }
    }

    fn merge(mut self, other: Self) -> Self {
        self.tally.merge(other.tally);
        self.problems.extend(other.problems);
        self.cancelled |= other.cancelled;
        self
    }
}

/// `system` against `gold`. The system is an annotator when one has that
/// name (its gold and open suggestions are its predictions); otherwise a
/// source or suggester inside the gold annotator's files (all it proposed).
pub fn evaluation(
    project: &Project,
    gold: &str,
    system: &str,
    control: JobControl<'_>,
) -> Result<ProjectEvaluation, ReviewError> {
    known_annotator(project, gold)?;
    let system_is_annotator = project.annotators().iter().any(|a| a == system) && system != gold;
    let mut names = vec![gold.to_owned()];
    if system_is_annotator {
        names.push(system.to_owned());
    }
    let mut problems = Vec::new();
    let (mut loaded, cancelled) = load_sets(project, &names, control, &mut problems);
    let system_loaded = if system_is_annotator {
        loaded.pop()
    } else {
        None
    };
    let gold_sets = loaded.pop().unwrap_or_default();
    let (system_sets, system_selection) = if let Some(sets) = system_loaded {
        (sets, Selection::Predictions)
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
    let (shared, not_shared) = split_shared((gold, &gold_sets), (system, &system_sets));
    control.progress.begin("reading texts", shared.len() as u64);
    let texts: Vec<Result<String, StoreError>> = shared
        .par_iter()
        .map(|(gold_set, _)| {
            let text = project.load_text(&gold_set.document);
            control.progress.advance(1);
            text
        })
        .collect();
    let mut pairs: Vec<(String, &AnnotationSet, &AnnotationSet)> = Vec::new();
    for ((gold_set, system_set), text) in shared.into_iter().zip(texts) {
        match text {
            Ok(text) => pairs.push((text, gold_set, system_set)),
            Err(e) => problems.push(e.into()),
        }
    }
    let documents: Vec<EvaluatedDocument<'_>> = pairs
        .iter()
        .map(|(text, gold_set, system_set)| EvaluatedDocument {
            text,
            gold: gold_set,
            system: system_set,
        })
        .collect();
    let evaluation = evaluate(&documents, &Selection::Gold, &system_selection);
    Ok(ProjectEvaluation {
        system_is_annotator,
        documents: documents.len(),
        not_shared,
        evaluation,
        problems,
        cancelled,
    })
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

/// Every annotation file of each of `names`, by document, read on all
/// cores; unreadable files go to `problems`. Returns whether it was
/// cancelled (the sets then hold what was read).
fn load_sets(
    project: &Project,
    names: &[String],
    control: JobControl<'_>,
    problems: &mut Vec<Problem>,
) -> (Vec<AnnotatorSets>, bool) {
    let files = super::annotation_files(project, names);
    control.progress.begin("reading", files.len() as u64);
    let read: Vec<Option<Result<AnnotationSet, StoreError>>> = files
        .par_iter()
        .map(|(i, id, path)| {
            if control.is_cancelled() {
                return None;
            }
            let set = read_annotation_set(path, id, &names[*i]);
            control.progress.advance(1);
            Some(set)
        })
        .collect();
    let mut sets: Vec<AnnotatorSets> = vec![BTreeMap::new(); names.len()];
    let mut cancelled = false;
    for ((i, id, _), result) in files.into_iter().zip(read) {
        match result {
            Some(Ok(set)) => {
                sets[i].insert(id, set);
            }
            Some(Err(e)) => problems.push(e.into()),
            None => cancelled = true,
        }
    }
    (sets, cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};
    use crate::model::Status;
    use crate::progress::{CancelFlag, NoProgress};
    use crate::store::{OpenMode, Project};
    use crate::suggest::Rules;

    /// `ana` has suggestions in every document, `ben` the same ones
    /// accepted in the first two; `ana`'s third file is broken.
    fn two_annotators() -> (
        tempfile::TempDir,
        Vec<crate::model::DocumentId>,
        std::path::PathBuf,
    ) {
        let (dir, mut project, ids) = project();
        let suggester = Rules::new(&project.catalogue, &project.file.schema).unwrap();
        super::super::suggest(
            &mut project,
            ANNOTATOR,
            &crate::engine::Engine::from(suggester.clone()),
            &ids,
            JobControl::unattended(),
        );
        drop(project);
        let (mut ben, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: "ben".into(),
            },
        )
        .unwrap();
        for id in &ids[..2] {
            let mut set = ben.load_annotations(id, ANNOTATOR).unwrap();
            set.annotator = "ben".into();
            for m in &mut set.mentions {
                m.review.status = Status::Accepted;
            }
            set.events.clear();
            set.claims.clear();
            ben.save_annotations(&set).unwrap();
        }
        let broken = ben.annotations_path(&ids[2], ANNOTATOR);
        std::fs::write(&broken, "(").unwrap();
        (dir, ids, broken)
    }

    fn read_only(dir: &tempfile::TempDir) -> Project {
        Project::open(dir.path(), OpenMode::ReadOnly).unwrap().0
    }

    #[test]
    fn agreement_reads_every_annotator_and_reports_unreadable_files() {
        let (dir, _ids, broken) = two_annotators();
        let project = read_only(&dir);
        let names = ["ana".to_owned(), "ben".to_owned()];
        let report = agreement(
            &project,
            &names,
            &Selection::Predictions,
            JobControl::unattended(),
        )
        .unwrap();
        assert!(!report.cancelled);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].path, broken);
        let pair = &report.agreement.pairs[0];
        assert_eq!(pair.overall.documents, 2);
        let twice = ["ana".to_owned(), "ana".to_owned()];
        assert!(matches!(
            agreement(&project, &twice, &Selection::Gold, JobControl::unattended()),
            Err(ReviewError::NamedTwice(_))
        ));
    }

    #[test]
    fn evaluation_measures_an_annotator_against_gold_and_can_be_cancelled() {
        let (dir, _ids, _broken) = two_annotators();
        let project = read_only(&dir);
        let measured = evaluation(&project, "ben", "ana", JobControl::unattended()).unwrap();
        assert!(measured.system_is_annotator);
        assert_eq!(measured.documents, 2);
        assert!(!measured.cancelled);
        let cancel = CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let stopped = evaluation(&project, "ben", "ana", control).unwrap();
        assert!(stopped.cancelled);
        assert_eq!(stopped.documents, 0);
        assert!(matches!(
            evaluation(&project, "nobody", "ana", JobControl::unattended()),
            Err(ReviewError::UnknownAnnotator { .. })
        ));
    }
}
