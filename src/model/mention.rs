//! Mentions: labeled spans of a document's text.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Review, Span};

/// A mention's id, unique within one annotation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MentionId(pub u32);

impl fmt::Display for MentionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}

/// A labeled span, optionally linked to a canonical actor or place. Its
/// fields are stored under short names (format 2, one item a line); the
/// long names of format 1 still read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    #[serde(rename = "i", alias = "id")]
    pub id: MentionId,
    #[serde(rename = "s", alias = "span")]
    pub span: Span,
    /// The covered text, kept so that files read well in a diff and so that
    /// `attest check` can tell a span that no longer fits its document.
    #[serde(rename = "t", alias = "text")]
    pub text: String,
    /// An entity label of the project's schema, e.g. `ARMED_GROUP`.
    #[serde(rename = "l", alias = "label")]
    pub label: String,
    /// Id of the catalogue actor or place this mention refers to.
    #[serde(
        rename = "ac",
        alias = "actor",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub actor: Option<String>,
    #[serde(
        rename = "x",
        alias = "attributes",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub attributes: BTreeMap<String, String>,
    #[serde(rename = "r", alias = "review")]
    pub review: Review,
}
