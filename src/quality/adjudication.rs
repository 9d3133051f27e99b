//! Adjudication: several annotators' versions of one document become the
//! gold annotator's file. Items everyone agrees on go in at once; each
//! disagreement is decided by taking one annotator's version or dropping it.
//!
//! Versions are compared by span, since mention ids mean nothing across
//! files: a mention by its span and label, a claim by its cue span with its
//! stance, and its source and responsible mentions by their spans.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, DocumentId, Event, EventId, Mention, MentionId,
    Review, Span,
};

/// The annotator whose files hold adjudicated gold.
pub const GOLD_ANNOTATOR: &str = "gold";

/// A claim as compared across files: its mentions by span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ClaimVersion {
    pub cue: Span,
    pub cue_text: String,
    pub stance: String,
    pub source: Option<SourceVersion>,
    pub responsible: BTreeSet<(Span, String)>,
    /// The triggers of the events the claim is about.
    pub events: BTreeSet<Span>,
}

/// An event as compared across files: its role fillers by span.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventVersion {
    pub trigger: Span,
    pub trigger_text: String,
    pub event_type: String,
    pub sub_type: Option<String>,
    pub roles: BTreeMap<String, BTreeSet<(Span, String)>>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceVersion {
    Mention(Span, String),
    Reporter(String),
}

/// What one annotator has at one place of the text.
#[derive(Clone, Debug, PartialEq)]
pub enum Version {
    /// A mention's label (`None`: this annotator has no mention here).
    Mention(Option<(String, String)>),
    Claim(Option<ClaimVersion>),
    Event(Option<EventVersion>),
}

/// One place where the annotators differ.
#[derive(Clone, Debug, PartialEq)]
pub struct Disagreement {
    pub span: Span,
    pub text: String,
    /// One version per annotator, in the adjudication's annotator order.
    pub versions: Vec<Version>,
    /// Each annotator's comment on their item here, in the same order.
    pub comments: Vec<Option<String>>,
    /// The gold file's own version here, when it is none of the
    /// annotators' (the curator changed it by hand): kept unless decided.
    pub gold: Option<Version>,
    pub decision: Option<Decision>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Take the version of the annotator at this index.
    Take(usize),
    Drop,
    /// Keep the gold file's own version ([`Disagreement::gold`]).
    Keep,
}

/// An adjudication of one document in progress.
#[derive(Clone, Debug)]
pub struct Adjudication {
    pub document: DocumentId,
    pub annotators: Vec<String>,
    /// Items all annotators agree on, and items only the gold file has.
    pub(super) agreed_mentions: Vec<(Span, String, String, Option<String>)>,
    pub(super) agreed_claims: Vec<ClaimVersion>,
    pub(super) agreed_events: Vec<EventVersion>,
    pub disagreements: Vec<Disagreement>,
    /// Actor links by span and label, from whichever annotator set one.
    pub(super) actors: BTreeMap<(Span, String), String>,
    /// Comments on the agreed items by span, each annotator's, joined.
    pub(super) agreed_comments: BTreeMap<(ItemKind, Span), String>,
    /// Each annotator's comment on the whole document, in annotator order.
    pub document_comments: Vec<Option<String>>,
}

/// Which kind of item a place of the text is compared as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Mention,
    Event,
    Claim,
}

impl Version {
    pub fn kind(&self) -> ItemKind {
        match self {
            Version::Mention(_) => ItemKind::Mention,
            Version::Event(_) => ItemKind::Event,
            Version::Claim(_) => ItemKind::Claim,
        }
    }

    /// Whether this annotator has no item here.
    pub fn is_absent(&self) -> bool {
        matches!(
            self,
            Version::Mention(None) | Version::Claim(None) | Version::Event(None)
        )
    }
}

