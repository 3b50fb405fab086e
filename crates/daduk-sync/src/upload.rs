//! Blob uploads: a file that fits one part goes whole in one request;
//! a larger one (or for a server without that) in parts, resumed from the
//! parts the server already has.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use daduk_wire as wire;
use daduk_workspace::Sha256;

use crate::{Client, Fail, MAX_ERROR_BYTES, MAX_SMALL_JSON, check_id, read_json};

impl Client {
    /// One try at uploading a blob: start or resume, send the parts the
    /// server lacks, complete.
    pub(crate) fn try_upload(
        &self,
        sha: Sha256,
        size: u64,
        file: &Path,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> std::result::Result<(), Fail> {
        let hex = sha.to_hex();
        // Most evidence files fit one request: sent whole, hashed by the
        // server and stored only if they match. A server without that
        // answers 405, and the upload goes in parts.
        if size <= wire::MAX_PART_BYTES as u64 && self.put_whole(sha, size, file, on_bytes)? {
            return Ok(());
        }
        let state: wire::UploadState = self.json(
            "POST",
            &format!("/blobs/{hex}/uploads"),
            Some(&wire::UploadStart { size }),
            MAX_SMALL_JSON,
        )?;
        if state.part_size == 0 || state.part_size > wire::MAX_PART_BYTES as u64 {
            return Err(Fail::Local(format!(
                "server meminta bagian unggahan {} bita; tidak wajar (batas {})",
                state.part_size,
                wire::MAX_PART_BYTES
            )));
        }
        check_id(&state.upload_id)?;
        let parts = state.part_count(size);
        let have: std::collections::HashSet<u32> = state.parts_received.iter().copied().collect();
        let mut f = File::open(file).map_err(|e| Fail::file(file, &e))?;
        let mut buf = Vec::new();
        let mut done = 0u64;
        for n in 0..parts {
            if cancel.load(Ordering::Relaxed) {
                return Err(Fail::Cancelled);
            }
            let offset = u64::from(n) * state.part_size;
            let len = state.part_size.min(size.saturating_sub(offset));
            if have.contains(&n) {
                done += len;
                on_bytes(done);
                continue;
            }
            buf.resize(usize::try_from(len).unwrap_or(0), 0);
            f.seek(SeekFrom::Start(offset))
                .and_then(|_| f.read_exact(&mut buf))
                .map_err(|e| Fail::file(file, &e))?;
            let resp = self.send(
                "PUT",
                &format!("/uploads/{}/parts/{n}", state.upload_id),
                Some(("application/octet-stream", &buf)),
            )?;
            let mut resp = self.ok(resp)?;
            let _ = resp
                .body_mut()
                .with_config()
                .limit(MAX_ERROR_BYTES)
                .read_to_vec();
            done += len;
            on_bytes(done);
        }
        let stored: wire::BlobStored = self.json(
            "POST",
            &format!("/uploads/{}/complete", state.upload_id),
            None::<&()>,
            MAX_SMALL_JSON,
        )?;
        check_stored(&stored, sha, size)?;
        Ok(())
    }

    /// `PUT /api/v1/blobs/{sha256}` with the whole file. False when the
    /// server does not take blobs that way (405): upload in parts instead.
    fn put_whole(
        &self,
        sha: Sha256,
        size: u64,
        file: &Path,
        on_bytes: &dyn Fn(u64),
    ) -> std::result::Result<bool, Fail> {
        let hex = sha.to_hex();
        let bytes = std::fs::read(file).map_err(|e| Fail::file(file, &e))?;
        if bytes.len() as u64 != size {
            return Err(Fail::File(format!(
                "{}: berukuran {} bita, bukan {size} seperti tercatat; jalankan daduk verify",
                file.display(),
                bytes.len()
            )));
        }
        let resp = self.send(
            "PUT",
            &format!("/blobs/{hex}"),
            Some(("application/octet-stream", &bytes)),
        )?;
        if resp.status().as_u16() == 405 {
            return Ok(false);
        }
        let stored: wire::BlobStored = read_json(self.ok(resp)?, MAX_SMALL_JSON, &self.base)?;
        check_stored(&stored, sha, size)?;
        on_bytes(size);
        Ok(true)
    }
}

/// The server says it stored what was sent: this hash, this size.
fn check_stored(stored: &wire::BlobStored, sha: Sha256, size: u64) -> Result<(), Fail> {
    if stored.sha256 != sha.to_hex() || stored.size != size {
        return Err(Fail::Local(format!(
            "server menyimpan {} ({} bita) saat berkas {} ({size} bita) diunggah",
            daduk_workspace::text::shown(&stored.sha256),
            stored.size,
            sha.short(12)
        )));
    }
    Ok(())
}
