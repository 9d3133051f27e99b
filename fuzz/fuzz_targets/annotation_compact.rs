//! The compact annotation reader against RON's: on any input it either
//! leaves the file to RON or reads exactly the set RON reads. Accepting a
//! file RON refuses, or reading it otherwise, would change what a project
//! holds depending on which reader ran.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    assert!(
        fuzzing::compact_reader_agrees(data) != Some(false),
        "the compact reader and RON's disagree"
    );
});
