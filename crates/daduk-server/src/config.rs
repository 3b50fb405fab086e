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
//! [portalrb]
//! base_path = "/api/portalrb"
//! rate_limit_per_minute = 60
//! ```
//!
//! Environment overrides (each wins over the file): `DADUK_LISTEN`,
//! `DADUK_DATABASE_URL`, `DADUK_TLS_CERT`, `DADUK_TLS_KEY`,
//! `DADUK_STORE_KIND`, `DADUK_STORE_PATH`, `DADUK_S3_BUCKET`,
//! `DADUK_S3_ENDPOINT`, `DADUK_S3_REGION`, `DADUK_S3_ACCESS_KEY_ID`,
//! `DADUK_S3_SECRET_ACCESS_KEY`, `DADUK_PORTALRB_BASE`,
//! `DADUK_PORTALRB_RATE`.

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
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_blob_bytes: default_max_blob(),
            part_size: default_part(),
            upload_expiry_hours: default_upload_expiry(),
        }
    }
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}
fn default_base() -> String {
    daduk_wire::PORTALRB_BASE.into()
}
fn default_rate() -> u32 {
    60
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
