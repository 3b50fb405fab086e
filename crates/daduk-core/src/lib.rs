//! Daduk's domain and storage: the LKE template, scoring, the workspace store,
//! evidence files, reports and review packets.
//!
//! This crate knows nothing of Tauri, the UI or the command line; the `daduk`
//! CLI and the desktop app are two faces of the same API. Data flows one way:
//! files and answers in → store → scoring → report/packet out.

#![warn(missing_docs)]

pub mod answer;
pub mod code;
pub mod error;
pub mod evidence;
pub mod format;
pub mod hash;
pub mod job;
pub mod output;
pub mod overview;
pub mod packet;
pub mod plan;
pub mod portalrb;
pub mod progress;
pub mod references;
pub mod report;
pub mod scoring;
pub mod serverside;
pub(crate) mod sheet;
pub mod store;
pub mod sync;
pub mod template;
pub mod text;
pub mod textmatch;
pub mod viewer;

pub use answer::{AnswerError, AnswerValue, Role};
pub use code::{AreaCode, ItemCode, Part, SubAreaCode};
pub use error::{ConsentKind, Error, ErrorKind, Result, RowError, RowErrors};
pub use hash::Sha256;
pub use scoring::{Answers, ScoreCard, score};
pub use store::{Assessment, AssessmentStatus, NewUnit, Target, Unit, Workspace};
pub use template::{Template, TemplateError};
