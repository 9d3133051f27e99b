//! An open project: its schema, catalogue, document list and the files it
//! has read or written, so that a save touches only what changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{
    AnnotationSet, Catalogue, Document, DocumentId, DocumentMeta, FORMAT_VERSION, ItemRef,
    ProjectFile,
};

use super::atomic::{Durability, prepare_atomic_bytes, sync_filesystem, write_atomic_as};
use super::atomic::{TEMP_PREFIX, TEMP_SUFFIX};
use super::stamp::{FileStamp, content_hash};
use super::summary_cache::{CacheEntry, FileSummary, Freshness, SummaryCache, now_ns};
use super::{
    Prepared, Problem, ProjectLock, StoreError, from_ron, prepare_atomic, to_ron, to_ron_compact,
    write_atomic,
};

pub(super) const PROJECT_FILE: &str = "project.ron";
const CATALOGUE_FILE: &str = "catalogue.ron";
const DOCUMENTS_DIR: &str = "documents";
pub(super) const ANNOTATIONS_DIR: &str = "annotations";
/// The folder of the learned models (`attest train` replaces it whole).
pub const MODELS_DIR: &str = "models";
/// Why a document's text is refused: its bytes no longer hash to its id.
const TEXT_CHANGED: &str = "text was changed after import: it no longer matches its document \
     id, so its annotations' offsets would point at the wrong words; restore the file as imported \
     (for git, `documents/*.txt -text` in .gitattributes keeps line ends as they are)";

/// How to open a project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenMode {
    /// Only read: no lock, nothing saved (`check`, `stats`, `export`).
    ReadOnly,
    /// Read and write as this annotator, holding the project lock.
    ReadWrite { annotator: String },
}

/// A document as listed: its id and the two fields of its metadata that
/// the document list and the counts read of every document. The rest of
/// its metadata ([`Project::document_meta`]) and its text are read on
/// demand: held whole, a project's list grew by some 300 bytes a document.
#[derive(Clone, Debug, PartialEq)]
pub struct DocumentEntry {
    pub id: DocumentId,
    /// The headline, as its metadata gives it.
    pub title: Option<Box<str>>,
    /// Its language code, one copy shared by every document in it.
    pub language: Option<Arc<str>>,
}

impl DocumentEntry {
    pub fn display_title(&self, text_start: &str) -> String {
        crate::model::display_title(self.title.as_deref(), text_start)
    }
}

/// What the list keeps of a metadata file read at open, and what opening
/// checks and remembers of it.
struct ListedMeta {
    imported_at: Option<jiff::Timestamp>,
    title: Option<Box<str>>,
    language: Option<String>,
    /// The file names another document id than its own name.
    names_another: bool,
    /// The hash of its bytes, kept by a handle that can write.
    hash: Option<u64>,
}

/// How many metadata files opening reads (on all cores) at a time, so that
/// only their parsed forms, never a whole project's, are held at once.
const METAS_AT_A_TIME: usize = 4096;

/// An annotation set serialised for its file, not yet saved (see
/// [`Project::serialise_annotations`]).
#[derive(Debug)]
pub struct SerialisedAnnotations {
    pub(super) path: PathBuf,
    /// `None`: nothing to write (an empty set with no file).
    pub(super) text: Option<String>,
}

/// What adding a document did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    New(DocumentId),
    /// The same text is already in the project; nothing was written.
    AlreadyPresent(DocumentId),
}

#[derive(Debug)]
pub struct Project {
    pub(super) root: PathBuf,
    pub file: ProjectFile,
    /// The shipped catalogue extended by the project's own.
    pub catalogue: Catalogue,
    /// The project's own `catalogue.ron`; `None` when it exists but could
    /// not be read, so that it is never overwritten.
    own_catalogue: Option<Catalogue>,
    documents: Vec<DocumentEntry>,
    /// Positions in `documents`, in the order of their ids: the ids are
    /// held once, in the list, and found by binary search.
    index: Vec<u32>,
    /// The languages of the listed documents, each once.
    languages: Vec<Arc<str>>,
    /// Why the project cannot be written, when it cannot.
    pub(super) read_only_reason: Option<String>,
    /// Shared with the handles given to jobs ([`Project::handle_for_job`]).
    _lock: Option<Arc<ProjectLock>>,
    /// Hash of the bytes last read from or written to each file, so that a
    /// save skips files whose content would not change.
    pub(super) saved_hashes: HashMap<PathBuf, u64>,
    /// How document and annotation files are flushed: per file, or once at
    /// the end of a batch ([`Self::begin_batch`]).
    pub(super) durability: Durability,
    /// Files written since the batch began, for systems where the batch's
    /// one sync must name them.
    pub(super) written_in_batch: Vec<PathBuf>,
}

/// A document's position in the list, as the index holds it.
fn position(i: usize) -> u32 {
    u32::try_from(i).expect("fewer than 4 billion documents")
}

/// Annotator names become folder names: keep them portable and safe.
pub fn validate_annotator(name: &str) -> Result<(), String> {
    let well_formed = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if well_formed {
        Ok(())
    } else {
        Err(format!(
            "annotator name {name:?} must be 1–64 letters, digits, '.', '_' or '-', not starting with '.'"
        ))
    }
}

impl Project {
    /// Creates a new project folder with the default schema.
    pub fn create(root: &Path, name: &str) -> Result<(), StoreError> {
        let project_path = root.join(PROJECT_FILE);
        if project_path.exists() {
            return Err(StoreError::AlreadyExists {
                path: root.to_owned(),
            });
        }
        for dir in [DOCUMENTS_DIR, ANNOTATIONS_DIR] {
            let path = root.join(dir);
            std::fs::create_dir_all(&path)
                .map_err(|e| StoreError::io("cannot create folder", &path, e))?;
        }
        write_atomic(
            &root.join(".gitignore"),
            b".attest.lock\n.attest-*.tmp\n.attest/\n",
        )?;
        super::git::ensure_attributes(root)?;
        let file = ProjectFile::new(name);
        // A heading per label for the team to fill in (F1 opens it); a
        // folder that already has guidelines keeps them.
        let guidelines_path = root.join(crate::model::guidelines::GUIDELINES_FILE);
        if !guidelines_path.exists() {
            let guidelines = crate::model::guidelines::starter(&file.schema);
            write_atomic(&guidelines_path, guidelines.as_bytes())?;
        }
        write_atomic(&project_path, serialise(&file, "project")?.as_bytes())
    }

    /// Opens the project at `root`. Problems with single documents or
    /// annotation files do not stop it: they are returned beside it.
    pub fn open(root: &Path, mode: OpenMode) -> Result<(Self, Vec<Problem>), StoreError> {
        Self::open_waiting(root, mode, std::time::Duration::ZERO)
    }

