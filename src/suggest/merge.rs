//! Merging fresh suggestions into an annotator's file, idempotently.
//!
//! The annotator's decisions rule: an accepted, corrected or rejected item
//! is never touched, a suggestion equal to a rejected one (same span and
//! label; same cue and stance for claims) is not proposed again, and one
//! that falls on words the annotator already accepted or corrected is left
//! out. Open suggestions from an earlier run are kept as they are, so
//! running the suggesters twice adds nothing the second time.

use std::collections::{BTreeMap, HashMap};

use super::{Rules, SourceSuggestion, Suggestions};
use crate::model::{
    AnnotationSet, Claim, ClaimSource, Event, EventId, Mention, MentionId, Review, Span, Status,
};

/// What a merge added.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeCounts {
    pub mentions_added: usize,
    pub events_added: usize,
    pub claims_added: usize,
    /// Suggestions left out because the annotator rejected them before.
    pub rejected_skipped: usize,
    /// Labels and stances the rules proposed that the schema lacks, with
    /// how many candidates each (see [`super::Suggestions::outside_schema`]).
    pub outside_schema: BTreeMap<String, usize>,
}

impl MergeCounts {
    pub fn total_added(&self) -> usize {
        self.mentions_added + self.events_added + self.claims_added
    }

    /// Adds another document's counts to these, for a batch's total.
    pub fn add(&mut self, other: &MergeCounts) {
        self.mentions_added += other.mentions_added;
        self.events_added += other.events_added;
        self.claims_added += other.claims_added;
        self.rejected_skipped += other.rejected_skipped;
        for (name, count) in &other.outside_schema {
            *self.outside_schema.entry(name.clone()).or_default() += count;
        }
    }
}

/// Runs `suggester` on `text` and merges the result into `set` (see [`merge_suggestions`]).
pub fn suggest_into(
    set: &mut AnnotationSet,
    text: &str,
    suggester: &Rules,
    now: jiff::Timestamp,
) -> MergeCounts {
    let suggestions = suggester.suggest(text);
    let mut counts = merge_suggestions(set, text, &suggestions, now);
    counts.outside_schema = suggestions.outside_schema;
    counts
}

