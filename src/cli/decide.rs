//! `attest decide DIR --accept|--reject [--source NAME] [--label L]
//! [--min-score X] [--document ID]`: batch decisions over the annotator's
//! open suggestions — the core's [`jobs::decide`](crate::app::jobs::decide)
//! with a progress bar, then how many were decided per label.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;

use super::progress::with_bar;
use crate::app::jobs;
use crate::model::{DocumentId, Status};

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["accept", "reject"])))]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Accept the chosen suggestions (and the mentions their events and claims name).
    #[arg(long)]
    accept: bool,
    /// Reject the chosen suggestions.
    #[arg(long)]
    reject: bool,
    /// Only this suggester's candidates (the name a suggestion shows).
    #[arg(long, value_name = "NAME")]
    source: Option<String>,
    /// Only this mention label, event type or claim stance.
    #[arg(long, value_name = "L")]
    label: Option<String>,
    /// Only candidates scored at least X.
    #[arg(long, value_name = "X", value_parser = super::parse_score)]
    min_score: Option<f32>,
    /// Only this document: its id, the 16 hex digits of its file name.
    #[arg(long, value_name = "ID")]
    document: Option<String>,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let (mut project, unreadable) = super::open_for_writing_with_problems(&args.dir, annotator)?;
    let ids = match &args.document {
        None => project.documents().iter().map(|d| d.id.clone()).collect(),
        Some(wanted) => {
            let Some(id) = DocumentId::parse(wanted) else {
                bail!("{wanted:?} is not a document id (16 lowercase hex digits)");
            };
            if project.document_entry(&id).is_none() {
                bail!("no document {id} in {}", args.dir.display());
            }
            vec![id]
        }
    };
    let filter = jobs::DecideFilter {
        decision: if args.accept {
            Status::Accepted
        } else {
            Status::Rejected
        },
        source: args.source.clone(),
        label: args.label.clone(),
        min_score: args.min_score,
    };
    // A misspelt name would select nothing and report success.
    jobs::check_filter(&project, annotator, &filter, &ids).map_err(super::UsageError)?;
    let report = with_bar(|control| jobs::decide(&mut project, annotator, &filter, &ids, control));
    for error in &report.problems {
        eprintln!("error: {error}");
    }
    let verb = if args.accept { "accepted" } else { "rejected" };
    for (label, count) in &report.by_label {
        println!("{label}\t{count}");
    }
    println!(
        "{verb} {} suggestion(s) in {} of {} document(s) for {annotator}{}; {} error(s): {}",
        report.decided(),
        report.saved,
        report.documents,
        if report.also_accepted > 0 {
            format!(
                " (and {} mention(s) their events and claims name)",
                report.also_accepted
            )
        } else {
            String::new()
        },
        report.problems.len(),
        args.dir.display()
    );
    if report.stopped {
        eprintln!(
            "note: stopped at the first file that could not be written; it and the files after it are as they were"
        );
    }
    if super::left_out_status(&unreadable) != ExitCode::SUCCESS {
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::exit_status(&report.problems))
}
