//! Reading a worksheet back: answers and notes of the unit and/or TPI.
//!
//! The file is turned into a grid of text cells with their row numbers,
//! the column titles are found (so moved columns still work), and every item
//! row is checked the way `daduk answer import` checks a CSV. Only when no
//! row is bad are both roles written, in one transaction.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde::Serialize;

use super::group_codes;
use super::xlsx::SHEET;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{Error, Result, RowError, RowErrors};
use crate::store::answers::ValueChange;
use crate::store::{AnswerRow, Assessment, Workspace};
use crate::template::Template;

/// Whose columns to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ImportRoles {
    /// Jawaban Unit and Catatan Unit.
    Unit,
    /// Jawaban TPI and Catatan Reviu TPI.
    Tpi,
    /// Both.
    Both,
}

impl ImportRoles {
    fn roles(self) -> &'static [Role] {
        match self {
            ImportRoles::Unit => &[Role::Unit],
            ImportRoles::Tpi => &[Role::Tpi],
            ImportRoles::Both => &Role::ALL,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorksheetImport {
    /// Item rows read.
    pub items: usize,
    /// Answers of the unit that changed (value or note).
    pub changed_unit: usize,
    /// Answers of TPI that changed.
    pub changed_tpi: usize,
}

/// One row of text cells and its 1-based row number in the file.
type Grid = Vec<(usize, Vec<String>)>;

/// Import a worksheet file, XLSX or CSV by its extension.
pub fn import_file(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => import_xlsx(ws, a, path, roles),
        "csv" | "txt" => import_csv(ws, a, path, roles),
        _ => Err(Error::Invalid(format!(
            "{}: lembar kerja harus berkas .xlsx atau .csv",
            path.display()
        ))),
    }
}

/// Import the answers and notes of an XLSX worksheet (the `LKE` sheet, or
/// the first sheet with the worksheet's column titles).
pub fn import_xlsx(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let grid = xlsx_grid(path, &bytes)?;
    apply(ws, a, &path.display().to_string(), &grid, roles)
}

/// Import the answers and notes of a CSV worksheet (as `export_csv` writes
/// it; `;`, `,` or tab separated).
pub fn import_csv(
    ws: &Workspace,
    a: &Assessment,
    path: &Path,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    let grid = csv_grid(&name, &bytes)?;
    apply(ws, a, &name, &grid, roles)
}

fn unreadable(file: &str, reason: String) -> Error {
    Error::Rows(RowErrors {
        file: file.to_string(),
        rows: vec![RowError {
            line: 1,
            item: String::new(),
            value: String::new(),
            reason,
        }],
    })
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Bool(true) => "ya".into(),
        Data::Bool(false) => "tidak".into(),
        Data::DateTime(d) => format!("tanggal {}", d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn xlsx_grid(path: &Path, bytes: &[u8]) -> Result<Grid> {
    let file = path.display().to_string();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(&file, format!("bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"))
    })?;
    let mut names = book.sheet_names();
    // The LKE sheet first, then the others in order.
    names.sort_by_key(|n| n != SHEET);
    for name in names {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let (first_row, _) = range.start().unwrap_or((0, 0));
        let first_col = range.start().map_or(0, |s| s.1 as usize);
        let grid: Grid = range
            .rows()
            .enumerate()
            .map(|(i, cells)| {
                let mut row = vec![String::new(); first_col];
                row.extend(cells.iter().map(cell_text));
                (first_row as usize + i + 1, row)
            })
            .collect();
        if find_header(&grid).is_some() {
            return Ok(grid);
        }
    }
    Err(unreadable(
        &file,
        "tidak ada lembar dengan kepala kolom lembar kerja Daduk (Kode, Jawaban Unit, Jawaban TPI); \
         pakai berkas dari `daduk worksheet export`"
            .into(),
    ))
}

fn csv_grid(file: &str, bytes: &[u8]) -> Result<Grid> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        unreadable(
            file,
            "berkas bukan teks UTF-8; simpan ulang sebagai 'CSV UTF-8'".into(),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|d| first.matches(char::from(*d)).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut grid = Grid::new();
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(file, format!("baris CSV rusak: {e}")))?;
        let line = record
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        grid.push((line, record.iter().map(str::to_string).collect()));
    }
    Ok(grid)
}

#[derive(Debug, Default)]
struct Columns {
    code: Option<usize>,
    answer: [Option<usize>; 2],
    note: [Option<usize>; 2],
}

