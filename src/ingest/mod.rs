//! Importing articles: plain-text wire stories, JSONL records, and folders
//! of both.
//!
//! Each input is read on its own: a file that is not UTF-8, binary, empty or
//! too large yields an [`ImportError`] that names it, and the rest of the
//! batch goes on. What is no article is refused rather than read as one:
//! a labelled dataset (its labels would be lost), a link inside a folder
//! (it could lead anywhere).

mod article;
mod articles_jsonl;

use std::path::{Path, PathBuf};

pub use article::{ParsedArticle, parse_article};
pub use articles_jsonl::parse_jsonl_records;

use crate::model::Document;

/// Why one file (or one record of a JSONL file) could not be imported.
/// Each renders as one line that names the file.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read: {source}: {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("too large ({size_bytes} bytes; the limit is {limit_bytes}): {}", path.display())]
    TooLarge {
        path: PathBuf,
        size_bytes: u64,
        limit_bytes: u64,
    },
    /// A FIFO, device or socket: never read (it could block or never end).
    #[error("not a regular file ({kind}); refused without reading it: {}", path.display())]
    NotRegular { path: PathBuf, kind: &'static str },
    #[error("binary file ({kind}), not a text article: {}", path.display())]
    Binary { path: PathBuf, kind: &'static str },
    #[error(
        "{}:{line}: not UTF-8 (invalid byte at column {column}); convert it first, e.g. `iconv -f latin1 -t utf-8`",
        path.display()
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        column: usize,
    },
    #[error("empty file, nothing to import: {}", path.display())]
    Empty { path: PathBuf },
    /// Inside a folder: a link could lead anywhere (out of the folder, to
    /// `/etc`), so it is named and not read.
    #[error("a symbolic link; not followed, so not imported (pass its target instead): {}", path.display())]
    Symlink { path: PathBuf },
    /// Annotated data given as articles: imported as text, its labels
    /// would be lost, so the whole file is refused.
    #[error(
        "{}:{line}: a labelled dataset ({evidence}), not articles: importing it as text would drop every label; import it with `--format {format}` (add `--as suggestions` to review them)",
        path.display()
    )]
    Labelled {
        path: PathBuf,
        line: usize,
        /// What gave it away: `"mentions"`, `Label Studio tasks` …
        evidence: String,
        /// The `--format` that reads it, a name of the format registry.
        format: &'static str,
    },
    /// One record of a JSONL file.
    #[error("{}:{line}: {message}", path.display())]
    Record {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// Settings that bound an import.
#[derive(Clone, Copy, Debug)]
pub struct ImportLimits {
    pub max_document_bytes: u64,
}

/// What reading a batch of paths produced: documents in input order, and
/// one error per file or record that failed.
#[derive(Debug, Default)]
pub struct ImportBatch {
    pub documents: Vec<Document>,
    pub errors: Vec<ImportError>,
    /// Files in folders that were passed over because of their extension.
    pub skipped: Vec<PathBuf>,
}

/// Extensions read as plain-text articles when walking a folder.
const TEXT_EXTENSIONS: [&str; 2] = ["txt", "text"];

fn is_jsonl(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"))
}

/// The files a batch of paths stands for: files as given, and each folder's
/// `.txt`/`.jsonl` files recursively, in name order. Other files found in
/// folders are listed as skipped.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<ImportError>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        // Links inside the folder are not followed: one could lead out of
        // the tree (`etc -> /etc`). The folder itself may be a link.
        let walk = walkdir::WalkDir::new(path).sort_by_file_name();
        for entry in walk {
            match entry {
                Ok(entry) if entry.depth() > 0 && entry.path_is_symlink() => {
                    errors.push(ImportError::Symlink {
                        path: entry.into_path(),
                    });
                }
                Ok(entry) if entry.file_type().is_file() => {
                    let file = entry.into_path();
                    let hidden = file
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'));
                    let known = is_jsonl(&file)
                        || file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                            TEXT_EXTENSIONS.iter().any(|t| e.eq_ignore_ascii_case(t))
                        });
                    if known && !hidden {
                        files.push(file);
                    } else {
                        skipped.push(file);
                    }
                }
                // FIFOs and devices in a folder are named, never read.
                Ok(entry) if !entry.file_type().is_dir() => {
                    let kind = entry
                        .metadata()
                        .ok()
                        .and_then(|m| special_kind(&m))
                        .unwrap_or("a special file");
                    errors.push(ImportError::NotRegular {
                        path: entry.into_path(),
                        kind,
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    let failed = e.path().unwrap_or(path).to_owned();
                    errors.push(ImportError::Io {
                        path: failed,
                        source: e.into(),
                    });
                }
            }
        }
    }
    (files, skipped, errors)
}

