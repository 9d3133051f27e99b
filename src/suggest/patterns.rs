//! Pattern suggesters: dates and times, casualty counts, facilities,
//! speakers, generic descriptors of armed actors, and a capitalised-name
//! fallback so that names the catalogue does not know still show up.
//!
//! Each is a regular expression over the original text, compiled once in
//! [`Patterns::new`]. English and French forms sit side by side.

use std::collections::HashSet;

use regex::{Regex, RegexSet};

use super::MentionSuggestion;
use super::span_index::SpanIndex;
use super::tolls::ToldTolls;
use crate::model::Span;
use crate::text::gazetteer;
use crate::text::sentences::Sentences;
use crate::text::words::{find_words, word_regex};

/// Names of the pattern suggesters, as recorded in each suggestion's review.
pub const DATE: &str = "date";
pub const CASUALTIES: &str = "casualties";
pub const FACILITY: &str = "facility";
pub const SPEAKER: &str = "speaker";
pub const CIVILIANS: &str = "civilians";
pub const INSTITUTION: &str = "institution";
pub const DESCRIPTOR: &str = "descriptor";
/// The fallback's name says that its candidates are guesses.
pub const CAPITALISED_GUESS: &str = "capitalised-name-guess";
/// The suggester of a capitalised name that the gazetteer knows as a place.
pub const GAZETTEER_PLACE: &str = "gazetteer-place";

/// A generic phrase that refers to an actor without naming it ("the
/// militants", "l'armée"), to be resolved by the anaphora suggester.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Descriptor {
    pub span: Span,
    /// `ARMED_GROUP` or `STATE_FORCE`.
    pub label: &'static str,
    /// Whether it is definite ("the militants"), so it refers back.
    pub definite: bool,
    /// Whether it says the men are not identified ("gunmen", "unidentified
    /// armed men", "des assaillants"): with no group named before, they
    /// are the country's unidentified armed group.
    pub unnamed: bool,
}

/// The compiled patterns; built once.
#[derive(Clone, Debug)]
pub struct Patterns {
    date: Regex,
    casualty: Regex,
    casualty_context: Regex,
    /// Counts of the dead with nouns `casualty` does not list.
    told_tolls: ToldTolls,
    /// A killing verb right before a single victim: "killed a herder".
    killed_before: Regex,
    /// Words right after a single victim that say it died: "beat a man to death".
    killed_after: Regex,
    /// Facilities, institutions, civilians and speakers, in one pass.
    nominal: Regex,
    nominal_kinds: RegexSet,
    /// Armed-group and army descriptors, in one pass.
    descriptor: Regex,
    descriptor_kinds: RegexSet,
    /// Descriptors of armed men that no one identified.
    unnamed: Regex,
    not_names: HashSet<&'static str>,
}

