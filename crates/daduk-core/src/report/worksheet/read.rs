//! A worksheet file as sparse sheets of text cells, read within bounds.
//!
//! Every sheet of an `.xlsx` (after [`super::bounded::check_xlsx`]) is read
//! cell by cell with calamine's streaming reader: formula cells give their
//! cached values, numbers their shortest text, and only non-empty cells are
//! kept, so a stray cell at `XFD1048576` costs one entry, not a dense range.
//! Merged regions and hyperlinks are kept for the header and link columns.
//! A CSV is one sheet.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::path::Path;

use calamine::{DataRef, Reader, Xlsx, open_workbook_from_rs};

use super::bounded::{MAX_CELLS, MAX_CSV_BYTES, MAX_XLSX_BYTES, check_xlsx, read_bounded};
use crate::error::{Error, Result, RowError, RowErrors};

/// One sheet: non-empty cells by 1-based row, then 0-based column.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sheet {
    /// The sheet's name (the file name for a CSV).
    pub name: String,
    /// Cells by row (1-based) and column (0-based), text as shown.
    pub cells: BTreeMap<u32, BTreeMap<u16, String>>,
    /// Hyperlink targets by (row, column).
    pub links: HashMap<(u32, u16), String>,
    /// Merged regions: (first row, first column, last row, last column).
    pub merged: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    /// The trimmed text of a cell ("" when empty).
    pub fn get(&self, row: u32, col: u16) -> &str {
        self.cells
            .get(&row)
            .and_then(|r| r.get(&col))
            .map_or("", |s| s.trim())
    }

    /// The rows with at least one non-empty cell, in order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &BTreeMap<u16, String>)> + '_ {
        self.cells.iter().map(|(r, c)| (*r, c))
    }

    /// A row as a dense list of texts, columns `0..width` (for the
    /// column-title layouts; cells beyond `width` are ignored).
    pub fn dense(&self, row: u32, width: u16) -> Vec<String> {
        let mut out = vec![String::new(); usize::from(width)];
        if let Some(cells) = self.cells.get(&row) {
            for (c, text) in cells.range(..width) {
                out[usize::from(*c)] = text.clone();
            }
        }
        out
    }
}

/// A workbook: its sheets in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Book {
    /// The file as named in messages.
    pub file: String,
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

/// An error about the file as a whole, in the form of a bad row 1.
pub(crate) fn unreadable(file: &str, reason: String) -> Error {
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

fn cell_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        // Spreadsheet floats like 0.1 + 0.2: the shortest text of the value
        // rounded to 10 places is what the cell shows.
        DataRef::Float(f) => {
            let rounded = (f * 1e10).round() / 1e10;
            format!("{rounded}")
        }
        DataRef::Bool(true) => "ya".into(),
        DataRef::Bool(false) => "tidak".into(),
        DataRef::DateTime(d) => format!("tanggal {}", d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Read a worksheet file: `.xlsx`/`.xlsm` or `.csv`/`.txt` by extension.
pub(crate) fn read_book(path: &Path) -> Result<Book> {
    let file = path.display().to_string();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" => {
            let bytes = read_bounded(path, MAX_XLSX_BYTES, "berkas XLSX")?;
            xlsx_book(&file, &bytes)
        }
        "csv" | "txt" => {
            let bytes = read_bounded(path, MAX_CSV_BYTES, "berkas CSV")?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok(Book {
                file: file.clone(),
                sheets: vec![csv_sheet(&file, &name, &bytes)?],
            })
        }
        _ => Err(Error::Invalid(format!(
            "{file}: lembar kerja harus berkas .xlsx atau .csv"
        ))),
    }
}

/// The sheets of an `.xlsx`, checked for bombs first.
pub(crate) fn xlsx_book(file: &str, bytes: &[u8]) -> Result<Book> {
    check_xlsx(bytes).map_err(|reason| unreadable(file, reason))?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        unreadable(
            file,
            format!("bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"),
        )
    })?;
    let mut total = 0usize;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let mut sheet = Sheet {
            name: name.clone(),
            ..Sheet::default()
        };
        {
            let Ok(mut reader) = book.worksheet_cells_reader(&name) else {
                continue; // a chart sheet or a macro sheet: no cells
            };
            loop {
                let cell = reader
                    .next_cell()
                    .map_err(|e| unreadable(file, format!("lembar '{name}' tidak terbaca: {e}")))?;
                let Some(cell) = cell else { break };
                let text = cell_text(cell.get_value());
                if text.trim().is_empty() {
                    continue;
                }
                total += 1;
                if total > MAX_CELLS {
                    return Err(unreadable(
                        file,
                        format!(
                            "berkas berisi lebih dari {MAX_CELLS} sel terisi; lembar kerja LKE jauh lebih kecil — \
                             simpan hanya lembar LKE-nya ke berkas baru"
                        ),
                    ));
                }
                let (row, col) = cell.get_position();
                let (Ok(col), Some(row)) = (u16::try_from(col), row.checked_add(1)) else {
                    continue;
                };
                sheet.cells.entry(row).or_default().insert(col, text);
            }
        }
        if let Ok(regions) = book.merge_cells_by_sheet_name(&name) {
            sheet.merged = regions
                .into_iter()
                .take(10_000)
                .filter_map(|d| {
                    Some((
                        d.start.0.checked_add(1)?,
                        u16::try_from(d.start.1).ok()?,
                        d.end.0.checked_add(1)?,
                        u16::try_from(d.end.1).ok()?,
                    ))
                })
                .collect();
        }
        if let Ok(links) = book.hyperlinks_by_sheet_name(&name) {
            for l in links.into_iter().take(10_000) {
                if let (Some(target), Ok(col)) = (l.target, u16::try_from(l.range.start.1)) {
                    sheet.links.insert((l.range.start.0 + 1, col), target);
                }
            }
        }
        sheets.push(sheet);
    }
    Ok(Book {
        file: file.to_string(),
        sheets,
    })
}

/// A CSV file as one sheet (`;`, `,` or tab separated, UTF-8, with or
/// without a byte-order mark).
fn csv_sheet(file: &str, name: &str, bytes: &[u8]) -> Result<Sheet> {
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
    let mut sheet = Sheet {
        name: name.to_string(),
        ..Sheet::default()
    };
    let mut total = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| unreadable(file, format!("baris CSV rusak: {e}")))?;
        let line = record
            .position()
            .map_or(0, |p| u32::try_from(p.line()).unwrap_or(u32::MAX));
        for (c, value) in record.iter().enumerate() {
            if value.trim().is_empty() {
                continue;
            }
            let Ok(c) = u16::try_from(c) else { break };
            total += 1;
            if total > MAX_CELLS {
                return Err(unreadable(
                    file,
                    format!("berkas berisi lebih dari {MAX_CELLS} sel terisi"),
                ));
            }
            sheet
                .cells
                .entry(line)
                .or_default()
                .insert(c, super::csv_text::unescape(value).to_string());
        }
    }
    Ok(sheet)
}
