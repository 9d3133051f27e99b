//! Tokens for the tagger: words and single punctuation marks, each with its
//! exact byte span in the document, grouped into sentences.
//!
//! A word is a run of letters and digits; every other non-space char is a
//! token of its own. That is crude for linguistics but exact for offsets:
//! a decoded run of tokens maps back to the bytes it covers, so a learned
//! mention always lies on char boundaries of the original text.

use super::sentences::Sentences;
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
        let sentences = sentence_ranges(text, &tokens);
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

/// Sentences as token ranges, cut where [`Sentences`] starts one.
fn sentence_ranges(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let sentences = Sentences::new(text);
    let mut ranges = Vec::new();
    let mut start = 0;
    let mut current = 0;
    for (i, token) in tokens.iter().enumerate() {
        let sentence = sentences.index_of(token.span.start_byte);
        if sentence != current && i > start {
            ranges.push(start..i);
            start = i;
        }
        current = sentence;
    }
    if tokens.len() > start {
        ranges.push(start..tokens.len());
    }
    ranges
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
