//! PortalRB, KemenPANRB's portal that receives LKE answers: its question
//! list per evaluation year mapped to the template ([`mapping`]), the JSON
//! bodies of its integration API ([`api`]), and those bodies for a
//! workspace's assessments. The worksheet in PortalRB's Excel layout
//! ("Jawaban") is in `report::worksheet`.
//!
//! ```no_run
//! # fn main() -> daduk_core::Result<()> {
//! use daduk_core::{Target, Workspace};
//! let ws = Workspace::open("ruang-kerja".as_ref(), "tim")?;
//! let a = ws.assessment("DINKES-BLL", 2026)?;
//! let body = ws.portalrb_jawaban(&a)?;
//! let target = daduk_core::output::Target { force: false, workspace: Some(ws.root()) };
//! daduk_core::portalrb::write_json("jawaban.json".as_ref(), &body, target)?;
//! let wbk = ws.portalrb_units(2026, Target::Wbk)?;
//! # Ok(()) }
//! ```

pub mod api;
pub mod mapping;
mod workspace;

pub use api::{JawabanSoal, JawabanUnit, ProposedUnit, UnitList};
pub use mapping::{Soal, SoalKind, SoalMap};
pub use workspace::write_json;

#[cfg(test)]
mod tests;
