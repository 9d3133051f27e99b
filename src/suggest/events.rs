//! Event triggers: words such as "attacked", "ambush", "took control",
//! "enlevés" mapped to an ACLED event type and sub-type, with roles filled
//! from the mentions of the same sentence.
//!
//! Roles follow the shape of news sentences: the agent is the armed actor
//! named before the trigger (or after "by"/"par"), the target the first
//! actor, facility or civilians after it, the location the nearest place,
//! the time every date of the sentence. Triggers whose type the schema does
//! not have are skipped, so a project that trims the schema gets no strays.

use std::collections::BTreeMap;

use regex::{Regex, RegexSet};

use super::sentences::Sentences;
use super::words::{find_words, word_regex};
use super::{EventSuggestion, MentionSuggestion, mentions_within};
use crate::model::{Schema, Span};

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "event-trigger";

/// (trigger pattern, event type, sub-type); the first that matches the word wins.
const TRIGGERS: &[(&str, &str, &str)] = &[
    (
        r"suicide\s+(?:attacks?|bomb(?:ing|ings|er|ers)?|car\s+bombs?)|kamikazes?|attentats?[- ]suicides?",
        "Explosions/Remote violence",
        "Suicide bomb",
    ),
    (
        r"(?:air|drone)[ -]?strikes?|airstrikes?|frappes?\s+(?:aériennes?|de\s+drones?)|bombardements?\s+aériens?|drone\s+attacks?",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    (
        r"IEDs?|improvised\s+explosive\s+devices?|roadside\s+bombs?|landmines?|car\s+bombs?|engins?\s+explosifs?(?:\s+improvisés?)?|mines?\s+artisanales?|véhicules?\s+piégés?",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    (
        r"shelling|mortars?|rockets?|obus|roquettes?",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    (
        r"kidnapp(?:ed|ing|ings)?|abduct(?:ed|ion|ions)?|taken\s+hostage|held\s+hostage|enl[eè]v(?:é|ée|és|ées|ement|ements)|otages?",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    (
        r"massacres?|massacred|atrocities|executed|executions?|exactions|tueries?|exécutions?|exécutés?|summary\s+killings?",
        "Violence against civilians",
        "Attack",
    ),
    (
        r"recaptured|retook|regained\s+control|repris\s+le\s+contrôle|reprise\s+de",
        "Battles",
        "Government regains territory",
    ),
    (
        r"t(?:ook|aken|aking)\s+control|seized(?:\s+control)?|captured|overran|pris\s+le\s+contrôle|prise\s+de\s+contrôle|(?:se\s+sont|s['’]est)\s+emparée?s?",
        "Battles",
        "Non-state actor overtakes territory",
    ),
    (
        r"attack(?:s|ed|ing)?|assaults?|assaulted|raids?|raided|ambush(?:es|ed)?|clash(?:es|ed)?|fighting|stormed|offensive|attaques?|attaquée?s?|attaquer|assauts?|embuscades?|accrochages?|affrontements?|combats?",
        "Battles",
        "Armed clash",
    ),
    (
        r"arrested|arrests?|interpellée?s?|arrêtée?s?|arrestations?",
        "Strategic developments",
        "Arrests",
    ),
    (
        r"looted|looting|torched|burned\s+down|set\s+(?:on\s+)?fire|pillée?s?|pillages?|incendiée?s?",
        "Strategic developments",
        "Looting/property destruction",
    ),
    (
        r"coups?(?:\s+d['’](?:É|E)tat)?|putsch",
        "Strategic developments",
        "Other",
    ),
];

const ARMED: &[&str] = &["ARMED_GROUP", "STATE_FORCE", "FOREIGN_FORCE"];
const TARGETS: &[&str] = &[
    "ARMED_GROUP",
    "STATE_FORCE",
    "FOREIGN_FORCE",
    "CIVILIANS",
    "FACILITY",
    "PERSON",
];

/// The compiled event triggers for one schema; built once.
#[derive(Clone, Debug)]
pub struct EventTriggers {
    any: Regex,
    /// Anchored per-trigger patterns, in priority order, for telling which one matched.
    classes: RegexSet,
    /// Type and sub-type of each pattern of `classes`.
    types: Vec<(&'static str, Option<&'static str>)>,
    /// Words that put a role filler in another clause: "Mali's army
    /// confirmed Tuesday's attacks" names no attacker. A claim does not
    /// break the clause: "the militants claimed to have taken control" names one.
    clause_break: Regex,
    roles: Vec<String>,
}

/// How far from its trigger a role filler may be, in bytes.
const ROLE_REACH_BYTES: usize = 90;

impl EventTriggers {
    pub fn new(schema: &Schema) -> Result<Self, regex::Error> {
        let mut alternatives = Vec::new();
        let mut anchored = Vec::new();
        let mut types = Vec::new();
        for &(pattern, event_type, sub_type) in TRIGGERS {
            let Some(known) = schema.event_type(event_type) else {
                continue;
            };
            let sub_type = known
                .sub_types
                .iter()
                .any(|s| s == sub_type)
                .then_some(sub_type);
            alternatives.push(format!("(?:{pattern})"));
            anchored.push(format!(r"(?i)^(?:{pattern})$"));
            types.push((event_type, sub_type));
        }
        let any = if alternatives.is_empty() {
            Regex::new(r"[^\s\S]")?
        } else {
            // IED and coups are matched case-sensitively via the list order;
            // everything else ignores case.
            word_regex(&format!(r"(?i:{})", alternatives.join("|")))?
        };
        let clause_break = Regex::new(
            r"(?i)(?-u:\b)(?:confirm|said|says|told|telling|according|selon|denied|accuse|reported|(?:which|who|qui|but|mais|neither|nor|while)(?-u:\b))|[;:]",
        )?;
        Ok(Self {
            any,
            classes: RegexSet::new(anchored)?,
            types,
            clause_break,
            roles: schema.roles.iter().map(|r| r.name.clone()).collect(),
        })
    }

    /// Events for the triggers of `text`, roles pointing into `mentions`.
    pub fn suggest(
        &self,
        text: &str,
        sentences: &Sentences,
        mentions: &[MentionSuggestion],
    ) -> Vec<EventSuggestion> {
        let mut events = Vec::new();
        for m in find_words(&self.any, text) {
            let class = self.classes.matches(m.as_str()).into_iter().next();
            let Some(&(event_type, sub_type)) = class.and_then(|i| self.types.get(i)) else {
                continue;
            };
            let trigger = m.span;
            // A trigger inside a mention ("military camp" is not an attack,
            // "Al-Qaeda-linked" names no event) is part of that name.
            let starting_before =
                mentions.partition_point(|x| x.span.start_byte < trigger.end_byte);
            let in_mention = mentions[..starting_before]
                .iter()
                .rev()
                .take(32)
                .any(|mention| mention.span.contains(trigger));
            if in_mention {
                continue;
            }
            let sentence = sentences.span(sentences.index_of(trigger.start_byte));
            let mut event = EventSuggestion {
                trigger,
                event_type: event_type.to_owned(),
                sub_type: sub_type.map(str::to_owned),
                roles: BTreeMap::new(),
                suggester: SUGGESTER,
                score: 0.6,
            };
            self.fill_roles(text, &mut event, sentence, mentions);
            events.push(event);
        }
        events
    }

    fn fill_roles(
        &self,
        text: &str,
        event: &mut EventSuggestion,
        sentence: Span,
        mentions: &[MentionSuggestion],
    ) {
        let trigger = event.trigger;
        let within = mentions_within(mentions, sentence);
        let before = || {
            within
                .clone()
                .filter(move |&i| mentions[i].span.end_byte <= trigger.start_byte)
        };
        let after = || {
            within
                .clone()
                .filter(move |&i| mentions[i].span.start_byte >= trigger.end_byte)
        };
        let is = |i: &usize, labels: &[&str]| labels.contains(&mentions[*i].label.as_str());
        // A filler is within reach, with no clause break between it and the trigger.
        let reachable = |i: &usize| {
            let span = mentions[*i].span;
            let (from, to) = if span.end_byte <= trigger.start_byte {
                (span.end_byte, trigger.start_byte)
            } else {
                (trigger.end_byte, span.start_byte)
            };
            to - from <= ROLE_REACH_BYTES
                && !text
                    .get(from..to)
                    .is_some_and(|between| self.clause_break.is_match(between))
        };
        let passive = text
            .get(trigger.end_byte..)
            .is_some_and(|rest| rest.starts_with(" by ") || rest.starts_with(" par "));
        let agent = if passive {
            after().find(|i| is(i, ARMED))
        } else {
            before().rev().find(|i| is(i, ARMED))
        }
        .filter(reachable);
        let target = after()
            .find(|i| is(i, TARGETS) && Some(*i) != agent)
            .filter(reachable);
        if target.is_some_and(|t| mentions[t].label == "CIVILIANS")
            && event.event_type == "Battles"
            && event.sub_type.as_deref() == Some("Armed clash")
        {
            "Violence against civilians".clone_into(&mut event.event_type);
            event.sub_type = Some("Attack".to_owned());
        }
        let location = after()
            .find(|i| is(i, &["LOCATION"]))
            .or_else(|| before().rev().find(|i| is(i, &["LOCATION"])));
        let times: Vec<usize> = within.clone().filter(|i| is(i, &["DATE"])).collect();
        let fatalities: Vec<usize> = within.filter(|i| is(i, &["FATALITIES"])).collect();
        let mut put = |role: &'static str, fillers: Vec<usize>| {
            if !fillers.is_empty() && self.roles.iter().any(|r| r == role) {
                event.roles.insert(role.to_owned(), fillers);
            }
        };
        put("agent", agent.into_iter().collect());
        put("target", target.into_iter().collect());
        put("location", location.into_iter().collect());
        put("time", times);
        put("fatalities", fatalities);
    }
}

#[cfg(test)]
mod tests {
    use crate::suggest::Suggester;

    #[test]
    fn triggers_get_acled_types_and_roles() {
        let text = "JNIM fighters ambushed a convoy. Des hommes armés ont enlevé trois civils à Djibo mardi.";
        let suggestions = Suggester::sahel_default().unwrap().suggest(text);
        let events: Vec<_> = suggestions
            .events
            .iter()
            .map(|e| {
                (
                    e.trigger.text(text).unwrap(),
                    e.event_type.as_str(),
                    e.sub_type.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            events,
            [
                ("ambushed", "Battles", "Armed clash"),
                (
                    "enlevé",
                    "Violence against civilians",
                    "Abduction/forced disappearance"
                )
            ]
        );
        let ambush = &suggestions.events[0];
        let agent = ambush.roles["agent"][0];
        assert_eq!(suggestions.mentions[agent].actor.as_deref(), Some("jnim"));
        let abduction = &suggestions.events[1];
        let place = abduction.roles["location"][0];
        assert_eq!(suggestions.mentions[place].span.text(text), Some("Djibo"));
        let time = abduction.roles["time"][0];
        assert_eq!(suggestions.mentions[time].span.text(text), Some("mardi"));
    }
}
