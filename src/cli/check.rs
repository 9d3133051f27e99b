//! `attest check DIR`: validate every file of a project, reporting each
//! problem as `path:line: message`; non-zero exit on any problem.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::store::{OpenMode, Project};

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
    if problems.is_empty() {
        println!(
            "ok: {} document(s), annotators: {}",
            project.documents().len(),
            project.annotators().join(", ")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{} problem(s) found", problems.len());
        Ok(ExitCode::FAILURE)
    }
}
