//! Daduk's desktop shell.
//!
//! The shell only adapts `daduk-core` to the front end: each command takes
//! typed arguments, calls the core and returns serialisable values. No SQL,
//! scoring or file handling lives here. The TypeScript bindings the front end
//! imports (`ui/src/lib/bindings.ts`) are generated from these commands and
//! types by [`bindings`]; a test regenerates them and fails when they drift.

mod commands;
mod view;

use tauri_specta::{Builder, collect_commands};

pub use view::TemplateTree;

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

/// The commands and types exposed to the front end.
pub fn bindings() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new().commands(collect_commands![commands::template_tree])
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
    let builder = bindings();
    let result = tauri::Builder::default()
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(error) = result {
        // No window could be shown, so stderr is the only place left to say why.
        eprintln!("Daduk tidak dapat dijalankan: {error}");
        std::process::exit(1);
    }
}
