//! Importing a whole folder of data dukung: every file whose path names an
//! item is attached to it; the rest is listed, never dropped silently.
//!
//! Files are hashed and copied in parallel on all cores; the database is
//! written in batches, each one transaction, after its blobs are on disk. A
//! killed import leaves a consistent workspace and running it again finishes
//! the job: files already attached (same place, size and time) are skipped
//! without being read again, and the same content is never attached twice.

use std::collections::HashMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use daduk_domain::content::ItemIndex;
use rayon::prelude::*;
use serde::Serialize;

use super::blobs::{IngestError, Staged, Stored};
use super::{Attach, file_stem, kind, pathmap};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::job::Job;
use crate::store::{Assessment, Workspace};

/// Files per database transaction.
const BATCH: usize = 64;

/// Names that are not documents: OS and office leftovers.
pub(super) fn is_system_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    matches!(lower.as_str(), ".ds_store" | "thumbs.db" | "desktop.ini")
        || name.starts_with("~$")
        || name.starts_with("._")
}

/// How to import.
pub struct ImportOptions<'a> {
    /// Only map and report; copy nothing.
    pub dry_run: bool,
    /// Stops between chunks (what is done stays done); told of progress
    /// from worker threads.
    pub job: Job<'a, ImportProgress>,
}

impl std::fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportOptions")
            .field("dry_run", &self.dry_run)
            .finish_non_exhaustive()
    }
}

/// Where an import is.
#[derive(Debug, Clone, Copy, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportProgress {
    /// Files finished.
    pub files_done: usize,
    /// Files to copy.
    pub files_total: usize,
    /// Bytes copied.
    pub bytes_done: u64,
    /// Bytes to copy.
    pub bytes_total: u64,
}

/// A file that was (or, in a dry run, would be) attached.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportedFile {
    /// Path relative to the imported folder.
    pub path: String,
    /// The item it was attached to.
    pub item: ItemCode,
    /// The guessed kind.
    pub kind: String,
    /// Size in bytes.
    pub size: u64,
    /// Its hash (not computed in a dry run).
    pub sha256: Option<Sha256>,
    /// The new evidence id; `None` when the same content was already
    /// attached to the item, or in a dry run.
    pub evidence_id: Option<i64>,
    /// Whether its place came from what its content says.
    pub by_content: bool,
}

/// A file that was not attached, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SkippedFile {
    /// Path relative to the imported folder (lossy when not UTF-8).
    pub path: String,
    /// Why.
    pub reason: String,
    /// For a file whose name names no item: what its content says and the
    /// items it may belong to (none for files that are not read).
    pub suggestion: Option<ContentSuggestion>,
}

/// What an unmapped file's content says, and where it may go.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ContentSuggestion {
    /// What its text says (kind, date, number, title), or why it has none.
    pub content: super::content::FileContent,
    /// Items it may belong to, best first.
    pub items: Vec<ItemCode>,
    /// Why the first one, for people.
    pub why: Option<String>,
    /// Whether the first is clear enough to place without asking.
    pub sure: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// Files attached (or that would be, in a dry run).
    pub added: Vec<ImportedFile>,
    /// Files already attached by an earlier import, left alone.
    pub unchanged: usize,
    /// Files whose path names no item.
    pub unmapped: Vec<SkippedFile>,
    /// Files that could not be read or were refused.
    pub errors: Vec<SkippedFile>,
    /// Bytes copied into the store (in a dry run, that would be).
    pub bytes: u64,
    /// Whether it was stopped before the end.
    pub cancelled: bool,
    /// Whether nothing was written.
    pub dry_run: bool,
}

struct Candidate {
    full: PathBuf,
    rel: String,
    item: ItemCode,
    /// The kind the user chose when placing the file by hand.
    kind: Option<String>,
    /// Placed by what its content says.
    by_content: bool,
    size: u64,
    mtime: Option<i64>,
}

fn mtime(meta: &fs::Metadata) -> Option<i64> {
    let t = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    i64::try_from(t.as_nanos()).ok()
}

