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
//!
//! Each format is one file with a unit struct implementing
//! [`registry::DatasetFormat`]; the `registry!` list below is the one place
//! that names them all. Readers take bytes (`source.rs`), so the import
//! job and the fuzz targets reach every format through the registry. The
//! jobs are `export.rs` and `import.rs`.

pub mod acled;
mod brat;
mod card;
mod conll;
mod doccano;
mod export;
mod flat;
#[doc(hidden)]
pub mod fuzzing;
mod hub_card;
mod import;
mod jsonl;
mod label_studio;
pub(crate) mod lines;
mod prodigy;
mod record;
mod record_extras;
mod registry;
mod shaped;
mod source;
mod split;
mod stream;
mod uniform;

use std::fmt;
use std::path::{Path, PathBuf};

pub use export::{ExportOptions, ExportReport, PartReport, export};
pub use import::{ImportAs, ImportOptions, ImportReport, import};
pub use record::{
    Offsets, Record, RecordClaim, RecordEvent, RecordMention, RecordMeta, RecordSource,
};
pub use record_extras::{
    RecordAttribute, RecordEquivalence, RecordExtras, RecordNormalization, RecordNote,
    RecordRelation,
};
pub use split::Split;
pub use stream::record_as_file;

use crate::model::StatusKind;
use crate::store::{Problem, StoreError};

registry::registry! {
    /// Attest's own JSONL: one document a line with mentions, events and claims.
    Jsonl => jsonl::Jsonl,
    /// doccano JSONL: `label: [[s, e, "L"]]`, or `entities` + `relations`.
    Doccano => doccano::Doccano,
    /// Label Studio JSON tasks with `labels` and `relation` results.
    LabelStudio => label_studio::LabelStudio,
    /// brat standoff: `.txt` + `.ann` per document, and `annotation.conf`.
    Brat => brat::Brat,
    /// CoNLL-2003 style `token TAG` lines, IOB2, mentions only.
    Conll => conll::Conll,
    /// Prodigy JSONL (`ner_manual`, `rel.manual` output); import only.
    Prodigy => prodigy::Prodigy,
    /// ACLED-style CSV: one row per event, actors by canonical name; coded
    /// rows import as documents with document-level gold.
    AcledCsv => acled::AcledCsv,
}

/// Why an export or import could not run at all (per-record trouble is a
/// [`Problem`] in the report instead).
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("unknown format {:?}; expected one of {}", .0, Format::names(Format::ALL))]
    UnknownFormat(String),
    #[error("{0} is an import format; it cannot be exported")]
    ImportOnly(Format),
    #[error("invalid split {value:?}: {reason}")]
    InvalidSplit { value: String, reason: String },
    #[error(
        "{format} would write {first:?} and {second:?} both as the label {written:?}, merging them; rename one in the schema"
    )]
    LabelCollision {
        format: Format,
        written: String,
        first: String,
        second: String,
    },
    #[error("nobody has annotated this project yet: {}", path.display())]
    NoAnnotator { path: PathBuf },
    #[error("several annotators ({}); choose one with --annotator: {}", names.join(", "), path.display())]
    AmbiguousAnnotator { names: Vec<String>, path: PathBuf },
    #[error("no annotations by {annotator} in this project: {}", path.display())]
    UnknownAnnotator { annotator: String, path: PathBuf },
    #[error("cannot serialise {what}: {message}")]
    Serialise { what: String, message: String },
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

/// A field of a written item that the export left empty because it could
/// not fill it, e.g. an ACLED row's `event_date` when the event's time is
/// "last week" or the document has no dated dateline. Listed beside the
/// dataset so that a coder can fill it by hand. Offsets in code points, of
/// the text the field would come from (or of the item itself).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LeftEmpty {
    pub document: String,
    /// The item's id in the export (`e1` …).
    pub item: String,
    pub field: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

impl fmt::Display for LeftEmpty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {}..{} {:?}: {}",
            self.document, self.item, self.field, self.start, self.end, self.text, self.reason
        )
    }
}

/// The rendered files of one part, and what they hold.
pub(crate) struct Rendered {
    /// Paths relative to the export folder, with their content.
    pub files: Vec<(PathBuf, String)>,
    /// The records as written (what the format could hold of them);
    /// `None` when that is every record given, whole.
    pub written: Option<Vec<Record>>,
    pub unwritten: Vec<Unwritten>,
    pub left_empty: Vec<LeftEmpty>,
    /// The shape of the JSON lines in `files`, when the writer knows it
    /// (then nobody parses the lines back for it).
    pub lines: Option<uniform::Shape>,
}

impl Rendered {
    /// Files that hold every record whole.
    fn whole(files: Vec<(PathBuf, String)>) -> Self {
        Self {
            files,
            written: None,
            unwritten: Vec::new(),
            left_empty: Vec::new(),
            lines: None,
        }
    }
}

/// A record read from a file, with where it starts.
pub(crate) struct Located {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub record: Record,
    /// Parts of the record that have no place in Attest, already skipped.
    pub notes: Vec<String>,
    /// Whose record it is when the file says (one of several Label Studio
    /// annotators); `None` for the annotator importing.
    pub annotator: Option<String>,
}

/// Records read from one file, and what could not be read.
#[derive(Default)]
pub(crate) struct Parsed {
    pub records: Vec<Located>,
    pub problems: Vec<Problem>,
}

/// Nothing read, and why.
impl From<Problem> for Parsed {
    fn from(problem: Problem) -> Self {
        Self {
            records: Vec::new(),
            problems: vec![problem],
        }
    }
}

impl Parsed {
    /// Nothing read, and why.
    pub fn problem_only(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            records: Vec::new(),
            problems: vec![Problem::new(path, line, message)],
        }
    }

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
                    annotator: None,
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
