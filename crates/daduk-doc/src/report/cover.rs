//! The cover: what, whose, which year, aiming for what, and the three figures
//! a reader wants first.

use super::data::ReportData;
use crate::engine::canvas::{Align, Canvas, LEFT, PAGE_W, RIGHT, Style, WIDTH, color};
use crate::engine::font::Fonts;
use daduk_domain::format;

pub(super) fn draw(c: &mut Canvas, data: &ReportData) {
    let fonts = Fonts::get();
    let target = data.unit.target;
    let predicate_name = data
        .template
        .predicate(target.code())
        .map_or_else(|| target.to_string(), |p| p.name.clone());

    // The band.
    c.rect(0.0, 0.0, PAGE_W, 88.0, Some(color::NAVY), None);
    c.rect(0.0, 88.0, PAGE_W, 1.6, Some(color::ORANGE), None);
    let white = color::WHITE;
    c.text(
        LEFT,
        26.0,
        "LAPORAN KELENGKAPAN DATA DUKUNG",
        Style::bold(21.0).with(white),
        Align::Left,
        WIDTH,
    );
    c.text(
        LEFT,
        38.0,
        "Lembar Kerja Evaluasi (LKE) Pembangunan Zona Integritas",
        Style::regular(13.0).with(white),
        Align::Left,
        WIDTH,
    );
    let lines = fonts.wrap(
        &format!("Menuju {predicate_name}"),
        crate::engine::font::Weight::Regular,
        11.0,
        WIDTH,
    );
    c.lines(
        LEFT,
        50.0,
        &lines,
        Style::regular(11.0).with(color::NAVY_LIGHT),
        Align::Left,
        WIDTH,
    );
    c.text(
        LEFT,
        72.0,
        &format!("TAHUN {}", data.assessment.year),
        Style::bold(15.0).with(white),
        Align::Left,
        WIDTH,
    );

    // Whose.
    let mut y = 104.0;
    c.text(
        LEFT,
        y,
        "UNIT KERJA",
        Style::bold(8.5).with(color::MUTED),
        Align::Left,
        WIDTH,
    );
    y += 5.5;
    let name_style = Style::bold(19.0).with(color::NAVY);
    let name = fonts.wrap(&data.unit.name, name_style.weight, name_style.size, WIDTH);
    y += c.lines(LEFT, y, &name, name_style, Align::Left, WIDTH);
    if !data.unit.instansi.is_empty() {
        let style = Style::regular(12.5);
        let lines = fonts.wrap(&data.unit.instansi, style.weight, style.size, WIDTH);
        y += 1.0 + c.lines(LEFT, y + 1.0, &lines, style, Align::Left, WIDTH);
    }

    // The facts.
    y += 10.0;
    let facts = [
        ("Kode unit", data.unit.code.clone()),
        ("Tahun penilaian", data.assessment.year.to_string()),
        ("Target predikat", format!("{target} — {predicate_name}")),
        (
            "Status penilaian",
            data.assessment.status.label().to_string(),
        ),
        (
            "Templat LKE",
            if data.assessment.template_official {
                data.template.doc().name.clone()
            } else {
                format!(
                    "{} — BUKAN TEMPLAT RESMI ({}); nilai dihitung dengan templat ini",
                    data.template.doc().name,
                    data.template.sha256().short(12)
                )
            },
        ),
        ("Tanggal laporan", format::date_long(data.date)),
    ];
    let label = Style::regular(10.0).with(color::MUTED);
    let value = Style::bold(10.0);
    for (k, v) in facts {
        let lines = fonts.wrap(&v, value.weight, value.size, WIDTH - 45.0);
        c.text(LEFT, y, k, label, Align::Left, 45.0);
        let h = c.lines(LEFT + 45.0, y, &lines, value, Align::Left, WIDTH - 45.0);
        y += h + 1.8;
        c.rule(LEFT, RIGHT, y - 0.9, color::NAVY_LIGHT, 0.25);
    }

    // The figures.
    y += 10.0;
    let gap = 5.0;
    let w = (WIDTH - 2.0 * gap) / 3.0;
    let h = 38.0;
    let verdict = |i: usize| {
        let p = data.cards[i].predicates.get(target.code());
        match p {
            // TPI has not scored anything yet: no figure to judge.
            _ if data.cards[i].answered == 0 => (
                if i == 0 {
                    "belum ada butir yang dijawab".to_string()
                } else {
                    "TPI belum menilai butir apa pun".to_string()
                },
                color::MUTED,
            ),
            Some(p) if p.eligible => (format!("memenuhi syarat {target}"), color::GREEN),
            Some(p) => (
                format!(
                    "belum memenuhi syarat {target}\n{} syarat belum terpenuhi",
                    p.failed.len()
                ),
                color::RED,
            ),
            None => (String::new(), color::MUTED),
        }
    };
    let complete = &data.completeness.total;
    let boxes = [
        (
            "NILAI UNIT",
            "penilaian mandiri".to_string(),
            format::score(data.cards[0].total),
            verdict(0),
        ),
        (
            "NILAI TPI",
            "Tim Penilai Internal".to_string(),
            if data.cards[1].answered == 0 {
                "belum dinilai".to_string()
            } else {
                format::score(data.cards[1].total)
            },
            verdict(1),
        ),
        (
            "DATA DUKUNG LENGKAP",
            format!("dari {} butir", complete.total),
            complete.complete.to_string(),
            (
                format!("{} butir tidak lengkap", complete.total - complete.complete),
                if complete.complete == complete.total {
                    color::GREEN
                } else {
                    color::RED
                },
            ),
        ),
    ];
    for (i, (title, sub, figure, (note, note_color))) in boxes.into_iter().enumerate() {
        let x = LEFT + i as f32 * (w + gap);
        c.rect(
            x,
            y,
            w,
            h,
            Some(color::BAND),
            Some((color::NAVY_LIGHT, 0.4)),
        );
        c.rect(x, y, w, 1.4, Some(color::NAVY), None);
        c.text(
            x,
            y + 4.0,
            title,
            Style::bold(8.5).with(color::MUTED),
            Align::Center,
            w,
        );
        // A word instead of a figure ("belum dinilai") is set smaller and
        // grey, so it does not read as a score.
        let (figure_y, figure_style) = if figure.chars().any(char::is_alphabetic) {
            (y + 12.0, Style::bold(15.0).with(color::MUTED))
        } else {
            (y + 9.5, Style::bold(24.0).with(color::NAVY))
        };
        c.text(x, figure_y, &figure, figure_style, Align::Center, w);
        c.text(
            x,
            y + 21.0,
            &sub,
            Style::regular(8.5).with(color::MUTED),
            Align::Center,
            w,
        );
        let style = Style::bold(8.0).with(note_color);
        let lines = fonts.wrap(&note, style.weight, style.size, w - 4.0);
        c.lines(x + 2.0, y + 27.5, &lines, style, Align::Center, w - 4.0);
    }

    // Where the thresholds come from.
    let y = y + h + 8.0;
    if let Some(p) = data.template.predicate(target.code()) {
        let style = Style::regular(7.5).with(color::MUTED);
        let lines = fonts.wrap(
            &format!(
                "Dasar: {}. Ambang batas predikat: {}",
                data.template.doc().regulation,
                p.source
            ),
            style.weight,
            style.size,
            WIDTH,
        );
        c.lines(LEFT, y, &lines, style, Align::Left, WIDTH);
    }
}
