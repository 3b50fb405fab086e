use std::path::Path;

use super::*;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::store::AnswerRow;

pub(crate) fn workspace(dir: &Path) -> Workspace {
    Workspace::create(dir, "penguji").unwrap()
}

pub(crate) fn unit(code: &str) -> NewUnit {
    NewUnit {
        code: code.into(),
        name: format!("Unit {code}"),
        instansi: "Pemerintah Kabupaten Buleleng".into(),
        kepala_name: "dr. Kepala".into(),
        kepala_nip: "19700101 199003 1 001".into(),
        ..NewUnit::default()
    }
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn answer(ws: &Workspace, a: &Assessment, item: &str, text: &str) -> AnswerValue {
    AnswerValue::parse(&ws.template_of(a).unwrap(), code(item), text).unwrap()
}

#[test]
fn units_are_created_listed_and_refused_when_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let u = ws.add_unit(&unit("DINKES")).unwrap();
    assert_eq!(u.kepala_nip, "197001011990031001");
    assert_eq!(u.target, Target::Wbk);
    let mut child = unit("PKM-1");
    child.parent = Some("dinkes".into());
    assert_eq!(
        ws.add_unit(&child).unwrap().parent.as_deref(),
        Some("DINKES")
    );
    assert_eq!(ws.units().unwrap().len(), 2);

    let err = ws.add_unit(&unit("dinkes")).unwrap_err();
    assert!(err.to_string().contains("sudah ada"), "{err}");
    let err = ws.add_unit(&unit("A B")).unwrap_err();
    assert!(
        err.to_string().contains("kode unit 'A B' tidak sah"),
        "{err}"
    );
    let mut bad = unit("X");
    bad.kepala_nip = "123".into();
    assert!(
        ws.add_unit(&bad)
            .unwrap_err()
            .to_string()
            .contains("18 angka")
    );
    let mut orphan = unit("Y");
    orphan.parent = Some("NOPE".into());
    assert!(
        ws.add_unit(&orphan)
            .unwrap_err()
            .to_string()
            .contains("NOPE")
    );
    assert_eq!(
        ws.units().unwrap().len(),
        2,
        "refused units leave nothing behind"
    );

    let mut changes = unit("DINKES");
    changes.target = Target::Wbbm;
    changes.name = "Dinas Kesehatan".into();
    let u = ws.update_unit("DINKES", &changes).unwrap();
    assert_eq!(
        (u.name.as_str(), u.target),
        ("Dinas Kesehatan", Target::Wbbm)
    );
}

#[test]
fn assessments_are_one_per_unit_and_year() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("DINKES")).unwrap();
    let a = ws.new_assessment("dinkes", 2024, None).unwrap();
    assert_eq!(
        (a.unit.as_str(), a.year, a.status),
        ("DINKES", 2024, AssessmentStatus::Draft)
    );
    assert_eq!(a.template_id, "lke-zi-2021");
    assert!(
        ws.new_assessment("DINKES", 2024, None)
            .unwrap_err()
            .to_string()
            .contains("sudah ada")
    );
    assert!(
        ws.new_assessment("DINKES", 1999, None)
            .unwrap_err()
            .to_string()
            .contains("tahun 1999")
    );
    let err = ws.assessment("DINKES", 2023).unwrap_err().to_string();
    assert!(
        err.contains("daduk assessment new --unit DINKES --year 2023"),
        "{err}"
    );
    let a = ws.set_status(&a, AssessmentStatus::Submitted).unwrap();
    assert_eq!(a.status, AssessmentStatus::Submitted);
}

