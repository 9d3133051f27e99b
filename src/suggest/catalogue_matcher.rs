//! The catalogue matcher: every alias of every actor and place, found in one
//! pass with Aho-Corasick.
//!
//! Matching runs on a [`Folded`] copy of the text (no case, diacritics,
//! apostrophe styles or hyphens), leftmost-longest so that "Mali's army"
//! wins over "Mali", and only on word boundaries. Acronyms such as "FAN" or
//! "AES" match in capitals only, so that "fan" or "aes" in running text do
//! not fire. Offsets map back exactly to the original text.

use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};

use crate::model::{ActorKind, Catalogue, Span};
use crate::text::fold::{Folded, fold};

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "catalogue";

/// What a catalogue alias refers to.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Catalogue id of the actor or place.
    pub id: Arc<str>,
    /// The entity label a match gets.
    pub label: &'static str,
    /// The actor's kind; `None` for places.
    pub kind: Option<ActorKind>,
    /// Country (ISO alpha-2) of the actor or place.
    pub country: Option<Arc<str>>,
}

/// One alias found in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CatalogueMatch {
    pub span: Span,
    /// Index into [`CatalogueMatcher::entry`].
    pub entry: usize,
    /// Whether the alias is an acronym matched in capitals.
    pub acronym: bool,
}

#[derive(Clone, Debug)]
struct Pattern {
    entry: usize,
    /// For acronyms, the forms folded with their case kept, one of which the text must equal.
    exact: Option<Vec<String>>,
}

/// Finds the aliases of a catalogue in texts; built once, used for every document.
#[derive(Clone, Debug)]
pub struct CatalogueMatcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
    entries: Vec<Entry>,
    /// The tails of long actor names ("… in the Islamic Maghreb", "… au
    /// Maghreb islamique"), folded with their leading connector: the entry
    /// whose head must have matched just before, and the entry of the whole.
    tails: Vec<Tail>,
}

#[derive(Clone, Debug)]
struct Tail {
    folded: String,
    head_entry: usize,
    entry: usize,
}

/// Words that join a long name's head to its tail.
const TAIL_CONNECTORS: &[&str] = &[" in the ", " au ", " in ", " en ", " dans le "];

