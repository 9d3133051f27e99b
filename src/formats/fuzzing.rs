//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz) and for the
//! plain tests that replay their corpus (`tests/fuzz_replay.rs`): each runs
//! a format's reader on bytes held in memory, merges every record into an
//! annotator's set as an import does, checks the set as `attest check`
//! does, and writes it back through the format's writer — so that a panic
//! anywhere between a hostile file and a dataset shows. Not an API.
//!
//! Readers are reached through the registry, as an import reaches them: a
//! new format is fuzzed with no change here.

use std::path::Path;

use super::source::Source;
use super::{Format, Record, record};
use crate::model::{AnnotationSet, Catalogue, Document, MAX_ITEMS_PER_DOCUMENT, Schema};

/// Imports `data` as one input of `format`, in memory; returns the records
/// read. For a format whose documents span several files, `data` is each
/// file the format reads beside its data file, then the data file,
/// separated by NUL bytes (brat: the `.txt`, NUL, the `.ann`). Bytes that
/// are not UTF-8 are refused as a file's would be.
pub fn import_bytes(format: Format, data: &[u8]) -> usize {
    // Parsed once: an import starts from the project's schema, not a parse.
    static DEFAULT: std::sync::LazyLock<Schema> =
        std::sync::LazyLock::new(Schema::conflict_default);
    let mut schema = DEFAULT.clone();
    let source = Source::from_parts(format, Path::new("fuzz"), data);
    let parsed = format.read(&source, &schema);
    let reviewer = record::Reviewer {
        as_suggestions: false,
        annotator: "fuzz",
        source: format.name(),
        at: jiff::Timestamp::UNIX_EPOCH,
    };
    let mut records = Vec::new();
    for located in &parsed.records {
        let record = &located.record;
        if record.text.is_empty() || record.item_count() > MAX_ITEMS_PER_DOCUMENT {
            continue;
        }
        let document = Document::new(record.text.clone(), record.meta.to_meta());
        let mut set = AnnotationSet::new(document.id.clone(), "fuzz");
        record::merge(record, &mut set, &mut schema, &reviewer);
        // What `attest check` says of the file, and the set as export reads it.
        let _problems = set.problems(&document.text, &schema);
        records.push(Record::from_annotations(&document, &set, |_| true));
    }
    let all_records: Vec<&Record> = records.iter().collect();
    let context = super::registry::WriteContext {
        schema: &schema,
        catalogue: &Catalogue::default(),
        shape: format.shape(&records),
        without_overlaps: false,
        all_records: &all_records,
        uniform: None,
    };
    for writer in [format, Format::Jsonl] {
        if writer.can_export() {
            // An error is an answer; only a panic is a finding.
            let _rendered = writer.render(&records, "all", &context);
        }
    }
    parsed.records.len()
}

/// Imports `data` after its first byte as one input of the readable
/// format that byte picks (counting round the registry's list); returns
/// the records read. One fuzz target for every format, new ones included.
pub fn import_any_format(data: &[u8]) -> usize {
    let Some((&pick, rest)) = data.split_first() else {
        return 0;
    };
    let readable = Format::readable().count().max(1);
    match Format::readable().nth(usize::from(pick) % readable) {
        Some(format) => import_bytes(format, rest),
        None => 0,
    }
}

/// Ingests `data` as an article `.txt` (headline, dateline, sign-off) and
/// as an articles `.jsonl`; returns the documents made.
pub fn ingest_bytes(data: &[u8]) -> usize {
    let Ok(text) = std::str::from_utf8(data) else {
        return 0;
    };
    let article = crate::ingest::parse_article(text)
        .map(|parsed| Document::new(parsed.body, parsed.meta))
        .into_iter()
        .count();
    let limits = crate::ingest::ImportLimits {
        max_document_bytes: 20 * 1024 * 1024,
    };
    let (documents, _errors) =
        crate::ingest::parse_jsonl_records(text, Path::new("fuzz.jsonl"), limits);
    article + documents.len()
}

/// A folder of this thread's own for the project files the store reads
/// from disk; `None` if none can be made (then there is nothing to fuzz).
fn scratch() -> Option<std::path::PathBuf> {
    thread_local! {
        static DIR: Option<tempfile::TempDir> = tempfile::tempdir().ok();
    }
    DIR.with(|dir| dir.as_ref().map(|d| d.path().to_owned()))
}

/// Opens a project whose `project.ron` holds `data` (read-only, as `attest
/// check` does) and checks it; returns whether it opened.
pub fn project_file_bytes(data: &[u8]) -> bool {
    let Some(root) = scratch() else {
        return false;
    };
    if std::fs::write(root.join("project.ron"), data).is_err() {
        return false;
    }
    match crate::store::Project::open(&root, crate::store::OpenMode::ReadOnly) {
        Ok((mut project, _problems)) => {
            let _problems = project.check();
            true
        }
        Err(_) => false,
    }
}

/// Reads `data` as an annotator's annotation file; returns whether it read.
pub fn annotation_file_bytes(data: &[u8]) -> bool {
    let Some(root) = scratch() else {
        return false;
    };
    let Some(id) = crate::model::DocumentId::parse("00b68ef9135b6d85") else {
        return false;
    };
    let path = root.join("00b68ef9135b6d85.ron");
    if std::fs::write(&path, data).is_err() {
        return false;
    }
    crate::store::read_annotation_file(&path, &id, "fuzz").is_ok()
}

/// Reads `data` as an annotation file with the compact reader and with
/// RON's: `None` when the compact reader leaves the file to RON, else
/// whether it read exactly the set RON reads. `Some(false)` — a file it
/// accepts where RON refuses it, or reads differently — is a finding.
pub fn compact_reader_agrees(data: &[u8]) -> Option<bool> {
    let text = std::str::from_utf8(data).ok()?;
    let id = crate::model::DocumentId::parse("00b68ef9135b6d85")?;
    let fast = crate::store::annotation_reader::read_compact(text, &id)?;
    Some(ron::from_str::<AnnotationSet>(text).ok() == Some(fast))
}

/// Writes `data` as one input of the format its first byte picks (as
/// [`import_any_format`]), then loads it from disk through a symbolic link
/// to it and beside a linked companion; returns whether any link was
/// followed (never: a link is named and not read).
#[cfg(unix)]
pub fn linked_bytes(data: &[u8]) -> bool {
    let (Some((&pick, rest)), Some(root)) = (data.split_first(), scratch()) else {
        return false;
    };
    let readable = Format::readable().count().max(1);
    let Some(format) = Format::readable().nth(usize::from(pick) % readable) else {
        return false;
    };
    let folder = root.join("linked");
    let _ = std::fs::remove_dir_all(&folder);
    if std::fs::create_dir_all(&folder).is_err() {
        return false;
    }
    let extension = format.extensions().first().copied().unwrap_or("txt");
    let real = root.join(format!("real.{extension}"));
    if std::fs::write(&real, rest).is_err() {
        return false;
    }
    let mut followed = false;
    // The data file itself a link (out of the folder).
    let link = folder.join(format!("doc.{extension}"));
    if std::os::unix::fs::symlink(&real, &link).is_ok() {
        followed |= Source::load(format, &link).is_ok();
    }
    // A real data file beside a linked companion (brat's `.txt`).
    for companion in format.support().companions() {
        let data_file = folder.join(format!("pair.{extension}"));
        let companion_file = data_file.with_extension(companion.extension);
        if std::fs::write(&data_file, rest).is_ok()
            && std::os::unix::fs::symlink(&real, &companion_file).is_ok()
        {
            followed |= Source::load(format, &data_file).is_ok();
        }
    }
    followed
}
