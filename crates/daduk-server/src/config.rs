//! The server's configuration: a TOML file, then environment overrides.
//!
//! ```toml
//! listen = "0.0.0.0:8443"
//! database_url = "host=127.0.0.1 port=5432 user=daduk dbname=daduk password=…"
//!
//! [tls]                      # leave out behind a reverse proxy
//! cert = "/etc/daduk/cert.pem"
//! key = "/etc/daduk/key.pem"
//!
//! [store]
//! kind = "s3"                # or "local" with path = "/var/lib/daduk/blobs"
//! bucket = "daduk"
//! endpoint = "https://s3.example.go.id"
//! region = "garage"
//! access_key_id = "…"
//! secret_access_key = "…"
//!
//! time_zone = "WIB"          # the instansi's: WIB, WITA or WIT
//! public_url = "https://daduk.instansi.go.id"   # as units and PortalRB reach it
//!
//! [portalrb]
//! base_path = "/api/portalrb"
//! rate_limit_per_minute = 600
//!
//! [limits]                   # every field optional; the defaults below
//! max_connections = 4096     # lowered to what the open-file limit allows
//! header_timeout_secs = 20   # a request head (and an idle keep-alive)
//! body_idle_secs = 30        # a body that sends nothing this long
//! body_timeout_secs = 300    # a whole body
//! body_memory_bytes = 134217728   # bodies held in memory at once
//! unreferenced_quota_bytes = 8589934592   # per token, blobs no side refers to
//! ```
//!
//! Environment overrides (each wins over the file): `DADUK_LISTEN`,
//! `DADUK_DATABASE_URL`, `DADUK_DATABASE_CA_FILE`, `DADUK_TLS_CERT`, `DADUK_TLS_KEY`,
//! `DADUK_STORE_KIND`, `DADUK_STORE_PATH`, `DADUK_S3_BUCKET`,
//! `DADUK_S3_ENDPOINT`, `DADUK_S3_REGION`, `DADUK_S3_ACCESS_KEY_ID`,
//! `DADUK_S3_SECRET_ACCESS_KEY`, `DADUK_PORTALRB_BASE`,
//! `DADUK_PORTALRB_RATE`, `DADUK_TIME_ZONE`, `DADUK_PUBLIC_URL`.
//!
//! PostgreSQL over TLS: `sslmode=require` (or `verify-ca`/`verify-full`,
//! which mean the same here: the certificate is always verified) in
//! `database_url`, with `database_ca_file` naming the CA that signed the
//! database's certificate when it is not one the system trusts.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// PostgreSQL, as a libpq-style key=value string or a URL.
    #[serde(default)]
    pub database_url: String,
    /// The CA certificate(s) (PEM) that signed PostgreSQL's certificate,
    /// for `sslmode=require`; the system's roots when absent.
    #[serde(default)]
    pub database_ca_file: Option<PathBuf>,
    /// The instansi's time zone (`WIB`, `WITA`, `WIT`, or an IANA name of
    /// one of them): the proposal period's days are its days.
    #[serde(default = "default_zone")]
    pub time_zone: String,
    /// The address units and PortalRB reach the server by (behind a
    /// reverse proxy: the proxy's), for the URLs the server prints.
    #[serde(default)]
    pub public_url: Option<String>,
    /// TLS; plain HTTP when absent.
    #[serde(default)]
    pub tls: Option<Tls>,
    /// The evidence store.
    #[serde(default)]
    pub store: Store,
    /// PortalRB.
    #[serde(default)]
    pub portalrb: PortalRb,
    /// Limits.
    #[serde(default)]
    pub limits: Limits,
}

/// Certificate and key (PEM).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// Certificate chain.
    pub cert: PathBuf,
    /// Private key.
    pub key: PathBuf,
}

/// Where evidence bytes live.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// `s3` or `local`.
    #[serde(default)]
    pub kind: String,
    /// For `local`: the folder.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// For `s3`.
    #[serde(default)]
    pub bucket: String,
    /// For `s3`: the endpoint URL (http allowed for a loopback or LAN store).
    #[serde(default)]
    pub endpoint: String,
    /// For `s3`.
    #[serde(default)]
    pub region: String,
    /// For `s3`.
    #[serde(default)]
    pub access_key_id: String,
    /// For `s3`.
    #[serde(default)]
    pub secret_access_key: String,
}

/// The PortalRB endpoints.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalRb {
    /// Base path.
    #[serde(default = "default_base")]
    pub base_path: String,
    /// Requests per minute per integration token.
    #[serde(default = "default_rate")]
    pub rate_limit_per_minute: u32,
}

impl Default for PortalRb {
    fn default() -> Self {
        PortalRb {
            base_path: default_base(),
            rate_limit_per_minute: default_rate(),
        }
    }
}

