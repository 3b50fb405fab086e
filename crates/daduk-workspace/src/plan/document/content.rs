//! What the two documents say, built from one read of the workspace.

use super::{
    Block, Doc, DocCell, DocColumn, DocRow, DocTable, DocumentKind, DocumentOptions, Shade,
    Signature,
};
use crate::code::{ItemCode, Part, number_to_roman};
use crate::error::Result;
use crate::evidence::Completeness;
use crate::format;
use crate::plan::months::{SHORT, first_day};
use crate::plan::status::{ActivityView, MonthState, PlanView, quarter, quarter_months};
use crate::plan::{RealisationStatus, area_count, area_name};
use crate::store::{Assessment, Unit, Workspace};
use crate::template::{AnswerSpec, Item, Template};
use daduk_doc::report::nip;

/// Everything a document shows.
pub(super) struct Data {
    pub template: Template,
    pub unit: Unit,
    pub assessment: Assessment,
    pub view: PlanView,
    pub completeness: Completeness,
    pub options: DocumentOptions,
}

impl Data {
    /// Read in one snapshot. A report's figures are as of its date, at most
    /// the day after its quarter ends.
    pub fn load(
        ws: &Workspace,
        a: &Assessment,
        kind: DocumentKind,
        options: &DocumentOptions,
    ) -> Result<Data> {
        let _snapshot = ws.conn().unchecked_transaction()?;
        let assessment = ws.assessment_by_id(a.id)?;
        let as_of = match kind {
            DocumentKind::Plan => options.date,
            DocumentKind::Report(q) => {
                let end = quarter_months(q).last().unwrap_or(12);
                let after = if end == 12 {
                    first_day(assessment.year + 1, 1)
                } else {
                    first_day(assessment.year, end + 1)
                };
                after.map_or(options.date, |d| d.min(options.date))
            }
        };
        Ok(Data {
            template: ws.template_of(&assessment)?,
            unit: ws.unit(&assessment.unit)?,
            view: ws.plan_view(&assessment, as_of)?,
            completeness: ws.completeness(&assessment)?,
            options: options.clone(),
            assessment,
        })
    }

    fn predicate_name(&self) -> String {
        let t = self.unit.target;
        self.template
            .predicate(t.code())
            .map_or_else(|| t.to_string(), |p| p.name.clone())
    }

    fn signature(&self) -> Signature {
        let dots = "……………………";
        let place = self.options.place.trim();
        Signature {
            lines: vec![
                format!(
                    "Ditetapkan di : {}",
                    if place.is_empty() { dots } else { place }
                ),
                format!("Pada tanggal : {}", format::date_long(self.options.date)),
            ],
            role: format!("Kepala {},", self.unit.name),
            name: if self.unit.kepala_name.trim().is_empty() {
                "(………………………………………)".into()
            } else {
                self.unit.kepala_name.clone()
            },
            nip: if self.unit.kepala_nip.is_empty() {
                "NIP. ……………………………".into()
            } else {
                format!("NIP. {}", nip(&self.unit.kepala_nip))
            },
        }
    }
}

/// The criteria of an item as the seed's "Penjelasan" column writes them.
fn explanation(item: &Item) -> String {
    match &item.answer {
        AnswerSpec::YesNo => item.criteria.clone().unwrap_or_else(|| "Ya / Tidak".into()),
        AnswerSpec::Choice { options } => options
            .iter()
            .map(|o| format!("{}. {}", o.letter, o.text))
            .collect::<Vec<_>>()
            .join("\n"),
        AnswerSpec::Counts { rows, .. } => rows
            .iter()
            .filter(|r| r.computed.is_none())
            .map(|r| format!("{}. {}", r.code, r.label))
            .collect::<Vec<_>>()
            .join("\n"),
        AnswerSpec::SurveyIndex { min, max } => format!(
            "Indeks hasil survei, skala {}–{}",
            format::number(*min, 0),
            format::number(*max, 0)
        ),
    }
}

/// The data dukung an item needs, numbered.
fn evidence_needed(item: &Item) -> String {
    item.evidence
        .iter()
        .enumerate()
        .map(|(i, e)| format!("{}) {}", i + 1, e.guidance))
        .collect::<Vec<_>>()
        .join("\n")
}

const ITEM_COLUMNS: usize = 6;

