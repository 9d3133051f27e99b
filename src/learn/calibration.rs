//! Calibrated scores: what a learned recommender's raw confidence is worth,
//! measured as held-out precision, so that the score an analyst sorts by
//! and `attest decide --min-score` filters on *is* the share of such
//! proposals that turned out right.
//!
//! Training cross-fits each learned layer over documents (see
//! [`super::cross_fit`]) and hands the held-out proposals here as
//! [`Outcome`]s. [`Calibration::fit`] is isotonic regression (the
//! pool-adjacent-violators algorithm) with a Laplace prior: proposals are
//! sorted by raw confidence and pooled into bands until the bands' right
//! shares rise with the confidence; each band's precision is then
//! `(right + 1) / (proposals + 2)`, pooled again wherever the smoothing
//! breaks the order. So 3 right of 3 is worth 0.8, not 1.0, and no count of
//! right proposals ever reaches 1.0. The map interpolates linearly between
//! the bands' mean confidences (as scikit-learn's isotonic regression
//! does), flat beyond the first and the last.
//!
//! Hand-written rather than taken from a crate: the algorithm is a dozen
//! lines, and the smoothing step that keeps small bands honest is not what
//! a general isotonic-regression crate offers.

use serde::{Deserialize, Serialize};

use super::eval::Scores;

/// One held-out proposal: its raw confidence and whether gold had exactly
/// its span and label.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcome {
    pub raw: f32,
    pub right: bool,
}

/// Pseudo-counts of the Laplace prior: every band starts as one right and
/// one wrong proposal (the rule of succession).
const PRIOR_RIGHT: f64 = 1.0;
const PRIOR_WRONG: f64 = 1.0;

/// What a model without a measured map proposes at most: a model file
/// written before calibration existed, or trained on a single document,
/// has no held-out proposals, and an unmeasured guess must not outrank a
/// rule's measured one.
pub const UNMEASURED_CEILING: f32 = 0.5;

/// One knot of the map: proposals around a raw confidence and how many
/// of them were right.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Knot {
    /// Mean raw confidence of the band's proposals.
    pub raw: f32,
    /// Calibrated score at `raw`: the band's smoothed precision.
    pub precision: f32,
    /// Held-out proposals in the band, and the right ones among them
    /// (both 0 for a knot that was not measured).
    pub proposals: u32,
    pub right: u32,
}

/// A monotone map from a layer's raw confidence to its held-out precision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// In rising order of `raw` and of `precision`.
    pub knots: Vec<Knot>,
}

/// A band while fitting: its counts and its raw confidences' sum.
#[derive(Clone, Copy)]
struct Band {
    proposals: u32,
    right: u32,
    raw_sum: f64,
}

impl Band {
    fn share(self) -> f64 {
        f64::from(self.right) / f64::from(self.proposals.max(1))
    }

    fn smoothed(self) -> f64 {
        (f64::from(self.right) + PRIOR_RIGHT)
            / (f64::from(self.proposals) + PRIOR_RIGHT + PRIOR_WRONG)
    }

    fn pool(self, other: Band) -> Band {
        Band {
            proposals: self.proposals + other.proposals,
            right: self.right + other.right,
            raw_sum: self.raw_sum + other.raw_sum,
        }
    }
}

/// Pools adjacent bands while `value` falls from one band to the next
/// (or, with `pool_ties`, stays equal): the pool-adjacent-violators pass.
fn pool_violators(bands: Vec<Band>, value: fn(Band) -> f64, pool_ties: bool) -> Vec<Band> {
    let mut pooled: Vec<Band> = Vec::with_capacity(bands.len());
    for band in bands {
        let mut band = band;
        while let Some(&last) = pooled.last() {
            let (before, after) = (value(last), value(band));
            if after < before || (pool_ties && after <= before) {
                band = last.pool(band);
                pooled.pop();
            } else {
                break;
            }
        }
        pooled.push(band);
    }
    pooled
}

