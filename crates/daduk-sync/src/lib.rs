//! The blocking HTTP client of Daduk Server (`docs/server-protocol.md`):
//! what `daduk sync`, `daduk admin` and the app's *Sinkronkan* use.
//!
//! It implements `daduk_workspace::sync::Remote` (the core decides what to send
//! and merges; this crate only moves bytes), plus the administration calls.
//! Every response is read within a bound; every server error body and
//! network failure becomes one clear Indonesian message; a blob goes up in
//! parts and a broken upload resumes from the parts the server has.

mod admin;
mod connect;
mod error;
pub mod secret;
mod upload;

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use daduk_wire as wire;
use daduk_workspace::packet::Manifest;
use daduk_workspace::sync::{Listed, PushOutcome, Remote, RemoteAssessment, UploadError};
use daduk_workspace::{Error, Result, Role, Sha256};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use connect::{Connection, Trust, connect, token_key};
pub use error::Fail;

/// Environment variable naming the server.
pub const SERVER_ENV: &str = "DADUK_SERVER_URL";
/// Environment variable holding the token.
pub const TOKEN_ENV: &str = "DADUK_SERVER_TOKEN";
/// Environment variable naming a file that holds the token.
pub const TOKEN_FILE_ENV: &str = "DADUK_SERVER_TOKEN_FILE";
/// Environment variable naming the CA certificate file (PEM) to trust.
pub const CA_FILE_ENV: &str = "DADUK_SERVER_CA_FILE";

/// The largest error body read (bytes).
const MAX_ERROR_BYTES: u64 = 64 << 10;
/// The largest small JSON answer read (lists, states).
const MAX_SMALL_JSON: u64 = wire::MAX_JSON_BYTES as u64;
/// The largest assessment read: both sides at their largest, and room.
const MAX_ASSESSMENT_JSON: u64 = 2 * wire::MAX_JSON_BYTES as u64 + (1 << 20);
/// How often a blob upload is tried again after a broken connection.
const UPLOAD_TRIES: u32 = 4;

/// A connection to one server with one token.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
    /// Pause between upload retries (shortened by tests).
    retry_pause: Duration,
}

/// A server address as people type it: `http(s)://host[:port][/path]`,
/// without a trailing slash.
pub fn normalize_url(url: &str) -> Result<String> {
    let u = url.trim().trim_end_matches('/');
    let rest = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.starts_with('/')
                && u.chars().all(|c| c.is_ascii_graphic()) =>
        {
            Ok(u.to_string())
        }
        _ => Err(Error::Invalid(format!(
            "alamat server '{}' tidak sah; tulis lengkap, misalnya https://daduk.instansi.go.id",
            daduk_workspace::text::shown(url)
        ))),
    }
}

impl Client {
    /// A client for `url` with `token`, trusting the certificates the
    /// operating system trusts; nothing is sent yet.
    pub fn new(url: &str, token: &str) -> Result<Client> {
        Client::with_trust(url, token, &Trust::System)
    }

    /// A client for `url` with `token`, trusting `trust`'s certificates.
    pub fn with_trust(url: &str, token: &str, trust: &Trust) -> Result<Client> {
        let base = normalize_url(url)?;
        let token = token.trim();
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_graphic()) {
            return Err(Error::Invalid(
                "token kosong atau berisi karakter yang tidak sah; salin token dari admin server apa adanya".into(),
            ));
        }
        let roots = match trust {
            Trust::System => ureq::tls::RootCerts::PlatformVerifier,
            Trust::CaFile(path) => {
                ureq::tls::RootCerts::new_with_certs(&connect::read_ca_file(path)?)
            }
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_per_read(Some(Duration::from_secs(300)))
            .timeout_per_write(Some(Duration::from_secs(300)))
            // A token never follows a redirect to another host.
            .max_redirects(0)
            .user_agent(format!("Daduk/{}", env!("CARGO_PKG_VERSION")))
            .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
            .build();
        Ok(Client {
            agent: ureq::Agent::new_with_config(config),
            base,
            token: token.to_string(),
            retry_pause: Duration::from_secs(2),
        })
    }

    /// The server's address.
    pub fn server(&self) -> &str {
        &self.base
    }

