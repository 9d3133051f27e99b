//! The workspace's side of adjudication: which annotators have a file for
//! the current document, reading their files to start an [`Adjudication`],
//! and writing the adjudicated gold file.

use std::path::PathBuf;

use crate::store::StoreError;

use super::{Adjudication, GOLD_ANNOTATOR, Workspace};

impl Workspace {
    /// Annotators (not the gold one) who have a file for the current document.
    pub fn annotators_of_current(&self) -> Vec<String> {
        let Some(id) = self.docs.current_id() else {
            return Vec::new();
        };
        self.project
            .annotators()
            .into_iter()
            .filter(|a| a != GOLD_ANNOTATOR && self.project.annotations_path(id, a).exists())
            .collect()
    }

    /// Starts adjudicating the current document between `annotators`
    /// (unsaved edits are saved first, so they count).
    pub fn adjudicate(
        &mut self,
        annotators: &[String],
    ) -> Result<Option<Adjudication>, StoreError> {
        self.docs.save_dirty(&mut self.project)?;
        let Some(doc) = self.docs.current() else {
            return Ok(None);
        };
        let (id, text) = (doc.document.id.clone(), doc.document.text.clone());
        let sets = annotators
            .iter()
            .map(|a| self.project.load_annotations(&id, a))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Adjudication::new(id, &text, &sets)))
    }

    /// Writes the adjudicated gold file, decided by this workspace's annotator.
    pub fn save_gold(&mut self, adjudication: &Adjudication) -> Result<PathBuf, StoreError> {
        let gold = adjudication.gold(&self.annotator, jiff::Timestamp::now());
        self.project.save_annotations(&gold)?;
        Ok(self
            .project
            .annotations_path(&adjudication.document, GOLD_ANNOTATOR))
    }
}
