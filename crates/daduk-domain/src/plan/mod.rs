//! The plan of an assessment year (Rencana Aksi dan Target Prioritas) and
//! its monthly monitoring.
//!
//! Per LKE item the plan holds a target period (months), a penanggung jawab
//! and a note; per change area it holds programs and their activities
//! (implementasi program) with the months they run, the outcome they aim
//! for, the PIC, the expected output kinds and the items they serve.
//! Monitoring records, per activity and planned month, what was realised
//! (selesai / sebagian / belum) with kendala, solusi, rekomendasi and the
//! evidence files that prove it. A month with no realisation recorded is
//! *belum dicatat*, its own state: never done, also when a kendala or a note
//! was already written for it.
//!
//! Everything the team reads off the plan — what is due, done and late on
//! a date, the on-schedule share per area, the suggested answer to
//! P.1.iii.a — is derived here ([`status`]), never typed. The store
//! (`store/plan.rs`) keeps the rows; the documents ([`document`]) print
//! them; [`sheet`] reads the Target Prioritas tables teams already keep.

pub mod defaults;
pub mod months;
pub mod status;

use serde::{Deserialize, Serialize};

pub use months::MonthSet;
pub use status::{PlanView, Summary, view};

use crate::code::{ItemCode, Part};
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::template::Template;
use crate::text::shown;

/// The longest text a plan field may hold (characters): the one bound of
/// every text field ([`crate::text::MAX_TEXT`]).
pub use crate::text::MAX_TEXT;

/// What was realised of an activity in a planned month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum RealisationStatus {
    /// Done as planned (100%).
    Selesai,
    /// Partly done (1–99%).
    Sebagian,
    /// Not done (0%).
    Belum,
    /// Nothing realised is recorded yet: the month is not done, whatever
    /// kendala, solusi or note it already holds. The form's default for a
    /// month without a record, so saving only a kendala never makes a month
    /// done.
    #[serde(rename = "belum_dicatat")]
    BelumDicatat,
}

impl RealisationStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            RealisationStatus::Selesai => "selesai",
            RealisationStatus::Sebagian => "sebagian",
            RealisationStatus::Belum => "belum",
            RealisationStatus::BelumDicatat => "belum_dicatat",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            RealisationStatus::Selesai => "Selesai",
            RealisationStatus::Sebagian => "Sebagian",
            RealisationStatus::Belum => "Belum",
            RealisationStatus::BelumDicatat => "Belum dicatat",
        }
    }
}

impl std::str::FromStr for RealisationStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace(['-', ' '], "_").as_str() {
            "selesai" => Ok(RealisationStatus::Selesai),
            "sebagian" => Ok(RealisationStatus::Sebagian),
            "belum" => Ok(RealisationStatus::Belum),
            "belum_dicatat" => Ok(RealisationStatus::BelumDicatat),
            other => Err(Error::Invalid(format!(
                "status realisasi '{}' tidak dikenal; pakai selesai, sebagian, belum atau belum-dicatat",
                shown(other)
            ))),
        }
    }
}

/// The plan of one LKE item: when its data dukung should be complete, who
/// sees to it, and a note (the seed's "Ket").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemPlan {
    /// The item.
    pub code: ItemCode,
    /// Target period (target waktu pelaksanaan).
    pub months: MonthSet,
    /// Penanggung jawab: a person, or the pokja of the area.
    pub pic: String,
    /// Note.
    pub note: String,
}

/// A file already attached in the assessment that proves a month's work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EvidenceLink {
    /// The evidence id.
    pub id: i64,
    /// The item it is attached to.
    pub item: ItemCode,
    /// Its title.
    pub title: String,
    /// Its original file name.
    pub file_name: String,
    /// Its content hash (how a packet names it).
    pub sha256: Sha256,
}

/// What was realised of an activity in one planned month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Realisation {
    /// The month, 1..=12.
    pub month: u8,
    /// Selesai, sebagian, belum, or belum dicatat (only text so far).
    pub status: RealisationStatus,
    /// How much, 0..=100 (100 for selesai, 0 for belum and belum dicatat).
    pub percent: u8,
    /// What was done.
    pub note: String,
    /// Kendala (obstacles).
    pub kendala: String,
    /// Solusi.
    pub solusi: String,
    /// Rekomendasi tindak lanjut.
    pub rekomendasi: String,
    /// The files that prove it.
    pub evidence: Vec<EvidenceLink>,
    /// Who recorded it last.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

/// An activity (implementasi program) of a program of a change area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Activity {
    /// Id within the workspace.
    pub id: i64,
    /// Change area, 1..=6.
    pub area: u8,
    /// The program it belongs to.
    pub program: String,
    /// What is done (implementasi program).
    pub activity: String,
    /// The outcome aimed for (target).
    pub target: String,
    /// The months it runs.
    pub months: MonthSet,
    /// Penanggung jawab.
    pub pic: String,
    /// Expected output: evidence kind codes.
    pub outputs: Vec<String>,
    /// The LKE items it serves.
    pub items: Vec<ItemCode>,
    /// What was realised, by month (planned months only), January first.
    pub progress: Vec<Realisation>,
}

