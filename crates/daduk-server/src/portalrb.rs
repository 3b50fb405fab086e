//! PortalRB's integration endpoints (Panduan Teknis API Integrasi ZI 1.0.0,
//! evaluation year 2026) under the configured base path: the proposed
//! units of the active evaluation year, and each proposed unit's frozen
//! answers. Read-only, integration tokens only, rate limited, every fetch
//! logged with the SHA-256 of the body served.

use std::time::Instant;

use axum::Router;
use axum::extract::{OriginalUri, Path, State as AxState};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use daduk_domain::Target;
use daduk_domain::portalrb::api::{ProposedUnit, UnitList, kategori};
use daduk_wire::{TokenRole, codes};
use sha2::{Digest, Sha256};

use crate::auth::{Caller, check_unit_code, hex};
use crate::error::{ApiError, ApiResult};
use crate::{State, clock, db};

/// The PortalRB routes (nested under the base path).
pub fn router() -> Router<State> {
    Router::new()
        .route("/pengusulan/unit-wbk", get(unit_wbk))
        .route("/pengusulan/unit-wbbm", get(unit_wbbm))
        .route("/lke/jawaban-unit/{unit_id}", get(jawaban))
}

/// Take one request from the token's bucket (`rate` per minute, bursts of
/// the same size); when it is empty, the seconds until the next request.
fn rate_limit(state: &State, token_id: i64) -> ApiResult<()> {
    let per_minute = f64::from(state.config.portalrb.rate_limit_per_minute);
    let mut buckets = state
        .rate
        .lock()
        .map_err(|_| ApiError::internal("rate limiter poisoned"))?;
    let now = Instant::now();
    let (tokens, last) = buckets.entry(token_id).or_insert((per_minute, now));
    *tokens =
        (*tokens + now.duration_since(*last).as_secs_f64() * per_minute / 60.0).min(per_minute);
    *last = now;
    if *tokens < 1.0 {
        let wait = ((1.0 - *tokens) * 60.0 / per_minute).ceil().max(1.0);
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            format!(
                "terlalu banyak permintaan (batas {} per menit); coba lagi {wait:.0} detik lagi",
                state.config.portalrb.rate_limit_per_minute
            ),
        );
        e.retry_after = Some(wait as u64);
        return Err(e);
    }
    *tokens -= 1.0;
    Ok(())
}

/// Requests of unknown tokens logged per minute at most (a flood of them
/// must not fill the database).
const UNKNOWN_LOGGED_PER_MINUTE: u32 = 60;

/// Whether a request of an unknown token may still be logged this minute.
fn log_unknown(state: &State) -> bool {
    let Ok(mut buckets) = state.rate.lock() else {
        return false;
    };
    // Bucket -1 is the unknown tokens'.
    let per_minute = f64::from(UNKNOWN_LOGGED_PER_MINUTE);
    let now = Instant::now();
    let (tokens, last) = buckets.entry(-1).or_insert((per_minute, now));
    *tokens =
        (*tokens + now.duration_since(*last).as_secs_f64() * per_minute / 60.0).min(per_minute);
    *last = now;
    if *tokens < 1.0 {
        return false;
    }
    *tokens -= 1.0;
    true
}