/// Adds `suggestions` for `text` to `set` as open suggestions by `set`'s
/// annotator at `now`; returns what was added.
pub fn merge_suggestions(
    set: &mut AnnotationSet,
    text: &str,
    suggestions: &Suggestions,
    now: jiff::Timestamp,
) -> MergeCounts {
    let mut counts = MergeCounts::default();
    let annotator = set.annotator.clone();

    // Suggested mention index → the id it has in the file, if it is usable.
    let mut mention_ids: Vec<Option<MentionId>> = Vec::with_capacity(suggestions.mentions.len());
    let mut by_span_label: HashMap<(Span, &str), (MentionId, bool)> = set
        .mentions
        .iter()
        .map(|m| {
            let rejected = m.review.status == Status::Rejected;
            ((m.span, m.label.as_str()), (m.id, rejected))
        })
        .collect();
    let mut gold: Vec<(Span, &str)> = set
        .mentions
        .iter()
        .filter(|m| m.review.status.is_gold())
        .map(|m| (m.span, m.label.as_str()))
        .collect();
    gold.sort_unstable();
    let mut next_id = set.next_mention_id().0;
    let mut new_mentions = Vec::new();
    for suggestion in &suggestions.mentions {
        if let Some(&(id, rejected)) =
            by_span_label.get(&(suggestion.span, suggestion.label.as_str()))
        {
            if rejected {
                counts.rejected_skipped += 1;
            }
            mention_ids.push((!rejected).then_some(id));
            continue;
        }
        if covered_by_gold(&gold, suggestion.span, &suggestion.label) {
            mention_ids.push(gold_same_span(set, suggestion.span));
            continue;
        }
        let Some(covered) = suggestion.span.text(text) else {
            mention_ids.push(None);
            continue;
        };
        let id = MentionId(next_id);
        next_id += 1;
        new_mentions.push(Mention {
            id,
            span: suggestion.span,
            text: covered.to_owned(),
            label: suggestion.label.clone(),
            actor: suggestion.actor.as_deref().map(str::to_owned),
            attributes: suggestion.attributes.clone(),
            review: Review::suggested(&annotator, suggestion.suggester, suggestion.score, now),
        });
        by_span_label.insert((suggestion.span, suggestion.label.as_str()), (id, false));
        mention_ids.push(Some(id));
    }
    counts.mentions_added = new_mentions.len();
    set.mentions.extend(new_mentions);

    let mapped = |indices: &[usize]| -> Vec<MentionId> {
        indices
            .iter()
            .filter_map(|&i| mention_ids.get(i).copied().flatten())
            .collect()
    };

    let mut event_ids: Vec<Option<EventId>> = Vec::with_capacity(suggestions.events.len());
    let existing_events: HashMap<(Span, &str), (EventId, Status)> = set
        .events
        .iter()
        .map(|e| {
            (
                (e.trigger, e.event_type.as_str()),
                (e.id, e.review.status.clone()),
            )
        })
        .collect();
    let mut next_event = set.next_event_id().0;
    let mut new_events = Vec::new();
    for suggestion in &suggestions.events {
        if let Some((id, status)) =
            existing_events.get(&(suggestion.trigger, suggestion.event_type.as_str()))
        {
            let rejected = *status == Status::Rejected;
            counts.rejected_skipped += usize::from(rejected);
            event_ids.push((!rejected).then_some(*id));
            continue;
        }
        if let Some(gold) = set
            .events
            .iter()
            .find(|e| e.review.status.is_gold() && e.trigger.overlaps(suggestion.trigger))
        {
            event_ids.push(Some(gold.id));
            continue;
        }
        let id = EventId(next_event);
        next_event += 1;
        let roles: BTreeMap<String, Vec<MentionId>> = suggestion
            .roles
            .iter()
            .map(|(role, fillers)| ((*role).to_owned(), mapped(fillers)))
            .filter(|(_, fillers)| !fillers.is_empty())
            .collect();
        new_events.push(Event {
            id,
            trigger: suggestion.trigger,
            trigger_text: suggestion.trigger.text(text).unwrap_or_default().to_owned(),
            event_type: suggestion.event_type.clone(),
            sub_type: suggestion.sub_type.clone(),
            roles,
            review: Review::suggested(&annotator, suggestion.suggester, suggestion.score, now),
        });
        event_ids.push(Some(id));
    }
    counts.events_added = new_events.len();
    set.events.extend(new_events);

    let existing_claims: HashMap<(Span, &str), Status> = set
        .claims
        .iter()
        .map(|c| ((c.cue, c.stance.as_str()), c.review.status.clone()))
        .collect();
    let mut next_claim = set.next_claim_id().0;
    let mut new_claims = Vec::new();
    for suggestion in &suggestions.claims {
        if let Some(status) = existing_claims.get(&(suggestion.cue, suggestion.stance.as_str())) {
            counts.rejected_skipped += usize::from(*status == Status::Rejected);
            continue;
        }
        let cue_decided = set
            .claims
            .iter()
            .any(|c| c.review.status.is_gold() && c.cue.overlaps(suggestion.cue));
        if cue_decided {
            continue;
        }
        let source = match &suggestion.source {
            Some(SourceSuggestion::Mention(i)) => mention_ids
                .get(*i)
                .copied()
                .flatten()
                .map(ClaimSource::Mention),
            Some(SourceSuggestion::Reporter(name)) => Some(ClaimSource::Reporter(name.clone())),
            None => None,
        };
        new_claims.push(Claim {
            id: crate::model::ClaimId(next_claim),
            cue: suggestion.cue,
            cue_text: suggestion.cue.text(text).unwrap_or_default().to_owned(),
            stance: suggestion.stance.to_owned(),
            source,
            responsible: mapped(&suggestion.responsible),
            events: suggestion
                .event
                .and_then(|i| event_ids.get(i).copied().flatten())
                .into_iter()
                .collect(),
            review: Review::suggested(&annotator, suggestion.suggester, suggestion.score, now),
        });
        next_claim += 1;
    }
    counts.claims_added = new_claims.len();
    set.claims.extend(new_claims);
    set.sort();
    counts
}

/// A gold mention on exactly `span`, which references may point to.
fn gold_same_span(set: &AnnotationSet, span: Span) -> Option<MentionId> {
    set.mentions
        .iter()
        .find(|m| m.span == span && m.review.status.is_gold())
        .map(|m| m.id)
}

