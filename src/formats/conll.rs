//! CoNLL-2003 style: `-DOCSTART- O` before each document, one `token TAG`
//! line per token, IOB2 tags, a blank line after each sentence. Mentions
//! only, and no two may overlap: the overlapped ones are listed as
//! [`Unwritten`], never dropped silently.
//!
//! Tokens are runs of letters and digits, or single other characters, cut
//! at mention boundaries and otherwise never inside a grapheme cluster (an
//! accent typed as a combining mark, an emoji sequence, stays whole); sentences end at a line break or at `.`, `!`, `?`
//! before a capital or a quote, never inside a mention. Because a token
//! never contains a space and re-tokenises as itself, reading a file back
//! (tokens joined by spaces, sentences by line breaks) and writing it again
//! gives the same file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation as _;

use super::registry::{DatasetFormat, Reader, Writer, read_text};
use super::{Located, Parsed, Record, RecordMention, RecordMeta, Rendered, StatusKind, Unwritten};
use crate::store::Problem;

/// CoNLL-2003 in the registry.
pub struct Conll;

impl DatasetFormat for Conll {
    fn name(&self) -> &'static str {
        "conll"
    }
    fn description(&self) -> &'static str {
        "CoNLL-2003 `token TAG` lines, IOB2, mentions only"
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["conll", "txt", "iob", "bio"]
    }
    fn holds_status(&self) -> bool {
        false
    }
    fn reader(&self) -> Option<Reader> {
        Some(|path, _| read_text(path, |text| read(path, text)))
    }
    fn writer(&self) -> Option<Writer> {
        Some(|records, part, _| Ok(render(records, part)))
    }
}

const DOCSTART: &str = "-DOCSTART-";

struct Token {
    start: usize,
    end: usize,
    /// A line break lies between this token and the previous one.
    after_line_break: bool,
}

/// The code-point offsets of `text` where an extended grapheme cluster
/// begins (and its end): a token never ends inside a cluster, so an accent
/// written as a combining mark or an emoji sequence stays with its base.
/// `starts[i]` tells whether code point `i` begins one.
fn grapheme_starts(text: &str) -> Vec<bool> {
    let mut starts = Vec::with_capacity(text.len() + 1);
    for grapheme in text.graphemes(true) {
        starts.push(true);
        starts.extend(grapheme.chars().skip(1).map(|_| false));
    }
    starts.push(true);
    starts
}

/// Splits `chars` into tokens, cutting at every offset in `cuts` and
/// otherwise only where a grapheme cluster begins (`boundaries`).
fn tokenize(chars: &[char], boundaries: &[bool], cuts: &BTreeSet<usize>) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut line_break = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            line_break |= c == '\n' || c == '\r';
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let word = c.is_alphanumeric();
        while i < chars.len()
            && !cuts.contains(&i)
            && !chars[i].is_whitespace()
            && (!boundaries.get(i).copied().unwrap_or(true) || (word && chars[i].is_alphanumeric()))
        {
            i += 1;
        }
        tokens.push(Token {
            start,
            end: i,
            after_line_break: std::mem::take(&mut line_break),
        });
    }
    tokens
}

/// The mentions a CoNLL file can hold: the first of each overlapping group
/// in reading order (longest first at the same start); the others with why.
fn non_overlapping(record: &Record) -> (Vec<&RecordMention>, Vec<Unwritten>) {
    let mut mentions: Vec<&RecordMention> = record.mentions.iter().collect();
    mentions.sort_by(|a, b| {
        (a.start, std::cmp::Reverse(a.end), &a.label).cmp(&(
            b.start,
            std::cmp::Reverse(b.end),
            &b.label,
        ))
    });
    let mut kept: Vec<&RecordMention> = Vec::new();
    let mut unwritten = Vec::new();
    for m in mentions {
        match kept.last() {
            Some(last) if m.start < last.end => unwritten.push(Unwritten {
                document: record.id.clone(),
                label: m.label.clone(),
                start: m.start,
                end: m.end,
                text: m.text.clone(),
                reason: format!(
                    "overlaps {} {}..{} {:?}, and CoNLL holds one tag per token",
                    last.label, last.start, last.end, last.text
                ),
            }),
            _ => kept.push(m),
        }
    }
    (kept, unwritten)
}

