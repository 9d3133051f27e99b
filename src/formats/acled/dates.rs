//! Event dates for ACLED rows: a time expression of the text ("on Tuesday",
//! "hier", "23 November 2025") resolved against the document's own date,
//! which import takes from the wire dateline (`BAMAKO, Nov 19, 2025 (AFP) -`).
//!
//! Only what a coder would resolve without doubt is resolved: a full date; a
//! day and month (its year from the dateline, never after it); a weekday,
//! as the latest such day on or before the dateline ("mardi dernier": before
//! it); yesterday, today, the day before yesterday. Everything vaguer ("last
//! week", "in 2020", "recently") is refused with a reason, so that the row is
//! left empty and listed rather than guessed. English and French.

use jiff::civil::{Date, Weekday};

/// Why an expression gives no day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unresolved {
    #[error("the document has no dated dateline to resolve {0:?} against")]
    NoReference(String),
    #[error("the dateline date {0:?} has no year")]
    ReferenceWithoutYear(String),
    #[error("{0:?} names no single day")]
    Vague(String),
    #[error("{0:?} is not a date")]
    Unreadable(String),
}

/// The document's own date from its metadata `date` (ISO or as the dateline
/// prints it), else from the dateline itself.
pub fn reference_date(date: Option<&str>, dateline: Option<&str>) -> Result<Date, Unresolved> {
    let given = date.or(dateline).filter(|d| !d.trim().is_empty());
    let Some(given) = given else {
        return Err(Unresolved::NoReference(String::new()));
    };
    for text in [date, dateline].into_iter().flatten() {
        let parts = Parts::of(text);
        if let Some(date) = parts.full_date() {
            return Ok(date);
        }
    }
    if Parts::of(given).month.is_some() {
        Err(Unresolved::ReferenceWithoutYear(given.to_owned()))
    } else {
        Err(Unresolved::Unreadable(given.to_owned()))
    }
}

/// The day `expression` names, read against `reference` (the document's
/// date, or why there is none).
pub fn resolve(expression: &str, reference: &Result<Date, Unresolved>) -> Result<Date, Unresolved> {
    let parts = Parts::of(expression);
    if let Some(date) = parts.full_date() {
        return Ok(date);
    }
    if parts.vague {
        return Err(Unresolved::Vague(expression.to_owned()));
    }
    let needs_reference =
        parts.month.is_some() || parts.weekday.is_some() || parts.days_before.is_some();
    if !needs_reference {
        return Err(if parts.year.is_some() {
            Unresolved::Vague(expression.to_owned())
        } else {
            Unresolved::Unreadable(expression.to_owned())
        });
    }
    let reference = match reference {
        Ok(date) => *date,
        Err(Unresolved::NoReference(_)) => {
            return Err(Unresolved::NoReference(expression.to_owned()));
        }
        Err(other) => return Err(other.clone()),
    };
    if let (Some(month), Some(day)) = (parts.month, parts.day) {
        // The latest such day on or before the dateline.
        let this_year = Date::new(reference.year(), month, day).ok();
        return match this_year {
            Some(date) if date <= reference => Ok(date),
            _ => Date::new(reference.year() - 1, month, day)
                .map_err(|_| Unresolved::Unreadable(expression.to_owned())),
        };
    }
    if let Some(weekday) = parts.weekday {
        let latest = if parts.last {
            reference.nth_weekday(-1, weekday)
        } else if reference.weekday() == weekday {
            Ok(reference)
        } else {
            reference.nth_weekday(-1, weekday)
        };
        return latest.map_err(|_| Unresolved::Unreadable(expression.to_owned()));
    }
    if let Some(days) = parts.days_before {
        return reference
            .checked_sub(jiff::Span::new().days(days))
            .map_err(|_| Unresolved::Unreadable(expression.to_owned()));
    }
    Err(Unresolved::Unreadable(expression.to_owned()))
}

/// What the words of a date expression say.
#[derive(Debug, Default)]
struct Parts {
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    weekday: Option<Weekday>,
    /// Yesterday = 1, today = 0.
    days_before: Option<i64>,
    /// "last Tuesday", "mardi dernier": strictly before the dateline.
    last: bool,
    /// A week, month, year or "recently": no single day.
    vague: bool,
}

