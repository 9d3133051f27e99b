//! The data model: projects, documents, mentions, events, claims, review
//! status, the label schema and the actor catalogue.
//!
//! Plain serde data with no GUI and no I/O, so that the suggesters, the
//! store, the formats, the CLI and the GUI all share one vocabulary and the
//! model can be tested on its own.

mod actor;
mod annotations;
mod assignments;
mod attachment;
mod claim;
mod document;
mod event;
pub mod guidelines;
mod item;
mod mention;
mod project;
mod relation;
mod review;
mod schema;
mod span;

pub use actor::{Actor, ActorKind, Catalogue, Place, PlaceKind};
pub use annotations::{AnnotationSet, DuplicateItems, Finished, ItemRef, MAX_ITEMS_PER_DOCUMENT};
pub use assignments::{Assigned, Assignments};
pub use attachment::{Attribute, Normalization, Note, Target};
pub use claim::{Claim, ClaimId, ClaimSource};
pub use document::{Document, DocumentId, DocumentMeta, display_title};
pub use event::{Event, EventId};
pub use item::Item;
pub use mention::{Mention, MentionId};
pub use project::{ActivationMetric, FORMAT_VERSION, ProjectFile, Settings};
pub use relation::{Equivalence, Relation, RelationId};
pub use review::{Proposal, Review, Status, StatusKind};
pub use schema::{
    AttributeType, EntityLabel, EventType, RelationType, Rgb, Role, Schema, StanceDef,
};
pub use span::{CharOffsets, Span, SpanError};
