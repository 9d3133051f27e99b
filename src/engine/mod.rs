//! The suggestion engine: every recommender Attest runs on a text — the
//! rules and the layers learned from the analysts — with their gating, in
//! one type, and the one fingerprint of what they propose.
//!
//! Each recommender is a [`Suggester`]: a name (the one its candidates
//! carry), the [`Stage`] it works at, and a version that enters the
//! engine's [fingerprint](Engine::fingerprint) with its name, so that a
//! change of logic makes `attest suggest` run again on documents that the
//! older logic already suggested. Proposers run first, in registration
//! order, each on its own: their candidates are merged one per span and
//! label (the best score and its recommender kept) after the activation
//! gate has dropped the (recommender, label) pairs the project silenced;
//! then texts the analysts rejected more often than they confirmed are
//! dropped; then revisers correct what was proposed (event types, stances,
//! role fillers).
//!
//! Adding a recommender is one file here implementing [`Suggester`] and
//! one line: the rules are built by every front end from the project's
//! catalogue and schema; a learned layer is built from the project's
//! models by one entry of [`LEARNED_LAYERS`] (and, with a model file of
//! its own, one entry of [`files::MODEL_FILES`]).

mod classifiers;
pub mod files;
mod learned;
mod rules;
mod span_layers;
mod string_matcher;
mod tagger;

use std::collections::HashMap;
use std::sync::Arc;

pub use files::{
    CLASSIFIERS_FILE, CUES_FILE, MODEL_FILES, MODELS_DIR, RULE_SCORES_FILE,
    RULE_SCORES_FORMAT_VERSION, RuleScoresFile, STRING_MATCHER_FILE, STRING_MATCHER_FORMAT_VERSION,
    StringMatcherFile, TAGGER_FILE, TRIGGERS_FILE, layer_file, models_dir, sorted_labels,
};
pub use learned::{
    LearnedModels, LoadedModels, MIN_TAGGER_SCORE, feature_rules, load_models, silenced_pairs,
};
pub use rules::RULES_VERSION;

use crate::model::{AnnotationSet, Span};
use crate::stable_hash::StableHasher;
use crate::suggest::{MergeCounts, Rules, SourceSuggestion, Suggestions, merge_suggestions};

/// When a recommender works on a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Proposes candidates of its own (mentions, and events and claims
    /// whose references index its own mentions), merged with the others'.
    Propose,
    /// Revises what the proposers proposed (types, stances, role fillers).
    Revise,
}

/// One recommender of the engine.
pub trait Suggester: Send + Sync {
    /// The name its candidates carry (`catalogue`, `learned:tagger` …): the
    /// rules name each of their stages in their candidates, so this is the
    /// recommender's name in the fingerprint and in reports.
    fn name(&self) -> &'static str;

    fn stage(&self) -> Stage;

    /// The version of its logic: bump it when the same inputs give other
    /// candidates. It enters the engine's fingerprint.
    fn version(&self) -> u32;

    /// What else its candidates depend on (the rules: their catalogue and
    /// schema), added to the fingerprint. A learned layer's model file is
    /// already there by its stamp.
    fn fingerprint_inputs(&self, _hasher: &mut StableHasher) {}

    /// A proposer fills `suggestions` (given empty) with its candidates for
    /// `text`; a reviser corrects the candidates in it.
    fn suggest(&self, text: &str, suggestions: &mut Suggestions);
}

/// A learned layer built from the project's models, when they hold its model.
type LayerBuilder = fn(&LearnedModels) -> Option<Box<dyn Suggester>>;

/// Every learned layer, in the order its candidates are merged (among equal
/// scores the first keeps its name).
const LEARNED_LAYERS: &[LayerBuilder] = &[
    tagger::layer,
    string_matcher::layer,
    span_layers::triggers,
    span_layers::cues,
    classifiers::layer,
];

/// The learned layers `models` can build, in [`LEARNED_LAYERS`] order.
fn learned_layers(models: &LearnedModels) -> impl Iterator<Item = Box<dyn Suggester>> + '_ {
    LEARNED_LAYERS.iter().filter_map(|build| build(models))
}

