//! Daduk's layout with TPN's columns: written, read back for each side, and
//! a file from before those columns read exactly as it was.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use daduk_domain::answer::{AnswerValue, Role};
use daduk_domain::assessment::{Assessment, Unit};
use daduk_domain::code::ItemCode;
use daduk_domain::scoring::score;
use daduk_domain::template::Template;

use super::{COLUMNS, RowLevel, parse, render_csv, render_xlsx, rows};
use crate::layout::{ImportRoles, ItemCells, SheetData, jawaban, lampiran3, slot};
use crate::{Book, Format, Sheet, read};

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

/// The unit, TPI and TPN answering three items differently.
fn data() -> SheetData {
    let template = Template::default_lke();
    let sides = [
        [("P.1.i.a", "ya"), ("P.1.i.b", "a"), ("H.1.i.a", "3,61")],
        [("P.1.i.a", "ya"), ("P.1.i.b", "b"), ("H.1.i.a", "3,40")],
        [("P.1.i.a", "tidak"), ("P.1.i.b", "c"), ("H.1.i.a", "3,20")],
    ];
    let answers = sides.map(|side| {
        side.iter()
            .map(|(c, v)| (code(c), AnswerValue::parse(&template, code(c), v).unwrap()))
            .collect::<BTreeMap<_, _>>()
    });
    let cards = [0, 1, 2].map(|i| score(&template, &answers[i]));
    let mut notes: [HashMap<ItemCode, String>; 3] = Default::default();
    notes[2].insert(code("P.1.i.a"), "LHE: SK belum ditandatangani".into());
    SheetData {
        template,
        answers,
        cards,
        notes,
        references: HashMap::new(),
        files: HashMap::new(),
    }
}

fn unit() -> Unit {
    Unit {
        id: 1,
        code: "PKM-1".into(),
        name: "Puskesmas Sukasada I".into(),
        instansi: String::new(),
        parent: None,
        kepala_name: String::new(),
        kepala_nip: String::new(),
        ketua_name: String::new(),
        ketua_nip: String::new(),
        target: daduk_domain::Target::Wbk,
        afirmasi: false,
        created_at: String::new(),
    }
}

fn assessment() -> Assessment {
    Assessment {
        id: 1,
        unit: "PKM-1".into(),
        unit_name: "Puskesmas Sukasada I".into(),
        year: 2026,
        template_sha256: daduk_domain::Sha256::of_bytes(b""),
        template_id: String::new(),
        template_official: true,
        status: daduk_domain::AssessmentStatus::Draft,
        created_at: String::new(),
    }
}

fn sheet_of(dir: &Path, name: &str, bytes: &[u8]) -> Sheet {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let format = Format::of(&path).unwrap();
    let Book { mut sheets, .. } = read(&path, format).unwrap();
    sheets.remove(0)
}

fn cells_of<'a>(cells: &'a [ItemCells], item: &str) -> &'a ItemCells {
    cells.iter().find(|c| c.item == Some(code(item))).unwrap()
}

#[test]
fn tpn_columns_come_last_and_carry_every_subtotal() {
    assert_eq!(COLUMNS.len(), 15);
    assert_eq!(COLUMNS[11], "Rujukan Data Dukung", "the first twelve stay");
    assert_eq!(&COLUMNS[12..], ["Jawaban TPN", "Nilai TPN", "Catatan TPN"]);
    let d = data();
    let rows = rows(&d);
    let item = rows.iter().find(|r| r.code == "P.1.i.a").unwrap();
    assert_eq!(item.tpn.answer_text, "tidak");
    assert_eq!(item.tpn.value, Some(0.0));
    assert_eq!(item.tpn.note, "LHE: SK belum ditandatangani");
    let total = rows.last().unwrap();
    assert_eq!(total.level, RowLevel::Total);
    assert_eq!(total.tpn.value, Some(d.cards[2].total));
    let sub = rows.iter().find(|r| r.code == "P.1.i").unwrap();
    assert_eq!(
        sub.tpn.value,
        Some(d.cards[2].sub_areas[&"P.1.i".parse().unwrap()])
    );
    assert!(sub.tpn.value < sub.unit.value, "{sub:?}");
}

