//! Suggesters: candidate mentions, events and claims for a document, with
//! their attribution pre-filled, so that an analyst clears a queue instead of
//! annotating a blank article.
//!
//! Everything here is a pure function of the document text, the actor
//! catalogue and the schema: no GUI, no I/O, deterministic output. A
//! [`Rules`] is built once (it compiles the catalogue and the patterns)
//! and then [`Rules::suggest`] runs on any number of documents.
//! [`merge::merge_suggestions`] puts the result into an annotator's
//! [`AnnotationSet`](crate::model::AnnotationSet) without touching what the
//! annotator decided, and without re-proposing what they rejected.
//!
//! The stages, each in its own file: [`catalogue_matcher`] (aliases),
//! [`patterns`] (dates, casualties, facilities, speakers, descriptors,
//! capitalised-name guesses), [`acronyms`] (aliases taught by the text),
//! [`anaphora`] ("the militants" → the last armed group named), [`events`]
//! (trigger words → ACLED types, roles from nearby mentions) and [`claims`]
//! (cue words → stance, source, responsible actor).

pub mod acronyms;
pub mod anaphora;
pub mod catalogue_matcher;
pub mod claims;
pub mod compose;
pub mod events;
pub mod merge;
pub mod patterns;
pub mod span_index;
mod tolls;

use std::collections::BTreeMap;
use std::sync::Arc;

use regex::Regex;

pub use merge::{MergeCounts, merge_suggestions, suggest_into};

use self::catalogue_matcher::{CatalogueMatcher, Entry};
use self::patterns::Patterns;
use self::span_index::SpanIndex;
use crate::model::{Catalogue, Schema, Span};
use crate::text::fold::Folded;
use crate::text::sentences::Sentences;

/// A candidate mention.
#[derive(Clone, Debug, PartialEq)]
pub struct MentionSuggestion {
    pub span: Span,
    /// An entity label of the schema (rules name the shipped labels; a
    /// recommender learned from a project names the project's own).
    pub label: String,
    /// Catalogue id of the actor or place it refers to (shared, not copied,
    /// between the thousands of mentions of one actor).
    pub actor: Option<Arc<str>>,
    /// Notes for the analyst, e.g. `resolved_from` for anaphora.
    pub attributes: BTreeMap<String, String>,
    /// Which suggester proposed it.
    pub suggester: &'static str,
    /// How sure the suggester is, 0 to 1.
    pub score: f32,
}

impl MentionSuggestion {
    pub fn new(span: Span, label: impl Into<String>, suggester: &'static str, score: f32) -> Self {
        Self {
            span,
            label: label.into(),
            actor: None,
            attributes: BTreeMap::new(),
            suggester,
            score,
        }
    }
}

/// A candidate event; roles hold indices into [`Suggestions::mentions`].
#[derive(Clone, Debug, PartialEq)]
pub struct EventSuggestion {
    pub trigger: Span,
    pub event_type: String,
    pub sub_type: Option<String>,
    pub roles: BTreeMap<String, Vec<usize>>,
    pub suggester: &'static str,
    pub score: f32,
}

/// Who makes a suggested claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceSuggestion {
    /// Index into [`Suggestions::mentions`].
    Mention(usize),
    /// The reporting agency, e.g. `AFP`.
    Reporter(String),
}

/// A candidate claim; mention and event references are indices into [`Suggestions`].
#[derive(Clone, Debug, PartialEq)]
pub struct ClaimSuggestion {
    pub cue: Span,
    pub stance: String,
    pub source: Option<SourceSuggestion>,
    pub responsible: Vec<usize>,
    pub event: Option<usize>,
    pub suggester: &'static str,
    pub score: f32,
}

/// Everything suggested for one document, in text order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Suggestions {
    pub mentions: Vec<MentionSuggestion>,
    pub events: Vec<EventSuggestion>,
    pub claims: Vec<ClaimSuggestion>,
    /// Labels and stances the rules proposed that the project's schema does
    /// not have, with how many candidates each: left out, and reported so
    /// that a trimmed schema explains the missing candidates.
    pub outside_schema: BTreeMap<String, usize>,
}

