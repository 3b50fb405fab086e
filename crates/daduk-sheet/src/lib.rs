//! Every spreadsheet Daduk reads — a worksheet in any of its three layouts,
//! a Target Prioritas table — goes through this one bounded reader.
//!
//! A file becomes a [`Book`] of sparse [`Sheet`]s: only the cells present
//! are kept, so a stray cell at `XFD1048576` costs one entry, never a dense
//! range sized by the sheet's declared dimension. The reader is bounded in
//! bytes (the file, every zip part, all parts together, checked before the
//! spreadsheet library sees them), in what it keeps whole (shared strings,
//! styles), in cells, in merged regions and links, and in time
//! ([`Limits`]). It reads what a person sees: a formula's cached value, a
//! number formatted as a percentage as `75%`, merged regions and hidden rows
//! and sheets as the file marks them, and a formula whose result the file
//! does not carry as *unknown* rather than empty. What each layout does
//! with that is [`layout`]'s affair: the worksheet in its three layouts
//! (Daduk's own, Lampiran III, PortalRB's Jawaban), read and written, and
//! the Target Prioritas table, read; all pure over domain types, the
//! workspace gathering their data and applying what they read. CSV cells
//! Daduk writes are escaped against formula injection by [`csv_text`], and
//! read back through it.

#![warn(missing_docs)]

mod bounded;
#[cfg(any(test, feature = "test-support"))]
pub mod build;
mod csv;
pub mod csv_text;
pub mod layout;
mod scan;
mod xlsx;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

pub use bounded::{Limits, ReadError};

/// One sheet: non-empty cells by 1-based row, then 0-based column.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name (the file name for a CSV).
    pub name: String,
    /// Cells by row (1-based) and column (0-based), text as shown.
    pub cells: BTreeMap<u32, BTreeMap<u16, String>>,
    /// Hyperlink targets by (row, column).
    pub links: HashMap<(u32, u16), String>,
    /// Merged regions: (first row, first column, last row, last column).
    pub merged: Vec<(u32, u16, u32, u16)>,
    /// Cells holding a formula whose result the file does not carry (a
    /// file written by a program that does not calculate): unknown, which
    /// is not empty.
    pub uncached: BTreeSet<(u32, u16)>,
    /// Rows the file hides (1-based).
    pub hidden_rows: BTreeSet<u32>,
    /// Whether the sheet itself is hidden.
    pub hidden: bool,
}

impl Sheet {
    /// The trimmed text of a cell ("" when empty or unknown).
    pub fn get(&self, row: u32, col: u16) -> &str {
        self.cells
            .get(&row)
            .and_then(|r| r.get(&col))
            .map_or("", |s| s.trim())
    }

    /// Whether a cell is a formula without its result.
    pub fn is_uncached(&self, row: u32, col: u16) -> bool {
        self.uncached.contains(&(row, col))
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

    /// The merged region that covers a cell, if any.
    pub fn region_of(&self, row: u32, col: u16) -> Option<(u32, u16, u32, u16)> {
        self.merged
            .iter()
            .copied()
            .find(|m| m.0 <= row && row <= m.2 && m.1 <= col && col <= m.3)
    }
}

/// A workbook: its sheets in order.
#[derive(Debug, Clone, Default)]
pub struct Book {
    /// The file as named in messages.
    pub file: String,
    /// The sheets.
    pub sheets: Vec<Sheet>,
}

/// The kinds of file read, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.xlsx` / `.xlsm`.
    Xlsx,
    /// `.csv` / `.txt`.
    Csv,
}

impl Format {
    /// The format a path's extension names, if it is one read.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "csv" | "txt" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Read a spreadsheet file within Daduk's bounds.
pub fn read(path: &Path, format: Format) -> Result<Book, ReadError> {
    read_within(path, format, &Limits::DEFAULT)
}

/// Read a spreadsheet file within `limits`.
pub fn read_within(path: &Path, format: Format, limits: &Limits) -> Result<Book, ReadError> {
    let deadline = bounded::Deadline::start(limits);
    let file = path.display().to_string();
    let sheets = match format {
        Format::Xlsx => {
            let bytes = bounded::read_bounded(path, limits.xlsx_bytes)?;
            xlsx::sheets(&bytes, limits, &deadline)?
        }
        Format::Csv => {
            let bytes = bounded::read_bounded(path, limits.csv_bytes)?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            vec![csv::sheet(&name, &bytes, limits)?]
        }
    };
    Ok(Book { file, sheets })
}

#[cfg(test)]
mod tests;
