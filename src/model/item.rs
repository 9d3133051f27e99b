//! What mentions, events and claims share as annotation items: a reference,
//! a span, a category (a mention's label, an event's type, a claim's
//! stance) and a review. Code that treats the three alike — counting by
//! status, correcting a review, listing items in reading order — takes an
//! [`Item`] instead of repeating one block per kind.

use super::{Claim, Event, ItemRef, Mention, Review, Span};

/// A mention, an event or a claim.
pub trait Item: Clone {
    fn item_ref(&self) -> ItemRef;

    /// The text it is anchored on: a mention's span, an event's trigger, a
    /// claim's cue.
    fn span(&self) -> Span;

    /// What it is said to be: a mention's label, an event's type, a
    /// claim's stance.
    fn category(&self) -> &str;

    fn review(&self) -> &Review;

    fn review_mut(&mut self) -> &mut Review;
}

impl Item for Mention {
    fn item_ref(&self) -> ItemRef {
        ItemRef::Mention(self.id)
    }

    fn span(&self) -> Span {
        self.span
    }

    fn category(&self) -> &str {
        &self.label
    }

    fn review(&self) -> &Review {
        &self.review
    }

    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}

impl Item for Event {
    fn item_ref(&self) -> ItemRef {
        ItemRef::Event(self.id)
    }

    fn span(&self) -> Span {
        self.trigger
    }

    fn category(&self) -> &str {
        &self.event_type
    }

    fn review(&self) -> &Review {
        &self.review
    }

    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}

impl Item for Claim {
    fn item_ref(&self) -> ItemRef {
        ItemRef::Claim(self.id)
    }

    fn span(&self) -> Span {
        self.cue
    }

    fn category(&self) -> &str {
        &self.stance
    }

    fn review(&self) -> &Review {
        &self.review
    }

    fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }
}
