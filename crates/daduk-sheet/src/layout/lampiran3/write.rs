//! Writing the Lampiran III layout with live formulas.
//!
//! The hierarchy is numbered in B–G as units know it; K holds the answer,
//! L its value by a formula (choice values, yes/no, the survey index and the
//! counts formulas all from the template), and every sub-area, area, part,
//! component and the total are formulas over the rows below them. So a TPI
//! who edits an answer in Excel sees the totals change exactly as Daduk
//! computes them: a sub-area is the sum of its item values over *all* its
//! items times its weight (an unanswered item, "Blm Diisi", counts 0).
//! Column N beside it gives the figure of the official worksheet, the mean
//! of the *answered* items (`AVERAGE` skips the text). Every formula carries
//! Daduk's own result, so the file reads right before any recalculation.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use daduk_domain::Error;
use daduk_domain::answer::AnswerValue;
use daduk_domain::assessment::{Assessment, Unit};
use daduk_domain::code::SubAreaCode;
use daduk_domain::references::Reference;
use daduk_domain::template::formula::{Expr, Function, Op};
use daduk_domain::template::{AnswerSpec, Item, Template};

use crate::layout::daduk::answer_options;
use crate::layout::{SheetData, write_error};

/// The sheet's name, as units call it.
pub(crate) const SHEET: &str = "LKE ZI";
/// The total row's label, as the official Lampiran III words it.
pub(crate) const TOTAL_LABEL: &str = "NILAI EVALUASI ZONA INTEGRITAS";

// Zero-based columns.
const B: u16 = 1;
const H: u16 = 7;
const I: u16 = 8;
const J: u16 = 9;
const K: u16 = 10;
const L: u16 = 11;
const M: u16 = 12;
const N: u16 = 13;
const O: u16 = 14;
const P: u16 = 15;
const Q: u16 = 16;
const R: u16 = 17;
const S: u16 = 18;
const T: u16 = 19;
const U: u16 = 20;
const V: u16 = 21;
/// The first data row (zero-based): after the title and two header rows.
const FIRST: u32 = 7;

/// A role's columns: answer, value, official value.
#[derive(Clone, Copy)]
struct RoleCols {
    answer: u16,
    value: u16,
    official: u16,
}

const ROLES: [RoleCols; 2] = [
    RoleCols {
        answer: K,
        value: L,
        official: N,
    },
    RoleCols {
        answer: R,
        value: S,
        official: T,
    },
];

