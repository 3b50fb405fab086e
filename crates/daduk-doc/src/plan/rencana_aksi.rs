//! *Rencana Aksi dan Target Prioritas*: per area the items' table, then
//! the Target Prioritas grid of programs and activities.

use daduk_domain::code::{ItemCode, Part, number_to_roman};
use daduk_domain::format;
use daduk_domain::plan::months::SHORT;
use daduk_domain::plan::status::ActivityView;
use daduk_domain::plan::{area_count, area_name};
use daduk_domain::template::{AnswerSpec, Item};

use super::{PlanData, letter, programs};
use crate::model::{Block, Doc, DocCell, DocColumn, DocRow, DocTable, Shade};

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

fn item_table(data: &PlanData, codes: &[ItemCode]) -> DocTable {
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

fn grid(data: &PlanData, area: u8) -> Option<DocTable> {
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
pub fn plan_document(data: &PlanData) -> Doc {
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
        format::date_long(data.date)
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
        date: data.date,
        blocks,
    }
}
