//! The append-only audit log: who changed what, when, old → new.

use rusqlite::{Transaction, params};
use serde::Serialize;

use super::{Workspace, now};
use crate::error::Result;

/// One change.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The assessment it concerns, if any.
    pub assessment_id: Option<i64>,
    /// `unit`, `assessment`, `answer`, `evidence`, ...
    pub entity: String,
    /// Which one, e.g. `P.1.i.a/unit`.
    pub key: String,
    /// `create`, `update`, `delete`, ...
    pub action: String,
    /// The value before.
    pub old: Option<String>,
    /// The value after.
    pub new: Option<String>,
}

/// What [`Workspace::log`] records.
pub(crate) struct Change<'a> {
    pub assessment_id: Option<i64>,
    pub entity: &'a str,
    pub key: &'a str,
    pub action: &'a str,
    pub old: Option<String>,
    pub new: Option<String>,
}

impl Workspace {
    /// Append a change to the log inside the caller's transaction.
    pub(crate) fn log(&self, tx: &Transaction<'_>, c: Change<'_>) -> Result<()> {
        tx.execute(
            "INSERT INTO audit (at, actor, assessment_id, entity, key, action, old, new)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                now(),
                self.actor,
                c.assessment_id,
                c.entity,
                c.key,
                c.action,
                c.old,
                c.new
            ],
        )?;
        Ok(())
    }

    /// The last entry of the log (0 when empty): a mark that a copy taken
    /// now (a worksheet) carries, so that what changed here since can be
    /// told from what changed in the copy.
    pub(crate) fn audit_mark(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("SELECT COALESCE(MAX(id), 0) FROM audit", [], |r| r.get(0))?)
    }

    /// The mark a copy of this workspace's answers carries (a Daduk
    /// worksheet): none when the workspace cannot name itself (read-only
    /// and never asked for its id).
    pub(crate) fn copy_mark(&self) -> Option<daduk_sheet::layout::CopyMark> {
        Some(daduk_sheet::layout::CopyMark {
            workspace: self.workspace_id().ok()?,
            audit: self.audit_mark().ok()?,
        })
    }

    /// What an assessment's answers and notes were at `mark`, for those
    /// changed since (read inside the caller's transaction): keyed by
    /// (`answer` or `note`, `ITEM/role`), the value before the first
    /// change after the mark. One not listed is unchanged since.
    pub(crate) fn answers_at_mark_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        mark: i64,
    ) -> Result<std::collections::HashMap<(String, String), Option<String>>> {
        let mut stmt = tx.prepare(
            "SELECT entity, key, old FROM audit
             WHERE assessment_id = ?1 AND id > ?2 AND entity IN ('answer', 'note') ORDER BY id",
        )?;
        let rows = stmt.query_map(params![assessment_id, mark], |r| {
            Ok(((r.get::<_, String>(0)?, r.get::<_, String>(1)?), r.get(2)?))
        })?;
        let mut at_mark = std::collections::HashMap::new();
        for row in rows {
            let (key, old) = row?;
            at_mark.entry(key).or_insert(old);
        }
        Ok(at_mark)
    }

    /// The log, oldest first; only one assessment's entries when given.
    pub fn audit_log(&self, assessment_id: Option<i64>) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn().prepare(
            "SELECT id, at, actor, assessment_id, entity, key, action, old, new FROM audit
             WHERE ?1 IS NULL OR assessment_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                assessment_id: r.get(3)?,
                entity: r.get(4)?,
                key: r.get(5)?,
                action: r.get(6)?,
                old: r.get(7)?,
                new: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
