//! One way to run a job off the UI thread: [`BackgroundJob`] starts a core
//! job on its own thread with a [`SharedProgress`] and a [`CancelFlag`], and
//! the UI polls it once a frame — draw the progress bar, take the report
//! when it is done. No window reads or writes the whole project on the UI
//! thread; they all go through this.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread;

use crate::progress::{CancelFlag, JobControl, ProgressSnapshot, SharedProgress};

/// A job running on its own thread, producing a `T`.
pub struct BackgroundJob<T> {
    title: String,
    progress: Arc<SharedProgress>,
    cancel: CancelFlag,
    receiver: mpsc::Receiver<T>,
}

/// What polling a job found.
#[derive(Debug)]
pub enum Poll<T> {
    Running(ProgressSnapshot),
    Done(T),
    /// The job's thread ended without a result (it panicked).
    Lost,
}

impl<T: Send + 'static> BackgroundJob<T> {
    /// Starts `work` on a new thread; `title` says what it does ("Export",
    /// "Statistics") for the progress bar.
    pub fn start(
        title: impl Into<String>,
        work: impl FnOnce(JobControl<'_>) -> T + Send + 'static,
    ) -> Self {
        let progress = Arc::new(SharedProgress::default());
        let cancel = CancelFlag::default();
        let (sender, receiver) = mpsc::channel();
        let job_progress = Arc::clone(&progress);
        let job_cancel = cancel.clone();
        thread::spawn(move || {
            let control = JobControl {
                progress: job_progress.as_ref(),
                cancel: &job_cancel,
            };
            // The UI may have dropped the job; nobody then wants the result.
            let _ = sender.send(work(control));
        });
        Self {
            title: title.into(),
            progress,
            cancel,
            receiver,
        }
    }
}

impl<T> BackgroundJob<T> {
    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn progress(&self) -> ProgressSnapshot {
        self.progress.snapshot()
    }

    /// Asks the job to stop; it still delivers what it did until then.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Never blocks.
    pub fn poll(&self) -> Poll<T> {
        match self.receiver.try_recv() {
            Ok(result) => Poll::Done(result),
            Err(mpsc::TryRecvError::Empty) => Poll::Running(self.progress()),
            Err(mpsc::TryRecvError::Disconnected) => Poll::Lost,
        }
    }

    /// Blocks until the job is done; for tests and for closing the window.
    pub fn wait(self) -> Option<T> {
        self.receiver.recv().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_progress_then_its_result() {
        let (go, wait) = mpsc::channel::<()>();
        let (advanced, seen) = mpsc::channel::<()>();
        let job = BackgroundJob::start("count", move |control| {
            control.progress.begin("counting", 10);
            control.progress.advance(4);
            advanced.send(()).ok();
            wait.recv().ok();
            42
        });
        seen.recv().unwrap();
        // Still running: the job waits for `go`.
        let Poll::Running(progress) = job.poll() else {
            panic!("the job cannot be done before it is let go");
        };
        assert_eq!((progress.done, progress.total), (4, 10));
        go.send(()).unwrap();
        assert_eq!(job.wait(), Some(42));
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_check() {
        let job = BackgroundJob::start("loop", |control| {
            let mut rounds = 0u64;
            while !control.is_cancelled() {
                rounds += 1;
                thread::yield_now();
            }
            rounds
        });
        job.cancel();
        assert!(job.wait().is_some());
    }
}
