//! A harness that drives the real Daduk desktop app through WebDriver.
//!
//! Each [`App`] is a fresh app process with its own empty workspace folder
//! (`DADUK_WORKSPACE`), reached through its own `tauri-driver` on free ports;
//! `tauri-driver` in turn runs Debian's `WebKitWebDriver`, which starts the app.
//! Tests therefore never share state and may run in any order.
//!
//! What the harness needs, `cargo xtask test` provides: the debug build of
//! `daduk-app` with the UI embedded, `tauri-driver` on the PATH, and a display
//! (Xvfb when there is none).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use thirtyfour::prelude::*;

pub mod fixtures;

/// The window sizes every screen is looked at in: the most common laptop
/// screen, and the app's default window.
pub const SIZES: [(u32, u32); 2] = [(1366, 768), (1280, 800)];

/// The laptop screen most users have; the unit team's scenario runs in it.
pub const LAPTOP: (u32, u32) = (1366, 768);

/// The app's default window; the evaluator's scenario runs in it.
pub const DEFAULT_WINDOW: (u32, u32) = (1280, 800);

/// How long the app may take to show its first screen.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an expected element may take to appear.
const WAIT_TIMEOUT: Duration = Duration::from_secs(10);
const POLL_INTERVAL: Duration = Duration::from_millis(100);
/// Session requests before a start counts as failed (see `App::start`).
const SESSION_ATTEMPTS: u32 = 4;

/// Whether a refused click is the page still settling (worth a retry).
fn settling(error: &WebDriverError) -> bool {
    use thirtyfour::error::WebDriverErrorInner as E;
    matches!(
        error.as_inner(),
        E::ElementNotInteractable(_) | E::ElementClickIntercepted(_) | E::StaleElementReference(_)
    )
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where screenshots and driver logs go (`artifacts/`, ignored by git).
pub fn artifacts_dir() -> PathBuf {
    repo_root().join("artifacts")
}

/// The app binary: `DADUK_APP_BIN`, or the workspace's debug build.
pub fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("DADUK_APP_BIN") {
        return PathBuf::from(bin);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repo_root().join("target"), PathBuf::from);
    target
        .join("debug")
        .join(format!("daduk-app{}", std::env::consts::EXE_SUFFIX))
}

/// A running app under WebDriver, with its own workspace folder.
#[derive(Debug)]
pub struct App {
    driver: Option<WebDriver>,
    tauri_driver: Child,
    workspace: Workspace,
    name: String,
}

/// The app's workspace: a fresh temporary folder, or one given.
#[derive(Debug)]
enum Workspace {
    Temp(tempfile::TempDir),
    Given(PathBuf),
}

impl Workspace {
    fn path(&self) -> &Path {
        match self {
            Workspace::Temp(dir) => dir.path(),
            Workspace::Given(dir) => dir,
        }
    }
}

impl App {
    /// Start the app for the test `name` (used for log and screenshot names)
    /// on a fresh, empty workspace and wait until its first screen is up.
    pub async fn start(name: &str) -> Result<App> {
        App::start_prepared(name, |_| Ok(())).await
    }

    /// Like [`App::start`], after `prepare` has filled the workspace folder
    /// (e.g. with the `daduk` CLI).
    pub async fn start_prepared(
        name: &str,
        prepare: impl FnOnce(&Path) -> Result<()>,
    ) -> Result<App> {
        let workspace = tempfile::Builder::new()
            .prefix("daduk-e2e-")
            .tempdir()
            .context("create a workspace folder")?;
        prepare(workspace.path())?;
        App::launch(name, Workspace::Temp(workspace)).await
    }

    /// Start the app on an existing workspace folder (benchmarks).
    pub async fn start_at(name: &str, workspace: &Path) -> Result<App> {
        App::launch(name, Workspace::Given(workspace.to_path_buf())).await
    }

