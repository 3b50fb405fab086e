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
use crate::packet::texts;
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
            let text = m
                .files
                .iter()
                .find(|f| f.sha256 == sha && texts::parse_path(&f.path).is_some());
            let sent =
                if sha == template.sha256() && m.files.iter().any(|f| f.path == TEMPLATE_PATH) {
                    // The template lives in the database: sent from a copy. The
                    // side means nothing without it.
                    let name = format!("templat-{}.json", sha.to_hex());
                    match self.upload_copy(
                        remote,
                        opts,
                        sha,
                        template.json().as_bytes(),
                        &name,
                        &report,
                    )? {
                        Err(UploadError::Blob(why)) => {
                            return Err(Error::Invalid(format!(
                                "templat penilaian tidak dapat dikirim ke server: {why}"
                            )));
                        }
                        other => other,
                    }
                } else if store.has(sha, size) {
                    remote.upload_blob(sha, size, &store.path(sha), opts.job.cancel_flag(), &report)
                } else if let Some(f) = text {
                    // A text lives in the database too, and may have been read
                    // again since the side was built.
                    match self.text_bytes(&f.path)? {
                        Some(bytes) if Sha256::of_bytes(&bytes) == sha => {
                            let name = format!("isi-{}.txt", sha.to_hex());
                            self.upload_copy(remote, opts, sha, &bytes, &name, &report)?
                        }
                        _ => Err(UploadError::Blob(
                            "teks bacaannya berubah sejak sisi ini disusun".into(),
                        )),
                    }
                } else {
                    Err(UploadError::Blob(
                    "berkasnya hilang dari ruang kerja; jalankan `daduk verify` (Periksa ulang)"
                        .into(),
                ))
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

    /// Upload bytes kept in the database (the template, a text) from a
    /// copy in `tmp/`.
    fn upload_copy(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        sha: Sha256,
        bytes: &[u8],
        name: &str,
        report: &dyn Fn(u64),
    ) -> Result<std::result::Result<(), UploadError>> {
        let tmp = self.root().join("tmp");
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let path = tmp.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        let sent = remote.upload_blob(
            sha,
            bytes.len() as u64,
            &path,
            opts.job.cancel_flag(),
            report,
        );
        let _ = std::fs::remove_file(&path);
        Ok(sent)
    }

    /// Keep the texts a received unit side carries for its files, where
    /// this workspace has not read them itself (`packet::texts`: checked,
    /// bounded, worked out here); how many. A text that does not come or
    /// is not what it should be is left out: the file is read here when
    /// asked.
    pub(super) fn fetch_texts(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        m: &Manifest,
    ) -> Result<usize> {
        if m.kind != PacketKind::Submission {
            return Ok(0);
        }
        let mut kept = 0;
        for f in &m.files {
            if opts.job.cancelled() {
                return Err(cancelled());
            }
            let Some((sha, ocr)) = texts::parse_path(&f.path) else {
                continue;
            };
            let Some(e) = m.evidence.iter().find(|e| e.sha256 == sha) else {
                continue;
            };
            if !self.wants_text(sha, f.size)? {
                continue;
            }
            let Ok(reader) = remote.download_blob(f.sha256, f.size) else {
                continue;
            };
            let mut bytes = Vec::new();
            if reader
                .take(f.size.saturating_add(1))
                .read_to_end(&mut bytes)
                .is_err()
            {
                continue;
            }
            if self.keep_text(sha, ocr, &e.file_name, bytes, f.sha256)? {
                kept += 1;
            }
        }
        Ok(kept)
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
        // Texts are kept with the readings, not as blobs (`fetch_texts`).
        let only_texts: HashSet<Sha256> = m
            .files
            .iter()
            .filter(|f| texts::parse_path(&f.path).is_some())
            .map(|f| f.sha256)
            .filter(|sha| !m.evidence.iter().any(|e| e.sha256 == *sha))
            .collect();
        let missing: Vec<(Sha256, u64)> = side_blobs(m)
            .into_iter()
            .filter(|(sha, _)| !only_texts.contains(sha))
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
