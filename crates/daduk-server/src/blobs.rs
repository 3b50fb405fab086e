//! Blob uploads — whole or in resumable parts — visible only after the
//! server hashed the whole, never overwritten, and usable only by the units
//! that proved they hold the bytes (or through a side the caller may read).
//!
//! A hash is a name, not a permission: `HEAD` and `GET` answer 404 for a
//! blob the caller may not read, exactly as for one that is not stored, so
//! a unit that holds the same file proves it by uploading it (the bytes are
//! hashed and the blob granted to its units; nothing is stored twice).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State as AxState};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use daduk_wire::{BlobStored, TokenRole, UploadStart, UploadState, codes, part_count};
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
    let units = caller.readable_units()?;
    let client = state.pool.get().await?;
    // The same answer whether the blob is absent or not the caller's.
    let Some(size) = db::visible_blob(&client, &sha, units).await? else {
        return Err(ApiError::not_found(format!(
            "berkas {} tidak ada pada penilaian yang boleh Anda baca",
            &sha[..12]
        )));
    };
    drop(client);
    if method == Method::HEAD {
        return Ok(([(header::CONTENT_LENGTH, size.to_string())], StatusCode::OK).into_response());
    }
    let got = state
        .downloads
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

/// Only a unit's token uploads: an upload is a unit proving it holds a
/// file, and the blob becomes its units'.
fn may_upload(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Unit], "mengunggah berkas")
}

/// Refuse a blob larger than the server takes, or one that would take the
/// token past its quota of bytes no side refers to yet.
async fn check_room(
    state: &State,
    client: &impl deadpool_postgres::GenericClient,
    caller: &Caller,
    size: u64,
) -> ApiResult<()> {
    let limits = &state.config.limits;
    if size > limits.max_blob_bytes {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::TOO_LARGE,
            format!(
                "berkas {size} bita; batas server {} bita",
                limits.max_blob_bytes
            ),
        ));
    }
    let quota = limits.unreferenced_quota_bytes;
    // Within a known bound (most uploads of a sync): no sum over the database.
    let Err(generation) = state.quota.admit(caller.token_id, size, quota) else {
        return Ok(());
    };
    let held = u64::try_from(db::unreferenced_bytes(client, caller.token_id).await?).unwrap_or(0);
    if !state
        .quota
        .admit_exact(caller.token_id, generation, held, size, quota)
    {
        return Err(ApiError::new(
            StatusCode::INSUFFICIENT_STORAGE,
            codes::QUOTA_EXCEEDED,
            format!(
                "kuota berkas token ini habis: {held} bita sudah diunggah tetapi belum dirujuk penilaian mana pun (batas {} bita); kirim dulu jawaban yang merujuk berkas itu (sinkronkan), lalu unggah sisanya",
                limits.unreferenced_quota_bytes
            ),
        ));
    }
    Ok(())
}

/// Record a blob whose bytes were just hashed (and stored, if new) for the
/// caller's units, with its audit entry, in the transaction `tx`; whether
/// the blob itself is new.
async fn record_blob(
    tx: &deadpool_postgres::Transaction<'_>,
    caller: &Caller,
    sha: &str,
    size: i64,
) -> ApiResult<bool> {
    let fresh = db::insert_blob(tx, sha, size, caller.token_id).await?;
    let granted = db::grant_blob(tx, sha, &caller.units, caller.token_id).await?;
    if fresh || !granted.is_empty() {
        db::audit(
            tx,
            Some(caller.token_id),
            &caller.actor(),
            if fresh { "blob-stored" } else { "blob-proved" },
            None,
            None,
            &format!(
                "sha256 {sha} ({size} bita) untuk unit {}",
                granted.join(", ")
            ),
        )
        .await?;
    }
    Ok(fresh)
}

fn stored(sha: &str, size: u64, fresh: bool) -> Response {
    (
        if fresh {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(BlobStored {
            sha256: sha.to_string(),
            size,
        }),
    )
        .into_response()
}

fn mismatch(claimed: &str, claimed_size: u64, got: &str, size: u64, what: &str) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        codes::HASH_MISMATCH,
        format!(
            "isi berkas tidak cocok: diumumkan sha256 {claimed} ({claimed_size} bita), diterima sha256 {got} ({size} bita); {what}, unggah ulang"
        ),
    )
}

