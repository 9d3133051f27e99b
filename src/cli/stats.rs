//! `attest stats DIR [--json]`: documents, and per annotator the mentions
//! by label and status, events by type and claims by stance — the core's
//! [`jobs::statistics`](crate::app::jobs::statistics), printed. A file
//! that could not be read is named and makes the exit status non-zero: the
//! counts leave it out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::with_bar;
use crate::app::jobs;
use crate::model::StatusKind;
use crate::stats::{CountTable, ProjectStats};
use crate::store::{OpenMode, Project};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (project, mut problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    let report = with_bar(|control| jobs::statistics(&project, control));
    problems.extend(report.problems);
    let stats = report.stats;
    super::warn_problems(&problems);
    if args.json {
        let json = serde_json::json!({
            "stats": stats,
            "problems": problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print_tables(&stats);
    }
    Ok(super::left_out_status(&problems))
}

fn print_tables(stats: &ProjectStats) {
    let languages: Vec<String> = stats
        .languages
        .iter()
        .map(|(lang, n)| format!("{lang} {n}"))
        .collect();
    println!(
        "project {:?}: {} document(s) ({})",
        stats.project,
        stats.documents,
        languages.join(", ")
    );
    if stats.annotators.is_empty() {
        println!("no annotations yet");
    }
    for (annotator, a) in &stats.annotators {
        let progress: Vec<String> = a
            .documents_by_progress
            .iter()
            .map(|(p, n)| format!("{} {n}", p.name()))
            .collect();
        println!(
            "\nannotator {annotator}: {} document(s) annotated ({})",
            a.documents_annotated,
            progress.join(", ")
        );
        if a.assigned > 0 {
            println!(
                "  assigned {} document(s), {} finished ({:.0} %)",
                a.assigned,
                a.assigned_finished,
                100.0 * a.assigned_finished as f64 / a.assigned as f64
            );
        }
        if let Some(per_hour) = a.decisions_per_hour(&a.totals) {
            println!(
                "  time spent {}, {per_hour:.0} decision(s) per hour",
                duration(a.active_seconds)
            );
            for (title, table) in [
                ("mentions", &a.mentions),
                ("events", &a.events),
                ("claims", &a.claims),
            ] {
                let rates: Vec<String> = table
                    .iter()
                    .filter_map(|(name, counts)| {
                        let rate = a.decisions_per_hour(counts)?;
                        (rate > 0.0).then(|| format!("{name} {rate:.0}"))
                    })
                    .collect();
                if !rates.is_empty() {
                    println!("  {title} decided per hour: {}", rates.join(", "));
                }
            }
        }
        print_table("mentions", &a.mentions);
        print_table("events", &a.events);
        print_table("claims", &a.claims);
    }
}

/// `1 h 05 min`, `12 min 30 s`, `45 s`.
fn duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s} s"),
        (0, _) => format!("{m} min {s:02} s"),
        _ => format!("{h} h {m:02} min"),
    }
}

fn print_table(title: &str, table: &CountTable) {
    if table.is_empty() {
        return;
    }
    let width = table
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(title.len());
    print!("  {title:<width$}");
    for status in StatusKind::ALL {
        print!(" {:>9}", status.name());
    }
    println!();
    for (name, counts) in table {
        print!("  {name:<width$}");
        for status in StatusKind::ALL {
            print!(" {:>9}", counts.get(&status).copied().unwrap_or(0));
        }
        println!();
    }
}
