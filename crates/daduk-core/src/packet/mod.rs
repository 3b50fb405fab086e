//! Review packets: one self-contained, verifiable bundle per assessment that
//! opens with or without the app.
//!
//! A *submission* carries the unit's answers, notes and files in LKE order
//! with a report, a worksheet and an index page; a *review* carries the
//! evaluator's answers, notes and file verdicts back. Both are described by
//! `manifest.json`, signed with the exporting workspace's ed25519 key, and
//! hashed in `SHA256SUMS` for `sha256sum -c`.
//!
//! A packet is untrusted input: [`source`] refuses hostile shapes before any
//! content is read, [`check`] verifies every byte, and an import writes
//! nothing unless all of it checks out.

mod check;
mod export;
mod html;
mod import;
pub mod manifest;
pub mod names;
pub mod sign;
pub mod source;

use rusqlite::{OptionalExtension, params};

pub use check::{Finding, FindingKind, PacketCheck, verify_packet};
pub use export::{ExportOptions, ExportReport};
pub use import::{Conflict, ImportPacketOptions, PacketImportReport};
pub use manifest::{Manifest, PacketKind};

use crate::error::Result;
use crate::hash::Sha256;
use crate::store::{Assessment, Workspace, now, parse_column};

fn kind_code(kind: PacketKind) -> &'static str {
    match kind {
        PacketKind::Submission => "submission",
        PacketKind::Review => "review",
    }
}

impl Workspace {
    pub(crate) fn log_packet(
        &self,
        a: &Assessment,
        direction: &str,
        kind: PacketKind,
        sha: Sha256,
        fingerprint: &str,
    ) -> Result<()> {
        let tx = self.write()?;
        self.log_packet_tx(&tx, a.id, direction, kind, sha, fingerprint)?;
        Ok(tx.commit()?)
    }

    pub(crate) fn log_packet_tx(
        &self,
        tx: &rusqlite::Transaction<'_>,
        assessment_id: i64,
        direction: &str,
        kind: PacketKind,
        sha: Sha256,
        fingerprint: &str,
    ) -> Result<()> {
        tx.execute(
            "INSERT INTO packet_log (assessment_id, direction, kind, manifest_sha256, fingerprint, at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![assessment_id, direction, kind_code(kind), sha.to_hex(), fingerprint, now(), self.actor()],
        )?;
        Ok(())
    }

    /// The manifest hash of the latest packet of this kind sent or received.
    pub(crate) fn last_packet(
        &self,
        a: &Assessment,
        direction: &str,
        kind: PacketKind,
    ) -> Result<Option<Sha256>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT manifest_sha256 FROM packet_log WHERE assessment_id = ?1 AND direction = ?2 AND kind = ?3
                 ORDER BY id DESC LIMIT 1",
                params![a.id, direction, kind_code(kind)],
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

    /// The conflicts reviews brought to an assessment: items whose unit
    /// answer changed after the submission TPI judged.
    pub fn review_conflicts(&self, a: &Assessment) -> Result<Vec<Conflict>> {
        let mut stmt = self.conn().prepare(
            "SELECT item, sent_value, current_value, tpi_value FROM review_conflict WHERE assessment_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            Ok(Conflict {
                item: parse_column(r, 0)?,
                sent: r.get(1)?,
                current: r.get(2)?,
                tpi: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests;
