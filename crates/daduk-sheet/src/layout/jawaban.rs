//! PortalRB's official Excel layout: the sheet "Jawaban", one row per soal
//! at the row the master soal names, the unit's answer in K, note in L,
//! evidence in M, TPI's answer in N and note in Q.
//!
//! Written ready to upload (with the soal id, Daduk's code and the question
//! beside each row for people), and read back from the same places. A
//! counts item is one row per typed count row; its note and evidence go on
//! its first row.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use daduk_domain::answer::{AnswerValue, Role};
use daduk_domain::assessment::{Assessment, Unit};
use daduk_domain::code::ItemCode;
use daduk_domain::error::{Error, RowError};
use daduk_domain::portalrb::api::{ItemAnswers, soal_answer};
use daduk_domain::portalrb::mapping::{Soal, SoalKind, SoalMap};
use daduk_domain::references::{Reference, from_cells};
use daduk_domain::template::Template;
use daduk_domain::textmatch::{SAME_TEXT, best_match, similarity};

use crate::Sheet;
use crate::layout::{
    ImportRoles, ItemCells, Parsed, answer_cell, identity, no_tpn_columns, row_error, write_error,
};

/// The sheet's name in PortalRB's file.
pub const SHEET: &str = "Jawaban";
/// The row of column titles written above the first soal.
const HEADER_ROW: u32 = 5;

/// Why a Jawaban sheet could not be read.
#[derive(Debug)]
pub enum Failure {
    /// There is no PortalRB question list for the assessment's year.
    NoMap(Error),
    /// Bad rows.
    Rows(Vec<RowError>),
}

/// A line Daduk writes for an attached file (`name (sha256 1a2b…)`): files
/// are not references, so such lines are skipped when read back.
fn is_file_line(line: &str) -> bool {
    let t = line.trim();
    t.ends_with(')')
        && t.rfind("(sha256 ").is_some_and(|i| {
            let hex = &t[i + 8..t.len() - 1];
            hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit())
        })
}

/// The longest text of a row left of the answer column: the question.
fn row_text(sheet: &Sheet, row: u32, before: u16) -> String {
    sheet
        .cells
        .get(&row)
        .map(|cells| {
            cells
                .range(..before)
                .map(|(_, t)| t.trim())
                .filter(|t| t.contains(' '))
                .max_by_key(|t| t.len())
                .unwrap_or("")
                .to_string()
        })
        .unwrap_or_default()
}