    /// [`Self::open`], waiting up to `lock_wait` for another writer to let
    /// go of the project ([`ProjectLock::acquire_waiting`]).
    pub fn open_waiting(
        root: &Path,
        mode: OpenMode,
        lock_wait: std::time::Duration,
    ) -> Result<(Self, Vec<Problem>), StoreError> {
        let project_path = root.join(PROJECT_FILE);
        let text = match std::fs::read_to_string(&project_path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NotAProject {
                    path: root.to_owned(),
                });
            }
            Err(e) => return Err(StoreError::io("cannot read", &project_path, e)),
        };
        let file = read_project_file(&text, &project_path)?;
        let mut problems = Vec::new();
        if file.format_version == 0 {
            return Err(StoreError::Invalid {
                path: project_path,
                message: "format_version 0 is not a version any Attest wrote (they start at 1); \
                          restore the project file or set the version it was written with"
                    .into(),
            });
        }
        let mut read_only_reason = None;
        let mut lock = None;
        // A newer project may hold what this build cannot read (a field it
        // would drop, a meaning it does not know): no command reads it, so
        // none counts, exports or suggests on it wrongly.
        if file.format_version > FORMAT_VERSION {
            return Err(StoreError::NewerFormat {
                path: project_path,
                found: file.format_version,
                supported: FORMAT_VERSION,
            });
        }
        match &mode {
            OpenMode::ReadOnly => read_only_reason = Some("opened for reading".into()),
            OpenMode::ReadWrite { annotator } => {
                validate_annotator(annotator).map_err(|message| StoreError::Invalid {
                    path: root.to_owned(),
                    message,
                })?;
                lock = Some(Arc::new(ProjectLock::acquire_waiting(
                    root, annotator, lock_wait,
                )?));
                // Holding the lock, no other writer can be midway: what
                // temporary files there are were left by a crash.
                for leftover in leftover_temp_files(root) {
                    let removed = if leftover.is_dir() {
                        std::fs::remove_dir_all(&leftover)
                    } else {
                        std::fs::remove_file(&leftover)
                    };
                    if let Err(e) = removed {
                        problems.push(
                            StoreError::io("cannot remove a leftover temporary file", &leftover, e)
                                .into(),
                        );
                    }
                }
            }
        }
        problems.extend(
            file.schema
                .problems()
                .into_iter()
                .map(|m| Problem::new(&project_path, None, m)),
        );
        let mut catalogue = Catalogue::sahel_default();
        let catalogue_path = root.join(CATALOGUE_FILE);
        let own_catalogue = match std::fs::read_to_string(&catalogue_path) {
            Ok(text) => match from_ron::<Catalogue>(&text, &catalogue_path) {
                Ok(own) => {
                    catalogue.extend(own.clone());
                    Some(own)
                }
                Err(e) => {
                    problems.push(e.into());
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Catalogue::default()),
            Err(e) => {
                problems.push(StoreError::io("cannot read", &catalogue_path, e).into());
                None
            }
        };
        let mut project = Self {
            root: root.to_owned(),
            file,
            catalogue,
            own_catalogue,
            documents: Vec::new(),
            index: Vec::new(),
            languages: Vec::new(),
            read_only_reason,
            _lock: lock,
            saved_hashes: HashMap::new(),
            durability: Durability::EachFile,
            written_in_batch: Vec::new(),
        };
        project.load_document_list(&mut problems);
        Ok((project, problems))
    }

    fn load_document_list(&mut self, problems: &mut Vec<Problem>) {
        let dir = self.root.join(DOCUMENTS_DIR);
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                problems.push(StoreError::io("cannot list", &dir, e).into());
                return;
            }
        };
        // Ids only, no paths: the paths are made again for the few that
        // need one, so a large project's listing stays small.
        let mut texts = Vec::new();
        let mut metas = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Some(id) = DocumentId::parse(stem) else {
                if !stem.starts_with('.') {
                    problems.push(Problem::new(
                        &path,
                        None,
                        "not a document file (name is not a document id)",
                    ));
                }
                continue;
            };
            match path.extension().and_then(|e| e.to_str()) {
                Some("txt") => texts.push(id),
                Some("ron") => metas.push(id),
                _ => problems.push(Problem::new(&path, None, "unexpected file in documents/")),
            }
        }
        texts.sort_unstable();
        metas.sort_unstable();
        let (paired, texts_alone) = pair_sorted(metas, texts, |id| {
            problems.push(Problem::new(
                &dir.join(format!("{id}.ron")),
                None,
                format!("metadata without its text {id}.txt"),
            ));
        });
        // A handle that cannot write keeps no hashes of what it read: they
        // only spare rewriting an unchanged file.
        let keep_hashes = self.read_only_reason.is_none();
        let mut listed = Vec::with_capacity(paired.len());
        for batch in paired.chunks(METAS_AT_A_TIME) {
            // Read on every core: a project of 10,000 documents opens in a blink.
            let read: Vec<Result<ListedMeta, StoreError>> = batch
                .par_iter()
                .map(|id| read_listed_meta(&dir.join(format!("{id}.ron")), id, keep_hashes))
                .collect();
            for (id, meta) in batch.iter().zip(read) {
                let meta = match meta {
                    Ok(meta) => meta,
                    Err(e) => {
                        problems.push(e.into());
                        continue;
                    }
                };
                let path = || dir.join(format!("{id}.ron"));
                if meta.names_another {
                    problems.push(Problem::new(
                        &path(),
                        None,
                        "metadata names another document id",
                    ));
                }
                if let Some(hash) = meta.hash {
                    self.saved_hashes.insert(path(), hash);
                }
                let entry = DocumentEntry {
                    id: id.clone(),
                    title: meta.title,
                    language: self.shared_language(meta.language.as_deref()),
                };
                listed.push((meta.imported_at, entry));
            }
        }
        drop(paired);
        for id in texts_alone {
            let path = dir.join(format!("{id}.txt"));
            problems.push(Problem::new(
                &path,
                None,
                format!("text without its metadata {id}.ron"),
            ));
        }
        listed.sort_by(|a, b| (a.0, &a.1.id).cmp(&(b.0, &b.1.id)));
        self.documents = listed.into_iter().map(|(_, entry)| entry).collect();
        self.documents.shrink_to_fit();
        self.reindex();
    }

    /// The one copy of `language` the list shares.
    fn shared_language(&mut self, language: Option<&str>) -> Option<Arc<str>> {
        let language = language?;
        if let Some(shared) = self.languages.iter().find(|l| ***l == *language) {
            return Some(Arc::clone(shared));
        }
        let shared: Arc<str> = Arc::from(language);
        self.languages.push(Arc::clone(&shared));
        Some(shared)
    }

    fn reindex(&mut self) {
        self.index = (0..self.documents.len()).map(position).collect();
        let documents = &self.documents;
        self.index
            .sort_unstable_by(|&a, &b| documents[a as usize].id.cmp(&documents[b as usize].id));
    }

    /// Where `id` is, or would go, in the index.
    fn index_slot(&self, id: &DocumentId) -> Result<usize, usize> {
        self.index
            .binary_search_by(|&i| self.documents[i as usize].id.cmp(id))
    }

    fn contains(&self, id: &DocumentId) -> bool {
        self.index_slot(id).is_ok()
    }

    /// Appends a document not yet in the list.
    fn push_entry(&mut self, entry: DocumentEntry) {
        let slot = self
            .index_slot(&entry.id)
            .expect_err("a document is listed once");
        self.index.insert(slot, position(self.documents.len()));
        self.documents.push(entry);
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn name(&self) -> &str {
        &self.file.name
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only_reason.is_some()
    }

    pub fn documents(&self) -> &[DocumentEntry] {
        &self.documents
    }

    pub fn document_entry(&self, id: &DocumentId) -> Option<&DocumentEntry> {
        let slot = self.index_slot(id).ok()?;
        Some(&self.documents[self.index[slot] as usize])
    }

    pub fn text_path(&self, id: &DocumentId) -> PathBuf {
        self.root.join(DOCUMENTS_DIR).join(format!("{id}.txt"))
    }

    /// The title the document list shows: the headline, else the text's
    /// opening words — only its first bytes are read, so a list of
    /// untitled documents stays quick to fill.
    pub fn display_title(&self, entry: &DocumentEntry) -> String {
        if entry.title.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            return entry.display_title("");
        }
        const OPENING_BYTES: u64 = 512;
        let mut opening = Vec::new();
        let read = std::fs::File::open(self.text_path(&entry.id)).and_then(|file| {
            std::io::Read::read_to_end(&mut std::io::Read::take(file, OPENING_BYTES), &mut opening)
        });
        if read.is_err() {
            return entry.display_title("");
        }
        // The cut may fall inside a character: keep the whole ones.
        let valid = match std::str::from_utf8(&opening) {
            Ok(text) => text,
            Err(e) => std::str::from_utf8(&opening[..e.valid_up_to()]).unwrap_or_default(),
        };
        entry.display_title(valid)
    }

    pub fn meta_path(&self, id: &DocumentId) -> PathBuf {
        self.root.join(DOCUMENTS_DIR).join(format!("{id}.ron"))
    }

    pub fn annotations_path(&self, id: &DocumentId, annotator: &str) -> PathBuf {
        self.root
            .join(ANNOTATIONS_DIR)
            .join(annotator)
            .join(format!("{id}.ron"))
    }

    pub fn project_path(&self) -> PathBuf {
        self.root.join(PROJECT_FILE)
    }

    /// The team's annotation guidelines (Markdown), beside `project.ron`.
    pub fn guidelines_path(&self) -> PathBuf {
        self.root.join(crate::model::guidelines::GUIDELINES_FILE)
    }

    /// The guidelines as written; `None` when the project has none yet.
    pub fn load_guidelines(&self) -> Result<Option<String>, StoreError> {
        let path = self.guidelines_path();
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::io("cannot read", &path, e)),
        }
    }

    /// Writes the guidelines, whole or not at all.
    pub fn save_guidelines(&mut self, text: &str) -> Result<bool, StoreError> {
        self.ensure_writable()?;
        let path = self.guidelines_path();
        let durability = std::mem::take(&mut self.durability);
        let written = self.write_if_changed(path, text);
        self.durability = durability;
        written
    }

    /// Reads a document's text, verified against its id: every offset of
    /// its annotations counts into exactly this text, so a text changed
    /// after import (line ends converted by git, an edit by hand) is an
    /// error naming it, never a source of shifted spans.
    pub fn load_text(&self, id: &DocumentId) -> Result<String, StoreError> {
        let text = self.read_text(id)?;
        if DocumentId::for_text(&text) != *id {
            return Err(StoreError::Invalid {
                path: self.text_path(id),
                message: TEXT_CHANGED.into(),
            });
        }
        Ok(text)
    }

    /// A document's text as it is on disk, not verified (for `check`,
    /// which reports a changed text and goes on checking).
    fn read_text(&self, id: &DocumentId) -> Result<String, StoreError> {
        let path = self.text_path(id);
        let bytes = std::fs::read(&path).map_err(|e| StoreError::io("cannot read", &path, e))?;
        String::from_utf8(bytes).map_err(|e| StoreError::Invalid {
            path,
            message: format!("text is not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
        })
    }

    /// A listed document's metadata, read from its file: the list keeps
    /// only its title and language.
    pub fn document_meta(&self, id: &DocumentId) -> Result<DocumentMeta, StoreError> {
        read_meta_file(&self.meta_path(id))
    }

    /// Reads a whole document (a document not listed has no metadata).
    pub fn load_document(&self, id: &DocumentId) -> Result<Document, StoreError> {
        let meta = if self.contains(id) {
            self.document_meta(id)?
        } else {
            DocumentMeta::default()
        };
        Ok(Document {
            id: id.clone(),
            meta,
            text: self.load_text(id)?,
        })
    }

    /// Annotators who have a folder under `annotations/`, sorted.
    pub fn annotators(&self) -> Vec<String> {
        let dir = self.root.join(ANNOTATIONS_DIR);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| validate_annotator(n).is_ok())
            .collect();
        names.sort();
        names
    }

    /// An annotator's annotations of a document; empty when there are none yet.
    pub fn load_annotations(
        &mut self,
        id: &DocumentId,
        annotator: &str,
    ) -> Result<AnnotationSet, StoreError> {
        let path = self.annotations_path(id, annotator);
        if !path.exists() {
            return Ok(AnnotationSet::new(id.clone(), annotator));
        }
        let (set, hash) = read_annotation_file(&path, id, annotator)?;
        self.saved_hashes.insert(path, hash);
        Ok(set)
    }

    /// An annotator's annotations of a document without recording what was
    /// read (so it takes `&self` and runs on any thread), with the hash of
    /// the file's bytes, `None` when there is no file yet. Pass the hash to
    /// [`Self::save_annotations_if_unchanged`].
    pub fn read_annotations(
        &self,
        id: &DocumentId,
        annotator: &str,
    ) -> Result<(AnnotationSet, Option<u64>), StoreError> {
        let path = self.annotations_path(id, annotator);
        if !path.exists() {
            return Ok((AnnotationSet::new(id.clone(), annotator), None));
        }
        read_annotation_file(&path, id, annotator).map(|(set, hash)| (set, Some(hash)))
    }

    /// [`Self::read_annotations`] for a job that only reads the file (an
    /// export): no hash of its bytes, which only a later save needs.
    pub fn read_annotations_only(
        &self,
        id: &DocumentId,
        annotator: &str,
    ) -> Result<AnnotationSet, StoreError> {
        let path = self.annotations_path(id, annotator);
        if !path.exists() {
            return Ok(AnnotationSet::new(id.clone(), annotator));
        }
        read_annotation_set(&path, id, annotator)
    }

    /// Another handle on this project, open for writing under the same lock,
    /// for a job on a worker thread (suggest in all documents) while this
    /// one stays with the UI. The two must write different files; the lock
    /// is released when the last handle is dropped.
    pub fn handle_for_job(&self) -> Result<Self, StoreError> {
        self.ensure_writable()?;
        Ok(Self {
            root: self.root.clone(),
            file: self.file.clone(),
            catalogue: self.catalogue.clone(),
            own_catalogue: self.own_catalogue.clone(),
            documents: self.documents.clone(),
            index: self.index.clone(),
            languages: self.languages.clone(),
            read_only_reason: None,
            _lock: self._lock.clone(),
            saved_hashes: self.saved_hashes.clone(),
            durability: Durability::EachFile,
            written_in_batch: Vec::new(),
        })
    }

    /// Takes in the documents a job's handle ([`Self::handle_for_job`])
    /// added (an import), in the order it added them; returns their ids.
    pub fn adopt_documents(&mut self, handle: &Project) -> Vec<DocumentId> {
        let mut adopted = Vec::new();
        for entry in &handle.documents {
            if self.contains(&entry.id) {
                continue;
            }
            let meta_path = self.meta_path(&entry.id);
            if let Some(hash) = handle.saved_hashes.get(&meta_path) {
                self.saved_hashes.insert(meta_path, *hash);
            }
            self.push_entry(entry.clone());
            adopted.push(entry.id.clone());
        }
        adopted
    }

    /// Every annotation file of one annotator, read on all cores: each
    /// document that has a file, with its set or the error naming the file.
    pub fn load_all_annotations(
        &mut self,
        annotator: &str,
    ) -> Vec<(DocumentId, Result<AnnotationSet, StoreError>)> {
        let jobs: Vec<(DocumentId, PathBuf)> = self
            .documents
            .iter()
            .map(|d| (d.id.clone(), self.annotations_path(&d.id, annotator)))
            .filter(|(_, path)| path.exists())
            .collect();
        read_in_parallel(&jobs, annotator)
            .into_iter()
            .zip(jobs)
            .map(|(result, (id, path))| {
                let result = result.map(|(set, hash)| {
                    self.saved_hashes.insert(path, hash);
                    set
                });
                (id, result)
            })
            .collect()
    }

    pub(super) fn ensure_writable(&self) -> Result<(), StoreError> {
        match &self.read_only_reason {
            Some(reason) => Err(StoreError::ReadOnly {
                path: self.root.clone(),
                reason: reason.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Saves an annotation set; returns whether a file was written. A file
    /// whose bytes would not change is left alone, and an empty set with no
    /// file on disk creates none.
    pub fn save_annotations(&mut self, set: &AnnotationSet) -> Result<bool, StoreError> {
        let serialised = self.serialise_annotations(set)?;
        self.save_serialised(serialised)
    }

    /// Forgets what this handle last wrote to or read from `paths`: another
    /// handle (a job's) wrote them since, so a save must not be skipped as
    /// unchanged on the strength of the old content.
    pub fn forget_saved(&mut self, paths: Vec<PathBuf>) {
        for path in paths {
            self.saved_hashes.remove(&path);
        }
    }

    /// Removes an annotator's file of a document (undoing a job that
    /// created it); returns whether there was one.
    pub fn remove_annotations(
        &mut self,
        id: &DocumentId,
        annotator: &str,
    ) -> Result<bool, StoreError> {
        self.ensure_writable()?;
        let path = self.annotations_path(id, annotator);
        self.saved_hashes.remove(&path);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(StoreError::Io {
                action: "cannot remove",
                path,
                source,
            }),
        }
    }

    /// The first half of a save, on any thread: `set` as its file will
    /// hold it. Pass it to [`Self::save_serialised_if_unchanged`].
    pub fn serialise_annotations(
        &self,
        set: &AnnotationSet,
    ) -> Result<SerialisedAnnotations, StoreError> {
        self.serialise_cow(std::borrow::Cow::Borrowed(set))
    }

    /// [`Self::serialise_annotations`] of a set the caller no longer
    /// needs: sorted in place rather than copied.
    pub fn serialise_annotations_owned(
        &self,
        set: AnnotationSet,
    ) -> Result<SerialisedAnnotations, StoreError> {
        self.serialise_cow(std::borrow::Cow::Owned(set))
    }

    fn serialise_cow(
        &self,
        set: std::borrow::Cow<'_, AnnotationSet>,
    ) -> Result<SerialisedAnnotations, StoreError> {
        validate_annotator(&set.annotator).map_err(|message| StoreError::Invalid {
            path: self.root.join(ANNOTATIONS_DIR),
            message,
        })?;
        let path = self.annotations_path(&set.document, &set.annotator);
        let text = if set.is_empty()
            && !set.is_finished()
            && !self.saved_hashes.contains_key(&path)
            && !path.exists()
        {
            // Nothing to keep and no file to update: none is created.
            None
        } else {
            let mut sorted = set.into_owned();
            sorted.sort();
            Some(serialise_annotations(&sorted)?)
        };
        Ok(SerialisedAnnotations { path, text })
    }

    pub(super) fn save_serialised(
        &mut self,
        serialised: SerialisedAnnotations,
    ) -> Result<bool, StoreError> {
        self.ensure_writable()?;
        let Some(text) = serialised.text else {
            return Ok(false);
        };
        self.mark_current_format()?;
        self.write_if_changed(serialised.path, &text)
    }

    /// Before the first file is written in this build's format, marks
    /// `project.ron` with it, so that an older Attest refuses the project
    /// rather than misread its new files.
    pub fn mark_current_format(&mut self) -> Result<(), StoreError> {
        if self.file.format_version >= FORMAT_VERSION {
            return Ok(());
        }
        let old = self.file.format_version;
        self.file.format_version = FORMAT_VERSION;
        if let Err(e) = self.save_project_file() {
            self.file.format_version = old;
            return Err(e);
        }
        Ok(())
    }

    /// Rewrites every annotation file of every annotator in this build's
    /// format (`attest migrate`), after marking `project.ron` with it.
    /// Files that cannot be read are reported and left as they are; the
    /// rest go on. Returns how many files were rewritten.
    pub fn migrate(&mut self) -> (usize, Vec<Problem>) {
        let mut problems = Vec::new();
        if let Err(e) = self.mark_current_format() {
            problems.push(e.into());
            return (0, problems);
        }
        let mut rewritten = 0;
        for annotator in self.annotators() {
            for (_, result) in self.load_all_annotations(&annotator) {
                match result.and_then(|set| self.save_annotations(&set)) {
                    Ok(written) => rewritten += usize::from(written),
                    Err(e) => problems.push(e.into()),
                }
            }
        }
        (rewritten, problems)
    }

    /// Writes `text` to `path` unless the file already holds exactly it;
    /// returns whether it wrote. Flushed per file, or at the end of the
    /// batch when one is under way.
    fn write_if_changed(&mut self, path: PathBuf, text: &str) -> Result<bool, StoreError> {
        let hash = content_hash(text.as_bytes());
        if self.saved_hashes.get(&path) == Some(&hash) {
            return Ok(false);
        }
        write_atomic_as(&path, text.as_bytes(), self.durability)?;
        if self.durability == Durability::Batch {
            self.written_in_batch.push(path.clone());
        }
        self.saved_hashes.insert(path, hash);
        Ok(true)
    }

    /// Starts a batch: document and annotation files are written atomically
    /// but not flushed one by one; [`Self::finish_batch`] makes them all
    /// durable at once (see `store::atomic` for why that is safe). The
    /// project file is always flushed before anything that depends on it.
    pub fn begin_batch(&mut self) {
        self.durability = Durability::Batch;
    }

    /// Ends a batch with one flush of everything it wrote; until this
    /// returns, what the batch wrote may not survive a power loss.
    pub fn finish_batch(&mut self) -> Result<(), StoreError> {
        self.durability = Durability::EachFile;
        let written = std::mem::take(&mut self.written_in_batch);
        if written.is_empty() {
            return Ok(());
        }
        sync_filesystem(&self.root, &written)
    }

    /// The hash of the bytes last read from or written to `path` by this
    /// handle, as [`read_annotation_file`] computes it.
    pub fn saved_hash(&self, path: &Path) -> Option<u64> {
        self.saved_hashes.get(path).copied()
    }

    /// Adds a document unless the same text is already here. Its text and
    /// metadata are both written before either is put in place, so a failed
    /// write leaves neither; a text left alone by a crash between the two
    /// renames is completed here. A metadata file that could not be read is
    /// never overwritten.
    pub fn add_document(&mut self, document: Document) -> Result<Added, StoreError> {
        self.ensure_writable()?;
        let id = document.id.clone();
        let mut document = document;
        document
            .meta
            .imported_at
            .get_or_insert_with(jiff::Timestamp::now);
        if self.contains(&id) {
            return Ok(Added::AlreadyPresent(id));
        }
        let text_path = self.text_path(&id);
        let meta_path = self.meta_path(&id);
        if meta_path.exists() {
            return Err(StoreError::Invalid {
                path: meta_path,
                message: "this document's metadata could not be read when the project was \
                          opened; fix or remove it (it is never overwritten)"
                    .into(),
            });
        }
        let meta_text = serialise(&document.meta, "document metadata")?;
        let text = if text_path.exists() {
            None
        } else {
            Some(prepare_atomic_bytes(
                &text_path,
                document.text.as_bytes(),
                self.durability,
            )?)
        };
        let meta = prepare_atomic_bytes(&meta_path, meta_text.as_bytes(), self.durability)?;
        if let Some(text) = text {
            text.publish()?;
            if self.durability == Durability::Batch {
                self.written_in_batch.push(text_path);
            }
        }
        meta.publish()?;
        if self.durability == Durability::Batch {
            self.written_in_batch.push(meta_path.clone());
        }
        self.saved_hashes
            .insert(meta_path, content_hash(meta_text.as_bytes()));
        let entry = DocumentEntry {
            id: id.clone(),
            title: document.meta.title.map(String::into_boxed_str),
            language: self.shared_language(document.meta.language.as_deref()),
        };
        self.push_entry(entry);
        Ok(Added::New(id))
    }

    /// Adds an actor to the project's own catalogue and saves it; its id is
    /// made unique. Returns the id.
    pub fn add_catalogue_actor(
        &mut self,
        mut actor: crate::model::Actor,
    ) -> Result<String, StoreError> {
        self.ensure_writable()?;
        let path = self.root.join(CATALOGUE_FILE);
        let Some(own) = &mut self.own_catalogue else {
            return Err(StoreError::Invalid {
                path,
                message: "the project's catalogue could not be read; fix it before adding to it"
                    .into(),
            });
        };
        let base = actor.id.clone();
        let mut n = 1;
        while self.catalogue.actor(&actor.id).is_some() || self.catalogue.place(&actor.id).is_some()
        {
            n += 1;
            actor.id = format!("{base}-{n}");
        }
        own.actors.push(actor.clone());
        let text = serialise(&*own, "catalogue")?;
        if let Err(e) = write_atomic(&path, text.as_bytes()) {
            own.actors.pop();
            return Err(e);
        }
        let id = actor.id.clone();
        self.catalogue.actors.push(actor);
        Ok(id)
    }

    /// Where the project's own catalogue is kept.
    pub fn catalogue_path(&self) -> PathBuf {
        self.root.join(CATALOGUE_FILE)
    }

    /// The project's own catalogue (its additions, overrides and merges,
    /// without the shipped one); `None` when its file could not be read.
    pub fn own_catalogue(&self) -> Option<&Catalogue> {
        self.own_catalogue.as_ref()
    }

    /// The project's own catalogue, or why it cannot be edited.
    fn editable_own_catalogue(&self) -> Result<&Catalogue, StoreError> {
        self.ensure_writable()?;
        self.own_catalogue
            .as_ref()
            .ok_or_else(|| StoreError::Invalid {
                path: self.catalogue_path(),
                message: "the project's catalogue could not be read when the project was \
                          opened; fix it (it is never overwritten)"
                    .into(),
            })
    }

    /// Writes `own` as the project's catalogue beside its file, to publish
    /// with other files of the same change.
    pub fn prepare_own_catalogue(&self, own: &Catalogue) -> Result<Prepared, StoreError> {
        self.editable_own_catalogue()?;
        let text = serialise(own, "catalogue")?;
        prepare_atomic(&self.catalogue_path(), text.as_bytes())
    }

    /// Takes `own` as the project's catalogue once its file is published
    /// (see [`Self::prepare_own_catalogue`]): the combined catalogue follows.
    pub fn adopt_own_catalogue(&mut self, own: Catalogue) {
        let mut combined = Catalogue::sahel_default();
        combined.extend(own.clone());
        self.catalogue = combined;
        self.own_catalogue = Some(own);
    }

    /// Saves `own` as the project's catalogue; the combined catalogue follows.
    pub fn save_own_catalogue(&mut self, own: Catalogue) -> Result<(), StoreError> {
        self.prepare_own_catalogue(&own)?.publish()?;
        self.adopt_own_catalogue(own);
        Ok(())
    }

    /// Reads the project's catalogue again (after a job changed it through
    /// another handle).
    pub fn reload_catalogue(&mut self) -> Result<(), StoreError> {
        let path = self.catalogue_path();
        let own = match std::fs::read_to_string(&path) {
            Ok(text) => from_ron::<Catalogue>(&text, &path)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Catalogue::default(),
            Err(e) => return Err(StoreError::io("cannot read", &path, e)),
        };
        self.adopt_own_catalogue(own);
        Ok(())
    }

    /// Saves the project file (schema and settings).
    pub fn save_project_file(&mut self) -> Result<bool, StoreError> {
        self.ensure_writable()?;
        let path = self.project_path();
        let text = serialise(&self.file, "project")?;
        // Flushed at once even in a batch: the schema and the version must
        // be on disk before any file that depends on them.
        let durability = std::mem::take(&mut self.durability);
        let written = self.write_if_changed(path, &text);
        self.durability = durability;
        written
    }

    /// `project.ron` as it is on disk now, to tell whether it changed
    /// since the project was opened (a hand edit is never overwritten).
    pub fn project_file_on_disk(&self) -> Result<ProjectFile, StoreError> {
        let path = self.project_path();
        let text =
            std::fs::read_to_string(&path).map_err(|e| StoreError::io("cannot read", &path, e))?;
        read_project_file(&text, &path)
    }

    /// Takes in what a job's handle ([`Self::handle_for_job`]) wrote: its
    /// project file (schema, settings) and what each file it saved holds.
    pub fn adopt_saved_files(&mut self, handle: &Project) {
        self.file = handle.file.clone();
        for (path, hash) in &handle.saved_hashes {
            self.saved_hashes.insert(path.clone(), *hash);
        }
    }

    /// Validates every file of the project: each problem with its path and,
    /// where there is one, its line.
    pub fn check(&mut self) -> Vec<Problem> {
        let mut problems = Vec::new();
        for leftover in leftover_temp_files(&self.root) {
            problems.push(Problem::new(
                &leftover,
                None,
                "temporary file left by an interrupted save or training; the next writer removes it",
            ));
        }
        let schema = self.file.schema.clone();
        problems.extend(
            self.catalogue
                .problems()
                .into_iter()
                .map(|m| Problem::new(&self.root.join(CATALOGUE_FILE), None, m)),
        );
        // Texts and annotation files are read and checked on every core, a
        // few hundred documents at a time, so memory holds only those
        // documents' texts; problems are reported as if read all at once:
        // texts in document order, then each annotator's files by name.
        let mut cache = SummaryCache::load(&self.root);
        let checked = crate::stable_hash::StableHasher::new()
            .str(&ron::to_string(&schema).unwrap_or_default())
            .finish();
        let annotations_dir = self.root.join(ANNOTATIONS_DIR);
        let annotators = self.annotators();
        // Files in an annotator's folder that are not a document's: checked
        // on their own (each is a problem, unless hidden).
        let others: Vec<Vec<PathBuf>> = annotators
            .iter()
            .map(|annotator| {
                std::fs::read_dir(annotations_dir.join(annotator))
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path())
                    .filter(|path| {
                        let document = path
                            .file_stem()
                            .and_then(|s| s.to_str())
                            .filter(|_| path.extension().is_some_and(|e| e == "ron"))
                            .and_then(DocumentId::parse);
                        document.is_none_or(|id| self.document_entry(&id).is_none())
                    })
                    .collect()
            })
            .collect();
        let mut found_by_annotator: Vec<Vec<(PathBuf, Vec<Problem>)>> =
            annotators.iter().map(|_| Vec::new()).collect();
        for batch in self.documents.chunks(DOCUMENTS_AT_A_TIME) {
            let read: Vec<(DocumentId, Result<String, StoreError>)> = batch
                .par_iter()
                .map(|d| (d.id.clone(), self.read_text(&d.id)))
                .collect();
            let mut texts = HashMap::new();
            for (id, text) in read {
                match text {
                    Ok(text) => {
                        let intact = DocumentId::for_text(&text) == id;
                        if !intact {
                            problems.push(Problem::new(&self.text_path(&id), None, TEXT_CHANGED));
                        }
                        texts.insert(id, (text, intact));
                    }
                    Err(e) => problems.push(e.into()),
                }
            }
            let files: Vec<(usize, PathBuf)> = annotators
                .iter()
                .enumerate()
                .flat_map(|(i, annotator)| batch.iter().map(move |d| (i, d, annotator)))
                .map(|(i, d, annotator)| (i, self.annotations_path(&d.id, annotator)))
                .collect();
            let found: Vec<(usize, PathBuf, FileChecked)> = files
                .into_par_iter()
                .filter(|(_, path)| path.exists())
                .map(|(i, path)| {
                    let context = CheckContext {
                        annotator: &annotators[i],
                        texts: &texts,
                        schema: &schema,
                        cache: &cache,
                        checked,
                    };
                    let found = check_annotation_file(&path, &context);
                    (i, path, found)
                })
                .collect();
            for (i, path, (found, sound)) in found {
                if !found.is_empty() {
                    found_by_annotator[i].push((path, found));
                }
                if let Some((id, entry)) = sound {
                    cache.record(&annotators[i], &id, entry);
                }
            }
        }
        let no_texts = HashMap::new();
        for (i, (annotator, others)) in annotators.iter().zip(others).enumerate() {
            let context = CheckContext {
                annotator,
                texts: &no_texts,
                schema: &schema,
                cache: &cache,
                checked,
            };
            for path in others {
                let (found, _) = check_annotation_file(&path, &context);
                if !found.is_empty() {
                    found_by_annotator[i].push((path, found));
                }
            }
        }
        for mut found in found_by_annotator {
            found.sort_by(|a, b| a.0.cmp(&b.0));
            problems.extend(found.into_iter().flat_map(|(_, found)| found));
        }
        if self.file.format_version <= FORMAT_VERSION {
            // Derived data: failing to save it costs only time next run.
            let _ = cache.save();
        }
        problems
    }
}

/// Pairs two sorted lists of ids: the ids in both, in order, and those
/// only in `second`; each id only in `first` is given to `alone`.
fn pair_sorted(
    first: Vec<DocumentId>,
    second: Vec<DocumentId>,
    mut alone: impl FnMut(&DocumentId),
) -> (Vec<DocumentId>, Vec<DocumentId>) {
    let mut paired = Vec::with_capacity(first.len().min(second.len()));
    let mut second_alone = Vec::new();
    let mut second = second.into_iter().peekable();
    for id in first {
        while let Some(other) = second.next_if(|other| *other < id) {
            second_alone.push(other);
        }
        if second.next_if_eq(&id).is_some() {
            paired.push(id);
        } else {
            alone(&id);
        }
    }
    second_alone.extend(second);
    (paired, second_alone)
}

/// A document's metadata file, parsed.
fn read_meta_file(path: &Path) -> Result<DocumentMeta, StoreError> {
    read_meta_text(path).and_then(|text| from_ron(&text, path))
}

fn read_meta_text(path: &Path) -> Result<String, StoreError> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io("cannot read", path, e))?;
    String::from_utf8(bytes).map_err(|_| StoreError::Invalid {
        path: path.to_owned(),
        message: "not UTF-8".into(),
    })
}

