//! `attest import DIR PATH...`: add articles to a project.
//!
//! Articles go through the core's
//! [`jobs::import_articles`](crate::app::jobs::import_articles): each file
//! is read on its own; a bad one is reported on one line naming it and the
//! rest of the batch goes on. The exit status is non-zero when anything
//! failed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::{Bar, with_bar};
use crate::app::jobs;
use crate::formats::{self, Format, ImportAs, ImportOptions};
use crate::progress::{CancelFlag, JobControl};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Articles: .txt files, .jsonl files (one {"text": …} record a line), or folders of them;
    /// with --format, dataset files or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, ignore_case = true, hide_possible_values = true, help = format_help())]
    format: Option<Format>,
    /// With --format: load the items as gold, or as suggestions to review.
    #[arg(
        long = "as",
        value_name = "gold|suggestions",
        default_value = "gold",
        requires = "format"
    )]
    import_as: ImportAs,
    /// With --format: the suggester named on imported suggestions [default: the format].
    #[arg(long, requires = "format")]
    source: Option<String>,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    if let Some(format) = args.format {
        return run_format(args, format, annotator);
    }
    let mut project = super::open_for_writing(&args.dir, annotator)?;
    let report = with_bar(|control| jobs::import_articles(&mut project, &args.paths, control));
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    if report.stopped {
        eprintln!(
            "note: stopped at the first document that could not be written; the {} added before it stay",
            report.added
        );
    }
    if let Some(first) = report.skipped.first() {
        eprintln!(
            "note: skipped {} file(s) that are not .txt or .jsonl, e.g. {}",
            report.skipped.len(),
            first.display()
        );
    }
    println!(
        "imported {} new document(s), {} already present, {} error(s): {}",
        report.added,
        report.already_present,
        report.problems.len(),
        args.dir.display()
    );
    Ok(super::exit_status(&report.problems))
}

/// `--format`'s help: the formats an import reads, from the registry.
fn format_help() -> String {
    format!(
        "Read annotations in a dataset format instead of articles: {}",
        Format::names(Format::readable())
    )
}

/// `--format F`: annotations from a dataset, merged into the annotator's
/// files; every record or item that cannot be taken is reported with its
/// file and line, and the rest is imported.
fn run_format(args: &Args, format: Format, annotator: &str) -> anyhow::Result<ExitCode> {
    let mut project = super::open_for_writing(&args.dir, annotator)?;
    let options = ImportOptions {
        format,
        import_as: args.import_as,
        annotator: annotator.to_owned(),
        source: args.source.clone(),
    };
    let bar = Bar::new();
    let control = JobControl {
        progress: &bar,
        cancel: &CancelFlag::default(),
    };
    let report = formats::import(&mut project, &args.paths, &options, control)
        .with_context(|| format!("cannot import into {}", args.dir.display()))?;
    drop(bar);
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    if !report.other_annotators.is_empty() {
        let names: Vec<&str> = report.other_annotators.iter().map(String::as_str).collect();
        eprintln!(
            "note: the file names its annotators; their records went to {}",
            names.join(", ")
        );
    }
    for label in &report.labels_added {
        eprintln!("note: added to the schema: {label}");
    }
    if report.rejected_skipped > 0 {
        eprintln!(
            "note: {} rejected item(s) not loaded as suggestions",
            report.rejected_skipped
        );
    }
    println!(
        "imported {} record(s) from {format}: {} new document(s), {} already present; {} item(s) added, {} already there; {} problem(s): {}",
        report.records,
        report.documents_added,
        report.documents_present,
        report.items_added,
        report.items_present,
        report.problems.len(),
        args.dir.display()
    );
    Ok(super::exit_status(&report.problems))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn an_unknown_format_is_refused_with_every_name_of_the_registry() {
        let error = Cli::try_parse_from(["attest", "p", "a.jsonl", "--format", "spacy"])
            .err()
            .expect("spacy is not a format")
            .render()
            .to_string();
        for format in Format::ALL {
            assert!(error.contains(format.name()), "{format}: {error}");
        }
    }

    #[test]
    fn format_names_parse_in_any_case_and_help_lists_the_readers() {
        let cli = Cli::try_parse_from(["attest", "p", "a.json", "--format", "Label_Studio"])
            .expect("an alias in another case");
        assert_eq!(cli.args.format, Some(Format::LabelStudio));
        let help = format_help();
        for format in Format::readable() {
            assert!(help.contains(format.name()), "{help}");
        }
    }
}
