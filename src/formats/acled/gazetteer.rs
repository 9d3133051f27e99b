//! The populated places of Africa from GeoNames (CC BY 4.0), derived into
//! `assets/gazetteer.tsv` by `scripts/gazetteer.py`: a place written in a
//! note is looked up by its country and any of its spellings, and gives the
//! name GeoNames knows it by and its admin1 (the region, state or province
//! that ACLED's `admin1` column holds).
//!
//! The lookup is one hash probe per place written, on the folded spelling
//! (case, diacritics, hyphens and apostrophe styles ignored), so the table
//! is built once and never scanned.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::fold::fold;

/// The shipped table, as `scripts/gazetteer.py` writes it.
const TABLE: &str = include_str!("../../../assets/gazetteer.tsv");

/// A place of the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GazetteerPlace<'a> {
    /// The name GeoNames gives the place ("Bosaso" for "Bosasso").
    pub name: &'a str,
    /// Its first-level administrative division ("Bari"), or empty.
    pub admin1: &'a str,
}

/// How well a spelling names a place: its main name beats another spelling,
/// and a more populous place beats a smaller one of the same spelling.
type Rank = (bool, u64);

/// Places by country code and folded spelling.
#[derive(Debug, Default)]
pub struct Gazetteer<'a> {
    by_spelling: HashMap<(&'a str, String), (Rank, GazetteerPlace<'a>)>,
}

impl<'a> Gazetteer<'a> {
    /// Reads a table of `country, name, admin1, population, spellings`
    /// lines (spellings comma-separated); `#` lines are comments and a
    /// malformed line is skipped.
    pub fn parse(table: &'a str) -> Self {
        let mut gazetteer = Self::default();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let mut cells = line.split('\t');
            let (Some(country), Some(name), Some(admin1), Some(population)) =
                (cells.next(), cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            let population = population.parse().unwrap_or(0);
            let place = GazetteerPlace { name, admin1 };
            gazetteer.add(country, name, (true, population), place);
            for spelling in cells.next().unwrap_or_default().split(',') {
                gazetteer.add(country, spelling, (false, population), place);
            }
        }
        gazetteer
    }

    fn add(&mut self, country: &'a str, spelling: &str, rank: Rank, place: GazetteerPlace<'a>) {
        let key = fold(spelling, true);
        if key.is_empty() {
            return;
        }
        let entry = self
            .by_spelling
            .entry((country, key))
            .or_insert((rank, place));
        if rank > entry.0 {
            *entry = (rank, place);
        }
    }

    /// The place of the country (ISO code, "SO") written `spelling`.
    pub fn find(&self, country: &str, spelling: &str) -> Option<GazetteerPlace<'a>> {
        self.by_spelling
            .get(&(country, fold(spelling, true)))
            .map(|(_, place)| *place)
    }
}

/// The shipped gazetteer, read on first use.
pub fn shipped() -> &'static Gazetteer<'static> {
    static SHIPPED: LazyLock<Gazetteer<'static>> = LazyLock::new(|| Gazetteer::parse(TABLE));
    &SHIPPED
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# country\tname\tadmin1\tpopulation\tspellings\n\
        SO\tBosaso\tBari\t74287\tBosasso,Boosaaso\n\
        ML\tSégou\tSegou\t130690\tSegu\n\
        ML\tSegou\tKoulikoro\t600\t\n\
        NE\tTéra\tTillaberi\t39410\tTera\n\
        broken line\n";

    #[test]
    fn a_spelling_finds_the_place_and_its_admin1() {
        let gazetteer = Gazetteer::parse(TABLE);
        let bosaso = Some(GazetteerPlace {
            name: "Bosaso",
            admin1: "Bari",
        });
        assert_eq!(gazetteer.find("SO", "Bosasso"), bosaso);
        assert_eq!(gazetteer.find("SO", "boosaaso"), bosaso);
        assert_eq!(gazetteer.find("NE", "Tera").map(|p| p.name), Some("Téra"));
        assert_eq!(gazetteer.find("ML", "Bosasso"), None, "another country's");
        assert_eq!(gazetteer.find("SO", "Bari"), None, "not a spelling");
    }

    #[test]
    fn the_larger_place_of_a_shared_name_wins() {
        let gazetteer = Gazetteer::parse(TABLE);
        assert_eq!(
            gazetteer.find("ML", "Ségou").map(|p| p.admin1),
            Some("Segou")
        );
    }

    #[test]
    fn the_shipped_table_holds_the_sahel_and_its_neighbours() {
        let gazetteer = shipped();
        for (country, spelling, admin1) in [
            ("ML", "Douentza", "Mopti"),
            ("BF", "Djibo", "Sahel"),
            ("NE", "Tillabery", "Tillaberi"),
            ("NG", "Maiduguri", "Borno"),
        ] {
            assert_eq!(
                gazetteer.find(country, spelling).map(|p| p.admin1),
                Some(admin1),
                "{spelling}"
            );
        }
    }
}
