//! Learning while the analyst works: finishing a document starts training
//! on the finished documents in the background ([`jobs::train`]), at most
//! one run with one more queued (the newest data wins); when it ends the
//! workspace drops its cached models, so the next suggestion uses the new
//! ones. The frame never waits for it.

use super::jobs::{self, TrainReport};
use super::{BackgroundJob, Poll, Workspace};

impl Workspace {
    /// Starts training on a worker thread ([`jobs::train`]), or queues one
    /// more run when it is already training (the newest data wins).
    pub fn start_training(&mut self) {
        if self.training.is_some() {
            self.training_queued = true;
            return;
        }
        match self.project.handle_for_job() {
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
    /// run starts. Returns whether training still runs.
    pub fn poll_training(&mut self) -> bool {
        let Some(job) = &self.training else {
            return false;
        };
        let report = match job.poll() {
            Poll::Running(_) => return true,
            Poll::Done(report) => Some(report),
            Poll::Lost => None,
        };
        self.training = None;
        self.learned = None;
        self.training_message = Some(match report {
            None => "training stopped unexpectedly".into(),
            Some(report) => training_summary(&report),
        });
        if std::mem::take(&mut self.training_queued) {
            self.start_training();
        }
        self.training.is_some()
    }
}

/// What the status bar says after training: its size, or the problem.
fn training_summary(report: &TrainReport) -> String {
    if let Some(problem) = report.problems.first() {
        format!("training failed: {problem}")
    } else if report.cancelled {
        "training cancelled".into()
    } else if report.models.is_empty() {
        "nothing to train on: no finished document has annotations".into()
    } else {
        let plural = if report.documents == 1 { "" } else { "s" };
        format!("trained on {} document{plural}", report.documents)
    }
}
