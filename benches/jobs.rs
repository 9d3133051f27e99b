//! Jobs benchmark: builds a 10,000-document project (the sample wire story
//! per document, 20 suggested mentions each for one annotator and the same
//! mentions accepted by a reviewer), then times the core's jobs as both
//! front ends run them: statistics, agreement and evaluation over every
//! file, and suggest-all (the CLI's job, then the GUI's background run,
//! measuring how long the UI thread is held).
//!
//! Run: `cargo bench --no-default-features --bench jobs`. The fixture
//! (≈ 300 MB) goes in the system's temporary folder, or in
//! `$ATTEST_BENCH_DIR` when set.
//! Target: no UI-thread call over 50 ms (a frame) while a job runs.

use std::path::Path;
use std::time::{Duration, Instant};

use attest::app::jobs;
use attest::app::{BackgroundJob, Poll, Workspace};
mod common;

use attest::model::{AnnotationSet, Status};
use attest::progress::JobControl;
use attest::quality::Selection;
use attest::store::{OpenMode, Project};
use attest::suggest::Rules;
use common::{DOCUMENTS, MENTIONS_PER_DOCUMENT, SAMPLE};

const ANNOTATOR: &str = "bench";
const REVIEWER: &str = "reviewer";

/// Suggested mentions for one annotator; the reviewer accepted the same
/// ones, rejecting every fifth.
fn build_project(root: &Path) {
    let at = jiff::Timestamp::now();
    common::build_project(root, "bench", |document| {
        let mut set = AnnotationSet::new(document.id.clone(), ANNOTATOR);
        set.mentions = common::word_mentions(&document.text, ANNOTATOR, at, |_| "LOCATION");
        let mut reviewed = set.clone();
        reviewed.annotator = REVIEWER.into();
        for (k, m) in reviewed.mentions.iter_mut().enumerate() {
            let status = if k % 5 == 0 {
                Status::Rejected
            } else {
                Status::Accepted
            };
            m.review = m.review.decided(status, REVIEWER, at);
        }
        vec![set, reviewed]
    });
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Runs `work` as the GUI does and returns (total, longest UI-thread call:
/// the start or one poll).
fn in_background<T: Send + 'static>(
    work: impl FnOnce(JobControl<'_>) -> T + Send + 'static,
) -> (Duration, Duration, T) {
    let started = Instant::now();
    let job = BackgroundJob::start("bench", work);
    let mut longest = started.elapsed();
    loop {
        let poll_started = Instant::now();
        let poll = job.poll();
        longest = longest.max(poll_started.elapsed());
        match poll {
            Poll::Running(_) => std::thread::sleep(Duration::from_millis(16)),
            Poll::Done(result) => return (started.elapsed(), longest, result),
            Poll::Lost => panic!("the job panicked"),
        }
    }
}

fn main() {
    let dir = match std::env::var_os("ATTEST_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let root = dir.path().join("bench");
    let started = Instant::now();
    build_project(&root);
    println!(
        "built {DOCUMENTS} documents ({} bytes each) with {MENTIONS_PER_DOCUMENT} mentions for each of 2 annotators in {:.1} s",
        SAMPLE.len(),
        started.elapsed().as_secs_f64()
    );
    println!("threads: {}", rayon::current_num_threads());

    let (project, problems) = Project::open(&root, OpenMode::ReadOnly).expect("open");
    assert!(problems.is_empty(), "{problems:?}");

    let started = Instant::now();
    let stats = jobs::statistics(&project, JobControl::unattended());
    let statistics = started.elapsed();
    assert!(stats.problems.is_empty());
    assert_eq!(
        stats.stats.annotators[ANNOTATOR].documents_annotated,
        DOCUMENTS
    );

    let names = [ANNOTATOR.to_owned(), REVIEWER.to_owned()];
    let started = Instant::now();
    let agreement = jobs::agreement(
        &project,
        &names,
        &Selection::Predictions,
        JobControl::unattended(),
    )
    .expect("agreement");
    let agree = started.elapsed();
    assert_eq!(agreement.agreement.pairs[0].overall.documents, DOCUMENTS);

    let started = Instant::now();
    let measured =
        jobs::evaluation(&project, REVIEWER, ANNOTATOR, JobControl::unattended()).expect("eval");
    let evaluate = started.elapsed();
    assert_eq!(measured.documents, DOCUMENTS);

    let shared = Project::open(&root, OpenMode::ReadOnly).expect("open").0;
    let (stats_total, stats_ui, _) =
        in_background(move |control| jobs::statistics(&shared, control));
    let shared = Project::open(&root, OpenMode::ReadOnly).expect("open").0;
    let (review_total, review_ui, _) = in_background(move |control| {
        jobs::agreement(&shared, &names, &Selection::Predictions, control)
    });
    drop(project);

    // Suggest-all as `attest suggest` runs it: every file gains candidates
    // and is written; a second run writes nothing.
    let (mut writer, _) = Project::open(
        &root,
        OpenMode::ReadWrite {
            annotator: ANNOTATOR.into(),
        },
    )
    .expect("open for writing");
    let suggester = attest::engine::Engine::from(
        Rules::new(&writer.catalogue, &writer.file.schema).expect("suggester"),
    );
    let ids: Vec<_> = writer.documents().iter().map(|d| d.id.clone()).collect();
    let started = Instant::now();
    let first = jobs::suggest(
        &mut writer,
        ANNOTATOR,
        &suggester,
        &ids,
        JobControl::unattended(),
    );
    let suggest_first = started.elapsed();
    assert!(first.problems.is_empty(), "{:?}", first.problems.first());
    let started = Instant::now();
    let again = jobs::suggest(
        &mut writer,
        ANNOTATOR,
        &suggester,
        &ids,
        JobControl::unattended(),
    );
    let suggest_again = started.elapsed();
    assert!(again.saved.is_empty());
    drop(writer);

    // Suggest-all from the GUI for a new annotator, one document open.
    let mut workspace = Workspace::open(&root, "gui").expect("workspace");
    workspace.wait_for_summaries();
    workspace.select_document(&ids[0]).expect("select");
    let started = Instant::now();
    workspace.start_suggest_all();
    let mut longest_ui = started.elapsed();
    let summary = loop {
        let poll_started = Instant::now();
        let polled = workspace.poll_suggest_all();
        longest_ui = longest_ui.max(poll_started.elapsed());
        if let Some(summary) = polled {
            break summary;
        }
        std::thread::sleep(Duration::from_millis(16));
    };
    let gui_suggest = started.elapsed();

    println!(
        "statistics (every file of 2 annotators):        {:>8.1} ms",
        ms(statistics)
    );
    println!(
        "agreement (2 annotators, {DOCUMENTS} shared documents): {:>8.1} ms",
        ms(agree)
    );
    println!(
        "evaluation (system against gold, texts read):   {:>8.1} ms",
        ms(evaluate)
    );
    println!(
        "statistics in the background: {:>8.1} ms, longest UI-thread call {:>6.2} ms   target ≤ 50 ms",
        ms(stats_total),
        ms(stats_ui)
    );
    println!(
        "agreement in the background:  {:>8.1} ms, longest UI-thread call {:>6.2} ms   target ≤ 50 ms",
        ms(review_total),
        ms(review_ui)
    );
    println!(
        "suggest all (CLI job), {} files written:  {:>8.1} ms ({:.0} documents/s)",
        first.saved.len(),
        ms(suggest_first),
        DOCUMENTS as f64 / suggest_first.as_secs_f64()
    );
    println!(
        "suggest all again, nothing new to write:    {:>8.1} ms",
        ms(suggest_again)
    );
    println!(
        "suggest all (GUI, new annotator): {:>8.1} ms, longest UI-thread call {:>6.2} ms   target ≤ 50 ms",
        ms(gui_suggest),
        ms(longest_ui)
    );
    println!("  {summary}");
}