    async fn launch(name: &str, workspace: Workspace) -> Result<App> {
        let binary = app_binary();
        if !binary.is_file() {
            bail!(
                "{} does not exist: build it with `cargo build -p daduk-app` \
                 (cargo xtask test does)",
                binary.display()
            );
        }
        let logs = artifacts_dir().join("logs");
        std::fs::create_dir_all(&logs).with_context(|| format!("create {}", logs.display()))?;
        let log_path = logs.join(format!("{name}.log"));
        let log = std::fs::File::create(&log_path)
            .with_context(|| format!("create {}", log_path.display()))?;

        let port = free_port()?;
        let native_port = free_port()?;
        let mut command = Command::new(tauri_driver_program());
        command
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("DADUK_WORKSPACE", workspace.path())
            // The name the audit log (and the screens) show.
            .env("DADUK_USER", "Ayu")
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        own_process_group(&mut command);
        let tauri_driver = command
            .spawn()
            .context("start tauri-driver (install it with `cargo install tauri-driver`)")?;
        let mut app = App {
            driver: None,
            tauri_driver,
            workspace,
            name: name.to_string(),
        };
        let url = format!("http://127.0.0.1:{port}");
        wait_for_port(port, &mut app.tauri_driver, &log_path).await?;

        let mut caps = Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            serde_json::json!({ "application": binary.to_string_lossy() }),
        )?;
        // tauri-driver listens before the WebKitWebDriver it starts does; on
        // a loaded machine the first session request can reach a native
        // driver that is not listening yet ("connection refused"). Ask again
        // a few times before calling it a failure.
        let mut attempt = 0;
        let driver = loop {
            attempt += 1;
            match WebDriver::builder(&url, caps.clone())
                .request_timeout(START_TIMEOUT)
                .await
            {
                Ok(driver) => break driver,
                Err(e) if attempt < SESSION_ATTEMPTS => {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(e) => {
                    return Err(e).with_context(|| {
                        format!("open a WebDriver session (see {})", log_path.display())
                    });
                }
            }
        };
        app.driver = Some(driver);
        app.element("[data-testid=app-ready]", START_TIMEOUT)
            .await
            .context("the first screen did not finish loading")?;
        Ok(app)
    }

    /// The WebDriver session.
    pub fn driver(&self) -> &WebDriver {
        // Set in `start` before the App is handed out; taken only by `stop`.
        #[allow(clippy::expect_used)]
        self.driver.as_ref().expect("the session is open")
    }

    /// This app's workspace folder.
    pub fn workspace(&self) -> &Path {
        self.workspace.path()
    }

    /// Run a script in the page and return its value.
    pub async fn js(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        let ret = self
            .driver()
            .execute(script, args)
            .await
            .with_context(|| format!("run script: {script}"))?;
        Ok(ret.json().clone())
    }

    /// Run an asynchronous script (its last argument is the callback) and
    /// return what it passes to the callback.
    pub async fn js_async(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        let ret = self
            .driver()
            .execute_async(script, args)
            .await
            .with_context(|| format!("run script: {script}"))?;
        Ok(ret.json().clone())
    }

    /// Scroll the first element matching `css` to the top of its scrolling
    /// area (to take a screenshot of what is below the fold).
    pub async fn scroll_to(&self, css: &str) -> Result<()> {
        self.element(css, WAIT_TIMEOUT).await?;
        self.js(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' })",
            vec![serde_json::json!(css)],
        )
        .await?;
        Ok(())
    }

    /// Choose `value` in the `<select>` matching `css`, as a person picking
    /// from its list would (the change event fires).
    pub async fn choose(&self, css: &str, value: &str) -> Result<()> {
        self.element(css, WAIT_TIMEOUT).await?;
        let found = self
            .js(
                "const s = document.querySelector(arguments[0]);\
                 if (![...s.options].some((o) => o.value === arguments[1])) return false;\
                 s.value = arguments[1];\
                 s.dispatchEvent(new Event('change', { bubbles: true }));\
                 return true;",
                vec![serde_json::json!(css), serde_json::json!(value)],
            )
            .await?;
        if found != serde_json::json!(true) {
            bail!("`{css}` has no option '{value}'");
        }
        Ok(())
    }

    /// The value of the form field matching `css`.
    pub async fn value_of(&self, css: &str) -> Result<String> {
        let field = self.element(css, WAIT_TIMEOUT).await?;
        Ok(field.prop("value").await?.unwrap_or_default())
    }

