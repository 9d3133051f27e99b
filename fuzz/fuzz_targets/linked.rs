//! Symbolic links: any bytes as a file of the format the first byte picks,
//! reached through a link or beside a linked companion. A link is never
//! followed, whatever it points at; never a panic.
#![no_main]

use attest::formats::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    assert!(!fuzzing::linked_bytes(data), "a link was followed");
});
