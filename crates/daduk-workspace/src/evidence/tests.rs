use std::fs;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use super::*;
use crate::store::tests::{unit, workspace};

fn setup(dir: &Path) -> (Workspace, Assessment) {
    let ws = workspace(&dir.join("ws"));
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    (ws, a)
}

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn write(path: &Path, content: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn no_progress() -> ImportOptions<'static> {
    static NO: AtomicBool = AtomicBool::new(false);
    ImportOptions {
        dry_run: false,
        job: crate::job::Job::new(&NO, &|_| {}),
    }
}

#[test]
fn files_are_stored_once_and_attached_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let f = dir.path().join("SK Tim Kerja.pdf");
    write(&f, b"%PDF sk tim");
    let date = parse_doc_date("2024-01-15").unwrap();
    let (e, new) = ws
        .add_evidence_file(&a, code("P.1.i.a"), &f, None, None, Some(date))
        .unwrap();
    assert!(new);
    assert_eq!(
        (e.kind.as_str(), e.title.as_str(), e.media_type.as_str()),
        ("sk", "SK Tim Kerja", "application/pdf")
    );
    assert_eq!(e.doc_date, Some(date));
    assert_eq!(e.sha256, Sha256::of_bytes(b"%PDF sk tim"));
    let (again, new) = ws
        .add_evidence_file(&a, code("P.1.i.a"), &f, None, None, None)
        .unwrap();
    assert!(!new, "same content on the same item is not added twice");
    assert_eq!(again.id, e.id);
    let (other, new) = ws
        .add_evidence_file(
            &a,
            code("P.1.ii.a"),
            &f,
            Some("Dokumen"),
            Some("Rencana"),
            None,
        )
        .unwrap();
    assert!(new && other.kind == "dokumen");
    assert_eq!(ws.blobs().on_disk().len(), 1, "one blob for both");

    // Removing one attachment keeps the blob the other still uses.
    ws.remove_evidence(&a, e.id).unwrap();
    assert_eq!(ws.blobs().on_disk().len(), 1);
    ws.remove_evidence(&a, other.id).unwrap();
    assert!(ws.blobs().on_disk().is_empty());
    let actions: Vec<String> = ws
        .audit_log(Some(a.id))
        .unwrap()
        .into_iter()
        .filter(|x| x.entity == "evidence")
        .map(|x| x.action)
        .collect();
    assert_eq!(actions, ["add", "add", "remove", "remove"]);
}

#[test]
fn bad_attachments_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let f = dir.path().join("x.pdf");
    write(&f, b"x");
    let err = ws
        .add_evidence_file(
            &a,
            code("P.1.i.a"),
            &dir.path().join("hilang.pdf"),
            None,
            None,
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains("hilang.pdf"), "{err}");
    let err = ws
        .add_evidence_file(&a, code("P.1.i.a"), &f, Some("kwitansi"), None, None)
        .unwrap_err();
    assert!(
        err.to_string().contains("'kwitansi' tidak dikenal"),
        "{err}"
    );
    let err = ws
        .add_evidence_file(&a, code("P.1.i.z"), &f, None, None, None)
        .unwrap_err();
    assert!(err.to_string().contains("P.1.i.z"), "{err}");
    assert!(parse_doc_date("30-06-2023").is_err());
    assert!(ws.evidence_list(&a, None).unwrap().is_empty());
}

#[test]
fn export_checks_the_hash() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let f = dir.path().join("foto.jpg");
    write(&f, b"jpeg bytes");
    let (e, _) = ws
        .add_evidence_file(&a, code("P.1.i.b"), &f, None, None, None)
        .unwrap();
    let out = dir.path().join("out.jpg");
    ws.export_evidence(&a, e.id, &out, false).unwrap();
    assert_eq!(fs::read(&out).unwrap(), b"jpeg bytes");
    fs::write(ws.blobs().path(e.sha256), b"jpeg bytez").unwrap();
    let out2 = dir.path().join("out2.jpg");
    let err = ws.export_evidence(&a, e.id, &out2, false).unwrap_err();
    assert!(err.to_string().contains("daduk verify"), "{err}");
    assert!(!out2.exists());
}