/// Why a suggester could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    #[error(transparent)]
    Catalogue(#[from] catalogue_matcher::BuildError),
    #[error(transparent)]
    Pattern(#[from] patterns::PatternError),
}

impl From<regex::Error> for SuggestError {
    fn from(error: regex::Error) -> Self {
        SuggestError::Pattern(patterns::PatternError::from(error))
    }
}

/// All suggesters, compiled for one catalogue and one schema.
#[derive(Clone, Debug)]
pub struct Rules {
    schema: Schema,
    matcher: CatalogueMatcher,
    patterns: Patterns,
    acronyms: acronyms::AcronymDefinitions,
    events: events::EventTriggers,
    claims: claims::ClaimCues,
    /// Country code → that country's army and police, for "the army" and
    /// "the police".
    forces_of_country: BTreeMap<Arc<str>, anaphora::CountryForces>,
    /// Country code → the id of that country's unidentified armed group, for "gunmen".
    unidentified_of_country: BTreeMap<Arc<str>, Arc<str>>,
    sign_off: Regex,
    /// The stable hash of the catalogue and schema it was built from.
    inputs_hash: u64,
}

impl Rules {
    pub fn new(catalogue: &Catalogue, schema: &Schema) -> Result<Self, SuggestError> {
        let mut forces_of_country: BTreeMap<Arc<str>, anaphora::CountryForces> = BTreeMap::new();
        for actor in &catalogue.actors {
            if actor.kind == crate::model::ActorKind::StateForce
                && let Some(country) = &actor.country
            {
                let forces = forces_of_country
                    .entry(Arc::from(country.as_str()))
                    .or_default();
                let police = actor
                    .acled
                    .as_deref()
                    .is_some_and(|name| name.starts_with("Police Forces"));
                let slot = if police {
                    &mut forces.police
                } else {
                    &mut forces.army
                };
                slot.get_or_insert_with(|| Arc::from(actor.id.as_str()));
            }
        }
        let mut unidentified_of_country = BTreeMap::new();
        for actor in &catalogue.actors {
            if is_unidentified_group(actor)
                && let Some(country) = &actor.country
            {
                unidentified_of_country
                    .entry(Arc::from(country.as_str()))
                    .or_insert_with(|| Arc::from(actor.id.as_str()));
            }
        }
        Ok(Self {
            schema: schema.clone(),
            matcher: CatalogueMatcher::new(catalogue)?,
            patterns: Patterns::new()?,
            acronyms: acronyms::AcronymDefinitions::new()?,
            events: events::EventTriggers::new(schema)?,
            claims: claims::ClaimCues::new()?,
            forces_of_country,
            unidentified_of_country,
            // A wire desk's sign-off: editor initials such as `sd-mk-lp/sbk`.
            sign_off: Regex::new(r"\n[ \t]*[a-z]{1,4}(?:-[a-z]{1,4})*/[a-z]{1,4}[ \t]*\s*$")?,
            inputs_hash: crate::stable_hash::StableHasher::new()
                .str(&ron::to_string(schema).unwrap_or_default())
                .str(&ron::to_string(catalogue).unwrap_or_default())
                .finish(),
        })
    }

    /// The stable hash of the catalogue and schema the rules were built
    /// from: with [`Rules`]' version, what their candidates depend on.
    pub fn inputs_hash(&self) -> u64 {
        self.inputs_hash
    }

    /// The default Sahel catalogue and conflict schema.
    pub fn sahel_default() -> Result<Self, SuggestError> {
        Self::new(&Catalogue::sahel_default(), &Schema::conflict_default())
    }

    /// Candidate mentions, events and claims for `text`, deterministic and in text order.
    pub fn suggest(&self, text: &str) -> Suggestions {
        // Decomposed accents are matched on the composed text; spans come back whole.
        let Some(composed) = compose::Composed::of(text) else {
            return self.suggest_composed(text);
        };
        let mut suggestions = self.suggest_composed(&composed.text);
        for mention in &mut suggestions.mentions {
            mention.span = composed.original_span(mention.span);
        }
        for event in &mut suggestions.events {
            event.trigger = composed.original_span(event.trigger);
        }
        for claim in &mut suggestions.claims {
            claim.cue = composed.original_span(claim.cue);
        }
        suggestions
    }

    /// [`Self::suggest`] on a text with no decomposed accents.
    fn suggest_composed(&self, text: &str) -> Suggestions {
        // A trailing sign-off is metadata, never a candidate, even when an
        // importer left it in the text.
        let body_end = self.sign_off.find(text).map_or(text.len(), |m| m.start());
        let body = &text[..body_end];
        let sentences = Sentences::new(body);
        let folded = Folded::new(body, true);

        let mut mentions = Vec::new();
        let mut actor_mentions = Vec::new();
        for m in self.matcher.find(body, &folded) {
            let Some(entry) = self.matcher.entry(m.entry) else {
                continue;
            };
            let score = if m.acronym { 0.95 } else { 0.9 };
            let mut suggestion =
                MentionSuggestion::new(m.span, entry.label, catalogue_matcher::SUGGESTER, score);
            suggestion.actor = Some(Arc::clone(&entry.id));
            mentions.push(suggestion);
            actor_mentions.push((m.span, entry));
        }
        // The folded copy is as long as the text: let it go before the
        // other stages build their own.
        drop(folded);
        self.patterns.dates(body, &mut mentions);
        self.patterns.casualties(body, &sentences, &mut mentions);
        self.patterns.nominals(body, &mut mentions);

        let descriptors = self.patterns.descriptors(body);
        // The dead a killing names hold its target: "killed one soldier"
        // is the count and, within it, the state force that was attacked.
        let taken = SpanIndex::new(
            mentions
                .iter()
                .filter(|m| m.label != "FATALITIES" || !self.patterns.follows_killing(body, m.span))
                .map(|m| m.span)
                .collect(),
        );
        let resolved = anaphora::resolve(
            body,
            &sentences,
            &actor_mentions,
            &descriptors,
            &taken,
            &self.forces_of_country,
            article_country(&actor_mentions).and_then(|c| self.unidentified_of_country.get(c)),
        );
        mentions.extend(resolved);

        let taken = SpanIndex::new(mentions.iter().map(|m| m.span).collect());
        let mut guesses = Vec::new();
        let country = article_country(&actor_mentions).map(AsRef::as_ref);
        self.patterns
            .capitalised_guesses(body, &sentences, &taken, country, &mut guesses);
        mentions.extend(guesses);
        mentions.sort_by(|a, b| (a.span, &a.label).cmp(&(b.span, &b.label)));
        self.acronyms.teach(body, &mut mentions);

        let mut outside_schema = BTreeMap::new();
        let mentions = self.finish_mentions(mentions, &mut outside_schema);
        let events = self.events.suggest(body, &sentences, &mentions);
        let events::Coreferred { events, anaphors } =
            self.events.corefer(body, &sentences, &mentions, events);
        let mut claims = self
            .claims
            .suggest_with_anaphors(body, &sentences, &mentions, &events, &anaphors);
        claims.retain(|c| {
            let known = self.schema.stances.iter().any(|s| s.name == c.stance);
            if !known {
                *outside_schema.entry(c.stance.clone()).or_default() += 1;
            }
            known
        });
        Suggestions {
            mentions,
            events,
            claims,
            outside_schema,
        }
    }

    /// Keeps labels the schema knows (counting the others in
    /// `outside_schema`), drops duplicate (span, label) pairs (the first
    /// suggester wins) and sorts into text order.
    fn finish_mentions(
        &self,
        mut mentions: Vec<MentionSuggestion>,
        outside_schema: &mut BTreeMap<String, usize>,
    ) -> Vec<MentionSuggestion> {
        mentions.retain(|m| {
            let known = self.schema.entity_label(&m.label).is_some();
            if !known {
                *outside_schema.entry(m.label.clone()).or_default() += 1;
            }
            known
        });
        // A stable sort keeps the first suggester's candidate first among equals.
        mentions.sort_by(|a, b| (a.span, &a.label).cmp(&(b.span, &b.label)));
        mentions
            .dedup_by(|later, earlier| later.span == earlier.span && later.label == earlier.label);
        mentions
    }
}

/// An unidentified armed group of the catalogue: ACLED's name
/// "Unidentified Armed Group (Mali)", or an id such as `unidentified-armed-group-mali`.
fn is_unidentified_group(actor: &crate::model::Actor) -> bool {
    matches!(
        actor.kind,
        crate::model::ActorKind::ArmedGroup | crate::model::ActorKind::Militia
    ) && (actor.name.starts_with("Unidentified Armed Group")
        || actor.id.starts_with("unidentified-armed-group"))
}

/// The country most of the article's catalogue places are in; on a tie,
/// the one named first.
fn article_country<'a>(actors: &[ActorMention<'a>]) -> Option<&'a Arc<str>> {
    let mut counts: Vec<(&Arc<str>, usize)> = Vec::new();
    for (_, entry) in actors {
        let (None, Some(country)) = (entry.kind, &entry.country) else {
            continue;
        };
        match counts.iter_mut().find(|(c, _)| *c == country) {
            Some((_, n)) => *n += 1,
            None => counts.push((country, 1)),
        }
    }
    // `max_by_key` keeps the last of equals: search from the back for the first.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(country, _)| *country)
}

