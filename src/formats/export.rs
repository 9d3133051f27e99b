//! The export job: a project's annotations, filtered by status, into a
//! dataset folder in one format, with its `dataset.json` card. The CLI and
//! the GUI both drive this one function.

use std::path::{Path, PathBuf};

use super::registry::WriteContext;
use super::uniform::Shape;
use super::{Format, FormatError, LeftEmpty, Record, Split, Unwritten, card, hub_card};
use crate::model::{AnnotationSet, Document, Status};
use crate::progress::JobControl;
use crate::store::{Problem, Project, StagedFolder, StoreError};

/// What to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    pub format: Format,
    /// Whose annotations; `None` when the project has only one annotator.
    pub annotator: Option<String>,
    /// Add open suggestions to the gold (accepted and corrected) items.
    pub include_suggestions: bool,
    /// Add rejected items as negatives, in formats that hold a status.
    pub negatives: bool,
    /// Split the documents into train/dev/test parts.
    pub split: Option<Split>,
    /// Leave out spans that overlap others (and the relations that point at
    /// them), in formats whose tools refuse overlaps (doccano's default
    /// project); what is left out is listed as unwritten.
    pub without_overlaps: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        Self {
            format,
            annotator: None,
            include_suggestions: false,
            negatives: false,
            split: None,
            without_overlaps: false,
        }
    }

    fn keeps(&self, status: &Status) -> bool {
        match status {
            Status::Accepted | Status::Corrected => true,
            Status::Suggested { .. } => self.include_suggestions,
            Status::Rejected => self.negatives && self.format.holds_status(),
        }
    }
}

/// One part of a split export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartReport {
    /// `all`, or `train`, `dev`, `test`.
    pub name: String,
    pub documents: usize,
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExportReport {
    pub annotator: String,
    /// Every file written, `dataset.json` last.
    pub files: Vec<PathBuf>,
    pub documents: usize,
    pub mentions: usize,
    pub events: usize,
    pub claims: usize,
    /// Documents the annotator has not reviewed yet (no decided item).
    pub documents_unreviewed: usize,
    /// Items the format cannot hold: counted and listed, never dropped silently.
    pub unwritten: Vec<Unwritten>,
    /// Spans written that overlap others, in a format whose tools refuse
    /// overlaps (doccano): a warning, and the reason for `without_overlaps`.
    pub overlapping: Vec<Unwritten>,
    /// The shape of the files where the format has several (doccano's
    /// `label` or `entities_relations`), the same for every part.
    pub shape: Option<&'static str>,
    /// Fields of written items left empty because the export could not fill
    /// them (an ACLED row's unresolved `event_date`), also in `dataset.json`.
    pub left_empty: Vec<LeftEmpty>,
    pub parts: Vec<PartReport>,
    /// Items found twice, as exact copies, in an annotation file: written
    /// once, and listed.
    pub copies: Vec<Problem>,
    /// Documents or annotation files that could not be read; they are left out.
    pub problems: Vec<Problem>,
    /// Files already in the output folder that this export did not write
    /// (an earlier export with another split or format): left alone, listed
    /// so that they are not mistaken for part of this dataset.
    pub stale: Vec<PathBuf>,
    /// The export was cancelled before it wrote anything.
    pub cancelled: bool,
}

/// Which annotator an export reads.
fn export_annotator(project: &Project, wanted: Option<&str>) -> Result<String, FormatError> {
    let names = project.annotators();
    let path = project.root().to_owned();
    match wanted {
        Some(name) if names.iter().any(|n| n == name) => Ok(name.to_owned()),
        Some(name) => Err(FormatError::UnknownAnnotator {
            annotator: name.to_owned(),
            path,
        }),
        None => match names.as_slice() {
            [] => Err(FormatError::NoAnnotator { path }),
            [only] => Ok(only.clone()),
            _ => Err(FormatError::AmbiguousAnnotator { names, path }),
        },
    }
}

