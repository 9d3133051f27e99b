//! The export job: a project's annotations, filtered by status, into a
//! dataset folder in one format, with its `dataset.json` card. The CLI and
//! the GUI both drive this one function.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::registry::WriteContext;
use super::uniform::Shape;
use super::{Format, FormatError, LeftEmpty, Record, Rendered, Split, Unwritten, card, hub_card};
use crate::model::{AnnotationSet, Document, DocumentId, Status};
use crate::progress::JobControl;
use crate::store::{Problem, Project, StagedFolder, StoreError};

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
    /// Leave out spans that overlap others (and the relations that point at
    /// them), in formats whose tools refuse overlaps (doccano's default
    /// project); what is left out is listed as unwritten.
    pub without_overlaps: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotator: None,
            include_suggestions: false,
            negatives: false,
            split: None,
            without_overlaps: false,
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
    /// Spans written that overlap others, in a format whose tools refuse
    /// overlaps (doccano): a warning, and the reason for `without_overlaps`.
    pub overlapping: Vec<Unwritten>,
    /// The shape of the files where the format has several (doccano's
    /// `label` or `entities_relations`), the same for every part.
    pub shape: Option<&'static str>,
    /// Fields of written items left empty because the export could not fill
    /// them (an ACLED row's unresolved `event_date`), also in `dataset.json`.
    pub left_empty: Vec<LeftEmpty>,
    pub parts: Vec<PartReport>,
    /// Items found twice, as exact copies, in an annotation file: written
    /// once, and listed.
    pub copies: Vec<Problem>,
    /// Documents or annotation files that could not be read; they are left out.
    pub problems: Vec<Problem>,
    /// Files already in the output folder that this export did not write
    /// (an earlier export with another split or format): left alone, listed
    /// so that they are not mistaken for part of this dataset.
    pub stale: Vec<PathBuf>,
    /// The export was cancelled before it wrote anything.
    pub cancelled: bool,
    /// Seconds the annotator spent on the exported documents in the
    /// window (idle time left out), and how many documents have any.
    pub active_seconds: u64,
    pub timed_documents: usize,
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
/// A document is exported when the annotator has finished it (even with no
/// item: a negative example) or decided at least one of its items (or has
/// any item, with `include_suggestions`): a document nobody reviewed is
/// not evidence that it mentions nothing. Files are
/// named after the part (`all`, or `train`/`dev`/`test`), and
/// `dataset.json` describes the dataset.
///
/// A format whose files are its records' one after another
/// ([`Format::streams`]) is exported a few documents at a time, read on
/// all cores: a first reading decides which documents are exported (and
/// so the split) and what the whole export shares (labels, the lines'
/// keys); then each part is written in document order, its documents read
/// again, so memory does not grow with the project. Other formats are
/// rendered from every record at once.
///
/// Progress goes to `control` by document read, then by document (or
/// part) written. A cancel is honoured between documents, before anything
/// is published: a cancelled export changes no file and says so in its
/// report.
pub fn export(
    project: &mut Project,
    out: &Path,
    options: &ExportOptions,
    control: JobControl<'_>,
) -> Result<ExportReport, FormatError> {
    if !options.format.can_export() {
        return Err(FormatError::ImportOnly(options.format));
    }
    if options.format.streams() {
        export_streamed(project, out, options, control)
    } else {
        export_whole(project, out, options, control)
    }
}

/// How many documents are read (on all cores) and rendered at a time.
const DOCUMENTS_AT_A_TIME: usize = 256;
/// How many documents one core reads and renders at a time while a
/// streamed export writes them.
const DOCUMENTS_PER_PIECE: usize = 16;

/// What reading one document for the export found.
#[derive(Default)]
struct DocumentRead {
    /// The document and annotation file could not be read, or the file is ambiguous.
    problem: Option<Problem>,
    /// Exact copies of items in the file, written once.
    copies: Vec<Problem>,
    /// Not reviewed by the annotator: left out.
    unreviewed: bool,
    /// Selected items whose spans do not fit the text.
    misfits: Vec<Unwritten>,
    /// The document as exported.
    record: Option<Record>,
    /// The annotator's time on it, when it is exported.
    active_seconds: u64,
}

