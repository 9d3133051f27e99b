//! CoNLL-2003 style: `-DOCSTART- O` before each document, one `token TAG`
//! line per token, IOB2 tags (labels coded as `flat.rs` says, so never with
//! a space: `B-ARMED_GROUP`; read back to the schema's names), a blank line
//! after each sentence. Mentions
//! only, and no two may overlap: the overlapped ones are listed as
//! [`Unwritten`], never dropped silently.
//!
//! A document keeps the tokens it came with (a CoNLL file's, Prodigy's
//! `tokens`): reading a file records them, and writing uses them, cut only
//! where a mention begins or ends inside one, and sentences end where the
//! source had a line break. So `AL-AIN` and `1996-12-06` stay one token and
//! token/tag pairs line up with the original file.
//!
//! Reading also takes CoNLL-U and CoNLL-X (ten tab-separated columns, the
//! first the token's index): the FORM column is the token and the tag is
//! MISC's `NER=` entry or the last column, never the index and whatever
//! column comes last. Own tokens that leave words of the text outside them
//! are not used, so no word is ever dropped from a file.
//!
//! Other documents are tokenised here: words (letters and digits, joined
//! across an inner hyphen — `Ag-Ghaly` — and across `.`, `,`, `/` or `:`
//! between digits), French elisions with their apostrophe (`l'` `armée`),
//! `'s`, or single other characters; cut at mention boundaries and never
//! inside a grapheme cluster (an accent typed as a combining mark, an emoji
//! sequence, stays whole). Sentences end at a line break or at `.`, `!`,
//! `?` before a capital or a quote, never inside a mention.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use unicode_segmentation::UnicodeSegmentation as _;

