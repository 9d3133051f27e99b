//! `attest agree DIR A B [C…] [--json]`: inter-annotator agreement on the
//! documents each pair shares, pairwise for more than two annotators.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::progress::with_bar;
use crate::app::jobs;
use crate::quality::Selection;
use crate::store::{OpenMode, Project};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    dir: PathBuf,
    /// Two or more annotators; the first of each pair is the reference for precision and recall.
    #[arg(required = true, num_args = 2..)]
    annotators: Vec<String>,
    /// Count open suggestions too, not only accepted and corrected items.
    #[arg(long)]
    include_suggestions: bool,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (project, mut problems) =
        Project::open(&args.dir, OpenMode::ReadOnly).context("cannot open the project")?;
    let selection = if args.include_suggestions {
        Selection::Predictions
    } else {
        Selection::Gold
    };
    let report =
        with_bar(|control| jobs::agreement(&project, &args.annotators, &selection, control))
            .with_context(|| format!("cannot compare: {}", args.dir.display()))?;
    problems.extend(report.problems);
    let agreement = report.agreement;
    super::warn_problems(&problems);
    if args.json {
        /// Written as it is serialised: the per-document figures are read
        /// back from their temporary file, never held whole.
        #[derive(serde::Serialize)]
        struct Output<'a> {
            agreement: &'a crate::quality::Agreement,
            problems: Vec<String>,
        }
        let output = Output {
            agreement: &agreement,
            problems: problems.iter().map(ToString::to_string).collect(),
        };
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        serde_json::to_writer_pretty(&mut out, &output)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    print_alpha(&agreement)?;
    for pair in &agreement.pairs {
        println!();
        println!(
            "{} (reference) and {}: {} shared document(s)",
            pair.reference, pair.prediction, pair.overall.documents
        );
        for n in &pair.not_shared {
            println!(
                "  not shared, excluded: {} (only {})",
                n.document.as_str(),
                n.only
            );
        }
        print!(
            "{}",
            super::review_tables::scores_table(&pair.overall, &pair.reference, &pair.prediction)
        );
        println!("  per document (exact F1%, overlap F1%, kappa):");
        for entry in pair.per_document.iter() {
            let (id, doc) = entry.context("cannot read back the per-document figures")?;
            let kappa = doc
                .kappa
                .map_or_else(|| "n/a".to_owned(), |k| format!("{k:.3}"));
            println!(
                "    {} {:>6.1} {:>6.1} {kappa:>6}",
                id.as_str(),
                doc.exact.f1() * 100.0,
                doc.overlap.f1() * 100.0
            );
        }
        println!(
            "  confusion (same span; {} by row, {} by column):",
            pair.reference, pair.prediction
        );
        print!(
            "{}",
            super::review_tables::confusion_table(
                &pair.overall.confusion,
                &format!("{} \\ {}", pair.reference, pair.prediction)
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Krippendorff's alpha of all the annotators together: overall, per label,
/// and the documents with the lowest first (where a curator starts).
fn print_alpha(agreement: &crate::quality::Agreement) -> anyhow::Result<()> {
    const WORST: usize = 20;
    let alpha = &agreement.alpha;
    let shown = |a: Option<f64>| a.map_or_else(|| "n/a".to_owned(), |a| format!("{a:.3}"));
    println!(
        "Krippendorff's alpha, {} annotator(s) (nominal, on aligned units: each span anyone \
         marked, valued by its label or none): {}",
        agreement.annotators.len(),
        shown(alpha.overall)
    );
    for (label, a) in &alpha.per_label {
        println!("  {label:<20} {}", shown(*a));
    }
    if !alpha.per_document.is_empty() {
        println!(
            "  documents by alpha, lowest first ({} of {}; units):",
            alpha.per_document.len().min(WORST),
            alpha.per_document.len()
        );
        for document in alpha.per_document.iter().take(WORST) {
            let document = document.context("cannot read back the per-document figures")?;
            println!(
                "    {} {:>6} {:>5}",
                document.document.as_str(),
                shown(document.alpha),
                document.units
            );
        }
    }
    Ok(())
}
