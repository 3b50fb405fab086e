//! The data dukung of an item: attached files, their details and verdicts,
//! and kinds marked "tidak ada".

use daduk_workspace::evidence::content::FileReading;
use daduk_workspace::evidence::{Evidence, EvidenceChanges, ReviewStatus, date_change};
use daduk_workspace::store::Assignment;
use daduk_workspace::{Error, ItemCode};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::CmdResult;
use crate::jobs;
use crate::state::{AppState, blocking};

/// The files attached to one item.
#[tauri::command]
#[specta::specta]
pub async fn item_files(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
) -> CmdResult<Vec<Evidence>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.evidence_list(&a, Some(item))
    })
    .await
}

/// What was read of an item's files, with what an evaluator would want to
/// know (another kind than attached as, a date outside the year, the same
/// file on other items).
#[tauri::command]
#[specta::specta]
pub async fn item_readings(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
) -> CmdResult<Vec<FileReading>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.file_readings(&a, Some(item), daduk_workspace::plan::today())
    })
    .await
}

/// What was read of every file of an assessment, with the findings of
/// [`item_readings`]: the item pane keeps them to paint a click at once.
#[tauri::command]
#[specta::specta]
pub async fn assessment_readings(app: AppHandle, assessment: i64) -> CmdResult<Vec<FileReading>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.file_readings(&a, None, daduk_workspace::plan::today())
    })
    .await
}

/// What adding files did.
#[derive(Debug, Clone, Serialize, Type)]
pub struct AddFilesReport {
    /// Files newly attached.
    pub added: Vec<Evidence>,
    /// Files whose content was attached to the item already.
    pub already: Vec<Evidence>,
    /// Files that could not be added, each with its message.
    pub errors: Vec<String>,
}

/// Attach files (picked or dropped) to an item; the kind is guessed from
/// each name unless given. Runs as job `job`, counting files.
#[tauri::command]
#[specta::specta]
pub async fn add_files(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
    item: ItemCode,
    paths: Vec<String>,
    kind: Option<String>,
) -> CmdResult<AddFilesReport> {
    jobs::run(app, &state, job, false, move |ctx| {
        let ws = &ctx.workspace;
        let a = ws.assessment_by_id(assessment)?;
        let mut report = AddFilesReport {
            added: Vec::new(),
            already: Vec::new(),
            errors: Vec::new(),
        };
        let total = paths.len() as f64;
        for (done, path) in paths.iter().enumerate() {
            ctx.progress.report(done as f64, total);
            if ctx.cancel.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            let path = std::path::Path::new(path);
            match ws.add_evidence_file(&a, item, path, kind.as_deref(), None, None) {
                Ok((e, true)) => report.added.push(e),
                Ok((e, false)) => report.already.push(e),
                Err(e) => report.errors.push(e.to_string()),
            }
        }
        ctx.progress.report(total, total);
        Ok(report)
    })
    .await
}

/// A correction to an attached file; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct FileEdit {
    /// New kind code.
    pub kind: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New document date `YYYY-MM-DD`; an empty text clears it.
    pub doc_date: Option<String>,
    /// New end of validity (berlaku sampai) `YYYY-MM-DD`; an empty text clears it.
    #[serde(default)]
    pub valid_until: Option<String>,
}

/// Correct an attached file's kind, title or document date.
#[tauri::command]
#[specta::specta]
pub async fn edit_file(
    app: AppHandle,
    assessment: i64,
    id: i64,
    edit: FileEdit,
) -> CmdResult<Evidence> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        let doc_date = date_change(edit.doc_date.as_deref())?;
        let valid_until = date_change(edit.valid_until.as_deref())?;
        let changes = EvidenceChanges {
            kind: edit.kind,
            title: edit.title,
            doc_date,
            valid_until,
        };
        ws.update_evidence(&a, id, &changes)
    })
    .await
}

/// Detach a file (its stored copy goes once nothing refers to it).
#[tauri::command]
#[specta::specta]
pub async fn remove_file(app: AppHandle, assessment: i64, id: i64) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.remove_evidence(&a, id).map(drop)
    })
    .await
}

/// The evaluator's verdict on a file: diterima, or ditolak with a note.
#[tauri::command]
#[specta::specta]
pub async fn review_file(
    app: AppHandle,
    assessment: i64,
    id: i64,
    status: ReviewStatus,
    note: String,
) -> CmdResult<Evidence> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.review_evidence(&a, id, status, &note)
    })
    .await
}

/// Mark a required kind of an item "tidak ada" with a reason; an empty
/// reason removes the mark.
#[tauri::command]
#[specta::specta]
pub async fn mark_absent(
    app: AppHandle,
    assessment: i64,
    item: ItemCode,
    kind: String,
    reason: String,
) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.mark_absent(&a, item, &kind, &reason)
    })
    .await
}

/// Open an attached file in the system's viewer: a checked, read-only copy
/// with its original name under the temporary folder (never the store).
#[tauri::command]
#[specta::specta]
pub async fn open_file(app: AppHandle, assessment: i64, id: i64) -> CmdResult<()> {
    let temp = std::env::temp_dir();
    let copy = blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.viewer_copy(&a, id, &temp)
    })
    .await?;
    app.opener()
        .open_path(copy.display().to_string(), None::<&str>)
        .map_err(|e| {
            Error::Invalid(format!(
                "{} tidak dapat dibuka: {e}; tidak ada aplikasi untuk jenis berkas ini?",
                copy.display()
            ))
            .into()
        })
}

/// Place files of an imported folder on items (and kinds) by hand; the next
/// import of that folder puts them there. All or nothing.
#[tauri::command]
#[specta::specta]
pub async fn assign_files(
    app: AppHandle,
    assessment: i64,
    assignments: Vec<Assignment>,
) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.assign_files(&a, &assignments)
    })
    .await
}

/// The files placed by hand in an assessment.
#[tauri::command]
#[specta::specta]
pub async fn file_assignments(app: AppHandle, assessment: i64) -> CmdResult<Vec<Assignment>> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.file_assignments(&a)
    })
    .await
}

/// Forget where a file was placed by hand.
#[tauri::command]
#[specta::specta]
pub async fn unassign_file(app: AppHandle, assessment: i64, path: String) -> CmdResult<()> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.unassign_file(&a, &path)
    })
    .await
}
