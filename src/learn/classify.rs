//! Learned classifiers for events and claims: an event's type and sub-type
//! from its trigger and sentence, a claim's stance from its cue and
//! context, and which of the sentence's mentions fills a role (agent,
//! target, …, a claim's source and responsible).
//!
//! Each is a logistic regression over hashed features (multinomial for the
//! types and stances, a conditional logit ranking the candidate mentions
//! for the roles), trained in a few passes of stochastic gradient on the
//! same finished documents as the tagger. The rules stay: their guess is a
//! feature, and they are the cold start. A classifier overrules a rule's
//! guess as soon as the analysts corrected that guess once, when it is
//! surer of its own answer than the rule's guess has been right (the rule's
//! measured precision for that class, Laplace-smoothed: corrected once and
//! never confirmed it is 1/3, confirmed nine times and corrected once
//! 10/12) and at least [`MIN_CONFIDENCE`] sure; a guess never corrected is
//! not second-guessed, and a (learner, label) pair the project's
//! activation gate silenced proposes nothing. A role the rules left empty
//! (an event's, or a claim's source or responsible: a learned trigger or
//! cue comes with none) is filled the same way once the analysts filled it where the rules did
//! not. A revision names its learner (`learned:event-type`, …) and carries
//! the classifier's probability as its score; decided items are never
//! touched. Models saved before the rules' precision was kept (no
//! `rule_right` in the header) keep the old gate: two corrections and two
//! examples.

use std::collections::{BTreeMap, HashMap};

use super::data::{GOLD_ANNOTATOR, TrainingDoc, fnv1a, split};
use super::eval::{Evaluation, LabelCounts};
use crate::model::{AnnotationSet, ClaimSource, DocumentId, MentionId, Span, Status};
use crate::progress::JobControl;
use crate::suggest::{Rules, SourceSuggestion, Suggestions};
use crate::text::sentences::Sentences;

/// The learner that revised an event's type or sub-type.
pub const EVENT_TYPE_SUGGESTER: &str = "learned:event-type";
/// The learner that revised a claim's stance.
pub const STANCE_SUGGESTER: &str = "learned:stance";
/// The learner that chose a role filler, a source or a responsible actor.
pub const ROLES_SUGGESTER: &str = "learned:roles";
/// The learner of sub-types (it revises through [`EVENT_TYPE_SUGGESTER`];
/// the train report lists it apart).
pub const EVENT_SUB_TYPE_SUGGESTER: &str = "learned:event-sub-type";

/// Fewer training examples of a class than this and the rules keep it.
pub const MIN_EXAMPLES_PER_CLASS: usize = 2;
/// Least probability for a classifier to overrule the rules.
pub const MIN_CONFIDENCE: f32 = 0.6;

/// Rows of the hashed feature table (2^20: collisions are rare in the few
/// thousand features a project's events and claims give).
const HASH_BITS: u32 = 20;
const EPOCHS: usize = 20;
const LEARNING_RATE: f32 = 0.3;
/// Words either side of a trigger or cue that count as its context.
const WINDOW_WORDS: usize = 6;
/// The role name a claim's source is ranked under.
const SOURCE_ROLE: &str = "source";
/// The role name a claim's responsible actor is ranked under.
const RESPONSIBLE_ROLE: &str = "responsible";
/// Separates type and sub-type in the sub-type classifier's classes.
const SUB_TYPE_SEPARATOR: char = '\u{1f}';

/// A linear model over hashed features: one weight per feature and class
/// (one class for a ranker, whose `classes` are then the roles it ranks).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Linear {
    /// The classes in index order (the roles, for a ranker).
    pub classes: Vec<String>,
    /// Training examples of each class (groups of each role, for a ranker).
    pub examples: Vec<usize>,
    /// Feature → one weight per output (`width` of them).
    pub weights: BTreeMap<u32, Vec<f32>>,
    /// Outputs per feature: the number of classes, or 1 for a ranker.
    pub width: usize,
    /// Times the analysts corrected the rules' guess of each class (for a
    /// ranker: the rules' choice for each role): a guess never corrected is
    /// never overruled.
    pub corrected: Vec<usize>,
    /// Times the rules' guess of each class (a ranker: each role's choice)
    /// was right. Empty in models saved before it was counted: they keep
    /// the gate of [`MIN_EXAMPLES_PER_CLASS`] corrections.
    pub rule_right: Vec<usize>,
}

impl Linear {
    fn scores(&self, features: &[u32]) -> Vec<f32> {
        let mut scores = vec![0.0; self.width];
        for f in features {
            if let Some(row) = self.weights.get(f) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
        scores
    }

    /// Whether class `index` was seen often enough to overrule the rules:
    /// once, or [`MIN_EXAMPLES_PER_CLASS`] times in a model without the
    /// rules' precision.
    fn knows(&self, index: usize) -> bool {
        let least = if self.rule_right.is_empty() {
            MIN_EXAMPLES_PER_CLASS
        } else {
            1
        };
        self.examples.get(index).is_some_and(|&n| n >= least)
    }

    /// Whether the rules' guess of class (or role) `index` may give way to
    /// an answer of probability `p`: the analysts corrected it, and `p` is
    /// above the share of the rules' guesses of it that were right
    /// (Laplace-smoothed). A model without that share needs
    /// [`MIN_EXAMPLES_PER_CLASS`] corrections.
    fn rule_gives_way(&self, index: usize, p: f32) -> bool {
        let corrected = self.corrected.get(index).copied().unwrap_or(0);
        let Some(&right) = self.rule_right.get(index) else {
            return corrected >= MIN_EXAMPLES_PER_CLASS;
        };
        corrected >= 1 && p > rule_precision(right, corrected)
    }

    /// Whether the classifier tells at least two classes apart.
    fn is_active(&self) -> bool {
        (0..self.classes.len()).filter(|&i| self.knows(i)).count() >= 2
    }

    fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == name)
    }

    /// The class that overrules `current` (the rules' guess), and its
    /// probability: the classifier tells two classes apart, knows the class
    /// it picks, is sure enough, and the rules' guess of `current` gives way
    /// ([`Self::rule_gives_way`]) — a rule that was never corrected is not
    /// second-guessed by a majority class.
    fn overruling(&self, features: &[u32], current: Option<&str>) -> Option<(usize, f32)> {
        if !self.is_active() {
            return None;
        }
        let (best, p) = self.best(features, |_| true)?;
        let corrected = current.is_none_or(|c| {
            self.class_index(c)
                .is_some_and(|i| self.rule_gives_way(i, p))
        });
        (self.knows(best)
            && p >= MIN_CONFIDENCE
            && Some(self.classes[best].as_str()) != current
            && corrected)
            .then_some((best, p))
    }

    /// The best class among `allowed` and its probability among them.
    fn best(&self, features: &[u32], allowed: impl Fn(&str) -> bool) -> Option<(usize, f32)> {
        let scores = self.scores(features);
        let candidates: Vec<(usize, f32)> = scores
            .into_iter()
            .enumerate()
            .filter(|(i, _)| allowed(&self.classes[*i]))
            .collect();
        let probs = softmax(&candidates.iter().map(|(_, s)| *s).collect::<Vec<_>>());
        candidates
            .iter()
            .zip(probs)
            .map(|((i, _), p)| (*i, p))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Multinomial logistic regression on `(features, class)` examples.
    fn train_classes(
        classes: Vec<String>,
        examples: &[(Vec<u32>, usize)],
        corrected: Vec<usize>,
    ) -> Self {
        let width = classes.len();
        let mut counts = vec![0; width];
        for (_, c) in examples {
            counts[*c] += 1;
        }
        let mut weights: HashMap<u32, Vec<f32>> = HashMap::new();
        for epoch in 0..EPOCHS {
            let rate = learning_rate(epoch);
            for &i in &shuffled(examples.len(), epoch) {
                let (features, class) = &examples[i];
                let mut scores = vec![0.0; width];
                for f in features {
                    if let Some(row) = weights.get(f) {
                        for (s, w) in scores.iter_mut().zip(row) {
                            *s += w;
                        }
                    }
                }
                let probs = softmax(&scores);
                for f in features {
                    let row = weights.entry(*f).or_insert_with(|| vec![0.0; width]);
                    for (c, (w, p)) in row.iter_mut().zip(&probs).enumerate() {
                        let target = if c == *class { 1.0 } else { 0.0 };
                        *w += rate * (target - p);
                    }
                }
            }
        }
        Self {
            classes,
            examples: counts,
            weights: weights.into_iter().collect(),
            width,
            corrected,
            rule_right: Vec::new(),
        }
    }

    /// A conditional logit ranking candidates: each group is one role of
    /// one item, its candidates' features and which of them are gold.
    fn train_ranker(roles: Vec<String>, groups: &[RankGroup], corrected: Vec<usize>) -> Self {
        let mut counts = vec![0; roles.len()];
        for g in groups {
            counts[g.role] += 1;
        }
        let mut weights: HashMap<u32, Vec<f32>> = HashMap::new();
        for epoch in 0..EPOCHS {
            let rate = learning_rate(epoch);
            for &i in &shuffled(groups.len(), epoch) {
                let group = &groups[i];
                let gold = group.gold.iter().filter(|g| **g).count();
                if gold == 0 {
                    continue;
                }
                let scores: Vec<f32> = group
                    .candidates
                    .iter()
                    .map(|fs| fs.iter().filter_map(|f| weights.get(f)).map(|r| r[0]).sum())
                    .collect();
                let probs = softmax(&scores);
                #[allow(clippy::cast_precision_loss)] // a handful of gold fillers
                let share = 1.0 / gold as f32;
                for ((features, is_gold), p) in group.candidates.iter().zip(&group.gold).zip(probs)
                {
                    let target = if *is_gold { share } else { 0.0 };
                    for f in features {
                        weights.entry(*f).or_insert_with(|| vec![0.0])[0] += rate * (target - p);
                    }
                }
            }
        }
        Self {
            classes: roles,
            examples: counts,
            weights: weights.into_iter().collect(),
            width: 1,
            corrected,
            rule_right: Vec::new(),
        }
    }

    /// Whether a ranker may overrule the rules' filler of role `index` with
    /// a choice of probability `p`: it saw the role, and the rules' choice
    /// for it gives way ([`Self::rule_gives_way`]).
    fn overrules_role(&self, index: usize, p: f32) -> bool {
        self.knows(index) && self.rule_gives_way(index, p)
    }

    /// Whether a ranker may fill role `index` where the rules left it
    /// empty: the analysts filled it where the rules did not (the groups of
    /// the role neither right nor corrected), and the choice is
    /// [`MIN_CONFIDENCE`] sure. Models without the rules' counts never do.
    fn fills_role(&self, index: usize, p: f32) -> bool {
        let (Some(&right), Some(&seen)) = (self.rule_right.get(index), self.examples.get(index))
        else {
            return false;
        };
        let wrong = self.corrected.get(index).copied().unwrap_or(0);
        self.knows(index) && seen.saturating_sub(right + wrong) >= 1 && p >= MIN_CONFIDENCE
    }

    /// The best candidate and its probability, for a ranker.
    fn rank(&self, candidates: &[Vec<u32>]) -> Option<(usize, f32)> {
        let scores: Vec<f32> = candidates.iter().map(|fs| self.scores(fs)[0]).collect();
        softmax(&scores)
            .into_iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// The share of the rules' guesses that were right, with one right and one
/// wrong guess added (Laplace): 1/3 after one correction and nothing right.
fn rule_precision(right: usize, corrected: usize) -> f32 {
    #[allow(clippy::cast_precision_loss)] // counts of a project's items
    let share = (right + 1) as f32 / (right + corrected + 2) as f32;
    share
}

fn learning_rate(epoch: usize) -> f32 {
    #[allow(clippy::cast_precision_loss)] // a few dozen epochs
    let decay = 1.0 + epoch as f32 * 0.2;
    LEARNING_RATE / decay
}

/// 0..n in an order fixed by `epoch`, so training is deterministic.
fn shuffled(n: usize, epoch: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| fnv1a(format!("{epoch}:{i}").as_bytes()));
    order
}

fn softmax(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter()
        .map(|e| e / sum.max(f32::MIN_POSITIVE))
        .collect()
}

/// One role of one item for the ranker.
struct RankGroup {
    role: usize,
    candidates: Vec<Vec<u32>>,
    gold: Vec<bool>,
}

/// The trained classifiers of a project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Classifiers {
    pub event_type: Linear,
    /// Classes are `type` + [`SUB_TYPE_SEPARATOR`] + `sub-type` (empty for none).
    pub event_sub_type: Linear,
    pub stance: Linear,
    pub roles: Linear,
    /// (learner, label) pairs the project's activation gate silenced (see
    /// [`crate::learn::Activation`]): they revise nothing. Not saved; set
    /// when the models are loaded.
    pub silenced: super::Silenced,
}

