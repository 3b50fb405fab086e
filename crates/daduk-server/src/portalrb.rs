//! PortalRB's integration endpoints (Panduan Teknis API Integrasi ZI 1.0.0,
//! evaluation year 2026) under the configured base path: the proposed
//! units of the active evaluation year, and each proposed unit's frozen
//! answers. Read-only, integration tokens only, rate limited, every fetch
//! logged with the SHA-256 of the body served.

use std::time::Instant;

use axum::Router;
use axum::extract::{OriginalUri, Path, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use daduk_core::Target;
use daduk_core::portalrb::api::{ProposedUnit, UnitList, kategori};
use daduk_wire::{TokenRole, codes};
use sha2::{Digest, Sha256};

use crate::auth::{Caller, check_unit_code, hex};
use crate::error::{ApiError, ApiResult};
use crate::{State, db};

/// The PortalRB routes (nested under the base path).
pub fn router() -> Router<State> {
    Router::new()
        .route("/pengusulan/unit-wbk", get(unit_wbk))
        .route("/pengusulan/unit-wbbm", get(unit_wbbm))
        .route("/lke/jawaban-unit/{unit_id}", get(jawaban))
}

/// Take one request from the token's bucket (`rate` per minute, bursts of
/// the same size).
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
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            format!(
                "terlalu banyak permintaan (batas {} per menit); coba lagi sebentar lagi",
                state.config.portalrb.rate_limit_per_minute
            ),
        ));
    }
    *tokens -= 1.0;
    Ok(())
}

/// Serve `result` and log it: who, which path and unit, the status and the
/// SHA-256 of the exact bytes served.
async fn served(
    state: &State,
    caller: &Caller,
    path: &str,
    unit: Option<&str>,
    result: ApiResult<String>,
) -> Response {
    let (status, body) = match result {
        Ok(b) => (StatusCode::OK, b),
        Err(e) => (e.status, serde_json::to_string(&e.body).unwrap_or_default()),
    };
    let sha = hex(&Sha256::digest(body.as_bytes()));
    let logged = match state.pool.get().await {
        Ok(client) => db::log_fetch(
            &client,
            caller.token_id,
            &caller.actor(),
            path,
            unit,
            i32::from(status.as_u16()),
            &sha,
        )
        .await
        .map_err(ApiError::from),
        Err(e) => Err(ApiError::from(e)),
    };
    // What cannot be logged is not served.
    if let Err(e) = logged {
        return e.into_response();
    }
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn integration(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Integration], "endpoint PortalRB")
}

async fn units(state: &State, predicate: Target) -> ApiResult<String> {
    let client = state.pool.get().await?;
    let (year, _, _) = db::evaluation(&client).await?.ok_or_else(|| {
        ApiError::not_found("tahun evaluasi belum ditetapkan oleh admin instansi")
    })?;
    let mut list = Vec::new();
    for p in db::proposals(&client, Some(year)).await? {
        let afirmasi = p.predicate == "wbk-afirmasi";
        let of_predicate = match predicate {
            Target::Wbk => p.predicate == "wbk" || afirmasi,
            Target::Wbbm => p.predicate == "wbbm",
        };
        if !of_predicate {
            continue;
        }
        let body: daduk_core::portalrb::JawabanUnit =
            serde_json::from_str(&p.body).map_err(ApiError::internal)?;
        list.push(ProposedUnit {
            id: p.unit,
            nama: body.nama_unit,
            kategori: kategori(predicate, afirmasi).into(),
            afirmasi,
        });
    }
    serde_json::to_string(&UnitList {
        tahun: year,
        units: list,
    })
    .map_err(ApiError::internal)
}

async fn unit_wbk(
    caller: Caller,
    AxState(state): AxState<State>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    integration(&caller)?;
    rate_limit(&state, caller.token_id)?;
    let result = units(&state, Target::Wbk).await;
    Ok(served(&state, &caller, uri.path(), None, result).await)
}

async fn unit_wbbm(
    caller: Caller,
    AxState(state): AxState<State>,
    OriginalUri(uri): OriginalUri,
) -> ApiResult<Response> {
    integration(&caller)?;
    rate_limit(&state, caller.token_id)?;
    let result = units(&state, Target::Wbbm).await;
    Ok(served(&state, &caller, uri.path(), None, result).await)
}

async fn answers(state: &State, unit: &str) -> ApiResult<String> {
    check_unit_code(unit)?;
    let client = state.pool.get().await?;
    let (year, start, end) = db::evaluation(&client).await?.ok_or_else(|| {
        ApiError::not_found("tahun evaluasi belum ditetapkan oleh admin instansi")
    })?;
    let today = Utc::now().date_naive();
    if start.is_some_and(|s| today < s) || end.is_some_and(|e| today > e) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::OUTSIDE_PERIOD,
            format!(
                "di luar periode usulan ({} sampai {}); jawaban hanya diberikan dalam periode usulan",
                start.map_or("-".into(), |d| d.to_string()),
                end.map_or("-".into(), |d| d.to_string())
            ),
        ));
    }
    let p = db::proposal(&client, unit, year).await?.ok_or_else(|| {
        ApiError::not_found(format!("unit '{unit}' tidak diusulkan untuk tahun {year}"))
    })?;
    Ok(p.body)
}

async fn jawaban(
    caller: Caller,
    AxState(state): AxState<State>,
    OriginalUri(uri): OriginalUri,
    Path(unit): Path<String>,
) -> ApiResult<Response> {
    integration(&caller)?;
    rate_limit(&state, caller.token_id)?;
    let result = answers(&state, &unit).await;
    let unit = check_unit_code(&unit).is_ok().then_some(unit.as_str());
    Ok(served(&state, &caller, uri.path(), unit, result).await)
}
