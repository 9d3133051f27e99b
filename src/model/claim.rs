//! Claims: statements that assert an event or a responsibility, with who
//! says so and how firmly.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
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
    /// The events the claim is about: "The attacks … were claimed by JNIM"
    /// is about both attacks. Format 3 writes a list; formats 1 and 2 held
    /// one event (`ev:3`), which still reads.
    #[serde(
        rename = "ev",
        alias = "event",
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "one_or_many_events"
    )]
    pub events: Vec<EventId>,
    #[serde(rename = "r", alias = "review")]
    pub review: Review,
}

impl Claim {
    /// Whether the claim is about `event`.
    pub fn is_about(&self, event: EventId) -> bool {
        self.events.contains(&event)
    }
}

/// Reads a claim's events as format 3 writes them (`[3, 5]`) and as
/// formats 1 and 2 did (`3`, `Some(3)` or `None`).
fn one_or_many_events<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<EventId>, D::Error> {
    struct Events;

    impl<'de> Visitor<'de> for Events {
        type Value = Vec<EventId>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an event id or a list of event ids")
        }

        fn visit_u64<E: de::Error>(self, id: u64) -> Result<Self::Value, E> {
            u32::try_from(id)
                .map(|id| vec![EventId(id)])
                .map_err(|_| E::custom(format!("event id {id} is out of range")))
        }

        fn visit_i64<E: de::Error>(self, id: i64) -> Result<Self::Value, E> {
            u64::try_from(id)
                .map_err(|_| E::custom(format!("event id {id} is negative")))
                .and_then(|id| self.visit_u64(id))
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_any(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut events = Vec::with_capacity(seq.size_hint().unwrap_or(1));
            while let Some(id) = seq.next_element::<EventId>()? {
                events.push(id);
            }
            Ok(events)
        }
    }

    deserializer.deserialize_any(Events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Review, Span};

    fn claim_reading(events: &str) -> Result<Vec<EventId>, ron::error::SpannedError> {
        let text = format!(
            "#![enable(implicit_some)]\n(i:1,s:(0,4),t:\"said\",st:\"Reported\",{events}r:(s:A,b:\"ana\",t:\"2026-01-01T00:00:00Z\"))"
        );
        ron::from_str::<Claim>(&text).map(|c| c.events)
    }

    #[test]
    fn a_claims_events_read_in_every_format_that_wrote_them() {
        assert_eq!(claim_reading("ev:3,").unwrap(), [EventId(3)], "format 2");
        assert_eq!(claim_reading("ev:Some(3),").unwrap(), [EventId(3)]);
        assert_eq!(
            claim_reading("event:Some(3),").unwrap(),
            [EventId(3)],
            "format 1"
        );
        assert_eq!(claim_reading("ev:None,").unwrap(), []);
        assert_eq!(claim_reading("").unwrap(), []);
        assert_eq!(
            claim_reading("ev:[3,5],").unwrap(),
            [EventId(3), EventId(5)],
            "format 3"
        );
        assert!(claim_reading("ev:-3,").is_err());
        assert!(claim_reading("ev:\"e3\",").is_err());
    }

    #[test]
    fn a_claim_about_several_events_round_trips() {
        let claim = Claim {
            id: ClaimId(1),
            cue: Span::new(0, 4),
            cue_text: "said".into(),
            stance: "Reported".into(),
            source: None,
            responsible: Vec::new(),
            events: vec![EventId(2), EventId(7)],
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        };
        let text = crate::store::to_ron_compact(&claim).unwrap();
        assert_eq!(ron::from_str::<Claim>(&text).unwrap(), claim, "{text}");
        assert!(claim.is_about(EventId(7)) && !claim.is_about(EventId(3)));
    }
}
