//! Evidence (data dukung): files attached to items, stored once by SHA-256,
//! with their kind, title, document date and the reviewer's verdict.

mod assign;
pub mod blobs;
mod completeness;
mod import;
pub mod kind;
pub mod pathmap;
mod preview;
mod verify;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use blobs::{BlobState, BlobStore, Blobs};
pub use completeness::{Completeness, ItemCompleteness, KindStatus, ReviewTally, Share};
pub use import::{ImportOptions, ImportProgress, ImportReport, ImportedFile, SkippedFile};
pub use verify::{FindingRef, VerifyFinding, VerifyReport};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::store::answers::Stamp;
use crate::store::{Assessment, Workspace};
use crate::template::Template;

/// The reviewer's verdict on a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ReviewStatus {
    /// Belum diperiksa.
    Pending,
    /// Diterima.
    Accepted,
    /// Ditolak (with a note).
    Rejected,
}

impl ReviewStatus {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "pending",
            ReviewStatus::Accepted => "accepted",
            ReviewStatus::Rejected => "rejected",
        }
    }

    /// Label for people.
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Pending => "belum diperiksa",
            ReviewStatus::Accepted => "diterima",
            ReviewStatus::Rejected => "ditolak",
        }
    }
}

impl std::str::FromStr for ReviewStatus {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_lowercase().replace(' ', "_").as_str() {
            "pending" | "belum" | "belum_diperiksa" => Ok(ReviewStatus::Pending),
            "accepted" | "diterima" | "terima" => Ok(ReviewStatus::Accepted),
            "rejected" | "ditolak" | "tolak" => Ok(ReviewStatus::Rejected),
            other => Err(Error::Invalid(format!(
                "status periksa '{other}' tidak dikenal; pakai diterima, ditolak atau belum"
            ))),
        }
    }
}

/// A file attached to an item.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Evidence {
    /// Id within the workspace.
    pub id: i64,
    /// The item it supports.
    pub item: ItemCode,
    /// Evidence kind code (`undangan`, `sk`, ...).
    pub kind: String,
    /// Title.
    pub title: String,
    /// The document's own date (tanggal dokumen), `YYYY-MM-DD`.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub doc_date: Option<NaiveDate>,
    /// The original file name.
    pub file_name: String,
    /// Where it came from, relative to an imported folder (for information;
    /// never read again).
    pub source_path: Option<String>,
    /// Size in bytes.
    pub size: u64,
    /// Media type, e.g. `application/pdf`.
    pub media_type: String,
    /// SHA-256 of the content.
    pub sha256: Sha256,
    /// Who added it.
    pub added_by: String,
    /// When (RFC 3339).
    pub added_at: String,
    /// The reviewer's verdict.
    pub review_status: ReviewStatus,
    /// The reviewer's note.
    pub review_note: String,
    /// Who gave the verdict.
    pub reviewed_by: Option<String>,
    /// When.
    pub reviewed_at: Option<String>,
    /// What the last look at the stored file found.
    pub state: BlobState,
}

/// What may be changed on an attached file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EvidenceChanges {
    /// New kind.
    pub kind: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New document date; `Some(None)` clears it.
    pub doc_date: Option<Option<NaiveDate>>,
}

/// A required kind marked "tidak ada" with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AbsentMark {
    /// The item.
    pub item: ItemCode,
    /// The kind.
    pub kind: String,
    /// Why there is none.
    pub reason: String,
    /// Who marked it.
    pub marked_by: String,
    /// When.
    pub marked_at: String,
}

/// Metadata of a file being attached.
#[derive(Debug, Clone)]
pub(crate) struct Attach<'a> {
    pub item: ItemCode,
    pub kind: &'a str,
    pub title: &'a str,
    pub doc_date: Option<NaiveDate>,
    pub file_name: &'a str,
    pub source_path: Option<&'a str>,
    pub source_mtime: Option<i64>,
    pub size: u64,
    pub sha: Sha256,
    /// The blob's bytes were just hashed on their way into the store.
    pub fresh: bool,
    /// Who attached it and when, when not this workspace's user now.
    pub added: Option<Stamp<'a>>,
    /// It came in a unit's packet (a later packet may withdraw it).
    pub from_packet: bool,
}

/// The kind code `text` names in `template` (`Daftar Hadir`, `daftar-hadir`
/// and `daftar_hadir` are the same).
pub fn kind_code(template: &Template, text: &str) -> Result<String> {
    let code = text.trim().to_lowercase().replace([' ', '-'], "_");
    match template.evidence_kind(&code) {
        Some(k) => Ok(k.code.clone()),
        None => {
            let known: Vec<&str> = template
                .doc()
                .evidence_kinds
                .iter()
                .map(|k| k.code.as_str())
                .collect();
            Err(Error::Invalid(format!(
                "jenis data dukung '{text}' tidak dikenal; pilih salah satu: {}",
                known.join(", ")
            )))
        }
    }
}