/// The rules and the project's learned layers, ready to suggest on any
/// number of texts (share it across threads by reference).
pub struct Engine {
    suggesters: Vec<Box<dyn Suggester>>,
    /// The models the learned layers came from: the activation gate and
    /// the memory of rejected texts.
    learned: Option<Arc<LearnedModels>>,
    fingerprint: u64,
}

impl From<Rules> for Engine {
    fn from(rules: Rules) -> Self {
        Self::new(rules, None)
    }
}

impl Engine {
    /// The rules, and the learned layers `learned` holds models for.
    pub fn new(rules: Rules, learned: Option<Arc<LearnedModels>>) -> Self {
        let mut suggesters: Vec<Box<dyn Suggester>> = vec![Box::new(rules)];
        if let Some(models) = &learned {
            suggesters.extend(learned_layers(models));
        }
        let fingerprint = fingerprint(&suggesters, learned.as_deref());
        Self {
            suggesters,
            learned,
            fingerprint,
        }
    }

    /// What this engine's candidates depend on besides the text: this
    /// build, each recommender's name, version and inputs, and the learned
    /// models' files, gate and memory. Equal fingerprints propose the same
    /// candidates for a text; stable across builds of the same version.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Its recommenders, in the order they run.
    pub fn suggesters(&self) -> impl Iterator<Item = &dyn Suggester> {
        self.suggesters.iter().map(AsRef::as_ref)
    }

    /// The learned models it runs, if any.
    pub fn learned(&self) -> Option<&LearnedModels> {
        self.learned.as_deref()
    }

    /// Every recommender's candidates for `text`, merged: one mention per
    /// span and label (the best score and its recommender kept), none the
    /// activation gate or the analysts' rejections silenced.
    pub fn suggest(&self, text: &str) -> Suggestions {
        let mut merged = Merged::default();
        for suggester in self.stage(Stage::Propose) {
            let mut own = Suggestions::default();
            suggester.suggest(text, &mut own);
            if let Some(learned) = &self.learned {
                let open: Vec<bool> = own
                    .mentions
                    .iter()
                    .map(|m| !learned.is_gated(m.suggester, &m.label))
                    .collect();
                drop_mentions(&mut own, &open);
                drop_gated_events_and_claims(&mut own, learned);
            }
            merged.add(own);
        }
        let mut suggestions = merged.suggestions;
        if let Some(learned) = &self.learned {
            let keep: Vec<bool> = suggestions
                .mentions
                .iter()
                .map(|m| {
                    m.span
                        .text(text)
                        .is_none_or(|covered| !learned.is_silenced(covered, &m.label))
                })
                .collect();
            drop_mentions(&mut suggestions, &keep);
        }
        for reviser in self.stage(Stage::Revise) {
            reviser.suggest(text, &mut suggestions);
        }
        suggestions
    }

    /// Suggests `text` and merges the result into `set` without touching
    /// what the annotator decided (see [`crate::suggest::merge`]).
    pub fn suggest_into(
        &self,
        set: &mut AnnotationSet,
        text: &str,
        now: jiff::Timestamp,
    ) -> MergeCounts {
        let suggestions = self.suggest(text);
        let mut counts = merge_suggestions(set, text, &suggestions, now);
        counts.outside_schema = suggestions.outside_schema;
        counts
    }

    fn stage(&self, stage: Stage) -> impl Iterator<Item = &dyn Suggester> {
        self.suggesters().filter(move |s| s.stage() == stage)
    }
}

fn fingerprint(suggesters: &[Box<dyn Suggester>], learned: Option<&LearnedModels>) -> u64 {
    let mut hasher = StableHasher::new();
    hasher.str(env!("CARGO_PKG_VERSION"));
    for suggester in suggesters {
        hasher
            .str(suggester.name())
            .u64(u64::from(suggester.version()));
        suggester.fingerprint_inputs(&mut hasher);
    }
    if let Some(learned) = learned {
        hasher.str(&serde_json::to_string(&learned.memory).unwrap_or_default());
        for (recommender, label) in &learned.silenced {
            hasher.str(recommender).str(label);
        }
        for (name, digest) in &learned.digests {
            hasher.str(name).u64(*digest);
        }
    }
    hasher.finish()
}

