//! Frame-time benchmark of the workspace on a long document: a 1 MB article
//! with 20,000 open suggestions (16,000 mentions, 2,000 events with four
//! roles each, 2,000 claims with a source, a responsible actor and an
//! event), drawn headless by egui at 1400×900. Prints the CPU time of a
//! frame (layout and tessellation) in steady state and right after an
//! accept, first with the focused item's arcs, then with the arcs of every
//! item in view (the `V` toggle).
//!
//! Run: `cargo bench --bench frame`. Targets: ≤ 4 ms steady, ≤ 30 ms after an edit.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use attest::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, Document, DocumentMeta, Event, EventId, Mention,
    MentionId, Review, Span,
};
use attest::store::{OpenMode, Project};
use attest::ui::{AttestApp, Launch, Prefs};

const SAMPLE: &str = include_str!("../tests/fixtures/sample/mali-jnim-attacks.txt");
const TARGET_BYTES: usize = 1_000_000;
const MENTIONS: usize = 20_000;
const LABELS: [&str; 4] = ["ARMED_GROUP", "LOCATION", "STATE_FORCE", "DATE"];

fn build(root: &std::path::Path) {
    Project::create(root, "frame-bench").expect("create");
    let (mut project, _) = Project::open(
        root,
        OpenMode::ReadWrite {
            annotator: "bench".into(),
        },
    )
    .expect("open");
    let body: String = SAMPLE.lines().take(15).map(|l| format!("{l}\n")).collect();
    let mut text = String::with_capacity(TARGET_BYTES + body.len());
    while text.len() < TARGET_BYTES {
        text.push_str(&body);
    }
    let document = Document::new(text.trim_end().to_owned(), DocumentMeta::default());
    let text = document.text.clone();
    let id = document.id.clone();
    project.add_document(document).expect("add");
    // Capitalised words, evenly thinned to 20,000 mentions.
    let words: Vec<(usize, usize)> = text
        .char_indices()
        .filter(|(i, c)| c.is_uppercase() && text[..*i].ends_with([' ', '\n']))
        .map(|(i, _)| {
            (
                i,
                i + text[i..].find(|c: char| !c.is_alphanumeric()).unwrap_or(1),
            )
        })
        .collect();
    let step = words.len() as f64 / MENTIONS as f64;
    let at = jiff::Timestamp::now();
    let mut set = AnnotationSet::new(id, "bench");
    let count = MENTIONS.min(words.len());
    let mention = |k: usize| MentionId(k as u32 + 1);
    for k in 0..count {
        let (start, end) = words[(k as f64 * step) as usize];
        let span = Span::new(start, end);
        let word = text[start..end].to_owned();
        let review = Review::suggested("bench", "bench", 0.5, at);
        // Of every ten words: an event whose roles are the next four, a
        // claim about it with the next two as source and responsible, and
        // eight mentions.
        match k % 10 {
            0 if k + 4 < count => set.events.push(Event {
                id: EventId((k / 10) as u32 + 1),
                trigger: span,
                trigger_text: word,
                event_type: "Battles".into(),
                sub_type: None,
                roles: ["agent", "target", "location", "time"]
                    .into_iter()
                    .enumerate()
                    .map(|(i, role)| (role.to_owned(), vec![mention(k + 1 + i)]))
                    .collect(),
                review,
            }),
            5 if k + 2 < count => set.claims.push(Claim {
                id: ClaimId((k / 10) as u32 + 1),
                cue: span,
                cue_text: word,
                stance: "Claimed".into(),
                source: Some(ClaimSource::Mention(mention(k + 1))),
                responsible: vec![mention(k + 2)],
                events: vec![EventId((k / 10) as u32 + 1)],
                review,
            }),
            _ => set.mentions.push(Mention {
                id: mention(k),
                span,
                text: word,
                label: LABELS[k % LABELS.len()].into(),
                actor: None,
                attributes: BTreeMap::new(),
                review,
            }),
        }
    }
    project.save_annotations(&set).expect("save");
}

