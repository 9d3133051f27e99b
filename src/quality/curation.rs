//! Curation: an [`Adjudication`] worked in the text. Beyond deciding one
//! disagreement at a time, a curator resumes the gold file already written
//! (its decisions and hand edits are kept), merges in bulk every place
//! where enough annotators agree, and sees each place of the text as
//! agreed, open or decided ([`Adjudication::units`]).
//!
//! Agreement at a place is the share of annotators who hold its most
//! common version, absence included: with three annotators, two who marked
//! "Ségou" a LOCATION agree at 2/3; two who marked nothing where the third
//! marked a mention agree at 2/3 that there is none.

use std::collections::BTreeMap;

use crate::model::{AnnotationSet, Span};

use super::adjudication::{
    Adjudication, Decision, ItemKind, Version, claim_version, event_version,
};
use crate::model::{ItemRef, Review, Target};

/// The most common version at one place, and how many hold it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consensus {
    /// An annotator who holds it (the first).
    pub holder: usize,
    /// The common version is to have no item here.
    pub absent: bool,
    /// How many annotators hold it, of how many.
    pub holders: usize,
    pub of: usize,
}

/// A share is a ratio of small counts: it meets a threshold with a margin,
/// so that 2 of 3 meets a threshold typed as 0.67 no less than 0.666.
const MARGIN: f64 = 0.005;

/// How many of `of` annotators must agree for a place to meet `threshold`
/// (what the curator's slider says it means).
pub fn needed(of: usize, threshold: f64) -> usize {
    (1..=of)
        .find(|&n| n as f64 / of as f64 + MARGIN >= threshold)
        .unwrap_or(of)
}

impl Consensus {
    pub fn share(&self) -> f64 {
        self.holders as f64 / self.of.max(1) as f64
    }

    /// Whether enough annotators hold it for a merge at `threshold`.
    pub fn meets(&self, threshold: f64) -> bool {
        self.holders >= needed(self.of, threshold)
    }

    /// The decision that takes the common version.
    pub fn decision(&self) -> Decision {
        if self.absent {
            Decision::Drop
        } else {
            Decision::Take(self.holder)
        }
    }
}

/// How a place of the text stands in curation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitState {
    /// Every annotator has the same item (or only the gold file has it).
    Agreed,
    /// The disagreement at this index waits for a decision.
    Open(usize),
    /// The disagreement at this index is decided.
    Decided(usize),
}

/// One place of the text as curation draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub span: Span,
    pub kind: ItemKind,
    /// What gold holds here: a mention's label, an event's (sub-)type, a
    /// claim's stance; `None` when open or dropped.
    pub label: Option<String>,
    pub state: UnitState,
}

fn label_of(version: &Version) -> Option<String> {
    match version {
        Version::Mention(Some((_, label))) => Some(label.clone()),
        Version::Event(Some(event)) => {
            Some(event.sub_type.clone().unwrap_or(event.event_type.clone()))
        }
        Version::Claim(Some(claim)) => Some(claim.stance.clone()),
        _ => None,
    }
}

impl Adjudication {
    /// The most common version at the disagreement `index`; `None` when
    /// two different versions are held by as many annotators (a tie is no
    /// agreement, whatever the threshold).
    pub fn consensus(&self, index: usize) -> Option<Consensus> {
        let versions = &self.disagreements.get(index)?.versions;
        let count = |version: &Version| versions.iter().filter(|v| *v == version).count();
        let (holder, best) = versions
            .iter()
            .enumerate()
            .max_by_key(|(i, v)| (count(v), std::cmp::Reverse(*i)))?;
        let holders = count(best);
        let tied = versions.iter().any(|v| v != best && count(v) == holders);
        (!tied).then(|| Consensus {
            holder,
            absent: best.is_absent(),
            holders,
            of: versions.len(),
        })
    }

    /// Decides every open disagreement whose most common version is held
    /// by at least `threshold` of the annotators (a share from 0 to 1), as
    /// that version; how many it decided.
    pub fn take_agreed(&mut self, threshold: f64) -> usize {
        let mut decided = 0;
        for index in 0..self.disagreements.len() {
            if self.disagreements[index].decision.is_some() {
                continue;
            }
            let Some(consensus) = self.consensus(index) else {
                continue;
            };
            if consensus.meets(threshold) {
                self.decide(index, consensus.decision());
                decided += 1;
            }
        }
        decided
    }

