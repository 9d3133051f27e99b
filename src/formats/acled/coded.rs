//! ACLED coded rows read as documents (`attest import --format acled-csv`):
//! each row's `notes` is a document's text, and its coding — event type,
//! sub-type, actors, place, date, fatalities — is kept in the document's
//! metadata under [`CODING_PREFIX`] keys: gold for the whole document,
//! without spans. Training reads it back ([`coding_of`]) to learn event
//! types and sub-types from a team's archive of coded events; the text
//! itself carries no annotation, so the document is not finished and no
//! span learner takes its unmarked text as a negative example.
//!
//! The rows are read by [`super::notes::read_coded_notes`], the reader
//! `attest evaluate-acled` uses: one reading of the coded columns.

use std::collections::BTreeMap;

use super::notes::{Field, read_coded_notes};
use crate::formats::record::RecordMeta;
use crate::formats::record_extras::RecordExtras;
use crate::formats::source::Source;
use crate::formats::{Located, Parsed, Record};
use crate::model::DocumentMeta;
use crate::store::Problem;

/// Prefix of the metadata keys that hold a row's coding (`acled:event_type` …).
pub const CODING_PREFIX: &str = "acled:";

/// The metadata key of a row's id (`event_id_cnty`).
const ID_KEY: &str = "acled:event_id_cnty";
/// The metadata key of a row's country.
const COUNTRY_KEY: &str = "acled:country";

/// Reads an ACLED-style CSV's rows as records with no items: the notes as
/// text, the coding as metadata. A row without notes, or one that cannot be
/// read, is a problem with its line; the other rows go on.
pub(crate) fn read(source: &Source) -> Parsed {
    let (notes, problems) = match read_coded_notes(&source.bytes) {
        Ok(read) => read,
        Err(e) => return Parsed::problem_only(&source.path, None, e.to_string()),
    };
    let mut parsed = Parsed {
        records: Vec::with_capacity(notes.len()),
        problems: problems
            .into_iter()
            .map(|p| Problem::new(&source.path, usize::try_from(p.line).ok(), p.message))
            .collect(),
    };
    for note in notes {
        let mut extra = BTreeMap::new();
        extra.insert(ID_KEY.to_owned(), note.id.clone());
        if !note.country.is_empty() {
            extra.insert(COUNTRY_KEY.to_owned(), note.country.clone());
        }
        for (field, value) in &note.coding {
            if !value.is_empty() {
                extra.insert(format!("{CODING_PREFIX}{}", field.column()), value.clone());
            }
        }
        let meta = RecordMeta {
            title: Some(note.id),
            date: note
                .coding
                .get(&Field::Date)
                .filter(|d| !d.is_empty())
                .cloned(),
            extra,
            ..RecordMeta::default()
        };
        let record = Record {
            id: String::new(),
            text: note.notes,
            meta,
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
            extras: RecordExtras::default(),
        };
        parsed.records.push(Located {
            path: source.path.clone(),
            line: None,
            record,
            notes: Vec::new(),
            annotator: None,
        });
    }
    parsed
}

/// A document's coding, read back from its metadata: the event type and
/// sub-type and the actors a coder gave its event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coding {
    pub event_type: String,
    pub sub_event_type: Option<String>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
}

/// The coding of a document imported from coded rows, if it is one (it
/// has at least an event type).
pub fn coding_of(meta: &DocumentMeta) -> Option<Coding> {
    let get = |field: Field| {
        meta.extra
            .get(&format!("{CODING_PREFIX}{}", field.column()))
            .filter(|v| !v.trim().is_empty())
            .cloned()
    };
    Some(Coding {
        event_type: get(Field::EventType)?,
        sub_event_type: get(Field::SubEventType),
        actor1: get(Field::Actor1),
        actor2: get(Field::Actor2),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::Format;
    use crate::model::Schema;

    const CSV: &str = "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,fatalities,notes\n\
MLI1,12-March-2024,Battles,Armed clash,JNIM,Military Forces of Mali (2021-),Mali,Boni,4,\"On 12 March 2024, JNIM militants clashed with soldiers near Boni.\"\n\
MLI2,13-March-2024,Protests,Peaceful protest,Protesters (Mali),,Mali,Bamako,0,\n\
BFA3,14-March-2024,Violence against civilians,Attack,Unidentified Armed Group (Burkina Faso),Civilians (Burkina Faso),Burkina Faso,Djibo,7,\"On 14 March 2024, gunmen killed seven herders near Djibo.\"\n";

    #[test]
    fn coded_rows_are_documents_with_their_coding_and_a_row_without_notes_is_a_problem() {
        let source = Source::new(std::path::Path::new("coded.csv"), CSV.as_bytes().to_vec());
        let parsed = Format::AcledCsv.read(&source, &Schema::conflict_default());
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        let problem = parsed.problems[0].to_string();
        assert!(
            problem.contains("coded.csv") && problem.contains('3'),
            "{problem}"
        );
        let record = &parsed.records[1].record;
        assert!(record.text.starts_with("On 14 March 2024, gunmen killed"));
        assert!(record.mentions.is_empty() && record.events.is_empty());
        assert_eq!(record.meta.title.as_deref(), Some("BFA3"));
        let coding = coding_of(&record.meta.to_meta()).expect("coded");
        assert_eq!(
            coding,
            Coding {
                event_type: "Violence against civilians".into(),
                sub_event_type: Some("Attack".into()),
                actor1: Some("Unidentified Armed Group (Burkina Faso)".into()),
                actor2: Some("Civilians (Burkina Faso)".into()),
            }
        );
        assert_eq!(coding_of(&DocumentMeta::default()), None);
        let without_notes = Source::new(
            std::path::Path::new("bad.csv"),
            b"event_type,actor1\nBattles,JNIM\n".to_vec(),
        );
        let parsed = Format::AcledCsv.read(&without_notes, &Schema::conflict_default());
        assert!(parsed.records.is_empty());
        assert!(
            parsed.problems[0].to_string().contains("notes"),
            "{:?}",
            parsed.problems
        );
    }
}
