//! The completeness report as an A4 PDF, laid out by hand on printpdf's
//! drawing operations: cover, score summary, predicate checks, a bar chart,
//! TPN's result (when recorded), the to-do list, the signatures, then every
//! item with its data dukung.
//!
//! Pages are drawn first and numbered afterwards ("Halaman 3 dari 18"), with
//! the manifest's SHA-256 in every footer. What is drawn is [`ReportData`],
//! plain data the workspace gathers in one read.

mod chart;
mod cover;
mod data;
mod items;
mod summary;
mod todo;
mod tpn;
mod trend;

use daduk_domain::error::{Error, Result};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

pub use data::{ReportData, TpnData, answer_label};
pub use todo::nip;

use crate::engine::{canvas, font, parsed_fonts};
use canvas::{Align, BOTTOM, Canvas, LEFT, PAGE_H, RIGHT, Style, WIDTH, color};

/// Render the report; returns the PDF bytes and the number of pages.
pub fn render(data: &ReportData) -> Result<(Vec<u8>, usize)> {
    let (regular, bold) = parsed_fonts()
        .ok_or_else(|| Error::Invalid("font laporan bawaan tidak terbaca (cacat build)".into()))?;
    let title = format!(
        "Laporan Kelengkapan Data Dukung LKE ZI — {} — {}",
        data.unit.name, data.assessment.year
    );
    let mut doc = PdfDocument::new(&title);
    doc.metadata.info.document_title = title.clone();
    doc.metadata.info.author = data.unit.name.clone();
    doc.metadata.info.creator = "Daduk".into();
    doc.metadata.info.producer = "Daduk".into();
    doc.metadata.info.subject = format!("SHA-256 manifes {}", data.manifest_sha256);
    // The report's own date (not the clock), so the same workspace on the
    // same day gives the same file; printpdf's default is 1970-01-01.
    let day = data
        .date
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp())
        .unwrap_or_default();
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(day) {
        doc.metadata.info.creation_date = date;
        doc.metadata.info.modification_date = date;
        doc.metadata.info.metadata_date = date;
    }
    let regular_id = doc.add_font(regular);
    let bold_id = doc.add_font(bold);
    let header = running_header(data);
    let mut c = Canvas::new(regular_id, bold_id, header);

    cover::draw(&mut c, data);
    c.new_page();
    summary::draw(&mut c, data);
    // Sections 1–3 are always there; TPN's result, when recorded, is the
    // next, and the to-do list and the signatures follow it.
    let mut section = 4;
    if let Some(tpn) = &data.tpn {
        tpn::draw(&mut c, data, tpn, section);
        section += 1;
    }
    todo::draw(&mut c, data, section);
    todo::signatures(&mut c, data, section + 1);
    c.new_page();
    items::draw(&mut c, data);

    let pages = c.page_count();
    for i in 0..pages {
        c.on_page(i, |c| footer(c, data, i + 1, pages));
    }
    let pages: Vec<PdfPage> = c
        .into_pages()
        .into_iter()
        .map(|ops| PdfPage::new(Mm(canvas::PAGE_W), Mm(PAGE_H), ops))
        .collect();
    let count = pages.len();
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    Ok((bytes, count))
}

/// The line at the top of every page after the cover: what the report is,
/// whose, which year. A long unit name is shortened with an ellipsis so the
/// year always shows.
fn running_header(data: &ReportData) -> String {
    let fonts = font::Fonts::get();
    let head = "Laporan Kelengkapan Data Dukung LKE Zona Integritas  ·  ";
    let tail = format!("  ·  Tahun {}", data.assessment.year);
    let style = canvas::header_style();
    let fixed = fonts.width_mm(&format!("{head}{tail}"), style.weight, style.size);
    let name = fonts.fit(&data.unit.name, style.weight, style.size, WIDTH - fixed);
    format!("{head}{name}{tail}")
}

/// The footer: the manifest's hash on the left, the page number on the right.
fn footer(c: &mut Canvas, data: &ReportData, page: usize, pages: usize) {
    let y = BOTTOM + 7.0;
    c.rule(LEFT, RIGHT, y - 1.5, color::RULE, 0.3);
    let small = Style::regular(6.5).with(color::MUTED);
    c.text(
        LEFT,
        y,
        &format!("SHA-256 manifes: {}", data.manifest_sha256),
        small,
        Align::Left,
        WIDTH,
    );
    c.text(
        LEFT,
        y + small.line_height(),
        &format!(
            "Dibuat dengan Daduk pada {} · {} · {} {}",
            daduk_domain::format::date_long(data.date),
            data.template.doc().name,
            data.unit.code,
            data.assessment.year
        ),
        small,
        Align::Left,
        WIDTH,
    );
    c.text(
        LEFT,
        y,
        &format!("Halaman {page} dari {pages}"),
        Style::bold(8.0).with(color::NAVY),
        Align::Right,
        WIDTH,
    );
}