    /// Undoes a decision.
    pub fn undecide(&mut self, index: usize) {
        if let Some(d) = self.disagreements.get_mut(index) {
            d.decision = None;
        }
    }

    /// Each disagreement's decision, to restore with [`Self::set_decisions`].
    pub fn decisions(&self) -> Vec<Option<Decision>> {
        self.disagreements.iter().map(|d| d.decision).collect()
    }

    /// Puts back decisions from [`Self::decisions`] of this same
    /// comparison; a list of another length is refused.
    pub fn set_decisions(&mut self, decisions: &[Option<Decision>]) {
        if decisions.len() != self.disagreements.len() {
            return;
        }
        for (d, decision) in self.disagreements.iter_mut().zip(decisions) {
            d.decision = *decision;
        }
    }

    /// Takes up the gold file written before: a disagreement whose version
    /// gold holds is decided as that annotator's; where gold holds a
    /// version of its own, or an item no annotator has, or differs from
    /// what all agreed on, gold's is kept — the curator's hand edits are
    /// never undone by curating again. A place gold holds only rejected
    /// items at was dropped, and stays dropped. (Time, comments, relations
    /// and notes are carried by [`carry_over`] when gold is written.)
    pub fn resume(&mut self, gold: &AnnotationSet) {
        let rejected: std::collections::BTreeSet<(ItemKind, Span)> = gold
            .mentions
            .iter()
            .filter(|m| m.review.status == crate::model::Status::Rejected)
            .map(|m| (ItemKind::Mention, m.span))
            .chain(
                gold.events
                    .iter()
                    .filter(|e| e.review.status == crate::model::Status::Rejected)
                    .map(|e| (ItemKind::Event, e.trigger)),
            )
            .chain(
                gold.claims
                    .iter()
                    .filter(|c| c.review.status == crate::model::Status::Rejected)
                    .map(|c| (ItemKind::Claim, c.cue)),
            )
            .collect();
        let mut mentions: BTreeMap<Span, (String, String)> = BTreeMap::new();
        for m in gold.mentions.iter().filter(|m| m.review.status.is_gold()) {
            mentions.insert(m.span, (m.text.clone(), m.label.clone()));
            if let Some(actor) = &m.actor {
                self.actors.insert((m.span, m.label.clone()), actor.clone());
            }
        }
        let mut events: BTreeMap<Span, Version> = gold
            .events
            .iter()
            .filter(|e| e.review.status.is_gold())
            .map(|e| (e.trigger, Version::Event(Some(event_version(gold, e)))))
            .collect();
        let mut claims: BTreeMap<Span, Version> = gold
            .claims
            .iter()
            .filter(|c| c.review.status.is_gold())
            .map(|c| (c.cue, Version::Claim(Some(claim_version(gold, c)))))
            .collect();
        let mut mention_versions: BTreeMap<Span, Version> = mentions
            .into_iter()
            .map(|(span, found)| (span, Version::Mention(Some(found))))
            .collect();
        for d in &mut self.disagreements {
            let kind = d.versions.first().map_or(ItemKind::Mention, Version::kind);
            let held = match kind {
                ItemKind::Mention => mention_versions.remove(&d.span),
                ItemKind::Event => events.remove(&d.span),
                ItemKind::Claim => claims.remove(&d.span),
            };
            let Some(version) = held else {
                if rejected.contains(&(kind, d.span)) {
                    d.decision = Some(Decision::Drop);
                }
                continue;
            };
            match d.versions.iter().position(|v| *v == version) {
                Some(i) => d.decision = Some(Decision::Take(i)),
                None => {
                    d.gold = Some(version);
                    d.decision = Some(Decision::Keep);
                }
            }
        }
        // What is left is gold's alone, or gold's version of an agreed item.
        for (span, version) in mention_versions {
            let Version::Mention(Some((text, label))) = version else {
                continue;
            };
            let actor = self.actors.get(&(span, label.clone())).cloned();
            self.agreed_mentions.retain(|(s, ..)| *s != span);
            self.agreed_mentions.push((span, text, label, actor));
        }
        for (span, version) in events {
            if let Version::Event(Some(event)) = version {
                self.agreed_events.retain(|e| e.trigger != span);
                self.agreed_events.push(event);
            }
        }
        for (span, version) in claims {
            if let Version::Claim(Some(claim)) = version {
                self.agreed_claims.retain(|c| c.cue != span);
                self.agreed_claims.push(claim);
            }
        }
        self.agreed_mentions.sort_by_key(|(span, ..)| *span);
    }