fn ends_sentence(token: &str) -> bool {
    matches!(token, "." | "!" | "?")
}

fn starts_sentence(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '«' | '\''))
}

/// The part's `<part>.conll`.
pub fn render(records: &[Record], part: &str) -> Rendered {
    let mut out = String::new();
    let mut written = Vec::new();
    let mut all_unwritten = Vec::new();
    for record in records {
        let (kept, mut unwritten) = non_overlapping(record);
        let chars: Vec<char> = record.text.chars().collect();
        let cuts: BTreeSet<usize> = kept.iter().flat_map(|m| [m.start, m.end]).collect();
        let tokens = tokenize(&chars, &grapheme_starts(&record.text), &cuts);
        // Tag of each token: the kept mention that covers it. Both lists are
        // in reading order and tokens are cut at mention boundaries, so one
        // pass suffices.
        let mut tags = vec![None; tokens.len()];
        let mut seen = vec![false; kept.len()];
        let mut next = 0;
        for (t, token) in tokens.iter().enumerate() {
            while next < kept.len() && kept[next].end <= token.start {
                next += 1;
            }
            if let Some(m) = kept.get(next)
                && token.start >= m.start
                && token.end <= m.end
            {
                tags[t] = Some((!seen[next], m.label.as_str()));
                seen[next] = true;
            }
        }
        let mut tagged = Vec::new();
        for (m, seen) in kept.iter().zip(seen) {
            if seen {
                tagged.push((*m).clone());
            } else {
                unwritten.push(Unwritten {
                    document: record.id.clone(),
                    label: m.label.clone(),
                    start: m.start,
                    end: m.end,
                    text: m.text.clone(),
                    reason: "covers no token (only spaces)".to_owned(),
                });
            }
        }
        out.push_str(DOCSTART);
        out.push_str(" O\n\n");
        let mut sentence_open = false;
        for (t, token) in tokens.iter().enumerate() {
            let text: String = chars[token.start..token.end].iter().collect();
            let inside_mention = matches!(tags[t], Some((false, _)));
            let previous: String = t
                .checked_sub(1)
                .map(|p| chars[tokens[p].start..tokens[p].end].iter().collect())
                .unwrap_or_default();
            let breaks =
                token.after_line_break || (ends_sentence(&previous) && starts_sentence(&text));
            if sentence_open && breaks && !inside_mention {
                out.push('\n');
            }
            let tag = match tags[t] {
                None => "O".to_owned(),
                Some((true, label)) => format!("B-{label}"),
                Some((false, label)) => format!("I-{label}"),
            };
            out.push_str(&text);
            out.push(' ');
            out.push_str(&tag);
            out.push('\n');
            sentence_open = true;
        }
        if sentence_open {
            out.push('\n');
        }
        written.push(Record {
            mentions: tagged,
            events: Vec::new(),
            claims: Vec::new(),
            ..record.clone()
        });
        all_unwritten.extend(unwritten);
    }
    Rendered {
        files: vec![(PathBuf::from(format!("{part}.conll")), out)],
        written,
        unwritten: all_unwritten,
        left_empty: Vec::new(),
    }
}

/// A document being read: its sentences of (token, tag) and where it began.
#[derive(Default)]
struct DocumentBuilder {
    line: Option<usize>,
    sentences: Vec<Vec<(String, String)>>,
}

impl DocumentBuilder {
    fn push(&mut self, line: usize, token: String, tag: String) {
        self.line.get_or_insert(line);
        match self.sentences.last_mut() {
            Some(sentence) if !sentence.is_empty() => sentence.push((token, tag)),
            _ => self.sentences.push(vec![(token, tag)]),
        }
    }

