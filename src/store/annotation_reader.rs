//! The annotation file's reader for the common case: the compact form that
//! [`write_compact`](super::annotation_file::write_compact) and RON's
//! serializer write (format 2 and 3), read straight into an
//! [`AnnotationSet`] without going through serde.
//!
//! Team-scale commands (`stats`, `agree`, `export`, `check`) read every
//! annotator's file of every document, and RON's general reader spent most
//! of their time (about 25 MB/s a core). This reader is several times
//! faster and gives exactly the set RON gives.
//!
//! One grammar reads a file and hands each item, its strings borrowed from
//! the text, to a [`Visit`]: either the builder of the whole set or the
//! counter of its summary ([`summarise_compact`]), which `stats` needs and
//! which allocates nothing per item. Both accept exactly the same files.
//!
//! It reads only what it can read exactly; anything else — format 1's long
//! names, comments, escapes in plain strings, `Some(…)`, numbers written
//! other than in plain decimal, NaN or infinite scores, relations and the
//! other parts [`write_compact`](super::annotation_file::write_compact)
//! leaves to RON, a duplicate field, a file that does not parse — gives
//! `None`, and the caller reads the file with RON, which also words the
//! error. The tests hold the two readers to the same result.

use std::collections::BTreeMap;

use super::summary_cache::{FileSummary, ItemKind, SummaryCounter};
use crate::model::{
    AnnotationSet, Claim, ClaimId, ClaimSource, DocumentId, Event, EventId, Finished, Mention,
    MentionId, Proposal, Review, Span, Status, StatusKind,
};

/// The first line of every compact annotation file.
const HEADER: &str = "#![enable(implicit_some)]";

/// The set in `text`, the file of document `id`, or `None` when the file
/// holds anything this reader leaves to RON. A file naming another
/// document gives `None` too (RON's reading reports it).
pub(crate) fn read_compact(text: &str, id: &DocumentId) -> Option<AnnotationSet> {
    let rest = text.strip_prefix(HEADER)?;
    let mut builder = SetBuilder {
        text: rest,
        mentions: Vec::new(),
        events: Vec::new(),
        claims: Vec::new(),
    };
    let head = read_whole(rest, id, &mut builder)?;
    let mut set = AnnotationSet::new(id.clone(), head.annotator);
    set.mentions = builder.mentions;
    set.events = builder.events;
    set.claims = builder.claims;
    set.finished = head.finished;
    set.active_seconds = head.active_seconds;
    Some(set)
}

/// The summary of the file in `text` — the file of document `id` by
/// `annotator` — counted as it is read, without building the set: exactly
/// `FileSummary::of` the set [`read_compact`] reads, and `None` where that
/// gives `None` or the file names another annotator.
pub(crate) fn summarise_compact(
    text: &str,
    id: &DocumentId,
    annotator: &str,
) -> Option<FileSummary> {
    let rest = text.strip_prefix(HEADER)?;
    let mut counter = SummaryCounter::default();
    let head = read_whole(rest, id, &mut counter)?;
    (head.annotator == annotator)
        .then(|| counter.finish(head.finished.is_some(), head.active_seconds))
}

/// Reads all of `rest` (the file after its header), handing each item to
/// `visit`; `None` unless it is one well-formed file of document `id`.
fn read_whole<'a>(rest: &'a str, id: &DocumentId, visit: &mut impl Visit<'a>) -> Option<Head<'a>> {
    let mut reader = Reader {
        text: rest,
        bytes: rest.as_bytes(),
        at: 0,
        last_times: [None, None],
    };
    let head = reader.file(id, visit)?;
    reader.skip_space();
    (reader.at == reader.bytes.len()).then_some(head)
}

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// The byte read next.
    at: usize,
    /// The last two timestamps read and their texts, the latest first: a
    /// file's items mostly share one or two (when suggested, when decided).
    last_times: [Option<(&'a str, jiff::Timestamp)>; 2],
}

/// Sets a field read once; a second value is refused (serde's "duplicate
/// field"), so that RON reports it.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value?);
    Some(())
}

