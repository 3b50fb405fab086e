//! References kept on items (rujukan data dukung: text and URL, never
//! downloaded); every change goes to the audit log.

use rusqlite::{Transaction, params};

use super::audit::Change;
use super::{Assessment, Workspace, now, parse_column};
use crate::code::ItemCode;
use crate::error::{Error, Result};
use crate::references::{ItemReference, Reference};

const COLUMNS: &str = "id, item, text, url, source, added_by, added_at";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ItemReference> {
    Ok(ItemReference {
        id: r.get(0)?,
        item: parse_column(r, 1)?,
        reference: Reference {
            text: r.get(2)?,
            url: r.get(3)?,
        },
        source: r.get(4)?,
        added_by: r.get(5)?,
        added_at: r.get(6)?,
    })
}

impl Workspace {
    /// The references of an assessment (of one item when given), in LKE
    /// order of their item, then in the order they were added.
    pub fn references(&self, a: &Assessment, item: Option<ItemCode>) -> Result<Vec<ItemReference>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM item_reference
             WHERE assessment_id = ?1 AND (?2 IS NULL OR item = ?2) ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![a.id, item.map(|i| i.to_string())], from_row)?;
        let mut out: Vec<ItemReference> = rows.collect::<Result<_, _>>()?;
        out.sort_by_key(|r| r.item);
        Ok(out)
    }

    /// Add references to an item, inside the caller's transaction; ones it
    /// already has are skipped. With `replace`, the item's other references
    /// are removed first (so an empty list clears them). Returns whether
    /// anything changed.
    pub(crate) fn put_references(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        item: ItemCode,
        refs: &[Reference],
        source: &str,
        replace: bool,
    ) -> Result<bool> {
        let code = item.to_string();
        let existing: Vec<(i64, Reference)> = {
            let mut stmt = tx.prepare(
                "SELECT id, text, url FROM item_reference WHERE assessment_id = ?1 AND item = ?2",
            )?;
            let rows = stmt.query_map(params![assessment_id, code], |r| {
                Ok((
                    r.get(0)?,
                    Reference {
                        text: r.get(1)?,
                        url: r.get(2)?,
                    },
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        let mut changed = false;
        if replace {
            for (id, old) in existing.iter().filter(|(_, r)| !refs.contains(r)) {
                tx.execute("DELETE FROM item_reference WHERE id = ?1", [id])?;
                self.log_reference(
                    tx,
                    assessment_id,
                    &code,
                    "remove",
                    Some(old.describe()),
                    None,
                )?;
                changed = true;
            }
        }
        for r in refs {
            if existing.iter().any(|(_, e)| e == r) {
                continue;
            }
            let added = tx.execute(
                "INSERT OR IGNORE INTO item_reference (assessment_id, item, text, url, source, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![assessment_id, code, r.text, r.url, source, self.actor(), now()],
            )?;
            if added > 0 {
                self.log_reference(tx, assessment_id, &code, "add", None, Some(r.describe()))?;
                changed = true;
            }
        }
        Ok(changed)
    }

    /// Add one reference to an item by hand.
    pub fn add_reference(
        &self,
        a: &Assessment,
        item: ItemCode,
        text: &str,
        url: &str,
    ) -> Result<()> {
        let template = self.template_of(a)?;
        if template.item(item).is_none() {
            return Err(Error::not_found(
                "butir",
                item,
                "lihat `daduk template show`",
            ));
        }
        // Typed text is refused rather than cleaned: what is kept is what
        // was typed.
        crate::text::check_line(&format!("rujukan butir {item}"), text.trim())
            .and_then(|()| {
                crate::text::check_line(&format!("tautan rujukan butir {item}"), url.trim())
            })
            .map_err(Error::Invalid)?;
        let r = Reference::new(text, url)
            .ok_or_else(|| Error::Invalid("rujukan kosong: isi teks atau tautannya".into()))?;
        let tx = self.write()?;
        self.put_references(&tx, a.id, item, &[r], "", false)?;
        Ok(tx.commit()?)
    }

    /// Remove one reference.
    pub fn remove_reference(&self, a: &Assessment, id: i64) -> Result<()> {
        let tx = self.write()?;
        let found: Option<(String, Reference)> = tx
            .query_row(
                "SELECT item, text, url FROM item_reference WHERE id = ?1 AND assessment_id = ?2",
                params![id, a.id],
                |r| {
                    Ok((
                        r.get(0)?,
                        Reference {
                            text: r.get(1)?,
                            url: r.get(2)?,
                        },
                    ))
                },
            )
            .ok();
        let Some((item, old)) = found else {
            return Err(Error::not_found(
                "rujukan",
                id,
                "lihat nomornya di daftar rujukan butir",
            ));
        };
        tx.execute("DELETE FROM item_reference WHERE id = ?1", [id])?;
        self.log_reference(&tx, a.id, &item, "remove", Some(old.describe()), None)?;
        Ok(tx.commit()?)
    }

    fn log_reference(
        &self,
        tx: &Transaction<'_>,
        assessment_id: i64,
        item: &str,
        action: &'static str,
        old: Option<String>,
        new: Option<String>,
    ) -> Result<()> {
        self.log(
            tx,
            Change {
                assessment_id: Some(assessment_id),
                entity: "reference",
                key: item,
                action,
                old,
                new,
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::{unit, workspace};

    #[test]
    fn references_are_added_once_replaced_and_logged() {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path());
        ws.add_unit(&unit("U")).unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let item: ItemCode = "P.1.i.a".parse().unwrap();
        let sk = Reference::new("SK Tim", "https://x.example/sk").unwrap();
        let folder = Reference::new("", "https://x.example/f").unwrap();
        let tx = ws.write().unwrap();
        assert!(
            ws.put_references(
                &tx,
                a.id,
                item,
                &[sk.clone(), folder.clone()],
                "lke.xlsx",
                false
            )
            .unwrap()
        );
        assert!(
            !ws.put_references(
                &tx,
                a.id,
                item,
                std::slice::from_ref(&sk),
                "lke.xlsx",
                false
            )
            .unwrap()
        );
        tx.commit().unwrap();
        let got = ws.references(&a, None).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].reference.clone(), got[0].source.as_str()),
            (sk.clone(), "lke.xlsx")
        );
        // Replacing keeps what stays, removes the rest.
        let tx = ws.write().unwrap();
        assert!(
            ws.put_references(&tx, a.id, item, std::slice::from_ref(&sk), "", true)
                .unwrap()
        );
        tx.commit().unwrap();
        assert_eq!(ws.references(&a, Some(item)).unwrap().len(), 1);
        let id = ws.references(&a, Some(item)).unwrap()[0].id;
        ws.remove_reference(&a, id).unwrap();
        assert!(ws.references(&a, None).unwrap().is_empty());
        let actions: Vec<String> = ws
            .audit_log(Some(a.id))
            .unwrap()
            .into_iter()
            .filter(|e| e.entity == "reference")
            .map(|e| e.action)
            .collect();
        assert_eq!(actions, ["add", "add", "remove", "remove"]);
        assert!(ws.remove_reference(&a, id).is_err());
        assert!(ws.add_reference(&a, item, " ", "").is_err());
    }
}
