//! The store's one write protocol for files a job changes in numbers:
//! **prepare** (written and flushed beside its target, on any thread),
//! **publish** (put in place by a rename, only if the target still holds
//! what was read), **record** (the handle, and the summary cache, note what
//! the file now holds).
//!
//! A job calls these and never builds a cache entry or applies the
//! racy-clean rule itself: [`ReadState`] is what the store saw when it read
//! a file (the stamp taken before the bytes), [`certify_batch`] marks the
//! prepared files whose stamps alone will tell a later change, and
//! [`Published`] carries the written file's stamp, hash and time into
//! [`SummaryCache::record_published`].

use std::path::{Path, PathBuf};

use super::atomic::{Prepared, prepare_atomic, prepare_atomic_bytes};
use super::project::{ANNOTATIONS_DIR, PROJECT_FILE, SerialisedAnnotations};
use super::stamp::{FileStamp, content_hash};
use super::summary_cache::{CacheEntry, FileSummary, SummaryCache, now_ns};
use super::{Durability, Project, StoreError, file_hash, validate_annotator};
use crate::model::{AnnotationSet, DocumentId, FORMAT_VERSION, ProjectFile};

/// A file written beside its target, not yet in place; dropped unpublished,
/// it is removed. Made by [`Project::prepare_annotations`],
/// [`Project::prepare_project_file`] or [`Project::prepare_serialised`].
#[derive(Debug)]
pub struct Pending {
    prepared: Prepared,
    path: PathBuf,
    hash: u64,
    /// Publishing it makes this the handle's project file.
    project_file: Option<Box<ProjectFile>>,
    /// Its stamp alone will tell a later change (see [`certify_batch`]).
    certified: bool,
}

impl Pending {
    /// The file it will replace.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The written file's stamp (kept by the rename that publishes it).
    pub fn stamp(&self) -> Option<FileStamp> {
        self.prepared.stamp()
    }
}

/// A file put in place by [`Project::publish_if_unchanged`], for
/// [`Project::record_published`] and [`SummaryCache::record_published`].
#[derive(Debug)]
pub struct Published {
    path: PathBuf,
    hash: u64,
    stamp: Option<FileStamp>,
    /// Taken before the rename: the bytes are the job's from then.
    written_ns: u64,
    certified: bool,
    project_file: Option<Box<ProjectFile>>,
}

impl Published {
    /// The hash of the file's bytes, as [`super::read_annotation_file`] computes it.
    pub fn hash(&self) -> u64 {
        self.hash
    }
}

/// What the store saw of an annotation file when it read it for a job that
/// may change it: its stamp (taken before the bytes), the hash of the bytes
/// (`None`: no file) and when.
#[derive(Clone, Copy, Debug)]
pub struct ReadState {
    pub stamp: Option<FileStamp>,
    pub hash: Option<u64>,
    pub seen_ns: u64,
}

/// Marks the prepared files whose modification time the filesystem's clock
/// had passed when the last of them was written — call it before any is
/// published: a later change to one of them gets a later time, so its
/// cache entry can trust its stamp at once (no racy window to verify).
pub fn certify_batch<'a>(pending: impl IntoIterator<Item = &'a mut Pending>) {
    let mut pending: Vec<&mut Pending> = pending.into_iter().collect();
    let Some(clock) = pending
        .iter()
        .filter_map(|p| p.stamp())
        .map(FileStamp::modified_ns)
        .max()
    else {
        return;
    };
    for file in &mut pending {
        file.certified = file.stamp().is_some_and(|s| s.modified_ns() < clock);
    }
}

impl Project {
    /// Reads `annotator`'s set of `id` for a job that may change it, with
    /// what the store saw ([`ReadState`]) to publish and record against.
    pub fn read_annotations_for_update(
        &self,
        id: &DocumentId,
        annotator: &str,
    ) -> Result<(AnnotationSet, ReadState), StoreError> {
        let path = self.annotations_path(id, annotator);
        // Stamped before reading: a change after this makes the stamp differ.
        let seen_ns = now_ns();
        let stamp = FileStamp::of(&path).map_err(|e| StoreError::io("cannot read", &path, e))?;
        let (set, hash) = self.read_annotations(id, annotator)?;
        Ok((
            set,
            ReadState {
                stamp,
                hash,
                seen_ns,
            },
        ))
    }

