//! Daduk's own worksheet layout (lembar kerja evaluasi): the layout
//! evaluators know, written as XLSX ([`render_xlsx`]) or CSV
//! ([`render_csv`]) and read back from either ([`parse`]).
//!
//! One row per item in LKE order, with subtotal rows for every component,
//! part, area and sub-area (their weights and scores), and a final total.
//! The columns are [`COLUMNS`]; the first, `Kode`, carries the item code so
//! an import finds every item whatever the user did to the other columns
//! (columns are found by their titles, so they may even be moved).
//!
//! TPN's three columns come last, after the twelve a worksheet had before
//! TPN was a side: every earlier column keeps its place (a person's own
//! formulas or macros over the sheet, a CSV read by position), and a file
//! from before reads exactly as it did (it simply has no TPN columns).

mod read;
mod xlsx;

use std::collections::HashSet;

use serde::Serialize;

use daduk_domain::Error;
use daduk_domain::answer::AnswerValue;
use daduk_domain::format;
use daduk_domain::references::Reference;
use daduk_domain::template::{AnswerSpec, Item, Template};

pub use read::{has_header, parse};
pub use xlsx::{SHEET, render_xlsx, render_xlsx_linked};

use super::{SheetData, write_error};
use crate::csv_text;

/// The worksheet's columns, in order.
pub const COLUMNS: [&str; 15] = [
    "Kode (jangan diubah)",
    "Komponen/Sub komponen",
    "Bobot",
    "Pilihan Jawaban",
    "Jawaban Unit",
    "Nilai Unit",
    "Catatan Unit",
    "Bukti Dukung",
    "Jawaban TPI",
    "Nilai TPI",
    "Catatan Reviu TPI",
    "Rujukan Data Dukung",
    "Jawaban TPN",
    "Nilai TPN",
    "Catatan TPN",
];

/// What a worksheet row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowLevel {
    /// A component (A Pengungkit, B Hasil).
    Component,
    /// A part of a component (Pemenuhan, Reform).
    Part,
    /// An area.
    Area,
    /// A sub-area.
    SubArea,
    /// An item: the only rows an import reads.
    Item,
    /// The total.
    Total,
}

/// One role's cells of a row.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RoleCells {
    /// The answer (items only).
    #[serde(skip)]
    pub answer: Option<AnswerValue>,
    /// The answer as written in the file (canonical text).
    pub answer_text: String,
    /// The item value 0..1, or the score in points for subtotal rows;
    /// `None` for an unanswered item.
    pub value: Option<f64>,
    /// The note (items only).
    pub note: String,
}

/// One row of the worksheet.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    /// What the row is.
    pub level: RowLevel,
    /// `A`, `P`, `P.1`, `P.1.i`, `P.1.i.a` or `TOTAL`.
    pub code: String,
    /// Komponen/Sub komponen: the name, or the item's question.
    pub label: String,
    /// Weight in points (not for items).
    pub weight: Option<f64>,
    /// Pilihan Jawaban (items only).
    pub options: String,
    /// The unit's cells.
    pub unit: RoleCells,
    /// Bukti Dukung: the attached files' names, one per line.
    pub evidence: String,
    /// TPI's cells.
    pub tpi: RoleCells,
    /// Rujukan: the item's references (`text <url>`), one per line.
    pub references: String,
    /// TPN's cells (its values from the LHE).
    pub tpn: RoleCells,
}

const PART_NUMERALS: [&str; 5] = ["I", "II", "III", "IV", "V"];

/// What an item may be answered with, for the Pilihan Jawaban column.
pub fn answer_options(item: &Item) -> String {
    match &item.answer {
        AnswerSpec::YesNo => match &item.criteria {
            Some(c) => format!("Ya/Tidak\n{c}"),
            None => "Ya/Tidak".into(),
        },
        AnswerSpec::Choice { options } => options
            .iter()
            .map(|o| format!("{}. {}", o.letter, o.text))
            .collect::<Vec<_>>()
            .join("\n"),
        AnswerSpec::Counts { rows, .. } => {
            let mut lines = vec!["Isi jumlah per baris, misalnya a=5;b=7".to_string()];
            lines.extend(rows.iter().map(|r| match &r.computed {
                Some(f) => format!("{}. {} (dihitung: {f})", r.code, r.label),
                None => format!("{}. {}", r.code, r.label),
            }));
            lines.join("\n")
        }
        AnswerSpec::SurveyIndex { min, max } => format!(
            "Indeks survei {} sampai {}, misalnya 3,61",
            format::number(*min, 0),
            format::number(*max, 0)
        ),
    }
}

