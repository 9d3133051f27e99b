//! Suggest documents and save them: the suggesters' candidates merged into
//! an annotator's files (`attest suggest`, and the GUI's "suggest in all
//! documents" for the documents it has not open).
//!
//! Re-running is idempotent (see [`crate::suggest::merge`]): nothing is
//! duplicated, decisions are kept, rejected suggestions are not proposed
//! again. Documents are read and suggested on every core, a batch at a
//! time, and saved in the order asked for. Only files that gain something
//! are written. A document whose text or annotation file cannot be read is
//! reported naming the file and its annotation file is never overwritten;
//! a file changed on disk since it was read is not overwritten either. The
//! rest of the batch goes on.
//!
//! With the project's learned models ([`Recommenders::learned`]), their
//! candidates join the rules': one suggestion per span and label, the best
//! score kept, each naming its recommender; and a text the analysts
//! rejected more often than they confirmed is proposed by none.

use std::collections::HashMap;

use rayon::prelude::*;

use super::models::LearnedModels;
use crate::model::{AnnotationSet, DocumentId, Span};
use crate::progress::JobControl;
use crate::stats::{Progress, StatusCounts};
use crate::store::{Project, StoreError};
use crate::suggest::{MergeCounts, SourceSuggestion, Suggester, Suggestions, merge_suggestions};

/// Documents suggested on all cores before their files are written.
const BATCH_DOCUMENTS: usize = 256;

/// What suggesting did.
#[derive(Debug, Default)]
pub struct SuggestReport {
    /// Documents asked for.
    pub documents: usize,
    /// Documents whose files were read and suggested (saved or not).
    pub processed: usize,
    /// What was added, over all documents.
    pub counts: MergeCounts,
    /// Each document whose file was written, in the order asked for.
    pub saved: Vec<SavedDocument>,
    /// One per document that could not be read or saved, naming the file.
    pub problems: Vec<StoreError>,
    /// Stopped before the end; what was saved until then stays saved.
    pub cancelled: bool,
    /// Stopped at the first file that could not be written (the last
    /// problem says why); what was saved until then stays saved.
    pub stopped: bool,
}

/// A document whose annotation file the job wrote, and where it now stands
/// (for a document list to show without reading it again).
#[derive(Clone, Debug, PartialEq)]
pub struct SavedDocument {
    pub id: DocumentId,
    pub added: MergeCounts,
    pub status_counts: StatusCounts,
    pub progress: Progress,
}

/// One document read and suggested, before saving.
struct Suggested {
    set: AnnotationSet,
    read_hash: Option<u64>,
    counts: MergeCounts,
}

/// The recommenders a suggest run asks: the rules, and the project's
/// learned models when they could be loaded (see
/// [`load_models`](super::models::load_models)). A plain `&Suggester`
/// converts into rules alone.
#[derive(Clone, Copy)]
pub struct Recommenders<'a> {
    pub rules: &'a Suggester,
    pub learned: Option<&'a LearnedModels>,
}

impl<'a> From<&'a Suggester> for Recommenders<'a> {
    fn from(rules: &'a Suggester) -> Self {
        Self {
            rules,
            learned: None,
        }
    }
}

impl Recommenders<'_> {
    /// Every recommender's candidates for `text`, merged: one mention per
    /// span and label (the best score and its recommender kept), none the
    /// analysts silenced by rejecting it.
    pub fn suggest(&self, text: &str) -> Suggestions {
        let mut suggestions = self.rules.suggest(text);
        let Some(learned) = self.learned else {
            return suggestions;
        };
        // The activation gate first, so that a silenced recommender's
        // candidate does not hide an active one's on the same span.
        let active: Vec<bool> = suggestions
            .mentions
            .iter()
            .map(|m| !learned.is_gated(m.suggester, &m.label))
            .collect();
        drop_mentions(&mut suggestions, &active);
        let mut at: HashMap<(Span, String), usize> = suggestions
            .mentions
            .iter()
            .enumerate()
            .map(|(i, m)| ((m.span, m.label.clone()), i))
            .collect();
        for candidate in learned.suggest(text) {
            if learned.is_gated(candidate.suggester, &candidate.label) {
                continue;
            }
            let key = (candidate.span, candidate.label.clone());
            if let Some(&i) = at.get(&key) {
                let kept = &mut suggestions.mentions[i];
                if candidate.score > kept.score {
                    kept.score = candidate.score;
                    kept.suggester = candidate.suggester;
                }
            } else {
                at.insert(key, suggestions.mentions.len());
                suggestions.mentions.push(candidate);
            }
        }
        let keep: Vec<bool> = suggestions
            .mentions
            .iter()
            .map(|m| {
                m.span
                    .text(text)
                    .is_none_or(|covered| !learned.is_silenced(covered, &m.label))
            })
            .collect();
        drop_mentions(&mut suggestions, &keep);
        suggestions
    }

    /// Suggests `text` and merges the result into `set` (as
    /// [`crate::suggest::suggest_into`] does for the rules alone).
    pub fn suggest_into(
        &self,
        set: &mut AnnotationSet,
        text: &str,
        now: jiff::Timestamp,
    ) -> MergeCounts {
        let suggestions = self.suggest(text);
        let mut counts = merge_suggestions(set, text, &suggestions, now);
        counts.outside_schema = suggestions.outside_schema;
        counts
    }
}

