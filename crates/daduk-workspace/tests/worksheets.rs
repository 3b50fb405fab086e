//! Worksheets in and out in the three layouts: Lampiran III as units fill
//! it, PortalRB's Jawaban sheet, and Daduk's own; the refusals that protect
//! an assessment (another unit's sheet, empty cells, the other role's
//! columns, zip bombs).

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "worksheets/fixtures.rs"]
mod fixtures;
#[path = "worksheets/libreoffice.rs"]
mod libreoffice;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use daduk_workspace::report::build_manifest;
use daduk_workspace::report::worksheet::{
    self, ImportRoles, SheetFormat, SheetImportOptions, WorksheetImport, import_file,
};
use daduk_workspace::{
    AnswerValue, Assessment, Error, ItemCode, NewUnit, Role, Template, Workspace,
};
use fixtures::{Answer, Cell, Lampiran3};

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

/// A workspace with units PKM-1 and PKM-2 and their 2026 assessments.
fn setup(dir: &Path) -> (Workspace, Assessment) {
    let ws = Workspace::create(&dir.join("ws"), "penguji").unwrap();
    for (c, name) in [
        ("PKM-1", "Puskesmas Sukasada I"),
        ("PKM-2", "Puskesmas Sawan II"),
    ] {
        ws.add_unit(&NewUnit {
            code: c.into(),
            name: name.into(),
            ..NewUnit::default()
        })
        .unwrap();
        ws.new_assessment(c, 2026, None).unwrap();
    }
    let a = ws.assessment("PKM-1", 2026).unwrap();
    (ws, a)
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn import(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    options: SheetImportOptions,
) -> daduk_workspace::Result<WorksheetImport> {
    import_file(ws, a, path, &options)
}

fn unit_only() -> SheetImportOptions {
    SheetImportOptions::default()
}

fn rows_of(err: Error) -> daduk_workspace::RowErrors {
    match err {
        Error::Rows(r) => r,
        other => panic!("expected row errors, got: {other}"),
    }
}

#[test]
fn a_lampiran3_worksheet_filled_the_usual_way_imports_and_scores_by_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let (cells, expected) = fixtures::answers_for_all(&t, 0);
    let mut f = Lampiran3 {
        unit: Some("Puskesmas Sukasada I".into()),
        year: Some(2026),
        unit_answers: cells,
        ..Lampiran3::default()
    };
    // The LHKPN total row typed by hand disagrees with its parts.
    if let Some(Answer::Rows(rows)) = f.unit_answers.get_mut(&code("R.5.iii.a")) {
        rows.insert("a".into(), Cell::Number(99.0));
    }
    f.notes
        .insert(code("P.1.i.a"), "SK ditandatangani Januari".into());
    f.evidence.insert(
        code("P.1.i.a"),
        (
            "1. SK Tim Kerja ZI\n2. Notula rapat".into(),
            "https://drive.example/sk\nhttps://drive.example/notula".into(),
            None,
        ),
    );
    f.evidence.insert(
        code("P.2.i.b"),
        (
            String::new(),
            "https://drive.example/sop".into(),
            Some("Folder SOP".into()),
        ),
    );
    let path = save(
        dir.path(),
        "LKE ZI Puskesmas.xlsx",
        &fixtures::lampiran3(&t, &f),
    );
    let r = import(&ws, &a, &path, unit_only()).unwrap();
    assert_eq!(
        (r.format, r.sheet.as_str()),
        (SheetFormat::Lampiran3, "LKE ZI")
    );
    assert_eq!(r.items, 113);
    assert_eq!(r.changed_unit, 113);
    // Every answer is the one meant, whatever its spelling.
    let got = ws.answers(&a, Role::Unit).unwrap();
    assert_eq!(got, expected);
    // The score equals the rules applied to the intended answers.
    let card = ws.score(&a, Role::Unit).unwrap();
    let want = daduk_workspace::score(&t, &expected);
    assert!((card.total - want.total).abs() < 1e-9 && card.total > 0.0);
    // The total row's disagreement is reported with sheet and row.
    let warning = r.warnings.iter().find(|w| w.contains("R.5.iii.a")).unwrap();
    assert!(
        warning.contains("lembar 'LKE ZI' baris") && warning.contains("tertulis 99"),
        "{warning}"
    );
    // Notes and evidence references are kept on the item.
    let records = ws.answer_records(&a).unwrap();
    let note = records.iter().find(|x| x.item == code("P.1.i.a")).unwrap();
    assert_eq!(note.note, "SK ditandatangani Januari");
    let refs: Vec<(String, String)> = ws
        .references(&a, None)
        .unwrap()
        .into_iter()
        .map(|r| (r.reference.text, r.reference.url))
        .collect();
    assert_eq!(
        refs,
        [
            (
                "SK Tim Kerja ZI".to_string(),
                "https://drive.example/sk".to_string()
            ),
            ("Notula rapat".into(), "https://drive.example/notula".into()),
            ("Folder SOP".into(), "https://drive.example/sop".into()),
        ]
    );
    // TPI was not touched (only the unit's columns are read by default).
    assert!(ws.answers(&a, Role::Tpi).unwrap().is_empty());
}