/// What the list keeps of the metadata file of document `id` at `path`.
fn read_listed_meta(
    path: &Path,
    id: &DocumentId,
    keep_hash: bool,
) -> Result<ListedMeta, StoreError> {
    let text = read_meta_text(path)?;
    let meta: DocumentMeta = from_ron(&text, path)?;
    Ok(ListedMeta {
        imported_at: meta.imported_at,
        title: meta.title.map(String::into_boxed_str),
        language: meta.language,
        names_another: meta.id.as_ref().is_some_and(|m| m != id),
        hash: keep_hash.then(|| content_hash(text.as_bytes())),
    })
}

/// How many documents `check` reads (on all cores) at a time.
const DOCUMENTS_AT_A_TIME: usize = 256;

/// What `check` found in one annotation file, and, when it is sound, the
/// cache entry that says so.
type FileChecked = (Vec<Problem>, Option<(DocumentId, CacheEntry)>);

/// What `check` checks each annotation file against.
struct CheckContext<'a> {
    annotator: &'a str,
    /// Each document's text, and whether it still matches its id.
    texts: &'a HashMap<DocumentId, (String, bool)>,
    schema: &'a crate::model::Schema,
    cache: &'a SummaryCache,
    /// The schema's fingerprint, as cache entries record it.
    checked: u64,
}

