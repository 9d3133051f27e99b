//! The project lock: one writer at a time.
//!
//! A second process that opens a project for writing is told who holds it.
//! A lock left by a process that has died on this host is taken over.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::StoreError;

const LOCK_FILE: &str = ".attest.lock";

/// Who holds a project open for writing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockHolder {
    pub pid: u32,
    pub host: String,
    pub annotator: String,
    pub since: jiff::Timestamp,
}

impl fmt::Display for LockHolder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "annotator {} in process {} on {}, since {}",
            self.annotator,
            self.pid,
            self.host,
            self.since.strftime("%Y-%m-%d %H:%M UTC")
        )
    }
}

impl LockHolder {
    fn current(annotator: &str) -> Self {
        Self {
            pid: std::process::id(),
            host: host_name(),
            annotator: annotator.to_owned(),
            since: jiff::Timestamp::now(),
        }
    }

    /// Whether the holder is a process that no longer runs on this host.
    fn is_stale(&self) -> bool {
        self.host == host_name() && !process_is_alive(self.pid)
    }
}

/// Held while a project is open for writing; removed when dropped.
#[derive(Debug)]
pub struct ProjectLock {
    path: PathBuf,
    holder: LockHolder,
}

impl ProjectLock {
    /// Takes the lock of the project at `root`, taking over a stale one.
    pub fn acquire(root: &Path, annotator: &str) -> Result<Self, StoreError> {
        let path = root.join(LOCK_FILE);
        let holder = LockHolder::current(annotator);
        for _ in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut file) => {
                    let text = super::to_ron(&holder).map_err(|e| StoreError::Serialise {
                        what: "lock".into(),
                        message: e.to_string(),
                    })?;
                    file.write_all(text.as_bytes())
                        .and_then(|()| file.sync_all())
                        .map_err(|e| StoreError::io("cannot write lock", &path, e))?;
                    return Ok(Self { path, holder });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let existing = Self::read_holder(&path);
                    match existing {
                        Some(other) if other.is_stale() => {
                            std::fs::remove_file(&path).map_err(|e| {
                                StoreError::io("cannot remove stale lock", &path, e)
                            })?;
                        }
                        Some(other) => {
                            return Err(StoreError::Locked {
                                path,
                                holder: other.to_string(),
                            });
                        }
                        None => {
                            return Err(StoreError::Locked {
                                path,
                                holder: "unreadable lock file; delete it if no Attest has this project open".into(),
                            });
                        }
                    }
                }
                Err(e) => return Err(StoreError::io("cannot create lock", &path, e)),
            }
        }
        Err(StoreError::Locked {
            path,
            holder: "another process took the lock at the same moment".into(),
        })
    }

    /// Who holds the lock of the project at `root`, if anyone does.
    pub fn holder(root: &Path) -> Option<LockHolder> {
        Self::read_holder(&root.join(LOCK_FILE))
    }

    fn read_holder(path: &Path) -> Option<LockHolder> {
        let text = std::fs::read_to_string(path).ok()?;
        ron::from_str(&text).ok()
    }
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Remove the lock only while it is still ours.
        if Self::read_holder(&self.path)
            .is_some_and(|h| h.pid == self.holder.pid && h.host == self.holder.host)
        {
            let _ignored_because_drop_cannot_report = std::fs::remove_file(&self.path);
        }
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_owned())
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

#[cfg(target_os = "linux")]
fn process_is_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without a portable way to ask, a lock from another process counts as live.
#[cfg(not(target_os = "linux"))]
fn process_is_alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_who_holds_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let first = ProjectLock::acquire(dir.path(), "ana").unwrap();
        let error = ProjectLock::acquire(dir.path(), "ben")
            .unwrap_err()
            .to_string();
        assert!(error.contains("annotator ana"), "{error}");
        assert!(error.contains(&std::process::id().to_string()), "{error}");
        drop(first);
        assert!(
            ProjectLock::holder(dir.path()).is_none(),
            "released on drop"
        );
        ProjectLock::acquire(dir.path(), "ben").unwrap();
    }

    #[test]
    fn a_stale_lock_from_a_dead_process_is_taken_over() {
        let dir = tempfile::tempdir().unwrap();
        // A child that has exited and been reaped: its pid names no process.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = child.id();
        child.wait().unwrap();
        let stale = LockHolder {
            pid: dead_pid,
            host: host_name(),
            annotator: "gone".into(),
            since: jiff::Timestamp::UNIX_EPOCH,
        };
        std::fs::write(
            dir.path().join(LOCK_FILE),
            super::super::to_ron(&stale).unwrap(),
        )
        .unwrap();
        let lock = ProjectLock::acquire(dir.path(), "ana").unwrap();
        assert_eq!(ProjectLock::holder(dir.path()).unwrap().annotator, "ana");
        drop(lock);
    }
}
