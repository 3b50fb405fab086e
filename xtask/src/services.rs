//! PostgreSQL and Garage on 127.0.0.1 for `cargo xtask server` and for the
//! server tests of `cargo xtask test`: a fresh PostgreSQL cluster (Debian's
//! `postgresql` package, `initdb` in a folder under `target/`, run as an
//! unprivileged user, on a free port) and a one-node Garage (installed with
//! `cargo install garage --locked` when missing) with a bucket and a key.
//! Both stop when the value is dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::cmd;
use crate::garage::Garage;

/// A port nobody listens on now.
pub fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub(crate) fn random_hex(bytes: usize) -> Result<String> {
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
    /// The CA that signed the certificate it serves TLS with (for
    /// 127.0.0.1): what a client verifies it against.
    pub ca: PathBuf,
    /// Remove its folder when stopped.
    scratch: bool,
}

/// What a kept cluster remembers between starts: its password and port.
const KEPT: &str = "cluster.txt";

impl Postgres {
    /// The cluster in `dir`: started again as it was when `keep` and one is
    /// there (its data kept between starts), else initdb'd fresh (and, when
    /// not kept, removed from the temp folder when stopped).
    pub fn open(dir: &Path, keep: bool) -> Result<Postgres> {
        let bin = pg_bin()?;
        let data = dir.join("data");
        let user = is_root().then_some("nobody");
        if keep
            && data.join("PG_VERSION").exists()
            && let Ok(text) = std::fs::read_to_string(dir.join(KEPT))
            && let Some((password, port)) = text.trim().split_once(' ')
        {
            let port = port
                .parse()
                .ok()
                .filter(|p| std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok());
            let pg = Postgres {
                bin,
                data,
                log: dir.join("log"),
                port: match port {
                    Some(p) => p,
                    None => free_port()?,
                },
                password: password.to_string(),
                user,
                ca: dir.join("ca.crt"),
                scratch: false,
            };
            pg.run_postmaster(dir)?;
            std::fs::write(dir.join(KEPT), format!("{} {}", pg.password, pg.port))?;
            return Ok(pg);
        }
        let _ = std::fs::remove_dir_all(dir);
        std::fs::create_dir_all(dir)?;
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
            ca: dir.join("ca.crt"),
            scratch: !keep,
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
        // TLS for clients that ask (sslmode=require): a CA of the tests'
        // own (what clients trust, `ca`) and a certificate it signed for
        // 127.0.0.1 (a self-signed one would be a CA used as an end entity,
        // which verifiers rightly refuse).
        let openssl = |args: &[&str]| {
            cmd::run(
                Command::new("openssl")
                    .args(args)
                    .current_dir(dir)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            )
            .context("openssl could not make PostgreSQL's test certificates")
        };
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            "/CN=Daduk test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ])?;
        openssl(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ])?;
        std::fs::write(dir.join("san.cnf"), "subjectAltName=IP:127.0.0.1\n")?;
        openssl(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            "san.cnf",
            "-out",
            "server.crt",
        ])?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(
                dir.join("server.key"),
                std::fs::Permissions::from_mode(0o600),
            )?;
        }
        if let Some(u) = user {
            cmd::run(
                Command::new("chown")
                    .arg(format!("{u}:"))
                    .arg(dir.join("server.key"))
                    .arg(dir.join("server.crt")),
            )?;
        }
        pg.run_postmaster(dir)?;
        if keep {
            std::fs::write(dir.join(KEPT), format!("{} {}", pg.password, pg.port))?;
        }
        Ok(pg)
    }

    fn run_postmaster(&self, dir: &Path) -> Result<()> {
        let opts = format!(
            "-h 127.0.0.1 -p {} -k {} -c fsync=off -c max_connections=200 -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
            self.port,
            dir.display(),
            dir.join("server.crt").display(),
            dir.join("server.key").display(),
        );
        let mut start = self.command("pg_ctl");
        start
            .arg("-D")
            .arg(&self.data)
            .args(["-w", "-t", "60", "-o", &opts, "-l"])
            .arg(dir.join("log"))
            .arg("start")
            .stdout(Stdio::null());
        cmd::run(&mut start).with_context(|| {
            format!(
                "PostgreSQL did not start; see {}",
                dir.join("log").display()
            )
        })
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

    /// Create a database, unless a kept cluster has it already.
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
        let out = c.output().context("createdb")?;
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.success() || err.contains("already exists") {
            return Ok(());
        }
        bail!("createdb {name} failed: {err}")
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
            && self.scratch
            && dir.starts_with(std::env::temp_dir())
        {
            let _ = std::fs::remove_dir_all(dir);
        }
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
    /// Start both, fresh, under `target/services/<name>`; gone when stopped.
    pub fn start(name: &str) -> Result<Services> {
        Self::open(name, false)
    }

    /// Start both under `target/services/<name>`: with `keep`, the data of
    /// the last start is kept (`cargo xtask server` without `--fresh`).
    pub fn open(name: &str, keep: bool) -> Result<Services> {
        cmd::step("PostgreSQL and Garage on 127.0.0.1");
        crate::deps::ensure_packages(&["postgresql", "openssl"])?;
        let dir = cmd::target_dir().join("services").join(name);
        let garage = Garage::open(&dir.join("garage"), keep)?;
        // Run as `nobody` (when root), PostgreSQL must reach its folder:
        // the checkout may be under a private home, so use a shared
        // folder — the temp folder for a scratch cluster, /var/tmp (kept
        // across reboots) for a kept one.
        let pg_dir = match (is_root(), keep) {
            (true, false) => {
                std::env::temp_dir().join(format!("daduk-pg-{name}-{}", std::process::id()))
            }
            (true, true) => PathBuf::from("/var/tmp").join(format!("daduk-pg-{name}")),
            (false, _) => dir.join("pg"),
        };
        let pg = Postgres::open(&pg_dir, keep)?;
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
            ("DADUK_TEST_PG_CA".into(), self.pg.ca.display().to_string()),
        ]
    }
}
