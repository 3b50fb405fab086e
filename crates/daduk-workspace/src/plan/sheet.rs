//! Reading the Target Prioritas / rencana aksi tables teams already keep in
//! Excel or as CSV, and importing them into a plan. The table's layout
//! (header detection, month ticks, areas, row checks) is
//! [`daduk_sheet::layout::plan`]; this reads the file through the one
//! bounded sheet reader ([`crate::sheet`]) and writes what it found.

use std::path::Path;

use super::{NewActivity, area_count};
use crate::error::{Error, Result};
use crate::sheet::layout::plan;
use crate::sheet::{self, ReadError};
use crate::store::plan::SheetImport;
use crate::store::{Assessment, Workspace};
use crate::template::Template;

pub use crate::sheet::layout::plan::MAX_ROWS;

/// Read the activities of a Target Prioritas sheet (XLSX or CSV by its
/// extension), checked whole, with warnings about what the file holds but
/// was not read; `area` is the change area of rows nothing else places.
pub fn read_sheet(
    template: &Template,
    path: &Path,
    area: Option<u8>,
) -> Result<(Vec<NewActivity>, Vec<String>)> {
    let file = path.display().to_string();
    if let Some(n) = area
        && !(1..=area_count(template)).contains(&n)
    {
        return Err(Error::Invalid(format!(
            "area {n} tidak ada: pakai 1 sampai {}",
            area_count(template)
        )));
    }
    let Some(format) = sheet::Format::of(path) else {
        return Err(Error::Invalid(format!(
            "{file}: tabel rencana aksi harus berkas .xlsx atau .csv"
        )));
    };
    let mut book = sheet::read(path, format).map_err(|e| match e {
        ReadError::Io(e) => Error::io(path, e),
        ReadError::Refused(reason) => plan::unreadable(&file, reason).into(),
    })?;
    // A CSV's one sheet is named after the file, without its extension
    // (`Area 5.csv` names its area like a sheet `Area 5`).
    if format == sheet::Format::Csv
        && let Some(stem) = path.file_stem()
    {
        for s in &mut book.sheets {
            s.name = stem.to_string_lossy().into_owned();
        }
    }
    Ok(plan::parse(template, &file, &book, area)?)
}

impl Workspace {
    /// Import a Target Prioritas sheet into an assessment's plan: all rows
    /// or none. Activities already in the plan (same area, program and
    /// text) take the sheet's months and target; the others are added.
    pub fn import_plan_sheet(
        &self,
        a: &Assessment,
        path: &Path,
        area: Option<u8>,
    ) -> Result<SheetImport> {
        let template = self.template_of(a)?;
        let (rows, warnings) = read_sheet(&template, path, area)?;
        let mut done = self.import_activities(a, &path.display().to_string(), &rows)?;
        done.warnings = warnings;
        Ok(done)
    }
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
