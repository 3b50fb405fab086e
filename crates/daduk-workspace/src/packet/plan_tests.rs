//! Packets carry the unit's plan and its monitoring (version 3): the
//! evaluator receives it read-only, a later submission replaces it, a review
//! never writes it, version 2 packets still import, and a hostile plan is
//! refused before anything is written.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::trust_tests::resign;
use super::*;
use crate::code::ItemCode;
use crate::plan::{ItemPlanChange, NewActivity, Plan, ProgressEntry, RealisationStatus};
use crate::store::tests::unit;
use crate::store::{Assessment, Workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

pub(super) fn export(ws: &Workspace, a: &Assessment, out: &Path, review: bool) -> ExportReport {
    ws.export_packet(
        a,
        out,
        &ExportOptions {
            review,
            job: crate::job::Job::new(&NO, &|_| {}),
            force: false,
        },
    )
    .unwrap()
}

fn import(ws: &Workspace, packet: &Path, older: bool) -> crate::Result<PacketImportReport> {
    ws.import_packet(
        packet,
        &ImportPacketOptions {
            job: crate::job::Job::new(&NO, &|_| {}),
            consent: Consent {
                older,
                ..Consent::default()
            },
        },
    )
}

/// A unit with a plan: an item's period changed, two activities, and a
/// month realised with an attached file as proof.
fn unit_with_plan(root: &Path) -> (Workspace, Assessment) {
    let ws = Workspace::create(&root.join("unit"), "tim-kerja").unwrap();
    ws.add_unit(&unit("DINKES")).unwrap();
    let a = ws.new_assessment("DINKES", 2024, None).unwrap();
    let f = root.join("notula.pdf");
    fs::write(&f, b"%PDF notula monev").unwrap();
    let (e, _) = ws
        .add_evidence_file(&a, code("P.1.iii.b"), &f, Some("notula"), None, None)
        .unwrap();
    ws.set_plan_item(
        &a,
        code("P.1.i.a"),
        &ItemPlanChange {
            months: Some("1,2".parse().unwrap()),
            pic: Some("Sekretaris".into()),
            note: Some("SK Januari".into()),
        },
    )
    .unwrap();
    let monev = ws
        .add_activity(
            &a,
            &NewActivity {
                area: 1,
                program: "Monitoring dan evaluasi".into(),
                activity: "Rapat monev triwulan".into(),
                target: "Terpantau".into(),
                months: "3,6".parse().unwrap(),
                pic: "Ketua Tim".into(),
                outputs: vec!["notula".into()],
                items: vec![code("P.1.iii.b")],
            },
        )
        .unwrap();
    ws.add_activity(
        &a,
        &NewActivity {
            area: 5,
            program: "LHKPN".into(),
            activity: "Rekapitulasi LHKPN".into(),
            months: "2,3".parse().unwrap(),
            ..NewActivity::default()
        },
    )
    .unwrap();
    ws.record_progress(
        &a,
        monev.id,
        &ProgressEntry {
            month: 3,
            status: RealisationStatus::Sebagian,
            percent: Some(70),
            note: Some("Dipimpin Kepala".into()),
            kendala: Some("Jadwal".into()),
            solusi: None,
            rekomendasi: Some("Tetapkan jadwal".into()),
            evidence: Some(vec![e.id]),
        },
    )
    .unwrap();
    (ws, a)
}

/// A plan as a reader compares it: everything but local ids and times.
fn shape(p: &Plan) -> serde_json::Value {
    let mut v = serde_json::to_value(p).unwrap();
    v.as_object_mut().unwrap().remove("read_only");
    for a in v["activities"].as_array_mut().unwrap() {
        a.as_object_mut().unwrap().remove("id");
        for r in a["progress"].as_array_mut().unwrap() {
            for e in r["evidence"].as_array_mut().unwrap() {
                e.as_object_mut().unwrap().remove("id");
            }
        }
    }
    v
}

#[test]
fn the_evaluator_receives_the_plan_read_only_and_a_resubmission_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_with_plan(dir.path());
    let packet = dir.path().join("kiriman-1");
    export(&uws, &ua, &packet, false);
    let m = Manifest::parse(&fs::read(packet.join("manifest.json")).unwrap()).unwrap();
    assert!(m.version >= 3, "the plan came with version 3");
    let plan = m.plan.as_ref().unwrap();
    assert_eq!(plan.activities.len(), 2);
    assert_eq!(
        plan.activities[0].progress[0].evidence[0].item,
        code("P.1.iii.b")
    );
    assert!(
        packet.join("rencana-aksi.pdf").is_file(),
        "the plan for readers without the app"
    );

    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    let r = import(&tpi, &packet, false).unwrap();
    assert_eq!(r.plan_activities, Some(2));
    let ta = tpi.assessment("DINKES", 2024).unwrap();
    let received = tpi.plan(&ta).unwrap();
    assert_eq!(shape(&received), shape(&uws.plan(&ua).unwrap()));
    assert_eq!(received.items[0].pic, "Sekretaris");
    assert_eq!(
        received.activities[0].progress[0].evidence[0].file_name,
        "notula.pdf"
    );
    // Read-only here: the unit changes it and sends it again.
    let reason = received.read_only.unwrap();
    assert!(reason.contains("paket kiriman unit"), "{reason}");
    let err = tpi
        .set_plan_item(&ta, code("P.1.i.a"), &ItemPlanChange::default())
        .unwrap_err();
    assert!(err.to_string().contains("hanya dapat dibaca"), "{err}");
    let err = tpi
        .remove_activity(&ta, received.activities[0].id)
        .unwrap_err();
    assert!(err.to_string().contains("hanya dapat dibaca"), "{err}");
    assert!(
        tpi.audit_log(Some(ta.id))
            .unwrap()
            .iter()
            .any(|e| e.entity == "plan" && e.action == "replace")
    );

    // The unit removes an activity and records another month; the next
    // submission replaces the evaluator's copy whole.
    let unit_plan = uws.plan(&ua).unwrap();
    uws.remove_activity(&ua, unit_plan.activities[1].id)
        .unwrap();
    uws.record_progress(
        &ua,
        unit_plan.activities[0].id,
        &ProgressEntry {
            month: 6,
            status: RealisationStatus::Selesai,
            percent: None,
            note: None,
            kendala: None,
            solusi: None,
            rekomendasi: None,
            evidence: None,
        },
    )
    .unwrap();
    let packet2 = dir.path().join("kiriman-2");
    export(&uws, &ua, &packet2, false);
    let r = import(&tpi, &packet2, false).unwrap();
    assert_eq!(r.plan_activities, Some(1));
    assert_eq!(
        shape(&tpi.plan(&ta).unwrap()),
        shape(&uws.plan(&ua).unwrap())
    );

    // The review going back carries no plan, and the unit's stays as it is.
    let review = dir.path().join("reviu");
    export(&tpi, &ta, &review, true);
    let m = Manifest::parse(&fs::read(review.join("manifest.json")).unwrap()).unwrap();
    assert!(m.plan.is_none());
    let before = uws.plan(&ua).unwrap();
    import(&uws, &review, false).unwrap();
    assert_eq!(uws.plan(&ua).unwrap(), before);
}