#[test]
fn a_real_lampiran3_numbering_r5iii_as_a_puskesmas_did_is_read_as_a_person_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let (cells, expected) = fixtures::answers_for_all(&t, 2);
    let f = Lampiran3 {
        unit: Some("Puskesmas Sukasada I".into()),
        year: Some(2026),
        unit_answers: cells,
        puskesmas_r5iii: true,
        ..Lampiran3::default()
    };
    let path = save(
        dir.path(),
        "LKE ZI Puskesmas 2021.xlsx",
        &fixtures::lampiran3(&t, &f),
    );
    let r = import(&ws, &a, &path, unit_only()).unwrap();
    assert_eq!(r.format, SheetFormat::Lampiran3);
    assert_eq!(r.items, 113);
    let got = ws.answers(&a, Role::Unit).unwrap();
    for item in ["R.5.iii.a", "R.5.iii.b"] {
        assert_eq!(got.get(&code(item)), expected.get(&code(item)), "{item}");
    }
    assert_eq!(got, expected);
    // Read as the sheet means it: nothing to warn about in R.5.iii.
    assert!(
        !r.warnings.iter().any(|w| w.contains("R.5.iii")),
        "{:?}",
        r.warnings
    );
}

#[test]
fn every_row_that_cannot_be_placed_or_parsed_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let (mut cells, _) = fixtures::answers_for_all(&t, 1);
    cells.insert(code("P.1.i.b"), Answer::One(Cell::text("f")));
    cells.insert(code("H.1.i.a"), Answer::One(Cell::text("lima")));
    if let Some(Answer::Rows(rows)) = cells.get_mut(&code("R.1.i.a")) {
        rows.insert("b".into(), Cell::text("3,5"));
    }
    let f = Lampiran3 {
        unit_answers: cells,
        stray: vec![(
            code("P.3.i.c"),
            "z.".into(),
            "Pertanyaan yang tidak ada di LKE mana pun".into(),
            "a".into(),
        )],
        ..Lampiran3::default()
    };
    let path = save(dir.path(), "salah.xlsx", &fixtures::lampiran3(&t, &f));
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    let rows = rows_of(import(&ws, &a, &path, unit_only()).unwrap_err());
    assert!(
        rows.file.ends_with("salah.xlsx, lembar 'LKE ZI'"),
        "{}",
        rows.file
    );
    let reasons: Vec<String> = rows
        .rows
        .iter()
        .map(|r| format!("{} {} {}", r.line, r.item, r.reason))
        .collect();
    assert_eq!(rows.rows.len(), 4, "{reasons:#?}");
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("P.1.i.b") && r.contains("huruf a sampai c")),
        "{reasons:#?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("H.1.i.a") && r.contains("indeks survei")),
        "{reasons:#?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("R.1.i.a") && r.contains("bilangan bulat")),
        "{reasons:#?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("tidak dapat dipetakan")),
        "{reasons:#?}"
    );
    assert!(rows.rows.iter().all(|r| r.line > 9), "sheet row numbers");
    assert_eq!(
        ws.audit_log(Some(a.id)).unwrap().len(),
        log,
        "nothing written"
    );
    assert!(ws.answers(&a, Role::Unit).unwrap().is_empty());
}

