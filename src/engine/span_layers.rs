//! The learned taggers of event triggers and claim cues as layers of the
//! engine: a trigger the analysts created is proposed as an event with the
//! type and sub-type it was given, a cue as a claim with its stance (see
//! [`crate::learn::layers`]). Their roles, source and responsible are left
//! to the analyst and the classifiers; each candidate is scored with its
//! held-out precision (the model's calibration), and where the rules
//! already proposed an event on the trigger or a claim on the cue, theirs
//! stays (the engine merges one per span).

use std::sync::Arc;

use super::{LearnedModels, MIN_TAGGER_SCORE, Stage, Suggester};
use crate::learn::{Calibration, Layer, Sources, TaggerModel};
use crate::suggest::{MentionSuggestion, Rules, Suggestions};

struct SpanLayerTagger {
    layer: Layer,
    model: Arc<TaggerModel>,
    calibration: Calibration,
    feature_rules: Option<Arc<Rules>>,
}

/// The event triggers' layer, when the project has a usable tagger of them.
pub(super) fn triggers(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    layer(models, Layer::Triggers)
}

/// The claim cues' layer, when the project has a usable tagger of them.
pub(super) fn cues(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    layer(models, Layer::Cues)
}

fn layer(models: &LearnedModels, layer: Layer) -> Option<Box<dyn Suggester>> {
    let model = models.span_layer(layer)?.clone();
    Some(Box::new(SpanLayerTagger {
        layer,
        calibration: model.calibration(),
        model,
        feature_rules: models.feature_rules.clone(),
    }))
}

impl Suggester for SpanLayerTagger {
    fn name(&self) -> &'static str {
        self.layer.suggester()
    }

    fn stage(&self) -> Stage {
        Stage::Propose
    }

    fn version(&self) -> u32 {
        1
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        let sources = self.model.tagger.sources(Sources {
            rules: self.feature_rules.as_deref(),
            memory: None,
            span_layers: true,
        });
        let suggester = self.layer.suggester();
        for found in self.model.tagger.suggest(text, sources) {
            if found.score < MIN_TAGGER_SCORE {
                continue;
            }
            let score = self.calibration.apply(found.score);
            self.layer.propose(
                MentionSuggestion {
                    suggester,
                    score,
                    ..found
                },
                suggestions,
            );
        }
    }
}
