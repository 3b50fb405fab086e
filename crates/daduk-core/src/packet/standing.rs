//! What this workspace knows that bears on a packet before it is imported:
//! whether it is this workspace's own export, whether the sender's earlier
//! packets were signed by another key, and whether the new unit it brings
//! reads like one already here. `packet verify` and the app's check show
//! it; the import refuses on the same grounds unless the user agrees.

use serde::Serialize;

use super::check::PacketCheck;
use super::import::{look_alike_message, own_packet_message, sender_name};
use super::manifest::{Manifest, PacketKind};
use crate::error::Result;
use crate::hash::Sha256;
use crate::store::Workspace;

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