#[test]
fn a_review_carrying_a_plan_writes_nothing_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_with_plan(dir.path());
    let packet = dir.path().join("kiriman");
    export(&uws, &ua, &packet, false);
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    import(&tpi, &packet, false).unwrap();
    let ta = tpi.assessment("DINKES", 2024).unwrap();
    let review = dir.path().join("reviu");
    export(&tpi, &ta, &review, true);
    // A hostile evaluator slips a plan into the review.
    let sent = serde_json::to_value(
        Manifest::parse(&fs::read(packet.join("manifest.json")).unwrap())
            .unwrap()
            .plan,
    )
    .unwrap();
    resign(&review, tpi.root(), |m, _| {
        let mut plan = sent.clone();
        plan["activities"][0]["activity"] = "Diganti evaluator".into();
        plan["activities"][0]["progress"] = serde_json::json!([]);
        m["plan"] = plan;
    });
    let before = uws.plan(&ua).unwrap();
    let r = import(&uws, &review, false).unwrap();
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("rencana aksi hanya diisi unit")),
        "{:?}",
        r.warnings
    );
    assert_eq!(uws.plan(&ua).unwrap(), before);
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dst: PathBuf = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dst).unwrap();
        } else {
            fs::copy(e.path(), &dst).unwrap();
        }
    }
}

