//! Reading Target Prioritas sheets: the seed's table as CSV and XLSX, bad
//! rows named, hostile files refused, nothing written unless all is good.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::*;
use crate::plan::months::SHORT;
use crate::plan::tests::setup;
use crate::plan::{MAX_TEXT, MonthSet};

const HEAD: &str = "NO;PROGRAM;IMPLEMENTASI PROGRAM;TARGET;TARGET WAKTU PELAKSANAAN;;;;;;;;;;;\n\
                    ;;;;JAN;FEB;MAR;APR;MEI;JUN;JUL;AGS;SEP;OKT;NOV;DES\n";

/// Part of the seed's Target Prioritas (Dinas Kesehatan Buleleng 2023),
/// with its area headings and the tick characters teams use.
fn seed_csv() -> String {
    format!(
        "1. MANAJEMEN PERUBAHAN\n{HEAD}\
         1.;Pencanangan Zona Integritas;\"a. Penandatanganan pakta integritas; b. Pembentukan Tim Kerja ZI; c. Penyusunan dan penetapan rencana aksi dan target prioritas.\";Meningkatnya komitmen seluruh jajaran pimpinan;;✓;;;;;;;;;;\n\
         2.;Budaya kerja dan pola pikir telah dibangun di lingkungan organisasi;\"a. Penerapan tata nilai PASTI setiap hari oleh pimpinan\nb. Absensi melalui Aplikasi SIMPEG\";Terjadinya perubahan pola pikir;;√;√;√;√;√;√;√;√;√;√;√\n\
         2. PENATAAN TATALAKSANA\n{HEAD}\
         1.;Sistem pengukuran kinerja berbasis sistem informasi;\"a. Pengukuran Kinerja Satker melalui e-Performance; b. Monitoring dan Evaluasi terhadap pemanfaatan teknologi informasi.\";Meningkatnya penggunaan teknologi informasi;x;X;x;;;;v;;;V;;1\n\
         Area 6\n{HEAD}\
         4.;Inovasi Pelayanan;\"a. INTUISI; b. ONDEL c. INDIGO\";;;;■;■;■;■;■;■;■;■;■;■\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn the_seeds_table_becomes_one_activity_per_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let path = write(dir.path(), "target prioritas.csv", &seed_csv());
    let r = ws.import_plan_sheet(&a, &path, None).unwrap();
    assert_eq!((r.rows, r.added, r.updated), (10, 10, 0));
    let plan = ws.plan(&a).unwrap();
    let got: Vec<(u8, String, String)> = plan
        .activities
        .iter()
        .map(|x| (x.area, x.activity.clone(), x.months.to_numbers()))
        .collect();
    let want: Vec<(u8, &str, &str)> = vec![
        (1, "Penandatanganan pakta integritas", "2"),
        (1, "Pembentukan Tim Kerja ZI", "2"),
        (
            1,
            "Penyusunan dan penetapan rencana aksi dan target prioritas.",
            "2",
        ),
        (
            1,
            "Penerapan tata nilai PASTI setiap hari oleh pimpinan",
            "2-12",
        ),
        (1, "Absensi melalui Aplikasi SIMPEG", "2-12"),
        (
            2,
            "Pengukuran Kinerja Satker melalui e-Performance",
            "1-3,7,10,12",
        ),
        (
            2,
            "Monitoring dan Evaluasi terhadap pemanfaatan teknologi informasi.",
            "1-3,7,10,12",
        ),
        (6, "INTUISI", "3-12"),
        (6, "ONDEL", "3-12"),
        (6, "INDIGO", "3-12"),
    ];
    let want: Vec<(u8, String, String)> = want
        .into_iter()
        .map(|(a, b, c)| (a, b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(plan.activities[0].program, "Pencanangan Zona Integritas");
    assert_eq!(
        plan.activities[0].target,
        "Meningkatnya komitmen seluruh jajaran pimpinan"
    );
    assert_eq!(plan.activities[7].target, "", "no target written");

    // Importing the same sheet again adds nothing; a changed month updates.
    let r = ws.import_plan_sheet(&a, &path, None).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 10));
    let changed = seed_csv().replace(";;✓;;;;;;;;;;", ";;✓;✓;;;;;;;;;");
    let path = write(dir.path(), "target prioritas 2.csv", &changed);
    let r = ws.import_plan_sheet(&a, &path, None).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 3, 7));
    assert_eq!(
        ws.plan(&a).unwrap().activities[0].months.to_numbers(),
        "2,3"
    );
}

