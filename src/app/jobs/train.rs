//! Train the learned recommenders on the project's finished documents and
//! save them under `<project>/models/` (`attest train`, and the GUI's
//! background training after a document is finished).
//!
//! Reads every annotator's finished sets (the adjudicated `gold` wins where
//! it finished a document; see [`crate::learn::training_documents`]),
//! builds the string matcher and the tagger, scores each on the held-out
//! 20% and writes both files atomically, so a reader sees the old model or
//! the new one, never half of one. A file that cannot be read is reported
//! and left out; a cancelled run writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use super::models::{HistoryPoint, append_history};
use crate::engine::files::{
    CLASSIFIERS_FILE, MODEL_FILES, RULE_SCORES_FILE, RULE_SCORES_FORMAT_VERSION, RuleScoresFile,
    STRING_MATCHER_FILE, STRING_MATCHER_FORMAT_VERSION, StagedModels, StringMatcherFile,
    TAGGER_FILE, layer_file, models_dir, sorted_labels,
};
use crate::engine::{feature_rules, silenced_pairs};
use crate::learn::classify::CodedDoc;
use crate::learn::{
    Calibration, Evaluation, Layer, Prepared, Silenced, Sources, StringMemory, Tagger,
    TrainOptions, TrainingDoc, layer_documents, measure_rules, schema_fingerprint,
    train_span_layer, train_string_matcher, train_tagger, training_documents,
};
use crate::model::{AnnotationSet, DocumentId, Schema};
use crate::progress::JobControl;
use crate::store::{Project, StoreError, read_in_parallel, write_atomic};
use crate::suggest::Rules;

/// One trained recommender: where it was saved and how it scored.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainedModel {
    /// `learned:string` or `learned:tagger`.
    pub name: &'static str,
    pub path: PathBuf,
    /// Held-out scores; `None` with a single training document.
    pub evaluation: Option<Evaluation>,
    pub train_secs: f64,
    pub file_bytes: usize,
    /// Its score → held-out precision, as it proposes with it; `None` for
    /// a model whose scores are not mapped (the classifiers).
    pub calibration: Option<Calibration>,
}

/// What training did.
#[derive(Debug, Default)]
pub struct TrainReport {
    /// Annotation files read, of every annotator.
    pub annotation_files: usize,
    /// Documents with a finished set: the training documents.
    pub documents: usize,
    /// Documents imported from coded rows and not finished: training data
    /// for event types and sub-types (see [`crate::formats::acled::coded`]).
    pub coded_documents: usize,
    /// Gold mentions and remembered rejections in them.
    pub mentions: usize,
    pub rejections: usize,
    /// The models written (none when there was nothing to learn from).
    pub models: Vec<TrainedModel>,
    pub read_secs: f64,
    pub total_secs: f64,
    /// Files that could not be read or written, each naming its file.
    pub problems: Vec<StoreError>,
    /// Stopped before saving: the previous models stay.
    pub cancelled: bool,
    /// Each rule suggester's scores per label against the finished documents.
    pub rule_scores: BTreeMap<String, Evaluation>,
    /// The (recommender, label) pairs the project's activation gate now silences.
    pub silenced: Silenced,
    /// With the project's `next_document_least_sure`: the documents no one
    /// finished, the new tagger's least sure (lowest mean margin) first.
    pub least_sure: Vec<DocumentId>,
    /// Model files removed because no document is finished any more.
    pub removed: Vec<PathBuf>,
    /// A file of the run could not be written: none was put in place and
    /// the previous models and learning curve stay as they were.
    pub kept_previous: bool,
}

/// Removes the learned models' files, all in one step (the learning
/// curve stays: it is a record).
fn remove_models(project: &Project, report: &mut TrainReport) {
    let dir = models_dir(project);
    let present: Vec<PathBuf> = MODEL_FILES
        .iter()
        .map(|name| dir.join(name))
        .filter(|path| path.exists())
        .collect();
    if present.is_empty() {
        return;
    }
    match StagedModels::begin(project).and_then(StagedModels::publish) {
        Ok(()) => report.removed = present,
        Err(e) => report.problems.push(e),
    }
}

