//! Packets and who sent them: a workspace's own packet never comes back in,
//! an evaluator's key is the unit's evaluator's across years, a new key
//! is recorded and its import summarised whole, and a new unit that reads
//! like one already here is not created without consent.

use std::fs;
use std::path::{Path, PathBuf};

use super::plan_tests::export;
use super::trust_tests::{NO, Setup, code, needs, set, setup};
use super::*;
use crate::answer::Role;
use crate::error::{ConsentKind as Needs, Error};
use crate::plan::NewActivity;
use crate::store::packets::{Direction, PacketEntry};
use crate::store::tests::unit;
use crate::store::{Assessment, AssessmentStatus, Workspace};

fn activity(name: &str) -> NewActivity {
    NewActivity {
        area: 1,
        program: "Pembentukan tim".into(),
        activity: name.into(),
        months: "2,3".parse().unwrap(),
        ..NewActivity::default()
    }
}

fn import(ws: &Workspace, packet: &Path, consent: Consent) -> crate::Result<PacketImportReport> {
    ws.import_packet(
        packet,
        &ImportPacketOptions {
            job: crate::job::Job::new(&NO, &|_| {}),
            consent,
        },
    )
}

fn standing(ws: &Workspace, packet: &Path) -> PacketStanding {
    let check = verify_packet(packet, crate::job::Job::new(&NO, &|_| {})).unwrap();
    ws.packet_standing(&check).unwrap()
}

fn unit_value(ws: &Workspace, a: &Assessment, item: &str) -> Option<String> {
    ws.answer_records(a)
        .unwrap()
        .into_iter()
        .find(|r| r.item == code(item) && r.role == Role::Unit)
        .and_then(|r| r.value)
}

