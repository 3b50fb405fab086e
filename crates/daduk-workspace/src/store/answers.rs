//! Answers of both roles, with notes; every change goes to the audit log.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::audit::Change;
use super::{Assessment, Workspace, now, parse_column};
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::scoring::Answers;

/// An answer as stored.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AnswerRecord {
    /// The item.
    pub item: ItemCode,
    /// Whose answer.
    pub role: Role,
    /// Canonical answer text; `None` while only a note is written.
    pub value: Option<String>,
    /// For a counts item, each row's number by its letter (`a` → 5), read
    /// by the core from `value`, so no face parses the counts grammar.
    pub counts: std::collections::BTreeMap<String, u64>,
    /// The note (catatan).
    pub note: String,
    /// Who changed it last.
    pub updated_by: String,
    /// When.
    pub updated_at: String,
    /// The year this answer was carried from when the assessment was started
    /// from that year's, until someone answers the item again ("dari 2026 —
    /// periksa").
    pub carried_from: Option<i32>,
}

/// One row of a batch of answers to write.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    /// The item.
    pub item: ItemCode,
    /// The answer; `None` leaves the stored value as it is.
    pub value: Option<AnswerValue>,
    /// The note; `None` leaves the stored note as it is.
    pub note: Option<String>,
}

/// Who made a change and when, when it is not this workspace's user now
/// (an answer that came in a packet keeps its author).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Stamp<'a> {
    /// Who.
    pub by: &'a str,
    /// When (RFC 3339).
    pub at: &'a str,
}

/// What one write of an answer changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Upserted {
    /// The answer's value.
    pub value: bool,
    /// Its note.
    pub note: bool,
}

impl Upserted {
    /// Whether anything changed.
    pub fn any(self) -> bool {
        self.value || self.note
    }
}

/// The value part of a change.
pub(crate) enum ValueChange<'a> {
    Keep,
    Set(&'a AnswerValue),
    Clear,
}

impl Workspace {
    fn check_item(&self, assessment: &Assessment, item: ItemCode) -> Result<()> {
        let template = self.template_of(assessment)?;
        if template.item(item).is_none() {
            return Err(Error::not_found(
                "butir",
                item,
                &format!(
                    "templat {} tidak memuatnya; lihat `daduk template show`",
                    template.id()
                ),
            ));
        }
        Ok(())
    }

    /// Set one answer (and its note, when given).
    pub fn set_answer(
        &self,
        assessment: &Assessment,
        role: Role,
        item: ItemCode,
        value: &AnswerValue,
        note: Option<&str>,
    ) -> Result<()> {
        self.check_item(assessment, item)?;
        let tx = self.write()?;
        self.upsert(
            &tx,
            assessment.id,
            role,
            item,
            ValueChange::Set(value),
            note,
        )?;
        Ok(tx.commit()?)
    }

    /// Remove an answer's value (its note stays).
    pub fn clear_answer(&self, assessment: &Assessment, role: Role, item: ItemCode) -> Result<()> {
        self.check_item(assessment, item)?;
        let tx = self.write()?;
        self.upsert(&tx, assessment.id, role, item, ValueChange::Clear, None)?;
        Ok(tx.commit()?)
    }

    /// Write only the note of an answer.
    pub fn set_note(
        &self,
        assessment: &Assessment,
        role: Role,
        item: ItemCode,
        note: &str,
    ) -> Result<()> {
        self.check_item(assessment, item)?;
        let tx = self.write()?;
        self.upsert(
            &tx,
            assessment.id,
            role,
            item,
            ValueChange::Keep,
            Some(note),
        )?;
        Ok(tx.commit()?)
    }

