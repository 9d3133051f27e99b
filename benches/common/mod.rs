//! The 10,000-document project the benchmarks build: the sample wire story
//! once per document, with word mentions in the annotation files that each
//! benchmark chooses. Files are written directly (no fsync per file), so the
//! fixture builds in seconds; the store reads them like any other.
#![allow(dead_code)] // each benchmark uses its own part

use std::collections::BTreeMap;
use std::path::Path;

use attest::model::{AnnotationSet, Document, DocumentMeta, Mention, MentionId, Review, Span};
use attest::store::Project;

pub const DOCUMENTS: usize = 10_000;
pub const MENTIONS_PER_DOCUMENT: usize = 20;
pub const SAMPLE: &str = include_str!("../../tests/fixtures/sample/mali-jnim-attacks.txt");

fn pretty<T: serde::Serialize>(value: &T) -> String {
    ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::new()).expect("serialisable")
}

/// The `n`-th article: the sample wire story with a line that makes its
/// text (and so its document id) its own.
pub fn article_text(n: usize) -> String {
    format!("{SAMPLE}\nReport number {n}.")
}

/// A new project at `root` with [`DOCUMENTS`] documents, and for each the
/// annotation sets `sets_for` gives (any annotators).
pub fn build_project(
    root: &Path,
    name: &str,
    mut sets_for: impl FnMut(&Document) -> Vec<AnnotationSet>,
) {
    Project::create(root, name).expect("create");
    let at = jiff::Timestamp::now();
    let docs = root.join("documents");
    for n in 0..DOCUMENTS {
        let text = article_text(n);
        let document = Document::new(
            text.clone(),
            DocumentMeta {
                title: Some(format!("Report {n}")),
                imported_at: Some(at),
                ..DocumentMeta::default()
            },
        );
        std::fs::write(docs.join(format!("{}.txt", document.id)), &text).expect("write");
        std::fs::write(
            docs.join(format!("{}.ron", document.id)),
            pretty(&document.meta),
        )
        .expect("write");
        for set in sets_for(&document) {
            let folder = root.join("annotations").join(&set.annotator);
            std::fs::create_dir_all(&folder).expect("folder");
            std::fs::write(folder.join(format!("{}.ron", document.id)), pretty(&set))
                .expect("write");
        }
    }
}

/// Every seventh word of `text`, up to [`MENTIONS_PER_DOCUMENT`], as a
/// mention suggested by `bench` to `annotator`, the k-th labelled `label(k)`.
pub fn word_mentions(
    text: &str,
    annotator: &str,
    at: jiff::Timestamp,
    label: impl Fn(usize) -> &'static str,
) -> Vec<Mention> {
    let word_starts = text
        .match_indices(|c: char| c.is_alphabetic())
        .map(|(i, _)| i)
        .filter(|i| text[..*i].chars().last().is_none_or(|c| !c.is_alphabetic()));
    word_starts
        .step_by(7)
        .take(MENTIONS_PER_DOCUMENT)
        .enumerate()
        .map(|(k, start)| {
            let end = start
                + text[start..]
                    .find(|c: char| !c.is_alphabetic())
                    .unwrap_or(1);
            Mention {
                id: MentionId(k as u32 + 1),
                span: Span::new(start, end),
                text: text[start..end].to_owned(),
                label: label(k).into(),
                actor: None,
                attributes: BTreeMap::new(),
                review: Review::suggested(annotator, "bench", 0.5, at),
            }
        })
        .collect()
}
