//! The one parser of marked-up fixtures, shared by the unit tests (included
//! from `src/lib.rs`) and the integration tests:
//!
//! - `[[JNIM|ARMED_GROUP]]` a mention, `[[JNIM|ARMED_GROUP|jnim]]` with an
//!   actor link; mentions may nest (`[[a resident of [[Kassela|LOCATION]]|SOURCE]]`);
//! - `{{claimed by|Claimed}}` a claim cue with its stance.
//!
//! Plain std, so it reads the same in every crate that includes it. A
//! malformed fixture is a bug in the test: it panics, naming the problem.
#![allow(dead_code)] // each test crate uses a different subset

/// One mark: byte offsets into the plain text, end-exclusive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// The label of a mention, the stance of a cue.
    pub label: String,
    /// The third part of `[[text|LABEL|actor]]`.
    pub actor: Option<String>,
}

/// The plain text with its marks, each list in the order the marks close
/// (so an inner mention comes before the one around it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marked {
    pub text: String,
    pub mentions: Vec<Mark>,
    pub cues: Vec<Mark>,
}

pub fn parse(marked: &str) -> Marked {
    let mut out = Marked {
        text: String::with_capacity(marked.len()),
        ..Marked::default()
    };
    // (is a cue, start in the plain text)
    let mut open: Vec<(bool, usize)> = Vec::new();
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("[[") {
            open.push((false, out.text.len()));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{") {
            open.push((true, out.text.len()));
            rest = after;
        } else if c == '|' && !open.is_empty() {
            let (is_cue, start) = open.pop().expect("a mark is open");
            let close = if is_cue { "}}" } else { "]]" };
            let Some(end_of_label) = rest.find(close) else {
                panic!("fixture: a mark opened at byte {start} is not closed by {close}");
            };
            let mut parts = rest[1..end_of_label].splitn(2, '|');
            let label = parts.next().unwrap_or_default().to_owned();
            assert!(
                !label.is_empty(),
                "fixture: a mark at byte {start} has no label"
            );
            let mark = Mark {
                start,
                end: out.text.len(),
                label,
                actor: parts.next().map(str::to_owned),
            };
            if is_cue {
                out.cues.push(mark);
            } else {
                out.mentions.push(mark);
            }
            rest = &rest[end_of_label + close.len()..];
        } else {
            out.text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    assert!(open.is_empty(), "fixture: unclosed [[ or {{{{");
    out
}
