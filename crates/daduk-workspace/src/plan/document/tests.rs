//! The two documents from the seed's plan: the same content in PDF and
//! DOCX, ticks and Lengkap marks from the data, signed by the Kepala.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;

use super::*;
use crate::code::ItemCode;
use crate::plan::{NewActivity, ProgressEntry, RealisationStatus};
use crate::store::{NewUnit, Target, Workspace};

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

/// Dinas Kesehatan Kabupaten Buleleng's Target Prioritas (seed 003),
/// with a half year of realisation and some data dukung.
pub(crate) fn buleleng(dir: &Path) -> (Workspace, Assessment) {
    let ws = Workspace::create(&dir.join("ws"), "tim zi").unwrap();
    ws.add_unit(&NewUnit {
        code: "DINKES-BLL".into(),
        name: "Dinas Kesehatan Kabupaten Buleleng".into(),
        instansi: "Pemerintah Kabupaten Buleleng".into(),
        kepala_name: "dr. Sucipto, S.Ked.MAP".into(),
        kepala_nip: "19700116 200312 1 005".into(),
        target: Target::Wbk,
        ..NewUnit::default()
    })
    .unwrap();
    let a = ws.new_assessment("DINKES-BLL", 2023, None).unwrap();
    let rows: &[(u8, &str, &str, &str, &str)] = &[
        (
            1,
            "Pencanangan Zona Integritas",
            "Penandatanganan pakta integritas",
            "Meningkatnya komitmen seluruh jajaran pimpinan dan pegawai unit kerja dalam membangun Zona Integritas menuju WBK/WBBM",
            "2",
        ),
        (
            1,
            "Pencanangan Zona Integritas",
            "Pembentukan Tim Kerja ZI",
            "Meningkatnya komitmen seluruh jajaran pimpinan dan pegawai unit kerja dalam membangun Zona Integritas menuju WBK/WBBM",
            "2",
        ),
        (
            1,
            "Budaya kerja dan pola pikir telah dibangun di lingkungan organisasi",
            "Penerapan tata nilai PASTI oleh pimpinan melalui sosialisasi, bimtek dan diklat",
            "Terjadinya perubahan pola pikir dan budaya kerja",
            "2-12",
        ),
        (
            1,
            "Sosialisasi pembangunan Zona Integritas menuju WBK/WBBM",
            "Sosialisasi oleh Kasatker kepada seluruh jajarannya",
            "Menurunnya resiko kegagalan yang disebabkan resistensi terhadap perubahan",
            "2-12",
        ),
        (
            2,
            "Sistem pengukuran kinerja, kepegawaian, dan pelayanan publik berbasis sistem informasi",
            "Monitoring dan evaluasi terhadap pemanfaatan teknologi informasi",
            "Meningkatnya penggunaan teknologi informasi",
            "1-3,7,10,12",
        ),
        (
            3,
            "Upaya pengembangan kompetensi kepada pegawai",
            "Penyusunan TNA",
            "Meningkatnya profesionalisme SDM",
            "3-12",
        ),
        (
            4,
            "Melibatkan pimpinan saat penyusunan penetapan rencana kerja",
            "Menyusun RKT tahunan",
            "Meningkatnya kinerja",
            "1-12",
        ),
        (
            5,
            "Penyampaian LHKPN dan LHKASN",
            "Rekapitulasi penyampaian LHKPN dan LHKASN",
            "Meningkatnya kepatuhan terhadap pengelolaan keuangan negara",
            "2,3",
        ),
        (
            5,
            "Membangun lingkungan pengendalian",
            "Membentuk Tim SPIP",
            "Meningkatkan efektivitas pengelolaan keuangan negara",
            "3,7,10,12",
        ),
        (
            6,
            "Melakukan survey kepuasan masyarakat terhadap pelayanan",
            "Melakukan survey secara berkala",
            "Meningkatnya indeks kepuasan masyarakat",
            "3-12",
        ),
        (6, "Inovasi Pelayanan", "INTUISI", "", "3-12"),
    ];
    let mut ids = Vec::new();
    for (area, program, activity, target, months) in rows {
        let x = ws
            .add_activity(
                &a,
                &NewActivity {
                    area: *area,
                    program: (*program).into(),
                    activity: (*activity).into(),
                    target: (*target).into(),
                    months: months.parse().unwrap(),
                    pic: format!("Pokja area {area}"),
                    outputs: vec!["laporan".into()],
                    items: vec![],
                },
            )
            .unwrap();
        ids.push(x);
    }
    let f = dir.join("notula-monev.pdf");
    std::fs::write(&f, b"%PDF notula monev triwulan I").unwrap();
    let (e, _) = ws
        .add_evidence_file(
            &a,
            code("P.1.iii.b"),
            &f,
            Some("notula"),
            Some("Notula monev triwulan I"),
            None,
        )
        .unwrap();
    let sk = dir.join("sk-tim.pdf");
    std::fs::write(&sk, b"%PDF sk tim").unwrap();
    ws.add_evidence_file(&a, code("P.1.i.a"), &sk, Some("sk"), None, None)
        .unwrap();
    let record = |i: usize, month: u8, status, percent, kendala: &str| {
        ws.record_progress(
            &a,
            ids[i].id,
            &ProgressEntry {
                month,
                status,
                percent,
                note: None,
                kendala: (!kendala.is_empty()).then(|| kendala.to_string()),
                solusi: (!kendala.is_empty()).then(|| "Dijadwalkan ulang".to_string()),
                rekomendasi: (!kendala.is_empty())
                    .then(|| "Tetapkan jadwal tetap tiap bulan".to_string()),
                evidence: (i == 4).then(|| vec![e.id]),
            },
        )
        .unwrap();
    };
    use RealisationStatus::{Belum, Sebagian, Selesai};
    record(0, 2, Selesai, None, "");
    record(1, 2, Selesai, None, "");
    record(2, 2, Selesai, None, "");
    record(2, 3, Sebagian, Some(60), "Pimpinan dinas luar");
    record(3, 2, Selesai, None, "");
    record(3, 3, Selesai, None, "");
    record(4, 1, Selesai, None, "");
    record(4, 2, Selesai, None, "");
    record(4, 3, Belum, None, "Aplikasi SIMPEG gangguan");
    record(7, 2, Selesai, None, "");
    record(7, 3, Selesai, None, "");
    (ws, a)
}

