//! The string-match recommender (after INCEpTION's): every span text that is
//! gold somewhere is proposed wherever it recurs, with the share of its gold
//! occurrences that carry the label as the score.
//!
//! Texts are compared after the catalogue matcher's folding (case,
//! diacritics, apostrophes, hyphens; see [`crate::text::fold`]) and only
//! as whole words; an all-capitals text (an acronym) matches in capitals
//! only, so "US" does not fire on "us". A text and label rejected more
//! often than confirmed stops being proposed: the analyst's "no" sticks.

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};

use super::data::{LabeledSpan, TrainingDoc};
use crate::model::Span;
use crate::suggest::MentionSuggestion;
use crate::text::fold::{Folded, fold};
use crate::text::words::on_word_boundaries;

/// Name of this recommender, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "learned:string";

/// How often one folded text was confirmed and rejected with one label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Tally {
    gold: u32,
    rejected: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct TextTally {
    labels: BTreeMap<String, Tally>,
    /// Gold forms folded with case kept, when every one is in capitals.
    acronym_forms: Vec<String>,
    any_lowercase_form: bool,
}

/// What the analysts confirmed and rejected, by folded text: the string
/// matcher's memory, grown one document at a time. It serialises (sorted
/// by text) so that a project can save it beside the tagger.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StringMemory {
    texts: BTreeMap<String, TextTally>,
}

impl StringMemory {
    pub fn new() -> Self {
        Self::default()
    }

    /// Remembers a document's gold mentions and rejected suggestions.
    pub fn add_document(&mut self, doc: &TrainingDoc) {
        self.add(&doc.text, &doc.gold, &doc.rejected);
    }

    pub fn add(&mut self, text: &str, gold: &[LabeledSpan], rejected: &[LabeledSpan]) {
        for (mentions, is_gold) in [(gold, true), (rejected, false)] {
            for m in mentions {
                let Some(covered) = m.span.text(text) else {
                    continue;
                };
                let key = fold(covered, true);
                if key.is_empty() {
                    continue;
                }
                let tally = self.texts.entry(key).or_default();
                let counts = tally.labels.entry(m.label.clone()).or_default();
                if is_gold {
                    counts.gold += 1;
                    let cased = fold(covered, false);
                    if is_acronym(&cased) {
                        if !tally.acronym_forms.contains(&cased) {
                            tally.acronym_forms.push(cased);
                        }
                    } else {
                        tally.any_lowercase_form = true;
                    }
                } else {
                    counts.rejected += 1;
                }
            }
        }
    }

    /// Compiles the texts still worth proposing into a matcher.
    pub fn build(&self) -> Result<StringMatcher, aho_corasick::BuildError> {
        let mut entries = Vec::new();
        for (key, tally) in &self.texts {
            if tally.labels.values().all(|t| t.gold == 0) {
                continue;
            }
            let acronym_forms = (!tally.any_lowercase_form).then(|| tally.acronym_forms.clone());
            entries.push(StringEntry {
                key: key.clone(),
                tallies: tally
                    .labels
                    .iter()
                    .map(|(label, t)| (label.clone(), *t))
                    .collect(),
                acronym_forms,
            });
        }
        // Sorted so that the automaton, and so the output, never depends on
        // the hash map's order.
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(entries.iter().map(|e| e.key.as_str()))
            .or_else(|_| {
                AhoCorasickBuilder::new()
                    .match_kind(MatchKind::Standard)
                    .build(entries.iter().map(|e| e.key.as_str()))
            })?;
        Ok(StringMatcher { automaton, entries })
    }

