//! The number of dead in a fatalities mention: "15", "fifteen", "quinze",
//! "a herder" or "the soldier" (one),
//! "at least 15 soldiers", "twenty-five", "vingt-cinq", the lower bound of
//! a range ("8-10", "between 2 and 4"), a family's size ("a family of
//! three"). Vague counts
//! ("dozens", "several", "plusieurs") give no number: ACLED's own rules for
//! them are a coder's call, so the cell is left empty.

use std::sync::LazyLock;

use regex::Regex;

/// The first count the text states, if it states one.
pub fn count(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, ',' | '.' | '-')))
        .map(|w| w.trim_matches(|c| c == ',' || c == '.'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut total: Option<u32> = None;
    // "a family of four", "une famille de cinq": the family's size is the
    // count, its article none; a family of no stated size is no count.
    let family = matches!(words.get(1), Some(&("family" | "famille" | "household")));
    // "a soldier": one; "a dozen", "a few": no count.
    let single = matches!(words.first(), Some(&("a" | "an" | "the")))
        && !family
        && !matches!(
            words.get(1),
            Some(&("dozen" | "few" | "hundred" | "number" | "score" | "handful"))
        );
    for word in words.into_iter().skip(usize::from(family)) {
        let digits: String = word.chars().filter(|c| *c != ',' && *c != '.').collect();
        if let Ok(number) = digits.parse::<u32>() {
            return Some(total.map_or(number, |t| t + number));
        }
        // "8-10 residents": ACLED codes a range by its lower bound.
        if let Some((low, high)) = digits.split_once('-')
            && let (Ok(low), Ok(_)) = (low.parse::<u32>(), high.parse::<u32>())
        {
            return Some(total.map_or(low, |t| t + low));
        }
        match (total, compound(word)) {
            // "twenty" then "five", "vingt" "et" "un".
            (Some(t), Some(n)) if t % 10 == 0 && t >= 20 && n < 10 => return Some(t + n),
            (None, Some(n)) if n >= 20 && n % 10 == 0 => total = Some(n),
            (None, Some(n)) => return Some(n),
            (Some(_), None) if word == "et" || word == "and" => {}
            (Some(t), _) => return Some(t),
            (None, None) => {}
        }
    }
    total.or(single.then_some(1))
}

/// Into how many events a note says its dead are split: "Fatalities split
/// between 2 events", "fatalities coded across two events", "distributed
/// across six events". ACLED gives each event its share, rounded down.
pub fn split_among(note: &str) -> Option<u32> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\bfatalities\s+(?:were\s+|are\s+)?(?:split|coded|divided|distributed|spread)\s+(?:evenly\s+)?(?:between|across|among|over)\s+(?:the\s+)?([\w-]+)\s+(?:events|incidents)",
        )
        .expect("the split pattern compiles")
    });
    let parts = SPLIT.captures(note)?.get(1)?.as_str();
    count(parts).filter(|&n| n > 1)
}

/// A share of `total` dead for one of `events`, as ACLED splits them.
pub fn share(total: u32, events: u32) -> u32 {
    total / events.max(1)
}

/// A number word, or one written with hyphens ("twenty-five",
/// "soixante-douze", "quatre-vingt-dix-huit"): the longest known words
/// from the left, added up.
fn compound(word: &str) -> Option<u32> {
    let parts: Vec<&str> = word.split('-').filter(|p| !p.is_empty()).collect();
    let mut total = 0;
    let mut from = 0;
    while from < parts.len() {
        let (taken, value) = (from + 1..=parts.len())
            .rev()
            .find_map(|to| number_word(&parts[from..to].join("-")).map(|n| (to, n)))?;
        total += value;
        from = taken;
    }
    (!parts.is_empty()).then_some(total)
}

