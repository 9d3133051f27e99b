//! Recommenders that learn from the analyst: a string matcher that
//! re-proposes what was confirmed and forgets what was rejected, and a
//! sequence tagger trained on finished documents — offline, in seconds.
//!
//! Pure like [`crate::suggest`]: data in, suggestions and scores out, no
//! I/O (a model is saved and loaded as bytes). The rule suggesters are
//! features of the tagger and the cold start. The files: [`data`] (finished
//! sets → training documents, the 80/20 split), [`string_matcher`],
//! [`crate::text::tokens`], [`features`] and [`tagger`] (the perceptron), [`eval`]
//! (precision/recall/F1), [`calibration`] and [`cross_fit`] (raw
//! confidence mapped to held-out precision), [`activation`] (the rules measured per label, and
//! the gate that silences a recommender below the project's score),
//! [`model_file`] (saved models), [`simulate`] (replaying gold documents as
//! an annotation session, one span layer at a time) and [`simulate_roles`]
//! (the role fillers' replay), [`layers`] (mentions, event triggers and
//! claim cues as span layers, each with its own tagger) and [`classify`]
//! (event types, stances and role fillers learned from corrections and
//! from documents coded as a whole).

pub mod activation;
pub mod calibration;
pub mod classify;
pub mod cross_fit;
pub mod data;
pub mod eval;
pub mod features;
pub mod layers;
pub mod model_file;
pub mod simulate;
pub mod simulate_roles;
pub mod string_matcher;
pub mod tagger;

pub use activation::{Activation, Silenced, measure_rules};
pub use calibration::{Calibration, Outcome};
pub use data::{LabeledSpan, TrainingDoc, layer_documents, split, training_documents};
pub use eval::{Counts, Evaluation, LabelCounts, Scores};
pub use layers::Layer;
pub use model_file::{
    CLASSIFIERS_FORMAT_VERSION, ClassifiersModel, MODEL_FORMAT_VERSION, ModelError, ModelInfo,
    TaggerModel, schema_fingerprint, sorted_labels,
};
pub use simulate::{CurvePoint, LearningCurve, Merge, Order, SimulationOptions, simulate};
pub use simulate_roles::simulate_roles;
pub use string_matcher::{StringMatcher, StringMemory};
pub use tagger::{Prepared, Sources, Tagger, TrainOptions};

use crate::model::Schema;
use crate::progress::JobControl;
use crate::suggest::Rules;

/// Trains the tagger as a project would: first on 80% of the documents,
/// scored on the held-out 20%, then on all of them. The model returned is
/// the one trained on all, carrying the held-out scores and the map from its
/// raw confidence to held-out precision, measured by cross-fitting (see
/// [`cross_fit`]; `None` with a single document).
///
/// `rules`, when given, makes the rule suggesters' hits features (see
/// [`Sources::rules`]). With `use_memory`, what the string matcher remembers
/// is a feature too: tag with the matcher trained on the same documents
/// (as [`train_string_matcher`] builds it).
pub fn train_tagger(
    docs: &[TrainingDoc],
    schema: &Schema,
    rules: Option<&Rules>,
    use_memory: bool,
    options: TrainOptions,
    control: &JobControl<'_>,
) -> TaggerModel {
    let (training, held_out) = split(docs);
    let evaluation = (!held_out.is_empty()).then(|| {
        let (tagger, memory) = trained_on(&training, rules, use_memory, options, control);
        let sources = Sources {
            rules,
            memory: memory.as_ref(),
            span_layers: options.span_layers,
        };
        let mut counts = LabelCounts::default();
        for doc in &held_out {
            let prepared = Prepared::new(&doc.text, sources, options.hash_bits);
            counts.compare(&tagger.tag(&prepared), &doc.gold);
        }
        Evaluation::from_counts(
            &counts,
            training.len(),
            mention_count(training.iter().copied()),
            held_out.len(),
        )
    });
    let calibration = Calibration::fit(&cross_fit::tagger_outcomes(
        docs, rules, use_memory, options, control,
    ));
    let all: Vec<&TrainingDoc> = docs.iter().collect();
    let (tagger, _) = trained_on(&all, rules, use_memory, options, control);
    let mut model = TaggerModel::new(
        tagger,
        schema,
        docs.len(),
        mention_count(docs.iter()),
        evaluation,
    );
    model.info.calibration = calibration;
    model
}

/// How a tagger of event triggers or claim cues trains: the rules'
/// triggers and cues are features, and the table is smaller than the
/// mentions' (a layer has far fewer spans and words to tell apart).
pub const SPAN_LAYER_OPTIONS: TrainOptions = TrainOptions {
    epochs: 8,
    hash_bits: 16,
    seed: 0x5eed,
    span_layers: true,
};

