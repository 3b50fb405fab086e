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
use rusqlite::{OptionalExtension, Row, Transaction, params};
use serde::{Deserialize, Serialize};

pub use blobs::{BlobState, BlobStore};
pub use completeness::{Completeness, ItemCompleteness, KindStatus, ReviewTally, Share};
pub use import::{ImportOptions, ImportProgress, ImportReport, ImportedFile, SkippedFile};
pub use verify::{VerifyFinding, VerifyReport};

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::store::answers::Stamp;
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

const COLUMNS: &str =
    "e.id, e.item, e.kind, e.title, e.doc_date, e.file_name, e.source_path, e.size,
    e.media_type, e.sha256, e.added_by, e.added_at, e.review_status, e.review_note,
    COALESCE(b.state, 'missing'), e.reviewed_by, e.reviewed_at";

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
        reviewed_by: r.get(15)?,
        reviewed_at: r.get(16)?,
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
        self.ensure_blob_tx(tx, e.sha, e.size, e.fresh)?;
        let size = i64::try_from(e.size).unwrap_or(i64::MAX);
        let at = now();
        let inserted = tx.execute(
            "INSERT INTO evidence (assessment_id, item, kind, title, doc_date, file_name, source_path, source_mtime,
                                   size, media_type, sha256, added_by, added_at, from_packet)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
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
                e.added.map_or(self.actor(), |s| s.by),
                e.added.map_or(at.as_str(), |s| s.at),
                e.from_packet
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

    /// The files attached to an assessment (to one item when given), in LKE
    /// order, then by kind and title.
    pub fn evidence_list(&self, a: &Assessment, item: Option<ItemCode>) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM evidence e LEFT JOIN blob b ON b.sha256 = e.sha256
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
                    "SELECT {COLUMNS} FROM evidence e LEFT JOIN blob b ON b.sha256 = e.sha256
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
        crate::text::check_line("judul", &title).map_err(Error::Invalid)?;
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

    /// Detach a file. Once no evidence refers to its blob, the blob moves to
    /// the quarantine (a later `verify` deletes it).
    pub fn remove_evidence(&self, a: &Assessment, id: i64) -> Result<Evidence> {
        let old = self.evidence_by_id(a, id)?;
        let tx = self.write()?;
        tx.execute("DELETE FROM evidence WHERE id = ?1", [id])?;
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
        // Under the same lock that removed the row: nobody can attach the
        // same content in between, so "unused" is proved, not guessed.
        let moved = self.release_blobs_tx(&tx, &[old.sha256])?;
        self.commit_releasing(tx, &moved)?;
        Ok(old)
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

#[cfg(test)]
mod lifecycle_tests;
#[cfg(test)]
mod tests;

/// Writes inside a caller's transaction, for imports that must be all or
/// nothing (review packets).
impl Workspace {
    /// Set a file's review verdict (given by `stamp`'s author); returns
    /// whether it changed.
    pub(crate) fn set_review_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        evidence_id: i64,
        status: ReviewStatus,
        note: &str,
        stamp: Stamp<'_>,
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
            params![evidence_id, status.code(), note, stamp.by, stamp.at],
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

    /// Make an assessment's "tidak ada" marks exactly `marks` (made by
    /// `stamp`'s author).
    pub(crate) fn replace_absent_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        marks: &[(ItemCode, String, String)],
        stamp: Stamp<'_>,
    ) -> Result<()> {
        tx.execute(
            "DELETE FROM evidence_absent WHERE assessment_id = ?1",
            [assessment_id],
        )?;
        for (item, kind, reason) in marks {
            tx.execute(
                "INSERT INTO evidence_absent (assessment_id, item, kind, reason, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![assessment_id, item.to_string(), kind, reason, stamp.by, stamp.at],
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

impl Workspace {
    /// Detach a file inside the caller's transaction, logged as `action`
    /// (a packet withdrawing it); returns its hash for the caller to
    /// release once every row of the transaction is gone.
    pub(crate) fn detach_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        id: i64,
        item: ItemCode,
        sha: Sha256,
        action: &str,
    ) -> Result<()> {
        tx.execute("DELETE FROM evidence WHERE id = ?1", [id])?;
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "evidence",
                key: &format!("{item}/#{id}"),
                action,
                old: Some(sha.short(12)),
                new: None,
            },
        )
    }
}
