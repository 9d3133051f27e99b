//! Short conflict news notes with their gold annotation, generated from a
//! seed: who did what to whom, where and when, and who says so — the kind
//! of two- to four-sentence note an analyst codes. Each event's trigger
//! and each claim's cue is drawn from words the rules know ("killed",
//! "said") and words they do not ("gunned down", "insisted"), so a project
//! of these notes measures what learning triggers and cues buys.

use std::collections::BTreeMap;

use attest::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, DocumentId, Event, EventId, Finished, Mention,
    MentionId, Review, Span,
};

/// One note: its text and the analyst's gold items on it.
pub struct Note {
    pub text: String,
    mentions: Vec<(Span, &'static str)>,
    events: Vec<GoldEvent>,
    claims: Vec<GoldClaim>,
}

/// A gold event: its trigger and whether the rules' trigger lists know it.
pub struct GoldEvent {
    pub trigger: Span,
    pub event_type: &'static str,
    pub sub_type: &'static str,
    pub known_to_rules: bool,
    roles: Vec<(&'static str, usize)>,
}

/// A gold claim: its cue and whether the rules' cue lists know it.
pub struct GoldClaim {
    pub cue: Span,
    pub stance: &'static str,
    pub known_to_rules: bool,
    source: Option<usize>,
    responsible: Option<usize>,
}

impl Note {
    pub fn events(&self) -> &[GoldEvent] {
        &self.events
    }

    pub fn claims(&self) -> &[GoldClaim] {
        &self.claims
    }

    /// The note's gold as a finished annotation set of `annotator`.
    pub fn gold_set(&self, id: &DocumentId, annotator: &str) -> AnnotationSet {
        let at = jiff::Timestamp::UNIX_EPOCH;
        let review = || Review::accepted(annotator, at);
        let mention_id = |i: usize| MentionId(u32::try_from(i + 1).expect("few mentions"));
        let mut set = AnnotationSet::new(id.clone(), annotator);
        for (i, (span, label)) in self.mentions.iter().enumerate() {
            set.mentions.push(Mention {
                id: mention_id(i),
                span: *span,
                text: self.text[span.start_byte..span.end_byte].to_owned(),
                label: (*label).to_owned(),
                actor: None,
                attributes: BTreeMap::new(),
                review: review(),
            });
        }
        for (i, e) in self.events.iter().enumerate() {
            let mut roles: BTreeMap<String, Vec<MentionId>> = BTreeMap::new();
            for (role, mention) in &e.roles {
                roles
                    .entry((*role).to_owned())
                    .or_default()
                    .push(mention_id(*mention));
            }
            set.events.push(Event {
                id: EventId(u32::try_from(i + 1).expect("few events")),
                trigger: e.trigger,
                trigger_text: self.text[e.trigger.start_byte..e.trigger.end_byte].to_owned(),
                event_type: e.event_type.to_owned(),
                sub_type: Some(e.sub_type.to_owned()),
                roles,
                review: review(),
            });
        }
        for (i, c) in self.claims.iter().enumerate() {
            let mut claim: Claim = serde_json::from_value(serde_json::json!({
                "i": i + 1,
                "s": c.cue,
                "t": &self.text[c.cue.start_byte..c.cue.end_byte],
                "st": c.stance,
                "r": review(),
            }))
            .expect("a claim");
            claim.id = ClaimId(u32::try_from(i + 1).expect("few claims"));
            claim.source = c.source.map(|m| ClaimSource::Mention(mention_id(m)));
            claim.responsible = c.responsible.map(mention_id).into_iter().collect();
            set.claims.push(claim);
        }
        set.finished = Some(Finished {
            by: annotator.to_owned(),
            at,
        });
        set
    }
}

/// Writes the text and records the spans of what is marked.
struct Builder {
    note: Note,
}

impl Builder {
    fn text(&mut self, s: &str) -> &mut Self {
        self.note.text.push_str(s);
        self
    }

    fn span(&mut self, s: &str) -> Span {
        let start = self.note.text.len();
        self.note.text.push_str(s);
        Span::new(start, self.note.text.len())
    }

    fn mention(&mut self, s: &str, label: &'static str) -> usize {
        let span = self.span(s);
        self.note.mentions.push((span, label));
        self.note.mentions.len() - 1
    }
}

/// xorshift: the same notes on every machine.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).expect("small")
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const ARMED_GROUPS: &[&str] = &[
    "JNIM",
    "Ansaroul Islam",
    "Islamic State Sahel Province",
    "Katiba Macina",
    "suspected jihadists",
    "unidentified gunmen",
    "Dozo militiamen",
];
const STATE_FORCES: &[&str] = &[
    "Malian soldiers",
    "Burkinabe troops",
    "Nigerien soldiers",
    "VDP auxiliaries",
    "the gendarmerie",
];
const PLACES: &[&str] = &[
    "Djibo",
    "Dori",
    "Kaya",
    "Boni",
    "Tillaberi",
    "Menaka",
    "Gao",
    "Douentza",
    "Mopti",
    "Bankass",
    "Tessit",
    "Arbinda",
    "Gorom",
    "Sebba",
    "Fada",
    "Niono",
    "Ansongo",
    "Diapaga",
    "Titao",
    "Kelbo",
];
const DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday night",
    "Friday morning",
];
const CIVILIANS: &[&str] = &[
    "villagers",
    "herders",
    "traders",
    "worshippers",
    "displaced people",
    "farmers",
];
const SOURCES: &[&str] = &[
    "a local official",
    "residents",
    "a security source",
    "a local elected official",
    "a humanitarian worker",
    "witnesses",
];
const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "seven", "nine", "11", "12", "15", "20", "23",
];

