//! ACLED-style event rows: one CSV row per event, in the columns an ACLED
//! coder fills (`event_date, event_type, sub_event_type, actor1,
//! assoc_actor_1, actor2, assoc_actor_2, country, admin1, location,
//! fatalities, source, notes`), followed by trace columns that lead back to
//! the Attest document and spans (code points, end-exclusive, written
//! `start:end` as a Python slice).
//!
//! The agent is actor1 and the target actor2, by the catalogue's canonical
//! name when the mention is linked to it, else as written; further fillers of
//! a role are its associated actors (`; `-separated). An event with no
//! agent takes actor1 from the claims about it that claim or confirm
//! responsibility ("The group claimed … an ambush"), as a coder would. The place is the most
//! precise location linked to the catalogue, with its country (and its
//! region as admin1 when the location is a region). The date is the event's
//! time role resolved against the document's dateline date (`dates.rs`); a
//! date that cannot be resolved is left empty and listed in the export
//! report, never guessed. The notes hold the trigger's sentence and the
//! claims about the event (stance, source, responsible), the attribution a
//! coder checks.
//!
//! Rows are derived, not annotations, so the format is written only.

mod actors;
mod brackets;
pub mod coded;
mod dates;
mod fatalities;
pub mod notes;

use std::collections::HashMap;
use std::path::PathBuf;

use unicode_segmentation::UnicodeSegmentation as _;

use super::record::slice_chars;
use super::registry::{DatasetFormat, Reader, WriteContext, Writer};
use super::{
    FormatError, LeftEmpty, Offsets, Record, RecordClaim, RecordEvent, RecordMention, RecordSource,
    Rendered,
};
use crate::model::{Catalogue, CharOffsets, Place, PlaceKind};
use crate::text::gazetteer;

/// The stances that attribute an event to its responsible actors.
const RESPONSIBILITY_STANCES: [&str; 2] = ["Claimed", "Confirmed"];

/// ACLED-style CSV in the registry.
pub struct AcledCsv;

impl DatasetFormat for AcledCsv {
    fn name(&self) -> &'static str {
        "acled-csv"
    }
    fn aliases(&self) -> &'static [&'static str] {
        &["acled"]
    }
    fn description(&self) -> &'static str {
        "ACLED-style CSV: one row per event, actors by canonical name, dates from the dateline; imported, coded rows are documents with their coding as document-level gold"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["csv"]
    }
    fn holds_status(&self) -> bool {
        false
    }
    fn reader(&self) -> Option<Reader> {
        Some(|source, _schema| coded::read(source))
    }
    fn writer(&self) -> Option<Writer> {
        Some(write)
    }
}

/// The columns, ACLED's first and the trace columns after them.
pub const COLUMNS: [&str; 24] = [
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "assoc_actor_2",
    "country",
    "admin1",
    "location",
    "fatalities",
    "source",
    "notes",
    "attest_document",
    "attest_event",
    "trigger_start",
    "trigger_end",
    "trigger_text",
    "time_text",
    "agent_spans",
    "target_spans",
    "location_spans",
    "time_spans",
    "fatalities_spans",
];

/// The default schema's role names, which ACLED's columns are read from.
const AGENT: &str = "agent";
const TARGET: &str = "target";
const LOCATION: &str = "location";
const TIME: &str = "time";
const FATALITIES: &str = "fatalities";

const EVENT_DATE: &str = "event_date";
/// The document metadata that names the country a note is about, where
/// no place of the catalogue does (an import from a coded file sets it).
pub const COUNTRY: &str = "country";
/// A place's name without the kind of area written after it, as ACLED
/// names it: "Sagbama LGA" is `Sagbama`, "Makamba Province" `Makamba`.
fn without_admin_word(name: &str) -> &str {
    const ADMIN_WORDS: [&str; 8] = [
        " LGA",
        " District",
        " County",
        " Province",
        " Subdivision",
        " Prefecture",
        " Municipality",
        " Cercle",
    ];
    ADMIN_WORDS
        .iter()
        .find_map(|word| name.strip_suffix(word))
        .filter(|rest| !rest.trim().is_empty())
        .unwrap_or(name)
}

