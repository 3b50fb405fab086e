//! The LKE template as it is written in JSON (`assets/templates/*.json`).
//!
//! These types mirror the file one to one; [`super::Template`] wraps a
//! validated document with lookups.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::code::{ItemCode, Part};

/// The whole template file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct TemplateDoc {
    /// Stable id, e.g. `lke-zi-2021`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// The regulation it implements.
    pub regulation: String,
    /// Where the content was transcribed from.
    pub source: String,
    /// Sum of all component weights (100).
    pub total_weight: f64,
    /// Item value per option for choice items, keyed by number of options
    /// (`"3": [1, 0.5, 0]`).
    pub choice_values: BTreeMap<String, Vec<f64>>,
    /// The kinds of data dukung an item may require.
    pub evidence_kinds: Vec<EvidenceKind>,
    /// Where the data dukung lists came from.
    #[serde(default)]
    pub evidence_source: String,
    /// Where the rule of which data dukung stay valid from one year to the
    /// next ([`Validity`]) comes from, when the template says it inline (the
    /// built-in LKE says it in a file beside it: `validity.rs`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub validity_source: String,
    /// Pengungkit (A) and Hasil (B).
    pub components: Vec<Component>,
    /// The predicates (WBK, WBBM) and their conditions.
    pub predicates: Vec<PredicateDef>,
}

/// A kind of supporting document (jenis data dukung).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct EvidenceKind {
    /// Stable code, e.g. `daftar_hadir`.
    pub code: String,
    /// Label shown to users, e.g. `Daftar hadir`.
    pub label: String,
    /// Words in a file name that suggest this kind (lower case).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Whether a document of this kind must be new each year or stays valid
    /// until replaced, when the template says it inline; an item's
    /// requirement may say otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// How long a document counts as data dukung: for the assessment year only,
/// or until it is replaced (or its own end date passes). A new year started
/// from the last one carries the lasting ones over.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Validity {
    /// Must be dated in the assessment year (notula, daftar hadir, laporan…).
    #[default]
    Yearly,
    /// Valid until replaced or until its own end date (SK Tim, SOP, maklumat…).
    Lasting,
}

impl Validity {
    /// The word people read.
    pub fn label(self) -> &'static str {
        match self {
            Validity::Yearly => "tahunan",
            Validity::Lasting => "berlaku sampai diganti",
        }
    }
}

/// A component (komponen): A Pengungkit or B Hasil.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// `A` or `B`.
    pub code: String,
    /// `Pengungkit` or `Hasil`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its parts.
    pub parts: Vec<PartDef>,
}

/// What a component is in scoring: the levers (Pengungkit: Pemenuhan and
/// Reform) or the results (Hasil).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ComponentKind {
    /// Pemenuhan and Reform.
    Pengungkit,
    /// The Hasil surveys and indicators.
    Hasil,
}

impl Component {
    /// Pengungkit or Hasil, decided by its parts (a component holding the
    /// Hasil part is Hasil), not by its letter.
    pub fn kind(&self) -> ComponentKind {
        if self.parts.iter().any(|p| p.part == Part::H) {
            ComponentKind::Hasil
        } else {
            ComponentKind::Pengungkit
        }
    }
}

/// A part of a component: Pemenuhan, Reform or Hasil.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PartDef {
    /// `P`, `R` or `H`.
    pub part: Part,
    /// Name, e.g. `Pemenuhan`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its areas.
    pub areas: Vec<Area>,
}

impl PartDef {
    /// The full, typed code of one of its areas (`P.1`); `None` only for an
    /// area number that is not one (a template the loader refuses).
    pub fn area_code(&self, area: &Area) -> Option<crate::code::AreaCode> {
        let n = area.code.parse().ok()?;
        Some(crate::code::AreaCode {
            part: self.part,
            area: n,
        })
    }
}

/// An area of change (area perubahan) within a part.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Area number as text, `"1"`..`"6"`.
    pub code: String,
    /// Name, e.g. `Manajemen Perubahan`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its sub-areas.
    pub sub_areas: Vec<SubArea>,
}

/// Sub-area (indikator) of an area part.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct SubArea {
    /// Roman numeral, `"i"`..
    pub code: String,
    /// Name, e.g. `Penyusunan Tim Kerja`.
    pub name: String,
    /// Weight in points.
    pub weight: f64,
    /// Its items.
    pub items: Vec<Item>,
}

/// An item (butir pertanyaan) of the LKE.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Its code, e.g. `P.1.i.a`.
    pub code: ItemCode,
    /// The question.
    pub question: String,
    /// Criteria text (for yes/no items).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<String>,
    /// How it is answered.
    pub answer: AnswerSpec,
    /// The data dukung it requires.
    pub evidence: Vec<EvidenceRequirement>,
}

/// How an item is answered.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum AnswerSpec {
    /// `ya` / `tidak`.
    YesNo,
    /// One letter among the options.
    Choice {
        /// The options, `a` first (best).
        options: Vec<ChoiceOption>,
    },
    /// Whole numbers for rows, combined by a formula.
    Counts {
        /// The rows.
        rows: Vec<CountRow>,
        /// The value formula, e.g. `min(b / a, 1)`.
        value: String,
    },
    /// A survey index on a scale (0..4).
    SurveyIndex {
        /// Lowest index.
        min: f64,
        /// Highest index.
        max: f64,
    },
}

/// An option of a choice item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    /// `a`..`e`.
    pub letter: char,
    /// What the option says.
    pub text: String,
}

/// A row of a counts item.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct CountRow {
    /// Row code, `a`..
    pub code: String,
    /// What is counted.
    pub label: String,
    /// Recorded for information only; the formula must not read it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub info: bool,
    /// When set, the row is computed from others and is not typed by users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A kind of data dukung an item requires, with what exactly to supply.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct EvidenceRequirement {
    /// One of the template's evidence kind codes.
    pub kind: String,
    /// What documents of this kind are expected.
    pub guidance: String,
    /// This item's rule when it differs from its kind's (an SK Rencana Kerja
    /// is yearly though most SKs last).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// A predicate (WBK, WBBM) with the conditions for proposing it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct PredicateDef {
    /// `wbk` or `wbbm`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Where the thresholds come from.
    pub source: String,
    /// Every condition must hold.
    pub conditions: Vec<ConditionDef>,
}

/// One condition of a predicate.
///
/// `scope` names a figure: `total`, a component (`A`, `B`), a part (`P`, `R`,
/// `H`), an area within a part (`H.1`), a sub-area (`H.1.i`), or
/// `each_change_area` (each of the six areas, Pemenuhan + Reform together).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct ConditionDef {
    /// The figure the condition is about.
    pub scope: String,
    /// Minimum in points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Minimum as a share of the figure's weight (0..1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_share: Option<f64>,
    /// Where this condition comes from, when it is not the predicate's own
    /// source (a condition added later, from another implementation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
