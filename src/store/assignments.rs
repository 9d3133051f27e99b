//! The project's `assignments.ron`: each annotator's documents (see
//! [`Assignments`]). Absent until `attest assign` writes it; a project
//! without it has no assignments.

use super::project::Project;
use super::{StoreError, from_ron, to_ron, write_atomic};
use crate::model::Assignments;

/// The file's name, at the project's root.
pub const ASSIGNMENTS_FILE: &str = "assignments.ron";

impl Project {
    /// The project's assignments; none when it has no assignments file.
    pub fn load_assignments(&self) -> Result<Assignments, StoreError> {
        let path = self.root().join(ASSIGNMENTS_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => from_ron(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Assignments::default()),
            Err(e) => Err(StoreError::io("cannot read", &path, e)),
        }
    }

    /// Writes the project's assignments (atomically).
    pub fn save_assignments(&self, assignments: &Assignments) -> Result<(), StoreError> {
        self.ensure_writable()?;
        let path = self.root().join(ASSIGNMENTS_FILE);
        let text = to_ron(assignments).map_err(|e| StoreError::Serialise {
            what: "assignments".into(),
            message: e.to_string(),
        })?;
        write_atomic(&path, text.as_bytes())
    }
}
