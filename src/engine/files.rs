//! The learned models on disk, under `<project>/models/`: the one list of
//! model files ([`MODEL_FILES`]) that loading, the engine's fingerprint,
//! training's "start again" and the Recommenders panel all read, and the
//! small JSON files' layouts (the tagger's and the classifiers' binary
//! files are `crate::learn::model_file`'s).
//!
//! A model that cannot be used — missing, damaged, another format version,
//! trained under another schema — is never fatal: loading says why in one
//! sentence and the rules go on alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use crate::learn::sorted_labels;
use crate::learn::{Calibration, Evaluation, ModelError, StringMemory, schema_fingerprint};
use crate::model::Schema;
use crate::store::{Project, StagedFolder, StoreError};

/// The folder of a project's learned models.
pub use crate::store::MODELS_DIR;
/// The tagger's file in [`MODELS_DIR`].
pub const TAGGER_FILE: &str = "tagger.bin";
/// The string matcher's file in [`MODELS_DIR`].
pub const STRING_MATCHER_FILE: &str = "string-matcher.json";
/// The event and claim classifiers' file in [`MODELS_DIR`] (see
/// [`crate::learn::classify`]); a folder without it loads as before.
pub const CLASSIFIERS_FILE: &str = "classifiers.bin";
/// The tagger of event triggers (by type and sub-type) in [`MODELS_DIR`],
/// in the tagger's layout (see [`crate::learn::layers`]); a folder without
/// it loads as before.
pub const TRIGGERS_FILE: &str = "triggers.bin";
/// The tagger of claim cues (by stance) in [`MODELS_DIR`], as [`TRIGGERS_FILE`].
pub const CUES_FILE: &str = "cues.bin";
/// The rule suggesters' scores per label in [`MODELS_DIR`] (the activation
/// gate reads them).
pub const RULE_SCORES_FILE: &str = "rule-scores.json";
/// Version of [`StringMatcherFile`]'s layout.
pub const STRING_MATCHER_FORMAT_VERSION: u32 = 1;
/// Version of [`RuleScoresFile`]'s layout.
pub const RULE_SCORES_FORMAT_VERSION: u32 = 1;

/// Every file `attest train` writes and suggesting reads, in loading order.
/// A new learned model's file is one more entry here: it then enters the
/// fingerprint, is removed when training starts again, and its absence is
/// "not trained". (The learning curve, `history.jsonl`, is a record, not a
/// model, and is not listed.)
pub const MODEL_FILES: &[&str] = &[
    TAGGER_FILE,
    STRING_MATCHER_FILE,
    CLASSIFIERS_FILE,
    RULE_SCORES_FILE,
    TRIGGERS_FILE,
    CUES_FILE,
];

/// The model file of a span layer's own tagger (the mentions' is
/// [`TAGGER_FILE`]).
pub fn layer_file(layer: crate::learn::Layer) -> &'static str {
    match layer {
        crate::learn::Layer::Mentions => TAGGER_FILE,
        crate::learn::Layer::Triggers => TRIGGERS_FILE,
        crate::learn::Layer::Cues => CUES_FILE,
    }
}

/// `<project>/models`.
pub fn models_dir(project: &Project) -> PathBuf {
    project.root().join(MODELS_DIR)
}

/// A training run's models, written together into a staging folder and
/// put in place of `models/` in one step ([`StagedFolder`]): the folder
/// holds one run's files and its learning curve at every instant, never a
/// new string matcher beside an old tagger. The folder's other files (the
/// learning curve, anything else there) are carried over; the model files
/// are the run's or, where it wrote none, absent.
pub struct StagedModels {
    staged: StagedFolder,
}

impl StagedModels {
    /// A staging folder beside the project's `models/`, holding its files
    /// but the models.
    pub fn begin(project: &Project) -> Result<Self, StoreError> {
        let staged = StagedFolder::beside_own(&models_dir(project))?;
        staged
            .carry_over(|relative| !MODEL_FILES.iter().any(|name| relative == Path::new(name)))?;
        Ok(Self { staged })
    }

    /// Where the run writes its files.
    pub fn path(&self) -> &Path {
        self.staged.path()
    }

    /// Puts the run's folder in place of `models/`; dropped unpublished,
    /// the staging folder is removed and the previous models stay.
    pub fn publish(self) -> Result<(), StoreError> {
        self.staged.publish()
    }
}

