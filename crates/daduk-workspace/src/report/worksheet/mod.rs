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
//! The layouts themselves, reading and writing, are
//! [`daduk_sheet::layout`]'s, pure over domain types; this module reads an
//! assessment from the workspace for them, writes the files, and applies
//! what an import read.
//!
//! Importing ([`import_file`]) recognises the layout, reads the answers and
//! notes of the chosen role(s) back, validates every row like `daduk answer
//! import`, and writes nothing if any row is bad. Empty cells change nothing
//! unless asked. The scores in the file are informative only: Daduk
//! recomputes them.

mod import;
pub mod lampiran3;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

pub use daduk_sheet::layout::daduk::{
    COLUMNS, RoleCells, RowLevel, SheetRow, answer_options, render_csv, render_xlsx,
    render_xlsx_linked,
};
pub use daduk_sheet::layout::{ImportRoles, SheetFormat, SheetIdentity};
pub use import::{SheetImportOptions, WorksheetImport, import_file};
pub use lampiran3::{export_lampiran3, render_lampiran3};

use super::write_output;
use crate::answer::Role;
use crate::error::{Error, Result};
use crate::scoring::score;
use crate::sheet::layout::{SheetData, daduk, jawaban, slot};
use crate::store::{Assessment, Workspace};

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

/// The worksheet's rows for an assessment, in LKE order.
pub fn worksheet_rows(ws: &Workspace, a: &Assessment) -> Result<Vec<SheetRow>> {
    // One read transaction: the answers, scores and files of one state.
    let snapshot = ws.conn().unchecked_transaction()?;
    let rows = read_rows(ws, a)?;
    snapshot.rollback()?;
    Ok(rows)
}

fn read_rows(ws: &Workspace, a: &Assessment) -> Result<Vec<SheetRow>> {
    Ok(daduk::rows(&read_data(ws, a)?))
}

/// Everything a worksheet shows of an assessment (read it inside one read
/// transaction: the answers, scores and files of one state).
pub(crate) fn read_data(ws: &Workspace, a: &Assessment) -> Result<SheetData> {
    let template = ws.template_of(a)?;
    let answers = [
        ws.answers(a, Role::Unit)?,
        ws.answers(a, Role::Tpi)?,
        ws.answers(a, Role::Tpn)?,
    ];
    let cards = [0, 1, 2].map(|i| score(&template, &answers[i]));
    let mut notes: [HashMap<_, _>; 3] = Default::default();
    for r in ws.answer_records(a)? {
        notes[slot(r.role)].insert(r.item, r.note);
    }
    let mut references: HashMap<_, Vec<_>> = HashMap::new();
    for r in ws.references(a, None)? {
        references.entry(r.item).or_default().push(r.reference);
    }
    let mut files: HashMap<_, Vec<String>> = HashMap::new();
    for e in ws.evidence_list(a, None)? {
        files.entry(e.item).or_default().push(e.file_name);
    }
    Ok(SheetData {
        template,
        answers,
        cards,
        notes,
        references,
        files,
    })
}

/// Write the worksheet of an assessment as XLSX.
/// An existing `out` is replaced only when `force`.
pub fn export_xlsx(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
) -> Result<WorksheetSummary> {
    // The mark is taken before the rows are read: a change made in
    // between is then one "made here since", never mistaken for an edit
    // of the sheet.
    let copy = ws.copy_mark();
    let rows = worksheet_rows(ws, a)?;
    let unit = ws.unit(&a.unit)?;
    let bytes = render_xlsx(&unit, a, &rows, copy.as_ref())?;
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