/// The plan of an assessment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Plan {
    /// Whether the team has started it (before the first change, the items
    /// show the template's defaults and nothing is stored).
    pub started: bool,
    /// Why it cannot be changed here, when it cannot (the evaluator's copy
    /// of a unit's plan).
    pub read_only: Option<String>,
    /// Every item of the template, in LKE order.
    pub items: Vec<ItemPlan>,
    /// Every activity, by area then in the order added.
    pub activities: Vec<Activity>,
}

/// An activity as given to add it (or to replace all its fields).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewActivity {
    /// Change area, 1..=6.
    pub area: u8,
    /// Program.
    pub program: String,
    /// Implementasi program.
    pub activity: String,
    /// Target (outcome).
    #[serde(default)]
    pub target: String,
    /// Months it runs (at least one).
    pub months: MonthSet,
    /// Penanggung jawab.
    #[serde(default)]
    pub pic: String,
    /// Expected output kinds (codes or labels).
    #[serde(default)]
    pub outputs: Vec<String>,
    /// Items it serves.
    #[serde(default)]
    pub items: Vec<ItemCode>,
}

/// What to change of an activity; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityChange {
    /// New area.
    pub area: Option<u8>,
    /// New program.
    pub program: Option<String>,
    /// New text.
    pub activity: Option<String>,
    /// New target.
    pub target: Option<String>,
    /// New months.
    pub months: Option<MonthSet>,
    /// New PIC.
    pub pic: Option<String>,
    /// New output kinds (replacing the old).
    pub outputs: Option<Vec<String>>,
    /// New items (replacing the old).
    pub items: Option<Vec<ItemCode>>,
}

impl ActivityChange {
    /// `old` with these changes.
    pub fn apply(&self, old: &Activity) -> NewActivity {
        NewActivity {
            area: self.area.unwrap_or(old.area),
            program: self.program.clone().unwrap_or_else(|| old.program.clone()),
            activity: self
                .activity
                .clone()
                .unwrap_or_else(|| old.activity.clone()),
            target: self.target.clone().unwrap_or_else(|| old.target.clone()),
            months: self.months.unwrap_or(old.months),
            pic: self.pic.clone().unwrap_or_else(|| old.pic.clone()),
            outputs: self.outputs.clone().unwrap_or_else(|| old.outputs.clone()),
            items: self.items.clone().unwrap_or_else(|| old.items.clone()),
        }
    }
}

/// What to change of an item's plan; `None` keeps a field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemPlanChange {
    /// New target period (may be empty: no target).
    pub months: Option<MonthSet>,
    /// New PIC.
    pub pic: Option<String>,
    /// New note.
    pub note: Option<String>,
}

/// A month's realisation as recorded; `None` text fields keep what is
/// stored (empty when nothing is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProgressEntry {
    /// The month, one of the activity's.
    pub month: u8,
    /// Selesai, sebagian, belum, or belum dicatat (kendala and the like
    /// recorded, the realisation not yet).
    pub status: RealisationStatus,
    /// Percent: 100 for selesai and 0 for belum and belum dicatat (or left
    /// out); 1..=99 for sebagian (50 when left out).
    pub percent: Option<u8>,
    /// What was done.
    pub note: Option<String>,
    /// Kendala.
    pub kendala: Option<String>,
    /// Solusi.
    pub solusi: Option<String>,
    /// Rekomendasi tindak lanjut.
    pub rekomendasi: Option<String>,
    /// Evidence ids of the same assessment (replacing the old list).
    pub evidence: Option<Vec<i64>>,
}

/// A one-line field: trimmed, ordinary characters, bounded.
pub fn clean_line(field: &str, text: &str) -> Result<String> {
    crate::text::line(field, text).map_err(Error::Invalid)
}

/// A multi-line field: trimmed, ordinary characters and line breaks,
/// bounded.
pub fn clean_lines(field: &str, text: &str) -> Result<String> {
    crate::text::lines(field, text).map_err(Error::Invalid)
}

/// Every item of `template` in LKE order: the plan's own entry where it has
/// one (`stored`), else the template's defaults (months and penanggung
/// jawab). How a plan reads before the team changes an item.
pub fn with_defaults(
    template: &Template,
    stored: impl IntoIterator<Item = ItemPlan>,
) -> Vec<ItemPlan> {
    let defaults = defaults::PlanDefaults::for_template(template);
    let mut stored: std::collections::HashMap<ItemCode, ItemPlan> =
        stored.into_iter().map(|p| (p.code, p)).collect();
    template
        .item_codes()
        .iter()
        .map(|&code| {
            stored.remove(&code).unwrap_or_else(|| ItemPlan {
                code,
                months: defaults.months(code),
                pic: defaults.pic(code),
                note: String::new(),
            })
        })
        .collect()
}

