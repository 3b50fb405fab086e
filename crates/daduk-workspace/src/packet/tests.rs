use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use super::*;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::evidence::ReviewStatus;
use crate::store::tests::unit;
use crate::store::{Assessment, Workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn export_opts(review: bool) -> ExportOptions<'static> {
    ExportOptions {
        review,
        job: crate::job::Job::new(&NO, &|_| {}),
        force: false,
    }
}

fn import_opts() -> ImportPacketOptions<'static> {
    ImportPacketOptions {
        job: crate::job::Job::new(&NO, &|_| {}),
        consent: Consent::default(),
    }
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn set(ws: &Workspace, a: &Assessment, role: Role, item: &str, value: &str, note: Option<&str>) {
    let t = ws.template_of(a).unwrap();
    let v = AnswerValue::parse(&t, code(item), value).unwrap();
    ws.set_answer(a, role, code(item), &v, note).unwrap();
}

/// A unit workspace with answers, files and an absent mark.
fn unit_workspace(root: &Path) -> (Workspace, Assessment) {
    let ws = Workspace::create(&root.join("unit"), "tim-kerja").unwrap();
    ws.add_unit(&unit("DINKES")).unwrap();
    let a = ws.new_assessment("DINKES", 2024, None).unwrap();
    set(&ws, &a, Role::Unit, "P.1.i.a", "ya", Some("SK 2024"));
    set(&ws, &a, Role::Unit, "P.1.i.b", "b", None);
    set(&ws, &a, Role::Unit, "R.1.i.a", "a=4;b=3", None);
    let files = root.join("files");
    fs::create_dir_all(&files).unwrap();
    for (item, name, content) in [
        ("P.1.i.a", "SK Tim Kerja: final?.pdf", "sk"),
        ("P.1.i.b", "undangan.pdf", "undangan"),
        ("P.1.i.b", "CON.pdf", "reserved name"),
        ("P.1.ii.a", "undangan.pdf", "undangan"),
    ] {
        let f = files.join(name.replace([':', '?'], "_"));
        fs::write(&f, content).unwrap();
        let title = name.trim_end_matches(".pdf");
        ws.add_evidence_file(&a, code(item), &f, None, Some(title), None)
            .unwrap();
    }
    ws.mark_absent(&a, code("P.1.i.b"), "notula", "rapat tanpa notula")
        .unwrap();
    (ws, a)
}

fn evaluator(root: &Path) -> Workspace {
    Workspace::create(&root.join("tpi"), "inspektorat").unwrap()
}

