//! Claims and attribution: cue words in English and French ("were claimed
//! by", "told AFP", "according to", "a confirmé", "accusés de",
//! "présumés") proposing a claim with its stance, source, responsible
//! actor(s) and the event it is about.
//!
//! Each cue knows where its participants sit: "X claimed" has the claimant
//! before the cue, "claimed by X" after it; "according to X" has the
//! source after, "X told AFP" before; "X and Y are accused of" has the
//! accused before and no named accuser. Participants are looked for only
//! in the cue's sentence (the accused only in its clause), so a claim never
//! borrows an actor from a neighbouring paragraph.

use regex::{Regex, RegexSet};

use super::events::Anaphor;
use super::{
    ClaimSuggestion, EventSuggestion, MentionSuggestion, SourceSuggestion, mentions_within,
};
use crate::model::Span;
use crate::text::sentences::Sentences;
use crate::text::words::{find_words, word_regex};

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "claim-cue";

/// How a cue's participants are arranged around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// "were claimed by X": the claimant follows.
    ClaimedBy,
    /// "X claimed": the claimant precedes.
    Claimed,
    /// "X told AFP": the speaker precedes, the outlet is part of the cue.
    Told,
    /// "according to X": the source follows.
    According,
    /// "X confirmed".
    Confirmed,
    /// "X and Y are accused of": the accused precede, the accuser is unnamed.
    AccusedPassive,
    /// "X accused Y of", "X blamed Y".
    Accused,
    /// "attributed to X", "blamed on X": the responsible follows, no source.
    AttributedTo,
    /// "X denied".
    Denied,
    /// "suspected X", "X présumés".
    Presumed,
    /// "X said".
    Said,
}

impl Cue {
    fn stance(self) -> &'static str {
        match self {
            Cue::ClaimedBy | Cue::Claimed => "Claimed",
            Cue::Told | Cue::According | Cue::Said => "Reported",
            Cue::Confirmed => "Confirmed",
            Cue::AccusedPassive | Cue::Accused | Cue::AttributedTo => "Alleged",
            Cue::Denied => "Denied",
            Cue::Presumed => "Presumed",
        }
    }
}

/// Cue patterns in priority order: where two start at the same word, the first wins.
const CUES: &[(&str, Cue)] = &[
    (
        r"(?:(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+)?claimed\s+by|(?:(?:a|ont)\s+été\s+)?revendiquée?s?\s+par",
        Cue::ClaimedBy,
    ),
    (
        r"claim(?:ed|s|ing)?\s+responsibility|claimed\s+to\s+have|(?:a|ont)\s+revendiqué|revendiqu(?:e|ent|ait|aient)|claimed",
        Cue::Claimed,
    ),
    (
        r"(?:told|telling|tells|tell)\s+(?:AFP|Reuters|RFI|the\s+AP|the\s+Associated\s+Press|reporters|journalists)|(?:a|ont)\s+(?:déclaré|indiqué|confié|affirmé|dit|raconté|expliqué)\s+à\s+(?:l['’])?(?:AFP|RFI|Reuters)",
        Cue::Told,
    ),
    (r"according\s+to|selon|d['’]après", Cue::According),
    (
        r"confirmed|confirms|acknowledged|admitted|(?:a|ont)\s+(?:confirmé|reconnu)|confirme(?:nt)?|reconna[iî]t",
        Cue::Confirmed,
    ),
    (
        r"(?:is|are|was|were|been|being|stands?|sont|est|étaient|était|ont\s+été|a\s+été)\s+(?:[^\s,.;]+\s+){0,2}accus(?:ed|ée?s?)(?:\s+(?:of|de))?",
        Cue::AccusedPassive,
    ),
    (
        r"(?:attributed|blamed)\s+(?:it\s+)?on|attributed\s+to|imputée?s?\s+(?:à|aux)|attribuée?s?\s+(?:à|aux)",
        Cue::AttributedTo,
    ),
    (
        r"accus(?:ed|es|ing|e|ent|ée?s?|ait|aient)|blam(?:ed|es|ing|e)",
        Cue::Accused,
    ),
    (
        r"denied|denies|deny|(?:a|ont)\s+(?:démenti|nié)|dément(?:ent)?",
        Cue::Denied,
    ),
    (
        r"suspected|presumed|présumée?s?|soupçonnée?s?|suspectée?s?",
        Cue::Presumed,
    ),
    (
        r"said|says|stated|added|declared|announced|(?:a|ont)\s+(?:déclaré|affirmé|indiqué|annoncé|rapporté|précisé|expliqué|assuré|ajouté|raconté)|affirme(?:nt)?|déclare(?:nt)?|indique(?:nt)?|précise(?:nt)?|raconte(?:nt)?|ajoute(?:nt)?",
        Cue::Said,
    ),
];