/// The number of change areas (the Pemenuhan part's areas, six in the LKE).
pub fn area_count(template: &Template) -> u8 {
    template
        .part(Part::P)
        .map_or(0, |p| u8::try_from(p.areas.len()).unwrap_or(u8::MAX))
}

/// The name of change area `n` (`Manajemen Perubahan`).
pub fn area_name(template: &Template, n: u8) -> String {
    template
        .area(crate::code::AreaCode {
            part: Part::P,
            area: n,
        })
        .map_or_else(|| format!("Area {n}"), |a| a.name.clone())
}

fn check_area(template: &Template, area: u8) -> Result<()> {
    let n = area_count(template);
    if (1..=n).contains(&area) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "area {area} tidak ada: pakai 1 sampai {n} (1 {}, …, {n} {})",
            area_name(template, 1),
            area_name(template, n)
        )))
    }
}

/// Check an item code against the template.
pub fn check_item(template: &Template, item: ItemCode) -> Result<()> {
    if template.item(item).is_some() {
        Ok(())
    } else {
        Err(Error::not_found(
            "butir",
            item,
            "lihat daftar butir dengan `daduk template show`",
        ))
    }
}

/// What makes two activities one: the same area, program and uraian
/// (trimmed, case aside). A plan holds each once, whichever way it came (the
/// CLI, the app, a Target Prioritas sheet, a packet).
pub fn activity_key(area: u8, program: &str, activity: &str) -> (u8, String, String) {
    (
        area,
        program.trim().to_lowercase(),
        activity.trim().to_lowercase(),
    )
}

/// Check and normalise an activity: area exists, program and activity are
/// given, at least one month, items exist, outputs are evidence kinds, text
/// is ordinary and bounded.
pub fn check_activity(template: &Template, a: &NewActivity) -> Result<NewActivity> {
    check_area(template, a.area)?;
    let program = clean_line("program", &a.program)?;
    let activity = clean_lines("kegiatan", &a.activity)?;
    if program.is_empty() {
        return Err(Error::Invalid("program wajib diisi".into()));
    }
    if activity.is_empty() {
        return Err(Error::Invalid(
            "kegiatan (implementasi program) wajib diisi".into(),
        ));
    }
    if a.months.is_empty() {
        return Err(Error::Invalid(format!(
            "kegiatan '{}' tanpa bulan pelaksanaan: sebutkan bulannya, misalnya --months 2,3,7-9",
            shown(&activity)
        )));
    }
    let mut items = Vec::new();
    for &item in &a.items {
        check_item(template, item)?;
        if !items.contains(&item) {
            items.push(item);
        }
    }
    let mut outputs = Vec::new();
    for o in &a.outputs {
        let code = crate::evidence::kind_code(template, o)?;
        if !outputs.contains(&code) {
            outputs.push(code);
        }
    }
    Ok(NewActivity {
        area: a.area,
        program,
        activity,
        target: clean_lines("target", &a.target)?,
        months: a.months,
        pic: clean_line("penanggung jawab", &a.pic)?,
        outputs,
        items,
    })
}

/// Check a month's realisation against its activity; returns the percent
/// to store.
pub fn check_progress(activity: &Activity, entry: &ProgressEntry) -> Result<u8> {
    if !(1..=12).contains(&entry.month) {
        return Err(Error::Invalid(format!(
            "bulan {} tidak sah: pakai 1 sampai 12",
            entry.month
        )));
    }
    if !activity.months.contains(entry.month) {
        return Err(Error::Invalid(format!(
            "kegiatan #{} tidak direncanakan pada bulan {} (rencananya: {}); ubah bulan kegiatannya lebih dulu bila memang dikerjakan bulan itu",
            activity.id,
            crate::format::MONTHS[usize::from(entry.month - 1)],
            activity.months.label(None)
        )));
    }
    let fixed = |want: u8| match entry.percent {
        None => Ok(want),
        Some(p) if p == want => Ok(want),
        Some(p) => Err(Error::Invalid(format!(
            "persentase {p} tidak cocok dengan status {}: {} berarti {want}%",
            entry.status.code(),
            entry.status.code()
        ))),
    };
    match entry.status {
        RealisationStatus::Selesai => fixed(100),
        RealisationStatus::Belum | RealisationStatus::BelumDicatat => fixed(0),
        RealisationStatus::Sebagian => match entry.percent {
            None => Ok(50),
            Some(p) if (1..=99).contains(&p) => Ok(p),
            Some(p) => Err(Error::Invalid(format!(
                "persentase {p} tidak cocok dengan status sebagian: pakai 1 sampai 99"
            ))),
        },
    }
}
