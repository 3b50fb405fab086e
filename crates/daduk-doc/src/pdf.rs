//! A plan document as an A4 PDF, drawn with the report engine's canvas,
//! tables and embedded fonts.

use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use crate::engine::canvas::{
    self, Align, BOTTOM, Canvas, LEFT, PAGE_H, RIGHT, Rgb, Style, WIDTH, color,
};
use crate::engine::font::{Fonts, Weight};
use crate::engine::parsed_fonts;
use crate::engine::table::{Cell, Column, Row, Table};
use crate::model::{Block, Doc, DocTable, Shade, Signature};
use daduk_domain::error::{Error, Result};
use daduk_domain::format;

/// A shade's colour.
pub(super) fn rgb(shade: Shade) -> Rgb {
    match shade {
        Shade::Section => color::NAVY_LIGHT,
        Shade::Band => color::BAND,
        Shade::Planned => Rgb(0.82, 0.87, 0.95),
        Shade::Done => Rgb(0.80, 0.92, 0.82),
        Shade::Partial => Rgb(0.99, 0.90, 0.72),
        Shade::Late => color::RED_LIGHT,
    }
}

fn title(c: &mut Canvas, lines: &[String]) {
    let fonts = Fonts::get();
    let style = Style::bold(12.0).with(color::NAVY);
    for (i, line) in lines.iter().enumerate() {
        let style = if i == 0 {
            Style::bold(14.0).with(color::NAVY)
        } else {
            style
        };
        let wrapped = fonts.wrap(line, style.weight, style.size, WIDTH);
        c.y += c.lines(LEFT, c.y, &wrapped, style, Align::Center, WIDTH) + 0.6;
    }
    c.space(2.0);
    c.rule(LEFT, RIGHT, c.y, color::NAVY, 0.6);
    c.space(4.0);
}

fn table(c: &mut Canvas, t: &DocTable) {
    let columns = t
        .columns
        .iter()
        .map(|col| {
            Column::new(
                &col.title,
                col.width,
                if col.center {
                    Align::Center
                } else {
                    Align::Left
                },
            )
        })
        .collect();
    let mut table = Table::new(columns, Style::regular(t.size));
    table.groups = t.groups.clone();
    table.continued = Some(t.continued.clone());
    table.header_size = t.header_size;
    if let Some(p) = t.pad_x {
        table.pad_x = p;
    }
    let rows: Vec<Row> = t
        .rows
        .iter()
        .map(|r| {
            let cells = r
                .cells
                .iter()
                .map(|cell| {
                    let mut x = Cell::new(cell.text.clone()).span(cell.span);
                    if cell.bold {
                        x = x.styled(Style::bold(t.size));
                    }
                    if cell.center {
                        x.align = Some(Align::Center);
                    } else if cell.span > 1 {
                        // A row across columns reads from the left.
                        x.align = Some(Align::Left);
                    }
                    if let Some(s) = cell.shade {
                        x = x.fill(rgb(s));
                    }
                    x
                })
                .collect();
            let mut row = Row::new(cells);
            if let Some(s) = r.shade {
                row = row.fill(rgb(s));
            }
            if r.bold {
                row = row.bold();
            }
            if let Some(carry) = &r.carry {
                row = row.carry(carry.clone());
            }
            row
        })
        .collect();
    table.draw(c, &rows);
    c.space(3.0);
}

/// Horizontal bars of percentages with a 0–100 scale.
fn bars(c: &mut Canvas, bars: &[(String, Option<f64>, String)]) {
    const ROW: f32 = 7.5;
    const LABEL: f32 = 62.0;
    let fonts = Fonts::get();
    let height = bars.len() as f32 * ROW + 8.0;
    c.ensure(height);
    let x0 = LEFT + LABEL + 2.0;
    let w = RIGHT - x0 - 22.0;
    let top = c.y;
    let bottom = top + bars.len() as f32 * ROW;
    for i in 0..=4 {
        let x = x0 + w * i as f32 / 4.0;
        c.line((x, top), (x, bottom), color::NAVY_LIGHT, 0.2, false);
        c.text(
            x - 6.0,
            bottom + 0.6,
            &format!("{}%", i * 25),
            Style::regular(6.5).with(color::MUTED),
            Align::Center,
            12.0,
        );
    }
    let label = Style::regular(7.5);
    for (i, (name, pct, none)) in bars.iter().enumerate() {
        let y = top + i as f32 * ROW;
        let lines = fonts.wrap(name, label.weight, label.size, LABEL);
        let h = lines.len() as f32 * label.line_height();
        c.lines(LEFT, y + (ROW - h) / 2.0, &lines, label, Align::Left, LABEL);
        c.rect(x0, y + 1.5, w, ROW - 3.0, Some(color::GREY_BAR), None);
        let (text, col) = match pct {
            Some(p) => {
                let col = if *p >= 75.0 {
                    color::GREEN
                } else if *p >= 50.0 {
                    color::ORANGE
                } else {
                    color::RED
                };
                let bw = w * (*p as f32 / 100.0).clamp(0.0, 1.0);
                if bw > 0.05 {
                    c.rect(x0, y + 1.5, bw, ROW - 3.0, Some(col), None);
                }
                (format::percent(p / 100.0), col)
            }
            None => (none.clone(), color::MUTED),
        };
        c.text(
            x0 + w + 1.5,
            y + (ROW - Style::bold(7.5).line_height()) / 2.0,
            &text,
            Style::bold(7.5).with(col),
            Align::Left,
            22.0,
        );
    }
    c.y = bottom + 7.0;
}

