//! The format registry: what each dataset format supports, and the one
//! list of formats that the CLI's `--format`, its help and its error
//! messages, the GUI's format menu and the import and export jobs read.
//!
//! Each format is a unit struct in its own file implementing
//! [`DatasetFormat`] (name, extensions, whether it reads, writes and keeps
//! an item's status, and its reader and writer), like INCEpTION's
//! `FormatSupport`. [`Format`] is the plain id options carry; the
//! `registry!` list in `mod.rs` declares both at once, so adding a format is
//! its own file plus one line there.
//!
//! Readers take bytes, never a path to open ([`Source`]): the import job
//! loads files from disk and the fuzz targets pass bytes from anywhere, and
//! both reach every format through this one table.

use std::fmt;
use std::str::FromStr;

use crate::model::{Catalogue, Schema};

use super::source::{Companion, Source};
use super::uniform::Shape;
use super::{Format, FormatError, Parsed, Record, Rendered};

/// Reads one input held in memory (one file, or for brat an `.ann` and its
/// `.txt`) into records, reporting what it could not read; the source's
/// path is only for messages and the records' origin.
pub(crate) type Reader = fn(source: &Source, schema: &Schema) -> Parsed;

/// Reads one line of a format with a record a line (JSONL), for an import
/// that streams a file instead of holding it: `Ok(None)` for a line that
/// holds no record to take, `Err` for one that cannot be read.
pub(crate) type LineReader =
    fn(line: &str, schema: &Schema) -> Result<Option<(Record, Vec<String>)>, String>;

/// Writes the records of one part (`all`, `train` …) as the format's files.
pub(crate) type Writer =
    fn(records: &[Record], part: &str, project: &WriteContext) -> Result<Rendered, FormatError>;

/// What a writer may read of the project besides the records: its schema
/// (brat's `annotation.conf`) and its catalogue (ACLED's canonical names),
/// and what was decided once for the whole export.
pub(crate) struct WriteContext<'a> {
    pub schema: &'a Schema,
    pub catalogue: &'a Catalogue,
    /// The shape [`DatasetFormat::shape`] chose from every record of the
    /// export, so that the parts of a split all have it.
    pub shape: Option<&'static str>,
    /// Leave out spans that overlap others, where the format's tools do not
    /// take them (doccano's default project).
    pub without_overlaps: bool,
    /// The records of every part of the export, for what a format declares
    /// once for all parts (brat's `annotation.conf`).
    pub all_records: &'a [&'a Record],
    /// The shape of every record of the export, taken before it is written
    /// part by part in pieces ([`DatasetFormat::streams`]): the records
    /// are then not all at hand.
    pub uniform: Option<&'a Shape>,
}