#[test]
fn a_sheet_of_another_unit_or_year_is_refused_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let (cells, _) = fixtures::answers_for_all(&t, 2);
    let other = Lampiran3 {
        unit: Some("Puskesmas Sawan II".into()),
        year: Some(2026),
        unit_answers: cells.clone(),
        ..Lampiran3::default()
    };
    let path = save(dir.path(), "sawan.xlsx", &fixtures::lampiran3(&t, &other));
    let err = import(&ws, &a, &path, unit_only()).unwrap_err().to_string();
    assert!(
        err.contains("unit 'Puskesmas Sawan II'")
            && err.contains("Puskesmas Sukasada I (PKM-1) tahun 2026"),
        "{err}"
    );
    assert!(err.contains("--other-unit"), "{err}");
    assert!(ws.answers(&a, Role::Unit).unwrap().is_empty());
    let last_year = Lampiran3 {
        unit: Some("PKM-1".into()),
        year: Some(2025),
        unit_answers: cells,
        ..Lampiran3::default()
    };
    let path2 = save(
        dir.path(),
        "2025.xlsx",
        &fixtures::lampiran3(&t, &last_year),
    );
    let err = import(&ws, &a, &path2, unit_only())
        .unwrap_err()
        .to_string();
    assert!(err.contains("tahun 2025"), "{err}");
    // Daduk's own export names its unit too.
    let b = ws.assessment("PKM-2", 2026).unwrap();
    let own = dir.path().join("pkm2.xlsx");
    worksheet::export_xlsx(&ws, &b, &own, false).unwrap();
    let err = import(&ws, &a, &own, unit_only()).unwrap_err().to_string();
    assert!(err.contains("(PKM-2)"), "{err}");
    // Allowed explicitly, it goes in.
    let r = import(
        &ws,
        &a,
        &path,
        SheetImportOptions {
            other_unit: true,
            ..unit_only()
        },
    )
    .unwrap();
    assert_eq!(r.changed_unit, 113);
}

#[test]
fn empty_cells_clear_nothing_unless_asked_and_only_the_chosen_role_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let item = code("P.1.i.a");
    ws.set_answer(
        &a,
        Role::Unit,
        item,
        &AnswerValue::YesNo(true),
        Some("catatan unit"),
    )
    .unwrap();
    ws.set_answer(
        &a,
        Role::Tpi,
        item,
        &AnswerValue::YesNo(false),
        Some("catatan reviu TPI"),
    )
    .unwrap();
    ws.add_reference(&a, item, "SK lama", "").unwrap();
    // Daduk's own export, emptied of every note and answer.
    let csv = dir.path().join("lke.csv");
    worksheet::export_csv(&ws, &a, &csv, false).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for record in reader.records() {
        let mut r: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if r[0] == "P.1.i.a" {
            for i in [4, 6, 8, 10, 11] {
                r[i].clear();
            }
        }
        out.write_record(&r).unwrap();
    }
    let emptied = out.into_inner().unwrap();
    let path = save(dir.path(), "kosong.csv", &emptied);
    let both = SheetImportOptions {
        roles: ImportRoles::Both,
        ..unit_only()
    };
    let r = import(&ws, &a, &path, both).unwrap();
    assert_eq!(
        (r.changed_unit, r.changed_tpi, r.changed_references),
        (0, 0, 0)
    );
    let records = ws.answer_records(&a).unwrap();
    assert_eq!(
        records.iter().filter(|x| !x.note.is_empty()).count(),
        2,
        "{records:?}"
    );
    // Asked for: the sheet is the whole truth.
    let r = import(
        &ws,
        &a,
        &path,
        SheetImportOptions {
            clear_empty: true,
            ..both
        },
    )
    .unwrap();
    assert_eq!(
        (r.changed_unit, r.changed_tpi, r.changed_references),
        (1, 1, 1)
    );
    assert!(ws.answer_records(&a).unwrap().is_empty());
    assert!(ws.references(&a, None).unwrap().is_empty());
    // By default only the unit's columns: a sheet holding TPI answers
    // leaves TPI alone.
    let (cells, _) = fixtures::answers_for_all(&t, 0);
    let mut tpi = BTreeMap::new();
    tpi.insert(item, Answer::One(Cell::text("Tidak")));
    let f = Lampiran3 {
        unit_answers: cells,
        tpi_answers: tpi,
        ..Lampiran3::default()
    };
    let path = save(dir.path(), "dengan-tpi.xlsx", &fixtures::lampiran3(&t, &f));
    let r = import(&ws, &a, &path, unit_only()).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi), (113, 0));
    assert!(ws.answers(&a, Role::Tpi).unwrap().is_empty());
    let r = import(
        &ws,
        &a,
        &path,
        SheetImportOptions {
            roles: ImportRoles::Tpi,
            ..unit_only()
        },
    )
    .unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi), (0, 1));
    assert_eq!(
        ws.answers(&a, Role::Tpi).unwrap()[&item],
        AnswerValue::YesNo(false)
    );
}

