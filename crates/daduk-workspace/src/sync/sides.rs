//! What a sync does to a side's manifest before it goes: files that could
//! not go taken out, and the warnings about them; the texts it lists; the
//! server's sides as kept from the last sync.

use std::collections::BTreeSet;

use super::RemoteAssessment;
use crate::answer::Role;
use crate::error::Result;
use crate::hash::Sha256;
use crate::packet::Manifest;

/// What people are told of files that did not go.
pub(super) fn pending_warnings(m: &Manifest, pending: &[(Sha256, String)]) -> Vec<String> {
    pending
        .iter()
        .map(|(sha, why)| {
            let name = m
                .evidence
                .iter()
                .find(|e| e.sha256 == *sha)
                .map_or_else(
                    || format!("berkas {}", sha.short(12)),
                    |e| format!("'{}' (butir {})", crate::text::shown(&e.file_name), e.item),
                );
            format!(
                "{name} belum terkirim: {why}. Jawaban dan berkas lain sudah terkirim; sinkronkan lagi untuk mengirimnya"
            )
        })
        .collect()
}

/// `m` without the files of `pending` (nor the plan's mentions of them).
pub(super) fn without_files(m: &Manifest, pending: &[(Sha256, String)]) -> Manifest {
    let gone: BTreeSet<Sha256> = pending.iter().map(|(sha, _)| *sha).collect();
    let mut out = m.clone();
    out.evidence.retain(|e| !gone.contains(&e.sha256));
    if let Some(p) = &mut out.plan {
        for a in &mut p.activities {
            for r in &mut a.progress {
                r.evidence.retain(|e| !gone.contains(&e.sha256));
            }
        }
    }
    super::build::relink_files(&mut out, super::build::template_size(m));
    // A text that could not go is not listed either.
    out.files.retain(|f| !gone.contains(&f.sha256));
    out
}

/// The texts a side lists (`isi/…`), with their hashes.
pub(super) fn text_paths(m: &Manifest) -> BTreeSet<(&str, Sha256)> {
    m.files
        .iter()
        .filter(|f| crate::packet::texts::parse_path(&f.path).is_some())
        .map(|f| (f.path.as_str(), f.sha256))
        .collect()
}

impl crate::store::Workspace {
    /// The server's assessment as kept from the last sync, when the list
    /// says neither side moved since (and the assessment is here): `None`
    /// to ask the server.
    pub(super) fn remote_as_kept(
        &self,
        server: &str,
        unit: &str,
        year: i32,
        versions: [i64; 3],
    ) -> Result<Option<RemoteAssessment>> {
        if self.assessment(unit, year).is_err() {
            return Ok(None);
        }
        let mut sides = [None, None, None];
        for (slot, (side, version)) in sides.iter_mut().zip(Role::ALL.into_iter().zip(versions)) {
            match self.sync_snapshot(server, unit, year, side)? {
                None if version == 0 => {}
                Some(s) if s.version == version => match Manifest::parse(s.manifest.as_bytes()) {
                    Ok(m) => *slot = Some(m),
                    Err(_) => return Ok(None),
                },
                _ => return Ok(None),
            }
        }
        let [unit_side, tpi_side, tpn_side] = sides;
        let [unit_version, tpi_version, tpn_version] = versions;
        Ok(Some(RemoteAssessment {
            unit_version,
            tpi_version,
            unit_side,
            tpi_side,
            tpn_version,
            tpn_side,
        }))
    }
}