/// The catalogue entry behind an actor mention, for the stages that need kinds.
pub(crate) type ActorMention<'a> = (Span, &'a Entry);

/// Indices of `mentions` (sorted by start) that lie inside `range`.
pub(crate) fn mentions_within(
    mentions: &[MentionSuggestion],
    range: Span,
) -> std::ops::Range<usize> {
    let first = mentions.partition_point(|m| m.span.start_byte < range.start_byte);
    let last = mentions.partition_point(|m| m.span.start_byte < range.end_byte);
    first..last.max(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_blank_and_crlf_texts_are_handled() {
        let suggester = Rules::sahel_default().unwrap();
        assert_eq!(suggester.suggest(""), Suggestions::default());
        assert_eq!(suggester.suggest(" \n\r\n "), Suggestions::default());
        let text = "JNIM claimed the attack.\r\nMali's army confirmed it.\r\n";
        let s = suggester.suggest(text);
        let claims: Vec<_> = s.claims.iter().map(|c| c.stance.as_str()).collect();
        assert_eq!(claims, ["Claimed", "Confirmed"]);
        assert!(s.mentions.iter().all(|m| m.span.validate(text).is_ok()));
    }

    #[test]
    fn a_trimmed_schema_gets_no_strays() {
        let mut schema = Schema::conflict_default();
        schema.entity_labels.retain(|l| l.name != "DATE");
        schema.stances.retain(|s| s.name != "Confirmed");
        schema.event_types.retain(|t| t.name != "Battles");
        let suggester = Rules::new(&Catalogue::sahel_default(), &schema).unwrap();
        let s = suggester.suggest("On Tuesday JNIM attacked Djibo; the army confirmed the attack.");
        assert!(s.mentions.iter().all(|m| m.label != "DATE"));
        assert!(s.claims.iter().all(|c| c.stance != "Confirmed"));
        assert!(s.events.iter().all(|e| e.event_type != "Battles"));
        assert!(
            s.mentions
                .iter()
                .any(|m| m.actor.as_deref() == Some("jnim"))
        );
    }

    #[test]
    fn labels_outside_the_schema_are_counted_not_dropped_silently() {
        let mut schema = Schema::conflict_default();
        schema.entity_labels.retain(|l| l.name != "DATE");
        schema.stances.retain(|s| s.name != "Confirmed");
        let suggester = Rules::new(&Catalogue::sahel_default(), &schema).unwrap();
        let s = suggester.suggest("On Tuesday JNIM attacked Djibo; the army confirmed the attack.");
        assert_eq!(s.outside_schema.get("DATE"), Some(&1));
        assert_eq!(s.outside_schema.get("Confirmed"), Some(&1));
        let full = Rules::sahel_default().unwrap();
        assert!(
            full.suggest("On Tuesday JNIM attacked Djibo.")
                .outside_schema
                .is_empty()
        );
    }
}
