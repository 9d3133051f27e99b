//! The application layer: what the GUI does, without the GUI.
//!
//! Panels emit [`Command`]s and inspector [`Change`]s; the [`Workspace`]
//! applies them after drawing, as invertible edits recorded per document.
//! No egui here, so every behaviour is testable as plain Rust and the GUI
//! stays a thin shell.

mod adjudication;
pub mod background;
mod commands;
mod history;
mod workspace;

pub use adjudication::{
    Adjudication, ClaimVersion, Decision, Disagreement, EventVersion, GOLD_ANNOTATOR,
    SourceVersion, Version,
};
pub use background::{BackgroundJob, Poll};
pub use commands::{Command, Key, Section, Shortcut, WindowKind};
pub use history::{Edit, History, Transaction};
pub use workspace::{
    Change, DocumentSummary, OpenDocument, SaveState, Workspace, actor_kind_for_label,
};
