//! The administrative units a note writes in brackets after a place, as
//! conflict notes do: "in Kerawa village (Mayo-Sava, Extreme-Nord)",
//! "à Boni (Douentza, Mopti)", "in Goma (Nord-Kivu)" — the district, then
//! the region that ACLED's `admin1` holds, or the region alone. The note
//! spells the region as its coders do, which the gazetteer often does not
//! ("Lower Shabelle", not "Lower Shabeelle").

/// How far after a place its brackets may open ("Gakara village, Kolofata
/// subdivision (…)"), in bytes: further on they belong to something else.
const MAX_GAP: usize = 40;
/// The most words a region or a place written before brackets has.
const MAX_WORDS: usize = 5;
/// Words that say what kind of unit a name is ("Red Sea state"); ACLED
/// writes the name alone.
const UNIT_WORDS: [&str; 12] = [
    "state",
    "province",
    "region",
    "county",
    "district",
    "LGA",
    "prefecture",
    "governorate",
    "cercle",
    "commune",
    "département",
    "région",
];
/// The words that say a place follows ("in Abraka", "à Boni").
const WHERE_WORDS: [&str; 14] = [
    "in", "at", "near", "of", "around", "outside", "from", "à", "au", "dans", "de", "du", "vers",
    "sur",
];
/// Lower-case words inside a place's name ("Wadi al Washka", "Dar es
/// Salaam", "Mocimboa da Praia").
const NAME_PARTICLES: [&str; 10] = ["al", "el", "as", "ash", "an", "ar", "es", "da", "de", "du"];

/// The region written in the brackets that open shortly after a place
/// (`after` is the text that follows the place's name): the brackets' last
/// part, without its unit word.
pub fn admin1_after(after: &str) -> Option<&str> {
    // Only the first few characters are searched: a long text is not read
    // to its end for every place.
    let (open, _) = after
        .char_indices()
        .take_while(|&(at, _)| at <= MAX_GAP)
        .find(|&(_, c)| c == '(')?;
    let gap = &after[..open];
    if gap.len() > MAX_GAP || gap.contains(['.', ';', ':', ')', '[', '"']) {
        return None;
    }
    admin1_in(&after[open + 1..])
}

/// The place written right before the first brackets of `sentence` that
/// name a region ("in Abraka (Ethiope East LGA, Delta)": `Abraka`, `Delta`):
/// the capitalised words that end where the brackets open.
pub fn place_before_brackets(sentence: &str) -> Option<(&str, &str)> {
    sentence.match_indices('(').find_map(|(open, _)| {
        let admin1 = admin1_in(&sentence[open + 1..])?;
        let place = capitalised_tail(&sentence[..open])?;
        Some((place, admin1))
    })
}

/// The region of brackets that open just before `inside`: their last
/// comma-separated part, if it reads as a name (capitalised, no digits,
/// not an acronym such as a group's "(MDC-A)").
fn admin1_in(inside: &str) -> Option<&str> {
    let close = inside.find(')')?;
    let last = inside[..close].rsplit(',').next()?.trim();
    let name = without_unit_word(last);
    let words = name.split_whitespace().count();
    let reads_as_name = name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().any(char::is_lowercase)
        && !name.chars().any(|c| c.is_ascii_digit())
        && (1..=MAX_WORDS).contains(&words);
    reads_as_name.then_some(name)
}

/// `name` without its unit word ("Red Sea state" → "Red Sea", "région
/// de Mopti" → "Mopti").
fn without_unit_word(name: &str) -> &str {
    let is_unit = |word: &str| UNIT_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w));
    if let Some((rest, last)) = name.rsplit_once(' ')
        && is_unit(last)
    {
        return rest.trim_end();
    }
    let mut words = name.splitn(3, ' ');
    match (words.next(), words.next(), words.next()) {
        (Some(unit), Some("de" | "du" | "of"), Some(rest)) if is_unit(unit) => rest,
        _ => name,
    }
}

/// The capitalised words (and name particles between them) that end
/// `text` after a word that says where ("in", "near", "à"), if they are not
/// an acronym.
fn capitalised_tail(text: &str) -> Option<&str> {
    let text = text.trim_end();
    let words: Vec<&str> = text.split(' ').collect();
    let mut first = words.len();
    for (at, word) in words.iter().enumerate().rev().take(MAX_WORDS) {
        if is_capitalised(word) {
            first = at;
        } else if !NAME_PARTICLES.contains(word) {
            break;
        }
    }
    let head = words.get(first)?;
    let before = words.get(first.checked_sub(1)?)?;
    let tail = &text[word_start(text, head)..];
    (WHERE_WORDS.contains(&before.to_lowercase().as_str()) && tail.chars().any(char::is_lowercase))
        .then_some(tail)
}

/// Whether `word` is a capitalised name word ("Abraka", "Mayo-Sava").
fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
}

/// Where `word`, a slice of `text`, starts in it.
fn word_start(text: &str, word: &str) -> usize {
    word.as_ptr() as usize - text.as_ptr() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_is_the_last_part_of_the_brackets_after_a_place() {
        for (after, admin1) in [
            (
                " village (Mayo-Sava, Extreme-Nord), taking away",
                Some("Extreme-Nord"),
            ),
            (" (Tripoli). No casualties reported.", Some("Tripoli")),
            (" (Red Sea state), after the prisoners", Some("Red Sea")),
            (
                " village, Kolofata subdivision (Mayo-Sava, Extreme-Nord).",
                Some("Extreme-Nord"),
            ),
            (
                " (cercle de Douentza, région de Mopti) ont tué",
                Some("Mopti"),
            ),
            (" (Douentza, Mopti) ont tué", Some("Mopti")),
            (" (as reported), local militiamen", None),
            (" by fighters of the group (JNIM)", None),
            (". The army (Mopti) said", None),
            (" on 12 May (2020)", None),
            (
                " where soldiers had been deployed for weeks before the attack (Mopti)",
                None,
            ),
        ] {
            assert_eq!(admin1_after(after), admin1, "{after}");
        }
    }

    #[test]
    fn the_place_is_the_capitalised_words_before_the_brackets() {
        for (sentence, found) in [
            (
                "On 6 May 2020, Hausa traders demonstrated in Abraka (Ethiope East LGA, Delta) over the demolition.",
                Some(("Abraka", "Delta")),
            ),
            (
                "Des hommes armés ont attaqué le marché à Dar es Salam (Bankass, Mopti) lundi.",
                Some(("Dar es Salam", "Mopti")),
            ),
            (
                "Gunshots were heard at the airbase (Tillaberi) on Monday.",
                None,
            ),
            (
                "On 2 May 2020, Boko Haram (Jama'atu Ahlis Sunna) attacked a village.",
                None,
            ),
            (
                "Une embuscade a eu lieu près de Boulkessi (Soum, Sahel).",
                Some(("Boulkessi", "Sahel")),
            ),
            (
                "On 4 May 2020, the JNIM (Jama'at Nusrat al-Islam) attacked an army post in Boni (Douentza, Mopti).",
                Some(("Boni", "Mopti")),
            ),
        ] {
            assert_eq!(place_before_brackets(sentence), found, "{sentence}");
        }
    }
}