    /// Saves an annotation set read with [`Self::read_annotations`] only if
    /// its file still holds what was read then (`read_hash`, `None` for no
    /// file): an edit saved meanwhile by someone else is never overwritten.
    pub fn save_annotations_if_unchanged(
        &mut self,
        set: &AnnotationSet,
        read_hash: Option<u64>,
    ) -> Result<bool, StoreError> {
        let serialised = self.serialise_annotations(set)?;
        self.save_serialised_if_unchanged(serialised, read_hash)
    }

    /// Removes an annotator's file of a document only if it still holds
    /// what was read or written (`hash`): a job's undo never takes away an
    /// edit made since.
    pub fn remove_annotations_if_unchanged(
        &mut self,
        id: &crate::model::DocumentId,
        annotator: &str,
        hash: Option<u64>,
    ) -> Result<bool, StoreError> {
        let path = self.annotations_path(id, annotator);
        unchanged_since(&path, hash)?;
        self.remove_annotations(id, annotator)
    }

    /// [`Self::save_annotations_if_unchanged`] for a set serialised
    /// beforehand (on another thread) by [`Self::serialise_annotations`].
    pub fn save_serialised_if_unchanged(
        &mut self,
        serialised: SerialisedAnnotations,
        read_hash: Option<u64>,
    ) -> Result<bool, StoreError> {
        if let Some(hash) = unchanged_since(&serialised.path, read_hash)? {
            self.saved_hashes.insert(serialised.path.clone(), hash);
        }
        self.save_serialised(serialised)
    }

    /// Writes an annotation set beside its file, to be put in place by
    /// [`Self::publish`]: a job that must change many files or none
    /// prepares them all first.
    pub fn prepare_annotations(&self, set: &AnnotationSet) -> Result<Pending, StoreError> {
        self.ensure_writable()?;
        validate_annotator(&set.annotator).map_err(|message| StoreError::Invalid {
            path: self.root.join(ANNOTATIONS_DIR),
            message,
        })?;
        let mut sorted = set.clone();
        sorted.sort();
        let text = super::project::serialise_annotations(&sorted)?;
        self.prepare(self.annotations_path(&set.document, &set.annotator), &text)
    }

    /// Writes a project file beside `project.ron`, to be put in place by
    /// [`Self::publish`], which also makes it this handle's project file.
    pub fn prepare_project_file(&self, file: &ProjectFile) -> Result<Pending, StoreError> {
        self.ensure_writable()?;
        let text = super::project::serialise(file, "project")?;
        let mut pending = self.prepare(self.project_path(), &text)?;
        pending.project_file = Some(Box::new(file.clone()));
        Ok(pending)
    }

    fn prepare(&self, path: PathBuf, text: &str) -> Result<Pending, StoreError> {
        Ok(Pending {
            prepared: prepare_atomic(&path, text.as_bytes())?,
            hash: content_hash(text.as_bytes()),
            path,
            project_file: None,
            certified: false,
        })
    }

    /// The first half of a save that writes many files (suggest over a
    /// project), on any thread: `serialised` written beside its file,
    /// flushed as this handle's batch says. `None` when there is nothing to
    /// write or the file already holds these bytes (`read_hash`).
    pub fn prepare_serialised(
        &self,
        serialised: SerialisedAnnotations,
        read_hash: Option<u64>,
    ) -> Result<Option<Pending>, StoreError> {
        self.ensure_writable()?;
        let Some(text) = serialised.text else {
            return Ok(None);
        };
        let hash = content_hash(text.as_bytes());
        if read_hash == Some(hash) {
            return Ok(None);
        }
        let prepared = prepare_atomic_bytes(&serialised.path, text.as_bytes(), self.durability)?;
        Ok(Some(Pending {
            prepared,
            path: serialised.path,
            hash,
            project_file: None,
            certified: false,
        }))
    }