fn options() -> DocumentOptions {
    DocumentOptions {
        date: NaiveDate::from_ymd_opt(2023, 4, 10).unwrap(),
        place: "Singaraja".into(),
    }
}

/// The text of a DOCX's body, tags stripped, one paragraph per line.
pub(crate) fn docx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let xml = xml.replace("</w:p>", "\n").replace("<w:br />", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
}

#[test]
fn the_plan_document_carries_items_grid_and_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = buleleng(dir.path());
    let (doc, activities) = build(&ws, &a, DocumentKind::Plan, &options()).unwrap();
    assert_eq!(activities, 11);
    let texts = doc.texts();
    for want in [
        "RENCANA AKSI DAN TARGET PRIORITAS",
        "PEMBANGUNAN ZONA INTEGRITAS MENUJU",
        "WILAYAH BEBAS DARI KORUPSI (WBK)",
        "PADA DINAS KESEHATAN KABUPATEN BULELENG",
        "TAHUN 2023",
        "1. MANAJEMEN PERUBAHAN",
        "Ditetapkan di : Singaraja",
        "Pada tanggal : 10 April 2023",
        "Kepala Dinas Kesehatan Kabupaten Buleleng,",
        "dr. Sucipto, S.Ked.MAP",
        "NIP. 19700116 200312 1 005",
        "a. Penandatanganan pakta integritas",
        "b. Pembentukan Tim Kerja ZI",
    ] {
        assert!(texts.iter().any(|t| t == want), "{want}");
    }
    // P.1.i.a has its SK: Lengkap; P.1.i.b has nothing: Tidak Lengkap.
    let item_row = |c: &str| {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .flat_map(|t| &t.rows)
            .find(|r| r.cells[0].text.starts_with(&format!("{c}\n")))
            .cloned()
            .unwrap()
    };
    let r = item_row("P.1.i.a");
    assert_eq!(
        (r.cells[3].text.as_str(), r.cells[4].text.as_str()),
        ("✓", "")
    );
    assert!(
        r.cells[5]
            .text
            .starts_with("Januari – Maret 2023\nPJ: Pokja Manajemen Perubahan")
    );
    let r = item_row("P.1.i.b");
    assert_eq!(
        (r.cells[3].text.as_str(), r.cells[4].text.as_str()),
        ("", "✓")
    );
    assert_eq!(
        r.cells[4].shade,
        Some(Shade::Late),
        "period over on 10 April"
    );
    // The grid: one row per activity, ticks in its months.
    let grid = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.columns.len() == 17 => Some(t),
            _ => None,
        })
        .next()
        .unwrap();
    // The signed table names each activity's PIC, and fits the page.
    assert_eq!(grid.columns[4].title, "PENANGGUNG JAWAB");
    assert_eq!(grid.rows[0].cells[4].text, "Pokja area 1");
    let width: f32 = grid.columns.iter().map(|c| c.width).sum();
    assert!(
        (width - daduk_doc::engine::canvas::WIDTH).abs() < 0.01,
        "{width} mm"
    );
    let ticks: String = grid.rows[2].cells[5..]
        .iter()
        .map(|c| if c.text == "✓" { 'x' } else { '.' })
        .collect();
    assert_eq!(ticks, ".xxxxxxxxxxx", "Budaya kerja: Februari – Desember");
    assert_eq!(grid.rows[1].cells[1].text, "", "program printed once");

    // PDF and DOCX carry it.
    let pdf = render(&ws, &a, DocumentKind::Plan, DocumentFormat::Pdf, &options()).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert!(pdf.summary.pages.unwrap() > 10, "{:?}", pdf.summary);
    let docx = render(
        &ws,
        &a,
        DocumentKind::Plan,
        DocumentFormat::Docx,
        &options(),
    )
    .unwrap();
    let text = docx_text(&docx.bytes);
    for want in [
        "RENCANA AKSI DAN TARGET PRIORITAS",
        "Ditetapkan di : Singaraja",
        "NIP. 19700116 200312 1 005",
        "TARGET WAKTU PELAKSANAAN",
        "PENANGGUNG JAWAB",
        "Pokja area 6",
        "Penyusunan TNA",
        "P.6.v.c",
    ] {
        assert!(text.contains(want), "{want} in the DOCX");
    }
    let mut xml = String::new();
    zip::ZipArchive::new(std::io::Cursor::new(&docx.bytes))
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("<w:tblHeader />"),
        "header rows repeat in Word"
    );
}