/// Limits.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// The largest blob accepted (bytes).
    #[serde(default = "default_max_blob")]
    pub max_blob_bytes: u64,
    /// The part size handed to clients (bytes, ≤ 8 MiB).
    #[serde(default = "default_part")]
    pub part_size: u64,
    /// An upload started this many hours ago and never completed is
    /// abandoned: its parts are removed (hourly, and by `collect-uploads`).
    #[serde(default = "default_upload_expiry")]
    pub upload_expiry_hours: u32,
    /// Bytes of blobs a token stored that no side refers to yet (and of its
    /// uploads in progress): past it, uploads are refused until a push
    /// refers to them.
    #[serde(default = "default_quota")]
    pub unreferenced_quota_bytes: u64,
    /// Connections served at once (lowered to what the process's open-file
    /// limit allows); past it a connection gets 503 and is closed.
    #[serde(default = "default_connections")]
    pub max_connections: usize,
    /// Seconds a request head may take, and a kept-alive connection may
    /// wait for its next request.
    #[serde(default = "default_header_timeout")]
    pub header_timeout_secs: u64,
    /// Seconds a request body may send nothing.
    #[serde(default = "default_body_idle")]
    pub body_idle_secs: u64,
    /// Seconds a whole request body may take.
    #[serde(default = "default_body_timeout")]
    pub body_timeout_secs: u64,
    /// Request bodies held in memory at once (bytes); a request that would
    /// pass it waits a little, then gets 503 with `Retry-After`.
    #[serde(default = "default_body_memory")]
    pub body_memory_bytes: u64,
    /// Uploads assembled at once (each holds a few parts in memory).
    #[serde(default = "default_assemblies")]
    pub concurrent_assemblies: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_blob_bytes: default_max_blob(),
            part_size: default_part(),
            upload_expiry_hours: default_upload_expiry(),
            unreferenced_quota_bytes: default_quota(),
            max_connections: default_connections(),
            header_timeout_secs: default_header_timeout(),
            body_idle_secs: default_body_idle(),
            body_timeout_secs: default_body_timeout(),
            body_memory_bytes: default_body_memory(),
            concurrent_assemblies: default_assemblies(),
        }
    }
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}
fn default_base() -> String {
    daduk_wire::PORTALRB_BASE.into()
}
/// A pass over an instansi of 300 proposed units (each unit's answers, the
/// two lists, PortalRB's retries) fits in one minute's burst.
fn default_rate() -> u32 {
    600
}
fn default_zone() -> String {
    "WIB".into()
}
fn default_quota() -> u64 {
    8 << 30
}
fn default_connections() -> usize {
    4096
}
fn default_header_timeout() -> u64 {
    20
}
fn default_body_idle() -> u64 {
    30
}
fn default_body_timeout() -> u64 {
    300
}
fn default_body_memory() -> u64 {
    128 << 20
}
fn default_assemblies() -> usize {
    4
}
fn default_max_blob() -> u64 {
    4 << 30
}
fn default_upload_expiry() -> u32 {
    72
}
fn default_part() -> u64 {
    daduk_wire::MAX_PART_BYTES as u64
}

