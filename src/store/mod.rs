//! The project folder on disk.
//!
//! ```text
//! <project>/project.ron                         schema, settings, format_version
//! <project>/catalogue.ron                       the project's own actors and places (optional)
//! <project>/documents/<doc-id>.txt              the text, never rewritten
//! <project>/documents/<doc-id>.ron              its metadata
//! <project>/annotations/<annotator>/<doc-id>.ron
//! ```
//!
//! One annotation file per document per annotator keeps git merges free of
//! conflicts. Every write is atomic, a save rewrites only files whose bytes
//! changed, and a file that fails to parse is reported and never overwritten.
//!
//! Format 2 (`format_version: 2`) writes annotation files compactly: short
//! field names, empty and implied fields left out, one item a line (see
//! [`to_ron_compact`]); about a fifth of format 1's pretty RON. Format 1
//! files still read (the long names are aliases): a format-1 project is
//! marked version 2 before its first annotation file is written in the new
//! form, each file is rewritten when it is next saved, and `attest migrate`
//! rewrites them all at once.
//!
//! One write protocol for a job that changes files in numbers (`publish`):
//! prepare beside the target, publish by a rename only if the target is
//! unchanged since it was read, record in the handle and the summary cache
//! — the cache's rules (stamps taken before reading, the racy-clean
//! window, certified files) stay inside the store.

mod annotation_file;
pub(crate) mod annotation_reader;
mod assignments;
mod atomic;
mod error;
pub mod git;
mod lock;
mod project;
mod publish;
mod staged_folder;
mod stamp;
mod summary_cache;

pub use assignments::ASSIGNMENTS_FILE;
use atomic::Durability;
pub use atomic::{
    Prepared, is_temp_file_name, prepare_atomic, sync_filesystem, write_atomic, write_atomic_with,
};
pub use error::{Problem, StoreError};
pub use lock::{LockHolder, ProjectLock};
pub use project::{
    Added, DocumentEntry, MODELS_DIR, OpenMode, Project, SerialisedAnnotations, file_hash,
    parse_annotation_file, read_annotation_file, read_annotation_set, read_in_parallel,
    summarise_annotation_file, validate_annotator,
};
pub use publish::{Pending, Published, ReadState, certify_batch};
pub use staged_folder::StagedFolder;
pub use stamp::FileStamp;
pub use summary_cache::{
    CACHE_DIR, CacheEntry, FileSummary, Freshness, ItemKind, RACY_NS, SummaryCache, now_ns,
};

