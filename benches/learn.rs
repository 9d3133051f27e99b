//! Learning benchmarks on one core: a full retrain of the tagger on 1,000
//! finished news-length documents (target ≤ 2 s), and tagging throughput
//! (target ≥ 1 MB/s). Also the string matcher, the evaluated training a
//! project runs (80% scored on 20%, then all) and a model file's size.
//!
//! The documents are synthetic wire stories from a seeded generator:
//! templates of attacks, claims, statements and background sentences over
//! pools of armed groups, forces, places, people, organisations and dates,
//! about 600 words each, with every mention gold.
//! Run with `cargo bench --no-default-features --bench learn`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use attest::learn::{
    LabeledSpan, Prepared, Sources, StringMatcher, Tagger, TaggerModel, TrainOptions, TrainingDoc,
    train_tagger,
};
use attest::model::{DocumentId, Schema, Span};
use attest::progress::JobControl;
use attest::suggest::Rules;

const DOCUMENTS: usize = 1000;

fn main() {
    let docs = corpus(DOCUMENTS);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mentions: usize = docs.iter().map(|d| d.gold.len()).sum();
    println!(
        "corpus: {DOCUMENTS} synthetic news documents, {:.2} MB, {mentions} gold mentions, {:.0} words per document",
        mb(bytes),
        docs.iter()
            .map(|d| d.text.split_whitespace().count())
            .sum::<usize>() as f64
            / DOCUMENTS as f64
    );
    let options = TrainOptions::default();
    let control = JobControl::unattended();
    let rules = Rules::sahel_default().expect("the shipped catalogue builds");

    let all: Vec<&TrainingDoc> = docs.iter().collect();
    for (name, rules, use_memory) in [
        ("plain features", None, false),
        ("with rule features", Some(&rules), false),
        ("with the string memory as features", None, true),
    ] {
        println!(
            "\n-- tagger {name} ({} epochs, 2^{} rows)",
            options.epochs, options.hash_bits
        );
        let ((memory, prepared), prepare_wall, prepare_cpu) = timed(|| {
            let memory = use_memory.then(|| StringMatcher::train(&all).expect("builds"));
            let sources = Sources {
                rules,
                memory: memory.as_ref(),
                span_layers: false,
            };
            let prepared = docs
                .iter()
                .map(|d| Prepared::for_training(d, sources, options.hash_bits))
                .collect::<Vec<Prepared>>();
            (memory, prepared)
        });
        let sources = Sources {
            rules,
            memory: memory.as_ref(),
            span_layers: false,
        };
        let pairs: Vec<(&TrainingDoc, &Prepared)> = docs.iter().zip(&prepared).collect();
        let (tagger, train_wall, train_cpu) =
            timed(|| Tagger::train(&pairs, sources, options, &control));
        println!(
            "full retrain on {DOCUMENTS} documents: {:.2} s CPU, {:.2} s wall (tokens and features {prepare_cpu:.2} s + perceptron {train_cpu:.2} s CPU)",
            prepare_cpu + train_cpu,
            prepare_wall + train_wall,
        );

        let held_out = corpus_from(DOCUMENTS, 200);
        let held_bytes: usize = held_out.iter().map(|d| d.text.len()).sum();
        let (found, tag_wall, tag_cpu) = timed(|| {
            held_out
                .iter()
                .map(|doc| black_box(tagger.suggest(&doc.text, sources)).len())
                .sum::<usize>()
        });
        println!(
            "tagging {} unseen documents: {:.1} MB/s CPU, {:.1} MB/s wall ({found} mentions)",
            held_out.len(),
            mb(held_bytes) / tag_cpu.max(0.01),
            mb(held_bytes) / tag_wall
        );
        let mut counts = attest::learn::LabelCounts::default();
        for doc in &held_out {
            let prepared = Prepared::new(&doc.text, sources, options.hash_bits);
            counts.compare(&tagger.tag(&prepared), &doc.gold);
        }
        let total = counts.total().scores();
        println!(
            "on those documents: P {:.3} R {:.3} F1 {:.3}",
            total.precision, total.recall, total.f1
        );
    }

    println!("\n-- as a project trains (80% scored on 20%, then all; memory features)");
    let (model, wall, cpu) = timed(|| {
        train_tagger(
            &docs,
            &Schema::conflict_default(),
            None,
            true,
            options,
            &control,
        )
    });
    println!("train_tagger: {cpu:.2} s CPU, {wall:.2} s wall");
    if let Some(evaluation) = &model.info.evaluation {
        println!(
            "held-out {} documents: P {:.3} R {:.3} F1 {:.3}",
            evaluation.held_out_documents,
            evaluation.overall.precision,
            evaluation.overall.recall,
            evaluation.overall.f1
        );
    }
    let started = Instant::now();
    let file = model.to_bytes();
    let save_ms = started.elapsed().as_secs_f64() * 1e3;
    let started = Instant::now();
    let loaded = TaggerModel::from_bytes(&file, &Schema::conflict_default()).expect("loads");
    let load_ms = started.elapsed().as_secs_f64() * 1e3;
    assert_eq!(loaded.info, model.info);
    println!(
        "model file: {:.1} MB, written in {save_ms:.0} ms, read in {load_ms:.0} ms",
        mb(file.len())
    );

    println!("\n-- string matcher");
    let started = Instant::now();
    let matcher = StringMatcher::train(&all).expect("builds");
    println!(
        "built from {DOCUMENTS} documents: {:.0} ms, {} texts",
        started.elapsed().as_secs_f64() * 1e3,
        matcher.len()
    );
    let started = Instant::now();
    let mut found = 0;
    for doc in &docs {
        found += black_box(matcher.suggest(&doc.text)).len();
    }
    println!(
        "matching: {:.1} MB/s ({found} suggestions)",
        mb(bytes) / started.elapsed().as_secs_f64()
    );
}

