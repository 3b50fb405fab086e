//! The desktop's workspace: the SQLite store and its migrations, the blob
//! store, folder import, verify, the audit log, reports and worksheets,
//! packets and the sync engine. The rules it applies are `daduk-domain`'s
//! (re-exported here under the paths this crate's code always used);
//! spreadsheets are read, and their layouts read and written, by
//! `daduk-sheet`; documents are drawn by `daduk-doc`.
//!
//! This crate knows nothing of Tauri, the UI or the command line; the `daduk`
//! CLI and the desktop app are two faces of the same API. Data flows one way:
//! outside input → checked change → store → snapshot → rules → outputs.

#![warn(missing_docs)]

pub mod answer;
pub mod error;
pub mod evidence;
mod exchange;
pub mod job;
pub mod output;
pub mod overview;
pub mod packet;
pub mod plan;
pub mod portalrb;
pub mod progress;
pub mod report;
pub(crate) use daduk_sheet as sheet;
mod load_snapshot;
pub mod store;
pub mod sync;
pub mod template;
pub mod viewer;
/// A unit year after year: the domain's rules and the workspace's carry-over.
pub mod years {
    pub use crate::store::years::CarryOver;
    pub use daduk_domain::years::*;
}

// The domain's rules and the wire's vocabulary, under the paths the
// workspace's code has always used.
pub use daduk_domain::{
    assessment, code, format, hash, manifest, references, scoring, snapshot, text, textmatch, tpn,
};

pub use answer::{AnswerError, AnswerValue, Role};
pub use code::{AreaCode, ItemCode, Part, SubAreaCode};
pub use error::{ConsentKind, Error, ErrorKind, Result, RowError, RowErrors};
pub use hash::Sha256;
pub use scoring::{Answers, ScoreCard, score};
pub use store::{Assessment, AssessmentStatus, NewUnit, Target, Unit, Workspace};
pub use template::{Template, TemplateError};
