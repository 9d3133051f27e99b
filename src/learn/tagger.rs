//! The trained sequence tagger: an averaged structured perceptron over BIO
//! tags of the entity labels, with hashed features and Viterbi decoding.
//!
//! Why a perceptron: it trains in one pass per epoch with no gradients or
//! learning rate to tune, averages to a model about as good as a CRF's on
//! news NER, and needs nothing beyond the crate. Tags are `O`, then `B-` and
//! `I-` of each label seen in training; Viterbi never lets `I-X` follow
//! anything but `B-X` or `I-X`, so every decoded chunk is a well-formed
//! mention whose bytes are exactly those of its tokens.

use super::data::{LabeledSpan, TrainingDoc};
use super::features::{self, DocFeatures, MemoryHints, RuleHints};
use super::string_matcher::StringMatcher;
use crate::model::Span;
use crate::progress::JobControl;
use crate::suggest::{MentionSuggestion, Rules};
use crate::text::tokens::Tokens;

/// Name of this recommender, as recorded in each suggestion's review.
pub const SUGGESTER: &str = "learned:tagger";

/// The least raw confidence (mean softmax over a chunk's tokens) of a
/// proposal: below it, a guess costs the analyst a rejection more often
/// than it saves a creation. The calibration is measured on the chunks
/// above it, the ones the analyst is shown.
pub const MIN_CONFIDENCE: f32 = 0.5;

/// How to train.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// The weight table has `2^hash_bits` rows.
    pub hash_bits: u8,
    /// Seed of the deterministic shuffle between epochs.
    pub seed: u64,
    /// Whether the rules' event triggers and claim cues are features, as
    /// for a tagger of those layers (see [`Sources::span_layers`]).
    pub span_layers: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 8,
            hash_bits: 18,
            seed: 0x5eed,
            span_layers: false,
        }
    }
}

/// A trained tagger: labels, feature weights and tag transitions.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagger {
    /// Entity labels in tag order: tag `1 + 2k` is `B-labels[k]`, `2 + 2k` is `I-labels[k]`.
    pub(crate) labels: Vec<String>,
    pub(crate) hash_bits: u8,
    /// `2^hash_bits` rows of one weight per tag.
    pub(crate) weights: Vec<f32>,
    /// `(tags + 1) × tags`: from each tag (and, last, from the sentence start) to each tag.
    pub(crate) transitions: Vec<f32>,
    /// Whether the rule suggesters' hints were features in training.
    pub(crate) uses_rules: bool,
    /// Whether the string matcher's memory was a feature in training.
    pub(crate) uses_memory: bool,
    /// Whether the rules' event triggers and claim cues were features.
    pub(crate) uses_span_layers: bool,
}

/// What, besides the text, the tagger's features may read.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// The rule suggesters: their hits become features (build them with the
    /// catalogue and the shipped schema, so that a project schema that
    /// lacks their labels does not filter them out).
    pub rules: Option<&'a Rules>,
    /// The string matcher: the labels it remembers for a text become features.
    pub memory: Option<&'a StringMatcher>,
    /// With the rules, their event triggers and claim cues become features
    /// too, as if they were mentions labelled by event type or stance: what
    /// a tagger of those layers reads (see [`super::layers`]).
    pub span_layers: bool,
}

/// A document ready for the tagger: its tokens and their features.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub tokens: Tokens,
    pub features: DocFeatures,
    /// Names a proposal may not split, in text order: every hyphenated
    /// word ("Gorom-Gorom", "al-Qaeda") and, when the rules are a source,
    /// every catalogue match.
    pub names: Vec<Span>,
}

impl Prepared {
    /// Tokenises `text` and computes its features from `sources`.
    pub fn new(text: &str, sources: Sources<'_>, hash_bits: u8) -> Self {
        Self::build(text, sources, None, hash_bits)
    }

    /// The same for a training document: the memory's counts leave out
    /// the document's own mentions, so the tagger learns how far to trust
    /// the memory on text it has not seen.
    pub fn for_training(doc: &TrainingDoc, sources: Sources<'_>, hash_bits: u8) -> Self {
        Self::build(&doc.text, sources, Some(doc), hash_bits)
    }

