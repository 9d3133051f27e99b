//! Builds annotation sets from marked-up text for the review tests:
//! `"[[JNIM|ARMED_GROUP]] claimed"`, or `"[[JNIM|ARMED_GROUP|jnim]]"` with
//! an actor link. Every mention is gold (`Accepted`).

use std::collections::BTreeMap;

use crate::model::{AnnotationSet, DocumentId, Mention, MentionId, Review, Span};

/// The set (annotator `annotator`) and the plain text.
pub fn set_from_marked(marked: &str, annotator: &str) -> (AnnotationSet, String) {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find("[[") {
        text.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("]]").expect("closed mention");
        let mut parts = after[..close].split('|');
        let covered = parts.next().expect("text");
        let label = parts.next().expect("label");
        let actor = parts.next().map(str::to_owned);
        let start = text.len();
        text.push_str(covered);
        mentions.push(Mention {
            id: MentionId(mentions.len() as u32 + 1),
            span: Span::new(start, text.len()),
            text: covered.to_owned(),
            label: label.to_owned(),
            actor,
            attributes: BTreeMap::new(),
            review: Review::accepted(annotator, jiff::Timestamp::UNIX_EPOCH),
        });
        rest = &after[close + 2..];
    }
    text.push_str(rest);
    let mut set = AnnotationSet::new(DocumentId::for_text(&text), annotator);
    set.mentions = mentions;
    (set, text)
}
