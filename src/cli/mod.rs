//! The command line: the same core as the GUI, for pipelines, batch work
//! and CI. `attest` with no subcommand (or `attest open DIR`) starts the GUI.

mod agree;
mod assign;
mod check;
mod curate;
mod decide;
mod evaluate;
mod evaluate_acled;
mod export;
mod finish;
mod import;
mod migrate;
mod new;
mod open;
mod progress;
mod review_tables;
mod schema;
mod simulate;
mod stats;
mod suggest;
mod train;

use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "attest",
    version,
    about = "Annotate news reports of political violence: entities, events, claims and who is held responsible.",
    after_help = "With no subcommand, opens the GUI on projects/sahel-demo (or the last project)."
)]
pub struct Cli {
    /// Annotator whose files are read and written [default: $ATTEST_ANNOTATOR, else the OS user].
    #[arg(long, global = true, env = "ATTEST_ANNOTATOR")]
    annotator: Option<String>,
    /// A command that writes waits up to SECONDS for another Attest to let
    /// go of the project, instead of failing at once.
    #[arg(long, global = true, value_name = "SECONDS", value_parser = parse_wait)]
    wait: Option<std::time::Duration>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Create a project folder with the default conflict-event schema.
    New(new::Args),
    /// Import articles (.txt, .jsonl, or folders of them) into a project,
    /// or with --format annotations from a dataset.
    Import(import::Args),
    /// Write a gold dataset in one of the formats `--format` lists.
    Export(export::Args),
    /// Validate every file of a project; exits non-zero on any problem.
    Check(check::Args),
    /// Rewrite a project's files in this version's format (compact annotation files).
    Migrate(migrate::Args),
    /// Documents, and mentions by label and status per annotator.
    Stats(stats::Args),
    /// Propose candidate mentions, events and claims; re-running adds only what is new.
    Suggest(suggest::Args),
    /// Accept or reject open suggestions in bulk: by suggester, label, score, document.
    Decide(decide::Args),
    /// Merge into gold what the annotators agree on, over the whole project, above a share.
    Curate(curate::Args),
    /// Inter-annotator agreement on shared documents: mention P/R/F1, kappa, actor links, claims.
    Agree(agree::Args),
    /// Give each annotator a list of documents, a share to two of them for agreement.
    Assign(assign::Args),
    /// An extractor (annotator or imported source) against gold: P/R/F1, confusion, errors.
    Evaluate(evaluate::Args),
    /// The ACLED export against coded notes (a CSV with `notes` and the coded fields): per-field scores.
    EvaluateAcled(evaluate_acled::Args),
    /// Mark a document's annotation complete (or not, with --undo): training learns from it.
    Finish(finish::Args),
    /// Train the learned recommenders on finished documents now; prints held-out P/R/F1 per label.
    Train(train::Args),
    /// Replay an annotator's finished documents as a session and print the learning curve.
    Simulate(simulate::Args),
    /// Change the project's schema everywhere it is used (`schema rename-label DIR OLD NEW`).
    Schema(schema::Args),
    /// Open a project in the GUI.
    Open(open::Args),
}

/// Parses the command line and runs it; errors are printed once, here.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, None | Some(Command::Open(_))) {
        exit_quietly_on_closed_pipe();
    }
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            if error.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(USAGE_EXIT)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

/// The exit status of a command line that cannot mean anything (clap's,
/// for a flag it refuses itself).
const USAGE_EXIT: u8 = 2;

/// A flag's value that parses but names nothing the project has (a
/// misspelt label or suggester): refused before anything is read for
/// writing, with [`USAGE_EXIT`], as clap refuses a malformed one.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// `--min-score` and any other score: a finite number (`NaN` selects
/// nothing and `inf` everything or nothing, silently).
pub fn parse_score(value: &str) -> Result<f32, String> {
    let score: f32 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    if !score.is_finite() {
        return Err(format!("{value:?} is not a finite number"));
    }
    Ok(score)
}

/// A share, from 0 to 1 (`--overlap`, `--threshold`).
pub fn parse_share(value: &str) -> Result<f64, String> {
    let share: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a number"))?;
    if !(0.0..=1.0).contains(&share) {
        return Err(format!("{value:?} is not a share from 0 to 1"));
    }
    Ok(share)
}