/// Read the sheet: each soal's cells, grouped into items.
pub fn parse(
    template: &Template,
    year: i32,
    sheet: &Sheet,
    roles: ImportRoles,
) -> Result<Parsed, Failure> {
    if let Some(refusal) = no_tpn_columns(roles, "lembar Jawaban PortalRB", 1) {
        return Err(Failure::Rows(vec![refusal]));
    }
    let map = SoalMap::built_in(template, year).map_err(Failure::NoMap)?;
    let cols = map.columns();
    let answer_col = [cols.unit_answer, cols.tpi_answer];
    let note_col = [cols.unit_note, cols.tpi_note];
    let mut errors = Vec::new();
    let texts: Vec<&str> = map.soal().iter().map(|s| s.text.as_str()).collect();
    let rows: std::collections::HashSet<u32> = map.soal().iter().map(|s| s.row).collect();
    let first = map.soal().iter().map(|s| s.row).min().unwrap_or(1);
    // Anything in the answer columns outside the soal rows has no place.
    for (line, cells) in sheet
        .rows()
        .filter(|(r, _)| *r >= first && !rows.contains(r))
    {
        let used = roles.roles().iter().find_map(|r| {
            let i = usize::from(*r == Role::Tpi);
            [answer_col[i], note_col[i]]
                .into_iter()
                .chain((*r == Role::Unit).then_some(cols.unit_evidence))
                .find_map(|c| cells.get(&c).filter(|t| !t.trim().is_empty()))
        });
        if let Some(value) = used {
            errors.push(row_error(
                line,
                "",
                value,
                format!(
                    "baris ini bukan baris soal PortalRB {year}; isi jawaban hanya di baris soal"
                ),
            ));
        }
    }
    let mut by_item: BTreeMap<ItemCode, Vec<&Soal>> = BTreeMap::new();
    for s in map.soal() {
        // A row holding another soal's question was moved: refuse it.
        let text = row_text(sheet, s.row, cols.unit_answer);
        if !text.is_empty()
            && similarity(&text, &s.text) < SAME_TEXT
            && let Some((j, _)) = best_match(&text, texts.iter().copied())
        {
            errors.push(row_error(
                s.row,
                &s.item.to_string(),
                &text,
                format!(
                    "baris ini berisi soal {} ('{}'), padahal baris {} adalah soal {} ('{}') menurut master soal {year}",
                    map.soal()[j].id,
                    map.soal()[j].text,
                    s.row,
                    s.id,
                    s.text
                ),
            ));
        }
        by_item.entry(s.item).or_default().push(s);
    }
    let mut out = Vec::new();
    for (item, soal) in &by_item {
        let code = item.to_string();
        let mut cells = ItemCells {
            item: Some(*item),
            ..ItemCells::default()
        };
        for role in roles.roles() {
            let i = usize::from(*role == Role::Tpi);
            let answer = if soal[0].kind == SoalKind::Jumlah {
                let mut parts = Vec::new();
                for s in soal {
                    let v = sheet.get(s.row, answer_col[i]);
                    if v.is_empty() {
                        continue;
                    }
                    match super::cells::whole_number(v) {
                        Ok(n) => {
                            parts.push(format!("{}={n}", s.count_row.as_deref().unwrap_or("")))
                        }
                        Err(reason) => errors.push(row_error(
                            s.row,
                            &code,
                            v,
                            format!("Jawaban {}: {reason}", role.label()),
                        )),
                    }
                }
                if parts.is_empty() {
                    Ok(None)
                } else {
                    AnswerValue::parse(template, *item, &parts.join(";"))
                        .map(Some)
                        .map_err(|e| format!("Jawaban {}: {}", role.label(), e.reason))
                }
            } else {
                answer_cell(
                    template,
                    *item,
                    *role,
                    sheet.get(soal[0].row, answer_col[i]),
                )
            };
            match answer {
                Ok(v) => cells.answer[i] = Some(v),
                Err(reason) => errors.push(row_error(
                    soal[0].row,
                    &code,
                    sheet.get(soal[0].row, answer_col[i]),
                    reason,
                )),
            }
            let mut notes: Vec<&str> = Vec::new();
            for s in soal {
                let n = sheet.get(s.row, note_col[i]);
                if !n.is_empty() && !notes.contains(&n) {
                    notes.push(n);
                }
            }
            cells.note[i] = Some(notes.join("\n"));
            cells.mark_unknown(
                sheet,
                i,
                soal.iter().map(|s| (s.row, Some(answer_col[i]))),
                soal.iter().map(|s| (s.row, Some(note_col[i]))),
            );
        }
        let mut refs: Vec<Reference> = Vec::new();
        for s in soal {
            let text: Vec<&str> = sheet
                .get(s.row, cols.unit_evidence)
                .lines()
                .filter(|l| !is_file_line(l))
                .collect();
            let target = sheet.links.get(&(s.row, cols.unit_evidence));
            for r in from_cells(&text.join("\n"), "", target.map(String::as_str)) {
                if !refs.contains(&r) {
                    refs.push(r);
                }
            }
        }
        cells.references = Some(refs);
        out.push(cells);
    }
    if !errors.is_empty() {
        return Err(Failure::Rows(errors));
    }
    Ok(Parsed {
        identity: identity::scan(sheet, first),
        cells: out,
        warnings: Vec::new(),
        copy: None,
    })
}

/// The workbook's bytes: the Jawaban sheet of an assessment for PortalRB.
pub fn render(
    unit: &Unit,
    a: &Assessment,
    template: &Template,
    map: &SoalMap,
    items: &BTreeMap<ItemCode, ItemAnswers>,
) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    write_sheet(sheet, unit, a, template, map, items).map_err(write_error)?;
    book.save_to_buffer().map_err(write_error)
}

