//! `attest evaluate-acled CSV [--project DIR] [--json] [--misses]`: the
//! ACLED export measured on notes a conflict-data project coded — the
//! core's [`score_notes`], driven with a progress bar and printed as a
//! table (or JSON).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;

use super::progress::with_bar;
use crate::engine::Engine;
use crate::formats::acled::notes::{Field, NotesScore, read_coded_notes, score_notes};
use crate::model::{Catalogue, Schema};
use crate::store::{OpenMode, Project};
use crate::suggest::Rules;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// An ACLED-style CSV with a `notes` column and the coded fields
    /// (`event_type`, `sub_event_type`, `actor1`, `actor2`, `admin1`,
    /// `location`, `event_date`, `fatalities`).
    csv: PathBuf,
    /// Suggest with this project's schema, catalogue and learned models
    /// instead of the shipped rules (the project is only read).
    #[arg(long, value_name = "DIR")]
    project: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also list each note whose best row misses a field, with what it got.
    #[arg(long)]
    misses: bool,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let bytes =
        std::fs::read(&args.csv).with_context(|| format!("cannot read {}", args.csv.display()))?;
    let (notes, problems) = read_coded_notes(&bytes)
        .with_context(|| format!("cannot read coded notes from {}", args.csv.display()))?;
    for problem in &problems {
        eprintln!(
            "warning: {}:{}: {}",
            args.csv.display(),
            problem.line,
            problem.message
        );
    }
    let (schema, catalogue, models) = match &args.project {
        Some(dir) => {
            let (project, unreadable) =
                Project::open(dir, OpenMode::ReadOnly).context("cannot open the project")?;
            super::warn_problems(&unreadable);
            let loaded = crate::engine::load_models(&project);
            for note in &loaded.notes {
                eprintln!("note: {note}");
            }
            (
                project.file.schema.clone(),
                project.catalogue.clone(),
                loaded.models.map(Arc::new),
            )
        }
        None => (Schema::conflict_default(), Catalogue::sahel_default(), None),
    };
    let rules = Rules::new(&catalogue, &schema)
        .context("cannot build the suggesters from the catalogue and schema")?;
    let engine = Engine::new(rules, models);
    let score =
        with_bar(|control| score_notes(&notes, &|text| engine.suggest(text), &catalogue, control));
    if args.json {
        let fields: serde_json::Map<String, serde_json::Value> = score
            .fields
            .iter()
            .map(|(field, s)| {
                (
                    field.column().to_owned(),
                    serde_json::json!({
                        "first": score.rate(s.first),
                        "best": score.rate(s.best),
                    }),
                )
            })
            .collect();
        let mut json = serde_json::json!({
            "notes": score.notes,
            "rows": score.rows,
            "rows_per_note": rows_per_note(&score),
            "without_row": score.without_row,
            "row_exact": { "first": score.rate(score.exact_first), "best": score.rate(score.exact_best) },
            "fields": fields,
            "skipped_rows": problems.len(),
            "cancelled": score.cancelled,
        });
        if args.misses {
            json["outcomes"] = serde_json::to_value(&score.outcomes)?;
        }
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", table(&score));
    if args.misses {
        print_misses(&score, &notes);
    }
    Ok(ExitCode::SUCCESS)
}

fn rows_per_note(score: &NotesScore) -> f64 {
    if score.notes == 0 {
        0.0
    } else {
        score.rows as f64 / score.notes as f64
    }
}

/// The per-field table and the note counts.
fn table(score: &NotesScore) -> String {
    let mut out = format!(
        "{} note(s), {} row(s) ({:.2} per note), {} note(s) without a row ({:.1} %)\n\n",
        score.notes,
        score.rows,
        rows_per_note(score),
        score.without_row,
        100.0 * score.rate(score.without_row)
    );
    out.push_str(&format!(
        "{:<16} {:>9} {:>9}\n",
        "field", "best row", "first row"
    ));
    for (field, s) in &score.fields {
        out.push_str(&format!(
            "{:<16} {:>9.3} {:>9.3}\n",
            field.column(),
            score.rate(s.best),
            score.rate(s.first)
        ));
    }
    out.push_str(&format!(
        "{:<16} {:>9.3} {:>9.3}\n",
        "row exact",
        score.rate(score.exact_best),
        score.rate(score.exact_first)
    ));
    if score.cancelled {
        out.push_str("cancelled: the counts cover the notes measured before the stop\n");
    }
    out
}

/// Each note whose best row misses a field: the coding beside what the row says.
fn print_misses(score: &NotesScore, notes: &[crate::formats::acled::notes::CodedNote]) {
    for (outcome, note) in score.outcomes.iter().zip(notes) {
        let missed: Vec<Field> = Field::ALL
            .iter()
            .copied()
            .filter(|f| outcome.best_right.get(f) != Some(&true))
            .collect();
        if missed.is_empty() {
            continue;
        }
        println!("\n{} ({} row(s)): {}", outcome.id, outcome.rows, note.notes);
        for field in missed {
            println!(
                "  {:<15} coded {:?}, got {:?}",
                field.column(),
                note.coding.get(&field).map_or("", String::as_str),
                outcome.best_row.get(&field).map_or("", String::as_str)
            );
        }
    }
}
