//! Many assessments side by side: every unit of a workspace with, per
//! assessment, the unit's and TPI's scores, the WBK/WBBM checks and the share
//! of complete items, overall and for each of the six change areas.
//!
//! This is what the app's start screen lists and what an evaluator (TPI)
//! compares across the units it reviews. Each figure comes from the same
//! scoring and completeness the rest of the core uses; this module only
//! gathers them per assessment and joins each change area's Pemenuhan and
//! Reform halves.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::answer::Role;
use crate::code::Part;
use crate::error::Result;
use crate::evidence::{Completeness, Share};
use crate::scoring::ScoreCard;
use crate::store::{Assessment, Unit, Workspace};
use crate::template::Template;

/// A unit with its assessments, newest year first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnitOverview {
    /// The unit.
    pub unit: Unit,
    /// Its assessments, newest year first; empty when none was started.
    pub assessments: Vec<AssessmentOverview>,
}

/// One assessment in figures.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentOverview {
    /// The assessment.
    pub assessment: Assessment,
    /// Number of items of its template.
    pub items: usize,
    /// The unit's answers (penilaian mandiri).
    pub unit: RoleOverview,
    /// TPI's answers.
    pub tpi: RoleOverview,
    /// Items whose data dukung is complete (Lengkap).
    pub completeness: Share,
    /// Files attached.
    pub files: usize,
    /// The six change areas, in LKE order.
    pub areas: Vec<AreaOverview>,
    /// Whether it came in a unit's packet (this workspace reviews it)
    /// rather than being started here.
    pub received: bool,
    /// Activities of the plan and items late today (`crate::plan::status`).
    pub plan_overdue: usize,
}

/// The figures of one role's answers.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RoleOverview {
    /// Total score, 0..100.
    pub total: f64,
    /// Items answered.
    pub answered: usize,
    /// Whether each predicate's conditions all hold, in template order
    /// (`wbk`, `wbbm`).
    pub predicates: Vec<PredicateFlag>,
}

/// Whether a predicate (WBK, WBBM) is within reach.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PredicateFlag {
    /// `wbk` or `wbbm`.
    pub code: String,
    /// Whether every condition holds.
    pub eligible: bool,
    /// How many conditions fail.
    pub failed: usize,
}

/// A change area (Pemenuhan + Reform) of one assessment.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AreaOverview {
    /// Area number, 1..6.
    pub area: u8,
    /// Its name.
    pub name: String,
    /// Weight of both halves.
    pub weight: f64,
    /// The unit's score, points.
    pub unit: f64,
    /// TPI's score, points.
    pub tpi: f64,
    /// Complete items of both halves.
    pub completeness: Share,
}

impl Workspace {
    /// Every unit with its assessments in figures, by unit code.
    pub fn overview(&self) -> Result<Vec<UnitOverview>> {
        let mut by_unit: BTreeMap<String, Vec<AssessmentOverview>> = BTreeMap::new();
        for a in self.assessments()? {
            let figures = self.assessment_overview(&a)?;
            by_unit.entry(a.unit.clone()).or_default().push(figures);
        }
        self.units()?
            .into_iter()
            .map(|unit| {
                let mut assessments = by_unit.remove(&unit.code).unwrap_or_default();
                assessments.sort_by_key(|o| std::cmp::Reverse(o.assessment.year));
                Ok(UnitOverview { unit, assessments })
            })
            .collect()
    }

    /// One assessment in figures.
    pub fn assessment_overview(&self, a: &Assessment) -> Result<AssessmentOverview> {
        let template = self.template_of(a)?;
        let unit = self.score(a, Role::Unit)?;
        let tpi = self.score(a, Role::Tpi)?;
        let completeness = self.completeness(a)?;
        let areas = unit
            .change_areas
            .iter()
            .map(|ca| AreaOverview {
                area: ca.area,
                name: ca.name.clone(),
                weight: ca.weight,
                unit: ca.score,
                tpi: tpi
                    .change_areas
                    .iter()
                    .find(|t| t.area == ca.area)
                    .map_or(0.0, |t| t.score),
                completeness: change_area_share(&completeness, ca.area),
            })
            .collect();
        Ok(AssessmentOverview {
            assessment: a.clone(),
            items: template.item_count(),
            unit: role_overview(&template, &unit),
            tpi: role_overview(&template, &tpi),
            completeness: completeness.total,
            files: file_count(&completeness),
            plan_overdue: self
                .plan_view_with(a, &completeness, crate::plan::today())?
                .summary
                .overdue
                .len(),
            areas,
            received: self.is_received(a.id)?,
        })
    }
}

fn role_overview(template: &Template, card: &ScoreCard) -> RoleOverview {
    RoleOverview {
        total: card.total,
        answered: card.answered,
        predicates: template
            .doc()
            .predicates
            .iter()
            .filter_map(|def| card.predicates.get(&def.code).map(|p| (&def.code, p)))
            .map(|(code, p)| PredicateFlag {
                code: code.clone(),
                eligible: p.eligible,
                failed: p.failed.len(),
            })
            .collect(),
    }
}

/// The Pemenuhan and Reform halves of change area `area` together.
fn change_area_share(c: &Completeness, area: u8) -> Share {
    let (complete, total) = c
        .areas
        .iter()
        .filter(|(code, _)| code.area == area && matches!(code.part, Part::P | Part::R))
        .fold((0, 0), |(n, t), (_, s)| (n + s.complete, t + s.total));
    Share {
        complete,
        total,
        share: if total == 0 {
            0.0
        } else {
            complete as f64 / total as f64
        },
    }
}

