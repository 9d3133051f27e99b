//! Counts of the dead that the casualty pattern's list of nouns cannot
//! know: the victims are whoever the sentence says died ("14 Al Shabaab
//! militants were killed", "a Saad man was killed", "deux éleveurs peuls
//! ont été tués") or whoever follows a killing verb ("killed 5 merchants",
//! "killing 2 of them", "killed one of their chiefs", "killing one and
//! wounding two").
//!
//! Read a word at a time: a phrase of victims runs over words joined by
//! spaces only, and stops at a function word ("and", "in", "during" …), so
//! that "one policeman and three migrants" is never one count.

use regex::Regex;

use super::patterns::{PatternError, is_month};

/// The most words between a count and its fate ("one rapid intervention
/// battalion soldier was killed").
const MAX_NOUN_WORDS: usize = 4;

/// Words that end a phrase of victims.
const STOP_WORDS: &[&str] = &[
    "and",
    "or",
    "but",
    "in",
    "at",
    "on",
    "by",
    "near",
    "during",
    "after",
    "before",
    "with",
    "who",
    "across",
    "throughout",
    "whom",
    "which",
    "that",
    "while",
    "as",
    "from",
    "to",
    "of",
    "for",
    "into",
    "when",
    "where",
    "et",
    "ou",
    "mais",
    "dans",
    "à",
    "au",
    "aux",
    "par",
    "pendant",
    "près",
    "qui",
    "que",
    "de",
    "du",
    "des",
    "lors",
    "après",
    "avant",
    "avec",
    "sur",
    "en",
];

/// Words before a fate that make it hearsay or later, not another subject.
const FATE_ADVERBS: &[&str] = &[
    "reportedly",
    "allegedly",
    "also",
    "later",
    "subsequently",
    "reported",
    "presumably",
];

/// Animals, whose killing is no toll ("killed 15 livestock").
const ANIMALS: &[&str] = &[
    "livestock",
    "cattle",
    "cows",
    "goats",
    "sheep",
    "camels",
    "animals",
    "donkeys",
    "horses",
    "heads",
    "bétail",
    "vaches",
    "chèvres",
    "moutons",
    "chameaux",
    "animaux",
    "ânes",
    "têtes",
    "bœufs",
    "boeufs",
];

/// Auxiliaries of a passive death.
/// "ete" is "été" typed without its accent, as notes often are.
const AUXILIARIES: &[&str] = &["was", "were", "been", "été", "ete"];

/// Participles of a passive death ("were killed", "ont été tués"), with
/// the misspellings and unaccented forms notes are typed with ("kiled",
/// "tues").
const KILLED: &[&str] = &[
    "killed",
    "kiled",
    "murdered",
    "beheaded",
    "lynched",
    "executed",
    "slaughtered",
    "massacred",
    "tué",
    "tués",
    "tuée",
    "tuées",
    "tue",
    "tues",
    "tuee",
    "tuees",
    "abattu",
    "abattus",
    "abattue",
    "abattues",
    "exécuté",
    "exécutés",
    "exécutée",
    "exécutées",
    "égorgé",
    "égorgés",
    "massacrés",
];

/// Verbs that say the subject died ("three people died", "sont morts").
const DIED: &[&str] = &[
    "died",
    "perished",
    "mort",
    "morts",
    "morte",
    "mortes",
    "décédé",
    "décédés",
    "décédée",
    "décédées",
    "péri",
];

/// Verbs whose object is the dead ("killed 5 merchants"), misspelt too.
const KILLING: &[&str] = &[
    "killed",
    "kiled",
    "killing",
    "kiling",
    "murdered",
    "murdering",
    "executed",
    "executing",
    "beheaded",
    "lynched",
    "massacred",
    "tué",
    "tuant",
    "abattu",
    "abattant",
    "exécuté",
    "égorgé",
];

