//! Assessments: list, pull both sides, push one side with its version.

use axum::Json;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use bytes::Bytes;
use daduk_core::Role;
use daduk_core::packet::manifest::Manifest;
use daduk_core::serverside::{evidence_hashes, side_only};
use daduk_wire::{AssessmentSides, AssessmentSummary, PushSide, Pushed, RawValue, WhoAmI, codes};

use crate::auth::{Caller, check_unit_code};
use crate::error::{ApiError, ApiResult};
use crate::{State, db, json_body, parse_year, summary};

/// `GET /api/v1/whoami`.
pub async fn whoami(caller: Caller) -> Json<WhoAmI> {
    Json(WhoAmI {
        token_id: caller.token_id,
        role: caller.role,
        units: caller.units,
        label: caller.label,
    })
}

/// `GET /api/v1/assessments`.
pub async fn list(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<AssessmentSummary>>> {
    let units = caller.readable_units()?;
    let client = state.pool.get().await?;
    let rows = db::assessment_list(&client, units).await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(unit, year, unit_version, tpi_version, at)| AssessmentSummary {
                    unit,
                    year,
                    unit_version,
                    tpi_version,
                    updated_at: at.to_rfc3339(),
                },
            )
            .collect(),
    ))
}

fn raw(text: Option<String>) -> ApiResult<Option<Box<RawValue>>> {
    text.map(|t| RawValue::from_string(t).map_err(ApiError::internal))
        .transpose()
}

/// `GET /api/v1/assessments/{unit}/{year}`.
pub async fn get_one(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((unit, year)): Path<(String, String)>,
) -> ApiResult<Json<AssessmentSides>> {
    check_unit_code(&unit)?;
    let year = parse_year(&year)?;
    caller.may_read(&unit)?;
    let client = state.pool.get().await?;
    let a = db::assessment(&client, &unit, year).await?.ok_or_else(|| {
        ApiError::not_found(format!(
            "belum ada penilaian unit '{unit}' tahun {year} di server"
        ))
    })?;
    Ok(Json(AssessmentSides {
        unit_version: a.unit_version,
        tpi_version: a.tpi_version,
        unit_side: raw(a.unit_manifest)?,
        tpi_side: raw(a.tpi_manifest)?,
    }))
}

/// `PUT /api/v1/assessments/{unit}/{year}/{unit|tpi}`.
pub async fn push(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((unit, year, side)): Path<(String, String, String)>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<Pushed>> {
    check_unit_code(&unit)?;
    let year = parse_year(&year)?;
    let role = match side.as_str() {
        "unit" => Role::Unit,
        "tpi" => Role::Tpi,
        _ => return Err(ApiError::not_found("sisi harus 'unit' atau 'tpi'")),
    };
    caller.may_write(&unit, &side)?;
    let body: PushSide = json_body(body)?;
    // The same bounded, checked parser as `packet import`.
    let m = Manifest::parse(body.manifest.get().as_bytes())
        .map_err(|e| ApiError::invalid(format!("manifest ditolak: {e}")))?;
    if m.unit.code != unit || m.year != year {
        return Err(ApiError::invalid(format!(
            "manifest untuk unit '{}' tahun {}, bukan unit '{unit}' tahun {year}",
            daduk_core::text::shown(&m.unit.code),
            m.year
        )));
    }
    // Only this side's fields are taken, whatever else the body holds.
    let m = side_only(m, role).map_err(ApiError::invalid)?;
    let hashes: Vec<String> = evidence_hashes(&m).iter().map(|h| h.to_string()).collect();
    let summary =
        serde_json::to_string(&summary::summarise(&m, role)).map_err(ApiError::internal)?;
    let text = serde_json::to_string(&m).map_err(ApiError::internal)?;

    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let missing = db::missing_blobs(&tx, &hashes).await?;
    if !missing.is_empty() {
        let mut e = ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            codes::MISSING_BLOBS,
            format!(
                "{} berkas data dukung belum ada di server (mis. {}); unggah berkasnya dulu, lalu kirim lagi",
                missing.len(),
                missing[0]
            ),
        );
        e.body.missing = missing;
        return Err(e);
    }
    let current = db::lock_assessment(&tx, &unit, year).await?;
    let current_version = match role {
        Role::Unit => current.unit_version,
        Role::Tpi => current.tpi_version,
    };
    if body.base_version != current_version {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            codes::VERSION_CONFLICT,
            format!(
                "sisi {side} unit '{unit}' tahun {year} sudah berubah di server (versi {current_version}, dasar Anda {}); tarik dulu, gabungkan, lalu kirim lagi",
                body.base_version
            ),
        );
        e.body.current_version = Some(current_version);
        return Err(e);
    }
    let version = db::store_side(&tx, &unit, year, &side, &text, &summary, &hashes).await?;
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        &format!("push-{side}"),
        Some(&unit),
        Some(year),
        &format!(
            "versi {version}; {} jawaban, {} berkas",
            m.answers.len(),
            m.evidence.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(Pushed { version }))
}
