//! PostgreSQL: the pool, the versioned migrations, and every statement the
//! server runs (no SQL elsewhere in the crate).

use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

/// The migrations, in order: (version, SQL). Applied once each, at start,
/// under an advisory lock so two servers starting at once do not race.
const MIGRATIONS: &[(i32, &str)] = &[(1, include_str!("../migrations/0001_init.sql"))];

/// A pool whose waits are bounded: with PostgreSQL down a request fails in
/// seconds with 503 instead of hanging.
pub fn pool(url: &str) -> Result<Pool> {
    let pg: tokio_postgres::Config = url.parse().context("database_url tidak sah")?;
    let mgr = Manager::from_config(
        pg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Verified,
        },
    );
    Pool::builder(mgr)
        .max_size(16)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .context("kolam koneksi PostgreSQL tidak dapat dibuat")
}

/// Apply the migrations not yet applied.
pub async fn migrate(pool: &Pool) -> Result<Vec<i32>> {
    let mut client = pool
        .get()
        .await
        .context("PostgreSQL tidak dapat dihubungi untuk migrasi")?;
    let tx = client.transaction().await?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(4242017);
         CREATE TABLE IF NOT EXISTS schema_migrations (
             version integer PRIMARY KEY,
             applied_at timestamptz NOT NULL DEFAULT now())",
    )
    .await?;
    let mut applied = Vec::new();
    for (version, sql) in MIGRATIONS {
        let done = tx
            .query_opt(
                "SELECT 1 FROM schema_migrations WHERE version = $1",
                &[version],
            )
            .await?
            .is_some();
        if done {
            continue;
        }
        tx.batch_execute(sql)
            .await
            .with_context(|| format!("migrasi {version} gagal"))?;
        tx.execute(
            "INSERT INTO schema_migrations (version) VALUES ($1)",
            &[version],
        )
        .await?;
        applied.push(*version);
    }
    tx.commit().await?;
    Ok(applied)
}

/// The newest schema version this build knows.
pub fn schema_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

type PgResult<T> = Result<T, tokio_postgres::Error>;

/// A token found by its hash.
#[derive(Debug, Clone)]
pub struct TokenRow {
    /// Id.
    pub id: i64,
    /// Role name.
    pub role: String,
    /// Label.
    pub label: String,
    /// Expiry.
    pub expires_at: Option<DateTime<Utc>>,
    /// Revoked.
    pub revoked: bool,
    /// Scoped units.
    pub units: Vec<String>,
}

/// The token with this hash.
pub async fn token_by_hash(c: &impl GenericClient, hash: &[u8]) -> PgResult<Option<TokenRow>> {
    let row = c
        .query_opt(
            "SELECT t.id, t.role, t.label, t.expires_at, t.revoked_at IS NOT NULL,
                    COALESCE(array_agg(u.unit ORDER BY u.unit) FILTER (WHERE u.unit IS NOT NULL), '{}')
             FROM tokens t LEFT JOIN token_units u ON u.token_id = t.id
             WHERE t.hash = $1 GROUP BY t.id",
            &[&hash],
        )
        .await?;
    Ok(row.map(|r| TokenRow {
        id: r.get(0),
        role: r.get(1),
        label: r.get(2),
        expires_at: r.get(3),
        revoked: r.get(4),
        units: r.get(5),
    }))
}

/// Every token (never the secret).
pub async fn tokens(c: &impl GenericClient) -> PgResult<Vec<(TokenRow, DateTime<Utc>)>> {
    let rows = c
        .query(
            "SELECT t.id, t.role, t.label, t.expires_at, t.revoked_at IS NOT NULL,
                    COALESCE(array_agg(u.unit ORDER BY u.unit) FILTER (WHERE u.unit IS NOT NULL), '{}'),
                    t.created_at
             FROM tokens t LEFT JOIN token_units u ON u.token_id = t.id
             GROUP BY t.id ORDER BY t.id",
            &[],
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                TokenRow {
                    id: r.get(0),
                    role: r.get(1),
                    label: r.get(2),
                    expires_at: r.get(3),
                    revoked: r.get(4),
                    units: r.get(5),
                },
                r.get(6),
            )
        })
        .collect())
}

/// Store a new token (its hash) with its units; units not known yet are
/// registered with their code as name.
pub async fn insert_token(
    c: &impl GenericClient,
    hash: &[u8],
    role: &str,
    label: &str,
    expires_at: Option<DateTime<Utc>>,
    units: &[String],
) -> PgResult<i64> {
    let id: i64 = c
        .query_one(
            "INSERT INTO tokens (hash, role, label, expires_at) VALUES ($1, $2, $3, $4) RETURNING id",
            &[&hash, &role, &label, &expires_at],
        )
        .await?
        .get(0);
    for u in units {
        ensure_unit(c, u).await?;
        c.execute(
            "INSERT INTO token_units (token_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&id, u],
        )
        .await?;
    }
    Ok(id)
}

/// Revoke a token; false when there is none.
pub async fn revoke_token(c: &impl GenericClient, id: i64) -> PgResult<bool> {
    Ok(c.execute(
        "UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
        &[&id],
    )
    .await?
        > 0)
}