/// Why a pattern failed to compile (a defect in this file).
#[derive(Debug, thiserror::Error)]
#[error("a suggester pattern does not compile: {0}")]
pub struct PatternError(#[from] regex::Error);

const EN_MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const FR_MONTHS: &str = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre";
/// Used in `(?x)` patterns, where a plain space would be ignored.
const NUMBER_WORDS: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a\\s+hundred|hundreds|a\\s+dozen|dozens|scores|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|quarante|cinquante|soixante|cent|une\\s+dizaine|une\\s+vingtaine|une\\s+trentaine|une\\s+cinquantaine|une\\s+centaine|des\\s+dizaines|des\\s+centaines";

/// A number in words, compounds whole: "twenty-eight", "vingt-huit",
/// "quatre-vingt-dix-huit", "vingt et un" (never its last part alone).
pub(super) fn number_words() -> String {
    format!(
        r"(?:(?:vingt|trente|quarante|cinquante|soixante)\s+et\s+(?:un|une|onze)|(?:{NUMBER_WORDS})(?:-(?:et-)?(?:{NUMBER_WORDS}))*)"
    )
}

impl Patterns {
    pub fn new() -> Result<Self, PatternError> {
        let number_words = number_words();
        let date = word_regex(&format!(
            r"(?x)(?:
                (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)
                    (?:\s+(?:morning|afternoon|evening|night))?
              | (?:\d{{1,2}}\s+)?(?:{EN_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{4}})?
              | (?i:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)
                    (?:\s+(?:matin|soir|après-midi|\d{{1,2}}(?:er)?\s+(?:{FR_MONTHS})(?:\s+\d{{4}})?))?)
              | \d{{1,2}}(?:er)?\s+(?:{FR_MONTHS})(?:\s+\d{{4}})?
              | (?i:(?:last|this)\s+(?:night|morning|afternoon|evening|week|weekend|month|year))
              | (?i:yesterday|today|hier|aujourd'hui|la\s+veille|cette\s+semaine)
              | (?i:la\s+nuit\s+de\s+\w+\s+à\s+\w+)
              | (?:19|20)\d{{2}}
            )"
        ))?;
        let casualty = word_regex(&format!(
            r"(?xi)(?:fatalit(?:y|ies)\s+)?coded\s+as\s+\d+
            # Reports that disagree: ACLED codes the lower bound.
            | (?:range|ranging|vari(?:e|ent|ant))\s+(?:from|between|de|entre)\s+(?:\d+|{number_words})
            # A family killed together is as many dead as its members.
            | (?:a|an|one|une?)\s+famil(?:y|le)\s+(?:of|de)\s+(?:\d+|{number_words})
            | (?:(?:at\s+least|at\s+most|some|about|around|nearly|almost|more\s+than|over|up\s+to|au\s+moins|près\s+de|plus\s+de|environ|quelque
                |between\s+(?:\d+|{number_words})\s+and|from\s+(?:\d+|{number_words})\s+to|entre\s+(?:\d+|{number_words})\s+et|de\s+(?:\d+|{number_words})\s+à)\s+)?
              (?:\d(?:[\d,.]*\d)?(?:\s*[-–]\s*\d+)?|{number_words}|several|plusieurs|a|an|the)(?:\s+(?:of|de|d['’]))?
              (?:
                # A count told by its fate: 3 Fulani were killed, two were killed, 1 killed.
                (?:\s+(?-i:\p{{Lu}})[\p{{L}}/'-]*){{0,2}}\s+(?:(?:were|was)\s+(?:reportedly\s+|allegedly\s+|also\s+)?)?(?:killed|kiled|shot\s+dead)
              | (?:\s+(?-i:\p{{Lu}})[\p{{L}}/'-]*(?:\s+(?-i:\p{{Lu}})[\p{{L}}/'-]*)?)?
              \s+(?:(?:Malian|Burkinab[eè]|Nigerien|Nigerian|Chadian|Beninese|Togolese|Russian|French|civilian|innocent|unarmed|armed|suspected|local|other|more|young|Govt|government|security|militia|male|female|elderly|army|military|police|rebel|taxi|bus|community
                 |maliens|burkinab[eè]s?|nigériens|tchadiens|béninois|togolais|russes|français|autres|jeunes|présumés)\s+)?
              (?:people|persons|civilians|soldiers|troops|militants|jihadists|fighters|insurgents|gunmen|rebels|rebelles|combattants|villagers|residents|policemen|police\s+officers|gendarmes|assailants|attackers|terrorists|dead|bodies|victims|
                 personnes|civils|soldats|militaires|morts|tués|blessés|villageois|habitants|jihadistes|terroristes|assaillants|policiers|victimes|corps|
                 fatalit(?:y|ies)|m[ae]n|wom[ae]n|child(?:ren)?|boys?|girls?|person|civilian|soldier|policeman|police\s+officer|officers?|fighter|militant|members?|herders?|farmers?|traders?|drivers?|prisoners?|leaders?|
                 militiam[ae]n|militias?|deaths?|fathers?|mothers?|wives|wife|husbands?|pastoralists?|students?|guards?|commanders?|citizens?|workers?|journalists?|pastors?|chiefs?|youths?|migrants?|miners?|passengers?|sons?|daughters?|brothers?|residents?|villagers?|rebels?|cadres?|combatants?|
                 homme|hommes|femmes?|enfants?|civil|soldat|militaire|policier|gendarme))"
        ))?;
        let casualty_context = Regex::new(
            r"(?i)(?-u:\b)(?:kill|kiled|dead|die|death|fatalit|toll|range|vari|wound|injur|massacr|execut|tu[éeè]|mort|bless|bilan|décès|péri|neutralis|abattu|perished|lost their lives)",
        )?;
        let facility_pattern = String::from(
            r"(?xi)(?:
                (?:military|army|police|gendarmerie|customs)\s+(?:camps?|bases?|posts?|outposts?|installations?|detachments?|positions?|barracks|stations?|checkpoints?)
              | toll\s+booths?|checkpoints?|barracks|outposts?|police\s+stations?|gendarmerie\s+posts?
              | (?:camps?|bases?|postes?|positions?|installations?|détachements?)\s+militaires?
              | postes?\s+(?:de\s+police|de\s+(?:la\s+)?gendarmerie|de\s+douane|de\s+contrôle|avancés?)
              | casernes?|brigades?\s+de\s+gendarmerie|péages?|postes?\s+de\s+péage
            )",
        );
        let speaker_pattern = String::from(
            r"(?x)(?i:
                (?:(?:an?|one|two|three|several|some|many|other|local|the)\s+)*
                (?:(?:local|security|military|government|army|humanitarian|hospital|health|medical|municipal|elected|administrative|community)\s+)?
                (?:residents?|inhabitants?|witness(?:es)?|officials?|sources?|spokes(?:man|woman|person)|mayor|villagers?|survivors?|doctors?|medics?|chiefs?|leaders?)
              | (?:(?:un|une|des|deux|trois|plusieurs|les|d['’]autres)\s+)?
                (?:habitants?|témoins?|sources?(?:\s+(?:sécuritaires?|locales?|militaires?|humanitaires?|hospitalières?|administratives?|médicales?))?|élus?\s+locaux|élue?\s+locale?|responsables?(?:\s+locaux|\s+locale?)?|porte-parole|rescapée?s?|survivants?|notables?|chefs?\s+de\s+village)
            )
            (?:\s+(?:of|from|de|du|d['’])\s*(?:the\s+(?:town|village|city)\s+of\s+|la\s+(?:ville|localité|commune)\s+de\s+)?\p{Lu}\p{L}*(?:[-'’]\p{L}+)*)?",
        );
        let armed_descriptor_pattern = String::from(
            r"(?x)(?i:
                (?:(?:the|these|those|les|ces|des)\s+)?(?:(?:suspected|presumed|alleged|armed|unidentified|Islamist|jihadist)\s+)?
                (?:jihadists|militants|gunmen|insurgents|terrorists|assailants|attackers|extremists|rebels|separatists|fighters|islamists
                  |armed\s+(?:men|individuals)|bandits
                  |jihadistes|terroristes|assaillants|rebelles|séparatistes|islamistes|hommes\s+armés|individus\s+armés|combattants)
                (?:\s+(?:présumés|armés|non\s+identifiés|inconnus))?
            )",
        );
        let army_descriptor_pattern = String::from(
            r"(?x)(?i:
                the\s+(?:regular\s+|national\s+)?(?:army|military|armed\s+forces|security\s+forces|defence\s+and\s+security\s+forces|gendarmerie(?:\s+forces)?)
              | l['’]armée(?:\s+régulière|\s+nationale)?
              | la\s+gendarmerie(?:\s+nationale)?
              | les\s+(?:forces\s+armées|forces\s+de\s+défense\s+et\s+de\s+sécurité|forces\s+de\s+sécurité|FDS)
              | (?:(?:a|an|the|some|several|two|three|\d+)\s+)?(?:soldiers?|troops|policem[ae]n|police(?:\s+(?:officers?|guards?|forces|agents|patrol))?|gendarmes|security\s+(?:forces|agents|officers?)|military\s+forces)
              | (?:(?:des|les|deux|trois|un)\s+)?(?:soldats|militaires|policiers|gendarmes|agents\s+de\s+police)
              | (?:(?:a|the|some)\s+)?(?:Govt|government|pro-government)\s+(?:forces|troops|soldiers?|security\s+forces)
              | (?:(?:les|des)\s+)?(?:forces|troupes)\s+gouvernementales
            )",
        );
        let civilians_pattern = format!(
            r"(?xi:
                (?:(?:at\s+least|more\s+than|some|about|around|nearly|over|au\s+moins|plus\s+de|près\s+de|environ)\s+)?
                (?:(?:\d[\d,.]*|{number_words}|several|plusieurs)\s+(?:of\s+|de\s+|d['’])?)?
                (?:(?:unarmed|innocent|local)\s+)?
                (?:civilians|villagers|civils|villageois|passengers|worshippers|pupils|schoolchildren|students|children
                  |aid\s+workers|humanitarian\s+(?:workers|staff)|NGO\s+workers|teachers|(?:travailleurs\s+|agents\s+)?humanitaires|enseignants
                  |displaced\s+people|herders|farmers|miners|traders|hostages|femmes\s+et\s+enfants|enfants|passagers
                  |fidèles|orpailleurs|commerçants|éleveurs|agriculteurs|otages|déplacés|populations?\s+civiles?))"
        );
        let institution_pattern = String::from(
            r"(?xi:
                (?:(?:the|le|la)\s+)?
                (?:ministry\s+of\s+(?:defen[cs]e|security|the\s+interior|foreign\s+affairs)|(?:defen[cs]e|interior|security)\s+ministry
                  |ministère\s+de\s+la\s+(?:défense|sécurité)|ministère\s+de\s+l['’](?:intérieur|administration\s+territoriale)
                  |junta|military\s+government|transitional\s+government|government|gouvernement(?:\s+de\s+transition)?|junte(?:\s+militaire)?))",
        );
        // Kinds that rarely start at the same word share one pass over the
        // text; which kind a match is, its anchored pattern tells.
        let nominal_patterns = [
            &facility_pattern,
            &institution_pattern,
            &civilians_pattern,
            &speaker_pattern,
        ];
        let nominal = word_regex(&alternation(&nominal_patterns))?;
        let nominal_kinds = anchored_set(&nominal_patterns)?;
        let descriptor_patterns = [&armed_descriptor_pattern, &army_descriptor_pattern];
        let descriptor = word_regex(&alternation(&descriptor_patterns))?;
        let descriptor_kinds = anchored_set(&descriptor_patterns)?;
        Ok(Self {
            date,
            casualty,
            casualty_context,
            told_tolls: ToldTolls::new(&number_words)?,
            killed_before: Regex::new(
                r"(?i)(?:killed|kiled|killing|shot\s+dead|murdered|beheaded|stabbed\s+to\s+death|hacked\s+to\s+death|lynched|executed|fatally\s+\w+|death\s+of|tuant|tué|abattu)\s+$",
            )?,
            killed_after: Regex::new(r"(?i)^\s+(?:to\s+death|à\s+mort)")?,
            nominal,
            nominal_kinds,
            descriptor,
            descriptor_kinds,
            unnamed: Regex::new(
                r"(?i)gunmen|armed\s+(?:men|individuals)|assailants|attackers|bandits|unidentified|unknown|hommes\s+armés|individus\s+armés|assaillants|non\s+identifiés|inconnus",
            )?,
            not_names: NOT_NAMES.iter().copied().collect(),
        })
    }

    /// Dates, weekdays, times of day, years.
    pub fn dates(&self, text: &str, out: &mut Vec<MentionSuggestion>) {
        for m in find_words(&self.date, text) {
            let is_year = m.as_str().len() == 4 && m.as_str().bytes().all(|b| b.is_ascii_digit());
            let score = if is_year { 0.7 } else { 0.9 };
            out.push(MentionSuggestion::new(
                Span::new(m.start(), m.end()),
                "DATE",
                DATE,
                score,
            ));
        }
    }

    /// Numbers of dead or wounded, in sentences that speak of casualties.
    pub fn casualties(&self, text: &str, sentences: &Sentences, out: &mut Vec<MentionSuggestion>) {
        // Only sentences that speak of casualties are searched: the context
        // words have literal prefixes and are found fast; counts are not.
        let mut last_sentence = None;
        for context in self.casualty_context.find_iter(text) {
            let index = sentences.index_of(context.start());
            if last_sentence == Some(index) {
                continue;
            }
            last_sentence = Some(index);
            let sentence = sentences.span(index);
            let Some(sentence_text) = sentence.text(text) else {
                continue;
            };
            let sentence_first = out.len();
            for m in find_words(&self.casualty, sentence_text) {
                let first_word = m.as_str().split_whitespace().next().unwrap_or_default();
                let definite = first_word.eq_ignore_ascii_case("the");
                // "killing the soldier" is one; "the soldiers" no count.
                if definite && m.as_str().ends_with('s') {
                    continue;
                }
                let single = definite
                    || first_word.eq_ignore_ascii_case("a")
                    || first_word.eq_ignore_ascii_case("an");
                let killed = || {
                    self.killed_before.is_match(&sentence_text[..m.start()])
                        || self.killed_after.is_match(&sentence_text[m.end()..])
                };
                if single && !killed() {
                    continue;
                }
                // "Dozens were killed": a vague count told by its fate is no count.
                if matches!(
                    first_word.to_lowercase().as_str(),
                    "dozens" | "hundreds" | "scores" | "several" | "plusieurs" | "some"
                ) && m.as_str().ends_with("killed")
                {
                    continue;
                }
                // "On 9 May soldiers …": a date's day is no count.
                if m.as_str().split_whitespace().skip(1).any(is_month) {
                    continue;
                }
                let span = Span::new(
                    sentence.start_byte + m.start(),
                    sentence.start_byte + m.end(),
                );
                out.push(MentionSuggestion::new(span, "FATALITIES", CASUALTIES, 0.7));
            }
            // Only this sentence's counts can overlap its own.
            let counted = out.len();
            for (start, end) in self.told_tolls.find(sentence_text) {
                let span = Span::new(sentence.start_byte + start, sentence.start_byte + end);
                let overlaps = out[sentence_first..counted].iter().any(|m| {
                    m.label == "FATALITIES"
                        && m.span.start_byte < span.end_byte
                        && span.start_byte < m.span.end_byte
                });
                if !overlaps {
                    out.push(MentionSuggestion::new(span, "FATALITIES", CASUALTIES, 0.7));
                }
            }
        }
    }

    /// Whether the words at `span` follow a killing verb ("killed one
    /// soldier"), so that they are its object.
    pub fn follows_killing(&self, text: &str, span: Span) -> bool {
        let mut from = span.start_byte.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        text.get(from..span.start_byte)
            .is_some_and(|before| self.killed_before.is_match(before))
    }

    /// Camps, bases and checkpoints; governments, juntas and ministries;
    /// civilians as victims or witnesses ("more than 100 villagers"); people
    /// who speak or report ("a resident of Farabougou", "une source
    /// sécuritaire").
    pub fn nominals(&self, text: &str, out: &mut Vec<MentionSuggestion>) {
        const KINDS: [(&str, &str, f32); 4] = [
            ("FACILITY", FACILITY, 0.6),
            ("ORGANIZATION", INSTITUTION, 0.5),
            ("CIVILIANS", CIVILIANS, 0.5),
            ("SOURCE", SPEAKER, 0.6),
        ];
        for m in find_words(&self.nominal, text) {
            for kind in &self.nominal_kinds.matches(m.as_str()) {
                let (label, suggester, score) = KINDS[kind];
                out.push(MentionSuggestion::new(m.span, label, suggester, score));
            }
        }
    }

    /// Generic phrases for armed groups and armies, in text order.
    pub fn descriptors(&self, text: &str) -> Vec<Descriptor> {
        let definite = |phrase: &str| {
            let lower = phrase.to_lowercase();
            ["the ", "these ", "those ", "les ", "ces ", "l'", "l’"]
                .iter()
                .any(|article| lower.starts_with(article))
        };
        let mut found = Vec::new();
        for m in find_words(&self.descriptor, text) {
            let kinds = self.descriptor_kinds.matches(m.as_str());
            // An army phrase ("the army") is always definite and wins a tie.
            let (label, definite) = if kinds.matched(1) {
                ("STATE_FORCE", true)
            } else {
                ("ARMED_GROUP", definite(m.as_str()))
            };
            let unnamed = label == "ARMED_GROUP" && self.unnamed.is_match(m.as_str());
            found.push(Descriptor {
                span: m.span,
                label,
                definite,
                unnamed,
            });
        }
        found.sort_by_key(|d| (d.span, d.label));
        found
    }

    /// Capitalised names that no other suggester explains, as low-score
    /// guesses, and as places where the gazetteer knows the name in
    /// `country` (the country the text is about, ISO code, when its
    /// catalogue places tell; else in any country). `taken` holds every
    /// span already suggested.
    pub fn capitalised_guesses(
        &self,
        text: &str,
        sentences: &Sentences,
        taken: &SpanIndex,
        country: Option<&str>,
        out: &mut Vec<MentionSuggestion>,
    ) {
        let runs: Vec<Span> = capitalised_runs(text).collect();
        // Words written with a capital where no sentence starts: evidence
        // that the word is a name wherever else it appears.
        let mut capitalised_inside: HashSet<&str> = HashSet::new();
        for &run in &runs {
            let Some(words) = run.text(text) else {
                continue;
            };
            let skip = usize::from(starts_sentence(text, sentences, run.start_byte));
            capitalised_inside.extend(words.split(' ').skip(skip));
        }
        for raw in runs {
            // Most capitalised words are names the catalogue already found.
            if taken.overlaps(raw) {
                continue;
            }
            let Some(span) = trim_name(text, raw, &self.not_names) else {
                continue;
            };
            if taken.overlaps(span) {
                continue;
            }
            let Some(name) = span.text(text) else {
                continue;
            };
            let single_word = !name.contains(' ');
            if single_word && name.chars().count() < 3 {
                continue;
            }
            // A capital at the start of a sentence is no evidence of a name
            // ("Reportedly", "Residents", "Toutefois"): a lone word there is
            // a name only if the text capitalises it elsewhere too, or it is
            // an acronym.
            if single_word
                && starts_sentence(text, sentences, span.start_byte)
                && !is_all_caps(name)
                && !capitalised_inside.contains(name)
            {
                continue;
            }
            let label = guess_label(text, sentences, span, name);
            let (suggester, score, guess) =
                if label == "LOCATION" && is_gazetteer_place(name, country) {
                    (GAZETTEER_PLACE, 0.5, "a place the gazetteer knows")
                } else {
                    (
                        CAPITALISED_GUESS,
                        0.25,
                        "capitalised name not in the catalogue",
                    )
                };
            let mut suggestion = MentionSuggestion::new(span, label, suggester, score);
            suggestion
                .attributes
                .insert("guess".to_owned(), guess.to_owned());
            out.push(suggestion);
        }
    }
}

/// Names shorter than this are too often words or people's names to be a
/// place on the gazetteer's word alone: "Boni" or "Dori" is a place where
/// "in" or "village" says so.
const MIN_GAZETTEER_PLACE_CHARS: usize = 5;

/// Whether the gazetteer knows `name` as a place of `country` (of any
/// country when it is not known).
fn is_gazetteer_place(name: &str, country: Option<&str>) -> bool {
    if name.chars().count() < MIN_GAZETTEER_PLACE_CHARS || is_month(name) {
        return false;
    }
    let gazetteer = gazetteer::shipped();
    match country {
        Some(country) => gazetteer.find(country, name).is_some(),
        None => gazetteer.knows(name),
    }
}

/// Whether `word` names a month (English or French), as in a date's "9 May".
pub(super) fn is_month(word: &str) -> bool {
    EN_MONTHS
        .split('|')
        .chain(FR_MONTHS.split('|'))
        .any(|month| month.eq_ignore_ascii_case(word))
}

/// `(?:a)|(?:b)|…`: one pattern that matches what any of `patterns` does.
fn alternation(patterns: &[&String]) -> String {
    let groups: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    groups.join("|")
}

/// Each pattern anchored at both ends, to tell which ones a match is.
fn anchored_set(patterns: &[&String]) -> Result<RegexSet, regex::Error> {
    RegexSet::new(patterns.iter().map(|p| format!("^(?:{p})$")))
}

/// Lowercase words that may join capitalised ones into one name.
fn is_connector(word: &str) -> bool {
    matches!(
        word,
        "of" | "the"
            | "for"
            | "and"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "al"
            | "el"
            | "ag"
            | "ould"
            | "wal"
            | "ben"
            | "bin"
            | "ibn"
    )
}

/// Runs of capitalised words, joined by spaces and connectors: "Katiba
/// Hanifa", "Ag Ghaly", "Front for the Liberation". A hand-written scan:
/// as a regex this was the slowest stage, one search per capital letter.
fn capitalised_runs(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let byte = bytes[at];
            if byte < 0x80 && !byte.is_ascii_uppercase() {
                at += 1;
                continue;
            }
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                at += 1;
                continue;
            };
            let after_word = text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            if !c.is_uppercase() || after_word {
                at += c.len_utf8();
                continue;
            }
            let start = at;
            let mut end = word_end(text, at);
            loop {
                let mut next = skip_blanks(text, end);
                if next == end {
                    break;
                }
                loop {
                    // Connectors are short lowercase ASCII words: look no further.
                    let len = bytes[next..]
                        .iter()
                        .take(5)
                        .take_while(|b| b.is_ascii_lowercase())
                        .count();
                    let after = next + len;
                    // "Wadi al-Rabi", "El-Fasher": a connector joined to a name is part of it.
                    let joined = text[after..]
                        .strip_prefix('-')
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_uppercase);
                    if len >= 2 && is_connector(&text[next..after]) && joined {
                        break;
                    }
                    if len >= 2
                        && is_connector(&text[next..after])
                        && skip_blanks(text, after) > after
                    {
                        next = skip_blanks(text, after);
                    } else {
                        break;
                    }
                }
                let connector_len = bytes[next..]
                    .iter()
                    .take(5)
                    .take_while(|b| b.is_ascii_lowercase())
                    .count();
                let joined_name = connector_len >= 2
                    && is_connector(&text[next..next + connector_len])
                    && text[next + connector_len..]
                        .strip_prefix('-')
                        .and_then(|rest| rest.chars().next())
                        .is_some_and(char::is_uppercase);
                if joined_name || text[next..].chars().next().is_some_and(char::is_uppercase) {
                    end = word_end(text, next);
                } else {
                    break;
                }
            }
            at = end;
            return Some(Span::new(start, end));
        }
        None
    })
}

/// End of the word (letters, apostrophes, hyphens) that starts at `at`.
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '\'' | '’' | '-')))
        .map_or(text.len(), |(offset, _)| at + offset)
}

