//! The completeness report (PDF) and the LKE worksheet through the `daduk`
//! binary: a full unit renders every page readably, and the worksheet goes
//! out and comes back in.

// Helpers panic on purpose: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::{Ws, args};
use serde_json::Value;

/// Every item answered for both roles, with notes, for the whole template.
fn answer_csv(template: &Value, tpi: bool) -> String {
    let mut csv = String::from("item,answer,note\n");
    for (i, item) in template["items"].as_array().unwrap().iter().enumerate() {
        let code = item["code"].as_str().unwrap();
        let answer = match item["type"].as_str().unwrap() {
            "yes_no" => if (i + usize::from(tpi)) % 4 == 0 {
                "tidak"
            } else {
                "ya"
            }
            .to_string(),
            "choice" => char::from(b'a' + ((i + usize::from(tpi)) % 2) as u8).to_string(),
            "survey_index" => if tpi { "3,40" } else { "3,05" }.to_string(),
            _ => match code {
                "R.3.iii.a" => "a=10;b=1;c=0".into(),
                "R.5.ii.a" => "a=8;b=2;c=6".into(),
                "R.5.iii.a" | "R.5.iii.b" => "b=10;c=3;d=2;e=14".into(),
                _ => "a=20;b=17".into(),
            },
        };
        let note = if i % 3 == 0 {
            "Catatan panjang: dokumen pendukung telah diperiksa dan sebagian masih menunggu tanda tangan \
             Kepala Satuan Kerja; salinan akan diunggah setelah rapat evaluasi triwulan berikutnya."
        } else {
            ""
        };
        csv.push_str(&format!("{code},\"{answer}\",\"{note}\"\n"));
    }
    csv
}

