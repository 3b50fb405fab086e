//! Worksheets as people keep them, built in the test with rust_xlsxwriter:
//! the Lampiran III layout with the quirks of real files, and PortalRB's
//! Jawaban sheet filled by hand. Nothing here comes from Daduk's exporters.

use std::collections::BTreeMap;

use daduk_workspace::portalrb::SoalMap;
use daduk_workspace::template::{AnswerSpec, Template};
use daduk_workspace::{AnswerValue, ItemCode, Part};
use rust_xlsxwriter::{Format, Formula, Url, Workbook, Worksheet};

/// A cell as typed.
#[derive(Debug, Clone)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A formula with its cached value.
    Formula(String, String),
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

/// One role's answer to an item as a file holds it: the item row's cell,
/// or the count rows' cells by row code (the computed total row too).
#[derive(Debug, Clone)]
pub enum Answer {
    One(Cell),
    Rows(BTreeMap<String, Cell>),
}

/// What a Lampiran III fixture holds.
#[derive(Debug, Clone, Default)]
pub struct Lampiran3 {
    /// `UNIT KERJA :` (value in the next cell); none when absent.
    pub unit: Option<String>,
    /// `TAHUN : …`.
    pub year: Option<i32>,
    /// The unit's answers.
    pub unit_answers: BTreeMap<ItemCode, Answer>,
    /// TPI's answers; TPI columns are written only when some are given.
    pub tpi_answers: BTreeMap<ItemCode, Answer>,
    /// Notes (column O) of the unit.
    pub notes: BTreeMap<ItemCode, String>,
    /// Evidence lists (P) and links (Q, with an optional hyperlink label).
    pub evidence: BTreeMap<ItemCode, (String, String, Option<String>)>,
    /// Rows to add with nonsense: (after item, letter, text, answer).
    pub stray: Vec<(ItemCode, String, String, String)>,
    /// R.5.iii as a Puskesmas filled the 2021 sheet: the LHKPN part a
    /// sub-heading numbered `i.`, the LHKASN part an unnumbered one, each
    /// with its own unnumbered percentage row and count rows.
    pub puskesmas_r5iii: bool,
}

/// How the Puskesmas's sheet words the LHKASN count rows.
fn lhkasn(text: &str) -> String {
    text.replace("Non LHKPN", "LHKASN")
}

/// The text of each count row as a real file words it (PortalRB's master),
/// and `Jumlah yang harus melaporkan` for the LHKPN total rows.
fn count_texts(t: &Template) -> BTreeMap<(ItemCode, String), String> {
    let map = SoalMap::built_in(t, 2026).unwrap();
    let mut out: BTreeMap<(ItemCode, String), String> = map
        .soal()
        .iter()
        .filter_map(|s| Some(((s.item, s.count_row.clone()?), s.text.clone())))
        .collect();
    for item in ["R.5.iii.a", "R.5.iii.b"] {
        out.insert(
            (item.parse().unwrap(), "a".into()),
            "Jumlah yang harus melaporkan".into(),
        );
    }
    out
}

fn write(s: &mut Worksheet, row: u32, col: u16, cell: &Cell) {
    match cell {
        Cell::Text(t) => s.write_string(row, col, t).map(|_| ()),
        Cell::Number(x) => s.write_number(row, col, *x).map(|_| ()),
        Cell::Formula(f, v) => s
            .write_formula(row, col, Formula::new(f).set_result(v))
            .map(|_| ()),
    }
    .unwrap();
}

/// The letter token of an item as a sloppy file writes it: `a.` in most
/// areas, `a` (no dot) in area 2, `A.` in area 3, `-` for the only item of
/// a Reform sub-area.
fn token(code: ItemCode, single: bool) -> String {
    if single && code.part == Part::R {
        return "-".into();
    }
    match code.area {
        2 => code.item.to_string(),
        3 => format!("{}.", code.item.to_ascii_uppercase()),
        _ => format!("{}.", code.item),
    }
}

