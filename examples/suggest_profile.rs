//! Times each suggester stage over a corpus of the sample and fixtures: a profiling aid.
use std::time::Instant;

use attest::model::{Catalogue, Schema};
use attest::suggest::catalogue_matcher::CatalogueMatcher;
use attest::suggest::patterns::Patterns;
use attest::suggest::{Rules, acronyms, claims, events};
use attest::text::fold::Folded;
use attest::text::sentences::Sentences;

fn main() {
    let mut parts = vec![
        std::fs::read_to_string("tests/fixtures/sample/mali-jnim-attacks.txt").expect("sample"),
    ];
    for entry in std::fs::read_dir("tests/fixtures/articles").expect("fixtures") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("fixture");
        parts.push(text.replace("[[", "").replace("{{", ""));
    }
    let doc = parts.join("\n").repeat(60);
    let mb = doc.len() as f64 / 1e6;
    let time = |name: &str, f: &mut dyn FnMut()| {
        let s = (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::MAX, f64::min);
        println!("{name:<14} {:>8.1} ms  {:>8.1} MB/s", s * 1e3, mb / s);
    };
    if std::env::args().nth(1).as_deref() == Some("many") {
        let sug = Rules::sahel_default().expect("builds");
        let t = Instant::now();
        for _ in 0..200 {
            for part in &parts {
                std::hint::black_box(sug.suggest(part));
            }
        }
        let bytes: usize = parts.iter().map(String::len).sum::<usize>() * 200;
        println!(
            "many: {:.1} MB/s",
            bytes as f64 / 1e6 / t.elapsed().as_secs_f64()
        );
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("big") {
        let big = doc.repeat(20);
        let sug = Rules::sahel_default().expect("builds");
        let t = Instant::now();
        std::hint::black_box(sug.suggest(&big));
        println!(
            "big: {:.1} MB/s",
            big.len() as f64 / 1e6 / t.elapsed().as_secs_f64()
        );
        return;
    }
    if std::env::args().nth(1).as_deref() == Some("all") {
        let sug = Rules::sahel_default().expect("builds");
        for _ in 0..20 {
            std::hint::black_box(sug.suggest(&doc));
        }
        return;
    }
    let schema = Schema::conflict_default();
    let matcher = CatalogueMatcher::new(&Catalogue::sahel_default()).expect("matcher");
    let patterns = Patterns::new().expect("patterns");
    let mut folded = Folded::default();
    time("fold", &mut || folded = Folded::new(&doc, true));
    time("catalogue", &mut || {
        matcher.find(&doc, &folded);
    });
    let mut sentences = None;
    time("sentences", &mut || sentences = Some(Sentences::new(&doc)));
    let sentences = sentences.expect("set");
    let mut out = Vec::new();
    time("dates", &mut || patterns.dates(&doc, &mut out));
    time("casualties", &mut || {
        patterns.casualties(&doc, &sentences, &mut out)
    });
    time("nominals", &mut || patterns.nominals(&doc, &mut out));
    time("descriptors", &mut || {
        patterns.descriptors(&doc);
    });
    let mut guesses = Vec::new();
    time("capitalised", &mut || {
        patterns.capitalised_guesses(&doc, &sentences, &Default::default(), None, &mut guesses)
    });
    let acr = acronyms::AcronymDefinitions::new().expect("acronyms");
    time("acronyms", &mut || acr.teach(&doc, &mut out.clone()));
    let s = Rules::sahel_default().expect("builds").suggest(&doc);
    let ev = events::EventTriggers::new(&schema).expect("events");
    time("events", &mut || {
        ev.suggest(&doc, &sentences, &s.mentions);
    });
    let cl = claims::ClaimCues::new().expect("claims");
    time("claims", &mut || {
        cl.suggest(&doc, &sentences, &s.mentions, &s.events);
    });
    let sug = Rules::sahel_default().expect("builds");
    time("all", &mut || {
        sug.suggest(&doc);
    });
}
