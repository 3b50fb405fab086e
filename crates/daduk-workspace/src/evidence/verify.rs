//! `verify`: hash every stored file again and name each missing or altered
//! one with the items it supports; collect files nothing refers to.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use serde::Serialize;

use super::blobs::{BlobState, Blobs};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::job::{Done, Job};
use crate::store::{Assessment, Workspace, now};

/// Unreferenced files younger than this may belong to an import running in
/// another process, so they are not collected yet.
const ORPHAN_AGE: Duration = Duration::from_secs(6 * 3600);

/// How long a file waits in the quarantine before a verify may delete it:
/// long enough for a person to notice a mistake and attach the file again
/// (which brings it back).
pub const QUARANTINE_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// A stored file that is missing or altered, with what it supports.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyFinding {
    /// The file's expected hash.
    pub sha256: Sha256,
    /// What was found.
    pub state: BlobState,
    /// Every attachment of it.
    pub evidence: Vec<FindingRef>,
}

/// An attachment of a damaged file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FindingRef {
    /// Unit code.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Item.
    pub item: ItemCode,
    /// Evidence id.
    pub id: i64,
    /// Original file name.
    pub file_name: String,
}

/// An `evidence` row the database holds but that cannot be read: only a
/// damaged `daduk.sqlite` has one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DamagedRow {
    /// The row's id.
    pub id: i64,
    /// What cannot be read.
    pub problem: String,
}

/// What `verify` found.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VerifyReport {
    /// Stored files checked.
    pub checked: usize,
    /// Bytes hashed.
    pub bytes: u64,
    /// Missing or altered files.
    pub findings: Vec<VerifyFinding>,
    /// Evidence rows that cannot be read.
    pub damaged_rows: Vec<DamagedRow>,
    /// What SQLite's integrity check of `daduk.sqlite` reported (empty
    /// when sound).
    pub integrity: Vec<String>,
    /// Missing files brought back from the quarantine.
    pub restored: usize,
    /// Files nothing refers to, moved to the quarantine.
    pub collected: usize,
    /// Files deleted from the quarantine (there long enough, still unused).
    pub purged: usize,
    /// Files waiting in the quarantine, and their bytes.
    pub quarantined: usize,
    /// Their bytes.
    pub quarantined_bytes: u64,
    /// Whether unused files were looked for (only a whole-workspace verify
    /// of a sound database does).
    pub collected_garbage: bool,
    /// Whether it was stopped before the end.
    pub cancelled: bool,
}

impl VerifyReport {
    /// Whether every file checked is intact and the database is sound.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
            && self.damaged_rows.is_empty()
            && self.integrity.is_empty()
            && !self.cancelled
    }
}

