//! The open project as the analyst works on it: the open documents, the
//! current one and its focused item, what is saved — the state. Edits are
//! built by the pure `edit` core and applied here as undoable steps.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::edit::{self, Change, Stamp, Transaction};
use crate::model::{AnnotationSet, Document, DocumentId, ItemRef, MentionId, Span, Status};
use crate::store::{Added, OpenMode, Problem, Project, StoreError};
use crate::suggest::{MergeCounts, Rules};

use super::jobs::{self, SuggestReport, TrainReport};
use super::summaries::{self, DocumentSummary, SummaryBatch};
use super::{BackgroundJob, Command, OpenDocument, Poll, WorkspaceCommand};
use crate::engine::{self, Engine};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Unsaved,
    Saving,
    /// The last save failed; edits stay in memory and the save is retried.
    Error(String),
}

/// The open project as the analyst works on it, and the one place where
/// commands and edits are applied.
pub struct Workspace {
    pub project: Project,
    pub annotator: String,
    pub summaries: HashMap<DocumentId, DocumentSummary>,
    pending_summaries: Option<BackgroundJob<SummaryBatch>>,
    open: HashMap<DocumentId, OpenDocument>,
    current: Option<DocumentId>,
    pub focus: Option<ItemRef>,
    pub show_rejected: bool,
    pub save_state: SaveState,
    /// Problems met while opening the project or loading a document.
    pub problems: Vec<Problem>,
    /// The rules built from the project's catalogue and schema with the
    /// models learned by `attest train`, built on first use and dropped
    /// when any of them changes (see [`Self::forget_engine`]).
    pub(super) engine: Option<Arc<Engine>>,
    /// Why learned models are missing or were not used, for the analyst.
    pub learned_notes: Vec<String>,
    /// Documents still to be suggested by "suggest in all documents".
    suggest_all: Option<SuggestAllJob>,
    /// Background training after a document was finished (at most one run).
    pub(super) training: Option<BackgroundJob<TrainReport>>,
    /// A document was finished while training ran: train once more after it.
    pub(super) training_queued: bool,
    /// What the last training did ("trained on N documents") or is doing.
    pub training_message: Option<String>,
    /// Unfinished documents, the tagger's least sure first, from the last
    /// training (when the project asks "next document" to follow it).
    pub(super) least_sure: Vec<DocumentId>,
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

/// "Suggest in all documents" while it runs: the documents not open are
/// suggested and saved by the core's job on a background thread; those
/// open got an undoable step each when it started.
struct SuggestAllJob {
    job: BackgroundJob<SuggestReport>,
    /// Documents open when it started, suggested on the UI thread.
    open_at_start: Vec<DocumentId>,
    /// Documents handed to the background job.
    in_background: usize,
    added_in_open: usize,
    errors_in_open: usize,
}

impl Workspace {
    /// Opens a project for writing as `annotator` and summarises every document.
    pub fn open(root: &Path, annotator: &str) -> Result<Self, StoreError> {
        let (project, problems) = Project::open(
            root,
            OpenMode::ReadWrite {
                annotator: annotator.to_owned(),
            },
        )?;
        // Titles are known at once; progress and counts come in the background.
        let (summaries, pending_summaries) = summaries::start_loading(&project, annotator);
        Ok(Self {
            project,
            annotator: annotator.to_owned(),
            summaries,
            pending_summaries: Some(pending_summaries),
            engine: None,
            learned_notes: Vec::new(),
            suggest_all: None,
            training: None,
            training_queued: false,
            training_message: None,
            least_sure: Vec::new(),
            open: HashMap::new(),
            current: None,
            focus: None,
            show_rejected: true,
            save_state: SaveState::Saved,
            problems,
        })
    }

    /// Takes in the summaries read in the background, when they are ready;
    /// returns whether they are still being read.
    pub fn poll_summaries(&mut self) -> bool {
        let Some(job) = &self.pending_summaries else {
            return false;
        };
        match job.poll() {
            Poll::Running(_) => true,
            Poll::Done(batch) => {
                self.merge_summaries(batch);
                false
            }
            Poll::Lost => {
                self.pending_summaries = None;
                false
            }
        }
    }

