//! PortalRB's question list (master soal) for one evaluation year, mapped to
//! a template's items: `assets/templates/<template>.portalrb-<year>.json`.
//!
//! PortalRB numbers its questions (`soal_id`) per evaluation year: every
//! non-count item is one soal, and every typed row of a counts item ("- Jumlah
//! …") is its own soal (the percentage item itself has none; PortalRB
//! computes it). The data file names, for every soal, the item and row it
//! belongs to, its answer kind, scale, question text and row in PortalRB's
//! official Excel file, as the master gives them. Next year's master is a new
//! data file, not code. The loader checks the file against the template
//! whole: every soal placed once, every item and typed row covered once,
//! kinds, scales and texts agreeing.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::template::{AnswerSpec, Template};
use crate::textmatch;

/// The `format` field of a soal mapping file.
pub const FORMAT: &str = "daduk-portalrb-soal";

/// Every mapping built into this binary: (template id, year, file, JSON).
const BUILT_IN: &[(&str, i32, &str, &str)] = &[(
    "lke-zi-2021",
    2026,
    "assets/templates/lke-zi-2021.portalrb-2026.json",
    include_str!("../../../../assets/templates/lke-zi-2021.portalrb-2026.json"),
)];

/// The answer kind of a soal (`jenis_jawaban`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum SoalKind {
    /// `Ya` / `Tidak`.
    #[serde(rename = "YA_TIDAK")]
    YaTidak,
    /// `A`..`C`.
    #[serde(rename = "ABC")]
    Abc,
    /// `A`..`D`.
    #[serde(rename = "ABCD")]
    Abcd,
    /// `A`..`E`.
    #[serde(rename = "ABCDE")]
    Abcde,
    /// A whole number (one row of a counts item).
    #[serde(rename = "Jumlah", alias = "jumlah")]
    Jumlah,
    /// A survey index 0..4.
    #[serde(rename = "0-4")]
    Index,
}

impl SoalKind {
    /// The name PortalRB uses (`YA_TIDAK`, `ABC`, …, `Jumlah`, `0-4`).
    pub fn name(self) -> &'static str {
        match self {
            SoalKind::YaTidak => "YA_TIDAK",
            SoalKind::Abc => "ABC",
            SoalKind::Abcd => "ABCD",
            SoalKind::Abcde => "ABCDE",
            SoalKind::Jumlah => "Jumlah",
            SoalKind::Index => "0-4",
        }
    }
}

/// One step of a soal's scale (`skema_penilaian`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleStep {
    /// `Ya`, `Tidak`, `A`..`E`.
    pub key: String,
    /// The value PortalRB gives it.
    pub multiplier: f64,
}

/// One soal and where it belongs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Soal {
    /// PortalRB's `soal_id`.
    pub id: u32,
    /// The item.
    pub item: ItemCode,
    /// The row of a counts item (`a`, `b`, …); none for other items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count_row: Option<String>,
    /// The answer kind.
    pub kind: SoalKind,
    /// Its row in the official Excel file (1-based).
    pub row: u32,
    /// The question text as PortalRB writes it.
    pub text: String,
    /// The scale, for choice and yes/no soal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scale: Vec<ScaleStep>,
}

/// The columns of PortalRB's official Excel file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetColumns {
    /// The unit's answer (K).
    pub unit_answer: String,
    /// The unit's note (L).
    pub unit_note: String,
    /// The unit's evidence (M).
    pub unit_evidence: String,
    /// TPI's answer (N).
    pub tpi_answer: String,
    /// TPI's note (Q).
    pub tpi_note: String,
}

/// A soal mapping file, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoalMapDoc {
    /// Always [`FORMAT`].
    pub format: String,
    /// The template id it maps.
    pub template: String,
    /// PortalRB's evaluation year (`tahun`).
    pub year: i32,
    /// Where it was copied from.
    pub source: String,
    /// PortalRB's `total_soal`.
    pub total_soal: usize,
    /// The sheet of the official Excel file (`Jawaban`).
    pub sheet: String,
    /// Its columns.
    pub columns: SheetColumns,
    /// Every soal, in PortalRB's order.
    pub soal: Vec<Soal>,
}

/// A checked soal mapping with lookups. Its soal are in PortalRB's order.
#[derive(Debug, Clone)]
pub struct SoalMap {
    doc: SoalMapDoc,
    by_item: BTreeMap<ItemCode, Vec<usize>>,
}

/// The column letters of the sheet as zero-based indices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnIndices {
    /// The unit's answer.
    pub unit_answer: u16,
    /// The unit's note.
    pub unit_note: u16,
    /// The unit's evidence.
    pub unit_evidence: u16,
    /// TPI's answer.
    pub tpi_answer: u16,
    /// TPI's note.
    pub tpi_note: u16,
}

/// `A` → 0, `K` → 10, `AA` → 26; `None` for anything else or past `XFD`.
pub fn column_index(letters: &str) -> Option<u16> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as u32 - 'A' as u32 + 1);
    }
    u16::try_from(n - 1).ok().filter(|n| *n < 16_384)
}

