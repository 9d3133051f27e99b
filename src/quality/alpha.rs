//! Krippendorff's alpha for any number of annotators, on aligned units.
//!
//! The units of a document are the spans any of its annotators marked
//! (exact offsets); each annotator who has the document gives each unit a
//! value — the label they put on that span, or none. Nominal alpha over
//! these units measures agreement on whether and how a span is labelled:
//! `1 − D_o / D_e` from the coincidence matrix (Krippendorff, *Computing
//! Krippendorff's Alpha-Reliability*, 2011), every annotator weighing the
//! same, missing values (annotators without the document) left out. Spans
//! that overlap without matching are distinct units, each with "none" from
//! the other side: the unitizing variant (αU), which credits partial
//! overlap, is not computed. Per label, alpha is the binary one of "this
//! label" against anything else on the same units.
//!
//! Coincidences add up, so the figures are folded document by document.

use std::collections::BTreeMap;
use std::io;

use serde::ser::{Error as _, SerializeSeq as _};
use serde::{Serialize, Serializer};

use super::spill::{Record, Spill, SpilledList, option_of_words, option_words};
use crate::model::DocumentId;

/// The value of a unit an annotator left unlabelled.
pub const NONE: &str = "∅";

/// A coincidence matrix: for each ordered pair of values, how often two
/// different annotators gave them to one unit, each unit weighing its
/// number of pairable values. Kept as whole counts per unit size, so that
/// documents folded in any order (on several cores) give the same figures
/// to the last digit.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coincidences {
    /// (c, k) → unit size less one → pairs.
    pairs: BTreeMap<String, BTreeMap<String, BTreeMap<usize, u64>>>,
}

impl Coincidences {
    /// One unit and the values its annotators gave it (one each); a unit
    /// with fewer than two values is not pairable and adds nothing.
    pub fn add_unit(&mut self, values: &[&str]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        // Ordered pairs of the unit's values, counted per pair of distinct
        // values (a value's copies pair with each other but not themselves).
        let mut counted: Vec<(&str, u64)> = Vec::new();
        for value in values {
            match counted.iter_mut().find(|(v, _)| v == value) {
                Some((_, n)) => *n += 1,
                None => counted.push((value, 1)),
            }
        }
        for (c, nc) in &counted {
            for (k, nk) in &counted {
                let pairs = if c == k { nc * (nc - 1) } else { nc * nk };
                if pairs == 0 {
                    continue;
                }
                let row = match self.pairs.get_mut(*c) {
                    Some(row) => row,
                    None => self.pairs.entry((*c).to_owned()).or_default(),
                };
                let by_size = match row.get_mut(*k) {
                    Some(by_size) => by_size,
                    None => row.entry((*k).to_owned()).or_default(),
                };
                *by_size.entry(m - 1).or_default() += pairs;
            }
        }
    }

    pub fn merge(&mut self, other: &Coincidences) {
        for (c, row) in &other.pairs {
            let mine = self.pairs.entry(c.clone()).or_default();
            for (k, by_size) in row {
                let mine = mine.entry(k.clone()).or_default();
                for (size, n) in by_size {
                    *mine.entry(*size).or_default() += n;
                }
            }
        }
    }

    /// The matrix's cells as weights.
    fn weighted(&self) -> BTreeMap<(&str, &str), f64> {
        self.pairs
            .iter()
            .flat_map(|(c, row)| {
                row.iter()
                    .map(move |(k, by_size)| ((c.as_str(), k.as_str()), weigh(by_size)))
            })
            .collect()
    }

