//! Project statistics: documents, and per annotator the mentions by label
//! and status, events by type and claims by stance.
//!
//! Computed from annotation sets alone, so the CLI's `stats`, its `--json`
//! form and the GUI's statistics view agree.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{AnnotationSet, Item, StatusKind};

/// Which of an annotator's tables a kind of item is counted in.
#[derive(Clone, Copy)]
enum Kind {
    Mentions,
    Events,
    Claims,
}

/// How far one annotator is with one document.
/// Serialised as [`Progress::name`], the form `attest stats --json` has
/// always printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Progress {
    /// No decision yet.
    #[serde(rename = "new")]
    New,
    /// Some decisions, some suggestions still open.
    #[serde(rename = "in progress")]
    InProgress,
    /// Decisions made and no suggestion left open.
    #[serde(rename = "done")]
    Done,
}

impl Progress {
    pub fn of(set: &AnnotationSet) -> Self {
        Self::of_counts(&set.count_by_status())
    }

    /// The progress of a file whose items per status are `counts`.
    pub fn of_counts(counts: &StatusCounts) -> Self {
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

/// Count per status.
pub type StatusCounts = BTreeMap<StatusKind, usize>;

/// Count per name (label, type or stance) per status. Names come from the
/// project's schema (or from files written under another schema), so they
/// stay strings; statuses are a closed set.
pub type CountTable = BTreeMap<String, StatusCounts>;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AnnotatorStats {
    /// Documents with an annotation file.
    pub documents_annotated: usize,
    pub documents_by_progress: BTreeMap<Progress, usize>,
    /// Mentions per label per status.
    pub mentions: CountTable,
    /// Events per type per status.
    pub events: CountTable,
    /// Claims per stance per status.
    pub claims: CountTable,
    /// Items of every kind per status.
    pub totals: StatusCounts,
    /// Seconds spent working in the window, idle pauses left out.
    pub active_seconds: u64,
    /// Documents assigned to the annotator (`attest assign`), and how many
    /// of those they finished.
    pub assigned: usize,
    pub assigned_finished: usize,
}

impl AnnotatorStats {
    /// Items decided (accepted, corrected or rejected) per hour of active
    /// time; `None` before any time was recorded.
    pub fn decisions_per_hour(&self, counts: &StatusCounts) -> Option<f64> {
        (self.active_seconds > 0).then(|| {
            let decided: usize = counts
                .iter()
                .filter(|(status, _)| **status != StatusKind::Suggested)
                .map(|(_, n)| n)
                .sum();
            decided as f64 * 3600.0 / self.active_seconds as f64
        })
    }
}

impl AnnotatorStats {
    pub fn add(&mut self, set: &AnnotationSet) {
        self.documents_annotated += 1;
        *self
            .documents_by_progress
            .entry(Progress::of(set))
            .or_default() += 1;
        self.count_items(Kind::Mentions, &set.mentions);
        self.count_items(Kind::Events, &set.events);
        self.count_items(Kind::Claims, &set.claims);
        self.active_seconds += set.active_seconds;
    }

    /// Counts `items` by category and status into their table and the totals.
    fn count_items<T: Item>(&mut self, kind: Kind, items: &[T]) {
        for item in items {
            let status = item.review().status.kind();
            let table = match kind {
                Kind::Mentions => &mut self.mentions,
                Kind::Events => &mut self.events,
                Kind::Claims => &mut self.claims,
            };
            *table
                .entry(item.category().to_owned())
                .or_default()
                .entry(status)
                .or_default() += 1;
            *self.totals.entry(status).or_default() += 1;
        }
    }

    /// Adds figures counted elsewhere (another part of the same files, read
    /// on another thread).
    pub fn merge(&mut self, other: AnnotatorStats) {
        fn add_counts(into: &mut StatusCounts, from: StatusCounts) {
            for (status, n) in from {
                *into.entry(status).or_default() += n;
            }
        }
        self.documents_annotated += other.documents_annotated;
        for (progress, n) in other.documents_by_progress {
            *self.documents_by_progress.entry(progress).or_default() += n;
        }
        for (mine, theirs) in [
            (&mut self.mentions, other.mentions),
            (&mut self.events, other.events),
            (&mut self.claims, other.claims),
        ] {
            for (name, counts) in theirs {
                add_counts(mine.entry(name).or_default(), counts);
            }
        }
        add_counts(&mut self.totals, other.totals);
        self.active_seconds += other.active_seconds;
        self.assigned += other.assigned;
        self.assigned_finished += other.assigned_finished;
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
        assert_eq!(stats.mentions["ARMED_GROUP"][&StatusKind::Accepted], 1);
        assert_eq!(stats.mentions["ARMED_GROUP"][&StatusKind::Rejected], 1);
        assert_eq!(stats.mentions["LOCATION"][&StatusKind::Suggested], 1);
        assert_eq!(stats.totals[&StatusKind::Suggested], 1);
        assert_eq!(stats.documents_by_progress[&Progress::InProgress], 1);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(json["documents_by_progress"]["in progress"], 1, "{json}");
        assert_eq!(json["mentions"]["ARMED_GROUP"]["accepted"], 1, "{json}");
        assert_eq!(json["totals"]["suggested"], 1, "{json}");
        let mut twice = stats.clone();
        twice.merge(stats);
        assert_eq!(twice.mentions["ARMED_GROUP"][&StatusKind::Accepted], 2);
        assert_eq!(twice.documents_annotated, 2);
        set.mentions.pop();
        assert_eq!(Progress::of(&set), Progress::Done);
    }
}
