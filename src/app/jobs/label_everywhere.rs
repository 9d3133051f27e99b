//! Annotate every occurrence over the whole project: a mention's text
//! labelled as it is wherever it stands as whole words, in every document
//! of the annotator — what `Shift+A` does in one document
//! ([`edit::label_occurrences`]), counted first (a dry run) and then
//! written. The report keeps every file as it was, so the whole run is
//! undone in one step ([`super::restore_files`]).

use crate::edit::{self, Stamp};
use crate::model::DocumentId;
use crate::progress::JobControl;
use crate::store::{Project, StoreError};

/// What to label, for whom.
#[derive(Clone, Debug)]
pub struct LabelEverywhere {
    pub name: String,
    pub label: String,
    pub annotator: String,
}

/// What [`label_everywhere`] did, or would do on a dry run.
#[derive(Clone, Debug, Default)]
pub struct LabelEverywhereReport {
    /// Documents with occurrences to label.
    pub documents: usize,
    /// Occurrences labelled (or to label).
    pub labelled: usize,
    /// Occurrences left as they are: gold was there already.
    pub settled: usize,
    /// Each file written, as it was before: the run's undo.
    pub previous: Vec<super::WrittenFile>,
    /// Files that could not be read, left alone.
    pub problems: Vec<String>,
    pub cancelled: bool,
}

/// Labels every occurrence of `what.name` in the project as `what.label`
/// for `what.annotator`; with `write` false, only counts.
pub fn label_everywhere(
    project: &mut Project,
    what: &LabelEverywhere,
    write: bool,
    control: JobControl<'_>,
) -> Result<LabelEverywhereReport, StoreError> {
    let ids: Vec<DocumentId> = project.documents().iter().map(|d| d.id.clone()).collect();
    control.progress.begin(
        if write { "labelling" } else { "counting" },
        ids.len() as u64,
    );
    let mut report = LabelEverywhereReport::default();
    let at = jiff::Timestamp::now();
    let stamp = Stamp::new(&what.annotator, at);
    if write {
        project.begin_batch();
    }
    for id in ids {
        if control.is_cancelled() {
            report.cancelled = true;
            break;
        }
        control.progress.advance(1);
        let text = match project.load_text(&id) {
            Ok(text) => text,
            Err(e) => {
                report.problems.push(e.to_string());
                continue;
            }
        };
        if !text.contains(what.name.as_str()) {
            continue;
        }
        let (set, hash) = match project.read_annotations(&id, &what.annotator) {
            Ok(read) => read,
            Err(e) => {
                report.problems.push(e.to_string());
                continue;
            }
        };
        let all = edit::label_occurrences(
            &set,
            &text,
            &project.catalogue,
            &what.name,
            &what.label,
            None,
            stamp,
        );
        report.settled += all.settled;
        if all.labelled == 0 {
            continue;
        }
        report.documents += 1;
        report.labelled += all.labelled;
        if write {
            let mut after = set.clone();
            all.transaction.apply(&mut after);
            // A file changed since it was read (an edit saved meanwhile)
            // is left as it is and named; the run goes on.
            match project.save_annotations_if_unchanged(&after, hash) {
                Ok(_) => {
                    let written =
                        project.saved_hash(&project.annotations_path(&id, &what.annotator));
                    report.previous.push(super::WrittenFile {
                        document: id,
                        before: hash.map(|_| set),
                        written,
                    });
                }
                Err(e) => {
                    report.documents -= 1;
                    report.labelled -= all.labelled;
                    report.problems.push(e.to_string());
                }
            }
        }
    }
    if write {
        project.finish_batch()?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::jobs::test_util::{ANNOTATOR, add_text, project};

    #[test]
    fn a_dry_run_counts_what_the_run_labels_and_the_run_is_undone_in_one_step() {
        let (_dir, mut project, mut ids) = project();
        ids.push(add_text(
            &mut project,
            "JNIM fighters attacked Ménaka on Monday.",
        ));
        ids.push(add_text(
            &mut project,
            "In Ménaka, nobody spoke. Ménaka-Ville stayed calm.",
        ));
        let name = "Ménaka".to_owned();
        let what = LabelEverywhere {
            name: name.clone(),
            label: "LOCATION".into(),
            annotator: ANNOTATOR.into(),
        };
        let counted =
            label_everywhere(&mut project, &what, false, JobControl::unattended()).unwrap();
        assert_eq!(
            (counted.labelled, counted.documents),
            (2, 2),
            "Ménaka-Ville is another name"
        );
        assert!(counted.previous.is_empty(), "a dry run writes nothing");
        for id in &ids {
            assert!(!project.annotations_path(id, ANNOTATOR).exists());
        }
        let done = label_everywhere(&mut project, &what, true, JobControl::unattended()).unwrap();
        assert_eq!(
            (done.labelled, done.documents),
            (counted.labelled, counted.documents)
        );
        let labelled: usize = ids
            .iter()
            .map(|id| {
                project
                    .load_annotations(id, ANNOTATOR)
                    .unwrap()
                    .mentions
                    .iter()
                    .filter(|m| {
                        m.text == name && m.label == "LOCATION" && m.review.status.is_gold()
                    })
                    .count()
            })
            .sum();
        assert_eq!(labelled, done.labelled);
        let again = label_everywhere(&mut project, &what, false, JobControl::unattended()).unwrap();
        assert_eq!(
            (again.labelled, again.settled),
            (0, done.labelled),
            "all gold now"
        );

        crate::app::jobs::restore_files(&mut project, ANNOTATOR, &done.previous).unwrap();
        for id in &ids {
            assert!(
                !project.annotations_path(id, ANNOTATOR).exists(),
                "files the run created are removed"
            );
        }
    }
}
