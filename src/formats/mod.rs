//! Gold datasets in the formats NLP tools read: export a project's
//! annotations, and import annotations made elsewhere.
//!
//! Every format converts to and from one [`Record`] per document (offsets in
//! Unicode code points, end-exclusive), so filtering by status, numbering,
//! merging into a project and the schema updates are written once, here and
//! in `record.rs`; each format file only reads and writes its own syntax.
//!
//! Nothing is dropped silently: an import reports every record or item it
//! could not take (file, line, why) and goes on with the rest; an export
//! lists what a format cannot hold (CoNLL and overlapping mentions).
//! Exports are deterministic — the same project and options give the same
//! bytes — so datasets can be diffed and versioned.

mod brat;
mod card;
mod conll;
mod doccano;
mod flat;
mod jsonl;
mod label_studio;
mod prodigy;
mod record;
mod split;

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use record::{
    ItemStatus, Offsets, Record, RecordClaim, RecordEvent, RecordMention, RecordMeta, RecordSource,
};
pub use split::Split;

use crate::model::{AnnotationSet, Document, Schema, Status};
use crate::store::{Problem, Project, StoreError, write_atomic};

/// A dataset format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Attest's own JSONL: one document a line with mentions, events and claims.
    Jsonl,
    /// doccano JSONL: `label: [[s, e, "L"]]`, or `entities` + `relations`.
    Doccano,
    /// Label Studio JSON tasks with `labels` and `relation` results.
    LabelStudio,
    /// brat standoff: `.txt` + `.ann` per document, and `annotation.conf`.
    Brat,
    /// CoNLL-2003 style `token TAG` lines, IOB2, mentions only.
    Conll,
    /// Prodigy JSONL (`ner_manual`, `rel.manual` output); import only.
    Prodigy,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Doccano,
        Format::LabelStudio,
        Format::Brat,
        Format::Conll,
        Format::Prodigy,
    ];

    /// The name used on the command line and in `dataset.json`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::Prodigy => "prodigy",
        }
    }

    pub fn can_export(self) -> bool {
        self != Format::Prodigy
    }

    /// Whether the format has a place for an item's review status, and so
    /// for rejected items as negatives.
    pub fn holds_status(self) -> bool {
        matches!(self, Format::Jsonl | Format::Brat)
    }

    /// File name endings the format's data files have, for reading folders.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Jsonl | Format::Doccano | Format::Prodigy => &["jsonl"],
            Format::LabelStudio => &["json"],
            Format::Brat => &["ann"],
            Format::Conll => &["conll", "txt", "iob", "bio"],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.to_ascii_lowercase().replace('_', "-");
        let wanted = if wanted == "labelstudio" {
            "label-studio".to_owned()
        } else {
            wanted
        };
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| FormatError::UnknownFormat(s.to_owned()))
    }
}

/// Why an export or import could not run at all (per-record trouble is a
/// [`Problem`] in the report instead).
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "unknown format {0:?}; expected one of jsonl, doccano, label-studio, brat, conll, prodigy"
    )]
    UnknownFormat(String),
    #[error("{0} is an import format; it cannot be exported")]
    ImportOnly(Format),
    #[error("invalid split {value:?}: {reason}")]
    InvalidSplit { value: String, reason: String },
    #[error("nobody has annotated this project yet: {}", path.display())]
    NoAnnotator { path: PathBuf },
    #[error("several annotators ({}); choose one with --annotator: {}", names.join(", "), path.display())]
    AmbiguousAnnotator { names: Vec<String>, path: PathBuf },
    #[error("no annotations by {annotator} in this project: {}", path.display())]
    UnknownAnnotator { annotator: String, path: PathBuf },
    #[error("cannot serialise {what}: {message}")]
    Serialise { what: String, message: String },
}

/// What to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    pub format: Format,
    /// Whose annotations; `None` when the project has only one annotator.
    pub annotator: Option<String>,
    /// Add open suggestions to the gold (accepted and corrected) items.
    pub include_suggestions: bool,
    /// Add rejected items as negatives, in formats that hold a status.
    pub negatives: bool,
    /// Split the documents into train/dev/test parts.
    pub split: Option<Split>,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotator: None,
            include_suggestions: false,
            negatives: false,
            split: None,
        }
    }

    fn keeps(&self, status: &Status) -> bool {
        match status {
            Status::Accepted | Status::Corrected => true,
            Status::Suggested { .. } => self.include_suggestions,
            Status::Rejected => self.negatives && self.format.holds_status(),
        }
    }
}

/// A mention that the format cannot hold, e.g. one that overlaps another in
/// CoNLL. Offsets in code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unwritten {
    pub document: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

impl fmt::Display for Unwritten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}..{} {} {:?}: {}",
            self.document, self.start, self.end, self.label, self.text, self.reason
        )
    }
}