    /// Waits for the background summaries (for batch work and tests).
    pub fn wait_for_summaries(&mut self) {
        if let Some(batch) = self.pending_summaries.take().and_then(BackgroundJob::wait) {
            self.merge_summaries(batch);
        }
    }

    fn merge_summaries(&mut self, batch: SummaryBatch) {
        self.pending_summaries = None;
        // A document opened meanwhile has a fresher summary already.
        let open = &self.open;
        summaries::merge(
            &mut self.summaries,
            batch,
            |id| open.contains_key(id),
            &mut self.problems,
        );
    }

    pub fn current_id(&self) -> Option<&DocumentId> {
        self.current.as_ref()
    }

    pub fn current(&self) -> Option<&OpenDocument> {
        self.current.as_ref().and_then(|id| self.open.get(id))
    }

    fn current_mut(&mut self) -> Option<&mut OpenDocument> {
        let id = self.current.as_ref()?;
        self.open.get_mut(id)
    }

    /// Takes in the documents an import job added through its handle
    /// ([`Project::handle_for_job`]): they join the document list, as new.
    /// Returns their ids, in the order they were added.
    pub fn adopt_imported(&mut self, handle: &Project) -> Vec<DocumentId> {
        let added = self.project.adopt_documents(handle);
        for id in &added {
            if let Some(entry) = self.project.document_entry(id) {
                let summary = DocumentSummary {
                    title: self.project.display_title(entry),
                    progress: Some(crate::stats::Progress::New),
                    ..DocumentSummary::default()
                };
                self.summaries.insert(id.clone(), summary);
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
            self.forget_engine();
        }
        let mut kept_edited: Vec<DocumentId> = self
            .open
            .iter()
            .filter(|(_, doc)| doc.is_dirty())
            .map(|(id, _)| id.clone())
            .collect();
        kept_edited.sort();
        self.open.retain(|_, doc| doc.is_dirty());
        if let Some(current) = self.current.take()
            && let Err(e) = self.select_document(&current)
        {
            self.problems.push(e.into());
        }
        let (fresh, job) = summaries::start_loading(&self.project, &self.annotator);
        for (id, summary) in fresh {
            self.summaries.entry(id).or_insert(summary);
        }
        self.pending_summaries = Some(job);
        DatasetTakenIn { added, kept_edited }
    }

    /// A writable handle for a job that rewrites annotation files across
    /// the project (a schema edit). Refused while edits are unsaved or
    /// "suggest in all documents" is writing, so that neither is lost.
    pub fn handle_for_schema_edit(&self) -> Result<Project, String> {
        if self.has_unsaved() {
            return Err(
                "the open documents have unsaved edits that could not be saved; save them first"
                    .into(),
            );
        }
        if self.suggest_all.is_some() {
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
        self.forget_engine();
        if !files_rewritten {
            return Ok(());
        }
        self.open.clear();
        self.focus = None;
        let (summaries, pending) = summaries::start_loading(&self.project, &self.annotator);
        self.summaries = summaries;
        self.pending_summaries = Some(pending);
        match self.current.take() {
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
            let summary = DocumentSummary {
                title,
                progress: Some(crate::stats::Progress::New),
                ..DocumentSummary::default()
            };
            self.summaries.insert(id.clone(), summary);
        }
        let (Added::New(id) | Added::AlreadyPresent(id)) = &added;
        self.select_document(id)?;
        Ok(added)
    }

    /// Makes a document current, loading it on first use. Unsaved edits of
    /// the document left are saved first.
    pub fn select_document(&mut self, id: &DocumentId) -> Result<(), StoreError> {
        if self.current.as_ref() == Some(id) {
            return Ok(());
        }
        // Switching documents saves; a failure is shown but does not block
        // the switch, since the edits stay in memory and are retried.
        let _shown_in_save_state = self.save_dirty();
        if !self.open.contains_key(id) {
            let document = self.project.load_document(id)?;
            let never_annotated = !self.project.annotations_path(id, &self.annotator).exists();
            let mut annotations = self.project.load_annotations(id, &self.annotator)?;
            // A document this annotator has never opened starts with the
            // suggesters' candidates, saved like any edit (but not an undo step).
            let suggested = never_annotated
                && self.project.file.settings.suggest_on_open
                && self
                    .suggest_into(&mut annotations, &document.text)?
                    .total_added()
                    > 0;
            let mut open = OpenDocument::new(document, annotations);
            if suggested {
                open.revision = 1;
                self.save_state = SaveState::Unsaved;
            }
            let title = open.document.display_title();
            self.summaries
                .insert(id.clone(), DocumentSummary::of(title, &open.annotations));
            self.open.insert(id.clone(), open);
        }
        self.current = Some(id.clone());
        self.focus = self.next_open_suggestion(None);
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
            WorkspaceCommand::NextItem => self.step_focus(1),
            WorkspaceCommand::PreviousItem => self.step_focus(-1),
            WorkspaceCommand::Accept => self.decide_focused(Status::Accepted),
            WorkspaceCommand::Reject => self.decide_focused(Status::Rejected),
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
                            if let Some(ItemRef::Mention(id)) = self.focus {
                                self.change(Change::MentionLabel(id, label));
                            }
                        }
                    }
                }
            }
            WorkspaceCommand::Undo => self.undo(),
            WorkspaceCommand::Redo => self.redo(),
            WorkspaceCommand::Save => {
                self.save_dirty()?;
            }
            WorkspaceCommand::NextDocument => self.next_document()?,
            WorkspaceCommand::PreviousDocument => self.step_document(-1)?,
            WorkspaceCommand::ToggleRejected => {
                self.show_rejected = !self.show_rejected;
                if let Some(focus) = self.focus
                    && !self.items_in_order().contains(&focus)
                {
                    self.focus = self.next_open_suggestion(None);
                }
            }
            WorkspaceCommand::SuggestDocument => {
                self.suggest_current()?;
            }
            WorkspaceCommand::SuggestAll => self.start_suggest_all(),
            WorkspaceCommand::CancelSuggestAll => self.cancel_suggest_all(),
            WorkspaceCommand::ToggleFinished => self.toggle_finished()?,
            WorkspaceCommand::AcceptEventWithClaims(event) => {
                let Some(doc) = self.current() else {
                    return Ok(());
                };
                let transaction =
                    edit::accept_event_with_claims(&doc.annotations, event, self.stamp());
                self.commit(transaction);
            }
        }
        Ok(())
    }

    /// Whether a command can run now (menus grey out the others).
    pub fn is_enabled(&self, command: Command) -> bool {
        let doc = self.current();
        let has_focus = self.focus.is_some();
        match command {
            Command::Window(super::WindowKind::Adjudication) => doc.is_some(),
            Command::Window(super::WindowKind::AddAlias) => {
                matches!(self.focus, Some(ItemRef::Mention(_))) && !self.project.is_read_only()
            }
            Command::Window(_) | Command::CloseProject => true,
            Command::NextItem | Command::PreviousItem => doc.is_some(),
            Command::Accept | Command::Reject => has_focus,
            Command::AcceptEventWithClaims(event) => {
                doc.is_some_and(|d| d.annotations.event(event).is_some())
            }
            Command::CancelSuggestAll => self
                .suggest_all
                .as_ref()
                .is_some_and(|all| !all.job.is_cancelled()),
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
            Command::Save => self.open.values().any(OpenDocument::is_dirty),
            Command::NextDocument | Command::PreviousDocument => {
                !self.project.documents().is_empty()
            }
            Command::SuggestDocument => doc.is_some(),
            Command::ToggleFinished => doc.is_some() && !self.project.is_read_only(),
            Command::SuggestAll => {
                !self.project.documents().is_empty() && self.suggest_all.is_none()
            }
            Command::ToggleRejected
            | Command::ToggleArcs
            | Command::ToggleTheme
            | Command::ZoomIn
            | Command::ZoomOut => true,
            // A role of the focused claim or event that can be re-linked.
            Command::Relink(role) => {
                doc.is_some() && self.focus.is_some_and(|item| role.fits(item))
            }
        }
    }

    /// Records a transaction on the current document.
    pub fn commit(&mut self, transaction: Transaction) {
        let Some(doc) = self.current_mut() else {
            return;
        };
        if doc.commit(transaction) {
            self.after_edit();
        }
    }

    fn after_edit(&mut self) {
        self.save_state = SaveState::Unsaved;
        let Some(id) = self.current.clone() else {
            return;
        };
        if let Some(doc) = self.open.get(&id) {
            let title = doc.document.display_title();
            self.summaries
                .insert(id, DocumentSummary::of(title, &doc.annotations));
        }
    }

    pub fn undo(&mut self) {
        self.step_history(false);
    }

    pub fn redo(&mut self) {
        self.step_history(true);
    }

    /// Undoes (or redoes) the last transaction and focuses what it touched.
    fn step_history(&mut self, forward: bool) {
        let Some(doc) = self.current_mut() else {
            return;
        };
        let Some(focus) = doc.step_history(forward) else {
            return;
        };
        // Undoing the finished mark keeps the focus where it was.
        if focus.is_some() {
            self.focus = focus;
        }
        self.after_edit();
    }

    /// Marks the current document finished (see [`edit::finish`]), or
    /// unmarks it, as an undoable step. Either way it saves at once and
    /// retrains in the background: a document no longer finished must stop
    /// teaching the models as soon as one that becomes finished starts to.
    fn toggle_finished(&mut self) -> Result<(), StoreError> {
        let Some(doc) = self.current() else {
            return Ok(());
        };
        let finished = doc.annotations.finished.is_none();
        let transaction = edit::finish(&doc.annotations, finished, self.stamp());
        self.commit(transaction);
        self.save_dirty()?;
        self.start_training();
        Ok(())
    }

    /// Who edits now: this workspace's annotator, at this moment.
    fn stamp(&self) -> Stamp<'_> {
        Stamp::new(&self.annotator, jiff::Timestamp::now())
    }

    /// Accepts or rejects the focused item (see [`edit::decide`]), then
    /// moves to the next open suggestion.
    fn decide_focused(&mut self, status: Status) {
        let Some(focus) = self.focus else { return };
        let Some(doc) = self.current() else { return };
        let transaction = edit::decide(&doc.annotations, focus, status, self.stamp());
        self.commit(transaction);
        if let Some(next) = self.next_open_suggestion(Some(focus)) {
            self.focus = Some(next);
        } else if !self.items_in_order().contains(&focus) {
            self.focus = None;
        }
    }

    /// Creates an accepted mention on `span` (see [`edit::create_mention`])
    /// and focuses it; selecting an existing mention accepts and focuses it.
    pub fn create_mention(&mut self, span: Span, label: &str) {
        let Some(doc) = self.current() else { return };
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
        self.focus = Some(ItemRef::Mention(created.id));
    }

    /// Adds the focused mention's text to the project's catalogue as a new
    /// actor of the kind its label suggests, and links the mention to it.
    pub fn link_to_new_actor(&mut self, mention: MentionId) -> Result<(), StoreError> {
        let Some(m) = self.current().and_then(|d| d.annotations.mention(mention)) else {
            return Ok(());
        };
        let actor = edit::new_actor(m, &self.annotator);
        let id = self.project.add_catalogue_actor(actor)?;
        self.forget_engine();
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
        self.forget_engine();
        Ok(id)
    }

    /// Takes in a merge done by [`jobs::merge_entries`] on another handle:
    /// the catalogue is read again, the suggesters rebuilt, and mentions of
    /// the open documents that still link to the removed entry follow the
    /// survivor (one undoable step per document; the saved files already do).
    pub fn catalogue_merged(&mut self, report: &jobs::MergeReport) -> Result<(), StoreError> {
        self.project.reload_catalogue()?;
        self.forget_engine();
        let catalogue = &self.project.catalogue;
        let relinked: Vec<(DocumentId, AnnotationSet)> = self
            .open
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

    /// The engine, built once from the project's catalogue, schema and
    /// learned models.
    fn engine(&mut self) -> Result<Arc<Engine>, StoreError> {
        if let Some(engine) = &self.engine {
            return Ok(Arc::clone(engine));
        }
        let rules =
            Rules::new(&self.project.catalogue, &self.project.file.schema).map_err(|e| {
                StoreError::Invalid {
                    path: self.project.root().join("catalogue.ron"),
                    message: format!("cannot build the suggesters: {e}"),
                }
            })?;
        let loaded = engine::load_models(&self.project);
        self.learned_notes = loaded.notes;
        let engine = Arc::new(Engine::new(rules, loaded.models.map(Arc::new)));
        self.engine = Some(Arc::clone(&engine));
        Ok(engine)
    }

    /// Drops the engine: the catalogue, the schema or the learned models
    /// changed, and the next suggestion builds it again.
    pub(super) fn forget_engine(&mut self) {
        self.engine = None;
    }

    /// Every recommender's candidates (rules and learned models, as
    /// `attest suggest` runs them) merged into `set`.
    fn suggest_into(
        &mut self,
        set: &mut AnnotationSet,
        text: &str,
    ) -> Result<MergeCounts, StoreError> {
        Ok(self
            .engine()?
            .suggest_into(set, text, jiff::Timestamp::now()))
    }

    /// Runs the suggesters on the current document as one undoable step;
    /// returns how many candidates were added.
    pub fn suggest_current(&mut self) -> Result<usize, StoreError> {
        let Some(id) = self.current.clone() else {
            return Ok(0);
        };
        let Some(doc) = self.open.get(&id) else {
            return Ok(0);
        };
        let mut set = doc.annotations.clone();
        let text = doc.document.text.clone();
        let added = self.suggest_into(&mut set, &text)?.total_added();
        self.replace_annotations(&id, set);
        if self.focus.is_none() {
            self.focus = self.next_open_suggestion(None);
        }
        Ok(added)
    }

    /// Starts "suggest in all documents": each document open in the
    /// workspace gets one undoable step now; the others are suggested and
    /// saved on a background thread by [`jobs::suggest`], as `attest
    /// suggest` does. [`Self::poll_suggest_all`] takes in the result.
    pub fn start_suggest_all(&mut self) {
        if self.suggest_all.is_some() {
            return;
        }
        let (open_at_start, in_background): (Vec<DocumentId>, Vec<DocumentId>) = self
            .project
            .documents()
            .iter()
            .map(|d| d.id.clone())
            .partition(|id| self.open.contains_key(id));
        let (mut added_in_open, mut errors_in_open) = (0, 0);
        for id in &open_at_start {
            match self.suggest_open_document(id) {
                Ok(added) => added_in_open += added,
                Err(e) => {
                    errors_in_open += 1;
                    self.problems.push(e.into());
                }
            }
        }
        let count = in_background.len();
        let annotator = self.annotator.clone();
        let job = match self.suggest_job_parts() {
            Ok((mut handle, engine)) => BackgroundJob::start("Suggest", move |control| {
                jobs::suggest(&mut handle, &annotator, &engine, &in_background, control)
            }),
            // Reported like any other failure, when the job is polled.
            Err(e) => BackgroundJob::start("Suggest", move |_| SuggestReport {
                documents: count,
                problems: vec![e],
                ..SuggestReport::default()
            }),
        };
        self.suggest_all = Some(SuggestAllJob {
            job,
            open_at_start,
            in_background: count,
            added_in_open,
            errors_in_open,
        });
    }

    /// A handle on the project for a worker thread, and the recommenders.
    fn suggest_job_parts(&mut self) -> Result<(Project, Arc<Engine>), StoreError> {
        let handle = self.project.handle_for_job()?;
        Ok((handle, self.engine()?))
    }

    /// `(done, total)` while "suggest in all documents" runs.
    pub fn suggest_all_progress(&self) -> Option<(usize, usize)> {
        self.suggest_all.as_ref().map(|all| {
            let open = all.open_at_start.len();
            let done = usize::try_from(all.job.progress().done).unwrap_or(usize::MAX);
            (open + done.min(all.in_background), open + all.in_background)
        })
    }

    /// Asks a running "suggest in all documents" to stop after the
    /// documents it is on; what it saved stays saved.
    pub fn cancel_suggest_all(&self) {
        if let Some(all) = &self.suggest_all {
            all.job.cancel();
        }
    }

    /// Takes in "suggest in all documents" once the background job is done
    /// (never blocks): the document list shows what was saved, documents
    /// opened meanwhile get their undoable step, and the summary is
    /// returned. `None` while it runs (or when none was started).
    pub fn poll_suggest_all(&mut self) -> Option<String> {
        let report = match self.suggest_all.as_ref()?.job.poll() {
            Poll::Running(_) => return None,
            Poll::Done(report) => report,
            Poll::Lost => SuggestReport {
                problems: vec![StoreError::Invalid {
                    path: self.project.root().to_owned(),
                    message: "suggesting in all documents stopped unexpectedly".into(),
                }],
                ..SuggestReport::default()
            },
        };
        let all = self.suggest_all.take()?;
        for saved in &report.saved {
            if self.open.contains_key(&saved.id) {
                continue;
            }
            let (title, finished) = self
                .summaries
                .get(&saved.id)
                .map(|s| (s.title.clone(), s.finished))
                .unwrap_or_default();
            self.summaries.insert(
                saved.id.clone(),
                DocumentSummary {
                    finished,
                    ..DocumentSummary::from_counts(title, saved.progress, &saved.status_counts)
                },
            );
        }
        // Opened while the job ran: the open copy may predate the job's
        // save, so it gets the suggestions as an undoable step (adding
        // nothing where it already has them).
        let opened_meanwhile: Vec<DocumentId> = self
            .open
            .keys()
            .filter(|id| !all.open_at_start.contains(id))
            .cloned()
            .collect();
        let mut errors = all.errors_in_open + report.problems.len();
        for id in &opened_meanwhile {
            if let Err(e) = self.suggest_open_document(id) {
                errors += 1;
                self.problems.push(e.into());
            }
        }
        self.problems
            .extend(report.problems.into_iter().map(Problem::from));
        let cancelled = if report.cancelled { ", cancelled" } else { "" };
        Some(format!(
            "suggested {} candidate(s) in {} document(s), {errors} error(s){cancelled}",
            all.added_in_open + report.counts.total_added(),
            all.open_at_start.len() + all.in_background,
        ))
    }

    /// Suggests in a document open in the workspace, as one undoable step.
    fn suggest_open_document(&mut self, id: &DocumentId) -> Result<usize, StoreError> {
        let previous = self.current.replace(id.clone());
        let added = self.suggest_current();
        self.current = previous;
        added
    }

    /// The catalogue actor or place that has `text` as an alias (ignoring case).
    pub fn catalogue_id_for(&self, text: &str) -> Option<String> {
        edit::catalogue_id_for(&self.project.catalogue, text)
    }

    /// Applies an inspector correction (see [`edit::correct`]).
    pub fn change(&mut self, change: Change) {
        let Some(doc) = self.current() else { return };
        let transaction = edit::correct(&doc.annotations, change, self.stamp());
        self.commit(transaction);
    }

    /// Whether any open document has unsaved edits.
    pub fn has_unsaved(&self) -> bool {
        self.open.values().any(OpenDocument::is_dirty)
    }

    /// Saves every document with unsaved edits; returns how many files were
    /// written. On failure the edits stay in memory and the error is kept in
    /// [`Self::save_state`] (and returned) so that the shell can retry.
    pub fn save_dirty(&mut self) -> Result<usize, StoreError> {
        let mut written = 0;
        let mut dirty: Vec<&mut OpenDocument> =
            self.open.values_mut().filter(|d| d.is_dirty()).collect();
        dirty.sort_by(|a, b| a.document.id.cmp(&b.document.id));
        for doc in dirty {
            match self.project.save_annotations(&doc.annotations) {
                Ok(wrote) => {
                    written += usize::from(wrote);
                    doc.saved_revision = doc.revision;
                }
                Err(e) => {
                    self.save_state = SaveState::Error(e.to_string());
                    return Err(e);
                }
            }
        }
        self.save_state = SaveState::Saved;
        Ok(written)
    }

    /// Replaces the current document's annotations wholesale as one undoable
    /// step (used by the suggesters): each changed item becomes an edit.
    pub fn replace_annotations(&mut self, id: &DocumentId, after: AnnotationSet) {
        let Some(doc) = self.open.get(id) else { return };
        let transaction = edit::diff(&doc.annotations, &after);
        let previous = self.current.replace(id.clone());
        self.commit(transaction);
        self.current = previous;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;
    use crate::edit::trim_span;
    use crate::model::{Claim, ClaimId, ClaimSource, Document, DocumentMeta, Mention, Review};
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
            event: None,
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
        workspace.review_of(item).unwrap().status.clone()
    }

    #[test]
    fn focus_starts_on_the_first_suggestion_in_reading_order() {
        let (_dir, mut ws, id) = workspace();
        assert_eq!(
            ws.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "the cue comes first in the text"
        );
        ws.execute(WorkspaceCommand::NextItem, None).unwrap();
        assert_eq!(ws.focus, Some(ItemRef::Mention(MentionId(1))));
        ws.execute(WorkspaceCommand::PreviousItem, None).unwrap();
        ws.execute(WorkspaceCommand::PreviousItem, None).unwrap();
        assert_eq!(
            ws.focus,
            Some(ItemRef::Mention(MentionId(3))),
            "wraps around"
        );
        assert_eq!(ws.summaries[&id].open_suggestions, 4);
        assert_eq!(ws.summaries[&id].progress, Some(Progress::New));
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
            ws.focus,
            Some(ItemRef::Mention(MentionId(2))),
            "next open suggestion"
        );
        let review = ws.review_of(ItemRef::Claim(ClaimId(1))).unwrap();
        assert_eq!(review.by, "ana");
        assert_eq!(review.suggester(), Some("test"), "the proposal is kept");
        ws.execute(WorkspaceCommand::Reject, None).unwrap();
        assert_eq!(
            status(&ws, ItemRef::Mention(MentionId(2))),
            Status::Rejected
        );
        assert_eq!(ws.summaries[&id].progress, Some(Progress::InProgress));
        assert_eq!(ws.summaries[&id].gold, 2);
    }

    #[test]
    fn undo_and_redo_restore_each_step_exactly() {
        let (_dir, mut ws, _) = workspace();
        let original = ws.current().unwrap().annotations.clone();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        let after_accept = ws.current().unwrap().annotations.clone();
        ws.execute(WorkspaceCommand::Reject, None).unwrap();
        assert!(ws.current().unwrap().is_dirty());
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, after_accept);
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, original);
        assert!(!ws.is_enabled(Command::Undo));
        ws.execute(WorkspaceCommand::Redo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations, after_accept);
        assert_eq!(
            ws.focus,
            Some(ItemRef::Claim(ClaimId(1))),
            "focus follows the redone edit"
        );
    }

    #[test]
    fn relabelling_a_suggestion_corrects_it_and_a_new_selection_becomes_a_mention() {
        let (_dir, mut ws, _) = workspace();
        ws.focus = Some(ItemRef::Mention(MentionId(3)));
        ws.execute(WorkspaceCommand::ApplyLabel(5), None).unwrap();
        let kassela = ws
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
        let Some(ItemRef::Mention(new_id)) = ws.focus else {
            panic!("focus on the new mention")
        };
        let created = ws
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
        let relabelled = ws.current().unwrap().annotations.mention(new_id).unwrap();
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
            ws.current()
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
        assert_eq!(ws.save_dirty().unwrap(), 0, "nothing to save yet");
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        assert_eq!(ws.save_state, SaveState::Unsaved);
        assert_eq!(ws.save_dirty().unwrap(), 1);
        assert_eq!(ws.save_state, SaveState::Saved);
        assert!(!ws.has_unsaved());
        let saved = ws.current().unwrap().annotations.clone();
        drop(ws);
        let mut reopened = Workspace::open(&dir.path().join("p"), "ana").unwrap();
        reopened.select_document(&id).unwrap();
        let mut expected = saved;
        expected.sort();
        assert_eq!(reopened.current().unwrap().annotations, expected);
    }

    #[test]
    fn a_new_catalogue_actor_is_saved_with_the_project_and_linked() {
        let (dir, mut ws, _) = workspace();
        ws.link_to_new_actor(MentionId(2)).unwrap();
        let linked = ws
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
        let open = workspace.current().unwrap();
        let learned = open
            .annotations
            .mentions
            .iter()
            .find(|m| m.text == "Dozo hunters" && m.label == "ARMED_GROUP")
            .expect("the learned span is proposed on open, as `attest suggest` would");
        assert_eq!(learned.review.suggester(), Some("learned:string"));
    }

    #[test]
    fn finishing_saves_trains_in_the_background_and_a_finish_meanwhile_queues_one_run() {
        let (_dir, mut ws, id) = workspace();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        assert!(ws.current().unwrap().annotations.finished.is_some());
        assert!(ws.summaries[&id].finished);
        assert!(!ws.has_unsaved(), "finishing saves");
        let on_disk = ws.project.load_annotations(&id, "ana").unwrap();
        assert!(on_disk.finished.is_some());
        assert!(ws.is_training());
        // Another finish while it runs: one more run, not two.
        ws.start_training();
        ws.start_training();
        assert!(ws.training_queued);
        let mut runs_seen = 0;
        while ws.is_training() {
            let was_queued = ws.training_queued;
            if !ws.poll_training() && !ws.is_training() {
                break;
            }
            if was_queued && !ws.training_queued {
                runs_seen += 1;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(runs_seen, 1, "the queued run started once");
        assert!(ws.engine.is_none(), "the cached models are dropped");
        assert_eq!(
            ws.training_message.as_deref(),
            Some("trained on 1 document")
        );
        // Undo unmarks.
        ws.execute(WorkspaceCommand::Undo, None).unwrap();
        assert_eq!(ws.current().unwrap().annotations.finished, None);
        assert!(!ws.summaries[&id].finished);
        assert!(ws.has_unsaved());
    }

    #[test]
    fn unmarking_the_only_finished_document_retrains_and_removes_what_it_taught() {
        let (_dir, mut ws, _) = workspace();
        ws.execute(WorkspaceCommand::Accept, None).unwrap();
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        let wait = |ws: &mut Workspace| {
            while ws.is_training() {
                ws.poll_training();
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        };
        wait(&mut ws);
        let tagger = crate::app::jobs::models::models_dir(&ws.project).join("tagger.bin");
        assert!(tagger.exists(), "{:?}", ws.training_message);
        // Unmarked (not undone): saved, and retrained on nothing.
        ws.execute(WorkspaceCommand::ToggleFinished, None).unwrap();
        assert!(!ws.has_unsaved(), "unmarking saves too");
        assert!(ws.is_training());
        wait(&mut ws);
        assert!(!tagger.exists(), "a model learned from it stays no longer");
        assert!(
            ws.training_message
                .as_deref()
                .is_some_and(|m| m.contains("the rules suggest")),
            "{:?}",
            ws.training_message
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
        assert!(workspace.suggest_all_progress().is_none());
    }
}
