//! PortalRB, KemenPANRB's portal that receives LKE answers: its question
//! list per evaluation year mapped to the template ([`mapping`]), the JSON
//! bodies of its integration API ([`api`]), kept apart from any
//! storage. The worksheet in PortalRB's Excel layout
//! ("Jawaban") is in `report::worksheet`.
//!
//! A workspace writes these bodies: `daduk_workspace::portalrb`.

pub mod api;
pub mod mapping;

pub use api::{JawabanSoal, JawabanUnit, ProposedUnit, UnitList};
pub use mapping::{Soal, SoalKind, SoalMap};
