//! Windows, from this Debian machine: cross-building with mingw, packaging
//! (a portable ZIP and an NSIS installer), and running the Windows CLI and
//! the installer under Wine for the tests. The OCR engine ships in a
//! `tesseract` folder beside `daduk.exe` (see `tesseract_win`).
//!
//! Wine 8 (Debian 12) lacks `bcryptprimitives.dll`, whose `ProcessPrng`
//! Rust's standard library calls on Windows; a stand-in built from
//! `tests/fixtures/wine/bcryptprimitives.c` goes beside `daduk.exe` in a
//! folder used for Wine runs only (`target/windows-test/bin`). It never ships: the
//! packages are made from the cargo output folder, which never holds it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::cmd;
use crate::wine::Wine;

/// The Rust target: mingw, so the build needs no Microsoft tools.
pub const TARGET: &str = "x86_64-pc-windows-gnu";

/// Debian packages: the linker (mingw), Wine to run what it builds, NSIS to
/// package it, and dosfstools for the FAT32 images of the tests.
pub const PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "wine64", "nsis", "dosfstools"];

/// The rustup target and the Debian packages, installed when missing.
pub fn ensure() -> Result<()> {
    crate::deps::ensure_packages(PACKAGES)?;
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the Windows target")?;
    if !String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == TARGET)
    {
        cmd::step(&format!("rustup target add {TARGET}"));
        cmd::run(Command::new("rustup").args(["target", "add", TARGET]))?;
    }
    Ok(())
}

/// `cargo xtask windows`: release builds of `daduk.exe` and
/// `daduk-app.exe`, packaged into `target/windows/` as a portable ZIP and an
/// installer; then `daduk.exe --version` under Wine.
pub fn windows() -> Result<()> {
    ensure()?;
    crate::app::build_ui()?;
    cmd::step(&format!(
        "cargo build --release --target {TARGET} (daduk.exe, daduk-app.exe)"
    ));
    cmd::cargo(&[
        "build",
        "--release",
        "--locked",
        "--target",
        TARGET,
        "-p",
        "daduk-cli",
        "-p",
        "daduk-app",
    ])?;
    let built = cmd::target_dir().join(TARGET).join("release");
    let out = cmd::target_dir().join("windows");
    let version = version()?;
    let stage = stage(
        &out.join("stage"),
        &[
            ("daduk.exe", built.join("daduk.exe")),
            ("daduk-app.exe", built.join("daduk-app.exe")),
            ("WebView2Loader.dll", built.join("WebView2Loader.dll")),
        ],
    )?;
    let zip = out.join(format!("Daduk-{version}-windows-x64.zip"));
    write_zip(&stage, &zip, &format!("Daduk-{version}"))?;
    let setup = out.join(format!("Daduk-{version}-setup.exe"));
    makensis(&stage, &version, &setup, true)?;

    let wine = Wine::prepare(&built.join("daduk.exe"))?;
    cmd::step("wine daduk.exe --version");
    cmd::run(wine.command(&wine.exe).arg("--version"))?;
    eprintln!("\nbuilt:\n  {}\n  {}", zip.display(), setup.display());
    Ok(())
}

/// `daduk.exe` as the Windows tests build it (profile `wine`).
pub fn wine_cli() -> PathBuf {
    cmd::target_dir()
        .join(TARGET)
        .join("wine")
        .join("daduk.exe")
}

/// The Windows test that needs a server (`tests/windows/tests/sync.rs`).
pub const WINE_SYNC_TEST: &str = "the_windows_cli_syncs_a_unit_and_an_evaluator_receives_it";

