//! Attest's own JSONL: one [`Record`] a line, with mentions, events and
//! claims and their review status — the lossless form, documented in the
//! README.

use std::path::{Path, PathBuf};

use super::{FormatError, Located, Parsed, Record};
use crate::store::Problem;

/// The part's `<part>.jsonl`.
pub fn render(records: &[Record], part: &str) -> Result<Vec<(PathBuf, String)>, FormatError> {
    let mut out = String::new();
    for record in records {
        out.push_str(&to_line(record)?);
        out.push('\n');
    }
    Ok(vec![(PathBuf::from(format!("{part}.jsonl")), out)])
}

pub(crate) fn to_line<T: serde::Serialize>(value: &T) -> Result<String, FormatError> {
    serde_json::to_string(value).map_err(|e| FormatError::Serialise {
        what: "a JSON record".to_owned(),
        message: e.to_string(),
    })
}

/// Reads one record a line; blank lines are skipped.
pub fn read(path: &Path, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(record) => parsed.records.push(Located {
                path: path.to_owned(),
                line: Some(index + 1),
                record,
                notes: Vec::new(),
            }),
            Err(e) => parsed.problems.push(Problem::new(
                path,
                Some(index + 1),
                format!("not an Attest record: {e}"),
            )),
        }
    }
    parsed
}
