//! The one protocol of panels and windows.
//!
//! Every panel and window draws from a read-only [`Workspace`] and returns
//! one [`Output`]: the [`Request`]s the app applies after drawing, and
//! whether a text field has the keyboard. A window is also a [`Window`]:
//! a name, an open state, its [`WindowKind`] (the command table gives the
//! command that opens it), and a hook run after the frame's requests are
//! applied, where it starts background work and takes in its result.
//! Nothing here takes the workspace mutably: a window that needs a change
//! and its outcome (a gold file saved, an import taken in) returns a
//! [`Request::Ask`], and the app applies it and tells that window the
//! [`Reply`] through [`Window::on_reply`].
//! Adding a window is one type, one entry in `super::all_windows`, and one
//! [`WindowKind`] in the command table.
//!
//! As egui's demo `Demo` trait and rerun's panels sending `UICommand`s.

use crate::app::jobs::CurateReport;
use crate::app::jobs::{CatalogueEdit, CatalogueError, MergeReport};
use crate::app::{
    BackgroundJob, Change, Command, CurationAction, DatasetTakenIn, Poll, WindowKind, Workspace,
};
use crate::model::{ClaimId, Document, DocumentId, EventId, ItemRef, MentionId, Span};
use crate::store::{Added, OpenMode, Project, StoreError};

/// How often a window with background work running looks at it again.
const POLL_MS: u64 = 50;

/// A request to open a document with a span selected.
#[derive(Clone, Debug)]
pub struct Reveal {
    pub document: DocumentId,
    pub span: Span,
}

/// One thing a panel or window asks of the app, applied after drawing.
#[derive(Debug)]
pub enum Request {
    Command(Command),
    Change(Change),
    Select(DocumentId),
    Focus(ItemRef),
    Reveal(Reveal),
    /// Make a catalogue entry of this mention's text and link it.
    NewActorFor(MentionId),
    /// Make a mention of the selected text with this label.
    LabelSelection(String),
    /// Make a mention of `span` with this label.
    CreateMention {
        span: Span,
        label: String,
    },
    /// Make a mention of `span` with this label and link it as `role` of
    /// `item`, in one step.
    CreateFiller {
        span: Span,
        label: String,
        item: ItemRef,
        role: crate::edit::LinkRole,
    },
    /// Make `span` the trigger of a new event of this type and sub-type.
    CreateEvent {
        span: Span,
        event_type: String,
        sub_type: Option<String>,
    },
    /// Draw a relation of this type between two items, or take it away if
    /// it is there.
    ToggleRelation {
        kind: String,
        from: ItemRef,
        to: ItemRef,
    },
    /// Link the claim to this event, or unlink it if linked already.
    ToggleAbout(ClaimId, EventId),
    /// Give the mention's label to every other occurrence of its text.
    LabelAll(MentionId),
    /// Make this the comment on the item (empty: take it away).
    Comment(crate::model::Target, String),
    /// Decide the current document's open suggestions this filter selects.
    DecideInBulk(crate::app::jobs::DecideFilter),
    /// Make `span` the cue of a new claim of this stance.
    CreateClaim {
        span: Span,
        stance: String,
    },
    /// A curation step: a decision, a move, a merge, undo.
    Curate(CurationAction),
    /// Save the edited documents now, through the app's one save path
    /// (a window does so before it reads the project from disk).
    SaveEdits,
    /// A change asked by the window of this kind, which hears how it went
    /// through [`Window::on_reply`] (boxed: a project handle is large).
    Ask(WindowKind, Box<Ask>),
}

/// A change a window asks of the workspace, wanting to hear its outcome.
#[derive(Debug)]
pub enum Ask {
    /// Start curating the current document between these annotators (its
    /// edits saved first).
    Curate(Vec<String>),
    /// Take in a merge over the whole project that a job wrote.
    AdoptCuration(CurateReport),
    /// Write the project's annotation guidelines.
    SaveGuidelines(String),
    /// Deal the unassigned documents out to these annotators.
    Assign {
        names: Vec<String>,
        overlap: f64,
        seed: u64,
    },
    /// Take in this annotator's files a job wrote (each as it was before).
    TakeInFiles(Vec<crate::app::jobs::WrittenFile>),
    /// Put this annotator's files a job wrote back as they were.
    RestoreFiles(Vec<crate::app::jobs::WrittenFile>),
    /// Change the project's own catalogue.
    EditCatalogue(CatalogueEdit),
    /// Take in a merge of catalogue entries that a job saved.
    AdoptMerge(MergeReport),
    /// Add one document (a pasted article) and open it.
    AddDocument(Document),
    /// Take in the documents an article import added through this handle,
    /// and open the first one.
    AdoptImported(Project),
    /// Take in what a dataset import wrote through this handle, and open
    /// the first document it added.
    AdoptDatasetImport(Project),
    /// Take in a schema edit that a job saved through this handle.
    AdoptSchemaEdit {
        handle: Project,
        files_rewritten: bool,
    },
}

/// How an [`Ask`] went, told to the window that asked; one variant per ask.
#[derive(Debug)]
pub enum Reply {
    CurationStarted(Result<(), StoreError>),
    CurationAdopted(CurateReport, Result<(), StoreError>),
    GuidelinesSaved(Result<(), StoreError>),
    Assigned(Result<crate::model::Assigned, crate::app::jobs::AssignError>),
    FilesTakenIn(Result<(), StoreError>),
    /// Which files were put back, which left as edited since; with the
    /// files, to try again after a failure.
    FilesRestored(
        Result<crate::app::jobs::Restored, StoreError>,
        Vec<crate::app::jobs::WrittenFile>,
    ),
    /// The id of the entry added or changed.
    CatalogueEdited(Result<String, CatalogueError>),
    MergeAdopted(MergeReport, Result<(), StoreError>),
    DocumentAdded(Result<Added, StoreError>),
    /// Whether the first document added could be opened.
    ImportAdopted {
        opened: Result<(), StoreError>,
    },
    DatasetImportAdopted {
        taken: DatasetTakenIn,
        /// Whether the first document added could be opened.
        opened: Result<(), StoreError>,
    },
    SchemaEditAdopted(Result<(), StoreError>),
}

