//! Shared set-up for the worksheet fuzz targets: a real unit workspace
//! with one assessment (answers of both sides, notes, evidence references)
//! that every input is imported into, copied afresh each time, and the
//! check that a refused import changed nothing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use daduk_workspace::report::worksheet::{self, ImportRoles, SheetFormat, SheetImportOptions};
use daduk_workspace::{AnswerValue, NewUnit, Role, Target, Workspace};

use crate::{copy_dir, scratch_root, triage};

/// The unit and year of the base assessment (the year PortalRB's master
/// question list is built in, so its Jawaban layout applies).
pub const UNIT: &str = "U";
/// See [`UNIT`].
pub const YEAR: i32 = 2026;

/// The workspace every input is imported into, and what it holds.
pub struct SheetBase {
    /// The workspace folder (never touched after set-up).
    pub dir: PathBuf,
    /// The state a refused import must leave.
    state: String,
}

/// A unit workspace with answers on both sides (the TPI side as a review
/// brought back), notes and references. Built once per process.
pub fn sheet_base() -> &'static SheetBase {
    static BASE: OnceLock<SheetBase> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = scratch_root().join("sheet-base");
        let ws = Workspace::create(&dir, "tim-kerja").expect("unit workspace");
        ws.add_unit(&NewUnit {
            code: UNIT.into(),
            name: "Unit Uji".into(),
            target: Target::Wbk,
            ..NewUnit::default()
        })
        .expect("unit");
        let a = ws.new_assessment(UNIT, YEAR, None).expect("assessment");
        let t = ws.template_of(&a).expect("template");
        for (role, item, v) in [
            (Role::Unit, "P.1.i.a", "ya"),
            (Role::Unit, "P.1.i.b", "b"),
            (Role::Unit, "R.1.i.a", "a=4;b=3"),
            (Role::Tpi, "P.1.i.a", "tidak"),
            (Role::Tpn, "P.1.i.b", "a"),
        ] {
            let item = item.parse().expect("item code");
            let value = AnswerValue::parse(&t, item, v).expect("answer");
            ws.set_answer(&a, role, item, &value, Some("catatan lama"))
                .expect("set answer");
        }
        let state = state(&ws);
        drop(ws);
        SheetBase { dir, state }
    })
}

/// What an import may change: every answer record, every reference and
/// the length of the audit log, as one comparable text.
fn state(ws: &Workspace) -> String {
    let a = ws.assessment(UNIT, YEAR).expect("assessment");
    let answers = ws.answer_records(&a).expect("answers");
    let references = ws.references(&a, None).expect("references");
    let audit = ws.audit_log(None).expect("audit log").len();
    format!("{answers:?}\n{references:?}\n{audit}")
}

/// Options from one byte: whose columns, a forced layout or none, and the
/// two overrides — so the fuzzer reaches every branch of the importer.
pub fn options(byte: u8) -> SheetImportOptions {
    SheetImportOptions {
        roles: match (byte & 3, byte & 64 != 0) {
            (0, false) => ImportRoles::Unit,
            (0, true) => ImportRoles::Tpn,
            (1, _) => ImportRoles::Tpi,
            (2, _) => ImportRoles::Both,
            _ => ImportRoles::All,
        },
        format: match (byte >> 2) & 3 {
            0 => None,
            1 => Some(SheetFormat::Daduk),
            2 => Some(SheetFormat::Lampiran3),
            _ => Some(SheetFormat::Portalrb),
        },
        other_unit: byte & 16 != 0,
        clear_empty: byte & 32 != 0,
    }
}

/// Import the worksheet at `path` into a fresh copy of the base workspace:
/// it must return (never panic) with a message that says something, and
/// when it refuses, nothing the import could write may have changed.
/// Returns whether it was accepted.
pub fn import_sheet_and_check(path: &Path, options: &SheetImportOptions) -> bool {
    let base = sheet_base();
    let dir = scratch_root().join("sheet-run");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&base.dir, &dir);
    let ws = Workspace::open(&dir, "fuzz").expect("open workspace copy");
    let a = ws.assessment(UNIT, YEAR).expect("assessment");
    let result = worksheet::import_file(&ws, &a, path, options);
    match &result {
        Ok(r) => triage(&format!(
            "ACCEPTED {:?} {} unit {} tpi {}",
            r.format, r.items, r.changed_unit, r.changed_tpi
        )),
        Err(e) => triage(e),
    }
    match &result {
        Err(e) => {
            let msg = e.to_string();
            assert!(!msg.trim().is_empty(), "an empty error message");
            assert_eq!(
                state(&ws),
                base.state,
                "a refused import changed the workspace: {msg}"
            );
        }
        Ok(_) => {
            // What was accepted reads back: every stored answer parses.
            let a = ws.assessment(UNIT, YEAR).expect("assessment");
            for role in Role::ALL {
                ws.answers(&a, role).expect("accepted answers read back");
                ws.score(&a, role).expect("accepted answers score");
            }
        }
    }
    result.is_ok()
}

