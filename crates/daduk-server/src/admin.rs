//! Administration (role `admin`): tokens, units, the evaluation year and
//! proposal period, the instansi's prerequisites (`prerequisites::routes`),
//! proposals (frozen snapshots, naming the prerequisites they lack), the
//! audit and fetch logs.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State as AxState};
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use bytes::Bytes;
use chrono::{DateTime, NaiveDate, Utc};

use daduk_domain::AssessmentStatus;
use daduk_domain::manifest::Manifest;
use daduk_domain::portalrb::SoalMap;
use daduk_domain::portalrb::api::jawaban_unit;
use daduk_domain::snapshot::{Snapshot, template_of};
use daduk_wire::{
    AuditRow, CreateToken, CreatedToken, Evaluation, FetchRow, Predicate, Proposal, Propose,
    PutUnit, TokenInfo, TokenRole, UnitInfo, codes,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::auth::{self, Caller, check_unit_code, hex};
use crate::error::{ApiError, ApiResult};
use crate::{State, clock, db, json_body, parse_year, prerequisites};

type Body = Result<Bytes, axum::extract::rejection::BytesRejection>;

/// The admin routes.
pub fn router() -> Router<State> {
    Router::new()
        .route("/tokens", post(create_token).get(list_tokens))
        .route("/tokens/{id}", delete(revoke_token))
        .route("/units", get(list_units))
        .route("/units/{code}", put(put_unit))
        .route("/evaluation", put(set_evaluation).get(get_evaluation))
        .route(
            "/prerequisites/{year}",
            get(prerequisites::routes::get).put(prerequisites::routes::put),
        )
        .route(
            "/prerequisites/{year}/{code}",
            delete(prerequisites::routes::clear),
        )
        .route("/proposals", post(propose).get(list_proposals))
        .route("/proposals/{unit}/{year}", delete(reopen))
        .route("/audit", get(audit))
        .route("/fetches", get(fetches))
}

fn admin(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Admin], "administrasi")
}

async fn create_token(
    caller: Caller,
    AxState(state): AxState<State>,
    body: Body,
) -> ApiResult<(StatusCode, Json<CreatedToken>)> {
    admin(&caller)?;
    let req: CreateToken = json_body(body)?;
    for u in &req.units {
        check_unit_code(u)?;
    }
    match req.role {
        TokenRole::Unit | TokenRole::Evaluator if req.units.is_empty() => {
            return Err(ApiError::invalid(format!(
                "token berperan {} harus diberi paling sedikit satu unit",
                req.role.as_str()
            )));
        }
        TokenRole::Admin | TokenRole::Integration if !req.units.is_empty() => {
            return Err(ApiError::invalid(format!(
                "token berperan {} tidak dibatasi unit; hapus daftar unitnya",
                req.role.as_str()
            )));
        }
        _ => {}
    }
    daduk_domain::text::check_line("label token", &req.label).map_err(ApiError::invalid)?;
    if req.label.chars().count() > 200 {
        return Err(ApiError::invalid("label token lebih dari 200 karakter"));
    }
    let expires = req
        .expires_at
        .as_deref()
        .map(|t| {
            DateTime::parse_from_rfc3339(t)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| {
                    ApiError::invalid(format!(
                        "expires_at '{}' bukan waktu RFC 3339",
                        daduk_domain::text::shown(t)
                    ))
                })
        })
        .transpose()?;
    let token = auth::new_token().map_err(ApiError::internal)?;
    let mut client = state.pool.get().await?;
    // A typo must not make a unit: tokens are for units the admin made.
    let known: std::collections::BTreeSet<String> =
        db::units(&client).await?.into_iter().map(|u| u.0).collect();
    if let Some(u) = req.units.iter().find(|u| !known.contains(*u)) {
        let similar = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(u))
            .map(|k| format!(" (maksud Anda '{k}'?)"))
            .unwrap_or_default();
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::INVALID,
            format!(
                "unit '{u}' belum terdaftar di server{similar}; daftarkan dulu dengan `daduk admin unit set {u} --name \"Nama Unit\"`, lalu buat tokennya"
            ),
        ));
    }
    let tx = client.transaction().await?;
    let id = db::insert_token(
        &tx,
        &auth::token_hash(&token),
        req.role.as_str(),
        &req.label,
        expires,
        &req.units,
    )
    .await?;
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        "token-create",
        None,
        None,
        &format!(
            "token {id} berperan {} untuk {:?}",
            req.role.as_str(),
            req.units
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { id, token })))
}