const ARMED: &[&str] = &["ARMED_GROUP", "STATE_FORCE", "FOREIGN_FORCE"];
const SPEAKERS: &[&str] = &[
    "SOURCE",
    "ARMED_GROUP",
    "STATE_FORCE",
    "FOREIGN_FORCE",
    "ORGANIZATION",
    "PERSON",
    "CIVILIANS",
];

/// The compiled claim cues; built once.
#[derive(Clone, Debug)]
pub struct ClaimCues {
    any: Regex,
    /// Anchored per-cue patterns, in priority order, for telling which one matched.
    classes: RegexSet,
}

impl ClaimCues {
    pub fn new() -> Result<Self, regex::Error> {
        let alternatives: Vec<String> = CUES.iter().map(|(p, _)| format!("(?:{p})")).collect();
        let any = word_regex(&format!(r"(?i:{})", alternatives.join("|")))?;
        let classes = RegexSet::new(CUES.iter().map(|(p, _)| format!(r"(?i)^(?:{p})$")))?;
        Ok(Self { any, classes })
    }

    /// Claims for the cues of `text`; references point into `mentions` and `events`.
    pub fn suggest(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        events: &[EventSuggestion],
    ) -> Vec<ClaimSuggestion> {
        self.suggest_with_anaphors(text, sentences, mentions, events, &[])
    }

    /// [`Self::suggest`], where a cue nearest a trigger that refers back
    /// ("were claimed by", "confirmed Tuesday's attacks") is about the
    /// event that trigger refers to.
    pub fn suggest_with_anaphors(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
        events: &[EventSuggestion],
        anaphors: &[Anaphor],
    ) -> Vec<ClaimSuggestion> {
        // The agency that files the story is the source of last resort.
        let reporter = mentions
            .iter()
            .find(|m| m.label == "SOURCE" && m.actor.is_some())
            .and_then(|m| m.span.text(text))
            .map(str::to_owned);
        let mut claims = Vec::new();
        for m in find_words(&self.any, text) {
            let class = self.classes.matches(m.as_str()).into_iter().next();
            let Some(&(_, cue)) = class.and_then(|i| CUES.get(i)) else {
                continue;
            };
            let cue_span = m.span;
            let sentence = sentences.span(sentences.index_of(cue_span.start_byte));
            let near = Near::new(mentions, sentence, cue_span);
            let (source, responsible) = match cue {
                Cue::ClaimedBy => {
                    let claimant = near.first_after(ARMED);
                    (
                        claimant.map(SourceSuggestion::Mention),
                        claimant.into_iter().collect(),
                    )
                }
                Cue::Claimed => {
                    let claimant = near.last_before(ARMED).or_else(|| near.first_after(ARMED));
                    (
                        claimant.map(SourceSuggestion::Mention),
                        claimant.into_iter().collect(),
                    )
                }
                Cue::Told | Cue::Confirmed => (
                    near.last_before(SPEAKERS).map(SourceSuggestion::Mention),
                    Vec::new(),
                ),
                Cue::Said => (
                    near.last_before(SPEAKERS)
                        .or_else(|| near.first_after(SPEAKERS))
                        .map(SourceSuggestion::Mention),
                    Vec::new(),
                ),
                Cue::According => (
                    near.first_after(SPEAKERS).map(SourceSuggestion::Mention),
                    Vec::new(),
                ),
                Cue::AccusedPassive => {
                    let clause_start = clause_start(text, sentence, cue_span);
                    let accused = near
                        .before()
                        .filter(|&i| mentions[i].span.start_byte >= clause_start)
                        .filter(|&i| ARMED.contains(&mentions[i].label.as_str()))
                        .collect();
                    (None, accused)
                }
                Cue::Accused => {
                    let accuser = near.last_before(SPEAKERS);
                    (
                        accuser.map(SourceSuggestion::Mention),
                        near.clause_after(text, ARMED),
                    )
                }
                Cue::AttributedTo => (None, near.first_after(ARMED).into_iter().collect()),
                Cue::Denied => {
                    let denier = near.last_before(SPEAKERS);
                    let responsible = denier
                        .filter(|&i| ARMED.contains(&mentions[i].label.as_str()))
                        .into_iter()
                        .collect();
                    (denier.map(SourceSuggestion::Mention), responsible)
                }
                Cue::Presumed => (None, near.nearest(ARMED).into_iter().collect()),
            };
            let source = source.or_else(|| {
                (cue.stance() == "Reported")
                    .then(|| reporter.clone().map(SourceSuggestion::Reporter))
                    .flatten()
            });
            let event = nearest_event(events, anaphors, sentence, cue_span);
            claims.push(ClaimSuggestion {
                cue: cue_span,
                stance: cue.stance().to_owned(),
                source,
                responsible,
                event,
                suggester: SUGGESTER,
                score: if cue == Cue::Presumed { 0.5 } else { 0.7 },
            });
        }
        claims
    }
}

