//! `attest finish DIR --document ID [--undo]`: mark a document's annotation
//! complete for the annotator (or take the mark back) — the core's
//! [`jobs::finish`](crate::app::jobs::finish). Training learns from
//! finished documents only.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::app::jobs;
use crate::model::DocumentId;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// The document: its id, the 16 hex digits of its file name.
    #[arg(long, value_name = "ID")]
    document: String,
    /// Mark the document unfinished again.
    #[arg(long)]
    undo: bool,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let Some(id) = DocumentId::parse(&args.document) else {
        bail!(
            "{:?} is not a document id (16 lowercase hex digits)",
            args.document
        );
    };
    let mut project = super::open_for_writing(&args.dir, annotator)?;
    let report = jobs::finish(&mut project, annotator, &id, !args.undo)
        .with_context(|| format!("cannot mark document {id}"))?;
    let state = if report.finished {
        "finished"
    } else {
        "unfinished"
    };
    let already = if report.changed { "" } else { " (already)" };
    println!(
        "document {id} {state}{already} for {annotator}: {} gold mention(s), {} open suggestion(s)",
        report.gold_mentions, report.open_suggestions
    );
    if report.finished && report.open_suggestions > 0 {
        eprintln!(
            "note: {} suggestion(s) are still open; training ignores them (neither gold nor rejected)",
            report.open_suggestions
        );
    }
    Ok(ExitCode::SUCCESS)
}
