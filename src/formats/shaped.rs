//! Uniform JSON lines ([`super::uniform`]) straight from typed values, with
//! no `serde_json::Value` built on the way: [`widen`] takes a value's shape
//! as it is serialised, and [`write_line`] writes a value with every key of
//! a shape, in the shape's order.
//!
//! A JSON-lines export serialises every record twice (once for the shape
//! of the whole export, once to write it); building a `Value` tree for each
//! — a map and a string per key, a copy of every text — was most of its
//! time. Both serialisers give exactly what the `Value` route gives:
//! [`write_line`] the bytes of `fill`ing the record's `Value` and writing
//! it, [`widen`] the shape of widening by the `Value` (its scalars blank).

use std::borrow::Cow;
use std::ops::Range;

use serde::ser::{self, Serialize};
use serde_json::{Error, Map, Value};

/// Widens `shape` by `value` as serialised to JSON, every scalar a blank of
/// its type (`""`, `0`, `0.0`, `false`): objects get the keys they lack, a
/// list's one element the shape of all its elements.
pub(crate) fn widen<T: Serialize + ?Sized>(shape: &mut Value, value: &T) -> Result<(), Error> {
    value.serialize(Widen(shape))
}

/// Appends `value` as JSON to `out`, every object with every key its
/// `shape` has, in the shape's order (a missing list written `[]`, a
/// missing object with all its keys, anything else `null`), keys the shape
/// lacks after them: the bytes of filling `value`'s `Value` by the shape
/// and writing it.
pub(crate) fn write_line<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    value: &T,
    shape: &Value,
) -> Result<(), Error> {
    value.serialize(Shaped {
        out,
        shape: Some(shape),
    })
}

/// A blank scalar of a shape: what widening by a scalar of that type adds.
fn widen_scalar(shape: &mut Value, blank: Value) {
    if shape.is_null() {
        *shape = blank;
    }
}

/// The object a shape is (made one if still `null`); `None` where the
/// shape holds something else, which the value then leaves as it is.
fn object_of(shape: &mut Value) -> Option<&mut Map<String, Value>> {
    if shape.is_null() {
        *shape = Value::Object(Map::new());
    }
    shape.as_object_mut()
}

/// The element shape of a list shape (made a list if still `null`).
fn element_of(shape: &mut Value) -> Option<&mut Vec<Value>> {
    if shape.is_null() {
        *shape = Value::Array(Vec::new());
    }
    shape.as_array_mut()
}

/// Widens a shape by one value.
struct Widen<'s>(&'s mut Value);

/// Widens a list shape by its elements; `None` when the shape is not a list.
struct WidenList<'s>(Option<&'s mut Vec<Value>>);

impl WidenList<'_> {
    /// Nothing to close: the shape has taken every element.
    fn end(self) -> Result<(), Error> {
        Ok(())
    }

    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        match &mut self.0 {
            Some(element) => {
                if element.is_empty() {
                    element.push(Value::Null);
                }
                value.serialize(Widen(&mut element[0]))
            }
            None => value.serialize(Widen(&mut Value::Null)),
        }
    }
}

/// Widens an object shape by its fields; `None` when the shape is not an
/// object. `key`: the map key waiting for its value.
struct WidenObject<'s> {
    keys: Option<&'s mut Map<String, Value>>,
    key: String,
}

impl<'s> WidenObject<'s> {
    fn new(keys: Option<&'s mut Map<String, Value>>) -> Self {
        Self {
            keys,
            key: String::new(),
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        let Some(keys) = &mut self.keys else {
            return value.serialize(Widen(&mut Value::Null));
        };
        if !keys.contains_key(key) {
            keys.insert(key.to_owned(), Value::Null);
        }
        match keys.get_mut(key) {
            Some(inner) => value.serialize(Widen(inner)),
            None => Ok(()),
        }
    }
}

/// A variant with content widens `{"Variant": content}`.
fn variant_shape<'s>(shape: &'s mut Value, variant: &'static str) -> Option<&'s mut Value> {
    let keys = object_of(shape)?;
    Some(keys.entry(variant).or_insert(Value::Null))
}

impl<'s> ser::Serializer for Widen<'s> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = WidenList<'s>;
    type SerializeTuple = WidenList<'s>;
    type SerializeTupleStruct = WidenList<'s>;
    type SerializeTupleVariant = WidenList<'s>;
    type SerializeMap = WidenObject<'s>;
    type SerializeStruct = WidenObject<'s>;
    type SerializeStructVariant = WidenObject<'s>;