#[test]
fn the_quarter_report_compares_plan_and_realisation() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = buleleng(dir.path());
    // Printed on 10 April: the figures are as of the end of March.
    let (doc, _) = build(&ws, &a, DocumentKind::Report(1), &options()).unwrap();
    let texts = doc.texts();
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    for want in [
        "LAPORAN MONITORING DAN EVALUASI",
        "TRIWULAN I TAHUN 2023",
        "Pimpinan dinas luar",
        "Aplikasi SIMPEG gangguan",
        "Tetapkan jadwal tetap tiap bulan",
        "Notula monev triwulan I",
        "C. KEGIATAN DAN BUTIR TERLAMBAT PER 1 APRIL 2023",
        "Kepala Dinas Kesehatan Kabupaten Buleleng,",
    ] {
        assert!(has(want), "{want}");
    }
    // Due by 1 April: #1, #2 Feb; #3 Feb, Mar (Mar sebagian: late); #4 Feb,
    // Mar; #5 Jan–Mar (Mar belum: late); #6 Mar (nothing: late); #7 Jan–Mar
    // (nothing: late); #8 Feb, Mar; #9 Mar (late); #10, #11 Mar (late).
    // Done as planned: #1, #2, #4, #8 = 4 of 11.
    assert!(has("4 dari 11 kegiatan"), "{texts:#?}");
    assert!(has("Saran jawaban butir P.1.iii.a: c."), "{texts:#?}");
    // Area 1 in the quarter: #1 Feb, #2 Feb, #3 Feb+Mar, #4 Feb+Mar = 6
    // activity-months, 5 selesai, 1 sebagian.
    let summary = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) if t.columns[0].title == "Area perubahan" => Some(t),
            _ => None,
        })
        .unwrap();
    let row: Vec<&str> = summary.rows[0]
        .cells
        .iter()
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(row, ["1. Manajemen Perubahan", "6", "6", "5", "1", "83%"]);
    let bars = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Bars(b) => Some(b),
            _ => None,
        })
        .unwrap();
    assert_eq!(bars.len(), 6);
    assert!((bars[0].1.unwrap() - 500.0 / 6.0).abs() < 1e-9);

    let pdf = render(
        &ws,
        &a,
        DocumentKind::Report(1),
        DocumentFormat::Pdf,
        &options(),
    )
    .unwrap();
    assert!(pdf.summary.pages.unwrap() >= 2);
    let docx = render(
        &ws,
        &a,
        DocumentKind::Report(1),
        DocumentFormat::Docx,
        &options(),
    )
    .unwrap();
    let text = docx_text(&docx.bytes);
    assert!(text.contains("Aplikasi SIMPEG gangguan") && text.contains("83%"));
    let err = build(&ws, &a, DocumentKind::Report(5), &options()).unwrap_err();
    assert!(err.to_string().contains("triwulan 5 tidak ada"), "{err}");
}

