//! Gold datasets: every format round-trips (export → import → export gives
//! the same bytes), files written by the tools themselves load with exact
//! offsets, and splits depend only on the seed.

mod acled;
mod brat_round_trip;
mod conll_tokens;
mod fixtures;
mod jobs;
#[path = "../util/markup.rs"]
mod markup;
mod public_round_trip;
mod round_trip;
mod split;
mod tools;
mod util;
