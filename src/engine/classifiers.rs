//! The event and claim classifiers as a layer of the engine: learned event
//! types, sub-types, stances and role fillers revise what the proposers
//! proposed (see [`crate::learn::classify`]).

use std::sync::Arc;

use super::{LearnedModels, Stage, Suggester};
use crate::learn::classify::Classifiers;
use crate::suggest::Suggestions;

struct ClassifiersLayer {
    classifiers: Arc<Classifiers>,
}

/// The layer, when the project has usable classifiers.
pub(super) fn layer(models: &LearnedModels) -> Option<Box<dyn Suggester>> {
    let classifiers = models.classifiers.clone()?;
    Some(Box::new(ClassifiersLayer { classifiers }))
}

impl Suggester for ClassifiersLayer {
    fn name(&self) -> &'static str {
        "learned:classifiers"
    }

    fn stage(&self) -> Stage {
        Stage::Revise
    }

    fn version(&self) -> u32 {
        1
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        self.classifiers.revise(text, suggestions);
    }
}
