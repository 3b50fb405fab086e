//! A unit over three years: 2025 answered with its files, 2026 started from
//! 2025 (answers marked to check, the lasting SK carried by hash, the
//! year's notula left), 2027 from 2026 after the SK's end date; the trend
//! of the three years in the CLI and the PDF report; the old years unchanged.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ws;
use serde_json::Value;

fn with<'a>(head: &[&'a str], year: &'a str, tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&["--unit", "U", "--year", year]);
    v.extend_from_slice(tail);
    v
}

/// A PDF's text, its lines joined (a table cell may wrap anywhere).
fn pdf_text(pdf: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by xtask");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn files(ws: &Ws, year: &str) -> Vec<Value> {
    ws.json(&with(&["evidence", "list"], year, &["--json"]))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn three_years_of_one_unit_carry_what_lasts_and_show_the_trend() {
    let ws = Ws::new();
    ws.ok(&["unit", "add", "U", "--name", "Unit Uji", "--target", "wbk"]);
    ws.ok(&with(&["assessment", "new"], "2025", &[]));
    let sk = ws.file("sk-tim.pdf", "SK Tim Kerja ZI 2025");
    let notula = ws.file("notula.pdf", "Notula rapat pembentukan tim 2025");
    let rejected = ws.file("sk-ppid.pdf", "SK PPID yang salah");
    let (sk, notula, rejected) = (
        sk.to_str().unwrap(),
        notula.to_str().unwrap(),
        rejected.to_str().unwrap(),
    );
    ws.ok(&with(
        &["evidence", "add"],
        "2025",
        &["P.1.i.a", sk, "--kind", "sk"],
    ));
    ws.ok(&with(
        &["evidence", "add"],
        "2025",
        &["P.1.i.b", notula, "--kind", "notula"],
    ));
    ws.ok(&with(
        &["evidence", "add"],
        "2025",
        &["P.2.iii.a", rejected, "--kind", "sk"],
    ));
    let ppid = files(&ws, "2025")
        .iter()
        .find(|f| f["item"] == "P.2.iii.a")
        .unwrap()["id"]
        .to_string();
    ws.ok(&with(
        &["evidence", "review"],
        "2025",
        &[&ppid, "ditolak", "--note", "bukan SK PPID", "--role", "tpi"],
    ));
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &["P.1.i.a", "ya", "--note", "SK 2025"],
    ));
    ws.ok(&with(&["answer", "set"], "2025", &["P.1.i.b", "c"]));
    // TPI's notes of 2025 are its recommendations for 2026.
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &[
            "P.1.i.b",
            "c",
            "--role",
            "tpi",
            "--note",
            "Pemilihan anggota tim belum melalui rapat.\nSertakan notula pemilihan.",
        ],
    ));
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &[
            "H.1.i.a",
            "3,1",
            "--role",
            "tpi",
            "--note",
            "Survei IPAK belum mencakup pengguna layanan",
        ],
    ));
    let before_2025 = ws.ok(&with(&["answer", "list"], "2025", &["--json"]));
    let files_2025 = files(&ws, "2025");

    // 2026 from 2025.
    let said = ws.ok(&with(&["assessment", "new"], "2026", &["--from", "2025"]));
    assert!(said.contains("2 jawaban"), "{said}");
    assert!(
        said.contains("1 berkas yang masih berlaku dibawa"),
        "{said}"
    );
    assert!(
        said.contains("1 berkas tidak dibawa: butirnya memerlukan dokumen tahun 2026"),
        "{said}"
    );
    assert!(
        said.contains("1 berkas tidak dibawa: ditolak TPI"),
        "{said}"
    );
    let answers = ws.ok(&with(&["answer", "list"], "2026", &[]));
    assert!(
        answers.contains("[dari 2025 — periksa] SK 2025"),
        "{answers}"
    );
    let carried = files(&ws, "2026");
    assert_eq!(carried.len(), 1, "{carried:?}");
    let sk_2025 = files_2025.iter().find(|f| f["item"] == "P.1.i.a").unwrap();
    assert_eq!(
        carried[0]["sha256"], sk_2025["sha256"],
        "same content, no copy"
    );
    assert_eq!(carried[0]["carried_from"], 2025);
    assert_eq!(
        carried[0]["review_status"], "pending",
        "TPI reviews it again this year"
    );
    assert!(carried[0]["expired"].is_null());
    // Nothing of 2025 changed.
    assert_eq!(
        ws.ok(&with(&["answer", "list"], "2025", &["--json"])),
        before_2025
    );
    assert_eq!(files(&ws, "2025"), files_2025);

    // Last year's recommendations become this year's activities, in the item's area.
    let recs = ws.json(&with(&["plan", "recommendations"], "2026", &["--json"]));
    assert_eq!(recs.as_array().unwrap().len(), 2, "{recs}");
    assert!(
        recs.as_array()
            .unwrap()
            .iter()
            .all(|r| r["activity"].is_null() && r["from_year"] == 2025)
    );
    let said = ws.ok(&with(&["plan", "recommendations"], "2026", &[]));
    assert!(said.contains("0 sudah ditindaklanjuti, 2 belum"), "{said}");
    let said = ws.ok(&with(
        &["plan", "adopt"],
        "2026",
        &["P.1.i.b", "--months", "2-4"],
    ));
    assert!(said.contains("butir P.1.i.b menjadi kegiatan #"), "{said}");
    let err = ws.fails(2, &with(&["plan", "adopt"], "2026", &["P.1.i.b"]));
    assert!(err.contains("sudah menindaklanjutinya"), "{err}");
    let err = ws.fails(2, &with(&["plan", "adopt"], "2026", &["P.2.i.a"]));
    assert!(err.contains("rekomendasi"), "{err}");
    ws.ok(&with(&["plan", "adopt"], "2026", &["--all"]));
    let plan = ws.json(&with(&["plan", "show"], "2026", &["--json"]));
    let acts = plan["activities"].as_array().unwrap();
    assert_eq!(acts.len(), 2, "{plan}");
    let first = acts.iter().find(|x| x["items"][0] == "P.1.i.b").unwrap();
    assert_eq!(first["area"], 1);
    assert_eq!(first["program"], "Tindak lanjut rekomendasi TPI 2025");
    assert_eq!(
        first["activity"],
        "Pemilihan anggota tim belum melalui rapat.; Sertakan notula pemilihan."
    );
    let ipak = acts.iter().find(|x| x["items"][0] == "H.1.i.a").unwrap();
    assert_eq!(ipak["area"], 5, "IPAK follows up in Penguatan Pengawasan");
    let recs = ws.json(&with(&["plan", "recommendations"], "2026", &["--json"]));
    assert!(
        recs.as_array()
            .unwrap()
            .iter()
            .all(|r| r["activity"].is_number()),
        "{recs}"
    );
    // Removing the activity leaves the recommendation open again.
    let id = first["id"].to_string();
    ws.ok(&with(&["plan", "activity", "remove"], "2026", &[&id]));
    let said = ws.ok(&with(&["plan", "recommendations"], "2026", &[]));
    assert!(said.contains("1 sudah ditindaklanjuti, 1 belum"), "{said}");

    // Answering again (even the same value) takes the mark away; a change does too.
    ws.ok(&with(&["answer", "set"], "2026", &["P.1.i.a", "ya"]));
    ws.ok(&with(&["answer", "set"], "2026", &["P.1.i.b", "a"]));
    let records = ws.json(&with(&["answer", "list"], "2026", &["--json"]));
    assert!(
        records
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["carried_from"].is_null()),
        "{records}"
    );

    // The SK ends mid-2026: it counts in 2026, and is not carried into 2027.
    let id = carried[0]["id"].to_string();
    let edited = ws.ok(&with(
        &["evidence", "edit"],
        "2026",
        &[&id, "--valid-until", "2026-06-30"],
    ));
    assert!(edited.contains("berlaku sampai 2026-06-30"), "{edited}");
    assert!(files(&ws, "2026")[0]["expired"].is_null());
    let pdf_2026 = ws.path().join("laporan-2026.pdf");
    ws.ok(&with(
        &["report"],
        "2026",
        &["--out", pdf_2026.to_str().unwrap()],
    ));
    let text = pdf_text(&pdf_2026);
    assert!(text.contains("dibawa dari penilaian 2025"), "{text}");
    assert!(text.contains("berlaku sampai 30 Juni 2026"), "{text}");
    let said = ws.ok(&with(&["assessment", "new"], "2027", &["--from", "2026"]));
    assert!(
        said.contains("0 berkas yang masih berlaku dibawa"),
        "{said}"
    );
    assert!(files(&ws, "2027").is_empty());
    let new_sk = ws.file("sk-tim-2027.pdf", "SK Tim Kerja ZI 2027");
    ws.ok(&with(
        &["evidence", "add"],
        "2027",
        &["P.1.i.a", new_sk.to_str().unwrap(), "--kind", "sk"],
    ));
    ws.ok(&with(&["answer", "set"], "2027", &["P.1.i.b", "a"]));
    ws.ok(&with(&["answer", "set"], "2027", &["P.1.ii.a", "ya"]));

    // A year to start from must be earlier and exist; nothing is created otherwise.
    let err = ws.fails(
        2,
        &with(&["assessment", "new"], "2024", &["--from", "2025"]),
    );
    assert!(err.contains("harus sebelum 2024"), "{err}");
    let err = ws.fails(
        2,
        &with(&["assessment", "new"], "2030", &["--from", "2029"]),
    );
    assert!(err.contains("U 2029"), "{err}");
    let err = ws.fails(
        2,
        &with(&["assessment", "new"], "2026", &["--from", "2025"]),
    );
    assert!(err.contains("sudah ada"), "{err}");
    assert!(!ws.ok(&["assessment", "list"]).contains("2030"));

    // The trend: three years side by side, each year's total the year's own score.
    let trend = ws.json(&["score", "--unit", "U", "--years", "2025-2027", "--json"]);
    let years = trend["years"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    for (y, year) in years.iter().zip(["2025", "2026", "2027"]) {
        let own = ws.json(&with(&["score"], year, &["--json"]));
        assert_eq!(y["year"].to_string(), year);
        assert_eq!(y["total"], own["total"], "{year}");
        assert_eq!(y["areas"].as_array().unwrap().len(), 6);
    }
    let t = |i: usize| years[i]["total"].as_f64().unwrap();
    assert!(
        t(0) < t(1) && t(1) < t(2),
        "the unit improved each year: {trend}"
    );
    let text = ws.ok(&["score", "--unit", "U", "--years", "2025-2027"]);
    assert!(
        text.contains("2025") && text.contains("2027") && text.contains("perubahan"),
        "{text}"
    );
    assert!(text.contains("Manajemen Perubahan"), "{text}");
    let err = ws.fails(2, &["score", "--unit", "U", "--years", "2027-2025"]);
    assert!(err.contains("terbalik"), "{err}");

    // The report of the last year prints the years before it.
    let pdf = ws.path().join("laporan-2027.pdf");
    ws.ok(&with(
        &["report"],
        "2027",
        &["--out", pdf.to_str().unwrap()],
    ));
    let text = pdf_text(&pdf);
    assert!(text.contains("Tren nilai"), "{text}");
    assert!(text.contains("2025") && text.contains("2026"), "{text}");
}
