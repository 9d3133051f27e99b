//! Atomic file writes: a temporary file in the same folder, flushed to disk,
//! then renamed over the target. A crash or a failed write leaves the
//! previous file whole. Files that belong together are first all written
//! ([`prepare_atomic`]) and only then published, so that a failure while
//! writing leaves none of them.

use std::io::Write;
use std::path::Path;

use super::StoreError;

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Writes to `path` atomically through `write`; if `write` fails, the
/// temporary file is removed and `path` keeps its previous content.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    prepare_atomic_with(path, write)?.publish()
}

/// The prefix and suffix of every temporary file the store writes; a file
/// named so that is left in a project was left by a crash.
pub(crate) const TEMP_PREFIX: &str = ".attest-";
pub(crate) const TEMP_SUFFIX: &str = ".tmp";

/// Whether `name` is that of a temporary file the store writes: one left
/// where nobody is writing was left by a crash (or a `kill -9`).
pub fn is_temp_file_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

/// A file written and flushed beside its target, not yet in place; dropped
/// unpublished, it is removed.
#[derive(Debug)]
///
/// It holds no open file, so a job can prepare thousands before
/// publishing any (a schema rename over a whole project).
pub struct Prepared {
    temp: tempfile::TempPath,
    path: std::path::PathBuf,
}

impl Prepared {
    /// Renames the written file over its target.
    pub fn publish(self) -> Result<(), StoreError> {
        self.temp
            .persist(&self.path)
            .map_err(|e| StoreError::io("cannot replace", &self.path, e.error))?;
        Ok(())
    }
}

/// Writes `bytes` beside `path` to publish later.
pub fn prepare_atomic(path: &Path, bytes: &[u8]) -> Result<Prepared, StoreError> {
    prepare_atomic_with(path, |file| file.write_all(bytes))
}

fn prepare_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<Prepared, StoreError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)
        .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
    let mut temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(folder)
        .map_err(|e| StoreError::io("cannot create a temporary file beside", path, e))?;
    write(temp.as_file_mut()).map_err(|e| StoreError::io("cannot write", path, e))?;
    temp.as_file()
        .sync_all()
        .map_err(|e| StoreError::io("cannot flush", path, e))?;
    Ok(Prepared {
        temp: temp.into_temp_path(),
        path: path.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_previous_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"first version\n").unwrap();
        let result = write_atomic_with(&path, |file| {
            file.write_all(b"half of the second")?;
            Err(std::io::Error::other("disk full"))
        });
        let error = result.unwrap_err().to_string();
        assert!(error.contains("disk full"), "{error}");
        assert!(error.ends_with("a.ron"), "path at the end: {error}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first version\n");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn a_write_replaces_the_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/b.txt");
        write_atomic(&path, b"a long first version").unwrap();
        write_atomic(&path, b"short").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "short");
    }
}