    fn end_sentence(&mut self) {
        if self.sentences.last().is_some_and(|s| !s.is_empty()) {
            self.sentences.push(Vec::new());
        }
    }

    /// The document's record: tokens joined by spaces, sentences by line breaks.
    fn finish(self, number: usize) -> Option<(Option<usize>, Record)> {
        let sentences: Vec<_> = self
            .sentences
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if sentences.is_empty() {
            return None;
        }
        let mut text = String::new();
        let mut offset = 0;
        let mut mentions: Vec<RecordMention> = Vec::new();
        for (s, sentence) in sentences.iter().enumerate() {
            if s > 0 {
                text.push('\n');
                offset += 1;
            }
            let mut open: Option<Open> = None;
            for (t, (token, tag)) in sentence.iter().enumerate() {
                if t > 0 {
                    text.push(' ');
                    offset += 1;
                }
                let (start, start_byte) = (offset, text.len());
                text.push_str(token);
                offset += token.chars().count();
                let (prefix, label) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
                let continues =
                    matches!(prefix, "I" | "E") && open.as_ref().is_some_and(|m| m.label == label);
                if continues {
                    if let Some(m) = open.as_mut() {
                        (m.end, m.end_byte) = (offset, text.len());
                    }
                    continue;
                }
                if let Some(m) = open.take() {
                    mentions.push(m.into_mention(&text, mentions.len()));
                }
                if prefix != "O" && !label.is_empty() {
                    open = Some(Open {
                        label: label.to_owned(),
                        start,
                        end: offset,
                        start_byte,
                        end_byte: text.len(),
                    });
                }
            }
            if let Some(m) = open.take() {
                mentions.push(m.into_mention(&text, mentions.len()));
            }
        }
        Some((
            self.line,
            Record {
                id: format!("document {number}"),
                text,
                meta: RecordMeta::default(),
                mentions,
                events: Vec::new(),
                claims: Vec::new(),
            },
        ))
    }
}

/// A mention being read: code points for the record, bytes for its text.
struct Open {
    label: String,
    start: usize,
    end: usize,
    start_byte: usize,
    end_byte: usize,
}

impl Open {
    fn into_mention(self, text: &str, count: usize) -> RecordMention {
        RecordMention {
            id: format!("m{}", count + 1),
            start: self.start,
            end: self.end,
            text: text[self.start_byte..self.end_byte].to_owned(),
            label: self.label,
            actor: None,
            attributes: BTreeMap::new(),
            status: StatusKind::Accepted,
        }
    }
}

fn valid_tag(tag: &str) -> bool {
    tag == "O"
        || tag
            .split_once('-')
            .is_some_and(|(p, l)| matches!(p, "B" | "I" | "E" | "S") && !l.is_empty())
}

