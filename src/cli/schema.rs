//! `attest schema rename-label DIR OLD NEW`: rename an entity label in the
//! project's schema and in every annotation file (every annotator, the
//! gold, imported suggestions), all or nothing — the core's
//! [`jobs::rename_label`](crate::app::jobs::rename_label), the same job as
//! the GUI's project settings.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::app::jobs;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    command: SchemaCommand,
}

#[derive(clap::Subcommand, Debug)]
enum SchemaCommand {
    /// Rename an entity label everywhere in the project; refused (nothing changed) if NEW exists or a file cannot be read.
    RenameLabel {
        /// Project folder.
        dir: PathBuf,
        /// The label's current name.
        old: String,
        /// Its new name.
        new: String,
    },
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    match &args.command {
        SchemaCommand::RenameLabel { dir, old, new } => {
            let mut project = super::open_for_writing(dir, annotator)?;
            let report = super::progress::with_bar(|control| {
                jobs::rename_label(&mut project, old, new, control)
            })
            .with_context(|| format!("cannot rename {old:?} to {new:?}"))?;
            println!(
                "renamed {old} to {new}: {} item(s) in {} file(s) of {} document(s)",
                report.changed.renamed, report.files_written, report.documents
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