/// A unit with all 113 items answered by both roles and about 500 attached
/// files (3 items left without any file, so some are Tidak Lengkap).
fn full_unit() -> (Ws, Value) {
    let ws = Ws::new();
    ws.ok(&[
        "unit",
        "add",
        "U",
        "--name",
        "Badan Pusat Statistik Kota Yogyakarta",
        "--instansi",
        "Badan Pusat Statistik",
        "--target",
        "wbk",
        "--kepala",
        "Dr. Sri Wahyuningsih, S.Si., M.Si.",
        "--kepala-nip",
        "197504122000032001",
        "--ketua",
        "Bambang Hermawan, S.E.",
        "--ketua-nip",
        "198001012005011001",
    ]);
    ws.ok(&["assessment", "new", "--unit", "U", "--year", "2024"]);
    let template = ws.json(&["template", "show", "--json"]);
    for (role, tpi) in [("unit", false), ("tpi", true)] {
        let f = ws.file(&format!("{role}.csv"), &answer_csv(&template, tpi));
        ws.ok(&args(
            &["answer", "import"],
            &[f.to_str().unwrap(), "--role", role],
        ));
    }
    let words = [
        ("undangan", "Undangan"),
        ("daftar_hadir", "Daftar Hadir"),
        ("notula", "Notula"),
        ("sk", "SK"),
        ("capture", "Screenshot"),
        ("laporan", "Laporan"),
        ("foto", "Foto"),
        ("surat", "Surat Edaran"),
        ("dokumen", "SOP"),
        ("lainnya", "Lainnya"),
    ];
    let tree = ws.path().join("data-dukung");
    let mut n = 0;
    for (i, item) in template["items"].as_array().unwrap().iter().enumerate() {
        let code = item["code"].as_str().unwrap();
        if i % 40 == 7 {
            continue;
        }
        for kind in item["evidence"].as_array().unwrap() {
            let word = words
                .iter()
                .find(|(k, _)| k == &kind.as_str().unwrap())
                .map_or("Lainnya", |(_, w)| *w);
            for j in 0..2 {
                let p = tree.join(code).join(format!(
                    "{code} {word} kegiatan {j} dengan nama berkas panjang.pdf"
                ));
                fs::create_dir_all(p.parent().unwrap()).unwrap();
                fs::write(&p, format!("%PDF-1.4 {code} {word} {j}")).unwrap();
                n += 1;
            }
        }
    }
    assert!((400..700).contains(&n), "{n} files");
    ws.ok(&args(&["evidence", "import"], &[tree.to_str().unwrap()]));
    // Item 7 has no files: one of its kinds is marked "tidak ada".
    let bare = &template["items"][7];
    ws.ok(&args(
        &["evidence", "absent"],
        &[
            bare["code"].as_str().unwrap(),
            bare["evidence"][0].as_str().unwrap(),
            "--reason",
            "Rapat pemilihan tidak dinotulakan; keputusan dicatat di SK",
        ],
    ));
    (ws, template)
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed (Debian poppler-utils; `cargo xtask test` installs it): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn the_report_of_a_full_unit_renders_every_page_with_every_item_and_the_totals() {
    let (ws, template) = full_unit();
    let pdf = ws.path().join("laporan.pdf");
    let summary = ws.json(&args(
        &["report"],
        &[
            "--out",
            pdf.to_str().unwrap(),
            "--date",
            "2023-06-30",
            "--json",
        ],
    ));
    let pages = summary["pages"].as_u64().unwrap() as usize;
    assert!(pages > 10, "{summary}");
    assert!(summary["files"].as_u64().unwrap() >= 400);

    // Every page renders.
    let png = ws.path().join("png");
    fs::create_dir_all(&png).unwrap();
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "30",
            pdf.to_str().unwrap(),
            png.join("hal").to_str().unwrap(),
        ],
    );
    let mut rendered: Vec<PathBuf> = fs::read_dir(&png)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    rendered.sort();
    assert_eq!(rendered.len(), pages);
    for p in &rendered {
        assert!(
            fs::metadata(p).unwrap().len() > 1000,
            "{} is empty",
            p.display()
        );
    }

    // Every item code, the totals, the date, the page numbers and the hash
    // are in the text.
    let text = String::from_utf8(tool("pdftotext", &[pdf.to_str().unwrap(), "-"]).stdout).unwrap();
    for item in template["items"].as_array().unwrap() {
        let code = item["code"].as_str().unwrap();
        assert!(text.contains(code), "{code} is missing from the report");
    }
    for role in ["unit", "tpi"] {
        let score = ws.json(&args(&["score"], &["--json", "--role", role]));
        let total = daduk_workspace::format::score(score["total"].as_f64().unwrap());
        assert!(text.contains(&total), "{role} total {total}");
    }
    for needle in [
        "LAPORAN KELENGKAPAN DATA DUKUNG",
        "30 Juni 2023",
        "Badan Pusat Statistik Kota Yogyakarta",
        "NIP. 19750412 200003 2 001",
        "TIDAK LENGKAP",
        "tidak ada: Rapat pemilihan tidak dinotulakan",
        &format!("Halaman 1 dari {pages}"),
        &format!("Halaman {pages} dari {pages}"),
        summary["manifest_sha256"].as_str().unwrap(),
    ] {
        assert!(text.contains(needle), "'{needle}' is missing");
    }
    assert!(text.contains('✓') && text.contains('✗'));

    // The same state and date give the same bytes; a changed answer gives
    // another manifest hash.
    let again = ws.path().join("lagi.pdf");
    ws.ok(&args(
        &["report"],
        &["--out", again.to_str().unwrap(), "--date", "2023-06-30"],
    ));
    assert_eq!(fs::read(&pdf).unwrap(), fs::read(&again).unwrap());
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "tidak", "--role", "tpi"],
    ));
    let changed = ws.json(&args(
        &["report"],
        &["--out", again.to_str().unwrap(), "--json", "--force"],
    ));
    assert_ne!(changed["manifest_sha256"], summary["manifest_sha256"]);
}

/// The LKE sheet as a grid of cells, with where it starts.
fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range("LKE").unwrap();
    assert_eq!(range.start(), Some((0, 0)));
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Write a grid as the LKE sheet of a new workbook, the way a user's
/// spreadsheet program saves an edited file.
fn write_sheet(path: &Path, grid: &[Vec<Data>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("LKE").unwrap();
    for (r, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).unwrap();
                }
                _ => {}
            }
        }
    }
    book.save(path).unwrap();
}

fn column(grid: &[Vec<Data>], title: &str) -> (usize, usize) {
    for (r, row) in grid.iter().enumerate() {
        if let Some(c) = row.iter().position(|d| *d == title) {
            return (r, c);
        }
    }
    panic!("no column {title}");
}

fn row_of(grid: &[Vec<Data>], code: &str) -> usize {
    grid.iter().position(|r| r[0] == code).unwrap()
}