/// Reads documents separated by `-DOCSTART-` (the whole file is one
/// document without it). The token is the first column, the tag the last.
pub fn read(path: &Path, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut documents = Vec::new();
    let mut current = DocumentBuilder::default();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let columns: Vec<&str> = line.split_whitespace().collect();
        match columns.as_slice() {
            [] => current.end_sentence(),
            [first, ..] if *first == DOCSTART => {
                documents.push(std::mem::take(&mut current));
                current.line = Some(line_number);
            }
            [_] => parsed.problems.push(Problem::new(
                path,
                Some(line_number),
                "expected `token TAG`; line skipped",
            )),
            [token, .., tag] => {
                let tag = if valid_tag(tag) {
                    (*tag).to_owned()
                } else {
                    parsed.problems.push(Problem::new(
                        path,
                        Some(line_number),
                        format!("tag {tag:?} is not O, B-LABEL or I-LABEL; read as O"),
                    ));
                    "O".to_owned()
                };
                current.push(line_number, (*token).to_owned(), tag);
            }
        }
    }
    documents.push(current);
    for (number, document) in documents.into_iter().enumerate() {
        if let Some((line, record)) = document.finish(number) {
            parsed.records.push(Located {
                path: path.to_owned(),
                line,
                record,
                notes: Vec::new(),
                annotator: None,
            });
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str, mentions: &[(usize, usize, &str)]) -> Record {
        Record {
            id: "d".into(),
            text: text.into(),
            meta: RecordMeta::default(),
            mentions: mentions
                .iter()
                .enumerate()
                .map(|(i, (s, e, label))| RecordMention {
                    id: format!("m{i}"),
                    start: *s,
                    end: *e,
                    text: text.chars().skip(*s).take(e - s).collect(),
                    label: (*label).into(),
                    actor: None,
                    attributes: BTreeMap::new(),
                    status: StatusKind::Accepted,
                })
                .collect(),
            events: Vec::new(),
            claims: Vec::new(),
        }
    }

    #[test]
    fn tokens_are_cut_at_mention_boundaries_and_read_back_the_same() {
        // "Mali" inside "Mali's" and "l’armée": cut at the mention, apostrophes apart.
        let text = "Mali's army, l’armée. Dr. Sy";
        let rendered = render(
            &[record(text, &[(0, 4, "LOCATION"), (13, 20, "STATE_FORCE")])],
            "all",
        );
        let file = &rendered.files[0].1;
        assert!(file.starts_with("-DOCSTART- O\n\nMali B-LOCATION\n' O\ns O\narmy O\n, O\nl B-STATE_FORCE\n’ I-STATE_FORCE\narmée I-STATE_FORCE\n. O\n\nDr O\n. O\n\nSy O\n\n"), "{file}");
        let parsed = read(Path::new("x.conll"), file);
        let again = render(&[parsed.records[0].record.clone()], "all");
        assert_eq!(&again.files[0].1, file);
    }

    #[test]
    fn combining_accents_and_emoji_sequences_stay_in_their_token() {
        // "armée" with a combining acute, a flag (two code points) and a
        // family emoji joined by ZWJs.
        let text = "l'arme\u{301}e \u{1F1F2}\u{1F1F1} \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}!";
        let rendered = render(&[record(text, &[(2, 8, "STATE_FORCE")])], "all");
        let file = &rendered.files[0].1;
        assert!(
            file.contains(
                "arme\u{301}e B-STATE_FORCE\n\u{1F1F2}\u{1F1F1} O\n\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} O\n! O\n"
            ),
            "{file}"
        );
        let parsed = read(Path::new("x.conll"), file);
        let again = render(&[parsed.records[0].record.clone()], "all");
        assert_eq!(&again.files[0].1, file);
    }

    #[test]
    fn a_mention_across_a_line_break_keeps_its_sentence_whole() {
        let text = "Le camp de\nFarabougou.\nFin.";
        let rendered = render(&[record(text, &[(3, 21, "FACILITY")])], "all");
        let file = &rendered.files[0].1;
        assert!(
            file.contains("de I-FACILITY\nFarabougou I-FACILITY\n. O\n\nFin O"),
            "{file}"
        );
        assert_eq!(rendered.written[0].mentions.len(), 1);
        let parsed = read(Path::new("x.conll"), file);
        assert_eq!(
            parsed.records[0].record.mentions[0].text,
            "camp de Farabougou"
        );
    }

    #[test]
    fn overlapping_mentions_are_listed_with_the_one_kept() {
        let text = "le poste de Kassela";
        let rendered = render(
            &[record(text, &[(3, 19, "FACILITY"), (12, 19, "LOCATION")])],
            "all",
        );
        assert_eq!(rendered.unwritten.len(), 1);
        assert_eq!(rendered.unwritten[0].text, "Kassela");
        assert!(rendered.unwritten[0].reason.contains("FACILITY 3..19"));
        assert_eq!(rendered.written[0].mentions.len(), 1);
    }
}
