//! The open project as the analyst works on it, composed of parts with
//! one job each: the open documents and their edit history
//! ([`OpenDocuments`]), the document list ([`DocumentList`]) and the
//! suggestion engine with its background work ([`Learning`]). The
//! workspace holds the project and applies commands: what needs one part
//! is done by that part, what needs two is done here. Edits are built by
//! the pure `edit` core and applied as undoable steps.

use std::path::Path;

use crate::edit::{self, Change, Stamp, Transaction};
use crate::model::{AnnotationSet, Document, DocumentId, ItemRef, MentionId, Span, Status};
use crate::store::{Added, OpenMode, Problem, Project, StoreError};

use super::{Command, DocumentList, Learning, OpenDocument, OpenDocuments, WorkspaceCommand};

/// The open project as the analyst works on it, and the one place where
/// commands and edits are applied.
pub struct Workspace {
    pub project: Project,
    pub annotator: String,
    /// The documents open for annotation, the current one, its focus and
    /// undo history, and whether the edits are saved.
    pub docs: OpenDocuments,
    /// What the document list shows for each document.
    pub list: DocumentList,
    /// The suggestion engine, "suggest in all documents" and training.
    pub learning: Learning,
    /// Problems met while opening the project or loading a document.
    pub problems: Vec<Problem>,
    /// The documents assigned to this annotator (`attest assign`), which
    /// the document list shows first; empty when there are no assignments.
    pub assigned: std::collections::HashSet<DocumentId>,
    /// Every annotator's documents (`assignments.ron`).
    pub assignments: crate::model::Assignments,
    /// The document being curated, when the curator has started.
    pub curation: Option<super::Curation>,
    /// The project's annotation guidelines (Markdown); empty when it has
    /// none yet.
    pub guidelines: String,
}

/// What the workspace took in from a dataset import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatasetTakenIn {
    /// Documents the import added, in the order it added them.
    pub added: Vec<DocumentId>,
    /// Open documents edited while the import ran: the workspace keeps its
    /// edits, so their imported items are not taken in.
    pub kept_edited: Vec<DocumentId>,
}

impl Workspace {
    /// Opens a project for writing as `annotator` and summarises every document.
    pub fn open(root: &Path, annotator: &str) -> Result<Self, StoreError> {
        let (project, mut problems) = Project::open(
            root,
            OpenMode::ReadWrite {
                annotator: annotator.to_owned(),
            },
        )?;
        // Titles are known at once; progress and counts come in the background.
        let list = DocumentList::load(&project, annotator);
        let guidelines = match project.load_guidelines() {
            Ok(text) => text.unwrap_or_default(),
            Err(e) => {
                problems.push(e.into());
                String::new()
            }
        };
        let assignments = project.load_assignments().unwrap_or_else(|e| {
            problems.push(e.into());
            Default::default()
        });
        let assigned = assignments.of(annotator).iter().cloned().collect();
        Ok(Self {
            project,
            annotator: annotator.to_owned(),
            docs: OpenDocuments::default(),
            list,
            learning: Learning::default(),
            problems,
            assigned,
            assignments,
            curation: None,
            guidelines,
        })
    }

    /// Takes in the summaries read in the background, when they are ready;
    /// returns whether they are still being read.
    pub fn poll_summaries(&mut self) -> bool {
        // A document opened meanwhile has a fresher summary already.
        let docs = &self.docs;
        self.list.poll(|id| docs.is_open(id), &mut self.problems)
    }

    /// Waits for the background summaries (for batch work and tests).
    pub fn wait_for_summaries(&mut self) {
        let docs = &self.docs;
        self.list.wait(|id| docs.is_open(id), &mut self.problems);
    }

    /// Takes in the documents an import job added through its handle
    /// ([`Project::handle_for_job`]): they join the document list, as new.
    /// Returns their ids, in the order they were added.
    pub fn adopt_imported(&mut self, handle: &Project) -> Vec<DocumentId> {
        let added = self.project.adopt_documents(handle);
        for id in &added {
            if let Some(entry) = self.project.document_entry(id) {
                self.list
                    .add_new(id.clone(), self.project.display_title(entry));
            }
        }
        added
    }

    /// Takes in what a dataset import wrote through its handle
    /// ([`Project::handle_for_job`]): its new documents join the list, the
    /// labels it added join the schema, open documents without unsaved
    /// edits are read again from disk (the current one stays current), and
    /// every document's counts are read again in the background.
    pub fn adopt_dataset_import(&mut self, handle: &Project) -> DatasetTakenIn {
        let added = self.adopt_imported(handle);
        if handle.file.schema != self.project.file.schema {
            self.project.file.schema = handle.file.schema.clone();
            self.learning.forget_engine();
        }
        let kept_edited = self.docs.close_unedited();
        if let Some(current) = self.docs.take_current()
            && let Err(e) = self.select_document(&current)
        {
            self.problems.push(e.into());
        }
        self.list
            .read_again_keeping_shown(&self.project, &self.annotator);
        DatasetTakenIn { added, kept_edited }
    }

