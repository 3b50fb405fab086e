//! What the plan says on a given date: what is due, done and late, the
//! on-schedule share per area and overall, this month's work, and the
//! suggested answer to P.1.iii.a. All derived from the stored plan, the
//! template and the items' completeness; nothing here is typed by anyone.
//!
//! The rules, in words a team can check by hand:
//!
//! - A planned month is *due* once it is over: on 31 March, March is not
//!   due yet; on 1 April it is.
//! - An activity is *due* when at least one of its months is due. It is
//!   *done as planned* when every due month is recorded *selesai*; any due
//!   month not *selesai* (belum, sebagian or nothing recorded) makes it
//!   *late*.
//! - On schedule = activities done as planned ÷ activities due.
//! - An item is *late* when the last month of its target period is over and
//!   its data dukung is still Tidak Lengkap.
//! - P.1.iii.a's suggestion from that share: all → a, more than half → b,
//!   some (half or less) → c, none → d; no suggestion while nothing is due.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::defaults::PlanDefaults;
use super::months::{is_current, is_over};
use super::{Activity, MonthSet, Plan, Realisation, RealisationStatus, area_count, area_name};
use crate::code::{ItemCode, Part};
use crate::format;
use crate::template::{AnswerSpec, Template};

/// How one planned month of an activity stands on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MonthState {
    /// Not a month of the activity.
    None,
    /// Planned, still ahead.
    Planned,
    /// Planned for the month the date falls in, not done yet.
    Current,
    /// Recorded selesai.
    Done,
    /// Recorded sebagian, and the month is not over.
    Partial,
    /// Over and not selesai.
    Late,
}

/// How an activity stands on the date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ActivityState {
    /// Every planned month selesai.
    Done,
    /// Nothing late; months still ahead.
    OnTrack,
    /// A month is over and not selesai.
    Late,
}

/// An item's plan with how it stands.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ItemView {
    /// The item.
    pub code: ItemCode,
    /// Target period.
    pub months: MonthSet,
    /// The period for people (`Januari – Maret 2024`).
    pub period: String,
    /// Penanggung jawab.
    pub pic: String,
    /// Note.
    pub note: String,
    /// Data dukung Lengkap.
    pub complete: bool,
    /// The period is over.
    pub due: bool,
    /// The period is over and the data dukung is Tidak Lengkap.
    pub late: bool,
}

/// An activity with how it stands, month by month.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ActivityView {
    /// Id.
    pub id: i64,
    /// Change area, 1..=6.
    pub area: u8,
    /// Program.
    pub program: String,
    /// Implementasi program.
    pub activity: String,
    /// Target (outcome).
    pub target: String,
    /// Months it runs.
    pub months: MonthSet,
    /// Penanggung jawab.
    pub pic: String,
    /// Expected output kinds.
    pub outputs: Vec<String>,
    /// Items it serves.
    pub items: Vec<ItemCode>,
    /// What was realised, by month.
    pub progress: Vec<Realisation>,
    /// January … December.
    pub month_states: Vec<MonthState>,
    /// Months over by the date.
    pub due_months: MonthSet,
    /// Months over and not selesai.
    pub late_months: MonthSet,
    /// Done, on track or late.
    pub state: ActivityState,
}

/// What is late on the date.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overdue {
    /// The activity, when it is one.
    pub activity: Option<i64>,
    /// The item, when it is one.
    pub item: Option<ItemCode>,
    /// Change area (of the item's area for items; 0 for Hasil items).
    pub area: u8,
    /// What it is, for people.
    pub title: String,
    /// The months late (an activity's) or the target period (an item's).
    pub months: MonthSet,
    /// Penanggung jawab.
    pub pic: String,
}

/// Work of the month the date falls in.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct MonthWork {
    /// The activity, when it is one.
    pub activity: Option<i64>,
    /// The item, when it is one (its period ends this month).
    pub item: Option<ItemCode>,
    /// Change area.
    pub area: u8,
    /// What it is.
    pub title: String,
    /// What is recorded for this month (activities).
    pub status: Option<RealisationStatus>,
    /// Penanggung jawab.
    pub pic: String,
}

