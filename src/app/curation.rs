//! Curation in the text, the workspace's side: the annotators' files of
//! the current document compared into an [`Adjudication`] that takes up the
//! gold file already there, each decision (one place, or every place above
//! the curator's agreement threshold) written to the gold annotator's file
//! at once like any annotator's edit, and undone step by step. A merge over
//! the whole project runs as a job (`jobs::curate`); the workspace takes in
//! its report as one more undoable step.

use crate::model::{AnnotationSet, DocumentId};
use crate::store::StoreError;

use super::jobs::{self, CurateReport, WrittenFile};
use super::{Adjudication, Decision, GOLD_ANNOTATOR, Workspace};

/// The threshold a curation starts with: two of three annotators.
pub const DEFAULT_THRESHOLD: f64 = 0.66;

/// A document being curated.
#[derive(Clone, Debug)]
pub struct Curation {
    pub adjudication: Adjudication,
    /// The disagreement in hand (an index into its list).
    pub selected: usize,
    /// The share of annotators at which a place is merged in bulk.
    pub threshold: f64,
    /// What the last step did, or why it failed.
    pub message: Option<Result<String, String>>,
    undo: Vec<Step>,
    /// Counts every change, so views redraw what changed.
    revision: u64,
    /// The gold file as last read or written: its items keep their review
    /// (who made them gold, and when) when written again.
    written: Option<AnnotationSet>,
}

/// One undoable curation step.
#[derive(Clone, Debug)]
enum Step {
    /// The decisions before a decision or a merge in this document.
    Decisions(DocumentId, Vec<Option<Decision>>),
    /// A merge over the whole project: every gold file it wrote, as it was.
    Project(Vec<WrittenFile>),
}

/// What the curator does, from a key or a button.
#[derive(Clone, Debug, PartialEq)]
pub enum CurationAction {
    Select(usize),
    /// The next (or previous) disagreement.
    Step {
        forward: bool,
    },
    /// Take this annotator's version at the selected place.
    Take(usize),
    /// Keep nothing at the selected place.
    Drop,
    SetThreshold(f64),
    /// Decide every open place of the document that the threshold share of
    /// annotators agree on.
    MergeAgreed,
    Undo,
    Leave,
}

impl Curation {
    pub fn document(&self) -> &DocumentId {
        &self.adjudication.document
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// The next open disagreement after `from` (or `from`).
    fn next_open(&self, from: usize) -> usize {
        let count = self.adjudication.disagreements.len();
        (1..=count)
            .map(|step| (from + step) % count)
            .find(|&i| self.adjudication.disagreements[i].decision.is_none())
            .unwrap_or(from)
    }
}

impl Workspace {
    /// Annotators (not the gold one) who have a file for the current document.
    pub fn annotators_of_current(&self) -> Vec<String> {
        let Some(id) = self.docs.current_id() else {
            return Vec::new();
        };
        self.project
            .annotators()
            .into_iter()
            .filter(|a| a != GOLD_ANNOTATOR && self.project.annotations_path(id, a).exists())
            .collect()
    }

    /// The curation of the document on screen, if it is being curated.
    pub fn curation_of_current(&self) -> Option<&Curation> {
        self.curation
            .as_ref()
            .filter(|c| Some(c.document()) == self.docs.current_id())
    }

    /// Starts curating the current document between `annotators` (unsaved
    /// edits are saved first, so they count), taking up its gold file.
    pub fn start_curation(&mut self, annotators: &[String]) -> Result<(), StoreError> {
        if self.annotator == GOLD_ANNOTATOR {
            return Err(StoreError::Invalid {
                path: self.project.root().to_owned(),
                message: "open the project under your own name to curate: the gold file is what curation writes".into(),
            });
        }
        let started = self.read_curation(annotators);
        if started.is_err() {
            // Not the last document's curation on this one's screen.
            self.curation = None;
        }
        started
    }

    fn read_curation(&mut self, annotators: &[String]) -> Result<(), StoreError> {
        self.docs.save_dirty(&mut self.project)?;
        let Some(doc) = self.docs.current() else {
            self.curation = None;
            return Ok(());
        };
        let (id, text) = (doc.document.id.clone(), doc.document.text.clone());
        let sets = annotators
            .iter()
            .map(|a| self.project.load_annotations(&id, a))
            .collect::<Result<Vec<_>, _>>()?;
        let mut adjudication = Adjudication::new(id.clone(), &text, &sets);
        let first_time = !self.project.annotations_path(&id, GOLD_ANNOTATOR).exists();
        let mut written = None;
        if !first_time {
            let gold = self.project.load_annotations(&id, GOLD_ANNOTATOR)?;
            adjudication.resume(&gold);
            written = Some(gold);
        }
        let (threshold, mut undo, revision) = match self.curation.take() {
            Some(c) => (c.threshold, c.undo, c.revision + 1),
            None => (DEFAULT_THRESHOLD, Vec::new(), 0),
        };
        // A document's decisions are undone in that document only; a
        // project merge is undone from any.
        undo.retain(|step| match step {
            Step::Decisions(document, _) => *document == id,
            Step::Project(_) => true,
        });
        let mut curation = Curation {
            adjudication,
            selected: 0,
            threshold,
            message: None,
            undo,
            revision,
            written,
        };
        if curation
            .adjudication
            .disagreements
            .first()
            .is_some_and(|d| d.decision.is_some())
        {
            curation.selected = curation.next_open(0);
        }
        self.curation = Some(curation);
        // What all agree on is gold from the start.
        if first_time
            && self
                .curation
                .as_ref()
                .is_some_and(|c| c.adjudication.agreed_count() > 0)
        {
            self.write_gold();
        }
        Ok(())
    }