/// A document's text and mentions as the features see them.
struct View<'a> {
    text: &'a str,
    sentences: Sentences,
    /// Span and label of each mention, in the caller's order.
    mentions: Vec<(Span, &'a str)>,
}

impl<'a> View<'a> {
    fn new(text: &'a str, mentions: Vec<(Span, &'a str)>) -> Self {
        Self {
            text,
            sentences: Sentences::new(text),
            mentions,
        }
    }

    fn sentence_of(&self, span: Span) -> Span {
        self.sentences
            .span(self.sentences.index_of(span.start_byte))
    }

    /// Indices of the mentions in `anchor`'s sentence, not overlapping it.
    fn in_sentence(&self, anchor: Span) -> Vec<usize> {
        let sentence = self.sentence_of(anchor);
        (0..self.mentions.len())
            .filter(|&i| {
                let span = self.mentions[i].0;
                sentence.contains(span) && !span.overlaps(anchor)
            })
            .collect()
    }
}

/// Lowercase words of `text[range]` with their byte offsets.
fn words(text: &str, from: usize, to: usize) -> Vec<(usize, String)> {
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in slice
        .char_indices()
        .chain(std::iter::once((slice.len(), ' ')))
    {
        let word_char = c.is_alphanumeric() || c == '\'' || c == '’';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((from + s, slice[s..i].to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Collects hashed features.
#[derive(Default)]
struct Features(Vec<u32>);

impl Features {
    fn add(&mut self, parts: &[&str]) {
        let joined = parts.join("\u{1}");
        let hash = fnv1a(joined.as_bytes());
        #[allow(clippy::cast_possible_truncation)] // masked to HASH_BITS
        self.0.push((hash & ((1 << HASH_BITS) - 1)) as u32);
    }
}

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "denied", "denies", "deny", "rejected", "n't", "pas", "nié", "démenti",
];
const HEDGES: &[&str] = &[
    "allegedly",
    "alleged",
    "reportedly",
    "claimed",
    "claims",
    "suspected",
    "presumed",
    "accused",
    "accuses",
    "blamed",
    "according",
    "confirmed",
    "said",
    "told",
    "présumés",
    "présumé",
    "revendiqué",
    "accusé",
];

/// Features shared by triggers and cues: the anchor's words, its suffix,
/// the words around it and the labels of the sentence's mentions.
fn anchor_features(view: &View<'_>, anchor: Span, out: &mut Features) {
    let anchor_text = anchor.text(view.text).unwrap_or_default().to_lowercase();
    out.add(&["bias"]);
    out.add(&["anchor", &anchor_text]);
    let chars: Vec<char> = anchor_text.chars().collect();
    let suffix: String = chars[chars.len().saturating_sub(3)..].iter().collect();
    out.add(&["suffix", &suffix]);
    for (_, w) in words(view.text, anchor.start_byte, anchor.end_byte) {
        out.add(&["anchor-word", &w]);
    }
    let sentence = view.sentence_of(anchor);
    let before = words(view.text, sentence.start_byte, anchor.start_byte);
    let after = words(view.text, anchor.end_byte, sentence.end_byte);
    for (distance, (_, w)) in before.iter().rev().take(WINDOW_WORDS).enumerate() {
        out.add(&["left", w]);
        if distance == 0 {
            out.add(&["left-1", w]);
        }
    }
    for (distance, (_, w)) in after.iter().take(WINDOW_WORDS).enumerate() {
        out.add(&["right", w]);
        if distance == 0 {
            out.add(&["right-1", w]);
        }
    }
    for (_, w) in before.iter().chain(&after) {
        if NEGATIONS.contains(&w.as_str()) {
            out.add(&["negation", w]);
            out.add(&["negated"]);
        }
        if HEDGES.contains(&w.as_str()) {
            out.add(&["hedge", w]);
        }
    }
    for i in view.in_sentence(anchor) {
        let (span, label) = view.mentions[i];
        let side = if span.start_byte < anchor.start_byte {
            "before"
        } else {
            "after"
        };
        out.add(&["label", label]);
        out.add(&["label-side", label, side]);
    }
}

fn event_features(view: &View<'_>, trigger: Span, rule: Option<(&str, Option<&str>)>) -> Features {
    let mut out = Features::default();
    anchor_features(view, trigger, &mut out);
    let anchor_text = trigger.text(view.text).unwrap_or_default().to_lowercase();
    match rule {
        Some((event_type, sub_type)) => {
            out.add(&["rule", event_type]);
            out.add(&["rule-sub", event_type, sub_type.unwrap_or("")]);
            out.add(&["rule-anchor", event_type, &anchor_text]);
        }
        None => out.add(&["rule-none"]),
    }
    out
}

fn sub_type_features(base: &Features, event_type: &str) -> Vec<u32> {
    let mut out = Features(base.0.clone());
    out.add(&["type", event_type]);
    out.0
}

fn stance_features(view: &View<'_>, cue: Span, rule: Option<&str>) -> Vec<u32> {
    let mut out = Features::default();
    anchor_features(view, cue, &mut out);
    let cue_text = cue.text(view.text).unwrap_or_default().to_lowercase();
    match rule {
        Some(stance) => {
            out.add(&["rule", stance]);
            out.add(&["rule-anchor", stance, &cue_text]);
        }
        None => out.add(&["rule-none"]),
    }
    out.0
}

/// Features of `candidate` filling `role` of the item anchored at `anchor`.
fn filler_features(
    view: &View<'_>,
    anchor: Span,
    kind: &str,
    role: &str,
    candidate: usize,
    rule_choice: bool,
    first_before: Option<usize>,
) -> Vec<u32> {
    let mut out = Features::default();
    let (span, label) = view.mentions[candidate];
    let before = span.start_byte < anchor.start_byte;
    let side = if before { "before" } else { "after" };
    let between = if before {
        words(view.text, span.end_byte, anchor.start_byte)
    } else {
        words(view.text, anchor.end_byte, span.start_byte)
    };
    let distance = match between.len() {
        0 => "0",
        1..=2 => "1-2",
        3..=5 => "3-5",
        6..=10 => "6-10",
        _ => "far",
    };
    out.add(&[role, "label", label]);
    out.add(&[role, "kind-label", kind, label]);
    out.add(&[role, "side", side]);
    out.add(&[role, "side-label", side, label]);
    out.add(&[role, "distance", distance]);
    out.add(&[role, "distance-side", distance, side]);
    for (_, w) in between.iter().take(6) {
        out.add(&[role, "between", w]);
    }
    if let Some((_, w)) = words(view.text, 0, span.start_byte).last() {
        out.add(&[role, "word-before", w]);
    }
    if first_before == Some(candidate) {
        out.add(&[role, "subject"]);
        out.add(&[role, "subject-label", label]);
    }
    if rule_choice {
        out.add(&[role, "rule"]);
    }
    out.0
}

/// The candidate fillers of a role and their features.
fn candidates(
    view: &View<'_>,
    anchor: Span,
    kind: &str,
    role: &str,
    rule_choice: &[Span],
) -> (Vec<usize>, Vec<Vec<u32>>) {
    let indices = view.in_sentence(anchor);
    let first_before = indices
        .iter()
        .copied()
        .filter(|&i| view.mentions[i].0.start_byte < anchor.start_byte)
        .min_by_key(|&i| view.mentions[i].0.start_byte);
    let features = indices
        .iter()
        .map(|&i| {
            let chosen = rule_choice.contains(&view.mentions[i].0);
            filler_features(view, anchor, kind, role, i, chosen, first_before)
        })
        .collect();
    (indices, features)
}

/// A revision of an event's type.
#[derive(Clone, Debug, PartialEq)]
struct TypeRevision {
    event_type: String,
    sub_type: Option<String>,
    score: f32,
}

impl Classifiers {
    /// The four models in file order: event type, sub-type, stance, roles.
    pub fn sections(&self) -> [&Linear; 4] {
        [
            &self.event_type,
            &self.event_sub_type,
            &self.stance,
            &self.roles,
        ]
    }

    /// Whether the rules' sub-type in `current` may give way to a learned
    /// one of probability `p` (see [`Linear::rule_gives_way`]).
    fn sub_type_gives_way(&self, current: Option<(&str, Option<&str>)>, p: f32) -> bool {
        let Some((event_type, sub_type)) = current else {
            return true;
        };
        self.event_sub_type
            .class_index(&sub_type_class(event_type, sub_type))
            .is_some_and(|i| self.event_sub_type.rule_gives_way(i, p))
    }

    /// Whether the activation gate silenced `learner` for `label`.
    fn is_silenced(&self, learner: &str, label: &str) -> bool {
        !self.silenced.is_empty()
            && self
                .silenced
                .contains(&(learner.to_owned(), label.to_owned()))
    }

    /// The roles the ranker learned for events (not a claim's source or
    /// responsible): those an event the rules left without may be given.
    fn event_roles(&self) -> impl Iterator<Item = &str> {
        self.roles
            .classes
            .iter()
            .map(String::as_str)
            .filter(|r| *r != SOURCE_ROLE && *r != RESPONSIBLE_ROLE)
    }

    /// Whether any classifier would overrule the rules.
    pub fn is_empty(&self) -> bool {
        !self.event_type.is_active() && !self.stance.is_active() && self.roles.weights.is_empty()
    }

    /// The type and sub-type for a trigger, when the classifiers overrule
    /// `current` (the rules' guess).
    fn event_type_for(
        &self,
        view: &View<'_>,
        trigger: Span,
        current: Option<(&str, Option<&str>)>,
    ) -> Option<TypeRevision> {
        let base = event_features(view, trigger, current);
        let mut event_type = current.map(|(t, _)| t.to_owned());
        let mut score = None;
        if let Some((best, p)) = self.event_type.overruling(&base.0, current.map(|(t, _)| t))
            && !self.is_silenced(EVENT_TYPE_SUGGESTER, &self.event_type.classes[best])
        {
            event_type = Some(self.event_type.classes[best].clone());
            score = Some(p);
        }
        let event_type = event_type?;
        let type_changed = score.is_some();
        let prefix = format!("{event_type}{SUB_TYPE_SEPARATOR}");
        let mut sub_type = if type_changed {
            None
        } else {
            current.and_then(|(_, s)| s.map(str::to_owned))
        };
        let features = sub_type_features(&base, &event_type);
        if let Some((best, p)) = self
            .event_sub_type
            .best(&features, |c| c.starts_with(&prefix))
            && self.event_sub_type.knows(best)
            && p >= MIN_CONFIDENCE
            && (type_changed || self.sub_type_gives_way(current, p))
        {
            let name = &self.event_sub_type.classes[best][prefix.len()..];
            let learned = (!name.is_empty()).then(|| name.to_owned());
            let readable = format!("{event_type} / {name}");
            if learned != sub_type && !self.is_silenced(EVENT_SUB_TYPE_SUGGESTER, &readable) {
                sub_type = learned;
                score = Some(score.unwrap_or(1.0).min(p));
            }
        }
        let score = score?;
        Some(TypeRevision {
            event_type,
            sub_type,
            score,
        })
    }

    /// The stance for a cue, when the classifier overrules `current`.
    fn stance_for(&self, view: &View<'_>, cue: Span, current: &str) -> Option<(String, f32)> {
        let features = stance_features(view, cue, Some(current));
        let (best, p) = self.stance.overruling(&features, Some(current))?;
        let stance = &self.stance.classes[best];
        (!self.is_silenced(STANCE_SUGGESTER, stance)).then(|| (stance.clone(), p))
    }

    /// The mention (an index into the view) that fills `role`, when the
    /// ranker overrules `current` (the rules' fillers, indices too).
    fn filler_for(
        &self,
        view: &View<'_>,
        anchor: Span,
        kind: &str,
        role: &str,
        current: &[usize],
    ) -> Option<(usize, f32)> {
        let index = self.roles.class_index(role)?;
        let may = |p: f32| {
            if current.is_empty() {
                self.roles.fills_role(index, p)
            } else {
                self.roles.overrules_role(index, p)
            }
        };
        if !may(1.0) || current.len() > 1 || self.is_silenced(ROLES_SUGGESTER, role) {
            return None;
        }
        let chosen: Vec<Span> = current
            .iter()
            .filter_map(|&i| view.mentions.get(i).map(|m| m.0))
            .collect();
        let (indices, features) = candidates(view, anchor, kind, role, &chosen);
        if indices.len() < 2 {
            return None;
        }
        let (best, p) = self.roles.rank(&features)?;
        let mention = indices[best];
        (p >= MIN_CONFIDENCE && may(p) && !current.contains(&mention)).then_some((mention, p))
    }

    /// Revises the suggestions for `text` (the rules' and the learned
    /// mentions): event types and sub-types, claim stances and role fillers
    /// where a classifier is confident. Returns how many items changed.
    /// Decided items are not here: merging keeps them.
    pub fn revise(&self, text: &str, suggestions: &mut Suggestions) -> usize {
        let view = View::new(
            text,
            suggestions
                .mentions
                .iter()
                .map(|m| (m.span, m.label.as_str()))
                .collect(),
        );
        let mut changed = 0;
        let mut events = suggestions.events.clone();
        for event in &mut events {
            let mut revised = false;
            if let Some(r) = self.event_type_for(
                &view,
                event.trigger,
                Some((&event.event_type, event.sub_type.as_deref())),
            ) {
                event.event_type = r.event_type;
                event.sub_type = r.sub_type;
                event.suggester = EVENT_TYPE_SUGGESTER;
                event.score = r.score;
                revised = true;
            }
            for role in self.event_roles() {
                if !event.roles.contains_key(role) {
                    event.roles.insert(role.to_owned(), Vec::new());
                }
            }
            for (role, fillers) in &mut event.roles {
                if let Some((mention, _)) =
                    self.filler_for(&view, event.trigger, &event.event_type, role, fillers)
                {
                    *fillers = vec![mention];
                    if !revised {
                        event.suggester = ROLES_SUGGESTER;
                    }
                    revised = true;
                }
            }
            event.roles.retain(|_, fillers| !fillers.is_empty());
            changed += usize::from(revised);
        }
        let mut claims = suggestions.claims.clone();
        for claim in &mut claims {
            let mut revised = false;
            if let Some((stance, p)) = self.stance_for(&view, claim.cue, &claim.stance) {
                claim.stance = stance;
                claim.suggester = STANCE_SUGGESTER;
                claim.score = p;
                revised = true;
            }
            let source = match claim.source {
                Some(SourceSuggestion::Mention(i)) => Some(vec![i]),
                Some(SourceSuggestion::Reporter(_)) => None,
                None => Some(Vec::new()),
            };
            if let Some(current) = source
                && let Some((mention, _)) =
                    self.filler_for(&view, claim.cue, "claim", SOURCE_ROLE, &current)
            {
                claim.source = Some(SourceSuggestion::Mention(mention));
                revised = true;
            }
            if let Some((mention, _)) = self.filler_for(
                &view,
                claim.cue,
                "claim",
                RESPONSIBLE_ROLE,
                &claim.responsible,
            ) {
                claim.responsible = vec![mention];
                revised = true;
            }
            if revised && claim.suggester != STANCE_SUGGESTER {
                claim.suggester = ROLES_SUGGESTER;
            }
            changed += usize::from(revised);
        }
        suggestions.events = events;
        suggestions.claims = claims;
        changed
    }

    /// Revises the open suggestions of an annotation set in place, as
    /// [`Self::revise`] does before merging: accepted, corrected and
    /// rejected items are never touched. Returns how many items changed.
    pub fn revise_set(&self, text: &str, set: &mut AnnotationSet) -> usize {
        let usable: Vec<usize> = (0..set.mentions.len())
            .filter(|&i| set.mentions[i].review.status != Status::Rejected)
            .collect();
        let ids: Vec<MentionId> = usable.iter().map(|&i| set.mentions[i].id).collect();
        let view = View::new(
            text,
            usable
                .iter()
                .map(|&i| (set.mentions[i].span, set.mentions[i].label.as_str()))
                .collect(),
        );
        let index_of = |id: &MentionId| ids.iter().position(|x| x == id);
        let mut changed = 0;
        let mut events = set.events.clone();
        for event in events.iter_mut().filter(|e| e.review.status.is_open()) {
            let mut revision: Option<(&'static str, f32)> = None;
            if let Some(r) = self.event_type_for(
                &view,
                event.trigger,
                Some((&event.event_type, event.sub_type.as_deref())),
            ) {
                event.event_type = r.event_type;
                event.sub_type = r.sub_type;
                revision = Some((EVENT_TYPE_SUGGESTER, r.score));
            }
            for role in self.event_roles() {
                if !event.roles.contains_key(role) {
                    event.roles.insert(role.to_owned(), Vec::new());
                }
            }
            for (role, fillers) in &mut event.roles {
                let current: Vec<usize> = fillers.iter().filter_map(index_of).collect();
                if let Some((mention, p)) =
                    self.filler_for(&view, event.trigger, &event.event_type, role, &current)
                {
                    *fillers = vec![ids[mention]];
                    revision = revision.or(Some((ROLES_SUGGESTER, p)));
                }
            }
            event.roles.retain(|_, fillers| !fillers.is_empty());
            if let Some((by, score)) = revision {
                mark_revised(&mut event.review, by, score);
                changed += 1;
            }
        }
        let mut claims = set.claims.clone();
        for claim in claims.iter_mut().filter(|c| c.review.status.is_open()) {
            let mut revision: Option<(&'static str, f32)> = None;
            if let Some((stance, p)) = self.stance_for(&view, claim.cue, &claim.stance) {
                claim.stance = stance;
                revision = Some((STANCE_SUGGESTER, p));
            }
            let source = match &claim.source {
                Some(ClaimSource::Mention(id)) => index_of(id).map(|i| vec![i]),
                Some(ClaimSource::Reporter(_)) => None,
                None => Some(Vec::new()),
            };
            if let Some(current) = source
                && let Some((mention, p)) =
                    self.filler_for(&view, claim.cue, "claim", SOURCE_ROLE, &current)
            {
                claim.source = Some(ClaimSource::Mention(ids[mention]));
                revision = revision.or(Some((ROLES_SUGGESTER, p)));
            }
            let current: Vec<usize> = claim.responsible.iter().filter_map(index_of).collect();
            if let Some((mention, p)) =
                self.filler_for(&view, claim.cue, "claim", RESPONSIBLE_ROLE, &current)
            {
                claim.responsible = vec![ids[mention]];
                revision = revision.or(Some((ROLES_SUGGESTER, p)));
            }
            if let Some((by, score)) = revision {
                mark_revised(&mut claim.review, by, score);
                changed += 1;
            }
        }
        set.events = events;
        set.claims = claims;
        changed
    }
}

fn mark_revised(review: &mut crate::model::Review, by: &str, score: f32) {
    review.status = Status::Suggested {
        by: by.to_owned(),
        score,
    };
    review.proposed = Some(crate::model::Proposal {
        by: by.to_owned(),
        score,
    });
}

/// A finished document's truth: the adjudicated `gold` set where it
/// finished the document, otherwise every finished set (as
/// [`super::training_documents`] chooses them).
#[derive(Clone, Debug)]
pub struct ClassDoc {
    pub id: DocumentId,
    pub text: String,
    pub truth: Vec<AnnotationSet>,
}

/// The finished documents' truth sets, ordered by document id.
pub fn class_documents<'a>(
    sets: impl IntoIterator<Item = (&'a str, &'a AnnotationSet)>,
) -> Vec<ClassDoc> {
    let mut by_document: BTreeMap<&DocumentId, (&str, Vec<&AnnotationSet>)> = BTreeMap::new();
    for (text, set) in sets {
        by_document
            .entry(&set.document)
            .or_insert_with(|| (text, Vec::new()))
            .1
            .push(set);
    }
    by_document
        .into_iter()
        .filter_map(|(id, (text, sets))| {
            let adjudicated = sets
                .iter()
                .find(|s| s.annotator == GOLD_ANNOTATOR && s.is_finished());
            let truth: Vec<AnnotationSet> = match adjudicated {
                Some(gold) => vec![(*gold).clone()],
                None => sets
                    .iter()
                    .filter(|s| s.is_finished())
                    .map(|s| (*s).clone())
                    .collect(),
            };
            (!truth.is_empty()).then(|| ClassDoc {
                id: id.clone(),
                text: text.to_owned(),
                truth,
            })
        })
        .collect()
}

/// How one classifier did, for the train report.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClassifierInfo {
    /// `learned:event-type`, `learned:event-sub-type`, `learned:stance` or `learned:roles`.
    pub name: String,
    /// Examples it was trained on.
    pub examples: usize,
    /// Held-out scores of the classifier (with the rules' fallback) trained on 80%.
    pub evaluation: Option<Evaluation>,
    /// The rules alone on the same held-out examples.
    pub rule_evaluation: Option<Evaluation>,
}

/// The examples one document gives each classifier.
#[derive(Default)]
struct DocExamples {
    types: Vec<Example>,
    sub_types: Vec<Example>,
    stances: Vec<Example>,
    groups: Vec<(String, RankExample)>,
}

/// A gold class and what the rules said.
struct Example {
    features: Vec<u32>,
    gold: String,
    rule: Option<String>,
    /// Whether the answer is an archive's coding rather than the project's
    /// own analysts' (see [`coded_examples`]): it teaches the weights, but
    /// the rules' guess it corrects or confirms does not count in the gate.
    coded: bool,
}

/// A role's candidates, which are gold and which the rules chose.
struct RankExample {
    candidates: Vec<Vec<u32>>,
    gold: Vec<bool>,
    rule: Vec<bool>,
}

fn document_examples(doc: &ClassDoc, rules: Option<&Rules>) -> DocExamples {
    let mut out = DocExamples::default();
    let rule = rules.map(|r| r.suggest(&doc.text)).unwrap_or_default();
    for set in &doc.truth {
        let gold_mentions: Vec<&crate::model::Mention> = set
            .mentions
            .iter()
            .filter(|m| m.review.status.is_gold() && m.span.validate(&doc.text).is_ok())
            .collect();
        let view = View::new(
            &doc.text,
            gold_mentions
                .iter()
                .map(|m| (m.span, m.label.as_str()))
                .collect(),
        );
        let index_of = |id: &MentionId| gold_mentions.iter().position(|m| m.id == *id);
        let rule_spans = |indices: &[usize]| -> Vec<Span> {
            indices
                .iter()
                .filter_map(|&i| rule.mentions.get(i).map(|m| m.span))
                .collect()
        };
        let mut rank =
            |anchor: Span, kind: &str, role: &str, gold: &[MentionId], chosen: &[Span]| {
                let gold: Vec<usize> = gold.iter().filter_map(index_of).collect();
                if gold.is_empty() {
                    return;
                }
                let (indices, candidates) = candidates(&view, anchor, kind, role, chosen);
                let gold_mask: Vec<bool> = indices.iter().map(|i| gold.contains(i)).collect();
                if indices.len() < 2 || !gold_mask.contains(&true) {
                    return;
                }
                let rule_mask = indices
                    .iter()
                    .map(|&i| chosen.contains(&view.mentions[i].0))
                    .collect();
                out.groups.push((
                    role.to_owned(),
                    RankExample {
                        candidates,
                        gold: gold_mask,
                        rule: rule_mask,
                    },
                ));
            };
        for event in set.events.iter().filter(|e| e.review.status.is_gold()) {
            if event.trigger.validate(&doc.text).is_err() {
                continue;
            }
            let guess = rule
                .events
                .iter()
                .find(|e| e.trigger.overlaps(event.trigger));
            let current = guess.map(|g| (g.event_type.as_str(), g.sub_type.as_deref()));
            let base = event_features(&view, event.trigger, current);
            out.sub_types.push(Example {
                features: sub_type_features(&base, &event.event_type),
                gold: sub_type_class(&event.event_type, event.sub_type.as_deref()),
                rule: guess.map(|g| sub_type_class(&g.event_type, g.sub_type.as_deref())),
                coded: false,
            });
            out.types.push(Example {
                features: base.0,
                gold: event.event_type.clone(),
                rule: guess.map(|g| g.event_type.clone()),
                coded: false,
            });
            for (role, fillers) in &event.roles {
                let chosen = guess
                    .and_then(|g| g.roles.get(role))
                    .map(|f| rule_spans(f))
                    .unwrap_or_default();
                rank(event.trigger, &event.event_type, role, fillers, &chosen);
            }
        }
        for claim in set.claims.iter().filter(|c| c.review.status.is_gold()) {
            if claim.cue.validate(&doc.text).is_err() {
                continue;
            }
            let guess = rule.claims.iter().find(|c| c.cue.overlaps(claim.cue));
            out.stances.push(Example {
                features: stance_features(&view, claim.cue, guess.map(|g| g.stance.as_str())),
                gold: claim.stance.clone(),
                rule: guess.map(|g| g.stance.clone()),
                coded: false,
            });
            if let Some(ClaimSource::Mention(id)) = &claim.source {
                let chosen = match guess.and_then(|g| g.source.as_ref()) {
                    Some(SourceSuggestion::Mention(i)) => rule_spans(&[*i]),
                    _ => Vec::new(),
                };
                rank(claim.cue, "claim", SOURCE_ROLE, &[*id], &chosen);
            }
            let chosen = guess
                .map(|g| rule_spans(&g.responsible))
                .unwrap_or_default();
            rank(
                claim.cue,
                "claim",
                RESPONSIBLE_ROLE,
                &claim.responsible,
                &chosen,
            );
        }
    }
    out
}

fn sub_type_class(event_type: &str, sub_type: Option<&str>) -> String {
    format!("{event_type}{SUB_TYPE_SEPARATOR}{}", sub_type.unwrap_or(""))
}

/// Trains one multiclass classifier on examples, classes in sorted order.
fn train_linear(examples: &[&Example]) -> Linear {
    // The rules' guesses are classes too, so that their corrections count.
    // Only the project's own corrections open the gate: an archive coded
    // elsewhere, by other hands, says how the rules fare there, not on the
    // notes this project codes.
    let mut classes: Vec<String> = examples
        .iter()
        .flat_map(|e| std::iter::once(e.gold.clone()).chain(e.rule.clone()))
        .collect();
    classes.sort();
    classes.dedup();
    let mut corrected = vec![0; classes.len()];
    let mut rule_right = vec![0; classes.len()];
    for e in examples.iter().filter(|e| !e.coded) {
        if let Some(rule) = &e.rule
            && let Ok(i) = classes.binary_search(rule)
        {
            if *rule == e.gold {
                rule_right[i] += 1;
            } else {
                corrected[i] += 1;
            }
        }
    }
    let indexed: Vec<(Vec<u32>, usize)> = examples
        .iter()
        .filter_map(|e| {
            let class = classes.binary_search(&e.gold).ok()?;
            Some((e.features.clone(), class))
        })
        .collect();
    let mut model = Linear::train_classes(classes, &indexed, corrected);
    model.rule_right = rule_right;
    model
}

fn train_roles(groups: &[&(String, RankExample)]) -> Linear {
    let mut roles: Vec<String> = groups.iter().map(|(r, _)| r.clone()).collect();
    roles.sort();
    roles.dedup();
    // A role whose rule choice the analysts corrected: the rules chose
    // candidates and none of them was gold. (Where the rules chose none,
    // the analysts filled a role the rules left empty.)
    let mut corrected = vec![0; roles.len()];
    let mut rule_right = vec![0; roles.len()];
    for (role, g) in groups {
        let chose = g.rule.contains(&true);
        let right = g.rule.iter().zip(&g.gold).any(|(r, gold)| *r && *gold);
        if let Ok(i) = roles.binary_search(role) {
            if right {
                rule_right[i] += 1;
            } else if chose {
                corrected[i] += 1;
            }
        }
    }
    let indexed: Vec<RankGroup> = groups
        .iter()
        .filter_map(|(role, g)| {
            Some(RankGroup {
                role: roles.binary_search(role).ok()?,
                candidates: g.candidates.clone(),
                gold: g.gold.clone(),
            })
        })
        .collect();
    let mut model = Linear::train_ranker(roles, &indexed, corrected);
    model.rule_right = rule_right;
    model
}

/// Scores a multiclass classifier on held-out examples: its decision
/// (falling back to the rules as [`Classifiers::revise`] does) and the
/// rules' alone, one count per example.
fn score_classes(
    model: &Linear,
    examples: &[&Example],
    sub_types: bool,
) -> (LabelCounts, LabelCounts, Vec<String>) {
    let mut learned = LabelCounts::default();
    let mut rules = LabelCounts::default();
    // Per rule guess: how often the decision and the rule alone were right.
    let mut by_guess: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for e in examples {
        let mut decided = e.rule.clone();
        let allowed = |c: &str| {
            e.gold
                .split(SUB_TYPE_SEPARATOR)
                .next()
                .is_some_and(|t| c.starts_with(&format!("{t}{SUB_TYPE_SEPARATOR}")))
        };
        let overruling = if sub_types {
            model.best(&e.features, allowed).filter(|&(best, p)| {
                model.knows(best)
                    && p >= MIN_CONFIDENCE
                    && e.rule.as_deref().is_none_or(|rule| {
                        !rule.starts_with(&e.gold[..e.gold.find(SUB_TYPE_SEPARATOR).unwrap_or(0)])
                            || model
                                .class_index(rule)
                                .is_some_and(|i| model.rule_gives_way(i, p))
                    })
            })
        } else {
            model.overruling(&e.features, e.rule.as_deref())
        };
        if let Some((best, _)) = overruling {
            decided = Some(model.classes[best].clone());
        }
        if let Some(rule) = &e.rule {
            let tally = by_guess.entry(rule.as_str()).or_default();
            tally.0 += usize::from(decided.as_ref() == Some(&e.gold));
            tally.1 += usize::from(*rule == e.gold);
        }
        count(&mut learned, decided.as_deref(), &e.gold);
        count(&mut rules, e.rule.as_deref(), &e.gold);
    }
    let worse = by_guess
        .into_iter()
        .filter(|(_, (decided, rule))| decided < rule)
        .map(|(guess, _)| guess.to_owned())
        .collect();
    (learned, rules, worse)
}

fn count(counts: &mut LabelCounts, predicted: Option<&str>, gold: &str) {
    let readable = |c: &str| c.replace(SUB_TYPE_SEPARATOR, " / ");
    match predicted {
        Some(p) if p == gold => {
            counts
                .per_label
                .entry(readable(gold))
                .or_default()
                .true_positives += 1;
        }
        Some(p) => {
            counts
                .per_label
                .entry(readable(p))
                .or_default()
                .false_positives += 1;
            counts
                .per_label
                .entry(readable(gold))
                .or_default()
                .false_negatives += 1;
        }
        None => {
            counts
                .per_label
                .entry(readable(gold))
                .or_default()
                .false_negatives += 1;
        }
    }
}

fn score_roles(model: &Linear, groups: &[&(String, RankExample)]) -> (LabelCounts, LabelCounts) {
    let mut learned = LabelCounts::default();
    let mut rules = LabelCounts::default();
    for (role, g) in groups {
        let rule_choice = g.rule.iter().position(|r| *r);
        let mut decided = rule_choice;
        if let Some(index) = model.class_index(role)
            && let Some((best, p)) = model.rank(&g.candidates)
            && p >= MIN_CONFIDENCE
            && if rule_choice.is_none() {
                model.fills_role(index, p)
            } else {
                model.overrules_role(index, p)
            }
        {
            decided = Some(best);
        }
        for (counts, choice) in [(&mut learned, decided), (&mut rules, rule_choice)] {
            let entry = counts.per_label.entry(role.clone()).or_default();
            match choice {
                Some(i) if g.gold[i] => entry.true_positives += 1,
                Some(_) => {
                    entry.false_positives += 1;
                    entry.false_negatives += 1;
                }
                None => entry.false_negatives += 1,
            }
        }
    }
    (learned, rules)
}

fn gather_examples<'a>(
    part: &[&'a DocExamples],
    pick: fn(&DocExamples) -> &Vec<Example>,
) -> Vec<&'a Example> {
    part.iter().flat_map(|d| pick(d).iter()).collect()
}

fn gather_groups<'a>(part: &[&'a DocExamples]) -> Vec<&'a (String, RankExample)> {
    part.iter().flat_map(|d| d.groups.iter()).collect()
}

