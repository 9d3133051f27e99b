//! The gold markup of the test articles in `tests/fixtures/articles/`, one
//! parser for every suggester test:
//!
//! - `[[JNIM|ARMED_GROUP]]` a mention (nesting allowed), `[[JNIM|ARMED_GROUP|jnim]]`
//!   one linked to a catalogue actor (the syntax of `tests/util/markup.rs` on main);
//! - `{{claimed by|Claimed}}` a claim cue with its stance;
//! - `[[abducted|event:Violence against civilians > Abduction/forced disappearance]]`
//!   an event trigger with its type and sub-type, optionally ` > gunmen`: the
//!   text of the gold mention that is its agent.

// Each test crate uses its own part of the parser.
#![allow(dead_code)]

use attest::model::Span;

/// A gold mention or claim cue: its span in the plain text and its label (or stance).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gold {
    pub span: Span,
    pub label: String,
    /// The catalogue actor a mention is linked to.
    pub actor: Option<String>,
}

/// A gold event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoldEvent {
    pub trigger: Span,
    pub event_type: String,
    pub sub_type: String,
    /// The text of the gold mention that is the agent.
    pub agent: Option<String>,
}

/// Plain text with its gold mentions, claim cues and events.
#[derive(Debug, PartialEq)]
pub struct Marked {
    pub text: String,
    pub mentions: Vec<Gold>,
    pub claims: Vec<Gold>,
    pub events: Vec<GoldEvent>,
}

impl Marked {
    /// The gold mention with this text nearest to `near`.
    pub fn mention_named(&self, name: &str, near: Span) -> Option<&Gold> {
        self.mentions
            .iter()
            .filter(|g| g.span.text(&self.text) == Some(name))
            .min_by_key(|g| g.span.start_byte.abs_diff(near.start_byte))
    }
}

/// Parses the markup described in the module comment.
pub fn parse_markup(marked: &str) -> Marked {
    let mut text = String::with_capacity(marked.len());
    let mut open: Vec<(bool, usize)> = Vec::new(); // (is_claim, start in text)
    let mut mentions = Vec::new();
    let mut claims = Vec::new();
    let mut events = Vec::new();
    let mut rest = marked;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("[[") {
            open.push((false, text.len()));
            rest = after;
        } else if let Some(after) = rest.strip_prefix("{{") {
            open.push((true, text.len()));
            rest = after;
        } else if c == '|' && !open.is_empty() {
            let (is_claim, start) = open.pop().expect("a mark is open");
            let close = if is_claim { "}}" } else { "]]" };
            let end_of_label = rest.find(close).expect("an open mark is closed");
            let label = &rest[1..end_of_label];
            let span = Span::new(start, text.len());
            if is_claim {
                claims.push(Gold {
                    span,
                    label: label.to_owned(),
                    actor: None,
                });
            } else if let Some(event) = label.strip_prefix("event:") {
                let mut parts = event.split(" > ");
                events.push(GoldEvent {
                    trigger: span,
                    event_type: parts.next().unwrap_or_default().to_owned(),
                    sub_type: parts.next().unwrap_or_default().to_owned(),
                    agent: parts.next().map(str::to_owned),
                });
            } else {
                let (label, actor) = match label.split_once('|') {
                    Some((label, actor)) => (label, Some(actor.to_owned())),
                    None => (label, None),
                };
                mentions.push(Gold {
                    span,
                    label: label.to_owned(),
                    actor,
                });
            }
            rest = &rest[end_of_label + 2..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    assert!(open.is_empty(), "unclosed mark in fixture");
    mentions.sort_by_key(|g| g.span);
    claims.sort_by_key(|g| g.span);
    events.sort_by_key(|g| g.trigger);
    Marked {
        text,
        mentions,
        claims,
        events,
    }
}

/// The marked-up article `tests/fixtures/articles/<name>`.
pub fn article(name: &str) -> Marked {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(name);
    let marked = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_markup(&marked)
}
