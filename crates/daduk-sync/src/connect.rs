//! Connecting as a workspace does (the CLI's `daduk sync` and the app's
//! *Sinkronkan* alike): the server and the certificate trusted for it as
//! given or remembered by the workspace, the token as given or kept on this
//! computer, checked with the server before anything is remembered.

use std::path::{Path, PathBuf};

use daduk_wire as wire;
use daduk_workspace::{Error, Result, Workspace};

use crate::secret::{self, Kept, TokenKey};
use crate::{Client, normalize_url};

/// Which certificates a client trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Those the operating system trusts (an instansi's CA installed there
    /// included).
    System,
    /// Only the CA certificate(s) in this PEM file (an instansi's own CA).
    CaFile(PathBuf),
}

/// The certificates of a CA file (PEM), refused with a clear message when
/// the file holds none.
pub(crate) fn read_ca_file(path: &Path) -> Result<Vec<ureq::tls::Certificate<'static>>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if bytes.len() > 1 << 20 {
        return Err(Error::Invalid(format!(
            "berkas CA {} lebih dari 1 MiB; berikan berkas sertifikat CA (PEM) saja",
            path.display()
        )));
    }
    let certs: Vec<_> = ureq::tls::parse_pem(&bytes)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(Error::Invalid(format!(
            "berkas CA {} tidak berisi sertifikat PEM (-----BEGIN CERTIFICATE-----); minta berkas sertifikat CA instansi ke admin",
            path.display()
        )));
    }
    Ok(certs)
}

/// Which token a workspace keeps for a server.
pub fn token_key(ws: &Workspace, server: &str) -> Result<TokenKey> {
    Ok(TokenKey {
        workspace: ws.workspace_id()?,
        server: server.to_string(),
    })
}

/// A workspace's connection to its server.
#[derive(Debug)]
pub struct Connection {
    /// The client.
    pub client: Client,
    /// What the token is.
    pub who: wire::WhoAmI,
    /// The server's address, normalised.
    pub server: String,
    /// Where a token given now was kept (`None`: it was kept already).
    pub kept: Option<Kept>,
}

/// Connect `ws` to its server: `server` as given, else the remembered one;
/// `ca_file` as given, else the one remembered with that server (else the
/// system's certificates); `token` as given, else the one kept for this
/// workspace and server, else what `ask` gets (a prompt; `None` when there
/// is nobody to ask). A token an earlier Daduk left in the workspace
/// moves to the credential store first. Once the server has answered who
/// the token is, the server and CA file are remembered in the workspace
/// and a token given now is kept on this computer.
pub fn connect(
    ws: &Workspace,
    server: Option<String>,
    token: Option<String>,
    ca_file: Option<PathBuf>,
    ask: &dyn Fn() -> Result<Option<String>>,
) -> Result<Connection> {
    let (saved_server, saved_ca) = ws.sync_settings()?;
    let server = server
        .or_else(|| saved_server.clone())
        .ok_or_else(|| {
            Error::Invalid(
                "alamat server belum diberikan; isi alamat server Daduk, misalnya https://daduk.instansi.go.id".into(),
            )
        })?;
    let server = normalize_url(&server)?;
    let same_server = saved_server.as_deref() == Some(server.as_str());
    if let Some(old) = ws.take_legacy_sync_token()?
        && let Some(old_server) = &saved_server
    {
        secret::save(&token_key(ws, old_server)?, &old)?;
    }
    let ca_file = ca_file.or_else(|| saved_ca.filter(|_| same_server).map(PathBuf::from));
    let key = token_key(ws, &server)?;
    let (token, given) = match token {
        Some(t) => (t, true),
        None => match secret::load(&key)? {
            Some(t) => (t, false),
            None => (
                ask()?.ok_or_else(|| {
                    Error::Invalid(
                        "token belum diberikan untuk server ini; minta token ke admin server lalu berikan (DADUK_SERVER_TOKEN, --token-file, atau ketik saat diminta)".into(),
                    )
                })?,
                true,
            ),
        },
    };
    let trust = match &ca_file {
        Some(p) => Trust::CaFile(p.clone()),
        None => Trust::System,
    };
    let client = Client::with_trust(&server, &token, &trust)?;
    let who = client.whoami()?;
    let ca_text = ca_file.as_ref().map(|p| p.display().to_string());
    ws.set_sync_settings(&server, ca_text.as_deref())?;
    let kept = if given {
        Some(secret::save(&key, token.trim())?)
    } else {
        None
    };
    Ok(Connection {
        client,
        who,
        server,
        kept,
    })
}