fn frame(
    ctx: &egui::Context,
    app: &mut AttestApp,
    events: Vec<egui::Event>,
    time: f64,
) -> Duration {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1400.0, 900.0),
        )),
        time: Some(time),
        events,
        ..egui::RawInput::default()
    };
    let started = Instant::now();
    let output = ctx.run_ui(input, |ui| app.frame_ui(ui));
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    std::hint::black_box(primitives);
    started.elapsed()
}

fn key(key: egui::Key) -> egui::Event {
    egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("frame-bench");
    build(&root);
    let started = Instant::now();
    let mut app = AttestApp::new(
        Prefs::default(),
        Launch {
            project: Some(root.clone()),
            annotator: Some("bench".into()),
            fallback_annotator: "bench".into(),
        },
    );
    let ctx = egui::Context::default();
    let mut time = 0.0;
    let first = frame(&ctx, &mut app, Vec::new(), time);
    println!(
        "open the document: {:.0} ms; first frame: {:.1} ms",
        ms(started.elapsed() - first),
        ms(first)
    );
    for _ in 0..30 {
        time += 1.0 / 60.0;
        frame(&ctx, &mut app, Vec::new(), time);
    }
    let (steady, after_edit) = measure(&ctx, &mut app, &mut time);
    report("focused item's arcs", steady, after_edit);
    let gold = gold_items(&app);
    assert!(gold >= 30, "each A accepted a suggestion: {gold}");

    // Arcs for every item in view.
    frame(&ctx, &mut app, vec![key(egui::Key::V)], time);
    for _ in 0..30 {
        time += 1.0 / 60.0;
        frame(&ctx, &mut app, Vec::new(), time);
    }
    let arcs = app.drawn_arcs().len();
    assert!(arcs > 20, "arcs drawn for every item in view: {arcs}");
    let layouts_before = app.arc_layouts();
    let (steady, after_edit) = measure(&ctx, &mut app, &mut time);
    println!(
        "{arcs} arcs in view; arc layouts per edit: {:.1} (geometry cached per paragraph layout)",
        (app.arc_layouts() - layouts_before) as f64 / 30.0
    );
    report("arcs for every item", steady, after_edit);
    assert!(
        gold_items(&app) >= gold + 30,
        "each A accepted a suggestion"
    );
}

/// 200 steady frames, then 30 frames each with an accept (A) followed by
/// three quiet ones; returns the times of the steady and the accept frames.
fn measure(ctx: &egui::Context, app: &mut AttestApp, time: &mut f64) -> (Vec<f64>, Vec<f64>) {
    let steady: Vec<f64> = (0..200)
        .map(|_| {
            *time += 1.0 / 60.0;
            ms(frame(ctx, app, Vec::new(), *time))
        })
        .collect();
    let mut after_edit = Vec::new();
    for _ in 0..30 {
        *time += 1.0 / 60.0;
        after_edit.push(ms(frame(ctx, app, vec![key(egui::Key::A)], *time)));
        for _ in 0..3 {
            *time += 1.0 / 60.0;
            frame(ctx, app, Vec::new(), *time);
        }
    }
    (steady, after_edit)
}

/// Items accepted so far (accepting a claim or an event accepts the
/// mentions it names too).
fn gold_items(app: &AttestApp) -> usize {
    app.workspace()
        .and_then(|w| w.docs.current())
        .map_or(0, |d| {
            let set = &d.annotations;
            set.events
                .iter()
                .filter(|e| e.review.status.is_gold())
                .count()
                + set
                    .claims
                    .iter()
                    .filter(|c| c.review.status.is_gold())
                    .count()
                + set
                    .mentions
                    .iter()
                    .filter(|m| m.review.status.is_gold())
                    .count()
        })
}

fn report(case: &str, mut steady: Vec<f64>, mut after_edit: Vec<f64>) {
    let summary = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let median = values[values.len() / 2];
        let p95 = values[values.len() * 95 / 100];
        (median, p95, values[values.len() - 1])
    };
    let (median, p95, max) = summary(&mut steady);
    println!(
        "{case}: steady frame:          median {median:.2} ms, p95 {p95:.2} ms, max {max:.2} ms   target ≤ 4 ms"
    );
    let (median, p95, max) = summary(&mut after_edit);
    println!(
        "{case}: frame with an accept:  median {median:.2} ms, p95 {p95:.2} ms, max {max:.2} ms   target ≤ 30 ms"
    );
}