fn cell(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

fn num(x: f64) -> String {
    // Shortest text that reads back as the same f64 (Excel keeps 15 digits).
    format!("{x}")
}

/// The answer kind as Lampiran III writes it in column J.
fn kind_label(item: &Item) -> String {
    match &item.answer {
        AnswerSpec::YesNo => "Ya/Tidak".into(),
        AnswerSpec::Choice { options } => options
            .iter()
            .map(|o| o.letter.to_ascii_uppercase().to_string())
            .collect::<Vec<_>>()
            .join("/"),
        AnswerSpec::Counts { .. } => "%".into(),
        AnswerSpec::SurveyIndex { min, max } => format!("Nilai ({}-{})", num(*min), num(*max)),
    }
}

/// A template formula in Excel syntax, rows read from `cells`.
fn excel_expr(e: &Expr, cells: &HashMap<String, String>) -> String {
    match e {
        Expr::Number(n) => num(*n),
        Expr::Row(r) => cells.get(r).cloned().unwrap_or_else(|| "0".into()),
        Expr::Neg(x) => format!("(-{})", excel_expr(x, cells)),
        Expr::Binary(a, op, b) => {
            let op = match op {
                Op::Add => "+",
                Op::Sub => "-",
                Op::Mul => "*",
                Op::Div => "/",
            };
            format!("({}{op}{})", excel_expr(a, cells), excel_expr(b, cells))
        }
        Expr::Call(f, args) => {
            let args: Vec<String> = args.iter().map(|a| excel_expr(a, cells)).collect();
            match f {
                Function::Min => format!("MIN({})", args.join(",")),
                Function::Max => format!("MAX({})", args.join(",")),
                Function::Clamp => format!(
                    "MIN(MAX({},{}),{})",
                    args.first().map_or("0", String::as_str),
                    args.get(1).map_or("0", String::as_str),
                    args.get(2).map_or("1", String::as_str)
                ),
            }
        }
    }
}

/// The value formula of an item row whose answer is in `answer` (a cell),
/// or, for a counts item, in the rows `rows` (row code → cell).
fn value_formula(
    template: &Template,
    item: &Item,
    answer: &str,
    rows: &HashMap<String, String>,
) -> String {
    match &item.answer {
        AnswerSpec::YesNo => format!(
            "IF(TRIM({answer})=\"\",\"Blm Diisi\",IF(LOWER(TRIM({answer}))=\"ya\",1,IF(LOWER(TRIM({answer}))=\"tidak\",0,\"Salah\")))"
        ),
        AnswerSpec::Choice { options } => {
            let mut f = "\"Salah\"".to_string();
            for (i, o) in options.iter().enumerate().rev() {
                let v = template.choice_value(options.len(), i).unwrap_or(0.0);
                f = format!(
                    "IF(LOWER(LEFT(TRIM({answer}),1))=\"{}\",{},{f})",
                    o.letter,
                    num(v)
                );
            }
            format!("IF(TRIM({answer})=\"\",\"Blm Diisi\",{f})")
        }
        AnswerSpec::SurveyIndex { min, max } => format!(
            "IF(ISNUMBER({answer}),MAX(0,MIN(1,({answer}-{})/({}-{}))),IF(TRIM({answer})=\"\",\"Blm Diisi\",\"Salah\"))",
            num(*min),
            num(*max),
            num(*min)
        ),
        AnswerSpec::Counts { .. } => {
            let Some(formula) = template.counts_formula(item.code) else {
                return "\"Salah\"".into();
            };
            let reads: Vec<&str> = formula
                .reads
                .iter()
                .filter_map(|r| rows.get(r).map(String::as_str))
                .collect();
            let zeros: Vec<String> = reads.iter().map(|c| format!("{c}=0")).collect();
            format!(
                "IF(COUNT({list})<{n},\"Blm Diisi\",IF(AND({zeros}),1,IFERROR(MAX(0,MIN(1,{expr})),\"Salah\")))",
                list = reads.join(","),
                n = reads.len(),
                zeros = zeros.join(","),
                expr = excel_expr(&formula.value, rows)
            )
        }
    }
}

struct Formats {
    levels: [Format; 5],
    levels_num: [Format; 5],
    pct: [Format; 5],
    input: Format,
    input_num: Format,
    text: Format,
    code: Format,
}

fn formats() -> Formats {
    let base = || {
        Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xA6A6A6))
            .set_align(FormatAlign::Top)
            .set_text_wrap()
            .set_font_size(10)
    };
    let fills = [0xB4C6E7, 0xD9E1F2, 0xE7ECF6, 0xF5F7FB, 0xFFFFFF];
    let level = |i: usize| {
        let f = base().set_background_color(Color::RGB(fills[i]));
        if i < 4 { f.set_bold() } else { f }
    };
    Formats {
        levels: std::array::from_fn(level),
        levels_num: std::array::from_fn(|i| level(i).set_num_format("0.00")),
        pct: std::array::from_fn(|i| level(i).set_num_format("0.00%")),
        input: base().set_background_color(Color::RGB(0xFFF8E1)),
        input_num: base()
            .set_background_color(Color::RGB(0xFFF8E1))
            .set_num_format("General"),
        text: base(),
        code: Format::new()
            .set_font_size(8)
            .set_font_color(Color::RGB(0x7F7F7F))
            .set_align(FormatAlign::Top),
    }
}