/// Words that put a number in doubt or bound it ("at least 31").
const QUALIFIERS: &[&[&str]] = &[
    &["at", "least"],
    &["at", "most"],
    &["more", "than"],
    &["up", "to"],
    &["au", "moins"],
    &["plus", "de"],
    &["près", "de"],
    &["about"],
    &["around"],
    &["nearly"],
    &["almost"],
    &["over"],
    &["some"],
    &["environ"],
];

/// A word of a sentence and where it is.
#[derive(Clone, Copy, Debug)]
struct Word<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    /// Only spaces lie between it and the word before.
    joined: bool,
}

/// Finds the counts; built once.
#[derive(Clone, Debug)]
pub struct ToldTolls {
    /// A whole word that is a number: digits, a range of them, or a number in words.
    number: Regex,
}

impl ToldTolls {
    pub fn new(number_words: &str) -> Result<Self, PatternError> {
        Ok(Self {
            // "8-10": a range, whose lower bound ACLED codes.
            number: Regex::new(&format!(
                r"(?i)^(?:\d(?:[\d,.]*\d)?(?:-\d+)?|{number_words})$"
            ))?,
        })
    }

    /// The byte ranges, within `sentence`, of the counts of the dead it
    /// tells, in text order.
    pub fn find(&self, sentence: &str) -> Vec<(usize, usize)> {
        let words = words(sentence);
        let mut found = Vec::new();
        for at in 0..words.len() {
            if let Some(end) = self.subject_of_death(&words, at) {
                found.push((words[at].start, end));
            } else if let Some((start, end)) = self.object_of_killing(&words, at) {
                found.push((start, end));
            }
        }
        found.dedup_by(|later, earlier| later.0 < earlier.1);
        found
    }

