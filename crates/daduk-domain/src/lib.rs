//! The rules of a Zona Integritas assessment (PermenPANRB 90/2021), as pure
//! functions: the LKE template and its validation, answers and their values,
//! scoring and the predicate's conditions, completeness of data dukung, the
//! plan's derived figures (due, done, late, on schedule), the side manifest
//! that carries one side of an assessment between computers, and PortalRB's
//! mapping. An [`Snapshot`] holds one assessment in memory; every rule reads
//! it (or the parts it needs).
//!
//! No SQLite, no file system, no clock: today is a parameter. The desktop's
//! workspace (`daduk-workspace`), the CLI and Daduk Server all call these same
//! functions, so a figure is the same wherever it is shown.

#![warn(missing_docs)]

pub mod answer;
pub mod assessment;
pub mod content;
pub mod error;
pub mod evidence;
pub mod format;
pub mod manifest;
pub mod names;
pub mod plan;
pub mod portalrb;
pub mod references;
pub mod scoring;
pub mod snapshot;
pub mod template;
pub mod text;
pub mod textmatch;
pub mod tpn;
pub mod unit_fields;
pub mod years;

pub use daduk_wire::{code, hash};

pub use answer::{AnswerError, AnswerValue, Role};
pub use assessment::{AssessmentStatus, Target};
pub use code::{AreaCode, ItemCode, Part, SubAreaCode};
pub use error::{Error, Result, RowError, RowErrors};
pub use hash::Sha256;
pub use scoring::{Answers, ScoreCard, score};
pub use snapshot::Snapshot;
pub use template::{Template, TemplateError};