    fn build(
        text: &str,
        sources: Sources<'_>,
        excluded: Option<&TrainingDoc>,
        hash_bits: u8,
    ) -> Self {
        let tokens = Tokens::new(text);
        let mut names = hyphenated_words(text, &tokens);
        let hints = sources.rules.map(|s| {
            let mut suggestions = s.suggest(text);
            if sources.span_layers {
                let hints = super::layers::rule_hints(&suggestions);
                suggestions.mentions.extend(hints);
            }
            names.extend(
                suggestions
                    .mentions
                    .iter()
                    .filter(|m| m.suggester == crate::suggest::catalogue_matcher::SUGGESTER)
                    .map(|m| m.span),
            );
            RuleHints::new(&tokens, &suggestions)
        });
        names.sort_unstable();
        names.dedup();
        let memory = sources
            .memory
            .map(|m| MemoryHints::new(&tokens, &m.hits(text, excluded)));
        let features = features::extract(text, &tokens, hints.as_ref(), memory.as_ref(), hash_bits);
        Self {
            tokens,
            features,
            names,
        }
    }
}

/// Whether a token is a hyphen joining two words.
fn is_hyphen(text: &str, token: &crate::text::tokens::Token) -> bool {
    matches!(token.span.text(text), Some("-" | "\u{2010}" | "\u{2011}"))
}

/// Every word made of words joined by hyphens with no space ("Gorom-Gorom",
/// "al-Qaeda", "pro-government"): the tokens split it, a name does not.
fn hyphenated_words(text: &str, tokens: &Tokens) -> Vec<Span> {
    let tokens = &tokens.tokens;
    let is_word = |i: usize| {
        tokens[i]
            .span
            .text(text)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_alphanumeric)
    };
    let joined = |a: usize, b: usize| tokens[a].span.end_byte == tokens[b].span.start_byte;
    let mut words = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut end = i;
        while is_word(end)
            && end + 2 < tokens.len()
            && is_hyphen(text, &tokens[end + 1])
            && is_word(end + 2)
            && joined(end, end + 1)
            && joined(end + 1, end + 2)
        {
            end += 2;
        }
        if end > i {
            words.push(Span::new(
                tokens[i].span.start_byte,
                tokens[end].span.end_byte,
            ));
        }
        i = end + 1;
    }
    words
}

/// `span` widened to the whole of every name it starts or ends inside
/// (`names` as in [`Prepared::names`]).
///
/// Widened rather than dropped: a chunk that ends inside "Gorom-Gorom" saw
/// a name where there is one and only missed where it ends, and strict
/// matching never counts a half-name right while the whole name often is.
/// The calibration is measured on widened proposals, so where widening
/// misleads, the proposals' score says so.
fn widen_to_names(span: Span, names: &[Span]) -> Span {
    let mut span = span;
    loop {
        let before = span;
        // Only names that start before the span ends can overlap it.
        let reach = names.partition_point(|n| n.start_byte < span.end_byte);
        for name in &names[..reach] {
            if name.start_byte < span.start_byte && span.start_byte < name.end_byte {
                span.start_byte = name.start_byte;
            }
            if name.start_byte < span.end_byte && span.end_byte < name.end_byte {
                span.end_byte = name.end_byte;
            }
        }
        if span == before {
            return span;
        }
    }
}

fn tag_count(labels: usize) -> usize {
    1 + 2 * labels
}

fn is_inside(tag: usize) -> bool {
    tag != 0 && tag.is_multiple_of(2)
}

/// Whether `tag` may follow `previous` (`None`: the sentence start).
fn allowed(previous: Option<usize>, tag: usize) -> bool {
    if !is_inside(tag) {
        return true;
    }
    previous.is_some_and(|p| p != 0 && (p - 1) / 2 == (tag - 1) / 2)
}