/// Exports the project's annotations into the folder `out`.
///
/// A document is exported when the annotator has finished it (even with no
/// item: a negative example) or decided at least one of its items (or has
/// any item, with `include_suggestions`): a document nobody reviewed is
/// not evidence that it mentions nothing. Files are
/// named after the part (`all`, or `train`/`dev`/`test`), and
/// `dataset.json` describes the dataset.
///
/// Progress goes to `control` by document read, then by part written. A
/// cancel is honoured between documents, before anything is written: a
/// cancelled export writes no file and says so in its report.
pub fn export(
    project: &mut Project,
    out: &Path,
    options: &ExportOptions,
    control: JobControl<'_>,
) -> Result<ExportReport, FormatError> {
    if !options.format.can_export() {
        return Err(FormatError::ImportOnly(options.format));
    }
    let annotator = export_annotator(project, options.annotator.as_deref())?;
    let mut report = ExportReport {
        annotator: annotator.clone(),
        ..ExportReport::default()
    };
    let ids: Vec<_> = project.documents().iter().map(|d| d.id.clone()).collect();
    let mut records = Vec::new();
    control.progress.begin("reading", ids.len() as u64);
    for id in &ids {
        if control.is_cancelled() {
            report.cancelled = true;
            return Ok(report);
        }
        control.progress.advance(1);
        let mut set = match project.load_annotations(id, &annotator) {
            Ok(set) => set,
            Err(e) => {
                report.problems.push(e.into());
                continue;
            }
        };
        let duplicates = set.remove_copies();
        let path = project.annotations_path(id, &annotator);
        if !duplicates.conflicting.is_empty() {
            let ids: Vec<String> = duplicates
                .conflicting
                .iter()
                .map(ToString::to_string)
                .collect();
            let message = format!(
                "two different items share the id {}, so what refers to it is ambiguous; \
                 the document is left out (`attest check` names the lines; keep one)",
                ids.join(", ")
            );
            report.problems.push(Problem::new(&path, None, message));
            continue;
        }
        report.copies.extend(duplicates.removed.iter().map(|item| {
            let message = format!(
                "{item} is written twice in the file; exported once (`attest check` names the line of the copy)"
            );
            Problem::new(&path, None, message)
        }));
        if !reviewed(&set, options.include_suggestions) {
            report.documents_unreviewed += 1;
            continue;
        }
        let document: Document = match project.load_document(id) {
            Ok(document) => document,
            Err(e) => {
                report.problems.push(e.into());
                continue;
            }
        };
        report
            .unwritten
            .extend(misfits(&document, &set, |s| options.keeps(s)));
        records.push(Record::from_annotations(&document, &set, |s| {
            options.keeps(s)
        }));
    }
    if control.is_cancelled() {
        report.cancelled = true;
        return Ok(report);
    }

    // Two names written as one label would be merged: refused, naming both.
    if options.format.codes_labels()
        && let Some((written, first, second)) = super::flat::label_collision(&records)
    {
        return Err(FormatError::LabelCollision {
            format: options.format,
            written,
            first,
            second,
        });
    }
    // Chosen from every record before the split, so every part has it.
    report.shape = options.format.shape(&records);
    // Written beside `out` and swapped in whole: an export interrupted at
    // any point leaves the previous dataset as it was, never parts of two.
    let staged = StagedFolder::beside(out, card::FILE)?;
    let staging = staged.path().to_owned();
    let parts: Vec<(String, Vec<Record>)> = match &options.split {
        None => vec![("all".to_owned(), records)],
        Some(split) => split.assign(records, |r| r.id.as_str()),
    };
    let schema = project.file.schema.clone();
    // Every part's records, for what is declared once for the whole export
    // (brat's annotation.conf).
    let all_records: Vec<&Record> = parts.iter().flat_map(|(_, part)| part).collect();
    let context = WriteContext {
        schema: &schema,
        catalogue: &project.catalogue,
        shape: report.shape,
        without_overlaps: options.without_overlaps,
        all_records: &all_records,
    };
    let mut card_parts = Vec::new();
    let mut written_all = Vec::new();
    // brat writes annotation.conf once per part: list it once.
    let mut written_paths = std::collections::HashSet::new();
    // JSON-lines formats get a Hugging Face dataset card, its features
    // taken from every line written.
    let hub_card = matches!(
        options.format,
        Format::Jsonl | Format::Doccano | Format::LabelStudio
    );
    let mut lines: Vec<serde_json::Value> = Vec::new();
    let mut part_file_lists: Vec<Vec<String>> = Vec::new();
    control.progress.begin("writing", parts.len() as u64);
    for (name, part_records) in &parts {
        // An empty part gets no file (an empty file is no dataset: `datasets`
        // refuses a split with no rows); the card lists it with no files.
        if part_records.is_empty() {
            report.parts.push(PartReport {
                name: name.clone(),
                documents: 0,
            });
            part_file_lists.push(Vec::new());
            card_parts.push(card::Part {
                name: name.clone(),
                documents: 0,
                document_ids: options.split.as_ref().map(|_| Vec::new()),
                files: Vec::new(),
                shape: report.shape,
            });
            control.progress.advance(1);
            continue;
        }
        let rendered = options.format.render(part_records, name, &context)?;
        let mut part_files = Vec::new();
        if hub_card {
            for (relative, content) in &rendered.files {
                match relative.extension().and_then(|e| e.to_str()) {
                    Some("jsonl") => {
                        lines.extend(content.lines().filter_map(|l| serde_json::from_str(l).ok()));
                    }
                    // Label Studio: one JSON array of tasks.
                    Some("json") => {
                        if let Ok(serde_json::Value::Array(tasks)) = serde_json::from_str(content) {
                            lines.extend(tasks);
                        }
                    }
                    _ => {}
                }
            }
        }
        for (relative, content) in rendered.files {
            write_new_file(&staging.join(&relative), content.as_bytes())?;
            if written_paths.insert(relative.clone()) {
                report.files.push(out.join(&relative));
                part_files.push(relative);
            }
        }
        report.parts.push(PartReport {
            name: name.clone(),
            documents: part_records.len(),
        });
        // The data files of the part, for the dataset card (not Label
        // Studio's config.xml).
        part_file_lists.push(
            part_files
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "jsonl"))
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect::<Vec<String>>(),
        );
        card_parts.push(card::Part {
            name: name.clone(),
            documents: part_records.len(),
            document_ids: options
                .split
                .as_ref()
                .map(|_| part_records.iter().map(|r| r.id.clone()).collect()),
            files: part_files
                .iter()
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect(),
            shape: report.shape,
        });
        if options.format.refuses_overlaps() {
            report
                .overlapping
                .extend(rendered.written.iter().flat_map(super::flat::overlapping));
        }
        report.unwritten.extend(rendered.unwritten);
        report.left_empty.extend(rendered.left_empty);
        written_all.extend(rendered.written);
        control.progress.advance(1);
    }
    report.documents = written_all.len();
    report.mentions = written_all.iter().map(|r| r.mentions.len()).sum();
    report.events = written_all.iter().map(|r| r.events.len()).sum();
    report.claims = written_all.iter().map(|r| r.claims.len()).sum();
    let card = card::render(
        options,
        &annotator,
        &written_all,
        card::Listed {
            parts: card_parts,
            shape: report.shape,
            unwritten: &report.unwritten,
            overlapping: &report.overlapping,
            left_empty: &report.left_empty,
        },
        &schema,
    )?;
    if hub_card {
        let shape = Shape::of(lines.iter());
        let card_parts: Vec<hub_card::CardPart<'_>> = report
            .parts
            .iter()
            .zip(&part_file_lists)
            .map(|(p, files)| hub_card::CardPart {
                name: &p.name,
                files,
                documents: p.documents,
            })
            .collect();
        let mut labels: std::collections::BTreeMap<String, usize> =
            std::collections::BTreeMap::new();
        for record in &written_all {
            for m in &record.mentions {
                *labels.entry(m.label.clone()).or_default() += 1;
            }
            for e in &record.events {
                *labels.entry(format!("event {}", e.event_type)).or_default() += 1;
            }
            for c in &record.claims {
                *labels.entry(format!("claim {}", c.stance)).or_default() += 1;
            }
        }
        let labels: Vec<(String, usize)> = labels.into_iter().collect();
        let text = hub_card::render(options, &shape, &card_parts, &labels)?;
        write_new_file(&staging.join(hub_card::FILE), text.as_bytes())?;
        written_paths.insert(PathBuf::from(hub_card::FILE));
        report.files.push(out.join(hub_card::FILE));
    }
    write_new_file(&staging.join(card::FILE), card.as_bytes())?;
    written_paths.insert(PathBuf::from(card::FILE));
    report.files.push(out.join(card::FILE));
    // Files of the old folder this export does not write (another split's
    // parts, the user's notes) are kept, and listed.
    report.stale = staged
        .carry_over(|relative| !written_paths.contains(relative))?
        .into_iter()
        .map(|relative| out.join(relative))
        .collect();
    staged.publish()?;
    Ok(report)
}