/// Each item's comment in `set`, by the kind and span of the item.
pub(super) fn comments_by_span(set: &AnnotationSet) -> BTreeMap<(ItemKind, Span), String> {
    use crate::edit::COMMENT_KIND;
    use crate::model::{ItemRef, Target};
    set.notes
        .iter()
        .filter(|n| n.kind == COMMENT_KIND)
        .filter_map(|n| {
            let key = match n.target {
                Target::Item(ItemRef::Mention(id)) => (ItemKind::Mention, set.mention(id)?.span),
                Target::Item(ItemRef::Event(id)) => (ItemKind::Event, set.event(id)?.trigger),
                Target::Item(ItemRef::Claim(id)) => (ItemKind::Claim, set.claim(id)?.cue),
                Target::Relation(_) | Target::Document => return None,
            };
            Some((key, n.text.clone()))
        })
        .collect()
}

fn gold_mentions(set: &AnnotationSet) -> impl Iterator<Item = &Mention> {
    set.mentions.iter().filter(|m| m.review.status.is_gold())
}

pub(super) fn claim_version(set: &AnnotationSet, claim: &Claim) -> ClaimVersion {
    let mention = |id: MentionId| set.mention(id).map(|m| (m.span, m.label.clone()));
    ClaimVersion {
        cue: claim.cue,
        cue_text: claim.cue_text.clone(),
        stance: claim.stance.clone(),
        source: match &claim.source {
            Some(ClaimSource::Mention(id)) => {
                mention(*id).map(|(s, l)| SourceVersion::Mention(s, l))
            }
            Some(ClaimSource::Reporter(r)) => Some(SourceVersion::Reporter(r.clone())),
            None => None,
        },
        responsible: claim
            .responsible
            .iter()
            .filter_map(|&id| mention(id))
            .collect(),
        events: claim
            .events
            .iter()
            .filter_map(|&id| set.event(id))
            .map(|e| e.trigger)
            .collect(),
    }
}

pub(super) fn event_version(set: &AnnotationSet, event: &Event) -> EventVersion {
    EventVersion {
        trigger: event.trigger,
        trigger_text: event.trigger_text.clone(),
        event_type: event.event_type.clone(),
        sub_type: event.sub_type.clone(),
        roles: event
            .roles
            .iter()
            .map(|(role, fillers)| {
                let spans = fillers
                    .iter()
                    .filter_map(|&id| set.mention(id).map(|m| (m.span, m.label.clone())))
                    .collect();
                (role.clone(), spans)
            })
            .collect(),
    }
}

/// Items of one kind from every annotator, keyed by span: agreed where all
/// annotators have the same version, else one disagreement per span.
fn compare_versions<T: Clone + PartialEq>(
    by_span: BTreeMap<Span, Vec<Option<T>>>,
    text: &str,
    wrap: impl Fn(Option<T>) -> Version,
    comments: &[BTreeMap<(ItemKind, Span), String>],
    agreed: &mut Vec<T>,
    disagreements: &mut Vec<Disagreement>,
) {
    for (span, versions) in by_span {
        let first = versions[0].clone();
        if first.is_some() && versions.iter().all(|v| *v == first) {
            agreed.extend(first);
        } else {
            let versions: Vec<Version> = versions.into_iter().map(&wrap).collect();
            disagreements.push(Disagreement {
                span,
                text: span.text(text).unwrap_or_default().to_owned(),
                comments: comments_at(comments, &versions, span),
                versions,
                gold: None,
                decision: None,
            });
        }
    }
}

/// Each annotator's comment on their own item at `span`.
fn comments_at(
    comments: &[BTreeMap<(ItemKind, Span), String>],
    versions: &[Version],
    span: Span,
) -> Vec<Option<String>> {
    let kind = versions.first().map_or(ItemKind::Mention, Version::kind);
    comments
        .iter()
        .zip(versions)
        .map(|(by_span, version)| {
            (!version.is_absent())
                .then(|| by_span.get(&(kind, span)).cloned())
                .flatten()
        })
        .collect()
}

