//! Batch decisions (`attest decide DIR --accept|--reject`): the annotator's
//! open suggestions that a filter selects — by suggester, label, score,
//! document — accepted or rejected with the edit core's
//! [`decide`](crate::edit::decide), so that accepting a claim or an event
//! also accepts the mentions it names, exactly as in the GUI. Only files
//! that change are written; the rest of the batch goes on past a file that
//! cannot be read or written.

use std::collections::BTreeMap;

use crate::edit::{Stamp, Transaction, decide as decide_item};
use crate::model::{AnnotationSet, DocumentId, ItemRef, Status};
use crate::progress::JobControl;
use crate::store::{Project, StoreError};

/// Which open suggestions to decide, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct DecideFilter {
    /// `Status::Accepted` or `Status::Rejected`.
    pub decision: Status,
    /// Only this suggester's candidates.
    pub source: Option<String>,
    /// Only this mention label, event type or claim stance.
    pub label: Option<String>,
    /// Only candidates scored at least this.
    pub min_score: Option<f32>,
}

impl DecideFilter {
    fn selects(&self, status: &Status, label: &str) -> bool {
        let Status::Suggested { by, score } = status else {
            return false;
        };
        self.source.as_deref().is_none_or(|s| s == by)
            && self.label.as_deref().is_none_or(|l| l == label)
            && self.min_score.is_none_or(|min| *score >= min)
    }
}

/// Whether every name `filter` gives is one the project has: a label,
/// event type or stance of the schema, and a suggester that proposed
/// something in `annotator`'s files of `documents` (open or decided; read
/// only when a source is named). A misspelt name would select nothing and
/// the run would look like one with nothing left to decide.
pub fn check_filter(
    project: &Project,
    annotator: &str,
    filter: &DecideFilter,
    documents: &[DocumentId],
) -> Result<(), String> {
    let schema = &project.file.schema;
    if let Some(label) = &filter.label {
        let known = schema
            .entity_labels
            .iter()
            .map(|l| &l.name)
            .chain(schema.event_types.iter().map(|t| &t.name))
            .chain(schema.stances.iter().map(|s| &s.name));
        let known: Vec<&String> = known.collect();
        if !known.contains(&label) {
            let names: Vec<&str> = known.iter().map(|n| n.as_str()).collect();
            return Err(format!(
                "--label {label:?} is no label, event type or stance of the schema ({})",
                names.join(", ")
            ));
        }
    }
    if let Some(source) = &filter.source {
        let mut seen = std::collections::BTreeSet::new();
        for id in documents {
            let Ok((set, _)) = project.read_annotations(id, annotator) else {
                continue;
            };
            let reviews = set
                .mentions
                .iter()
                .map(|m| &m.review)
                .chain(set.events.iter().map(|e| &e.review))
                .chain(set.claims.iter().map(|c| &c.review));
            seen.extend(reviews.filter_map(|r| r.suggester()).map(str::to_owned));
            if seen.contains(source) {
                return Ok(());
            }
        }
        let names: Vec<&str> = seen.iter().map(String::as_str).collect();
        return Err(format!(
            "--source {source:?} proposed nothing in {annotator}'s files (suggesters there: {})",
            if names.is_empty() {
                "none".to_owned()
            } else {
                names.join(", ")
            }
        ));
    }
    Ok(())
}

/// What a batch decision did.
#[derive(Debug, Default)]
pub struct DecideReport {
    /// Documents asked for.
    pub documents: usize,
    /// Files written.
    pub saved: usize,
    /// Items the filter chose and decided, by label (event type, stance).
    pub by_label: BTreeMap<String, usize>,
    /// Open mentions accepted because an accepted event or claim names them.
    pub also_accepted: usize,
    /// One per document that could not be read or saved, naming the file.
    pub problems: Vec<StoreError>,
    pub cancelled: bool,
    /// Stopped at the first file that could not be written (a full disk:
    /// every later one would fail too); the last problem says why. What
    /// was saved before it stays, and only that is counted.
    pub stopped: bool,
}

impl DecideReport {
    pub fn decided(&self) -> usize {
        self.by_label.values().sum()
    }
}

/// Decides, in `annotator`'s files of `documents`, the open suggestions
/// `filter` selects.
pub fn decide(
    project: &mut Project,
    annotator: &str,
    filter: &DecideFilter,
    documents: &[DocumentId],
    control: JobControl<'_>,
) -> DecideReport {
    let at = jiff::Timestamp::now();
    let mut report = DecideReport {
        documents: documents.len(),
        ..DecideReport::default()
    };
    control.progress.begin("deciding", documents.len() as u64);
    for id in documents {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        let mut set = match project.load_annotations(id, annotator) {
            Ok(set) => set,
            Err(e) => {
                report.problems.push(e);
                control.progress.advance(1);
                continue;
            }
        };
        // Counted only once the file holding them is saved.
        let mut decided = DecideReport::default();
        if decide_set(&mut set, annotator, filter, at, &mut decided) {
            match project.save_annotations(&set) {
                Ok(saved) => {
                    report.saved += usize::from(saved);
                    report.also_accepted += decided.also_accepted;
                    for (label, count) in decided.by_label {
                        *report.by_label.entry(label).or_default() += count;
                    }
                }
                Err(e) => {
                    report.problems.push(e);
                    report.stopped = true;
                    break;
                }
            }
        }
        control.progress.advance(1);
    }
    report
}