/// Register a unit by code if unknown.
pub async fn ensure_unit(c: &impl GenericClient, code: &str) -> PgResult<()> {
    c.execute(
        "INSERT INTO units (code) VALUES ($1) ON CONFLICT DO NOTHING",
        &[&code],
    )
    .await?;
    Ok(())
}

/// Create or update a unit.
pub async fn put_unit(
    c: &impl GenericClient,
    code: &str,
    nama: &str,
    instansi: &str,
    afirmasi: bool,
) -> PgResult<()> {
    c.execute(
        "INSERT INTO units (code, nama, instansi, afirmasi) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET nama = $2, instansi = $3, afirmasi = $4",
        &[&code, &nama, &instansi, &afirmasi],
    )
    .await?;
    Ok(())
}

/// Every unit: (code, nama, instansi, afirmasi).
pub async fn units(c: &impl GenericClient) -> PgResult<Vec<(String, String, String, bool)>> {
    Ok(c.query(
        "SELECT code, nama, instansi, afirmasi FROM units ORDER BY code",
        &[],
    )
    .await?
    .into_iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect())
}

/// A unit: (nama, afirmasi).
pub async fn unit(c: &impl GenericClient, code: &str) -> PgResult<Option<(String, bool)>> {
    Ok(
        c.query_opt("SELECT nama, afirmasi FROM units WHERE code = $1", &[&code])
            .await?
            .map(|r| (r.get(0), r.get(1))),
    )
}

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
}

/// The unfinished upload of this hash and size, if any.
pub async fn open_upload(
    c: &impl GenericClient,
    sha: &str,
    size: i64,
) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        "SELECT id, sha256, size, part_size FROM uploads WHERE sha256 = $1 AND size = $2 ORDER BY created_at LIMIT 1",
        &[&sha, &size],
    )
    .await?
    .map(|r| UploadRow {
        id: r.get(0),
        sha256: r.get(1),
        size: r.get(2),
        part_size: r.get(3),
    }))
}