    /// A writable handle for a job that rewrites annotation files across
    /// the project (a schema edit). Refused while edits are unsaved or
    /// "suggest in all documents" is writing, so that neither is lost.
    pub fn handle_for_schema_edit(&self) -> Result<Project, String> {
        if self.docs.has_unsaved() {
            return Err(
                "the open documents have unsaved edits that could not be saved; save them first"
                    .into(),
            );
        }
        if self.learning.is_suggesting_all() {
            return Err("\"suggest in all documents\" is running; wait for it or stop it".into());
        }
        self.project.handle_for_job().map_err(|e| e.to_string())
    }

    /// Takes in a schema edit that a job saved through its handle: the new
    /// schema and settings, and — when annotation files were rewritten —
    /// the open documents read again from disk (their undo history ends
    /// here: it names the old labels) and the document list's counts.
    pub fn adopt_schema_edit(
        &mut self,
        handle: &Project,
        files_rewritten: bool,
    ) -> Result<(), StoreError> {
        self.project.adopt_saved_files(handle);
        self.learning.forget_engine();
        // A renamed label's section was renamed with it.
        if let Ok(Some(text)) = self.project.load_guidelines() {
            self.guidelines = text;
        }
        // Curation compared the files as they were.
        self.curation = None;
        if !files_rewritten {
            return Ok(());
        }
        self.docs.close_all();
        self.list.read_again(&self.project, &self.annotator);
        match self.docs.take_current() {
            Some(id) => self.select_document(&id),
            None => Ok(()),
        }
    }

    /// Adds one document (a pasted article) through the project's one
    /// add path; a new one joins the document list. Either way it opens.
    pub fn add_document(&mut self, document: Document) -> Result<Added, StoreError> {
        let title = document.display_title();
        let added = self.project.add_document(document)?;
        if let Added::New(id) = &added {
            self.list.add_new(id.clone(), title);
        }
        let (Added::New(id) | Added::AlreadyPresent(id)) = &added;
        self.select_document(id)?;
        Ok(added)
    }

    /// Makes a document current, loading it on first use. Unsaved edits of
    /// the document left are saved first.
    pub fn select_document(&mut self, id: &DocumentId) -> Result<(), StoreError> {
        if self.docs.current_id() == Some(id) {
            return Ok(());
        }
        // Switching documents saves; a failure is shown but does not block
        // the switch, since the edits stay in memory and are retried.
        let _shown_in_save_state = self.docs.save_dirty(&mut self.project);
        if !self.docs.is_open(id) {
            self.load_document(id)?;
        }
        self.docs.make_current(id.clone());
        Ok(())
    }

    /// Reads a document and this annotator's annotations of it into the
    /// open documents and the list. A document this annotator has never
    /// opened starts with the suggesters' candidates, saved like any edit
    /// (but not an undo step).
    fn load_document(&mut self, id: &DocumentId) -> Result<(), StoreError> {
        let document = self.project.load_document(id)?;
        let never_annotated = !self.project.annotations_path(id, &self.annotator).exists();
        let mut annotations = self.project.load_annotations(id, &self.annotator)?;
        let suggested = never_annotated
            && self.project.file.settings.suggest_on_open
            && self
                .learning
                .suggest_into(&self.project, &mut annotations, &document.text)?
                .total_added()
                > 0;
        let mut open = OpenDocument::new(document, annotations);
        if suggested {
            open.revision = 1;
        }
        self.list.refresh(id.clone(), &open);
        self.docs.insert(id.clone(), open);
        Ok(())
    }

    /// Runs a command on the project's state ([`Command::route`] picks
    /// them). `selection` is the text selected in the document view.
    pub fn execute(
        &mut self,
        command: WorkspaceCommand,
        selection: Option<Span>,
    ) -> Result<(), StoreError> {
        match command {
            WorkspaceCommand::NextItem => self.docs.step_focus(1),
            WorkspaceCommand::PreviousItem => self.docs.step_focus(-1),
            WorkspaceCommand::Accept => self.decide_focused(Status::Accepted),
            WorkspaceCommand::Reject => self.decide_focused(Status::Rejected),
            WorkspaceCommand::DeleteItem => self.delete_focused(),
            WorkspaceCommand::MoveEdge(edge, forward) => self.move_focused_edge(edge, forward),
            WorkspaceCommand::ApplyLabel(n) => {
                let key = char::from(b'0' + n);
                let label = self
                    .project
                    .file
                    .schema
                    .label_for_shortcut(key)
                    .map(|l| l.name.clone());
                if let Some(label) = label {
                    match selection {
                        Some(span) => self.create_mention(span, &label),
                        None => {
                            if let Some(ItemRef::Mention(id)) = self.docs.focus {
                                self.change(Change::MentionLabel(id, label));
                            }
                        }
                    }
                }
            }
            WorkspaceCommand::Undo => self.step_history(false),
            WorkspaceCommand::Redo => self.step_history(true),
            WorkspaceCommand::Save => {
                self.docs.save_dirty(&mut self.project)?;
            }
            WorkspaceCommand::NextDocument => self.next_document()?,
            WorkspaceCommand::PreviousDocument => self.step_document(-1)?,
            WorkspaceCommand::ToggleRejected => self.docs.toggle_rejected(),
            WorkspaceCommand::SuggestDocument => {
                self.suggest_current()?;
            }
            WorkspaceCommand::SuggestAll => self.start_suggest_all(),
            WorkspaceCommand::CancelSuggestAll => self.learning.cancel_suggest_all(),
            WorkspaceCommand::ToggleFinished => self.toggle_finished()?,
            WorkspaceCommand::AcceptEventWithClaims(event) => {
                let Some(doc) = self.docs.current() else {
                    return Ok(());
                };
                let transaction =
                    edit::accept_event_with_claims(&doc.annotations, event, self.stamp());
                self.commit(transaction);
            }
        }
        Ok(())
    }

