//! The import job: dataset files of one format merged into a project —
//! each record's text a document, its items into the annotator's file,
//! labels missing from the schema added. The CLI drives it; what it could
//! not take is reported by file and line, and the rest goes on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::source::{self, Source};
use super::{Format, FormatError, Located, Parsed, card, record};
use crate::model::{Document, MAX_ITEMS_PER_DOCUMENT, Schema, StatusKind};
use crate::progress::JobControl;
use crate::store::{Problem, Project, StoreError};

/// How imported items enter the annotator's file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ImportAs {
    /// As decided items: the file's status where the format has one, else accepted.
    #[default]
    Gold,
    /// As open suggestions by the source, for review (rejected items are skipped).
    Suggestions,
}

impl FromStr for ImportAs {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "gold" => Ok(ImportAs::Gold),
            "suggestions" => Ok(ImportAs::Suggestions),
            other => Err(format!("expected gold or suggestions, not {other:?}")),
        }
    }
}

/// What to import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOptions {
    pub format: Format,
    pub import_as: ImportAs,
    /// Whose file receives the items.
    pub annotator: String,
    /// The suggester named on imported suggestions; the format's name if absent.
    pub source: Option<String>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Records read (documents in the files).
    pub records: usize,
    pub documents_added: usize,
    /// Documents whose text was already in the project.
    pub documents_present: usize,
    pub items_added: usize,
    /// Items already in the annotator's files.
    pub items_present: usize,
    /// Rejected items not loaded because the import was `--as suggestions`.
    pub rejected_skipped: usize,
    /// What was added to the schema (`entity label VEHICLE`, `stance Hinted` …).
    pub labels_added: Vec<String>,
    /// Annotators the file named, other than the one importing, whose files
    /// received records (several people's Label Studio annotations), sorted.
    pub other_annotators: BTreeSet<String>,
    /// Records and items that could not be taken, with file and line.
    pub problems: Vec<Problem>,
    /// The import was cancelled; what it merged before stays.
    pub cancelled: bool,
}

/// The files an import reads for `path`: the file itself, or a folder's
/// files of the format (sorted, `dataset.json` cards left out), and a
/// problem for each file of the folder passed over that looks like data:
/// symbolic links (not followed) and companions without their data file
/// (a brat text without its `.ann`).
fn input_files(format: Format, path: &Path) -> (Vec<PathBuf>, Vec<Problem>) {
    let Ok(metadata) = std::fs::metadata(path) else {
        return (
            Vec::new(),
            vec![Problem::new(path, None, "no such file or folder")],
        );
    };
    if let Some(kind) = crate::ingest::special_kind(&metadata) {
        let message = format!("not a regular file ({kind}); refused without reading it");
        return (Vec::new(), vec![Problem::new(path, None, message)]);
    }
    if !path.is_dir() {
        return (vec![path.to_owned()], Vec::new());
    }
    let of_format = |p: &Path| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        format.extensions().iter().any(|e| has_extension(p, e))
            && name != card::FILE
            && !name.starts_with('.')
    };
    let companion_of = |p: &Path| {
        let companions = format.support().companions();
        companions.iter().find(|c| has_extension(p, c.extension))
    };
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
    {
        let file = entry.path();
        if entry.path_is_symlink() && !entry.file_type().is_dir() {
            if of_format(file) || companion_of(file).is_some() {
                problems.push(Problem::new(file, None, source::LINK_NOT_FOLLOWED));
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if of_format(file) {
            // A document whose companion is a link is not read; the link
            // is reported once, above.
            let linked_companion = format.support().companions().iter().any(|c| {
                std::fs::symlink_metadata(file.with_extension(c.extension))
                    .is_ok_and(|m| m.is_symlink())
            });
            if !linked_companion {
                files.push(file.to_owned());
            }
        } else if let Some(companion) = companion_of(file) {
            let extensions = format.extensions();
            if !extensions.iter().any(|e| file.with_extension(e).exists()) {
                let message = format!(
                    "a {format} {} with no .{} beside it; not imported",
                    companion.what,
                    extensions.join(" or .")
                );
                problems.push(Problem::new(file, None, message));
            }
        }
    }
    files.sort();
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    (files, problems)
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e == extension)
}

