//! The project folder on disk.
//!
//! ```text
//! <project>/project.ron                         schema, settings, format_version
//! <project>/catalogue.ron                       the project's own actors and places (optional)
//! <project>/documents/<doc-id>.txt              the text, never rewritten
//! <project>/documents/<doc-id>.ron              its metadata
//! <project>/annotations/<annotator>/<doc-id>.ron
//! ```
//!
//! One annotation file per document per annotator keeps git merges free of
//! conflicts. Every write is atomic, a save rewrites only files whose bytes
//! changed, and a file that fails to parse is reported and never overwritten.

mod atomic;
mod error;
mod lock;
mod project;

pub use atomic::{write_atomic, write_atomic_with};
pub use error::{Problem, StoreError};
pub use lock::{LockHolder, ProjectLock};
pub use project::{Added, DocumentEntry, OpenMode, Project, validate_annotator};

/// Pretty RON as every project file is written: stable, one field a line.
pub(crate) fn to_ron<T: serde::Serialize>(value: &T) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron::ser::to_string_pretty(value, config)?;
    text.push('\n');
    Ok(text)
}

/// Parses RON, turning an error into a [`StoreError::Parse`] that names the
/// file and line.
pub(crate) fn from_ron<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &std::path::Path,
) -> Result<T, StoreError> {
    ron::from_str(text).map_err(|e| StoreError::Parse {
        path: path.to_owned(),
        line: e.span.start.line,
        message: e.code.to_string(),
    })
}