/// A command whose output goes to a reader that stops early
/// (`attest stats P | head -1`) ends there, quietly, as Unix tools do:
/// the default action of SIGPIPE, which Rust's runtime ignores (so every
/// `println!` would panic on the closed pipe). Files already written stay
/// whole: each is written to a temporary file and renamed. The window
/// keeps the runtime's setting.
fn exit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring a signal's default action, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `--wait`: how long writing commands wait for the project lock (set once,
/// before the command runs).
static LOCK_WAIT: std::sync::OnceLock<std::time::Duration> = std::sync::OnceLock::new();

/// `--wait SECONDS`: a finite, non-negative number of seconds.
fn parse_wait(value: &str) -> Result<std::time::Duration, String> {
    let seconds: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("{value:?} is not a number of seconds"))?;
    std::time::Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("{value:?} is not a finite, non-negative number of seconds"))
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let annotator = cli.annotator;
    if let Some(wait) = cli.wait {
        let _ = LOCK_WAIT.set(wait);
    }
    match cli.command {
        None => open::run(open::Args { dir: None }, annotator),
        Some(Command::Open(args)) => open::run(args, annotator),
        Some(Command::New(args)) => new::run(&args),
        Some(Command::Import(args)) => import::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Export(args)) => export::run(&args, annotator),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Migrate(args)) => migrate::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Stats(args)) => stats::run(&args),
        Some(Command::Agree(args)) => agree::run(&args),
        Some(Command::Curate(args)) => curate::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Assign(args)) => assign::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Evaluate(args)) => evaluate::run(&args),
        Some(Command::EvaluateAcled(args)) => evaluate_acled::run(&args),
        Some(Command::Suggest(args)) => suggest::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Decide(args)) => decide::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Finish(args)) => finish::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Train(args)) => train::run(&args, &resolve_annotator(annotator)?),
        Some(Command::Simulate(args)) => simulate::run(&args),
        Some(Command::Schema(args)) => schema::run(&args, &resolve_annotator(annotator)?),
    }
}

/// The annotator: `--annotator`, else `ATTEST_ANNOTATOR` (both via clap),
/// else the OS user made safe for a folder name.
pub fn resolve_annotator(flag: Option<String>) -> anyhow::Result<String> {
    if let Some(name) = flag {
        crate::store::validate_annotator(&name).map_err(anyhow::Error::msg)?;
        return Ok(name);
    }
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| std::env::var(var).ok())
        .unwrap_or_default();
    let safe: String = user
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches(['-', '.']).to_owned();
    if safe.is_empty() {
        return Ok("annotator".to_owned());
    }
    crate::store::validate_annotator(&safe)
        .map_err(anyhow::Error::msg)
        .context("cannot name the annotator after the OS user; pass --annotator")?;
    Ok(safe)
}

/// Opens a project for writing as `annotator`, printing what could not be
/// read as warnings.
fn open_for_writing(
    dir: &std::path::Path,
    annotator: &str,
) -> anyhow::Result<crate::store::Project> {
    open_for_writing_with_problems(dir, annotator).map(|(project, _)| project)
}

/// [`open_for_writing`], also returning what could not be read (for a
/// command that must fail when it had to leave something out).
fn open_for_writing_with_problems(
    dir: &std::path::Path,
    annotator: &str,
) -> anyhow::Result<(crate::store::Project, Vec<crate::store::Problem>)> {
    let (project, problems) = crate::store::Project::open_waiting(
        dir,
        crate::store::OpenMode::ReadWrite {
            annotator: annotator.to_owned(),
        },
        LOCK_WAIT.get().copied().unwrap_or_default(),
    )
    .context("cannot open the project")?;
    warn_problems(&problems);
    Ok((project, problems))
}

/// Success when nothing failed; a batch with any failure exits non-zero.
fn exit_status<T>(failures: &[T]) -> ExitCode {
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// After a command that had to leave out files it could not read (printed
/// as warnings when the project was opened): one line saying so, and
/// failure, so that a script never takes a partial result for a whole one.
fn left_out_status(problems: &[crate::store::Problem]) -> ExitCode {
    if problems.is_empty() {
        return ExitCode::SUCCESS;
    }
    eprintln!(
        "error: {} file(s) of the project could not be read and were left out (named above)",
        problems.len()
    );
    ExitCode::FAILURE
}

/// Prints problems found while reading a project as warnings.
fn warn_problems(problems: &[crate::store::Problem]) {
    for problem in problems {
        eprintln!("warning: {problem}");
    }
}