/// Answers of every kind for both roles, notes, files and references.
fn fill(ws: &Workspace, a: &Assessment, dir: &Path) {
    let t = ws.template_of(a).unwrap();
    let set = |role, item: &str, v: &str, note: Option<&str>| {
        let c = code(item);
        let value = AnswerValue::parse(&t, c, v).unwrap();
        ws.set_answer(a, role, c, &value, note).unwrap();
    };
    set(
        Role::Unit,
        "P.1.i.a",
        "ya",
        Some("SK Tim; \"baris\"\nbaris dua"),
    );
    set(Role::Unit, "P.1.i.b", "b", None);
    set(Role::Unit, "P.1.ii.a", "tidak", None);
    set(Role::Unit, "P.2.i.b", "d", Some("SOP belum lengkap"));
    set(Role::Unit, "P.4.i.c", "c", None);
    set(Role::Unit, "R.1.i.a", "a=4;b=3", Some("agen"));
    set(Role::Unit, "R.3.iii.a", "a=5;b=2;c=1", None);
    set(Role::Unit, "R.5.ii.a", "a=0;c=0", None);
    set(Role::Unit, "R.5.iii.a", "b=1;c=4;d=2;e=6", None);
    set(Role::Unit, "R.6.i.b", "a=10;b=4", None);
    set(Role::Unit, "H.1.i.a", "3.61", None);
    set(Role::Unit, "H.1.ii.a", "b", None);
    set(
        Role::Tpi,
        "P.1.i.a",
        "tidak",
        Some("SK belum ditandatangani"),
    );
    set(Role::Tpi, "R.1.i.a", "a=4;b=2", None);
    set(Role::Tpi, "H.2.i.a", "3.2", None);
    ws.set_note(a, Role::Tpi, code("P.2.i.a"), "hanya catatan")
        .unwrap();
    let f = dir.join("SK Tim.pdf");
    std::fs::write(&f, b"isi sk").unwrap();
    ws.add_evidence_file(a, code("P.1.i.a"), &f, None, None, None)
        .unwrap();
    ws.add_reference(a, code("P.1.i.a"), "Folder SK", "https://drive.example/sk")
        .unwrap();
    ws.add_reference(a, code("R.5.iii.a"), "", "https://elhkpn.example/rekap")
        .unwrap();
}

#[test]
fn export_then_import_changes_nothing_in_all_three_layouts() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    fill(&ws, &a, dir.path());
    let manifest = build_manifest(&ws, &a).unwrap();
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    for (format, name) in [
        (SheetFormat::Daduk, "lke.xlsx"),
        (SheetFormat::Daduk, "lke.csv"),
        (SheetFormat::Lampiran3, "lampiran3.xlsx"),
        (SheetFormat::Portalrb, "portalrb.xlsx"),
    ] {
        let out = dir.path().join(name);
        worksheet::export(&ws, &a, &out, format, false).unwrap();
        for clear_empty in [false, true] {
            for forced in [None, Some(format)] {
                let options = SheetImportOptions {
                    format: forced,
                    roles: ImportRoles::Both,
                    other_unit: false,
                    clear_empty,
                };
                let r = import(&ws, &a, &out, options).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(r.format, format, "{name}");
                assert_eq!(
                    (r.changed_unit, r.changed_tpi, r.changed_references),
                    (0, 0, 0),
                    "{name} clear_empty={clear_empty}: {r:?}"
                );
                assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
            }
        }
    }
    assert_eq!(build_manifest(&ws, &a).unwrap(), manifest);
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
}

