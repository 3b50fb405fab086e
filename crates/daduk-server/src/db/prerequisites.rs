//! The instansi's recorded prerequisites per year.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;

use super::PgResult;

/// One recorded value.
#[derive(Debug, Clone)]
pub struct PrerequisiteRow {
    /// Code.
    pub code: String,
    /// The value as recorded (canonical text).
    pub value: String,
    /// Note.
    pub note: String,
    /// Document reference.
    pub document: String,
    /// Who (token label and role).
    pub recorded_by: String,
    /// When.
    pub recorded_at: DateTime<Utc>,
}

/// The values recorded for `year`, by code.
pub async fn prerequisites(
    c: &impl GenericClient,
    year: i32,
) -> PgResult<BTreeMap<String, PrerequisiteRow>> {
    Ok(c.query(
        &c.prepare_cached(
            "SELECT code, value, note, document, recorded_by, recorded_at
             FROM instansi_prerequisites WHERE year = $1",
        )
        .await?,
        &[&year],
    )
    .await?
    .into_iter()
    .map(|r| {
        let row = PrerequisiteRow {
            code: r.get(0),
            value: r.get(1),
            note: r.get(2),
            document: r.get(3),
            recorded_by: r.get(4),
            recorded_at: r.get(5),
        };
        (row.code.clone(), row)
    })
    .collect())
}

/// Record (or replace) one value of `year`.
pub async fn put_prerequisite(
    c: &impl GenericClient,
    year: i32,
    row: &PrerequisiteRow,
    token_id: i64,
) -> PgResult<()> {
    c.execute(
        &c.prepare_cached(
            "INSERT INTO instansi_prerequisites (year, code, value, note, document, recorded_by, token_id, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (year, code) DO UPDATE SET value = $3, note = $4, document = $5,
                 recorded_by = $6, token_id = $7, recorded_at = $8",
        )
        .await?,
        &[
            &year,
            &row.code,
            &row.value,
            &row.note,
            &row.document,
            &row.recorded_by,
            &token_id,
            &row.recorded_at,
        ],
    )
    .await?;
    Ok(())
}

/// Remove one value of `year`; the value it had, if it was recorded.
pub async fn clear_prerequisite(
    c: &impl GenericClient,
    year: i32,
    code: &str,
) -> PgResult<Option<String>> {
    Ok(c.query_opt(
        "DELETE FROM instansi_prerequisites WHERE year = $1 AND code = $2 RETURNING value",
        &[&year, &code],
    )
    .await?
    .map(|r| r.get(0)))
}
