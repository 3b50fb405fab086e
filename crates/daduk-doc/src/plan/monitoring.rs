//! *Laporan Monitoring dan Evaluasi Triwulan*: the quarter's plan against
//! its realisation, per area and per activity.

use daduk_domain::format;
use daduk_domain::plan::RealisationStatus;
use daduk_domain::plan::months::SHORT;
use daduk_domain::plan::status::{ActivityView, MonthState, quarter, quarter_months};
use daduk_domain::plan::{area_count, area_name};

use super::{PlanData, letter, programs};
use crate::model::{Block, Doc, DocCell, DocColumn, DocRow, DocTable, Shade};

fn pct_text(p: Option<f64>) -> String {
    p.map_or_else(|| "-".into(), |p| format::percent(p / 100.0))
}

/// A month of an activity in the report: symbol and shade.
fn month_cell(a: &ActivityView, m: u8) -> DocCell {
    let rec = a.progress.iter().find(|r| r.month == m);
    let state = a.month_states[usize::from(m - 1)];
    let (text, shade) = match (state, rec.map(|r| r.status)) {
        (MonthState::None, _) => (String::new(), None),
        (MonthState::Done, _) => ("✓".to_string(), Some(Shade::Done)),
        (_, Some(RealisationStatus::Sebagian)) => (
            format!("{}%", rec.map_or(0, |r| r.percent)),
            Some(if state == MonthState::Late {
                Shade::Late
            } else {
                Shade::Partial
            }),
        ),
        // Over with nothing realised recorded: not done, and not said to be
        // "belum dilaksanakan" either.
        (MonthState::Late, None | Some(RealisationStatus::BelumDicatat)) => {
            ("?".to_string(), Some(Shade::Late))
        }
        (MonthState::Late, _) => ("✗".to_string(), Some(Shade::Late)),
        (_, Some(RealisationStatus::Belum)) => ("✗".to_string(), Some(Shade::Planned)),
        _ => (String::new(), Some(Shade::Planned)),
    };
    DocCell::new(text).center().bold().shade(shade)
}