impl Workspace {
    /// Re-hash the files of one assessment, or of the whole workspace (which
    /// also collects unreferenced files). The job is told the files checked
    /// of all, from worker threads.
    ///
    /// Nothing is deleted on a guess: unused files go to the quarantine, and
    /// the quarantine is emptied (of files there for a week) only when the
    /// database passed SQLite's integrity check, every evidence row reads,
    /// and no file is missing or altered.
    pub fn verify(&self, scope: Option<&Assessment>, job: Job<'_, Done>) -> Result<VerifyReport> {
        let mut report = VerifyReport {
            integrity: self.integrity_problems()?,
            ..VerifyReport::default()
        };
        let (refs, damaged) = self.referenced_blobs(self.conn(), scope.map(|a| a.id))?;
        report.damaged_rows = damaged
            .into_iter()
            .map(|d| DamagedRow {
                id: d.id,
                problem: d.problem,
            })
            .collect();
        let blobs: Vec<(Sha256, u64)> = refs.into_iter().collect();
        let store = self.blobs();
        let done = AtomicU64::new(0);
        let total = u64::try_from(blobs.len()).unwrap_or(u64::MAX);
        job.report(Done { done: 0, total });
        let states: Vec<Option<(Sha256, BlobState, u64)>> = blobs
            .par_iter()
            .map(|(sha, size)| {
                if job.cancelled() {
                    return None;
                }
                let state = store.rehash(*sha);
                job.report(Done {
                    done: done.fetch_add(1, Ordering::Relaxed) + 1,
                    total,
                });
                Some((*sha, state, *size))
            })
            .collect();
        report.cancelled = states.iter().any(Option::is_none);
        // A read-only workspace is checked all the same; only what verify
        // records and repairs needs writing.
        let tx = if self.is_read_only() {
            None
        } else {
            Some(self.write()?)
        };
        let at = now();
        let mut bad: BTreeMap<Sha256, BlobState> = BTreeMap::new();
        for (sha, state, size) in states.iter().flatten() {
            report.checked += 1;
            report.bytes += size;
            let mut state = *state;
            let Some(tx) = &tx else {
                if state != BlobState::Ok {
                    bad.insert(*sha, state);
                }
                continue;
            };
            // A missing file may wait in the quarantine (removed while some
            // row still referred to it, in a damaged database): bring it
            // back when its content is right.
            if state == BlobState::Missing
                && store
                    .take_back(*sha)
                    .map_err(|e| Error::io(store.quarantine_path(*sha), e))?
            {
                state = BlobState::Ok;
                report.restored += 1;
            }
            self.set_blob_state_tx(tx, *sha, *size, state, &at)?;
            if state != BlobState::Ok {
                bad.insert(*sha, state);
            }
        }
        if let Some(tx) = tx {
            tx.commit()?;
        }
        for (sha, state) in bad {
            let evidence = self.evidence_refs(sha, scope)?;
            report.findings.push(VerifyFinding {
                sha256: sha,
                state,
                evidence,
            });
        }
        if scope.is_none()
            && !self.is_read_only()
            && !report.cancelled
            && report.integrity.is_empty()
            && report.damaged_rows.is_empty()
        {
            self.collect_garbage(&mut report)?;
        }
        for (_, size, _) in store.set_aside_list() {
            report.quarantined += 1;
            report.quarantined_bytes += size;
        }
        Ok(report)
    }

    /// Move what nothing refers to into the quarantine: records left by an
    /// interrupted removal, files left by an interrupted import. Empty the
    /// quarantine of what has waited long enough, when nothing is amiss.
    /// All under the write lock, so no import can attach one of them
    /// meanwhile.
    fn collect_garbage(&self, report: &mut VerifyReport) -> Result<()> {
        report.collected_garbage = true;
        let store = self.blobs();
        let tx = self.write()?;
        let (refs, damaged) = self.referenced_blobs(&tx, None)?;
        if !damaged.is_empty() {
            return Ok(());
        }
        let records = self.blob_records(&tx)?;
        let mut unused: Vec<Sha256> = records
            .iter()
            .filter(|sha| !refs.contains_key(sha))
            .copied()
            .collect();
        let now = SystemTime::now();
        let age = |t: SystemTime| now.duration_since(t).unwrap_or_default();
        // Files with no record: an import in another process may be about
        // to record them, so only old ones count as left over.
        for (sha, _, stored_at) in store.list() {
            let old = age(stored_at) > ORPHAN_AGE;
            if old && !records.contains(&sha) && !refs.contains_key(&sha) {
                unused.push(sha);
            }
        }
        let mut moved = Vec::new();
        for sha in unused {
            self.forget_blob_tx(&tx, sha)?;
            match store.set_aside(sha) {
                Ok(true) => moved.push(sha),
                Ok(false) => {}
                Err(e) => {
                    for m in &moved {
                        let _ = store.take_back(*m);
                    }
                    return Err(Error::io(store.path(sha), e));
                }
            }
        }
        if report.findings.is_empty() {
            for (sha, _, since) in store.set_aside_list() {
                if age(since) > QUARANTINE_AGE
                    && !refs.contains_key(&sha)
                    && !moved.contains(&sha)
                    && store.purge(sha).is_ok()
                {
                    report.purged += 1;
                }
            }
        }
        report.collected = moved.len();
        self.commit_releasing(tx, &moved)?;
        store.clean_stale_tmp();
        Ok(())
    }
}