#[test]
fn a_worksheet_round_trip_without_edits_changes_nothing() {
    let (ws, _) = full_unit();
    let xlsx = ws.path().join("lke.xlsx");
    let csv = ws.path().join("lke.csv");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", xlsx.to_str().unwrap()],
    ));
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", csv.to_str().unwrap()],
    ));
    let log = ws.ok(&["log", "--json"]);
    for file in [&xlsx, &csv] {
        let out = ws.ok(&args(&["worksheet", "import"], &[file.to_str().unwrap()]));
        assert!(
            out.contains("113 butir;") && out.contains("Unit 0, TPI 0, TPN 0"),
            "{out}"
        );
    }
    assert_eq!(ws.ok(&["log", "--json"]), log, "the audit log is unchanged");

    // One row per item in LKE order with subtotal rows, the official columns.
    let grid = read_sheet(&xlsx);
    let (header, _) = column(&grid, "Jawaban TPI");
    let titles: Vec<String> = grid[header].iter().map(ToString::to_string).collect();
    assert_eq!(
        titles[1..],
        [
            "Komponen/Sub komponen",
            "Bobot",
            "Pilihan Jawaban",
            "Jawaban Unit",
            "Nilai Unit",
            "Catatan Unit",
            "Bukti Dukung",
            "Jawaban TPI",
            "Nilai TPI",
            "Catatan Reviu TPI",
            "Rujukan Data Dukung",
            "Jawaban TPN",
            "Nilai TPN",
            "Catatan TPN"
        ]
    );
    let codes: Vec<String> = grid[header + 1..]
        .iter()
        .map(|r| r[0].to_string())
        .collect();
    assert_eq!(codes[..5], ["A", "P", "P.1", "P.1.i", "P.1.i.a"]);
    assert_eq!(codes.last().map(String::as_str), Some("TOTAL"));
    assert_eq!(
        codes.iter().filter(|c| c.matches('.').count() == 3).count(),
        113
    );
    let p1 = &grid[row_of(&grid, "P.1")];
    assert_eq!(p1[2], Data::Float(4.0), "area rows carry their weight");
    let csv_text = fs::read_to_string(&csv).unwrap();
    assert!(csv_text.starts_with("\u{feff}Kode (jangan diubah);Komponen/Sub komponen;Bobot;"));
    for code in [
        "\nP.1.i.a;",
        "\nH.2.i.a;",
        "\nP.1;1. Manajemen Perubahan;4,00;",
        "\nTOTAL;",
    ] {
        assert!(csv_text.contains(code), "{code:?} in the CSV");
    }
}

#[test]
fn edited_tpi_answers_in_the_worksheet_give_the_edited_tpi_scores() {
    let (ws, template) = full_unit();
    let xlsx = ws.path().join("lke.xlsx");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", xlsx.to_str().unwrap()],
    ));
    let mut grid = read_sheet(&xlsx);
    let (_, answer) = column(&grid, "Jawaban TPI");
    let (_, note) = column(&grid, "Catatan Reviu TPI");
    // TPI gives every item its best answer.
    for item in template["items"].as_array().unwrap() {
        let code = item["code"].as_str().unwrap();
        let best = match item["type"].as_str().unwrap() {
            "yes_no" => Data::String("Ya".into()),
            "choice" => Data::String("A".into()),
            "survey_index" => Data::Float(4.0),
            _ => Data::String(
                match code {
                    "R.3.iii.a" => "a=5;b=0",
                    "R.5.ii.a" => "a=3;c=3",
                    "R.5.iii.a" | "R.5.iii.b" => "b=1;c=2;d=3;e=6",
                    _ => "a=2;b=2",
                }
                .into(),
            ),
        };
        let r = row_of(&grid, code);
        grid[r][answer] = best;
    }
    let r = row_of(&grid, "P.2.i.a");
    grid[r][note] = Data::String("Diperiksa ulang: SOP lengkap.".into());
    let edited = ws.path().join("lke-tpi.xlsx");
    write_sheet(&edited, &grid);

    let before = ws.json(&args(&["score"], &["--json", "--role", "unit"]));
    let out = ws.ok(&args(
        &["worksheet", "import"],
        &[edited.to_str().unwrap(), "--role", "tpi"],
    ));
    assert!(out.contains("Unit 0"), "{out}");
    let tpi = ws.json(&args(&["score"], &["--json", "--role", "tpi"]));
    assert_eq!(tpi["total"], 100.0);
    assert_eq!(tpi["predicates"]["wbbm"]["eligible"], true);
    let unit = ws.json(&args(&["score"], &["--json", "--role", "unit"]));
    assert_eq!(
        unit["total"], before["total"],
        "the unit's answers are untouched"
    );
    let answers = ws.json(&args(&["answer", "list"], &["--json"]));
    assert!(
        answers
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["item"] == "P.2.i.a"
                && a["role"] == "tpi"
                && a["note"] == "Diperiksa ulang: SOP lengkap.")
    );
}

