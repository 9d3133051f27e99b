//! The learned models on disk, under `<project>/models/`: the tagger
//! (`tagger.bin`, the binary file of [`crate::learn::model_file`]) and the
//! string matcher's memory (`string-matcher.json`, small and readable), each
//! with its format version, training-set size and held-out scores. Written
//! atomically by [`train`](super::train); read by
//! [`suggest`](super::suggest) through [`load_models`].
//!
//! A model that cannot be used — missing, damaged, another format version,
//! trained under another schema — is never fatal: loading says why in one
//! sentence and the rules go on alone.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::learn::{
    Evaluation, ModelError, Sources, StringMatcher, StringMemory, TaggerModel, schema_fingerprint,
};
use crate::model::Schema;
use crate::store::Project;
use crate::suggest::{MentionSuggestion, SuggestError, Suggester};

/// The folder of a project's learned models.
pub const MODELS_DIR: &str = "models";
/// The tagger's file in [`MODELS_DIR`].
pub const TAGGER_FILE: &str = "tagger.bin";
/// The string matcher's file in [`MODELS_DIR`].
pub const STRING_MATCHER_FILE: &str = "string-matcher.json";
/// The event and claim classifiers' file in [`MODELS_DIR`] (see
/// [`crate::learn::classify`]); a folder without it loads as before.
pub const CLASSIFIERS_FILE: &str = "classifiers.bin";
/// Version of [`StringMatcherFile`]'s layout.
pub const STRING_MATCHER_FORMAT_VERSION: u32 = 1;

/// `<project>/models`.
pub fn models_dir(project: &Project) -> PathBuf {
    project.root().join(MODELS_DIR)
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
}

impl StringMatcherFile {
    /// Reads the file's bytes, checking its version and schema.
    pub fn from_bytes(bytes: &[u8], schema: &Schema) -> Result<Self, ModelError> {
        #[derive(Deserialize)]
        struct Version {
            format_version: u32,
        }
        let version: Version =
            serde_json::from_slice(bytes).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        if version.format_version != STRING_MATCHER_FORMAT_VERSION {
            return Err(ModelError::OtherVersion {
                found: version.format_version,
                expected: STRING_MATCHER_FORMAT_VERSION,
            });
        }
        let file: Self =
            serde_json::from_slice(bytes).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        if file.schema_fingerprint != schema_fingerprint(schema) {
            return Err(ModelError::OtherSchema {
                found: file.schema_labels.join(", "),
                expected: sorted_labels(schema).join(", "),
            });
        }
        Ok(file)
    }
}

/// The schema's entity label names, sorted (as the tagger's file lists them).
pub fn sorted_labels(schema: &Schema) -> Vec<String> {
    let mut names: Vec<String> = schema
        .entity_labels
        .iter()
        .map(|l| l.name.clone())
        .collect();
    names.sort();
    names
}

/// The rule suggesters as the tagger's features: the project's catalogue
/// with the shipped schema, so that a project schema lacking some of the
/// rules' labels does not take their hints away.
pub fn feature_rules(project: &Project) -> Result<Suggester, SuggestError> {
    Suggester::new(&project.catalogue, &Schema::conflict_default())
}

/// The tagger's least confidence (mean softmax over a chunk's tokens) for
/// a suggestion: below it, a guess costs the analyst a rejection more often
/// than it saves a creation.
pub const MIN_TAGGER_SCORE: f32 = 0.5;

/// The learned recommenders of a project, ready to suggest.
pub struct LearnedModels {
    /// What the analysts confirmed and rejected (also silences rejected texts).
    pub memory: StringMemory,
    pub matcher: Option<StringMatcher>,
    pub tagger: Option<TaggerModel>,
    /// The rules as the tagger's features, when it was trained with them.
    pub feature_rules: Option<Suggester>,
    /// Event types, stances and role fillers learned from the analysts.
    pub classifiers: Option<crate::learn::classify::Classifiers>,
}

