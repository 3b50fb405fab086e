//! `verify`: hash every stored file again and name each missing or altered
//! one with the items it supports; collect files nothing refers to.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use rayon::prelude::*;
use rusqlite::params;
use serde::Serialize;

use super::blobs::BlobState;
use crate::code::ItemCode;
use crate::error::Result;
use crate::hash::Sha256;
use crate::store::{Assessment, Workspace, now, parse_column};

/// Unreferenced files younger than this may belong to an import running in
/// another process, so they are not collected yet.
const ORPHAN_AGE: Duration = Duration::from_secs(6 * 3600);

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
    /// Unreferenced files removed from the store.
    pub collected: usize,
    /// Whether it was stopped before the end.
    pub cancelled: bool,
}

impl VerifyReport {
    /// Whether every file checked is intact.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty() && !self.cancelled
    }
}

impl Workspace {
    /// Re-hash the files of one assessment, or of the whole workspace (which
    /// also collects unreferenced files). `progress(done, total)` is called
    /// from worker threads.
    pub fn verify(
        &self,
        scope: Option<&Assessment>,
        cancel: &AtomicBool,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<VerifyReport> {
        let mut stmt = self.conn().prepare(
            "SELECT DISTINCT b.sha256, b.size FROM blob b JOIN evidence e ON e.sha256 = b.sha256
             WHERE ?1 IS NULL OR e.assessment_id = ?1 ORDER BY b.sha256",
        )?;
        let blobs: Vec<(Sha256, i64)> = stmt
            .query_map([scope.map(|a| a.id)], |r| {
                Ok((parse_column(r, 0)?, r.get(1)?))
            })?
            .collect::<Result<_, _>>()?;
        let store = self.blobs();
        let done = AtomicUsize::new(0);
        let total = blobs.len();
        progress(0, total);
        let states: Vec<Option<(Sha256, BlobState, u64)>> = blobs
            .par_iter()
            .map(|(sha, size)| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                let state = store.rehash(*sha);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Some((*sha, state, u64::try_from(*size).unwrap_or(0)))
            })
            .collect();
        let mut report = VerifyReport::default();
        let tx = self.write()?;
        let at = now();
        for (sha, state, size) in states.iter().flatten() {
            report.checked += 1;
            report.bytes += size;
            tx.execute(
                "UPDATE blob SET state = ?2, checked_at = ?3 WHERE sha256 = ?1",
                params![sha.to_hex(), state.code(), at],
            )?;
        }
        tx.commit()?;
        report.cancelled = states.iter().any(Option::is_none);
        let bad: BTreeMap<Sha256, BlobState> = states
            .iter()
            .flatten()
            .filter(|(_, s, _)| *s != BlobState::Ok)
            .map(|(sha, s, _)| (*sha, *s))
            .collect();
        for (sha, state) in bad {
            let mut stmt = self.conn().prepare(
                "SELECT u.code, a.year, e.item, e.id, e.file_name FROM evidence e
                 JOIN assessment a ON a.id = e.assessment_id JOIN unit u ON u.id = a.unit_id
                 WHERE e.sha256 = ?1 AND (?2 IS NULL OR e.assessment_id = ?2) ORDER BY u.code, a.year, e.item",
            )?;
            let evidence = stmt
                .query_map(params![sha.to_hex(), scope.map(|a| a.id)], |r| {
                    Ok(FindingRef {
                        unit: r.get(0)?,
                        year: r.get(1)?,
                        item: parse_column(r, 2)?,
                        id: r.get(3)?,
                        file_name: r.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            report.findings.push(VerifyFinding {
                sha256: sha,
                state,
                evidence,
            });
        }
        if scope.is_none() && !report.cancelled {
            report.collected = self.collect_garbage()?;
        }
        Ok(report)
    }

    /// Remove blobs nothing refers to: rows left by an interrupted removal
    /// and files left by an interrupted import.
    fn collect_garbage(&self) -> Result<usize> {
        let tx = self.write()?;
        let mut stmt = tx
            .prepare("SELECT sha256 FROM blob WHERE sha256 NOT IN (SELECT sha256 FROM evidence)")?;
        let unused: Vec<Sha256> = stmt
            .query_map([], |r| parse_column(r, 0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        tx.execute(
            "DELETE FROM blob WHERE sha256 NOT IN (SELECT sha256 FROM evidence)",
            [],
        )?;
        let mut stmt = tx.prepare("SELECT sha256 FROM blob")?;
        let known: std::collections::HashSet<Sha256> = stmt
            .query_map([], |r| parse_column(r, 0))?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        tx.commit()?;
        let store = self.blobs();
        let mut removed = 0;
        for sha in &unused {
            if store.remove(*sha).is_ok() {
                removed += 1;
            }
        }
        let now = SystemTime::now();
        for sha in store.on_disk() {
            if known.contains(&sha) || unused.contains(&sha) {
                continue;
            }
            let old = std::fs::metadata(store.path(sha))
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > ORPHAN_AGE);
            if old && store.remove(sha).is_ok() {
                removed += 1;
            }
        }
        store.clean_stale_tmp();
        Ok(removed)
    }
}
