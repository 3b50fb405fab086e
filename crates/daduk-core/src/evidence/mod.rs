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

use std::fs::File;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

pub use blobs::{BlobState, BlobStore};
pub use completeness::{Completeness, ItemCompleteness, KindStatus, ReviewTally, Share};
pub use import::{ImportOptions, ImportProgress, ImportReport, ImportedFile, SkippedFile};
pub use verify::{VerifyFinding, VerifyReport};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::store::audit::Change;
use crate::store::{Assessment, Workspace, now, parse_column};
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
}

const COLUMNS: &str =
    "e.id, e.item, e.kind, e.title, e.doc_date, e.file_name, e.source_path, e.size,
    e.media_type, e.sha256, e.added_by, e.added_at, e.review_status, e.review_note, b.state";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Evidence> {
    let date: Option<String> = r.get(4)?;
    let size: i64 = r.get(7)?;
    Ok(Evidence {
        id: r.get(0)?,
        item: parse_column(r, 1)?,
        kind: r.get(2)?,
        title: r.get(3)?,
        doc_date: date.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        file_name: r.get(5)?,
        source_path: r.get(6)?,
        size: u64::try_from(size).unwrap_or(0),
        media_type: r.get(8)?,
        sha256: parse_column(r, 9)?,
        added_by: r.get(10)?,
        added_at: r.get(11)?,
        review_status: match r.get::<_, String>(12)?.as_str() {
            "accepted" => ReviewStatus::Accepted,
            "rejected" => ReviewStatus::Rejected,
            _ => ReviewStatus::Pending,
        },
        review_note: r.get(13)?,
        state: match r.get::<_, String>(14)?.as_str() {
            "missing" => BlobState::Missing,
            "altered" => BlobState::Altered,
            _ => BlobState::Ok,
        },
    })
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

