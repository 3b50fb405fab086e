//! Generates the Tauri context and the permissions of the app's own commands.

fn main() {
    // Declaring the app's commands makes Tauri refuse any of them that a
    // capability does not allow (capabilities/default.json), so the front end
    // can call exactly what the capability lists and nothing else.
    let manifest = tauri_build::AppManifest::new().commands(daduk_app_commands());
    let attributes = tauri_build::Attributes::new().app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// Every `#[tauri::command]` in `src/commands/`; keep in step with
/// `daduk_app::bindings()` (a test checks).
fn daduk_app_commands() -> &'static [&'static str] {
    &[
        "workspace_info",
        "open_workspace",
        "workspace_overview",
        "add_unit",
        "new_assessment",
        "new_assessment_from",
        "unit_trend",
        "template_doc",
        "assessment_state",
        "preview_answer",
        "save_answer",
        "tpn_state",
        "set_tpn_stage",
        "clear_tpn_stage",
        "item_files",
        "item_readings",
        "assessment_readings",
        "add_files",
        "edit_file",
        "remove_file",
        "review_file",
        "mark_absent",
        "open_file",
        "plan_view",
        "set_plan_item",
        "plan_recommendations",
        "adopt_recommendation",
        "add_activity",
        "edit_activity",
        "remove_activity",
        "record_progress",
        "clear_progress",
        "assessment_files",
        "import_plan_sheet",
        "write_plan_document",
        "cancel_job",
        "import_folder",
        "verify_files",
        "read_contents",
        "search_files",
        "write_report",
        "export_worksheet",
        "import_worksheet",
        "export_packet",
        "check_packet",
        "import_packet",
        "open_output",
        "portalrb_answers",
        "portalrb_units",
        "pick_folder",
        "pick_files",
        "pick_file",
        "pick_save",
        "suggest_output",
        "set_workspace_role",
        "check_unit",
        "update_unit",
        "set_assessment_status",
        "assign_files",
        "file_assignments",
        "unassign_file",
        "output_status",
        "sync_settings",
        "sync_now",
        "resolve_sync_conflicts",
        "note_other_side",
        "set_unsaved_work",
        "close_window",
        "typed_items",
    ]
}