/// Whether the annotator already decided these words: a gold mention on the
/// same span (perhaps relabelled), one that crosses it, or one of the same
/// label that nests with it (a corrected boundary). A differently labelled
/// mention nested inside or around it ("Farabougou" in "a resident of
/// Farabougou") leaves it open.
fn covered_by_gold(gold: &[(Span, &str)], span: Span, label: &str) -> bool {
    let upto = gold.partition_point(|(s, _)| s.start_byte < span.end_byte);
    gold[..upto].iter().any(|&(g, gold_label)| {
        let nested = g.contains(span) || span.contains(g);
        g.overlaps(span) && (g == span || !nested || gold_label == label)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentId;

    const TEXT: &str = "JNIM claimed the attack on the military camp in Djibo on Monday, \
                        a resident told AFP. The army confirmed the attack.";

    fn at(seconds: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(seconds).unwrap()
    }

    fn fresh() -> (AnnotationSet, Rules) {
        let set = AnnotationSet::new(DocumentId::for_text(TEXT), "ana");
        (set, Rules::sahel_default().unwrap())
    }

    #[test]
    fn a_second_run_adds_nothing() {
        let (mut set, suggester) = fresh();
        let first = suggest_into(&mut set, TEXT, &suggester, at(1));
        assert!(first.mentions_added >= 5 && first.events_added >= 1 && first.claims_added >= 2);
        let after_first = set.clone();
        let second = suggest_into(&mut set, TEXT, &suggester, at(2));
        assert_eq!(second, MergeCounts::default());
        assert_eq!(set, after_first, "nothing changes, not even timestamps");
        assert_eq!(
            set.problems(TEXT, &crate::model::Schema::conflict_default()),
            Vec::new()
        );
    }

    #[test]
    fn suggestions_record_their_suggester_and_score() {
        let (mut set, suggester) = fresh();
        suggest_into(&mut set, TEXT, &suggester, at(1));
        let jnim = set.mentions.iter().find(|m| m.text == "JNIM").unwrap();
        assert_eq!(jnim.actor.as_deref(), Some("jnim"));
        assert_eq!(jnim.review.by, "ana");
        assert_eq!(jnim.review.at, at(1));
        assert!(
            matches!(&jnim.review.status, Status::Suggested { by, score } if by == "catalogue" && *score > 0.5)
        );
        let claimed = set.claims.iter().find(|c| c.stance == "Claimed").unwrap();
        assert_eq!(claimed.responsible, vec![jnim.id]);
        assert_eq!(claimed.source, Some(ClaimSource::Mention(jnim.id)));
        assert!(!claimed.events.is_empty());
    }

    #[test]
    fn decisions_are_kept_and_rejections_not_proposed_again() {
        let (mut set, suggester) = fresh();
        suggest_into(&mut set, TEXT, &suggester, at(1));
        // Reject Djibo and the Confirmed claim; accept JNIM; relabel "Monday".
        let decide = |review: &Review, status: Status| review.decided(status, "ana", at(5));
        for m in &mut set.mentions {
            match m.text.as_str() {
                "Djibo" => m.review = decide(&m.review, Status::Rejected),
                "JNIM" => m.review = decide(&m.review, Status::Accepted),
                "Monday" => {
                    m.label = "EVENT".to_owned();
                    m.review = decide(&m.review, Status::Corrected);
                }
                _ => {}
            }
        }
        for c in &mut set.claims {
            if c.stance == "Confirmed" {
                c.review = decide(&c.review, Status::Rejected);
            }
        }
        // And delete everything still open: a re-run proposes it again.
        set.mentions.retain(|m| !m.review.status.is_open());
        set.events.clear();
        set.claims.retain(|c| !c.review.status.is_open());
        let decided = set.clone();

        let counts = suggest_into(&mut set, TEXT, &suggester, at(9));
        assert_eq!(counts.rejected_skipped, 2, "Djibo and the Confirmed claim");
        for kept in decided.mentions.iter() {
            assert_eq!(
                set.mention(kept.id),
                Some(kept),
                "decided items are untouched"
            );
        }
        let djibo: Vec<_> = set.mentions.iter().filter(|m| m.text == "Djibo").collect();
        assert_eq!(djibo.len(), 1);
        assert_eq!(djibo[0].review.status, Status::Rejected);
        let monday: Vec<_> = set.mentions.iter().filter(|m| m.text == "Monday").collect();
        assert_eq!(
            monday.len(),
            1,
            "the corrected label is not proposed again as DATE"
        );
        let confirmed: Vec<_> = set
            .claims
            .iter()
            .filter(|c| c.stance == "Confirmed")
            .collect();
        assert_eq!(confirmed.len(), 1);
        assert_eq!(confirmed[0].review.status, Status::Rejected);
        // The re-proposed Claimed claim points at the accepted JNIM mention.
        let jnim = set.mentions.iter().find(|m| m.text == "JNIM").unwrap();
        let claimed = set.claims.iter().find(|c| c.stance == "Claimed").unwrap();
        assert!(claimed.review.status.is_open());
        assert_eq!(claimed.responsible, vec![jnim.id]);
        // Rejected Djibo is not a role filler of the re-proposed attack.
        let djibo_id = djibo[0].id;
        assert!(
            set.events
                .iter()
                .all(|e| e.roles.values().all(|ids| !ids.contains(&djibo_id)))
        );
    }
}
