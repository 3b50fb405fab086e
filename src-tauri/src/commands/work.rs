//! Long work, each run as a job with progress and cancel (see
//! [`crate::jobs`]): folder import, verify, the PDF report, the worksheet,
//! packet export, check and import.

use std::path::Path;

use daduk_workspace::Sha256;
use daduk_workspace::evidence::content::{ContentReport, SearchHit};
use daduk_workspace::evidence::{ImportOptions, ImportProgress, ImportReport, VerifyReport};
use daduk_workspace::job::{Done, Job};
use daduk_workspace::packet::{
    Consent, ExportOptions, ExportReport, Finding, ImportPacketOptions, PacketImportReport,
    PacketKind, verify_packet,
};
use daduk_workspace::report::worksheet::{
    self, SheetFormat, SheetImportOptions, WorksheetImport, WorksheetSummary,
};
use daduk_workspace::report::{self, ReportSummary};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::jobs;
use crate::paths::{absolute, must_be_free};
use crate::state::{AppState, blocking};

/// Ask a running job to stop.
#[tauri::command]
#[specta::specta]
pub async fn cancel_job(state: State<'_, AppState>, job: String) -> CmdResult<()> {
    state.cancel_job(&job)
}

/// Import every file under `folder` into an assessment (or, with
/// `dry_run`, only show where each file would go). Counts bytes.
#[tauri::command]
#[specta::specta]
pub async fn import_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
    folder: String,
    dry_run: bool,
) -> CmdResult<ImportReport> {
    let dir = absolute(&folder, "folder data dukung")?;
    jobs::run(app, &state, job, true, move |ctx| {
        let a = ctx.workspace.assessment_by_id(assessment)?;
        let progress = |p: ImportProgress| {
            ctx.progress
                .report(p.bytes_done as f64, p.bytes_total as f64);
        };
        ctx.workspace.import_folder(
            &a,
            &dir,
            &ImportOptions {
                dry_run,
                job: Job::new(&ctx.cancel, &progress),
            },
        )
    })
    .await
}

/// Re-hash the stored files of an assessment, or of the whole workspace.
/// Counts files.
#[tauri::command]
#[specta::specta]
pub async fn verify_files(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: Option<i64>,
) -> CmdResult<VerifyReport> {
    jobs::run(app, &state, job, false, move |ctx| {
        let scope = assessment
            .map(|id| ctx.workspace.assessment_by_id(id))
            .transpose()?;
        let progress = |Done { done, total }| ctx.progress.report(done as f64, total as f64);
        ctx.workspace
            .verify(scope.as_ref(), Job::new(&ctx.cancel, &progress))
    })
    .await
}

/// Read the content of every file of an assessment not read yet (text of
/// PDFs and Office files), in the background. Counts files.
#[tauri::command]
#[specta::specta]
pub async fn read_contents(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
) -> CmdResult<ContentReport> {
    jobs::run(app, &state, job, false, move |ctx| {
        // Nobody waits on it: it yields the cores to the app and the rest.
        jobs::at_lowest_priority(move || {
            let a = ctx.workspace.assessment_by_id(assessment)?;
            let progress = |Done { done, total }| ctx.progress.report(done as f64, total as f64);
            ctx.workspace
                .read_contents(&a, Job::new(&ctx.cancel, &progress))
        })
    })
    .await
}

/// Files found by their content (of one assessment when given).
#[tauri::command]
#[specta::specta]
pub async fn search_files(
    app: AppHandle,
    query: String,
    assessment: Option<i64>,
) -> CmdResult<Vec<SearchHit>> {
    blocking(&app, move |ws| {
        let a = assessment.map(|id| ws.assessment_by_id(id)).transpose()?;
        ws.search(&query, a.as_ref())
    })
    .await
}

/// Write the completeness report (PDF) of an assessment to `out`.
#[tauri::command]
#[specta::specta]
pub async fn write_report(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
    out: String,
) -> CmdResult<ReportSummary> {
    let out = absolute(&out, "berkas laporan")?;
    must_be_free(&out)?;
    let summary = jobs::run(app, &state, job, false, move |ctx| {
        let a = ctx.workspace.assessment_by_id(assessment)?;
        ctx.progress.report(0.0, 1.0);
        // The app never replaces a file (`must_be_free`); the core refuses too.
        let summary = report::write_pdf(&ctx.workspace, &a, &out, false)?;
        ctx.progress.report(1.0, 1.0);
        Ok(summary)
    })
    .await?;
    state.produced(&summary.path);
    Ok(summary)
}

/// Write the LKE worksheet in `format`: Daduk's own layout (XLSX, or CSV
/// when `out` ends in `.csv`), Lampiran III with live formulas, or
/// PortalRB's Jawaban sheet.
#[tauri::command]
#[specta::specta]
pub async fn export_worksheet(
    app: AppHandle,
    state: State<'_, AppState>,
    assessment: i64,
    out: String,
    format: SheetFormat,
) -> CmdResult<WorksheetSummary> {
    let out = absolute(&out, "berkas lembar kerja")?;
    must_be_free(&out)?;
    let summary = blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        // The app never replaces a file (`must_be_free`); the core refuses too.
        worksheet::export(ws, &a, &out, format, false)
    })
    .await?;
    state.produced(&summary.path);
    Ok(summary)
}

