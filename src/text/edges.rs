//! Moving a span's edge by a word, as the analyst corrects a mention, a
//! trigger or a cue from the keyboard: edges land on word boundaries
//! (Unicode's, so never inside a letter and its accent), and a span never
//! becomes empty. And the same boundaries for a selection: one dragged
//! with the mouse, or found by typing its words, covers whole words.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::Span;

/// Which edge of a span moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Edge {
    Start,
    End,
}

/// `span` of `text` with `edge` moved to the next word boundary that
/// starts or ends a word (`forward`: to the right), skipping white space;
/// `None` when it cannot move (the text's end, or an empty span).
pub fn move_edge(text: &str, span: Span, edge: Edge, forward: bool) -> Option<Span> {
    // Only the span's paragraph is read (a key press on a 1 MB report
    // costs no more than on a short note).
    let (from, to) = paragraph_around(text, span)?;
    // A start rests where a word (or a mark) begins, an end where one ends.
    let stops: Vec<usize> = text[from..to]
        .split_word_bound_indices()
        .filter(|(_, piece)| !piece.trim().is_empty())
        .map(|(start, piece)| {
            from + match edge {
                Edge::Start => start,
                Edge::End => start + piece.len(),
            }
        })
        .collect();
    let at = match edge {
        Edge::Start => span.start_byte,
        Edge::End => span.end_byte,
    };
    let next = if forward {
        stops.iter().copied().find(|&s| s > at)?
    } else {
        stops.iter().rev().copied().find(|&s| s < at)?
    };
    let moved = match edge {
        Edge::Start => Span::new(next, span.end_byte),
        Edge::End => Span::new(span.start_byte, next),
    };
    (moved.start_byte < moved.end_byte).then_some(moved)
}

/// The paragraph (line) around `span`: no edge crosses a line break.
fn paragraph_around(text: &str, span: Span) -> Option<(usize, usize)> {
    let from = text
        .get(..span.start_byte)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let to = text
        .get(span.end_byte..)?
        .find('\n')
        .map_or(text.len(), |i| span.end_byte + i);
    Some((from, to))
}

/// `span` widened to whole words: an edge inside a word moves out to the
/// word's edge ("om separatist move" → "from separatist movements"); white
/// space at either end is left out. `span` as it is when it is not on the
/// text's character boundaries or holds only white space.
pub fn snap_to_words(text: &str, span: Span) -> Span {
    let Some((from, to)) = paragraph_around(text, span) else {
        return span;
    };
    let (mut start, mut end) = (span.start_byte, span.end_byte);
    for (at, piece) in text[from..to].split_word_bound_indices() {
        let (piece_start, piece_end) = (from + at, from + at + piece.len());
        if piece_start < start && start < piece_end {
            start = piece_start;
        }
        if piece_start < end && end < piece_end {
            end = piece_end;
        }
    }
    let covered = &text[start..end];
    let trimmed_start = start + (covered.len() - covered.trim_start().len());
    let trimmed_end = start + covered.trim_end().len();
    if trimmed_start >= trimmed_end {
        return span;
    }
    Span::new(trimmed_start, trimmed_end)
}

/// Where `query`'s words occur in `text`, ignoring case, each widened to
/// whole words, in reading order. White space in the query matches any run
/// of white space but a line break.
pub fn occurrences(text: &str, query: &str) -> Vec<Span> {
    let words: Vec<&str> = query.split_whitespace().collect();
    if words.is_empty() {
        return Vec::new();
    }
    let pattern = words
        .iter()
        .map(|w| regex::escape(w))
        .collect::<Vec<_>>()
        .join(r"[^\S\n]+");
    let Ok(regex) = regex::RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
    else {
        return Vec::new();
    };
    let mut found: Vec<Span> = regex
        .find_iter(text)
        .map(|m| snap_to_words(text, Span::new(m.start(), m.end())))
        .collect();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moved(text: &str, covered: &str, edge: Edge, forward: bool) -> Option<String> {
        let start = text.find(covered).unwrap();
        let span = Span::new(start, start + covered.len());
        move_edge(text, span, edge, forward).map(|s| s.text(text).unwrap().to_owned())
    }

    #[test]
    fn edges_move_by_whole_words_and_never_empty_the_span() {
        let text = "presumed IS Sahel militants killed three people, l’armée a dit.";
        assert_eq!(
            moved(text, "killed", Edge::End, true).as_deref(),
            Some("killed three")
        );
        assert_eq!(
            moved(text, "killed three", Edge::End, false).as_deref(),
            Some("killed")
        );
        assert_eq!(moved(text, "killed", Edge::End, false), None, "never empty");
        assert_eq!(
            moved(text, "Sahel militants", Edge::Start, false).as_deref(),
            Some("IS Sahel militants")
        );
        assert_eq!(
            moved(text, "IS Sahel militants", Edge::Start, true).as_deref(),
            Some("Sahel militants")
        );
        assert_eq!(
            moved(text, "three people", Edge::End, true).as_deref(),
            Some("three people,")
        );
        assert_eq!(
            moved(text, "l’armée", Edge::End, true).as_deref(),
            Some("l’armée a")
        );
    }

    fn snapped(text: &str, covered: &str) -> String {
        let start = text.find(covered).unwrap();
        let span = snap_to_words(text, Span::new(start, start + covered.len()));
        span.text(text).unwrap().to_owned()
    }

    #[test]
    fn a_selection_snaps_out_to_whole_words() {
        let text = "a call from separatist movements in Gorom-Gorom,  l’armée a dit.";
        assert_eq!(
            snapped(text, "om separatist move"),
            "from separatist movements"
        );
        assert_eq!(
            snapped(text, " separatist "),
            "separatist",
            "white space left out"
        );
        assert_eq!(
            snapped(text, "separatist"),
            "separatist",
            "whole words stay"
        );
        assert_eq!(
            snapped(text, "rom-Gor"),
            "Gorom-Gorom",
            "a hyphenated name whole"
        );
        assert_eq!(snapped(text, "rmé"), "l’armée");
        assert_eq!(snapped(text, "  "), "  ", "only white space: as it was");
    }

    #[test]
    fn typed_words_are_found_ignoring_case_and_spacing_as_whole_words() {
        let text = "Militants killed three people.\nThe KILLED  were buried; skilled men left.";
        let found: Vec<&str> = occurrences(text, "killed")
            .iter()
            .map(|s| s.text(text).unwrap())
            .collect();
        assert_eq!(found, ["killed", "KILLED", "skilled"]);
        let found: Vec<&str> = occurrences(text, "killed thr")
            .iter()
            .map(|s| s.text(text).unwrap())
            .collect();
        assert_eq!(found, ["killed three"]);
        assert_eq!(
            occurrences(text, "people the"),
            [],
            "no match across a line break"
        );
        assert_eq!(occurrences(text, "  "), []);
        assert_eq!(
            occurrences(text, "(?"),
            [],
            "the query is text, not a pattern"
        );
    }
}