/// The proposers' candidates merged so far, with where each (span, label)
/// already is.
#[derive(Default)]
struct Merged {
    suggestions: Suggestions,
    /// Built when a second proposer's candidates arrive.
    at: Option<HashMap<(Span, String), usize>>,
}

impl Merged {
    /// Adds one proposer's candidates: a mention already there keeps the
    /// better score (and its recommender's name); events and claims come
    /// along with their references renumbered.
    fn add(&mut self, own: Suggestions) {
        if self.suggestions == Suggestions::default() {
            self.suggestions = own;
            return;
        }
        let merged = &mut self.suggestions;
        let at = self.at.get_or_insert_with(|| {
            merged
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| ((m.span, m.label.clone()), i))
                .collect()
        });
        let mut index_of = Vec::with_capacity(own.mentions.len());
        for candidate in own.mentions {
            let key = (candidate.span, candidate.label.clone());
            if let Some(&i) = at.get(&key) {
                let kept = &mut merged.mentions[i];
                if candidate.score > kept.score {
                    kept.score = candidate.score;
                    kept.suggester = candidate.suggester;
                }
                index_of.push(i);
            } else {
                at.insert(key, merged.mentions.len());
                index_of.push(merged.mentions.len());
                merged.mentions.push(candidate);
            }
        }
        let map = |i: &usize| index_of.get(*i).copied();
        // One event per trigger and one claim per cue: where an earlier
        // proposer (the rules first) has one on an overlapping span, the
        // better score's span, type or stance and recommender win, and the
        // earlier one's roles and links stay unless the later one has its own.
        let events_before = merged.events.len();
        let taken_triggers: Vec<Span> = merged.events.iter().map(|e| e.trigger).collect();
        let mut event_index = Vec::with_capacity(own.events.len());
        let mut kept_events = Vec::with_capacity(own.events.len());
        for event in own.events {
            if let Some(existing) = taken_triggers
                .iter()
                .position(|t| t.overlaps(event.trigger))
            {
                event_index.push(existing);
                let kept = &mut merged.events[existing];
                if event.score > kept.score {
                    kept.trigger = event.trigger;
                    kept.event_type = event.event_type;
                    kept.sub_type = event.sub_type;
                    kept.suggester = event.suggester;
                    kept.score = event.score;
                    if !event.roles.is_empty() {
                        kept.roles = event
                            .roles
                            .into_iter()
                            .map(|(role, fillers)| (role, fillers.iter().filter_map(map).collect()))
                            .collect();
                    }
                }
            } else {
                event_index.push(events_before + kept_events.len());
                kept_events.push(event);
            }
        }
        let taken_cues: Vec<Span> = merged.claims.iter().map(|c| c.cue).collect();
        let mut own_claims = Vec::with_capacity(own.claims.len());
        for claim in own.claims {
            let Some(existing) = taken_cues.iter().position(|t| t.overlaps(claim.cue)) else {
                own_claims.push(claim);
                continue;
            };
            let kept = &mut merged.claims[existing];
            if claim.score > kept.score {
                kept.cue = claim.cue;
                kept.stance = claim.stance;
                kept.suggester = claim.suggester;
                kept.score = claim.score;
                if let Some(SourceSuggestion::Mention(i)) = claim.source
                    && let Some(i) = map(&i)
                {
                    kept.source = Some(SourceSuggestion::Mention(i));
                } else if let Some(source @ SourceSuggestion::Reporter(_)) = claim.source {
                    kept.source = Some(source);
                }
                if !claim.responsible.is_empty() {
                    kept.responsible = claim.responsible.iter().filter_map(map).collect();
                }
            }
        }
        for mut event in kept_events {
            for fillers in event.roles.values_mut() {
                *fillers = fillers.iter().filter_map(map).collect();
            }
            merged.events.push(event);
        }
        for mut claim in own_claims {
            claim.responsible = claim.responsible.iter().filter_map(map).collect();
            if let Some(SourceSuggestion::Mention(i)) = claim.source {
                claim.source = map(&i).map(SourceSuggestion::Mention);
            }
            claim.event = claim.event.and_then(|e| event_index.get(e).copied());
            merged.claims.push(claim);
        }
        for (name, count) in own.outside_schema {
            *merged.outside_schema.entry(name).or_default() += count;
        }
    }
}

