//! The desktop app: front-end build, running, end-to-end tests, packaging.

use anyhow::Result;

/// Install the front end's npm packages when they are missing.
pub fn ensure_npm() -> Result<()> {
    Ok(())
}

/// Build the front end (`ui/dist`), which the app embeds.
pub fn build_ui() -> Result<()> {
    Ok(())
}

/// Front-end unit tests (vitest).
pub fn test_ui() -> Result<()> {
    Ok(())
}

/// The desktop end-to-end tests under Xvfb and tauri-driver.
pub fn e2e() -> Result<()> {
    Ok(())
}

/// Build the UI and start the app.
pub fn run(_args: &[String]) -> Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}

/// Build the `.deb`.
pub fn bundle() -> Result<()> {
    anyhow::bail!("the desktop app is not built yet")
}