impl Calibration {
    /// The map measured on held-out outcomes; `None` without any.
    pub fn fit(outcomes: &[Outcome]) -> Option<Self> {
        let mut sorted: Vec<Outcome> = outcomes
            .iter()
            .copied()
            .filter(|o| o.raw.is_finite())
            .collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(|a, b| a.raw.total_cmp(&b.raw));
        // Equal confidences are one band: the map cannot tell them apart.
        let mut bands: Vec<Band> = Vec::new();
        let mut last_raw = f32::NAN;
        for o in &sorted {
            let band = Band {
                proposals: 1,
                right: u32::from(o.right),
                raw_sum: f64::from(o.raw),
            };
            match bands.last_mut() {
                Some(last) if o.raw == last_raw => *last = last.pool(band),
                _ => bands.push(band),
            }
            last_raw = o.raw;
        }
        // Isotonic regression of the right shares (maximal bands: equal
        // shares pool too, so a run of right proposals is one band), then
        // the same pass over the smoothed precisions, which a small band's
        // prior may have put out of order.
        let bands = pool_violators(bands, Band::share, true);
        let bands = pool_violators(bands, Band::smoothed, false);
        let knots = bands
            .into_iter()
            .map(|b| Knot {
                raw: narrow(b.raw_sum / f64::from(b.proposals.max(1))),
                precision: narrow(b.smoothed()),
                proposals: b.proposals,
                right: b.right,
            })
            .collect();
        Some(Self { knots })
    }

    /// The conservative map of a layer without held-out proposals: the raw
    /// confidence, never above `ceiling`.
    pub fn ceiling(ceiling: f32) -> Self {
        let ceiling = ceiling.clamp(0.0, 1.0);
        let knot = |raw, precision| Knot {
            raw,
            precision,
            proposals: 0,
            right: 0,
        };
        Self {
            knots: vec![knot(0.0, 0.0), knot(ceiling, ceiling), knot(1.0, ceiling)],
        }
    }

    /// The conservative map of a layer whose model holds no map (written
    /// before calibration existed, or trained on a single document): the
    /// raw confidence, never above its held-out precision (`held_out`,
    /// smoothed as a band's is), nor above [`UNMEASURED_CEILING`] when it
    /// was never held out.
    pub fn unmeasured(held_out: Option<Scores>) -> Self {
        let Some(scores) = held_out.filter(|s| s.predicted > 0) else {
            return Self::ceiling(UNMEASURED_CEILING);
        };
        #[allow(clippy::cast_precision_loss)]
        let right = scores.precision.clamp(0.0, 1.0) * scores.predicted as f64;
        let proposals = u32::try_from(scores.predicted).unwrap_or(u32::MAX);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let band = Band {
            proposals,
            right: (right.round() as u32).min(proposals),
            raw_sum: 0.0,
        };
        Self::ceiling(narrow(band.smoothed()))
    }

    /// The calibrated score of a raw confidence.
    pub fn apply(&self, raw: f32) -> f32 {
        let (Some(first), Some(last)) = (self.knots.first(), self.knots.last()) else {
            return raw.min(UNMEASURED_CEILING);
        };
        if raw <= first.raw {
            return first.precision;
        }
        if raw >= last.raw {
            return last.precision;
        }
        let next = self.knots.partition_point(|k| k.raw <= raw);
        let (low, high) = (&self.knots[next - 1], &self.knots[next]);
        let width = high.raw - low.raw;
        if width <= 0.0 {
            return high.precision;
        }
        low.precision + (high.precision - low.precision) * (raw - low.raw) / width
    }

    /// Held-out proposals the map was measured on.
    pub fn proposals(&self) -> u32 {
        self.knots.iter().map(|k| k.proposals).sum()
    }
}

fn narrow(x: f64) -> f32 {
    // Shares and confidences lie in [0, 1]: f32 keeps them to 1e-7.
    #[allow(clippy::cast_possible_truncation)]
    let x = x as f32;
    x
}

/// One score band of a reliability table.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ReliabilityBand {
    /// The band's scores are in `from..to` (the last band includes `to`).
    pub from: f32,
    pub to: f32,
    pub proposals: usize,
    /// Mean score of its proposals (0 when there is none).
    pub mean_score: f64,
    /// Right share of its proposals (0 when there is none).
    pub precision: f64,
}

/// Proposals by score band of width `1 / bands`: how many, the mean score
/// and the share that was right — predicted against observed precision.
pub fn reliability(scored: &[Outcome], bands: usize) -> Vec<ReliabilityBand> {
    let bands = bands.max(1);
    let mut sums = vec![(0_usize, 0.0_f64, 0_usize); bands];
    for o in scored {
        let score = f64::from(o.raw.clamp(0.0, 1.0));
        // The score's band; a score of exactly 1 falls in the last one.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let index = ((score * bands as f64) as usize).min(bands - 1);
        let (n, total, right) = &mut sums[index];
        *n += 1;
        *total += score;
        *right += usize::from(o.right);
    }
    sums.into_iter()
        .enumerate()
        .map(|(i, (n, total, right))| {
            #[allow(clippy::cast_precision_loss)]
            let (n_f, right_f, i_f, bands_f) = (n as f64, right as f64, i as f32, bands as f32);
            ReliabilityBand {
                from: i_f / bands_f,
                to: (i_f + 1.0) / bands_f,
                proposals: n,
                mean_score: if n == 0 { 0.0 } else { total / n_f },
                precision: if n == 0 { 0.0 } else { right_f / n_f },
            }
        })
        .collect()
}

