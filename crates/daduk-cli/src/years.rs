//! A unit year after year: what a new year took from the last one, and the
//! years side by side (`daduk score --years`).

use daduk_workspace::format::score as pts;
use daduk_workspace::plan::MonthSet;
use daduk_workspace::years::{CarryOver, parse_years};
use daduk_workspace::{Assessment, ItemCode, Role, Workspace};

use crate::{Outcome, print_json};

/// What `assessment new --from` did, in words.
pub fn print_carry(a: &Assessment, c: &CarryOver) -> anyhow::Result<()> {
    out!(
        "Penilaian {} {} dibuat dari {} dengan templat {} ({}).",
        a.unit,
        a.year,
        c.from,
        a.template_id,
        a.template_sha256.short(12)
    );
    out!(
        "  {} jawaban dan {} catatan tanpa jawaban disalin, ditandai \"dari {} — periksa\" sampai dijawab lagi.",
        c.answers,
        c.notes,
        c.from
    );
    out!(
        "  {} berkas yang masih berlaku dibawa (isi yang sama, tanpa salinan); tahun {} tidak berubah.",
        c.files,
        c.from
    );
    if c.yearly_left > 0 {
        out!(
            "  {} berkas tidak dibawa: butirnya memerlukan dokumen tahun {} (notula, daftar hadir, laporan…).",
            c.yearly_left,
            a.year
        );
    }
    if c.invalid_left > 0 {
        out!(
            "  {} berkas tidak dibawa: ditolak TPI atau masa berlakunya habis sebelum {}.",
            c.invalid_left,
            a.year
        );
    }
    if c.damaged_left > 0 {
        out!(
            "  {} berkas tidak dibawa: salinannya hilang atau berubah (jalankan `daduk verify`, lalu lampirkan lagi).",
            c.damaged_left
        );
    }
    if c.answers_left > 0 {
        out!(
            "  {} jawaban tidak disalin: templat baru tidak dapat membacanya.",
            c.answers_left
        );
    }
    Ok(())
}

/// `daduk score --unit U --years 2025-2027`.
pub fn trend(ws: &Workspace, unit: &str, range: &str, json: bool) -> anyhow::Result<Outcome> {
    let (first, last) = parse_years(range).map_err(anyhow::Error::msg)?;
    let trend = ws.trend(unit, first, last)?;
    if json {
        print_json(&trend)?;
        return Ok(Outcome::Ok);
    }
    out!(
        "Tren {} — {} — jawaban Unit (penilaian mandiri), {}–{}",
        trend.unit,
        trend.unit_name,
        first,
        last
    );
    let missing: Vec<String> = (first..=last)
        .filter(|y| !trend.years.iter().any(|t| t.year == *y))
        .map(|y| y.to_string())
        .collect();
    if !missing.is_empty() {
        out!("Tanpa penilaian: {}", missing.join(", "));
    }
    out!();
    let mut head = format!("{:<34}", "");
    for y in &trend.years {
        head.push_str(&format!(" {:>9}", y.year));
    }
    out!("{head}");
    let row = |label: &str, values: Vec<String>| {
        let mut line = format!("{label:<34}");
        for v in values {
            line.push_str(&format!(" {v:>9}"));
        }
        line
    };
    let figures = |f: &dyn Fn(&daduk_workspace::years::TrendYear) -> String| {
        trend.years.iter().map(f).collect::<Vec<_>>()
    };
    out!("{}", row("Status", figures(&|y| y.status.clone())));
    out!("{}", row("TOTAL", figures(&|y| pts(y.total))));
    out!("{}", row("  perubahan", figures(&|y| y.change_label())));
    out!("{}", row("A Pengungkit", figures(&|y| pts(y.pengungkit))));
    out!("{}", row("B Hasil", figures(&|y| pts(y.hasil))));
    if let Some(first_year) = trend.years.first() {
        for (i, area) in first_year.areas.iter().enumerate() {
            out!(
                "{}",
                row(
                    &format!("  {}. {}", area.area, area.name)
                        .chars()
                        .take(34)
                        .collect::<String>(),
                    figures(&|y| y.areas.get(i).map_or("—".into(), |a| pts(a.score)))
                )
            );
        }
        for code in first_year.predicates.keys() {
            out!(
                "{}",
                row(
                    &format!("Syarat {}", code.to_uppercase()),
                    figures(&|y| match y.predicates.get(code) {
                        Some(true) => "terpenuhi".into(),
                        Some(false) => format!("{} belum", y.failed.get(code).map_or(0, Vec::len)),
                        None => "—".into(),
                    })
                )
            );
        }
    }
    out!(
        "{}",
        row(
            "Nilai TPI",
            figures(&|y| y.tpi_total.map_or("—".into(), pts))
        )
    );
    if trend
        .years
        .iter()
        .any(|y| y.tpn_total.is_some() || y.tpn_result.is_some())
    {
        out!(
            "{}",
            row(
                "Nilai TPN",
                figures(&|y| y.tpn_total.map_or("—".into(), pts))
            )
        );
        out!(
            "{}",
            row(
                "Hasil penilaian TPN",
                figures(&|y| y.tpn_result.clone().unwrap_or_else(|| "—".into()))
            )
        );
    }
    Ok(Outcome::Ok)
}