    /// Every place of the text with an item, agreed or disagreed, in
    /// reading order.
    pub fn units(&self) -> Vec<Unit> {
        let mut units: Vec<Unit> = self
            .agreed_mentions
            .iter()
            .map(|(span, _, label, _)| Unit {
                span: *span,
                kind: ItemKind::Mention,
                label: Some(label.clone()),
                state: UnitState::Agreed,
            })
            .chain(self.agreed_events.iter().map(|e| Unit {
                span: e.trigger,
                kind: ItemKind::Event,
                label: Some(e.sub_type.clone().unwrap_or(e.event_type.clone())),
                state: UnitState::Agreed,
            }))
            .chain(self.agreed_claims.iter().map(|c| Unit {
                span: c.cue,
                kind: ItemKind::Claim,
                label: Some(c.stance.clone()),
                state: UnitState::Agreed,
            }))
            .collect();
        for (index, d) in self.disagreements.iter().enumerate() {
            let kind = d.versions.first().map_or(ItemKind::Mention, Version::kind);
            let (label, state) = match d.decision {
                None => (None, UnitState::Open(index)),
                Some(Decision::Take(i)) => (
                    d.versions.get(i).and_then(label_of),
                    UnitState::Decided(index),
                ),
                Some(Decision::Keep) => (
                    d.gold.as_ref().and_then(label_of),
                    UnitState::Decided(index),
                ),
                Some(Decision::Drop) => (None, UnitState::Decided(index)),
            };
            units.push(Unit {
                span: d.span,
                kind,
                label,
                state,
            });
        }
        units.sort_by_key(|u| {
            (
                u.span.start_byte,
                std::cmp::Reverse(u.span.end_byte),
                u.kind,
            )
        });
        units
    }
}

/// What identifies an item across two versions of a gold file: its kind,
/// span and label (event type and sub-type, claim stance).
type ItemKey = (ItemKind, Span, String, Option<String>);

fn keys(set: &AnnotationSet) -> Vec<(ItemRef, ItemKey)> {
    set.mentions
        .iter()
        .map(|m| {
            let key = (ItemKind::Mention, m.span, m.label.clone(), None);
            (ItemRef::Mention(m.id), key)
        })
        .chain(set.events.iter().map(|e| {
            let key = (
                ItemKind::Event,
                e.trigger,
                e.event_type.clone(),
                e.sub_type.clone(),
            );
            (ItemRef::Event(e.id), key)
        }))
        .chain(set.claims.iter().map(|c| {
            let key = (ItemKind::Claim, c.cue, c.stance.clone(), None);
            (ItemRef::Claim(c.id), key)
        }))
        .collect()
}

