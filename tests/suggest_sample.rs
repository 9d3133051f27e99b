//! The suggesters on the reference article (a copy of `shared/samples/mali-jnim-attacks.txt` in `tests/fixtures/sample/`):
//! one test per thing the suggesters must show on it.

use attest::model::Span;
use attest::suggest::{ClaimSuggestion, Rules, SourceSuggestion, Suggestions};

const RAW_SAMPLE: &str = include_str!("fixtures/sample/mali-jnim-attacks.txt");
const SIGN_OFF: &str = "sd-mk-lp-bdi-bfm/sbk";

/// The body as import stores it: the sign-off line is metadata.
fn stored_text() -> String {
    let trimmed = RAW_SAMPLE.trim_end();
    let body = trimmed
        .strip_suffix(SIGN_OFF)
        .expect("the sample ends with its sign-off");
    body.trim_end().to_owned()
}

fn suggest(text: &str) -> Suggestions {
    Rules::sahel_default()
        .expect("the shipped suggesters build")
        .suggest(text)
}

fn covered(text: &str, span: Span) -> &str {
    span.text(text).expect("suggested spans fit their text")
}

/// Byte spans of whole-word occurrences of `needle`.
fn occurrences(text: &str, needle: &str) -> Vec<Span> {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    text.match_indices(needle)
        .filter(|(at, _)| {
            !word(text[..*at].chars().next_back())
                && !word(text[at + needle.len()..].chars().next())
        })
        .map(|(at, _)| Span::new(at, at + needle.len()))
        .collect()
}

/// DESIGN.md's worked example: each mention with its label.
const WORKED_EXAMPLE: &[(&str, &str)] = &[
    ("JNIM", "ARMED_GROUP"),
    ("Group for the Support of Islam and Muslims", "ARMED_GROUP"),
    ("Al-Qaeda-linked jihadists", "ARMED_GROUP"),
    ("The militants", "ARMED_GROUP"),
    ("Al-Qaeda", "ARMED_GROUP"),
    ("Islamic State group", "ARMED_GROUP"),
    ("Mali's army", "STATE_FORCE"),
    ("the regular army", "STATE_FORCE"),
    ("Wagner group", "FOREIGN_FORCE"),
    ("Africa Corps", "FOREIGN_FORCE"),
    ("Russian soldiers", "FOREIGN_FORCE"),
    ("Farabougou", "LOCATION"),
    ("Kassela", "LOCATION"),
    ("Bamako", "LOCATION"),
    ("Mali", "LOCATION"),
    ("Burkina Faso", "LOCATION"),
    ("Niger", "LOCATION"),
    ("France", "LOCATION"),
    ("Russia", "LOCATION"),
    ("Tuesday", "DATE"),
    ("Tuesday morning", "DATE"),
    ("Wednesday", "DATE"),
    ("2020", "DATE"),
    ("2021", "DATE"),
    ("AFP", "SOURCE"),
    ("a resident of Farabougou", "SOURCE"),
    ("Alliance of Sahel States", "ORGANIZATION"),
    ("AES", "ORGANIZATION"),
    ("military camp", "FACILITY"),
    ("toll booth", "FACILITY"),
    ("military detachment", "FACILITY"),
];

#[test]
fn every_mention_of_the_worked_example_is_a_candidate_with_its_label() {
    let text = stored_text();
    let suggestions = suggest(&text);
    let mut missing = Vec::new();
    for &(needle, label) in WORKED_EXAMPLE {
        // Every occurrence counts, except inside a longer expected mention
        // ("Mali" in "Mali's army", "Tuesday" in "Tuesday morning").
        for span in occurrences(&text, needle) {
            let inside_longer = WORKED_EXAMPLE.iter().any(|&(other, _)| {
                other.len() > needle.len()
                    && occurrences(&text, other).iter().any(|o| o.contains(span))
            });
            if inside_longer {
                continue;
            }
            let found = suggestions
                .mentions
                .iter()
                .any(|m| m.span == span && m.label == label);
            if !found {
                missing.push(format!("{needle:?} {label} at byte {}", span.start_byte));
            }
        }
    }
    assert!(missing.is_empty(), "not suggested: {missing:#?}");
}

#[test]
fn jnim_its_full_name_the_militants_and_the_descriptor_link_to_one_actor() {
    let text = stored_text();
    let suggestions = suggest(&text);
    for needle in [
        "JNIM",
        "Group for the Support of Islam and Muslims",
        "The militants",
        "Al-Qaeda-linked jihadists",
    ] {
        let spans = occurrences(&text, needle);
        assert!(!spans.is_empty());
        for span in spans {
            let mention = suggestions
                .mentions
                .iter()
                .find(|m| m.span == span && m.label == "ARMED_GROUP")
                .unwrap_or_else(|| panic!("{needle} is not suggested"));
            assert_eq!(mention.actor.as_deref(), Some("jnim"), "{needle}");
        }
    }
    // "The militants" is an inference, and says so.
    let militants = suggestions
        .mentions
        .iter()
        .find(|m| covered(&text, m.span) == "The militants")
        .unwrap();
    assert_eq!(militants.suggester, "anaphora");
    assert!(militants.attributes.contains_key("resolved_from"));
    assert!(
        militants.score < 0.9,
        "an inference scores below a catalogue match"
    );
}

#[test]
fn farabougou_kassela_and_bamako_are_places() {
    let text = stored_text();
    let suggestions = suggest(&text);
    for (name, id) in [
        ("Farabougou", "farabougou"),
        ("Kassela", "kassela"),
        ("Bamako", "bamako"),
    ] {
        for span in occurrences(&text, name) {
            let mention = suggestions
                .mentions
                .iter()
                .find(|m| m.span == span && m.label == "LOCATION")
                .unwrap_or_else(|| panic!("{name} is not a place"));
            assert_eq!(mention.actor.as_deref(), Some(id));
        }
    }
}

