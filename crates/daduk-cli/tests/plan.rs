//! `daduk plan`: a team rebuilds the seed's plan of Dinas Kesehatan
//! Kabupaten Buleleng (import and by hand), records a year of progress,
//! reads the figures for given dates, and prints both documents as PDF and
//! DOCX; bad input is refused with the row or field named and nothing
//! written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Ws;
use serde_json::Value;

const UY: [&str; 4] = ["--unit", "DINKES-BLL", "--year", "2023"];

fn a<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed_sheet() -> PathBuf {
    repo().join("tests/fixtures/target-prioritas-dinkes-buleleng-2023.csv")
}

fn tool(name: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed (Debian poppler-utils, libreoffice-writer-nogui; `cargo xtask test` installs them): {e}")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn dinkes() -> Ws {
    let ws = Ws::new();
    ws.ok(&[
        "unit",
        "add",
        "DINKES-BLL",
        "--name",
        "Dinas Kesehatan Kabupaten Buleleng",
        "--instansi",
        "Pemerintah Kabupaten Buleleng",
        "--kepala",
        "dr. Sucipto, S.Ked.MAP",
        "--kepala-nip",
        "197001162003121005",
    ]);
    ws.ok(&a(&["assessment", "new"], &[]));
    ws
}

fn show(ws: &Ws, date: &str) -> Value {
    ws.json(&a(&["plan", "show"], &["--json", "--date", date]))
}

