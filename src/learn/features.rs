//! Hashed features of each token, for the tagger.
//!
//! A feature is a template and a value ("previous word = army"); it is
//! hashed straight to a row of the weight table, with no dictionary to grow
//! or save. Collisions cost a little accuracy and nothing else. The
//! templates: the word (as written and lowercased), its shape, prefixes and
//! suffixes, its neighbours and their shapes, its position in the sentence,
//! and what the rule suggesters said nearby — the labels and suggesters of
//! rule mentions covering it (catalogue hits carry the actor's kind in
//! their label) and whether a claim cue or an event trigger is close — and
//! what the string matcher remembers of the token's text (a gazetteer
//! learned from the project's gold). The
//! features of a document are computed once and reused by every epoch.

use crate::model::Span;
use crate::suggest::Suggestions;
use crate::text::tokens::Tokens;

/// Templates, one byte each, mixed into the hash so that "word = Mali" and
/// "previous word = Mali" land on different rows.
#[derive(Clone, Copy)]
#[repr(u8)]
enum Template {
    Bias = 1,
    Lower,
    Word,
    Shape,
    Prefix1,
    Prefix2,
    Prefix3,
    Suffix1,
    Suffix2,
    Suffix3,
    PrevLower,
    NextLower,
    Prev2Lower,
    Next2Lower,
    PrevShape,
    NextShape,
    PrevLowerWord,
    FirstShape,
    Position,
    Length,
    RuleLabel,
    RuleSuggester,
    PrevRuleLabel,
    NextRuleLabel,
    CueNear,
    TriggerNear,
    ShapeNextShape,
    MemoryLabel,
    PrevMemoryLabel,
    NextMemoryLabel,
    DocumentCase,
    Prefix4,
    Suffix4,
    LowerNextLower,
    CapsWindow,
    HeadingShape,
    HeadingLower,
    ShortShape,
    FirstLower,
    PrevShapeShape,
    History,
}

/// Tokens this close to a claim cue or an event trigger get a proximity feature.
const NEAR_TOKENS: usize = 3;

/// Marks used in place of the words before and after a sentence.
const SENTENCE_START: u64 = 0x0053_5441_5254;
const SENTENCE_END: u64 = 0x0045_4e44;

/// What the rule suggesters found in a document, reduced to per-token hints.
#[derive(Clone, Debug, Default)]
pub struct RuleHints {
    /// For each token, hashes of (label, begins-here) of rule mentions covering it.
    labels: Vec<Vec<u64>>,
    /// For each token, hashes of the suggesters behind those mentions.
    suggesters: Vec<Vec<u64>>,
    /// For each token: a claim cue within [`NEAR_TOKENS`] before (bit 0) or after (bit 1).
    cue_near: Vec<u8>,
    trigger_near: Vec<u8>,
}

impl RuleHints {
    pub fn new(tokens: &Tokens, suggestions: &Suggestions) -> Self {
        let n = tokens.len();
        let mut hints = Self {
            labels: vec![Vec::new(); n],
            suggesters: vec![Vec::new(); n],
            cue_near: vec![0; n],
            trigger_near: vec![0; n],
        };
        for m in &suggestions.mentions {
            let range = covered(tokens, m.span);
            for i in range.clone() {
                let begins = u8::from(i == range.start);
                let label = hash_bytes(hash_bytes(FNV_OFFSET, m.label.as_bytes()), &[begins]);
                hints.labels[i].push(label);
                hints.suggesters[i].push(hash_bytes(FNV_OFFSET, m.suggester.as_bytes()));
            }
        }
        let mark = |near: &mut Vec<u8>, span: Span| {
            let range = covered(tokens, span);
            if range.is_empty() {
                return;
            }
            // Tokens after the cue see it before them, and the other way round.
            let after = range.end..(range.end + NEAR_TOKENS).min(n);
            near[after].iter_mut().for_each(|bits| *bits |= 1);
            let before = range.start.saturating_sub(NEAR_TOKENS)..range.start;
            near[before].iter_mut().for_each(|bits| *bits |= 2);
        };
        for c in &suggestions.claims {
            mark(&mut hints.cue_near, c.cue);
        }
        for e in &suggestions.events {
            mark(&mut hints.trigger_near, e.trigger);
        }
        hints
    }
}

