//! The actor catalogue: canonical actors and places with their aliases.
//!
//! Mentions link to catalogue ids, so that "JNIM", "GSIM" and "the Group for
//! the Support of Islam and Muslims" count as one actor in every dataset.
//! The Sahel catalogue ships in `assets/catalogue.ron`; a project extends it
//! with its own `catalogue.ron`.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// What sort of actor this is; decides the label a match is given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActorKind {
    StateForce,
    ArmedGroup,
    ForeignForce,
    Militia,
    Civilians,
    Organization,
    Person,
    /// A news agency or outlet that reports: AFP, Reuters, RFI.
    Media,
}

impl ActorKind {
    /// The default schema's entity label for this kind of actor.
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::StateForce => "STATE_FORCE",
            ActorKind::ArmedGroup | ActorKind::Militia => "ARMED_GROUP",
            ActorKind::ForeignForce => "FOREIGN_FORCE",
            ActorKind::Civilians => "CIVILIANS",
            ActorKind::Organization => "ORGANIZATION",
            ActorKind::Person => "PERSON",
            ActorKind::Media => "SOURCE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable id, e.g. `jnim`.
    pub id: String,
    /// Canonical English name.
    pub name: String,
    pub kind: ActorKind,
    /// Other names: acronyms, full names, descriptors — English ones, and
    /// (in the shipped catalogue, which predates `aliases_fr`) French ones too.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Other names in French, matched like `aliases`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_fr: Vec<String>,
    /// The coalition or organisation this actor belongs to (Katiba Macina → JNIM).
    #[serde(default)]
    pub parent: Option<String>,
    /// ISO 3166 alpha-2 code of the country it belongs to or operates in.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub description: String,
    /// The name ACLED codes the actor by (`Al Shabaab`, `Military Forces
    /// of Nigeria (2015-)`), which the ACLED export writes; state forces
    /// carry the period of the regime they serve, as ACLED names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acled: Option<String>,
    /// Words that name it in its country where a report only describes
    /// the perpetrators ("insurgents", "Islamic militants" in Mozambique):
    /// ACLED codes a country's insurgency by one name, whatever a report
    /// calls it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub described_as: Vec<String>,
    /// The names ACLED coded the actor by before `acled`, oldest first: a
    /// state force is named by the regime it serves, and an event is coded
    /// by the regime of its day (`Military Forces of Mali (2020-2021)` for
    /// an attack of October 2020).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acled_before: Vec<EarlierName>,
}

/// A name ACLED gave an actor until a day (see [`Actor::acled_before`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierName {
    /// The first day the next name applies: the day the regime fell.
    pub until: jiff::civil::Date,
    pub acled: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PlaceKind {
    Country,
    Region,
    Town,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Other names in French, matched like `aliases`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases_fr: Vec<String>,
    #[serde(default)]
    pub country: Option<String>,
}

impl Actor {
    /// Every name the actor is found by: its canonical name and its aliases
    /// in every language.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.aliases_fr.iter().map(String::as_str))
    }
}

impl Place {
    /// Every name the place is found by: its canonical name and its aliases
    /// in every language.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.aliases_fr.iter().map(String::as_str))
    }
}

/// The branch ACLED names after a force (`Military Forces of Cameroon
/// (1982-) Gendarmerie`).
const GENDARMERIE: &str = " Gendarmerie";

/// `text` in lower case, its words split by single spaces and padded with
/// one, so that a phrase is found as whole words: " al shabaab ".
fn padded_words(text: &str) -> String {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!(" {} ", words.join(" "))
}

/// Actors and places, shipped and per project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub places: Vec<Place>,
    /// Entries merged into another: removed id → surviving id. A project
    /// records here the shipped entries it merged away (they are dropped when
    /// the catalogues are combined) and every merge, so that a mention still
    /// linked to a removed id (a teammate's file from before the merge) is
    /// resolved to the survivor.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub merged: std::collections::BTreeMap<String, String>,
}