/// One change area on the date.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AreaSummary {
    /// 1..=6.
    pub area: u8,
    /// Its name.
    pub name: String,
    /// Activities planned.
    pub activities: usize,
    /// Activities due.
    pub due: usize,
    /// Due activities done as planned.
    pub done: usize,
    /// done ÷ due × 100; none while nothing is due.
    pub on_schedule_pct: Option<f64>,
    /// Late activities and late items (Pemenuhan and Reform) of the area.
    pub overdue: usize,
}

/// The suggested answer to the item on realisation (P.1.iii.a).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Suggestion {
    /// The item it is for.
    pub item: ItemCode,
    /// The option letter, when there is something to go by.
    pub answer: Option<String>,
    /// Share of due activities done as planned, 0..=1.
    pub share: Option<f64>,
    /// Why, for people.
    pub reason: String,
}

/// The plan's figures on a date.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Summary {
    /// The date they are as of.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
    /// Activities planned.
    pub activities: usize,
    /// Activities due (a month over).
    pub due: usize,
    /// Due activities done as planned.
    pub done: usize,
    /// done ÷ due × 100; none while nothing is due.
    pub on_schedule_pct: Option<f64>,
    /// Activity-months due.
    pub due_months: usize,
    /// Activity-months due and selesai.
    pub done_months: usize,
    /// Late activities, then late items, in plan order.
    pub overdue: Vec<Overdue>,
    /// The month's work (empty when the date is outside the plan's year).
    pub this_month: Vec<MonthWork>,
    /// Per change area.
    pub areas: Vec<AreaSummary>,
    /// The suggested answer to P.1.iii.a.
    pub suggested_answer: Suggestion,
}

/// The plan of an assessment with everything derived on a date: what
/// `daduk plan show --json` prints and the app shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PlanView {
    /// The year planned.
    pub year: i32,
    /// Whether the team started it (else the items are the defaults).
    pub started: bool,
    /// Why it cannot be changed here, when it cannot.
    pub read_only: Option<String>,
    /// Every item, in LKE order.
    pub items: Vec<ItemView>,
    /// Every activity, by area.
    pub activities: Vec<ActivityView>,
    /// The figures.
    pub summary: Summary,
}

fn pct(done: usize, due: usize) -> Option<f64> {
    (due > 0).then(|| done as f64 / due as f64 * 100.0)
}

/// The change area an item counts in: its area number for Pemenuhan and
/// Reform, 0 for Hasil.
fn item_area(code: ItemCode) -> u8 {
    if code.part == Part::H { 0 } else { code.area }
}

fn activity_view(a: &Activity, year: i32, date: NaiveDate) -> ActivityView {
    let by_month: BTreeMap<u8, &Realisation> = a.progress.iter().map(|r| (r.month, r)).collect();
    let mut due = MonthSet::EMPTY;
    let mut done = MonthSet::EMPTY;
    let month_states = (1..=12u8)
        .map(|m| {
            if !a.months.contains(m) {
                return MonthState::None;
            }
            let status = by_month.get(&m).map(|r| r.status);
            let over = is_over(year, m, date);
            if over {
                due.insert(m);
            }
            if status == Some(RealisationStatus::Selesai) {
                done.insert(m);
                MonthState::Done
            } else if over {
                MonthState::Late
            } else if status == Some(RealisationStatus::Sebagian) {
                MonthState::Partial
            } else if is_current(year, m, date) {
                MonthState::Current
            } else {
                MonthState::Planned
            }
        })
        .collect();
    let late = due.difference(done);
    let state = if !late.is_empty() {
        ActivityState::Late
    } else if done == a.months {
        ActivityState::Done
    } else {
        ActivityState::OnTrack
    };
    ActivityView {
        id: a.id,
        area: a.area,
        program: a.program.clone(),
        activity: a.activity.clone(),
        target: a.target.clone(),
        months: a.months,
        pic: a.pic.clone(),
        outputs: a.outputs.clone(),
        items: a.items.clone(),
        progress: a.progress.clone(),
        month_states,
        due_months: due,
        late_months: late,
        state,
    }
}