/// BIO tags of a document's gold mentions (longest first where they overlap).
fn gold_tags(tokens: &Tokens, gold: &[LabeledSpan], labels: &[String]) -> Vec<u16> {
    let mut tags = vec![0_u16; tokens.len()];
    let mut mentions: Vec<&LabeledSpan> = gold.iter().collect();
    mentions.sort_by_key(|m| (m.span.start_byte, std::cmp::Reverse(m.span.end_byte)));
    for m in mentions {
        let Ok(k) = labels.binary_search(&m.label) else {
            continue;
        };
        let range = features::covered(tokens, m.span);
        if range.is_empty() || tags[range.clone()].iter().any(|&t| t != 0) {
            continue;
        }
        let begin = u16::try_from(1 + 2 * k).unwrap_or(0);
        for i in range.clone() {
            let starts_sentence = tokens.tokens[i].position == 0;
            tags[i] = if i == range.start || starts_sentence {
                begin
            } else {
                begin + 1
            };
        }
    }
    tags
}

/// Training state: current weights, plus the running sums that averaging needs.
struct Trainer {
    tags: usize,
    weights: Vec<f32>,
    transitions: Vec<f32>,
    /// Σ step × update, for the averaged model `w − acc / steps`.
    weights_acc: Vec<f32>,
    transitions_acc: Vec<f32>,
    step: f32,
}

impl Trainer {
    fn update_row(&mut self, row: u32, tag: usize, delta: f32) {
        let index = row as usize * self.tags + tag;
        self.weights[index] += delta;
        self.weights_acc[index] += self.step * delta;
    }

    fn update_transition(&mut self, previous: Option<usize>, tag: usize, delta: f32) {
        let index = previous.unwrap_or(self.tags) * self.tags + tag;
        self.transitions[index] += delta;
        self.transitions_acc[index] += self.step * delta;
    }
}

impl Tagger {
    /// Trains on finished documents (already prepared, in the same order).
    ///
    /// The labels are those of the training gold, sorted; the result does
    /// not depend on the order of `docs` beyond the seeded shuffle.
    pub fn train(
        docs: &[(&TrainingDoc, &Prepared)],
        sources: Sources<'_>,
        options: TrainOptions,
        control: &JobControl<'_>,
    ) -> Self {
        let mut labels: Vec<String> = docs
            .iter()
            .flat_map(|(d, _)| d.gold.iter().map(|g| g.label.clone()))
            .collect();
        labels.sort();
        labels.dedup();
        let tags = tag_count(labels.len());
        let rows = 1_usize << options.hash_bits;
        let gold: Vec<Vec<u16>> = docs
            .iter()
            .map(|(d, p)| gold_tags(&p.tokens, &d.gold, &labels))
            .collect();
        let mut trainer = Trainer {
            tags,
            weights: vec![0.0; rows * tags],
            transitions: vec![0.0; (tags + 1) * tags],
            weights_acc: vec![0.0; rows * tags],
            transitions_acc: vec![0.0; (tags + 1) * tags],
            step: 1.0,
        };
        let mut rng = options.seed | 1;
        let mut order: Vec<usize> = (0..docs.len()).collect();
        let mut scores = Vec::new();
        let mut predicted = Vec::new();
        let mut extra = Vec::new();
        control
            .progress
            .begin("training the tagger", options.epochs as u64);
        for _ in 0..options.epochs {
            if control.is_cancelled() {
                break;
            }
            // Documents in a new order each epoch, each one's sentences in
            // reading order, as the history feature sees them when tagging.
            shuffle(&mut order, &mut rng);
            let mut mistakes = 0_usize;
            for &d in &order {
                let (_, prepared) = docs[d];
                let features = &prepared.features;
                let mut history = History::default();
                for range in &prepared.tokens.sentences {
                    let truth = &gold[d][range.clone()];
                    history.rows(features, range.clone(), &mut extra);
                    emissions(
                        &trainer.weights,
                        tags,
                        features,
                        range.clone(),
                        &extra,
                        &mut scores,
                    );
                    viterbi(&scores, &trainer.transitions, tags, &mut predicted);
                    for (offset, i) in range.clone().enumerate() {
                        let (gold_tag, guess) = (usize::from(truth[offset]), predicted[offset]);
                        let previous_gold = offset.checked_sub(1).map(|o| usize::from(truth[o]));
                        let previous_guess = offset.checked_sub(1).map(|o| predicted[o]);
                        if gold_tag != guess {
                            mistakes += 1;
                            for &row in features.token(i).iter().chain(&extra[offset]) {
                                trainer.update_row(row, gold_tag, 1.0);
                                trainer.update_row(row, guess, -1.0);
                            }
                        }
                        if gold_tag != guess || previous_gold != previous_guess {
                            trainer.update_transition(previous_gold, gold_tag, 1.0);
                            trainer.update_transition(previous_guess, guess, -1.0);
                        }
                    }
                    history.record(features, range.clone(), &predicted);
                    trainer.step += 1.0;
                }
            }
            control.progress.advance(1);
            // An epoch without a mistake would change nothing but the average.
            if mistakes == 0 {
                break;
            }
        }
        let average = |w: Vec<f32>, acc: Vec<f32>, step: f32| -> Vec<f32> {
            w.into_iter().zip(acc).map(|(w, a)| w - a / step).collect()
        };
        Self {
            weights: average(trainer.weights, trainer.weights_acc, trainer.step),
            transitions: average(trainer.transitions, trainer.transitions_acc, trainer.step),
            labels,
            hash_bits: options.hash_bits,
            uses_rules: sources.rules.is_some(),
            uses_memory: sources.memory.is_some(),
            uses_span_layers: sources.span_layers && sources.rules.is_some(),
        }
    }

