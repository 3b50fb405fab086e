//! The appendix: every item in LKE order with both answers, notes, the
//! required kinds and every attached file. Items Tidak Lengkap stand out
//! with a red band.

use super::data::{ReportData, answer_label};
use crate::engine::canvas::{Align, Canvas, LEFT, Style, WIDTH, color};
use crate::engine::font::Fonts;
use crate::engine::table::{Cell, Column, Row, Table};
use daduk_domain::answer::Role;
use daduk_domain::evidence::{BlobState, Evidence, ReviewStatus};
use daduk_domain::format;
use daduk_domain::template::ItemRef;

const SIZE: f32 = 8.0;

pub(super) fn draw(c: &mut Canvas, data: &ReportData) {
    c.heading("Lampiran. Rincian Butir dan Data Dukung", 40.0);
    c.paragraph(
        LEFT,
        WIDTH,
        "Setiap butir LKE dengan jawaban dan nilai Unit dan TPI, catatan, jenis data dukung yang diwajibkan \
         (✓ ada, ✗ belum ada) dan setiap berkas terlampir dengan jenis, tanggal dokumen dan 12 digit pertama \
         SHA-256 isinya. Butir yang data dukungnya belum lengkap ditandai merah.",
        Style::regular(8.5),
    );
    c.space(1.0);
    let mut part = None;
    let mut area = None;
    let mut sub = None;
    for r in data.template.items() {
        let code = r.item.code;
        if part != Some(code.part) {
            part = Some(code.part);
            let component = &r.component.name;
            let title = if *component == r.part.name {
                component.clone()
            } else {
                format!("{component} — {}", r.part.name)
            };
            c.subheading(
                &format!("{} (bobot {})", title, format::score(r.part.weight)),
                45.0,
            );
        }
        let area_code = code.area_code();
        if area != Some(area_code) {
            area = Some(area_code);
            let score = |i: usize| {
                format::score(data.cards[i].areas.get(&area_code).copied().unwrap_or(0.0))
            };
            c.subheading(
                &format!(
                    "{area_code} {} — bobot {} · Unit {} · TPI {}",
                    r.area.name,
                    format::score(r.area.weight),
                    score(0),
                    score(1)
                ),
                40.0,
            );
        }
        let sub_code = code.sub_area_code();
        if sub != Some(sub_code) {
            sub = Some(sub_code);
            sub_area_line(c, data, &r);
        }
        item(c, data, &r);
    }
}

fn sub_area_line(c: &mut Canvas, data: &ReportData, r: &ItemRef<'_>) {
    let code = r.item.code.sub_area_code();
    let score =
        |i: usize| format::score(data.cards[i].sub_areas.get(&code).copied().unwrap_or(0.0));
    let share = data
        .completeness
        .sub_areas
        .get(&code)
        .copied()
        .unwrap_or_default();
    let style = Style::bold(8.5).with(color::MUTED);
    let text = format!(
        "{code} {} — bobot {} · Unit {} · TPI {} · lengkap {}/{}",
        r.sub_area.name,
        format::score(r.sub_area.weight),
        score(0),
        score(1),
        share.complete,
        share.total
    );
    let lines = Fonts::get().wrap(&text, style.weight, style.size, WIDTH);
    let h = lines.len() as f32 * style.line_height();
    c.ensure(h + 40.0);
    c.space(1.0);
    c.y += c.lines(LEFT, c.y, &lines, style, Align::Left, WIDTH);
    c.space(1.5);
}

fn item(c: &mut Canvas, data: &ReportData, r: &ItemRef<'_>) {
    let fonts = Fonts::get();
    let code = r.item.code;
    let complete = data
        .completeness
        .items
        .get(&code)
        .is_none_or(|ic| ic.complete);

    // The band: code, question, status.
    let (band, accent) = if complete {
        (color::NAVY_LIGHT, color::NAVY)
    } else {
        (color::RED_LIGHT, color::RED)
    };
    let q_style = Style::regular(8.5);
    let q_x = LEFT + 19.0;
    let badge_w = 27.0;
    let q_w = WIDTH - 19.0 - badge_w - 2.0;
    let q_lines = fonts.wrap(&r.item.question, q_style.weight, q_style.size, q_w);
    let band_h = q_lines.len() as f32 * q_style.line_height() + 2.4;
    c.ensure(band_h + 26.0);
    let top = c.y;
    c.rect(LEFT, top, WIDTH, band_h, Some(band), None);
    c.rect(LEFT, top, 1.4, band_h, Some(accent), None);
    c.text(
        LEFT + 3.0,
        top + 1.2,
        &code.to_string(),
        Style::bold(9.0).with(accent),
        Align::Left,
        16.0,
    );
    c.lines(q_x, top + 1.2, &q_lines, q_style, Align::Left, q_w);
    let (badge, badge_color) = if complete {
        ("LENGKAP", color::GREEN)
    } else {
        ("TIDAK LENGKAP", color::RED)
    };
    c.text(
        LEFT + WIDTH - badge_w - 1.5,
        top + 1.2,
        badge,
        Style::bold(7.5).with(badge_color),
        Align::Right,
        badge_w,
    );
    c.y = top + band_h + 1.2;

    answers(c, data, r);
    kinds(c, data, r);
    files(c, data, r);
    c.space(4.0);
}

