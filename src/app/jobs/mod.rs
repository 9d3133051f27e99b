//! The application's jobs, written once for both front ends.
//!
//! Each job is a plain function in a file named for it: it takes the
//! project, what to do, and a [`JobControl`](crate::progress::JobControl)
//! (a progress sink and a cancel flag, checked between documents), and
//! returns a report — counts, the problems met, each naming its file, and
//! whether it was cancelled. The CLI runs a job with an indicatif bar and
//! prints the report; the GUI runs the same function on a
//! [`BackgroundJob`](crate::app::BackgroundJob) and draws its progress.
//! Work on documents is spread over every core with rayon; writes happen
//! in document order on the calling thread.

pub mod catalogue;
pub mod curate;
pub mod decide;
pub mod finish;
pub mod import;
pub mod label_everywhere;
pub mod models;
pub mod pipeline;
pub mod review;
pub mod schema_edit;
pub mod simulate;
pub mod statistics;
pub mod suggest;
pub mod train;

pub use catalogue::{
    AliasLanguage, CatalogueEdit, CatalogueError, EntryDraft, EntryKind, MergeReport, Origin,
    merge_entries,
};
pub use curate::{CurateOptions, CurateReport, curate, restore};
pub use decide::{DecideFilter, DecideReport, Decisions, check_filter, decide, decisions};
pub use finish::{FinishReport, finish};
pub use import::{ImportProblem, ImportReport, import_articles};
pub use label_everywhere::{LabelEverywhere, LabelEverywhereReport, label_everywhere};
pub use pipeline::{
    LineProblem, MODEL_VERSION_FIELD, PipelineOptions, PipelineReport, model_version,
    suggest_stream,
};
pub use review::{AgreementReport, ProjectEvaluation, ReviewError, agreement, evaluation};
pub use schema_edit::{
    SchemaEdit, SchemaEditError, SchemaEditReport, UseCount, count_label_uses, count_uses,
    edit_schema, rename, rename_label,
};
pub use simulate::{SimulateChoice, SimulateReport, simulate};
pub use statistics::{DayCount, StatisticsReport, statistics};
pub use suggest::{SavedDocument, SuggestReport, suggest};
pub use train::{TrainReport, TrainedModel, train};

/// Puts `annotator`'s files of the documents a job wrote back as they were
/// (`None`: the job created the file, which is removed), in one batch;
/// how many files it restored or removed. A job's undo.
pub fn restore_files(
    project: &mut crate::store::Project,
    annotator: &str,
    previous: &[(
        crate::model::DocumentId,
        Option<crate::model::AnnotationSet>,
    )],
) -> Result<usize, crate::store::StoreError> {
    // The job may have written through another handle: what this one last
    // wrote says nothing of the files now.
    let paths = previous
        .iter()
        .map(|(id, _)| project.annotations_path(id, annotator))
        .collect();
    project.forget_saved(paths);
    project.begin_batch();
    let mut restored = 0;
    for (id, set) in previous {
        let changed = match set {
            Some(set) => project.save_annotations(set)?,
            None => project.remove_annotations(id, annotator)?,
        };
        restored += usize::from(changed);
    }
    project.finish_batch()?;
    Ok(restored)
}

/// Every annotation file of each of `names`: (index into `names`, document,
/// path), in the project's document order, for the jobs that read them all.
pub(crate) fn annotation_files(
    project: &crate::store::Project,
    names: &[String],
) -> Vec<(usize, crate::model::DocumentId, std::path::PathBuf)> {
    names
        .iter()
        .enumerate()
        .flat_map(|(i, name)| {
            project.documents().iter().filter_map(move |d| {
                let path = project.annotations_path(&d.id, name);
                path.exists().then(|| (i, d.id.clone(), path))
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod test_util {
    //! A project on disk for the jobs' tests.

    use std::collections::BTreeMap;

    use crate::model::{
        AnnotationSet, Document, DocumentId, Finished, Mention, MentionId, Review, Span,
    };

    use crate::store::{Added, OpenMode, Project};

    pub const ANNOTATOR: &str = "ana";

    pub const TEXTS: [&str; 3] = [
        "JNIM claimed the attack on the military camp in Farabougou on Tuesday, Mali's army said.",
        "Wagner group fighters were accused of atrocities against civilians near Kassela.",
        "A resident of Bamako told AFP that the militants attacked a toll booth on Wednesday.",
    ];

    /// Saves `id` finished, with an accepted mention per `(text, label)` mark.
    pub fn finish_with(project: &mut Project, id: &DocumentId, text: &str, marks: &[(&str, &str)]) {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let mut set = AnnotationSet::new(id.clone(), ANNOTATOR);
        for (i, (needle, label)) in marks.iter().enumerate() {
            let start = text.find(needle).unwrap();
            set.mentions.push(Mention {
                id: MentionId(u32::try_from(i).unwrap() + 1),
                span: Span::new(start, start + needle.len()),
                text: (*needle).to_owned(),
                label: (*label).to_owned(),
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
    }

    /// Adds `text` to `project` as a document.
    pub fn add_text(project: &mut Project, text: &str) -> DocumentId {
        let document = Document::new(text.to_owned(), crate::model::DocumentMeta::default());
        match project.add_document(document).unwrap() {
            Added::New(id) | Added::AlreadyPresent(id) => id,
        }
    }

    /// A project with [`TEXTS`] as documents, open for writing as [`ANNOTATOR`].
    pub fn project() -> (tempfile::TempDir, Project, Vec<DocumentId>) {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "jobs").unwrap();
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: ANNOTATOR.into(),
            },
        )
        .unwrap();
        let ids = TEXTS
            .iter()
            .map(|text| add_text(&mut project, text))
            .collect();
        (dir, project, ids)
    }
}
