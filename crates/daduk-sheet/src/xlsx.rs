//! The sheets of an `.xlsx`, after [`super::bounded::check_xlsx`]: every
//! sheet read cell by cell with calamine's streaming reader into a sparse
//! grid. Formula cells give their cached values (and are marked unknown
//! when the file has none), numbers their shortest text (a percentage
//! format shows `75%`), and only non-empty cells are kept.

use std::collections::HashSet;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx, open_workbook_from_rs};

use super::Sheet;
use super::bounded::{Deadline, Limits, check_xlsx};
use super::scan;
use daduk_domain::text::shown;

/// Whether a number format shows a percentage: a `%` outside quoted text
/// and not escaped.
fn is_percent(format: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in format.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// A number as a spreadsheet shows it without a format: whole numbers
/// without a fraction, others rounded to 10 places (so 0.1 + 0.2 shows as
/// 0.3).
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{}", (f * 1e10).round() / 1e10)
    }
}

fn cell_text(d: &DataRef<'_>, percent: bool) -> String {
    match d {
        DataRef::Int(i) if percent => format!("{}%", number_text(*i as f64 * 100.0)),
        DataRef::Float(f) if percent => format!("{}%", number_text(f * 100.0)),
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(true) => "ya".into(),
        DataRef::Bool(false) => "tidak".into(),
        DataRef::DateTime(d) => format!("tanggal {}", d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Every sheet of an `.xlsx` held in memory, checked for bombs first.
pub(super) fn sheets(
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Vec<Sheet>, String> {
    check_xlsx(bytes, limits, deadline)?;
    let parts = scan::workbook(bytes, limits)?;
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| {
        format!(
            "bukan berkas XLSX yang dapat dibaca ({e}); simpan ulang sebagai Excel Workbook (.xlsx)"
        )
    })?;
    let mut total = 0usize;
    let mut percent_styles: Option<HashSet<usize>> = None;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let Some(part) = parts.iter().find(|p| p.name == name) else {
            return Err(format!(
                "lembar '{}' tidak ditemukan di struktur berkas; simpan ulang sebagai Excel Workbook (.xlsx)",
                shown(&name)
            ));
        };
        let mut sheet = Sheet {
            name: name.clone(),
            hidden: part.hidden,
            ..Sheet::default()
        };
        let links = {
            let Ok(mut reader) = book.worksheet_cells_reader(&name) else {
                continue; // a chart sheet or a macro sheet: no cells
            };
            let percent = percent_styles.get_or_insert_with(|| {
                reader
                    .styles()
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.number_format
                            .as_ref()
                            .is_some_and(|f| is_percent(&f.format_code))
                    })
                    .map(|(i, _)| i)
                    .collect()
            });
            let scan = scan::sheet(bytes, part, percent, limits, deadline)?;
            let mut seen = 0u32;
            loop {
                seen = seen.wrapping_add(1);
                if seen.is_multiple_of(4096) {
                    deadline.check()?;
                }
                let cell = reader
                    .next_cell_with_formula_metadata()
                    .map_err(|e| format!("lembar '{}' tidak terbaca: {e}", shown(&name)))?;
                let Some(cell) = cell else { break };
                let (row, col) = cell.pos;
                let (Ok(col), Some(row)) = (u16::try_from(col), row.checked_add(1)) else {
                    continue;
                };
                let uncached = cell.formula.is_some() && matches!(cell.value, DataRef::Empty);
                let text = cell_text(&cell.value, scan.percent.contains(&(row, col)));
                if text.trim().is_empty() && !uncached {
                    continue;
                }
                total += 1;
                if total > limits.cells {
                    return Err(format!(
                        "berkas berisi lebih dari {} sel terisi; lembar kerja LKE dan tabel rencana aksi \
                         jauh lebih kecil — simpan hanya lembar yang diperlukan ke berkas baru",
                        limits.cells
                    ));
                }
                if uncached {
                    sheet.uncached.insert((row, col));
                } else {
                    sheet.cells.entry(row).or_default().insert(col, text);
                }
            }
            sheet.hidden_rows = scan.hidden_rows;
            sheet.merged = scan.merged;
            scan.links
        };
        if links > 0
            && let Ok(found) = book.hyperlinks_by_sheet_name(&name)
        {
            for l in found {
                if let (Some(target), Ok(col), Some(row)) = (
                    l.target,
                    u16::try_from(l.range.start.1),
                    l.range.start.0.checked_add(1),
                ) {
                    sheet.links.insert((row, col), target);
                }
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentage_formats_are_told_from_others() {
        for f in ["0%", "0.00%", "#,##0.0%;[Red]-0%"] {
            assert!(is_percent(f), "{f}");
        }
        for f in ["General", "0.00", "\"%\"0", "0\\%", "dd/mm/yyyy"] {
            assert!(!is_percent(f), "{f}");
        }
        assert_eq!(cell_text(&DataRef::Float(0.75), true), "75%");
        assert_eq!(cell_text(&DataRef::Float(0.7525), true), "75.25%");
        assert_eq!(cell_text(&DataRef::Float(0.75), false), "0.75");
        assert_eq!(cell_text(&DataRef::Float(0.1 + 0.2), false), "0.3");
        assert_eq!(cell_text(&DataRef::Int(1), true), "100%");
    }
}