fn answers(c: &mut Canvas, data: &ReportData, r: &ItemRef<'_>) {
    let code = r.item.code;
    let mut table = Table::new(
        vec![
            Column::new("", 18.0, Align::Left),
            Column::new(
                "Unit (penilaian mandiri)",
                (WIDTH - 18.0) / 2.0,
                Align::Left,
            ),
            Column::new("TPI", (WIDTH - 18.0) / 2.0, Align::Left),
        ],
        Style::regular(SIZE),
    );
    table.header_colors = (color::BAND, color::NAVY);
    table.continued = Some(format!("{code} (lanjutan)"));
    let label = Style::bold(SIZE).with(color::MUTED);
    let muted = Style::regular(SIZE).with(color::MUTED);
    let answer = |i: usize| match (data.answers[i].get(&code), data.carried.get(&code)) {
        // A unit answer still as the earlier year left it.
        (Some(v), Some(year)) if i == 0 => Cell::new(format!(
            "{} (dari {year} — periksa)",
            answer_label(&data.template, code, v)
        )),
        (Some(v), _) => Cell::new(answer_label(&data.template, code, v)),
        (None, _) => Cell::new("belum dijawab").styled(muted),
    };
    let value = |i: usize| match data.cards[i].items.get(&code).copied().flatten() {
        Some(v) => Cell::new(format::number(v, 2)).styled(Style::bold(SIZE)),
        None => Cell::new("–").styled(muted),
    };
    let mut rows = vec![
        Row::new(vec![
            Cell::new("Jawaban").styled(label),
            answer(0),
            answer(1),
        ]),
        Row::new(vec![Cell::new("Nilai").styled(label), value(0), value(1)]),
    ];
    let (nu, nt) = (data.note(code, Role::Unit), data.note(code, Role::Tpi));
    if !nu.is_empty() || !nt.is_empty() {
        rows.push(Row::new(vec![
            Cell::new("Catatan").styled(label),
            Cell::new(nu),
            Cell::new(nt),
        ]));
    }
    if let Some(refs) = data.references.get(&code).filter(|r| !r.is_empty()) {
        let list: Vec<String> = refs.iter().map(|r| r.describe()).collect();
        rows.push(Row::new(vec![
            Cell::new("Rujukan").styled(label),
            Cell::new(list.join("; ")),
            Cell::new(""),
        ]));
    }
    table.draw(c, &rows);
    c.space(1.2);
}

fn kinds(c: &mut Canvas, data: &ReportData, r: &ItemRef<'_>) {
    let Some(ic) = data.completeness.items.get(&r.item.code) else {
        return;
    };
    if ic.kinds.is_empty() {
        return;
    }
    let fonts = Fonts::get();
    let label = Style::bold(SIZE).with(color::MUTED);
    let x = LEFT + 19.0;
    let w = WIDTH - 19.0;
    let mut first = true;
    for k in &ic.kinds {
        let (text, col) = match (&k.absent_reason, k.files, k.damaged) {
            (_, n, _) if n > 0 => (format!("✓ {} — {n} berkas", k.label), color::GREEN),
            (Some(reason), _, _) => (format!("✓ {} — tidak ada: {reason}", k.label), color::GREEN),
            (None, _, d) if d > 0 => (
                format!(
                    "✗ {} — {d} berkas hilang atau berubah; lampirkan ulang",
                    k.label
                ),
                color::RED,
            ),
            (None, _, _) if k.rejected > 0 => (
                format!(
                    "✗ {} — {} berkas ditolak TPI; lampirkan pengganti",
                    k.label, k.rejected
                ),
                color::RED,
            ),
            _ => (format!("✗ {} — belum ada", k.label), color::RED),
        };
        let style = Style::regular(SIZE).with(col);
        let lines = fonts.wrap(&text, style.weight, style.size, w);
        let h = lines.len() as f32 * style.line_height();
        c.ensure(h);
        if first {
            c.text(LEFT, c.y, "Data dukung", label, Align::Left, 18.0);
            first = false;
        }
        c.y += c.lines(x, c.y, &lines, style, Align::Left, w);
    }
    c.space(1.2);
}

