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

/// Every `#[tauri::command]` in `src/commands.rs`; keep in step with
/// `commands::collect()`.
fn daduk_app_commands() -> &'static [&'static str] {
    &["template_tree"]
}
