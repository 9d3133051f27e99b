//! The string matcher as a layer of the engine: every text the analysts
//! confirmed, proposed again wherever it recurs.

use std::sync::Arc;

use super::{LearnedModels, Stage, Suggester};
use crate::learn::StringMatcher;
use crate::suggest::Suggestions;

struct StringMatcherLayer {
    matcher: Arc<StringMatcher>,
}

/// The layer, when the project's memory holds something to match.
pub(super) fn layer(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    let matcher = models.matcher.clone()?;
    Some(Box::new(StringMatcherLayer { matcher }))
}

impl Suggester for StringMatcherLayer {
    fn name(&self) -> &'static str {
        crate::learn::string_matcher::SUGGESTER
    }

    fn stage(&self) -> Stage {
        Stage::Propose
    }

    fn version(&self) -> u32 {
        1
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        suggestions.mentions.extend(self.matcher.suggest(text));
    }
}
