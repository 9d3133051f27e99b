//! Changing a project's schema (`attest schema rename-label`, and the GUI's
//! project settings): the new schema and settings in `project.ron`, and
//! every rename or removal carried into every annotation file of the
//! project — each annotator's, the adjudicated gold, imported suggestions.
//!
//! All or nothing, as the analyst sees it: the new schema and the changes
//! are checked first; every file is read, and one that cannot be read
//! stops the job before anything is written; every changed file is then
//! written beside its target, and only when all are written are they put
//! in place, `project.ron` last. A cancel before that point leaves every
//! file as it was. Should the disk fail while files are being put in place
//! (a rename, the rarest of failures), the report says so, the schema still
//! has the old names, and running the same change again completes it (a
//! file already changed has nothing left to change).
//!
//! What a rename or removal does to each item is the pure core's
//! ([`crate::edit::apply_to_annotations`]); counting the items that use a
//! name, for the "remove a label in use?" question, is [`count_uses`].

use std::collections::HashSet;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::edit::{
    SchemaChange, SchemaItem, SetChanges, apply_to_annotations, apply_to_schema, check_changes,
    uses, validate_schema,
};
use crate::model::{AnnotationSet, DocumentId, Schema, Settings};
use crate::progress::JobControl;
use crate::store::{Pending, Problem, Project, StoreError, read_annotation_file};

/// The schema and settings to save, and the renames and removals that
/// turn the project's current names into the new ones.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaEdit {
    pub schema: Schema,
    pub settings: Settings,
    /// Named as in the project's current schema.
    pub changes: Vec<SchemaChange>,
}

/// Why a schema edit was refused or stopped. Every variant but
/// [`SchemaEditError::PartlyWritten`] left every file as it was.
#[derive(Debug, thiserror::Error)]
pub enum SchemaEditError {
    #[error("nothing was changed: {}", .0.join("; "))]
    Invalid(Vec<String>),
    #[error(
        "nothing was changed: project.ron was edited on disk since the project was opened; reopen the project first: {}",
        .0.display()
    )]
    ChangedOnDisk(PathBuf),
    #[error("nothing was changed: {} file(s) cannot be read; fix them first: {}", .0.len(), join(.0))]
    Unreadable(Vec<Problem>),
    #[error("nothing was changed: {0}")]
    NotWritten(StoreError),
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error(
        "stopped after {done} of {total} annotation file(s) were replaced, the schema keeps the old names; run the same change again to complete it ({source})"
    )]
    PartlyWritten {
        done: usize,
        total: usize,
        #[source]
        source: StoreError,
    },
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a schema edit did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SchemaEditReport {
    /// Annotation files read (none when no name changed).
    pub files_read: usize,
    /// Annotation files rewritten.
    pub files_written: usize,
    /// Documents with at least one rewritten file.
    pub documents: usize,
    /// Items renamed, and items deleted or stripped of a removed name.
    pub changed: SetChanges,
}

impl SchemaEditReport {
    /// One line for the analyst.
    pub fn summary(&self) -> String {
        if self.files_read == 0 {
            return "Schema saved.".into();
        }
        format!(
            "Schema saved: {} item(s) renamed and {} removed or unlinked in {} file(s) of {} document(s).",
            self.changed.renamed, self.changed.removed, self.files_written, self.documents
        )
    }
}

/// A changed file written beside its target: its document, what changed.
type Prepared = (DocumentId, SetChanges, Pending);

/// How many items use a name, and in how many documents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UseCount {
    pub items: usize,
    pub documents: usize,
    /// Annotation files that could not be read (not counted).
    pub problems: Vec<Problem>,
}

/// Every annotation file of every annotator (the gold and imported
/// suggestions are annotators' folders too), in document order.
fn every_annotation_file(project: &Project) -> Vec<(String, DocumentId, PathBuf)> {
    let annotators = project.annotators();
    super::annotation_files(project, &annotators)
        .into_iter()
        .map(|(i, id, path)| (annotators[i].clone(), id, path))
        .collect()
}

/// Reads every annotation file on every core: the sets (with their
/// document) and the files that cannot be read.
fn read_every_file(
    project: &Project,
    control: JobControl<'_>,
) -> (Vec<(DocumentId, AnnotationSet)>, Vec<Problem>) {
    let files = every_annotation_file(project);
    control.progress.begin("reading", files.len() as u64);
    let read: Vec<_> = files
        .par_iter()
        .map(|(annotator, id, path)| {
            let result =
                read_annotation_file(path, id, annotator).map(|(set, _)| (id.clone(), set));
            control.progress.advance(1);
            result
        })
        .collect();
    let mut sets = Vec::new();
    let mut problems = Vec::new();
    for result in read {
        match result {
            Ok(set) => sets.push(set),
            Err(e) => problems.push(e.into()),
        }
    }
    (sets, problems)
}