/// Reads one document and the annotator's file of it as the export writes it.
fn read_document(
    project: &Project,
    id: &DocumentId,
    annotator: &str,
    options: &ExportOptions,
) -> DocumentRead {
    let fail = |problem: Problem| DocumentRead {
        problem: Some(problem),
        ..DocumentRead::default()
    };
    let mut set = match project.read_annotations_only(id, annotator) {
        Ok(set) => set,
        Err(e) => return fail(e.into()),
    };
    let duplicates = set.remove_copies();
    let path = project.annotations_path(id, annotator);
    if !duplicates.conflicting.is_empty() {
        let ids: Vec<String> = duplicates
            .conflicting
            .iter()
            .map(ToString::to_string)
            .collect();
        let message = format!(
            "two different items share the id {}, so what refers to it is ambiguous; \
             the document is left out (`attest check` names the lines; keep one)",
            ids.join(", ")
        );
        return fail(Problem::new(&path, None, message));
    }
    let copies = duplicates
        .removed
        .iter()
        .map(|item| {
            let message = format!(
                "{item} is written twice in the file; exported once (`attest check` names the line of the copy)"
            );
            Problem::new(&path, None, message)
        })
        .collect();
    if !reviewed(&set, options.include_suggestions) {
        return DocumentRead {
            copies,
            unreviewed: true,
            ..DocumentRead::default()
        };
    }
    let document: Document = match project.load_document(id) {
        Ok(document) => document,
        Err(e) => {
            return DocumentRead {
                copies,
                ..fail(e.into())
            };
        }
    };
    DocumentRead {
        problem: None,
        copies,
        unreviewed: false,
        misfits: misfits(&document, &set, |s| options.keeps(s)),
        record: Some(Record::from_annotations(&document, &set, |s| {
            options.keeps(s)
        })),
        active_seconds: set.active_seconds,
    }
}

impl ExportReport {
    /// Notes what reading a document found; returns its record, if exported.
    fn take(&mut self, read: DocumentRead) -> Option<Record> {
        self.problems.extend(read.problem);
        self.copies.extend(read.copies);
        self.documents_unreviewed += usize::from(read.unreviewed);
        self.unwritten.extend(read.misfits);
        if read.record.is_some() && read.active_seconds > 0 {
            self.active_seconds += read.active_seconds;
            self.timed_documents += 1;
        }
        read.record
    }
}

/// Reads the documents `indexes` (into the project's list) on all cores;
/// what was read, in their order.
fn read_documents(
    project: &Project,
    indexes: &[usize],
    annotator: &str,
    options: &ExportOptions,
) -> Vec<DocumentRead> {
    let documents = project.documents();
    indexes
        .par_iter()
        .map(|i| read_document(project, &documents[*i].id, annotator, options))
        .collect()
}

/// What a few documents of a streamed export came to: the problems met
/// reading them, how many were read, and what was rendered of them.
type Piece = (
    Vec<Problem>,
    usize,
    Result<(Rendered, Tally, Option<Shape>), FormatError>,
);

/// Reads documents for a streamed export, as its second reading.
struct Reading<'a> {
    project: &'a Project,
    annotator: &'a str,
    options: &'a ExportOptions,
}

impl Reading<'_> {
    /// Reads the documents `batch` (indexes into the project's list) again
    /// (what the first reading reported is not repeated), and renders and
    /// counts them on all cores, a few documents a piece; the pieces, in
    /// order, give the bytes of one rendering of every record.
    fn render(&self, batch: &[usize], part: &str, context: &WriteContext<'_>) -> Vec<Piece> {
        let documents = self.project.documents();
        let hub_card = has_hub_card(self.options.format);
        batch
            .par_chunks(DOCUMENTS_PER_PIECE)
            .map(|piece| {
                let mut problems = Vec::new();
                let records: Vec<Record> = piece
                    .iter()
                    .map(|i| {
                        read_document(
                            self.project,
                            &documents[*i].id,
                            self.annotator,
                            self.options,
                        )
                    })
                    .filter_map(|read| match read.problem {
                        Some(problem) => {
                            problems.push(problem);
                            None
                        }
                        None => read.record,
                    })
                    .collect();
                let rendered = self.options.format.render(&records, part, context);
                let rendered = rendered.map(|mut rendered| {
                    let lines = hub_card.then(|| line_shape(&mut rendered));
                    let written = rendered.written.take();
                    let tally = Tally::of(written.as_deref().unwrap_or(&records), self.options);
                    (rendered, tally, lines)
                });
                (problems, records.len(), rendered)
            })
            .collect()
    }
}

