//! Curate the whole project at once (`attest curate`, and the curation
//! view's "whole project" merge): in every document two or more of the
//! annotators have a file for, what they all agree on and every place
//! where at least a threshold share of them agree goes into the gold
//! annotator's file. The gold file already there is taken up, not
//! replaced ([`Adjudication::resume`]): a curator's decisions and hand
//! edits stay. What is left undecided is listed, most first, for the
//! curator to settle in the text.
//!
//! The report keeps each gold file as it was, so that the merge can be
//! undone in one step ([`restore`]).

use super::{Restored, WrittenFile};
use crate::model::DocumentId;
use crate::progress::JobControl;
use crate::quality::adjudication::{Adjudication, GOLD_ANNOTATOR};
use crate::store::{Project, StoreError};

/// What to curate and how.
#[derive(Clone, Debug)]
pub struct CurateOptions {
    /// The annotators compared; empty: every annotator but gold.
    pub annotators: Vec<String>,
    /// The share of annotators (0 to 1) who must hold a version for it to
    /// be merged; 1 merges only what all agree on.
    pub threshold: f64,
    /// Who decides (written as the gold items' reviewer).
    pub curator: String,
}

/// What [`curate`] did.
#[derive(Clone, Debug, Default)]
pub struct CurateReport {
    /// Documents with files of two or more of the annotators.
    pub documents: usize,
    /// Gold files written (created or changed).
    pub written: usize,
    /// Places every annotator agreed on, over the documents compared.
    pub agreed: usize,
    /// Disagreements this run decided by the threshold.
    pub merged: usize,
    /// Disagreements left for the curator, over all documents.
    pub undecided: usize,
    /// Documents with undecided disagreements, most first.
    pub open: Vec<(DocumentId, usize)>,
    /// Each gold file written, as it was before: the run's undo.
    pub previous: Vec<WrittenFile>,
    /// Documents left alone: a file could not be read, or the gold file
    /// changed while the run read it (each says which and why).
    pub problems: Vec<String>,
    pub cancelled: bool,
}

/// Merges agreed items into gold over every document, as the options say.
pub fn curate(
    project: &mut Project,
    options: &CurateOptions,
    control: JobControl<'_>,
) -> Result<CurateReport, StoreError> {
    if !(0.0..=1.0).contains(&options.threshold) {
        return Err(StoreError::Invalid {
            path: project.root().to_owned(),
            message: format!(
                "the agreement threshold {} is not a share from 0 to 1",
                options.threshold
            ),
        });
    }
    let annotators: Vec<String> = if options.annotators.is_empty() {
        project
            .annotators()
            .into_iter()
            .filter(|a| a != GOLD_ANNOTATOR)
            .collect()
    } else {
        options.annotators.clone()
    };
    let ids: Vec<DocumentId> = project.documents().iter().map(|d| d.id.clone()).collect();
    control.progress.begin("curating", ids.len() as u64);
    let mut report = CurateReport::default();
    let now = jiff::Timestamp::now();
    project.begin_batch();
    for id in ids {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        control.progress.advance(1);
        let present: Vec<&String> = annotators
            .iter()
            .filter(|a| project.annotations_path(&id, a).exists())
            .collect();
        if present.len() < 2 {
            continue;
        }
        // One unreadable file leaves its document alone, not the run.
        let read = || -> Result<_, StoreError> {
            let sets = present
                .iter()
                .map(|a| project.read_annotations(&id, a).map(|(set, _)| set))
                .collect::<Result<Vec<_>, _>>()?;
            let text = project.load_document(&id)?.text;
            let (gold, hash) = project.read_annotations(&id, GOLD_ANNOTATOR)?;
            Ok((sets, text, hash.map(|_| gold), hash))
        };
        let (sets, text, existing, read_hash) = match read() {
            Ok(read) => read,
            Err(e) => {
                report.problems.push(e.to_string());
                continue;
            }
        };
        let mut adjudication = Adjudication::new(id.clone(), &text, &sets);
        if let Some(gold) = &existing {
            adjudication.resume(gold);
        }
        report.documents += 1;
        report.agreed += adjudication.agreed_count();
        let merged = adjudication.take_agreed(options.threshold);
        report.merged += merged;
        let undecided = adjudication.undecided_count();
        report.undecided += undecided;
        if undecided > 0 {
            report.open.push((id.clone(), undecided));
        }
        if existing.is_none() && adjudication.agreed_count() == 0 && merged == 0 {
            continue;
        }
        let mut gold = adjudication.gold(&options.curator, now);
        if let Some(previous) = &existing {
            crate::quality::curation::carry_over(previous, &mut gold);
        }
        // Unchanged bytes are not written; a gold file written meanwhile
        // (the curator deciding in the window) is not overwritten.
        match project.save_annotations_if_unchanged(&gold, read_hash) {
            Ok(true) => {
                report.written += 1;
                let written = project.saved_hash(&project.annotations_path(&id, GOLD_ANNOTATOR));
                report.previous.push(WrittenFile {
                    document: id,
                    before: existing,
                    written,
                });
            }
            Ok(false) => {}
            Err(e) => report.problems.push(e.to_string()),
        }
    }
    project.finish_batch()?;
    report
        .open
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(report)
}