#[test]
fn a_bad_cell_is_refused_with_its_row_and_nothing_is_written() {
    let (ws, _) = full_unit();
    let xlsx = ws.path().join("lke.xlsx");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", xlsx.to_str().unwrap()],
    ));
    let mut grid = read_sheet(&xlsx);
    let (_, answer) = column(&grid, "Jawaban TPI");
    let (_, unit_answer) = column(&grid, "Jawaban Unit");
    let good = row_of(&grid, "P.1.i.b");
    grid[good][answer] = Data::String("c".into());
    let bad = row_of(&grid, "P.1.i.a");
    grid[bad][answer] = Data::String("mungkin".into());
    let bad_unit = row_of(&grid, "R.1.i.a");
    grid[bad_unit][unit_answer] = Data::String("a=0;b=3".into());
    let edited = ws.path().join("salah.xlsx");
    write_sheet(&edited, &grid);
    let log = ws.ok(&["log", "--json"]);
    let err = ws.fails(
        2,
        &args(
            &["worksheet", "import"],
            &[edited.to_str().unwrap(), "--role", "both"],
        ),
    );
    assert!(
        err.contains(&format!(
            "baris {}: butir P.1.i.a, nilai 'mungkin'",
            bad + 1
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("baris {}: butir R.1.i.a", bad_unit + 1)),
        "{err}"
    );
    assert!(err.contains("tidak ada yang disimpan"), "{err}");
    assert_eq!(
        ws.ok(&["log", "--json"]),
        log,
        "nothing was written, not even the good row"
    );
}

#[test]
fn tpn_values_typed_into_the_worksheet_come_in_with_role_tpn_only() {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--role", "tpi"],
    ));
    let xlsx = ws.path().join("lke.xlsx");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", xlsx.to_str().unwrap()],
    ));
    let mut grid = read_sheet(&xlsx);
    let (_, answer) = column(&grid, "Jawaban TPN");
    let (_, note) = column(&grid, "Catatan TPN");
    let r = row_of(&grid, "P.1.i.a");
    grid[r][answer] = Data::String("Tidak".into());
    grid[r][note] = Data::String("LHE: SK belum ditandatangani".into());
    let edited = ws.path().join("lke-tpn.xlsx");
    write_sheet(&edited, &grid);

    // By default the workspace's own side: TPN's columns are not read.
    let out = ws.ok(&args(&["worksheet", "import"], &[edited.to_str().unwrap()]));
    assert!(out.contains("TPN 0;"), "{out}");
    let out = ws.ok(&args(
        &["worksheet", "import"],
        &[edited.to_str().unwrap(), "--role", "tpn"],
    ));
    assert!(out.contains("Unit 0, TPI 0, TPN 1;"), "{out}");
    let answers = ws.json(&args(&["answer", "list"], &["--json"]));
    assert!(
        answers
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["item"] == "P.1.i.a"
                && a["role"] == "tpn"
                && a["value"] == "tidak"
                && a["note"] == "LHE: SK belum ditandatangani"),
        "{answers}"
    );
    // The official layouts have no TPN columns: asked for, refused.
    let lampiran = ws.path().join("lampiran.xlsx");
    ws.ok(&args(
        &["worksheet", "export"],
        &["--out", lampiran.to_str().unwrap(), "--format", "lampiran3"],
    ));
    let err = ws.fails(
        2,
        &args(
            &["worksheet", "import"],
            &[lampiran.to_str().unwrap(), "--role", "tpn"],
        ),
    );
    assert!(err.contains("tidak punya kolom 'Jawaban TPN'"), "{err}");
}
