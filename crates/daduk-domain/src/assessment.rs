//! Units and their assessments: who is assessed, for which predicate, in
//! which year, and where the assessment is in its life.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hash::Sha256;

/// The predicate a unit aims for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// Wilayah Bebas dari Korupsi.
    #[default]
    Wbk,
    /// Wilayah Birokrasi Bersih dan Melayani.
    Wbbm,
}

impl Target {
    /// `wbk` / `wbbm`, the predicate code in the template.
    pub fn code(self) -> &'static str {
        match self {
            Target::Wbk => "wbk",
            Target::Wbbm => "wbbm",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Target::Wbk => "WBK",
            Target::Wbbm => "WBBM",
        })
    }
}

impl FromStr for Target {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "wbk" => Ok(Target::Wbk),
            "wbbm" => Ok(Target::Wbbm),
            other => Err(Error::Invalid(format!(
                "target '{other}' tidak dikenal; pakai 'wbk' atau 'wbbm'"
            ))),
        }
    }
}

/// What is given to create or update a unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewUnit {
    /// Short code, e.g. `DINKES-BLL` (letters, digits, `.`, `-`, `_`).
    pub code: String,
    /// Full name of the unit.
    pub name: String,
    /// The instansi it belongs to.
    #[serde(default)]
    pub instansi: String,
    /// Code of the parent unit, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// Name of the head of the unit (Kepala Satuan Kerja).
    #[serde(default)]
    pub kepala_name: String,
    /// NIP of the head (18 digits).
    #[serde(default)]
    pub kepala_nip: String,
    /// Name of the leader of the Tim Kerja.
    #[serde(default)]
    pub ketua_name: String,
    /// NIP of the leader of the Tim Kerja.
    #[serde(default)]
    pub ketua_nip: String,
    /// The predicate it aims for.
    #[serde(default)]
    pub target: Target,
    /// Proposed under the afirmasi scheme (PortalRB kategori `WBK-AFIRMASI`).
    #[serde(default)]
    pub afirmasi: bool,
}

/// A unit as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Unit {
    /// Database id.
    pub id: i64,
    /// Short code.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Instansi.
    pub instansi: String,
    /// Parent unit code.
    pub parent: Option<String>,
    /// Head of the unit.
    pub kepala_name: String,
    /// NIP of the head.
    pub kepala_nip: String,
    /// Leader of the Tim Kerja.
    pub ketua_name: String,
    /// NIP of the leader.
    pub ketua_nip: String,
    /// Target predicate.
    pub target: Target,
    /// Proposed under the afirmasi scheme.
    pub afirmasi: bool,
    /// When it was created.
    pub created_at: String,
}

/// Check a unit code: 1–32 letters, digits, `.`, `-`, `_`.
pub fn check_unit_code(code: &str) -> Result<()> {
    match crate::unit_fields::code_problem(code) {
        None => Ok(()),
        Some(message) => Err(Error::Invalid(message)),
    }
}

/// Where an assessment is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum AssessmentStatus {
    /// The unit is still working on it.
    Draft,
    /// Sent to the evaluator.
    Submitted,
    /// Reviewed by the evaluator.
    Reviewed,
    /// Closed.
    Final,
}

impl AssessmentStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AssessmentStatus::Draft => "draft",
            AssessmentStatus::Submitted => "submitted",
            AssessmentStatus::Reviewed => "reviewed",
            AssessmentStatus::Final => "final",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            AssessmentStatus::Draft => "Draf",
            AssessmentStatus::Submitted => "Diajukan",
            AssessmentStatus::Reviewed => "Direviu",
            AssessmentStatus::Final => "Final",
        }
    }
}

impl fmt::Display for AssessmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for AssessmentStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "draft" => Ok(AssessmentStatus::Draft),
            "submitted" => Ok(AssessmentStatus::Submitted),
            "reviewed" => Ok(AssessmentStatus::Reviewed),
            "final" => Ok(AssessmentStatus::Final),
            other => Err(Error::Invalid(format!(
                "status '{other}' tidak dikenal; pakai draft, submitted, reviewed atau final"
            ))),
        }
    }
}

/// A unit's LKE for one year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Assessment {
    /// Database id.
    pub id: i64,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Year assessed.
    pub year: i32,
    /// The exact template it uses.
    pub template_sha256: Sha256,
    /// The template's id.
    pub template_id: String,
    /// Whether the template is an official one (shipped with Daduk); a
    /// packet's template the evaluator accepted explicitly is not, and says
    /// so wherever scores are shown.
    pub template_official: bool,
    /// Status.
    pub status: AssessmentStatus,
    /// When it was created.
    pub created_at: String,
}
