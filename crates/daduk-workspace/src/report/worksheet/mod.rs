//! The LKE worksheet (lembar kerja evaluasi): the layout evaluators know,
//! written as XLSX or CSV and read back from either.
//!
//! One row per item in LKE order, with subtotal rows for every component,
//! part, area and sub-area (their weights and scores), and a final total.
//! The columns are [`COLUMNS`]; the first, `Kode`, carries the item code so
//! an import finds every item whatever the user did to the other columns
//! (columns are found by their titles, so they may even be moved).
//!
//! Two official layouts are written and read too: the Lampiran III
//! worksheet units fill by hand ([`lampiran3`], with live formulas) and
//! PortalRB's "Jawaban" sheet ([`jawaban`]).
//!
//! Importing ([`import_file`]) recognises the layout, reads the answers and
//! notes of the chosen role(s) back, validates every row like `daduk answer
//! import`, and writes nothing if any row is bad. Empty cells change nothing
//! unless asked. The scores in the file are informative only: Daduk
//! recomputes them.

pub(crate) use daduk_sheet::csv_text;
mod daduk;
mod import;
mod jawaban;
pub mod lampiran3;
mod xlsx;

use std::path::Path;

use serde::Serialize;

pub use daduk_sheet::layout::{ImportRoles, SheetIdentity};
pub use import::{SheetFormat, SheetImportOptions, WorksheetImport, import_file};
pub use lampiran3::{export_lampiran3, render_lampiran3};
pub use xlsx::{render_xlsx, render_xlsx_linked};

use super::write_output;
use crate::answer::{AnswerValue, Role};
use crate::error::{Error, Result};
use crate::format;
use crate::scoring::score;
use crate::store::{Assessment, Workspace};
use crate::template::{AnswerSpec, Item, Template};

/// The worksheet's columns, in order.
pub const COLUMNS: [&str; 12] = [
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
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WorksheetSummary {
    /// The file.
    pub path: std::path::PathBuf,
    /// Item rows.
    pub items: usize,
    /// All rows, subtotals included.
    pub rows: usize,
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

/// The worksheet's rows for an assessment, in LKE order.
pub fn worksheet_rows(ws: &Workspace, a: &Assessment) -> Result<Vec<SheetRow>> {
    // One read transaction: the answers, scores and files of one state.
    let snapshot = ws.conn().unchecked_transaction()?;
    let rows = read_rows(ws, a)?;
    snapshot.rollback()?;
    Ok(rows)
}

fn read_rows(ws: &Workspace, a: &Assessment) -> Result<Vec<SheetRow>> {
    let template = ws.template_of(a)?;
    let answers = [ws.answers(a, Role::Unit)?, ws.answers(a, Role::Tpi)?];
    let cards = [score(&template, &answers[0]), score(&template, &answers[1])];
    let mut notes = std::collections::HashMap::new();
    for r in ws.answer_records(a)? {
        notes.insert((r.item, r.role), r.note);
    }
    let mut files: std::collections::HashMap<_, Vec<String>> = std::collections::HashMap::new();
    for e in ws.evidence_list(a, None)? {
        files.entry(e.item).or_default().push(e.file_name);
    }
    let mut references: std::collections::HashMap<_, Vec<String>> =
        std::collections::HashMap::new();
    for r in ws.references(a, None)? {
        references
            .entry(r.item)
            .or_default()
            .push(r.reference.describe());
    }
    let group = |level, code: String, label: String, weight: f64, values: [f64; 2]| SheetRow {
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
            [value(0), value(1)],
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
                    [v(0), v(1)],
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
                    [v(0), v(1)],
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
                        [v(0), v(1)],
                    ));
                    for item in &sub.items {
                        let cells = |i: usize, role: Role| {
                            let answer = answers[i].get(&item.code).cloned();
                            RoleCells {
                                answer_text: answer
                                    .as_ref()
                                    .map(ToString::to_string)
                                    .unwrap_or_default(),
                                answer,
                                value: cards[i].items.get(&item.code).copied().flatten(),
                                note: notes.get(&(item.code, role)).cloned().unwrap_or_default(),
                            }
                        };
                        rows.push(SheetRow {
                            level: RowLevel::Item,
                            code: item.code.to_string(),
                            label: format!("{}. {}", item.code.item, item.question),
                            weight: None,
                            options: answer_options(item),
                            unit: cells(0, Role::Unit),
                            evidence: files
                                .get(&item.code)
                                .map(|f| f.join("\n"))
                                .unwrap_or_default(),
                            tpi: cells(1, Role::Tpi),
                            references: references
                                .get(&item.code)
                                .map(|r| r.join("\n"))
                                .unwrap_or_default(),
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
        [cards[0].total, cards[1].total],
    ));
    Ok(rows)
}

/// The codes of the rows an import skips: every group code and `TOTAL`.
fn group_codes(template: &Template) -> std::collections::HashSet<String> {
    let mut codes = std::collections::HashSet::from(["TOTAL".to_string()]);
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

fn export_error(e: impl std::fmt::Display) -> Error {
    Error::Invalid(format!("lembar kerja tidak dapat ditulis: {e}"))
}

/// The rows as CSV text: `;`-separated with a byte-order mark and decimal
/// commas, the way a spreadsheet in an Indonesian locale opens it directly.
/// The header is [`COLUMNS`]; [`import_file`] reads it back.
pub fn render_csv(rows: &[SheetRow]) -> Result<Vec<u8>> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(COLUMNS).map_err(export_error)?;
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
            ])
            .map_err(export_error)?;
        }
        w.flush().map_err(export_error)?;
    }
    Ok(out)
}

