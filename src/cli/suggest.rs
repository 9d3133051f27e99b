//! `attest suggest DIR [--all | --document ID] [--no-learned]`: run the
//! suggesters, and the models `attest train` saved, on a
//! project's documents and write their candidates into the annotator's
//! files — the core's [`jobs::suggest`](crate::app::jobs::suggest), driven
//! with a progress bar and its report printed.
//!
//! `attest suggest --jsonl IN --out OUT [--project DIR [--no-learned]]`: the
//! pipeline mode, no project needed — Attest JSONL records streamed through
//! the rule suggesters, or a project's rules and learned models
//! ([`jobs::suggest_stream`](crate::app::jobs::suggest_stream)), `-` for
//! stdin or stdout; each bad line is reported as `IN:line: message`.

use std::io::{BufReader, BufWriter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, bail};

use super::progress::with_bar;
use crate::app::jobs;
use crate::engine::Engine;
use crate::model::{Catalogue, DocumentId, Schema, Settings};
use crate::progress::JobControl;
use crate::store::{OpenMode, Project};
use crate::suggest::Rules;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Project folder.
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    dir: Option<PathBuf>,
    /// Every document of the project (the default).
    #[arg(long, conflicts_with = "document")]
    all: bool,
    /// Only this document: its id, the 16 hex digits of its file name.
    #[arg(long, value_name = "ID", conflicts_with = "jsonl")]
    document: Option<String>,
    /// Pipeline mode, no project: read Attest JSONL records from IN (`-` for
    /// stdin) and write them with the rule suggesters' candidates to --out.
    #[arg(long, value_name = "IN", requires = "out")]
    jsonl: Option<PathBuf>,
    /// Where the pipeline writes its records (`-` for stdout).
    #[arg(long, value_name = "OUT", requires = "jsonl")]
    out: Option<PathBuf>,
    /// With --jsonl: this project's schema, catalogue, settings and learned
    /// models (unless --no-learned) instead of the shipped rules (the
    /// project is only read).
    #[arg(long, value_name = "DIR", requires = "jsonl")]
    project: Option<PathBuf>,
    /// Rules only: leave out the models `attest train` saved.
    #[arg(long)]
    no_learned: bool,
}

pub fn run(args: &Args, annotator: &str) -> anyhow::Result<ExitCode> {
    if let (Some(input), Some(output)) = (&args.jsonl, &args.out) {
        return run_pipeline(
            input,
            output,
            args.project.as_deref(),
            !args.no_learned,
            annotator,
        );
    }
    let Some(dir) = &args.dir else {
        bail!("name a project folder, or --jsonl IN --out OUT");
    };
    let (mut project, unreadable) = super::open_for_writing_with_problems(dir, annotator)?;
    let suggester = Rules::new(&project.catalogue, &project.file.schema)
        .context("cannot build the suggesters from the project's catalogue and schema")?;
    let ids = chosen_documents(&project, dir, args)?;
    let loaded = (!args.no_learned).then(|| crate::engine::load_models(&project));
    for note in loaded.iter().flat_map(|l| &l.notes) {
        eprintln!("note: {note}");
    }
    let engine = Engine::new(suggester, loaded.and_then(|l| l.models).map(Arc::new));
    let report = with_bar(|control| jobs::suggest(&mut project, annotator, &engine, &ids, control));
    for error in &report.problems {
        eprintln!("error: {error}");
    }
    let total = report.counts;
    println!(
        "suggested {} mention(s), {} event(s), {} claim(s) in {} of {} document(s) for {annotator}; \
         {} rejected suggestion(s) not proposed again; {} error(s): {}",
        total.mentions_added,
        total.events_added,
        total.claims_added,
        report.saved.len(),
        report.documents,
        total.rejected_skipped,
        report.problems.len(),
        dir.display()
    );
    if report.stopped {
        eprintln!(
            "note: stopped at the first file that could not be written; what was saved before it stays"
        );
    }
    if super::left_out_status(&unreadable) != ExitCode::SUCCESS {
        return Ok(ExitCode::FAILURE);
    }
    Ok(super::exit_status(&report.problems))
}