fn skip_blanks(text: &str, at: usize) -> usize {
    at + text[at..]
        .bytes()
        .take_while(|&b| b == b' ' || b == b'\t')
        .count()
}

/// Capitalised words that are not names: function words that start
/// sentences, nationality adjectives, titles.
const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "The",
    "In",
    "On",
    "At",
    "For",
    "From",
    "Since",
    "Yet",
    "But",
    "And",
    "Or",
    "Each",
    "Every",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Their",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Our",
    "After",
    "Before",
    "During",
    "While",
    "When",
    "Where",
    "As",
    "If",
    "Although",
    "However",
    "Meanwhile",
    "According",
    "Some",
    "Many",
    "Several",
    "Other",
    "Both",
    "Neither",
    "No",
    "Not",
    "One",
    "Two",
    "Three",
    "At",
    "With",
    "Without",
    "By",
    "Of",
    "To",
    "Over",
    "Under",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Also",
    "Such",
    "Most",
    "More",
    "Less",
    "All",
    "Any",
    "What",
    "Who",
    "Which",
    "Why",
    "How",
    "Then",
    "Thus",
    "So",
    "Still",
    "Even",
    "Le",
    "La",
    "Les",
    "L'",
    "Un",
    "Une",
    "Des",
    "Du",
    "De",
    "Dans",
    "Selon",
    "Depuis",
    "Mais",
    "Et",
    "Ou",
    "Ce",
    "Cette",
    "Ces",
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Nous",
    "Au",
    "Aux",
    "En",
    "Sur",
    "Sous",
    "Pour",
    "Par",
    "Avec",
    "Sans",
    "Lors",
    "Après",
    "Avant",
    "Pendant",
    "Alors",
    "Ainsi",
    "Plusieurs",
    "Certains",
    "Aucun",
    "Quelque",
    "Son",
    "Sa",
    "Ses",
    "Leur",
    "Leurs",
    "Cet",
    "Chaque",
    "Tous",
    "Toutes",
    "Si",
    "Lundi",
    "Mardi",
    "Mercredi",
    "Jeudi",
    "Vendredi",
    "Samedi",
    "Dimanche",
    "Arabic",
    "French",
    "English",
    "Malian",
    "Russian",
    "Burkinabe",
    "Nigerien",
    "Nigerian",
    "Chadian",
    "Mauritanian",
    "Islamic",
    "Islamist",
    "Jihadist",
    "Jihadists",
    "Western",
    "African",
    "European",
    "American",
    "ONG",
    "NGO",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "M",
    "Mme",
];

