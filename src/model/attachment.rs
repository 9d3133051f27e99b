//! What can be attached to any item besides its own fields: attributes
//! with values, normalisations (a reference into a knowledge base) and
//! free-text notes — brat's `A`/`M`, `N` and `#` lines.
//!
//! A mention's own attributes stay in [`super::Mention::attributes`]; these
//! lists hold what is attached to events, claims and relations, and the
//! normalisations and notes of any item, so that a corpus annotated
//! elsewhere keeps them through an import and an export.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ItemRef, RelationId};

/// What an attachment is attached to: an item, a relation, or the whole
/// document (a comment on the article itself).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Target {
    Item(ItemRef),
    Relation(RelationId),
    Document,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Item(item) => item.fmt(f),
            Target::Relation(id) => id.fmt(f),
            Target::Document => f.write_str("the document"),
        }
    }
}

/// `Confidence = High` on an event; a binary attribute has no value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    pub target: Target,
    /// An attribute type of the schema.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A reference from an item into a knowledge base: `Wikipedia:64488`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Normalization {
    pub target: Target,
    /// The knowledge base, e.g. `Wikipedia`, `Wikidata`, `UniProt`.
    pub db: String,
    /// The entry's id in it.
    pub entry: String,
    /// The entry's name as the annotator saw it.
    #[serde(default)]
    pub text: String,
}

/// A free-text note on an item, e.g. brat's `AnnotatorNotes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub target: Target,
    /// The kind of note (brat's note type): `AnnotatorNotes`, `Lemma` …
    pub kind: String,
    pub text: String,
}
