//! Extraction quality: a system's mentions and claims against an
//! annotator's gold, with the errors listed so they can be looked at.
//!
//! The system is either another annotator (its gold and open suggestions,
//! [`Selection::Predictions`]) or an imported source inside the gold
//! annotator's own files ([`Selection::ProposedBy`]); the comparison is the
//! same. Errors carry byte offsets (Attest's files) and code-point offsets
//! (exports, Python `text[s:e]`) so that either can find them.

use serde::Serialize;

use super::compare::{Comparison, Side, compare_document};
use super::matching::Selection;
use crate::model::{AnnotationSet, CharOffsets, DocumentId, Mention};

/// A document to evaluate: its text, the gold file and the system's file
/// (the same file when the system is a source inside the gold annotator's).
#[derive(Clone, Copy, Debug)]
pub struct EvaluatedDocument<'a> {
    pub text: &'a str,
    pub gold: &'a AnnotationSet,
    pub system: &'a AnnotationSet,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Predicted by the system, not in gold with the same span and label.
    FalsePositive,
    /// In gold, not predicted with the same span and label.
    Miss,
}

impl ErrorKind {
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::FalsePositive => "false positive",
            ErrorKind::Miss => "miss",
        }
    }
}

/// One mention the exact match did not pair.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExtractionError {
    pub kind: ErrorKind,
    pub document: DocumentId,
    pub label: String,
    pub text: String,
    pub start_byte: usize,
    pub end_byte: usize,
    /// Code points, end-exclusive; `None` only if the span does not fit the text.
    pub start_char: Option<usize>,
    pub end_char: Option<usize>,
}

impl ExtractionError {
    fn new(
        kind: ErrorKind,
        document: &DocumentId,
        mention: &Mention,
        offsets: &CharOffsets,
    ) -> Self {
        let chars = offsets.to_chars(mention.span);
        Self {
            kind,
            document: document.clone(),
            label: mention.label.clone(),
            text: mention.text.clone(),
            start_byte: mention.span.start_byte,
            end_byte: mention.span.end_byte,
            start_char: chars.map(|c| c.0),
            end_char: chars.map(|c| c.1),
        }
    }
}

/// A system measured against gold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    pub scores: Comparison,
    /// Misses and false positives of the exact match, by document then offset.
    pub errors: Vec<ExtractionError>,
}

