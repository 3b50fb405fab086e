//! The plan in the store: defaults until the first change, every change
//! checked and logged, bad input refused with nothing written.

use std::path::Path;

use super::*;
use crate::code::ItemCode;
use crate::store::tests::{unit, workspace};

pub(crate) fn setup(dir: &Path) -> (Workspace, Assessment) {
    let ws = workspace(&dir.join("ws"));
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    (ws, a)
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

pub(crate) fn new_activity(area: u8, program: &str, activity: &str, months: &str) -> NewActivity {
    NewActivity {
        area,
        program: program.into(),
        activity: activity.into(),
        target: "Meningkatnya komitmen".into(),
        months: months.parse().unwrap(),
        pic: "Pokja MP".into(),
        outputs: vec!["Daftar Hadir".into(), "laporan".into()],
        items: vec![code("P.1.ii.a"), code("P.1.ii.a"), code("P.1.iii.a")],
    }
}

fn entry(month: u8, status: RealisationStatus) -> ProgressEntry {
    ProgressEntry {
        month,
        status,
        percent: None,
        note: None,
        kendala: None,
        solusi: None,
        rekomendasi: None,
        evidence: None,
    }
}

fn audit_actions(ws: &Workspace, a: &Assessment) -> Vec<String> {
    ws.audit_log(Some(a.id))
        .unwrap()
        .into_iter()
        .filter(|e| e.entity.starts_with("plan"))
        .map(|e| format!("{} {} {}", e.entity, e.key, e.action))
        .collect()
}

#[test]
fn a_new_plan_shows_the_defaults_and_stores_them_on_the_first_change() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let plan = ws.plan(&a).unwrap();
    assert!(!plan.started && plan.read_only.is_none());
    assert_eq!(plan.items.len(), 113);
    assert_eq!(plan.items[0].code, code("P.1.i.a"));
    assert_eq!(plan.items[0].months, "1-3".parse().unwrap());
    assert_eq!(plan.items[0].pic, "Pokja Manajemen Perubahan");
    assert!(plan.activities.is_empty());
    assert!(audit_actions(&ws, &a).is_empty(), "reading writes nothing");

    let changed = ws
        .set_plan_item(
            &a,
            code("P.1.i.a"),
            &ItemPlanChange {
                months: Some("1,2".parse().unwrap()),
                pic: Some("  Ketut Ketua ".into()),
                note: None,
            },
        )
        .unwrap();
    assert_eq!(changed.pic, "Ketut Ketua");
    let plan = ws.plan(&a).unwrap();
    assert!(plan.started);
    assert_eq!(plan.items[0].months, "1,2".parse().unwrap());
    assert_eq!(plan.items[1].months, "1-3".parse().unwrap(), "default kept");
    assert_eq!(
        audit_actions(&ws, &a),
        ["plan U 2024 create", "plan_item P.1.i.a update"]
    );
    // The same again changes nothing and logs nothing.
    ws.set_plan_item(
        &a,
        code("P.1.i.a"),
        &ItemPlanChange {
            pic: Some("Ketut Ketua".into()),
            ..ItemPlanChange::default()
        },
    )
    .unwrap();
    assert_eq!(audit_actions(&ws, &a).len(), 2);
}

#[test]
fn activities_are_added_edited_and_removed_with_their_trail() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let x = ws
        .add_activity(
            &a,
            &new_activity(1, "Pencanangan ZI", "Penandatanganan pakta integritas", "2"),
        )
        .unwrap();
    assert_eq!(
        x.outputs,
        ["daftar_hadir", "laporan"],
        "labels become codes"
    );
    assert_eq!(
        x.items,
        [code("P.1.ii.a"), code("P.1.iii.a")],
        "no duplicates"
    );
    let y = ws
        .add_activity(
            &a,
            &new_activity(1, "Pencanangan ZI", "Pembentukan Tim Kerja ZI", "2,3,7-9"),
        )
        .unwrap();
    let z = ws
        .add_activity(&a, &new_activity(2, "SOP", "Evaluasi SOP", "6"))
        .unwrap();
    let edited = ws
        .edit_activity(
            &a,
            x.id,
            &ActivityChange {
                area: Some(3),
                months: Some("2,3".parse().unwrap()),
                ..ActivityChange::default()
            },
        )
        .unwrap();
    assert_eq!(
        (edited.area, edited.program.as_str()),
        (3, "Pencanangan ZI")
    );
    let order: Vec<i64> = ws
        .plan(&a)
        .unwrap()
        .activities
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(order, [y.id, z.id, x.id], "by area, then as added");
    let removed = ws.remove_activity(&a, z.id).unwrap();
    assert_eq!(removed.activity, "Evaluasi SOP");
    assert_eq!(ws.plan(&a).unwrap().activities.len(), 2);
    let trail = audit_actions(&ws, &a);
    assert_eq!(
        trail,
        [
            "plan U 2024 create".to_string(),
            format!("plan_activity #{} create", x.id),
            format!("plan_activity #{} create", y.id),
            format!("plan_activity #{} create", z.id),
            format!("plan_activity #{} update", x.id),
            format!("plan_activity #{} delete", z.id),
        ]
    );
    let deleted = ws.audit_log(Some(a.id)).unwrap().pop().unwrap();
    assert!(deleted.old.unwrap().contains("Evaluasi SOP"));
}

