//! `attest suggest DIR [--all | --document ID]`: run the suggesters on a
//! project's documents and write their candidates into the annotator's
//! files.
//!
//! Re-running is idempotent: nothing is duplicated, what the annotator
//! accepted, corrected or rejected is left as it is, and a rejected
//! suggestion is not proposed again (see `suggest::merge`). A document
//! whose files cannot be read is reported naming the file, its annotation
//! file is never overwritten, and the rest of the batch goes on.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::model::DocumentId;
use crate::store::Project;
use crate::suggest::{MergeCounts, Suggester, suggest_into};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Every document of the project (the default).
    #[arg(long, conflicts_with = "document")]
    all: bool,
    /// Only this document: its id, the 16 hex digits of its file name.
    #[arg(long, value_name = "ID")]
    document: Option<String>,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let mut project = super::open_for_writing(&args.dir, annotator)?;
    let suggester = Suggester::new(&project.catalogue, &project.file.schema)
        .context("cannot build the suggesters from the project's catalogue and schema")?;
    let ids = chosen_documents(&project, args)?;

    let progress = ProgressBar::new(ids.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let now = jiff::Timestamp::now();
    let mut total = MergeCounts::default();
    let mut changed_documents = 0usize;
    let mut errors = Vec::new();
    for id in &ids {
        progress.inc(1);
        let text = match project.load_text(id) {
            Ok(text) => text,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        // An unreadable annotation file is reported, never replaced.
        let mut set = match project.load_annotations(id, annotator) {
            Ok(set) => set,
            Err(e) => {
                errors.push(e.to_string());
                continue;
            }
        };
        let counts = suggest_into(&mut set, &text, &suggester, now);
        total.mentions_added += counts.mentions_added;
        total.events_added += counts.events_added;
        total.claims_added += counts.claims_added;
        total.rejected_skipped += counts.rejected_skipped;
        if counts.total_added() == 0 {
            continue;
        }
        match project.save_annotations(&set) {
            Ok(_) => changed_documents += 1,
            Err(e) => errors.push(e.to_string()),
        }
    }
    progress.finish_and_clear();
    for error in &errors {
        eprintln!("error: {error}");
    }
    println!(
        "suggested {} mention(s), {} event(s), {} claim(s) in {changed_documents} of {} document(s) for {annotator}; \
         {} rejected suggestion(s) not proposed again; {} error(s): {}",
        total.mentions_added,
        total.events_added,
        total.claims_added,
        ids.len(),
        total.rejected_skipped,
        errors.len(),
        args.dir.display()
    );
    Ok(super::exit_status(&errors))
}

/// The documents named by `--document`, or all of them.
fn chosen_documents(project: &Project, args: &Args) -> anyhow::Result<Vec<DocumentId>> {
    let Some(wanted) = &args.document else {
        return Ok(project.documents().iter().map(|d| d.id.clone()).collect());
    };
    let Some(id) = DocumentId::parse(wanted) else {
        bail!("{wanted:?} is not a document id (16 lowercase hex digits)");
    };
    if project.document_entry(&id).is_none() {
        bail!("no document {id} in {}", args.dir.display());
    }
    Ok(vec![id])
}