    /// Shorten the pause between upload retries (tests).
    pub fn with_retry_pause(mut self, pause: Duration) -> Client {
        self.retry_pause = pause;
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}{path}", self.base, wire::API)
    }

    fn auth(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// Send a request; a transport failure becomes a [`Fail`].
    fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<(&str, &[u8])>,
    ) -> std::result::Result<ureq::http::Response<ureq::Body>, Fail> {
        let url = self.url(path);
        let auth = self.auth();
        let result = match (method, body) {
            ("GET", _) => self.agent.get(&url).header("Authorization", &auth).call(),
            ("HEAD", _) => self.agent.head(&url).header("Authorization", &auth).call(),
            ("DELETE", _) => self
                .agent
                .delete(&url)
                .header("Authorization", &auth)
                .call(),
            ("PUT", Some((ct, bytes))) => self
                .agent
                .put(&url)
                .header("Authorization", &auth)
                .header("Content-Type", ct)
                .send(bytes),
            (_, Some((ct, bytes))) => self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .header("Content-Type", ct)
                .send(bytes),
            (_, None) => self
                .agent
                .post(&url)
                .header("Authorization", &auth)
                .send_empty(),
        };
        result.map_err(|e| Fail::transport(&self.base, e))
    }

    /// A JSON request whose 2xx answer is `T`; every other status is a
    /// [`Fail`] built from the error body.
    fn json<T: DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        body: Option<&impl Serialize>,
        limit: u64,
    ) -> std::result::Result<T, Fail> {
        let bytes = body
            .map(serde_json::to_vec)
            .transpose()
            .map_err(|e| Fail::Local(e.to_string()))?;
        let resp = self.send(
            method,
            path,
            bytes.as_deref().map(|b| ("application/json", b)),
        )?;
        let resp = self.ok(resp)?;
        read_json(resp, limit, &self.base)
    }

    /// Keep a 2xx response; turn any other into a [`Fail`].
    fn ok(
        &self,
        mut resp: ureq::http::Response<ureq::Body>,
    ) -> std::result::Result<ureq::http::Response<ureq::Body>, Fail> {
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            return Ok(resp);
        }
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let body = resp
            .body_mut()
            .with_config()
            .limit(MAX_ERROR_BYTES)
            .read_to_vec()
            .ok()
            .and_then(|b| serde_json::from_slice::<wire::ErrorBody>(&b).ok());
        Err(Fail::Status {
            status,
            body: body.map(Box::new),
            server: self.base.clone(),
            retry_after,
        })
    }

    /// `GET /api/v1/whoami`: the token's role and units.
    pub fn whoami(&self) -> Result<wire::WhoAmI> {
        Ok(self.json::<wire::WhoAmI>("GET", "/whoami", None::<&()>, MAX_SMALL_JSON)?)
    }

    /// The side this token writes (see [`side_of`]).
    pub fn side(&self) -> Result<Role> {
        side_of(&self.whoami()?)
    }
}

/// The side a token writes, from its role.
pub fn side_of(who: &wire::WhoAmI) -> Result<Role> {
    match who.role {
        wire::TokenRole::Unit => Ok(Role::Unit),
        wire::TokenRole::Evaluator => Ok(Role::Tpi),
        other => Err(Error::Invalid(format!(
            "token ini berperan '{}', bukan unit atau evaluator; sinkronisasi memerlukan token unit (Tim Kerja) atau evaluator (TPI)",
            other.as_str()
        ))),
    }
}

/// An upload id goes into a path: nothing but plain characters.
fn check_id(id: &str) -> std::result::Result<(), Fail> {
    if id.is_empty()
        || id.len() > 128
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err(Fail::Local(
            "server memberi id unggahan yang tidak sah".into(),
        ));
    }
    Ok(())
}

fn read_json<T: DeserializeOwned>(
    mut resp: ureq::http::Response<ureq::Body>,
    limit: u64,
    server: &str,
) -> std::result::Result<T, Fail> {
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| Fail::transport(server, e))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Fail::Local(format!(
            "jawaban server {server} tidak dapat dibaca ({e}); apakah alamat itu server Daduk versi yang sama?"
        ))
    })
}

fn parse_side(raw: Option<&wire::RawValue>, what: &str) -> Result<Option<Manifest>> {
    raw.map(|r| {
        Manifest::parse(r.get().as_bytes())
            .map_err(|e| Error::Invalid(format!("{what} dari server ditolak: {e}")))
    })
    .transpose()
}

fn check_unit(unit: &str) -> Result<()> {
    Ok(daduk_workspace::store::check_unit_code(unit)?)
}

