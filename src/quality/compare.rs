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

use std::collections::BTreeMap;

use serde::Serialize;

use super::matching::{
    MatchBuffers, MatchMode, Matching, Selection, greedy_into, match_mentions, overlap_bytes,
};
use super::scores::{Counts, Ratio, cohen_kappa_counted};
use crate::model::{AnnotationSet, Claim, ClaimSource, DocumentId, Event, Mention, Span};

/// A claim's source as it can be compared across files: the source
/// mention's span (`None` when the mention is not in the file: such a
/// source never equals anything), or the reporter's name.
#[derive(Clone, Copy, Debug)]
enum SourceKey<'a> {
    Unsourced,
    Reporter(&'a str),
    Mention(Option<Span>),
}

impl SourceKey<'_> {
    fn same(self, other: Self) -> bool {
        match (self, other) {
            (Self::Unsourced, Self::Unsourced) => true,
            (Self::Reporter(x), Self::Reporter(y)) => x == y,
            (Self::Mention(Some(x)), Self::Mention(Some(y))) => x == y,
            _ => false,
        }
    }
}

/// Sorted spans without repeats; `None` if one of them is missing.
fn span_set(spans: impl Iterator<Item = Option<Span>>) -> Option<Vec<Span>> {
    let mut spans: Vec<Span> = spans.collect::<Option<_>>()?;
    spans.sort_unstable();
    spans.dedup();
    Some(spans)
}

/// A selected claim as another file's can be compared with it: mention
/// and event ids mean nothing across two files, their spans do.
#[derive(Clone, Debug)]
struct ClaimKey<'a> {
    source: SourceKey<'a>,
    /// The spans of the responsible mentions; `None` if one is missing (a
    /// dangling reference never agrees).
    responsible: Option<Vec<Span>>,
    /// The triggers of the events the claim is about; `None` if one is
    /// missing. Both about no event agree.
    events: Option<Vec<Span>>,
}

impl<'a> ClaimKey<'a> {
    fn of(claim: &'a Claim, set: &AnnotationSet) -> Self {
        Self {
            source: match &claim.source {
                None => SourceKey::Unsourced,
                Some(ClaimSource::Reporter(name)) => SourceKey::Reporter(name),
                Some(ClaimSource::Mention(id)) => {
                    SourceKey::Mention(set.mention(*id).map(|m| m.span))
                }
            },
            responsible: span_set(
                claim
                    .responsible
                    .iter()
                    .map(|id| set.mention(*id).map(|m| m.span)),
            ),
            events: span_set(
                claim
                    .events
                    .iter()
                    .map(|id| set.event(*id).map(|e| e.trigger)),
            ),
        }
    }
}

/// A selected event's roles as another file's can be compared with them:
/// each role's fillers as sorted spans (a filler naming no mention of its
/// file is left out), in role name order.
fn role_spans<'a>(event: &'a Event, set: &AnnotationSet) -> Vec<(&'a str, Vec<Span>)> {
    event
        .roles
        .iter()
        .map(|(role, fillers)| {
            let mut spans: Vec<Span> = fillers
                .iter()
                .filter_map(|m| set.mention(*m).map(|m| m.span))
                .collect();
            spans.sort_unstable();
            spans.dedup();
            (role.as_str(), spans)
        })
        .collect()
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
    pub(crate) mentions: Vec<&'a Mention>,
    events: Vec<&'a Event>,
    /// The events' triggers and roles.
    triggers: Vec<Span>,
    roles: Vec<Vec<(&'a str, Vec<Span>)>>,
    claims: Vec<&'a Claim>,
    /// The claims' cues and what they point at.
    cues: Vec<Span>,
    claim_keys: Vec<ClaimKey<'a>>,
    document: &'a DocumentId,
}

impl<'a> Selected<'a> {
    pub(crate) fn of(side: Side<'a>) -> Self {
        let set = side.set;
        let events = side.selection.events(set);
        let claims = side.selection.claims(set);
        Self {
            mentions: side.selection.mentions(set),
            triggers: events.iter().map(|e| e.trigger).collect(),
            roles: events.iter().map(|e| role_spans(e, set)).collect(),
            events,
            cues: claims.iter().map(|c| c.cue).collect(),
            claim_keys: claims.iter().map(|c| ClaimKey::of(c, set)).collect(),
            claims,
            document: &set.document,
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
        document: Some(reference.document.clone()),
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

    let others = compare_claims_and_events(
        reference,
        prediction,
        &mut MatchBuffers::default(),
        &mut Matching::default(),
    );
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
/// then compared; `buffers` and `matching` are working space.
pub(crate) fn compare_claims_and_events(
    reference: &Selected<'_>,
    prediction: &Selected<'_>,
    buffers: &mut MatchBuffers,
    matching: &mut Matching,
) -> ClaimsAndEvents {
    let mut out = ClaimsAndEvents::default();
    fn overlapping<'s>(
        a: &'s [Span],
        b: &'s [Span],
    ) -> impl Fn(usize, usize) -> Option<usize> + 's {
        move |r, p| a[r].overlaps(b[p]).then(|| overlap_bytes(a[r], b[p]))
    }
    let counts = |m: &Matching| Counts {
        true_positives: m.pairs.len(),
        false_positives: m.unmatched_prediction.len(),
        false_negatives: m.unmatched_reference.len(),
    };
    let (ref_triggers, pred_triggers) = (&reference.triggers, &prediction.triggers);
    greedy_into(
        ref_triggers,
        pred_triggers,
        overlapping(ref_triggers, pred_triggers),
        buffers,
        matching,
    );
    out.events = counts(matching);
    for &(r, p) in &matching.pairs {
        let (a, b) = (reference.events[r], prediction.events[p]);
        out.event_type
            .record(a.event_type == b.event_type && a.sub_type == b.sub_type);
        out.event_roles
            .record(reference.roles[r] == prediction.roles[p]);
    }
    let (ref_cues, pred_cues) = (&reference.cues, &prediction.cues);
    greedy_into(
        ref_cues,
        pred_cues,
        overlapping(ref_cues, pred_cues),
        buffers,
        matching,
    );
    out.claims = counts(matching);
    for &(r, p) in &matching.pairs {
        let (a, b) = (&reference.claim_keys[r], &prediction.claim_keys[p]);
        out.claim_stance
            .record(reference.claims[r].stance == prediction.claims[p].stance);
        out.claim_source.record(a.source.same(b.source));
        out.claim_responsible
            .record(match (&a.responsible, &b.responsible) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            });
        out.claim_event.record(match (&a.events, &b.events) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        });
    }
    out
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