/// The export of a format rendered from every record at once.
fn export_whole(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
    control: JobControl<'_>,
) -> Result<ExportReport, FormatError> {
    let annotator = export_annotator(project, options.annotator.as_deref())?;
    let mut report = ExportReport {
        annotator: annotator.clone(),
        ..ExportReport::default()
    };
    let count = project.documents().len();
    let mut records = Vec::new();
    control.progress.begin("reading", count as u64);
    let indexes: Vec<usize> = (0..count).collect();
    for batch in indexes.chunks(DOCUMENTS_AT_A_TIME) {
        if control.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        for read in read_documents(project, batch, &annotator, options) {
            records.extend(report.take(read));
        }
        control.progress.advance(batch.len() as u64);
    }
    if control.is_cancelled() {
        report.cancelled = true;
        return Ok(report);
    }

    // Two names written as one label would be merged: refused, naming both.
    if options.format.codes_labels()
        && let Some((written, first, second)) = super::flat::label_collision(&records)
    {
        return Err(FormatError::LabelCollision {
            format: options.format,
            written,
            first,
            second,
        });
    }
    // Chosen from every record before the split, so every part has it.
    report.shape = options.format.shape(&records);
    // Written beside `out` and swapped in whole: an export interrupted at
    // any point leaves the previous dataset as it was, never parts of two.
    let staged = StagedFolder::beside(out, card::FILE)?;
    let parts: Vec<(String, Vec<Record>)> = match &options.split {
        None => vec![("all".to_owned(), records)],
        Some(split) => split.assign(records, |r| r.id.as_str()),
    };
    // Every part's records, for what is declared once for the whole export
    // (brat's annotation.conf).
    let all_records: Vec<&Record> = parts.iter().flat_map(|(_, part)| part).collect();
    let context = WriteContext {
        schema: &project.file.schema,
        catalogue: &project.catalogue,
        shape: report.shape,
        without_overlaps: options.without_overlaps,
        all_records: &all_records,
        uniform: None,
    };
    let mut writing = Writing::new(&staged, options);
    control.progress.begin("writing", parts.len() as u64);
    for (name, part_records) in &parts {
        let ids = part_records.iter().map(|r| r.id.clone()).collect();
        writing.begin_part(name, ids);
        if !part_records.is_empty() {
            let rendered = options.format.render(part_records, name, &context)?;
            let tally = Tally::of(rendered.written.as_deref().unwrap_or(part_records), options);
            writing.write(rendered, tally, part_records.len(), None, &mut report)?;
        }
        writing.end_part(&mut report)?;
        control.progress.advance(1);
    }
    writing.finish(staged, out, options, &project.file.schema, report)
}