    /// "a Saad man was killed": from the count at `at`, the words up to a
    /// fate; the end of the last word before it.
    fn subject_of_death(&self, words: &[Word<'_>], at: usize) -> Option<usize> {
        if !self.is_count(words[at].text, true) {
            return None;
        }
        let mut last = at;
        for next in at + 1..words.len().min(at + MAX_NOUN_WORDS + 2) {
            let word = &words[next];
            if !word.joined {
                return None;
            }
            if last > at && is_fate(&words[next..]) {
                // "the soldiers were killed" counts no one.
                let definite_plural =
                    words[at].text.eq_ignore_ascii_case("the") && words[last].text.ends_with('s');
                let animals = words[at + 1..=last]
                    .iter()
                    .any(|w| is_one_of(w.text, ANIMALS));
                return (!definite_plural && !animals).then_some(words[last].end);
            }
            if is_stop(word.text) || is_fate_word(word.text) {
                return None;
            }
            last = next;
        }
        None
    }

    /// "killed 5 merchants", "killing 2 of them", "killing one and …": the
    /// count after a killing verb at `at` and the victims' words.
    fn object_of_killing(&self, words: &[Word<'_>], at: usize) -> Option<(usize, usize)> {
        if !is_one_of(words[at].text, KILLING) {
            return None;
        }
        let mut next = at + 1;
        // "shot dead", "put to death" are not; "killed at least 31" is.
        if let Some(qualifier) = QUALIFIERS
            .iter()
            .find(|q| starts_with_words(&words[next..], q))
        {
            next += qualifier.len();
        }
        let count = words.get(next).filter(|w| w.joined)?;
        if !self.is_count(count.text, false) {
            return None;
        }
        let start = words[at + 1].start;
        let mut end = count.end;
        // "2 of them", "one of their chiefs", "deux d'entre eux".
        if let [of, whom, rest @ ..] = &words[next + 1..]
            && of.joined
            && whom.joined
            && of.text.eq_ignore_ascii_case("of")
        {
            let whom_text = whom.text.to_lowercase();
            match whom_text.as_str() {
                "them" => return Some((start, whom.end)),
                "their" | "the" | "its" => {
                    return rest
                        .first()
                        .filter(|w| w.joined && !is_stop(w.text))
                        .map(|w| (start, w.end));
                }
                _ => return None,
            }
        }
        // "killed 3 May": a date, not a count.
        if words
            .get(next + 1)
            .is_some_and(|w| w.joined && is_month(w.text))
        {
            return None;
        }
        for word in words[next + 1..].iter().take(MAX_NOUN_WORDS) {
            if !word.joined || is_stop(word.text) {
                break;
            }
            if is_one_of(word.text, ANIMALS) {
                return None;
            }
            end = word.end;
        }
        // "killed a" alone says nothing; "killing one" does.
        let bare_article = end == count.end && !self.number.is_match(count.text);
        (!bare_article).then_some((start, end))
    }

    /// Whether `word` counts people: a number, or one person ("a", "an",
    /// "un", "une"; "the" only as the subject of a death, where "the
    /// driver was killed" is one).
    fn is_count(&self, word: &str, as_subject: bool) -> bool {
        let lower = word.to_lowercase();
        self.number.is_match(word)
            || matches!(lower.as_str(), "a" | "an" | "un" | "une")
            || (as_subject && lower == "the")
    }
}

/// The sentence's words, with where they are.
fn words(sentence: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = None;
    let mut gap_start = 0;
    let is_word_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '/');
    for (at, c) in sentence.char_indices().chain([(sentence.len(), ' ')]) {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                let gap = &sentence[gap_start..from];
                words.push(Word {
                    text: &sentence[from..at],
                    start: from,
                    end: at,
                    joined: words.is_empty() || gap.chars().all(char::is_whitespace),
                });
                gap_start = at;
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// Whether `words` begin with a death told of their subject: "was
/// killed", "were reportedly killed", "died", "ont été tués", "sont morts".
fn is_fate(words: &[Word<'_>]) -> bool {
    let mut rest = words;
    // French "ont été tués", "a été tué", "sont morts", "est mort".
    if let Some(first) = rest.first()
        && is_one_of(
            first.text,
            &[
                "a", "ont", "avait", "avaient", "sont", "est", "had", "have", "has",
            ],
        )
    {
        rest = &rest[1..];
    }
    let mut passive = false;
    if let Some(first) = rest.first().filter(|w| w.joined)
        && is_one_of(first.text, AUXILIARIES)
    {
        passive = true;
        rest = &rest[1..];
    }
    while let Some(first) = rest.first().filter(|w| w.joined)
        && is_one_of(first.text, FATE_ADVERBS)
    {
        rest = &rest[1..];
    }
    let Some(verb) = rest.first().filter(|w| w.joined) else {
        return false;
    };
    if is_one_of(verb.text, DIED) {
        return true;
    }
    // "shot dead" with or without an auxiliary; "killed" only after one,
    // since "The explosion killed" is the killing, not its victim.
    let shot_dead = verb.text.eq_ignore_ascii_case("shot")
        && rest
            .get(1)
            .is_some_and(|w| w.joined && w.text.eq_ignore_ascii_case("dead"));
    shot_dead || (passive && is_one_of(verb.text, KILLED))
}

/// A word that can open a fate: it is no victim's noun.
fn is_fate_word(word: &str) -> bool {
    is_one_of(word, AUXILIARIES) || is_one_of(word, DIED) || is_one_of(word, KILLING)
}

fn is_stop(word: &str) -> bool {
    is_one_of(word, STOP_WORDS)
}

fn is_one_of(word: &str, list: &[&str]) -> bool {
    let lower = word.to_lowercase();
    list.contains(&lower.as_str())
}

fn starts_with_words(words: &[Word<'_>], phrase: &[&str]) -> bool {
    words.len() >= phrase.len()
        && words
            .iter()
            .zip(phrase)
            .all(|(w, p)| w.joined && w.text.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::patterns::number_words;

    fn tolls(sentence: &str) -> Vec<&str> {
        ToldTolls::new(&number_words())
            .unwrap()
            .find(sentence)
            .into_iter()
            .map(|(start, end)| &sentence[start..end])
            .collect()
    }

    #[test]
    fn the_subject_of_a_death_is_counted_whatever_its_nouns() {
        assert_eq!(
            tolls("Fourteen Al shabaab militants were killed in the fight."),
            ["Fourteen Al shabaab militants"]
        );
        assert_eq!(
            tolls("A Hawiye man was killed during the clash."),
            ["A Hawiye man"]
        );
        assert_eq!(
            tolls("2 communal militiamen were reportedly killed."),
            ["2 communal militiamen"]
        );
        assert_eq!(
            tolls("Two boda boda drivers were shot dead near Yei."),
            ["Two boda boda drivers"]
        );
        assert_eq!(
            tolls("3 fishermen died following the attack."),
            ["3 fishermen"]
        );
        assert_eq!(
            tolls("Deux éleveurs peuls ont été tués près de Djibo."),
            ["Deux éleveurs peuls"]
        );
        assert_eq!(
            tolls("Trois orpailleurs sont morts."),
            ["Trois orpailleurs"]
        );
    }

    #[test]
    fn the_object_of_a_killing_is_counted_whatever_its_nouns() {
        assert_eq!(
            tolls("Gunmen killed 5 merchants from the Amhara region."),
            ["5 merchants"]
        );
        assert_eq!(
            tolls("Troops raided the farm, killing 2 of them."),
            ["2 of them"]
        );
        assert_eq!(
            tolls("The police killed one of their chiefs in Man."),
            ["one of their chiefs"]
        );
        assert_eq!(
            tolls("Police shot two men, killing one and wounding the other."),
            ["one"]
        );
        assert_eq!(tolls("Rebels said they killed 4 SSPDF."), ["4 SSPDF"]);
        assert_eq!(
            tolls("Fighters clashed, killing at least 31 and wounding dozens."),
            ["at least 31"]
        );
        assert_eq!(
            tolls("Separatists killed one rapid intervention battalion soldier during a raid."),
            ["one rapid intervention battalion soldier"]
        );
        assert_eq!(
            tolls("Les assaillants ont tué trois commerçants à Gao."),
            ["trois commerçants"]
        );
    }

    #[test]
    fn what_is_not_a_count_of_the_dead_is_left() {
        // The killer is no victim; the victims are the object.
        assert_eq!(tolls("The explosion killed one soldier."), ["one soldier"]);
        // Joined by "and", two counts are two phrases, neither of dead here.
        assert!(tolls("One policeman and three migrants were injured.").is_empty());
        assert!(tolls("Two soldiers were seen in the market.").is_empty());
        assert!(tolls("The soldiers were killed in Gao.").is_empty());
        assert_eq!(tolls("The driver was killed in Gao."), ["The driver"]);
        // A clause or a comma stops the phrase.
        assert!(tolls("A convoy, which was attacked, was killed.").is_empty());
        // "killed a" names no one; "killed residents" counts no one.
        assert!(tolls("Gunmen killed residents in Toungo.").is_empty());
        // Animals are no toll.
        assert!(tolls("They burned 20 huts and killed 15 livestock.").is_empty());
        assert!(tolls("Ils ont abattu vingt têtes de bétail.").is_empty());
        assert!(tolls("Three goats were killed.").is_empty());
        // A date after the verb is no count.
        assert!(tolls("He was killed 3 May in Gao.").is_empty());
    }

    #[test]
    fn a_misspelt_killing_a_range_and_an_unaccented_death_are_counted() {
        assert_eq!(
            tolls("Raiders kiled 6-9 herders across the hamlets."),
            ["6-9 herders"]
        );
        assert_eq!(tolls("Two guards were kiled at the gate."), ["Two guards"]);
        assert_eq!(
            tolls("Trois bergers ont ete tues pres de Kaya."),
            ["Trois bergers"]
        );
    }
}
