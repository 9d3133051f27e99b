//! Review status: where every mention, event and claim stands.
//!
//! Gold is what an annotator accepted or corrected. Rejected suggestions are
//! kept: they are negative training data and an extractor's false positives.

use serde::{Deserialize, Serialize};

/// The state of one item in one annotator's file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Status {
    /// Proposed by a suggester (or an imported system), not yet decided.
    Suggested { by: String, score: f32 },
    /// Confirmed as proposed, or created by the annotator.
    Accepted,
    /// Confirmed after a change to what was proposed.
    Corrected,
    /// Decided to be wrong.
    Rejected,
}

/// A status without its data: what statistics count and exports name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Suggested,
    Accepted,
    Corrected,
    Rejected,
}

impl StatusKind {
    /// In the order the GUI and the CLI list them.
    pub const ALL: [StatusKind; 4] = [
        StatusKind::Suggested,
        StatusKind::Accepted,
        StatusKind::Corrected,
        StatusKind::Rejected,
    ];

    /// Short lowercase name used in statistics, exports and the GUI.
    pub fn name(self) -> &'static str {
        match self {
            StatusKind::Suggested => "suggested",
            StatusKind::Accepted => "accepted",
            StatusKind::Corrected => "corrected",
            StatusKind::Rejected => "rejected",
        }
    }

    pub fn is_gold(self) -> bool {
        matches!(self, StatusKind::Accepted | StatusKind::Corrected)
    }
}

impl Status {
    pub fn kind(&self) -> StatusKind {
        match self {
            Status::Suggested { .. } => StatusKind::Suggested,
            Status::Accepted => StatusKind::Accepted,
            Status::Corrected => StatusKind::Corrected,
            Status::Rejected => StatusKind::Rejected,
        }
    }

    /// Short lowercase name used in statistics, exports and the GUI.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    pub fn is_gold(&self) -> bool {
        matches!(self, Status::Accepted | Status::Corrected)
    }

    pub fn is_open(&self) -> bool {
        matches!(self, Status::Suggested { .. })
    }
}

/// Which suggester first proposed an item, and how sure it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub by: String,
    pub score: f32,
}

/// An item's status with who set it and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub status: Status,
    /// The annotator who decided, or whose file received the suggestion.
    pub by: String,
    pub at: jiff::Timestamp,
    /// The original proposal, kept after a decision so that accepted,
    /// corrected and rejected suggestions still measure their suggester.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed: Option<Proposal>,
}

impl Review {
    /// An item the annotator created or confirmed by hand.
    pub fn accepted(annotator: &str, at: jiff::Timestamp) -> Self {
        Self {
            status: Status::Accepted,
            by: annotator.to_owned(),
            at,
            proposed: None,
        }
    }

    /// An open suggestion in `annotator`'s file.
    pub fn suggested(annotator: &str, suggester: &str, score: f32, at: jiff::Timestamp) -> Self {
        Self {
            status: Status::Suggested {
                by: suggester.to_owned(),
                score,
            },
            by: annotator.to_owned(),
            at,
            proposed: Some(Proposal {
                by: suggester.to_owned(),
                score,
            }),
        }
    }

    /// The same item after `annotator` decided `status`; the proposal is kept.
    pub fn decided(&self, status: Status, annotator: &str, at: jiff::Timestamp) -> Self {
        Self {
            status,
            by: annotator.to_owned(),
            at,
            proposed: self.proposed.clone(),
        }
    }

    /// The suggester that proposed the item, if one did.
    pub fn suggester(&self) -> Option<&str> {
        self.proposed.as_ref().map(|p| p.by.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_keep_the_original_proposal() {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let suggested = Review::suggested("ana", "catalogue", 0.9, at);
        assert!(suggested.status.is_open());
        let rejected = suggested.decided(Status::Rejected, "ana", at);
        assert!(!rejected.status.is_gold());
        assert_eq!(rejected.suggester(), Some("catalogue"));
        let corrected = suggested.decided(Status::Corrected, "ben", at);
        assert!(corrected.status.is_gold());
        assert_eq!(corrected.by, "ben");
        assert_eq!(corrected.status.name(), "corrected");
    }
}