/// The mentions of a cue's sentence, split around the cue.
struct Near<'a> {
    mentions: &'a [MentionSuggestion],
    /// Indices of the sentence's mentions.
    within: std::ops::Range<usize>,
    cue: Span,
    sentence: Span,
}

impl<'a> Near<'a> {
    fn new(mentions: &'a [MentionSuggestion], sentence: Span, cue: Span) -> Self {
        Self {
            mentions,
            within: mentions_within(mentions, sentence),
            cue,
            sentence,
        }
    }

    /// The sentence's mentions that end before the cue.
    fn before(&self) -> impl Iterator<Item = usize> + '_ {
        self.within
            .clone()
            .filter(|&i| self.mentions[i].span.end_byte <= self.cue.start_byte)
    }

    /// The sentence's mentions that start after the cue.
    fn after(&self) -> impl Iterator<Item = usize> + '_ {
        self.within
            .clone()
            .filter(|&i| self.mentions[i].span.start_byte >= self.cue.end_byte)
    }

    fn has(&self, i: usize, labels: &[&str]) -> bool {
        labels.contains(&self.mentions[i].label.as_str())
    }

    /// The mention that ends nearest before the cue; the longest on a tie,
    /// so "a resident of Farabougou" wins over "Farabougou".
    fn last_before(&self, labels: &[&str]) -> Option<usize> {
        self.before()
            .filter(|&i| self.has(i, labels))
            .max_by_key(|&i| {
                (
                    self.mentions[i].span.end_byte,
                    self.mentions[i].span.len_bytes(),
                )
            })
    }

    /// The first mention after the cue; the longest where several start together.
    fn first_after(&self, labels: &[&str]) -> Option<usize> {
        self.after()
            .filter(|&i| self.has(i, labels))
            .min_by_key(|&i| {
                let span = self.mentions[i].span;
                (span.start_byte, usize::MAX - span.len_bytes())
            })
    }

    fn nearest(&self, labels: &[&str]) -> Option<usize> {
        let before = self
            .last_before(labels)
            .map(|i| (self.cue.start_byte - self.mentions[i].span.end_byte, i));
        let after = self
            .first_after(labels)
            .map(|i| (self.mentions[i].span.start_byte - self.cue.end_byte, i));
        match (before, after) {
            (Some(b), Some(a)) => Some(if a.0 < b.0 { a.1 } else { b.1 }),
            (b, a) => b.or(a).map(|(_, i)| i),
        }
    }

    /// Mentions after the cue up to the end of its clause (a comma, a
    /// semicolon, "for"/"of"/"de" that starts what they are accused of).
    fn clause_after(&self, text: &str, labels: &[&str]) -> Vec<usize> {
        let rest = text
            .get(self.cue.end_byte..self.sentence.end_byte)
            .unwrap_or_default();
        let clause_len = [",", ";", " of ", " for ", " de ", " d'", " d’", " pour "]
            .iter()
            .filter_map(|stop| rest.find(stop))
            .min()
            .unwrap_or(rest.len());
        let clause_end = self.cue.end_byte + clause_len;
        self.after()
            .filter(|&i| self.mentions[i].span.end_byte <= clause_end && self.has(i, labels))
            .collect()
    }
}

