//! What the workspace keeps of syncing with a server: the last agreed
//! state of each side (`sync_snapshot`), the conflicts merges recorded
//! (`conflict`, shared with packets and worksheets), and the server to use (`workspace_setting`; the token
//! is kept outside the workspace, in the computer's credential store).

use rusqlite::{OptionalExtension, Transaction, params};

use super::audit::Change;
use super::{Assessment, Workspace, now};
use crate::answer::Role;
use crate::error::{Error, Result};
use crate::sync::{ConflictOrigin, KeptConflict, SyncConflict};

const SERVER_KEY: &str = "sync.server";
const CA_KEY: &str = "sync.ca_file";
const ID_KEY: &str = "workspace.id";
/// Where Daduk before 0.2 kept the token (now: the credential store).
const TOKEN_KEY: &str = "sync.token";

/// A side as last agreed with a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Snapshot {
    /// Its version on the server.
    pub version: i64,
    /// Its manifest (JSON) as pushed or pulled.
    pub manifest: String,
}

impl Workspace {
    fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT value FROM workspace_setting WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?
            .filter(|v: &String| !v.is_empty()))
    }

    /// The server this workspace syncs with, and the CA certificate file
    /// trusted for it (an instansi's own CA), as remembered. The token is
    /// not here: it is kept in the computer's credential store
    /// (`daduk-sync`'s `secret`), never in the workspace.
    pub fn sync_settings(&self) -> Result<(Option<String>, Option<String>)> {
        Ok((self.setting(SERVER_KEY)?, self.setting(CA_KEY)?))
    }

    /// Remember the server and the CA file trusted for it (both audited;
    /// each one line of ordinary characters).
    pub fn set_sync_settings(&self, server: &str, ca_file: Option<&str>) -> Result<()> {
        crate::text::check_line("alamat server", server).map_err(Error::Invalid)?;
        if let Some(ca) = ca_file {
            crate::text::check_line("berkas sertifikat CA", ca).map_err(Error::Invalid)?;
        }
        let (old_server, old_ca) = self.sync_settings()?;
        let tx = self.write()?;
        for (key, old, new) in [
            (SERVER_KEY, old_server, Some(server)),
            (CA_KEY, old_ca, ca_file),
        ] {
            let new = new.unwrap_or_default();
            if old.as_deref().unwrap_or_default() == new {
                continue;
            }
            tx.execute(
                "INSERT INTO workspace_setting (key, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                params![key, new, self.actor(), now()],
            )?;
            self.log(
                &tx,
                Change {
                    assessment_id: None,
                    entity: "workspace",
                    key,
                    action: "update",
                    old,
                    new: Some(new.to_string()),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// This workspace's own random id (made the first time it is asked
    /// for): what a token kept on this computer is filed under, so two
    /// workspaces on one computer keep their own tokens.
    pub fn workspace_id(&self) -> Result<String> {
        if let Some(id) = self.setting(ID_KEY)? {
            return Ok(id);
        }
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)
            .map_err(|e| Error::Invalid(format!("angka acak tidak tersedia: {e}")))?;
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO workspace_setting (key, value, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO NOTHING",
            params![ID_KEY, id, self.actor(), now()],
        )?;
        tx.commit()?;
        Ok(self.setting(ID_KEY)?.unwrap_or(id))
    }

    /// A token an earlier Daduk kept in the workspace, taken out of it: the
    /// row is deleted with its bytes overwritten (`secure_delete`) and the
    /// write-ahead log emptied, so the file no longer holds it. The caller
    /// keeps it in the credential store.
    pub fn take_legacy_sync_token(&self) -> Result<Option<String>> {
        let Some(token) = self.setting(TOKEN_KEY)? else {
            return Ok(None);
        };
        self.writable()?;
        self.conn().pragma_update(None, "secure_delete", true)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM workspace_setting WHERE key = ?1", [TOKEN_KEY])?;
        self.log(
            &tx,
            Change {
                assessment_id: None,
                entity: "workspace",
                key: TOKEN_KEY,
                action: "delete",
                old: None,
                new: Some("(dipindahkan ke penyimpanan kredensial komputer)".into()),
            },
        )?;
        tx.commit()?;
        self.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(Some(token))
    }

    /// The last agreed state of a side.
    pub(crate) fn sync_snapshot(
        &self,
        server: &str,
        unit: &str,
        year: i32,
        side: Role,
    ) -> Result<Option<Snapshot>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT version, manifest FROM sync_snapshot WHERE server = ?1 AND unit = ?2 AND year = ?3 AND side = ?4",
                params![server, unit, year, side.as_str()],
                |r| {
                    Ok(Snapshot {
                        version: r.get(0)?,
                        manifest: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Keep a side's state as agreed with the server, inside the caller's
    /// transaction (with what it applied) or on its own.
    pub(crate) fn put_sync_snapshot_tx(
        &self,
        tx: &Transaction<'_>,
        server: &str,
        unit: &str,
        year: i32,
        side: Role,
        snapshot: &Snapshot,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO sync_snapshot (server, unit, year, side, version, manifest, synced_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (server, unit, year, side) DO UPDATE SET
               version = excluded.version, manifest = excluded.manifest, synced_at = excluded.synced_at",
            params![
                server,
                unit,
                year,
                side.as_str(),
                snapshot.version,
                snapshot.manifest,
                now()
            ],
        )?;
        Ok(())
    }

    /// [`Workspace::put_sync_snapshot_tx`] in a transaction of its own.
    pub(crate) fn put_sync_snapshot(
        &self,
        server: &str,
        unit: &str,
        year: i32,
        side: Role,
        snapshot: &Snapshot,
    ) -> Result<()> {
        let tx = self.write()?;
        self.put_sync_snapshot_tx(&tx, server, unit, year, side, snapshot)?;
        Ok(tx.commit()?)
    }

    /// Record what a merge could not decide, inside its transaction: the
    /// one conflict table, whichever way (`origin`) the change came, from
    /// `source` (a server's address, a packet's hash).
    pub(crate) fn insert_conflict_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        origin: ConflictOrigin,
        source: &str,
        c: &SyncConflict,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO conflict (assessment_id, origin, source, side, what, key, base_value, local_value, remote_value, at)
             VALUES (?1, ?10, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                assessment_id,
                source,
                c.side.as_str(),
                c.what,
                c.key,
                c.base,
                c.local,
                c.remote,
                now(),
                origin.code()
            ],
        )?;
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: origin.code(),
                key: &format!("{}/{}", c.key, c.side),
                action: "conflict",
                old: c.remote.clone(),
                new: c.local.clone(),
            },
        )?;
        Ok(())
    }

    /// The conflicts syncs recorded for an assessment and nobody has
    /// settled yet, oldest first.
    pub fn sync_conflicts(&self, a: &Assessment) -> Result<Vec<SyncConflict>> {
        Ok(self
            .open_conflicts(a)?
            .into_iter()
            .filter(|k| k.origin == ConflictOrigin::Sync)
            .map(|k| k.conflict)
            .collect())
    }

    /// The open conflicts of an assessment, of every origin (packet, sync,
    /// worksheet), with their ids and times, oldest first (what
    /// `resolve_conflicts` takes).
    pub fn open_conflicts(&self, a: &Assessment) -> Result<Vec<KeptConflict>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, side, what, key, base_value, local_value, remote_value, origin, source FROM conflict
             WHERE assessment_id = ?1 AND resolved_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            let side: String = r.get(2)?;
            let origin: String = r.get(8)?;
            Ok(KeptConflict {
                id: r.get(0)?,
                at: r.get(1)?,
                origin: ConflictOrigin::parse(&origin),
                source: r.get(9)?,
                conflict: SyncConflict {
                    side: side.parse().unwrap_or(Role::Unit),
                    what: r.get(3)?,
                    key: r.get(4)?,
                    base: r.get(5)?,
                    local: r.get(6)?,
                    remote: r.get(7)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Settle open conflicts of an assessment (`None`: all of them): they
    /// stay on record with who settled them and when, and leave the list.
    /// What the workspace holds is not changed — the value here was kept
    /// at the sync; to take the server's, change it, then settle. An id
    /// that is not an open conflict of this assessment refuses the whole
    /// call. Returns how many were settled.
    pub fn resolve_conflicts(&self, a: &Assessment, ids: Option<&[i64]>) -> Result<usize> {
        let tx = self.write()?;
        // Read on this connection, inside the write: what is open now.
        let open = self.open_conflicts(a)?;
        let chosen: Vec<&KeptConflict> = match ids {
            None => open.iter().collect(),
            Some(ids) => {
                let mut chosen: Vec<&KeptConflict> = Vec::new();
                for id in ids {
                    let found = open.iter().find(|c| c.id == *id).ok_or_else(|| {
                        Error::Invalid(format!(
                            "konflik {id} tidak ada atau sudah diselesaikan di {} {}; lihat daftarnya dengan `daduk conflicts`",
                            a.unit, a.year
                        ))
                    })?;
                    if !chosen.iter().any(|c| c.id == *id) {
                        chosen.push(found);
                    }
                }
                chosen
            }
        };
        let at = now();
        for k in &chosen {
            tx.execute(
                "UPDATE conflict SET resolved_at = ?2, resolved_by = ?3 WHERE id = ?1",
                params![k.id, at, self.actor()],
            )?;
            self.log(
                &tx,
                Change {
                    assessment_id: Some(a.id),
                    entity: k.origin.code(),
                    key: &format!("{}/{}", k.conflict.key, k.conflict.side),
                    action: "conflict resolved",
                    old: None,
                    new: k.conflict.local.clone(),
                },
            )?;
        }
        tx.commit()?;
        Ok(chosen.len())
    }

    /// Every evidence row of an assessment: `(id, item, hash, from_packet)`,
    /// inside the caller's transaction.
    pub(crate) fn evidence_keys_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
    ) -> Result<Vec<(i64, crate::code::ItemCode, crate::hash::Sha256, bool)>> {
        let mut stmt = tx.prepare(
            "SELECT id, item, sha256, from_packet FROM evidence WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok((
                r.get(0)?,
                super::parse_column(r, 1)?,
                super::parse_column(r, 2)?,
                r.get(3)?,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
impl Workspace {
    /// A token as Daduk before 0.2 kept it (in the workspace).
    pub(crate) fn put_legacy_token_for_test(&self, token: &str) {
        self.conn()
            .execute(
                "INSERT INTO workspace_setting (key, value, updated_by, updated_at) VALUES (?1, ?2, 'x', ?3)",
                params![TOKEN_KEY, token, now()],
            )
            .unwrap();
    }
}
