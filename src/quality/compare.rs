//! One comparison of two views of the same document — a reference (gold, or
//! annotator A) and a prediction (a system, or annotator B) — and its sum
//! over many documents.
//!
//! Agreement and evaluation read the same figures: mentions scored per
//! label with exact and overlap matching; labels of span-matched pairs
//! (for kappa and the confusion table); actor links on those pairs; claims
//! matched by overlapping cue, then their stance, source and responsible
//! actors compared by the spans they point at, since mention ids mean
//! nothing across two files; events matched by overlapping trigger, then
//! their type, sub-type and role fillers compared the same way.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::matching::{MatchMode, Selection, match_claims, match_events, match_mentions};
use super::scores::{Counts, Ratio, cohen_kappa_counted};
use crate::model::{
    AnnotationSet, Claim, ClaimSource, DocumentId, Event, Mention, MentionId, Span,
};

/// A claim's source as it can be compared across files: the source
/// mention's span, or the reporter's name. A source naming a mention that
/// is not in the file never equals anything.
fn same_source(a: &Claim, set_a: &AnnotationSet, b: &Claim, set_b: &AnnotationSet) -> bool {
    match (&a.source, &b.source) {
        (None, None) => true,
        (Some(ClaimSource::Reporter(x)), Some(ClaimSource::Reporter(y))) => x == y,
        (Some(ClaimSource::Mention(x)), Some(ClaimSource::Mention(y))) => {
            match (set_a.mention(*x), set_b.mention(*y)) {
                (Some(x), Some(y)) => x.span == y.span,
                _ => false,
            }
        }
        _ => false,
    }
}

/// The spans of a claim's responsible mentions; `None` if one is missing.
fn responsible_spans(claim: &Claim, set: &AnnotationSet) -> Option<BTreeSet<Span>> {
    claim
        .responsible
        .iter()
        .map(|id| set.mention(*id).map(|m| m.span))
        .collect()
}