#[test]
fn verify_names_missing_and_altered_files_with_their_items() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let mut ids = Vec::new();
    for (item, name) in [
        ("P.1.i.a", "sk.pdf"),
        ("P.1.i.b", "undangan.pdf"),
        ("P.1.ii.a", "rencana.pdf"),
    ] {
        let f = dir.path().join(name);
        write(&f, name.as_bytes());
        ids.push(
            ws.add_evidence_file(&a, code(item), &f, None, None, None)
                .unwrap()
                .0,
        );
    }
    let no = AtomicBool::new(false);
    assert!(
        ws.verify(None, crate::job::Job::new(&no, &|_| {}))
            .unwrap()
            .is_clean()
    );
    let mut altered = fs::read(ws.blobs().path(ids[0].sha256)).unwrap();
    altered[0] ^= 1;
    fs::write(ws.blobs().path(ids[0].sha256), altered).unwrap();
    fs::remove_file(ws.blobs().path(ids[1].sha256)).unwrap();
    let report = ws
        .verify(Some(&a), crate::job::Job::new(&no, &|_| {}))
        .unwrap();
    assert!(!report.is_clean());
    assert_eq!(report.checked, 3);
    let found: Vec<(String, BlobState, String)> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.evidence[0].item.to_string(),
                f.state,
                f.evidence[0].file_name.clone(),
            )
        })
        .collect();
    assert!(
        found.contains(&("P.1.i.a".into(), BlobState::Altered, "sk.pdf".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("P.1.i.b".into(), BlobState::Missing, "undangan.pdf".into())),
        "{found:?}"
    );
    assert_eq!(
        ws.evidence_by_id(&a, ids[0].id).unwrap().state,
        BlobState::Altered
    );
    // Attaching the original again repairs it.
    let f = dir.path().join("sk.pdf");
    ws.add_evidence_file(&a, code("P.1.i.a"), &f, None, None, None)
        .unwrap();
    assert_eq!(
        ws.evidence_by_id(&a, ids[0].id).unwrap().state,
        BlobState::Ok
    );
}

#[test]
fn completeness_follows_kinds_files_and_absent_marks() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let item = code("P.1.i.b");
    let required: Vec<String> = t
        .item(item)
        .unwrap()
        .evidence
        .iter()
        .map(|r| r.kind.clone())
        .collect();
    assert!(required.len() >= 2, "{required:?}");
    let c = ws.completeness(&a).unwrap();
    assert!(!c.items[&item].complete);
    assert_eq!(
        c.total,
        Share {
            complete: 0,
            total: 113,
            share: 0.0
        }
    );

    for (i, kind) in required.iter().enumerate().skip(1) {
        let f = dir.path().join(format!("f{i}.pdf"));
        write(&f, kind.as_bytes());
        ws.add_evidence_file(&a, item, &f, Some(kind), None, None)
            .unwrap();
    }
    assert!(
        !ws.completeness(&a).unwrap().items[&item].complete,
        "first kind still missing"
    );
    ws.mark_absent(&a, item, &required[0], "rapat tidak diadakan")
        .unwrap();
    let c = ws.completeness(&a).unwrap();
    assert!(c.items[&item].complete);
    assert_eq!(
        c.items[&item].kinds[0].absent_reason.as_deref(),
        Some("rapat tidak diadakan")
    );
    assert_eq!(c.sub_areas[&item.sub_area_code()].complete, 1);
    assert_eq!(c.areas[&item.area_code()].total, 12);
    assert!(
        ws.mark_absent(&a, item, "capture", "x").is_err()
            || required.contains(&"capture".to_string())
    );

    // A file that disappears no longer covers its kind once `verify` has
    // looked (completeness reads the state the store keeps; no screen stats
    // every file).
    let e = ws.evidence_list(&a, Some(item)).unwrap().pop().unwrap();
    fs::remove_file(ws.blobs().path(e.sha256)).unwrap();
    assert!(ws.completeness(&a).unwrap().items[&item].complete);
    let report = ws.verify(None, crate::job::quiet()).unwrap();
    assert_eq!(report.findings.len(), 1);
    let c = ws.completeness(&a).unwrap();
    assert!(!c.items[&item].complete);
    assert!(c.items[&item].kinds.iter().any(|k| k.damaged == 1));
}

