//! The annotation file's writer for the common case: a set of mentions,
//! events and claims (and its finished mark), written straight into a
//! string in exactly the bytes [`to_ron_compact`](super::to_ron_compact)
//! gives. Batch jobs write thousands of such files (`suggest --all`), and
//! RON's general serializer spent a quarter of their time; this writes the
//! same file several times faster.
//!
//! A set holding anything else (relations, attributes, equivalences,
//! normalizations, notes: imported datasets) is left to RON
//! ([`write_compact`] returns `None`). The tests hold the two writers to
//! the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{AnnotationSet, Claim, ClaimSource, Event, Mention, Review, Span, Status};

/// The file's text for `set`, byte for byte what RON writes, or `None`
/// when the set holds parts this writer leaves to RON.
pub(crate) fn write_compact(set: &AnnotationSet) -> Option<String> {
    let covered = set.relations.is_empty()
        && set.attributes.is_empty()
        && set.equivalences.is_empty()
        && set.normalizations.is_empty()
        && set.notes.is_empty();
    if !covered {
        return None;
    }
    let items = set.mentions.len() + set.events.len() + set.claims.len();
    let mut out = Writer {
        text: String::with_capacity(128 + items * 160),
        last_time: None,
    };
    out.text.push_str("#![enable(implicit_some)]\n(\n");
    out.text.push_str("  d:");
    out.string(set.document.as_str());
    out.text.push_str(",\n  a:");
    out.string(&set.annotator);
    out.text.push_str(",\n");
    out.list("m", &set.mentions, Writer::mention);
    out.list("e", &set.events, Writer::event);
    out.list("c", &set.claims, Writer::claim);
    if let Some(finished) = &set.finished {
        out.text.push_str("  f:(\n    b:");
        out.string(&finished.by);
        out.text.push_str(",\n    t:");
        out.time(finished.at);
        out.text.push_str(",\n  ),\n");
    }
    if set.active_seconds > 0 {
        out.text.push_str("  w:");
        out.number(set.active_seconds);
        out.text.push_str(",\n");
    }
    out.text.push_str(")\n");
    Some(out.text)
}

struct Writer {
    text: String,
    /// The last timestamp written and its text: a file's items mostly share
    /// one (every suggestion of a run).
    last_time: Option<(jiff::Timestamp, String)>,
}

impl Writer {
    /// A top-level list, one item a line; left out when empty.
    fn list<T>(&mut self, name: &str, items: &[T], write: fn(&mut Self, &T)) {
        if items.is_empty() {
            return;
        }
        self.text.push_str("  ");
        self.text.push_str(name);
        self.text.push_str(":[\n");
        for item in items {
            self.text.push_str("    (");
            write(self, item);
            self.text.push_str("),\n");
        }
        self.text.push_str("  ],\n");
    }

    fn mention(&mut self, mention: &Mention) {
        self.item_start(mention.id.0, mention.span, &mention.text);
        self.text.push_str(",l:");
        self.string(&mention.label);
        if let Some(actor) = &mention.actor {
            self.text.push_str(",ac:");
            self.string(actor);
        }
        if !mention.attributes.is_empty() {
            self.text.push_str(",x:");
            self.map(&mention.attributes, |out, value| out.string(value));
        }
        self.review(&mention.review);
    }

    fn event(&mut self, event: &Event) {
        self.item_start(event.id.0, event.trigger, &event.trigger_text);
        self.text.push_str(",y:");
        self.string(&event.event_type);
        if let Some(sub_type) = &event.sub_type {
            self.text.push_str(",sy:");
            self.string(sub_type);
        }
        if !event.roles.is_empty() {
            self.text.push_str(",ro:");
            self.map(&event.roles, |out, fillers| {
                out.ids(fillers.iter().map(|m| m.0));
            });
        }
        self.review(&event.review);
    }

    fn claim(&mut self, claim: &Claim) {
        self.item_start(claim.id.0, claim.cue, &claim.cue_text);
        self.text.push_str(",st:");
        self.string(&claim.stance);
        match &claim.source {
            Some(ClaimSource::Mention(id)) => {
                self.text.push_str(",so:Mention(");
                self.number(id.0);
                self.text.push(')');
            }
            Some(ClaimSource::Reporter(name)) => {
                self.text.push_str(",so:Reporter(");
                self.string(name);
                self.text.push(')');
            }
            None => {}
        }
        if !claim.responsible.is_empty() {
            self.text.push_str(",re:");
            self.ids(claim.responsible.iter().map(|m| m.0));
        }
        if !claim.events.is_empty() {
            self.text.push_str(",ev:");
            self.ids(claim.events.iter().map(|e| e.0));
        }
        self.review(&claim.review);
    }

