//! One assessment in memory: the template, both sides' answers and notes,
//! the unit's evidence (file metadata, TPI's verdicts, "tidak ada" marks,
//! references) and the plan. Every rule reads it: the desktop builds it
//! from its workspace (through the side manifests it also sends), Daduk
//! Server from the sides it stores, so a figure is the same on both.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::answer::{AnswerValue, Role};
use crate::assessment::{AssessmentStatus, Target};
use crate::code::ItemCode;
use crate::evidence::{Completeness, FileFact, ReviewStatus, completeness};
use crate::hash::Sha256;
use crate::manifest::Manifest;
use crate::plan::{self, Activity, EvidenceLink, ItemPlan, Plan, PlanView, Realisation};
use crate::portalrb::api::ItemAnswers;
use crate::references::{Reference, describe_evidence};
use crate::scoring::{Answers, ScoreCard, score};
use crate::template::{Template, official};

/// One answer of one side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideAnswer {
    /// The value as stored (`ya`, `b`, `75,5`, counts), if answered.
    pub value: Option<String>,
    /// The note (catatan).
    pub note: String,
}

/// One attached file of the unit, with TPI's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotFile {
    /// The item.
    pub item: ItemCode,
    /// Kind code.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Original file name.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// Content hash.
    pub sha256: Sha256,
    /// Present and intact at the last look (a stored side's files are).
    pub intact: bool,
    /// TPI's verdict.
    pub review: ReviewStatus,
    /// TPI's note on it.
    pub review_note: String,
}

/// An assessment in memory.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The template it is answered on.
    pub template: Template,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Target predicate.
    pub target: Target,
    /// Year.
    pub year: i32,
    /// Where it is in its life.
    pub status: AssessmentStatus,
    /// Each side's answers, by item.
    pub answers: BTreeMap<(Role, ItemCode), SideAnswer>,
    /// The unit's files.
    pub files: Vec<SnapshotFile>,
    /// Kinds marked "tidak ada": (item, kind, reason).
    pub absent: Vec<(ItemCode, String, String)>,
    /// References (links, document numbers) per item.
    pub references: Vec<(ItemCode, Reference)>,
    /// The plan, when the unit keeps one.
    pub plan: Option<Plan>,
    /// The national evaluation's stages, when TPN's result is recorded.
    pub tpn_stages: Vec<crate::tpn::StageRecord>,
}

/// The figures of one side, as every face shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SideFigures {
    /// Pengungkit + Hasil.
    pub total: f64,
    /// Pengungkit.
    pub pengungkit: f64,
    /// Hasil.
    pub hasil: f64,
    /// Items answered.
    pub answered: usize,
    /// Items in the template.
    pub items: usize,
    /// The six change areas: (name, score, weight).
    pub areas: Vec<(String, f64, f64)>,
    /// Per predicate code (`wbk`, `wbbm`): eligible.
    pub predicates: BTreeMap<String, bool>,
    /// Per predicate code: the conditions not met, for people.
    pub failed: BTreeMap<String, Vec<String>>,
    /// Items whose data dukung is Lengkap.
    pub complete: usize,
    /// Items Tidak Lengkap.
    pub incomplete: usize,
    /// Files TPI rejected.
    pub rejected_files: usize,
}

/// A late activity of the plan on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LateActivity {
    /// Change area.
    pub area: u8,
    /// What it is.
    pub title: String,
    /// The months late, as written (`Januari–Maret`).
    pub months: String,
    /// Penanggung jawab.
    pub pic: String,
}