impl LearnedModels {
    /// The learned recommenders' candidate mentions for `text`: the
    /// tagger's (`learned:tagger`) and the string matcher's (`learned:string`).
    pub fn suggest(&self, text: &str) -> Vec<MentionSuggestion> {
        let mut found = Vec::new();
        if let Some(model) = &self.tagger {
            let sources = Sources {
                rules: self.feature_rules.as_ref(),
                memory: self.matcher.as_ref(),
            };
            found.extend(
                model
                    .tagger
                    .suggest(text, sources)
                    .into_iter()
                    .filter(|m| m.score >= MIN_TAGGER_SCORE),
            );
        }
        if let Some(matcher) = &self.matcher {
            found.extend(matcher.suggest(text));
        }
        found
    }

    /// Whether the analysts rejected `covered` as `label` more often than
    /// they confirmed it.
    pub fn is_silenced(&self, covered: &str, label: &str) -> bool {
        self.memory.is_silenced(covered, label)
    }
}

/// What [`load_models`] found: the models it could use, and one sentence
/// for each reason a model could not be used (the CLI prints them as
/// notes, the GUI shows them in its Recommenders panel).
pub struct LoadedModels {
    pub models: Option<LearnedModels>,
    pub notes: Vec<String>,
}

/// Reads the project's learned models. Never fails: what cannot be used is
/// explained in [`LoadedModels::notes`], and suggestions then come from the
/// rules (and whichever model could be read).
pub fn load_models(project: &Project) -> LoadedModels {
    let dir = models_dir(project);
    let schema = &project.file.schema;
    let mut notes = Vec::new();
    let tagger_path = dir.join(TAGGER_FILE);
    let matcher_path = dir.join(STRING_MATCHER_FILE);
    if !tagger_path.exists() && !matcher_path.exists() {
        notes.push(format!(
            "no learned models yet (mark documents finished with `attest finish`, then run \
             `attest train`); suggesting with the rules only: {}",
            dir.display()
        ));
        return LoadedModels {
            models: None,
            notes,
        };
    }
    let mut note = |what: &str, error: &ModelError, path: &Path| {
        // Another schema is a fact about the folder: said once for both files.
        let line = match error {
            ModelError::OtherSchema { .. } => {
                format!("learned models not used: {error}: {}", dir.display())
            }
            _ => format!("learned {what} not used: {error}: {}", path.display()),
        };
        if !notes.contains(&line) {
            notes.push(line);
        }
    };
    let file = match read(&matcher_path) {
        Some(Ok(bytes)) => match StringMatcherFile::from_bytes(&bytes, schema) {
            Ok(file) => Some(file),
            Err(e) => {
                note("string matcher", &e, &matcher_path);
                None
            }
        },
        Some(Err(e)) => {
            note("string matcher", &ModelError::Corrupt(e), &matcher_path);
            None
        }
        None => None,
    };
    let tagger = match read(&tagger_path) {
        Some(Ok(bytes)) => match TaggerModel::from_bytes(&bytes, schema) {
            Ok(model) => Some(model),
            Err(e) => {
                note("tagger", &e, &tagger_path);
                None
            }
        },
        Some(Err(e)) => {
            note("tagger", &ModelError::Corrupt(e), &tagger_path);
            None
        }
        None => None,
    };
    let memory = file.map(|f| f.memory).unwrap_or_default();
    let matcher = if memory.is_empty() {
        None
    } else {
        match memory.build() {
            Ok(matcher) => Some(matcher),
            Err(e) => {
                note(
                    "string matcher",
                    &ModelError::Corrupt(e.to_string()),
                    &matcher_path,
                );
                None
            }
        }
    };
    let feature_rules = match &tagger {
        Some(model) if model.tagger.uses_rules() => match feature_rules(project) {
            Ok(rules) => Some(rules),
            Err(e) => {
                notes.push(format!("learned tagger not used: its rule features: {e}"));
                None
            }
        },
        _ => None,
    };
    let tagger = tagger.filter(|model| !model.tagger.uses_rules() || feature_rules.is_some());
    let classifiers = load_classifiers(&dir, schema, &mut notes);
    let models = (tagger.is_some() || !memory.is_empty() || classifiers.is_some()).then_some(
        LearnedModels {
            memory,
            matcher,
            tagger,
            feature_rules,
            classifiers,
        },
    );
    LoadedModels { models, notes }
}