#[test]
fn tpn_columns_round_trip_in_csv_and_xlsx_for_the_side_asked() {
    let dir = tempfile::tempdir().unwrap();
    let d = data();
    let rows = rows(&d);
    let csv = render_csv(&rows).unwrap();
    let xlsx = render_xlsx(&unit(), &assessment(), &rows, None).unwrap();
    for sheet in [
        sheet_of(dir.path(), "lke.csv", &csv),
        sheet_of(dir.path(), "lke.xlsx", &xlsx),
    ] {
        let tpn = parse(&d.template, &sheet, ImportRoles::Tpn).unwrap();
        assert_eq!(tpn.cells.len(), 113);
        let c = cells_of(&tpn.cells, "P.1.i.a");
        assert_eq!(
            c.answer[slot(Role::Tpn)],
            Some(Some(AnswerValue::YesNo(false)))
        );
        assert_eq!(c.note[2].as_deref(), Some("LHE: SK belum ditandatangani"));
        assert_eq!(c.answer[0], None, "the unit's columns are not read");
        assert_eq!(c.answer[1], None);
        let h = cells_of(&tpn.cells, "H.1.i.a");
        assert_eq!(h.answer[2], Some(Some(AnswerValue::SurveyIndex(3.2))));
        // Both stays the unit and TPI; All reads the three.
        let both = parse(&d.template, &sheet, ImportRoles::Both).unwrap();
        assert_eq!(cells_of(&both.cells, "P.1.i.a").answer[2], None);
        let all = parse(&d.template, &sheet, ImportRoles::All).unwrap();
        let c = cells_of(&all.cells, "P.1.i.b");
        let letters: Vec<String> = c
            .answer
            .iter()
            .map(|a| a.clone().flatten().unwrap().to_string())
            .collect();
        assert_eq!(letters, ["a", "b", "c"], "{}", sheet.name);
    }
}

#[test]
fn an_old_twelve_column_file_reads_as_before_and_has_no_tpn_to_give() {
    let dir = tempfile::tempdir().unwrap();
    let d = data();
    let csv = String::from_utf8(render_csv(&rows(&d)).unwrap()).unwrap();
    // The file as Daduk wrote it before TPN's columns: the first twelve.
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut old = Vec::new();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut old);
        for r in reader.records() {
            let r = r.unwrap();
            assert_eq!(r.len(), 15);
            w.write_record(r.iter().take(12)).unwrap();
        }
        w.flush().unwrap();
    }
    let old = sheet_of(dir.path(), "lama.csv", &old);
    let new = sheet_of(dir.path(), "baru.csv", csv.as_bytes());
    for roles in [ImportRoles::Unit, ImportRoles::Tpi, ImportRoles::Both] {
        let (a, b) = (
            parse(&d.template, &old, roles).unwrap(),
            parse(&d.template, &new, roles).unwrap(),
        );
        assert_eq!(
            format!("{:?}", a.cells),
            format!("{:?}", b.cells),
            "{roles:?}"
        );
    }
    for roles in [ImportRoles::Tpn, ImportRoles::All] {
        let rows = parse(&d.template, &old, roles).unwrap_err();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert!(
            rows[0].reason.contains("kolom 'Jawaban TPN' tidak ada")
                && rows[0].reason.contains("ekspor ulang"),
            "{}",
            rows[0].reason
        );
    }
}

#[test]
fn layouts_without_tpn_columns_refuse_tpn_naming_the_column() {
    let template = Template::default_lke();
    let sheet = Sheet::default();
    let rows = lampiran3::parse(&template, &sheet, ImportRoles::Tpn).unwrap_err();
    assert!(
        rows[0]
            .reason
            .contains("Lampiran III tidak punya kolom 'Jawaban TPN'"),
        "{}",
        rows[0].reason
    );
    let Err(jawaban::Failure::Rows(rows)) =
        jawaban::parse(&template, 2026, &sheet, ImportRoles::All)
    else {
        panic!("TPN asked of a Jawaban sheet")
    };
    assert!(
        rows[0]
            .reason
            .contains("Jawaban PortalRB tidak punya kolom 'Jawaban TPN'"),
        "{}",
        rows[0].reason
    );
}