/// Whether only spaces, quotes and dashes stand between the start of the
/// sentence that holds `byte` and `byte`.
fn starts_sentence(text: &str, sentences: &Sentences, byte: usize) -> bool {
    let sentence = sentences.span(sentences.index_of(byte));
    text.get(sentence.start_byte..byte).is_some_and(|head| {
        head.chars().all(|c| {
            c.is_whitespace() || matches!(c, '"' | '«' | '“' | '‘' | '\'' | '-' | '–' | '—' | '(')
        })
    })
}

/// "ADRA", "AMSS": two or more letters, all capitals.
fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && word
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '-')
}

/// Drops leading words that are not names (and an elided article, "L'ONG"
/// → "ONG") and a trailing possessive.
fn trim_name(text: &str, mut span: Span, not_names: &HashSet<&str>) -> Option<Span> {
    loop {
        let phrase = span.text(text)?;
        let elided = ["L'", "L’", "D'", "D’", "l'", "l’", "d'", "d’"]
            .iter()
            .find(|article| {
                phrase
                    .strip_prefix(**article)
                    .is_some_and(|rest| rest.starts_with(char::is_uppercase))
            });
        if let Some(article) = elided {
            span.start_byte += article.len();
        }
        let phrase = span.text(text)?;
        let first_word_len = phrase.find(' ').unwrap_or(phrase.len());
        let first_word = &phrase[..first_word_len];
        let bare = first_word.trim_end_matches(['\'', '’']);
        if !not_names.contains(bare) {
            break;
        }
        let rest = phrase[first_word_len..].trim_start();
        if rest.is_empty() || !rest.starts_with(char::is_uppercase) {
            return None;
        }
        span.start_byte = span.end_byte - rest.len();
    }
    let phrase = span.text(text)?;
    for suffix in ["'s", "’s", "'", "’", "-"] {
        if let Some(stripped) = phrase.strip_suffix(suffix) {
            span.end_byte = span.start_byte + stripped.len();
            break;
        }
    }
    (span.len_bytes() > 0).then_some(span)
}

