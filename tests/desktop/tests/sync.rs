//! *Sinkronkan* in the app: a unit's workspace syncs with a real Daduk
//! server from Laporan & Paket (server and token typed once, then kept and
//! never shown), and an evaluator's workspace receives what it sent.
//! `cargo xtask test` provides the server (`DADUK_TEST_SERVER_BIN`,
//! `DADUK_TEST_SERVER_CONFIG`), like the CLI's server scenarios.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, ensure};
use daduk_e2e_desktop::fixtures::{daduk, daduk_with_token};
use daduk_e2e_desktop::{App, DEFAULT_WINDOW};

fn env(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| anyhow!("{name} is not set: this test runs under `cargo xtask test`"))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_server() -> Result<(Server, String, String)> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let (bin, config) = (
        env("DADUK_TEST_SERVER_BIN")?,
        env("DADUK_TEST_SERVER_CONFIG")?,
    );
    let child = Command::new(&bin)
        .arg("--config")
        .arg(&config)
        .env("DADUK_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .spawn()
        .context("start daduk-server")?;
    let server = Server(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        ensure!(Instant::now() < deadline, "daduk-server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = Command::new(&bin)
        .arg("--config")
        .arg(&config)
        .args(["admin-token", "--label", "uji-aplikasi"])
        .output()?;
    ensure!(out.status.success(), "admin-token failed");
    let admin = String::from_utf8(out.stdout)?.trim().to_string();
    Ok((server, format!("http://127.0.0.1:{port}"), admin))
}

fn admin(url: &str, token: &str, args: &[&str]) -> Result<String> {
    let scratch = tempfile::tempdir()?;
    let mut all = vec!["admin", "--server", url];
    all.extend_from_slice(args);
    daduk_with_token(scratch.path(), Some(token), &all)
}

/// A unit `PREFIX-<n>` (a fresh code) made on the server; its code.
fn unit_on_server(url: &str, admin_token: &str, prefix: &str, name: &str) -> Result<String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_nanos();
    let code = format!("{prefix}-{}", nanos % 1_000_000_000);
    admin(url, admin_token, &["unit", "set", &code, "--name", name])?;
    Ok(code)
}

/// A new token of `role` (`unit`, `evaluator`) for the unit `code`.
fn token_for(url: &str, admin_token: &str, role: &str, code: &str) -> Result<String> {
    Ok(admin(
        url,
        admin_token,
        &["token", "create", "--role", role, "--unit", code],
    )?
    .trim()
    .to_string())
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Daduk server: run cargo xtask test"]
async fn a_unit_syncs_from_the_app_and_the_evaluator_receives_it() -> Result<()> {
    let (_server, url, admin_token) = start_server()?;
    let code = unit_on_server(&url, &admin_token, "INSPEKTORAT", "Inspektorat")?;
    let unit_token = token_for(&url, &admin_token, "unit", &code)?;
    let tpi_token = token_for(&url, &admin_token, "evaluator", &code)?;

    let app = App::start_prepared("sync", |ws| {
        daduk(ws, &["init", "--role", "unit"])?;
        daduk(ws, &["unit", "add", &code, "--name", "Inspektorat"])?;
        daduk(
            ws,
            &["assessment", "new", "--unit", &code, "--year", "2026"],
        )?;
        daduk(
            ws,
            &[
                "answer", "set", "--unit", &code, "--year", "2026", "P.1.i.a", "ya",
            ],
        )?;
        let f = ws.join("sk.pdf");
        std::fs::write(&f, format!("SK tim {code}"))?;
        daduk(
            ws,
            &[
                "evidence",
                "add",
                "--unit",
                &code,
                "--year",
                "2026",
                "P.1.i.a",
                &f.display().to_string(),
            ],
        )?;
        Ok(())
    })
    .await?;
    app.resize(DEFAULT_WINDOW).await?;
    app.click(&format!("[data-testid=open-{code}-2026]"))
        .await?;
    app.click("[data-testid=tab-laporan]").await?;
    app.wait_for("[data-testid=sync-card]").await?;
    app.fill("[data-testid=sync-server]", &url).await?;
    app.fill("[data-testid=sync-token]", &unit_token).await?;
    app.screenshots("40-sinkronkan", DEFAULT_WINDOW).await?;
    app.click("[data-testid=sync-run]").await?;
    let result = app
        .wait_long("[data-testid=sync-result]", Duration::from_secs(120))
        .await?;
    let text = result.text().await?;
    ensure!(
        text.contains(&format!("{code} 2026: dikirim (versi 1)")),
        "sync result: {text}"
    );
    app.scroll_to("[data-testid=sync-card]").await?;
    app.screenshots("41-sinkronkan-selesai", DEFAULT_WINDOW)
        .await?;
    // The token is kept, never shown again.
    app.wait_for("[data-testid=sync-token-kept]").await?;
    app.wait_gone("[data-testid=sync-token]").await?;
    let page = app
        .js("return document.body.innerText", Vec::new())
        .await?
        .as_str()
        .unwrap_or_default()
        .to_string();
    ensure!(!page.contains(&unit_token), "the token is never on screen");
    // A second sync uses what was kept.
    app.click("[data-testid=sync-run]").await?;
    app.wait_for_text("tidak ada yang perlu dikirim").await?;
    app.stop().await?;

    // The evaluator receives the unit's side and its file.
    let tpi = tempfile::tempdir()?;
    daduk(tpi.path(), &["init", "--role", "tpi"])?;
    let got = daduk_with_token(tpi.path(), Some(&tpi_token), &["sync", "--server", &url])?;
    ensure!(got.contains("1 berkas diunduh"), "evaluator sync: {got}");
    daduk(tpi.path(), &["verify"])?;
    Ok(())
}

#[tokio::test]
#[ignore = "needs Xvfb, tauri-driver and a Daduk server: run cargo xtask test"]
async fn a_sync_conflict_is_shown_and_settled_in_the_app() -> Result<()> {
    let (_server, url, admin_token) = start_server()?;
    let code = unit_on_server(&url, &admin_token, "BAPPEDA", "Bappeda")?;
    let token = token_for(&url, &admin_token, "unit", &code)?;
    let sync = ["sync", "--server", url.as_str()];
    let answer = |ws: &std::path::Path, value: &str| {
        daduk(
            ws,
            &[
                "answer", "set", "--unit", &code, "--year", "2026", "P.1.i.b", value,
            ],
        )
    };
    // Another computer of the unit changes P.1.i.b to `a` meanwhile; this
    // one to `c`: its sync keeps `c` and records the clash.
    let other = tempfile::tempdir()?;
    let app = App::start_prepared("sync-conflict", |ws| {
        daduk(ws, &["init", "--role", "unit"])?;
        daduk(ws, &["unit", "add", &code, "--name", "Bappeda"])?;
        daduk(
            ws,
            &["assessment", "new", "--unit", &code, "--year", "2026"],
        )?;
        answer(ws, "b")?;
        daduk_with_token(ws, Some(&token), &sync)?;
        daduk(other.path(), &["init", "--role", "unit"])?;
        daduk_with_token(other.path(), Some(&token), &sync)?;
        answer(other.path(), "a")?;
        daduk_with_token(other.path(), Some(&token), &sync)?;
        answer(ws, "c")?;
        let merged = daduk_with_token(ws, Some(&token), &sync)?;
        ensure!(merged.contains("KONFLIK jawaban P.1.i.b"), "{merged}");
        Ok(())
    })
    .await?;
    app.resize(DEFAULT_WINDOW).await?;
    app.click(&format!("[data-testid=open-{code}-2026]"))
        .await?;
    app.click("[data-testid=tab-laporan]").await?;
    app.scroll_to("[data-testid=sync-conflicts-kept]").await?;
    app.wait_for("[data-testid=sync-conflict-row]").await?;
    let cells = app
        .js(
            "return [...document.querySelectorAll('[data-testid=sync-conflict-row] td')]\
             .slice(0, 6).map(td => td.textContent.trim()).join('|')",
            Vec::new(),
        )
        .await?;
    ensure!(
        cells.as_str() == Some("Sinkronisasi|jawaban|P.1.i.b|c|a|b"),
        "conflict row (origin, what, item, here, there, before): {cells}"
    );
    app.screenshots("42-konflik-sinkronisasi", DEFAULT_WINDOW)
        .await?;
    app.click("[data-testid=sync-conflict-resolve]").await?;
    app.wait_gone("[data-testid=sync-conflicts-kept]").await?;
    // Settled, on record, and the answer here is still `c`.
    let ws = app.workspace().to_path_buf();
    let list = daduk(
        &ws,
        &["sync", "conflicts", "--unit", &code, "--year", "2026"],
    )?;
    ensure!(list.contains("Tidak ada konflik"), "{list}");
    let log = daduk(&ws, &["log", "--unit", &code, "--year", "2026"])?;
    ensure!(log.contains("conflict resolved"), "{log}");
    let answers = daduk(&ws, &["score", "--unit", &code, "--year", "2026", "--json"])?;
    let score: serde_json::Value = serde_json::from_str(&answers)?;
    ensure!(score["items"]["P.1.i.b"].is_number(), "{answers}");
    app.stop().await?;
    Ok(())
}