use super::registry::{DatasetFormat, Reader, Writer};
use super::{Located, Parsed, Record, RecordMention, RecordMeta, Rendered, StatusKind, Unwritten};
use crate::store::Problem;
use crate::text::sentences::Sentences;

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
    fn empty_record_is_annotated(&self) -> bool {
        true
    }
    fn codes_labels(&self) -> bool {
        true
    }
    fn reader(&self) -> Option<Reader> {
        Some(|source, schema| {
            let mut parsed = source.read_text(|text| read(&source.path, text));
            // Tags carry labels as `flat.rs` codes them; back to the schema's names.
            for located in &mut parsed.records {
                for m in &mut located.record.mentions {
                    m.label = super::flat::mention_label_from(&m.label, schema);
                }
            }
            parsed
        })
    }
    fn writer(&self) -> Option<Writer> {
        Some(|records, part, _| Ok(render(records, part)))
    }
    fn streams(&self) -> bool {
        true
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

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

/// French words that elide before a vowel: `l'armée` is `l'` `armée`.
fn elides(word: &[char]) -> bool {
    const ELIDING: [&str; 13] = [
        "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    ];
    let word: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    ELIDING.contains(&word.as_str())
}

/// Splits `chars` into tokens, cutting at every offset in `cuts` and
/// otherwise only where a grapheme cluster begins (`boundaries`).
///
/// A token is a word (letters and digits, joined across a hyphen between
/// two of them — `Ag-Ghaly`, `1996-12-06` — and across `.`, `,`, `/` or `:`
/// between digits — `1,000`, `14/11/2023`), a French elided article or
/// pronoun with its apostrophe (`l'`, `qu'`), an English `'s`, or any other
/// single character with what its grapheme cluster holds.
fn tokenize(chars: &[char], boundaries: &[bool], cuts: &BTreeSet<usize>) -> Vec<Token> {
    let starts_cluster = |i: usize| boundaries.get(i).copied().unwrap_or(true);
    let alphanumeric_at = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    let digit_at = |i: usize| chars.get(i).is_some_and(|c| c.is_numeric());
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
        while i < chars.len() && !cuts.contains(&i) && !chars[i].is_whitespace() {
            if !starts_cluster(i) || (word && chars[i].is_alphanumeric()) {
                i += 1;
                continue;
            }
            // A joiner between two letters or digits of one word.
            let joins = word
                && !cuts.contains(&(i + 1))
                && starts_cluster(i + 1)
                && (is_hyphen(chars[i]) && alphanumeric_at(i + 1)
                    || matches!(chars[i], '.' | ',' | '/' | ':')
                        && digit_at(i - 1)
                        && digit_at(i + 1));
            if !joins {
                break;
            }
            i += 1;
        }
        let elided = word
            && i + 1 < chars.len()
            && is_apostrophe(chars[i])
            && !cuts.contains(&i)
            && !cuts.contains(&(i + 1))
            && starts_cluster(i + 1)
            && chars[i + 1].is_alphabetic()
            && elides(&chars[start..i]);
        // `'s` after a word, as CoNLL-2003 and Penn Treebank write it.
        let possessive = is_apostrophe(c)
            && start > 0
            && !chars[start - 1].is_whitespace()
            && chars.get(i).is_some_and(|s| matches!(s, 's' | 'S'))
            && !cuts.contains(&i)
            && starts_cluster(i + 1)
            && !alphanumeric_at(i + 1);
        if elided || possessive {
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

/// The document's own tokens (code-point ranges from its source), cut at
/// `cuts` and at any white space inside; `None` when they do not fit the
/// text (out of order, overlapping, past its end, or leaving words of it
/// outside every token, which would drop them from the file).
fn own_tokens(
    chars: &[char],
    tokens: &[(usize, usize)],
    cuts: &BTreeSet<usize>,
) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut previous_end = 0;
    // Kept across tokens: a token of white space only (Prodigy writes
    // `"\n\n"` as one) gives no piece but its line break counts.
    let mut line_break = false;
    for &(start, end) in tokens {
        if start < previous_end || start >= end || end > chars.len() {
            return None;
        }
        if !chars[previous_end..start].iter().all(|c| c.is_whitespace()) {
            return None;
        }
        line_break |= chars[previous_end..start]
            .iter()
            .any(|c| matches!(c, '\n' | '\r'));
        let mut open: Option<usize> = None;
        for i in start..=end {
            let at_cut = cuts.contains(&i) || i == end;
            let space = chars.get(i).is_some_and(|c| c.is_whitespace()) && i < end;
            if (at_cut || space)
                && let Some(piece_start) = open.take()
            {
                out.push(Token {
                    start: piece_start,
                    end: i,
                    after_line_break: std::mem::take(&mut line_break),
                });
            }
            if space {
                line_break |= matches!(chars[i], '\n' | '\r');
            } else if i < end && open.is_none() {
                open = Some(i);
            }
        }
        previous_end = end;
    }
    if !chars[previous_end..].iter().all(|c| c.is_whitespace()) {
        return None;
    }
    Some(out)
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

/// The part's `<part>.conll`.
pub fn render(records: &[Record], part: &str) -> Rendered {
    let mut out = String::new();
    let mut written = Vec::new();
    let mut all_unwritten = Vec::new();
    for record in records {
        let (kept, mut unwritten) = non_overlapping(record);
        let chars: Vec<char> = record.text.chars().collect();
        let cuts: BTreeSet<usize> = kept.iter().flat_map(|m| [m.start, m.end]).collect();
        // The tokens the document came with where it has them; then a
        // sentence ends only where its source put a line break.
        let own = own_tokens(&chars, &record.meta.tokens, &cuts).filter(|t| !t.is_empty());
        let sentences_by_line = own.is_some();
        let tokens = own.unwrap_or_else(|| tokenize(&chars, &grapheme_starts(&record.text), &cuts));
        // Elsewhere, the text layer's one sentence rule, on char offsets.
        let sentences = (!sentences_by_line).then(|| Sentences::new(&record.text));
        let byte_of: Vec<usize> = if sentences.is_some() {
            record
                .text
                .char_indices()
                .map(|(byte, _)| byte)
                .chain(std::iter::once(record.text.len()))
                .collect()
        } else {
            Vec::new()
        };
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
            let breaks = token.after_line_break
                || sentences
                    .as_ref()
                    .zip(byte_of.get(token.start))
                    .is_some_and(|(sentences, &byte)| sentences.starts_at(byte));
            if sentence_open && breaks && !inside_mention {
                out.push('\n');
            }
            let tag = match tags[t] {
                None => "O".to_owned(),
                Some((true, label)) => format!("B-{}", super::flat::mention_label(label)),
                Some((false, label)) => format!("I-{}", super::flat::mention_label(label)),
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
        written: Some(written),
        unwritten: all_unwritten,
        left_empty: Vec::new(),
        lines: None,
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
        let mut tokens = Vec::new();
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
                tokens.push((start, offset));
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
                meta: RecordMeta {
                    tokens,
                    ..RecordMeta::default()
                },
                mentions,
                events: Vec::new(),
                claims: Vec::new(),
                extras: crate::formats::RecordExtras::default(),
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
            suggester: None,
            score: None,
        }
    }
}

fn valid_tag(tag: &str) -> bool {
    tag == "O"
        || tag
            .split_once('-')
            .is_some_and(|(p, l)| matches!(p, "B" | "I" | "E" | "S") && !l.is_empty())
}

/// The ten tab-separated columns of a CoNLL-U (or CoNLL-X) token line,
/// when `line` is one: the first is the token's index (`3`, a range `3-4`
/// or an empty node `3.1`), the second its FORM.
fn conllu_columns(line: &str) -> Option<Vec<&str>> {
    let columns: Vec<&str> = line.split('\t').collect();
    let index = columns.first()?;
    let numeric = index
        .split(['-', '.'])
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    (columns.len() == 10 && numeric).then_some(columns)
}

/// The tag of a CoNLL-U token: MISC's `NER=` entry, else the last column
/// when it is a tag itself (CoNLL-X files with NER there), else `O`.
fn conllu_tag(misc: &str) -> Option<&str> {
    if let Some(tag) = misc.split('|').find_map(|entry| entry.strip_prefix("NER=")) {
        return Some(tag);
    }
    valid_tag(misc).then_some(misc)
}

/// Reads a CoNLL-U or CoNLL-X file: FORM is the token, the tag comes from
/// MISC (`NER=B-LOCATION`) or is the last column; `# newdoc` begins a
/// document, other `#` lines are comments; multiword-token ranges and
/// empty nodes are left out (their words have lines of their own).
fn read_conllu(path: &Path, text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut documents = Vec::new();
    let mut current = DocumentBuilder::default();
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        if line.trim().is_empty() {
            current.end_sentence();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if comment.trim_start().starts_with("newdoc") {
                documents.push(std::mem::take(&mut current));
                current.line = Some(line_number);
            }
            continue;
        }
        let Some(columns) = conllu_columns(line) else {
            parsed.problems.push(Problem::new(
                path,
                Some(line_number),
                "expected the 10 tab-separated columns of CoNLL-U; line skipped",
            ));
            continue;
        };
        if columns[0].contains(['-', '.']) {
            continue;
        }
        let tag = match conllu_tag(columns[9]) {
            Some(tag) if valid_tag(tag) => tag.to_owned(),
            Some(tag) => {
                parsed.problems.push(Problem::new(
                    path,
                    Some(line_number),
                    format!("tag {tag:?} is not O, B-LABEL or I-LABEL; read as O"),
                ));
                "O".to_owned()
            }
            None => "O".to_owned(),
        };
        current.push(line_number, columns[1].to_owned(), tag);
    }
    documents.push(current);
    parsed.records = located(path, documents);
    parsed
}

/// Reads documents separated by `-DOCSTART-` (the whole file is one
/// document without it). The token is the first column, the tag the last.
/// A CoNLL-U or CoNLL-X file (ten tab-separated columns, the first the
/// token's index) is read by its columns instead ([`read_conllu`]).
pub fn read(path: &Path, text: &str) -> Parsed {
    let first_token_line = text
        .lines()
        .find(|line| !line.trim().is_empty() && !line.starts_with('#'));
    if first_token_line.is_some_and(|line| conllu_columns(line).is_some()) {
        return read_conllu(path, text);
    }
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
    parsed.records = located(path, documents);
    parsed
}

/// The records of the documents read, with where each began.
fn located(path: &Path, documents: Vec<DocumentBuilder>) -> Vec<Located> {
    documents
        .into_iter()
        .enumerate()
        .filter_map(|(number, document)| document.finish(number))
        .map(|(line, record)| Located {
            path: path.to_owned(),
            line,
            record,
            notes: Vec::new(),
            annotator: None,
        })
        .collect()
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
                    suggester: None,
                    score: None,
                })
                .collect(),
            events: Vec::new(),
            claims: Vec::new(),
            extras: crate::formats::RecordExtras::default(),
        }
    }

    #[test]
    fn tokens_are_cut_at_mention_boundaries_and_read_back_the_same() {
        // "Mali" inside "Mali's" and "l’armée": cut at the mention, `'s`
        // and the elided `l’` their own tokens.
        let text = "Mali's army, l’armée. Dr. Sy";
        let rendered = render(
            &[record(text, &[(0, 4, "LOCATION"), (13, 20, "STATE_FORCE")])],
            "all",
        );
        let file = &rendered.files[0].1;
        // A title's full stop ends no sentence (the text layer's one rule).
        assert!(file.starts_with("-DOCSTART- O\n\nMali B-LOCATION\n's O\narmy O\n, O\nl’ B-STATE_FORCE\narmée I-STATE_FORCE\n. O\n\nDr O\n. O\nSy O\n\n"), "{file}");
        let parsed = read(Path::new("x.conll"), file);
        let again = render(&[parsed.records[0].record.clone()], "all");
        assert_eq!(&again.files[0].1, file);
    }

    /// The tokens `tokenize` gives `text` with no mention.
    fn tokens_of(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        tokenize(&chars, &grapheme_starts(text), &BTreeSet::new())
            .iter()
            .map(|t| chars[t.start..t.end].iter().collect())
            .collect()
    }

    #[test]
    fn french_elisions_hyphenated_names_dates_and_numbers_tokenise_sensibly() {
        assert_eq!(
            tokens_of(
                "l'armée d’Iyad Ag-Ghaly qu'AL-AIN a pris le 1996-12-06, 14/11/2023 : 1,000 morts."
            ),
            [
                "l'",
                "armée",
                "d’",
                "Iyad",
                "Ag-Ghaly",
                "qu'",
                "AL-AIN",
                "a",
                "pris",
                "le",
                "1996-12-06",
                ",",
                "14/11/2023",
                ":",
                "1,000",
                "morts",
                "."
            ]
        );
        // English: `'s` apart; a hyphen or an apostrophe at a word's edge
        // is its own token; `aujourd'hui` is no elision.
        assert_eq!(
            tokens_of("Mali's army - 'rebels' aujourd'hui"),
            [
                "Mali", "'s", "army", "-", "'", "rebels", "'", "aujourd", "'", "hui"
            ]
        );
    }

    #[test]
    fn no_token_starts_with_a_combining_mark_a_joiner_or_a_variation_selector() {
        let text =
            "Se\u{301}gou \u{2764}\u{FE0F} l'e\u{301}te\u{301} \u{1F469}\u{200D}\u{1F692}-Ag-Ghaly";
        let tokens = tokens_of(text);
        for token in &tokens {
            let first = token.chars().next().unwrap();
            assert!(
                !matches!(first, '\u{300}'..='\u{36F}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}'),
                "{tokens:?}"
            );
        }
        assert!(tokens.contains(&"Se\u{301}gou".to_owned()), "{tokens:?}");
        assert!(
            tokens.contains(&"\u{2764}\u{FE0F}".to_owned()),
            "{tokens:?}"
        );
        assert!(
            tokens.contains(&"e\u{301}te\u{301}".to_owned()),
            "{tokens:?}"
        );
    }

    #[test]
    fn a_documents_own_tokens_are_kept_and_cut_only_at_a_mention_inside_one() {
        let text = "Iyad Ag-Ghaly, AL-AIN 1996-12-06";
        let mut r = record(text, &[(5, 13, "PERSON"), (15, 17, "LOCATION")]);
        r.meta.tokens = vec![(0, 13), (13, 14), (15, 21), (22, 32)];
        let file = &render(&[r], "all").files[0].1;
        assert_eq!(
            file,
            "-DOCSTART- O\n\nIyad O\nAg-Ghaly B-PERSON\n, O\nAL B-LOCATION\n-AIN O\n1996-12-06 O\n\n"
        );
        // A token of white space (as Prodigy writes a line break) ends the sentence.
        let prodigy = "JNIM a frappé.\n\nDjibo";
        let mut r = record(prodigy, &[]);
        r.meta.tokens = vec![(0, 4), (5, 6), (7, 13), (13, 14), (14, 16), (16, 21)];
        let file = &render(&[r], "all").files[0].1;
        assert_eq!(
            file,
            "-DOCSTART- O\n\nJNIM O\na O\nfrappé O\n. O\n\nDjibo O\n\n"
        );
        // Tokens that do not fit the text are not trusted.
        let mut r = record(text, &[]);
        r.meta.tokens = vec![(0, 13), (5, 40)];
        let file = &render(&[r], "all").files[0].1;
        assert!(file.contains("Iyad O\nAg-Ghaly O\n"), "{file}");
        // Nor are tokens that leave words out: every word is written.
        for tokens in [vec![(0, 4), (5, 13)], vec![(0, 4), (15, 21), (22, 32)]] {
            let mut r = record(text, &[]);
            r.meta.tokens = tokens;
            let file = &render(&[r], "all").files[0].1;
            for word in ["Iyad", "Ag-Ghaly", "AL-AIN"] {
                assert!(file.contains(&format!("{word} O")), "{word}: {file}");
            }
            assert!(file.contains("1996"), "{file}");
        }
    }

    #[test]
    fn conll_u_takes_form_and_ner_and_skips_comments_ranges_and_empty_nodes() {
        let text = "# sent_id = 1\n\
                    1-2\tAu\t_\t_\t_\t_\t_\t_\t_\t_\n\
                    1\tÀ\tà\tADP\t_\t_\t3\tcase\t_\t_\n\
                    2\tle\tle\tDET\t_\t_\t3\tdet\t_\t_\n\
                    2.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n\
                    3\tMénaka\tMénaka\tPROPN\t_\t_\t0\troot\t_\tSpaceAfter=No|NER=B-LOCATION\n\
                    4\tcity\tcity\tNOUN\t_\t_\t3\tnmod\t_\tNER=I-LOCATION\n\
                    5\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\tNER=LOC\n";
        let parsed = read(Path::new("d.conllu"), text);
        let record = &parsed.records[0].record;
        assert_eq!(record.text, "À le Ménaka city .");
        let mentions: Vec<_> = record
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.label.as_str()))
            .collect();
        assert_eq!(mentions, [("Ménaka city", "LOCATION")]);
        let problems: Vec<_> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(
            problems,
            [Some(8)],
            "NER=LOC is no tag: {:?}",
            parsed.problems
        );
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
        assert_eq!(rendered.written.unwrap()[0].mentions.len(), 1);
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
        assert_eq!(rendered.written.unwrap()[0].mentions.len(), 1);
    }
}
