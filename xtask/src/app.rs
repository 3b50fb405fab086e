//! The desktop app: front-end build, running, end-to-end tests, packaging.
//!
//! The front end lives in `ui/` (npm, Vite, Svelte); `src-tauri/` embeds its
//! build (`ui/dist`) at compile time, so the UI is always built before the
//! app. Linux comes first here (Xvfb, WebKitWebDriver, `.deb`), but nothing in
//! this file stops xtask compiling elsewhere.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};

use crate::cmd;

/// The oldest Node.js that Vite 7 runs on.
const NODE_MIN: (u32, u32) = (20, 19);

/// The version range of tauri-cli that matches the `tauri` crate we build on.
const TAURI_CLI_VERSION: &str = "^2.12";

/// The screen Xvfb provides; larger than the 1280×800 window.
const XVFB_SCREEN: &str = "1440x900x24";

fn ui_dir() -> PathBuf {
    cmd::root().join("ui")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| cmd::root().join("target"), PathBuf::from)
}

/// The debug build of the app, as `cargo build -p daduk-app` leaves it.
fn app_binary() -> PathBuf {
    target_dir()
        .join("debug")
        .join(format!("daduk-app{}", std::env::consts::EXE_SUFFIX))
}

/// `npm`, which is a `.cmd` script on Windows.
fn npm() -> Command {
    let mut command = Command::new(if cfg!(windows) { "npm.cmd" } else { "npm" });
    command.current_dir(ui_dir());
    command
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Refuse a Node.js older than Vite needs, saying which one was found.
fn check_node() -> Result<()> {
    let output = Command::new("node")
        .arg("--version")
        .output()
        .context("Node.js is not installed: install Node.js 20.19 or newer (with npm)")?;
    let version = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let mut parts = version
        .trim_start_matches('v')
        .split('.')
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if found < NODE_MIN {
        bail!(
            "Node.js {version} is too old for the front end: install {}.{} or newer",
            NODE_MIN.0,
            NODE_MIN.1
        );
    }
    Ok(())
}

/// Install the front end's npm packages when they are missing or older than
/// `package-lock.json` (`npm ci`: exactly the locked versions).
pub fn ensure_npm() -> Result<()> {
    check_node()?;
    let ui = ui_dir();
    // npm writes this file last, so its age is the age of the install.
    let installed = modified(&ui.join("node_modules/.package-lock.json"));
    let locked = modified(&ui.join("package-lock.json"));
    if installed.is_some() && installed >= locked {
        return Ok(());
    }
    cmd::step("npm ci (ui/)");
    cmd::run(npm().args(["ci", "--no-audit", "--no-fund"]))
}

/// Build the front end (`ui/dist`), which the app embeds.
pub fn build_ui() -> Result<()> {
    ensure_npm()?;
    cmd::step("vite build (ui/dist)");
    cmd::run(npm().args(["run", "build"]))
}

/// Front-end checks: type check (svelte-check) and unit tests (vitest).
pub fn test_ui() -> Result<()> {
    ensure_npm()?;
    cmd::step("svelte-check (ui/)");
    cmd::run(npm().args(["run", "check"]))?;
    cmd::step("vitest (ui/)");
    cmd::run(npm().args(["test"]))
}

/// The desktop end-to-end tests: the debug app with the UI embedded, under
/// Xvfb when there is no display, driven through tauri-driver. Each test
/// starts its own tauri-driver (and so its own app and workspace); see
/// `tests/desktop`. The app benchmark lives there too and is skipped here.
pub fn e2e() -> Result<()> {
    if !cfg!(target_os = "linux") {
        eprintln!("desktop end-to-end tests run on Linux only (WebKitWebDriver); skipped");
        return Ok(());
    }
    cmd::step("desktop end-to-end tests");
    // The app's Sinkronkan needs a server: run by `sync_e2e`.
    run_desktop(&[
        "--skip",
        "app_bench",
        "--skip",
        crate::sync_e2e::APP_TESTS[0],
        "--skip",
        crate::sync_e2e::APP_TESTS[1],
    ])?;
    eprintln!(
        "screenshots: {}",
        cmd::root().join("artifacts/screenshots").display()
    );
    Ok(())
}

/// Build what the desktop tests drive (the UI, the app, the `daduk` CLI
/// their fixtures use), then run the ignored tests of `tests/desktop` that
/// `filters` select (libtest arguments), one at a time, under Xvfb when
/// there is no display.
pub(crate) fn run_desktop(filters: &[&str]) -> Result<()> {
    run_desktop_with(filters, &[])
}

/// [`run_desktop`] with more environment for the tests (the sync test's
/// server).
pub(crate) fn run_desktop_with(filters: &[&str], env: &[(String, String)]) -> Result<()> {
    if !ui_dir().join("dist/index.html").is_file() {
        build_ui()?;
    }
    // The whole workspace, not `-p daduk-app`: features unify across the
    // packages built together, so building the app alone would compile it a
    // second time with another feature set right after `cargo xtask test`
    // built the workspace.
    cmd::step("cargo build (the app with the UI embedded, the CLI)");
    cmd::cargo(&["build", "--workspace", "--locked"])?;
    if !cmd::have("WebKitWebDriver") {
        bail!("WebKitWebDriver is missing: install the Debian package webkit2gtk-driver");
    }
    if !cmd::have("tauri-driver") {
        bail!("tauri-driver is missing: cargo install tauri-driver --locked");
    }

    let display = match std::env::var("DISPLAY") {
        Ok(display) if !display.is_empty() => {
            eprintln!("using the display {display}");
            None
        }
        _ => Some(Xvfb::start()?),
    };
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut test = Command::new(cargo);
    test.current_dir(cmd::root())
        .args(["test", "-p", "daduk-e2e-desktop", "--locked"])
        .args(["--", "--ignored", "--test-threads=1", "--nocapture"])
        .args(filters)
        .env("DADUK_APP_BIN", app_binary())
        .envs(env.iter().cloned());
    if let Some(xvfb) = &display {
        test.env("DISPLAY", &xvfb.display);
    }
    let result = cmd::run(&mut test);
    drop(display);
    result
}

/// An Xvfb server for the duration of the tests; stopped when dropped, also
/// when a test fails.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Result<Xvfb> {
        if !cmd::have("Xvfb") {
            bail!("no DISPLAY and Xvfb is missing: install the Debian package xvfb");
        }
        // With -displayfd, Xvfb picks a free display itself and writes its
        // number to the given descriptor (here its stdout) once it accepts
        // connections: no guessing from lock files, which a killed server
        // leaves behind.
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", XVFB_SCREEN])
            .args(["-nolisten", "tcp"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .context("could not start Xvfb")?;
        let stdout = child.stdout.take().context("Xvfb's stdout")?;
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let number = match receiver.recv_timeout(Duration::from_secs(10)) {
            Ok(line) if !line.trim().is_empty() => line.trim().to_string(),
            _ => {
                stop(&mut child);
                bail!("Xvfb did not report a display within 10 s");
            }
        };
        let display = format!(":{number}");
        cmd::step(&format!("Xvfb {display}"));
        Ok(Xvfb { child, display })
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// End a server politely (SIGTERM, so it removes its lock and socket), and
/// by force if it is still there after five seconds.
fn stop(child: &mut Child) {
    if cfg!(unix) {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Whether a window can be shown: Windows and macOS always, Linux with an X
/// or Wayland display.
fn have_display() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var(v).is_ok_and(|d| !d.is_empty()))
}

/// Build the UI and start the app; `args` go to the app.
pub fn run(args: &[String]) -> Result<()> {
    if !have_display() {
        bail!(
            "no display: the desktop app opens a window, but neither DISPLAY nor \
             WAYLAND_DISPLAY is set.\n\
             Run `cargo xtask run` in a desktop session, or try it on a virtual \
             screen:\n  Xvfb :99 & DISPLAY=:99 cargo xtask run\n\
             (`cargo xtask test` drives the app under Xvfb by itself.)"
        );
    }
    crate::deps::ensure_debian()?;
    build_ui()?;
    cmd::step("cargo run -p daduk-app");
    let mut cargo_args = vec!["run", "-p", "daduk-app", "--locked", "--"];
    cargo_args.extend(args.iter().map(String::as_str));
    cmd::cargo(&cargo_args)
}

/// Build the `.deb` with tauri-cli (`cargo tauri build`), installing the
/// tauri-cli that matches our `tauri` when it is missing.
pub fn bundle() -> Result<()> {
    crate::deps::ensure_debian()?;
    build_ui()?;
    ensure_tauri_cli()?;
    // The package carries the `daduk` command line beside the app: the same
    // core, for scripts and for people who prefer a terminal.
    cmd::step("cargo build --release -p daduk-cli (the daduk command, packaged too)");
    cmd::cargo(&["build", "--release", "--locked", "-p", "daduk-cli"])?;
    let cli = target_dir().join("release/daduk");
    let cli = cli
        .display()
        .to_string()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let extra =
        format!(r#"{{"bundle":{{"linux":{{"deb":{{"files":{{"/usr/bin/daduk":"{cli}"}}}}}}}}}}"#);
    cmd::step("cargo tauri build --bundles deb (release)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd::run(
        Command::new(cargo)
            .current_dir(cmd::root().join("src-tauri"))
            .args(["tauri", "build", "--ci", "--bundles", "deb", "--config"])
            .arg(extra),
    )?;
    let dir = target_dir().join("release/bundle/deb");
    let debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .collect();
    if debs.is_empty() {
        bail!("tauri build finished but left no .deb in {}", dir.display());
    }
    for deb in debs {
        eprintln!("built {}", deb.display());
    }
    Ok(())
}

/// `cargo tauri` when it answers, else `cargo install tauri-cli` (a few
/// minutes, once).
fn ensure_tauri_cli() -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let present = Command::new(&cargo)
        .args(["tauri", "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if present {
        return Ok(());
    }
    cmd::step("cargo install tauri-cli (once; takes several minutes)");
    cmd::cargo(&[
        "install",
        "tauri-cli",
        "--version",
        TAURI_CLI_VERSION,
        "--locked",
    ])
}