#[test]
fn round_trip_unit_to_evaluator_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let packet = dir.path().join("kiriman");
    let sent = uws
        .export_packet(&ua, &packet, &export_opts(false))
        .unwrap();
    assert_eq!(sent.kind, PacketKind::Submission);
    for name in [
        "manifest.json",
        "manifest.sig",
        "SHA256SUMS",
        "index.html",
        "template.json",
    ] {
        assert!(packet.join(name).is_file(), "{name}");
    }
    let sk = packet.join("evidence/1 Manajemen Perubahan/P.1.i Penyusunan Tim Kerja/P.1.i.a - SK Tim Kerja final.pdf");
    assert!(sk.is_file(), "readable, Windows-safe evidence names");
    assert!(
        packet
            .join("evidence/1 Manajemen Perubahan/P.1.i Penyusunan Tim Kerja/P.1.i.b - CON.pdf")
            .is_file()
    );

    // The worksheet links each item's Bukti Dukung cell into the packet.
    let mut xlsx = zip::ZipArchive::new(fs::File::open(packet.join("lke.xlsx")).unwrap()).unwrap();
    let mut rels = String::new();
    xlsx.by_name("xl/worksheets/_rels/sheet1.xml.rels")
        .unwrap()
        .read_to_string(&mut rels)
        .unwrap();
    assert!(rels.contains("Target=\"evidence/1%20Manajemen%20Perubahan/P.1.i%20Penyusunan%20Tim%20Kerja/P.1.i.a%20-%20SK%20Tim%20Kerja%20final.pdf\""), "{rels}");
    assert!(
        rels.contains(
            "Target=\"evidence/1%20Manajemen%20Perubahan/P.1.i%20Penyusunan%20Tim%20Kerja\""
        ),
        "an item with several files links its folder: {rels}"
    );
    let check = verify_packet(&packet, crate::job::quiet()).unwrap();
    assert!(check.is_clean(), "{:?}", check.findings);
    assert_eq!(
        check.fingerprint.as_deref(),
        Some(sent.fingerprint.as_str())
    );

    // The evaluator imports, scores and reviews.
    let ews = evaluator(dir.path());
    let imported = ews.import_packet(&packet, &import_opts()).unwrap();
    assert!(imported.unit_created && imported.assessment_created);
    assert_eq!(imported.evidence_added, 4);
    assert_eq!(
        ews.blobs().on_disk().len(),
        3,
        "the same content is stored once"
    );
    let ea = ews.assessment("DINKES", 2024).unwrap();
    assert_eq!(ea.status, crate::store::AssessmentStatus::Submitted);
    assert_eq!(
        ews.answers(&ea, Role::Unit).unwrap(),
        uws.answers(&ua, Role::Unit).unwrap()
    );
    assert_eq!(ews.absent_marks(&ea).unwrap().len(), 1);
    set(&ews, &ea, Role::Tpi, "P.1.i.a", "ya", Some("sesuai"));
    set(
        &ews,
        &ea,
        Role::Tpi,
        "P.1.i.b",
        "c",
        Some("tidak ada seleksi"),
    );
    set(&ews, &ea, Role::Tpi, "R.1.i.a", "a=4;b=2", None);
    let files = ews.evidence_list(&ea, None).unwrap();
    ews.review_evidence(&ea, files[0].id, ReviewStatus::Accepted, "")
        .unwrap();
    ews.review_evidence(&ea, files[1].id, ReviewStatus::Rejected, "tidak terbaca")
        .unwrap();
    // Re-importing the same packet changes nothing the evaluator did.
    let again = ews.import_packet(&packet, &import_opts()).unwrap();
    assert_eq!(
        (
            again.evidence_added,
            again.evidence_known,
            again.answers_changed
        ),
        (0, 4, 0)
    );
    assert_eq!(ews.answers(&ea, Role::Tpi).unwrap().len(), 3);

    let review = dir.path().join("reviu.zip");
    let back = ews.export_packet(&ea, &review, &export_opts(true)).unwrap();
    assert_eq!(back.kind, PacketKind::Review);
    assert_eq!(back.files, 0, "a review carries no files");
    let report = uws.import_packet(&review, &import_opts()).unwrap();
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.statuses_updated, 2);

    let ua = uws.assessment("DINKES", 2024).unwrap();
    assert_eq!(ua.status, crate::store::AssessmentStatus::Reviewed);
    let (us, es) = (
        uws.score(&ua, Role::Tpi).unwrap(),
        ews.score(&ea, Role::Tpi).unwrap(),
    );
    assert_eq!(us.total, es.total);
    assert_eq!(us.items, es.items);
    let statuses = |ws: &Workspace, a: &Assessment| -> Vec<(String, ReviewStatus, String)> {
        ws.evidence_list(a, None)
            .unwrap()
            .into_iter()
            .map(|e| (e.file_name, e.review_status, e.review_note))
            .collect()
    };
    assert_eq!(statuses(&uws, &ua), statuses(&ews, &ea));
    let notes: Vec<String> = uws
        .answer_records(&ua)
        .unwrap()
        .into_iter()
        .filter(|r| r.role == Role::Tpi)
        .map(|r| r.note)
        .collect();
    assert!(notes.contains(&"tidak ada seleksi".to_string()));
}

#[test]
fn a_review_shows_conflicts_and_keeps_both_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let packet = dir.path().join("kiriman.zip");
    uws.export_packet(&ua, &packet, &export_opts(false))
        .unwrap();
    let ews = evaluator(dir.path());
    ews.import_packet(&packet, &import_opts()).unwrap();
    let ea = ews.assessment("DINKES", 2024).unwrap();
    set(&ews, &ea, Role::Tpi, "P.1.i.b", "c", None);
    let review = dir.path().join("reviu");
    ews.export_packet(&ea, &review, &export_opts(true)).unwrap();

    // The unit changes its answer after sending.
    set(&uws, &ua, Role::Unit, "P.1.i.b", "a", None);
    let report = uws.import_packet(&review, &import_opts()).unwrap();
    assert_eq!(
        report.conflicts,
        [Conflict {
            item: code("P.1.i.b"),
            sent: Some("b".into()),
            current: Some("a".into()),
            tpi: Some("c".into())
        }]
    );
    assert_eq!(
        uws.answers(&ua, Role::Unit).unwrap()[&code("P.1.i.b")],
        AnswerValue::Choice('a'),
        "the unit's answer stays"
    );
    assert_eq!(
        uws.answers(&ua, Role::Tpi).unwrap()[&code("P.1.i.b")],
        AnswerValue::Choice('c'),
        "TPI's verdict is kept"
    );
    assert_eq!(uws.review_conflicts(&ua).unwrap(), report.conflicts);
}