/// The documents named by `--document`, or all of them.
fn chosen_documents(project: &Project, dir: &Path, args: &Args) -> anyhow::Result<Vec<DocumentId>> {
    let Some(wanted) = &args.document else {
        return Ok(project.documents().iter().map(|d| d.id.clone()).collect());
    };
    let Some(id) = DocumentId::parse(wanted) else {
        bail!("{wanted:?} is not a document id (16 lowercase hex digits)");
    };
    if project.document_entry(&id).is_none() {
        bail!("no document {id} in {}", dir.display());
    }
    Ok(vec![id])
}

/// Whether two paths name one file, however spelt (`./c.jsonl`, a symbolic
/// or hard link): the same device and inode where there are inodes. A path that does not exist
/// yet is no file at all.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let (Ok(a), Ok(b)) = (std::fs::metadata(a), std::fs::metadata(b)) else {
            return false;
        };
        (a.dev(), a.ino()) == (b.dev(), b.ino())
    }
    #[cfg(not(unix))]
    {
        let (Ok(a), Ok(b)) = (std::fs::canonicalize(a), std::fs::canonicalize(b)) else {
            return false;
        };
        a == b
    }
}

/// The pipeline mode: records from `input` to `output` (`-` for the
/// standard streams), the rules of `project` or the shipped defaults.
fn run_pipeline(
    input: &Path,
    output: &Path,
    project: Option<&Path>,
    learned: bool,
    annotator: &str,
) -> anyhow::Result<ExitCode> {
    let (schema, catalogue, settings, models) = match project {
        Some(dir) => {
            let (project, problems) =
                Project::open(dir, OpenMode::ReadOnly).context("cannot open the project")?;
            super::warn_problems(&problems);
            let loaded = learned.then(|| crate::engine::load_models(&project));
            for note in loaded.iter().flat_map(|l| &l.notes) {
                eprintln!("note: {note}");
            }
            (
                project.file.schema.clone(),
                project.catalogue.clone(),
                project.file.settings.clone(),
                loaded.and_then(|l| l.models).map(Arc::new),
            )
        }
        None => (
            Schema::conflict_default(),
            Catalogue::sahel_default(),
            Settings::default(),
            None,
        ),
    };
    let rules = Rules::new(&catalogue, &schema)
        .context("cannot build the suggesters from the catalogue and schema")?;
    let engine = Engine::new(rules, models);
    let names: Vec<&str> = engine.suggesters().map(|s| s.name()).collect();
    eprintln!(
        "suggesting with {} (model version {})",
        names.join(", "),
        jobs::model_version(&engine)
    );
    let options = jobs::PipelineOptions {
        engine: &engine,
        schema: &schema,
        annotator,
        max_record_bytes: settings.max_document_bytes,
    };
    let is_std = |p: &Path| p.as_os_str() == "-";
    if !is_std(input) && !is_std(output) && same_file(input, output) {
        bail!(
            "--out is the input file itself: writing would empty it before it is read; \
             write to another file and rename it afterwards: {}",
            output.display()
        );
    }
    let reader: Box<dyn std::io::BufRead> = if is_std(input) {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(BufReader::new(crate::ingest::open_stream(input)?))
    };
    let writer: Box<dyn std::io::Write> = if is_std(output) {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        let file = std::fs::File::create(output)
            .with_context(|| format!("cannot write {}", output.display()))?;
        Box::new(BufWriter::new(file))
    };
    let name = if is_std(input) {
        "-".to_owned()
    } else {
        input.display().to_string()
    };
    let report = jobs::suggest_stream(
        reader,
        writer,
        &options,
        |problem| eprintln!("{name}:{}: {}", problem.line, problem.message),
        JobControl::unattended(),
    )
    .with_context(|| format!("pipeline from {name} stopped"))?;
    let total = &report.counts;
    eprintln!(
        "suggested {} mention(s), {} event(s), {} claim(s) in {} of {} record(s); {} skipped, {} problem(s)",
        total.mentions_added,
        total.events_added,
        total.claims_added,
        report.written,
        report.records,
        report.skipped,
        report.problems.len()
    );
    Ok(super::exit_status(&report.problems))
}