#[test]
fn answers_are_stored_per_role_and_every_change_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let item = code("P.1.i.b");
    ws.set_answer(
        &a,
        Role::Unit,
        item,
        &answer(&ws, &a, "P.1.i.b", "b"),
        Some("rapat 2x"),
    )
    .unwrap();
    ws.set_answer(&a, Role::Unit, item, &answer(&ws, &a, "P.1.i.b", "a"), None)
        .unwrap();
    ws.set_answer(
        &a,
        Role::Tpi,
        item,
        &answer(&ws, &a, "P.1.i.b", "c"),
        Some("bukti kurang"),
    )
    .unwrap();
    // Writing the same thing again changes nothing and logs nothing.
    let before = ws.audit_log(Some(a.id)).unwrap().len();
    ws.set_answer(
        &a,
        Role::Tpi,
        item,
        &answer(&ws, &a, "P.1.i.b", "c"),
        Some("bukti kurang"),
    )
    .unwrap();
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), before);

    let unit_answers = ws.answers(&a, Role::Unit).unwrap();
    assert_eq!(unit_answers[&item], AnswerValue::Choice('a'));
    assert_eq!(
        ws.answers(&a, Role::Tpi).unwrap()[&item],
        AnswerValue::Choice('c')
    );
    let records = ws.answer_records(&a).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[0].note.as_str(), records[0].updated_by.as_str()),
        ("rapat 2x", "penguji")
    );

    let log: Vec<(String, String, Option<String>, Option<String>)> = ws
        .audit_log(Some(a.id))
        .unwrap()
        .into_iter()
        .filter(|e| e.entity == "answer")
        .map(|e| (e.key, e.action, e.old, e.new))
        .collect();
    assert_eq!(
        log,
        [
            ("P.1.i.b/unit".into(), "set".into(), None, Some("b".into())),
            (
                "P.1.i.b/unit".into(),
                "set".into(),
                Some("b".into()),
                Some("a".into())
            ),
            ("P.1.i.b/tpi".into(), "set".into(), None, Some("c".into())),
        ]
    );

    ws.clear_answer(&a, Role::Unit, item).unwrap();
    assert!(ws.answers(&a, Role::Unit).unwrap().is_empty());
    assert_eq!(ws.answer_records(&a).unwrap().len(), 2, "the note stays");
    ws.set_note(&a, Role::Unit, item, "").unwrap();
    assert_eq!(
        ws.answer_records(&a).unwrap().len(),
        1,
        "nothing left of the unit's answer"
    );
    let last = ws.audit_log(Some(a.id)).unwrap().pop().unwrap();
    assert_eq!(
        (
            last.entity.as_str(),
            last.old.as_deref(),
            last.new.as_deref()
        ),
        ("note", Some("rapat 2x"), Some(""))
    );
}

#[test]
fn audit_log_is_append_only() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    assert!(
        ws.conn()
            .execute("UPDATE audit SET actor = 'x'", [])
            .is_err()
    );
    assert!(ws.conn().execute("DELETE FROM audit", []).is_err());
    assert_eq!(ws.audit_log(None).unwrap().len(), 1);
}

#[test]
fn batch_import_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let good = AnswerRow {
        item: code("P.1.i.a"),
        value: Some(answer(&ws, &a, "P.1.i.a", "ya")),
        note: None,
    };
    let unknown = AnswerRow {
        item: code("P.1.i.z"),
        value: Some(AnswerValue::YesNo(true)),
        note: None,
    };
    let err = ws
        .import_answers(&a, Role::Unit, &[good.clone(), unknown])
        .unwrap_err();
    assert!(err.to_string().contains("P.1.i.z"), "{err}");
    assert!(ws.answer_records(&a).unwrap().is_empty());
    assert_eq!(
        ws.import_answers(&a, Role::Unit, std::slice::from_ref(&good))
            .unwrap(),
        1
    );
    assert_eq!(
        ws.import_answers(&a, Role::Unit, &[good]).unwrap(),
        0,
        "re-import is a no-op"
    );
}

#[test]
fn opening_a_folder_without_a_workspace_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = Workspace::open(dir.path(), "x").unwrap_err().to_string();
    assert!(err.contains("daduk init"), "{err}");
}