/// The comments of agreed items: every annotator's, joined, each once.
fn agreed_comments(
    comments: &[BTreeMap<(ItemKind, Span), String>],
    agreed: impl Iterator<Item = (ItemKind, Span)>,
) -> BTreeMap<(ItemKind, Span), String> {
    agreed
        .filter_map(|key| {
            let mut texts: Vec<&str> = Vec::new();
            for text in comments.iter().filter_map(|c| c.get(&key)) {
                if !texts.contains(&text.as_str()) {
                    texts.push(text);
                }
            }
            (!texts.is_empty()).then(|| (key, texts.join(" | ")))
        })
        .collect()
}

impl Adjudication {
    /// Compares the annotators' gold (accepted and corrected) items.
    pub fn new(document: DocumentId, text: &str, sets: &[AnnotationSet]) -> Self {
        let annotators: Vec<String> = sets.iter().map(|s| s.annotator.clone()).collect();
        let comments: Vec<_> = sets.iter().map(comments_by_span).collect();
        let mut actors = BTreeMap::new();
        // Mentions: every span any annotator marked, with each one's label.
        let mut by_span: BTreeMap<Span, Vec<Option<String>>> = BTreeMap::new();
        for (i, set) in sets.iter().enumerate() {
            for m in gold_mentions(set) {
                let slot = by_span
                    .entry(m.span)
                    .or_insert_with(|| vec![None; sets.len()]);
                slot[i] = Some(m.label.clone());
                if let Some(actor) = &m.actor {
                    actors
                        .entry((m.span, m.label.clone()))
                        .or_insert_with(|| actor.clone());
                }
            }
        }
        let covered = |span: Span| span.text(text).unwrap_or_default().to_owned();
        let mut agreed_mentions = Vec::new();
        let mut disagreements = Vec::new();
        for (span, labels) in by_span {
            let first = labels[0].clone();
            if first.is_some() && labels.iter().all(|l| *l == first) {
                let label = first.unwrap_or_default();
                let actor = actors.get(&(span, label.clone())).cloned();
                agreed_mentions.push((span, covered(span), label, actor));
            } else {
                let versions: Vec<Version> = labels
                    .into_iter()
                    .map(|l| Version::Mention(l.map(|l| (covered(span), l))))
                    .collect();
                disagreements.push(Disagreement {
                    span,
                    text: covered(span),
                    comments: comments_at(&comments, &versions, span),
                    versions,
                    gold: None,
                    decision: None,
                });
            }
        }
        // Claims by cue span, events by trigger span.
        let mut claims: BTreeMap<Span, Vec<Option<ClaimVersion>>> = BTreeMap::new();
        let mut events: BTreeMap<Span, Vec<Option<EventVersion>>> = BTreeMap::new();
        for (i, set) in sets.iter().enumerate() {
            for c in set.claims.iter().filter(|c| c.review.status.is_gold()) {
                claims
                    .entry(c.cue)
                    .or_insert_with(|| vec![None; sets.len()])[i] = Some(claim_version(set, c));
            }
            for e in set.events.iter().filter(|e| e.review.status.is_gold()) {
                events
                    .entry(e.trigger)
                    .or_insert_with(|| vec![None; sets.len()])[i] = Some(event_version(set, e));
            }
        }
        let mut agreed_claims = Vec::new();
        compare_versions(
            claims,
            text,
            Version::Claim,
            &comments,
            &mut agreed_claims,
            &mut disagreements,
        );
        let mut agreed_events = Vec::new();
        compare_versions(
            events,
            text,
            Version::Event,
            &comments,
            &mut agreed_events,
            &mut disagreements,
        );
        let kind_order = |d: &Disagreement| match d.versions.first() {
            Some(Version::Mention(_)) | None => 0,
            Some(Version::Event(_)) => 1,
            Some(Version::Claim(_)) => 2,
        };
        disagreements.sort_by_key(|d| (d.span, kind_order(d)));
        let agreed_keys = agreed_mentions
            .iter()
            .map(|(span, ..)| (ItemKind::Mention, *span))
            .chain(agreed_events.iter().map(|e| (ItemKind::Event, e.trigger)))
            .chain(agreed_claims.iter().map(|c| (ItemKind::Claim, c.cue)));
        let agreed_comments = agreed_comments(&comments, agreed_keys);
        Self {
            document,
            annotators,
            agreed_mentions,
            agreed_claims,
            agreed_events,
            disagreements,
            actors,
            agreed_comments,
            document_comments: sets
                .iter()
                .map(|s| {
                    crate::edit::comment_on_target(s, crate::model::Target::Document)
                        .map(str::to_owned)
                })
                .collect(),
        }
    }

