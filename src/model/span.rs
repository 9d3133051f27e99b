//! Spans of a document's text.
//!
//! Internally a span is a pair of UTF-8 byte offsets that fall on char
//! boundaries: slicing is then free and exact. Exports count Unicode code
//! points instead; [`CharOffsets`] converts between the two.

use serde::{Deserialize, Serialize};

/// A half-open range `[start_byte, end_byte)` of a document's text, in UTF-8 bytes.
/// Stored as `(b: start, e: end)` (format 2; format 1's long names still read).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    #[serde(rename = "b", alias = "start_byte")]
    pub start_byte: usize,
    #[serde(rename = "e", alias = "end_byte")]
    pub end_byte: usize,
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

    /// Checks that the span is non-empty and lies on char boundaries of `text`.
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
        Ok(())
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

/// Converts byte offsets of one text to code-point offsets and back.
///
/// Built once per document (O(n)); each lookup is a binary search, so an
/// export of 20,000 mentions stays linear in the text.
#[derive(Clone, Debug)]
pub struct CharOffsets {
    /// Byte offset of every char start, plus the text length at the end.
    char_starts: Vec<usize>,
}

impl CharOffsets {
    pub fn new(text: &str) -> Self {
        let mut char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        char_starts.push(text.len());
        Self { char_starts }
    }

    /// Number of code points in the text.
    pub fn len_chars(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// Code-point offset of a byte offset that lies on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        self.char_starts.binary_search(&byte).ok()
    }

    /// Byte offset of a code-point offset (the text length for the end).
    pub fn byte_of_char(&self, char_offset: usize) -> Option<usize> {
        self.char_starts.get(char_offset).copied()
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
}
