//! Folding text for matching: lowercase, no diacritics, one apostrophe, no
//! hyphens, single spaces — with a map back to the original bytes.
//!
//! Aliases are matched on a folded copy of the document so that "Ménaka"
//! finds "Menaka", "Mali’s army" finds "Mali's army" and "Al Qaeda" finds
//! "Al-Qaeda". Mentions must point into the original text, so every folded
//! byte remembers the original char it came from.

use crate::model::Span;

/// A folded copy of a text with, for each folded byte, where in the
/// original it came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: mostly ASCII, lowercase unless folded with case kept.
    pub text: String,
    /// Where the bytes of `text` came from, as runs in folded order. Most
    /// of a text is copied byte for byte (only case changes), so a run per
    /// copied stretch keeps the map a small fraction of the text: a byte
    /// per byte of map would be four times a long document's size.
    runs: Vec<Run>,
}

/// A stretch of folded bytes from `folded` up to the next run's start,
/// which came from the original at `origin`: byte for byte from there when
/// `copied`, else all from the one char that starts there (a ligature, an
/// accented letter's base, a kept non-ASCII char).
#[derive(Clone, Copy, Debug)]
struct Run {
    folded: u32,
    origin: u32,
    copied: bool,
}

impl Folded {
    /// Folds `original` (lowercased when `lowercase`).
    pub fn new(original: &str, lowercase: bool) -> Self {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            runs: Vec::new(),
        };
        let bytes = original.as_bytes();
        let mut start = 0;
        while start < bytes.len() {
            let byte = bytes[start];
            if byte.is_ascii_alphanumeric() {
                // The common case: a run of ASCII letters and digits, copied
                // and lowercased in bulk, free of char decoding.
                let run_end = bytes[start..]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(bytes.len(), |offset| start + offset);
                let before = folded.text.len();
                folded.text.push_str(&original[start..run_end]);
                if lowercase {
                    folded.text[before..].make_ascii_lowercase();
                }
                folded.copied(before, start);
                start = run_end;
                continue;
            }
            let Some(c) = original[start..].chars().next() else {
                break;
            };
            let end = start + c.len_utf8();
            let before = folded.text.len();
            fold_char(c, lowercase, &mut folded.text);
            let added = &folded.text.as_bytes()[before..];
            if added.len() == 1 || added == &original.as_bytes()[start..end] {
                folded.copied(before, start);
            } else if !added.is_empty() {
                folded.runs.push(Run {
                    folded: to_u32(before),
                    origin: to_u32(start),
                    copied: false,
                });
            }
            start = end;
        }
        folded
    }

    /// Records that the folded bytes from `at` to the end were copied one
    /// for one from `origin` on: the last run goes on when it is a copy
    /// that reaches exactly here.
    fn copied(&mut self, at: usize, origin: usize) {
        let (at, origin) = (to_u32(at), to_u32(origin));
        if let Some(last) = self.runs.last()
            && last.copied
            && last.origin.checked_add(at - last.folded) == Some(origin)
        {
            return;
        }
        self.runs.push(Run {
            folded: at,
            origin,
            copied: true,
        });
    }

    /// The original byte folded byte `at` came from: inside a copied
    /// multi-byte char, the byte itself, not the char's start.
    fn origin(&self, at: usize) -> Option<usize> {
        if at >= self.text.len() {
            return None;
        }
        let index = self
            .runs
            .partition_point(|run| run.folded as usize <= at)
            .checked_sub(1)?;
        let run = self.runs[index];
        let origin = run.origin as usize;
        Some(if run.copied {
            origin + (at - run.folded as usize)
        } else {
            origin
        })
    }

    /// The span of `original` (the text this was folded from) that folded
    /// bytes `start..end` came from, on char boundaries.
    pub fn original_span(&self, original: &str, start: usize, end: usize) -> Option<Span> {
        let first = self.origin(start)?;
        if !original.is_char_boundary(first) {
            return None;
        }
        // The char the last folded byte came from.
        let mut last_char = self.origin(end.checked_sub(1)?)?;
        while !original.is_char_boundary(last_char) {
            last_char -= 1;
        }
        // The last char and any combining marks after it (a decomposed
        // accent folds to nothing): a span never ends inside a character.
        let end = original
            .get(last_char..)?
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !unicode_normalization::char::is_combining_mark(c))
            .map_or(original.len(), |(offset, _)| last_char + offset);
        Some(Span::new(first, end))
    }
}

/// Offsets are held as u32: documents are far below 4 GB (import refuses
/// more than 20 MB by default).
fn to_u32(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// Folds one string with no offset map: for aliases and comparisons.
pub fn fold(text: &str, lowercase: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, lowercase, &mut out);
    }
    out.trim().to_owned()
}