    pub fn agreed_count(&self) -> usize {
        self.agreed_mentions.len() + self.agreed_claims.len() + self.agreed_events.len()
    }

    pub fn undecided_count(&self) -> usize {
        self.disagreements
            .iter()
            .filter(|d| d.decision.is_none())
            .count()
    }

    pub fn decide(&mut self, index: usize, decision: Decision) {
        if let Some(d) = self.disagreements.get_mut(index) {
            d.decision = Some(decision);
        }
    }

    /// The gold file: agreed items and decided disagreements (undecided ones
    /// are left out until decided), accepted by `adjudicator`. A dropped
    /// place keeps its versions as rejected items, so that curating again
    /// knows it was dropped (rejected items are no gold). What else a gold
    /// file held before (relations, notes, time) is carried over by
    /// [`crate::quality::curation::carry_over`].
    pub fn gold(&self, adjudicator: &str, at: jiff::Timestamp) -> AnnotationSet {
        let mut gold = AnnotationSet::new(self.document.clone(), GOLD_ANNOTATOR);
        let review = Review::accepted(adjudicator, at);
        let rejected = review.decided(crate::model::Status::Rejected, adjudicator, at);
        let mut dropped: Vec<(Span, &Version)> = Vec::new();
        let mut mentions: BTreeMap<(Span, String), (String, Option<String>)> = BTreeMap::new();
        let mut claims: Vec<ClaimVersion> = self.agreed_claims.clone();
        let mut events: Vec<EventVersion> = self.agreed_events.clone();
        for (span, text, label, actor) in &self.agreed_mentions {
            mentions.insert((*span, label.clone()), (text.clone(), actor.clone()));
        }
        // Comments go to gold with their items: the taken version's
        // annotator's, else the agreed ones'.
        let mut comments = self.agreed_comments.clone();
        for d in &self.disagreements {
            let version = match (d.decision, &d.gold) {
                (Some(Decision::Take(i)), _) => {
                    if let Some(Some(comment)) = d.comments.get(i) {
                        let kind = d.versions.first().map_or(ItemKind::Mention, Version::kind);
                        comments.insert((kind, d.span), comment.clone());
                    }
                    d.versions.get(i)
                }
                (Some(Decision::Keep) | None, Some(gold)) => Some(gold),
                (Some(Decision::Drop), _) => {
                    let mut distinct: Vec<&Version> = Vec::new();
                    for v in d.versions.iter().filter(|v| !v.is_absent()) {
                        if !distinct.contains(&v) {
                            distinct.push(v);
                        }
                    }
                    dropped.extend(distinct.into_iter().map(|v| (d.span, v)));
                    None
                }
                _ => None,
            };
            match version {
                Some(Version::Mention(Some((text, label)))) => {
                    let actor = self.actors.get(&(d.span, label.clone())).cloned();
                    mentions.insert((d.span, label.clone()), (text.clone(), actor));
                }
                Some(Version::Claim(Some(claim))) => claims.push(claim.clone()),
                Some(Version::Event(Some(event))) => events.push(event.clone()),
                _ => {}
            }
        }
        // Claims and events need the mentions they name in gold too.
        let role_fillers: Vec<(Span, String)> = events
            .iter()
            .flat_map(|e| e.roles.values().flatten().cloned())
            .collect();
        for (span, label) in role_fillers {
            let actor = self.actors.get(&(span, label.clone())).cloned();
            mentions
                .entry((span, label))
                .or_insert((String::new(), actor));
        }
        for claim in &claims {
            let named = claim
                .responsible
                .iter()
                .cloned()
                .chain(match &claim.source {
                    Some(SourceVersion::Mention(span, label)) => Some((*span, label.clone())),
                    _ => None,
                });
            for (span, label) in named {
                let actor = self.actors.get(&(span, label.clone())).cloned();
                mentions
                    .entry((span, label))
                    .or_insert((String::new(), actor));
            }
        }
        let mut ids = BTreeMap::new();
        for (n, ((span, label), (text, actor))) in mentions.into_iter().enumerate() {
            let id = MentionId(n as u32 + 1);
            ids.insert((span, label.clone()), id);
            gold.mentions.push(Mention {
                id,
                span,
                text: if text.is_empty() {
                    self.text_of(span)
                } else {
                    text
                },
                label,
                actor,
                attributes: BTreeMap::new(),
                review: review.clone(),
            });
        }
        events.sort();
        let mut event_ids = BTreeMap::new();
        for (n, event) in events.into_iter().enumerate() {
            let id = EventId(n as u32 + 1);
            event_ids.insert(event.trigger, id);
            gold.events.push(Event {
                id,
                trigger: event.trigger,
                trigger_text: event.trigger_text,
                event_type: event.event_type,
                sub_type: event.sub_type,
                roles: event
                    .roles
                    .into_iter()
                    .map(|(role, fillers)| {
                        (
                            role,
                            fillers
                                .iter()
                                .filter_map(|key| ids.get(key).copied())
                                .collect(),
                        )
                    })
                    .collect(),
                review: review.clone(),
            });
        }
        claims.sort();
        for (n, claim) in claims.into_iter().enumerate() {
            gold.claims.push(Claim {
                id: ClaimId(n as u32 + 1),
                cue: claim.cue,
                cue_text: claim.cue_text,
                stance: claim.stance,
                source: match claim.source {
                    Some(SourceVersion::Mention(span, label)) => {
                        ids.get(&(span, label)).map(|&id| ClaimSource::Mention(id))
                    }
                    Some(SourceVersion::Reporter(r)) => Some(ClaimSource::Reporter(r)),
                    None => None,
                },
                responsible: claim
                    .responsible
                    .iter()
                    .filter_map(|key| ids.get(key).copied())
                    .collect(),
                events: claim
                    .events
                    .iter()
                    .filter_map(|trigger| event_ids.get(trigger).copied())
                    .collect(),
                review: review.clone(),
            });
        }
        attach_comments(&mut gold, &comments);
        // The dropped versions, rejected, with no links: a rejected event
        // or claim brings no mention into gold.
        for (span, version) in dropped {
            match version {
                Version::Mention(Some((text, label))) => {
                    let id = gold.next_mention_id();
                    gold.mentions.push(Mention {
                        id,
                        span,
                        text: text.clone(),
                        label: label.clone(),
                        actor: None,
                        attributes: BTreeMap::new(),
                        review: rejected.clone(),
                    });
                }
                Version::Event(Some(event)) => {
                    let id = gold.next_event_id();
                    gold.events.push(Event {
                        id,
                        trigger: event.trigger,
                        trigger_text: event.trigger_text.clone(),
                        event_type: event.event_type.clone(),
                        sub_type: event.sub_type.clone(),
                        roles: BTreeMap::new(),
                        review: rejected.clone(),
                    });
                }
                Version::Claim(Some(claim)) => {
                    let id = gold.next_claim_id();
                    gold.claims.push(Claim {
                        id,
                        cue: claim.cue,
                        cue_text: claim.cue_text.clone(),
                        stance: claim.stance.clone(),
                        source: None,
                        responsible: Vec::new(),
                        events: Vec::new(),
                        review: rejected.clone(),
                    });
                }
                _ => {}
            }
        }
        gold
    }

