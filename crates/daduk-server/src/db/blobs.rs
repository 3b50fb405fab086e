//! Blobs, who may use them, and uploads in progress.
//!
//! A blob is usable by a unit that proved it holds the bytes (a grant,
//! written when the unit's upload was hashed) or through a side the caller
//! may read (`assessment_blobs`); knowing a hash is never enough.

use deadpool_postgres::GenericClient;

use super::PgResult;

/// A hash a side refers to that the caller may not use: absent from the
/// server, not the caller's, or of another size than the side says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unusable {
    /// The hash.
    pub sha256: String,
    /// The size the side declares.
    pub claimed: i64,
    /// The stored size, when the blob is stored and the caller may use it.
    pub stored: Option<i64>,
}

/// Of `(hash, declared size)`, those the units `units` may not refer to: a
/// blob they were granted or that a side of theirs already refers to, of
/// exactly the declared size. Stored blobs of other units look absent.
pub async fn unusable_blobs(
    c: &impl GenericClient,
    hashes: &[String],
    sizes: &[i64],
    units: &[String],
) -> PgResult<Vec<Unusable>> {
    Ok(c.query(
        &c.prepare_cached("SELECT h.sha, h.size, b.size FROM unnest($1::text[], $2::bigint[]) AS h(sha, size)
         LEFT JOIN blobs b ON b.sha256 = h.sha AND (
             EXISTS (SELECT 1 FROM blob_grants g WHERE g.sha256 = h.sha AND g.unit = ANY($3))
             OR EXISTS (SELECT 1 FROM assessment_blobs ab WHERE ab.sha256 = h.sha AND ab.unit = ANY($3)))
         WHERE b.size IS DISTINCT FROM h.size
         ORDER BY h.sha").await?,
        &[&hashes, &sizes, &units],
    )
    .await?
    .into_iter()
    .map(|r| Unusable {
        sha256: r.get(0),
        claimed: r.get(1),
        stored: r.get(2),
    })
    .collect())
}

/// A stored blob's size, if `units` may read it (every unit when `None`):
/// granted to one of them, or referred to by one of their sides.
pub async fn visible_blob(
    c: &impl GenericClient,
    sha: &str,
    units: Option<&[String]>,
) -> PgResult<Option<i64>> {
    let units: Option<Vec<String>> = units.map(<[String]>::to_vec);
    Ok(c.query_opt(
        &c.prepare_cached("SELECT b.size FROM blobs b WHERE b.sha256 = $1 AND (
             $2::text[] IS NULL
             OR EXISTS (SELECT 1 FROM blob_grants g WHERE g.sha256 = b.sha256 AND g.unit = ANY($2))
             OR EXISTS (SELECT 1 FROM assessment_blobs ab WHERE ab.sha256 = b.sha256 AND ab.unit = ANY($2)))").await?,
        &[&sha, &units],
    )
    .await?
    .map(|r| r.get(0)))
}

/// Whether a blob is stored (whoever's it is).
pub async fn blob_stored(c: &impl GenericClient, sha: &str) -> PgResult<bool> {
    Ok(c.query_opt(
        &c.prepare_cached("SELECT 1 FROM blobs WHERE sha256 = $1")
            .await?,
        &[&sha],
    )
    .await?
    .is_some())
}

/// Record a blob whose bytes were hashed and stored, first stored by
/// `token_id`; false if it was already.
pub async fn insert_blob(
    c: &impl GenericClient,
    sha: &str,
    size: i64,
    token_id: i64,
) -> PgResult<bool> {
    Ok(c.execute(
        &c.prepare_cached(
            "INSERT INTO blobs (sha256, size, token_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .await?,
        &[&sha, &size, &token_id],
    )
    .await?
        > 0)
}

/// Grant a stored blob to `units` (they proved they hold its bytes); the
/// units newly granted.
pub async fn grant_blob(
    c: &impl GenericClient,
    sha: &str,
    units: &[String],
    token_id: i64,
) -> PgResult<Vec<String>> {
    Ok(c.query(
        &c.prepare_cached(
            "INSERT INTO blob_grants (sha256, unit, token_id)
         SELECT $1, u, $3 FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING RETURNING unit",
        )
        .await?,
        &[&sha, &units, &token_id],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}

/// Bytes `token_id` holds on the server that no side refers to: blobs it
/// stored first, and uploads it has in progress (their announced size).
pub async fn unreferenced_bytes(c: &impl GenericClient, token_id: i64) -> PgResult<i64> {
    Ok(c.query_one(
        &c.prepare_cached("SELECT (SELECT COALESCE(SUM(b.size), 0) FROM blobs b WHERE b.token_id = $1
                  AND NOT EXISTS (SELECT 1 FROM assessment_blobs ab WHERE ab.sha256 = b.sha256))::bigint
              + (SELECT COALESCE(SUM(u.size), 0) FROM uploads u WHERE u.token_id = $1 AND NOT u.stored)::bigint").await?,
        &[&token_id],
    )
    .await?
    .get(0))
}

/// An upload in progress.
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
    /// The token that started it.
    pub token_id: Option<i64>,
}

const UPLOAD_COLS: &str = "id, sha256, size, part_size, stored, token_id";

fn upload_row(r: &tokio_postgres::Row) -> UploadRow {
    UploadRow {
        id: r.get(0),
        sha256: r.get(1),
        size: r.get(2),
        part_size: r.get(3),
        stored: r.get(4),
        token_id: r.get(5),
    }
}

/// `token_id`'s unfinished upload of this hash and size, if any.
pub async fn open_upload(
    c: &impl GenericClient,
    sha: &str,
    size: i64,
    token_id: i64,
) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        &format!(
            "SELECT {UPLOAD_COLS} FROM uploads WHERE sha256 = $1 AND size = $2 AND token_id = $3
             ORDER BY created_at LIMIT 1"
        ),
        &[&sha, &size, &token_id],
    )
    .await?
    .as_ref()
    .map(upload_row))
}

