//! The project's suggestion engine and the background work around it:
//! the engine built once from the catalogue, the schema and the learned
//! models (and dropped when any of them changes); "suggest in all
//! documents" while it runs; and learning while the analyst works —
//! finishing a document starts training on the finished documents in the
//! background ([`jobs::train`]), at most one run with one more queued (the
//! newest data wins); when it ends the cached engine is dropped, so the
//! next suggestion uses the new models, and the documents the tagger was
//! least sure of are kept for "next document". The frame never waits.

use std::sync::Arc;

use crate::engine::{self, Engine};
use crate::model::{AnnotationSet, DocumentId};
use crate::store::{Project, StoreError};
use crate::suggest::{MergeCounts, Rules};

use super::jobs::{self, SuggestReport, TrainReport};
use super::{BackgroundJob, Poll};

/// The engine, the background suggesting and training, and what they said.
#[derive(Default)]
pub struct Learning {
    /// The rules built from the project's catalogue and schema with the
    /// models learned by `attest train`, built on first use and dropped
    /// when any of them changes (see [`Self::forget_engine`]).
    pub(super) engine: Option<Arc<Engine>>,
    /// Why learned models are missing or were not used, for the analyst.
    pub learned_notes: Vec<String>,
    /// "Suggest in all documents" while it runs.
    suggest_all: Option<SuggestAllJob>,
    /// Background training after a document was finished (at most one run).
    training: Option<BackgroundJob<TrainReport>>,
    /// A document was finished while training ran: train once more after it.
    pub(super) training_queued: bool,
    /// What the last training did ("trained on N documents") or is doing.
    pub training_message: Option<String>,
    /// Unfinished documents, the tagger's least sure first, from the last
    /// training (when the project asks "next document" to follow it).
    least_sure: Vec<DocumentId>,
}

/// "Suggest in all documents" while it runs: the documents not open are
/// suggested and saved by the core's job on a background thread; those
/// open got an undoable step each when it started.
pub(super) struct SuggestAllJob {
    pub(super) job: BackgroundJob<SuggestReport>,
    /// Documents open when it started, suggested on the UI thread.
    pub(super) open_at_start: Vec<DocumentId>,
    /// Documents handed to the background job.
    pub(super) in_background: usize,
    pub(super) added_in_open: usize,
    pub(super) errors_in_open: usize,
}

impl Learning {
    /// The engine, built once from the project's catalogue, schema and
    /// learned models.
    fn engine(&mut self, project: &Project) -> Result<Arc<Engine>, StoreError> {
        if let Some(engine) = &self.engine {
            return Ok(Arc::clone(engine));
        }
        let rules = Rules::new(&project.catalogue, &project.file.schema).map_err(|e| {
            StoreError::Invalid {
                path: project.root().join("catalogue.ron"),
                message: format!("cannot build the suggesters: {e}"),
            }
        })?;
        let loaded = engine::load_models(project);
        self.learned_notes = loaded.notes;
        let engine = Arc::new(Engine::new(rules, loaded.models.map(Arc::new)));
        self.engine = Some(Arc::clone(&engine));
        Ok(engine)
    }

    /// Drops the engine: the catalogue, the schema or the learned models
    /// changed, and the next suggestion builds it again.
    pub(super) fn forget_engine(&mut self) {
        self.engine = None;
    }

    /// Every recommender's candidates (rules and learned models, as
    /// `attest suggest` runs them) merged into `set`.
    pub(super) fn suggest_into(
        &mut self,
        project: &Project,
        set: &mut AnnotationSet,
        text: &str,
    ) -> Result<MergeCounts, StoreError> {
        Ok(self
            .engine(project)?
            .suggest_into(set, text, jiff::Timestamp::now()))
    }

    /// Suggests in `documents` and saves them as `annotator` on a worker
    /// thread ([`jobs::suggest`]), as `attest suggest` does.
    pub(super) fn suggest_in_background(
        &mut self,
        project: &Project,
        annotator: &str,
        documents: Vec<DocumentId>,
    ) -> BackgroundJob<SuggestReport> {
        let count = documents.len();
        let annotator = annotator.to_owned();
        let parts = project
            .handle_for_job()
            .and_then(|handle| Ok((handle, self.engine(project)?)));
        match parts {
            Ok((mut handle, engine)) => BackgroundJob::start("Suggest", move |control| {
                jobs::suggest(&mut handle, &annotator, &engine, &documents, control)
            }),
            // Reported like any other failure, when the job is polled.
            Err(e) => BackgroundJob::start("Suggest", move |_| SuggestReport {
                documents: count,
                problems: vec![e],
                ..SuggestReport::default()
            }),
        }
    }

