//! Moving assessments from an older official template to the current one.
//!
//! An assessment keeps the exact template it was created with. When Daduk
//! ships a new version of a built-in template (say, with a predicate
//! condition added), an assessment still on an earlier *official* version of
//! the same id is moved to the current version when nothing it stores would
//! change meaning (same items, answer kinds, weights and evidence kinds:
//! [`same_scoring`]). The move is logged in the audit log. Final assessments
//! are a closed record and stay on their version; so does any assessment on
//! a template that is not official (a file given with `--template`) or whose
//! items or weights differ.

use rusqlite::params;
use serde::Serialize;

use super::audit::Change;
use super::{Workspace, now};
use crate::error::Result;
use crate::hash::Sha256;
use crate::template::official::{current, official_hashes, same_scoring};

/// One assessment moved to the current official template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateUpgrade {
    /// The assessment.
    pub assessment_id: i64,
    /// Unit code and year, for messages.
    pub key: String,
    /// The version it used.
    pub from: Sha256,
    /// The version it uses now.
    pub to: Sha256,
}

impl Workspace {
    /// Move every non-final assessment on an older official version of a
    /// built-in template to the current version, when [`same_scoring`]
    /// holds. Writes nothing (and starts no transaction) when there is
    /// nothing to move.
    pub(crate) fn upgrade_official_templates(&self) -> Result<Vec<TemplateUpgrade>> {
        let older: Vec<_> = official_hashes().into_iter().filter(|o| !o.current).collect();
        if older.is_empty() {
            return Ok(Vec::new());
        }
        let mut candidates = Vec::new();
        {
            let mut stmt = self.conn().prepare(
                "SELECT a.id, u.code || ' ' || a.year, a.template_sha256 FROM assessment a
                 JOIN unit u ON u.id = a.unit_id WHERE a.status <> 'final'",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?;
            for row in rows {
                let (id, key, sha) = row?;
                if let Some(o) = older.iter().find(|o| o.sha256.to_hex() == sha) {
                    candidates.push((id, key, o.sha256, o.id.clone()));
                }
            }
        }
        let mut moves = Vec::new();
        for (id, key, from, template_id) in candidates {
            let (Ok(old), Some(new)) = (self.template(from), current(&template_id)) else {
                continue;
            };
            if same_scoring(&old, &new) {
                moves.push((id, key, old, new));
            }
        }
        if moves.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.write()?;
        let mut done = Vec::new();
        for (id, key, old, new) in moves {
            self.insert_template(&tx, &new)?;
            // Re-check inside the write lock: another process may have moved it.
            let changed = tx.execute(
                "UPDATE assessment SET template_sha256 = ?2, updated_at = ?3
                 WHERE id = ?1 AND template_sha256 = ?4 AND status <> 'final'",
                params![id, new.sha256().to_hex(), now(), old.sha256().to_hex()],
            )?;
            if changed == 0 {
                continue;
            }
            self.log(
                &tx,
                Change {
                    assessment_id: Some(id),
                    entity: "assessment",
                    key: &key,
                    action: "template",
                    old: Some(format!("{} {}", old.id(), old.sha256().short(12))),
                    new: Some(format!(
                        "{} {} (versi resmi terbaru; butir, pilihan dan bobot sama)",
                        new.id(),
                        new.sha256().short(12)
                    )),
                },
            )?;
            done.push(TemplateUpgrade {
                assessment_id: id,
                key,
                from: old.sha256(),
                to: new.sha256(),
            });
        }
        tx.commit()?;
        Ok(done)
    }
}
