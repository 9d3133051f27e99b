//! `attest train DIR [--json]`: train the learned recommenders on the
//! project's finished documents now and save them under `models/` — the
//! core's [`jobs::train`](crate::app::jobs::train) — then print each one's
//! held-out precision, recall and F1 per label, the training size and timing,
//! the rule suggesters' scores per label on the finished documents, and the
//! (recommender, label) pairs the project's activation score silences.

use std::path::PathBuf;
use std::process::ExitCode;

use super::progress::with_bar;
use crate::app::jobs::{self, TrainReport};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let project = super::open_for_writing(&args.dir, annotator)?;
    let report = with_bar(|control| jobs::train(&project, control));
    for error in &report.problems {
        eprintln!("error: {error}");
    }
    if report.kept_previous {
        eprintln!("note: no model saved; the previous models and learning curve stay as they were");
    }
    for removed in &report.removed {
        eprintln!(
            "note: no finished document any more: removed {}",
            removed.display()
        );
    }
    if report.documents == 0 && report.coded_documents == 0 && !report.cancelled {
        anyhow::bail!(
            "no finished documents to learn from ({} annotation file(s) read; mark documents \
             with `attest finish DIR --document ID`, or import gold with `--as gold`); \
             no model written: {}",
            report.annotation_files,
            args.dir.display()
        );
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&json(&report))?);
    } else {
        print_tables(&report);
    }
    Ok(super::exit_status(&report.problems))
}

fn json(report: &TrainReport) -> serde_json::Value {
    serde_json::json!({
        "training_documents": report.documents,
        "coded_documents": report.coded_documents,
        "training_mentions": report.mentions,
        "rejections": report.rejections,
        "annotation_files": report.annotation_files,
        "read_secs": report.read_secs,
        "total_secs": report.total_secs,
        "models": report.models.iter().map(|m| serde_json::json!({
            "recommender": m.name,
            "path": m.path,
            "train_secs": m.train_secs,
            "file_bytes": m.file_bytes,
            "evaluation": m.evaluation,
            "calibration": m.calibration,
        })).collect::<Vec<_>>(),
        "rule_scores": report.rule_scores,
        "silenced": report.silenced.iter().map(|(recommender, label)| serde_json::json!({
            "recommender": recommender,
            "label": label,
        })).collect::<Vec<_>>(),
        "problems": report.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "cancelled": report.cancelled,
    })
}

fn print_tables(report: &TrainReport) {
    println!(
        "trained on {} finished document(s): {} gold mention(s), {} rejection(s) ({} annotation file(s) read in {:.2} s)",
        report.documents,
        report.mentions,
        report.rejections,
        report.annotation_files,
        report.read_secs
    );
    if report.coded_documents > 0 {
        println!(
            "and on {} coded document(s) (event type and sub-type, without spans)",
            report.coded_documents
        );
    }
    for model in &report.models {
        println!(
            "\n{}: trained in {:.2} s, {} byte(s): {}",
            model.name,
            model.train_secs,
            model.file_bytes,
            model.path.display()
        );
        if let Some(calibration) = &model.calibration {
            calibration_lines(calibration);
        }
        let Some(evaluation) = &model.evaluation else {
            println!("  not scored: a single document leaves none to hold out");
            continue;
        };
        println!(
            "  held out {} document(s), scored by a model trained on the other {} ({} mention(s)):",
            evaluation.held_out_documents,
            evaluation.training_documents,
            evaluation.training_mentions
        );
        scores_table(evaluation, true);
    }
    if !report.rule_scores.is_empty() {
        println!(
            "\nrules, measured on the {} finished document(s):",
            report.documents
        );
        for (name, evaluation) in &report.rule_scores {
            if evaluation.per_label.is_empty() {
                continue;
            }
            println!("\nrule:{name}");
            scores_table(evaluation, false);
        }
    }
    if report.silenced.is_empty() {
        println!("\nno recommender silenced for any label");
    } else {
        println!("\nsilenced (below the project's activation score):");
        for (recommender, label) in &report.silenced {
            let name = if recommender.starts_with("learned:") {
                recommender.clone()
            } else {
                format!("rule:{recommender}")
            };
            println!("  {name} proposes no {label}");
        }
    }
    println!("\ndone in {:.2} s", report.total_secs);
}

/// What the recommender's scores are worth: each knot of its map, the raw
/// confidence it proposes at and the held-out record behind it.
fn calibration_lines(calibration: &crate::learn::Calibration) {
    if calibration.proposals() == 0 {
        let cap = calibration.apply(1.0);
        println!(
            "  scores: not measured on held-out documents yet; proposed at their raw confidence, at most {cap:.2}"
        );
        return;
    }
    println!(
        "  scores are held-out precision, cross-fitted over the finished documents ({} proposal(s)):",
        calibration.proposals()
    );
    for knot in &calibration.knots {
        println!(
            "    raw {:.3} -> {:.3}  ({} of {} right)",
            knot.raw, knot.precision, knot.right, knot.proposals
        );
    }
}

/// Precision, recall, F1, gold support and proposals per label, then all.
fn scores_table(evaluation: &crate::learn::Evaluation, with_total: bool) {
    println!(
        "  {:<16} {:>9} {:>6} {:>6} {:>7} {:>8}",
        "label", "precision", "recall", "F1", "support", "proposed"
    );
    let total = with_total.then(|| ("all (micro)".to_owned(), evaluation.overall));
    for (label, s) in evaluation
        .per_label
        .iter()
        .map(|(l, s)| (l.clone(), *s))
        .chain(total)
    {
        println!(
            "  {label:<16} {:>9.3} {:>6.3} {:>6.3} {:>7} {:>8}",
            s.precision, s.recall, s.f1, s.support, s.predicted
        );
    }
}
