//! What a reader reads: an input's bytes held in memory, with the path that
//! messages and records name. Readers never touch the file system, so the
//! import job (files from disk) and the fuzz targets (bytes from anywhere)
//! hand every format the same thing through the registry.
//!
//! Most formats read one file at a time. A format whose documents span
//! several files (brat's `.txt` beside its `.ann`) declares the others as
//! [`Companion`]s: one [`Source`] is then a data file and its companions,
//! loaded together, and an import folder's companions are not data files
//! of their own.

use std::path::{Path, PathBuf};

use super::{Format, Parsed};
use crate::store::Problem;

/// A file read beside each data file of a format, under the same name with
/// another extension (brat's `.txt` beside its `.ann`).
pub(crate) struct Companion {
    pub extension: &'static str,
    /// What it holds, for messages: `text`.
    pub what: &'static str,
}

/// One input of a reader: a data file's bytes and its path, and the
/// companions read with it, in the order the format declares them.
pub(crate) struct Source {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub companions: Vec<Source>,
}

/// Why a dataset file found (or named) as a symbolic link is not read.
pub(super) const LINK_NOT_FOLLOWED: &str =
    "a symbolic link; not followed, so not imported (pass its target instead)";

fn refuse_link(path: &Path) -> Result<(), Problem> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.is_symlink() => Err(Problem::new(path, None, LINK_NOT_FOLLOWED)),
        _ => Ok(()),
    }
}

/// Opens `path`, a file of a format with one record a line, to be read a
/// line at a time: refused, as [`Source::load`] refuses, when it is a
/// symbolic link or not a regular file.
pub(crate) fn open_lines(path: &Path) -> Result<std::io::BufReader<std::fs::File>, Problem> {
    refuse_link(path)?;
    let file = std::fs::File::open(path)
        .map_err(|e| Problem::new(path, None, format!("cannot read: {e}")))?;
    if let Some(kind) = file
        .metadata()
        .ok()
        .and_then(|m| crate::ingest::special_kind(&m))
    {
        let message = format!("not a regular file ({kind}); refused without reading it");
        return Err(Problem::new(path, None, message));
    }
    Ok(std::io::BufReader::with_capacity(1 << 20, file))
}

impl Source {
    /// Reads from disk the data file of `format` that `path` stands for
    /// (for a format with companions, any file of the document: brat's
    /// `doc.txt` stands for `doc.ann`) and its companions. A file that
    /// cannot be read is the problem, naming it.
    ///
    /// A symbolic link is never read, named or found beside another file:
    /// brat's `doc.txt -> /etc/passwd` would become a document; the
    /// problem says to pass the link's target instead, as a folder's
    /// links are reported.
    pub fn load(format: Format, path: &Path) -> Result<Self, Problem> {
        let companions = format.support().companions();
        let path = data_file(format, path);
        refuse_link(&path)?;
        let bytes = std::fs::read(&path)
            .map_err(|e| Problem::new(&path, None, format!("cannot read: {e}")))?;
        let mut source = Source::new(path, bytes);
        for companion in companions {
            let companion_path = source.path.with_extension(companion.extension);
            refuse_link(&companion_path)?;
            // A FIFO or device beside the data file would block or never end.
            if let Some(kind) = std::fs::metadata(&companion_path)
                .ok()
                .and_then(|m| crate::ingest::special_kind(&m))
            {
                let message = format!("not a regular file ({kind}); refused without reading it");
                return Err(Problem::new(&companion_path, None, message));
            }
            let bytes = std::fs::read(&companion_path).map_err(|e| {
                let message = format!(
                    "cannot read the {} of {}: {e}",
                    companion.what,
                    source.path.display()
                );
                Problem::new(&companion_path, None, message)
            })?;
            source.companions.push(Source::new(companion_path, bytes));
        }
        Ok(source)
    }

    /// `data` as one input of `format` named `path`, for the fuzz targets:
    /// cut at NUL bytes into each companion, then the data file (brat: the
    /// `.txt`, NUL, the `.ann`); a part that is missing is empty.
    pub fn from_parts(format: Format, path: &Path, data: &[u8]) -> Self {
        let companions = format.support().companions();
        let mut parts = data.splitn(companions.len() + 1, |b| *b == 0);
        let path = data_file(format, path);
        let companions: Vec<Source> = companions
            .iter()
            .map(|companion| {
                let bytes = parts.next().unwrap_or_default().to_vec();
                Source::new(path.with_extension(companion.extension), bytes)
            })
            .collect();
        let bytes = parts.next().unwrap_or_default().to_vec();
        Source {
            companions,
            ..Source::new(path, bytes)
        }
    }

    /// A file held in memory, with no companion.
    pub fn new(path: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Self {
            path: path.into(),
            bytes,
            companions: Vec::new(),
        }
    }

    /// The companion with this extension, when the format declares it.
    pub fn companion(&self, extension: &str) -> Option<&Source> {
        self.companions
            .iter()
            .find(|c| c.path.extension().is_some_and(|e| e == extension))
    }

    /// The bytes as UTF-8 text; bytes that are not are the problem, naming
    /// the file and the line of the first bad byte.
    pub fn text(&self) -> Result<&str, Problem> {
        std::str::from_utf8(&self.bytes).map_err(|e| {
            let line = 1 + self.bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            Problem::new(&self.path, Some(line), "not UTF-8")
        })
    }

    /// Hands the text to `read`; text that is not UTF-8 is one problem.
    pub fn read_text(&self, read: impl FnOnce(&str) -> Parsed) -> Parsed {
        match self.text() {
            Ok(text) => read(text),
            Err(problem) => problem.into(),
        }
    }
}

/// The data file `path` stands for: itself, or for a format with
/// companions the file of its extension under the same name.
fn data_file(format: Format, path: &Path) -> PathBuf {
    let support = format.support();
    match support.extensions().first() {
        Some(extension) if !support.companions().is_empty() => path.with_extension(extension),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_utf8_names_the_file_and_line() {
        let source = Source::new("x.jsonl", b"{}\n{}\n\xff\n".to_vec());
        let problem = source.text().unwrap_err();
        assert_eq!(
            (
                problem.path.as_path(),
                problem.line,
                problem.message.as_str()
            ),
            (Path::new("x.jsonl"), Some(3), "not UTF-8")
        );
    }

    #[test]
    fn parts_in_memory_are_the_companions_then_the_data_file() {
        let source = Source::from_parts(Format::Brat, Path::new("fuzz"), b"JNIM\0T1\tX 0 4\tJNIM");
        assert_eq!(source.path, Path::new("fuzz.ann"));
        assert_eq!(source.bytes, b"T1\tX 0 4\tJNIM");
        let txt = source.companion("txt").unwrap();
        assert_eq!(
            (txt.path.as_path(), txt.bytes.as_slice()),
            (Path::new("fuzz.txt"), &b"JNIM"[..])
        );
        let lone = Source::from_parts(Format::Brat, Path::new("fuzz"), b"JNIM");
        assert!(lone.bytes.is_empty());
        let jsonl = Source::from_parts(Format::Jsonl, Path::new("fuzz"), b"a\0b");
        assert_eq!(
            (jsonl.path.as_path(), jsonl.bytes.as_slice()),
            (Path::new("fuzz"), &b"a\0b"[..])
        );
        assert!(jsonl.companions.is_empty());
    }
}
