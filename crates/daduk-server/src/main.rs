//! `daduk-server --config FILE`: apply migrations, then serve.
//! `daduk-server --config FILE admin-token [--label L]`: create an admin
//! token and print it (the first token of a fresh install).
//! `daduk-server --config FILE collect-uploads [--older-than-hours H]`:
//! remove abandoned uploads now (the server also does it hourly).
//! `daduk-server --config FILE backup DIR`, `restore-check DIR`,
//! `restore DIR`: backups of the database and the store, and their checks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use daduk_server::{AppState, auth, config::Config, db, router, serve, store};

#[derive(Debug, Parser)]
#[command(
    name = "daduk-server",
    version,
    about = "Daduk Server: satu instansi, banyak unit dan evaluator"
)]
struct Args {
    /// The configuration file (TOML); environment variables override it.
    #[arg(long, env = "DADUK_SERVER_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create an admin token and print it (only the token, on stdout).
    AdminToken {
        /// Who it is for.
        #[arg(long, default_value = "admin")]
        label: String,
    },
    /// Apply the migrations and stop.
    Migrate,
    /// Remove uploads started long ago and never completed (their parts
    /// only; blobs are never touched), print how many, and stop.
    CollectUploads {
        /// Older than this many hours (default: `limits.upload_expiry_hours`).
        #[arg(long)]
        older_than_hours: Option<u32>,
    },
    /// Back up the database (pg_dump) and every blob (hashed as copied) into
    /// a folder; a later run adds only what is new.
    Backup {
        /// The backup folder.
        dir: PathBuf,
    },
    /// Restore a backup into a scratch database beside the live one, check
    /// that every blob it names is in the folder whole and every side reads,
    /// then drop it. Exit status 1 when anything is wrong.
    RestoreCheck {
        /// The backup folder.
        dir: PathBuf,
    },
    /// Restore a backup into the configured (empty) database and store.
    Restore {
        /// The backup folder.
        dir: PathBuf,
    },
}

fn main() -> Result<()> {
    let args = Args::parse();
    let config = Config::load(args.config.as_deref())?;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("runtime")?;
    rt.block_on(run(config, args.command))
}

async fn run(config: Config, command: Option<Command>) -> Result<()> {
    // Restoring goes into a database without the schema: before migrations.
    match &command {
        Some(Command::Restore { dir }) => {
            let store = store::open(&config.store)?;
            let check = daduk_server::backup::restore(&config, &*store, dir).await?;
            return report_check(&check, "dipulihkan");
        }
        Some(Command::RestoreCheck { dir }) => {
            let check = daduk_server::backup::restore_check(&config, dir).await?;
            return report_check(&check, "dapat dipulihkan");
        }
        _ => {}
    }
    let pool = db::pool(&config.database_url, config.database_ca_file.as_deref())?;
    let applied = db::migrate(&pool).await?;
    if !applied.is_empty() {
        eprintln!("daduk-server: migrasi diterapkan: {applied:?}");
    }
    match command {
        Some(Command::Migrate) => return Ok(()),
        Some(Command::AdminToken { label }) => {
            let token = auth::new_token()?;
            let client = pool.get().await?;
            let id = db::insert_token(
                &client,
                &auth::token_hash(&token),
                "admin",
                &label,
                None,
                &[],
            )
            .await?;
            db::audit(
                &client,
                None,
                "daduk-server admin-token",
                "token-create",
                None,
                None,
                &format!("token {id} berperan admin"),
            )
            .await?;
            println!("{token}");
            return Ok(());
        }
        Some(Command::CollectUploads { older_than_hours }) => {
            let object_store = store::open(&config.store)?;
            let hours = older_than_hours.unwrap_or(config.limits.upload_expiry_hours);
            let (uploads, parts) =
                daduk_server::collect::abandoned_uploads(&pool, &*object_store, hours).await?;
            println!(
                "{uploads} unggahan terbengkalai (lebih dari {hours} jam) dihapus, {parts} potongan."
            );
            return Ok(());
        }
        Some(Command::Backup { dir }) => {
            let object_store = store::open(&config.store)?;
            let c = daduk_server::backup::backup(&config, &*object_store, &dir).await?;
            println!(
                "Cadangan di {}: basis data ({}), {} berkas baru ({} bita), {} berkas sudah ada.",
                dir.display(),
                daduk_server::backup::DUMP,
                c.copied,
                c.bytes,
                c.kept
            );
            return Ok(());
        }
        Some(Command::Restore { .. } | Command::RestoreCheck { .. }) | None => {}
    }
    let object_store = store::open(&config.store)?;
    // Hourly: abandoned uploads go (a failure is said and tried next hour).
    {
        let (pool, store, hours) = (
            pool.clone(),
            object_store.clone(),
            config.limits.upload_expiry_hours,
        );
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
            loop {
                tick.tick().await;
                match daduk_server::collect::abandoned_uploads(&pool, &*store, hours).await {
                    Ok((0, _)) => {}
                    Ok((n, parts)) => {
                        eprintln!(
                            "daduk-server: {n} unggahan terbengkalai dihapus ({parts} potongan)"
                        )
                    }
                    Err(e) => eprintln!("daduk-server: membersihkan unggahan gagal: {e:#}"),
                }
            }
        });
    }
    let addr: SocketAddr = config
        .listen
        .parse()
        .with_context(|| format!("alamat listen '{}' tidak sah", config.listen))?;
    let tls = config.tls.as_ref().map(serve::tls_acceptor).transpose()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("tidak dapat mendengarkan di {addr}"))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    match &tls {
        Some(_) => eprintln!("daduk-server: melayani https://{addr}"),
        None => eprintln!(
            "daduk-server: melayani http://{addr} (tanpa TLS: pasang di balik reverse proxy HTTPS)"
        ),
    }
    let public = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("{scheme}://{addr}"));
    eprintln!(
        "daduk-server: untuk PortalRB —\n  {public}{base}/pengusulan/unit-wbk\n  {public}{base}/pengusulan/unit-wbbm\n  {public}{base}/lke/jawaban-unit/{{unit_id}}",
        base = config.portalrb.base_path
    );
    let limits = config.limits.clone();
    let state = Arc::new(AppState::new(pool, object_store, config)?);
    serve::serve(listener, router(state), tls, &limits, shutdown_signal()).await
}

fn report_check(c: &daduk_server::backup::Check, what: &str) -> Result<()> {
    println!(
        "{} berkas utuh, {} sisi penilaian terbaca, {} usulan cocok.",
        c.blobs, c.sides, c.proposals
    );
    if c.problems.is_empty() {
        println!("Cadangan {what}: tidak ada masalah.");
        return Ok(());
    }
    for p in &c.problems {
        println!("MASALAH: {p}");
    }
    anyhow::bail!("{} masalah pada cadangan", c.problems.len())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return ctrl_c.await.unwrap_or(()),
            };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term.recv() => {},
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
