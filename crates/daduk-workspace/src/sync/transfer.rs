//! Moving blobs: what a side refers to and the server lacks goes up (HEAD
//! per blob, then the client's resumable upload); what a received side
//! refers to and the workspace lacks comes down, read to at most its
//! declared size and hashed into `tmp/` before it is placed.

use std::collections::HashSet;
use std::io::Read;

use super::build::{TEMPLATE_PATH, side_blobs};
use super::engine::{SyncOptions, cancelled};
use super::{AssessmentSync, Remote, SyncProgress, SyncStage, UploadError};
use crate::error::{Error, Result};
use crate::evidence::Blobs;
use crate::evidence::blobs::IngestError;
use crate::hash::Sha256;
use crate::packet::{Manifest, PacketKind};
use crate::store::{Assessment, Workspace};

impl Workspace {
    /// Send every blob the side refers to that the server lacks. A file that
    /// cannot go now (too large, over quota, changed on the disk) does not
    /// stop the others: it is returned with why, and the side goes without
    /// it. The template must go, or nothing can.
    pub(super) fn upload_blobs(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        a: &Assessment,
        m: &Manifest,
        out: &mut AssessmentSync,
    ) -> Result<Vec<(Sha256, String)>> {
        let mut wanted = side_blobs(m);
        if m.kind == PacketKind::Review {
            // Files an evaluator attached are on the server only if sent.
            for e in &m.evidence {
                wanted.insert(e.sha256, e.size);
            }
        }
        let mut missing = Vec::new();
        let count = wanted.len() as u64;
        for (n, (sha, size)) in wanted.into_iter().enumerate() {
            if opts.job.cancelled() {
                return Err(cancelled());
            }
            opts.job.report(SyncProgress {
                stage: SyncStage::Check,
                unit: out.unit.clone(),
                year: out.year,
                done: n as u64,
                total: count,
            });
            if !remote.has_blob(sha)? {
                missing.push((sha, size));
            }
        }
        let total: u64 = missing.iter().map(|(_, s)| *s).sum();
        let store = self.blobs();
        let template = self.template_of(a)?;
        let mut done = 0u64;
        let mut pending = Vec::new();
        for (sha, size) in missing {
            let report = |n: u64| {
                opts.job.report(SyncProgress {
                    stage: SyncStage::Upload,
                    unit: out.unit.clone(),
                    year: out.year,
                    done: done + n,
                    total,
                });
            };
            let sent = if sha == template.sha256()
                && m.files.iter().any(|f| f.path == TEMPLATE_PATH)
            {
                // The template lives in the database: sent from a copy. The
                // side means nothing without it.
                let tmp = self.root().join("tmp");
                std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
                let path = tmp.join(format!("templat-{}.json", sha.to_hex()));
                std::fs::write(&path, template.json()).map_err(|e| Error::io(&path, e))?;
                let sent = remote.upload_blob(sha, size, &path, opts.job.cancel_flag(), &report);
                let _ = std::fs::remove_file(&path);
                match sent {
                    Err(UploadError::Blob(why)) => {
                        return Err(Error::Invalid(format!(
                            "templat penilaian tidak dapat dikirim ke server: {why}"
                        )));
                    }
                    other => other,
                }
            } else if !store.has(sha, size) {
                Err(UploadError::Blob(
                    "berkasnya hilang dari ruang kerja; jalankan `daduk verify` (Periksa ulang)"
                        .into(),
                ))
            } else {
                remote.upload_blob(sha, size, &store.path(sha), opts.job.cancel_flag(), &report)
            };
            match sent {
                Ok(()) => {
                    out.uploaded += 1;
                    out.uploaded_bytes += size;
                }
                Err(UploadError::Blob(why)) => pending.push((sha, why)),
                Err(UploadError::Fatal(e)) => return Err(e),
            }
            done += size;
        }
        Ok(pending)
    }

    /// Receive every blob a unit side refers to that the workspace lacks,
    /// each hashed on its way into the store; returns those received.
    pub(super) fn fetch_blobs(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        m: &Manifest,
        out: &mut AssessmentSync,
    ) -> Result<HashSet<Sha256>> {
        let store = self.blobs();
        let missing: Vec<(Sha256, u64)> = side_blobs(m)
            .into_iter()
            .filter(|(sha, size)| {
                let known_template = *sha == m.template.sha256 && self.template(*sha).is_ok();
                !known_template && !store.has(*sha, *size)
            })
            .collect();
        let total: u64 = missing.iter().map(|(_, s)| *s).sum();
        let mut done = 0u64;
        let mut fresh = HashSet::new();
        for (sha, size) in missing {
            if opts.job.cancelled() {
                return Err(cancelled());
            }
            let reader = remote.download_blob(sha, size)?;
            // Never more than the size the side declares (plus one byte to
            // see that there was more).
            let bounded = reader.take(size.saturating_add(1));
            let on_bytes = |n: u64| {
                opts.job.report(SyncProgress {
                    stage: SyncStage::Download,
                    unit: out.unit.clone(),
                    year: out.year,
                    done: done + n,
                    total,
                });
            };
            let staged = store
                .stage(bounded, opts.job.cancel_flag(), &on_bytes)
                .map_err(|e| match e {
                    IngestError::Cancelled => cancelled(),
                    IngestError::Io(e) => Error::Invalid(format!(
                        "berkas {} dari server terputus saat diunduh: {}; sinkronkan lagi",
                        sha.short(12),
                        crate::error::plain_io(&e)
                    )),
                })?;
            if staged.sha != sha || staged.size != size {
                return Err(Error::Invalid(format!(
                    "berkas {} dari server tidak cocok dengan hash atau ukurannya; tidak disimpan",
                    sha.short(12)
                )));
            }
            store.place(staged).map_err(|e| match e {
                IngestError::Cancelled => cancelled(),
                IngestError::Io(e) => Error::io(store.path(sha), e),
            })?;
            done += size;
            fresh.insert(sha);
            out.downloaded += 1;
            out.downloaded_bytes += size;
        }
        Ok(fresh)
    }
}
