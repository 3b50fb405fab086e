//! How blobs live and die, as far as the database decides it.
//!
//! The rules (ARCHITECTURE.md, "How blobs live and die"):
//! - a row may refer to a blob only if, under the write lock, the blob is in
//!   the store (brought back from the quarantine if need be);
//! - a blob leaves the store only under the write lock, after a full scan of
//!   `evidence` (never an index, which may be damaged) shows no row refers
//!   to it, and it leaves for the quarantine, not the bin (the one exception:
//!   blobs a failed import itself created, which were never evidence);
//! - only `verify` deletes from the quarantine, and only in a workspace that
//!   passed SQLite's integrity check and whose rows all parse.
//!
//! The write lock is SQLite's: holding an immediate transaction means no
//! other process can commit a row in between.

use std::collections::{BTreeMap, HashSet};

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{Workspace, now};
use crate::error::{Error, Result};
use crate::evidence::Blobs;
use crate::hash::Sha256;

/// An `evidence` row that does not parse: only a damaged database holds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DamagedRow {
    /// Its rowid.
    pub id: i64,
    /// What does not parse.
    pub problem: String,
}

impl Workspace {
    /// Under the write lock `tx`: make sure the blob is in the store before
    /// a row refers to it, and record it. `fresh` says the bytes were just
    /// hashed on their way in (so the stored copy is known good).
    pub(crate) fn ensure_blob_tx(
        &self,
        tx: &Transaction<'_>,
        sha: Sha256,
        size: u64,
        fresh: bool,
    ) -> Result<()> {
        let store = self.blobs();
        let restored = !store.has(sha, size)
            && store
                .take_back(sha)
                .map_err(|e| Error::io(store.quarantine_path(sha), e))?;
        if !restored && !store.has(sha, size) {
            return Err(Error::Invalid(format!(
                "berkas {} hilang dari penyimpanan ruang kerja selagi dilampirkan (proses lain sedang membereskan ruang kerja); ulangi perintahnya",
                sha.short(12)
            )));
        }
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        let ok = fresh || restored;
        tx.execute(
            "INSERT INTO blob (sha256, size, added_at, state, checked_at) VALUES (?1, ?2, ?3, 'ok', ?3)
             ON CONFLICT (sha256) DO UPDATE SET
               state = CASE WHEN ?4 THEN 'ok' ELSE state END,
               checked_at = CASE WHEN ?4 THEN ?3 ELSE checked_at END",
            params![sha.to_hex(), size, now(), ok],
        )?;
        Ok(())
    }