#[test]
fn bad_activities_are_refused_naming_the_field_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let cases: Vec<(NewActivity, &str)> = vec![
        (new_activity(7, "P", "K", "1"), "area 7 tidak ada"),
        (new_activity(0, "P", "K", "1"), "area 0 tidak ada"),
        (new_activity(1, " ", "K", "1"), "program wajib diisi"),
        (
            new_activity(1, "P", "", "1"),
            "kegiatan (implementasi program) wajib",
        ),
        (new_activity(1, "P", "K", ""), "tanpa bulan pelaksanaan"),
        (
            NewActivity {
                items: vec![code("P.9.i.a")],
                ..new_activity(1, "P", "K", "1")
            },
            "butir 'P.9.i.a' tidak ditemukan",
        ),
        (
            NewActivity {
                outputs: vec!["piagam emas".into()],
                ..new_activity(1, "P", "K", "1")
            },
            "jenis data dukung 'piagam emas' tidak dikenal",
        ),
        (
            new_activity(1, "Program\u{1b}[2J", "K", "1"),
            "program 'Program\\u{1b}[2J' memuat karakter kendali",
        ),
        (
            new_activity(1, "P", &"x".repeat(MAX_TEXT + 1), "1"),
            "kegiatan terlalu panjang",
        ),
    ];
    for (bad, why) in cases {
        let err = ws.add_activity(&a, &bad).unwrap_err();
        assert!(err.to_string().contains(why), "{why}: {err}");
    }
    let err = "13".parse::<MonthSet>().unwrap_err();
    assert!(err.contains("bulan 13 tidak sah"), "{err}");
    let err = ws
        .set_plan_item(&a, code("P.1.i.z"), &ItemPlanChange::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("butir 'P.1.i.z' tidak ditemukan"),
        "{err}"
    );
    let plan = ws.plan(&a).unwrap();
    assert!(!plan.started, "nothing was written, not even the defaults");
    assert!(audit_actions(&ws, &a).is_empty());
}

#[test]
fn progress_is_recorded_per_planned_month_with_evidence_of_the_same_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let f = dir.path().join("notula.pdf");
    std::fs::write(&f, b"%PDF notula rapat rencana aksi").unwrap();
    let (e, _) = ws
        .add_evidence_file(&a, code("P.1.iii.a"), &f, Some("notula"), None, None)
        .unwrap();
    ws.add_unit(&unit("V")).unwrap();
    let other = ws.new_assessment("V", 2024, None).unwrap();
    let (foreign, _) = ws
        .add_evidence_file(&other, code("P.1.iii.a"), &f, Some("notula"), None, None)
        .unwrap();
    let x = ws
        .add_activity(&a, &new_activity(1, "Monev", "Rapat monev triwulan", "3,6"))
        .unwrap();

    let r = ws
        .record_progress(
            &a,
            x.id,
            &ProgressEntry {
                kendala: Some("Jadwal pimpinan padat".into()),
                evidence: Some(vec![e.id, e.id]),
                ..entry(3, RealisationStatus::Sebagian)
            },
        )
        .unwrap();
    assert_eq!((r.percent, r.evidence.len()), (50, 1));
    assert_eq!(r.evidence[0].file_name, "notula.pdf");
    // Recording again keeps what is not given.
    let r = ws
        .record_progress(&a, x.id, &entry(3, RealisationStatus::Selesai))
        .unwrap();
    assert_eq!(
        (r.percent, r.kendala.as_str(), r.evidence.len()),
        (100, "Jadwal pimpinan padat", 1)
    );

    let refused = [
        (
            entry(4, RealisationStatus::Selesai),
            "tidak direncanakan pada bulan April",
        ),
        (entry(13, RealisationStatus::Selesai), "bulan 13 tidak sah"),
        (
            ProgressEntry {
                percent: Some(80),
                ..entry(6, RealisationStatus::Selesai)
            },
            "persentase 80 tidak cocok dengan status selesai",
        ),
        (
            ProgressEntry {
                percent: Some(100),
                ..entry(6, RealisationStatus::Sebagian)
            },
            "pakai 1 sampai 99",
        ),
        (
            ProgressEntry {
                evidence: Some(vec![foreign.id]),
                ..entry(6, RealisationStatus::Selesai)
            },
            "data dukung '#",
        ),
        (
            ProgressEntry {
                solusi: Some("a\u{202e}b".into()),
                ..entry(6, RealisationStatus::Selesai)
            },
            "solusi memuat karakter kendali",
        ),
    ];
    for (bad, why) in refused {
        let err = ws.record_progress(&a, x.id, &bad).unwrap_err();
        assert!(err.to_string().contains(why), "{why}: {err}");
    }
    assert!(ws.plan(&a).unwrap().activities[0].progress.len() == 1);
    let err = ws
        .record_progress(&a, 999, &entry(3, RealisationStatus::Selesai))
        .unwrap_err();
    assert!(err.to_string().contains("kegiatan '#999"), "{err}");

    // A realised month cannot leave the plan until its record goes.
    let err = ws
        .edit_activity(
            &a,
            x.id,
            &ActivityChange {
                months: Some("6".parse().unwrap()),
                ..ActivityChange::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("realisasi bulan Maret"), "{err}");
    assert!(ws.clear_progress(&a, x.id, 3).unwrap().is_some());
    ws.edit_activity(
        &a,
        x.id,
        &ActivityChange {
            months: Some("6".parse().unwrap()),
            ..ActivityChange::default()
        },
    )
    .unwrap();

    // A file removed from the assessment leaves the month's evidence.
    ws.record_progress(
        &a,
        x.id,
        &ProgressEntry {
            evidence: Some(vec![e.id]),
            ..entry(6, RealisationStatus::Selesai)
        },
    )
    .unwrap();
    ws.remove_evidence(&a, e.id).unwrap();
    let plan = ws.plan(&a).unwrap();
    assert!(plan.activities[0].progress[0].evidence.is_empty());
    assert_eq!(
        plan.activities[0].progress[0].status,
        RealisationStatus::Selesai
    );
}