/// The id of the activity whose text starts with `text`.
fn id_of(view: &Value, text: &str) -> String {
    view["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["activity"].as_str().unwrap().starts_with(text))
        .unwrap_or_else(|| panic!("no activity '{text}'"))["id"]
        .to_string()
}

#[test]
fn a_year_of_the_seeds_plan_from_import_to_signed_documents() {
    let ws = dinkes();
    let before = show(&ws, "2023-03-01");
    assert_eq!(before["summary"]["activities"], 0);
    assert_eq!(before["started"], false);

    // The seed's Target Prioritas, as the team keeps it in Excel (CSV).
    let out = ws.ok(&a(&["plan", "import"], &[seed_sheet().to_str().unwrap()]));
    assert!(out.contains("49 kegiatan dibaca: 49 ditambah"), "{out}");
    // Importing it again changes nothing.
    let again = ws.json(&a(
        &["plan", "import"],
        &[seed_sheet().to_str().unwrap(), "--json"],
    ));
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(49))
    );
    // One more by hand, with the items it serves and its output.
    let added = ws.json(&a(
        &["plan", "activity", "add"],
        &[
            "--area",
            "1",
            "--program",
            "Monitoring dan evaluasi ZI",
            "--activity",
            "Rapat monev rencana aksi bersama pimpinan",
            "--months",
            "3,6,9,12",
            "--item",
            "P.1.iii.a",
            "--item",
            "P.1.iii.b",
            "--output",
            "notula",
            "--output",
            "Daftar Hadir",
            "--pic",
            "Ketua Tim Kerja ZI",
            "--target",
            "Rencana aksi terpantau tiap triwulan",
            "--json",
        ],
    ));
    assert_eq!(
        added["items"],
        serde_json::json!(["P.1.iii.a", "P.1.iii.b"])
    );
    assert_eq!(
        added["outputs"],
        serde_json::json!(["notula", "daftar_hadir"])
    );
    let monev = added["id"].to_string();
    ws.ok(&a(
        &["plan", "item"],
        &[
            "P.1.i.a",
            "--months",
            "1-2",
            "--pic",
            "Sekretaris Dinas",
            "--note",
            "SK ditetapkan Januari",
        ],
    ));

    // A file already attached proves a month's work.
    let notula = ws.file("notula-monev-tw1.pdf", "%PDF notula rapat monev triwulan I");
    ws.ok(&a(
        &["evidence", "add"],
        &["P.1.iii.b", notula.to_str().unwrap(), "--kind", "notula"],
    ));
    let ev = ws.json(&a(&["evidence", "list"], &["--json"]))[0]["id"].to_string();

    let view = show(&ws, "2023-03-01");
    let pakta = id_of(&view, "Penandatanganan pakta");
    let tim = id_of(&view, "Pembentukan Tim Kerja");
    let rencana = id_of(&view, "Penyusunan dan penetapan rencana aksi");
    let pasti = id_of(&view, "Penerapan tata nilai PASTI");
    let eperf = id_of(&view, "Pengukuran Kinerja Satker");
    let lhkpn = id_of(&view, "Rekapitulasi penyampaian LHKPN");
    let spip = id_of(&view, "Membentuk Tim SPIP");
    let survey = id_of(&view, "Melakukan survey secara berkala");

    // A year of progress.
    let record = |id: &str, month: u8, status: &str, extra: &[&str]| {
        let m = month.to_string();
        let mut args = a(
            &["plan", "progress"],
            &[id, "--month", &m, "--status", status],
        );
        args.extend_from_slice(extra);
        ws.ok(&args);
    };
    for id in [&pakta, &tim, &rencana] {
        record(id, 2, "selesai", &[]);
    }
    for m in 2..=12 {
        if m == 6 {
            record(
                &pasti,
                6,
                "sebagian",
                &[
                    "--percent",
                    "60",
                    "--kendala",
                    "Pimpinan dinas luar dua pekan",
                    "--solusi",
                    "Diwakili Sekretaris",
                    "--rekomendasi",
                    "Jadwalkan ulang pada Juli",
                ],
            );
        } else {
            record(&pasti, m, "selesai", &[]);
        }
    }
    for m in [1, 2, 3, 7, 10, 12] {
        record(&eperf, m, "selesai", &[]);
    }
    record(&lhkpn, 2, "selesai", &[]);
    record(
        &lhkpn,
        3,
        "selesai",
        &[
            "--note",
            "Seluruh pejabat wajib lapor telah menyampaikan LHKPN",
        ],
    );
    for m in [3, 7, 12] {
        record(&spip, m, "selesai", &[]);
    }
    record(
        &spip,
        10,
        "belum",
        &[
            "--kendala",
            "Anggota tim SPIP mutasi",
            "--solusi",
            "SK tim diperbarui",
        ],
    );
    for m in 3..=12 {
        record(&survey, m, "selesai", &[]);
    }
    record(
        &monev,
        3,
        "selesai",
        &[
            "--evidence",
            &ev,
            "--note",
            "Rapat monev triwulan I dipimpin Kepala Dinas",
        ],
    );

    // Month boundary: on 28 February only January is over.
    let feb = show(&ws, "2023-02-28")["summary"].clone();
    // Due: the four e-Performance activities (Jan) and the eight of area 4
    // (Jan–Dec); done: e-Performance's pengukuran (Jan selesai).
    assert_eq!(
        (feb["due"].as_u64(), feb["done"].as_u64()),
        (Some(12), Some(1))
    );
    // On 1 March February counts: + Pencanangan (3), Budaya kerja (2),
    // Sosialisasi (4), LHKPN (1) = 22 due; done: pakta, tim, rencana, PASTI,
    // pengukuran, LHKPN = 6.
    let mar = show(&ws, "2023-03-01")["summary"].clone();
    assert_eq!(
        (mar["due"].as_u64(), mar["done"].as_u64()),
        (Some(22), Some(6))
    );
    let pct = mar["on_schedule_pct"].as_f64().unwrap();
    assert!((pct - 600.0 / 22.0).abs() < 1e-9, "{pct}");
    assert_eq!(mar["suggested_answer"]["item"], "P.1.iii.a");
    assert_eq!(mar["suggested_answer"]["answer"], "c");
    assert!(
        mar["suggested_answer"]["reason"]
            .as_str()
            .unwrap()
            .contains("6 dari 22")
    );
    // At the year's end all 50 are due; done: pakta, tim, rencana,
    // pengukuran, LHKPN, survey = 6 (PASTI's June and SPIP's October are
    // late; the monev meeting has only March).
    let year = show(&ws, "2024-01-01");
    let s = &year["summary"];
    assert_eq!((s["due"].as_u64(), s["done"].as_u64()), (Some(50), Some(6)));
    assert_eq!(s["suggested_answer"]["answer"], "c");
    let late_months = |id: &str| {
        s["overdue"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["activity"].as_i64() == id.parse().ok())
            .map(|o| o["months"].clone())
    };
    assert_eq!(late_months(&pasti), Some(serde_json::json!([6])));
    assert_eq!(late_months(&spip), Some(serde_json::json!([10])));
    assert_eq!(late_months(&monev), Some(serde_json::json!([6, 9, 12])));
    assert_eq!(late_months(&lhkpn), None);
    // The contract: items with code, months, pic; activities with id, area,
    // program, activity, months, items, pic and progress by month.
    let item = &year["items"][0];
    assert_eq!(
        (
            item["code"].as_str(),
            item["months"].clone(),
            item["pic"].as_str()
        ),
        (
            Some("P.1.i.a"),
            serde_json::json!([1, 2]),
            Some("Sekretaris Dinas")
        )
    );
    let m = year["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"].as_i64() == monev.parse().ok())
        .unwrap();
    for key in [
        "id", "area", "program", "activity", "months", "items", "pic", "progress",
    ] {
        assert!(!m[key].is_null(), "{key}");
    }
    assert_eq!(m["progress"][0]["month"], 3);
    assert_eq!(
        m["progress"][0]["evidence"][0]["file_name"],
        "notula-monev-tw1.pdf"
    );

    let text = ws.ok(&a(&["plan", "show"], &["--date", "2023-07-15"]));
    for want in [
        "Rencana aksi DINKES-BLL 2023 — keadaan per 15 Juli 2023",
        "Saran jawaban P.1.iii.a:",
        "Bulan ini:",
        "Terlambat:",
        "TERLAMBAT",
    ] {
        assert!(text.contains(want), "{want} in:\n{text}");
    }

    // The documents, as PDF and as Word.
    let dir = ws.path().join("dokumen");
    fs::create_dir_all(&dir).unwrap();
    let docs: Vec<(Vec<&str>, &str)> = vec![
        (vec!["plan", "document"], "rencana-aksi"),
        (vec!["plan", "report", "--quarter", "2"], "monev-tw2"),
    ];
    for (cmd, name) in &docs {
        for ext in ["pdf", "docx"] {
            let out = dir.join(format!("{name}.{ext}"));
            let s = ws.json(&a(
                cmd,
                &[
                    "--out",
                    out.to_str().unwrap(),
                    "--date",
                    "2023-07-05",
                    "--place",
                    "Singaraja",
                    "--json",
                ],
            ));
            assert_eq!(s["activities"], 50);
        }
    }
    // Not over an existing file without --force.
    let out = dir.join("rencana-aksi.pdf");
    let err = ws.fails(
        2,
        &a(&["plan", "document"], &["--out", out.to_str().unwrap()]),
    );
    assert!(err.contains("--force"), "{err}");
    ws.ok(&a(
        &["plan", "document"],
        &[
            "--out",
            out.to_str().unwrap(),
            "--force",
            "--date",
            "2023-07-05",
            "--place",
            "Singaraja",
        ],
    ));

    // Every PDF page renders; the people who sign them look at these.
    let artifacts = repo().join("artifacts/plan");
    fs::create_dir_all(&artifacts).unwrap();
    for (_, name) in &docs {
        let pdf = dir.join(format!("{name}.pdf"));
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "70",
                pdf.to_str().unwrap(),
                artifacts.join(name).to_str().unwrap(),
            ],
        );
    }
    // The DOCX opens in LibreOffice and says what the PDF says: converted
    // to PDF (pages to look at) and to text (what it says).
    let profile = format!("file://{}", ws.path().join("lo-profile").display());
    let lo_out = ws.path().join("lo");
    let docx: Vec<String> = docs
        .iter()
        .map(|(_, n)| dir.join(format!("{n}.docx")).display().to_string())
        .collect();
    for format in ["pdf", "txt:Text (encoded):UTF8"] {
        let mut lo_args = vec![
            format!("-env:UserInstallation={profile}"),
            "--headless".into(),
            "--convert-to".into(),
            format.into(),
            "--outdir".into(),
            lo_out.display().to_string(),
        ];
        lo_args.extend(docx.iter().cloned());
        let lo_args: Vec<&str> = lo_args.iter().map(String::as_str).collect();
        tool("soffice", &lo_args);
    }
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for (_, name) in &docs {
        let from_pdf = words(
            &String::from_utf8(
                tool(
                    "pdftotext",
                    &[dir.join(format!("{name}.pdf")).to_str().unwrap(), "-"],
                )
                .stdout,
            )
            .unwrap(),
        );
        let lo_pdf = lo_out.join(format!("{name}.pdf"));
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "50",
                "-f",
                "1",
                "-l",
                "2",
                lo_pdf.to_str().unwrap(),
                artifacts.join(format!("{name}-docx")).to_str().unwrap(),
            ],
        );
        let from_docx = words(&fs::read_to_string(lo_out.join(format!("{name}.txt"))).unwrap());
        let mut want = vec![
            "Ditetapkan di : Singaraja",
            "Pada tanggal : 5 Juli 2023",
            "Kepala Dinas Kesehatan Kabupaten Buleleng,",
            "dr. Sucipto, S.Ked.MAP",
            "NIP. 19700116 200312 1 005",
            "Rapat monev rencana aksi bersama pimpinan",
            "INDIGO",
        ];
        if *name == "rencana-aksi" {
            want.extend([
                "RENCANA AKSI DAN TARGET PRIORITAS",
                "TARGET WAKTU PELAKSANAAN",
                "Sekretaris Dinas",
                "P.6.v.c",
            ]);
        } else {
            want.extend([
                "LAPORAN MONITORING DAN EVALUASI",
                "TRIWULAN II TAHUN 2023",
                "Pimpinan dinas luar dua pekan",
                "Jadwalkan ulang pada Juli",
                "Saran jawaban butir P.1.iii.a",
            ]);
        }
        for w in want {
            assert!(from_pdf.contains(w), "{name}.pdf lacks '{w}'");
            assert!(
                from_docx.contains(w),
                "{name}.docx (LibreOffice) lacks '{w}'"
            );
        }
    }
    // The audit log has the plan's story.
    let log = ws.json(&a(&["log"], &["--json"]));
    let entities: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["entity"].as_str().unwrap())
        .collect();
    for e in ["plan", "plan_activity", "plan_item", "plan_progress"] {
        assert!(entities.contains(&e), "{e} in the log");
    }
}

