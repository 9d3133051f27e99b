//! The CLI's progress bar for the core's jobs: an indicatif bar on stderr
//! that shows the job's stage, hidden when stderr is not a terminal.

use indicatif::{ProgressBar, ProgressStyle};

use crate::progress::{CancelFlag, JobControl, ProgressSink};

/// Runs a core job with a [`Bar`], cleared when the job returns so that
/// its report prints on a clean line. (Ctrl-C ends the process, so the
/// cancel flag is never raised.)
pub fn with_bar<T>(job: impl FnOnce(JobControl<'_>) -> T) -> T {
    let bar = Bar::new();
    let cancel = CancelFlag::default();
    job(JobControl {
        progress: &bar,
        cancel: &cancel,
    })
}

/// An indicatif bar as a [`ProgressSink`].
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new() -> Self {
        let bar = ProgressBar::new(0).with_style(
            ProgressStyle::with_template("{msg:>10} {bar:40} {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Self(bar)
    }
}

impl Default for Bar {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

impl ProgressSink for Bar {
    fn begin(&self, stage: &str, total: u64) {
        self.0.set_message(stage.to_owned());
        self.0.set_length(total);
        self.0.set_position(0);
    }

    fn advance(&self, steps: u64) {
        self.0.inc(steps);
    }
}