    /// Puts a prepared file in place and records it (all-or-nothing jobs
    /// prepare every file first, then publish them in turn).
    pub fn publish(&mut self, pending: Pending) -> Result<(), StoreError> {
        let published = self.put_in_place(pending)?;
        self.record_published(published);
        Ok(())
    }

    /// Puts a prepared annotation file in place if its file still holds
    /// what was read (`read_hash`, `None` for no file) — the rename alone,
    /// so that a job can put one batch in place while it prepares the next
    /// on other threads; [`Self::record_published`] then notes each file.
    /// `project.ron` must already name this build's format
    /// ([`Self::mark_current_format`]), as it must before any file written
    /// in it.
    pub fn publish_if_unchanged(
        &self,
        pending: Pending,
        read_hash: Option<u64>,
    ) -> Result<Published, StoreError> {
        self.ensure_writable()?;
        if self.file.format_version < FORMAT_VERSION {
            return Err(StoreError::Invalid {
                path: self.root.join(PROJECT_FILE),
                message: format!(
                    "names format {} while a file in format {FORMAT_VERSION} was about to be \
                     written; nothing was",
                    self.file.format_version
                ),
            });
        }
        unchanged_since(&pending.path, read_hash)?;
        self.put_in_place(pending)
    }

    fn put_in_place(&self, pending: Pending) -> Result<Published, StoreError> {
        let stamp = pending.prepared.stamp();
        let written_ns = now_ns();
        pending.prepared.publish()?;
        Ok(Published {
            path: pending.path,
            hash: pending.hash,
            stamp,
            written_ns,
            certified: pending.certified,
            project_file: pending.project_file,
        })
    }

    /// Notes a file put in place: it is flushed with the batch, known to
    /// hold what was written, and a project file becomes this handle's.
    pub fn record_published(&mut self, published: Published) {
        if self.durability == Durability::Batch {
            self.written_in_batch.push(published.path.clone());
        }
        self.saved_hashes.insert(published.path, published.hash);
        if let Some(file) = published.project_file {
            self.file = *file;
        }
    }
}

/// The hash of `path`'s bytes (`None`: no file) if they are still those
/// read (`read_hash`); else the error that refuses to overwrite them.
fn unchanged_since(path: &Path, read_hash: Option<u64>) -> Result<Option<u64>, StoreError> {
    let now = file_hash(path)?;
    if now != read_hash {
        return Err(StoreError::Invalid {
            path: path.to_owned(),
            message: "changed on disk since it was read; not overwritten".into(),
        });
    }
    Ok(now)
}

impl CacheEntry {
    /// The entry for a file as the store read it (see [`ReadState`]).
    pub fn of_read(read: ReadState, summary: Option<FileSummary>, suggested: Option<u64>) -> Self {
        Self {
            stamp: read.stamp,
            hash: read.hash.unwrap_or(0),
            seen_ns: read.seen_ns,
            summary,
            suggested,
            checked: None,
            certified: false,
        }
    }
}

impl SummaryCache {
    /// Records a file as the store read it for a job that left it as it was.
    pub fn record_read(
        &mut self,
        annotator: &str,
        id: &DocumentId,
        read: ReadState,
        summary: Option<FileSummary>,
        suggested: Option<u64>,
    ) {
        self.record(annotator, id, CacheEntry::of_read(read, summary, suggested));
    }

    /// Records a file a job put in place, with its summary and the
    /// recommenders' fingerprint whose candidates it holds (`suggested`).
    pub fn record_published(
        &mut self,
        annotator: &str,
        id: &DocumentId,
        published: &Published,
        summary: FileSummary,
        suggested: Option<u64>,
    ) {
        let Some(stamp) = published.stamp else {
            return;
        };
        self.record(
            annotator,
            id,
            CacheEntry {
                stamp: Some(stamp),
                hash: published.hash,
                seen_ns: published.written_ns,
                summary: Some(summary),
                suggested,
                checked: None,
                certified: published.certified,
            },
        );
    }
}
