//! The project's learned models, read from [`super::files`] once and
//! shared by the engine's learned layers: the string matcher's memory (also
//! the silencing of rejected texts), the tagger with the rules it takes as
//! features, the event and claim classifiers, and the activation gate.

use std::path::Path;
use std::sync::Arc;

use super::files::{
    CLASSIFIERS_FILE, RULE_SCORES_FILE, RuleScoresFile, STRING_MATCHER_FILE, StringMatcherFile,
    TAGGER_FILE, models_dir, read,
};
use crate::learn::{
    Activation, Calibration, Evaluation, Layer, ModelError, Silenced, StringMatcher, StringMemory,
    TaggerModel,
};
use crate::model::Schema;
use crate::stable_hash::hash_bytes;
use crate::store::Project;
use crate::suggest::{MentionSuggestion, Rules, SuggestError};

/// The rule suggesters as the tagger's features: the project's catalogue
/// with the shipped schema, so that a project schema lacking some of the
/// rules' labels does not take their hints away.
pub fn feature_rules(project: &Project) -> Result<Rules, SuggestError> {
    Rules::new(&project.catalogue, &Schema::conflict_default())
}

/// The tagger's least raw confidence for a suggestion (see
/// [`crate::learn::tagger::MIN_CONFIDENCE`]); the score it proposes with
/// is the calibrated one.
pub const MIN_TAGGER_SCORE: f32 = crate::learn::tagger::MIN_CONFIDENCE;

/// The learned recommenders of a project, ready to suggest.
pub struct LearnedModels {
    /// What the analysts confirmed and rejected (also silences rejected texts).
    pub memory: StringMemory,
    pub matcher: Option<Arc<StringMatcher>>,
    /// The string matcher's score → its held-out precision (see
    /// [`crate::learn::calibration`]).
    pub matcher_calibration: Calibration,
    pub tagger: Option<Arc<TaggerModel>>,
    /// The rules as the tagger's features, when it was trained with them.
    pub feature_rules: Option<Arc<Rules>>,
    /// The taggers of event triggers and claim cues (see
    /// [`crate::learn::layers`]), each with its layer.
    pub span_layers: Vec<(Layer, Arc<TaggerModel>)>,
    /// Event types, stances and role fillers learned from the analysts.
    pub classifiers: Option<Arc<crate::learn::classify::Classifiers>>,
    /// Each model file read and the hash of the bytes read (see
    /// [`super::files::MODEL_FILES`]): these models' identity in the
    /// engine's fingerprint. By content, not by file date, so that the
    /// same `models/` copied to other machines names the same version.
    pub digests: Vec<(&'static str, u64)>,
    /// (recommender, label) pairs below the project's activation score:
    /// none of them is proposed, rules and learned alike.
    pub silenced: Silenced,
}

impl LearnedModels {
    /// The tagger of `layer` (event triggers or claim cues), if trained.
    pub fn span_layer(&self, layer: Layer) -> Option<&Arc<TaggerModel>> {
        self.span_layers
            .iter()
            .find(|(l, _)| *l == layer)
            .map(|(_, model)| model)
    }