impl<'a> Reader<'a> {
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after any space, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes.get(self.at).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// An identifier: a field name, a variant or `true`/`false`.
    fn identifier(&mut self) -> Option<&'a str> {
        self.skip_space();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.at += 1;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }

    /// `(`, then each field's name handed to `field` (which reads its
    /// value), separated by commas, a trailing one allowed, then `)`.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.expect(b'(')?;
        loop {
            if self.peek()? == b')' {
                self.at += 1;
                return Some(());
            }
            let name = self.identifier()?;
            self.expect(b':')?;
            field(self, name)?;
            match self.peek()? {
                b',' => self.at += 1,
                b')' => {}
                _ => return None,
            }
        }
    }

    /// `open`, items read by `item` separated by commas (a trailing one
    /// allowed), then `close`.
    fn sequence(
        &mut self,
        open: u8,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.expect(open)?;
        loop {
            if self.peek()? == close {
                self.at += 1;
                return Some(());
            }
            item(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b if b == close => {}
                _ => return None,
            }
        }
    }

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut items = Vec::new();
        self.sequence(b'[', b']', |reader| {
            items.push(item(reader)?);
            Some(())
        })?;
        Some(items)
    }

    /// `{"key":value,…}`, each value read by `value` and handed to `keep`
    /// with its key.
    fn entries<T>(
        &mut self,
        mut value: impl FnMut(&mut Self) -> Option<T>,
        mut keep: impl FnMut(&'a str, T),
    ) -> Option<()> {
        self.sequence(b'{', b'}', |reader| {
            let key = reader.string()?;
            reader.expect(b':')?;
            keep(key, value(reader)?);
            Some(())
        })
    }

    /// `{"key":value,…}`; a repeated key keeps its last value, as serde's
    /// map does.
    fn map<T>(&mut self, value: impl FnMut(&mut Self) -> Option<T>) -> Option<BTreeMap<String, T>> {
        let mut map = BTreeMap::new();
        self.entries(value, |key, value| {
            map.insert(key.to_owned(), value);
        })?;
        Some(map)
    }

    /// A string as RON writes it with escapes off: `"…"` holding no
    /// backslash (an escape is left to RON), or raw, `r#"…"#`.
    fn string(&mut self) -> Option<&'a str> {
        match self.peek()? {
            b'"' => {
                let start = self.at + 1;
                // The closing quote, unless a backslash comes first.
                let length = memchr::memchr2(b'"', b'\\', &self.bytes[start..])?;
                if self.bytes[start + length] != b'"' {
                    return None;
                }
                self.at = start + length + 1;
                Some(&self.text[start..start + length])
            }
            b'r' => {
                let hashes = self.bytes[self.at + 1..]
                    .iter()
                    .take_while(|&&b| b == b'#')
                    .count();
                let start = self.at + 1 + hashes + 1;
                if self.bytes.get(start - 1) != Some(&b'"') {
                    return None;
                }
                let mut from = start;
                loop {
                    let quote = from + self.bytes[from..].iter().position(|&b| b == b'"')?;
                    let after = quote + 1;
                    if self
                        .bytes
                        .get(after..after + hashes)
                        .is_some_and(|tail| tail.iter().all(|&b| b == b'#'))
                    {
                        self.at = after + hashes;
                        return Some(&self.text[start..quote]);
                    }
                    from = after;
                }
            }
            _ => None,
        }
    }

    fn owned_string(&mut self) -> Option<String> {
        self.string().map(str::to_owned)
    }

    /// A whole number in plain decimal digits, not followed by anything
    /// that would make it another kind of number (`1.5`, `1_000`, `0x1`).
    fn whole_number(&mut self) -> Option<u64> {
        self.skip_space();
        let start = self.at;
        let mut value: u64 = 0;
        while let Some(digit) = self.bytes.get(self.at).filter(|b| b.is_ascii_digit()) {
            value = value
                .checked_mul(10)?
                .checked_add(u64::from(digit - b'0'))?;
            self.at += 1;
        }
        let digits = self.at - start;
        let leading_zero = digits > 1 && self.bytes[start] == b'0';
        let runs_on = self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'));
        (digits > 0 && !leading_zero && !runs_on).then_some(value)
    }

    fn id(&mut self) -> Option<u32> {
        u32::try_from(self.whole_number()?).ok()
    }

    fn offset(&mut self) -> Option<usize> {
        usize::try_from(self.whole_number()?).ok()
    }

    /// A score as RON reads an `f32`: the number's characters parsed by
    /// `f32::from_str`. NaN and the infinities are left to RON.
    fn score(&mut self) -> Option<f32> {
        self.skip_space();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            self.at += 1;
        }
        let runs_on = self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
        if self.at == start || runs_on {
            return None;
        }
        let score: f32 = self.text[start..self.at].parse().ok()?;
        score.is_finite().then_some(score)
    }

    fn time(&mut self) -> Option<jiff::Timestamp> {
        let text = self.string()?;
        if let Some((_, at)) = self.last_times[0].filter(|(last, _)| *last == text) {
            return Some(at);
        }
        if let Some((_, at)) = self.last_times[1].filter(|(last, _)| *last == text) {
            self.last_times.swap(0, 1);
            return Some(at);
        }
        let at: jiff::Timestamp = text.parse().ok()?;
        self.last_times = [Some((text, at)), self.last_times[0]];
        Some(at)
    }

    fn flag(&mut self) -> Option<bool> {
        match self.identifier()? {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// `(start,end)`.
    fn span(&mut self) -> Option<Span> {
        let (mut ends, mut count) = ([0; 2], 0);
        self.sequence(b'(', b')', |reader| {
            let end = reader.offset()?;
            if let Some(slot) = ends.get_mut(count) {
                *slot = end;
            }
            count += 1;
            Some(())
        })?;
        (count == 2).then(|| Span::new(ends[0], ends[1]))
    }

    /// `[…]`, each item read by `item` and handed to `keep`.
    fn items<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Option<T>,
        mut keep: impl FnMut(T),
    ) -> Option<()> {
        self.sequence(b'[', b']', |reader| {
            keep(item(reader)?);
            Some(())
        })
    }

    /// A map or list read only to know it is well formed: where it starts,
    /// so that a full reading can read it again.
    fn skipped(&mut self, read: impl FnOnce(&mut Self) -> Option<()>) -> Option<usize> {
        self.skip_space();
        let start = self.at;
        read(self)?;
        Some(start)
    }

    fn string_map(&mut self) -> Option<BTreeMap<String, String>> {
        self.map(Self::owned_string)
    }

    fn roles(&mut self) -> Option<BTreeMap<String, Vec<MentionId>>> {
        self.map(|reader| reader.list(|reader| reader.id().map(MentionId)))
    }

    fn mention_ids(&mut self) -> Option<Vec<MentionId>> {
        self.list(|reader| reader.id().map(MentionId))
    }

    fn event_ids(&mut self) -> Option<Vec<EventId>> {
        self.list(|reader| reader.id().map(EventId))
    }

    /// The whole file, each item handed to `visit`; the fields outside the
    /// items are returned.
    fn file(&mut self, id: &DocumentId, visit: &mut impl Visit<'a>) -> Option<Head<'a>> {
        let (mut document, mut annotator) = (None, None);
        let (mut mentions, mut events, mut claims) = (None, None, None);
        let (mut finished, mut active_seconds) = (None, None);
        self.fields(|reader, name| match name {
            "d" => {
                let named = reader.string()?;
                once(&mut document, (named == id.as_str()).then_some(()))
            }
            "a" => once(&mut annotator, reader.string()),
            "m" => once(
                &mut mentions,
                reader.items(Self::mention, |m| visit.mention(m)),
            ),
            "e" => once(&mut events, reader.items(Self::event, |e| visit.event(e))),
            "c" => once(&mut claims, reader.items(Self::claim, |c| visit.claim(c))),
            "f" => once(&mut finished, reader.finished()),
            "w" => once(&mut active_seconds, reader.whole_number()),
            _ => None,
        })?;
        document?;
        Some(Head {
            annotator: annotator?,
            finished,
            active_seconds: active_seconds.unwrap_or(0),
        })
    }

    fn finished(&mut self) -> Option<Finished> {
        let (mut by, mut at) = (None, None);
        self.fields(|reader, name| match name {
            "b" => once(&mut by, reader.owned_string()),
            "t" => once(&mut at, reader.time()),
            _ => None,
        })?;
        Some(Finished { by: by?, at: at? })
    }

    fn mention(&mut self) -> Option<MentionParts<'a>> {
        let (mut id, mut span, mut text, mut label) = (None, None, None, None);
        let (mut actor, mut attributes, mut review) = (None, None, None);
        self.fields(|reader, name| match name {
            "i" => once(&mut id, reader.id()),
            "s" => once(&mut span, reader.span()),
            "t" => once(&mut text, reader.string()),
            "l" => once(&mut label, reader.string()),
            "ac" => once(&mut actor, reader.string()),
            "x" => once(
                &mut attributes,
                reader.skipped(|reader| reader.entries(Self::string, |_, _| ())),
            ),
            "r" => once(&mut review, reader.review()),
            _ => None,
        })?;
        Some(MentionParts {
            id: id?,
            span: span?,
            text: text?,
            label: label?,
            actor,
            attributes_at: attributes,
            review: review?,
        })
    }

    fn event(&mut self) -> Option<EventParts<'a>> {
        let (mut id, mut trigger, mut trigger_text, mut event_type) = (None, None, None, None);
        let (mut sub_type, mut roles, mut review) = (None, None, None);
        self.fields(|reader, name| match name {
            "i" => once(&mut id, reader.id()),
            "s" => once(&mut trigger, reader.span()),
            "t" => once(&mut trigger_text, reader.string()),
            "y" => once(&mut event_type, reader.string()),
            "sy" => once(&mut sub_type, reader.string()),
            "ro" => once(
                &mut roles,
                reader.skipped(|reader| {
                    reader.entries(|reader| reader.items(Self::id, drop), |_, _| ())
                }),
            ),
            "r" => once(&mut review, reader.review()),
            _ => None,
        })?;
        Some(EventParts {
            id: id?,
            trigger: trigger?,
            trigger_text: trigger_text?,
            event_type: event_type?,
            sub_type,
            roles_at: roles,
            review: review?,
        })
    }

    fn claim(&mut self) -> Option<ClaimParts<'a>> {
        let (mut id, mut cue, mut cue_text, mut stance) = (None, None, None, None);
        let (mut source, mut responsible, mut events, mut review) = (None, None, None, None);
        self.fields(|reader, name| match name {
            "i" => once(&mut id, reader.id()),
            "s" => once(&mut cue, reader.span()),
            "t" => once(&mut cue_text, reader.string()),
            "st" => once(&mut stance, reader.string()),
            "so" => once(&mut source, reader.claim_source()),
            "re" => once(
                &mut responsible,
                reader.skipped(|reader| reader.items(Self::id, drop)),
            ),
            // Formats 1 and 2 wrote one event (`ev:3`): left to RON.
            "ev" => once(
                &mut events,
                reader.skipped(|reader| reader.items(Self::id, drop)),
            ),
            "r" => once(&mut review, reader.review()),
            _ => None,
        })?;
        Some(ClaimParts {
            id: id?,
            cue: cue?,
            cue_text: cue_text?,
            stance: stance?,
            source,
            responsible_at: responsible,
            events_at: events,
            review: review?,
        })
    }

    fn claim_source(&mut self) -> Option<SourceParts<'a>> {
        let variant = self.identifier()?;
        self.expect(b'(')?;
        let source = match variant {
            "Mention" => SourceParts::Mention(self.id()?),
            "Reporter" => SourceParts::Reporter(self.string()?),
            _ => return None,
        };
        self.expect(b')')?;
        Some(source)
    }

    fn review(&mut self) -> Option<ReviewParts<'a>> {
        let (mut status, mut by, mut at) = (None, None, None);
        let (mut proposed, mut no_proposal) = (None, None);
        self.fields(|reader, name| match name {
            "s" => once(&mut status, reader.status()),
            "b" => once(&mut by, reader.string()),
            "t" => once(&mut at, reader.time()),
            "p" => once(&mut proposed, reader.proposal()),
            "np" => once(&mut no_proposal, reader.flag()),
            _ => None,
        })?;
        Some(ReviewParts {
            status: status?,
            by: by?,
            at: at?,
            proposed,
            no_proposal: no_proposal.unwrap_or(false),
        })
    }

    fn status(&mut self) -> Option<StatusParts<'a>> {
        match self.identifier()? {
            "S" => {
                let (by, score) = self.proposal()?;
                Some(StatusParts::Suggested { by, score })
            }
            "A" => Some(StatusParts::Accepted),
            "C" => Some(StatusParts::Corrected),
            "R" => Some(StatusParts::Rejected),
            _ => None,
        }
    }

    /// `(b:"…",s:…)`: who proposed, how sure.
    fn proposal(&mut self) -> Option<(&'a str, f32)> {
        let (mut by, mut score) = (None, None);
        self.fields(|reader, name| match name {
            "b" => once(&mut by, reader.string()),
            "s" => once(&mut score, reader.score()),
            _ => None,
        })?;
        Some((by?, score?))
    }
}

