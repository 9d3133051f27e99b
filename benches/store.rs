//! Store benchmark: builds a 10,000-document project with an annotation
//! file per document, then measures opening it (as `attest stats` and as
//! the GUI do) and saving one edited document, counting the files written.
//!
//! Run: `cargo bench --no-default-features --bench store`.
//! Targets: open ≤ 1 s, save ≤ 10 ms writing one file.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Instant, SystemTime};

use attest::app::{Command, Workspace};
mod common;

use attest::model::AnnotationSet;
use attest::store::{OpenMode, Project};
use common::{DOCUMENTS, MENTIONS_PER_DOCUMENT};

const ANNOTATOR: &str = "bench";

/// Every document with one annotation file of suggested mentions.
fn build_project(root: &Path) {
    let at = jiff::Timestamp::now();
    common::build_project(root, "bench", |document| {
        let mut set = AnnotationSet::new(document.id.clone(), ANNOTATOR);
        set.mentions = common::word_mentions(&document.text, ANNOTATOR, at, |_| "LOCATION");
        vec![set]
    });
}

fn modified_times(root: &Path) -> BTreeMap<std::path::PathBuf, SystemTime> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some((e.path().to_owned(), e.metadata().ok()?.modified().ok()?)))
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("bench");
    let started = Instant::now();
    build_project(&root);
    println!(
        "built {DOCUMENTS} documents with {MENTIONS_PER_DOCUMENT} mentions each in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let (project, problems) = Project::open(&root, OpenMode::ReadOnly).expect("open");
    let open_read_only = started.elapsed();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(project.documents().len(), DOCUMENTS);
    drop(project);

    let started = Instant::now();
    let mut workspace = Workspace::open(&root, ANNOTATOR).expect("open workspace");
    let open_workspace = started.elapsed();
    workspace.wait_for_summaries();
    let summaries = started.elapsed();
    assert_eq!(workspace.summaries.len(), DOCUMENTS);

    let id = workspace.project.documents()[DOCUMENTS / 2].id.clone();
    workspace.select_document(&id).expect("select");
    workspace.execute(Command::Accept, None).expect("accept");
    let before = modified_times(&root);
    let started = Instant::now();
    let written = workspace.save_dirty().expect("save");
    let save = started.elapsed();
    let after = modified_times(&root);
    let changed = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(time))
        .count();

    println!(
        "open project (metadata of {DOCUMENTS} documents): {:>8.1} ms",
        open_read_only.as_secs_f64() * 1e3
    );
    println!(
        "open workspace, usable (GUI):                      {:>8.1} ms   target ≤ 1000 ms",
        open_workspace.as_secs_f64() * 1e3
    );
    println!(
        "  … progress of every document read (background):  {:>8.1} ms",
        summaries.as_secs_f64() * 1e3
    );
    println!(
        "save one edited document:                          {:>8.2} ms   target ≤ 10 ms",
        save.as_secs_f64() * 1e3
    );
    println!(
        "files written by that save: {written} (files whose modification time changed: {changed})   target 1"
    );
}
