//! Train/dev/test splits that keep each document whole and depend only on
//! the seed and the documents' ids.
//!
//! Documents are ordered by a seeded hash of their id (a permutation that
//! needs no random-number crate and does not depend on the project's order),
//! then cut at the requested percentages.

use std::fmt;

use super::FormatError;

/// Percentages of documents per part (`80,10,10`) and the seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// One to three numbers summing to 100: train, test; or train, dev, test.
    pub percents: Vec<u32>,
    pub seed: u64,
}

impl Split {
    /// Parses `80,10,10` (train, dev, test), `90,10` (train, test) or `100`.
    pub fn parse(percents: &str, seed: u64) -> Result<Self, FormatError> {
        let invalid = |reason: &str| FormatError::InvalidSplit {
            value: percents.to_owned(),
            reason: reason.to_owned(),
        };
        let numbers = percents
            .split(',')
            .map(|p| p.trim().parse::<u32>())
            .collect::<Result<Vec<u32>, _>>()
            .map_err(|_| {
                invalid("expected whole percentages separated by commas, like 80,10,10")
            })?;
        if numbers.is_empty() || numbers.len() > 3 {
            return Err(invalid("expected one to three parts: train, dev, test"));
        }
        if numbers.iter().sum::<u32>() != 100 {
            return Err(invalid("the parts must add up to 100"));
        }
        Ok(Self {
            percents: numbers,
            seed,
        })
    }

    /// The part names, in order.
    pub fn names(&self) -> &'static [&'static str] {
        match self.percents.len() {
            1 => &["train"],
            2 => &["train", "test"],
            _ => &["train", "dev", "test"],
        }
    }

    /// Distributes items (documents) over the parts; within a part, items
    /// keep their given order.
    pub fn assign<T>(&self, items: Vec<T>, id: impl Fn(&T) -> &str) -> Vec<(String, Vec<T>)> {
        let mut ranked: Vec<(u64, String, usize)> = items
            .iter()
            .enumerate()
            .map(|(i, item)| (seeded_hash(self.seed, id(item)), id(item).to_owned(), i))
            .collect();
        ranked.sort();
        let total = items.len();
        let mut part_of = vec![0; total];
        let mut cumulative = 0;
        let mut start = 0;
        for (part, percent) in self.percents.iter().enumerate() {
            cumulative += u64::from(*percent);
            // Round half up, in integers: ⌊(total·cumulative + 50) / 100⌋.
            let end = usize::try_from((total as u64 * cumulative + 50) / 100).unwrap_or(total);
            for (_, _, index) in &ranked[start..end.min(total)] {
                part_of[*index] = part;
            }
            start = end.min(total);
        }
        let mut parts: Vec<(String, Vec<T>)> = self
            .names()
            .iter()
            .map(|n| ((*n).to_owned(), Vec::new()))
            .collect();
        for (item, part) in items.into_iter().zip(part_of) {
            parts[part].1.push(item);
        }
        parts
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let percents: Vec<String> = self.percents.iter().map(u32::to_string).collect();
        write!(f, "{} (seed {})", percents.join(","), self.seed)
    }
}

/// FNV-1a over the id, mixed with the seed by SplitMix64's finaliser: the
/// same on every machine and every Rust version, unlike `DefaultHasher`.
fn seeded_hash(seed: u64, id: &str) -> u64 {
    let fnv = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    let mut z = fnv ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("doc{i:03}")).collect()
    }

    #[test]
    fn parts_have_the_requested_sizes_and_keep_every_document() {
        let split = Split::parse("80,10,10", 7).unwrap();
        let parts = split.assign(ids(20), |s| s.as_str());
        let sizes: Vec<usize> = parts.iter().map(|(_, p)| p.len()).collect();
        assert_eq!(sizes, [16, 2, 2]);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["train", "dev", "test"]);
        let mut all: Vec<String> = parts.into_iter().flat_map(|(_, p)| p).collect();
        all.sort();
        assert_eq!(all, ids(20));
    }

    #[test]
    fn the_seed_decides_and_input_order_does_not() {
        let split = Split::parse("80,10,10", 7).unwrap();
        let a = split.assign(ids(30), |s| s.as_str());
        let mut reversed = ids(30);
        reversed.reverse();
        let mut b = split.assign(reversed, |s| s.as_str());
        for (_, part) in &mut b {
            part.reverse();
        }
        assert_eq!(a, b);
        let other = Split::parse("80,10,10", 8)
            .unwrap()
            .assign(ids(30), |s| s.as_str());
        assert_ne!(a, other);
    }

    #[test]
    fn bad_splits_are_refused_with_the_reason() {
        assert!(Split::parse("80,10", 1).is_err(), "sums to 90");
        assert!(Split::parse("50,20,20,10", 1).is_err());
        assert!(
            Split::parse("eighty", 1)
                .unwrap_err()
                .to_string()
                .contains("percentages")
        );
        assert_eq!(
            Split::parse("90, 10", 1).unwrap().names(),
            ["train", "test"]
        );
    }
}