/// An upload by id.
pub async fn upload(c: &impl GenericClient, id: &str) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        "SELECT id, sha256, size, part_size FROM uploads WHERE id = $1",
        &[&id],
    )
    .await?
    .map(|r| UploadRow {
        id: r.get(0),
        sha256: r.get(1),
        size: r.get(2),
        part_size: r.get(3),
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

/// Append to the audit log.
pub async fn audit(
    c: &impl GenericClient,
    token_id: Option<i64>,
    actor: &str,
    action: &str,
    unit: Option<&str>,
    year: Option<i32>,
    detail: &str,
) -> PgResult<()> {
    c.execute(
        "INSERT INTO audit (token_id, actor, action, unit, year, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&token_id, &actor, &action, &unit, &year, &detail],
    )
    .await?;
    Ok(())
}

/// The audit log, newest last, at most `limit` rows after `after`.
pub async fn audit_rows(
    c: &impl GenericClient,
    after: i64,
    limit: i64,
) -> PgResult<Vec<daduk_wire::AuditRow>> {
    Ok(c.query(
        "SELECT id, at, token_id, actor, action, unit, year, detail FROM audit
         WHERE id > $1 ORDER BY id LIMIT $2",
        &[&after, &limit],
    )
    .await?
    .into_iter()
    .map(|r| daduk_wire::AuditRow {
        id: r.get(0),
        at: r.get::<_, DateTime<Utc>>(1).to_rfc3339(),
        token_id: r.get(2),
        actor: r.get(3),
        action: r.get(4),
        unit: r.get(5),
        year: r.get(6),
        detail: r.get(7),
    })
    .collect())
}

/// Log a PortalRB fetch.
pub async fn log_fetch(
    c: &impl GenericClient,
    token_id: i64,
    actor: &str,
    path: &str,
    unit: Option<&str>,
    status: i32,
    body_sha256: &str,
) -> PgResult<()> {
    c.execute(
        "INSERT INTO fetches (token_id, actor, path, unit, status, body_sha256) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&token_id, &actor, &path, &unit, &status, &body_sha256],
    )
    .await?;
    Ok(())
}

/// The fetch log.
pub async fn fetch_rows(
    c: &impl GenericClient,
    after: i64,
    limit: i64,
) -> PgResult<Vec<daduk_wire::FetchRow>> {
    Ok(c.query(
        "SELECT id, at, token_id, actor, path, unit, status, body_sha256 FROM fetches
         WHERE id > $1 ORDER BY id LIMIT $2",
        &[&after, &limit],
    )
    .await?
    .into_iter()
    .map(|r| daduk_wire::FetchRow {
        id: r.get(0),
        at: r.get::<_, DateTime<Utc>>(1).to_rfc3339(),
        token_id: r.get(2),
        actor: r.get(3),
        path: r.get(4),
        unit: r.get(5),
        status: u16::try_from(r.get::<_, i32>(6)).unwrap_or(0),
        body_sha256: r.get(7),
    })
    .collect())
}

/// The active evaluation: (year, start, end).
pub async fn evaluation(
    c: &impl GenericClient,
) -> PgResult<Option<(i32, Option<NaiveDate>, Option<NaiveDate>)>> {
    Ok(c.query_opt(
        "SELECT year, proposal_start, proposal_end FROM evaluation WHERE id = 1",
        &[],
    )
    .await?
    .map(|r| (r.get(0), r.get(1), r.get(2))))
}

/// Set the active evaluation.
pub async fn set_evaluation(
    c: &impl GenericClient,
    year: i32,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> PgResult<()> {
    c.execute(
        "INSERT INTO evaluation (id, year, proposal_start, proposal_end) VALUES (1, $1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET year = $1, proposal_start = $2, proposal_end = $3",
        &[&year, &start, &end],
    )
    .await?;
    Ok(())
}

/// A frozen proposal.
#[derive(Debug, Clone)]
pub struct ProposalRow {
    /// Unit.
    pub unit: String,
    /// Year.
    pub year: i32,
    /// Predicate.
    pub predicate: String,
    /// Unit version frozen.
    pub unit_version: i64,
    /// TPI version frozen.
    pub tpi_version: i64,
    /// The PortalRB answers body served.
    pub body: String,
    /// Its SHA-256.
    pub body_sha256: String,
    /// When.
    pub frozen_at: DateTime<Utc>,
}

const PROPOSAL_COLS: &str =
    "unit, year, predicate, unit_version, tpi_version, body, body_sha256, frozen_at";

fn proposal_row(r: &tokio_postgres::Row) -> ProposalRow {
    ProposalRow {
        unit: r.get(0),
        year: r.get(1),
        predicate: r.get(2),
        unit_version: r.get(3),
        tpi_version: r.get(4),
        body: r.get(5),
        body_sha256: r.get(6),
        frozen_at: r.get(7),
    }
}

/// Freeze a proposal; false when one is already frozen for the unit and year.
#[allow(clippy::too_many_arguments)]
pub async fn insert_proposal(
    c: &impl GenericClient,
    p: &ProposalRow,
    unit_manifest: &str,
    tpi_manifest: Option<&str>,
) -> PgResult<bool> {
    Ok(c.execute(
        "INSERT INTO proposals (unit, year, predicate, unit_version, tpi_version, unit_manifest, tpi_manifest, body, body_sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
        &[
            &p.unit,
            &p.year,
            &p.predicate,
            &p.unit_version,
            &p.tpi_version,
            &unit_manifest,
            &tpi_manifest,
            &p.body,
            &p.body_sha256,
        ],
    )
    .await?
        > 0)
}

/// Re-open a proposal; false when none was frozen.
pub async fn delete_proposal(c: &impl GenericClient, unit: &str, year: i32) -> PgResult<bool> {
    Ok(c.execute(
        "DELETE FROM proposals WHERE unit = $1 AND year = $2",
        &[&unit, &year],
    )
    .await?
        > 0)
}

/// The frozen proposals (of `year`, or every year).
pub async fn proposals(c: &impl GenericClient, year: Option<i32>) -> PgResult<Vec<ProposalRow>> {
    let rows = match year {
        Some(y) => {
            c.query(
                &format!("SELECT {PROPOSAL_COLS} FROM proposals WHERE year = $1 ORDER BY unit"),
                &[&y],
            )
            .await?
        }
        None => {
            c.query(
                &format!("SELECT {PROPOSAL_COLS} FROM proposals ORDER BY year, unit"),
                &[],
            )
            .await?
        }
    };
    Ok(rows.iter().map(proposal_row).collect())
}

/// One frozen proposal.
pub async fn proposal(
    c: &impl GenericClient,
    unit: &str,
    year: i32,
) -> PgResult<Option<ProposalRow>> {
    Ok(c.query_opt(
        &format!("SELECT {PROPOSAL_COLS} FROM proposals WHERE unit = $1 AND year = $2"),
        &[&unit, &year],
    )
    .await?
    .as_ref()
    .map(proposal_row))
}

/// The overview rows: every assessment of `units` (all when `None`) with its
/// summaries, the unit's name and the proposal, if any.
#[allow(clippy::type_complexity)]
pub async fn overview_rows(
    c: &impl GenericClient,
    units: Option<&[String]>,
) -> PgResult<
    Vec<(
        String,
        String,
        i32,
        Option<String>,
        Option<String>,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
        Option<String>,
    )>,
> {
    let sql = "SELECT a.unit, u.nama, a.year, a.unit_summary, a.tpi_summary, a.unit_synced_at,
                      a.tpi_synced_at, p.predicate
               FROM assessments a JOIN units u ON u.code = a.unit
               LEFT JOIN proposals p ON p.unit = a.unit AND p.year = a.year
               WHERE ($1::text[] IS NULL OR a.unit = ANY($1))
               ORDER BY a.unit, a.year";
    let units: Option<Vec<String>> = units.map(<[String]>::to_vec);
    Ok(c.query(sql, &[&units])
        .await?
        .into_iter()
        .map(|r| {
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
                r.get(7),
            )
        })
        .collect())
}
