//! `kill -9` at random moments: the real binary's `import`,
//! `suggest --all` and `export` are killed again and again over a project
//! of a few hundred generated documents. After every kill, `attest check`
//! passes (or names only what an interrupted write leaves for the next
//! writer to clean), nothing saved before the series changed, no lock
//! blocks, and re-running the same command goes on from there. After the
//! series the project and its export equal those of a run never killed.
//!
//! The moments come from a fixed list of seeds, and are counted in the
//! child's progress (files it has written), not in time: the test neither
//! sleeps for timing nor asserts on it, so a loaded machine only moves
//! where inside a file's write a kill lands.

// The helpers below are test code as much as the tests (clippy.toml
// allows unwrap in `#[test]` functions only).
#![allow(clippy::unwrap_used)]

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, SystemTime};

use attest::store::{OpenMode, Project, ProjectLock};
use util::{attest, run, stderr, stdout};

/// Documents in the project before the series.
const EARLIER_DOCUMENTS: usize = 40;
/// Documents the killed imports bring in.
const NEW_DOCUMENTS: usize = 160;
/// Kills of import, suggest and export: 50 in all. Export rewrites every
/// file on each run, so its kills cost the most.
const KILLS: [usize; 3] = [20, 18, 12];
/// One seed per command: the series is the same on every run.
const SEEDS: [u64; 3] = [
    0x5eed_1a7e_5700_0001,
    0x5eed_1a7e_5700_0002,
    0x5eed_1a7e_5700_0003,
];

/// splitmix64: a tiny deterministic generator, enough to spread kills.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const TOWNS: [&str; 8] = [
    "Djibo",
    "Boulkessi",
    "Ménaka",
    "Farabougou",
    "Kidal",
    "Diffa",
    "Barsalogho",
    "Ségou",
];
const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

/// Attest JSONL records `from..to`: small articles with two gold mentions
/// each (offsets in code points; some towns are not ASCII).
fn records(from: usize, to: usize) -> String {
    let mut lines = String::new();
    for n in from..to {
        let town = TOWNS[n % TOWNS.len()];
        let text = format!(
            "On {}, JNIM fighters attacked the army post at {town}, killing {} soldiers, \
             a resident told AFP. The militants claimed the attack (report {n}).",
            DAYS[n % DAYS.len()],
            n % 17 + 2
        );
        let chars = |needle: &str| {
            let byte = text.find(needle).unwrap();
            let start = text[..byte].chars().count();
            (start, start + needle.chars().count())
        };
        let (g0, g1) = chars("JNIM");
        let (t0, t1) = chars(town);
        let record = serde_json::json!({
            "text": text,
            "mentions": [
                {"id": "m1", "start": g0, "end": g1, "label": "ARMED_GROUP"},
                {"id": "m2", "start": t0, "end": t1, "label": "LOCATION"},
            ],
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    lines
}

/// Every file below `dir` with a hash of its bytes, but for the summary
/// cache (`.attest/`): derived data that any run may rewrite, and rebuilds
/// from the files when it is stale or damaged.
fn hashes_below(dir: &Path) -> BTreeMap<String, u64> {
    use std::hash::{Hash, Hasher};
    util::files_below(dir)
        .into_iter()
        .filter(|relative| !relative.starts_with(attest::store::CACHE_DIR))
        .map(|relative| {
            let bytes = std::fs::read(dir.join(&relative)).unwrap();
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            (relative, hasher.finish())
        })
        .collect()
}

/// Files of `dir` whose names `counts` selects, written since `since`:
/// the child's progress.
fn count_written(dir: &Path, counts: fn(&str) -> bool, since: SystemTime) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .filter(|e| e.file_name().to_str().is_some_and(counts))
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= since)
            })
            .count()
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// What an interrupted write leaves and the next writer (or the next
/// import of the same text) completes; anything else `check` says is a bug.
fn left_by_an_interruption(line: &str) -> bool {
    line.contains("temporary file left by an interrupted save")
        || line.contains("text without its metadata")
}

/// One command of the series.
struct Step {
    name: &'static str,
    args: Vec<String>,
    /// Where its progress shows, and which file names count.
    progress_dir: PathBuf,
    counts: fn(&str) -> bool,
    /// Files it writes in a whole run (from the run never killed).
    files_in_a_run: usize,
    /// Whether a re-run writes only what the killed one had not (import,
    /// suggest) rather than everything again (export).
    resumes: bool,
}