/// The export of a format written a few records at a time.
fn export_streamed(
    project: &Project,
    out: &Path,
    options: &ExportOptions,
    control: JobControl<'_>,
) -> Result<ExportReport, FormatError> {
    let annotator = export_annotator(project, options.annotator.as_deref())?;
    let mut report = ExportReport {
        annotator: annotator.clone(),
        ..ExportReport::default()
    };
    let documents = project.documents();
    // First reading: which documents are exported, and what the export
    // shares — the labels (two names written as one are refused) and, for
    // lines made uniform, each document's shape (documents of one shape
    // share an entry).
    let mut exported: Vec<usize> = Vec::new();
    let mut codes = super::flat::LabelCodes::default();
    let mut collision = None;
    let uniform = options.format == Format::Jsonl;
    let mut shapes: Vec<Shape> = Vec::new();
    let mut shape_index: HashMap<String, usize> = HashMap::new();
    let mut shape_of: HashMap<usize, usize> = HashMap::new();
    control.progress.begin("reading", documents.len() as u64);
    let indexes: Vec<usize> = (0..documents.len()).collect();
    for batch in indexes.chunks(DOCUMENTS_AT_A_TIME) {
        if control.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        // Each record's shape (for uniform lines) is taken on all cores too.
        type ShapeRead = Option<Result<(Shape, String), FormatError>>;
        let reads: Vec<(DocumentRead, ShapeRead)> = batch
            .par_iter()
            .map(|i| {
                let read = read_document(project, &documents[*i].id, &annotator, options);
                let shape = read.record.as_ref().filter(|_| uniform).map(|record| {
                    let mut shape = Shape::default();
                    shape.widen_by(record)?;
                    let key = shape.value().to_string();
                    Ok((shape, key))
                });
                (read, shape)
            })
            .collect();
        for (index, (read, shape)) in batch.iter().zip(reads) {
            let Some(record) = report.take(read) else {
                continue;
            };
            if options.format.codes_labels() && collision.is_none() {
                collision = codes.collision(&record);
            }
            if let Some(shape) = shape {
                let (shape, key) = shape?;
                let next = shapes.len();
                let entry = *shape_index.entry(key).or_insert(next);
                if entry == next {
                    shapes.push(shape);
                }
                shape_of.insert(*index, entry);
            }
            exported.push(*index);
        }
        control.progress.advance(batch.len() as u64);
    }
    if control.is_cancelled() {
        report.cancelled = true;
        return Ok(report);
    }
    if let Some((written, first, second)) = collision {
        return Err(FormatError::LabelCollision {
            format: options.format,
            written,
            first,
            second,
        });
    }
    let exported: Vec<(usize, &DocumentId)> = exported
        .into_iter()
        .map(|i| (i, &documents[i].id))
        .collect();
    let parts: Vec<(String, Vec<(usize, &DocumentId)>)> = match &options.split {
        None => vec![("all".to_owned(), exported)],
        Some(split) => split.assign(exported, |(_, id)| id.as_str()),
    };
    // The lines' keys, widened in the order the records are written, as
    // when every record is at hand.
    let every = uniform.then(|| {
        let mut every = Shape::default();
        for (index, _) in parts.iter().flat_map(|(_, part)| part) {
            if let Some(shape) = shape_of.get(index) {
                every.widen(shapes[*shape].value());
            }
        }
        every
    });
    drop(shape_of);
    let staged = StagedFolder::beside(out, card::FILE)?;
    let context = WriteContext {
        schema: &project.file.schema,
        catalogue: &project.catalogue,
        shape: report.shape,
        without_overlaps: options.without_overlaps,
        all_records: &[],
        uniform: every.as_ref(),
    };
    let mut writing = Writing::new(&staged, options);
    let total: usize = parts.iter().map(|(_, part)| part.len()).sum();
    control.progress.begin("writing", total as u64);
    for (name, part) in &parts {
        let ids = part.iter().map(|(_, id)| id.to_string()).collect();
        writing.begin_part(name, ids);
        let part: Vec<usize> = part.iter().map(|(i, _)| *i).collect();
        let render = |batch: &[usize]| {
            let reading = Reading {
                project,
                annotator: &annotator,
                options,
            };
            reading.render(batch, name, &context)
        };
        // Each batch is read and rendered on all cores while the one before
        // it is written.
        let mut waiting: Option<(Vec<Piece>, usize)> = None;
        for batch in part.chunks(DOCUMENTS_AT_A_TIME) {
            if control.is_cancelled() {
                // Nothing is published: the staging folder goes with `staged`.
                report.files.clear();
                report.cancelled = true;
                return Ok(report);
            }
            let previous = waiting.take();
            let (written, pieces) = rayon::join(
                || previous.map(|(pieces, count)| (writing.write_all(pieces, &mut report), count)),
                || render(batch),
            );
            if let Some((written, count)) = written {
                written?;
                control.progress.advance(count as u64);
            }
            waiting = Some((pieces, batch.len()));
        }
        if let Some((pieces, count)) = waiting {
            writing.write_all(pieces, &mut report)?;
            control.progress.advance(count as u64);
        }
        writing.end_part(&mut report)?;
    }
    writing.finish(staged, out, options, &project.file.schema, report)
}

/// Whether `format`'s export gets a Hugging Face dataset card, whose
/// features are taken from every line written.
fn has_hub_card(format: Format) -> bool {
    matches!(
        format,
        Format::Jsonl | Format::Doccano | Format::LabelStudio
    )
}