#[test]
fn documents_go_through_the_output_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = buleleng(dir.path());
    let out = dir.path().join("rencana.pdf");
    let s = write(&ws, &a, DocumentKind::Plan, &out, false, &options()).unwrap();
    assert_eq!(s.path, out);
    let err = write(&ws, &a, DocumentKind::Plan, &out, false, &options()).unwrap_err();
    assert!(err.to_string().contains("--force"), "{err}");
    write(&ws, &a, DocumentKind::Plan, &out, true, &options()).unwrap();
    let err = write(
        &ws,
        &a,
        DocumentKind::Plan,
        &dir.path().join("rencana.odt"),
        false,
        &options(),
    )
    .unwrap_err();
    assert!(err.to_string().contains(".pdf atau .docx"), "{err}");
    let err = write(
        &ws,
        &a,
        DocumentKind::Plan,
        &ws.root().join("blobs").join("x.pdf"),
        true,
        &options(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("ruang kerja"), "{err}");
}

#[test]
fn a_month_with_only_a_kendala_is_printed_as_unrecorded_not_done() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = buleleng(dir.path());
    // #6 runs in March and has nothing recorded: a kendala alone now.
    let sixth = ws.plan(&a).unwrap().activities[5].clone();
    assert!(sixth.months.contains(3) && sixth.progress.is_empty());
    ws.record_progress(
        &a,
        sixth.id,
        &ProgressEntry {
            month: 3,
            status: RealisationStatus::BelumDicatat,
            percent: None,
            note: None,
            kendala: Some("Narasumber berhalangan".into()),
            solusi: None,
            rekomendasi: None,
            evidence: None,
        },
    )
    .unwrap();
    let (doc, _) = build(&ws, &a, DocumentKind::Report(1), &options()).unwrap();
    // Still 4 of 11 done as planned: the kendala made nothing done.
    let texts = doc.texts();
    assert!(
        texts.iter().any(|t| t.contains("4 dari 11 kegiatan")),
        "{texts:#?}"
    );
    let row = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .flat_map(|t| &t.rows)
        .find(|r| r.cells.get(1).is_some_and(|c| c.text == sixth.activity))
        .expect("the activity's realisation row");
    let cells: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    // Jan, Feb not planned; Mar over without a realisation; percent unknown.
    assert_eq!(&cells[2..6], ["", "", "?", "?"], "{cells:?}");
    assert_eq!(cells[6], "Narasumber berhalangan");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("? realisasi belum dicatat"))
    );
}
