//! The Lampiran III worksheet of PermenPANRB 90/2021 of an assessment: its
//! data read from the workspace, the layout drawn by
//! [`daduk_sheet::layout::lampiran3`] (which reads it back too).

use std::path::Path;

use daduk_sheet::layout::lampiran3::render;

use super::{WorksheetSummary, read_data};
use crate::error::Result;
use crate::report::write_output;
use crate::sheet::layout::SheetData;
use crate::store::{Assessment, Workspace};

/// Everything the sheet shows, from one read transaction.
fn sheet_data(ws: &Workspace, a: &Assessment) -> Result<SheetData> {
    let snapshot = ws.conn().unchecked_transaction()?;
    let data = read_data(ws, a)?;
    snapshot.rollback()?;
    Ok(data)
}

/// The Lampiran III workbook of an assessment (bytes) and its LKE rows.
pub fn render_lampiran3(ws: &Workspace, a: &Assessment) -> Result<(Vec<u8>, usize)> {
    let data = sheet_data(ws, a)?;
    let unit = ws.unit(&a.unit)?;
    Ok(render(&unit, a, &data)?)
}

/// Write the Lampiran III worksheet of an assessment, with live formulas.
/// An existing `out` is replaced only when `force`.
pub fn export_lampiran3(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
) -> Result<WorksheetSummary> {
    let (bytes, rows) = render_lampiran3(ws, a)?;
    write_output(ws, out, force, &bytes)?;
    let template = ws.template_of(a)?;
    Ok(WorksheetSummary {
        path: out.to_path_buf(),
        items: template.item_count(),
        rows,
    })
}
