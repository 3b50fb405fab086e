//! Writing a checked [`SideChange`] into the workspace, inside the
//! caller's transaction: one function per side, whichever way it came.

use std::collections::{HashMap, HashSet};

use super::SideChange;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{ConsentKind, Error, Result};
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::packet::manifest::{Manifest, PacketAnswer};
use crate::packet::standing::look_alike_message;
use crate::store::answers::{Stamp, ValueChange};
use crate::store::plan::PlanChanges;
use crate::store::{Assessment, AssessmentStatus, Tx, Workspace};
use crate::template::Template;
use crate::template::official::interchangeable;
use crate::text::shown;

/// Whose the side being written is, here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arrival {
    /// The other side, as its author sent it (a packet, a side pulled from
    /// a server): it replaces what this workspace holds of it.
    Received,
    /// This workspace's own side, merged with what another computer of the
    /// same side wrote (a sync).
    Own,
}

/// How the side came, for what is said of it and how a new unit that
/// reads like one already here is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Via {
    /// A packet: a look-alike unit is created only if the user agreed.
    Packet { look_alike_agreed: bool },
    /// A server: a look-alike unit is never created by a sync.
    Server,
}

impl Via {
    fn noun(self) -> &'static str {
        match self {
            Via::Packet { .. } => "paket",
            Via::Server => "server",
        }
    }
}

/// What writing a unit side did.
#[derive(Debug, Default)]
pub(crate) struct UnitWritten {
    /// The assessment written, as it is now (inside the transaction).
    pub assessment: Option<Assessment>,
    pub unit_created: bool,
    pub assessment_created: bool,
    pub answers: Taken,
    /// Files attached now.
    pub added: usize,
    /// Files withdrawn; their blobs are the caller's to release once the
    /// transaction commits.
    pub withdrawn: Vec<Sha256>,
    /// The plan's changes, when the side carries a plan.
    pub plan: Option<PlanChanges>,
    pub warnings: Vec<String>,
}

/// What writing a TPI side did.
#[derive(Debug, Default)]
pub(crate) struct TpiWritten {
    /// Answers whose value changed.
    pub values: usize,
    /// Notes changed.
    pub notes: usize,
    /// Items whose answer or note changed.
    pub items: usize,
    /// File verdicts changed.
    pub verdicts: usize,
    pub warnings: Vec<String>,
}

/// What writing a side's answers changed.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Taken {
    /// Answers whose value changed.
    pub values: usize,
    /// Notes changed.
    pub notes: usize,
    /// Items whose answer or note changed.
    pub items: usize,
}

