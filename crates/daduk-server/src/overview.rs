//! The instansi overview for the admin and evaluators: every assessment
//! with its target, unit and TPI scores, completeness, eligibility, last
//! sync, proposal and the six change areas; as JSON, as XLSX, and as a small
//! page (`/overview`) that asks for a token and renders the JSON.

use axum::Json;
use axum::extract::State as AxState;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use daduk_wire::TokenRole;
use serde::Serialize;

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::summary::SideSummary;
use crate::{State, db};

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
    let units = caller.readable_units()?;
    let client = state.pool.get().await?;
    let parse = |s: Option<String>| s.and_then(|t| serde_json::from_str::<SideSummary>(&t).ok());
    Ok(db::overview_rows(&client, units)
        .await?
        .into_iter()
        .map(|(unit, nama, year, us, ts, ua, ta, proposed)| {
            let unit_side = parse(us);
            let tpi_side = parse(ts);
            let side = unit_side.as_ref().or(tpi_side.as_ref());
            OverviewRow {
                nama: if nama.trim().is_empty() || nama == unit {
                    side.map_or(nama, |s| s.nama.clone())
                } else {
                    nama
                },
                target: side.map(|s| s.target.clone()).unwrap_or_default(),
                unit,
                year,
                unit_side,
                tpi_side,
                unit_synced_at: ua.map(|t| t.to_rfc3339()),
                tpi_synced_at: ta.map(|t| t.to_rfc3339()),
                proposed,
            }
        })
        .collect())
}

/// `GET /api/v1/overview`.
pub async fn json(
    caller: Caller,
    AxState(state): AxState<State>,
) -> ApiResult<Json<Vec<OverviewRow>>> {
    Ok(Json(rows(&caller, &state).await?))
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
    match s.and_then(|s| s.predicates.get(target)) {
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
        "Kelengkapan (%)",
        "Kelayakan (TPI)",
        "Sinkron terakhir",
        "Diusulkan",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let area_names: Vec<String> = rows
        .iter()
        .find_map(|r| r.unit_side.as_ref().filter(|s| !s.areas.is_empty()))
        .map(|s| s.areas.iter().map(|a| a.0.clone()).collect())
        .unwrap_or_default();
    headers.extend(area_names.iter().map(|a| format!("{a} (unit)")));
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
            ws.write_number_with_format(row, 4, s.total, &num)?;
            if s.items > 0 {
                ws.write_number_with_format(
                    row,
                    6,
                    100.0 * s.answered as f64 / s.items as f64,
                    &num,
                )?;
            }
            for (k, a) in s.areas.iter().enumerate() {
                ws.write_number_with_format(row, (10 + k) as u16, a.1, &num)?;
            }
        }
        if let Some(s) = r.tpi_side.as_ref().filter(|s| s.scored) {
            ws.write_number_with_format(row, 5, s.total, &num)?;
        }
        ws.write_string(row, 7, eligible(r.tpi_side.as_ref(), &r.target))?;
        let last = r
            .unit_synced_at
            .iter()
            .chain(r.tpi_synced_at.iter())
            .max()
            .cloned()
            .unwrap_or_default();
        ws.write_string(row, 8, &last)?;
        ws.write_string(row, 9, r.proposed.as_deref().unwrap_or("").to_uppercase())?;
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
