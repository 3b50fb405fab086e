//! Closing the window without losing typed text. The front end keeps every
//! form's unsaved text as a draft and says whether it holds any
//! (`set_unsaved_work`); while it does, a close request (the title bar's ×,
//! Alt+F4, the system) is held and [`CloseRequested`] is sent, and the front
//! end asks in its own dialog, closing with `close_window` when told to.
//! With nothing unsaved the window closes as usual, so a front end that
//! stopped answering can never keep it open.

use std::sync::atomic::Ordering;

use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{State, WebviewWindow, Window, WindowEvent};
use tauri_specta::Event;

use crate::error::CmdResult;
use crate::state::AppState;

/// The window was asked to close while the front end holds unsaved text.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct CloseRequested;

/// Say whether any form holds text that is not saved.
#[tauri::command]
#[specta::specta]
pub async fn set_unsaved_work(state: State<'_, AppState>, unsaved: bool) -> CmdResult<()> {
    state.unsaved.store(unsaved, Ordering::SeqCst);
    Ok(())
}

/// Close the window now (the person chose to, unsaved text included).
#[tauri::command]
#[specta::specta]
pub async fn close_window(state: State<'_, AppState>, window: WebviewWindow) -> CmdResult<()> {
    state.unsaved.store(false, Ordering::SeqCst);
    window
        .destroy()
        .map_err(|e| crate::error::fail(&format!("jendela tidak dapat ditutup: {e}")))
}

/// Hold a close request while there is unsaved text, and tell the front end.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    use tauri::Manager;
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let unsaved = window
        .try_state::<AppState>()
        .is_some_and(|s| s.unsaved.load(Ordering::SeqCst));
    if unsaved && CloseRequested.emit(window.app_handle()).is_ok() {
        api.prevent_close();
    }
}