impl Parts {
    fn of(text: &str) -> Self {
        let lower = text
            .to_lowercase()
            .replace(['’', '\''], "'")
            .replace("aujourd'hui", "aujourdhui")
            .replace("avant-hier", "avanthier")
            .replace("day before yesterday", "avanthier");
        let mut parts = Parts::default();
        if let Some(date) = iso_date(&lower) {
            parts.year = Some(date.year());
            parts.month = Some(date.month());
            parts.day = Some(date.day());
            return parts;
        }
        let words: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '.'))
            .map(|w| w.trim_matches('.'))
            .filter(|w| !w.is_empty())
            .collect();
        for (index, word) in words.iter().enumerate() {
            let next = words.get(index + 1).copied().unwrap_or("");
            if let Ok(number) = word.trim_end_matches(ORDINAL_ENDINGS).parse::<u32>() {
                match number {
                    1..=31 if parts.day.is_none() => parts.day = i8::try_from(number).ok(),
                    1000..=2999 if parts.year.is_none() => parts.year = i16::try_from(number).ok(),
                    _ => {}
                }
            } else if let Some(month) = month_named(word) {
                parts.month = Some(month);
            } else if let Some(weekday) = weekday_named(word) {
                parts.weekday = Some(weekday);
            } else {
                match *word {
                    "yesterday" | "hier" => parts.days_before = Some(1),
                    "avanthier" => parts.days_before = Some(2),
                    "today" | "aujourdhui" | "tonight" => parts.days_before = Some(0),
                    "this" | "ce" | "cette" if is_part_of_day(next) => {
                        parts.days_before = Some(0);
                    }
                    "last" | "dernier" | "dernière" | "passé" => {
                        if is_part_of_day(next) || next == "nuit" {
                            parts.days_before = Some(1);
                        } else {
                            parts.last = true;
                        }
                    }
                    "week" | "weeks" | "semaine" | "semaines" | "month" | "months" | "mois"
                    | "year" | "years" | "ans" | "année" | "années" | "recently" | "récemment"
                    | "ago" | "weekend" | "week-end" | "next" | "prochain" | "prochaine"
                    | "since" | "depuis" | "decade" => parts.vague = true,
                    _ => {}
                }
            }
        }
        // "la nuit dernière": the night before the dateline.
        if parts.last && words.contains(&"nuit") && parts.weekday.is_none() {
            parts.days_before = Some(1);
            parts.last = false;
        }
        parts
    }

    /// A day with its year, as printed.
    fn full_date(&self) -> Option<Date> {
        Date::new(self.year?, self.month?, self.day?).ok()
    }
}

/// `1st`, `2nd`, `3rd`, `19th`, `1er`, `2e`, `3ème`.
const ORDINAL_ENDINGS: &[char] = &['s', 't', 'n', 'd', 'r', 'h', 'e', 'è', 'm'];

fn is_part_of_day(word: &str) -> bool {
    matches!(
        word,
        "morning" | "afternoon" | "evening" | "night" | "matin" | "après" | "soir" | "soirée"
    )
}

/// `2025-11-23` anywhere in the text.
fn iso_date(text: &str) -> Option<Date> {
    text.split(|c: char| c.is_whitespace() || c == 'T' || c == 't')
        .find_map(|word| word.parse::<Date>().ok())
}

fn month_named(word: &str) -> Option<i8> {
    const MONTHS: [(&[&str], i8); 12] = [
        (&["january", "jan", "janvier", "janv"], 1),
        (
            &[
                "february", "feb", "février", "fevrier", "févr", "fevr", "fév",
            ],
            2,
        ),
        (&["march", "mar", "mars"], 3),
        (&["april", "apr", "avril", "avr"], 4),
        (&["may", "mai"], 5),
        (&["june", "jun", "juin"], 6),
        (&["july", "jul", "juillet", "juil"], 7),
        (&["august", "aug", "août", "aout"], 8),
        (&["september", "sep", "sept", "septembre"], 9),
        (&["october", "oct", "octobre"], 10),
        (&["november", "nov", "novembre"], 11),
        (&["december", "dec", "décembre", "decembre", "déc"], 12),
    ];
    MONTHS
        .iter()
        .find(|(names, _)| names.contains(&word))
        .map(|(_, month)| *month)
}

