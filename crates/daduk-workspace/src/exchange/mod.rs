//! One side exchange: a side of one assessment that arrives from elsewhere
//! — a packet, or a side pulled from a server (as the server has it, or
//! merged with this workspace's own) — is first checked whole into a
//! [`SideChange`] (answers parsed against the template, items and evidence
//! kinds known, references clean, the plan as `plan activity add` takes
//! it), and then written by one function per side
//! ([`Workspace::write_unit_side_tx`], [`Workspace::write_tpi_side_tx`])
//! inside the caller's transaction. What differs between a packet and a
//! sync is only what surrounds that write: a packet's signature and
//! sender, a sync's snapshot and three-way merge (`sync::merge`).
//!
//! The unit side writes the unit's answers, notes, "tidak ada" marks,
//! references, files and plan — never a TPI answer or a verdict. The TPI
//! side writes TPI answers, notes and file verdicts — never a unit
//! answer, a file or the plan. Whatever of the other side a change
//! carries is ignored and said so. TPN's side (kind `tpn`: TPN's answers,
//! notes and the national evaluation's stages, recorded by the unit or by
//! TPI) is written by [`Workspace::write_tpn_side_tx`]; a packet carries it
//! beside its sender's side ([`tpn_part`]) and an import merges it item by
//! item, never overwriting what this workspace recorded differently.
//!
//! [`Workspace::write_unit_side_tx`]: crate::Workspace::write_unit_side_tx
//! [`Workspace::write_tpi_side_tx`]: crate::Workspace::write_tpi_side_tx
//! [`Workspace::write_tpn_side_tx`]: crate::Workspace::write_tpn_side_tx

mod tpn;
mod write;

use std::collections::HashMap;

use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::ReviewStatus;
use crate::packet::manifest::{Manifest, PacketAnswer, PacketKind, PacketPlan};
use crate::plan::{ItemPlan, NewActivity, check_activity, check_item};
use crate::store::plan::{ActivityRows, ProgressRow};
use crate::template::Template;
use crate::text::shown;

pub(crate) use write::{Arrival, Via};

/// Which of two copies of one thing a merge keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pick {
    /// What is here: unchanged there, or the same on both.
    Here,
    /// What came: changed only there.
    There,
    /// Changed on both, differently: what is here is kept and the clash
    /// recorded as a conflict.
    Clash,
}

/// The one merge rule of every exchange (a sync of a side changed on two
/// computers, a worksheet edited while the workspace was too), per thing,
/// with `base` the last state both agreed on: what changed only there is
/// taken, what changed only here is kept, what changed on both differently
/// is kept here and recorded.
pub(crate) fn pick<V>(
    base: Option<&V>,
    here: Option<&V>,
    there: Option<&V>,
    same: impl Fn(&V, &V) -> bool,
) -> Pick {
    let eq = |a: Option<&V>, b: Option<&V>| match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => same(x, y),
        _ => false,
    };
    if eq(here, there) || eq(there, base) {
        Pick::Here
    } else if eq(here, base) {
        Pick::There
    } else {
        Pick::Clash
    }
}

/// One side of one assessment, checked whole and ready to be written.
pub(crate) struct SideChange<'m> {
    /// The side as it came.
    pub manifest: &'m Manifest,
    /// Which side it is.
    pub side: Role,
    /// The template its answers were parsed against.
    pub template: Template,
    /// This side's answers, parsed.
    pub answers: HashMap<ItemCode, (Option<AnswerValue>, &'m PacketAnswer)>,
    /// The unit's plan as rows to store (unit side, when it carries one).
    pub plan: Option<(Vec<ItemPlan>, Vec<ActivityRows>)>,
    /// What of the other side it carried, ignored.
    pub ignored: Option<String>,
}

impl<'m> SideChange<'m> {
    /// Check `m` as `side` of an assessment under `template`; `what` names
    /// the change in what is said of it ("paket", "sisi unit dari server").
    /// Refused whole on the first thing that does not fit.
    pub(crate) fn check(
        m: &'m Manifest,
        side: Role,
        template: Template,
        what: &str,
    ) -> Result<SideChange<'m>> {
        let expected = match side {
            Role::Unit => PacketKind::Submission,
            Role::Tpi => PacketKind::Review,
            Role::Tpn => PacketKind::Tpn,
        };
        if m.kind != expected {
            return Err(Error::Invalid(format!(
                "{what} bukan {}",
                match side {
                    Role::Unit => "manifest kiriman (sisi unit)",
                    Role::Tpi => "manifest reviu (sisi TPI)",
                    Role::Tpn => "sisi TPN",
                }
            )));
        }
        let answers = parse_answers(&template, m, side)?;
        let (plan, ignored) = match side {
            Role::Unit => {
                let plan = m
                    .plan
                    .as_ref()
                    .map(|p| plan_rows(&template, p))
                    .transpose()?;
                let tpi = m.answers.iter().filter(|a| a.role == Role::Tpi).count();
                let verdicts = m
                    .evidence
                    .iter()
                    .filter(|e| e.review_status != ReviewStatus::Pending)
                    .count();
                let ignored = (tpi + verdicts > 0).then(|| {
                    format!(
                        "{what} memuat {tpi} jawaban TPI dan {verdicts} penilaian berkas; diabaikan (sisi TPI hanya diisi evaluator)"
                    )
                });
                (plan, ignored)
            }
            Role::Tpi => {
                // The unit's answers a TPI side carries are the ones it
                // judged (a review packet's basis for conflicts): read,
                // never written.
                let ignored = m.plan.is_some().then(|| {
                    format!("{what} memuat rencana aksi; diabaikan (rencana aksi hanya diisi unit)")
                });
                (None, ignored)
            }
            // `Manifest::parse` already refused anything else in a TPN side.
            Role::Tpn => (None, None),
        };
        Ok(SideChange {
            manifest: m,
            side,
            template,
            answers,
            plan,
            ignored,
        })
    }
}

