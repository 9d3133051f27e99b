//! The annotation file reader: any bytes as an annotator's `.ron`. Never a panic.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::annotation_file_bytes(data);
});