/// The workbook's bytes.
/// The workbook's bytes and the number of LKE rows written.
pub fn render(unit: &Unit, a: &Assessment, data: &SheetData) -> Result<(Vec<u8>, usize), Error> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows = write_sheet(sheet, unit, a, data).map_err(write_error)?;
    Ok((book.save_to_buffer().map_err(write_error)?, rows))
}

/// A formula with Daduk's result cached.
fn formula(f: &str, result: Option<f64>) -> Formula {
    let result = result.map_or_else(|| "Blm Diisi".to_string(), |x| format!("{x}"));
    Formula::new(format!("={f}")).set_result(result)
}

/// What a group row sums: rows whose value column holds points.
struct Group {
    row: u32,
    level: usize,
    weight: f64,
    /// Daduk's figure and the official one, per role.
    values: [(f64, f64); 2],
}

fn write_group(
    s: &mut Worksheet,
    f: &Formats,
    g: &Group,
    sum: [String; 2],
    official: [String; 2],
) -> Result<(), XlsxError> {
    s.write_number_with_format(g.row, H, g.weight, &f.levels_num[g.level])?;
    for (i, cols) in ROLES.iter().enumerate() {
        let (value, off) = g.values[i];
        s.write_formula_with_format(
            g.row,
            cols.value,
            formula(&sum[i], Some(value)),
            &f.levels_num[g.level],
        )?;
        s.write_formula_with_format(
            g.row,
            cols.official,
            formula(&official[i], Some(off)),
            &f.levels_num[g.level],
        )?;
        if i == 0 {
            let share = if g.weight > 0.0 {
                value / g.weight
            } else {
                0.0
            };
            s.write_formula_with_format(
                g.row,
                M,
                formula(
                    &format!(
                        "IF({h}>0,{l}/{h},0)",
                        h = cell(g.row, H),
                        l = cell(g.row, L)
                    ),
                    Some(share),
                ),
                &f.pct[g.level],
            )?;
        }
    }
    Ok(())
}

/// Write the hierarchy label of a row: `token` at `col`, `text` beside it.
fn label(
    s: &mut Worksheet,
    f: &Format,
    row: u32,
    col: u16,
    token: &str,
    text: &str,
) -> Result<(), XlsxError> {
    for c in B..H {
        s.write_blank(row, c, f)?;
    }
    s.write_string_with_format(row, col, token, f)?;
    // The text spans the rest of the hierarchy columns, as in the printed
    // Lampiran III; its first cell holds it, so a reader finds it there.
    if col + 1 < H - 1 {
        s.merge_range(row, col + 1, row, H - 1, text, f)?;
    } else {
        s.write_string_with_format(row, col + 1, text, f)?;
    }
    // Rows are not measured by every spreadsheet: give wrapped text room.
    s.set_row_height(row, row_height(&[(text, text_width(col + 1))]))?;
    Ok(())
}

/// Characters per line of the hierarchy text starting at `col` (the widths
/// set in `write_header`, about 1.1 characters per unit of width).
fn text_width(col: u16) -> f64 {
    let widths = [9.0, 3.5, 3.5, 3.5, 4.0, 4.0, 52.0];
    widths[usize::from(col)..].iter().sum::<f64>() * 1.1
}

/// The height of a row whose cells hold `texts` (text, characters per line).
fn row_height(texts: &[(&str, f64)]) -> f64 {
    let lines = texts
        .iter()
        .map(|(t, per_line)| {
            t.lines()
                .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
                .sum::<f64>()
        })
        .fold(1.0, f64::max);
    (lines * 13.0).min(400.0)
}

