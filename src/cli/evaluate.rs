//! `attest evaluate DIR --gold NAME --system NAME [--json]`: an extractor
//! measured against an annotator's gold.
//!
//! The system is an annotator when one has that name (its gold and open
//! suggestions are its predictions, as after `import --as suggestions
//! --annotator NAME`); otherwise it is an imported source or suggester
//! inside the gold annotator's files (everything it proposed, whatever was
//! decided since).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::with_bar;
use crate::app::jobs;
use crate::store::{OpenMode, Project};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// The annotator whose accepted and corrected items are the reference.
    #[arg(long)]
    gold: String,
    /// An annotator, or an imported source (`import --source NAME`) in the gold annotator's files.
    #[arg(long)]
    system: String,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (project, mut problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    let measured =
        with_bar(|control| jobs::evaluation(&project, &args.gold, &args.system, control))
            .with_context(|| format!("cannot evaluate: {}", args.dir.display()))?;
    let system_is_annotator = measured.system_is_annotator;
    let system_kind = if system_is_annotator {
        "an annotator: its gold and open suggestions"
    } else {
        eprintln!(
            "note: {:?} is read as a source in {:?}'s files; where it was imported after the same \
             gold item its prediction left no trace (import a system with --annotator to measure it exactly)",
            args.system, args.gold
        );
        "a source in the gold annotator's files: all it proposed"
    };
    problems.extend(measured.problems);
    let not_shared = measured.not_shared;
    let evaluation = measured.evaluation;
    let documents = measured.documents;
    super::warn_problems(&problems);
    if args.json {
        let json = serde_json::json!({
            "gold": args.gold,
            "system": args.system,
            "system_kind": if system_is_annotator { "annotator" } else { "source" },
            "documents": documents,
            "not_shared": not_shared,
            "scores": evaluation.scores,
            "errors": evaluation.errors,
            "problems": problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "system {:?} ({system_kind}) against gold {:?}: {} shared document(s)",
        args.system, args.gold, documents
    );
    for n in &not_shared {
        println!(
            "  not shared, excluded: {} (only {})",
            n.document.as_str(),
            n.only
        );
    }
    println!();
    print!(
        "{}",
        super::review_tables::scores_table(&evaluation.scores, &args.gold, &args.system)
    );
    println!("\nconfusion (same span; gold label by row, system label by column):");
    print!(
        "{}",
        super::review_tables::confusion_table(&evaluation.scores.confusion, "gold \\ system")
    );
    println!(
        "\n{} error(s) (exact match; offsets: bytes, then code points):",
        evaluation.errors.len()
    );
    for e in &evaluation.errors {
        let chars = match (e.start_char, e.end_char) {
            (Some(s), Some(end)) => format!("{s}..{end}"),
            _ => "?".to_owned(),
        };
        println!(
            "  {:<14} {} bytes {}..{} chars {chars} {} {:?}",
            e.kind.name(),
            e.document.as_str(),
            e.start_byte,
            e.end_byte,
            e.label,
            e.text
        );
    }
    Ok(ExitCode::SUCCESS)
}