/// Write bytes whose hash was checked at their key, unless a blob is
/// already there (the key is the hash: whatever is there is these bytes).
async fn put_checked(state: &State, sha: &str, bytes: Bytes) -> ApiResult<()> {
    let client = state.pool.get().await?;
    let known = db::blob_stored(&client, sha).await?;
    drop(client);
    if !known {
        state
            .store
            .put(&blob_key(sha), PutPayload::from_bytes(bytes))
            .await
            .map_err(ApiError::store)?;
    }
    Ok(())
}

/// `PUT /api/v1/blobs/{sha256}`: a blob of at most one part
/// (`MAX_PART_BYTES`) in one request — most evidence files. Hashed whole
/// first; stored at its own key when new; granted to the caller's units. 201
/// when new, 200 when it was already stored.
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
    check_room(&state, &state.pool.get().await?, &caller, size).await?;
    let got = hex(&Sha256::digest(&bytes));
    if got != sha {
        return Err(mismatch(&sha, size, &got, size, "tidak disimpan"));
    }
    put_checked(&state, &sha, bytes).await?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let fresh = record_blob(&tx, &caller, &sha, size as i64).await?;
    tx.commit().await?;
    Ok(stored(&sha, size, fresh))
}

/// `POST /api/v1/blobs/{sha256}/uploads`: start, or resume this token's
/// unfinished upload of the same hash and size.
pub async fn start_upload(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(sha): Path<String>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<UploadState>> {
    may_upload(&caller)?;
    check_sha(&sha)?;
    let start: UploadStart = json_body(body)?;
    let size = i64::try_from(start.size).map_err(|_| ApiError::invalid("ukuran tidak sah"))?;
    let client = state.pool.get().await?;
    let upload = match db::open_upload(&client, &sha, size, caller.token_id).await? {
        Some(u) => u,
        None => {
            check_room(&state, &client, &caller, start.size).await?;
            let mut id = [0u8; 16];
            getrandom::fill(&mut id).map_err(ApiError::internal)?;
            let u = db::UploadRow {
                id: hex(&id),
                sha256: sha.clone(),
                size,
                part_size: i64::try_from(state.config.limits.part_size).unwrap_or(8 << 20),
                stored: false,
                token_id: Some(caller.token_id),
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

/// The caller's upload `id`: another token's upload is not found, exactly
/// like one that does not exist.
async fn own_upload(
    client: &impl deadpool_postgres::GenericClient,
    caller: &Caller,
    id: &str,
) -> ApiResult<db::UploadRow> {
    check_upload_id(id)?;
    db::upload(client, id, caller.token_id)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(
                "unggahan tidak ada (sudah selesai, dibatalkan, atau milik token lain); mulai lagi",
            )
        })
}

/// `PUT /api/v1/uploads/{id}/parts/{n}`.
pub async fn put_part(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((id, n)): Path<(String, String)>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<StatusCode> {
    may_upload(&caller)?;
    let n: u32 = n
        .parse()
        .map_err(|_| ApiError::invalid("nomor bagian harus angka"))?;
    let bytes = body_bytes(body)?;
    let client = state.pool.get().await?;
    let u = own_upload(&client, &caller, &id).await?;
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
    if count == 1 {
        // A blob of one part (most evidence files) is hashed on arrival and
        // stored at its own key at once: one write instead of a part
        // written, read back and written again.
        let got = hex(&Sha256::digest(&bytes));
        if got != u.sha256 {
            db::delete_upload(&client, &id).await?;
            return Err(mismatch(&u.sha256, size, &got, size, "unggahan dibatalkan"));
        }
        drop(client);
        put_checked(&state, &u.sha256, bytes).await?;
        let mut client = state.pool.get().await?;
        let tx = client.transaction().await?;
        record_blob(&tx, &caller, &u.sha256, u.size).await?;
        db::insert_part(&tx, &id, 0, expected as i64).await?;
        db::mark_stored(&tx, &id).await?;
        tx.commit().await?;
        return Ok(StatusCode::NO_CONTENT);
    }
    drop(client);
    // The part's bytes first, then its row: a part is counted only once
    // stored. (Only the upload's owner writes its parts; a part replaced
    // during a completion makes the hash differ, and nothing is kept.)
    state
        .store
        .put(&part_key(&id, n), PutPayload::from_bytes(bytes))
        .await
        .map_err(ApiError::store)?;
    let client = state.pool.get().await?;
    db::insert_part(&client, &id, n as i32, expected as i64).await?;
    Ok(StatusCode::NO_CONTENT)
}

fn busy() -> ApiError {
    let mut e = ApiError::new(
        StatusCode::CONFLICT,
        codes::UPLOAD_BUSY,
        "unggahan berkas ini sedang diselesaikan oleh permintaan lain; tunggu beberapa detik lalu coba lagi",
    );
    e.retry_after = Some(5);
    e
}

/// `POST /api/v1/uploads/{id}/complete`. The work runs as its own task, so
/// a client that goes away does not leave a half-written blob; its claim on
/// the upload is a lock that ends with its transaction, or with the server.
pub async fn complete_upload(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    may_upload(&caller)?;
    tokio::spawn(complete(state, caller, id))
        .await
        .map_err(ApiError::internal)?
}

async fn complete(state: State, caller: Caller, id: String) -> ApiResult<Response> {
    let (u, count) = {
        let client = state.pool.get().await?;
        let u = own_upload(&client, &caller, &id).await?;
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
        if u.stored {
            // A one-part blob, hashed, stored and granted when its part arrived.
            db::delete_upload(&client, &id).await?;
            return Ok(stored(&u.sha256, u.size as u64, true));
        }
        (u, count)
    };
    // At most a few assemblies at once: each holds parts in memory. The
    // wait for a slot holds no database connection — many completions
    // queued behind a few assemblies must not empty the pool that every
    // other request needs.
    let _slot = state
        .assemblies
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    if !db::claim_upload(&tx, &id).await? {
        return Err(busy());
    }
    // Still there: not completed (or failed) by another request while this
    // one waited, which it would say as it always did (not found).
    own_upload(&tx, &caller, &id).await?;
    let known = db::blob_stored(&tx, &u.sha256).await?;
    match assemble(state.store.as_ref(), &u, count, !known).await {
        Ok(()) => {
            let fresh = record_blob(&tx, &caller, &u.sha256, u.size).await?;
            db::delete_upload(&tx, &id).await?;
            tx.commit().await?;
            drop(client);
            drop_parts(state.store.as_ref(), &id, count).await;
            Ok(stored(&u.sha256, u.size as u64, fresh))
        }
        Err(Assembly::Mismatch(got, size)) => {
            db::delete_upload(&tx, &id).await?;
            tx.commit().await?;
            drop(client);
            drop_parts(state.store.as_ref(), &id, count).await;
            Err(mismatch(
                &u.sha256,
                u.size as u64,
                &got,
                size,
                "bagian-bagiannya dibuang",
            ))
        }
        // The transaction rolls back: the claim ends, the upload stays.
        Err(Assembly::Store(e)) => Err(ApiError::store(e)),
    }
}

enum Assembly {
    Mismatch(String, u64),
    Store(object_store::Error),
}

/// Hash the parts in order; with `write`, write them to the blob's key at
/// the same time (a multipart upload completed only if the hash matches,
/// aborted otherwise). Without it (the blob is stored already) the parts
/// only prove that the caller holds the bytes.
async fn assemble(
    store: &dyn ObjectStore,
    u: &db::UploadRow,
    count: u32,
    write: bool,
) -> Result<(), Assembly> {
    let mut writer = if write {
        let upload = store
            .put_multipart(&blob_key(&u.sha256))
            .await
            .map_err(Assembly::Store)?;
        Some(WriteMultipart::new_with_chunk_size(upload, 8 << 20))
    } else {
        None
    };
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
                if let Some(w) = writer {
                    let _ = w.abort().await;
                }
                return Err(Assembly::Store(e));
            }
        };
        size += part.len() as u64;
        hasher.update(&part);
        if let Some(w) = writer.as_mut() {
            if let Err(e) = w.wait_for_capacity(2).await {
                if let Some(w) = writer {
                    let _ = w.abort().await;
                }
                return Err(Assembly::Store(e));
            }
            w.put(part);
        }
    }
    let got = hex(&hasher.finalize());
    if got != u.sha256 || size != u.size as u64 {
        if let Some(w) = writer {
            let _ = w.abort().await;
        }
        return Err(Assembly::Mismatch(got, size));
    }
    if let Some(w) = writer {
        w.finish().await.map_err(Assembly::Store)?;
    }
    Ok(())
}

/// Remove an upload's parts from the store (best effort: a leftover part is
/// never visible as a blob, and the collector lists what is left).
async fn drop_parts(store: &dyn ObjectStore, id: &str, count: u32) {
    for n in 0..count {
        let _ = store.delete(&part_key(id, n)).await;
    }
}
