//! The national evaluation's stages an assessment reached (TPN's side,
//! beside TPN's answers in `answer`); every change goes to the audit log.
//! What may follow what is the domain's `tpn::check`, run on the whole
//! history as it would be after the change.

use rusqlite::{Transaction, params};

use super::audit::Change;
use super::{Assessment, Workspace, now, parse_column};
use crate::error::{Error, Result};
use crate::tpn::{Outcome, Stage, StageRecord};

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<StageRecord> {
    let outcome: Option<String> = r.get(2)?;
    Ok(StageRecord {
        stage: parse_column(r, 0)?,
        date: parse_column(r, 1)?,
        outcome: match outcome {
            Some(o) => Some(o.parse().map_err(|e: String| {
                rusqlite::Error::FromSqlConversionFailure(2, rusqlite::types::Type::Text, e.into())
            })?),
            None => None,
        },
        note: r.get(3)?,
    })
}

fn describe(r: &StageRecord) -> String {
    let mut out = format!("{} {}: {}", r.stage.label(), r.date, r.outcome_label());
    if !r.note.is_empty() {
        out.push_str(" — ");
        out.push_str(&r.note);
    }
    out
}

impl Workspace {
    /// The stages recorded, in their order.
    pub fn tpn_stages(&self, a: &Assessment) -> Result<Vec<StageRecord>> {
        self.tpn_stages_tx(self.conn(), a.id)
    }

    pub(crate) fn tpn_stages_tx(
        &self,
        conn: &rusqlite::Connection,
        assessment_id: i64,
    ) -> Result<Vec<StageRecord>> {
        let mut stmt = conn.prepare_cached(
            "SELECT stage, date, outcome, note FROM tpn_stage WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], from_row)?;
        let mut out: Vec<StageRecord> = rows.collect::<Result<_, _>>()?;
        out.sort_by_key(|r| r.stage);
        Ok(out)
    }

    /// Record one stage (a new one, or a change of its date, outcome or
    /// note). Refused, with nothing written, when the history it makes
    /// cannot be (`tpn::check`).
    pub fn set_tpn_stage(&self, a: &Assessment, record: &StageRecord) -> Result<()> {
        let tx = self.write()?;
        let mut all = self.tpn_stages_tx(&tx, a.id)?;
        all.retain(|r| r.stage != record.stage);
        all.push(record.clone());
        crate::tpn::check(&all).map_err(Error::Invalid)?;
        self.put_tpn_stage_tx(&tx, a.id, record, None)?;
        Ok(tx.commit()?)
    }

    /// Remove a recorded stage; refused when a later stage still follows it.
    pub fn clear_tpn_stage(&self, a: &Assessment, stage: Stage) -> Result<bool> {
        let tx = self.write()?;
        let mut all = self.tpn_stages_tx(&tx, a.id)?;
        let before = all.len();
        all.retain(|r| r.stage != stage);
        if all.len() == before {
            return Ok(false);
        }
        if let Some(later) = all.iter().find(|r| r.stage > stage) {
            return Err(Error::Invalid(format!(
                "tahap {} masih tercatat sesudah {}; hapus tahap itu dulu",
                later.stage.label(),
                stage.label()
            )));
        }
        self.delete_tpn_stage_tx(&tx, a.id, stage)?;
        tx.commit()?;
        Ok(true)
    }

    /// Write one stage inside the caller's transaction (checked by the
    /// caller), in `stamp`'s name when it came from elsewhere; `true` when
    /// something changed.
    pub(crate) fn put_tpn_stage_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        record: &StageRecord,
        stamp: Option<super::answers::Stamp<'_>>,
    ) -> Result<bool> {
        let old = self
            .tpn_stages_tx(tx, assessment_id)?
            .into_iter()
            .find(|r| r.stage == record.stage);
        if old.as_ref() == Some(record) {
            return Ok(false);
        }
        let (by, at) = match stamp {
            Some(s) => (s.by.to_string(), s.at.to_string()),
            None => (self.actor().to_string(), now()),
        };
        tx.execute(
            "INSERT INTO tpn_stage (assessment_id, stage, date, outcome, note, updated_by, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (assessment_id, stage) DO UPDATE SET date = excluded.date,
                 outcome = excluded.outcome, note = excluded.note,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            params![
                assessment_id,
                record.stage.as_str(),
                record.date.to_string(),
                record.outcome.map(Outcome::as_str),
                record.note,
                by,
                at
            ],
        )?;
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "tpn_stage",
                key: record.stage.as_str(),
                action: if old.is_some() { "update" } else { "insert" },
                old: old.as_ref().map(describe),
                new: Some(describe(record)),
            },
        )?;
        Ok(true)
    }

    pub(crate) fn delete_tpn_stage_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        stage: Stage,
    ) -> Result<bool> {
        let old = self
            .tpn_stages_tx(tx, assessment_id)?
            .into_iter()
            .find(|r| r.stage == stage);
        let Some(old) = old else { return Ok(false) };
        tx.execute(
            "DELETE FROM tpn_stage WHERE assessment_id = ?1 AND stage = ?2",
            params![assessment_id, stage.as_str()],
        )?;
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "tpn_stage",
                key: stage.as_str(),
                action: "delete",
                old: Some(describe(&old)),
                new: None,
            },
        )?;
        Ok(true)
    }

    /// Make the stages exactly `records` (a TPN side that arrived, already
    /// checked), in `stamp`'s name; how many changed.
    pub(crate) fn replace_tpn_stages_tx(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        records: &[StageRecord],
        stamp: super::answers::Stamp<'_>,
    ) -> Result<usize> {
        let mut changed = 0;
        for old in self.tpn_stages_tx(tx, assessment_id)? {
            if !records.iter().any(|r| r.stage == old.stage) {
                changed += usize::from(self.delete_tpn_stage_tx(tx, assessment_id, old.stage)?);
            }
        }
        for r in records {
            changed += usize::from(self.put_tpn_stage_tx(tx, assessment_id, r, Some(stamp))?);
        }
        Ok(changed)
    }
}