async fn list_tokens(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<TokenInfo>>> {
    admin(&caller)?;
    let client = state.pool.get().await?;
    let rows = db::tokens(&client).await?;
    Ok(Json(
        rows.into_iter()
            .filter_map(|(t, created)| {
                Some(TokenInfo {
                    id: t.id,
                    role: TokenRole::parse(&t.role)?,
                    units: t.units,
                    label: t.label,
                    created_at: created.to_rfc3339(),
                    expires_at: t.expires_at.map(|e| e.to_rfc3339()),
                    revoked: t.revoked,
                })
            })
            .collect(),
    ))
}

async fn revoke_token(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    admin(&caller)?;
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::invalid("id token harus angka"))?;
    let client = state.pool.get().await?;
    if !db::revoke_token(&client, id).await? {
        return Err(ApiError::not_found(format!(
            "token {id} tidak ada atau sudah dicabut"
        )));
    }
    db::audit(
        &client,
        Some(caller.token_id),
        &caller.actor(),
        "token-revoke",
        None,
        None,
        &format!("token {id}"),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_units(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<UnitInfo>>> {
    admin(&caller)?;
    let client = state.pool.get().await?;
    Ok(Json(
        db::units(&client)
            .await?
            .into_iter()
            .map(|(code, nama, instansi, afirmasi)| UnitInfo {
                code,
                nama,
                instansi,
                afirmasi,
            })
            .collect(),
    ))
}

async fn put_unit(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(code): Path<String>,
    body: Body,
) -> ApiResult<StatusCode> {
    admin(&caller)?;
    check_unit_code(&code)?;
    let u: PutUnit = json_body(body)?;
    for (field, text) in [("nama unit", &u.nama), ("instansi", &u.instansi)] {
        daduk_domain::text::check_line(field, text).map_err(ApiError::invalid)?;
        if text.chars().count() > 300 {
            return Err(ApiError::invalid(format!(
                "{field} lebih dari 300 karakter"
            )));
        }
    }
    let client = state.pool.get().await?;
    db::put_unit(&client, &code, &u.nama, &u.instansi, u.afirmasi).await?;
    db::audit(
        &client,
        Some(caller.token_id),
        &caller.actor(),
        "unit-put",
        Some(&code),
        None,
        &u.nama,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn date(field: &str, s: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    s.map(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            ApiError::invalid(format!(
                "{field} '{}' bukan tanggal YYYY-MM-DD",
                daduk_domain::text::shown(d)
            ))
        })
    })
    .transpose()
}

async fn set_evaluation(
    caller: Caller,
    AxState(state): AxState<State>,
    body: Body,
) -> ApiResult<StatusCode> {
    admin(&caller)?;
    let e: Evaluation = json_body(body)?;
    auth::check_year(e.year)?;
    let start = date("proposal_start", e.proposal_start.as_deref())?;
    let end = date("proposal_end", e.proposal_end.as_deref())?;
    if let (Some(s), Some(t)) = (start, end)
        && s > t
    {
        return Err(ApiError::invalid("proposal_start sesudah proposal_end"));
    }
    let client = state.pool.get().await?;
    db::set_evaluation(&client, e.year, start, end).await?;
    db::audit(
        &client,
        Some(caller.token_id),
        &caller.actor(),
        "evaluation-set",
        None,
        Some(e.year),
        &format!("periode usulan {start:?} sampai {end:?}"),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn get_evaluation(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Evaluation>> {
    admin(&caller)?;
    let client = state.pool.get().await?;
    let (year, start, end) = db::evaluation(&client)
        .await?
        .ok_or_else(|| ApiError::not_found("tahun evaluasi belum ditetapkan"))?;
    Ok(Json(Evaluation {
        year,
        proposal_start: start.map(|d| d.to_string()),
        proposal_end: end.map(|d| d.to_string()),
    }))
}

fn proposal_of(
    p: db::ProposalRow,
    missing_prerequisites: Vec<daduk_wire::MissingPrerequisite>,
) -> ApiResult<Proposal> {
    Ok(Proposal {
        missing_prerequisites,
        predicate: Predicate::parse(&p.predicate)
            .ok_or_else(|| ApiError::internal("predikat usulan tidak dikenal"))?,
        unit: p.unit,
        year: p.year,
        unit_version: p.unit_version,
        tpi_version: p.tpi_version,
        frozen_at: p.frozen_at.to_rfc3339(),
        body_sha256: p.body_sha256,
    })
}

/// PortalRB's soal list of `year` for `template`, checked once and kept.
fn soal_map(template: &daduk_domain::Template, year: i32) -> ApiResult<SoalMap> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static MAPS: OnceLock<Mutex<HashMap<(String, i32), SoalMap>>> = OnceLock::new();
    let key = (template.sha256().to_string(), year);
    let maps = MAPS.get_or_init(Default::default);
    if let Some(m) = maps
        .lock()
        .map_err(|_| ApiError::internal("soal cache"))?
        .get(&key)
    {
        return Ok(m.clone());
    }
    let map = SoalMap::built_in(template, year)
        .map_err(|e| ApiError::invalid(format!("daftar soal PortalRB tahun {year}: {e}")))?;
    maps.lock()
        .map_err(|_| ApiError::internal("soal cache"))?
        .insert(key, map.clone());
    Ok(map)
}

/// The PortalRB answers body of an assessment's two stored sides.
pub fn jawaban_body(
    code: &str,
    nama: &str,
    year: i32,
    unit: &Manifest,
    tpi: Option<&Manifest>,
) -> ApiResult<String> {
    let template = template_of(unit).ok_or_else(|| {
        ApiError::invalid(format!(
            "templat '{}' penilaian ini tidak dikenal server; jawaban PortalRB tidak dapat dibuat",
            daduk_domain::text::shown(&unit.template.id)
        ))
    })?;
    let map = soal_map(&template, year)?;
    let items = Snapshot::from_sides(template, Some(unit), tpi).portalrb_items("; ");
    let body = jawaban_unit(&map, code, nama, &items);
    serde_json::to_string(&body).map_err(ApiError::internal)
}

async fn propose(
    caller: Caller,
    AxState(state): AxState<State>,
    body: Body,
) -> ApiResult<(StatusCode, Json<Proposal>)> {
    admin(&caller)?;
    let req: Propose = json_body(body)?;
    check_unit_code(&req.unit)?;
    auth::check_year(req.year)?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // Lock the assessment so the snapshot is of one state.
    let a = db::assessment(&tx, &req.unit, req.year)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "belum ada penilaian unit '{}' tahun {} di server",
                req.unit, req.year
            ))
        })?;
    let a = db::lock_assessment(&tx, &a.unit, a.year).await?;
    let unit_text = a.unit_manifest.clone().ok_or_else(|| {
        ApiError::invalid(format!(
            "unit '{}' belum mengirim jawabannya; usulan belum dapat dibekukan",
            req.unit
        ))
    })?;
    let parse = |t: &str| Manifest::parse(t.as_bytes()).map_err(ApiError::internal);
    let unit_m = parse(&unit_text)?;
    let tpi_m = a.tpi_manifest.as_deref().map(parse).transpose()?;
    if unit_m.status == AssessmentStatus::Draft {
        return Err(ApiError::invalid(format!(
            "penilaian unit '{}' tahun {} masih Draf di sisi unit; unit mengajukannya dulu (status Diajukan), menyinkronkan, lalu usulkan",
            req.unit, req.year
        )));
    }
    let (nama, server_afirmasi) = db::unit(&tx, &req.unit).await?.unwrap_or_default();
    let nama = if nama.trim().is_empty() {
        unit_m.unit.name.clone()
    } else {
        nama
    };
    // Afirmasi is the unit's: set on the server or in the unit's own data.
    // A WBK proposal of such a unit is WBK-AFIRMASI, as its own PortalRB
    // export says; afirmasi is never claimed for a unit that is not.
    let afirmasi = server_afirmasi || unit_m.unit.afirmasi;
    let predicate = match (req.predicate, afirmasi) {
        (Predicate::Wbk, true) => Predicate::WbkAfirmasi,
        (Predicate::WbkAfirmasi, false) => {
            return Err(ApiError::invalid(format!(
                "unit '{}' tidak ditandai afirmasi (di server maupun di data unitnya); tandai dengan `daduk admin unit set {} --name … --afirmasi` bila memang diusulkan lewat skema afirmasi",
                req.unit, req.unit
            )));
        }
        (p, _) => p,
    };
    let body = jawaban_body(&req.unit, &nama, req.year, &unit_m, tpi_m.as_ref())?;
    let row = db::ProposalRow {
        unit: req.unit.clone(),
        year: req.year,
        predicate: predicate.as_str().into(),
        nama: nama.clone(),
        unit_version: a.unit_version,
        tpi_version: a.tpi_version,
        body_sha256: hex(&Sha256::digest(body.as_bytes())),
        body,
        frozen_at: clock::now(),
    };
    // A refreeze is one statement: PortalRB's list never misses the unit.
    let stored = db::freeze_proposal(
        &tx,
        &row,
        &unit_text,
        a.tpi_manifest.as_deref(),
        req.refreeze,
    )
    .await?;
    if !stored {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            codes::INVALID,
            format!(
                "unit '{}' tahun {} sudah diusulkan dan dibekukan; bekukan ulang dengan --refreeze (unit tetap di daftar PortalRB), atau buka kembali dulu",
                req.unit, req.year
            ),
        ));
    }
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        if req.refreeze { "refreeze" } else { "propose" },
        Some(&req.unit),
        Some(req.year),
        &format!(
            "{} dibekukan{}: versi unit {}, versi TPI {}, sha256 {}",
            predicate.as_str(),
            if predicate == req.predicate {
                String::new()
            } else {
                format!(
                    " (diminta {}; unit berstatus afirmasi)",
                    req.predicate.as_str()
                )
            },
            row.unit_version,
            row.tpi_version,
            row.body_sha256
        ),
    )
    .await?;
    tx.commit().await?;
    // The same connection: a request never holds two (the pool is bounded).
    let stored = db::proposal(&client, &req.unit, req.year)
        .await?
        .ok_or_else(|| ApiError::internal("usulan hilang setelah disimpan"))?;
    let missing = prerequisites::routes::missing_for(&client, req.year, predicate).await?;
    Ok((StatusCode::CREATED, Json(proposal_of(stored, missing)?)))
}

