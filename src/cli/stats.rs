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
        print_table("mentions", &a.mentions);
        print_table("events", &a.events);
        print_table("claims", &a.claims);
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
