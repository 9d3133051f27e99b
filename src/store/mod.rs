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

mod atomic;
mod error;
mod lock;
mod project;

pub use atomic::{Prepared, prepare_atomic, write_atomic, write_atomic_with};
pub use error::{Problem, StoreError};
pub use lock::{LockHolder, ProjectLock};
pub use project::{
    Added, DocumentEntry, OpenMode, PendingSave, Project, file_hash, read_annotation_file,
    read_in_parallel, validate_annotator,
};

/// Pretty RON as every project file is written: stable, one field a line.
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

/// Parses RON, turning an error into a [`StoreError::Parse`] that names the
/// file and line.
pub(crate) fn from_ron<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &std::path::Path,
) -> Result<T, StoreError> {
    ron::from_str(text).map_err(|e| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        message: e.code.to_string(),
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
                    event: Some(EventId(1)),
                    review: suggested.clone(),
                },
                Claim {
                    id: ClaimId(2),
                    cue: span("a dit"),
                    cue_text: "a dit".into(),
                    stance: "Reported".into(),
                    source: Some(ClaimSource::Reporter("AFP".into())),
                    responsible: Vec::new(),
                    event: None,
                    review: Review::accepted("ana", at),
                },
            ],
            finished: None,
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
        };
        round_trip(&meta);
    }

    #[test]
    fn non_ascii_text_is_written_as_is() {
        let text = to_ron(&full_annotation_set()).unwrap();
        assert!(text.contains("l’attaque"), "{text}");
        assert!(text.contains("Ménaka"));
    }
}