fn write_sheet(
    s: &mut Worksheet,
    unit: &Unit,
    a: &Assessment,
    template: &Template,
    map: &SoalMap,
    items: &BTreeMap<ItemCode, ItemAnswers>,
) -> Result<(), XlsxError> {
    let cols = map.columns();
    s.set_name(SHEET)?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xA6A6A6))
        .set_font_size(10);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x1B3461))
        .set_font_color(Color::White);
    let group = Format::new()
        .set_bold()
        .set_font_size(10)
        .set_background_color(Color::RGB(0xE7ECF6));
    let input = wrap.clone().set_background_color(Color::RGB(0xFFF8E1));
    s.write_string_with_format(
        0,
        0,
        format!(
            "LKE ZONA INTEGRITAS — JAWABAN UNTUK PORTALRB (tahun evaluasi {})",
            map.year()
        ),
        &Format::new().set_bold().set_font_size(13),
    )?;
    s.write_string(1, 0, format!("Unit Kerja: {} ({})", unit.name, unit.code))?;
    s.write_string(2, 0, format!("Tahun: {}", a.year))?;
    s.write_string_with_format(
        3,
        0,
        "Baris dan kolom mengikuti master soal PortalRB; kolom A–J hanya keterangan. \
         Ditulis oleh Daduk dari jawaban yang tersimpan.",
        &Format::new().set_italic().set_font_size(9),
    )?;
    let titles: [(u16, &str, f64); 9] = [
        (0, "ID Soal", 8.0),
        (1, "Butir Daduk", 14.0),
        (2, "Pertanyaan", 70.0),
        (9, "Jenis Jawaban", 11.0),
        (cols.unit_answer, "Jawaban Unit", 12.0),
        (cols.unit_note, "Catatan Unit", 30.0),
        (cols.unit_evidence, "Bukti Dukung Unit", 40.0),
        (cols.tpi_answer, "Jawaban TPI", 12.0),
        (cols.tpi_note, "Catatan TPI", 30.0),
    ];
    for (c, title, width) in titles {
        s.set_column_width(c, width)?;
        s.write_string_with_format(HEADER_ROW - 1, c, title, &header)?;
    }
    let soal_rows: std::collections::HashSet<u32> = map.soal().iter().map(|x| x.row).collect();
    let mut first_of_item = std::collections::HashSet::new();
    let mut last_sub = None;
    let empty = ItemAnswers::default();
    for soal in map.soal() {
        let row = soal.row - 1; // zero-based
        let sub = soal.item.sub_area_code();
        if last_sub != Some(sub) {
            last_sub = Some(sub);
            if soal.row > HEADER_ROW + 1
                && !soal_rows.contains(&(soal.row - 1))
                && let Some(def) = template.sub_area(sub)
            {
                s.write_string_with_format(row - 1, 2, format!("{sub} {}", def.name), &group)?;
            }
        }
        let data = items.get(&soal.item).unwrap_or(&empty);
        let first = first_of_item.insert(soal.item);
        s.write_number_with_format(row, 0, f64::from(soal.id), &wrap)?;
        let code = match &soal.count_row {
            Some(r) => format!("{} ({r})", soal.item),
            None => soal.item.to_string(),
        };
        s.write_string_with_format(row, 1, &code, &wrap)?;
        s.write_string_with_format(row, 2, &soal.text, &wrap)?;
        s.write_string_with_format(row, 9, soal.kind.name(), &wrap)?;
        for (col, answer) in [
            (cols.unit_answer, data.unit.as_ref()),
            (cols.tpi_answer, data.tpi.as_ref()),
        ] {
            match (soal_answer(soal, answer), soal.kind) {
                (Some(v), SoalKind::Jumlah | SoalKind::Index) => match v.parse::<f64>() {
                    Ok(x) => s.write_number_with_format(row, col, x, &input)?,
                    Err(_) => s.write_string_with_format(row, col, &v, &input)?,
                },
                (Some(v), _) => s.write_string_with_format(row, col, &v, &input)?,
                (None, _) => s.write_blank(row, col, &input)?,
            };
        }
        for (col, text) in [
            (cols.unit_note, &data.unit_note),
            (cols.unit_evidence, &data.evidence),
            (cols.tpi_note, &data.tpi_note),
        ] {
            if first && !text.is_empty() {
                s.write_string_with_format(row, col, text, &input)?;
            } else {
                s.write_blank(row, col, &input)?;
            }
        }
    }
    s.set_freeze_panes(HEADER_ROW, 3)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daduk_file_lines_are_told_from_references() {
        assert!(is_file_line("SK Tim.pdf (sha256 1a2b3c4d5e6f)"));
        assert!(!is_file_line("SK Tim (2024)"));
        assert!(!is_file_line("https://drive.example/x"));
    }
}