    /// The entity labels it can propose.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    pub fn hash_bits(&self) -> u8 {
        self.hash_bits
    }

    /// Whether it was trained with the rule suggesters' hints as features
    /// (then [`Prepared::new`] should be given the same rules).
    pub fn uses_rules(&self) -> bool {
        self.uses_rules
    }

    /// Whether it was trained with the string matcher's memory as features.
    pub fn uses_memory(&self) -> bool {
        self.uses_memory
    }

    /// Whether it was trained with the rules' triggers and cues as features.
    pub fn uses_span_layers(&self) -> bool {
        self.uses_span_layers
    }

    /// `sources` without what this tagger was not trained with.
    pub fn sources<'a>(&self, sources: Sources<'a>) -> Sources<'a> {
        Sources {
            rules: sources.rules.filter(|_| self.uses_rules),
            memory: sources.memory.filter(|_| self.uses_memory),
            span_layers: self.uses_span_layers,
        }
    }

    /// The mentions it finds in a prepared document, in text order.
    pub fn tag(&self, prepared: &Prepared) -> Vec<LabeledSpan> {
        self.tag_scored(prepared)
            .into_iter()
            .map(|(m, _)| m)
            .collect()
    }

    /// Candidate mentions for `text`; `sources` as in training.
    pub fn suggest(&self, text: &str, sources: Sources<'_>) -> Vec<MentionSuggestion> {
        let prepared = Prepared::new(text, self.sources(sources), self.hash_bits);
        self.tag_scored(&prepared)
            .into_iter()
            .map(|(m, score)| MentionSuggestion::new(m.span, m.label, SUGGESTER, score))
            .collect()
    }

    /// How sure the tagger is of a document: the mean, over its tokens, of
    /// the margin between the best and the second-best tag's probability
    /// (softmax of the emission scores). 1 for an empty document; lower is
    /// less sure — the document active learning asks for first.
    pub fn mean_margin(&self, prepared: &Prepared) -> f32 {
        let tags = tag_count(self.labels.len());
        if self.weights.len() != (1_usize << self.hash_bits) * tags || tags < 2 {
            return 1.0;
        }
        let mut scores = Vec::new();
        let mut predicted = Vec::new();
        let mut extra = Vec::new();
        // The document's history as tagging keeps it, so that the margins
        // are those of the tags the tagger would propose.
        let mut history = History::default();
        let (mut total, mut tokens) = (0.0_f32, 0_usize);
        for range in &prepared.tokens.sentences {
            history.rows(&prepared.features, range.clone(), &mut extra);
            emissions(
                &self.weights,
                tags,
                &prepared.features,
                range.clone(),
                &extra,
                &mut scores,
            );
            viterbi(&scores, &self.transitions, tags, &mut predicted);
            history.record(&prepared.features, range.clone(), &predicted);
            for token in scores.chunks_exact(tags) {
                total += margin(token);
                tokens += 1;
            }
        }
        if tokens == 0 {
            1.0
        } else {
            total / to_f32(tokens)
        }
    }

    /// Mentions with a confidence, in text order: the mean, over the
    /// chunk's tokens, of the softmax of the emission scores at the chosen
    /// tag. A chunk that starts or ends inside a name is widened to the
    /// whole name (see [`widen_to_names`]); chunks widened to the same span
    /// and label are one mention, with the best confidence.
    pub fn tag_scored(&self, prepared: &Prepared) -> Vec<(LabeledSpan, f32)> {
        let tags = tag_count(self.labels.len());
        let mut found = Vec::new();
        if self.weights.len() != (1_usize << self.hash_bits) * tags {
            return found;
        }
        let mut scores = Vec::new();
        let mut predicted = Vec::new();
        let mut extra = Vec::new();
        let mut history = History::default();
        for range in &prepared.tokens.sentences {
            history.rows(&prepared.features, range.clone(), &mut extra);
            emissions(
                &self.weights,
                tags,
                &prepared.features,
                range.clone(),
                &extra,
                &mut scores,
            );
            viterbi(&scores, &self.transitions, tags, &mut predicted);
            history.record(&prepared.features, range.clone(), &predicted);
            let mut offset = 0;
            while offset < predicted.len() {
                let tag = predicted[offset];
                if tag == 0 || is_inside(tag) {
                    offset += 1;
                    continue;
                }
                let mut end = offset + 1;
                while end < predicted.len() && predicted[end] == tag + 1 {
                    end += 1;
                }
                let first = &prepared.tokens.tokens[range.start + offset];
                let last = &prepared.tokens.tokens[range.start + end - 1];
                let confidence: f32 = (offset..end)
                    .map(|o| softmax_at(&scores[o * tags..(o + 1) * tags], predicted[o]))
                    .sum::<f32>()
                    / to_f32(end - offset);
                let span = widen_to_names(
                    Span::new(first.span.start_byte, last.span.end_byte),
                    &prepared.names,
                );
                found.push((
                    LabeledSpan::new(span, self.labels[(tag - 1) / 2].as_str()),
                    confidence,
                ));
                offset = end;
            }
        }
        found.sort_by(|(a, a_score), (b, b_score)| a.cmp(b).then(b_score.total_cmp(a_score)));
        found.dedup_by(|(later, _), (earlier, _)| later == earlier);
        found
    }
}

