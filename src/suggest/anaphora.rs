//! Simple anaphora: "the militants", "les jihadistes", "the army" linked to
//! the actor they most likely refer back to.
//!
//! The antecedent is the most *salient* actor of the right kind, where each
//! mention adds one and salience halves with every sentence (in the spirit
//! of Lappin and Leass). This picks JNIM, named three times in one
//! sentence, over Al-Qaeda and the Islamic State named once in passing in
//! the background sentence that follows. "The army" with no army named yet
//! goes to the army of the most salient country. "Gunmen", "unidentified
//! armed men" or "des assaillants" with no group named before go to the
//! unidentified armed group of the article's country. The suggestion records
//! what it was resolved from, so the analyst sees it is an inference.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::patterns::{DESCRIPTOR, Descriptor};
use super::span_index::SpanIndex;
use super::{ActorMention, MentionSuggestion};
use crate::model::{ActorKind, Span};
use crate::text::sentences::Sentences;

/// Name of this suggester, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "anaphora";
/// Name of the link from unnamed armed men to an unidentified armed group.
pub const UNIDENTIFIED: &str = "unidentified-actor";

/// Decaying counts of recent mentions per id.
#[derive(Default)]
struct Salience {
    /// id → (score at `sentence`, sentence)
    scores: BTreeMap<Arc<str>, (f32, usize)>,
}

impl Salience {
    fn current(&self, id: &str, sentence: usize) -> f32 {
        self.scores
            .get(id)
            .map_or(0.0, |&(score, at)| decay(score, at, sentence))
    }

    fn add(&mut self, id: &Arc<str>, sentence: usize) {
        let score = self.current(id, sentence) + 1.0;
        match self.scores.get_mut(&**id) {
            Some(known) => *known = (score, sentence),
            None => {
                self.scores.insert(Arc::clone(id), (score, sentence));
            }
        }
    }

    /// The most salient id; ties go to the smaller id, for determinism.
    fn best(&self, sentence: usize) -> Option<&Arc<str>> {
        let mut best: Option<(&Arc<str>, f32)> = None;
        for (id, &(score, at)) in &self.scores {
            let score = decay(score, at, sentence);
            if score > MIN_SALIENCE && best.is_none_or(|(_, b)| score > b) {
                best = Some((id, score));
            }
        }
        best.map(|(id, _)| id)
    }
}

/// Below this an actor is too far back to be referred to.
const MIN_SALIENCE: f32 = 0.01;

fn decay(score: f32, at: usize, now: usize) -> f32 {
    let sentences = i32::try_from(now.saturating_sub(at)).unwrap_or(i32::MAX);
    score * 0.5_f32.powi(sentences)
}

/// A country's state forces in the catalogue: its army, for "the army",
/// "soldiers", and its police, for "the police", "policemen".
#[derive(Clone, Debug, Default)]
pub struct CountryForces {
    pub army: Option<Arc<str>>,
    pub police: Option<Arc<str>>,
}

impl CountryForces {
    /// The force a phrase names: the police for a police phrase where the
    /// catalogue holds one, else the army.
    fn named_by(&self, phrase: &str) -> Option<&Arc<str>> {
        is_police(phrase)
            .then_some(self.police.as_ref())
            .flatten()
            .or(self.army.as_ref())
    }
}

/// Whether a phrase names the police ("the police", "policemen", "les policiers").
fn is_police(phrase: &str) -> bool {
    let lower = phrase.to_lowercase();
    lower.contains("police") || lower.contains("policier")
}