/// The shape of every JSON line (or Label Studio task) rendered: the one
/// its writer took as it wrote them, else read back from the files.
fn line_shape(rendered: &mut Rendered) -> Shape {
    if let Some(lines) = rendered.lines.take() {
        return lines;
    }
    let mut lines = Shape::default();
    for (relative, content) in &rendered.files {
        match relative.extension().and_then(|e| e.to_str()) {
            Some("jsonl") => {
                for line in content.lines() {
                    if let Ok(value) = serde_json::from_str(line) {
                        lines.widen(&value);
                    }
                }
            }
            // Label Studio: one JSON array of tasks.
            Some("json") => {
                if let Ok(serde_json::Value::Array(tasks)) = serde_json::from_str(content) {
                    for task in &tasks {
                        lines.widen(task);
                    }
                }
            }
            _ => {}
        }
    }
    lines
}

/// What the report and the cards count of the records a piece of the
/// export wrote, taken on the core that rendered them.
#[derive(Default)]
struct Tally {
    mentions: usize,
    events: usize,
    claims: usize,
    written: card::Written,
    /// Spans by label, for the Hugging Face card.
    labels: BTreeMap<String, usize>,
    /// Spans that overlap others, in a format whose tools refuse them.
    overlapping: Vec<Unwritten>,
}

impl Tally {
    /// Counts `written`, the records as the format wrote them.
    fn of(written: &[Record], options: &ExportOptions) -> Self {
        let mut tally = Self::default();
        if options.format.refuses_overlaps() {
            tally.overlapping = written.iter().flat_map(super::flat::overlapping).collect();
        }
        let hub_card = has_hub_card(options.format);
        for record in written {
            tally.mentions += record.mentions.len();
            tally.events += record.events.len();
            tally.claims += record.claims.len();
            tally.written.add(record, options);
            if hub_card {
                tally.count_labels(record);
            }
        }
        tally
    }

    fn count_labels(&mut self, record: &Record) {
        let mut count = |label: Cow<'_, str>| match self.labels.get_mut(label.as_ref()) {
            Some(n) => *n += 1,
            None => {
                self.labels.insert(label.into_owned(), 1);
            }
        };
        for m in &record.mentions {
            count(Cow::Borrowed(&m.label));
        }
        for e in &record.events {
            count(Cow::Owned(format!("event {}", e.event_type)));
        }
        for c in &record.claims {
            count(Cow::Owned(format!("claim {}", c.stance)));
        }
    }
}

/// The files of an export being written into its staging folder, part by
/// part, and what the dataset cards will say of them.
struct Writing<'s> {
    staging: PathBuf,
    options: &'s ExportOptions,
    /// JSON-lines formats get a Hugging Face dataset card, its features
    /// taken from every line written.
    hub_card: bool,
    lines: Shape,
    labels: BTreeMap<String, usize>,
    written: card::Written,
    /// Files written, relative to the folder; brat writes annotation.conf
    /// once per part: listed once.
    written_paths: HashSet<PathBuf>,
    /// Files open for appending, in the staging folder.
    open: HashMap<PathBuf, std::io::BufWriter<std::fs::File>>,
    card_parts: Vec<card::Part>,
    part_file_lists: Vec<Vec<String>>,
    /// The part being written: its name, document ids, files and count.
    part: String,
    part_ids: Vec<String>,
    part_files: Vec<PathBuf>,
    part_documents: usize,
}

impl<'s> Writing<'s> {
    fn new(staged: &StagedFolder, options: &'s ExportOptions) -> Self {
        Self {
            staging: staged.path().to_owned(),
            options,
            hub_card: has_hub_card(options.format),
            lines: Shape::default(),
            labels: BTreeMap::new(),
            written: card::Written::default(),
            written_paths: HashSet::new(),
            open: HashMap::new(),
            card_parts: Vec::new(),
            part_file_lists: Vec::new(),
            part: String::new(),
            part_ids: Vec::new(),
            part_files: Vec::new(),
            part_documents: 0,
        }
    }