#[test]
fn changing_a_byte_makes_verify_fail() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let packet = dir.path().join("kiriman");
    uws.export_packet(&ua, &packet, &export_opts(false))
        .unwrap();
    let target = packet.join("evidence/1 Manajemen Perubahan/P.1.ii Rencana Pembangunan Zona Integritas/P.1.ii.a - undangan.pdf");
    fs::write(&target, b"undangaN").unwrap();
    fs::write(packet.join("catatan.txt"), b"extra").unwrap();
    fs::remove_file(packet.join("index.html")).unwrap();
    let check = verify_packet(&packet, crate::job::quiet()).unwrap();
    let kinds: Vec<(String, FindingKind)> = check
        .findings
        .iter()
        .map(|f| (f.path.clone(), f.kind))
        .collect();
    assert!(
        kinds
            .iter()
            .any(|(p, k)| p.ends_with("P.1.ii.a - undangan.pdf") && *k == FindingKind::Altered),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("index.html".into(), FindingKind::Missing)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("catatan.txt".into(), FindingKind::Extra)),
        "{kinds:?}"
    );
    let ews = evaluator(dir.path());
    let err = ews
        .import_packet(&packet, &import_opts())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tidak ada yang diimpor") && err.contains("undangan.pdf"),
        "{err}"
    );
    assert!(ews.units().unwrap().is_empty());
    assert!(
        ews.blobs().on_disk().is_empty(),
        "blobs copied before the failure are taken back"
    );
}

