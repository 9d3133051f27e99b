//! Pipeline benchmark: an archive pre-annotated with `attest suggest --jsonl
//! IN --out OUT` — with the shipped rules, and with a project's rules and
//! learned models (`--project`) — then imported into a project for review
//! (`attest import --format jsonl`), at 1,000, 10,000 and 100,000 records
//! (the sample wire story and three others, numbered so that every text
//! differs). Reports each run's time, records per second and the child's
//! peak resident memory (`/usr/bin/time -v`'s "Maximum resident set size",
//! the kernel's rusage). The pipeline holds one batch of records at a time,
//! so its peak should stay about the same while the input grows a
//! hundredfold; the import holds one record at a time.
//!
//! The project is taught first as an analyst would teach it: the three
//! articles of `tests/fixtures/learn` suggested by the rules, every
//! suggestion accepted but the wrong ones over an actor the rules miss
//! ("Dozo hunters"), which is marked instead; imported as finished gold;
//! `attest train`.
//!
//! Then one record of 15 MB (the sample story between paragraphs of
//! filler, about 31,000 candidates): the budget is a 200 MB peak.
//! Measured: 470 MB before code-point offsets were held compactly and each
//! copy of the text let go in turn, 255 MB (249 MiB) after; then 140–165
//! MiB once the output line was written from the typed record in one
//! allocation of its exact size (not through a JSON tree and a doubling
//! buffer) and the folded copy's map back to the text was held as runs.
//!
//! Run: `cargo bench --no-default-features --bench pipeline [-- SIZES]`,
//! SIZES a comma-separated list of record counts (default
//! 1000,10000,100000). The inputs go in the system's temporary folder, or in
//! `$ATTEST_BENCH_DIR` when set. Figures measured on this machine are in
//! the README ("An archive on a cluster").

use std::io::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SAMPLE: &str = include_str!("../tests/fixtures/sample/mali-jnim-attacks.txt");
const TEACH: [&str; 3] = [
    include_str!("../tests/fixtures/learn/burkina-djibo-en.txt"),
    include_str!("../tests/fixtures/learn/mali-douentza-en.txt"),
    include_str!("../tests/fixtures/learn/niger-tera-en.txt"),
];
const MISSED_ACTOR: &str = "Dozo hunters";

fn write_corpus(path: &Path, records: usize) {
    let file = std::fs::File::create(path).expect("create the corpus");
    let mut out = std::io::BufWriter::new(file);
    for i in 0..records {
        let base = if i % 4 == 3 { SAMPLE } else { TEACH[i % 4] };
        let text = format!("{base}\nReport number {i}.");
        let line = serde_json::json!({"text": text, "meta": {"title": format!("Report {i}")}});
        writeln!(out, "{line}").expect("write the corpus");
    }
    out.flush().expect("flush the corpus");
}

/// Runs `attest ARGS`; its wall time in seconds and peak RSS in KiB.
fn run(args: &[&str]) -> (f64, u64) {
    let binary = env!("CARGO_BIN_EXE_attest");
    let started = Instant::now();
    let done = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(binary)
        .args(args)
        .env("ATTEST_ANNOTATOR", "bench")
        .output()
        .expect("/usr/bin/time and attest run");
    let seconds = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "attest {args:?}: {stderr}");
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

