//! Comments: an analyst's note on an item ("source unclear, check the
//! French version") or on the whole document ("duplicate of the AFP
//! story"), kept in the annotation file and in the exports that have a
//! place for notes (brat's `AnnotatorNotes` for items, JSONL's `notes` for
//! both). One comment per item and per document; writing an empty one
//! takes it away.

use crate::model::{AnnotationSet, ItemRef, Note, Target};

use super::{Edit, Transaction};

/// The kind of note a comment is: brat's name for an annotator's note, so
/// that brat shows it and a brat corpus's notes read as comments.
pub const COMMENT_KIND: &str = "AnnotatorNotes";

/// The comment on `item`, if any.
pub fn comment_on(set: &AnnotationSet, item: ItemRef) -> Option<&str> {
    comment_on_target(set, Target::Item(item))
}

/// The comment on an item or on the whole document, if any.
pub fn comment_on_target(set: &AnnotationSet, target: Target) -> Option<&str> {
    set.notes
        .iter()
        .find(|n| n.target == target && n.kind == COMMENT_KIND)
        .map(|n| n.text.as_str())
}

/// The transaction that makes `text` the comment on `item` (on one line,
/// trimmed); an empty text takes the comment away. Empty when nothing
/// changes or the item is not there.
pub fn comment(set: &AnnotationSet, item: ItemRef, text: &str) -> Transaction {
    comment_target(set, Target::Item(item), text)
}

/// [`comment`] on an item, a relation or the whole document.
pub fn comment_target(set: &AnnotationSet, target: Target, text: &str) -> Transaction {
    if !set.contains_target(target) {
        return Transaction::default();
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let before = set
        .notes
        .iter()
        .find(|n| n.target == target && n.kind == COMMENT_KIND)
        .cloned();
    let after = (!text.is_empty()).then(|| Note {
        target,
        kind: COMMENT_KIND.to_owned(),
        text,
    });
    if before == after {
        return Transaction::default();
    }
    Transaction::of(Edit::Note { before, after })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentId, Mention, MentionId, Review, Span};

    #[test]
    fn a_comment_is_written_changed_and_taken_away_each_undoable() {
        let mut set = AnnotationSet::new(DocumentId::for_text("JNIM attacked."), "ana");
        set.mentions.push(Mention {
            id: MentionId(1),
            span: Span::new(0, 4),
            text: "JNIM".into(),
            label: "ARMED_GROUP".into(),
            actor: None,
            attributes: Default::default(),
            review: Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        });
        let item = ItemRef::Mention(MentionId(1));
        let original = set.clone();
        let written = comment(&set, item, "  claimed on\nTelegram  ");
        written.apply(&mut set);
        assert_eq!(comment_on(&set, item), Some("claimed on Telegram"));
        assert!(
            comment(&set, item, "claimed on Telegram").is_empty(),
            "nothing changes"
        );
        let changed = comment(&set, item, "claim unverified");
        changed.apply(&mut set);
        assert_eq!(comment_on(&set, item), Some("claim unverified"));
        assert_eq!(set.notes.len(), 1, "one comment per item");
        changed.inverse().apply(&mut set);
        assert_eq!(comment_on(&set, item), Some("claimed on Telegram"));
        comment(&set, item, " ").apply(&mut set);
        assert_eq!(comment_on(&set, item), None);
        assert_eq!(set, original);
        assert!(comment(&set, ItemRef::Mention(MentionId(9)), "x").is_empty());
    }
}
