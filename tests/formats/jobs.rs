//! The export and import jobs under a `JobControl`: progress by stage, and a
//! cancel honoured between documents.

use attest::formats::{self, ExportOptions, Format, ImportAs, ImportOptions};
use attest::progress::{CancelFlag, JobControl, ProgressSink, SharedProgress};

use crate::util::{ANNOTATOR, demo_project, export, french_project, new_project};

/// Asks the job to stop once it has advanced `after` steps.
struct CancelAfter {
    after: u64,
    done: std::sync::atomic::AtomicU64,
    cancel: CancelFlag,
}

impl ProgressSink for CancelAfter {
    fn begin(&self, _stage: &str, _total: u64) {}

    fn advance(&self, steps: u64) {
        let done = self
            .done
            .fetch_add(steps, std::sync::atomic::Ordering::Relaxed)
            + steps;
        if done >= self.after {
            self.cancel.cancel();
        }
    }
}

fn cancel_after(after: u64) -> CancelAfter {
    CancelAfter {
        after,
        done: Default::default(),
        cancel: CancelFlag::default(),
    }
}

#[test]
fn a_cancelled_export_writes_no_file_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = french_project(&dir.path().join("french"));
    assert!(project.documents().len() > 1, "cancelled between documents");
    let out = dir.path().join("out");
    let sink = cancel_after(1);
    let control = JobControl {
        progress: &sink,
        cancel: &sink.cancel,
    };
    let report = formats::export(
        &mut project,
        &out,
        &ExportOptions::new(Format::Jsonl),
        control,
    )
    .unwrap();
    assert!(report.cancelled);
    assert!(report.files.is_empty(), "{:?}", report.files);
    assert!(!out.exists(), "nothing half-written");

    let progress = SharedProgress::default();
    let finished = formats::export(
        &mut project,
        &out,
        &ExportOptions::new(Format::Jsonl),
        JobControl {
            progress: &progress,
            cancel: &CancelFlag::default(),
        },
    )
    .unwrap();
    assert!(!finished.cancelled);
    let snapshot = progress.snapshot();
    let documents = finished.documents as u64;
    assert_eq!(
        (snapshot.stage.as_str(), snapshot.done, snapshot.total),
        ("writing", documents, documents),
        "the last stage writes the documents, one by one"
    );
}

#[test]
fn a_cancelled_import_keeps_what_it_merged_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut source = demo_project(&dir.path().join("demo"));
    let dataset = dir.path().join("dataset");
    let written = export(&mut source, &dataset, &ExportOptions::new(Format::Jsonl));
    let second = dataset.join("more.jsonl");
    std::fs::write(&second, "{\"text\": \"Un autre texte.\"}\n").unwrap();

    let mut project = new_project(&dir.path().join("fresh"));
    let sink = cancel_after(1);
    let options = ImportOptions {
        format: Format::Jsonl,
        import_as: ImportAs::Gold,
        annotator: ANNOTATOR.to_owned(),
        source: None,
    };
    let report = formats::import(
        &mut project,
        &[dataset.join("all.jsonl"), second],
        &options,
        JobControl {
            progress: &sink,
            cancel: &sink.cancel,
        },
    )
    .unwrap();
    assert!(report.cancelled);
    assert_eq!(report.records, written.documents, "the first file only");
    assert_eq!(project.documents().len(), written.documents);
}
