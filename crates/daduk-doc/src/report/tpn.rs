//! TPN's result (Tim Penilai Nasional, KemenPANRB) as the unit recorded it
//! from the LHE: the stages with their dates and outcomes, the standing,
//! TPN's scores beside the unit's and TPI's, and the items TPN values
//! differently (the first [`MAX_ITEMS`], then how many more).

use super::data::{ReportData, TpnData};
use crate::engine::canvas::{Align, Canvas, LEFT, Style, WIDTH, color};
use crate::engine::table::{Cell, Column, Row, Table};
use daduk_domain::answer::Role;
use daduk_domain::format;
use daduk_domain::scoring::{Agreement, ItemSides, ScoreCard};

const SIZE: f32 = 8.0;
/// Items listed in the table of differences; the rest are counted.
pub(super) const MAX_ITEMS: usize = 30;

pub(super) fn draw(c: &mut Canvas, data: &ReportData, tpn: &TpnData, section: usize) {
    // The heading is kept with its introduction and the stages' table.
    c.heading(
        &format!("{section}. Hasil Penilaian TPN"),
        30.0 + 9.0 * tpn.stages.len() as f32,
    );
    let mut intro = "Hasil evaluasi Tim Penilai Nasional (TPN) KemenPANRB sebagaimana dicatat dari \
                     Laporan Hasil Evaluasi (LHE) yang diterima: tahapan yang dilalui unit, nilai TPN \
                     dibandingkan dengan nilai Unit dan TPI, dan butir yang dinilai TPN berbeda."
        .to_string();
    if let Some(s) = &tpn.standing {
        intro.push_str(&format!(" Keadaan terakhir: {s}."));
    }
    c.paragraph(LEFT, WIDTH, &intro, Style::regular(8.5));
    c.space(1.5);
    stages(c, tpn);
    c.space(2.0);
    scores(c, data, tpn);
    c.space(2.0);
    differences(c, data, tpn);
    c.space(3.0);
}

fn stages(c: &mut Canvas, tpn: &TpnData) {
    // At most six stages: the table is kept whole with its heading.
    c.subheading("Tahapan penilaian", 9.0 + 9.0 * tpn.stages.len() as f32);
    if tpn.stages.is_empty() {
        c.paragraph(
            LEFT,
            WIDTH,
            "Tahapan penilaian TPN belum dicatat.",
            Style::regular(8.5).with(color::MUTED),
        );
        return;
    }
    let mut table = Table::new(
        vec![
            Column::new("Tahap", 44.0, Align::Left),
            Column::new("Tanggal", 32.0, Align::Left),
            Column::new("Hasil", 36.0, Align::Left),
            Column::new("Catatan", WIDTH - 112.0, Align::Left),
        ],
        Style::regular(SIZE),
    );
    table.continued = Some("Tahapan penilaian TPN (lanjutan)".into());
    let rows: Vec<Row> = tpn
        .stages
        .iter()
        .map(|s| {
            let outcome = match s.outcome {
                Some(o) => {
                    let col = match o {
                        daduk_domain::tpn::Outcome::TidakLolos => color::RED,
                        _ => color::GREEN,
                    };
                    Cell::new(o.label(s.stage)).styled(Style::bold(SIZE).with(col))
                }
                None => Cell::new("berlangsung").styled(Style::regular(SIZE).with(color::MUTED)),
            };
            Row::new(vec![
                Cell::new(s.stage.label()),
                Cell::new(format::date_long(s.date)),
                outcome,
                Cell::new(s.note.clone()),
            ])
        })
        .collect();
    table.draw(c, &rows);
}

fn scores(c: &mut Canvas, data: &ReportData, tpn: &TpnData) {
    c.subheading("Nilai TPN dibanding Unit dan TPI", 25.0);
    if tpn.card.answered == 0 {
        c.paragraph(
            LEFT,
            WIDTH,
            "Nilai TPN per butir belum dicatat; catat dari LHE untuk membandingkannya dengan nilai Unit dan TPI.",
            Style::regular(8.5).with(color::MUTED),
        );
        return;
    }
    let cards: [&ScoreCard; 3] = [&data.cards[0], &data.cards[1], &tpn.card];
    let mut table = Table::new(
        vec![
            Column::new("Komponen", 70.0, Align::Left),
            Column::new("Unit", 35.0, Align::Right),
            Column::new("TPI", 35.0, Align::Right),
            Column::new("TPN", WIDTH - 140.0, Align::Right),
        ],
        Style::regular(SIZE),
    );
    table.continued = Some("Nilai TPN (lanjutan)".into());
    let row = |label: &str, f: &dyn Fn(&ScoreCard) -> String| {
        let mut cells = vec![Cell::new(label)];
        cells.extend(cards.iter().map(|card| Cell::new(f(card))));
        Row::new(cells)
    };
    let pts = format::score;
    let items = data.template.item_count();
    let mut rows = vec![
        row("Butir dijawab", &|k| format!("{} dari {items}", k.answered)),
        row("Pengungkit (A)", &|k| pts(k.pengungkit)),
        row("Hasil (B)", &|k| pts(k.hasil)).fill(color::BAND),
        row("NILAI TOTAL (A + B)", &|k| pts(k.total))
            .bold()
            .fill(color::NAVY_LIGHT),
    ];
    for def in &data.template.doc().predicates {
        rows.push(row(
            &format!("Syarat {}", def.name),
            &|k| match k.predicates.get(&def.code) {
                Some(p) if p.eligible => "✓ memenuhi".into(),
                Some(p) => format!("✗ belum ({} syarat)", p.failed.len()),
                None => "–".into(),
            },
        ));
    }
    table.draw(c, &rows);
    c.space(1.5);
    let agreement = |other: &str, a: &Agreement| {
        if a.both == 0 {
            format!("tidak ada butir yang dijawab TPN dan {other}")
        } else {
            format!(
                "terhadap {other}, pada {} butir yang dijawab keduanya {} berbeda, selisih {} poin",
                a.both,
                a.differ,
                signed(a.difference)
            )
        }
    };
    c.paragraph(
        LEFT,
        WIDTH,
        &format!(
            "Nilai TPN {}; {}. Selisih dihitung hanya pada butir yang dijawab kedua pihak (negatif: TPN menilai lebih rendah).",
            agreement("Unit", &tpn.sides.tpn_vs_unit),
            agreement("TPI", &tpn.sides.tpn_vs_tpi)
        ),
        Style::regular(7.5).with(color::MUTED),
    );
}

