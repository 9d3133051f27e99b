//! Moving through the project: to the next or previous document (or the
//! one the models were least sure of), and through the current document's
//! items in reading order (hiding rejected ones when asked), to the next
//! open suggestion after a decision.

use crate::model::{ItemRef, Review, Span, Status};
use crate::store::StoreError;

use super::{OpenDocuments, Workspace};

impl Workspace {
    /// Selects the document `step` places away in the list (wrapping).
    pub fn step_document(&mut self, step: isize) -> Result<(), StoreError> {
        let documents = self.project.documents();
        if documents.is_empty() {
            return Ok(());
        }
        let len = documents.len() as isize;
        let index = self
            .docs
            .current_id()
            .and_then(|id| documents.iter().position(|d| &d.id == id))
            .map_or(0, |i| (i as isize + step).rem_euclid(len));
        let id = documents[index as usize].id.clone();
        self.select_document(&id)
    }

    /// "Next document": with the project's `next_document_least_sure`, the
    /// unfinished document the last training's tagger was least sure of
    /// (other than this one); otherwise, or before any training, the next
    /// in the list.
    pub fn next_document(&mut self) -> Result<(), StoreError> {
        if self.project.file.settings.next_document_least_sure {
            let current = self.docs.current_id();
            let next = self.learning.least_sure().iter().find(|id| {
                Some(*id) != current && self.list.summaries.get(*id).is_some_and(|s| !s.finished)
            });
            if let Some(id) = next.cloned() {
                return self.select_document(&id);
            }
        }
        self.step_document(1)
    }
}

impl OpenDocuments {
    /// The current document's items in reading order (rejected ones only
    /// when they are shown).
    pub fn items_in_order(&self) -> Vec<ItemRef> {
        let Some(doc) = self.current() else {
            return Vec::new();
        };
        doc.reading_order()
            .iter()
            .copied()
            .filter(|&item| {
                self.show_rejected
                    || doc
                        .review(item)
                        .is_some_and(|r| r.status != Status::Rejected)
            })
            .collect()
    }

    /// The review of an item of the current document.
    pub fn review_of(&self, item: ItemRef) -> Option<&Review> {
        self.current()?.review(item)
    }

    /// The span that shows an item in the text.
    pub fn span_of(&self, item: ItemRef) -> Option<Span> {
        self.current()?.span(item)
    }

    /// The first open suggestion after `after` in reading order, wrapping
    /// to the first one.
    pub(super) fn next_open_suggestion(&self, after: Option<ItemRef>) -> Option<ItemRef> {
        let items = self.items_in_order();
        let open: Vec<bool> = items
            .iter()
            .map(|&i| self.review_of(i).is_some_and(|r| r.status.is_open()))
            .collect();
        let start = after
            .and_then(|a| items.iter().position(|&i| i == a))
            .map_or(0, |p| p + 1);
        (start..items.len())
            .chain(0..start)
            .find(|&i| open[i])
            .map(|i| items[i])
    }

    /// Moves the focus `step` items in reading order.
    pub fn step_focus(&mut self, step: isize) {
        let items = self.items_in_order();
        if items.is_empty() {
            self.focus = None;
            return;
        }
        let len = items.len() as isize;
        let index = match self.focus.and_then(|f| items.iter().position(|&i| i == f)) {
            Some(i) => (i as isize + step).rem_euclid(len),
            None if step >= 0 => 0,
            None => len - 1,
        };
        self.focus = Some(items[index as usize]);
    }

    /// After `decided` was accepted or rejected: focuses the next open
    /// suggestion, or nothing when `decided` is no longer shown.
    pub(super) fn focus_after_decision(&mut self, decided: ItemRef) {
        if let Some(next) = self.next_open_suggestion(Some(decided)) {
            self.focus = Some(next);
        } else if !self.items_in_order().contains(&decided) {
            self.focus = None;
        }
    }

    /// Shows or hides rejected items; a focus hidden by it moves to the
    /// first open suggestion.
    pub(super) fn toggle_rejected(&mut self) {
        self.show_rejected = !self.show_rejected;
        if let Some(focus) = self.focus
            && !self.items_in_order().contains(&focus)
        {
            self.focus = self.next_open_suggestion(None);
        }
    }

    /// Focuses the first open suggestion when nothing is focused (after
    /// the suggesters added some).
    pub(super) fn focus_first_if_none(&mut self) {
        if self.focus.is_none() {
            self.focus = self.next_open_suggestion(None);
        }
    }
}
#[cfg(test)]
mod tests {
    use crate::app::Workspace;
    use crate::app::jobs::models::load_models;
    use crate::app::jobs::test_util::{ANNOTATOR, TEXTS, finish_with, project};
    use crate::learn::{Prepared, Sources};

    #[test]
    fn next_document_takes_the_least_sure_unfinished_one_when_the_project_asks() {
        let (dir, mut project, ids) = project();
        project.file.settings.next_document_least_sure = true;
        project.save_project_file().unwrap();
        finish_with(
            &mut project,
            &ids[0],
            TEXTS[0],
            &[("JNIM", "ARMED_GROUP"), ("Farabougou", "LOCATION")],
        );
        drop(project);

        let mut ws = Workspace::open(dir.path(), ANNOTATOR).unwrap();
        ws.wait_for_summaries();
        ws.project.file.settings.suggest_on_open = false;
        ws.learning.start_training(&ws.project);
        while ws.learning.poll_training(&ws.project) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let mut ranked = ws.learning.least_sure().to_vec();
        assert_eq!(ranked.len(), 2, "the unfinished documents: {ranked:?}");
        // Least sure first, by the saved tagger's own margins.
        let loaded = load_models(&ws.project).models.unwrap();
        let model = loaded.tagger.as_ref().unwrap();
        let sources = model.tagger.sources(Sources {
            rules: loaded.feature_rules.as_deref(),
            memory: loaded.matcher.as_deref(),
            span_layers: false,
        });
        let margin = |id| {
            let text = ws.project.load_text(id).unwrap();
            model
                .tagger
                .mean_margin(&Prepared::new(&text, sources, model.tagger.hash_bits()))
        };
        assert!(margin(&ranked[0]) <= margin(&ranked[1]));

        ws.select_document(&ids[0]).unwrap();
        ws.next_document().unwrap();
        assert_eq!(ws.docs.current_id(), Some(&ranked[0]));
        ws.next_document().unwrap();
        assert_eq!(
            ws.docs.current_id(),
            Some(&ranked[1]),
            "never the current one"
        );
        // Off: the next in the list.
        ws.project.file.settings.next_document_least_sure = false;
        ws.select_document(&ids[0]).unwrap();
        ws.next_document().unwrap();
        assert_eq!(ws.docs.current_id(), Some(&ids[1]));
        ranked.sort();
        let mut unfinished = ids[1..].to_vec();
        unfinished.sort();
        assert_eq!(ranked, unfinished);
    }
}
