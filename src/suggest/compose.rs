//! Decomposed accents (NFD: `e` + U+0301) composed before matching, with a
//! map back to the original bytes.
//!
//! Copy pasted from PDFs and some Mac editors writes "Ségou" as `Se\u{301}gou`.
//! Every pattern and alias is written precomposed, so the suggesters run on
//! the composed (NFC) text and their spans are mapped back. A span is mapped
//! to whole *segments* (a base char and the combining marks after it), so no
//! span ends between a letter and its accent. Texts without combining
//! diacritics, nearly all of them, are not copied.

use crate::model::Span;

/// The NFC form of a text and, per segment, where it came from.
#[derive(Clone, Debug)]
pub struct Composed {
    pub text: String,
    /// (start in `text`, start in the original) of each segment, in order.
    segments: Vec<(usize, usize)>,
    original_len: usize,
}

impl Composed {
    /// The composed form of `original`, or `None` when it has no combining
    /// diacritic (U+0300–U+036F, encoded with lead bytes 0xCC and 0xCD).
    pub fn of(original: &str) -> Option<Self> {
        if !original.bytes().any(|b| b == 0xCC || b == 0xCD) {
            return None;
        }
        let mut text = String::with_capacity(original.len());
        let mut segments = Vec::new();
        let mut segment = String::new();
        let mut segment_start = 0;
        let mut flush = |segment: &mut String, start: usize, text: &mut String| {
            if segment.is_empty() {
                return;
            }
            segments.push((text.len(), start));
            text.extend(unicode_normalization::UnicodeNormalization::nfc(
                segment.as_str(),
            ));
            segment.clear();
        };
        for (at, c) in original.char_indices() {
            if !unicode_normalization::char::is_combining_mark(c) {
                flush(&mut segment, segment_start, &mut text);
                segment_start = at;
            }
            segment.push(c);
        }
        flush(&mut segment, segment_start, &mut text);
        Some(Self {
            text,
            segments,
            original_len: original.len(),
        })
    }

    /// The original span of a span of the composed text: from the start of
    /// its first segment to the end of its last, marks included.
    pub fn original_span(&self, span: Span) -> Span {
        let segment_of = |byte: usize| self.segments.partition_point(|&(s, _)| s <= byte) - 1;
        let original_start = |index: usize| {
            self.segments
                .get(index)
                .map_or(self.original_len, |&(_, o)| o)
        };
        if span.end_byte <= span.start_byte {
            let at = original_start(segment_of(span.start_byte));
            return Span::new(at, at);
        }
        let first = segment_of(span.start_byte);
        let last = segment_of(span.end_byte - 1);
        Span::new(original_start(first), original_start(last + 1))
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