impl Snapshot {
    /// An assessment from the sides as they travel: the unit's side (a
    /// `submission` manifest) and TPI's (a `review` manifest), either
    /// absent. The unit side gives the unit's answers, files, marks,
    /// references and plan; TPI's gives TPI's answers and its verdicts on
    /// the unit's files (matched by item and content).
    pub fn from_sides(
        template: Template,
        unit_side: Option<&Manifest>,
        tpi_side: Option<&Manifest>,
    ) -> Snapshot {
        let any = unit_side.or(tpi_side);
        let mut s = Snapshot {
            template,
            unit: any.map(|m| m.unit.code.clone()).unwrap_or_default(),
            unit_name: any.map(|m| m.unit.name.clone()).unwrap_or_default(),
            target: any.map(|m| m.unit.target).unwrap_or_default(),
            year: any.map_or(0, |m| m.year),
            status: any.map_or(AssessmentStatus::Draft, |m| m.status),
            answers: BTreeMap::new(),
            files: Vec::new(),
            absent: Vec::new(),
            references: Vec::new(),
            plan: None,
            tpn_stages: Vec::new(),
        };
        for (side, role) in [(unit_side, Role::Unit), (tpi_side, Role::Tpi)] {
            let Some(m) = side else { continue };
            for a in m.answers.iter().filter(|a| a.role == role) {
                s.answers.insert(
                    (role, a.item),
                    SideAnswer {
                        value: a.value.clone(),
                        note: a.note.clone(),
                    },
                );
            }
        }
        let verdicts: BTreeMap<(ItemCode, Sha256), (ReviewStatus, String)> = tpi_side
            .map(|t| {
                t.evidence
                    .iter()
                    .map(|e| ((e.item, e.sha256), (e.review_status, e.review_note.clone())))
                    .collect()
            })
            .unwrap_or_default();
        // The files are the unit's; without the unit's side, the files TPI
        // judged are all there is.
        let files = unit_side.or(tpi_side).map_or(&[][..], |m| &m.evidence[..]);
        for e in files {
            let (review, review_note) = verdicts
                .get(&(e.item, e.sha256))
                .cloned()
                .unwrap_or((ReviewStatus::Pending, String::new()));
            s.files.push(SnapshotFile {
                item: e.item,
                kind: e.kind.clone(),
                title: e.title.clone(),
                file_name: e.file_name.clone(),
                size: e.size,
                sha256: e.sha256,
                intact: true,
                review,
                review_note,
            });
        }
        if let Some(u) = unit_side {
            s.absent = u
                .absent
                .iter()
                .map(|a| (a.item, a.kind.clone(), a.reason.clone()))
                .collect();
            s.references = u
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
            s.plan = u.plan.as_ref().map(|p| plan_of(&s.template, p));
        }
        s
    }

    /// With TPN's side (a `tpn` manifest): its answers and the stages.
    pub fn with_tpn(mut self, tpn_side: Option<&Manifest>) -> Snapshot {
        if let Some(m) = tpn_side {
            for a in m.answers.iter().filter(|a| a.role == Role::Tpn) {
                self.answers.insert(
                    (Role::Tpn, a.item),
                    SideAnswer {
                        value: a.value.clone(),
                        note: a.note.clone(),
                    },
                );
            }
            self.tpn_stages.clone_from(&m.tpn_stages);
        }
        self
    }

    /// `role`'s answers, parsed against the template; answers that do not
    /// parse (an item the template lacks) are left out, as unanswered.
    pub fn answers(&self, role: Role) -> Answers {
        self.answers
            .iter()
            .filter(|((r, _), _)| *r == role)
            .filter_map(|((_, item), a)| {
                let v = AnswerValue::parse(&self.template, *item, a.value.as_deref()?).ok()?;
                Some((*item, v))
            })
            .collect()
    }

    /// The score of `role`'s answers.
    pub fn score(&self, role: Role) -> ScoreCard {
        score(&self.template, &self.answers(role))
    }

    /// Which items are Lengkap.
    pub fn completeness(&self) -> Completeness {
        completeness(
            &self.template,
            self.files.iter().map(|f| FileFact {
                item: f.item,
                kind: f.kind.clone(),
                intact: f.intact,
                review: f.review,
            }),
            self.absent.iter().cloned(),
        )
    }

    /// The plan with everything derived on `date`, when there is a plan.
    pub fn plan_view(&self, date: NaiveDate) -> Option<PlanView> {
        let plan = self.plan.as_ref()?;
        let complete: BTreeMap<ItemCode, bool> = self
            .completeness()
            .items
            .iter()
            .map(|(c, i)| (*c, i.complete))
            .collect();
        Some(plan::view(&self.template, plan, &complete, self.year, date))
    }

    /// The plan's activities late on `date`, in plan order.
    pub fn late_activities(&self, date: NaiveDate) -> Vec<LateActivity> {
        let Some(view) = self.plan_view(date) else {
            return Vec::new();
        };
        view.summary
            .overdue
            .iter()
            .filter(|o| o.activity.is_some())
            .map(|o| LateActivity {
                area: o.area,
                title: o.title.clone(),
                months: o.months.label(None),
                pic: o.pic.clone(),
            })
            .collect()
    }

