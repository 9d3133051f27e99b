//! Tokens for the tagger: words and single punctuation marks, each with its
//! exact byte span in the document, grouped into sentences.
//!
//! A word is a run of letters and digits; every other non-space char is a
//! token of its own. That is crude for linguistics but exact for offsets:
//! a decoded run of tokens maps back to the bytes it covers, so a learned
//! mention always lies on char boundaries of the original text.

use crate::model::Span;
use crate::suggest::sentences::Sentences;

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
        let sentence_starts = Sentences::new(text);
        let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5);
        let mut sentences = Vec::new();
        let mut current_sentence = usize::MAX;
        let mut sentence_begin = 0;
        let mut push = |span: Span, tokens: &mut Vec<Token>| {
            let sentence = sentence_starts.index_of(span.start_byte);
            if sentence != current_sentence {
                if current_sentence != usize::MAX {
                    sentences.push(sentence_begin..tokens.len());
                }
                current_sentence = sentence;
                sentence_begin = tokens.len();
            }
            tokens.push(Token {
                span,
                sentence: u32::try_from(sentences.len()).unwrap_or(u32::MAX),
                position: u32::try_from(tokens.len() - sentence_begin).unwrap_or(u32::MAX),
            });
        };
        let bytes = text.as_bytes();
        let mut i = 0;
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
        if current_sentence != usize::MAX {
            sentences.push(sentence_begin..tokens.len());
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
}