/// The plan on `date`: `complete` says which items' data dukung is Lengkap
/// (items missing from it count as Tidak Lengkap).
pub fn view(
    template: &Template,
    plan: &Plan,
    complete: &BTreeMap<ItemCode, bool>,
    year: i32,
    date: NaiveDate,
) -> PlanView {
    let items: Vec<ItemView> = plan
        .items
        .iter()
        .map(|p| {
            let is_complete = complete.get(&p.code).copied().unwrap_or(false);
            let due = p.months.last().is_some_and(|m| is_over(year, m, date));
            ItemView {
                code: p.code,
                months: p.months,
                period: p.months.label(Some(year)),
                pic: p.pic.clone(),
                note: p.note.clone(),
                complete: is_complete,
                due,
                late: due && !is_complete,
            }
        })
        .collect();
    let activities: Vec<ActivityView> = plan
        .activities
        .iter()
        .map(|a| activity_view(a, year, date))
        .collect();

    let mut overdue = Vec::new();
    for a in activities.iter().filter(|a| !a.late_months.is_empty()) {
        overdue.push(Overdue {
            activity: Some(a.id),
            item: None,
            area: a.area,
            title: format!("{} — {}", a.program, a.activity),
            months: a.late_months,
            pic: a.pic.clone(),
        });
    }
    for i in items.iter().filter(|i| i.late) {
        overdue.push(Overdue {
            activity: None,
            item: Some(i.code),
            area: item_area(i.code),
            title: template
                .item(i.code)
                .map_or_else(String::new, |x| x.question.clone()),
            months: i.months,
            pic: i.pic.clone(),
        });
    }

    let mut this_month = Vec::new();
    if date.year() == year {
        let m = u8::try_from(date.month()).unwrap_or(1);
        for a in activities.iter().filter(|a| a.months.contains(m)) {
            this_month.push(MonthWork {
                activity: Some(a.id),
                item: None,
                area: a.area,
                title: format!("{} — {}", a.program, a.activity),
                status: a.progress.iter().find(|r| r.month == m).map(|r| r.status),
                pic: a.pic.clone(),
            });
        }
        for i in items
            .iter()
            .filter(|i| i.months.last() == Some(m) && !i.complete)
        {
            this_month.push(MonthWork {
                activity: None,
                item: Some(i.code),
                area: item_area(i.code),
                title: template
                    .item(i.code)
                    .map_or_else(String::new, |x| x.question.clone()),
                status: None,
                pic: i.pic.clone(),
            });
        }
    }

    let is_due = |a: &ActivityView| !a.due_months.is_empty();
    let is_done = |a: &ActivityView| is_due(a) && a.late_months.is_empty();
    let areas = (1..=area_count(template))
        .map(|n| {
            let acts: Vec<&ActivityView> = activities.iter().filter(|a| a.area == n).collect();
            let due = acts.iter().filter(|a| is_due(a)).count();
            let done = acts.iter().filter(|a| is_done(a)).count();
            AreaSummary {
                area: n,
                name: area_name(template, n),
                activities: acts.len(),
                due,
                done,
                on_schedule_pct: pct(done, due),
                overdue: overdue.iter().filter(|o| o.area == n).count(),
            }
        })
        .collect();
    let due = activities.iter().filter(|a| is_due(a)).count();
    let done = activities.iter().filter(|a| is_done(a)).count();
    let summary = Summary {
        date,
        activities: activities.len(),
        due,
        done,
        on_schedule_pct: pct(done, due),
        due_months: activities.iter().map(|a| a.due_months.len()).sum(),
        done_months: activities
            .iter()
            .map(|a| a.due_months.difference(a.late_months).len())
            .sum(),
        overdue,
        this_month,
        areas,
        suggested_answer: suggest(template, activities.len(), done, due, date),
    };
    PlanView {
        year,
        started: plan.started,
        read_only: plan.read_only.clone(),
        items,
        activities,
        summary,
    }
}