/// Decides the chosen items of one file; whether it changed.
fn decide_set(
    set: &mut AnnotationSet,
    annotator: &str,
    filter: &DecideFilter,
    at: jiff::Timestamp,
    report: &mut DecideReport,
) -> bool {
    let decisions = decisions(set, filter, Stamp::new(annotator, at));
    if decisions.transaction.is_empty() {
        return false;
    }
    decisions.transaction.apply(set);
    report.also_accepted += decisions.also_accepted;
    for (label, count) in decisions.by_label {
        *report.by_label.entry(label).or_default() += count;
    }
    true
}

/// What deciding one file's chosen suggestions does, not yet done: one
/// transaction (one undo step in the window), and what it decides.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Decisions {
    pub transaction: Transaction,
    /// Items the filter chose, by label (event type, stance).
    pub by_label: BTreeMap<String, usize>,
    /// Open mentions accepted because an accepted event or claim names them.
    pub also_accepted: usize,
}

impl Decisions {
    pub fn decided(&self) -> usize {
        self.by_label.values().sum()
    }
}

/// The decisions `filter` makes in `set`, as `stamp`.
pub fn decisions(set: &AnnotationSet, filter: &DecideFilter, stamp: Stamp<'_>) -> Decisions {
    let chosen: Vec<(ItemRef, String)> = set
        .mentions
        .iter()
        .filter(|m| filter.selects(&m.review.status, &m.label))
        .map(|m| (ItemRef::Mention(m.id), m.label.clone()))
        .chain(
            set.events
                .iter()
                .filter(|e| filter.selects(&e.review.status, &e.event_type))
                .map(|e| (ItemRef::Event(e.id), e.event_type.clone())),
        )
        .chain(
            set.claims
                .iter()
                .filter(|c| filter.selects(&c.review.status, &c.stance))
                .map(|c| (ItemRef::Claim(c.id), c.stance.clone())),
        )
        .collect();
    let mut working = set.clone();
    let mut decisions = Decisions::default();
    for (item, label) in chosen {
        // Deciding an earlier item may have decided this one already.
        if !is_open(&working, item) {
            continue;
        }
        let transaction = decide_item(&working, item, filter.decision.clone(), stamp);
        if transaction.is_empty() {
            continue;
        }
        decisions.also_accepted += transaction.edits.len().saturating_sub(1);
        transaction.apply(&mut working);
        decisions.transaction.edits.extend(transaction.edits);
        *decisions.by_label.entry(label).or_default() += 1;
    }
    decisions
}

fn is_open(set: &AnnotationSet, item: ItemRef) -> bool {
    let review = match item {
        ItemRef::Mention(id) => set.mention(id).map(|m| &m.review),
        ItemRef::Event(id) => set.event(id).map(|e| &e.review),
        ItemRef::Claim(id) => set.claim(id).map(|c| &c.review),
    };
    review.is_some_and(|r| r.status.is_open())
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ANNOTATOR, project};
    use super::*;
    use crate::suggest::Rules;

    #[test]
    fn only_the_chosen_suggesters_candidates_are_accepted_and_saved() {
        let (_dir, mut project, ids) = project();
        let rules = Rules::sahel_default().unwrap();
        super::super::suggest(
            &mut project,
            ANNOTATOR,
            &crate::engine::Engine::from(rules.clone()),
            &ids,
            JobControl::unattended(),
        );
        let before = project.load_annotations(&ids[0], ANNOTATOR).unwrap();
        let source = before.mentions[0].review.suggester().unwrap().to_owned();
        let filter = DecideFilter {
            decision: Status::Accepted,
            source: Some(source.clone()),
            label: None,
            min_score: None,
        };
        let report = decide(
            &mut project,
            ANNOTATOR,
            &filter,
            &ids,
            JobControl::unattended(),
        );
        assert!(report.decided() > 0);
        assert!(report.problems.is_empty());
        let after = project.load_annotations(&ids[0], ANNOTATOR).unwrap();
        for m in &after.mentions {
            if m.review.suggester() == Some(source.as_str()) {
                assert_eq!(m.review.status, Status::Accepted);
            }
        }
        let again = decide(
            &mut project,
            ANNOTATOR,
            &filter,
            &ids,
            JobControl::unattended(),
        );
        assert_eq!((again.decided(), again.saved), (0, 0));
    }
}
