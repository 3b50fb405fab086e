//! Who a packet is from, through the real binary: a workspace's own packet
//! is refused, a sender's new key is said by `packet verify` and counted
//! whole by `packet import`, a new unit that reads like one already here
//! needs its flag, and text with control characters never gets in.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Ws, args};

/// A unit's workspace with an answer, a file and a plan activity.
fn unit() -> Ws {
    let ws = Ws::new().with_assessment();
    ws.ok(&["init", "--role", "unit"]);
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--note", "SK 2024"],
    ));
    let sk = ws.file("SK Tim.pdf", "%PDF sk");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", sk.to_str().unwrap()],
    ));
    add_activity(&ws, "Rapat pembentukan tim");
    ws
}

fn add_activity(ws: &Ws, name: &str) -> String {
    ws.ok(&args(
        &["plan", "activity", "add"],
        &[
            "--area",
            "1",
            "--program",
            "Tim kerja",
            "--activity",
            name,
            "--months",
            "2,3",
        ],
    ))
}

fn export(ws: &Ws, out: &Path) {
    ws.ok(&args(
        &["packet", "export"],
        &["--out", out.to_str().unwrap()],
    ));
}

fn evaluator() -> Ws {
    let ws = Ws::new();
    ws.ok(&["init", "--role", "tpi"]);
    ws
}

fn packet_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

#[test]
fn a_units_own_packet_is_refused_and_nothing_changes() {
    let ws = unit();
    let out = tempfile::tempdir().unwrap();
    let zip = packet_path(out.path(), "kiriman.zip");
    export(&ws, &zip);
    // Work after the export.
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "tidak"]));
    add_activity(&ws, "Rapat sesudah ekspor");

    let text = ws.ok(&["packet", "verify", zip.to_str().unwrap()]);
    assert!(
        text.contains("PERHATIAN") && text.contains("ekspor ruang kerja ini sendiri"),
        "{text}"
    );
    let err = ws.fails(2, &["packet", "import", zip.to_str().unwrap()]);
    assert!(
        err.contains("ekspor ruang kerja ini sendiri") && err.contains("tidak ada yang berubah"),
        "{err}"
    );
    let err = ws.fails(
        2,
        &[
            "packet",
            "import",
            zip.to_str().unwrap(),
            "--allow-older",
            "--accept-new-key",
        ],
    );
    assert!(err.contains("ekspor ruang kerja ini sendiri"), "{err}");

    let answers = ws.json(&args(&["answer", "list"], &["--json"]));
    let a = answers
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item"] == "P.1.i.a" && r["role"] == "unit")
        .unwrap();
    assert_eq!(a["value"], "tidak", "{a}");
    let listed = ws.ok(&["assessment", "list"]);
    assert!(!listed.contains("Diajukan"), "{listed}");
    // The plan is the unit's to edit, as before.
    let plan = ws.ok(&args(&["plan", "show"], &[]));
    assert!(plan.contains("Rapat sesudah ekspor"), "{plan}");
    add_activity(&ws, "Rapat ketiga");
    ws.ok(&args(&["assessment", "set-status"], &["draft"]));
    add_activity(&ws, "Rapat keempat");

    // The evaluator imports the same packet as usual.
    let tpi = evaluator();
    tpi.ok(&["packet", "import", zip.to_str().unwrap()]);
}

#[test]
fn a_new_key_is_said_by_verify_and_its_import_is_counted_and_logged() {
    let ws = unit();
    let tpi = evaluator();
    let out = tempfile::tempdir().unwrap();
    let first = packet_path(out.path(), "kiriman-1.zip");
    export(&ws, &first);
    tpi.ok(&["packet", "import", first.to_str().unwrap()]);

    // The unit reinstalls (a new key) and changes only its plan.
    fs::remove_file(ws.path().join("keys").join("ed25519.key")).unwrap();
    add_activity(&ws, "Sosialisasi ZI");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = packet_path(out.path(), "kiriman-2.zip");
    export(&ws, &second);

    let text = tpi.ok(&["packet", "verify", second.to_str().unwrap()]);
    assert!(text.contains("Paket utuh"), "{text}");
    assert!(
        text.contains("PERHATIAN: Paket unit U sebelumnya ditandatangani kunci lain"),
        "{text}"
    );
    let json = tpi.json(&["packet", "verify", second.to_str().unwrap(), "--json"]);
    assert!(json["standing"]["earlier_key"].is_string(), "{json}");

    let err = tpi.fails(2, &["packet", "import", second.to_str().unwrap()]);
    assert!(err.contains("kunci baru"), "{err}");
    assert!(
        err.contains("Bila setuju, ulangi dengan --accept-new-key."),
        "{err}"
    );

    let text = tpi.ok(&[
        "packet",
        "import",
        second.to_str().unwrap(),
        "--accept-new-key",
    ]);
    assert!(text.contains("0 jawaban berubah"), "{text}");
    assert!(
        text.contains("rencana aksi: 2 kegiatan; 1 kegiatan dan 0 butir rencana berubah"),
        "{text}"
    );
    assert!(text.contains("kunci pengirim berganti"), "{text}");
    let log = tpi.ok(&args(&["log"], &[]));
    assert!(log.contains("packet_key"), "{log}");
}

