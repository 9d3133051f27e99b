//! Documents: immutable text plus metadata.
//!
//! A document's id is derived from its text, so importing the same article
//! twice yields one document and ids agree across machines and annotators.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Content-derived document id: 16 hex digits of the SHA-256 of the text.
///
/// Held inline (no allocation): a project keeps one per document in its
/// list, and more in every annotation set and index.
#[derive(Clone, PartialEq, Eq)]
pub struct DocumentId(Repr);

/// An id's bytes. Ids are well formed wherever Attest made them; one read
/// from a hand-edited file may not be, and is kept as written so that the
/// file's problem is reported rather than lost.
#[derive(Clone, PartialEq, Eq)]
enum Repr {
    Hex([u8; DocumentId::HEX_DIGITS]),
    Other(Box<str>),
}

impl DocumentId {
    const HEX_DIGITS: usize = 16;

    /// The id of a document whose stored text is `text`.
    pub fn for_text(text: &str) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let digest = Sha256::digest(text.as_bytes());
        let mut id = [0; Self::HEX_DIGITS];
        for (pair, byte) in id.chunks_exact_mut(2).zip(&digest) {
            pair[0] = HEX[usize::from(byte >> 4)];
            pair[1] = HEX[usize::from(byte & 0xf)];
        }
        Self(Repr::Hex(id))
    }

    /// Parses an id as it appears in a file name; `None` unless it is 16 lowercase hex digits.
    pub fn parse(id: &str) -> Option<Self> {
        let well_formed = id.len() == Self::HEX_DIGITS
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        well_formed.then(|| Self(Repr::Hex(id.as_bytes().try_into().expect("16 bytes"))))
    }

    /// An id as a file gives it: inline when well formed, else as written.
    fn from_written(id: String) -> Self {
        Self::parse(&id).unwrap_or(Self(Repr::Other(id.into_boxed_str())))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Hex(hex) => std::str::from_utf8(hex).expect("hex digits are ASCII"),
            Repr::Other(id) => id,
        }
    }
}

impl PartialOrd for DocumentId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Ids sort as their text does, whatever their form.
impl Ord for DocumentId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashed as its text, as ids always were: a hash seeded by ids (a
/// sample, a split) picks what it picked before.
impl std::hash::Hash for DocumentId {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DocumentId").field(&self.as_str()).finish()
    }
}

impl Serialize for DocumentId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DocumentId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from_written)
    }
}

impl fmt::Display for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is known about a document besides its text; stored as `<id>.ron`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentMeta {
    pub id: Option<DocumentId>,
    pub title: Option<String>,
    /// Publisher or agency, e.g. `AFP`.
    pub source: Option<String>,
    /// The wire dateline as printed, e.g. `BAMAKO, Nov 23 (AFP) -`.
    pub dateline: Option<String>,
    /// Publication date as given (ISO `YYYY-MM-DD` where known).
    pub date: Option<String>,
    /// ISO 639-1 code, e.g. `en` or `fr`.
    pub language: Option<String>,
    /// The wire desk's sign-off (editor initials), kept out of the body.
    pub sign_off: Option<String>,
    /// Where the text was imported from (file name, and record line for JSONL).
    pub origin: Option<String>,
    pub imported_at: Option<jiff::Timestamp>,
    /// Any further metadata from the source, kept verbatim.
    pub extra: BTreeMap<String, String>,
    /// The tokens the document came with (CoNLL, Prodigy `tokens`), as
    /// code-point ranges `[start, end)`, so that an export tokenises it as
    /// its source did. Absent when the import gave none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<(usize, usize)>,
}

/// A document as the rest of the program sees it: metadata plus text.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: DocumentId,
    pub meta: DocumentMeta,
    pub text: String,
}

impl Document {
    /// A document for `text`, its id derived from the text.
    pub fn new(text: String, mut meta: DocumentMeta) -> Self {
        let id = DocumentId::for_text(&text);
        meta.id = Some(id.clone());
        Self { id, meta, text }
    }

    /// The title to show: the metadata title, else the start of the text.
    pub fn display_title(&self) -> String {
        display_title(self.meta.title.as_deref(), &self.text)
    }
}

/// The title to show for a document: its metadata title, else its first words.
pub fn display_title(title: Option<&str>, text: &str) -> String {
    if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
        return title.trim().to_owned();
    }
    const MAX_CHARS: usize = 80;
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut title: String = first_line.trim().chars().take(MAX_CHARS).collect();
    if first_line.trim().chars().count() > MAX_CHARS {
        title.push('…');
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_depends_on_text_only() {
        let a = Document::new("Same text.".into(), DocumentMeta::default());
        let b = Document::new(
            "Same text.".into(),
            DocumentMeta {
                title: Some("Other title".into()),
                ..DocumentMeta::default()
            },
        );
        let c = Document::new("Other text.".into(), DocumentMeta::default());
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert_eq!(a.id.as_str().len(), 16);
        assert_eq!(DocumentId::parse(a.id.as_str()), Some(a.id.clone()));
        assert_eq!(DocumentId::parse("not-an-id"), None);
        assert_eq!(a.meta.id, Some(a.id));
    }

    #[test]
    fn ids_read_back_as_written_and_sort_as_text() {
        let id = DocumentId::for_text("Some text.");
        let hex: String = Sha256::digest(b"Some text.")[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(id.as_str(), hex);
        let written = ron::to_string(&id).unwrap();
        assert_eq!(written, format!("\"{hex}\""));
        assert_eq!(ron::from_str::<DocumentId>(&written).unwrap(), id);
        let odd: DocumentId = ron::from_str("\"Not-An-Id\"").unwrap();
        assert_eq!(odd.as_str(), "Not-An-Id");
        assert_ne!(odd, id);
        assert_eq!(format!("{odd:?}"), "DocumentId(\"Not-An-Id\")");
        let mut ids = [DocumentId::parse("ffffffffffffffff").unwrap(), odd, id];
        ids.sort();
        let sorted: Vec<_> = ids.iter().map(DocumentId::as_str).collect();
        let mut expected = sorted.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn tokens_are_absent_from_metadata_files_until_an_import_gives_some() {
        let mut meta = DocumentMeta::default();
        let without = ron::to_string(&meta).unwrap();
        assert!(!without.contains("tokens"), "{without}");
        meta.tokens = vec![(0, 6), (6, 7)];
        let with = ron::to_string(&meta).unwrap();
        assert_eq!(ron::from_str::<DocumentMeta>(&with).unwrap(), meta);
        let old = "(id: None, title: Some(\"x\"))";
        assert!(
            ron::from_str::<DocumentMeta>(old)
                .unwrap()
                .tokens
                .is_empty()
        );
    }

    #[test]
    fn display_title_falls_back_to_the_first_line() {
        let long = "word ".repeat(40);
        let title = display_title(None, &format!("\n{long}\nsecond"));
        assert!(title.ends_with('…'));
        assert_eq!(title.chars().count(), 81);
    }
}