/// The fields of a file outside its items.
struct Head<'a> {
    annotator: &'a str,
    finished: Option<Finished>,
    active_seconds: u64,
}

/// What a reading hands each item to: the whole set is built from them,
/// or only its summary counted.
trait Visit<'a> {
    fn mention(&mut self, mention: MentionParts<'a>);
    fn event(&mut self, event: EventParts<'a>);
    fn claim(&mut self, claim: ClaimParts<'a>);
}

/// A review as the file holds it, its strings borrowed from the file.
struct ReviewParts<'a> {
    status: StatusParts<'a>,
    by: &'a str,
    at: jiff::Timestamp,
    proposed: Option<(&'a str, f32)>,
    no_proposal: bool,
}

enum StatusParts<'a> {
    Suggested { by: &'a str, score: f32 },
    Accepted,
    Corrected,
    Rejected,
}

enum SourceParts<'a> {
    Mention(u32),
    Reporter(&'a str),
}

/// An item as the file holds it: strings borrowed, and where its maps and
/// lists start (read again only when the item is built).
struct MentionParts<'a> {
    id: u32,
    span: Span,
    text: &'a str,
    label: &'a str,
    actor: Option<&'a str>,
    attributes_at: Option<usize>,
    review: ReviewParts<'a>,
}

struct EventParts<'a> {
    id: u32,
    trigger: Span,
    trigger_text: &'a str,
    event_type: &'a str,
    sub_type: Option<&'a str>,
    roles_at: Option<usize>,
    review: ReviewParts<'a>,
}

