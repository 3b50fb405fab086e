//! Rows of `evidence_assignment`: files of an imported folder placed on an
//! item by hand (see `evidence::assign` for the rules).

use std::collections::HashMap;

use rusqlite::params;

use super::audit::Change;
use super::{Workspace, now, parse_column};
use crate::code::ItemCode;
use crate::error::Result;

/// Where the user placed one file of an imported folder.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Assignment {
    /// The file's path relative to the imported folder (`/` between parts).
    pub source_path: String,
    /// The item it belongs to.
    pub item: ItemCode,
    /// Its kind; `None` to guess it from the name as usual.
    pub kind: Option<String>,
    /// Whether the place came from what the file's content says (a
    /// suggestion taken, or `--by-content`), not from a person's own choice.
    #[serde(default)]
    pub by_content: bool,
}

impl Workspace {
    /// Store assignments inside one transaction, replacing earlier ones for
    /// the same paths; each is logged.
    pub(crate) fn store_assignments(&self, assessment_id: i64, rows: &[Assignment]) -> Result<()> {
        let tx = self.write()?;
        let at = now();
        for a in rows {
            tx.execute(
                "INSERT INTO evidence_assignment (assessment_id, source_path, item, kind, assigned_by, assigned_at, by_content)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (assessment_id, source_path) DO UPDATE SET item = excluded.item,
                     kind = excluded.kind, assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at,
                     by_content = excluded.by_content",
                params![assessment_id, a.source_path, a.item.to_string(), a.kind, self.actor(), at, a.by_content],
            )?;
            self.log(
                &tx,
                Change {
                    assessment_id: Some(assessment_id),
                    entity: "evidence_assignment",
                    key: &a.source_path,
                    action: "assign",
                    old: None,
                    new: Some(format!(
                        "{}{}{}",
                        a.item,
                        a.kind.as_ref().map_or(String::new(), |k| format!(" {k}")),
                        if a.by_content { " (menurut isi)" } else { "" }
                    )),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Forget the assignment of one path; whether there was one.
    pub(crate) fn delete_assignment(&self, assessment_id: i64, source_path: &str) -> Result<bool> {
        let tx = self.write()?;
        let n = tx.execute(
            "DELETE FROM evidence_assignment WHERE assessment_id = ?1 AND source_path = ?2",
            params![assessment_id, source_path],
        )?;
        if n > 0 {
            self.log(
                &tx,
                Change {
                    assessment_id: Some(assessment_id),
                    entity: "evidence_assignment",
                    key: source_path,
                    action: "delete",
                    old: None,
                    new: None,
                },
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Every assignment of an assessment, by path.
    pub(crate) fn load_assignments(
        &self,
        assessment_id: i64,
    ) -> Result<HashMap<String, Assignment>> {
        let mut stmt = self.conn().prepare(
            "SELECT source_path, item, kind, by_content FROM evidence_assignment WHERE assessment_id = ?1",
        )?;
        let rows = stmt.query_map([assessment_id], |r| {
            let path: String = r.get(0)?;
            Ok((
                path.clone(),
                Assignment {
                    source_path: path,
                    item: parse_column(r, 1)?,
                    kind: r.get(2)?,
                    by_content: r.get(3)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