fn write_header(s: &mut Worksheet, unit: &Unit, a: &Assessment) -> Result<(), XlsxError> {
    let title = Format::new()
        .set_bold()
        .set_font_size(13)
        .set_font_color(Color::RGB(0x1B3461));
    s.write_string_with_format(
        0,
        B,
        "LEMBAR KERJA EVALUASI ZONA INTEGRITAS (LAMPIRAN III PERMENPANRB 90/2021)",
        &title,
    )?;
    s.write_string(1, B, format!("Unit Kerja : {} ({})", unit.name, unit.code))?;
    s.write_string(2, B, format!("Tahun : {}", a.year))?;
    s.write_string_with_format(
        3,
        B,
        "Kolom L, M, N, S dan T berisi rumus: ubah Jawaban (K, R) dan nilai ikut berubah seperti di Daduk. \
         N dan T: nilai menurut lembar kerja resmi (rata-rata butir yang dijawab per sub-area). \
         Impor kembali: daduk worksheet import … --format lampiran3",
        &Format::new().set_italic().set_font_size(9),
    )?;
    let group = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xD9E1F2));
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0x1B3461))
        .set_font_color(Color::White);
    s.merge_range(5, B, 5, J, "", &group)?;
    s.merge_range(5, K, 5, Q, "PENILAIAN UNIT", &group)?;
    s.merge_range(5, R, 5, U, "PENILAIAN TPI", &group)?;
    s.merge_range(6, B, 6, 6, "KOMPONEN / SUB KOMPONEN", &head)?;
    for (c, t) in [
        (H, "Bobot"),
        (I, "Penjelasan"),
        (J, "Pilihan Jawaban"),
        (K, "Jawaban"),
        (L, "Nilai"),
        (M, "%"),
        (N, "Nilai (lembar kerja resmi)"),
        (O, "Catatan"),
        (P, "Bukti Dukung (daftar dokumen)"),
        (Q, "Link Bukti Dukung"),
        (R, "Jawaban"),
        (S, "Nilai"),
        (T, "Nilai (lembar kerja resmi)"),
        (U, "Catatan"),
        (V, "Berkas terlampir di Daduk"),
    ] {
        s.write_string_with_format(6, c, t, &head)?;
    }
    for (c, w) in [
        (0, 9.0),
        (1, 3.5),
        (2, 3.5),
        (3, 3.5),
        (4, 4.0),
        (5, 4.0),
        (6, 52.0),
        (H, 7.0),
        (I, 40.0),
        (J, 10.0),
        (K, 10.0),
        (L, 8.0),
        (M, 8.0),
        (N, 10.0),
        (O, 28.0),
        (P, 28.0),
        (Q, 22.0),
        (R, 10.0),
        (S, 8.0),
        (T, 10.0),
        (U, 28.0),
        (V, 28.0),
    ] {
        s.set_column_width(c, w)?;
    }
    s.set_row_height(6, 30)?;
    s.set_freeze_panes(FIRST, 7)?;
    Ok(())
}