/// The best tag's probability minus the second best's (softmax of `scores`).
fn margin(scores: &[f32]) -> f32 {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    let (mut first, mut second) = (f32::NEG_INFINITY, f32::NEG_INFINITY);
    for &s in scores {
        if s > first {
            second = first;
            first = s;
        } else if s > second {
            second = s;
        }
    }
    ((first - max).exp() - (second - max).exp()) / total
}

fn to_f32(n: usize) -> f32 {
    // Chunk lengths are small: the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    let f = n as f32;
    f
}

fn softmax_at(scores: &[f32], tag: usize) -> f32 {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let total: f32 = scores.iter().map(|s| (s - max).exp()).sum();
    (scores[tag] - max).exp() / total
}

/// How each capitalised word was tagged where it last occurred earlier in
/// the document — a name is usually the same kind of thing all through a
/// story, and its first mention ("Ahmed Bello, the minister") tends to have
/// the clearer context. Kept while a document is tagged in reading order,
/// in training from the tagger's own guesses, as when it tags new text.
#[derive(Default)]
struct History {
    /// Lowercased word → 0 for outside, `k + 1` for the k-th label.
    seen: std::collections::HashMap<u64, usize>,
}

impl History {
    /// The history feature row of each token of a sentence, if it has one.
    fn rows(
        &self,
        features: &DocFeatures,
        range: std::ops::Range<usize>,
        out: &mut Vec<Option<u32>>,
    ) {
        out.clear();
        out.extend(range.map(|i| {
            let key = features.key(i);
            (key != 0)
                .then(|| self.seen.get(&key))
                .flatten()
                .map(|&label| features.history_row(label))
        }));
    }

