//! The edges where evidence could be lost or a user misled, through the
//! real binary: outputs that would overwrite, terminals driven by stored
//! text, read-only media, a deleted WAL, FIFOs in a folder, templates that
//! claim to be official.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Ws, args};

fn has_leftovers(dir: &Path) -> bool {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("daduk-part"))
}

#[test]
fn outputs_never_replace_the_workspace_or_an_existing_file_unasked() {
    let ws = Ws::new().with_assessment();
    let db = ws.path().join("daduk.sqlite");
    let before = fs::read(&db).unwrap().len();
    let err = ws.fails(
        2,
        &args(&["report"], &["--out", db.to_str().unwrap(), "--force"]),
    );
    assert!(err.contains("bagian ruang kerja"), "{err}");
    assert!(fs::read(&db).unwrap().len() >= before);
    ws.ok(&["unit", "list"]);

    let out = tempfile::tempdir().unwrap();
    let pdf = out.path().join("laporan.pdf");
    fs::write(&pdf, b"punya orang lain").unwrap();
    let pdf_arg = pdf.to_str().unwrap();
    let err = ws.fails(2, &args(&["report"], &["--out", pdf_arg]));
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read(&pdf).unwrap(), b"punya orang lain");
    ws.ok(&args(&["report"], &["--out", pdf_arg, "--force"]));
    assert!(fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let xlsx = out.path().join("lke.xlsx");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", xlsx.to_str().unwrap()],
    ));
    ws.fails(
        2,
        &args(&["worksheet", "export"], &["--out", xlsx.to_str().unwrap()]),
    );

    let src = ws.file("sk.pdf", "isi sk");
    let text = ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", src.to_str().unwrap()],
    ));
    let id = text
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches('#');
    let copy = out.path().join("salinan.pdf");
    fs::write(&copy, b"lama").unwrap();
    let err = ws.fails(
        2,
        &args(
            &["evidence", "export"],
            &[id, "--out", copy.to_str().unwrap()],
        ),
    );
    assert!(err.contains("--force"), "{err}");
    assert_eq!(fs::read(&copy).unwrap(), b"lama");
    ws.ok(&args(
        &["evidence", "export"],
        &[id, "--out", copy.to_str().unwrap(), "--force"],
    ));
    assert_eq!(fs::read(&copy).unwrap(), b"isi sk");
    assert!(!has_leftovers(out.path()));

    let zip = out.path().join("paket.zip");
    ws.ok(&args(
        &["packet", "export"],
        &["--out", zip.to_str().unwrap()],
    ));
    let err = ws.fails(
        2,
        &args(&["packet", "export"], &["--out", zip.to_str().unwrap()]),
    );
    assert!(err.contains("--force"), "{err}");
    ws.ok(&args(
        &["packet", "export"],
        &["--out", zip.to_str().unwrap(), "--force"],
    ));
    // A folder that is not a packet is never replaced, forced or not.
    let docs = out.path().join("Dokumen");
    fs::create_dir(&docs).unwrap();
    fs::write(docs.join("penting.docx"), b"x").unwrap();
    let err = ws.fails(
        2,
        &args(
            &["packet", "export"],
            &["--out", docs.to_str().unwrap(), "--force"],
        ),
    );
    assert!(err.contains("bukan paket"), "{err}");
    assert!(docs.join("penting.docx").is_file());
}

#[test]
fn stored_text_cannot_drive_the_terminal() {
    let ws = Ws::new();
    let hostile = "Unit\u{1b}[2J\u{1b}[H Tanda tangan sah";
    let err = ws.fails(2, &["unit", "add", "X", "--name", hostile]);
    assert!(!err.contains('\u{1b}'), "{err:?}");
    assert!(err.contains("karakter kendali"), "{err}");
    // Text already stored (by an older version, or edited by hand) is
    // printed escaped.
    ws.ok(&["unit", "add", "X", "--name", "Unit Baik"]);
    let conn = rusqlite::Connection::open(ws.path().join("daduk.sqlite")).unwrap();
    conn.execute("UPDATE unit SET name = ?1", [hostile])
        .unwrap();
    drop(conn);
    let listed = ws.ok(&["unit", "list"]);
    assert!(!listed.contains('\u{1b}'), "{listed:?}");
    assert!(listed.contains("\\u{1b}[2J"), "{listed}");
}