/// The string matcher as saved: what the analysts confirmed and rejected,
/// with what it was trained on and how it scored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StringMatcherFile {
    pub format_version: u32,
    /// [`schema_fingerprint`] of the schema it was trained under.
    pub schema_fingerprint: String,
    pub schema_labels: Vec<String>,
    pub trained_at: jiff::Timestamp,
    pub training_documents: usize,
    pub training_mentions: usize,
    /// Held-out scores of the matcher built from the other 80%.
    pub evaluation: Option<Evaluation>,
    pub memory: StringMemory,
    /// Its score → held-out precision, measured by cross-fitting. Absent
    /// from files written before calibration, which still load and get
    /// [`StringMatcherFile::calibration`]'s conservative default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

impl StringMatcherFile {
    /// Reads the file's bytes, checking its version and schema.
    pub fn from_bytes(bytes: &[u8], schema: &Schema) -> Result<Self, ModelError> {
        let file: Self = read_json_file(bytes, STRING_MATCHER_FORMAT_VERSION)?;
        check_schema(&file.schema_fingerprint, &file.schema_labels, schema)?;
        Ok(file)
    }

    /// The map its proposals' scores go through: the measured one, or for
    /// a file without one the score capped at its held-out precision (see
    /// [`Calibration::unmeasured`]).
    pub fn calibration(&self) -> Calibration {
        if let Some(map) = &self.calibration {
            return map.clone();
        }
        Calibration::unmeasured(self.evaluation.as_ref().map(|e| e.overall))
    }
}

/// The rule suggesters measured per label against the finished documents
/// at the last training run (see [`crate::learn::measure_rules`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RuleScoresFile {
    pub format_version: u32,
    pub schema_fingerprint: String,
    pub schema_labels: Vec<String>,
    pub measured_at: jiff::Timestamp,
    /// Finished documents measured on.
    pub documents: usize,
    /// Per rule suggester (`catalogue`, `date` …).
    pub per_suggester: BTreeMap<String, Evaluation>,
}

impl RuleScoresFile {
    /// Reads the file's bytes, checking its version and schema.
    pub fn from_bytes(bytes: &[u8], schema: &Schema) -> Result<Self, ModelError> {
        let file: Self = read_json_file(bytes, RULE_SCORES_FORMAT_VERSION)?;
        check_schema(&file.schema_fingerprint, &file.schema_labels, schema)?;
        Ok(file)
    }
}

/// A JSON model file of `version`: its version is read first, so that a
/// file of another version says so rather than failing to parse.
fn read_json_file<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    version: u32,
) -> Result<T, ModelError> {
    #[derive(Deserialize)]
    struct Version {
        format_version: u32,
    }
    let found: Version =
        serde_json::from_slice(bytes).map_err(|e| ModelError::Corrupt(e.to_string()))?;
    if found.format_version != version {
        return Err(ModelError::OtherVersion {
            found: found.format_version,
            expected: version,
        });
    }
    serde_json::from_slice(bytes).map_err(|e| ModelError::Corrupt(e.to_string()))
}

/// Refuses a file made under another schema than `schema`.
fn check_schema(fingerprint: &str, labels: &[String], schema: &Schema) -> Result<(), ModelError> {
    if fingerprint == schema_fingerprint(schema) {
        return Ok(());
    }
    Err(ModelError::OtherSchema {
        found: labels.join(", "),
        expected: sorted_labels(schema).join(", "),
    })
}

/// A file's bytes; `None` when it does not exist.
pub(crate) fn read(path: &Path) -> Option<Result<Vec<u8>, String>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(Ok(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(Err(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_matcher_file_written_before_calibration_loads_and_is_capped() {
        let schema = Schema::conflict_default();
        // The layout of version 1 as written before calibration existed.
        let old = serde_json::json!({
            "format_version": 1,
            "schema_fingerprint": schema_fingerprint(&schema),
            "schema_labels": sorted_labels(&schema),
            "trained_at": "2025-01-01T00:00:00Z",
            "training_documents": 10,
            "training_mentions": 40,
            "evaluation": {
                "per_label": {},
                "overall": {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 8, "predicted": 8},
                "training_documents": 8,
                "training_mentions": 32,
                "held_out_documents": 2
            },
            "memory": {"texts": {}}
        });
        let bytes = serde_json::to_vec(&old).unwrap();
        let file = StringMatcherFile::from_bytes(&bytes, &schema).unwrap();
        assert_eq!(file.calibration, None);
        // 4 right of 8 held out: a certain-looking 1.0 is proposed at 5/10.
        assert!((file.calibration().apply(1.0) - 0.5).abs() < 1e-6);
        assert!(file.calibration().apply(0.3) <= 0.3 + 1e-6);
        // Saved again without a map, the file keeps the old layout.
        let again = serde_json::to_value(&file).unwrap();
        assert!(again.get("calibration").is_none(), "{again}");
    }
}
