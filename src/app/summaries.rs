//! The document list: what it shows for each document, how it is kept up
//! to date as documents are edited, added or suggested in the background,
//! and how it is loaded: titles at once, progress and counts on a background job — from the
//! project's summary cache where it is fresh, else read from the annotation
//! file (and the cache brought up to date) — so that a project of 10,000
//! documents opens at once and its list fills in.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::model::{AnnotationSet, DocumentId, StatusKind};
use crate::stats::Progress;
use crate::store::{FileSummary, Problem, Project, SummaryCache};

use super::jobs::statistics::{summarise, update_cache};
use super::{BackgroundJob, OpenDocument, Poll};

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

/// Which documents the list shows, by where their annotation stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    All,
    /// Not marked finished.
    Unfinished,
    /// With suggestions still to decide.
    OpenSuggestions,
    /// Marked finished.
    Finished,
}

impl StateFilter {
    pub const ALL: [StateFilter; 4] = [
        StateFilter::All,
        StateFilter::Unfinished,
        StateFilter::OpenSuggestions,
        StateFilter::Finished,
    ];

    pub fn name(self) -> &'static str {
        match self {
            StateFilter::All => "All",
            StateFilter::Unfinished => "Unfinished",
            StateFilter::OpenSuggestions => "Open suggestions",
            StateFilter::Finished => "Finished",
        }
    }

    /// Whether a document with this summary is shown.
    pub fn admits(self, summary: &DocumentSummary) -> bool {
        match self {
            StateFilter::All => true,
            StateFilter::Unfinished => !summary.finished,
            StateFilter::OpenSuggestions => summary.open_suggestions > 0,
            StateFilter::Finished => summary.finished,
        }
    }
}

/// The order of the document list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DocumentOrder {
    /// As imported.
    #[default]
    Project,
    Title,
    /// What is left to do first: new, in progress, done, then finished.
    State,
}

impl DocumentOrder {
    pub const ALL: [DocumentOrder; 3] = [
        DocumentOrder::Project,
        DocumentOrder::Title,
        DocumentOrder::State,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocumentOrder::Project => "As imported",
            DocumentOrder::Title => "Title",
            DocumentOrder::State => "State",
        }
    }
}

impl DocumentSummary {
    /// Where the document stands, for [`DocumentOrder::State`]: unfinished
    /// before finished, then by progress (not yet read counts as new).
    pub fn state_rank(&self) -> (bool, Progress) {
        (self.finished, self.progress.unwrap_or(Progress::New))
    }
}

/// The document list of the open project: one summary per document,
/// filled in by a background job when the project opens.
pub struct DocumentList {
    /// What the list shows for each document, by id.
    pub summaries: HashMap<DocumentId, DocumentSummary>,
    /// The summaries still being read in the background.
    pending: Option<BackgroundJob<SummaryBatch>>,
}

impl DocumentList {
    /// The list of `project` as `annotator` sees it: titles at once,
    /// progress and counts read in the background.
    pub(super) fn load(project: &Project, annotator: &str) -> Self {
        let (summaries, pending) = start_loading(project, annotator);
        Self {
            summaries,
            pending: Some(pending),
        }
    }

    /// Reads every document's counts again in the background, starting
    /// from titles only (the counts shown may no longer hold).
    pub(super) fn read_again(&mut self, project: &Project, annotator: &str) {
        *self = Self::load(project, annotator);
    }

    /// Reads every document's counts again in the background, showing
    /// what is known until they come in; documents new to the list join it.
    pub(super) fn read_again_keeping_shown(&mut self, project: &Project, annotator: &str) {
        let (fresh, pending) = start_loading(project, annotator);
        for (id, summary) in fresh {
            self.summaries.entry(id).or_insert(summary);
        }
        self.pending = Some(pending);
    }

    /// Takes in the summaries read in the background, when they are ready
    /// (except those `is_open` says are open: theirs are fresher); returns
    /// whether they are still being read.
    pub(super) fn poll(
        &mut self,
        is_open: impl Fn(&DocumentId) -> bool,
        problems: &mut Vec<Problem>,
    ) -> bool {
        let Some(job) = &self.pending else {
            return false;
        };
        match job.poll() {
            Poll::Running(_) => true,
            Poll::Done(batch) => {
                self.pending = None;
                merge(&mut self.summaries, batch, is_open, problems);
                false
            }
            Poll::Lost => {
                self.pending = None;
                false
            }
        }
    }

    /// Waits for the background summaries (for batch work and tests).
    pub(super) fn wait(
        &mut self,
        is_open: impl Fn(&DocumentId) -> bool,
        problems: &mut Vec<Problem>,
    ) {
        if let Some(batch) = self.pending.take().and_then(BackgroundJob::wait) {
            merge(&mut self.summaries, batch, is_open, problems);
        }
    }

    /// A document new to the project joins the list, as new.
    pub(super) fn add_new(&mut self, id: DocumentId, title: String) {
        let summary = DocumentSummary {
            title,
            progress: Some(Progress::New),
            ..DocumentSummary::default()
        };
        self.summaries.insert(id, summary);
    }

    /// The summary of an open document, from its annotations as they are now.
    pub(super) fn refresh(&mut self, id: DocumentId, open: &OpenDocument) {
        let title = open.document.display_title();
        self.summaries
            .insert(id, DocumentSummary::of(title, &open.annotations));
    }

    /// The summary of a document a background job saved, from the counts
    /// it reported (its title and finished mark are kept).
    pub(super) fn record_counts(
        &mut self,
        id: DocumentId,
        progress: Progress,
        counts: &BTreeMap<StatusKind, usize>,
    ) {
        let (title, finished) = self
            .summaries
            .get(&id)
            .map(|s| (s.title.clone(), s.finished))
            .unwrap_or_default();
        self.summaries.insert(
            id,
            DocumentSummary {
                finished,
                ..DocumentSummary::from_counts(title, progress, counts)
            },
        );
    }
}

/// Summaries read in the background, or the problem with each file.
type SummaryBatch = Vec<(DocumentId, Result<DocumentSummary, Problem>)>;

/// Every document's summary as far as it is known without reading its
/// annotations (its title; `New` when it has no file), and the background
/// job that reads the rest.
fn start_loading(
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
fn merge(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(progress: Progress, open_suggestions: usize, finished: bool) -> DocumentSummary {
        DocumentSummary {
            title: String::new(),
            progress: Some(progress),
            open_suggestions,
            gold: 1,
            rejected: 0,
            finished,
        }
    }

    #[test]
    fn state_filters_and_the_state_order_follow_what_is_left_to_do() {
        let new = summary(Progress::New, 3, false);
        let busy = summary(Progress::InProgress, 2, false);
        let done = summary(Progress::Done, 0, false);
        let finished = summary(Progress::Done, 0, true);
        let all = [&finished, &done, &busy, &new];
        let shown = |filter: StateFilter| all.iter().filter(|s| filter.admits(s)).count();
        assert_eq!(shown(StateFilter::All), 4);
        assert_eq!(shown(StateFilter::Unfinished), 3);
        assert_eq!(shown(StateFilter::OpenSuggestions), 2);
        assert_eq!(shown(StateFilter::Finished), 1);
        assert!(StateFilter::Finished.admits(&finished));
        let mut ordered = all.to_vec();
        ordered.sort_by_key(|s| s.state_rank());
        assert_eq!(ordered, vec![&new, &busy, &done, &finished]);
        let reading = DocumentSummary::default();
        assert_eq!(
            reading.state_rank(),
            new.state_rank(),
            "not read yet sorts as new"
        );
    }
}
