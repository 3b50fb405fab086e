//! The content-addressed file store: `blobs/ab/abcdef…` under the workspace.
//!
//! A file is streamed into `tmp/` while it is hashed (never whole in memory),
//! flushed to disk, then renamed to its hash. Only then may the database
//! refer to it, so a crash leaves at worst an unreferenced blob or a stale
//! temporary file, never a reference to a half-written one.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256 as Hasher};

use crate::hash::Sha256;

/// Size of the read buffer: large enough to keep SHA-256 busy, small enough
/// that memory stays flat with many files in flight.
const CHUNK: usize = 1024 * 1024;

/// Temporary files older than this are left over from a crash.
const STALE: Duration = Duration::from_secs(6 * 3600);

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why an ingest stopped.
#[derive(Debug)]
pub enum IngestError {
    /// Reading the source or writing the store failed.
    Io(io::Error),
    /// The caller asked to stop.
    Cancelled,
}

impl From<io::Error> for IngestError {
    fn from(e: io::Error) -> Self {
        IngestError::Io(e)
    }
}

/// What the last look at a stored file found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum BlobState {
    /// Present, and (at the last verify) its hash matched.
    Ok,
    /// Not in the store.
    Missing,
    /// Present but its content no longer matches its hash.
    Altered,
}

impl BlobState {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            BlobState::Ok => "ok",
            BlobState::Missing => "missing",
            BlobState::Altered => "altered",
        }
    }
}

/// The file store of one workspace.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    tmp: PathBuf,
}

impl BlobStore {
    /// The store inside workspace folder `workspace`.
    pub fn new(workspace: &Path) -> BlobStore {
        BlobStore {
            root: workspace.join("blobs"),
            tmp: workspace.join("tmp"),
        }
    }

    /// Where the blob with this hash lives.
    pub fn path(&self, sha: Sha256) -> PathBuf {
        let hex = sha.to_hex();
        self.root.join(&hex[..2]).join(hex)
    }

