//! `attest migrate DIR`: rewrite a project written by an older Attest in
//! this version's format — `project.ron` marked with the new version, then
//! every annotation file rewritten (format 2: compact). Without it the same
//! happens file by file as files are saved. Files that cannot be read are
//! named and left as they are; the exit status is then non-zero.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::model::FORMAT_VERSION;
use crate::store::git;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let (mut project, unreadable) = super::open_for_writing_with_problems(&args.dir, annotator)?;
    let from = project.file.format_version;
    if from < FORMAT_VERSION {
        eprintln!(
            "note: an older Attest cannot open the project once it is migrated; keep a copy \
             (or commit it to git) first if one still needs it"
        );
    }
    let (rewritten, problems) = project.migrate();
    if git::ensure_attributes(&args.dir)? {
        println!(
            "wrote {}: git keeps the texts' line endings as they are",
            args.dir.join(git::ATTRIBUTES_FILE).display()
        );
    }
    for problem in &problems {
        eprintln!("error: {problem}");
    }
    println!(
        "format version {from} → {}: {rewritten} annotation file(s) rewritten, {} left as they were: {}",
        project.file.format_version,
        problems.len(),
        args.dir.display()
    );
    if super::left_out_status(&unreadable) != ExitCode::SUCCESS {
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::exit_status(&problems))
}
