//! The learning curve on a public English newswire NER corpus in CoNLL
//! format (e.g. CoNLL-2003 `eng.train`; never use its test set to tune).
//!
//! The corpus is not shipped (Reuters text, licensed by NIST): give its path.
//! Each `-DOCSTART-` document becomes one gold document (tokens joined by
//! spaces, one sentence per line; IOB1 and IOB2 tags both read), and
//! `attest::learn::simulate` replays them as an annotation session.
//!
//! ```text
//! cargo run --release --no-default-features --example simulate_conll -- \
//!     eng.train [--docs 200] [--retrain-every 1] [--no-string] [--rules] [--active] [--dev eng.testa]
//! ```
//! With `--active` the session takes the document the tagger is least sure
//! of next (see `attest::learn::Order::Active`), and the dev scores train on
//! the first N documents in that order.
//! With `--dev`, the tagger trained on the first N documents is also scored
//! on that held-out file at each checkpoint.

use std::time::Instant;

use anyhow::{Context, bail};
use attest::learn::{
    LabelCounts, Prepared, SimulationOptions, Sources, StringMatcher, Tagger, TrainingDoc, simulate,
};
use attest::model::DocumentId;
use attest::progress::JobControl;
use attest::suggest::Rules;

mod conll;
use conll::read_conll;

const CHECKPOINTS: [usize; 5] = [10, 50, 100, 200, 500];

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut dev = None;
    let mut limit = 200;
    let mut options = SimulationOptions::default();
    let mut use_rules = false;
    let mut simulate_session = true;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => limit = args.next().context("--docs N")?.parse()?,
            "--retrain-every" => {
                options.retrain_every = args.next().context("--retrain-every K")?.parse()?;
            }
            "--epochs" => options.train.epochs = args.next().context("--epochs E")?.parse()?,
            "--hash-bits" => {
                options.train.hash_bits = args.next().context("--hash-bits B")?.parse()?;
            }
            "--no-string" => options.string_matcher = false,
            "--no-memory" => options.memory_features = false,
            "--no-simulate" => simulate_session = false,
            "--no-tagger" => options.tagger = false,
            "--rules" => use_rules = true,
            "--best-score" => options.merge = attest::learn::Merge::BestScore,
            "--active" => options.order = attest::learn::Order::Active,
            "--dev" => dev = Some(args.next().context("--dev PATH")?),
            other if path.is_none() => path = Some(other.to_owned()),
            other => bail!("unexpected argument {other}"),
        }
    }
    let Some(path) = path else {
        bail!("usage: simulate_conll CONLL_FILE [--docs N] [--retrain-every K] [--dev FILE]");
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    let mut docs = read_conll(&text);
    docs.truncate(limit);
    let mentions: usize = docs.iter().map(|d| d.gold.len()).sum();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} documents, {mentions} gold mentions, {:.2} MB from {path}",
        docs.len(),
        bytes as f64 / 1e6
    );
    let rules = if use_rules {
        Some(Rules::sahel_default()?)
    } else {
        None
    };
    options.rules = rules.as_ref();
    options.rule_features = use_rules;

    if simulate_session {
        let started = Instant::now();
        let curve = simulate(&docs, &options, &JobControl::unattended());
        // The dev scores below train on the first N documents of the session.
        let position: std::collections::HashMap<&DocumentId, usize> = curve
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        let mut session_order: Vec<usize> = (0..docs.len()).collect();
        session_order.sort_by_key(|&i| position.get(&docs[i].id).copied().unwrap_or(usize::MAX));
        let reordered: Vec<TrainingDoc> = session_order.iter().map(|&i| docs[i].clone()).collect();
        println!(
            "simulated in {:.1} s, {} order (tagger retrained every {} document(s), {} epochs; string matcher {})",
            started.elapsed().as_secs_f64(),
            options.order.name(),
            options.retrain_every,
            options.train.epochs,
            if options.string_matcher { "on" } else { "off" }
        );
        println!();
        println!(
            "after N docs | next 50 docs P / R / F1 | cumulative P / R / F1 | accepted corrected rejected created"
        );
        for n in CHECKPOINTS.into_iter().filter(|&n| n <= docs.len()) {
            let next = curve.window(n, n + 50);
            let point = &curve.points[n - 1];
            let actions = curve.points[..n].iter().fold([0; 4], |mut a, p| {
                a[0] += p.accepted;
                a[1] += p.corrected;
                a[2] += p.rejected;
                a[3] += p.created;
                a
            });
            println!(
                "{n:>12} | {:.3} / {:.3} / {:.3}   | {:.3} / {:.3} / {:.3}   | {:?}",
                next.precision,
                next.recall,
                next.f1,
                point.cumulative.precision,
                point.cumulative.recall,
                point.cumulative.f1,
                actions
            );
        }
        docs = reordered;
    }

    if let Some(dev) = dev {
        let dev_text =
            std::fs::read_to_string(&dev).with_context(|| format!("cannot read {dev}"))?;
        let dev_docs = read_conll(&dev_text);
        let hash_bits = options.train.hash_bits;
        let use_memory = options.memory_features && options.string_matcher;
        println!();
        println!(
            "tagger (memory features {}) trained on the first N documents, scored on {} documents of {dev}:",
            if use_memory { "on" } else { "off" },
            dev_docs.len()
        );
        let mut checkpoints: Vec<usize> = CHECKPOINTS
            .into_iter()
            .filter(|&n| n < docs.len())
            .collect();
        checkpoints.push(docs.len());
        for n in checkpoints {
            let started = Instant::now();
            let first: Vec<&TrainingDoc> = docs.iter().take(n).collect();
            let memory = if use_memory {
                Some(StringMatcher::train(&first)?)
            } else {
                None
            };
            let sources = Sources {
                rules: rules.as_ref(),
                memory: memory.as_ref(),
                span_layers: false,
            };
            let prepared: Vec<Prepared> = first
                .iter()
                .map(|d| Prepared::for_training(d, sources, hash_bits))
                .collect();
            let pairs: Vec<(&TrainingDoc, &Prepared)> =
                first.iter().copied().zip(&prepared).collect();
            let tagger = Tagger::train(&pairs, sources, options.train, &JobControl::unattended());
            let trained_secs = started.elapsed().as_secs_f64();
            let dev_prepared: Vec<Prepared> = dev_docs
                .iter()
                .map(|d| Prepared::new(&d.text, sources, hash_bits))
                .collect();
            let mut counts = LabelCounts::default();
            for (doc, prepared) in dev_docs.iter().zip(&dev_prepared) {
                counts.compare(&tagger.tag(prepared), &doc.gold);
            }
            let total = counts.total().scores();
            let per_label: Vec<String> = counts
                .per_label
                .iter()
                .map(|(label, c)| format!("{label} {:.2}", c.f1()))
                .collect();
            println!(
                "{n:>5} docs: P {:.3} R {:.3} F1 {:.3}  ({}; trained in {trained_secs:.2} s)",
                total.precision,
                total.recall,
                total.f1,
                per_label.join(", ")
            );
        }
    }
    Ok(())
}