/// Scores `system` against `gold` over the documents given.
pub fn evaluate(
    documents: &[EvaluatedDocument<'_>],
    gold: &Selection,
    system: &Selection,
) -> Evaluation {
    let mut scores = Comparison::default();
    let mut errors = Vec::new();
    for doc in documents {
        let compared = compare_document(
            Side {
                set: doc.gold,
                selection: gold,
            },
            Side {
                set: doc.system,
                selection: system,
            },
        );
        scores.add(&compared);
        let offsets = CharOffsets::new(doc.text);
        let id = &doc.gold.document;
        errors.extend(
            compared
                .misses
                .iter()
                .map(|m| ExtractionError::new(ErrorKind::Miss, id, m, &offsets)),
        );
        errors.extend(
            compared
                .false_positives
                .iter()
                .map(|m| ExtractionError::new(ErrorKind::FalsePositive, id, m, &offsets)),
        );
    }
    errors.sort_by(|a, b| {
        (&a.document, a.start_byte, a.end_byte, a.kind, &a.label).cmp(&(
            &b.document,
            b.start_byte,
            b.end_byte,
            b.kind,
            &b.label,
        ))
    });
    Evaluation { scores, errors }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Review, Status};
    use crate::quality::compare::{MISSED, SPURIOUS};
    use crate::quality::test_util::set_from_marked;

    /// Gold: « JNIM » a attaqué Ménaka, l’armée malienne a riposté.
    ///   JNIM/ARMED_GROUP, Ménaka/LOCATION, armée malienne/STATE_FORCE
    /// System (source "sys" in the gold file): JNIM/ARMED_GROUP (accepted
    /// later: still its prediction), Ménaka/STATE_FORCE, armée/STATE_FORCE
    /// (rejected: still its prediction), riposté/LOCATION.
    /// Exact: TP 1 (JNIM); FP Ménaka/SF, armée, riposté = 3; FN Ménaka/LOC,
    ///   armée malienne = 2 → P 1/4, R 1/3.
    /// Overlap: armée ~ armée malienne too → TP 2, FP 2, FN 1.
    /// Confusion (same span): AG×AG 1, LOC×SF 1; STATE_FORCE × missed 1;
    ///   spurious × STATE_FORCE 1 (armée), spurious × LOCATION 1 (riposté).
    #[test]
    fn evaluation_counted_by_hand_with_code_point_offsets() {
        let (mut gold, text) = set_from_marked(
            "« [[JNIM|ARMED_GROUP]] » a attaqué [[Ménaka|LOCATION]], l’[[armée malienne|STATE_FORCE]] a riposté.",
            "ana",
        );
        let (sys, sys_text) = set_from_marked(
            "« [[JNIM|ARMED_GROUP]] » a attaqué [[Ménaka|STATE_FORCE]], l’[[armée|STATE_FORCE]] malienne a [[riposté|LOCATION]].",
            "ana",
        );
        assert_eq!(text, sys_text);
        let at = jiff::Timestamp::UNIX_EPOCH;
        let proposed =
            |status: Status| Review::suggested("ana", "sys", 0.9, at).decided(status, "ana", at);
        gold.mentions[0].review = proposed(Status::Accepted);
        for (i, mut m) in sys.mentions.into_iter().enumerate().skip(1) {
            m.id = crate::model::MentionId(10 + i as u32);
            m.review = if m.text == "armée" {
                proposed(Status::Rejected)
            } else {
                Review::suggested("ana", "sys", 0.9, at)
            };
            gold.mentions.push(m);
        }
        let result = evaluate(
            &[EvaluatedDocument {
                text: &text,
                gold: &gold,
                system: &gold,
            }],
            &Selection::Gold,
            &Selection::ProposedBy("sys".into()),
        );
        let s = &result.scores;
        assert_eq!(
            (
                s.exact.true_positives,
                s.exact.false_positives,
                s.exact.false_negatives
            ),
            (1, 3, 2)
        );
        assert_eq!(s.exact.precision(), 0.25);
        assert!((s.exact.recall() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            (
                s.overlap.true_positives,
                s.overlap.false_positives,
                s.overlap.false_negatives
            ),
            (2, 2, 1)
        );
        assert_eq!(s.confusion["ARMED_GROUP"]["ARMED_GROUP"], 1);
        assert_eq!(s.confusion["LOCATION"]["STATE_FORCE"], 1);
        assert_eq!(s.confusion["STATE_FORCE"][MISSED], 1);
        assert_eq!(s.confusion[SPURIOUS]["STATE_FORCE"], 1);
        assert_eq!(s.confusion[SPURIOUS]["LOCATION"], 1);

        assert_eq!(result.errors.len(), 5);
        let menaka: Vec<&ExtractionError> = result
            .errors
            .iter()
            .filter(|e| e.text == "Ménaka")
            .collect();
        assert_eq!(menaka.len(), 2);
        assert_eq!(
            menaka[0].kind,
            ErrorKind::FalsePositive,
            "same span: kind orders"
        );
        assert_eq!(menaka[1].kind, ErrorKind::Miss);
        // "« JNIM » a attaqué " is 19 code points and 22 bytes: «, » and
        // é take two bytes each.
        let m = menaka[1];
        assert_eq!(&text[m.start_byte..m.end_byte], "Ménaka");
        let chars: String = text
            .chars()
            .skip(m.start_char.unwrap())
            .take(m.end_char.unwrap() - m.start_char.unwrap())
            .collect();
        assert_eq!(chars, "Ménaka");
        assert_eq!(m.start_char, Some(19));
        assert_eq!(m.start_byte, 22);
    }
}
