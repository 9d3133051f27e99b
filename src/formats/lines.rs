//! Reading a file of one record a line (JSONL) a line at a time, bounded:
//! the pipeline mode and the dataset import read their input so, and a
//! line longer than the limit is skipped, not held; one with no end at
//! all (`/dev/zero` through a pipe) stops the reading.

use std::io::BufRead;

/// How far past the record limit a line is skipped before the run stops:
/// a line this long is no record that was cut short but an input that is
/// not JSONL at all (`cat /dev/zero |`), which would otherwise be read for
/// ever.
pub(crate) const SKIP_LIMIT_FACTOR: u64 = 4;

/// One line as read.
pub(crate) enum Line {
    Text(String),
    /// Longer than the limit (its length so far); the rest was skipped.
    TooLong(u64),
    NotUtf8,
    /// Went on past [`SKIP_LIMIT_FACTOR`] times the limit without an end
    /// (the bytes read).
    Endless(u64),
}

/// The next line without its end, holding at most `limit` bytes of it;
/// `None` at the end of the input.
pub(crate) fn read_line(input: &mut impl BufRead, limit: u64) -> std::io::Result<Option<Line>> {
    let mut buffer = Vec::new();
    let mut limited = std::io::Read::take(&mut *input, limit.saturating_add(2));
    let read = limited.read_until(b'\n', &mut buffer)?;
    if read == 0 {
        return Ok(None);
    }
    let ended = buffer.last() == Some(&b'\n');
    if ended {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
    }
    if buffer.len() as u64 > limit {
        let mut skipped = buffer.len() as u64;
        if !ended {
            let most = limit.saturating_mul(SKIP_LIMIT_FACTOR);
            match skip_line(input, most.saturating_sub(skipped))? {
                Some(rest) => skipped += rest,
                None => return Ok(Some(Line::Endless(most))),
            }
        }
        return Ok(Some(Line::TooLong(skipped)));
    }
    Ok(Some(match String::from_utf8(buffer) {
        Ok(text) => Line::Text(text),
        Err(_) => Line::NotUtf8,
    }))
}

/// Reads past the rest of a line without keeping it; the bytes skipped,
/// or `None` when the line goes on past `most` bytes.
fn skip_line(input: &mut impl BufRead, most: u64) -> std::io::Result<Option<u64>> {
    let mut skipped = 0;
    loop {
        if skipped > most {
            return Ok(None);
        }
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Some(skipped));
        }
        if let Some(at) = chunk.iter().position(|b| *b == b'\n') {
            input.consume(at + 1);
            return Ok(Some(skipped + at as u64));
        }
        let len = chunk.len();
        input.consume(len);
        skipped += len as u64;
    }
}