    /// Whether "suggest in all documents" runs.
    pub fn is_suggesting_all(&self) -> bool {
        self.suggest_all.is_some()
    }

    /// Whether "suggest in all documents" runs and was not asked to stop.
    pub fn can_cancel_suggest_all(&self) -> bool {
        self.suggest_all
            .as_ref()
            .is_some_and(|all| !all.job.is_cancelled())
    }

    pub(super) fn begin_suggest_all(&mut self, job: SuggestAllJob) {
        self.suggest_all = Some(job);
    }

    /// `(done, total)` while "suggest in all documents" runs.
    pub fn suggest_all_progress(&self) -> Option<(usize, usize)> {
        self.suggest_all.as_ref().map(|all| {
            let open = all.open_at_start.len();
            let done = usize::try_from(all.job.progress().done).unwrap_or(usize::MAX);
            (open + done.min(all.in_background), open + all.in_background)
        })
    }

    /// Asks a running "suggest in all documents" to stop after the
    /// documents it is on; what it saved stays saved.
    pub fn cancel_suggest_all(&self) {
        if let Some(all) = &self.suggest_all {
            all.job.cancel();
        }
    }

    /// "Suggest in all documents" and its report once the background job
    /// is done (never blocks; `None` while it runs or when none was
    /// started). A lost job is reported as a problem with `project`.
    pub(super) fn finish_suggest_all(
        &mut self,
        project: &Project,
    ) -> Option<(SuggestAllJob, SuggestReport)> {
        let report = match self.suggest_all.as_ref()?.job.poll() {
            Poll::Running(_) => return None,
            Poll::Done(report) => report,
            Poll::Lost => SuggestReport {
                problems: vec![StoreError::Invalid {
                    path: project.root().to_owned(),
                    message: "suggesting in all documents stopped unexpectedly".into(),
                }],
                ..SuggestReport::default()
            },
        };
        Some((self.suggest_all.take()?, report))
    }

    /// Starts training on a worker thread ([`jobs::train`]), or queues one
    /// more run when it is already training (the newest data wins).
    pub fn start_training(&mut self, project: &Project) {
        if self.training.is_some() {
            self.training_queued = true;
            return;
        }
        match project.handle_for_job() {
            Ok(handle) => {
                self.training = Some(BackgroundJob::start("Train", move |control| {
                    jobs::train(&handle, control)
                }));
                self.training_message = Some("training on the finished documents…".into());
            }
            Err(e) => self.training_message = Some(format!("cannot train: {e}")),
        }
    }

    /// Whether training runs in the background (or is queued).
    pub fn is_training(&self) -> bool {
        self.training.is_some() || self.training_queued
    }

    /// Takes in finished training (never blocks): the cached learned models
    /// are dropped so the next suggestion reads the new ones, and a queued
    /// run starts on `project`. Returns whether training still runs.
    pub fn poll_training(&mut self, project: &Project) -> bool {
        let Some(job) = &self.training else {
            return false;
        };
        let report = match job.poll() {
            Poll::Running(_) => return true,
            Poll::Done(report) => Some(report),
            Poll::Lost => None,
        };
        self.training = None;
        self.forget_engine();
        if let Some(report) = &report
            && !report.cancelled
        {
            self.least_sure.clone_from(&report.least_sure);
        }
        self.training_message = Some(match report {
            None => "training stopped unexpectedly".into(),
            Some(report) => training_summary(&report),
        });
        if std::mem::take(&mut self.training_queued) {
            self.start_training(project);
        }
        self.training.is_some()
    }

    /// Unfinished documents, the last training's tagger least sure first.
    pub fn least_sure(&self) -> &[DocumentId] {
        &self.least_sure
    }
}

/// What the status bar says after training: its size, or the problem.
fn training_summary(report: &TrainReport) -> String {
    if let Some(problem) = report.problems.first() {
        format!("training failed: {problem}")
    } else if report.cancelled {
        "training cancelled".into()
    } else if report.models.is_empty() && !report.removed.is_empty() {
        "no finished document any more: the learned models were removed, the rules suggest".into()
    } else if report.models.is_empty() {
        "nothing to train on: no finished document has annotations".into()
    } else {
        let plural = if report.documents == 1 { "" } else { "s" };
        format!("trained on {} document{plural}", report.documents)
    }
}
