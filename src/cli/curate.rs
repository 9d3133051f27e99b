//! `attest curate DIR [--threshold SHARE] [--annotators A,B,…]`: merge into
//! the gold annotator's files, over the whole project, what the annotators
//! agree on — every place all of them agree on, and every place at least
//! SHARE of them do — then list the documents left for the curator, most
//! disagreements first. The core's [`jobs::curate`] with a progress bar.

use std::path::PathBuf;
use std::process::ExitCode;

use super::progress::with_bar;
use crate::app::jobs::{self, CurateOptions};
use crate::quality::adjudication::GOLD_ANNOTATOR;

/// How many of the documents left open are listed.
const LISTED: usize = 10;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// The share of annotators (0 to 1) who must hold the same version at a
    /// place for it to be merged: 1 takes only what all agree on, 0.66 what
    /// two of three do.
    #[arg(long, value_name = "SHARE", default_value = "1", value_parser = super::parse_share)]
    threshold: f64,
    /// The annotators compared (comma-separated); every one but gold by default.
    #[arg(long, value_name = "A,B,…", value_delimiter = ',')]
    annotators: Vec<String>,
}

pub fn run(args: &Args, curator: &str) -> anyhow::Result<ExitCode> {
    let (mut project, unreadable) = super::open_for_writing_with_problems(&args.dir, curator)?;
    let known = project.annotators();
    let unknown: Vec<&String> = args
        .annotators
        .iter()
        .filter(|a| !known.contains(a) || *a == GOLD_ANNOTATOR)
        .collect();
    if !unknown.is_empty() {
        let others: Vec<&String> = known.iter().filter(|a| *a != GOLD_ANNOTATOR).collect();
        return Err(super::UsageError(format!(
            "no annotator {} in {} to compare (annotators: {})",
            unknown
                .iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            args.dir.display(),
            others
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into());
    }
    let options = CurateOptions {
        annotators: args.annotators.clone(),
        threshold: args.threshold,
        curator: curator.to_owned(),
    };
    let report = with_bar(|control| jobs::curate(&mut project, &options, control))?;
    println!(
        "curated {} document(s) with two or more annotators: {} place(s) all agree on, {} merged at a share of at least {}, {} disagreement(s) left in {} document(s); wrote {} gold file(s)",
        report.documents,
        report.agreed,
        report.merged,
        args.threshold,
        report.undecided,
        report.open.len(),
        report.written,
    );
    for (id, undecided) in report.open.iter().take(LISTED) {
        let title = project
            .document_entry(id)
            .and_then(|d| d.title.as_deref())
            .unwrap_or_default();
        println!("{undecided}\t{id}\t{title}");
    }
    if report.open.len() > LISTED {
        println!("… and {} more document(s)", report.open.len() - LISTED);
    }
    if report.cancelled {
        eprintln!("note: stopped before the last document");
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::left_out_status(&unreadable))
}
