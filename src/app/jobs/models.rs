//! The learned models' record beside the models themselves: the learning
//! curve (`history.jsonl`) and each recommender's state for the
//! Recommenders panel. The model files, their loading and the engine that
//! runs them are [`crate::engine`]'s; their names are re-exported here for
//! the front ends.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::files::read;
pub use crate::engine::files::{
    CLASSIFIERS_FILE, MODEL_FILES, MODELS_DIR, RULE_SCORES_FILE, RULE_SCORES_FORMAT_VERSION,
    RuleScoresFile, STRING_MATCHER_FILE, STRING_MATCHER_FORMAT_VERSION, StringMatcherFile,
    TAGGER_FILE, models_dir, sorted_labels,
};
pub use crate::engine::{
    LearnedModels, LoadedModels, MIN_TAGGER_SCORE, feature_rules, load_models, silenced_pairs,
};
use crate::learn::{Activation, Evaluation, Scores, Silenced, TaggerModel};
use crate::store::{Project, StoreError, write_atomic};

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

/// Adds `points` to the project's learning curve, written into `dir` (the
/// training run's staging folder) with the readable lines before them.
pub fn append_history(
    project: &Project,
    dir: &Path,
    points: &[HistoryPoint],
) -> Result<(), StoreError> {
    let (mut all, _) = read_history(project);
    all.extend_from_slice(points);
    let mut text = String::new();
    for point in &all {
        if let Ok(line) = serde_json::to_string(point) {
            text.push_str(&line);
            text.push('\n');
        }
    }
    write_atomic(&dir.join(HISTORY_FILE), text.as_bytes())
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
        &[
            (
                crate::learn::string_matcher::SUGGESTER,
                matcher.evaluation.as_ref(),
            ),
            (crate::learn::tagger::SUGGESTER, tagger.evaluation.as_ref()),
        ],
    );
    status.learned = vec![matcher, tagger];
    let (history, note) = read_history(project);
    status.history = history;
    status.notes.extend(note);
    status
}
