//! The worksheet as an XLSX workbook (rust_xlsxwriter): the LKE sheet with
//! its title, group and column headers, shaded subtotal rows and pale input
//! cells, set up to print on A4 landscape; and a sheet of instructions.

use std::collections::HashMap;

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Url, Workbook, Worksheet, XlsxError,
};

use daduk_domain::Error;
use daduk_domain::answer::AnswerValue;
use daduk_domain::assessment::{Assessment, Unit};

use super::{COLUMNS, RoleCells, RowLevel, SheetRow};
use crate::layout::identity::CopyMark;
use crate::layout::write_error;

/// Name of the LKE sheet; the import looks for it first.
pub const SHEET: &str = "LKE";
/// Zero-based row of the column titles.
const HEADER_ROW: u32 = 4;

const WIDTHS: [f64; 15] = [
    11.0, 62.0, 8.0, 42.0, 12.0, 8.0, 30.0, 30.0, 12.0, 8.0, 30.0, 30.0, 12.0, 8.0, 30.0,
];

const NAVY: u32 = 0x1B3461;

struct Formats {
    title: Format,
    subtitle: Format,
    note: Format,
    group: Format,
    header: Format,
    code: Format,
    levels: [(Format, Format); 5],
    input: Format,
    input_number: Format,
    value: Format,
}

fn formats() -> Formats {
    let cell = || {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xA6A6A6))
            .set_align(FormatAlign::Top)
            .set_text_wrap()
            .set_font_size(10)
    };
    let level = |fill: u32, bold: bool| {
        let f = cell().set_background_color(Color::RGB(fill));
        let f = if bold { f.set_bold() } else { f };
        (f.clone(), f.set_num_format("0.00"))
    };
    Formats {
        title: Format::new()
            .set_bold()
            .set_font_size(14)
            .set_font_color(Color::RGB(NAVY)),
        subtitle: Format::new().set_font_size(11),
        note: Format::new()
            .set_italic()
            .set_font_size(9)
            .set_font_color(Color::RGB(0x595959))
            .set_text_wrap(),
        group: Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_font_color(Color::RGB(NAVY)),
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(NAVY))
            .set_font_color(Color::White),
        code: cell()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_font_color(Color::RGB(0x595959)),
        levels: [
            level(0xB4C6E7, true),
            level(0xD9E1F2, true),
            level(0xE7ECF6, true),
            level(0xF5F7FB, true),
            level(0xFFFFFF, false),
        ],
        input: cell().set_background_color(Color::RGB(0xFFF8E1)),
        input_number: cell()
            .set_background_color(Color::RGB(0xFFF8E1))
            .set_num_format("0.00"),
        value: cell().set_num_format("0.00"),
    }
}

/// The workbook's bytes.
pub fn render_xlsx(
    unit: &Unit,
    a: &Assessment,
    rows: &[SheetRow],
    copy: Option<&CopyMark>,
) -> Result<Vec<u8>, Error> {
    render_xlsx_linked(unit, a, rows, &HashMap::new(), copy)
}

/// The workbook's bytes, with the Bukti Dukung cell of each item in `links`
/// (item code → path relative to the workbook) a hyperlink: inside a
/// packet, to the item's file, or to its folder when it has several.
pub fn render_xlsx_linked(
    unit: &Unit,
    a: &Assessment,
    rows: &[SheetRow],
    links: &HashMap<String, String>,
    copy: Option<&CopyMark>,
) -> Result<Vec<u8>, Error> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    lke_sheet(sheet, unit, a, rows, links, copy).map_err(write_error)?;
    let help = book.add_worksheet();
    help_sheet(help, unit, a).map_err(write_error)?;
    book.save_to_buffer().map_err(write_error)
}

