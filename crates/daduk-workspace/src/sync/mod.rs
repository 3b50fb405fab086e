//! Syncing a workspace with a Daduk server (docs/server-protocol.md).
//!
//! An assessment on the server has two *sides*, each a packet manifest with
//! a version: the unit's (a submission: the unit's answers, notes, absent
//! marks, references, evidence metadata and plan) and the TPI's (a review:
//! TPI answers, notes and file verdicts). A workspace writes its own side
//! — the unit side from a unit's workspace, the TPI side from an
//! evaluator's (`Workspace::workspace_role`) — and reads the other.
//!
//! - [`build`]: a side's manifest from the workspace, without a zip.
//! - [`apply`]: a side written into the workspace through the checks of
//!   `packet import`; the unit side never writes TPI answers or verdicts,
//!   the TPI side never a unit answer.
//! - [`merge`]: the three-way merge per item when the server's side moved
//!   since the last sync (changed only there → taken; only here → kept;
//!   both, differently → kept here and recorded as a [`SyncConflict`]).
//! - [`engine`]: one sync run over a [`Remote`] (the HTTP client lives in
//!   the `daduk-sync` crate; core does no networking).
//!
//! The last agreed state of each side (version and manifest) is kept per
//! server, unit, year and side (`store/sync.rs`).

pub(crate) mod apply;
pub(crate) mod build;
mod engine;
pub(crate) mod merge;
mod sides;
mod tpn;
mod transfer;

#[cfg(test)]
mod tests;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use crate::answer::Role;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::packet::Manifest;

pub use engine::{SyncOptions, sync_role};

/// What a merge found changed here and on the server, differently.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncConflict {
    /// The side it is on.
    pub side: Role,
    /// What changed: `jawaban`, `data dukung`, `tidak ada`, `rujukan`,
    /// `rencana aksi`, `penilaian berkas`.
    pub what: String,
    /// Which one: the item code, `item/kind`, `item/hash`.
    pub key: String,
    /// As it was at the last sync.
    pub base: Option<String>,
    /// As it is here (kept, and sent to the server).
    pub local: Option<String>,
    /// As the server had it (not taken).
    pub remote: Option<String>,
}

/// How the other side's change that clashed came in.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ConflictOrigin {
    /// A packet (a review whose TPI value met a unit answer changed since
    /// the submission it judged).
    Packet,
    /// A sync with a server.
    Sync,
    /// A worksheet import.
    Worksheet,
}

impl ConflictOrigin {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ConflictOrigin::Packet => "packet",
            ConflictOrigin::Sync => "sync",
            ConflictOrigin::Worksheet => "worksheet",
        }
    }

    /// For people: `paket`, `sinkronisasi`, `lembar kerja`.
    pub fn label(self) -> &'static str {
        match self {
            ConflictOrigin::Packet => "paket",
            ConflictOrigin::Sync => "sinkronisasi",
            ConflictOrigin::Worksheet => "lembar kerja",
        }
    }

    pub(crate) fn parse(code: &str) -> ConflictOrigin {
        match code {
            "packet" => ConflictOrigin::Packet,
            "worksheet" => ConflictOrigin::Worksheet,
            _ => ConflictOrigin::Sync,
        }
    }
}

/// A conflict as the workspace keeps it until someone settles it, whichever
/// way it came (one table, one way to settle).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct KeptConflict {
    /// Its id (to settle it).
    pub id: i64,
    /// When it was found (RFC 3339).
    pub at: String,
    /// How the clashing change came.
    pub origin: ConflictOrigin,
    /// Where from: the server's address, or the packet's SHA-256.
    pub source: String,
    /// What it is.
    pub conflict: SyncConflict,
}

/// One assessment in the server's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Unit code.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// The unit side's version (0: never written).
    pub unit_version: i64,
    /// The TPI side's version (0: never written).
    pub tpi_version: i64,
    /// TPN's side's version (0: never written, or a server that keeps none).
    pub tpn_version: i64,
}

/// One assessment as the server holds it.
#[derive(Debug, Clone, Default)]
pub struct RemoteAssessment {
    /// The unit side's version (0: never written).
    pub unit_version: i64,
    /// The TPI side's version (0: never written).
    pub tpi_version: i64,
    /// The unit side, checked with `Manifest::parse`.
    pub unit_side: Option<Manifest>,
    /// The TPI side, checked with `Manifest::parse`.
    pub tpi_side: Option<Manifest>,
    /// TPN's side's version (0: never written).
    pub tpn_version: i64,
    /// TPN's side, checked with `Manifest::parse`.
    pub tpn_side: Option<Manifest>,
}

impl RemoteAssessment {
    /// A side's version and manifest.
    pub fn side(&self, side: Role) -> (i64, Option<&Manifest>) {
        match side {
            Role::Unit => (self.unit_version, self.unit_side.as_ref()),
            Role::Tpi => (self.tpi_version, self.tpi_side.as_ref()),
            Role::Tpn => (self.tpn_version, self.tpn_side.as_ref()),
        }
    }
}