#[test]
fn folder_import_maps_reports_and_reimports_as_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let src = dir.path().join("ZI 2024");
    write(
        &src.join("AREA I/i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf"),
        b"sk",
    );
    write(
        &src.join("AREA I/i. Penyusunan Tim Kerja/1.i.b/undangan rapat.pdf"),
        b"undangan",
    );
    write(
        &src.join("AREA I/i. Penyusunan Tim Kerja/1.i.b/absensi.pdf"),
        b"hadir",
    );
    write(&src.join("Reform/5/iii/b/laporan.pdf"), b"laporan lhkasn");
    write(
        &src.join("Reform/5/iii/b/salinan laporan.pdf"),
        b"laporan lhkasn",
    );
    write(&src.join("catatan rapat.docx"), b"unmapped");
    write(&src.join("P.1.ii.a kosong.pdf"), b"");
    write(&src.join("Thumbs.db"), b"x");
    let no = AtomicBool::new(false);
    let dry = ws
        .import_folder(
            &a,
            &src,
            &ImportOptions {
                dry_run: true,
                job: crate::job::Job::new(&no, &|_| {}),
            },
        )
        .unwrap();
    // The copy of the laporan under another name holds the same content:
    // the preview counts it as "sudah ada", as the import will.
    assert_eq!((dry.added.len(), dry.unchanged), (4, 1));
    assert!(
        ws.evidence_list(&a, None).unwrap().is_empty(),
        "a dry run writes nothing"
    );

    let report = ws.import_folder(&a, &src, &no_progress()).unwrap();
    let mapped: Vec<(String, String, String)> = report
        .added
        .iter()
        .map(|f| (f.path.clone(), f.item.to_string(), f.kind.clone()))
        .collect();
    assert!(mapped.contains(&(
        "AREA I/i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf".into(),
        "P.1.i.a".into(),
        "sk".into()
    )));
    assert!(mapped.contains(&(
        "AREA I/i. Penyusunan Tim Kerja/1.i.b/absensi.pdf".into(),
        "P.1.i.b".into(),
        "daftar_hadir".into()
    )));
    assert!(mapped.contains(&(
        "Reform/5/iii/b/laporan.pdf".into(),
        "R.5.iii.b".into(),
        "laporan".into()
    )));
    assert_eq!(
        report
            .added
            .iter()
            .filter(|f| f.evidence_id.is_some())
            .count(),
        4,
        "the copy is one evidence"
    );
    assert_eq!(
        report
            .unmapped
            .iter()
            .map(|s| s.path.as_str())
            .collect::<Vec<_>>(),
        ["Thumbs.db", "catatan rapat.docx"]
    );
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].reason.contains("kosong"));
    assert_eq!(ws.evidence_list(&a, None).unwrap().len(), 4);
    assert_eq!(ws.blobs().on_disk().len(), 4);

    let again = ws.import_folder(&a, &src, &no_progress()).unwrap();
    assert!(again.added.is_empty(), "{:?}", again.added);
    assert_eq!(again.unchanged, 5);
    assert_eq!(ws.evidence_list(&a, None).unwrap().len(), 4);

    // A changed file is picked up; the old version stays attached.
    write(
        &src.join("Reform/5/iii/b/laporan.pdf"),
        b"laporan lhkasn v2",
    );
    let third = ws.import_folder(&a, &src, &no_progress()).unwrap();
    assert_eq!(third.added.len(), 1);
    assert_eq!(
        ws.evidence_list(&a, Some(code("R.5.iii.b"))).unwrap().len(),
        2
    );
}

#[cfg(unix)]
#[test]
fn import_does_not_follow_links_out_of_the_folder_and_reports_odd_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let src = dir.path().join("src");
    write(&src.join("1.i.a sk.pdf"), b"sk");
    write(&dir.path().join("rahasia.txt"), b"outside");
    std::os::unix::fs::symlink(dir.path().join("rahasia.txt"), src.join("1.i.b luar.pdf")).unwrap();
    std::os::unix::fs::symlink(src.join("1.i.a sk.pdf"), src.join("1.ii.a dalam.pdf")).unwrap();
    let bad = src.join(std::ffi::OsStr::from_bytes(b"1.i.b \xff.pdf"));
    fs::write(bad, b"latin1").unwrap();
    let report = ws.import_folder(&a, &src, &no_progress()).unwrap();
    let added: Vec<&str> = report.added.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(added, ["1.i.a sk.pdf", "1.ii.a dalam.pdf"]);
    let errors: Vec<&str> = report.errors.iter().map(|e| e.reason.as_str()).collect();
    assert!(
        errors.iter().any(|r| r.contains("ke luar folder")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|r| r.contains("UTF-8")), "{errors:?}");
}
