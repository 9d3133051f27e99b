//! The populated places of Africa from GeoNames (CC BY 4.0), derived into
//! `assets/gazetteer.tsv` by `scripts/gazetteer.py`: a place written in a
//! note is looked up by its country and any of its spellings, and gives the
//! name GeoNames knows it by and its admin1 (the region, state or province
//! that ACLED's `admin1` column holds).
//!
//! The lookup is one hash probe per place written, on the folded spelling
//! (case, diacritics, hyphens and apostrophe styles ignored), so the table
//! is built once and never scanned. It lives with the text layer because
//! both the suggesters (is this capitalised name a village?) and the ACLED
//! export (which region is it in?) ask it.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use crate::text::fold::fold;

/// The shipped table, as `scripts/gazetteer.py` writes it.
const TABLE: &str = include_str!("../../assets/gazetteer.tsv");

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

/// The places a folded spelling names in one country.
#[derive(Debug)]
struct Named<'a> {
    /// The best of them by [`Rank`].
    best: (Rank, GazetteerPlace<'a>),
    /// Whether it is the main name of one of them.
    main: bool,
    /// How many distinct places it names.
    places: usize,
    /// Whether a place of another region ranks as high as the best: two
    /// villages of one name, neither with a population known.
    tied: bool,
}

/// Places by country code and folded spelling, and the main names by
/// their one-letter-shorter forms (to find a name misspelt by a letter).
#[derive(Debug, Default)]
pub struct Gazetteer<'a> {
    by_spelling: HashMap<(&'a str, String), Named<'a>>,
    /// Every folded spelling, whatever its country: a suggester does not
    /// know which country a text is about.
    spellings: HashSet<String>,
    main_by_deletion: HashMap<(&'a str, String), Vec<GazetteerPlace<'a>>>,
}

/// The shortest folded spelling read as a misspelling of a main name: a
/// letter off in a shorter name is another name ("Kaya", "Kayes").
const MIN_RESPELLED_CHARS: usize = 6;

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
        let main = rank.0;
        // Only a town is guessed from a misspelling: among thousands of
        // villages (of no known population) an unknown spelling is often a
        // letter away from another village than the one meant.
        let town = rank.1 > 0;
        if main && town && key.chars().count() >= MIN_RESPELLED_CHARS {
            for shorter in deletions(&key) {
                let places = self.main_by_deletion.entry((country, shorter)).or_default();
                if !places.contains(&place) {
                    places.push(place);
                }
            }
        }
        if !self.spellings.contains(&key) {
            self.spellings.insert(key.clone());
        }
        let entry = self.by_spelling.entry((country, key)).or_insert(Named {
            best: (rank, place),
            main,
            places: 0,
            tied: false,
        });
        if entry.best.1 != place || entry.places == 0 {
            entry.places += 1;
        }
        entry.main |= main;
        if rank > entry.best.0 {
            entry.best = (rank, place);
            entry.tied = false;
        } else if rank == entry.best.0 && place.admin1 != entry.best.1.admin1 {
            entry.tied = true;
        }
    }

    /// The place of the country (ISO code, "SO") written `spelling`. A
    /// name that places of different regions share with nothing to rank
    /// them (villages of no known population) has no admin1: the region
    /// is not guessed.
    pub fn find(&self, country: &str, spelling: &str) -> Option<GazetteerPlace<'a>> {
        self.by_spelling
            .get(&(country, fold(spelling, true)))
            .map(|named| {
                let mut place = named.best.1;
                if named.tied {
                    place.admin1 = "";
                }
                place
            })
    }

    /// Whether a place of any country is written `spelling`.
    pub fn knows(&self, spelling: &str) -> bool {
        self.spellings.contains(&fold(spelling, true))
    }

    /// The one main name of the country a letter away from `spelling`
    /// ("Bossaso" for Bosaso), when the gazetteer knows no place spelt so.
    /// A spelling the gazetteer has is kept as written, even another
    /// spelling of a place ("Beled Weyn" for Beledweyne): coders often write
    /// those. A name split or joined differently ("Ceel Buur", "Ceelbuur")
    /// is a spelling of its own, and a letter from two places names neither.
    pub fn respelled(&self, country: &str, spelling: &str) -> Option<GazetteerPlace<'a>> {
        let key = fold(spelling, true);
        if key.chars().count() < MIN_RESPELLED_CHARS
            || self.by_spelling.contains_key(&(country, key.clone()))
        {
            return None;
        }
        let mut near: Vec<GazetteerPlace<'a>> = Vec::new();
        let mut consider = |place: GazetteerPlace<'a>| {
            if !near.contains(&place) && one_edit_apart(&key, &fold(place.name, true)) {
                near.push(place);
            }
        };
        // A letter missing from the spelling, one too many, or one changed.
        for place in self
            .main_by_deletion
            .get(&(country, key.clone()))
            .into_iter()
            .flatten()
        {
            consider(*place);
        }
        for shorter in deletions(&key) {
            if let Some(named) = self.by_spelling.get(&(country, shorter.clone()))
                && named.main
            {
                if named.places > 1 {
                    return None;
                }
                if named.best.0.1 > 0 {
                    consider(named.best.1);
                }
            }
            for place in self
                .main_by_deletion
                .get(&(country, shorter))
                .into_iter()
                .flatten()
            {
                consider(*place);
            }
        }
        match near.as_slice() {
            [place] => Some(*place),
            _ => None,
        }
    }
}