    /// Whether any evidence row refers to `sha`, by a full scan of the
    /// table: an index could be damaged and hide a reference.
    pub(crate) fn blob_referenced_tx(&self, tx: &Transaction<'_>, sha: Sha256) -> Result<bool> {
        Ok(tx
            .query_row(
                "SELECT 1 FROM evidence NOT INDEXED WHERE sha256 = ?1 LIMIT 1",
                [sha.to_hex()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Under the write lock `tx`: move each of `shas` that no row refers to
    /// into the quarantine and forget its record. Returns the hashes moved;
    /// commit with [`Workspace::commit_releasing`] so a failed commit brings
    /// them back.
    pub(crate) fn release_blobs_tx(
        &self,
        tx: &Transaction<'_>,
        shas: &[Sha256],
    ) -> Result<Vec<Sha256>> {
        let store = self.blobs();
        let mut moved = Vec::new();
        for &sha in shas {
            if self.blob_referenced_tx(tx, sha)? {
                continue;
            }
            tx.execute("DELETE FROM blob WHERE sha256 = ?1", [sha.to_hex()])?;
            match store.set_aside(sha) {
                Ok(true) => moved.push(sha),
                Ok(false) => {}
                Err(e) => {
                    self.restore_all(&moved);
                    return Err(Error::io(store.path(sha), e));
                }
            }
        }
        Ok(moved)
    }

    /// Commit a transaction that moved blobs to the quarantine; if the
    /// commit fails, the rows stay and so must the blobs.
    pub(crate) fn commit_releasing(&self, tx: Transaction<'_>, moved: &[Sha256]) -> Result<()> {
        tx.commit().map_err(|e| {
            self.restore_all(moved);
            Error::from(e)
        })
    }

    fn restore_all(&self, moved: &[Sha256]) {
        let store = self.blobs();
        for sha in moved {
            let _ = store.take_back(*sha);
        }
    }

    /// Take back blobs an import created before it failed, in a transaction
    /// of its own: only those nothing refers to (another import may have
    /// attached the same content meanwhile) go. They were never evidence,
    /// and the failure may be a full disk, so they are deleted rather than
    /// kept in the quarantine; an import in another process that copied
    /// the same bytes meanwhile finds them gone under the lock and asks to
    /// be run again, it never records a row without its blob.
    pub(crate) fn release_blobs(&self, shas: &[Sha256]) -> Result<usize> {
        if shas.is_empty() {
            return Ok(0);
        }
        let store = self.blobs();
        let tx = self.write()?;
        let mut removed = 0;
        for &sha in shas {
            if self.blob_referenced_tx(&tx, sha)? {
                continue;
            }
            self.forget_blob_tx(&tx, sha)?;
            let existed = store.size(sha).ok().flatten().is_some();
            store
                .delete_unreferenced(sha)
                .map_err(|e| Error::io(store.path(sha), e))?;
            removed += usize::from(existed);
        }
        tx.commit()?;
        Ok(removed)
    }

    /// Every blob some evidence row refers to (of one assessment, when
    /// given), with its size, by a full scan; rows whose hash or item does
    /// not parse are returned as damaged instead.
    pub(crate) fn referenced_blobs(
        &self,
        conn: &Connection,
        scope: Option<i64>,
    ) -> Result<(BTreeMap<Sha256, u64>, Vec<DamagedRow>)> {
        let mut stmt = conn.prepare(
            "SELECT id, item, sha256, size FROM evidence NOT INDEXED WHERE ?1 IS NULL OR assessment_id = ?1",
        )?;
        let mut rows = stmt.query([scope])?;
        let mut refs = BTreeMap::new();
        let mut damaged = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let item = r.get::<_, rusqlite::types::Value>(1)?;
            let sha = r.get::<_, rusqlite::types::Value>(2)?;
            let item_ok = matches!(&item, rusqlite::types::Value::Text(t) if t.parse::<crate::code::ItemCode>().is_ok());
            let parsed = match &sha {
                rusqlite::types::Value::Text(t) => t.parse::<Sha256>().ok(),
                _ => None,
            };
            match parsed {
                Some(s) if item_ok => {
                    let size: i64 = r.get(3).unwrap_or(0);
                    refs.insert(s, u64::try_from(size).unwrap_or(0));
                }
                _ => damaged.push(DamagedRow {
                    id,
                    problem: if item_ok {
                        format!("SHA-256 tidak terbaca ({})", value_shown(&sha))
                    } else {
                        format!("kode butir tidak terbaca ({})", value_shown(&item))
                    },
                }),
            }
        }
        Ok((refs, damaged))
    }

    /// Every blob record, by a full scan.
    pub(crate) fn blob_records(&self, conn: &Connection) -> Result<HashSet<Sha256>> {
        let mut stmt = conn.prepare("SELECT sha256 FROM blob NOT INDEXED")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = HashSet::new();
        for text in rows {
            if let Ok(sha) = text?.parse() {
                out.insert(sha);
            }
        }
        Ok(out)
    }

    /// SQLite's own check of the database file and every index; empty when
    /// sound.
    pub(crate) fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare("PRAGMA integrity_check(50)")?;
        let lines = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if lines == ["ok"] { Vec::new() } else { lines })
    }

    /// Rebuild every index from its table (repairs an index-only fault that
    /// the integrity check found).
    pub fn reindex(&self) -> Result<()> {
        let tx = self.write()?;
        tx.execute_batch("REINDEX")?;
        Ok(tx.commit()?)
    }
}

fn value_shown(v: &rusqlite::types::Value) -> String {
    match v {
        rusqlite::types::Value::Text(t) => {
            let mut t: String = t.chars().take(70).collect();
            t = crate::packet::names::shown(&t);
            format!("'{t}'")
        }
        rusqlite::types::Value::Null => "kosong".into(),
        rusqlite::types::Value::Integer(i) => i.to_string(),
        rusqlite::types::Value::Real(r) => r.to_string(),
        rusqlite::types::Value::Blob(b) => format!("{} bita biner", b.len()),
    }
}

impl Workspace {
    /// Record what a look at a blob found (creating the record a damaged
    /// database may have lost).
    pub(crate) fn set_blob_state_tx(
        &self,
        tx: &Transaction<'_>,
        sha: Sha256,
        size: u64,
        state: crate::evidence::BlobState,
        at: &str,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO blob (sha256, size, added_at, state, checked_at) VALUES (?1, ?2, ?4, ?3, ?4)
             ON CONFLICT (sha256) DO UPDATE SET state = ?3, checked_at = ?4",
            params![sha.to_hex(), i64::try_from(size).unwrap_or(i64::MAX), state.code(), at],
        )?;
        Ok(())
    }

    /// Forget a blob's record (its file already moved to the quarantine).
    pub(crate) fn forget_blob_tx(&self, tx: &Transaction<'_>, sha: Sha256) -> Result<()> {
        tx.execute("DELETE FROM blob WHERE sha256 = ?1", [sha.to_hex()])?;
        Ok(())
    }
}
