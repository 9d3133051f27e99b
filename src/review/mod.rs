//! Review without a GUI: how far two annotators agree, and how good an
//! extractor is against gold.
//!
//! Both questions compare two views of the same documents, so they share
//! one matcher ([`matching`]), one per-document comparison ([`compare`]) and
//! one set of scores ([`scores`]); [`agreement`] and [`evaluate`] only
//! choose which documents and items to compare and how to report them.
//! The comparisons are pure; `app::jobs::review` reads a project's files
//! for them, for the CLI and the GUI alike.

pub mod agreement;
pub mod compare;
pub mod evaluate;
pub mod matching;
pub mod scores;

#[cfg(test)]
pub(crate) mod test_util;

pub use agreement::{Agreement, PairAgreement, agree};
pub use compare::{Comparison, DocumentComparison, compare_document};
pub use evaluate::{ErrorKind, Evaluation, ExtractionError, evaluate};
pub use matching::{MatchMode, Matching, Selection, match_claims, match_mentions};
pub use scores::{Counts, Ratio, cohen_kappa};