/// One part of a split export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartReport {
    /// `all`, or `train`, `dev`, `test`.
    pub name: String,
    pub documents: usize,
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportReport {
    pub annotator: String,
    /// Every file written, `dataset.json` last.
    pub files: Vec<PathBuf>,
    pub documents: usize,
    pub mentions: usize,
    pub events: usize,
    pub claims: usize,
    /// Documents the annotator has not reviewed yet (no decided item).
    pub documents_unreviewed: usize,
    /// Items the format cannot hold: counted and listed, never dropped silently.
    pub unwritten: Vec<Unwritten>,
    pub parts: Vec<PartReport>,
    /// Documents or annotation files that could not be read; they are left out.
    pub problems: Vec<Problem>,
    /// Files already in the output folder that this export did not write
    /// (an earlier export with another split or format): left alone, listed
    /// so that they are not mistaken for part of this dataset.
    pub stale: Vec<PathBuf>,
}

/// The rendered files of one part, and what they hold.
pub(crate) struct Rendered {
    /// Paths relative to the export folder, with their content.
    pub files: Vec<(PathBuf, String)>,
    /// The records as written (what the format could hold of them).
    pub written: Vec<Record>,
    pub unwritten: Vec<Unwritten>,
}

fn render(
    format: Format,
    records: &[Record],
    part: &str,
    schema: &Schema,
) -> Result<Rendered, FormatError> {
    let whole = |files| Rendered {
        files,
        written: records.to_vec(),
        unwritten: Vec::new(),
    };
    Ok(match format {
        Format::Jsonl => whole(jsonl::render(records, part)?),
        Format::Doccano => whole(doccano::render(records, part)?),
        Format::LabelStudio => whole(label_studio::render(records, part)?),
        Format::Brat => {
            // One annotation.conf at the top, for every part.
            let mut files = brat::render(records, part);
            files.push((
                PathBuf::from(brat::CONF_FILE),
                brat::annotation_conf(schema),
            ));
            whole(files)
        }
        Format::Conll => conll::render(records, part),
        Format::Prodigy => return Err(FormatError::ImportOnly(format)),
    })
}

/// Which annotator an export reads.
fn export_annotator(project: &Project, wanted: Option<&str>) -> Result<String, FormatError> {
    let names = project.annotators();
    let path = project.root().to_owned();
    match wanted {
        Some(name) if names.iter().any(|n| n == name) => Ok(name.to_owned()),
        Some(name) => Err(FormatError::UnknownAnnotator {
            annotator: name.to_owned(),
            path,
        }),
        None => match names.as_slice() {
            [] => Err(FormatError::NoAnnotator { path }),
            [only] => Ok(only.clone()),
            _ => Err(FormatError::AmbiguousAnnotator { names, path }),
        },
    }
}

/// Exports the project's annotations into the folder `out`.
///
/// A document is exported when the annotator has decided at least one of
/// its items (or has any item, with `include_suggestions`): a document
/// nobody reviewed is not evidence that it mentions nothing. Files are
/// named after the part (`all`, or `train`/`dev`/`test`), and
/// `dataset.json` describes the dataset. `progress` is called with
/// (documents done, total).
pub fn export(
    project: &mut Project,
    out: &Path,
    options: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportReport, FormatError> {
    if !options.format.can_export() {
        return Err(FormatError::ImportOnly(options.format));
    }
    let annotator = export_annotator(project, options.annotator.as_deref())?;
    let mut report = ExportReport {
        annotator: annotator.clone(),
        ..ExportReport::default()
    };
    let ids: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
    let mut records = Vec::new();
    for (done, id) in ids.iter().enumerate() {
        progress(done, ids.len());
        let set = match project.load_annotations(id, &annotator) {
            Ok(set) => set,
            Err(e) => {
                report.problems.push(e.into());
                continue;
            }
        };
        if !reviewed(&set, options.include_suggestions) {
            report.documents_unreviewed += 1;
            continue;
        }
        let document: Document = match project.load_document(id) {
            Ok(document) => document,
            Err(e) => {
                report.problems.push(e.into());
                continue;
            }
        };
        report
            .unwritten
            .extend(misfits(&document, &set, |s| options.keeps(s)));
        records.push(Record::from_annotations(&document, &set, |s| {
            options.keeps(s)
        }));
    }
    progress(ids.len(), ids.len());

    let parts: Vec<(String, Vec<Record>)> = match &options.split {
        None => vec![("all".to_owned(), records)],
        Some(split) => split.assign(records, |r| r.id.as_str()),
    };
    let schema = project.file.schema.clone();
    let mut card_parts = Vec::new();
    let mut written_all = Vec::new();
    // brat writes annotation.conf once per part: list it once.
    let mut written_paths = std::collections::HashSet::new();
    for (name, part_records) in &parts {
        let rendered = render(options.format, part_records, name, &schema)?;
        let mut part_files = Vec::new();
        for (relative, content) in rendered.files {
            let path = out.join(&relative);
            write_atomic(&path, content.as_bytes())?;
            if written_paths.insert(path.clone()) {
                report.files.push(path);
                part_files.push(relative);
            }
        }
        report.parts.push(PartReport {
            name: name.clone(),
            documents: part_records.len(),
        });
        card_parts.push(card::Part {
            name: name.clone(),
            documents: part_records.len(),
            document_ids: options
                .split
                .as_ref()
                .map(|_| part_records.iter().map(|r| r.id.clone()).collect()),
            files: part_files
                .iter()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect(),
        });
        report.unwritten.extend(rendered.unwritten);
        written_all.extend(rendered.written);
    }
    report.documents = written_all.len();
    report.mentions = written_all.iter().map(|r| r.mentions.len()).sum();
    report.events = written_all.iter().map(|r| r.events.len()).sum();
    report.claims = written_all.iter().map(|r| r.claims.len()).sum();
    let card = card::render(options, &annotator, &written_all, card_parts, &schema)?;
    let card_path = out.join(card::FILE);
    write_atomic(&card_path, card.as_bytes())?;
    written_paths.insert(card_path.clone());
    report.files.push(card_path);
    report.stale = walkdir::WalkDir::new(out)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| !written_paths.contains(p))
        .collect();
    Ok(report)
}

