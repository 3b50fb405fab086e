//! The evidence rows: attached files, their verdicts, "tidak ada" marks and
//! where imported files came from. The domain types live in `evidence`.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use std::collections::HashMap;

use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::evidence::{
    AbsentMark, Attach, BlobState, Evidence, EvidenceChanges, FindingRef, ReviewStatus, kind_code,
    media_type,
};
use crate::hash::Sha256;
use crate::store::answers::Stamp;
use crate::store::audit::Change;
use crate::store::{Assessment, Workspace, now, parse_column};

const COLUMNS: &str =
    "e.id, e.item, e.kind, e.title, e.doc_date, e.file_name, e.source_path, e.size,
    e.media_type, e.sha256, e.added_by, e.added_at, e.review_status, e.review_note,
    COALESCE(b.state, 'missing'), e.reviewed_by, e.reviewed_at,
    EXISTS (SELECT 1 FROM evidence_assignment x WHERE x.assessment_id = e.assessment_id
            AND x.source_path = e.source_path AND x.item = e.item AND x.by_content = 1),
    e.carried_from, e.valid_until";

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
        placed_by_content: r.get(17)?,
        carried_from: r.get(18)?,
        valid_until: r
            .get::<_, Option<String>>(19)?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
        expired: None,
    })
}

/// A carried file's expiry in `a`'s year (only carried files are flagged: a
/// file attached this year is this year's document).
fn with_expiry(template: &crate::template::Template, a: &Assessment, mut e: Evidence) -> Evidence {
    if e.carried_from.is_some() {
        e.expired = crate::years::expired(template, e.item, &e.kind, e.valid_until, a.year);
    }
    e
}

impl Workspace {
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

