//! A plain-text wire story: headline, dateline, body and the desk's sign-off.
//!
//! Only the body is stored as the document's text; the headline, dateline
//! and sign-off become metadata, so that `sd-mk-lp-bdi-bfm/sbk` is never
//! offered as an entity and offsets start at the story itself.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::DocumentMeta;

/// What a text file holds once its wire furniture is set apart.
#[derive(Clone, Debug, PartialEq)]
pub struct ParsedArticle {
    pub body: String,
    pub meta: DocumentMeta,
}

/// `BAMAKO, Nov 23 (AFP) -`, `OUAGADOUGOU (Reuters) —`, `NIAMEY, 12 mars (AFP) -`,
/// and with the country after the town: `GAO, Mali, March 4 (AFP) -`,
/// `DORI, Burkina Faso (Reuters) -`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’ .-]*[A-ZÀ-ÖØ-Þ])(?:\s*,\s*(?P<country>\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){0,2}))?(?:\s*,\s*(?P<date>[\p{L}.]+\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[\p{L}.]+(?:\s+\d{4})?))?\s*\((?P<agency>[A-Za-z][A-Za-z&. -]{0,30})\)\s*[-–—]+\s*",
    )
    .expect("dateline pattern is valid")
});

/// Wire-desk sign-offs: lowercase initials joined by `-` and `/`
/// (`sd-mk-lp-bdi-bfm/sbk`, `str-bur/pjm`), or Reuters' credit line.
static SIGN_OFF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[a-z]{1,5}(?:[-/][a-z]{1,5})*/[a-z]{1,5}(?:[-/][a-z]{1,5})*|\((?:Reporting|Writing|Editing) by [^)]*\))$")
        .expect("sign-off pattern is valid")
});

const HEADLINE_MAX_CHARS: usize = 160;
const HEADLINE_MAX_WORDS: usize = 24;