async fn list_proposals(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<Proposal>>> {
    admin(&caller)?;
    let client = state.pool.get().await?;
    let rows = db::proposals(&client, None).await?;
    // Each year's recorded prerequisites read once.
    let mut years = std::collections::BTreeMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        let predicate = Predicate::parse(&p.predicate)
            .ok_or_else(|| ApiError::internal("predikat usulan tidak dikenal"))?;
        if let std::collections::btree_map::Entry::Vacant(e) = years.entry(p.year) {
            e.insert(prerequisites::routes::recorded(&client, p.year).await?);
        }
        let missing = years.get(&p.year).map_or_else(Vec::new, |v| {
            prerequisites::built_in().missing(v, prerequisites::Bar::of(predicate))
        });
        out.push(proposal_of(p, missing)?);
    }
    Ok(Json(out))
}

async fn reopen(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((unit, year)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    admin(&caller)?;
    check_unit_code(&unit)?;
    let year = parse_year(&year)?;
    let client = state.pool.get().await?;
    if !db::delete_proposal(&client, &unit, year).await? {
        return Err(ApiError::not_found(format!(
            "unit '{unit}' tahun {year} tidak sedang diusulkan"
        )));
    }
    db::audit(
        &client,
        Some(caller.token_id),
        &caller.actor(),
        "reopen",
        Some(&unit),
        Some(year),
        "usulan dibuka kembali",
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn query(page: Result<Query<Page>, QueryRejection>) -> ApiResult<Page> {
    page.map(|Query(p)| p).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID,
            "parameter 'after' dan 'limit' harus angka",
        )
    })
}

/// `?after=&limit=` of the logs.
#[derive(Debug, Deserialize)]
pub struct Page {
    #[serde(default)]
    after: i64,
    #[serde(default)]
    limit: Option<i64>,
}

async fn audit(
    caller: Caller,
    AxState(state): AxState<State>,
    page: Result<Query<Page>, QueryRejection>,
) -> ApiResult<Json<Vec<AuditRow>>> {
    admin(&caller)?;
    let page = query(page)?;
    let client = state.pool.get().await?;
    Ok(Json(
        db::audit_rows(
            &client,
            page.after,
            page.limit.unwrap_or(1000).clamp(1, 10_000),
        )
        .await?,
    ))
}

async fn fetches(
    caller: Caller,
    AxState(state): AxState<State>,
    page: Result<Query<Page>, QueryRejection>,
) -> ApiResult<Json<Vec<FetchRow>>> {
    admin(&caller)?;
    let page = query(page)?;
    let client = state.pool.get().await?;
    Ok(Json(
        db::fetch_rows(
            &client,
            page.after,
            page.limit.unwrap_or(1000).clamp(1, 10_000),
        )
        .await?,
    ))
}