    /// The files attached to an assessment (to one item when given), in LKE
    /// order, then by kind and title.
    pub fn evidence_list(&self, a: &Assessment, item: Option<ItemCode>) -> Result<Vec<Evidence>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM evidence e LEFT JOIN blob b ON b.sha256 = e.sha256
             WHERE e.assessment_id = ?1 AND (?2 IS NULL OR e.item = ?2)"
        ))?;
        let rows = stmt.query_map(params![a.id, item.map(|i| i.to_string())], from_row)?;
        let template = self.template_of(a)?;
        let mut out: Vec<Evidence> = rows
            .map(|r| r.map(|e| with_expiry(&template, a, e)))
            .collect::<Result<_, _>>()?;
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
            .map(|e| Ok::<_, Error>(with_expiry(&self.template_of(a)?, a, e)))
            .transpose()?
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
        let valid_until = changes.valid_until.unwrap_or(old.valid_until);
        let tx = self.write()?;
        tx.execute(
            "UPDATE evidence SET kind = ?2, title = ?3, doc_date = ?4, valid_until = ?5 WHERE id = ?1",
            params![
                id,
                kind,
                title,
                doc_date.map(|d| d.to_string()),
                valid_until.map(|d| d.to_string())
            ],
        )?;
        let describe = |k: &str, t: &str, d: Option<NaiveDate>, until: Option<NaiveDate>| {
            let mut s = format!(
                "{k} | {t} | {}",
                d.map(|d| d.to_string()).unwrap_or_default()
            );
            if let Some(until) = until {
                s.push_str(&format!(" | berlaku sampai {until}"));
            }
            s
        };
        self.log(
            &tx,
            Change {
                assessment_id: Some(a.id),
                entity: "evidence",
                key: &format!("{}/#{id}", old.item),
                action: "update",
                old: Some(describe(
                    &old.kind,
                    &old.title,
                    old.doc_date,
                    old.valid_until,
                )),
                new: Some(describe(&kind, &title, doc_date, valid_until)),
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

    /// Record the reviewer's verdict on a file.
    pub fn review_evidence(
        &self,
        a: &Assessment,
        id: i64,
        status: ReviewStatus,
        note: &str,
    ) -> Result<Evidence> {
        let old = self.evidence_by_id(a, id)?;
        let note = crate::text::lines(&format!("catatan periksa data dukung #{id}"), note)
            .map_err(Error::Invalid)?;
        let note = note.as_str();
        if status == ReviewStatus::Rejected && note.is_empty() {
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
        let reason = crate::text::lines(&format!("alasan 'tidak ada' {kind} butir {item}"), reason)
            .map_err(Error::Invalid)?;
        let reason = reason.as_str();
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
        crate::text::check_lines(&format!("catatan periksa data dukung #{evidence_id}"), note)
            .map_err(Error::Invalid)?;
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

    /// Make an assessment's "tidak ada" marks exactly `marks`, whichever
    /// way they came (a packet, a sync): a mark already here with the same
    /// reason keeps who made it and when; a new or changed one is
    /// `stamp`'s; one no longer listed goes. Returns whether anything
    /// changed.
    pub(crate) fn replace_absent_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        marks: &[(ItemCode, String, String)],
        stamp: Stamp<'_>,
    ) -> Result<bool> {
        for (item, kind, reason) in marks {
            crate::text::check_lines(&format!("alasan 'tidak ada' {kind} butir {item}"), reason)
                .map_err(Error::Invalid)?;
        }
        let wanted: std::collections::BTreeSet<(String, String, String)> = marks
            .iter()
            .map(|(i, k, r)| (i.to_string(), k.clone(), r.clone()))
            .collect();
        let here: std::collections::BTreeSet<(String, String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT item, kind, reason FROM evidence_absent WHERE assessment_id = ?1",
            )?;
            stmt.query_map([assessment_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()?
        };
        for (item, kind, _) in here.difference(&wanted) {
            tx.execute(
                "DELETE FROM evidence_absent WHERE assessment_id = ?1 AND item = ?2 AND kind = ?3",
                params![assessment_id, item, kind],
            )?;
        }
        for (item, kind, reason) in wanted.difference(&here) {
            tx.execute(
                "INSERT INTO evidence_absent (assessment_id, item, kind, reason, marked_by, marked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![assessment_id, item, kind, reason, stamp.by, stamp.at],
            )?;
        }
        Ok(here != wanted)
    }

    /// Attach every file a side lists (a file already attached to its item
    /// is left as it is), stamped with who added it when the side says so,
    /// else with the side's `sender`. `fresh` are the blobs just hashed on
    /// their way in; `from_packet` marks files a unit's side brought into
    /// another workspace. Returns how many were new.
    pub(crate) fn take_listed_files_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        m: &crate::packet::Manifest,
        sender: Stamp<'_>,
        fresh: &std::collections::HashSet<Sha256>,
        from_packet: bool,
    ) -> Result<usize> {
        let mut added = 0;
        for e in &m.evidence {
            let doc_date = e
                .doc_date
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
            let stamp = match (&e.added_by, &e.added_at) {
                (Some(by), Some(at)) => Stamp { by, at },
                _ => sender,
            };
            let id = self.insert_evidence(
                tx,
                assessment_id,
                &crate::evidence::Attach {
                    item: e.item,
                    kind: &e.kind,
                    title: &e.title,
                    doc_date,
                    file_name: &e.file_name,
                    source_path: None,
                    source_mtime: None,
                    size: e.size,
                    sha: e.sha256,
                    fresh: fresh.contains(&e.sha256),
                    added: Some(stamp),
                    from_packet,
                },
            )?;
            added += usize::from(id.is_some());
        }
        Ok(added)
    }

    /// Withdraw the files a side no longer lists: of the files here, those
    /// the side speaks for (`speaks_for(from_packet)`: files a unit's side
    /// brought in an evaluator's workspace, every file in a unit's own)
    /// that it does not list by item and content. Returns their hashes
    /// (their blobs are released by the caller once the write commits).
    pub(crate) fn withdraw_unlisted_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        listed: &std::collections::HashSet<(ItemCode, Sha256)>,
        speaks_for: impl Fn(bool) -> bool,
    ) -> Result<Vec<Sha256>> {
        let mut withdrawn = Vec::new();
        for (id, item, sha, from_packet) in self.evidence_keys_tx(tx, assessment_id)? {
            if speaks_for(from_packet) && !listed.contains(&(item, sha)) {
                self.detach_tx(tx, assessment_id, id, item, sha, "withdraw")?;
                withdrawn.push(sha);
            }
        }
        Ok(withdrawn)
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

impl Workspace {
    /// Source paths already imported: path → (item, size, mtime).
    pub(crate) fn imported_sources(
        &self,
        a: &Assessment,
    ) -> Result<HashMap<String, (ItemCode, u64, Option<i64>)>> {
        let mut stmt = self.conn().prepare(
            "SELECT source_path, item, size, source_mtime FROM evidence WHERE assessment_id = ?1 AND source_path IS NOT NULL
             UNION ALL
             SELECT source_path, item, size, source_mtime FROM evidence_source WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([a.id], |r| {
            let size: i64 = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                (
                    parse_column(r, 1)?,
                    u64::try_from(size).unwrap_or(0),
                    r.get(3)?,
                ),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn note_source(
        &self,
        tx: &Transaction<'_>,
        a: &Assessment,
        item: ItemCode,
        sha: Sha256,
        rel: &str,
        mtime: Option<i64>,
    ) -> Result<()> {
        tx.execute(
            "INSERT OR REPLACE INTO evidence_source (assessment_id, source_path, item, sha256, size, source_mtime)
             SELECT ?1, ?2, ?3, ?4, size, ?5 FROM blob WHERE sha256 = ?4",
            params![a.id, rel, item.to_string(), sha.to_hex(), mtime],
        )?;
        Ok(())
    }

    /// The files whose content is `sha` (within one assessment when
    /// `scope` is given), read without the index a damaged workspace may
    /// have wrong.
    pub(crate) fn evidence_refs(
        &self,
        sha: Sha256,
        scope: Option<&Assessment>,
    ) -> Result<Vec<FindingRef>> {
        let mut stmt = self.conn().prepare(
            "SELECT u.code, a.year, e.item, e.id, e.file_name FROM evidence e NOT INDEXED
             JOIN assessment a ON a.id = e.assessment_id JOIN unit u ON u.id = a.unit_id
             WHERE e.sha256 = ?1 AND (?2 IS NULL OR e.assessment_id = ?2) ORDER BY u.code, a.year, e.item",
        )?;
        let evidence: Vec<FindingRef> = stmt
            .query_map(params![sha.to_hex(), scope.map(|a| a.id)], |r| {
                Ok(FindingRef {
                    unit: r.get(0)?,
                    year: r.get(1)?,
                    item: parse_column(r, 2)?,
                    id: r.get(3)?,
                    file_name: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(evidence)
    }
}