/// Reads one file into documents: a text file gives one, a JSONL file one per record.
pub fn read_file(path: &Path, limits: ImportLimits) -> (Vec<Document>, Vec<ImportError>) {
    let text = match read_text(path, limits) {
        Ok(text) => text,
        Err(e) => return (Vec::new(), vec![e]),
    };
    if is_jsonl(path) {
        return parse_jsonl_records(&text, path, limits);
    }
    if let Some(labelled) = labelled_json(&text, path) {
        return (Vec::new(), vec![labelled]);
    }
    match parse_article(&text) {
        Some(parsed) => {
            let mut meta = parsed.meta;
            meta.origin = Some(origin_name(path));
            (vec![Document::new(parsed.body, meta)], Vec::new())
        }
        None => (
            Vec::new(),
            vec![ImportError::Empty {
                path: path.to_owned(),
            }],
        ),
    }
}

/// A "text" file that is a JSON dataset: a Label Studio export (tasks
/// with `data` and `annotations` or `predictions`), or a JSON document
/// whose first record is labelled as [`labelled_record`] tells. Plain
/// prose that only starts with a bracket is no JSON and reads as an article.
fn labelled_json(text: &str, path: &Path) -> Option<ImportError> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with(['[', '{']) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(trimmed).ok()?;
    let first = match &value {
        serde_json::Value::Array(items) => items.first()?,
        other => other,
    };
    let object = first.as_object()?;
    let labelled = |key: &str| {
        object
            .get(key)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|results| !results.is_empty())
    };
    let (evidence, format) =
        if object.contains_key("data") && (labelled("annotations") || labelled("predictions")) {
            ("Label Studio tasks".to_owned(), "label-studio")
        } else {
            labelled_record(object)?
        };
    Some(ImportError::Labelled {
        path: path.to_owned(),
        line: 1,
        evidence,
        format,
    })
}

/// Whether a JSON record carries span labels, and which dataset format's:
/// a non-empty list of `mentions`, `events` or `claims` (Attest's jsonl),
/// of `entities` or of `[start, end, label]` under `label` (doccano), of
/// `spans` (Prodigy). A category (`"label": "sports"`, `"label": 2`) is
/// no span label: such a corpus still imports as articles. The format is
/// named as the format registry names it (a unit test holds them to it).
pub fn labelled_record(
    record: &serde_json::Map<String, serde_json::Value>,
) -> Option<(String, &'static str)> {
    const KEYS: [(&str, &str); 6] = [
        ("mentions", "jsonl"),
        ("events", "jsonl"),
        ("claims", "jsonl"),
        ("entities", "doccano"),
        ("label", "doccano"),
        ("spans", "prodigy"),
    ];
    KEYS.into_iter().find_map(|(key, format)| {
        let first = record.get(key)?.as_array()?.first()?;
        // doccano's `label` holds spans as lists; a list of categories is none.
        let spans = key != "label" || first.is_array();
        spans.then(|| (format!("{key:?}"), format))
    })
}

/// Reads every path of a batch (folders recursively).
pub fn read_paths(paths: &[PathBuf], limits: ImportLimits) -> ImportBatch {
    let (files, skipped, mut errors) = collect_files(paths);
    let mut documents = Vec::new();
    for file in files {
        let (docs, errs) = read_file(&file, limits);
        documents.extend(docs);
        errors.extend(errs);
    }
    ImportBatch {
        documents,
        errors,
        skipped,
    }
}