/// Removes the events and claims whose (recommender, label) the activation
/// gate silences: an event's label is its trigger's, a claim's its stance
/// (see [`crate::learn::layers`]). A claim about a removed event keeps its
/// other links.
fn drop_gated_events_and_claims(suggestions: &mut Suggestions, learned: &LearnedModels) {
    use crate::learn::layers::trigger_label;
    let keep: Vec<bool> = suggestions
        .events
        .iter()
        .map(|e| {
            !learned.is_gated(
                e.suggester,
                &trigger_label(&e.event_type, e.sub_type.as_deref()),
            )
        })
        .collect();
    if keep.contains(&false) {
        let mut new_index = Vec::with_capacity(keep.len());
        let mut next = 0;
        for &k in &keep {
            new_index.push(k.then_some(next));
            next += usize::from(k);
        }
        let mut index = 0;
        suggestions.events.retain(|_| {
            index += 1;
            keep[index - 1]
        });
        for claim in &mut suggestions.claims {
            claim.event = claim
                .event
                .and_then(|e| new_index.get(e).copied().flatten());
        }
    }
    suggestions
        .claims
        .retain(|c| !learned.is_gated(c.suggester, &c.stance));
}

/// Removes the mentions whose `keep` is false, renumbering the events' and
/// claims' references to those that stay (a reference to a removed one goes).
fn drop_mentions(suggestions: &mut Suggestions, keep: &[bool]) {
    if keep.iter().all(|k| *k) {
        return;
    }
    let mut new_index = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &k in keep {
        new_index.push(k.then_some(next));
        next += usize::from(k);
    }
    let map = |i: &usize| new_index.get(*i).copied().flatten();
    let mut index = 0;
    suggestions.mentions.retain(|_| {
        index += 1;
        keep.get(index - 1).copied().unwrap_or(true)
    });
    for event in &mut suggestions.events {
        for fillers in event.roles.values_mut() {
            *fillers = fillers.iter().filter_map(map).collect();
        }
        event.roles.retain(|_, fillers| !fillers.is_empty());
    }
    for claim in &mut suggestions.claims {
        claim.responsible = claim.responsible.iter().filter_map(map).collect();
        if let Some(SourceSuggestion::Mention(i)) = claim.source {
            claim.source = map(&i).map(SourceSuggestion::Mention);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learned_candidates_join_the_rules_and_silenced_texts_leave_every_layer() {
        use crate::learn::{LabeledSpan, StringMemory};
        use crate::model::Span;
        let rules = Rules::sahel_default().unwrap();
        let taught = "Dozo hunters fled, Unicef said.";
        let at = |needle: &str| {
            let start = taught.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let mut memory = StringMemory::new();
        memory.add(
            taught,
            &[LabeledSpan::new(at("Dozo hunters"), "ARMED_GROUP")],
            &[LabeledSpan::new(at("Unicef"), "LOCATION")],
        );
        let learned = LearnedModels {
            matcher: memory.build().ok().map(Arc::new),
            matcher_calibration: crate::learn::Calibration::unmeasured(None),
            memory,
            tagger: None,
            span_layers: Vec::new(),
            feature_rules: None,
            classifiers: None,
            silenced: crate::learn::Silenced::new(),
            digests: Vec::new(),
        };
        let text = "JNIM claimed the attack near Dori, where Dozo hunters fought, Unicef said.";
        let plain = Engine::from(rules.clone()).suggest(text);
        let label_of = |s: &Suggestions, needle: &str| -> Vec<(String, &'static str)> {
            s.mentions
                .iter()
                .filter(|m| m.span.text(text) == Some(needle))
                .map(|m| (m.label.clone(), m.suggester))
                .collect()
        };
        assert!(!label_of(&plain, "Unicef").is_empty(), "the rules guess it");
        let both = Engine::new(rules, Some(Arc::new(learned))).suggest(text);
        assert!(label_of(&both, "Unicef").is_empty(), "rejected: silent");
        assert_eq!(
            label_of(&both, "Dozo hunters"),
            [("ARMED_GROUP".to_owned(), "learned:string")]
        );
        assert_eq!(label_of(&both, "JNIM"), label_of(&plain, "JNIM"));
        for claim in &both.claims {
            for &i in &claim.responsible {
                assert!(i < both.mentions.len(), "references stay valid");
            }
        }
    }

    #[test]
    fn a_gated_recommender_proposes_nothing_for_its_label_and_hides_no_one_else() {
        use crate::learn::{LabeledSpan, Silenced, StringMemory};
        use crate::model::Span;
        let rules = Rules::sahel_default().unwrap();
        let text = "JNIM attacked Djibo and Dori on Tuesday.";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let plain = Engine::from(rules.clone()).suggest(text);
        let by = |s: &Suggestions, needle: &str| -> Vec<(String, &'static str)> {
            s.mentions
                .iter()
                .filter(|m| m.span == at(needle))
                .map(|m| (m.label.clone(), m.suggester))
                .collect()
        };
        assert!(by(&plain, "Djibo").contains(&("LOCATION".to_owned(), "catalogue")));
        let mut memory = StringMemory::new();
        memory.add(text, &[LabeledSpan::new(at("Dori"), "LOCATION")], &[]);
        let mut silenced = Silenced::new();
        silenced.insert(("catalogue".to_owned(), "LOCATION".to_owned()));
        let learned = LearnedModels {
            matcher: memory.build().ok().map(Arc::new),
            matcher_calibration: crate::learn::Calibration::unmeasured(None),
            memory,
            tagger: None,
            span_layers: Vec::new(),
            feature_rules: None,
            classifiers: None,
            silenced,
            digests: Vec::new(),
        };
        let gated = Engine::new(rules, Some(Arc::new(learned))).suggest(text);
        assert!(
            by(&gated, "Djibo").iter().all(|(l, _)| l != "LOCATION"),
            "{:?}",
            gated.mentions
        );
        assert_eq!(
            by(&gated, "Dori"),
            [("LOCATION".to_owned(), "learned:string")],
            "an active recommender's candidate on the span stays"
        );
        assert_eq!(by(&gated, "JNIM"), by(&plain, "JNIM"), "other labels come");
    }

    /// A span layer's tagger trained on marked-up notes (`[[words|LABEL]]`).
    fn span_layer(marked: &[String]) -> crate::learn::TaggerModel {
        use crate::learn::test_support::marked as parse;
        let docs: Vec<crate::learn::TrainingDoc> = marked
            .iter()
            .map(|m| {
                let (text, gold) = parse(m);
                crate::learn::TrainingDoc {
                    id: crate::model::DocumentId::for_text(&text),
                    text,
                    gold,
                    rejected: Vec::new(),
                }
            })
            .collect();
        let rules = Rules::sahel_default().unwrap();
        crate::learn::train_span_layer(
            &docs,
            &crate::model::Schema::conflict_default(),
            Some(&rules),
            &crate::progress::JobControl::unattended(),
        )
    }

    fn with_layers(layers: Vec<(crate::learn::Layer, crate::learn::TaggerModel)>) -> Engine {
        let rules = Rules::sahel_default().unwrap();
        let learned = LearnedModels {
            matcher: None,
            matcher_calibration: crate::learn::Calibration::unmeasured(None),
            memory: crate::learn::StringMemory::new(),
            tagger: None,
            span_layers: layers.into_iter().map(|(l, m)| (l, Arc::new(m))).collect(),
            feature_rules: Some(Arc::new(rules.clone())),
            classifiers: None,
            silenced: crate::learn::Silenced::new(),
            digests: Vec::new(),
        };
        Engine::new(rules, Some(Arc::new(learned)))
    }

    #[test]
    fn learned_triggers_and_cues_are_proposed_as_events_and_claims_the_rules_miss() {
        use crate::learn::Layer;
        const ATTACK: &str = "Violence against civilians > Attack";
        let places = ["Dori", "Kaya", "Gao", "Boni", "Djibo", "Tessit"];
        let triggers: Vec<String> = places
            .iter()
            .map(|p| format!("Gunmen [[slaughtered|{ATTACK}]] herders near {p}. A resident recounted the raid."))
            .collect();
        let cues: Vec<String> = places
            .iter()
            .map(|p| format!("Gunmen slaughtered herders near {p}. A resident [[recounted|Reported]] the raid."))
            .collect();
        let engine = with_layers(vec![
            (Layer::Triggers, span_layer(&triggers)),
            (Layer::Cues, span_layer(&cues)),
        ]);
        let text = "Gunmen slaughtered traders near Sebba. A resident recounted the night.";
        let plain = Engine::from(Rules::sahel_default().unwrap()).suggest(text);
        let trigger_at = |s: &Suggestions| {
            s.events
                .iter()
                .find(|e| e.trigger.text(text) == Some("slaughtered"))
                .map(|e| (e.event_type.clone(), e.sub_type.clone(), e.suggester))
        };
        assert_eq!(trigger_at(&plain), None, "the rules miss it");
        let learned = engine.suggest(text);
        assert_eq!(
            trigger_at(&learned),
            Some((
                "Violence against civilians".to_owned(),
                Some("Attack".to_owned()),
                crate::learn::layers::TRIGGERS_SUGGESTER
            ))
        );
        let cue = learned
            .claims
            .iter()
            .find(|c| c.cue.text(text) == Some("recounted"))
            .expect("the learned cue");
        assert_eq!(
            (cue.stance.as_str(), cue.suggester),
            ("Reported", crate::learn::layers::CUES_SUGGESTER)
        );
        assert!(
            cue.score > 0.0 && cue.score < 1.0,
            "calibrated: {}",
            cue.score
        );
    }

    #[test]
    fn one_event_per_trigger_the_better_score_winning_and_the_rules_roles_staying() {
        let rules = Rules::sahel_default().unwrap();
        let text = "JNIM fighters attacked Djibo on Tuesday.";
        let mut first = rules.suggest(text);
        let event = first
            .events
            .iter_mut()
            .find(|e| e.trigger.text(text) == Some("attacked"))
            .expect("the rules know 'attacked'");
        event.score = 0.5;
        let roles = event.roles.clone();
        assert!(!roles.is_empty());
        let start = text.find("attacked").unwrap();
        let learned = |score: f32| Suggestions {
            events: vec![crate::suggest::EventSuggestion {
                trigger: Span::new(start, start + "attacked Djibo".len()),
                event_type: "Battles".to_owned(),
                sub_type: Some("Non-state actor overtakes territory".to_owned()),
                roles: std::collections::BTreeMap::new(),
                suggester: "learned:triggers",
                score,
            }],
            ..Suggestions::default()
        };
        for (score, wins) in [(0.4, false), (0.9, true)] {
            let mut merged = Merged::default();
            merged.add(first.clone());
            merged.add(learned(score));
            let events = &merged.suggestions.events;
            assert_eq!(events.len(), first.events.len(), "one per trigger");
            let kept = events
                .iter()
                .find(|e| e.trigger.start_byte == start)
                .unwrap();
            assert_eq!(kept.suggester == "learned:triggers", wins, "{kept:?}");
            assert_eq!(kept.roles, roles, "the rules' roles stay");
        }
    }
}
