//! Templates kept in the workspace, so every assessment keeps its own.

use rusqlite::{OptionalExtension, params};

use super::{Workspace, now};
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::template::Template;

impl Workspace {
    /// Keep `template` in the workspace (once per exact content).
    pub fn store_template(&self, template: &Template) -> Result<()> {
        let sha = template.sha256().to_hex();
        let known: bool = self
            .conn()
            .query_row("SELECT 1 FROM template WHERE sha256 = ?1", [&sha], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if !known {
            let tx = self.write()?;
            self.insert_template(&tx, template)?;
            tx.commit()?;
        }
        self.cache(template.clone());
        Ok(())
    }

    /// Keep `template` inside the caller's transaction.
    pub(crate) fn insert_template(
        &self,
        tx: &rusqlite::Transaction<'_>,
        template: &Template,
    ) -> Result<()> {
        tx.execute(
            "INSERT OR IGNORE INTO template (sha256, id, name, json, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![template.sha256().to_hex(), template.id(), template.doc().name, template.json(), now()],
        )?;
        self.cache(template.clone());
        Ok(())
    }

    fn cache(&self, template: Template) {
        if let Ok(mut cache) = self.templates.lock() {
            cache.insert(template.sha256(), template);
        }
    }

    /// The template with this exact content.
    pub fn template(&self, sha: Sha256) -> Result<Template> {
        if let Some(t) = self
            .templates
            .lock()
            .ok()
            .and_then(|c| c.get(&sha).cloned())
        {
            return Ok(t);
        }
        let (id, json): (String, String) = self
            .conn()
            .query_row(
                "SELECT id, json FROM template WHERE sha256 = ?1",
                [sha.to_hex()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::not_found("templat", sha, ""))?;
        let template = Template::from_json(&format!("{id} (di ruang kerja)"), &json)?;
        self.cache(template.clone());
        Ok(template)
    }
}