    /// Takes in annotation files of this annotator that a job wrote (or
    /// put back) through its own handle: open documents not edited since
    /// are read again, and the list's counts.
    pub fn take_in_files(
        &mut self,
        written: &[super::jobs::WrittenFile],
    ) -> Result<(), StoreError> {
        let paths = written
            .iter()
            .map(|f| self.project.annotations_path(&f.document, &self.annotator))
            .collect();
        self.project.forget_saved(paths);
        self.docs.close_unedited();
        self.list
            .read_again_keeping_shown(&self.project, &self.annotator);
        match self.docs.take_current() {
            Some(current) => self.select_document(&current),
            None => Ok(()),
        }
    }

    /// Puts this annotator's files a job wrote back as they were (the
    /// job's undo; a file edited since is left as it is and named), and
    /// takes them in.
    pub fn restore_files(
        &mut self,
        written: &[super::jobs::WrittenFile],
    ) -> Result<super::jobs::Restored, StoreError> {
        let restored = super::jobs::restore_files(&mut self.project, &self.annotator, written)?;
        self.take_in_files(written)?;
        Ok(restored)
    }

    /// Deals the documents no one has yet out to `names`, a share
    /// `overlap` of them to two (see [`crate::model::Assignments::assign`]),
    /// and saves the assignments; this annotator's own come first in the
    /// list from now on.
    pub fn assign(
        &mut self,
        names: &[String],
        overlap: f64,
        seed: u64,
    ) -> Result<crate::model::Assigned, super::jobs::AssignError> {
        let (done, assignments) = super::jobs::assign(&self.project, names, overlap, seed)?;
        self.assigned = assignments.of(&self.annotator).iter().cloned().collect();
        self.assignments = assignments;
        Ok(done)
    }

    /// Writes the guidelines, and shows them from now on.
    pub fn save_guidelines(&mut self, text: String) -> Result<(), StoreError> {
        // A teammate's edit (pulled meanwhile) is never written over.
        let on_disk = self.project.load_guidelines()?.unwrap_or_default();
        if on_disk != self.guidelines {
            self.guidelines = on_disk;
            return Err(StoreError::Invalid {
                path: self.project.guidelines_path(),
                message: "changed on disk since it was read, so not written over; the window shows it as it is now: edit again".into(),
            });
        }
        let path = self.project.guidelines_path();
        self.project.forget_saved(vec![path]);
        self.project.save_guidelines(&text)?;
        self.guidelines = text;
        Ok(())
    }

    /// The label of the item in hand: a mention's label, an event's type,
    /// a claim's stance — the guidelines' section to open.
    pub fn label_in_hand(&self) -> Option<String> {
        let doc = self.docs.current()?;
        match self.docs.focus? {
            ItemRef::Mention(id) => doc.mention(id).map(|m| m.label.clone()),
            ItemRef::Event(id) => doc.event(id).map(|e| e.event_type.clone()),
            ItemRef::Claim(id) => doc.claim(id).map(|c| c.stance.clone()),
        }
    }

    /// Whether a command can run now (menus grey out the others).
    pub fn is_enabled(&self, command: Command) -> bool {
        let doc = self.docs.current();
        let has_focus = self.docs.focus.is_some();
        match command {
            Command::Window(super::WindowKind::Curation) => doc.is_some(),
            Command::Window(super::WindowKind::LabelEverywhere) => {
                matches!(self.docs.focus, Some(ItemRef::Mention(_))) && !self.project.is_read_only()
            }
            Command::Window(super::WindowKind::AddAlias) => {
                matches!(self.docs.focus, Some(ItemRef::Mention(_))) && !self.project.is_read_only()
            }
            Command::Window(_) | Command::CloseProject => true,
            Command::NextItem | Command::PreviousItem => doc.is_some(),
            Command::Accept | Command::Reject => has_focus,
            Command::DeleteItem => {
                !self.project.is_read_only()
                    && doc
                        .zip(self.docs.focus)
                        .is_some_and(|(d, item)| edit::is_deletable(&d.annotations, item))
            }
            Command::MoveEdge(..) | Command::NewRelation => {
                has_focus && doc.is_some() && !self.project.is_read_only()
            }
            Command::FindText => doc.is_some(),
            // With nothing focused, the comment is on the document.
            Command::Comment => doc.is_some() && !self.project.is_read_only(),
            Command::DecideInBulk => {
                doc.is_some_and(|d| d.annotations.has_open_suggestions())
                    && !self.project.is_read_only()
            }
            Command::LabelAll => {
                matches!(self.docs.focus, Some(ItemRef::Mention(_))) && !self.project.is_read_only()
            }
            Command::NewEvent | Command::NewClaim | Command::Choose => {
                doc.is_some() && !self.project.is_read_only()
            }
            Command::AcceptEventWithClaims(event) => {
                doc.is_some_and(|d| d.annotations.event(event).is_some())
            }
            Command::CancelSuggestAll => self.learning.can_cancel_suggest_all(),
            // Only digits the schema binds to a label do anything.
            Command::ApplyLabel(n) => {
                doc.is_some()
                    && self
                        .project
                        .file
                        .schema
                        .label_for_shortcut(char::from(b'0' + n))
                        .is_some()
            }
            Command::Undo => doc.is_some_and(OpenDocument::can_undo),
            Command::Redo => doc.is_some_and(OpenDocument::can_redo),
            Command::Save => self.docs.has_unsaved() || self.docs.has_unsaved_time(),
            Command::NextDocument | Command::PreviousDocument => {
                !self.project.documents().is_empty()
            }
            Command::SuggestDocument => doc.is_some(),
            Command::ToggleFinished => doc.is_some() && !self.project.is_read_only(),
            Command::SuggestAll => {
                !self.project.documents().is_empty() && !self.learning.is_suggesting_all()
            }
            Command::ToggleRejected
            | Command::ToggleArcs
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut => true,
            // A role of the focused claim or event that can be re-linked.
            Command::Relink(role) => {
                doc.is_some() && self.docs.focus.is_some_and(|item| role.fits(item))
            }
        }
    }

