//! Evidence (data dukung): files attached to items, stored once by SHA-256,
//! with their kind, title, document date and the reviewer's verdict.

mod assign;
pub mod blobs;
mod completeness;
pub mod content;
mod import;
pub mod kind;
pub mod pathmap;
mod preview;
mod verify;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;

pub use blobs::{BlobState, BlobStore, Blobs};
pub use daduk_domain::evidence::{
    AbsentMark, Completeness, Evidence, EvidenceChanges, FileFact, ItemCompleteness, KindStatus,
    ReviewStatus, ReviewTally, Share, completeness, date_change, kind_code, parse_doc_date,
};
pub use import::{ImportOptions, ImportProgress, ImportReport, ImportedFile, SkippedFile};
pub use verify::{FindingRef, VerifyFinding, VerifyReport};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::store::answers::Stamp;
use crate::store::{Assessment, Workspace};

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

#[cfg(test)]
mod content_tests;