/// Start of the clause that ends at the cue: after the last comma,
/// semicolon, or "while"/"alors que" of the sentence.
fn clause_start(text: &str, sentence: Span, cue: Span) -> usize {
    let head = text
        .get(sentence.start_byte..cue.start_byte)
        .unwrap_or_default();
    [
        ",",
        ";",
        ":",
        " while ",
        " whereas ",
        " alors que ",
        " tandis que ",
    ]
    .iter()
    .filter_map(|stop| head.rfind(stop).map(|at| at + stop.len()))
    .max()
    .map_or(sentence.start_byte, |offset| sentence.start_byte + offset)
}

/// The event of the cue's sentence whose trigger is nearest the cue; a
/// trigger that refers back stands for the event it refers to.
fn nearest_event(
    events: &[EventSuggestion],
    anaphors: &[Anaphor],
    sentence: Span,
    cue: Span,
) -> Option<usize> {
    let first = events.partition_point(|e| e.trigger.start_byte < sentence.start_byte);
    let own = events[first..]
        .iter()
        .take_while(|e| e.trigger.start_byte < sentence.end_byte)
        .enumerate()
        .map(|(offset, e)| (e.trigger, first + offset));
    let first = anaphors.partition_point(|a| a.trigger.start_byte < sentence.start_byte);
    let referring = anaphors[first..]
        .iter()
        .take_while(|a| a.trigger.start_byte < sentence.end_byte)
        .map(|a| (a.trigger, a.antecedent));
    own.chain(referring)
        .min_by_key(|(trigger, _)| {
            let distance = if trigger.start_byte >= cue.end_byte {
                trigger.start_byte - cue.end_byte
            } else {
                cue.start_byte.saturating_sub(trigger.end_byte)
            };
            (distance, trigger.start_byte)
        })
        .map(|(_, event)| event)
}

#[cfg(test)]
mod tests {
    use crate::suggest::{Rules, SourceSuggestion};

    fn claims(text: &str) -> Vec<(String, String, String, Vec<String>)> {
        let s = Rules::sahel_default().unwrap().suggest(text);
        let mention = |i: usize| s.mentions[i].span.text(text).unwrap().to_owned();
        s.claims
            .iter()
            .map(|c| {
                let source = match &c.source {
                    Some(SourceSuggestion::Mention(i)) => mention(*i),
                    Some(SourceSuggestion::Reporter(name)) => format!("reporter {name}"),
                    None => String::new(),
                };
                (
                    c.cue.text(text).unwrap().to_owned(),
                    c.stance.clone(),
                    source,
                    c.responsible.iter().map(|&i| mention(i)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn french_cues_with_sources_and_responsible() {
        let got = claims(
            "L'attaque a été revendiquée par l'Etat islamique au Sahel, selon une source sécuritaire. \
             Les soldats burkinabè sont accusés d'exactions.",
        );
        let expected: Vec<(String, String, String, Vec<String>)> = vec![
            (
                "a été revendiquée par".into(),
                "Claimed".into(),
                "Etat islamique au Sahel".into(),
                vec!["Etat islamique au Sahel".into()],
            ),
            (
                "selon".into(),
                "Reported".into(),
                "une source sécuritaire".into(),
                vec![],
            ),
            (
                "sont accusés".into(),
                "Alleged".into(),
                String::new(),
                vec!["soldats burkinabè".into()],
            ),
        ];
        assert_eq!(got, expected);
    }
}