#[test]
fn bad_rows_are_all_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let text = format!(
        "{HEAD}\
         1.;Program A;Kegiatan satu;T;✓;;;;;;;;;;;\n\
         2.;Program B;Kegiatan dua;T;Maret;;;;;;;;;;;\n\
         3.;Program C;Kegiatan tiga;T;;;;;;;;;;;;\n\
         4.;;;T;✓;;;;;;;;;;;\n"
    );
    let path = write(dir.path(), "rusak.csv", &text);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    for want in [
        "rusak.csv: 3 masalah, tidak ada yang disimpan",
        "lembar 'rusak' baris 4, kolom JAN: nilai 'Maret' bukan tanda",
        "lembar 'rusak' baris 5, kolom JAN … DES: tidak ada bulan yang ditandai",
        "lembar 'rusak' baris 6, kolom IMPLEMENTASI PROGRAM: kegiatan kosong",
    ] {
        assert!(err.contains(want), "{want}\nin:\n{err}");
    }
    assert!(!ws.plan(&a).unwrap().started, "nothing written");

    // A month's name in the first row under a one-row header is a mistake
    // in that row, not more header.
    let text = "NO;PROGRAM;IMPLEMENTASI PROGRAM;TARGET;JAN;FEB;MAR;APR;MEI;JUN;JUL;AGS;SEP;OKT;NOV;DES\n\
                1.;Pencanangan;Pakta integritas;T;Maret;;;;;;;;;;;\n";
    let path = write(dir.path(), "satu baris.csv", text);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 2, kolom JAN: nilai 'Maret' bukan tanda"),
        "{err}"
    );
    // A program that happens to be called "Program" is a row, not a header.
    let text = format!("{HEAD}1.;Program;Sosialisasi;T;Maret;;;;;;;;;;;\n");
    let path = write(dir.path(), "program.csv", &text);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 3, kolom JAN: nilai 'Maret' bukan tanda"),
        "{err}"
    );

    // Rows no area places.
    let text = format!("{HEAD}1.;Program A;Kegiatan satu;T;✓;;;;;;;;;;;\n");
    let path = write(dir.path(), "tanpa area.csv", &text);
    let err = ws
        .import_plan_sheet(&a, &path, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 3, kolom AREA: area perubahan baris ini tidak diketahui"),
        "{err}"
    );
    // An AREA column that names no area, and an unknown item.
    let text = "AREA;PROGRAM;IMPLEMENTASI PROGRAM;BUTIR LKE;JAN;FEB;MAR;APR;MEI;JUN;JUL;AGS;SEP;OKT;NOV;DES\n\
                9;P;K;P.1.i.a;1;;;;;;;;;;;\n\
                Pengawasan;P;K;P.1.i.z;1;;;;;;;;;;;\n";
    let path = write(dir.path(), "kolom.csv", text);
    let err = ws
        .import_plan_sheet(&a, &path, None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 2, kolom AREA: area 9 tidak ada"),
        "{err}"
    );
    assert!(
        err.contains("baris 3, kolom BUTIR LKE: butir P.1.i.z tidak ada"),
        "{err}"
    );
    // Missing month columns, no table at all, wrong extension.
    let path = write(
        dir.path(),
        "bulan.csv",
        "PROGRAM;IMPLEMENTASI PROGRAM;JAN;FEB\nP;K;1;\n",
    );
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("kolom bulan tidak lengkap (tidak ada: MAR"),
        "{err}"
    );
    let path = write(dir.path(), "lain.csv", "kode;jawaban\nP.1.i.a;ya\n");
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tidak ada tabel dengan kepala kolom PROGRAM"),
        "{err}"
    );
    let path = write(dir.path(), "rencana.docx", "x");
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains(".xlsx atau .csv"), "{err}");
    assert!(!ws.plan(&a).unwrap().started, "still nothing written");
}