/// Rebuild a zip packet entry by entry, letting `edit` change, drop or add.
fn rebuild(
    src: &Path,
    dst: &Path,
    edit: impl Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>,
    extra: &[(&str, &[u8])],
) {
    let mut archive = zip::ZipArchive::new(fs::File::open(src).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(dst).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    for i in 0..archive.len() {
        let mut e = archive.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if let Some((name, bytes)) = edit(&name, bytes) {
            out.start_file(name, opts).unwrap();
            out.write_all(&bytes).unwrap();
        }
    }
    for (name, bytes) in extra {
        out.start_file(*name, opts).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap();
}

fn tamper_manifest(bytes: Vec<u8>, f: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    f(&mut v);
    serde_json::to_vec_pretty(&v).unwrap()
}

/// Everything in a folder, by relative path and size.
fn listing(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out: Vec<(PathBuf, u64)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                e.metadata().unwrap().len(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn hostile_packets_are_refused_each_with_its_message_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let good = dir.path().join("good.zip");
    uws.export_packet(&ua, &good, &export_opts(false)).unwrap();
    let hostile = dir.path().join("hostile");
    fs::create_dir_all(&hostile).unwrap();
    let ews = evaluator(dir.path());
    ews.add_unit(&unit("LAIN")).unwrap();

    type Edit = Box<dyn Fn(&str, Vec<u8>) -> Option<(String, Vec<u8>)>>;
    let keep: fn() -> Edit = || Box::new(|n: &str, b| Some((n.to_string(), b)));
    let mut cases: Vec<(&str, Edit, Vec<(&str, &[u8])>, &str)> = vec![
        (
            "dotdot",
            keep(),
            vec![("../../evil.txt", b"x")],
            "keluar folder",
        ),
        ("absolute", keep(), vec![("/tmp/evil.txt", b"x")], "absolut"),
        ("drive", keep(), vec![("C:/evil.txt", b"x")], "drive"),
        (
            "backslash",
            keep(),
            vec![("evidence\\..\\..\\evil.txt", b"x")],
            "terbalik",
        ),
        (
            "duplicate",
            keep(),
            vec![("INDEX.HTML", b"<html>")],
            "ganda",
        ),
        (
            "extra",
            keep(),
            vec![("evidence/tambahan.pdf", b"x")],
            "tidak didaftar",
        ),
        (
            "altered",
            Box::new(|n: &str, mut b: Vec<u8>| {
                if n.ends_with("undangan.pdf") {
                    b[0] ^= 1;
                }
                Some((n.to_string(), b))
            }),
            vec![],
            "tidak cocok",
        ),
        (
            "missing",
            Box::new(|n: &str, b| (!n.ends_with("undangan.pdf")).then(|| (n.to_string(), b))),
            vec![],
            "tidak ada di paket",
        ),
        (
            "malformed",
            Box::new(|n: &str, b| {
                Some((
                    n.to_string(),
                    if n == "manifest.json" {
                        b"{\"format\": \"daduk-packet\", \"version\": 1, ".to_vec()
                    } else {
                        b
                    },
                ))
            }),
            vec![],
            "bukan JSON",
        ),
        (
            "version",
            Box::new(|n: &str, b| {
                Some((
                    n.to_string(),
                    if n == "manifest.json" {
                        tamper_manifest(b, |v| v["version"] = 7.into())
                    } else {
                        b
                    },
                ))
            }),
            vec![],
            "versi paket 7",
        ),
        (
            "unsigned",
            Box::new(|n: &str, b| (n != "manifest.sig").then(|| (n.to_string(), b))),
            vec![],
            "tidak ditandatangani",
        ),
        (
            "resigned",
            Box::new(|n: &str, b| {
                Some((
                    n.to_string(),
                    if n == "manifest.json" {
                        tamper_manifest(b, |v| v["unit"]["name"] = "Unit Palsu".into())
                    } else {
                        b
                    },
                ))
            }),
            vec![],
            "tanda tangan tidak cocok",
        ),
        (
            "nomanifest",
            Box::new(|n: &str, b| (n != "manifest.json").then(|| (n.to_string(), b))),
            vec![],
            "bukan paket Daduk",
        ),
        (
            "escaping-manifest",
            Box::new(|n: &str, b| {
                Some((
                    n.to_string(),
                    if n == "manifest.json" {
                        tamper_manifest(b, |v| v["files"][0]["path"] = "../x.pdf".into())
                    } else {
                        b
                    },
                ))
            }),
            vec![],
            "keluar folder",
        ),
    ];
    // A zip bomb: 64 MiB of zeros that deflate to almost nothing.
    let zeros = vec![0u8; 64 << 20];
    cases.push((
        "bomb",
        keep(),
        vec![("evidence/bom.pdf", zeros.as_slice())],
        "bom zip",
    ));

    // Everything in the test's folder except the evaluator's workspace is
    // "outside": no import may write there.
    let outside = |d: &Path| -> Vec<(PathBuf, u64)> {
        listing(d)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("tpi"))
            .collect()
    };
    let outside_before = outside(dir.path());
    let blobs_before = ews.blobs().on_disk().len();
    let log_before = ews.audit_log(None).unwrap().len();
    for (name, edit, extra, expected) in cases {
        let path = hostile.join(format!("{name}.zip"));
        rebuild(&good, &path, edit, &extra);
        let err = ews
            .import_packet(&path, &import_opts())
            .expect_err(name)
            .to_string();
        assert!(
            err.contains(expected),
            "{name}: expected '{expected}' in: {err}"
        );
        let verify = verify_packet(&path, crate::job::quiet());
        match verify {
            Err(e) => assert!(e.to_string().contains("ditolak"), "{name}: {e}"),
            Ok(check) => assert!(!check.is_clean(), "{name}: verify must not pass"),
        }
    }
    // A symlink entry.
    let link = hostile.join("symlink.zip");
    {
        let mut out = zip::ZipWriter::new(fs::File::create(&link).unwrap());
        out.add_symlink(
            "evidence/passwd",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        out.finish().unwrap();
    }
    let err = ews
        .import_packet(&link, &import_opts())
        .unwrap_err()
        .to_string();
    assert!(err.contains("tautan simbolik"), "{err}");

    assert_eq!(ews.blobs().on_disk().len(), blobs_before);
    assert_eq!(ews.audit_log(None).unwrap().len(), log_before);
    assert_eq!(ews.units().unwrap().len(), 1);
    assert!(!dir.path().join("evil.txt").exists() && !Path::new("/tmp/evil.txt").exists());
    let outside_after = outside(dir.path());
    let new_outside: Vec<_> = outside_after
        .iter()
        .filter(|p| !outside_before.contains(p) && !p.0.starts_with("hostile"))
        .collect();
    assert!(new_outside.is_empty(), "{new_outside:?}");
}

#[test]
fn a_unit_name_clash_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let packet = dir.path().join("p");
    uws.export_packet(&ua, &packet, &export_opts(false))
        .unwrap();
    let ews = evaluator(dir.path());
    let mut other = unit("DINKES");
    other.name = "Dinas Kesehatan Kota Lain".into();
    ews.add_unit(&other).unwrap();
    let err = ews
        .import_packet(&packet, &import_opts())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nama lain"), "{err}");
    assert!(ews.assessments().unwrap().is_empty());
}

#[test]
fn export_refuses_an_existing_destination_and_damaged_files() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let out = dir.path().join("ada");
    fs::create_dir_all(&out).unwrap();
    assert!(
        uws.export_packet(&ua, &out, &export_opts(false))
            .unwrap_err()
            .to_string()
            .contains("sudah ada")
    );
    let e = uws.evidence_list(&ua, None).unwrap().remove(0);
    fs::remove_file(uws.blobs().path(e.sha256)).unwrap();
    let err = uws
        .export_packet(&ua, &dir.path().join("baru"), &export_opts(false))
        .unwrap_err()
        .to_string();
    assert!(err.contains("daduk verify"), "{err}");
    assert!(!dir.path().join("baru").exists());
    assert!(
        fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().ends_with(".part"))
    );
}