    /// Replace the text of the input matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) -> Result<()> {
        let input = self.element(css, WAIT_TIMEOUT).await?;
        input
            .clear()
            .await
            .with_context(|| format!("clear `{css}`"))?;
        input
            .send_keys(text)
            .await
            .with_context(|| format!("type into `{css}`"))
    }

    /// Wait until some element matching `css` exists.
    pub async fn wait_for(&self, css: &str) -> Result<WebElement> {
        self.element(css, WAIT_TIMEOUT).await
    }

    /// Wait up to `timeout` until some element matching `css` exists.
    pub async fn wait_long(&self, css: &str, timeout: Duration) -> Result<WebElement> {
        self.element(css, timeout).await
    }

    /// Wait until no element matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        while Instant::now() < deadline {
            let found = self
                .driver()
                .query(By::Css(css))
                .nowait()
                .first_opt()
                .await?;
            if found.is_none() {
                return Ok(());
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        bail!("`{css}` is still there after {WAIT_TIMEOUT:?}")
    }

    /// The text content of the first element matching `css`, whitespace
    /// collapsed.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        Ok(content(&self.element(css, WAIT_TIMEOUT).await?).await)
    }

    /// The resident memory (kB) of every process started for this app:
    /// the app itself and its webview's helpers, by program name. Linux only
    /// (read from /proc); empty elsewhere.
    pub fn memory(&self) -> Vec<(String, u64)> {
        descendants_rss(self.tauri_driver.id())
    }

    /// The first element matching a CSS selector, waiting up to `timeout`.
    pub async fn element(&self, css: &str, timeout: Duration) -> Result<WebElement> {
        self.driver()
            .query(By::Css(css))
            .wait(timeout, POLL_INTERVAL)
            .first()
            .await
            .with_context(|| format!("no element matches `{css}` after {timeout:?}"))
    }

    /// Wait until some visible element's own text contains `text`.
    pub async fn wait_for_text(&self, text: &str) -> Result<WebElement> {
        let xpath = format!("//*[contains(text(), {})]", xpath_literal(text));
        self.driver()
            .query(By::XPath(xpath))
            .and_displayed()
            .wait(WAIT_TIMEOUT, POLL_INTERVAL)
            .first()
            .await
            .with_context(|| format!("no visible text '{text}' after {WAIT_TIMEOUT:?}"))
    }

    /// Click the first element matching a CSS selector, waiting for it.
    ///
    /// An element can be found while the page is still settling (a list
    /// re-rendered after a refresh, a panel painted only once scrolled to,
    /// a column half outside a box that scrolls sideways): a click refused
    /// as not interactable, intercepted or stale is tried again on a fresh
    /// lookup after scrolling the element to the middle, as a person would
    /// scroll and click again, until the usual timeout. A disabled element
    /// is waited for until it is enabled.
    pub async fn click(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        loop {
            let element = self.element(css, WAIT_TIMEOUT).await?;
            // A disabled button ignores the click without a word (a tab
            // before the assessment has opened): wait, as a person would,
            // until it can be pressed.
            if !element.is_enabled().await.unwrap_or(true) {
                if Instant::now() >= deadline {
                    bail!("`{css}` is still disabled after {WAIT_TIMEOUT:?}");
                }
                tokio::time::sleep(POLL_INTERVAL).await;
                continue;
            }
            match element.click().await {
                Ok(()) => return Ok(()),
                Err(e) if Instant::now() < deadline && settling(&e) => {
                    // Half hidden in a box that scrolls sideways, say: bring
                    // it to the middle, as a person would scroll to it.
                    let _ = self
                        .driver()
                        .execute(
                            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
                            vec![element.to_json()?],
                        )
                        .await;
                    tokio::time::sleep(POLL_INTERVAL).await;
                }
                Err(e) => return Err(e).with_context(|| format!("click `{css}`")),
            }
        }
    }

    /// Type keys into whatever has the focus (`"j"`, `Key::Down + Key::Enter`).
    pub async fn press(&self, keys: impl Into<TypingData>) -> Result<()> {
        self.driver()
            .action_chain()
            .send_keys(keys)
            .perform()
            .await
            .context("press keys")
    }

    /// Press `keys` while holding `modifier` (`Key::Control`, `Key::Alt`).
    pub async fn chord(&self, modifier: Key, keys: &str) -> Result<()> {
        self.driver()
            .action_chain()
            .key_down(modifier.clone())
            .send_keys(keys)
            .key_up(modifier)
            .perform()
            .await
            .context("press a key chord")
    }

    /// Wait until the first element matching `css` has exactly the text
    /// `expected` (its text content, whitespace collapsed).
    pub async fn wait_for_element_text(&self, css: &str, expected: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(Some(element)) = self.driver().query(By::Css(css)).nowait().first_opt().await
            {
                last = content(&element).await;
                if last == expected {
                    return Ok(());
                }
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        bail!("`{css}` reads '{last}', not '{expected}', after {WAIT_TIMEOUT:?}")
    }

    /// Wait until the first element matching `css` has some text other than
    /// `unwanted`, and return it.
    pub async fn wait_for_text_other_than(&self, css: &str, unwanted: &str) -> Result<String> {
        let deadline = Instant::now() + WAIT_TIMEOUT;
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(Some(element)) = self.driver().query(By::Css(css)).nowait().first_opt().await
            {
                last = content(&element).await;
                if !last.is_empty() && last != unwanted {
                    return Ok(last);
                }
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
        bail!("`{css}` still reads '{last}' after {WAIT_TIMEOUT:?}")
    }

    /// Wait until the webview has painted what the DOM holds: two animation
    /// frames after the fonts are ready. Finding an element only proves it
    /// is in the DOM; a screenshot taken at once can still show the frame
    /// before.
    pub async fn settle(&self) -> Result<()> {
        self.driver()
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 document.fonts.ready.then(() =>\
                   requestAnimationFrame(() => requestAnimationFrame(() => done(true))));",
                Vec::new(),
            )
            .await
            .context("wait for the webview to paint")?;
        Ok(())
    }

    /// Ask the window to close the way a window manager does when its ×
    /// is clicked (WebDriver cannot reach the title bar): a
    /// `WM_DELETE_WINDOW` message to the app's viewable top-level window.
    #[cfg(target_os = "linux")]
    pub fn request_close(&self) -> Result<()> {
        use x11rb::connection::Connection as _;
        use x11rb::protocol::xproto::{
            AtomEnum, ClientMessageEvent, ConnectionExt as _, EventMask, MapState,
        };
        let (conn, screen) = x11rb::connect(None).context("connect to the X display")?;
        let root = conn.setup().roots[screen].root;
        let atom =
            |name: &[u8]| -> Result<u32> { Ok(conn.intern_atom(false, name)?.reply()?.atom) };
        let (protocols, delete) = (atom(b"WM_PROTOCOLS")?, atom(b"WM_DELETE_WINDOW")?);
        let mut sent = 0;
        for window in conn.query_tree(root)?.reply()?.children {
            if conn.get_window_attributes(window)?.reply()?.map_state != MapState::VIEWABLE {
                continue;
            }
            let title = conn
                .get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 64)?
                .reply()?;
            if title.value != b"Daduk" {
                continue;
            }
            let event = ClientMessageEvent::new(
                32,
                window,
                protocols,
                [delete, x11rb::CURRENT_TIME, 0, 0, 0],
            );
            conn.send_event(false, window, EventMask::NO_EVENT, event)?;
            sent += 1;
        }
        conn.flush()?;
        if sent == 0 {
            bail!("no window titled Daduk to close");
        }
        Ok(())
    }

    /// Whether the app's window is still open (its WebDriver session answers).
    pub async fn window_open(&self) -> bool {
        self.driver().title().await.is_ok()
    }

    /// Size the window's viewport to `size` (width, height).
    pub async fn resize(&self, size: (u32, u32)) -> Result<()> {
        self.driver()
            .set_window_rect(0, 0, size.0, size.1)
            .await
            .with_context(|| format!("resize the window to {}×{}", size.0, size.1))
    }

    /// Save a screenshot of the window at each of [`SIZES`] as
    /// `artifacts/screenshots/NAME-WxH.png`, then return to `current`.
    pub async fn screenshots(&self, name: &str, current: (u32, u32)) -> Result<()> {
        for size in SIZES {
            self.resize(size).await?;
            self.screenshot(&format!("{name}-{}x{}", size.0, size.1))
                .await?;
        }
        self.resize(current).await
    }

    /// Save a screenshot of the window as `artifacts/screenshots/NAME.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.settle().await?;
        let dir = artifacts_dir().join("screenshots");
        std::fs::create_dir_all(&dir).with_context(|| format!("create {}", dir.display()))?;
        let path = dir.join(format!("{name}.png"));
        let png = self.driver().screenshot_as_png().await?;
        std::fs::write(&path, png).with_context(|| format!("write {}", path.display()))?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }

    /// End the session of an app that closed its own window (the driver
    /// may no longer reach it, which is what the test wanted).
    pub async fn stop_closed(mut self) {
        if let Some(driver) = self.driver.take() {
            let _ = driver.quit().await;
        }
    }

    /// Close the app and its drivers.
    pub async fn stop(mut self) -> Result<()> {
        if let Some(driver) = self.driver.take() {
            driver
                .quit()
                .await
                .with_context(|| format!("close the app of test '{}'", self.name))?;
        }
        Ok(())
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // After `stop` the app is gone already; after a failed test this also
        // ends WebKitWebDriver and the app, which share the process group.
        stop_process_group(&mut self.tauri_driver);
    }
}

