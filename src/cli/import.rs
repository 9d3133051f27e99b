//! `attest import DIR PATH...`: add articles to a project.
//!
//! Each file is read on its own; a bad one is reported on one line naming
//! it and the rest of the batch goes on. The exit status is non-zero when
//! anything failed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use super::progress::Bar;
use crate::formats::{self, Format, ImportAs, ImportOptions};
use crate::ingest::{self, ImportLimits};
use crate::progress::{CancelFlag, JobControl};
use crate::store::Added;

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
    let limits = ImportLimits {
        max_document_bytes: project.file.settings.max_document_bytes,
    };
    let (files, skipped, collect_errors) = ingest::collect_files(&args.paths);
    let mut errors: Vec<String> = collect_errors.iter().map(ToString::to_string).collect();
    let progress = ProgressBar::new(files.len() as u64).with_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut added, mut present) = (0usize, 0usize);
    for file in &files {
        progress.set_message(ingest_name(file));
        let (documents, file_errors) = ingest::read_file(file, limits);
        errors.extend(file_errors.iter().map(ToString::to_string));
        for document in documents {
            match project.add_document(document) {
                Ok(Added::New(_)) => added += 1,
                Ok(Added::AlreadyPresent(_)) => present += 1,
                Err(e) => errors.push(e.to_string()),
            }
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
    for error in &errors {
        eprintln!("error: {error}");
    }
    if !skipped.is_empty() {
        eprintln!(
            "note: skipped {} file(s) that are not .txt or .jsonl, e.g. {}",
            skipped.len(),
            skipped[0].display()
        );
    }
    println!(
        "imported {added} new document(s), {present} already present, {} error(s): {}",
        errors.len(),
        args.dir.display()
    );
    Ok(super::exit_status(&errors))
}

/// `--format`'s help: the formats an import reads, from the registry.
fn format_help() -> String {
    format!(
        "Read annotations in a dataset format instead of articles: {}",
        Format::names(Format::readable())
    )
}

fn ingest_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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