/// What a panel or window asked for during one frame.
#[derive(Debug, Default)]
pub struct Output {
    pub requests: Vec<Request>,
    /// A text field has keyboard focus: shortcuts are off while typing.
    pub typing: bool,
}

impl Output {
    pub fn request(&mut self, request: Request) {
        self.requests.push(request);
    }

    pub fn command(&mut self, command: Command) {
        self.requests.push(Request::Command(command));
    }

    pub fn change(&mut self, change: Change) {
        self.requests.push(Request::Change(change));
    }

    /// Asks for a change on behalf of the window of kind `from`.
    pub fn ask(&mut self, from: WindowKind, ask: Ask) {
        self.requests.push(Request::Ask(from, Box::new(ask)));
    }

    pub fn merge(&mut self, other: Output) {
        self.requests.extend(other.requests);
        self.typing |= other.typing;
    }
}

/// A docked panel or the inside of a window: draws, and says what it wants.
pub trait Panel {
    fn ui(&mut self, ui: &mut egui::Ui, workspace: &Workspace) -> Output;
}

/// A floating window over the workspace.
pub trait Window: Panel {
    /// Its title.
    fn name(&self) -> &'static str;

    /// Which window it is: [`Command::Window`] of this kind opens it, from
    /// a menu or a key.
    fn kind(&self) -> WindowKind;

    fn is_open(&self) -> bool;

    fn set_open(&mut self, open: bool);

    /// Its command was given. Toggles by default; a window that loads
    /// something starts loading here.
    fn on_command(&mut self, _workspace: &Workspace) -> Output {
        self.set_open(!self.is_open());
        Output::default()
    }

    /// Size and behaviour of the egui window around [`Panel::ui`].
    fn frame<'a>(&self, window: egui::Window<'a>) -> egui::Window<'a> {
        window
    }

    /// Runs every frame after the requests are applied, open or not: start
    /// the work asked for while drawing, take in finished background work.
    /// What it returns is applied at once, before the next window's turn.
    /// Never reads the whole project here: that is a [`Loader`]'s job.
    fn after_frame(&mut self, _ctx: &egui::Context, _workspace: &Workspace) -> Output {
        Output::default()
    }

    /// How a change it asked for ([`Request::Ask`]) went, told as soon as
    /// the app applied it.
    fn on_reply(&mut self, _reply: Reply, _workspace: &Workspace) -> Output {
        Output::default()
    }

    /// Whether it waits for background work (tests and benches wait on it).
    fn is_busy(&self) -> bool {
        false
    }
}

/// Whole-project work of a window, run on a [`BackgroundJob`] over a
/// read-only copy of the project, so the UI thread never reads it all.
pub struct Loader<T> {
    job: Option<BackgroundJob<Result<T, String>>>,
}

impl<T> Default for Loader<T> {
    fn default() -> Self {
        Self { job: None }
    }
}

impl<T: Send + 'static> Loader<T> {
    /// Opens the project at `root` read-only on a new thread and runs `work` on it.
    pub fn start(
        &mut self,
        title: &str,
        root: &std::path::Path,
        work: impl FnOnce(&mut Project, crate::progress::JobControl<'_>) -> Result<T, String>
        + Send
        + 'static,
    ) {
        let root = root.to_owned();
        self.run(BackgroundJob::start(title, move |control| {
            control.progress.begin("opening the project", 0);
            let (mut project, _) =
                Project::open(&root, OpenMode::ReadOnly).map_err(|e| e.to_string())?;
            work(&mut project, control)
        }));
    }

    /// Runs `work` on a new thread with a project the caller opened, e.g. a
    /// writable handle sharing the workspace's lock for a job that writes.
    pub fn start_with(
        &mut self,
        title: &str,
        project: Project,
        work: impl FnOnce(Project, crate::progress::JobControl<'_>) -> Result<T, String>
        + Send
        + 'static,
    ) {
        self.run(BackgroundJob::start(title, move |control| {
            work(project, control)
        }));
    }

    fn run(&mut self, job: BackgroundJob<Result<T, String>>) {
        if let Some(old) = self.job.replace(job) {
            old.cancel();
        }
    }

    /// Asks the running job to stop; it still delivers what it did.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.cancel();
        }
    }

    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// The result once the job is done; asks for another look while it runs.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<Result<T, String>> {
        let job = self.job.as_ref()?;
        match job.poll() {
            Poll::Running(_) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(POLL_MS));
                None
            }
            Poll::Done(result) => {
                self.job = None;
                Some(result)
            }
            Poll::Lost => {
                self.job = None;
                Some(Err("the job stopped unexpectedly".into()))
            }
        }
    }

    /// A progress bar for the running job, if any.
    pub fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else { return };
        let progress = job.progress();
        let text = if progress.total == 0 {
            format!("{}: {}…", job.title(), progress.stage)
        } else {
            format!(
                "{}: {} {}/{}",
                job.title(),
                progress.stage,
                progress.done,
                progress.total
            )
        };
        ui.add(egui::ProgressBar::new(progress.fraction()).text(text));
    }
}
