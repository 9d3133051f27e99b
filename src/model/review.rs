//! Review status: where every mention, event and claim stands.
//!
//! Gold is what an annotator accepted or corrected. Rejected suggestions are
//! kept: they are negative training data and an extractor's false positives.

use serde::{Deserialize, Serialize};

/// The state of one item in one annotator's file. Stored as one letter
/// (`S(b: by, s: score)`, `A`, `C`, `R`: format 2); format 1's names still read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Status {
    /// Proposed by a suggester (or an imported system), not yet decided.
    #[serde(rename = "S", alias = "Suggested")]
    Suggested {
        #[serde(rename = "b", alias = "by")]
        by: String,
        #[serde(rename = "s", alias = "score")]
        score: f32,
    },
    /// Confirmed as proposed, or created by the annotator.
    #[serde(rename = "A", alias = "Accepted")]
    Accepted,
    /// Confirmed after a change to what was proposed.
    #[serde(rename = "C", alias = "Corrected")]
    Corrected,
    /// Decided to be wrong.
    #[serde(rename = "R", alias = "Rejected")]
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
    #[serde(rename = "b", alias = "by")]
    pub by: String,
    #[serde(rename = "s", alias = "score")]
    pub score: f32,
}

/// An item's status with who set it and when. Stored through
/// [`StoredReview`]: an open suggestion's proposal, which only repeats its
/// status, is left out of the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredReview", into = "StoredReview")]
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

/// A [`Review`] as stored (format 2): short field names; `p` (the
/// proposal) is left out when it is what the open status says, and an open
/// suggestion without a proposal says so with `np: true`. Format 1's long
/// names, with every proposal written out, still read.
#[derive(Serialize, Deserialize)]
struct StoredReview {
    #[serde(rename = "s", alias = "status")]
    status: Status,
    #[serde(rename = "b", alias = "by")]
    by: String,
    #[serde(rename = "t", alias = "at")]
    at: jiff::Timestamp,
    #[serde(
        rename = "p",
        alias = "proposed",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    proposed: Option<Proposal>,
    /// An open suggestion that names no proposal (rare: every suggester
    /// records one), so that reading does not invent it.
    #[serde(rename = "np", default, skip_serializing_if = "std::ops::Not::not")]
    no_proposal: bool,
}

impl Status {
    /// The proposal an open suggestion states.
    fn implied_proposal(&self) -> Option<Proposal> {
        match self {
            Status::Suggested { by, score } => Some(Proposal {
                by: by.clone(),
                score: *score,
            }),
            _ => None,
        }
    }
}

impl From<Review> for StoredReview {
    fn from(review: Review) -> Self {
        let (proposed, no_proposal) = review.stored_proposal();
        let proposed = proposed.cloned();
        Self {
            status: review.status,
            by: review.by,
            at: review.at,
            proposed,
            no_proposal,
        }
    }
}

impl From<StoredReview> for Review {
    fn from(stored: StoredReview) -> Self {
        Self::from_stored(
            stored.status,
            stored.by,
            stored.at,
            stored.proposed,
            stored.no_proposal,
        )
    }
}

impl Review {
    /// A review from its stored fields (`p` and `np`: see [`StoredReview`]),
    /// for readers of the annotation file that do not go through serde.
    pub(crate) fn from_stored(
        status: Status,
        by: String,
        at: jiff::Timestamp,
        proposed: Option<Proposal>,
        no_proposal: bool,
    ) -> Self {
        let proposed = match proposed {
            Some(proposed) => Some(proposed),
            None if no_proposal => None,
            None => status.implied_proposal(),
        };
        Self {
            status,
            by,
            at,
            proposed,
        }
    }

    /// What a file stores of the proposal: `(p, np)` — the proposal unless
    /// the open status already says it, and whether an open suggestion
    /// names none.
    pub(crate) fn stored_proposal(&self) -> (Option<&Proposal>, bool) {
        match (&self.proposed, &self.status) {
            (Some(proposed), Status::Suggested { by, score })
                if proposed.by == *by && proposed.score == *score =>
            {
                (None, false)
            }
            (None, Status::Suggested { .. }) => (None, true),
            (proposed, _) => (proposed.as_ref(), false),
        }
    }

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

    #[test]
    fn an_open_suggestion_stores_its_proposal_once_and_reads_back_whole() {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let open = Review::suggested("ana", "catalogue", 0.5, at);
        let text = ron::to_string(&open).unwrap();
        assert_eq!(text.matches("catalogue").count(), 1, "{text}");
        assert_eq!(ron::from_str::<Review>(&text).unwrap(), open);
        let mut unproposed = open.clone();
        unproposed.proposed = None;
        let text = ron::to_string(&unproposed).unwrap();
        assert_eq!(
            ron::from_str::<Review>(&text).unwrap(),
            unproposed,
            "{text}"
        );
        let mut reproposed = open.clone();
        reproposed.proposed = Some(Proposal {
            by: "tagger".into(),
            score: 0.25,
        });
        let text = ron::to_string(&reproposed).unwrap();
        assert_eq!(
            ron::from_str::<Review>(&text).unwrap(),
            reproposed,
            "{text}"
        );
        for decided in [Status::Accepted, Status::Corrected, Status::Rejected] {
            let review = open.decided(decided, "ben", at);
            let text = ron::to_string(&review).unwrap();
            assert_eq!(ron::from_str::<Review>(&text).unwrap(), review, "{text}");
        }
    }

    #[test]
    fn a_format_1_review_reads_with_its_long_names() {
        let text = r#"(status: Suggested(by: "catalogue", score: 0.5), by: "ana",
            at: "1970-01-01T00:00:00Z", proposed: Some((by: "catalogue", score: 0.5)))"#;
        let review: Review = ron::from_str(text).unwrap();
        let at = jiff::Timestamp::UNIX_EPOCH;
        assert_eq!(review, Review::suggested("ana", "catalogue", 0.5, at));
        let text = r#"(status: Rejected, by: "ben", at: "1970-01-01T00:00:00Z",
            proposed: Some((by: "catalogue", score: 0.5)))"#;
        let review: Review = ron::from_str(text).unwrap();
        assert_eq!(review.status, Status::Rejected);
        assert_eq!(review.suggester(), Some("catalogue"));
    }
}
