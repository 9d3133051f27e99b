//! The span layers the learners tag: mentions (by entity label), event
//! triggers (by event type and sub-type) and claim cues (by stance).
//!
//! An event trigger or a claim cue is a span with a label as a mention is,
//! so the same tagger and string memory learn all three, one model per
//! layer: what the analyst created on "slaughtered" in ten notes is
//! proposed in the eleventh with its type. A trigger's label is its type,
//! then ` > ` and its sub-type when it has one (`Violence against
//! civilians > Attack`); a cue's label is its stance. [`Layer::spans`] reads a layer
//! out of an annotation set, [`Layer::rule_proposals`] out of the rules'
//! suggestions, so that training, the engine and the simulated session all
//! see the same layer the same way.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::data::LabeledSpan;
use crate::model::{AnnotationSet, Status};
use crate::suggest::{ClaimSuggestion, EventSuggestion, MentionSuggestion, Suggestions};

/// Between an event type and its sub-type in a trigger's label.
const SUB_TYPE_SEPARATOR: &str = " > ";
/// Prefix of a rule trigger's label among the tagger's rule hints.
const TRIGGER_HINT: &str = "trigger:";
/// Prefix of a rule cue's label among the tagger's rule hints.
const CUE_HINT: &str = "cue:";

/// One span layer of the annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layer {
    /// Entity mentions, labelled by entity label.
    Mentions,
    /// Event triggers, labelled by type and sub-type ([`trigger_label`]).
    Triggers,
    /// Claim cues, labelled by stance.
    Cues,
}

impl Layer {
    /// Every layer, in reading order of a report.
    pub const ALL: [Layer; 3] = [Layer::Mentions, Layer::Triggers, Layer::Cues];

    /// Its name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Mentions => "mentions",
            Layer::Triggers => "event triggers",
            Layer::Cues => "claim cues",
        }
    }

    /// What its labels are, in reports ("types" of the triggers' layer).
    pub fn label_name(self) -> &'static str {
        match self {
            Layer::Mentions => "labels",
            Layer::Triggers => "types",
            Layer::Cues => "stances",
        }
    }

    /// The name the learned tagger of this layer gives its proposals.
    pub fn suggester(self) -> &'static str {
        match self {
            Layer::Mentions => super::tagger::SUGGESTER,
            Layer::Triggers => TRIGGERS_SUGGESTER,
            Layer::Cues => CUES_SUGGESTER,
        }
    }

    /// The layer's labelled spans in `set`, each with its review status.
    pub fn spans(self, set: &AnnotationSet) -> Vec<(LabeledSpan, &Status)> {
        match self {
            Layer::Mentions => set
                .mentions
                .iter()
                .map(|m| (LabeledSpan::new(m.span, m.label.as_str()), &m.review.status))
                .collect(),
            Layer::Triggers => set
                .events
                .iter()
                .map(|e| {
                    let label = trigger_label(&e.event_type, e.sub_type.as_deref());
                    (LabeledSpan::new(e.trigger, label), &e.review.status)
                })
                .collect(),
            Layer::Cues => set
                .claims
                .iter()
                .map(|c| (LabeledSpan::new(c.cue, c.stance.as_str()), &c.review.status))
                .collect(),
        }
    }

    /// The rules' proposals of this layer as labelled spans (events and
    /// claims keep their suggester and score).
    pub fn rule_proposals(self, suggestions: &Suggestions) -> Vec<MentionSuggestion> {
        match self {
            Layer::Mentions => suggestions.mentions.clone(),
            Layer::Triggers => suggestions
                .events
                .iter()
                .map(|e| {
                    let label = trigger_label(&e.event_type, e.sub_type.as_deref());
                    MentionSuggestion::new(e.trigger, label, e.suggester, e.score)
                })
                .collect(),
            Layer::Cues => suggestions
                .claims
                .iter()
                .map(|c| MentionSuggestion::new(c.cue, c.stance.as_str(), c.suggester, c.score))
                .collect(),
        }
    }

    /// A span this layer's tagger found, as what it proposes: a trigger as
    /// an event of its type and sub-type, a cue as a claim of its stance,
    /// their roles, source and responsible left to the role classifiers and
    /// the analyst. A mention is not this layer's to propose.
    pub fn propose(self, found: MentionSuggestion, suggestions: &mut Suggestions) {
        match self {
            Layer::Triggers => {
                let (event_type, sub_type) = parse_trigger_label(&found.label);
                suggestions.events.push(EventSuggestion {
                    trigger: found.span,
                    event_type: event_type.to_owned(),
                    sub_type: sub_type.map(str::to_owned),
                    roles: BTreeMap::new(),
                    suggester: found.suggester,
                    score: found.score,
                });
            }
            Layer::Cues => suggestions.claims.push(ClaimSuggestion {
                cue: found.span,
                stance: found.label,
                source: None,
                responsible: Vec::new(),
                event: None,
                suggester: found.suggester,
                score: found.score,
            }),
            Layer::Mentions => {}
        }
    }
}

