//! Shared fixtures for the edit tests: the opening of the worked example
//! with every item still a suggestion, written as marked-up text.

use std::collections::BTreeMap;

use crate::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, Event, EventId, MentionId, Review, Span,
};
use crate::quality::test_util::set_from_marked;

use super::Stamp;

const MARKED: &str = "The attacks were claimed by [[JNIM|ARMED_GROUP]], [[the army|STATE_FORCE]] \
                      said. A resident of [[Kassela|PERSON]] told AFP.";

/// Who edits in the tests, and when.
pub(crate) fn stamp() -> Stamp<'static> {
    Stamp::new("ana", jiff::Timestamp::from_second(1_700_000_000).unwrap())
}

pub(crate) fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap();
    Span::new(start, start + needle.len())
}

fn suggested(score: f32) -> Review {
    Review::suggested("ana", "test", score, jiff::Timestamp::UNIX_EPOCH)
}

/// Three suggested mentions (JNIM, the army, Kassela — ids 1 to 3) and a
/// suggested claim whose source and responsible actor are both JNIM.
pub(crate) fn suggestions() -> (AnnotationSet, String) {
    let (mut set, text) = set_from_marked(MARKED, "ana");
    for mention in &mut set.mentions {
        mention.review = suggested(0.8);
    }
    set.claims.push(Claim {
        id: ClaimId(1),
        cue: span_of(&text, "were claimed by"),
        cue_text: "were claimed by".into(),
        stance: "Claimed".into(),
        source: Some(ClaimSource::Mention(MentionId(1))),
        responsible: vec![MentionId(1)],
        events: Vec::new(),
        review: suggested(0.7),
    });
    (set, text)
}

/// A suggested attack (id 1) by JNIM (agent) at Kassela (location).
pub(crate) fn suggested_event() -> Event {
    let trigger = Span::new(4, 11); // "attacks"
    Event {
        id: EventId(1),
        trigger,
        trigger_text: "attacks".into(),
        event_type: "Battles".into(),
        sub_type: None,
        roles: BTreeMap::from([
            ("agent".to_owned(), vec![MentionId(1)]),
            ("location".to_owned(), vec![MentionId(3)]),
        ]),
        review: suggested(0.6),
    }
}
