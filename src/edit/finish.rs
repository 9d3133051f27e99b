//! Marking a document finished (or not): the analyst declares its
//! annotation complete, so the recommenders may learn from it. An edit
//! like any other, so Ctrl+Z takes it back.

use super::{Edit, Stamp, Transaction};
use crate::model::{AnnotationSet, Finished};

/// The transaction that marks `set` finished by `stamp` (or unmarks it);
/// empty when it already is in that state.
pub fn finish(set: &AnnotationSet, finished: bool, stamp: Stamp<'_>) -> Transaction {
    if set.finished.is_some() == finished {
        return Transaction::default();
    }
    let after = finished.then(|| Finished {
        by: stamp.by.to_owned(),
        at: stamp.at,
    });
    Transaction::of(Edit::Finished {
        before: set.finished.clone(),
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentId;

    #[test]
    fn finishing_is_undone_by_its_inverse_and_toggling_unmarks() {
        let mut set = AnnotationSet::new(DocumentId::for_text("d1"), "ana");
        let stamp = Stamp::new("ana", jiff::Timestamp::UNIX_EPOCH);
        let done = finish(&set, true, stamp);
        done.apply(&mut set);
        assert_eq!(set.finished.as_ref().map(|f| f.by.as_str()), Some("ana"));
        assert!(finish(&set, true, stamp).is_empty());
        done.inverse().apply(&mut set);
        assert_eq!(set.finished, None);
        done.apply(&mut set);
        finish(&set, false, stamp).apply(&mut set);
        assert_eq!(set.finished, None);
        assert_eq!(done.focus(), None);
    }
}