    /// The learned recommenders' candidate mentions for `text`: the
    /// tagger's (`learned:tagger`) and the string matcher's (`learned:string`).
    pub fn suggest(&self, text: &str) -> Vec<MentionSuggestion> {
        let mut found = crate::suggest::Suggestions::default();
        for layer in super::learned_layers(self).filter(|l| l.stage() == super::Stage::Propose) {
            let mut own = crate::suggest::Suggestions::default();
            layer.suggest(text, &mut own);
            found.mentions.append(&mut own.mentions);
        }
        found.mentions
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
    let mut digests = Vec::new();
    let mut read = |name: &'static str| {
        let bytes = read(&dir.join(name));
        if let Some(Ok(bytes)) = &bytes {
            digests.push((name, hash_bytes(bytes)));
        }
        bytes
    };
    let tagger_path = dir.join(TAGGER_FILE);
    let matcher_path = dir.join(STRING_MATCHER_FILE);
    if super::files::MODEL_FILES
        .iter()
        .all(|name| !dir.join(name).exists())
    {
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
    let file = match read(STRING_MATCHER_FILE) {
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
    let tagger = match read(TAGGER_FILE) {
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
    let rule_scores = match read(RULE_SCORES_FILE) {
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
    let mut span_layers = Vec::new();
    for layer in [Layer::Triggers, Layer::Cues] {
        let name = super::files::layer_file(layer);
        let path = dir.join(name);
        let result = match read(name) {
            Some(Ok(bytes)) => TaggerModel::from_bytes(&bytes, schema),
            Some(Err(e)) => Err(ModelError::Corrupt(e)),
            None => continue,
        };
        match result {
            Ok(model) => span_layers.push((layer, model)),
            Err(e) => note(&format!("tagger of {}", layer.name()), &e, &path),
        }
    }
    let mut learned_evaluations = vec![
        (
            crate::learn::string_matcher::SUGGESTER,
            file.as_ref().and_then(|f| f.evaluation.as_ref()),
        ),
        (
            crate::learn::tagger::SUGGESTER,
            tagger.as_ref().and_then(|t| t.info.evaluation.as_ref()),
        ),
    ];
    for (layer, model) in &span_layers {
        learned_evaluations.push((layer.suggester(), model.info.evaluation.as_ref()));
    }
    // Its notes join the others once the models are read.
    let mut classifier_notes = Vec::new();
    let classifiers = load_classifiers(&dir, read(CLASSIFIERS_FILE), schema, &mut classifier_notes);
    for info in classifiers.iter().flat_map(|c| &c.header.classifiers) {
        learned_evaluations.push((info.name.as_str(), info.evaluation.as_ref()));
    }
    let silenced = silenced_pairs(project, rule_scores.as_ref(), &learned_evaluations);
    let classifiers = classifiers.map(|model| {
        let mut classifiers = model.classifiers;
        classifiers.silenced.clone_from(&silenced);
        classifiers
    });
    let matcher_calibration = file.as_ref().map_or_else(
        || Calibration::unmeasured(None),
        StringMatcherFile::calibration,
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
    let uses_rules = tagger
        .iter()
        .chain(span_layers.iter().map(|(_, model)| model))
        .any(|model| model.tagger.uses_rules());
    let feature_rules = if uses_rules {
        match feature_rules(project) {
            Ok(rules) => Some(rules),
            Err(e) => {
                notes.push(format!(
                    "learned taggers not used: their rule features: {e}"
                ));
                None
            }
        }
    } else {
        None
    };
    let tagger = tagger.filter(|model| !model.tagger.uses_rules() || feature_rules.is_some());
    span_layers.retain(|(_, model)| !model.tagger.uses_rules() || feature_rules.is_some());
    for line in classifier_notes {
        if !notes.contains(&line) {
            notes.push(line);
        }
    }
    let models = (tagger.is_some()
        || !memory.is_empty()
        || classifiers.is_some()
        || !span_layers.is_empty()
        || !silenced.is_empty())
    .then_some(LearnedModels {
        memory,
        matcher: matcher.map(Arc::new),
        matcher_calibration,
        tagger: tagger.map(Arc::new),
        span_layers: span_layers
            .into_iter()
            .map(|(layer, model)| (layer, Arc::new(model)))
            .collect(),
        feature_rules: feature_rules.map(Arc::new),
        classifiers: classifiers.map(Arc::new),
        silenced,
        digests,
    });
    LoadedModels { models, notes }
}

/// The classifiers, when their file exists and fits; why not in `notes`.
fn load_classifiers(
    dir: &Path,
    bytes: Option<Result<Vec<u8>, String>>,
    schema: &Schema,
    notes: &mut Vec<String>,
) -> Option<crate::learn::ClassifiersModel> {
    let path = dir.join(CLASSIFIERS_FILE);
    let result = match bytes? {
        Ok(bytes) => crate::learn::ClassifiersModel::from_bytes(&bytes, schema),
        Err(e) => Err(ModelError::Corrupt(e)),
    };
    match result {
        Ok(model) => Some(model),
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
/// from the rules' scores and the learners' held-out ones (`learned`: each
/// learned recommender's name and evaluation, if it has one).
pub fn silenced_pairs(
    project: &Project,
    rules: Option<&RuleScoresFile>,
    learned: &[(&str, Option<&Evaluation>)],
) -> Silenced {
    let activation = Activation::from_settings(&project.file.settings);
    if !activation.is_on() {
        return Silenced::new();
    }
    let rules = rules
        .iter()
        .flat_map(|r| &r.per_suggester)
        .map(|(name, e)| (name.as_str(), e));
    let learned = learned.iter().filter_map(|(name, e)| e.map(|e| (*name, e)));
    activation.silenced(rules.chain(learned))
}
