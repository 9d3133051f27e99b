//! Saving and loading a trained tagger, and the event and claim
//! classifiers beside it (their own file, in the same layout).
//!
//! The file is binary, because the weights are most of it: a magic line,
//! the format version, a JSON header that a person can read with `head`
//! (labels, schema fingerprint, training-set size, scores), then the tag
//! transitions and the non-zero rows of the weight table as little-endian
//! `f32`, and a SHA-256 of everything before it. JSON or RON would make the
//! weights ten times larger and slow to parse; a sparse binary keeps a
//! model of a thousand documents to a few megabytes with no new
//! dependency. Every way a file can be wrong — not a model, another
//! version, damaged, another schema — is a [`ModelError`], never a panic:
//! the caller retrains.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::calibration::Calibration;
use super::classify::{ClassifierInfo, Classifiers, Linear};
use super::eval::Evaluation;
use super::tagger::Tagger;
use crate::model::Schema;

/// First bytes of every model file.
const MAGIC: &[u8; 14] = b"ATTEST-TAGGER\n";

/// Version of the layout below and of the features; bump it whenever
/// either changes, so that older models are retrained, not misread.
pub const MODEL_FORMAT_VERSION: u32 = 2;

/// Why a model file cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not an Attest tagger model")]
    NotAModel,
    #[error("model format version {found}, this Attest reads version {expected}: retrain")]
    OtherVersion { found: u32, expected: u32 },
    #[error("model file is damaged ({0}): retrain")]
    Corrupt(String),
    #[error(
        "model was trained under another schema (labels {found}, the project has {expected}): retrain"
    )]
    OtherSchema { found: String, expected: String },
}

/// What a model file says about itself, readable without the weights.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// [`schema_fingerprint`] of the schema it was trained under.
    pub schema_fingerprint: String,
    /// The schema's entity labels, for the error message.
    pub schema_labels: Vec<String>,
    /// Labels the tagger proposes (those seen in training).
    pub labels: Vec<String>,
    pub hash_bits: u8,
    pub uses_rules: bool,
    pub uses_memory: bool,
    /// Whether the rules' triggers and cues were features (a tagger of
    /// event triggers or claim cues); absent from older files: no.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub uses_span_layers: bool,
    pub training_documents: usize,
    pub training_mentions: usize,
    /// Held-out scores of the model trained on the other 80%.
    pub evaluation: Option<Evaluation>,
    /// Raw confidence → held-out precision, measured by cross-fitting.
    /// Absent from files written before calibration (they load, and get
    /// [`TaggerModel::calibration`]'s conservative default) and from a
    /// model of a single document; left out of the header when absent, so
    /// such a file's bytes are what earlier versions wrote.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

