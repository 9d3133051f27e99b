//! Sentence boundaries: the one rule every part of Attest uses (the
//! suggesters' "nearby", the tagger's features, the editor's "the
//! sentence's mentions", CoNLL's blank lines).
//!
//! Wire copy is simple enough for a rule: a sentence ends at a line break,
//! and at `.`, `!` or `?` (with any closing quotes or brackets) followed by
//! white space and a word that starts in capitals, a digit or an opening
//! quote — unless the full stop ends an initial or a title ("U.S.",
//! "Gen."), which wire copy is full of and which would cut names in two.
//! Lookups are a binary search, so a 1 MB article costs no more per
//! mention than a short one.

use crate::model::Span;

/// Closing marks that may follow a sentence's final stop.
const CLOSING: [char; 6] = ['"', '\'', ')', '\u{201d}', '\u{2019}', '\u{bb}'];

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
        let push = |start: usize, starts: &mut Vec<usize>| {
            if start < bytes.len() && starts.last() != Some(&start) {
                starts.push(start);
            }
        };
        let skip_space = |mut i: usize| {
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        };
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => {
                    let next = skip_space(i + 1);
                    push(next, &mut starts);
                    i = next.max(i + 1);
                }
                b'.' | b'!' | b'?' => {
                    i += 1;
                    if bytes[i - 1] == b'.' && is_abbreviation(word_before(text, i - 1)) {
                        continue;
                    }
                    let mut j = i;
                    while let Some(c) = text.get(j..).and_then(|rest| rest.chars().next()) {
                        if !CLOSING.contains(&c) {
                            break;
                        }
                        j += c.len_utf8();
                    }
                    let next = skip_space(j);
                    let spaced = next > j && !text[j..next].contains('\n');
                    let opens = text.get(next..).and_then(|rest| rest.chars().next());
                    if spaced
                        && opens.is_some_and(|c| {
                            c.is_uppercase()
                                || c.is_numeric()
                                || matches!(c, '"' | '\u{201c}' | '\u{ab}')
                        })
                    {
                        push(next, &mut starts);
                    }
                }
                _ => i += 1,
            }
        }
        Self {
            starts,
            len: text.len(),
        }
    }

    /// How many sentences the text has (an empty text has one, empty).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Index of the sentence that holds `byte`.
    pub fn index_of(&self, byte: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }

    /// The byte range of sentence `index`, white space after it included.
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

/// The sentence (or sentences) of `text` holding `span`, without the white
/// space after it. Only the span's paragraph is read: a line break always
/// ends a sentence.
pub fn sentence_around(text: &str, span: Span) -> Span {
    let start = span.start_byte.min(text.len());
    let end = span.end_byte.clamp(start, text.len());
    let paragraph_start = text
        .get(..start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let paragraph_end = text
        .get(end..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |i| end + i);
    let Some(paragraph) = text.get(paragraph_start..paragraph_end) else {
        return Span::new(start, end);
    };
    let sentences = Sentences::new(paragraph);
    let first = sentences.span(sentences.index_of(start - paragraph_start));
    let last_byte = end.saturating_sub(1).max(start) - paragraph_start;
    let last = sentences.span(sentences.index_of(last_byte));
    let covered = &paragraph[first.start_byte..last.end_byte];
    Span::new(
        paragraph_start + first.start_byte,
        paragraph_start + first.start_byte + covered.trim_end().len(),
    )
}

/// The run of letters and digits that ends at byte `end`.
fn word_before(text: &str, end: usize) -> &str {
    let before = &text[..end];
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &before[start..]
}

/// A word that a full stop after it usually abbreviates: an initial or a title.
fn is_abbreviation(word: &str) -> bool {
    let mut chars = word.chars();
    let one_capital = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    one_capital
        || matches!(
            word,
            "Mr" | "Mrs"
                | "Ms"
                | "Dr"
                | "St"
                | "Gen"
                | "Lt"
                | "Col"
                | "Capt"
                | "Sgt"
                | "Maj"
                | "Gov"
                | "Sen"
                | "Rep"
                | "Jr"
                | "Sr"
                | "Prof"
                | "Rev"
                | "Co"
                | "Corp"
                | "Inc"
                | "Ltd"
                | "No"
                | "vs"
                | "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
        )
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

    #[test]
    fn initials_titles_and_lower_case_do_not_end_sentences() {
        let text = "U.S. troops met Gen. Diarra in Gao. Then they left, i.e. early. 28 died";
        let sentences = Sentences::new(text);
        let pieces: Vec<&str> = (0..sentences.len())
            .map(|i| sentences.span(i).text(text).unwrap().trim_end())
            .collect();
        assert_eq!(
            pieces,
            [
                "U.S. troops met Gen. Diarra in Gao.",
                "Then they left, i.e. early.",
                "28 died"
            ]
        );
        let gao = text.find("Gao").unwrap();
        assert_eq!(
            sentence_around(text, Span::new(gao, gao + 3)).text(text),
            Some("U.S. troops met Gen. Diarra in Gao.")
        );
    }
}