/// One PortalRB fetch, start to end: who asks (an integration token, within
/// its rate), what is served, and the log of it — refused fetches too, with
/// the SHA-256 of the exact bytes served. What cannot be logged is not
/// served.
async fn fetch<F, Fut>(
    state: State,
    headers: HeaderMap,
    path: &str,
    unit: Option<&str>,
    serve: F,
) -> Response
where
    F: FnOnce(State) -> Fut,
    Fut: std::future::Future<Output = ApiResult<String>>,
{
    let caller = crate::caller(&state, &headers).await;
    let result = match &caller {
        Ok(c) => match integration(c).and_then(|()| rate_limit(&state, c.token_id)) {
            Ok(()) => serve(state.clone()).await,
            Err(e) => Err(e),
        },
        Err(e) => Err(ApiError::new(
            e.status,
            &e.body.code,
            e.body.message.clone(),
        )),
    };
    let (status, body, retry_after) = match result {
        Ok(b) => (StatusCode::OK, b, None),
        Err(e) => (
            e.status,
            serde_json::to_string(&e.body).unwrap_or_default(),
            e.retry_after,
        ),
    };
    // Unknown tokens are logged within a bound; a database that cannot be
    // reached (503) has nothing to log into.
    let (token_id, actor) = match &caller {
        Ok(c) => (Some(c.token_id), c.actor()),
        Err(_) => (None, "token tidak dikenal".to_string()),
    };
    let loggable =
        status != StatusCode::SERVICE_UNAVAILABLE && (token_id.is_some() || log_unknown(&state));
    if loggable {
        let sha = hex(&Sha256::digest(body.as_bytes()));
        let unit = unit.filter(|u| check_unit_code(u).is_ok());
        let logged = match state.pool.get().await {
            Ok(client) => db::log_fetch(
                &client,
                token_id,
                &actor,
                path,
                unit,
                i32::from(status.as_u16()),
                &sha,
            )
            .await
            .map_err(ApiError::from),
            Err(e) => Err(ApiError::from(e)),
        };
        if let Err(e) = logged {
            return e.into_response();
        }
    }
    let mut r = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    if let Some(s) = retry_after {
        r.headers_mut().insert(header::RETRY_AFTER, s.into());
    }
    r
}

fn integration(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Integration], "endpoint PortalRB")
}

async fn units(state: State, predicate: Target) -> ApiResult<String> {
    let client = state.pool.get().await?;
    let (year, _, _) = db::evaluation(&client).await?.ok_or_else(|| {
        ApiError::not_found("tahun evaluasi belum ditetapkan oleh admin instansi")
    })?;
    let mut list = Vec::new();
    for (unit, p, nama) in db::proposed_units(&client, year).await? {
        let afirmasi = p == "wbk-afirmasi";
        let of_predicate = match predicate {
            Target::Wbk => p == "wbk" || afirmasi,
            Target::Wbbm => p == "wbbm",
        };
        if of_predicate {
            list.push(ProposedUnit {
                id: unit,
                nama,
                kategori: kategori(predicate, afirmasi).into(),
                afirmasi,
            });
        }
    }
    serde_json::to_string(&UnitList {
        tahun: year,
        units: list,
    })
    .map_err(ApiError::internal)
}

async fn unit_wbk(
    AxState(state): AxState<State>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Response {
    fetch(state, headers, uri.path(), None, |s| units(s, Target::Wbk)).await
}

async fn unit_wbbm(
    AxState(state): AxState<State>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
) -> Response {
    fetch(state, headers, uri.path(), None, |s| units(s, Target::Wbbm)).await
}

async fn answers(state: State, unit: String) -> ApiResult<String> {
    check_unit_code(&unit)?;
    let client = state.pool.get().await?;
    let (year, start, end) = db::evaluation(&client).await?.ok_or_else(|| {
        ApiError::not_found("tahun evaluasi belum ditetapkan oleh admin instansi")
    })?;
    // The instansi's day, not UTC's.
    let today = state.zone.date(clock::now());
    if start.is_some_and(|s| today < s) || end.is_some_and(|e| today > e) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::OUTSIDE_PERIOD,
            format!(
                "di luar periode usulan ({} sampai {}, hari ini {today} {}); jawaban hanya diberikan dalam periode usulan",
                start.map_or("-".into(), |d| d.to_string()),
                end.map_or("-".into(), |d| d.to_string()),
                state.zone.name()
            ),
        ));
    }
    let p = db::proposal(&client, &unit, year).await?.ok_or_else(|| {
        ApiError::not_found(format!("unit '{unit}' tidak diusulkan untuk tahun {year}"))
    })?;
    Ok(p.body)
}

async fn jawaban(
    AxState(state): AxState<State>,
    headers: HeaderMap,
    OriginalUri(uri): OriginalUri,
    Path(unit): Path<String>,
) -> Response {
    let u = unit.clone();
    fetch(state, headers, uri.path(), Some(&unit), move |s| {
        answers(s, u)
    })
    .await
}
