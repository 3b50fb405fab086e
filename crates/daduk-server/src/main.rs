//! `daduk-server --config FILE`: apply migrations, then serve.
//! `daduk-server --config FILE admin-token [--label L]`: create an admin
//! token and print it (the first token of a fresh install).
//! `daduk-server --config FILE collect-uploads [--older-than-hours H]`:
//! remove abandoned uploads now (the server also does it hourly).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use daduk_server::{AppState, auth, config::Config, db, router, store};

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
    let pool = db::pool(&config.database_url)?;
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
        None => {}
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
    let tls = config.tls.clone();
    let state = Arc::new(AppState {
        pool,
        store: object_store,
        config,
        rate: Mutex::new(Default::default()),
    });
    let app = router(state).into_make_service();
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        stopper.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    match tls {
        Some(t) => {
            let rustls = axum_server::tls_rustls::RustlsConfig::from_pem_file(&t.cert, &t.key)
                .await
                .context("sertifikat atau kunci TLS tidak dapat dibaca")?;
            eprintln!("daduk-server: melayani https://{addr}");
            axum_server::bind_rustls(addr, rustls)
                .handle(handle)
                .serve(app)
                .await?;
        }
        None => {
            eprintln!(
                "daduk-server: melayani http://{addr} (tanpa TLS: pasang di balik reverse proxy HTTPS)"
            );
            axum_server::bind(addr).handle(handle).serve(app).await?;
        }
    }
    Ok(())
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