fn number_word(word: &str) -> Option<u32> {
    const WORDS: [(&[&str], u32); 28] = [
        (&["zero", "no", "zéro", "aucun"], 0),
        (&["one", "un", "une"], 1),
        (&["two", "deux"], 2),
        (&["three", "trois"], 3),
        (&["four", "quatre"], 4),
        (&["five", "cinq"], 5),
        (&["six"], 6),
        (&["seven", "sept"], 7),
        (&["eight", "huit"], 8),
        (&["nine", "neuf"], 9),
        (&["ten", "dix"], 10),
        (&["eleven", "onze"], 11),
        (&["twelve", "douze"], 12),
        (&["thirteen", "treize"], 13),
        (&["fourteen", "quatorze"], 14),
        (&["fifteen", "quinze"], 15),
        (&["sixteen", "seize"], 16),
        (&["seventeen", "dix-sept"], 17),
        (&["eighteen", "dix-huit"], 18),
        (&["nineteen", "dix-neuf"], 19),
        (&["twenty", "vingt"], 20),
        (&["thirty", "trente"], 30),
        (&["forty", "quarante"], 40),
        (&["fifty", "cinquante"], 50),
        (&["sixty", "soixante"], 60),
        (&["seventy", "soixante-dix"], 70),
        (&["eighty", "quatre-vingts", "quatre-vingt"], 80),
        (&["ninety", "quatre-vingt-dix"], 90),
    ];
    WORDS
        .iter()
        .find(|(names, _)| names.contains(&word))
        .map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_and_number_words_in_english_and_french() {
        assert_eq!(count("15"), Some(15));
        assert_eq!(count("at least 15 soldiers"), Some(15));
        assert_eq!(count("a herder"), Some(1), "one victim");
        assert_eq!(count("the soldier"), Some(1), "one victim");
        assert_eq!(count("fatalities coded as 10"), Some(10));
        assert_eq!(count("3 Fulani were killed"), Some(3));
        assert_eq!(count("a dozen villagers"), None, "vague");
        assert_eq!(count("1,200 dead"), Some(1200));
        assert_eq!(count("fifteen"), Some(15));
        assert_eq!(count("Quinze morts"), Some(15));
        assert_eq!(count("twenty-five people"), Some(25));
        assert_eq!(count("vingt-cinq civils"), Some(25));
        assert_eq!(count("trente et un soldats"), Some(31));
        assert_eq!(count("twenty dead"), Some(20));
        assert_eq!(count("soixante-douze"), Some(72));
        assert_eq!(count("quatre-vingt-dix-huit"), Some(98));
        assert_eq!(count("dix-sept"), Some(17));
        assert_eq!(count("one soldier"), Some(1));
        assert_eq!(count("dozens of civilians"), None);
        assert_eq!(count("plusieurs morts"), None);
    }

    #[test]
    fn a_note_that_splits_its_dead_gives_each_event_its_share() {
        let note = "Militias clashed in three villages. 9 people were killed. Fatalities split between 2 events.";
        assert_eq!(split_among(note), Some(2));
        assert_eq!(split_among("Fatalities coded across two events."), Some(2));
        assert_eq!(
            split_among("Fatalities were distributed across six events."),
            Some(6)
        );
        assert_eq!(split_among("Two soldiers were killed."), None);
        assert_eq!(split_among("Fatalities split between one event."), None);
        assert_eq!(share(9, 2), 4);
        assert_eq!(share(31, 6), 5);
        assert_eq!(share(78, 2), 39);
    }

    #[test]
    fn a_range_counts_its_lower_bound_and_a_family_its_members() {
        assert_eq!(count("6-9 herders"), Some(6), "ACLED takes the lower bound");
        assert_eq!(count("between 4 and 7 fishermen"), Some(4));
        assert_eq!(count("range from 3 to 5"), Some(3));
        assert_eq!(count("entre cinq et huit villageois"), Some(5));
        assert_eq!(count("de 3 à 6 orpailleurs"), Some(3));
        assert_eq!(count("a family of four"), Some(4));
        assert_eq!(count("une famille de cinq personnes"), Some(5));
        assert_eq!(count("a family"), None, "a family of no stated size");
    }
}