/// What the string matcher's memory says about a document's tokens: the
/// labels of remembered gold texts covering each, with whether the text
/// begins there and whether the label is the usual one for it.
#[derive(Clone, Debug, Default)]
pub struct MemoryHints {
    labels: Vec<Vec<u64>>,
}

impl MemoryHints {
    pub fn new(tokens: &Tokens, hits: &[(Span, Vec<(String, f32)>)]) -> Self {
        let mut labels = vec![Vec::new(); tokens.len()];
        for (span, hit_labels) in hits {
            let range = covered(tokens, *span);
            for i in range.clone() {
                for (label, score) in hit_labels {
                    let flags = [u8::from(i == range.start), u8::from(*score >= 0.5)];
                    labels[i].push(hash_bytes(hash_bytes(FNV_OFFSET, label.as_bytes()), &flags));
                }
            }
        }
        Self { labels }
    }
}

/// Indices of the tokens that overlap `span`.
pub fn covered(tokens: &Tokens, span: Span) -> std::ops::Range<usize> {
    let first = tokens.first_ending_after(span.start_byte);
    let mut last = first;
    while last < tokens.len() && tokens.tokens[last].span.start_byte < span.end_byte {
        last += 1;
    }
    first..last
}

/// The feature rows of every token of a document, stored flat.
#[derive(Clone, Debug, Default)]
pub struct DocFeatures {
    rows: Vec<u32>,
    /// Token `i`'s rows are `rows[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    /// For each token written with a capital, its lowercased text's hash
    /// (0 for other tokens): the key under which the tagger remembers how
    /// it tagged the same word earlier in the document.
    keys: Vec<u64>,
    mask: u64,
}

impl DocFeatures {
    /// The key of token `i` for the document history (0: none).
    pub fn key(&self, i: usize) -> u64 {
        self.keys.get(i).copied().unwrap_or(0)
    }

    /// The row of "this word was tagged `label` earlier in the document"
    /// (`label` 0 for outside, `k + 1` for the k-th entity label).
    pub fn history_row(&self, label: usize) -> u32 {
        to_row(Template::History, label as u64, self.mask)
    }

    pub fn token(&self, i: usize) -> &[u32] {
        let start = self.starts[i] as usize;
        let end = self.starts[i + 1] as usize;
        &self.rows[start..end]
    }
}

/// Per-token values computed once and shared by the token's neighbours.
struct TokenInfo {
    lower: u64,
    word: u64,
    shape: u64,
    /// The shape with every run collapsed to one char ("Xx", "d-d").
    short_shape: u64,
    /// Capitalisation class: 0 capitalised, 1 small letters, 2 all capitals,
    /// 3 digits inside, 4 anything else (punctuation).
    caps: u8,
}