/// Imports annotations from `paths` (files, or folders of the format's
/// files) into the project: each record's text becomes a document (the same
/// text is the same document) and its items are merged into the
/// annotator's file. Labels missing from the schema are added and saved.
/// A record or item that cannot be taken is reported; the rest goes on.
///
/// Progress goes to `control` by file read. A cancel is honoured between
/// documents: what was merged so far stays (each file is written
/// atomically), the rest is not read, and the report says it was cancelled.
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    options: &ImportOptions,
    control: JobControl<'_>,
) -> Result<ImportReport, FormatError> {
    let mut report = ImportReport::default();
    let source = options
        .source
        .clone()
        .unwrap_or_else(|| options.format.name().to_owned());
    let reviewer = record::Reviewer {
        as_suggestions: options.import_as == ImportAs::Suggestions,
        annotator: &options.annotator,
        source: &source,
        at: jiff::Timestamp::now(),
    };
    let mut files = Vec::new();
    for path in paths {
        let (found, problems) = input_files(options.format, path);
        files.extend(found);
        report.problems.extend(problems);
    }
    let mut schema = project.file.schema.clone();
    // Documents and annotation files are flushed once, at the end, not
    // each on its own (three flushes a record); the project file is
    // flushed at once, before any annotation using its labels.
    project.begin_batch();
    let imported = import_files(
        project,
        options.format,
        &files,
        &mut schema,
        &reviewer,
        &mut report,
        control,
    );
    // Saved even when a write failed midway: annotations already written
    // may use the new labels.
    let schema_saved = if schema == project.file.schema {
        Ok(())
    } else {
        project.file.schema = schema;
        project.save_project_file().map(|_| ())
    };
    // Only after this flush is the import's work durable.
    let flushed = project.finish_batch();
    imported?;
    schema_saved?;
    flushed?;
    Ok(report)
}

/// Reads and merges every file; stops only when the project cannot be written.
fn import_files(
    project: &mut Project,
    format: Format,
    files: &[PathBuf],
    schema: &mut Schema,
    reviewer: &record::Reviewer<'_>,
    report: &mut ImportReport,
    control: JobControl<'_>,
) -> Result<(), FormatError> {
    let mut labels_added = BTreeSet::new();
    let mut order: i64 = 0;
    control.progress.begin("reading", files.len() as u64);
    for file in files {
        if control.is_cancelled() {
            report.cancelled = true;
            return Ok(());
        }
        let problems_before = report.problems.len();
        if let Some(read_line) = format.line_reader() {
            let mut context = Context {
                project: &mut *project,
                schema: &mut *schema,
                format,
                reviewer,
                report: &mut *report,
                labels_added: &mut labels_added,
                order: &mut order,
            };
            stream_lines(&mut context, file, read_line, &control)?;
            report.problems[problems_before..].sort_by_key(|p| p.line);
            control.progress.advance(1);
            continue;
        }
        let parsed = read_file(format, file, schema);
        report.problems.extend(parsed.problems);
        for located in parsed.records {
            if control.is_cancelled() {
                report.cancelled = true;
                break;
            }
            report.records += 1;
            order += 1;
            import_record(
                project,
                schema,
                format,
                located,
                reviewer,
                order,
                report,
                &mut labels_added,
            )?;
        }
        // Each file's problems in line order, as an editor lists them.
        report.problems[problems_before..].sort_by_key(|p| p.line);
        control.progress.advance(1);
    }
    Ok(())
}

/// One line as its format's line reader read it.
type LineRead = Result<Option<(super::Record, Vec<String>)>, String>;

/// Lines parsed on all cores before their records are merged, in order.
const BATCH_LINES: usize = 256;

/// What merging a record needs besides the record, borrowed for one file.
struct Context<'a, 'r> {
    project: &'a mut Project,
    schema: &'a mut Schema,
    format: Format,
    reviewer: &'a record::Reviewer<'r>,
    report: &'a mut ImportReport,
    labels_added: &'a mut BTreeSet<String>,
    order: &'a mut i64,
}

