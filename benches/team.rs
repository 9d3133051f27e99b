//! Team-scale benchmark: a project of 10,000 news-length
//! articles (eight ACLED-style notes each) with the shipped rules'
//! suggestions for ten annotators, two of them partly decided; then the
//! release `attest` binary runs, as an analyst would, each of
//!
//! - `stats`, cold (no summary cache) and again;
//! - `agree` over two and over every annotator, suggestions included;
//! - `export` as JSON lines and as CoNLL, split 80/10/10;
//! - `check`, cold and again;
//!
//! reporting each command's wall time and peak resident memory (the
//! child's `ru_maxrss`, read with `wait4`). Every job streams document by
//! document, so peak memory should stay about the same when the corpus
//! grows tenfold: run it again with `--articles 100000 --annotators 2`.
//!
//! Run: `cargo bench --no-default-features --bench team [-- --articles N
//! --annotators K]` (or `$ATTEST_TEAM_ARTICLES`, `$ATTEST_TEAM_ANNOTATORS`);
//! `$ATTEST_BINARY` measures another build of `attest` (an earlier one, for
//! a before-and-after table).
//! The project is built once, by `attest import`, `suggest` and `decide`
//! themselves, under `$ATTEST_BENCH_DIR` (else the system's temporary
//! folder) as `attest-team-N-K`, and reused by later runs; delete that
//! folder to build it again.
//!
//! Targets (2 cores, 10,000 × 10): agree over ten annotators ≤ 20 s and
//! ≤ 300 MB; export ≤ 3 s and ≤ 200 MB; stats cold ≤ 3 s; check cold
//! ≤ 6 s; at 100,000 × 2, peak memory within 1.5× of 10,000 × 10's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The `attest` binary measured: this build's, or `$ATTEST_BINARY` (an
/// earlier build, for a before-and-after table).
fn binary() -> PathBuf {
    std::env::var_os("ATTEST_BINARY")
        .map_or_else(|| env!("CARGO_BIN_EXE_attest").into(), PathBuf::from)
}

