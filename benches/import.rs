//! Dataset import benchmark: `attest import DIR --format jsonl FILE` of
//! 2,000 Attest JSONL records (the sample wire story, numbered so that
//! every text differs, with two gold mentions each) into a new project;
//! the run's wall time. The budget is 2 s: the files an import
//! writes are flushed once at its end, not three times per document.
//!
//! Run: `cargo bench --no-default-features --bench import`. The project
//! goes in the system's temporary folder, or in `$ATTEST_BENCH_DIR`.
//! Measured (release binary, 2 shared cores): 0.25–0.33 s on a tmpfs;
//! 1.3–2.3 s (2.5–3.5 s at an earlier count) on the shared machine's
//! ext4 at load 7, where nearly all of it is the
//! kernel creating files (0.57 ms an `openat`, with other builds deleting
//! thousands of files nearby); 21 s there before the flush was batched
//! (6,000 `fsync`s, now one `syncfs`).

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SAMPLE: &str = include_str!("../tests/fixtures/sample/mali-jnim-attacks.txt");
const RECORDS: usize = 2_000;

fn write_records(path: &Path) {
    let file = std::fs::File::create(path).expect("create the records");
    let mut out = std::io::BufWriter::new(file);
    let jnim = SAMPLE.find("JNIM").expect("the sample names JNIM");
    let start = SAMPLE[..jnim].chars().count();
    for n in 0..RECORDS {
        let text = format!("{SAMPLE}\nReport number {n}.");
        let line = serde_json::json!({
            "text": text,
            "mentions": [
                {"id": "m1", "start": start, "end": start + 4, "label": "ARMED_GROUP"},
            ],
        });
        writeln!(out, "{line}").expect("write the records");
    }
    out.flush().expect("flush the records");
}

fn attest(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_attest"))
        .args(args)
        .args(["--annotator", "bench"])
        .output()
        .expect("attest runs")
}

fn main() {
    let dir = match std::env::var_os("ATTEST_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("a temporary folder");
    let records = dir.path().join("records.jsonl");
    write_records(&records);
    let records = records.to_str().expect("a UTF-8 path");
    for round in 1..=3 {
        let project = dir.path().join(format!("p{round}"));
        let p = project.to_str().expect("a UTF-8 path");
        assert!(attest(&["new", p]).status.success());
        let started = Instant::now();
        let done = attest(&["import", p, "--format", "jsonl", records]);
        let seconds = started.elapsed().as_secs_f64();
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
        println!("import of {RECORDS} records, run {round}: {seconds:.2} s");
    }
}
