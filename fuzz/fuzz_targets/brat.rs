//! The brat importer: any bytes as one file of the format, read, merged
//! into an annotator's set, checked and written back. Never a panic.
//! The input is the .txt, a NUL byte, then the .ann.
#![no_main]

use attest::formats::{Format, fuzzing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::import_bytes(Format::Brat, data);
});