/// Puts back the gold files a [`curate`] run wrote, as they were.
pub fn restore(project: &mut Project, previous: &[WrittenFile]) -> Result<Restored, StoreError> {
    super::restore_files(project, GOLD_ANNOTATOR, previous)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::project;
    use crate::model::{AnnotationSet, Mention, MentionId, Review, Span};

    fn mark(project: &mut Project, id: &DocumentId, annotator: &str, marks: &[(&str, &str)]) {
        let text = project.load_document(id).unwrap().text;
        let mut set = AnnotationSet::new(id.clone(), annotator);
        for (n, (needle, label)) in marks.iter().enumerate() {
            let start = text.find(needle).unwrap();
            set.mentions.push(Mention {
                id: MentionId(n as u32 + 1),
                span: Span::new(start, start + needle.len()),
                text: (*needle).into(),
                label: (*label).into(),
                actor: None,
                attributes: Default::default(),
                review: Review::accepted(annotator, jiff::Timestamp::UNIX_EPOCH),
            });
        }
        project.save_annotations(&set).unwrap();
    }

    fn gold_labels(project: &mut Project, id: &DocumentId) -> Vec<(String, String)> {
        project
            .load_annotations(id, GOLD_ANNOTATOR)
            .unwrap()
            .mentions
            .into_iter()
            .map(|m| (m.text, m.label))
            .collect()
    }

    #[test]
    fn the_project_is_merged_above_the_threshold_and_the_merge_undone() {
        let (_dir, mut project, ids) = project();
        let text = project.load_document(&ids[0]).unwrap().text;
        let words: Vec<&str> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .collect();
        let (a, b) = (words[0], words[1]);
        mark(
            &mut project,
            &ids[0],
            "ana",
            &[(a, "LOCATION"), (b, "ACTOR")],
        );
        mark(
            &mut project,
            &ids[0],
            "ben",
            &[(a, "LOCATION"), (b, "ACTOR")],
        );
        mark(
            &mut project,
            &ids[0],
            "cleo",
            &[(a, "LOCATION"), (b, "DATE")],
        );
        let second = project.load_document(&ids[1]).unwrap().text;
        let word = second.split_whitespace().next().unwrap();
        mark(&mut project, &ids[1], "ana", &[(word, "LOCATION")]);
        let options = CurateOptions {
            annotators: Vec::new(),
            threshold: 1.0,
            curator: "lead".into(),
        };
        let unanimous = curate(&mut project, &options, JobControl::unattended()).unwrap();
        assert_eq!(
            unanimous.documents, 1,
            "only one annotator marked the second"
        );
        assert_eq!(
            (unanimous.agreed, unanimous.merged, unanimous.undecided),
            (1, 0, 1)
        );
        assert_eq!(
            gold_labels(&mut project, &ids[0]),
            [(a.to_owned(), "LOCATION".to_owned())]
        );
        assert_eq!(unanimous.open, [(ids[0].clone(), 1)]);

        let majority = CurateOptions {
            threshold: 0.6,
            ..options
        };
        let merged = curate(&mut project, &majority, JobControl::unattended()).unwrap();
        assert_eq!((merged.merged, merged.undecided, merged.written), (1, 0, 1));
        assert_eq!(
            gold_labels(&mut project, &ids[0]),
            [
                (a.to_owned(), "LOCATION".to_owned()),
                (b.to_owned(), "ACTOR".to_owned())
            ]
        );
        let again = curate(&mut project, &majority, JobControl::unattended()).unwrap();
        assert_eq!(again.written, 0, "nothing new to merge, nothing rewritten");

        assert_eq!(restore(&mut project, &merged.previous).unwrap().restored, 1);
        assert_eq!(
            gold_labels(&mut project, &ids[0]),
            [(a.to_owned(), "LOCATION".to_owned())]
        );
        assert_eq!(
            restore(&mut project, &unanimous.previous).unwrap().restored,
            1
        );
        assert!(
            !project.annotations_path(&ids[0], GOLD_ANNOTATOR).exists(),
            "a gold file the first run created is removed"
        );
        let bad = CurateOptions {
            threshold: 1.5,
            ..majority
        };
        assert!(curate(&mut project, &bad, JobControl::unattended()).is_err());
    }
}