/// Read answers, notes and evidence references back from a worksheet
/// (XLSX or CSV, any of the three layouts); nothing is written if any row
/// is bad, or if the sheet names another unit or year and `options` does
/// not allow it.
#[tauri::command]
#[specta::specta]
pub async fn import_worksheet(
    app: AppHandle,
    assessment: i64,
    path: String,
    options: SheetImportOptions,
) -> CmdResult<WorksheetImport> {
    let path = absolute(&path, "berkas lembar kerja")?;
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        worksheet::import_file(ws, &a, &path, &options)
    })
    .await
}

/// Export an assessment as a packet (a folder, or a zip when `out` ends in
/// `.zip`): the submission with every file, or with `review` the
/// evaluator's answers and verdicts only. Counts bytes.
#[tauri::command]
#[specta::specta]
pub async fn export_packet(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    assessment: i64,
    out: String,
    review: bool,
) -> CmdResult<ExportReport> {
    let out = absolute(&out, "tujuan paket")?;
    let report = jobs::run(app, &state, job, true, move |ctx| {
        let a = ctx.workspace.assessment_by_id(assessment)?;
        let progress = |Done { done, total }| ctx.progress.report(done as f64, total as f64);
        ctx.workspace.export_packet(
            &a,
            &out,
            &ExportOptions {
                review,
                job: Job::new(&ctx.cancel, &progress),
                // The app never replaces a packet; the core refuses too.
                force: false,
            },
        )
    })
    .await?;
    state.produced(&report.path);
    Ok(report)
}

/// What checking a packet found, for the evaluator to read before importing.
#[derive(Debug, Clone, Serialize, Type)]
pub struct PacketSummary {
    /// Submission or review.
    pub kind: PacketKind,
    /// Unit code.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Year.
    pub year: i32,
    /// Who exported it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// The signer's fingerprint, when the signature is valid.
    pub fingerprint: Option<String>,
    /// SHA-256 of its manifest.
    pub manifest_sha256: Sha256,
    /// Answers it carries (both roles).
    pub answers: usize,
    /// Evidence entries it lists.
    pub evidence: usize,
    /// Files checked.
    pub files_checked: usize,
    /// Bytes hashed.
    pub bytes: u64,
    /// Every problem found; the packet is refused when there is any.
    pub findings: Vec<Finding>,
    /// What this workspace knows of it: its own export, a sender's new
    /// key, a new unit that reads like one here (Indonesian, for people).
    pub notices: Vec<String>,
}

/// Check a packet (folder or zip) completely without importing it. Counts
/// bytes.
#[tauri::command]
#[specta::specta]
pub async fn check_packet(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    path: String,
) -> CmdResult<PacketSummary> {
    let path = absolute(&path, "paket")?;
    jobs::run(app, &state, job, true, move |ctx| {
        let progress = |Done { done, total }| ctx.progress.report(done as f64, total as f64);
        let check = verify_packet(&path, Job::new(&ctx.cancel, &progress))?;
        let notices = ctx.workspace.packet_standing(&check)?.notices;
        let m = &check.manifest;
        Ok(PacketSummary {
            kind: m.kind,
            unit: m.unit.code.clone(),
            unit_name: m.unit.name.clone(),
            year: m.year,
            created_by: m.created_by.clone(),
            created_at: m.created_at.clone(),
            fingerprint: check.fingerprint.clone(),
            manifest_sha256: check.manifest_sha256,
            answers: m.answers.len(),
            evidence: m.evidence.len(),
            files_checked: check.files_checked,
            bytes: check.bytes,
            findings: check.findings,
            notices,
        })
    })
    .await
}

/// Import a packet after verifying all of it; a packet with any finding is
/// refused whole. Counts bytes.
#[tauri::command]
#[specta::specta]
pub async fn import_packet(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    path: String,
    consent: Consent,
) -> CmdResult<PacketImportReport> {
    let path = absolute(&path, "paket")?;
    jobs::run(app, &state, job, true, move |ctx| {
        let progress = |Done { done, total }| ctx.progress.report(done as f64, total as f64);
        ctx.workspace.import_packet(
            &path,
            &ImportPacketOptions {
                job: Job::new(&ctx.cancel, &progress),
                consent,
            },
        )
    })
    .await
}

/// Open a file or folder the app wrote in this session (a report, a
/// worksheet, a packet) with the system, or show it in its folder. Any
/// other path is refused: the front end cannot open arbitrary files.
#[tauri::command]
#[specta::specta]
pub async fn open_output(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
    reveal: bool,
) -> CmdResult<()> {
    use tauri_plugin_opener::OpenerExt;
    let path = Path::new(&path);
    if !state.was_produced(path) {
        return Err(format!(
            "{} bukan berkas yang dibuat Daduk di sesi ini; buka dari folder Anda",
            path.display()
        )
        .into());
    }
    let result = if reveal {
        app.opener().reveal_item_in_dir(path)
    } else {
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
    };
    result.map_err(|e| format!("{} tidak dapat dibuka: {e}", path.display()).into())
}