/// How many items of the project's annotation files use `item`.
pub fn count_uses(project: &Project, item: &SchemaItem, control: JobControl<'_>) -> UseCount {
    let (sets, problems) = read_every_file(project, control);
    let mut documents = HashSet::new();
    let mut items = 0;
    for (id, set) in &sets {
        let n = uses(set, item);
        if n > 0 {
            items += n;
            documents.insert(id.clone());
        }
    }
    UseCount {
        items,
        documents: documents.len(),
        problems,
    }
}

/// How many items use an entity label, and in how many documents.
pub fn count_label_uses(project: &Project, label: &str, control: JobControl<'_>) -> UseCount {
    count_uses(project, &SchemaItem::EntityLabel(label.to_owned()), control)
}

/// Saves a new schema and settings and carries its renames and removals
/// into every annotation file, all or nothing (see the module's notes).
pub fn edit_schema(
    project: &mut Project,
    edit: &SchemaEdit,
    control: JobControl<'_>,
) -> Result<SchemaEditReport, SchemaEditError> {
    let mut problems: Vec<String> = validate_schema(&edit.schema)
        .into_iter()
        .map(|p| p.message)
        .collect();
    problems.extend(check_changes(
        &project.file.schema,
        &edit.schema,
        &edit.changes,
    ));
    if !problems.is_empty() {
        return Err(SchemaEditError::Invalid(problems));
    }
    let on_disk = project
        .project_file_on_disk()
        .map_err(|e| SchemaEditError::Unreadable(vec![e.into()]))?;
    if on_disk != project.file {
        return Err(SchemaEditError::ChangedOnDisk(project.project_path()));
    }

    let mut report = SchemaEditReport::default();
    let mut pending: Vec<Pending> = Vec::new();
    if !edit.changes.is_empty() {
        let (mut sets, unreadable) = read_every_file(project, control);
        if !unreadable.is_empty() {
            return Err(SchemaEditError::Unreadable(unreadable));
        }
        if control.is_cancelled() {
            return Err(SchemaEditError::Cancelled);
        }
        report.files_read = sets.len();
        control.progress.begin("preparing", sets.len() as u64);
        let handle: &Project = project;
        let prepared: Vec<Result<Option<Prepared>, SchemaEditError>> = sets
            .par_iter_mut()
            .map(|(id, set)| {
                if control.is_cancelled() {
                    return Err(SchemaEditError::Cancelled);
                }
                let done = apply_to_annotations(set, &edit.changes);
                let result = if done.any() {
                    let save = handle
                        .prepare_annotations(set)
                        .map_err(SchemaEditError::NotWritten)?;
                    Some((id.clone(), done, save))
                } else {
                    None
                };
                control.progress.advance(1);
                Ok(result)
            })
            .collect();
        let mut documents = HashSet::new();
        // Dropping what was prepared (on an error) removes it.
        for result in prepared {
            if let Some((id, done, save)) = result? {
                documents.insert(id);
                report.changed.renamed += done.renamed;
                report.changed.removed += done.removed;
                pending.push(save);
            }
        }
        report.documents = documents.len();
    }
    if control.is_cancelled() {
        return Err(SchemaEditError::Cancelled);
    }
    // The guidelines' section of a renamed label, type or stance follows it.
    let guidelines =
        renamed_guidelines(project, &edit.changes).map_err(SchemaEditError::NotWritten)?;
    let mut file = project.file.clone();
    file.schema = edit.schema.clone();
    file.settings = edit.settings.clone();
    let project_save = project
        .prepare_project_file(&file)
        .map_err(SchemaEditError::NotWritten)?;

    // From here on nothing is cancelled: every prepared file goes in place.
    let total = pending.len();
    control.progress.begin("writing", total as u64 + 1);
    for (done, save) in pending.into_iter().enumerate() {
        project
            .publish(save)
            .map_err(|source| SchemaEditError::PartlyWritten {
                done,
                total,
                source,
            })?;
        control.progress.advance(1);
    }
    if let Some(text) = guidelines {
        project
            .save_guidelines(&text)
            .map_err(|source| SchemaEditError::PartlyWritten {
                done: total,
                total,
                source,
            })?;
    }
    project
        .publish(project_save)
        .map_err(|source| SchemaEditError::PartlyWritten {
            done: total,
            total,
            source,
        })?;
    control.progress.advance(1);
    report.files_written = total;
    Ok(report)
}

