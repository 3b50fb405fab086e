//! Evidence references travel in a submission packet (an optional manifest
//! field), and a packet made with the earlier official template still joins
//! an assessment on the current one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::AtomicBool;

use daduk_workspace::packet::{ExportOptions, ImportPacketOptions};
use daduk_workspace::{NewUnit, Workspace};

static NO: AtomicBool = AtomicBool::new(false);

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

#[test]
fn references_travel_with_a_submission_and_are_taken_as_sent() {
    let dir = tempfile::tempdir().unwrap();
    let unit = Workspace::create(&dir.path().join("unit"), "tim").unwrap();
    unit.add_unit(&NewUnit {
        code: "PKM-1".into(),
        name: "Puskesmas".into(),
        ..NewUnit::default()
    })
    .unwrap();
    let a = unit.new_assessment("PKM-1", 2026, None).unwrap();
    let item = "P.1.i.a".parse().unwrap();
    unit.add_reference(&a, item, "SK Tim", "https://drive.example/sk")
        .unwrap();
    let out = dir.path().join("kiriman.zip");
    unit.export_packet(&a, &out, &export(false)).unwrap();
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    tpi.import_packet(&out, &import()).unwrap();
    let b = tpi.assessment("PKM-1", 2026).unwrap();
    let refs = tpi.references(&b, None).unwrap();
    assert_eq!(refs.len(), 1);
    assert_eq!(
        (
            refs[0].reference.text.as_str(),
            refs[0].reference.url.as_str()
        ),
        ("SK Tim", "https://drive.example/sk")
    );
    // The unit removes it and sends again: gone on the evaluator's side too.
    unit.remove_reference(&a, unit.references(&a, None).unwrap()[0].id)
        .unwrap();
    let out2 = dir.path().join("kiriman-2.zip");
    unit.export_packet(&a, &out2, &export(false)).unwrap();
    tpi.import_packet(&out2, &import()).unwrap();
    assert!(tpi.references(&b, None).unwrap().is_empty());
}

/// The first release's built-in template, kept whole as a fixture (its
/// hash is the one listed as official).
fn first_release() -> daduk_workspace::Template {
    let json = include_str!("../../../tests/fixtures/templates/lke-zi-2021.first-release.json");
    let old = daduk_workspace::Template::from_json("lama.json", json).unwrap();
    assert!(daduk_workspace::template::official::is_official(
        old.sha256()
    ));
    assert_ne!(
        old.sha256(),
        daduk_workspace::Template::default_lke().sha256()
    );
    old
}

#[test]
fn a_packet_on_the_earlier_official_template_joins_an_assessment_on_the_current_one() {
    let dir = tempfile::tempdir().unwrap();
    let unit = Workspace::create(&dir.path().join("unit"), "tim").unwrap();
    unit.add_unit(&NewUnit {
        code: "PKM-1".into(),
        name: "Puskesmas".into(),
        ..NewUnit::default()
    })
    .unwrap();
    // A unit still on the earlier Daduk sends its packet twice.
    let a = unit
        .new_assessment("PKM-1", 2026, Some(&first_release()))
        .unwrap();
    let first = dir.path().join("1.zip");
    unit.export_packet(&a, &first, &export(false)).unwrap();
    let tpi = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    tpi.import_packet(&first, &import()).unwrap();
    // The evaluator's Daduk moves the assessment to the current version
    // when it opens the workspace again.
    drop(tpi);
    let tpi = Workspace::open(&dir.path().join("tpi"), "inspektorat").unwrap();
    let b = tpi.assessment("PKM-1", 2026).unwrap();
    assert_eq!(
        b.template_sha256,
        daduk_workspace::Template::default_lke().sha256()
    );
    let second = dir.path().join("2.zip");
    unit.export_packet(&a, &second, &export(false)).unwrap();
    tpi.import_packet(&second, &import()).unwrap();
}