#[test]
fn bad_input_is_refused_naming_the_row_or_field_and_nothing_is_written() {
    let ws = dinkes();
    ws.ok(&a(&["plan", "import"], &[seed_sheet().to_str().unwrap()]));
    let before = show(&ws, "2023-07-01");
    let log_len = |ws: &Ws| ws.json(&a(&["log"], &["--json"])).as_array().unwrap().len();
    let logged = log_len(&ws);
    let id = before["activities"][0]["id"].to_string();

    let x_pdf = ws.path().join("x.pdf");
    let bad_sheet = ws.file(
        "rusak.csv",
        "NO;PROGRAM;IMPLEMENTASI PROGRAM;TARGET;JAN;FEB;MAR;APR;MEI;JUN;JUL;AGS;SEP;OKT;NOV;DES\n\
         1.;Program baru;Kegiatan baru;T;✓;;;;;;;;;;;\n\
         2.;Program lain;Kegiatan lain;T;;ok;;;;;;;;;;\n",
    );
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            a(&["plan", "item"], &["P.1.i.a", "--months", "13"]),
            "--months: bulan 13 tidak sah",
        ),
        (
            a(&["plan", "item"], &["P.1.i.z", "--pic", "X"]),
            "butir 'P.1.i.z' tidak ditemukan",
        ),
        (
            a(
                &["plan", "activity", "add"],
                &[
                    "--area",
                    "1",
                    "--program",
                    "P",
                    "--activity",
                    "K",
                    "--months",
                    "",
                ],
            ),
            "tanpa bulan pelaksanaan",
        ),
        (
            a(
                &["plan", "activity", "add"],
                &["--area", "1", "--program", "P", "--activity", "K"],
            ),
            "kegiatan baru perlu --months",
        ),
        (
            a(
                &["plan", "activity", "add"],
                &[
                    "--area",
                    "1",
                    "--program",
                    "P",
                    "--activity",
                    "K",
                    "--months",
                    "1",
                    "--item",
                    "P.1.i.z",
                ],
            ),
            "butir 'P.1.i.z' tidak ditemukan",
        ),
        (
            a(
                &["plan", "activity", "add"],
                &[
                    "--area",
                    "9",
                    "--program",
                    "P",
                    "--activity",
                    "K",
                    "--months",
                    "1",
                ],
            ),
            "area 9 tidak ada",
        ),
        (
            a(
                &["plan", "progress"],
                &[&id, "--month", "13", "--status", "selesai"],
            ),
            "bulan 13 tidak sah",
        ),
        (
            a(
                &["plan", "progress"],
                &[&id, "--month", "5", "--status", "selesai"],
            ),
            "tidak direncanakan pada bulan Mei",
        ),
        (
            a(
                &["plan", "progress"],
                &[&id, "--month", "2", "--status", "hampir"],
            ),
            "status realisasi 'hampir' tidak dikenal",
        ),
        (
            a(
                &["plan", "progress"],
                &[
                    &id,
                    "--month",
                    "2",
                    "--status",
                    "selesai",
                    "--evidence",
                    "999",
                ],
            ),
            "data dukung '#999",
        ),
        (
            a(
                &["plan", "import"],
                &[bad_sheet.to_str().unwrap(), "--area", "2"],
            ),
            "lembar 'rusak' baris 3, kolom FEB: nilai 'ok' bukan tanda",
        ),
        (
            a(
                &["plan", "report"],
                &["--quarter", "5", "--out", x_pdf.to_str().unwrap()],
            ),
            "triwulan 5 tidak ada",
        ),
        (
            a(&["plan", "show"], &["--date", "1 Juli"]),
            "tanggal '1 Juli' tidak sah",
        ),
    ];
    for (args, why) in cases {
        let err = ws.fails(2, &args);
        assert!(
            err.contains(why),
            "daduk {args:?}: expected '{why}' in:\n{err}"
        );
    }
    assert_eq!(show(&ws, "2023-07-01"), before, "nothing changed");
    assert_eq!(log_len(&ws), logged, "nothing logged");
    assert!(!x_pdf.exists());
}