/// `daduk plan recommendations`: last year's recommendations and whether
/// this year's plan follows each up.
pub fn recommendations(ws: &Workspace, a: &Assessment, json: bool) -> anyhow::Result<Outcome> {
    let recs = ws.recommendations(a)?;
    if json {
        print_json(&recs)?;
        return Ok(Outcome::Ok);
    }
    let Some(first) = recs.first() else {
        out!(
            "Tidak ada rekomendasi TPN atau TPI dari tahun sebelum {} untuk {} (catatan TPN dan TPI per butir menjadi rekomendasinya).",
            a.year,
            a.unit
        );
        return Ok(Outcome::Ok);
    };
    let open = recs.iter().filter(|r| r.activity.is_none()).count();
    out!(
        "Rekomendasi TPN/TPI {} untuk {} {}: {} rekomendasi, {} sudah ditindaklanjuti, {} belum.",
        first.from_year,
        a.unit,
        a.year,
        recs.len(),
        recs.len() - open,
        open
    );
    for r in &recs {
        let state = r
            .activity
            .map_or("BELUM DITINDAKLANJUTI".to_string(), |id| {
                format!("kegiatan #{id}")
            });
        out!(
            "{:<10} {:<4} {:<22} {}",
            r.item.to_string(),
            r.source.to_uppercase(),
            state,
            r.text.replace('\n', " / ")
        );
    }
    if open > 0 {
        out!(
            "Jadikan kegiatan: `daduk plan adopt --unit {} --year {} BUTIR` (atau --all).",
            a.unit,
            a.year
        );
    }
    Ok(Outcome::Ok)
}

/// `daduk plan adopt`: recommendations become activities of this year's plan.
pub fn adopt(
    ws: &Workspace,
    a: &Assessment,
    items: &[ItemCode],
    all: bool,
    source: Option<Role>,
    months: Option<MonthSet>,
) -> anyhow::Result<Outcome> {
    let chosen: Vec<ItemCode> = if all {
        ws.recommendations(a)?
            .into_iter()
            .filter(|r| r.activity.is_none() && source.is_none_or(|s| r.source == s.as_str()))
            .map(|r| r.item)
            .collect()
    } else {
        items.to_vec()
    };
    if chosen.is_empty() {
        out!("Semua rekomendasi sudah ditindaklanjuti; tidak ada yang ditambahkan.");
        return Ok(Outcome::Ok);
    }
    for item in chosen {
        let (rec, act) = ws.adopt_recommendation(a, item, source, months)?;
        out!(
            "Rekomendasi {} {} butir {} menjadi kegiatan #{} (area {}, {}).",
            rec.source.to_uppercase(),
            rec.from_year,
            item,
            act.id,
            act.area,
            act.months.label(Some(a.year))
        );
    }
    Ok(Outcome::Ok)
}
