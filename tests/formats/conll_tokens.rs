//! CoNLL keeps the tokenisation a document came with: a CoNLL-2003 file or
//! Prodigy examples imported and exported again give the same tokens, so
//! token/tag pairs still line up with the original.

use std::path::{Path, PathBuf};

use attest::formats::{ExportOptions, Format, ImportAs};

use crate::util::{export, import_into, new_project, tree};

fn public(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/public")
        .join(name)
}

/// Each document of a CoNLL file as its (token, tag) pairs; the tag is the
/// last column, whatever columns come between.
fn documents(conll: &str) -> Vec<Vec<(String, String)>> {
    let mut documents: Vec<Vec<(String, String)>> = Vec::new();
    for line in conll.lines() {
        let columns: Vec<&str> = line.split_whitespace().collect();
        match columns.as_slice() {
            [] => {}
            [first, ..] if *first == "-DOCSTART-" => documents.push(Vec::new()),
            [token, .., tag] => documents
                .last_mut()
                .expect("a document starts with -DOCSTART-")
                .push(((*token).to_owned(), (*tag).to_owned())),
            [_] => panic!("a line with one column: {line:?}"),
        }
    }
    documents
}

/// The `.conll` file an export wrote.
fn exported_conll(out: &Path) -> String {
    tree(out)
        .into_iter()
        .find(|(name, _)| name.ends_with(".conll"))
        .map(|(_, content)| content)
        .expect("a .conll file is written")
}

#[test]
fn a_conll_2003_file_keeps_its_tokens_and_tags_through_a_project() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let source = public("conll/sahel-2003-style.conll");
    let report = import_into(
        &mut project,
        Format::Conll,
        std::slice::from_ref(&source),
        ImportAs::Gold,
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Conll));

    let original = documents(&std::fs::read_to_string(&source).unwrap());
    let mut again = documents(&exported_conll(&out));
    // Documents are exported in the project's order; compare as sets of documents.
    let mut expected = original.clone();
    expected.sort();
    again.sort();
    assert_eq!(again, expected);
    let tokens: Vec<&str> = original
        .iter()
        .flatten()
        .map(|(token, _)| token.as_str())
        .collect();
    for kept in [
        "AL-AIN",
        "1996-12-06",
        "Ag-Ghaly",
        "U.S.-trained",
        "L'",
        "14/11/2023",
    ] {
        assert!(tokens.contains(&kept), "the fixture holds {kept}");
    }
}

#[test]
fn prodigy_tokens_become_the_conll_tokens() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut project = new_project(&dir.path().join("p"));
    let source = public("prodigy/news-headlines-ner-manual.jsonl");
    let report = import_into(
        &mut project,
        Format::Prodigy,
        std::slice::from_ref(&source),
        ImportAs::Gold,
        None,
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let out = dir.path().join("out");
    export(&mut project, &out, &ExportOptions::new(Format::Conll));
    let exported: Vec<Vec<String>> = documents(&exported_conll(&out))
        .into_iter()
        .map(|d| d.into_iter().map(|(token, _)| token).collect())
        .collect();
    // (tokens, whether the example has spans) of every example.
    let examples: Vec<(Vec<String>, bool)> = std::fs::read_to_string(&source)
        .unwrap()
        .lines()
        .map(|line| {
            let example: serde_json::Value = serde_json::from_str(line).unwrap();
            let tokens = example["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["text"].as_str().unwrap().to_owned())
                .filter(|t| !t.trim().is_empty())
                .collect();
            (
                tokens,
                example["spans"].as_array().is_some_and(|s| !s.is_empty()),
            )
        })
        .collect();
    let expected: Vec<Vec<String>> = examples.iter().map(|(t, _)| t.clone()).collect();
    // An example without spans is a negative example, exported or not
    // depending on how empty gold documents are handled; every one with
    // spans is exported, and with Prodigy's tokens.
    for (tokens, has_spans) in &examples {
        assert!(
            !has_spans || exported.contains(tokens),
            "{tokens:?} is exported with its tokens: {exported:?}"
        );
    }
    for tokens in &exported {
        assert!(expected.contains(tokens), "{tokens:?} are Prodigy's tokens");
    }
    assert!(exported.len() >= 3, "{exported:?}");
    assert!(
        expected[0..].iter().flatten().any(|t| t == "\u{2019}s"),
        "Prodigy splits the possessive: {expected:?}"
    );
}