/// Files are copied on their own thread while the documents render: a
/// cancel during the copy still ends the export with nothing at the
/// destination, and a finished export reported every byte.
#[test]
fn a_cancelled_export_leaves_nothing_and_a_finished_one_reports_every_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = unit_workspace(dir.path());
    for out in ["batal", "batal.zip"] {
        let cancel = AtomicBool::new(false);
        let progress = |crate::job::Done { done, .. }| {
            if done > 0 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let opts = ExportOptions {
            review: false,
            job: crate::job::Job::new(&cancel, &progress),
            force: false,
        };
        let err = ws
            .export_packet(&a, &dir.path().join(out), &opts)
            .unwrap_err()
            .to_string();
        assert!(err.contains("dibatalkan"), "{out}: {err}");
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("batal") || n.starts_with('.'))
            .collect();
        assert!(left.is_empty(), "{out}: left behind {left:?}");
    }

    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |crate::job::Done { done, total }| seen.lock().unwrap().push((done, total));
    let opts = ExportOptions {
        review: false,
        job: crate::job::Job::new(&NO, &progress),
        force: false,
    };
    let report = ws
        .export_packet(&a, &dir.path().join("kiriman.zip"), &opts)
        .unwrap();
    let seen = seen.into_inner().unwrap();
    let stored: u64 = ws
        .evidence_list(&a, None)
        .unwrap()
        .iter()
        .map(|e| e.size)
        .sum();
    assert_eq!(seen.first(), Some(&(0, stored)));
    assert_eq!(seen.last(), Some(&(stored, stored)));
    assert_eq!(report.bytes, stored);
}