/// Computes the features of every token of `text`.
pub fn extract(
    text: &str,
    tokens: &Tokens,
    hints: Option<&RuleHints>,
    memory: Option<&MemoryHints>,
    hash_bits: u8,
) -> DocFeatures {
    let mask = (1_u64 << hash_bits) - 1;
    let info: Vec<TokenInfo> = tokens
        .tokens
        .iter()
        .map(|t| token_info(&text[t.span.start_byte..t.span.end_byte]))
        .collect();
    // How the word is written elsewhere in the document: capitalised inside
    // a sentence (a name) or in small letters (a common word). It settles
    // the sentence-initial capital, which alone says nothing.
    let mut capitalised_inside = std::collections::HashSet::new();
    let mut in_small_letters = std::collections::HashSet::new();
    for (token, info) in tokens.tokens.iter().zip(&info) {
        let first = text[token.span.start_byte..].chars().next();
        if first.is_some_and(char::is_uppercase) && token.position > 0 {
            capitalised_inside.insert(info.lower);
        } else if first.is_some_and(char::is_lowercase) {
            in_small_letters.insert(info.lower);
        }
    }
    let mut out = DocFeatures {
        rows: Vec::with_capacity(tokens.len() * 40),
        starts: Vec::with_capacity(tokens.len() + 1),
        keys: info
            .iter()
            .map(|t| if matches!(t.caps, 0 | 2) { t.lower } else { 0 })
            .collect(),
        mask,
    };
    out.starts.push(0);
    for sentence in &tokens.sentences {
        // A heading or an all-capitals line: capitals say nothing there.
        let (capitals, words) =
            info[sentence.clone()]
                .iter()
                .fold((0, 0), |(c, w), t| match t.caps {
                    2 => (c + 1, w + 1),
                    0 | 1 => (c, w + 1),
                    _ => (c, w),
                });
        let heading = words >= 2 && capitals * 2 > words;
        for i in sentence.clone() {
            let mut row = |template: Template, value: u64| {
                out.rows.push(to_row(template, value, mask));
            };
            let word = &text[tokens.tokens[i].span.start_byte..tokens.tokens[i].span.end_byte];
            let me = &info[i];
            let at = |offset: isize| -> Option<&TokenInfo> {
                let j = i.checked_add_signed(offset)?;
                sentence.contains(&j).then(|| &info[j])
            };
            row(Template::Bias, 0);
            row(Template::Lower, me.lower);
            row(Template::Word, me.word);
            row(Template::Shape, me.shape);
            let lower_word = LowerChars(word);
            for (n, template) in [
                (1, Template::Prefix1),
                (2, Template::Prefix2),
                (3, Template::Prefix3),
                (4, Template::Prefix4),
            ] {
                row(template, lower_word.prefix_hash(n));
            }
            for (n, template) in [
                (1, Template::Suffix1),
                (2, Template::Suffix2),
                (3, Template::Suffix3),
                (4, Template::Suffix4),
            ] {
                row(template, lower_word.suffix_hash(n));
            }
            let prev = at(-1);
            let next = at(1);
            row(
                Template::PrevLower,
                prev.map_or(SENTENCE_START, |t| t.lower),
            );
            row(Template::NextLower, next.map_or(SENTENCE_END, |t| t.lower));
            row(
                Template::Prev2Lower,
                at(-2).map_or(SENTENCE_START, |t| t.lower),
            );
            row(
                Template::Next2Lower,
                at(2).map_or(SENTENCE_END, |t| t.lower),
            );
            row(
                Template::PrevShape,
                prev.map_or(SENTENCE_START, |t| t.shape),
            );
            row(Template::NextShape, next.map_or(SENTENCE_END, |t| t.shape));
            row(
                Template::PrevLowerWord,
                mix(prev.map_or(SENTENCE_START, |t| t.lower), me.lower),
            );
            row(
                Template::ShapeNextShape,
                mix(me.shape, next.map_or(SENTENCE_END, |t| t.shape)),
            );
            row(
                Template::LowerNextLower,
                mix(me.lower, next.map_or(SENTENCE_END, |t| t.lower)),
            );
            row(
                Template::PrevShapeShape,
                mix(prev.map_or(SENTENCE_START, |t| t.shape), me.shape),
            );
            row(Template::ShortShape, me.short_shape);
            // Capitalisation of the five tokens around, one digit each (5 = outside).
            let caps_window = (-2..=2).fold(0_u64, |code, offset| {
                code * 8 + at(offset).map_or(5, |t| u64::from(t.caps))
            });
            row(Template::CapsWindow, caps_window);
            if heading {
                row(Template::HeadingShape, me.shape);
                row(Template::HeadingLower, me.lower);
            }
            let position = tokens.tokens[i].position;
            if position == 0 {
                row(Template::FirstShape, me.shape);
                row(Template::FirstLower, me.lower);
            }
            row(Template::Position, u64::from(position.min(4)));
            let case_elsewhere = u64::from(capitalised_inside.contains(&me.lower))
                | u64::from(in_small_letters.contains(&me.lower)) << 1
                | u64::from(position == 0) << 2;
            row(Template::DocumentCase, case_elsewhere);
            row(Template::Length, word.chars().count().min(8) as u64);
            if let Some(hints) = hints {
                for &label in &hints.labels[i] {
                    row(Template::RuleLabel, label);
                }
                for &suggester in &hints.suggesters[i] {
                    row(Template::RuleSuggester, suggester);
                }
                if i > sentence.start {
                    for &label in &hints.labels[i - 1] {
                        row(Template::PrevRuleLabel, label);
                    }
                }
                if i + 1 < sentence.end {
                    for &label in &hints.labels[i + 1] {
                        row(Template::NextRuleLabel, label);
                    }
                }
                if hints.cue_near[i] != 0 {
                    row(Template::CueNear, u64::from(hints.cue_near[i]));
                }
                if hints.trigger_near[i] != 0 {
                    row(Template::TriggerNear, u64::from(hints.trigger_near[i]));
                }
            }
            if let Some(memory) = memory {
                for &label in &memory.labels[i] {
                    row(Template::MemoryLabel, label);
                }
                if i > sentence.start {
                    for &label in &memory.labels[i - 1] {
                        row(Template::PrevMemoryLabel, label);
                    }
                }
                if i + 1 < sentence.end {
                    for &label in &memory.labels[i + 1] {
                        row(Template::NextMemoryLabel, label);
                    }
                }
            }
            out.starts
                .push(u32::try_from(out.rows.len()).unwrap_or(u32::MAX));
        }
    }
    out
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn hash_bytes(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// Combines two hashes (order matters).
fn mix(a: u64, b: u64) -> u64 {
    (a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The row of a feature: a final avalanche so that nearby values spread out.
fn to_row(template: Template, value: u64, mask: u64) -> u32 {
    let mut h = value ^ (u64::from(template as u8) << 56) ^ u64::from(template as u8);
    h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    // The mask keeps at most 32 bits (hash_bits ≤ 30).
    u32::try_from(h & mask).unwrap_or(0)
}

fn token_info(word: &str) -> TokenInfo {
    let lower = LowerChars(word).hash();
    let word_hash = hash_bytes(FNV_OFFSET, word.as_bytes());
    // Shape: X for capitals, x for small letters, d for digits, the char
    // itself otherwise; runs longer than two collapse ("Xxx", "dd-dd").
    let mut shape = FNV_OFFSET;
    let mut short_shape = FNV_OFFSET;
    let mut last = '\0';
    let mut run = 0;
    let (mut upper, mut lower_count, mut digits, mut first_upper) = (0, 0, 0, None);
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower_count += 1;
        } else if c.is_numeric() {
            digits += 1;
        }
        first_upper.get_or_insert(c.is_uppercase());
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        let mut buf = [0; 4];
        if class == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = class;
            short_shape = hash_bytes(short_shape, class.encode_utf8(&mut buf).as_bytes());
        }
        shape = hash_bytes(shape, class.encode_utf8(&mut buf).as_bytes());
    }
    let caps = if digits > 0 {
        3
    } else if upper > 1 && lower_count == 0 {
        2
    } else if first_upper == Some(true) {
        0
    } else if lower_count > 0 {
        1
    } else if upper == 1 {
        0
    } else {
        4
    };
    TokenInfo {
        lower,
        word: word_hash,
        shape,
        short_shape,
        caps,
    }
}

/// A word read lowercased (ASCII fast; other letters by `char::to_lowercase`).
struct LowerChars<'a>(&'a str);

impl LowerChars<'_> {
    fn feed(hash: u64, c: char) -> u64 {
        let mut buf = [0; 4];
        if c.is_ascii() {
            hash_bytes(hash, &[c.to_ascii_lowercase() as u8])
        } else {
            c.to_lowercase().fold(hash, |h, l| {
                hash_bytes(h, l.encode_utf8(&mut buf).as_bytes())
            })
        }
    }

    fn hash(&self) -> u64 {
        self.0.chars().fold(FNV_OFFSET, Self::feed)
    }

    fn prefix_hash(&self, n: usize) -> u64 {
        self.0.chars().take(n).fold(FNV_OFFSET, Self::feed)
    }

    fn suffix_hash(&self, n: usize) -> u64 {
        let count = self.0.chars().count();
        self.0
            .chars()
            .skip(count.saturating_sub(n))
            .fold(FNV_OFFSET, Self::feed)
    }
}
