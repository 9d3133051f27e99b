//! Per-document figures kept in a temporary file until a report is
//! written: a project's agreement lists a line per document and pair of
//! annotators, and held in memory these lines would grow with the corpus.
//!
//! Figures are written as documents are counted, each to one of several
//! lists (one per pair of annotators), and read back list by list in the
//! order of their documents' ids. Documents counted in that order (as the
//! project's agreement job does) are never held in memory; in any other
//! order a list is sorted once, in memory, when the counting is finished.

use std::fmt;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::IntoDeserializer as _;
use serde::ser::{Error as _, SerializeMap as _};
use serde::{Deserialize as _, Serialize, Serializer};

use crate::model::DocumentId;

/// Figures stored as whole words, so that they read back bit for bit.
pub trait Record: Sized {
    fn to_words(&self) -> Vec<u64>;
    /// `None` when the words are not of this record.
    fn from_words(words: &[u64]) -> Option<Self>;
}

/// `Option<f64>` as two words: whether it is there, and its bits.
pub fn option_words(value: Option<f64>) -> [u64; 2] {
    value.map_or([0, 0], |v| [1, v.to_bits()])
}

/// The inverse of [`option_words`].
pub fn option_of_words(present: u64, bits: u64) -> Option<f64> {
    (present != 0).then(|| f64::from_bits(bits))
}

/// Lists of per-document records being written. The first write error is
/// kept and given back by [`Spill::finish`]; later records are dropped.
#[derive(Debug)]
pub struct Spill {
    file: Option<BufWriter<File>>,
    lists: Vec<Bounds>,
    error: Option<io::Error>,
}

/// What a list holds, to tell whether its records are in order.
#[derive(Clone, Debug)]
struct Bounds {
    first: Option<DocumentId>,
    last: Option<DocumentId>,
    len: usize,
    ordered: bool,
}

impl Default for Bounds {
    fn default() -> Self {
        Self {
            first: None,
            last: None,
            len: 0,
            ordered: true,
        }
    }
}

impl Spill {
    /// `lists` empty lists; the file is made on the first record.
    pub fn new(lists: usize) -> Self {
        Self {
            file: None,
            lists: vec![Bounds::default(); lists],
            error: None,
        }
    }

    /// Adds `record` of `document` to the end of list `list`.
    pub fn push(&mut self, list: usize, document: &DocumentId, record: &impl Record) {
        if self.error.is_some() {
            return;
        }
        let bounds = &mut self.lists[list];
        if bounds.last.as_ref().is_some_and(|last| last >= document) {
            bounds.ordered = false;
        }
        if bounds.first.is_none() {
            bounds.first = Some(document.clone());
        }
        bounds.last = Some(document.clone());
        bounds.len += 1;
        let written = self
            .writer()
            .and_then(|file| write_record(file, list, document, &record.to_words()));
        if let Err(e) = written {
            self.error = Some(e);
        }
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        if self.file.is_none() {
            self.file = Some(BufWriter::new(tempfile::tempfile()?));
        }
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("no file"))
    }

    /// Adds the lists of `other`, list by list, after this one's.
    pub fn append(&mut self, other: Spill) {
        if self.error.is_none() {
            self.error = other.error;
        }
        for (mine, theirs) in self.lists.iter_mut().zip(other.lists) {
            let in_order = match (&mine.last, &theirs.first) {
                (Some(last), Some(first)) => last < first,
                _ => true,
            };
            mine.ordered &= theirs.ordered && in_order;
            mine.len += theirs.len;
            if mine.first.is_none() {
                mine.first = theirs.first;
            }
            if theirs.last.is_some() {
                mine.last = theirs.last;
            }
        }
        let (Some(theirs), None) = (other.file, &self.error) else {
            return;
        };
        let copied = theirs
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .and_then(|mut theirs| {
                theirs.rewind()?;
                let file = self.writer()?;
                io::copy(&mut theirs, file).map(drop)
            });
        if let Err(e) = copied {
            self.error = Some(e);
        }
    }

    /// The lists to read back, each in the order of its documents' ids.
    pub fn finish(self) -> io::Result<Spilled> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let lens = self.lists.iter().map(|b| b.len).collect();
        let Some(file) = self.file else {
            return Ok(Spilled { file: None, lens });
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        if !self.lists.iter().all(|b| b.ordered) {
            file = sorted(file)?;
        }
        Ok(Spilled {
            file: Some(Arc::new(file)),
            lens,
        })
    }
}

