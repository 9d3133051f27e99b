//! The label schema: entity labels, event types, roles and stances.
//!
//! Editable per project (it lives in `project.ron`); the default for
//! conflict events, aligned to ACLED, ships in `assets/schema.ron`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A colour stored as `"#rrggbb"` so that schema files are easy to edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rgb(pub [u8; 3]);

impl TryFrom<String> for Rgb {
    type Error = String;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        let hex = value.strip_prefix('#').unwrap_or(&value);
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Rgb([r, g, b])),
            _ => Err(format!("colour {value:?} is not of the form \"#rrggbb\"")),
        }
    }
}

impl From<Rgb> for String {
    fn from(value: Rgb) -> Self {
        value.to_string()
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// A kind of mention: `ARMED_GROUP`, `LOCATION`, `DATE` …
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityLabel {
    pub name: String,
    pub colour: Rgb,
    /// Key that applies the label in the workspace.
    #[serde(default)]
    pub shortcut: Option<char>,
    #[serde(default)]
    pub description: String,
}

/// An event type with its sub-types, e.g. Battles / Armed clash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventType {
    pub name: String,
    #[serde(default)]
    pub sub_types: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// A role an event gives to a mention: agent, target, location, time, fatalities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub name: String,
    /// Entity labels that usually fill the role (a hint, not a constraint).
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub description: String,
}

/// How firmly a source attributes an event or a responsibility.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StanceDef {
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A type of generic relation between items, e.g. `Located` or `Family`
/// (learned from an import); an equivalence (`Alias`) joins sets of items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationType {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub equivalence: bool,
    #[serde(default)]
    pub description: String,
}

/// An attribute items may carry, e.g. `Confidence` with values
/// `High|Neutral|Low`; one without values is binary (present or absent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttributeType {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    pub entity_labels: Vec<EntityLabel>,
    pub event_types: Vec<EventType>,
    pub roles: Vec<Role>,
    pub stances: Vec<StanceDef>,
    /// Generic relation types; absent from schemas that have none, so older
    /// project files read and round-trip unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<RelationType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attribute_types: Vec<AttributeType>,
}

/// The default schema as shipped, embedded so that the binary needs no files.
const DEFAULT_SCHEMA_RON: &str = include_str!("../../assets/schema.ron");

impl Schema {
    /// The default conflict-event schema from `assets/schema.ron`.
    pub fn conflict_default() -> Self {
        // The asset is compiled in and covered by a test, so a parse failure
        // is a build defect, not an input error.
        ron::from_str(DEFAULT_SCHEMA_RON).expect("assets/schema.ron is valid")
    }

    pub fn entity_label(&self, name: &str) -> Option<&EntityLabel> {
        self.entity_labels.iter().find(|l| l.name == name)
    }

    pub fn event_type(&self, name: &str) -> Option<&EventType> {
        self.event_types.iter().find(|t| t.name == name)
    }

    /// The label bound to a shortcut key.
    pub fn label_for_shortcut(&self, key: char) -> Option<&EntityLabel> {
        self.entity_labels.iter().find(|l| l.shortcut == Some(key))
    }

    /// Adds an entity label if it is missing, with a colour picked from its
    /// name; returns whether it was added.
    pub fn ensure_entity_label(&mut self, name: &str) -> bool {
        if self.entity_label(name).is_some() {
            return false;
        }
        let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let [r, g, b, _] = hash.to_le_bytes();
        self.entity_labels.push(EntityLabel {
            name: name.to_owned(),
            colour: Rgb([r / 2 + 96, g / 2 + 96, b / 2 + 96]),
            shortcut: None,
            description: String::new(),
        });
        true
    }

    /// Adds a relation type if it is missing; returns whether it was added.
    pub fn ensure_relation_type(&mut self, name: &str, equivalence: bool) -> bool {
        if self.relation_types.iter().any(|r| r.name == name) {
            return false;
        }
        self.relation_types.push(RelationType {
            name: name.to_owned(),
            equivalence,
            description: String::new(),
        });
        true
    }

    /// Adds an attribute type, and `value` to its values, where missing;
    /// returns what was added (`Confidence`, `Confidence=High`).
    pub fn ensure_attribute(&mut self, name: &str, value: Option<&str>) -> Option<String> {
        let index = match self.attribute_types.iter().position(|a| a.name == name) {
            Some(index) => index,
            None => {
                self.attribute_types.push(AttributeType {
                    name: name.to_owned(),
                    values: value.map(str::to_owned).into_iter().collect(),
                    description: String::new(),
                });
                return Some(value.map_or_else(|| name.to_owned(), |v| format!("{name}={v}")));
            }
        };
        let values = &mut self.attribute_types[index].values;
        let value = value.filter(|v| !values.iter().any(|known| known == v))?;
        values.push(value.to_owned());
        Some(format!("{name}={value}"))
    }

    /// Problems that make the schema unusable: duplicate names or shortcuts.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut names = std::collections::HashSet::new();
        let mut shortcuts = std::collections::HashMap::new();
        for label in &self.entity_labels {
            if !names.insert(label.name.as_str()) {
                problems.push(format!("entity label {:?} is defined twice", label.name));
            }
            if let Some(key) = label.shortcut
                && let Some(other) = shortcuts.insert(key, label.name.as_str())
            {
                problems.push(format!(
                    "shortcut {key:?} is bound to both {other:?} and {:?}",
                    label.name
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
    fn default_schema_has_the_conflict_labels_and_acled_types() {
        let schema = Schema::conflict_default();
        for label in [
            "ARMED_GROUP",
            "STATE_FORCE",
            "FOREIGN_FORCE",
            "CIVILIANS",
            "PERSON",
            "ORGANIZATION",
            "LOCATION",
            "FACILITY",
            "DATE",
            "SOURCE",
            "FATALITIES",
            "EVENT",
        ] {
            assert!(schema.entity_label(label).is_some(), "missing {label}");
        }
        let battles = schema.event_type("Battles").unwrap();
        assert!(battles.sub_types.iter().any(|s| s == "Armed clash"));
        assert!(schema.event_type("Explosions/Remote violence").is_some());
        assert!(schema.event_type("Violence against civilians").is_some());
        assert!(schema.event_type("Strategic developments").is_some());
        let roles: Vec<_> = schema.roles.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(roles, ["agent", "target", "location", "time", "fatalities"]);
        let stances: Vec<_> = schema.stances.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            stances,
            [
                "Claimed",
                "Confirmed",
                "Reported",
                "Alleged",
                "Denied",
                "Presumed"
            ]
        );
        assert_eq!(schema.problems(), Vec::<String>::new());
        assert_eq!(schema.label_for_shortcut('1').unwrap().name, "ARMED_GROUP");
    }

    #[test]
    fn colours_parse_and_print_as_hex() {
        let rgb = Rgb::try_from("#c0392b".to_owned()).unwrap();
        assert_eq!(rgb, Rgb([0xc0, 0x39, 0x2b]));
        assert_eq!(rgb.to_string(), "#c0392b");
        assert!(Rgb::try_from("red".to_owned()).is_err());
        assert!(Rgb::try_from("#12345".to_owned()).is_err());
    }

    #[test]
    fn duplicate_shortcuts_are_problems() {
        let mut schema = Schema::conflict_default();
        schema.entity_labels[1].shortcut = schema.entity_labels[0].shortcut;
        assert_eq!(schema.problems().len(), 1);
        assert!(schema.ensure_entity_label("VEHICLE"));
        assert!(!schema.ensure_entity_label("VEHICLE"));
    }
}
