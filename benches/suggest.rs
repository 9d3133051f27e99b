//! Suggest throughput in MB/s on one core, over a corpus of at least 10 MB
//! built from the sample article and the held-out fixtures.
//!
//! Two shapes, because both are normal: many news-sized documents (a
//! 10,000-document project) and one very long document (a 10 MB report).
//! Run with `cargo bench --no-default-features --bench suggest`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use attest::suggest::Rules;

const CORPUS_BYTES: usize = 10 * 1024 * 1024;
const ROUNDS: usize = 3;

fn main() {
    let articles = articles();
    let article_bytes: usize = articles.iter().map(String::len).sum();
    let mut documents = Vec::new();
    let mut corpus_bytes = 0;
    while corpus_bytes < CORPUS_BYTES {
        for article in &articles {
            corpus_bytes += article.len();
            documents.push(article.clone());
        }
    }
    let one_document = documents.join("\n");
    println!(
        "corpus: {} articles ({article_bytes} bytes) repeated into {} documents, {:.1} MB",
        articles.len(),
        documents.len(),
        mb(corpus_bytes)
    );

    let started = Instant::now();
    let suggester = Rules::sahel_default().expect("the shipped catalogue and patterns build");
    println!(
        "build the suggester: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let mut counts = (0, 0, 0);
    let many = best_of(|| {
        counts = (0, 0, 0);
        for document in &documents {
            let s = suggester.suggest(black_box(document));
            counts.0 += s.mentions.len();
            counts.1 += s.events.len();
            counts.2 += s.claims.len();
        }
    });
    println!(
        "many documents: {:.1} MB/s ({:.0} ms; {} mentions, {} events, {} claims)",
        mb(corpus_bytes) / many.as_secs_f64(),
        many.as_secs_f64() * 1e3,
        counts.0,
        counts.1,
        counts.2
    );
    let one = best_of(|| {
        black_box(suggester.suggest(black_box(&one_document)));
    });
    println!(
        "one {:.1} MB document: {:.1} MB/s ({:.0} ms)",
        mb(one_document.len()),
        mb(one_document.len()) / one.as_secs_f64(),
        one.as_secs_f64() * 1e3
    );
}

fn best_of(mut run: impl FnMut()) -> Duration {
    (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The shared sample plus the held-out fixtures with their gold markup removed.
fn articles() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("tests/fixtures/sample/mali-jnim-attacks.txt");
    let mut articles =
        vec![std::fs::read_to_string(&sample).expect("the shared sample is readable")];
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures/articles"))
        .expect("the fixtures folder is readable")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    fixtures.sort();
    for path in fixtures {
        let marked = std::fs::read_to_string(&path).expect("fixture is readable");
        articles.push(strip_markup(&marked));
    }
    articles
}

/// `[[JNIM|ARMED_GROUP]]` → `JNIM`, `{{said|Reported}}` → `said`.
fn strip_markup(marked: &str) -> String {
    let mut plain = String::with_capacity(marked.len());
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("[[") || rest.starts_with("{{") {
            rest = &rest[2..];
        } else if c == '|' {
            let close = rest.find(['}', ']']).unwrap_or(rest.len());
            rest = rest.get(close + 2..).unwrap_or("");
        } else {
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    plain
}
