//! Daduk's desktop shell.
//!
//! The shell only adapts `daduk-workspace` to the front end: each command takes
//! typed arguments, calls the core and returns serialisable values. No SQL,
//! scoring or file handling lives here. The TypeScript bindings the front end
//! imports (`ui/src/lib/bindings.ts`) are generated from these commands and
//! types by [`bindings`]; a test regenerates them and fails when they drift.

mod commands;
mod error;
mod jobs;
mod paths;
mod settings;
mod state;
mod webview2;

use tauri_specta::{Builder, collect_commands, collect_events};

use commands::{assessment, dialogs, evidence, plan, portalrb, sync, tpn, window, work, workspace};

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// The commands and events exposed to the front end.
pub fn bindings() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            workspace::workspace_info,
            workspace::open_workspace,
            workspace::workspace_overview,
            workspace::add_unit,
            workspace::new_assessment,
            workspace::new_assessment_from,
            workspace::unit_trend,
            workspace::set_workspace_role,
            workspace::check_unit,
            workspace::update_unit,
            workspace::set_assessment_status,
            workspace::note_other_side,
            window::set_unsaved_work,
            window::close_window,
            assessment::template_doc,
            assessment::assessment_state,
            assessment::preview_answer,
            assessment::save_answer,
            tpn::tpn_state,
            tpn::set_tpn_stage,
            tpn::clear_tpn_stage,
            evidence::item_files,
            evidence::item_readings,
            evidence::assessment_readings,
            evidence::add_files,
            evidence::edit_file,
            evidence::remove_file,
            evidence::review_file,
            evidence::mark_absent,
            evidence::open_file,
            evidence::assign_files,
            evidence::file_assignments,
            evidence::unassign_file,
            plan::plan_view,
            plan::set_plan_item,
            plan::plan_recommendations,
            plan::adopt_recommendation,
            plan::add_activity,
            plan::edit_activity,
            plan::remove_activity,
            plan::record_progress,
            plan::clear_progress,
            plan::assessment_files,
            plan::import_plan_sheet,
            plan::write_plan_document,
            plan::typed_items,
            work::cancel_job,
            work::import_folder,
            work::verify_files,
            work::read_contents,
            work::search_files,
            work::write_report,
            work::export_worksheet,
            work::import_worksheet,
            work::export_packet,
            work::check_packet,
            work::import_packet,
            work::open_output,
            portalrb::portalrb_answers,
            portalrb::portalrb_units,
            sync::sync_settings,
            sync::sync_now,
            sync::resolve_sync_conflicts,
            dialogs::pick_folder,
            dialogs::pick_files,
            dialogs::pick_file,
            dialogs::pick_save,
            dialogs::suggest_output,
            dialogs::output_status,
        ])
        .events(collect_events![jobs::JobProgress, window::CloseRequested])
        // Sizes, counts and ids stay far below 2^53.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type: the front end reads what commands
        // return and sends what they take, never the same value both ways.
        .disable_serde_phases()
}

/// The TypeScript exporter with the header every generated file carries.
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default().header(
        "// Generated from src-tauri by `cargo test -p daduk-app --test bindings`.\n\
         // Do not edit: change the Rust types and rerun the test.\n",
    )
}

/// Start the desktop app and block until its window is closed.
pub fn run() {
    #[cfg(windows)]
    if !webview2::available() {
        std::process::exit(1);
    }
    let builder = bindings();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(state::AppState::default())
        .invoke_handler(builder.invoke_handler())
        .on_window_event(window::on_window_event)
        .setup(move |app| {
            builder.mount_events(app);
            workspace::open_at_startup(app.handle());
            fit_to_screen(app.handle());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        // No window could be shown: say why on stderr and, on Windows, where
        // a release build has no console, in a message box.
        let message = format!("Daduk tidak dapat dijalankan: {error}");
        eprintln!("{message}");
        #[cfg(windows)]
        webview2::show_error(&message);
        std::process::exit(1);
    }
}

/// Shrink the window to the screen's work area (without the task bar) when
/// its default size does not fit: on a 1366×768 laptop the default
/// 1280×800 would start with its top or bottom off screen.
fn fit_to_screen(app: &tauri::AppHandle) {
    use tauri::Manager;
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let Ok(Some(monitor)) = window
        .current_monitor()
        .or_else(|_| window.primary_monitor())
    else {
        return;
    };
    let (Ok(outer), Ok(inner)) = (window.outer_size(), window.inner_size()) else {
        return;
    };
    let area = monitor.work_area().size;
    if outer.width <= area.width && outer.height <= area.height {
        return;
    }
    // The frame (title bar, borders) stays; the content gives way.
    let frame_w = outer.width.saturating_sub(inner.width);
    let frame_h = outer.height.saturating_sub(inner.height);
    let width = inner.width.min(area.width.saturating_sub(frame_w));
    let height = inner.height.min(area.height.saturating_sub(frame_h));
    let _ = window.set_size(tauri::PhysicalSize::new(width, height));
    let _ = window.center();
}