impl SideChange<'_> {
    /// The change must be for assessment `a` (its unit and year).
    pub(crate) fn check_for(&self, a: &crate::store::Assessment) -> Result<()> {
        let m = self.manifest;
        if m.unit.code != a.unit || m.year != a.year {
            return Err(Error::Invalid(format!(
                "sisi {} untuk {} {}, bukan {} {}",
                self.side.label(),
                shown(&m.unit.code),
                m.year,
                a.unit,
                a.year
            )));
        }
        Ok(())
    }
}

/// TPN's part of a packet (its TPN answers and stages) as a TPN side of its
/// own, for [`SideChange::check`]; `None` when the packet carries none.
pub(crate) fn tpn_part(m: &Manifest) -> Option<Manifest> {
    let answers: Vec<PacketAnswer> = m
        .answers
        .iter()
        .filter(|a| a.role == Role::Tpn)
        .cloned()
        .collect();
    if answers.is_empty() && m.tpn_stages.is_empty() {
        return None;
    }
    let mut part = m.clone();
    part.kind = PacketKind::Tpn;
    part.answers = answers;
    part.evidence.clear();
    part.absent.clear();
    part.references.clear();
    part.files.clear();
    part.plan = None;
    part.based_on = None;
    part.template.path = None;
    part.scores.retain(|r, _| *r == Role::Tpn);
    Some(part)
}

/// The answers of one role, parsed against the template; the change is
/// refused on the first that does not fit.
pub(crate) fn parse_answers<'m>(
    template: &Template,
    m: &'m Manifest,
    role: Role,
) -> Result<HashMap<ItemCode, (Option<AnswerValue>, &'m PacketAnswer)>> {
    let mut out = HashMap::new();
    for a in m.answers.iter().filter(|a| a.role == role) {
        let value = a
            .value
            .as_deref()
            .map(|v| AnswerValue::parse(template, a.item, v))
            .transpose()
            .map_err(|e| Error::Invalid(format!("paket ditolak: {e}")))?;
        if out.insert(a.item, (value, a)).is_some() {
            return Err(Error::Invalid(format!(
                "paket ditolak: jawaban {} {} tercantum dua kali",
                a.role, a.item
            )));
        }
    }
    check_references(template, m)?;
    for e in &m.evidence {
        if template.item(e.item).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: data dukung untuk butir {} yang tidak ada di templat",
                e.item
            )));
        }
        if template.evidence_kind(&e.kind).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: jenis data dukung '{}' ({}) tidak dikenal",
                shown(&e.kind),
                e.item
            )));
        }
    }
    Ok(out)
}

/// References of a change: items of the template, texts and links as
/// Daduk itself would keep them (clean, within their bounds).
fn check_references(template: &Template, m: &Manifest) -> Result<()> {
    if m.references.len() > 100_000 {
        return Err(Error::Invalid(
            "paket ditolak: terlalu banyak rujukan data dukung".into(),
        ));
    }
    for r in &m.references {
        if template.item(r.item).is_none() {
            return Err(Error::Invalid(format!(
                "paket ditolak: rujukan untuk butir {} yang tidak ada di templat",
                r.item
            )));
        }
        let clean = crate::references::Reference::new(&r.text, &r.url);
        if clean.as_ref().map(|c| (&c.text, &c.url)) != Some((&r.text, &r.url)) {
            return Err(Error::Invalid(format!(
                "paket ditolak: rujukan butir {} tidak sah (kosong, terlalu panjang atau berisi karakter kendali)",
                r.item
            )));
        }
    }
    Ok(())
}

/// A unit side's plan checked against its template, as rows to store:
/// every item known, every activity as `daduk plan activity add` would
/// take it.
pub(crate) fn plan_rows(
    template: &Template,
    plan: &PacketPlan,
) -> Result<(Vec<ItemPlan>, Vec<ActivityRows>)> {
    let refused = |what: String, e: Error| {
        Error::Invalid(format!(
            "paket ditolak: rencana aksi {what}: {e}; tidak ada yang diimpor"
        ))
    };
    let mut items = Vec::with_capacity(plan.items.len());
    for i in &plan.items {
        check_item(template, i.item).map_err(|e| refused(format!("butir {}", i.item), e.into()))?;
        items.push(ItemPlan {
            code: i.item,
            months: i.months,
            pic: i.pic.clone(),
            note: i.note.clone(),
        });
    }
    let mut activities = Vec::with_capacity(plan.activities.len());
    for (n, a) in plan.activities.iter().enumerate() {
        let fields = check_activity(
            template,
            &NewActivity {
                area: a.area,
                program: a.program.clone(),
                activity: a.activity.clone(),
                target: a.target.clone(),
                months: a.months,
                pic: a.pic.clone(),
                outputs: a.outputs.clone(),
                items: a.items.clone(),
            },
        )
        .map_err(|e| refused(format!("kegiatan ke-{}", n + 1), e.into()))?;
        let progress = a
            .progress
            .iter()
            .map(|r| ProgressRow {
                month: r.month,
                status: r.status,
                percent: r.percent,
                note: r.note.clone(),
                kendala: r.kendala.clone(),
                solusi: r.solusi.clone(),
                rekomendasi: r.rekomendasi.clone(),
                evidence: r.evidence.iter().map(|e| (e.item, e.sha256)).collect(),
                updated_by: r.updated_by.clone(),
                updated_at: r.updated_at.clone(),
            })
            .collect();
        activities.push(ActivityRows { fields, progress });
    }
    Ok((items, activities))
}