#[test]
fn a_new_unit_that_reads_like_one_here_needs_its_flag() {
    let ws = Ws::new();
    ws.ok(&[
        "unit",
        "add",
        "DlNKES-BLL",
        "--name",
        "Dinas Kesehatan Buleleng",
    ]);
    ws.ok(&[
        "assessment",
        "new",
        "--unit",
        "DlNKES-BLL",
        "--year",
        "2024",
    ]);
    let out = tempfile::tempdir().unwrap();
    let zip = packet_path(out.path(), "kiriman.zip");
    ws.ok(&[
        "packet",
        "export",
        "--unit",
        "DlNKES-BLL",
        "--year",
        "2024",
        "--out",
        zip.to_str().unwrap(),
    ]);
    let tpi = evaluator();
    tpi.ok(&[
        "unit",
        "add",
        "DINKES-BLL",
        "--name",
        "Dinas Kesehatan Kabupaten Buleleng",
    ]);

    let text = tpi.ok(&["packet", "verify", zip.to_str().unwrap()]);
    assert!(
        text.contains("PERHATIAN") && text.contains("mirip unit DINKES-BLL"),
        "{text}"
    );
    let err = tpi.fails(2, &["packet", "import", zip.to_str().unwrap()]);
    assert!(err.contains("mirip unit DINKES-BLL"), "{err}");
    assert!(err.contains("--accept-look-alike"), "{err}");
    let units = tpi.ok(&["unit", "list"]);
    assert!(!units.contains("DlNKES-BLL"), "{units}");
    let text = tpi.ok(&[
        "packet",
        "import",
        zip.to_str().unwrap(),
        "--accept-look-alike",
    ]);
    assert!(text.contains("unit baru dibuat"), "{text}");
    assert!(text.contains("mirip unit DINKES-BLL"), "{text}");
}

#[test]
fn control_characters_are_refused_naming_the_field() {
    let ws = Ws::new().with_assessment();
    for (cmd, field) in [
        (
            args(
                &["answer", "set"],
                &["P.1.i.a", "ya", "--note", "a\u{1b}[2Jb"],
            ),
            "catatan Unit butir P.1.i.a",
        ),
        (
            args(
                &["answer", "set"],
                &["P.1.i.a", "ya", "--note", "a\u{202e}b"],
            ),
            "catatan Unit butir P.1.i.a",
        ),
        (
            vec!["unit", "add", "V", "--name", "Dinas\u{200b} Kesehatan"],
            "nama unit",
        ),
    ] {
        let err = ws.fails(2, &cmd);
        assert!(err.contains(field), "{cmd:?}: {err}");
        assert!(!err.contains('\u{1b}'), "{err:?}");
    }
    // A note with lines and tabs is a note.
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--note", "satu\ndua\tTiga"],
    ));
    let out = tempfile::tempdir().unwrap();
    export(&ws, &out.path().join("kiriman.zip"));
}

#[test]
fn an_output_into_a_missing_folder_names_the_folder() {
    let ws = Ws::new().with_assessment();
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("belum ada");
    for cmd in [
        args(
            &["report"],
            &["--out", missing.join("laporan.pdf").to_str().unwrap()],
        ),
        args(
            &["packet", "export"],
            &["--out", missing.join("kiriman.zip").to_str().unwrap()],
        ),
        args(
            &["packet", "export"],
            &["--out", missing.join("kiriman").to_str().unwrap()],
        ),
    ] {
        let err = ws.fails(2, &cmd);
        assert!(
            err.contains(&format!("folder {} tidak ada", missing.display())),
            "{cmd:?}: {err}"
        );
        assert!(!err.contains("daduk-part"), "{err}");
    }
    assert!(!missing.exists());
    // A file that is not there: said in words for the command line, with no
    // button of the app in them.
    let gone = missing.join("sk.pdf");
    let err = ws.fails(
        2,
        &args(&["evidence", "add"], &["P.1.i.a", gone.to_str().unwrap()]),
    );
    assert!(err.contains("tidak ada"), "{err}");
    assert!(!err.contains("tombol") && !err.contains("Pilih"), "{err}");
}

/// A kill leaves a temporary file; the next output into that folder takes
/// it away, and nothing that is not Daduk's.
#[cfg(target_os = "linux")]
#[test]
fn leftovers_of_a_killed_export_go_with_the_next_one() {
    let ws = Ws::new().with_assessment();
    let out = tempfile::tempdir().unwrap();
    // No process has this id (above the kernel's pid limit).
    let dead = 4_194_305;
    let ours = [
        format!(".laporan.pdf.{dead}-0.daduk-part"),
        format!(".lain.zip.{dead}-7.daduk-part"),
    ];
    for name in &ours {
        fs::write(out.path().join(name), b"setengah").unwrap();
    }
    let staged = out.path().join(format!(".kiriman.{dead}-3.daduk-part"));
    fs::create_dir_all(staged.join("evidence")).unwrap();
    fs::write(staged.join("evidence").join("sk.pdf"), b"x").unwrap();
    let theirs = [
        ".laporan.pdf.abc-0.daduk-part",
        "catatan.daduk-part",
        "laporan lama.pdf",
        &format!(".alive.{}-0.daduk-part", std::process::id()),
    ];
    for name in theirs {
        fs::write(out.path().join(name), b"bukan milik Daduk").unwrap();
    }
    ws.ok(&args(
        &["report"],
        &["--out", out.path().join("laporan.pdf").to_str().unwrap()],
    ));
    let left: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for name in &ours {
        assert!(!left.contains(name), "{name} left: {left:?}");
    }
    assert!(!staged.exists(), "{left:?}");
    for name in theirs {
        assert!(left.iter().any(|l| l == name), "{name} removed: {left:?}");
    }
}