impl Config {
    /// Read `path` (if given), apply the environment, check the whole.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let text = match path {
            Some(p) => std::fs::read_to_string(p).with_context(|| {
                format!("berkas konfigurasi {} tidak dapat dibaca", p.display())
            })?,
            None => String::new(),
        };
        let mut c: Config = toml::from_str(&text).with_context(|| {
            format!(
                "berkas konfigurasi {} tidak sah",
                path.map(|p| p.display().to_string()).unwrap_or_default()
            )
        })?;
        c.apply_env(|k| std::env::var(k).ok());
        c.check()?;
        Ok(c)
    }

    /// A configuration from TOML text alone (no environment), checked.
    pub fn from_toml(text: &str) -> Result<Config> {
        let c: Config = toml::from_str(text).context("konfigurasi tidak sah")?;
        c.check()?;
        Ok(c)
    }

    fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        let set = |field: &mut String, key: &str| {
            if let Some(v) = var(key) {
                *field = v;
            }
        };
        set(&mut self.listen, "DADUK_LISTEN");
        set(&mut self.database_url, "DADUK_DATABASE_URL");
        set(&mut self.store.kind, "DADUK_STORE_KIND");
        set(&mut self.store.bucket, "DADUK_S3_BUCKET");
        set(&mut self.store.endpoint, "DADUK_S3_ENDPOINT");
        set(&mut self.store.region, "DADUK_S3_REGION");
        set(&mut self.store.access_key_id, "DADUK_S3_ACCESS_KEY_ID");
        set(
            &mut self.store.secret_access_key,
            "DADUK_S3_SECRET_ACCESS_KEY",
        );
        set(&mut self.portalrb.base_path, "DADUK_PORTALRB_BASE");
        set(&mut self.time_zone, "DADUK_TIME_ZONE");
        if let Some(u) = var("DADUK_PUBLIC_URL") {
            self.public_url = Some(u);
        }
        if let Some(p) = var("DADUK_DATABASE_CA_FILE") {
            self.database_ca_file = Some(p.into());
        }
        if let Some(p) = var("DADUK_STORE_PATH") {
            self.store.path = Some(p.into());
        }
        if let Some(r) = var("DADUK_PORTALRB_RATE").and_then(|r| r.parse().ok()) {
            self.portalrb.rate_limit_per_minute = r;
        }
        if let (Some(cert), Some(key)) = (var("DADUK_TLS_CERT"), var("DADUK_TLS_KEY")) {
            self.tls = Some(Tls {
                cert: cert.into(),
                key: key.into(),
            });
        }
    }

    fn check(&self) -> Result<()> {
        if self.database_url.trim().is_empty() {
            bail!("database_url belum diisi (atau DADUK_DATABASE_URL)");
        }
        match self.store.kind.as_str() {
            "local" if self.store.path.is_none() => {
                bail!("store.path belum diisi untuk penyimpanan 'local'")
            }
            "local" => {}
            "s3" => {
                for (name, v) in [
                    ("store.bucket", &self.store.bucket),
                    ("store.endpoint", &self.store.endpoint),
                    ("store.access_key_id", &self.store.access_key_id),
                    ("store.secret_access_key", &self.store.secret_access_key),
                ] {
                    if v.trim().is_empty() {
                        bail!("{name} belum diisi untuk penyimpanan 's3'");
                    }
                }
            }
            other => bail!("store.kind '{other}' tidak dikenal; pakai 's3' atau 'local'"),
        }
        let base = &self.portalrb.base_path;
        if !base.starts_with('/') || base.ends_with('/') || base.contains("//") || base.len() < 2 {
            bail!("portalrb.base_path '{base}' harus diawali '/' dan tidak diakhiri '/'");
        }
        if self.limits.part_size == 0 || self.limits.part_size > daduk_wire::MAX_PART_BYTES as u64 {
            bail!(
                "limits.part_size harus 1..{} bita",
                daduk_wire::MAX_PART_BYTES
            );
        }
        if self.portalrb.rate_limit_per_minute == 0 {
            bail!("portalrb.rate_limit_per_minute harus lebih dari 0");
        }
        crate::clock::Zone::parse(&self.time_zone)?;
        let l = &self.limits;
        for (name, v) in [
            ("limits.header_timeout_secs", l.header_timeout_secs),
            ("limits.body_idle_secs", l.body_idle_secs),
            ("limits.body_timeout_secs", l.body_timeout_secs),
            ("limits.max_connections", l.max_connections as u64),
            (
                "limits.concurrent_assemblies",
                l.concurrent_assemblies as u64,
            ),
        ] {
            if v == 0 {
                bail!("{name} harus lebih dari 0");
            }
        }
        if l.body_memory_bytes < daduk_wire::MAX_JSON_BYTES as u64 {
            bail!(
                "limits.body_memory_bytes harus paling sedikit {} (satu isi permintaan terbesar)",
                daduk_wire::MAX_JSON_BYTES
            );
        }
        if let Some(u) = &self.public_url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            bail!("public_url '{u}' harus diawali https:// (atau http://)");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_environment() {
        let mut c: Config =
            toml::from_str("database_url = \"host=a\"\n[store]\nkind = \"local\"\npath = \"/x\"\n")
                .unwrap();
        c.check().unwrap();
        assert_eq!(c.portalrb.base_path, "/api/portalrb");
        c.apply_env(|k| match k {
            "DADUK_LISTEN" => Some("0.0.0.0:1".into()),
            "DADUK_PORTALRB_BASE" => Some("/rb".into()),
            _ => None,
        });
        assert_eq!(c.listen, "0.0.0.0:1");
        assert_eq!(c.portalrb.base_path, "/rb");
        c.check().unwrap();
    }

    #[test]
    fn the_production_example_is_a_valid_configuration() {
        let c = Config::from_toml(include_str!(
            "../../../packaging/server/server.toml.example"
        ))
        .unwrap();
        assert_eq!(c.time_zone, "WIB");
        assert_eq!(c.portalrb.rate_limit_per_minute, 600);
        assert_eq!(c.limits.max_connections, 4096);
        assert!(Config::from_toml("database_url = \"h\"\ntime_zone = \"UTC\"\n[store]\nkind = \"local\"\npath = \"/x\"\n").is_err());
    }

    #[test]
    fn incomplete_configurations_are_refused_by_name() {
        let cases = [
            ("[store]\nkind = \"local\"\npath = \"/x\"\n", "database_url"),
            (
                "database_url = \"h\"\n[store]\nkind = \"local\"\n",
                "store.path",
            ),
            (
                "database_url = \"h\"\n[store]\nkind = \"s3\"\n",
                "store.bucket",
            ),
            ("database_url = \"h\"\n[store]\nkind = \"ftp\"\n", "ftp"),
            (
                "database_url = \"h\"\n[store]\nkind = \"local\"\npath = \"/x\"\n[portalrb]\nbase_path = \"rb/\"\n",
                "base_path",
            ),
        ];
        for (text, word) in cases {
            let c: Config = toml::from_str(text).unwrap();
            let err = c.check().unwrap_err().to_string();
            assert!(err.contains(word), "{word}: {err}");
        }
        assert!(toml::from_str::<Config>("lisen = 1").is_err());
    }
}