/// CPU time this thread has used, in seconds (Linux; 0 elsewhere). The
/// machine the figures come from is shared, so wall time overstates what
/// the work costs; both are printed.
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/thread-self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which ends at the last ')'): utime is
    // the 12th, stime the 13th, in clock ticks of 1/100 s.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Runs `f`, returning its result, wall seconds and CPU seconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_secs());
    let result = f();
    (result, wall.elapsed().as_secs_f64(), cpu_secs() - cpu)
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn corpus(n: usize) -> Vec<TrainingDoc> {
    corpus_from(0, n)
}

/// Documents `first..first + n` of the generator's endless series.
fn corpus_from(first: usize, n: usize) -> Vec<TrainingDoc> {
    (first..first + n).map(document).collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const ARMED_GROUPS: &[&str] = &[
    "JNIM",
    "Islamic State Sahel Province",
    "Ansarul Islam",
    "Boko Haram",
    "ISWAP",
    "the Group for the Support of Islam and Muslims",
    "Katiba Macina",
    "al-Mourabitoun",
    "the Islamic State group",
    "Al-Qaeda",
    "FLA",
    "the Coordination of Azawad Movements",
];
const STATE_FORCES: &[&str] = &[
    "Mali's army",
    "the Burkinabe army",
    "FAMa",
    "the Nigerien army",
    "the VDP",
    "Nigeria's military",
    "the national guard",
    "the gendarmerie",
];
const FOREIGN_FORCES: &[&str] = &[
    "Wagner",
    "Africa Corps",
    "Russian soldiers",
    "French troops",
    "MINUSMA",
];
const PLACES: &[&str] = &[
    "Djibo",
    "Kaya",
    "Dori",
    "Gao",
    "Ménaka",
    "Kidal",
    "Tillabéri",
    "Diffa",
    "Maiduguri",
    "Bamako",
    "Ouagadougou",
    "Niamey",
    "Barsalogho",
    "Ségou",
    "Mopti",
    "Tombouctou",
    "Fada N'Gourma",
    "Arbinda",
    "Tessit",
    "Boulsa",
    "Mali",
    "Burkina Faso",
    "Niger",
    "Nigeria",
    "Benin",
    "Togo",
];
const PEOPLE: &[&str] = &[
    "Ibrahim Traoré",
    "Assimi Goïta",
    "Abdourahamane Tiani",
    "Iyad Ag Ghaly",
    "Amadou Koufa",
    "Bola Tinubu",
    "Antonio Guterres",
    "Colonel Abdoulaye Maïga",
    "Moussa Diallo",
    "Aminata Touré",
];
const ORGANISATIONS: &[&str] = &[
    "Human Rights Watch",
    "ACLED",
    "the United Nations",
    "Amnesty International",
    "ECOWAS",
    "the Red Cross",
    "Médecins Sans Frontières",
    "the African Union",
];
const SOURCES: &[&str] = &[
    "a local official",
    "security sources",
    "a resident",
    "a witness",
    "a military source",
    "an aid worker",
];
const DATES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Tuesday morning",
    "last week",
    "March 2024",
    "2023",
    "January",
    "the weekend",
];
const FILLERS: &[&str] = &[
    "The region has been plagued by violence for more than a decade.",
    "Thousands of people have fled their homes since the start of the year.",
    "The attackers arrived on motorbikes and set fire to several buildings.",
    "Access to the area is restricted, making it difficult to verify the toll.",
    "The junta came to power promising to restore security.",
    "Humanitarian agencies say food insecurity is rising in the north.",
    "Schools and health centres have been closed for months.",
    "The government did not immediately respond to requests for comment.",
    "Roads leading to the town have been cut off by the fighting.",
    "The violence has spread southwards towards coastal states.",
];

