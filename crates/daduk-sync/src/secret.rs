//! Where a sync token is kept on this computer: the operating system's
//! credential store where there is one (Windows Credential Manager, the
//! Secret Service of a Linux desktop), else a file in the user's
//! configuration folder that only the user can read. Never in the
//! workspace (a folder that travels on sticks), never on a command line.
//!
//! A token is filed under the workspace's id and the server's address, so
//! two workspaces on one computer (a unit's and an evaluator's) keep their
//! own. `DADUK_TOKEN_DIR` names a folder to keep them in as files instead
//! (tests; computers whose credential store should not be used).

use std::path::{Path, PathBuf};

use daduk_workspace::{Error, Result, Sha256};

/// Environment variable: keep tokens as files in this folder.
pub const TOKEN_DIR_ENV: &str = "DADUK_TOKEN_DIR";

/// The service name the credential store files tokens under.
const SERVICE: &str = "Daduk";

/// Which token: a workspace's, for a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKey {
    /// The workspace's id (`Workspace::workspace_id`).
    pub workspace: String,
    /// The server's address, normalised.
    pub server: String,
}

impl TokenKey {
    fn account(&self) -> String {
        format!("{} {}", self.workspace, self.server)
    }

    fn file_name(&self) -> String {
        format!(
            "{}.token",
            Sha256::of_bytes(self.account().as_bytes()).to_hex()
        )
    }
}

/// Where a token went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// The operating system's credential store.
    CredentialStore,
    /// A file only this user can read.
    File(PathBuf),
}

/// The token kept for `key`, if any.
pub fn load(key: &TokenKey) -> Result<Option<String>> {
    if let Some(dir) = file_dir_forced() {
        return read_file(&dir.join(key.file_name()));
    }
    if let Some(t) = store::load(key) {
        return Ok(Some(t));
    }
    match default_dir() {
        Some(dir) => read_file(&dir.join(key.file_name())),
        None => Ok(None),
    }
}

/// Keep `token` for `key`, replacing what was kept.
pub fn save(key: &TokenKey, token: &str) -> Result<Kept> {
    if let Some(dir) = file_dir_forced() {
        return write_file(&dir, key, token);
    }
    if store::save(key, token) {
        // A file kept earlier (when the store was not there) goes.
        if let Some(dir) = default_dir() {
            let _ = std::fs::remove_file(dir.join(key.file_name()));
        }
        return Ok(Kept::CredentialStore);
    }
    let dir = default_dir().ok_or_else(|| {
        Error::Invalid(format!(
            "tidak ada tempat menyimpan token: komputer ini tidak punya penyimpanan kredensial dan folder konfigurasi pengguna tidak ditemukan; tetapkan {TOKEN_DIR_ENV}"
        ))
    })?;
    write_file(&dir, key, token)
}

/// Forget the token kept for `key` (wherever it was).
pub fn forget(key: &TokenKey) -> Result<()> {
    if let Some(dir) = file_dir_forced() {
        return remove_file(&dir.join(key.file_name()));
    }
    store::forget(key);
    match default_dir() {
        Some(dir) => remove_file(&dir.join(key.file_name())),
        None => Ok(()),
    }
}

fn file_dir_forced() -> Option<PathBuf> {
    std::env::var_os(TOKEN_DIR_ENV)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
}

fn default_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("id", "Daduk", "Daduk").map(|d| d.config_dir().join("tokens"))
}

fn read_file(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(t) => Ok(Some(t.trim().to_string()).filter(|t| !t.is_empty())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

fn remove_file(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Write the token file readable by its owner only: the folder is made
/// 0700 and the file created 0600 before a byte is written (Unix; on
/// Windows the user's profile folder is the user's).
fn write_file(dir: &Path, key: &TokenKey, token: &str) -> Result<Kept> {
    use std::io::Write;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| Error::io(dir, e))?;
    let path = dir.join(key.file_name());
    let tmp = dir.join(format!("{}.part", key.file_name()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&tmp).map_err(|e| Error::io(&tmp, e))?;
    f.write_all(token.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(|e| Error::io(&tmp, e))?;
    drop(f);
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    Ok(Kept::File(path))
}

/// The operating system's credential store, where this build has one.
#[cfg(any(target_os = "linux", windows))]
mod store {
    use super::{SERVICE, TokenKey};

    fn entry(key: &TokenKey) -> Option<keyring::Entry> {
        keyring::Entry::new(SERVICE, &key.account()).ok()
    }

    pub fn load(key: &TokenKey) -> Option<String> {
        entry(key)?.get_password().ok()
    }

    /// False when there is no store to keep it in (no Secret Service
    /// running, say): the caller keeps a file instead.
    pub fn save(key: &TokenKey, token: &str) -> bool {
        let Some(e) = entry(key) else {
            return false;
        };
        // Kept only when it reads back: a store that accepts and loses it
        // is no store.
        e.set_password(token).is_ok() && e.get_password().ok().as_deref() == Some(token)
    }

    pub fn forget(key: &TokenKey) {
        if let Some(e) = entry(key) {
            let _ = e.delete_credential();
        }
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
mod store {
    use super::TokenKey;

    pub fn load(_: &TokenKey) -> Option<String> {
        None
    }

    pub fn save(_: &TokenKey, _: &str) -> bool {
        false
    }

    pub fn forget(_: &TokenKey) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_file_is_the_users_alone_and_each_workspace_has_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let tokens = dir.path().join("tokens");
        let a = TokenKey {
            workspace: "a".into(),
            server: "https://daduk.example".into(),
        };
        let b = TokenKey {
            workspace: "b".into(),
            ..a.clone()
        };
        let kept = write_file(&tokens, &a, "dks_satu").unwrap();
        write_file(&tokens, &b, "dks_dua").unwrap();
        let Kept::File(path) = kept else {
            panic!("a file")
        };
        assert_eq!(read_file(&path).unwrap().as_deref(), Some("dks_satu"));
        assert_eq!(
            read_file(&tokens.join(b.file_name())).unwrap().as_deref(),
            Some("dks_dua")
        );
        assert!(
            !path.to_string_lossy().contains("daduk.example"),
            "the file name tells nothing"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&tokens), 0o700);
        }
        remove_file(&path).unwrap();
        assert_eq!(read_file(&path).unwrap(), None);
        remove_file(&path).unwrap();
    }
}