/// `key` with each of its letters left out in turn.
fn deletions(key: &str) -> impl Iterator<Item = String> + '_ {
    key.char_indices().map(move |(at, c)| {
        let mut shorter = String::with_capacity(key.len());
        shorter.push_str(&key[..at]);
        shorter.push_str(&key[at + c.len_utf8()..]);
        shorter
    })
}

/// Whether one letter added, removed or changed, not a space, turns `a`
/// into `b`.
fn one_edit_apart(a: &str, b: &str) -> bool {
    a.split(' ').count() == b.split(' ').count() && strsim::levenshtein(a, b) == 1
}

/// The shipped gazetteer, read on first use.
pub fn shipped() -> &'static Gazetteer<'static> {
    static SHIPPED: LazyLock<Gazetteer<'static>> = LazyLock::new(|| Gazetteer::parse(TABLE));
    &SHIPPED
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE_SHIPPED: &str = super::TABLE;

    const TABLE: &str = "# country\tname\tadmin1\tpopulation\tspellings\n\
        SO\tBosaso\tBari\t74287\tBosasso,Boosaaso\n\
        ML\tSégou\tSegou\t130690\tSegu\n\
        ML\tSegou\tKoulikoro\t600\t\n\
        NE\tTéra\tTillaberi\t39410\tTera\n\
        ML\tDouentza\tMopti\t28005\tDouenza\n\
        BF\tNassoumbou\tSahel\t0\t\n\
        ML\tKasséla\tKoulikoro\t0\t\n\
        ML\tKasséla\tSikasso\t0\t\n\
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
        assert!(gazetteer.knows("boosaaso"));
        assert!(gazetteer.knows("Tera"));
        assert!(!gazetteer.knows("Bari"));
    }

    #[test]
    fn a_misspelling_of_one_place_is_respelled_as_its_main_name() {
        let gazetteer = Gazetteer::parse(TABLE);
        let named = |country, spelling| gazetteer.respelled(country, spelling).map(|p| p.name);
        assert_eq!(named("SO", "Bossaso"), Some("Bosaso"), "a letter too many");
        assert_eq!(named("ML", "Duentza"), Some("Douentza"), "a letter missing");
        assert_eq!(named("SO", "Bosuso"), Some("Bosaso"), "a letter changed");
        assert_eq!(named("SO", "Bosasso"), None, "another spelling is kept");
        assert_eq!(named("SO", "Bosaso"), None, "a main name is kept");
        assert_eq!(named("SO", "Bos aso"), None, "split otherwise");
        assert_eq!(named("ML", "Segouu"), None, "Ségou or Segou: two places");
        assert_eq!(named("ML", "Bossaso"), None, "another country's");
        assert_eq!(named("NE", "Terra"), None, "too short to guess");
        assert_eq!(named("BF", "Nassoumbu"), None, "a village is not guessed");
        assert_eq!(named("BF", "Nassoumboou"), None, "nor with a letter more");
    }

    #[test]
    fn a_misspelling_near_two_places_names_neither() {
        let gazetteer = Gazetteer::parse(
            "NG\tKagoma\tKaduna\t100\t\n\
             NG\tKagama\tNiger\t100\t\n\
             NG\tKaruma\tKwara\t100\tKagumma\n\
             NG\tKatuma\tKano\t100\tKagumma\n",
        );
        assert_eq!(
            gazetteer.respelled("NG", "Kagema"),
            None,
            "Kagoma or Kagama"
        );
        assert_eq!(
            gazetteer.respelled("NG", "Kagumma"),
            None,
            "Karuma or Katuma"
        );
        assert_eq!(
            gazetteer.respelled("NG", "Kagomma").map(|p| p.name),
            Some("Kagoma")
        );
    }

    #[test]
    fn villages_sharing_a_name_in_two_regions_give_no_region() {
        let gazetteer = Gazetteer::parse(TABLE);
        assert_eq!(
            gazetteer.find("ML", "Kassela"),
            Some(GazetteerPlace {
                name: "Kasséla",
                admin1: ""
            })
        );
        assert_eq!(
            gazetteer.find("BF", "Nassoumbou").map(|p| p.admin1),
            Some("Sahel"),
            "one village of its name keeps its region"
        );
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
    fn the_sahel_regions_are_spelt_as_acled_spells_them() {
        const ACLED_REGIONS: &[(&str, &[&str])] = &[
            (
                "BF",
                &[
                    "Boucle du Mouhoun",
                    "Cascades",
                    "Centre",
                    "Centre-Est",
                    "Centre-Nord",
                    "Centre-Ouest",
                    "Centre-Sud",
                    "Est",
                    "Hauts-Bassins",
                    "Nord",
                    "Plateau-Central",
                    "Sahel",
                    "Sud-Ouest",
                ],
            ),
            (
                "ML",
                &[
                    "Bamako",
                    "Gao",
                    "Kayes",
                    "Kidal",
                    "Koulikoro",
                    "Menaka",
                    "Mopti",
                    "Segou",
                    "Sikasso",
                    "Taoudenit",
                    "Tombouctou",
                ],
            ),
            (
                "NE",
                &[
                    "Agadez",
                    "Diffa",
                    "Dosso",
                    "Maradi",
                    "Niamey",
                    "Tahoua",
                    "Tillaberi",
                    "Zinder",
                ],
            ),
        ];
        for line in TABLE_SHIPPED.lines().filter(|l| !l.starts_with('#')) {
            let cells: Vec<&str> = line.split('\t').collect();
            let Some((_, regions)) = ACLED_REGIONS.iter().find(|(c, _)| *c == cells[0]) else {
                continue;
            };
            assert!(cells[2].is_empty() || regions.contains(&cells[2]), "{line}");
        }
    }

    #[test]
    fn the_shipped_table_holds_the_sahel_and_its_neighbours() {
        let gazetteer = shipped();
        for (country, spelling, admin1) in [
            ("ML", "Douentza", "Mopti"),
            ("BF", "Djibo", "Sahel"),
            ("NE", "Tillabery", "Tillaberi"),
            ("NG", "Maiduguri", "Borno"),
            // Villages, which only GeoNames' full country dumps hold.
            ("BF", "Nassoumbou", "Sahel"),
            ("BF", "Madjoari", "Est"),
            ("ML", "Mondoro", "Mopti"),
            ("ML", "Ménaka", "Menaka"),
            ("NE", "Tongo Tongo", "Tillaberi"),
        ] {
            assert_eq!(
                gazetteer.find(country, spelling).map(|p| p.admin1),
                Some(admin1),
                "{spelling}"
            );
        }
    }
}
