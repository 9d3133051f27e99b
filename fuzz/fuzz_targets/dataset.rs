//! Every dataset reader through the registry: the first byte picks the
//! readable format, the rest is one input of it, read, merged into an
//! annotator's set, checked and written back. Never a panic. A format
//! added to the registry is fuzzed here with no new target.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzing::import_any_format(data);
});