const SAHEL_CATALOGUE_RON: &str = include_str!("../../assets/catalogue.ron");

impl Catalogue {
    /// The shipped Sahel catalogue from `assets/catalogue.ron`.
    pub fn sahel_default() -> Self {
        // Compiled in and covered by a test: a parse failure is a build defect.
        ron::from_str(SAHEL_CATALOGUE_RON).expect("assets/catalogue.ron is valid")
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    /// The id an entry's id stands for now: itself, or the entry it was
    /// merged into (following chains of merges).
    pub fn resolve<'a>(&'a self, id: &'a str) -> &'a str {
        let mut current = id;
        // Bounded: a cycle (only possible by hand-editing) stops somewhere.
        for _ in 0..=self.merged.len() {
            match self.merged.get(current) {
                Some(next) => current = next,
                None => break,
            }
        }
        current
    }

    /// Display name of an actor or place id (of its survivor, when merged).
    pub fn name_of(&self, id: &str) -> Option<&str> {
        let id = self.resolve(id);
        self.actor(id)
            .map(|a| a.name.as_str())
            .or_else(|| self.place(id).map(|p| p.name.as_str()))
    }

    /// The name ACLED codes an entry by: its `acled` name, else its canonical name.
    pub fn acled_name_of(&self, id: &str) -> Option<&str> {
        let id = self.resolve(id);
        match self.actor(id) {
            Some(actor) => Some(actor.acled.as_deref().unwrap_or(&actor.name)),
            None => self.place(id).map(|p| p.name.as_str()),
        }
    }

    /// [`Self::acled_name_of`], narrowed to the country named `country`
    /// where the entry has a branch there ("Islamic State" in Egypt is
    /// `Islamic State (Egypt)`).
    pub fn acled_name_in(&self, id: &str, country: &str) -> Option<&str> {
        let id = self.resolve(id);
        let code = self
            .places
            .iter()
            .find(|p| {
                p.kind == PlaceKind::Country && p.names().any(|n| n.eq_ignore_ascii_case(country))
            })
            .and_then(|p| p.country.as_deref());
        // A branch bears its parent's name ("Islamic State (Egypt)"); a
        // component does not ("Katiba Macina" of JNIM).
        let parent_name = self.acled_name_of(id)?;
        let branch = code.and_then(|code| {
            self.actors.iter().find(|a| {
                a.parent.as_deref() == Some(id)
                    && a.country.as_deref() == Some(code)
                    && a.acled
                        .as_deref()
                        .is_some_and(|name| name.starts_with(parent_name))
            })
        });
        match branch {
            Some(actor) => actor.acled.as_deref(),
            None => self.acled_name_of(id),
        }
    }

    /// The ACLED name of the actor of `country` that `text` describes by
    /// one of its `described_as` words (whole words, any case), for a
    /// mention with no entry (`entry` is `None`) or an entry of another
    /// country ("al-Shabaab" in Mozambique is not Somalia's).
    pub fn acled_described(&self, country: &str, entry: Option<&str>, text: &str) -> Option<&str> {
        let code = self.country_code(country)?;
        let entry_country = entry
            .and_then(|id| self.actor(self.resolve(id)))
            .and_then(|a| a.country.as_deref());
        if entry.is_some() && entry_country.is_none_or(|c| c == code) {
            return None;
        }
        let words = padded_words(text);
        self.actors
            .iter()
            .filter(|a| a.country.as_deref() == Some(code))
            .find(|a| {
                a.described_as
                    .iter()
                    .any(|d| words.contains(&padded_words(d)))
            })
            .and_then(|a| a.acled.as_deref())
    }

    /// The ISO code of the country a catalogue place of kind country names
    /// ("Somalia", "Somalie" → `SO`).
    pub fn country_code(&self, country: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|p| {
                p.kind == PlaceKind::Country && p.names().any(|n| n.eq_ignore_ascii_case(country))
            })?
            .country
            .as_deref()
    }