/// The guidelines with the headings of renamed labels, event types and
/// stances renamed; `None` when nothing in them changes.
fn renamed_guidelines(
    project: &Project,
    changes: &[SchemaChange],
) -> Result<Option<String>, StoreError> {
    let Some(text) = project.load_guidelines()? else {
        return Ok(None);
    };
    let renames: Vec<(&str, &str)> =
        changes
            .iter()
            .filter_map(|change| match change {
                SchemaChange::Rename {
                    item:
                        SchemaItem::EntityLabel(old)
                        | SchemaItem::EventType(old)
                        | SchemaItem::Stance(old),
                    to,
                } => Some((old.as_str(), to.as_str())),
                _ => None,
            })
            .collect();
    Ok(crate::model::guidelines::rename_headings(&text, &renames))
}

/// Renames one name of the schema (an entity label, event type, sub-type,
/// role or stance) in `project.ron` and in every annotation file.
pub fn rename(
    project: &mut Project,
    item: SchemaItem,
    to: &str,
    control: JobControl<'_>,
) -> Result<SchemaEditReport, SchemaEditError> {
    let changes = vec![SchemaChange::Rename {
        item,
        to: to.to_owned(),
    }];
    let mut schema = project.file.schema.clone();
    apply_to_schema(&mut schema, &changes);
    let edit = SchemaEdit {
        schema,
        settings: project.file.settings.clone(),
        changes,
    };
    edit_schema(project, &edit, control)
}