/// The suggestion for the realisation item from `done` of `due` activities
/// (of `planned`).
fn suggest(
    template: &Template,
    planned: usize,
    done: usize,
    due: usize,
    date: NaiveDate,
) -> Suggestion {
    let item = PlanDefaults::for_template(template).realisation_item;
    let when = format::date_long(date);
    let none = |reason: String| Suggestion {
        item,
        answer: None,
        share: None,
        reason,
    };
    let options = match template.item(item).map(|i| &i.answer) {
        Some(AnswerSpec::Choice { options }) if options.len() == 4 => options,
        _ => {
            return none(format!(
                "butir {item} templat ini bukan pilihan a–d; tidak ada saran"
            ));
        }
    };
    if planned == 0 {
        return none(
            "Belum ada kegiatan dalam rencana aksi; susun Target Prioritas lebih dulu.".into(),
        );
    }
    if due == 0 {
        return none(format!(
            "Per {when} belum ada kegiatan yang jatuh tempo (bulan pelaksanaannya belum berakhir)."
        ));
    }
    let share = done as f64 / due as f64;
    let (index, words) = if done == due {
        (0, "semua")
    } else if done * 2 > due {
        (1, "sebagian besar (lebih dari separuh)")
    } else if done > 0 {
        (2, "sebagian kecil (separuh atau kurang)")
    } else {
        (3, "belum ada")
    };
    let option = &options[index];
    Suggestion {
        item,
        answer: Some(option.letter.to_string()),
        share: Some(share),
        reason: format!(
            "Per {when}, {done} dari {due} kegiatan yang jatuh tempo telah dilaksanakan sesuai rencana ({}): {words}. Saran: {} — {}",
            format::percent(share),
            option.letter,
            option.text
        ),
    }
}

/// One change area over a quarter, for the monitoring report.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QuarterArea {
    /// 1..=6.
    pub area: u8,
    /// Its name.
    pub name: String,
    /// Activity-months planned in the quarter.
    pub planned: usize,
    /// Of those, over by the date.
    pub due: usize,
    /// Due and selesai.
    pub done: usize,
    /// Due and sebagian.
    pub partial: usize,
    /// done ÷ due × 100.
    pub pct: Option<f64>,
}

/// The months of quarter `q` (1..=4).
pub fn quarter_months(q: u8) -> MonthSet {
    let q = q.clamp(1, 4);
    MonthSet::range(3 * q - 2, 3 * q)
}

/// Plan against realisation per area over quarter `q`, counted in
/// activity-months, as of the view's date. The last entry is the total
/// (area 0, "Seluruh area").
pub fn quarter(view: &PlanView, q: u8) -> Vec<QuarterArea> {
    let months = quarter_months(q);
    let mut out: Vec<QuarterArea> = view
        .summary
        .areas
        .iter()
        .map(|a| QuarterArea {
            area: a.area,
            name: a.name.clone(),
            planned: 0,
            due: 0,
            done: 0,
            partial: 0,
            pct: None,
        })
        .collect();
    let mut total = QuarterArea {
        area: 0,
        name: "Seluruh area".into(),
        planned: 0,
        due: 0,
        done: 0,
        partial: 0,
        pct: None,
    };
    for a in &view.activities {
        for m in a.months.intersection(months).iter() {
            let due = a.due_months.contains(m);
            let status = a.progress.iter().find(|r| r.month == m).map(|r| r.status);
            let done = due && status == Some(RealisationStatus::Selesai);
            let partial = due && status == Some(RealisationStatus::Sebagian);
            for q in out
                .iter_mut()
                .filter(|x| x.area == a.area)
                .chain(std::iter::once(&mut total))
            {
                q.planned += 1;
                q.due += usize::from(due);
                q.done += usize::from(done);
                q.partial += usize::from(partial);
            }
        }
    }
    out.push(total);
    for q in &mut out {
        q.pct = pct(q.done, q.due);
    }
    out
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
