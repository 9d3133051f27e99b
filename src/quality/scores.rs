//! Scores: true/false positives and misses with precision, recall and F1
//! (the conlleval convention: micro-averaged, 0 when undefined), shares of
//! agreeing pairs, and Cohen's kappa.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// True positives, false positives and false negatives.
// Written with its ratios (`CountsReport`); read back from the counts alone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "CountsReport")]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    /// `tp / (tp + fp)`, 0 when nothing was predicted.
    pub fn precision(self) -> f64 {
        share(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    /// `tp / (tp + fn)`, 0 when there is nothing to find.
    pub fn recall(self) -> f64 {
        share(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    /// Harmonic mean of precision and recall; symmetric in the two sides.
    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// How [`Counts`] appear in JSON: the counts and the three scores.
#[derive(Serialize)]
struct CountsReport {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    precision: f64,
    recall: f64,
    f1: f64,
}

impl From<Counts> for CountsReport {
    fn from(c: Counts) -> Self {
        Self {
            true_positives: c.true_positives,
            false_positives: c.false_positives,
            false_negatives: c.false_negatives,
            precision: c.precision(),
            recall: c.recall(),
            f1: c.f1(),
        }
    }
}

/// Of `total` compared pairs, `agree` were equal (an accuracy or an
/// agreement share).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(into = "RatioReport")]
pub struct Ratio {
    pub agree: usize,
    pub total: usize,
}

impl Ratio {
    pub fn record(&mut self, equal: bool) {
        self.total += 1;
        self.agree += usize::from(equal);
    }

    pub fn add(&mut self, other: Ratio) {
        self.agree += other.agree;
        self.total += other.total;
    }

    /// The share, `None` when nothing was compared.
    pub fn value(self) -> Option<f64> {
        (self.total > 0).then(|| share(self.agree, self.total))
    }
}

#[derive(Serialize)]
struct RatioReport {
    agree: usize,
    total: usize,
    value: Option<f64>,
}

impl From<Ratio> for RatioReport {
    fn from(r: Ratio) -> Self {
        Self {
            agree: r.agree,
            total: r.total,
            value: r.value(),
        }
    }
}

/// Cohen's kappa of two raters' labels on the same items:
/// `(p_o - p_e) / (1 - p_e)`, with `p_e` from each rater's own label
/// distribution. `None` when there are no items or chance agreement is
/// already total (both used one and the same label throughout).
pub fn cohen_kappa<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<f64> {
    cohen_kappa_counted(pairs.into_iter().map(|(a, b)| (a, b, 1)))
}

/// [`cohen_kappa`] on `(label A, label B, how many items)` triples.
pub fn cohen_kappa_counted<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str, usize)>,
) -> Option<f64> {
    let mut total = 0usize;
    let mut equal = 0usize;
    let mut marginals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (a, b, count) in pairs {
        total += count;
        if a == b {
            equal += count;
        }
        marginals.entry(a).or_default().0 += count;
        marginals.entry(b).or_default().1 += count;
    }
    if total == 0 {
        return None;
    }
    let n = total as f64;
    let observed = equal as f64 / n;
    let chance: f64 = marginals
        .values()
        .map(|&(a, b)| (a as f64 / n) * (b as f64 / n))
        .sum();
    if (1.0 - chance).abs() < f64::EPSILON {
        return None;
    }
    Some((observed - chance) / (1.0 - chance))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_recall_f1_by_hand() {
        let c = Counts {
            true_positives: 3,
            false_positives: 1,
            false_negatives: 2,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        // 2 * 0.75 * 0.6 / 1.35 = 0.9 / 1.35 = 2/3
        assert!((c.f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(
            Counts::default().f1(),
            0.0,
            "undefined is 0, as in conlleval"
        );
    }

    #[test]
    fn kappa_by_hand() {
        // 10 items: 4 (X,X), 3 (Y,Y), 2 (X,Y), 1 (Y,X).
        // p_o = 7/10. A: X 6, Y 4; B: X 5, Y 5.
        // p_e = 0.6*0.5 + 0.4*0.5 = 0.5; kappa = (0.7-0.5)/0.5 = 0.4.
        let mut pairs = vec![("X", "X"); 4];
        pairs.extend(vec![("Y", "Y"); 3]);
        pairs.extend(vec![("X", "Y"); 2]);
        pairs.push(("Y", "X"));
        let kappa = cohen_kappa(pairs).unwrap();
        assert!((kappa - 0.4).abs() < 1e-12, "{kappa}");
        assert_eq!(cohen_kappa([("X", "X"), ("X", "X")]), None);
        assert_eq!(cohen_kappa(Vec::<(&str, &str)>::new()), None);
        let perfect = cohen_kappa([("X", "X"), ("Y", "Y")]).unwrap();
        assert!((perfect - 1.0).abs() < 1e-12);
    }
}
