//! The rule suggesters as one recommender of the engine: their stages
//! (catalogue, patterns, acronyms, anaphora, event triggers, claim cues)
//! depend on each other's output, so they run together, in
//! [`crate::suggest`], and name their stage in each candidate.

use super::{Stage, Suggester};
use crate::stable_hash::StableHasher;
use crate::suggest::{Rules, Suggestions};

/// Bump when the rules change what they propose for the same inputs, so
/// that suggestion stamps made by older rules no longer skip documents.
/// (A new release of Attest changes the fingerprint anyway.)
pub const RULES_VERSION: u32 = 1;

impl Suggester for Rules {
    fn name(&self) -> &'static str {
        "rules"
    }

    fn stage(&self) -> Stage {
        Stage::Propose
    }

    fn version(&self) -> u32 {
        RULES_VERSION
    }

    fn fingerprint_inputs(&self, hasher: &mut StableHasher) {
        hasher.u64(self.inputs_hash());
    }

    fn suggest(&self, text: &str, suggestions: &mut Suggestions) {
        *suggestions = Rules::suggest(self, text);
    }
}