/// Selected items whose spans do not fit their document (a file edited by
/// hand, or a document changed under it): listed, since they cannot be written.
fn misfits(
    document: &Document,
    set: &AnnotationSet,
    keep: impl Fn(&Status) -> bool,
) -> Vec<Unwritten> {
    let spans = set
        .mentions
        .iter()
        .map(|m| (&m.review.status, m.span, &m.label, &m.text))
        .chain(
            set.events
                .iter()
                .map(|e| (&e.review.status, e.trigger, &e.event_type, &e.trigger_text)),
        )
        .chain(
            set.claims
                .iter()
                .map(|c| (&c.review.status, c.cue, &c.stance, &c.cue_text)),
        );
    spans
        .filter(|(status, ..)| keep(status))
        .filter_map(|(_, span, label, text)| {
            let error = span.validate(&document.text).err()?;
            Some(Unwritten {
                document: document.id.to_string(),
                label: label.clone(),
                start: 0,
                end: 0,
                text: text.clone(),
                reason: format!("{error} (bytes); run `attest check`"),
            })
        })
        .collect()
}

/// Whether the annotator has looked at a document: a decided item, or with
/// suggestions included, any item.
fn reviewed(set: &AnnotationSet, include_suggestions: bool) -> bool {
    let statuses = set
        .mentions
        .iter()
        .map(|m| &m.review.status)
        .chain(set.events.iter().map(|e| &e.review.status))
        .chain(set.claims.iter().map(|c| &c.review.status));
    statuses
        .into_iter()
        .any(|s| include_suggestions || !s.is_open())
}

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
    /// Records and items that could not be taken, with file and line.
    pub problems: Vec<Problem>,
}

/// A record read from a file, with where it starts.
pub(crate) struct Located {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub record: Record,
    /// Parts of the record that have no place in Attest, already skipped.
    pub notes: Vec<String>,
}

/// Records read from one file, and what could not be read.
#[derive(Default)]
pub(crate) struct Parsed {
    pub records: Vec<Located>,
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// Reads a JSON-lines file one record a line: blank lines are skipped,
    /// a line `read_line` refuses becomes a problem naming its line, and
    /// `Ok(None)` (a line that holds no record) is passed over.
    pub fn from_json_lines(
        path: &Path,
        text: &str,
        read_line: impl Fn(&str) -> Result<Option<(Record, Vec<String>)>, String>,
    ) -> Self {
        let mut parsed = Self::default();
        for (index, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let line_number = index + 1;
            match read_line(line) {
                Ok(Some((record, notes))) => parsed.records.push(Located {
                    path: path.to_owned(),
                    line: Some(line_number),
                    record,
                    notes,
                }),
                Ok(None) => {}
                Err(message) => {
                    parsed
                        .problems
                        .push(Problem::new(path, Some(line_number), message))
                }
            }
        }
        parsed
    }
}