/// The Windows part of `cargo xtask test`: the CLI cross-built (profile
/// `wine`, the cheapest build) and run under Wine through the scenarios of
/// `tests/windows`, and an installer built from that CLI, installed and
/// removed under Wine. CI does not cross-build the desktop app (several
/// minutes more); the test installer carries the CLI in its place, and
/// `cargo xtask windows` packages the real one.
pub fn test() -> Result<()> {
    if !cfg!(target_os = "linux") {
        eprintln!("the Windows build is tested under Wine on Linux only; skipped");
        return Ok(());
    }
    let start = Instant::now();
    ensure()?;
    cmd::step(&format!(
        "cargo build --profile wine --target {TARGET} -p daduk-cli"
    ));
    // Warnings are errors here too: clippy only looks at the Linux build.
    cmd::cargo(&[
        "build",
        "--locked",
        "--profile",
        "wine",
        "--target",
        TARGET,
        "-p",
        "daduk-cli",
        "--config",
        &format!("target.{TARGET}.rustflags=[\"-D\", \"warnings\"]"),
    ])?;
    let cli = wine_cli();
    let wine = Wine::prepare(&cli)?;
    // The OCR engine beside `daduk.exe`, as the installer puts it.
    crate::tesseract_win::stage(wine.exe.parent().context("the Wine folder")?)?;

    let out = cmd::target_dir().join("windows-test");
    // Not the app: the CLI stands in for it, and a note for the DLL the app
    // needs (see above). The installer does not look inside what it copies.
    let placeholder = out.join("WebView2Loader.placeholder");
    std::fs::write(
        &placeholder,
        "Pengganti untuk uji pemasang di CI; bukan WebView2Loader.dll asli.\r\n",
    )?;
    let stage = stage(
        &out.join("stage"),
        &[
            ("daduk.exe", cli.clone()),
            ("daduk-app.exe", cli.clone()),
            ("WebView2Loader.dll", placeholder),
        ],
    )?;
    let setup = out.join("Daduk-test-setup.exe");
    makensis(&stage, &version()?, &setup, false)?;

    let drives = wine.drives()?;
    let _server = wine.server()?;
    cmd::step("Windows CLI and installer under Wine (tests/windows)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut test = Command::new(cargo);
    test.current_dir(cmd::root())
        .args([
            "test",
            "-p",
            "daduk-e2e-windows",
            "--locked",
            "--no-fail-fast",
        ])
        // `daduk.exe sync` needs a server: run by the sync step.
        .args([
            "--",
            "--ignored",
            "--nocapture",
            "--test-threads=2",
            "--skip",
            WINE_SYNC_TEST,
        ])
        .envs(wine.env())
        .env("DADUK_WINE_EXE", &wine.exe)
        .env("DADUK_WINE_INSTALLER", &setup)
        .envs(drives.env());
    cmd::run(&mut test)?;
    // CI's time is budgeted: say what this part cost.
    eprintln!(
        "Windows under Wine: {:.0} s in all (build, prefix, tests)",
        start.elapsed().as_secs_f64()
    );
    // The server stops before the loop device is released (reverse order).
    Ok(())
}

/// The version of the workspace (`[workspace.package] version`).
fn version() -> Result<String> {
    let text = std::fs::read_to_string(cmd::root().join("Cargo.toml"))?;
    text.lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "version").then(|| value.trim().trim_matches('"').to_string())
        })
        .context("no version in [workspace.package] of Cargo.toml")
}

/// Copy what ships (and what makensis needs: the icon) into a fresh
/// folder; the reader's note gets Windows line ends and a byte-order mark
/// so every Notepad shows it right.
fn stage(dir: &Path, programs: &[(&str, PathBuf)]) -> Result<PathBuf> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clear {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir)?;
    for (name, from) in programs {
        std::fs::copy(from, dir.join(name))
            .with_context(|| format!("copy {} (was it built?)", from.display()))?;
    }
    crate::tesseract_win::stage(dir)?;
    let readme = std::fs::read_to_string(cmd::root().join("packaging/windows/BACA-SAYA.txt"))?;
    let readme = format!("\u{feff}{}", readme.replace('\n', "\r\n"));
    std::fs::write(dir.join("BACA-SAYA.txt"), readme)?;
    std::fs::copy(
        cmd::root().join("src-tauri/icons/icon.ico"),
        dir.join("daduk.ico"),
    )?;
    Ok(dir.to_path_buf())
}

/// The files that ship, in a folder `top` inside a ZIP.
fn write_zip(stage: &Path, zip_path: &Path, top: &str) -> Result<()> {
    use std::io::Write;
    cmd::step(&format!("zip {}", zip_path.display()));
    let file = std::fs::File::create(zip_path)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for name in [
        "daduk-app.exe",
        "daduk.exe",
        "WebView2Loader.dll",
        "BACA-SAYA.txt",
        "tesseract/tesseract.exe",
        "tesseract/tessdata/ind.traineddata",
    ] {
        zip.start_file(format!("{top}/{name}"), options)?;
        zip.write_all(&std::fs::read(stage.join(name))?)?;
    }
    zip.finish()?;
    Ok(())
}

/// Build the installer from `packaging/windows/daduk.nsi`; `small`: with
/// LZMA, the smallest download, else quickly (zlib) for the tests.
fn makensis(stage: &Path, version: &str, setup: &Path, small: bool) -> Result<()> {
    cmd::step(&format!("makensis {}", setup.display()));
    let script = cmd::root().join("packaging/windows/daduk.nsi");
    let compressor = if small { "lzma" } else { "zlib" };
    cmd::run(
        Command::new("makensis")
            .arg("-V2")
            .arg(format!("-DCOMPRESSOR={compressor}"))
            .arg(format!("-DVERSION={version}"))
            .arg(format!("-DSRCDIR={}", stage.display()))
            .arg(format!("-DOUTFILE={}", setup.display()))
            .arg(script),
    )
}
