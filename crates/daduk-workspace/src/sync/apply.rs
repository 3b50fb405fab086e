//! Writing a side that came from the server into the workspace: checked
//! whole and written by the same exchange as a packet (`crate::exchange`),
//! with the side's snapshot kept under the same lock, all or nothing.
//! Which side a workspace may receive is the engine's call (a unit's
//! workspace the TPI side, an evaluator's the unit side; each its own side
//! after a merge).

use std::collections::HashSet;

use super::AssessmentSync;
use crate::answer::Role;
use crate::error::{Error, Result};
use crate::exchange::{SideChange, Via};
use crate::hash::Sha256;
use crate::packet::PacketKind;
use crate::packet::manifest::{MAX_MANIFEST_BYTES, Manifest};
use crate::store::packets::{Direction, PacketEntry};
use crate::store::sync::Snapshot;
use crate::store::{Assessment, Workspace};
use crate::template::Template;
use crate::text::shown;

/// Whose the side being written is, here: the exchange's arrival.
pub(crate) use crate::exchange::Arrival as Mode;

/// Where the side came from, kept with it under the same lock.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origin<'a> {
    /// The server's identity (its URL).
    pub server: &'a str,
    /// The snapshot to keep for this side, if the write should record one.
    pub snapshot: Option<(&'a Snapshot, Role)>,
}

impl Workspace {
    /// The template a unit side names: known here, or its blob (downloaded
    /// beforehand), checked and trusted like a packet's.
    pub(crate) fn side_template(&self, m: &Manifest) -> Result<Template> {
        if let Ok(t) = self.template(m.template.sha256) {
            return Ok(t);
        }
        let store = self.blobs();
        let path = store.path(m.template.sha256);
        let file = std::fs::File::open(&path).map_err(|_| {
            Error::Invalid(format!(
                "templat {} sisi unit tidak ada di server maupun di ruang kerja ini",
                m.template.sha256.short(12)
            ))
        })?;
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut std::io::Read::take(file, MAX_MANIFEST_BYTES),
            &mut text,
        )
        .map_err(|_| Error::Invalid("templat dari server bukan teks UTF-8".into()))?;
        let t = Template::from_json("templat dari server", &text)?;
        if t.sha256() != m.template.sha256 {
            return Err(Error::Invalid(
                "templat dari server tidak cocok dengan hash di manifest".into(),
            ));
        }
        if !self.template_trusted(&t)? {
            return Err(Error::Invalid(format!(
                "templat '{}' ({}) sisi unit tidak resmi dan tidak dikenal ruang kerja ini; \
                 sinkronisasi tidak menerimanya. Impor paket unit itu sekali dan setujui templatnya di sana, lalu sinkronkan lagi",
                shown(t.id()),
                t.sha256().short(12)
            )));
        }
        Ok(t)
    }

    /// Write a unit side. `fresh` are blobs just hashed on their way in.
    pub(crate) fn apply_unit_side(
        &self,
        m: &Manifest,
        mode: Mode,
        origin: Origin<'_>,
        fresh: &HashSet<Sha256>,
        report: &mut AssessmentSync,
    ) -> Result<Assessment> {
        let template = self.side_template(m)?;
        let change = SideChange::check(m, Role::Unit, template, "sisi unit dari server")?;
        let tx = self.write()?;
        let written = self.write_unit_side_tx(&tx, &change, mode, Via::Server, fresh)?;
        report.answers_changed += written.answers.items;
        report.evidence_changed += written.withdrawn.len() + written.added;
        report.warnings.extend(written.warnings);
        let a = written
            .assessment
            .ok_or_else(|| Error::Invalid("penilaian dari server tidak tertulis".into()))?;
        if mode == Mode::Received {
            // Received like a submission: the app opens it on the TPI side,
            // its plan is the unit's (read-only here), a review may be based
            // on it.
            let json = origin.snapshot.map(|(s, _)| s.manifest.as_str());
            self.log_packet_tx(
                &tx,
                a.id,
                Direction::Import,
                &PacketEntry {
                    kind: PacketKind::Submission,
                    manifest: super::manifest_sha(json.unwrap_or_default()),
                    fingerprint: &format!("server {}", origin.server),
                    created_at: &m.created_at,
                },
            )?;
        }
        if let Some((s, side)) = origin.snapshot {
            self.put_sync_snapshot_tx(&tx, origin.server, &m.unit.code, m.year, side, s)?;
        }
        let moved = self.release_blobs_tx(&tx, &written.withdrawn)?;
        self.commit_releasing(tx, &moved)?;
        Ok(a)
    }

    /// Write a TPI side, or TPN's (merged, or as the server has it), into
    /// an assessment this workspace holds.
    pub(crate) fn apply_judged_side(
        &self,
        a: &Assessment,
        side: Role,
        m: &Manifest,
        origin: Origin<'_>,
        report: &mut AssessmentSync,
    ) -> Result<()> {
        let what = format!("sisi {} dari server", side.label());
        let change = SideChange::check(m, side, self.template_of(a)?, &what)?;
        let tx = self.write()?;
        if side == Role::Tpn {
            let written = self.write_tpn_side_tx(&tx, a, &change)?;
            report.answers_changed += written.items;
            report.tpn_stages_changed += written.stages;
            report.warnings.extend(written.warnings);
        } else {
            let written = self.write_tpi_side_tx(&tx, a, &change)?;
            report.answers_changed += written.items;
            report.verdicts_changed += written.verdicts;
            report.warnings.extend(written.warnings);
        }
        if let Some((s, side)) = origin.snapshot {
            self.put_sync_snapshot_tx(&tx, origin.server, &a.unit, a.year, side, s)?;
        }
        tx.commit()?;
        Ok(())
    }
}
