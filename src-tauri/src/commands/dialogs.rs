//! The system's open and save dialogs, shown from the Rust side so the
//! front end needs no dialog permission and only ever learns the paths the
//! person chose. Every picked path also has a text field beside its button
//! in the UI, so paths can be pasted (and the end-to-end tests can type them).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
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

/// `path` itself when nothing is there, else the first of `name (2).ext`,
/// `name (3).ext`, ... that is free: Daduk never writes over a file or
/// folder that exists.
fn free_path(path: &Path) -> PathBuf {
    if !path.exists() {
        return path.to_path_buf();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.contains(' ') => (s.to_string(), format!(".{e}")),
        _ => (name.clone(), String::new()),
    };
    (2u32..)
        .map(|n| path.with_file_name(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or_else(|| path.to_path_buf())
}

/// Whether an output path is taken, and the free name to use instead.
#[derive(Debug, Clone, Serialize, Type)]
pub struct OutputStatus {
    /// Something (a file or a folder) is at the path already.
    pub exists: bool,
    /// The path itself when free, else the first free `name (n).ext`.
    pub free: String,
}

/// Whether saving to `path` would meet an existing file or folder, and
/// which free name to offer instead (exports never overwrite).
#[tauri::command]
#[specta::specta]
pub async fn output_status(path: String) -> CmdResult<OutputStatus> {
    let path = crate::paths::absolute(&path, "tujuan")?;
    Ok(OutputStatus {
        exists: path.exists(),
        free: free_path(&path).display().to_string(),
    })
}

/// Where to suggest saving a report, worksheet or packet of an assessment:
/// the person's Documents folder (else their home), with a name that says
/// what it is and is not taken yet, e.g. `Laporan ZI DINKES-BLL 2024.pdf`
/// or `Laporan ZI DINKES-BLL 2024 (2).pdf`.
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
    let unit = daduk_workspace::packet::names::safe_component(&unit, 40);
    let name = match what {
        OutputKind::Report => format!("Laporan ZI {unit} {year}.pdf"),
        OutputKind::Worksheet => format!("LKE {unit} {year}.xlsx"),
        OutputKind::Packet => format!("Paket ZI {unit} {year}.zip"),
        OutputKind::Review => format!("Reviu TPI {unit} {year}.zip"),
        OutputKind::PortalrbAnswers => format!("PortalRB jawaban {unit} {year}.json"),
        OutputKind::PortalrbUnitsWbk => format!("PortalRB unit-wbk {year}.json"),
        OutputKind::PortalrbUnitsWbbm => format!("PortalRB unit-wbbm {year}.json"),
        OutputKind::Plan => format!("Rencana Aksi ZI {unit} {year}.pdf"),
        OutputKind::Monitoring => format!("Laporan Monev ZI {unit} {year}.pdf"),
    };
    Ok(free_path(&dir.join(name)).display().to_string())
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
    /// PortalRB's answers of an assessment (JSON).
    PortalrbAnswers,
    /// PortalRB's list of units proposed for WBK (JSON).
    PortalrbUnitsWbk,
    /// PortalRB's list of units proposed for WBBM (JSON).
    PortalrbUnitsWbbm,
    /// The plan document (Rencana Aksi dan Target Prioritas).
    Plan,
    /// A quarter's monitoring report.
    Monitoring,
}

#[cfg(test)]
mod tests {
    use super::free_path;

    #[test]
    fn a_taken_name_gets_the_next_free_number() {
        let dir = tempfile::tempdir().unwrap();
        let report = dir.path().join("Laporan ZI A 2024.pdf");
        assert_eq!(free_path(&report), report);
        std::fs::write(&report, b"x").unwrap();
        std::fs::write(dir.path().join("Laporan ZI A 2024 (2).pdf"), b"x").unwrap();
        assert_eq!(
            free_path(&report),
            dir.path().join("Laporan ZI A 2024 (3).pdf")
        );
        let folder = dir.path().join("Paket ZI A 2024");
        std::fs::create_dir(&folder).unwrap();
        assert_eq!(free_path(&folder), dir.path().join("Paket ZI A 2024 (2)"));
    }
}