fn media_type(file_name: &str) -> String {
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

    /// Record an attached file whose blob is already stored. Returns its id,
    /// or `None` when the same content was already attached to the item.
    pub(crate) fn insert_evidence(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        e: &Attach<'_>,
    ) -> Result<Option<i64>> {
        let size = i64::try_from(e.size).unwrap_or(i64::MAX);
        let at = now();
        tx.execute(
            "INSERT INTO blob (sha256, size, added_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (sha256) DO UPDATE SET state = 'ok', checked_at = ?3",
            params![e.sha.to_hex(), size, at],
        )?;
        let inserted = tx.execute(
            "INSERT INTO evidence (assessment_id, item, kind, title, doc_date, file_name, source_path, source_mtime,
                                   size, media_type, sha256, added_by, added_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
             ON CONFLICT (assessment_id, item, sha256) DO NOTHING",
            params![
                assessment_id,
                e.item.to_string(),
                e.kind,
                e.title,
                e.doc_date.map(|d| d.to_string()),
                e.file_name,
                e.source_path,
                e.source_mtime,
                size,
                media_type(e.file_name),
                e.sha.to_hex(),
                self.actor(),
                at
            ],
        )?;
        if inserted == 0 {
            return Ok(None);
        }
        let id = tx.last_insert_rowid();
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "evidence",
                key: &format!("{}/#{id}", e.item),
                action: "add",
                old: None,
                new: Some(format!("{} {} {}", e.kind, e.file_name, e.sha.short(12))),
            },
        )?;
        Ok(Some(id))
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
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let (sha, size) = self
            .blobs()
            .ingest(file, &AtomicBool::new(false), &|_| {})
            .map_err(|e| match e {
                blobs::IngestError::Io(e) => Error::io(path, e),
                blobs::IngestError::Cancelled => Error::Invalid("dibatalkan".into()),
            })?;
        let title = title.map_or_else(|| file_stem(&file_name).to_string(), str::to_string);
        let tx = self.write()?;
        let id = self.insert_evidence(
            &tx,
            a.id,
            &Attach {
                item,
                kind: &kind,
                title: &title,
                doc_date,
                file_name: &file_name,
                source_path: None,
                source_mtime: None,
                size,
                sha,
            },
        )?;
        tx.commit()?;
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

    /// The files attached to an assessment (to one item when given), in LKE
    /// order, then by kind and title.
    pub fn evidence_list(&self, a: &Assessment, item: Option<ItemCode>) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM evidence e JOIN blob b ON b.sha256 = e.sha256
             WHERE e.assessment_id = ?1 AND (?2 IS NULL OR e.item = ?2)"
        ))?;
        let rows = stmt.query_map(params![a.id, item.map(|i| i.to_string())], from_row)?;
        let mut out: Vec<Evidence> = rows.collect::<Result<_, _>>()?;
        let template = self.template_of(a)?;
        let order: std::collections::HashMap<ItemCode, usize> = template
            .item_codes()
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
        out.sort_by(|x, y| {
            (order.get(&x.item), &x.kind, &x.title, x.id).cmp(&(
                order.get(&y.item),
                &y.kind,
                &y.title,
                y.id,
            ))
        });
        Ok(out)
    }

    /// One attached file by id.
    pub fn evidence_by_id(&self, a: &Assessment, id: i64) -> Result<Evidence> {
        self.conn()
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM evidence e JOIN blob b ON b.sha256 = e.sha256
                     WHERE e.assessment_id = ?1 AND e.id = ?2"
                ),
                params![a.id, id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| {
                Error::not_found(
                    "data dukung",
                    format!("#{id}"),
                    &format!(
                        "lihat daftar dengan `daduk evidence list --unit {} --year {}`",
                        a.unit, a.year
                    ),
                )
            })
    }

    /// Correct an attached file's kind, title or document date.
    pub fn update_evidence(
        &self,
        a: &Assessment,
        id: i64,
        changes: &EvidenceChanges,
    ) -> Result<Evidence> {
        let old = self.evidence_by_id(a, id)?;
        let template = self.template_of(a)?;
        let kind = changes
            .kind
            .as_deref()
            .map(|k| kind_code(&template, k))
            .transpose()?
            .unwrap_or(old.kind.clone());
        let title = changes
            .title
            .as_deref()
            .map(str::trim)
            .map(str::to_string)
            .unwrap_or(old.title.clone());
        if title.is_empty() {
            return Err(Error::Invalid(format!(
                "data dukung #{id}: judul tidak boleh kosong"
            )));
        }
        let doc_date = changes.doc_date.unwrap_or(old.doc_date);
        let tx = self.write()?;
        tx.execute(
            "UPDATE evidence SET kind = ?2, title = ?3, doc_date = ?4 WHERE id = ?1",
            params![id, kind, title, doc_date.map(|d| d.to_string())],
        )?;
        let describe = |k: &str, t: &str, d: Option<NaiveDate>| {
            format!(
                "{k} | {t} | {}",
                d.map(|d| d.to_string()).unwrap_or_default()
            )
        };
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "evidence",
                key: &format!("{}/#{id}", old.item),
                action: "update",
                old: Some(describe(&old.kind, &old.title, old.doc_date)),
                new: Some(describe(&kind, &title, doc_date)),
            },
        )?;
        tx.commit()?;
        self.evidence_by_id(a, id)
    }

    /// Detach a file. Its blob is deleted once no evidence refers to it.
    pub fn remove_evidence(&self, a: &Assessment, id: i64) -> Result<Evidence> {
        let old = self.evidence_by_id(a, id)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM evidence WHERE id = ?1", [id])?;
        let still_used: bool = tx
            .query_row(
                "SELECT 1 FROM evidence WHERE sha256 = ?1 LIMIT 1",
                [old.sha256.to_hex()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !still_used {
            tx.execute("DELETE FROM blob WHERE sha256 = ?1", [old.sha256.to_hex()])?;
        }
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "evidence",
                key: &format!("{}/#{id}", old.item),
                action: "remove",
                old: Some(format!(
                    "{} {} {}",
                    old.kind,
                    old.file_name,
                    old.sha256.short(12)
                )),
                new: None,
            },
        )?;
        tx.commit()?;
        if !still_used {
            // After the commit: a crash here leaves an unreferenced blob,
            // which the next verify collects, never a dangling reference.
            self.blobs()
                .remove(old.sha256)
                .map_err(|e| Error::io(self.blobs().path(old.sha256), e))?;
        }
        Ok(old)
    }

    /// Copy an attached file out of the store to `out`, checking its hash on
    /// the way; a damaged file is refused and nothing is left at `out`.
    pub fn export_evidence(&self, a: &Assessment, id: i64, out: &Path) -> Result<Evidence> {
        let e = self.evidence_by_id(a, id)?;
        let store = self.blobs();
        let mut src = store
            .open(e.sha256)
            .map_err(|err| Error::io(store.path(e.sha256), err))?;
        let tmp = out.with_extension("daduk-part");
        let result = (|| -> std::io::Result<Sha256> {
            let mut dst = File::create(&tmp)?;
            let mut hashing = HashingWriter::new(&mut dst);
            std::io::copy(&mut src, &mut hashing)?;
            let sha = hashing.finish();
            dst.sync_all()?;
            Ok(sha)
        })();
        match result {
            Ok(sha) if sha == e.sha256 => {
                std::fs::rename(&tmp, out).map_err(|err| Error::io(out, err))?;
                Ok(e)
            }
            Ok(_) => {
                let _ = std::fs::remove_file(&tmp);
                Err(Error::Invalid(format!(
                    "data dukung #{id} ({}) di ruang kerja sudah berubah (SHA-256 tidak cocok); jalankan `daduk verify` dan lampirkan ulang berkas aslinya",
                    e.file_name
                )))
            }
            Err(err) => {
                let _ = std::fs::remove_file(&tmp);
                Err(Error::io(out, err))
            }
        }
    }

    /// Record the reviewer's verdict on a file.
    pub fn review_evidence(
        &self,
        a: &Assessment,
        id: i64,
        status: ReviewStatus,
        note: &str,
    ) -> Result<Evidence> {
        let old = self.evidence_by_id(a, id)?;
        if status == ReviewStatus::Rejected && note.trim().is_empty() {
            return Err(Error::Invalid(format!(
                "data dukung #{id} ditolak: tulis alasannya di catatan"
            )));
        }
        let tx = self.write()?;
        tx.execute(
            "UPDATE evidence SET review_status = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
            params![id, status.code(), note.trim(), self.actor(), now()],
        )?;
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "evidence",
                key: &format!("{}/#{id}", old.item),
                action: "review",
                old: Some(format!("{} {}", old.review_status.code(), old.review_note)),
                new: Some(format!("{} {}", status.code(), note.trim())),
            },
        )?;
        tx.commit()?;
        self.evidence_by_id(a, id)
    }

    /// Mark a required kind of an item "tidak ada" with a reason; an empty
    /// reason removes the mark.
    pub fn mark_absent(
        &self,
        a: &Assessment,
        item: ItemCode,
        kind: &str,
        reason: &str,
    ) -> Result<()> {
        let template = self.template_of(a)?;
        let kind = kind_code(&template, kind)?;
        let Some(def) = template.item(item) else {
            return Err(Error::not_found("butir", item, ""));
        };
        if !def.evidence.iter().any(|r| r.kind == kind) {
            return Err(Error::Invalid(format!(
                "butir {item} tidak memerlukan data dukung jenis '{kind}'"
            )));
        }
        let tx = self.write()?;
        let old: Option<String> = tx
            .query_row(
                "SELECT reason FROM evidence_absent WHERE assessment_id = ?1 AND item = ?2 AND kind = ?3",
                params![a.id, item.to_string(), kind],
                |r| r.get(0),
            )
            .optional()?;
        let reason = reason.trim();
        if reason.is_empty() {
            tx.execute(
                "DELETE FROM evidence_absent WHERE assessment_id = ?1 AND item = ?2 AND kind = ?3",
                params![a.id, item.to_string(), kind],
            )?;
        } else {
            tx.execute(
                "INSERT INTO evidence_absent (assessment_id, item, kind, reason, marked_by, marked_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (assessment_id, item, kind) DO UPDATE SET reason = excluded.reason,
                   marked_by = excluded.marked_by, marked_at = excluded.marked_at",
                params![a.id, item.to_string(), kind, reason, self.actor(), now()],
            )?;
        }
        if old.as_deref() != Some(reason) && !(old.is_none() && reason.is_empty()) {
            self.log(
                &tx,
                Change {
                    assessment_id: Some(a.id),
                    entity: "absent",
                    key: &format!("{item}/{kind}"),
                    action: if reason.is_empty() { "clear" } else { "set" },
                    old,
                    new: (!reason.is_empty()).then(|| reason.to_string()),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every "tidak ada" mark of an assessment.
    pub fn absent_marks(&self, a: &Assessment) -> Result<Vec<AbsentMark>> {
        let mut stmt = self.conn().prepare(
            "SELECT item, kind, reason, marked_by, marked_at FROM evidence_absent WHERE assessment_id = ?1 ORDER BY item, kind",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            Ok(AbsentMark {
                item: parse_column(r, 0)?,
                kind: r.get(1)?,
                reason: r.get(2)?,
                marked_by: r.get(3)?,
                marked_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A writer that hashes what passes through it.
pub(crate) struct HashingWriter<W> {
    inner: W,
    hasher: sha2::Sha256,
}

impl<W: std::io::Write> HashingWriter<W> {
    pub(crate) fn new(inner: W) -> Self {
        use sha2::Digest;
        HashingWriter {
            inner,
            hasher: sha2::Sha256::new(),
        }
    }

    pub(crate) fn finish(self) -> Sha256 {
        use sha2::Digest;
        Sha256(self.hasher.finalize().into())
    }
}

impl<W: std::io::Write> std::io::Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests;

/// Writes inside a caller's transaction, for imports that must be all or
/// nothing (review packets).
impl Workspace {
    /// Set a file's review verdict; returns whether it changed.
    pub(crate) fn set_review_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        evidence_id: i64,
        status: ReviewStatus,
        note: &str,
    ) -> Result<bool> {
        let old: (String, String) = tx.query_row(
            "SELECT review_status, review_note FROM evidence WHERE id = ?1",
            [evidence_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if old.0 == status.code() && old.1 == note {
            return Ok(false);
        }
        tx.execute(
            "UPDATE evidence SET review_status = ?2, review_note = ?3, reviewed_by = ?4, reviewed_at = ?5 WHERE id = ?1",
            params![evidence_id, status.code(), note, self.actor(), now()],
        )?;
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "evidence",
                key: &format!("#{evidence_id}"),
                action: "review",
                old: Some(format!("{} {}", old.0, old.1)),
                new: Some(format!("{} {note}", status.code())),
            },
        )?;
        Ok(true)
    }

    /// Make an assessment's "tidak ada" marks exactly `marks`.
    pub(crate) fn replace_absent_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        marks: &[(ItemCode, String, String)],
    ) -> Result<()> {
        tx.execute(
            "DELETE FROM evidence_absent WHERE assessment_id = ?1",
            [assessment_id],
        )?;
        for (item, kind, reason) in marks {
            tx.execute(
                "INSERT INTO evidence_absent (assessment_id, item, kind, reason, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![assessment_id, item.to_string(), kind, reason, self.actor(), now()],
            )?;
        }
        Ok(())
    }

    /// The evidence id of a file attached to an item, if it is.
    pub(crate) fn evidence_id_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        item: ItemCode,
        sha: Sha256,
    ) -> Result<Option<i64>> {
        Ok(tx
            .query_row(
                "SELECT id FROM evidence WHERE assessment_id = ?1 AND item = ?2 AND sha256 = ?3",
                params![assessment_id, item.to_string(), sha.to_hex()],
                |r| r.get(0),
            )
            .optional()?)
    }
}
