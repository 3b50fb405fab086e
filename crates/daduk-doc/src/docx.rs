//! A plan document as a Word file (A4, the PDF's margins and column
//! widths), for units that edit and sign it in Word.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, Footer, HeightRule, InstrNUMPAGES, InstrPAGE, InstrText,
    LineSpacing, PageMargin, Paragraph, Run, RunFonts, Shading, ShdType, Table, TableCell,
    TableCellMargins, TableLayoutType, TableRow, WidthType,
};

use crate::model::{Block, Doc, DocTable, Shade, Signature};
use daduk_domain::error::{Error, Result};
use daduk_domain::format;

const TWIPS_PER_MM: f32 = 56.692_91;
/// A4 in twips.
const PAGE: (u32, u32) = (11906, 16838);
/// A row height no table uses: marks the header rows, which Word repeats
/// on every page (`w:tblHeader`, which docx-rs does not write itself).
const HEADER_MARK: u32 = 277;

fn twips(mm: f32) -> usize {
    (mm * TWIPS_PER_MM).round() as usize
}

/// A shade's colour, as Word writes it.
fn hex(shade: Shade) -> &'static str {
    match shade {
        Shade::Section => "DDE4EF",
        Shade::Band => "F3F5F9",
        Shade::Planned => "D1DEF2",
        Shade::Done => "CCEBD1",
        Shade::Partial => "FCE6B8",
        Shade::Late => "FDECEA",
    }
}

const NAVY: &str = "1B3461";
const MUTED: &str = "61666F";

fn run(text: &str, size_pt: f32, bold: bool) -> Run {
    let r = Run::new()
        .add_text(text)
        .size((size_pt * 2.0).round() as usize);
    if bold { r.bold() } else { r }
}

/// A paragraph of the text's lines, broken where the text breaks.
fn lines(text: &str, size_pt: f32, bold: bool, color: Option<&str>) -> Paragraph {
    let mut p = Paragraph::new().line_spacing(LineSpacing::new().before(0).after(0));
    for (i, line) in text.split('\n').enumerate() {
        let mut r = Run::new();
        if i > 0 {
            r = r.add_break(docx_rs::BreakType::TextWrapping);
        }
        r = r.add_text(line).size((size_pt * 2.0).round() as usize);
        if bold {
            r = r.bold();
        }
        if let Some(c) = color {
            r = r.color(c);
        }
        p = p.add_run(r);
    }
    p
}

/// A field (page number, page count) in text of `size_pt`.
fn field(instr: InstrText, size_pt: f32) -> Run {
    Run::new()
        .size((size_pt * 2.0).round() as usize)
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(instr)
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false)
}

fn shading(fill: &str) -> Shading {
    Shading::new()
        .shd_type(ShdType::Clear)
        .color("auto")
        .fill(fill)
}

fn table(t: &DocTable) -> Table {
    let widths: Vec<usize> = t.columns.iter().map(|c| twips(c.width)).collect();
    let header_size = t.header_size.unwrap_or(t.size);
    let header_cell = |text: &str, span: usize, width: usize| {
        TableCell::new()
            .add_paragraph(
                lines(text, header_size, true, Some("FFFFFF")).align(AlignmentType::Center),
            )
            .grid_span(span)
            .width(width, WidthType::Dxa)
            .shading(shading(NAVY))
            .vertical_align(docx_rs::VAlignType::Center)
    };
    let mut rows = Vec::new();
    let mark = |r: TableRow| {
        r.row_height(HEADER_MARK as f32)
            .height_rule(HeightRule::AtLeast)
            .cant_split()
    };
    if !t.groups.is_empty() {
        let mut col = 0;
        let cells = t
            .groups
            .iter()
            .map(|(title, span)| {
                let w = widths[col..(col + span).min(widths.len())].iter().sum();
                col += span;
                header_cell(title, *span, w)
            })
            .collect();
        rows.push(mark(TableRow::new(cells)));
    }
    rows.push(mark(TableRow::new(
        t.columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| header_cell(&c.title, 1, *w))
            .collect(),
    )));
    for r in &t.rows {
        let mut col = 0;
        let cells = r
            .cells
            .iter()
            .map(|cell| {
                let span = cell.span.min(widths.len().saturating_sub(col)).max(1);
                let w: usize = widths[col.min(widths.len())..(col + span).min(widths.len())]
                    .iter()
                    .sum();
                let center = cell.center || t.columns.get(col).is_some_and(|c| c.center);
                col += span;
                let mut p = lines(&cell.text, t.size, cell.bold || r.bold, None);
                if center {
                    p = p.align(AlignmentType::Center);
                }
                let mut tc = TableCell::new()
                    .add_paragraph(p)
                    .grid_span(span)
                    .width(w, WidthType::Dxa);
                if let Some(s) = cell.shade.or(r.shade) {
                    tc = tc.shading(shading(hex(s)));
                }
                tc
            })
            .collect();
        rows.push(TableRow::new(cells));
    }
    let pad = twips(t.pad_x.unwrap_or(1.3));
    Table::new(rows)
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(20, pad, 20, pad))
}

