//! `GET`/`PUT /api/v1/admin/prerequisites/{year}` and `DELETE
//! …/{year}/{code}` (role `admin`): the instansi's prerequisites of a year,
//! recorded with who and when (in the instansi's time zone), checked
//! against the rules, removed when recorded by mistake; and what a proposal
//! names as missing.

use std::collections::{BTreeMap, BTreeSet};

use axum::Json;
use axum::extract::{Path, State as AxState};
use bytes::Bytes;
use daduk_wire::{
    MAX_PREREQUISITE_VALUES, MissingPrerequisite, Predicate, PrerequisiteStatus,
    PrerequisitesOfYear, PutPrerequisites, TokenRole,
};
use deadpool_postgres::GenericClient;

use super::{Bar, built_in};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::{State, clock, db, json_body, parse_year};

type Body = Result<Bytes, axum::extract::rejection::BytesRejection>;

/// The longest note or document reference.
const MAX_NOTE: usize = 500;
/// The longest value text looked at.
const MAX_VALUE: usize = 100;

fn admin(caller: &Caller) -> ApiResult<()> {
    caller.require(&[TokenRole::Admin], "prasyarat instansi")
}

/// The values recorded for `year`, as code → value.
pub async fn recorded(c: &impl GenericClient, year: i32) -> ApiResult<BTreeMap<String, String>> {
    Ok(db::prerequisites(c, year)
        .await?
        .into_iter()
        .map(|(code, row)| (code, row.value))
        .collect())
}

/// What a proposal of `predicate` in `year` lacks among the instansi's
/// prerequisites (named, never refused).
pub async fn missing_for(
    c: &impl GenericClient,
    year: i32,
    predicate: Predicate,
) -> ApiResult<Vec<MissingPrerequisite>> {
    Ok(built_in().missing(&recorded(c, year).await?, Bar::of(predicate)))
}

/// The year's prerequisites with their values and what they meet.
async fn of_year(
    c: &impl GenericClient,
    year: i32,
    zone: clock::Zone,
) -> ApiResult<PrerequisitesOfYear> {
    let rules = built_in();
    let rows = db::prerequisites(c, year).await?;
    let values: BTreeMap<String, String> = rows
        .iter()
        .map(|(k, r)| (k.clone(), r.value.clone()))
        .collect();
    let items = rules
        .items
        .iter()
        .map(|p| {
            let row = rows.get(&p.code);
            PrerequisiteStatus {
                code: p.code.clone(),
                label: p.label.clone(),
                allowed: p.allowed(),
                value: row.map(|r| r.value.clone()),
                note: row.map(|r| r.note.clone()).unwrap_or_default(),
                document: row.map(|r| r.document.clone()).unwrap_or_default(),
                recorded_by: row.map(|r| r.recorded_by.clone()),
                recorded_at: row.map(|r| r.recorded_at.with_timezone(&zone.offset()).to_rfc3339()),
                met_wbk: rules.met(p, &values, Bar::Wbk).map(|m| m.is_ok()),
                met_wbbm: rules.met(p, &values, Bar::Wbbm).map(|m| m.is_ok()),
                source: p.source.clone(),
            }
        })
        .collect();
    Ok(PrerequisitesOfYear {
        year,
        rules: rules.id.clone(),
        source: rules.source.clone(),
        items,
        missing_wbk: rules.missing(&values, Bar::Wbk),
        missing_wbbm: rules.missing(&values, Bar::Wbbm),
    })
}

/// `GET /api/v1/admin/prerequisites/{year}`.
pub async fn get(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(year): Path<String>,
) -> ApiResult<Json<PrerequisitesOfYear>> {
    admin(&caller)?;
    let year = parse_year(&year)?;
    let client = state.pool.get().await?;
    Ok(Json(of_year(&client, year, state.zone).await?))
}

