//! Errors of the store, and problems found while reading a project.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong with a project file. Messages end with the path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{action}: {source}: {}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Rendered as `path:line: message`, the form editors jump to.
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("cannot serialise {what}: {message}")]
    Serialise { what: String, message: String },
    #[error("not an Attest project (no project.ron); create one with `attest new`: {}", path.display())]
    NotAProject { path: PathBuf },
    #[error("a project already exists here: {}", path.display())]
    AlreadyExists { path: PathBuf },
    #[error(
        "written by a newer Attest (format version {found}; this build knows up to {supported}): its files may hold what this build cannot read, so nothing is read or written; upgrade Attest: {}",
        path.display()
    )]
    NewerFormat {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("the project is open in another Attest ({holder}); close it there first: {}", path.display())]
    Locked { path: PathBuf, holder: String },
    #[error("the project is open read-only ({reason}): {}", path.display())]
    ReadOnly { path: PathBuf, reason: String },
    #[error("{message}: {}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl StoreError {
    pub(crate) fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Parse { path, .. }
            | StoreError::NotAProject { path }
            | StoreError::AlreadyExists { path }
            | StoreError::NewerFormat { path, .. }
            | StoreError::Locked { path, .. }
            | StoreError::ReadOnly { path, .. }
            | StoreError::Invalid { path, .. } => Some(path),
            StoreError::Serialise { .. } => None,
        }
    }
}

/// One problem with one file, found while opening or checking a project.
/// Shown as `path:line: message` (the line where one is known).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            line,
            message: message.into(),
        }
    }
}

impl From<StoreError> for Problem {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Parse {
                path,
                line,
                message,
            } => Problem {
                path,
                line: Some(line),
                message,
            },
            other => {
                let path = other.path().map(Path::to_owned).unwrap_or_default();
                let message = other.to_string();
                let suffix = format!(": {}", path.display());
                let message = message
                    .strip_suffix(&suffix)
                    .map(str::to_owned)
                    .unwrap_or(message);
                Problem {
                    path,
                    line: None,
                    message,
                }
            }
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}
