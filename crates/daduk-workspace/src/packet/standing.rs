//! What this workspace knows that bears on a packet before it is imported:
//! whether it is this workspace's own export, whether the sender's earlier
//! packets were signed by another key, and whether the new unit it brings
//! reads like one already here. `packet verify` and the app's check show
//! it; the import refuses on the same grounds unless the user agrees.

use serde::Serialize;

use super::check::PacketCheck;
use super::import::PacketImportReport;
use super::manifest::{Manifest, PacketKind};
use crate::error::Result;
use crate::hash::Sha256;
use crate::store::Workspace;
use crate::text::shown;

/// An existing unit a packet's new unit reads like.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LookAlike {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
}

/// A packet as this workspace sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PacketStanding {
    /// This workspace made it (its own key, or logged here as sent): an
    /// import is refused.
    pub own_export: bool,
    /// The key the sender's earlier packets were signed with, when this
    /// one is signed by another: an import needs consent.
    pub earlier_key: Option<String>,
    /// The unit is new here but reads like this one: an import needs
    /// consent.
    pub look_alike: Option<LookAlike>,
    /// The above for people (Indonesian), most serious first.
    pub notices: Vec<String>,
}

impl Workspace {
    /// What this workspace knows that bears on a checked packet. A packet
    /// whose signature did not verify gets no key notice (it is refused
    /// anyway).
    pub fn packet_standing(&self, check: &PacketCheck) -> Result<PacketStanding> {
        self.standing(
            &check.manifest,
            check.manifest_sha256,
            check.fingerprint.as_deref(),
        )
    }

    fn standing(
        &self,
        m: &Manifest,
        manifest_sha: Sha256,
        fingerprint: Option<&str>,
    ) -> Result<PacketStanding> {
        let mut s = PacketStanding::default();
        if let Some(f) = fingerprint
            && self.is_own_packet(manifest_sha, f)?
        {
            s.own_export = true;
            s.notices.push(format!(
                "{}; mengimpornya ditolak dan tidak mengubah apa pun",
                capitalised(&own_packet_message(m))
            ));
            return Ok(s);
        }
        if let Some(f) = fingerprint {
            s.earlier_key = self.earlier_key(m, f)?;
        }
        if let Some(old) = &s.earlier_key {
            let who = sender_name(m);
            s.notices.push(format!(
                "Paket {who} sebelumnya ditandatangani kunci lain ({old}), bukan kunci paket ini. \
                 Kunci baru wajar bila {who} memasang ulang Daduk atau memakai komputer lain; cocokkan sidik jari \
                 paket ini dengan pengirimnya lewat saluran lain (telepon, tatap muka) sebelum mengimpornya"
            ));
        }
        if m.kind == PacketKind::Submission
            && self.unit(&m.unit.code).is_err()
            && let Some(twin) = self.look_alike_unit(&m.unit.code, &m.unit.name)?
        {
            s.notices.push(capitalised(&look_alike_message(m, &twin)));
            s.look_alike = Some(LookAlike {
                code: twin.code,
                name: twin.name,
            });
        }
        Ok(s)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Who sent a packet, for messages.
pub(crate) fn sender_name(m: &Manifest) -> String {
    match m.kind {
        PacketKind::Submission => format!("unit {}", m.unit.code),
        PacketKind::Review | PacketKind::Tpn => format!("evaluator unit {}", m.unit.code),
    }
}

/// What refuses a packet this workspace made itself.
pub(crate) fn own_packet_message(m: &Manifest) -> String {
    let (what, to) = match m.kind {
        PacketKind::Submission => ("kiriman unit", "evaluator (TPI)"),
        PacketKind::Review | PacketKind::Tpn => ("hasil reviu", "unit"),
    };
    format!(
        "paket ini adalah ekspor ruang kerja ini sendiri (paket {what} {} {}, dibuat {}): paket itu untuk dikirim ke {to}, \
         bukan untuk diimpor kembali ke sini; pilih paket yang diterima dari {to}",
        m.unit.code,
        m.year,
        crate::format::date_time(&m.created_at)
    )
}

/// What warns of a new unit that reads like one already here.
pub(crate) fn look_alike_message(m: &Manifest, twin: &crate::store::Unit) -> String {
    format!(
        "unit {} ('{}') belum ada di ruang kerja ini, tetapi kode atau namanya mirip unit {} ('{}') yang sudah ada; \
         pastikan paket ini memang dari unit lain, bukan dari pihak yang menyamar sebagai {}",
        shown(&m.unit.code),
        shown(&m.unit.name),
        twin.code,
        shown(&twin.name),
        twin.code
    )
}

impl Workspace {
    /// Whether this workspace made the packet: signed with its own key, or
    /// logged here as sent (a key since replaced).
    pub(crate) fn is_own_packet(&self, manifest_sha: Sha256, fingerprint: &str) -> Result<bool> {
        Ok(
            super::sign::own_fingerprint(self.root()).as_deref() == Some(fingerprint)
                || self.exported_anywhere(manifest_sha)?,
        )
    }

    /// The key this sender's earlier packets were signed with, when it is
    /// not `fingerprint`. A unit and its evaluator each keep one key
    /// across years, so every earlier packet of the unit counts.
    pub(crate) fn earlier_key(&self, m: &Manifest, fingerprint: &str) -> Result<Option<String>> {
        Ok(self
            .last_import_of_unit(&m.unit.code, m.kind)?
            .map(|p| p.fingerprint)
            .filter(|old| old != fingerprint))
    }

    /// Record in the audit log that a sender's new key was accepted.
    pub(crate) fn log_key_change_tx(
        &self,
        tx: &crate::store::Tx<'_>,
        assessment_id: i64,
        m: &Manifest,
        report: &PacketImportReport,
    ) -> Result<()> {
        let Some(old) = &report.key_changed_from else {
            return Ok(());
        };
        self.log(
            tx,
            crate::store::audit::Change {
                assessment_id: Some(assessment_id),
                entity: "packet_key",
                key: &sender_name(m),
                action: "accept",
                old: Some(old.clone()),
                new: Some(report.fingerprint.clone()),
            },
        )
    }
}
