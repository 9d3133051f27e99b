//! A project shared through git: the `.gitattributes` a project carries so
//! that git never changes what Attest reads, and the explanation of a file
//! git left with conflict markers.
//!
//! A document's text is its identity (its id is the hash of its bytes):
//! git's line-ending conversion (`core.autocrlf`) would change every text
//! on checkout and every offset with it, so texts are marked `-text`.
//! Attest's own files are written with LF line endings whatever the
//! platform; `eol=lf` keeps them so. One annotation file per document per
//! annotator means clones merge without conflicts as long as each analyst
//! writes only their own files; when two clones did edit one file, git
//! writes both versions into it between markers, which no parser takes:
//! [`conflict`] finds them so that the error says what happened and how to
//! settle it, instead of a parse error at a `<`.

use std::path::Path;

use super::StoreError;
use super::atomic::write_atomic;

/// The file's name, at the project's root.
pub const ATTRIBUTES_FILE: &str = ".gitattributes";

/// What a project's `.gitattributes` holds.
pub const ATTRIBUTES: &str = "\
# Written by Attest. A document's text is its identity (its id is the hash
# of its bytes): git must never convert its line endings.
documents/*.txt -text
# Attest's own files: text, one item a line, always LF line endings.
*.ron text eol=lf
models/** -text
";

/// Writes the project's `.gitattributes` unless it has one; whether it wrote.
pub fn ensure_attributes(root: &Path) -> Result<bool, StoreError> {
    let path = root.join(ATTRIBUTES_FILE);
    if path.exists() {
        return Ok(false);
    }
    write_atomic(&path, ATTRIBUTES.as_bytes())?;
    Ok(true)
}

/// Where git left conflict markers in a file's text: the 1-based lines of
/// the first `<<<<<<<` and of the last `>>>>>>>`, with the number of
/// conflicting hunks; `None` when there are none.
pub fn conflict(text: &str) -> Option<Conflict> {
    let mut found: Option<Conflict> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.starts_with("<<<<<<<") {
            let conflict = found.get_or_insert(Conflict {
                first_line: number,
                last_line: number,
                hunks: 0,
            });
            conflict.hunks += 1;
        } else if line.starts_with(">>>>>>>")
            && let Some(conflict) = &mut found
        {
            conflict.last_line = number;
        }
    }
    found
}

/// Conflict markers git left in a file (see [`conflict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub first_line: usize,
    pub last_line: usize,
    pub hunks: usize,
}

impl Conflict {
    /// What happened and how to settle it, for the file at `path`.
    pub fn explain(&self, path: &Path) -> String {
        format!(
            "git left {} unresolved merge conflict(s) here (lines {}–{}): two clones changed this \
             file. Each analyst should write only their own annotation files; settle it by \
             keeping one side (`git checkout --ours {path}` or `--theirs`) or by editing the \
             lines between the markers, then run `attest check` before committing",
            self.hunks,
            self.first_line,
            self.last_line,
            path = path.display()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_with_their_lines_and_plain_files_have_none() {
        let merged =
            "(\n  d:\"a\",\n<<<<<<< HEAD\n  m:[1],\n=======\n  m:[2],\n>>>>>>> theirs\n)\n";
        assert_eq!(
            conflict(merged),
            Some(Conflict {
                first_line: 3,
                last_line: 7,
                hunks: 1
            })
        );
        assert_eq!(
            conflict("(\n  t:\"<<<<<<< inside a string, not at a line's start\",\n)\n"),
            None
        );
        assert_eq!(conflict(""), None);
    }
}