fn s(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// Sets every item of a pipeline record accepted and drops what names its
/// suggester.
fn accept(items: &mut serde_json::Value) {
    for item in items.as_array_mut().into_iter().flatten() {
        item["status"] = "accepted".into();
        if let Some(object) = item.as_object_mut() {
            object.remove("suggester");
            object.remove("score");
        }
    }
}

/// A project taught by the three articles, as the module's comment says.
fn taught_project(dir: &Path) -> std::path::PathBuf {
    let input = dir.join("teach.jsonl");
    let suggested = dir.join("teach-suggested.jsonl");
    let lines: String = TEACH
        .iter()
        .map(|text| serde_json::json!({ "text": text }).to_string() + "\n")
        .collect();
    std::fs::write(&input, lines).expect("write the articles");
    run(&["suggest", "--jsonl", s(&input), "--out", s(&suggested)]);
    let mut gold = String::new();
    for line in std::fs::read_to_string(&suggested).expect("read").lines() {
        let mut record: serde_json::Value = serde_json::from_str(line).expect("a record");
        let text = record["text"].as_str().expect("text").to_owned();
        // Offsets are code points.
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let actor: Vec<(usize, usize)> = text
            .match_indices(MISSED_ACTOR)
            .map(|(at, _)| {
                let start = chars.iter().position(|&(b, _)| b == at).expect("a char");
                (start, start + MISSED_ACTOR.chars().count())
            })
            .collect();
        let mentions = record["mentions"].as_array_mut().expect("mentions");
        let overlaps = |m: &serde_json::Value| {
            let (start, end) = (
                m["start"].as_u64().unwrap_or(0),
                m["end"].as_u64().unwrap_or(0),
            );
            actor
                .iter()
                .any(|&(s, e)| start < e as u64 && (s as u64) < end)
        };
        let dropped: Vec<String> = mentions
            .iter()
            .filter(|m| overlaps(m))
            .filter_map(|m| m["id"].as_str().map(str::to_owned))
            .collect();
        mentions.retain(|m| !overlaps(m));
        for (n, (start, end)) in actor.iter().enumerate() {
            mentions.push(serde_json::json!({
                "id": format!("actor{n}"), "start": start, "end": end,
                "text": MISSED_ACTOR, "label": "ARMED_GROUP", "status": "accepted"
            }));
        }
        for key in ["mentions", "events", "claims"] {
            accept(&mut record[key]);
        }
        let unnamed = |ids: &mut serde_json::Value| {
            if let Some(ids) = ids.as_array_mut() {
                ids.retain(|id| !dropped.iter().any(|d| id == d.as_str()));
            }
        };
        for event in record["events"].as_array_mut().into_iter().flatten() {
            for fillers in event["roles"]
                .as_object_mut()
                .into_iter()
                .flat_map(|r| r.values_mut())
            {
                unnamed(fillers);
            }
        }
        for claim in record["claims"].as_array_mut().into_iter().flatten() {
            unnamed(&mut claim["responsible"]);
            let source = &claim["source"]["mention"];
            if source
                .as_str()
                .is_some_and(|id| dropped.iter().any(|d| d == id))
            {
                claim["source"]["mention"] = serde_json::Value::Null;
            }
        }
        if let Some(object) = record.as_object_mut() {
            object.remove("model_version");
        }
        gold.push_str(&record.to_string());
        gold.push('\n');
    }
    let gold_path = dir.join("gold.jsonl");
    std::fs::write(&gold_path, gold).expect("write the gold");
    let project = dir.join("team");
    run(&["new", s(&project)]);
    run(&["import", s(&project), "--format", "jsonl", s(&gold_path)]);
    run(&["train", s(&project)]);
    project
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| "1000,10000,100000".to_owned())
        .split(',')
        .map(|n| {
            n.trim()
                .parse()
                .expect("SIZES: record counts, comma-separated")
        })
        .collect();
    let dir = match std::env::var_os("ATTEST_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir),
        None => tempfile::tempdir(),
    }
    .expect("a temporary folder");
    let team = taught_project(dir.path());
    println!("records  step                       seconds  records/s  peak RSS (MiB)");
    for records in sizes {
        let input = dir.path().join(format!("corpus-{records}.jsonl"));
        write_corpus(&input, records);
        let rules_out = dir.path().join(format!("rules-{records}.jsonl"));
        let learned_out = dir.path().join(format!("learned-{records}.jsonl"));
        let project = dir.path().join(format!("review-{records}"));
        run(&["new", s(&project)]);
        let steps: [(&str, Vec<&str>); 3] = [
            (
                "pipeline, rules",
                vec!["suggest", "--jsonl", s(&input), "--out", s(&rules_out)],
            ),
            (
                "pipeline, project models",
                vec![
                    "suggest",
                    "--jsonl",
                    s(&input),
                    "--out",
                    s(&learned_out),
                    "--project",
                    s(&team),
                ],
            ),
            (
                "import for review",
                vec!["import", s(&project), "--format", "jsonl", s(&learned_out)],
            ),
        ];
        for (step, args) in steps {
            let (seconds, peak_kib) = run(&args);
            println!(
                "{records:>7}  {step:<25}  {seconds:>7.2}  {:>9.0}  {:>14.1}",
                records as f64 / seconds,
                peak_kib as f64 / 1024.0
            );
        }
        let _ = std::fs::remove_dir_all(&project);
        for file in [&input, &rules_out, &learned_out] {
            let _ = std::fs::remove_file(file);
        }
    }
    let input = dir.path().join("one-15mb.jsonl");
    let output = dir.path().join("out-15mb.jsonl");
    write_long_record(&input, 15_000_000);
    let (seconds, peak_kib) = run(&["suggest", "--jsonl", s(&input), "--out", s(&output)]);
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
