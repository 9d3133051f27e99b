//! Store benchmark at a regional desk's scale: 10,000 articles imported from
//! text files, suggested with the shipped rules (every item an open
//! suggestion), then every figure the targets below name, each as the CLI or
//! the GUI runs it:
//!
//! - `import` of the 10,000 files;
//! - `suggest --all`, and again with nothing new;
//! - `stats` and `check` (project opened read-only, then the job);
//! - opening the GUI's workspace until its document list is complete (the
//!   core of the GUI's open path, headless);
//! - bytes of annotation on disk per byte of text;
//! - saving one edited document (files written: one).
//!
//! Run: `cargo bench --no-default-features --bench store`. The project goes
//! in the system's temporary folder, or in `$ATTEST_BENCH_DIR` when set.
//! Leave six minutes between runs (see `RESTED`); a run that starts sooner
//! says so.
//! Targets (2 cores): import ≤ 3 s, suggest --all ≤ 3 s,
//! re-suggest ≤ 1 s, stats ≤ 0.3 s, ≤ 5 bytes per byte of text; open
//! usable ≤ 1 s; save ≤ 10 ms writing one file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use attest::app::jobs;
use attest::app::{Workspace, WorkspaceCommand};
mod common;

use attest::progress::JobControl;
use attest::store::{OpenMode, Project};
use attest::suggest::Rules;
use common::DOCUMENTS;

const ANNOTATOR: &str = "bench";

/// How long after a run's clean-up the next run measures Attest rather
/// than the filesystem: on ext4 without a journal, creating a file scans
/// past every inode deleted in the last minute — six while their blocks
/// are unwritten — and a run deletes 40,000 (import and suggest then take
/// up to twice as long).
const RESTED: Duration = Duration::from_secs(360);

/// Where a run notes when it deleted its project: beside it, on the
/// filesystem it was on.
fn last_run_marker() -> PathBuf {
    std::env::var_os("ATTEST_BENCH_DIR")
        .map_or_else(std::env::temp_dir, PathBuf::from)
        .join("attest-store-bench.last-run")
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn modified_times(root: &Path) -> BTreeMap<PathBuf, SystemTime> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| Some((e.path().to_owned(), e.metadata().ok()?.modified().ok()?)))
        .collect()
}

/// Total size of the files under `folder` whose name ends in `suffix`.
fn bytes_under(folder: &Path, suffix: &str) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(suffix)))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

/// CPU time (user + system, every thread) this process has used: on a
/// machine shared with other work the wall-clock figures vary with the
/// load, this much less.
fn cpu_secs() -> f64 {
    // SAFETY: `getrusage` writes only into the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &raw mut usage);
        usage
    };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// Runs `work`, returning its result, wall-clock and CPU time.
fn timed<T>(work: impl FnOnce() -> T) -> (T, Duration, f64) {
    let (started, cpu) = (Instant::now(), cpu_secs());
    let result = work();
    (result, started.elapsed(), cpu_secs() - cpu)
}

fn writable() -> OpenMode {
    OpenMode::ReadWrite {
        annotator: ANNOTATOR.into(),
    }
}