fn item_table(data: &Data, codes: &[ItemCode]) -> DocTable {
    let mut rows = Vec::new();
    let mut part = None;
    let mut sub = None;
    for &code in codes {
        let Some(r) = data.template.item_ref(code) else {
            continue;
        };
        if part != Some(code.part) {
            part = Some(code.part);
            sub = None;
            let n = match code.part {
                Part::P => "I",
                Part::R => "II",
                Part::H => "III",
            };
            rows.push(DocRow::section(
                format!("{n}. {}", r.part.name.to_uppercase()),
                ITEM_COLUMNS,
                Shade::Section,
            ));
        }
        if sub != Some(code.sub_area) {
            sub = Some(code.sub_area);
            rows.push(DocRow::section(
                format!(
                    "{}. {}",
                    number_to_roman(code.sub_area).unwrap_or("?"),
                    r.sub_area.name
                ),
                ITEM_COLUMNS,
                Shade::Band,
            ));
        }
        let plan = data.view.items.iter().find(|i| i.code == code);
        let complete = data
            .completeness
            .items
            .get(&code)
            .is_some_and(|c| c.complete);
        let mut when = plan.map_or_else(String::new, |p| p.period.clone());
        if let Some(p) = plan {
            if !p.pic.is_empty() {
                when.push_str(&format!("\nPJ: {}", p.pic));
            }
            if !p.note.is_empty() {
                when.push_str(&format!("\nKet: {}", p.note));
            }
        }
        let late = plan.is_some_and(|p| p.late);
        rows.push(DocRow {
            cells: vec![
                DocCell::new(format!("{code}\n{}", r.item.question)),
                DocCell::new(explanation(r.item)),
                DocCell::new(evidence_needed(r.item)),
                DocCell::new(if complete { "✓" } else { "" })
                    .center()
                    .bold(),
                DocCell::new(if complete { "" } else { "✓" })
                    .center()
                    .bold()
                    .shade(late.then_some(Shade::Late)),
                DocCell::new(when),
            ],
            shade: None,
            bold: false,
            carry: Some(format!("{code} (lanjutan)")),
        });
    }
    DocTable {
        columns: vec![
            DocColumn::left("Butir LKE", 43.0),
            DocColumn::left("Penjelasan", 43.0),
            DocColumn::left("Data dukung yang diperlukan", 41.0),
            DocColumn::center("Lengkap", 12.0),
            DocColumn::center("Tidak Lengkap", 12.0),
            DocColumn::left("Target waktu pelaksanaan", 24.0),
        ],
        groups: vec![
            (String::new(), 3),
            ("Status Data Dukung".into(), 2),
            (String::new(), 1),
        ],
        rows,
        size: 7.0,
        header_size: Some(6.0),
        pad_x: None,
        continued: "Rencana aksi (lanjutan)".into(),
    }
}

/// Activities grouped by program, in plan order: (program, its activities).
fn programs(activities: &[&ActivityView]) -> Vec<(String, Vec<ActivityView>)> {
    let mut out: Vec<(String, Vec<ActivityView>)> = Vec::new();
    for a in activities {
        match out.iter_mut().find(|(p, _)| *p == a.program) {
            Some((_, list)) => list.push((*a).clone()),
            None => out.push((a.program.clone(), vec![(*a).clone()])),
        }
    }
    out
}

fn letter(i: usize) -> char {
    char::from(b'a' + u8::try_from(i % 26).unwrap_or(0))
}