struct ClaimParts<'a> {
    id: u32,
    cue: Span,
    cue_text: &'a str,
    stance: &'a str,
    source: Option<SourceParts<'a>>,
    responsible_at: Option<usize>,
    events_at: Option<usize>,
    review: ReviewParts<'a>,
}

impl StatusParts<'_> {
    fn kind(&self) -> StatusKind {
        match self {
            Self::Suggested { .. } => StatusKind::Suggested,
            Self::Accepted => StatusKind::Accepted,
            Self::Corrected => StatusKind::Corrected,
            Self::Rejected => StatusKind::Rejected,
        }
    }

    fn owned(&self) -> Status {
        match *self {
            Self::Suggested { by, score } => Status::Suggested {
                by: by.to_owned(),
                score,
            },
            Self::Accepted => Status::Accepted,
            Self::Corrected => Status::Corrected,
            Self::Rejected => Status::Rejected,
        }
    }
}

impl ReviewParts<'_> {
    fn owned(&self) -> Review {
        Review::from_stored(
            self.status.owned(),
            self.by.to_owned(),
            self.at,
            self.proposed.map(|(by, score)| Proposal {
                by: by.to_owned(),
                score,
            }),
            self.no_proposal,
        )
    }
}

/// Builds the whole set, reading each item's maps and lists again from
/// `text` (the first reading found them well formed).
struct SetBuilder<'a> {
    text: &'a str,
    mentions: Vec<Mention>,
    events: Vec<Event>,
    claims: Vec<Claim>,
}