/// What a push came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Stored as this version.
    Stored(i64),
    /// Someone else wrote the side first: it is at this version now.
    Conflict(i64),
}

/// The server, as a sync sees it. Every error is a clear Indonesian
/// message (`Error::Invalid`, or `Error::NotFound`); the HTTP client
/// implements it in `daduk-sync`, the tests in memory.
pub trait Remote: Sync {
    /// The assessments this token may read, with their sides' versions.
    fn list(&self) -> Result<Vec<Listed>>;
    /// One assessment (versions 0 and no sides when the server has none).
    fn assessment(&self, unit: &str, year: i32) -> Result<RemoteAssessment>;
    /// Write a side, if it is still at `base_version` there.
    fn push(
        &self,
        unit: &str,
        year: i32,
        side: Role,
        base_version: i64,
        manifest: &Manifest,
    ) -> Result<PushOutcome>;
    /// Whether the server stores this blob.
    fn has_blob(&self, sha: Sha256) -> Result<bool>;
    /// Of these blobs, those the server lacks (for this token), asked in
    /// one go; `None` when the server cannot answer that (ask per blob).
    fn missing_blobs(&self, _wanted: &[(Sha256, u64)]) -> Result<Option<Vec<Sha256>>> {
        Ok(None)
    }
    /// Upload the blob stored at `file` (resuming an unfinished upload).
    fn upload_blob(
        &self,
        sha: Sha256,
        size: u64,
        file: &Path,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> std::result::Result<(), UploadError>;
    /// The bytes of a blob, to be hashed on their way into the store.
    fn download_blob(&self, sha: Sha256, size: u64) -> Result<Box<dyn Read + '_>>;
}

/// Why a blob did not go up.
#[derive(Debug)]
pub enum UploadError {
    /// This file cannot go now (too large for the server, over the token's
    /// quota, being completed by another request, changed on the disk);
    /// the side's answers and its other files still go, without it.
    Blob(String),
    /// Nothing more can go (the network, the token, the server, a cancel):
    /// the sync of this assessment stops here.
    Fatal(Error),
}

impl std::fmt::Display for UploadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UploadError::Blob(why) => f.write_str(why),
            UploadError::Fatal(e) => e.fmt(f),
        }
    }
}

impl From<Error> for UploadError {
    fn from(e: Error) -> UploadError {
        UploadError::Fatal(e)
    }
}

/// Which step a sync is at, for progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum SyncStage {
    /// Asking the server what it has.
    Check,
    /// Sending files.
    Upload,
    /// Sending the side.
    Push,
    /// Receiving files.
    Download,
}

/// Progress of a sync.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncProgress {
    /// The step.
    pub stage: SyncStage,
    /// The assessment's unit.
    pub unit: String,
    /// Its year.
    pub year: i32,
    /// Bytes (or steps) done in this step.
    pub done: u64,
    /// Bytes (or steps) in all.
    pub total: u64,
}

/// What a sync did to one assessment.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AssessmentSync {
    /// Unit code.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// The workspace's own side was sent; its new version.
    pub pushed: Option<i64>,
    /// The other side was received (it had changed); its version.
    pub pulled: Option<i64>,
    /// TPN's side, recorded here, was sent; its new version.
    pub tpn_pushed: Option<i64>,
    /// Stages of the national evaluation written by what came from the
    /// server.
    pub tpn_stages_changed: usize,
    /// Things of the own side another workspace changed, taken from the
    /// server in a merge.
    pub merged_in: usize,
    /// Answers written by what came from the server.
    pub answers_changed: usize,
    /// Files attached or withdrawn by what came from the server.
    pub evidence_changed: usize,
    /// File verdicts written by what came from the server.
    pub verdicts_changed: usize,
    /// Files sent, and their bytes.
    pub uploaded: usize,
    /// Bytes sent.
    pub uploaded_bytes: u64,
    /// Files received, and their bytes.
    pub downloaded: usize,
    /// Bytes received.
    pub downloaded_bytes: u64,
    /// Texts of files read elsewhere, received and kept here (the files
    /// need not be read again).
    pub texts_received: usize,
    /// What changed here and there differently (kept here).
    pub conflicts: Vec<SyncConflict>,
    /// Worth knowing; did not stop the sync.
    pub warnings: Vec<String>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SyncReport {
    /// The server.
    pub server: String,
    /// The side this workspace writes.
    pub side: Option<Role>,
    /// Each assessment synced.
    pub assessments: Vec<AssessmentSync>,
    /// Assessments that could not be synced, with why; the others were.
    pub failed: Vec<String>,
}

/// The hash a manifest is known by: SHA-256 of its JSON as stored.
pub(crate) fn manifest_sha(json: &str) -> Sha256 {
    Sha256::of_bytes(json.as_bytes())
}