    fn serialize_bool(self, _: bool) -> Result<(), Error> {
        widen_scalar(self.0, Value::Bool(false));
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_i16(self, _: i16) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_i32(self, _: i32) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_i64(self, _: i64) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_u8(self, _: u8) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_u16(self, _: u16) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_u32(self, _: u32) -> Result<(), Error> {
        self.serialize_u64(0)
    }
    fn serialize_u64(self, _: u64) -> Result<(), Error> {
        widen_scalar(self.0, Value::from(0));
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    /// A float that JSON cannot hold is written `null`.
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if v.is_finite() {
            widen_scalar(self.0, Value::from(0.0));
        }
        Ok(())
    }
    fn serialize_char(self, _: char) -> Result<(), Error> {
        self.serialize_str("")
    }
    fn serialize_str(self, _: &str) -> Result<(), Error> {
        widen_scalar(self.0, Value::String(String::new()));
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut list = WidenList(element_of(self.0));
        for byte in v {
            list.element(byte)?;
        }
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<(), Error> {
        self.serialize_str("")
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        WidenObject::new(object_of(self.0)).field(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<WidenList<'s>, Error> {
        Ok(WidenList(element_of(self.0)))
    }
    fn serialize_tuple(self, len: usize) -> Result<WidenList<'s>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<WidenList<'s>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<WidenList<'s>, Error> {
        Ok(WidenList(
            variant_shape(self.0, variant).and_then(element_of),
        ))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<WidenObject<'s>, Error> {
        Ok(WidenObject::new(object_of(self.0)))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<WidenObject<'s>, Error> {
        Ok(WidenObject::new(object_of(self.0)))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<WidenObject<'s>, Error> {
        Ok(WidenObject::new(
            variant_shape(self.0, variant).and_then(object_of),
        ))
    }
}

/// The four serde traits of a list (sequence, tuple, tuple struct, tuple
/// variant) for a list serializer: each element or field goes to its
/// `element`, and `end` is its own.
macro_rules! list_serializer {
    ($list:ty) => {
        list_serializer!($list, SerializeSeq, serialize_element);
        list_serializer!($list, SerializeTuple, serialize_element);
        list_serializer!($list, SerializeTupleStruct, serialize_field);
        list_serializer!($list, SerializeTupleVariant, serialize_field);
    };
    ($list:ty, $trait:ident, $method:ident) => {
        impl ser::$trait for $list {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.element(value)
            }
            fn end(self) -> Result<(), Error> {
                <$list>::end(self)
            }
        }
    };
}

list_serializer!(WidenList<'_>);

impl ser::SerializeMap for WidenObject<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = key_of(key)?;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.key);
        self.field(&key, value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStruct for WidenObject<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl ser::SerializeStructVariant for WidenObject<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// A map key as JSON writes it: a string, or a number or `bool` as text.
fn key_of<T: Serialize + ?Sized>(key: &T) -> Result<String, Error> {
    match serde_json::to_value(key)? {
        Value::String(key) => Ok(key),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(ser::Error::custom("a map key must be a string")),
    }
}

/// Writes one value by a shape; `None`: as it is, not filled.
struct Shaped<'o, 's> {
    out: &'o mut Vec<u8>,
    shape: Option<&'s Value>,
}

impl Shaped<'_, '_> {
    /// A scalar, as `serde_json` writes it.
    fn scalar<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        serde_json::to_writer(self.out, value)
    }
}

/// The keys of an object shape; `None` for any other shape, by which an
/// object is written as it is.
fn keys_of(shape: Option<&Value>) -> Option<&Map<String, Value>> {
    shape.and_then(Value::as_object)
}

/// Writes `blank(shape)`: an object with all its keys, `[]` for a list,
/// `null` for anything else.
fn write_blank(out: &mut Vec<u8>, shape: &Value) -> Result<(), Error> {
    match shape {
        Value::Object(keys) => {
            out.push(b'{');
            for (n, (key, inner)) in keys.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                write_key(out, key)?;
                out.push(b':');
                write_blank(out, inner)?;
            }
            out.push(b'}');
        }
        Value::Array(_) => out.extend_from_slice(b"[]"),
        _ => out.extend_from_slice(b"null"),
    }
    Ok(())
}

