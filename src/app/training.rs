//! Learning while the analyst works: finishing a document starts training
//! on the finished documents in the background ([`jobs::train`]), at most
//! one run with one more queued (the newest data wins); when it ends the
//! workspace drops its cached models, so the next suggestion uses the new
//! ones. The frame never waits for it.

use super::jobs::{self, TrainReport};
use super::{BackgroundJob, Poll, Workspace};
use crate::store::StoreError;

impl Workspace {
    /// Starts training on a worker thread ([`jobs::train`]), or queues one
    /// more run when it is already training (the newest data wins).
    pub fn start_training(&mut self) {
        if self.training.is_some() {
            self.training_queued = true;
            return;
        }
        match self.project.handle_for_job() {
            Ok(handle) => {
                self.training = Some(BackgroundJob::start("Train", move |control| {
                    jobs::train(&handle, control)
                }));
                self.training_message = Some("training on the finished documents…".into());
            }
            Err(e) => self.training_message = Some(format!("cannot train: {e}")),
        }
    }

    /// "Next document": with the project's `next_document_least_sure`, the
    /// unfinished document the last training's tagger was least sure of
    /// (other than this one); otherwise, or before any training, the next
    /// in the list.
    pub fn next_document(&mut self) -> Result<(), StoreError> {
        if self.project.file.settings.next_document_least_sure {
            let current = self.current_id();
            let next = self.least_sure.iter().find(|id| {
                Some(*id) != current && self.summaries.get(*id).is_some_and(|s| !s.finished)
            });
            if let Some(id) = next.cloned() {
                return self.select_document(&id);
            }
        }
        self.step_document(1)
    }

    /// Forgets the cached learned models and their activation gate, so the
    /// next suggestion reads them again: for a window that changed the
    /// project's activation settings.
    pub fn reload_recommenders(&mut self) {
        self.forget_engine();
    }

    /// Whether training runs in the background (or is queued).
    pub fn is_training(&self) -> bool {
        self.training.is_some() || self.training_queued
    }

    /// Takes in finished training (never blocks): the cached learned models
    /// are dropped so the next suggestion reads the new ones, and a queued
    /// run starts. Returns whether training still runs.
    pub fn poll_training(&mut self) -> bool {
        let Some(job) = &self.training else {
            return false;
        };
        let report = match job.poll() {
            Poll::Running(_) => return true,
            Poll::Done(report) => Some(report),
            Poll::Lost => None,
        };
        self.training = None;
        self.forget_engine();
        if let Some(report) = &report
            && !report.cancelled
        {
            self.least_sure.clone_from(&report.least_sure);
        }
        self.training_message = Some(match report {
            None => "training stopped unexpectedly".into(),
            Some(report) => training_summary(&report),
        });
        if std::mem::take(&mut self.training_queued) {
            self.start_training();
        }
        self.training.is_some()
    }
}

/// What the status bar says after training: its size, or the problem.
fn training_summary(report: &TrainReport) -> String {
    if let Some(problem) = report.problems.first() {
        format!("training failed: {problem}")
    } else if report.cancelled {
        "training cancelled".into()
    } else if report.models.is_empty() && !report.removed.is_empty() {
        "no finished document any more: the learned models were removed, the rules suggest".into()
    } else if report.models.is_empty() {
        "nothing to train on: no finished document has annotations".into()
    } else {
        let plural = if report.documents == 1 { "" } else { "s" };
        format!("trained on {} document{plural}", report.documents)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::app::Workspace;
    use crate::app::jobs::models::load_models;
    use crate::app::jobs::test_util::{ANNOTATOR, TEXTS, project};
    use crate::learn::{Prepared, Sources};
    use crate::model::{AnnotationSet, Finished, Mention, MentionId, Review, Span};

    #[test]
    fn next_document_takes_the_least_sure_unfinished_one_when_the_project_asks() {
        let (dir, mut project, ids) = project();
        project.file.settings.next_document_least_sure = true;
        project.save_project_file().unwrap();
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut set = AnnotationSet::new(ids[0].clone(), ANNOTATOR);
        for (n, needle) in ["JNIM", "Farabougou"].iter().enumerate() {
            let start = TEXTS[0].find(needle).unwrap();
            set.mentions.push(Mention {
                id: MentionId(u32::try_from(n).unwrap() + 1),
                span: Span::new(start, start + needle.len()),
                text: (*needle).to_owned(),
                label: if n == 0 { "ARMED_GROUP" } else { "LOCATION" }.into(),
                actor: None,
                attributes: BTreeMap::new(),
                review: Review::accepted(ANNOTATOR, at),
            });
        }
        set.finished = Some(Finished {
            by: ANNOTATOR.into(),
            at,
        });
        project.save_annotations(&set).unwrap();
        drop(project);

        let mut ws = Workspace::open(dir.path(), ANNOTATOR).unwrap();
        ws.wait_for_summaries();
        ws.project.file.settings.suggest_on_open = false;
        ws.start_training();
        while ws.poll_training() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let mut ranked = ws.least_sure.clone();
        assert_eq!(ranked.len(), 2, "the unfinished documents: {ranked:?}");
        // Least sure first, by the saved tagger's own margins.
        let loaded = load_models(&ws.project).models.unwrap();
        let model = loaded.tagger.as_ref().unwrap();
        let sources = model.tagger.sources(Sources {
            rules: loaded.feature_rules.as_deref(),
            memory: loaded.matcher.as_deref(),
        });
        let margin = |id| {
            let text = ws.project.load_text(id).unwrap();
            model
                .tagger
                .mean_margin(&Prepared::new(&text, sources, model.tagger.hash_bits()))
        };
        assert!(margin(&ranked[0]) <= margin(&ranked[1]));

        ws.select_document(&ids[0]).unwrap();
        ws.next_document().unwrap();
        assert_eq!(ws.current_id(), Some(&ranked[0]));
        ws.next_document().unwrap();
        assert_eq!(ws.current_id(), Some(&ranked[1]), "never the current one");
        // Off: the next in the list.
        ws.project.file.settings.next_document_least_sure = false;
        ws.select_document(&ids[0]).unwrap();
        ws.next_document().unwrap();
        assert_eq!(ws.current_id(), Some(&ids[1]));
        ranked.sort();
        let mut unfinished = ids[1..].to_vec();
        unfinished.sort();
        assert_eq!(ranked, unfinished);
    }
}
