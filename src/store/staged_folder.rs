//! A folder of files that appears whole or not at all: written into a
//! temporary sibling folder, then swapped with the target in one step.
//!
//! An export writes several files that only make sense together (`train`,
//! `dev`, `test`, `dataset.json`); renaming each over its old version
//! would let a kill between two renames leave parts of two different
//! splits side by side. On Linux the swap is one `renameat2` with
//! `RENAME_EXCHANGE`, so the target holds the old folder or the new one at
//! every instant; elsewhere (or on a filesystem without it) the old folder
//! is first renamed aside, so a crash between the two renames leaves no
//! target and the old folder beside it, never a mix. A staging folder
//! left by a kill is removed by the next one made for the same target.

use std::path::{Path, PathBuf};

use super::StoreError;
use super::atomic::{TEMP_PREFIX, TEMP_SUFFIX, is_temp_file_name, sync_filesystem};

/// A temporary folder beside `target`, removed when dropped unpublished.
#[derive(Debug)]
pub struct StagedFolder {
    staging: tempfile::TempDir,
    target: PathBuf,
}

impl StagedFolder {
    /// A new, empty staging folder beside `target` (an existing target is
    /// resolved — `.`, a link — so that the folder it names is the one
    /// replaced). Staging folders left for the same target by a killed
    /// writer are removed.
    ///
    /// Since the whole folder is replaced, an existing target must be one
    /// this kind of writer made — holding `marker` (an export's
    /// `dataset.json`) — or empty: a folder of other files (a home folder,
    /// a project) is refused, as is the folder the process runs in.
    pub fn beside(target: &Path, marker: &str) -> Result<Self, StoreError> {
        Self::beside_checked(target, Some(marker))
    }

    /// A new, empty staging folder beside `target`, a folder of the
    /// project's own (its `models/`) that only Attest writes, so it is
    /// replaced whatever it holds; files to keep are [`Self::carry_over`]'s.
    pub fn beside_own(target: &Path) -> Result<Self, StoreError> {
        Self::beside_checked(target, None)
    }

    fn beside_checked(target: &Path, marker: Option<&str>) -> Result<Self, StoreError> {
        let refused = |message: &str| StoreError::Invalid {
            path: target.to_owned(),
            message: message.into(),
        };
        let target = match std::fs::metadata(target) {
            Ok(metadata) if !metadata.is_dir() => {
                return Err(refused("the output exists and is not a folder"));
            }
            Ok(_) => {
                let resolved = std::fs::canonicalize(target)
                    .map_err(|e| StoreError::io("cannot resolve", target, e))?;
                let inside = std::env::current_dir()
                    .and_then(std::fs::canonicalize)
                    .is_ok_and(|here| here.starts_with(&resolved));
                if inside {
                    return Err(refused(
                        "the output folder is replaced whole, and this command runs inside it; \
                         name a folder of its own",
                    ));
                }
                if let Some(marker) = marker
                    && !resolved.join(marker).exists()
                    && holds_files(&resolved)
                {
                    return Err(refused(&format!(
                        "the output folder holds files but no {marker}, so it is no earlier \
                         export; an export replaces its folder whole: name a new or empty folder"
                    )));
                }
                resolved
            }
            Err(_) => target.to_owned(),
        };
        let parent = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| StoreError::io("cannot create folder", &parent, e))?;
        let prefix = staging_prefix(&target);
        remove_leftovers(&parent, &prefix);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX);
        #[cfg(unix)]
        {
            // As any new folder: what the umask allows, not owner-only.
            use std::os::unix::fs::PermissionsExt as _;
            builder.permissions(std::fs::Permissions::from_mode(0o777));
        }
        let staging = builder
            .tempdir_in(&parent)
            .map_err(|e| StoreError::io("cannot create a temporary folder", &parent, e))?;
        if let Ok(metadata) = std::fs::metadata(&target) {
            // The replacement keeps the old folder's permissions.
            let _ = std::fs::set_permissions(staging.path(), metadata.permissions());
        }
        Ok(Self { staging, target })
    }

    /// Where the files are written before they are published.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// The folder that publishing replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Files of the target folder (relative paths, sorted) that `keep`
    /// accepts, linked (else copied) into the staging folder so that
    /// publishing does not lose them; temporary files left by a killed
    /// writer are not carried over.
    pub fn carry_over(&self, keep: impl Fn(&Path) -> bool) -> Result<Vec<PathBuf>, StoreError> {
        let mut carried = Vec::new();
        if !self.target.is_dir() {
            return Ok(carried);
        }
        for entry in walkdir::WalkDir::new(&self.target)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() || e.file_type().is_symlink())
        {
            if entry.file_name().to_str().is_some_and(is_temp_file_name) {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.target) else {
                continue;
            };
            if !keep(relative) {
                continue;
            }
            let to = self.staging.path().join(relative);
            if let Some(folder) = to.parent() {
                std::fs::create_dir_all(folder)
                    .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
            }
            let linked = if entry.file_type().is_symlink() {
                std::fs::read_link(entry.path()).and_then(|link| symlink(&link, &to))
            } else {
                std::fs::hard_link(entry.path(), &to)
                    .or_else(|_| std::fs::copy(entry.path(), &to).map(|_| ()))
            };
            linked.map_err(|e| StoreError::io("cannot keep", entry.path(), e))?;
            carried.push(relative.to_owned());
        }
        Ok(carried)
    }

    /// Puts the staging folder in the target's place in one step, then
    /// removes the old folder.
    pub fn publish(self) -> Result<(), StoreError> {
        // On disk before it is in place: a power cut never publishes
        // empty files.
        let written: Vec<PathBuf> = walkdir::WalkDir::new(self.staging.path())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(walkdir::DirEntry::into_path)
            .collect();
        sync_filesystem(self.staging.path(), &written)?;
        let staging = self.staging.keep();
        let target = &self.target;
        let failed = |e| {
            let _ = std::fs::remove_dir_all(&staging);
            StoreError::io("cannot put the new folder in place", target, e)
        };
        if !target.exists() {
            return std::fs::rename(&staging, target).map_err(failed);
        }
        if exchange(&staging, target).is_ok() {
            // The staging path now holds the old folder.
            let _ = std::fs::remove_dir_all(&staging);
            return Ok(());
        }
        let aside = staging.with_file_name(format!(
            "{}old-{}{TEMP_SUFFIX}",
            staging_prefix(target),
            std::process::id()
        ));
        std::fs::rename(target, &aside).map_err(failed)?;
        if let Err(e) = std::fs::rename(&staging, target) {
            let _ = std::fs::rename(&aside, target);
            return Err(failed(e));
        }
        let _ = std::fs::remove_dir_all(&aside);
        Ok(())
    }
}

