//! `README.md`: the Hugging Face dataset card written beside a JSON export
//! (`jsonl`, doccano, Label Studio), so that `load_dataset("path/to/export")`
//! gives its parts as `train`/`validation`/`test` with typed features.
//!
//! Its YAML header names each part's file (`configs`) and the features
//! (`dataset_info.features`), derived from the one shape every line of the
//! export has ([`Shape`]). With the features given, Arrow no longer guesses
//! a column's type from one split: a split in which every list of events is
//! empty loads beside one that has events, in any order. The header is
//! written as JSON, which is YAML too. The prose says what the data is.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::uniform::Shape;
use super::{ExportOptions, FormatError};

pub const FILE: &str = "README.md";

/// A part as the card names it: its Hugging Face split and its files.
pub struct CardPart<'a> {
    pub name: &'a str,
    pub files: &'a [String],
    pub documents: usize,
}

/// The split name `datasets` expects for a part (`dev` is `validation`).
fn split_name(part: &str) -> &str {
    match part {
        "dev" => "validation",
        "all" => "train",
        other => other,
    }
}

/// The card's text.
pub fn render(
    options: &ExportOptions,
    shape: &Shape,
    parts: &[CardPart<'_>],
    labels: &[(String, usize)],
) -> Result<String, FormatError> {
    let data_files: Vec<Value> = parts
        .iter()
        .filter(|p| !p.files.is_empty())
        .map(|p| json!({"split": split_name(p.name), "path": p.files}))
        .collect();
    let header = json!({
        "configs": [{"config_name": "default", "data_files": data_files}],
        "dataset_info": {"features": features(shape.value())},
        "license": "other",
    });
    let header = serde_json::to_string(&header).map_err(|e| FormatError::Serialise {
        what: FILE.to_owned(),
        message: e.to_string(),
    })?;
    let mut out = format!("---\n{header}\n---\n\n");
    let format = options.format.name();
    let _ = writeln!(
        out,
        "# Annotated news reports\n\nGold annotations exported by Attest in its `{format}` format: \
         one record per document, its text with labelled spans (offsets in Unicode code points, \
         end-exclusive) and, where the project has them, events, claims and relations. \
         `dataset.json` beside this card lists the schema, the counts per label and status, \
         and whatever the format could not hold.\n"
    );
    out.push_str("## Parts\n\n| split | file | documents |\n|---|---|---|\n");
    for p in parts {
        let files = if p.files.is_empty() {
            "(none: no document)".to_owned()
        } else {
            p.files.join(", ")
        };
        let _ = writeln!(
            out,
            "| {} | {files} | {} |",
            split_name(p.name),
            p.documents
        );
    }
    out.push_str("\n## Labels\n\n| label | spans |\n|---|---|\n");
    for (label, count) in labels {
        let _ = writeln!(out, "| `{label}` | {count} |");
    }
    out.push_str(
        "\n## Loading\n\n```python\nfrom datasets import load_dataset\n\
         dataset = load_dataset(\"path/to/this/folder\")\n```\n\n\
         ## Licence\n\nThe `license` field above is `other`: the texts keep the licence of \
         their sources; set it before sharing.\n",
    );
    Ok(out)
}

/// The features of a shape's top-level keys, as the card's YAML lists them.
fn features(shape: &Value) -> Value {
    match shape {
        Value::Object(keys) => Value::Array(
            keys.iter()
                .map(|(name, inner)| named(name, inner))
                .collect(),
        ),
        _ => Value::Array(Vec::new()),
    }
}

/// One named feature.
fn named(name: &str, shape: &Value) -> Value {
    let mut feature = anonymous(shape);
    if let Value::Object(fields) = &mut feature {
        let mut with_name = serde_json::Map::new();
        with_name.insert("name".to_owned(), json!(name));
        with_name.extend(std::mem::take(fields));
        return Value::Object(with_name);
    }
    feature
}

/// A feature without its name: `{"dtype": …}`, `{"struct": […]}`,
/// `{"list": […]}` for a list of objects, `{"sequence": …}` for a list of
/// anything else (the spellings `datasets` 3.x and later both read).
fn anonymous(shape: &Value) -> Value {
    match shape {
        Value::Object(_) => json!({"struct": features(shape)}),
        Value::Array(element) => match element.first() {
            Some(inner @ Value::Object(_)) => json!({"list": features(inner)}),
            Some(inner @ Value::Array(_)) => json!({"sequence": anonymous(inner)}),
            Some(scalar) => json!({"sequence": dtype(scalar)}),
            None => json!({"sequence": "null"}),
        },
        scalar => json!({"dtype": dtype(scalar)}),
    }
}

/// A scalar's type; a key that is `null` in every line is one of the
/// record's optional texts (a title, an actor, a sub-type), typed `string`
/// so that the features do not change when a later export fills it.
fn dtype(scalar: &Value) -> &'static str {
    match scalar {
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float64",
        Value::Number(_) => "int64",
        _ => "string",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_follow_the_shape_of_the_lines() {
        let line = json!({"id": "a", "meta": {"language": "fr", "tokens": [[0, 2]]},
                          "mentions": [{"start": 0, "attributes": {}}], "events": []});
        let shape = Shape::of([&line]);
        assert_eq!(
            features(shape.value()).to_string(),
            r#"[{"name":"id","dtype":"string"},{"name":"meta","struct":[{"name":"language","dtype":"string"},{"name":"tokens","sequence":{"sequence":"int64"}}]},{"name":"mentions","list":[{"name":"start","dtype":"int64"},{"name":"attributes","struct":[]}]},{"name":"events","sequence":"null"}]"#
        );
    }
}