/// Removes the mentions whose `keep` is false, renumbering the events' and
/// claims' references to those that stay (a reference to a removed one goes).
fn drop_mentions(suggestions: &mut Suggestions, keep: &[bool]) {
    if keep.iter().all(|k| *k) {
        return;
    }
    let mut new_index = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &k in keep {
        new_index.push(k.then_some(next));
        next += usize::from(k);
    }
    let map = |i: &usize| new_index.get(*i).copied().flatten();
    let mut index = 0;
    suggestions.mentions.retain(|_| {
        index += 1;
        keep.get(index - 1).copied().unwrap_or(true)
    });
    for event in &mut suggestions.events {
        for fillers in event.roles.values_mut() {
            *fillers = fillers.iter().filter_map(map).collect();
        }
        event.roles.retain(|_, fillers| !fillers.is_empty());
    }
    for claim in &mut suggestions.claims {
        claim.responsible = claim.responsible.iter().filter_map(map).collect();
        if let Some(SourceSuggestion::Mention(i)) = claim.source {
            claim.source = map(&i).map(SourceSuggestion::Mention);
        }
    }
}

/// Runs the recommenders (a `&Suggester` for the rules alone) on each of
/// `documents` and saves into `annotator`'s files those that gained a
/// candidate. `project` must be open for writing (a handle from
/// [`Project::handle_for_job`] will do on another thread).
pub fn suggest<'r>(
    project: &mut Project,
    annotator: &str,
    recommenders: impl Into<Recommenders<'r>>,
    documents: &[DocumentId],
    control: JobControl<'_>,
) -> SuggestReport {
    let recommenders = recommenders.into();
    let now = jiff::Timestamp::now();
    let mut report = SuggestReport {
        documents: documents.len(),
        ..SuggestReport::default()
    };
    control.progress.begin("suggesting", documents.len() as u64);
    for batch in documents.chunks(BATCH_DOCUMENTS) {
        let shared: &Project = project;
        let results: Vec<Option<Result<Suggested, StoreError>>> = batch
            .par_iter()
            .map(|id| {
                if control.is_cancelled() {
                    return None;
                }
                Some(suggest_one(shared, id, annotator, recommenders, now))
            })
            .collect();
        for result in results {
            let Some(result) = result else {
                report.cancelled = true;
                continue;
            };
            control.progress.advance(1);
            match result {
                Ok(done) => {
                    report.processed += 1;
                    if let Err(e) = save_one(project, done, &mut report) {
                        // The project cannot be written (a full disk): stop
                        // at the first failure rather than fail every file.
                        report.problems.push(e);
                        report.stopped = true;
                        return report;
                    }
                }
                Err(e) => {
                    report.processed += 1;
                    report.problems.push(e);
                }
            }
        }
        if report.cancelled || control.is_cancelled() {
            report.cancelled = true;
            break;
        }
    }
    report
}

fn suggest_one(
    project: &Project,
    id: &DocumentId,
    annotator: &str,
    recommenders: Recommenders<'_>,
    now: jiff::Timestamp,
) -> Result<Suggested, StoreError> {
    let text = project.load_text(id)?;
    // An unreadable annotation file ends here: reported, never replaced.
    let (mut set, read_hash) = project.read_annotations(id, annotator)?;
    let counts = recommenders.suggest_into(&mut set, &text, now);
    Ok(Suggested {
        set,
        read_hash,
        counts,
    })
}