/// Trains on the finished documents of `project` and saves the models.
/// `project` must be open for writing (the models folder is the project's).
pub fn train(project: &Project, control: JobControl<'_>) -> TrainReport {
    let started = Instant::now();
    let mut report = TrainReport::default();
    let (docs, class_docs, layer_docs) = read_training_documents(project, &mut report);
    let coded = coded_documents(project, &docs, &mut report);
    report.read_secs = started.elapsed().as_secs_f64();
    report.documents = docs.len();
    report.coded_documents = coded.len();
    report.mentions = docs.iter().map(|d| d.gold.len()).sum();
    report.rejections = docs.iter().map(|d| d.rejected.len()).sum();
    if docs.is_empty() && !coded.is_empty() && !control.is_cancelled() {
        train_coded_only(project, &coded, &mut report, &control);
        report.total_secs = started.elapsed().as_secs_f64();
        return report;
    }
    if docs.is_empty() || control.is_cancelled() {
        report.cancelled = control.is_cancelled();
        if docs.is_empty() && !report.cancelled {
            // Nothing is finished any more (a document was unmarked): models
            // learned from it must not go on proposing. The rules remain.
            remove_models(project, &mut report);
        }
        report.total_secs = started.elapsed().as_secs_f64();
        return report;
    }
    let schema = &project.file.schema;

    let string_started = Instant::now();
    let mut memory = StringMemory::new();
    for doc in &docs {
        memory.add_document(doc);
    }
    let (matcher, string_evaluation, string_calibration) = match train_string_matcher(&docs) {
        Ok(trained) => (
            Some(trained.matcher),
            trained.evaluation,
            trained.calibration,
        ),
        Err(_) => (None, None, None),
    };
    let string_file = StringMatcherFile {
        format_version: STRING_MATCHER_FORMAT_VERSION,
        schema_fingerprint: schema_fingerprint(schema),
        schema_labels: sorted_labels(schema),
        trained_at: jiff::Timestamp::now(),
        training_documents: docs.len(),
        training_mentions: report.mentions,
        evaluation: string_evaluation.clone(),
        memory,
        calibration: string_calibration,
    };
    let string_bytes = serde_json::to_vec(&string_file).unwrap_or_default();
    let string_calibration = string_file.calibration();
    let string_secs = string_started.elapsed().as_secs_f64();

    let rule_scores = match Rules::new(&project.catalogue, schema) {
        Ok(rules) => measure_rules(&docs, &rules),
        Err(e) => {
            report.problems.push(StoreError::Invalid {
                path: project.root().join("catalogue.ron"),
                message: format!("cannot build the suggesters to measure them: {e}"),
            });
            BTreeMap::new()
        }
    };
    let rule_file = RuleScoresFile {
        format_version: RULE_SCORES_FORMAT_VERSION,
        schema_fingerprint: schema_fingerprint(schema),
        schema_labels: sorted_labels(schema),
        measured_at: jiff::Timestamp::now(),
        documents: docs.len(),
        per_suggester: rule_scores,
    };

    let tagger_started = Instant::now();
    let rules = feature_rules(project).ok();
    let model = train_tagger(
        &docs,
        schema,
        rules.as_ref(),
        true,
        TrainOptions::default(),
        &control,
    );
    let tagger_bytes = model.to_bytes();
    let tagger_secs = tagger_started.elapsed().as_secs_f64();
    // The taggers of event triggers and claim cues, each from the layer's
    // gold, when the finished documents have some.
    let mut span_layers = Vec::new();
    for (layer, layer_docs) in &layer_docs {
        if control.is_cancelled() || layer_docs.iter().all(|d| d.gold.is_empty()) {
            continue;
        }
        let layer_started = Instant::now();
        let model = train_span_layer(layer_docs, schema, rules.as_ref(), &control);
        span_layers.push((*layer, model, layer_started.elapsed().as_secs_f64()));
    }
    // The event and claim classifiers (crate::learn::classify), one file.
    let classified = train_classifiers(&class_docs, &coded, rules.as_ref(), schema, &control);
    if control.is_cancelled() {
        report.cancelled = true;
        report.total_secs = started.elapsed().as_secs_f64();
        return report;
    }
    // Every file of the run goes into one staging folder, put in place of
    // `models/` only once all are written.
    let staged = match StagedModels::begin(project) {
        Ok(staged) => staged,
        Err(e) => {
            report.problems.push(e);
            report.kept_previous = true;
            report.total_secs = started.elapsed().as_secs_f64();
            return report;
        }
    };
    let dir = staged.path().to_owned();
    let final_dir = models_dir(project);
    let problems_before = report.problems.len();

    for (name, file, bytes, evaluation, calibration, secs) in [
        (
            crate::learn::string_matcher::SUGGESTER,
            STRING_MATCHER_FILE,
            string_bytes,
            string_evaluation,
            string_calibration,
            string_secs,
        ),
        (
            crate::learn::tagger::SUGGESTER,
            TAGGER_FILE,
            tagger_bytes,
            model.info.evaluation.clone(),
            model.calibration(),
            tagger_secs,
        ),
    ] {
        match write_atomic(&dir.join(file), &bytes) {
            Ok(()) => report.models.push(TrainedModel {
                name,
                path: final_dir.join(file),
                evaluation,
                train_secs: secs,
                file_bytes: bytes.len(),
                calibration: Some(calibration),
            }),
            Err(e) => report.problems.push(e),
        }
    }
    for (layer, model, secs) in &span_layers {
        let file = layer_file(*layer);
        let bytes = model.to_bytes();
        match write_atomic(&dir.join(file), &bytes) {
            Ok(()) => report.models.push(TrainedModel {
                name: layer.suggester(),
                path: final_dir.join(file),
                evaluation: model.info.evaluation.clone(),
                train_secs: *secs,
                file_bytes: bytes.len(),
                calibration: Some(model.calibration()),
            }),
            Err(e) => report.problems.push(e),
        }
    }
    match serde_json::to_vec_pretty(&rule_file) {
        Ok(bytes) => {
            if let Err(e) = write_atomic(&dir.join(RULE_SCORES_FILE), &bytes) {
                report.problems.push(e);
            }
        }
        Err(e) => report.problems.push(StoreError::Invalid {
            path: dir.join(RULE_SCORES_FILE),
            message: e.to_string(),
        }),
    }
    let learned: Vec<(&str, Option<&Evaluation>)> = report
        .models
        .iter()
        .map(|m| (m.name, m.evaluation.as_ref()))
        .collect();
    report.silenced = silenced_pairs(project, Some(&rule_file), &learned);
    report.rule_scores = rule_file.per_suggester;
    if project.file.settings.next_document_least_sure {
        let sources = Sources {
            rules: rules.as_ref(),
            memory: matcher.as_ref(),
            span_layers: false,
        };
        report.least_sure = least_sure_first(project, &docs, &model.tagger, sources, &mut report);
    }
    let trained_at = jiff::Timestamp::now();
    let points: Vec<HistoryPoint> = report
        .models
        .iter()
        .map(|m| HistoryPoint {
            recommender: m.name.to_owned(),
            trained_at,
            training_documents: report.documents,
            training_mentions: report.mentions,
            overall: m.evaluation.as_ref().map(|e| e.overall),
        })
        .collect();
    if !points.is_empty()
        && let Err(e) = append_history(project, &dir, &points)
    {
        report.problems.push(e);
    }
    save_classifiers(&dir, &final_dir, classified, &mut report);
    let written = report.problems.len() == problems_before;
    if let Err(e) = written.then(|| staged.publish()).transpose() {
        report.problems.push(e);
    }
    if report.problems.len() > problems_before {
        report.models.clear();
        report.kept_previous = true;
    }
    report.total_secs = started.elapsed().as_secs_f64();
    report
}