/// Expected calibration error: the proposals' weighted mean gap between a
/// band's mean score and its precision (0 for a calibrated scorer).
pub fn expected_calibration_error(table: &[ReliabilityBand]) -> f64 {
    let total: usize = table.iter().map(|b| b.proposals).sum();
    if total == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let weighted: f64 = table
        .iter()
        .map(|b| b.proposals as f64 * (b.mean_score - b.precision).abs())
        .sum::<f64>()
        / total as f64;
    weighted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcomes(pairs: &[(f32, bool)]) -> Vec<Outcome> {
        pairs
            .iter()
            .map(|&(raw, right)| Outcome { raw, right })
            .collect()
    }

    #[test]
    fn three_right_of_three_is_worth_well_under_one() {
        let map =
            Calibration::fit(&outcomes(&[(0.99, true), (0.999, true), (0.9999, true)])).unwrap();
        assert_eq!(map.knots.len(), 1, "{map:?}");
        assert!((map.apply(0.9999) - 0.8).abs() < 1e-6, "{map:?}");
        assert!((map.apply(1.0) - 0.8).abs() < 1e-6);
        assert_eq!(map.proposals(), 3);
    }

    #[test]
    fn the_map_rises_with_the_confidence_and_never_reaches_one() {
        // Right more often as the confidence rises, with noise that breaks
        // the order locally.
        let mut pairs = Vec::new();
        for i in 0..400_u32 {
            let raw = f32::from(u16::try_from(i).unwrap()) / 400.0;
            let right = (i * 7919 % 400) < i || i % 13 == 0;
            pairs.push((raw, right));
        }
        pairs.extend([(1.0, true); 50]);
        let map = Calibration::fit(&outcomes(&pairs)).unwrap();
        let mut previous = 0.0;
        for step in 0..=1000_u16 {
            let score = map.apply(f32::from(step) / 1000.0);
            assert!(score >= previous - 1e-6, "falls at {step}: {map:?}");
            assert!(score > 0.0 && score < 1.0, "{score} at {step}");
            previous = score;
        }
        for pair in map.knots.windows(2) {
            assert!(pair[0].raw < pair[1].raw && pair[0].precision <= pair[1].precision);
        }
        assert!(map.apply(0.05) < 0.3 && map.apply(0.999) > 0.9, "{map:?}");
    }

    #[test]
    fn a_wrong_proposal_at_the_top_pulls_its_band_down() {
        // Raw 0.9999 was wrong, everything above 0.6 else right.
        let map = Calibration::fit(&outcomes(&[
            (0.55, false),
            (0.62, true),
            (0.8, true),
            (0.9999, false),
        ]))
        .unwrap();
        assert!(map.apply(0.9999) <= 0.6, "{map:?}");
        assert!(map.apply(0.55) <= map.apply(0.9999));
    }

    #[test]
    fn without_held_out_proposals_the_raw_score_is_capped() {
        assert_eq!(Calibration::fit(&[]), None);
        let default = Calibration::unmeasured(None);
        assert_eq!(default.apply(0.9998), UNMEASURED_CEILING);
        assert!(
            (default.apply(0.3) - 0.3).abs() < 1e-6,
            "below the cap, as is"
        );
        // 9 right of 10 held out: no proposal above 10/12.
        let measured = Calibration::unmeasured(Some(Scores {
            precision: 0.9,
            predicted: 10,
            ..Scores::default()
        }));
        assert!((measured.apply(0.99) - 10.0 / 12.0).abs() < 1e-6);
    }

    #[test]
    fn reliability_bands_and_their_calibration_error() {
        let scored = outcomes(&[(0.95, true), (0.95, false), (0.15, false), (1.0, true)]);
        let table = reliability(&scored, 10);
        assert_eq!(table.len(), 10);
        assert_eq!(table[9].proposals, 3, "1.0 falls in the top band");
        assert!((table[9].precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((table[9].mean_score - 2.9 / 3.0).abs() < 1e-6);
        assert_eq!(table[1].proposals, 1);
        let ece = expected_calibration_error(&table);
        let expected = (3.0 * (2.9_f64 / 3.0 - 2.0 / 3.0) + 0.15) / 4.0;
        assert!((ece - expected).abs() < 1e-6, "{ece} {expected}");
    }
}
