//! `attest simulate DIR --gold ANNOTATOR [--recommenders LIST] [--json]`:
//! replay the annotator's finished documents in reading order as an
//! annotation session — the core's [`jobs::simulate`](crate::app::jobs::simulate)
//! — and print the learning curve: per document the suggestions'
//! precision, recall and F1 and what the analyst did, with the cumulative
//! actions, then the scores after 10, 50, 100 and 200 documents.
//!
//! `--order active` takes next the document the tagger is least sure of
//! (lowest mean margin between its best and second-best tag) and prints the
//! reading-order session's milestones beside its own, to see what ordering
//! buys.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::progress::with_bar;
use crate::app::jobs::{self, SimulateChoice, SimulateReport};
use crate::learn::Order;
use crate::store::{OpenMode, Project};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// The annotator whose finished documents are the truth (e.g. `gold`).
    #[arg(long, value_name = "ANNOTATOR")]
    gold: String,
    /// Recommenders taking part, comma-separated: tagger, string, rules.
    #[arg(long, value_name = "LIST", default_value = "tagger,string")]
    recommenders: String,
    /// The order of the documents: `reading` (the project's), or `active`
    /// (the one the tagger is least sure of next; compared with reading).
    #[arg(long, value_name = "ORDER", default_value = "reading", value_parser = parse_order)]
    order: Order,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// Documents after which the curve's scores are summed up.
