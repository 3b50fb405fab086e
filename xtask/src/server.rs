//! `cargo xtask server`: a complete Daduk Server on this machine for trying
//! it — PostgreSQL and Garage (see `services`), then the server — printing
//! `DADUK_SERVER_URL=…` and `DADUK_SERVER_TOKEN=…` (an admin token) on lines
//! of their own. It runs until interrupted and stops everything it started.
//! Also the server tests' step of `cargo xtask test`.

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;
use crate::services::{Services, free_port};

fn server_binary() -> Result<std::path::PathBuf> {
    cmd::step("cargo build -p daduk-server");
    cmd::cargo(&["build", "-p", "daduk-server"])?;
    Ok(cmd::target_dir().join("debug").join("daduk-server"))
}

/// `cargo xtask server [--fresh]`: the data (PostgreSQL's, Garage's) is
/// kept between starts unless `--fresh` asks to start from nothing.
pub fn run(args: &[String]) -> Result<()> {
    let fresh = match args {
        [] => false,
        [a] if a == "--fresh" => true,
        other => bail!("cargo xtask server [--fresh]; not {other:?}"),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst)).context("Ctrl-C handler")?;
    let binary = server_binary()?;
    let services = Services::open("server", !fresh)?;
    services.pg.create_db("daduk")?;
    let dir = cmd::target_dir().join("services").join("server");
    let port = free_port()?;
    let config = dir.join("daduk-server.toml");
    std::fs::write(
        &config,
        format!(
            r#"listen = "127.0.0.1:{port}"
database_url = "{db}"

[store]
kind = "s3"
bucket = "{bucket}"
endpoint = "{endpoint}"
region = "garage"
access_key_id = "{key}"
secret_access_key = "{secret}"
"#,
            db = services.pg.url("daduk"),
            bucket = services.garage.bucket,
            endpoint = services.garage.endpoint,
            key = services.garage.key_id,
            secret = services.garage.secret,
        ),
    )?;
    let out = Command::new(&binary)
        .arg("--config")
        .arg(&config)
        .arg("admin-token")
        .output()
        .context("daduk-server admin-token")?;
    if !out.status.success() {
        bail!(
            "daduk-server admin-token failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let mut server = Command::new(&binary)
        .arg("--config")
        .arg(&config)
        .stdin(Stdio::null())
        .spawn()
        .context("daduk-server did not start")?;
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline || server.try_wait()?.is_some() {
            let _ = server.kill();
            bail!("daduk-server did not start listening on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!("DADUK_SERVER_URL={url}");
    println!("DADUK_SERVER_TOKEN={token}");
    eprintln!(
        "\nDaduk Server berjalan. Ikhtisar: {url}/overview\nS3 (Garage): {} bucket {} (key {} / secret {})\nPostgreSQL: {}\nTekan Ctrl-C untuk menghentikan semuanya.",
        services.garage.endpoint,
        services.garage.bucket,
        services.garage.key_id,
        services.garage.secret,
        services.pg.url("daduk"),
    );
    loop {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if let Some(status) = server.try_wait()? {
            eprintln!("daduk-server stopped ({status})");
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = server.kill();
    let _ = server.wait();
    drop(services);
    eprintln!("stopped: daduk-server, Garage, PostgreSQL");
    Ok(())
}

/// The server tests (crates/daduk-server/tests) against a PostgreSQL and a
/// Garage started here and stopped after.
pub fn test() -> Result<()> {
    let services = Services::start("test")?;
    cmd::step("cargo test -p daduk-server (PostgreSQL + Garage)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd::run(
        Command::new(cargo)
            .args(["test", "-p", "daduk-server", "--locked", "--no-fail-fast"])
            .envs(services.test_env())
            .current_dir(cmd::root()),
    )
}

/// `cargo xtask bench server`: the server's benchmark (a release build)
/// against a PostgreSQL and a Garage started for it.
pub fn bench() -> Result<()> {
    let services = Services::start("bench")?;
    // The real client, for the first sync and the re-sync.
    cmd::step("cargo build --release -p daduk-cli");
    cmd::cargo(&["build", "--release", "-p", "daduk-cli"])?;
    let cli = cmd::target_dir().join("release/daduk");
    cmd::step("server benchmark (cargo test --release -p daduk-server --test bench)");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    cmd::run(
        Command::new(cargo)
            .args([
                "test",
                "--release",
                "-p",
                "daduk-server",
                "--test",
                "bench",
                "--",
                "--ignored",
                "--nocapture",
            ])
            .envs(services.test_env())
            .env("DADUK_BENCH_CLI", &cli)
            .current_dir(cmd::root()),
    )
}