    /// Number of distinct folded texts remembered.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the analysts rejected `covered` with `label` more often than
    /// they confirmed it: then no recommender, learned or rule, should
    /// propose it again (the analyst's "no" sticks across documents).
    pub fn is_silenced(&self, covered: &str, label: &str) -> bool {
        self.texts
            .get(&fold(covered, true))
            .and_then(|tally| tally.labels.get(label))
            .is_some_and(|t| t.rejected > t.gold)
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

fn is_acronym(cased: &str) -> bool {
    cased.chars().any(char::is_alphabetic) && !cased.chars().any(char::is_lowercase)
}

fn ratio(part: u32, whole: u32) -> f32 {
    // Counts of one text stay far below 2^24: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let r = part as f32 / whole.max(1) as f32;
    r
}

#[derive(Clone, Debug)]
struct StringEntry {
    key: String,
    /// Confirmations and rejections per label.
    tallies: Vec<(String, Tally)>,
    /// When set, the original text must fold (case kept) to one of these.
    acronym_forms: Option<Vec<String>>,
}

/// Proposes remembered gold texts wherever they recur; built by [`StringMemory::build`].
#[derive(Clone, Debug)]
pub struct StringMatcher {
    automaton: AhoCorasick,
    entries: Vec<StringEntry>,
}

impl StringMatcher {
    /// Trains a matcher on finished documents.
    pub fn train(docs: &[&TrainingDoc]) -> Result<Self, aho_corasick::BuildError> {
        let mut memory = StringMemory::new();
        for doc in docs {
            memory.add_document(doc);
        }
        memory.build()
    }

    /// Number of texts it proposes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Candidate mentions in `text`, in text order: where remembered texts
    /// overlap, the leftmost and then the longest wins; each proposed label
    /// of a text is one suggestion.
    pub fn suggest(&self, text: &str) -> Vec<MentionSuggestion> {
        self.hits(text, None)
            .into_iter()
            .flat_map(|(span, labels)| {
                labels.into_iter().map(move |(label, score)| {
                    MentionSuggestion::new(span, label, SUGGESTER, score)
                })
            })
            .collect()
    }

    /// Remembered texts found in `text` with the labels still proposed for
    /// each and their relative frequency. With `excluded`, that document's
    /// own confirmations and rejections are left out of the counts: the
    /// tagger learns from what the memory would have said had the document
    /// been new (leave one out), not from its own answers.
    pub fn hits(
        &self,
        text: &str,
        excluded: Option<&TrainingDoc>,
    ) -> Vec<(Span, Vec<(String, f32)>)> {
        if self.entries.is_empty() {
            return Vec::new();
        }
        let own = excluded.map(own_tallies).unwrap_or_default();
        let folded = Folded::new(text, true);
        let mut found: Vec<(Span, usize)> = self
            .automaton
            .find_overlapping_iter(folded.text.as_str())
            .filter_map(|m| {
                let span = folded.original_span(text, m.start(), m.end())?;
                if !on_word_boundaries(text, span.start_byte, span.end_byte) {
                    return None;
                }
                let entry = &self.entries[m.pattern().as_usize()];
                if let Some(forms) = &entry.acronym_forms {
                    let cased = fold(span.text(text)?, false);
                    if !forms.contains(&cased) {
                        return None;
                    }
                }
                Some((span, m.pattern().as_usize()))
            })
            .collect();
        found.sort_by_key(|(span, _)| (span.start_byte, std::cmp::Reverse(span.end_byte)));
        let mut hits = Vec::new();
        let mut taken_until = 0;
        for (span, index) in found {
            if span.start_byte < taken_until {
                continue;
            }
            let entry = &self.entries[index];
            let counts: Vec<(&String, Tally)> = entry
                .tallies
                .iter()
                .map(|(label, t)| {
                    let mine = own
                        .get(&(entry.key.clone(), label.clone()))
                        .copied()
                        .unwrap_or_default();
                    let left = Tally {
                        gold: t.gold.saturating_sub(mine.gold),
                        rejected: t.rejected.saturating_sub(mine.rejected),
                    };
                    (label, left)
                })
                .collect();
            let total_gold: u32 = counts.iter().map(|(_, t)| t.gold).sum();
            let labels: Vec<(String, f32)> = counts
                .into_iter()
                .filter(|(_, t)| t.gold > 0 && t.gold >= t.rejected)
                .map(|(label, t)| (label.clone(), ratio(t.gold, total_gold)))
                .collect();
            if labels.is_empty() {
                continue;
            }
            taken_until = span.end_byte;
            hits.push((span, labels));
        }
        hits
    }
}

/// A document's own confirmations and rejections, by folded text and label.
fn own_tallies(doc: &TrainingDoc) -> HashMap<(String, String), Tally> {
    let mut own: HashMap<(String, String), Tally> = HashMap::new();
    for (mentions, is_gold) in [(&doc.gold, true), (&doc.rejected, false)] {
        for m in mentions {
            let Some(covered) = m.span.text(&doc.text) else {
                continue;
            };
            let tally = own
                .entry((fold(covered, true), m.label.clone()))
                .or_default();
            if is_gold {
                tally.gold += 1;
            } else {
                tally.rejected += 1;
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::test_support::marked;

    fn doc(marked_text: &str) -> TrainingDoc {
        let (text, gold) = marked(marked_text);
        TrainingDoc {
            id: crate::model::DocumentId::for_text(&text),
            text,
            gold,
            rejected: Vec::new(),
        }
    }

    fn proposed(matcher: &StringMatcher, text: &str) -> Vec<(String, String, f32)> {
        matcher
            .suggest(text)
            .into_iter()
            .map(|s| (s.span.text(text).unwrap().to_owned(), s.label, s.score))
            .collect()
    }

    #[test]
    fn proposes_a_gold_text_elsewhere_folded_and_as_whole_words_only() {
        let training = doc("Fighters of [[JNIM|ARMED_GROUP]] entered [[Ménaka|LOCATION]] at dawn.");
        let matcher = StringMatcher::train(&[&training]).unwrap();
        let text = "In MENAKA and in menakas, jnim fighters and JNIM left.";
        let found = proposed(&matcher, text);
        assert_eq!(
            found,
            [
                ("MENAKA".to_owned(), "LOCATION".to_owned(), 1.0),
                ("JNIM".to_owned(), "ARMED_GROUP".to_owned(), 1.0)
            ],
            "whole words only, and an acronym in capitals only"
        );
        let span = matcher.suggest(text)[0].span;
        assert_eq!(span, Span::new(3, 9));
    }

    #[test]
    fn scores_by_relative_frequency_and_stops_after_more_rejections_than_accepts() {
        let mut memory = StringMemory::new();
        memory.add_document(&doc(
            "[[Niger|LOCATION]] and [[Niger|LOCATION]] and [[Niger|COUNTRY]].",
        ));
        let matcher = memory.build().unwrap();
        let labels = proposed(&matcher, "Back to Niger.");
        assert_eq!(labels.len(), 2);
        assert_eq!(labels[1].1, "LOCATION");
        assert!((labels[1].2 - 2.0 / 3.0).abs() < 1e-6, "{labels:?}");
        assert!((labels[0].2 - 1.0 / 3.0).abs() < 1e-6, "{labels:?}");

        let (text, gold) = marked("[[Reportedly|LOCATION]], it rained.");
        memory.add(&text, &gold, &[]);
        let matcher = memory.build().unwrap();
        assert_eq!(proposed(&matcher, "Reportedly, a raid.").len(), 1);
        // One rejection ties with one confirmation: still proposed.
        memory.add(&text, &[], &gold);
        let matcher = memory.build().unwrap();
        assert_eq!(proposed(&matcher, "Reportedly, a raid.").len(), 1);
        // More rejections than confirmations: silent from now on.
        memory.add(&text, &[], &gold);
        let matcher = memory.build().unwrap();
        assert!(proposed(&matcher, "Reportedly, a raid.").is_empty());
        assert_eq!(
            proposed(&matcher, "Niger again").len(),
            2,
            "other texts go on"
        );
    }

    #[test]
    fn leaving_a_document_out_forgets_its_own_answers() {
        let first = doc("[[Dori|LOCATION]] and [[Kaya|LOCATION]].");
        let second = doc("Back in [[Dori|LOCATION]].");
        let matcher = StringMatcher::train(&[&first, &second]).unwrap();
        let hits = |excluded| -> Vec<String> {
            matcher
                .hits(&first.text, excluded)
                .into_iter()
                .map(|(span, _)| span.text(&first.text).unwrap().to_owned())
                .collect()
        };
        assert_eq!(hits(None), ["Dori", "Kaya"]);
        assert_eq!(hits(Some(&first)), ["Dori"], "Kaya was only ever its own");
    }

    #[test]
    fn a_text_rejected_more_than_confirmed_is_silenced_and_the_memory_round_trips() {
        let mut memory = StringMemory::new();
        let (text, gold) = marked("[[Reportedly|LOCATION]], a raid in [[Dori|LOCATION]].");
        memory.add(&text, &gold[1..], &gold[..1]);
        assert!(memory.is_silenced("REPORTEDLY", "LOCATION"), "folded");
        assert!(!memory.is_silenced("Reportedly", "PERSON"));
        assert!(!memory.is_silenced("Dori", "LOCATION"));
        let json = serde_json::to_string(&memory).unwrap();
        let back: StringMemory = serde_json::from_str(&json).unwrap();
        assert_eq!(back, memory);
        assert_eq!(
            proposed(&back.build().unwrap(), "Back in Dori."),
            [("Dori".to_owned(), "LOCATION".to_owned(), 1.0)]
        );
    }
}
