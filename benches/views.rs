//! Opening the statistics (F2) and review (F3, Compute) views on a
//! 10,000-document project with two annotators, driven headless through the
//! real app. The figures load on a background job, so no frame should block:
//! prints the longest frame until the data arrives, and how long it took to
//! arrive (what a frame blocked for when the views read on the UI thread).
//!
//! Run: `cargo bench --bench views`. Target: longest frame ≤ 50 ms.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use attest::model::{AnnotationSet, Status};
use attest::ui::{AttestApp, Launch, Prefs};
use common::DOCUMENTS;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const ANNOTATORS: [&str; 2] = ["ana", "ben"];
const LABELS: [&str; 3] = ["LOCATION", "ARMED_GROUP", "DATE"];
/// A frame every 16 ms, as a 60 Hz display would ask for.
const FRAME_INTERVAL: Duration = Duration::from_millis(16);
const TIMEOUT: Duration = Duration::from_secs(300);

/// Two annotators who accepted the same mentions, ben labelling every
/// fifth one differently.
fn build_project(root: &Path) {
    let at = jiff::Timestamp::now();
    common::build_project(root, "views-bench", |document| {
        ANNOTATORS
            .iter()
            .map(|&annotator| {
                let relabel = |k: usize| annotator == "ben" && k.is_multiple_of(5);
                let mut set = AnnotationSet::new(document.id.clone(), annotator);
                set.mentions = common::word_mentions(&document.text, annotator, at, |k| {
                    LABELS[(k + usize::from(relabel(k))) % LABELS.len()]
                });
                for m in &mut set.mentions {
                    m.review = m.review.decided(Status::Accepted, annotator, at);
                }
                set
            })
            .collect()
    });
}

struct Bench {
    app: AttestApp,
    /// How long each call of the app's frame took.
    frames: Vec<Duration>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Steps frames at 60 Hz until `arrived`; prints the longest frame.
fn until_arrived(
    harness: &mut Harness<'_, Bench>,
    what: &str,
    arrived: impl Fn(&Harness<'_, Bench>) -> bool,
) {
    harness.state_mut().frames.clear();
    let started = Instant::now();
    let mut steps = Vec::new();
    let mut saw_progress = false;
    while !arrived(harness) {
        assert!(started.elapsed() < TIMEOUT, "{what}: no data");
        let step = Instant::now();
        harness.step();
        steps.push(step.elapsed());
        saw_progress |= harness.query_by_label_contains(": reading").is_some()
            || harness.query_by_label_contains(": opening").is_some();
        std::thread::sleep(FRAME_INTERVAL.saturating_sub(step.elapsed()));
    }
    let waited = started.elapsed();
    let frames = &harness.state().frames;
    let longest = frames.iter().max().copied().unwrap_or_default();
    let longest_step = steps.iter().max().copied().unwrap_or_default();
    println!(
        "{what}: data after {:>7.0} ms over {:>4} frames; longest frame {:>6.2} ms \
         (with kittest's accessibility pass {:>6.2} ms); progress bar shown: {saw_progress}   target ≤ 50 ms",
        ms(waited),
        frames.len(),
        ms(longest),
        ms(longest_step),
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("views-bench");
    let started = Instant::now();
    build_project(&root);
    println!(
        "built {DOCUMENTS} documents × {} annotators in {:.1} s",
        ANNOTATORS.len(),
        started.elapsed().as_secs_f64()
    );
    let app = AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(root.clone()),
            annotator: Some("ana".into()),
            fallback_annotator: "ana".into(),
        },
    );
    assert!(app.workspace().is_some(), "the project opens");
    let mut harness = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(
            |ui, bench: &mut Bench| {
                let started = Instant::now();
                bench.app.frame_ui(ui);
                bench.frames.push(started.elapsed());
            },
            Bench {
                app,
                frames: Vec::new(),
            },
        );
    // Let the document list's background read finish first.
    until_arrived(&mut harness, "document list", |h| {
        h.state().app.workspace().is_some_and(|w| {
            w.list.summaries.len() == DOCUMENTS
                && w.list.summaries.values().all(|s| s.progress.is_some())
        })
    });

    harness.key_press(egui::Key::F2);
    until_arrived(&mut harness, "statistics (F2)", |h| {
        !h.state().app.is_busy() && h.query_by_label("Decisions over time").is_some()
    });
    harness.key_press(egui::Key::F2);
    harness.run_steps(2);

    harness.key_press(egui::Key::F3);
    harness.run_steps(2);
    harness.get_by_label("Compute").click();
    until_arrived(&mut harness, "agreement (F3, Compute)", |h| {
        !h.state().app.is_busy() && h.query_by_label_contains("shared document(s)").is_some()
    });
    let shared = format!("{DOCUMENTS} shared document(s)");
    assert!(
        harness.query_by_label_contains(&shared).is_some(),
        "every document compared"
    );
}