fn lke_sheet(
    s: &mut Worksheet,
    unit: &Unit,
    a: &Assessment,
    rows: &[SheetRow],
    links: &HashMap<String, String>,
    copy: Option<&CopyMark>,
) -> Result<(), XlsxError> {
    let f = formats();
    s.set_name(SHEET)?;
    for (i, w) in WIDTHS.iter().enumerate() {
        s.set_column_width(col(i), *w)?;
    }
    let last = col(COLUMNS.len() - 1);
    s.merge_range(
        0,
        0,
        0,
        last,
        "LEMBAR KERJA EVALUASI ZONA INTEGRITAS",
        &f.title,
    )?;
    let mut who = format!("{} ({})", unit.name, unit.code);
    if !unit.instansi.is_empty() {
        who.push_str(&format!(" · {}", unit.instansi));
    }
    who.push_str(&format!(" · Tahun {} · Target {}", a.year, unit.target));
    s.merge_range(1, 0, 1, last, &who, &f.subtitle)?;
    s.merge_range(
        2,
        0,
        2,
        last,
        &format!(
            "Isi kolom berlatar kuning (Jawaban dan Catatan; kolom TPN dari LHE), jangan ubah kolom Kode, lalu impor: \
             daduk worksheet import --unit {} --year {} BERKAS.xlsx. Nilai dihitung ulang oleh Daduk saat impor.{}",
            a.unit,
            a.year,
            copy.map(|c| format!(
                " {} (biarkan: jawaban yang diubah di Daduk sejak lembar ini diekspor tidak tertimpa)",
                c.text()
            ))
            .unwrap_or_default()
        ),
        &f.note,
    )?;
    s.set_row_height(2, 27)?;
    s.merge_range(3, 0, 3, 3, "", &f.group)?;
    s.merge_range(3, 4, 3, 7, "PENILAIAN UNIT", &f.group)?;
    s.merge_range(3, 8, 3, 10, "PENILAIAN TPI", &f.group)?;
    s.write_blank(3, 11, &f.group)?;
    s.merge_range(3, 12, 3, last, "PENILAIAN TPN (LHE)", &f.group)?;
    for (i, title) in COLUMNS.iter().enumerate() {
        s.write_string_with_format(HEADER_ROW, col(i), *title, &f.header)?;
    }
    s.set_row_height(HEADER_ROW, 30)?;
    for (i, r) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROW - 1);
        let (text, number) = match r.level {
            RowLevel::Component | RowLevel::Total => &f.levels[0],
            RowLevel::Part => &f.levels[1],
            RowLevel::Area => &f.levels[2],
            RowLevel::SubArea => &f.levels[3],
            RowLevel::Item => &f.levels[4],
        };
        s.write_string_with_format(row, 0, &r.code, &f.code)?;
        s.write_string_with_format(row, 1, &r.label, text)?;
        match r.weight {
            Some(w) => s.write_number_with_format(row, 2, w, number)?,
            None => s.write_blank(row, 2, text)?,
        };
        s.write_string_with_format(row, 3, &r.options, text)?;
        let item = r.level == RowLevel::Item;
        let role = |s: &mut Worksheet, c: &RoleCells, first: u16| -> Result<(), XlsxError> {
            let (input, input_number) = if item {
                (&f.input, &f.input_number)
            } else {
                (text, number)
            };
            match &c.answer {
                Some(AnswerValue::SurveyIndex(x)) => {
                    s.write_number_with_format(row, first, *x, input_number)?;
                }
                _ if c.answer_text.is_empty() => {
                    s.write_blank(row, first, input)?;
                }
                _ => {
                    s.write_string_with_format(row, first, &c.answer_text, input)?;
                }
            }
            let value_format = if item { &f.value } else { number };
            match c.value {
                Some(v) => s.write_number_with_format(row, first + 1, v, value_format)?,
                None => s.write_blank(row, first + 1, value_format)?,
            };
            if c.note.is_empty() {
                s.write_blank(row, first + 2, input)?;
            } else {
                s.write_string_with_format(row, first + 2, &c.note, input)?;
            }
            Ok(())
        };
        role(s, &r.unit, 4)?;
        match links.get(&r.code) {
            _ if r.evidence.is_empty() => {
                s.write_blank(row, 7, text)?;
            }
            Some(target) => {
                let url = Url::new(format!("file:///{target}")).set_text(&r.evidence);
                s.write_url_with_format(
                    row,
                    7,
                    url,
                    &text.clone().set_font_color(Color::RGB(0x1F5FA8)),
                )?;
            }
            None => {
                s.write_string_with_format(row, 7, &r.evidence, text)?;
            }
        }
        role(s, &r.tpi, 8)?;
        if r.references.is_empty() {
            s.write_blank(row, 11, if item { &f.input } else { text })?;
        } else {
            s.write_string_with_format(row, 11, &r.references, &f.input)?;
        }
        role(s, &r.tpn, 12)?;
    }
    s.set_freeze_panes(HEADER_ROW + 1, 2)?;
    s.set_landscape();
    s.set_paper_size(9);
    s.set_print_fit_to_pages(1, 0);
    s.set_repeat_rows(3, HEADER_ROW)?;
    s.set_header("&L&8Lembar Kerja Evaluasi ZI&R&8Halaman &P dari &N");
    Ok(())
}

fn help_sheet(s: &mut Worksheet, unit: &Unit, a: &Assessment) -> Result<(), XlsxError> {
    s.set_name("Petunjuk")?;
    s.set_column_width(0, 110)?;
    let bold = Format::new().set_bold().set_font_size(12);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    s.write_string_with_format(0, 0, "Petunjuk pengisian lembar kerja", &bold)?;
    let lines = [
        format!("Lembar kerja ini dibuat oleh Daduk untuk {} ({}), tahun {}.", unit.name, unit.code, a.year),
        "Satu baris per butir LKE, berurutan seperti LKE; baris berwarna adalah subtotal komponen, area dan sub-area beserta bobotnya.".to_string(),
        "Isi hanya sel berlatar kuning: Jawaban dan Catatan (Unit dan/atau TPI). Kolom Kode jangan diubah; dengan kode itulah setiap baris dikenali.".to_string(),
        "Kolom TPN (paling kanan): nilai dan catatan Tim Penilai Nasional per butir, disalin dari LHE yang diterima; \
         diimpor hanya bila diminta (--role tpn atau all).".to_string(),
        "Jawaban: ya/tidak; satu huruf a–e sesuai Pilihan Jawaban; jumlah per baris seperti a=5;b=7; indeks survei seperti 3,61.".to_string(),
        "Sel yang dikosongkan tidak mengubah jawaban, catatan atau rujukan yang tersimpan (kecuali diimpor dengan --clear-empty). \
         Rujukan Data Dukung: satu dokumen per baris, boleh dengan tautan (https://…).".to_string(),
        format!(
            "Impor kembali: daduk worksheet import --unit {} --year {} BERKAS.xlsx [--role unit|tpi|tpn|both|all] (bawaan: sisi ruang kerja ini; both = Unit dan TPI). \
             Bila ada baris yang salah, tidak ada yang disimpan dan setiap baris yang salah disebut nomornya.",
            a.unit, a.year
        ),
        "Kolom Nilai dan subtotal hanya informasi saat ekspor; Daduk menghitung ulang nilai setelah impor.".to_string(),
    ];
    for (i, l) in lines.iter().enumerate() {
        s.write_string_with_format(u32::try_from(i).unwrap_or(0) + 2, 0, l, &wrap)?;
    }
    Ok(())
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}