fn grid(data: &Data, area: u8) -> Option<DocTable> {
    let acts: Vec<&ActivityView> = data
        .view
        .activities
        .iter()
        .filter(|a| a.area == area)
        .collect();
    if acts.is_empty() {
        return None;
    }
    let mut rows = Vec::new();
    for (k, (program, list)) in programs(&acts).into_iter().enumerate() {
        let mut last_target: Option<String> = None;
        for (i, a) in list.iter().enumerate() {
            let mut cells = vec![
                DocCell::new(if i == 0 {
                    format!("{}.", k + 1)
                } else {
                    String::new()
                })
                .center(),
                DocCell::new(if i == 0 {
                    program.clone()
                } else {
                    String::new()
                }),
                DocCell::new(format!("{}. {}", letter(i), a.activity)),
                DocCell::new(if last_target.as_deref() == Some(a.target.as_str()) {
                    String::new()
                } else {
                    a.target.clone()
                }),
                DocCell::new(a.pic.clone()),
            ];
            last_target = Some(a.target.clone());
            for m in 1..=12u8 {
                let planned = a.months.contains(m);
                cells.push(
                    DocCell::new(if planned { "✓" } else { "" })
                        .center()
                        .bold()
                        .shade(planned.then_some(Shade::Planned)),
                );
            }
            rows.push(DocRow {
                cells,
                shade: None,
                bold: false,
                carry: Some(format!("{}.", k + 1)),
            });
        }
    }
    // The signed table names who answers for each activity (PIC); the
    // columns add up to the A4 portrait text width (175 mm).
    let mut columns = vec![
        DocColumn::center("NO", 6.0),
        DocColumn::left("PROGRAM", 22.5),
        DocColumn::left("IMPLEMENTASI PROGRAM", 32.0),
        DocColumn::left("TARGET", 22.0),
        DocColumn::left("PENANGGUNG JAWAB", 18.1),
    ];
    // 6.2 mm keeps a month's three letters (MAR, AGS, NOV) on one line.
    columns.extend(SHORT.iter().map(|m| DocColumn::center(m, 6.2)));
    Some(DocTable {
        columns,
        groups: vec![(String::new(), 5), ("TARGET WAKTU PELAKSANAAN".into(), 12)],
        rows,
        size: 7.0,
        header_size: Some(5.5),
        pad_x: Some(0.5),
        continued: "Target Prioritas (lanjutan)".into(),
    })
}

/// *Rencana Aksi dan Target Prioritas*.
pub(super) fn plan_document(data: &Data) -> Doc {
    let year = data.assessment.year;
    let mut blocks = vec![Block::Title(vec![
        "RENCANA AKSI DAN TARGET PRIORITAS".into(),
        "PEMBANGUNAN ZONA INTEGRITAS MENUJU".into(),
        data.predicate_name().to_uppercase(),
        format!("PADA {}", data.unit.name.to_uppercase()),
        format!("TAHUN {year}"),
    ])];
    blocks.push(Block::Paragraph(format!(
        "Rencana aksi ini memuat, untuk setiap area perubahan, butir Lembar Kerja Evaluasi (LKE) \
         beserta penjelasannya, data dukung yang diperlukan, status kelengkapan data dukung per {} \
         dan target waktu pelaksanaannya, serta Target Prioritas: program, implementasi program, \
         target, penanggung jawab dan bulan pelaksanaannya pada tahun {year}.",
        format::date_long(data.options.date)
    )));
    if !data.view.started {
        blocks.push(Block::Note(
            "Target waktu dan penanggung jawab butir masih bawaan templat; tim belum mengubah rencana."
                .into(),
        ));
    }
    blocks.push(Block::Heading("A. RENCANA AKSI PEMBANGUNAN".into()));
    let codes = data.template.item_codes();
    for n in 1..=area_count(&data.template) {
        let area: Vec<ItemCode> = codes
            .iter()
            .copied()
            .filter(|c| c.part != Part::H && c.area == n)
            .collect();
        blocks.push(Block::Subheading(format!(
            "{n}. {}",
            area_name(&data.template, n).to_uppercase()
        )));
        blocks.push(Block::Table(item_table(data, &area)));
    }
    let hasil: Vec<ItemCode> = codes
        .iter()
        .copied()
        .filter(|c| c.part == Part::H)
        .collect();
    if !hasil.is_empty() {
        blocks.push(Block::Subheading("HASIL".into()));
        blocks.push(Block::Table(item_table(data, &hasil)));
    }
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading("B. TARGET PRIORITAS".into()));
    blocks.push(Block::Paragraph(format!(
        "Pembangunan Zona Integritas menuju {} pada {} tahun {year}: program, implementasi program, \
         target, penanggung jawab dan bulan pelaksanaannya per area perubahan.",
        data.predicate_name(),
        data.unit.name
    )));
    for n in 1..=area_count(&data.template) {
        blocks.push(Block::Subheading(format!(
            "{n}. {}",
            area_name(&data.template, n).to_uppercase()
        )));
        match grid(data, n) {
            Some(t) => blocks.push(Block::Table(t)),
            None => blocks.push(Block::Note("Belum ada program pada area ini.".into())),
        }
    }
    blocks.push(Block::Signature(data.signature()));
    Doc {
        title: "Rencana Aksi dan Target Prioritas".into(),
        subject: format!("{} · Tahun {year}", data.unit.name),
        date: data.options.date,
        blocks,
    }
}

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
    field: impl Fn(&crate::plan::Realisation) -> &str,
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
pub(super) fn report_document(data: &Data, q: u8) -> Doc {
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
        date: data.options.date,
        blocks,
    }
}
