//! The instansi overview for the admin and evaluators: every assessment
//! with its target, unit and TPI scores, completeness, eligibility, last
//! sync, proposal and the six change areas; as JSON, as XLSX, and as a small
//! page (`/overview`) that asks for a token and renders the JSON.

use axum::Json;
use axum::extract::State as AxState;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

use daduk_domain::manifest::Manifest;
use daduk_wire::TokenRole;
use serde::Serialize;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::summary::{self, Figures, SideSummary};
use crate::{State, clock, db};

/// One row.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    /// Unit code.
    pub unit: String,
    /// Name.
    pub nama: String,
    /// Year.
    pub year: i32,
    /// Target (`wbk`/`wbbm`).
    pub target: String,
    /// The unit's figures.
    pub unit_side: Option<SideSummary>,
    /// TPI's figures.
    pub tpi_side: Option<SideSummary>,
    /// TPN's figures, once its values are recorded.
    pub tpn_side: Option<SideSummary>,
    /// Where the unit stands in the national evaluation, once recorded
    /// (`Hasil: predikat WBK, 10 Desember 2026`).
    pub tpn_standing: Option<String>,
    /// Last unit sync (RFC 3339).
    pub unit_synced_at: Option<String>,
    /// Last TPI sync (RFC 3339).
    pub tpi_synced_at: Option<String>,
    /// Proposed as (`wbk`, `wbk-afirmasi`, `wbbm`).
    pub proposed: Option<String>,
}

async fn rows(caller: &Caller, state: &State) -> ApiResult<Vec<OverviewRow>> {
    caller.require(
        &[TokenRole::Admin, TokenRole::Evaluator],
        "ikhtisar instansi",
    )?;
    rows_of(state, caller.readable_units()?).await
}

/// The overview's rows of these units (every unit with `None`), by unit
/// then year; the caller has been authorized for them.
async fn rows_of(state: &State, units: Option<&[String]>) -> ApiResult<Vec<OverviewRow>> {
    let today = state.zone.date(clock::now());
    let listed = {
        let client = state.pool.get().await?;
        db::overview_rows(&client, units).await?
    };
    let wanted = listed
        .iter()
        .map(|r| {
            (
                r.unit.clone(),
                r.year,
                [r.unit_version, r.tpi_version, r.tpn_version],
            )
        })
        .collect();
    let figures = figures_of(state, wanted, today).await?;
    let mut out = Vec::new();
    for r in listed {
        // Every row has its figures: taken from the cache above, or
        // computed for it just now.
        let Some(f) = figures.get(&(r.unit.clone(), r.year)).cloned() else {
            return Err(ApiError::internal(
                "ikhtisar: angka penilaian tidak terhitung",
            ));
        };
        out.push(OverviewRow {
            nama: if r.nama.trim().is_empty() || r.nama == r.unit {
                if f.nama.is_empty() {
                    r.nama.clone()
                } else {
                    f.nama.clone()
                }
            } else {
                r.nama.clone()
            },
            target: f.target.clone(),
            unit: r.unit,
            year: r.year,
            unit_side: f.unit_side.clone(),
            tpi_side: f.tpi_side.clone(),
            tpn_side: f.tpn_side.clone(),
            tpn_standing: f.tpn_standing.clone(),
            unit_synced_at: r.unit_synced_at.map(|t| t.to_rfc3339()),
            tpi_synced_at: r.tpi_synced_at.map(|t| t.to_rfc3339()),
            proposed: r.proposed,
        });
    }
    Ok(out)
}

