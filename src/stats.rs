//! Project statistics: documents, and per annotator the mentions by label
//! and status, events by type and claims by stance.
//!
//! Computed from annotation sets alone, so the CLI's `stats`, its `--json`
//! form and the GUI's statistics view agree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AnnotationSet, StatusKind};

/// How far one annotator is with one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// No decision yet.
    New,
    /// Some decisions, some suggestions still open.
    InProgress,
    /// Decisions made and no suggestion left open.
    Done,
}

impl Progress {
    pub fn of(set: &AnnotationSet) -> Self {
        let counts = set.count_by_status();
        let open = counts.get(&StatusKind::Suggested).copied().unwrap_or(0);
        let decided: usize = counts
            .iter()
            .filter(|(status, _)| **status != StatusKind::Suggested)
            .map(|(_, n)| n)
            .sum();
        match (decided, open) {
            (0, _) => Progress::New,
            (_, 0) => Progress::Done,
            _ => Progress::InProgress,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Progress::New => "new",
            Progress::InProgress => "in progress",
            Progress::Done => "done",
        }
    }
}

/// Count per name (label, type or stance) per status.
pub type CountTable = BTreeMap<String, BTreeMap<String, usize>>;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AnnotatorStats {
    /// Documents with an annotation file.
    pub documents_annotated: usize,
    pub documents_by_progress: BTreeMap<String, usize>,
    /// Mentions per label per status.
    pub mentions: CountTable,
    /// Events per type per status.
    pub events: CountTable,
    /// Claims per stance per status.
    pub claims: CountTable,
    /// Items of every kind per status.
    pub totals: BTreeMap<String, usize>,
}

impl AnnotatorStats {
    pub fn add(&mut self, set: &AnnotationSet) {
        self.documents_annotated += 1;
        *self
            .documents_by_progress
            .entry(Progress::of(set).name().to_owned())
            .or_default() += 1;
        let mut count = |table: &mut CountTable, name: &str, status: &str| {
            *table
                .entry(name.to_owned())
                .or_default()
                .entry(status.to_owned())
                .or_default() += 1;
            *self.totals.entry(status.to_owned()).or_default() += 1;
        };
        for m in &set.mentions {
            count(&mut self.mentions, &m.label, m.review.status.name());
        }
        for e in &set.events {
            count(&mut self.events, &e.event_type, e.review.status.name());
        }
        for c in &set.claims {
            count(&mut self.claims, &c.stance, c.review.status.name());
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ProjectStats {
    pub project: String,
    pub documents: usize,
    /// Documents per language code (`unknown` where none is known).
    pub languages: BTreeMap<String, usize>,
    pub annotators: BTreeMap<String, AnnotatorStats>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentId, Mention, MentionId, Review, Span, Status};

    fn mention(id: u32, label: &str, status: Status) -> Mention {
        let at = jiff::Timestamp::UNIX_EPOCH;
        Mention {
            id: MentionId(id),
            span: Span::new(0, 4),
            text: "JNIM".into(),
            label: label.into(),
            actor: None,
            attributes: BTreeMap::new(),
            review: Review::suggested("ana", "test", 0.5, at).decided(status, "ana", at),
        }
    }

    #[test]
    fn counts_by_label_and_status_and_progress() {
        let mut set = AnnotationSet::new(DocumentId::for_text("x"), "ana");
        assert_eq!(Progress::of(&set), Progress::New);
        set.mentions
            .push(mention(1, "ARMED_GROUP", Status::Accepted));
        set.mentions
            .push(mention(2, "ARMED_GROUP", Status::Rejected));
        set.mentions.push(mention(
            3,
            "LOCATION",
            Status::Suggested {
                by: "t".into(),
                score: 0.2,
            },
        ));
        assert_eq!(Progress::of(&set), Progress::InProgress);
        let mut stats = AnnotatorStats::default();
        stats.add(&set);
        assert_eq!(stats.mentions["ARMED_GROUP"]["accepted"], 1);
        assert_eq!(stats.mentions["ARMED_GROUP"]["rejected"], 1);
        assert_eq!(stats.mentions["LOCATION"]["suggested"], 1);
        assert_eq!(stats.totals["suggested"], 1);
        assert_eq!(stats.documents_by_progress["in progress"], 1);
        set.mentions.pop();
        assert_eq!(Progress::of(&set), Progress::Done);
    }
}