/// Trains the four classifiers on `docs` as the tagger is trained: scored
/// on the held-out 20% by models trained on the other 80%, then trained on
/// all. `rules` gives the rules' guesses as features (and the baseline).
pub fn train_classifiers(
    docs: &[ClassDoc],
    rules: Option<&Rules>,
    control: &JobControl<'_>,
) -> (Classifiers, Vec<ClassifierInfo>) {
    train_classifiers_with_coding(docs, &[], rules, control)
}

/// A document coded as a whole, without spans (an imported ACLED row):
/// its text and the type and sub-type a coder gave its event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedDoc {
    pub id: DocumentId,
    pub text: String,
    pub event_type: String,
    pub sub_type: Option<String>,
}

/// The examples a coded document gives the event-type and sub-type
/// classifiers: the first event trigger the rules find in it (a coded
/// note tells its event first; later triggers are often other events or
/// their outcome), with the rules' guess as a feature and the coding as
/// the answer (the mentions the features read are the rules', as when the
/// classifiers revise).
fn coded_examples(doc: &CodedDoc, rules: &Rules) -> DocExamples {
    let mut out = DocExamples::default();
    let suggestions = rules.suggest(&doc.text);
    let view = View::new(
        &doc.text,
        suggestions
            .mentions
            .iter()
            .map(|m| (m.span, m.label.as_str()))
            .collect(),
    );
    if let Some(event) = suggestions
        .events
        .iter()
        .min_by_key(|e| e.trigger.start_byte)
    {
        let current = Some((event.event_type.as_str(), event.sub_type.as_deref()));
        let base = event_features(&view, event.trigger, current);
        out.sub_types.push(Example {
            features: sub_type_features(&base, &doc.event_type),
            gold: sub_type_class(&doc.event_type, doc.sub_type.as_deref()),
            rule: Some(sub_type_class(&event.event_type, event.sub_type.as_deref())),
            coded: true,
        });
        out.types.push(Example {
            features: base.0,
            gold: doc.event_type.clone(),
            rule: Some(event.event_type.clone()),
            coded: true,
        });
    }
    out
}

