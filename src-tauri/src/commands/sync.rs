//! Syncing with a Daduk server, as a job (progress and cancel like the
//! other long work). The HTTP runs here, on the Rust side, through the
//! `daduk-sync` client: the window's CSP keeps it from connecting anywhere
//! (its `connect-src` is the app's IPC only), so the configured server is
//! the only network peer the app has. The token is kept in the computer's
//! credential store (`daduk_sync::secret`), never in the workspace, and
//! never sent back to the front end.

use daduk_sync::{secret, token_key};
use daduk_workspace::Error;
use daduk_workspace::sync::{SyncOptions, SyncReport, SyncStage};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::error::CmdResult;
use crate::jobs;
use crate::state::{AppState, blocking};

/// The server this workspace syncs with, as the front end may see it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct SyncSettings {
    /// The server's address, once given.
    pub server: Option<String>,
    /// Whether a token is kept (the token itself never leaves Rust).
    pub has_token: bool,
    /// The CA certificate file trusted for the server, if one was given.
    pub ca_file: Option<String>,
}

/// The remembered server, and whether a token is kept.
#[tauri::command]
#[specta::specta]
pub async fn sync_settings(app: AppHandle) -> CmdResult<SyncSettings> {
    blocking(&app, |ws| {
        let (server, ca_file) = ws.sync_settings()?;
        let has_token = match &server {
            Some(s) => secret::load(&token_key(ws, s)?)?.is_some(),
            None => false,
        };
        Ok(SyncSettings {
            server,
            has_token,
            ca_file,
        })
    })
    .await
}

/// Sync with the server: `server`, `token` and `ca_file` when typed (kept
/// once the server accepted them), else the remembered ones; only
/// `assessment` when given. Counts bytes.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(
    app: AppHandle,
    state: State<'_, AppState>,
    job: String,
    server: Option<String>,
    token: Option<String>,
    ca_file: Option<String>,
    assessment: Option<i64>,
) -> CmdResult<SyncReport> {
    let typed = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let (server, token, ca_file) = (typed(server), typed(token), typed(ca_file));
    jobs::run(app, &state, job, true, move |ctx| {
        let ws = &ctx.workspace;
        let nobody_to_ask = || -> daduk_workspace::Result<Option<String>> {
            Err(Error::Invalid("isi token dari admin server".into()))
        };
        let c = daduk_sync::connect(
            ws,
            server,
            token,
            ca_file.map(std::path::PathBuf::from),
            &nobody_to_ask,
        )?;
        let side = daduk_sync::side_of(&c.who)?;
        let (client, who, server) = (c.client, c.who, c.server);
        let which = assessment.map(|id| ws.assessment_by_id(id)).transpose()?;
        let progress = |p: daduk_workspace::sync::SyncProgress| {
            if matches!(p.stage, SyncStage::Upload | SyncStage::Download) {
                ctx.progress.report(p.done as f64, p.total as f64);
            }
        };
        ws.sync(
            &client,
            &SyncOptions {
                server: &server,
                side: Some(side),
                units: Some(&who.units),
                unit: which.as_ref().map(|a| a.unit.as_str()),
                year: which.as_ref().map(|a| a.year),
                job: daduk_workspace::job::Job::new(&ctx.cancel, &progress),
            },
        )
    })
    .await
}

/// Settle sync conflicts of an assessment (`ids`, or all when `None`):
/// they stay on record with who and when, and leave the open list; what the
/// workspace holds is not changed. Returns how many were settled.
#[tauri::command]
#[specta::specta]
pub async fn resolve_sync_conflicts(
    app: AppHandle,
    assessment: i64,
    ids: Option<Vec<i64>>,
) -> CmdResult<usize> {
    blocking(&app, move |ws| {
        let a = ws.assessment_by_id(assessment)?;
        ws.resolve_conflicts(&a, ids.as_deref())
    })
    .await
}