    fn begin_part(&mut self, name: &str, ids: Vec<String>) {
        name.clone_into(&mut self.part);
        self.part_ids = ids;
        self.part_files.clear();
        self.part_documents = 0;
    }

    /// Writes (appends) what was rendered of the part's next `documents`,
    /// and adds up what `tally` counted of them. `lines`: the
    /// [`line_shape`] of `rendered` when the export has a dataset card
    /// (taken by the caller, on any core).
    fn write(
        &mut self,
        mut rendered: Rendered,
        tally: Tally,
        documents: usize,
        lines: Option<Shape>,
        report: &mut ExportReport,
    ) -> Result<(), StoreError> {
        if self.hub_card {
            let lines = lines.unwrap_or_else(|| line_shape(&mut rendered));
            // Widening by the shape of these lines adds what widening by
            // each of them would.
            self.lines.widen(lines.value());
        }
        for (relative, content) in rendered.files {
            let path = self.staging.join(&relative);
            let file = match self.open.entry(relative.clone()) {
                std::collections::hash_map::Entry::Occupied(file) => file.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(std::io::BufWriter::new(create_new_file(&path)?))
                }
            };
            file.write_all(content.as_bytes())
                .map_err(|e| StoreError::io("cannot write", &path, e))?;
            if self.written_paths.insert(relative.clone()) {
                report.files.push(relative.clone());
                self.part_files.push(relative);
            }
        }
        report.overlapping.extend(tally.overlapping);
        report.unwritten.extend(rendered.unwritten);
        report.left_empty.extend(rendered.left_empty);
        report.mentions += tally.mentions;
        report.events += tally.events;
        report.claims += tally.claims;
        self.written.merge(tally.written);
        for (label, count) in tally.labels {
            *self.labels.entry(label).or_default() += count;
        }
        self.part_documents += documents;
        Ok(())
    }

    /// Writes the pieces of a streamed export, in order.
    fn write_all(
        &mut self,
        pieces: Vec<Piece>,
        report: &mut ExportReport,
    ) -> Result<(), FormatError> {
        for (problems, documents, rendered) in pieces {
            report.problems.extend(problems);
            let (rendered, tally, lines) = rendered?;
            self.write(rendered, tally, documents, lines, report)?;
        }
        Ok(())
    }

    /// Closes the part's files and lists the part. An empty part gets no
    /// file (an empty file is no dataset: `datasets` refuses a split with
    /// no rows); the card lists it with no files.
    fn end_part(&mut self, report: &mut ExportReport) -> Result<(), StoreError> {
        // The part's files are complete: a later part writes others, or
        // one of them again, whole (brat's annotation.conf).
        for (relative, mut file) in self.open.drain() {
            file.flush()
                .map_err(|e| StoreError::io("cannot write", &self.staging.join(&relative), e))?;
        }
        let part_files = std::mem::take(&mut self.part_files);
        report.parts.push(PartReport {
            name: self.part.clone(),
            documents: self.part_documents,
        });
        let name = |p: &PathBuf| p.to_string_lossy().replace('\\', "/");
        // The data files of the part, for the dataset card (not Label
        // Studio's config.xml).
        self.part_file_lists.push(
            part_files
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "jsonl"))
                .map(name)
                .collect(),
        );
        self.card_parts.push(card::Part {
            name: self.part.clone(),
            documents: self.part_documents,
            document_ids: self
                .options
                .split
                .as_ref()
                .map(|_| std::mem::take(&mut self.part_ids)),
            files: part_files.iter().map(name).collect(),
            shape: report.shape,
        });
        Ok(())
    }

    /// Flushes every file, writes the cards and publishes the folder.
    fn finish(
        mut self,
        staged: StagedFolder,
        out: &Path,
        options: &ExportOptions,
        schema: &crate::model::Schema,
        mut report: ExportReport,
    ) -> Result<ExportReport, FormatError> {
        report.files = report.files.iter().map(|f| out.join(f)).collect();
        report.documents = self.written.documents;
        if self.hub_card {
            let card_parts: Vec<hub_card::CardPart<'_>> = report
                .parts
                .iter()
                .zip(&self.part_file_lists)
                .map(|(p, files)| hub_card::CardPart {
                    name: &p.name,
                    files,
                    documents: p.documents,
                })
                .collect();
            let labels: Vec<(String, usize)> = self.labels.into_iter().collect();
            let text = hub_card::render(options, &self.lines, &card_parts, &labels)?;
            write_new_file(&self.staging.join(hub_card::FILE), text.as_bytes())?;
            self.written_paths.insert(PathBuf::from(hub_card::FILE));
            report.files.push(out.join(hub_card::FILE));
        }
        card::write(
            &self.staging.join(card::FILE),
            options,
            &report.annotator,
            self.written,
            card::Listed {
                parts: self.card_parts,
                shape: report.shape,
                unwritten: &report.unwritten,
                overlapping: &report.overlapping,
                left_empty: &report.left_empty,
                time: card::TimeSpent {
                    active_seconds: report.active_seconds,
                    documents: report.timed_documents,
                },
            },
            schema,
        )?;
        self.written_paths.insert(PathBuf::from(card::FILE));
        report.files.push(out.join(card::FILE));
        // Files of the old folder this export does not write (another split's
        // parts, the user's notes) are kept, and listed.
        report.stale = staged
            .carry_over(|relative| !self.written_paths.contains(relative))?
            .into_iter()
            .map(|relative| out.join(relative))
            .collect();
        staged.publish()?;
        Ok(report)
    }
}

