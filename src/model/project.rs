//! `project.ron`: the schema and settings of a project, with the format version.

use serde::{Deserialize, Serialize};

use super::Schema;

/// The version of the project files this build reads and writes. A project
/// written by a newer version is opened read-only, never overwritten.
/// Version 4 lets a note be on the whole document (`Target::Document`, a
/// comment on the article), which an older build could not read; version
/// 3 lets a claim be about several events (a list where version 2 wrote
/// one id); version 2 writes annotation files compactly (see
/// `crate::store`). Older projects still read and are upgraded as they are
/// written.
pub const FORMAT_VERSION: u32 = 4;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub format_version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub schema: Schema,
    #[serde(default)]
    pub settings: Settings,
}

impl ProjectFile {
    /// A new project with the default conflict schema.
    pub fn new(name: &str) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            name: name.to_owned(),
            description: String::new(),
            schema: Schema::conflict_default(),
            settings: Settings::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Larger articles are refused at import.
    pub max_document_bytes: u64,
    /// Autosave this long after the last edit.
    pub autosave_delay_ms: u64,
    /// Run the suggesters when an annotator first opens a document.
    pub suggest_on_open: bool,
    /// A recommender (rule or learned) whose score on a label, measured on
    /// the finished documents, is below this proposes nothing for that
    /// label; 0 turns gating off.
    pub activation_threshold: f64,
    /// The score [`Settings::activation_threshold`] applies to.
    pub activation_metric: ActivationMetric,
    /// Gating waits until the recommender has made at least this many
    /// proposals of the label that finished documents judge.
    pub activation_min_proposals: usize,
    /// "Next document" (N) takes the unfinished document the tagger is
    /// least sure of (active learning) instead of the next in the list.
    pub next_document_least_sure: bool,
}

/// Which score of a recommender decides whether it is active for a label.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivationMetric {
    /// The share of its proposals that were right: the default, since a
    /// rule covers a slice of a label (the catalogue the known actors, a
    /// pattern the descriptors) and its recall over the whole label would
    /// silence a rule that is never wrong.
    #[default]
    Precision,
    /// Precision and recall together.
    F1,
}

impl ActivationMetric {
    pub fn name(self) -> &'static str {
        match self {
            ActivationMetric::F1 => "F1",
            ActivationMetric::Precision => "precision",
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_document_bytes: 20 * 1024 * 1024,
            autosave_delay_ms: 1500,
            suggest_on_open: true,
            activation_threshold: 0.0,
            activation_metric: ActivationMetric::Precision,
            activation_min_proposals: 5,
            next_document_least_sure: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_written_before_activation_gating_load_with_it_off() {
        let old = "(max_document_bytes: 1000, autosave_delay_ms: 10, suggest_on_open: false)";
        let settings: Settings = ron::from_str(old).unwrap();
        assert_eq!(settings.activation_threshold, 0.0);
        assert_eq!(settings.activation_metric, ActivationMetric::Precision);
        assert!(!settings.suggest_on_open);
        let set = Settings {
            activation_threshold: 0.4,
            activation_metric: ActivationMetric::F1,
            ..Settings::default()
        };
        let back: Settings = ron::from_str(&ron::to_string(&set).unwrap()).unwrap();
        assert_eq!(back, set);
    }
}
