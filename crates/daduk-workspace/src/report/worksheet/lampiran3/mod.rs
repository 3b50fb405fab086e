//! The Lampiran III worksheet of PermenPANRB 90/2021: read as units fill it
//! ([`read`]), written with live formulas ([`write`]).

pub(crate) mod read;
mod write;

use std::collections::HashMap;
use std::path::Path;

pub(crate) use read::{parse, placeable_items};

use super::WorksheetSummary;
use crate::answer::Role;
use crate::error::Result;
use crate::report::write_output;
use crate::scoring::score;
use crate::store::{Assessment, Workspace};

/// Everything the sheet shows, from one read transaction.
fn sheet_data(ws: &Workspace, a: &Assessment) -> Result<write::SheetData> {
    let snapshot = ws.conn().unchecked_transaction()?;
    let template = ws.template_of(a)?;
    let answers = [ws.answers(a, Role::Unit)?, ws.answers(a, Role::Tpi)?];
    let cards = [score(&template, &answers[0]), score(&template, &answers[1])];
    let mut notes: [HashMap<_, _>; 2] = Default::default();
    for r in ws.answer_records(a)? {
        notes[usize::from(r.role == Role::Tpi)].insert(r.item, r.note);
    }
    let mut references: HashMap<_, Vec<_>> = HashMap::new();
    for r in ws.references(a, None)? {
        references.entry(r.item).or_default().push(r.reference);
    }
    let mut files: HashMap<_, Vec<String>> = HashMap::new();
    for e in ws.evidence_list(a, None)? {
        files.entry(e.item).or_default().push(e.file_name);
    }
    snapshot.rollback()?;
    Ok(write::SheetData {
        template,
        answers,
        cards,
        notes,
        references,
        files,
    })
}

/// The Lampiran III workbook of an assessment (bytes) and its LKE rows.
pub fn render_lampiran3(ws: &Workspace, a: &Assessment) -> Result<(Vec<u8>, usize)> {
    let data = sheet_data(ws, a)?;
    let unit = ws.unit(&a.unit)?;
    write::render(&unit, a, &data)
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