fn weekday_named(word: &str) -> Option<Weekday> {
    let weekday = match word {
        "monday" | "lundi" => Weekday::Monday,
        "tuesday" | "mardi" => Weekday::Tuesday,
        "wednesday" | "mercredi" => Weekday::Wednesday,
        "thursday" | "jeudi" => Weekday::Thursday,
        "friday" | "vendredi" => Weekday::Friday,
        "saturday" | "samedi" => Weekday::Saturday,
        "sunday" | "dimanche" => Weekday::Sunday,
        _ => return None,
    };
    Some(weekday)
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    /// Wednesday 19 November 2025.
    fn wednesday() -> Result<Date, Unresolved> {
        Ok(date(2025, 11, 19))
    }

    fn on(expression: &str) -> Result<Date, Unresolved> {
        resolve(expression, &wednesday())
    }

    #[test]
    fn the_reference_comes_from_the_metadata_date_or_the_dateline() {
        assert_eq!(
            reference_date(Some("Nov 19, 2025"), None),
            Ok(date(2025, 11, 19))
        );
        assert_eq!(
            reference_date(Some("2025-11-19"), None),
            Ok(date(2025, 11, 19))
        );
        assert_eq!(
            reference_date(None, Some("NIAMEY, 12 mars 2025 (AFP) -")),
            Ok(date(2025, 3, 12))
        );
        assert_eq!(
            reference_date(Some("Nov 23"), Some("BAMAKO, Nov 23 (AFP) -")),
            Err(Unresolved::ReferenceWithoutYear("Nov 23".into()))
        );
        assert!(matches!(
            reference_date(None, None),
            Err(Unresolved::NoReference(_))
        ));
    }

    #[test]
    fn english_weekdays_are_the_latest_on_or_before_the_dateline() {
        assert_eq!(on("Tuesday"), Ok(date(2025, 11, 18)));
        assert_eq!(on("on Tuesday morning"), Ok(date(2025, 11, 18)));
        assert_eq!(on("Tuesday's"), Ok(date(2025, 11, 18)));
        assert_eq!(
            on("Wednesday"),
            Ok(date(2025, 11, 19)),
            "the dateline's own day"
        );
        assert_eq!(on("in an early raid on Tuesday"), Ok(date(2025, 11, 18)));
        assert_eq!(on("Thursday"), Ok(date(2025, 11, 13)));
        assert_eq!(on("last Wednesday"), Ok(date(2025, 11, 12)));
    }

    #[test]
    fn french_weekdays_and_relative_days() {
        assert_eq!(on("mardi"), Ok(date(2025, 11, 18)));
        assert_eq!(on("mardi matin"), Ok(date(2025, 11, 18)));
        assert_eq!(on("mercredi dernier"), Ok(date(2025, 11, 12)));
        assert_eq!(on("hier"), Ok(date(2025, 11, 18)));
        assert_eq!(on("avant-hier"), Ok(date(2025, 11, 17)));
        assert_eq!(on("aujourd’hui"), Ok(date(2025, 11, 19)));
        assert_eq!(on("ce matin"), Ok(date(2025, 11, 19)));
        assert_eq!(on("la nuit dernière"), Ok(date(2025, 11, 18)));
        assert_eq!(on("le 12 novembre"), Ok(date(2025, 11, 12)));
        assert_eq!(on("1er novembre 2024"), Ok(date(2024, 11, 1)));
    }

    #[test]
    fn english_relative_days_and_absolute_dates() {
        assert_eq!(on("yesterday"), Ok(date(2025, 11, 18)));
        assert_eq!(on("today"), Ok(date(2025, 11, 19)));
        assert_eq!(on("this morning"), Ok(date(2025, 11, 19)));
        assert_eq!(on("last night"), Ok(date(2025, 11, 18)));
        assert_eq!(on("23 November 2024"), Ok(date(2024, 11, 23)));
        assert_eq!(on("November 3rd, 2025"), Ok(date(2025, 11, 3)));
        assert_eq!(on("Nov 17"), Ok(date(2025, 11, 17)));
        assert_eq!(
            on("Nov 23"),
            Ok(date(2024, 11, 23)),
            "never after the dateline"
        );
        assert_eq!(on("2025-10-02"), Ok(date(2025, 10, 2)));
    }

    #[test]
    fn vague_expressions_and_missing_references_are_refused() {
        for vague in [
            "last week",
            "la semaine dernière",
            "in 2020",
            "two days ago",
            "recently",
            "il y a deux ans",
            "an hour ago",
        ] {
            assert!(
                matches!(on(vague), Err(Unresolved::Vague(_))),
                "{vague}: {:?}",
                on(vague)
            );
        }
        assert!(matches!(on("morning"), Err(Unresolved::Unreadable(_))));
        let none = Err(Unresolved::NoReference(String::new()));
        assert_eq!(
            resolve("Tuesday", &none),
            Err(Unresolved::NoReference("Tuesday".into()))
        );
        assert_eq!(resolve("23 November 2025", &none), Ok(date(2025, 11, 23)));
        let yearless = reference_date(Some("Nov 23"), None);
        assert_eq!(
            resolve("hier", &yearless),
            Err(Unresolved::ReferenceWithoutYear("Nov 23".into()))
        );
    }
}