#[test]
fn version_2_packets_still_import_and_leave_a_plan_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_with_plan(dir.path());
    let packet = dir.path().join("kiriman");
    export(&uws, &ua, &packet, false);
    let v2 = dir.path().join("kiriman-v2");
    copy_dir(&packet, &v2);
    resign(&v2, uws.root(), |m, _| {
        m["version"] = 2.into();
        m.as_object_mut().unwrap().remove("plan");
    });
    // A fresh evaluator: the assessment arrives, the plan is not started.
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    let r = import(&tpi, &v2, false).unwrap();
    assert_eq!(r.plan_activities, None);
    let ta = tpi.assessment("DINKES", 2024).unwrap();
    assert!(!tpi.plan(&ta).unwrap().started);
    // An evaluator who has the plan from a version 3 packet keeps it when an
    // older Daduk's packet (without plans) comes later.
    let tpi2 = Workspace::create(&dir.path().join("tpi2"), "inspektorat").unwrap();
    import(&tpi2, &packet, false).unwrap();
    let ta2 = tpi2.assessment("DINKES", 2024).unwrap();
    let kept = tpi2.plan(&ta2).unwrap();
    import(&tpi2, &v2, true).unwrap();
    assert_eq!(tpi2.plan(&ta2).unwrap(), kept);
    assert!(kept.started);
}

#[test]
fn a_hostile_plan_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_with_plan(dir.path());
    let packet = dir.path().join("kiriman");
    export(&uws, &ua, &packet, false);
    type Edit = fn(&mut serde_json::Value);
    let cases: &[(Edit, &str)] = &[
        (
            |p| p["activities"][0]["progress"][0]["percent"] = 100.into(),
            "persentase 100 tidak cocok",
        ),
        (
            |p| p["activities"][0]["progress"][0]["month"] = 4.into(),
            "bulan tidak direncanakan",
        ),
        (
            |p| p["activities"][0]["months"] = serde_json::json!([]),
            "bulan kosong",
        ),
        (
            |p| p["activities"][0]["months"] = serde_json::json!([13]),
            "bulan 13 tidak sah",
        ),
        (
            |p| p["activities"][0]["area"] = 9.into(),
            "area 9 tidak ada",
        ),
        (
            |p| p["activities"][0]["items"] = serde_json::json!(["P.1.i.z"]),
            "P.1.i.z",
        ),
        (
            |p| p["activities"][0]["outputs"] = serde_json::json!(["piagam"]),
            "jenis data dukung 'piagam'",
        ),
        (|p| p["items"][0]["item"] = "P.9.i.a".into(), "P.9.i.a"),
        (
            |p| p["activities"][1]["program"] = "LHKPN\u{1b}[2J".into(),
            "program kegiatan ke-2",
        ),
        (
            |p| p["activities"][0]["progress"][0]["evidence"][0]["sha256"] = "00".repeat(32).into(),
            "tidak ada dalam paket",
        ),
        (
            |p| p["activities"][0]["progress"][0]["updated_at"] = "kemarin".into(),
            "bukan waktu RFC 3339",
        ),
        (|p| p["extra"] = 1.into(), "unknown field"),
        // One bound for every way in, the CLI's and the app's alike.
        (
            |p| p["items"][0]["pic"] = "P".repeat(100_000).into(),
            "penanggung jawab butir P.1.i.a terlalu panjang (100000 karakter; batas 4000)",
        ),
        (
            |p| p["activities"][0]["pic"] = "K".repeat(4001).into(),
            "penanggung jawab kegiatan ke-1 rencana aksi terlalu panjang",
        ),
        (
            |p| p["items"][0]["note"] = "x".repeat(4001).into(),
            "catatan rencana butir P.1.i.a terlalu panjang",
        ),
        (
            |p| {
                let first = p["activities"][0].clone();
                p["activities"].as_array_mut().unwrap().push(first);
            },
            "kegiatan ke-3 rencana aksi sama dengan kegiatan ke-1",
        ),
        (
            |p| {
                let mut twin = p["activities"][0].clone();
                twin["activity"] = " RAPAT MONEV TRIWULAN ".into();
                twin["progress"] = serde_json::json!([]);
                p["activities"].as_array_mut().unwrap().push(twin);
            },
            "kegiatan ganda ditolak",
        ),
    ];
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    for (i, (edit, why)) in cases.iter().enumerate() {
        let bad = dir.path().join(format!("jahat-{i}"));
        copy_dir(&packet, &bad);
        resign(&bad, uws.root(), |m, _| edit(&mut m["plan"]));
        let err = import(&tpi, &bad, false).unwrap_err().to_string();
        assert!(err.contains(why), "case {i}: expected '{why}' in: {err}");
        assert!(
            tpi.assessments().unwrap().is_empty(),
            "case {i}: nothing written"
        );
    }
}
