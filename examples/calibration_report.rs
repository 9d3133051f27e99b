//! What the learned recommenders' scores are worth on real text: per
//! score band, the proposals, their mean score and the share that was
//! right on documents the models never saw — raw confidence against the
//! calibrated score the analyst is shown — and the expected calibration
//! error of each.
//!
//! The models are trained as `attest train` trains them
//! (`attest::learn::train_tagger`, `train_string_matcher`: the calibration
//! is cross-fitted over the training documents alone), then measured on
//! other documents: a CoNLL dev file (`--dev`, e.g. CoNLL-2003
//! `eng.testa`; never its test part), or, for a folder of one report per
//! file (re3d's `data-by-source/conll`), the one document in five that
//! `attest::learn::data::is_held_out` sets aside.
//!
//! ```text
//! cargo run --release --no-default-features --example calibration_report -- \
//!     eng.train --docs 100 --dev eng.testa [--rules]
//! cargo run --release --no-default-features --example calibration_report -- \
//!     re3d/CONLL-format/data-by-source/conll
//! ```

use std::path::Path;

use anyhow::{Context, bail};
use attest::learn::calibration::{
    Calibration, Outcome, ReliabilityBand, expected_calibration_error, reliability,
};
use attest::learn::data::is_held_out;
use attest::learn::tagger::MIN_CONFIDENCE;
use attest::learn::{
    Prepared, Sources, StringMatcher, TrainOptions, TrainingDoc, train_string_matcher, train_tagger,
};
use attest::model::Schema;
use attest::progress::JobControl;
use attest::suggest::Rules;

mod conll;

const BANDS: usize = 10;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut dev = None;
    let mut limit = usize::MAX;
    let mut use_rules = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--docs" => limit = args.next().context("--docs N")?.parse()?,
            "--dev" => dev = Some(args.next().context("--dev PATH")?),
            "--rules" => use_rules = true,
            other if path.is_none() => path = Some(other.to_owned()),
            other => bail!("unexpected argument {other}"),
        }
    }
    let Some(path) = path else {
        bail!("usage: calibration_report CONLL_FILE_OR_FOLDER [--docs N] [--dev FILE] [--rules]");
    };
    let (mut training, measured) = documents(Path::new(&path), dev.as_deref())?;
    training.truncate(limit);
    println!(
        "trained on {} documents ({} gold mentions) of {path}; measured on {} documents ({} gold mentions) of {}",
        training.len(),
        training.iter().map(|d| d.gold.len()).sum::<usize>(),
        measured.len(),
        measured.iter().map(|d| d.gold.len()).sum::<usize>(),
        dev.as_deref()
            .unwrap_or("the same folder, held out by document"),
    );
    let rules = if use_rules {
        Some(Rules::sahel_default()?)
    } else {
        None
    };
    let options = TrainOptions::default();
    let control = JobControl::unattended();
    let started = std::time::Instant::now();
    let model = train_tagger(
        &training,
        &Schema::conflict_default(),
        rules.as_ref(),
        true,
        options,
        &control,
    );
    let strings = train_string_matcher(&training)?;
    println!(
        "trained with cross-fitted calibration in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let all: Vec<&TrainingDoc> = training.iter().collect();
    let memory = StringMatcher::train(&all)?;
    let sources = model.tagger.sources(Sources {
        rules: rules.as_ref(),
        memory: Some(&memory),
        span_layers: false,
    });
    let map = model.calibration();
    let mut tagger_raw = Vec::new();
    let mut string_raw = Vec::new();
    for doc in &measured {
        let prepared = Prepared::new(&doc.text, sources, options.hash_bits);
        for (m, raw) in model.tagger.tag_scored(&prepared) {
            if raw >= MIN_CONFIDENCE {
                tagger_raw.push(Outcome {
                    raw,
                    right: doc.gold.contains(&m),
                });
            }
        }
        let mut proposed = strings.matcher.suggest(&doc.text);
        proposed.sort_by(|a, b| {
            (a.span, &a.label)
                .cmp(&(b.span, &b.label))
                .then(b.score.total_cmp(&a.score))
        });
        proposed
            .dedup_by(|later, earlier| later.span == earlier.span && later.label == earlier.label);
        for m in proposed {
            let right = doc
                .gold
                .iter()
                .any(|g| g.span == m.span && g.label == m.label);
            string_raw.push(Outcome {
                raw: m.score,
                right,
            });
        }
    }
    report("learned:tagger", &tagger_raw, &map);
    let string_map = strings
        .calibration
        .clone()
        .unwrap_or_else(|| Calibration::unmeasured(None));
    report("learned:string", &string_raw, &string_map);
    Ok(())
}

/// The training documents and the documents to measure on.
fn documents(
    path: &Path,
    dev: Option<&str>,
) -> anyhow::Result<(Vec<TrainingDoc>, Vec<TrainingDoc>)> {
    if path.is_dir() {
        let docs = conll::read_conll_folder(path)?;
        let (measured, training) = docs.into_iter().partition(|d| is_held_out(&d.id));
        return Ok((training, measured));
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let Some(dev) = dev else {
        bail!("a CoNLL file needs --dev FILE to measure on");
    };
    let dev_text = std::fs::read_to_string(dev).with_context(|| format!("cannot read {dev}"))?;
    Ok((conll::read_conll(&text), conll::read_conll(&dev_text)))
}

/// The reliability tables of one recommender, raw and calibrated.
fn report(name: &str, raw: &[Outcome], map: &Calibration) {
    let calibrated: Vec<Outcome> = raw
        .iter()
        .map(|o| Outcome {
            raw: map.apply(o.raw),
            right: o.right,
        })
        .collect();
    let before = reliability(raw, BANDS);
    let after = reliability(&calibrated, BANDS);
    let right = raw.iter().filter(|o| o.right).count();
    println!(
        "\n{name}: {} proposals on the measured documents, {right} right; map of {} knots fitted on {} cross-fitted proposals",
        raw.len(),
        map.knots.len(),
        map.proposals()
    );
    println!(
        "  {:<11} | {:>9} {:>10} {:>9} | {:>9} {:>10} {:>9}",
        "score band", "raw: n", "mean score", "precision", "calib: n", "mean score", "precision"
    );
    for (b, a) in before.iter().zip(&after) {
        if b.proposals == 0 && a.proposals == 0 {
            continue;
        }
        println!(
            "  {:.1} – {:.1}   | {} | {}",
            b.from,
            b.to,
            cells(b),
            cells(a)
        );
    }
    println!(
        "  expected calibration error: raw {:.3}, calibrated {:.3}",
        expected_calibration_error(&before),
        expected_calibration_error(&after)
    );
}

fn cells(band: &ReliabilityBand) -> String {
    if band.proposals == 0 {
        return format!("{:>9} {:>10} {:>9}", 0, "", "");
    }
    format!(
        "{:>9} {:>10.3} {:>9.3}",
        band.proposals, band.mean_score, band.precision
    )
}
