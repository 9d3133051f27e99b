//! The project lock: one writer at a time.
//!
//! The lock is an operating-system lock (`File::try_lock`) on
//! `.attest.lock`, held as long as the project is open for writing. The OS
//! releases it when the process ends, however it ends, so a crashed Attest
//! never leaves a project locked. The file's content (annotator, process,
//! host, time) is for the message a second writer gets, nothing more: an
//! empty or garbled file, or one naming a dead process, blocks nobody, and
//! a newcomer never names a dead process as the holder. On
//! Unix a holder removes the file as it lets go, and a newcomer checks that
//! the file it locked is still the one in the folder, so two processes
//! never hold two files of the same name; elsewhere the file stays, emptied.

use std::fmt;
use std::fs::{File, TryLockError};
use std::io::{Read, Seek, Write};
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
}

/// Held while a project is open for writing; released when dropped (or
/// when the process ends).
#[derive(Debug)]
pub struct ProjectLock {
    path: PathBuf,
    file: File,
}

impl ProjectLock {
    /// Takes the lock of the project at `root`, or says who holds it.
    pub fn acquire(root: &Path, annotator: &str) -> Result<Self, StoreError> {
        let path = root.join(LOCK_FILE);
        // A holder removes the file as it lets go; a file locked just then
        // is no longer the one at `path`, so try again with the new one.
        for _ in 0..8 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| StoreError::io("cannot create lock", &path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let holder = match read_live_holder(&mut file, &path) {
                        Some(holder) => holder.to_string(),
                        // The holder let go while its name was read (its
                        // file is gone): the lock may be free now.
                        None if !is_still_at(&file, &path) => continue,
                        None => "another process; who is not recorded".to_owned(),
                    };
                    return Err(StoreError::Locked { path, holder });
                }
                Err(TryLockError::Error(e)) => {
                    return Err(StoreError::io("cannot lock", &path, e));
                }
            }
            if !is_still_at(&file, &path) {
                continue;
            }
            let text = super::to_ron(&LockHolder::current(annotator)).map_err(|e| {
                StoreError::Serialise {
                    what: "lock".into(),
                    message: e.to_string(),
                }
            })?;
            // The name is for others' messages only: where it cannot be
            // written (a full disk) the lock still holds, and the file is
            // left empty rather than naming a former holder.
            let written = file
                .set_len(0)
                .and_then(|()| file.rewind())
                .and_then(|()| file.write_all(text.as_bytes()))
                .and_then(|()| file.sync_all());
            if written.is_err() {
                let _nobody_named = file.set_len(0);
            }
            return Ok(Self { path, file });
        }
        Err(StoreError::Locked {
            path,
            holder: "other processes taking and releasing it".into(),
        })
    }

    /// [`Self::acquire`], waiting up to `wait` for a holder to let go
    /// (`--wait`): a second writer in a script then runs after the first
    /// instead of failing. Given up, the error names the holder and the wait.
    pub fn acquire_waiting(
        root: &Path,
        annotator: &str,
        wait: std::time::Duration,
    ) -> Result<Self, StoreError> {
        // Polled: an OS lock cannot be waited for with a time limit.
        const POLL: std::time::Duration = std::time::Duration::from_millis(50);
        let deadline = std::time::Instant::now() + wait;
        loop {
            match Self::acquire(root, annotator) {
                Err(StoreError::Locked { path, holder }) if !wait.is_zero() => {
                    let now = std::time::Instant::now();
                    if now >= deadline {
                        let holder = format!("{holder}; waited {} s", wait.as_secs_f64());
                        return Err(StoreError::Locked { path, holder });
                    }
                    std::thread::sleep(POLL.min(deadline - now));
                }
                other => return other,
            }
        }
    }

    /// Who holds the lock of the project at `root`, as its file says; `None`
    /// when nobody has written one or it was released.
    pub fn holder(root: &Path) -> Option<LockHolder> {
        let mut file = File::open(root.join(LOCK_FILE)).ok()?;
        read_holder_from(&mut file)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Who holds a lock just found taken. A holder writes its name right after
/// taking the lock, so a file read empty or half-written is read again for
/// a moment before the holder is called unknown (never "delete it": the
/// lock is in use). A holder that lets go meanwhile removes its file from
/// `path`: then `None` at once, and the caller tries the lock again rather
/// than refuse naming nobody (or a process that has just ended).
fn read_live_holder(file: &mut File, path: &Path) -> Option<LockHolder> {
    const ATTEMPTS: u32 = 20;
    for attempt in 0..ATTEMPTS {
        if !is_still_at(file, path) {
            return None;
        }
        // A name left by a dead process on this host is what the holder
        // has not overwritten yet, not the holder.
        if let Some(holder) = read_holder_from(file).filter(|h| !is_dead_here(h)) {
            return Some(holder);
        }
        if attempt + 1 < ATTEMPTS {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    None
}

fn read_holder_from(file: &mut File) -> Option<LockHolder> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.read_to_string(&mut text).ok()?;
    ron::from_str(&text).ok()
}

impl Drop for ProjectLock {
    fn drop(&mut self) {
        // Where a newcomer can tell a removed file from the one in the
        // folder (see `acquire`), remove it while still holding it; else,
        // or when removing fails, empty it so that it names nobody. The OS
        // lock goes with the handle. Nothing here can be reported from a drop.
        if !(cfg!(unix) && std::fs::remove_file(&self.path).is_ok()) {
            let _ignored_because_drop_cannot_report = self.file.set_len(0);
        }
        let _also_ignored = self.file.unlock();
    }
}

/// Whether `holder` names a process of this host that no longer runs.
fn is_dead_here(holder: &LockHolder) -> bool {
    holder.host == host_name() && !process_runs(holder.pid)
}

#[cfg(target_os = "linux")]
fn process_runs(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without a cheap way to tell, every recorded process is taken to run.
#[cfg(not(target_os = "linux"))]
fn process_runs(_pid: u32) -> bool {
    true
}

/// Whether `file` is still the file at `path` (not removed or replaced).
#[cfg(unix)]
fn is_still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Elsewhere the file is never removed (see `Drop`), so it is still there.
#[cfg(not(unix))]
fn is_still_at(_file: &File, _path: &Path) -> bool {
    true
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
    fn a_lock_file_left_by_a_dead_process_does_not_block() {
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

    #[test]
    fn a_lock_file_from_another_host_does_not_block_either() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = LockHolder {
            pid: 1,
            host: "elsewhere".into(),
            annotator: "ben".into(),
            since: jiff::Timestamp::UNIX_EPOCH,
        };
        std::fs::write(
            dir.path().join(LOCK_FILE),
            super::super::to_ron(&elsewhere).unwrap(),
        )
        .unwrap();
        let _lock = ProjectLock::acquire(dir.path(), "ana").unwrap();
        let error = ProjectLock::acquire(dir.path(), "cy")
            .unwrap_err()
            .to_string();
        assert!(error.contains("annotator ana"), "{error}");
    }

    /// A holder that has taken the OS lock but not yet written its name
    /// over a dead process's: the dead one is never named as the holder.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_dead_process_left_in_the_file_is_never_named_as_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = child.id();
        child.wait().unwrap();
        let stale = LockHolder {
            pid: dead_pid,
            host: host_name(),
            annotator: "gone".into(),
            since: jiff::Timestamp::UNIX_EPOCH,
        };
        let lock_file = dir.path().join(LOCK_FILE);
        std::fs::write(&lock_file, super::super::to_ron(&stale).unwrap()).unwrap();
        let live = File::open(&lock_file).unwrap();
        live.try_lock().unwrap();
        let refused = ProjectLock::acquire(dir.path(), "ana")
            .unwrap_err()
            .to_string();
        assert!(!refused.contains("gone"), "{refused}");
        assert!(refused.contains("who is not recorded"), "{refused}");
        live.unlock().unwrap();
    }

    /// A process killed while it holds the lock leaves the project free:
    /// the OS lets go for it. `flock(1)` takes the same lock `try_lock`
    /// does on Linux.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_killed_holder_leaves_the_project_free() {
        let dir = tempfile::tempdir().unwrap();
        let lock_file = dir.path().join(LOCK_FILE);
        std::fs::write(&lock_file, "").unwrap();
        // `--close`: the lock stays with flock itself, not its `sleep`.
        let Ok(mut holder) = std::process::Command::new("flock")
            .arg("--close")
            .arg(&lock_file)
            .args(["sleep", "30"])
            .spawn()
        else {
            eprintln!("no flock(1) here; nothing to test");
            return;
        };
        // Wait (without a timing assumption) until the child holds it.
        loop {
            let probe = File::open(&lock_file).unwrap();
            match probe.try_lock_shared() {
                Ok(()) => probe.unlock().unwrap(),
                Err(TryLockError::WouldBlock) => break,
                Err(TryLockError::Error(e)) => panic!("{e}"),
            }
            if let Some(status) = holder.try_wait().unwrap() {
                panic!("flock(1) ended early: {status}");
            }
            std::thread::yield_now();
        }
        let refused = ProjectLock::acquire(dir.path(), "ana")
            .unwrap_err()
            .to_string();
        assert!(refused.contains("who is not recorded"), "{refused}");
        holder.kill().unwrap();
        holder.wait().unwrap();
        ProjectLock::acquire(dir.path(), "ana").unwrap();
    }
}
