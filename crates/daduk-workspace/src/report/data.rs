//! Everything a report shows, read from the workspace in one snapshot and
//! handed to `daduk_doc::report` as plain data.

use std::collections::HashMap;

use chrono::NaiveDate;
use daduk_doc::report::{ReportData, TpnData};

use super::manifest::build_manifest;
use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::Result;
use crate::evidence::Evidence;
use crate::scoring::{score, side_by_side};
use crate::store::{Assessment, Workspace};

/// Read everything inside one read transaction, so the figures, the lists
/// and the manifest hash describe the same state even while another process
/// writes.
pub(crate) fn load(ws: &Workspace, a: &Assessment, date: NaiveDate) -> Result<ReportData> {
    let snapshot = ws.conn().unchecked_transaction()?;
    let assessment = ws.assessment_by_id(a.id)?;
    let template = ws.template_of(&assessment)?;
    let unit = ws.unit(&assessment.unit)?;
    let answers = [
        ws.answers(&assessment, Role::Unit)?,
        ws.answers(&assessment, Role::Tpi)?,
    ];
    let cards = [score(&template, &answers[0]), score(&template, &answers[1])];
    let records = ws.answer_records(&assessment)?;
    let carried = records
        .iter()
        .filter(|r| r.role == Role::Unit)
        .filter_map(|r| r.carried_from.map(|y| (r.item, y)))
        .collect();
    let notes = records
        .into_iter()
        .map(|r| ((r.item, r.role), r.note))
        .collect();
    let completeness = ws.completeness(&assessment)?;
    let mut evidence: HashMap<ItemCode, Vec<Evidence>> = HashMap::new();
    for e in ws.evidence_list(&assessment, None)? {
        evidence.entry(e.item).or_default().push(e);
    }
    let mut references: HashMap<ItemCode, Vec<_>> = HashMap::new();
    for r in ws.references(&assessment, None)? {
        references.entry(r.item).or_default().push(r.reference);
    }
    let content_findings = ws
        .file_readings(&assessment, None, date)?
        .into_iter()
        .filter(|r| !r.findings.is_empty())
        .map(|r| (r.evidence_id, r.findings))
        .collect();
    let manifest_sha256 = build_manifest(ws, &assessment)?.sha256();
    let trend = ws
        .trend(&assessment.unit, assessment.year - 4, assessment.year)
        .ok()
        .filter(|t| t.years.len() > 1);
    // TPN's result, when anything of it is recorded: a report of an
    // assessment without it has no such section.
    let stages = ws.tpn_stages(&assessment)?;
    let tpn_answers = ws.answers(&assessment, Role::Tpn)?;
    let tpn = (!stages.is_empty() || !tpn_answers.is_empty()).then(|| TpnData {
        standing: crate::tpn::standing(&stages),
        stages,
        card: score(&template, &tpn_answers),
        sides: side_by_side(&template, [&answers[0], &answers[1], &tpn_answers]),
    });
    snapshot.rollback()?;
    Ok(ReportData {
        template,
        unit,
        assessment,
        answers,
        cards,
        notes,
        carried,
        completeness,
        evidence,
        references,
        content_findings,
        manifest_sha256,
        date,
        trend,
        tpn,
    })
}
