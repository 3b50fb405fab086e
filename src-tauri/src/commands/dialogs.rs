//! The system's open and save dialogs, shown from the Rust side so the
//! front end needs no dialog permission and only ever learns the paths the
//! person chose. Every picked path also has a text field beside its button
//! in the UI, so paths can be pasted (and the end-to-end tests can type them).

use std::path::PathBuf;

use serde::Deserialize;
use specta::Type;
use tauri::{AppHandle, Manager};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder, FilePath};

use crate::error::CmdResult;

/// A file type offered in a dialog, e.g. `PDF` with `["pdf"]`.
#[derive(Debug, Clone, Deserialize, Type)]
pub struct FileFilter {
    /// What people call it.
    pub name: String,
    /// Extensions without the dot.
    pub extensions: Vec<String>,
}

fn dialog(
    app: &AppHandle,
    title: &str,
    filter: Option<&FileFilter>,
) -> FileDialogBuilder<tauri::Wry> {
    let mut builder = app.dialog().file().set_title(title);
    if let Some(window) = app.get_webview_window("main") {
        builder = builder.set_parent(&window);
    }
    if let Some(filter) = filter {
        let extensions: Vec<&str> = filter.extensions.iter().map(String::as_str).collect();
        builder = builder.add_filter(&filter.name, &extensions);
    }
    builder
}

fn path(file: FilePath) -> Option<String> {
    file.into_path().ok().map(|p| p.display().to_string())
}

/// Wait for a dialog on a blocking thread: the dialog itself runs on the
/// UI thread, which must stay free.
async fn wait<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| format!("dialog berhenti tak terduga: {e}").into())
}

/// Choose a folder; `None` when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn pick_folder(app: AppHandle, title: String) -> CmdResult<Option<String>> {
    let builder = dialog(&app, &title, None);
    wait(move || builder.blocking_pick_folder().and_then(path)).await
}

/// Choose one or more files; empty when the dialog was closed.
#[tauri::command]
#[specta::specta]
pub async fn pick_files(app: AppHandle, title: String) -> CmdResult<Vec<String>> {
    let builder = dialog(&app, &title, None);
    wait(move || {
        builder
            .blocking_pick_files()
            .unwrap_or_default()
            .into_iter()
            .filter_map(path)
            .collect()
    })
    .await
}

/// Choose one file to read.
#[tauri::command]
#[specta::specta]
pub async fn pick_file(
    app: AppHandle,
    title: String,
    filter: Option<FileFilter>,
) -> CmdResult<Option<String>> {
    let builder = dialog(&app, &title, filter.as_ref());
    wait(move || builder.blocking_pick_file().and_then(path)).await
}

/// Choose where to save, starting from `suggested` (a full path).
#[tauri::command]
#[specta::specta]
pub async fn pick_save(
    app: AppHandle,
    title: String,
    suggested: String,
    filter: Option<FileFilter>,
) -> CmdResult<Option<String>> {
    let mut builder = dialog(&app, &title, filter.as_ref());
    let suggested = PathBuf::from(suggested);
    if let Some(dir) = suggested.parent().filter(|d| d.is_dir()) {
        builder = builder.set_directory(dir);
    }
    if let Some(name) = suggested.file_name() {
        builder = builder.set_file_name(name.to_string_lossy());
    }
    wait(move || builder.blocking_save_file().and_then(path)).await
}

/// Where to suggest saving a report, worksheet or packet of an assessment:
/// the person's Documents folder (else their home), with a name that says
/// what it is, e.g. `Laporan ZI DINKES-BLL 2024.pdf`.
#[tauri::command]
#[specta::specta]
pub async fn suggest_output(
    app: AppHandle,
    unit: String,
    year: i32,
    what: OutputKind,
) -> CmdResult<String> {
    let dir = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .unwrap_or_else(|_| std::env::temp_dir());
    let unit = daduk_core::packet::names::safe_component(&unit, 40);
    let name = match what {
        OutputKind::Report => format!("Laporan ZI {unit} {year}.pdf"),
        OutputKind::Worksheet => format!("LKE {unit} {year}.xlsx"),
        OutputKind::Packet => format!("Paket ZI {unit} {year}.zip"),
        OutputKind::Review => format!("Reviu TPI {unit} {year}.zip"),
        OutputKind::Plan => format!("Rencana Aksi ZI {unit} {year}.pdf"),
        OutputKind::Monitoring => format!("Laporan Monev ZI {unit} {year}.pdf"),
    };
    Ok(dir.join(name).display().to_string())
}

/// What is being saved.
#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum OutputKind {
    /// The completeness report (PDF).
    Report,
    /// The LKE worksheet (XLSX).
    Worksheet,
    /// A submission packet.
    Packet,
    /// A review packet.
    Review,
    /// The plan document (Rencana Aksi dan Target Prioritas).
    Plan,
    /// A quarter's monitoring report.
    Monitoring,
}