/// Write the worksheet of an assessment as XLSX.
/// An existing `out` is replaced only when `force`.
pub fn export_xlsx(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
) -> Result<WorksheetSummary> {
    let rows = worksheet_rows(ws, a)?;
    let unit = ws.unit(&a.unit)?;
    let bytes = render_xlsx(&unit, a, &rows)?;
    write_output(ws, out, force, &bytes)?;
    Ok(summary(out, &rows))
}

/// Write the worksheet of an assessment as CSV (see [`render_csv`]).
/// An existing `out` is replaced only when `force`.
pub fn export_csv(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
) -> Result<WorksheetSummary> {
    let rows = worksheet_rows(ws, a)?;
    write_output(ws, out, force, &render_csv(&rows)?)?;
    Ok(summary(out, &rows))
}

fn summary(out: &Path, rows: &[SheetRow]) -> WorksheetSummary {
    WorksheetSummary {
        path: out.to_path_buf(),
        items: rows.iter().filter(|r| r.level == RowLevel::Item).count(),
        rows: rows.len(),
    }
}

#[cfg(test)]
mod tests;

/// Write the worksheet of an assessment in PortalRB's "Jawaban" layout, for
/// the assessment's year (the PortalRB question list of that year).
/// An existing `out` is replaced only when `force`.
pub fn export_portalrb(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
) -> Result<WorksheetSummary> {
    let template = ws.template_of(a)?;
    let map = crate::portalrb::SoalMap::built_in(&template, a.year)?;
    let items = ws.portalrb_items(a, "\n")?;
    let unit = ws.unit(&a.unit)?;
    let bytes = jawaban::render(&unit, a, &template, &map, &items)?;
    write_output(ws, out, force, &bytes)?;
    Ok(WorksheetSummary {
        path: out.to_path_buf(),
        items: template.item_count(),
        rows: map.soal().len(),
    })
}

/// Write the worksheet of an assessment in `format`: Daduk's own layout as
/// XLSX or CSV (by the extension of `out`), Lampiran III or PortalRB's
/// Jawaban sheet (XLSX). An existing `out` is replaced only when `force`.
pub fn export(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    format: SheetFormat,
    force: bool,
) -> Result<WorksheetSummary> {
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match (format, ext.as_str()) {
        (SheetFormat::Daduk, "xlsx") => export_xlsx(ws, a, out, force),
        (SheetFormat::Daduk, "csv") => export_csv(ws, a, out, force),
        (SheetFormat::Lampiran3, "xlsx") => export_lampiran3(ws, a, out, force),
        (SheetFormat::Portalrb, "xlsx") => export_portalrb(ws, a, out, force),
        (SheetFormat::Daduk, _) => Err(Error::Invalid(format!(
            "{}: nama berkas tujuan harus berakhiran .xlsx atau .csv",
            out.display()
        ))),
        (f, _) => Err(Error::Invalid(format!(
            "{}: {} ditulis sebagai .xlsx; beri nama berkas berakhiran .xlsx",
            out.display(),
            f.label()
        ))),
    }
}
