//! The score summary per area for both roles, the predicate checks and the
//! chart.

use super::chart;
use super::data::ReportData;
use crate::engine::canvas::{Align, Canvas, LEFT, Style, WIDTH, color};
use crate::engine::table::{Cell, Column, Row, Table};
use daduk_domain::code::{AreaCode, Part};
use daduk_domain::evidence::Share;
use daduk_domain::format;

/// Body size of the summary tables.
const SIZE: f32 = 8.0;

fn share_of(data: &ReportData, areas: &[AreaCode]) -> String {
    let mut s = Share::default();
    for a in areas {
        if let Some(x) = data.completeness.areas.get(a) {
            s.complete += x.complete;
            s.total += x.total;
        }
    }
    if s.total == 0 {
        return "–".into();
    }
    format!(
        "{}/{} ({})",
        s.complete,
        s.total,
        format::percent(s.complete as f64 / s.total as f64)
    )
}

fn pct(value: f64, weight: f64) -> String {
    if weight > 0.0 {
        format::percent(value / weight)
    } else {
        "–".into()
    }
}

fn area_codes(data: &ReportData, part: Part) -> Vec<AreaCode> {
    data.template
        .part(part)
        .map(|p| {
            p.areas
                .iter()
                .filter_map(|a| {
                    Some(AreaCode {
                        part,
                        area: a.code.parse().ok()?,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn draw(c: &mut Canvas, data: &ReportData) {
    c.heading("1. Ringkasan Nilai", 40.0);
    let intro = format!(
        "Nilai dihitung dari jawaban Unit (penilaian mandiri) dan jawaban Tim Penilai Internal (TPI) \
         menurut {}. Butir yang belum dijawab dihitung 0: Unit telah menjawab {} dari {} butir, TPI {} dari {} butir. \
         Baris \"Menurut lembar kerja resmi\" memberi angka yang tampil di lembar kerja Lampiran III: di sana \
         setiap sub-area dihitung dari rata-rata butir yang sudah dijawab saja (sel kosong dilewati), sehingga \
         angkanya lebih tinggi selama ada butir yang belum dijawab dan sama bila semua sudah dijawab. \
         Syarat predikat memakai nilai Daduk. Kolom \"Butir lengkap\" menunjukkan butir yang data dukungnya lengkap.",
        data.template.doc().name,
        data.cards[0].answered,
        data.template.item_count(),
        data.cards[1].answered,
        data.template.item_count(),
    );
    c.paragraph(LEFT, WIDTH, &intro, Style::regular(8.5));
    c.space(2.5);
    score_table(c, data);
    c.space(3.0);

    c.heading("2. Pemenuhan Syarat Predikat", 30.0);
    predicate_table(c, data);
    c.space(3.0);

    c.heading("3. Nilai per Area Perubahan", chart::HEIGHT);
    chart::draw(c, data);
    if let Some(trend) = &data.trend {
        c.space(3.0);
        super::trend::draw(c, trend);
    }
}

fn score_table(c: &mut Canvas, data: &ReportData) {
    let col = |t: &str, w: f32| Column::new(t, w, Align::Right);
    let mut table = Table::new(
        vec![
            Column::new("Komponen / area", 40.0, Align::Left),
            col("Bobot", 14.0),
            col("Unit", 12.5),
            col("TPI", 12.5),
            col("Unit", 12.5),
            col("TPI", 12.5),
            col("Unit", 12.5),
            col("TPI", 12.5),
            col("Unit", 11.0),
            col("TPI", 11.0),
            Column::new("Butir lengkap", 24.0, Align::Center),
        ],
        Style::regular(SIZE),
    );
    table.groups = vec![
        (String::new(), 2),
        ("Pemenuhan".into(), 2),
        ("Reform".into(), 2),
        ("Jumlah".into(), 2),
        ("% bobot".into(), 2),
        (String::new(), 1),
    ];
    table.continued = Some("Ringkasan nilai (lanjutan)".into());
    let [u, t] = &data.cards;
    let pts = format::score;
    let mut rows = Vec::new();
    for (i, (ua, ta)) in u.change_areas.iter().zip(&t.change_areas).enumerate() {
        let codes = [
            AreaCode {
                part: Part::P,
                area: ua.area,
            },
            AreaCode {
                part: Part::R,
                area: ua.area,
            },
        ];
        let mut row = Row::new(vec![
            Cell::new(format!("{}. {}", ua.area, ua.name)),
            pts(ua.weight).into(),
            pts(ua.pemenuhan).into(),
            pts(ta.pemenuhan).into(),
            pts(ua.reform).into(),
            pts(ta.reform).into(),
            pts(ua.score).into(),
            pts(ta.score).into(),
            pct(ua.score, ua.weight).into(),
            pct(ta.score, ta.weight).into(),
            share_of(data, &codes).into(),
        ]);
        if i % 2 == 1 {
            row = row.fill(color::BAND);
        }
        rows.push(row);
    }
    let part = |card: &daduk_domain::scoring::ScoreCard, p: Part| {
        card.parts.get(&p).copied().unwrap_or(0.0)
    };
    let doc = data.template.doc();
    let component_weight = |code: &str| {
        doc.components
            .iter()
            .find(|c| c.code == code)
            .map_or(0.0, |c| c.weight)
    };
    let (wa, wb) = (component_weight("A"), component_weight("B"));
    let mut pengungkit_areas = area_codes(data, Part::P);
    pengungkit_areas.extend(area_codes(data, Part::R));
    rows.push(
        Row::new(vec![
            "Pengungkit (A)".into(),
            pts(wa).into(),
            pts(part(u, Part::P)).into(),
            pts(part(t, Part::P)).into(),
            pts(part(u, Part::R)).into(),
            pts(part(t, Part::R)).into(),
            pts(u.pengungkit).into(),
            pts(t.pengungkit).into(),
            pct(u.pengungkit, wa).into(),
            pct(t.pengungkit, wa).into(),
            share_of(data, &pengungkit_areas).into(),
        ])
        .bold()
        .fill(color::NAVY_LIGHT),
    );
    let hasil_areas = area_codes(data, Part::H);
    for (i, code) in hasil_areas.iter().enumerate() {
        let Some(area) = data.template.area(*code) else {
            continue;
        };
        let (su, st) = (
            u.areas.get(code).copied().unwrap_or(0.0),
            t.areas.get(code).copied().unwrap_or(0.0),
        );
        let mut row = Row::new(vec![
            Cell::new(format!("{code} {}", area.name)),
            pts(area.weight).into(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            pts(su).into(),
            pts(st).into(),
            pct(su, area.weight).into(),
            pct(st, area.weight).into(),
            share_of(data, &[*code]).into(),
        ]);
        if i % 2 == 1 {
            row = row.fill(color::BAND);
        }
        rows.push(row);
    }
    rows.push(
        Row::new(vec![
            "Hasil (B)".into(),
            pts(wb).into(),
            "–".into(),
            "–".into(),
            "–".into(),
            "–".into(),
            pts(u.hasil).into(),
            pts(t.hasil).into(),
            pct(u.hasil, wb).into(),
            pct(t.hasil, wb).into(),
            share_of(data, &hasil_areas).into(),
        ])
        .bold()
        .fill(color::NAVY_LIGHT),
    );
    let all: Vec<AreaCode> = pengungkit_areas.into_iter().chain(hasil_areas).collect();
    let total_style = Style::bold(SIZE).with(color::WHITE);
    rows.push(
        Row::new(
            [
                "NILAI TOTAL (A + B)".to_string(),
                pts(doc.total_weight),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                pts(u.total),
                pts(t.total),
                pct(u.total, doc.total_weight),
                pct(t.total, doc.total_weight),
                share_of(data, &all),
            ]
            .into_iter()
            .map(|s| Cell::new(s).styled(total_style))
            .collect(),
        )
        .fill(color::NAVY),
    );
    let (ou, ot) = (&u.official, &t.official);
    let opart =
        |o: &daduk_domain::scoring::OfficialScore, p: Part| o.parts.get(&p).copied().unwrap_or(0.0);
    let tpi_answered = t.answered > 0;
    let tpi_or_dash = |x: f64| if tpi_answered { pts(x) } else { "–".into() };
    rows.push(
        Row::new(vec![
            Cell::new("Menurut lembar kerja resmi").styled(Style::bold(SIZE)),
            "".into(),
            pts(opart(ou, Part::P)).into(),
            tpi_or_dash(opart(ot, Part::P)).into(),
            pts(opart(ou, Part::R)).into(),
            tpi_or_dash(opart(ot, Part::R)).into(),
            Cell::new(pts(ou.total)).styled(Style::bold(SIZE)),
            Cell::new(tpi_or_dash(ot.total)).styled(Style::bold(SIZE)),
            pct(ou.total, doc.total_weight).into(),
            if tpi_answered {
                pct(ot.total, doc.total_weight)
            } else {
                "–".into()
            }
            .into(),
            "".into(),
        ])
        .fill(color::BAND),
    );
    table.draw(c, &rows);
}

fn predicate_table(c: &mut Canvas, data: &ReportData) {
    let mut table = Table::new(
        vec![
            Column::new("Syarat", 91.0, Align::Left),
            Column::new("Minimal", 20.0, Align::Right),
            Column::new("Unit", 32.0, Align::Right),
            Column::new("TPI", 32.0, Align::Right),
        ],
        Style::regular(SIZE),
    );
    table.continued = Some("Pemenuhan syarat predikat (lanjutan)".into());
    let mark = |passed: bool, value: f64| {
        let (text, col) = if passed {
            (format!("✓ {}", format::score(value)), color::GREEN)
        } else {
            (format!("✗ {}", format::score(value)), color::RED)
        };
        let cell = Cell::new(text).styled(Style::bold(SIZE).with(col));
        if passed {
            cell
        } else {
            cell.fill(color::RED_LIGHT)
        }
    };
    let verdict = |eligible: bool, failed: usize| {
        if eligible {
            Cell::new("✓ MEMENUHI").styled(Style::bold(SIZE).with(color::GREEN))
        } else {
            Cell::new(format!("✗ BELUM ({failed} syarat)"))
                .styled(Style::bold(SIZE).with(color::RED))
        }
    };
    let mut rows = Vec::new();
    for def in &data.template.doc().predicates {
        let (Some(pu), Some(pt)) = (
            data.cards[0].predicates.get(&def.code),
            data.cards[1].predicates.get(&def.code),
        ) else {
            continue;
        };
        let target = if def.code == data.unit.target.code() {
            "  (target unit)"
        } else {
            ""
        };
        rows.push(
            Row::new(vec![
                Cell::new(format!("{}{target}", def.name)).span(2),
                verdict(pu.eligible, pu.failed.len()),
                verdict(pt.eligible, pt.failed.len()),
            ])
            .bold()
            .fill(color::NAVY_LIGHT),
        );
        for (cu, ct) in pu.conditions.iter().zip(&pt.conditions) {
            rows.push(Row::new(vec![
                Cell::new(cu.label.clone()),
                format::score(cu.threshold).into(),
                mark(cu.passed, cu.value),
                mark(ct.passed, ct.value),
            ]));
        }
    }
    table.draw(c, &rows);
    let note = Style::regular(7.5).with(color::MUTED);
    c.space(1.5);
    c.paragraph(
        LEFT,
        WIDTH,
        "✓ memenuhi, ✗ belum memenuhi (sel merah). Nilai dan ambang batas dalam poin; syarat \"Area\" \
         berlaku untuk setiap area perubahan (Pemenuhan + Reform).",
        note,
    );
    // Conditions that name their own source (added after the first release).
    let mut own: Vec<String> = Vec::new();
    for def in &data.template.doc().predicates {
        for cond in &def.conditions {
            if let Some(src) = &cond.source {
                let line = format!("Syarat {}: {src}", cond.scope);
                if !own.contains(&line) {
                    own.push(line);
                }
            }
        }
    }
    for line in own {
        c.paragraph(LEFT, WIDTH, &line, note);
    }
}