impl SoalMap {
    /// The built-in mapping of `template` for PortalRB evaluation year `year`.
    pub fn built_in(template: &Template, year: i32) -> Result<SoalMap> {
        let Some((_, _, file, json)) = BUILT_IN
            .iter()
            .find(|(id, y, _, _)| *id == template.id() && *y == year)
        else {
            let years: Vec<String> = BUILT_IN
                .iter()
                .filter(|(id, ..)| *id == template.id())
                .map(|(_, y, ..)| y.to_string())
                .collect();
            return Err(Error::Invalid(format!(
                "PortalRB: belum ada daftar soal (master soal) untuk templat {} tahun evaluasi {year}{}",
                template.id(),
                if years.is_empty() {
                    "; templat ini tidak dipetakan ke PortalRB".to_string()
                } else {
                    format!("; yang tersedia: tahun {}", years.join(", "))
                }
            )));
        };
        SoalMap::from_json(template, file, json)
    }

    /// The evaluation years with a built-in mapping for `template`.
    pub fn built_in_years(template: &Template) -> Vec<i32> {
        BUILT_IN
            .iter()
            .filter(|(id, ..)| *id == template.id())
            .map(|(_, y, ..)| *y)
            .collect()
    }

    /// Parse a mapping file and check it against `template`. `file` names
    /// it in messages.
    pub fn from_json(template: &Template, file: &str, json: &str) -> Result<SoalMap> {
        let fail = |path: String, fault: String| {
            Error::Invalid(format!(
                "{file}: daftar soal PortalRB tidak sah di {path}: {fault}"
            ))
        };
        let de = &mut serde_json::Deserializer::from_str(json);
        let doc: SoalMapDoc = serde_path_to_error::deserialize(de)
            .map_err(|e| fail(e.path().to_string(), e.inner().to_string()))?;
        if doc.format != FORMAT {
            return Err(fail("format".into(), format!("harus '{FORMAT}'")));
        }
        if doc.template != template.id() {
            return Err(fail(
                "template".into(),
                format!(
                    "untuk templat '{}', bukan '{}'",
                    doc.template,
                    template.id()
                ),
            ));
        }
        if doc.total_soal != doc.soal.len() {
            return Err(fail(
                "total_soal".into(),
                format!("{} padahal ada {} soal", doc.total_soal, doc.soal.len()),
            ));
        }
        let c = &doc.columns;
        for (name, letters) in [
            ("unit_answer", &c.unit_answer),
            ("unit_note", &c.unit_note),
            ("unit_evidence", &c.unit_evidence),
            ("tpi_answer", &c.tpi_answer),
            ("tpi_note", &c.tpi_note),
        ] {
            if column_index(letters).is_none() {
                return Err(fail(
                    format!("columns.{name}"),
                    format!("kolom '{letters}' tidak sah"),
                ));
            }
        }
        let mut ids = BTreeSet::new();
        let mut rows = BTreeSet::new();
        let mut placed: BTreeMap<(ItemCode, Option<String>), u32> = BTreeMap::new();
        let mut by_item: BTreeMap<ItemCode, Vec<usize>> = BTreeMap::new();
        let questions: Vec<(ItemCode, &str)> = template
            .items()
            .map(|r| (r.item.code, r.item.question.as_str()))
            .collect();
        for (i, s) in doc.soal.iter().enumerate() {
            let path = format!("soal[{i}]");
            let bad = |fault: String| fail(path.clone(), format!("soal {}: {fault}", s.id));
            if !ids.insert(s.id) {
                return Err(bad("id ganda".into()));
            }
            if s.row == 0 || !rows.insert(s.row) {
                return Err(bad(format!("baris Excel {} kosong atau ganda", s.row)));
            }
            let Some(item) = template.item(s.item) else {
                return Err(bad(format!("butir {} tidak ada di templat", s.item)));
            };
            if let Some(first) = placed.insert((s.item, s.count_row.clone()), s.id) {
                return Err(bad(format!("{} sudah dipetakan ke soal {first}", place(s))));
            }
            check_soal(template, s, &item.answer, &questions).map_err(bad)?;
            by_item.entry(s.item).or_default().push(i);
        }
        // Every item, and every typed row of a counts item, exactly once.
        for r in template.items() {
            let wanted: Vec<Option<String>> = match &r.item.answer {
                AnswerSpec::Counts { rows, .. } => rows
                    .iter()
                    .filter(|x| x.computed.is_none())
                    .map(|x| Some(x.code.clone()))
                    .collect(),
                _ => vec![None],
            };
            for row in wanted {
                if !placed.contains_key(&(r.item.code, row.clone())) {
                    let what = match row {
                        Some(x) => format!("baris {x} butir {}", r.item.code),
                        None => format!("butir {}", r.item.code),
                    };
                    return Err(fail("soal".into(), format!("{what} tidak punya soal")));
                }
            }
        }
        Ok(SoalMap { doc, by_item })
    }

