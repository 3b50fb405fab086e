//! Assessments: a unit's LKE for a year, with the template it uses.

use rusqlite::{OptionalExtension, Row, params};

use super::audit::Change;
use super::{Workspace, now};
use crate::error::{Error, Result};
use crate::template::Template;
pub use daduk_domain::assessment::{Assessment, AssessmentStatus};

const COLUMNS: &str =
    "a.id, u.code, u.name, a.year, a.template_sha256, t.id, a.status, a.created_at";
const FROM: &str =
    "assessment a JOIN unit u ON u.id = a.unit_id JOIN template t ON t.sha256 = a.template_sha256";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Assessment> {
    let sha: String = r.get(4)?;
    let status: String = r.get(6)?;
    let template_sha256: crate::hash::Sha256 = sha.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, Box::new(e))
    })?;
    Ok(Assessment {
        id: r.get(0)?,
        unit: r.get(1)?,
        unit_name: r.get(2)?,
        year: r.get(3)?,
        template_sha256,
        template_official: crate::template::trust::is_official(template_sha256),
        template_id: r.get(5)?,
        status: status.parse().unwrap_or(AssessmentStatus::Draft),
        created_at: r.get(7)?,
    })
}

fn check_year(year: i32) -> Result<()> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(Error::Invalid(format!(
            "tahun {year} tidak sah: pakai tahun 2000 sampai 2100"
        )))
    }
}

impl Workspace {
    /// Start a unit's assessment for `year` with `template` (the embedded
    /// LKE when `None`).
    pub fn new_assessment(
        &self,
        unit: &str,
        year: i32,
        template: Option<&Template>,
    ) -> Result<Assessment> {
        check_year(year)?;
        let unit = self.unit(unit)?;
        let template = template.cloned().unwrap_or_else(Template::default_lke);
        self.store_template(&template)?;
        let tx = self.write()?;
        self.insert_assessment(&tx, unit.id, &unit.code, year, &template)?;
        tx.commit()?;
        self.assessment(&unit.code, year)
    }

    /// Create an assessment inside the caller's transaction (the template
    /// must be stored already); returns its id.
    pub(crate) fn insert_assessment(
        &self,
        tx: &rusqlite::Transaction<'_>,
        unit_id: i64,
        unit_code: &str,
        year: i32,
        template: &Template,
    ) -> Result<i64> {
        check_year(year)?;
        let exists: bool = tx
            .query_row(
                "SELECT 1 FROM assessment WHERE unit_id = ?1 AND year = ?2",
                params![unit_id, year],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if exists {
            return Err(Error::Exists {
                what: "penilaian",
                key: format!("{unit_code} {year}"),
                hint: String::new(),
            });
        }
        let at = now();
        tx.execute(
            "INSERT INTO assessment (unit_id, year, template_sha256, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![unit_id, year, template.sha256().to_hex(), at],
        )?;
        let id = tx.last_insert_rowid();
        self.log(
            tx,
            Change {
                assessment_id: Some(id),
                entity: "assessment",
                key: &format!("{unit_code} {year}"),
                action: "create",
                old: None,
                new: Some(format!(
                    "template {} {}",
                    template.id(),
                    template.sha256().short(12)
                )),
            },
        )?;
        Ok(id)
    }

    /// A unit's assessment for a year.
    pub fn assessment(&self, unit: &str, year: i32) -> Result<Assessment> {
        let unit = self.unit(unit)?;
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM {FROM} WHERE a.unit_id = ?1 AND a.year = ?2"),
                params![unit.id, year],
                from_row,
            )
            .optional()?
            .ok_or_else(|| {
                Error::not_found(
                    "penilaian",
                    format!("{} {year}", unit.code),
                    &format!(
                        "buat dengan `daduk assessment new --unit {} --year {year}`",
                        unit.code
                    ),
                )
            })
    }

    /// An assessment by id.
    pub fn assessment_by_id(&self, id: i64) -> Result<Assessment> {
        self.conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = ?1"),
                [id],
                from_row,
            )
            .optional()?
            .ok_or_else(|| Error::not_found("penilaian", id, ""))
    }

    /// Every assessment, by unit code then year (newest first).
    pub fn assessments(&self) -> Result<Vec<Assessment>> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM {FROM} ORDER BY u.code, a.year DESC"
        ))?;
        let rows = stmt.query_map([], from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Move an assessment to another status inside the caller's transaction.
    pub(crate) fn set_status_tx(
        &self,
        tx: &rusqlite::Transaction<'_>,
        assessment: &Assessment,
        status: AssessmentStatus,
    ) -> Result<()> {
        let old: String = tx.query_row(
            "SELECT status FROM assessment WHERE id = ?1",
            [assessment.id],
            |r| r.get(0),
        )?;
        if old != status.code() {
            tx.execute(
                "UPDATE assessment SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![assessment.id, status.code(), now()],
            )?;
            self.log(
                tx,
                Change {
                    assessment_id: Some(assessment.id),
                    entity: "assessment",
                    key: &format!("{} {}", assessment.unit, assessment.year),
                    action: "status",
                    old: Some(old),
                    new: Some(status.code().into()),
                },
            )?;
        }
        Ok(())
    }

    /// Move an assessment to another status.
    pub fn set_status(
        &self,
        assessment: &Assessment,
        status: AssessmentStatus,
    ) -> Result<Assessment> {
        let tx = self.write()?;
        self.set_status_tx(&tx, assessment, status)?;
        tx.commit()?;
        self.assessment_by_id(assessment.id)
    }

    /// The template an assessment uses.
    pub fn template_of(&self, assessment: &Assessment) -> Result<Template> {
        self.template(assessment.template_sha256)
    }
}
