//! Spans of a document's text.
//!
//! Internally a span is a pair of UTF-8 byte offsets that fall on char
//! boundaries: slicing is then free and exact. Exports count Unicode code
//! points instead; [`CharOffsets`] converts between the two.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A half-open range `[start_byte, end_byte)` of a document's text, in UTF-8 bytes.
/// Stored as the pair `(start, end)` (format 2); format 1's
/// `(start_byte: …, end_byte: …)` still reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.start_byte, self.end_byte).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads the pair, or the named fields of format 1.
        struct SpanVisitor;
        impl<'de> serde::de::Visitor<'de> for SpanVisitor {
            type Value = Span;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a span: (start, end) in bytes")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Span, A::Error> {
                use serde::de::Error;
                let start = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(0, &self))?;
                let end = seq
                    .next_element()?
                    .ok_or_else(|| A::Error::invalid_length(1, &self))?;
                if seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                    return Err(A::Error::invalid_length(3, &self));
                }
                Ok(Span::new(start, end))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Span, A::Error> {
                use serde::de::Error;
                let (mut start, mut end) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "start_byte" => start = Some(map.next_value()?),
                        "end_byte" => end = Some(map.next_value()?),
                        other => {
                            return Err(A::Error::unknown_field(
                                other,
                                &["start_byte", "end_byte"],
                            ));
                        }
                    }
                }
                Ok(Span::new(
                    start.ok_or_else(|| A::Error::missing_field("start_byte"))?,
                    end.ok_or_else(|| A::Error::missing_field("end_byte"))?,
                ))
            }
        }
        deserializer.deserialize_any(SpanVisitor)
    }
}

/// Why a span does not fit a text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    #[error("span {start}..{end} is empty or reversed")]
    Empty { start: usize, end: usize },
    #[error("span {start}..{end} runs past the end of the text ({len} bytes)")]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("span {start}..{end} does not fall on character boundaries")]
    NotCharBoundary { start: usize, end: usize },
    /// An edge between a letter and its combining accent, or inside an
    /// emoji sequence: written out, the span would hold half a character.
    #[error("span {start}..{end} cuts the character {cluster:?} apart")]
    SplitsCharacter {
        start: usize,
        end: usize,
        cluster: String,
    },
}

impl Span {
    pub fn new(start_byte: usize, end_byte: usize) -> Self {
        Self {
            start_byte,
            end_byte,
        }
    }

    pub fn len_bytes(self) -> usize {
        self.end_byte.saturating_sub(self.start_byte)
    }

    /// Checks that the span is non-empty, lies on char boundaries of `text`
    /// and cuts no character cluster apart.
    pub fn validate(self, text: &str) -> Result<(), SpanError> {
        let (start, end) = (self.start_byte, self.end_byte);
        if start >= end {
            return Err(SpanError::Empty { start, end });
        }
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                start,
                end,
                len: text.len(),
            });
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(SpanError::NotCharBoundary { start, end });
        }
        if let Some(cluster) = self.split_grapheme(text) {
            return Err(SpanError::SplitsCharacter {
                start,
                end,
                cluster: cluster.to_owned(),
            });
        }
        Ok(())
    }

    /// The character cluster of `text` (a letter and its combining accents,
    /// an emoji sequence) that one of the span's edges cuts apart, if any:
    /// such a span would export half a character.
    pub fn split_grapheme(self, text: &str) -> Option<&str> {
        [self.start_byte, self.end_byte]
            .into_iter()
            .find(|&edge| !is_grapheme_boundary(text, edge))
            .and_then(|edge| grapheme_around(text, edge))
    }

    /// The covered text, or `None` when the span does not fit `text`.
    pub fn text(self, text: &str) -> Option<&str> {
        text.get(self.start_byte..self.end_byte)
    }

    pub fn overlaps(self, other: Span) -> bool {
        self.start_byte < other.end_byte && other.start_byte < self.end_byte
    }

    pub fn contains(self, other: Span) -> bool {
        self.start_byte <= other.start_byte && other.end_byte <= self.end_byte
    }
}

/// Whether an extended grapheme cluster of `text` begins (or the text
/// ends) at `byte`, a char boundary.
pub fn is_grapheme_boundary(text: &str, byte: usize) -> bool {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, text.len(), true);
    cursor.is_boundary(text, 0).unwrap_or(true)
}

/// The grapheme cluster of `text` that holds `byte`.
fn grapheme_around(text: &str, byte: usize) -> Option<&str> {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, text.len(), true);
    let start = cursor.prev_boundary(text, 0).ok().flatten()?;
    let mut cursor = unicode_segmentation::GraphemeCursor::new(byte, text.len(), true);
    let end = cursor.next_boundary(text, 0).ok().flatten()?;
    text.get(start..end)
}

