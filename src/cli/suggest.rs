//! `attest suggest DIR [--all | --document ID] [--no-learned]`: run the
//! suggesters, and the models `attest train` saved, on a
//! project's documents and write their candidates into the annotator's
//! files — the core's [`jobs::suggest`](crate::app::jobs::suggest), driven
//! with a progress bar and its report printed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use super::progress::with_bar;
use crate::app::jobs;
use crate::model::DocumentId;
use crate::store::Project;
use crate::suggest::Suggester;

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
    /// Rules only: leave out the models `attest train` saved.
    #[arg(long)]
    no_learned: bool,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let (mut project, unreadable) = super::open_for_writing_with_problems(&args.dir, annotator)?;
    let suggester = Suggester::new(&project.catalogue, &project.file.schema)
        .context("cannot build the suggesters from the project's catalogue and schema")?;
    let ids = chosen_documents(&project, args)?;
    let loaded = (!args.no_learned).then(|| jobs::load_models(&project));
    for note in loaded.iter().flat_map(|l| &l.notes) {
        eprintln!("note: {note}");
    }
    let recommenders = jobs::Recommenders {
        rules: &suggester,
        learned: loaded.as_ref().and_then(|l| l.models.as_ref()),
    };
    let report =
        with_bar(|control| jobs::suggest(&mut project, annotator, recommenders, &ids, control));
    for error in &report.problems {
        eprintln!("error: {error}");
    }
    let total = report.counts;
    println!(
        "suggested {} mention(s), {} event(s), {} claim(s) in {} of {} document(s) for {annotator}; \
         {} rejected suggestion(s) not proposed again; {} error(s): {}",
        total.mentions_added,
        total.events_added,
        total.claims_added,
        report.saved.len(),
        report.documents,
        total.rejected_skipped,
        report.problems.len(),
        args.dir.display()
    );
    if report.stopped {
        eprintln!(
            "note: stopped at the first file that could not be written; what was saved before it stays"
        );
    }
    if super::left_out_status(&unreadable) != ExitCode::SUCCESS {
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::exit_status(&report.problems))
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
