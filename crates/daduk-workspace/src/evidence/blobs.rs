//! The content-addressed file store: `blobs/ab/abcdef…` under the workspace.
//!
//! A file is streamed into `tmp/` while it is hashed (never whole in memory;
//! a regular file on Linux is copied by the kernel and the copy hashed from
//! the page cache, `blobs_kernel.rs`) — *staged* — then flushed to disk and
//! renamed to its hash — *placed* —
//! and the rename flushed too. Only then may the database refer to it, so a
//! crash leaves at worst an unreferenced blob or a stale temporary file,
//! never a reference to a half-written one. A folder import stages a batch
//! of files in parallel and places them together: one flush of the file
//! system for all of them where the platform can (Linux), instead of two
//! flushes per file in turn.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, SystemTime};

use crate::hash::{Copied, HashingWriter, Sha256, copy_chunks};
use crate::output::{AtomicFile, sync_dir};

/// Temporary files older than this are left over from a crash.
const STALE: Duration = Duration::from_secs(6 * 3600);

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

pub use daduk_domain::evidence::BlobState;

/// A file copied into the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// Its hash.
    pub sha: Sha256,
    /// Its size in bytes.
    pub size: u64,
    /// The bytes just hashed are now the stored blob (new, or replacing a
    /// copy that may have been damaged). `false` only where the platform
    /// refused to replace a copy in use (Windows), which was kept.
    pub placed: bool,
    /// No blob with this hash was stored before.
    pub created: bool,
}

