//! The team's to-do list (everything still missing, by area) and the
//! signature block.

use super::data::ReportData;
use crate::engine::canvas::{Align, Canvas, LEFT, Style, WIDTH, color};
use crate::engine::font::Fonts;
use crate::engine::table::{Cell, Column, Row, Table};
use daduk_domain::format;

pub(super) fn draw(c: &mut Canvas, data: &ReportData, section: usize) {
    c.heading(&format!("{section}. Daftar Kekurangan Data Dukung"), 30.0);
    let size = 8.0;
    let mut table = Table::new(
        vec![
            Column::new("Butir", 17.0, Align::Left),
            Column::new("Kekurangan", 42.0, Align::Left),
            Column::new("Yang perlu disiapkan", WIDTH - 59.0, Align::Left),
        ],
        Style::regular(size),
    );
    table.continued = Some("Daftar kekurangan data dukung (lanjutan)".into());
    let red = Style::bold(size).with(color::RED);
    let mut rows = Vec::new();
    let (mut incomplete, mut unanswered) = (0, 0);
    let mut area = None;
    for r in data.template.items() {
        let code = r.item.code;
        let mut item_rows = Vec::new();
        if !data.answers[0].contains_key(&code) {
            unanswered += 1;
            item_rows.push((
                Cell::new("Jawaban Unit").styled(red),
                format!("Belum dijawab: {}", r.item.question),
            ));
        }
        if let Some(ic) = data.completeness.items.get(&code).filter(|c| !c.complete) {
            incomplete += 1;
            for k in ic.kinds.iter().filter(|k| !k.covered) {
                let mut what = k.guidance.clone();
                if k.damaged > 0 {
                    what = format!(
                        "{} berkas jenis ini hilang atau berubah di ruang kerja (lihat `daduk verify`); lampirkan ulang berkas aslinya. {what}",
                        k.damaged
                    );
                } else if k.rejected > 0 {
                    what = format!(
                        "{} berkas jenis ini ditolak TPI (lihat catatannya); lampirkan berkas pengganti. {what}",
                        k.rejected
                    );
                }
                item_rows.push((Cell::new(k.label.clone()).styled(red), what));
            }
        }
        if item_rows.is_empty() {
            continue;
        }
        let area_code = code.area_code();
        if area != Some(area_code) {
            area = Some(area_code);
            let part = r.part.name.clone();
            rows.push(
                Row::new(vec![
                    Cell::new(format!("{area_code}  {} — {}", part, r.area.name)).span(3),
                ])
                .bold()
                .fill(color::NAVY_LIGHT),
            );
        }
        for (i, (what, guidance)) in item_rows.into_iter().enumerate() {
            let code_cell = if i == 0 {
                Cell::new(code.to_string()).styled(Style::bold(size))
            } else {
                Cell::new("").styled(Style::bold(size))
            };
            rows.push(Row::new(vec![code_cell, what, Cell::new(guidance)]).carry(code.to_string()));
        }
    }
    let text = if rows.is_empty() {
        "Semua butir telah dijawab Unit dan data dukungnya lengkap.".to_string()
    } else {
        format!(
            "Daftar kerja Tim: {incomplete} dari {} butir belum lengkap data dukungnya dan {unanswered} butir belum dijawab Unit. \
             Setiap baris menyebut jenis data dukung yang belum ada (atau belum ditandai \"tidak ada\" dengan alasan) \
             dan dokumen yang diharapkan.",
            data.template.item_count()
        )
    };
    c.paragraph(LEFT, WIDTH, &text, Style::regular(8.5));
    c.space(2.0);
    if !rows.is_empty() {
        table.draw(c, &rows);
    }
    c.space(3.0);
}

/// `198001012005011001` as `19800101 200501 1 001`, the way a NIP is printed.
pub fn nip(n: &str) -> String {
    if n.len() == 18 && n.chars().all(|c| c.is_ascii_digit()) {
        format!("{} {} {} {}", &n[..8], &n[8..14], &n[14..15], &n[15..])
    } else {
        n.to_string()
    }
}

pub(super) fn signatures(c: &mut Canvas, data: &ReportData, section: usize) {
    c.heading(&format!("{section}. Pengesahan"), 62.0);
    let (unit, tpi) = (
        format::score(data.cards[0].total),
        format::score(data.cards[1].total),
    );
    // TPN's total only when TPN's values are recorded (stages alone give
    // no total).
    let totals = match data.tpn.as_ref().filter(|t| t.card.answered > 0) {
        Some(t) => format!(
            "nilai penilaian mandiri Unit {unit}, nilai TPI {tpi} dan nilai TPN {} (dari LHE)",
            format::score(t.card.total)
        ),
        None => format!("nilai penilaian mandiri Unit {unit} dan nilai TPI {tpi}"),
    };
    c.paragraph(
        LEFT,
        WIDTH,
        &format!(
            "Demikian laporan kelengkapan data dukung ini disusun sesuai keadaan data pada tanggal {}, \
             dengan {totals}. Setiap halaman memuat SHA-256 manifes \
             keadaan data yang menjadi dasar laporan ini.",
            format::date_long(data.date),
        ),
        Style::regular(9.0),
    );
    c.space(8.0);
    let fonts = Fonts::get();
    let w = 78.0;
    let blocks = [
        (
            LEFT,
            "Mengetahui,".to_string(),
            "Kepala Satuan Kerja".to_string(),
            &data.unit.kepala_name,
            &data.unit.kepala_nip,
        ),
        (
            LEFT + WIDTH - w,
            format::date_long(data.date),
            "Ketua Tim Kerja Zona Integritas".to_string(),
            &data.unit.ketua_name,
            &data.unit.ketua_nip,
        ),
    ];
    let text = Style::regular(10.0);
    let top = c.y;
    let mut bottom = top;
    for (x, line1, line2, name, number) in blocks {
        let lh = text.line_height();
        c.text(x, top, &line1, text, Align::Center, w);
        let role = fonts.wrap(&line2, text.weight, text.size, w);
        let mut y = top + lh + c.lines(x, top + lh, &role, text, Align::Center, w);
        y += 24.0;
        let name_style = Style::bold(10.0);
        let shown = if name.trim().is_empty() {
            "(.......................................)".to_string()
        } else {
            name.to_string()
        };
        let lines = fonts.wrap(&shown, name_style.weight, name_style.size, w);
        let h = c.lines(x, y, &lines, name_style, Align::Center, w);
        if !name.trim().is_empty() {
            let last = lines.last().map_or(0.0, |l| {
                fonts.width_mm(l, name_style.weight, name_style.size)
            });
            let mid = x + w / 2.0;
            c.rule(
                mid - last / 2.0,
                mid + last / 2.0,
                y + h - 0.4,
                color::TEXT,
                0.25,
            );
        }
        y += h;
        let id = if number.is_empty() {
            "NIP. ...............................".to_string()
        } else {
            format!("NIP. {}", nip(number))
        };
        c.text(x, y, &id, text, Align::Center, w);
        bottom = bottom.max(y + lh);
    }
    c.y = bottom + 4.0;
}
