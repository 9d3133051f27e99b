//! One record at a time, outside a project: a record's text as a document
//! and its items as an annotator's file, merged by the same
//! [`record::merge`] an import uses — for `attest suggest --jsonl`, which
//! streams records through the suggesters without a project.

use super::{Record, record};
use crate::model::{AnnotationSet, Document, Schema};

/// A record's document and its items as `annotator`'s file (the record's
/// statuses kept, `status` defaulting to accepted, as a gold import takes
/// them), with the problems of the items that could not be taken. Labels
/// the record uses that `schema` lacks are added to it.
pub fn record_as_file(
    record: &Record,
    annotator: &str,
    schema: &mut Schema,
    at: jiff::Timestamp,
) -> (Document, AnnotationSet, Vec<String>) {
    let document = Document::new(record.text.clone(), record.meta.to_meta());
    let mut set = AnnotationSet::new(document.id.clone(), annotator);
    let reviewer = record::Reviewer {
        as_suggestions: false,
        annotator,
        source: "jsonl",
        at,
    };
    let merged = record::merge(record, &mut set, schema, &reviewer);
    (document, set, merged.problems)
}
