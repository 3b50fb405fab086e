//! `POST /api/v1/blobs/missing`: which blobs a sync must still upload,
//! asked once for all of them.

use axum::Json;
use axum::extract::State as AxState;
use bytes::Bytes;
use daduk_wire::TokenRole;

use crate::auth::{Caller, check_sha};
use crate::error::{ApiError, ApiResult};
use crate::{State, db, json_body};

/// `POST /api/v1/blobs/missing`: of the blobs named, those the caller's
/// units may not use yet — the same rule a push is held to (`unusable`),
/// so another unit's blob is missing to it like an absent one.
pub async fn missing_blobs(
    caller: Caller,
    AxState(state): AxState<State>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<daduk_wire::MissingBlobs>> {
    caller.require(
        &[TokenRole::Unit, TokenRole::Evaluator],
        "menanyakan berkas yang belum ada",
    )?;
    let q: daduk_wire::BlobQuery = json_body(body)?;
    if q.blobs.len() > daduk_wire::MAX_BLOB_QUERY {
        return Err(ApiError::invalid(format!(
            "paling banyak {} berkas per permintaan; diminta {}",
            daduk_wire::MAX_BLOB_QUERY,
            q.blobs.len()
        )));
    }
    let mut hashes = Vec::with_capacity(q.blobs.len());
    let mut sizes = Vec::with_capacity(q.blobs.len());
    for b in &q.blobs {
        check_sha(&b.sha256)?;
        hashes.push(b.sha256.clone());
        sizes.push(i64::try_from(b.size).map_err(|_| {
            ApiError::invalid(format!("ukuran berkas {} tidak sah", &b.sha256[..12]))
        })?);
    }
    let client = state.pool.get().await?;
    let bad = db::unusable_blobs(&client, &hashes, &sizes, &caller.units).await?;
    let bad: std::collections::HashSet<String> = bad.into_iter().map(|b| b.sha256).collect();
    let missing = hashes.into_iter().filter(|h| bad.contains(h)).collect();
    Ok(Json(daduk_wire::MissingBlobs { missing }))
}
