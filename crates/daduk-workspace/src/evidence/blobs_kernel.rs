//! Staging a regular file by the kernel's copy, where it can.

use std::fs::File;
use std::sync::atomic::AtomicBool;

#[cfg(target_os = "linux")]
use super::AtomicFile;
use super::{BlobStore, IngestError, Staged};
#[cfg(target_os = "linux")]
use crate::hash::Sha256;

impl BlobStore {
    /// [`BlobStore::stage`] for a regular file. On Linux the kernel copies
    /// it (`copy_file_range`: the bytes never pass through this process,
    /// which was half of an import's time in `write`), and the copy is then
    /// hashed from the page cache: the name is the hash of the bytes
    /// stored, whatever the source did meanwhile. Where the kernel cannot
    /// (another platform, a file system without it), a streamed copy.
    pub fn stage_file(
        &self,
        src: File,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Staged, IngestError> {
        #[cfg(target_os = "linux")]
        if let Some(staged) = self.stage_by_kernel(&src, cancel, on_bytes)? {
            return Ok(staged);
        }
        self.stage(src, cancel, on_bytes)
    }

    /// The kernel's copy of `src` into `tmp/`, hashed; `None` when the
    /// kernel cannot copy between these files (nothing copied then).
    #[cfg(target_os = "linux")]
    fn stage_by_kernel(
        &self,
        src: &File,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> Result<Option<Staged>, IngestError> {
        use rustix::io::Errno;
        /// Bytes per call: the cancel flag is looked at between calls.
        const STEP: usize = 8 << 20;
        let mut tmp = AtomicFile::temp_in(&self.tmp)?;
        let mut copied = 0u64;
        loop {
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(IngestError::Cancelled);
            }
            match rustix::fs::copy_file_range(src, None, &*tmp.file(), None, STEP) {
                Ok(0) => break,
                Ok(n) => {
                    copied += n as u64;
                    on_bytes(n as u64);
                }
                Err(Errno::INTR) => {}
                Err(Errno::XDEV | Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP | Errno::PERM)
                    if copied == 0 =>
                {
                    return Ok(None);
                }
                Err(e) => return Err(IngestError::Io(e.into())),
            }
        }
        let (sha, size) = Sha256::of_reader(File::open(tmp.temp_path())?)?;
        Ok(Some(Staged {
            file: tmp,
            sha,
            size,
        }))
    }
}
