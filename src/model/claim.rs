//! Claims: statements that assert an event or a responsibility, with who
//! says so and how firmly.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{EventId, MentionId, Review, Span};

/// A claim's id, unique within one annotation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ClaimId(pub u32);

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "c{}", self.0)
    }
}

/// Who makes a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClaimSource {
    /// A mention in the text: "Mali's army", "a resident of Farabougou".
    Mention(MentionId),
    /// The reporter or agency itself, e.g. `AFP`, when no one else is cited.
    Reporter(String),
}

/// "The attacks … were claimed by JNIM": stance `Claimed`, responsible JNIM.
/// Stored under short field names (format 2); format 1's long names still read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    #[serde(rename = "i", alias = "id")]
    pub id: ClaimId,
    /// The cue words: "were claimed by", "confirmed", "told AFP".
    #[serde(rename = "s", alias = "cue")]
    pub cue: Span,
    #[serde(rename = "t", alias = "cue_text")]
    pub cue_text: String,
    /// A stance of the schema: `Claimed`, `Confirmed`, `Reported`,
    /// `Alleged`, `Denied` or `Presumed`.
    #[serde(rename = "st", alias = "stance")]
    pub stance: String,
    #[serde(
        rename = "so",
        alias = "source",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<ClaimSource>,
    /// The actor(s) said to be responsible.
    #[serde(
        rename = "re",
        alias = "responsible",
        default,
        skip_serializing_if = "Vec::is_empty"
    )]
    pub responsible: Vec<MentionId>,
    /// The event the claim is about.
    #[serde(
        rename = "ev",
        alias = "event",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub event: Option<EventId>,
    #[serde(rename = "r", alias = "review")]
    pub review: Review,
}
