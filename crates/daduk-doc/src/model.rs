//! What a document says, apart from how it is drawn: blocks of headings,
//! paragraphs, tables and signatures that the PDF and the DOCX renderer
//! both print, so the two never disagree.

use chrono::NaiveDate;

/// Background of a cell or row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
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
pub struct DocCell {
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
pub struct DocRow {
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
pub struct DocColumn {
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
pub struct DocTable {
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
pub struct Signature {
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
pub enum Block {
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
pub struct Doc {
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