/// Every attached file is counted once: under its required kind, or among
/// the item's other files.
fn file_count(c: &Completeness) -> usize {
    c.items
        .values()
        .map(|i| {
            i.other_files
                + i.kinds
                    .iter()
                    .map(|k| k.files + k.damaged + k.rejected)
                    .sum::<usize>()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::answer::AnswerValue;
    use crate::code::ItemCode;
    use crate::store::tests::{unit, workspace};

    fn answer(ws: &Workspace, a: &Assessment, role: Role, item: &str, text: &str) {
        let code: ItemCode = item.parse().unwrap();
        let value = AnswerValue::parse(&ws.template_of(a).unwrap(), code, text).unwrap();
        ws.set_answer(a, role, code, &value, None).unwrap();
    }

    fn attach(ws: &Workspace, a: &Assessment, dir: &Path, item: &str, kind: &str, n: usize) {
        for i in 0..n {
            let path = dir.join(format!("{item}-{kind}-{i}.pdf"));
            std::fs::write(&path, format!("{item} {kind} {i}")).unwrap();
            ws.add_evidence_file(a, item.parse().unwrap(), &path, Some(kind), None, None)
                .unwrap();
        }
    }

    #[test]
    fn every_unit_is_listed_with_its_assessments_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("B-UNIT")).unwrap();
        ws.add_unit(&unit("A-UNIT")).unwrap();
        ws.new_assessment("B-UNIT", 2023, None).unwrap();
        ws.new_assessment("B-UNIT", 2024, None).unwrap();
        let overview = ws.overview().unwrap();
        let shape: Vec<(&str, Vec<i32>)> = overview
            .iter()
            .map(|u| {
                let years = u.assessments.iter().map(|o| o.assessment.year).collect();
                (u.unit.code.as_str(), years)
            })
            .collect();
        assert_eq!(shape, [("A-UNIT", vec![]), ("B-UNIT", vec![2024, 2023])]);
        let fresh = &overview[1].assessments[0];
        assert_eq!((fresh.items, fresh.files), (113, 0));
        assert_eq!((fresh.unit.answered, fresh.unit.total), (0, 0.0));
        assert_eq!(fresh.areas.len(), 6);
        assert_eq!(fresh.areas[0].name, "Manajemen Perubahan");
        let codes: Vec<&str> = fresh
            .unit
            .predicates
            .iter()
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(codes, ["wbk", "wbbm"]);
        assert!(
            fresh
                .unit
                .predicates
                .iter()
                .all(|p| !p.eligible && p.failed > 0)
        );
    }

    #[test]
    fn change_areas_join_both_halves_for_scores_and_completeness() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        answer(&ws, &a, Role::Unit, "P.1.i.a", "ya");
        answer(&ws, &a, Role::Tpi, "P.1.i.a", "tidak");
        answer(&ws, &a, Role::Unit, "R.1.i.a", "a=2;b=2");
        // Make one Pemenuhan and one Reform item of area 1 complete.
        let template = ws.template_of(&a).unwrap();
        for item in ["P.1.i.a", "R.1.i.a"] {
            for req in &template.item(item.parse().unwrap()).unwrap().evidence {
                attach(&ws, &a, dir.path(), item, &req.kind, 1);
            }
        }
        attach(&ws, &a, dir.path(), "P.2.i.a", "lainnya", 2);

        let o = ws.assessment_overview(&a).unwrap();
        let unit_card = ws.score(&a, Role::Unit).unwrap();
        let area1 = &o.areas[0];
        assert_eq!(area1.area, 1);
        assert!((area1.unit - unit_card.change_areas[0].score).abs() < 1e-9);
        assert!(area1.unit > area1.tpi, "{area1:?}");
        assert_eq!(area1.tpi, 0.0);
        let c = ws.completeness(&a).unwrap();
        let halves =
            c.areas[&"P.1".parse().unwrap()].total + c.areas[&"R.1".parse().unwrap()].total;
        assert_eq!(
            (area1.completeness.complete, area1.completeness.total),
            (2, halves)
        );
        assert!((area1.completeness.share - 2.0 / halves as f64).abs() < 1e-9);
        assert_eq!(o.completeness.complete, 2);
        let required: usize = ["P.1.i.a", "R.1.i.a"]
            .iter()
            .map(|i| template.item(i.parse().unwrap()).unwrap().evidence.len())
            .sum();
        assert_eq!(o.files, required + 2);
        assert_eq!((o.unit.answered, o.tpi.answered), (2, 1));
    }

    #[test]
    fn each_assessment_counts_what_its_plan_has_late_today() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(&dir.path().join("ws"));
        ws.add_unit(&unit("U")).unwrap();
        // A year long past: every planned month is over.
        let a = ws.new_assessment("U", 2020, None).unwrap();
        let overdue = |ws: &Workspace| ws.overview().unwrap()[0].assessments[0].plan_overdue;
        // Every item's default target period is over and nothing is attached.
        assert_eq!(overdue(&ws), 113);
        let x = ws
            .add_activity(
                &a,
                &crate::plan::NewActivity {
                    area: 1,
                    program: "Pencanangan".into(),
                    activity: "Pakta integritas".into(),
                    months: "2".parse().unwrap(),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(overdue(&ws), 114);
        ws.record_progress(
            &a,
            x.id,
            &crate::plan::ProgressEntry {
                month: 2,
                status: crate::plan::RealisationStatus::Selesai,
                percent: None,
                note: None,
                kendala: None,
                solusi: None,
                rekomendasi: None,
                evidence: None,
            },
        )
        .unwrap();
        attach(&ws, &a, dir.path(), "P.1.i.a", "sk", 1);
        assert_eq!(overdue(&ws), 112);
    }
}
