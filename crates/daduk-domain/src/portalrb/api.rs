//! The JSON bodies of PortalRB's integration API (Panduan Teknis API
//! Integrasi ZI 1.0.0, evaluation year 2026), built from plain data so the
//! desktop (an offline file) and the coming server (the live endpoints) make
//! the same bytes.
//!
//! - `GET /lke/jawaban-unit/{unit_id}` → [`JawabanUnit`]: every soal of the
//!   master in its order, with the unit's and TPI's answers (`A`..`E`,
//!   `Ya`/`Tidak` or a number; `null` when unanswered), notes and a
//!   description of the evidence.
//! - `GET /pengusulan/unit-wbk` and `/pengusulan/unit-wbbm` → [`UnitList`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::mapping::{Soal, SoalMap};
use crate::answer::AnswerValue;
use crate::assessment::Target;
use crate::code::ItemCode;

/// The body of `GET /lke/jawaban-unit/{unit_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JawabanUnit {
    /// The unit's id at the instansi (Daduk's unit code).
    pub unit_id: String,
    /// The unit's name.
    pub nama_unit: String,
    /// The evaluation year.
    pub tahun: i32,
    /// One entry per soal, in the master's order.
    pub answers: Vec<JawabanSoal>,
}

/// The answers to one soal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct JawabanSoal {
    /// PortalRB's soal id.
    pub soal_id: u32,
    /// The unit's answer.
    pub jawaban_unit: Option<String>,
    /// TPI's answer.
    pub jawaban_tpi: Option<String>,
    /// The unit's note.
    pub catatan_unit: Option<String>,
    /// The unit's evidence: links and a description of the files.
    pub bukti_dukung_unit: Option<String>,
    /// TPI's note.
    pub catatan_tpi: Option<String>,
}

/// The body of `GET /pengusulan/unit-wbk` (or `unit-wbbm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UnitList {
    /// The evaluation year.
    pub tahun: i32,
    /// The proposed units.
    pub units: Vec<ProposedUnit>,
}

/// One proposed unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProposedUnit {
    /// The unit's id at the instansi (Daduk's unit code).
    pub id: String,
    /// The unit's name.
    pub nama: String,
    /// `WBK`, `WBK-AFIRMASI` or `WBBM`.
    pub kategori: String,
    /// Proposed under the afirmasi scheme.
    pub afirmasi: bool,
}

/// What one item holds, for [`jawaban_unit`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemAnswers {
    /// The unit's answer.
    pub unit: Option<AnswerValue>,
    /// TPI's answer.
    pub tpi: Option<AnswerValue>,
    /// The unit's note.
    pub unit_note: String,
    /// TPI's note.
    pub tpi_note: String,
    /// The evidence, described (see `references::describe_evidence`).
    pub evidence: String,
}

/// PortalRB's answer text for one soal: `Ya`/`Tidak`, a capital letter, the
/// row's whole number, or the survey index (`3.61`). `None` when unanswered
/// (or, for a counts row, when that row was not given).
pub fn soal_answer(soal: &Soal, answer: Option<&AnswerValue>) -> Option<String> {
    match (answer?, &soal.count_row) {
        (AnswerValue::YesNo(true), None) => Some("Ya".into()),
        (AnswerValue::YesNo(false), None) => Some("Tidak".into()),
        (AnswerValue::Choice(c), None) => Some(c.to_ascii_uppercase().to_string()),
        (AnswerValue::SurveyIndex(x), None) => Some(format!("{x}")),
        (AnswerValue::Counts(rows), Some(row)) => rows.get(row).map(u64::to_string),
        _ => None,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The body of `GET /lke/jawaban-unit/{unit_id}`: every soal of `map` in
/// its order. A counts item's note and evidence go with its first soal.
pub fn jawaban_unit(
    map: &SoalMap,
    unit_id: &str,
    nama_unit: &str,
    items: &BTreeMap<ItemCode, ItemAnswers>,
) -> JawabanUnit {
    let empty = ItemAnswers::default();
    let mut first_of_item = std::collections::HashSet::new();
    let answers = map
        .soal()
        .iter()
        .map(|s| {
            let a = items.get(&s.item).unwrap_or(&empty);
            let first = first_of_item.insert(s.item);
            let once = |text: &str| if first { non_empty(text) } else { None };
            JawabanSoal {
                soal_id: s.id,
                jawaban_unit: soal_answer(s, a.unit.as_ref()),
                jawaban_tpi: soal_answer(s, a.tpi.as_ref()),
                catatan_unit: once(&a.unit_note),
                bukti_dukung_unit: once(&a.evidence),
                catatan_tpi: once(&a.tpi_note),
            }
        })
        .collect();
    JawabanUnit {
        unit_id: unit_id.to_string(),
        nama_unit: nama_unit.to_string(),
        tahun: map.year(),
        answers,
    }
}

/// PortalRB's `kategori` of a unit proposed for `predicate`.
pub fn kategori(predicate: Target, afirmasi: bool) -> &'static str {
    match (predicate, afirmasi) {
        (Target::Wbk, false) => "WBK",
        (Target::Wbk, true) => "WBK-AFIRMASI",
        (Target::Wbbm, _) => "WBBM",
    }
}