/// A field written: its key, where its value's bytes are, and whether the
/// object has written it out yet.
type Field = (Cow<'static, str>, Range<usize>, bool);

thread_local! {
    /// Buffers of objects written and done with, for the next objects: a
    /// line has an object per item.
    static SPARE: std::cell::RefCell<Vec<(Vec<u8>, Vec<Field>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The fields of an object being written: each value's bytes, to be
/// written in the shape's order when the object ends.
struct Fields<'s> {
    keys: Option<&'s Map<String, Value>>,
    bytes: Vec<u8>,
    written: Vec<Field>,
    /// The map key waiting for its value.
    key: String,
}

impl<'s> Fields<'s> {
    fn new(keys: Option<&'s Map<String, Value>>) -> Self {
        let (bytes, written) = SPARE.with_borrow_mut(Vec::pop).unwrap_or_default();
        Self {
            keys,
            bytes,
            written,
            key: String::new(),
        }
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: Cow<'static, str>,
        value: &T,
    ) -> Result<(), Error> {
        let start = self.bytes.len();
        let shape = self.keys.and_then(|keys| keys.get(key.as_ref()));
        value.serialize(Shaped {
            out: &mut self.bytes,
            shape,
        })?;
        self.written.push((key, start..self.bytes.len(), false));
        Ok(())
    }

    /// A field whose value is written already.
    fn written_field(&mut self, key: &'static str, value: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(value);
        self.written
            .push((key.into(), start..self.bytes.len(), false));
    }

    /// Writes the object: the shape's keys in its order, then the keys it
    /// lacks, in the order they came.
    fn finish(mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        let mut first = true;
        let mut key_and_colon = |out: &mut Vec<u8>, key: &str| -> Result<(), Error> {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            write_key(out, key)?;
            out.push(b':');
            Ok(())
        };
        out.push(b'{');
        for (key, inner) in self.keys.into_iter().flatten() {
            key_and_colon(out, key)?;
            let found = self
                .written
                .iter_mut()
                .find(|(name, _, taken)| !*taken && name == key);
            match found {
                Some((_, range, taken)) => {
                    *taken = true;
                    out.extend_from_slice(&self.bytes[range.clone()]);
                }
                None => write_blank(out, inner)?,
            }
        }
        for (key, range, taken) in &self.written {
            if !taken {
                key_and_colon(out, key)?;
                out.extend_from_slice(&self.bytes[range.clone()]);
            }
        }
        out.push(b'}');
        self.bytes.clear();
        self.written.clear();
        let spare = (
            std::mem::take(&mut self.bytes),
            std::mem::take(&mut self.written),
        );
        SPARE.with_borrow_mut(|buffers| buffers.push(spare));
        Ok(())
    }
}

/// Writes an object key as `serde_json` does, at once where it needs no
/// escape (every key of the records' own fields).
fn write_key(out: &mut Vec<u8>, key: &str) -> Result<(), Error> {
    if key.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(key.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(out, key)
    }
}

/// An object being written to `out`.
struct ShapedObject<'o, 's> {
    out: &'o mut Vec<u8>,
    fields: Fields<'s>,
    /// A struct variant: the object is the one field `variant` of an
    /// object whose shape is `outer`.
    variant: Option<(&'static str, Option<&'s Map<String, Value>>)>,
}

impl ShapedObject<'_, '_> {
    fn end(self) -> Result<(), Error> {
        match self.variant {
            None => self.fields.finish(self.out),
            Some((variant, outer)) => {
                let mut inner = Vec::new();
                self.fields.finish(&mut inner)?;
                let mut wrapper = Fields::new(outer);
                wrapper.written_field(variant, &inner);
                wrapper.finish(self.out)
            }
        }
    }
}

/// A tuple variant's name, the shape of the object it is the one field
/// of, and its list as written so far.
type ListVariant<'s> = (&'static str, Option<&'s Map<String, Value>>, Vec<u8>);

/// A list being written to `out`, every element by the shape `element`.
struct ShapedList<'o, 's> {
    out: &'o mut Vec<u8>,
    element: Option<&'s Value>,
    first: bool,
    /// A tuple variant: the list is the one field `variant` of an object
    /// whose shape is `outer`; the list is written to `list` first.
    variant: Option<ListVariant<'s>>,
}

impl ShapedList<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let out = match &mut self.variant {
            Some((_, _, list)) => list,
            None => &mut *self.out,
        };
        if !std::mem::take(&mut self.first) {
            out.push(b',');
        }
        value.serialize(Shaped {
            out,
            shape: self.element,
        })
    }

    fn end(self) -> Result<(), Error> {
        match self.variant {
            None => {
                self.out.push(b']');
                Ok(())
            }
            Some((variant, outer, mut list)) => {
                list.push(b']');
                let mut wrapper = Fields::new(outer);
                wrapper.written_field(variant, &list);
                wrapper.finish(self.out)
            }
        }
    }
}

