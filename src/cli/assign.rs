//! `attest assign DIR --annotators ana,ben,chloe [--overlap 0.1] [--seed N]`:
//! gives each annotator a list of the project's documents, a share of them
//! to two annotators so that agreement can be measured — the model's
//! [`Assignments::assign`](crate::model::Assignments::assign), saved in
//! `assignments.ron`. Run again after an import, it deals out only the new
//! documents.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::app::jobs;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// The annotators, comma-separated.
    #[arg(long, value_name = "NAMES", value_delimiter = ',', required = true)]
    annotators: Vec<String>,
    /// The share of documents given to two annotators, for agreement (0 to 1).
    #[arg(long, value_name = "SHARE", default_value = "0.1", value_parser = super::parse_share)]
    overlap: f64,
    /// Draws which documents are shared; the same seed, the same draw.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    let project = super::open_for_writing(&args.dir, annotator)?;
    let (done, assignments) = jobs::assign(&project, &args.annotators, args.overlap, args.seed)?;
    println!(
        "assigned {} new document(s): {} to one annotator, {} to two (for agreement); {} kept as they were: {}",
        done.single + done.shared,
        done.single,
        done.shared,
        done.kept,
        args.dir.join(crate::store::ASSIGNMENTS_FILE).display()
    );
    for (name, list) in &assignments.annotators {
        println!("{name}\t{}", list.len());
    }
    Ok(ExitCode::SUCCESS)
}
