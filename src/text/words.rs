//! Whole-word regex matches, with word boundaries checked in code.
//!
//! The regex crate's fast engines handle a Unicode `\b` only on ASCII
//! text; on French copy ("armée", "enlevés") they fall back to an engine
//! an order of magnitude slower. The patterns are therefore written without
//! `\b`, and a match counts only where it does not start or end inside a
//! word; where it does, the search resumes one char later.

use regex::Regex;

use crate::model::Span;

/// Compiles `pattern` to match only as whole words: an ASCII `\b` before
/// it, and after it a guard that takes one non-word char (or the text's
/// end), which [`find_words`] trims off. Unlike a Unicode `\b`, this keeps
/// the fast engines and the literal prefilters; unlike a check after the
/// fact, the guard lets the engine backtrack to the alternative that does
/// end on a boundary ("attaquée", not "attaqué"). The pattern must begin
/// with an ASCII word char and end with a word char.
pub fn word_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&format!(
        r"(?-u:\b)(?:{pattern})(?:[^\p{{L}}\p{{M}}\p{{N}}_]|$)"
    ))
}

/// Whole-word matches of a [`word_regex`] in `text`, guards trimmed, in text order.
pub fn find_words<'r, 't>(regex: &'r Regex, text: &'t str) -> WordMatches<'r, 't> {
    WordMatches {
        regex,
        text,
        position: 0,
    }
}

/// Iterator of [`find_words`].
pub struct WordMatches<'r, 't> {
    regex: &'r Regex,
    text: &'t str,
    position: usize,
}

/// One whole-word match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordMatch<'t> {
    pub span: Span,
    pub text: &'t str,
}

impl<'t> WordMatch<'t> {
    pub fn as_str(&self) -> &'t str {
        self.text
    }

    pub fn start(&self) -> usize {
        self.span.start_byte
    }

    pub fn end(&self) -> usize {
        self.span.end_byte
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl<'t> Iterator for WordMatches<'_, 't> {
    type Item = WordMatch<'t>;

    fn next(&mut self) -> Option<WordMatch<'t>> {
        loop {
            if self.position > self.text.len() {
                return None;
            }
            let found = self.regex.find_at(self.text, self.position)?;
            let mut start = found.start();
            let mut end = found.end();
            if let Some(first) = found.as_str().chars().next().filter(|&c| !is_word_char(c)) {
                start += first.len_utf8();
            }
            if end > start
                && let Some(last) = self.text[start..end]
                    .chars()
                    .next_back()
                    .filter(|&c| !is_word_char(c))
            {
                end -= last.len_utf8();
            }
            if end <= start {
                // Only guards: step past them and look again.
                self.position = found.end().max(self.position + 1);
                while !self
                    .text
                    .is_char_boundary(self.position.min(self.text.len()))
                {
                    self.position += 1;
                }
                continue;
            }
            self.position = end;
            return Some(WordMatch {
                span: Span::new(start, end),
                text: &self.text[start..end],
            });
        }
    }
}

/// Whether `start..end` neither begins nor ends in the middle of a word.
/// An edge that is not itself a word char ("d'", "(") needs no boundary.
pub fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let starts_inside = is_word(first) && is_word(before);
    let ends_inside = is_word(last) && is_word(after);
    !starts_inside && !ends_inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_matches_inside_words_and_keeps_accented_edges() {
        let regex = word_regex(r"(?i:attaqu(?:e|é|ée)s?|raid)").unwrap();
        let text = "contre-attaque, attaquée; raids raid raid";
        let found: Vec<_> = find_words(&regex, text).map(|m| m.as_str()).collect();
        assert_eq!(
            found,
            ["attaque", "attaquée", "raid", "raid"],
            "adjacent matches share a guard"
        );
    }
}
