//! The fuzz targets of `fuzz/` as plain tests, on stable: every entry point
//! of `attest::formats::fuzzing` runs over the fixtures, the demo project's
//! files, the inputs the fuzzer once crashed on (`fuzz/regressions/`), and
//! seeded cuts and byte flips of all of them. None may panic. The fuzzer
//! itself (`cargo +nightly fuzz run <target>` in `fuzz/`) goes much further;
//! this keeps what it found fixed.

// The helpers below are test code as much as the tests (clippy.toml
// allows unwrap in `#[test]` functions only).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use attest::formats::{Format, fuzzing};

fn files_below(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_below(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// The seed inputs: fixtures, the demo project, and `fuzz/regressions/`.
fn seeds() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["tests/fixtures", "projects/sahel-demo", "fuzz/regressions"] {
        files_below(&root.join(dir), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// `bytes` and deterministic damage to it: cut at a few places, a byte
/// flipped, a slice repeated — what a truncated download or a bad disk gives.
fn variants(bytes: &[u8], seed: u64) -> Vec<Vec<u8>> {
    let mut out = vec![bytes.to_vec()];
    if bytes.is_empty() {
        return out;
    }
    let mut state = seed | 1;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..4 {
        out.push(bytes[..next(bytes.len())].to_vec());
    }
    for flip in [b'"', b'}', b']', b'\0', b'9', b'\n', 0xff] {
        let mut damaged = bytes.to_vec();
        let at = next(bytes.len());
        damaged[at] = flip;
        out.push(damaged);
    }
    let (a, b) = (next(bytes.len()), next(bytes.len()));
    let (from, to) = (a.min(b), a.max(b));
    let mut repeated = bytes[..to].to_vec();
    repeated.extend_from_slice(&bytes[from..]);
    out.push(repeated);
    out
}

/// Runs `target` over every seed and its variants; a panic names the input.
fn replay(name: &str, target: impl Fn(&[u8])) {
    for (index, (path, bytes)) in seeds().iter().enumerate() {
        for (v, input) in variants(bytes, index as u64 + 1).iter().enumerate() {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| target(input)));
            assert!(
                outcome.is_ok(),
                "{name} panicked on variant {v} of {}",
                path.display()
            );
        }
    }
}

#[test]
fn dataset_readers_never_panic() {
    for format in Format::readable() {
        replay(format.name(), |data| {
            fuzzing::import_bytes(format, data);
        });
    }
}

#[test]
fn brat_pairs_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/brat");
    let text = std::fs::read(root.join("menaka.txt")).unwrap();
    let ann = std::fs::read(root.join("menaka.ann")).unwrap();
    let mut pair = text.clone();
    pair.push(0);
    pair.extend_from_slice(&ann);
    assert_eq!(fuzzing::import_bytes(Format::Brat, &pair), 1);
    for (v, input) in variants(&pair, 7).iter().enumerate() {
        let outcome = std::panic::catch_unwind(|| fuzzing::import_bytes(Format::Brat, input));
        assert!(outcome.is_ok(), "brat panicked on variant {v}");
    }
}

#[test]
fn article_ingest_never_panics() {
    replay("article", |data| {
        fuzzing::ingest_bytes(data);
    });
}

#[test]
fn project_and_annotation_files_never_panic() {
    replay("project.ron", |data| {
        fuzzing::project_file_bytes(data);
    });
    replay("annotation .ron", |data| {
        fuzzing::annotation_file_bytes(data);
    });
}

/// The compact annotation reader leaves a damaged file to RON or reads
/// it exactly as RON does, never otherwise.
#[test]
fn the_compact_reader_agrees_with_rons_on_every_variant() {
    replay("compact annotation reader", |data| {
        assert!(
            fuzzing::compact_reader_agrees(data) != Some(false),
            "the compact reader and RON's disagree"
        );
    });
}

/// The entry points do reach the readers: a fixture of each kind is read
/// whole (a replay that read nothing would pass for the wrong reason).
#[test]
fn the_entry_points_read_the_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture =
        |name: &str| std::fs::read(root.join("tests/fixtures/formats").join(name)).unwrap();
    assert!(fuzzing::import_bytes(Format::Doccano, &fixture("doccano-relations.jsonl")) > 0);
    assert!(fuzzing::import_bytes(Format::LabelStudio, &fixture("label-studio-export.json")) > 0);
    assert!(fuzzing::import_bytes(Format::Conll, &fixture("conll2003.conll")) > 0);
    assert!(fuzzing::import_bytes(Format::Prodigy, &fixture("prodigy-ner-manual.jsonl")) > 0);
    assert!(fuzzing::ingest_bytes(util_sample().as_bytes()) > 0);
    let project = std::fs::read(root.join("projects/sahel-demo/project.ron")).unwrap();
    assert!(fuzzing::project_file_bytes(&project));
    let annotations =
        std::fs::read_to_string(root.join("tests/fixtures/sample/mali-jnim-attacks.txt")).unwrap();
    assert!(!fuzzing::annotation_file_bytes(annotations.as_bytes()));
    let compact = std::fs::read(root.join("tests/fixtures/annotations/compact-fr.ron")).unwrap();
    assert!(fuzzing::annotation_file_bytes(&compact));
    assert_eq!(fuzzing::compact_reader_agrees(&compact), Some(true));
}

/// The one target for every format (`fuzz/fuzz_targets/dataset.rs`) reads
/// its input as the format its first byte picks, as that format's own does.
#[test]
fn the_any_format_entry_reads_as_each_format_does() {
    let mut paths = Vec::new();
    files_below(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats"),
        &mut paths,
    );
    let mut records = 0;
    for (index, format) in Format::readable().enumerate() {
        for path in &paths {
            let bytes = std::fs::read(path).unwrap();
            let mut picked = vec![u8::try_from(index).unwrap()];
            picked.extend_from_slice(&bytes);
            let read = fuzzing::import_bytes(format, &bytes);
            assert_eq!(
                fuzzing::import_any_format(&picked),
                read,
                "{format}: {}",
                path.display()
            );
            records += read;
        }
    }
    assert!(records > 0);
}

/// Every seed and its variants, as a file of each format reached through
/// a symbolic link or beside a linked companion: never followed.
#[cfg(unix)]
#[test]
fn links_are_never_followed_whatever_they_point_at() {
    let readable = Format::readable().count();
    replay("linked", |data| {
        for pick in 0..readable {
            let mut picked = vec![u8::try_from(pick).unwrap()];
            picked.extend_from_slice(data);
            assert!(!fuzzing::linked_bytes(&picked), "a link was followed");
        }
    });
}

/// The seeds kept for the cases fixed without the fuzzer are read: a
/// replay that read nothing would pass for the wrong reason.
#[test]
fn the_seeds_of_round_two_are_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let seed = |name: &str| std::fs::read(root.join(name)).unwrap();
    assert_eq!(
        fuzzing::import_bytes(Format::Conll, &seed("conll-conllu-ner-misc.conllu")),
        1
    );
    assert_eq!(
        fuzzing::import_bytes(Format::Prodigy, &seed("prodigy-partial-tokens.jsonl")),
        1
    );
    assert_eq!(
        fuzzing::import_bytes(Format::Jsonl, &seed("jsonl-grapheme-split.jsonl")),
        1
    );
}

fn util_sample() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sample/mali-jnim-attacks.txt"),
    )
    .unwrap()
}
