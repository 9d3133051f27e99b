//! Builds annotation sets from marked-up text for unit tests:
//! `"[[JNIM|ARMED_GROUP]] claimed"`, or `"[[JNIM|ARMED_GROUP|jnim]]"` with
//! an actor link, parsed by the one fixture parser (`tests/util/markup.rs`).
//! Every mention is gold (`Accepted`).

use std::collections::BTreeMap;

use crate::markup;
use crate::model::{AnnotationSet, DocumentId, Mention, MentionId, Review, Span};

/// The set (annotator `annotator`) and the plain text.
pub fn set_from_marked(marked: &str, annotator: &str) -> (AnnotationSet, String) {
    let marked = markup::parse(marked);
    let mentions = marked
        .mentions
        .iter()
        .zip(1..)
        .map(|(mark, id)| Mention {
            id: MentionId(id),
            span: Span::new(mark.start, mark.end),
            text: marked.text[mark.start..mark.end].to_owned(),
            label: mark.label.clone(),
            actor: mark.actor.clone(),
            attributes: BTreeMap::new(),
            review: Review::accepted(annotator, jiff::Timestamp::UNIX_EPOCH),
        })
        .collect();
    let mut set = AnnotationSet::new(DocumentId::for_text(&marked.text), annotator);
    set.mentions = mentions;
    (set, marked.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_mentions_actor_links_and_cues() {
        let marked = markup::parse(
            "[[a resident of [[Kassela|LOCATION]]|SOURCE]] {{told AFP|Reported}}: [[JNIM|ARMED_GROUP|jnim]] «élu».",
        );
        assert_eq!(marked.text, "a resident of Kassela told AFP: JNIM «élu».");
        let shown: Vec<_> = marked
            .mentions
            .iter()
            .map(|m| {
                (
                    &marked.text[m.start..m.end],
                    m.label.as_str(),
                    m.actor.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("Kassela", "LOCATION", None),
                ("a resident of Kassela", "SOURCE", None),
                ("JNIM", "ARMED_GROUP", Some("jnim")),
            ]
        );
        let cue = &marked.cues[0];
        assert_eq!(
            (&marked.text[cue.start..cue.end], cue.label.as_str()),
            ("told AFP", "Reported")
        );
    }

    #[test]
    #[should_panic(expected = "unclosed")]
    fn an_unclosed_mark_is_reported() {
        markup::parse("[[JNIM claimed");
    }

    #[test]
    fn a_marked_set_is_gold_with_its_actor_links() {
        let (set, text) =
            set_from_marked("[[JNIM|ARMED_GROUP|jnim]] hit [[Djibo|LOCATION]]", "ana");
        assert_eq!(text, "JNIM hit Djibo");
        assert_eq!(set.mentions[0].actor.as_deref(), Some("jnim"));
        assert_eq!(set.mentions[1].span.text(&text), Some("Djibo"));
        assert!(set.mentions.iter().all(|m| m.review.status.is_gold()));
    }
}