/// A stable fingerprint of a schema's entity labels (sorted names, SHA-256, 16 hex digits).
pub fn schema_fingerprint(schema: &Schema) -> String {
    let mut names: Vec<&str> = schema
        .entity_labels
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    names.sort_unstable();
    let digest = Sha256::digest(names.join("\n").as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The schema's entity label names, sorted (as every model file lists them).
pub fn sorted_labels(schema: &Schema) -> Vec<String> {
    let mut names: Vec<String> = schema
        .entity_labels
        .iter()
        .map(|l| l.name.clone())
        .collect();
    names.sort();
    names
}

/// A tagger with what it was trained on and how it scored.
#[derive(Clone, Debug, PartialEq)]
pub struct TaggerModel {
    pub info: ModelInfo,
    pub tagger: Tagger,
}

impl TaggerModel {
    pub fn new(
        tagger: Tagger,
        schema: &Schema,
        training_documents: usize,
        training_mentions: usize,
        evaluation: Option<Evaluation>,
    ) -> Self {
        let info = ModelInfo {
            schema_fingerprint: schema_fingerprint(schema),
            schema_labels: sorted_labels(schema),
            labels: tagger.labels().to_vec(),
            hash_bits: tagger.hash_bits(),
            uses_rules: tagger.uses_rules(),
            uses_memory: tagger.uses_memory(),
            uses_span_layers: tagger.uses_span_layers(),
            training_documents,
            training_mentions,
            evaluation,
            calibration: None,
        };
        Self { info, tagger }
    }

    /// The map from the tagger's raw confidence to the score it proposes
    /// with: the measured one, or for a model without one the raw
    /// confidence capped at its held-out precision (at
    /// [`UNMEASURED_CEILING`](super::calibration::UNMEASURED_CEILING)
    /// without any) — an unmeasured tagger never claims more than it was
    /// seen to be worth.
    pub fn calibration(&self) -> Calibration {
        if let Some(map) = &self.info.calibration {
            return map.clone();
        }
        Calibration::unmeasured(self.info.evaluation.as_ref().map(|e| e.overall))
    }

    /// The file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.info).unwrap_or_default();
        let tags = 1 + 2 * self.tagger.labels.len();
        let mut out = Vec::with_capacity(header.len() + 1024);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&MODEL_FORMAT_VERSION.to_le_bytes());
        put_len(&mut out, header.len());
        out.extend_from_slice(&header);
        put_len(&mut out, tags);
        for w in &self.tagger.transitions {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let rows: Vec<(usize, &[f32])> = self
            .tagger
            .weights
            .chunks(tags.max(1))
            .enumerate()
            .filter(|(_, row)| row.iter().any(|w| *w != 0.0))
            .collect();
        put_len(&mut out, rows.len());
        for (index, row) in rows {
            put_len(&mut out, index);
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Reads a model file's bytes, checking that it fits `schema`.
    pub fn from_bytes(bytes: &[u8], schema: &Schema) -> Result<Self, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::NotAModel)?;
        let mut reader = Reader { bytes: rest };
        let version = reader.u32()?;
        if version != MODEL_FORMAT_VERSION {
            return Err(ModelError::OtherVersion {
                found: version,
                expected: MODEL_FORMAT_VERSION,
            });
        }
        let body_len = bytes
            .len()
            .checked_sub(32)
            .ok_or_else(|| corrupt("too short"))?;
        if body_len < MAGIC.len() + 4 || Sha256::digest(&bytes[..body_len])[..] != bytes[body_len..]
        {
            return Err(corrupt("checksum does not match"));
        }
        reader.bytes = &bytes[MAGIC.len() + 4..body_len];
        let header_len = reader.len()?;
        let info: ModelInfo = serde_json::from_slice(reader.take(header_len)?)
            .map_err(|e| corrupt(&format!("header: {e}")))?;
        let expected = schema_fingerprint(schema);
        if info.schema_fingerprint != expected {
            return Err(ModelError::OtherSchema {
                found: info.schema_labels.join(", "),
                expected: sorted_labels(schema).join(", "),
            });
        }
        if info.hash_bits > 26 {
            return Err(corrupt("hash table too large"));
        }
        let tags = reader.len()?;
        if tags != 1 + 2 * info.labels.len() {
            return Err(corrupt("tag count does not fit the labels"));
        }
        let transitions = reader.floats((tags + 1) * tags)?;
        let rows = 1_usize << info.hash_bits;
        let mut weights = vec![0.0; rows * tags];
        let stored = reader.len()?;
        for _ in 0..stored {
            let index = reader.len()?;
            if index >= rows {
                return Err(corrupt("row out of range"));
            }
            let row = reader.floats(tags)?;
            weights[index * tags..(index + 1) * tags].copy_from_slice(&row);
        }
        if !reader.bytes.is_empty() {
            return Err(corrupt("trailing bytes"));
        }
        let tagger = Tagger {
            labels: info.labels.clone(),
            hash_bits: info.hash_bits,
            weights,
            transitions,
            uses_rules: info.uses_rules,
            uses_memory: info.uses_memory,
            uses_span_layers: info.uses_span_layers,
        };
        Ok(Self { info, tagger })
    }
}

/// First bytes of the classifiers' file.
const CLASSIFIERS_MAGIC: &[u8; 18] = b"ATTEST-CLASSIFIER\n";

/// Version of the classifiers' layout and features; bump it whenever either
/// changes. A models folder written before the classifiers existed has no
/// such file and loads as before; the next training writes it.
pub const CLASSIFIERS_FORMAT_VERSION: u32 = 1;

/// What the classifiers' file says about itself (its readable header).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassifiersHeader {
    pub schema_fingerprint: String,
    pub schema_labels: Vec<String>,
    pub training_documents: usize,
    pub uses_rules: bool,
    /// Held-out scores of each classifier, and of the rules beside it.
    pub classifiers: Vec<ClassifierInfo>,
    /// Each section's classes, in file order: event type, event sub-type,
    /// stance, roles.
    pub sections: Vec<SectionHeader>,
}

