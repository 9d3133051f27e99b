//! How close the ACLED export comes to a coder: event notes that a
//! conflict-data project wrote and coded (`notes` with `event_type`,
//! `sub_event_type`, `actor1`, `actor2`, `admin1`, `location`,
//! `event_date`, `fatalities`) are each taken as a document, suggested, and written as
//! the `acled-csv` export writes them; each row is then compared with the
//! coding, field by field.
//!
//! A note gives any number of rows. Each field is scored on the *first*
//! row (what a coder sees first) and on the *best* row (the one with the
//! most fields right, the first among equals): the first says how good the
//! ranking is, the best how good the rows are. A note with no row has every
//! field wrong. A row is *exact* when the fields a coder signs for (type,
//! sub-type, actor1, date, location, fatalities) are all right.
//!
//! Coded data is read from a path and never shipped: the projects that
//! publish it restrict its redistribution.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{COLUMNS, rows};
use crate::formats::Record;
use crate::model::{AnnotationSet, Catalogue, Document, DocumentMeta};
use crate::progress::JobControl;
use crate::suggest::{Suggestions, merge_suggestions};

/// A field of a row that is compared with the coding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    EventType,
    SubEventType,
    Actor1,
    Actor2,
    Admin1,
    Location,
    Date,
    Fatalities,
}

impl Field {
    pub const ALL: [Field; 8] = [
        Field::EventType,
        Field::SubEventType,
        Field::Actor1,
        Field::Actor2,
        Field::Admin1,
        Field::Location,
        Field::Date,
        Field::Fatalities,
    ];

    /// The column that holds it, in the coded CSV and in the export.
    pub fn column(self) -> &'static str {
        match self {
            Field::EventType => "event_type",
            Field::SubEventType => "sub_event_type",
            Field::Actor1 => "actor1",
            Field::Actor2 => "actor2",
            Field::Admin1 => "admin1",
            Field::Location => "location",
            Field::Date => "event_date",
            Field::Fatalities => "fatalities",
        }
    }

    /// Whether an exact row needs it right (actor2 is often left open by
    /// coders and by the rules alike, and admin1 follows from the location,
    /// so both are scored but not required).
    fn signed_for(self) -> bool {
        !matches!(self, Field::Actor2 | Field::Admin1)
    }
}

/// One coded note: its text and the coding of each field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedNote {
    /// `event_id_cnty` where the file has it, else the row's number.
    pub id: String,
    pub country: String,
    pub notes: String,
    /// The coding, by field (empty where the file has no such column).
    pub coding: BTreeMap<Field, String>,
}

/// A row of the coded file that could not be used; the others are read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoteProblem {
    /// The row's line in the file (the header is line 1).
    pub line: u64,
    pub message: String,
}

/// Why a coded file cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum NotesError {
    #[error("the file has no `notes` column (its columns: {0})")]
    NoNotesColumn(String),
    #[error("cannot read the CSV header: {0}")]
    Header(#[source] csv::Error),
}

/// The notes of an ACLED-style CSV (columns by name, any order; extra
/// columns ignored), and the rows that had to be left out.
pub fn read_coded_notes(bytes: &[u8]) -> Result<(Vec<CodedNote>, Vec<NoteProblem>), NotesError> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader.headers().map_err(NotesError::Header)?.clone();
    let index = |name: &str| headers.iter().position(|h| h.trim() == name);
    let Some(notes_at) = index("notes") else {
        return Err(NotesError::NoNotesColumn(
            headers.iter().collect::<Vec<_>>().join(", "),
        ));
    };
    let id_at = index("event_id_cnty");
    let country_at = index("country");
    let field_at: Vec<(Field, usize)> = Field::ALL
        .iter()
        .filter_map(|f| Some((*f, index(f.column())?)))
        .collect();
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    for (number, row) in reader.records().enumerate() {
        let line = number as u64 + 2;
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                problems.push(NoteProblem {
                    line,
                    message: e.to_string(),
                });
                continue;
            }
        };
        let cell = |at: Option<usize>| at.and_then(|i| row.get(i)).unwrap_or("").trim();
        let text = cell(Some(notes_at));
        if text.is_empty() {
            problems.push(NoteProblem {
                line,
                message: "the row has no notes".to_owned(),
            });
            continue;
        }
        let id = match cell(id_at) {
            "" => format!("line {line}"),
            id => id.to_owned(),
        };
        notes.push(CodedNote {
            id,
            country: cell(country_at).to_owned(),
            notes: text.to_owned(),
            coding: field_at
                .iter()
                .map(|(f, i)| (*f, cell(Some(*i)).to_owned()))
                .collect(),
        });
    }
    Ok((notes, problems))
}

/// How the export did on one note.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NoteOutcome {
    pub id: String,
    pub rows: usize,
    /// Which fields the first and the best row have right (none without a row).
    pub first_right: BTreeMap<Field, bool>,
    pub best_right: BTreeMap<Field, bool>,
    /// The best row's cells, by field (empty without a row).
    pub best_row: BTreeMap<Field, String>,
}

