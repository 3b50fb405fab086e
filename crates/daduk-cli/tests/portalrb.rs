//! PortalRB and the official worksheet layouts on the command line: the
//! JSON bodies, worksheets out and back in, the import's refusals, the
//! official-worksheet figure in `score`, and a zip bomb refused within a
//! memory limit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;

use common::Ws;

const W26: [&str; 4] = ["--unit", "PKM-1", "--year", "2026"];

fn with(head: &[&str], tail: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = head.iter().map(|s| s.to_string()).collect();
    v.extend(W26.iter().map(|s| s.to_string()));
    v.extend(tail.iter().map(|s| s.to_string()));
    v
}

fn run(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Two units for 2026, PKM-1 (afirmasi) answered a little.
fn workspace() -> Ws {
    let ws = Ws::new();
    ws.ok(&[
        "unit",
        "add",
        "PKM-1",
        "--name",
        "Puskesmas Sukasada I",
        "--afirmasi",
    ]);
    ws.ok(&[
        "unit",
        "add",
        "PKM-2",
        "--name",
        "Puskesmas Sawan II",
        "--target",
        "wbbm",
    ]);
    for u in ["PKM-1", "PKM-2"] {
        ws.ok(&["assessment", "new", "--unit", u, "--year", "2026"]);
    }
    for (item, value) in [
        ("P.1.i.a", "ya"),
        ("P.1.i.b", "b"),
        ("R.1.i.a", "a=4;b=3"),
        ("H.1.i.a", "3,61"),
    ] {
        ws.ok(&run(&with(
            &["answer", "set"],
            &[item, value, "--note", "catatan unit"],
        )));
    }
    ws.ok(&run(&with(
        &["answer", "set"],
        &["P.1.i.a", "tidak", "--role", "tpi", "--note", "catatan TPI"],
    )));
    ws
}

#[test]
fn portalrb_json_holds_every_soal_and_the_unit_lists_the_proposed_units() {
    let ws = workspace();
    let out = ws.path().join("jawaban.json");
    ws.ok(&run(&with(
        &["portalrb", "export"],
        &["--out", out.to_str().unwrap()],
    )));
    let body: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let answers = body["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 127);
    let ids: Vec<u64> = answers
        .iter()
        .map(|a| a["soal_id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (1..=127).collect::<Vec<u64>>(), "master order");
    assert_eq!(answers[0]["jawaban_unit"], "Ya");
    assert_eq!(answers[0]["jawaban_tpi"], "Tidak");
    assert_eq!(answers[0]["catatan_tpi"], "catatan TPI");
    assert_eq!(answers[1]["jawaban_unit"], "B");
    assert_eq!(
        (
            answers[87]["jawaban_unit"].as_str(),
            answers[88]["jawaban_unit"].as_str()
        ),
        (Some("4"), Some("3"))
    );
    assert_eq!(answers[124]["jawaban_unit"], "3.61");
    assert!(answers[2]["jawaban_unit"].is_null());
    assert_eq!(body["tahun"], 2026);
    // Only submitted (or later) assessments are proposed.
    let list = ws.json(&["portalrb", "units", "--year", "2026", "--predicate", "wbk"]);
    assert_eq!(list["units"].as_array().unwrap().len(), 0);
    ws.ok(&run(&with(&["assessment", "set-status"], &["submitted"])));
    ws.ok(&[
        "assessment",
        "set-status",
        "--unit",
        "PKM-2",
        "--year",
        "2026",
        "reviewed",
    ]);
    let list = ws.json(&["portalrb", "units", "--year", "2026", "--predicate", "wbk"]);
    assert_eq!(
        list["units"],
        serde_json::json!([{"id": "PKM-1", "nama": "Puskesmas Sukasada I", "kategori": "WBK-AFIRMASI", "afirmasi": true}])
    );
    let list = ws.json(&["portalrb", "units", "--year", "2026", "--predicate", "wbbm"]);
    assert_eq!(list["units"][0]["kategori"], "WBBM");
    // No question list for another year: a clear refusal.
    ws.ok(&["assessment", "new", "--unit", "PKM-1", "--year", "2024"]);
    let err = ws.fails(
        2,
        &["portalrb", "export", "--unit", "PKM-1", "--year", "2024"],
    );
    assert!(
        err.contains("tahun evaluasi 2024") && err.contains("2026"),
        "{err}"
    );
}

#[test]
fn worksheets_in_the_official_layouts_round_trip_and_another_units_sheet_is_refused() {
    let ws = workspace();
    let log = ws.ok(&["log", "--json"]);
    for format in ["lampiran3", "portalrb", "daduk"] {
        let out = ws.path().join(format!("{format}.xlsx"));
        ws.ok(&run(&with(
            &["worksheet", "export"],
            &["--out", out.to_str().unwrap(), "--format", format],
        )));
        let text = ws.ok(&run(&with(
            &["worksheet", "import"],
            &[out.to_str().unwrap(), "--role", "both"],
        )));
        assert!(
            text.contains("Unit 0, TPI 0") && text.contains("113 butir"),
            "{format}: {text}"
        );
        // Into another unit's assessment: refused, nothing written.
        let err = ws.fails(
            2,
            &[
                "worksheet",
                "import",
                "--unit",
                "PKM-2",
                "--year",
                "2026",
                out.to_str().unwrap(),
            ],
        );
        assert!(
            err.contains("Puskesmas Sukasada I") && err.contains("--other-unit"),
            "{format}: {err}"
        );
    }
    assert_eq!(ws.ok(&["log", "--json"]), log);
    let out = ws.path().join("lampiran3.xlsx");
    let text = ws.ok(&[
        "worksheet",
        "import",
        "--unit",
        "PKM-2",
        "--year",
        "2026",
        out.to_str().unwrap(),
        "--other-unit",
    ]);
    assert!(text.contains("Unit 4"), "{text}");
}

#[test]
fn score_shows_the_official_worksheet_figure_and_no_projection() {
    let ws = workspace();
    let text = ws.ok(&run(&with(&["score"], &[])));
    assert!(text.contains("Menurut lembar kerja resmi"), "{text}");
    assert!(!text.to_lowercase().contains("proyeksi"), "{text}");
    let json = ws.json(&run(&with(&["score"], &["--json"])));
    let official = &json["official"];
    // P.1.i: ya + b = (1 + 0.5) / 2 × 0.5 both ways; R.1.i.a alone of 2:
    // 0.75 × 2 by the worksheet, 0.75 / 2 × 2 by Daduk; H.1.i 3.61 / 4 × 17.5.
    let close = |v: &serde_json::Value, x: f64| (v.as_f64().unwrap() - x).abs() < 1e-9;
    assert!(
        close(&official["total"], 0.375 + 1.5 + 15.79375),
        "{official}"
    );
    assert!(close(&json["total"], 0.375 + 0.75 + 15.79375), "{json}");
    assert!(close(&official["pengungkit"], 1.875));
    assert!(close(&official["hasil"], 15.79375));
    assert!(close(&official["parts"]["R"], 1.5));
    assert!(close(&official["areas"]["R.1"], 1.5));
    // The H.1.ii condition is listed with its source.
    let h1ii = json["predicates"]["wbk"]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["scope"] == "H.1.ii")
        .unwrap()
        .clone();
    assert_eq!(h1ii["threshold"], 2.5);
    assert!(h1ii["source"].as_str().unwrap().contains("Capaian Kinerja"));
}

/// An .xlsx whose shared strings inflate to 1 GiB from about 1 MB.
fn bomb(path: &std::path::Path) {
    let file = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(file);
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &str); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="LKE" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#,
        ),
    ];
    for (name, text) in parts {
        z.start_file(name, o).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.start_file("xl/sharedStrings.xml", o.large_file(true))
        .unwrap();
    z.write_all(br#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#).unwrap();
    let chunk = vec![b'A'; 1 << 20];
    for _ in 0..1024 {
        z.write_all(&chunk).unwrap();
    }
    z.write_all(b"</t></si></sst>").unwrap();
    z.finish().unwrap();
}

#[test]
fn a_worksheet_zip_bomb_is_refused_within_a_memory_limit() {
    let ws = workspace();
    let path = ws.path().join("bom.xlsx");
    bomb(&path);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 3 << 20, "{size} bytes");
    // 600 MB of address space: reading the strings whole would need 1 GiB.
    let cmd = format!(
        "ulimit -v 600000; exec '{}' worksheet import --unit PKM-1 --year 2026 '{}'",
        env!("CARGO_BIN_EXE_daduk"),
        path.display()
    );
    let start = std::time::Instant::now();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&cmd)
        .env("DADUK_WORKSPACE", ws.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bom.xlsx") && err.contains("xl/sharedStrings.xml") && err.contains("bom zip"),
        "{err}"
    );
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}