    /// Nominal alpha; `None` when it is undefined (fewer than two pairable
    /// values, or one value only: no variation to agree on).
    pub fn alpha(&self) -> Option<f64> {
        let pairs = self.weighted();
        let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
        for ((c, _), n) in &pairs {
            *totals.entry(c).or_default() += n;
        }
        let n: f64 = totals.values().sum();
        let observed: f64 = pairs
            .iter()
            .filter(|((c, k), _)| c != k)
            .map(|(_, n)| n)
            .sum();
        let expected: f64 = totals
            .iter()
            .flat_map(|(c, nc)| {
                totals
                    .iter()
                    .filter(move |(k, _)| *k != c)
                    .map(move |(_, nk)| nc * nk)
            })
            .sum::<f64>();
        if n <= 1.0 || expected <= 0.0 {
            return None;
        }
        Some(1.0 - (n - 1.0) * observed / expected)
    }
}

/// Pairs counted per unit size, weighed: each pair of a unit of `m`
/// values counts `1 / (m − 1)`.
fn weigh(by_size: &BTreeMap<usize, u64>) -> f64 {
    by_size
        .iter()
        .map(|(size, n)| *n as f64 / *size as f64)
        .sum()
}

/// An annotator's marks on a document: (start, end, label) of each
/// selected mention.
pub type Marks<'a> = Vec<(usize, usize, &'a str)>;

/// Alpha folded over documents: overall, per label, and per document (in
/// a temporary file).
#[derive(Debug)]
pub struct AlphaTally {
    overall: Coincidences,
    /// Per label, binary: (label, label) and (label, anything else) pairs,
    /// per unit size less one.
    by_label: BTreeMap<String, BTreeMap<usize, (u64, u64)>>,
    /// Pairable values of every unit, for the binary matrices' remainder.
    values: u64,
    /// Each document's [`Units`], one list.
    per_document: Spill,
}

/// A document's alpha and number of units, as kept until the report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Units {
    alpha: Option<f64>,
    units: usize,
}

impl Record for Units {
    fn to_words(&self) -> Vec<u64> {
        let [present, bits] = option_words(self.alpha);
        vec![present, bits, self.units as u64]
    }

    fn from_words(words: &[u64]) -> Option<Self> {
        let &[present, bits, units] = words else {
            return None;
        };
        Some(Self {
            alpha: option_of_words(present, bits),
            units: usize::try_from(units).ok()?,
        })
    }
}

/// Alpha's figures for a set of annotators.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AlphaReport {
    /// Over every unit of every document two or more annotators have.
    pub overall: Option<f64>,
    pub per_label: BTreeMap<String, Option<f64>>,
    /// Each such document's alpha and number of units, the lowest first
    /// (undefined ones last): where a curator starts.
    pub per_document: AlphaDocuments,
}

/// Documents by alpha, the lowest first, read back from the temporary
/// file their figures were written to: in memory, only where each starts.
#[derive(Clone, Debug, Default)]
pub struct AlphaDocuments {
    list: SpilledList<Units>,
    /// Where each document's record starts, in the order listed.
    order: Vec<u64>,
}

impl AlphaDocuments {
    /// Sorted by alpha (undefined as the highest), then by document id.
    fn sorted(list: SpilledList<Units>) -> io::Result<Self> {
        let mut keyed: Vec<(f64, u64)> = list
            .iter_at()
            .map(|entry| {
                entry.map(|(start, _, units)| (units.alpha.unwrap_or(f64::INFINITY), start))
            })
            .collect::<io::Result<_>>()?;
        // Stable: the list is in the order of the documents' ids.
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(Self {
            list,
            order: keyed.into_iter().map(|(_, start)| start).collect(),
        })
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The documents, the lowest alpha first.
    pub fn iter(&self) -> impl Iterator<Item = io::Result<DocumentAlpha>> + '_ {
        self.order.iter().map(|&start| {
            let (document, Units { alpha, units }) = self.list.read_at(start)?;
            Ok(DocumentAlpha {
                document,
                alpha,
                units,
            })
        })
    }
}

impl PartialEq for AlphaDocuments {
    fn eq(&self, other: &Self) -> bool {
        let all = |d: &Self| d.iter().collect::<io::Result<Vec<_>>>().ok();
        self.len() == other.len() && all(self).is_some_and(|mine| Some(mine) == all(other))
    }
}

