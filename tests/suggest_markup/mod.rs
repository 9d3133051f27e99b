//! The gold markup of the test articles in `tests/fixtures/articles/`, one
//! parser for every suggester test:
//!
//! - `[[JNIM|ARMED_GROUP]]` a mention (nesting allowed), `[[JNIM|ARMED_GROUP|jnim]]`
//!   one linked to a catalogue actor (`tests/util/markup.rs` parses the marks);
//! - `{{claimed by|Claimed}}` a claim cue with its stance;
//! - `[[abducted|event:Violence against civilians > Abduction/forced disappearance]]`
//!   an event trigger with its type and sub-type, optionally ` > gunmen`: the
//!   text of the gold mention that is its agent.

// Each test crate uses its own part of the parser.
#![allow(dead_code)]

use attest::model::Span;

#[path = "../util/markup.rs"]
mod markup;

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

/// Parses the markup described in the module comment, on top of the one
/// fixture parser: an event is a mention mark whose label starts `event:`.
pub fn parse_markup(marked: &str) -> Marked {
    let parsed = markup::parse(marked);
    let mut mentions = Vec::new();
    let mut events = Vec::new();
    for mark in parsed.mentions {
        let span = Span::new(mark.start, mark.end);
        if let Some(event) = mark.label.strip_prefix("event:") {
            let mut parts = event.split(" > ");
            events.push(GoldEvent {
                trigger: span,
                event_type: parts.next().unwrap_or_default().to_owned(),
                sub_type: parts.next().unwrap_or_default().to_owned(),
                agent: parts.next().map(str::to_owned),
            });
        } else {
            mentions.push(Gold {
                span,
                label: mark.label,
                actor: mark.actor,
            });
        }
    }
    let mut claims: Vec<Gold> = parsed
        .cues
        .into_iter()
        .map(|mark| Gold {
            span: Span::new(mark.start, mark.end),
            label: mark.label,
            actor: None,
        })
        .collect();
    mentions.sort_by_key(|g| g.span);
    claims.sort_by_key(|g| g.span);
    events.sort_by_key(|g| g.trigger);
    Marked {
        text: parsed.text,
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