/// One classifier's classes, their training examples and how often the
/// rules' guess of each was corrected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SectionHeader {
    pub classes: Vec<String>,
    pub examples: Vec<usize>,
    pub corrected: Vec<usize>,
    /// How often the rules' guess of each class was right; absent from
    /// files written before it was counted (their gate stays as it was).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rule_right: Vec<usize>,
}

/// The event and claim classifiers with what they were trained on.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassifiersModel {
    pub header: ClassifiersHeader,
    pub classifiers: Classifiers,
}

impl ClassifiersModel {
    pub fn new(
        classifiers: Classifiers,
        infos: Vec<ClassifierInfo>,
        schema: &Schema,
        training_documents: usize,
        uses_rules: bool,
    ) -> Self {
        let sections = classifiers
            .sections()
            .iter()
            .map(|l| SectionHeader {
                classes: l.classes.clone(),
                examples: l.examples.clone(),
                corrected: l.corrected.clone(),
                rule_right: l.rule_right.clone(),
            })
            .collect();
        Self {
            header: ClassifiersHeader {
                schema_fingerprint: schema_fingerprint(schema),
                schema_labels: sorted_labels(schema),
                training_documents,
                uses_rules,
                classifiers: infos,
                sections,
            },
            classifiers,
        }
    }

    /// The file's bytes: magic, version, JSON header, then per section its
    /// width and the non-zero rows (feature, `width` little-endian `f32`),
    /// and a SHA-256 of everything before it — the tagger's layout.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).unwrap_or_default();
        let mut out = Vec::with_capacity(header.len() + 4096);
        out.extend_from_slice(CLASSIFIERS_MAGIC);
        out.extend_from_slice(&CLASSIFIERS_FORMAT_VERSION.to_le_bytes());
        put_len(&mut out, header.len());
        out.extend_from_slice(&header);
        for linear in self.classifiers.sections() {
            put_len(&mut out, linear.width);
            let rows: Vec<(&u32, &Vec<f32>)> = linear
                .weights
                .iter()
                .filter(|(_, row)| row.iter().any(|w| *w != 0.0))
                .collect();
            put_len(&mut out, rows.len());
            for (feature, row) in rows {
                out.extend_from_slice(&feature.to_le_bytes());
                for w in row {
                    out.extend_from_slice(&w.to_le_bytes());
                }
            }
        }
        let digest = Sha256::digest(&out);
        out.extend_from_slice(&digest);
        out
    }

    /// Reads the classifiers' file, checking that it fits `schema`.
    pub fn from_bytes(bytes: &[u8], schema: &Schema) -> Result<Self, ModelError> {
        let rest = bytes
            .strip_prefix(CLASSIFIERS_MAGIC)
            .ok_or(ModelError::NotAModel)?;
        let mut reader = Reader { bytes: rest };
        let version = reader.u32()?;
        if version != CLASSIFIERS_FORMAT_VERSION {
            return Err(ModelError::OtherVersion {
                found: version,
                expected: CLASSIFIERS_FORMAT_VERSION,
            });
        }
        let body_len = bytes
            .len()
            .checked_sub(32)
            .ok_or_else(|| corrupt("too short"))?;
        let start = CLASSIFIERS_MAGIC.len() + 4;
        if body_len < start || Sha256::digest(&bytes[..body_len])[..] != bytes[body_len..] {
            return Err(corrupt("checksum does not match"));
        }
        reader.bytes = &bytes[start..body_len];
        let header_len = reader.len()?;
        let header: ClassifiersHeader = serde_json::from_slice(reader.take(header_len)?)
            .map_err(|e| corrupt(&format!("header: {e}")))?;
        if header.schema_fingerprint != schema_fingerprint(schema) {
            return Err(ModelError::OtherSchema {
                found: header.schema_labels.join(", "),
                expected: sorted_labels(schema).join(", "),
            });
        }
        if header.sections.len() != 4 {
            return Err(corrupt("classifier sections"));
        }
        let mut sections = Vec::with_capacity(4);
        for section in &header.sections {
            let SectionHeader {
                classes,
                examples,
                corrected,
                rule_right,
            } = section;
            let width = reader.len()?;
            if examples.len() != classes.len()
                || width > classes.len().max(1)
                || !(rule_right.is_empty() || rule_right.len() == classes.len())
            {
                return Err(corrupt("classes do not fit the weights"));
            }
            let rows = reader.len()?;
            let mut weights = std::collections::BTreeMap::new();
            for _ in 0..rows {
                let feature = reader.u32()?;
                weights.insert(feature, reader.floats(width)?);
            }
            sections.push(Linear {
                classes: classes.clone(),
                examples: examples.clone(),
                weights,
                width,
                corrected: corrected.clone(),
                rule_right: rule_right.clone(),
            });
        }
        if !reader.bytes.is_empty() {
            return Err(corrupt("trailing bytes"));
        }
        let mut sections = sections.into_iter();
        let mut next = || sections.next().unwrap_or_default();
        let classifiers = Classifiers {
            event_type: next(),
            event_sub_type: next(),
            stance: next(),
            roles: next(),
            silenced: super::Silenced::new(),
        };
        Ok(Self {
            header,
            classifiers,
        })
    }
}

