//! The one text layer: how Attest cuts a text into sentences and tokens,
//! folds it for matching and finds whole words in it. The suggesters, the
//! learner, the editor's "the sentence's mentions" and the formats all ask
//! here, so a sentence is the same thing to each of them.

pub mod edges;
pub mod fold;
pub mod gazetteer;
pub mod sentences;
pub mod tokens;
pub mod words;
