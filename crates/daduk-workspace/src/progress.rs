//! How far an assessment is: what is answered, what is missing, by area.

use serde::Serialize;

use crate::answer::Role;
use crate::code::{AreaCode, ItemCode};
use crate::error::Result;
use crate::store::{Assessment, Workspace};

/// Progress of one assessment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Progress {
    /// Number of items.
    pub items: usize,
    /// Items the unit answered.
    pub answered_unit: usize,
    /// Items TPI answered.
    pub answered_tpi: usize,
    /// Items both answered, differently.
    pub differ: Vec<ItemCode>,
    /// Items whose data dukung is complete (Lengkap).
    pub complete: usize,
    /// Per area within a part (`P.1` ... `H.2`), in LKE order.
    pub areas: Vec<AreaProgress>,
}

/// Progress of one area within a part.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AreaProgress {
    /// The area, e.g. `P.1`.
    pub area: AreaCode,
    /// Its name.
    pub name: String,
    /// Number of items.
    pub items: usize,
    /// Items the unit has not answered.
    pub unanswered: Vec<ItemCode>,
    /// Items TPI has not answered.
    pub unanswered_tpi: Vec<ItemCode>,
    /// Items whose data dukung is complete.
    pub complete: usize,
    /// Items Tidak Lengkap, with the kinds still missing.
    pub incomplete: Vec<MissingEvidence>,
}

/// An item whose data dukung is not complete.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MissingEvidence {
    /// The item.
    pub item: ItemCode,
    /// Labels of the required kinds not yet covered.
    pub kinds: Vec<String>,
}

impl Workspace {
    /// What is answered and what is missing in an assessment.
    pub fn progress(&self, assessment: &Assessment) -> Result<Progress> {
        let template = self.template_of(assessment)?;
        let unit = self.answers(assessment, Role::Unit)?;
        let tpi = self.answers(assessment, Role::Tpi)?;
        let completeness = self.completeness(assessment)?;
        let mut areas: Vec<AreaProgress> = Vec::new();
        let mut differ = Vec::new();
        for r in template.items() {
            let code = r.item.code;
            let area = code.area_code();
            if areas.last().is_none_or(|a| a.area != area) {
                areas.push(AreaProgress {
                    area,
                    name: r.area.name.clone(),
                    items: 0,
                    unanswered: Vec::new(),
                    unanswered_tpi: Vec::new(),
                    complete: 0,
                    incomplete: Vec::new(),
                });
            }
            let Some(entry) = areas.last_mut() else {
                continue;
            };
            entry.items += 1;
            match (unit.get(&code), tpi.get(&code)) {
                (Some(u), Some(t)) if u != t => differ.push(code),
                _ => {}
            }
            if !unit.contains_key(&code) {
                entry.unanswered.push(code);
            }
            if !tpi.contains_key(&code) {
                entry.unanswered_tpi.push(code);
            }
            match completeness.items.get(&code) {
                Some(c) if c.complete => entry.complete += 1,
                Some(c) => entry.incomplete.push(MissingEvidence {
                    item: code,
                    kinds: c
                        .kinds
                        .iter()
                        .filter(|k| !k.covered)
                        .map(|k| k.label.clone())
                        .collect(),
                }),
                None => {}
            }
        }
        Ok(Progress {
            items: template.item_count(),
            answered_unit: unit.len(),
            answered_tpi: tpi.len(),
            differ,
            complete: completeness.total.complete,
            areas,
        })
    }
}

impl Workspace {
    /// Score one role's answers of an assessment.
    pub fn score(&self, assessment: &Assessment, role: Role) -> Result<crate::scoring::ScoreCard> {
        let template = self.template_of(assessment)?;
        Ok(crate::scoring::score(
            &template,
            &self.answers(assessment, role)?,
        ))
    }

    /// Unit, TPI and TPN side by side, item by item, with the differences
    /// (`scoring::side_by_side`).
    pub fn side_by_side(&self, assessment: &Assessment) -> Result<crate::scoring::SideBySide> {
        let template = self.template_of(assessment)?;
        let [unit, tpi, tpn] = Role::ALL.map(|r| self.answers(assessment, r));
        Ok(crate::scoring::side_by_side(
            &template,
            [&unit?, &tpi?, &tpn?],
        ))
    }
}