fn claim_with<'a>(
    suggestions: &'a Suggestions,
    text: &str,
    stance: &str,
    cue: &str,
) -> &'a ClaimSuggestion {
    suggestions
        .claims
        .iter()
        .find(|c| c.stance == stance && covered(text, c.cue).contains(cue))
        .unwrap_or_else(|| panic!("no {stance} claim with cue {cue:?}"))
}

fn source_text<'a>(suggestions: &Suggestions, text: &'a str, claim: &ClaimSuggestion) -> &'a str {
    match &claim.source {
        Some(SourceSuggestion::Mention(i)) => covered(text, suggestions.mentions[*i].span),
        other => panic!("expected a mention as source, got {other:?}"),
    }
}

#[test]
fn jnim_claimed_the_attacks() {
    let text = stored_text();
    let suggestions = suggest(&text);
    let claim = claim_with(&suggestions, &text, "Claimed", "claimed by");
    assert_eq!(covered(&text, claim.cue), "were claimed by");
    let responsible: Vec<_> = claim
        .responsible
        .iter()
        .map(|&i| suggestions.mentions[i].actor.as_deref())
        .collect();
    assert_eq!(responsible, [Some("jnim")]);
    // "The attacks, which took place Tuesday" refer back to the attacks
    // of the first sentence: the claim is about that event.
    let event = &suggestions.events[claim.event.expect("linked to the attacks")];
    assert_eq!(covered(&text, event.trigger), "attacked");
    // And the claim of control over the Farabougou camp, by "the militants".
    let control = claim_with(&suggestions, &text, "Claimed", "claimed to have");
    let claimant = control.responsible[0];
    assert_eq!(
        suggestions.mentions[claimant].actor.as_deref(),
        Some("jnim")
    );
    let event = &suggestions.events[control.event.unwrap()];
    assert_eq!(
        event.sub_type.as_deref(),
        Some("Non-state actor overtakes territory")
    );
    let agent = event.roles["agent"][0];
    assert_eq!(suggestions.mentions[agent].actor.as_deref(), Some("jnim"));
    let camp = event.roles["target"][0];
    assert_eq!(
        covered(&text, suggestions.mentions[camp].span),
        "military camp"
    );
}

#[test]
fn the_army_confirmed_the_attacks() {
    let text = stored_text();
    let suggestions = suggest(&text);
    let claim = claim_with(&suggestions, &text, "Confirmed", "confirmed");
    assert_eq!(source_text(&suggestions, &text, claim), "Mali's army");
    let Some(SourceSuggestion::Mention(source)) = claim.source else {
        unreachable!()
    };
    assert_eq!(suggestions.mentions[source].actor.as_deref(), Some("fama"));
}

#[test]
fn residents_reported_to_afp() {
    let text = stored_text();
    let suggestions = suggest(&text);
    let told: Vec<_> = suggestions
        .claims
        .iter()
        .filter(|c| c.stance == "Reported" && covered(&text, c.cue).ends_with("AFP"))
        .map(|c| (covered(&text, c.cue), source_text(&suggestions, &text, c)))
        .collect();
    assert_eq!(
        told,
        [
            ("telling AFP", "residents"),
            ("told AFP", "a resident of Farabougou"),
            ("told AFP", "a resident of Kassela")
        ]
    );
}

#[test]
fn the_army_and_its_russian_allies_are_accused_of_atrocities() {
    let text = stored_text();
    let suggestions = suggest(&text);
    let claim = claim_with(&suggestions, &text, "Alleged", "accused of");
    assert_eq!(claim.source, None, "the accuser is unnamed");
    let responsible: Vec<_> = claim
        .responsible
        .iter()
        .map(|&i| {
            let m = &suggestions.mentions[i];
            (covered(&text, m.span), m.actor.as_deref())
        })
        .collect();
    assert_eq!(
        responsible,
        [
            ("the regular army", Some("fama")),
            ("Russian allies", Some("russian-forces"))
        ]
    );
    let regular_army = &suggestions.mentions[claim.responsible[0]];
    assert_eq!(regular_army.attributes["resolved_from"], "Malian army");
    let event = &suggestions.events[claim.event.unwrap()];
    assert_eq!(covered(&text, event.trigger), "atrocities");
    assert_eq!(event.event_type, "Violence against civilians");
}

#[test]
fn the_sign_off_is_never_a_candidate_in_raw_or_stored_text() {
    for text in [RAW_SAMPLE.to_owned(), stored_text()] {
        let suggestions = suggest(&text);
        let sign_off = text
            .find(SIGN_OFF)
            .map(|at| Span::new(at, at + SIGN_OFF.len()));
        let spans = suggestions
            .mentions
            .iter()
            .map(|m| m.span)
            .chain(suggestions.events.iter().map(|e| e.trigger))
            .chain(suggestions.claims.iter().map(|c| c.cue));
        for span in spans {
            assert!(
                !covered(&text, span).contains("sbk"),
                "{:?}",
                covered(&text, span)
            );
            if let Some(sign_off) = sign_off {
                assert!(!span.overlaps(sign_off));
            }
        }
    }
}

#[test]
fn suggestions_are_deterministic_and_on_char_boundaries() {
    let text = stored_text();
    let first = suggest(&text);
    assert_eq!(first, suggest(&text));
    for m in &first.mentions {
        assert_eq!(m.span.validate(&text), Ok(()));
        assert!(m.score > 0.0 && m.score <= 1.0);
        assert!(!m.suggester.is_empty());
    }
}
