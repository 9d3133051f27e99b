//! `attest new DIR`: create a project.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::store::Project;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder of the new project (created if missing).
    dir: PathBuf,
    /// Project name [default: the folder's name].
    #[arg(long)]
    name: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let name = args.name.clone().unwrap_or_else(|| {
        args.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "project".into())
    });
    Project::create(&args.dir, &name).context("cannot create the project")?;
    println!("created project {name:?} in {}", args.dir.display());
    Ok(ExitCode::SUCCESS)
}
