//! The project reader: any bytes as `project.ron`, opened and checked. Never a panic.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::project_file_bytes(data);
});