/// Parse a document date `YYYY-MM-DD`.
pub fn parse_doc_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Invalid(format!(
            "tanggal dokumen '{text}' tidak sah; tulis TTTT-BB-HH, misalnya 2024-03-30"
        ))
    })
}

pub(crate) fn media_type(file_name: &str) -> String {
    mime_guess::from_path(file_name)
        .first_or_octet_stream()
        .essence_str()
        .to_string()
}

fn file_stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

impl Workspace {
    /// The workspace's file store.
    pub fn blobs(&self) -> BlobStore {
        BlobStore::new(self.root())
    }

    /// Attach one file to an item: copy it into the store, then record it.
    /// Returns the evidence and whether it is new (the same content already
    /// attached to the item is not added twice).
    pub fn add_evidence_file(
        &self,
        a: &Assessment,
        item: ItemCode,
        path: &Path,
        kind: Option<&str>,
        title: Option<&str>,
        doc_date: Option<NaiveDate>,
    ) -> Result<(Evidence, bool)> {
        self.writable()?;
        let template = self.template_of(a)?;
        let Some(item_def) = template.item(item) else {
            return Err(Error::not_found(
                "butir",
                item,
                &format!("templat {} tidak memuatnya", template.id()),
            ));
        };
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "{}: nama berkas harus teks UTF-8 yang sah; ganti namanya",
                    path.display()
                ))
            })?
            .to_string();
        crate::text::check_line("nama berkas", &file_name).map_err(Error::Invalid)?;
        if let Some(t) = title {
            crate::text::check_line("judul", t).map_err(Error::Invalid)?;
        }
        let kind = match kind {
            Some(k) => kind_code(&template, k)?,
            None => kind::guess_kind(&template, Some(item_def), &file_name),
        };
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::Invalid(format!(
                "{}: bukan berkas biasa",
                path.display()
            )));
        }
        if let Some(reason) = self.too_large_for_volume(meta.len()) {
            return Err(Error::Invalid(format!("{}: {reason}", path.display())));
        }
        let file = import::open_regular(path).map_err(|e| Error::io(path, e))?;
        let stored = self
            .blobs()
            .ingest(file, &AtomicBool::new(false), &|_| {})
            .map_err(|e| match e {
                blobs::IngestError::Io(e) => Error::io(path, e),
                blobs::IngestError::Cancelled => Error::Invalid("dibatalkan".into()),
            })?;
        let sha = stored.sha;
        let title = title.map_or_else(|| file_stem(&file_name).to_string(), str::to_string);
        let attach = Attach {
            item,
            kind: &kind,
            title: &title,
            doc_date,
            file_name: &file_name,
            source_path: None,
            source_mtime: None,
            size: stored.size,
            sha,
            fresh: stored.placed,
            added: None,
            from_packet: false,
        };
        let id = self
            .write()
            .and_then(|tx| {
                let id = self.insert_evidence(&tx, a.id, &attach)?;
                tx.commit()?;
                Ok(id)
            })
            .inspect_err(|_| {
                if stored.created {
                    let _ = self.release_blobs(&[sha]);
                }
            })?;
        match id {
            Some(id) => Ok((self.evidence_by_id(a, id)?, true)),
            None => {
                let existing = self
                    .evidence_list(a, Some(item))?
                    .into_iter()
                    .find(|e| e.sha256 == sha)
                    .ok_or_else(|| Error::not_found("data dukung", sha.short(12), ""))?;
                Ok((existing, false))
            }
        }
    }

    /// Copy an attached file out of the store to `out`, checking its hash on
    /// the way; a damaged file is refused and nothing is left at `out`. An
    /// existing `out` is replaced only when `force`.
    pub fn export_evidence(
        &self,
        a: &Assessment,
        id: i64,
        out: &Path,
        force: bool,
    ) -> Result<Evidence> {
        let e = self.evidence_by_id(a, id)?;
        let store = self.blobs();
        let mut src = store
            .open(e.sha256)
            .map_err(|err| Error::io(store.path(e.sha256), err))?;
        let mut dst = crate::output::AtomicFile::create(
            out,
            crate::output::Target {
                force,
                workspace: Some(self.root()),
            },
        )?;
        let mut hashing = crate::hash::HashingWriter::new(dst.file());
        std::io::copy(&mut src, &mut hashing).map_err(|err| Error::io(out, err))?;
        if hashing.finish().0 != e.sha256 {
            return Err(Error::Invalid(format!(
                "data dukung #{id} ({}) di ruang kerja sudah berubah (SHA-256 tidak cocok); jalankan `daduk verify` dan lampirkan ulang berkas aslinya",
                e.file_name
            )));
        }
        dst.commit()?;
        Ok(e)
    }
}

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;