fn write_sheet(
    s: &mut Worksheet,
    unit: &Unit,
    a: &Assessment,
    d: &SheetData,
) -> Result<usize, XlsxError> {
    s.set_name(SHEET)?;
    write_header(s, unit, a)?;
    let f = formats();
    let t = &d.template;
    let doc = t.doc();
    let mut row = FIRST;
    let mut component_rows = Vec::new();
    for component in &doc.components {
        let comp = Group {
            row,
            level: 0,
            weight: component.weight,
            values: std::array::from_fn(|i| {
                let c = &d.cards[i];
                if component.code == "A" {
                    (c.pengungkit, c.official.pengungkit)
                } else {
                    (c.hasil, c.official.hasil)
                }
            }),
        };
        label(
            s,
            &f.levels[0],
            row,
            B,
            &format!("{}.", component.code),
            &component.name.to_uppercase(),
        )?;
        s.write_string_with_format(row, 0, &component.code, &f.code)?;
        row += 1;
        let hasil = component.code == "B";
        let mut part_rows = Vec::new();
        for (pi, part) in component.parts.iter().enumerate() {
            let show_part = part.name != component.name;
            let part_group = Group {
                row,
                level: 1,
                weight: part.weight,
                values: std::array::from_fn(|i| {
                    (
                        d.cards[i].parts.get(&part.part).copied().unwrap_or(0.0),
                        d.cards[i]
                            .official
                            .parts
                            .get(&part.part)
                            .copied()
                            .unwrap_or(0.0),
                    )
                }),
            };
            if show_part {
                let numeral = ["I.", "II.", "III."].get(pi).copied().unwrap_or("");
                label(
                    s,
                    &f.levels[1],
                    row,
                    B + 1,
                    numeral,
                    &part.name.to_uppercase(),
                )?;
                s.write_string_with_format(row, 0, part.part.to_string(), &f.code)?;
                row += 1;
            }
            let mut area_rows = Vec::new();
            for (ai, area) in part.areas.iter().enumerate() {
                let key = part.area_code(area);
                let code = key.map(|k| k.to_string()).unwrap_or_default();
                let area_group = Group {
                    row,
                    level: 2,
                    weight: area.weight,
                    values: std::array::from_fn(|i| {
                        let get = |m: &BTreeMap<daduk_domain::code::AreaCode, f64>| {
                            key.and_then(|k| m.get(&k)).copied().unwrap_or(0.0)
                        };
                        (get(&d.cards[i].areas), get(&d.cards[i].official.areas))
                    }),
                };
                if hasil {
                    // Hasil: "I. BIROKRASI …" in C, its sub-areas as lettered rows.
                    let numeral = ["I.", "II.", "III."].get(ai).copied().unwrap_or("");
                    label(
                        s,
                        &f.levels[2],
                        row,
                        B + 1,
                        numeral,
                        &area.name.to_uppercase(),
                    )?;
                } else {
                    label(
                        s,
                        &f.levels[2],
                        row,
                        B + 2,
                        &format!("{}.", area.code),
                        &area.name.to_uppercase(),
                    )?;
                }
                s.write_string_with_format(row, 0, &code, &f.code)?;
                row += 1;
                let mut sums: [Vec<String>; 2] = Default::default();
                let mut officials: [Vec<String>; 2] = Default::default();
                for (si, sub) in area.sub_areas.iter().enumerate() {
                    let sub_code: SubAreaCode = match format!("{code}.{}", sub.code).parse() {
                        Ok(c) => c,
                        Err(_) => continue,
                    };
                    if hasil {
                        // One row: the sub-area is its single item.
                        let Some(item) = sub.items.first() else {
                            continue;
                        };
                        let letter = char::from(b'a' + u8::try_from(si).unwrap_or(0));
                        let item_row = row;
                        write_item(s, &f, d, item, item_row, B + 2, &format!("{letter}."))?;
                        s.write_number_with_format(item_row, H, sub.weight, &f.levels_num[4])?;
                        row += 1;
                        for (i, cols) in ROLES.iter().enumerate() {
                            let v = cell(item_row, cols.value);
                            let h = cell(item_row, H);
                            sums[i].push(format!("IF(ISNUMBER({v}),{v},0)*{h}"));
                            officials[i].push(format!("IFERROR(AVERAGE({v}),0)*{h}"));
                        }
                        continue;
                    }
                    let sub_group = Group {
                        row,
                        level: 3,
                        weight: sub.weight,
                        values: std::array::from_fn(|i| {
                            (
                                d.cards[i].sub_areas.get(&sub_code).copied().unwrap_or(0.0),
                                d.cards[i]
                                    .official
                                    .sub_areas
                                    .get(&sub_code)
                                    .copied()
                                    .unwrap_or(0.0),
                            )
                        }),
                    };
                    label(
                        s,
                        &f.levels[3],
                        row,
                        B + 3,
                        &format!("{}.", sub.code),
                        &sub.name,
                    )?;
                    s.write_string_with_format(row, 0, sub_code.to_string(), &f.code)?;
                    row += 1;
                    let single = sub.items.len() == 1 && part.part == daduk_domain::code::Part::R;
                    let mut item_rows = Vec::new();
                    for item in &sub.items {
                        let token = if single {
                            "-".to_string()
                        } else {
                            format!("{}.", item.code.item)
                        };
                        item_rows.push(row);
                        row = write_item(s, &f, d, item, row, B + 4, &token)?;
                    }
                    let n = item_rows.len().max(1);
                    let sum: [String; 2] = std::array::from_fn(|i| {
                        let cells: Vec<String> =
                            item_rows.iter().map(|r| cell(*r, ROLES[i].value)).collect();
                        format!("SUM({})/{n}*{}", cells.join(","), cell(sub_group.row, H))
                    });
                    let official: [String; 2] = std::array::from_fn(|i| {
                        let cells: Vec<String> =
                            item_rows.iter().map(|r| cell(*r, ROLES[i].value)).collect();
                        format!(
                            "IFERROR(AVERAGE({}),0)*{}",
                            cells.join(","),
                            cell(sub_group.row, H)
                        )
                    });
                    write_group(s, &f, &sub_group, sum, official)?;
                    for i in 0..2 {
                        sums[i].push(cell(sub_group.row, ROLES[i].value));
                        officials[i].push(cell(sub_group.row, ROLES[i].official));
                    }
                }
                let joined = |v: &Vec<String>| {
                    if v.is_empty() {
                        "0".to_string()
                    } else {
                        v.join("+")
                    }
                };
                write_group(
                    s,
                    &f,
                    &area_group,
                    std::array::from_fn(|i| joined(&sums[i])),
                    std::array::from_fn(|i| joined(&officials[i])),
                )?;
                area_rows.push(area_group.row);
            }
            let over = |rows: &[u32], col: u16| -> String {
                if rows.is_empty() {
                    "0".into()
                } else {
                    rows.iter()
                        .map(|r| cell(*r, col))
                        .collect::<Vec<_>>()
                        .join("+")
                }
            };
            if show_part {
                write_group(
                    s,
                    &f,
                    &part_group,
                    std::array::from_fn(|i| over(&area_rows, ROLES[i].value)),
                    std::array::from_fn(|i| over(&area_rows, ROLES[i].official)),
                )?;
                part_rows.push(part_group.row);
            } else {
                part_rows.extend(area_rows);
            }
        }
        let over = |col: u16| {
            part_rows
                .iter()
                .map(|r| cell(*r, col))
                .collect::<Vec<_>>()
                .join("+")
        };
        write_group(
            s,
            &f,
            &comp,
            std::array::from_fn(|i| over(ROLES[i].value)),
            std::array::from_fn(|i| over(ROLES[i].official)),
        )?;
        component_rows.push(comp.row);
    }
    let total = Group {
        row,
        level: 0,
        weight: doc.total_weight,
        values: std::array::from_fn(|i| (d.cards[i].total, d.cards[i].official.total)),
    };
    label(s, &f.levels[0], row, B, "", TOTAL_LABEL)?;
    s.write_string_with_format(row, 0, "TOTAL", &f.code)?;
    let over = |col: u16| {
        component_rows
            .iter()
            .map(|r| cell(*r, col))
            .collect::<Vec<_>>()
            .join("+")
    };
    write_group(
        s,
        &f,
        &total,
        std::array::from_fn(|i| over(ROLES[i].value)),
        std::array::from_fn(|i| over(ROLES[i].official)),
    )?;
    s.set_landscape();
    s.set_paper_size(9);
    s.set_print_fit_to_pages(1, 0);
    s.set_repeat_rows(5, 6)?;
    Ok((row + 1 - FIRST) as usize)
}

