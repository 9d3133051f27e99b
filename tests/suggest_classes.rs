//! The error classes of the rules' first guesses, each on test
//! articles of its own (English and French, in `tests/fixtures/articles/class-*.txt`,
//! gold in the markup of `suggest_markup`): event types in ACLED's terms,
//! perpetrators, names, and French with decomposed accents.
//!
//! Each test prints its score (`--nocapture`) and fails on any miss.

use attest::model::Span;
use attest::suggest::{Rules, Suggestions};
use unicode_normalization::UnicodeNormalization;

mod suggest_markup;
use suggest_markup::{Marked, article, parse_markup};

fn suggester() -> Rules {
    Rules::sahel_default().expect("the shipped suggesters build")
}

/// Prints `what: good/total` with the misses, and returns the misses.
fn report(name: &str, what: &str, good: usize, total: usize, misses: Vec<String>) -> Vec<String> {
    println!("{name}: {what} {good}/{total}");
    for miss in &misses {
        println!("    miss: {miss}");
    }
    misses
}

/// Gold events whose trigger a suggested event overlaps with the same type and sub-type.
fn event_types(name: &str, marked: &Marked, s: &Suggestions) -> Vec<String> {
    let text = &marked.text;
    let mut misses = Vec::new();
    for gold in &marked.events {
        let found: Vec<String> = s
            .events
            .iter()
            .filter(|e| e.trigger.overlaps(gold.trigger))
            .map(|e| format!("{} > {}", e.event_type, e.sub_type.as_deref().unwrap_or("")))
            .collect();
        let wanted = format!("{} > {}", gold.event_type, gold.sub_type);
        if !found.contains(&wanted) {
            misses.push(format!(
                "{:?}: wanted {wanted}, got {found:?}",
                gold.trigger.text(text).unwrap_or_default()
            ));
        }
    }
    let total = marked.events.len();
    report(
        name,
        "events typed right",
        total - misses.len(),
        total,
        misses,
    )
}

