//! Editing as a pure core: functions from a document's annotations (plus
//! its text and the catalogue where needed, and who edits when) to
//! invertible [`Edit`]s grouped in a [`Transaction`].
//!
//! Nothing here reads or writes files or knows about the GUI, so every
//! editing rule — accepting a claim accepts the mentions it names, a
//! correction marks a suggestion `Corrected`, a selection is trimmed — is
//! tested on plain data. The application keeps the state (open documents,
//! focus, undo history, what is saved) and applies what these functions build.

mod comment;
mod correct;
mod create;
mod decide;
mod delete;
mod diff;
mod finish;
mod label_all;
mod link;
mod relation;
mod schema_change;
mod transaction;

/// The sentence a relink picks its candidates from.
pub use crate::text::sentences::sentence_around;
pub use comment::{COMMENT_KIND, comment, comment_on, comment_on_target, comment_target};
pub use correct::{Change, correct};
pub use create::{NewItem, NewMention, create_claim, create_event, create_mention, trim_span};
pub use decide::{accept_event_with_claims, decide};
pub use delete::{Undeletable, delete, is_deletable};
pub use diff::diff;
pub use finish::finish;
pub use label_all::{LabelAll, label_all, label_occurrences};
pub use link::{
    LinkRole, Relink, actor_kind_for_label, candidates, catalogue_id_for, fillers, new_actor,
    relink, toggle_about,
};
pub use relation::toggle_relation;
pub use schema_change::{
    SchemaChange, SchemaItem, SchemaPlace, SchemaProblem, SetChanges, apply_to_annotations,
    apply_to_schema, check_changes, uses, validate as validate_schema,
};
pub use transaction::{Edit, Transaction};

/// Who makes an edit and when: every review an edit decides carries both.
#[derive(Clone, Copy, Debug)]
pub struct Stamp<'a> {
    pub by: &'a str,
    pub at: jiff::Timestamp,
}

impl<'a> Stamp<'a> {
    pub fn new(by: &'a str, at: jiff::Timestamp) -> Self {
        Self { by, at }
    }
}

#[cfg(test)]
pub(crate) mod fixtures;