impl Workspace {
    /// Write a unit side: the unit and assessment (created when new), the
    /// unit's answers, notes and references exactly as sent, the "tidak
    /// ada" marks, the files it lists (withdrawing the ones it speaks for
    /// and no longer lists), the plan (rewritten only when it differs),
    /// and the assessment's status. `fresh` are blobs just hashed on their
    /// way in.
    pub(crate) fn write_unit_side_tx(
        &self,
        tx: &Tx<'_>,
        change: &SideChange<'_>,
        arrival: Arrival,
        via: Via,
        fresh: &HashSet<Sha256>,
    ) -> Result<UnitWritten> {
        debug_assert_eq!(change.side, Role::Unit);
        let m = change.manifest;
        let template = &change.template;
        let mut out = UnitWritten::default();
        out.warnings.extend(change.ignored.clone());
        let existing_unit = self.unit(&m.unit.code).ok();
        // A look-alike arriving silently is how one unit poses as another:
        // such a unit is created only by a person, knowingly.
        if arrival == Arrival::Received
            && existing_unit.is_none()
            && let Some(twin) = self.look_alike_unit(&m.unit.code, &m.unit.name)?
        {
            let message = look_alike_message(m, &twin);
            match via {
                Via::Packet {
                    look_alike_agreed: false,
                } => {
                    return Err(Error::NeedsConsent {
                        consent: ConsentKind::LookAlikeUnit,
                        message: format!(
                            "paket ditolak: {message}. Setujui unit baru ini hanya bila memang unit lain"
                        ),
                    });
                }
                Via::Packet { .. } => out.warnings.push(format!(
                    "{message}; dibuat sebagai unit baru karena Anda menyetujuinya"
                )),
                Via::Server => {
                    return Err(Error::Invalid(format!(
                        "{message}; tidak dibuat. Bila memang unit lain, tambahkan unit {} di ruang kerja ini lebih dulu \
                         (kode dan nama persis seperti di server), lalu sinkronkan lagi",
                        shown(&m.unit.code)
                    )));
                }
            }
        }
        if arrival == Arrival::Received
            && let Some(u) = &existing_unit
            && !u.name.trim().eq_ignore_ascii_case(m.unit.name.trim())
        {
            return Err(Error::Invalid(format!(
                "unit {} sudah ada di ruang kerja ini dengan nama lain ('{}', {}: '{}'); periksa apakah ini unit yang sama",
                u.code,
                shown(&u.name),
                via.noun(),
                shown(&m.unit.name)
            )));
        }
        let existing = self.assessment(&m.unit.code, m.year).ok();
        if let Some(a) = &existing
            && !interchangeable(&self.template_of(a)?, template)
        {
            return Err(Error::Invalid(format!(
                "penilaian {} {} di ruang kerja ini memakai templat lain ({}; {}: {})",
                a.unit,
                a.year,
                a.template_sha256.short(12),
                via.noun(),
                template.sha256().short(12)
            )));
        }
        self.insert_template(tx, template)?;
        let unit_id = match &existing_unit {
            Some(u) => u.id,
            None => {
                out.unit_created = true;
                self.insert_unit(tx, &m.unit.new_unit())?
            }
        };
        let assessment_id = match &existing {
            Some(a) => a.id,
            None => {
                out.assessment_created = true;
                self.insert_assessment(tx, unit_id, &m.unit.code, m.year, template)?
            }
        };
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        out.answers = self.take_answers_tx(
            tx,
            assessment_id,
            Role::Unit,
            template,
            &change.answers,
            sender,
        )?;
        self.take_references_tx(tx, assessment_id, template, m, via.noun())?;
        let marks: Vec<(ItemCode, String, String)> = m
            .absent
            .iter()
            .map(|x| (x.item, x.kind.clone(), x.reason.clone()))
            .collect();
        self.replace_absent_tx(tx, assessment_id, &marks, sender)?;
        // Files: exactly those listed. An evaluator's workspace withdraws
        // only files the unit brought (never its own attachments); a
        // unit's own side speaks for all of its files.
        let listed: HashSet<(ItemCode, Sha256)> =
            m.evidence.iter().map(|e| (e.item, e.sha256)).collect();
        out.withdrawn = self.withdraw_unlisted_tx(tx, assessment_id, &listed, |from_packet| {
            arrival == Arrival::Own || from_packet
        })?;
        out.added = self.take_listed_files_tx(
            tx,
            assessment_id,
            m,
            sender,
            fresh,
            arrival == Arrival::Received,
        )?;
        if let (Some((items, activities)), Some(p)) = (&change.plan, &m.plan) {
            let unchanged = match &existing {
                Some(a) => self.packet_plan(a)?.as_ref() == Some(p),
                None => false,
            };
            out.plan = Some(if unchanged {
                PlanChanges::default()
            } else {
                self.replace_plan_tx(
                    tx,
                    assessment_id,
                    &format!("{} {}", m.unit.code, m.year),
                    items,
                    activities,
                    (&p.created_by, &p.created_at),
                )?
            });
        }
        // Reads on this connection see the transaction's writes.
        let mut a = self.assessment_by_id(assessment_id)?;
        let status = match arrival {
            // The unit's own side carries its status (merged like the rest).
            Arrival::Own => m.status,
            // Received like a submission: at least Diajukan.
            Arrival::Received if a.status == AssessmentStatus::Draft => AssessmentStatus::Submitted,
            Arrival::Received => a.status,
        };
        if a.status != status {
            self.set_status_tx(tx, &a, status)?;
            a = self.assessment_by_id(assessment_id)?;
        }
        out.assessment = Some(a);
        Ok(out)
    }