/// What is wrong with one file in an annotator's folder, each problem
/// with its line where there is one; and, when nothing is, the cache entry
/// that says so.
fn check_annotation_file(path: &Path, context: &CheckContext<'_>) -> FileChecked {
    let CheckContext {
        annotator,
        texts,
        schema,
        cache,
        checked,
    } = *context;
    let Some(id) = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|_| path.extension().is_some_and(|e| e == "ron"))
        .and_then(DocumentId::parse)
    else {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            return (Vec::new(), None);
        }
        let problem = Problem::new(
            path,
            None,
            "not an annotation file (expected <document-id>.ron)",
        );
        return (vec![problem], None);
    };
    let Some((text, intact)) = texts.get(&id) else {
        let problem = Problem::new(path, None, format!("annotations of unknown document {id}"));
        return (vec![problem], None);
    };
    let cached = cache.entry(annotator, &id);
    let seen_ns = now_ns();
    if *intact
        && cached.as_ref().is_some_and(|e| {
            e.checked == Some(checked) && matches!(e.freshness(path), Ok(Freshness::Fresh { .. }))
        })
    {
        return (Vec::new(), None);
    }
    // Stamped before reading: a change after this makes the stamp differ.
    let read = FileStamp::read_with(path)
        .map_err(|e| StoreError::io("cannot read", path, e))
        .and_then(|(stamp, bytes)| {
            let set = parse_annotation_set(path, &bytes, &id, annotator)?;
            Ok((set, bytes, stamp))
        });
    match read {
        Ok((set, bytes, stamp)) => {
            let found = set.problems(text, schema);
            // The file's text only to number the lines of what was found.
            let file_text = (!found.is_empty()).then(|| String::from_utf8_lossy(&bytes));
            let problems: Vec<Problem> = found
                .into_iter()
                .map(|(item, message)| {
                    let line = file_text.as_ref().and_then(|t| line_of_item(t, item));
                    Problem::new(path, line, message)
                })
                .collect();
            let sound = (problems.is_empty() && *intact).then(|| {
                let hash = CacheEntry::hash_needed(Some(stamp), seen_ns, cached.as_ref(), &bytes);
                CacheEntry {
                    stamp: Some(stamp),
                    hash: hash.unwrap_or(0),
                    seen_ns,
                    summary: Some(FileSummary::of(&set)),
                    suggested: CacheEntry::carried_suggested(cached.as_ref(), hash),
                    checked: Some(checked),
                    certified: false,
                }
            });
            (problems, sound.map(|entry| (id, entry)))
        }
        Err(e) => (vec![e.into()], None),
    }
}