fn corrupt(why: &str) -> ModelError {
    ModelError::Corrupt(why.to_owned())
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.bytes.len() < n {
            return Err(corrupt("truncated"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(&mut self) -> Result<usize, ModelError> {
        Ok(self.u32()? as usize)
    }

    fn floats(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        let bytes = self.take(n.checked_mul(4).ok_or_else(|| corrupt("size"))?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::tagger::{Prepared, Sources, TrainOptions};
    use crate::learn::test_support::marked;
    use crate::learn::{TrainingDoc, train_tagger};
    use crate::model::DocumentId;
    use crate::progress::JobControl;

    fn model() -> TaggerModel {
        let docs: Vec<TrainingDoc> = [
            "Gunmen attacked [[Dori|LOCATION]] and [[Kaya|LOCATION]].",
            "[[JNIM|ARMED_GROUP]] claimed the attack on [[Gao|LOCATION]].",
            "Troops left [[Djibo|LOCATION]] on Monday.",
        ]
        .iter()
        .map(|m| {
            let (text, gold) = marked(m);
            TrainingDoc {
                id: DocumentId::for_text(&text),
                text,
                gold,
                rejected: Vec::new(),
            }
        })
        .collect();
        let options = TrainOptions {
            hash_bits: 12,
            ..TrainOptions::default()
        };
        train_tagger(
            &docs,
            &Schema::conflict_default(),
            None,
            true,
            options,
            &JobControl::unattended(),
        )
    }

    #[test]
    fn a_saved_model_loads_back_identical_and_tags_the_same() {
        let model = model();
        assert_eq!(model.info.training_documents, 3);
        assert_eq!(model.info.training_mentions, 5);
        assert!(model.info.evaluation.is_some());
        assert!(
            model.info.calibration.is_some(),
            "three documents cross-fitted"
        );
        let bytes = model.to_bytes();
        let loaded = TaggerModel::from_bytes(&bytes, &Schema::conflict_default()).unwrap();
        assert_eq!(loaded, model);
        let text = "Gunmen attacked Ségou.";
        let prepared = Prepared::new(text, Sources::default(), 12);
        assert_eq!(loaded.tagger.tag(&prepared), model.tagger.tag(&prepared));
    }

    #[test]
    fn corrupt_old_foreign_and_other_schema_files_are_errors() {
        let schema = Schema::conflict_default();
        let bytes = model().to_bytes();

        let mut flipped = bytes.clone();
        let middle = flipped.len() / 2;
        flipped[middle] ^= 0x40;
        assert!(matches!(
            TaggerModel::from_bytes(&flipped, &schema),
            Err(ModelError::Corrupt(_))
        ));
        assert!(matches!(
            TaggerModel::from_bytes(&bytes[..bytes.len() - 7], &schema),
            Err(ModelError::Corrupt(_))
        ));
        assert_eq!(
            TaggerModel::from_bytes(b"(format_version: 1)", &schema),
            Err(ModelError::NotAModel)
        );
        assert_eq!(
            TaggerModel::from_bytes(&[], &schema),
            Err(ModelError::NotAModel)
        );
        assert!(matches!(
            TaggerModel::from_bytes(&bytes[..MAGIC.len() + 2], &schema),
            Err(ModelError::Corrupt(_))
        ));

        let mut old = bytes.clone();
        old[MAGIC.len()..MAGIC.len() + 4].copy_from_slice(&0_u32.to_le_bytes());
        assert_eq!(
            TaggerModel::from_bytes(&old, &schema),
            Err(ModelError::OtherVersion {
                found: 0,
                expected: MODEL_FORMAT_VERSION
            })
        );

        let mut other = Schema::conflict_default();
        other.entity_labels.retain(|l| l.name != "DATE");
        let error = TaggerModel::from_bytes(&bytes, &other).unwrap_err();
        assert!(matches!(error, ModelError::OtherSchema { .. }));
        assert!(error.to_string().contains("retrain"), "{error}");
    }

    #[test]
    fn the_fingerprint_ignores_label_order_and_colours_but_not_names() {
        let schema = Schema::conflict_default();
        let mut reordered = schema.clone();
        reordered.entity_labels.reverse();
        reordered.entity_labels[0].colour = crate::model::Rgb([1, 2, 3]);
        assert_eq!(schema_fingerprint(&schema), schema_fingerprint(&reordered));
        let mut renamed = schema.clone();
        renamed.entity_labels[0].name.push('X');
        assert_ne!(schema_fingerprint(&schema), schema_fingerprint(&renamed));
    }

    #[test]
    fn a_model_file_written_before_calibration_loads_with_a_capped_map() {
        let schema = Schema::conflict_default();
        let mut old = model();
        old.info.calibration = None;
        let bytes = old.to_bytes();
        // Its header is the one earlier versions wrote: no map in it.
        let header = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
        assert!(header.contains("\"evaluation\""), "{header}");
        assert!(!header.contains("calibration"), "{header}");
        let loaded = TaggerModel::from_bytes(&bytes, &schema).unwrap();
        assert_eq!(loaded.info.calibration, None);
        // No measured map: never above the held-out precision, smoothed.
        let scores = loaded.info.evaluation.as_ref().unwrap().overall;
        #[allow(clippy::cast_precision_loss)]
        let ceiling =
            (scores.precision * scores.predicted as f64 + 1.0) / (scores.predicted as f64 + 2.0);
        let map = loaded.calibration();
        assert!(f64::from(map.apply(0.99999)) <= ceiling + 1e-6, "{map:?}");
        assert!(map.apply(0.99999) < 1.0);
        // Without held-out scores either: the fixed ceiling.
        old.info.evaluation = None;
        let bare = TaggerModel::from_bytes(&old.to_bytes(), &schema).unwrap();
        assert_eq!(
            bare.calibration().apply(0.9998),
            crate::learn::calibration::UNMEASURED_CEILING
        );
    }
}