    fn record(&mut self, features: &DocFeatures, range: std::ops::Range<usize>, tags: &[usize]) {
        for (i, &tag) in range.zip(tags) {
            let key = features.key(i);
            if key != 0 {
                let label = if tag == 0 { 0 } else { (tag - 1) / 2 + 1 };
                self.seen.insert(key, label);
            }
        }
    }
}

/// Emission scores of a sentence's tokens: `scores[o * tags + t]`.
fn emissions(
    weights: &[f32],
    tags: usize,
    features: &DocFeatures,
    range: std::ops::Range<usize>,
    extra: &[Option<u32>],
    scores: &mut Vec<f32>,
) {
    scores.clear();
    scores.resize(range.len() * tags, 0.0);
    for (offset, i) in range.enumerate() {
        let out = &mut scores[offset * tags..(offset + 1) * tags];
        for &row in features.token(i).iter().chain(&extra[offset]) {
            let start = row as usize * tags;
            for (s, w) in out.iter_mut().zip(&weights[start..start + tags]) {
                *s += w;
            }
        }
    }
}

/// The best tag sequence under the BIO constraint.
fn viterbi(scores: &[f32], transitions: &[f32], tags: usize, best: &mut Vec<usize>) {
    let n = scores.len() / tags.max(1);
    best.clear();
    if n == 0 {
        return;
    }
    // Transitions turned around (`[to][from]`, the start last), with the
    // forbidden ones at minus infinity: the inner loop is then a plain,
    // branch-free scan over contiguous memory.
    let from_count = tags + 1;
    let mut incoming = vec![f32::NEG_INFINITY; tags * from_count];
    for to in 0..tags {
        for from in 0..from_count {
            let previous = (from < tags).then_some(from);
            if allowed(previous, to) {
                incoming[to * from_count + from] = transitions[from * tags + to];
            }
        }
    }
    let mut value = vec![f32::NEG_INFINITY; n * tags];
    let mut back = vec![0_u16; n * tags];
    for t in 0..tags {
        value[t] = scores[t] + incoming[t * from_count + tags];
    }
    for o in 1..n {
        let (done, rest) = value.split_at_mut(o * tags);
        let previous = &done[(o - 1) * tags..];
        for t in 0..tags {
            let row = &incoming[t * from_count..t * from_count + tags];
            let mut best_value = f32::NEG_INFINITY;
            let mut best_previous = 0;
            for (p, (v, w)) in previous.iter().zip(row).enumerate() {
                let candidate = v + w;
                if candidate > best_value {
                    best_value = candidate;
                    best_previous = p;
                }
            }
            rest[t] = best_value + scores[o * tags + t];
            back[o * tags + t] = u16::try_from(best_previous).unwrap_or(0);
        }
    }
    let mut last = 0;
    for t in 1..tags {
        if value[(n - 1) * tags + t] > value[(n - 1) * tags + last] {
            last = t;
        }
    }
    best.resize(n, 0);
    best[n - 1] = last;
    for o in (1..n).rev() {
        best[o - 1] = usize::from(back[o * tags + best[o]]);
    }
}