/// Reads and checks one annotation file; returns the set and a hash of its
/// bytes (so that a later save can tell whether anything changed).
pub fn read_annotation_file(
    path: &Path,
    id: &DocumentId,
    annotator: &str,
) -> Result<(AnnotationSet, u64), StoreError> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io("cannot read", path, e))?;
    parse_annotation_file(path, &bytes, id, annotator)
}

/// [`read_annotation_file`] for bytes already read from `path`.
pub fn parse_annotation_file(
    path: &Path,
    bytes: &[u8],
    id: &DocumentId,
    annotator: &str,
) -> Result<(AnnotationSet, u64), StoreError> {
    let set = parse_annotation_set(path, bytes, id, annotator)?;
    Ok((set, content_hash(bytes)))
}

/// Reads and checks one annotation file, for a job that only reads it
/// (nothing is saved after, so its bytes need no hash).
pub fn read_annotation_set(
    path: &Path,
    id: &DocumentId,
    annotator: &str,
) -> Result<AnnotationSet, StoreError> {
    let bytes = std::fs::read(path).map_err(|e| StoreError::io("cannot read", path, e))?;
    parse_annotation_set(path, &bytes, id, annotator)
}

/// [`parse_annotation_file`] without the hash.
fn parse_annotation_set(
    path: &Path,
    bytes: &[u8],
    id: &DocumentId,
    annotator: &str,
) -> Result<AnnotationSet, StoreError> {
    let text = std::str::from_utf8(bytes).map_err(|e| StoreError::Invalid {
        path: path.to_owned(),
        message: format!("not UTF-8 (byte {})", e.valid_up_to()),
    })?;
    let set = match super::annotation_reader::read_compact(text, id) {
        Some(set) => set,
        None => from_ron::<AnnotationSet>(text, path)?,
    };
    if set.document != *id || set.annotator != annotator {
        return Err(StoreError::Invalid {
            path: path.to_owned(),
            message: format!(
                "file says document {} by {}, but it is stored as document {id} by {annotator}",
                set.document, set.annotator
            ),
        });
    }
    Ok(set)
}

