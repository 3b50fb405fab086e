//! The PortalRB bodies of a workspace's assessments (the offline form of
//! the API; the server builds the same from its own store).

use std::collections::BTreeMap;
use std::path::Path;

use super::api::{ItemAnswers, JawabanUnit, ProposedUnit, UnitList, jawaban_unit, kategori};
use super::mapping::SoalMap;
use crate::answer::Role;
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::ReviewStatus;
use crate::references::describe_evidence;
use crate::store::{Assessment, AssessmentStatus, Target, Workspace};

impl Workspace {
    /// What each item of an assessment holds, for PortalRB: both answers,
    /// both notes, and its evidence described (references, then the files
    /// TPI has not rejected, by name and short hash), lines joined by `sep`.
    pub fn portalrb_items(
        &self,
        a: &Assessment,
        sep: &str,
    ) -> Result<BTreeMap<ItemCode, ItemAnswers>> {
        // One read transaction: answers, notes and files of one state.
        let snapshot = self.conn().unchecked_transaction()?;
        let unit = self.answers(a, Role::Unit)?;
        let tpi = self.answers(a, Role::Tpi)?;
        let records = self.answer_records(a)?;
        let files = self.evidence_list(a, None)?;
        let refs = self.references(a, None)?;
        snapshot.rollback()?;
        let mut out: BTreeMap<ItemCode, ItemAnswers> = BTreeMap::new();
        for (item, v) in unit {
            out.entry(item).or_default().unit = Some(v);
        }
        for (item, v) in tpi {
            out.entry(item).or_default().tpi = Some(v);
        }
        for r in records {
            let e = out.entry(r.item).or_default();
            match r.role {
                Role::Unit => e.unit_note = r.note,
                Role::Tpi => e.tpi_note = r.note,
            }
        }
        let items: std::collections::BTreeSet<ItemCode> = files
            .iter()
            .map(|f| f.item)
            .chain(refs.iter().map(|r| r.item))
            .collect();
        for item in items {
            let description = describe_evidence(
                refs.iter().filter(|r| r.item == item).map(|r| &r.reference),
                files
                    .iter()
                    .filter(|f| f.item == item && f.review_status != ReviewStatus::Rejected)
                    .map(|f| (f.file_name.as_str(), &f.sha256)),
                sep,
            );
            out.entry(item).or_default().evidence = description;
        }
        Ok(out)
    }

    /// The body of `GET /lke/jawaban-unit/{unit_id}` for an assessment,
    /// with the PortalRB question list of the assessment's year.
    pub fn portalrb_jawaban(&self, a: &Assessment) -> Result<JawabanUnit> {
        let template = self.template_of(a)?;
        let map = SoalMap::built_in(&template, a.year)?;
        let items = self.portalrb_items(a, "; ")?;
        Ok(jawaban_unit(&map, &a.unit, &a.unit_name, &items))
    }

    /// The body of `GET /pengusulan/unit-wbk` (or `unit-wbbm`): the units
    /// whose assessment for `year` has been submitted (or reviewed, or made
    /// final) and whose target is `predicate`, by code.
    pub fn portalrb_units(&self, year: i32, predicate: Target) -> Result<UnitList> {
        let mut units = Vec::new();
        for a in self.assessments()? {
            if a.year != year || a.status == AssessmentStatus::Draft {
                continue;
            }
            let u = self.unit(&a.unit)?;
            if u.target != predicate {
                continue;
            }
            let afirmasi = u.afirmasi && predicate == Target::Wbk;
            units.push(ProposedUnit {
                id: u.code,
                nama: u.name,
                kategori: kategori(predicate, afirmasi).into(),
                afirmasi,
            });
        }
        units.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(UnitList { tahun: year, units })
    }
}

/// Write a PortalRB body as pretty JSON (UTF-8, ending in a newline), whole
/// or not at all, where `target` allows.
pub fn write_json(
    out: &Path,
    body: &impl serde::Serialize,
    target: crate::output::Target<'_>,
) -> Result<()> {
    let mut bytes = serde_json::to_vec_pretty(body)
        .map_err(|e| Error::Invalid(format!("JSON PortalRB tidak dapat dibuat: {e}")))?;
    bytes.push(b'\n');
    crate::output::write(out, &bytes, target)
}