/// Converts byte offsets of one text to code-point offsets and back.
///
/// Built once per document (O(n)); each lookup is a binary search, so an
/// export of 20,000 mentions stays linear in the text. Held compactly (a
/// 15 MB record is suggested in a pipeline's bounded memory): nothing for
/// an ASCII text, where the two offsets agree; four bytes a character below
/// 4 GiB.
#[derive(Clone, Debug)]
pub struct CharOffsets {
    starts: CharStarts,
}

/// Byte offset of every char start, plus the text length at the end.
#[derive(Clone, Debug)]
enum CharStarts {
    /// Every char is one byte: offsets are the same; the text's length.
    Ascii(usize),
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let starts = if text.is_ascii() {
            CharStarts::Ascii(text.len())
        } else if let Ok(len) = u32::try_from(text.len()) {
            let mut starts: Vec<u32> = text
                .char_indices()
                .map(|(i, _)| u32::try_from(i).unwrap_or(len))
                .collect();
            starts.push(len);
            CharStarts::Narrow(starts)
        } else {
            let mut starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            starts.push(text.len());
            CharStarts::Wide(starts)
        };
        Self { starts }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        match &self.starts {
            CharStarts::Ascii(len) => *len,
            CharStarts::Narrow(starts) => starts.len() - 1,
            CharStarts::Wide(starts) => starts.len() - 1,
        }
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        match &self.starts {
            CharStarts::Ascii(len) => (byte <= *len).then_some(byte),
            CharStarts::Narrow(starts) => starts.binary_search(&u32::try_from(byte).ok()?).ok(),
            CharStarts::Wide(starts) => starts.binary_search(&byte).ok(),
        }
    }

    /// Byte offset of a code-point offset (the text length for the end).
    pub fn byte_of_char(&self, char_offset: usize) -> Option<usize> {
        match &self.starts {
            CharStarts::Ascii(len) => (char_offset <= *len).then_some(char_offset),
            CharStarts::Narrow(starts) => starts
                .get(char_offset)
                .and_then(|&b| usize::try_from(b).ok()),
            CharStarts::Wide(starts) => starts.get(char_offset).copied(),
        }
    }

    /// A span in code points `(start, end)`.
    pub fn to_chars(&self, span: Span) -> Option<(usize, usize)> {
        Some((
            self.char_of_byte(span.start_byte)?,
            self.char_of_byte(span.end_byte)?,
        ))
    }

    /// A span from code-point offsets.
    pub fn from_chars(&self, start_char: usize, end_char: usize) -> Option<Span> {
        Some(Span::new(
            self.byte_of_char(start_char)?,
            self.byte_of_char(end_char)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_stored_as_a_pair_and_format_1_still_reads() {
        let span = Span::new(3, 7);
        let text = ron::to_string(&span).unwrap();
        assert_eq!(text, "(3,7)");
        assert_eq!(ron::from_str::<Span>(&text).unwrap(), span);
        let old: Span = ron::from_str("(start_byte: 3, end_byte: 7)").unwrap();
        assert_eq!(old, span);
        assert!(ron::from_str::<Span>("(3, 7, 9)").is_err());
        assert!(ron::from_str::<Span>("(start_byte: 3)").is_err());
    }

    #[test]
    fn validate_rejects_spans_inside_a_multibyte_char() {
        let text = "Ménaka";
        assert!(Span::new(0, 2).validate(text).is_err(), "é is two bytes");
        assert_eq!(Span::new(0, 3).validate(text), Ok(()));
        assert_eq!(Span::new(0, 3).text(text), Some("Mé"));
        assert!(matches!(
            Span::new(3, 3).validate(text),
            Err(SpanError::Empty { .. })
        ));
        assert!(matches!(
            Span::new(3, 99).validate(text),
            Err(SpanError::OutOfBounds { .. })
        ));
    }

    #[test]
    fn char_offsets_round_trip_through_curly_quotes_and_accents() {
        let text = "« Ménaka » – l’armée";
        let offsets = CharOffsets::new(text);
        assert_eq!(offsets.len_chars(), text.chars().count());
        let armee_byte = text.find("armée").unwrap();
        let span = Span::new(armee_byte, text.len());
        let (start, end) = offsets.to_chars(span).unwrap();
        let by_chars: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(by_chars, "armée");
        assert_eq!(offsets.from_chars(start, end), Some(span));
        assert_eq!(offsets.char_of_byte(armee_byte + 4), None, "inside é");
    }

    #[test]
    fn char_offsets_of_ascii_text_are_its_byte_offsets() {
        let text = "JNIM attacked Djibo.";
        let offsets = CharOffsets::new(text);
        assert_eq!(offsets.len_chars(), text.len());
        assert_eq!(offsets.char_of_byte(5), Some(5));
        assert_eq!(offsets.byte_of_char(text.len()), Some(text.len()));
        assert_eq!(offsets.byte_of_char(text.len() + 1), None);
        assert_eq!(offsets.char_of_byte(text.len() + 1), None);
    }
}
