//! Atomic file writes: a temporary file in the same folder, flushed to disk,
//! then renamed over the target. A crash or a failed write leaves the
//! previous file whole. Files that belong together are first all written
//! ([`prepare_atomic`]) and only then published, so that a failure while
//! writing leaves none of them.
//!
//! Batch jobs (import, suggest over thousands of documents) write the same
//! way but without a flush per file ([`Durability::Batch`]), and make the
//! whole batch durable with one [`sync_filesystem`] at the end. Why that is
//! still safe:
//!
//! - **Killed** (`kill -9`, a panic, Ctrl-C) at any moment: every file is
//!   still written to a temporary file and renamed over its target, and a
//!   rename is atomic, so each target holds its old or its new bytes, never
//!   a mix; what a killed process wrote stays in the OS's cache and reaches
//!   the disk as usual. Temporary files left behind are removed by the next
//!   writer that opens the project.
//! - **Power lost or OS crashed** before the final sync: the batch had not
//!   reported success. A file replaced by rename keeps its old bytes or its
//!   new ones (ext4, XFS and btrfs flush a file's data before a rename that
//!   replaces another); a file the batch created may be missing or, on some
//!   filesystems, empty — `check` names it and it is never overwritten.
//! - After the sync returns, everything the batch wrote is on disk, and
//!   only then does the job count it as saved.
//!
//! A flush per file made `suggest --all` on 10,000 documents take over a
//! minute (one journal commit each); one sync takes well under a second.

use std::io::Write;
use std::path::Path;

use super::StoreError;
use super::stamp::FileStamp;

/// Whether each write is flushed to disk before it is put in place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// Flush every file before its rename (interactive saves).
    #[default]
    EachFile,
    /// Flush nothing per file: the batch calls [`sync_filesystem`] once
    /// when it is done (see the module's comment for why that is safe).
    Batch,
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// Writes `bytes` to `path` atomically, flushed per `durability`.
pub(crate) fn write_atomic_as(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> Result<(), StoreError> {
    write_atomic_through(path, |file| file.write_all(bytes), durability)
}

/// Writes to `path` atomically through `write`, flushed per `durability`.
pub(crate) fn write_atomic_through(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    durability: Durability,
) -> Result<(), StoreError> {
    prepare_atomic_as(path, write, durability)?.publish()
}

/// Makes everything written to the filesystem holding `path` durable: one
/// `syncfs` on Linux (the data and the renames of a whole batch), `sync`
/// on other Unix systems; elsewhere each of `written` is flushed.
pub fn sync_filesystem(path: &Path, written: &[std::path::PathBuf]) -> Result<(), StoreError> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let _ = written;
        let folder =
            std::fs::File::open(path).map_err(|e| StoreError::io("cannot open", path, e))?;
        // SAFETY: `syncfs` only reads the descriptor, which `folder` keeps
        // open for the duration of the call.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(StoreError::io(
                "cannot flush to disk",
                path,
                std::io::Error::last_os_error(),
            ));
        }
        Ok(())
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        let _ = (path, written);
        // SAFETY: `sync` takes no arguments and cannot fail.
        unsafe { libc::sync() };
        Ok(())
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        for file in written {
            std::fs::File::open(file)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::io("cannot flush", file, e))?;
        }
        Ok(())
    }
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
    stamp: Option<FileStamp>,
}

impl Prepared {
    /// The written file's stamp, taken once its bytes were written (a
    /// rename keeps it): `None` when it could not be read.
    pub fn stamp(&self) -> Option<FileStamp> {
        self.stamp
    }

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

/// [`prepare_atomic`], flushed per `durability`.
pub(crate) fn prepare_atomic_bytes(
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> Result<Prepared, StoreError> {
    prepare_atomic_as(path, |file| file.write_all(bytes), durability)
}

fn prepare_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<Prepared, StoreError> {
    prepare_atomic_as(path, write, Durability::EachFile)
}

fn prepare_atomic_as(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
    durability: Durability,
) -> Result<Prepared, StoreError> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)
        .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        // As any new file: what the umask allows, not owner-only (a team's
        // project stays readable by the group, as its other tools' files).
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(folder)
        .map_err(|e| StoreError::io("cannot create a temporary file beside", path, e))?;
    // A file replaced keeps its mode (one its owner closed to others stays closed).
    if let Ok(metadata) = std::fs::metadata(path) {
        temp.as_file()
            .set_permissions(metadata.permissions())
            .map_err(|e| StoreError::io("cannot keep the mode of", path, e))?;
    }
    write(temp.as_file_mut()).map_err(|e| StoreError::io("cannot write", path, e))?;
    if durability == Durability::EachFile {
        temp.as_file()
            .sync_all()
            .map_err(|e| StoreError::io("cannot flush", path, e))?;
    }
    let stamp = FileStamp::of_file(temp.as_file()).ok();
    Ok(Prepared {
        temp: temp.into_temp_path(),
        path: path.to_owned(),
        stamp,
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