/// Why a matcher could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the catalogue matcher: {0}")]
pub struct BuildError(#[from] aho_corasick::BuildError);

impl CatalogueMatcher {
    pub fn new(catalogue: &Catalogue) -> Result<Self, BuildError> {
        let mut entries = Vec::new();
        let mut aliases: Vec<(usize, &str)> = Vec::new();
        for actor in &catalogue.actors {
            let entry = entries.len();
            entries.push(Entry {
                id: Arc::from(actor.id.as_str()),
                label: actor.kind.label(),
                kind: Some(actor.kind),
                country: actor.country.as_deref().map(Arc::from),
            });
            aliases.extend(actor.names().map(|a| (entry, a)));
        }
        for place in &catalogue.places {
            let entry = entries.len();
            entries.push(Entry {
                id: Arc::from(place.id.as_str()),
                label: "LOCATION",
                kind: None,
                country: place.country.as_deref().map(Arc::from),
            });
            aliases.extend(place.names().map(|a| (entry, a)));
        }
        // The first entry to claim a folded alias keeps it: catalogue order
        // decides. An acronym's capitalised forms are collected ("FAMa",
        // "FAMA"); any alias that is not an acronym lifts the case rule.
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut folded_aliases = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (entry, alias) in aliases {
            let folded = fold(alias, true);
            if folded.is_empty() {
                continue;
            }
            let exact = is_acronym(alias).then(|| fold(alias, false));
            match by_folded.get(&folded) {
                Some(&known) => {
                    let pattern = &mut patterns[known];
                    if pattern.entry != entry {
                        continue;
                    }
                    match (&mut pattern.exact, exact) {
                        (Some(forms), Some(form)) => forms.push(form),
                        (known_exact, None) => *known_exact = None,
                        (None, Some(_)) => {}
                    }
                }
                None => {
                    by_folded.insert(folded.clone(), patterns.len());
                    folded_aliases.push(folded);
                    patterns.push(Pattern {
                        entry,
                        exact: exact.map(|form| vec![form]),
                    });
                }
            }
        }
        // "Al-Qaida in the Islamic Maghreb" when only "Al-Qaeda in the
        // Islamic Maghreb" is listed: a head spelled another way ("Al-Qaida"
        // is Al-Qaeda's) followed by the tail is still the long name.
        let mut tails = Vec::new();
        for (folded, pattern) in folded_aliases.iter().zip(&patterns) {
            if entries[pattern.entry].kind.is_none() {
                continue;
            }
            for connector in TAIL_CONNECTORS {
                let Some(at) = folded.find(connector) else {
                    continue;
                };
                let Some(&head) = by_folded.get(&folded[..at]) else {
                    continue;
                };
                let head_entry = patterns[head].entry;
                if head_entry != pattern.entry {
                    tails.push(Tail {
                        folded: folded[at..].to_owned(),
                        head_entry,
                        entry: pattern.entry,
                    });
                }
                break;
            }
        }
        // A full DFA: a few MB for the Sahel catalogue, and the fastest search.
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&folded_aliases)?;
        Ok(Self {
            automaton,
            patterns,
            entries,
            tails,
        })
    }

    pub fn entry(&self, index: usize) -> Option<&Entry> {
        self.entries.get(index)
    }

    /// All alias matches in `original`, whose folded copy is `folded`, in text order.
    pub fn find(&self, original: &str, folded: &Folded) -> Vec<CatalogueMatch> {
        let haystack = folded.text.as_bytes();
        let mut found = Vec::new();
        let mut position = 0;
        while position < haystack.len() {
            let input = Input::new(haystack).span(position..haystack.len());
            let Some(m) = self.automaton.find(input) else {
                break;
            };
            let pattern = &self.patterns[m.pattern().as_usize()];
            let (entry, end) = self.with_tail(haystack, pattern.entry, m.end());
            let accepted = on_word_boundaries(haystack, m.start(), m.end())
                && folded
                    .original_span(original, m.start(), end)
                    .filter(|span| match &pattern.exact {
                        Some(forms) => span.text(original).is_some_and(|t| {
                            forms.contains(&fold(t, false)) || is_title_case_word(t)
                        }),
                        None => true,
                    })
                    .map(|span| {
                        found.push(CatalogueMatch {
                            span,
                            entry,
                            acronym: pattern.exact.is_some() && end == m.end(),
                        });
                    })
                    .is_some();
            position = if accepted { end } else { m.start() + 1 };
        }
        found
    }
}

impl CatalogueMatcher {
    /// The entry and end of a match of `entry` ending at `end`, taking in
    /// the tail of a longer name that follows it.
    fn with_tail(&self, haystack: &[u8], entry: usize, end: usize) -> (usize, usize) {
        let rest = &haystack[end..];
        self.tails
            .iter()
            .filter(|tail| tail.head_entry == entry && rest.starts_with(tail.folded.as_bytes()))
            .filter(|tail| {
                haystack
                    .get(end + tail.folded.len())
                    .is_none_or(|&b| !is_word_byte(b))
            })
            .max_by_key(|tail| tail.folded.len())
            .map_or((entry, end), |tail| (tail.entry, end + tail.folded.len()))
    }
}

/// French copy writes long acronyms as words ("Minusma", "Aqmi"): a
/// title-case word of four letters or more is as safe as capitals. Shorter
/// ones ("Fan", "Aes") are ordinary words too often.
fn is_title_case_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(char::is_uppercase)
        && text.chars().count() >= 4
        && chars.all(char::is_lowercase)
}