/// (words, type, sub-type, the rules know them, the target is civilians).
const TRIGGERS: &[(&str, &str, &str, bool, bool)] = &[
    ("killed", "Violence against civilians", "Attack", true, true),
    (
        "attacked",
        "Violence against civilians",
        "Attack",
        true,
        true,
    ),
    (
        "slaughtered",
        "Violence against civilians",
        "Attack",
        false,
        true,
    ),
    (
        "gunned down",
        "Violence against civilians",
        "Attack",
        false,
        true,
    ),
    (
        "mowed down",
        "Violence against civilians",
        "Attack",
        false,
        true,
    ),
    (
        "abducted",
        "Violence against civilians",
        "Abduction/forced disappearance",
        true,
        true,
    ),
    (
        "rounded up",
        "Violence against civilians",
        "Abduction/forced disappearance",
        false,
        true,
    ),
    ("clashed with", "Battles", "Armed clash", true, false),
    ("besieged", "Battles", "Armed clash", false, false),
    ("swooped on", "Battles", "Armed clash", false, false),
];

/// (words, stance, the rules know them, the claimant is the agent).
const CUES: &[(&str, &str, bool, bool)] = &[
    ("said", "Reported", true, false),
    ("told AFP", "Reported", true, false),
    ("confirmed", "Confirmed", true, false),
    ("claimed responsibility for", "Claimed", true, true),
    ("insisted", "Alleged", false, false),
    ("recounted", "Reported", false, false),
    ("took credit for", "Claimed", false, true),
    ("boasted of", "Claimed", false, true),
];

const CONTEXT: &[&str] = &[
    " The area has seen repeated violence since 2015.",
    " Humanitarian access to the area remains limited.",
    " The road between the two towns has been cut for months.",
    " Thousands have fled the area this year.",
    "",
    "",
];

/// `count` notes from `seed`.
pub fn notes(count: usize, seed: u64) -> Vec<Note> {
    let mut dice = Dice(seed | 1);
    (0..count).map(|_| note(&mut dice)).collect()
}

fn note(dice: &mut Dice) -> Note {
    let mut b = Builder {
        note: Note {
            text: String::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
        },
    };
    let (trigger, event_type, sub_type, known, on_civilians) = dice.pick(TRIGGERS);
    let agent_is_state = !on_civilians && dice.chance(50) || on_civilians && dice.chance(20);
    b.text("On ");
    let day = b.mention(dice.pick(DAYS), "DATE");
    b.text(", ");
    let (agent_name, agent_label) = if agent_is_state {
        (dice.pick(STATE_FORCES), "STATE_FORCE")
    } else {
        (dice.pick(ARMED_GROUPS), "ARMED_GROUP")
    };
    let agent = b.mention(agent_name, agent_label);
    b.text(" ");
    let trigger_span = b.span(trigger);
    b.text(" ");
    let target = if on_civilians {
        let victims = format!("{} {}", dice.pick(NUMBERS), dice.pick(CIVILIANS));
        b.mention(&victims, "CIVILIANS")
    } else if agent_is_state {
        b.mention(dice.pick(&ARMED_GROUPS[..4]), "ARMED_GROUP")
    } else {
        b.mention(dice.pick(STATE_FORCES), "STATE_FORCE")
    };
    b.text(if dice.chance(50) { " in " } else { " near " });
    let place = b.mention(dice.pick(PLACES), "LOCATION");
    b.text(".");
    b.note.events.push(GoldEvent {
        trigger: trigger_span,
        event_type,
        sub_type,
        known_to_rules: known,
        roles: vec![
            ("agent", agent),
            ("target", target),
            ("location", place),
            ("time", day),
        ],
    });
    let (cue, stance, cue_known, by_agent) = dice.pick(CUES);
    b.text(" ");
    if by_agent {
        let claimant = b.mention(&capitalised(agent_name), agent_label);
        b.text(" ");
        let cue_span = b.span(cue);
        b.text(if dice.chance(50) {
            " the operation in a statement."
        } else {
            " the operation in a video posted online."
        });
        b.note.claims.push(GoldClaim {
            cue: cue_span,
            stance,
            known_to_rules: cue_known,
            source: Some(claimant),
            responsible: Some(claimant),
        });
    } else {
        let source = b.mention(&capitalised(dice.pick(SOURCES)), "SOURCE");
        b.text(" ");
        let cue_span = b.span(cue);
        b.text(" that ");
        let blamed = b.mention(agent_name, agent_label);
        b.text(if dice.chance(50) {
            " carried out the operation."
        } else {
            " were behind it."
        });
        b.note.claims.push(GoldClaim {
            cue: cue_span,
            stance,
            known_to_rules: cue_known,
            source: Some(source),
            responsible: Some(blamed),
        });
    }
    b.text(dice.pick(CONTEXT));
    b.note
}

fn capitalised(words: &str) -> String {
    let mut out = words.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}