/// `text` with its accents dropped ("Ménaka" → "Menaka"), as ACLED writes
/// places; hyphens, apostrophes and case are kept.
fn without_diacritics(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

/// How far around an actor's name its words are read ("Fulani militias",
/// "communal militias from Odejo"), in code points.
const CONTEXT_CHARS: usize = 40;
/// Separates associated actors and listed spans in one cell, as ACLED does.
const LIST_SEPARATOR: &str = "; ";

/// The part's `<part>.csv`: a header and one row per event, documents in
/// order and events in reading order; the dates it could not resolve go to
/// [`Rendered::left_empty`].
fn write(records: &[Record], part: &str, project: &WriteContext) -> Result<Rendered, FormatError> {
    let csv_error = |e: &dyn std::fmt::Display| FormatError::Serialise {
        what: format!("{part}.csv"),
        message: e.to_string(),
    };
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS).map_err(|e| csv_error(&e))?;
    let mut left_empty = Vec::new();
    for record in records {
        let document = DocumentView::new(record, project.catalogue);
        for event in &record.events {
            let row = document.row(event, &mut left_empty);
            out.write_record(&row).map_err(|e| csv_error(&e))?;
        }
    }
    let bytes = out.into_inner().map_err(|e| csv_error(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| csv_error(&e))?;
    let mut rendered = Rendered::whole(vec![(PathBuf::from(format!("{part}.csv")), text)]);
    rendered.left_empty = left_empty;
    Ok(rendered)
}

/// The rows the export writes for `record`, each in [`COLUMNS`] order,
/// with the fields it left empty; for measuring the export against coded
/// events without writing a file.
pub fn rows(record: &Record, catalogue: &Catalogue) -> (Vec<Vec<String>>, Vec<LeftEmpty>) {
    let document = DocumentView::new(record, catalogue);
    let mut left_empty = Vec::new();
    let rows = record
        .events
        .iter()
        .map(|event| document.row(event, &mut left_empty))
        .collect();
    (rows, left_empty)
}

/// One record, indexed for writing its rows: every lookup a row makes is
/// a map or a binary search, so that a long document with many events
/// writes in time linear in its size.
struct DocumentView<'a> {
    record: &'a Record,
    catalogue: &'a Catalogue,
    mentions: HashMap<&'a str, &'a RecordMention>,
    claims_about: HashMap<&'a str, Vec<&'a RecordClaim>>,
    offsets: CharOffsets,
    /// Byte offsets where each sentence starts, in order.
    sentence_starts: Vec<usize>,
    reference: Result<jiff::civil::Date, dates::Unresolved>,
    /// Into how many events the note splits its dead, if it says so.
    split_among: Option<u32>,
}

impl<'a> DocumentView<'a> {
    fn new(record: &'a Record, catalogue: &'a Catalogue) -> Self {
        let mut claims_about: HashMap<&str, Vec<&RecordClaim>> = HashMap::new();
        for claim in &record.claims {
            for event in &claim.events {
                claims_about.entry(event.as_str()).or_default().push(claim);
            }
        }
        Self {
            record,
            catalogue,
            mentions: record.mentions.iter().map(|m| (m.id.as_str(), m)).collect(),
            claims_about,
            offsets: CharOffsets::new(&record.text),
            sentence_starts: record
                .text
                .split_sentence_bound_indices()
                .map(|(start, _)| start)
                .collect(),
            reference: dates::reference_date(
                record.meta.date.as_deref(),
                record.meta.dateline.as_deref(),
            ),
            split_among: fatalities::split_among(&record.text),
        }
    }

    /// The mentions filling `role`, in the event's order.
    fn fillers(&self, event: &'a RecordEvent, role: &str) -> Vec<&'a RecordMention> {
        event
            .roles
            .get(role)
            .into_iter()
            .flatten()
            .filter_map(|id| self.mentions.get(id.as_str()).copied())
            .collect()
    }

    /// The actors held responsible for `event` by the claims about it that
    /// claim or confirm it (not those that allege or deny it), in order.
    fn claimed_responsible(&self, event: &RecordEvent) -> Vec<&'a RecordMention> {
        let mut found: Vec<&RecordMention> = Vec::new();
        let claims = self
            .claims_about
            .get(event.id.as_str())
            .into_iter()
            .flatten();
        for claim in claims.filter(|c| RESPONSIBILITY_STANCES.contains(&c.stance.as_str())) {
            for mention in claim
                .responsible
                .iter()
                .filter_map(|id| self.mentions.get(id.as_str()).copied())
            {
                if !found.iter().any(|m| m.id == mention.id) {
                    found.push(mention);
                }
            }
        }
        found
    }

    /// The ACLED name of a mention's catalogue entry, else its text.
    fn name_of(&self, mention: &RecordMention) -> String {
        mention
            .actor
            .as_deref()
            .and_then(|id| self.catalogue.acled_name_of(id))
            .unwrap_or(&mention.text)
            .to_owned()
    }

