//! Blob uploads in parts, resumable, visible only after the server hashed
//! the whole; never overwritten.

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State as AxState};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use daduk_wire::{BlobStored, TokenRole, UploadStart, UploadState, codes, part_count};
use futures::TryStreamExt;
use object_store::{ObjectStore, PutPayload, WriteMultipart};
use sha2::{Digest, Sha256};

use crate::auth::{Caller, check_sha, hex};
use crate::error::{ApiError, ApiResult};
use crate::store::{blob_key, part_key};
use crate::{State, body_bytes, db, json_body};

/// `HEAD` / `GET /api/v1/blobs/{sha256}`.
pub async fn get_blob(
    caller: Caller,
    method: Method,
    AxState(state): AxState<State>,
    Path(sha): Path<String>,
) -> ApiResult<Response> {
    check_sha(&sha)?;
    let client = state.pool.get().await?;
    if method == Method::HEAD {
        caller.require(
            &[TokenRole::Admin, TokenRole::Unit, TokenRole::Evaluator],
            "memeriksa berkas",
        )?;
        return match db::blob(&client, &sha).await? {
            Some(size) => {
                Ok(([(header::CONTENT_LENGTH, size.to_string())], StatusCode::OK).into_response())
            }
            None => Ok(StatusCode::NOT_FOUND.into_response()),
        };
    }
    let units = caller.readable_units()?;
    if db::blob(&client, &sha).await?.is_none() || !db::blob_readable(&client, &sha, units).await? {
        // The same answer whether the blob is absent or not the caller's.
        return Err(ApiError::not_found(format!(
            "berkas {} tidak ada pada penilaian yang boleh Anda baca",
            &sha[..12]
        )));
    }
    drop(client);
    let got = state
        .store
        .get(&blob_key(&sha))
        .await
        .map_err(ApiError::store)?;
    let size = got.meta.size;
    let stream = got.into_stream();
    Ok((
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (header::CONTENT_LENGTH, size.to_string()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// `PUT /api/v1/blobs/{sha256}`: a blob of at most one part
/// (`MAX_PART_BYTES`) in one request — most evidence files. Hashed whole
/// first; stored at its own key only when the hash matches; visible (a
/// `blobs` row) only after that. 201 when new, 200 when already stored.
pub async fn put_blob(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(sha): Path<String>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Response> {
    may_upload(&caller)?;
    check_sha(&sha)?;
    let bytes = body_bytes(body)?;
    let size = bytes.len() as u64;
    let limit = state.config.limits.max_blob_bytes;
    if size > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::TOO_LARGE,
            format!("berkas {size} bita; batas server {limit} bita"),
        ));
    }
    let got = hex(&Sha256::digest(&bytes));
    if got != sha {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::HASH_MISMATCH,
            format!(
                "isi berkas tidak cocok: diumumkan sha256 {sha}, diterima sha256 {got} ({size} bita); tidak disimpan, unggah ulang"
            ),
        ));
    }
    let done = |status: StatusCode| {
        (
            status,
            Json(BlobStored {
                sha256: sha.clone(),
                size,
            }),
        )
            .into_response()
    };
    let client = state.pool.get().await?;
    if db::blob(&client, &sha).await?.is_some() {
        return Ok(done(StatusCode::OK));
    }
    drop(client);
    // Written without asking first: the key is the hash of these bytes, so
    // whatever is there already (a request that died before its row, or a
    // concurrent one) is these same bytes — never other content.
    state
        .store
        .put(&blob_key(&sha), PutPayload::from_bytes(bytes))
        .await
        .map_err(ApiError::store)?;
    // The row and its audit entry in one commit.
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let fresh = db::insert_blob(&tx, &sha, size as i64).await?;
    if fresh {
        db::audit(
            &tx,
            Some(caller.token_id),
            &caller.actor(),
            "blob-stored",
            None,
            None,
            &format!("sha256 {sha} ({size} bita)"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(done(if fresh {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }))
}

fn may_upload(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Admin, TokenRole::Unit], "mengunggah berkas")
}

/// `POST /api/v1/blobs/{sha256}/uploads`: start, or resume the unfinished
/// upload of the same hash and size.
pub async fn start_upload(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(sha): Path<String>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<UploadState>> {
    may_upload(&caller)?;
    check_sha(&sha)?;
    let start: UploadStart = json_body(body)?;
    let limit = state.config.limits.max_blob_bytes;
    if start.size > limit {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::TOO_LARGE,
            format!("berkas {} bita; batas server {limit} bita", start.size),
        ));
    }
    let size = i64::try_from(start.size).map_err(|_| ApiError::invalid("ukuran tidak sah"))?;
    let client = state.pool.get().await?;
    let upload = match db::open_upload(&client, &sha, size).await? {
        Some(u) => u,
        None => {
            let mut id = [0u8; 16];
            getrandom::fill(&mut id).map_err(ApiError::internal)?;
            let u = db::UploadRow {
                id: hex(&id),
                sha256: sha.clone(),
                size,
                part_size: i64::try_from(state.config.limits.part_size).unwrap_or(8 << 20),
                stored: false,
            };
            db::insert_upload(&client, &u).await?;
            u
        }
    };
    let parts = db::upload_parts(&client, &upload.id).await?;
    Ok(Json(UploadState {
        upload_id: upload.id,
        part_size: upload.part_size as u64,
        parts_received: parts.into_iter().map(|n| n as u32).collect(),
    }))
}