impl Workspace {
    /// Import every file under `dir` into assessment `a`.
    pub fn import_folder(
        &self,
        a: &Assessment,
        dir: &Path,
        opts: &ImportOptions<'_>,
    ) -> Result<ImportReport> {
        if !opts.dry_run {
            self.writable()?;
        }
        let template = self.template_of(a)?;
        let root = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        if !root.is_dir() {
            return Err(Error::Invalid(format!("{}: bukan folder", dir.display())));
        }
        let store = self.blobs();
        store.clean_stale_tmp();
        let mut report = ImportReport {
            dry_run: opts.dry_run,
            ..ImportReport::default()
        };
        let known: HashMap<String, (ItemCode, u64, Option<i64>)> = self.imported_sources(a)?;
        let assigned = self.assignments_by_path(a)?;
        let mut candidates = Vec::new();
        let mut items_index: Option<ItemIndex> = None;
        for entry in walkdir::WalkDir::new(&root)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(|p| rel_lossy(&root, p)).unwrap_or_default();
                    report.errors.push(SkippedFile {
                        path,
                        reason: format!("tidak dapat dibaca: {}", io_reason(e.io_error())),
                        suggestion: None,
                    });
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let full = entry.path().to_path_buf();
            let shown = rel_lossy(&root, &full);
            let Some(rel) = full
                .strip_prefix(&root)
                .ok()
                .and_then(|r| r.to_str())
                .map(|r| r.replace('\\', "/"))
            else {
                report.errors.push(SkippedFile {
                    path: shown,
                    reason: "nama berkas bukan teks UTF-8 yang sah; ganti namanya lalu impor ulang"
                        .into(),
                    suggestion: None,
                });
                continue;
            };
            let meta = if entry.path_is_symlink() {
                match fs::canonicalize(&full) {
                    Ok(target) if !target.starts_with(&root) => {
                        report.errors.push(SkippedFile {
                            path: rel,
                            reason: "tautan simbolik menunjuk ke luar folder; dilewati".into(),
                            suggestion: None,
                        });
                        continue;
                    }
                    Ok(target) if target.is_dir() => {
                        report.errors.push(SkippedFile {
                            path: rel,
                            reason: "tautan simbolik ke folder; dilewati".into(),
                            suggestion: None,
                        });
                        continue;
                    }
                    Ok(target) => fs::metadata(&target),
                    Err(e) => {
                        report.errors.push(SkippedFile {
                            path: rel,
                            reason: format!("tautan simbolik rusak: {}", io_reason(Some(&e))),
                            suggestion: None,
                        });
                        continue;
                    }
                }
            } else {
                entry.metadata().map_err(|e| {
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("metadata"))
                })
            };
            let meta = match meta {
                Ok(m) if m.is_file() => m,
                Ok(_) => {
                    report.errors.push(SkippedFile {
                        path: rel,
                        reason: "bukan berkas biasa (pipa, soket atau perangkat); dilewati".into(),
                        suggestion: None,
                    });
                    continue;
                }
                Err(e) => {
                    report.errors.push(SkippedFile {
                        path: rel,
                        reason: format!("tidak dapat dibaca: {}", io_reason(Some(&e))),
                        suggestion: None,
                    });
                    continue;
                }
            };
            let name = entry.file_name().to_string_lossy();
            if is_system_file(&name) {
                report.unmapped.push(SkippedFile {
                    path: rel,
                    reason: "berkas sistem atau sementara; dilewati".into(),
                    suggestion: None,
                });
                continue;
            }
            if crate::text::check_line("nama berkas", &rel).is_err() {
                report.errors.push(SkippedFile {
                    path: crate::text::shown(&rel),
                    reason: "nama berkas atau foldernya memuat karakter kendali; ganti namanya lalu impor ulang".into(), suggestion: None,
                });
                continue;
            }
            // A place chosen by hand wins over what the name says.
            let by_hand = assigned.get(&rel);
            let Some(item) = by_hand
                .map(|h| h.item)
                .or_else(|| pathmap::item_from_path(&rel, &template))
            else {
                // What its content says may name the item its name does not.
                let index = items_index.get_or_insert_with(|| ItemIndex::new(&template));
                // A cancelled import stops reading (the walk itself is quick).
                let suggestion = (!opts.job.cancelled())
                    .then(|| {
                        self.suggest_by_content(entry.path(), &name, meta.len(), &template, index)
                    })
                    .flatten();
                report.unmapped.push(SkippedFile {
                    path: rel,
                    reason: "tidak ada kode butir (misalnya 1.i.a atau R.5.iii.b) di nama berkas atau foldernya".into(),
                    suggestion,
                });
                continue;
            };
            if meta.len() == 0 {
                report.errors.push(SkippedFile {
                    path: rel,
                    reason: "berkas kosong (0 bita); periksa berkas aslinya".into(),
                    suggestion: None,
                });
                continue;
            }
            if let Some(reason) = self.too_large_for_volume(meta.len()) {
                report.errors.push(SkippedFile {
                    path: rel,
                    reason: reason.into(),
                    suggestion: None,
                });
                continue;
            }
            let mtime = mtime(&meta);
            if known.get(&rel) == Some(&(item, meta.len(), mtime)) {
                report.unchanged += 1;
                continue;
            }
            candidates.push(Candidate {
                full,
                rel,
                item,
                kind: by_hand.and_then(|h| h.kind.clone()),
                by_content: by_hand.is_some_and(|h| h.by_content),
                size: meta.len(),
                mtime,
            });
        }

        if opts.dry_run {
            // Content already attached to its item is "sudah ada", as the
            // import itself will count it.
            let planned: Vec<_> = candidates
                .iter()
                .map(|c| super::preview::Planned {
                    full: &c.full,
                    item: c.item,
                    size: c.size,
                })
                .collect();
            let known = self.preview_known_content(a, &planned)?;
            report.unchanged += known.len();
            report.added = candidates
                .iter()
                .enumerate()
                .filter(|(i, _)| !known.contains(i))
                .map(|(_, c)| ImportedFile {
                    path: c.rel.clone(),
                    item: c.item,
                    kind: c.kind.clone().unwrap_or_else(|| {
                        kind::guess_kind(&template, template.item(c.item), &c.rel)
                    }),
                    size: c.size,
                    sha256: None,
                    evidence_id: None,
                    by_content: c.by_content,
                })
                .collect();
            report.bytes = candidates.iter().map(|c| c.size).sum();
            return Ok(report);
        }

        let files_total = candidates.len();
        let bytes_total: u64 = candidates.iter().map(|c| c.size).sum();
        let files_done = AtomicUsize::new(0);
        let bytes_done = AtomicU64::new(0);
        let last_emit = AtomicU64::new(0);
        let emit = || {
            opts.job.report(ImportProgress {
                files_done: files_done.load(Ordering::Relaxed),
                files_total,
                bytes_done: bytes_done.load(Ordering::Relaxed),
                bytes_total,
            });
        };
        emit();
        let errors = Mutex::new(Vec::new());
        // Copying is as much waiting for the disk (each file is flushed
        // before it counts) as hashing, so more threads than cores keep both
        // busy and let the file system group the flushes.
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads((cores * 4).clamp(4, 32))
            .build()
            .map_err(|e| Error::Invalid(format!("tidak dapat memulai impor: {e}")))?;
        for batch in candidates.chunks(BATCH) {
            if opts.job.cancelled() {
                report.cancelled = true;
                break;
            }
            let staged: Vec<Option<Staged>> = pool.install(|| {
                batch
                    .par_iter()
                    .map(|c| {
                        let on_bytes = |n: u64| {
                            let done = bytes_done.fetch_add(n, Ordering::Relaxed) + n;
                            // Between files, report every 64 MiB so a big file shows movement.
                            if done - last_emit.load(Ordering::Relaxed) >= 64 << 20 {
                                last_emit.store(done, Ordering::Relaxed);
                                emit();
                            }
                        };
                        let result = open_regular(&c.full)
                            .map_err(IngestError::Io)
                            .and_then(|f| store.stage_file(f, opts.job.cancel_flag(), &on_bytes));
                        files_done.fetch_add(1, Ordering::Relaxed);
                        emit();
                        failed(&errors, c, result)
                    })
                    .collect()
            });
            // The whole batch is flushed and named at once, before any row
            // refers to one of its blobs.
            let (at, files): (Vec<usize>, Vec<Staged>) = staged
                .into_iter()
                .enumerate()
                .filter_map(|(i, s)| Some((i, s?)))
                .unzip();
            let mut stored: Vec<Option<Stored>> = vec![None; batch.len()];
            for (i, placed) in at.into_iter().zip(store.place_all(files)) {
                stored[i] = failed(&errors, &batch[i], placed);
            }
            let written = self.record_batch(a, &template, batch, &stored);
            match written {
                Ok(files) => {
                    report.bytes += files.iter().map(|f| f.size).sum::<u64>();
                    report.added.extend(files);
                }
                Err(e) => {
                    // Nothing of this batch was recorded: take back the blobs
                    // it brought (unless another import uses them by now).
                    let created: Vec<Sha256> = stored
                        .iter()
                        .flatten()
                        .filter(|s| s.created)
                        .map(|s| s.sha)
                        .collect();
                    let _ = self.release_blobs(&created);
                    return Err(e);
                }
            }
        }
        if opts.job.cancelled() {
            report.cancelled = true;
        }
        report
            .errors
            .extend(errors.into_inner().unwrap_or_default());
        Ok(report)
    }

    /// Record one batch of stored files in one transaction.
    fn record_batch(
        &self,
        a: &Assessment,
        template: &crate::template::Template,
        batch: &[Candidate],
        stored: &[Option<Stored>],
    ) -> Result<Vec<ImportedFile>> {
        let tx = self.write()?;
        let mut out = Vec::new();
        for (c, stored) in batch.iter().zip(stored) {
            let Some(s) = stored else { continue };
            let file_name = c.rel.rsplit('/').next().unwrap_or(&c.rel);
            let kind = c
                .kind
                .clone()
                .unwrap_or_else(|| kind::guess_kind(template, template.item(c.item), &c.rel));
            // A file placed by its content takes the date its content
            // states (read by the preview that placed it); others keep
            // theirs empty, as before, until a person sets it.
            let doc_date = if c.by_content {
                self.kept_content(s.sha)?
                    .and_then(|(content, _, _)| content.date)
                    .and_then(|d| d.parse().ok())
            } else {
                None
            };
            let id = self.insert_evidence(
                &tx,
                a.id,
                &Attach {
                    item: c.item,
                    kind: &kind,
                    title: file_stem(file_name),
                    doc_date,
                    file_name,
                    source_path: Some(&c.rel),
                    source_mtime: c.mtime,
                    size: s.size,
                    sha: s.sha,
                    fresh: s.placed,
                    added: None,
                    from_packet: false,
                },
            )?;
            if id.is_none() {
                // Same content already attached (e.g. from another path):
                // remember this path too, so the next import skips it.
                self.note_source(&tx, a, c.item, s.sha, &c.rel, c.mtime)?;
            }
            out.push(ImportedFile {
                path: c.rel.clone(),
                item: c.item,
                kind,
                size: s.size,
                sha256: Some(s.sha),
                evidence_id: id,
                by_content: c.by_content,
            });
        }
        tx.commit()?;
        Ok(out)
    }
}