#[test]
fn the_lampiran3_formulas_recalculated_by_libreoffice_give_daduks_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    fill(&ws, &a, dir.path());
    let out = dir.path().join("lampiran3.xlsx");
    worksheet::export_lampiran3(&ws, &a, &out, false).unwrap();
    let values = libreoffice::recalculated(&out, dir.path());
    let t = ws.template_of(&a).unwrap();
    for (role, value_col, official_col) in [(Role::Unit, 11u16, 13u16), (Role::Tpi, 18, 19)] {
        let card = ws.score(&a, role).unwrap();
        let mut expected: Vec<(String, f64, Option<f64>)> = vec![
            ("A".into(), card.pengungkit, Some(card.official.pengungkit)),
            ("B".into(), card.hasil, Some(card.official.hasil)),
            (
                "P".into(),
                card.parts[&daduk_workspace::Part::P],
                Some(card.official.parts[&daduk_workspace::Part::P]),
            ),
            (
                "R".into(),
                card.parts[&daduk_workspace::Part::R],
                Some(card.official.parts[&daduk_workspace::Part::R]),
            ),
            ("TOTAL".into(), card.total, Some(card.official.total)),
        ];
        for (code, v) in &card.sub_areas {
            if code.part != daduk_workspace::Part::H {
                expected.push((
                    code.to_string(),
                    *v,
                    card.official.sub_areas.get(code).copied(),
                ));
            }
        }
        for (code, v) in &card.areas {
            expected.push((code.to_string(), *v, card.official.areas.get(code).copied()));
        }
        for (code, v) in &card.items {
            expected.push((code.to_string(), v.unwrap_or(f64::NAN), None));
        }
        let mut checked = 0;
        for (key, want, official) in expected {
            let Some(row) = values.rows.get(&key) else {
                panic!("{key}: no row in the sheet");
            };
            let got = values.number(*row, value_col);
            if want.is_nan() {
                assert_eq!(values.text(*row, value_col), "Blm Diisi", "{role} {key}");
            } else {
                let got = got
                    .unwrap_or_else(|| panic!("{role} {key}: {:?}", values.text(*row, value_col)));
                assert!(
                    (got - want).abs() <= 0.005,
                    "{role} {key}: sheet {got}, Daduk {want}"
                );
            }
            if let Some(o) = official {
                let got = values.number(*row, official_col).unwrap();
                assert!(
                    (got - o).abs() <= 0.005,
                    "{role} {key} official: sheet {got}, Daduk {o}"
                );
            }
            checked += 1;
        }
        assert!(checked > 150, "{checked}");
        let _ = &t;
    }
}

