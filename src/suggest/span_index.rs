//! "Does this span overlap any span already suggested?", in O(log n).
//!
//! The capitalised-name fallback, the anaphora resolver and the merge ask
//! this for every candidate; a linear scan made a 10 MB document quadratic.

use crate::model::Span;

/// Spans sorted by start, with the running maximum of their ends.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    spans: Vec<Span>,
    max_end_so_far: Vec<usize>,
}

impl SpanIndex {
    pub fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_unstable();
        let mut max_end = 0;
        let max_end_so_far = spans
            .iter()
            .map(|s| {
                max_end = max_end.max(s.end_byte);
                max_end
            })
            .collect();
        Self {
            spans,
            max_end_so_far,
        }
    }

    /// Whether any indexed span shares a byte with `span`.
    pub fn overlaps(&self, span: Span) -> bool {
        let starting_before_end = self.spans.partition_point(|s| s.start_byte < span.end_byte);
        starting_before_end > 0 && self.max_end_so_far[starting_before_end - 1] > span.start_byte
    }

    /// Whether some indexed span of at most [`Self::NAME_REACH_BYTES`] ends exactly at `byte`.
    pub fn has_end_at(&self, byte: usize) -> bool {
        let starting_before = self.spans.partition_point(|s| s.start_byte < byte);
        self.spans[..starting_before]
            .iter()
            .rev()
            .take_while(|s| s.start_byte + Self::NAME_REACH_BYTES >= byte)
            .any(|s| s.end_byte == byte)
    }

    /// Longer than any name: the catalogue's longest alias is under 100 bytes.
    pub const NAME_REACH_BYTES: usize = 256;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_overlaps_behind_a_long_span() {
        let index = SpanIndex::new(vec![
            Span::new(0, 100),
            Span::new(10, 12),
            Span::new(50, 55),
        ]);
        assert!(
            index.overlaps(Span::new(60, 70)),
            "inside the long first span"
        );
        assert!(!index.overlaps(Span::new(100, 110)));
        assert!(index.has_end_at(55));
        assert!(!index.has_end_at(56));
    }
}
