//! What a side holds of its own: the fields a pushed or pulled side may
//! write, whatever else its body carries.

use crate::answer::Role;
use crate::evidence::ReviewStatus;
use crate::manifest::{Manifest, PacketKind};

/// Keep only `role`'s side of a pushed manifest: a unit never writes TPI's
/// answers or file verdicts, TPI never the unit's answers, files, absent
/// marks, references or plan, and TPN's answers and stages travel in TPN's
/// side alone. The manifest's kind must fit the role (`submission` for the
/// unit, `review` for TPI, `tpn` for TPN).
pub fn side_only(mut m: Manifest, role: Role) -> Result<Manifest, String> {
    if role != Role::Tpn {
        m.tpn_stages.clear();
    }
    match (role, m.kind) {
        (Role::Tpn, PacketKind::Tpn) => {
            m.answers.retain(|a| a.role == Role::Tpn);
            m.scores.retain(|r, _| *r == Role::Tpn);
        }
        (Role::Tpn, _) => {
            return Err(
                "sisi TPN dikirim sebagai paket usulan atau reviu; kirim jenis 'tpn'".into(),
            );
        }
        (_, PacketKind::Tpn) => {
            return Err(format!(
                "sisi {} dikirim sebagai sisi TPN; kirim jenis '{}'",
                role.label(),
                if role == Role::Unit {
                    "submission"
                } else {
                    "review"
                }
            ));
        }
        (Role::Unit, PacketKind::Submission) => {
            m.answers.retain(|a| a.role == Role::Unit);
            for e in &mut m.evidence {
                e.review_status = ReviewStatus::Pending;
                e.review_note.clear();
                e.reviewed_by = None;
                e.reviewed_at = None;
            }
            m.scores.retain(|r, _| *r == Role::Unit);
        }
        (Role::Tpi, PacketKind::Review) => {
            m.answers.retain(|a| a.role == Role::Tpi);
            m.absent.clear();
            m.references.clear();
            m.plan = None;
            m.scores.retain(|r, _| *r == Role::Tpi);
        }
        (Role::Unit, PacketKind::Review) => {
            return Err(
                "sisi unit dikirim sebagai paket reviu; kirim paket jenis 'submission'".into(),
            );
        }
        (Role::Tpi, PacketKind::Submission) => {
            return Err("sisi TPI dikirim sebagai paket usulan; kirim paket jenis 'review'".into());
        }
    }
    Ok(m)
}