/// Creates a file of the staging folder (its folders too), for writing.
fn create_new_file(path: &Path) -> Result<std::fs::File, StoreError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
    }
    std::fs::File::create(path).map_err(|e| StoreError::io("cannot write", path, e))
}

/// Writes a file of the staging folder (its folders too): it becomes
/// visible only when the whole folder is published.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| StoreError::io("cannot write", path, e))
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

/// Whether the annotator has looked at a document: declared it finished
/// (with no item, a negative example), decided an item, or with
/// suggestions included, has any item.
fn reviewed(set: &AnnotationSet, include_suggestions: bool) -> bool {
    if set.is_finished() {
        return true;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentMeta, Finished, Mention, MentionId, Review, Span};
    use crate::store::{Added, OpenMode};

    /// Forty documents whose records differ in shape (titles, dates, extra
    /// metadata keys, mention attributes met in different orders), with
    /// accepted, open and rejected items, finished empty documents and
    /// documents nobody reviewed.
    fn project_of_many() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        Project::create(&root, "many").unwrap();
        let (mut project, _) = Project::open(
            &root,
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let at = jiff::Timestamp::UNIX_EPOCH;
        for n in 0..40 {
            let text = format!(
                "JNIM fighters attacked Farabougou on Tuesday, report {n}. The army said {n} soldiers died."
            );
            let mut meta = DocumentMeta::default();
            if n % 3 == 0 {
                meta.title = Some(format!("Report {n}"));
            }
            if n % 5 == 1 {
                meta.extra.insert(format!("key{}", n % 4), "v".into());
            }
            if n % 7 == 2 {
                meta.date = Some(format!("2024-03-0{}", 1 + n % 9));
            }
            let Added::New(id) = project
                .add_document(Document::new(text.clone(), meta))
                .unwrap()
            else {
                panic!("every text differs");
            };
            if n % 11 == 10 {
                continue;
            }
            let mut set = AnnotationSet::new(id.clone(), "ana");
            let mention = |k: u32, needle: &str, label: &str, review: Review| {
                let start = text.find(needle).unwrap();
                Mention {
                    id: MentionId(k),
                    span: Span::new(start, start + needle.len()),
                    text: needle.to_owned(),
                    label: label.to_owned(),
                    actor: None,
                    attributes: std::collections::BTreeMap::new(),
                    review,
                }
            };
            let open = Review::suggested("ana", "rules", 0.5, at);
            let first = match n % 4 {
                0 => Review::accepted("ana", at),
                1 => open.clone(),
                2 => open.decided(Status::Rejected, "ana", at),
                _ => open.decided(Status::Corrected, "ana", at),
            };
            let mut jnim = mention(1, "JNIM", "ARMED_GROUP", first);
            if n % 6 == 0 {
                jnim.attributes.insert(format!("a{}", n % 4), "x".into());
            }
            set.mentions.push(jnim);
            set.mentions.push(mention(
                2,
                "Farabougou",
                "LOCATION",
                Review::accepted("ana", at),
            ));
            if n % 2 == 1 {
                set.mentions
                    .push(mention(3, "army", "STATE_FORCE", open.clone()));
            }
            if n % 9 == 0 {
                set.mentions.clear();
                set.finished = Some(Finished {
                    by: "ana".into(),
                    at,
                });
            }
            project.save_annotations(&set).unwrap();
        }
        (dir, project)
    }

    /// Every file under `folder`, by relative path, with its bytes.
    fn files_under(folder: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(folder)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(folder).unwrap().to_owned();
                (relative, std::fs::read(e.path()).unwrap())
            })
            .collect()
    }

    /// Golden comparison: a format written a few records at a time gives
    /// the bytes (and the report) of the same export rendered from every
    /// record at once, split or not, with suggestions or without.
    #[test]
    fn a_streamed_export_writes_the_bytes_of_one_rendered_from_every_record() {
        let (dir, project) = project_of_many();
        let splits = [None, Some(Split::parse("60,20,20", 7).unwrap())];
        for format in [Format::Jsonl, Format::Conll] {
            assert!(format.streams());
            for (s, split) in splits.iter().enumerate() {
                for include_suggestions in [false, true] {
                    let options = ExportOptions {
                        split: split.clone(),
                        include_suggestions,
                        negatives: true,
                        ..ExportOptions::new(format)
                    };
                    let name = format!("{format}-{s}-{include_suggestions}");
                    let whole_out = dir.path().join(format!("whole-{name}"));
                    let streamed_out = dir.path().join(format!("streamed-{name}"));
                    let mut whole =
                        export_whole(&project, &whole_out, &options, JobControl::unattended())
                            .unwrap();
                    let mut streamed = export_streamed(
                        &project,
                        &streamed_out,
                        &options,
                        JobControl::unattended(),
                    )
                    .unwrap();
                    let whole_files = files_under(&whole_out);
                    assert!(whole_files.len() >= 2, "{name}: {whole_files:?}");
                    assert_eq!(files_under(&streamed_out), whole_files, "{name}");
                    for report in [&mut whole, &mut streamed] {
                        report.files = report
                            .files
                            .iter()
                            .map(|f| PathBuf::from(f.file_name().unwrap()))
                            .collect();
                    }
                    assert_eq!(streamed, whole, "{name}");
                    assert!(whole.documents > 20, "{name}: {}", whole.documents);
                    assert!(whole.documents_unreviewed > 0, "{name}");
                }
            }
        }
    }

    /// Within each part of a split export, documents keep the project's
    /// order, and the card lists each part's documents in that order.
    #[test]
    fn a_streamed_split_keeps_the_project_order_within_each_part() {
        let (dir, project) = project_of_many();
        let options = ExportOptions {
            split: Some(Split::parse("50,25,25", 3).unwrap()),
            include_suggestions: true,
            ..ExportOptions::new(Format::Jsonl)
        };
        let out = dir.path().join("out");
        let report = export(
            &mut Project::open(project.root(), OpenMode::ReadOnly).unwrap().0,
            &out,
            &options,
            JobControl::unattended(),
        )
        .unwrap();
        let order: HashMap<String, usize> = project
            .documents()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.to_string(), i))
            .collect();
        let card: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(card::FILE)).unwrap()).unwrap();
        let mut seen = 0;
        for part in card["parts"].as_array().unwrap() {
            let name = part["name"].as_str().unwrap();
            let listed: Vec<&str> = part["document_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| id.as_str().unwrap())
                .collect();
            let text = std::fs::read_to_string(out.join(format!("{name}.jsonl"))).unwrap();
            let lines: Vec<serde_json::Value> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
            assert_eq!(ids, listed, "{name}");
            let positions: Vec<usize> = ids.iter().map(|id| order[*id]).collect();
            assert!(positions.is_sorted(), "{name}: {positions:?}");
            // One shape for every line of every part.
            let keys = |l: &serde_json::Value| {
                l["meta"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
            };
            assert!(lines.iter().all(|l| keys(l) == keys(&lines[0])), "{name}");
            seen += ids.len();
        }
        assert_eq!(seen, report.documents);
        assert_eq!(report.parts.len(), 3);
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