fn signature(c: &mut Canvas, s: &Signature) {
    let fonts = Fonts::get();
    let text = Style::regular(10.0);
    let lh = text.line_height();
    let w = 82.0;
    let x = RIGHT - w;
    let role = fonts.wrap(&s.role, Weight::Regular, text.size, w);
    let needed = (s.lines.len() + role.len() + 2) as f32 * lh + 26.0;
    c.ensure(needed + 8.0);
    c.space(8.0);
    for line in &s.lines {
        c.text(x, c.y, line, text, Align::Left, w);
        c.y += lh;
    }
    c.y += 2.0;
    c.y += c.lines(x, c.y, &role, text, Align::Left, w);
    c.y += 22.0;
    let name = Style::bold(10.0);
    let lines = fonts.wrap(&s.name, name.weight, name.size, w);
    let h = c.lines(x, c.y, &lines, name, Align::Left, w);
    if let Some(last) = lines.last() {
        let lw = fonts.width_mm(last, name.weight, name.size);
        c.rule(x, x + lw, c.y + h - 0.4, color::TEXT, 0.25);
    }
    c.y += h;
    c.text(x, c.y, &s.nip, text, Align::Left, w);
    c.y += lh + 4.0;
}

fn footer(c: &mut Canvas, doc: &Doc, page: usize, pages: usize) {
    let fonts = Fonts::get();
    let y = BOTTOM + 7.0;
    c.rule(LEFT, RIGHT, y - 1.5, color::RULE, 0.3);
    let number = format!("Halaman {page} dari {pages}");
    let number_style = Style::bold(8.0).with(color::NAVY);
    c.text(LEFT, y, &number, number_style, Align::Right, WIDTH);
    // The left text never reaches the page number: a long unit name wraps
    // to a second line, and what is left after that is cut with "…".
    let room = WIDTH - fonts.width_mm(&number, number_style.weight, number_style.size) - 4.0;
    let style = Style::regular(6.5).with(color::MUTED);
    let text = format!(
        "{} · {} · dibuat dengan Daduk, {}",
        doc.title,
        doc.subject,
        format::date_long(doc.date)
    );
    let mut lines = fonts.wrap(&text, style.weight, style.size, room);
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(fonts.fit(&rest, style.weight, style.size, room));
    }
    c.lines(LEFT, y, &lines, style, Align::Left, room);
}

/// Render the document; returns the PDF and its number of pages.
pub fn render(doc: &Doc) -> Result<(Vec<u8>, usize)> {
    let (regular, bold) = parsed_fonts()
        .ok_or_else(|| Error::Invalid("font dokumen bawaan tidak terbaca (cacat build)".into()))?;
    let mut pdf = PdfDocument::new(&doc.title);
    pdf.metadata.info.document_title = format!("{} — {}", doc.title, doc.subject);
    pdf.metadata.info.creator = "Daduk".into();
    pdf.metadata.info.producer = "Daduk".into();
    let regular_id = pdf.add_font(regular);
    let bold_id = pdf.add_font(bold);
    let mut c = Canvas::new(
        regular_id,
        bold_id,
        format!("{}  ·  {}", doc.title, doc.subject),
    );
    c.y = 16.0;
    for block in &doc.blocks {
        match block {
            Block::Title(lines) => title(&mut c, lines),
            Block::Heading(t) => c.heading(t, 30.0),
            Block::Subheading(t) => c.subheading(t, 22.0),
            Block::Paragraph(t) => {
                c.paragraph(LEFT, WIDTH, t, Style::regular(9.0));
                c.space(2.5);
            }
            Block::Note(t) => {
                c.paragraph(LEFT, WIDTH, t, Style::regular(7.5).with(color::MUTED));
                c.space(2.0);
            }
            Block::Table(t) => table(&mut c, t),
            Block::Bars(b) => bars(&mut c, b),
            Block::Signature(s) => signature(&mut c, s),
            Block::PageBreak => c.new_page(),
        }
    }
    let pages = c.page_count();
    for i in 0..pages {
        c.on_page(i, |c| footer(c, doc, i + 1, pages));
    }
    let pages: Vec<PdfPage> = c
        .into_pages()
        .into_iter()
        .map(|ops| PdfPage::new(Mm(canvas::PAGE_W), Mm(PAGE_H), ops))
        .collect();
    let count = pages.len();
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    Ok((bytes, count))
}