/// Merges a file of one record a line as it reads it: a batch of lines
/// parsed on all cores, then merged in line order, so that memory holds one
/// batch whatever the file's size. A line that cannot be read is a problem
/// naming it; the rest goes on.
fn stream_lines(
    context: &mut Context<'_, '_>,
    file: &Path,
    read_line: super::registry::LineReader,
    control: &JobControl<'_>,
) -> Result<(), FormatError> {
    use super::lines::{self, Line};
    use rayon::prelude::*;
    let mut input = match source::open_lines(file) {
        Ok(input) => input,
        Err(problem) => {
            context.report.problems.push(problem);
            return Ok(());
        }
    };
    // A record's line holds its text and its items: bounded as the
    // pipeline bounds it, so that no line is held whole past the limit.
    let limit = context.project.file.settings.max_document_bytes;
    let mut line_number = 0;
    loop {
        let mut batch: Vec<(usize, Result<String, String>)> = Vec::with_capacity(BATCH_LINES);
        let mut at_end = false;
        while batch.len() < BATCH_LINES {
            let read = match lines::read_line(&mut input, limit) {
                Ok(Some(read)) => read,
                Ok(None) => {
                    at_end = true;
                    break;
                }
                Err(e) => {
                    let message = format!("cannot read further: {e}");
                    context.report.problems.push(Problem::new(
                        file,
                        Some(line_number + 1),
                        message,
                    ));
                    at_end = true;
                    break;
                }
            };
            line_number += 1;
            match read {
                Line::Text(text) if text.trim().is_empty() => {}
                Line::Text(text) => batch.push((line_number, Ok(text))),
                Line::TooLong(bytes) => batch.push((
                    line_number,
                    Err(format!(
                        "record too large ({bytes} bytes or more; the limit is {limit}, \
                         settings max_document_bytes); skipped"
                    )),
                )),
                Line::NotUtf8 => batch.push((line_number, Err("not UTF-8".to_owned()))),
                Line::Endless(bytes) => {
                    let message = format!(
                        "no line end within {bytes} bytes: not a file of one record a line; \
                         the rest of the file is not read"
                    );
                    context
                        .report
                        .problems
                        .push(Problem::new(file, Some(line_number), message));
                    at_end = true;
                    break;
                }
            }
        }
        let schema: &Schema = context.schema;
        let parsed: Vec<(usize, LineRead)> = batch
            .into_par_iter()
            .map(|(number, line)| (number, line.and_then(|line| read_line(&line, schema))))
            .collect();
        for (number, read) in parsed {
            if control.is_cancelled() {
                context.report.cancelled = true;
                return Ok(());
            }
            match read {
                Ok(Some((record, notes))) => {
                    context.report.records += 1;
                    *context.order += 1;
                    let located = Located {
                        path: file.to_owned(),
                        line: Some(number),
                        record,
                        notes,
                        annotator: None,
                    };
                    import_record(
                        context.project,
                        context.schema,
                        context.format,
                        located,
                        context.reviewer,
                        *context.order,
                        context.report,
                        context.labels_added,
                    )?;
                }
                Ok(None) => {}
                Err(message) => {
                    context
                        .report
                        .problems
                        .push(Problem::new(file, Some(number), message));
                }
            }
        }
        if at_end {
            return Ok(());
        }
    }
}

/// Reads one file of the format from disk, with its companions; a format
/// that does not read says so without the file being opened.
fn read_file(format: Format, file: &Path, schema: &Schema) -> Parsed {
    if !format.can_import() {
        return format.read(&Source::new(file, Vec::new()), schema);
    }
    match Source::load(format, file) {
        Ok(source) => format.read(&source, schema),
        Err(problem) => problem.into(),
    }
}