#[test]
fn the_view_counts_completeness_from_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let date = NaiveDate::from_ymd_opt(2024, 4, 1).unwrap();
    let v = ws.plan_view(&a, date).unwrap();
    // Every item whose default period ended by March is late: nothing is
    // attached yet.
    let late: Vec<String> = v
        .items
        .iter()
        .filter(|i| i.late)
        .map(|i| i.code.to_string())
        .collect();
    assert_eq!(late.len(), 18, "{late:?}");
    assert!(late.contains(&"P.1.i.a".to_string()));
    // P.1.i.a needs one SK: attach it and it is no longer late.
    let f = dir.path().join("sk.pdf");
    std::fs::write(&f, b"%PDF sk tim kerja").unwrap();
    ws.add_evidence_file(&a, code("P.1.i.a"), &f, Some("sk"), None, None)
        .unwrap();
    let v = ws.plan_view(&a, date).unwrap();
    assert!(!v.items[0].late && v.items[0].complete);
    assert_eq!(v.items.iter().filter(|i| i.late).count(), 17);
}

#[test]
fn a_kendala_alone_leaves_the_month_belum_dicatat_and_never_done() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let x = ws
        .add_activity(&a, &new_activity(1, "Monev", "Rapat monev", "3"))
        .unwrap();
    let r = ws
        .record_progress(
            &a,
            x.id,
            &ProgressEntry {
                kendala: Some("Ruang rapat belum tersedia".into()),
                ..entry(3, RealisationStatus::BelumDicatat)
            },
        )
        .unwrap();
    assert_eq!(
        (r.status, r.percent, r.kendala.as_str()),
        (
            RealisationStatus::BelumDicatat,
            0,
            "Ruang rapat belum tersedia"
        )
    );
    // March is over: the month is due, not done, and so late.
    let date = chrono::NaiveDate::from_ymd_opt(2024, 4, 15).unwrap();
    let v = ws.plan_view(&a, date).unwrap();
    assert_eq!((v.summary.due, v.summary.done), (1, 0));
    assert_eq!(v.summary.on_schedule_pct, Some(0.0));
    assert_eq!(v.summary.suggested_answer.answer.as_deref(), Some("d"));
    assert_eq!(
        v.activities[0].month_states[2],
        status::MonthState::Late,
        "an unrecorded month is late once over"
    );
    // Recorded done later, the kendala stays.
    let r = ws
        .record_progress(&a, x.id, &entry(3, RealisationStatus::Selesai))
        .unwrap();
    assert_eq!(
        (r.percent, r.kendala.as_str()),
        (100, "Ruang rapat belum tersedia")
    );
    // Nothing at all is not a record.
    let y = ws
        .add_activity(&a, &new_activity(1, "Monev", "Rapat kedua", "6"))
        .unwrap();
    let err = ws
        .record_progress(&a, y.id, &entry(6, RealisationStatus::BelumDicatat))
        .unwrap_err()
        .to_string();
    assert!(err.contains("Juni kosong"), "{err}");
    assert!(ws.plan(&a).unwrap().activities[1].progress.is_empty());
}

#[test]
fn the_status_is_read_as_people_write_it() {
    for (text, want) in [
        ("selesai", RealisationStatus::Selesai),
        ("Sebagian", RealisationStatus::Sebagian),
        ("belum", RealisationStatus::Belum),
        ("belum-dicatat", RealisationStatus::BelumDicatat),
        ("Belum dicatat", RealisationStatus::BelumDicatat),
        ("belum_dicatat", RealisationStatus::BelumDicatat),
    ] {
        assert_eq!(text.parse::<RealisationStatus>().unwrap(), want, "{text}");
    }
    assert!("dicatat".parse::<RealisationStatus>().is_err());
}