/// Same responsible mentions, by span; a dangling reference never agrees.
fn same_responsible(a: &Claim, set_a: &AnnotationSet, b: &Claim, set_b: &AnnotationSet) -> bool {
    match (responsible_spans(a, set_a), responsible_spans(b, set_b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The triggers of the events a claim is about; `None` when one of them
/// is missing.
fn event_triggers(claim: &Claim, set: &AnnotationSet) -> Option<BTreeSet<Span>> {
    claim
        .events
        .iter()
        .map(|id| set.event(*id).map(|e| e.trigger))
        .collect()
}

/// Same events, by their triggers' spans; both about no event agree, a
/// dangling reference never does.
fn same_event(a: &Claim, set_a: &AnnotationSet, b: &Claim, set_b: &AnnotationSet) -> bool {
    match (event_triggers(a, set_a), event_triggers(b, set_b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// One side of a comparison: an annotation file and which of its items count.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    pub set: &'a AnnotationSet,
    pub selection: &'a Selection,
}

/// What two views of one document agree on; labels and mentions are
/// borrowed from the two files, so that comparing many pairs allocates
/// little.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocumentComparison<'a> {
    pub document: Option<DocumentId>,
    /// Per label, same span and label.
    pub exact: BTreeMap<&'a str, Counts>,
    /// Per label, overlapping spans and same label.
    pub overlap: BTreeMap<&'a str, Counts>,
    /// `(reference label, prediction label)` of mentions with the same span.
    pub span_pairs: Vec<(&'a str, &'a str)>,
    /// Labels of reference mentions no prediction has the span of.
    pub span_missed: Vec<&'a str>,
    /// Labels of predicted mentions no reference has the span of.
    pub span_spurious: Vec<&'a str>,
    /// Same-span pairs where either side links an actor: is it the same one?
    pub actor_links: Ratio,
    /// Claims matched by overlapping cues.
    pub claims: Counts,
    pub claim_stance: Ratio,
    pub claim_source: Ratio,
    pub claim_responsible: Ratio,
    /// Matched claims about the same event (by trigger span).
    pub claim_event: Ratio,
    /// Events matched by overlapping triggers.
    pub events: Counts,
    /// Matched events of the same type and sub-type.
    pub event_type: Ratio,
    /// Matched events whose roles name the same spans.
    pub event_roles: Ratio,
    /// Reference mentions with no exact partner.
    #[serde(skip)]
    pub misses: Vec<&'a Mention>,
    /// Predicted mentions with no exact partner.
    #[serde(skip)]
    pub false_positives: Vec<&'a Mention>,
}

/// Compares `prediction` against `reference` on one document.
pub fn compare_document<'a>(reference: Side<'a>, prediction: Side<'a>) -> DocumentComparison<'a> {
    compare_selected(&Selected::of(reference), &Selected::of(prediction))
}

/// One side's selected items, in the order comparisons read them: made
/// once per file when the file is compared with several others.
pub(crate) struct Selected<'a> {
    set: &'a AnnotationSet,
    pub(crate) mentions: Vec<&'a Mention>,
    events: Vec<&'a Event>,
    claims: Vec<&'a Claim>,
}

impl<'a> Selected<'a> {
    pub(crate) fn of(side: Side<'a>) -> Self {
        Self {
            set: side.set,
            mentions: side.selection.mentions(side.set),
            events: side.selection.events(side.set),
            claims: side.selection.claims(side.set),
        }
    }
}

/// [`compare_document`] of sides already selected.
pub(crate) fn compare_selected<'a>(
    reference: &Selected<'a>,
    prediction: &Selected<'a>,
) -> DocumentComparison<'a> {
    let (ref_mentions, pred_mentions) = (&reference.mentions, &prediction.mentions);
    let mut out = DocumentComparison {
        document: Some(reference.set.document.clone()),
        ..DocumentComparison::default()
    };
    for (mode, table) in [
        (MatchMode::Exact, &mut out.exact),
        (MatchMode::Overlap, &mut out.overlap),
    ] {
        let m = match_mentions(ref_mentions, pred_mentions, mode);
        for &(r, _) in &m.pairs {
            table
                .entry(ref_mentions[r].label.as_str())
                .or_default()
                .true_positives += 1;
        }
        for &r in &m.unmatched_reference {
            table
                .entry(ref_mentions[r].label.as_str())
                .or_default()
                .false_negatives += 1;
        }
        for &p in &m.unmatched_prediction {
            table
                .entry(pred_mentions[p].label.as_str())
                .or_default()
                .false_positives += 1;
        }
        if mode == MatchMode::Exact {
            out.misses = m
                .unmatched_reference
                .iter()
                .map(|&r| ref_mentions[r])
                .collect();
            out.false_positives = m
                .unmatched_prediction
                .iter()
                .map(|&p| pred_mentions[p])
                .collect();
        }
    }
    let spans = match_mentions(ref_mentions, pred_mentions, MatchMode::SpanOnly);
    for &(r, p) in &spans.pairs {
        let (a, b) = (ref_mentions[r], pred_mentions[p]);
        out.span_pairs.push((a.label.as_str(), b.label.as_str()));
        if a.actor.is_some() || b.actor.is_some() {
            out.actor_links.record(a.actor == b.actor);
        }
    }
    out.span_missed = spans
        .unmatched_reference
        .iter()
        .map(|&r| ref_mentions[r].label.as_str())
        .collect();
    out.span_spurious = spans
        .unmatched_prediction
        .iter()
        .map(|&p| pred_mentions[p].label.as_str())
        .collect();

    let others = compare_claims_and_events(reference, prediction);
    out.claims = others.claims;
    out.claim_stance = others.claim_stance;
    out.claim_source = others.claim_source;
    out.claim_responsible = others.claim_responsible;
    out.claim_event = others.claim_event;
    out.events = others.events;
    out.event_type = others.event_type;
    out.event_roles = others.event_roles;
    out
}

/// What two views of one document agree on besides mentions: the claim
/// and event figures of a [`DocumentComparison`], or of their sum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct ClaimsAndEvents {
    pub(crate) claims: Counts,
    pub(crate) claim_stance: Ratio,
    pub(crate) claim_source: Ratio,
    pub(crate) claim_responsible: Ratio,
    pub(crate) claim_event: Ratio,
    pub(crate) events: Counts,
    pub(crate) event_type: Ratio,
    pub(crate) event_roles: Ratio,
}

impl ClaimsAndEvents {
    pub(crate) fn add(&mut self, other: Self) {
        self.claims.add(other.claims);
        self.claim_stance.add(other.claim_stance);
        self.claim_source.add(other.claim_source);
        self.claim_responsible.add(other.claim_responsible);
        self.claim_event.add(other.claim_event);
        self.events.add(other.events);
        self.event_type.add(other.event_type);
        self.event_roles.add(other.event_roles);
    }
}