/// The file name recorded as a document's origin.
pub(crate) fn origin_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a file as UTF-8 text with a clear error for anything else. A BOM
/// is dropped and line ends become `\n`.
pub fn read_text(path: &Path, limits: ImportLimits) -> Result<String, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = special_kind(&metadata) {
        return Err(ImportError::NotRegular {
            path: path.to_owned(),
            kind,
        });
    }
    let size_bytes = metadata.len();
    if size_bytes > limits.max_document_bytes {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size_bytes,
            limit_bytes: limits.max_document_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    if let Some(kind) = binary_kind(&bytes) {
        return Err(ImportError::Binary {
            path: path.to_owned(),
            kind,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        ImportError::NotUtf8 {
            path: path.to_owned(),
            line,
            column: valid.len() - line_start + 1,
        }
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(text)
}

/// Opens a stream of records read to its end, one line at a time
/// (`suggest --jsonl IN`): a file, or a named pipe another process writes
/// (`<(zcat corpus.gz)`), which has an end; a device or socket has none
/// (`/dev/zero`) and is refused without being opened.
pub fn open_stream(path: &Path) -> Result<std::fs::File, ImportError> {
    let io = |source| ImportError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if let Some(kind) = special_kind(&metadata).filter(|_| !is_fifo(&metadata)) {
        return Err(ImportError::NotRegular {
            path: path.to_owned(),
            kind,
        });
    }
    std::fs::File::open(path).map_err(io)
}

fn is_fifo(metadata: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        metadata.file_type().is_fifo()
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        false
    }
}

/// What a path that is not a regular file (nor a folder) is: FIFOs and
/// devices would block or never end, so nothing reads them.
pub fn special_kind(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() || kind.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("a special file")
}

/// Recognises common binary files by their first bytes, and anything with NUL bytes.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: [(&[u8], &str); 7] = [
        (b"\x89PNG", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1f\x8b", "gzip archive"),
        (b"\x7fELF", "executable"),
    ];
    if let Some((_, kind)) = SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
    {
        return Some(kind);
    }
    bytes.contains(&0).then_some("contains NUL bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ImportLimits = ImportLimits {
        max_document_bytes: 1000,
    };

    #[test]
    fn labelled_data_names_a_format_the_registry_reads_and_plain_records_pass() {
        let labelled = [
            r#"{"text": "a", "mentions": [{"start": 0, "end": 1, "label": "X"}]}"#,
            r#"{"text": "a", "label": [[0, 1, "X"]]}"#,
            r#"{"text": "a", "entities": [{"start_offset": 0}]}"#,
            r#"{"text": "a", "spans": [{"start": 0, "end": 1, "label": "X"}]}"#,
            r#"[{"data": {"text": "a"}, "annotations": [{"result": []}]}]"#,
        ];
        for record in labelled {
            let Some(ImportError::Labelled { format, .. }) =
                labelled_json(record, Path::new("d.json"))
            else {
                panic!("{record} is labelled");
            };
            assert!(
                format
                    .parse::<crate::formats::Format>()
                    .is_ok_and(|f| f.can_import()),
                "{format}"
            );
        }
        for plain in [
            r#"{"text": "a", "mentions": [], "label": null}"#,
            r#"{"text": "a", "label": 2}"#,
            r#"{"text": "a", "label": ["sports"]}"#,
            "[Reuters] Gunmen attacked Djibo.",
            r#"{"text": "a", "meta": {"label": "x"}}"#,
        ] {
            assert!(
                labelled_json(plain, Path::new("d.json")).is_none(),
                "{plain}"
            );
        }
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    #[test]
    fn bad_files_each_get_an_error_and_the_good_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = write(
            dir.path(),
            "good.txt",
            "Jihadists attacked Kassela on Tuesday.\n".as_bytes(),
        );
        let latin1 = write(
            dir.path(),
            "latin1.txt",
            b"Les jihadistes ont attaqu\xe9 M\xe9naka.\n",
        );
        let png = write(dir.path(), "image.png", b"\x89PNG\r\n\x1a\nrest");
        let empty = write(dir.path(), "empty.txt", b"  \n\n");
        let large = write(dir.path(), "large.txt", &[b'a'; 1001]);
        let batch = read_paths(&[good, latin1, png, empty, large], LIMITS);
        assert_eq!(batch.documents.len(), 1);
        let messages: Vec<String> = batch.errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].contains("latin1.txt:1: not UTF-8 (invalid byte at column 26)"),
            "{}",
            messages[0]
        );
        assert!(messages[1].contains("PNG image") && messages[1].ends_with("image.png"));
        assert!(messages[2].starts_with("empty file") && messages[2].ends_with("empty.txt"));
        assert!(messages[3].contains("1001 bytes") && messages[3].ends_with("large.txt"));
        assert!(messages.iter().all(|m| !m.contains('\n')), "one line each");
    }

    #[test]
    fn bom_and_crlf_are_normalised() {
        let dir = tempfile::tempdir().unwrap();
        let crlf = write(
            dir.path(),
            "a.txt",
            "\u{feff}Line one.\r\nLine two.\r\n".as_bytes(),
        );
        let lf = write(dir.path(), "b.txt", "Line one.\nLine two.\n".as_bytes());
        let batch = read_paths(&[crlf, lf], LIMITS);
        assert!(batch.errors.is_empty());
        assert_eq!(batch.documents[0].text, "Line one.\nLine two.");
        assert_eq!(
            batch.documents[0].id, batch.documents[1].id,
            "same article, same id"
        );
    }

    #[test]
    fn folders_are_walked_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        write(dir.path(), "b/c/deep.txt", b"Deep article text.");
        write(dir.path(), "a.txt", b"First article text.");
        write(dir.path(), "b/notes.docx", b"PK\x03\x04");
        write(
            dir.path(),
            "b/records.jsonl",
            br#"{"text": "From a record."}"#,
        );
        let batch = read_paths(&[dir.path().to_owned()], LIMITS);
        let texts: Vec<&str> = batch.documents.iter().map(|d| d.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "First article text.",
                "Deep article text.",
                "From a record."
            ]
        );
        assert_eq!(batch.skipped.len(), 1);
        assert!(batch.errors.is_empty());
    }
}
