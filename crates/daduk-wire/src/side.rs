//! The side of an assessment and its year: one validation each.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A side of an assessment: who answers, the unit itself (penilaian
/// mandiri), the internal evaluator (TPI), or KemenPANRB's national
/// evaluator (TPN), whose result comes back after the proposal.
/// `unit` / `tpi` / `tpn` on the wire.
///
/// Unit and TPI are the two roles a workspace or a server token can have
/// ([`Side::ROLES`]); TPN's side is recorded by either of them from the
/// LHE it received, never written by a TPN of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
// The front end has always called it `Role`.
// (A container rename changes no JSON: unit variants are plain strings.)
#[serde(rename = "Role")]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The unit's own answers (Tim Kerja).
    Unit,
    /// The internal evaluator (Tim Penilai Internal).
    Tpi,
    /// The national evaluator (Tim Penilai Nasional, KemenPANRB): its
    /// values and notes from the LHE, recorded in a unit's or TPI's workspace.
    Tpn,
}

impl Side {
    /// Every side, unit first, TPN last.
    pub const ALL: [Side; 3] = [Side::Unit, Side::Tpi, Side::Tpn];
    /// The roles a workspace or a server token has: unit and TPI.
    pub const ROLES: [Side; 2] = [Side::Unit, Side::Tpi];

    /// `unit` or `tpi`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Unit => "unit",
            Side::Tpi => "tpi",
            Side::Tpn => "tpn",
        }
    }

    /// Label for people: `Unit` / `TPI`.
    pub fn label(self) -> &'static str {
        match self {
            Side::Unit => "Unit",
            Side::Tpi => "TPI",
            Side::Tpn => "TPN",
        }
    }
}

impl Side {
    /// Who writes it, for people: `Tim Kerja unit`, `penilai (TPI)`,
    /// `hasil TPN` (recorded by either).
    pub fn writer(self) -> &'static str {
        match self {
            Side::Unit => "Tim Kerja unit",
            Side::Tpi => "penilai (TPI)",
            Side::Tpn => "hasil TPN",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "unit" => Ok(Side::Unit),
            "tpi" => Ok(Side::Tpi),
            "tpn" => Ok(Side::Tpn),
            other => Err(format!(
                "peran '{other}' tidak dikenal; pakai 'unit', 'tpi' atau 'tpn'"
            )),
        }
    }
}

/// An assessment year: 2000 to 2100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(try_from = "i32", into = "i32")]
pub struct Year(i32);

impl Year {
    /// The first year accepted.
    pub const MIN: i32 = 2000;
    /// The last year accepted.
    pub const MAX: i32 = 2100;

    /// A year, or why it is not one (Indonesian).
    pub fn new(year: i32) -> Result<Year, String> {
        if (Year::MIN..=Year::MAX).contains(&year) {
            Ok(Year(year))
        } else {
            Err(format!(
                "tahun {year} tidak sah: pakai tahun {} sampai {}",
                Year::MIN,
                Year::MAX
            ))
        }
    }

    /// The number.
    pub fn get(self) -> i32 {
        self.0
    }
}

impl TryFrom<i32> for Year {
    type Error = String;
    fn try_from(year: i32) -> Result<Year, String> {
        Year::new(year)
    }
}

impl From<Year> for i32 {
    fn from(y: Year) -> i32 {
        y.0
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::str::FromStr for Year {
    type Err = String;
    fn from_str(s: &str) -> Result<Year, String> {
        let t = s.trim();
        let n: i32 = t
            .parse()
            .map_err(|_| format!("tahun '{t}' bukan angka: tulis misalnya 2026"))?;
        Year::new(n)
    }
}
