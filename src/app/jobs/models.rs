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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::learn::{
    Activation, Evaluation, ModelError, Scores, Silenced, Sources, StringMatcher, StringMemory,
    TaggerModel, schema_fingerprint,
};
use crate::model::Schema;
use crate::store::{Project, StoreError, write_atomic};
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
/// The rule suggesters' scores per label in [`MODELS_DIR`].
pub const RULE_SCORES_FILE: &str = "rule-scores.json";
/// Version of [`RuleScoresFile`]'s layout.
pub const RULE_SCORES_FORMAT_VERSION: u32 = 1;

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
        let file: Self = read_json_file(bytes, STRING_MATCHER_FORMAT_VERSION)?;
        check_schema(&file.schema_fingerprint, &file.schema_labels, schema)?;
        Ok(file)
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
    /// (recommender, label) pairs below the project's activation score:
    /// none of them is proposed, rules and learned alike.
    pub silenced: Silenced,
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

    /// Whether the activation gate keeps `recommender` from proposing `label`.
    pub fn is_gated(&self, recommender: &str, label: &str) -> bool {
        !self.silenced.is_empty()
            && self
                .silenced
                .contains(&(recommender.to_owned(), label.to_owned()))
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
    let rules_path = dir.join(RULE_SCORES_FILE);
    let rule_scores = match read(&rules_path) {
        Some(Ok(bytes)) => match RuleScoresFile::from_bytes(&bytes, schema) {
            Ok(file) => Some(file),
            Err(e) => {
                note("rule scores", &e, &rules_path);
                None
            }
        },
        Some(Err(e)) => {
            note("rule scores", &ModelError::Corrupt(e), &rules_path);
            None
        }
        None => None,
    };
    let silenced = silenced_pairs(
        project,
        rule_scores.as_ref(),
        file.as_ref().and_then(|f| f.evaluation.as_ref()),
        tagger.as_ref().and_then(|t| t.info.evaluation.as_ref()),
    );
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
    let models =
        (tagger.is_some() || !memory.is_empty() || classifiers.is_some() || !silenced.is_empty())
            .then_some(LearnedModels {
                memory,
                matcher,
                tagger,
                feature_rules,
                classifiers,
                silenced,
            });
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

/// The (recommender, label) pairs the project's activation gate silences,
/// from the rules' scores and the learners' held-out ones.
pub fn silenced_pairs(
    project: &Project,
    rules: Option<&RuleScoresFile>,
    string_matcher: Option<&Evaluation>,
    tagger: Option<&Evaluation>,
) -> Silenced {
    let activation = Activation::from_settings(&project.file.settings);
    if !activation.is_on() {
        return Silenced::new();
    }
    let rules = rules
        .iter()
        .flat_map(|r| &r.per_suggester)
        .map(|(name, e)| (name.as_str(), e));
    let learned = [
        (crate::learn::string_matcher::SUGGESTER, string_matcher),
        (crate::learn::tagger::SUGGESTER, tagger),
    ]
    .into_iter()
    .filter_map(|(name, e)| e.map(|e| (name, e)));
    activation.silenced(rules.chain(learned))
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

/// The learning curve's file in [`MODELS_DIR`]: one JSON line per
/// recommender per training run, appended by [`train`](super::train).
pub const HISTORY_FILE: &str = "history.jsonl";

/// One training run of one learned recommender: a point of its learning curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryPoint {
    /// `learned:string` or `learned:tagger`.
    pub recommender: String,
    pub trained_at: jiff::Timestamp,
    pub training_documents: usize,
    pub training_mentions: usize,
    /// Held-out scores over all labels; `None` with a single document.
    pub overall: Option<Scores>,
}

/// Every training run recorded, oldest first, and a note when some lines
/// could not be read (they are skipped: the curve is a record, not a model).
pub fn read_history(project: &Project) -> (Vec<HistoryPoint>, Option<String>) {
    let path = models_dir(project).join(HISTORY_FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Vec::new(), None),
        Err(e) => {
            return (
                Vec::new(),
                Some(format!("learning curve not read: {e}: {}", path.display())),
            );
        }
    };
    let (points, bad) = parse_history(&text);
    let note = (bad > 0).then(|| {
        format!(
            "learning curve: {bad} damaged line(s) skipped: {}",
            path.display()
        )
    });
    (points, note)
}

/// The points of a history file's text and the number of lines that are not one.
fn parse_history(text: &str) -> (Vec<HistoryPoint>, usize) {
    let mut points = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str(line) {
            Ok(point) => points.push(point),
            Err(_) => bad += 1,
        }
    }
    (points, bad)
}

