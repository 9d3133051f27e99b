//! Cross-fitting: every finished document scored by a model that never
//! saw it, to measure what a learned layer's raw confidence is worth (see
//! [`super::calibration`]).
//!
//! The unit is the document, never the sentence: sentences of one report
//! share names and phrasing, so a model that trained on a document's other
//! sentences would look surer than it is on a new report. A project of up
//! to [`FOLDS`] documents leaves each one out in turn; a larger one is cut
//! into [`FOLDS`] folds by a hash of the document id, so a document stays
//! in its fold as the project grows.

use rayon::prelude::*;

use super::calibration::Outcome;
use super::data::{TrainingDoc, fnv1a};
use super::string_matcher::StringMatcher;
use super::tagger::{MIN_CONFIDENCE, Prepared, Sources, TrainOptions};
use crate::progress::{JobControl, NoProgress};
use crate::suggest::Rules;

/// Folds of a project larger than that many documents.
pub const FOLDS: usize = 5;

/// The held-out documents (indices into `docs`) of each fold; a fold
/// trains on all the others. No folds with fewer than two documents.
pub fn folds(docs: &[TrainingDoc]) -> Vec<Vec<usize>> {
    if docs.len() < 2 {
        return Vec::new();
    }
    if docs.len() <= FOLDS {
        return (0..docs.len()).map(|i| vec![i]).collect();
    }
    let mut folds = vec![Vec::new(); FOLDS];
    for (i, doc) in docs.iter().enumerate() {
        let fold = fnv1a(doc.id.as_str().as_bytes()) % FOLDS as u64;
        folds[usize::try_from(fold).unwrap_or(0)].push(i);
    }
    // A fold holding every document would train on none.
    folds.retain(|held_out| !held_out.is_empty() && held_out.len() < docs.len());
    folds
}

/// The documents of `docs` outside `held_out` (sorted indices).
fn training_part<'a>(docs: &'a [TrainingDoc], held_out: &[usize]) -> Vec<&'a TrainingDoc> {
    docs.iter()
        .enumerate()
        .filter(|(i, _)| held_out.binary_search(i).is_err())
        .map(|(_, d)| d)
        .collect()
}

/// Whether `gold` holds exactly `span` with `label`.
fn is_right(doc: &TrainingDoc, span: crate::model::Span, label: &str) -> bool {
    doc.gold.iter().any(|g| g.span == span && g.label == label)
}

/// Every proposal the tagger would make (raw confidence at least
/// [`MIN_CONFIDENCE`]) on each document, by a tagger trained as
/// [`super::train_tagger`] trains one on the documents of the other folds.
/// Folds train in parallel; a cancelled run returns what it has.
pub fn tagger_outcomes(
    docs: &[TrainingDoc],
    rules: Option<&Rules>,
    use_memory: bool,
    options: TrainOptions,
    control: &JobControl<'_>,
) -> Vec<Outcome> {
    let quiet = JobControl {
        progress: &NoProgress,
        cancel: control.cancel,
    };
    folds(docs)
        .par_iter()
        .flat_map_iter(|held_out| {
            let training = training_part(docs, held_out);
            let (tagger, memory) = super::trained_on(&training, rules, use_memory, options, &quiet);
            let sources = tagger.sources(Sources {
                rules,
                memory: memory.as_ref(),
                span_layers: false,
            });
            let mut found = Vec::new();
            for doc in held_out.iter().map(|&i| &docs[i]) {
                let prepared = Prepared::new(&doc.text, sources, options.hash_bits);
                found.extend(
                    tagger
                        .tag_scored(&prepared)
                        .into_iter()
                        .filter(|(_, raw)| *raw >= MIN_CONFIDENCE)
                        .map(|(m, raw)| Outcome {
                            raw,
                            right: is_right(doc, m.span, &m.label),
                        }),
                );
            }
            found
        })
        .collect()
}

/// Every proposal of a string matcher built from the other folds on each
/// document (one per span and label, as the engine merges them).
pub fn string_matcher_outcomes(docs: &[TrainingDoc]) -> Vec<Outcome> {
    let mut found = Vec::new();
    for held_out in folds(docs) {
        let training = training_part(docs, &held_out);
        let Ok(matcher) = StringMatcher::train(&training) else {
            continue;
        };
        for doc in held_out.iter().map(|&i| &docs[i]) {
            let mut proposed = matcher.suggest(&doc.text);
            proposed.sort_by(|a, b| {
                (a.span, &a.label)
                    .cmp(&(b.span, &b.label))
                    .then(b.score.total_cmp(&a.score))
            });
            proposed.dedup_by(|later, earlier| {
                later.span == earlier.span && later.label == earlier.label
            });
            found.extend(proposed.into_iter().map(|m| Outcome {
                raw: m.score,
                right: is_right(doc, m.span, &m.label),
            }));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentId;

    fn docs(n: usize) -> Vec<TrainingDoc> {
        (0..n)
            .map(|i| {
                let text = format!("Report {i}.");
                TrainingDoc {
                    id: DocumentId::for_text(&text),
                    text,
                    gold: Vec::new(),
                    rejected: Vec::new(),
                }
            })
            .collect()
    }

    #[test]
    fn every_document_is_held_out_exactly_once_and_never_trains_its_own_fold() {
        assert!(
            folds(&docs(1)).is_empty(),
            "one document: nothing to hold out"
        );
        assert_eq!(folds(&docs(3)), [vec![0], vec![1], vec![2]]);
        let many = docs(60);
        let folds = folds(&many);
        assert_eq!(folds.len(), FOLDS);
        let mut seen: Vec<usize> = folds.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, (0..60).collect::<Vec<_>>());
        for held_out in &folds {
            let training = training_part(&many, held_out);
            assert_eq!(training.len() + held_out.len(), 60);
            assert!(
                held_out
                    .iter()
                    .all(|&i| !training.iter().any(|d| d.id == many[i].id))
            );
        }
    }
}
