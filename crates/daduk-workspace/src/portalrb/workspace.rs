//! The PortalRB bodies of a workspace's assessments (the offline form of
//! the API; the server builds the same from its own store).

use std::collections::BTreeMap;
use std::path::Path;

use super::api::{ItemAnswers, JawabanUnit, ProposedUnit, UnitList, jawaban_unit, kategori};
use super::mapping::SoalMap;
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::store::{Assessment, AssessmentStatus, Target, Workspace};

impl Workspace {
    /// What each item of an assessment holds, for PortalRB: both answers,
    /// both notes, and its evidence described (references, then the files
    /// TPI has not rejected, by name and short hash), lines joined by `sep`
    /// ([`daduk_domain::Snapshot::portalrb_items`]).
    pub fn portalrb_items(
        &self,
        a: &Assessment,
        sep: &str,
    ) -> Result<BTreeMap<ItemCode, ItemAnswers>> {
        // The same snapshot and rule as the server's.
        Ok(self.snapshot(a)?.portalrb_items(sep))
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