/// One synthetic story: ~50 sentences, entity sentences among background ones.
fn document(index: usize) -> TrainingDoc {
    let mut rng =
        Rng(0x9e37_79b9_7f4a_7c15 ^ (index as u64 + 1).wrapping_mul(0x2545_f491_4f6c_dd1d));
    let mut writer = Writer::default();
    for _ in 0..50 {
        match rng.next() % 9 {
            0 => {
                writer.entity(rng.pick(ARMED_GROUPS), "ARMED_GROUP");
                writer.text(" fighters attacked ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(" on ");
                writer.entity(rng.pick(DATES), "DATE");
                writer.text(", ");
                writer.entity(rng.pick(SOURCES), "SOURCE");
                writer.text(" told AFP.");
            }
            1 => {
                writer.entity(rng.pick(STATE_FORCES), "STATE_FORCE");
                writer.text(" said it had killed dozens of militants near ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(".");
            }
            2 => {
                writer.text("The attack was claimed by ");
                writer.entity(rng.pick(ARMED_GROUPS), "ARMED_GROUP");
                writer.text(", which is active in ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(" and ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(".");
            }
            3 => {
                writer.entity(rng.pick(ORGANISATIONS), "ORGANIZATION");
                writer.text(" accused ");
                writer.entity(rng.pick(STATE_FORCES), "STATE_FORCE");
                writer.text(" and ");
                writer.entity(rng.pick(FOREIGN_FORCES), "FOREIGN_FORCE");
                writer.text(" of killing civilians in ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(".");
            }
            4 => {
                writer.text("President ");
                writer.entity(rng.pick(PEOPLE), "PERSON");
                writer.text(" visited ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(" on ");
                writer.entity(rng.pick(DATES), "DATE");
                writer.text(", according to state television.");
            }
            5 => {
                writer.text("\"We heard gunfire all night,\" ");
                writer.entity(rng.pick(SOURCES), "SOURCE");
                writer.text(" in ");
                writer.entity(rng.pick(PLACES), "LOCATION");
                writer.text(" said.");
            }
            _ => writer.text(rng.pick(FILLERS)),
        }
        writer.text(if rng.next().is_multiple_of(4) {
            "\n"
        } else {
            " "
        });
    }
    let text = writer.text;
    TrainingDoc {
        id: DocumentId::for_text(&text),
        text,
        gold: writer.gold,
        rejected: Vec::new(),
    }
}

#[derive(Default)]
struct Writer {
    text: String,
    gold: Vec<LabeledSpan>,
}

impl Writer {
    fn text(&mut self, s: &str) {
        let _ = write!(self.text, "{s}");
    }

    fn entity(&mut self, s: &str, label: &str) {
        // Sentence-initial "the" is capitalised, as in copy.
        let s = if self.text.is_empty() || self.text.ends_with("\n") || self.text.ends_with(". ") {
            let mut chars = s.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        } else {
            s.to_owned()
        };
        let start = self.text.len();
        self.text.push_str(&s);
        self.gold
            .push(LabeledSpan::new(Span::new(start, self.text.len()), label));
    }
}
