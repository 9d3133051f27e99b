//! Article ingest: any bytes as a `.txt` article and as an articles `.jsonl`. Never a panic.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::ingest_bytes(data);
});