/// Write the `- Jumlah …` rows of a counts item from `row` on, worded by
/// `word`; returns the next free row.
fn count_rows(
    s: &mut Worksheet,
    mut row: u32,
    item: &daduk_workspace::template::Item,
    texts: &BTreeMap<(ItemCode, String), String>,
    f: &Lampiran3,
    word: impl Fn(&str) -> String,
) -> u32 {
    if let AnswerSpec::Counts { rows, .. } = &item.answer {
        for r in rows {
            let text = texts
                .get(&(item.code, r.code.clone()))
                .cloned()
                .unwrap_or_else(|| r.label.clone());
            s.write_string(row, 6, format!("- {}", word(&text)))
                .unwrap();
            s.write_string(row, 9, "Jumlah").unwrap();
            for (col, answers) in [(10, &f.unit_answers), (17, &f.tpi_answers)] {
                if let Some(Answer::Rows(cells)) = answers.get(&item.code)
                    && let Some(c) = cells.get(&r.code)
                {
                    write(s, row, col, c);
                }
            }
            row += 1;
        }
    }
    row
}

/// Build the workbook: an instructions sheet first, then "LKE ZI", then a
/// summary sheet with numbers of its own.
pub fn lampiran3(t: &Template, f: &Lampiran3) -> Vec<u8> {
    let mut book = Workbook::new();
    let help = book.add_worksheet();
    help.set_name("Petunjuk").unwrap();
    help.write_string(
        0,
        0,
        "Isi kolom K dengan jawaban. Jawaban di sini bukan data.",
    )
    .unwrap();
    help.write_string(2, 10, "Ya").unwrap();
    let s = book.add_worksheet();
    s.set_name("LKE ZI").unwrap();
    let tpi = !f.tpi_answers.is_empty();
    s.write_string(
        0,
        1,
        "LAMPIRAN III PERATURAN MENTERI PANRB NOMOR 90 TAHUN 2021",
    )
    .unwrap();
    s.write_string(1, 1, "TENTANG PEMBANGUNAN DAN EVALUASI ZONA INTEGRITAS")
        .unwrap();
    if let Some(u) = &f.unit {
        s.write_string(3, 1, "UNIT KERJA :").unwrap();
        s.write_string(3, 4, u).unwrap();
    }
    if let Some(y) = f.year {
        s.write_string(4, 1, format!("TAHUN : {y}")).unwrap();
    }
    // Two header rows: groups merged over their columns, then titles.
    let bold = Format::new().set_bold();
    s.merge_range(6, 1, 7, 6, "KOMPONEN/SUB KOMPONEN", &bold)
        .unwrap();
    s.merge_range(6, 10, 6, 16, "PENILAIAN UNIT", &bold)
        .unwrap();
    for (c, title) in [
        (7, "BOBOT"),
        (8, "PENJELASAN"),
        (9, "PILIHAN JAWABAN"),
        (10, "JAWABAN"),
        (11, "NILAI"),
        (12, "%"),
        (14, "CATATAN"),
        (15, "BUKTI DUKUNG"),
        (16, "LINK DATA DUKUNG"),
    ] {
        s.write_string_with_format(7, c, title, &bold).unwrap();
    }
    if tpi {
        s.merge_range(6, 17, 6, 19, "PENILAIAN TPI", &bold).unwrap();
        for (c, title) in [(17, "Jawaban"), (18, "Nilai"), (19, "Catatan")] {
            s.write_string_with_format(7, c, title, &bold).unwrap();
        }
    }
    let texts = count_texts(t);
    let mut row: u32 = 9;
    let doc = t.doc();
    for component in &doc.components {
        let hasil = component.code == "B";
        s.write_string(row, 1, format!("{}.", component.code))
            .unwrap();
        s.write_string(row, 2, component.name.to_uppercase())
            .unwrap();
        s.write_number(row, 7, component.weight).unwrap();
        row += 1;
        for (pi, part) in component.parts.iter().enumerate() {
            if !hasil {
                s.write_string(row, 2, ["I.", "II."][pi]).unwrap();
                s.write_string(row, 3, part.name.to_uppercase()).unwrap();
                row += 1;
            }
            for (ai, area) in part.areas.iter().enumerate() {
                if hasil {
                    s.write_string(row, 2, ["I.", "II."][ai]).unwrap();
                    s.write_string(row, 3, area.name.to_uppercase()).unwrap();
                } else {
                    s.write_string(row, 3, format!("{}.", area.code)).unwrap();
                    s.write_string(row, 4, area.name.to_uppercase()).unwrap();
                }
                s.write_number(row, 7, area.weight).unwrap();
                row += 1;
                for (si, sub) in area.sub_areas.iter().enumerate() {
                    if !hasil {
                        s.write_string(row, 4, format!("{}.", sub.code)).unwrap();
                        s.write_string(row, 5, &sub.name).unwrap();
                        s.write_number(row, 7, sub.weight).unwrap();
                        row += 1;
                    }
                    let mut items: Vec<_> = sub.items.iter().collect();
                    // P.6.v lists c before b, as real files do.
                    if sub.name.starts_with("Pemanfaatan Teknologi") && items.len() == 3 {
                        items.swap(1, 2);
                    }
                    let single = items.len() == 1;
                    for item in items {
                        let (tok_col, text_col) = if hasil { (3, 4) } else { (5, 6) };
                        let puskesmas = f.puskesmas_r5iii
                            && item.code.part == Part::R
                            && item.code.area == 5
                            && item.code.sub_area == 3;
                        if puskesmas {
                            // The part's sub-heading, then an unnumbered % row.
                            if item.code.item == 'a' {
                                s.write_string(row, 5, "i.").unwrap();
                                s.write_string(
                                    row,
                                    6,
                                    "Laporan Harta Kekayaan Penyelenggara Negara (LHKPN)",
                                )
                                .unwrap();
                            } else {
                                s.write_string(
                                    row,
                                    6,
                                    "Laporan Harta Kekayaan Aparatur Sipil Negara (LHKASN)",
                                )
                                .unwrap();
                            }
                            s.write_number(row, 7, 1.0).unwrap();
                            row += 1;
                            let question = if item.code.item == 'a' {
                                "Persentase penyampaian LHKPN"
                            } else {
                                "Persentase penyampaian LHKASN"
                            };
                            s.write_string(row, 6, question).unwrap();
                            s.write_string(row, 9, "%").unwrap();
                            s.write_string(row, 11, "Blm Diisi").unwrap();
                            row += 1;
                            row = count_rows(s, row, item, &texts, f, lhkasn);
                            continue;
                        }
                        let tok = if hasil {
                            format!("{}.", char::from(b'a' + si as u8))
                        } else {
                            token(item.code, single)
                        };
                        s.write_string(row, tok_col, &tok).unwrap();
                        s.write_string(row, text_col, &item.question).unwrap();
                        let kind = match &item.answer {
                            // Area 4 files type "Ya" where "Ya/Tidak" belongs.
                            AnswerSpec::YesNo if item.code.area == 4 => "Ya".to_string(),
                            AnswerSpec::YesNo => "Ya/Tidak".into(),
                            AnswerSpec::Choice { options } => options
                                .iter()
                                .map(|o| o.letter.to_ascii_uppercase().to_string())
                                .collect::<Vec<_>>()
                                .join("/"),
                            AnswerSpec::Counts { .. } => "%".into(),
                            AnswerSpec::SurveyIndex { .. } => "Nilai (0-4)".into(),
                        };
                        s.write_string(row, 9, &kind).unwrap();
                        if hasil {
                            s.write_number(row, 7, sub.weight).unwrap();
                        }
                        let item_row = row;
                        // The value column holds text while unanswered.
                        s.write_string(row, 11, "Blm Diisi").unwrap();
                        for (col, answers) in [(10, &f.unit_answers), (17, &f.tpi_answers)] {
                            if let Some(Answer::One(c)) = answers.get(&item.code) {
                                write(s, row, col, c);
                            }
                        }
                        if let Some(n) = f.notes.get(&item.code) {
                            s.write_string(row, 14, n).unwrap();
                        }
                        if let Some((list, link, label)) = f.evidence.get(&item.code) {
                            if !list.is_empty() {
                                s.write_string(row, 15, list).unwrap();
                            }
                            match label {
                                Some(label) => {
                                    s.write_url(row, 16, Url::new(link).set_text(label))
                                        .unwrap();
                                }
                                None if !link.is_empty() => {
                                    s.write_string(row, 16, link).unwrap();
                                }
                                None => {}
                            }
                        }
                        row += 1;
                        // The question merged over two rows in area 2.
                        if item.code.area == 2 && item.code.part == Part::P && item.code.item == 'a'
                        {
                            s.merge_range(
                                item_row,
                                text_col,
                                item_row + 1,
                                text_col,
                                &item.question,
                                &Format::new(),
                            )
                            .unwrap();
                            row += 1;
                        }
                        row = count_rows(s, row, item, &texts, f, str::to_string);
                        for (after, letter, text, answer) in &f.stray {
                            if *after == item.code {
                                s.write_string(row, 5, letter).unwrap();
                                s.write_string(row, 6, text).unwrap();
                                s.write_string(row, 10, answer).unwrap();
                                row += 1;
                            }
                        }
                    }
                    // A hidden empty row after P.1.ii, as rows get hidden.
                    if !hasil && area.code == "1" && sub.code == "ii" && part.part == Part::P {
                        s.set_row_hidden(row).unwrap();
                        row += 1;
                    }
                }
            }
        }
    }
    s.write_string(row + 1, 1, "NILAI TOTAL").unwrap();
    s.write_string(row + 3, 10, "Mengetahui,").unwrap();
    let sum = book.add_worksheet();
    sum.set_name("Rekap").unwrap();
    sum.write_string(0, 0, "Area").unwrap();
    sum.write_number(1, 10, 42.0).unwrap();
    book.save_to_buffer().unwrap()
}

