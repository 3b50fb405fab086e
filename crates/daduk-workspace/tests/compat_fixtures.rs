//! What a released Daduk wrote must stay readable: a unit's workspace, the
//! submission packet it sent, the review packet TPI sent back, and the
//! fingerprint printed in its report footer are kept as fixtures (made by
//! the code of November 2026) and read by today's code.
//!
//! To make the fixtures again (only when a format deliberately changes, with
//! a new version beside the old one): `DADUK_WRITE_COMPAT_FIXTURES=1 cargo
//! test -p daduk-workspace --test compat_fixtures`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use daduk_workspace::evidence::ReviewStatus;
use daduk_workspace::packet::{ExportOptions, ImportPacketOptions};
use daduk_workspace::report::manifest::build_manifest;
use daduk_workspace::{AnswerValue, NewUnit, Role, Workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/compat")
}

fn export(review: bool) -> ExportOptions<'static> {
    ExportOptions {
        review,
        job: daduk_workspace::job::Job::new(&NO, &|_| {}),
        force: false,
    }
}

fn import() -> ImportPacketOptions<'static> {
    ImportPacketOptions {
        job: daduk_workspace::job::Job::new(&NO, &|_| {}),
        consent: Default::default(),
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn answer(ws: &Workspace, a: &daduk_workspace::Assessment, role: Role, item: &str, text: &str) {
    let template = ws.template_of(a).unwrap();
    let code = item.parse().unwrap();
    let value = AnswerValue::parse(&template, code, text).unwrap();
    ws.set_answer(a, role, code, &value, Some("catatan"))
        .unwrap();
}

/// Write every fixture from today's code.
fn write_fixtures() {
    let out = fixtures();
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();
    let work = tempfile::tempdir().unwrap();
    let unit_dir = work.path().join("unit");
    let unit = Workspace::create(&unit_dir, "tim kerja").unwrap();
    unit.add_unit(&NewUnit {
        code: "PKM-1".into(),
        name: "Puskesmas Sukasada I".into(),
        instansi: "Pemerintah Kabupaten Buleleng".into(),
        ..NewUnit::default()
    })
    .unwrap();
    let a = unit.new_assessment("PKM-1", 2026, None).unwrap();
    answer(&unit, &a, Role::Unit, "P.1.i.a", "ya");
    answer(&unit, &a, Role::Unit, "P.1.i.b", "b");
    let sk = work.path().join("SK Tim ZI.pdf");
    fs::write(&sk, b"%PDF-1.4 SK Tim Kerja ZI\n").unwrap();
    unit.add_evidence_file(&a, "P.1.i.a".parse().unwrap(), &sk, Some("sk"), None, None)
        .unwrap();
    unit.add_reference(
        &a,
        "P.1.i.b".parse().unwrap(),
        "Notula rapat",
        "https://drive.example/n",
    )
    .unwrap();
    let submission = out.join("submission.zip");
    unit.export_packet(&a, &submission, &export(false)).unwrap();
    fs::write(
        out.join("report-fingerprint.txt"),
        format!("{}\n", build_manifest(&unit, &a).unwrap().sha256().to_hex()),
    )
    .unwrap();

    let tpi = Workspace::create(&work.path().join("tpi"), "inspektorat").unwrap();
    tpi.import_packet(&submission, &import()).unwrap();
    let b = tpi.assessment("PKM-1", 2026).unwrap();
    fs::write(
        out.join("report-fingerprint-tpi.txt"),
        format!("{}\n", build_manifest(&tpi, &b).unwrap().sha256().to_hex()),
    )
    .unwrap();
    answer(&tpi, &b, Role::Tpi, "P.1.i.a", "tidak");
    let e = tpi.evidence_list(&b, None).unwrap().remove(0);
    tpi.review_evidence(&b, e.id, ReviewStatus::Rejected, "tanpa tanda tangan")
        .unwrap();
    tpi.export_packet(&b, &out.join("review.zip"), &export(true))
        .unwrap();
    drop(unit);
    copy_dir(&unit_dir, &out.join("workspace-unit"));
}

#[test]
fn a_released_workspace_its_packets_and_its_report_fingerprint_still_read() {
    if std::env::var_os("DADUK_WRITE_COMPAT_FIXTURES").is_some() {
        write_fixtures();
    }
    let fx = fixtures();
    let work = tempfile::tempdir().unwrap();

    // The unit's workspace opens (migrating if needed) and verifies clean.
    let unit_dir = work.path().join("unit");
    copy_dir(&fx.join("workspace-unit"), &unit_dir);
    let unit = Workspace::open(&unit_dir, "tim kerja").unwrap();
    let report = unit.verify(None, daduk_workspace::job::quiet()).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert!(report.integrity.is_empty(), "{:?}", report.integrity);
    let a = unit.assessment("PKM-1", 2026).unwrap();

    // The fingerprint its report printed is still the fingerprint of what
    // it holds.
    let printed = fs::read_to_string(fx.join("report-fingerprint.txt")).unwrap();
    assert_eq!(
        build_manifest(&unit, &a).unwrap().sha256().to_hex(),
        printed.trim()
    );

    // The submission it sent verifies and imports on an evaluator's side,
    // whose report (the same content, status Diajukan) printed the
    // fingerprint kept beside it.
    let submission = fx.join("submission.zip");
    let check =
        daduk_workspace::packet::verify_packet(&submission, daduk_workspace::job::quiet()).unwrap();
    assert!(check.is_clean(), "{:?}", check.findings);
    let tpi = Workspace::create(&work.path().join("tpi"), "inspektorat").unwrap();
    let imported = tpi.import_packet(&submission, &import()).unwrap();
    assert_eq!(imported.evidence_added, 1);
    let b = tpi.assessment("PKM-1", 2026).unwrap();
    let printed_tpi = fs::read_to_string(fx.join("report-fingerprint-tpi.txt")).unwrap();
    assert_eq!(
        build_manifest(&tpi, &b).unwrap().sha256().to_hex(),
        printed_tpi.trim()
    );
    assert_eq!(tpi.references(&b, None).unwrap().len(), 1);

    // The review TPI sent back reaches the unit: TPI's answer and verdict.
    let review = unit
        .import_packet(&fx.join("review.zip"), &import())
        .unwrap();
    assert_eq!(review.statuses_updated, 1);
    let e = unit.evidence_list(&a, None).unwrap().remove(0);
    assert_eq!(e.review_status, ReviewStatus::Rejected);
    assert_eq!(e.review_note, "tanpa tanda tangan");
    let tpi_side: Vec<_> = unit
        .answer_records(&a)
        .unwrap()
        .into_iter()
        .filter(|r| r.role == Role::Tpi)
        .collect();
    assert_eq!(tpi_side.len(), 1, "{tpi_side:?}");
}
