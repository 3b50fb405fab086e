//! PostgreSQL: the pool, the versioned migrations, and every statement the
//! server runs (no SQL elsewhere in the crate): tokens, units and the logs
//! here, assessments in `sides`, blobs, their grants and uploads in
//! `blobs`, the evaluation and proposals in `proposals`, the instansi's
//! prerequisites in `prerequisites`.

mod blobs;
mod prerequisites;
mod proposals;
mod sides;

pub use blobs::*;
pub use prerequisites::*;
pub use proposals::*;
pub use sides::*;

use std::time::Duration;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

/// The migrations, in order: (version, SQL). Applied once each, at start,
/// under an advisory lock so two servers starting at once do not race.
const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_ownership.sql")),
    (
        3,
        include_str!("../../migrations/0003_figures_from_sides.sql"),
    ),
    (4, include_str!("../../migrations/0004_prerequisites.sql")),
    (5, include_str!("../../migrations/0005_tpn.sql")),
];

/// A pool whose waits are bounded: with PostgreSQL down a request fails in
/// seconds with 503 instead of hanging. With `sslmode=require` (or libpq's
/// `verify-ca` / `verify-full`) the connection is TLS, and the database's
/// certificate is verified — name and chain — against `ca_file` or the
/// system's roots; otherwise it is plain TCP (a database on this machine).
pub fn pool(url: &str, ca_file: Option<&std::path::Path>) -> Result<Pool> {
    let (url, verify) = libpq_verify_modes(url);
    let pg: tokio_postgres::Config = url.parse().context("database_url tidak sah")?;
    let tls = verify || pg.get_ssl_mode() == tokio_postgres::config::SslMode::Require;
    let config = ManagerConfig {
        recycling_method: RecyclingMethod::Verified,
    };
    let mgr = if tls {
        Manager::from_config(pg, pg_tls(ca_file)?, config)
    } else {
        if ca_file.is_some() {
            anyhow::bail!(
                "database_ca_file diisi tetapi database_url tidak meminta TLS; tambahkan sslmode=require"
            );
        }
        Manager::from_config(pg, NoTls, config)
    };
    Pool::builder(mgr)
        .max_size(32)
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(Duration::from_secs(5)))
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(5)))
        .build()
        .context("kolam koneksi PostgreSQL tidak dapat dibuat")
}

/// libpq's `sslmode=verify-ca` / `verify-full`, which tokio-postgres does
/// not know, as `require` (this server always verifies); whether one was
/// given.
fn libpq_verify_modes(url: &str) -> (String, bool) {
    let mut verify = false;
    let mut out = url.to_string();
    for mode in ["verify-full", "verify-ca"] {
        let key = format!("sslmode={mode}");
        if out.contains(&key) {
            verify = true;
            out = out.replace(&key, "sslmode=require");
        }
    }
    (out, verify)
}

/// rustls for PostgreSQL: the CA file's certificates, else the system's
/// (webpki) roots.
fn pg_tls(ca_file: Option<&std::path::Path>) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match ca_file {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                .with_context(|| {
                    format!("database_ca_file {} tidak dapat dibaca", path.display())
                })?;
            if certs.is_empty() {
                anyhow::bail!(
                    "database_ca_file {} tidak berisi sertifikat",
                    path.display()
                );
            }
            for c in certs {
                roots
                    .add(c)
                    .with_context(|| format!("sertifikat di {} tidak sah", path.display()))?;
            }
        }
        None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
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
            &tx.prepare_cached("INSERT INTO schema_migrations (version) VALUES ($1)")
                .await?,
            &[version],
        )
        .await?;
        applied.push(*version);
    }
    tx.commit().await?;
    Ok(applied)
}

/// The newest migration applied to the database `c` is connected to (0
/// before any).
pub async fn applied_version(c: &impl GenericClient) -> Result<i32> {
    if !has_schema(c).await? {
        return Ok(0);
    }
    Ok(c.query_one(
        &c.prepare_cached("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .await?,
        &[],
    )
    .await?
    .get(0))
}

/// Whether the database holds Daduk's tables.
pub async fn has_schema(c: &impl GenericClient) -> Result<bool> {
    Ok(c.query_one(
        &c.prepare_cached("SELECT to_regclass('schema_migrations') IS NOT NULL")
            .await?,
        &[],
    )
    .await?
    .get(0))
}

/// The newest schema version this build knows.
pub fn schema_version() -> i32 {
    MIGRATIONS.last().map_or(0, |m| m.0)
}

pub(crate) type PgResult<T> = Result<T, tokio_postgres::Error>;

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

/// Store a new token (its hash) with its units (registered units only: the
/// caller checks, the foreign key insists).
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
        c.execute(
            &c.prepare_cached(
                "INSERT INTO token_units (token_id, unit) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .await?,
            &[&id, u],
        )
        .await?;
    }
    Ok(id)
}

/// Revoke a token; false when there is none.
pub async fn revoke_token(c: &impl GenericClient, id: i64) -> PgResult<bool> {
    Ok(c.execute(
        &c.prepare_cached(
            "UPDATE tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL",
        )
        .await?,
        &[&id],
    )
    .await?
        > 0)
}

/// Register a unit by code if unknown.
pub async fn ensure_unit(c: &impl GenericClient, code: &str) -> PgResult<()> {
    c.execute(
        &c.prepare_cached("INSERT INTO units (code) VALUES ($1) ON CONFLICT DO NOTHING")
            .await?,
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
        &c.prepare_cached(
            "INSERT INTO units (code, nama, instansi, afirmasi) VALUES ($1, $2, $3, $4)
         ON CONFLICT (code) DO UPDATE SET nama = $2, instansi = $3, afirmasi = $4",
        )
        .await?,
        &[&code, &nama, &instansi, &afirmasi],
    )
    .await?;
    Ok(())
}

/// Every unit: (code, nama, instansi, afirmasi).
pub async fn units(c: &impl GenericClient) -> PgResult<Vec<(String, String, String, bool)>> {
    Ok(c.query(
        &c.prepare_cached("SELECT code, nama, instansi, afirmasi FROM units ORDER BY code")
            .await?,
        &[],
    )
    .await?
    .into_iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
    .collect())
}

/// A unit: (nama, afirmasi).
pub async fn unit(c: &impl GenericClient, code: &str) -> PgResult<Option<(String, bool)>> {
    Ok(c.query_opt(
        &c.prepare_cached("SELECT nama, afirmasi FROM units WHERE code = $1")
            .await?,
        &[&code],
    )
    .await?
    .map(|r| (r.get(0), r.get(1))))
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
        &c.prepare_cached("INSERT INTO audit (token_id, actor, action, unit, year, detail) VALUES ($1, $2, $3, $4, $5, $6)").await?,
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
        &c.prepare_cached(
            "SELECT id, at, token_id, actor, action, unit, year, detail FROM audit
         WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .await?,
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
    token_id: Option<i64>,
    actor: &str,
    path: &str,
    unit: Option<&str>,
    status: i32,
    body_sha256: &str,
) -> PgResult<()> {
    c.execute(
        &c.prepare_cached("INSERT INTO fetches (token_id, actor, path, unit, status, body_sha256) VALUES ($1, $2, $3, $4, $5, $6)").await?,
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
        &c.prepare_cached(
            "SELECT id, at, token_id, actor, path, unit, status, body_sha256 FROM fetches
         WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .await?,
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