/// Whether anything but folders and temporary files is below `folder`.
fn holds_files(folder: &Path) -> bool {
    walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| !e.file_type().is_dir() && !e.file_name().to_str().is_some_and(is_temp_file_name))
}

/// The name every staging folder of `target` starts with.
fn staging_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{TEMP_PREFIX}{name}-")
}

/// Removes staging folders of the same target that a killed writer left.
fn remove_leftovers(parent: &Path, prefix: &str) {
    for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let left = name.starts_with(prefix)
            && name.ends_with(TEMP_SUFFIX)
            && entry.file_type().is_ok_and(|t| t.is_dir());
        if left {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(unix)]
fn symlink(link: &Path, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(link, at)
}

#[cfg(not(unix))]
fn symlink(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_folder_replaces_the_old_one_whole_and_keeps_what_is_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir_all(target.join("sub")).unwrap();
        std::fs::write(target.join("train.jsonl"), "old").unwrap();
        std::fs::write(target.join("sub/notes.md"), "mine").unwrap();
        std::fs::write(target.join(".attest-x.tmp"), "half").unwrap();
        let staged = StagedFolder::beside(&target, "train.jsonl").unwrap();
        std::fs::write(staged.path().join("train.jsonl"), "new").unwrap();
        let carried = staged
            .carry_over(|p| p != Path::new("train.jsonl"))
            .unwrap();
        assert_eq!(carried, [PathBuf::from("sub/notes.md")]);
        assert_eq!(
            std::fs::read_to_string(target.join("train.jsonl")).unwrap(),
            "old"
        );
        staged.publish().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("train.jsonl")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_to_string(target.join("sub/notes.md")).unwrap(),
            "mine"
        );
        assert!(!target.join(".attest-x.tmp").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out"], "no staging folder is left");
    }

    #[test]
    fn a_folder_of_other_files_or_around_the_current_one_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join("project/documents")).unwrap();
        std::fs::write(home.join("project/project.ron"), "()").unwrap();
        let error = StagedFolder::beside(&home, "dataset.json").unwrap_err();
        assert!(error.to_string().contains("no dataset.json"), "{error}");
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(empty.join("sub")).unwrap();
        std::fs::write(empty.join("sub/.attest-x.tmp"), "").unwrap();
        assert!(StagedFolder::beside(&empty, "dataset.json").is_ok());
        let here = std::env::current_dir().unwrap();
        let error = StagedFolder::beside(&here, "Cargo.toml").unwrap_err();
        assert!(error.to_string().contains("runs inside it"), "{error}");
    }

    #[test]
    fn a_staging_folder_dropped_unpublished_leaves_the_target_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("all.jsonl"), "old").unwrap();
        let staged = StagedFolder::beside(&target, "all.jsonl").unwrap();
        std::fs::write(staged.path().join("all.jsonl"), "new").unwrap();
        let leftover = staged.path().to_owned();
        std::mem::forget(staged);
        assert!(leftover.exists(), "as a kill leaves it");
        let again = StagedFolder::beside(&target, "all.jsonl").unwrap();
        assert!(!leftover.exists(), "removed by the next one");
        drop(again);
        assert_eq!(
            std::fs::read_to_string(target.join("all.jsonl")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