/// Claims matched by overlapping cues and events by overlapping triggers,
/// then compared.
pub(crate) fn compare_claims_and_events(
    reference: &Selected<'_>,
    prediction: &Selected<'_>,
) -> ClaimsAndEvents {
    let mut out = ClaimsAndEvents::default();
    let (ref_claims, pred_claims) = (&reference.claims, &prediction.claims);
    let (ref_events, pred_events) = (&reference.events, &prediction.events);
    if ref_claims.is_empty()
        && pred_claims.is_empty()
        && ref_events.is_empty()
        && pred_events.is_empty()
    {
        return out;
    }
    let claims = match_claims(ref_claims, pred_claims);
    out.claims = Counts {
        true_positives: claims.pairs.len(),
        false_positives: claims.unmatched_prediction.len(),
        false_negatives: claims.unmatched_reference.len(),
    };
    let events = match_events(ref_events, pred_events);
    out.events = Counts {
        true_positives: events.pairs.len(),
        false_positives: events.unmatched_prediction.len(),
        false_negatives: events.unmatched_reference.len(),
    };
    for &(r, p) in &events.pairs {
        let (a, b) = (ref_events[r], pred_events[p]);
        out.event_type
            .record(a.event_type == b.event_type && a.sub_type == b.sub_type);
        out.event_roles
            .record(same_roles(a, reference.set, b, prediction.set));
    }
    for &(r, p) in &claims.pairs {
        let (a, b) = (ref_claims[r], pred_claims[p]);
        out.claim_stance.record(a.stance == b.stance);
        out.claim_source
            .record(same_source(a, reference.set, b, prediction.set));
        out.claim_responsible
            .record(same_responsible(a, reference.set, b, prediction.set));
        out.claim_event
            .record(same_event(a, reference.set, b, prediction.set));
    }
    out
}

/// Whether two events' roles name the same spans, role by role (mention
/// ids mean nothing across two files).
fn same_roles(a: &Event, set_a: &AnnotationSet, b: &Event, set_b: &AnnotationSet) -> bool {
    // Each role's fillers as a set of spans (a filler naming no mention of
    // its file is left out), compared role by role in name order.
    let spans = |fillers: &[MentionId], set: &AnnotationSet| -> Vec<Span> {
        let mut spans: Vec<Span> = fillers
            .iter()
            .filter_map(|m| set.mention(*m).map(|m| m.span))
            .collect();
        spans.sort_unstable();
        spans.dedup();
        spans
    };
    a.roles.len() == b.roles.len()
        && a.roles
            .iter()
            .zip(&b.roles)
            .all(|((role_a, fillers_a), (role_b, fillers_b))| {
                role_a == role_b && spans(fillers_a, set_a) == spans(fillers_b, set_b)
            })
}

/// A label × label count table; rows are reference labels (or `spurious`),
/// columns prediction labels (or `missed`).
pub type ConfusionTable = BTreeMap<String, BTreeMap<String, usize>>;

/// Row for predictions no reference mention has the span of.
pub const SPURIOUS: &str = "spurious";
/// Column for reference mentions no prediction has the span of.
pub const MISSED: &str = "missed";

/// Changes `map`'s value for `key`, made on first use: the key is copied
/// only then.
fn update<V: Default>(map: &mut BTreeMap<String, V>, key: &str, change: impl FnOnce(&mut V)) {
    match map.get_mut(key) {
        Some(value) => change(value),
        None => change(map.entry(key.to_owned()).or_default()),
    }
}

/// Counts one more `(row, column)` in a table of tables.
fn count(table: &mut BTreeMap<String, BTreeMap<String, usize>>, row: &str, column: &str) {
    update(table, row, |columns| update(columns, column, |n| *n += 1));
}

/// The sum of many [`DocumentComparison`]s.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Comparison {
    pub documents: usize,
    pub exact: Counts,
    pub overlap: Counts,
    pub exact_by_label: BTreeMap<String, Counts>,
    pub overlap_by_label: BTreeMap<String, Counts>,
    /// Cohen's kappa on the labels of same-span mention pairs.
    pub kappa: Option<f64>,
    pub span_pairs: usize,
    pub confusion: ConfusionTable,
    pub actor_links: Ratio,
    pub claims: Counts,
    pub claim_stance: Ratio,
    pub claim_source: Ratio,
    pub claim_responsible: Ratio,
    pub claim_event: Ratio,
    pub events: Counts,
    pub event_type: Ratio,
    pub event_roles: Ratio,
    /// Same-span pairs counted by reference label, then prediction label.
    #[serde(skip)]
    label_pairs: BTreeMap<String, BTreeMap<String, usize>>,
}