impl Step {
    /// Starts the command, its messages going to `log`.
    fn spawn(&self, log: &Path) -> Child {
        let mut command: Command = attest();
        command
            .args(&self.args)
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(log).unwrap());
        command.spawn().unwrap()
    }

    /// Runs the command to its end; panics unless it succeeds.
    fn complete(&self, log: &Path, after: &str) {
        let status = self.spawn(log).wait().unwrap();
        assert!(
            status.success(),
            "{} {after}: {}",
            self.name,
            std::fs::read_to_string(log).unwrap_or_default()
        );
    }
}

/// Runs `step` until it is killed once `files` files have been written
/// (0: at once, while it starts). Returns whether the kill landed; a run
/// that ended first must have succeeded.
fn run_and_kill(step: &Step, files: usize, log: &Path) -> bool {
    // File times may be coarser than the clock: a little earlier is safe,
    // as the command writes nothing before it starts.
    let since = SystemTime::now() - Duration::from_millis(1);
    let mut child = step.spawn(log);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "{} ended by itself but failed: {}",
                step.name,
                std::fs::read_to_string(log).unwrap_or_default()
            );
            return false;
        }
        if count_written(&step.progress_dir, step.counts, since) >= files {
            // SIGKILL: no destructor, no flush, no lock released by hand.
            child.kill().unwrap();
            let status = child.wait().unwrap();
            // Killed, unless it ended by itself just then.
            return status.code().is_none();
        }
        // Polling, not timing: the kill waits for the files, however long.
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// What must hold after every kill. Returns the lines of `check` that
/// name what the interrupted write left for the next writer.
fn assert_intact(project: &Path, earlier: &BTreeMap<String, u64>, after: &str) -> usize {
    let p = project.to_str().unwrap();
    let check = run(&["check", p]);
    let mut left = 0;
    if !check.status.success() {
        left = stdout(&check)
            .lines()
            .filter(|l| left_by_an_interruption(l))
            .count();
        let out = stdout(&check);
        let unexpected: Vec<&str> = out
            .lines()
            .filter(|l| !l.trim().is_empty() && !left_by_an_interruption(l))
            .collect();
        assert!(
            unexpected.is_empty(),
            "check after {after}: {unexpected:#?}\n{}",
            stderr(&check)
        );
    }
    let now = hashes_below(project);
    for (file, hash) in earlier {
        assert_eq!(
            now.get(file),
            Some(hash),
            "{file} was saved before the series and changed after {after}"
        );
    }
    // Every document present is whole: its text and its metadata.
    let (opened, problems) = Project::open(project, OpenMode::ReadOnly).unwrap();
    assert!(
        problems
            .iter()
            .all(|pr| left_by_an_interruption(&pr.to_string())),
        "after {after}: {problems:?}"
    );
    for entry in opened.documents() {
        assert!(opened.load_text(&entry.id).is_ok(), "after {after}");
    }
    // The killed holder's lock blocks nobody.
    let lock = ProjectLock::acquire(project, "probe");
    assert!(lock.is_ok(), "after {after}: {:?}", lock.err());
    left
}

/// Mentions of every annotation file, by document, as (span, label,
/// status): what a kill must not lose nor duplicate.
fn items(project: &Path) -> BTreeMap<String, Vec<String>> {
    let (opened, problems) = Project::open(project, OpenMode::ReadOnly).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let mut all = BTreeMap::new();
    for entry in opened.documents() {
        let (set, _) = opened.read_annotations(&entry.id, "tester").unwrap();
        let mut mentions: Vec<String> = set
            .mentions
            .iter()
            .map(|m| format!("{:?} {} {:?}", m.span, m.label, m.review.status.kind()))
            .collect();
        mentions.sort();
        mentions.push(format!(
            "{} event(s), {} claim(s), finished {}",
            set.events.len(),
            set.claims.len(),
            set.is_finished()
        ));
        all.insert(entry.id.to_string(), mentions);
    }
    all
}

fn succeed(args: &[&str]) {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
}