#[test]
fn a_portalrb_jawaban_sheet_filled_by_hand_imports_by_the_master_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let map = daduk_workspace::portalrb::SoalMap::built_in(&t, 2026).unwrap();
    let (_, expected) = fixtures::answers_for_all(&t, 3);
    let mut book = rust_xlsxwriter::Workbook::new();
    let other = book.add_worksheet();
    other.set_name("Petunjuk").unwrap();
    other.write_string(5, 10, "bukan jawaban").unwrap();
    let s = book.add_worksheet();
    s.set_name("Jawaban").unwrap();
    s.write_string(1, 0, "Unit Kerja: Puskesmas Sukasada I")
        .unwrap();
    for soal in map.soal() {
        let r = soal.row - 1;
        s.write_string(r, 2, &soal.text).unwrap();
        let answer = &expected[&soal.item];
        match (answer, &soal.count_row) {
            (AnswerValue::YesNo(y), _) => s
                .write_string(r, 10, if *y { "Ya" } else { "tidak" })
                .map(|_| ()),
            (AnswerValue::Choice(c), _) => s
                .write_string(r, 10, c.to_ascii_uppercase().to_string())
                .map(|_| ()),
            (AnswerValue::SurveyIndex(x), _) => s
                .write_string(r, 10, x.to_string().replace('.', ","))
                .map(|_| ()),
            (AnswerValue::Counts(rows), Some(row)) => {
                s.write_number(r, 10, rows[row] as f64).map(|_| ())
            }
            _ => Ok(()),
        }
        .unwrap();
    }
    let first = map.soal()[0].row - 1;
    s.write_string(first, 11, "catatan soal pertama").unwrap();
    s.write_string(first, 12, "SK Tim https://drive.example/sk")
        .unwrap();
    s.write_string(first, 13, "Tidak").unwrap();
    let path = save(dir.path(), "portalrb.xlsx", &book.save_to_buffer().unwrap());
    let r = import(
        &ws,
        &a,
        &path,
        SheetImportOptions {
            roles: ImportRoles::Both,
            ..unit_only()
        },
    )
    .unwrap();
    assert_eq!(
        (r.format, r.sheet.as_str(), r.items),
        (SheetFormat::Portalrb, "Jawaban", 113)
    );
    assert_eq!(ws.answers(&a, Role::Unit).unwrap(), expected);
    assert_eq!(ws.answers(&a, Role::Tpi).unwrap().len(), 1);
    let refs = ws.references(&a, None).unwrap();
    assert_eq!(
        (
            refs[0].reference.text.as_str(),
            refs[0].reference.url.as_str()
        ),
        ("SK Tim", "https://drive.example/sk")
    );

    // A soal's row holding another soal's question, and an answer outside
    // the soal rows: both named.
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.set_name("Jawaban").unwrap();
    let (s1, s2) = (&map.soal()[0], &map.soal()[40]);
    s.write_string(s1.row - 1, 2, &s2.text).unwrap();
    s.write_string(s1.row - 1, 10, "Ya").unwrap();
    s.write_string(s1.row, 10, "B").unwrap(); // row 7 is soal 2's: fine
    s.write_string(204, 10, "A").unwrap();
    let path = save(dir.path(), "geser.xlsx", &book.save_to_buffer().unwrap());
    let rows = rows_of(import(&ws, &a, &path, unit_only()).unwrap_err());
    let lines: Vec<usize> = rows.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [s1.row as usize, 205], "{rows}");
    assert!(
        rows.rows[0].reason.contains(&format!("soal {}", s2.id)),
        "{rows}"
    );
}

#[test]
fn the_format_can_be_forced_and_unknown_files_are_told_what_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let csv = save(dir.path(), "jawaban.csv", b"item,answer\nP.1.i.a,ya\n");
    let err = import(&ws, &a, &csv, unit_only()).unwrap_err().to_string();
    assert!(
        err.contains("format lembar kerja tidak dikenali") && err.contains("--format"),
        "{err}"
    );
    // A Lampiran III file read as Daduk's layout: refused with the reason.
    let t = ws.template_of(&a).unwrap();
    let (cells, _) = fixtures::answers_for_all(&t, 0);
    let path = save(
        dir.path(),
        "l3.xlsx",
        &fixtures::lampiran3(
            &t,
            &Lampiran3 {
                unit_answers: cells,
                ..Lampiran3::default()
            },
        ),
    );
    let forced = SheetImportOptions {
        format: Some(SheetFormat::Daduk),
        ..unit_only()
    };
    let err = import(&ws, &a, &path, forced).unwrap_err().to_string();
    assert!(err.contains("kepala kolom lembar kerja Daduk"), "{err}");
    let forced = SheetImportOptions {
        format: Some(SheetFormat::Lampiran3),
        ..unit_only()
    };
    assert_eq!(import(&ws, &a, &path, forced).unwrap().items, 113);
    // A PortalRB sheet for a year without a question list.
    ws.new_assessment("PKM-1", 2024, None).unwrap();
    let old = ws.assessment("PKM-1", 2024).unwrap();
    let out = dir.path().join("pr.xlsx");
    let err = worksheet::export(&ws, &old, &out, SheetFormat::Portalrb, false)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("tahun evaluasi 2024") && err.contains("2026"),
        "{err}"
    );
}

