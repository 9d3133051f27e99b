//! A document loaded for annotation: its text, its annotations, its own
//! undo history and revision counter, and an index that finds any item by
//! id and lists every item in reading order in constant time per lookup.
//! The workspace keeps these open; what is drawn every frame reads them.

use std::collections::HashMap;

use crate::edit::Transaction;
use crate::model::{
    AnnotationSet, Claim, ClaimId, Document, Event, EventId, ItemRef, Mention, MentionId, Review,
    Span,
};

use super::History;

/// A document loaded for annotation, with its own undo history.
#[derive(Debug)]
pub struct OpenDocument {
    pub document: Document,
    pub annotations: AnnotationSet,
    history: History,
    /// Bumped by every edit, undo and redo; "unsaved" is `revision != saved_revision`.
    pub(super) revision: u64,
    pub(super) saved_revision: u64,
    index: ItemIndex,
    /// Seconds of work on the document not yet added to
    /// `annotations.active_seconds` (they are when it is saved).
    pub(super) active: f64,
}

/// Where each item of a document sits, by id, and every item in reading
/// order. Rebuilt when the annotations change, so that what is drawn every
/// frame looks items up in constant time even with 20,000 of them.
#[derive(Debug, Default)]
struct ItemIndex {
    mentions: HashMap<MentionId, usize>,
    events: HashMap<EventId, usize>,
    claims: HashMap<ClaimId, usize>,
    order: Vec<ItemRef>,
}

impl ItemIndex {
    fn build(set: &AnnotationSet) -> Self {
        let mut keyed: Vec<(usize, std::cmp::Reverse<usize>, u8, ItemRef)> =
            Vec::with_capacity(set.mentions.len() + set.events.len() + set.claims.len());
        keyed.extend(set.mentions.iter().map(|m| {
            (
                m.span.start_byte,
                std::cmp::Reverse(m.span.end_byte),
                0,
                ItemRef::Mention(m.id),
            )
        }));
        keyed.extend(set.events.iter().map(|e| {
            (
                e.trigger.start_byte,
                std::cmp::Reverse(e.trigger.end_byte),
                1,
                ItemRef::Event(e.id),
            )
        }));
        keyed.extend(set.claims.iter().map(|c| {
            (
                c.cue.start_byte,
                std::cmp::Reverse(c.cue.end_byte),
                2,
                ItemRef::Claim(c.id),
            )
        }));
        keyed.sort_unstable();
        Self {
            mentions: set
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id, i))
                .collect(),
            events: set
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id, i))
                .collect(),
            claims: set
                .claims
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id, i))
                .collect(),
            order: keyed.into_iter().map(|(_, _, _, item)| item).collect(),
        }
    }
}

impl OpenDocument {
    pub(super) fn new(document: Document, annotations: AnnotationSet) -> Self {
        let index = ItemIndex::build(&annotations);
        Self {
            document,
            annotations,
            history: History::default(),
            revision: 0,
            saved_revision: 0,
            active: 0.0,
            index,
        }
    }

    fn reindex(&mut self) {
        self.index = ItemIndex::build(&self.annotations);
    }

    /// Applies a transaction as one undo step; returns whether anything changed.
    pub(super) fn commit(&mut self, transaction: Transaction) -> bool {
        if transaction.is_empty() {
            return false;
        }
        self.history.commit(transaction, &mut self.annotations);
        self.revision += 1;
        self.reindex();
        true
    }

    /// Undoes (or redoes) the last transaction; returns the item it touched
    /// (`Some(None)` for the finished mark, which is the document's), or
    /// `None` when there was nothing to undo (redo).
    pub(super) fn step_history(&mut self, forward: bool) -> Option<Option<ItemRef>> {
        let transaction = if forward {
            self.history.redo(&mut self.annotations)
        } else {
            self.history.undo(&mut self.annotations)
        };
        let focus = transaction.map(Transaction::focus);
        if focus.is_some() {
            self.revision += 1;
            self.reindex();
        }
        focus
    }

    pub fn mention(&self, id: MentionId) -> Option<&Mention> {
        self.index
            .mentions
            .get(&id)
            .and_then(|&i| self.annotations.mentions.get(i))
    }

    pub fn event(&self, id: EventId) -> Option<&Event> {
        self.index
            .events
            .get(&id)
            .and_then(|&i| self.annotations.events.get(i))
    }

    pub fn claim(&self, id: ClaimId) -> Option<&Claim> {
        self.index
            .claims
            .get(&id)
            .and_then(|&i| self.annotations.claims.get(i))
    }

    pub fn review(&self, item: ItemRef) -> Option<&Review> {
        match item {
            ItemRef::Mention(id) => self.mention(id).map(|m| &m.review),
            ItemRef::Event(id) => self.event(id).map(|e| &e.review),
            ItemRef::Claim(id) => self.claim(id).map(|c| &c.review),
        }
    }

    pub fn span(&self, item: ItemRef) -> Option<Span> {
        match item {
            ItemRef::Mention(id) => self.mention(id).map(|m| m.span),
            ItemRef::Event(id) => self.event(id).map(|e| e.trigger),
            ItemRef::Claim(id) => self.claim(id).map(|c| c.cue),
        }
    }

    /// Every item, rejected ones included, in reading order.
    pub fn reading_order(&self) -> &[ItemRef] {
        &self.index.order
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    /// Credits `seconds` of work on the document, saved with its next save.
    pub fn add_active_time(&mut self, seconds: f64) {
        self.active += seconds.max(0.0);
    }

    /// Whether it holds a whole second of work not yet saved.
    pub(super) fn has_unsaved_time(&self) -> bool {
        self.active >= 1.0
    }

    /// Moves the whole seconds of work into the annotations, to be saved.
    pub(super) fn fold_active_time(&mut self) {
        let whole = self.active.floor();
        self.annotations.active_seconds += whole as u64;
        self.active -= whole;
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }
}