    /// Write a batch of answers in one transaction: all or nothing. Returns
    /// how many answers changed (rows equal to what is stored change nothing).
    pub fn import_answers(
        &self,
        assessment: &Assessment,
        role: Role,
        rows: &[AnswerRow],
    ) -> Result<usize> {
        for row in rows {
            self.check_item(assessment, row.item)?;
        }
        let tx = self.write()?;
        let mut changed = 0;
        for row in rows {
            let value = match &row.value {
                Some(v) => ValueChange::Set(v),
                None => ValueChange::Keep,
            };
            if self.upsert(
                &tx,
                assessment.id,
                role,
                row.item,
                value,
                row.note.as_deref(),
            )? {
                changed += 1;
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// Apply one change inside the caller's transaction; returns whether
    /// anything changed.
    pub(crate) fn upsert(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        role: Role,
        item: ItemCode,
        value: ValueChange<'_>,
        note: Option<&str>,
    ) -> Result<bool> {
        Ok(self
            .upsert_as(tx, assessment_id, role, item, value, note, None)?
            .any())
    }

    /// [`Workspace::upsert`] recording `stamp` as the answer's author (the
    /// audit log still records this workspace's user as acting).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn upsert_as(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        role: Role,
        item: ItemCode,
        value: ValueChange<'_>,
        note: Option<&str>,
        stamp: Option<Stamp<'_>>,
    ) -> Result<Upserted> {
        let now = now();
        let stamp = stamp.unwrap_or(Stamp {
            by: self.actor(),
            at: &now,
        });
        let code = item.to_string();
        let old: Option<(Option<String>, String)> = tx
            .query_row(
                "SELECT value, note FROM answer WHERE assessment_id = ?1 AND item = ?2 AND role = ?3",
                params![assessment_id, code, role.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (old_value, old_note) = old.clone().unwrap_or_default();
        let new_value = match value {
            ValueChange::Keep => old_value.clone(),
            ValueChange::Set(v) => Some(v.to_string()),
            ValueChange::Clear => None,
        };
        // Every way a note comes in (typed, a CSV, a worksheet, a packet, a
        // sync) passes here: one rule for it.
        let new_note = match note {
            None => old_note.clone(),
            Some(n) => crate::text::lines(&format!("catatan {} butir {item}", role.label()), n)
                .map_err(Error::Invalid)?,
        };
        let changed = Upserted {
            value: new_value != old_value,
            note: new_note != old_note,
        };
        if !matches!(value, ValueChange::Keep) {
            // Answering a carried item again (even with the same value) or
            // clearing its answer is the check the carried mark asks for; a
            // note alone leaves the mark.
            self.confirm_carried_tx(tx, assessment_id, role, item)?;
        }
        if !changed.any() {
            return Ok(changed);
        }
        let key = format!("{code}/{role}");
        if new_value.is_none() && new_note.is_empty() {
            tx.execute(
                "DELETE FROM answer WHERE assessment_id = ?1 AND item = ?2 AND role = ?3",
                params![assessment_id, code, role.as_str()],
            )?;
        } else {
            tx.execute(
                "INSERT INTO answer (assessment_id, item, role, value, note, updated_by, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (assessment_id, item, role) DO UPDATE SET
                   value = excluded.value, note = excluded.note,
                   updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                params![assessment_id, code, role.as_str(), new_value, new_note, stamp.by, stamp.at],
            )?;
        }
        if new_value != old_value {
            self.log(
                tx,
                Change {
                    assessment_id: Some(assessment_id),
                    entity: "answer",
                    key: &key,
                    action: if new_value.is_some() { "set" } else { "clear" },
                    old: old_value,
                    new: new_value,
                },
            )?;
        }
        if new_note != old_note {
            self.log(
                tx,
                Change {
                    assessment_id: Some(assessment_id),
                    entity: "note",
                    key: &key,
                    action: "set",
                    old: Some(old_note),
                    new: Some(new_note),
                },
            )?;
        }
        Ok(changed)
    }

    /// Every stored answer of an assessment, both roles, in LKE order.
    pub fn answer_records(&self, assessment: &Assessment) -> Result<Vec<AnswerRecord>> {
        let mut stmt = self.conn().prepare(
            "SELECT item, role, value, note, updated_by, updated_at, carried_from FROM answer WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment.id], |r| {
            Ok(AnswerRecord {
                item: parse_column(r, 0)?,
                role: parse_column(r, 1)?,
                value: r.get(2)?,
                counts: std::collections::BTreeMap::new(),
                note: r.get(3)?,
                updated_by: r.get(4)?,
                updated_at: r.get(5)?,
                carried_from: r.get(6)?,
            })
        })?;
        let mut out: Vec<AnswerRecord> = rows.collect::<Result<_, _>>()?;
        out.sort_by_key(|r| (r.item, r.role));
        let template = self.template_of(assessment)?;
        for record in &mut out {
            if let Some(text) = &record.value
                && let Ok(AnswerValue::Counts(rows)) =
                    AnswerValue::parse(&template, record.item, text)
            {
                record.counts = rows;
            }
        }
        Ok(out)
    }

    /// One role's answers, parsed, ready to score.
    pub fn answers(&self, assessment: &Assessment, role: Role) -> Result<Answers> {
        let template = self.template_of(assessment)?;
        let mut out = Answers::new();
        for record in self.answer_records(assessment)? {
            if record.role != role {
                continue;
            }
            if let Some(text) = &record.value {
                out.insert(
                    record.item,
                    AnswerValue::parse(&template, record.item, text)?,
                );
            }
        }
        Ok(out)
    }
}