impl Comparison {
    pub fn add(&mut self, doc: &DocumentComparison<'_>) {
        self.add_counts(doc);
        self.update_kappa();
    }

    /// [`Self::add`] without working out kappa again: for sums of many
    /// documents, which call [`Self::update_kappa`] once at the end.
    pub(crate) fn add_counts(&mut self, doc: &DocumentComparison<'_>) {
        self.documents += 1;
        for (label, counts) in &doc.exact {
            self.exact.add(*counts);
            update(&mut self.exact_by_label, label, |sum| sum.add(*counts));
        }
        for (label, counts) in &doc.overlap {
            self.overlap.add(*counts);
            update(&mut self.overlap_by_label, label, |sum| sum.add(*counts));
        }
        for (a, b) in &doc.span_pairs {
            count(&mut self.confusion, a, b);
        }
        for a in &doc.span_missed {
            count(&mut self.confusion, a, MISSED);
        }
        for b in &doc.span_spurious {
            count(&mut self.confusion, SPURIOUS, b);
        }
        for (a, b) in &doc.span_pairs {
            count(&mut self.label_pairs, a, b);
        }
        self.span_pairs += doc.span_pairs.len();
        self.actor_links.add(doc.actor_links);
        self.claims.add(doc.claims);
        self.claim_stance.add(doc.claim_stance);
        self.claim_source.add(doc.claim_source);
        self.claim_responsible.add(doc.claim_responsible);
        self.claim_event.add(doc.claim_event);
        self.events.add(doc.events);
        self.event_type.add(doc.event_type);
        self.event_roles.add(doc.event_roles);
    }

    /// Counts `n` more same-span pairs labelled `reference` and
    /// `prediction`, for kappa (the confusion table is counted apart).
    pub(crate) fn count_label_pairs(&mut self, reference: &str, prediction: &str, n: usize) {
        let row = match self.label_pairs.get_mut(reference) {
            Some(row) => row,
            None => self.label_pairs.entry(reference.to_owned()).or_default(),
        };
        match row.get_mut(prediction) {
            Some(count) => *count += n,
            None => {
                row.insert(prediction.to_owned(), n);
            }
        }
    }

    /// Works out kappa from the label pairs counted so far.
    pub(crate) fn update_kappa(&mut self) {
        self.kappa = cohen_kappa_counted(self.label_pairs.iter().flat_map(|(a, columns)| {
            columns
                .iter()
                .map(move |(b, n)| (a.as_str(), b.as_str(), *n))
        }));
    }

    /// Adds another sum: the same figures as adding its documents here one
    /// by one, in any order (every figure is a count; kappa is computed
    /// from the counted label pairs), so documents can be summed on
    /// several threads and the sums merged.
    pub fn merge(&mut self, other: Comparison) {
        if other.documents == 0 {
            return;
        }
        self.documents += other.documents;
        self.exact.add(other.exact);
        self.overlap.add(other.overlap);
        for (label, counts) in other.exact_by_label {
            self.exact_by_label.entry(label).or_default().add(counts);
        }
        for (label, counts) in other.overlap_by_label {
            self.overlap_by_label.entry(label).or_default().add(counts);
        }
        for (row, columns) in other.confusion {
            let into = self.confusion.entry(row).or_default();
            for (column, n) in columns {
                *into.entry(column).or_default() += n;
            }
        }
        for (row, columns) in other.label_pairs {
            let into = self.label_pairs.entry(row).or_default();
            for (column, n) in columns {
                *into.entry(column).or_default() += n;
            }
        }
        self.span_pairs += other.span_pairs;
        self.update_kappa();
        self.actor_links.add(other.actor_links);
        self.claims.add(other.claims);
        self.claim_stance.add(other.claim_stance);
        self.claim_source.add(other.claim_source);
        self.claim_responsible.add(other.claim_responsible);
        self.claim_event.add(other.claim_event);
        self.events.add(other.events);
        self.event_type.add(other.event_type);
        self.event_roles.add(other.event_roles);
    }
}