impl<'a> SetBuilder<'a> {
    /// What `read` gives when read again at `at`; `None` (not there) gives
    /// the empty value.
    fn again<T: Default>(&self, at: Option<usize>, read: fn(&mut Reader<'a>) -> Option<T>) -> T {
        at.and_then(|at| {
            read(&mut Reader {
                text: self.text,
                bytes: self.text.as_bytes(),
                at,
                last_times: [None, None],
            })
        })
        .unwrap_or_default()
    }
}

impl<'a> Visit<'a> for SetBuilder<'a> {
    fn mention(&mut self, m: MentionParts<'a>) {
        let attributes = self.again(m.attributes_at, Reader::string_map);
        self.mentions.push(Mention {
            id: MentionId(m.id),
            span: m.span,
            text: m.text.to_owned(),
            label: m.label.to_owned(),
            actor: m.actor.map(str::to_owned),
            attributes,
            review: m.review.owned(),
        });
    }

    fn event(&mut self, e: EventParts<'a>) {
        let roles = self.again(e.roles_at, Reader::roles);
        self.events.push(Event {
            id: EventId(e.id),
            trigger: e.trigger,
            trigger_text: e.trigger_text.to_owned(),
            event_type: e.event_type.to_owned(),
            sub_type: e.sub_type.map(str::to_owned),
            roles,
            review: e.review.owned(),
        });
    }

