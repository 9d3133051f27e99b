//! Reading public NER corpora in CoNLL format into gold documents, for the
//! examples that measure the learners on them (the corpora are not
//! shipped: each example takes a path).

use std::path::Path;

use anyhow::Context;
use attest::learn::{LabeledSpan, TrainingDoc};
use attest::model::{DocumentId, Span};

/// Every `*.conll` file under `dir` (sorted by path), each file one
/// document or more (split at `-DOCSTART-`), as re3d's
/// `data-by-source/conll/<source>/<id>.conll` holds one report per file.
#[allow(dead_code)] // Not every example reads folders.
pub fn read_conll_folder(dir: &Path) -> anyhow::Result<Vec<TrainingDoc>> {
    let mut paths: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "conll"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        docs.extend(read_conll(&text));
    }
    Ok(docs)
}

/// Documents of a CoNLL file: one per `-DOCSTART-`, tokens joined by
/// spaces, a line per sentence; the last column is the NER tag.
pub fn read_conll(text: &str) -> Vec<TrainingDoc> {
    let mut docs = Vec::new();
    let mut doc = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut last_end = 0;
    let finish = |doc: &mut String, gold: &mut Vec<LabeledSpan>, docs: &mut Vec<TrainingDoc>| {
        if !doc.trim().is_empty() {
            docs.push(TrainingDoc {
                id: DocumentId::for_text(doc),
                text: std::mem::take(doc),
                gold: std::mem::take(gold),
                rejected: Vec::new(),
            });
        }
        doc.clear();
        gold.clear();
    };
    for line in text.lines() {
        let mut columns = line.split_whitespace();
        let Some(word) = columns.next() else {
            // A sentence break ends any open entity.
            if let Some((start, label)) = open.take() {
                gold.push(LabeledSpan::new(Span::new(start, last_end), label));
            }
            if !doc.is_empty() && !doc.ends_with('\n') {
                doc.push('\n');
            }
            continue;
        };
        if word == "-DOCSTART-" {
            if let Some((start, label)) = open.take() {
                gold.push(LabeledSpan::new(Span::new(start, last_end), label));
            }
            finish(&mut doc, &mut gold, &mut docs);
            continue;
        }
        let tag = columns.last().unwrap_or("O");
        if !doc.is_empty() && !doc.ends_with('\n') {
            doc.push(' ');
        }
        let start = doc.len();
        doc.push_str(word);
        let (prefix, label) = tag.split_once('-').unwrap_or(("O", ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((s, l)) = open.take() {
                gold.push(LabeledSpan::new(Span::new(s, last_end), l));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((start, label.to_owned()));
            }
        }
        last_end = doc.len();
    }
    if let Some((start, label)) = open.take() {
        gold.push(LabeledSpan::new(Span::new(start, last_end), label));
    }
    finish(&mut doc, &mut gold, &mut docs);
    docs
}
