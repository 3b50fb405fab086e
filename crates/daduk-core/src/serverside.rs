//! Pure functions Daduk Server applies to the manifests it stores: each
//! side's own fields out of a pushed body, the answers and scores of a
//! side, and the PortalRB items of an assessment held as two manifests. The
//! server keeps no domain rule of its own; these are the desktop's rules
//! (answer parsing, scoring, evidence descriptions) applied to manifests.

use std::collections::{BTreeMap, BTreeSet};

use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::evidence::ReviewStatus;
use crate::hash::Sha256;
use crate::packet::manifest::{Manifest, PacketKind};
use crate::portalrb::api::ItemAnswers;
use crate::references::{Reference, describe_evidence};
use crate::scoring::{Answers, ScoreCard, score};
use crate::template::Template;
use crate::template::official;

/// Keep only `role`'s side of a pushed manifest: a unit never writes TPI's
/// answers or file verdicts, TPI never the unit's answers, files, absent
/// marks, references or plan. The manifest's kind must fit the role
/// (`submission` for the unit, `review` for TPI).
pub fn side_only(mut m: Manifest, role: Role) -> Result<Manifest, String> {
    match (role, m.kind) {
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

/// Every evidence hash a side refers to (files and plan realisations).
pub fn evidence_hashes(m: &Manifest) -> BTreeSet<Sha256> {
    m.evidence.iter().map(|e| e.sha256).collect()
}

/// The template a manifest was written with, as this build knows it: the
/// official template with the same SHA-256, else the current official
/// template of the same id (same scoring rules, newer texts). `None` for a
/// template this build does not ship.
pub fn template_of(m: &Manifest) -> Option<Template> {
    official::built_in()
        .into_iter()
        .find(|t| t.sha256() == m.template.sha256)
        .or_else(|| official::current(&m.template.id))
}

/// `role`'s answers in a manifest, parsed against `template`; answers that
/// do not parse (an item the template lacks) are left out, as unanswered.
pub fn answers_of(template: &Template, m: &Manifest, role: Role) -> Answers {
    m.answers
        .iter()
        .filter(|a| a.role == role)
        .filter_map(|a| {
            let v = AnswerValue::parse(template, a.item, a.value.as_deref()?).ok()?;
            Some((a.item, v))
        })
        .collect()
}

/// The score of `role`'s answers in a manifest.
pub fn score_of(template: &Template, m: &Manifest, role: Role) -> ScoreCard {
    score(template, &answers_of(template, m, role))
}

/// What each item holds for PortalRB, from the stored unit side and TPI
/// side: both answers, both notes, and the unit's evidence described
/// (references, then the files TPI has not rejected, by name and short
/// hash), lines joined by `sep` — the same as `Workspace::portalrb_items`.
pub fn portalrb_items(
    template: &Template,
    unit_side: Option<&Manifest>,
    tpi_side: Option<&Manifest>,
    sep: &str,
) -> BTreeMap<ItemCode, ItemAnswers> {
    let mut out: BTreeMap<ItemCode, ItemAnswers> = BTreeMap::new();
    for (side, role) in [(unit_side, Role::Unit), (tpi_side, Role::Tpi)] {
        let Some(m) = side else { continue };
        for (item, v) in answers_of(template, m, role) {
            let e = out.entry(item).or_default();
            match role {
                Role::Unit => e.unit = Some(v),
                Role::Tpi => e.tpi = Some(v),
            }
        }
        for a in m.answers.iter().filter(|a| a.role == role) {
            let e = out.entry(a.item).or_default();
            match role {
                Role::Unit => e.unit_note = a.note.clone(),
                Role::Tpi => e.tpi_note = a.note.clone(),
            }
        }
    }
    let Some(unit) = unit_side else { return out };
    let rejected: BTreeSet<(ItemCode, Sha256)> = tpi_side
        .map(|t| {
            t.evidence
                .iter()
                .filter(|e| e.review_status == ReviewStatus::Rejected)
                .map(|e| (e.item, e.sha256))
                .collect()
        })
        .unwrap_or_default();
    let refs: Vec<(ItemCode, Reference)> = unit
        .references
        .iter()
        .map(|r| {
            (
                r.item,
                Reference {
                    text: r.text.clone(),
                    url: r.url.clone(),
                },
            )
        })
        .collect();
    let items: BTreeSet<ItemCode> = unit
        .evidence
        .iter()
        .map(|e| e.item)
        .chain(refs.iter().map(|r| r.0))
        .collect();
    for item in items {
        let description = describe_evidence(
            refs.iter().filter(|r| r.0 == item).map(|r| &r.1),
            unit.evidence
                .iter()
                .filter(|e| e.item == item && !rejected.contains(&(e.item, e.sha256)))
                .map(|e| (e.file_name.as_str(), &e.sha256)),
            sep,
        );
        out.entry(item).or_default().evidence = description;
    }
    out
}

#[cfg(test)]
mod tests;