/// The documents not among `finished`, the tagger's least sure first (see
/// [`Tagger::mean_margin`]); a text that cannot be read is a problem.
fn least_sure_first(
    project: &Project,
    finished: &[TrainingDoc],
    tagger: &Tagger,
    sources: Sources<'_>,
    report: &mut TrainReport,
) -> Vec<DocumentId> {
    let done: std::collections::HashSet<&DocumentId> = finished.iter().map(|d| &d.id).collect();
    let sources = tagger.sources(sources);
    let hash_bits = tagger.hash_bits();
    let scored: Vec<Result<(f32, DocumentId), StoreError>> = project
        .documents()
        .par_iter()
        .filter(|d| !done.contains(&d.id))
        .map(|d| {
            let text = project.load_text(&d.id)?;
            let margin = tagger.mean_margin(&Prepared::new(&text, sources, hash_bits));
            Ok((margin, d.id.clone()))
        })
        .collect();
    let mut ranked = Vec::new();
    for result in scored {
        match result {
            Ok(pair) => ranked.push(pair),
            Err(e) => report.problems.push(e),
        }
    }
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    ranked.into_iter().map(|(_, id)| id).collect()
}

/// The finished documents as each learner reads them: the mentions'
/// training documents, the classifiers' truth sets, and each other span
/// layer's training documents.
type TrainingSets = (
    Vec<TrainingDoc>,
    Vec<crate::learn::classify::ClassDoc>,
    Vec<(Layer, Vec<TrainingDoc>)>,
);

