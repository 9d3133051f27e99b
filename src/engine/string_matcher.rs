//! The string matcher as a layer of the engine: every text the analysts
//! confirmed, proposed again wherever it recurs, scored with the held-out
//! precision of its score (see [`crate::learn::calibration`]).

use std::sync::Arc;

use super::{LearnedModels, Stage, Suggester};
use crate::learn::{Calibration, StringMatcher};
use crate::suggest::Suggestions;

struct StringMatcherLayer {
    matcher: Arc<StringMatcher>,
    calibration: Calibration,
}

/// The layer, when the project's memory holds something to match.
pub(super) fn layer(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    let matcher = models.matcher.clone()?;
    Some(Box::new(StringMatcherLayer {
        matcher,
        calibration: models.matcher_calibration.clone(),
    }))
}

impl Suggester for StringMatcherLayer {
    fn name(&self) -> &'static str {
        crate::learn::string_matcher::SUGGESTER
    }

    fn stage(&self) -> Stage {
        Stage::Propose
    }

    fn version(&self) -> u32 {
        // 2: calibrated scores.
        2
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        suggestions
            .mentions
            .extend(self.matcher.suggest(text).into_iter().map(|mut m| {
                m.score = self.calibration.apply(m.score);
                m
            }));
    }
}