/// An XLSX with one sheet per area, written the way Excel users lay it out.
fn seed_xlsx(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in [
        (
            "Manajemen Perubahan",
            vec![vec![
                "Pencanangan ZI",
                "a. Pakta integritas; b. Tim Kerja",
                "Komitmen",
                "2",
            ]],
        ),
        (
            "Area 5",
            vec![vec![
                "Penyampaian LHKPN",
                "Rekapitulasi LHKPN dan LHKASN",
                "Kepatuhan",
                "2,3",
            ]],
        ),
    ] {
        let s = book.add_worksheet();
        s.set_name(name).unwrap();
        for (c, t) in ["NO", "PROGRAM", "IMPLEMENTASI PROGRAM", "TARGET"]
            .iter()
            .enumerate()
        {
            s.write_string(0, c as u16, *t).unwrap();
        }
        for (m, t) in SHORT.iter().enumerate() {
            s.write_string(0, 4 + m as u16, *t).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            s.write_number(r, 0, f64::from(r)).unwrap();
            for (c, t) in row[..3].iter().enumerate() {
                s.write_string(r, 1 + c as u16, *t).unwrap();
            }
            let months: MonthSet = row[3].parse().unwrap();
            for m in months.iter() {
                s.write_string(r, 3 + u16::from(m), "✓").unwrap();
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn xlsx_sheets_named_after_areas_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let path = dir.path().join("target.xlsx");
    seed_xlsx(&path);
    let r = ws.import_plan_sheet(&a, &path, None).unwrap();
    assert_eq!(r.added, 3);
    let plan = ws.plan(&a).unwrap();
    let got: Vec<(u8, &str, String)> = plan
        .activities
        .iter()
        .map(|x| (x.area, x.activity.as_str(), x.months.to_numbers()))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Pakta integritas", "2".to_string()),
            (1, "Tim Kerja", "2".to_string()),
            (5, "Rekapitulasi LHKPN dan LHKASN", "2,3".to_string()),
        ]
    );
}

fn zip_with(path: &Path, entries: &[(&str, Vec<u8>)], method: zip::CompressionMethod) {
    let f = std::fs::File::create(path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    for (name, bytes) in entries {
        z.start_file(
            *name,
            zip::write::SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn hostile_files_are_refused_before_they_are_unpacked() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    // A zip bomb: 60 MB of zeros in a few kilobytes.
    let bomb = dir.path().join("bom.xlsx");
    zip_with(
        &bomb,
        &[("xl/worksheets/sheet1.xml", vec![0u8; 60 << 20])],
        zip::CompressionMethod::Deflated,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 1 << 20);
    let err = ws
        .import_plan_sheet(&a, &bomb, Some(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("bom zip"), "{err}");
    // A file larger than any table, refused before it is read whole.
    let big = dir.path().join("besar.xlsx");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(crate::sheet::Limits::DEFAULT.xlsx_bytes + 1)
        .unwrap();
    let err = ws
        .import_plan_sheet(&a, &big, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("terlalu besar") && err.contains("batas 32 MB"),
        "{err}"
    );
    // Not a zip at all.
    let junk = write(dir.path(), "palsu.xlsx", "bukan zip");
    let err = ws
        .import_plan_sheet(&a, &junk, Some(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("bukan berkas XLSX"), "{err}");
    // A CSV that is not UTF-8.
    let latin = dir.path().join("latin.csv");
    std::fs::write(&latin, b"PROGRAM;IMPLEMENTASI\n\xe9t\xe9;x\n").unwrap();
    let err = ws
        .import_plan_sheet(&a, &latin, Some(1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("bukan teks UTF-8"), "{err}");
    // A cell longer than any plan field.
    let long = format!("{HEAD}1.;P;{};T;✓;;;;;;;;;;;\n", "k".repeat(MAX_TEXT + 1));
    let path = write(dir.path(), "panjang.csv", &long);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 3, kolom IMPLEMENTASI PROGRAM: sel berisi 4001 karakter"),
        "{err}"
    );
    assert!(!ws.plan(&a).unwrap().started);
}

/// A cell of a hand-written sheet: text, or `=…` for a formula whose result
/// the file does not carry.
fn c(at: &str, text: &str) -> String {
    match text.strip_prefix('=') {
        Some(f) => format!(r#"<c r="{at}"><f>{f}</f></c>"#),
        None => format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#),
    }
}

/// Row `r` of a hand-written sheet.
fn r(n: u32, cells: &[(&str, &str)], hidden: bool) -> String {
    let hide = if hidden { r#" hidden="1""# } else { "" };
    let cells: String = cells
        .iter()
        .map(|(col, t)| c(&format!("{col}{n}"), t))
        .collect();
    format!(r#"<row r="{n}"{hide}>{cells}</row>"#)
}

/// The month columns E … P.
const MONTH_COLS: [&str; 12] = ["E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P"];

/// Row 1: NO, PROGRAM, IMPLEMENTASI PROGRAM, TARGET, JAN … DES in E … P.
fn header_row() -> String {
    let mut cells = vec![
        ("A", "NO"),
        ("B", "PROGRAM"),
        ("C", "IMPLEMENTASI PROGRAM"),
        ("D", "TARGET"),
    ];
    cells.extend(MONTH_COLS.iter().copied().zip(SHORT));
    r(1, &cells, false)
}

fn sheet_body(rows: &[String], merges: &[&str]) -> String {
    let merged = if merges.is_empty() {
        String::new()
    } else {
        let m: String = merges
            .iter()
            .map(|m| format!(r#"<mergeCell ref="{m}"/>"#))
            .collect();
        format!(r#"<mergeCells count="{}">{m}</mergeCells>"#, merges.len())
    };
    format!("<sheetData>{}</sheetData>{merged}", rows.concat())
}

/// A one-sheet `.xlsx` of `body` in `dir`.
fn xlsx(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, daduk_sheet::build::one_sheet(body, &[], &[])).unwrap();
    path
}

fn months_of(ws: &Workspace, a: &Assessment) -> Vec<(String, String)> {
    ws.plan(a)
        .unwrap()
        .activities
        .iter()
        .map(|x| (x.activity.clone(), x.months.to_numbers()))
        .collect()
}

#[test]
fn a_tick_in_a_merged_cell_counts_for_every_month_it_covers() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let body = sheet_body(
        &[
            header_row(),
            r(
                2,
                &[
                    ("A", "1."),
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("E", "✓"),
                ],
                false,
            ),
            r(
                3,
                &[
                    ("B", "Sosialisasi"),
                    ("C", "Sosialisasi ke jajaran"),
                    ("H", "✓"),
                ],
                false,
            ),
            r(4, &[("C", "Evaluasi sosialisasi"), ("K", "x")], false),
        ],
        // JAN–MAR across, APR down over two activities.
        &["E2:G2", "H3:H4"],
    );
    let path = xlsx(dir.path(), "gabung.xlsx", &body);
    ws.import_plan_sheet(&a, &path, Some(1)).unwrap();
    assert_eq!(
        months_of(&ws, &a),
        [
            ("Pakta integritas".to_string(), "1-3".to_string()),
            ("Sosialisasi ke jajaran".into(), "4".into()),
            ("Evaluasi sosialisasi".into(), "4,7".into()),
        ]
    );
}

#[test]
fn a_formula_tick_without_its_result_is_refused_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let body = sheet_body(
        &[
            header_row(),
            r(
                2,
                &[
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("E", "✓"),
                ],
                false,
            ),
            r(3, &[("C", "Tim Kerja"), ("F", "=IF(1,\"✓\",\"\")")], false),
        ],
        &[],
    );
    let path = xlsx(dir.path(), "rumus.xlsx", &body);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 3, kolom FEB: sel berisi rumus yang hasilnya tidak tersimpan"),
        "{err}"
    );
    assert!(!ws.plan(&a).unwrap().started, "nothing written");
}

#[test]
fn hidden_sheets_and_rows_are_not_imported_and_the_result_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let visible = sheet_body(
        &[
            header_row(),
            r(
                2,
                &[
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("F", "✓"),
                ],
                false,
            ),
            r(3, &[("C", "Kegiatan yang dibatalkan"), ("G", "✓")], true),
            r(4, &[("C", "Tim Kerja"), ("F", "✓")], false),
        ],
        &[],
    );
    let old = sheet_body(
        &[
            header_row(),
            r(
                2,
                &[
                    ("B", "Program tahun lalu"),
                    ("C", "Kegiatan lama"),
                    ("E", "✓"),
                ],
                false,
            ),
        ],
        &[],
    );
    let bytes = daduk_sheet::build::tiny_xlsx(
        &[
            daduk_sheet::build::Part {
                name: "Target 2025",
                body: &old,
                hidden: true,
            },
            daduk_sheet::build::Part {
                name: "Target",
                body: &visible,
                hidden: false,
            },
        ],
        &[],
        &[],
    );
    let path = dir.path().join("tersembunyi.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let r = ws.import_plan_sheet(&a, &path, Some(1)).unwrap();
    assert_eq!(
        months_of(&ws, &a),
        [
            ("Pakta integritas".to_string(), "2".to_string()),
            ("Tim Kerja".into(), "2".into()),
        ]
    );
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
    assert!(
        r.warnings[0].contains("lembar 'Target 2025' tersembunyi dan tidak dibaca"),
        "{:?}",
        r.warnings
    );
    assert!(
        r.warnings[1].contains("lembar 'Target': 1 baris tersembunyi tidak dibaca (baris 3)"),
        "{:?}",
        r.warnings
    );
}

#[test]
fn extra_month_columns_are_named_never_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    // A second January with a tick in it: refused, the column named.
    let mut header = header_row();
    header = header.replace("</row>", &format!("{}</row>", c("Q1", "JAN 2025")));
    let body = sheet_body(
        &[
            header,
            r(
                2,
                &[
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("F", "✓"),
                    ("Q", "✓"),
                ],
                false,
            ),
        ],
        &[],
    );
    let path = xlsx(dir.path(), "dua-tahun.xlsx", &body);
    let err = ws
        .import_plan_sheet(&a, &path, Some(1))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("baris 1, kolom Q ('JAN 2025'): kolom ini juga menyebut bulan"),
        "{err}"
    );
    assert!(!ws.plan(&a).unwrap().started);
    // A REALISASI block beside the plan's months: read without it, and said.
    let titles = |n: u32| {
        let mut cells: Vec<(String, String)> = MONTH_COLS
            .iter()
            .zip(SHORT)
            .map(|(c, m)| ((*c).to_string(), m.to_string()))
            .collect();
        for (i, m) in SHORT.iter().enumerate() {
            let col = daduk_sheet::layout::plan::column_letters(16 + i);
            cells.push((col, m.to_string()));
        }
        let cells: Vec<(&str, &str)> = cells
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        r(n, &cells, false)
    };
    let body = sheet_body(
        &[
            r(
                1,
                &[
                    ("A", "NO"),
                    ("B", "PROGRAM"),
                    ("C", "IMPLEMENTASI PROGRAM"),
                    ("D", "TARGET"),
                    ("E", "TARGET WAKTU PELAKSANAAN"),
                    ("Q", "REALISASI"),
                ],
                false,
            ),
            titles(2),
            r(
                3,
                &[
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("F", "✓"),
                    ("R", "✓"),
                    ("S", "✓"),
                ],
                false,
            ),
        ],
        &["E1:P1", "Q1:AB1"],
    );
    let path = xlsx(dir.path(), "realisasi.xlsx", &body);
    let r = ws.import_plan_sheet(&a, &path, Some(1)).unwrap();
    assert_eq!(
        months_of(&ws, &a),
        [("Pakta integritas".to_string(), "2".to_string())]
    );
    assert!(
        r.warnings
            .iter()
            .any(|w| w.contains("kolom realisasi") && w.contains("tidak dibaca")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn a_cell_far_away_is_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let body = sheet_body(
        &[
            header_row(),
            r(
                2,
                &[
                    ("B", "Pencanangan ZI"),
                    ("C", "Pakta integritas"),
                    ("F", "✓"),
                ],
                false,
            ),
            r(1_048_576, &[("XFD", "catatan")], false),
        ],
        &[],
    );
    let path = xlsx(dir.path(), "jauh.xlsx", &body);
    let start = std::time::Instant::now();
    ws.import_plan_sheet(&a, &path, Some(1)).unwrap();
    assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    assert_eq!(
        months_of(&ws, &a),
        [("Pakta integritas".to_string(), "2".to_string())]
    );
}