    fn claim(&mut self, c: ClaimParts<'a>) {
        let responsible = self.again(c.responsible_at, Reader::mention_ids);
        let events = self.again(c.events_at, Reader::event_ids);
        self.claims.push(Claim {
            id: ClaimId(c.id),
            cue: c.cue,
            cue_text: c.cue_text.to_owned(),
            stance: c.stance.to_owned(),
            source: c.source.map(|source| match source {
                SourceParts::Mention(id) => ClaimSource::Mention(MentionId(id)),
                SourceParts::Reporter(name) => ClaimSource::Reporter(name.to_owned()),
            }),
            responsible,
            events,
            review: c.review.owned(),
        });
    }
}

impl<'a> Visit<'a> for SummaryCounter<'a> {
    fn mention(&mut self, m: MentionParts<'a>) {
        self.add(
            ItemKind::Mention,
            m.label,
            m.review.status.kind(),
            m.review.at,
        );
    }

    fn event(&mut self, e: EventParts<'a>) {
        self.add(
            ItemKind::Event,
            e.event_type,
            e.review.status.kind(),
            e.review.at,
        );
    }

    fn claim(&mut self, c: ClaimParts<'a>) {
        self.add(
            ItemKind::Claim,
            c.stance,
            c.review.status.kind(),
            c.review.at,
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::store::annotation_file::write_compact;
    use crate::store::tests::full_annotation_set;
    use crate::store::to_ron_compact;

    fn by_ron(text: &str) -> Option<AnnotationSet> {
        ron::from_str(text).ok()
    }

    /// The full set without the parts left to RON.
    fn covered_set() -> AnnotationSet {
        let mut set = full_annotation_set();
        set.relations.clear();
        set.attributes.clear();
        set.equivalences.clear();
        set.normalizations.clear();
        set.notes.clear();
        set.finished = Some(Finished {
            by: "ana".into(),
            at: "2026-11-24T10:00:00.5Z".parse().unwrap(),
        });
        set.active_seconds = 5_400;
        set
    }

    /// A set whose strings, scores and times are the awkward ones.
    fn awkward_set() -> AnnotationSet {
        let strings = [
            "",
            "plain",
            "quote \" inside",
            "back\\slash",
            "r#\"already raw\"#",
            "##\"## hashes\"#",
            "line\nbreak\ttab\r",
            "« Ménaka » – l’armée 🚩",
            "\u{0}\u{7f}\u{200b}",
            "(i:1,s:(0,4)),]}",
        ];
        let scores = [0.0, -0.0, 1.0, 0.1, 0.875, 1e-7, 3.4e38, 0.333_333_34];
        let times = [
            "2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00.123456789Z",
            "1970-01-01T00:00:00Z",
        ];
        let mut set = AnnotationSet::new(DocumentId::for_text("awkward"), "ana \"a\"");
        for (n, text) in strings.iter().enumerate() {
            let at = times[n % times.len()].parse().unwrap();
            let score = scores[n % scores.len()];
            let text = (*text).to_owned();
            let n = n as u32;
            let suggested = Status::Suggested {
                by: text.clone(),
                score,
            };
            let review = |status: Status, proposed: Option<Proposal>| Review {
                status,
                by: text.clone(),
                at,
                proposed,
            };
            let span = Span::new(n as usize, n as usize + 1_000_000);
            set.mentions.push(Mention {
                id: MentionId(n + 1),
                span,
                text: text.clone(),
                label: text.clone(),
                actor: n.is_multiple_of(2).then(|| text.clone()),
                attributes: BTreeMap::from([(text.clone(), text.clone())]),
                // An open suggestion with and without its proposal.
                review: review(
                    suggested.clone(),
                    n.is_multiple_of(3).then(|| Proposal {
                        by: text.clone(),
                        score,
                    }),
                ),
            });
            set.events.push(Event {
                id: EventId(n + 1),
                trigger: span,
                trigger_text: text.clone(),
                event_type: text.clone(),
                sub_type: (n % 2 == 1).then(|| text.clone()),
                roles: BTreeMap::from([
                    (text.clone(), vec![MentionId(n + 1), MentionId(u32::MAX)]),
                    (format!("{text}2"), vec![]),
                ]),
                review: review(Status::Accepted, None),
            });
            set.claims.push(Claim {
                id: ClaimId(n + 1),
                cue: span,
                cue_text: text.clone(),
                stance: text.clone(),
                source: match n % 3 {
                    0 => Some(ClaimSource::Mention(MentionId(n))),
                    1 => Some(ClaimSource::Reporter(text.clone())),
                    _ => None,
                },
                responsible: (0..n % 3).map(MentionId).collect(),
                events: (0..n % 3).map(EventId).collect(),
                review: review(
                    [Status::Corrected, Status::Rejected, suggested][n as usize % 3].clone(),
                    Some(Proposal {
                        by: "catalogue".into(),
                        score,
                    }),
                ),
            });
        }
        set
    }

    /// Both readers give `set` back from the file either writer wrote.
    fn reads_as_ron_does(set: &AnnotationSet) {
        let text = write_compact(set).expect("covered");
        assert_eq!(text, to_ron_compact(set).unwrap());
        let fast = read_compact(&text, &set.document).expect("read here");
        assert_eq!(&fast, set);
        assert_eq!(Some(fast), by_ron(&text));
    }

    #[test]
    fn every_item_kind_status_and_awkward_value_reads_as_ron_reads_it() {
        let mut set = covered_set();
        reads_as_ron_does(&set);
        set.finished = None;
        set.active_seconds = 0;
        reads_as_ron_does(&set);
        set.mentions.clear();
        reads_as_ron_does(&set);
        reads_as_ron_does(&AnnotationSet::new(DocumentId::for_text("x"), "ana"));
        reads_as_ron_does(&awkward_set());
    }

    /// The summary counted from the text is the summary of the set read,
    /// for the file's annotator only.
    fn summarises_as_the_set_does(set: &AnnotationSet) {
        let text = write_compact(set).expect("covered");
        let summary = summarise_compact(&text, &set.document, &set.annotator);
        assert_eq!(summary, Some(FileSummary::of(set)));
        assert_eq!(
            summarise_compact(&text, &set.document, "someone else"),
            None
        );
        let other = DocumentId::for_text("another");
        assert_eq!(summarise_compact(&text, &other, &set.annotator), None);
    }

    #[test]
    fn a_summary_counted_from_the_text_is_the_read_sets() {
        let mut set = covered_set();
        let summary = summarise_compact(&write_compact(&set).unwrap(), &set.document, "ana");
        assert!(
            summary
                .as_ref()
                .is_some_and(|s| s.finished && s.counts.len() > 2)
        );
        assert!(summary.is_some_and(|s| !s.decisions_by_day.is_empty()));
        summarises_as_the_set_does(&set);
        set.finished = None;
        set.active_seconds = 0;
        summarises_as_the_set_does(&set);
        summarises_as_the_set_does(&awkward_set());
        summarises_as_the_set_does(&AnnotationSet::new(DocumentId::for_text("x"), "ana"));
    }

    #[test]
    fn scores_read_to_the_same_bits_as_rons() {
        let mut set = AnnotationSet::new(DocumentId::for_text("scores"), "ana");
        let at: jiff::Timestamp = "2026-11-24T10:00:00Z".parse().unwrap();
        let mut score = 1.0e-6_f32;
        for n in 0..2_000_u32 {
            set.mentions.push(Mention {
                id: MentionId(n + 1),
                span: Span::new(0, 1),
                text: "x".into(),
                label: "X".into(),
                actor: None,
                attributes: BTreeMap::new(),
                review: Review::suggested("ana", "rule", score, at),
            });
            score = (score * 1.013 + 1.0e-4).fract();
        }
        reads_as_ron_does(&set);
        // Written by hand with more digits than an `f32` holds.
        let text =
            write_compact(&set)
                .unwrap()
                .replacen("s:1e-6", "s:0.100000001490116119384765625", 1);
        assert_eq!(read_compact(&text, &set.document), by_ron(&text));
    }

    #[test]
    fn what_this_reader_leaves_to_ron_is_not_read_here() {
        let set = covered_set();
        let id = &set.document;
        let text = write_compact(&set).unwrap();
        let left = [
            // A comment, an escape in a plain string, `Some(…)`, a number
            // in another notation, a NaN score, a field of format 1, a
            // claim's single event of format 2, an unknown field, two
            // values for one field, no header, trailing text.
            text.replacen("(\n", "( // the file\n", 1),
            text.replacen("t:\"JNIM\"", "t:\"JN\\u{49}M\"", 1),
            text.replacen(",ac:\"jnim\"", ",ac:Some(\"jnim\")", 1),
            text.replacen("i:1,", "i:0x1,", 1),
            text.replacen("i:1,", "i:1_0,", 1),
            text.replacen("s:0.875", "s:NaN", 1),
            text.replacen("  a:", "  annotator:", 1),
            text.replacen(",ev:[1]", ",ev:1", 1),
            text.replacen("  a:\"ana\",", "  a:\"ana\",\n  z:1,", 1),
            text.replacen("  a:\"ana\",", "  a:\"ana\",\n  a:\"ana\",", 1),
            text.replacen(HEADER, "", 1),
            format!("{text}()"),
        ];
        for (n, variant) in left.iter().enumerate() {
            assert_ne!(*variant, text, "variant {n} changes the file");
            assert_eq!(read_compact(variant, id), None, "variant {n}");
        }
        // A file naming another document is left to RON, which reads it
        // (and the caller refuses it).
        let other = DocumentId::for_text("another");
        assert_eq!(read_compact(&text, &other), None);
        // The full set, with relations and notes, is RON's.
        let full = to_ron_compact(&full_annotation_set()).unwrap();
        assert_eq!(read_compact(&full, &set.document), None);
        assert!(by_ron(&full).is_some());
    }

    #[test]
    fn a_format_1_file_is_left_to_ron_and_still_reads() {
        let fixture = include_str!("../../tests/fixtures/format-1/annotations.ron");
        let id = DocumentId::for_text("format 1");
        let text = fixture.replace("DOCID", id.as_str());
        assert_eq!(read_compact(&text, &id), None);
        let (set, _) = crate::store::parse_annotation_file(
            std::path::Path::new("x.ron"),
            text.as_bytes(),
            &id,
            "ana",
        )
        .unwrap();
        assert!(!set.mentions.is_empty());
    }

    /// Every file one edit away from a real one — a byte deleted, doubled
    /// or replaced, a space, comma, quote or bracket inserted — is either
    /// left to RON or read exactly as RON reads it; never read where RON
    /// refuses it. Its summary is counted straight from the text exactly
    /// where the set is read here, and is the set's.
    #[test]
    fn a_file_one_edit_away_is_read_as_ron_reads_it_or_left_to_ron() {
        let mut set = covered_set();
        set.mentions.truncate(2);
        set.mentions[1].text = "r#\"q\"#".into();
        set.mentions[1].review.proposed = None;
        set.claims.truncate(1);
        let text = write_compact(&set).unwrap();
        let id = &set.document;
        let bytes = text.as_bytes();
        let mut checked = 0;
        let mut read_here = 0;
        for at in 0..=bytes.len() {
            let mut variants: Vec<Vec<u8>> = Vec::new();
            for insert in [b" ".as_slice(), b",", b"\"", b"(", b")", b"#", b"0", b"\n"] {
                variants.push([&bytes[..at], insert, &bytes[at..]].concat());
            }
            if at < bytes.len() {
                variants.push([&bytes[..at], &bytes[at + 1..]].concat());
                variants.push([&bytes[..=at], &bytes[at..]].concat());
                variants.push([&bytes[..at], b"x", &bytes[at + 1..]].concat());
            }
            for variant in variants {
                let Ok(variant) = String::from_utf8(variant) else {
                    continue;
                };
                checked += 1;
                let fast = read_compact(&variant, id);
                assert_eq!(
                    summarise_compact(&variant, id, &set.annotator),
                    fast.as_ref()
                        .filter(|fast| fast.annotator == set.annotator)
                        .map(FileSummary::of),
                    "{variant}"
                );
                if let Some(fast) = fast {
                    read_here += 1;
                    assert_eq!(Some(fast), by_ron(&variant), "{variant}");
                }
            }
        }
        assert!(checked > 1_000 && read_here > 100, "{checked} {read_here}");
    }
}
