//! The Rencana Aksi screen: the plan with its derived figures, editing items
//! and activities, recording a month's realisation, importing a Target
//! Prioritas sheet, and the two documents.

use daduk_workspace::evidence::Evidence;
use daduk_workspace::plan::document::{self, DocumentKind, DocumentOptions, DocumentSummary};
use daduk_workspace::plan::{
    Activity, ActivityChange, ItemPlan, ItemPlanChange, NewActivity, PlanView, ProgressEntry,
    Realisation, SheetImport, today,
};
use daduk_workspace::{Error, ItemCode};
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::jobs;
use crate::paths::absolute;
use crate::state::{AppState, blocking};

/// A date as people type it (`15/07/2026`, `15 Juli 2026`, ISO), or today.
fn date_or_today(date: Option<String>) -> daduk_workspace::Result<chrono::NaiveDate> {
    match date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => Ok(today()),
        Some(d) => daduk_workspace::format::parse_date(d).ok_or_else(|| {
            Error::Invalid(format!(
                "tanggal '{}' tidak sah; tulis misalnya 15/07/2026, 15 Juli 2026 atau 2026-07-15",
                daduk_workspace::text::shown(d)
            ))
        }),
    }
}

/// The plan of an assessment with everything derived on `date` (today when
/// none): due, done, late, on schedule, this month, the P.1.iii.a
/// suggestion.
#[tauri::command]
#[specta::specta]
pub async fn plan_view(
    app: AppHandle,
    assessment: i64,
    date: Option<String>,
) -> CmdResult<PlanView> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.plan_view(&a, date_or_today(date)?)
    })
    .await
}

/// Change an item's target period, penanggung jawab or note.
#[tauri::command]
#[specta::specta]
pub async fn set_plan_item(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
    change: ItemPlanChange,
) -> CmdResult<ItemPlan> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.set_plan_item(&a, item, &change)
    })
    .await
}

/// The items a typed list names (`P.1.i.a; 1.ii.c`, separated by `;`, `,`
/// or spaces; the part may be left out where only one item has the
/// number), each checked against the assessment's template.
#[tauri::command]
#[specta::specta]
pub async fn typed_items(
    app: AppHandle,
    assessment: i64,
    text: String,
) -> CmdResult<Vec<ItemCode>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        Ok(ws.template_of(&a)?.typed_items(&text)?)
    })
    .await
}

/// The earlier year's recommendations (TPI's notes per item), each with
/// the activity of this plan that follows it up.
#[tauri::command]
#[specta::specta]
pub async fn plan_recommendations(
    app: AppHandle,
    assessment: i64,
) -> CmdResult<Vec<daduk_workspace::years::Recommendation>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.recommendations(&a)
    })
    .await
}

/// Make the earlier year's recommendation of `source` (TPN or TPI) on
/// `item` an activity of this plan (the item's area and target period).
#[tauri::command]
#[specta::specta]
pub async fn adopt_recommendation(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
    source: daduk_workspace::Role,
) -> CmdResult<Activity> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        Ok(ws.adopt_recommendation(&a, item, Some(source), None)?.1)
    })
    .await
}

/// Add an activity.
#[tauri::command]
#[specta::specta]
pub async fn add_activity(
    app: AppHandle,
    assessment: i64,
    activity: NewActivity,
) -> CmdResult<Activity> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.add_activity(&a, &activity)
    })
    .await
}

/// Change an activity.
#[tauri::command]
#[specta::specta]
pub async fn edit_activity(
    app: AppHandle,
    assessment: i64,
    id: i64,
    change: ActivityChange,
) -> CmdResult<Activity> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.edit_activity(&a, id, &change)
    })
    .await
}

/// Remove an activity with its realisation.
#[tauri::command]
#[specta::specta]
pub async fn remove_activity(app: AppHandle, assessment: i64, id: i64) -> CmdResult<Activity> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.remove_activity(&a, id)
    })
    .await
}

/// Record what was realised of an activity in one of its months.
#[tauri::command]
#[specta::specta]
pub async fn record_progress(
    app: AppHandle,
    assessment: i64,
    activity: i64,
    entry: ProgressEntry,
) -> CmdResult<Realisation> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.record_progress(&a, activity, &entry)
    })
    .await
}

/// Remove a month's realisation.
#[tauri::command]
#[specta::specta]
pub async fn clear_progress(
    app: AppHandle,
    assessment: i64,
    activity: i64,
    month: u8,
) -> CmdResult<Option<Realisation>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.clear_progress(&a, activity, month)
    })
    .await
}

/// Every file attached in the assessment, to pick a month's proof from.
#[tauri::command]
#[specta::specta]
pub async fn assessment_files(app: AppHandle, assessment: i64) -> CmdResult<Vec<Evidence>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.evidence_list(&a, None)
    })
    .await
}

/// Import a Target Prioritas sheet (XLSX or CSV); nothing is written if any
/// row is bad. `area` places rows the sheet does not.
#[tauri::command]
#[specta::specta]
pub async fn import_plan_sheet(
    app: AppHandle,
    assessment: i64,
    path: String,
    area: Option<u8>,
) -> CmdResult<SheetImport> {
    let path = absolute(&path, "tabel Target Prioritas")?;
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.import_plan_sheet(&a, &path, area)
    })
    .await
}

/// Write the plan document or a quarter's monitoring report (PDF or DOCX
/// by the name of `out`), signed at `place` on `date` (today when empty).
#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn write_plan_document(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
    kind: DocumentKind,
    out: String,
    date: Option<String>,
    place: String,
) -> CmdResult<DocumentSummary> {
    let out = absolute(&out, "berkas dokumen")?;
    let summary = jobs::run(app, &state, job, false, move |ctx| {
        let a = ctx.workspace.assessment_by_id(assessment)?;
        ctx.progress.report(0.0, 1.0);
        let options = DocumentOptions {
            date: date_or_today(date)?,
            place,
        };
        // The save dialog (or the typed path's confirmation) asked.
        let summary = document::write(&ctx.workspace, &a, kind, &out, true, &options)?;
        ctx.progress.report(1.0, 1.0);
        Ok(summary)
    })
    .await?;
    state.produced(&summary.path);
    Ok(summary)
}