/// [`train_classifiers`] with documents coded as a whole (`coded`) too:
/// they train the event type and sub-type, and are split and held out by
/// id as the finished documents are.
pub fn train_classifiers_with_coding(
    docs: &[ClassDoc],
    coded: &[CodedDoc],
    rules: Option<&Rules>,
    control: &JobControl<'_>,
) -> (Classifiers, Vec<ClassifierInfo>) {
    use rayon::prelude::*;
    let mut examples: Vec<DocExamples> = docs
        .iter()
        .map(|d| {
            if control.is_cancelled() {
                DocExamples::default()
            } else {
                document_examples(d, rules)
            }
        })
        .collect();
    if let Some(rules) = rules {
        examples.par_extend(coded.par_iter().map(|d| {
            if control.is_cancelled() {
                DocExamples::default()
            } else {
                coded_examples(d, rules)
            }
        }));
    }
    let ids: Vec<&DocumentId> = docs
        .iter()
        .map(|d| &d.id)
        .chain(
            coded
                .iter()
                .map(|d| &d.id)
                .take(examples.len() - docs.len()),
        )
        .collect();
    // The split of the tagger, by document id.
    let stand_ins: Vec<TrainingDoc> = ids
        .iter()
        .map(|id| TrainingDoc {
            id: (*id).clone(),
            text: String::new(),
            gold: Vec::new(),
            rejected: Vec::new(),
        })
        .collect();
    let (training, held_out) = split(&stand_ins);
    let position: HashMap<&DocumentId, usize> =
        ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let side = |part: &[&TrainingDoc]| -> Vec<&DocExamples> {
        part.iter()
            .filter_map(|t| position.get(&t.id))
            .map(|&i| &examples[i])
            .collect()
    };
    let (training, held_out) = (side(&training), side(&held_out));
    let all: Vec<&DocExamples> = examples.iter().collect();

    type Pick = fn(&DocExamples) -> &Vec<Example>;
    let picks: [(&str, Pick, bool); 3] = [
        (EVENT_TYPE_SUGGESTER, |d| &d.types, false),
        (EVENT_SUB_TYPE_SUGGESTER, |d| &d.sub_types, true),
        (STANCE_SUGGESTER, |d| &d.stances, false),
    ];
    let mut infos = Vec::new();
    let mut models = Vec::new();
    for (name, pick, sub_types) in picks {
        let (train_part, test_part) = (
            gather_examples(&training, pick),
            gather_examples(&held_out, pick),
        );
        let mut worse = Vec::new();
        let (evaluation, rule_evaluation) = if test_part.is_empty() {
            (None, None)
        } else {
            let model = train_linear(&train_part);
            let (learned, rules, worse_than_rules) = score_classes(&model, &test_part, sub_types);
            worse = worse_than_rules;
            (
                Some(Evaluation::from_counts(
                    &learned,
                    training.len(),
                    train_part.len(),
                    held_out.len(),
                )),
                Some(Evaluation::from_counts(
                    &rules,
                    training.len(),
                    train_part.len(),
                    held_out.len(),
                )),
            )
        };
        let everything = gather_examples(&all, pick);
        infos.push(ClassifierInfo {
            name: name.to_owned(),
            examples: everything.len(),
            evaluation,
            rule_evaluation,
        });
        // Where revising a rule's guess did worse than the guess on the
        // held-out documents, that guess stays the rules': the gate is
        // measured per class, as the rules are per label.
        let mut model = train_linear(&everything);
        for guess in &worse {
            if let Some(i) = model.class_index(guess)
                && let Some(corrected) = model.corrected.get_mut(i)
            {
                *corrected = 0;
            }
        }
        models.push(model);
    }
    let (train_part, test_part) = (gather_groups(&training), gather_groups(&held_out));
    let (evaluation, rule_evaluation) = if test_part.is_empty() {
        (None, None)
    } else {
        let model = train_roles(&train_part);
        let (learned, rules) = score_roles(&model, &test_part);
        (
            Some(Evaluation::from_counts(
                &learned,
                training.len(),
                train_part.len(),
                held_out.len(),
            )),
            Some(Evaluation::from_counts(
                &rules,
                training.len(),
                train_part.len(),
                held_out.len(),
            )),
        )
    };
    let everything = gather_groups(&all);
    infos.push(ClassifierInfo {
        name: ROLES_SUGGESTER.to_owned(),
        examples: everything.len(),
        evaluation,
        rule_evaluation,
    });
    let roles = train_roles(&everything);
    let mut models = models.into_iter();
    let classifiers = Classifiers {
        event_type: models.next().unwrap_or_default(),
        event_sub_type: models.next().unwrap_or_default(),
        stance: models.next().unwrap_or_default(),
        roles,
        silenced: super::Silenced::new(),
    };
    (classifiers, infos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::ClassifiersModel;
    use crate::model::{Claim, ClaimId, Event, EventId, Finished, Mention, Review, Schema, Span};
    use crate::suggest::MentionSuggestion;

    const AT: jiff::Timestamp = jiff::Timestamp::UNIX_EPOCH;

    fn span_of(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    /// A finished set: `mentions` as (text, label), one event per
    /// (trigger, type, sub-type, agent mention text), one claim per (cue, stance).
    fn finished(
        text: &str,
        mentions: &[(&str, &str)],
        events: &[(&str, &str, Option<&str>, Option<&str>)],
        claims: &[(&str, &str)],
    ) -> ClassDoc {
        let mut set = AnnotationSet::new(DocumentId::for_text(text), "ana");
        for (i, (needle, label)) in mentions.iter().enumerate() {
            set.mentions.push(Mention {
                id: MentionId(u32::try_from(i).unwrap() + 1),
                span: span_of(text, needle),
                text: (*needle).to_owned(),
                label: (*label).to_owned(),
                actor: None,
                attributes: BTreeMap::new(),
                review: Review::accepted("ana", AT),
            });
        }
        let id_of = |needle: &str| {
            let i = mentions.iter().position(|(n, _)| *n == needle).unwrap();
            MentionId(u32::try_from(i).unwrap() + 1)
        };
        for (i, (trigger, event_type, sub_type, agent)) in events.iter().enumerate() {
            let mut roles = BTreeMap::new();
            if let Some(agent) = agent {
                roles.insert("agent".to_owned(), vec![id_of(agent)]);
            }
            set.events.push(Event {
                id: EventId(u32::try_from(i).unwrap() + 1),
                trigger: span_of(text, trigger),
                trigger_text: (*trigger).to_owned(),
                event_type: (*event_type).to_owned(),
                sub_type: sub_type.map(str::to_owned),
                roles,
                review: Review::accepted("ana", AT),
            });
        }
        for (i, (cue, stance)) in claims.iter().enumerate() {
            set.claims.push(Claim {
                id: ClaimId(u32::try_from(i).unwrap() + 1),
                cue: span_of(text, cue),
                cue_text: (*cue).to_owned(),
                stance: (*stance).to_owned(),
                source: None,
                responsible: Vec::new(),
                events: Vec::new(),
                review: Review::accepted("ana", AT),
            });
        }
        set.finished = Some(Finished {
            by: "ana".into(),
            at: AT,
        });
        ClassDoc {
            id: set.document.clone(),
            text: text.to_owned(),
            truth: vec![set],
        }
    }

    const PLACES: [&str; 4] = ["Dori", "Kaya", "Djibo", "Gao"];

    /// `per_class` raids and as many clashes, each in its own story. The
    /// analysts corrected the rules: a raid for loot is no attack on
    /// civilians, and a hedged claim ("allegedly") is an allegation.
    fn stories(per_class: usize) -> Vec<ClassDoc> {
        let mut docs = Vec::new();
        for place in &PLACES[..per_class] {
            let raid = format!(
                "Gunmen raided {place} and took cattle from villagers. The raid was allegedly carried out by JNIM, officials said."
            );
            docs.push(finished(
                &raid,
                &[
                    ("Gunmen", "ARMED_GROUP"),
                    (place, "LOCATION"),
                    ("villagers", "CIVILIANS"),
                    ("JNIM", "ARMED_GROUP"),
                    ("officials", "SOURCE"),
                ],
                &[("raided", LOOTING.0, Some(LOOTING.1), Some("Gunmen"))],
                &[("said", "Alleged")],
            ));
            let clash = format!(
                "Near {place}, soldiers clashed with jihadists of JNIM. Residents said the fighting lasted hours."
            );
            docs.push(finished(
                &clash,
                &[
                    (place, "LOCATION"),
                    ("soldiers", "STATE_FORCE"),
                    ("jihadists", "ARMED_GROUP"),
                    ("JNIM", "ARMED_GROUP"),
                    ("Residents", "SOURCE"),
                ],
                &[("clashed", "Battles", Some("Armed clash"), Some("soldiers"))],
                &[("said", "Reported")],
            ));
        }
        docs
    }

    const LOOTING: (&str, &str) = ("Strategic developments", "Looting/property destruction");

    const NEW_RAID: &str = "Gunmen raided Ségou and took cattle from villagers. The raid was allegedly carried out by JNIM, officials said.";

    fn rules() -> Rules {
        Rules::sahel_default().unwrap()
    }

    fn trained(per_class: usize) -> (Classifiers, Vec<ClassifierInfo>) {
        train_classifiers(
            &stories(per_class),
            Some(&rules()),
            &JobControl::unattended(),
        )
    }

    fn raid(suggestions: &Suggestions) -> &crate::suggest::EventSuggestion {
        let at = span_of(NEW_RAID, "raided");
        suggestions.events.iter().find(|e| e.trigger == at).unwrap()
    }

    fn said(suggestions: &Suggestions) -> &crate::suggest::ClaimSuggestion {
        let at = span_of(NEW_RAID, "said");
        suggestions.claims.iter().find(|c| c.cue == at).unwrap()
    }

    #[test]
    fn a_separable_toy_set_is_learned() {
        let examples: Vec<(Vec<u32>, usize)> = (0..10_u32)
            .map(|i| (vec![7, 100 + (i % 2)], (i % 2) as usize))
            .collect();
        let model = Linear::train_classes(vec!["a".into(), "b".into()], &examples, vec![0, 0]);
        assert!(model.is_active());
        for (features, class) in &examples {
            let (best, p) = model.best(features, |_| true).unwrap();
            assert_eq!(best, *class);
            assert!(p > 0.9, "{p}");
        }
        // The ranker: the candidate with feature 5 fills the role.
        let groups: Vec<RankGroup> = (0..6_u32)
            .map(|i| RankGroup {
                role: 0,
                candidates: vec![vec![1, 10 + i], vec![5, 20 + i], vec![2]],
                gold: vec![false, true, false],
            })
            .collect();
        let ranker = Linear::train_ranker(vec!["agent".into()], &groups, vec![2]);
        assert!(ranker.overrules_role(0, 0.9));
        let (best, p) = ranker.rank(&[vec![1, 99], vec![2], vec![5, 98]]).unwrap();
        assert_eq!(best, 2);
        assert!(p > 0.8, "{p}");
        let never_corrected = Linear::train_ranker(vec!["agent".into()], &groups, vec![0]);
        assert!(
            !never_corrected.overrules_role(0, 0.9),
            "the rules keep their choice"
        );
    }

    #[test]
    fn corrected_types_and_stances_revise_the_rules_with_their_names() {
        let (classifiers, infos) = trained(3);
        assert_eq!(infos.len(), 4);
        assert_eq!(infos[0].examples, 6);
        assert!(infos[0].evaluation.is_some(), "held out: {infos:?}");
        let mut suggestions = rules().suggest(NEW_RAID);
        assert_ne!(raid(&suggestions).event_type, LOOTING.0, "the rules err");
        assert_ne!(said(&suggestions).stance, "Alleged", "the rules err");
        assert!(classifiers.revise(NEW_RAID, &mut suggestions) >= 2);
        let event = raid(&suggestions);
        assert_eq!(
            (event.event_type.as_str(), event.sub_type.as_deref()),
            (LOOTING.0, Some(LOOTING.1))
        );
        assert_eq!(event.suggester, EVENT_TYPE_SUGGESTER);
        assert!(event.score >= MIN_CONFIDENCE && event.score <= 1.0);
        let claim = said(&suggestions);
        assert_eq!(
            (claim.stance.as_str(), claim.suggester),
            ("Alleged", STANCE_SUGGESTER)
        );
    }

    #[test]
    fn one_correction_is_taken_at_the_next_document() {
        // One story per class: the analysts corrected the rules' type of a
        // raid and the stance of a hedged claim once each.
        let (classifiers, _) = trained(1);
        let before = rules().suggest(NEW_RAID);
        let mut suggestions = before.clone();
        classifiers.revise(NEW_RAID, &mut suggestions);
        let event = raid(&suggestions);
        assert_eq!(
            (event.event_type.as_str(), event.sub_type.as_deref()),
            (LOOTING.0, Some(LOOTING.1))
        );
        assert_eq!(event.suggester, EVENT_TYPE_SUGGESTER);
        assert_eq!(said(&suggestions).stance, "Alleged");
        // Silenced by the project's gate, the learner changes nothing.
        let mut gated = classifiers.clone();
        gated
            .silenced
            .insert((EVENT_TYPE_SUGGESTER.to_owned(), LOOTING.0.to_owned()));
        gated
            .silenced
            .insert((STANCE_SUGGESTER.to_owned(), "Alleged".to_owned()));
        let mut kept = before.clone();
        gated.revise(NEW_RAID, &mut kept);
        assert_eq!(raid(&kept).event_type, raid(&before).event_type);
        assert_eq!(said(&kept).stance, said(&before).stance);
        // Nothing learned: nothing changes.
        let (empty, _) = train_classifiers(&[], None, &JobControl::unattended());
        assert!(empty.is_empty());
        let mut untouched = before.clone();
        assert_eq!(empty.revise(NEW_RAID, &mut untouched), 0);
        assert_eq!(untouched, before);
    }

    #[test]
    fn a_rule_gives_way_only_to_an_answer_surer_than_it_has_been_right() {
        let model = |right: Vec<usize>| Linear {
            classes: vec!["a".into(), "b".into()],
            examples: vec![10, 1],
            corrected: vec![1, 0],
            rule_right: right,
            ..Linear::default()
        };
        // Right 9 times, corrected once: (9 + 1) / (9 + 1 + 2).
        let measured = model(vec![9, 0]);
        assert!(!measured.rule_gives_way(0, 0.80));
        assert!(measured.rule_gives_way(0, 0.85));
        assert!(!measured.rule_gives_way(1, 0.99), "never corrected");
        // Corrected once and never right: 1/3.
        assert!(model(vec![0, 0]).rule_gives_way(0, 0.6));
        // A model saved before the rules' precision was kept: two corrections.
        assert!(!model(Vec::new()).rule_gives_way(0, 0.99));
        assert!(!model(Vec::new()).knows(1));
        assert!(measured.knows(1));
    }

    #[test]
    fn decided_items_are_never_touched() {
        let (classifiers, _) = trained(3);
        let rule = rules().suggest(NEW_RAID);
        let (rule_type, rule_sub) = (raid(&rule).event_type.clone(), raid(&rule).sub_type.clone());
        let rule_stance = said(&rule).stance.clone();
        let text = format!("{NEW_RAID}\n{NEW_RAID}");
        let second = NEW_RAID.len() + 1;
        let first_doc = finished(
            &text,
            &[
                ("Gunmen", "ARMED_GROUP"),
                ("Ségou", "LOCATION"),
                ("villagers", "CIVILIANS"),
                ("JNIM", "ARMED_GROUP"),
                ("officials", "SOURCE"),
            ],
            &[("raided", &rule_type, rule_sub.as_deref(), None)],
            &[("said", &rule_stance)],
        );
        let mut set = first_doc.truth[0].clone();
        set.finished = None;
        // The same event and claim again in the second copy, still open.
        let mut open_event = set.events[0].clone();
        open_event.id = EventId(2);
        open_event.trigger = Span::new(
            second + open_event.trigger.start_byte,
            second + open_event.trigger.end_byte,
        );
        open_event.review = Review::suggested("ana", "rule:events", 0.6, AT);
        set.events.push(open_event);
        let mut open_claim = set.claims[0].clone();
        open_claim.id = ClaimId(2);
        open_claim.cue = Span::new(
            second + open_claim.cue.start_byte,
            second + open_claim.cue.end_byte,
        );
        open_claim.review = Review::suggested("ana", "rule:claims", 0.6, AT);
        set.claims.push(open_claim);
        let decided = (set.events[0].clone(), set.claims[0].clone());

        assert_eq!(classifiers.revise_set(&text, &mut set), 2);
        assert_eq!((set.events[0].clone(), set.claims[0].clone()), decided);
        assert_eq!(set.events[1].event_type, LOOTING.0);
        assert_eq!(set.events[1].review.suggester(), Some(EVENT_TYPE_SUGGESTER));
        assert!(set.events[1].review.status.is_open());
        assert_eq!(set.claims[1].stance, "Alleged");
        assert_eq!(set.claims[1].review.suggester(), Some(STANCE_SUGGESTER));
    }

    #[test]
    fn the_classifiers_file_loads_back_and_refuses_damage() {
        let schema = Schema::conflict_default();
        let (classifiers, infos) = trained(3);
        let model = ClassifiersModel::new(classifiers, infos, &schema, 6, false);
        let bytes = model.to_bytes();
        let loaded = ClassifiersModel::from_bytes(&bytes, &schema).unwrap();
        assert_eq!(loaded, model);
        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x21;
        assert!(matches!(
            ClassifiersModel::from_bytes(&flipped, &schema),
            Err(crate::learn::ModelError::Corrupt(_))
        ));
        assert_eq!(
            ClassifiersModel::from_bytes(&model_tagger_bytes(), &schema),
            Err(crate::learn::ModelError::NotAModel),
            "a tagger file is not a classifiers file"
        );
    }

    fn model_tagger_bytes() -> Vec<u8> {
        b"ATTEST-TAGGER\n\x01\x00\x00\x00".to_vec()
    }

    /// A claim on a cue the rules do not know ("insisted"), its source and
    /// responsible filled by the analyst.
    fn insisted(place: &str) -> ClassDoc {
        let text = format!(
            "Gunmen attacked villagers in {place}. A local official insisted that JNIM carried out the operation."
        );
        let mut doc = finished(
            &text,
            &[
                ("Gunmen", "ARMED_GROUP"),
                ("villagers", "CIVILIANS"),
                (place, "LOCATION"),
                ("A local official", "SOURCE"),
                ("JNIM", "ARMED_GROUP"),
            ],
            &[],
            &[("insisted", "Alleged")],
        );
        let claim = &mut doc.truth[0].claims[0];
        claim.source = Some(ClaimSource::Mention(MentionId(4)));
        claim.responsible = vec![MentionId(5)];
        doc
    }

    #[test]
    fn a_learned_cues_claim_gets_the_source_and_responsible_the_analysts_gave_such_claims() {
        let docs: Vec<ClassDoc> = PLACES.iter().map(|place| insisted(place)).collect();
        let (classifiers, _) = train_classifiers(&docs, Some(&rules()), &JobControl::unattended());
        let text = "Gunmen attacked herders in Ségou. A local official insisted that JNIM carried out the operation.";
        let mention = |needle: &str, label: &str| {
            MentionSuggestion::new(span_of(text, needle), label, "catalogue", 0.9)
        };
        // What the cues' tagger proposes: a claim with no source or responsible.
        let mut suggestions = Suggestions {
            mentions: vec![
                mention("Gunmen", "ARMED_GROUP"),
                mention("herders", "CIVILIANS"),
                mention("Ségou", "LOCATION"),
                mention("A local official", "SOURCE"),
                mention("JNIM", "ARMED_GROUP"),
            ],
            claims: vec![crate::suggest::ClaimSuggestion {
                cue: span_of(text, "insisted"),
                stance: "Alleged".to_owned(),
                source: None,
                responsible: Vec::new(),
                event: None,
                suggester: "learned:cues",
                score: 0.8,
            }],
            ..Suggestions::default()
        };
        assert_eq!(classifiers.revise(text, &mut suggestions), 1);
        let claim = &suggestions.claims[0];
        assert_eq!(claim.source, Some(SourceSuggestion::Mention(3)));
        assert_eq!(claim.responsible, [4]);
        assert_eq!(claim.suggester, ROLES_SUGGESTER);
    }

    #[test]
    fn documents_coded_as_a_whole_teach_the_event_type_the_projects_own_correction_lets_speak() {
        let coded_as = |text: String, (event_type, sub_type): (&str, &str)| CodedDoc {
            id: DocumentId::for_text(&text),
            text,
            event_type: event_type.to_owned(),
            sub_type: Some(sub_type.to_owned()),
        };
        let coded: Vec<CodedDoc> = PLACES
            .iter()
            .flat_map(|place| {
                [
                    coded_as(
                        format!("Gunmen raided {place} and took cattle from villagers."),
                        LOOTING,
                    ),
                    coded_as(
                        format!("Near {place}, soldiers clashed with jihadists of JNIM."),
                        ("Battles", "Armed clash"),
                    ),
                ]
            })
            .collect();
        let before = rules().suggest(NEW_RAID);
        let rules_guess = (
            raid(&before).event_type.clone(),
            raid(&before).sub_type.clone(),
        );
        assert_ne!(rules_guess.0, LOOTING.0, "the rules err");
        let revised = |finished: &[ClassDoc]| {
            let (classifiers, infos) = train_classifiers_with_coding(
                finished,
                &coded,
                Some(&rules()),
                &JobControl::unattended(),
            );
            let mut suggestions = before.clone();
            classifiers.revise(NEW_RAID, &mut suggestions);
            let raid = raid(&suggestions);
            (
                (raid.event_type.clone(), raid.sub_type.clone()),
                infos[0].examples,
            )
        };
        // An archive coded elsewhere teaches, but does not overrule a
        // guess the project's analysts never corrected.
        let (alone, examples) = revised(&[]);
        assert_eq!(examples, 2 * PLACES.len(), "one example a note");
        assert_eq!(alone, rules_guess);
        // One raid the analysts corrected, and the archive's lesson applies.
        let (corrected, _) = revised(&stories(1)[..1]);
        assert_eq!(
            corrected,
            (LOOTING.0.to_owned(), Some(LOOTING.1.to_owned()))
        );
        // Without the rules there is no trigger to learn from.
        let (nothing, _) =
            train_classifiers_with_coding(&[], &coded, None, &JobControl::unattended());
        assert!(nothing.is_empty());
    }
}
