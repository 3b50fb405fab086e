//! Writing a side that came from the server into the workspace, through the
//! checks of `packet import` (answers parsed against the template, evidence
//! kinds and items known, references clean, the plan as `plan activity add`
//! takes it), in one transaction, all or nothing.
//!
//! The unit side writes the unit's answers, notes, absent marks,
//! references, files and plan — never a TPI answer or a verdict. The TPI
//! side writes TPI answers, notes and verdicts — never a unit answer, a
//! file or the plan. Which side a workspace may receive is the engine's
//! call (a unit's workspace the TPI side, an evaluator's the unit side;
//! each its own side after a merge).

use std::collections::HashSet;

use super::AssessmentSync;
use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::packet::PacketKind;
use crate::packet::import::{parse_answers, plan_rows};
use crate::packet::manifest::{MAX_MANIFEST_BYTES, Manifest};
use crate::store::answers::{Stamp, ValueChange};
use crate::store::packets::{Direction, PacketEntry};
use crate::store::sync::Snapshot;
use crate::store::{Assessment, AssessmentStatus, Workspace};
use crate::template::Template;
use crate::template::official::interchangeable;
use crate::text::shown;

/// Whose the side being written is, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// This workspace's own side, merged with the server's.
    Own,
    /// The other side, as the server has it.
    Received,
}

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
        if m.kind != PacketKind::Submission {
            return Err(Error::Invalid(
                "sisi unit dari server bukan manifest kiriman".into(),
            ));
        }
        let template = self.side_template(m)?;
        let answers = parse_answers(&template, m, Role::Unit)?;
        let plan = m
            .plan
            .as_ref()
            .map(|p| plan_rows(&template, p))
            .transpose()?;
        let tpi_sent = m.answers.iter().filter(|a| a.role == Role::Tpi).count();
        let verdicts_sent = m
            .evidence
            .iter()
            .filter(|e| e.review_status != ReviewStatus::Pending)
            .count();
        if tpi_sent + verdicts_sent > 0 {
            report.warnings.push(format!(
                "sisi unit dari server memuat {tpi_sent} jawaban TPI dan {verdicts_sent} penilaian berkas; diabaikan (sisi TPI hanya diisi evaluator)"
            ));
        }
        let tx = self.write()?;
        // A server is trusted with its units, but a look-alike arriving
        // silently is how one unit poses as another: such a unit is
        // created only by a person, knowingly.
        if mode == Mode::Received
            && self.unit(&m.unit.code).is_err()
            && let Some(twin) = self.look_alike_unit(&m.unit.code, &m.unit.name)?
        {
            return Err(Error::Invalid(format!(
                "{}; tidak dibuat. Bila memang unit lain, tambahkan unit {} di ruang kerja ini lebih dulu \
                 (kode dan nama persis seperti di server), lalu sinkronkan lagi",
                crate::packet::standing::look_alike_message(m, &twin),
                shown(&m.unit.code)
            )));
        }
        self.insert_template(&tx, &template)?;
        let unit_id = match self.unit(&m.unit.code) {
            Ok(u) => {
                if mode == Mode::Received && !u.name.trim().eq_ignore_ascii_case(m.unit.name.trim())
                {
                    return Err(Error::Invalid(format!(
                        "unit {} sudah ada di ruang kerja ini dengan nama lain ('{}', server: '{}'); periksa apakah ini unit yang sama",
                        u.code,
                        shown(&u.name),
                        shown(&m.unit.name)
                    )));
                }
                u.id
            }
            Err(_) => self.insert_unit(&tx, &m.unit.new_unit())?,
        };
        let existing = self.assessment(&m.unit.code, m.year).ok();
        if let Some(a) = &existing
            && !interchangeable(&self.template_of(a)?, &template)
        {
            return Err(Error::Invalid(format!(
                "penilaian {} {} di ruang kerja ini memakai templat lain ({}; server: {})",
                a.unit,
                a.year,
                a.template_sha256.short(12),
                template.sha256().short(12)
            )));
        }
        let assessment_id = match &existing {
            Some(a) => a.id,
            None => self.insert_assessment(&tx, unit_id, &m.unit.code, m.year, &template)?,
        };
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        report.answers_changed += self
            .take_unit_answers_tx(&tx, assessment_id, &template, m, &answers, sender, "server")?
            .items;
        let marks: Vec<(ItemCode, String, String)> = m
            .absent
            .iter()
            .map(|x| (x.item, x.kind.clone(), x.reason.clone()))
            .collect();
        self.replace_absent_tx(&tx, assessment_id, &marks, sender)?;
        // Files: exactly those listed. An evaluator's workspace withdraws
        // only files the unit brought (never its own attachments).
        let listed: HashSet<(ItemCode, Sha256)> =
            m.evidence.iter().map(|e| (e.item, e.sha256)).collect();
        let withdrawn = self.withdraw_unlisted_tx(&tx, assessment_id, &listed, |from_packet| {
            mode == Mode::Own || from_packet
        })?;
        report.evidence_changed += withdrawn.len();
        report.evidence_changed += self.take_listed_files_tx(
            &tx,
            assessment_id,
            m,
            sender,
            fresh,
            mode == Mode::Received,
        )?;
        if let (Some((items, activities)), Some(p)) = (&plan, &m.plan) {
            let unchanged = match &existing {
                Some(a) => self.packet_plan(a)?.as_ref() == Some(p),
                None => false,
            };
            if !unchanged {
                self.replace_plan_tx(
                    &tx,
                    assessment_id,
                    &format!("{} {}", m.unit.code, m.year),
                    items,
                    activities,
                    (&p.created_by, &p.created_at),
                )?;
            }
        }
        // Reads on this connection see the transaction's writes.
        let mut a = self.assessment_by_id(assessment_id)?;
        if mode == Mode::Own && a.status != m.status {
            // The unit's own side carries its status (merged like the rest).
            self.set_status_tx(&tx, &a, m.status)?;
            a = self.assessment_by_id(assessment_id)?;
        }
        if mode == Mode::Received {
            if a.status == AssessmentStatus::Draft {
                self.set_status_tx(&tx, &a, AssessmentStatus::Submitted)?;
            }
            // Received like a submission: the app opens it on the TPI side,
            // its plan is the unit's (read-only here), a review may be based
            // on it.
            let json = origin.snapshot.map(|(s, _)| s.manifest.as_str());
            self.log_packet_tx(
                &tx,
                assessment_id,
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
        let moved = self.release_blobs_tx(&tx, &withdrawn)?;
        self.commit_releasing(tx, &moved)?;
        Ok(a)
    }

    /// Write a TPI side into an assessment this workspace holds.
    pub(crate) fn apply_tpi_side(
        &self,
        a: &Assessment,
        m: &Manifest,
        origin: Origin<'_>,
        report: &mut AssessmentSync,
    ) -> Result<()> {
        if m.kind != PacketKind::Review {
            return Err(Error::Invalid(
                "sisi TPI dari server bukan manifest reviu".into(),
            ));
        }
        if m.unit.code != a.unit || m.year != a.year {
            return Err(Error::Invalid(format!(
                "sisi TPI dari server untuk {} {}, bukan {} {}",
                shown(&m.unit.code),
                m.year,
                a.unit,
                a.year
            )));
        }
        let template = self.template_of(a)?;
        let answers = parse_answers(&template, m, Role::Tpi)?;
        if m.answers.iter().any(|x| x.role == Role::Unit) || m.plan.is_some() {
            report.warnings.push(
                "sisi TPI dari server memuat jawaban unit atau rencana aksi; diabaikan (sisi unit hanya diisi unit)".into(),
            );
        }
        let tx = self.write()?;
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        for &item in template.item_codes() {
            let (value, note, stamp) = match answers.get(&item) {
                Some((v, x)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    x.note.as_str(),
                    Stamp {
                        by: &x.updated_by,
                        at: &x.updated_at,
                    },
                ),
                None => (ValueChange::Clear, "", sender),
            };
            if self
                .upsert_as(&tx, a.id, Role::Tpi, item, value, Some(note), Some(stamp))?
                .any()
            {
                report.answers_changed += 1;
            }
        }
        let mut judged = HashSet::new();
        for e in &m.evidence {
            match self.evidence_id_tx(&tx, a.id, e.item, e.sha256)? {
                Some(id) => {
                    judged.insert(id);
                    let stamp = match (&e.reviewed_by, &e.reviewed_at) {
                        (Some(by), Some(at)) => Stamp { by, at },
                        _ => sender,
                    };
                    if self.set_review_tx(&tx, a.id, id, e.review_status, &e.review_note, stamp)? {
                        report.verdicts_changed += 1;
                    }
                }
                None if e.review_status != ReviewStatus::Pending => report.warnings.push(format!(
                    "berkas {} ({}) yang dinilai TPI tidak ada di butir {} ruang kerja ini",
                    shown(&e.file_name),
                    e.sha256.short(12),
                    e.item
                )),
                None => {}
            }
        }
        // A file the TPI side does not list has no verdict.
        for (id, _, _, _) in self.evidence_keys_tx(&tx, a.id)? {
            if !judged.contains(&id)
                && self.set_review_tx(&tx, a.id, id, ReviewStatus::Pending, "", sender)?
            {
                report.verdicts_changed += 1;
            }
        }
        if let Some((s, side)) = origin.snapshot {
            self.put_sync_snapshot_tx(&tx, origin.server, &a.unit, a.year, side, s)?;
        }
        tx.commit()?;
        Ok(())
    }
}
