//! Backups an instansi can trust: `daduk-server backup DIR` writes the
//! database (`pg_dump`, custom format) and every blob (hashed as it is
//! copied) into a folder, adding only what the folder lacks on later runs;
//! `daduk-server restore-check DIR` restores the dump into a scratch
//! database beside the live one and checks the whole — every blob the data
//! names is in the folder with its hash and size, every stored side parses
//! — then drops the scratch database; `daduk-server restore DIR` puts a
//! backup into an empty database and the configured store.
//!
//! The dump is taken before the blobs are listed: blobs are never deleted,
//! so every blob the dump names is among those copied after it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};
use futures::TryStreamExt;
use object_store::{ObjectStore, PutPayload};
use sha2::{Digest, Sha256};

use crate::auth::hex;
use crate::config::Config;
use crate::db;
use crate::store::blob_key;

/// The dump's file name in a backup folder.
pub const DUMP: &str = "daduk.pgdump";

/// What a backup or a check counted.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Blobs copied now.
    pub copied: usize,
    /// Blobs the folder had already.
    pub kept: usize,
    /// Bytes copied now.
    pub bytes: u64,
}

/// A PostgreSQL program (`pg_dump`, `pg_restore`): on the PATH, else the
/// newest of Debian's `/usr/lib/postgresql/*/bin`.
fn pg_program(name: &str) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    }) {
        return Ok(p);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let v: u32 = e.file_name().to_str()?.parse().ok()?;
                    let p = e.path().join("bin").join(name);
                    p.is_file().then_some((v, p))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found.pop().map(|f| f.1).with_context(|| {
        format!("{name} tidak ditemukan; pasang klien PostgreSQL (paket Debian postgresql-client)")
    })
}

/// The connection of `url` as libpq's environment (so the password never
/// appears on a command line).
fn pg_env(url: &str, ca: Option<&Path>, dbname: Option<&str>) -> Result<Vec<(String, String)>> {
    let verify = url.contains("sslmode=verify-full") || url.contains("sslmode=verify-ca");
    let cleaned = url
        .replace("sslmode=verify-full", "sslmode=require")
        .replace("sslmode=verify-ca", "sslmode=require");
    let c: tokio_postgres::Config = cleaned.parse().context("database_url tidak sah")?;
    let mut env = Vec::new();
    if let Some(tokio_postgres::config::Host::Tcp(h)) = c.get_hosts().first() {
        env.push(("PGHOST".into(), h.clone()));
    }
    if let Some(p) = c.get_ports().first() {
        env.push(("PGPORT".into(), p.to_string()));
    }
    if let Some(u) = c.get_user() {
        env.push(("PGUSER".into(), u.to_string()));
    }
    if let Some(p) = c.get_password() {
        env.push(("PGPASSWORD".into(), String::from_utf8_lossy(p).into_owned()));
    }
    if let Some(d) = dbname.or(c.get_dbname()) {
        env.push(("PGDATABASE".into(), d.to_string()));
    }
    let tls = verify || c.get_ssl_mode() == tokio_postgres::config::SslMode::Require;
    env.push((
        "PGSSLMODE".into(),
        match (tls, ca.is_some()) {
            (true, true) => "verify-full",
            (true, false) => "require",
            (false, _) => "disable",
        }
        .into(),
    ));
    if let Some(ca) = ca {
        env.push(("PGSSLROOTCERT".into(), ca.display().to_string()));
    }
    Ok(env)
}