#[test]
fn a_sheet_with_cells_at_both_ends_is_read_sparsely() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    s.write_string(0, 0, "A1").unwrap();
    s.write_string(1_048_575, 16_383, "XFD1048576").unwrap();
    let path = save(dir.path(), "ujung.xlsx", &book.save_to_buffer().unwrap());
    let start = std::time::Instant::now();
    let err = import(&ws, &a, &path, unit_only()).unwrap_err().to_string();
    assert!(err.contains("format lembar kerja tidak dikenali"), "{err}");
    assert!(
        start.elapsed().as_secs() < 5,
        "a dense range was built: {:?}",
        start.elapsed()
    );
}

#[test]
fn more_cells_than_any_lke_has_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for r in 0..50_001u32 {
        for c in 0..10u16 {
            s.write_number(r, c, 1.0).unwrap();
        }
    }
    let path = save(dir.path(), "besar.xlsx", &book.save_to_buffer().unwrap());
    let err = import(&ws, &a, &path, unit_only()).unwrap_err().to_string();
    assert!(err.contains("lebih dari 500000 sel"), "{err}");
    let _ = Template::default_lke();
}

/// TPN's values from the LHE go in and out through Daduk's own sheet (its
/// last three columns), only when asked; the official layouts have no TPN
/// columns and say so.
#[test]
fn tpn_values_go_through_daduks_sheet_only_and_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    fill(&ws, &a, dir.path());
    let t = ws.template_of(&a).unwrap();
    let item = code("P.1.i.a");
    ws.set_answer(
        &a,
        Role::Tpn,
        item,
        &AnswerValue::parse(&t, item, "tidak").unwrap(),
        Some("LHE: SK belum ditandatangani"),
    )
    .unwrap();
    let manifest = build_manifest(&ws, &a).unwrap();
    let csv = dir.path().join("lke.csv");
    let xlsx = dir.path().join("lke.xlsx");
    worksheet::export(&ws, &a, &csv, SheetFormat::Daduk, false).unwrap();
    worksheet::export(&ws, &a, &xlsx, SheetFormat::Daduk, false).unwrap();
    let all = SheetImportOptions {
        roles: ImportRoles::All,
        ..unit_only()
    };
    for path in [&csv, &xlsx] {
        let r = import(&ws, &a, path, all).unwrap();
        assert_eq!(
            (r.changed_unit, r.changed_tpi, r.changed_tpn),
            (0, 0, 0),
            "{}",
            path.display()
        );
    }
    assert_eq!(build_manifest(&ws, &a).unwrap(), manifest);

    // TPN's answer to P.1.i.b typed into the sheet, read with --role tpn.
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = Vec::new();
    for record in reader.records() {
        let mut r: Vec<String> = record.unwrap().iter().map(str::to_string).collect();
        if header.is_empty() {
            header.clone_from(&r);
        }
        let at = |title: &str| header.iter().position(|h| h == title).unwrap();
        if r[0] == "P.1.i.b" {
            r[at("Jawaban TPN")] = "a".into();
            r[at("Catatan TPN")] = "LHE hal. 2".into();
        }
        out.write_record(&r).unwrap();
    }
    let path = save(dir.path(), "tpn.csv", &out.into_inner().unwrap());
    let r = import(&ws, &a, &path, unit_only()).unwrap();
    assert_eq!(r.changed_tpn, 0, "the unit's columns only by default");
    let tpn_only = SheetImportOptions {
        roles: ImportRoles::Tpn,
        ..unit_only()
    };
    let r = import(&ws, &a, &path, tpn_only).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi, r.changed_tpn), (0, 0, 1));
    let tpn = ws.answers(&a, Role::Tpn).unwrap();
    assert_eq!(tpn[&code("P.1.i.b")].to_string(), "a");
    assert_eq!(tpn.len(), 2);

    // Lampiran III and PortalRB's Jawaban sheet: no TPN columns, refused.
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    for (format, name) in [
        (SheetFormat::Lampiran3, "lampiran3.xlsx"),
        (SheetFormat::Portalrb, "portalrb.xlsx"),
    ] {
        let out = dir.path().join(name);
        worksheet::export(&ws, &a, &out, format, false).unwrap();
        let err = import(&ws, &a, &out, tpn_only).unwrap_err();
        let rows = rows_of(err);
        assert!(
            rows.rows[0]
                .reason
                .contains("tidak punya kolom 'Jawaban TPN'"),
            "{name}: {rows}"
        );
    }
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
}
