//! What the workspace remembers of packets: every one sent or received
//! (by manifest hash, signer and signed time), and the conflicts reviews
//! brought.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Assessment, Workspace, now, parse_column};
use crate::code::ItemCode;
use crate::error::Result;
use crate::hash::Sha256;
use crate::packet::{Conflict, PacketKind};

/// Which way a packet went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Made here.
    Export,
    /// Received.
    Import,
}

impl Direction {
    fn code(self) -> &'static str {
        match self {
            Direction::Export => "export",
            Direction::Import => "import",
        }
    }
}

fn kind_code(kind: PacketKind) -> &'static str {
    match kind {
        PacketKind::Submission => "submission",
        PacketKind::Review => "review",
        PacketKind::Tpn => "tpn",
    }
}

/// The packet log's rows that make an assessment *received* (someone
/// else's to answer): a submission imported here that this workspace did
/// not export itself. A workspace's own packet imported back (refused now;
/// taken before Daduk refused it) leaves the assessment its own, so its
/// plan is editable again.
pub(crate) const RECEIVED: &str = "direction = 'import' AND kind = 'submission' \
     AND manifest_sha256 NOT IN (SELECT manifest_sha256 FROM packet_log WHERE direction = 'export')";

/// A packet as the log records it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PacketEntry<'a> {
    /// Submission or review.
    pub kind: PacketKind,
    /// SHA-256 of its manifest.
    pub manifest: Sha256,
    /// The signer's fingerprint.
    pub fingerprint: &'a str,
    /// When it was made (its signed manifest's `created_at`).
    pub created_at: &'a str,
}

/// A packet in the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoggedPacket {
    /// SHA-256 of its manifest.
    pub manifest: Sha256,
    /// The signer's fingerprint.
    pub fingerprint: String,
    /// When it was made, as its signed manifest says (absent in logs
    /// written before Daduk kept it).
    pub created_at: Option<String>,
    /// When it was logged here.
    pub at: String,
}

const LOGGED: &str =
    "SELECT p.manifest_sha256, p.fingerprint, p.created_at, p.at FROM packet_log p";

fn logged(r: &rusqlite::Row<'_>) -> rusqlite::Result<LoggedPacket> {
    Ok(LoggedPacket {
        manifest: parse_column(r, 0)?,
        fingerprint: r.get(1)?,
        created_at: r.get(2)?,
        at: r.get(3)?,
    })
}

impl Workspace {
    /// Log a packet inside the caller's transaction.
    pub(crate) fn log_packet_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        direction: Direction,
        p: &PacketEntry<'_>,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO packet_log (assessment_id, direction, kind, manifest_sha256, fingerprint, at, actor, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                assessment_id,
                direction.code(),
                kind_code(p.kind),
                p.manifest.to_hex(),
                p.fingerprint,
                now(),
                self.actor(),
                p.created_at
            ],
        )?;
        Ok(())
    }

    /// Log a packet in a transaction of its own.
    pub(crate) fn log_packet(
        &self,
        a: &Assessment,
        direction: Direction,
        p: &PacketEntry<'_>,
    ) -> Result<()> {
        let tx = self.write()?;
        self.log_packet_tx(&tx, a.id, direction, p)?;
        Ok(tx.commit()?)
    }

    /// The manifest hash of the latest packet of this kind sent or received.
    pub(crate) fn last_packet(
        &self,
        a: &Assessment,
        direction: Direction,
        kind: PacketKind,
    ) -> Result<Option<Sha256>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT manifest_sha256 FROM packet_log WHERE assessment_id = ?1 AND direction = ?2 AND kind = ?3
                 ORDER BY id DESC LIMIT 1",
                params![a.id, direction.code(), kind_code(kind)],
                |r| parse_column(r, 0),
            )
            .optional()?)
    }

    /// Whether this workspace exported a packet with this manifest hash.
    pub(crate) fn exported(&self, a: &Assessment, sha: Sha256) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM packet_log WHERE assessment_id = ?1 AND direction = 'export' AND manifest_sha256 = ?2",
                params![a.id, sha.to_hex()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Whether this workspace exported a packet with this manifest hash,
    /// for any assessment.
    pub(crate) fn exported_anywhere(&self, sha: Sha256) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM packet_log WHERE direction = 'export' AND manifest_sha256 = ?1",
                [sha.to_hex()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The latest packet of this kind received for any assessment of a
    /// unit (whose signer is the unit's, or its evaluator's, key).
    pub(crate) fn last_import_of_unit(
        &self,
        unit: &str,
        kind: PacketKind,
    ) -> Result<Option<LoggedPacket>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "{LOGGED} JOIN assessment a ON a.id = p.assessment_id JOIN unit u ON u.id = a.unit_id
                     WHERE u.code = ?1 AND p.direction = 'import' AND p.kind = ?2 ORDER BY p.id DESC LIMIT 1"
                ),
                params![unit, kind_code(kind)],
                logged,
            )
            .optional()?)
    }

    /// Every packet of this kind received for one assessment, oldest first.
    pub(crate) fn imports_of(
        &self,
        unit: &str,
        year: i32,
        kind: PacketKind,
    ) -> Result<Vec<LoggedPacket>> {
        let mut stmt = self.conn().prepare(&format!(
            "{LOGGED} JOIN assessment a ON a.id = p.assessment_id JOIN unit u ON u.id = a.unit_id
             WHERE u.code = ?1 AND a.year = ?2 AND p.direction = 'import' AND p.kind = ?3 ORDER BY p.id"
        ))?;
        let rows = stmt.query_map(params![unit, year, kind_code(kind)], logged)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record an item whose unit answer changed after the submission a
    /// review judged: a conflict of origin `packet` in the one conflict
    /// table (before = what the unit sent, here = its answer now, other =
    /// TPI's value).
    pub(crate) fn insert_review_conflict_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        c: &Conflict,
        packet: Sha256,
    ) -> Result<()> {
        let kept = crate::sync::SyncConflict {
            side: crate::answer::Role::Tpi,
            what: "jawaban".into(),
            key: c.item.to_string(),
            base: c.sent.clone(),
            local: c.current.clone(),
            remote: c.tpi.clone(),
        };
        self.insert_conflict_tx(
            tx,
            assessment_id,
            crate::sync::ConflictOrigin::Packet,
            &packet.to_hex(),
            &kept,
        )
    }

    /// The conflicts reviews brought to an assessment and nobody has
    /// settled yet: items whose unit answer changed after the submission
    /// TPI judged.
    pub fn review_conflicts(&self, a: &Assessment) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare(
            "SELECT key, base_value, local_value, remote_value FROM conflict
             WHERE assessment_id = ?1 AND origin = 'packet' AND resolved_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            Ok(Conflict {
                item: parse_column::<ItemCode>(r, 0)?,
                sent: r.get(1)?,
                current: r.get(2)?,
                tpi: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