    /// ACLED's names of the state forces of the country named `country`.
    fn acled_forces<'a>(&'a self, country: &str) -> impl Iterator<Item = &'a str> {
        let code = self.country_code(country).map(str::to_owned);
        self.actors
            .iter()
            .filter(move |a| {
                a.kind == ActorKind::StateForce && a.country.is_some() && a.country == code
            })
            .filter_map(|a| a.acled.as_deref())
    }

    /// ACLED's name for the state force of the country named `country`
    /// (`Nigeria`): its police when `police`, else its military; `None`
    /// where the catalogue has neither.
    pub fn acled_state_force(&self, country: &str, police: bool) -> Option<&str> {
        let wanted = if police {
            "Police Forces"
        } else {
            "Military Forces"
        };
        self.acled_forces(country)
            .find(|name| name.starts_with(wanted) && !name.ends_with(GENDARMERIE))
    }

    /// ACLED's name for the gendarmerie of the country named `country`:
    /// the country's entry of that name where it has one (ACLED codes
    /// Mali's under its police, `Police Forces of Mali (2021-)
    /// Gendarmerie`), else a branch of its military (`Military Forces of
    /// Cameroon (1982-) Gendarmerie`).
    pub fn acled_gendarmerie(&self, country: &str) -> Option<String> {
        self.acled_forces(country)
            .find(|name| name.ends_with(GENDARMERIE))
            .map(str::to_owned)
            .or_else(|| {
                self.acled_state_force(country, false)
                    .map(|force| format!("{force}{GENDARMERIE}"))
            })
    }

    /// `name`, an ACLED actor of a row (a force with its branch, `Police
    /// Forces of Mali (2021-) Gendarmerie`, too), as ACLED named it on
    /// `day`: the regime's name of that day where the entry it names has
    /// earlier ones ([`Actor::acled_before`]), else `name` itself.
    pub fn acled_on<'a>(&self, name: &'a str, day: jiff::civil::Date) -> Cow<'a, str> {
        // Only entries with earlier names can rename; the rest are skipped
        // before any comparison of names.
        let earlier = self
            .actors
            .iter()
            .filter(|a| !a.acled_before.is_empty())
            .find_map(|actor| {
                let current = actor.acled.as_deref()?;
                let branch = name.strip_prefix(current)?;
                if !(branch.is_empty() || branch.starts_with(' ')) {
                    return None;
                }
                let then = actor
                    .acled_before
                    .iter()
                    .filter(|earlier| day < earlier.until)
                    .min_by_key(|earlier| earlier.until)?;
                Some(format!("{}{branch}", then.acled))
            });
        earlier.map_or(Cow::Borrowed(name), Cow::Owned)
    }

    /// Adds a project's entries: a new id is appended, a known id gains the
    /// project's aliases (and its other fields replace the shipped ones,
    /// ACLED's names only where the project sets them).
    /// Entries the project merged into another are dropped, and parents
    /// that name one follow it to the survivor.
    pub fn extend(&mut self, project: Catalogue) {
        for actor in project.actors {
            match self.actors.iter_mut().find(|a| a.id == actor.id) {
                Some(known) => {
                    let aliases = union(std::mem::take(&mut known.aliases), &actor.aliases);
                    let aliases_fr =
                        union(std::mem::take(&mut known.aliases_fr), &actor.aliases_fr);
                    // ACLED's names are not shown where a project edits
                    // an entry: left unset there, the shipped ones stay.
                    let acled = actor.acled.or(known.acled.take());
                    let described_as = if actor.described_as.is_empty() {
                        std::mem::take(&mut known.described_as)
                    } else {
                        actor.described_as
                    };
                    let acled_before = if actor.acled_before.is_empty() {
                        std::mem::take(&mut known.acled_before)
                    } else {
                        actor.acled_before
                    };
                    *known = Actor {
                        aliases,
                        aliases_fr,
                        acled,
                        described_as,
                        acled_before,
                        ..actor
                    };
                }
                None => self.actors.push(actor),
            }
        }
        for place in project.places {
            match self.places.iter_mut().find(|p| p.id == place.id) {
                Some(known) => {
                    let aliases = union(std::mem::take(&mut known.aliases), &place.aliases);
                    let aliases_fr =
                        union(std::mem::take(&mut known.aliases_fr), &place.aliases_fr);
                    *known = Place {
                        aliases,
                        aliases_fr,
                        ..place
                    };
                }
                None => self.places.push(place),
            }
        }
        if project.merged.is_empty() {
            return;
        }
        self.merged.extend(project.merged);
        let merged = &self.merged;
        self.actors.retain(|a| !merged.contains_key(&a.id));
        self.places.retain(|p| !merged.contains_key(&p.id));
        let resolved: Vec<Option<String>> = self
            .actors
            .iter()
            .map(|a| a.parent.as_deref().map(|p| self.resolve(p).to_owned()))
            .collect();
        for (actor, parent) in self.actors.iter_mut().zip(resolved) {
            actor.parent = parent;
        }
    }

    /// Duplicate ids and parents that name no actor.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = std::collections::HashSet::new();
        let all_ids = self
            .actors
            .iter()
            .map(|a| a.id.as_str())
            .chain(self.places.iter().map(|p| p.id.as_str()));
        for id in all_ids {
            if !ids.insert(id) {
                problems.push(format!("catalogue id {id:?} is defined twice"));
            }
        }
        for actor in &self.actors {
            if let Some(parent) = &actor.parent
                && self.actor(parent).is_none()
            {
                problems.push(format!(
                    "actor {:?} names parent {parent:?}, which is not in the catalogue",
                    actor.id
                ));
            }
            if !actor.acled_before.is_empty() && actor.acled.is_none() {
                problems.push(format!(
                    "actor {:?} has earlier ACLED names but no current one",
                    actor.id
                ));
            }
        }
        problems
    }
}

