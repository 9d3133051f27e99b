//! Prints what the suggesters propose for a text file: a tuning aid.
use attest::suggest::{Rules, SourceSuggestion};

fn main() {
    let path = std::env::args().nth(1).expect("a text file");
    let text = std::fs::read_to_string(path).expect("readable");
    let s = Rules::sahel_default().expect("builds").suggest(&text);
    for m in &s.mentions {
        println!(
            "M {:>5} {:<14} {:<28} {:?} {:?} {:?}",
            m.span.start_byte,
            m.label,
            m.suggester,
            m.span.text(&text).unwrap_or(""),
            m.actor,
            m.attributes
        );
    }
    let t = |i: usize| s.mentions[i].span.text(&text).unwrap_or("");
    for e in &s.events {
        let roles: Vec<String> = e
            .roles
            .iter()
            .map(|(r, v)| format!("{r}={:?}", v.iter().map(|&i| t(i)).collect::<Vec<_>>()))
            .collect();
        println!(
            "E {:?} {} / {:?} {}",
            e.trigger.text(&text),
            e.event_type,
            e.sub_type,
            roles.join(" ")
        );
    }
    for c in &s.claims {
        let source = match &c.source {
            Some(SourceSuggestion::Mention(i)) => t(*i).to_owned(),
            Some(SourceSuggestion::Reporter(r)) => format!("reporter {r}"),
            None => "-".into(),
        };
        let ev = c
            .event
            .map(|i| s.events[i].trigger.text(&text).unwrap_or(""));
        println!(
            "C {:?} {} source={source:?} responsible={:?} event={ev:?}",
            c.cue.text(&text),
            c.stance,
            c.responsible.iter().map(|&i| t(i)).collect::<Vec<_>>()
        );
    }
}
