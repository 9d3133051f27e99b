//! Deal the project's documents out to annotators (`attest assign`, and
//! Project → Assignments… in the window): the names checked once here,
//! the assignments read from disk again (another teammate may have dealt
//! some since, and a file that does not read is never replaced), the new
//! documents dealt by [`Assignments::assign`], and the file saved.

use crate::model::{Assigned, Assignments, DocumentId};
use crate::quality::adjudication::GOLD_ANNOTATOR;
use crate::store::{Project, StoreError};

/// Why nothing was assigned.
#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    /// A name no annotator can have.
    #[error("{0}")]
    Name(String),
    #[error("name at least one annotator")]
    NoAnnotator,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Deals the documents no one has yet out to `names` (trimmed, each once),
/// a share `overlap` of them to two; the assignments as saved, and what
/// was done.
pub fn assign(
    project: &Project,
    names: &[String],
    overlap: f64,
    seed: u64,
) -> Result<(Assigned, Assignments), AssignError> {
    let mut unique: Vec<String> = Vec::new();
    for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
        crate::store::validate_annotator(name).map_err(AssignError::Name)?;
        if name == GOLD_ANNOTATOR {
            return Err(AssignError::Name(
                "gold is the curated file, not an annotator to assign".into(),
            ));
        }
        if !unique.iter().any(|n| n == name) {
            unique.push(name.to_owned());
        }
    }
    if unique.is_empty() {
        return Err(AssignError::NoAnnotator);
    }
    let documents: Vec<DocumentId> = project.documents().iter().map(|d| d.id.clone()).collect();
    let mut assignments = project.load_assignments()?;
    let done = assignments.assign(&documents, &unique, overlap, seed);
    project.save_assignments(&assignments)?;
    Ok((done, assignments))
}
