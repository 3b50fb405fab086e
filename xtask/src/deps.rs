//! Installing what the build and the tests need, when it is missing.

use std::process::Command;

use anyhow::{Result, bail};

use crate::cmd;

/// Debian packages: Tauri's build dependencies, the desktop end-to-end test
/// tools (Xvfb, WebKitWebDriver), poppler (pdftoppm/pdftotext for reports)
/// LibreOffice Calc (recalculates exported worksheets' formulas in tests)
/// and Writer (the plan's DOCX documents are opened headless), PostgreSQL
/// (the server's tests), Tesseract with its Indonesian data (the evidence
/// reader's OCR of scans and photos).
pub const DEBIAN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libssl-dev",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "libsoup-3.0-dev",
    "librsvg2-dev",
    "libayatana-appindicator3-dev",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "poppler-utils",
    "libreoffice-writer-nogui",
    "file",
    "time",
    "libreoffice-calc-nogui",
    // Daduk Server's tests and `cargo xtask server` (a cluster of their own).
    "postgresql",
    // The evidence reader's OCR: the engine and its Indonesian language data.
    "tesseract-ocr",
    "tesseract-ocr-ind",
];

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Install the missing Debian packages (as root) or say how to.
pub fn ensure_debian() -> Result<()> {
    ensure_packages(DEBIAN_PACKAGES)
}

/// Install those of `packages` that are missing (as root) or say how to.
pub fn ensure_packages(packages: &[&str]) -> Result<()> {
    if !cmd::have("dpkg-query") {
        eprintln!("not a Debian system: make sure the equivalents of {packages:?} are installed");
        return Ok(());
    }
    let missing: Vec<&str> = packages.iter().copied().filter(|p| !installed(p)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "missing Debian packages; install them with:\n  sudo apt-get install -y {}",
            missing.join(" ")
        );
    }
    cmd::step(&format!("apt-get install {}", missing.join(" ")));
    // A machine stopped in the middle of an earlier install leaves dpkg
    // "interrupted", and apt-get then refuses every install: finish what was
    // half done first (it is what apt-get's own message asks for).
    if dpkg_interrupted() {
        repair_dpkg()?;
    }
    cmd::run(Command::new("apt-get").arg("update").arg("-q"))?;
    let install = || {
        cmd::run(
            Command::new("apt-get")
                .args(["install", "-y", "-q", "--no-install-recommends"])
                .args(&missing)
                .env("DEBIAN_FRONTEND", "noninteractive"),
        )
    };
    match install() {
        Ok(()) => Ok(()),
        Err(first) => {
            eprintln!("apt-get install failed ({first:#}); repairing dpkg and trying once more");
            repair_dpkg()?;
            install()
        }
    }
}

/// Whether `dpkg --audit` reports half-installed or unconfigured packages.
fn dpkg_interrupted() -> bool {
    Command::new("dpkg")
        .arg("--audit")
        .output()
        .is_ok_and(|o| !o.stdout.trim_ascii().is_empty())
}

/// `dpkg --configure -a` then `apt-get -f install`: finish an install that a
/// stopped machine left half done.
fn repair_dpkg() -> Result<()> {
    cmd::step("dpkg --configure -a");
    cmd::run(
        Command::new("dpkg")
            .args(["--configure", "-a"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-f", "-y", "-q", "--no-install-recommends"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

/// `cargo install tauri-driver` when it is not on the PATH.
pub fn ensure_tauri_driver() -> Result<()> {
    if cmd::have("tauri-driver") {
        return Ok(());
    }
    cmd::step("cargo install tauri-driver");
    cmd::cargo(&["install", "tauri-driver", "--locked"])
}

/// Everything `cargo xtask test` needs.
pub fn ensure_all() -> Result<()> {
    ensure_debian()?;
    ensure_tauri_driver()?;
    crate::app::ensure_npm()
}