/// Written as the list of [`DocumentAlpha`], the lowest first.
impl Serialize for AlphaDocuments {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for document in self.iter() {
            seq.serialize_element(&document.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentAlpha {
    pub document: DocumentId,
    pub alpha: Option<f64>,
    pub units: usize,
}

/// No document yet.
impl Default for AlphaTally {
    fn default() -> Self {
        Self {
            overall: Coincidences::default(),
            by_label: BTreeMap::new(),
            values: 0,
            per_document: Spill::new(1),
        }
    }
}

impl AlphaTally {
    /// One document: `spans[i]` is the (start, end, label) of annotator
    /// `i`'s selected mentions, `None` when they do not have the document.
    pub fn add_document(&mut self, document: &DocumentId, spans: &[Option<Marks<'_>>]) {
        let coders: Vec<&Marks<'_>> = spans.iter().flatten().collect();
        if coders.len() < 2 {
            return;
        }
        let mut units: BTreeMap<(usize, usize), Vec<&str>> = BTreeMap::new();
        for marked in &coders {
            for &(start, end, _) in marked.iter() {
                units.entry((start, end)).or_default();
            }
        }
        let mut here = Coincidences::default();
        for ((start, end), values) in &mut units {
            for marked in &coders {
                // One value per annotator: the first label of theirs there.
                let value = marked
                    .iter()
                    .filter(|(s, e, _)| s == start && e == end)
                    .map(|(_, _, label)| *label)
                    .min()
                    .unwrap_or(NONE);
                values.push(value);
            }
            here.add_unit(values);
            let m = values.len();
            self.values += m as u64;
            let labels: std::collections::BTreeSet<&str> =
                values.iter().copied().filter(|v| *v != NONE).collect();
            for label in labels {
                let with = values.iter().filter(|v| **v == label).count() as u64;
                let without = m as u64 - with;
                let (same, other) = self
                    .by_label
                    .entry(label.to_owned())
                    .or_default()
                    .entry(m - 1)
                    .or_default();
                *same += with * (with - 1);
                *other += with * without;
            }
        }
        self.overall.merge(&here);
        let figures = Units {
            alpha: here.alpha(),
            units: units.len(),
        };
        self.per_document.push(0, document, &figures);
    }

    pub fn merge(&mut self, other: AlphaTally) {
        self.overall.merge(&other.overall);
        for (label, by_size) in other.by_label {
            let mine = self.by_label.entry(label).or_default();
            for (size, (same, other_pairs)) in by_size {
                let entry = mine.entry(size).or_default();
                entry.0 += same;
                entry.1 += other_pairs;
            }
        }
        self.values += other.values;
        self.per_document.append(other.per_document);
    }

    /// The figures; an error if the per-document ones could not be kept in
    /// their temporary file.
    pub fn finish(self) -> io::Result<AlphaReport> {
        let n = self.values as f64;
        let per_label = self
            .by_label
            .into_iter()
            .map(|(label, by_size)| {
                let same: f64 = by_size
                    .iter()
                    .map(|(size, (s, _))| *s as f64 / *size as f64)
                    .sum();
                let other: f64 = by_size
                    .iter()
                    .map(|(size, (_, o))| *o as f64 / *size as f64)
                    .sum();
                // Binary: label L against anything else (X).
                let rest = n - same - 2.0 * other;
                let (n_l, n_x) = (same + other, other + rest);
                let alpha = (n > 1.0 && n_l > 0.0 && n_x > 0.0)
                    .then(|| 1.0 - (n - 1.0) * (2.0 * other) / (2.0 * n_l * n_x));
                (label, alpha)
            })
            .collect();
        let per_document = AlphaDocuments::sorted(self.per_document.finish()?.list(0))?;
        Ok(AlphaReport {
            overall: self.overall.alpha(),
            per_label,
            per_document,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_example_gives_krippendorffs_nominal_alpha() {
        // Krippendorff (2011), section C: four observers, twelve units;
        // nominal alpha 0.743 (the `krippendorff` Python package: 0.743421).
        let rows: [[Option<&str>; 12]; 4] = [
            [
                Some("1"),
                Some("2"),
                Some("3"),
                Some("3"),
                Some("2"),
                Some("1"),
                Some("4"),
                Some("1"),
                Some("2"),
                None,
                None,
                None,
            ],
            [
                Some("1"),
                Some("2"),
                Some("3"),
                Some("3"),
                Some("2"),
                Some("2"),
                Some("4"),
                Some("1"),
                Some("2"),
                Some("5"),
                None,
                Some("3"),
            ],
            [
                None,
                Some("3"),
                Some("3"),
                Some("3"),
                Some("2"),
                Some("3"),
                Some("4"),
                Some("2"),
                Some("2"),
                Some("5"),
                Some("1"),
                None,
            ],
            [
                Some("1"),
                Some("2"),
                Some("3"),
                Some("3"),
                Some("2"),
                Some("4"),
                Some("4"),
                Some("1"),
                Some("2"),
                Some("5"),
                Some("1"),
                None,
            ],
        ];
        let mut matrix = Coincidences::default();
        for unit in 0..12 {
            let values: Vec<&str> = rows.iter().filter_map(|row| row[unit]).collect();
            matrix.add_unit(&values);
        }
        let alpha = matrix.alpha().unwrap();
        assert!((alpha - 0.743_421_052_631_579).abs() < 1e-9, "{alpha}");
    }

    #[test]
    fn spans_become_units_valued_by_label_or_none_and_fold_by_document() {
        let doc = DocumentId::for_text("JNIM attacked Gao.");
        let ana = vec![(0, 4, "ARMED_GROUP"), (14, 17, "LOCATION")];
        let ben = vec![(0, 4, "ARMED_GROUP"), (14, 17, "LOCATION")];
        let chloe = vec![(0, 4, "ARMED_GROUP")];
        let first = [Some(ana.clone()), Some(ben.clone()), None];
        let mut agreed = AlphaTally::default();
        agreed.add_document(&doc, &first);
        let agreed = agreed.finish().unwrap();
        let mut tally = AlphaTally::default();
        tally.add_document(&doc, &first);
        // Two units, identical values: no disagreement, but variation.
        assert_eq!(agreed.overall, Some(1.0));
        tally.add_document(
            &DocumentId::for_text("other"),
            &[Some(ana), Some(ben), Some(chloe)],
        );
        let report = tally.finish().unwrap();
        let per_document: Vec<DocumentAlpha> =
            report.per_document.iter().map(Result::unwrap).collect();
        // By hand, the second document's units: (ARMED, ARMED, ARMED) and
        // (LOCATION, LOCATION, ∅).
        let mut second = Coincidences::default();
        second.add_unit(&["ARMED_GROUP"; 3]);
        second.add_unit(&["LOCATION", "LOCATION", NONE]);
        assert_eq!(per_document[0].alpha, second.alpha());
        assert!(per_document[0].alpha.unwrap() < 1.0);
        assert_eq!(per_document[1].alpha, Some(1.0));
        let mut all = second;
        all.add_unit(&["ARMED_GROUP"; 2]);
        all.add_unit(&["LOCATION"; 2]);
        assert_eq!(report.overall, all.alpha());
        // Per label, binary: ARMED_GROUP agreed everywhere; LOCATION not.
        assert_eq!(report.per_label["ARMED_GROUP"], Some(1.0));
        let location = report.per_label["LOCATION"].unwrap();
        let mut binary = Coincidences::default();
        for unit in [
            &["X", "X", "X"][..],
            &["L", "L", "X"][..],
            &["X", "X"][..],
            &["L", "L"][..],
        ] {
            binary.add_unit(unit);
        }
        assert!(
            (location - binary.alpha().unwrap()).abs() < 1e-12,
            "{location}"
        );
    }
}
