//! What a unit hands to its leadership and to TPI: the completeness report
//! (PDF) and the LKE worksheet (XLSX out and in, CSV out).
//!
//! Both are built from one consistent read of the workspace; the report's
//! pages are laid out by `daduk_doc::report` from that data. The report's
//! footer carries the SHA-256 of the assessment's [`manifest`], so a printed
//! page can be traced to the exact state it was made from.
//!
//! ```no_run
//! # fn main() -> daduk_workspace::Result<()> {
//! use daduk_workspace::{report, Workspace};
//! let ws = Workspace::open("ruang-kerja".as_ref(), "tim")?;
//! let a = ws.assessment("DINKES-BLL", 2024)?;
//! let summary = report::write_pdf(&ws, &a, "laporan.pdf".as_ref(), false)?;
//! println!("{} halaman", summary.pages);
//! report::worksheet::export_xlsx(&ws, &a, "lke.xlsx".as_ref(), false)?;
//! # Ok(()) }
//! ```

mod data;
pub mod manifest;
pub mod worksheet;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

pub use manifest::{Manifest, build_manifest};

use crate::error::Result;
use crate::hash::Sha256;
use crate::store::{Assessment, Workspace};

/// How to make the PDF.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// The date printed on the cover and by the signatures (the generation
    /// date by default).
    pub date: NaiveDate,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            date: chrono::Local::now().date_naive(),
        }
    }
}

/// What a generated report holds, for the caller to show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ReportSummary {
    /// Where it was written (empty for [`render_pdf`]).
    pub path: PathBuf,
    /// Number of pages.
    pub pages: usize,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    /// SHA-256 of the manifest the report was built from (in its footer).
    pub manifest_sha256: Sha256,
    /// Number of items.
    pub items: usize,
    /// Items whose data dukung is complete (Lengkap).
    pub complete_items: usize,
    /// Attached files listed.
    pub files: usize,
    /// Total score of the unit's answers.
    pub total_unit: f64,
    /// Total score of TPI's answers.
    pub total_tpi: f64,
    /// The date printed on it.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
}

/// A rendered PDF and its summary.
#[derive(Debug, Clone)]
pub struct PdfReport {
    /// The PDF file's bytes.
    pub bytes: Vec<u8>,
    /// What it holds.
    pub summary: ReportSummary,
}

/// Render the completeness report of an assessment into memory.
pub fn render_pdf(ws: &Workspace, a: &Assessment, options: &PdfOptions) -> Result<PdfReport> {
    let data = data::load(ws, a, options.date)?;
    let (bytes, pages) = daduk_doc::report::render(&data)?;
    let summary = ReportSummary {
        path: PathBuf::new(),
        pages,
        bytes: bytes.len() as u64,
        manifest_sha256: data.manifest_sha256,
        items: data.template.item_count(),
        complete_items: data.completeness.total.complete,
        files: data.evidence.values().map(Vec::len).sum(),
        total_unit: data.cards[0].total,
        total_tpi: data.cards[1].total,
        date: options.date,
    };
    Ok(PdfReport { bytes, summary })
}

/// Write the completeness report of an assessment to `out` (A4 PDF), dated
/// today. The file is written whole or not at all.
/// An existing `out` is replaced only when `force`.
pub fn write_pdf(ws: &Workspace, a: &Assessment, out: &Path, force: bool) -> Result<ReportSummary> {
    write_pdf_with(ws, a, out, force, &PdfOptions::default())
}

/// [`write_pdf`] with options.
pub fn write_pdf_with(
    ws: &Workspace,
    a: &Assessment,
    out: &Path,
    force: bool,
    options: &PdfOptions,
) -> Result<ReportSummary> {
    let report = render_pdf(ws, a, options)?;
    write_output(ws, out, force, &report.bytes)?;
    Ok(ReportSummary {
        path: out.to_path_buf(),
        ..report.summary
    })
}

/// Write `bytes` to `out` whole or not at all, never into the workspace,
/// and over an existing file only when `force`.
pub(crate) fn write_output(ws: &Workspace, out: &Path, force: bool, bytes: &[u8]) -> Result<()> {
    crate::output::write(
        out,
        bytes,
        crate::output::Target {
            force,
            workspace: Some(ws.root()),
        },
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;
