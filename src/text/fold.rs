//! Folding text for matching: lowercase, no diacritics, one apostrophe, no
//! hyphens, single spaces — with a map back to the original bytes.
//!
//! Aliases are matched on a folded copy of the document so that "Ménaka"
//! finds "Menaka", "Mali’s army" finds "Mali's army" and "Al Qaeda" finds
//! "Al-Qaeda". Mentions must point into the original text, so every folded
//! byte remembers the original char it came from.

use crate::model::Span;

/// A folded copy of a text with, for each folded byte, the original char it
/// came from.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// The folded text: mostly ASCII, lowercase unless folded with case kept.
    pub text: String,
    /// For each byte of `text`, the start byte of its original char.
    origin_start: Vec<u32>,
}

impl Folded {
    /// Folds `original` (lowercased when `lowercase`).
    pub fn new(original: &str, lowercase: bool) -> Self {
        let mut folded = Folded {
            text: String::with_capacity(original.len()),
            origin_start: Vec::with_capacity(original.len()),
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
                folded.origin_start.extend((start..run_end).map(to_u32));
                start = run_end;
                continue;
            }
            let Some(c) = original[start..].chars().next() else {
                break;
            };
            let end = start + c.len_utf8();
            let before = folded.text.len();
            fold_char(c, lowercase, &mut folded.text);
            // Offsets are stored as u32 to halve the map; documents are far
            // below 4 GB (import refuses more than 20 MB by default).
            let start_u32 = to_u32(start);
            for _ in before..folded.text.len() {
                folded.origin_start.push(start_u32);
            }
            start = end;
        }
        folded
    }

    /// The span of `original` (the text this was folded from) that folded
    /// bytes `start..end` came from, on char boundaries.
    pub fn original_span(&self, original: &str, start: usize, end: usize) -> Option<Span> {
        let first = *self.origin_start.get(start)? as usize;
        let last_char = *self.origin_start.get(end.checked_sub(1)?)? as usize;
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