    /// `i:…,s:(…,…),t:"…"`, the fields every item starts with.
    fn item_start(&mut self, id: u32, span: Span, text: &str) {
        self.text.push_str("i:");
        self.number(id);
        self.text.push_str(",s:(");
        self.number(span.start_byte);
        self.text.push(',');
        self.number(span.end_byte);
        self.text.push_str("),t:");
        self.string(text);
    }

    /// `,r:(…)`, as `StoredReview` is stored.
    fn review(&mut self, review: &Review) {
        self.text.push_str(",r:(s:");
        match &review.status {
            Status::Suggested { by, score } => {
                self.text.push_str("S(b:");
                self.string(by);
                self.text.push_str(",s:");
                self.float(*score);
                self.text.push(')');
            }
            Status::Accepted => self.text.push('A'),
            Status::Corrected => self.text.push('C'),
            Status::Rejected => self.text.push('R'),
        }
        self.text.push_str(",b:");
        self.string(&review.by);
        self.text.push_str(",t:");
        self.time(review.at);
        let (proposed, no_proposal) = review.stored_proposal();
        if let Some(proposal) = proposed {
            self.text.push_str(",p:(b:");
            self.string(&proposal.by);
            self.text.push_str(",s:");
            self.float(proposal.score);
            self.text.push(')');
        }
        if no_proposal {
            self.text.push_str(",np:true");
        }
        self.text.push(')');
    }

    fn map<V>(&mut self, map: &BTreeMap<String, V>, value: fn(&mut Self, &V)) {
        self.text.push('{');
        for (n, (key, item)) in map.iter().enumerate() {
            if n > 0 {
                self.text.push(',');
            }
            self.string(key);
            self.text.push(':');
            value(self, item);
        }
        self.text.push('}');
    }

    /// `[…,…]`, a list of item ids.
    fn ids(&mut self, ids: impl Iterator<Item = u32>) {
        self.text.push('[');
        for (n, id) in ids.enumerate() {
            if n > 0 {
                self.text.push(',');
            }
            self.number(id);
        }
        self.text.push(']');
    }

    fn number(&mut self, value: impl std::fmt::Display) {
        let _ = write!(self.text, "{value}");
    }

    /// As RON writes an `f32`: its shortest round-tripping `Debug` form.
    fn float(&mut self, value: f32) {
        if value.is_nan() && value.is_sign_negative() {
            self.text.push('-');
        }
        let _ = write!(self.text, "{value:?}");
    }

    fn time(&mut self, at: jiff::Timestamp) {
        match &self.last_time {
            Some((last, text)) if *last == at => self.text.push_str(text),
            _ => {
                let text = at.to_string();
                self.string(&text);
                self.last_time = Some((at, format!("\"{text}\"")));
            }
        }
    }