fn files(c: &mut Canvas, data: &ReportData, r: &ItemRef<'_>) {
    let code = r.item.code;
    let list: &[Evidence] = data.evidence.get(&code).map_or(&[], Vec::as_slice);
    if list.is_empty() {
        c.ensure(Style::regular(SIZE).line_height());
        c.text(
            LEFT + 19.0,
            c.y,
            "Belum ada berkas terlampir.",
            Style::regular(SIZE).with(color::MUTED),
            Align::Left,
            WIDTH - 19.0,
        );
        c.y += Style::regular(SIZE).line_height();
        return;
    }
    let mut table = Table::new(
        vec![
            Column::new("No", 7.0, Align::Right),
            Column::new("Jenis", 28.0, Align::Left),
            Column::new(
                "Judul / nama berkas",
                WIDTH - 7.0 - 28.0 - 24.0 - 23.0 - 24.0,
                Align::Left,
            ),
            Column::new("Tanggal dokumen", 24.0, Align::Left),
            Column::new("SHA-256", 23.0, Align::Left),
            Column::new("Pemeriksaan", 24.0, Align::Left),
        ],
        Style::regular(7.5),
    );
    table.header_colors = (color::BAND, color::NAVY);
    table.continued = Some(format!("{code} — berkas data dukung (lanjutan)"));
    let red = Style::bold(7.5).with(color::RED);
    let rows: Vec<Row> = list
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let kind = data
                .template
                .evidence_kind(&e.kind)
                .map_or_else(|| e.kind.clone(), |k| short_label(&k.label));
            let stem = e
                .file_name
                .rsplit_once('.')
                .map_or(e.file_name.as_str(), |(s, _)| s);
            let mut title = if e.title == stem || e.title == e.file_name {
                e.file_name.clone()
            } else {
                format!("{} ({})", e.title, e.file_name)
            };
            if e.placed_by_content {
                title.push_str("\nditempatkan menurut isinya");
            }
            if let Some(year) = e.carried_from {
                title.push_str(&format!("\ndibawa dari penilaian {year}"));
                if let Some(until) = e.valid_until {
                    title.push_str(&format!(", berlaku sampai {}", format::date_long(until)));
                }
            }
            if let Some(why) = e.expired {
                title.push_str("\nPerhatian: ");
                title.push_str(&why.describe());
            }
            for f in data.content_findings.get(&e.id).into_iter().flatten() {
                title.push_str("\nPerhatian: ");
                title.push_str(f);
            }
            let review = match (e.state, e.review_status) {
                (BlobState::Missing, _) => Cell::new("BERKAS HILANG").styled(red),
                (BlobState::Altered, _) => Cell::new("BERKAS BERUBAH").styled(red),
                (_, ReviewStatus::Rejected) => Cell::new(format!("ditolak: {}", e.review_note))
                    .styled(Style::regular(7.5).with(color::RED)),
                (_, ReviewStatus::Accepted) => {
                    Cell::new("diterima").styled(Style::regular(7.5).with(color::GREEN))
                }
                (_, ReviewStatus::Pending) => {
                    Cell::new("belum diperiksa").styled(Style::regular(7.5).with(color::MUTED))
                }
            };
            Row::new(vec![
                Cell::new((i + 1).to_string()),
                Cell::new(kind),
                Cell::new(title),
                Cell::new(
                    e.doc_date
                        .map_or_else(|| "–".to_string(), format::date_long),
                ),
                Cell::new(e.sha256.short(12)),
                review,
            ])
        })
        .collect();
    table.draw(c, &rows);
}

/// A kind's label without a long explanation in parentheses, for a narrow
/// column: `Dokumen (SOP, rencana, ...)` is `Dokumen`, `Surat Keputusan (SK)`
/// stays.
fn short_label(label: &str) -> String {
    match label.split_once(" (") {
        Some((head, rest)) if rest.len() > 6 => head.to_string(),
        _ => label.to_string(),
    }
}