/// What one dataset format supports, and how it is read and written.
pub(crate) trait DatasetFormat: Sync {
    /// The name on the command line and in `dataset.json`.
    fn name(&self) -> &'static str;
    /// Other spellings the command line accepts (besides any letter case).
    fn aliases(&self) -> &'static [&'static str] {
        &[]
    }
    /// What it is, in one line: the help of its `--format` value.
    fn description(&self) -> &'static str;
    /// File name endings of the format's data files, for reading folders.
    fn extensions(&self) -> &'static [&'static str];
    /// Whether an item's review status has a place, and so rejected items
    /// as negatives.
    fn holds_status(&self) -> bool;
    /// Files read beside each data file, under the same name (brat's
    /// `.txt` beside its `.ann`): the reader finds them in its [`Source`],
    /// and an import passes them over as data files of their own.
    fn companions(&self) -> &'static [Companion] {
        &[]
    }
    /// Its reader; `None` for a format that is written only.
    fn reader(&self) -> Option<Reader>;
    /// Its reader of one line, for a format with one record a line and no
    /// companion: an import then streams the file, whatever its size,
    /// instead of reading it whole.
    fn line_reader(&self) -> Option<LineReader> {
        None
    }
    /// Its writer; `None` for an import-only format.
    fn writer(&self) -> Option<Writer>;
    /// For a format whose files come in more than one shape (doccano's
    /// sequence labelling or entities and relations), the shape that every
    /// record of the export fits, chosen once before a split; its name goes
    /// into `dataset.json`.
    fn shape(&self, _records: &[Record]) -> Option<&'static str> {
        None
    }
    /// Whether a record with no item says that its document has none (an
    /// empty brat `.ann`, a CoNLL sentence of `O`s, an Attest record), so
    /// that a gold import marks it finished: a negative example. Formats
    /// whose unlabelled records may simply be unannotated say no.
    fn empty_record_is_annotated(&self) -> bool {
        false
    }
    /// Whether span labels are written as [`flat`](super::flat) codes
    /// (`Armed group` → `ARMED_GROUP`), so that two names can come out as
    /// one label: an export refuses that rather than merge them.
    fn codes_labels(&self) -> bool {
        false
    }
    /// Whether a part's files are its records' files written one after
    /// another, each record's from the record alone and what the export
    /// decided once ([`WriteContext::uniform`]): such a format is exported
    /// a few records at a time, holding no more in memory. (A format whose
    /// files have several shapes, chosen from every record, does not.)
    fn streams(&self) -> bool {
        false
    }
    /// Whether the format's tools refuse overlapping spans (doccano's
    /// default project): the export then lists them as a warning.
    fn refuses_overlaps(&self) -> bool {
        false
    }
}

/// Declares [`Format`] and its [`Format::ALL`] and [`Format::support`] from
/// one list of `Variant => support_struct` entries.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident => $support:path,)+) => {
        /// A dataset format, as options and the command line name it; what it
        /// supports is [`Format::support`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Format {
            $($(#[$doc])* $variant,)+
        }

        impl Format {
            /// Every format, in the order help and menus list them.
            pub const ALL: [Format; [$(stringify!($variant)),+].len()] = [$(Format::$variant),+];

            /// What the format supports, and its reader and writer.
            pub(crate) fn support(self) -> &'static dyn $crate::formats::registry::DatasetFormat {
                match self {
                    $(Format::$variant => &$support,)+
                }
            }
        }
    };
}
pub(crate) use registry;