#[test]
fn a_template_claiming_the_official_id_is_flagged_and_not_used() {
    let ws = Ws::new().with_assessment();
    let official = ws.ok(&["template", "show", "--json"]);
    assert!(!official.is_empty());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lke.json");
    let text = include_str!("../../../assets/templates/lke-zi-2021.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap();
    doc["choice_values"]["2"] = serde_json::json!([1, 1]);
    fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let (out, _) = ws.exits(1, &["template", "check", path.to_str().unwrap()]);
    assert!(
        out.contains("PERINGATAN") && out.contains("nilai pilihan 2"),
        "{out}"
    );
    let err = ws.fails(
        2,
        &[
            "assessment",
            "new",
            "--unit",
            "U",
            "--year",
            "2025",
            "--template",
            path.to_str().unwrap(),
        ],
    );
    assert!(err.contains("id resmi"), "{err}");
    let same = dir.path().join("resmi.json");
    fs::write(&same, text).unwrap();
    assert!(
        ws.ok(&["template", "check", same.to_str().unwrap()])
            .contains("templat resmi")
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_folder_is_named_and_never_hangs_the_import() {
    let ws = Ws::new().with_assessment();
    let src = tempfile::tempdir().unwrap();
    fs::write(src.path().join("1.i.a SK.pdf"), b"sk").unwrap();
    let fifo = src.path().join("1.i.b undangan.pdf");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let (out, _) = ws.exits(
        1,
        &args(&["evidence", "import"], &[src.path().to_str().unwrap()]),
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the import waited on the FIFO"
    );
    assert!(
        out.contains("1.i.b undangan.pdf") && out.contains("bukan berkas biasa"),
        "{out}"
    );
    assert_eq!(ws.evidence_count(), 1);
}

#[test]
fn a_dry_run_says_how_much_would_be_copied() {
    let ws = Ws::new().with_assessment();
    let src = tempfile::tempdir().unwrap();
    fs::write(src.path().join("1.i.a SK.pdf"), vec![7u8; 2048]).unwrap();
    let out = ws.ok(&args(
        &["evidence", "import"],
        &[src.path().to_str().unwrap(), "--dry-run"],
    ));
    assert!(out.contains("2 KB") || out.contains("2,0 KB"), "{out}");
    assert!(!out.contains("(0 B)"), "{out}");
}

#[test]
fn an_acknowledged_answer_survives_the_wal_being_deleted() {
    let ws = Ws::new().with_assessment();
    // Another connection keeps the workspace open meanwhile (the app).
    let holder = rusqlite::Connection::open(ws.path().join("daduk.sqlite")).unwrap();
    let units: i64 = holder
        .query_row("SELECT count(*) FROM unit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(units, 1);
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--note", "SK ada"],
    ));
    // Someone (a sync tool, a cleaner, a person) deletes the log while the
    // other connection keeps it from being folded in on close.
    let _ = fs::remove_file(ws.path().join("daduk.sqlite-wal"));
    let score = ws.json(&args(&["score"], &["--json"]));
    assert!(
        !score["items"]["P.1.i.a"].is_null(),
        "the acknowledged answer was lost"
    );
    drop(holder);
    let score = ws.json(&args(&["score"], &["--json"]));
    assert!(
        !score["items"]["P.1.i.a"].is_null(),
        "the acknowledged answer was lost"
    );
}

/// A folder mounted read-only (a locked USB stick, a CD), when the test may
/// mount (root in CI).
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_workspace_reads_and_says_why_it_cannot_write() {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let src = ws.file("sk.pdf", "isi sk");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", src.to_str().unwrap()],
    ));
    let mnt = tempfile::tempdir().unwrap();
    let mounted = Command::new("mount")
        .args(["--bind", "-o", "ro"])
        .arg(ws.path())
        .arg(mnt.path())
        .output()
        .is_ok_and(|o| o.status.success());
    if !mounted {
        eprintln!("skipped: cannot bind-mount here (needs root)");
        return;
    }
    // A bind mount is made read-write first on older util-linux: make sure.
    let _ = Command::new("mount")
        .args(["-o", "remount,bind,ro"])
        .arg(mnt.path())
        .status();
    let ro = Ws {
        dir: tempfile::TempDir::new().unwrap(),
        tokens: tempfile::TempDir::new().unwrap(),
    };
    let run = |a: &[&str]| {
        let out = ro
            .cmd(a)
            .env("DADUK_WORKSPACE", mnt.path())
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let result = std::panic::catch_unwind(|| {
        let (code, out, err) = run(&["unit", "list"]);
        assert_eq!(code, Some(0), "{out}{err}");
        assert!(out.contains('U'), "{out}");
        let (code, out, err) = run(&args(&["score"], &["--json"]));
        assert_eq!(code, Some(0), "{out}{err}");
        let (code, out, err) = run(&["verify"]);
        assert_eq!(code, Some(0), "{out}{err}");
        assert!(out.contains("hanya-baca"), "{out}");
        let (code, _, err) = run(&args(&["answer", "set"], &["P.1.i.b", "a"]));
        assert_eq!(code, Some(2));
        assert!(err.contains("hanya-baca") && err.contains("salin"), "{err}");
        let (code, _, err) = run(&args(
            &["evidence", "add"],
            &["P.1.i.b", src.to_str().unwrap()],
        ));
        assert_eq!(code, Some(2));
        assert!(err.contains("hanya-baca"), "{err}");
    });
    let _ = Command::new("umount").arg(mnt.path()).status();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}