/// `+1,25` / `−0,50` / `0,00`.
fn signed(x: f64) -> String {
    let shown = format::score(x.abs());
    if shown == format::score(0.0) {
        shown
    } else if x < 0.0 {
        format!("−{shown}")
    } else {
        format!("+{shown}")
    }
}

/// Whether TPN answered the item and values it otherwise than the unit or
/// TPI (where they answered).
fn tpn_differs(i: &ItemSides) -> bool {
    let Some(t) = i.values[2] else { return false };
    i.values[..2].iter().flatten().any(|v| (v - t).abs() > 1e-9)
}

fn differences(c: &mut Canvas, data: &ReportData, tpn: &TpnData) {
    if tpn.card.answered == 0 {
        return;
    }
    let differ: Vec<&ItemSides> = tpn.sides.items.iter().filter(|i| tpn_differs(i)).collect();
    c.subheading("Butir yang dinilai TPN berbeda", 20.0);
    if differ.is_empty() {
        c.paragraph(
            LEFT,
            WIDTH,
            "Pada setiap butir yang dijawabnya, TPN memberi nilai yang sama dengan Unit dan TPI.",
            Style::regular(8.5),
        );
        return;
    }
    c.paragraph(
        LEFT,
        WIDTH,
        &format!(
            "{} butir dinilai TPN berbeda dari Unit atau TPI (nilai butir 0–1; sel merah: berbeda dari nilai TPN).",
            differ.len()
        ),
        Style::regular(8.5),
    );
    c.space(1.0);
    let (answer, value) = (21.0, 10.0);
    let mut columns = vec![Column::new("Butir", 17.0, Align::Left)];
    for _ in 0..3 {
        columns.push(Column::new("Jawaban", answer, Align::Left));
        columns.push(Column::new("Nilai", value, Align::Right));
    }
    columns.push(Column::new(
        "Catatan TPN",
        WIDTH - 17.0 - 3.0 * (answer + value),
        Align::Left,
    ));
    let mut table = Table::new(columns, Style::regular(SIZE));
    table.groups = vec![
        (String::new(), 1),
        ("Unit".into(), 2),
        ("TPI".into(), 2),
        ("TPN".into(), 2),
        (String::new(), 1),
    ];
    table.continued = Some("Butir yang dinilai TPN berbeda (lanjutan)".into());
    // A side's answer and value; the unit's or TPI's shaded where TPN's
    // value differs from it.
    let cells = |i: &ItemSides, s: usize| -> [Cell; 2] {
        let (Some(a), Some(v)) = (&i.answers[s], i.values[s]) else {
            let dash = || Cell::new("–").styled(Style::regular(SIZE).with(color::MUTED));
            return [dash(), dash()];
        };
        let style = if s == 2 {
            Style::bold(SIZE)
        } else {
            Style::regular(SIZE)
        };
        let pair = [
            Cell::new(shown(a)).styled(style),
            Cell::new(format::number(v, 2)).styled(style),
        ];
        match i.values[2] {
            Some(t) if s < 2 && (t - v).abs() > 1e-9 => pair.map(|c| c.fill(color::RED_LIGHT)),
            _ => pair,
        }
    };
    let rows: Vec<Row> = differ
        .iter()
        .take(MAX_ITEMS)
        .map(|i| {
            let mut row = vec![Cell::new(i.item.to_string()).styled(Style::bold(SIZE))];
            for s in 0..3 {
                row.extend(cells(i, s));
            }
            row.push(Cell::new(data.note(i.item, Role::Tpn)));
            Row::new(row)
        })
        .collect();
    table.draw(c, &rows);
    if differ.len() > MAX_ITEMS {
        c.space(1.0);
        c.paragraph(
            LEFT,
            WIDTH,
            &format!(
                "… dan {} butir lain yang dinilai TPN berbeda (lihat semuanya di aplikasi atau dengan `daduk tpn show`).",
                differ.len() - MAX_ITEMS
            ),
            Style::regular(8.0).with(color::MUTED),
        );
    }
}

/// A canonical answer as people read it in a narrow cell: a survey index
/// with a decimal comma (`3,61`), counts with room to wrap (`a=20; b=17`).
fn shown(answer: &str) -> String {
    match answer.parse::<f64>() {
        Ok(x) => format::number(x, 2),
        Err(_) => answer.replace(';', "; "),
    }
}
