//! `cargo xtask run | test | bench | bundle | windows`: the project's automation.
//!
//! Each command installs what it needs and is missing (Debian packages when
//! run as root, npm packages, tauri-driver), so the README's two commands
//! work on a fresh Debian machine.

mod app;
mod app_bench;
mod bench;
mod cmd;
mod deps;
mod evidence_bench;
mod garage;
mod read_bench;
mod server;
mod services;
mod sync_e2e;
mod tesseract_win;
mod tidy;
mod windows;
mod wine;

use anyhow::{Result, bail};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  run      install what is missing, build the UI and start the desktop app
  test     install what is missing, then fmt check, clippy, every test (unit,
           CLI, the Windows CLI and installer under Wine, front end, desktop
           end-to-end under Xvfb)
  bench    benchmarks: evidence and packets (ratios against sha256sum and
           cp), the report, the app (click to painted item pane, memory);
           `bench evidence|report|app|server|read` runs one (server: sync
           against plain S3, re-sync, overview and PortalRB p95 with 50
           clients, memory; read: the evidence reader's accuracy and its
           speed against pdftotext and the tesseract command)
  server   start PostgreSQL, Garage and Daduk Server on 127.0.0.1 and print
           DADUK_SERVER_URL and DADUK_SERVER_TOKEN (an admin token); Ctrl-C
           stops them all. Their data is kept for the next start;
           `server --fresh` starts from nothing
  test-server  only the server tests (PostgreSQL and Garage started for them)
  test-sync  only the sync scenarios: `daduk sync`/`daduk admin` and the app's
           Sinkronkan against a Daduk Server (PostgreSQL and Garage started)
  bundle   build the .deb package
  tidy     the repository's own conventions (run by test)
  windows  cross-build daduk.exe and daduk-app.exe (release) and package
           them into target/windows/: a portable ZIP and an installer
  test-windows  only the Windows part of test: the CLI and the installer
           under Wine
  windows-ocr  only the OCR engine of the Windows build (tesseract.exe,
           cross-built once per machine into ~/.cache/daduk)
  test-desktop  only the desktop end-to-end part of test (Xvfb, WebDriver)";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = &args[args.len().min(1)..];
    match args.first().map(String::as_str) {
        Some("run") => app::run(rest),
        Some("test") => test(),
        Some("bundle") => app::bundle(),
        Some("server") => server::run(rest),
        Some("test-server") => server::test(),
        Some("test-sync") => sync_e2e::test(),
        Some("tidy") => tidy::check(&cmd::root()),
        Some("windows") => windows::windows(),
        Some("test-windows") => windows::test(),
        Some("windows-ocr") => {
            let exe = tesseract_win::exe()?;
            println!("{}", exe.display());
            Ok(())
        }
        Some("test-desktop") => {
            deps::ensure_all()?;
            app::build_ui()?;
            app::e2e()
        }
        Some("bench") => bench(rest.first().map(String::as_str)),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command '{other}'\n\n{USAGE}"),
    }
}

/// Every benchmark (or the one named: `evidence`, `report`, `app`,
/// `server`, `read`), each
/// printing ratios against a baseline measured in the same run.
fn bench(only: Option<&str>) -> Result<()> {
    deps::ensure_all()?;
    let run = |name: &str| only.is_none_or(|o| o == name);
    if let Some(o) = only
        && !["evidence", "report", "app", "server", "read"].contains(&o)
    {
        bail!("unknown benchmark '{o}': evidence, report, app, server or read");
    }
    if run("evidence") {
        evidence_bench::run()?;
    }
    if run("report") {
        bench::report()?;
    }
    if run("app") {
        app_bench::bench()?;
    }
    if run("server") {
        server::bench()?;
    }
    if run("read") {
        read_bench::run()?;
    }
    Ok(())
}

/// Everything CI checks, in the order that fails fastest.
fn test() -> Result<()> {
    deps::ensure_all()?;
    cmd::step("cargo fmt --check");
    cmd::cargo(&["fmt", "--all", "--", "--check"])?;
    cmd::step("tidy (the repository's own conventions)");
    tidy::check(&cmd::root())?;
    app::build_ui()?;
    cmd::step("cargo clippy (warnings denied)");
    cmd::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ])?;
    cmd::step("cargo build (binaries the end-to-end tests run)");
    cmd::cargo(&["build", "--workspace", "--locked"])?;
    cmd::step("cargo test");
    // The server's tests run in their own step, with PostgreSQL and Garage.
    cmd::cargo(&[
        "test",
        "--workspace",
        "--locked",
        "--exclude",
        "daduk-server",
    ])?;
    server::test()?;
    windows::test()?;
    sync_e2e::test()?;
    app::test_ui()?;
    app::e2e()?;
    cmd::step("all checks passed");
    Ok(())
}
