//! Moving blobs: what a side refers to and the server lacks goes up (HEAD
//! per blob, then the client's resumable upload); what a received side
//! refers to and the workspace lacks comes down, read to at most its
//! declared size and hashed into `tmp/` before it is placed.

use std::collections::HashSet;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

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
    /// it. The template must go, or nothing can. Checks and uploads run
    /// [`IN_FLIGHT`] at a time over the client's reused connections.
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
        let wanted: Vec<(Sha256, u64)> = wanted.into_iter().collect();
        let stop = AtomicBool::new(false);
        let missing = match remote.missing_blobs(&wanted)? {
            Some(lacking) => {
                let lacking: HashSet<Sha256> = lacking.into_iter().collect();
                wanted
                    .iter()
                    .filter(|(sha, _)| lacking.contains(sha))
                    .copied()
                    .collect()
            }
            None => self.ask_per_blob(remote, opts, &wanted, &stop, out)?,
        };

        // Where each goes from: the store, or a copy in `tmp/` of what the
        // database keeps (the template, texts), made here before the
        // uploads start (the database is this thread's).
        let store = self.blobs();
        let template = self.template_of(a)?;
        let mut sources = Vec::with_capacity(missing.len());
        let mut copies = Vec::new();
        for &(sha, size) in &missing {
            let is_template =
                sha == template.sha256() && m.files.iter().any(|f| f.path == TEMPLATE_PATH);
            let text = m
                .files
                .iter()
                .find(|f| f.sha256 == sha && texts::parse_path(&f.path).is_some());
            let source = if is_template {
                let path = self.tmp_copy(
                    &format!("templat-{}.json", sha.to_hex()),
                    template.json().as_bytes(),
                )?;
                copies.push(path.clone());
                Source::File(path)
            } else if store.has(sha, size) {
                Source::File(store.path(sha))
            } else if let Some(f) = text {
                // A text may have been read again since the side was built.
                match self.text_bytes(&f.path)? {
                    Some(bytes) if Sha256::of_bytes(&bytes) == sha => {
                        let path = self.tmp_copy(&format!("isi-{}.txt", sha.to_hex()), &bytes)?;
                        copies.push(path.clone());
                        Source::File(path)
                    }
                    _ => Source::Gone("teks bacaannya berubah sejak sisi ini disusun"),
                }
            } else {
                Source::Gone(
                    "berkasnya hilang dari ruang kerja; jalankan `daduk verify` (Periksa ulang)",
                )
            };
            sources.push((sha, size, is_template, source));
        }

        let total: u64 = missing.iter().map(|(_, s)| *s).sum();
        let done = AtomicU64::new(0);
        let sent = in_parallel(&sources, &stop, opts, |(sha, size, _, source)| {
            let Source::File(path) = source else {
                return Ok(Ok(()));
            };
            let mine = AtomicU64::new(0);
            let report = |n: u64| {
                let before = mine.swap(n, Ordering::Relaxed);
                let now = done.fetch_add(n.saturating_sub(before), Ordering::Relaxed)
                    + n.saturating_sub(before);
                opts.job.report(SyncProgress {
                    stage: SyncStage::Upload,
                    unit: out.unit.clone(),
                    year: out.year,
                    done: now,
                    total,
                });
            };
            let result = remote.upload_blob(*sha, *size, path, opts.job.cancel_flag(), &report);
            if matches!(result, Err(UploadError::Fatal(_))) {
                stop.store(true, Ordering::Relaxed);
            }
            Ok(result)
        });
        for path in copies {
            let _ = std::fs::remove_file(path);
        }
        let mut pending = Vec::new();
        for ((sha, size, is_template, source), result) in sources.iter().zip(sent?) {
            let result = match (source, result) {
                (Source::Gone(why), _) => Err(UploadError::Blob((*why).to_string())),
                (Source::File(_), Ok(r)) => r,
                (Source::File(_), Err(e)) => Err(UploadError::Fatal(e)),
            };
            match result {
                Ok(()) => {
                    out.uploaded += 1;
                    out.uploaded_bytes += size;
                }
                // The side means nothing without its template.
                Err(UploadError::Blob(why)) if *is_template => {
                    return Err(Error::Invalid(format!(
                        "templat penilaian tidak dapat dikirim ke server: {why}"
                    )));
                }
                Err(UploadError::Blob(why)) => pending.push((*sha, why)),
                Err(UploadError::Fatal(e)) => return Err(e),
            }
        }
        Ok(pending)
    }

    /// Of `wanted`, those the server lacks, asked one `HEAD` per blob
    /// ([`IN_FLIGHT`] at a time), for a server that cannot answer at once.
    fn ask_per_blob(
        &self,
        remote: &dyn Remote,
        opts: &SyncOptions<'_>,
        wanted: &[(Sha256, u64)],
        stop: &AtomicBool,
        out: &AssessmentSync,
    ) -> Result<Vec<(Sha256, u64)>> {
        let count = wanted.len() as u64;
        let checked = AtomicU64::new(0);
        let present = in_parallel(wanted, stop, opts, |&(sha, _)| {
            let n = checked.fetch_add(1, Ordering::Relaxed);
            opts.job.report(SyncProgress {
                stage: SyncStage::Check,
                unit: out.unit.clone(),
                year: out.year,
                done: n,
                total: count,
            });
            remote.has_blob(sha)
        })?;
        let mut missing = Vec::new();
        for (w, has) in wanted.iter().zip(present) {
            if !has? {
                missing.push(*w);
            }
        }
        Ok(missing)
    }

    /// A copy in `tmp/` of bytes kept in the database (the template, a
    /// text), to upload from.
    fn tmp_copy(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let tmp = self.root().join("tmp");
        std::fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
        let path = tmp.join(name);
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
        Ok(path)
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
        // Which are wanted (the database is this thread's), then fetched
        // several at a time, then kept one by one.
        let mut wanted = Vec::new();
        for f in &m.files {
            let Some((sha, ocr)) = texts::parse_path(&f.path) else {
                continue;
            };
            let Some(e) = m.evidence.iter().find(|e| e.sha256 == sha) else {
                continue;
            };
            if self.wants_text(sha, f.size)? {
                wanted.push((sha, ocr, e.file_name.as_str(), f));
            }
        }
        let stop = AtomicBool::new(false);
        let fetched = in_parallel(&wanted, &stop, opts, |(_, _, _, f)| {
            let mut bytes = Vec::new();
            let read = remote.download_blob(f.sha256, f.size).and_then(|reader| {
                reader
                    .take(f.size.saturating_add(1))
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::Invalid(e.to_string()))
            });
            // One that does not come does not stop the others.
            Ok(read.is_ok().then_some(bytes))
        })?;
        let mut kept = 0;
        for ((sha, ocr, file_name, f), bytes) in wanted.iter().zip(fetched) {
            if let Ok(Some(bytes)) = bytes
                && self.keep_text(*sha, *ocr, file_name, bytes, f.sha256)?
            {
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
        let done = AtomicU64::new(0);
        let stop = AtomicBool::new(false);
        // Fetched and hashed into `tmp/` several at a time, then placed
        // together: one flush for all of them, not two per file.
        let staged = in_parallel(&missing, &stop, opts, |&(sha, size)| {
            let reader = remote.download_blob(sha, size)?;
            // Never more than the size the side declares (plus one byte to
            // see that there was more).
            let bounded = reader.take(size.saturating_add(1));
            let on_bytes = |n: u64| {
                let now = done.fetch_add(n, Ordering::Relaxed) + n;
                opts.job.report(SyncProgress {
                    stage: SyncStage::Download,
                    unit: out.unit.clone(),
                    year: out.year,
                    done: now,
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
            Ok(staged)
        })?;
        // What came whole is kept even when another file failed: the next
        // sync need not fetch it again.
        let mut first_error = None;
        let mut whole = Vec::new();
        for s in staged {
            match s {
                Ok(s) => whole.push(s),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        let shas: Vec<Sha256> = whole.iter().map(|s| s.sha).collect();
        let mut fresh = HashSet::new();
        for (sha, placed) in shas.into_iter().zip(store.place_all(whole)) {
            let stored = placed.map_err(|e| match e {
                IngestError::Cancelled => cancelled(),
                IngestError::Io(e) => Error::io(store.path(sha), e),
            })?;
            fresh.insert(stored.sha);
            out.downloaded += 1;
            out.downloaded_bytes += stored.size;
        }
        if let Some(e) = first_error {
            return Err(e);
        }
        Ok(fresh)
    }
}

/// How many blobs are checked or sent at once: enough to keep a connection
/// busy while the server hashes and stores the previous one, few enough for
/// a small office link and a small server.
pub(crate) const IN_FLIGHT: usize = 8;

/// Where a blob is sent from.
enum Source {
    /// This file.
    File(PathBuf),
    /// Nowhere: why.
    Gone(&'static str),
}

/// `f` over every item, [`IN_FLIGHT`] at a time, each result in the item's
/// place. Stops starting new items once `stop` is set (by an error) or the
/// job is cancelled (a cancel is the error then); an item not started gets
/// an error saying so, after the one that stopped it (items start in order).
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    stop: &AtomicBool,
    opts: &SyncOptions<'_>,
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<Result<R>>> {
    let next = AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<R>>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let threads = IN_FLIGHT.min(items.len());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    if stop.load(Ordering::Relaxed) || opts.job.cancelled() {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        return;
                    };
                    let r = f(item);
                    if r.is_err() {
                        stop.store(true, Ordering::Relaxed);
                    }
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                }
            });
        }
    });
    if opts.job.cancelled() {
        return Err(cancelled());
    }
    Ok(results
        .into_iter()
        .map(|slot| {
            // Not started: something else failed first.
            slot.into_inner().ok().flatten().unwrap_or_else(|| {
                Err(Error::Invalid(
                    "tidak dikerjakan: sinkronisasi terhenti lebih dulu".into(),
                ))
            })
        })
        .collect())
}
