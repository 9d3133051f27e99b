//! The label_studio importer: any bytes as one file of the format, read, merged
//! into an annotator's set, checked and written back. Never a panic.
#![no_main]

use attest::formats::{Format, fuzzing};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::import_bytes(Format::LabelStudio, data);
});