/// Write an item row (and its count rows) at `row`; returns the next free
/// row. The letter `token` goes in `col`, the question beside it.
fn write_item(
    s: &mut Worksheet,
    f: &Formats,
    d: &SheetData,
    item: &Item,
    row: u32,
    col: u16,
    token: &str,
) -> Result<u32, XlsxError> {
    let t = &d.template;
    let lv = &f.levels[4];
    label(s, lv, row, col, token, &item.question)?;
    s.write_string_with_format(row, 0, item.code.to_string(), &f.code)?;
    let options = answer_options(item);
    s.write_string_with_format(row, I, &options, &f.text)?;
    s.set_row_height(
        row,
        row_height(&[
            (&item.question, text_width(col + 1)),
            (&options, 40.0 * 1.1),
        ]),
    )?;
    s.write_string_with_format(row, J, kind_label(item), lv)?;
    let mut next = row + 1;
    let mut row_cells: [HashMap<String, String>; 2] = Default::default();
    if let AnswerSpec::Counts { rows, .. } = &item.answer {
        // One "- Jumlah …" row per count row; computed rows are formulas.
        let placed: Vec<(u32, &daduk_domain::template::CountRow)> = rows
            .iter()
            .enumerate()
            .map(|(k, r)| (next + k as u32, r))
            .collect();
        for (r, def) in &placed {
            for (i, cols) in ROLES.iter().enumerate() {
                row_cells[i].insert(def.code.clone(), cell(*r, cols.answer));
            }
        }
        for (r, def) in &placed {
            label(s, lv, *r, 5, "", &format!("- {}", def.label))?;
            s.write_string_with_format(*r, J, "Jumlah", lv)?;
            for (i, cols) in ROLES.iter().enumerate() {
                let answer = d.answers[i].get(&item.code);
                let values = answer
                    .map(|a| a.counts_rows(t, item.code))
                    .unwrap_or_default();
                match (&def.computed, values.get(&def.code)) {
                    (Some(expr), v) => {
                        let e = Expr::parse(expr)
                            .map_or_else(|_| "0".into(), |e| excel_expr(&e, &row_cells[i]));
                        s.write_formula_with_format(
                            *r,
                            cols.answer,
                            formula(&e, Some(v.copied().unwrap_or(0.0))),
                            &f.input_num,
                        )?;
                    }
                    (None, Some(v)) => {
                        s.write_number_with_format(*r, cols.answer, *v, &f.input_num)?;
                    }
                    (None, None) => {
                        s.write_blank(*r, cols.answer, &f.input)?;
                    }
                }
            }
        }
        next += rows.len() as u32;
    }
    for (i, cols) in ROLES.iter().enumerate() {
        let answer = d.answers[i].get(&item.code);
        match answer {
            Some(AnswerValue::YesNo(y)) => {
                s.write_string_with_format(
                    row,
                    cols.answer,
                    if *y { "Ya" } else { "Tidak" },
                    &f.input,
                )?;
            }
            Some(AnswerValue::Choice(c)) => {
                s.write_string_with_format(
                    row,
                    cols.answer,
                    c.to_ascii_uppercase().to_string(),
                    &f.input,
                )?;
            }
            Some(AnswerValue::SurveyIndex(x)) => {
                s.write_number_with_format(row, cols.answer, *x, &f.input_num)?;
            }
            Some(AnswerValue::Counts(_)) | None => {
                let fmt = if matches!(item.answer, AnswerSpec::Counts { .. }) {
                    lv
                } else {
                    &f.input
                };
                s.write_blank(row, cols.answer, fmt)?;
            }
        }
        let value = d.cards[i].items.get(&item.code).copied().flatten();
        let fx = value_formula(t, item, &cell(row, cols.answer), &row_cells[i]);
        s.write_formula_with_format(row, cols.value, formula(&fx, value), &f.levels_num[4])?;
        let note = d.notes[i].get(&item.code).map_or("", String::as_str);
        let note_col = if i == 0 { O } else { U };
        if note.is_empty() {
            s.write_blank(row, note_col, &f.input)?;
        } else {
            s.write_string_with_format(row, note_col, note, &f.input)?;
        }
    }
    let refs: Vec<String> = d
        .references
        .get(&item.code)
        .map(|v| v.iter().map(Reference::describe).collect())
        .unwrap_or_default();
    if refs.is_empty() {
        s.write_blank(row, P, &f.input)?;
    } else {
        s.write_string_with_format(row, P, refs.join("\n"), &f.input)?;
    }
    s.write_blank(row, Q, &f.input)?;
    if let Some(files) = d.files.get(&item.code) {
        s.write_string_with_format(row, V, files.join("\n"), &f.text)?;
    }
    Ok(next)
}
