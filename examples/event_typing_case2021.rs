//! How the rules type events on real news snippets: the CASE 2021 shared
//! task 2 set (`emerging-welfare/case-2021-shared-task`,
//! `task2/test_dataset/test_set_final_release_with_labels.tsv`), about a
//! thousand snippets each labelled with one ACLED sub-event type (or a
//! class outside ACLED: crime, disasters, diplomacy). The set carries no
//! licence, so it is not shipped: give its path.
//!
//! The snippets are split by id: odd ids are the dev half (tune on it),
//! even ids the test half (report it). For each snippet the rules' first
//! event (in text order) is its answer; no event answers "none".
//!
//!     cargo run --release --no-default-features --example event_typing_case2021 -- PATH [dev|test] [--errors]

use std::collections::BTreeMap;

use attest::suggest::Rules;

/// CASE's code for each ACLED sub-event type: (event type, sub-type).
const CODES: [(&str, &str, &str); 25] = [
    (
        "ABDUCT_DISSAP",
        "Violence against civilians",
        "Abduction/forced disappearance",
    ),
    ("AGREEMENT", "Strategic developments", "Agreement"),
    (
        "AIR_STRIKE",
        "Explosions/Remote violence",
        "Air/drone strike",
    ),
    ("ARMED_CLASH", "Battles", "Armed clash"),
    ("ARREST", "Strategic developments", "Arrests"),
    (
        "ART_MISS_ATTACK",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    ("ATTACK", "Violence against civilians", "Attack"),
    (
        "CHANGE_TO_GROUP_ACT",
        "Strategic developments",
        "Change to group/activity",
    ),
    ("CHEM_WEAP", "Explosions/Remote violence", "Chemical weapon"),
    (
        "DISR_WEAP",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    (
        "FORCE_AGAINST_PROTEST",
        "Protests",
        "Excessive force against protesters",
    ),
    (
        "GOV_REGAINS_TERIT",
        "Battles",
        "Government regains territory",
    ),
    ("GRENADE", "Explosions/Remote violence", "Grenade"),
    (
        "HQ_ESTABLISHED",
        "Strategic developments",
        "Headquarters or base established",
    ),
    ("MOB_VIOL", "Riots", "Mob violence"),
    (
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "Battles",
        "Non-state actor overtakes territory",
    ),
    (
        "NON_VIOL_TERRIT_TRANSFER",
        "Strategic developments",
        "Non-violent transfer of territory",
    ),
    ("OTHER", "Strategic developments", "Other"),
    ("PEACE_PROTEST", "Protests", "Peaceful protest"),
    (
        "PROPERTY_DISTRUCT",
        "Strategic developments",
        "Looting/property destruction",
    ),
    (
        "PROTEST_WITH_INTER",
        "Protests",
        "Protest with intervention",
    ),
    (
        "REM_EXPLOS",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    ("SEX_VIOL", "Violence against civilians", "Sexual violence"),
    ("SUIC_BOMB", "Explosions/Remote violence", "Suicide bomb"),
    ("VIOL_DEMONSTR", "Riots", "Violent demonstration"),
];

#[derive(Default)]
struct Tally {
    snippets: usize,
    with_event: usize,
    type_right: usize,
    sub_type_right: usize,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("the path of the CASE 2021 task 2 TSV");
    let half = args.next().unwrap_or_else(|| "dev".into());
    let errors = args.any(|a| a == "--errors");
    let text = std::fs::read_to_string(&path).expect("a readable TSV");
    let rules = Rules::sahel_default().expect("the rules build");
    let mut acled = Tally::default();
    let mut outside = Tally::default();
    let mut per_code: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut fields = line.split('\t');
        let (Some(id), Some(snippet), Some(code)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Ok(id) = id.trim().parse::<u32>() else {
            continue;
        };
        if (id % 2 == 1) != (half == "dev") {
            continue;
        }
        let code = code.trim();
        let gold = CODES.iter().find(|(c, _, _)| *c == code);
        let found = rules.suggest(snippet);
        let mut events = found.events.clone();
        events.sort_by_key(|e| e.trigger.start_byte);
        let first = events.first();
        let tally = if gold.is_some() {
            &mut acled
        } else {
            &mut outside
        };
        tally.snippets += 1;
        tally.with_event += usize::from(first.is_some());
        if let (Some((_, event_type, sub_type)), Some(e)) = (gold, first) {
            let type_right = e.event_type == *event_type;
            let sub_right = type_right && e.sub_type.as_deref() == Some(*sub_type);
            tally.type_right += usize::from(type_right);
            tally.sub_type_right += usize::from(sub_right);
            let entry = per_code.entry(code).or_default();
            entry.1 += usize::from(sub_right);
        }
        if gold.is_some() {
            per_code.entry(code).or_default().0 += 1;
        }
        if errors && gold.is_some() {
            let answer = first.map_or("none".to_owned(), |e| {
                format!(
                    "{} / {} on {:?}",
                    e.event_type,
                    e.sub_type.as_deref().unwrap_or("-"),
                    e.trigger.text(snippet).unwrap_or("")
                )
            });
            let expected = gold
                .map(|(_, t, s)| format!("{t} / {s}"))
                .unwrap_or_default();
            if !answer.starts_with(&expected) {
                println!("{id}\t{code}\t{answer}\t{snippet}");
            }
        }
    }
    let share = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    println!(
        "CASE 2021 task 2, {half} half (ids {}):",
        if half == "dev" { "odd" } else { "even" }
    );
    println!(
        "  ACLED snippets {}: with an event {:.3}, event type right {:.3}, sub-event type right {:.3}",
        acled.snippets,
        share(acled.with_event, acled.snippets),
        share(acled.type_right, acled.snippets),
        share(acled.sub_type_right, acled.snippets),
    );
    println!(
        "  snippets outside ACLED (crime, disasters, diplomacy) {}: given an event {:.3}",
        outside.snippets,
        share(outside.with_event, outside.snippets)
    );
    println!("  sub-event type right, per code:");
    for (code, (n, right)) in per_code {
        println!("    {code:<32} {right:>3} of {n:<3} {:.2}", share(right, n));
    }
}