/// Adds `points` to the project's learning curve (rewriting the readable
/// lines and the new ones atomically).
pub fn append_history(project: &Project, points: &[HistoryPoint]) -> Result<(), StoreError> {
    let (mut all, _) = read_history(project);
    all.extend_from_slice(points);
    let mut text = String::new();
    for point in &all {
        if let Ok(line) = serde_json::to_string(point) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    write_atomic(&models_dir(project).join(HISTORY_FILE), text.as_bytes())
}

/// Where one learned recommender stands.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelState {
    /// No model file yet.
    NotTrained,
    Trained,
    /// A file that cannot be used, and why (it is retrained on the next run).
    Unusable(String),
}

/// One learned recommender as the Recommenders panel shows it.
#[derive(Clone, Debug)]
pub struct LearnedStatus {
    pub name: &'static str,
    pub state: ModelState,
    /// When its file was last written.
    pub trained_at: Option<jiff::Timestamp>,
    pub training_documents: usize,
    pub training_mentions: usize,
    pub evaluation: Option<Evaluation>,
}

/// Every recommender of a project: the learned ones' state and scores and
/// their learning curve (the rules' scores are added by the caller).
#[derive(Clone, Debug, Default)]
pub struct RecommendersStatus {
    pub learned: Vec<LearnedStatus>,
    /// The rule suggesters' scores per label at the last training run.
    pub rules: Option<RuleScoresFile>,
    /// The project's activation gate and the pairs it silences.
    pub activation: Activation,
    pub silenced: Silenced,
    pub history: Vec<HistoryPoint>,
    /// Problems reading the files, one sentence each.
    pub notes: Vec<String>,
}

/// Reads the state of the project's learned recommenders (both model files
/// in full, to check them: run it off the UI thread).
pub fn recommenders_status(project: &Project) -> RecommendersStatus {
    let dir = models_dir(project);
    let schema = &project.file.schema;
    let mut status = RecommendersStatus::default();
    let modified = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| jiff::Timestamp::try_from(t).ok())
    };
    let matcher_path = dir.join(STRING_MATCHER_FILE);
    let mut matcher = LearnedStatus {
        name: crate::learn::string_matcher::SUGGESTER,
        state: ModelState::NotTrained,
        trained_at: None,
        training_documents: 0,
        training_mentions: 0,
        evaluation: None,
    };
    match read(&matcher_path) {
        None => {}
        Some(Err(e)) => matcher.state = ModelState::Unusable(e),
        Some(Ok(bytes)) => match StringMatcherFile::from_bytes(&bytes, schema) {
            Ok(file) => {
                matcher.state = ModelState::Trained;
                matcher.trained_at = Some(file.trained_at);
                matcher.training_documents = file.training_documents;
                matcher.training_mentions = file.training_mentions;
                matcher.evaluation = file.evaluation;
            }
            Err(e) => matcher.state = ModelState::Unusable(e.to_string()),
        },
    }
    let tagger_path = dir.join(TAGGER_FILE);
    let mut tagger = LearnedStatus {
        name: crate::learn::tagger::SUGGESTER,
        state: ModelState::NotTrained,
        trained_at: modified(&tagger_path),
        training_documents: 0,
        training_mentions: 0,
        evaluation: None,
    };
    match read(&tagger_path) {
        None => {}
        Some(Err(e)) => tagger.state = ModelState::Unusable(e),
        Some(Ok(bytes)) => match TaggerModel::from_bytes(&bytes, schema) {
            Ok(model) => {
                tagger.state = ModelState::Trained;
                tagger.training_documents = model.info.training_documents;
                tagger.training_mentions = model.info.training_mentions;
                tagger.evaluation = model.info.evaluation;
            }
            Err(e) => tagger.state = ModelState::Unusable(e.to_string()),
        },
    }
    let rules_path = dir.join(RULE_SCORES_FILE);
    status.rules = match read(&rules_path) {
        None => None,
        Some(Err(e)) => {
            status.notes.push(format!(
                "rule scores not read: {e}: {}",
                rules_path.display()
            ));
            None
        }
        Some(Ok(bytes)) => match RuleScoresFile::from_bytes(&bytes, schema) {
            Ok(file) => Some(file),
            Err(e) => {
                status.notes.push(format!(
                    "rule scores not used: {e}: {}",
                    rules_path.display()
                ));
                None
            }
        },
    };
    status.activation = Activation::from_settings(&project.file.settings);
    status.silenced = silenced_pairs(
        project,
        status.rules.as_ref(),
        matcher.evaluation.as_ref(),
        tagger.evaluation.as_ref(),
    );
    status.learned = vec![matcher, tagger];
    let (history, note) = read_history(project);
    status.history = history;
    status.notes.extend(note);
    status
}