/// Every annotator's sets of every document, turned into training
/// documents (those with at least one finished set).
fn read_training_documents(project: &Project, report: &mut TrainReport) -> TrainingSets {
    let mut sets: Vec<AnnotationSet> = Vec::new();
    for annotator in project.annotators() {
        let files: Vec<(DocumentId, PathBuf)> = project
            .documents()
            .iter()
            .map(|d| (d.id.clone(), project.annotations_path(&d.id, &annotator)))
            .filter(|(_, path)| path.exists())
            .collect();
        report.annotation_files += files.len();
        for result in read_in_parallel(&files, &annotator) {
            match result {
                Ok((set, _)) => sets.push(set),
                Err(e) => report.problems.push(e),
            }
        }
    }
    let mut finished: Vec<&DocumentId> = sets
        .iter()
        .filter(|s| s.is_finished())
        .map(|s| &s.document)
        .collect();
    finished.sort();
    finished.dedup();
    let texts: Vec<(&DocumentId, Result<String, StoreError>)> = finished
        .par_iter()
        .map(|id| (*id, project.load_text(id)))
        .collect();
    let mut by_id: BTreeMap<&DocumentId, String> = BTreeMap::new();
    for (id, text) in texts {
        match text {
            Ok(text) => {
                by_id.insert(id, text);
            }
            Err(e) => report.problems.push(e),
        }
    }
    let pairs: Vec<(&str, &AnnotationSet)> = sets
        .iter()
        .filter_map(|set| by_id.get(&set.document).map(|t| (t.as_str(), set)))
        .collect();
    let class_docs = crate::learn::classify::class_documents(pairs.iter().copied());
    let layers = [Layer::Triggers, Layer::Cues]
        .into_iter()
        .map(|layer| (layer, layer_documents(pairs.iter().copied(), layer)))
        .collect();
    (training_documents(pairs), class_docs, layers)
}

/// The documents imported from coded rows (see
/// [`crate::formats::acled::coded`]) that no one finished, with their
/// coding: training data for event types and sub-types. A finished
/// document's own events are its truth and win over its coding.
fn coded_documents(
    project: &Project,
    finished: &[TrainingDoc],
    report: &mut TrainReport,
) -> Vec<CodedDoc> {
    let done: std::collections::HashSet<&DocumentId> = finished.iter().map(|d| &d.id).collect();
    // The codings are in the metadata files, which the list does not hold.
    let read: Vec<(&DocumentId, Result<_, StoreError>)> = project
        .documents()
        .par_iter()
        .filter(|d| !done.contains(&d.id))
        .map(|d| {
            let coding = project.document_meta(&d.id);
            (
                &d.id,
                coding.map(|meta| crate::formats::acled::coded::coding_of(&meta)),
            )
        })
        .collect();
    let mut coded = Vec::new();
    for (id, coding) in read {
        match coding {
            Ok(Some(coding)) => coded.push((id, coding)),
            Ok(None) => {}
            Err(e) => report.problems.push(e),
        }
    }
    let texts: Vec<Result<String, StoreError>> = coded
        .par_iter()
        .map(|(id, _)| project.load_text(id))
        .collect();
    let mut out = Vec::with_capacity(coded.len());
    for ((id, coding), text) in coded.into_iter().zip(texts) {
        match text {
            Ok(text) => out.push(CodedDoc {
                id: id.clone(),
                text,
                event_type: coding.event_type,
                sub_type: coding.sub_event_type,
            }),
            Err(e) => report.problems.push(e),
        }
    }
    out
}

/// A project with coded documents and nothing finished: the event-type
/// and sub-type classifiers alone are trained and saved (the span learners
/// have no gold to learn from; models they left are removed, as when
/// nothing is finished).
fn train_coded_only(
    project: &Project,
    coded: &[CodedDoc],
    report: &mut TrainReport,
    control: &JobControl<'_>,
) {
    let rules = feature_rules(project).ok();
    let classified = train_classifiers(&[], coded, rules.as_ref(), &project.file.schema, control);
    if control.is_cancelled() {
        report.cancelled = true;
        return;
    }
    let staged = match StagedModels::begin(project) {
        Ok(staged) => staged,
        Err(e) => {
            report.problems.push(e);
            report.kept_previous = true;
            return;
        }
    };
    let problems_before = report.problems.len();
    save_classifiers(staged.path(), &models_dir(project), classified, report);
    if report.problems.len() == problems_before
        && let Err(e) = staged.publish()
    {
        report.problems.push(e);
    }
    if report.problems.len() > problems_before {
        report.models.clear();
        report.kept_previous = true;
    }
}

