//! Typed relations between items and equivalence sets: what brat's `R` and
//! `*` lines hold, beside the relations Attest gives a meaning of its own
//! (event roles, a claim's source, responsible actors and event).
//!
//! Kept generic — a type name from the schema and two item references — so
//! that a corpus annotated elsewhere (`Located`, `Family`, `Alias`) survives
//! an import and an export unchanged.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ItemRef, Review};

/// A relation's id, unique within one annotation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationId(pub u32);

impl fmt::Display for RelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "r{}", self.0)
    }
}

/// A directed, typed link between two items, e.g. `Located(m1 → m2)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    /// A relation type of the schema, e.g. `Located`.
    pub kind: String,
    pub from: ItemRef,
    pub to: ItemRef,
    /// Set when the relation is an argument of its `from` event filled by
    /// another event (brat's `Report:T5 Event-Arg:E2`), `kind` being the
    /// role: event roles hold mentions, so an event filler lives here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub argument: bool,
    pub review: Review,
}

/// Items that are all the same thing, e.g. `Alias(m3, m4, m5)` — brat's `*`
/// lines (symmetric and transitive, so a set rather than pairs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Equivalence {
    /// A relation type of the schema marked as an equivalence, e.g. `Alias`.
    pub kind: String,
    pub members: Vec<ItemRef>,
}