/// Saves one document and counts what it added, only once it is saved. A
/// document's own problem is reported here; an error writing the project
/// (full disk, …) is returned to stop the batch.
fn save_one(
    project: &mut Project,
    done: Suggested,
    report: &mut SuggestReport,
) -> Result<(), StoreError> {
    let counts = done.counts;
    if counts.total_added() == 0 {
        report.counts.rejected_skipped += counts.rejected_skipped;
        return Ok(());
    }
    match project.save_annotations_if_unchanged(&done.set, done.read_hash) {
        Ok(_) => {
            report.counts.mentions_added += counts.mentions_added;
            report.counts.events_added += counts.events_added;
            report.counts.claims_added += counts.claims_added;
            report.counts.rejected_skipped += counts.rejected_skipped;
            report.saved.push(SavedDocument {
                id: done.set.document.clone(),
                added: counts,
                status_counts: done.set.count_by_status(),
                progress: Progress::of(&done.set),
            });
            Ok(())
        }
        Err(e @ StoreError::Io { .. }) => Err(e),
        Err(e) => {
            report.problems.push(e);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, project};
    use crate::progress::{CancelFlag, NoProgress};

    #[test]
    fn learned_candidates_join_the_rules_and_silenced_texts_leave_every_layer() {
        use crate::learn::{LabeledSpan, StringMemory};
        use crate::model::Span;
        let rules = Suggester::sahel_default().unwrap();
        let taught = "Dozo hunters fled, Unicef said.";
        let at = |needle: &str| {
            let start = taught.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let mut memory = StringMemory::new();
        memory.add(
            taught,
            &[LabeledSpan::new(at("Dozo hunters"), "ARMED_GROUP")],
            &[LabeledSpan::new(at("Unicef"), "LOCATION")],
        );
        let learned = LearnedModels {
            matcher: memory.build().ok(),
            memory,
            tagger: None,
            feature_rules: None,
            silenced: crate::learn::Silenced::new(),
        };
        let text = "JNIM claimed the attack near Dori, where Dozo hunters fought, Unicef said.";
        let plain = Recommenders::from(&rules).suggest(text);
        let label_of = |s: &Suggestions, needle: &str| -> Vec<(String, &'static str)> {
            s.mentions
                .iter()
                .filter(|m| m.span.text(text) == Some(needle))
                .map(|m| (m.label.clone(), m.suggester))
                .collect()
        };
        assert!(!label_of(&plain, "Unicef").is_empty(), "the rules guess it");
        let both = Recommenders {
            rules: &rules,
            learned: Some(&learned),
        }
        .suggest(text);
        assert!(label_of(&both, "Unicef").is_empty(), "rejected: silent");
        assert_eq!(
            label_of(&both, "Dozo hunters"),
            [("ARMED_GROUP".to_owned(), "learned:string")]
        );
        assert_eq!(label_of(&both, "JNIM"), label_of(&plain, "JNIM"));
        for claim in &both.claims {
            for &i in &claim.responsible {
                assert!(i < both.mentions.len(), "references stay valid");
            }
        }
    }

    #[test]
    fn a_gated_recommender_proposes_nothing_for_its_label_and_hides_no_one_else() {
        use crate::learn::{LabeledSpan, Silenced, StringMemory};
        use crate::model::Span;
        let rules = Suggester::sahel_default().unwrap();
        let text = "JNIM attacked Djibo and Dori on Tuesday.";
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            Span::new(start, start + needle.len())
        };
        let plain = Recommenders::from(&rules).suggest(text);
        let by = |s: &Suggestions, needle: &str| -> Vec<(String, &'static str)> {
            s.mentions
                .iter()
                .filter(|m| m.span == at(needle))
                .map(|m| (m.label.clone(), m.suggester))
                .collect()
        };
        assert!(by(&plain, "Djibo").contains(&("LOCATION".to_owned(), "catalogue")));
        let mut memory = StringMemory::new();
        memory.add(text, &[LabeledSpan::new(at("Dori"), "LOCATION")], &[]);
        let mut silenced = Silenced::new();
        silenced.insert(("catalogue".to_owned(), "LOCATION".to_owned()));
        let learned = LearnedModels {
            matcher: memory.build().ok(),
            memory,
            tagger: None,
            feature_rules: None,
            silenced,
        };
        let gated = Recommenders {
            rules: &rules,
            learned: Some(&learned),
        }
        .suggest(text);
        assert!(
            by(&gated, "Djibo").iter().all(|(l, _)| l != "LOCATION"),
            "{:?}",
            gated.mentions
        );
        assert_eq!(
            by(&gated, "Dori"),
            [("LOCATION".to_owned(), "learned:string")],
            "an active recommender's candidate on the span stays"
        );
        assert_eq!(by(&gated, "JNIM"), by(&plain, "JNIM"), "other labels come");
    }

    #[test]
    fn suggests_and_saves_every_document_then_nothing_more() {
        let (_dir, mut project, ids) = project();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(!report.cancelled);
        assert_eq!((report.documents, report.processed), (3, 3));
        assert_eq!(report.saved.len(), 3, "each text gets candidates");
        assert!(report.counts.mentions_added >= 3);
        for saved in &report.saved {
            let file = project.annotations_path(&saved.id, ANNOTATOR);
            assert!(file.exists(), "{}", file.display());
            assert_eq!(
                saved.status_counts[&crate::model::StatusKind::Suggested],
                saved.added.total_added()
            );
        }
        let again = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        assert_eq!(again.counts.total_added(), 0);
        assert!(again.saved.is_empty(), "nothing new, nothing written");
    }

    #[test]
    fn an_unreadable_annotation_file_is_reported_and_left_as_it_is() {
        let (_dir, mut project, ids) = project();
        let broken = project.annotations_path(&ids[1], ANNOTATOR);
        std::fs::create_dir_all(broken.parent().unwrap()).unwrap();
        let bytes = b"(document: \"broken".to_vec();
        std::fs::write(&broken, &bytes).unwrap();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let report = suggest(
            &mut project,
            ANNOTATOR,
            &suggester,
            &ids,
            JobControl::unattended(),
        );
        assert_eq!(report.problems.len(), 1);
        let message = report.problems[0].to_string();
        assert!(message.contains(&broken.display().to_string()), "{message}");
        assert_eq!(std::fs::read(&broken).unwrap(), bytes, "byte-identical");
        let saved: Vec<&DocumentId> = report.saved.iter().map(|s| &s.id).collect();
        assert_eq!(saved, [&ids[0], &ids[2]], "the batch goes on, in order");
    }

    #[test]
    fn a_cancelled_job_stops_and_says_so() {
        let (_dir, mut project, ids) = project();
        let suggester = Suggester::new(&project.catalogue, &project.file.schema).unwrap();
        let cancel = CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &NoProgress,
            cancel: &cancel,
        };
        let report = suggest(&mut project, ANNOTATOR, &suggester, &ids, control);
        assert!(report.cancelled);
        assert_eq!(report.processed, 0);
        assert!(report.saved.is_empty());
        assert!(!project.annotations_path(&ids[0], ANNOTATOR).exists());
    }

    #[test]
    fn the_gui_suggests_open_documents_as_undo_steps_and_the_others_in_the_background() {
        let (dir, project, ids) = project();
        drop(project);
        let mut workspace = crate::app::Workspace::open(dir.path(), ANNOTATOR).unwrap();
        workspace.wait_for_summaries();
        workspace.project.file.settings.suggest_on_open = false;
        workspace.select_document(&ids[0]).unwrap();
        workspace.start_suggest_all();
        assert!(
            workspace.current().unwrap().can_undo(),
            "the open document got an undoable step at once"
        );
        let summary = loop {
            if let Some(summary) = workspace.poll_suggest_all() {
                break summary;
            }
            assert!(workspace.suggest_all_progress().is_some());
            std::thread::yield_now();
        };
        assert!(
            summary.ends_with("in 3 document(s), 0 error(s)"),
            "{summary}"
        );
        assert_eq!(workspace.suggest_all_progress(), None);
        assert!(
            workspace.has_unsaved(),
            "the open document saves as an edit"
        );
        for id in &ids[1..] {
            assert!(workspace.project.annotations_path(id, ANNOTATOR).exists());
            assert!(workspace.summaries[id].open_suggestions > 0);
        }
    }
}