    /// Records a transaction on the current document.
    pub fn commit(&mut self, transaction: Transaction) {
        let Some(id) = self.docs.current_id().cloned() else {
            return;
        };
        self.commit_to(&id, transaction);
    }

    /// Records a transaction on the open document `id`; the document list
    /// follows.
    fn commit_to(&mut self, id: &DocumentId, transaction: Transaction) {
        if self.docs.commit(id, transaction) {
            self.refresh_summary(id);
        }
    }

    /// The document list shows an open document as it is now.
    fn refresh_summary(&mut self, id: &DocumentId) {
        if let Some(doc) = self.docs.get(id) {
            self.list.refresh(id.clone(), doc);
        }
    }

    /// Undoes (or redoes) the current document's last transaction.
    fn step_history(&mut self, forward: bool) {
        if self.docs.step_history(forward)
            && let Some(id) = self.docs.current_id().cloned()
        {
            self.refresh_summary(&id);
        }
    }

    /// Marks the current document finished (see [`edit::finish`]), or
    /// unmarks it, as an undoable step. Either way it saves at once and
    /// retrains in the background: a document no longer finished must stop
    /// teaching the models as soon as one that becomes finished starts to.
    fn toggle_finished(&mut self) -> Result<(), StoreError> {
        let Some(doc) = self.docs.current() else {
            return Ok(());
        };
        let finished = doc.annotations.finished.is_none();
        let transaction = edit::finish(&doc.annotations, finished, self.stamp());
        self.commit(transaction);
        self.docs.save_dirty(&mut self.project)?;
        self.learning.start_training(&self.project);
        Ok(())
    }