/// Pretty RON as the project's small hand-readable files are written
/// (`project.ron`, the catalogue, document metadata): stable, one field a line.
pub(crate) fn to_ron<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .escape_strings(false)
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// RON as annotation files are written (format 2): the file's own fields
/// one a line, each mention, event and claim on one line of its own with
/// its fields packed — compact, and still a one-line diff per changed item.
/// Optional values are written without `Some(…)` (RON's `implicit_some`,
/// enabled in the file's first line, so any RON reader reads it).
pub(crate) fn to_ron_compact<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .depth_limit(2)
        .separator("")
        .indentor("  ")
        .new_line("\n")
        .escape_strings(false)
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// Parses RON, turning an error into a [`StoreError::Parse`] that names the
/// file and line.
pub(crate) fn from_ron<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &std::path::Path,
) -> Result<T, StoreError> {
    ron::from_str(text).map_err(|e| match git::conflict(text) {
        Some(conflict) => StoreError::Parse {
            path: path.to_owned(),
            line: conflict.first_line,
            message: conflict.explain(path),
        },
        None => StoreError::Parse {
            path: path.to_owned(),
            line: e.span.start.line,
            message: e.code.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::*;

    fn round_trip<T>(value: &T)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let text = to_ron(value).unwrap();
        let back: T = from_ron(&text, std::path::Path::new("x.ron")).unwrap();
        assert_eq!(&back, value, "{text}");
        assert_eq!(
            to_ron(&back).unwrap(),
            text,
            "serialising again gives the same bytes"
        );
    }

    /// An annotation set with every kind of item and every status.
    pub(crate) fn full_annotation_set() -> AnnotationSet {
        let text = "« Le JNIM a revendiqué l’attaque », a dit un habitant de Ménaka.";
        let at: jiff::Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let span = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let mention = |id, needle: &str, label: &str, review: Review| Mention {
            id: MentionId(id),
            span: span(needle),
            text: needle.to_owned(),
            label: label.to_owned(),
            actor: (label == "ARMED_GROUP").then(|| "jnim".to_owned()),
            attributes: BTreeMap::from([(
                "note".to_owned(),
                "quote \" and \\ backslash\nnewline".to_owned(),
            )]),
            review,
        };
        let suggested = Review::suggested("ana", "catalogue", 0.875, at);
        AnnotationSet {
            document: DocumentId::for_text(text),
            annotator: "ana".into(),
            mentions: vec![
                mention(
                    1,
                    "JNIM",
                    "ARMED_GROUP",
                    suggested.decided(Status::Accepted, "ana", at),
                ),
                mention(
                    2,
                    "un habitant de Ménaka",
                    "SOURCE",
                    suggested.decided(Status::Corrected, "ana", at),
                ),
                mention(3, "Ménaka", "LOCATION", suggested.clone()),
                mention(
                    4,
                    "Le",
                    "PERSON",
                    suggested.decided(Status::Rejected, "ana", at),
                ),
            ],
            events: vec![Event {
                id: EventId(1),
                trigger: span("l’attaque"),
                trigger_text: "l’attaque".into(),
                event_type: "Battles".into(),
                sub_type: Some("Armed clash".into()),
                roles: BTreeMap::from([
                    ("agent".to_owned(), vec![MentionId(1)]),
                    ("location".to_owned(), vec![MentionId(3)]),
                ]),
                review: Review::accepted("ana", at),
            }],
            claims: vec![
                Claim {
                    id: ClaimId(1),
                    cue: span("a revendiqué"),
                    cue_text: "a revendiqué".into(),
                    stance: "Claimed".into(),
                    source: Some(ClaimSource::Mention(MentionId(1))),
                    responsible: vec![MentionId(1)],
                    events: vec![EventId(1)],
                    review: suggested.clone(),
                },
                Claim {
                    id: ClaimId(2),
                    cue: span("a dit"),
                    cue_text: "a dit".into(),
                    stance: "Reported".into(),
                    source: Some(ClaimSource::Reporter("AFP".into())),
                    responsible: Vec::new(),
                    events: Vec::new(),
                    review: Review::accepted("ana", at),
                },
            ],
            finished: None,
            active_seconds: 0,
            relations: vec![Relation {
                id: RelationId(1),
                kind: "Located".into(),
                from: ItemRef::Mention(MentionId(1)),
                to: ItemRef::Mention(MentionId(3)),
                argument: false,
                review: Review::accepted("ana", at),
            }],
            attributes: vec![Attribute {
                target: Target::Item(ItemRef::Event(EventId(1))),
                name: "Confidence".into(),
                value: Some("High".into()),
            }],
            equivalences: vec![Equivalence {
                kind: "Alias".into(),
                members: vec![
                    ItemRef::Mention(MentionId(1)),
                    ItemRef::Mention(MentionId(4)),
                ],
            }],
            normalizations: vec![Normalization {
                target: Target::Relation(RelationId(1)),
                db: "Wikidata".into(),
                entry: "Q1413843".into(),
                text: "Ménaka « ville »".into(),
            }],
            notes: vec![Note {
                target: Target::Item(ItemRef::Claim(ClaimId(2))),
                kind: "AnnotatorNotes".into(),
                text: "quote \" and \\ backslash".into(),
            }],
        }
    }

    #[test]
    fn every_saved_type_round_trips() {
        round_trip(&ProjectFile::new("Sahel « démo »"));
        round_trip(&Catalogue::sahel_default());
        round_trip(&full_annotation_set());
        let meta = DocumentMeta {
            id: Some(DocumentId::for_text("x")),
            title: Some("L’armée \"confirme\"".into()),
            source: Some("AFP".into()),
            dateline: Some("BAMAKO, Nov 23 (AFP) -".into()),
            date: Some("2024-11-23".into()),
            language: Some("fr".into()),
            sign_off: Some("sd-mk-lp-bdi-bfm/sbk".into()),
            origin: Some("a.jsonl:3".into()),
            imported_at: Some("2026-11-24T10:00:00.123456789Z".parse().unwrap()),
            extra: BTreeMap::from([("url".to_owned(), "https://example.org/a?b=1".to_owned())]),
            tokens: vec![(0, 3), (4, 9)],
        };
        round_trip(&meta);
    }

    #[test]
    fn an_annotation_file_is_compact_one_item_a_line_and_round_trips() {
        let set = full_annotation_set();
        let text = to_ron_compact(&set).unwrap();
        let back: AnnotationSet = from_ron(&text, std::path::Path::new("x.ron")).unwrap();
        assert_eq!(back, set, "{text}");
        assert_eq!(to_ron_compact(&back).unwrap(), text, "stable bytes");
        let items = set.mentions.len() + set.events.len() + set.claims.len();
        let item_lines = text.lines().filter(|l| l.trim_start().starts_with("(i:"));
        assert_eq!(item_lines.count(), items, "one line per item:\n{text}");
        let pretty = to_ron(&set).unwrap();
        assert!(
            text.len() * 2 < pretty.len(),
            "{} bytes against {} pretty",
            text.len(),
            pretty.len()
        );
    }

    #[test]
    fn non_ascii_text_is_written_as_is() {
        let text = to_ron(&full_annotation_set()).unwrap();
        assert!(text.contains("l’attaque"), "{text}");
        assert!(text.contains("Ménaka"));
    }
}