/// `token_id`'s upload with this id (another token's is not found).
pub async fn upload(
    c: &impl GenericClient,
    id: &str,
    token_id: i64,
) -> PgResult<Option<UploadRow>> {
    Ok(c.query_opt(
        &format!("SELECT {UPLOAD_COLS} FROM uploads WHERE id = $1 AND token_id = $2"),
        &[&id, &token_id],
    )
    .await?
    .as_ref()
    .map(upload_row))
}

/// Start an upload.
pub async fn insert_upload(c: &impl GenericClient, u: &UploadRow) -> PgResult<()> {
    c.execute(
        &c.prepare_cached("INSERT INTO uploads (id, sha256, size, part_size, token_id) VALUES ($1, $2, $3, $4, $5)").await?,
        &[&u.id, &u.sha256, &u.size, &u.part_size, &u.token_id],
    )
    .await?;
    Ok(())
}

/// The parts an upload holds, ascending.
pub async fn upload_parts(c: &impl GenericClient, id: &str) -> PgResult<Vec<i32>> {
    Ok(c.query(
        &c.prepare_cached("SELECT n FROM upload_parts WHERE upload_id = $1 ORDER BY n")
            .await?,
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
        &c.prepare_cached(
            "INSERT INTO upload_parts (upload_id, n, size) VALUES ($1, $2, $3)
         ON CONFLICT (upload_id, n) DO UPDATE SET size = $3",
        )
        .await?,
        &[&id, &n, &size],
    )
    .await?;
    Ok(())
}

/// Mark a one-part upload as stored (its blob row is written with it).
pub async fn mark_stored(c: &impl GenericClient, id: &str) -> PgResult<()> {
    c.execute(
        &c.prepare_cached("UPDATE uploads SET stored = true WHERE id = $1")
            .await?,
        &[&id],
    )
    .await?;
    Ok(())
}

/// Claim an upload for the rest of the transaction `c` is in: one completer
/// (or collector) at a time. The claim is a transaction-scoped advisory
/// lock, so it ends with the transaction — committed, rolled back, or its
/// connection gone with a crashed server. False when someone holds it.
pub async fn claim_upload(c: &impl GenericClient, id: &str) -> PgResult<bool> {
    Ok(c.query_one(
        &c.prepare_cached("SELECT pg_try_advisory_xact_lock($1, hashtext($2))")
            .await?,
        &[&UPLOAD_LOCK_CLASS, &id],
    )
    .await?
    .get(0))
}

/// The first key of the uploads' advisory locks (ASCII "upld"): the two-key
/// lock space is apart from the one-key space the migrations lock uses.
const UPLOAD_LOCK_CLASS: i32 = 0x7570_6c64;

/// Forget an upload and its parts.
pub async fn delete_upload(c: &impl GenericClient, id: &str) -> PgResult<()> {
    c.execute(
        &c.prepare_cached("DELETE FROM uploads WHERE id = $1")
            .await?,
        &[&id],
    )
    .await?;
    Ok(())
}

/// Uploads started more than `hours` ago (candidates for collection; each
/// is claimed before it is removed).
pub async fn old_uploads(c: &impl GenericClient, hours: i32) -> PgResult<Vec<String>> {
    Ok(c.query(
        &c.prepare_cached("SELECT id FROM uploads WHERE created_at < now() - make_interval(hours => $1) ORDER BY created_at").await?,
        &[&hours],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}

/// Every stored blob: (hash, size), by hash.
pub async fn all_blobs(c: &impl GenericClient) -> PgResult<Vec<(String, i64)>> {
    Ok(c.query(
        &c.prepare_cached("SELECT sha256, size FROM blobs ORDER BY sha256")
            .await?,
        &[],
    )
    .await?
    .into_iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect())
}

/// Hashes a side refers to with no stored blob (never, if all is well).
pub async fn referenced_without_blob(c: &impl GenericClient) -> PgResult<Vec<String>> {
    Ok(c.query(
        &c.prepare_cached(
            "SELECT DISTINCT ab.sha256 FROM assessment_blobs ab
         WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = ab.sha256) ORDER BY 1",
        )
        .await?,
        &[],
    )
    .await?
    .into_iter()
    .map(|r| r.get(0))
    .collect())
}