/// The classifiers, when their file exists and fits; why not in `notes`.
fn load_classifiers(
    dir: &Path,
    schema: &Schema,
    notes: &mut Vec<String>,
) -> Option<crate::learn::classify::Classifiers> {
    let path = dir.join(CLASSIFIERS_FILE);
    let result = match read(&path)? {
        Ok(bytes) => crate::learn::ClassifiersModel::from_bytes(&bytes, schema),
        Err(e) => Err(ModelError::Corrupt(e)),
    };
    match result {
        Ok(model) => Some(model.classifiers),
        Err(e @ ModelError::OtherSchema { .. }) => {
            // Said once for the folder, as for the other models.
            let line = format!("learned models not used: {e}: {}", dir.display());
            if !notes.contains(&line) {
                notes.push(line);
            }
            None
        }
        Err(e) => {
            notes.push(format!(
                "learned classifiers not used: {e}: {}",
                path.display()
            ));
            None
        }
    }
}

/// A file's bytes; `None` when it does not exist.
fn read(path: &Path) -> Option<Result<Vec<u8>, String>> {
    match std::fs::read(path) {
        Ok(bytes) => Some(Ok(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some(Err(e.to_string())),
    }
}

/// The event and claim classifiers trained for a train run, not yet saved.
pub struct TrainedClassifiers {
    model: crate::learn::ClassifiersModel,
    train_secs: f64,
}

/// Trains the event and claim classifiers on the finished documents, the
/// rules' guesses as features (see [`crate::learn::classify`]).
pub fn train_classifiers(
    docs: &[crate::learn::classify::ClassDoc],
    rules: Option<&Suggester>,
    schema: &Schema,
    control: &crate::progress::JobControl<'_>,
) -> TrainedClassifiers {
    let started = std::time::Instant::now();
    let (classifiers, infos) = crate::learn::classify::train_classifiers(docs, rules, control);
    let model = crate::learn::ClassifiersModel::new(
        classifiers,
        infos,
        schema,
        docs.len(),
        rules.is_some(),
    );
    TrainedClassifiers {
        model,
        train_secs: started.elapsed().as_secs_f64(),
    }
}

/// Writes the classifiers' file atomically and lists in the report each
/// classifier that had examples to learn from, with its held-out scores.
pub fn save_classifiers(
    dir: &Path,
    trained: TrainedClassifiers,
    report: &mut super::train::TrainReport,
) {
    use crate::learn::classify::{
        EVENT_SUB_TYPE_SUGGESTER, EVENT_TYPE_SUGGESTER, ROLES_SUGGESTER, STANCE_SUGGESTER,
    };
    let path = dir.join(CLASSIFIERS_FILE);
    let bytes = trained.model.to_bytes();
    if let Err(e) = crate::store::write_atomic(&path, &bytes) {
        report.problems.push(e);
        return;
    }
    for info in trained
        .model
        .header
        .classifiers
        .iter()
        .filter(|i| i.examples > 0)
    {
        let Some(name) = [
            EVENT_TYPE_SUGGESTER,
            EVENT_SUB_TYPE_SUGGESTER,
            STANCE_SUGGESTER,
            ROLES_SUGGESTER,
        ]
        .into_iter()
        .find(|n| *n == info.name) else {
            continue;
        };
        report.models.push(super::train::TrainedModel {
            name,
            path: path.clone(),
            evaluation: info.evaluation.clone(),
            train_secs: trained.train_secs,
            file_bytes: bytes.len(),
        });
    }
}
