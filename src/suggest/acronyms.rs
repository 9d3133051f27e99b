//! Acronym definitions that teach an alias for one document: "the Group for
//! the Support of Islam and Muslims, known by its Arabic acronym JNIM", "le
//! Front de libération de l'Azawad (FLA)".
//!
//! When the catalogue does not know the acronym, every occurrence of it in
//! the document gets the label and actor of the long form it was defined
//! by, and replaces any capitalised-name guess at the same place.

use std::collections::{BTreeMap, HashSet};

use regex::Regex;

use super::MentionSuggestion;
use super::patterns::CAPITALISED_GUESS;
use super::span_index::SpanIndex;
use crate::model::Span;
use crate::text::words::on_word_boundaries;

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "acronym-definition";

/// The compiled acronym-definition pattern; built once.
#[derive(Clone, Debug)]
pub struct AcronymDefinitions {
    definition: Regex,
}

impl AcronymDefinitions {
    pub fn new() -> Result<Self, regex::Error> {
        let definition = Regex::new(
            r"(?x)
            (?:,\s*|\s+)(?i:
                (?:also\s+)?known\s+(?:by\s+(?:its|their|the)\s+(?:[\p{L}-]+\s+)?(?:acronym|initials|abbreviation)|as)
              | (?:also\s+)?(?:called|dubbed)
              | (?:plus\s+)?connue?s?\s+sous\s+(?:le\s+nom\s+d[e'’]\s*|(?:l['’]|son\s+|leur\s+|le\s+)(?:acronyme|sigle)(?:\s+[\p{L}-]+)?)
            )\s+(?P<acronym>\p{Lu}[\p{Lu}\p{Ll}\d]*\p{Lu}[\p{Lu}\d]*)
          | \s*\((?P<paren>\p{Lu}[\p{Lu}\p{Ll}\d-]*\p{Lu}[\p{Lu}\d]*)\)",
        )?;
        Ok(Self { definition })
    }

    /// Adds mentions for acronyms that `text` defines and the catalogue
    /// does not know. `mentions` must be sorted by span.
    ///
    /// Each acronym is taught once, by its first definition, however often
    /// the text repeats it: the cost stays linear in the text.
    pub fn teach(&self, text: &str, mentions: &mut Vec<MentionSuggestion>) {
        let mut taught: BTreeMap<&str, MentionSuggestion> = BTreeMap::new();
        for captures in self.definition.captures_iter(text) {
            let (Some(whole), Some(acronym)) = (
                captures.get(0),
                captures.name("acronym").or_else(|| captures.name("paren")),
            ) else {
                continue;
            };
            let acronym_span = Span::new(acronym.start(), acronym.end());
            if !on_word_boundaries(text, acronym.start(), acronym.end())
                || taught.contains_key(acronym.as_str())
                || is_named(mentions, acronym_span)
            {
                continue;
            }
            if let Some(long_form) = long_form_ending_at(mentions, whole.start()) {
                taught.insert(acronym.as_str(), long_form.clone());
            }
        }
        if taught.is_empty() {
            return;
        }
        let mut replaced: HashSet<Span> = HashSet::new();
        for (acronym, long_form) in taught {
            let long_text = long_form.span.text(text).unwrap_or_default().to_owned();
            for span in word_occurrences(text, acronym) {
                if is_named(mentions, span) {
                    continue;
                }
                replaced.insert(span);
                let mut mention =
                    MentionSuggestion::new(span, long_form.label.clone(), SUGGESTER, 0.75);
                mention.actor.clone_from(&long_form.actor);
                mention
                    .attributes
                    .insert("alias_of".to_owned(), long_text.clone());
                mentions.push(mention);
            }
        }
        mentions.retain(|m| !(m.suggester == CAPITALISED_GUESS && replaced.contains(&m.span)));
    }
}

/// Whether a suggester other than the guesser already named exactly `span`.
fn is_named(sorted: &[MentionSuggestion], span: Span) -> bool {
    let first = sorted.partition_point(|m| m.span < span);
    sorted[first..]
        .iter()
        .take_while(|m| m.span == span)
        .any(|m| m.suggester != CAPITALISED_GUESS)
}

/// The mention that ends at `byte`: a named one before a guess, then the longest.
fn long_form_ending_at(sorted: &[MentionSuggestion], byte: usize) -> Option<&MentionSuggestion> {
    let starting_before = sorted.partition_point(|m| m.span.start_byte < byte);
    sorted[..starting_before]
        .iter()
        .rev()
        .take_while(|m| m.span.start_byte + SpanIndex::NAME_REACH_BYTES >= byte)
        .filter(|m| m.span.end_byte == byte)
        .max_by_key(|m| (m.suggester != CAPITALISED_GUESS, m.span.len_bytes()))
}

/// Every occurrence of `word` in `text` that stands as a whole word.
fn word_occurrences(text: &str, word: &str) -> Vec<Span> {
    let is_word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(word)
        .filter(|(start, _)| {
            let before = text[..*start].chars().next_back();
            let after = text[start + word.len()..].chars().next();
            !is_word_char(before) && !is_word_char(after)
        })
        .map(|(start, _)| Span::new(start, start + word.len()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_defined_acronym_takes_the_long_forms_label_everywhere() {
        let text = "the Katiba Hanifa Nord, known by its initials KHN, struck; KHN later withdrew.";
        let long = text.find("Katiba").unwrap();
        let long_end = text.find(", known").unwrap();
        let mut long_form = MentionSuggestion::new(
            Span::new(long, long_end),
            "ARMED_GROUP",
            CAPITALISED_GUESS,
            0.25,
        );
        long_form.actor = None;
        let first = text.find("KHN").unwrap();
        let guess = MentionSuggestion::new(
            Span::new(first, first + 3),
            "LOCATION",
            CAPITALISED_GUESS,
            0.25,
        );
        let mut mentions = vec![long_form, guess];
        mentions.sort_by_key(|m| m.span);
        AcronymDefinitions::new()
            .unwrap()
            .teach(text, &mut mentions);
        let taught: Vec<_> = mentions
            .iter()
            .filter(|m| m.suggester == SUGGESTER)
            .map(|m| (m.span.text(text).unwrap(), m.label.as_str()))
            .collect();
        assert_eq!(taught, [("KHN", "ARMED_GROUP"), ("KHN", "ARMED_GROUP")]);
        assert_eq!(mentions.len(), 3, "the LOCATION guess on KHN is replaced");
    }

    #[test]
    fn parenthesised_acronyms_in_french() {
        let text = "le Rassemblement des Peuples Unis (RPU) a attaqué.";
        let long = text.find("Rassemblement").unwrap();
        let end = text.find(" (RPU)").unwrap();
        let mut mentions = vec![MentionSuggestion::new(
            Span::new(long, end),
            "ORGANIZATION",
            CAPITALISED_GUESS,
            0.25,
        )];
        AcronymDefinitions::new()
            .unwrap()
            .teach(text, &mut mentions);
        assert_eq!(mentions.len(), 2);
        assert_eq!(mentions[1].span.text(text), Some("RPU"));
        assert_eq!(
            mentions[1].attributes["alias_of"],
            "Rassemblement des Peuples Unis"
        );
    }
}