/// The value of a file's step, or `None` with its failure recorded (a
/// cancelled step is not a failure).
fn failed<T>(
    errors: &Mutex<Vec<SkippedFile>>,
    c: &Candidate,
    result: std::result::Result<T, IngestError>,
) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(IngestError::Cancelled) => None,
        Err(IngestError::Io(e)) => {
            if let Ok(mut errs) = errors.lock() {
                errs.push(SkippedFile {
                    path: c.rel.clone(),
                    reason: format!("tidak dapat disalin: {}", io_reason(Some(&e))),
                    suggestion: None,
                });
            }
            None
        }
    }
}

/// Open a file for reading only if it is a regular file. A FIFO swapped in
/// for a file would block `open` until some writer came, and reading a
/// device never ends: open without waiting, then look at what was opened.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut options = File::options();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits().cast_signed());
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "bukan berkas biasa (pipa, soket atau perangkat)",
        ));
    }
    Ok(file)
}

fn rel_lossy(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn io_reason(e: Option<&std::io::Error>) -> String {
    match e.map(std::io::Error::kind) {
        Some(std::io::ErrorKind::PermissionDenied) => "tidak ada izin membaca".into(),
        Some(std::io::ErrorKind::NotFound) => "berkas hilang saat dibaca".into(),
        Some(std::io::ErrorKind::StorageFull) => {
            "disk penuh; kosongkan ruang lalu impor ulang".into()
        }
        Some(std::io::ErrorKind::FileTooLarge) => crate::store::location::FILE_TOO_LARGE.into(),
        Some(std::io::ErrorKind::InvalidFilename) => crate::store::location::INVALID_NAME.into(),
        _ => e.map_or_else(|| "galat tak dikenal".into(), ToString::to_string),
    }
}

impl Workspace {
    /// What an unmapped file's content says and which items it may belong
    /// to; `None` for a file too large to read here. Reading is bounded like
    /// any evidence file's (`daduk_read`) and kept by content hash, so the
    /// import that follows a preview (or a second preview) reads nothing
    /// again.
    fn suggest_by_content(
        &self,
        path: &Path,
        name: &str,
        size: u64,
        template: &crate::template::Template,
        index: &ItemIndex,
    ) -> Option<ContentSuggestion> {
        if size == 0 || size > daduk_read::MAX_FILE_BYTES {
            return None;
        }
        let bytes = fs::read(path).ok()?;
        let sha = crate::hash::Sha256::of_bytes(&bytes);
        let (content, text, format) = match self.kept_content(sha).ok().flatten() {
            Some(kept) => kept,
            None => {
                let outcome = daduk_read::read(name, &bytes);
                let content = super::content::FileContent::of_outcome(&outcome);
                if self.writable().is_ok() {
                    // Keeping it only saves a second reading: not keeping
                    // it (a full disk) loses nothing.
                    let _ = self.keep_reading(sha, &content, &outcome);
                }
                let (text, format) = outcome.map_or_else(
                    |_| (String::new(), String::new()),
                    |r| (r.text, r.format.label().to_string()),
                );
                (content, text, format)
            }
        };
        if text.trim().is_empty() {
            return Some(ContentSuggestion {
                content,
                items: Vec::new(),
                why: None,
                sure: false,
            });
        }
        let facts = super::content::facts_of(&text, &format);
        let ranked = index.suggest(template, &facts, &text);
        let sure = daduk_domain::content::sure(&facts, template, &ranked).is_some();
        Some(ContentSuggestion {
            content,
            why: ranked.first().map(|s| s.why.clone()),
            items: ranked.into_iter().map(|s| s.item).collect(),
            sure,
        })
    }
}