/// An element's text content with whitespace collapsed. WebDriver's own
/// "visible text" comes back empty for some inline elements under WebKit.
async fn content(element: &WebElement) -> String {
    element
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The resident memory of the processes below `root` (not `root` itself),
/// from /proc: program name and VmRSS in kB.
fn descendants_rss(root: u32) -> Vec<(String, u64)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let mut parent = std::collections::HashMap::new();
    for entry in entries.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The name is in parentheses and may hold spaces; the parent pid is
        // the second field after it.
        let ppid = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(ppid) = ppid {
            parent.insert(pid, ppid);
        }
    }
    let below = |mut pid: u32| {
        while let Some(&up) = parent.get(&pid) {
            if up == root {
                return true;
            }
            pid = up;
        }
        false
    };
    let mut out = Vec::new();
    for &pid in parent.keys() {
        if !below(pid) {
            continue;
        }
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map(|v| v.trim().to_string())
        };
        let rss = field("VmRSS:")
            .and_then(|v| v.split_whitespace().next().and_then(|n| n.parse().ok()))
            .unwrap_or(0);
        out.push((field("Name:").unwrap_or_default(), rss));
    }
    out.sort();
    out
}

/// `tauri-driver` from the PATH, else from cargo's bin folder.
fn tauri_driver_program() -> PathBuf {
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let in_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(&name))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.is_file());
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    in_path
        .or_else(|| cargo_home.map(|c| c.join("bin").join(&name)))
        .unwrap_or_else(|| PathBuf::from(name))
}

/// A TCP port nothing listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("find a free port")?;
    Ok(listener.local_addr()?.port())
}

async fn wait_for_port(port: u16, child: &mut Child, log: &Path) -> Result<()> {
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        if let Some(status) = child.try_wait()? {
            bail!("tauri-driver exited ({status}); see {}", log.display());
        }
        if Instant::now() > deadline {
            bail!(
                "tauri-driver did not listen on port {port}; see {}",
                log.display()
            );
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

/// An XPath string literal for any text (XPath 1.0 has no escapes).
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

#[cfg(unix)]
fn own_process_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn own_process_group(_command: &mut Command) {}

#[cfg(unix)]
fn stop_process_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
    for _ in 0..50 {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(POLL_INTERVAL);
    }
    let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
    let _ = child.wait();
}

#[cfg(not(unix))]
fn stop_process_group(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::xpath_literal;

    #[test]
    fn xpath_literals_quote_any_text() {
        assert_eq!(xpath_literal("Area"), "'Area'");
        assert_eq!(xpath_literal("it's"), "\"it's\"");
        assert_eq!(xpath_literal("a'b\"c"), "concat('a', \"'\", 'b\"c')");
    }
}
