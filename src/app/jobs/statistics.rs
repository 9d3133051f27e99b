//! Per-annotator statistics of a project: documents by language, and per
//! annotator the mentions by label and status, events by type, claims by
//! stance, documents by progress, and decisions over time — what
//! `attest stats` prints and the GUI's statistics view draws.
//!
//! Reads every annotation file on all cores with a read-only project, so
//! the GUI can run it on a background thread while the analyst works.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::model::AnnotationSet;
use crate::progress::JobControl;
use crate::stats::{AnnotatorStats, ProjectStats};
use crate::store::{Problem, Project, read_annotation_file};

const SECONDS_PER_DAY: i64 = 86_400;

/// Decisions an annotator had made by the end of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayCount {
    /// Days since 1970-01-01 (UTC).
    pub day: i64,
    /// Decisions (accepted, corrected, rejected) made up to that day's end.
    pub decisions_so_far: usize,
}

/// The project's figures.
#[derive(Debug, Default)]
pub struct StatisticsReport {
    pub stats: ProjectStats,
    /// Per annotator, cumulative decisions per day that has any.
    pub timeline: BTreeMap<String, Vec<DayCount>>,
    /// Files that could not be read; they are not counted.
    pub problems: Vec<Problem>,
    /// Stopped before the end: the figures are partial.
    pub cancelled: bool,
}

/// One annotator's figures from part of their files.
#[derive(Default)]
struct Partial {
    stats: AnnotatorStats,
    decisions_by_day: BTreeMap<i64, usize>,
    problems: Vec<Problem>,
    cancelled: bool,
}

impl Partial {
    fn add(mut self, set: &AnnotationSet) -> Self {
        self.stats.add(set);
        let reviews = set
            .mentions
            .iter()
            .map(|m| &m.review)
            .chain(set.events.iter().map(|e| &e.review))
            .chain(set.claims.iter().map(|c| &c.review));
        for review in reviews.filter(|r| !r.status.is_open()) {
            *self
                .decisions_by_day
                .entry(review.at.as_second().div_euclid(SECONDS_PER_DAY))
                .or_default() += 1;
        }
        self
    }

    fn merge(mut self, other: Self) -> Self {
        self.stats.merge(other.stats);
        for (day, n) in other.decisions_by_day {
            *self.decisions_by_day.entry(day).or_default() += n;
        }
        self.problems.extend(other.problems);
        self.cancelled |= other.cancelled;
        self
    }
}

/// Counts everything in `project`'s annotation files.
pub fn statistics(project: &Project, control: JobControl<'_>) -> StatisticsReport {
    let mut report = StatisticsReport {
        stats: ProjectStats {
            project: project.name().to_owned(),
            documents: project.documents().len(),
            ..ProjectStats::default()
        },
        ..StatisticsReport::default()
    };
    for document in project.documents() {
        let language = document.meta.language.as_deref().unwrap_or("unknown");
        *report
            .stats
            .languages
            .entry(language.to_owned())
            .or_default() += 1;
    }
    let annotators = project.annotators();
    let files = super::annotation_files(project, &annotators);
    control.progress.begin("counting", files.len() as u64);
    for (i, annotator) in annotators.into_iter().enumerate() {
        let partial = files
            .par_iter()
            .filter(|(owner, _, _)| *owner == i)
            .fold(Partial::default, |partial, (_, id, path)| {
                if partial.cancelled || control.is_cancelled() {
                    return Partial {
                        cancelled: true,
                        ..partial
                    };
                }
                let read = read_annotation_file(path, id, &annotator);
                control.progress.advance(1);
                match read {
                    Ok((set, _)) => partial.add(&set),
                    Err(e) => {
                        let mut partial = partial;
                        partial.problems.push(e.into());
                        partial
                    }
                }
            })
            .reduce(Partial::default, Partial::merge);
        report.cancelled |= partial.cancelled;
        report.problems.extend(partial.problems);
        let mut so_far = 0;
        let timeline = partial
            .decisions_by_day
            .into_iter()
            .map(|(day, n)| {
                so_far += n;
                DayCount {
                    day,
                    decisions_so_far: so_far,
                }
            })
            .collect();
        report.timeline.insert(annotator.clone(), timeline);
        report.stats.annotators.insert(annotator, partial.stats);
        if report.cancelled {
            break;
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};
    use crate::model::StatusKind;
    use crate::progress::{CancelFlag, NoProgress};
    use crate::suggest::Suggester;

    #[test]
    fn counts_what_was_saved_and_reports_unreadable_files() {
        let (_dir, mut project, ids) = project();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let suggested = super::super::suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids[..2],
            JobControl::unattended(),
        );
        let broken = project.annotations_path(&ids[2], ANNOTATOR);
        std::fs::write(&broken, "not ron").unwrap();
        let report = statistics(&project, JobControl::unattended());
        assert!(!report.cancelled);
        assert_eq!(report.stats.documents, 3);
        assert_eq!(report.stats.languages["unknown"], 3);
        let ana = &report.stats.annotators[ANNOTATOR];
        assert_eq!(ana.documents_annotated, 2);
        assert_eq!(
            ana.totals[&StatusKind::Suggested],
            suggested.counts.total_added()
        );
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].path, broken);
        assert!(report.timeline[ANNOTATOR].is_empty(), "no decision yet");
    }

    #[test]
    fn a_cancelled_count_says_so() {
        let (_dir, mut project, ids) = project();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        super::super::suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        let cancel = CancelFlag::default();
        cancel.cancel();
        let report = statistics(
            &project,
            JobControl {
                progress: &NoProgress,
                cancel: &cancel,
            },
        );
        assert!(report.cancelled);
        assert_eq!(report.stats.annotators[ANNOTATOR].documents_annotated, 0);
    }
}
