//! Review packets: one self-contained, verifiable bundle per assessment that
//! opens with or without the app.
//!
//! A *submission* carries the unit's answers, notes and files in LKE order
//! with a report, a worksheet and an index page; a *review* carries the
//! evaluator's answers, notes and file verdicts back. Both are described by
//! `manifest.json`, signed with the exporting workspace's ed25519 key, and
//! hashed in `SHA256SUMS` for `sha256sum -c`.
//!
//! A packet is untrusted input: [`source`] refuses hostile shapes before any
//! content is read, [`check`] verifies every byte, and an import writes
//! nothing unless all of it checks out.

mod check;
pub(crate) mod export;
mod html;
pub(crate) mod import;
pub use daduk_domain::{manifest, names};
pub mod sign;
pub mod source;
pub(crate) mod standing;
pub(crate) mod texts;

pub use check::{Finding, FindingKind, PacketCheck, verify_packet};
pub use export::{ExportOptions, ExportReport};
pub use import::{Conflict, Consent, ImportPacketOptions, PacketImportReport};
pub use manifest::{Manifest, PacketKind};
pub use standing::{LookAlike, PacketStanding};

#[cfg(test)]
mod own_tests;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod trust_tests;