    /// As RON writes a string with escapes off: as is between quotes, or
    /// as a raw string (`r#"…"#`) when it holds a quote or a backslash.
    fn string(&mut self, value: &str) {
        if !value.contains(['"', '\\']) {
            self.text.push('"');
            self.text.push_str(value);
            self.text.push('"');
            return;
        }
        let mut longest = 0;
        let mut run = 0;
        for c in value.chars() {
            run = if c == '#' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
        let hashes = "#".repeat(longest + 1);
        self.text.push('r');
        self.text.push_str(&hashes);
        self.text.push('"');
        self.text.push_str(value);
        self.text.push('"');
        self.text.push_str(&hashes);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::model::{ClaimId, DocumentId, EventId, Finished, MentionId, Proposal};
    use crate::store::tests::full_annotation_set;
    use crate::store::to_ron_compact;

    fn same_as_ron(set: &AnnotationSet) {
        let fast = write_compact(set).expect("covered");
        assert_eq!(fast, to_ron_compact(set).unwrap());
    }

    /// The full set without the parts left to RON.
    fn covered_set() -> AnnotationSet {
        let mut set = full_annotation_set();
        set.relations.clear();
        set.attributes.clear();
        set.equivalences.clear();
        set.normalizations.clear();
        set.notes.clear();
        set
    }

    #[test]
    fn every_item_kind_and_status_is_written_as_ron_writes_it() {
        let mut set = covered_set();
        assert!(!set.mentions.is_empty() && !set.events.is_empty() && !set.claims.is_empty());
        same_as_ron(&set);
        set.finished = Some(Finished {
            by: "ana".into(),
            at: "2026-11-24T10:00:00.5Z".parse().unwrap(),
        });
        same_as_ron(&set);
        set.active_seconds = 5_400;
        same_as_ron(&set);
        set.finished = None;
        same_as_ron(&set);
        set.mentions.clear();
        same_as_ron(&set);
        same_as_ron(&AnnotationSet::new(DocumentId::for_text("x"), "ana"));
    }

    #[test]
    fn awkward_strings_numbers_and_times_are_written_as_ron_writes_them() {
        let strings = [
            "",
            "plain",
            "quote \" inside",
            "back\\slash",
            "r#\"already raw\"#",
            "##\"## hashes",
            "line\nbreak\ttab\r",
            "« Ménaka » – l’armée 🚩",
            "\u{0}\u{7f}\u{200b}",
        ];
        let scores = [
            0.0,
            -0.0,
            1.0,
            0.1,
            0.875,
            1e-7,
            3.4e38,
            f32::NAN,
            -f32::NAN,
            f32::INFINITY,
        ];
        let times = [
            "2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00.123456789Z",
            "1970-01-01T00:00:00Z",
        ];
        let mut set = AnnotationSet::new(DocumentId::for_text("awkward"), "ana");
        for (n, text) in strings.iter().enumerate() {
            let at = times[n % times.len()].parse().unwrap();
            let score = scores[n % scores.len()];
            let n = n as u32;
            let review = |status: Status| Review {
                status,
                by: (*text).to_owned(),
                at,
                proposed: n.is_multiple_of(3).then(|| Proposal {
                    by: (*text).to_owned(),
                    score,
                }),
            };
            let suggested = Status::Suggested {
                by: (*text).to_owned(),
                score,
            };
            let span = Span::new(n as usize, n as usize + 1_000_000);
            set.mentions.push(Mention {
                id: MentionId(n + 1),
                span,
                text: (*text).to_owned(),
                label: (*text).to_owned(),
                actor: n.is_multiple_of(2).then(|| (*text).to_owned()),
                attributes: BTreeMap::from([((*text).to_owned(), (*text).to_owned())]),
                review: review(suggested.clone()),
            });
            set.events.push(Event {
                id: EventId(n + 1),
                trigger: span,
                trigger_text: (*text).to_owned(),
                event_type: (*text).to_owned(),
                sub_type: (n % 2 == 1).then(|| (*text).to_owned()),
                roles: BTreeMap::from([
                    (
                        (*text).to_owned(),
                        vec![MentionId(n + 1), MentionId(u32::MAX)],
                    ),
                    (format!("{text}2"), vec![]),
                ]),
                review: review(Status::Accepted),
            });
            set.claims.push(Claim {
                id: ClaimId(n + 1),
                cue: span,
                cue_text: (*text).to_owned(),
                stance: (*text).to_owned(),
                source: match n % 3 {
                    0 => Some(ClaimSource::Mention(MentionId(n))),
                    1 => Some(ClaimSource::Reporter((*text).to_owned())),
                    _ => None,
                },
                responsible: (0..n % 3).map(MentionId).collect(),
                events: match n % 3 {
                    0 => vec![EventId(n)],
                    1 => vec![EventId(n), EventId(n + 1)],
                    _ => Vec::new(),
                },
                review: review(
                    [Status::Corrected, Status::Rejected, suggested][n as usize % 3].clone(),
                ),
            });
        }
        same_as_ron(&set);
        let back: AnnotationSet =
            crate::store::from_ron(&write_compact(&set).unwrap(), std::path::Path::new("x.ron"))
                .unwrap();
        assert_eq!(back.mentions.len(), strings.len());
        assert_eq!(back.claims[1].source, set.claims[1].source);
    }

    #[test]
    fn a_set_with_parts_left_to_ron_is_not_written_here() {
        let set = full_annotation_set();
        assert!(!set.relations.is_empty() || !set.notes.is_empty());
        assert_eq!(write_compact(&set), None);
    }
}