/// The event and claim classifiers trained for a train run, not yet saved.
pub struct TrainedClassifiers {
    model: crate::learn::ClassifiersModel,
    train_secs: f64,
}

/// Trains the event and claim classifiers on the finished documents and
/// the documents coded as a whole, the rules' guesses as features (see
/// [`crate::learn::classify`]).
pub fn train_classifiers(
    docs: &[crate::learn::classify::ClassDoc],
    coded: &[CodedDoc],
    rules: Option<&Rules>,
    schema: &Schema,
    control: &crate::progress::JobControl<'_>,
) -> TrainedClassifiers {
    let started = std::time::Instant::now();
    let (classifiers, infos) =
        crate::learn::classify::train_classifiers_with_coding(docs, coded, rules, control);
    let model = crate::learn::ClassifiersModel::new(
        classifiers,
        infos,
        schema,
        docs.len() + coded.len(),
        rules.is_some(),
    );
    TrainedClassifiers {
        model,
        train_secs: started.elapsed().as_secs_f64(),
    }
}

/// Writes the classifiers' file into `dir` (the run's staging folder) and
/// lists in the report each classifier that had examples to learn from,
/// with its held-out scores and its place in `final_dir`.
pub fn save_classifiers(
    dir: &Path,
    final_dir: &Path,
    trained: TrainedClassifiers,
    report: &mut TrainReport,
) {
    use crate::learn::classify::{
        EVENT_SUB_TYPE_SUGGESTER, EVENT_TYPE_SUGGESTER, ROLES_SUGGESTER, STANCE_SUGGESTER,
    };
    let path = final_dir.join(CLASSIFIERS_FILE);
    let bytes = trained.model.to_bytes();
    if let Err(e) = crate::store::write_atomic(&dir.join(CLASSIFIERS_FILE), &bytes) {
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
        report.models.push(TrainedModel {
            name,
            path: path.clone(),
            evaluation: info.evaluation.clone(),
            train_secs: trained.train_secs,
            file_bytes: bytes.len(),
            calibration: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::models::{
        HISTORY_FILE, ModelState, load_models, read_history, recommenders_status,
    };
    use crate::app::jobs::test_util::{TEXTS, add_text, finish_with, project};

    #[test]
    fn nothing_finished_trains_nothing_and_writes_nothing() {
        let (_dir, project, _) = project();
        let report = train(&project, JobControl::unattended());
        assert_eq!(report.documents, 0);
        assert!(report.models.is_empty());
        assert!(!models_dir(&project).exists());
        let loaded = load_models(&project);
        assert!(loaded.models.is_none());
        assert!(
            loaded.notes[0].contains("no learned models yet"),
            "{:?}",
            loaded.notes
        );
    }

    #[test]
    fn finished_documents_train_both_models_which_load_back() {
        let (_dir, mut project, ids) = project();
        finish_with(
            &mut project,
            &ids[0],
            TEXTS[0],
            &[("JNIM", "ARMED_GROUP"), ("Farabougou", "LOCATION")],
        );
        finish_with(
            &mut project,
            &ids[1],
            TEXTS[1],
            &[("Wagner group", "FOREIGN_FORCE"), ("Kassela", "LOCATION")],
        );
        let report = train(&project, JobControl::unattended());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!((report.documents, report.mentions), (2, 4));
        assert_eq!(report.models.len(), 2);
        for model in &report.models {
            assert!(model.path.exists(), "{}", model.path.display());
            assert!(model.evaluation.is_some(), "two documents: one held out");
        }
        let (history, note) = read_history(&project);
        assert_eq!(note, None);
        assert_eq!(history.len(), 2, "a curve point per recommender");
        assert!(history.iter().all(|p| p.training_documents == 2));
        let status = recommenders_status(&project);
        assert!(status.notes.is_empty(), "{:?}", status.notes);
        for learned in &status.learned {
            assert_eq!(learned.state, ModelState::Trained, "{}", learned.name);
            assert_eq!(learned.training_documents, 2);
            assert!(learned.trained_at.is_some());
        }
        let loaded = load_models(&project);
        assert!(loaded.notes.is_empty(), "{:?}", loaded.notes);
        let models = loaded.models.unwrap();
        assert!(models.tagger.is_some());
        let found = models.suggest("Fighters of JNIM were seen near Kassela.");
        assert!(
            found
                .iter()
                .any(|m| m.suggester == "learned:string" && m.label == "ARMED_GROUP"),
            "{found:?}"
        );
    }

    #[test]
    fn every_run_adds_a_curve_point_and_a_damaged_line_is_skipped() {
        let (_dir, mut project, ids) = project();
        finish_with(
            &mut project,
            &ids[0],
            TEXTS[0],
            &[("JNIM", "ARMED_GROUP"), ("Farabougou", "LOCATION")],
        );
        train(&project, JobControl::unattended());
        let path = models_dir(&project).join(HISTORY_FILE);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("{\"recommender\": tru\n");
        std::fs::write(&path, text).unwrap();
        finish_with(
            &mut project,
            &ids[1],
            TEXTS[1],
            &[("Wagner group", "FOREIGN_FORCE"), ("Kassela", "LOCATION")],
        );
        let (history, note) = read_history(&project);
        assert_eq!(history.len(), 2);
        assert!(note.unwrap().contains("1 damaged line"));
        let report = train(&project, JobControl::unattended());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let (history, note) = read_history(&project);
        assert_eq!(note, None, "the damaged line is dropped on rewrite");
        let sizes: Vec<usize> = history.iter().map(|p| p.training_documents).collect();
        assert_eq!(sizes, [1, 1, 2, 2]);
        assert!(history[0].overall.is_none(), "one document: not scored");
        assert!(history[2].overall.is_some());
    }

    #[test]
    fn a_wrong_guess_at_raw_confidence_near_one_is_proposed_well_below_one() {
        let (_dir, mut project, _) = project();
        // Three reports where "Dori" was the town, and one where it was
        // part of a radio station's name and so no LOCATION.
        let finished: [(&str, &[(&str, &str)]); 4] = [
            (
                "Gunmen attacked Dori on Monday and killed two soldiers.",
                &[("Dori", "LOCATION")],
            ),
            (
                "Troops left Dori for Seytenga after the raid.",
                &[("Dori", "LOCATION"), ("Seytenga", "LOCATION")],
            ),
            (
                "Residents fled Dori when the militants came to Falagountou.",
                &[("Dori", "LOCATION"), ("Falagountou", "LOCATION")],
            ),
            (
                "Dori FM said the militants attacked Sebba at dawn.",
                &[("Sebba", "LOCATION")],
            ),
        ];
        for (text, marks) in finished {
            let id = add_text(&mut project, text);
            finish_with(&mut project, &id, text, marks);
        }
        let report = train(&project, JobControl::unattended());
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let loaded = load_models(&project);
        let models = loaded.models.unwrap();
        let tagger = models.tagger.as_ref().unwrap();
        let text = "Dori FM reported the attack on Gorom-Gorom.";
        let dori = crate::model::Span::new(0, "Dori".len());
        // Raw, the string matcher is certain: "Dori" was always a LOCATION.
        let matcher = models.matcher.as_ref().unwrap();
        let raw = matcher.suggest(text);
        assert!(
            raw.iter()
                .any(|m| m.span == dori && m.label == "LOCATION" && m.score == 1.0),
            "{raw:?}"
        );
        // Held out, it was right 3 times of 4 at that score (wrong in
        // "Dori FM"): proposed at (3 + 1) / (4 + 2), the bound.
        let proposed = models.suggest(text);
        let string = proposed
            .iter()
            .find(|m| m.span == dori && m.suggester == "learned:string")
            .unwrap();
        assert!((string.score - 2.0 / 3.0).abs() < 1e-6, "{proposed:?}");
        // The tagger's three right of three at raw ~1 are worth 0.8 at most.
        let map = tagger.calibration();
        assert!(map.apply(1.0) <= 0.8 + 1e-6, "{map:?}");
        assert!(proposed.iter().all(|m| m.score < 1.0), "{proposed:?}");
        // "Gorom-Gorom" is proposed whole if at all, never by halves.
        let whole = crate::model::Span::new(text.len() - "Gorom-Gorom.".len(), text.len() - 1);
        for m in &proposed {
            assert!(
                m.span == whole
                    || m.span.end_byte <= whole.start_byte
                    || m.span.start_byte >= whole.end_byte,
                "{m:?}"
            );
        }
    }
}