const MILESTONES: [usize; 4] = [10, 50, 100, 200];

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    crate::store::validate_annotator(&args.gold).map_err(anyhow::Error::msg)?;
    let choice = parse_recommenders(&args.recommenders)?;
    let (project, problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    super::warn_problems(&problems);
    let report =
        with_bar(|control| jobs::simulate(&project, &args.gold, choice, args.order, control));
    let reading = (args.order != Order::Reading && !report.curve.points.is_empty()).then(|| {
        with_bar(|control| jobs::simulate(&project, &args.gold, choice, Order::Reading, control))
    });
    for error in &report.problems {
        eprintln!("error: {error}");
    }
    if report.unfinished_left_out > 0 {
        eprintln!(
            "note: {} unfinished document(s) of {} left out (only finished documents are gold)",
            report.unfinished_left_out, args.gold
        );
    }
    if report.curve.points.is_empty() {
        bail!(
            "no finished documents of {} to replay: {}",
            args.gold,
            args.dir.display()
        );
    }
    if args.json {
        let json = serde_json::json!({
            "gold": args.gold,
            "recommenders": args.recommenders,
            "order": args.order.name(),
            "seconds": report.seconds,
            "milestones": milestones(&report),
            "reading_milestones": reading.as_ref().map(milestones),
            "curve": report.curve,
            "layers": layers_json(&report),
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_curve(&report, &args.gold, args.order);
        print_layers(&report);
        if let Some(reading) = &reading {
            print_comparison(&report, reading, args.order);
        }
    }
    Ok(super::exit_status(&report.problems))
}

fn parse_recommenders(list: &str) -> anyhow::Result<SimulateChoice> {
    let mut choice = SimulateChoice {
        string_matcher: false,
        tagger: false,
        rules: false,
    };
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        match name {
            "tagger" => choice.tagger = true,
            "string" => choice.string_matcher = true,
            "rules" => choice.rules = true,
            other => bail!("unknown recommender {other:?}: expected tagger, string or rules"),
        }
    }
    if choice
        == (SimulateChoice {
            string_matcher: false,
            tagger: false,
            rules: false,
        })
    {
        bail!("--recommenders names none: expected tagger, string or rules");
    }
    Ok(choice)
}

/// Cumulative scores after each milestone the session reached (and at its end).
fn milestones(report: &SimulateReport) -> Vec<serde_json::Value> {
    let total = report.curve.points.len();
    MILESTONES
        .iter()
        .copied()
        .filter(|&n| n < total)
        .chain(std::iter::once(total))
        .map(|n| {
            let s = report.curve.points[n - 1].cumulative;
            serde_json::json!({"documents": n, "precision": s.precision, "recall": s.recall, "f1": s.f1})
        })
        .collect()
}

/// Every layer's curve — the mentions', then the others' — with its
/// milestones typed and by span alone, for `--json`.
fn layers_json(report: &SimulateReport) -> Vec<serde_json::Value> {
    layer_curves(report)
        .map(|(name, label_name, curve)| {
            let points: Vec<serde_json::Value> = milestone_counts(curve.points.len())
                .map(|n| {
                    let typed = curve.window(0, n);
                    let spans = curve.spans_window(0, n);
                    serde_json::json!({
                        "documents": n,
                        "spans": {"precision": spans.precision, "recall": spans.recall, "f1": spans.f1, "support": spans.support},
                        label_name: {"precision": typed.precision, "recall": typed.recall, "f1": typed.f1, "support": typed.support},
                    })
                })
                .collect();
            serde_json::json!({
                "layer": name,
                "milestones": points,
                "curve": curve.points.iter().map(|p| serde_json::json!({
                    "documents": p.documents,
                    "id": p.id,
                    "gold": p.gold,
                    "suggested": p.suggested,
                    "counts": p.counts,
                    "spans": p.spans,
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// (layer name, what its typed score checks, curve) of every replayed layer.
fn layer_curves(
    report: &SimulateReport,
) -> impl Iterator<Item = (&'static str, &'static str, &crate::learn::LearningCurve)> {
    let mentions = crate::learn::Layer::Mentions;
    std::iter::once((mentions.name(), mentions.label_name(), &report.curve)).chain(
        report
            .layers
            .iter()
            .map(|(layer, curve)| (layer.name(), layer.label_name(), curve)),
    )
}

/// The milestones a session of `total` documents reached, and its end.
fn milestone_counts(total: usize) -> impl Iterator<Item = usize> {
    MILESTONES
        .iter()
        .copied()
        .filter(move |&n| n < total)
        .chain((total > 0).then_some(total))
}

/// Per layer, its learning curve: the scores of the suggestions on the
/// documents between two milestones, by span alone and with the label
/// (type, stance, role) right.
fn print_layers(report: &SimulateReport) {
    println!(
        "\nlearning curve per layer: the suggestions' scores on each stretch of documents \
         (by span alone | with the label):"
    );
    println!(
        "  {:<15} {:>9} {:>6} | {:>5} {:>5} {:>5} | {:<8} {:>5} {:>5} {:>5}",
        "layer", "documents", "gold", "P", "R", "F1", "", "P", "R", "F1"
    );
    for (name, label_name, curve) in layer_curves(report) {
        let mut from = 0;
        for n in milestone_counts(curve.points.len()) {
            let spans = curve.spans_window(from, n);
            let typed = curve.window(from, n);
            let stretch = format!("{}-{n}", from + 1);
            from = n;
            println!(
                "  {name:<15} {stretch:>9} {:>6} | {:>5.3} {:>5.3} {:>5.3} | {label_name:<8} {:>5.3} {:>5.3} {:>5.3}",
                typed.support,
                spans.precision,
                spans.recall,
                spans.f1,
                typed.precision,
                typed.recall,
                typed.f1,
            );
        }
    }
}

fn parse_order(name: &str) -> Result<Order, String> {
    match name {
        "reading" => Ok(Order::Reading),
        "active" => Ok(Order::Active),
        other => Err(format!(
            "unknown order {other:?}: expected reading or active"
        )),
    }
}

/// The milestones of both orders, side by side.
fn print_comparison(report: &SimulateReport, reading: &SimulateReport, order: Order) {
    println!(
        "\n{} order against reading order (cumulative F1, and hand-made mentions so far):",
        order.name()
    );
    println!(
        "  {:>9} {:>9} {:>9} {:>9} {:>9}",
        "documents",
        format!("F1 {}", order.name()),
        "F1 read",
        format!("new {}", order.name()),
        "new read"
    );
    for (this, other) in milestones(report).iter().zip(milestones(reading)) {
        let n = this["documents"].as_u64().unwrap_or_default();
        let created = |r: &SimulateReport| -> usize {
            r.curve
                .points
                .iter()
                .take(usize::try_from(n).unwrap_or(usize::MAX))
                .map(|p| p.created)
                .sum()
        };
        println!(
            "  {n:>9} {:>9.3} {:>9.3} {:>9} {:>9}",
            this["f1"].as_f64().unwrap_or_default(),
            other["f1"].as_f64().unwrap_or_default(),
            created(report),
            created(reading)
        );
    }
}

fn print_curve(report: &SimulateReport, gold: &str, order: Order) {
    println!(
        "replayed {} finished document(s) of {gold} in {} order in {:.2} s",
        report.curve.points.len(),
        order.name(),
        report.seconds
    );
    println!(
        "{:>5} {:<16} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>4} | {:>5} {:>5} {:>5} | {:>6} {:>6} {:>6} {:>6}",
        "doc",
        "id",
        "gold",
        "sugg",
        "acc",
        "corr",
        "rej",
        "new",
        "P",
        "R",
        "F1",
        "Σacc",
        "Σcorr",
        "Σrej",
        "Σnew"
    );
    let (mut accepted, mut corrected, mut rejected, mut created) = (0, 0, 0, 0);
    for p in &report.curve.points {
        accepted += p.accepted;
        corrected += p.corrected;
        rejected += p.rejected;
        created += p.created;
        println!(
            "{:>5} {:<16} {:>5} {:>5} | {:>4} {:>4} {:>4} {:>4} | {:>5.3} {:>5.3} {:>5.3} | {accepted:>6} {corrected:>6} {rejected:>6} {created:>6}",
            p.documents,
            p.id.to_string(),
            p.gold,
            p.suggested,
            p.accepted,
            p.corrected,
            p.rejected,
            p.created,
            p.document.precision,
            p.document.recall,
            p.document.f1,
        );
    }
    println!("\ncumulative scores of the suggestions (typed, exact spans):");
    for m in milestones(report) {
        println!(
            "  after {:>4} document(s): P {:.3}  R {:.3}  F1 {:.3}",
            m["documents"].as_u64().unwrap_or_default(),
            m["precision"].as_f64().unwrap_or_default(),
            m["recall"].as_f64().unwrap_or_default(),
            m["f1"].as_f64().unwrap_or_default()
        );
    }
    if report.curve.cancelled {
        println!("(stopped before the last document)");
    }
}