#[test]
fn event_types_follow_the_act_and_the_target() {
    let mut misses = Vec::new();
    for name in ["class-events-en.txt", "class-events-fr.txt"] {
        let marked = article(name);
        let s = suggester().suggest(&marked.text);
        misses.extend(event_types(name, &marked, &s));
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

/// Gold agents found as their event's agent (same span, same actor where
/// the gold links one), and linked gold mentions suggested with their actor.
fn perpetrators(name: &str, marked: &Marked, s: &Suggestions) -> Vec<String> {
    let text = &marked.text;
    let mut misses = Vec::new();
    let mut total = 0;
    for gold in &marked.events {
        let Some(agent_name) = &gold.agent else {
            continue;
        };
        total += 1;
        let gold_agent = marked
            .mention_named(agent_name, gold.trigger)
            .unwrap_or_else(|| panic!("{name}: no gold mention {agent_name:?}"));
        let agents: Vec<_> = s
            .events
            .iter()
            .filter(|e| e.trigger.overlaps(gold.trigger))
            .flat_map(|e| e.roles.get("agent").into_iter().flatten())
            .map(|&i| &s.mentions[i])
            .collect();
        let right = agents.iter().any(|m| {
            m.span == gold_agent.span
                && gold_agent
                    .actor
                    .as_deref()
                    .is_none_or(|id| m.actor.as_deref() == Some(id))
        });
        if !right {
            let got: Vec<String> = agents
                .iter()
                .map(|m| format!("{:?}={:?}", m.span.text(text).unwrap_or_default(), m.actor))
                .collect();
            misses.push(format!(
                "agent of {:?}: wanted {agent_name:?}={:?}, got {got:?}",
                gold.trigger.text(text).unwrap_or_default(),
                gold_agent.actor
            ));
        }
    }
    for gold in marked.mentions.iter().filter(|g| g.actor.is_some()) {
        total += 1;
        let linked = s
            .mentions
            .iter()
            .any(|m| m.span == gold.span && m.actor.as_deref() == gold.actor.as_deref());
        if !linked {
            misses.push(format!(
                "{:?} not linked to {:?}",
                gold.span.text(text).unwrap_or_default(),
                gold.actor
            ));
        }
    }
    report(
        name,
        "perpetrators right",
        total - misses.len(),
        total,
        misses,
    )
}

#[test]
fn perpetrators_in_passives_prepositions_and_unnamed() {
    let mut misses = Vec::new();
    for name in ["class-perpetrators-en.txt", "class-perpetrators-fr.txt"] {
        let marked = article(name);
        let s = suggester().suggest(&marked.text);
        misses.extend(perpetrators(name, &marked, &s));
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

/// Gold mentions suggested with their span and label; and capitalised-name
/// guesses that are no gold mention (false names).
fn names(name: &str, marked: &Marked, s: &Suggestions) -> Vec<String> {
    let text = &marked.text;
    let mut misses = Vec::new();
    for gold in &marked.mentions {
        let found = s
            .mentions
            .iter()
            .any(|m| m.span == gold.span && m.label == gold.label);
        if !found {
            let got: Vec<String> = s
                .mentions
                .iter()
                .filter(|m| m.span.overlaps(gold.span))
                .map(|m| format!("{:?}:{}", m.span.text(text).unwrap_or_default(), m.label))
                .collect();
            misses.push(format!(
                "{:?}:{} got {got:?}",
                gold.span.text(text).unwrap_or_default(),
                gold.label
            ));
        }
    }
    let total = marked.mentions.len();
    let found = total - misses.len();
    let false_names: Vec<String> = s
        .mentions
        .iter()
        .filter(|m| m.suggester == "capitalised-name-guess")
        .filter(|m| {
            !marked
                .mentions
                .iter()
                .any(|g| g.span == m.span && g.label == m.label)
        })
        .map(|m| {
            format!(
                "false name {:?}:{}",
                m.span.text(text).unwrap_or_default(),
                m.label
            )
        })
        .collect();
    println!("{name}: false names {}", false_names.len());
    misses.extend(false_names);
    report(name, "gold mentions right", found, total, misses)
}

#[test]
fn names_by_context_not_by_capitals_alone() {
    let mut misses = Vec::new();
    for name in ["class-names-en.txt", "class-names-fr.txt"] {
        let marked = article(name);
        let s = suggester().suggest(&marked.text);
        misses.extend(names(name, &marked, &s));
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

/// Spans that end on a base letter whose combining mark follows.
fn spans_inside_a_char(text: &str, s: &Suggestions) -> Vec<String> {
    let spans = s
        .mentions
        .iter()
        .map(|m| m.span)
        .chain(s.events.iter().map(|e| e.trigger))
        .chain(s.claims.iter().map(|c| c.cue));
    let splits = |span: Span| {
        [span.start_byte, span.end_byte].iter().any(|&at| {
            text[at..]
                .chars()
                .next()
                .is_some_and(unicode_normalization::char::is_combining_mark)
        })
    };
    spans
        .filter(|&span| splits(span))
        .map(|span| {
            format!(
                "span splits a char: {:?}",
                span.text(text).unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn decomposed_accents_match_like_precomposed_ones() {
    let mut misses = Vec::new();
    for name in ["class-nfd-en.txt", "class-nfd-fr.txt"] {
        let marked = article(name);
        assert!(
            marked.text.nfc().collect::<String>() != marked.text,
            "{name} is decomposed"
        );
        let s = suggester().suggest(&marked.text);
        let mut own = names(name, &marked, &s);
        own.extend(event_types(name, &marked, &s));
        let inside = spans_inside_a_char(&marked.text, &s);
        println!("{name}: spans that split a char {}", inside.len());
        own.extend(inside);
        // The same article precomposed gives the same number of suggestions.
        let raw = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/articles")
                .join(name),
        )
        .expect("fixture is readable");
        let composed = parse_markup(&raw.nfc().collect::<String>());
        let c = suggester().suggest(&composed.text);
        let counts = |s: &Suggestions| (s.mentions.len(), s.events.len(), s.claims.len());
        println!(
            "{name}: (mentions, events, claims) decomposed {:?}, precomposed {:?}",
            counts(&s),
            counts(&c)
        );
        if counts(&s) != counts(&c) {
            own.push("decomposed and precomposed differ".to_owned());
        }
        misses.extend(own);
    }
    assert!(misses.is_empty(), "{misses:#?}");
}

// The raw marks, for the third part of a cue (its event) that
// `suggest_markup` does not keep; the parser is the same file.
#[allow(clippy::duplicate_mod)]
#[path = "util/markup.rs"]
mod raw_markup;

/// The coreference gold of a `class-coref-*` article, read from the raw
/// markup: `[[attacks|coref:1]]` a trigger that refers back to the first
/// gold event (gold events are numbered from 1 in text order), and
/// `{{claimed by|Claimed|1}}` a claim about the first gold event.
struct CorefGold {
    /// Spans of the triggers that refer back, and the gold event each refers to.
    anaphors: Vec<(Span, usize)>,
    /// Cue spans and the gold event each claim is about.
    claims: Vec<(Span, usize)>,
}

fn coref_gold(name: &str) -> CorefGold {
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/articles")
            .join(name),
    )
    .expect("fixture is readable");
    let parsed = raw_markup::parse(&raw);
    let number = |what: &str| -> usize {
        what.parse()
            .unwrap_or_else(|_| panic!("{name}: {what:?} is no event number"))
    };
    let mut anaphors: Vec<(Span, usize)> = parsed
        .mentions
        .iter()
        .filter_map(|m| {
            let event = m.label.strip_prefix("coref:")?;
            Some((Span::new(m.start, m.end), number(event)))
        })
        .collect();
    anaphors.sort();
    let mut claims: Vec<(Span, usize)> = parsed
        .cues
        .iter()
        .map(|c| {
            let event = c
                .actor
                .as_deref()
                .unwrap_or_else(|| panic!("{name}: a cue without its event"));
            (Span::new(c.start, c.end), number(event))
        })
        .collect();
    claims.sort();
    CorefGold { anaphors, claims }
}

/// Misses of event coreference on one article: a trigger that refers back
/// suggested as an event of its own, a gold event not suggested (or more
/// events than gold ones), a claim not attached to the gold event it is about.
fn coreference(name: &str, marked: &Marked, s: &Suggestions) -> Vec<String> {
    let text = &marked.text;
    let gold = coref_gold(name);
    let mut misses = Vec::new();
    for (trigger, event) in &gold.anaphors {
        if s.events.iter().any(|e| e.trigger.overlaps(*trigger)) {
            misses.push(format!(
                "{:?} (refers to event {event}) suggested as a new event",
                trigger.text(text).unwrap_or_default()
            ));
        }
    }
    let suggested_for = |gold_event: usize| {
        let trigger = marked.events.get(gold_event - 1)?.trigger;
        s.events.iter().position(|e| e.trigger.overlaps(trigger))
    };
    for (number, gold_event) in marked.events.iter().enumerate() {
        if suggested_for(number + 1).is_none() {
            misses.push(format!(
                "event {} {:?} not suggested",
                number + 1,
                gold_event.trigger.text(text).unwrap_or_default()
            ));
        }
    }
    println!(
        "{name}: events suggested {}, expected {}",
        s.events.len(),
        marked.events.len()
    );
    if s.events.len() != marked.events.len() {
        misses.push(format!(
            "{} events suggested for {} gold ones",
            s.events.len(),
            marked.events.len()
        ));
    }
    let mut right = 0;
    for (cue, event) in &gold.claims {
        let got = s
            .claims
            .iter()
            .find(|c| c.cue.overlaps(*cue))
            .map(|c| c.event);
        let wanted = suggested_for(*event);
        if got.is_some_and(|e| e.is_some() && e == wanted) {
            right += 1;
        } else {
            let got = got.flatten().and_then(|e| s.events[e].trigger.text(text));
            misses.push(format!(
                "claim {:?}: wanted event {event}, got {got:?}",
                cue.text(text).unwrap_or_default()
            ));
        }
    }
    println!(
        "{name}: claims on the right event {right}/{}",
        gold.claims.len()
    );
    misses
}

#[test]
fn a_trigger_that_refers_back_is_the_earlier_event() {
    let mut misses = Vec::new();
    for name in [
        "class-coref-en-ambush.txt",
        "class-coref-en-umbrella.txt",
        "class-coref-fr-boulkessi.txt",
        "class-coref-fr-tillaberi.txt",
    ] {
        let marked = article(name);
        let s = suggester().suggest(&marked.text);
        misses.extend(event_types(name, &marked, &s));
        misses.extend(coreference(name, &marked, &s));
    }
    assert!(misses.is_empty(), "{misses:#?}");
}
