//! Events: a trigger with an event type and the mentions that fill its roles.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::{MentionId, Review, Span};

/// An event's id, unique within one annotation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u32);

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// Something that happened, e.g. an attack on a military camp. Stored
/// under short field names (format 2); format 1's long names still read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "i", alias = "id")]
    pub id: EventId,
    /// The words that announce the event ("attacked", "embuscade").
    #[serde(rename = "s", alias = "trigger")]
    pub trigger: Span,
    #[serde(rename = "t", alias = "trigger_text")]
    pub trigger_text: String,
    /// An event type of the schema, e.g. `Battles`.
    #[serde(rename = "y", alias = "event_type")]
    pub event_type: String,
    #[serde(
        rename = "sy",
        alias = "sub_type",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sub_type: Option<String>,
    /// Role name (`agent`, `target`, `location`, `time`, `fatalities`) to the
    /// mentions that fill it.
    #[serde(
        rename = "ro",
        alias = "roles",
        default,
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub roles: BTreeMap<String, Vec<MentionId>>,
    #[serde(rename = "r", alias = "review")]
    pub review: Review,
}