fn normalise(title: &str) -> String {
    title
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The index of the header row in the grid and its columns.
fn find_header(grid: &Grid) -> Option<(usize, Columns)> {
    for (i, (_, cells)) in grid.iter().enumerate().take(50) {
        let mut cols = Columns::default();
        for (j, cell) in cells.iter().enumerate() {
            let t = normalise(cell);
            if t == "kode" || t.starts_with("kode ") || t.starts_with("kode(") {
                cols.code = cols.code.or(Some(j));
            } else if t == "jawaban unit" {
                cols.answer[0] = Some(j);
            } else if t == "catatan unit" {
                cols.note[0] = Some(j);
            } else if t == "jawaban tpi" {
                cols.answer[1] = Some(j);
            } else if t == "catatan reviu tpi" || t == "catatan tpi" {
                cols.note[1] = Some(j);
            }
        }
        if cols.code.is_some() && (cols.answer[0].is_some() || cols.answer[1].is_some()) {
            return Some((i, cols));
        }
    }
    None
}

/// Check every row; the answer rows per role, or every bad row.
fn parse(
    template: &Template,
    file: &str,
    grid: &Grid,
    roles: ImportRoles,
) -> Result<(usize, [Vec<AnswerRow>; 2])> {
    let (header, cols) = find_header(grid).ok_or_else(|| {
        unreadable(
            file,
            "kepala kolom lembar kerja tidak ditemukan (Kode, Jawaban Unit, Jawaban TPI); \
             pakai berkas dari `daduk worksheet export`"
                .into(),
        )
    })?;
    let header_line = grid[header].0;
    let mut errors = Vec::new();
    let role_index = |r: Role| usize::from(r == Role::Tpi);
    for role in roles.roles() {
        if cols.answer[role_index(*role)].is_none() {
            let title = if *role == Role::Unit {
                "Jawaban Unit"
            } else {
                "Jawaban TPI"
            };
            errors.push(RowError {
                line: header_line,
                item: String::new(),
                value: String::new(),
                reason: format!("kolom '{title}' tidak ada; pilih --role yang sesuai atau pakai berkas dari `daduk worksheet export`"),
            });
        }
    }
    let Some(code_col) = cols.code else {
        return Err(unreadable(file, "kolom 'Kode' tidak ada".into()));
    };
    let groups = group_codes(template);
    let mut seen: HashMap<ItemCode, usize> = HashMap::new();
    let mut out = [Vec::new(), Vec::new()];
    let mut items = 0usize;
    for (line, cells) in &grid[header + 1..] {
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let code_text = get(Some(code_col));
        let touched = roles.roles().iter().any(|r| {
            !get(cols.answer[role_index(*r)]).is_empty()
                || !get(cols.note[role_index(*r)]).is_empty()
        });
        if code_text.is_empty() {
            if touched {
                errors.push(RowError {
                    line: *line,
                    item: String::new(),
                    value: String::new(),
                    reason: "kolom Kode kosong padahal baris ini diisi; kembalikan kode butirnya"
                        .into(),
                });
            }
            continue;
        }
        if groups.contains(code_text) {
            continue;
        }
        let mut bad = |value: &str, reason: String| {
            errors.push(RowError {
                line: *line,
                item: code_text.to_string(),
                value: value.to_string(),
                reason,
            })
        };
        let item: ItemCode = match code_text.parse() {
            Ok(c) => c,
            Err(e) => {
                bad("", format!("{e}"));
                continue;
            }
        };
        if template.item(item).is_none() {
            bad("", format!("butir tidak ada di templat {}", template.id()));
            continue;
        }
        if let Some(first) = seen.insert(item, *line) {
            bad("", format!("butir ini sudah ada di baris {first}"));
            continue;
        }
        items += 1;
        for role in roles.roles() {
            let i = role_index(*role);
            let text = get(cols.answer[i]);
            let value = if text.is_empty() {
                None
            } else {
                match AnswerValue::parse(template, item, text) {
                    Ok(v) => Some(v),
                    Err(e) => {
                        let who = role.label();
                        bad(text, format!("Jawaban {who}: {}", e.reason));
                        continue;
                    }
                }
            };
            let note = cols.note[i].map(|_| get(cols.note[i]).to_string());
            if value.is_some() || note.is_some() {
                out[i].push(AnswerRow { item, value, note });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.line);
        return Err(Error::Rows(RowErrors {
            file: file.to_string(),
            rows: errors,
        }));
    }
    if items == 0 {
        return Err(unreadable(
            file,
            "tidak ada baris butir (kolom Kode berisi kode butir seperti P.1.i.a)".into(),
        ));
    }
    Ok((items, out))
}

fn apply(
    ws: &Workspace,
    a: &Assessment,
    file: &str,
    grid: &Grid,
    roles: ImportRoles,
) -> Result<WorksheetImport> {
    let template = ws.template_of(a)?;
    let (items, rows) = parse(&template, file, grid, roles)?;
    // Both roles in one transaction: a worksheet is imported whole or not at all.
    let tx = ws.write()?;
    let mut changed = [0usize; 2];
    for role in roles.roles() {
        let i = usize::from(*role == Role::Tpi);
        for row in &rows[i] {
            let value = match &row.value {
                Some(v) => ValueChange::Set(v),
                None => ValueChange::Keep,
            };
            if ws.upsert(&tx, a.id, *role, row.item, value, row.note.as_deref())? {
                changed[i] += 1;
            }
        }
    }
    tx.commit()?;
    Ok(WorksheetImport {
        items,
        changed_unit: changed[0],
        changed_tpi: changed[1],
    })
}
