//! Pipeline benchmark: `attest suggest --jsonl IN --out OUT` over 1,000 and
//! 10,000 records (the sample wire story, numbered so that every text
//! differs), reporting each run's time and the child's peak resident memory
//! (`/usr/bin/time -v`'s "Maximum resident set size", the kernel's
//! rusage). The pipeline holds one batch of records at a time, so the peak
//! should stay about the same while the input grows tenfold.
//!
//! Run: `cargo bench --no-default-features --bench pipeline`. The inputs go
//! in the system's temporary folder, or in `$ATTEST_BENCH_DIR` when set.
//! Measured (release binary, 2 shared cores): 1,000 records 0.30 s, peak
//! 23.3 MiB; 10,000 records 2.31 s, peak 23.4 MiB.
//!
//! Then one record of 15 MB (the sample story between paragraphs of
//! filler, about 31,000 candidates): the budget is a 200 MB peak.
//! Measured: 470 MB before code-point offsets were held compactly and each
//! copy of the text let go in turn, 255 MB (249 MiB) after: still above
//! the budget; what is left is the suggesters' own working set over one
//! 15 MB text and the record as JSON in and out.

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SAMPLE: &str = include_str!("../tests/fixtures/sample/mali-jnim-attacks.txt");

fn write_corpus(path: &Path, records: usize) {
    let file = std::fs::File::create(path).expect("create the corpus");
    let mut out = std::io::BufWriter::new(file);
    for i in 0..records {
        let text = format!("{SAMPLE}\nReport number {i}.");
        let line = serde_json::json!({"text": text, "meta": {"title": format!("Report {i}")}});
        writeln!(out, "{line}").expect("write the corpus");
    }
    out.flush().expect("flush the corpus");
}

/// Runs the pipeline over `input`; its wall time in seconds and peak RSS in KiB.
fn run(input: &Path, output: &Path) -> (f64, u64) {
    let binary = env!("CARGO_BIN_EXE_attest");
    let started = Instant::now();
    let done = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary)
        .args(["suggest", "--jsonl"])
        .arg(input)
        .arg("--out")
        .arg(output)
        .args(["--annotator", "bench"])
        .output()
        .expect("/usr/bin/time and attest run");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{stderr}");
    let peak = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|v| v.trim().parse().ok())
        .expect("time -v reports the peak RSS");
    (seconds, peak)
}

fn main() {
    let dir = match std::env::var_os("ATTEST_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("a temporary folder");
    println!("records  seconds  records/s  peak RSS (MiB)");
    for records in [1_000, 10_000] {
        let input = dir.path().join(format!("corpus-{records}.jsonl"));
        let output = dir.path().join(format!("out-{records}.jsonl"));
        write_corpus(&input, records);
        let (seconds, peak_kib) = run(&input, &output);
        println!(
            "{records:>7}  {seconds:>7.2}  {:>9.0}  {:>14.1}",
            records as f64 / seconds,
            peak_kib as f64 / 1024.0
        );
    }
    let input = dir.path().join("one-15mb.jsonl");
    let output = dir.path().join("out-15mb.jsonl");
    write_long_record(&input, 15_000_000);
    let (seconds, peak_kib) = run(&input, &output);
    println!(
        "one record of 15 MB: {seconds:.2} s, peak RSS {:.1} MiB",
        peak_kib as f64 / 1024.0
    );
}

/// One record of about `bytes` bytes: the sample story between paragraphs
/// of filler, so that it stays under the items limit per document.
fn write_long_record(path: &Path, bytes: usize) {
    let filler = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod \
                  tempor incididunt ut labore et dolore magna aliqua. "
        .repeat(300);
    let mut text = String::with_capacity(bytes + SAMPLE.len());
    while text.len() < bytes {
        text.push_str(SAMPLE);
        text.push_str("\n\n");
        text.push_str(&filler);
        text.push_str("\n\n");
    }
    let line = serde_json::json!({ "text": text });
    std::fs::write(path, format!("{line}\n")).expect("write the record");
}