/// The files an import reads for `path`: the file itself, or a folder's
/// files of the format (sorted, `dataset.json` cards left out).
fn input_files(format: Format, path: &Path) -> Result<Vec<PathBuf>, Problem> {
    if !path.exists() {
        return Err(Problem::new(path, None, "no such file or folder"));
    }
    if !path.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            let extension = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            format.extensions().contains(&extension) && name != card::FILE && !name.starts_with('.')
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Reads one file of the format.
fn read_file(format: Format, path: &Path, schema: &Schema) -> Parsed {
    if format == Format::Brat {
        return brat::read(path, schema);
    }
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                    .iter()
                    .filter(|b| **b == b'\n')
                    .count();
                return problem_only(path, Some(line), "not UTF-8");
            }
        },
        Err(e) => return problem_only(path, None, format!("cannot read: {e}")),
    };
    match format {
        Format::Jsonl => jsonl::read(path, &text),
        Format::Doccano => doccano::read(path, &text),
        Format::LabelStudio => label_studio::read(path, &text),
        Format::Conll => conll::read(path, &text),
        Format::Prodigy => prodigy::read(path, &text),
        Format::Brat => Parsed::default(),
    }
}

fn problem_only(path: &Path, line: Option<usize>, message: impl Into<String>) -> Parsed {
    Parsed {
        records: Vec::new(),
        problems: vec![Problem::new(path, line, message)],
    }
}

/// Imports annotations from `paths` (files, or folders of the format's
/// files) into the project: each record's text becomes a document (the same
/// text is the same document) and its items are merged into the
/// annotator's file. Labels missing from the schema are added and saved.
/// A record or item that cannot be taken is reported; the rest goes on.
/// `progress` is called with (files done, total).
pub fn import(
    project: &mut Project,
    paths: &[PathBuf],
    options: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
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
        match input_files(options.format, path) {
            Ok(found) => files.extend(found),
            Err(problem) => report.problems.push(problem),
        }
    }
    let mut schema = project.file.schema.clone();
    let imported = import_files(
        project,
        options.format,
        &files,
        &mut schema,
        &reviewer,
        &mut report,
        progress,
    );
    // Saved even when a write failed midway: annotations already written
    // may use the new labels.
    if schema != project.file.schema {
        project.file.schema = schema;
        project.save_project_file()?;
    }
    imported.map(|()| report)
}

/// Reads and merges every file; stops only when the project cannot be written.
fn import_files(
    project: &mut Project,
    format: Format,
    files: &[PathBuf],
    schema: &mut Schema,
    reviewer: &record::Reviewer<'_>,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), FormatError> {
    let mut labels_added = BTreeSet::new();
    let mut order: i64 = 0;
    for (done, file) in files.iter().enumerate() {
        progress(done, files.len());
        let parsed = read_file(format, file, schema);
        let problems_before = report.problems.len();
        report.problems.extend(parsed.problems);
        for located in parsed.records {
            report.records += 1;
            order += 1;
            import_record(
                project,
                schema,
                located,
                reviewer,
                order,
                report,
                &mut labels_added,
            )?;
        }
        // Each file's problems in line order, as an editor lists them.
        report.problems[problems_before..].sort_by_key(|p| p.line);
    }
    progress(files.len(), files.len());
    Ok(())
}

fn import_record(
    project: &mut Project,
    schema: &mut Schema,
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
    } = located;
    let problem = |message: String| Problem::new(&path, line, message);
    report.problems.extend(notes.into_iter().map(problem));
    if record.text.is_empty() {
        report
            .problems
            .push(problem("the record has no text; skipped".to_owned()));
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
    let id = match project.add_document(document)? {
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
    let merged = record::merge(&record, &mut set, schema, reviewer);
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
    project.save_annotations(&set)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_parse_leniently_and_unknown_ones_list_the_choices() {
        assert_eq!(
            "label-studio".parse::<Format>().unwrap(),
            Format::LabelStudio
        );
        assert_eq!(
            "Label_Studio".parse::<Format>().unwrap(),
            Format::LabelStudio
        );
        assert_eq!("CONLL".parse::<Format>().unwrap(), Format::Conll);
        let error = "spacy".parse::<Format>().unwrap_err().to_string();
        assert!(error.contains("jsonl, doccano"), "{error}");
        assert!(!Format::Prodigy.can_export());
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>().unwrap(), format);
        }
    }

    #[test]
    fn only_gold_unless_asked_and_negatives_only_where_a_status_fits() {
        let rejected = Status::Rejected;
        let open = Status::Suggested {
            by: "x".into(),
            score: 0.5,
        };
        let mut options = ExportOptions::new(Format::Conll);
        assert!(options.keeps(&Status::Corrected));
        assert!(!options.keeps(&open));
        options.include_suggestions = true;
        options.negatives = true;
        assert!(options.keeps(&open));
        assert!(
            !options.keeps(&rejected),
            "CoNLL has no place for a negative"
        );
        options.format = Format::Brat;
        assert!(options.keeps(&rejected));
    }
}
