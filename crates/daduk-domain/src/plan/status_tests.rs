//! Hand-computed cases of the plan's derived figures.

use super::*;
use crate::plan::{ItemPlan, Plan};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn months(s: &str) -> MonthSet {
    s.parse().unwrap()
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn rec(month: u8, status: RealisationStatus, percent: u8) -> Realisation {
    Realisation {
        month,
        status,
        percent,
        note: String::new(),
        kendala: String::new(),
        solusi: String::new(),
        rekomendasi: String::new(),
        evidence: Vec::new(),
        updated_by: "tim".into(),
        updated_at: "2024-01-31T00:00:00Z".into(),
    }
}

fn act(id: i64, area: u8, m: &str, progress: Vec<Realisation>) -> Activity {
    Activity {
        id,
        area,
        program: format!("Program {id}"),
        activity: format!("Kegiatan {id}"),
        target: String::new(),
        months: months(m),
        pic: "Pokja".into(),
        outputs: Vec::new(),
        items: Vec::new(),
        progress,
    }
}

use RealisationStatus::{Belum, Sebagian, Selesai};

/// The worked example (year 2024):
///
/// | # | area | months      | recorded                         |
/// |---|------|-------------|----------------------------------|
/// | 1 | 1    | Jan–Mar     | Jan selesai, Feb selesai, Mar sebagian 60 |
/// | 2 | 1    | Feb, Mar, Jul–Sep | Feb selesai, Mar selesai   |
/// | 3 | 2    | Apr–Jun     | Apr belum                        |
/// | 4 | 3    | Des         | —                                |
/// | 5 | 6    | Mar         | Mar selesai                      |
fn example() -> Plan {
    Plan {
        started: true,
        read_only: None,
        items: vec![
            ItemPlan {
                code: code("P.1.i.a"),
                months: months("1-3"),
                pic: "Pokja MP".into(),
                note: String::new(),
            },
            ItemPlan {
                code: code("P.1.i.b"),
                months: months("1-3"),
                pic: "Pokja MP".into(),
                note: String::new(),
            },
            ItemPlan {
                code: code("R.2.i.a"),
                months: months("12"),
                pic: "Pokja TL".into(),
                note: String::new(),
            },
            ItemPlan {
                code: code("H.1.i.a"),
                months: MonthSet::EMPTY,
                pic: "Tim".into(),
                note: String::new(),
            },
        ],
        activities: vec![
            act(
                1,
                1,
                "1-3",
                vec![
                    rec(1, Selesai, 100),
                    rec(2, Selesai, 100),
                    rec(3, Sebagian, 60),
                ],
            ),
            act(
                2,
                1,
                "2,3,7-9",
                vec![rec(2, Selesai, 100), rec(3, Selesai, 100)],
            ),
            act(3, 2, "4-6", vec![rec(4, Belum, 0)]),
            act(4, 3, "12", vec![]),
            act(5, 6, "3", vec![rec(3, Selesai, 100)]),
        ],
    }
}

/// P.1.i.a complete, the others not.
fn complete() -> BTreeMap<ItemCode, bool> {
    [(code("P.1.i.a"), true), (code("P.1.i.b"), false)]
        .into_iter()
        .collect()
}

fn at(date: &str) -> PlanView {
    view(
        &Template::default_lke(),
        &example(),
        &complete(),
        2024,
        d(date),
    )
}

fn overdue_keys(v: &PlanView) -> Vec<String> {
    v.summary
        .overdue
        .iter()
        .map(|o| match (o.activity, o.item) {
            (Some(id), _) => format!("#{id}:{}", o.months),
            (_, Some(item)) => item.to_string(),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn on_the_last_day_of_march_march_is_not_due_yet() {
    let v = at("2024-03-31");
    // Due: #1 (Jan, Feb), #2 (Feb). Both selesai in those months.
    assert_eq!((v.summary.due, v.summary.done), (2, 2));
    assert_eq!(v.summary.on_schedule_pct, Some(100.0));
    assert_eq!((v.summary.due_months, v.summary.done_months), (3, 3));
    assert!(overdue_keys(&v).is_empty());
    let s = &v.summary.suggested_answer;
    assert_eq!(s.answer.as_deref(), Some("a"));
    assert!(s.reason.contains("2 dari 2"), "{}", s.reason);
    // March is this month: #1 sebagian, #2 and #5 selesai; the items whose
    // period ends in March and are still Tidak Lengkap.
    let month: Vec<(Option<i64>, Option<String>, Option<RealisationStatus>)> = v
        .summary
        .this_month
        .iter()
        .map(|w| (w.activity, w.item.map(|i| i.to_string()), w.status))
        .collect();
    assert_eq!(
        month,
        vec![
            (Some(1), None, Some(Sebagian)),
            (Some(2), None, Some(Selesai)),
            (Some(5), None, Some(Selesai)),
            (None, Some("P.1.i.b".into()), None),
        ]
    );
    let a1 = &v.activities[0];
    assert_eq!(
        a1.month_states[..4],
        [
            MonthState::Done,
            MonthState::Done,
            MonthState::Partial,
            MonthState::None
        ]
    );
    assert_eq!(a1.state, ActivityState::OnTrack);
}

#[test]
fn on_the_first_of_april_march_counts() {
    let v = at("2024-04-01");
    // Due: #1 (Jan–Mar; Mar only sebagian → late), #2 (Feb, Mar), #5 (Mar).
    assert_eq!((v.summary.due, v.summary.done), (3, 2));
    let p = v.summary.on_schedule_pct.unwrap();
    assert!((p - 200.0 / 3.0).abs() < 1e-9, "{p}");
    assert_eq!((v.summary.due_months, v.summary.done_months), (6, 5));
    // P.1.i.b's period (Jan–Mar) is over and it is Tidak Lengkap; P.1.i.a
    // is complete; R.2.i.a's period is December; H.1.i.a has none.
    assert_eq!(overdue_keys(&v), ["#1:3", "P.1.i.b"]);
    assert_eq!(v.summary.suggested_answer.answer.as_deref(), Some("b"));
    let a1 = &v.activities[0];
    assert_eq!(a1.month_states[2], MonthState::Late);
    assert_eq!(a1.state, ActivityState::Late);
    assert_eq!(v.activities[2].month_states[3], MonthState::Current);
    // Area 1: #1 late, #2 done; plus the late item P.1.i.b.
    let a = &v.summary.areas[0];
    assert_eq!((a.activities, a.due, a.done, a.overdue), (2, 2, 1, 2));
    assert_eq!(a.on_schedule_pct, Some(50.0));
    assert_eq!(v.summary.areas[1].on_schedule_pct, None, "area 2 not due");
    assert_eq!(v.summary.areas[5].on_schedule_pct, Some(100.0));
    assert!(v.items[1].late && !v.items[0].late && v.items[0].due);
}

#[test]
fn exactly_half_is_not_most() {
    let v = at("2024-07-01");
    // Due: #1 late (Mar), #2 done (Feb, Mar; Jul not over), #3 late (Apr–Jun), #5 done.
    assert_eq!((v.summary.due, v.summary.done), (4, 2));
    assert_eq!(v.summary.on_schedule_pct, Some(50.0));
    let s = &v.summary.suggested_answer;
    assert_eq!(s.answer.as_deref(), Some("c"));
    assert_eq!(s.share, Some(0.5));
    assert_eq!(overdue_keys(&v), ["#1:3", "#3:4-6", "P.1.i.b"]);
}

#[test]
fn december_is_due_on_new_years_day() {
    let v = at("2024-12-31");
    assert!(!overdue_keys(&v).iter().any(|k| k.starts_with("#4")));
    assert!(!v.items[2].due);
    let v = at("2025-01-01");
    // #1 late, #2 late (Jul–Sep), #3 late, #4 late (Des), #5 done: 1 of 5.
    assert_eq!((v.summary.due, v.summary.done), (5, 1));
    assert_eq!(
        overdue_keys(&v),
        ["#1:3", "#2:7-9", "#3:4-6", "#4:12", "P.1.i.b", "R.2.i.a"]
    );
    assert_eq!(v.summary.suggested_answer.answer.as_deref(), Some("c"));
    assert!(
        v.summary.this_month.is_empty(),
        "2025 is not the plan's year"
    );
    assert_eq!(v.activities[3].month_states[11], MonthState::Late);
}

#[test]
fn nothing_done_suggests_d_and_everything_done_suggests_a() {
    let t = Template::default_lke();
    let mut plan = example();
    plan.activities.retain(|a| a.id == 3);
    let v = view(&t, &plan, &complete(), 2024, d("2024-07-01"));
    assert_eq!((v.summary.due, v.summary.done), (1, 0));
    assert_eq!(v.summary.suggested_answer.answer.as_deref(), Some("d"));
    plan.activities[0].progress = (4..=6).map(|m| rec(m, Selesai, 100)).collect();
    let v = view(&t, &plan, &complete(), 2024, d("2024-07-01"));
    assert_eq!(v.summary.suggested_answer.answer.as_deref(), Some("a"));
    assert_eq!(v.activities[0].state, ActivityState::Done);
}

#[test]
fn an_empty_plan_suggests_nothing_but_still_names_late_items() {
    let t = Template::default_lke();
    let mut plan = example();
    plan.activities.clear();
    let v = view(&t, &plan, &BTreeMap::new(), 2024, d("2024-06-15"));
    assert_eq!(
        (v.summary.activities, v.summary.due, v.summary.done),
        (0, 0, 0)
    );
    assert_eq!(v.summary.on_schedule_pct, None);
    let s = &v.summary.suggested_answer;
    assert_eq!((s.answer.as_deref(), s.share), (None, None));
    assert!(s.reason.contains("Belum ada kegiatan"), "{}", s.reason);
    // No completeness known: both Jan–Mar items are late.
    assert_eq!(overdue_keys(&v), ["P.1.i.a", "P.1.i.b"]);
    assert_eq!(v.summary.areas.len(), 6);
    assert!(v.summary.areas.iter().all(|a| a.on_schedule_pct.is_none()));

    // Activities planned, none due yet.
    let plan = example();
    let v = view(&t, &plan, &complete(), 2024, d("2024-01-31"));
    assert_eq!(v.summary.due, 0);
    let s = &v.summary.suggested_answer;
    assert_eq!(s.answer, None);
    assert!(s.reason.contains("31 Januari 2024"), "{}", s.reason);
    assert!(s.reason.contains("belum ada kegiatan yang jatuh tempo"));
}

#[test]
fn quarters_count_activity_months() {
    let v = at("2024-04-01");
    let q1 = quarter(&v, 1);
    // Area 1: #1 Jan, Feb, Mar (Mar sebagian) + #2 Feb, Mar = 5 planned, all
    // due, 4 selesai, 1 sebagian.
    let a1 = &q1[0];
    assert_eq!((a1.planned, a1.due, a1.done, a1.partial), (5, 5, 4, 1));
    assert_eq!(a1.pct, Some(80.0));
    // Area 6: #5 Mar selesai.
    assert_eq!((q1[5].planned, q1[5].done), (1, 1));
    let total = q1.last().unwrap();
    assert_eq!((total.area, total.planned, total.done), (0, 6, 5));
    // Quarter 2 on 1 April: #3's April is current, nothing due.
    let q2 = quarter(&v, 2);
    assert_eq!((q2[1].planned, q2[1].due, q2[1].pct), (3, 0, None));
    assert_eq!(quarter_months(4), months("10-12"));
}
