//! What the document list shows for each document, and how it is loaded:
//! titles at once, progress and counts on a background job — from the
//! project's summary cache where it is fresh, else read from the annotation
//! file (and the cache brought up to date) — so that a project of 10,000
//! documents opens at once and its list fills in.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::model::{AnnotationSet, DocumentId, StatusKind};
use crate::stats::Progress;
use crate::store::{FileSummary, Problem, Project, SummaryCache};

use super::BackgroundJob;
use super::jobs::statistics::{summarise, update_cache};

/// What the document list shows for one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocumentSummary {
    pub title: String,
    pub progress: Option<Progress>,
    pub open_suggestions: usize,
    pub gold: usize,
    pub rejected: usize,
    /// The analyst marked the document finished.
    pub finished: bool,
}

impl DocumentSummary {
    pub fn of(title: String, set: &AnnotationSet) -> Self {
        Self {
            finished: set.finished.is_some(),
            ..Self::from_counts(title, Progress::of(set), &set.count_by_status())
        }
    }

    /// The summary of a file from its cached summary.
    pub fn of_summary(title: String, summary: &FileSummary) -> Self {
        let counts = summary.status_counts();
        Self {
            finished: summary.finished,
            ..Self::from_counts(title, Progress::of_counts(&counts), &counts)
        }
    }

    /// The summary of a file whose status counts are already known (a
    /// background job's report), without the file.
    pub fn from_counts(
        title: String,
        progress: Progress,
        counts: &BTreeMap<StatusKind, usize>,
    ) -> Self {
        let count = |kind| counts.get(&kind).copied().unwrap_or(0);
        Self {
            title,
            progress: Some(progress),
            open_suggestions: count(StatusKind::Suggested),
            gold: count(StatusKind::Accepted) + count(StatusKind::Corrected),
            rejected: count(StatusKind::Rejected),
            finished: false,
        }
    }
}

/// Summaries read in the background, or the problem with each file.
pub(super) type SummaryBatch = Vec<(DocumentId, Result<DocumentSummary, Problem>)>;

/// Every document's summary as far as it is known without reading its
/// annotations (its title; `New` when it has no file), and the background
/// job that reads the rest.
pub(super) fn start_loading(
    project: &Project,
    annotator: &str,
) -> (
    HashMap<DocumentId, DocumentSummary>,
    BackgroundJob<SummaryBatch>,
) {
    let mut summaries = HashMap::new();
    let mut jobs = Vec::new();
    for entry in project.documents() {
        let path = project.annotations_path(&entry.id, annotator);
        let has_file = path.exists();
        summaries.insert(
            entry.id.clone(),
            DocumentSummary {
                title: project.display_title(entry),
                progress: (!has_file).then_some(Progress::New),
                ..DocumentSummary::default()
            },
        );
        if has_file {
            jobs.push((entry.id.clone(), path));
        }
    }
    let reader = annotator.to_owned();
    let root = project.root().to_owned();
    let format_version = project.file.format_version;
    let job = BackgroundJob::start("Document list", move |_control| {
        let mut cache = SummaryCache::load(&root);
        let results: Vec<_> = jobs
            .par_iter()
            .map(|(id, path)| summarise(&cache, &reader, id, path))
            .collect();
        let mut updates = Vec::new();
        let batch = jobs
            .into_iter()
            .zip(results)
            .map(|((id, _), result)| {
                let summary = result
                    .map(|(summary, update)| {
                        updates.extend(update.map(|u| (id.clone(), u)));
                        DocumentSummary::of_summary(String::new(), &summary)
                    })
                    .map_err(Problem::from);
                (id, summary)
            })
            .collect();
        update_cache(&mut cache, format_version, &reader, updates);
        batch
    });
    (summaries, job)
}

/// Takes the summaries read in the background into `summaries` (keeping
/// the titles), except for documents `is_open` says are open — those have a
/// fresher summary already; a file that could not be read becomes a problem.
pub(super) fn merge(
    summaries: &mut HashMap<DocumentId, DocumentSummary>,
    batch: SummaryBatch,
    is_open: impl Fn(&DocumentId) -> bool,
    problems: &mut Vec<Problem>,
) {
    for (id, result) in batch {
        if is_open(&id) {
            continue;
        }
        match result {
            Ok(summary) => {
                if let Some(known) = summaries.get_mut(&id) {
                    *known = DocumentSummary {
                        title: std::mem::take(&mut known.title),
                        ..summary
                    };
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
}
