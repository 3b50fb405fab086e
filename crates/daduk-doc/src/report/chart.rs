//! The bar chart of the six change areas, drawn as vector graphics: the
//! area's weight as a grey bar, the unit's and TPI's scores inside it, and
//! the target predicate's per-area minimum as a dashed line.

use super::data::ReportData;
use crate::engine::canvas::{Align, Canvas, LEFT, RIGHT, Rgb, Style, color};
use crate::engine::font::Fonts;
use daduk_domain::format;

const ROW: f32 = 13.0;
const LABEL_W: f32 = 50.0;
/// Height the chart needs, millimetres.
pub(super) const HEIGHT: f32 = 6.0 * ROW + 20.0;

/// The target's minimum share per change area (e.g. 0.6 for WBK).
fn area_minimum(data: &ReportData) -> Option<(f64, String)> {
    let code = data.unit.target.code();
    let p = data.template.predicate(code)?;
    let share = p
        .conditions
        .iter()
        .find(|c| c.scope == "each_change_area")?
        .min_share?;
    Some((share, data.unit.target.to_string()))
}

pub(super) fn draw(c: &mut Canvas, data: &ReportData) {
    let fonts = Fonts::get();
    let [u, t] = &data.cards;
    let rows = u.change_areas.len();
    let height = rows as f32 * ROW + 20.0;
    c.ensure(height);
    let y0 = c.y;
    let plot_x = LEFT + LABEL_W + 2.0;
    let plot_w = RIGHT - plot_x - 12.0;
    let max = u
        .change_areas
        .iter()
        .map(|a| a.weight)
        .fold(1.0, f64::max)
        .ceil();
    let x_of = |v: f64| plot_x + (v / max) as f32 * plot_w;
    let bottom = y0 + rows as f32 * ROW;

    // Grid and scale.
    let steps = max as usize;
    for i in 0..=steps {
        let x = x_of(i as f64);
        c.line((x, y0), (x, bottom), color::NAVY_LIGHT, 0.2, false);
        c.text(
            x - 5.0,
            bottom + 0.8,
            &i.to_string(),
            Style::regular(7.0).with(color::MUTED),
            Align::Center,
            10.0,
        );
    }
    c.text(
        x_of(max) + 4.0,
        bottom + 0.8,
        "poin",
        Style::regular(7.0).with(color::MUTED),
        Align::Left,
        12.0,
    );
    c.line((plot_x, y0), (plot_x, bottom), color::RULE, 0.35, false);

    let minimum = area_minimum(data);
    let label = Style::regular(8.0);
    for (i, (ua, ta)) in u.change_areas.iter().zip(&t.change_areas).enumerate() {
        let top = y0 + i as f32 * ROW;
        let lines = fonts.wrap(
            &format!("{}. {}", ua.area, ua.name),
            label.weight,
            label.size,
            LABEL_W,
        );
        let text_h = lines.len() as f32 * label.line_height();
        c.lines(
            LEFT,
            top + (ROW - text_h) / 2.0,
            &lines,
            label,
            Align::Left,
            LABEL_W,
        );
        let weight_end = x_of(ua.weight);
        c.rect(
            plot_x,
            top + 1.5,
            weight_end - plot_x,
            ROW - 3.0,
            Some(color::GREY_BAR),
            None,
        );
        let bar = |c: &mut Canvas, v: f64, y: f32, col: Rgb| {
            let w = (x_of(v) - plot_x).max(0.0);
            if w > 0.05 {
                c.rect(plot_x, y, w, 3.8, Some(col), None);
            }
            c.text(
                weight_end + 1.2,
                y - 0.6,
                &format::score(v),
                Style::bold(6.8).with(col),
                Align::Left,
                12.0,
            );
        };
        bar(c, ua.score, top + 2.4, color::NAVY);
        bar(c, ta.score, top + 6.8, color::ORANGE);
        if let Some((share, _)) = &minimum {
            let x = x_of(ua.weight * share);
            c.line((x, top + 0.6), (x, top + ROW - 0.6), color::RED, 0.45, true);
        }
    }

    // Legend.
    let ly = bottom + 7.0;
    let mut x = LEFT;
    let legend = Style::regular(7.5);
    let mut entries: Vec<(Rgb, String, bool)> = vec![
        (color::NAVY, "Nilai Unit".into(), false),
        (color::ORANGE, "Nilai TPI".into(), false),
        (
            color::GREY_BAR,
            "Bobot area (Pemenuhan + Reform)".into(),
            false,
        ),
    ];
    if let Some((share, target)) = &minimum {
        entries.push((
            color::RED,
            format!("Batas {target}: {} bobot", format::percent(*share)),
            true,
        ));
    }
    for (col, text, dashed) in entries {
        if dashed {
            c.line((x + 1.75, ly), (x + 1.75, ly + 3.5), col, 0.45, true);
        } else {
            c.rect(x, ly + 0.2, 3.5, 3.0, Some(col), None);
        }
        c.text(x + 5.0, ly - 0.2, &text, legend, Align::Left, 60.0);
        x += 5.0 + fonts.width_mm(&text, legend.weight, legend.size) + 7.0;
    }
    c.y = ly + 8.0;
}
