//! The workspace's side of the actor catalogue: a mention's text becomes a
//! new actor, the catalogue window's edits are saved, and a merge done on
//! another handle is taken in. Each changes the project's catalogue, so
//! the suggestion engine is rebuilt on its next run.

use crate::edit::{self, Change};
use crate::model::{AnnotationSet, DocumentId, MentionId};
use crate::store::StoreError;

use super::Workspace;
use super::jobs;

impl Workspace {
    /// Adds the focused mention's text to the project's catalogue as a new
    /// actor of the kind its label suggests, and links the mention to it.
    pub fn link_to_new_actor(&mut self, mention: MentionId) -> Result<(), StoreError> {
        let Some(m) = self
            .docs
            .current()
            .and_then(|d| d.annotations.mention(mention))
        else {
            return Ok(());
        };
        let actor = edit::new_actor(m, &self.annotator);
        let id = self.project.add_catalogue_actor(actor)?;
        self.learning.forget_engine();
        self.change(Change::MentionActor(mention, Some(id)));
        Ok(())
    }

    /// Applies an edit to the project's own catalogue (see
    /// [`jobs::catalogue::apply_edit`]) and saves it; the suggesters are
    /// rebuilt with it on their next run, so `S` matches a new alias.
    /// Returns the id of the entry edited.
    pub fn edit_catalogue(
        &mut self,
        edit: &jobs::CatalogueEdit,
    ) -> Result<String, jobs::CatalogueError> {
        let Some(own) = self.project.own_catalogue() else {
            return Err(StoreError::Invalid {
                path: self.project.catalogue_path(),
                message: "the project's catalogue could not be read; fix it before editing it"
                    .into(),
            }
            .into());
        };
        let (next, id) =
            jobs::catalogue::apply_edit(&crate::model::Catalogue::sahel_default(), own, edit)?;
        self.project.save_own_catalogue(next)?;
        self.learning.forget_engine();
        Ok(id)
    }

    /// Takes in a merge done by [`jobs::merge_entries`] on another handle:
    /// the catalogue is read again, the suggesters rebuilt, and mentions of
    /// the open documents that still link to the removed entry follow the
    /// survivor (one undoable step per document; the saved files already do).
    pub fn catalogue_merged(&mut self, report: &jobs::MergeReport) -> Result<(), StoreError> {
        self.project.reload_catalogue()?;
        self.learning.forget_engine();
        let catalogue = &self.project.catalogue;
        let relinked: Vec<(DocumentId, AnnotationSet)> = self
            .docs
            .iter()
            .filter_map(|(id, doc)| {
                let mut set = doc.annotations.clone();
                let mut changed = false;
                for mention in &mut set.mentions {
                    if let Some(actor) = &mention.actor
                        && *actor != report.survivor
                        && catalogue.resolve(actor) == report.survivor
                    {
                        mention.actor = Some(report.survivor.clone());
                        changed = true;
                    }
                }
                changed.then(|| (id.clone(), set))
            })
            .collect();
        for (id, set) in relinked {
            self.replace_annotations(&id, set);
        }
        Ok(())
    }
}