impl<'o, 's> ser::Serializer for Shaped<'o, 's> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ShapedList<'o, 's>;
    type SerializeTuple = ShapedList<'o, 's>;
    type SerializeTupleStruct = ShapedList<'o, 's>;
    type SerializeTupleVariant = ShapedList<'o, 's>;
    type SerializeMap = ShapedObject<'o, 's>;
    type SerializeStruct = ShapedObject<'o, 's>;
    type SerializeStructVariant = ShapedObject<'o, 's>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.scalar(&v)
    }
    /// As a `Value` holds it: widened to `f64`.
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.scalar(&f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.scalar(&v)
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.scalar(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        self.scalar(v)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.scalar(&())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut fields = Fields::new(keys_of(self.shape));
        fields.field(variant.into(), value)?;
        fields.finish(self.out)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<ShapedList<'o, 's>, Error> {
        self.out.push(b'[');
        let element = self.shape.and_then(Value::as_array).and_then(|e| e.first());
        Ok(ShapedList {
            out: self.out,
            element,
            first: true,
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ShapedList<'o, 's>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<ShapedList<'o, 's>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<ShapedList<'o, 's>, Error> {
        let outer = keys_of(self.shape);
        let element = outer
            .and_then(|keys| keys.get(variant))
            .and_then(Value::as_array)
            .and_then(|e| e.first());
        Ok(ShapedList {
            out: self.out,
            element,
            first: true,
            variant: Some((variant, outer, vec![b'['])),
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<ShapedObject<'o, 's>, Error> {
        let fields = Fields::new(keys_of(self.shape));
        Ok(ShapedObject {
            out: self.out,
            fields,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<ShapedObject<'o, 's>, Error> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<ShapedObject<'o, 's>, Error> {
        let outer = keys_of(self.shape);
        let inner = outer
            .and_then(|keys| keys.get(variant))
            .and_then(Value::as_object);
        Ok(ShapedObject {
            out: self.out,
            fields: Fields::new(inner),
            variant: Some((variant, outer)),
        })
    }
}

list_serializer!(ShapedList<'_, '_>);

impl ser::SerializeMap for ShapedObject<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.fields.key = key_of(key)?;
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = std::mem::take(&mut self.fields.key);
        self.fields.field(key.into(), value)
    }
    fn end(self) -> Result<(), Error> {
        ShapedObject::end(self)
    }
}

impl ser::SerializeStruct for ShapedObject<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.fields.field(key.into(), value)
    }
    fn end(self) -> Result<(), Error> {
        ShapedObject::end(self)
    }
}

impl ser::SerializeStructVariant for ShapedObject<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.fields.field(key.into(), value)
    }
    fn end(self) -> Result<(), Error> {
        ShapedObject::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;
    use crate::formats::uniform::Shape;

    /// A value with every kind of serde data: structs, maps met in
    /// different orders, optional keys, lists of objects, tuples, floats
    /// and enum variants of each kind.
    #[derive(serde::Serialize)]
    struct Item {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        actor: Option<String>,
        #[serde(skip_serializing_if = "BTreeMap::is_empty")]
        attributes: BTreeMap<String, String>,
        score: f32,
        tokens: Vec<(usize, usize)>,
        kind: Kind,
        #[serde(flatten)]
        more: BTreeMap<String, u32>,
    }

    #[derive(serde::Serialize)]
    enum Kind {
        Plain,
        Named(String),
        Pair(u8, bool),
        Spanned { start: usize, end: Option<usize> },
    }

    fn items() -> Vec<Vec<Item>> {
        let item = |n: usize, kind: Kind| Item {
            id: format!("é\"{n}\n"),
            actor: (n % 2 == 1).then(|| format!("actor {n}")),
            attributes: (0..n % 3)
                .map(|k| (format!("k{}", (n + k) % 4), "v".to_owned()))
                .collect(),
            score: 0.1 * n as f32,
            tokens: (0..n % 2).map(|k| (k, k + 1)).collect(),
            kind,
            more: (0..n % 4).map(|k| (format!("x{}", 3 - k), 7)).collect(),
        };
        vec![
            vec![item(1, Kind::Named("a".into()))],
            vec![item(0, Kind::Plain), item(2, Kind::Plain)],
            vec![],
            vec![
                item(3, Kind::Pair(1, true)),
                item(
                    4,
                    Kind::Spanned {
                        start: 1,
                        end: None,
                    },
                ),
                item(
                    5,
                    Kind::Spanned {
                        start: 1,
                        end: Some(3),
                    },
                ),
            ],
        ]
    }

    /// A shape's scalars blank, as `widen` leaves them.
    fn blank_scalars(value: &Value) -> Value {
        match value {
            Value::Object(keys) => Value::Object(
                keys.iter()
                    .map(|(key, inner)| (key.clone(), blank_scalars(inner)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(blank_scalars).collect()),
            Value::String(_) => json!(""),
            Value::Number(n) if n.is_f64() => json!(0.0),
            Value::Number(_) => json!(0),
            Value::Bool(_) => json!(false),
            Value::Null => Value::Null,
        }
    }

    #[test]
    fn widening_by_a_typed_value_is_widening_by_its_json_with_blank_scalars() {
        let lines = items();
        let values: Vec<Value> = lines
            .iter()
            .map(|line| serde_json::to_value(line).unwrap())
            .collect();
        let mut shape = Value::Null;
        for line in &lines {
            widen(&mut shape, line).unwrap();
        }
        let expected = blank_scalars(Shape::of(&values).value());
        assert_eq!(shape.to_string(), expected.to_string());
        // A variant with content is an object, a unit variant a string; a
        // key keeps the type it had first.
        assert!(
            shape
                .to_string()
                .contains(r#""Spanned":{"start":0,"end":0}"#),
            "{shape}"
        );
    }

    #[test]
    fn a_line_written_by_a_shape_is_the_json_of_its_filled_value() {
        let lines = items();
        let values: Vec<Value> = lines
            .iter()
            .map(|line| serde_json::to_value(line).unwrap())
            .collect();
        // The whole shape, and shapes lacking keys a line has.
        let shapes = [
            Shape::of(&values),
            Shape::of(&values[..2]),
            Shape::of(&values[3..]),
            Shape::default(),
        ];
        for shape in &shapes {
            for (line, value) in lines.iter().zip(&values) {
                let mut filled = value.clone();
                shape.fill(&mut filled);
                let mut out = Vec::new();
                write_line(&mut out, line, shape.value()).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), filled.to_string());
            }
        }
    }
}
