//! How the store recognises a file without reading it, and its bytes when
//! it must: a [`FileStamp`] (one `stat`) and a [`content_hash`] (stable
//! across builds and machines, since the summary cache keeps it on disk).
//! Both the atomic writer and the summary cache use them; neither owns them.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// What a file looked like on disk: enough to tell with one `stat` that it
/// has changed. Written as `(size, modified_ns, inode)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp(pub u64, pub u64, pub u64);

impl FileStamp {
    /// The stamp of the file at `path`, `None` when there is none.
    pub fn of(path: &Path) -> std::io::Result<Option<Self>> {
        match std::fs::metadata(path) {
            Ok(metadata) => Self::of_metadata(&metadata).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The stamp of an open file.
    pub fn of_file(file: &std::fs::File) -> std::io::Result<Self> {
        Self::of_metadata(&file.metadata()?)
    }

    fn of_metadata(metadata: &std::fs::Metadata) -> std::io::Result<Self> {
        let modified_ns = metadata
            .modified()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Ok(Self(metadata.len(), modified_ns, inode))
    }

    /// The file's bytes and its stamp, taken when it was opened (so that a
    /// change while it is read makes the stamp differ): one open and one
    /// `fstat`, not a second lookup of the path.
    pub fn read_with(path: &Path) -> std::io::Result<(Self, Vec<u8>)> {
        use std::io::Read as _;
        let mut file = std::fs::File::open(path)?;
        let metadata = file.metadata()?;
        let stamp = Self::of_metadata(&metadata)?;
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0) + 1);
        file.read_to_end(&mut bytes)?;
        Ok((stamp, bytes))
    }

    pub fn modified_ns(self) -> u64 {
        self.1
    }
}

/// The hash by which a save tells whether a file's bytes change (and the
/// summary cache whether a file is still what it summarised).
pub(crate) fn content_hash(bytes: &[u8]) -> u64 {
    crate::stable_hash::hash_bytes(bytes)
}
