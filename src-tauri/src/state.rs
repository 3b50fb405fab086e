//! What the app keeps between commands: the open workspace, the running
//! jobs' cancel flags, and the files the app wrote (the only ones it will
//! ask the system to open).
//!
//! `rusqlite::Connection` is not `Sync`, so the workspace sits behind a
//! mutex and is used only for quick calls; long work opens its own
//! [`Workspace`] on the same folder (SQLite WAL and the busy timeout make
//! that safe) on a background thread, see [`crate::jobs`].

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex, MutexGuard};

use daduk_workspace::Workspace;

use crate::error::{CmdError, CmdResult, fail};

/// The app's state, managed by Tauri.
#[derive(Debug, Default)]
pub struct AppState {
    workspace: Mutex<Opened>,
    /// A form holds text that is not saved: closing the window asks first.
    pub unsaved: AtomicBool,
    jobs: Mutex<HashMap<String, Arc<AtomicBool>>>,
    produced: Mutex<HashSet<PathBuf>>,
}

/// The workspace folder in use, and the workspace when it could be opened.
#[derive(Debug, Default)]
struct Opened {
    dir: Option<PathBuf>,
    workspace: Option<Workspace>,
    error: Option<String>,
}

/// Where the workspace is and whether it opened.
#[derive(Debug, Clone)]
pub struct WorkspaceStatus {
    /// The folder, once one was chosen.
    pub dir: Option<PathBuf>,
    /// Why it could not be opened, if it could not.
    pub error: Option<String>,
    /// Who the audit log names.
    pub actor: String,
}

fn lock<T>(m: &Mutex<T>) -> CmdResult<MutexGuard<'_, T>> {
    m.lock().map_err(|_| {
        fail("keadaan aplikasi rusak setelah galat sebelumnya; tutup lalu buka lagi Daduk")
    })
}

impl AppState {
    /// Open (creating it when missing) the workspace in `dir` and use it from
    /// now on. On failure the previous workspace is closed and the error is
    /// kept for [`AppState::status`].
    pub fn open(&self, dir: &Path) -> CmdResult<()> {
        let mut opened = lock(&self.workspace)?;
        opened.workspace = None;
        opened.dir = Some(dir.to_path_buf());
        match Workspace::create(dir, &daduk_workspace::store::default_actor()) {
            Ok(ws) => {
                opened.workspace = Some(ws);
                opened.error = None;
                Ok(())
            }
            Err(e) => {
                opened.error = Some(e.to_string());
                Err(e.into())
            }
        }
    }

    /// The workspace folder and whether it is open.
    pub fn status(&self) -> CmdResult<WorkspaceStatus> {
        let opened = lock(&self.workspace)?;
        Ok(WorkspaceStatus {
            dir: opened.dir.clone(),
            error: opened.error.clone(),
            actor: opened
                .workspace
                .as_ref()
                .map_or_else(daduk_workspace::store::default_actor, |w| {
                    w.actor().to_string()
                }),
        })
    }

    /// Run a quick call on the open workspace.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&Workspace) -> daduk_workspace::Result<T>,
    ) -> CmdResult<T> {
        let opened = lock(&self.workspace)?;
        let ws = opened.workspace.as_ref().ok_or_else(|| {
            opened.error.clone().unwrap_or_else(|| {
                "belum ada ruang kerja yang terbuka; pilih folder ruang kerja di Beranda".into()
            })
        })?;
        f(ws).map_err(CmdError::from)
    }

    /// The open workspace's folder and actor, for a background job that
    /// opens its own connection.
    pub fn job_workspace(&self) -> CmdResult<(PathBuf, String)> {
        self.with(|ws| Ok((ws.root().to_path_buf(), ws.actor().to_string())))
    }

    /// Register a job's cancel flag under the id the front end chose.
    pub fn start_job(&self, job: &str) -> CmdResult<Arc<AtomicBool>> {
        let flag = Arc::new(AtomicBool::new(false));
        lock(&self.jobs)?.insert(job.to_string(), flag.clone());
        Ok(flag)
    }

    /// Forget a finished job.
    pub fn end_job(&self, job: &str) {
        if let Ok(mut jobs) = self.jobs.lock() {
            jobs.remove(job);
        }
    }

    /// Ask a running job to stop; unknown (finished) jobs are ignored.
    pub fn cancel_job(&self, job: &str) -> CmdResult<()> {
        if let Some(flag) = lock(&self.jobs)?.get(job) {
            flag.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(())
    }

    /// Remember a file or folder the app wrote, so it may be opened later.
    pub fn produced(&self, path: &Path) {
        if let Ok(mut produced) = self.produced.lock() {
            produced.insert(path.to_path_buf());
        }
    }

    /// Whether the app wrote this file or folder in this session.
    pub fn was_produced(&self, path: &Path) -> bool {
        self.produced
            .lock()
            .is_ok_and(|produced| produced.contains(path))
    }
}

/// Run a quick call on the open workspace on a blocking thread, so neither
/// the UI thread nor the async runtime waits for SQLite.
pub async fn blocking<T, F>(app: &tauri::AppHandle, f: F) -> CmdResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Workspace) -> daduk_workspace::Result<T> + Send + 'static,
{
    use tauri::Manager;
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || app.state::<AppState>().with(f))
        .await
        .map_err(|e| format!("perintah berhenti tak terduga: {e}"))?
}
