//! The application layer: what the GUI does, without the GUI.
//!
//! Panels emit [`Command`]s and inspector [`Change`]s; the [`Workspace`]
//! turns them into invertible edits with the pure `edit` core and applies
//! them after drawing, recorded per document. The workspace is composed
//! of parts with one job each: [`OpenDocuments`] (what is open, focused,
//! undoable and saved), [`DocumentList`] (what the list shows) and
//! [`Learning`] (the suggestion engine, its background runs, training).
//! No egui here, so every behaviour is testable as plain Rust and the GUI
//! stays a thin shell.

pub mod activity;
pub mod background;
mod catalogue_edits;
mod commands;
pub mod curation;
mod history;
pub mod jobs;
mod learning;
mod navigation;
mod open_document;
mod open_documents;
mod suggesting;
mod summaries;
mod workspace;

pub use crate::quality::adjudication::{
    Adjudication, ClaimVersion, Decision, Disagreement, EventVersion, GOLD_ANNOTATOR,
    SourceVersion, Version,
};
pub use background::{BackgroundJob, Poll};
pub use commands::{
    Command, Key, Route, Section, ShellCommand, Shortcut, WindowKind, WorkspaceCommand,
};
pub use curation::{Curation, CurationAction};
pub use history::History;
pub use learning::Learning;
pub use open_document::OpenDocument;
pub use open_documents::{OpenDocuments, SaveState};
pub use summaries::{DocumentList, DocumentOrder, DocumentSummary, StateFilter};
pub use workspace::{DatasetTakenIn, Workspace};
// The edit core's vocabulary, re-exported where the shell has always found it.
pub use crate::edit::{Change, Edit, Transaction, actor_kind_for_label};
