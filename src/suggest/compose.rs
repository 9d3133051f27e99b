//! Decomposed accents (NFD: `e` + U+0301) composed before matching, with a
//! map back to the original bytes.
//!
//! Copy pasted from PDFs and some Mac editors writes "Ségou" as `Se\u{301}gou`.
//! Every pattern and alias is written precomposed, so the suggesters run on
//! the composed (NFC) text and their spans are mapped back. A span is mapped
//! to whole *segments* (a base char and the combining marks after it), so no
//! span ends between a letter and its accent. Texts without combining
//! diacritics, nearly all of them, are not copied; in the others only the
//! segments with marks are composed, the rest is copied in bulk.

use crate::model::Span;

/// The NFC form of a text and where each piece of it came from.
#[derive(Clone, Debug)]
pub struct Composed {
    pub text: String,
    /// Pieces in order: plain runs copied as they are, and composed
    /// segments (a base char and its marks) that map only as a whole.
    pieces: Vec<Piece>,
    original_len: usize,
}

#[derive(Clone, Copy, Debug)]
struct Piece {
    composed_start: usize,
    original_start: usize,
    /// Whether this piece is a segment composed from a base and its marks.
    segment: bool,
}

impl Composed {
    /// The composed form of `original`, or `None` when it has no combining
    /// diacritic (U+0300–U+036F, encoded with lead bytes 0xCC and 0xCD).
    pub fn of(original: &str) -> Option<Self> {
        let bytes = original.as_bytes();
        let is_lead = |b: &u8| *b == 0xCC || *b == 0xCD;
        let mut at = bytes.iter().position(is_lead)?;
        let mut text = String::with_capacity(original.len());
        let mut pieces = vec![Piece {
            composed_start: 0,
            original_start: 0,
            segment: false,
        }];
        let mut copied = 0;
        while at < bytes.len() {
            let mark_start = at;
            let mut marks_end = at;
            while let Some(c) = original
                .get(marks_end..)
                .and_then(|rest| rest.chars().next())
            {
                if !unicode_normalization::char::is_combining_mark(c) {
                    break;
                }
                marks_end += c.len_utf8();
            }
            if marks_end > mark_start {
                // The segment: the char before the marks (if any) and the marks.
                let base_start = original[copied..mark_start]
                    .char_indices()
                    .next_back()
                    .map_or(mark_start, |(offset, _)| copied + offset);
                text.push_str(&original[copied..base_start]);
                pieces.push(Piece {
                    composed_start: text.len(),
                    original_start: base_start,
                    segment: true,
                });
                text.extend(unicode_normalization::UnicodeNormalization::nfc(
                    &original[base_start..marks_end],
                ));
                pieces.push(Piece {
                    composed_start: text.len(),
                    original_start: marks_end,
                    segment: false,
                });
                copied = marks_end;
            }
            let next = marks_end.max(mark_start + 1);
            at = bytes
                .get(next..)
                .and_then(|rest| rest.iter().position(is_lead))
                .map_or(bytes.len(), |offset| next + offset);
        }
        text.push_str(&original[copied..]);
        Some(Self {
            text,
            pieces,
            original_len: original.len(),
        })
    }

    /// The original span of a span of the composed text, on whole
    /// characters: a composed segment maps as a whole, marks included.
    pub fn original_span(&self, span: Span) -> Span {
        let piece_of = |byte: usize| {
            let index = self
                .pieces
                .partition_point(|p| p.composed_start <= byte)
                .saturating_sub(1);
            (index, self.pieces[index])
        };
        let (_, first) = piece_of(span.start_byte);
        let start = if first.segment {
            first.original_start
        } else {
            first.original_start + (span.start_byte - first.composed_start)
        };
        if span.end_byte <= span.start_byte {
            return Span::new(start, start);
        }
        let (index, last) = piece_of(span.end_byte - 1);
        let end = if last.segment {
            self.pieces
                .get(index + 1)
                .map_or(self.original_len, |p| p.original_start)
        } else {
            last.original_start + (span.end_byte - last.composed_start)
        };
        Span::new(start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_maps_spans_to_whole_characters() {
        let original = "A\u{300} Se\u{301}gou, x\u{301}y.";
        let composed = Composed::of(original).unwrap();
        assert_eq!(composed.text, "À Ségou, x\u{301}y.");
        let start = composed.text.find("Ségou").unwrap();
        let span = composed.original_span(Span::new(start, start + "Ségou".len()));
        assert_eq!(span.text(original), Some("Se\u{301}gou"));
        // "x" alone ends before its mark in the composed text too: the
        // mapped span takes the mark with it.
        let x = composed.text.find('x').unwrap();
        let span = composed.original_span(Span::new(x, x + 1));
        assert_eq!(span.text(original), Some("x\u{301}"));
        assert!(
            Composed::of("Ségou").is_none(),
            "precomposed text is not copied"
        );
    }
}