#[test]
fn a_kendala_alone_is_recorded_as_belum_dicatat_and_the_month_is_not_done() {
    use common::args;
    let ws = Ws::new().with_assessment();
    ws.ok(&args(
        &["plan", "activity", "add"],
        &[
            "--area",
            "1",
            "--program",
            "Monev",
            "--activity",
            "Rapat monev",
            "--months",
            "3",
        ],
    ));
    let out = ws.ok(&args(
        &["plan", "progress"],
        &[
            "1",
            "--month",
            "3",
            "--status",
            "belum-dicatat",
            "--kendala",
            "Narasumber berhalangan",
        ],
    ));
    assert!(
        out.contains("Belum dicatat (realisasi belum dicatat; bulan ini tidak dihitung selesai)"),
        "{out}"
    );
    // Dates as people write them; March is over and not done.
    let view = ws.json(&args(
        &["plan", "show"],
        &["--date", "15/07/2024", "--json"],
    ));
    assert_eq!(
        (
            view["summary"]["due"].as_u64(),
            view["summary"]["done"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(
        view["activities"][0]["progress"][0]["status"],
        "belum_dicatat"
    );
    // A record with nothing in it is not one.
    let err = ws.fails(
        2,
        &args(
            &["plan", "progress"],
            &[
                "1",
                "--month",
                "3",
                "--status",
                "belum-dicatat",
                "--kendala",
                "",
            ],
        ),
    );
    assert!(err.contains("Maret kosong"), "{err}");
}