    /// Write a TPI side into an assessment this workspace holds: every TPI
    /// answer and note exactly as sent (an item it does not answer is
    /// cleared in the sender's name), and every file's verdict (a file it
    /// does not list has none).
    pub(crate) fn write_tpi_side_tx(
        &self,
        tx: &Tx<'_>,
        a: &Assessment,
        change: &SideChange<'_>,
    ) -> Result<TpiWritten> {
        debug_assert_eq!(change.side, Role::Tpi);
        change.check_for(a)?;
        let m = change.manifest;
        let mut out = TpiWritten::default();
        out.warnings.extend(change.ignored.clone());
        let sender = Stamp {
            by: &m.created_by,
            at: &m.created_at,
        };
        let taken = self.take_answers_tx(
            tx,
            a.id,
            Role::Tpi,
            &change.template,
            &change.answers,
            sender,
        )?;
        out.values = taken.values;
        out.notes = taken.notes;
        out.items = taken.items;
        let mut judged = HashSet::new();
        for e in &m.evidence {
            match self.evidence_id_tx(tx, a.id, e.item, e.sha256)? {
                Some(id) => {
                    judged.insert(id);
                    let stamp = match (&e.reviewed_by, &e.reviewed_at) {
                        (Some(by), Some(at)) => Stamp { by, at },
                        _ => sender,
                    };
                    if self.set_review_tx(tx, a.id, id, e.review_status, &e.review_note, stamp)? {
                        out.verdicts += 1;
                    }
                }
                None if e.review_status != ReviewStatus::Pending => out.warnings.push(format!(
                    "berkas {} ({}) yang dinilai TPI tidak ada di butir {} ruang kerja ini",
                    shown(&e.file_name),
                    e.sha256.short(12),
                    e.item
                )),
                None => {}
            }
        }
        // A file the TPI side does not list has no verdict.
        for (id, _, _, _) in self.evidence_keys_tx(tx, a.id)? {
            if !judged.contains(&id)
                && self.set_review_tx(tx, a.id, id, ReviewStatus::Pending, "", sender)?
            {
                out.verdicts += 1;
            }
        }
        Ok(out)
    }

    /// Write one side's answers as sent: each taken with its author and
    /// time; an item the side does not answer is cleared in the sender's
    /// name.
    pub(super) fn take_answers_tx(
        &self,
        tx: &Tx<'_>,
        assessment_id: i64,
        role: Role,
        template: &Template,
        answers: &HashMap<ItemCode, (Option<AnswerValue>, &PacketAnswer)>,
        sender: Stamp<'_>,
    ) -> Result<Taken> {
        let mut changed = Taken::default();
        for &item in template.item_codes() {
            let (value, note, stamp) = match answers.get(&item) {
                Some((v, a)) => (
                    v.as_ref().map_or(ValueChange::Clear, ValueChange::Set),
                    a.note.as_str(),
                    Stamp {
                        by: &a.updated_by,
                        at: &a.updated_at,
                    },
                ),
                None => (ValueChange::Clear, "", sender),
            };
            let c = self.upsert_as(
                tx,
                assessment_id,
                role,
                item,
                value,
                Some(note),
                Some(stamp),
            )?;
            changed.values += usize::from(c.value);
            changed.notes += usize::from(c.note);
            changed.items += usize::from(c.any());
        }
        Ok(changed)
    }

    /// Make every item's references what a unit side lists; `source` names
    /// where they came from.
    fn take_references_tx(
        &self,
        tx: &Tx<'_>,
        assessment_id: i64,
        template: &Template,
        m: &Manifest,
        source: &str,
    ) -> Result<()> {
        for &item in template.item_codes() {
            let refs: Vec<crate::references::Reference> = m
                .references
                .iter()
                .filter(|r| r.item == item)
                .map(|r| crate::references::Reference {
                    text: r.text.clone(),
                    url: r.url.clone(),
                })
                .collect();
            self.put_references(tx, assessment_id, item, &refs, source, true)?;
        }
        Ok(())
    }
}