/// A guess at the label of an unknown name, from its words and the words before it.
fn guess_label(text: &str, sentences: &Sentences, span: Span, name: &str) -> &'static str {
    const GROUP_WORDS: &[&str] = &[
        "Front",
        "Movement",
        "Mouvement",
        "Brigade",
        "Katiba",
        "Katibat",
        "Jama",
        "Jamaat",
        "Ansar",
        "Militia",
        "Milice",
        "Liberation",
        "Libération",
        "Jihad",
        "Group",
        "Groupe",
        "Coalition",
        "Coordination",
    ];
    const FORCE_WORDS: &[&str] = &[
        "Army",
        "Forces",
        "Armée",
        "Gendarmerie",
        "Police",
        "Guard",
        "Garde",
    ];
    const ORG_WORDS: &[&str] = &[
        "Ministry",
        "Ministère",
        "Government",
        "Gouvernement",
        "Union",
        "Nations",
        "Council",
        "Conseil",
        "Agency",
        "Agence",
        "Committee",
        "Comité",
        "Office",
        "Organisation",
        "Organization",
        "Association",
        "Party",
        "Parti",
        "Institute",
        "Fund",
        "Programme",
        "Program",
        "Court",
        "Cour",
    ];
    const PLACE_CUES: &[&str] = &[
        "town of",
        "village of",
        "city of",
        "locality of",
        "commune of",
        "region of",
        "province of",
        "district of",
        "near",
        "in",
        "at",
        "outside",
        "around",
        "from",
        "ville de",
        "village de",
        "localité de",
        "commune de",
        "région de",
        "province de",
        "près de",
        "à",
        "dans",
        "vers",
    ];
    const PERSON_CUES: &[&str] = &[
        "President",
        "Colonel",
        "Col.",
        "General",
        "Gen.",
        "Captain",
        "Lieutenant",
        "Commander",
        "Minister",
        "minister",
        "spokesman",
        "spokeswoman",
        "leader",
        "chief",
        "Imam",
        "Sheikh",
        "Mr",
        "Mr.",
        "président",
        "général",
        "capitaine",
        "colonel",
        "ministre",
        "porte-parole",
        "chef",
        "M.",
        "Mme",
        "imam",
    ];
    const ARMED_AFTER: &[&str] = &[
        "fighters",
        "militants",
        "jihadists",
        "rebels",
        "rebel",
        "cadres",
        "raiders",
        "insurgents",
        "combatants",
        "combattants",
        "jihadistes",
        "rebelles",
        "militia",
        "militias",
        "militiamen",
    ];
    const ARMED_BEFORE: &[&str] = &[
        "fighters of",
        "fighters from",
        "militia from",
        "militias from",
        "militiamen from",
        "militiamen from the",
        "militias from the",
        "militants of",
        "militants from",
        "members of",
        "combattants du",
        "combattants de",
        "membres du",
        "membres de",
        "éléments du",
        "éléments de",
        "jihadistes du",
        "jihadistes de",
        "miliciens",
        "rebelles",
    ];
    let has = |list: &[&str]| name.split(' ').any(|w| list.contains(&w));
    if has(GROUP_WORDS) {
        return "ARMED_GROUP";
    }
    let sentence = sentences.span(sentences.index_of(span.start_byte));
    let before = text
        .get(sentence.start_byte..span.start_byte)
        .unwrap_or_default()
        .trim_end();
    let before = before
        .strip_suffix(" the")
        .or_else(|| before.strip_suffix(" la"))
        .or_else(|| before.strip_suffix(" le"))
        .or_else(|| before.strip_suffix(" l'"))
        .or_else(|| before.strip_suffix(" l’"))
        .unwrap_or(before);
    let next_word = text
        .get(span.end_byte..sentence.end_byte)
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or_default();
    if ARMED_AFTER.contains(&next_word) || ARMED_BEFORE.iter().any(|cue| before.ends_with(cue)) {
        return "ARMED_GROUP";
    }
    if is_all_caps(name) && !name.contains(' ') {
        // An unknown acronym names an organisation far more often than a place.
        return "ORGANIZATION";
    }
    if has(FORCE_WORDS) {
        return "STATE_FORCE";
    }
    if has(ORG_WORDS) {
        return "ORGANIZATION";
    }
    let before = text
        .get(sentence.start_byte..span.start_byte)
        .unwrap_or_default()
        .trim_end();
    if PERSON_CUES.iter().any(|cue| before.ends_with(cue)) {
        return "PERSON";
    }
    // "Bungudu LGA", "Gao Region", and the names of an aside that places
    // an event: "(Bassa LGA, Plateau)", "(City of Johannesburg, Gauteng)".
    const ADMIN_WORDS: &[&str] = &[
        "LGA",
        "District",
        "County",
        "Province",
        "Region",
        "Subdivision",
        "Prefecture",
        "Municipality",
        "Cercle",
        "Département",
    ];
    // Within the last words: a long sentence is not read again per name.
    let mut near = before.len().saturating_sub(120);
    while !before.is_char_boundary(near) {
        near += 1;
    }
    let near = &before[near..];
    let in_aside = match (near.rfind('('), near.rfind(')')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    };
    // A name followed by its aside of admin areas is a place: "Miango
    // (Bassa LGA, Plateau)", "Bule (Djugu, Ituri)".
    let aside_after = text
        .get(span.end_byte..sentence.end_byte)
        .unwrap_or_default()
        .trim_start_matches(' ')
        .strip_prefix('(')
        .is_some_and(|rest| rest.starts_with(char::is_uppercase));
    if in_aside
        || aside_after
        || name
            .split(' ')
            .next_back()
            .is_some_and(|w| ADMIN_WORDS.contains(&w))
    {
        return "LOCATION";
    }
    let place_cue = PLACE_CUES.iter().any(|cue| {
        before.ends_with(cue)
            && before[..before.len() - cue.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    if place_cue || !name.contains(' ') {
        return "LOCATION";
    }
    // Villages of two or three words are written as people's names are
    // ("attacked Tongo Tongo"): one the gazetteer knows is a place, unless
    // a title said it is a person (above).
    if gazetteer::shipped().knows(name) {
        return "LOCATION";
    }
    if (2..=3).contains(&name.split(' ').count()) {
        return "PERSON";
    }
    "ORGANIZATION"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(
        text: &str,
        run: impl Fn(&Patterns, &str, &mut Vec<MentionSuggestion>),
    ) -> Vec<String> {
        let patterns = Patterns::new().unwrap();
        let mut out = Vec::new();
        run(&patterns, text, &mut out);
        out.iter()
            .map(|m| format!("{}:{}", m.span.text(text).unwrap(), m.label))
            .collect()
    }

    #[test]
    fn dates_in_english_and_french() {
        let text = "On Tuesday morning, and on 3 March 2024, then le 12 mars, mardi soir, in 2021 and May 5.";
        assert_eq!(
            found(text, |p, t, out| p.dates(t, out)),
            [
                "Tuesday morning:DATE",
                "3 March 2024:DATE",
                "12 mars:DATE",
                "mardi soir:DATE",
                "2021:DATE",
                "May 5:DATE"
            ]
        );
        assert!(found("You may go.", |p, t, out| p.dates(t, out)).is_empty());
    }

    #[test]
    fn casualty_counts_only_where_casualties_are_spoken_of() {
        let casualties = |t: &str| found(t, |p, t, out| p.casualties(t, &Sentences::new(t), out));
        assert_eq!(
            casualties("Gunmen killed 12 soldiers and at least 29 people died."),
            ["12 soldiers:FATALITIES", "at least 29 people:FATALITIES"]
        );
        assert_eq!(
            casualties("Au moins vingt civils ont été tués."),
            ["Au moins vingt civils:FATALITIES"]
        );
        assert!(casualties("Two soldiers were seen in the market.").is_empty());
        // A single victim, and the notes' own count.
        assert_eq!(
            casualties("Bandits shot dead a herder near Zurmi. 1 fatality."),
            ["a herder:FATALITIES", "1 fatality:FATALITIES"]
        );
        assert_eq!(
            casualties("Gunmen shot at a herder and caused the death of a farmer."),
            ["a farmer:FATALITIES"],
            "a single victim is a toll only where his death is told"
        );
        assert_eq!(
            casualties("Gunmen beat a trader to death near Zurmi."),
            ["a trader:FATALITIES"]
        );
        assert_eq!(
            casualties("Gunmen shot and killed an army officer in Gao."),
            ["an army officer:FATALITIES"]
        );
        assert_eq!(
            casualties("3 Fulani were killed and 2 arrested; unknown fatalities coded as 4."),
            [
                "3 Fulani were killed:FATALITIES",
                "fatalities coded as 4:FATALITIES"
            ]
        );
        assert_eq!(
            casualties("Un soldat a été tué près de Dori."),
            ["Un soldat:FATALITIES"]
        );
        assert!(
            casualties("On 6 May 2020, a policeman shot and killed nobody.").is_empty(),
            "neither the year nor the shooter is a toll"
        );
        // A number written as a compound is one number and one span.
        for (text, count) in [
            (
                "Vingt-huit soldats ont été tués mardi.",
                "Vingt-huit soldats",
            ),
            (
                "Twenty-eight soldiers were killed on Tuesday.",
                "Twenty-eight soldiers",
            ),
            (
                "Quatre-vingt-dix-huit personnes ont été tuées.",
                "Quatre-vingt-dix-huit personnes",
            ),
            ("Vingt et un civils ont été tués.", "Vingt et un civils"),
        ] {
            assert_eq!(casualties(text), [format!("{count}:FATALITIES")], "{text}");
        }
        assert_eq!(
            casualties("Dozens were killed on August 24 when jihadists opened fire."),
            Vec::<String>::new(),
            "a date's day is no count"
        );
    }

    #[test]
    fn ranges_families_and_misspelt_killings_are_counts_of_the_dead() {
        let casualties = |t: &str| found(t, |p, t, out| p.casualties(t, &Sentences::new(t), out));
        assert_eq!(
            casualties("Bandits kiled 6-9 herders in the hills."),
            ["6-9 herders:FATALITIES"]
        );
        assert_eq!(
            casualties("Reports on the dead range from 3 to 5."),
            ["range from 3:FATALITIES"]
        );
        assert_eq!(
            casualties("Les bilans de morts varient de 4 à 6."),
            ["varient de 4:FATALITIES"]
        );
        assert_eq!(
            casualties("Between 4 and 7 villagers were killed."),
            ["Between 4 and 7 villagers:FATALITIES"]
        );
        assert_eq!(
            casualties("Un obus a tué une famille de cinq personnes."),
            ["une famille de cinq:FATALITIES"]
        );
        assert_eq!(
            casualties("A mortar round killed a family of four."),
            ["a family of four:FATALITIES"]
        );
    }

    #[test]
    fn government_forces_and_the_gendarmerie_are_a_state_force() {
        let patterns = Patterns::new().unwrap();
        for (text, phrase) in [
            (
                "On Friday, the gendarmerie forces beat a driver.",
                "the gendarmerie forces",
            ),
            (
                "Later the gendarmerie dispersed the crowd.",
                "the gendarmerie",
            ),
            (
                "Ensuite, la gendarmerie a frappé un motard.",
                "la gendarmerie",
            ),
            (
                "Militants attacked Govt forces near the town.",
                "Govt forces",
            ),
            ("A Govt soldier was killed at the post.", "A Govt soldier"),
            ("A sniper shot a soldier at the checkpoint.", "a soldier"),
            (
                "Les forces gouvernementales ont riposté.",
                "Les forces gouvernementales",
            ),
        ] {
            let found: Vec<&str> = patterns
                .descriptors(text)
                .iter()
                .filter(|d| d.label == "STATE_FORCE")
                .map(|d| d.span.text(text).unwrap())
                .collect();
            assert_eq!(found, [phrase], "{text}");
        }
    }

    #[test]
    fn speakers_and_facilities() {
        let text = "a resident of Farabougou told AFP the toll booth and the military detachment burned; une source sécuritaire a confirmé.";
        assert_eq!(
            found(text, |p, t, out| p.nominals(t, out)),
            [
                "a resident of Farabougou:SOURCE",
                "toll booth:FACILITY",
                "military detachment:FACILITY",
                "une source sécuritaire:SOURCE"
            ]
        );
        let both = found(
            "more than 100 villagers were kidnapped, the government said",
            |p, t, out| p.nominals(t, out),
        );
        assert_eq!(
            both,
            [
                "more than 100 villagers:CIVILIANS",
                "the government:ORGANIZATION"
            ]
        );
    }

    /// The capitalised names guessed in `text`, where no other suggester
    /// took a span and the text's country is unknown.
    fn guesses(text: &str) -> Vec<MentionSuggestion> {
        let patterns = Patterns::new().unwrap();
        let mut out = Vec::new();
        patterns.capitalised_guesses(
            text,
            &Sentences::new(text),
            &SpanIndex::default(),
            None,
            &mut out,
        );
        out
    }

    /// "name:LABEL" of each of [`guesses`].
    fn guessed_labels(text: &str) -> Vec<String> {
        guesses(text)
            .iter()
            .map(|m| format!("{}:{}", m.span.text(text).unwrap(), m.label))
            .collect()
    }

    #[test]
    fn names_are_labelled_by_context_not_by_a_sentence_initial_capital() {
        let text = "Reportedly, the NGO ADRA left Kerena. Residents fled to Kerena. \
                    Separately, fighters of Tabital Pulaaku were seen. L'ONG AMSS a parlé.";
        assert_eq!(
            guessed_labels(text),
            [
                "ADRA:ORGANIZATION",
                "Kerena:LOCATION",
                "Kerena:LOCATION",
                "Tabital Pulaaku:ARMED_GROUP",
                "AMSS:ORGANIZATION"
            ]
        );
    }

    #[test]
    fn a_name_before_a_rebel_or_cadres_or_after_miliciens_is_an_armed_group() {
        let text = "Earlier, a Kalonge-Bisimwa rebel robbed a trader. \
                    Later, 9 Nyabirehe-Kasindi cadres burned a shop. \
                    Then Toposa raiders stole goats. \
                    Mardi, des miliciens Bisimwa-Nord ont pillé un marché. \
                    Jeudi, les rebelles Kalonge-Sud ont fui.";
        assert_eq!(
            guessed_labels(text),
            [
                "Kalonge-Bisimwa:ARMED_GROUP",
                "Nyabirehe-Kasindi:ARMED_GROUP",
                "Toposa:ARMED_GROUP",
                "Bisimwa-Nord:ARMED_GROUP",
                "Kalonge-Sud:ARMED_GROUP"
            ]
        );
    }

    #[test]
    fn capitalised_guesses_skip_sentence_words_and_taken_spans() {
        let text = "The convoy left Tin-Akof. Yet Colonel Assimi Goita spoke in Bamako.";
        let bamako = text.find("Bamako").unwrap();
        let taken = SpanIndex::new(vec![Span::new(bamako, bamako + 6)]);
        let patterns = Patterns::new().unwrap();
        let mut out = Vec::new();
        patterns.capitalised_guesses(text, &Sentences::new(text), &taken, None, &mut out);
        let got: Vec<String> = out
            .iter()
            .map(|m| format!("{}:{}:{}", m.span.text(text).unwrap(), m.label, m.suggester))
            .collect();
        assert_eq!(
            got,
            [
                "Tin-Akof:LOCATION:gazetteer-place",
                "Colonel Assimi Goita:PERSON:capitalised-name-guess"
            ]
        );
    }

    #[test]
    fn a_name_of_two_words_the_gazetteer_knows_is_a_place() {
        let text = "Gunmen raided Tongo Tongo at dawn. \
                    They abducted Moussa Kansaye and burnt Tongo Tongo market.";
        let got = found(text, |patterns, text, out| {
            let taken = SpanIndex::default();
            patterns.capitalised_guesses(text, &Sentences::new(text), &taken, None, out);
        });
        let suggesters: Vec<&str> = guesses(text).iter().map(|m| m.suggester).collect();
        assert_eq!(
            suggesters,
            [GAZETTEER_PLACE, CAPITALISED_GUESS, GAZETTEER_PLACE]
        );
        assert_eq!(
            got,
            [
                "Tongo Tongo:LOCATION",
                "Moussa Kansaye:PERSON",
                "Tongo Tongo:LOCATION"
            ]
        );
    }
}