fn run_pg(program: &str, args: &[&std::ffi::OsStr], env: &[(String, String)]) -> Result<()> {
    let bin = pg_program(program)?;
    let out = Command::new(&bin)
        .args(args)
        .env_remove("PGSERVICE")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .with_context(|| format!("{} tidak dapat dijalankan", bin.display()))?;
    if !out.status.success() {
        bail!(
            "{program} gagal: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// Where a blob lies in a backup folder.
fn blob_file(dir: &Path, sha: &str) -> PathBuf {
    dir.join("blobs").join(&sha[..2]).join(sha)
}

/// The SHA-256 and size of a file.
fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let n = std::io::copy(&mut f, &mut h)?;
    Ok((hex(&h.finalize()), n))
}

/// `daduk-server backup DIR`.
pub async fn backup(config: &Config, store: &dyn ObjectStore, dir: &Path) -> Result<Counts> {
    std::fs::create_dir_all(dir.join("blobs"))
        .with_context(|| format!("folder cadangan {} tidak dapat dibuat", dir.display()))?;
    let env = pg_env(
        &config.database_url,
        config.database_ca_file.as_deref(),
        None,
    )?;
    let part = dir.join(format!("{DUMP}.part"));
    run_pg(
        "pg_dump",
        &[
            "--format=custom".as_ref(),
            "--file".as_ref(),
            part.as_os_str(),
        ],
        &env,
    )?;
    std::fs::rename(&part, dir.join(DUMP))?;
    let pool = db::pool(&config.database_url, config.database_ca_file.as_deref())?;
    let client = pool.get().await?;
    let mut counts = Counts::default();
    for (sha, size) in db::all_blobs(&client).await? {
        let path = blob_file(dir, &sha);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == size as u64) {
            counts.kept += 1;
            continue;
        }
        std::fs::create_dir_all(path.parent().unwrap_or(dir))?;
        let tmp = path.with_extension("part");
        let mut out = std::fs::File::create(&tmp)?;
        let mut h = Sha256::new();
        let mut n = 0u64;
        let mut stream = store
            .get(&blob_key(&sha))
            .await
            .with_context(|| format!("berkas {sha} tidak dapat dibaca dari penyimpanan"))?
            .into_stream();
        while let Some(chunk) = stream.try_next().await? {
            h.update(&chunk);
            out.write_all(&chunk)?;
            n += chunk.len() as u64;
        }
        out.sync_all()?;
        drop(out);
        let got = hex(&h.finalize());
        if got != sha || n != size as u64 {
            let _ = std::fs::remove_file(&tmp);
            bail!(
                "berkas {sha} di penyimpanan rusak: isinya sha256 {got} ({n} bita, seharusnya {size}); cadangan berhenti, periksa penyimpanannya"
            );
        }
        std::fs::rename(&tmp, &path)?;
        counts.copied += 1;
        counts.bytes += n;
    }
    Ok(counts)
}

/// What a check of a backup found.
#[derive(Debug, Default, Clone)]
pub struct Check {
    /// Blobs the data names, all present and whole.
    pub blobs: usize,
    /// Sides stored (each parsed).
    pub sides: usize,
    /// Frozen proposals (each body's hash checked).
    pub proposals: usize,
    /// What is wrong, one line each.
    pub problems: Vec<String>,
}

/// Check the database `db_url` names against the backup folder `dir`.
async fn check_restored(db_url: &str, ca: Option<&Path>, dir: &Path) -> Result<Check> {
    let pool = db::pool(db_url, ca)?;
    let client = pool.get().await?;
    let mut check = Check::default();
    let version = db::applied_version(&client).await?;
    if version != db::schema_version() {
        check.problems.push(format!(
            "skema basis data versi {version}; server ini versi {}",
            db::schema_version()
        ));
    }
    for (sha, size) in db::all_blobs(&client).await? {
        match hash_file(&blob_file(dir, &sha)) {
            Ok((got, n)) if got == sha && n == size as u64 => check.blobs += 1,
            Ok((got, n)) => check.problems.push(format!(
                "berkas {sha}: di cadangan sha256 {got} ({n} bita), seharusnya {size} bita"
            )),
            Err(_) => check
                .problems
                .push(format!("berkas {sha} ({size} bita) tidak ada di cadangan")),
        }
    }
    for sha in db::referenced_without_blob(&client).await? {
        check.problems.push(format!(
            "penilaian merujuk berkas {sha} yang tidak tercatat"
        ));
    }
    for (unit, year, side, text) in db::all_sides(&client).await? {
        match daduk_domain::manifest::Manifest::parse(text.as_bytes()) {
            Ok(_) => check.sides += 1,
            Err(e) => check
                .problems
                .push(format!("sisi {side} {unit} {year} tidak terbaca: {e}")),
        }
    }
    for p in db::proposals(&client, None).await? {
        if hex(&Sha256::digest(p.body.as_bytes())) == p.body_sha256 {
            check.proposals += 1;
        } else {
            check.problems.push(format!(
                "usulan {} {}: isi tidak cocok dengan sha256 yang tercatat",
                p.unit, p.year
            ));
        }
    }
    Ok(check)
}

/// `daduk-server restore-check DIR`: restore into a scratch database on
/// the same PostgreSQL, check, drop it. Needs the right to create databases.
pub async fn restore_check(config: &Config, dir: &Path) -> Result<Check> {
    let dump = dump_in(dir)?;
    let ca = config.database_ca_file.as_deref();
    let pool = db::pool(&config.database_url, ca)?;
    let admin = pool.get().await?;
    let mut id = [0u8; 6];
    getrandom::fill(&mut id)?;
    let scratch = format!("daduk_periksa_{}", hex(&id));
    admin
        .batch_execute(&format!("CREATE DATABASE {scratch}"))
        .await
        .context("basis data sementara tidak dapat dibuat (perlu hak CREATEDB)")?;
    let env = pg_env(&config.database_url, ca, Some(&scratch))?;
    let restored = run_pg(
        "pg_restore",
        &[
            "--no-owner".as_ref(),
            "--exit-on-error".as_ref(),
            "--dbname".as_ref(),
            scratch.as_ref(),
            dump.as_os_str(),
        ],
        &env,
    );
    let result = match restored {
        Ok(()) => {
            let url = with_dbname(&config.database_url, &scratch);
            check_restored(&url, ca, dir).await
        }
        Err(e) => Err(e),
    };
    // Dropped whatever happened.
    let dropped = admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"))
        .await;
    let check = result?;
    dropped.context("basis data sementara tidak dapat dihapus")?;
    Ok(check)
}

/// `daduk-server restore DIR`: the dump into the configured database (which
/// must hold no Daduk data yet), every blob into the configured store
/// (hashed on the way), then the same check as `restore-check`.
pub async fn restore(config: &Config, store: &dyn ObjectStore, dir: &Path) -> Result<Check> {
    let dump = dump_in(dir)?;
    let ca = config.database_ca_file.as_deref();
    let pool = db::pool(&config.database_url, ca)?;
    if db::has_schema(&pool.get().await?).await? {
        bail!(
            "basis data tujuan sudah berisi data Daduk; pulihkan ke basis data baru yang kosong (createdb), lalu arahkan database_url ke sana"
        );
    }
    let env = pg_env(&config.database_url, ca, None)?;
    run_pg(
        "pg_restore",
        &[
            "--no-owner".as_ref(),
            "--exit-on-error".as_ref(),
            "--dbname".as_ref(),
            env.iter()
                .find(|(k, _)| k == "PGDATABASE")
                .map(|(_, v)| v.as_ref())
                .unwrap_or("daduk".as_ref()),
            dump.as_os_str(),
        ],
        &env,
    )?;
    let client = pool.get().await?;
    for (sha, size) in db::all_blobs(&client).await? {
        let path = blob_file(dir, &sha);
        let bytes =
            std::fs::read(&path).with_context(|| format!("berkas {sha} tidak ada di cadangan"))?;
        if hex(&Sha256::digest(&bytes)) != sha || bytes.len() as u64 != size as u64 {
            bail!("berkas {sha} di cadangan rusak; pemulihan berhenti");
        }
        if store.head(&blob_key(&sha)).await.is_err() {
            store
                .put(&blob_key(&sha), PutPayload::from(bytes))
                .await
                .with_context(|| format!("berkas {sha} tidak dapat ditulis ke penyimpanan"))?;
        }
    }
    check_restored(&config.database_url, ca, dir).await
}

/// The dump of a backup folder, or why `dir` is not one.
fn dump_in(dir: &Path) -> Result<PathBuf> {
    let dump = dir.join(DUMP);
    if !dump.is_file() {
        bail!(
            "{} tidak ada; ini bukan folder cadangan daduk-server",
            dump.display()
        );
    }
    Ok(dump)
}

/// `url` naming the database `name` instead.
fn with_dbname(url: &str, name: &str) -> String {
    if url.contains("://") {
        let (base, query) = url
            .split_once('?')
            .map_or((url, None), |(b, q)| (b, Some(q)));
        let base = match base.rsplit_once('/') {
            Some((host, _)) if host.contains("://") && !host.ends_with('/') => {
                format!("{host}/{name}")
            }
            _ => format!("{base}/{name}"),
        };
        match query {
            Some(q) => format!("{base}?{q}"),
            None => base,
        }
    } else {
        let kept: Vec<&str> = url
            .split_whitespace()
            .filter(|kv| !kv.starts_with("dbname="))
            .collect();
        format!("{} dbname={name}", kept.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_database_of_the_same_server() {
        assert_eq!(
            with_dbname("host=a port=5 user=u password=p dbname=daduk", "x"),
            "host=a port=5 user=u password=p dbname=x"
        );
        assert_eq!(
            with_dbname("postgres://u:p@a:5/daduk?sslmode=require", "x"),
            "postgres://u:p@a:5/x?sslmode=require"
        );
        let env = pg_env(
            "host=a port=5 user=u password=rahasia dbname=d sslmode=verify-full",
            None,
            Some("x"),
        )
        .unwrap();
        assert!(env.contains(&("PGPASSWORD".into(), "rahasia".into())));
        assert!(env.contains(&("PGDATABASE".into(), "x".into())));
        assert!(env.contains(&("PGSSLMODE".into(), "require".into())));
    }
}
