//! The desktop app's benchmark: an assessment with all 113 items answered
//! and 2,000 files, opened in the real app (debug build, as `cargo xtask
//! test` builds it) under Xvfb. It reports the time from a click on an item
//! in the tree to the painted item pane (median, p95 and max; scripted
//! clicks over every item twice and real mouse clicks over every item once;
//! the aim is under 100 ms), the IPC alone, and the resident memory of the
//! app and its webview processes. The work is in `tests/desktop/tests/bench.rs`,
//! which drives the app through WebDriver; the figures also land in
//! `artifacts/bench-app.json`.

use anyhow::Result;

use crate::{app, cmd};

/// Run the app benchmark and print its figures.
pub fn bench() -> Result<()> {
    if !cfg!(target_os = "linux") {
        eprintln!("the app benchmark runs on Linux only (WebKitWebDriver); skipped");
        return Ok(());
    }
    app::build_ui()?;
    cmd::step("app benchmark: 113 answered items, 2,000 files; click to painted item pane");
    app::run_desktop(&["--exact", "app_bench"])?;
    eprintln!(
        "figures: {}",
        cmd::root().join("artifacts/bench-app.json").display()
    );
    Ok(())
}
