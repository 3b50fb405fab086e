//! PortalRB: the bodies of its integration API written as JSON files (the
//! offline form of the endpoints the server will serve).

use daduk_workspace::Target;
use daduk_workspace::portalrb::write_json;
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::paths::absolute;
use crate::state::{AppState, blocking};

/// What a PortalRB file holds.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PortalrbWritten {
    /// Where it was written.
    pub path: String,
    /// Soal (for answers) or units (for a unit list).
    pub entries: usize,
    /// Soal the unit answered (answers only).
    pub answered: usize,
    /// The evaluation year.
    pub year: i32,
}

/// Write `GET /lke/jawaban-unit/{unit_id}` of an assessment to `out`.
#[tauri::command]
#[specta::specta]
pub async fn portalrb_answers(
    app: AppHandle,
    state: State<'_, AppState>,
    assessment: i64,
    out: String,
) -> CmdResult<PortalrbWritten> {
    let out = absolute(&out, "berkas JSON PortalRB")?;
    let written = blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        let body = ws.portalrb_jawaban(&a)?;
        write_json(
            &out,
            &body,
            daduk_workspace::output::Target {
                // The app never replaces a file; the core refuses too.
                force: false,
                workspace: Some(ws.root()),
            },
        )?;
        Ok(PortalrbWritten {
            path: out.display().to_string(),
            entries: body.answers.len(),
            answered: body
                .answers
                .iter()
                .filter(|x| x.jawaban_unit.is_some())
                .count(),
            year: body.tahun,
        })
    })
    .await?;
    state.produced(std::path::Path::new(&written.path));
    Ok(written)
}

/// Write `GET /pengusulan/unit-wbk` (or `unit-wbbm`) for `year` to `out`:
/// the units whose assessment is submitted or later with that target.
#[tauri::command]
#[specta::specta]
pub async fn portalrb_units(
    app: AppHandle,
    state: State<'_, AppState>,
    year: i32,
    predicate: Target,
    out: String,
) -> CmdResult<PortalrbWritten> {
    let out = absolute(&out, "berkas JSON PortalRB")?;
    let written = blocking(&app, move |ws| {
        let body = ws.portalrb_units(year, predicate)?;
        write_json(
            &out,
            &body,
            daduk_workspace::output::Target {
                // The app never replaces a file; the core refuses too.
                force: false,
                workspace: Some(ws.root()),
            },
        )?;
        Ok(PortalrbWritten {
            path: out.display().to_string(),
            entries: body.units.len(),
            answered: 0,
            year,
        })
    })
    .await?;
    state.produced(std::path::Path::new(&written.path));
    Ok(written)
}