    /// Copy everything `reader` yields into the store, hashing it on the way.
    /// `on_bytes` is told of every chunk (for progress); `cancel` is checked
    /// between chunks. Returns the hash and the size.
    pub fn ingest(
        &self,
        reader: impl Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<(Sha256, u64), IngestError> {
        let (tmp, sha, size) = self.write_tmp(reader, cancel, on_bytes)?;
        self.commit_tmp(&tmp, sha)?;
        Ok((sha, size))
    }

    /// Like [`BlobStore::ingest`], for content that must have a known hash and
    /// size (a packet's file): anything else is discarded before it enters
    /// the store. Returns `Ok(Ok(created))`, where `created` says whether the
    /// blob is new, or `Ok(Err(why))` when the content is not what was
    /// expected.
    pub fn ingest_expected(
        &self,
        reader: impl Read,
        expected: Sha256,
        size: u64,
        cancel: &AtomicBool,
    ) -> Result<Result<bool, String>, IngestError> {
        let (tmp, sha, actual) = self.write_tmp(reader, cancel, &|_| {})?;
        if actual != size || sha != expected {
            let _ = fs::remove_file(&tmp);
            return Ok(Err(if actual != size {
                format!("ukuran {actual} bita, manifest menyebut {size}")
            } else {
                format!(
                    "SHA-256 {} tidak cocok dengan manifest ({})",
                    sha.short(12),
                    expected.short(12)
                )
            }));
        }
        let existed = self.path(sha).is_file();
        self.commit_tmp(&tmp, sha)?;
        Ok(Ok(!existed))
    }

    fn write_tmp(
        &self,
        reader: impl Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<(PathBuf, Sha256, u64), IngestError> {
        fs::create_dir_all(&self.tmp)?;
        let tmp = self.tmp.join(format!(
            "{}-{}.part",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let mut reader = reader;
        match write_hashing(&tmp, &mut reader, cancel, on_bytes) {
            Ok((sha, size)) => Ok((tmp, sha, size)),
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// Move a complete temporary file to its place under its hash.
    fn commit_tmp(&self, tmp: &Path, sha: Sha256) -> Result<(), IngestError> {
        let dest = self.path(sha);
        if dest.is_file() {
            // Same content already stored: keep the one there.
            fs::remove_file(tmp)?;
            return Ok(());
        }
        let dir = dest.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        if let Err(e) = fs::rename(tmp, &dest) {
            // Another process stored the same content meanwhile (Windows
            // refuses to rename over an existing file).
            if dest.is_file() {
                fs::remove_file(tmp)?;
            } else {
                let _ = fs::remove_file(tmp);
                return Err(e.into());
            }
        }
        // Make the rename itself durable where the platform allows it.
        let _ = File::open(dir).and_then(|d| d.sync_all());
        Ok(())
    }

    /// A quick look: present with the expected size?
    pub fn quick_state(&self, sha: Sha256, size: u64) -> BlobState {
        match fs::metadata(self.path(sha)) {
            Ok(m) if m.len() == size => BlobState::Ok,
            Ok(_) => BlobState::Altered,
            Err(_) => BlobState::Missing,
        }
    }

    /// Hash the stored file again: is it still what its name says?
    pub fn rehash(&self, sha: Sha256) -> BlobState {
        match File::open(self.path(sha)) {
            Err(_) => BlobState::Missing,
            Ok(f) => match Sha256::of_reader(f) {
                Ok((actual, _)) if actual == sha => BlobState::Ok,
                _ => BlobState::Altered,
            },
        }
    }

    /// Open a stored file for reading.
    pub fn open(&self, sha: Sha256) -> io::Result<File> {
        File::open(self.path(sha))
    }

    /// Delete a stored file (when nothing refers to it any more).
    pub fn remove(&self, sha: Sha256) -> io::Result<()> {
        match fs::remove_file(self.path(sha)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Every blob on disk, by hash (files with other names are ignored).
    pub fn on_disk(&self) -> Vec<Sha256> {
        let Ok(dirs) = fs::read_dir(&self.root) else {
            return Vec::new();
        };
        dirs.flatten()
            .filter_map(|d| fs::read_dir(d.path()).ok())
            .flat_map(|files| files.flatten())
            .filter_map(|f| f.file_name().to_str().and_then(|n| n.parse().ok()))
            .collect()
    }

    /// Remove temporary files a crash left behind. Recent ones may belong
    /// to an import running in another process, so they stay.
    pub fn clean_stale_tmp(&self) {
        let Ok(entries) = fs::read_dir(&self.tmp) else {
            return;
        };
        let now = SystemTime::now();
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > STALE);
            if old {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Stream `reader` into a new file at `path`, hashing; flushed to disk.
fn write_hashing(
    path: &Path,
    reader: &mut dyn Read,
    cancel: &AtomicBool,
    on_bytes: &dyn Fn(u64),
) -> Result<(Sha256, u64), IngestError> {
    let mut out = File::options().write(true).create_new(true).open(path)?;
    let mut hasher = Hasher::new();
    let mut buf = vec![0u8; CHUNK];
    let mut size = 0u64;
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(IngestError::Cancelled);
        }
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        size += n as u64;
        on_bytes(n as u64);
    }
    out.sync_all()?;
    Ok((Sha256(hasher.finalize().into()), size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_by_hash_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path());
        let no = AtomicBool::new(false);
        let (a, size) = store.ingest(&b"data dukung"[..], &no, &|_| {}).unwrap();
        assert_eq!(size, 11);
        assert_eq!(a, Sha256::of_bytes(b"data dukung"));
        let (b, _) = store.ingest(&b"data dukung"[..], &no, &|_| {}).unwrap();
        assert_eq!(a, b);
        assert_eq!(store.on_disk(), vec![a]);
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
        assert_eq!(store.quick_state(a, 11), BlobState::Ok);
        assert_eq!(store.rehash(a), BlobState::Ok);
        fs::write(store.path(a), b"data dukunG").unwrap();
        assert_eq!(store.rehash(a), BlobState::Altered);
        store.remove(a).unwrap();
        assert_eq!(store.quick_state(a, 11), BlobState::Missing);
    }

    #[test]
    fn cancelled_ingest_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path());
        let stop = AtomicBool::new(true);
        assert!(matches!(
            store.ingest(&b"x"[..], &stop, &|_| {}),
            Err(IngestError::Cancelled)
        ));
        assert!(store.on_disk().is_empty());
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }

    #[test]
    fn read_errors_leave_nothing() {
        struct Failing;
        impl Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk rusak"))
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let store = BlobStore::new(dir.path());
        assert!(matches!(
            store.ingest(Failing, &AtomicBool::new(false), &|_| {}),
            Err(IngestError::Io(_))
        ));
        assert_eq!(fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }
}