/// Renames an entity label in `project.ron` and in every annotation file.
pub fn rename_label(
    project: &mut Project,
    old: &str,
    new: &str,
    control: JobControl<'_>,
) -> Result<SchemaEditReport, SchemaEditError> {
    rename(
        project,
        SchemaItem::EntityLabel(old.to_owned()),
        new,
        control,
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{ANNOTATOR, project};
    use super::*;
    use crate::model::{Mention, MentionId, Review, Span};
    use crate::store::{OpenMode, Project};

    /// The test project with JNIM labelled by `ana`, by `gold`, and
    /// suggested to `ben`, in the first two documents.
    fn labelled() -> (tempfile::TempDir, Project, Vec<DocumentId>) {
        let (dir, mut project, ids) = project();
        for (annotator, review) in [
            (
                ANNOTATOR,
                Review::accepted(ANNOTATOR, jiff::Timestamp::UNIX_EPOCH),
            ),
            (
                "gold",
                Review::accepted("gold", jiff::Timestamp::UNIX_EPOCH),
            ),
            (
                "ben",
                Review::suggested("ben", "catalogue", 0.9, jiff::Timestamp::UNIX_EPOCH),
            ),
        ] {
            for id in &ids[..2] {
                let text = project.load_text(id).unwrap();
                let mut set = AnnotationSet::new(id.clone(), annotator);
                let (start, word) = text
                    .find("JNIM")
                    .map(|s| (s, "JNIM"))
                    .unwrap_or((0, "Wagner"));
                set.mentions.push(Mention {
                    id: MentionId(1),
                    span: Span::new(start, start + word.len()),
                    text: word.into(),
                    label: "ARMED_GROUP".into(),
                    actor: None,
                    attributes: Default::default(),
                    review: review.clone(),
                });
                project.save_annotations(&set).unwrap();
            }
        }
        (dir, project, ids)
    }

    /// Every file of the project with its bytes.
    fn snapshot(dir: &std::path::Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).unwrap();
                (p, bytes)
            })
            .collect();
        files.sort();
        files
    }

    fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .flat_map(|e| {
                let path = e.path();
                if path.is_dir() {
                    walk(&path)
                } else if path.file_name().is_some_and(|n| n != ".attest.lock") {
                    vec![path]
                } else {
                    Vec::new()
                }
            })
            .collect()
    }

    #[test]
    fn a_label_is_renamed_in_the_schema_and_every_annotators_files() {
        let (dir, mut project, _) = labelled();
        let used = count_label_uses(&project, "ARMED_GROUP", JobControl::unattended());
        assert_eq!((used.items, used.documents), (6, 2));
        let report = rename_label(
            &mut project,
            "ARMED_GROUP",
            "NSAG",
            JobControl::unattended(),
        )
        .unwrap();
        assert_eq!(report.files_read, 6);
        assert_eq!(report.files_written, 6);
        assert_eq!(report.documents, 2);
        assert_eq!(report.changed.renamed, 6);
        for (path, bytes) in snapshot(dir.path()) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("ARMED_GROUP"),
                "{} still names it",
                path.display()
            );
        }
        drop(project);
        let (mut reopened, problems) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(reopened.check(), Vec::new(), "attest check is clean");
        let nsag = reopened.file.schema.entity_label("NSAG").unwrap();
        assert_eq!(nsag.shortcut, Some('1'), "the label keeps its key");
        assert_eq!(
            count_label_uses(&reopened, "NSAG", JobControl::unattended()).items,
            6
        );
    }

    #[test]
    fn an_unreadable_file_refuses_the_rename_and_leaves_every_file_unchanged() {
        let (dir, mut project, ids) = labelled();
        let broken = project.annotations_path(&ids[1], "ben");
        std::fs::write(&broken, "(document: ").unwrap();
        let before = snapshot(dir.path());
        let error = rename_label(
            &mut project,
            "ARMED_GROUP",
            "NSAG",
            JobControl::unattended(),
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("nothing was changed"), "{error}");
        assert!(error.contains(&broken.display().to_string()), "{error}");
        assert_eq!(snapshot(dir.path()), before, "no file changed, none left");
        assert!(project.file.schema.entity_label("ARMED_GROUP").is_some());
    }

    #[test]
    fn a_rename_onto_an_existing_label_or_to_nothing_is_refused() {
        let (dir, mut project, _) = labelled();
        let before = snapshot(dir.path());
        let onto = rename_label(
            &mut project,
            "ARMED_GROUP",
            "STATE_FORCE",
            JobControl::unattended(),
        )
        .unwrap_err()
        .to_string();
        assert!(onto.contains("\"STATE_FORCE\" already exists"), "{onto}");
        let empty = rename_label(&mut project, "ARMED_GROUP", "", JobControl::unattended())
            .unwrap_err()
            .to_string();
        assert!(empty.contains("has no name"), "{empty}");
        let unknown = rename_label(&mut project, "VEHICLE", "CAR", JobControl::unattended())
            .unwrap_err()
            .to_string();
        assert!(unknown.contains("no such name"), "{unknown}");
        assert_eq!(snapshot(dir.path()), before);
    }

    #[test]
    fn a_cancelled_edit_changes_nothing() {
        let (dir, mut project, _) = labelled();
        let before = snapshot(dir.path());
        let cancel = crate::progress::CancelFlag::default();
        cancel.cancel();
        let control = JobControl {
            progress: &crate::progress::NoProgress,
            cancel: &cancel,
        };
        let error = rename_label(&mut project, "ARMED_GROUP", "NSAG", control).unwrap_err();
        assert!(matches!(error, SchemaEditError::Cancelled), "{error}");
        assert_eq!(snapshot(dir.path()), before);
    }

    #[test]
    fn removing_a_used_label_deletes_its_mentions_and_a_hand_edit_is_never_overwritten() {
        let (dir, mut project, _) = labelled();
        let item = SchemaItem::EntityLabel("ARMED_GROUP".into());
        let changes = vec![SchemaChange::Remove(item.clone())];
        let mut schema = project.file.schema.clone();
        apply_to_schema(&mut schema, &changes);
        let mut settings = project.file.settings.clone();
        settings.suggest_on_open = false;
        let edit = SchemaEdit {
            schema,
            settings,
            changes,
        };

        let project_path = project.project_path();
        let hand_edited = std::fs::read_to_string(&project_path)
            .unwrap()
            .replace("Non-state armed group", "Armed group");
        std::fs::write(&project_path, &hand_edited).unwrap();
        let error = edit_schema(&mut project, &edit, JobControl::unattended()).unwrap_err();
        assert!(
            matches!(error, SchemaEditError::ChangedOnDisk(_)),
            "{error}"
        );
        assert_eq!(std::fs::read_to_string(&project_path).unwrap(), hand_edited);

        drop(project);
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: ANNOTATOR.into(),
            },
        )
        .unwrap();
        let report = edit_schema(&mut project, &edit, JobControl::unattended()).unwrap();
        assert_eq!(report.changed.removed, 6);
        assert_eq!(
            count_uses(&project, &item, JobControl::unattended()).items,
            0
        );
        assert!(!project.file.settings.suggest_on_open, "settings saved too");
        drop(project);
        let (mut reopened, _) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        assert!(!reopened.file.settings.suggest_on_open);
        assert_eq!(reopened.check(), Vec::new());
    }
}
