//! Assessments and their two sides, blobs and uploads.

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
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

const ASSESSMENT_COLS: &str =
    "unit, year, unit_version, tpi_version, unit_manifest, tpi_manifest, updated_at";

fn assessment_row(r: &tokio_postgres::Row) -> AssessmentRow {
    AssessmentRow {
        unit: r.get(0),
        year: r.get(1),
        unit_version: r.get(2),
        tpi_version: r.get(3),
        unit_manifest: r.get(4),
        tpi_manifest: r.get(5),
        updated_at: r.get(6),
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

/// Versions and times of the assessments of `units` (every unit when `None`).
pub async fn assessment_list(
    c: &impl GenericClient,
    units: Option<&[String]>,
) -> PgResult<Vec<(String, i32, i64, i64, DateTime<Utc>)>> {
    let rows = match units {
        None => {
            c.query(
                "SELECT unit, year, unit_version, tpi_version, updated_at FROM assessments ORDER BY unit, year",
                &[],
            )
            .await?
        }
        Some(u) => {
            c.query(
                "SELECT unit, year, unit_version, tpi_version, updated_at FROM assessments
                 WHERE unit = ANY($1) ORDER BY unit, year",
                &[&u],
            )
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
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
        "INSERT INTO assessments (unit, year) VALUES ($1, $2) ON CONFLICT DO NOTHING",
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

/// Store one side (`unit` or `tpi`) with its summary and blob references;
/// returns the new version.
#[allow(clippy::too_many_arguments)]
pub async fn store_side(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
    side: &str,
    manifest: &str,
    summary: &str,
    hashes: &[String],
) -> PgResult<i64> {
    let sql = match side {
        "unit" => {
            "UPDATE assessments SET unit_manifest = $3, unit_summary = $4, unit_version = unit_version + 1,
                 unit_synced_at = now(), updated_at = now() WHERE unit = $1 AND year = $2 RETURNING unit_version"
        }
        _ => {
            "UPDATE assessments SET tpi_manifest = $3, tpi_summary = $4, tpi_version = tpi_version + 1,
                 tpi_synced_at = now(), updated_at = now() WHERE unit = $1 AND year = $2 RETURNING tpi_version"
        }
    };
    let version: i64 = c
        .query_one(sql, &[&unit, &year, &manifest, &summary])
        .await?
        .get(0);
    c.execute(
        "DELETE FROM assessment_blobs WHERE unit = $1 AND year = $2 AND side = $3",
        &[&unit, &year, &side],
    )
    .await?;
    c.execute(
        "INSERT INTO assessment_blobs (unit, year, side, sha256)
         SELECT $1, $2, $3, h FROM unnest($4::text[]) AS h ON CONFLICT DO NOTHING",
        &[&unit, &year, &side, &hashes],
    )
    .await?;
    Ok(version)
}

/// The hashes among `hashes` the server does not hold.
pub async fn missing_blobs(c: &impl GenericClient, hashes: &[String]) -> PgResult<Vec<String>> {
    Ok(c.query(
        "SELECT h FROM unnest($1::text[]) AS h WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = h) ORDER BY h",
        &[&hashes],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}

/// A stored blob's size.
pub async fn blob(c: &impl GenericClient, sha: &str) -> PgResult<Option<i64>> {
    Ok(
        c.query_opt("SELECT size FROM blobs WHERE sha256 = $1", &[&sha])
            .await?
            .map(|r| r.get(0)),
    )
}

/// Record a blob whose bytes were hashed and stored; false if it was already.
pub async fn insert_blob(c: &impl GenericClient, sha: &str, size: i64) -> PgResult<bool> {
    Ok(c.execute(
        "INSERT INTO blobs (sha256, size) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&sha, &size],
    )
    .await?
        > 0)
}

/// Whether any of `units` (every unit when `None`) has a side referring to `sha`.
pub async fn blob_readable(
    c: &impl GenericClient,
    sha: &str,
    units: Option<&[String]>,
) -> PgResult<bool> {
    let row = match units {
        None => {
            c.query_opt(
                "SELECT 1 FROM assessment_blobs WHERE sha256 = $1 LIMIT 1",
                &[&sha],
            )
            .await?
        }
        Some(u) => {
            c.query_opt(
                "SELECT 1 FROM assessment_blobs WHERE sha256 = $1 AND unit = ANY($2) LIMIT 1",
                &[&sha, &u],
            )
            .await?
        }
    };
    Ok(row.is_some())
}

/// An upload: (id, sha256, size, part_size).
#[derive(Debug, Clone)]
pub struct UploadRow {
    /// Id.
    pub id: String,
    /// Announced hash.
    pub sha256: String,
    /// Announced size.
    pub size: i64,
    /// Part size.
    pub part_size: i64,
    /// Already hashed and stored (a one-part blob).
    pub stored: bool,
}

/// The unfinished upload of this hash and size, if any.
pub async fn open_upload(
    c: &impl GenericClient,
    sha: &str,
    size: i64,
) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        "SELECT id, sha256, size, part_size, stored FROM uploads WHERE sha256 = $1 AND size = $2 ORDER BY created_at LIMIT 1",
        &[&sha, &size],
    )
    .await?
    .map(|r| UploadRow {
        id: r.get(0),
        sha256: r.get(1),
        size: r.get(2),
        part_size: r.get(3),
        stored: r.get(4),
    }))
}

/// An upload by id.
pub async fn upload(c: &impl GenericClient, id: &str) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        "SELECT id, sha256, size, part_size, stored FROM uploads WHERE id = $1",
        &[&id],
    )
    .await?
    .map(|r| UploadRow {
        id: r.get(0),
        sha256: r.get(1),
        size: r.get(2),
        part_size: r.get(3),
        stored: r.get(4),
    }))
}

/// Start an upload.
pub async fn insert_upload(c: &impl GenericClient, u: &UploadRow) -> PgResult<()> {
    c.execute(
        "INSERT INTO uploads (id, sha256, size, part_size) VALUES ($1, $2, $3, $4)",
        &[&u.id, &u.sha256, &u.size, &u.part_size],
    )
    .await?;
    Ok(())
}

/// The parts an upload holds, ascending.
pub async fn upload_parts(c: &impl GenericClient, id: &str) -> PgResult<Vec<i32>> {
    Ok(c.query(
        "SELECT n FROM upload_parts WHERE upload_id = $1 ORDER BY n",
        &[&id],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}

/// Record a part whose bytes are stored.
pub async fn insert_part(c: &impl GenericClient, id: &str, n: i32, size: i64) -> PgResult<()> {
    c.execute(
        "INSERT INTO upload_parts (upload_id, n, size) VALUES ($1, $2, $3)
         ON CONFLICT (upload_id, n) DO UPDATE SET size = $3",
        &[&id, &n, &size],
    )
    .await?;
    Ok(())
}

/// Mark a one-part upload as stored (its blob row is written with it).
pub async fn mark_stored(c: &impl GenericClient, id: &str) -> PgResult<()> {
    c.execute("UPDATE uploads SET stored = true WHERE id = $1", &[&id])
        .await?;
    Ok(())
}

/// Claim an upload for completing (one completer at a time; a claim older
/// than ten minutes is stale). False when someone else holds it.
pub async fn claim_upload(c: &impl GenericClient, id: &str) -> PgResult<bool> {
    Ok(c.execute(
        "UPDATE uploads SET completing = now() WHERE id = $1
         AND (completing IS NULL OR completing < now() - interval '10 minutes')",
        &[&id],
    )
    .await?
        > 0)
}

/// Release a claim (the completion failed and may be retried).
pub async fn release_upload(c: &impl GenericClient, id: &str) -> PgResult<()> {
    c.execute("UPDATE uploads SET completing = NULL WHERE id = $1", &[&id])
        .await?;
    Ok(())
}

/// Forget an upload and its parts.
pub async fn delete_upload(c: &impl GenericClient, id: &str) -> PgResult<()> {
    c.execute("DELETE FROM uploads WHERE id = $1", &[&id])
        .await?;
    Ok(())
}

/// Uploads started more than `hours` ago that nobody is completing (a claim
/// older than ten minutes is stale), claimed here for removal: a client
/// resuming one afterwards starts afresh.
pub async fn claim_abandoned_uploads(c: &impl GenericClient, hours: i32) -> PgResult<Vec<String>> {
    Ok(c.query(
        "UPDATE uploads SET completing = now()
         WHERE created_at < now() - make_interval(hours => $1)
           AND (completing IS NULL OR completing < now() - interval '10 minutes')
         RETURNING id",
        &[&hours],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}