fn bars(list: &[(String, Option<f64>, String)]) -> Table {
    const FULL: usize = 20;
    let widths = [twips(62.0), twips(80.0), twips(33.0)];
    let rows = list
        .iter()
        .map(|(name, pct, none)| {
            let (bar, text, fill) = match pct {
                Some(p) => {
                    let n = ((p / 100.0) * FULL as f64).round().clamp(0.0, FULL as f64) as usize;
                    let fill = if *p >= 75.0 {
                        "1E7B34"
                    } else if *p >= 50.0 {
                        "D9721B"
                    } else {
                        "B42318"
                    };
                    (
                        format!("{}{}", "█".repeat(n), "░".repeat(FULL - n)),
                        format::percent(p / 100.0),
                        fill,
                    )
                }
                None => ("░".repeat(FULL), none.clone(), MUTED),
            };
            TableRow::new(vec![
                TableCell::new()
                    .add_paragraph(lines(name, 8.0, false, None))
                    .width(widths[0], WidthType::Dxa),
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(run(&bar, 8.0, false).color(fill)))
                    .width(widths[1], WidthType::Dxa),
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(run(&text, 8.0, true).color(fill)))
                    .width(widths[2], WidthType::Dxa),
            ])
        })
        .collect();
    Table::without_borders(rows)
        .set_grid(widths.to_vec())
        .layout(TableLayoutType::Fixed)
}

fn signature(mut d: Docx, s: &Signature) -> Docx {
    // Indented to the right half, as the PDF places it.
    let indent = twips(175.0 - 82.0) as i32;
    let para = |text: &str, bold: bool| {
        Paragraph::new()
            .indent(Some(indent), None, None, None)
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(run(text, 10.0, bold))
    };
    d = d.add_paragraph(Paragraph::new().add_run(run("", 10.0, false)));
    for line in &s.lines {
        d = d.add_paragraph(para(line, false).keep_next(true));
    }
    d = d.add_paragraph(para(&s.role, false).keep_next(true));
    for _ in 0..4 {
        d = d.add_paragraph(para("", false).keep_next(true));
    }
    d = d.add_paragraph(
        Paragraph::new()
            .indent(Some(indent), None, None, None)
            .keep_next(true)
            .add_run(run(&s.name, 10.0, true).underline("single")),
    );
    d.add_paragraph(para(&s.nip, false))
}

/// Render the document as DOCX bytes.
pub fn render(doc: &Doc) -> Result<Vec<u8>> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .add_run(run(
                &format!(
                    "{} · {} · dibuat dengan Daduk, {} · Halaman ",
                    doc.title,
                    doc.subject,
                    format::date_long(doc.date)
                ),
                7.0,
                false,
            ))
            .add_run(field(InstrText::PAGE(InstrPAGE {}), 7.0))
            .add_run(run(" dari ", 7.0, false))
            .add_run(field(InstrText::NUMPAGES(InstrNUMPAGES {}), 7.0)),
    );
    let mut d = Docx::new()
        .page_size(PAGE.0, PAGE.1)
        .page_margin(PageMargin {
            top: twips(16.0) as i32,
            left: twips(20.0) as i32,
            bottom: twips(20.0) as i32,
            right: twips(15.0) as i32,
            header: twips(8.0) as i32,
            footer: twips(8.0) as i32,
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(20)
        .footer(footer);
    for block in &doc.blocks {
        d = match block {
            Block::Title(title) => {
                let mut d = d;
                for (i, line) in title.iter().enumerate() {
                    d = d.add_paragraph(
                        Paragraph::new()
                            .align(AlignmentType::Center)
                            .line_spacing(LineSpacing::new().before(0).after(40))
                            .add_run(run(line, if i == 0 { 14.0 } else { 12.0 }, true).color(NAVY)),
                    );
                }
                d.add_paragraph(Paragraph::new())
            }
            Block::Heading(t) => d.add_paragraph(
                Paragraph::new()
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(240).after(120))
                    .add_run(run(t, 12.0, true).color(NAVY)),
            ),
            Block::Subheading(t) => d.add_paragraph(
                Paragraph::new()
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(160).after(80))
                    .add_run(run(t, 10.5, true).color(NAVY)),
            ),
            Block::Paragraph(t) => d.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Both)
                    .line_spacing(LineSpacing::new().after(120))
                    .add_run(run(t, 9.5, false)),
            ),
            Block::Note(t) => d.add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().after(100))
                    .add_run(run(t, 7.5, false).color(MUTED)),
            ),
            Block::Table(t) => d
                .add_table(table(t))
                .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().after(60))),
            Block::Bars(b) => d.add_table(bars(b)).add_paragraph(Paragraph::new()),
            Block::Signature(s) => signature(d, s),
            Block::PageBreak => d.add_paragraph(Paragraph::new().page_break_before(true)),
        };
    }
    let mut xml = d.build();
    let document = String::from_utf8(std::mem::take(&mut xml.document))
        .map_err(|e| Error::Invalid(format!("dokumen Word tidak terbentuk: {e}")))?;
    let marker = format!("<w:trHeight w:val=\"{HEADER_MARK}\" w:hRule=\"atLeast\" />");
    xml.document = document
        .replace(&marker, &format!("{marker}<w:tblHeader />"))
        .into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| Error::Invalid(format!("dokumen Word tidak dapat ditulis: {e}")))?;
    Ok(out.into_inner())
}