/// The learned tagger of event triggers, as its proposals name it.
pub const TRIGGERS_SUGGESTER: &str = "learned:triggers";
/// The learned tagger of claim cues, as its proposals name it.
pub const CUES_SUGGESTER: &str = "learned:cues";

/// A trigger's label: `type`, or `type > sub-type`.
pub fn trigger_label(event_type: &str, sub_type: Option<&str>) -> String {
    match sub_type {
        Some(sub) if !sub.is_empty() => format!("{event_type}{SUB_TYPE_SEPARATOR}{sub}"),
        _ => event_type.to_owned(),
    }
}

/// The event type and sub-type a trigger's label names.
pub fn parse_trigger_label(label: &str) -> (&str, Option<&str>) {
    match label.split_once(SUB_TYPE_SEPARATOR) {
        Some((event_type, sub)) => (event_type, Some(sub)),
        None => (label, None),
    }
}

/// The rules' event triggers and claim cues as mentions labelled
/// `trigger:<label>` and `cue:<stance>`: the hints a span-layer tagger
/// reads beside the rules' mentions (see [`super::Sources::span_layers`]).
pub(crate) fn rule_hints(suggestions: &Suggestions) -> Vec<MentionSuggestion> {
    let triggers = Layer::Triggers
        .rule_proposals(suggestions)
        .into_iter()
        .map(|mut m| {
            m.label = format!("{TRIGGER_HINT}{}", m.label);
            m
        });
    let cues = Layer::Cues
        .rule_proposals(suggestions)
        .into_iter()
        .map(|mut m| {
            m.label = format!("{CUE_HINT}{}", m.label);
            m
        });
    triggers.chain(cues).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trigger_label_reads_back_as_its_type_and_sub_type() {
        let label = trigger_label("Explosions/Remote violence", Some("Air/drone strike"));
        assert_eq!(label, "Explosions/Remote violence > Air/drone strike");
        assert_eq!(
            parse_trigger_label(&label),
            ("Explosions/Remote violence", Some("Air/drone strike"))
        );
        assert_eq!(trigger_label("Battles", None), "Battles");
        assert_eq!(parse_trigger_label("Battles"), ("Battles", None));
    }

    #[test]
    fn the_rules_events_and_claims_are_layers_of_labelled_spans() {
        let rules = crate::suggest::Rules::sahel_default().unwrap();
        let text = "JNIM fighters attacked Djibo on Tuesday, the army confirmed.";
        let suggestions = rules.suggest(text);
        let triggers = Layer::Triggers.rule_proposals(&suggestions);
        let attacked = triggers
            .iter()
            .find(|m| m.span.text(text) == Some("attacked"))
            .expect("the rules know 'attacked'");
        assert!(attacked.label.starts_with("Battles"), "{attacked:?}");
        let cues = Layer::Cues.rule_proposals(&suggestions);
        assert!(
            cues.iter()
                .any(|m| m.span.text(text) == Some("confirmed") && m.label == "Confirmed"),
            "{cues:?}"
        );
        let hints = rule_hints(&suggestions);
        assert_eq!(hints.len(), triggers.len() + cues.len());
        assert!(hints.iter().any(|h| h.label.starts_with("trigger:Battles")));
        assert!(hints.iter().any(|h| h.label == "cue:Confirmed"));
    }
}