const GROUPS: &[&str] = &[
    "JNIM",
    "Islamic State Sahel Province",
    "Boko Haram",
    "ISWAP",
    "Ansarul Islam",
    "unidentified gunmen",
    "Dozo militia",
    "Koglweogo militia",
];
const FORCES: &[&str] = &[
    "Malian army",
    "Burkinabe army",
    "Nigerien army",
    "Nigerian Army",
    "VDP volunteers",
    "Wagner Group",
];
const PLACES: &[(&str, &str, &str)] = &[
    ("Farabougou", "Segou", "Mali"),
    ("Menaka", "Menaka", "Mali"),
    ("Kidal", "Kidal", "Mali"),
    ("Djibo", "Sahel", "Burkina Faso"),
    ("Barsalogho", "Centre-Nord", "Burkina Faso"),
    ("Diffa", "Diffa", "Niger"),
    ("Tillaberi", "Tillaberi", "Niger"),
    ("Maiduguri", "Borno", "Nigeria"),
    ("Kandi", "Alibori", "Benin"),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The `k`-th note of article `n`: an ACLED-style event description.
fn note(n: usize, k: usize) -> String {
    let i = n * 8 + k;
    let group = GROUPS[i % GROUPS.len()];
    let force = FORCES[(i / 3) % FORCES.len()];
    let (town, region, country) = PLACES[(i / 7) % PLACES.len()];
    let day = 1 + i % 28;
    let month = MONTHS[(i / 28) % MONTHS.len()];
    let year = 2019 + (i / 336) % 6;
    let killed = 2 + i % 17;
    match k % 4 {
        0 => format!(
            "On {day} {month} {year}, {group} militants attacked a {force} position in {town} \
             ({region}, {country}). {killed} soldiers were killed and several others wounded. \
             The attackers took motorbikes and weapons before withdrawing towards the border. \
             {group} claimed the attack the next day in a statement, security sources said."
        ),
        1 => format!(
            "On {day} {month} {year}, the {force} carried out an air strike on a suspected \
             {group} camp near {town} ({region}, {country}), killing {killed} fighters \
             according to the army. Local residents told AFP that civilians were among the \
             dead; the figure could not be independently verified."
        ),
        2 => format!(
            "Around {day} {month} {year}, suspected {group} gunmen abducted {killed} \
             civilians, including women, from a village near {town} ({region}, {country}). \
             A local official said the kidnappers demanded a ransom. The {force} launched a \
             search operation in the area, a resident reported."
        ),
        _ => format!(
            "On {day} {month} {year}, hundreds of people demonstrated in {town} ({region}, \
             {country}) against insecurity after {killed} villagers were killed by {group} the \
             week before. Protesters blocked the main road and burned tyres; the {force} \
             dispersed them with tear gas. No injuries were reported. Report {n}."
        ),
    }
}

/// Article `n`: eight notes, each its own paragraph.
fn article(n: usize) -> String {
    let mut text = format!("Weekly security report {n}\n\n");
    for k in 0..8 {
        let _ = writeln!(text, "{}\n", note(n, k));
    }
    text
}

/// Runs `attest args…` in `cwd`, stdout and stderr to files beside the
/// project; returns wall seconds and peak RSS in MiB. Panics on failure.
fn measure(work: &Path, label: &str, args: &[&str]) -> (f64, f64) {
    let stdout = std::fs::File::create(work.join("last.out")).expect("create output file");
    let stderr = std::fs::File::create(work.join("last.err")).expect("create error file");
    let started = Instant::now();
    // Reaped by `wait4` below, which also gives its resource usage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(binary())
        .args(args)
        .stdout(stdout)
        .stderr(stderr)
        .stdin(Stdio::null())
        .spawn()
        .expect("attest runs");
    let pid = libc::pid_t::try_from(child.id()).expect("a process id");
    let mut status = 0;
    // SAFETY: `wait4` writes only into the status and the rusage it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::wait4(pid, &raw mut status, 0, &raw mut usage);
        usage
    };
    let seconds = started.elapsed().as_secs_f64();
    let succeeded = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    assert!(
        succeeded,
        "{label} failed: {}",
        std::fs::read_to_string(work.join("last.err")).unwrap_or_default()
    );
    // Linux reports `ru_maxrss` in KiB.
    (seconds, usage.ru_maxrss as f64 / 1024.0)
}