/// `PUT /api/v1/admin/prerequisites/{year}`: every value checked first;
/// one bad value and nothing is written.
pub async fn put(
    caller: Caller,
    AxState(state): AxState<State>,
    Path(year): Path<String>,
    body: Body,
) -> ApiResult<Json<PrerequisitesOfYear>> {
    admin(&caller)?;
    let year = parse_year(&year)?;
    let req: PutPrerequisites = json_body(body)?;
    let rows = checked(&req, &caller.actor())?;
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    for row in &rows {
        db::put_prerequisite(&tx, year, row, caller.token_id).await?;
    }
    let detail = rows
        .iter()
        .map(|r| format!("{}={}", r.code, r.value))
        .collect::<Vec<_>>()
        .join(", ");
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        "prerequisites-set",
        None,
        Some(year),
        &format!("prasyarat instansi dicatat: {detail}"),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(of_year(&client, year, state.zone).await?))
}

/// `DELETE /api/v1/admin/prerequisites/{year}/{code}`: a value recorded by
/// mistake removed (audited with the value it had); an unknown code 422, a
/// value not recorded 404.
pub async fn clear(
    caller: Caller,
    AxState(state): AxState<State>,
    Path((year, code)): Path<(String, String)>,
) -> ApiResult<Json<PrerequisitesOfYear>> {
    admin(&caller)?;
    let year = parse_year(&year)?;
    let rules = built_in();
    if rules.get(&code).is_none() {
        return Err(ApiError::invalid(format!(
            "kode prasyarat '{}' tidak dikenal; pakai {}",
            daduk_domain::text::shown(&code),
            rules.codes()
        )));
    }
    let mut client = state.pool.get().await?;
    let tx = client.transaction().await?;
    let Some(old) = db::clear_prerequisite(&tx, year, &code).await? else {
        return Err(ApiError::not_found(format!(
            "prasyarat {code} tahun {year} belum dicatat"
        )));
    };
    db::audit(
        &tx,
        Some(caller.token_id),
        &caller.actor(),
        "prerequisites-clear",
        None,
        Some(year),
        &format!("prasyarat instansi dihapus: {code}={old}"),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(of_year(&client, year, state.zone).await?))
}

/// The rows to write, or one error naming every bad value.
fn checked(req: &PutPrerequisites, actor: &str) -> ApiResult<Vec<db::PrerequisiteRow>> {
    let rules = built_in();
    if req.values.is_empty() || req.values.len() > MAX_PREREQUISITE_VALUES {
        return Err(ApiError::invalid(format!(
            "kirim 1 sampai {MAX_PREREQUISITE_VALUES} nilai prasyarat di 'values'"
        )));
    }
    let now = clock::now();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for v in &req.values {
        let code = daduk_domain::text::shown(&v.code.chars().take(60).collect::<String>());
        let Some(p) = rules.get(&v.code) else {
            problems.push(format!(
                "prasyarat '{code}' tidak dikenal; yang dikenal: {}",
                rules.codes()
            ));
            continue;
        };
        if !seen.insert(v.code.as_str()) {
            problems.push(format!("prasyarat '{code}' dikirim dua kali; kirim sekali"));
            continue;
        }
        let value = if v.value.chars().count() > MAX_VALUE {
            Err(format!("nilai lebih dari {MAX_VALUE} karakter"))
        } else {
            p.parse(&v.value)
        };
        let texts = [("catatan", &v.note), ("rujukan dokumen", &v.document)]
            .into_iter()
            .try_for_each(|(field, t)| {
                if t.chars().count() > MAX_NOTE {
                    return Err(format!("{field} lebih dari {MAX_NOTE} karakter"));
                }
                daduk_domain::text::check_line(field, t)
            });
        match (value, texts) {
            (Ok(value), Ok(())) => rows.push(db::PrerequisiteRow {
                code: v.code.clone(),
                value,
                note: v.note.trim().to_string(),
                document: v.document.trim().to_string(),
                recorded_by: actor.to_string(),
                recorded_at: now,
            }),
            (Err(e), _) | (_, Err(e)) => problems.push(format!("prasyarat '{code}': {e}")),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(ApiError::invalid(format!(
            "{}; tidak ada yang disimpan",
            problems.join("; ")
        )))
    }
}
