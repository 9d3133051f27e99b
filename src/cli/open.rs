//! `attest open [DIR]` (and plain `attest`): start the GUI.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder [default: projects/sahel-demo if present, else the last project].
    pub dir: Option<PathBuf>,
}

#[cfg(feature = "gui")]
pub fn run(args: Args, annotator: Option<String>) -> anyhow::Result<ExitCode> {
    let annotator = match annotator {
        Some(name) => Some(super::resolve_annotator(Some(name))?),
        None => None,
    };
    crate::ui::run(crate::ui::Launch {
        project: args.dir,
        annotator,
        fallback_annotator: super::resolve_annotator(None)?,
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
pub fn run(_args: Args, _annotator: Option<String>) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build of Attest has no GUI (built without the `gui` feature); see `attest --help` for the commands"
    )
}