/// Varied answers for every item of the LKE, typed the way people type
/// them, with the canonical answers they mean. `seed` varies the choice.
pub fn answers_for_all(
    t: &Template,
    seed: usize,
) -> (BTreeMap<ItemCode, Answer>, BTreeMap<ItemCode, AnswerValue>) {
    let mut cells = BTreeMap::new();
    let mut values = BTreeMap::new();
    for (i, r) in t.items().enumerate() {
        let code = r.item.code;
        let k = i + seed;
        let (cell, canonical) = match &r.item.answer {
            AnswerSpec::YesNo => {
                let forms = ["Ya", "tidak", "YA", "Tidak "];
                let form = forms[k % forms.len()];
                let yes = form.trim().eq_ignore_ascii_case("ya");
                (
                    Answer::One(Cell::text(form)),
                    if yes { "ya" } else { "tidak" }.to_string(),
                )
            }
            AnswerSpec::Choice { options } => {
                let letter = options[k % options.len()].letter;
                let form = match k % 3 {
                    0 => letter.to_string(),
                    1 => letter.to_ascii_uppercase().to_string(),
                    _ => format!("{letter}."),
                };
                (Answer::One(Cell::Text(form)), letter.to_string())
            }
            AnswerSpec::SurveyIndex { .. } => {
                if k.is_multiple_of(2) {
                    (Answer::One(Cell::text("3,61")), "3.61".to_string())
                } else {
                    (Answer::One(Cell::Number(3.2)), "3.2".to_string())
                }
            }
            AnswerSpec::Counts { rows, .. } => {
                let mut rc = BTreeMap::new();
                let mut canon = Vec::new();
                let typed: Vec<_> = rows.iter().filter(|r| r.computed.is_none()).collect();
                for (j, row) in typed.iter().enumerate() {
                    let n = 3 + ((k + j) % 5) as u64;
                    // Numbers as text, as numbers, as a formula's cached value.
                    let cell = match j % 3 {
                        0 => Cell::Text(n.to_string()),
                        1 => Cell::Number(n as f64),
                        _ => Cell::Formula(format!("={}+0", n), n.to_string()),
                    };
                    rc.insert(row.code.clone(), cell);
                    canon.push(format!("{}={n}", row.code));
                }
                (Answer::Rows(rc), canon.join(";"))
            }
        };
        values.insert(code, AnswerValue::parse(t, code, &canonical).unwrap());
        cells.insert(code, cell);
    }
    (cells, values)
}
