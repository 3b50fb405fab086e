//! What a sync does to a side's manifest before it goes: files that could
//! not go taken out, and the warnings about them; the texts it lists.

use std::collections::BTreeSet;

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
