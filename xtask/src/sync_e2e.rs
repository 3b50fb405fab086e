//! The sync scenarios against a real Daduk Server: `daduk sync` and
//! `daduk admin` (crates/daduk-cli/tests/sync_server.rs) and the app's
//! *Sinkronkan* (tests/desktop/tests/sync.rs). PostgreSQL and Garage are
//! started here; each test starts its own `daduk-server` from
//! `DADUK_TEST_SERVER_BIN` with `DADUK_TEST_SERVER_CONFIG` (and its own
//! port), so it can kill and restart it mid-upload.

use std::process::Command;

use anyhow::Result;

use crate::cmd;
use crate::services::Services;

/// The desktop tests that need the server (`tests/desktop/tests/sync.rs`).
pub const APP_TESTS: [&str; 2] = [
    "a_unit_syncs_from_the_app_and_the_evaluator_receives_it",
    "a_sync_conflict_is_shown_and_settled_in_the_app",
];

/// `cargo xtask test-sync`, and the sync step of `cargo xtask test`.
pub fn test() -> Result<()> {
    // The whole workspace, as `cargo xtask test` builds it: building the
    // two packages alone would unify features differently and rebuild both.
    cmd::step("cargo build (daduk-server, daduk, the app)");
    cmd::cargo(&["build", "--workspace", "--locked"])?;
    let bin = cmd::target_dir().join("debug").join("daduk-server");
    let services = Services::start("sync")?;
    services.pg.create_db("daduk_sync")?;
    let config = cmd::target_dir()
        .join("services")
        .join("sync")
        .join("daduk-server.toml");
    std::fs::write(
        &config,
        format!(
            r#"database_url = "{db}"

[store]
kind = "s3"
bucket = "{bucket}"
endpoint = "{endpoint}"
region = "garage"
access_key_id = "{key}"
secret_access_key = "{secret}"
"#,
            db = services.pg.url("daduk_sync"),
            bucket = services.garage.bucket,
            endpoint = services.garage.endpoint,
            key = services.garage.key_id,
            secret = services.garage.secret,
        ),
    )?;
    let env = vec![
        (
            "DADUK_TEST_SERVER_BIN".to_string(),
            bin.display().to_string(),
        ),
        (
            "DADUK_TEST_SERVER_CONFIG".to_string(),
            config.display().to_string(),
        ),
    ];
    cmd::step("daduk sync and daduk admin against Daduk Server (PostgreSQL + Garage)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd::run(
        Command::new(&cargo)
            .args([
                "test",
                "-p",
                "daduk-cli",
                "--test",
                "sync_server",
                "--locked",
            ])
            .args(["--", "--ignored"])
            .envs(env.iter().cloned())
            .current_dir(cmd::root()),
    )?;
    if cfg!(target_os = "linux") {
        cmd::step("Sinkronkan in the app against Daduk Server");
        crate::app::run_desktop_with(&APP_TESTS, &env)?;
        windows_sync(&env)?;
    }
    drop(services);
    Ok(())
}

/// `daduk.exe sync` under Wine (tests/windows/tests/sync.rs), when the
/// Windows build that `cargo xtask test` tests before this step is there;
/// said and skipped otherwise (`cargo xtask test-sync` alone).
fn windows_sync(env: &[(String, String)]) -> Result<()> {
    let cli = crate::windows::wine_cli();
    if !cli.is_file() {
        eprintln!(
            "{} is not built: daduk.exe sync under Wine skipped (cargo xtask test builds it first)",
            cli.display()
        );
        return Ok(());
    }
    let wine = crate::wine::Wine::prepare(&cli)?;
    let _server = wine.server()?;
    cmd::step("daduk.exe sync under Wine against Daduk Server");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd::run(
        Command::new(&cargo)
            .args([
                "test",
                "-p",
                "daduk-e2e-windows",
                "--test",
                "sync",
                "--locked",
            ])
            .args(["--", "--ignored", "--nocapture", "--exact"])
            .arg(crate::windows::WINE_SYNC_TEST)
            .envs(wine.env())
            .env("DADUK_WINE_EXE", &wine.exe)
            .envs(env.iter().cloned())
            .current_dir(cmd::root()),
    )
}
