//! How a long job reports progress and learns it should stop.
//!
//! Every job of the core (suggest and save, import, export, statistics,
//! agreement, evaluation) takes a [`JobControl`]: a progress sink it calls as
//! it goes and a cancel flag it checks between documents. The CLI plugs in an
//! indicatif bar, the GUI a [`SharedProgress`] that a background job
//! ([`crate::app::background`]) fills and the window draws; tests plug in
//! [`NoProgress`]. Jobs stay plain functions that return a report.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// Receives a job's progress: a stage with its total, then steps.
pub trait ProgressSink: Send + Sync {
    /// A new stage begins (`"reading"`, `"writing"` …) with `total` steps.
    fn begin(&self, stage: &str, total: u64);
    /// `steps` more steps of the current stage are done.
    fn advance(&self, steps: u64);
}

/// Progress nobody watches.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoProgress;

impl ProgressSink for NoProgress {
    fn begin(&self, _stage: &str, _total: u64) {}
    fn advance(&self, _steps: u64) {}
}

/// Asks a running job to stop at its next check; it then returns what it
/// finished so far, marked as cancelled in its report.
#[derive(Clone, Debug, Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// What a job is handed to report progress and to be stopped.
#[derive(Clone, Copy)]
pub struct JobControl<'a> {
    pub progress: &'a dyn ProgressSink,
    pub cancel: &'a CancelFlag,
}

impl JobControl<'_> {
    /// A control that shows nothing and never cancels, for tests and for
    /// callers that wait for the result anyway.
    pub fn unattended() -> JobControl<'static> {
        static NEVER: std::sync::LazyLock<CancelFlag> =
            std::sync::LazyLock::new(CancelFlag::default);
        JobControl {
            progress: &NoProgress,
            cancel: &NEVER,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }
}

/// A snapshot of a job's progress, for drawing a bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgressSnapshot {
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

impl ProgressSnapshot {
    /// Done as a fraction of the total, 0 when the total is unknown.
    pub fn fraction(&self) -> f32 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).min(1.0) as f32
        }
    }
}

/// Progress kept in atomics, written by a job's thread and read by the UI.
#[derive(Debug, Default)]
pub struct SharedProgress {
    stage: Mutex<String>,
    done: AtomicU64,
    total: AtomicU64,
}

impl SharedProgress {
    pub fn snapshot(&self) -> ProgressSnapshot {
        let stage = self.stage.lock().map(|s| s.clone()).unwrap_or_default();
        ProgressSnapshot {
            stage,
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
        }
    }
}

impl ProgressSink for SharedProgress {
    fn begin(&self, stage: &str, total: u64) {
        if let Ok(mut current) = self.stage.lock() {
            stage.clone_into(&mut current);
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    fn advance(&self, steps: u64) {
        self.done.fetch_add(steps, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_progress_restarts_at_each_stage() {
        let progress = SharedProgress::default();
        progress.begin("reading", 4);
        progress.advance(3);
        assert_eq!(progress.snapshot().fraction(), 0.75);
        progress.begin("writing", 2);
        let snapshot = progress.snapshot();
        assert_eq!(
            (snapshot.stage.as_str(), snapshot.done, snapshot.total),
            ("writing", 0, 2)
        );
    }

    #[test]
    fn a_cancel_flag_is_seen_by_every_clone() {
        let flag = CancelFlag::default();
        let seen_by_job = flag.clone();
        assert!(!seen_by_job.is_cancelled());
        flag.cancel();
        assert!(seen_by_job.is_cancelled());
    }
}
