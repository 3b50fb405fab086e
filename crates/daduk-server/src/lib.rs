//! Daduk Server: one instansi's units, evaluators and PortalRB on PostgreSQL
//! (data) and an S3-compatible object store (evidence), with the desktop's
//! domain rules from `daduk-workspace`. The HTTP contract is
//! `docs/server-protocol.md`; its bodies are `daduk-wire`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri};
use axum::routing::{get, post, put};
use bytes::Bytes;
use deadpool_postgres::Pool;
use object_store::ObjectStore;
use serde::de::DeserializeOwned;

pub mod admin;
pub mod api;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod clock;
pub mod collect;
pub mod config;
pub mod db;
pub mod error;
pub mod guard;
pub mod missing;
pub mod overview;
pub mod portalrb;
pub mod prerequisites;
pub mod serve;
pub mod store;
pub mod summary;

use auth::Caller;
use error::{ApiError, ApiResult};

/// Everything a request needs.
#[derive(Debug)]
pub struct AppState {
    /// PostgreSQL.
    pub pool: Pool,
    /// The evidence store.
    pub store: Arc<dyn ObjectStore>,
    /// The same store for downloads (`store::open_for_downloads`).
    pub downloads: Arc<dyn ObjectStore>,
    /// The configuration.
    pub config: config::Config,
    /// Integration tokens' request buckets: (tokens left, last refill).
    pub rate: Mutex<HashMap<i64, (f64, Instant)>>,
    /// Request bodies held in memory at once.
    pub budget: guard::BodyBudget,
    /// Uploads being assembled at once.
    pub assemblies: tokio::sync::Semaphore,
    /// The instansi's time zone.
    pub zone: clock::Zone,
    /// The overview's figures per assessment version and day.
    pub figures: summary::Cache,
    /// Upper bounds of each token's bytes no side refers to.
    pub quota: guard::QuotaBounds,
}

impl AppState {
    /// The state for `config`, with its budgets.
    pub fn new(
        pool: Pool,
        store: Arc<dyn ObjectStore>,
        config: config::Config,
    ) -> anyhow::Result<AppState> {
        Ok(AppState {
            pool,
            store,
            downloads: store::open_for_downloads(&config.store)?,
            budget: guard::BodyBudget::new(config.limits.body_memory_bytes),
            assemblies: tokio::sync::Semaphore::new(config.limits.concurrent_assemblies),
            zone: clock::Zone::parse(&config.time_zone)?,
            figures: summary::Cache::default(),
            quota: guard::QuotaBounds::default(),
            config,
            rate: Mutex::new(HashMap::new()),
        })
    }
}

/// Shared state.
pub type State = Arc<AppState>;

/// The whole application.
pub fn router(state: State) -> Router {
    let v1 = Router::new()
        .route("/whoami", get(api::whoami))
        .route(
            "/blobs/{sha}",
            get(blobs::get_blob)
                .put(blobs::put_blob)
                .layer(DefaultBodyLimit::max(daduk_wire::MAX_PART_BYTES)),
        )
        .route("/blobs/missing", post(missing::missing_blobs))
        .route("/blobs/{sha}/uploads", post(blobs::start_upload))
        .route(
            "/uploads/{id}/parts/{n}",
            put(blobs::put_part).layer(DefaultBodyLimit::max(daduk_wire::MAX_PART_BYTES)),
        )
        .route("/uploads/{id}/complete", post(blobs::complete_upload))
        .route("/assessments", get(api::list))
        .route("/assessments/{unit}/{year}", get(api::get_one))
        .route("/assessments/{unit}/{year}/{side}", put(api::push))
        .route("/overview", get(overview::json))
        .route("/units/{unit}/trend", get(overview::trend))
        .route("/overview.xlsx", get(overview::xlsx))
        .nest("/admin", admin::router());
    let base = state.config.portalrb.base_path.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/overview", get(overview::page))
        .nest(daduk_wire::API, v1)
        .nest(&base, portalrb::router())
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(daduk_wire::MAX_JSON_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

async fn healthz() -> &'static str {
    "ok"
}

async fn not_found(uri: Uri) -> ApiError {
    let path: String = uri.path().chars().take(200).collect();
    ApiError::not_found(format!(
        "alamat '{}' tidak ada di server ini",
        daduk_domain::text::shown(&path)
    ))
}

impl FromRequestParts<State> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &State) -> ApiResult<Caller> {
        caller(state, &parts.headers).await
    }
}

/// Who sends `headers`: their bearer token, known, not revoked, not expired.
pub async fn caller(state: &State, headers: &axum::http::HeaderMap) -> ApiResult<Caller> {
    let token = auth::bearer(headers)?;
    let hash = auth::token_hash(token);
    let client = state.pool.get().await?;
    let row = db::token_by_hash(&client, &hash).await?.ok_or_else(|| {
        ApiError::unauthorized("token tidak dikenal; minta token baru ke admin instansi")
    })?;
    if row.revoked {
        return Err(ApiError::unauthorized(
            "token sudah dicabut; minta token baru ke admin instansi",
        ));
    }
    if row.expires_at.is_some_and(|e| e <= clock::now()) {
        return Err(ApiError::unauthorized(
            "token sudah kedaluwarsa; minta token baru ke admin instansi",
        ));
    }
    let role = daduk_wire::TokenRole::parse(&row.role)
        .ok_or_else(|| ApiError::internal(format!("peran token tidak dikenal: {}", row.role)))?;
    Ok(Caller {
        token_id: row.id,
        role,
        label: row.label,
        units: row.units,
    })
}

/// A JSON body, read whole within the limit and parsed; every failure as
/// the API's JSON error (413 for a body too large).
pub fn json_body<T: DeserializeOwned>(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<T> {
    let bytes = body_bytes(body)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            daduk_wire::codes::INVALID,
            format!("isi permintaan bukan JSON yang sah: {e}"),
        )
    })
}

/// A raw body within the limit.
pub fn body_bytes(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Bytes> {
    body.map_err(|e| {
        if guard::timed_out(&e) {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                daduk_wire::codes::TIMEOUT,
                "isi permintaan terlalu lambat dikirim (berhenti terlalu lama atau melewati batas waktu); kirim ulang",
            )
        } else if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                daduk_wire::codes::TOO_LARGE,
                "isi permintaan terlalu besar (JSON paling besar 16 MiB, satu bagian berkas 8 MiB)",
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                daduk_wire::codes::INVALID,
                "isi permintaan tidak dapat dibaca",
            )
        }
    })
}

/// A path's year.
pub fn parse_year(s: &str) -> ApiResult<i32> {
    let y: i32 = s
        .parse()
        .map_err(|_| ApiError::invalid("tahun harus angka, mis. 2026"))?;
    auth::check_year(y)?;
    Ok(y)
}
