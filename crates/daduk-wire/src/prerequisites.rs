//! The instansi's prerequisites for proposing units (opini BPK, SAKIP,
//! Indeks RB, maturitas SPIP, …): recorded per year by the admin
//! (`PUT /api/v1/admin/prerequisites/{year}`), shown with what they meet
//! (`GET` the same path), and named on a proposal when missing.

use serde::{Deserialize, Serialize};

/// The most values one `PUT` may carry.
pub const MAX_PREREQUISITE_VALUES: usize = 64;

/// `PUT /api/v1/admin/prerequisites/{year}`: the values recorded (each
/// code once; codes not named keep their recorded value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PutPrerequisites {
    /// The values.
    pub values: Vec<PrerequisiteInput>,
}

/// One recorded value, as text (`WTP`, `3`, `BB`, `78,5`, `ya`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrerequisiteInput {
    /// The prerequisite's code (`opini_bpk`, `maturitas_spip`, …).
    pub code: String,
    /// The value.
    pub value: String,
    /// A note (e.g. the report it comes from).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// A document reference (number of the LHP, the letter, a link).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub document: String,
}

/// A prerequisite missing or not met for a predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingPrerequisite {
    /// Code.
    pub code: String,
    /// Indonesian label.
    pub label: String,
    /// Why (Indonesian): not recorded, or the value and what is needed.
    pub why: String,
}

/// One prerequisite of a year with its recorded value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrerequisiteStatus {
    /// Code.
    pub code: String,
    /// Indonesian label.
    pub label: String,
    /// What values are allowed (Indonesian).
    pub allowed: String,
    /// The recorded value, if any.
    pub value: Option<String>,
    /// Its note.
    #[serde(default)]
    pub note: String,
    /// Its document reference.
    #[serde(default)]
    pub document: String,
    /// Who recorded it (token label and role).
    pub recorded_by: Option<String>,
    /// When (RFC 3339).
    pub recorded_at: Option<String>,
    /// Met for WBK; `None` when the rules set no threshold for WBK.
    pub met_wbk: Option<bool>,
    /// Met for WBBM; `None` when the rules set no threshold for WBBM.
    pub met_wbbm: Option<bool>,
    /// Where the rule comes from.
    pub source: String,
}

/// `GET /api/v1/admin/prerequisites/{year}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrerequisitesOfYear {
    /// The year.
    pub year: i32,
    /// The rules' id (`zi-2021-prasyarat`).
    pub rules: String,
    /// The rules' source.
    pub source: String,
    /// Each prerequisite, in the rules' order.
    pub items: Vec<PrerequisiteStatus>,
    /// Missing or not met for a WBK (and WBK afirmasi) proposal.
    pub missing_wbk: Vec<MissingPrerequisite>,
    /// Missing or not met for a WBBM proposal.
    pub missing_wbbm: Vec<MissingPrerequisite>,
}