    /// The first actor and the others (without repeats) of a role, by
    /// ACLED's name where the mention is an unnamed perpetrator or civilians.
    fn actors(&self, fillers: &[&RecordMention], country: &str) -> (String, String) {
        let mut names: Vec<String> = Vec::new();
        for mention in fillers {
            let len = self.offsets.len_chars();
            let after = || {
                self.slice(Offsets {
                    start: mention.end.min(len),
                    end: (mention.end + CONTEXT_CHARS).min(len),
                })
            };
            let militia = || {
                let before = self.slice(Offsets {
                    start: mention.start.saturating_sub(CONTEXT_CHARS),
                    end: mention.start,
                });
                actors::militia_names(&before, &mention.text, &after(), country)
            };
            let described = || {
                self.catalogue
                    .acled_described(country, mention.actor.as_deref(), &mention.text)
            };
            let found = if mention.label == "ARMED_GROUP"
                && let Some(name) = described()
            {
                vec![name.to_owned()]
            } else if mention.actor.is_none()
                && mention.label == "ARMED_GROUP"
                && let Some(name) = actors::mayi_mayi_name(&mention.text, &after())
            {
                vec![name]
            } else if mention.actor.is_none()
                && mention.label == "ARMED_GROUP"
                && let Some(militias) = militia()
            {
                militias
            } else {
                vec![self.name_of_one(mention, country)]
            };
            for name in found {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        let first = if names.is_empty() {
            String::new()
        } else {
            names.remove(0)
        };
        (first, names.join(LIST_SEPARATOR))
    }

    /// ACLED's name of a mention that is neither an insurgency described
    /// nor militias named after their people, places or clans.
    fn name_of_one(&self, mention: &RecordMention, country: &str) -> String {
        if mention.actor.is_none()
            && mention.label == "FACILITY"
            && let Some(force) = self.force_holding(&mention.text, country)
        {
            force
        } else if mention.actor.is_none() {
            actors::generic_name(&mention.label, &mention.text, country)
                .or_else(|| {
                    (mention.label == "STATE_FORCE")
                        .then(|| self.state_force(&mention.text, country))
                        .flatten()
                })
                .unwrap_or_else(|| self.name_of(mention))
        } else {
            let name = mention
                .actor
                .as_deref()
                .and_then(|id| self.catalogue.acled_name_in(id, country))
                .map_or_else(|| self.name_of(mention), str::to_owned);
            actors::unidentified_in(&name, country).unwrap_or(name)
        }
    }

    /// The event's cells in [`COLUMNS`] order.
    fn row(&self, event: &'a RecordEvent, left_empty: &mut Vec<LeftEmpty>) -> Vec<String> {
        let agents = self.fillers(event, AGENT);
        let mut targets = self.fillers(event, TARGET);
        if targets.is_empty() && actors::met_by_a_force(event) {
            targets.extend(self.force_that_met_the_crowd(event));
        }
        let locations = self.fillers(event, LOCATION);
        let times = self.fillers(event, TIME);
        let tolls = self.fillers(event, FATALITIES);
        let mut place = self.place(&locations);
        self.place_in_brackets(event, &locations, &mut place);
        if place.country.is_empty() {
            place.country = self
                .record
                .meta
                .extra
                .get(COUNTRY)
                .cloned()
                .unwrap_or_default();
        }
        self.locate_in_gazetteer(&mut place);
        // With no agent, whoever claims the act did it; an agent only
        // described ("Jihadists") is the *named* group that claims it (a
        // claimant only described, "the group", names no one better).
        let claimed = self.claimed_responsible(event);
        let named_claimants: Vec<&RecordMention> = claimed
            .iter()
            .filter(|m| m.actor.is_some())
            .copied()
            .collect();
        let described = agents.iter().all(|m| m.actor.is_none());
        let perpetrators = if agents.is_empty() {
            &claimed
        } else if described && !named_claimants.is_empty() {
            &named_claimants
        } else {
            &agents
        };
        let (actor1, assoc_actor_1) = self.actors(perpetrators, &place.country);
        let (actor2, assoc_actor_2) = self.actors(&targets, &place.country);
        let (assoc_actor_1, actor2) =
            actors::clash_sides(event, assoc_actor_1, actor2, LIST_SEPARATOR);
        let (actor1, actor2) = actors::unnamed_sides(event, actor1, actor2, &place.country);
        let around_trigger = self.slice(Offsets {
            start: event.trigger.start.saturating_sub(CONTEXT_CHARS),
            end: (event.trigger.end + CONTEXT_CHARS).min(self.offsets.len_chars()),
        });
        let (actor1, actor2) =
            actors::identity_fight_sides(event, &around_trigger, actor1, actor2, &place.country);
        let day = self.event_date(event, &times);
        // A force is named by the regime of the event's day, else of the
        // report's.
        let regime_day = day.as_ref().ok().or(self.reference.as_ref().ok()).copied();
        let [actor1, assoc_actor_1, actor2, assoc_actor_2] =
            [actor1, assoc_actor_1, actor2, assoc_actor_2]
                .map(|names| self.named_on(names, regime_day));
        let event_date = match day {
            Ok(date) => date.to_string(),
            Err(missing) => {
                left_empty.push(*missing);
                String::new()
            }
        };
        let fatalities = self
            .toll(&tolls)
            .map(|dead| match self.split_among {
                Some(events) => fatalities::share(dead, events),
                None => dead,
            })
            .map(|n| n.to_string())
            .unwrap_or_default();
        let trigger_text = self.slice(event.trigger);
        vec![
            event_date,
            event.event_type.clone(),
            event.sub_type.clone().unwrap_or_default(),
            actor1,
            assoc_actor_1,
            actor2,
            assoc_actor_2,
            place.country,
            place.admin1,
            place.location,
            fatalities,
            self.record.meta.source.clone().unwrap_or_default(),
            self.notes(event),
            self.record.id.clone(),
            event.id.clone(),
            event.trigger.start.to_string(),
            event.trigger.end.to_string(),
            trigger_text,
            join(times.iter().map(|m| m.text.clone())),
            spans(&agents),
            spans(&targets),
            spans(&locations),
            spans(&times),
            spans(&tolls),
        ]
    }

    /// The state force that met a crowd, told of in the note without being
    /// a role of its event ("The police intervened to disperse them"): the
    /// first named after the trigger, else the last before it.
    fn force_that_met_the_crowd(&self, event: &RecordEvent) -> Option<&'a RecordMention> {
        let forces = self
            .record
            .mentions
            .iter()
            .filter(|m| m.label == "STATE_FORCE");
        let (before, after): (Vec<_>, Vec<_>) = forces.partition(|m| m.start < event.trigger.start);
        after.first().or(before.last()).copied()
    }

    /// The country's state force that holds a post attacked ("an army
    /// post", "a police station", "a gendarmerie post"), by ACLED's name:
    /// the side attacked is the force, not the building.
    fn force_holding(&self, facility: &str, country: &str) -> Option<String> {
        if !actors::is_state_post(facility) {
            return None;
        }
        self.state_force(facility, country)
    }

    /// ACLED's name of the country's force that `words` name: its
    /// gendarmerie, its police or its military.
    fn state_force(&self, words: &str, country: &str) -> Option<String> {
        if actors::is_gendarmerie(words) {
            self.catalogue.acled_gendarmerie(country)
        } else {
            self.catalogue
                .acled_state_force(country, actors::is_police(words))
                .map(str::to_owned)
        }
    }

    /// The dead of a fatalities role: the first count, with the counts
    /// joined to it by "and" ("forty GNA soldiers and eight LNA soldiers
    /// were killed": 48).
    fn toll(&self, tolls: &[&RecordMention]) -> Option<u32> {
        let mut counted = tolls
            .iter()
            .filter_map(|m| fatalities::count(&m.text).map(|n| (m, n)));
        let (first, mut total) = counted.next()?;
        let mut end = first.end;
        for (mention, n) in counted {
            let between = self.slice(Offsets {
                start: end,
                end: mention.start.max(end),
            });
            if !matches!(between.trim(), "and" | "et") {
                break;
            }
            total = total.saturating_add(n);
            end = mention.end;
        }
        Some(total)
    }

    /// A cell of actors (one, or a list) as ACLED named them on `day`
    /// ([`Catalogue::acled_on`]).
    fn named_on(&self, names: String, day: Option<jiff::civil::Date>) -> String {
        let Some(day) = day else {
            return names;
        };
        if names.is_empty() {
            return names;
        }
        names
            .split(LIST_SEPARATOR)
            .map(|name| self.catalogue.acled_on(name, day))
            .collect::<Vec<_>>()
            .join(LIST_SEPARATOR)
    }

    /// The event's day from its time role, or why the cell stays empty.
    fn event_date(
        &self,
        event: &RecordEvent,
        times: &[&RecordMention],
    ) -> Result<jiff::civil::Date, Box<LeftEmpty>> {
        let missing = |offsets: Offsets, text: String, reason: String| {
            Box::new(LeftEmpty {
                document: self.record.id.clone(),
                item: event.id.clone(),
                field: EVENT_DATE.to_owned(),
                start: offsets.start,
                end: offsets.end,
                text,
                reason,
            })
        };
        let Some(first) = times.first() else {
            return Err(missing(
                event.trigger,
                self.slice(event.trigger),
                "the event has no time role".to_owned(),
            ));
        };
        let resolved: Vec<_> = times
            .iter()
            .map(|m| (m, dates::resolve(&m.text, &self.reference)))
            .collect();
        let mut days: Vec<jiff::civil::Date> = resolved
            .iter()
            .filter_map(|(_, r)| r.clone().ok())
            .collect();
        days.dedup();
        let first_offsets = Offsets {
            start: first.start,
            end: first.end,
        };
        match days.as_slice() {
            [day] => Ok(*day),
            [] => {
                let reason = resolved
                    .iter()
                    .find_map(|(_, r)| r.as_ref().err())
                    .map_or_else(String::new, ToString::to_string);
                Err(missing(first_offsets, first.text.clone(), reason))
            }
            several => Err(missing(
                first_offsets,
                join(times.iter().map(|m| m.text.clone())),
                format!(
                    "its times name different days: {}",
                    join(several.iter().map(ToString::to_string))
                ),
            )),
        }
    }

    /// The most precise location in the catalogue, else the first as written.
    fn place(&self, locations: &[&RecordMention]) -> PlaceCells {
        let known: Vec<&Place> = locations
            .iter()
            .filter_map(|m| self.catalogue.place(m.actor.as_deref()?))
            .collect();
        let precision = |p: &&Place| match p.kind {
            PlaceKind::Town | PlaceKind::Other => 2,
            PlaceKind::Region => 1,
            PlaceKind::Country => 0,
        };
        let Some(place) = known.iter().copied().max_by_key(precision) else {
            return PlaceCells {
                location: locations
                    .first()
                    .map(|m| self.with_article(m, without_admin_word(&m.text)))
                    .unwrap_or_default(),
                ..PlaceCells::default()
            };
        };
        let country = place.country.as_deref().and_then(|code| {
            self.catalogue
                .places
                .iter()
                .find(|p| p.kind == PlaceKind::Country && p.country.as_deref() == Some(code))
        });
        let admin1 = known
            .iter()
            .find(|p| p.kind == PlaceKind::Region && p.country.is_some());
        PlaceCells {
            country: country.map(|c| c.name.clone()).unwrap_or_default(),
            admin1: admin1.map(|r| r.name.clone()).unwrap_or_default(),
            location: place.name.clone(),
            linked: true,
        }
    }

    /// `name`, the place `location` names, with the Arabic article written
    /// before it in the note: "in As Sabaa" is `As Sabaa`, as ACLED names
    /// it, where the mention begins at "Sabaa" ("As" also opens sentences).
    fn with_article(&self, location: &RecordMention, name: &str) -> String {
        const ARTICLES: [&str; 12] = [
            "Al", "El", "As", "Ash", "Ar", "An", "Ad", "Az", "Ed", "Es", "En", "Er",
        ];
        let before = self
            .offsets
            .byte_of_char(location.start)
            .and_then(|to| self.record.text.get(..to))
            .unwrap_or_default();
        let article = before
            .strip_suffix(' ')
            .and_then(|head| head.rsplit([' ', '(']).next())
            .filter(|word| ARTICLES.contains(word))
            .filter(|_| !ARTICLES.iter().any(|a| name.starts_with(&format!("{a} "))));
        match article {
            Some(article) => format!("{article} {name}"),
            None => name.to_owned(),
        }
    }

    /// The region the note writes in brackets after one of the event's
    /// places ("Kerawa (Mayo-Sava, Extreme-Nord)"), as the note spells it;
    /// with no place, the place written before such brackets in the
    /// event's sentence ("in Abraka (Ethiope East LGA, Delta)").
    fn place_in_brackets(
        &self,
        event: &RecordEvent,
        locations: &[&RecordMention],
        place: &mut PlaceCells,
    ) {
        if locations.is_empty() {
            let sentence = self.sentence_of(event.trigger);
            if let Some((written, admin1)) = brackets::place_before_brackets(&sentence) {
                without_admin_word(written).clone_into(&mut place.location);
                admin1.clone_into(&mut place.admin1);
            }
            return;
        }
        let written = locations.iter().find_map(|m| {
            let from = self.offsets.byte_of_char(m.end)?;
            brackets::admin1_after(self.record.text.get(from..)?)
        });
        if let Some(admin1) = written {
            admin1.clone_into(&mut place.admin1);
        }
    }

    /// The location as ACLED writes it, in plain letters (`Menaka`,
    /// `Yaounde`), with its admin1 from the gazetteer where the catalogue
    /// gave none. A place the catalogue does not link is written as the
    /// gazetteer names it when the note spells it otherwise and only one
    /// place of the country fits ("Bossaso" is Bosaso); else the note's
    /// spelling is kept.
    fn locate_in_gazetteer(&self, place: &mut PlaceCells) {
        place.location = without_diacritics(&place.location);
        if let Some(code) = self.catalogue.country_code(&place.country) {
            let gazetteer = gazetteer::shipped();
            let respelled = (!place.linked)
                .then(|| gazetteer.respelled(code, &place.location))
                .flatten()
                .map(|found| (found, without_diacritics(found.name)))
                .filter(|(_, name)| name.is_ascii());
            let found = match respelled {
                Some((found, name)) => {
                    place.location = name;
                    Some(found)
                }
                None => gazetteer.find(code, &place.location),
            };
            if let Some(found) = found.filter(|_| place.admin1.is_empty()) {
                found.admin1.clone_into(&mut place.admin1);
            }
        }
        place.admin1 = without_diacritics(&place.admin1);
    }

    /// The trigger's sentence, then each claim about the event.
    fn notes(&self, event: &RecordEvent) -> String {
        let mut notes = vec![self.sentence_of(event.trigger)];
        let about = self
            .claims_about
            .get(event.id.as_str())
            .into_iter()
            .flatten();
        notes.extend(about.map(|claim| self.claim_note(claim)));
        notes.join(" | ")
    }

    /// `Claimed by JNIM (responsible: JNIM; cue "were claimed by")`.
    fn claim_note(&self, claim: &RecordClaim) -> String {
        let source = match &claim.source {
            Some(RecordSource::Mention(id)) => {
                self.mentions.get(id.as_str()).map(|m| self.name_of(m))
            }
            Some(RecordSource::Reporter { reporter }) => Some(reporter.clone()),
            None => None,
        };
        let responsible = join(
            claim
                .responsible
                .iter()
                .filter_map(|id| self.mentions.get(id.as_str()))
                .map(|m| self.name_of(m)),
        );
        let mut note = claim.stance.clone();
        if let Some(source) = source {
            note.push_str(&format!(" by {source}"));
        }
        note.push_str(" (");
        if !responsible.is_empty() {
            note.push_str(&format!("responsible: {responsible}; "));
        }
        note.push_str(&format!("cue {:?})", self.slice(claim.cue)));
        note
    }

    /// The text at code-point offsets (empty where they do not fit).
    fn slice(&self, offsets: Offsets) -> String {
        slice_chars(&self.record.text, &self.offsets, offsets.start, offsets.end)
            .unwrap_or_default()
            .to_owned()
    }

    /// The sentence that holds `offsets`, trimmed.
    fn sentence_of(&self, offsets: Offsets) -> String {
        let text = &self.record.text;
        let Some(start_byte) = self.offsets.byte_of_char(offsets.start) else {
            return String::new();
        };
        let index = self
            .sentence_starts
            .partition_point(|&start| start <= start_byte)
            .saturating_sub(1);
        let from = self.sentence_starts.get(index).copied().unwrap_or(0);
        let to = self
            .sentence_starts
            .get(index + 1)
            .copied()
            .unwrap_or(text.len());
        text.get(from..to).unwrap_or_default().trim().to_owned()
    }
}

/// The place cells of a row.
#[derive(Default)]
struct PlaceCells {
    country: String,
    admin1: String,
    location: String,
    /// Whether the location is a place of the catalogue, named as it names it.
    linked: bool,
}

/// The spans of mentions as Python slices: `12:16; 40:48`.
fn spans(mentions: &[&RecordMention]) -> String {
    join(mentions.iter().map(|m| format!("{}:{}", m.start, m.end)))
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(LIST_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::{RecordMeta, StatusKind};
    use super::*;
    use crate::model::Schema;

    fn mention(
        id: &str,
        text: &str,
        whole: &str,
        label: &str,
        actor: Option<&str>,
    ) -> RecordMention {
        let byte = whole.find(text).unwrap();
        let start = whole[..byte].chars().count();
        RecordMention {
            id: id.into(),
            start,
            end: start + text.chars().count(),
            text: text.into(),
            label: label.into(),
            actor: actor.map(str::to_owned),
            attributes: BTreeMap::new(),
            status: StatusKind::Accepted,
            suggester: None,
            score: None,
        }
    }

    fn french_record(date: Option<&str>) -> Record {
        let text = "Des jihadistes du JNIM ont attaqué mardi l’armée à Ménaka, faisant quinze morts, « selon l’armée ».";
        let trigger_start = text[..text.find("attaqué").unwrap()].chars().count();
        let mut roles = BTreeMap::new();
        roles.insert("agent".to_owned(), vec!["m1".to_owned()]);
        roles.insert("target".to_owned(), vec!["m2".to_owned()]);
        roles.insert("time".to_owned(), vec!["m3".to_owned()]);
        roles.insert("location".to_owned(), vec!["m4".to_owned()]);
        roles.insert("fatalities".to_owned(), vec!["m5".to_owned()]);
        Record {
            id: "d1".into(),
            text: text.into(),
            meta: RecordMeta {
                source: Some("AFP".into()),
                date: date.map(str::to_owned),
                ..RecordMeta::default()
            },
            mentions: vec![
                mention("m1", "JNIM", text, "ARMED_GROUP", Some("jnim")),
                mention("m2", "l’armée", text, "STATE_FORCE", None),
                mention("m3", "mardi", text, "DATE", None),
                mention("m4", "Ménaka", text, "LOCATION", Some("menaka")),
                mention("m5", "quinze morts", text, "CASUALTIES", None),
            ],
            events: vec![RecordEvent {
                id: "e1".into(),
                trigger: Offsets {
                    start: trigger_start,
                    end: trigger_start + "attaqué".chars().count(),
                },
                event_type: "Battles".into(),
                sub_type: Some("Armed clash".into()),
                roles,
                status: StatusKind::Accepted,
                suggester: None,
                score: None,
            }],
            claims: Vec::new(),
            extras: crate::formats::RecordExtras::default(),
        }
    }

    fn render(record: Record) -> (Vec<BTreeMap<String, String>>, Vec<LeftEmpty>) {
        let catalogue = Catalogue::sahel_default();
        let schema = Schema::conflict_default();
        let context = WriteContext {
            schema: &schema,
            catalogue: &catalogue,
            shape: None,
            without_overlaps: false,
            all_records: &[],
            uniform: None,
        };
        let rendered = write(&[record], "all", &context).unwrap();
        let mut reader = csv::Reader::from_reader(rendered.files[0].1.as_bytes());
        let headers = reader.headers().unwrap().clone();
        let rows = reader
            .records()
            .map(|r| {
                headers
                    .iter()
                    .zip(r.unwrap().iter())
                    .map(|(h, v)| (h.to_owned(), v.to_owned()))
                    .collect()
            })
            .collect();
        (rows, rendered.left_empty)
    }

    #[test]
    fn a_french_row_resolves_mardi_and_quinze_and_quotes_what_needs_it() {
        // Wednesday 19 November 2025.
        let (rows, left_empty) = render(french_record(Some("19 novembre 2025")));
        assert!(left_empty.is_empty(), "{left_empty:?}");
        let row = &rows[0];
        assert_eq!(row["event_date"], "2025-11-18");
        assert_eq!(
            row["actor1"], "JNIM: Group for Support of Islam and Muslims",
            "ACLED's name"
        );
        assert_eq!(
            row["actor2"], "Military Forces of Mali (2021-)",
            "an unlinked army: its country's, by ACLED's name"
        );
        assert_eq!(
            row["location"], "Menaka",
            "as ACLED writes it, in plain letters"
        );
        assert_eq!(row["country"], "Mali");
        assert_eq!(row["fatalities"], "15");
        assert_eq!(row["source"], "AFP");
        assert!(
            row["notes"].starts_with("Des jihadistes du JNIM"),
            "{}",
            row["notes"]
        );
        assert_eq!(row["trigger_text"], "attaqué");
        assert_eq!(row["location_spans"], "51:57", "code points, not bytes");
    }

    #[test]
    fn an_unlinked_place_gets_its_admin1_from_the_gazetteer() {
        let mut record = french_record(Some("19 novembre 2025"));
        record.text = record.text.replace("Ménaka", "Douentza");
        record.mentions[3] = mention("m4", "Douentza", &record.text, "LOCATION", None);
        record
            .meta
            .extra
            .insert(COUNTRY.to_owned(), "Mali".to_owned());
        let (rows, _) = render(record);
        assert_eq!(rows[0]["location"], "Douentza");
        assert_eq!(rows[0]["admin1"], "Mopti");
    }

    #[test]
    fn an_unlinked_place_spelt_otherwise_is_written_as_the_gazetteer_names_it() {
        for (written, coded) in [
            ("Douenza", "Douenza"),
            ("Duentza", "Douentza"),
            ("Bandiagarra", "Bandiagara"),
            ("Bandiagara", "Bandiagara"),
        ] {
            let mut record = french_record(Some("19 novembre 2025"));
            record.text = record.text.replace("Ménaka", written);
            record.mentions[3] = mention("m4", written, &record.text, "LOCATION", None);
            record
                .meta
                .extra
                .insert(COUNTRY.to_owned(), "Mali".to_owned());
            let (rows, _) = render(record);
            assert_eq!(rows[0]["location"], coded, "{written}");
            assert_eq!(rows[0]["admin1"], "Mopti", "{written}");
        }
    }

    #[test]
    fn the_region_written_in_brackets_after_the_place_is_its_admin1() {
        let mut record = french_record(Some("19 novembre 2025"));
        record.text = record
            .text
            .replace("à Ménaka,", "à Kolofata (Mayo-Sava, Extreme-Nord),");
        record.mentions[3] = mention("m4", "Kolofata", &record.text, "LOCATION", None);
        record.mentions[4] = mention("m5", "quinze morts", &record.text, "CASUALTIES", None);
        record
            .meta
            .extra
            .insert(COUNTRY.to_owned(), "Cameroon".to_owned());
        let (rows, _) = render(record);
        assert_eq!(rows[0]["location"], "Kolofata");
        assert_eq!(rows[0]["admin1"], "Extreme-Nord", "as the note spells it");
    }

    #[test]
    fn with_no_place_the_one_written_before_brackets_is_the_location() {
        let mut record = french_record(Some("19 novembre 2025"));
        record.text = record
            .text
            .replace("à Ménaka,", "à Boni Cercle (Douentza, Mopti),");
        record.mentions.remove(3);
        record.mentions[3] = mention("m5", "quinze morts", &record.text, "CASUALTIES", None);
        record.events[0].roles.remove("location");
        let (rows, _) = render(record);
        assert_eq!(rows[0]["location"], "Boni");
        assert_eq!(rows[0]["admin1"], "Mopti");
    }

    #[test]
    fn an_arabic_article_before_the_place_is_part_of_its_name() {
        for (written, mentioned, location) in [
            ("à As Sabaa,", "Sabaa", "As Sabaa"),
            ("à Al Khums,", "Al Khums", "Al Khums"),
            ("à Sabaa,", "Sabaa", "Sabaa"),
        ] {
            let mut record = french_record(Some("19 novembre 2025"));
            record.text = record.text.replace("à Ménaka,", written);
            record.mentions[3] = mention("m4", mentioned, &record.text, "LOCATION", None);
            record.mentions[4] = mention("m5", "quinze morts", &record.text, "CASUALTIES", None);
            let (rows, _) = render(record);
            assert_eq!(rows[0]["location"], location, "{written}");
        }
    }

    #[test]
    fn an_undated_document_leaves_the_date_empty_and_lists_it() {
        let (rows, left_empty) = render(french_record(None));
        assert_eq!(rows[0]["event_date"], "");
        assert_eq!(left_empty.len(), 1);
        assert_eq!(left_empty[0].field, "event_date");
        assert_eq!(left_empty[0].text, "mardi");
        assert!(
            left_empty[0].reason.contains("no dated dateline"),
            "{}",
            left_empty[0]
        );
    }

    #[test]
    fn cells_with_commas_and_quotes_are_quoted() {
        let record = french_record(Some("2025-11-19"));
        let catalogue = Catalogue::sahel_default();
        let schema = Schema::conflict_default();
        let context = WriteContext {
            schema: &schema,
            catalogue: &catalogue,
            shape: None,
            without_overlaps: false,
            all_records: &[],
            uniform: None,
        };
        let rendered = write(&[record], "all", &context).unwrap();
        let (path, csv) = &rendered.files[0];
        assert_eq!(path, &PathBuf::from("all.csv"));
        assert!(
            csv.contains(",\"Des jihadistes du JNIM ont attaqué mardi l’armée à Ménaka, faisant quinze morts, « selon l’armée ».\","),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), 2, "a header and one row");
    }

    #[test]
    fn a_long_document_with_many_events_writes_a_row_for_each() {
        const EVENTS: usize = 20_000;
        let mut record = french_record(Some("2025-11-19"));
        let sentence = format!("{} ", record.text);
        let sentence_chars = sentence.chars().count();
        record.text = sentence.repeat(EVENTS);
        let template = record.events[0].clone();
        record.events = (0..EVENTS)
            .map(|i| RecordEvent {
                id: format!("e{}", i + 1),
                trigger: Offsets {
                    start: template.trigger.start + i * sentence_chars,
                    end: template.trigger.end + i * sentence_chars,
                },
                ..template.clone()
            })
            .collect();
        let (rows, left_empty) = render(record);
        assert_eq!(rows.len(), EVENTS);
        assert!(left_empty.is_empty());
        let last = &rows[EVENTS - 1];
        assert_eq!(last["trigger_text"], "attaqué");
        assert!(
            last["notes"].starts_with("Des jihadistes"),
            "{}",
            last["notes"]
        );
    }
}