/// `known` followed by those of `more` it lacks.
fn union(mut known: Vec<String>, more: &[String]) -> Vec<String> {
    for alias in more {
        if !known.contains(alias) {
            known.push(alias.clone());
        }
    }
    known
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogue_parses_and_is_consistent() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(catalogue.problems(), Vec::<String>::new());
        let jnim = catalogue.actor("jnim").unwrap();
        assert_eq!(jnim.kind.label(), "ARMED_GROUP");
        assert!(jnim.aliases.iter().any(|a| a == "GSIM"));
        assert!(catalogue.place("farabougou").is_some());
    }

    #[test]
    fn a_project_extends_aliases_without_losing_shipped_ones() {
        let mut catalogue = Catalogue::sahel_default();
        let shipped_aliases = catalogue.actor("jnim").unwrap().aliases.len();
        let mut jnim = catalogue.actor("jnim").unwrap().clone();
        jnim.aliases = vec!["Nusrat al-Islam".into()];
        catalogue.extend(Catalogue {
            actors: vec![jnim],
            ..Catalogue::default()
        });
        let aliases = &catalogue.actor("jnim").unwrap().aliases;
        assert_eq!(aliases.len(), shipped_aliases + 1);
        assert!(aliases.iter().any(|a| a == "Nusrat al-Islam"));
    }

    #[test]
    fn a_merged_entry_is_dropped_and_resolves_to_its_survivor() {
        let mut catalogue = Catalogue::sahel_default();
        assert!(catalogue.actor("katiba-macina").is_some());
        let mut project = Catalogue::default();
        project.merged.insert("jnim".into(), "al-qaeda".into());
        catalogue.extend(project);
        assert!(catalogue.actor("jnim").is_none(), "dropped");
        assert_eq!(catalogue.resolve("jnim"), "al-qaeda");
        assert_eq!(catalogue.name_of("jnim"), Some("Al-Qaeda"));
        assert_eq!(
            catalogue.actor("katiba-macina").unwrap().parent.as_deref(),
            Some("al-qaeda"),
            "a child follows its parent's merge"
        );
        assert_eq!(catalogue.problems(), Vec::<String>::new());
    }

    #[test]
    fn acled_names_follow_the_country_branch_and_the_state_force() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(
            catalogue.acled_name_in("islamic-state", "Egypt"),
            Some("Islamic State (Egypt)")
        );
        assert_eq!(
            catalogue.acled_name_in("jnim", "Mali"),
            Some("JNIM: Group for Support of Islam and Muslims"),
            "a component is no branch"
        );
        assert_eq!(
            catalogue.acled_state_force("Somalia", true),
            Some("Police Forces of Somalia (2017-)")
        );
        assert_eq!(
            catalogue.acled_state_force("Nigeria", false),
            Some("Military Forces of Nigeria (2015-)")
        );
        assert_eq!(catalogue.acled_state_force("Atlantis", false), None);
    }

    #[test]
    fn a_force_is_named_by_the_regime_of_the_day() {
        let catalogue = Catalogue::sahel_default();
        let mali = "Military Forces of Mali (2021-)";
        let on = |name, day| catalogue.acled_on(name, day).into_owned();
        use jiff::civil::date;
        assert_eq!(
            on(mali, date(2020, 8, 17)),
            "Military Forces of Mali (2013-2020)"
        );
        assert_eq!(
            on(mali, date(2020, 8, 18)),
            "Military Forces of Mali (2020-2021)"
        );
        assert_eq!(
            on(mali, date(2021, 5, 23)),
            "Military Forces of Mali (2020-2021)"
        );
        assert_eq!(on(mali, date(2021, 5, 24)), mali);
        assert_eq!(on(mali, date(2025, 1, 1)), mali);
        assert_eq!(
            on(
                "Police Forces of Mali (2021-) Gendarmerie",
                date(2019, 3, 1)
            ),
            "Police Forces of Mali (2013-2020) Gendarmerie",
            "a branch keeps its name after its force's"
        );
        assert_eq!(
            on("Military Forces of Niger (2023-)", date(2022, 3, 14)),
            "Military Forces of Niger (2021-2023)"
        );
        assert_eq!(
            on("Military Forces of Nigeria (2015-)", date(2001, 1, 1)),
            "Military Forces of Nigeria (2015-)",
            "a force without earlier names keeps its one"
        );
        assert_eq!(
            on("Military Forces of Mali (2021-)X", date(2019, 1, 1)),
            "Military Forces of Mali (2021-)X",
            "only whole names"
        );
    }

    #[test]
    fn the_armed_movements_of_northern_mali_carry_acleds_names() {
        let catalogue = Catalogue::sahel_default();
        for (id, acled) in [
            (
                "gatia",
                "GATIA: Imghad Tuareg and Allies Self-Defense Group",
            ),
            (
                "mnla",
                "MNLA: National Movement for the Liberation of Azawad",
            ),
            ("hcua", "HCUA: High Council for the Unity of Azawad"),
            ("msa", "MSA: Movement for the Salvation of Azawad"),
        ] {
            assert_eq!(catalogue.acled_name_in(id, "Mali"), Some(acled));
        }
        assert_eq!(
            catalogue.acled_name_in("ansarul-islam", "Burkina Faso"),
            Some("Ansaroul Islam"),
            "a component of JNIM keeps its own name"
        );
    }

    #[test]
    fn a_gendarmerie_is_coded_under_the_police_where_acled_does() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(
            catalogue.acled_gendarmerie("Mali").as_deref(),
            Some("Police Forces of Mali (2021-) Gendarmerie")
        );
        assert_eq!(
            catalogue.acled_gendarmerie("Cameroon").as_deref(),
            Some("Military Forces of Cameroon (1982-) Gendarmerie")
        );
        assert_eq!(
            catalogue.acled_state_force("Mali", true),
            Some("Police Forces of Mali (2021-)"),
            "the gendarmerie is not the police"
        );
        assert_eq!(catalogue.acled_gendarmerie("Atlantis"), None);
    }

    #[test]
    fn a_project_entry_without_acled_names_keeps_the_shipped_ones() {
        let mut catalogue = Catalogue::sahel_default();
        let mut fama = catalogue.actor("fama").unwrap().clone();
        let shipped = fama.clone();
        fama.acled = None;
        fama.acled_before.clear();
        fama.aliases = vec!["Malian Defence Forces".into()];
        catalogue.extend(Catalogue {
            actors: vec![fama],
            ..Catalogue::default()
        });
        let fama = catalogue.actor("fama").unwrap();
        assert_eq!(fama.acled, shipped.acled);
        assert_eq!(fama.acled_before, shipped.acled_before);
        assert!(fama.aliases.iter().any(|a| a == "Malian Defence Forces"));
    }

    #[test]
    fn earlier_acled_names_need_a_current_one() {
        let mut catalogue = Catalogue::sahel_default();
        let fama = catalogue
            .actors
            .iter_mut()
            .find(|a| a.id == "fama")
            .unwrap();
        fama.acled = None;
        assert_eq!(
            catalogue.problems(),
            vec!["actor \"fama\" has earlier ACLED names but no current one".to_owned()]
        );
    }

    #[test]
    fn a_countrys_insurgency_has_one_acled_name_whatever_describes_it() {
        let catalogue = Catalogue::sahel_default();
        for text in [
            "suspected Islamic militants",
            "insurgents",
            "des insurgés islamistes",
        ] {
            assert_eq!(
                catalogue.acled_described("Mozambique", None, text),
                Some("Islamist Militia (Mozambique)"),
                "{text}"
            );
        }
        assert_eq!(
            catalogue.acled_described("Mozambique", Some("al-shabaab"), "Al shabaab"),
            Some("Islamist Militia (Mozambique)"),
            "a foreign group's name"
        );
        assert_eq!(
            catalogue.acled_described("Somalia", Some("al-shabaab"), "Al shabaab militants"),
            None,
            "at home the group keeps its name"
        );
        assert_eq!(
            catalogue.acled_described("Mozambique", None, "gunmen"),
            None
        );
        assert_eq!(
            catalogue.acled_described("Mali", None, "militants"),
            None,
            "no insurgency name there"
        );
    }

    #[test]
    fn dozos_are_a_communal_militia_of_their_country() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(
            catalogue.acled_name_in("dozo", "Mali"),
            Some("Dozo Communal Militia (Mali)")
        );
        assert_eq!(
            catalogue.acled_name_in("dozo", "Burkina Faso"),
            Some("Dozo Communal Militia (Burkina Faso)")
        );
        assert!(
            !catalogue
                .actor("dan-na-ambassagou")
                .unwrap()
                .aliases
                .iter()
                .any(|a| a.to_lowercase().contains("dozo")),
            "Dozos are not Dan Na Ambassagou"
        );
    }

    #[test]
    fn regional_forces_are_the_national_force_with_a_sub_actor() {
        let catalogue = Catalogue::sahel_default();
        assert_eq!(
            catalogue.acled_name_in("jubaland-forces", "Somalia"),
            Some("Military Forces of Somalia (2017-) Jubaland Security Force")
        );
        assert_eq!(
            catalogue.acled_name_in("somalia-army", "Somalia"),
            Some("Military Forces of Somalia (2017-)"),
            "the national army is no region's"
        );
        assert_eq!(
            catalogue.acled_state_force("Somalia", false),
            Some("Military Forces of Somalia (2017-)")
        );
    }
}