fn main() {
    let dir = match std::env::var_os("ATTEST_BENCH_DIR") {
        Some(parent) => tempfile::tempdir_in(parent),
        None => tempfile::tempdir(),
    }
    .expect("temp dir");
    let articles = dir.path().join("articles");
    std::fs::create_dir_all(&articles).expect("articles folder");
    for n in 0..DOCUMENTS {
        std::fs::write(
            articles.join(format!("{n:05}.txt")),
            common::article_text(n),
        )
        .expect("write article");
    }
    let root = dir.path().join("bench");
    Project::create(&root, "bench").expect("create");
    println!("threads: {}", rayon::current_num_threads());
    if let Some(ago) = std::fs::read_to_string(last_run_marker())
        .ok()
        .and_then(|t| t.trim().parse::<u64>().ok())
        .map(|then| now_secs().saturating_sub(then))
        .filter(|ago| *ago < RESTED.as_secs())
    {
        println!(
            "warning: the last run deleted its project {ago} s ago; on ext4 without a journal, \
             import and suggest may be measuring the kernel's scan of recently deleted inodes \
             (wait {} s for figures of Attest alone)",
            RESTED.as_secs() - ago
        );
    }

    // `attest import`: open for writing, import every file.
    let (imported, import, import_cpu) = timed(|| {
        let (mut project, _) = Project::open(&root, writable()).expect("open");
        jobs::import_articles(&mut project, &[articles], JobControl::unattended())
    });
    assert!(
        imported.problems.is_empty(),
        "{:?}",
        imported.problems.first()
    );
    assert_eq!(imported.added, DOCUMENTS);

    // The suggesters alone, every text in memory: the floor under suggest.
    let (project, _) = Project::open(&root, OpenMode::ReadOnly).expect("open");
    let suggester = Rules::new(&project.catalogue, &project.file.schema).expect("suggester");
    let texts: Vec<String> = project
        .documents()
        .iter()
        .map(|d| project.load_text(&d.id).expect("text"))
        .collect();
    let (_, rules_only, rules_only_cpu) = timed(|| {
        use rayon::prelude::*;
        texts
            .par_iter()
            .map(|text| suggester.suggest(text).mentions.len())
            .sum::<usize>()
    });
    drop((project, texts));

    // `attest suggest --all`, then again with nothing new.
    let suggest_all = || {
        let (mut project, _) = Project::open(&root, writable()).expect("open");
        let suggester = attest::engine::Engine::from(
            Rules::new(&project.catalogue, &project.file.schema).expect("suggester"),
        );
        let ids: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
        let report = jobs::suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems.first());
        report
    };
    let (first, suggest, suggest_cpu) = timed(suggest_all);
    assert_eq!(
        first.saved.len(),
        DOCUMENTS,
        "every article gets candidates"
    );
    let (again, resuggest, resuggest_cpu) = timed(suggest_all);
    assert!(again.saved.is_empty(), "nothing new, nothing written");

    // `attest stats` (twice: the first after suggest verifies the files it
    // wrote moments ago by their bytes) and `attest check` (twice: the
    // first parses every file, the second only what changed).
    let stats_once = || {
        let (project, _) = Project::open(&root, OpenMode::ReadOnly).expect("open");
        let report = jobs::statistics(&project, JobControl::unattended());
        assert!(report.problems.is_empty(), "{:?}", report.problems.first());
        report
    };
    let (report, stats, stats_cpu) = timed(stats_once);
    let counted = &report.stats.annotators[ANNOTATOR];
    assert_eq!(counted.documents_annotated, DOCUMENTS);
    let per_article = |table: &attest::stats::CountTable| {
        table.values().flat_map(|c| c.values()).sum::<usize>() as f64 / DOCUMENTS as f64
    };
    let (mentions, events, claims) = (
        per_article(&counted.mentions),
        per_article(&counted.events),
        per_article(&counted.claims),
    );
    // Past the racy window, a stat per file is enough.
    std::thread::sleep(Duration::from_nanos(attest::store::RACY_NS));
    let (_, stats_again, stats_again_cpu) = timed(stats_once);
    let check_once = || {
        let (mut project, _) = Project::open(&root, OpenMode::ReadOnly).expect("open");
        let problems = project.check();
        assert!(problems.is_empty(), "{:?}", problems.first());
    };
    let ((), check, check_cpu) = timed(check_once);
    let ((), check_again, check_again_cpu) = timed(check_once);

    // The GUI's open path: the workspace, then its complete document list.
    let (mut workspace, open_workspace, _) =
        timed(|| Workspace::open(&root, ANNOTATOR).expect("open workspace"));
    let ((), open_list, open_list_cpu) = timed(|| workspace.wait_for_summaries());
    let open_usable = open_workspace + open_list;
    assert_eq!(workspace.list.summaries.len(), DOCUMENTS);
    assert!(
        workspace
            .list
            .summaries
            .values()
            .all(|s| s.open_suggestions > 0)
    );

    let text_bytes = bytes_under(&root.join("documents"), ".txt");
    let annotation_bytes = bytes_under(&root.join("annotations"), ".ron");
    let metadata_bytes = bytes_under(&root.join("documents"), ".ron");

    let id = workspace.project.documents()[DOCUMENTS / 2].id.clone();
    workspace.select_document(&id).expect("select");
    workspace
        .execute(WorkspaceCommand::Accept, None)
        .expect("accept");
    let before = modified_times(&root);
    let started = Instant::now();
    let written = workspace
        .docs
        .save_dirty(&mut workspace.project)
        .expect("save");
    let save = started.elapsed();
    let after = modified_times(&root);
    let changed = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(time))
        .count();

    println!(
        "{DOCUMENTS} articles of {} bytes; per article {mentions:.1} mentions, {events:.1} events, {claims:.1} claims suggested",
        text_bytes / DOCUMENTS as u64
    );
    println!("figure                              wall     CPU   target (wall)");
    let row = |name: &str, wall: Duration, cpu: f64, target: &str| {
        println!("{name:<32} {:>7.2} s {cpu:>6.2} s   {target}", secs(wall));
    };
    row("import", import, import_cpu, "≤ 3 s");
    row("suggesters alone (no I/O)", rules_only, rules_only_cpu, "");
    row("suggest --all", suggest, suggest_cpu, "≤ 3 s");
    row(
        "suggest --all, nothing new",
        resuggest,
        resuggest_cpu,
        "≤ 1 s",
    );
    row("stats (files just written)", stats, stats_cpu, "≤ 0.3 s");
    row("stats again", stats_again, stats_again_cpu, "≤ 0.3 s");
    row("check (parses every file)", check, check_cpu, "");
    row(
        "check again, nothing changed",
        check_again,
        check_again_cpu,
        "",
    );
    row(
        "open until the list is complete",
        open_usable,
        open_list_cpu,
        "≤ 1 s",
    );
    println!(
        "  (workspace usable after {:.2} s; the list fills in the background)",
        secs(open_workspace)
    );
    println!(
        "bytes on disk: text {text_bytes}, annotations {annotation_bytes} ({:.2} per byte of text, target ≤ 5), metadata {metadata_bytes}",
        annotation_bytes as f64 / text_bytes as f64
    );
    println!(
        "save one edited document:       {:>7.2} ms  target ≤ 10 ms; files written {written} (modification times changed: {changed})   target 1",
        save.as_secs_f64() * 1e3
    );

    // The project's 40,000 files go with `dir`; when they went is noted
    // for the next run (see `RESTED`).
    drop(workspace);
    drop(dir);
    let _ = std::fs::write(last_run_marker(), now_secs().to_string());
}