/// The summary of an annotation file's bytes, read from `path`: counted
/// straight from the compact form Attest writes, without building the set;
/// anything else is parsed as [`parse_annotation_file`] parses it (which
/// also reports what is wrong).
pub fn summarise_annotation_file(
    path: &Path,
    bytes: &[u8],
    id: &DocumentId,
    annotator: &str,
) -> Result<FileSummary, StoreError> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Some(summary) = super::annotation_reader::summarise_compact(text, id, annotator)
    {
        return Ok(summary);
    }
    let (set, _) = parse_annotation_file(path, bytes, id, annotator)?;
    Ok(FileSummary::of(&set))
}

/// A hash of a file's bytes as [`read_annotation_file`] gives it, `None`
/// when there is no file: compare it to tell whether a file changed since.
pub fn file_hash(path: &Path) -> Result<Option<u64>, StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(content_hash(&bytes))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io("cannot read", path, e)),
    }
}

/// Reads annotation files on every core, keeping the order of `jobs`.
pub fn read_in_parallel(
    jobs: &[(DocumentId, PathBuf)],
    annotator: &str,
) -> Vec<Result<(AnnotationSet, u64), StoreError>> {
    jobs.par_iter()
        .map(|(id, path)| read_annotation_file(path, id, annotator))
        .collect()
}

pub(super) fn serialise_annotations(set: &AnnotationSet) -> Result<String, StoreError> {
    if let Some(text) = super::annotation_file::write_compact(set) {
        return Ok(text);
    }
    to_ron_compact(set).map_err(|e| StoreError::Serialise {
        what: "annotations".to_owned(),
        message: e.to_string(),
    })
}

pub(super) fn serialise<T: serde::Serialize>(value: &T, what: &str) -> Result<String, StoreError> {
    to_ron(value).map_err(|e| StoreError::Serialise {
        what: what.to_owned(),
        message: e.to_string(),
    })
}

/// Reads `project.ron`, looking at `format_version` first so that a newer
/// file is reported as newer rather than as unreadable.
fn read_project_file(text: &str, path: &Path) -> Result<ProjectFile, StoreError> {
    // Some editors start a UTF-8 file with a byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    #[derive(serde::Deserialize)]
    struct VersionOnly {
        format_version: u32,
    }
    let version = ron::Options::default()
        .from_str::<ron::Value>(text)
        .ok()
        .and_then(|value| value.into_rust::<VersionOnly>().ok())
        .map(|v| v.format_version);
    let parsed = from_ron(text, path);
    match version {
        // A newer file that still reads is refused by the caller; one
        // that does not is reported as newer, not as broken.
        Some(found) if found > FORMAT_VERSION && parsed.is_err() => Err(StoreError::NewerFormat {
            path: path.to_owned(),
            found,
            supported: FORMAT_VERSION,
        }),
        _ => parsed,
    }
}

