//! The actor catalogue: canonical actors and places with their aliases.
//!
//! Mentions link to catalogue ids, so that "JNIM", "GSIM" and "the Group for
//! the Support of Islam and Muslims" count as one actor in every dataset.
//! The Sahel catalogue ships in `assets/catalogue.ron`; a project extends it
//! with its own `catalogue.ron`.

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
    /// Other names in English and French: acronyms, full names, descriptors.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The coalition or organisation this actor belongs to (Katiba Macina → JNIM).
    #[serde(default)]
    pub parent: Option<String>,
    /// ISO 3166 alpha-2 code of the country it belongs to or operates in.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub description: String,
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
    #[serde(default)]
    pub country: Option<String>,
}

/// Actors and places, shipped and per project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    #[serde(default)]
    pub actors: Vec<Actor>,
    #[serde(default)]
    pub places: Vec<Place>,
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

    /// Display name of an actor or place id.
    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.actor(id)
            .map(|a| a.name.as_str())
            .or_else(|| self.place(id).map(|p| p.name.as_str()))
    }

    /// Adds a project's entries: a new id is appended, a known id gains the
    /// project's aliases (and its other fields replace the shipped ones).
    pub fn extend(&mut self, project: Catalogue) {
        for actor in project.actors {
            match self.actors.iter_mut().find(|a| a.id == actor.id) {
                Some(known) => {
                    let mut aliases = std::mem::take(&mut known.aliases);
                    for alias in &actor.aliases {
                        if !aliases.contains(alias) {
                            aliases.push(alias.clone());
                        }
                    }
                    *known = Actor { aliases, ..actor };
                }
                None => self.actors.push(actor),
            }
        }
        for place in project.places {
            match self.places.iter_mut().find(|p| p.id == place.id) {
                Some(known) => {
                    let mut aliases = std::mem::take(&mut known.aliases);
                    for alias in &place.aliases {
                        if !aliases.contains(alias) {
                            aliases.push(alias.clone());
                        }
                    }
                    *known = Place { aliases, ..place };
                }
                None => self.places.push(place),
            }
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
        }
        problems
    }
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
            places: Vec::new(),
        });
        let aliases = &catalogue.actor("jnim").unwrap().aliases;
        assert_eq!(aliases.len(), shipped_aliases + 1);
        assert!(aliases.iter().any(|a| a == "Nusrat al-Islam"));
    }
}