/// "Tidak ada" marks arrive mark by mark, the same way a sync takes them: an
/// unchanged mark keeps who made it and when, a changed or new one is the
/// new packet's, one no longer listed goes.
#[test]
fn a_later_packet_changes_only_the_marks_that_changed() {
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let ews = evaluator(dir.path());
    let send = |n: u32| {
        let packet = dir.path().join(format!("kiriman-{n}"));
        uws.export_packet(&ua, &packet, &export_opts(false))
            .unwrap();
        ews.import_packet(&packet, &import_opts()).unwrap();
        // The next packet is stamped at a later second.
        std::thread::sleep(std::time::Duration::from_millis(1100));
    };
    let marks = || {
        let ea = ews.assessment("DINKES", 2024).unwrap();
        let mut m: Vec<(String, String, String)> = ews
            .absent_marks(&ea)
            .unwrap()
            .into_iter()
            .map(|m| (format!("{}/{}", m.item, m.kind), m.reason, m.marked_at))
            .collect();
        m.sort();
        m
    };
    send(1);
    let first = marks();
    assert_eq!(first.len(), 1);

    uws.mark_absent(&ua, code("P.1.ii.a"), "notula", "rapat daring tanpa notula")
        .unwrap();
    send(2);
    let second = marks();
    assert_eq!(second.len(), 2);
    assert_eq!(second[0], first[0], "the unchanged mark keeps its stamp");
    assert_ne!(second[1].2, first[0].2, "the new mark is the new packet's");

    uws.mark_absent(
        &ua,
        code("P.1.i.b"),
        "notula",
        "notula hilang, diganti laporan",
    )
    .unwrap();
    uws.mark_absent(&ua, code("P.1.ii.a"), "notula", "")
        .unwrap();
    send(3);
    let third = marks();
    assert_eq!(third.len(), 1, "{third:?}");
    assert_eq!(third[0].1, "notula hilang, diganti laporan");
    assert_ne!(
        third[0].2, first[0].2,
        "a changed reason is the new packet's"
    );
}

/// One exchange: the same TPI side, brought by a review packet into one
/// unit workspace and by a sync into another, leaves both with the same
/// TPI answers and the same verdicts — including a stale verdict on a file
/// the evaluator's side no longer judges, which both clear.
#[test]
fn a_tpi_side_by_packet_or_by_sync_leaves_the_same_answers_and_verdicts() {
    let dir = tempfile::tempdir().unwrap();
    let (by_packet, a1) = unit_workspace(&dir.path().join("satu"));
    let (by_sync, a2) = unit_workspace(&dir.path().join("dua"));
    let packet = dir.path().join("kiriman.zip");
    by_packet
        .export_packet(&a1, &packet, &export_opts(false))
        .unwrap();
    let ews = evaluator(dir.path());
    ews.import_packet(&packet, &import_opts()).unwrap();
    let ea = ews.assessment("DINKES", 2024).unwrap();
    set(
        &ews,
        &ea,
        Role::Tpi,
        "P.1.i.b",
        "c",
        Some("undangan tanpa tanggal"),
    );
    let undangan = ews
        .evidence_list(&ea, Some(code("P.1.i.b")))
        .unwrap()
        .into_iter()
        .find(|e| e.file_name == "undangan.pdf")
        .unwrap();
    ews.review_evidence(&ea, undangan.id, ReviewStatus::Rejected, "tidak bertanggal")
        .unwrap();
    let review = dir.path().join("reviu.zip");
    ews.export_packet(&ea, &review, &export_opts(true)).unwrap();

    // Both unit workspaces hold a file the evaluator never saw, with a
    // verdict an older review left on it.
    for (ws, a) in [(&by_packet, &a1), (&by_sync, &a2)] {
        let f = dir.path().join("foto.jpg");
        fs::write(&f, "foto kegiatan").unwrap();
        let (e, _) = ws
            .add_evidence_file(a, code("P.1.ii.a"), &f, None, None, None)
            .unwrap();
        ws.review_evidence(a, e.id, ReviewStatus::Accepted, "")
            .unwrap();
    }

    let report = by_packet.import_packet(&review, &import_opts()).unwrap();
    assert_eq!(report.statuses_updated, 2, "{report:?}");
    // The same side, as a server would hand it over.
    let side = super::check::open(&review).unwrap().manifest;
    let mut synced = crate::sync::AssessmentSync::default();
    by_sync
        .apply_judged_side(
            &a2,
            Role::Tpi,
            &side,
            crate::sync::apply::Origin {
                server: "https://server.test",
                snapshot: None,
            },
            &mut synced,
        )
        .unwrap();
    assert_eq!(synced.verdicts_changed, 2, "{synced:?}");

    let verdicts = |ws: &Workspace, a: &Assessment| {
        let mut v: Vec<(ItemCode, String, ReviewStatus, String)> = ws
            .evidence_list(a, None)
            .unwrap()
            .into_iter()
            .map(|e| (e.item, e.file_name, e.review_status, e.review_note))
            .collect();
        v.sort_by(|x, y| (x.0, &x.1).cmp(&(y.0, &y.1)));
        v
    };
    let after = verdicts(&by_packet, &a1);
    assert_eq!(after, verdicts(&by_sync, &a2));
    assert!(
        after
            .iter()
            .any(|(item, name, s, note)| *item == code("P.1.i.b")
                && name == "undangan.pdf"
                && *s == ReviewStatus::Rejected
                && note == "tidak bertanggal"),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .filter(|(_, name, _, _)| name == "foto.jpg")
            .all(|(_, _, s, _)| *s == ReviewStatus::Pending),
        "a verdict the evaluator's side no longer gives is cleared: {after:?}"
    );
    assert_eq!(
        by_packet.answers(&a1, Role::Tpi).unwrap(),
        by_sync.answers(&a2, Role::Tpi).unwrap()
    );
}