/// A field's share of notes right, on the first and on the best row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct FieldScore {
    pub first: usize,
    pub best: usize,
}

/// The export measured on coded notes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NotesScore {
    pub notes: usize,
    pub rows: usize,
    pub without_row: usize,
    /// Notes whose first (best) row is exact.
    pub exact_first: usize,
    pub exact_best: usize,
    /// Notes right per field.
    pub fields: BTreeMap<Field, FieldScore>,
    pub outcomes: Vec<NoteOutcome>,
    /// Stopped before every note was measured; the counts cover the rest.
    pub cancelled: bool,
}

impl NotesScore {
    /// `count` as a share of the notes (0 with none).
    pub fn rate(&self, count: usize) -> f64 {
        if self.notes == 0 {
            0.0
        } else {
            count as f64 / self.notes as f64
        }
    }
}

/// Suggests each note with `suggest`, writes its ACLED rows as the export
/// does (every candidate kept, as an analyst who accepts all of them
/// would) and scores them against the coding.
pub fn score_notes(
    notes: &[CodedNote],
    suggest: &(dyn Fn(&str) -> Suggestions + Sync),
    catalogue: &Catalogue,
    control: JobControl<'_>,
) -> NotesScore {
    control.progress.begin("scoring notes", notes.len() as u64);
    let outcomes: Vec<Option<NoteOutcome>> = notes
        .par_iter()
        .map(|note| {
            if control.is_cancelled() {
                return None;
            }
            let outcome = score_note(note, suggest, catalogue);
            control.progress.advance(1);
            Some(outcome)
        })
        .collect();
    let mut score = NotesScore {
        cancelled: outcomes.iter().any(Option::is_none),
        ..NotesScore::default()
    };
    for field in Field::ALL {
        score.fields.insert(field, FieldScore::default());
    }
    for outcome in outcomes.into_iter().flatten() {
        score.notes += 1;
        score.rows += outcome.rows;
        score.without_row += usize::from(outcome.rows == 0);
        let exact = |right: &BTreeMap<Field, bool>| {
            outcome.rows > 0
                && Field::ALL
                    .iter()
                    .filter(|f| f.signed_for())
                    .all(|f| right.get(f).copied().unwrap_or(false))
        };
        score.exact_first += usize::from(exact(&outcome.first_right));
        score.exact_best += usize::from(exact(&outcome.best_right));
        for field in Field::ALL {
            let entry = score.fields.entry(field).or_default();
            entry.first += usize::from(outcome.first_right.get(&field) == Some(&true));
            entry.best += usize::from(outcome.best_right.get(&field) == Some(&true));
        }
        score.outcomes.push(outcome);
    }
    score
}

/// One note: a document of its text, its rows, each row compared.
fn score_note(
    note: &CodedNote,
    suggest: &(dyn Fn(&str) -> Suggestions + Sync),
    catalogue: &Catalogue,
) -> NoteOutcome {
    // The country is what a team knows of its notes before reading them
    // (it is the file's, not a field scored here); import keeps it the same way.
    let mut meta = DocumentMeta::default();
    if !note.country.is_empty() {
        meta.extra
            .insert(super::COUNTRY.to_owned(), note.country.clone());
    }
    let document = Document::new(note.notes.clone(), meta);
    let mut set = AnnotationSet::new(document.id.clone(), "evaluate-acled");
    let suggestions = suggest(&document.text);
    merge_suggestions(
        &mut set,
        &document.text,
        &suggestions,
        jiff::Timestamp::UNIX_EPOCH,
    );
    let record = Record::from_annotations(&document, &set, |_| true);
    let (rows, _) = rows(&record, catalogue);
    let cells: Vec<BTreeMap<Field, String>> = rows.iter().map(|row| fields_of(row)).collect();
    let judged: Vec<BTreeMap<Field, bool>> = cells.iter().map(|c| judge(c, note)).collect();
    let best = judged
        .iter()
        .enumerate()
        .max_by_key(|(i, right)| (right.values().filter(|r| **r).count(), usize::MAX - i))
        .map(|(i, _)| i);
    let none: BTreeMap<Field, bool> = Field::ALL.iter().map(|f| (*f, false)).collect();
    NoteOutcome {
        id: note.id.clone(),
        rows: rows.len(),
        first_right: judged.first().cloned().unwrap_or_else(|| none.clone()),
        best_right: best.map_or(none, |i| judged[i].clone()),
        best_row: best.map(|i| cells[i].clone()).unwrap_or_default(),
    }
}

/// An export row's cells, by field.
fn fields_of(row: &[String]) -> BTreeMap<Field, String> {
    Field::ALL
        .iter()
        .filter_map(|f| {
            let at = COLUMNS.iter().position(|c| *c == f.column())?;
            Some((*f, row.get(at).cloned().unwrap_or_default()))
        })
        .collect()
}