fn check_upload_id(id: &str) -> ApiResult<()> {
    if id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(())
    } else {
        Err(ApiError::invalid("id unggahan tidak sah"))
    }
}

/// `PUT /api/v1/uploads/{id}/parts/{n}`.
pub async fn put_part(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((id, n)): Path<(String, String)>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<StatusCode> {
    may_upload(&caller)?;
    check_upload_id(&id)?;
    let n: u32 = n
        .parse()
        .map_err(|_| ApiError::invalid("nomor bagian harus angka"))?;
    let bytes = body_bytes(body)?;
    let client = state.pool.get().await?;
    let u = db::upload(&client, &id).await?.ok_or_else(|| {
        ApiError::not_found("unggahan tidak ada (sudah selesai atau dibatalkan); mulai lagi")
    })?;
    let (size, part_size) = (u.size as u64, u.part_size as u64);
    let count = part_count(size, part_size);
    if n >= count {
        return Err(ApiError::invalid(format!(
            "bagian {n} di luar 0..{}",
            count - 1
        )));
    }
    let expected = if n + 1 == count {
        size - u64::from(count - 1) * part_size
    } else {
        part_size
    };
    if bytes.len() as u64 != expected {
        return Err(ApiError::invalid(format!(
            "bagian {n} berukuran {} bita; seharusnya {expected}",
            bytes.len()
        )));
    }
    // A blob of one part (most evidence files) is hashed on arrival and,
    // when it matches, stored at its own key at once: one write instead of
    // a part written, read back and written again. It is visible only now
    // that it has been hashed whole, as any blob.
    if count == 1 && hex(&Sha256::digest(&bytes)) == u.sha256 {
        let fresh = db::blob(&client, &u.sha256).await?.is_none();
        if fresh {
            drop(client);
            let key = blob_key(&u.sha256);
            if state.store.head(&key).await.is_err() {
                state
                    .store
                    .put(&key, PutPayload::from_bytes(bytes))
                    .await
                    .map_err(ApiError::store)?;
            }
            let client = state.pool.get().await?;
            db::insert_blob(&client, &u.sha256, u.size).await?;
            db::insert_part(&client, &id, 0, expected as i64).await?;
            db::mark_stored(&client, &id).await?;
            db::audit(
                &client,
                Some(caller.token_id),
                &caller.actor(),
                "blob-stored",
                None,
                None,
                &format!("sha256 {} ({} bita)", u.sha256, u.size),
            )
            .await?;
            return Ok(StatusCode::NO_CONTENT);
        }
    }
    drop(client);
    // The part's bytes first, then its row: a part is counted only once stored.
    state
        .store
        .put(&part_key(&id, n), PutPayload::from_bytes(bytes))
        .await
        .map_err(ApiError::store)?;
    let client = state.pool.get().await?;
    db::insert_part(&client, &id, n as i32, expected as i64).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/uploads/{id}/complete`.
pub async fn complete_upload(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    may_upload(&caller)?;
    check_upload_id(&id)?;
    let client = state.pool.get().await?;
    let u = db::upload(&client, &id).await?.ok_or_else(|| {
        ApiError::not_found("unggahan tidak ada (sudah selesai atau dibatalkan); mulai lagi")
    })?;
    let count = part_count(u.size as u64, u.part_size as u64);
    let have = db::upload_parts(&client, &id).await?;
    let missing: Vec<u32> = (0..count)
        .filter(|n| !have.contains(&(*n as i32)))
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::invalid(format!(
            "{} bagian belum diterima (mis. bagian {}); kirim bagian itu lalu selesaikan lagi",
            missing.len(),
            missing[0]
        )));
    }
    let done = |status: StatusCode| {
        (
            status,
            Json(BlobStored {
                sha256: u.sha256.clone(),
                size: u.size as u64,
            }),
        )
            .into_response()
    };
    if u.stored {
        // A one-part blob, hashed and stored when its part arrived.
        db::delete_upload(&client, &id).await?;
        return Ok(done(StatusCode::CREATED));
    }
    if db::blob(&client, &u.sha256).await?.is_some() {
        db::delete_upload(&client, &id).await?;
        drop(client);
        drop_parts(state.store.as_ref(), &id, count).await;
        return Ok(done(StatusCode::OK));
    }
    if !db::claim_upload(&client, &id).await? {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            codes::INVALID,
            "unggahan ini sedang diselesaikan oleh permintaan lain; tunggu sebentar lalu periksa berkasnya",
        ));
    }
    drop(client);
    let outcome = assemble(state.store.as_ref(), &u, count).await;
    let client = state.pool.get().await?;
    match outcome {
        Ok(()) => {
            let fresh = db::insert_blob(&client, &u.sha256, u.size).await?;
            db::audit(
                &client,
                Some(caller.token_id),
                &caller.actor(),
                "blob-stored",
                None,
                None,
                &format!("sha256 {} ({} bita)", u.sha256, u.size),
            )
            .await?;
            db::delete_upload(&client, &id).await?;
            drop(client);
            drop_parts(state.store.as_ref(), &id, count).await;
            Ok(done(if fresh {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            }))
        }
        Err(Assembly::Mismatch(got, size)) => {
            db::delete_upload(&client, &id).await?;
            drop(client);
            drop_parts(state.store.as_ref(), &id, count).await;
            Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                codes::HASH_MISMATCH,
                format!(
                    "isi berkas tidak cocok: diumumkan sha256 {} ({} bita), diterima sha256 {got} ({size} bita); bagian-bagiannya dibuang, unggah ulang",
                    u.sha256, u.size
                ),
            ))
        }
        Err(Assembly::Store(e)) => {
            db::release_upload(&client, &id).await?;
            Err(ApiError::store(e))
        }
    }
}

enum Assembly {
    Mismatch(String, u64),
    Store(object_store::Error),
}

/// Hash the parts in order while writing them to the blob's key; the blob
/// is written only if the hash matches (a multipart upload that is aborted
/// on a mismatch, or a single put after hashing a small one).
async fn assemble(store: &dyn ObjectStore, u: &db::UploadRow, count: u32) -> Result<(), Assembly> {
    let key = blob_key(&u.sha256);
    // A blob already at its key (a completion that stopped before its row
    // was written) is re-hashed, never overwritten.
    if store.head(&key).await.is_ok() {
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut stream = store
            .get(&key)
            .await
            .map_err(Assembly::Store)?
            .into_stream();
        while let Some(chunk) = stream.try_next().await.map_err(Assembly::Store)? {
            size += chunk.len() as u64;
            hasher.update(&chunk);
        }
        let got = hex(&hasher.finalize());
        return if got == u.sha256 && size == u.size as u64 {
            Ok(())
        } else {
            Err(Assembly::Mismatch(got, size))
        };
    }
    if count == 1 {
        let bytes = store
            .get(&part_key(&u.id, 0))
            .await
            .map_err(Assembly::Store)?
            .bytes()
            .await
            .map_err(Assembly::Store)?;
        let got = hex(&Sha256::digest(&bytes));
        if got != u.sha256 || bytes.len() as u64 != u.size as u64 {
            return Err(Assembly::Mismatch(got, bytes.len() as u64));
        }
        store
            .put(&key, PutPayload::from_bytes(bytes))
            .await
            .map_err(Assembly::Store)?;
        return Ok(());
    }
    let upload = store.put_multipart(&key).await.map_err(Assembly::Store)?;
    let mut writer = WriteMultipart::new_with_chunk_size(upload, 8 << 20);
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    for n in 0..count {
        let part = match store.get(&part_key(&u.id, n)).await {
            Ok(g) => g.bytes().await,
            Err(e) => Err(e),
        };
        let part = match part {
            Ok(p) => p,
            Err(e) => {
                let _ = writer.abort().await;
                return Err(Assembly::Store(e));
            }
        };
        size += part.len() as u64;
        hasher.update(&part);
        if let Err(e) = writer.wait_for_capacity(4).await {
            let _ = writer.abort().await;
            return Err(Assembly::Store(e));
        }
        writer.put(part);
    }
    let got = hex(&hasher.finalize());
    if got != u.sha256 || size != u.size as u64 {
        let _ = writer.abort().await;
        return Err(Assembly::Mismatch(got, size));
    }
    writer.finish().await.map_err(Assembly::Store)?;
    Ok(())
}

/// Remove an upload's parts from the store (best effort: a leftover part is
/// never visible as a blob).
async fn drop_parts(store: &dyn ObjectStore, id: &str, count: u32) {
    for n in 0..count {
        let _ = store.delete(&part_key(id, n)).await;
    }
}