/// Runs `attest args…`, untimed, for building the project.
fn run(args: &[&str]) {
    let done = Command::new(binary())
        .args(args)
        .stdout(Stdio::null())
        .output()
        .expect("attest runs");
    assert!(
        done.status.success(),
        "attest {args:?}: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

fn annotator(k: usize) -> String {
    format!("a{}", k + 1)
}

/// Builds the project at `root`: the articles imported, every annotator's
/// suggestions, the second annotator's confident ones accepted and the
/// third's locations rejected. The first annotator's files are suggested by
/// the rules; the others' are those files under their names, as ten
/// analysts running the same rules would have.
fn build(root: &Path, articles: usize, annotators: usize) {
    let building = root.with_extension("building");
    let _ = std::fs::remove_dir_all(&building);
    let texts = building.join("articles");
    std::fs::create_dir_all(&texts).expect("articles folder");
    for n in 0..articles {
        std::fs::write(texts.join(format!("{n:06}.txt")), article(n)).expect("write article");
    }
    let project = building.join("project");
    let project_arg = project.to_str().expect("a UTF-8 path");
    run(&["new", project_arg]);
    run(&[
        "--annotator",
        "a1",
        "import",
        project_arg,
        texts.to_str().expect("a UTF-8 path"),
    ]);
    std::fs::remove_dir_all(&texts).expect("remove articles");
    run(&["--annotator", "a1", "suggest", project_arg, "--all"]);
    let first = project.join("annotations").join("a1");
    for k in 1..annotators {
        let name = annotator(k);
        let folder = project.join("annotations").join(&name);
        std::fs::create_dir_all(&folder).expect("annotator folder");
        for entry in std::fs::read_dir(&first).expect("a1's folder").flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("read a1's file");
            let renamed = text.replace("\"a1\"", &format!("{name:?}"));
            std::fs::write(folder.join(entry.file_name()), renamed).expect("write file");
        }
    }
    if annotators > 1 {
        run(&[
            "--annotator",
            "a2",
            "decide",
            project_arg,
            "--accept",
            "--min-score",
            "0.8",
        ]);
    }
    if annotators > 2 {
        run(&[
            "--annotator",
            "a3",
            "decide",
            project_arg,
            "--reject",
            "--label",
            "LOCATION",
        ]);
    }
    std::fs::rename(&project, root).expect("publish the project");
    let _ = std::fs::remove_dir_all(&building);
}

fn size_of(folder: &Path) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// `--name N` on the command line, else `$env`, else `default`.
fn setting(name: &str, env: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
        .or_else(|| std::env::var(env).ok())
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(default)
}

fn main() {
    let articles = setting("--articles", "ATTEST_TEAM_ARTICLES", 10_000);
    let annotators = setting("--annotators", "ATTEST_TEAM_ANNOTATORS", 10).max(2);
    let parent: PathBuf =
        std::env::var_os("ATTEST_BENCH_DIR").map_or_else(std::env::temp_dir, PathBuf::from);
    std::fs::create_dir_all(&parent).expect("bench folder");
    let root = parent.join(format!("attest-team-{articles}-{annotators}"));
    if root.join("project.ron").exists() {
        println!("reusing {}", root.display());
    } else {
        let started = Instant::now();
        build(&root, articles, annotators);
        println!(
            "built {} in {:.0} s",
            root.display(),
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "{articles} articles x {annotators} annotators: {:.0} MB on disk, documents {:.0} MB, one annotator's files {:.0} MB",
        size_of(&root) as f64 / 1e6,
        size_of(&root.join("documents")) as f64 / 1e6,
        size_of(&root.join("annotations").join("a1")) as f64 / 1e6,
    );
    let work = parent.join(format!("attest-team-{articles}-{annotators}.work"));
    std::fs::create_dir_all(&work).expect("work folder");
    let project = root.to_str().expect("a UTF-8 path");
    let out = work.join("export");
    let out = out.to_str().expect("a UTF-8 path");
    let cache = root.join(".attest");
    let names: Vec<String> = (0..annotators).map(annotator).collect();
    let mut agree_all = vec!["agree", project, "--include-suggestions"];
    agree_all.splice(2..2, names.iter().map(String::as_str));
    let agree_all_label = format!("agree (all {annotators}, suggestions)");
    let runs: Vec<(&str, Vec<&str>, bool)> = vec![
        ("stats, cold", vec!["stats", project], true),
        ("stats, again", vec!["stats", project], false),
        (
            "agree a1 a2 (suggestions)",
            vec!["agree", project, "a1", "a2", "--include-suggestions"],
            false,
        ),
        (&agree_all_label, agree_all, false),
        (
            "export jsonl, split",
            vec![
                "--annotator",
                "a1",
                "export",
                project,
                "--format",
                "jsonl",
                "--include-suggestions",
                "--split",
                "80,10,10",
                "--out",
                out,
            ],
            false,
        ),
        (
            "export conll, split",
            vec![
                "--annotator",
                "a1",
                "export",
                project,
                "--format",
                "conll",
                "--include-suggestions",
                "--split",
                "80,10,10",
                "--out",
                out,
            ],
            false,
        ),
        ("check, cold", vec!["check", project], true),
        ("check, again", vec!["check", project], false),
    ];
    println!("{:<34} {:>9} {:>14}", "command", "seconds", "peak RSS (MB)");
    for (label, args, cold) in runs {
        if cold {
            let _ = std::fs::remove_dir_all(&cache);
        }
        let _ = std::fs::remove_dir_all(out);
        let (seconds, peak_mib) = measure(&work, label, &args);
        println!("{label:<34} {seconds:>9.2} {:>14.0}", peak_mib * 1.048_576);
    }
    let _ = std::fs::remove_dir_all(&work);
}