/// The worksheet's rows for an assessment, in LKE order: its template,
/// every side's answers, scores and notes, the unit's references and files.
pub fn rows(data: &SheetData) -> Vec<SheetRow> {
    let template = &data.template;
    let answers = &data.answers;
    let cards = &data.cards;
    let group = |level, code: String, label: String, weight: f64, values: [f64; 3]| SheetRow {
        level,
        code,
        label,
        weight: Some(weight),
        options: String::new(),
        unit: RoleCells {
            value: Some(values[0]),
            ..RoleCells::default()
        },
        evidence: String::new(),
        tpi: RoleCells {
            value: Some(values[1]),
            ..RoleCells::default()
        },
        references: String::new(),
        tpn: RoleCells {
            value: Some(values[2]),
            ..RoleCells::default()
        },
    };
    let doc = template.doc();
    let mut rows = Vec::new();
    for component in &doc.components {
        let value = |i: usize| cards[i].component(component.kind());
        rows.push(group(
            RowLevel::Component,
            component.code.clone(),
            format!("{}. {}", component.code, component.name.to_uppercase()),
            component.weight,
            [value(0), value(1), value(2)],
        ));
        for (pi, part) in component.parts.iter().enumerate() {
            if part.name != component.name {
                let v = |i: usize| cards[i].parts.get(&part.part).copied().unwrap_or(0.0);
                rows.push(group(
                    RowLevel::Part,
                    part.part.to_string(),
                    format!(
                        "{}. {}",
                        PART_NUMERALS.get(pi).unwrap_or(&""),
                        part.name.to_uppercase()
                    ),
                    part.weight,
                    [v(0), v(1), v(2)],
                ));
            }
            for area in &part.areas {
                let key = part.area_code(area);
                let code = key.map(|k| k.to_string()).unwrap_or_default();
                let v = |i: usize| {
                    key.and_then(|k| cards[i].areas.get(&k))
                        .copied()
                        .unwrap_or(0.0)
                };
                rows.push(group(
                    RowLevel::Area,
                    code.clone(),
                    format!("{}. {}", area.code, area.name),
                    area.weight,
                    [v(0), v(1), v(2)],
                ));
                for sub in &area.sub_areas {
                    let code = format!("{code}.{}", sub.code);
                    let key = code.parse().ok();
                    let v = |i: usize| {
                        key.and_then(|k| cards[i].sub_areas.get(&k))
                            .copied()
                            .unwrap_or(0.0)
                    };
                    rows.push(group(
                        RowLevel::SubArea,
                        code,
                        format!("{}. {}", sub.code, sub.name),
                        sub.weight,
                        [v(0), v(1), v(2)],
                    ));
                    for item in &sub.items {
                        let cells = |i: usize| {
                            let answer = answers[i].get(&item.code).cloned();
                            RoleCells {
                                answer_text: answer
                                    .as_ref()
                                    .map(ToString::to_string)
                                    .unwrap_or_default(),
                                answer,
                                value: cards[i].items.get(&item.code).copied().flatten(),
                                note: data.notes[i].get(&item.code).cloned().unwrap_or_default(),
                            }
                        };
                        rows.push(SheetRow {
                            level: RowLevel::Item,
                            code: item.code.to_string(),
                            label: format!("{}. {}", item.code.item, item.question),
                            weight: None,
                            options: answer_options(item),
                            unit: cells(0),
                            evidence: data
                                .files
                                .get(&item.code)
                                .map(|f| f.join("\n"))
                                .unwrap_or_default(),
                            tpi: cells(1),
                            references: data
                                .references
                                .get(&item.code)
                                .map(|r| {
                                    r.iter()
                                        .map(Reference::describe)
                                        .collect::<Vec<_>>()
                                        .join("\n")
                                })
                                .unwrap_or_default(),
                            tpn: cells(2),
                        });
                    }
                }
            }
        }
    }
    rows.push(group(
        RowLevel::Total,
        "TOTAL".into(),
        "NILAI TOTAL (A + B)".into(),
        doc.total_weight,
        [cards[0].total, cards[1].total, cards[2].total],
    ));
    rows
}

/// The codes of the rows an import skips: every group code and `TOTAL`.
fn group_codes(template: &Template) -> HashSet<String> {
    let mut codes = HashSet::from(["TOTAL".to_string()]);
    for c in &template.doc().components {
        codes.insert(c.code.clone());
        for p in &c.parts {
            codes.insert(p.part.to_string());
            for a in &p.areas {
                let area = p.area_code(a).map(|k| k.to_string()).unwrap_or_default();
                for s in &a.sub_areas {
                    codes.insert(format!("{area}.{}", s.code));
                }
                codes.insert(area);
            }
        }
    }
    codes
}

/// The rows as CSV text: `;`-separated with a byte-order mark and decimal
/// commas, the way a spreadsheet in an Indonesian locale opens it directly.
/// The header is [`COLUMNS`]; [`parse`] reads it back.
pub fn render_csv(rows: &[SheetRow]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(COLUMNS).map_err(write_error)?;
        let num = |v: Option<f64>, places| v.map(|x| format::number(x, places)).unwrap_or_default();
        // Every text a person or a template wrote may start like a formula
        // (`csv_text`); the numbers Daduk writes are numbers.
        let text = csv_text::escape;
        for r in rows {
            let answer = |c: &RoleCells| match &c.answer {
                Some(AnswerValue::SurveyIndex(x)) => format::number(*x, 2),
                _ => text(&c.answer_text).into_owned(),
            };
            w.write_record([
                &*text(r.code.as_str()),
                &*text(&r.label),
                &num(r.weight, 2),
                &*text(&r.options),
                &answer(&r.unit),
                &num(r.unit.value, 2),
                &*text(&r.unit.note),
                &*text(&r.evidence),
                &answer(&r.tpi),
                &num(r.tpi.value, 2),
                &*text(&r.tpi.note),
                &*text(&r.references),
                &answer(&r.tpn),
                &num(r.tpn.value, 2),
                &*text(&r.tpn.note),
            ])
            .map_err(write_error)?;
        }
        w.flush().map_err(write_error)?;
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
