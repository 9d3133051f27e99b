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

pub mod assign;
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

pub use assign::{AssignError, assign};
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

/// A file a job wrote, kept for its undo.
#[derive(Clone, Debug)]
pub struct WrittenFile {
    pub document: crate::model::DocumentId,
    /// The file as it was before (`None`: the job created it).
    pub before: Option<crate::model::AnnotationSet>,
    /// The hash of what the job wrote.
    pub written: Option<u64>,
}

/// What [`restore_files`] did.
#[derive(Clone, Debug, Default)]
pub struct Restored {
    /// Files put back as they were, or removed.
    pub restored: usize,
    /// Files changed since the job wrote them, left as they are (why).
    pub kept: Vec<String>,
}

/// Puts `annotator`'s files a job wrote back as they were (removing those
/// it created), in one batch — the job's undo. A file edited since the job
/// wrote it is left as it is and named: an undo never takes away later work.
pub fn restore_files(
    project: &mut crate::store::Project,
    annotator: &str,
    files: &[WrittenFile],
) -> Result<Restored, crate::store::StoreError> {
    // The job may have written through another handle: what this one last
    // wrote says nothing of the files now.
    let paths = files
        .iter()
        .map(|f| project.annotations_path(&f.document, annotator))
        .collect();
    project.forget_saved(paths);
    project.begin_batch();
    let mut report = Restored::default();
    for file in files {
        let put_back = match &file.before {
            Some(set) => project.save_annotations_if_unchanged(set, file.written),
            None => {
                project.remove_annotations_if_unchanged(&file.document, annotator, file.written)
            }
        };
        match put_back {
            Ok(changed) => report.restored += usize::from(changed),
            Err(e) => report.kept.push(e.to_string()),
        }
    }
    project.finish_batch()?;
    Ok(report)
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
