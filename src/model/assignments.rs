//! Who annotates which documents: each annotator's list, with a share of
//! documents given to two annotators so that agreement can be measured on
//! them (`attest assign`). Saved as the project's `assignments.ron`; the
//! window lists an analyst's own documents first and `attest stats` shows
//! each annotator's progress on theirs.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::DocumentId;
use crate::stable_hash::StableHasher;

/// The annotators' lists of documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Assignments {
    /// Each annotator's documents, in the order given.
    pub annotators: BTreeMap<String, Vec<DocumentId>>,
}

/// What [`Assignments::assign`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assigned {
    /// Documents newly given to one annotator.
    pub single: usize,
    /// Documents newly given to two annotators (for agreement).
    pub shared: usize,
    /// Documents that already had annotators, left as they were.
    pub kept: usize,
}

impl Assignments {
    /// The documents of `annotator`, in order; empty when none.
    pub fn of(&self, annotator: &str) -> &[DocumentId] {
        self.annotators.get(annotator).map_or(&[], Vec::as_slice)
    }

    /// Whether any document is assigned.
    pub fn is_empty(&self) -> bool {
        self.annotators.values().all(Vec::is_empty)
    }

    /// Gives every document of `documents` not yet assigned to `annotators`:
    /// a share `overlap` (0 to 1) of them to two annotators, the rest to one,
    /// spreading the work evenly (the annotator with the fewest documents
    /// first). Which documents are shared is drawn by `seed`, the same for
    /// the same documents. Documents already assigned keep their annotators,
    /// so assigning again after an import only deals out the new ones.
    pub fn assign(
        &mut self,
        documents: &[DocumentId],
        annotators: &[String],
        overlap: f64,
        seed: u64,
    ) -> Assigned {
        let mut assigned = Assigned::default();
        if annotators.is_empty() {
            return assigned;
        }
        let taken: BTreeSet<&DocumentId> = self.annotators.values().flatten().collect();
        let mut fresh: Vec<&DocumentId> = documents.iter().filter(|d| !taken.contains(d)).collect();
        assigned.kept = documents.len() - fresh.len();
        // A draw that depends on the seed and the document only.
        fresh.sort_by_key(|id| {
            let mut hasher = StableHasher::new();
            hasher.u64(seed).str(id.as_str());
            hasher.finish()
        });
        let shared = if annotators.len() < 2 {
            0
        } else {
            (overlap.clamp(0.0, 1.0) * fresh.len() as f64).round() as usize
        };
        for name in annotators {
            self.annotators.entry(name.clone()).or_default();
        }
        for (index, id) in fresh.into_iter().enumerate() {
            let wanted = if index < shared { 2 } else { 1 };
            // The least loaded annotators, ties in the order given.
            let mut order: Vec<&String> = annotators.iter().collect();
            order.sort_by_key(|name| self.of(name).len());
            for name in order.into_iter().take(wanted) {
                self.annotators
                    .get_mut(name.as_str())
                    .expect("every annotator has a list")
                    .push(id.clone());
            }
            if wanted == 2 {
                assigned.shared += 1;
            } else {
                assigned.single += 1;
            }
        }
        assigned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents(n: usize) -> Vec<DocumentId> {
        (0..n)
            .map(|i| DocumentId::for_text(&format!("report {i}")))
            .collect()
    }

    #[test]
    fn a_tenth_goes_to_two_annotators_the_rest_to_one_and_the_load_is_even() {
        let docs = documents(100);
        let names: Vec<String> = ["ana", "ben", "chloe"].map(String::from).to_vec();
        let mut assignments = Assignments::default();
        let done = assignments.assign(&docs, &names, 0.1, 7);
        assert_eq!(
            done,
            Assigned {
                single: 90,
                shared: 10,
                kept: 0
            }
        );
        let counts: Vec<usize> = names.iter().map(|n| assignments.of(n).len()).collect();
        assert_eq!(counts.iter().sum::<usize>(), 110);
        assert!(
            counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1,
            "{counts:?}"
        );
        let mut by_document: BTreeMap<&DocumentId, usize> = BTreeMap::new();
        for id in assignments.annotators.values().flatten() {
            *by_document.entry(id).or_default() += 1;
        }
        assert_eq!(by_document.len(), 100, "every document has an annotator");
        assert_eq!(by_document.values().filter(|&&n| n == 2).count(), 10);
        for list in assignments.annotators.values() {
            let unique: BTreeSet<_> = list.iter().collect();
            assert_eq!(unique.len(), list.len(), "nobody gets a document twice");
        }
        // The same seed draws the same; assigning again keeps everything.
        let mut again = Assignments::default();
        again.assign(&docs, &names, 0.1, 7);
        assert_eq!(again, assignments);
        let before = assignments.clone();
        let more = documents(110);
        let done = assignments.assign(&more, &names, 0.1, 7);
        assert_eq!(
            done,
            Assigned {
                single: 9,
                shared: 1,
                kept: 100
            }
        );
        for name in &names {
            assert_eq!(
                &assignments.of(name)[..before.of(name).len()],
                before.of(name)
            );
        }
    }

    #[test]
    fn one_annotator_gets_everything_once() {
        let docs = documents(5);
        let mut assignments = Assignments::default();
        let done = assignments.assign(&docs, &["ana".to_owned()], 0.5, 1);
        assert_eq!(done.shared, 0);
        assert_eq!(assignments.of("ana").len(), 5);
    }
}