/// A copy of `file` with its records sorted by list and document.
fn sorted(file: File) -> io::Result<File> {
    let mut records: Vec<(usize, DocumentId, Vec<u64>)> = Vec::new();
    let mut reader = Reader::new(Arc::new(file), 0);
    while let Some((list, document, words)) = reader.next_record()? {
        records.push((list, document, words));
    }
    records.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut out = BufWriter::new(tempfile::tempfile()?);
    for (list, document, words) in &records {
        write_record(&mut out, *list, document, words)?;
    }
    out.into_inner().map_err(io::IntoInnerError::into_error)
}

/// A record: list, id length, id, word count, words (little-endian).
fn write_record(
    out: &mut impl Write,
    list: usize,
    document: &DocumentId,
    words: &[u64],
) -> io::Result<()> {
    let id = document.as_str().as_bytes();
    out.write_all(&u32_of(list)?.to_le_bytes())?;
    out.write_all(&u32_of(id.len())?.to_le_bytes())?;
    out.write_all(id)?;
    out.write_all(&u32_of(words.len())?.to_le_bytes())?;
    for word in words {
        out.write_all(&word.to_le_bytes())?;
    }
    Ok(())
}

fn u32_of(n: usize) -> io::Result<u32> {
    u32::try_from(n).map_err(io::Error::other)
}

/// Finished lists, read back from their file.
#[derive(Clone, Debug, Default)]
pub struct Spilled {
    file: Option<Arc<File>>,
    lens: Vec<usize>,
}

impl Spilled {
    /// List `list`, its records read as `R`.
    pub fn list<R: Record>(&self, list: usize) -> SpilledList<R> {
        SpilledList {
            file: self.file.clone(),
            list,
            len: self.lens.get(list).copied().unwrap_or(0),
            record: PhantomData,
        }
    }
}

/// One list of records, by document id.
pub struct SpilledList<R> {
    file: Option<Arc<File>>,
    list: usize,
    len: usize,
    record: PhantomData<R>,
}

impl<R> Clone for SpilledList<R> {
    fn clone(&self) -> Self {
        Self {
            file: self.file.clone(),
            list: self.list,
            len: self.len,
            record: PhantomData,
        }
    }
}

impl<R> Default for SpilledList<R> {
    fn default() -> Self {
        Self {
            file: None,
            list: 0,
            len: 0,
            record: PhantomData,
        }
    }
}

impl<R> fmt::Debug for SpilledList<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpilledList({} record(s))", self.len)
    }
}

impl<R: Record> SpilledList<R> {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The records in the order of their documents' ids, each with where
    /// it starts in the file (for [`SpilledList::read_at`]).
    pub fn iter_at(&self) -> impl Iterator<Item = io::Result<(u64, DocumentId, R)>> + '_ {
        let mut reader = self.file.clone().map(|file| Reader::new(file, 0));
        std::iter::from_fn(move || {
            let reader = reader.as_mut()?;
            loop {
                let start = reader.position();
                match reader.next_record() {
                    Ok(Some((list, _, _))) if list != self.list => {}
                    Ok(Some((_, document, words))) => {
                        return Some(decode(&words).map(|record| (start, document, record)));
                    }
                    Ok(None) => return None,
                    Err(e) => return Some(Err(e)),
                }
            }
        })
    }

    /// The records in the order of their documents' ids.
    pub fn iter(&self) -> impl Iterator<Item = io::Result<(DocumentId, R)>> + '_ {
        self.iter_at()
            .map(|entry| entry.map(|(_, document, record)| (document, record)))
    }

    /// The record that starts at `start`, as [`SpilledList::iter_at`] gave it.
    pub fn read_at(&self, start: u64) -> io::Result<(DocumentId, R)> {
        let file = self
            .file
            .clone()
            .ok_or_else(|| io::Error::other("empty list"))?;
        let (_, document, words) = Reader::new(file, start)
            .next_record()?
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        Ok((document, decode(&words)?))
    }
}

impl<R: Record + PartialEq> PartialEq for SpilledList<R> {
    fn eq(&self, other: &Self) -> bool {
        let all = |list: &Self| list.iter().collect::<io::Result<Vec<_>>>().ok();
        self.len == other.len && all(self).is_some_and(|mine| Some(mine) == all(other))
    }
}

fn decode<R: Record>(words: &[u64]) -> io::Result<R> {
    R::from_words(words).ok_or_else(|| io::Error::other("a record of another kind"))
}