#[test]
fn kill_9_at_random_moments_loses_nothing_and_blocks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let earlier = dir.path().join("earlier.jsonl");
    let batch = dir.path().join("batch.jsonl");
    std::fs::write(&earlier, records(0, EARLIER_DOCUMENTS)).unwrap();
    std::fs::write(
        &batch,
        records(EARLIER_DOCUMENTS, EARLIER_DOCUMENTS + NEW_DOCUMENTS),
    )
    .unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_owned();

    // The state before the series: earlier documents imported and suggested.
    let project = dir.path().join("p");
    succeed(&["new", &s(&project)]);
    succeed(&["import", &s(&project), "--format", "jsonl", &s(&earlier)]);
    succeed(&["suggest", &s(&project), "--all"]);
    let saved_before = hashes_below(&project);

    // The same commands never killed, on a copy: what the series must reach.
    let reference = dir.path().join("reference");
    copy_dir(&project, &reference);
    let steps = |project: &Path, out: &Path| {
        let p = s(project);
        [
            Step {
                name: "import",
                args: vec![
                    "import".into(),
                    p.clone(),
                    "--format".into(),
                    "jsonl".into(),
                    s(&batch),
                ],
                progress_dir: project.join("documents"),
                counts: |name| name.ends_with(".ron"),
                files_in_a_run: NEW_DOCUMENTS,
                resumes: true,
            },
            Step {
                name: "suggest --all",
                args: vec!["suggest".into(), p.clone(), "--all".into()],
                progress_dir: project.join("annotations/tester"),
                counts: |name| name.ends_with(".ron"),
                files_in_a_run: NEW_DOCUMENTS,
                resumes: true,
            },
            Step {
                name: "export",
                args: vec![
                    "export".into(),
                    p,
                    "--format".into(),
                    "brat".into(),
                    "--include-suggestions".into(),
                    "--out".into(),
                    s(out),
                ],
                progress_dir: out.join("all"),
                counts: |name| name.ends_with(".ann"),
                files_in_a_run: EARLIER_DOCUMENTS + NEW_DOCUMENTS,
                resumes: false,
            },
        ]
    };
    let reference_out = dir.path().join("reference-export");
    let log = dir.path().join("stderr.txt");
    for step in steps(&reference, &reference_out) {
        step.complete(&log, "never killed");
    }

    let out = dir.path().join("export");
    let mut kills = 0;
    for ((step, seed), wanted) in steps(&project, &out).into_iter().zip(SEEDS).zip(KILLS) {
        let started = std::time::Instant::now();
        let mut random = Seeded(seed);
        let mut landed = 0;
        let mut runs = 0;
        let mut left_behind = 0;
        while landed < wanted {
            runs += 1;
            assert!(runs < 4 * wanted, "{}: too few kills landed", step.name);
            // One kill in five while the command starts; the others after
            // a few more files, so that the series moves through the run.
            let files = if random.below(5) == 0 {
                0
            } else {
                let spread = if step.resumes {
                    (step.files_in_a_run / wanted).max(4)
                } else {
                    step.files_in_a_run
                } as u64;
                1 + random.below(spread) as usize
            };
            if run_and_kill(&step, files, &log) {
                landed += 1;
                kills += 1;
                left_behind += assert_intact(
                    &project,
                    &saved_before,
                    &format!("kill {landed} of {}", step.name),
                );
            }
        }
        // The next run, never killed, finishes the work without any help.
        step.complete(&log, &format!("after {landed} kills"));
        let check = run(&["check", &s(&project)]);
        assert!(
            check.status.success(),
            "after {}: {}",
            step.name,
            stdout(&check)
        );
        // For the record only, never asserted.
        eprintln!(
            "{}: {landed} kills in {runs} runs, {left_behind} file(s) left for the next writer, {:.1} s",
            step.name,
            started.elapsed().as_secs_f64()
        );
    }
    assert!(kills >= 50, "{kills} kills");

    assert_eq!(items(&project), items(&reference));
    let (exported, expected) = (hashes_below(&out), hashes_below(&reference_out));
    let differing: Vec<&String> = exported
        .keys()
        .chain(expected.keys())
        .filter(|f| exported.get(*f) != expected.get(*f))
        .collect();
    assert!(
        differing.is_empty(),
        "the export after the kills differs from that of a run never killed: {differing:?}"
    );
}