/// One word of at most eight chars with two or more capitals: "JNIM", "FAMa".
fn is_acronym(alias: &str) -> bool {
    let capitals = alias.chars().filter(|c| c.is_uppercase()).count();
    capitals >= 2 && alias.chars().count() <= 8 && alias.chars().all(|c| c.is_alphanumeric())
}

fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte >= 0x80
}

fn on_word_boundaries(haystack: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).and_then(|i| haystack.get(i));
    let after = haystack.get(end);
    !before.is_some_and(|&b| is_word_byte(b)) && !after.is_some_and(|&b| is_word_byte(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(text: &str) -> Vec<(String, String)> {
        let matcher = CatalogueMatcher::new(&Catalogue::sahel_default()).unwrap();
        let folded = Folded::new(text, true);
        matcher
            .find(text, &folded)
            .into_iter()
            .map(|m| {
                let id = matcher.entry(m.entry).unwrap().id.to_string();
                (m.span.text(text).unwrap().to_owned(), id)
            })
            .collect()
    }

    fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
        expected
            .iter()
            .map(|(t, id)| ((*t).to_owned(), (*id).to_owned()))
            .collect()
    }

    #[test]
    fn leftmost_longest_on_word_boundaries() {
        assert_eq!(
            matches("Mali's army fought in Mali, not in Malian villages or Nigeria."),
            pairs(&[
                ("Mali's army", "fama"),
                ("Mali", "mali"),
                ("Nigeria", "nigeria")
            ])
        );
    }

    #[test]
    fn tolerant_of_diacritics_apostrophes_hyphens_and_case() {
        assert_eq!(
            matches("À MENAKA et à Ménaka, l’armée malienne et Al Qaida au Maghreb islamique."),
            pairs(&[
                ("MENAKA", "menaka"),
                ("Ménaka", "menaka"),
                ("l’armée malienne", "fama"),
                ("Al Qaida au Maghreb islamique", "aqim"),
            ])
        );
    }

    #[test]
    fn a_head_spelled_another_way_takes_its_long_names_tail() {
        assert_eq!(
            matches(
                "Al-Qaida in the Islamic Maghreb and Al-Qaeda au Maghreb islamique; Al-Qaeda in Mali."
            ),
            pairs(&[
                ("Al-Qaida in the Islamic Maghreb", "aqim"),
                ("Al-Qaeda au Maghreb islamique", "aqim"),
                ("Al-Qaeda", "al-qaeda"),
                ("Mali", "mali"),
            ])
        );
    }

    #[test]
    fn acronyms_match_in_capitals_only() {
        assert_eq!(
            matches("A fan of the FAN and the JNIM; aes is not AES, Fan not FAN; la Minusma."),
            pairs(&[
                ("FAN", "niger-armed-forces"),
                ("JNIM", "jnim"),
                ("AES", "aes"),
                ("FAN", "niger-armed-forces"),
                ("Minusma", "minusma")
            ])
        );
    }
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    /// Every alias of the shipped catalogue, on its own, is found whole and
    /// linked to its own entry: no alias is shadowed by another entry's.
    #[test]
    fn every_shipped_alias_finds_its_own_entry() {
        let catalogue = Catalogue::sahel_default();
        let matcher = CatalogueMatcher::new(&catalogue).unwrap();
        let names = catalogue
            .actors
            .iter()
            .flat_map(|a| a.aliases.iter().chain([&a.name]).map(move |n| (n, &a.id)))
            .chain(
                catalogue
                    .places
                    .iter()
                    .flat_map(|p| p.aliases.iter().chain([&p.name]).map(move |n| (n, &p.id))),
            );
        let mut wrong = Vec::new();
        for (alias, id) in names {
            let found = matcher.find(alias, &Folded::new(alias, true));
            let whole = found.len() == 1
                && found[0].span == Span::new(0, alias.len())
                && &*matcher.entry(found[0].entry).unwrap().id == id.as_str();
            if !whole {
                wrong.push(format!("{alias:?} of {id}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "aliases not found as their own entry: {wrong:#?}"
        );
    }
}