/// Carries into a gold file just built what the gold file written before
/// held beyond the compared items, wherever the same item (same kind, span
/// and label) is still there: its review (who made it gold, and when — so
/// curating again rewrites only what changed), relations, attributes,
/// normalisations, equivalences and notes (its comment over an
/// annotator's), and the file's time spent, finished mark and comment on
/// the document. What was attached to an item no longer in gold goes with
/// it.
pub fn carry_over(previous: &AnnotationSet, gold: &mut AnnotationSet) {
    let old_keys: std::collections::HashMap<ItemRef, ItemKey> =
        keys(previous).into_iter().collect();
    let new_items: std::collections::HashMap<ItemKey, ItemRef> = keys(gold)
        .into_iter()
        .map(|(item, key)| (key, item))
        .collect();
    let item = |old: ItemRef| {
        old_keys
            .get(&old)
            .and_then(|key| new_items.get(key))
            .copied()
    };
    let reviews: std::collections::HashMap<ItemRef, Review> = previous
        .mentions
        .iter()
        .map(|m| (ItemRef::Mention(m.id), &m.review))
        .chain(
            previous
                .events
                .iter()
                .map(|e| (ItemRef::Event(e.id), &e.review)),
        )
        .chain(
            previous
                .claims
                .iter()
                .map(|c| (ItemRef::Claim(c.id), &c.review)),
        )
        .filter_map(|(old, review)| Some((item(old)?, review.clone())))
        .collect();
    for m in &mut gold.mentions {
        if let Some(review) = reviews.get(&ItemRef::Mention(m.id)) {
            m.review = review.clone();
        }
    }
    for e in &mut gold.events {
        if let Some(review) = reviews.get(&ItemRef::Event(e.id)) {
            e.review = review.clone();
        }
    }
    for c in &mut gold.claims {
        if let Some(review) = reviews.get(&ItemRef::Claim(c.id)) {
            c.review = review.clone();
        }
    }
    let mut relation_ids = std::collections::HashMap::new();
    for relation in &previous.relations {
        let (Some(from), Some(to)) = (item(relation.from), item(relation.to)) else {
            continue;
        };
        let id = gold.next_relation_id();
        relation_ids.insert(relation.id, id);
        gold.relations.push(crate::model::Relation {
            id,
            from,
            to,
            ..relation.clone()
        });
    }
    let target = |old: Target| match old {
        Target::Item(i) => item(i).map(Target::Item),
        Target::Relation(id) => relation_ids.get(&id).copied().map(Target::Relation),
        Target::Document => Some(Target::Document),
    };
    for attribute in &previous.attributes {
        if let Some(target) = target(attribute.target) {
            gold.attributes.push(crate::model::Attribute {
                target,
                ..attribute.clone()
            });
        }
    }
    for normalization in &previous.normalizations {
        if let Some(target) = target(normalization.target) {
            gold.normalizations.push(crate::model::Normalization {
                target,
                ..normalization.clone()
            });
        }
    }
    for equivalence in &previous.equivalences {
        let members: Vec<ItemRef> = equivalence
            .members
            .iter()
            .filter_map(|m| item(*m))
            .collect();
        if members.len() > 1 {
            gold.equivalences.push(crate::model::Equivalence {
                kind: equivalence.kind.clone(),
                members,
            });
        }
    }
    for note in &previous.notes {
        let Some(target) = target(note.target) else {
            continue;
        };
        // The gold file's note of a kind replaces an annotator's on the
        // same item (the curator may have rewritten it).
        gold.notes
            .retain(|n| !(n.target == target && n.kind == note.kind));
        gold.notes.push(crate::model::Note {
            target,
            ..note.clone()
        });
    }
    gold.active_seconds = previous.active_seconds;
    gold.finished.clone_from(&previous.finished);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{Mention, MentionId, Review};
    use crate::quality::test_util::set_from_marked;

    const TEXT: &str = "JNIM fighters attacked Ségou and Niono on Sunday.";

    /// `name`'s gold mentions, marked up on [`TEXT`].
    /// Two annotators who mark Ségou with different labels: a tie.
    fn split_over_segou() -> Adjudication {
        let ana = annotator(
            "ana",
            "JNIM fighters attacked [[Ségou|LOCATION]] and Niono on Sunday.",
        );
        let ben = annotator(
            "ben",
            "JNIM fighters attacked [[Ségou|FACILITY]] and Niono on Sunday.",
        );
        Adjudication::new(ana.document.clone(), TEXT, &[ana, ben])
    }

    fn annotator(name: &str, marked: &str) -> AnnotationSet {
        let (set, text) = set_from_marked(marked, name);
        assert_eq!(text, TEXT, "the marks are on the test text");
        set
    }

    /// The index of the disagreement over `text`.
    fn at(adjudication: &Adjudication, text: &str) -> usize {
        adjudication
            .disagreements
            .iter()
            .position(|d| d.text == text)
            .unwrap_or_else(|| panic!("no disagreement over {text:?}"))
    }

    fn three() -> Adjudication {
        let ana = annotator(
            "ana",
            "[[JNIM|ARMED_GROUP]] fighters attacked [[Ségou|LOCATION]] and Niono on [[Sunday|DATE]].",
        );
        let ben = annotator(
            "ben",
            "[[JNIM|ARMED_GROUP]] fighters attacked [[Ségou|LOCATION]] and [[Niono|LOCATION]] on Sunday.",
        );
        let cleo = annotator(
            "cleo",
            "[[JNIM|ARMED_GROUP]] fighters attacked [[Ségou|FACILITY]] and Niono on Sunday.",
        );
        Adjudication::new(ana.document.clone(), TEXT, &[ana, ben, cleo])
    }

    /// The gold mentions (rejected ones are a drop's trace, no gold).
    fn labels(gold: &AnnotationSet) -> Vec<(&str, &str)> {
        gold.mentions
            .iter()
            .filter(|m| m.review.status.is_gold())
            .map(|m| (m.text.as_str(), m.label.as_str()))
            .collect()
    }

    #[test]
    fn the_most_common_version_counts_absence() {
        let adjudication = three();
        let consensus = |text: &str| adjudication.consensus(at(&adjudication, text)).unwrap();
        let segou = consensus("Ségou");
        assert_eq!(
            (segou.holder, segou.absent, segou.holders, segou.of),
            (0, false, 2, 3)
        );
        assert!(
            consensus("Niono").absent,
            "two of three marked nothing at Niono"
        );
        assert_eq!(consensus("Niono").holders, 2);
        assert_eq!(consensus("Sunday").decision(), Decision::Drop);
    }

    #[test]
    fn a_threshold_merges_only_places_enough_annotators_agree_on() {
        let mut all = three();
        assert_eq!(
            all.take_agreed(1.0),
            0,
            "no place is unanimous but JNIM, agreed already"
        );
        assert_eq!(
            all.take_agreed(0.67),
            3,
            "2/3 meets a threshold typed as 0.67"
        );
        let gold = all.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        assert_eq!(
            labels(&gold),
            [("JNIM", "ARMED_GROUP"), ("Ségou", "LOCATION")]
        );

        let mut two = split_over_segou();
        assert_eq!(two.take_agreed(0.67), 0, "one of two is not a majority");
        assert_eq!(two.undecided_count(), 1);
    }

    #[test]
    fn curating_again_keeps_the_decisions_and_hand_edits_of_the_gold_file() {
        let mut first = three();
        let segou = at(&first, "Ségou");
        first.decide(segou, Decision::Take(2));
        let mut gold = first.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        // The curator then adds Niono as a FACILITY by hand, and a comment.
        let start = TEXT.find("Niono").unwrap();
        gold.mentions.push(Mention {
            id: MentionId(99),
            span: Span::new(start, start + 5),
            text: "Niono".into(),
            label: "FACILITY".into(),
            actor: None,
            attributes: BTreeMap::new(),
            review: Review::accepted("lead", jiff::Timestamp::UNIX_EPOCH),
        });
        gold.notes.push(crate::model::Note {
            target: crate::model::Target::Item(crate::model::ItemRef::Mention(MentionId(99))),
            kind: crate::edit::COMMENT_KIND.into(),
            text: "a market, not the town".into(),
        });
        gold.active_seconds = 40;
        gold.notes.push(crate::model::Note {
            target: crate::model::Target::Document,
            kind: crate::edit::COMMENT_KIND.into(),
            text: "the same raid as yesterday's note".into(),
        });

        let mut again = three();
        again.resume(&gold);
        let decided: Vec<(&str, Option<Decision>)> = again
            .disagreements
            .iter()
            .map(|d| (d.text.as_str(), d.decision))
            .collect();
        assert_eq!(
            decided,
            [
                ("Ségou", Some(Decision::Take(2))),
                ("Niono", Some(Decision::Keep)),
                ("Sunday", None)
            ]
        );
        let mut regold = again.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        carry_over(&gold, &mut regold);
        assert_eq!(
            labels(&regold),
            [
                ("JNIM", "ARMED_GROUP"),
                ("Ségou", "FACILITY"),
                ("Niono", "FACILITY")
            ]
        );
        assert_eq!(regold.active_seconds, 40);
        assert_eq!(
            crate::edit::comment_on_target(&regold, crate::model::Target::Document),
            Some("the same raid as yesterday's note"),
            "the curator's comment on the document stays"
        );
        let niono = regold.mentions.iter().find(|m| m.text == "Niono").unwrap();
        assert_eq!(
            crate::edit::comment_on(&regold, crate::model::ItemRef::Mention(niono.id)),
            Some("a market, not the town")
        );
    }

    #[test]
    fn gold_written_again_keeps_when_each_unchanged_item_became_gold() {
        let mut adjudication = three();
        let first = adjudication.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        let segou = at(&adjudication, "Ségou");
        adjudication.decide(segou, Decision::Take(0));
        let later = jiff::Timestamp::from_second(86_400).unwrap();
        let mut second = adjudication.gold("lead", later);
        carry_over(&first, &mut second);
        let at: Vec<(&str, i64)> = second
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.review.at.as_second()))
            .collect();
        assert_eq!(at, [("JNIM", 0), ("Ségou", 86_400)]);
    }

    #[test]
    fn a_dropped_place_stays_dropped_when_curated_again_and_merged() {
        let mut first = three();
        let segou = at(&first, "Ségou");
        first.decide(segou, Decision::Drop);
        let gold = first.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        let mut again = three();
        again.resume(&gold);
        assert_eq!(again.disagreements[segou].decision, Some(Decision::Drop));
        again.take_agreed(0.66);
        let regold = again.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        assert!(
            !labels(&regold).iter().any(|(text, _)| *text == "Ségou"),
            "two of three marked it, but the curator dropped it"
        );
    }

    #[test]
    fn a_tie_between_two_versions_is_no_agreement_at_any_threshold() {
        let mut two = split_over_segou();
        assert_eq!(two.consensus(0), None);
        assert_eq!(two.take_agreed(0.5), 0);
        assert_eq!(needed(3, 0.67), 2, "what the slider says is what merges");
        assert_eq!(needed(3, 0.68), 3);
        assert_eq!(needed(2, 0.5), 1);
    }

    #[test]
    fn relations_notes_and_the_curators_comments_stay_with_the_items_they_were_on() {
        use crate::model::{Note, Relation, RelationId};
        let mut adjudication = three();
        let segou = at(&adjudication, "Ségou");
        adjudication.decide(segou, Decision::Take(0));
        let mut gold = adjudication.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        let id = |gold: &AnnotationSet, text: &str| {
            gold.mentions
                .iter()
                .find(|m| m.text == text && m.review.status.is_gold())
                .unwrap()
                .id
        };
        let (jnim, place) = (id(&gold, "JNIM"), id(&gold, "Ségou"));
        gold.relations.push(Relation {
            id: RelationId(1),
            kind: "Located".into(),
            from: ItemRef::Mention(jnim),
            to: ItemRef::Mention(place),
            argument: false,
            review: Review::accepted("lead", jiff::Timestamp::UNIX_EPOCH),
        });
        gold.notes.push(Note {
            target: Target::Item(ItemRef::Mention(place)),
            kind: "Lemma".into(),
            text: "Segou".into(),
        });
        gold.notes.push(Note {
            target: Target::Item(ItemRef::Mention(place)),
            kind: crate::edit::COMMENT_KIND.into(),
            text: "the town".into(),
        });
        // Curated again: Ségou now taken as cleo's FACILITY.
        let mut again = three();
        again.resume(&gold);
        again.decide(segou, Decision::Take(2));
        let mut regold = again.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        carry_over(&gold, &mut regold);
        assert!(regold.relations.is_empty(), "its end is another item now");
        assert!(
            regold
                .notes
                .iter()
                .all(|n| n.text != "the town" && n.text != "Segou")
        );
        // And back to ana's LOCATION: the relation and both notes return.
        again.decide(segou, Decision::Take(0));
        let mut back = again.gold("lead", jiff::Timestamp::UNIX_EPOCH);
        carry_over(&gold, &mut back);
        let place = id(&back, "Ségou");
        assert_eq!(back.relations.len(), 1);
        assert_eq!(back.relations[0].to, ItemRef::Mention(place));
        assert_eq!(
            crate::edit::comment_on(&back, ItemRef::Mention(place)),
            Some("the town")
        );
        assert!(back.notes.iter().any(|n| n.kind == "Lemma"));
    }

    #[test]
    fn units_show_each_place_as_agreed_open_or_decided_in_reading_order() {
        let mut adjudication = three();
        let sunday = at(&adjudication, "Sunday");
        adjudication.decide(sunday, Decision::Take(0));
        let all = adjudication.units();
        let units: Vec<(&str, Option<&str>, UnitState)> = all
            .iter()
            .map(|u| (u.span.text(TEXT).unwrap(), u.label.as_deref(), u.state))
            .collect();
        assert_eq!(units[0], ("JNIM", Some("ARMED_GROUP"), UnitState::Agreed));
        assert!(matches!(units[1], ("Ségou", None, UnitState::Open(_))));
        assert!(matches!(units[2], ("Niono", None, UnitState::Open(_))));
        assert!(matches!(
            units[3],
            ("Sunday", Some("DATE"), UnitState::Decided(_))
        ));
    }
}