/// Splits a text file into body and metadata; `None` when there is no body.
/// Expects `\n` line ends (see [`super::read_text`]).
pub fn parse_article(text: &str) -> Option<ParsedArticle> {
    let mut meta = DocumentMeta::default();
    let mut lines: Vec<&str> = text.lines().collect();

    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if let Some(last) = lines.last().map(|l| l.trim())
        && lines.len() > 1
        && SIGN_OFF.is_match(last)
    {
        meta.sign_off = Some(last.to_owned());
        lines.pop();
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let first = lines.iter().position(|l| !l.trim().is_empty())?;
    lines.drain(..first);

    if lines.len() > 1 && reads_as_headline(lines[0]) {
        meta.title = Some(lines[0].trim().to_owned());
        lines.remove(0);
        let next = lines.iter().position(|l| !l.trim().is_empty())?;
        lines.drain(..next);
    }

    let mut body = lines.join("\n");
    if let Some(found) = DATELINE.captures(&body) {
        let whole = found.get(0).map_or(0, |m| m.end());
        meta.dateline = Some(body[..whole].trim().to_owned());
        meta.source = found.name("agency").map(|m| m.as_str().trim().to_owned());
        meta.date = found.name("date").map(|m| m.as_str().to_owned());
        if let Some(place) = found.name("place") {
            meta.extra
                .insert("dateline_place".into(), place.as_str().to_owned());
        }
        if let Some(country) = found.name("country") {
            meta.extra
                .insert("dateline_country".into(), country.as_str().to_owned());
        }
        body.drain(..whole);
    }
    let body = body.trim_end().to_owned();
    if body.trim().is_empty() {
        return None;
    }
    meta.language = guess_language(&body).map(str::to_owned);
    Some(ParsedArticle { body, meta })
}

/// A headline is short, does not end like a sentence, and is followed by a body.
fn reads_as_headline(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let ends_like_sentence = line.ends_with(['.', ',', ';', ':', '"', '”', '»']);
    !line.is_empty()
        && line.chars().count() <= HEADLINE_MAX_CHARS
        && words <= HEADLINE_MAX_WORDS
        && !ends_like_sentence
        && !DATELINE.is_match(line)
}

/// `en` or `fr` from the commonest function words, or `None` when unsure.
pub fn guess_language(text: &str) -> Option<&'static str> {
    const ENGLISH: [&str; 10] = [
        "the", "and", "of", "to", "in", "was", "were", "by", "with", "said",
    ];
    const FRENCH: [&str; 18] = [
        "le", "la", "les", "des", "de", "du", "l", "d", "et", "une", "dans", "par", "est", "au",
        "en", "sur", "pour", "selon",
    ];
    let (mut english, mut french) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .take(2000)
        .map(str::to_lowercase)
    {
        english += usize::from(ENGLISH.contains(&word.as_str()));
        french += usize::from(FRENCH.contains(&word.as_str()));
    }
    const MIN_HITS: usize = 3;
    match english.max(french) {
        n if n < MIN_HITS => None,
        _ if english >= french => Some("en"),
        _ => Some("fr"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("../../tests/fixtures/sample/mali-jnim-attacks.txt");

    #[test]
    fn a_dateline_may_name_the_country_after_the_town() {
        let text = "Soldiers killed near Gao\n\nGAO, Mali, March 4 (AFP) - At least seven soldiers were killed.\n";
        let parsed = parse_article(text).unwrap();
        assert_eq!(
            parsed.meta.dateline.as_deref(),
            Some("GAO, Mali, March 4 (AFP) -")
        );
        assert_eq!(parsed.meta.date.as_deref(), Some("March 4"));
        assert_eq!(parsed.meta.extra["dateline_country"], "Mali");
        assert!(parsed.body.starts_with("At least seven"));

        let parsed =
            parse_article("DORI, Burkina Faso (Reuters) - Gunmen attacked a market.").unwrap();
        assert_eq!(parsed.meta.extra["dateline_place"], "DORI");
        assert_eq!(parsed.meta.extra["dateline_country"], "Burkina Faso");
        assert!(parsed.body.starts_with("Gunmen"));
        // A sentence that merely starts with capitals is no dateline.
        let parsed = parse_article("UN, Mali and France (sources) met.").unwrap();
        assert!(parsed.meta.dateline.is_none());
    }

    #[test]
    fn the_sample_keeps_its_sign_off_as_metadata() {
        let parsed = parse_article(SAMPLE).unwrap();
        assert_eq!(
            parsed.meta.sign_off.as_deref(),
            Some("sd-mk-lp-bdi-bfm/sbk")
        );
        assert!(!parsed.body.contains("sd-mk-lp-bdi-bfm/sbk"));
        assert!(parsed.body.starts_with("Jihadists have attacked"));
        assert!(parsed.body.ends_with("surge in jihadist violence."));
        assert_eq!(
            parsed.meta.title, None,
            "the first line is a sentence, not a headline"
        );
        assert_eq!(parsed.meta.language.as_deref(), Some("en"));
    }

    #[test]
    fn headline_and_dateline_become_metadata() {
        let text = "Jihadists claim twin attacks in central Mali\n\nBAMAKO, Nov 23 (AFP) - Jihadists have attacked two military installations in Mali.\nThe army confirmed the attacks.\nstr-bur/pjm\n";
        let parsed = parse_article(text).unwrap();
        assert_eq!(
            parsed.meta.title.as_deref(),
            Some("Jihadists claim twin attacks in central Mali")
        );
        assert_eq!(
            parsed.meta.dateline.as_deref(),
            Some("BAMAKO, Nov 23 (AFP) -")
        );
        assert_eq!(parsed.meta.source.as_deref(), Some("AFP"));
        assert_eq!(parsed.meta.date.as_deref(), Some("Nov 23"));
        assert_eq!(
            parsed.meta.extra.get("dateline_place").map(String::as_str),
            Some("BAMAKO")
        );
        assert_eq!(parsed.meta.sign_off.as_deref(), Some("str-bur/pjm"));
        assert_eq!(
            parsed.body,
            "Jihadists have attacked two military installations in Mali.\nThe army confirmed the attacks."
        );
    }

    #[test]
    fn french_dateline_without_a_date() {
        let text = "NIAMEY (AFP) — Des hommes armés ont attaqué le poste de Tillabéri, selon l'armée nigérienne et des habitants de la région.";
        let parsed = parse_article(text).unwrap();
        assert_eq!(parsed.meta.dateline.as_deref(), Some("NIAMEY (AFP) —"));
        assert!(parsed.body.starts_with("Des hommes armés"));
        assert_eq!(parsed.meta.language.as_deref(), Some("fr"));
    }

    #[test]
    fn a_lone_line_is_a_body_not_a_headline_and_whitespace_is_no_article() {
        let parsed = parse_article("Short note without a period").unwrap();
        assert_eq!(parsed.body, "Short note without a period");
        assert_eq!(parsed.meta.title, None);
        assert_eq!(parse_article("\n  \n"), None);
        assert_eq!(
            parse_article("Headline only\nsd-mk/sbk").map(|p| p.body),
            Some("Headline only".to_owned())
        );
    }
}
