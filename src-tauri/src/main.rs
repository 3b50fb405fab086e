//! The `daduk-app` binary: Daduk's desktop window.

// No console window behind the app in Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    daduk_app::run();
}