/// Temporary files of interrupted saves: `.attest-*.tmp` in the project
/// folder, `documents/`, `annotations/`, each annotator's folder and
/// `models/`, and the staging folders of an interrupted training
/// (`.attest-models-*.tmp` beside `models/`).
fn leftover_temp_files(root: &Path) -> Vec<PathBuf> {
    let annotations = root.join(ANNOTATIONS_DIR);
    let mut folders = vec![
        root.to_owned(),
        root.join(DOCUMENTS_DIR),
        annotations.clone(),
        root.join(super::CACHE_DIR),
        root.join(MODELS_DIR),
    ];
    folders.extend(
        std::fs::read_dir(&annotations)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.path()),
    );
    let mut found: Vec<PathBuf> = folders
        .iter()
        .flat_map(|folder| std::fs::read_dir(folder).into_iter().flatten().flatten())
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
                && e.file_type().is_ok_and(|t| t.is_file() || t.is_dir())
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// The line (1-based) of an item in an annotation file: in format 2 the
/// item's own line (`(i:N,` within its section `m:`, `e:` or `c:`), in
/// format 1 the `id: N,` line within `mentions:`, `events:` or `claims:`.
fn line_of_item(file_text: &str, item: ItemRef) -> Option<usize> {
    let (sections, id) = match item {
        ItemRef::Mention(id) => (["m:", "mentions:"], id.0),
        ItemRef::Event(id) => (["e:", "events:"], id.0),
        ItemRef::Claim(id) => (["c:", "claims:"], id.0),
    };
    const ALL_SECTIONS: [&str; 6] = ["m:", "e:", "c:", "mentions:", "events:", "claims:"];
    let compact = format!("(i:{id},");
    let pretty = format!("id: {id},");
    let mut in_section = false;
    for (i, line) in file_text.lines().enumerate() {
        let trimmed = line.trim();
        if ALL_SECTIONS.iter().any(|s| trimmed.starts_with(s)) {
            in_section = sections.iter().any(|s| trimmed.starts_with(s));
        } else if in_section && (trimmed.starts_with(&compact) || trimmed == pretty) {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ClaimSource;

    #[test]
    fn a_file_changed_since_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "t").unwrap();
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let text = "JNIM claimed the attack.";
        let Added::New(id) = project
            .add_document(Document::new(text.into(), DocumentMeta::default()))
            .unwrap()
        else {
            panic!("new document");
        };
        let (mut set, read_hash) = project.read_annotations(&id, "ana").unwrap();
        assert_eq!(read_hash, None, "no file yet");
        set.mentions.push(crate::model::Mention {
            id: crate::model::MentionId(1),
            span: crate::model::Span::new(0, 4),
            text: "JNIM".into(),
            label: "ARMED_GROUP".into(),
            actor: None,
            attributes: std::collections::BTreeMap::new(),
            review: crate::model::Review::accepted("ana", jiff::Timestamp::UNIX_EPOCH),
        });
        // Someone else saves the file first.
        let mut other = project.handle_for_job().unwrap();
        let mut theirs = set.clone();
        theirs.mentions[0].label = "PERSON".into();
        assert!(other.save_annotations(&theirs).unwrap());
        let path = project.annotations_path(&id, "ana");
        let on_disk = std::fs::read(&path).unwrap();
        let error = project
            .save_annotations_if_unchanged(&set, read_hash)
            .unwrap_err()
            .to_string();
        assert!(error.contains("changed on disk"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), on_disk, "left as it is");
        let (reread, hash) = project.read_annotations(&id, "ana").unwrap();
        assert!(hash.is_some());
        assert!(project.save_annotations_if_unchanged(&reread, hash).is_ok());
    }

    /// A project as format 1 left it: `project.ron` at version 1 and the
    /// fixture's annotation file in format 1's pretty RON.
    fn format_1_project() -> (tempfile::TempDir, DocumentId, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "old").unwrap();
        let text = include_str!("../../tests/fixtures/format-1/article.txt");
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let Added::New(id) = project
            .add_document(Document::new(text.into(), DocumentMeta::default()))
            .unwrap()
        else {
            panic!("new document");
        };
        let file = project.annotations_path(&id, "ana");
        drop(project);
        let project_file = dir.path().join(PROJECT_FILE);
        let current = std::fs::read_to_string(&project_file).unwrap();
        let old = current.replace(
            &format!("format_version: {FORMAT_VERSION},"),
            "format_version: 1,",
        );
        assert_ne!(old, current);
        std::fs::write(&project_file, old).unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let v1 = include_str!("../../tests/fixtures/format-1/annotations.ron");
        std::fs::write(&file, v1.replace("DOCID", id.as_str())).unwrap();
        (dir, id, file)
    }

    #[test]
    fn a_format_1_project_reads_whole_and_migrates_with_nothing_lost() {
        let (dir, id, file) = format_1_project();
        let writable = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let (mut project, problems) = Project::open(dir.path(), writable.clone()).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(project.file.format_version, 1);
        let before = project.load_annotations(&id, "ana").unwrap();
        assert_eq!(
            (
                before.mentions.len(),
                before.events.len(),
                before.claims.len()
            ),
            (3, 1, 2)
        );
        assert!(before.is_finished());
        assert_eq!(
            before.claims[1].source,
            Some(ClaimSource::Reporter("AFP".into()))
        );
        assert_eq!(before.mentions[1].review.suggester(), Some("catalogue"));
        assert!(project.check().is_empty(), "{:?}", project.check());
        let old_bytes = std::fs::read(&file).unwrap();

        let (rewritten, problems) = project.migrate();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rewritten, 1);
        drop(project);
        let new_bytes = std::fs::read(&file).unwrap();
        assert!(
            new_bytes.len() * 3 < old_bytes.len(),
            "{} bytes, format 1 had {}",
            new_bytes.len(),
            old_bytes.len()
        );
        let (mut reopened, _) = Project::open(dir.path(), writable).unwrap();
        assert_eq!(reopened.file.format_version, FORMAT_VERSION);
        let after = reopened.load_annotations(&id, "ana").unwrap();
        let mut sorted = before.clone();
        sorted.sort();
        assert_eq!(after, sorted, "nothing lost");
        assert!(reopened.check().is_empty(), "{:?}", reopened.check());
        assert_eq!(reopened.migrate(), (0, Vec::new()), "nothing left to do");
    }

    #[test]
    fn the_first_save_in_a_format_1_project_marks_it_version_2_first() {
        let (dir, id, file) = format_1_project();
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let mut set = project.load_annotations(&id, "ana").unwrap();
        set.mentions.retain(|m| m.label != "STATE_FORCE");
        assert!(project.save_annotations(&set).unwrap());
        let project_file = std::fs::read_to_string(dir.path().join(PROJECT_FILE)).unwrap();
        assert!(
            project_file.contains(&format!("format_version: {FORMAT_VERSION},")),
            "{project_file}"
        );
        let written = std::fs::read_to_string(&file).unwrap();
        assert!(written.contains("(i:1,"), "written in format 2: {written}");
        assert!(!written.contains("Mali’s army"), "{written}");
    }

    #[test]
    fn check_names_the_line_of_an_item_in_either_format() {
        let (dir, id, file) = format_1_project();
        let old = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, old.replace("\"LOCATION\"", "\"NO_SUCH_LABEL\"")).unwrap();
        let (mut project, _) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        let problems = project.check();
        assert_eq!(problems.len(), 1, "{problems:?}");
        let pretty_line = old.lines().position(|l| l.trim() == "id: 2,").unwrap() + 1;
        assert_eq!(problems[0].line, Some(pretty_line), "{problems:?}");
        drop(project);
        let (mut project, _) = Project::open(
            dir.path(),
            OpenMode::ReadWrite {
                annotator: "ana".into(),
            },
        )
        .unwrap();
        let set = project.load_annotations(&id, "ana").unwrap();
        project.save_annotations(&set).unwrap();
        let compact = std::fs::read_to_string(&file).unwrap();
        let compact_line = compact
            .lines()
            .position(|l| l.contains("NO_SUCH_LABEL"))
            .unwrap()
            + 1;
        let problems = project.check();
        assert_eq!(problems[0].line, Some(compact_line), "{problems:?}");
    }

    #[test]
    fn check_parses_again_only_what_changed_since_it_found_it_sound() {
        let (dir, id, file) = format_1_project();
        let (mut project, _) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        assert!(project.check().is_empty());
        let cache = SummaryCache::load(dir.path());
        assert!(cache.entry("ana", &id).is_some_and(|e| e.checked.is_some()));
        assert!(project.check().is_empty(), "from the cache");
        let old = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, old.replace("\"LOCATION\"", "\"NO_SUCH_LABEL\"")).unwrap();
        let problems = project.check();
        assert_eq!(problems.len(), 1, "the changed file is read: {problems:?}");
        assert_eq!(
            project.check().len(),
            1,
            "a file with problems is never cached"
        );
    }

    #[test]
    fn a_job_handle_shares_the_lock_until_the_last_handle_goes() {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "t").unwrap();
        let writable = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let (project, _) = Project::open(dir.path(), writable.clone()).unwrap();
        let handle = project.handle_for_job().unwrap();
        drop(project);
        assert!(
            Project::open(dir.path(), writable.clone()).is_err(),
            "still held by the job's handle"
        );
        drop(handle);
        Project::open(dir.path(), writable).unwrap();
        let (read_only, _) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        assert!(
            read_only.handle_for_job().is_err(),
            "no writing without the lock"
        );
    }

    #[test]
    fn documents_a_job_handle_added_are_adopted_once_in_order() {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "t").unwrap();
        let writable = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let (mut project, _) = Project::open(dir.path(), writable).unwrap();
        let mut handle = project.handle_for_job().unwrap();
        let mut added = Vec::new();
        for text in ["Gunmen attacked Djibo.", "A convoy was ambushed."] {
            match handle
                .add_document(Document::new(text.into(), DocumentMeta::default()))
                .unwrap()
            {
                Added::New(id) => added.push(id),
                Added::AlreadyPresent(_) => panic!("new text"),
            }
        }
        assert!(project.documents().is_empty(), "not known before adopting");
        assert_eq!(project.adopt_documents(&handle), added);
        assert!(project.adopt_documents(&handle).is_empty(), "adopted once");
        let ids: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
        assert_eq!(ids, added);
        assert!(project.document_entry(&added[1]).is_some());
    }

    #[test]
    fn every_document_is_found_by_id_whether_read_at_open_or_added_since() {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "t").unwrap();
        let writable = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let texts: Vec<String> = (0..40).map(|i| format!("Report number {i}.")).collect();
        let (mut project, _) = Project::open(dir.path(), writable.clone()).unwrap();
        for (i, text) in texts.iter().enumerate().take(25) {
            let meta = DocumentMeta {
                title: Some(format!("Title {i}")),
                ..DocumentMeta::default()
            };
            project
                .add_document(Document::new(text.clone(), meta))
                .unwrap();
        }
        drop(project);
        let (mut project, problems) = Project::open(dir.path(), writable).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        for (i, text) in texts.iter().enumerate().skip(25) {
            let meta = DocumentMeta {
                title: Some(format!("Title {i}")),
                ..DocumentMeta::default()
            };
            let added = project.add_document(Document::new(text.clone(), meta));
            assert!(matches!(added, Ok(Added::New(_))), "{added:?}");
        }
        for (i, text) in texts.iter().enumerate() {
            let id = DocumentId::for_text(text);
            let entry = project.document_entry(&id).expect("listed");
            assert_eq!(entry.id, id);
            assert_eq!(entry.title.as_deref(), Some(format!("Title {i}").as_str()));
            let again = project.add_document(Document::new(text.clone(), DocumentMeta::default()));
            assert!(
                matches!(&again, Ok(Added::AlreadyPresent(same)) if *same == id),
                "{again:?}"
            );
        }
        assert_eq!(project.documents().len(), texts.len());
        let unknown = DocumentId::for_text("Never imported.");
        assert!(project.document_entry(&unknown).is_none());
    }

    /// A new project, opened to write.
    fn new_project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        Project::create(dir.path(), "t").unwrap();
        let writable = OpenMode::ReadWrite {
            annotator: "ana".into(),
        };
        let (project, _) = Project::open(dir.path(), writable).unwrap();
        (dir, project)
    }

    /// A project with one document of full metadata, opened to write.
    fn project_with_described_document() -> (tempfile::TempDir, Project, Document) {
        let (dir, mut project) = new_project();
        let mut meta = DocumentMeta {
            title: Some("Convoy ambushed near Gao".into()),
            source: Some("a field report".into()),
            dateline: Some("GAO, March 3 -".into()),
            date: Some("2031-03-03".into()),
            language: Some("en".into()),
            origin: Some("reports/gao.txt".into()),
            tokens: vec![(0, 6), (7, 15)],
            ..DocumentMeta::default()
        };
        meta.extra.insert("desk".into(), "north".into());
        let document = Document::new("Gunmen ambushed a convoy near Gao.".into(), meta);
        project.add_document(document.clone()).unwrap();
        (dir, project, document)
    }

    #[test]
    fn metadata_read_on_demand_is_what_was_imported() {
        let (dir, mut project, document) = project_with_described_document();
        let other = DocumentMeta {
            language: Some("en".into()),
            ..DocumentMeta::default()
        };
        project
            .add_document(Document::new("Herders clashed at a well.".into(), other))
            .unwrap();
        let added = project.load_document(&document.id).unwrap();
        drop(project);
        assert_eq!(added.meta.title, document.meta.title);
        assert!(added.meta.imported_at.is_some(), "stamped when added");
        let (project, problems) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        let read = project.load_document(&document.id).unwrap();
        assert_eq!(read, added, "the same metadata and text as when added");
        let entry = project.document_entry(&document.id).unwrap();
        assert_eq!(entry.title.as_deref(), Some("Convoy ambushed near Gao"));
        assert_eq!(project.display_title(entry), "Convoy ambushed near Gao");
        let languages: Vec<&Arc<str>> = project
            .documents()
            .iter()
            .filter_map(|d| d.language.as_ref())
            .collect();
        assert_eq!(languages.len(), 2);
        assert!(Arc::ptr_eq(languages[0], languages[1]), "one copy shared");
    }

    #[test]
    fn a_metadata_file_lost_or_broken_after_open_is_an_error_naming_it() {
        let (dir, project, document) = project_with_described_document();
        let path = project.meta_path(&document.id);
        let broken = "(title: Some(\"unfinished";
        std::fs::write(&path, broken).unwrap();
        let Err(error) = project.load_document(&document.id) else {
            panic!("a broken metadata file read as if sound");
        };
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        std::fs::remove_file(&path).unwrap();
        let Err(error) = project.load_document(&document.id) else {
            panic!("a missing metadata file read as if there");
        };
        assert!(
            error.to_string().contains(&path.display().to_string()),
            "{error}"
        );
        // Nothing else is touched: the text is as it was, and the document
        // is still listed, so that a restored file is read again.
        assert_eq!(project.load_text(&document.id).unwrap(), document.text);
        assert!(project.document_entry(&document.id).is_some());
        std::fs::write(&path, to_ron(&document.meta).unwrap()).unwrap();
        assert_eq!(
            project.load_document(&document.id).unwrap().meta,
            document.meta
        );
        drop(dir);
    }

    #[test]
    fn opening_lists_paired_files_and_reports_each_half_left_alone() {
        let (dir, mut project) = new_project();
        let texts = [
            "One report.",
            "Two reports.",
            "Three reports.",
            "Four reports.",
        ];
        let ids: Vec<DocumentId> = texts
            .iter()
            .map(|t| {
                let document = Document::new((*t).into(), DocumentMeta::default());
                project.add_document(document.clone()).unwrap();
                document.id
            })
            .collect();
        std::fs::remove_file(project.text_path(&ids[1])).unwrap();
        std::fs::remove_file(project.meta_path(&ids[2])).unwrap();
        drop(project);
        let (project, problems) = Project::open(dir.path(), OpenMode::ReadOnly).unwrap();
        let listed: Vec<&DocumentId> = project.documents().iter().map(|d| &d.id).collect();
        assert_eq!(listed, [&ids[0], &ids[3]], "in the order they were added");
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages[0].contains(&format!("metadata without its text {}.txt", ids[1])));
        assert!(messages[1].contains(&format!("text without its metadata {}.ron", ids[2])));
    }
}