#[allow(clippy::too_many_arguments)] // one record's whole context, passed once
fn import_record(
    project: &mut Project,
    schema: &mut Schema,
    format: Format,
    located: Located,
    reviewer: &record::Reviewer<'_>,
    order: i64,
    report: &mut ImportReport,
    labels_added: &mut BTreeSet<String>,
) -> Result<(), FormatError> {
    let Located {
        path,
        line,
        record,
        notes,
        annotator,
    } = located;
    let problem = |message: String| Problem::new(&path, line, message);
    // A record made by someone the file names (one of several Label Studio
    // annotators) goes to that person's file, not the one importing.
    let options_annotator = reviewer.annotator;
    let reviewer = &record::Reviewer {
        annotator: annotator.as_deref().unwrap_or(reviewer.annotator),
        ..*reviewer
    };
    if let Err(message) = crate::store::validate_annotator(reviewer.annotator) {
        report
            .problems
            .push(problem(format!("record not imported: {message}")));
        return Ok(());
    }
    report.problems.extend(notes.into_iter().map(problem));
    if record.text.is_empty() {
        report
            .problems
            .push(problem("the record has no text; skipped".to_owned()));
        return Ok(());
    }
    let limit_bytes = project.file.settings.max_document_bytes;
    if record.text.len() as u64 > limit_bytes {
        report.problems.push(problem(format!(
            "text too large ({} bytes; the limit is {limit_bytes}, settings max_document_bytes); skipped",
            record.text.len()
        )));
        return Ok(());
    }
    if record.item_count() > MAX_ITEMS_PER_DOCUMENT {
        report.problems.push(problem(format!(
            "the record holds {} items, more than the limit of {MAX_ITEMS_PER_DOCUMENT} per \
             document; skipped",
            record.item_count()
        )));
        return Ok(());
    }
    let mut meta = record.meta.to_meta();
    meta.origin = Some(match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    });
    // Nanoseconds apart, so that the project lists documents in file order.
    meta.imported_at = reviewer
        .at
        .checked_add(jiff::SignedDuration::from_nanos(order))
        .ok()
        .or(Some(reviewer.at));
    let document = Document::new(record.text.clone(), meta);
    let added = match project.add_document(document) {
        Ok(added) => added,
        // A document that cannot be added while the project can be written
        // (its unreadable metadata is in the way) is this record's problem.
        Err(e @ StoreError::Invalid { .. }) => {
            report
                .problems
                .push(problem(format!("record not imported: {e}")));
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    let id = match added {
        crate::store::Added::New(id) => {
            report.documents_added += 1;
            id
        }
        crate::store::Added::AlreadyPresent(id) => {
            report.documents_present += 1;
            id
        }
    };
    let mut set = match project.load_annotations(&id, reviewer.annotator) {
        Ok(set) => set,
        Err(e) => {
            // Never overwrite a file that could not be read.
            report.problems.push(problem(format!(
                "record not imported, the annotator's file cannot be read: {e}"
            )));
            return Ok(());
        }
    };
    // A record that holds open suggestions (the pipeline mode's output)
    // is not a finished annotation: it waits for review.
    let open = record
        .mentions
        .iter()
        .any(|m| m.status == StatusKind::Suggested)
        || record
            .events
            .iter()
            .any(|e| e.status == StatusKind::Suggested)
        || record
            .claims
            .iter()
            .any(|c| c.status == StatusKind::Suggested);
    // Merged into a copy of the schema first: a record refused as too large
    // adds no label either.
    let mut merged_schema = schema.clone();
    let merged = record::merge(&record, &mut set, &mut merged_schema, reviewer);
    if let Some(message) = set.too_many_items() {
        report.problems.push(problem(message));
        return Ok(());
    }
    *schema = merged_schema;
    // An imported gold dataset is complete: its documents count as
    // finished, and so does a document the format says has no item (an
    // empty brat `.ann`): a negative example, exported as such.
    let annotated = !set.is_empty() || format.empty_record_is_annotated();
    if !reviewer.as_suggestions && !set.is_finished() && annotated && !open {
        set.finished = Some(crate::model::Finished {
            by: reviewer.annotator.to_owned(),
            at: reviewer.at,
        });
    }
    report.items_added += merged.added;
    report.items_present += merged.present;
    report.rejected_skipped += merged.skipped_rejected;
    for label in merged.schema_added {
        if labels_added.insert(label.clone()) {
            report.labels_added.push(label);
        }
    }
    report
        .problems
        .extend(merged.problems.into_iter().map(problem));
    // The schema first: an annotation file never uses a label that the
    // saved schema lacks, whatever fails next.
    if *schema != project.file.schema {
        let previous = std::mem::replace(&mut project.file.schema, schema.clone());
        if let Err(e) = project.save_project_file() {
            project.file.schema = previous;
            return Err(e.into());
        }
    }
    project.save_annotations(&set)?;
    if let Some(other) = annotator.filter(|a| a != options_annotator) {
        report.other_annotators.insert(other);
    }
    Ok(())
}
