//! The plan's two documents, signed by the Kepala:
//!
//! - *Rencana Aksi dan Target Prioritas*: per change area the LKE items with
//!   their criteria, data dukung, Lengkap / Tidak Lengkap (from the
//!   evidence) and target period; per area the Target Prioritas grid of
//!   programs and activities with month ticks; "Ditetapkan di … Pada
//!   tanggal …", name and NIP.
//! - *Laporan Monitoring dan Evaluasi Triwulan I–IV*: plan against
//!   realisation per area and activity for the quarter's months, percent,
//!   kendala, solusi, rekomendasi and evidence; a summary chart; what is
//!   late; signed the same way.
//!
//! Each is built once as a [`Doc`] — headings, paragraphs, tables, a bar
//! chart, the signature — and written either as PDF (through the report
//! engine's canvas, table and fonts) or as DOCX (units edit and sign these
//! in Word), so both files carry the same content. The documents are laid
//! out by `daduk_doc::plan` from data read here in one snapshot (`data`);
//! this module keeps the options, the summary and the file writing.

mod data;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::store::{Assessment, Workspace};

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case", tag = "kind", content = "quarter")]
pub enum DocumentKind {
    /// Rencana Aksi dan Target Prioritas.
    Plan,
    /// Laporan Monitoring dan Evaluasi of quarter 1..=4.
    Report(u8),
}

/// PDF or Word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    /// A4 PDF.
    Pdf,
    /// Word (.docx).
    Docx,
}

impl DocumentFormat {
    /// The format a file name asks for (`.pdf`, `.docx`).
    pub fn of_path(path: &Path) -> Result<DocumentFormat> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "pdf" => Ok(DocumentFormat::Pdf),
            "docx" => Ok(DocumentFormat::Docx),
            _ => Err(Error::Invalid(format!(
                "{}: nama berkas tujuan harus berakhiran .pdf atau .docx",
                path.display()
            ))),
        }
    }
}

/// How to make a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentOptions {
    /// The date it is signed (and, for the report, the date its figures are
    /// as of, at most the quarter's end).
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
    /// Where it is signed ("Ditetapkan di"); dots to fill by hand when
    /// empty.
    pub place: String,
}

impl DocumentOptions {
    /// Signed today, place left to fill.
    pub fn today() -> DocumentOptions {
        DocumentOptions {
            date: chrono::Local::now().date_naive(),
            place: String::new(),
        }
    }
}

/// What a written document holds, for the caller to show.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DocumentSummary {
    /// Where it was written (empty when rendered into memory).
    pub path: PathBuf,
    /// Its title.
    pub title: String,
    /// Pages (PDF only; Word lays out its own pages).
    pub pages: Option<usize>,
    /// Size in bytes.
    pub bytes: u64,
    /// Activities it lists.
    pub activities: usize,
    /// The date printed.
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
}

/// A rendered document.
#[derive(Debug, Clone)]
pub struct RenderedDocument {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// What it holds.
    pub summary: DocumentSummary,
}

pub(crate) use daduk_doc::model::*;

/// Build a document of an assessment's plan.
fn build(
    ws: &Workspace,
    a: &Assessment,
    kind: DocumentKind,
    options: &DocumentOptions,
) -> Result<(Doc, usize)> {
    let data = data::load(ws, a, kind, options)?;
    let doc = match kind {
        DocumentKind::Plan => daduk_doc::plan::plan_document(&data),
        DocumentKind::Report(q) => daduk_doc::plan::report_document(&data, q)?,
    };
    Ok((doc, data.view.activities.len()))
}

/// Render a document of an assessment's plan into memory.
pub fn render(
    ws: &Workspace,
    a: &Assessment,
    kind: DocumentKind,
    format: DocumentFormat,
    options: &DocumentOptions,
) -> Result<RenderedDocument> {
    let (doc, activities) = build(ws, a, kind, options)?;
    let (bytes, pages) = match format {
        DocumentFormat::Pdf => {
            let (bytes, pages) = daduk_doc::pdf::render(&doc)?;
            (bytes, Some(pages))
        }
        DocumentFormat::Docx => (daduk_doc::docx::render(&doc)?, None),
    };
    Ok(RenderedDocument {
        summary: DocumentSummary {
            path: PathBuf::new(),
            title: doc.title.clone(),
            pages,
            bytes: bytes.len() as u64,
            activities,
            date: doc.date,
        },
        bytes,
    })
}

/// Write a document of an assessment's plan to `out` (PDF or DOCX by its
/// extension), whole or not at all, over an existing file only when
/// `force`, never into the workspace.
pub fn write(
    ws: &Workspace,
    a: &Assessment,
    kind: DocumentKind,
    out: &Path,
    force: bool,
    options: &DocumentOptions,
) -> Result<DocumentSummary> {
    let format = DocumentFormat::of_path(out)?;
    crate::output::check(
        out,
        crate::output::Target {
            force,
            workspace: Some(ws.root()),
        },
    )?;
    let doc = render(ws, a, kind, format, options)?;
    crate::output::write(
        out,
        &doc.bytes,
        crate::output::Target {
            force,
            workspace: Some(ws.root()),
        },
    )?;
    Ok(DocumentSummary {
        path: out.to_path_buf(),
        ..doc.summary
    })
}

#[cfg(test)]
mod tests;
