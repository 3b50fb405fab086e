//! The bounded reader on files written by hand, part by part, so each test
//! holds exactly the XML a hostile or an unusual file would.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::build::{Part, one_sheet, tiny_xlsx};

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn refused(r: Result<Book, ReadError>) -> String {
    match r {
        Err(ReadError::Refused(reason)) => reason,
        Err(ReadError::Io(e)) => panic!("io: {e}"),
        Ok(b) => panic!(
            "read: {:?}",
            b.sheets.iter().map(|s| &s.cells).collect::<Vec<_>>()
        ),
    }
}

#[test]
fn a_cell_at_the_last_address_is_one_cell() {
    let dir = tempfile::tempdir().unwrap();
    for (dimension, at) in [
        ("A1:XFD1048576", "XFD1048576"),
        ("A1:AZ1048576", "AZ1048576"),
    ] {
        let body = format!(
            r#"<dimension ref="{dimension}"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="1048576"><c r="{at}"><v>7</v></c></row></sheetData>"#
        );
        let bytes = one_sheet(&body, &["PROGRAM"], &[]);
        assert!(bytes.len() < 4096, "{} bytes", bytes.len());
        let path = save(dir.path(), "ujung.xlsx", &bytes);
        let start = std::time::Instant::now();
        let book = read(&path, Format::Xlsx).unwrap();
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        let s = &book.sheets[0];
        assert_eq!(s.get(1, 0), "PROGRAM");
        let (row, col) = scan::cell_ref(at).unwrap();
        assert_eq!(s.get(row, col), "7", "{at}");
        assert_eq!(s.cells.values().map(BTreeMap::len).sum::<usize>(), 2);
    }
}

#[test]
fn hidden_rows_and_sheets_uncached_formulas_percentages_and_merges_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let body = r#"<sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.75</v></c><c r="C1"><v>0.75</v></c></row>
        <row r="2" hidden="1"><c r="A2" t="s"><v>1</v></c></row>
        <row r="3"><c r="A3"><f>B1*2</f></c><c r="B3"><f>B1*2</f><v>1.5</v></c><c r="C3" t="str"><f>""</f><v></v></c></row>
        <row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" t="s"><v>0</v></c></row>
        </sheetData><mergeCells count="1"><mergeCell ref="B4:D4"/></mergeCells>"#;
    let bytes = tiny_xlsx(
        &[
            Part {
                name: "Lembar1",
                body,
                hidden: false,
            },
            Part {
                name: "Bantu",
                body: r#"<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row></sheetData>"#,
                hidden: true,
            },
        ],
        &["✓", "rahasia"],
        &[9],
    );
    let path = save(dir.path(), "lengkap.xlsx", &bytes);
    let book = read(&path, Format::Xlsx).unwrap();
    let s = &book.sheets[0];
    assert!(!s.hidden);
    assert_eq!(s.get(1, 1), "75%", "a percentage format shows a percentage");
    assert_eq!(s.get(1, 2), "0.75");
    assert_eq!(s.hidden_rows, BTreeSet::from([2]));
    assert_eq!(
        s.get(2, 0),
        "rahasia",
        "a hidden row is read; its reader decides"
    );
    assert!(s.is_uncached(3, 0), "a formula without a result is unknown");
    assert_eq!(s.get(3, 0), "");
    assert!(!s.is_uncached(3, 1));
    assert_eq!(s.get(3, 1), "1.5");
    assert!(!s.is_uncached(3, 2), "an empty text result is a result");
    assert_eq!(s.merged, vec![(4, 1, 4, 3)]);
    assert_eq!(s.region_of(4, 2), Some((4, 1, 4, 3)));
    assert_eq!(s.region_of(3, 2), None);
    assert!(book.sheets[1].hidden);
    assert_eq!(book.sheets[1].name, "Bantu");
}

#[test]
fn every_bound_refuses_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let cells: String = (1..=20)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let path = save(
        dir.path(),
        "dua-puluh.xlsx",
        &one_sheet(
            &format!("<sheetData>{cells}</sheetData>"),
            &["a", "b", "c"],
            &[9, 10],
        ),
    );
    read(&path, Format::Xlsx).unwrap();
    let within = |change: &dyn Fn(&mut Limits)| {
        let mut l = Limits::DEFAULT;
        change(&mut l);
        refused(read_within(&path, Format::Xlsx, &l))
    };
    let err = within(&|l| l.cells = 19);
    assert!(err.contains("lebih dari 19 sel terisi"), "{err}");
    let err = within(&|l| l.shared_strings = 2);
    assert!(
        err.contains("sharedStrings.xml") && err.contains("lebih dari 2 teks"),
        "{err}"
    );
    let err = within(&|l| l.style_records = 5);
    assert!(
        err.contains("styles.xml") && err.contains("lebih dari 5 unsur"),
        "{err}"
    );
    let err = within(&|l| l.time = Duration::ZERO);
    assert!(err.contains("lebih dari 0 detik"), "{err}");
    let err = within(&|l| l.xlsx_bytes = 100);
    assert!(err.contains("terlalu besar"), "{err}");
    let err = within(&|l| l.sheets = 0);
    assert!(err.contains("lebih dari 0 lembar"), "{err}");
    // Merged regions are bounded per sheet.
    let merges: String = (1..=5)
        .map(|r| format!(r#"<mergeCell ref="A{r}:B{r}"/>"#))
        .collect();
    let path = save(
        dir.path(),
        "gabung.xlsx",
        &one_sheet(
            &format!(r#"<sheetData/><mergeCells count="5">{merges}</mergeCells>"#),
            &[],
            &[],
        ),
    );
    let mut l = Limits::DEFAULT;
    l.regions = 4;
    let err = refused(read_within(&path, Format::Xlsx, &l));
    assert!(err.contains("lebih dari 4 sel gabungan"), "{err}");
}

#[test]
fn a_csv_is_one_sheet_separated_as_its_first_lines_say() {
    let dir = tempfile::tempdir().unwrap();
    for (text, want) in [
        ("JUDUL TABEL\nA;B;C\n1;2;3\n", "2"),
        ("\u{feff}A,B,C\n1,2,3\n", "2"),
        ("A\tB\tC\n1\t2\t3\n", "2"),
    ] {
        let path = save(dir.path(), "t.csv", text.as_bytes());
        let book = read(&path, Format::Csv).unwrap();
        let s = &book.sheets[0];
        let last = *s.cells.keys().last().unwrap();
        assert_eq!(s.get(last, 1), want, "{text:?}");
    }
    let path = save(dir.path(), "latin.csv", b"a;\xe9\n");
    let err = refused(read(&path, Format::Csv));
    assert!(err.contains("bukan teks UTF-8"), "{err}");
}