/// Writes a file of the staging folder (its folders too): it becomes
/// visible only when the whole folder is published.
fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)
            .map_err(|e| StoreError::io("cannot create folder", folder, e))?;
    }
    std::fs::write(path, bytes).map_err(|e| StoreError::io("cannot write", path, e))
}

/// Selected items whose spans do not fit their document (a file edited by
/// hand, or a document changed under it): listed, since they cannot be written.
fn misfits(
    document: &Document,
    set: &AnnotationSet,
    keep: impl Fn(&Status) -> bool,
) -> Vec<Unwritten> {
    let spans = set
        .mentions
        .iter()
        .map(|m| (&m.review.status, m.span, &m.label, &m.text))
        .chain(
            set.events
                .iter()
                .map(|e| (&e.review.status, e.trigger, &e.event_type, &e.trigger_text)),
        )
        .chain(
            set.claims
                .iter()
                .map(|c| (&c.review.status, c.cue, &c.stance, &c.cue_text)),
        );
    spans
        .filter(|(status, ..)| keep(status))
        .filter_map(|(_, span, label, text)| {
            let error = span.validate(&document.text).err()?;
            Some(Unwritten {
                document: document.id.to_string(),
                label: label.clone(),
                start: 0,
                end: 0,
                text: text.clone(),
                reason: format!("{error} (bytes); run `attest check`"),
            })
        })
        .collect()
}

/// Whether the annotator has looked at a document: declared it finished
/// (with no item, a negative example), decided an item, or with
/// suggestions included, has any item.
fn reviewed(set: &AnnotationSet, include_suggestions: bool) -> bool {
    if set.is_finished() {
        return true;
    }
    let statuses = set
        .mentions
        .iter()
        .map(|m| &m.review.status)
        .chain(set.events.iter().map(|e| &e.review.status))
        .chain(set.claims.iter().map(|c| &c.review.status));
    statuses
        .into_iter()
        .any(|s| include_suggestions || !s.is_open())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_gold_unless_asked_and_negatives_only_where_a_status_fits() {
        let rejected = Status::Rejected;
        let open = Status::Suggested {
            by: "x".into(),
            score: 0.5,
        };
        let mut options = ExportOptions::new(Format::Conll);
        assert!(options.keeps(&Status::Corrected));
        assert!(!options.keeps(&open));
        options.include_suggestions = true;
        options.negatives = true;
        assert!(options.keeps(&open));
        assert!(
            !options.keeps(&rejected),
            "CoNLL has no place for a negative"
        );
        options.format = Format::Brat;
        assert!(options.keeps(&rejected));
    }
}
