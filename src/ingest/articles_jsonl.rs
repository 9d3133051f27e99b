//! Articles as JSON lines: `{"text": …, "title"?: …, "meta"?: {…}}`.
//!
//! Records are structured already, so their text is kept as given (only
//! line ends are normalised); a bad record is reported with its line and
//! the others are read.

use std::path::Path;

use serde::Deserialize;

use super::{ImportError, ImportLimits, origin_name};
use crate::model::{Document, DocumentMeta};

#[derive(Deserialize)]
struct ArticleRecord {
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    meta: serde_json::Map<String, serde_json::Value>,
}

/// Parses every line of a JSONL file; blank lines are skipped.
pub fn parse_jsonl_records(
    text: &str,
    path: &Path,
    limits: ImportLimits,
) -> (Vec<Document>, Vec<ImportError>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_number = index + 1;
        let error = |message: String| ImportError::Record {
            path: path.to_owned(),
            line: line_number,
            message,
        };
        let record = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line);
        if let Ok(fields) = &record
            && let Some((evidence, format)) = super::labelled_record(fields)
        {
            // One labelled record makes the file a dataset: refused whole,
            // so that no label is dropped and no half of it imported.
            let labelled = ImportError::Labelled {
                path: path.to_owned(),
                line: line_number,
                evidence,
                format,
            };
            return (Vec::new(), vec![labelled]);
        }
        let record =
            record.and_then(|fields| ArticleRecord::deserialize(serde_json::Value::Object(fields)));
        let record: ArticleRecord = match record {
            Ok(record) => record,
            Err(e) => {
                errors.push(error(format!(
                    "not an article record ({e}); expected {{\"text\": …}}"
                )));
                continue;
            }
        };
        if record.text.trim().is_empty() {
            errors.push(error("record has an empty \"text\"".into()));
            continue;
        }
        if record.text.len() as u64 > limits.max_document_bytes {
            errors.push(error(format!(
                "record text too large ({} bytes; the limit is {})",
                record.text.len(),
                limits.max_document_bytes
            )));
            continue;
        }
        let mut meta = DocumentMeta {
            title: record.title,
            origin: Some(format!("{}:{line_number}", origin_name(path))),
            ..DocumentMeta::default()
        };
        for (key, value) in record.meta {
            let value = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            match key.as_str() {
                "title" => meta.title = meta.title.or(Some(value)),
                "source" => meta.source = Some(value),
                "dateline" => meta.dateline = Some(value),
                "date" => meta.date = Some(value),
                "language" | "lang" => meta.language = Some(value),
                "sign_off" => meta.sign_off = Some(value),
                _ => {
                    meta.extra.insert(key, value);
                }
            }
        }
        if meta.language.is_none() {
            meta.language = super::article::guess_language(&record.text).map(str::to_owned);
        }
        documents.push(Document::new(record.text, meta));
    }
    (documents, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_records_are_read_and_bad_ones_reported_by_line() {
        let text = concat!(
            r#"{"text": "L’armée a confirmé l’attaque de Ménaka.", "title": "Ménaka", "meta": {"source": "AFP", "date": "2024-03-12", "wordcount": 7}}"#,
            "\n\n",
            "{not json}\n",
            r#"{"title": "no text"}"#,
            "\n",
            r#"{"text": "   "}"#,
            "\n",
            r#"{"text": "Second good record."}"#,
            "\n"
        );
        let limits = ImportLimits {
            max_document_bytes: 1000,
        };
        let (documents, errors) = parse_jsonl_records(text, Path::new("batch.jsonl"), limits);
        assert_eq!(documents.len(), 2);
        let first = &documents[0];
        assert_eq!(first.text, "L’armée a confirmé l’attaque de Ménaka.");
        assert_eq!(first.meta.source.as_deref(), Some("AFP"));
        assert_eq!(
            first.meta.extra.get("wordcount").map(String::as_str),
            Some("7")
        );
        assert_eq!(first.meta.origin.as_deref(), Some("batch.jsonl:1"));
        let lines: Vec<usize> = errors
            .iter()
            .map(|e| match e {
                ImportError::Record { line, .. } => *line,
                other => panic!("unexpected {other}"),
            })
            .collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(
            errors[0]
                .to_string()
                .starts_with("batch.jsonl:3: not an article record")
        );
    }
}