/// Mentions for the descriptors that overlap no mention in `taken` and
/// follow no name ("JNIM fighters"): resolved
/// where an antecedent is found, plain descriptors otherwise.
pub fn resolve(
    text: &str,
    sentences: &Sentences,
    actors: &[ActorMention<'_>],
    descriptors: &[Descriptor],
    taken: &SpanIndex,
    forces_of_country: &BTreeMap<Arc<str>, CountryForces>,
    unidentified: Option<&Arc<str>>,
) -> Vec<MentionSuggestion> {
    let mut armed = Salience::default();
    let mut forces = Salience::default();
    let mut countries = Salience::default();
    // The last words that named each actor and each country, for "resolved_from".
    let mut last_named: BTreeMap<Arc<str>, Span> = BTreeMap::new();
    let mut last_country: BTreeMap<Arc<str>, Span> = BTreeMap::new();
    let mut out = Vec::new();
    let mut next_actor = 0;
    for descriptor in descriptors {
        while let Some((span, entry)) = actors.get(next_actor) {
            if span.start_byte >= descriptor.span.start_byte {
                break;
            }
            next_actor += 1;
            let sentence = sentences.index_of(span.start_byte);
            match entry.kind {
                Some(ActorKind::ArmedGroup | ActorKind::Militia) => armed.add(&entry.id, sentence),
                Some(ActorKind::StateForce) => forces.add(&entry.id, sentence),
                _ => {}
            }
            if let Some(country) = &entry.country
                && matches!(entry.kind, None | Some(ActorKind::StateForce))
            {
                countries.add(country, sentence);
                last_country.insert(Arc::clone(country), *span);
            }
            last_named.insert(Arc::clone(&entry.id), *span);
        }
        if taken.overlaps(descriptor.span) || follows_a_name(text, taken, descriptor.span) {
            continue;
        }
        let sentence = sentences.index_of(descriptor.span.start_byte);
        // The actor, and the words it is resolved from: the actor's last
        // name, or for "the army" with no army named, the country's.
        let antecedent = if !descriptor.definite {
            None
        } else if descriptor.label == "ARMED_GROUP" {
            armed
                .best(sentence)
                .map(|id| (Arc::clone(id), last_named.get(&**id).copied()))
        } else {
            // "The police" refers back to a police force and "the army" to
            // an army, never one to the other.
            let phrase = descriptor.span.text(text).unwrap_or_default();
            let police_id = |id: &Arc<str>| {
                forces_of_country
                    .values()
                    .any(|f| f.police.as_ref() == Some(id))
            };
            forces
                .best(sentence)
                .filter(|id| police_id(id) == is_police(phrase))
                .map(|id| (Arc::clone(id), last_named.get(&**id).copied()))
                .or_else(|| {
                    let country = countries.best(sentence)?;
                    let force = forces_of_country.get(&**country)?.named_by(phrase)?;
                    Some((Arc::clone(force), last_country.get(&**country).copied()))
                })
        };
        if antecedent.is_none()
            && descriptor.unnamed
            && let Some(id) = unidentified
        {
            // Men no one identified, and no group named before them: the
            // country's unidentified armed group, which later "the
            // assailants" refer back to.
            let mut mention =
                MentionSuggestion::new(descriptor.span, descriptor.label, UNIDENTIFIED, 0.5);
            mention.attributes.insert(
                "unidentified".to_owned(),
                "no group named; the country's unidentified armed group".to_owned(),
            );
            mention.actor = Some(Arc::clone(id));
            armed.add(id, sentence);
            last_named.insert(Arc::clone(id), descriptor.span);
            out.push(mention);
            continue;
        }
        let Some((id, Some(from))) = antecedent else {
            out.push(MentionSuggestion::new(
                descriptor.span,
                descriptor.label,
                DESCRIPTOR,
                0.4,
            ));
            continue;
        };
        let mut mention = MentionSuggestion::new(descriptor.span, descriptor.label, SUGGESTER, 0.6);
        let from = from.text(text).unwrap_or_default();
        mention
            .attributes
            .insert("resolved_from".to_owned(), from.to_owned());
        if descriptor.label == "ARMED_GROUP" {
            armed.add(&id, sentence);
        } else {
            forces.add(&id, sentence);
        }
        last_named.insert(Arc::clone(&id), descriptor.span);
        mention.actor = Some(id);
        out.push(mention);
    }
    out
}

/// "JNIM fighters", "Wagner mercenaries": the name already says who they are.
fn follows_a_name(text: &str, taken: &SpanIndex, span: Span) -> bool {
    let head = text.get(..span.start_byte).unwrap_or_default();
    let name_end = head.trim_end().len();
    name_end < head.len() && taken.has_end_at(name_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors(text: &str) -> Vec<(String, String)> {
        let s = crate::suggest::Rules::sahel_default()
            .unwrap()
            .suggest(text);
        s.mentions
            .iter()
            .filter(|m| m.label == "ARMED_GROUP")
            .map(|m| {
                let actor = m.actor.as_deref().unwrap_or_default().to_owned();
                (m.span.text(text).unwrap().to_owned(), actor)
            })
            .collect()
    }

    #[test]
    fn unnamed_men_are_the_unidentified_armed_group_of_the_articles_country() {
        let group = "unidentified-armed-group-burkina-faso".to_owned();
        assert_eq!(
            actors("Gunmen abducted three traders near Djibo. The assailants freed them."),
            [
                ("Gunmen".to_owned(), group.clone()),
                ("The assailants".to_owned(), group)
            ]
        );
        assert_eq!(
            actors("Des assaillants ont incendié des greniers à Torodi."),
            [(
                "Des assaillants".to_owned(),
                "unidentified-armed-group-niger".to_owned()
            )]
        );
        assert_eq!(
            actors("JNIM attacked Djibo. The assailants fled."),
            [
                ("JNIM".to_owned(), "jnim".to_owned()),
                ("The assailants".to_owned(), "jnim".to_owned())
            ],
            "a group named before is who they are"
        );
    }

    #[test]
    fn the_police_with_none_named_is_the_countrys_police_not_its_army() {
        let forces = |text: &str| -> Vec<(String, String)> {
            let s = crate::suggest::Rules::sahel_default()
                .unwrap()
                .suggest(text);
            s.mentions
                .iter()
                .filter(|m| m.label == "STATE_FORCE")
                .map(|m| {
                    let actor = m.actor.as_deref().unwrap_or_default().to_owned();
                    (m.span.text(text).unwrap().to_owned(), actor)
                })
                .collect()
        };
        assert_eq!(
            forces("Traders marched in Niamey. The police dispersed them; the army stayed away."),
            [
                ("The police".to_owned(), "niger-police".to_owned()),
                ("the army".to_owned(), "niger-armed-forces".to_owned())
            ]
        );
        assert_eq!(
            forces("Des commerçants ont manifesté à Bamako. Les policiers les ont dispersés."),
            [("Les policiers".to_owned(), "mali-police".to_owned())]
        );
    }

    #[test]
    fn salience_prefers_the_actor_named_most_recently_and_often() {
        let (jnim, al_qaeda, islamic_state): (Arc<str>, Arc<str>, Arc<str>) =
            ("jnim".into(), "al-qaeda".into(), "islamic-state".into());
        let mut salience = Salience::default();
        for _ in 0..3 {
            salience.add(&jnim, 1);
        }
        salience.add(&al_qaeda, 2);
        salience.add(&islamic_state, 2);
        assert_eq!(salience.best(4), Some(&jnim));
        salience.add(&islamic_state, 4);
        assert_eq!(salience.best(4), Some(&islamic_state));
        assert_eq!(salience.best(40), None, "too far back");
    }
}
