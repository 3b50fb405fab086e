//! Reading Daduk's own worksheet layout: a row of column titles, then one
//! row per item with its code in `Kode`. Columns are found by their titles,
//! so moved columns still work; group rows (`P.1`, `TOTAL`) are skipped.

use std::collections::HashMap;

use daduk_domain::answer::Role;
use daduk_domain::code::ItemCode;
use daduk_domain::references::from_cells;
use daduk_domain::template::Template;

use super::group_codes;
use crate::Sheet;
use crate::layout::{
    ImportRoles, ItemCells, ParseResult, Parsed, answer_cell, identity, row_error, slot,
};

/// The columns the layout has; answers and notes indexed by [`slot`] (a
/// file from before TPN was a side has no TPN columns).
#[derive(Debug, Default)]
pub(crate) struct Columns {
    code: Option<usize>,
    answer: [Option<usize>; 3],
    note: [Option<usize>; 3],
    references: Option<usize>,
}

/// The title of `role`'s answer column.
fn answer_title(role: Role) -> &'static str {
    match role {
        Role::Unit => "Jawaban Unit",
        Role::Tpi => "Jawaban TPI",
        Role::Tpn => "Jawaban TPN",
    }
}

/// Daduk's layout has 15 columns (12 before TPN's); a few more are tolerated, the rest of a
/// row is ignored.
const WIDTH: u16 = 64;

fn normalise(title: &str) -> String {
    title
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The row of column titles (1-based) and its columns, within the first
/// 50 filled rows.
pub(crate) fn find_header(sheet: &Sheet) -> Option<(u32, Columns)> {
    for (row, _) in sheet.rows().take(50) {
        let mut cols = Columns::default();
        for (j, cell) in sheet.dense(row, WIDTH).iter().enumerate() {
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
            } else if t == "jawaban tpn" {
                cols.answer[2] = Some(j);
            } else if t == "catatan tpn" || t == "catatan reviu tpn" {
                cols.note[2] = Some(j);
            } else if t.starts_with("rujukan") {
                cols.references = Some(j);
            }
        }
        if cols.code.is_some() && cols.answer.iter().any(Option::is_some) {
            return Some((row, cols));
        }
    }
    None
}

/// Whether a sheet has the layout's column titles (`Kode` and a `Jawaban`
/// column) within its first 50 filled rows.
pub fn has_header(sheet: &Sheet) -> bool {
    find_header(sheet).is_some()
}

/// Check every row; what each item row holds, or every bad row.
pub fn parse(template: &Template, sheet: &Sheet, roles: ImportRoles) -> ParseResult {
    let Some((header, cols)) = find_header(sheet) else {
        return Err(vec![row_error(
            1,
            "",
            "",
            "kepala kolom lembar kerja tidak ditemukan (Kode, Jawaban Unit, Jawaban TPI, Jawaban TPN); \
             pakai berkas dari `daduk worksheet export`",
        )]);
    };
    let mut errors = Vec::new();
    for role in roles.roles() {
        if cols.answer[slot(*role)].is_none() {
            let title = answer_title(*role);
            // A sheet exported before TPN was a side has every column but
            // TPN's: export it again to get them.
            let hint = if *role == Role::Tpn {
                "lembar dari Daduk versi lama belum memuatnya: ekspor ulang dengan `daduk worksheet export`, \
                 lalu isi kolom Jawaban TPN dan Catatan TPN dari LHE"
            } else {
                "pilih peran (--role) yang sesuai atau pakai berkas dari `daduk worksheet export`"
            };
            errors.push(row_error(
                header,
                "",
                "",
                format!("kolom '{title}' tidak ada; {hint}"),
            ));
        }
    }
    let code_col = cols.code.unwrap_or(0);
    let groups = group_codes(template);
    let mut seen: HashMap<ItemCode, u32> = HashMap::new();
    let mut out = Vec::new();
    for (line, _) in sheet.rows().filter(|(r, _)| *r > header) {
        let cells = sheet.dense(line, WIDTH);
        let get = |c: Option<usize>| c.and_then(|c| cells.get(c)).map_or("", |s| s.trim());
        let code_text = get(Some(code_col));
        let touched = roles.roles().iter().any(|r| {
            let i = slot(*r);
            !get(cols.answer[i]).is_empty() || !get(cols.note[i]).is_empty()
        });
        if code_text.is_empty() {
            if touched {
                errors.push(row_error(
                    line,
                    "",
                    "",
                    "kolom Kode kosong padahal baris ini diisi; kembalikan kode butirnya",
                ));
            }
            continue;
        }
        if groups.contains(code_text) {
            continue;
        }
        let item: ItemCode = match code_text.parse() {
            Ok(c) => c,
            Err(e) => {
                errors.push(row_error(line, code_text, "", e.to_string()));
                continue;
            }
        };
        if template.item(item).is_none() {
            errors.push(row_error(
                line,
                code_text,
                "",
                format!("butir tidak ada di templat {}", template.id()),
            ));
            continue;
        }
        if let Some(first) = seen.insert(item, line) {
            errors.push(row_error(
                line,
                code_text,
                "",
                format!("butir ini sudah ada di baris {first}"),
            ));
            continue;
        }
        let mut found = ItemCells {
            item: Some(item),
            ..ItemCells::default()
        };
        for role in roles.roles() {
            let i = slot(*role);
            let Some(col) = cols.answer[i] else { continue };
            let text = get(Some(col));
            match answer_cell(template, item, *role, text) {
                Ok(v) => found.answer[i] = Some(v),
                Err(reason) => errors.push(row_error(line, code_text, text, reason)),
            }
            found.note[i] = cols.note[i].map(|c| get(Some(c)).to_string());
            let at = |c: Option<usize>| c.and_then(|c| u16::try_from(c).ok());
            found.mark_unknown(
                sheet,
                i,
                [(line, at(Some(col)))],
                [(line, at(cols.note[i]))],
            );
        }
        found.references = cols.references.map(|c| from_cells(get(Some(c)), "", None));
        out.push(found);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Parsed {
        identity: identity::scan(sheet, header),
        cells: out,
        warnings: Vec::new(),
        copy: identity::CopyMark::find(sheet, header),
    })
}
