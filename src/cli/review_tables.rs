//! Readable tables shared by `attest agree` and `attest evaluate`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::quality::compare::ConfusionTable;
use crate::quality::{Comparison, Counts, Ratio};

fn percent(value: f64) -> String {
    format!("{:.1}", value * 100.0)
}

fn ratio(r: Ratio) -> String {
    match r.value() {
        Some(v) => format!("{}/{} ({}%)", r.agree, r.total, percent(v)),
        None => "n/a (nothing to compare)".to_owned(),
    }
}

fn counts_cells(c: Counts) -> String {
    format!(
        "{:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
        c.true_positives,
        c.false_positives,
        c.false_negatives,
        percent(c.precision()),
        percent(c.recall()),
        percent(c.f1())
    )
}

/// Mentions per label (exact and overlap), kappa, actor links and claims.
/// `first` is the reference side, `second` the compared one.
pub fn scores_table(scores: &Comparison, first: &str, second: &str) -> String {
    let mut out = String::new();
    let labels: Vec<&String> = scores
        .exact_by_label
        .keys()
        .chain(scores.overlap_by_label.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let width = labels.iter().map(|l| l.len()).max().unwrap_or(0).max(8);
    let head = format!(
        "{:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
        "tp", "fp", "fn", "P%", "R%", "F1%"
    );
    let _ = writeln!(
        out,
        "  {:<width$}  {:<38} | overlapping span, same label",
        "mentions", "exact (span and label, CoNLL)"
    );
    let _ = writeln!(out, "  {:<width$}  {head} | {head}", "label");
    for label in labels {
        let exact = scores
            .exact_by_label
            .get(label)
            .copied()
            .unwrap_or_default();
        let overlap = scores
            .overlap_by_label
            .get(label)
            .copied()
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {label:<width$}  {} | {}",
            counts_cells(exact),
            counts_cells(overlap)
        );
    }
    let _ = writeln!(
        out,
        "  {:<width$}  {} | {}",
        "all",
        counts_cells(scores.exact),
        counts_cells(scores.overlap)
    );
    let kappa = scores
        .kappa
        .map_or_else(|| "n/a".to_owned(), |k| format!("{k:.3}"));
    let _ = writeln!(
        out,
        "  Cohen's kappa on labels of {} same-span pair(s): {kappa}",
        scores.span_pairs
    );
    let _ = writeln!(
        out,
        "  actor links equal on same-span pairs: {}",
        ratio(scores.actor_links)
    );
    matched_line(
        &mut out,
        "claims matched by cue",
        scores.claims,
        (first, second),
    );
    let _ = writeln!(
        out,
        "    same stance {}; same source {}; same responsible {}; same event {}",
        ratio(scores.claim_stance),
        ratio(scores.claim_source),
        ratio(scores.claim_responsible),
        ratio(scores.claim_event)
    );
    matched_line(
        &mut out,
        "events matched by trigger",
        scores.events,
        (first, second),
    );
    let _ = writeln!(
        out,
        "    same type and sub-type {}; same role fillers {}",
        ratio(scores.event_type),
        ratio(scores.event_roles)
    );
    out
}

/// `what: N matched, N only in second, N only in first (F1 N%)`.
fn matched_line(out: &mut String, what: &str, counts: Counts, (first, second): (&str, &str)) {
    let _ = writeln!(
        out,
        "  {what}: {} matched, {} only in {second}, {} only in {first} (F1 {}%)",
        counts.true_positives,
        counts.false_positives,
        counts.false_negatives,
        percent(counts.f1())
    );
}

/// Rows and columns of a confusion table.
pub fn confusion_table(table: &ConfusionTable, rows_title: &str) -> String {
    let mut columns: Vec<&String> = table
        .values()
        .flat_map(BTreeMap::keys)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    columns.sort_by_key(|c| (c.as_str() == crate::quality::compare::MISSED, *c));
    let width = table
        .keys()
        .map(String::len)
        .max()
        .unwrap_or(0)
        .max(rows_title.len());
    let mut out = String::new();
    let _ = write!(out, "  {rows_title:<width$}");
    for column in &columns {
        let _ = write!(out, " {column:>w$}", w = column.len().max(5));
    }
    out.push('\n');
    let mut rows: Vec<&String> = table.keys().collect();
    rows.sort_by_key(|r| (r.as_str() == crate::quality::compare::SPURIOUS, *r));
    for row in rows {
        let _ = write!(out, "  {row:<width$}");
        for column in &columns {
            let n = table
                .get(row)
                .and_then(|r| r.get(*column))
                .copied()
                .unwrap_or(0);
            let _ = write!(out, " {n:>w$}", w = column.len().max(5));
        }
        out.push('\n');
    }
    out
}