/// A small text container for whole workbooks, so the fuzzer mutates what
/// the layout readers look at rather than the zip and XML around it.
///
/// Lines are rows. A line `#Name` starts a new sheet (the first sheet, when
/// no such line comes first, is `LKE ZI`); any other line is the next row,
/// its cells separated by tabs. A cell `~N text` is merged across N+1
/// columns (N a digit), `@target|text` is a link, a finite number is
/// written as a number, anything else as text.
pub mod grid {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use rust_xlsxwriter::{Format, Url, Workbook, Worksheet};

    /// Rows and columns read from a container (an LKE has ~300 rows).
    const MAX_ROWS: u32 = 2_000;
    const MAX_COLS: u16 = 40;

    /// The container as an `.xlsx`; `None` when the writer refuses it (a
    /// bad sheet name, two sheets of one name), which the reader never sees.
    pub fn to_xlsx(text: &str) -> Option<Vec<u8>> {
        let mut book = Workbook::new();
        let mut sheet: Option<Worksheet> = None;
        let mut row = 0u32;
        for line in text.lines() {
            if let Some(name) = line.strip_prefix('#') {
                if let Some(done) = sheet.take() {
                    book.push_worksheet(done);
                }
                let mut s = Worksheet::new();
                s.set_name(name).ok()?;
                sheet = Some(s);
                row = 0;
                continue;
            }
            let s = sheet.get_or_insert_with(|| {
                let mut s = Worksheet::new();
                let _ = s.set_name("LKE ZI");
                s
            });
            if row >= MAX_ROWS {
                continue;
            }
            for (col, cell) in line.split('\t').take(usize::from(MAX_COLS)).enumerate() {
                let col = col as u16;
                write_cell(s, row, col, cell)?;
            }
            row += 1;
        }
        book.push_worksheet(sheet.unwrap_or_default());
        book.save_to_buffer().ok()
    }

    fn write_cell(s: &mut Worksheet, row: u32, col: u16, cell: &str) -> Option<()> {
        if cell.is_empty() {
            return Some(());
        }
        let bytes = cell.as_bytes();
        if bytes.len() >= 3 && bytes[0] == b'~' && bytes[1].is_ascii_digit() && bytes[2] == b' ' {
            let span = u16::from(bytes[1] - b'0');
            let last = col.saturating_add(span.max(1)).min(MAX_COLS);
            // An overlapping merge is refused by the writer: write the text.
            if s.merge_range(row, col, row, last, &cell[3..], &Format::new()).is_err() {
                let _ = s.write_string(row, col, &cell[3..]);
            }
            return Some(());
        }
        if let Some((target, text)) = cell.strip_prefix('@').and_then(|c| c.split_once('|')) {
            let _ = s.write_url_with_text(row, col, Url::new(target), text);
            return Some(());
        }
        match cell.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => {
                let _ = s.write_number(row, col, n);
            }
            _ => {
                let _ = s.write_string(row, col, cell);
            }
        }
        Some(())
    }

    /// An `.xlsx` as a container (cell texts and merges; links are not
    /// kept), to seed the fuzzer with real worksheets.
    pub fn from_xlsx(bytes: &[u8]) -> Result<String, String> {
        let mut book: Xlsx<Cursor<&[u8]>> = open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|e: calamine::XlsxError| e.to_string())?;
        let mut out = String::new();
        for name in book.sheet_names() {
            let range = book.worksheet_range(&name).map_err(|e| e.to_string())?;
            let merged = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
            out.push('#');
            out.push_str(&name);
            out.push('\n');
            let (r0, c0) = range.start().unwrap_or((0, 0));
            // Rows and columns before the range's start are empty.
            for _ in 0..r0 {
                out.push('\n');
            }
            for (r, cells) in range.rows().enumerate() {
                let r = r0 + r as u32;
                let mut line = vec![String::new(); c0 as usize];
                for (c, value) in cells.iter().enumerate() {
                    let c = c0 + c as u32;
                    let text = match value {
                        Data::Empty => String::new(),
                        Data::String(s) => s.replace(['\t', '\n', '\r'], " "),
                        other => other.to_string(),
                    };
                    let span = merged
                        .iter()
                        .find(|d| d.start == (r, c) && d.end.0 == r && d.end.1 > c)
                        .map(|d| (d.end.1 - c).min(9));
                    line.push(match span {
                        Some(n) if !text.is_empty() => format!("~{n} {text}"),
                        _ => text,
                    });
                }
                out.push_str(line.join("\t").trim_end_matches('\t'));
                out.push('\n');
            }
        }
        Ok(out)
    }
}