    /// The document.
    pub fn doc(&self) -> &SoalMapDoc {
        &self.doc
    }

    /// PortalRB's evaluation year.
    pub fn year(&self) -> i32 {
        self.doc.year
    }

    /// Every soal in PortalRB's order.
    pub fn soal(&self) -> &[Soal] {
        &self.doc.soal
    }

    /// The soal of an item, in PortalRB's order (the rows of a counts item).
    pub fn soal_of(&self, item: ItemCode) -> impl Iterator<Item = &Soal> + '_ {
        self.by_item
            .get(&item)
            .into_iter()
            .flatten()
            .map(|i| &self.doc.soal[*i])
    }

    /// The sheet's columns as zero-based indices.
    pub fn columns(&self) -> ColumnIndices {
        let c = &self.doc.columns;
        let idx = |l: &str| column_index(l).unwrap_or(0);
        ColumnIndices {
            unit_answer: idx(&c.unit_answer),
            unit_note: idx(&c.unit_note),
            unit_evidence: idx(&c.unit_evidence),
            tpi_answer: idx(&c.tpi_answer),
            tpi_note: idx(&c.tpi_note),
        }
    }
}

fn place(s: &Soal) -> String {
    match &s.count_row {
        Some(r) => format!("baris {r} butir {}", s.item),
        None => format!("butir {}", s.item),
    }
}

/// A soal against its item: kind, scale and text.
fn check_soal(
    template: &Template,
    s: &Soal,
    spec: &AnswerSpec,
    questions: &[(ItemCode, &str)],
) -> std::result::Result<(), String> {
    let letters =
        |n: usize| -> Vec<String> { ('A'..='E').take(n).map(|c| c.to_string()).collect() };
    let (expected_keys, values): (Vec<String>, Vec<f64>) = match (spec, s.kind) {
        (AnswerSpec::YesNo, SoalKind::YaTidak) if s.count_row.is_none() => {
            (vec!["Ya".into(), "Tidak".into()], vec![1.0, 0.0])
        }
        (AnswerSpec::Choice { options }, k)
            if s.count_row.is_none()
                && matches!(
                    (options.len(), k),
                    (3, SoalKind::Abc) | (4, SoalKind::Abcd) | (5, SoalKind::Abcde)
                ) =>
        {
            let values = (0..options.len())
                .map(|i| template.choice_value(options.len(), i).unwrap_or(f64::NAN))
                .collect();
            (letters(options.len()), values)
        }
        (AnswerSpec::SurveyIndex { min, max }, SoalKind::Index)
            if s.count_row.is_none() && *min == 0.0 && *max == 4.0 =>
        {
            (Vec::new(), Vec::new())
        }
        (AnswerSpec::Counts { rows, .. }, SoalKind::Jumlah) => {
            let Some(code) = &s.count_row else {
                return Err("soal Jumlah harus menyebut baris butir (count_row)".into());
            };
            let Some(row) = rows.iter().find(|r| &r.code == code) else {
                return Err(format!("baris {code} tidak ada di butir {}", s.item));
            };
            if row.computed.is_some() {
                return Err(format!(
                    "baris {code} butir {} dihitung otomatis, tidak diisi",
                    s.item
                ));
            }
            // A row's text is checked against its item's rows: the best match
            // must be this row.
            let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
            let best = textmatch::best_match(&s.text, labels.iter().copied());
            if best.map(|b| rows[b.0].code.as_str()) != Some(code.as_str()) {
                return Err(format!(
                    "teks '{}' tidak cocok dengan baris {code} ('{}')",
                    s.text, row.label
                ));
            }
            return if s.scale.is_empty() {
                Ok(())
            } else {
                Err("soal Jumlah tidak punya skala".into())
            };
        }
        _ => {
            return Err(format!(
                "jenis jawaban {} tidak cocok dengan {}",
                s.kind.name(),
                place(s)
            ));
        }
    };
    let keys: Vec<&str> = s.scale.iter().map(|x| x.key.as_str()).collect();
    if keys != expected_keys.iter().map(String::as_str).collect::<Vec<_>>() {
        return Err(format!("skala {keys:?}, seharusnya {expected_keys:?}"));
    }
    for (step, v) in s.scale.iter().zip(&values) {
        if (step.multiplier - v).abs() > 1e-9 {
            return Err(format!(
                "pengali {} = {}, padahal templat memberi {v}",
                step.key, step.multiplier
            ));
        }
    }
    // The text's best match among all questions must be this item.
    let best = textmatch::best_match(&s.text, questions.iter().map(|q| q.1));
    if best.map(|b| questions[b.0].0) != Some(s.item) {
        let own = questions.iter().find(|q| q.0 == s.item).map_or("", |q| q.1);
        return Err(format!("teks '{}' tidak cocok dengan '{own}'", s.text));
    }
    Ok(())
}