/// What the core needs from a content-addressed store of evidence bytes:
/// put a stream and learn its SHA-256, open by hash, ask what is there, and
/// the lifecycle of "How blobs live and die" (set a blob aside, take it
/// back, purge it once proved unused).
///
/// [`BlobStore`], a folder in the workspace, is the implementation the
/// desktop uses; an S3-compatible object store is the other shape this
/// interface is cut for (content-addressed keys, no overwrite of a blob
/// whose bytes hashed right, a put visible only once complete). Packet
/// export, evidence export and verify's re-hash go through it; only folder
/// import uses [`BlobStore`]'s own batched stage-then-place, the fast path a
/// local disk allows (one flush for many files).
pub trait Blobs: Send + Sync {
    /// Store everything `reader` yields, hashing it on the way; `on_bytes`
    /// is told of every chunk, `cancel` checked between chunks.
    fn put(
        &self,
        reader: &mut dyn Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Stored, IngestError>;

    /// Read a stored blob.
    fn open(&self, sha: Sha256) -> io::Result<Box<dyn Read + Send>>;

    /// The stored blob's size, `None` when it is not stored.
    fn size(&self, sha: Sha256) -> io::Result<Option<u64>>;

    /// Whether the blob is stored with this size.
    fn has(&self, sha: Sha256, size: u64) -> bool {
        matches!(self.size(sha), Ok(Some(s)) if s == size)
    }

    /// Every stored blob: hash, size, when it was stored.
    fn list(&self) -> Vec<(Sha256, u64, SystemTime)>;

    /// Hash the stored blob again: is it still what its name says?
    fn rehash(&self, sha: Sha256) -> BlobState {
        match self.open(sha) {
            Err(_) => BlobState::Missing,
            Ok(r) => match Sha256::of_reader(r) {
                Ok((actual, _)) if actual == sha => BlobState::Ok,
                _ => BlobState::Altered,
            },
        }
    }

    /// Move a blob proved unused out of the store, to wait for `verify`.
    /// Returns whether there was one.
    fn set_aside(&self, sha: Sha256) -> io::Result<bool>;

    /// Take back a blob set aside, if its bytes still hash right.
    fn take_back(&self, sha: Sha256) -> io::Result<bool>;

    /// The blobs set aside: hash, size, since when.
    fn set_aside_list(&self) -> Vec<(Sha256, u64, SystemTime)>;

    /// Delete a blob set aside, for good.
    fn purge(&self, sha: Sha256) -> io::Result<()>;

    /// Delete a blob the caller itself just stored and nothing refers to
    /// (a failed import taking back what it brought).
    fn delete_unreferenced(&self, sha: Sha256) -> io::Result<()>;
}

impl Blobs for BlobStore {
    fn put(
        &self,
        reader: &mut dyn Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Stored, IngestError> {
        self.ingest(reader, cancel, on_bytes)
    }

    fn open(&self, sha: Sha256) -> io::Result<Box<dyn Read + Send>> {
        Ok(Box::new(File::open(self.path(sha))?))
    }

    fn size(&self, sha: Sha256) -> io::Result<Option<u64>> {
        match fs::metadata(self.path(sha)) {
            Ok(m) if m.is_file() => Ok(Some(m.len())),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn list(&self) -> Vec<(Sha256, u64, SystemTime)> {
        self.on_disk()
            .into_iter()
            .filter_map(|sha| {
                let meta = fs::metadata(self.path(sha)).ok()?;
                Some((sha, meta.len(), meta.modified().ok()?))
            })
            .collect()
    }

    fn set_aside(&self, sha: Sha256) -> io::Result<bool> {
        self.quarantine(sha)
    }

    fn take_back(&self, sha: Sha256) -> io::Result<bool> {
        self.restore(sha)
    }

    fn set_aside_list(&self) -> Vec<(Sha256, u64, SystemTime)> {
        self.quarantined()
    }

    fn purge(&self, sha: Sha256) -> io::Result<()> {
        BlobStore::purge(self, sha)
    }

    fn delete_unreferenced(&self, sha: Sha256) -> io::Result<()> {
        match fs::remove_file(self.path(sha)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

/// The file store of one workspace.
///
/// Blobs live in `blobs/ab/<sha256>`. Nothing here decides that a blob is
/// unused: callers move blobs to `quarantine/` only while holding the
/// workspace's write lock and after proving no row refers to them, and only
/// `verify` deletes from the quarantine (see ARCHITECTURE.md, "How blobs
/// live and die").
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
    tmp: PathBuf,
    quarantine: PathBuf,
}

impl BlobStore {
    /// The store inside workspace folder `workspace`.
    pub fn new(workspace: &Path) -> BlobStore {
        BlobStore {
            root: workspace.join("blobs"),
            tmp: workspace.join("tmp"),
            quarantine: workspace.join("quarantine"),
        }
    }

    /// Where the blob with this hash lives.
    pub fn path(&self, sha: Sha256) -> PathBuf {
        let hex = sha.to_hex();
        self.root.join(&hex[..2]).join(hex)
    }

    /// Where the blob with this hash waits in quarantine.
    pub fn quarantine_path(&self, sha: Sha256) -> PathBuf {
        self.quarantine.join(sha.to_hex())
    }

    /// Copy everything `reader` yields into the store, hashing it on the way.
    /// `on_bytes` is told of every chunk (for progress); `cancel` is checked
    /// between chunks. A stored copy with the same name is replaced, so
    /// attaching the original again repairs a damaged blob.
    pub fn ingest(
        &self,
        reader: impl Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Stored, IngestError> {
        let staged = self.stage(reader, cancel, on_bytes)?;
        self.place(staged)
    }

    /// Like [`BlobStore::ingest`], for content that must have a known hash and
    /// size (a packet's file): anything else is discarded before it enters
    /// the store. Returns `Ok(Err(why))` when the content is not what was
    /// expected.
    pub fn ingest_expected(
        &self,
        reader: impl Read,
        expected: Sha256,
        size: u64,
        cancel: &AtomicBool,
    ) -> Result<Result<Stored, String>, IngestError> {
        let staged = self.stage(reader, cancel, &|_| {})?;
        if staged.size != size || staged.sha != expected {
            return Ok(Err(if staged.size != size {
                format!("ukuran {} bita, manifest menyebut {size}", staged.size)
            } else {
                format!(
                    "SHA-256 {} tidak cocok dengan manifest ({})",
                    staged.sha.short(12),
                    expected.short(12)
                )
            }));
        }
        self.place(staged).map(Ok)
    }

    /// Write everything `reader` yields to a temporary file in the store,
    /// hashing it; not yet flushed, not yet under its name.
    pub fn stage(
        &self,
        mut reader: impl Read,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Staged, IngestError> {
        let mut hashing = HashingWriter::new(AtomicFile::temp_in(&self.tmp)?);
        match copy_chunks(&mut reader, &mut hashing, cancel, on_bytes)? {
            Copied::Done(_) => {}
            Copied::Cancelled => return Err(IngestError::Cancelled),
        }
        let (file, sha, size) = hashing.into_parts();
        Ok(Staged { file, sha, size })
    }

    /// Flush a staged file, give it its name (over any copy already there,
    /// whose bytes may have been damaged since: these were just hashed),
    /// and make the rename durable. Only then may a row refer to it.
    pub fn place(&self, mut staged: Staged) -> Result<Stored, IngestError> {
        staged.file.sync()?;
        let stored = self.rename(staged)?;
        sync_dir(&self.path(stored.sha).with_file_name(""));
        Ok(stored)
    }

    /// [`BlobStore::place`] for many staged files at once: one flush of the
    /// file system for all their bytes, then the renames, then one flush of
    /// each folder they went into, instead of two flushes per file in turn.
    /// Each result is the file's own (one failing does not stop the rest).
    pub fn place_all(&self, staged: Vec<Staged>) -> Vec<Result<Stored, IngestError>> {
        let mut staged = staged;
        let flushed_together = flush_file_system(&self.tmp);
        let mut out = Vec::with_capacity(staged.len());
        let mut dirs = std::collections::BTreeSet::new();
        for mut s in staged.drain(..) {
            let result = if flushed_together {
                Ok(())
            } else {
                s.file.sync()
            };
            out.push(result.map_err(IngestError::from).and_then(|()| {
                let stored = self.rename(s)?;
                dirs.insert(self.path(stored.sha).with_file_name(""));
                Ok(stored)
            }));
        }
        if !(flushed_together && flush_file_system(&self.root)) {
            for dir in &dirs {
                sync_dir(dir);
            }
        }
        out
    }

    fn rename(&self, staged: Staged) -> Result<Stored, IngestError> {
        let dest = self.path(staged.sha);
        let existed = dest.is_file();
        // Windows refuses to replace a file another process has open: that
        // copy stays (`placed` false); a later verify re-checks it.
        let placed = staged.file.persist(&dest)?;
        Ok(Stored {
            sha: staged.sha,
            size: staged.size,
            placed,
            created: !existed,
        })
    }

    /// A quick look: present with the expected size?
    pub fn quick_state(&self, sha: Sha256, size: u64) -> BlobState {
        match fs::metadata(self.path(sha)) {
            Ok(m) if m.len() == size => BlobState::Ok,
            Ok(_) => BlobState::Altered,
            Err(_) => BlobState::Missing,
        }
    }

    /// Move a blob out of the store into the quarantine, where it waits
    /// until a later `verify` deletes it. Only for a blob the caller has
    /// proved unused while holding the write lock. Returns whether there
    /// was a blob to move.
    pub(crate) fn quarantine(&self, sha: Sha256) -> io::Result<bool> {
        let src = self.path(sha);
        if !src.is_file() {
            return Ok(false);
        }
        fs::create_dir_all(&self.quarantine)?;
        let dest = self.quarantine_path(sha);
        fs::rename(&src, &dest)?;
        // The quarantine's clock starts now, not when the blob was written.
        if let Ok(f) = File::options().write(true).open(&dest) {
            let _ = f.set_modified(SystemTime::now());
        }
        sync_dir(&self.quarantine);
        Ok(true)
    }

    /// Bring a quarantined blob back into the store, if the quarantine holds
    /// it with the right content. Returns whether it did.
    pub(crate) fn restore(&self, sha: Sha256) -> io::Result<bool> {
        let src = self.quarantine_path(sha);
        let Ok(f) = File::open(&src) else {
            return Ok(false);
        };
        if !matches!(Sha256::of_reader(f), Ok((actual, _)) if actual == sha) {
            return Ok(false);
        }
        let dest = self.path(sha);
        let dir = dest.parent().unwrap_or(&self.root);
        fs::create_dir_all(dir)?;
        fs::rename(&src, &dest)?;
        sync_dir(dir);
        Ok(true)
    }

    /// Every quarantined blob with the time it entered the quarantine.
    pub fn quarantined(&self) -> Vec<(Sha256, u64, SystemTime)> {
        let Ok(entries) = fs::read_dir(&self.quarantine) else {
            return Vec::new();
        };
        entries
            .flatten()
            .filter_map(|e| {
                let sha = e.file_name().to_str()?.parse().ok()?;
                let meta = e.metadata().ok()?;
                Some((sha, meta.len(), meta.modified().ok()?))
            })
            .collect()
    }

    /// Delete a quarantined blob for good. Only `verify` calls this, under
    /// the write lock, for a blob proved unused in a workspace that passed
    /// its integrity check.
    pub(crate) fn purge(&self, sha: Sha256) -> io::Result<()> {
        match fs::remove_file(self.quarantine_path(sha)) {
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

/// A file written into the store's temporary folder, hashed, not yet
/// flushed nor named by its hash.
#[derive(Debug)]
pub struct Staged {
    file: AtomicFile,
    /// Its hash.
    pub sha: Sha256,
    /// Its size.
    pub size: u64,
}

/// Flush every file of the file system holding `dir` at once, where the
/// platform can (Linux `syncfs`); `false` where it cannot, and each file
/// must be flushed on its own.
#[cfg(target_os = "linux")]
fn flush_file_system(dir: &Path) -> bool {
    File::open(dir).is_ok_and(|d| rustix::fs::syncfs(&d).is_ok())
}

#[cfg(not(target_os = "linux"))]
fn flush_file_system(_dir: &Path) -> bool {
    false
}

#[path = "blobs_kernel.rs"]
mod kernel;

#[cfg(test)]
#[path = "blobs_tests.rs"]
mod tests;