#[test]
fn a_workspaces_own_submission_is_refused_and_changes_nothing() {
    let s = setup();
    let packet = s.export("kiriman");
    // Work done after the export that an import of the packet would undo.
    set(&s.unit, &s.ua, Role::Unit, "P.1.i.a", "tidak");
    s.unit
        .add_activity(&s.ua, &activity("Rapat sesudah ekspor"))
        .unwrap();
    let log_before = s.unit.audit_log(None).unwrap().len();

    let st = standing(&s.unit, &packet);
    assert!(st.own_export, "{st:?}");
    assert!(
        st.notices[0].contains("ekspor ruang kerja ini sendiri"),
        "{st:?}"
    );

    let err = import(&s.unit, &packet, Consent::default()).unwrap_err();
    assert!(matches!(err, Error::Invalid(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("ekspor ruang kerja ini sendiri")
            && message.contains("tidak ada yang berubah"),
        "{message}"
    );
    // Not even with every consent given.
    let all = Consent {
        older: true,
        new_key: true,
        template: true,
        look_alike: true,
    };
    assert!(import(&s.unit, &packet, all).is_err());
    let a = s.unit.assessment("DINKES", 2024).unwrap();
    assert_eq!(a.status, AssessmentStatus::Draft);
    assert_eq!(unit_value(&s.unit, &a, "P.1.i.a").as_deref(), Some("tidak"));
    let plan = s.unit.plan(&a).unwrap();
    assert!(plan.read_only.is_none(), "{:?}", plan.read_only);
    assert_eq!(plan.activities.len(), 1);
    assert_eq!(s.unit.audit_log(None).unwrap().len(), log_before);
    assert!(!s.unit.is_received(a.id).unwrap());

    // A key replaced since: the packet is still known as sent from here.
    fs::remove_file(s.unit.root().join(sign::KEY_FILE)).unwrap();
    let err = import(&s.unit, &packet, all).unwrap_err();
    assert!(
        err.to_string().contains("ekspor ruang kerja ini sendiri"),
        "{err}"
    );

    // The evaluator takes the same packet as usual.
    import(&s.tpi, &packet, Consent::default()).unwrap();
}

#[test]
fn an_evaluators_own_review_is_refused_too() {
    let s = setup();
    import(&s.tpi, &s.export("kiriman"), Consent::default()).unwrap();
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    set(&s.tpi, &ea, Role::Tpi, "P.1.i.a", "ya");
    let review = s.dir.path().join("reviu");
    export(&s.tpi, &ea, &review, true);
    set(&s.tpi, &ea, Role::Tpi, "P.1.i.a", "tidak");
    let err = import(&s.tpi, &review, Consent::default()).unwrap_err();
    assert!(
        err.to_string().contains("paket hasil reviu DINKES 2024"),
        "{err}"
    );
    let tpi_value = s
        .tpi
        .answer_records(&ea)
        .unwrap()
        .into_iter()
        .find(|r| r.item == code("P.1.i.a") && r.role == Role::Tpi)
        .and_then(|r| r.value);
    assert_eq!(tpi_value.as_deref(), Some("tidak"));
    // The unit takes it.
    import(&s.unit, &review, Consent::default()).unwrap();
}

/// A workspace that imported its own packet before Daduk refused it: the
/// assessment is its own again, and its plan can be edited.
#[test]
fn an_own_packet_taken_earlier_leaves_the_plan_editable() {
    let s = setup();
    let report = export(&s.unit, &s.ua, &s.dir.path().join("kiriman"), false);
    let tx = s.unit.write().unwrap();
    s.unit
        .log_packet_tx(
            &tx,
            s.ua.id,
            Direction::Import,
            &PacketEntry {
                kind: PacketKind::Submission,
                manifest: report.manifest_sha256,
                fingerprint: &report.fingerprint,
                created_at: &report.created_at,
            },
        )
        .unwrap();
    tx.commit().unwrap();
    assert!(!s.unit.is_received(s.ua.id).unwrap());
    assert!(s.unit.received_assessments().unwrap().is_empty());
    s.unit
        .add_activity(&s.ua, &activity("Rapat lanjutan"))
        .unwrap();
    assert!(s.unit.plan(&s.ua).unwrap().read_only.is_none());
}

/// The unit's side of a round: submission out, review back.
fn round(s: &Setup, year: i32) -> PathBuf {
    let ua = match s.unit.assessment("DINKES", year) {
        Ok(a) => a,
        Err(_) => s.unit.new_assessment("DINKES", year, None).unwrap(),
    };
    let out = s.dir.path().join(format!("kiriman-{year}"));
    export(&s.unit, &ua, &out, false);
    import(&s.tpi, &out, Consent::default()).unwrap();
    let ea = s.tpi.assessment("DINKES", year).unwrap();
    set(&s.tpi, &ea, Role::Tpi, "P.1.i.a", "ya");
    let review = s.dir.path().join(format!("reviu-{year}"));
    export(&s.tpi, &ea, &review, true);
    review
}

#[test]
fn an_evaluators_key_is_remembered_for_the_unit_across_years() {
    let s = setup();
    import(&s.unit, &round(&s, 2024), Consent::default()).unwrap();
    // The evaluator's workspace gets a new key; next year's review.
    fs::remove_file(s.tpi.root().join(sign::KEY_FILE)).unwrap();
    let review = round(&s, 2025);
    let st = standing(&s.unit, &review);
    assert!(st.earlier_key.is_some(), "{st:?}");
    assert!(st.notices[0].contains("kunci lain"), "{st:?}");
    let (what, _) = needs(import(&s.unit, &review, Consent::default()));
    assert_eq!(what, Needs::NewKey);
    let report = import(
        &s.unit,
        &review,
        Consent {
            new_key: true,
            ..Consent::default()
        },
    )
    .unwrap();
    assert_eq!(report.key_changed_from, st.earlier_key);
}

#[test]
fn an_accepted_new_key_is_audited_and_the_summary_counts_every_change() {
    let s = setup();
    import(&s.tpi, &s.export("kiriman-1"), Consent::default()).unwrap();
    let old_key = sign::own_fingerprint(s.unit.root()).unwrap();
    // Between the packets: only the plan and a note change, and the key.
    s.unit.add_activity(&s.ua, &activity("Rapat baru")).unwrap();
    s.unit
        .set_note(&s.ua, Role::Unit, code("P.1.i.a"), "catatan baru")
        .unwrap();
    fs::remove_file(s.unit.root().join(sign::KEY_FILE)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = s.export("kiriman-2");
    let st = standing(&s.tpi, &second);
    assert_eq!(st.earlier_key.as_deref(), Some(old_key.as_str()));
    assert!(!st.own_export && st.look_alike.is_none(), "{st:?}");

    let report = import(
        &s.tpi,
        &second,
        Consent {
            new_key: true,
            ..Consent::default()
        },
    )
    .unwrap();
    assert_eq!(report.key_changed_from.as_deref(), Some(old_key.as_str()));
    assert_eq!(report.answers_changed, 0);
    assert_eq!(report.notes_changed, 1);
    assert_eq!(report.plan_activities_changed, 1);
    let ea = s.tpi.assessment("DINKES", 2024).unwrap();
    let keyed: Vec<_> = s
        .tpi
        .audit_log(Some(ea.id))
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "packet_key")
        .collect();
    assert_eq!(keyed.len(), 1, "{keyed:?}");
    assert_eq!(keyed[0].old.as_deref(), Some(old_key.as_str()));
    assert_eq!(keyed[0].new.as_deref(), Some(report.fingerprint.as_str()));
    assert_eq!(keyed[0].key, "unit DINKES");
}

#[test]
fn a_new_unit_that_reads_like_one_here_needs_consent() {
    // (existing code, its name): the packet brings DINKES, "Unit DINKES".
    for (existing, name) in [
        ("D1NKES", "Dinas Kesehatan"),
        ("DlNKES", "Dinas Kesehatan"),
        ("DINKES-LAMA", "Unit DINKES"),
        ("DINKES-2", "Unit D\u{131}NKES"),
    ] {
        let s = setup();
        s.tpi
            .add_unit(&crate::store::NewUnit {
                name: name.into(),
                ..unit(existing)
            })
            .unwrap();
        let packet = s.export("kiriman");
        let st = standing(&s.tpi, &packet);
        let twin = st.look_alike.as_ref().expect("a look-alike");
        assert_eq!(twin.code, existing);
        assert!(st.notices.iter().any(|n| n.contains(existing)), "{st:?}");

        let (what, message) = needs(import(&s.tpi, &packet, Consent::default()));
        assert_eq!(what, Needs::LookAlikeUnit);
        assert!(
            message.contains("DINKES") && message.contains(existing),
            "{message}"
        );
        assert_eq!(s.tpi.units().unwrap().len(), 1, "nothing created");

        let report = import(
            &s.tpi,
            &packet,
            Consent {
                look_alike: true,
                ..Consent::default()
            },
        )
        .unwrap();
        assert!(report.unit_created);
        assert!(
            report.warnings.iter().any(|w| w.contains(existing)),
            "{report:?}"
        );
        // Known now: the next packet of the unit needs no consent.
        set(&s.unit, &s.ua, Role::Unit, "P.1.i.b", "b");
        std::thread::sleep(std::time::Duration::from_millis(1100));
        import(&s.tpi, &s.export("kiriman-2"), Consent::default()).unwrap();
    }
    // A unit that reads differently arrives as before.
    let s = setup();
    s.tpi.add_unit(&unit("DINKES-BDG")).unwrap();
    assert!(standing(&s.tpi, &s.export("kiriman")).look_alike.is_none());
}