/// The figures of these assessments (at these versions) on `today`: from
/// the cache, else computed — by one request at a time, so fifty clients
/// asking at once after a restart compute each assessment once, not fifty
/// times, and the others take the result from the cache.
pub(crate) async fn figures_of(
    state: &State,
    wanted: Vec<(String, i32, [i64; 3])>,
    today: chrono::NaiveDate,
) -> ApiResult<HashMap<(String, i32), Arc<Figures>>> {
    let mut figures = HashMap::new();
    let mut missing = Vec::new();
    let cached = |figures: &mut HashMap<_, _>, (unit, year, versions): &(String, i32, [i64; 3])| {
        state
            .figures
            .get(unit, *year, *versions, today)
            .map(|f| figures.insert((unit.clone(), *year), f))
            .is_some()
    };
    for w in wanted {
        if !cached(&mut figures, &w) {
            missing.push(w);
        }
    }
    if missing.is_empty() {
        return Ok(figures);
    }
    let _computing = state.figures.computing().await;
    // Computed meanwhile by the request this one waited for?
    missing.retain(|w| !cached(&mut figures, w));
    if missing.is_empty() {
        return Ok(figures);
    }
    // The database is read first and its connection given back before any
    // figure is computed: computing a unit's figures from its sides is CPU
    // work (parsing, scoring 113 items, completeness over its files), and a
    // connection held through it is one the pool lacks for every other
    // request.
    let mut stored = Vec::with_capacity(missing.len());
    {
        let client = state.pool.get().await?;
        for (unit, year, versions) in missing {
            let row = db::assessment(&client, &unit, year).await?;
            stored.push((unit, year, versions, row));
        }
    }
    // Off the async workers: they keep serving other requests meanwhile.
    let computed = tokio::task::spawn_blocking(move || {
        stored
            .into_iter()
            .map(|(unit, year, versions, stored)| {
                let parse = |t: Option<&String>| t.and_then(|t| Manifest::parse(t.as_bytes()).ok());
                let (u, t, n) = stored.as_ref().map_or((None, None, None), |s| {
                    (
                        parse(s.unit_manifest.as_ref()),
                        parse(s.tpi_manifest.as_ref()),
                        parse(s.tpn_manifest.as_ref()),
                    )
                });
                // The versions read with the sides, so a push in between
                // is never cached under the older versions.
                let read = stored
                    .as_ref()
                    .map_or(versions, |s| [s.unit_version, s.tpi_version, s.tpn_version]);
                let f = Arc::new(summary::figures(u.as_ref(), t.as_ref(), n.as_ref(), today));
                (unit, year, read, f)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(ApiError::internal)?;
    for (unit, year, read, f) in computed {
        state.figures.put(&unit, year, read, today, f.clone());
        figures.insert((unit, year), f);
    }
    Ok(figures)
}

/// Work an assessment's figures out now that a side of it changed, so the
/// next overview finds them ready; in the background (a failure only means
/// the overview computes them itself).
pub(crate) fn warm(state: State, unit: String, year: i32) {
    tokio::spawn(async move {
        let today = state.zone.date(clock::now());
        let versions = {
            let Ok(client) = state.pool.get().await else {
                return;
            };
            match db::assessment(&client, &unit, year).await {
                Ok(Some(row)) => [row.unit_version, row.tpi_version, row.tpn_version],
                _ => return,
            }
        };
        let _ = figures_of(&state, vec![(unit, year, versions)], today).await;
    });
}

/// `GET /api/v1/overview`.
pub async fn json(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<OverviewRow>>> {
    Ok(Json(rows(&caller, &state).await?))
}

/// A unit over the years: each year's row of the overview (both sides'
/// figures by the domain's rules, proposal, last syncs), oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct UnitTrend {
    /// Unit code.
    pub unit: String,
    /// Its years.
    pub years: Vec<OverviewRow>,
}

/// `GET /api/v1/units/{unit}/trend`: for the admin, the unit's evaluators
/// and the unit's own token — whoever may read the unit (a unit named by
/// the path is checked against the token's units, never taken on trust).
pub async fn trend(
    caller: Caller,
    AxState(state): AxState<State>,
    axum::extract::Path(unit): axum::extract::Path<String>,
) -> ApiResult<Json<UnitTrend>> {
    crate::auth::check_unit_code(&unit)?;
    caller.may_read(&unit)?;
    let only = [unit.clone()];
    let years = rows_of(&state, Some(&only)).await?;
    if years.is_empty() {
        return Err(ApiError::not_found(format!(
            "unit '{unit}' belum punya penilaian di server ini"
        )));
    }
    Ok(Json(UnitTrend { unit, years }))
}

/// `GET /api/v1/overview.xlsx`.
pub async fn xlsx(caller: Caller, AxState(state): AxState<State>) -> ApiResult<Response> {
    let rows = rows(&caller, &state).await?;
    let bytes = workbook(&rows).map_err(ApiError::internal)?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ikhtisar-instansi.xlsx\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

fn eligible(s: Option<&SideSummary>, target: &str) -> &'static str {
    match s.and_then(|s| s.figures.predicates.get(target)) {
        Some(true) => "Memenuhi",
        Some(false) => "Belum memenuhi",
        None => "-",
    }
}

/// The overview as a workbook.
pub fn workbook(rows: &[OverviewRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Ikhtisar")?;
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("0.00");
    let mut headers: Vec<String> = [
        "Kode unit",
        "Nama unit",
        "Tahun",
        "Target",
        "Nilai unit",
        "Nilai TPI",
        "Terjawab (%)",
        "Kelayakan (TPI)",
        "Sinkron terakhir",
        "Diusulkan",
        "Butir lengkap",
        "Butir tidak lengkap",
        "Kegiatan terlambat",
        "Syarat belum terpenuhi (TPI)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let area_names: Vec<String> = rows
        .iter()
        .find_map(|r| r.unit_side.as_ref().filter(|s| !s.figures.areas.is_empty()))
        .map(|s| s.figures.areas.iter().map(|a| a.0.clone()).collect())
        .unwrap_or_default();
    headers.extend(area_names.iter().map(|a| format!("{a} (unit)")));
    // TPN's result after the areas: every earlier column keeps its place.
    let tpn_col = headers.len() as u16;
    headers.extend(["Nilai TPN".to_string(), "Hasil penilaian TPN".to_string()]);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        ws.write_string(row, 0, &r.unit)?;
        ws.write_string(row, 1, &r.nama)?;
        ws.write_number(row, 2, f64::from(r.year))?;
        ws.write_string(row, 3, r.target.to_uppercase())?;
        if let Some(s) = r.unit_side.as_ref().filter(|s| s.scored) {
            ws.write_number_with_format(row, 4, s.figures.total, &num)?;
            if s.figures.items > 0 {
                ws.write_number_with_format(
                    row,
                    6,
                    100.0 * s.figures.answered as f64 / s.figures.items as f64,
                    &num,
                )?;
            }
            ws.write_number(row, 10, s.figures.complete as f64)?;
            ws.write_number(row, 11, s.figures.incomplete as f64)?;
            for (k, a) in s.figures.areas.iter().enumerate() {
                ws.write_number_with_format(row, (14 + k) as u16, a.1, &num)?;
            }
        }
        if let Some(s) = r.tpi_side.as_ref().filter(|s| s.scored) {
            ws.write_number_with_format(row, 5, s.figures.total, &num)?;
        }
        ws.write_string(row, 7, eligible(r.tpi_side.as_ref(), &r.target))?;
        if let Some(s) = &r.unit_side {
            ws.write_number(row, 12, s.late_activities.len() as f64)?;
        }
        if let Some(failed) = r
            .tpi_side
            .as_ref()
            .and_then(|s| s.figures.failed.get(&r.target))
        {
            ws.write_string(row, 13, failed.join("; "))?;
        }
        let last = r
            .unit_synced_at
            .iter()
            .chain(r.tpi_synced_at.iter())
            .max()
            .cloned()
            .unwrap_or_default();
        ws.write_string(row, 8, &last)?;
        ws.write_string(row, 9, r.proposed.as_deref().unwrap_or("").to_uppercase())?;
        if let Some(s) = r.tpn_side.as_ref().filter(|s| s.scored) {
            ws.write_number_with_format(row, tpn_col, s.figures.total, &num)?;
        }
        if let Some(t) = &r.tpn_standing {
            ws.write_string(row, tpn_col + 1, t)?;
        }
    }
    ws.autofit();
    wb.save_to_buffer()
}

/// `GET /overview`: the page (no data in it; it fetches with the token the
/// user types, kept only in the tab's session storage).
pub async fn page() -> Response {
    (
        [(header::CONTENT_SECURITY_POLICY, "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; img-src 'self' blob:")],
        Html(PAGE),
    )
        .into_response()
}

const PAGE: &str = include_str!("overview.html");