/// Appends the folded form of `c` to `out`; runs of spaces collapse to one.
fn fold_char(c: char, lowercase: bool, out: &mut String) {
    if c.is_ascii_alphanumeric() {
        out.push(if lowercase { c.to_ascii_lowercase() } else { c });
        return;
    }
    let replacement = match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => ' ',
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{00b4}' => '\'',
        c if c.is_whitespace() => ' ',
        c if c.is_ascii() => c,
        _ => return fold_non_ascii(c, lowercase, out),
    };
    if replacement == ' ' && (out.is_empty() || out.ends_with(' ')) {
        return;
    }
    out.push(replacement);
}

fn fold_non_ascii(c: char, lowercase: bool, out: &mut String) {
    // A decomposed accent (NFD) folds away like a precomposed one's.
    if unicode_normalization::char::is_combining_mark(c) {
        return;
    }
    let ligature = match c {
        'œ' => Some("oe"),
        'Œ' => Some(if lowercase { "oe" } else { "OE" }),
        'æ' => Some("ae"),
        'Æ' => Some(if lowercase { "ae" } else { "AE" }),
        'ß' => Some("ss"),
        _ => None,
    };
    if let Some(ligature) = ligature {
        out.push_str(ligature);
        return;
    }
    let before = out.len();
    unicode_normalization::char::decompose_canonical(c, |part| {
        if part.is_ascii_alphanumeric() {
            out.push(if lowercase {
                part.to_ascii_lowercase()
            } else {
                part
            });
        }
    });
    if out.len() == before {
        // No ASCII base letter (Arabic script, symbols): keep the char.
        if lowercase {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_apostrophes_and_hyphens() {
        assert_eq!(fold("Ménaka", true), "menaka");
        assert_eq!(fold("Mali’s  army", true), "mali's army");
        assert_eq!(fold("Al-Qaïda", true), "al qaida");
        assert_eq!(fold("Al – Qaeda", true), "al qaeda");
        assert_eq!(fold("FAMa", false), "FAMa");
        assert_eq!(fold("Œuvre", true), "oeuvre");
        assert_eq!(
            fold("Se\u{301}gou", true),
            "segou",
            "decomposed accents fold away"
        );
    }

    /// Each folded byte's original char, one entry per byte: what the runs
    /// must give back.
    fn origin_per_byte(original: &str) -> Vec<usize> {
        let mut out = String::new();
        let mut origins = Vec::new();
        for (start, c) in original.char_indices() {
            let before = out.len();
            fold_char(c, true, &mut out);
            origins.extend(std::iter::repeat_n(start, out.len() - before));
        }
        origins
    }

    #[test]
    fn every_folded_byte_maps_to_the_char_it_came_from() {
        let original = "  À Ménaka,  l’armée — Œuvre de Ségou: \u{627}\u{644}\u{633}\u{644}\u{627}\u{645} \
             Me\u{301}naka 👨‍👩‍👧 Straße  FAMa\t\tAl-Qaïda x";
        let folded = Folded::new(original, true);
        let expected = origin_per_byte(original);
        assert_eq!(folded.text.len(), expected.len());
        for (at, &char_start) in expected.iter().enumerate() {
            let mut origin = folded.origin(at).unwrap();
            while !original.is_char_boundary(origin) {
                origin -= 1;
            }
            assert_eq!(origin, char_start, "folded byte {at}");
        }
        assert_eq!(folded.origin(expected.len()), None);
    }

    #[test]
    fn the_map_of_a_long_plain_text_is_a_few_runs() {
        let original = "Gunmen killed three people near Djibo on Tuesday. ".repeat(20_000);
        let folded = Folded::new(&original, true);
        assert_eq!(folded.text.len(), original.len());
        assert_eq!(folded.runs.len(), 1, "one copied run");
        let accented = "Des hommes armés ont tué trois civils à Ménaka.\n\n".repeat(1_000);
        let folded = Folded::new(&accented, true);
        // After each accented letter and each collapsed paragraph break
        // the copy starts a new run: still under half a map of a u32 per
        // folded byte.
        let map = folded.runs.len() * std::mem::size_of::<Run>();
        assert!(map * 2 < folded.text.len() * 4, "{map}");
    }

    #[test]
    fn maps_folded_offsets_back_to_original_char_boundaries() {
        let original = "À Ménaka, l’armée";
        let folded = Folded::new(original, true);
        assert_eq!(folded.text, "a menaka, l'armee");
        let start = folded.text.find("menaka").unwrap();
        let span = folded
            .original_span(original, start, start + "menaka".len())
            .unwrap();
        assert_eq!(span.text(original), Some("Ménaka"));
        let start = folded.text.find("l'armee").unwrap();
        let span = folded
            .original_span(original, start, folded.text.len())
            .unwrap();
        assert_eq!(span.text(original), Some("l’armée"));
        let decomposed = "Me\u{301}naka";
        let folded = Folded::new(decomposed, true);
        assert_eq!(folded.text, "menaka");
        let span = folded.original_span(decomposed, 0, 6).unwrap();
        assert_eq!(
            span.text(decomposed),
            Some(decomposed),
            "the last mark is kept"
        );
        let folded = Folded::new(original, true);
        assert_eq!(
            folded.original_span(original, 0, 0),
            None,
            "an empty range has no span"
        );
    }
}
