//! The unit's years side by side: total, Pengungkit, Hasil, the six change
//! areas, the predicate conditions, TPI's total and TPN's total and result
//! (when recorded), with the change from the year before.

use crate::engine::canvas::{Align, Canvas, LEFT, Style, WIDTH, color};
use crate::engine::table::{Cell, Column, Row, Table};
use daduk_domain::format;
use daduk_domain::years::{Trend, TrendYear};

const SIZE: f32 = 8.0;

pub(super) fn draw(c: &mut Canvas, trend: &Trend) {
    let (Some(first), Some(last)) = (trend.years.first(), trend.years.last()) else {
        return;
    };
    c.subheading(&format!("Tren nilai {}–{}", first.year, last.year), 60.0);
    c.paragraph(
        LEFT,
        WIDTH,
        "Nilai jawaban Unit (penilaian mandiri) setiap tahun penilaian unit ini, dihitung dengan \
         aturan yang sama; \"perubahan\" adalah selisih nilai total dari tahun sebelumnya dalam tabel.",
        Style::regular(8.5),
    );
    c.space(1.5);
    let label_width = 62.0;
    let year_width = (WIDTH - label_width) / trend.years.len() as f32;
    let mut columns = vec![Column::new("Komponen / area", label_width, Align::Left)];
    for y in &trend.years {
        columns.push(Column::new(&y.year.to_string(), year_width, Align::Right));
    }
    let mut table = Table::new(columns, Style::regular(SIZE));
    table.continued = Some("Tren nilai (lanjutan)".into());
    let row = |label: &str, f: &dyn Fn(&TrendYear) -> String| {
        let mut cells = vec![Cell::new(label)];
        cells.extend(trend.years.iter().map(|y| Cell::new(f(y))));
        Row::new(cells)
    };
    let pts = format::score;
    let mut rows = vec![
        row("Status penilaian", &|y| y.status.clone()),
        row("NILAI TOTAL", &|y| pts(y.total))
            .bold()
            .fill(color::NAVY_LIGHT),
    ];
    rows.push(row("  perubahan", &|y| y.change_label()));
    rows.push(row("Pengungkit (A)", &|y| pts(y.pengungkit)));
    rows.push(row("Hasil (B)", &|y| pts(y.hasil)));
    for (i, area) in first.areas.iter().enumerate() {
        let mut r = row(&format!("  {}. {}", area.area, area.name), &|y| {
            y.areas.get(i).map_or("–".into(), |a| pts(a.score))
        });
        if i % 2 == 1 {
            r = r.fill(color::BAND);
        }
        rows.push(r);
    }
    for code in ["wbk", "wbbm"] {
        if !first.predicates.contains_key(code) {
            continue;
        }
        rows.push(row(
            &format!("Syarat {}", code.to_uppercase()),
            &|y| match y.predicates.get(code) {
                Some(true) => "terpenuhi".into(),
                Some(false) => format!("{} syarat belum", y.failed.get(code).map_or(0, Vec::len)),
                None => "–".into(),
            },
        ));
    }
    rows.push(row("Nilai TPI", &|y| y.tpi_total.map_or("–".into(), pts)));
    if trend
        .years
        .iter()
        .any(|y| y.tpn_total.is_some() || y.tpn_result.is_some())
    {
        rows.push(row("Nilai TPN", &|y| y.tpn_total.map_or("–".into(), pts)));
        rows.push(row("Hasil penilaian TPN", &|y| {
            y.tpn_result.clone().unwrap_or_else(|| "–".into())
        }));
    }
    table.draw(c, &rows);
}
