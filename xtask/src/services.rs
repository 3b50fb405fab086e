//! PostgreSQL and Garage on 127.0.0.1 for `cargo xtask server` and for the
//! server tests of `cargo xtask test`: a fresh PostgreSQL cluster (Debian's
//! `postgresql` package, `initdb` in a folder under `target/`, run as an
//! unprivileged user, on a free port) and a one-node Garage (installed with
//! `cargo install garage --locked` when missing) with a bucket and a key.
//! Both stop when the value is dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::cmd;

/// A port nobody listens on now.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut f = std::fs::File::open("/dev/urandom").context("/dev/urandom")?;
    let mut buf = vec![0u8; bytes];
    std::io::Read::read_exact(&mut f, &mut buf)?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Debian's PostgreSQL programs (the newest installed major version).
fn pg_bin() -> Result<PathBuf> {
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL is not installed (Debian package 'postgresql')")?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop()
        .map(|d| d.1)
        .context("no initdb under /usr/lib/postgresql/*/bin")
}

/// A PostgreSQL cluster of our own.
#[derive(Debug)]
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    log: PathBuf,
    /// The port on 127.0.0.1.
    pub port: u16,
    password: String,
    user: Option<&'static str>,
}

impl Postgres {
    /// initdb a fresh cluster in `dir` and start it.
    pub fn start(dir: &Path) -> Result<Postgres> {
        let bin = pg_bin()?;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let data = dir.join("data");
        let password = random_hex(16)?;
        let pwfile = dir.join("pw");
        std::fs::write(&pwfile, format!("{password}\n"))?;
        // PostgreSQL refuses to run as root: run it as `nobody`.
        let user = is_root().then_some("nobody");
        if let Some(u) = user {
            cmd::run(
                Command::new("chown")
                    .args(["-R", &format!("{u}:")])
                    .arg(dir),
            )?;
        }
        let pg = Postgres {
            bin,
            data,
            log: dir.join("log"),
            port: free_port()?,
            password,
            user,
        };
        let mut initdb = pg.command("initdb");
        initdb
            .arg("-D")
            .arg(&pg.data)
            .args([
                "-U",
                "postgres",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                // A scratch cluster: its files need no fsync.
                "--no-sync",
            ])
            .arg(format!("--pwfile={}", pwfile.display()))
            .stdout(Stdio::null());
        cmd::run(&mut initdb)?;
        let _ = std::fs::remove_file(&pwfile);
        let opts = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=200",
            pg.port,
            dir.display()
        );
        let mut start = pg.command("pg_ctl");
        start
            .arg("-D")
            .arg(&pg.data)
            .args(["-w", "-t", "60", "-o", &opts, "-l"])
            .arg(dir.join("log"))
            .arg("start")
            .stdout(Stdio::null());
        cmd::run(&mut start).with_context(|| {
            format!(
                "PostgreSQL did not start; see {}",
                dir.join("log").display()
            )
        })?;
        Ok(pg)
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match self.user {
            Some(u) => {
                let mut c = Command::new("runuser");
                c.args(["-u", u, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    /// A libpq-style connection string to `db`.
    pub fn url(&self, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres password={} dbname={db}",
            self.port, self.password
        )
    }

    /// A shell command that restarts the cluster (for the tests).
    pub fn restart_command(&self) -> String {
        let c = self.command("pg_ctl");
        let mut parts: Vec<String> = std::iter::once(c.get_program())
            .chain(c.get_args())
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        // With its log file: a postmaster restarted by a test must not write
        // to the test's output, which closes when the test ends.
        parts.extend([
            "-D".into(),
            self.data.display().to_string(),
            "-l".into(),
            self.log.display().to_string(),
            "-w".into(),
            "-m".into(),
            "fast".into(),
            "restart".into(),
        ]);
        parts.join(" ")
    }

    /// Create a database.
    pub fn create_db(&self, name: &str) -> Result<()> {
        let mut c = self.command("createdb");
        c.args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "postgres",
            name,
        ])
        .env("PGPASSWORD", &self.password);
        cmd::run(&mut c)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let mut stop = self.command("pg_ctl");
        stop.arg("-D")
            .arg(&self.data)
            .args(["-w", "-m", "fast", "stop"])
            .stdout(Stdio::null());
        let _ = stop.status();
        // A scratch cluster in the temp folder goes with it.
        if let Some(dir) = self.data.parent()
            && dir.starts_with(std::env::temp_dir())
        {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

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

impl Garage {
    /// Start Garage in `dir`, assign its layout, make the bucket and key.
    pub fn start(dir: &Path) -> Result<Garage> {
        let bin = ensure_garage()?;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
        let (rpc, s3, admin) = (free_port()?, free_port()?, free_port()?);
        let config = dir.join("garage.toml");
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
        let log = std::fs::File::create(dir.join("log"))?;
        let child = Command::new(&bin)
            .arg("-c")
            .arg(&config)
            .arg("server")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("garage did not start")?;
        let mut g = Garage {
            child,
            bin,
            config,
            endpoint: format!("http://127.0.0.1:{s3}"),
            bucket: "daduk".into(),
            key_id: String::new(),
            secret: String::new(),
        };
        // Wait for the node to answer, then lay it out.
        let deadline = Instant::now() + Duration::from_secs(60);
        let node = loop {
            if let Ok(out) = g.cli(&["node", "id", "-q"])
                && let Some(id) = out.lines().next().and_then(|l| l.split('@').next())
                && !id.trim().is_empty()
            {
                break id.trim().to_string();
            }
            if Instant::now() > deadline {
                bail!("garage did not answer; see {}", dir.join("log").display());
            }
            std::thread::sleep(Duration::from_millis(300));
        };
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
        Ok(g)
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

/// PostgreSQL and Garage together, with the environment the server tests
/// read (`DADUK_TEST_*`).
#[derive(Debug)]
pub struct Services {
    /// PostgreSQL.
    pub pg: Postgres,
    /// Garage.
    pub garage: Garage,
}

impl Services {
    /// Start both under `target/services/<name>`.
    pub fn start(name: &str) -> Result<Services> {
        cmd::step("PostgreSQL and Garage on 127.0.0.1");
        crate::deps::ensure_packages(&["postgresql"])?;
        let dir = cmd::target_dir().join("services").join(name);
        let garage = Garage::start(&dir.join("garage"))?;
        // Run as `nobody` (when root), PostgreSQL must reach its folder:
        // the checkout may be under a private home, so use the temp folder.
        let pg_dir = if is_root() {
            std::env::temp_dir().join(format!("daduk-pg-{name}-{}", std::process::id()))
        } else {
            dir.join("pg")
        };
        let pg = Postgres::start(&pg_dir)?;
        Ok(Services { pg, garage })
    }

    /// What the server tests read.
    pub fn test_env(&self) -> Vec<(String, String)> {
        vec![
            ("DADUK_TEST_PG".into(), self.pg.url("postgres")),
            ("DADUK_TEST_PG_RESTART".into(), self.pg.restart_command()),
            (
                "DADUK_TEST_S3_ENDPOINT".into(),
                self.garage.endpoint.clone(),
            ),
            ("DADUK_TEST_S3_BUCKET".into(), self.garage.bucket.clone()),
            ("DADUK_TEST_S3_KEY_ID".into(), self.garage.key_id.clone()),
            ("DADUK_TEST_S3_SECRET".into(), self.garage.secret.clone()),
        ]
    }
}
