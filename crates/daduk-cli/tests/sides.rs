//! A workspace writes its own side (`daduk init --role`): in an evaluator's
//! workspace answers, notes and worksheets go to the TPI side unless
//! `--role unit` says otherwise, and the unit side's data dukung is not
//! changed without that flag; such writes are noted in the change log. A
//! refusal that needs consent names the flag that gives it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Ws, args};

/// A unit that answered P.1.i.a "ya", and the evaluator's workspace that
/// imported its packet.
fn received() -> (Ws, Ws) {
    let unit = Ws::new().with_assessment();
    unit.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let sent = unit.path().join("kiriman.zip");
    unit.ok(&args(
        &["packet", "export"],
        &["--out", sent.to_str().unwrap()],
    ));
    let tpi = Ws::new();
    tpi.ok(&["init", "--role", "tpi"]);
    tpi.ok(&["packet", "import", sent.to_str().unwrap()]);
    (unit, tpi)
}

fn answer(ws: &Ws, item: &str, role: &str) -> Option<String> {
    ws.json(&args(&["answer", "list"], &["--json"]))
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item"] == item && r["role"] == role)
        .and_then(|r| r["value"].as_str().map(str::to_string))
}

fn other_side_notes(ws: &Ws) -> Vec<String> {
    ws.json(&["log", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "side" && e["action"] == "other-side")
        .map(|e| {
            format!(
                "{} {}",
                e["key"].as_str().unwrap(),
                e["new"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn an_evaluators_workspace_writes_the_tpi_side_unless_told_otherwise() {
    let (_unit, tpi) = received();

    // No --role: the evaluator's own side.
    tpi.ok(&args(&["answer", "set"], &["P.1.i.a", "tidak"]));
    assert_eq!(answer(&tpi, "P.1.i.a", "tpi").as_deref(), Some("tidak"));
    assert_eq!(answer(&tpi, "P.1.i.a", "unit").as_deref(), Some("ya"));
    tpi.ok(&args(&["answer", "clear"], &["P.1.i.a"]));
    assert_eq!(answer(&tpi, "P.1.i.a", "tpi"), None);
    assert_eq!(answer(&tpi, "P.1.i.a", "unit").as_deref(), Some("ya"));
    assert!(other_side_notes(&tpi).is_empty());

    // A worksheet read reads the TPI columns only: the unit's "ya" written
    // "tidak" in the sheet does not reach the unit side.
    let sheet = tpi.file(
        "lembar.csv",
        "Kode (jangan diubah);Komponen/Sub komponen;Bobot;Pilihan Jawaban;Jawaban Unit;Nilai Unit;\
         Catatan Unit;Bukti Dukung;Jawaban TPI;Nilai TPI;Catatan Reviu TPI;Rujukan Data Dukung\n\
         P.1.i.a;;;;tidak;;;;ya;;;\n",
    );
    tpi.ok(&args(&["worksheet", "import"], &[sheet.to_str().unwrap()]));
    assert_eq!(answer(&tpi, "P.1.i.a", "unit").as_deref(), Some("ya"));
    assert_eq!(answer(&tpi, "P.1.i.a", "tpi").as_deref(), Some("ya"));
    assert!(other_side_notes(&tpi).is_empty());

    // The unit side's files are not changed without asking.
    let f = tpi.file("temuan.pdf", "%PDF temuan TPI");
    let err = tpi.fails(
        2,
        &args(&["evidence", "add"], &["P.1.i.a", f.to_str().unwrap()]),
    );
    assert!(
        err.contains("sisi Tim Kerja unit") && err.contains("--role unit"),
        "{err}"
    );
    assert_eq!(tpi.evidence_count(), 0);
    let folder = tpi.path().join("folder");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("1.i.a SK.pdf"), "%PDF sk").unwrap();
    let err = tpi.fails(
        2,
        &args(&["evidence", "import"], &[folder.to_str().unwrap()]),
    );
    assert!(err.contains("--role unit"), "{err}");
    // A dry run writes nothing and needs no flag.
    tpi.ok(&args(
        &["evidence", "import"],
        &[folder.to_str().unwrap(), "--dry-run"],
    ));
    assert_eq!(tpi.evidence_count(), 0);

    // Asked for explicitly, it is done, and the log says so.
    tpi.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", f.to_str().unwrap(), "--role", "unit"],
    ));
    assert_eq!(tpi.evidence_count(), 1);
    tpi.ok(&args(
        &["answer", "set"],
        &["P.1.i.b", "a", "--role", "unit"],
    ));
    assert_eq!(answer(&tpi, "P.1.i.b", "unit").as_deref(), Some("a"));
    let notes = other_side_notes(&tpi);
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes.iter().all(|n| n.starts_with("unit ")
            && n.contains("dari ruang kerja penilai (TPI)")
            && n.contains("--role unit")),
        "{notes:?}"
    );
    // A flag for the wrong side is refused, naming it.
    let err = tpi.fails(
        2,
        &args(
            &["evidence", "add"],
            &["P.1.i.a", f.to_str().unwrap(), "--role", "tpi"],
        ),
    );
    assert!(err.contains("--role tpi tidak berlaku"), "{err}");
}

#[test]
fn a_unit_workspace_writes_the_unit_side_and_asks_for_tpi_verdicts() {
    let ws = Ws::new().with_assessment();
    ws.ok(&["init", "--role", "unit"]);
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    assert_eq!(answer(&ws, "P.1.i.a", "unit").as_deref(), Some("ya"));
    let f = ws.file("sk.pdf", "%PDF sk");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", f.to_str().unwrap()],
    ));
    let err = ws.fails(2, &args(&["evidence", "review"], &["1", "diterima"]));
    assert!(
        err.contains("sisi penilai (TPI)") && err.contains("--role tpi"),
        "{err}"
    );
    ws.ok(&args(
        &["evidence", "review"],
        &["1", "diterima", "--role", "tpi"],
    ));
    let notes = other_side_notes(&ws);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(notes[0].starts_with("tpi "), "{notes:?}");
}

#[test]
fn a_refusal_that_needs_consent_names_the_flag_that_gives_it() {
    let unit = Ws::new().with_assessment();
    let first = unit.path().join("kiriman-1.zip");
    let second = unit.path().join("kiriman-2.zip");
    unit.ok(&args(
        &["packet", "export"],
        &["--out", first.to_str().unwrap()],
    ));
    unit.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    // Packets are dated to the second: the second one a second later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    unit.ok(&args(
        &["packet", "export"],
        &["--out", second.to_str().unwrap()],
    ));
    let tpi = Ws::new();
    tpi.ok(&["packet", "import", second.to_str().unwrap()]);
    let err = tpi.fails(2, &["packet", "import", first.to_str().unwrap()]);
    assert!(
        err.contains("lebih lama") && err.contains("Bila setuju, ulangi dengan --allow-older"),
        "{err}"
    );
    assert_eq!(err.matches("--allow-older").count(), 1, "{err}");
}