    /// Does what the curator asked; a decision is written to the gold file
    /// at once (a failure is kept in the curation's message, and the next
    /// step writes again).
    pub fn curate(&mut self, action: CurationAction) {
        let Some(curation) = self.curation.as_mut() else {
            return;
        };
        curation.revision += 1;
        let count = curation.adjudication.disagreements.len();
        let before = curation.adjudication.decisions();
        match action {
            CurationAction::Leave => {
                self.curation = None;
                return;
            }
            CurationAction::Select(i) => {
                if i < count {
                    curation.selected = i;
                }
                return;
            }
            CurationAction::Step { forward } => {
                if count > 0 {
                    curation.selected = if forward {
                        (curation.selected + 1) % count
                    } else {
                        (curation.selected + count - 1) % count
                    };
                }
                return;
            }
            CurationAction::SetThreshold(share) => {
                curation.threshold = share.clamp(0.0, 1.0);
                return;
            }
            CurationAction::Take(n) => {
                if curation.selected >= count || n >= curation.adjudication.annotators.len() {
                    return;
                }
                curation
                    .adjudication
                    .decide(curation.selected, Decision::Take(n));
                curation.selected = curation.next_open(curation.selected);
                curation.message = None;
            }
            CurationAction::Drop => {
                if curation.selected >= count {
                    return;
                }
                curation
                    .adjudication
                    .decide(curation.selected, Decision::Drop);
                curation.selected = curation.next_open(curation.selected);
                curation.message = None;
            }
            CurationAction::MergeAgreed => {
                let merged = curation.adjudication.take_agreed(curation.threshold);
                curation.message = Some(Ok(format!(
                    "Merged {merged} place(s) that at least {:.0} % of the annotators agree on.",
                    curation.threshold * 100.0
                )));
                if merged == 0 {
                    return;
                }
                if curation
                    .adjudication
                    .disagreements
                    .get(curation.selected)
                    .is_some_and(|d| d.decision.is_some())
                {
                    curation.selected = curation.next_open(curation.selected);
                }
            }
            CurationAction::Undo => {
                match curation.undo.pop() {
                    None => return,
                    Some(Step::Decisions(_, decisions)) => {
                        curation.adjudication.set_decisions(&decisions);
                        curation.message = Some(Ok("Undone.".into()));
                    }
                    Some(Step::Project(previous)) => {
                        let annotators = curation.adjudication.annotators.clone();
                        let restored = match jobs::restore(&mut self.project, &previous) {
                            Ok(restored) => restored,
                            Err(e) => {
                                // Kept, to try again.
                                curation.undo.push(Step::Project(previous));
                                curation.message = Some(Err(e.to_string()));
                                return;
                            }
                        };
                        let restarted = self.start_curation(&annotators);
                        let mut message = format!(
                            "Undone: {} gold file(s) of the project merge put back as they were.",
                            restored.restored
                        );
                        for kept in &restored.kept {
                            message.push_str(&format!(" Left as it is, edited since: {kept}."));
                        }
                        if let Some(c) = self.curation.as_mut() {
                            c.message =
                                Some(restarted.map(|()| message).map_err(|e| e.to_string()));
                        }
                        return;
                    }
                }
                self.write_gold();
                return;
            }
        }
        if let Some(curation) = self.curation.as_mut()
            && curation.adjudication.decisions() != before
        {
            let document = curation.document().clone();
            curation.undo.push(Step::Decisions(document, before));
        }
        self.write_gold();
    }

    /// Takes in a merge over the whole project: one more undoable step, and
    /// the document on screen compared again from its files.
    pub fn adopt_project_curation(&mut self, report: &CurateReport) -> Result<(), StoreError> {
        let Some(curation) = self.curation.as_mut() else {
            return Err(StoreError::Invalid {
                path: self.project.root().to_owned(),
                message: "curation ended while the project was merged: the merge stands, and is undone only by hand".into(),
            });
        };
        if !report.previous.is_empty() {
            curation.undo.push(Step::Project(report.previous.clone()));
        }
        let annotators = curation.adjudication.annotators.clone();
        // The job wrote through its own handle: this one reads afresh.
        let paths = report
            .previous
            .iter()
            .map(|f| self.project.annotations_path(&f.document, GOLD_ANNOTATOR))
            .collect();
        self.project.forget_saved(paths);
        self.start_curation(&annotators)
    }

    /// Writes the gold file as the curation stands.
    fn write_gold(&mut self) {
        let Some(curation) = self.curation.as_mut() else {
            return;
        };
        let mut gold = curation
            .adjudication
            .gold(&self.annotator, jiff::Timestamp::now());
        if let Some(previous) = &curation.written {
            crate::quality::curation::carry_over(previous, &mut gold);
        }
        match self.project.save_annotations(&gold) {
            Ok(_) => curation.written = Some(gold),
            Err(e) => curation.message = Some(Err(format!("The gold file was not saved: {e}"))),
        }
    }
}
