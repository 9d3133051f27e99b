//! `attest check DIR`: validate every file of a project, reporting each
//! problem as `path:line: message`; non-zero exit on any problem.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::model::FORMAT_VERSION;
use crate::store::{OpenMode, Project, git};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (mut project, mut problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    problems.extend(project.check());
    for problem in &problems {
        println!("{problem}");
    }
    let version = project.file.format_version;
    if version < FORMAT_VERSION {
        println!(
            "note: format version {version}: files are rewritten in format {FORMAT_VERSION} as they \
             are saved; `attest migrate {}` rewrites them all at once",
            args.dir.display()
        );
    }
    if !args.dir.join(git::ATTRIBUTES_FILE).exists() {
        println!(
            "note: no {}: if the project is shared with git, `attest migrate {}` writes one, so \
             that git never converts a text's line endings (its id is the hash of its bytes)",
            git::ATTRIBUTES_FILE,
            args.dir.display()
        );
    }
    if problems.is_empty() {
        println!(
            "ok: format version {version}, {} document(s), annotators: {}",
            project.documents().len(),
            project.annotators().join(", ")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", problems.len());
        Ok(ExitCode::FAILURE)
    }
}