impl Remote for Client {
    fn list(&self) -> Result<Vec<Listed>> {
        let rows: Vec<wire::AssessmentSummary> =
            self.json("GET", "/assessments", None::<&()>, MAX_SMALL_JSON)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            check_unit(&r.unit)?;
            out.push(Listed {
                unit: r.unit,
                year: r.year,
                unit_version: r.unit_version,
                tpi_version: r.tpi_version,
                tpn_version: r.tpn_version,
            });
        }
        Ok(out)
    }

    fn assessment(&self, unit: &str, year: i32) -> Result<RemoteAssessment> {
        check_unit(unit)?;
        let got: std::result::Result<wire::AssessmentSides, Fail> = self.json(
            "GET",
            &format!("/assessments/{unit}/{year}"),
            None::<&()>,
            MAX_ASSESSMENT_JSON,
        );
        let sides = match got {
            Ok(s) => s,
            // Not on the server yet: both sides at version 0.
            Err(Fail::Status { status: 404, .. }) => return Ok(RemoteAssessment::default()),
            Err(e) => return Err(e.into()),
        };
        Ok(RemoteAssessment {
            unit_version: sides.unit_version,
            tpi_version: sides.tpi_version,
            unit_side: parse_side(sides.unit_side.as_deref(), "sisi unit")?,
            tpi_side: parse_side(sides.tpi_side.as_deref(), "sisi TPI")?,
            tpn_version: sides.tpn_version,
            tpn_side: parse_side(sides.tpn_side.as_deref(), "sisi TPN")?,
        })
    }

    fn push(
        &self,
        unit: &str,
        year: i32,
        side: Role,
        base_version: i64,
        manifest: &Manifest,
    ) -> Result<PushOutcome> {
        check_unit(unit)?;
        let json = serde_json::to_string(manifest).map_err(|e| Error::Invalid(e.to_string()))?;
        if json.len() > wire::MAX_JSON_BYTES {
            return Err(Error::Invalid(format!(
                "sisi {} {unit} {year} terlalu besar untuk server ({} bita; batas {} bita)",
                side.label(),
                json.len(),
                wire::MAX_JSON_BYTES
            )));
        }
        let body =
            wire::PushSide::new(base_version, &json).map_err(|e| Error::Invalid(e.to_string()))?;
        let got: std::result::Result<wire::Pushed, Fail> = self.json(
            "PUT",
            &format!("/assessments/{unit}/{year}/{}", side.as_str()),
            Some(&body),
            MAX_SMALL_JSON,
        );
        match got {
            Ok(p) => Ok(PushOutcome::Stored(p.version)),
            Err(Fail::Status {
                status: 409,
                body: Some(b),
                ..
            }) if b.code == wire::codes::VERSION_CONFLICT => {
                Ok(PushOutcome::Conflict(b.current_version.unwrap_or(-1)))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn has_blob(&self, sha: Sha256) -> Result<bool> {
        let resp = self.send("HEAD", &format!("/blobs/{}", sha.to_hex()), None)?;
        match resp.status().as_u16() {
            200 => Ok(true),
            404 => Ok(false),
            _ => Err(self.ok(resp).err().map_or_else(
                || Error::Invalid("jawaban server tidak terduga".into()),
                Error::from,
            )),
        }
    }

    fn missing_blobs(&self, wanted: &[(Sha256, u64)]) -> Result<Option<Vec<Sha256>>> {
        let mut missing = Vec::new();
        for chunk in wanted.chunks(wire::MAX_BLOB_QUERY) {
            let asked: std::collections::HashSet<Sha256> =
                chunk.iter().map(|(sha, _)| *sha).collect();
            let q = wire::BlobQuery {
                blobs: chunk
                    .iter()
                    .map(|(sha, size)| wire::BlobRef {
                        sha256: sha.to_hex(),
                        size: *size,
                    })
                    .collect(),
            };
            let body = serde_json::to_vec(&q).map_err(|e| Error::Invalid(e.to_string()))?;
            let resp = self.send("POST", "/blobs/missing", Some(("application/json", &body)))?;
            // A server older than this question: ask per file.
            if matches!(resp.status().as_u16(), 404 | 405) {
                return Ok(None);
            }
            let answer: wire::MissingBlobs = read_json(self.ok(resp)?, MAX_SMALL_JSON, &self.base)?;
            for hex in answer.missing {
                let sha: Sha256 = hex.parse().map_err(|_| {
                    Error::Invalid(format!(
                        "server menyebut berkas '{}' yang bukan hash",
                        daduk_workspace::text::shown(&hex)
                    ))
                })?;
                // Only what was asked about counts.
                if asked.contains(&sha) {
                    missing.push(sha);
                }
            }
        }
        Ok(Some(missing))
    }

    fn upload_blob(
        &self,
        sha: Sha256,
        size: u64,
        file: &Path,
        cancel: &AtomicBool,
        on_bytes: &dyn Fn(u64),
    ) -> std::result::Result<(), UploadError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.try_upload(sha, size, file, cancel, on_bytes) {
                Ok(()) => return Ok(()),
                // A broken connection, a server restarting or busy, another
                // request completing the same upload: ask again which parts
                // it has, and send the rest.
                Err(e) if e.retryable() && tries < UPLOAD_TRIES => {
                    let pause = e
                        .retry_after()
                        .map(|s| Duration::from_secs(s.min(60)))
                        .unwrap_or(self.retry_pause * 2u32.pow(tries - 1));
                    let step = Duration::from_millis(100);
                    let mut waited = Duration::ZERO;
                    while waited < pause {
                        if cancel.load(Ordering::Relaxed) {
                            return Err(UploadError::Fatal(Fail::Cancelled.into()));
                        }
                        std::thread::sleep(step);
                        waited += step;
                    }
                }
                Err(e) if e.only_this_file() => return Err(UploadError::Blob(e.message())),
                Err(e) => return Err(UploadError::Fatal(e.into())),
            }
        }
    }

    fn download_blob(&self, sha: Sha256, _size: u64) -> Result<Box<dyn Read + '_>> {
        let resp = self.send("GET", &format!("/blobs/{}", sha.to_hex()), None)?;
        let resp = self.ok(resp)?;
        // The caller reads at most the declared size (plus one byte) and
        // hashes every byte on its way into the store.
        Ok(Box::new(resp.into_body().into_reader()))
    }
}

#[cfg(test)]
mod tests;