/// Text of the quarter's records of one field: one month as is, several
/// with the month's name.
fn per_month(
    a: &ActivityView,
    months: &[u8],
    field: impl Fn(&daduk_domain::plan::Realisation) -> &str,
) -> String {
    let texts: Vec<(u8, &str)> = months
        .iter()
        .filter_map(|m| a.progress.iter().find(|r| r.month == *m))
        .map(|r| (r.month, field(r).trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    match texts.as_slice() {
        [] => String::new(),
        [(_, t)] => (*t).to_string(),
        many => many
            .iter()
            .map(|(m, t)| format!("{}: {t}", SHORT[usize::from(m - 1)]))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// One activity's row in the report: its months of the quarter, percent,
/// kendala, solusi, rekomendasi and evidence.
fn realisation_row(a: &ActivityView, i: usize, months: &[u8]) -> DocRow {
    let due: Vec<u8> = months
        .iter()
        .copied()
        .filter(|m| a.due_months.contains(*m))
        .collect();
    let recorded = |m: &u8| {
        a.progress
            .iter()
            .any(|r| r.month == *m && r.status != RealisationStatus::BelumDicatat)
    };
    let percent = if due.is_empty() {
        "-".to_string()
    } else if !due.iter().any(recorded) {
        "?".to_string()
    } else {
        let sum: u32 = due
            .iter()
            .map(|m| {
                a.progress
                    .iter()
                    .find(|r| r.month == *m)
                    .map_or(0, |r| u32::from(r.percent))
            })
            .sum();
        format!("{}%", sum / u32::try_from(due.len()).unwrap_or(1))
    };
    let mut evidence: Vec<String> = Vec::new();
    for r in a.progress.iter().filter(|r| months.contains(&r.month)) {
        for e in &r.evidence {
            let name = if e.title.trim().is_empty() {
                e.file_name.clone()
            } else {
                e.title.clone()
            };
            if !evidence.contains(&name) {
                evidence.push(name);
            }
        }
    }
    let mut cells = vec![
        DocCell::new(format!("{}.", letter(i))).center(),
        DocCell::new(a.activity.clone()),
    ];
    cells.extend(months.iter().map(|m| month_cell(a, *m)));
    cells.extend([
        DocCell::new(percent).center().bold(),
        DocCell::new(per_month(a, months, |r| &r.kendala)),
        DocCell::new(per_month(a, months, |r| &r.solusi)),
        DocCell::new(per_month(a, months, |r| &r.rekomendasi)),
        DocCell::new(evidence.join("\n")),
    ]);
    DocRow {
        cells,
        shade: None,
        bold: false,
        carry: Some(format!("{}.", letter(i))),
    }
}

const QUARTER_NAMES: [&str; 4] = ["I", "II", "III", "IV"];

/// *Laporan Monitoring dan Evaluasi Triwulan* `q`.
pub(super) fn report_document(data: &PlanData, q: u8) -> Doc {
    let year = data.assessment.year;
    let qname = QUARTER_NAMES[usize::from(q.clamp(1, 4) - 1)];
    let months: Vec<u8> = quarter_months(q).iter().collect();
    let period = quarter_months(q).label(Some(year));
    let as_of = data.view.summary.date;
    let mut blocks = vec![Block::Title(vec![
        "LAPORAN MONITORING DAN EVALUASI".into(),
        "RENCANA AKSI PEMBANGUNAN ZONA INTEGRITAS".into(),
        format!("TRIWULAN {qname} TAHUN {year}"),
        data.unit.name.to_uppercase(),
    ])];
    blocks.push(Block::Paragraph(format!(
        "Laporan ini membandingkan Rencana Aksi dan Target Prioritas dengan realisasinya pada \
         {period}, keadaan per {}. Bulan dihitung jatuh tempo setelah bulan itu berakhir; \
         kegiatan sesuai rencana bila setiap bulan yang jatuh tempo tercatat selesai.",
        format::date_long(as_of)
    )));

    // A. Summary.
    blocks.push(Block::Heading("A. RINGKASAN".into()));
    let q_areas = quarter(&data.view, q);
    let mut rows = Vec::new();
    for a in &q_areas {
        let label = if a.area == 0 {
            a.name.clone()
        } else {
            format!("{}. {}", a.area, a.name)
        };
        rows.push(DocRow {
            cells: vec![
                DocCell::new(label),
                DocCell::new(a.planned.to_string()).center(),
                DocCell::new(a.due.to_string()).center(),
                DocCell::new(a.done.to_string()).center(),
                DocCell::new(a.partial.to_string()).center(),
                DocCell::new(pct_text(a.pct)).center().bold(),
            ],
            shade: (a.area == 0).then_some(Shade::Band),
            bold: a.area == 0,
            carry: None,
        });
    }
    blocks.push(Block::Table(DocTable {
        columns: vec![
            DocColumn::left("Area perubahan", 65.0),
            DocColumn::center("Bulan kegiatan direncanakan", 24.0),
            DocColumn::center("Jatuh tempo", 20.0),
            DocColumn::center("Selesai", 20.0),
            DocColumn::center("Sebagian", 20.0),
            DocColumn::center("Capaian", 26.0),
        ],
        groups: Vec::new(),
        rows,
        size: 8.0,
        header_size: None,
        pad_x: None,
        continued: "Ringkasan (lanjutan)".into(),
    }));
    blocks.push(Block::Subheading(format!(
        "Capaian realisasi per area, Triwulan {qname}"
    )));
    blocks.push(Block::Bars(
        q_areas
            .iter()
            .filter(|a| a.area != 0)
            .map(|a| {
                let none = if a.planned == 0 {
                    "tidak ada kegiatan"
                } else {
                    "belum jatuh tempo"
                };
                (format!("{}. {}", a.area, a.name), a.pct, none.to_string())
            })
            .collect(),
    ));
    let s = &data.view.summary;
    blocks.push(Block::Paragraph(format!(
        "Sepanjang tahun sampai {}: {} dari {} kegiatan yang jatuh tempo dilaksanakan sesuai rencana ({}); {} kegiatan atau butir terlambat.",
        format::date_long(as_of),
        s.done,
        s.due,
        pct_text(s.on_schedule_pct),
        s.overdue.len()
    )));
    let sug = &s.suggested_answer;
    blocks.push(Block::Paragraph(match &sug.answer {
        Some(letter) => format!("Saran jawaban butir {}: {letter}. {}", sug.item, sug.reason),
        None => format!(
            "Saran jawaban butir {}: belum ada. {}",
            sug.item, sug.reason
        ),
    }));

    // B. Per area and activity.
    blocks.push(Block::Heading(format!(
        "B. REALISASI KEGIATAN TRIWULAN {qname}"
    )));
    let mut idle = Vec::new();
    for n in 1..=area_count(&data.template) {
        let acts: Vec<&ActivityView> = data
            .view
            .activities
            .iter()
            .filter(|a| a.area == n && months.iter().any(|m| a.months.contains(*m)))
            .collect();
        if acts.is_empty() {
            idle.push(format!("{n}. {}", area_name(&data.template, n)));
            continue;
        }
        blocks.push(Block::Subheading(format!(
            "{n}. {}",
            area_name(&data.template, n).to_uppercase()
        )));
        let mut rows = Vec::new();
        for (program, list) in programs(&acts) {
            rows.push(DocRow::section(
                format!("Program: {program}"),
                10,
                Shade::Band,
            ));
            for (i, a) in list.iter().enumerate() {
                rows.push(realisation_row(a, i, &months));
            }
        }
        let mut columns = vec![
            DocColumn::center("No", 6.0),
            DocColumn::left("Kegiatan", 34.0),
        ];
        columns.extend(
            months
                .iter()
                .map(|m| DocColumn::center(SHORT[usize::from(m - 1)], 9.0)),
        );
        columns.extend([
            DocColumn::center("%", 11.0),
            DocColumn::left("Kendala", 25.0),
            DocColumn::left("Solusi", 25.0),
            DocColumn::left("Rekomendasi tindak lanjut", 25.0),
            DocColumn::left("Bukti dukung", 22.0),
        ]);
        blocks.push(Block::Table(DocTable {
            columns,
            groups: vec![
                (String::new(), 2),
                ("Rencana / realisasi".into(), 3),
                (String::new(), 5),
            ],
            rows,
            size: 7.0,
            header_size: Some(6.5),
            pad_x: None,
            continued: format!("Realisasi area {n} (lanjutan)"),
        }));
    }
    blocks.push(Block::Note(
        "✓ selesai · angka persen: sebagian · ✗ belum dilaksanakan (merah: bulan sudah berakhir) · \
         ? realisasi belum dicatat (bulan sudah berakhir; persen rata-rata menghitungnya 0) · \
         sel berwarna tanpa tanda: direncanakan, belum jatuh tempo · sel kosong: tidak direncanakan."
            .into(),
    ));
    if !idle.is_empty() {
        blocks.push(Block::Note(format!(
            "Tanpa kegiatan pada triwulan ini: {}.",
            idle.join("; ")
        )));
    }

    // C. What is late.
    blocks.push(Block::Heading(format!(
        "C. KEGIATAN DAN BUTIR TERLAMBAT PER {}",
        format::date_long(as_of).to_uppercase()
    )));
    if s.overdue.is_empty() {
        blocks.push(Block::Paragraph(
            "Tidak ada kegiatan atau butir yang terlambat.".into(),
        ));
    } else {
        let rows = s
            .overdue
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let what = match (o.activity, o.item) {
                    (Some(_), _) => format!("Kegiatan: {}", o.title),
                    (_, Some(item)) => {
                        format!("Butir {item}: {} (data dukung belum lengkap)", o.title)
                    }
                    _ => o.title.clone(),
                };
                let area = if o.area == 0 {
                    "Hasil".to_string()
                } else {
                    o.area.to_string()
                };
                DocRow::new(vec![
                    DocCell::new(format!("{}.", i + 1)).center(),
                    DocCell::new(area).center(),
                    DocCell::new(what),
                    DocCell::new(o.months.label(None)),
                    DocCell::new(o.pic.clone()),
                ])
            })
            .collect();
        blocks.push(Block::Table(DocTable {
            columns: vec![
                DocColumn::center("No", 8.0),
                DocColumn::center("Area", 12.0),
                DocColumn::left("Kegiatan / butir", 95.0),
                DocColumn::left("Bulan", 30.0),
                DocColumn::left("Penanggung jawab", 30.0),
            ],
            groups: Vec::new(),
            rows,
            size: 7.5,
            header_size: None,
            pad_x: None,
            continued: "Terlambat (lanjutan)".into(),
        }));
    }
    blocks.push(Block::Signature(data.signature()));
    Doc {
        title: format!("Laporan Monitoring dan Evaluasi Triwulan {qname}"),
        subject: format!("{} · Tahun {year}", data.unit.name),
        date: data.date,
        blocks,
    }
}