    fn text_of(&self, span: Span) -> String {
        self.agreed_mentions
            .iter()
            .find(|(s, ..)| *s == span)
            .map(|(_, text, ..)| text.clone())
            .or_else(|| {
                self.disagreements
                    .iter()
                    .find(|d| d.span == span)
                    .map(|d| d.text.clone())
            })
            .unwrap_or_default()
    }
}

/// Gives each item of `gold` the comment found for its kind and span.
fn attach_comments(gold: &mut AnnotationSet, comments: &BTreeMap<(ItemKind, Span), String>) {
    use crate::model::{ItemRef, Note, Target};
    let items = gold
        .mentions
        .iter()
        .map(|m| (ItemRef::Mention(m.id), (ItemKind::Mention, m.span)))
        .chain(
            gold.events
                .iter()
                .map(|e| (ItemRef::Event(e.id), (ItemKind::Event, e.trigger))),
        )
        .chain(
            gold.claims
                .iter()
                .map(|c| (ItemRef::Claim(c.id), (ItemKind::Claim, c.cue))),
        );
    let notes: Vec<Note> = items
        .filter_map(|(item, key)| {
            comments.get(&key).map(|text| Note {
                target: Target::Item(item),
                kind: crate::edit::COMMENT_KIND.to_owned(),
                text: text.clone(),
            })
        })
        .collect();
    gold.notes = notes;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    const TEXT: &str = "JNIM claimed the attack on Farabougou, the army said.";

    fn set(
        annotator: &str,
        mentions: &[(&str, &str)],
        claim_stance: Option<&str>,
    ) -> AnnotationSet {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut set = AnnotationSet::new(DocumentId::for_text(TEXT), annotator);
        for (n, (needle, label)) in mentions.iter().enumerate() {
            let start = TEXT.find(needle).unwrap();
            set.mentions.push(Mention {
                id: MentionId(n as u32 + 10),
                span: Span::new(start, start + needle.len()),
                text: (*needle).into(),
                label: (*label).into(),
                actor: (*needle == "JNIM").then(|| "jnim".to_owned()),
                attributes: BTreeMap::new(),
                review: Review::accepted(annotator, at),
            });
        }
        if let Some(stance) = claim_stance {
            let start = TEXT.find("claimed").unwrap();
            set.claims.push(Claim {
                id: ClaimId(1),
                cue: Span::new(start, start + 7),
                cue_text: "claimed".into(),
                stance: stance.into(),
                source: Some(ClaimSource::Mention(set.mentions[0].id)),
                responsible: vec![set.mentions[0].id],
                events: Vec::new(),
                review: Review::accepted(annotator, at),
            });
        }
        set
    }

    #[test]
    fn agreed_items_go_to_gold_and_disagreements_wait_for_a_decision() {
        let ana = set(
            "ana",
            &[
                ("JNIM", "ARMED_GROUP"),
                ("Farabougou", "LOCATION"),
                ("the army", "STATE_FORCE"),
            ],
            Some("Claimed"),
        );
        let mut ben = set(
            "ben",
            &[("JNIM", "ARMED_GROUP"), ("Farabougou", "FACILITY")],
            Some("Claimed"),
        );
        ben.mentions.push(Mention {
            review: Review::suggested("ben", "x", 0.5, jiff::Timestamp::UNIX_EPOCH),
            ..ana.mentions[2].clone()
        });
        let mut adjudication = Adjudication::new(ana.document.clone(), TEXT, &[ana, ben]);
        assert_eq!(adjudication.agreed_count(), 2, "JNIM and the claim");
        assert_eq!(
            adjudication.disagreements.len(),
            2,
            "Farabougou's label; the army only ana accepted"
        );
        let gold = adjudication.gold("adj", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(gold.mentions.len(), 1);
        assert_eq!(gold.claims.len(), 1);
        assert_eq!(
            gold.claims[0].responsible,
            [gold.mentions[0].id],
            "ids remapped by span"
        );
        assert_eq!(gold.mentions[0].actor.as_deref(), Some("jnim"));

        adjudication.decide(0, Decision::Take(1));
        adjudication.decide(1, Decision::Drop);
        assert_eq!(adjudication.undecided_count(), 0);
        let gold = adjudication.gold("adj", jiff::Timestamp::UNIX_EPOCH);
        let labels: Vec<(&str, &str, &Status)> = gold
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.label.as_str(), &m.review.status))
            .collect();
        assert_eq!(
            labels,
            [
                ("JNIM", "ARMED_GROUP", &Status::Accepted),
                ("Farabougou", "FACILITY", &Status::Accepted),
                ("the army", "STATE_FORCE", &Status::Rejected)
            ],
            "a dropped place stays as rejected, no gold"
        );
        assert!(gold.mentions.iter().all(|m| m.review.by == "adj"));
        assert_eq!(gold.annotator, GOLD_ANNOTATOR);
    }

    fn with_attack(mut set: AnnotationSet, sub_type: &str) -> AnnotationSet {
        let start = TEXT.find("attack").unwrap();
        let agent = set.mentions[0].id;
        set.events.push(Event {
            id: EventId(7),
            trigger: Span::new(start, start + 6),
            trigger_text: "attack".into(),
            event_type: "Battles".into(),
            sub_type: Some(sub_type.into()),
            roles: BTreeMap::from([("agent".to_owned(), vec![agent])]),
            review: Review::accepted(&set.annotator, jiff::Timestamp::UNIX_EPOCH),
        });
        if let Some(claim) = set.claims.first_mut() {
            claim.events = vec![EventId(7)];
        }
        set
    }

    #[test]
    fn events_are_adjudicated_with_their_roles_and_claims_keep_pointing_at_them() {
        let ana = with_attack(
            set("ana", &[("JNIM", "ARMED_GROUP")], Some("Claimed")),
            "Armed clash",
        );
        let ben = with_attack(
            set("ben", &[("JNIM", "ARMED_GROUP")], Some("Claimed")),
            "Armed clash",
        );
        let agreed = Adjudication::new(ana.document.clone(), TEXT, &[ana.clone(), ben]);
        assert!(agreed.disagreements.is_empty());
        let gold = agreed.gold("adj", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(gold.events.len(), 1);
        assert_eq!(
            gold.events[0].roles["agent"],
            [gold.mentions[0].id],
            "role filler remapped by span"
        );
        assert_eq!(
            gold.claims[0].events,
            [gold.events[0].id],
            "the claim points at the gold event"
        );

        let carla = with_attack(
            set("carla", &[("JNIM", "ARMED_GROUP")], Some("Claimed")),
            "Non-state actor overtakes territory",
        );
        let mut split = Adjudication::new(ana.document.clone(), TEXT, &[ana, carla]);
        let kinds: Vec<bool> = split
            .disagreements
            .iter()
            .map(|d| matches!(d.versions[0], Version::Event(_)))
            .collect();
        assert_eq!(kinds, [true], "only the event's sub-type differs");
        split.decide(0, Decision::Take(1));
        let gold = split.gold("adj", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            gold.events[0].sub_type.as_deref(),
            Some("Non-state actor overtakes territory")
        );
    }

    #[test]
    fn a_claim_taken_from_one_annotator_brings_its_mentions() {
        let ana = set("ana", &[("JNIM", "ARMED_GROUP")], Some("Claimed"));
        let ben = set("ben", &[], None);
        let mut adjudication = Adjudication::new(ana.document.clone(), TEXT, &[ana, ben]);
        assert_eq!(adjudication.disagreements.len(), 2);
        let claim_index = adjudication
            .disagreements
            .iter()
            .position(|d| matches!(d.versions[0], Version::Claim(_)))
            .unwrap();
        adjudication.decide(claim_index, Decision::Take(0));
        let gold = adjudication.gold("adj", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(gold.claims.len(), 1);
        assert_eq!(
            gold.mentions.len(),
            1,
            "JNIM comes with the claim that names it"
        );
        assert_eq!(gold.mentions[0].text, "JNIM");
        assert_eq!(
            gold.claims[0].source,
            Some(ClaimSource::Mention(gold.mentions[0].id))
        );
    }
}
