//! `attest export DIR --format F --out FOLDER`: write a gold dataset.
//!
//! The dataset and its `dataset.json` card go into the folder `--out`; what
//! the format cannot hold (overlapping mentions in CoNLL) is listed on
//! stderr, never dropped silently. The exit status is non-zero when a
//! document or annotation file could not be read.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::Bar;
use crate::formats::{self, ExportOptions, Format, Split};
use crate::progress::{CancelFlag, JobControl};
use crate::store::{OpenMode, Project};

/// `--format`'s help: the formats an export writes, from the registry.
fn format_help() -> String {
    format!("Dataset format: {}", Format::names(Format::writable()))
}

/// `--negatives`' help: the formats that keep a status, from the registry.
fn negatives_help() -> String {
    let keeping = Format::writable().filter(|f| f.holds_status());
    format!(
        "Add rejected items as negatives (in {}, which keep a status)",
        Format::names(keeping)
    )
}

/// `--without-overlaps`' help: the formats whose tools refuse overlaps.
fn without_overlaps_help() -> String {
    let refusing = Format::writable().filter(|f| f.refuses_overlaps());
    format!(
        "Leave out spans that overlap others, and the relations that point at them, listing them (in {}, whose tools refuse overlaps)",
        Format::names(refusing)
    )
}

/// `--split` checked as clap parses it, so that a split of four parts or
/// not adding up to 100 is a usage error before anything is read.
fn parse_split(value: &str) -> Result<String, String> {
    Split::parse(value, 0)
        .map(|_| value.to_owned())
        .map_err(|e| e.to_string())
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    #[arg(long, ignore_case = true, hide_possible_values = true, help = format_help())]
    format: Format,
    /// Folder that receives the dataset files and dataset.json.
    #[arg(long)]
    out: PathBuf,
    /// Split documents into train,dev,test percentages, e.g. 80,10,10.
    #[arg(long, value_name = "TRAIN,DEV,TEST", value_parser = parse_split)]
    split: Option<String>,
    /// Seed of the split: the same seed gives the same split.
    #[arg(long, default_value_t = 0, requires = "split")]
    seed: u64,
    /// Add open suggestions to the gold (accepted and corrected) items.
    #[arg(long)]
    include_suggestions: bool,
    #[arg(long, help = negatives_help())]
    negatives: bool,
    #[arg(long, help = without_overlaps_help())]
    without_overlaps: bool,
}

pub fn run(args: &Args, annotator: Option<String>) -> anyhow::Result<ExitCode> {
    let split = args
        .split
        .as_deref()
        .map(|percents| Split::parse(percents, args.seed))
        .transpose()?;
    if args.without_overlaps && !args.format.refuses_overlaps() {
        eprintln!(
            "note: --without-overlaps changes nothing in {}, which holds overlapping spans",
            args.format
        );
    }
    let (mut project, problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    super::warn_problems(&problems);
    let options = ExportOptions {
        format: args.format,
        annotator,
        include_suggestions: args.include_suggestions,
        negatives: args.negatives,
        split,
        without_overlaps: args.without_overlaps,
    };
    let bar = Bar::new();
    let control = JobControl {
        progress: &bar,
        cancel: &CancelFlag::default(),
    };
    let report = formats::export(&mut project, &args.out, &options, control)
        .with_context(|| format!("cannot export {}", args.dir.display()))?;
    drop(bar);
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    for copy in &report.copies {
        eprintln!("warning: {copy}");
    }
    if !report.unwritten.is_empty() {
        eprintln!(
            "warning: {} item(s) that {} cannot hold were not written:",
            report.unwritten.len(),
            args.format
        );
        for item in &report.unwritten {
            eprintln!("  {item}");
        }
    }
    if !report.overlapping.is_empty() {
        eprintln!(
            "warning: {} span(s) overlap others, which {}'s default project refuses (--without-overlaps leaves them out):",
            report.overlapping.len(),
            args.format
        );
        for item in &report.overlapping {
            eprintln!("  {item}");
        }
    }
    if !report.left_empty.is_empty() {
        eprintln!(
            "note: {} field(s) left empty, listed in dataset.json:",
            report.left_empty.len()
        );
        for field in &report.left_empty {
            eprintln!("  {field}");
        }
    }
    if let Some(first) = report.stale.first() {
        eprintln!(
            "warning: {} file(s) in the output folder are not part of this export (an earlier one?), e.g. {}",
            report.stale.len(),
            first.display()
        );
    }
    if report.documents_unreviewed > 0 {
        eprintln!(
            "note: {} document(s) that {} has not reviewed were left out",
            report.documents_unreviewed, report.annotator
        );
    }
    let parts: Vec<String> = report
        .parts
        .iter()
        .map(|p| format!("{} {}", p.name, p.documents))
        .collect();
    println!(
        "exported {} document(s) ({}), {} mention(s), {} event(s), {} claim(s) by {} as {}: {}",
        report.documents,
        parts.join(", "),
        report.mentions,
        report.events,
        report.claims,
        report.annotator,
        args.format,
        args.out.display()
    );
    if super::left_out_status(&problems) != ExitCode::SUCCESS {
        return Ok(ExitCode::FAILURE);
    }
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
    fn an_unknown_format_is_refused_with_every_name_and_help_lists_the_writers() {
        let error = Cli::try_parse_from(["attest", "p", "--format", "spacy", "--out", "o"])
            .err()
            .expect("spacy is not a format")
            .render()
            .to_string();
        for format in Format::ALL {
            assert!(error.contains(format.name()), "{format}: {error}");
        }
        let help = format_help();
        assert_eq!(
            help,
            format!("Dataset format: {}", Format::names(Format::writable()))
        );
        assert!(!help.contains(Format::Prodigy.name()), "{help}");
        assert!(negatives_help().contains("jsonl, brat"));
        assert!(without_overlaps_help().contains("(in doccano,"));
    }
}
