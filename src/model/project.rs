//! `project.ron`: the schema and settings of a project, with the format version.

use serde::{Deserialize, Serialize};

use super::Schema;

/// The version of the project files this build reads and writes. A project
/// written by a newer version is opened read-only, never overwritten.
/// Version 2 writes annotation files compactly (see `crate::store`);
/// version 1 projects still read and are upgraded as they are written.
pub const FORMAT_VERSION: u32 = 2;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectFile {
    pub format_version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub schema: Schema,
    #[serde(default)]
    pub settings: Settings,
}

impl ProjectFile {
    /// A new project with the default conflict schema.
    pub fn new(name: &str) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            name: name.to_owned(),
            description: String::new(),
            schema: Schema::conflict_default(),
            settings: Settings::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Larger articles are refused at import.
    pub max_document_bytes: u64,
    /// Autosave this long after the last edit.
    pub autosave_delay_ms: u64,
    /// Run the suggesters when an annotator first opens a document.
    pub suggest_on_open: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_document_bytes: 20 * 1024 * 1024,
            autosave_delay_ms: 1500,
            suggest_on_open: true,
        }
    }
}
