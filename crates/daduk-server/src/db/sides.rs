//! Assessments and their sides: the unit's, TPI's, and TPN's as either
//! recorded it.

use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;

use super::{PgResult, ensure_unit};

/// An assessment's row.
#[derive(Debug, Clone)]
pub struct AssessmentRow {
    /// Unit.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Unit side version.
    pub unit_version: i64,
    /// TPI side version.
    pub tpi_version: i64,
    /// Unit side manifest.
    pub unit_manifest: Option<String>,
    /// TPI side manifest.
    pub tpi_manifest: Option<String>,
    /// TPN side version.
    pub tpn_version: i64,
    /// TPN side manifest.
    pub tpn_manifest: Option<String>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

const ASSESSMENT_COLS: &str = "unit, year, unit_version, tpi_version, unit_manifest, tpi_manifest, updated_at, \
     tpn_version, tpn_manifest";

fn assessment_row(r: &tokio_postgres::Row) -> AssessmentRow {
    AssessmentRow {
        unit: r.get(0),
        year: r.get(1),
        unit_version: r.get(2),
        tpi_version: r.get(3),
        unit_manifest: r.get(4),
        tpi_manifest: r.get(5),
        updated_at: r.get(6),
        tpn_version: r.get(7),
        tpn_manifest: r.get(8),
    }
}

/// One assessment.
pub async fn assessment(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
) -> PgResult<Option<AssessmentRow>> {
    Ok(c.query_opt(
        &format!("SELECT {ASSESSMENT_COLS} FROM assessments WHERE unit = $1 AND year = $2"),
        &[&unit, &year],
    )
    .await?
    .as_ref()
    .map(assessment_row))
}

/// One row of [`assessment_list`].
#[derive(Debug, Clone)]
pub struct Listed {
    /// Unit.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// The sides' versions: unit, TPI, TPN.
    pub versions: [i64; 3],
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Versions and times of the assessments of `units` (every unit when `None`).
pub async fn assessment_list(
    c: &impl GenericClient,
    units: Option<&[String]>,
) -> PgResult<Vec<Listed>> {
    let rows = match units {
        None => {
            c.query(
                &c.prepare_cached("SELECT unit, year, unit_version, tpi_version, updated_at, tpn_version FROM assessments ORDER BY unit, year").await?,
                &[],
            )
            .await?
        }
        Some(u) => {
            c.query(
                &c.prepare_cached("SELECT unit, year, unit_version, tpi_version, updated_at, tpn_version FROM assessments
                 WHERE unit = ANY($1) ORDER BY unit, year").await?,
                &[&u],
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| Listed {
            unit: r.get(0),
            year: r.get(1),
            versions: [r.get(2), r.get(3), r.get(5)],
            updated_at: r.get(4),
        })
        .collect())
}

/// Lock an assessment's row for a push, creating it at version 0.
pub async fn lock_assessment(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
) -> PgResult<AssessmentRow> {
    ensure_unit(c, unit).await?;
    c.execute(
        &c.prepare_cached(
            "INSERT INTO assessments (unit, year) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .await?,
        &[&unit, &year],
    )
    .await?;
    let r = c
        .query_one(
            &format!(
                "SELECT {ASSESSMENT_COLS} FROM assessments WHERE unit = $1 AND year = $2 FOR UPDATE"
            ),
            &[&unit, &year],
        )
        .await?;
    Ok(assessment_row(&r))
}

/// Store one side (`unit`, `tpi` or `tpn`) with its blob references;
/// returns the new version.
pub async fn store_side(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
    side: &str,
    manifest: &str,
    hashes: &[String],
) -> PgResult<i64> {
    let sql = match side {
        "unit" => {
            "UPDATE assessments SET unit_manifest = $3, unit_version = unit_version + 1,
                 unit_synced_at = now(), updated_at = now() WHERE unit = $1 AND year = $2 RETURNING unit_version"
        }
        "tpn" => {
            "UPDATE assessments SET tpn_manifest = $3, tpn_version = tpn_version + 1,
                 tpn_synced_at = now(), updated_at = now() WHERE unit = $1 AND year = $2 RETURNING tpn_version"
        }
        _ => {
            "UPDATE assessments SET tpi_manifest = $3, tpi_version = tpi_version + 1,
                 tpi_synced_at = now(), updated_at = now() WHERE unit = $1 AND year = $2 RETURNING tpi_version"
        }
    };
    let version: i64 = c.query_one(sql, &[&unit, &year, &manifest]).await?.get(0);
    c.execute(
        &c.prepare_cached(
            "DELETE FROM assessment_blobs WHERE unit = $1 AND year = $2 AND side = $3",
        )
        .await?,
        &[&unit, &year, &side],
    )
    .await?;
    c.execute(
        &c.prepare_cached(
            "INSERT INTO assessment_blobs (unit, year, side, sha256)
         SELECT $1, $2, $3, h FROM unnest($4::text[]) AS h ON CONFLICT DO NOTHING",
        )
        .await?,
        &[&unit, &year, &side, &hashes],
    )
    .await?;
    Ok(version)
}

/// Every stored side: (unit, year, `unit`|`tpi`|`tpn`, manifest).
pub async fn all_sides(c: &impl GenericClient) -> PgResult<Vec<(String, i32, String, String)>> {
    let rows = c
        .query(
            "SELECT unit, year, 'unit', unit_manifest FROM assessments WHERE unit_manifest IS NOT NULL
             UNION ALL
             SELECT unit, year, 'tpi', tpi_manifest FROM assessments WHERE tpi_manifest IS NOT NULL
             UNION ALL
             SELECT unit, year, 'tpn', tpn_manifest FROM assessments WHERE tpn_manifest IS NOT NULL
             ORDER BY 1, 2, 3",
            &[],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect())
}