#[test]
fn migrations_apply_from_empty_and_from_every_older_schema() {
    for start in 0..=migrations::latest() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
        migrations::migrate_to(&mut conn, start).unwrap();
        drop(conn);
        let ws = Workspace::create(dir.path(), "x").unwrap();
        let v: u32 = ws
            .conn()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, migrations::latest(), "from schema {start}");
        ws.add_unit(&unit("U")).unwrap();
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(workspace(dir.path()));
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = Workspace::open(dir.path(), "x").unwrap_err().to_string();
    assert!(err.contains("lebih baru"), "{err}");
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let items: Vec<ItemCode> = ws.template_of(&a).unwrap().item_codes().to_vec();
    std::thread::scope(|s| {
        for role in Role::ALL {
            let (dir, a, items) = (dir.path(), &a, &items);
            s.spawn(move || {
                let ws = Workspace::open(dir, role.as_str()).unwrap();
                for item in items {
                    ws.set_note(a, role, *item, &format!("{role} {item}"))
                        .unwrap();
                }
            });
        }
    });
    assert_eq!(
        ws.answer_records(&a).unwrap().len(),
        Role::ALL.len() * items.len()
    );
}

#[test]
fn the_unrecorded_status_migration_keeps_every_realisation_and_its_proof() {
    use crate::plan::{NewActivity, ProgressEntry, RealisationStatus};
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let f = dir.path().join("notula.pdf");
    std::fs::write(&f, b"%PDF notula").unwrap();
    let (e, _) = ws
        .add_evidence_file(&a, code("P.1.iii.b"), &f, Some("notula"), None, None)
        .unwrap();
    let x = ws
        .add_activity(
            &a,
            &NewActivity {
                area: 1,
                program: "Monev".into(),
                activity: "Rapat monev".into(),
                months: "3,6".parse().unwrap(),
                ..NewActivity::default()
            },
        )
        .unwrap();
    let entry = |month, status, kendala: &str, evidence| ProgressEntry {
        month,
        status,
        percent: None,
        note: None,
        kendala: Some(kendala.into()),
        solusi: None,
        rekomendasi: None,
        evidence,
    };
    ws.record_progress(
        &a,
        x.id,
        &entry(
            3,
            RealisationStatus::Sebagian,
            "Jadwal padat",
            Some(vec![e.id]),
        ),
    )
    .unwrap();
    let before = ws.plan(&a).unwrap();
    assert_eq!(before.activities[0].progress[0].evidence.len(), 1);
    drop(ws);
    // Back to the schema before 0010, which rebuilds plan_progress again on
    // opening. Foreign keys are on while it runs: a careless DROP would take
    // the evidence links with it. (0011, one conflict table, 0012, the
    // files' content, 0013, places taken from content, and 0014, the years,
    // are undone by hand so that they can run again after.)
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch(
        "DROP TABLE tpn_stage;
         DROP TABLE plan_followup;
         ALTER TABLE evidence DROP COLUMN valid_until;
         ALTER TABLE evidence DROP COLUMN carried_from;
         ALTER TABLE answer DROP COLUMN carried_from;
         ALTER TABLE assessment DROP COLUMN carried_from;
         ALTER TABLE evidence_assignment DROP COLUMN by_content;
         DROP TABLE content_search;
         DROP TABLE content;
         DROP INDEX conflict_by_assessment;
         ALTER TABLE conflict DROP COLUMN origin;
         ALTER TABLE conflict RENAME COLUMN source TO server;
         ALTER TABLE conflict RENAME TO sync_conflict;
         CREATE INDEX sync_conflict_by_assessment ON sync_conflict(assessment_id, id);
         CREATE TABLE review_conflict (id INTEGER PRIMARY KEY, assessment_id INTEGER NOT NULL,
             item TEXT NOT NULL, sent_value TEXT, current_value TEXT, tpi_value TEXT,
             packet_sha256 TEXT NOT NULL, at TEXT NOT NULL);",
    )
    .unwrap();
    conn.pragma_update(None, "user_version", 9).unwrap();
    drop(conn);
    let ws = Workspace::open(dir.path(), "x").unwrap();
    assert_eq!(ws.plan(&a).unwrap(), before);
    // The new status is stored.
    let r = ws
        .record_progress(
            &a,
            x.id,
            &entry(
                6,
                RealisationStatus::BelumDicatat,
                "Narasumber berhalangan",
                None,
            ),
        )
        .unwrap();
    assert_eq!(r.status, RealisationStatus::BelumDicatat);
}
