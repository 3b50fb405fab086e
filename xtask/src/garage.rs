//! A one-node Garage (S3-compatible object store) on 127.0.0.1 for the
//! server's tests and `cargo xtask server`: installed with `cargo install
//! garage --locked` when missing, with a bucket and a key; kept between
//! starts when asked.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;
use crate::services::{free_port, random_hex};

/// `cargo install garage --locked` when it is missing.
pub fn ensure_garage() -> Result<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("neither CARGO_HOME nor HOME is set")?;
    let garage = home.join("bin").join("garage");
    if !garage.exists() {
        cmd::step("cargo install garage --locked (once; a long build)");
        let started = Instant::now();
        cmd::cargo(&["install", "garage", "--locked"])?;
        eprintln!(
            "garage installed in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    Ok(garage)
}

/// A one-node Garage with a bucket and a key.
#[derive(Debug)]
pub struct Garage {
    child: Child,
    bin: PathBuf,
    config: PathBuf,
    /// The S3 endpoint.
    pub endpoint: String,
    /// The bucket.
    pub bucket: String,
    /// The key id.
    pub key_id: String,
    /// The secret key.
    pub secret: String,
}

/// What a kept Garage remembers between starts: its key.
const KEY_FILE: &str = "key.txt";

impl Garage {
    /// The Garage in `dir`: started again with its data when `keep` and one
    /// is there, else made fresh (layout assigned, bucket and key made).
    pub fn open(dir: &Path, keep: bool) -> Result<Garage> {
        let bin = ensure_garage()?;
        let config = dir.join("garage.toml");
        if keep
            && let (Ok(text), Ok(key)) = (
                std::fs::read_to_string(&config),
                std::fs::read_to_string(dir.join(KEY_FILE)),
            )
            && let Some((key_id, secret)) = key.trim().split_once(' ')
        {
            let s3 = text
                .lines()
                .filter(|l| l.starts_with("api_bind_addr"))
                .find_map(|l| {
                    l.rsplit(':')
                        .next()?
                        .trim_end_matches('"')
                        .parse::<u16>()
                        .ok()
                })
                .context("garage.toml without an S3 port")?;
            let mut g = Garage::spawn(&bin, dir, &config, s3)?;
            g.key_id = key_id.to_string();
            g.secret = secret.to_string();
            g.wait_node(dir)?;
            return Ok(g);
        }
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let (rpc, s3, admin) = (free_port()?, free_port()?, free_port()?);
        std::fs::write(
            &config,
            format!(
                r#"metadata_dir = "{meta}"
data_dir = "{data}"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:{rpc}"
rpc_public_addr = "127.0.0.1:{rpc}"
rpc_secret = "{secret}"

[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:{s3}"
root_domain = ".s3.garage.localhost"

[admin]
api_bind_addr = "127.0.0.1:{admin}"
"#,
                meta = dir.join("meta").display(),
                data = dir.join("data").display(),
                secret = random_hex(32)?,
            ),
        )?;
        let mut g = Garage::spawn(&bin, dir, &config, s3)?;
        // Wait for the node to answer, then lay it out.
        let node = g.wait_node(dir)?;
        g.cli(&["layout", "assign", "-z", "dc1", "-c", "10G", &node])?;
        g.cli(&["layout", "apply", "--version", "1"])?;
        g.cli(&["bucket", "create", &g.bucket.clone()])?;
        let out = g.cli(&["key", "create", "daduk"])?;
        let field = |name: &str| {
            out.lines()
                .find_map(|l| l.trim().strip_prefix(name).map(|v| v.trim().to_string()))
        };
        g.key_id = field("Key ID:").context("garage key create printed no Key ID")?;
        g.secret = field("Secret key:").context("garage key create printed no Secret key")?;
        g.cli(&[
            "bucket",
            "allow",
            "--read",
            "--write",
            "--owner",
            &g.bucket.clone(),
            "--key",
            "daduk",
        ])?;
        std::fs::write(dir.join(KEY_FILE), format!("{} {}", g.key_id, g.secret))?;
        Ok(g)
    }

    fn spawn(bin: &Path, dir: &Path, config: &Path, s3: u16) -> Result<Garage> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("log"))?;
        let child = Command::new(bin)
            .arg("-c")
            .arg(config)
            .arg("server")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("garage did not start")?;
        Ok(Garage {
            child,
            bin: bin.to_path_buf(),
            config: config.to_path_buf(),
            endpoint: format!("http://127.0.0.1:{s3}"),
            bucket: "daduk".into(),
            key_id: String::new(),
            secret: String::new(),
        })
    }

    /// Wait for the node to answer; its id.
    fn wait_node(&self, dir: &Path) -> Result<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(out) = self.cli(&["node", "id", "-q"])
                && let Some(id) = out.lines().next().and_then(|l| l.split('@').next())
                && !id.trim().is_empty()
            {
                return Ok(id.trim().to_string());
            }
            if Instant::now() > deadline {
                bail!("garage did not answer; see {}", dir.join("log").display());
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    }

    fn cli(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.bin)
            .arg("-c")
            .arg(&self.config)
            .args(args)
            .output()
            .context("garage")?;
        if !out.status.success() {
            bail!(
                "garage {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for Garage {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