    /// `role`'s figures: scores, predicates with the conditions not met,
    /// and completeness.
    pub fn figures(&self, role: Role) -> SideFigures {
        let card = self.score(role);
        let c = self.completeness();
        SideFigures {
            total: card.total,
            pengungkit: card.pengungkit,
            hasil: card.hasil,
            answered: card.answered,
            items: card.answered + card.unanswered,
            areas: card
                .change_areas
                .iter()
                .map(|a| (a.name.clone(), a.score, a.weight))
                .collect(),
            predicates: card
                .predicates
                .iter()
                .map(|(k, p)| (k.clone(), p.eligible))
                .collect(),
            failed: card
                .predicates
                .iter()
                .map(|(k, p)| {
                    let failed = p.failed.iter().map(|c| c.label.clone()).collect();
                    (k.clone(), failed)
                })
                .collect(),
            complete: c.total.complete,
            incomplete: c.total.total - c.total.complete,
            rejected_files: self
                .files
                .iter()
                .filter(|f| f.review == ReviewStatus::Rejected)
                .count(),
        }
    }

    /// What each item holds for PortalRB: both answers, both notes (TPN's
    /// are not PortalRB's: it is TPN that reads these), and
    /// the unit's evidence described (references, then the files TPI has
    /// not rejected, by name and short hash), lines joined by `sep`.
    pub fn portalrb_items(&self, sep: &str) -> BTreeMap<ItemCode, ItemAnswers> {
        let mut out: BTreeMap<ItemCode, ItemAnswers> = BTreeMap::new();
        for role in Role::ROLES {
            for (item, v) in self.answers(role) {
                let e = out.entry(item).or_default();
                match role {
                    Role::Unit => e.unit = Some(v),
                    Role::Tpi | Role::Tpn => e.tpi = Some(v),
                }
            }
        }
        for ((role, item), a) in &self.answers {
            match role {
                Role::Unit => out.entry(*item).or_default().unit_note = a.note.clone(),
                Role::Tpi => out.entry(*item).or_default().tpi_note = a.note.clone(),
                Role::Tpn => {}
            }
        }
        let items: BTreeSet<ItemCode> = self
            .files
            .iter()
            .map(|f| f.item)
            .chain(self.references.iter().map(|r| r.0))
            .collect();
        for item in items {
            let description = describe_evidence(
                self.references.iter().filter(|r| r.0 == item).map(|r| &r.1),
                self.files
                    .iter()
                    .filter(|f| f.item == item && f.review != ReviewStatus::Rejected)
                    .map(|f| (f.file_name.as_str(), &f.sha256)),
                sep,
            );
            out.entry(item).or_default().evidence = description;
        }
        out
    }
}

/// The plan a side carries, with the template's defaults for the items it
/// does not list; activities are numbered in the order they come.
fn plan_of(template: &Template, p: &crate::manifest::PacketPlan) -> Plan {
    let stored = p.items.iter().map(|i| ItemPlan {
        code: i.item,
        months: i.months,
        pic: i.pic.clone(),
        note: i.note.clone(),
    });
    Plan {
        started: true,
        read_only: None,
        items: plan::with_defaults(template, stored),
        activities: p
            .activities
            .iter()
            .enumerate()
            .map(|(i, a)| Activity {
                id: i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1),
                area: a.area,
                program: a.program.clone(),
                activity: a.activity.clone(),
                target: a.target.clone(),
                months: a.months,
                pic: a.pic.clone(),
                outputs: a.outputs.clone(),
                items: a.items.clone(),
                progress: a
                    .progress
                    .iter()
                    .map(|r| Realisation {
                        month: r.month,
                        status: r.status,
                        percent: r.percent,
                        note: r.note.clone(),
                        kendala: r.kendala.clone(),
                        solusi: r.solusi.clone(),
                        rekomendasi: r.rekomendasi.clone(),
                        evidence: r
                            .evidence
                            .iter()
                            .map(|e| EvidenceLink {
                                id: 0,
                                item: e.item,
                                title: String::new(),
                                file_name: String::new(),
                                sha256: e.sha256,
                            })
                            .collect(),
                        updated_by: r.updated_by.clone(),
                        updated_at: r.updated_at.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Every evidence hash a side refers to.
pub fn evidence_hashes(m: &Manifest) -> BTreeSet<Sha256> {
    m.evidence.iter().map(|e| e.sha256).collect()
}

/// The template a manifest was written with, as this build knows it: the
/// official template with the same SHA-256, else the current official
/// template of the same id (same scoring rules, newer texts). `None` for a
/// template this build does not ship.
pub fn template_of(m: &Manifest) -> Option<Template> {
    // Loading and checking the built-in templates is costly; a server asks
    // on every push.
    static BUILT_IN: std::sync::OnceLock<Vec<Template>> = std::sync::OnceLock::new();
    let built_in = BUILT_IN.get_or_init(official::built_in);
    built_in
        .iter()
        .find(|t| t.sha256() == m.template.sha256)
        .or_else(|| built_in.iter().find(|t| t.id() == m.template.id))
        .cloned()
}

mod side;
pub use side::side_only;

#[cfg(test)]
mod tests;
