//! The quality of annotations, without a GUI: how far two annotators agree,
//! how good an extractor is against gold, how their disagreements are
//! settled into gold ([`adjudication`]), and who is held responsible for
//! each event ([`who_did_what`]). (Named apart from [`crate::model::Review`],
//! an item's review status.)
//!
//! Both questions compare two views of the same documents, so they share
//! one matcher ([`matching`]), one per-document comparison ([`compare`]) and
//! one set of scores ([`scores`]); [`agreement`] and [`evaluate`] only
//! choose which documents and items to compare and how to report them.
//! The comparisons are pure; `app::jobs::review` reads a project's files
//! for them, for the CLI and the GUI alike.

pub mod adjudication;
pub mod agreement;
pub mod alpha;
pub mod compare;
pub mod curation;
pub mod evaluate;
pub mod matching;
mod numbered;
pub mod scores;
pub mod spill;
pub mod who_did_what;

#[cfg(test)]
pub(crate) mod test_util;

pub use agreement::{Agreement, AgreementTally, DocumentScores, PairAgreement, agree};
pub use compare::{Comparison, DocumentComparison, compare_document};
pub use evaluate::{ErrorKind, Evaluation, ExtractionError, evaluate};
pub use matching::{MatchMode, Matching, Selection, match_claims, match_mentions};
pub use scores::{Counts, Ratio, cohen_kappa};
