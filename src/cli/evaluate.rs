//! `attest evaluate DIR --gold NAME --system NAME [--json]`: an extractor
//! measured against an annotator's gold.
//!
//! The system is an annotator when one has that name (its gold and open
//! suggestions are its predictions, as after `import --as suggestions
//! --annotator NAME`); otherwise it is an imported source or suggester
//! inside the gold annotator's files (everything it proposed, whatever was
//! decided since).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::model::{AnnotationSet, DocumentId};
use crate::review::agreement::split_shared;
use crate::review::evaluate::EvaluatedDocument;
use crate::review::{Selection, evaluate};
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
    let (mut project, mut problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    let annotators = project.annotators();
    if !annotators.contains(&args.gold) {
        bail!(
            "no annotator named {:?} (annotators: {}): {}",
            args.gold,
            annotators.join(", "),
            args.dir.display()
        );
    }
    let gold_sets = super::load_annotator_sets(&mut project, &args.gold, &mut problems);
    let system_is_annotator = annotators.contains(&args.system) && args.system != args.gold;
    let (system_sets, system_selection, system_kind) = if system_is_annotator {
        let sets = super::load_annotator_sets(&mut project, &args.system, &mut problems);
        (
            sets,
            Selection::Predictions,
            "an annotator: its gold and open suggestions",
        )
    } else {
        let selection = Selection::ProposedBy(args.system.clone());
        let proposes_anything = gold_sets
            .values()
            .any(|set| !selection.mentions(set).is_empty() || !selection.claims(set).is_empty());
        if !proposes_anything {
            bail!(
                "{:?} is neither an annotator nor a source of any item in {:?}'s files: {}",
                args.system,
                args.gold,
                args.dir.display()
            );
        }
        eprintln!(
            "note: {:?} is read as a source in {:?}'s files; where it was imported after the same \
             gold item its prediction left no trace (import a system with --annotator to measure it exactly)",
            args.system, args.gold
        );
        (
            gold_sets.clone(),
            selection,
            "a source in the gold annotator's files: all it proposed",
        )
    };
    let (shared, not_shared) = split_shared((&args.gold, &gold_sets), (&args.system, &system_sets));
    let mut texts: BTreeMap<DocumentId, String> = BTreeMap::new();
    let mut pairs: Vec<(&AnnotationSet, &AnnotationSet)> = Vec::new();
    for (gold, system) in shared {
        match project.load_text(&gold.document) {
            Ok(text) => {
                texts.insert(gold.document.clone(), text);
                pairs.push((gold, system));
            }
            Err(e) => problems.push(e.into()),
        }
    }
    let documents: Vec<EvaluatedDocument<'_>> = pairs
        .iter()
        .filter_map(|(gold, system)| {
            Some(EvaluatedDocument {
                text: texts.get(&gold.document)?,
                gold,
                system,
            })
        })
        .collect();
    let evaluation = evaluate(&documents, &Selection::Gold, &system_selection);
    super::warn_problems(&problems);
    if args.json {
        let json = serde_json::json!({
            "gold": args.gold,
            "system": args.system,
            "system_kind": if system_is_annotator { "annotator" } else { "source" },
            "documents": documents.len(),
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
        args.system,
        args.gold,
        documents.len()
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