/// Which of a row's fields agree with the note's coding.
fn judge(cells: &BTreeMap<Field, String>, note: &CodedNote) -> BTreeMap<Field, bool> {
    Field::ALL
        .iter()
        .map(|field| {
            let ours = cells.get(field).map_or("", String::as_str);
            let coded = note.coding.get(field).map_or("", String::as_str);
            (*field, agrees(*field, ours, coded))
        })
        .collect()
}

/// Whether a cell says what the coder wrote: names regardless of case
/// and surrounding space, dates as days, fatalities as numbers (an empty
/// cell is none).
fn agrees(field: Field, ours: &str, coded: &str) -> bool {
    match field {
        Field::Date => match (coded_day(ours), coded_day(coded)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        Field::Fatalities => {
            let count = |s: &str| {
                let s = s.trim();
                if s.is_empty() {
                    Some(0)
                } else {
                    s.parse::<u32>().ok()
                }
            };
            count(ours).is_some() && count(ours) == count(coded)
        }
        _ => ours.trim().to_lowercase() == coded.trim().to_lowercase(),
    }
}

/// A day as coded files write it: `2020-05-09`, `9-May-20`, `09 May 2020`
/// or `9 May 2020`.
pub fn coded_day(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Some(date);
    }
    let parts: Vec<&str> = text
        .split(['-', ' ', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let day: i8 = day.parse().ok()?;
    let month = month_number(month)?;
    let year: i16 = year.parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    jiff::civil::Date::new(year, month, day).ok()
}

fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.to_lowercase();
    let position = MONTHS.iter().position(|m| lower.starts_with(m))?;
    i8::try_from(position + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::Rules;

    const CODED: &str = "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,admin1,location,fatalities,notes\n\
        XYZ1,12-March-21,Violence against civilians,Attack,Islamic State (West Africa) and/or Boko Haram - Jamatu Ahli is-Sunnah lid-Dawatai wal-Jihad,Civilians (Nigeria),Nigeria,Borno,Gwoza,4,\"On 12 March 2021, Boko Haram attacked villagers in Gwoza, killing four.\"\n\
        XYZ2,2021-03-13,Protests,Peaceful protest,Protesters (Nigeria),,Nigeria,Kano,Kano,0,\n";

    #[test]
    fn rows_without_notes_are_problems_and_the_rest_is_read() {
        let (notes, problems) = read_coded_notes(CODED.as_bytes()).unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].id, "XYZ1");
        assert!(notes[0].coding[&Field::Actor1].contains("Boko Haram"));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 3);
    }

    #[test]
    fn a_file_without_notes_is_refused_with_its_columns() {
        let error = read_coded_notes(b"event_type,actor1\nBattles,X\n").unwrap_err();
        assert!(error.to_string().contains("event_type, actor1"), "{error}");
    }

    #[test]
    fn coded_days_are_read_in_the_usual_spellings() {
        let day = jiff::civil::date(2020, 5, 9);
        for text in ["2020-05-09", "9-May-20", "09 May 2020", "9 May 2020"] {
            assert_eq!(coded_day(text), Some(day), "{text}");
        }
        assert_eq!(coded_day("May 2020"), None);
    }

    #[test]
    fn fields_agree_by_meaning_not_by_spelling() {
        assert!(agrees(Field::Date, "2020-05-09", "9-May-20"));
        assert!(agrees(Field::Fatalities, "", "0"));
        assert!(!agrees(Field::Fatalities, "", "2"));
        assert!(agrees(Field::Actor1, "boko haram ", "Boko Haram"));
        assert!(!agrees(Field::Location, "", "Gwoza"));
    }

    #[test]
    fn a_note_is_scored_on_its_first_and_best_rows() {
        let (notes, _) = read_coded_notes(CODED.as_bytes()).unwrap();
        let rules = Rules::sahel_default().unwrap();
        let catalogue = Catalogue::sahel_default();
        let score = score_notes(
            &notes,
            &|text| rules.suggest(text),
            &catalogue,
            JobControl::unattended(),
        );
        assert_eq!(score.notes, 1);
        assert!(score.rows >= 1, "{score:?}");
        let outcome = &score.outcomes[0];
        assert!(outcome.best_right[&Field::Date], "{outcome:?}");
        assert!(outcome.best_right[&Field::Actor1], "{outcome:?}");
        assert!(outcome.best_right[&Field::Admin1], "{outcome:?}");
        assert_eq!(score.fields[&Field::Date].best, 1);
        assert_eq!(score.fields[&Field::Admin1].best, 1);
    }

    #[test]
    fn a_note_without_a_row_has_every_field_wrong() {
        let notes = vec![CodedNote {
            id: "n".into(),
            country: String::new(),
            notes: "Nothing happened here.".into(),
            coding: BTreeMap::from([(Field::Fatalities, "0".to_owned())]),
        }];
        let score = score_notes(
            &notes,
            &|_| Suggestions::default(),
            &Catalogue::sahel_default(),
            JobControl::unattended(),
        );
        assert_eq!(score.without_row, 1);
        assert_eq!(score.fields[&Field::Fatalities].best, 0);
        assert_eq!(score.exact_best, 0);
    }
}
