//! Moving a span's edge by a word, as the analyst corrects a mention, a
//! trigger or a cue from the keyboard: edges land on word boundaries
//! (Unicode's, so never inside a letter and its accent), and a span never
//! becomes empty.

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
    // costs no more than on a short note); no edge crosses a line break.
    let from = text
        .get(..span.start_byte)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let to = text
        .get(span.end_byte..)?
        .find('\n')
        .map_or(text.len(), |i| span.end_byte + i);
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
}