/// Fisher–Yates with xorshift: the same order on every machine.
fn shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        let j = usize::try_from(*state % (i as u64 + 1)).unwrap_or(0);
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::test_support::marked;
    use crate::model::DocumentId;

    fn doc(marked_text: &str) -> TrainingDoc {
        let (text, gold) = marked(marked_text);
        TrainingDoc {
            id: DocumentId::for_text(&text),
            text,
            gold,
            rejected: Vec::new(),
        }
    }

    #[test]
    fn bio_constraint_forbids_inside_without_begin() {
        // Tags: O, B-A, I-A, B-B, I-B.
        assert!(allowed(None, 1));
        assert!(!allowed(None, 2));
        assert!(allowed(Some(1), 2));
        assert!(allowed(Some(2), 2));
        assert!(!allowed(Some(3), 2));
        assert!(!allowed(Some(0), 4));
    }

    #[test]
    fn learns_a_toy_pattern_and_finds_it_in_unseen_text_with_exact_bytes() {
        let training: Vec<TrainingDoc> = [
            "Fighters attacked [[Dori|LOCATION]] on Monday. Soldiers led by [[Colonel Sanou|PERSON]] fled.",
            "Gunmen raided [[Kaya|LOCATION]] at night. Soldiers led by [[Colonel Traoré|PERSON]] returned.",
            "Rebels attacked [[Gao|LOCATION]] and [[Ménaka|LOCATION]]. Troops led by [[General Diarra|PERSON]] came.",
            "Jihadists entered [[Djibo|LOCATION]] on Friday. Police led by [[Colonel Ouédraogo|PERSON]] left.",
        ]
        .iter()
        .map(|m| doc(m))
        .collect();
        let prepared: Vec<Prepared> = training
            .iter()
            .map(|d| Prepared::new(&d.text, Sources::default(), 16))
            .collect();
        let pairs: Vec<(&TrainingDoc, &Prepared)> = training.iter().zip(&prepared).collect();
        let options = TrainOptions {
            hash_bits: 16,
            ..TrainOptions::default()
        };
        let tagger = Tagger::train(
            &pairs,
            Sources::default(),
            options,
            &JobControl::unattended(),
        );
        assert_eq!(tagger.labels(), ["LOCATION", "PERSON"]);

        let text = "Insurgents attacked Ségou on Sunday. Troops led by General Koné fled.";
        let found = tagger.suggest(text, Sources::default());
        let spans: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.span.text(text).unwrap(), s.label.as_str()))
            .collect();
        assert_eq!(spans, [("Ségou", "LOCATION"), ("General Koné", "PERSON")]);
        let start = text.find("Ségou").unwrap();
        assert_eq!(found[0].span, Span::new(start, start + "Ségou".len()));
        assert!(found.iter().all(|s| s.score > 0.0 && s.score <= 1.0));
        assert!(found.iter().all(|s| s.suggester == SUGGESTER));
    }

    #[test]
    fn history_recalls_how_a_capitalised_word_was_tagged_earlier_in_the_document() {
        let text = "Bello met the press. Later Bello and the press left.";
        let prepared = Prepared::new(text, Sources::default(), 12);
        let sentences = &prepared.tokens.sentences;
        assert_eq!(sentences.len(), 2);
        let features = &prepared.features;
        let mut history = History::default();
        let mut rows = Vec::new();
        history.rows(features, sentences[0].clone(), &mut rows);
        assert!(rows.iter().all(Option::is_none), "nothing seen yet");
        // "Bello" tagged B-PERSON (tag 3 = B- of the second label), the rest O.
        let tags: Vec<usize> = sentences[0]
            .clone()
            .map(|i| usize::from(i == sentences[0].start) * 3)
            .collect();
        history.record(features, sentences[0].clone(), &tags);
        history.rows(features, sentences[1].clone(), &mut rows);
        let word = |o: usize| {
            prepared.tokens.tokens[sentences[1].start + o]
                .span
                .text(text)
        };
        let bello = (0..rows.len()).find(|&o| word(o) == Some("Bello")).unwrap();
        let press = (0..rows.len()).find(|&o| word(o) == Some("press")).unwrap();
        assert_eq!(rows[bello], Some(features.history_row(2)));
        assert_ne!(features.history_row(2), features.history_row(0));
        assert_eq!(rows[press], None, "small-letter words keep no history");
        assert_eq!(rows[0], None, "\"Later\" was not seen before");
    }

    #[test]
    fn training_is_deterministic() {
        let training = [doc("Fighters attacked [[Dori|LOCATION]] on Monday.")];
        let prepared = [Prepared::new(&training[0].text, Sources::default(), 12)];
        let pairs = [(&training[0], &prepared[0])];
        let options = TrainOptions {
            hash_bits: 12,
            ..TrainOptions::default()
        };
        let a = Tagger::train(
            &pairs,
            Sources::default(),
            options,
            &JobControl::unattended(),
        );
        let b = Tagger::train(
            &pairs,
            Sources::default(),
            options,
            &JobControl::unattended(),
        );
        assert_eq!(a, b);
    }

    #[test]
    fn hyphenated_words_are_whole_names_and_spaced_dashes_are_not() {
        let text = "Gorom-Gorom and al-Qaeda fighters - not this - left in 2019-2020.";
        let tokens = Tokens::new(text);
        let words: Vec<&str> = hyphenated_words(text, &tokens)
            .iter()
            .map(|s| s.text(text).unwrap())
            .collect();
        assert_eq!(words, ["Gorom-Gorom", "al-Qaeda", "2019-2020"]);
    }

    #[test]
    fn a_chunk_inside_gorom_gorom_is_widened_to_the_whole_name() {
        let training: Vec<TrainingDoc> = [
            "Gunmen attacked [[Gorom|LOCATION]] on Monday.",
            "Gunmen attacked [[Dori|LOCATION]] on Friday.",
            "Gunmen attacked [[Kaya|LOCATION]] at night.",
            "Gunmen attacked [[Gorom|LOCATION]] again.",
        ]
        .iter()
        .map(|m| doc(m))
        .collect();
        let prepared: Vec<Prepared> = training
            .iter()
            .map(|d| Prepared::new(&d.text, Sources::default(), 14))
            .collect();
        let pairs: Vec<(&TrainingDoc, &Prepared)> = training.iter().zip(&prepared).collect();
        let options = TrainOptions {
            hash_bits: 14,
            ..TrainOptions::default()
        };
        let tagger = Tagger::train(
            &pairs,
            Sources::default(),
            options,
            &JobControl::unattended(),
        );
        let text = "Gunmen attacked Gorom-Gorom on Sunday.";
        let name = Span::new(16, 16 + "Gorom-Gorom".len());
        let mut prepared = Prepared::new(text, Sources::default(), 14);
        assert_eq!(prepared.names, [name]);
        let found = tagger.tag_scored(&prepared);
        assert_eq!(
            found.iter().map(|(m, _)| m.clone()).collect::<Vec<_>>(),
            [LabeledSpan::new(name, "LOCATION")],
            "one whole name, not two halves"
        );
        // Without the names, the tagger's own chunks split it.
        prepared.names.clear();
        let halves = tagger.tag_scored(&prepared);
        assert!(
            halves.iter().any(|(m, _)| m.span != name
                && m.span.start_byte < name.end_byte
                && name.start_byte < m.span.end_byte),
            "{halves:?}"
        );
    }

    #[test]
    fn a_span_starting_or_ending_inside_a_catalogue_name_takes_the_whole_name() {
        let rules = crate::suggest::Rules::sahel_default().unwrap();
        let text = "Fighters of the Islamic State in the Greater Sahara attacked Gorom-Gorom.";
        let sources = Sources {
            rules: Some(&rules),
            memory: None,
            span_layers: false,
        };
        let prepared = Prepared::new(text, sources, 12);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let group = at("Islamic State in the Greater Sahara");
        assert!(prepared.names.contains(&group), "{:?}", prepared.names);
        assert!(prepared.names.contains(&at("Gorom-Gorom")));
        assert_eq!(widen_to_names(at("State in the"), &prepared.names), group);
        assert_eq!(
            widen_to_names(at("Sahara attacked Gorom"), &prepared.names),
            at("Islamic State in the Greater Sahara attacked Gorom-Gorom")
        );
        assert_eq!(
            widen_to_names(at("attacked"), &prepared.names),
            at("attacked")
        );
        assert_eq!(
            widen_to_names(group, &prepared.names),
            group,
            "a whole name stays"
        );
    }
}