impl Format {
    /// The name used on the command line and in `dataset.json`.
    pub fn name(self) -> &'static str {
        self.support().name()
    }

    pub fn can_export(self) -> bool {
        self.support().writer().is_some()
    }

    pub fn can_import(self) -> bool {
        self.support().reader().is_some()
    }

    /// Whether the format has a place for an item's review status, and so
    /// for rejected items as negatives.
    pub fn holds_status(self) -> bool {
        self.support().holds_status()
    }

    /// Whether span labels are written as codes that two names may share.
    pub(crate) fn codes_labels(self) -> bool {
        self.support().codes_labels()
    }

    /// Whether a record with no item is a document annotated as having none.
    pub(crate) fn empty_record_is_annotated(self) -> bool {
        self.support().empty_record_is_annotated()
    }

    /// File name endings the format's data files have, for reading folders.
    pub fn extensions(self) -> &'static [&'static str] {
        self.support().extensions()
    }

    /// The formats an export can write.
    pub fn writable() -> impl Iterator<Item = Format> {
        Self::ALL.into_iter().filter(|f| f.can_export())
    }

    /// The formats an import can read.
    pub fn readable() -> impl Iterator<Item = Format> {
        Self::ALL.into_iter().filter(|f| f.can_import())
    }

    /// The names of `formats`, for help and messages: `jsonl, doccano, …`.
    pub fn names(formats: impl IntoIterator<Item = Format>) -> String {
        formats
            .into_iter()
            .map(Format::name)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether `given` names this format: its name or an alias, in any case.
    fn is_named(self, given: &str) -> bool {
        let support = self.support();
        std::iter::once(support.name())
            .chain(support.aliases().iter().copied())
            .any(|name| name.eq_ignore_ascii_case(given))
    }

    /// Reads one input of the format.
    pub(crate) fn read(self, source: &Source, schema: &Schema) -> Parsed {
        match self.support().reader() {
            Some(read) => read(source, schema),
            None => Parsed::problem_only(
                &source.path,
                None,
                format!("{self} is an export format; it cannot be imported"),
            ),
        }
    }

    /// The format's reader of one line, when it has a record a line.
    pub(crate) fn line_reader(self) -> Option<LineReader> {
        self.support().line_reader()
    }

    /// The shape of the files for these records, where the format has more
    /// than one.
    pub(crate) fn shape(self, records: &[Record]) -> Option<&'static str> {
        self.support().shape(records)
    }

    /// Whether the format is exported a few records at a time.
    pub(crate) fn streams(self) -> bool {
        self.support().streams()
    }

    /// Whether the format's tools refuse overlapping spans.
    pub fn refuses_overlaps(self) -> bool {
        self.support().refuses_overlaps()
    }

    /// The files of one part of an export.
    pub(crate) fn render(
        self,
        records: &[Record],
        part: &str,
        project: &WriteContext,
    ) -> Result<Rendered, FormatError> {
        let write = self
            .support()
            .writer()
            .ok_or(FormatError::ImportOnly(self))?;
        write(records, part, project)
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
        Format::ALL
            .into_iter()
            .find(|f| f.is_named(s))
            .ok_or_else(|| FormatError::UnknownFormat(s.to_owned()))
    }
}

/// `--format` on the command line: the registry's names, aliases and
/// descriptions (`ignore_case` on the argument accepts any letter case).
impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let support = self.support();
        Some(
            clap::builder::PossibleValue::new(support.name())
                .aliases(support.aliases().iter().copied())
                .help(support.description()),
        )
    }
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
    fn every_name_parses_back_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>().unwrap(), format);
            assert_eq!(
                <Format as clap::ValueEnum>::from_str(format.name(), false).unwrap(),
                format
            );
            assert!(seen.insert(format.name()), "{format} is listed twice");
            for alias in format.support().aliases() {
                assert!(seen.insert(alias), "{alias} names two formats");
                assert_eq!(alias.parse::<Format>().unwrap(), format);
            }
            assert!(!format.extensions().is_empty(), "{format}");
            assert!(format.can_import() || format.can_export(), "{format}");
        }
    }

    #[test]
    fn the_unknown_format_error_lists_every_name() {
        let error = "spacy".parse::<Format>().unwrap_err().to_string();
        for format in Format::ALL {
            assert!(error.contains(format.name()), "{error}");
        }
    }

    #[test]
    fn prodigy_is_import_only_acled_reads_coded_rows_and_jsonl_and_brat_keep_status() {
        assert_eq!(
            Format::names(Format::writable()),
            "jsonl, doccano, label-studio, brat, conll, acled-csv"
        );
        assert_eq!(
            Format::names(Format::readable()),
            "jsonl, doccano, label-studio, brat, conll, prodigy, acled-csv"
        );
        assert_eq!("ACLED".parse::<Format>().unwrap(), Format::AcledCsv);
        let keeping: Vec<_> = Format::ALL
            .into_iter()
            .filter(|f| f.holds_status())
            .collect();
        assert_eq!(keeping, [Format::Jsonl, Format::Brat]);
        assert!(matches!(
            Format::Prodigy.render(
                &[],
                "all",
                &WriteContext {
                    schema: &Schema::conflict_default(),
                    catalogue: &Catalogue::default(),
                    shape: None,
                    without_overlaps: false,
                    all_records: &[],
                    uniform: None,
                }
            ),
            Err(FormatError::ImportOnly(Format::Prodigy))
        ));
    }
}