    /// Who edits now: this workspace's annotator, at this moment.
    fn stamp(&self) -> Stamp<'_> {
        Stamp::new(&self.annotator, jiff::Timestamp::now())
    }

    /// Accepts or rejects the focused item (see [`edit::decide`]), then
    /// moves to the next open suggestion.
    fn decide_focused(&mut self, status: Status) {
        let Some(focus) = self.docs.focus else { return };
        let Some(doc) = self.docs.current() else {
            return;
        };
        let transaction = edit::decide(&doc.annotations, focus, status, self.stamp());
        self.commit(transaction);
        self.docs.focus_after_decision(focus);
    }

    /// Creates an accepted mention on `span` (see [`edit::create_mention`])
    /// and focuses it; selecting an existing mention accepts and focuses it.
    pub fn create_mention(&mut self, span: Span, label: &str) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let Some(created) = edit::create_mention(
            &doc.annotations,
            &doc.document.text,
            &self.project.catalogue,
            span,
            label,
            self.stamp(),
        ) else {
            return;
        };
        self.commit(created.transaction);
        self.docs.focus = Some(ItemRef::Mention(created.id));
    }

    /// What giving mention `id`'s label to every other occurrence of its
    /// text in the current document would do (the preview).
    pub fn label_all_preview(&self, id: MentionId) -> Option<edit::LabelAll> {
        let doc = self.docs.current()?;
        Some(edit::label_all(
            &doc.annotations,
            &doc.document.text,
            &self.project.catalogue,
            id,
            self.stamp(),
        ))
    }

    /// Gives mention `id`'s label to every other occurrence of its text in
    /// the current document, in one undo step; how many it labelled.
    pub fn label_all(&mut self, id: MentionId) -> usize {
        let Some(all) = self.label_all_preview(id) else {
            return 0;
        };
        self.commit(all.transaction);
        self.docs.focus = Some(ItemRef::Mention(id));
        all.labelled
    }

    /// Makes `text` the comment on `item` of the current document (an empty
    /// one takes it away), one undo step.
    pub fn comment(&mut self, target: crate::model::Target, text: &str) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let transaction = edit::comment_target(&doc.annotations, target, text);
        self.commit(transaction);
    }

    /// What `filter` would decide among the current document's open
    /// suggestions (the preview of a bulk decision).
    pub fn bulk_preview(
        &self,
        filter: &super::jobs::DecideFilter,
    ) -> Option<super::jobs::Decisions> {
        let doc = self.docs.current()?;
        Some(super::jobs::decisions(
            &doc.annotations,
            filter,
            self.stamp(),
        ))
    }

    /// Decides the current document's open suggestions `filter` selects,
    /// in one undo step; how many.
    pub fn decide_in_bulk(&mut self, filter: &super::jobs::DecideFilter) -> usize {
        let Some(decisions) = self.bulk_preview(filter) else {
            return 0;
        };
        let decided = decisions.decided();
        self.commit(decisions.transaction);
        decided
    }

    /// Makes `span` the trigger of a new accepted event of `event_type`
    /// (and `sub_type`), or accepts the identical one, and focuses it.
    pub fn create_event(&mut self, span: Span, event_type: &str, sub_type: Option<&str>) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let created = edit::create_event(
            &doc.annotations,
            &doc.document.text,
            span,
            (event_type, sub_type),
            self.stamp(),
        );
        self.take_created(created);
    }

    /// Makes `span` the cue of a new accepted claim of `stance`, or accepts
    /// the identical one, and focuses it.
    pub fn create_claim(&mut self, span: Span, stance: &str) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let created = edit::create_claim(
            &doc.annotations,
            &doc.document.text,
            span,
            stance,
            self.stamp(),
        );
        self.take_created(created);
    }

    /// Draws a `kind` relation from `from` to `to`, or takes it away if it
    /// is there (see [`edit::toggle_relation`]); the focus stays on `from`.
    pub fn toggle_relation(&mut self, kind: &str, from: ItemRef, to: ItemRef) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        if let Some(transaction) =
            edit::toggle_relation(&doc.annotations, kind, from, to, self.stamp())
        {
            self.commit(transaction);
        }
    }

    /// Moves the focused item's start or end by a word (see
    /// [`crate::text::edges`]); a suggestion so moved becomes a correction.
    fn move_focused_edge(&mut self, edge: crate::text::edges::Edge, forward: bool) {
        let (Some(doc), Some(item)) = (self.docs.current(), self.docs.focus) else {
            return;
        };
        let Some(span) = self.docs.span_of(item) else {
            return;
        };
        let text = &doc.document.text;
        let Some(moved) = crate::text::edges::move_edge(text, span, edge, forward) else {
            return;
        };
        let covered = moved.text(text).unwrap_or_default().to_owned();
        self.change(Change::Span {
            item,
            span: moved,
            text: covered,
        });
    }

    /// Deletes the focused item (made by the analyst) with its links, as
    /// one undoable step, and moves the focus on.
    fn delete_focused(&mut self) {
        let (Some(doc), Some(item)) = (self.docs.current(), self.docs.focus) else {
            return;
        };
        let Ok(transaction) = edit::delete(&doc.annotations, item) else {
            return;
        };
        self.commit(transaction);
        self.docs.focus = None;
        self.docs.step_focus(1);
    }

    /// Makes a mention of `span` with `label` (or accepts the identical
    /// one) and links it as `role` of `item`, in one undoable step; the
    /// focus stays on `item`.
    pub fn create_filler(&mut self, span: Span, label: &str, item: ItemRef, role: edit::LinkRole) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let stamp = self.stamp();
        let Some(created) = edit::create_mention(
            &doc.annotations,
            &doc.document.text,
            &self.project.catalogue,
            span,
            label,
            stamp,
        ) else {
            return;
        };
        let mut with_mention = doc.annotations.clone();
        created.transaction.apply(&mut with_mention);
        let mut transaction = created.transaction;
        if let Some(change) = edit::relink(&with_mention, item, role, edit::Relink::Add(created.id))
        {
            transaction
                .edits
                .extend(edit::correct(&with_mention, change, stamp).edits);
        }
        self.commit(transaction);
        self.docs.focus = Some(item);
    }

    fn take_created(&mut self, created: Option<edit::NewItem>) {
        let Some(created) = created else { return };
        self.commit(created.transaction);
        self.docs.focus = Some(created.item);
    }

    /// Applies an inspector correction (see [`edit::correct`]).
    pub fn change(&mut self, change: Change) {
        let Some(doc) = self.docs.current() else {
            return;
        };
        let transaction = edit::correct(&doc.annotations, change, self.stamp());
        self.commit(transaction);
    }

    /// Replaces an open document's annotations wholesale as one undoable
    /// step (used by the suggesters): each changed item becomes an edit.
    pub fn replace_annotations(&mut self, id: &DocumentId, after: AnnotationSet) {
        let Some(doc) = self.docs.get(id) else { return };
        let transaction = edit::diff(&doc.annotations, &after);
        self.commit_to(id, transaction);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Command, SaveState, jobs};
    use crate::edit::trim_span;
    use crate::model::{
        Claim, ClaimId, ClaimSource, Document, DocumentMeta, Mention, MentionId, Review,
    };
    use crate::stats::Progress;
    use std::collections::BTreeMap;

    const TEXT: &str =
        "The attacks were claimed by JNIM, the army said. A resident of Kassela told AFP.";

    fn span(needle: &str) -> Span {
        let start = TEXT.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    fn suggested_mention(id: u32, needle: &str, label: &str) -> Mention {
        Mention {
            id: MentionId(id),
            span: span(needle),
            text: needle.into(),
            label: label.into(),
            actor: None,
            attributes: Default::default(),
            review: Review::suggested("ana", "test", 0.8, jiff::Timestamp::UNIX_EPOCH),
        }
    }

    /// A project with one document and four suggestions: three mentions and
    /// a claim whose responsible actor and source are two of them.
    fn workspace() -> (tempfile::TempDir, Workspace, DocumentId) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        Project::create(&root, "p").unwrap();
        let (mut project, _) = Project::open(
            &root,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let document = Document::new(TEXT.into(), DocumentMeta::default());
        let id = document.id.clone();
        project.add_document(document).unwrap();
        let mut set = AnnotationSet::new(id.clone(), "ana");
        set.mentions
            .push(suggested_mention(1, "JNIM", "ARMED_GROUP"));
        set.mentions
            .push(suggested_mention(2, "the army", "STATE_FORCE"));
        set.mentions.push(suggested_mention(3, "Kassela", "PERSON"));
        set.claims.push(Claim {
            id: ClaimId(1),
            cue: span("were claimed by"),
            cue_text: "were claimed by".into(),
            stance: "Claimed".into(),
            source: Some(ClaimSource::Mention(MentionId(1))),
            responsible: vec![MentionId(1)],
            events: Vec::new(),
            review: Review::suggested("ana", "test", 0.7, jiff::Timestamp::UNIX_EPOCH),
        });
        project.save_annotations(&set).unwrap();
        drop(project);
        let mut workspace = Workspace::open(&root, "ana").unwrap();
        workspace.wait_for_summaries();
        workspace.select_document(&id).unwrap();
        (dir, workspace, id)
    }

    fn status(workspace: &Workspace, item: ItemRef) -> Status {
        workspace.docs.review_of(item).unwrap().status.clone()
    }

    #[test]
    fn focus_starts_on_the_first_suggestion_in_reading_order() {
        let (_dir, mut ws, id) = workspace();
        assert_eq!(
            ws.docs.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "the cue comes first in the text"
        );
        ws.execute(WorkspaceCommand::NextItem, None).unwrap();
        assert_eq!(ws.docs.focus, Some(ItemRef::Mention(MentionId(1))));
        ws.execute(WorkspaceCommand::PreviousItem, None).unwrap();
        ws.execute(WorkspaceCommand::PreviousItem, None).unwrap();
        assert_eq!(
            ws.docs.focus,
            Some(ItemRef::Mention(MentionId(3))),
            "wraps around"
        );
        assert_eq!(ws.list.summaries[&id].open_suggestions, 4);
        assert_eq!(ws.list.summaries[&id].progress, Some(Progress::New));
    }

    #[test]
    fn accepting_a_claim_accepts_the_mentions_it_names_and_moves_on() {
        let (_dir, mut ws, id) = workspace();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        assert_eq!(status(&ws, ItemRef::Claim(ClaimId(1))), Status::Accepted);
        assert_eq!(
            status(&ws, ItemRef::Mention(MentionId(1))),
            Status::Accepted,
            "its responsible actor"
        );
        assert!(status(&ws, ItemRef::Mention(MentionId(2))).is_open());
        assert_eq!(
            ws.docs.focus,
            Some(ItemRef::Mention(MentionId(2))),
            "next open suggestion"
        );
        let review = ws.docs.review_of(ItemRef::Claim(ClaimId(1))).unwrap();
        assert_eq!(review.by, "ana");
        assert_eq!(review.suggester(), Some("test"), "the proposal is kept");
        ws.execute(WorkspaceCommand::Reject, None).unwrap();
        assert_eq!(
            status(&ws, ItemRef::Mention(MentionId(2))),
            Status::Rejected
        );
        assert_eq!(ws.list.summaries[&id].progress, Some(Progress::InProgress));
        assert_eq!(ws.list.summaries[&id].gold, 2);
    }

    #[test]
    fn undo_and_redo_restore_each_step_exactly() {
        let (_dir, mut ws, _) = workspace();
        let original = ws.docs.current().unwrap().annotations.clone();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        let after_accept = ws.docs.current().unwrap().annotations.clone();
        ws.execute(WorkspaceCommand::Reject, None).unwrap();
        assert!(ws.docs.current().unwrap().is_dirty());
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.docs.current().unwrap().annotations, after_accept);
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.docs.current().unwrap().annotations, original);
        assert!(!ws.is_enabled(Command::Undo));
        ws.execute(WorkspaceCommand::Redo, None).unwrap();
        assert_eq!(ws.docs.current().unwrap().annotations, after_accept);
        assert_eq!(
            ws.docs.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "focus follows the redone edit"
        );
    }

    #[test]
    fn relabelling_a_suggestion_corrects_it_and_a_new_selection_becomes_a_mention() {
        let (_dir, mut ws, _) = workspace();
        ws.docs.focus = Some(ItemRef::Mention(MentionId(3)));
        ws.execute(WorkspaceCommand::ApplyLabel(5), None).unwrap();
        let kassela = ws
            .docs
            .current()
            .unwrap()
            .annotations
            .mention(MentionId(3))
            .unwrap()
            .clone();
        assert_eq!(kassela.label, "LOCATION");
        assert_eq!(kassela.review.status, Status::Corrected);

        let afp = span("AFP");
        let sloppy = Span::new(afp.start_byte - 1, afp.end_byte + 1); // " AFP."
        ws.execute(WorkspaceCommand::ApplyLabel(7), Some(sloppy))
            .unwrap();
        let abbreviation = trim_span("the U.N. said", Span::new(3, 9));
        assert_eq!(
            abbreviation,
            Some(Span::new(4, 8)),
            "keeps an abbreviation's dots"
        );
        let Some(ItemRef::Mention(new_id)) = ws.docs.focus else {
            panic!("focus on the new mention")
        };
        let created = ws
            .docs
            .current()
            .unwrap()
            .annotations
            .mention(new_id)
            .unwrap()
            .clone();
        assert_eq!(
            (created.text.as_str(), created.label.as_str()),
            ("AFP", "SOURCE")
        );
        assert_eq!(
            created.actor.as_deref(),
            Some("afp"),
            "linked through the catalogue"
        );
        assert_eq!(created.review.status, Status::Accepted);
        ws.change(Change::MentionLabel(new_id, "ORGANIZATION".into()));
        let relabelled = ws
            .docs
            .current()
            .unwrap()
            .annotations
            .mention(new_id)
            .unwrap();
        assert_eq!(
            relabelled.review.status,
            Status::Accepted,
            "the annotator's own mention stays accepted"
        );
    }

    #[test]
    fn inspector_changes_correct_a_claim() {
        let (_dir, mut ws, _) = workspace();
        ws.change(Change::ClaimStance(ClaimId(1), "Alleged".into()));
        ws.change(Change::ClaimSource(
            ClaimId(1),
            Some(ClaimSource::Reporter("AFP".into())),
        ));
        ws.change(Change::ClaimResponsible(
            ClaimId(1),
            vec![MentionId(1), MentionId(2)],
        ));
        let claim = ws
            .docs
            .current()
            .unwrap()
            .annotations
            .claim(ClaimId(1))
            .unwrap()
            .clone();
        assert_eq!(claim.stance, "Alleged");
        assert_eq!(claim.source, Some(ClaimSource::Reporter("AFP".into())));
        assert_eq!(claim.responsible, [MentionId(1), MentionId(2)]);
        assert_eq!(claim.review.status, Status::Corrected);
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(
            ws.docs
                .current()
                .unwrap()
                .annotations
                .claim(ClaimId(1))
                .unwrap()
                .responsible,
            [MentionId(1)]
        );
    }

    #[test]
    fn saving_writes_the_edited_document_and_reopening_restores_it() {
        let (dir, mut ws, id) = workspace();
        assert_eq!(
            ws.docs.save_dirty(&mut ws.project).unwrap(),
            0,
            "nothing to save yet"
        );
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        assert_eq!(ws.docs.save_state, SaveState::Unsaved);
        assert_eq!(ws.docs.save_dirty(&mut ws.project).unwrap(), 1);
        assert_eq!(ws.docs.save_state, SaveState::Saved);
        assert!(!ws.docs.has_unsaved());
        let saved = ws.docs.current().unwrap().annotations.clone();
        drop(ws);
        let mut reopened = Workspace::open(&dir.path().join("p"), "ana").unwrap();
        reopened.select_document(&id).unwrap();
        let mut expected = saved;
        expected.sort();
        assert_eq!(reopened.docs.current().unwrap().annotations, expected);
    }

    #[test]
    fn a_new_catalogue_actor_is_saved_with_the_project_and_linked() {
        let (dir, mut ws, _) = workspace();
        ws.link_to_new_actor(MentionId(2)).unwrap();
        let linked = ws
            .docs
            .current()
            .unwrap()
            .annotations
            .mention(MentionId(2))
            .unwrap()
            .actor
            .clone();
        assert_eq!(linked.as_deref(), Some("the-army"));
        drop(ws);
        let (project, problems) = Project::open(&dir.path().join("p"), OpenMode::ReadOnly).unwrap();
        assert!(problems.is_empty());
        let actor = project.catalogue.actor("the-army").unwrap();
        assert_eq!(actor.kind, crate::model::ActorKind::StateForce);
    }

    #[test]
    fn a_second_workspace_on_the_same_project_is_refused() {
        let (dir, _ws, _) = workspace();
        let error = Workspace::open(&dir.path().join("p"), "ben").err().unwrap();
        assert!(matches!(error, StoreError::Locked { .. }), "{error}");
    }

    #[test]
    fn a_document_opened_for_the_first_time_gets_the_learned_suggestions_too() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        Project::create(&root, "p").unwrap();
        let mode = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let (mut project, _) = Project::open(&root, mode).unwrap();
        let taught = "Dozo hunters guarded the market in Tera on Monday.";
        let unseen = "On Friday Dozo hunters blocked the road near Djibo.";
        let mut ids = Vec::new();
        for text in [taught, unseen] {
            let document = Document::new(text.into(), DocumentMeta::default());
            ids.push(document.id.clone());
            project.add_document(document).unwrap();
        }
        // The analyst created "Dozo hunters" by hand and finished the document.
        let mut set = AnnotationSet::new(ids[0].clone(), "ana");
        let span = Span::new(0, "Dozo hunters".len());
        set.mentions.push(Mention {
            id: MentionId(1),
            span,
            text: "Dozo hunters".into(),
            label: "ARMED_GROUP".into(),
            actor: None,
            attributes: BTreeMap::new(),
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        });
        set.finished = Some(crate::model::Finished {
            by: "ana".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        });
        project.save_annotations(&set).unwrap();
        let trained = jobs::train(&project, crate::progress::JobControl::unattended());
        assert!(!trained.models.is_empty(), "{:?}", trained.problems);
        drop(project);

        let mut workspace = Workspace::open(&root, "ana").unwrap();
        workspace.select_document(&ids[1]).unwrap();
        let open = workspace.docs.current().unwrap();
        let learned = open
            .annotations
            .mentions
            .iter()
            .find(|m| m.text == "Dozo hunters" && m.label == "ARMED_GROUP")
            .expect("the learned span is proposed on open, as `attest suggest` would");
        // One finished document holds nothing out: both learned layers
        // propose it at the unmeasured ceiling, and either may carry it.
        assert!(
            learned
                .review
                .suggester()
                .is_some_and(|s| s.starts_with("learned:")),
            "{:?}",
            learned.review
        );
    }

    #[test]
    fn finishing_saves_trains_in_the_background_and_a_finish_meanwhile_queues_one_run() {
        let (_dir, mut ws, id) = workspace();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        assert!(ws.docs.current().unwrap().annotations.finished.is_some());
        assert!(ws.list.summaries[&id].finished);
        assert!(!ws.docs.has_unsaved(), "finishing saves");
        let on_disk = ws.project.load_annotations(&id, "ana").unwrap();
        assert!(on_disk.finished.is_some());
        assert!(ws.learning.is_training());
        // Another finish while it runs: one more run, not two.
        ws.learning.start_training(&ws.project);
        ws.learning.start_training(&ws.project);
        assert!(ws.learning.training_queued);
        let mut runs_seen = 0;
        while ws.learning.is_training() {
            let was_queued = ws.learning.training_queued;
            if !ws.learning.poll_training(&ws.project) && !ws.learning.is_training() {
                break;
            }
            if was_queued && !ws.learning.training_queued {
                runs_seen += 1;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(runs_seen, 1, "the queued run started once");
        assert!(
            ws.learning.engine.is_none(),
            "the cached models are dropped"
        );
        assert_eq!(
            ws.learning.training_message.as_deref(),
            Some("trained on 1 document")
        );
        // Undo unmarks.
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.docs.current().unwrap().annotations.finished, None);
        assert!(!ws.list.summaries[&id].finished);
        assert!(ws.docs.has_unsaved());
    }

    #[test]
    fn unmarking_the_only_finished_document_retrains_and_removes_what_it_taught() {
        let (_dir, mut ws, _) = workspace();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        let wait = |ws: &mut Workspace| {
            while ws.learning.is_training() {
                ws.learning.poll_training(&ws.project);
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        };
        wait(&mut ws);
        let tagger = crate::app::jobs::models::models_dir(&ws.project).join("tagger.bin");
        assert!(tagger.exists(), "{:?}", ws.learning.training_message);
        // Unmarked (not undone): saved, and retrained on nothing.
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        assert!(!ws.docs.has_unsaved(), "unmarking saves too");
        assert!(ws.learning.is_training());
        wait(&mut ws);
        assert!(!tagger.exists(), "a model learned from it stays no longer");
        assert!(
            ws.learning
                .training_message
                .as_deref()
                .is_some_and(|m| m.contains("the rules suggest")),
            "{:?}",
            ws.learning.training_message
        );
    }

    #[test]
    fn suggest_in_all_documents_can_be_stopped_from_the_command_table() {
        let (_dir, mut workspace, _) = workspace();
        assert!(
            !workspace.is_enabled(Command::CancelSuggestAll),
            "nothing runs"
        );
        workspace
            .execute(WorkspaceCommand::SuggestAll, None)
            .unwrap();
        assert!(workspace.is_enabled(Command::CancelSuggestAll));
        workspace
            .execute(WorkspaceCommand::CancelSuggestAll, None)
            .unwrap();
        assert!(
            !workspace.is_enabled(Command::CancelSuggestAll),
            "asked once; the job stops at its next check"
        );
        let summary = loop {
            if let Some(summary) = workspace.poll_suggest_all() {
                break summary;
            }
            std::thread::yield_now();
        };
        assert!(summary.starts_with("suggested"), "{summary}");
        assert!(workspace.learning.suggest_all_progress().is_none());
    }
}
