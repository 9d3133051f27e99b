//! The learned tagger as a layer of the engine: its chunks above
//! [`MIN_TAGGER_SCORE`], with the rules and the string matcher's memory as
//! features when it was trained with them, each scored with its held-out
//! precision (the model's calibration, see [`crate::learn::calibration`]),
//! not its raw confidence.

use std::sync::Arc;

use super::{LearnedModels, MIN_TAGGER_SCORE, Stage, Suggester};
use crate::learn::{Calibration, Sources, StringMatcher, TaggerModel};
use crate::suggest::{Rules, Suggestions};

struct TaggerLayer {
    model: Arc<TaggerModel>,
    calibration: Calibration,
    feature_rules: Option<Arc<Rules>>,
    memory: Option<Arc<StringMatcher>>,
}

/// The layer, when the project has a usable tagger.
pub(super) fn layer(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    let model = models.tagger.clone()?;
    Some(Box::new(TaggerLayer {
        calibration: model.calibration(),
        model,
        feature_rules: models.feature_rules.clone(),
        memory: models.matcher.clone(),
    }))
}

impl Suggester for TaggerLayer {
    fn name(&self) -> &'static str {
        crate::learn::tagger::SUGGESTER
    }

    fn stage(&self) -> Stage {
        Stage::Propose
    }

    fn version(&self) -> u32 {
        // 2: calibrated scores, chunks widened to whole names.
        2
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        let sources = Sources {
            rules: self.feature_rules.as_deref(),
            memory: self.memory.as_deref(),
            span_layers: false,
        };
        suggestions.mentions.extend(
            self.model
                .tagger
                .suggest(text, sources)
                .into_iter()
                .filter(|m| m.score >= MIN_TAGGER_SCORE)
                .map(|mut m| {
                    m.score = self.calibration.apply(m.score);
                    m
                }),
        );
    }
}