/// Trains the tagger of a span layer (event triggers or claim cues, see
/// [`layers`]) as [`train_tagger`] trains the mentions' — scored on the
/// held-out 20%, calibrated by cross-fitting — on documents whose gold is
/// that layer's ([`layer_documents`]), with `rules` as features.
pub fn train_span_layer(
    docs: &[TrainingDoc],
    schema: &Schema,
    rules: Option<&Rules>,
    control: &JobControl<'_>,
) -> TaggerModel {
    train_tagger(docs, schema, rules, false, SPAN_LAYER_OPTIONS, control)
}

/// A tagger trained on `training`, with the string matcher built from the
/// same documents when its memory is a feature (`use_memory`).
pub(crate) fn trained_on(
    training: &[&TrainingDoc],
    rules: Option<&Rules>,
    use_memory: bool,
    options: TrainOptions,
    control: &JobControl<'_>,
) -> (Tagger, Option<StringMatcher>) {
    let memory = if use_memory {
        StringMatcher::train(training).ok()
    } else {
        None
    };
    let sources = Sources {
        rules,
        memory: memory.as_ref(),
        span_layers: options.span_layers,
    };
    let prepared: Vec<Prepared> = training
        .iter()
        .map(|d| Prepared::for_training(d, sources, options.hash_bits))
        .collect();
    let pairs: Vec<(&TrainingDoc, &Prepared)> = training.iter().copied().zip(&prepared).collect();
    (Tagger::train(&pairs, sources, options, control), memory)
}

/// The string matcher of every document, how one built from 80% of them
/// scored on the held-out 20%, and the map from its score to held-out
/// precision.
#[derive(Clone, Debug)]
pub struct TrainedStringMatcher {
    pub matcher: StringMatcher,
    pub evaluation: Option<Evaluation>,
    /// Measured by cross-fitting (see [`cross_fit`]); `None` with a single
    /// document.
    pub calibration: Option<Calibration>,
}

/// Builds the string matcher from every document and scores one built
/// from 80% of them on the held-out 20% (a text and label proposed more
/// than once at a span counts once).
pub fn train_string_matcher(
    docs: &[TrainingDoc],
) -> Result<TrainedStringMatcher, aho_corasick::BuildError> {
    let (training, held_out) = split(docs);
    let evaluation = if held_out.is_empty() {
        None
    } else {
        let matcher = StringMatcher::train(&training)?;
        let mut counts = LabelCounts::default();
        for doc in &held_out {
            let predicted: Vec<LabeledSpan> = best_per_span(matcher.suggest(&doc.text))
                .into_iter()
                .map(|s| LabeledSpan::new(s.span, s.label))
                .collect();
            counts.compare(&predicted, &doc.gold);
        }
        Some(Evaluation::from_counts(
            &counts,
            training.len(),
            mention_count(training.iter().copied()),
            held_out.len(),
        ))
    };
    let all: Vec<&TrainingDoc> = docs.iter().collect();
    Ok(TrainedStringMatcher {
        matcher: StringMatcher::train(&all)?,
        evaluation,
        calibration: Calibration::fit(&cross_fit::string_matcher_outcomes(docs)),
    })
}

fn mention_count<'a>(docs: impl Iterator<Item = &'a TrainingDoc>) -> usize {
    docs.map(|d| d.gold.len()).sum()
}

/// One suggestion per span: the best score wins, the earlier on a tie.
pub fn best_per_span(
    mut suggestions: Vec<crate::suggest::MentionSuggestion>,
) -> Vec<crate::suggest::MentionSuggestion> {
    suggestions.sort_by(|a, b| a.span.cmp(&b.span).then(b.score.total_cmp(&a.score)));
    suggestions.dedup_by(|later, earlier| later.span == earlier.span);
    suggestions
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::LabeledSpan;
    use crate::model::Span;

    /// Parses `"[[JNIM|ARMED_GROUP]] claimed the attack"` into the plain
    /// text and its labeled spans.
    pub fn marked(marked: &str) -> (String, Vec<LabeledSpan>) {
        let mut text = String::new();
        let mut spans = Vec::new();
        let mut rest = marked;
        while let Some(open) = rest.find("[[") {
            text.push_str(&rest[..open]);
            let after = &rest[open + 2..];
            let close = after.find("]]").expect("unclosed [[");
            let (covered, label) = after[..close].split_once('|').expect("[[text|LABEL]]");
            let start = text.len();
            text.push_str(covered);
            spans.push(LabeledSpan::new(Span::new(start, text.len()), label));
            rest = &after[close + 2..];
        }
        text.push_str(rest);
        (text, spans)
    }
}