/// Reads records from a position of the file on, with a cursor of its own
/// (several readers of one file may be open at once).
struct Reader {
    buffer: BufReader<ReadAt>,
}

/// The file read from `position` on, seeking before each read.
struct ReadAt {
    file: Arc<File>,
    position: u64,
}

impl Read for ReadAt {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut file = &*self.file;
        file.seek(SeekFrom::Start(self.position))?;
        let n = file.read(buf)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl Reader {
    fn new(file: Arc<File>, position: u64) -> Self {
        Self {
            buffer: BufReader::with_capacity(1 << 16, ReadAt { file, position }),
        }
    }

    /// Where the next record starts.
    fn position(&self) -> u64 {
        self.buffer.get_ref().position - self.buffer.buffer().len() as u64
    }

    fn next_record(&mut self) -> io::Result<Option<(usize, DocumentId, Vec<u64>)>> {
        let mut word = [0u8; 4];
        match self.buffer.read_exact(&mut word) {
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            read => read?,
        }
        let list = u32::from_le_bytes(word) as usize;
        self.buffer.read_exact(&mut word)?;
        let mut id = vec![0; u32::from_le_bytes(word) as usize];
        self.buffer.read_exact(&mut id)?;
        let id = String::from_utf8(id).map_err(io::Error::other)?;
        let document = DocumentId::deserialize(id.into_deserializer())
            .map_err(|e: serde::de::value::Error| io::Error::other(e))?;
        self.buffer.read_exact(&mut word)?;
        let mut words = Vec::with_capacity(u32::from_le_bytes(word) as usize);
        for _ in 0..words.capacity() {
            let mut bytes = [0u8; 8];
            self.buffer.read_exact(&mut bytes)?;
            words.push(u64::from_le_bytes(bytes));
        }
        Ok(Some((list, document, words)))
    }
}

/// Written as a map from document id to record, in the ids' order.
impl<R: Record + Serialize> Serialize for SpilledList<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len))?;
        for entry in self.iter() {
            let (document, record) = entry.map_err(S::Error::custom)?;
            map.serialize_entry(&document, &record)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[derive(Debug, PartialEq)]
    struct Figure(u64);

    impl Record for Figure {
        fn to_words(&self) -> Vec<u64> {
            vec![self.0]
        }

        fn from_words(words: &[u64]) -> Option<Self> {
            match words {
                &[n] => Some(Self(n)),
                _ => None,
            }
        }
    }

    impl Serialize for Figure {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize(serializer)
        }
    }

    fn id(k: u64) -> DocumentId {
        DocumentId::for_text(&format!("doc{k}"))
    }

    /// Two lists written by two spills in whatever order: each reads back
    /// whole, by document id, and each record read where it was listed.
    #[test]
    fn lists_read_back_whole_by_document_id_in_or_out_of_order() {
        let mut expected: [Vec<(DocumentId, u64)>; 2] = [Vec::new(), Vec::new()];
        let (mut first, mut second) = (Spill::new(2), Spill::new(2));
        for k in 0..500 {
            let list = (k % 3 == 0) as usize;
            let spill = if k % 7 < 4 { &mut first } else { &mut second };
            spill.push(list, &id(k), &Figure(k * 10));
            expected[list].push((id(k), k * 10));
        }
        second.append(first);
        let spilled = second.finish().unwrap();
        for (list, mut expected) in expected.into_iter().enumerate() {
            expected.sort();
            let read: SpilledList<Figure> = spilled.list(list);
            assert_eq!(read.len(), expected.len());
            let entries: Vec<(u64, DocumentId, Figure)> =
                read.iter_at().map(Result::unwrap).collect();
            let ids: Vec<(DocumentId, u64)> =
                entries.iter().map(|(_, d, f)| (d.clone(), f.0)).collect();
            assert_eq!(ids, expected);
            for (start, document, figure) in entries {
                assert_eq!(read.read_at(start).unwrap(), (document, figure));
            }
        }
    }

    /// Serialised as a map, as a `BTreeMap` by id would be.
    #[test]
    fn a_list_serialises_as_the_map_it_replaces() {
        let mut spill = Spill::new(1);
        let mut map = BTreeMap::new();
        for k in [5, 1, 9, 3] {
            spill.push(0, &id(k), &Figure(k));
            map.insert(id(k), k);
        }
        let read: SpilledList<Figure> = spill.finish().unwrap().list(0);
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
    }
}
