//! Sentence boundaries, for the suggesters that look for roles, sources and
//! antecedents "nearby".
//!
//! Wire copy is simple enough for a rule: a sentence ends at a line break,
//! or at `.`, `!` or `?` (and any closing quotes) followed by a space. Lookups
//! are a binary search, so a 1 MB article costs no more per mention than a
//! short one.

use crate::model::Span;

/// The sentence starts of one text.
#[derive(Clone, Debug)]
pub struct Sentences {
    /// Start byte of every sentence, ascending; the first is 0.
    starts: Vec<usize>,
    len: usize,
}

impl Sentences {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            let end_of_sentence = match bytes[i] {
                b'\n' => Some(i + 1),
                b'.' | b'!' | b'?' => {
                    let mut j = i + 1;
                    while j < bytes.len() && matches!(bytes[j], b'"' | b')' | b'\'') {
                        j += 1;
                    }
                    // Closing curly quotes (” ’ ») are multi-byte.
                    for closing in ["\u{201d}", "\u{2019}", "\u{00bb}"] {
                        if text.get(j..).is_some_and(|rest| rest.starts_with(closing)) {
                            j += closing.len();
                        }
                    }
                    bytes
                        .get(j)
                        .is_some_and(|&b| b == b' ' || b == b'\n')
                        .then_some(j)
                }
                _ => None,
            };
            match end_of_sentence {
                Some(next) => {
                    let mut start = next;
                    while start < bytes.len() && bytes[start].is_ascii_whitespace() {
                        start += 1;
                    }
                    if start < bytes.len() && starts.last() != Some(&start) {
                        starts.push(start);
                    }
                    i = start.max(i + 1);
                }
                None => i += 1,
            }
        }
        Self {
            starts,
            len: text.len(),
        }
    }

    /// Index of the sentence that holds `byte`.
    pub fn index_of(&self, byte: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }

    /// The byte range of sentence `index`.
    pub fn span(&self, index: usize) -> Span {
        let start = self.starts.get(index).copied().unwrap_or(self.len);
        let end = self.starts.get(index + 1).copied().unwrap_or(self.len);
        Span::new(start, end)
    }

    /// Whether `byte` is the first non-space byte of a sentence.
    pub fn starts_at(&self, byte: usize) -> bool {
        self.starts.binary_search(&byte).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_stops_quotes_and_lines() {
        let text = "One. \"Two?\" Three\nFour 2.5 km. Five";
        let sentences = Sentences::new(text);
        let pieces: Vec<&str> = (0..5)
            .map(|i| sentences.span(i).text(text).unwrap().trim_end())
            .collect();
        assert_eq!(
            pieces,
            ["One.", "\"Two?\"", "Three", "Four 2.5 km.", "Five"]
        );
        assert_eq!(sentences.index_of(text.find("km").unwrap()), 3);
        assert!(sentences.starts_at(text.find("Five").unwrap()));
    }
}
