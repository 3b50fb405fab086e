//! Assessments: list, pull both sides, push one side with its version.

use axum::Json;
use axum::extract::{Path, State as AxState};
use axum::http::StatusCode;
use bytes::Bytes;
use daduk_domain::Role;
use daduk_domain::manifest::Manifest;
use daduk_domain::snapshot::side_only;
use daduk_domain::text::shown;
use daduk_wire::{AssessmentSides, AssessmentSummary, PushSide, Pushed, RawValue, WhoAmI, codes};

use crate::auth::{Caller, check_unit_code};
use crate::error::{ApiError, ApiResult};
use crate::{State, body_bytes, db, parse_year};

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
            .map(|l| AssessmentSummary {
                unit: l.unit,
                year: l.year,
                unit_version: l.versions[0],
                tpi_version: l.versions[1],
                tpn_version: l.versions[2],
                updated_at: l.updated_at.to_rfc3339(),
            })
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
        tpn_version: a.tpn_version,
        tpn_side: raw(a.tpn_manifest)?,
    }))
}

/// A pushed side, checked and reduced to what the server keeps: the work
/// of a push before it reaches SQL, pure (the `server_push` fuzz target
/// drives it).
#[derive(Debug)]
pub struct PreparedSide {
    /// The side's own fields only.
    pub manifest: Manifest,
    /// The version it was based on.
    pub base_version: i64,
    /// Its JSON as stored.
    pub text: String,
    /// Every blob it refers to (evidence and listed files), with the size it
    /// declares, by hash.
    pub blobs: std::collections::BTreeMap<String, i64>,
}

/// Check a push body for `unit`, `year` and `role` with the same bounded
/// parser as `packet import`, keep only that side's fields, and gather what
/// it refers to.
pub fn prepare_side(body: &[u8], unit: &str, year: i32, role: Role) -> ApiResult<PreparedSide> {
    let body: PushSide = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID,
            format!("isi permintaan bukan JSON yang sah: {e}"),
        )
    })?;
    let m = Manifest::parse(body.manifest.get().as_bytes())
        .map_err(|e| ApiError::invalid(format!("manifest ditolak: {e}")))?;
    if m.unit.code != unit || m.year != year {
        return Err(ApiError::invalid(format!(
            "manifest untuk unit '{}' tahun {}, bukan unit '{unit}' tahun {year}",
            daduk_domain::text::shown(&m.unit.code),
            m.year
        )));
    }
    // Only this side's fields are taken, whatever else the body holds.
    let m = side_only(m, role).map_err(ApiError::invalid)?;
    let mut blobs = std::collections::BTreeMap::new();
    let listed = m
        .evidence
        .iter()
        .map(|e| (e.sha256, e.size, e.file_name.as_str()))
        .chain(m.files.iter().map(|f| (f.sha256, f.size, f.path.as_str())));
    for (sha, size, name) in listed {
        let size = i64::try_from(size)
            .map_err(|_| ApiError::invalid(format!("ukuran berkas '{}' tidak sah", shown(name))))?;
        if let Some(other) = blobs.insert(sha.to_string(), size)
            && other != size
        {
            return Err(ApiError::invalid(format!(
                "berkas {} tercatat dengan dua ukuran ({other} dan {size} bita); perbaiki data dukungnya lalu kirim lagi",
                sha.short(12)
            )));
        }
    }
    let text = serde_json::to_string(&m).map_err(ApiError::internal)?;
    Ok(PreparedSide {
        manifest: m,
        base_version: body.base_version,
        text,
        blobs,
    })
}

/// The refusal of a side that refers to blobs its author may not use.
fn unusable(m: &Manifest, bad: &[db::Unusable]) -> ApiError {
    let name = |sha: &str| {
        m.evidence
            .iter()
            .find(|e| e.sha256.to_string() == sha)
            .map(|e| format!("'{}' (butir {})", shown(&e.file_name), e.item))
            .unwrap_or_else(|| format!("berkas {}", &sha[..12]))
    };
    if let Some(b) = bad.iter().find(|b| b.stored.is_some()) {
        return ApiError::invalid(format!(
            "{} tercatat {} bita, padahal berkas di server {} bita; periksa berkasnya (`daduk verify`) lalu kirim lagi",
            name(&b.sha256),
            b.claimed,
            b.stored.unwrap_or_default()
        ));
    }
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        codes::MISSING_BLOBS,
        format!(
            "{} berkas data dukung belum ada di server untuk unit ini (mis. {}); unggah berkasnya dulu, lalu kirim lagi",
            bad.len(),
            name(&bad[0].sha256)
        ),
    );
    e.body.missing = bad.iter().map(|b| b.sha256.clone()).collect();
    e
}

/// `PUT /api/v1/assessments/{unit}/{year}/{unit|tpi|tpn}`.
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
        "tpn" => Role::Tpn,
        _ => return Err(ApiError::not_found("sisi harus 'unit', 'tpi' atau 'tpn'")),
    };
    caller.may_write(&unit, &side)?;
    let p = prepare_side(&body_bytes(body)?, &unit, year, role)?;
    let (hashes, sizes): (Vec<String>, Vec<i64>) = p.blobs.into_iter().unzip();

    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    // A hash is not a permission: every blob must be one this token's units
    // uploaded, or one a side they may read refers to already.
    let bad = db::unusable_blobs(&tx, &hashes, &sizes, &caller.units).await?;
    if !bad.is_empty() {
        return Err(unusable(&p.manifest, &bad));
    }
    let current = db::lock_assessment(&tx, &unit, year).await?;
    let current_version = match role {
        Role::Unit => current.unit_version,
        Role::Tpi => current.tpi_version,
        Role::Tpn => current.tpn_version,
    };
    if p.base_version != current_version {
        let mut e = ApiError::new(
            StatusCode::CONFLICT,
            codes::VERSION_CONFLICT,
            format!(
                "sisi {side} unit '{unit}' tahun {year} sudah berubah di server (versi {current_version}, dasar Anda {}); tarik dulu, gabungkan, lalu kirim lagi",
                p.base_version
            ),
        );
        e.body.current_version = Some(current_version);
        return Err(e);
    }
    let version = db::store_side(&tx, &unit, year, &side, &p.text, &hashes).await?;
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        &format!("push-{side}"),
        Some(&unit),
        Some(year),
        &format!(
            "versi {version}; {} jawaban, {} berkas, status {}",
            p.manifest.answers.len(),
            p.manifest.evidence.len(),
            p.manifest.status.code()
        ),
    )
    .await?;
    tx.commit().await?;
    // References changed: files a side no longer names count against their
    // uploaders' quota again.
    state.quota.forget_all();
    crate::overview::warm(state.clone(), unit, year);
    Ok(Json(Pushed { version }))
}