/// TPN's result travels with whichever packet goes: the evaluator's
/// workspace takes what it has not recorded, keeps what it recorded
/// differently (a conflict), and the review brings the evaluator's back.
#[test]
fn tpns_result_travels_in_packets_and_never_overwrites_what_is_recorded() {
    let stage = |s: &str, d: &str, o: Option<&str>| crate::tpn::StageRecord {
        stage: s.parse().unwrap(),
        date: d.parse().unwrap(),
        outcome: o.map(|o| o.parse().unwrap()),
        note: String::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let (uws, ua) = unit_workspace(dir.path());
    let ews = evaluator(dir.path());
    let first = dir.path().join("kiriman-1");
    uws.export_packet(&ua, &first, &export_opts(false)).unwrap();
    // Without TPN's result a packet stays version 3: a Daduk that reads
    // version 3 still imports it.
    let m = Manifest::parse(&fs::read(first.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m.version, 3);
    ews.import_packet(&first, &import_opts()).unwrap();
    let ea = ews.assessment("DINKES", 2024).unwrap();

    // The LHE came to both; each recorded part of it.
    uws.set_tpn_stage(&ua, &stage("usulan", "2024-04-30", Some("lolos")))
        .unwrap();
    set(
        &uws,
        &ua,
        Role::Tpn,
        "P.1.i.a",
        "tidak",
        Some("SK tanpa tanda tangan"),
    );
    set(&uws, &ua, Role::Tpn, "P.1.i.b", "c", None);
    set(&ews, &ea, Role::Tpn, "P.1.i.b", "a", None);
    let second = dir.path().join("kiriman-2");
    uws.export_packet(&ua, &second, &export_opts(false))
        .unwrap();
    let m = Manifest::parse(&fs::read(second.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m.version, manifest::VERSION);
    assert_eq!(m.tpn_stages.len(), 1);
    let got = ews.import_packet(&second, &import_opts()).unwrap();
    assert_eq!(
        (got.tpn_items, got.tpn_stages, got.tpn_conflicts),
        (1, 1, 1)
    );
    let tpn = |ws: &Workspace, a: &Assessment, item: &str| {
        ws.answer_records(a)
            .unwrap()
            .into_iter()
            .find(|r| r.role == Role::Tpn && r.item == code(item))
            .and_then(|r| r.value)
    };
    assert_eq!(tpn(&ews, &ea, "P.1.i.a").as_deref(), Some("tidak"));
    assert_eq!(tpn(&ews, &ea, "P.1.i.b").as_deref(), Some("a"), "kept");
    let kept = ews.open_conflicts(&ea).unwrap();
    let c = kept.iter().find(|k| k.conflict.side == Role::Tpn).unwrap();
    assert_eq!(c.conflict.key, "P.1.i.b");
    assert_eq!(c.conflict.remote.as_deref(), Some("c"));
    assert_eq!(ews.tpn_stages(&ea).unwrap().len(), 1);

    // The evaluator records the next stage; the review brings it back.
    ews.set_tpn_stage(&ea, &stage("seleksi", "2024-05-20", Some("lolos")))
        .unwrap();
    let review = dir.path().join("reviu");
    ews.export_packet(&ea, &review, &export_opts(true)).unwrap();
    let back = uws.import_packet(&review, &import_opts()).unwrap();
    assert_eq!(back.tpn_stages, 1);
    assert_eq!(uws.tpn_stages(&ua).unwrap().len(), 2);
    assert_eq!(
        tpn(&uws, &ua, "P.1.i.b").as_deref(),
        Some("c"),
        "kept here too"
    );
}
