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
//! in Word), so both files carry the same content.

mod content;
mod docx;
mod pdf;

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

/// Background of a cell or row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shade {
    /// A section row (part, area).
    Section,
    /// A sub-section row.
    Band,
    /// A planned month (the plan's tick).
    Planned,
    /// Done (selesai).
    Done,
    /// Partly done (sebagian).
    Partial,
    /// Late.
    Late,
}

/// A cell of a document table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocCell {
    pub text: String,
    pub span: usize,
    pub bold: bool,
    pub center: bool,
    pub shade: Option<Shade>,
}

impl DocCell {
    pub fn new(text: impl Into<String>) -> DocCell {
        DocCell {
            text: text.into(),
            span: 1,
            bold: false,
            center: false,
            shade: None,
        }
    }

    pub fn bold(mut self) -> DocCell {
        self.bold = true;
        self
    }

    pub fn center(mut self) -> DocCell {
        self.center = true;
        self
    }

    pub fn span(mut self, n: usize) -> DocCell {
        self.span = n.max(1);
        self
    }

    pub fn shade(mut self, s: Option<Shade>) -> DocCell {
        self.shade = s;
        self
    }
}

/// A row of a document table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocRow {
    pub cells: Vec<DocCell>,
    pub shade: Option<Shade>,
    pub bold: bool,
    /// The first cell's text when the row starts a page.
    pub carry: Option<String>,
}

impl DocRow {
    pub fn new(cells: Vec<DocCell>) -> DocRow {
        DocRow {
            cells,
            shade: None,
            bold: false,
            carry: None,
        }
    }

    /// A row of one cell across the table.
    pub fn section(text: impl Into<String>, columns: usize, shade: Shade) -> DocRow {
        DocRow {
            cells: vec![DocCell::new(text).span(columns)],
            shade: Some(shade),
            bold: true,
            carry: None,
        }
    }
}

/// A column of a document table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocColumn {
    pub title: String,
    /// Millimetres (the PDF's text width is 175).
    pub width: f32,
    pub center: bool,
}

impl DocColumn {
    pub fn left(title: &str, width: f32) -> DocColumn {
        DocColumn {
            title: title.into(),
            width,
            center: false,
        }
    }

    pub fn center(title: &str, width: f32) -> DocColumn {
        DocColumn {
            title: title.into(),
            width,
            center: true,
        }
    }
}

/// A table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocTable {
    pub columns: Vec<DocColumn>,
    /// A row of titles over groups of columns: (title, columns spanned).
    pub groups: Vec<(String, usize)>,
    pub rows: Vec<DocRow>,
    /// Body text size, points.
    pub size: f32,
    /// Header text size, points, when smaller than the body's.
    pub header_size: Option<f32>,
    /// Cell padding left and right, millimetres, when tighter than usual.
    pub pad_x: Option<f32>,
    /// Shown above the header where the table continues on a new page.
    pub continued: String,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Signature {
    /// Lines above the role: `Ditetapkan di : Singaraja`, `Pada tanggal :
    /// 30 Juni 2023`.
    pub lines: Vec<String>,
    /// `Kepala Dinas Kesehatan Kabupaten Buleleng,`.
    pub role: String,
    /// The Kepala's name (dots when unknown).
    pub name: String,
    /// `NIP. 19700116 200312 1 005` (dots when unknown).
    pub nip: String,
}

/// One piece of a document, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// Centred bold lines at the top.
    Title(Vec<String>),
    /// A section heading.
    Heading(String),
    /// A smaller heading.
    Subheading(String),
    /// Body text.
    Paragraph(String),
    /// Small muted text (legends, sources).
    Note(String),
    /// A table.
    Table(DocTable),
    /// Horizontal bars: label, percent, and what to say when there is no
    /// percent (nothing planned, nothing due).
    Bars(Vec<(String, Option<f64>, String)>),
    /// The signature.
    Signature(Signature),
    /// Start a new page.
    PageBreak,
}

/// A document's content.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Doc {
    /// Its title (file metadata, running header).
    pub title: String,
    /// Who it is about (running header, footer).
    pub subject: String,
    /// The date printed in the footer.
    pub date: NaiveDate,
    pub blocks: Vec<Block>,
}

impl Doc {
    /// Every text of the document, in order (what a reader of either
    /// format should find).
    #[cfg(test)]
    pub fn texts(&self) -> Vec<String> {
        let mut out = vec![];
        for b in &self.blocks {
            match b {
                Block::Title(lines) => out.extend(lines.iter().cloned()),
                Block::Heading(t) | Block::Subheading(t) | Block::Paragraph(t) | Block::Note(t) => {
                    out.push(t.clone());
                }
                Block::Table(t) => {
                    out.extend(t.columns.iter().map(|c| c.title.clone()));
                    for r in &t.rows {
                        out.extend(r.cells.iter().map(|c| c.text.clone()));
                    }
                }
                Block::Bars(bars) => out.extend(bars.iter().map(|(l, _, _)| l.clone())),
                Block::Signature(s) => {
                    out.extend(s.lines.iter().cloned());
                    out.extend([s.role.clone(), s.name.clone(), s.nip.clone()]);
                }
                Block::PageBreak => {}
            }
        }
        out
    }
}

/// Build a document of an assessment's plan.
fn build(
    ws: &Workspace,
    a: &Assessment,
    kind: DocumentKind,
    options: &DocumentOptions,
) -> Result<(Doc, usize)> {
    let data = content::Data::load(ws, a, kind, options)?;
    let doc = match kind {
        DocumentKind::Plan => content::plan_document(&data),
        DocumentKind::Report(q) => {
            if !(1..=4).contains(&q) {
                return Err(Error::Invalid(format!(
                    "triwulan {q} tidak ada: pakai 1 sampai 4"
                )));
            }
            content::report_document(&data, q)
        }
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
            let (bytes, pages) = pdf::render(&doc)?;
            (bytes, Some(pages))
        }
        DocumentFormat::Docx => (docx::render(&doc)?, None),
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
