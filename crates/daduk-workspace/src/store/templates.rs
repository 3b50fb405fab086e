//! Templates kept in the workspace, so every assessment keeps its own.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{Workspace, now};
use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::template::Template;
use crate::template::trust::{is_official, official_with_id, scoring_differences};

/// Where a stored template came from (see migration 0004).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateOrigin {
    /// Shipped with Daduk.
    Builtin,
    /// Loaded by this workspace's user (`--template FILE`).
    Local,
    /// Came in a packet and the user accepted it explicitly.
    Accepted,
    /// Stored before Daduk kept track, or came in a packet unasked.
    Unverified,
}

impl TemplateOrigin {
    fn code(self) -> &'static str {
        match self {
            TemplateOrigin::Builtin => "builtin",
            TemplateOrigin::Local => "local",
            TemplateOrigin::Accepted => "accepted",
            TemplateOrigin::Unverified => "unverified",
        }
    }

    fn parse(code: &str) -> TemplateOrigin {
        match code {
            "builtin" => TemplateOrigin::Builtin,
            "local" => TemplateOrigin::Local,
            "accepted" => TemplateOrigin::Accepted,
            _ => TemplateOrigin::Unverified,
        }
    }
}

impl Workspace {
    /// Keep `template` in the workspace (once per exact content) as one
    /// this workspace's user chose: the built-in one, or a file they
    /// loaded. A file that claims the id of an official template with
    /// other content is refused: an official id must mean official content.
    pub fn store_template(&self, template: &Template) -> Result<()> {
        let origin = if is_official(template.sha256()) {
            TemplateOrigin::Builtin
        } else {
            if let Some(official) = official_with_id(template.id()) {
                return Err(Error::Invalid(format!(
                    "templat memakai id resmi '{}' tetapi isinya berbeda dari templat resmi ({}); beri templat ini id lain",
                    template.id(),
                    scoring_differences(&official, template, 5).join("; ")
                )));
            }
            TemplateOrigin::Local
        };
        if self.template_origin(template.sha256())? != Some(origin) {
            let tx = self.write()?;
            self.insert_template(&tx, template)?;
            self.set_template_origin_tx(&tx, template.sha256(), origin)?;
            tx.commit()?;
        }
        self.cache(template.clone());
        Ok(())
    }

    /// Where a stored template came from; `None` when it is not stored.
    pub fn template_origin(&self, sha: Sha256) -> Result<Option<TemplateOrigin>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT origin FROM template WHERE sha256 = ?1",
                [sha.to_hex()],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|c| TemplateOrigin::parse(&c)))
    }

    /// Record where a stored template came from.
    pub(crate) fn set_template_origin_tx(
        &self,
        tx: &Transaction<'_>,
        sha: Sha256,
        origin: TemplateOrigin,
    ) -> Result<()> {
        tx.execute(
            "UPDATE template SET origin = ?2 WHERE sha256 = ?1",
            params![sha.to_hex(), origin.code()],
        )?;
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
