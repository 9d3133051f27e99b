//! One shape for every line of a JSON-lines export: each record gets every
//! key any record of the export has, in one order, a missing list written
//! `[]`, a missing object with all its keys, anything else `null`.
//!
//! Hugging Face `datasets` reads JSON lines through Arrow, which types a
//! split's columns from its records and then casts every other split to
//! those types: a key that one split has and another lacks (`meta.date`,
//! one role of an event, one attribute of a mention) fails the load, or
//! not, depending on which split comes first. With one shape taken from
//! every record of the export, before it is split, every part has the same
//! columns whatever order they are loaded in. Readers take the `null`s and
//! `[]`s back as absent ([`null_as_default`], [`map_without_nulls`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::FormatError;

/// The union of the records' shapes: every key an object had, and for a
/// list the union of its elements' shapes.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Shape(Value);

impl Shape {
    /// The shape of all of `values`.
    pub fn of<'a>(values: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut shape = Value::Null;
        for value in values {
            widen(&mut shape, value);
        }
        Self(shape)
    }

    /// Widens the shape with one more value, as if it had been among
    /// [`Shape::of`]'s.
    pub fn widen(&mut self, value: &Value) {
        widen(&mut self.0, value);
    }

    /// Widens the shape with a typed value as it serialises to JSON, its
    /// scalars blank (of their type): for writing lines and typing the
    /// card's features the same as widening by the value, and documents
    /// of one shape share it.
    pub fn widen_by<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormatError> {
        super::shaped::widen(&mut self.0, value).map_err(|e| super::jsonl::serialise_error(&e))
    }

    /// Appends `value`'s line to `out`: its JSON with every key of the
    /// shape, in the shape's order, as [`Shape::fill`] gives it.
    pub fn write_line<T: serde::Serialize + ?Sized>(
        &self,
        out: &mut Vec<u8>,
        value: &T,
    ) -> Result<(), FormatError> {
        super::shaped::write_line(out, value, &self.0)
            .map_err(|e| super::jsonl::serialise_error(&e))
    }

    /// The shape as JSON: objects with every key seen, a list's one element
    /// the shape of all its elements, a scalar one of its values.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// `value` with every key of the shape, in the shape's order.
    pub fn fill(&self, value: &mut Value) {
        fill(value, &self.0);
    }
}

fn widen(shape: &mut Value, value: &Value) {
    match (shape, value) {
        (shape @ Value::Null, Value::Object(_)) => {
            *shape = Value::Object(Map::new());
            widen(shape, value);
        }
        (shape @ Value::Null, Value::Array(_)) => {
            *shape = Value::Array(Vec::new());
            widen(shape, value);
        }
        (shape @ Value::Null, scalar) => *shape = scalar.clone(),
        (Value::Object(shape), Value::Object(value)) => {
            for (key, inner) in value {
                widen(shape.entry(key.clone()).or_insert(Value::Null), inner);
            }
        }
        (Value::Array(shape), Value::Array(items)) => {
            for item in items {
                if shape.is_empty() {
                    shape.push(Value::Null);
                }
                widen(&mut shape[0], item);
            }
        }
        // A key whose type differs between records keeps the first; the
        // record types Attest writes never do that.
        _ => {}
    }
}

fn fill(value: &mut Value, shape: &Value) {
    match (value, shape) {
        (Value::Object(map), Value::Object(keys)) => {
            let mut given = std::mem::take(map);
            for (key, inner) in keys {
                let mut item = given.shift_remove(key).unwrap_or_else(|| blank(inner));
                fill(&mut item, inner);
                map.insert(key.clone(), item);
            }
            map.extend(given);
        }
        (Value::Array(items), Value::Array(element)) => {
            if let Some(element) = element.first() {
                for item in items {
                    fill(item, element);
                }
            }
        }
        _ => {}
    }
}

/// What stands for a missing key of `shape`.
fn blank(shape: &Value) -> Value {
    match shape {
        Value::Object(keys) => Value::Object(
            keys.iter()
                .map(|(key, inner)| (key.clone(), blank(inner)))
                .collect(),
        ),
        Value::Array(_) => Value::Array(Vec::new()),
        _ => Value::Null,
    }
}

/// Reads `null` as the field's default (an export's blank for a key the
/// record does not have).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads a map of strings, leaving out the keys whose value is `null`
/// (keys other records of the export have).
pub(crate) fn map_without_nulls<'de, D>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error>
where
    D: Deserializer<'de>,
{
    let given = Option::<BTreeMap<String, Option<String>>>::deserialize(deserializer)?;
    Ok(given
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(key, value)| Some((key, value?)))
        .collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_record_gets_every_key_in_one_order() {
        let a = json!({"id": "a", "meta": {"language": "en"}, "mentions": [],
                       "events": [{"roles": {"agent": ["m1"]}}]});
        let b = json!({"id": "b", "meta": {"sign_off": "x", "language": "fr"},
                       "mentions": [{"start": 0, "attributes": {"note": "n"}}],
                       "events": [{"roles": {"target": ["m2"]}}], "relations": [{"type": "R"}]});
        let shape = Shape::of([&a, &b]);
        let (mut a, mut b) = (a, b);
        shape.fill(&mut a);
        shape.fill(&mut b);
        assert_eq!(
            a.to_string(),
            r#"{"id":"a","meta":{"language":"en","sign_off":null},"mentions":[],"events":[{"roles":{"agent":["m1"],"target":[]}}],"relations":[]}"#
        );
        assert_eq!(
            b.to_string(),
            r#"{"id":"b","meta":{"language":"fr","sign_off":"x"},"mentions":[{"start":0,"attributes":{"note":"n"}}],"events":[{"roles":{"agent":[],"target":["m2"]}}],"relations":[{"type":"R"}]}"#
        );
    }
}
