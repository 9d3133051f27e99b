//! Tokens for the tagger: words and single punctuation marks, each with its
//! exact byte span in the document, grouped into sentences.
//!
//! A word is a run of letters and digits; every other non-space char is a
//! token of its own. That is crude for linguistics but exact for offsets:
//! a decoded run of tokens maps back to the bytes it covers, so a learned
//! mention always lies on char boundaries of the original text.

use crate::model::Span;

/// One token of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub span: Span,
    /// Index of its sentence in the document.
    pub sentence: u32,
    /// Position within its sentence, from 0.
    pub position: u32,
}

/// The tokens of one text, in order, with the ranges of its sentences.
#[derive(Clone, Debug, Default)]
pub struct Tokens {
    pub tokens: Vec<Token>,
    /// For each sentence, the range of its tokens in `tokens`.
    pub sentences: Vec<std::ops::Range<usize>>,
}

impl Tokens {
    pub fn new(text: &str) -> Self {
        let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
        let mut line_breaks = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        let push = |span: Span, tokens: &mut Vec<Token>| {
            tokens.push(Token {
                span,
                sentence: 0,
                position: 0,
            });
        };
        while i < bytes.len() {
            let byte = bytes[i];
            if byte.is_ascii_whitespace() {
                if byte == b'\n' {
                    line_breaks.push(tokens.len());
                }
                i += 1;
                continue;
            }
            if byte.is_ascii_alphanumeric() || !byte.is_ascii() {
                let start = i;
                let mut end = i;
                for (offset, c) in text[start..].char_indices() {
                    if c.is_alphanumeric() {
                        end = start + offset + c.len_utf8();
                    } else {
                        break;
                    }
                }
                if end > start {
                    push(Span::new(start, end), &mut tokens);
                    i = end;
                    continue;
                }
            }
            // A single non-word char (ASCII or not); whitespace is skipped.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let end = i + c.len_utf8();
            if !c.is_whitespace() {
                push(Span::new(i, end), &mut tokens);
            }
            i = end;
        }
        let sentences = sentence_ranges(text, &tokens, &line_breaks);
        for (index, range) in sentences.iter().enumerate() {
            for (position, i) in range.clone().enumerate() {
                tokens[i].sentence = u32::try_from(index).unwrap_or(u32::MAX);
                tokens[i].position = u32::try_from(position).unwrap_or(u32::MAX);
            }
        }
        Self { tokens, sentences }
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Index of the first token that ends after `byte`.
    pub fn first_ending_after(&self, byte: usize) -> usize {
        self.tokens.partition_point(|t| t.span.end_byte <= byte)
    }
}

/// Sentences as token ranges: a line break ends one, and so does `.`, `!`
/// or `?` (with any closing quotes) before a word in capitals, a digit or an
/// opening quote — unless the stop ends an initial or a title ("U.S.",
/// "Gen."), which wire copy is full of and which would cut names in two.
fn sentence_ranges(
    text: &str,
    tokens: &[Token],
    line_breaks: &[usize],
) -> Vec<std::ops::Range<usize>> {
    let word = |i: usize| &text[tokens[i].span.start_byte..tokens[i].span.end_byte];
    let mut ends = Vec::new();
    let mut breaks = line_breaks.iter().peekable();
    for i in 0..tokens.len() {
        while breaks.peek().is_some_and(|&&b| b <= i) {
            if let Some(&b) = breaks.next() {
                ends.push(b);
            }
        }
        if !matches!(word(i), "." | "!" | "?") {
            continue;
        }
        if word(i) == "." && i > 0 && is_abbreviation(word(i - 1)) {
            continue;
        }
        let mut next = i + 1;
        while next < tokens.len()
            && matches!(
                word(next),
                "\"" | "'" | ")" | "\u{201d}" | "\u{2019}" | "\u{bb}"
            )
        {
            next += 1;
        }
        let starts_sentence = next < tokens.len()
            && word(next).chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '\u{201c}' | '\u{ab}')
            });
        if starts_sentence {
            ends.push(next);
        }
    }
    ends.push(tokens.len());
    let mut ranges = Vec::new();
    let mut start = 0;
    for end in ends {
        if end > start {
            ranges.push(start..end);
            start = end;
        }
    }
    ranges
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
    fn tokens_cover_exact_bytes_through_accents_and_punctuation() {
        let text = "À Ménaka, l’armée a dit. JNIM (GSIM) a revendiqué";
        let tokens = Tokens::new(text);
        let words: Vec<&str> = tokens
            .tokens
            .iter()
            .map(|t| t.span.text(text).unwrap())
            .collect();
        assert_eq!(
            words,
            [
                "À",
                "Ménaka",
                ",",
                "l",
                "’",
                "armée",
                "a",
                "dit",
                ".",
                "JNIM",
                "(",
                "GSIM",
                ")",
                "a",
                "revendiqué"
            ]
        );
        assert_eq!(tokens.sentences, vec![0..9, 9..15]);
        assert_eq!(tokens.tokens[9].position, 0);
        assert_eq!(tokens.tokens[9].sentence, 1);
        assert_eq!(tokens.tokens[10].position, 1);
    }

    #[test]
    fn initials_and_titles_do_not_end_sentences_but_lines_do() {
        let text = "U.S. troops met Gen. Diarra in Gao. Then they left\nA new line";
        let tokens = Tokens::new(text);
        let sentences: Vec<&str> = tokens
            .sentences
            .iter()
            .map(|r| {
                let first = tokens.tokens[r.start].span.start_byte;
                let last = tokens.tokens[r.end - 1].span.end_byte;
                &text[first..last]
            })
            .collect();
        assert_eq!(
            sentences,
            [
                "U.S. troops met Gen. Diarra in Gao.",
                "Then they left",
                "A new line"
            ]
        );
    }
}
