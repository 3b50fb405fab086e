//! The workspace: a folder with `daduk.sqlite` (WAL) and the evidence files.
//!
//! Every write is one immediate transaction, so a second process on the same
//! workspace (the app and the CLI at once) waits its turn instead of losing an
//! update; the busy timeout is long enough for any single write.

pub(crate) mod answers;
pub(crate) mod assessments;
pub(crate) mod assignments;
pub(crate) mod audit;
pub(crate) mod blobs;
mod content;
mod db_error;
mod evidence;
pub mod location;
mod migrations;
pub(crate) mod packets;
pub(crate) mod plan;
mod profile;
mod references;
pub(crate) mod sync;
mod template_upgrade;
pub(crate) mod templates;
pub(crate) mod tpn;
use daduk_domain::unit_fields;
pub(crate) mod units;
pub(crate) mod years;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub use answers::{AnswerRecord, AnswerRow};
pub use assessments::{Assessment, AssessmentStatus};
pub use assignments::Assignment;
pub use audit::AuditEntry;
pub use db_error::DbError;

/// A write transaction, for core code that writes in the caller's one
/// transaction without naming the driver.
pub(crate) type Tx<'a> = Transaction<'a>;
pub use profile::parse_workspace_role;
pub use template_upgrade::TemplateUpgrade;
pub use templates::TemplateOrigin;
pub use unit_fields::{FieldProblem, unit_problems};
pub use units::{NewUnit, Target, Unit, check_unit_code};

use crate::error::{Error, Result};
use crate::hash::Sha256;
use crate::template::Template;
use location::VolumeKind;

/// The database file inside a workspace folder.
pub const DB_FILE: &str = "daduk.sqlite";

/// Environment variable that chooses the workspace folder.
pub const WORKSPACE_ENV: &str = "DADUK_WORKSPACE";

const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// An open workspace.
#[derive(Debug)]
pub struct Workspace {
    root: PathBuf,
    conn: Connection,
    actor: String,
    templates: Mutex<HashMap<Sha256, Template>>,
    /// Opened from media that cannot be written (a locked USB stick, a
    /// CD): everything can be read, nothing written.
    read_only: bool,
    volume: VolumeKind,
}

/// The default workspace folder: `DADUK_WORKSPACE` when set, else the
/// platform's local data directory (`~/.local/share/daduk` on Linux,
/// `%LOCALAPPDATA%\Daduk\Daduk\data` on Windows). The CLI and the app share
/// it. On Windows the local, not the roaming, folder: offices often redirect
/// the roaming one to a network share, where a workspace is refused
/// ([`location`]), and gigabytes of evidence should not roam with a profile.
pub fn default_workspace_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(WORKSPACE_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("id", "Daduk", "Daduk")
        .map(|d| d.data_local_dir().to_path_buf())
        .ok_or_else(|| {
            Error::Invalid(format!(
                "folder data pengguna tidak ditemukan; pilih ruang kerja dengan --workspace atau {WORKSPACE_ENV}"
            ))
        })
}

/// Who is acting, for the audit log: `DADUK_USER`, else the login name.
pub fn default_actor() -> String {
    ["DADUK_USER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "tidak diketahui".into())
}

/// Keep the database (answers, notes, names, the sync server) readable by
/// its owner only; a folder Daduk made for a new workspace too. Best
/// effort: a stick formatted FAT has no owners, and a folder someone chose
/// stays as they set it.
fn owner_only(dir: &Path, created: bool) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tighten = |path: &Path, mode: u32| {
            if let Ok(meta) = std::fs::metadata(path)
                && meta.permissions().mode() & 0o077 != 0
            {
                let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
            }
        };
        for name in [DB_FILE, "daduk.sqlite-wal", "daduk.sqlite-shm"] {
            tighten(&dir.join(name), 0o600);
        }
        if created {
            tighten(dir, 0o700);
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, created);
}

/// The acting user's name goes into every audit entry and packet: one line
/// of ordinary characters like any name.
fn check_actor(actor: &str) -> Result<()> {
    crate::text::check_line("nama pengguna", actor).map_err(|e| {
        Error::Invalid(format!(
            "{e} (nama pengguna diambil dari DADUK_USER, atau dari nama login bila DADUK_USER kosong)"
        ))
    })
}

/// The current time as stored: RFC 3339, UTC, seconds.
pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl Workspace {
    /// Create a workspace in `dir` (made if missing), or open the one there.
    /// A network location is refused before anything is written
    /// ([`location`]).
    pub fn create(dir: &Path, actor: &str) -> Result<Workspace> {
        check_actor(actor)?;
        let volume = location::check_workspace_dir(dir)?;
        let fresh = !dir.exists();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let ws = Self::open_db(dir, actor, true, volume)?;
        owner_only(dir, fresh);
        Ok(ws)
    }

    /// Open the workspace in `dir`; refuse a folder that has none, or one on
    /// a network location ([`location`]). A workspace on media that cannot
    /// be written opens read-only.
    pub fn open(dir: &Path, actor: &str) -> Result<Workspace> {
        check_actor(actor)?;
        let volume = location::check_workspace_dir(dir)?;
        if !dir.join(DB_FILE).is_file() {
            return Err(Error::not_found(
                "ruang kerja",
                dir.display(),
                "jalankan `daduk init` atau pilih folder lain dengan --workspace",
            ));
        }
        if !folder_writable(dir) {
            return Self::open_read_only(dir, actor, volume);
        }
        let ws = Self::open_db(dir, actor, false, volume)?;
        owner_only(dir, false);
        Ok(ws)
    }

    fn open_db(dir: &Path, actor: &str, create: bool, volume: VolumeKind) -> Result<Workspace> {
        let path = dir.join(DB_FILE);
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let mut conn = Connection::open_with_flags(&path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // Every commit is on disk before it is acknowledged, and copied into
        // the main file at once: an answer the user saw saved survives a
        // power cut, and survives someone deleting `daduk.sqlite-wal` while
        // another process keeps the workspace open.
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "wal_autocheckpoint", 1)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        migrations::migrate(&mut conn)?;
        let ws = Workspace {
            root: dir.to_path_buf(),
            conn,
            actor: actor.to_string(),
            templates: Mutex::new(HashMap::new()),
            read_only: false,
            volume,
        };
        ws.store_template(&Template::default_lke())?;
        ws.upgrade_official_templates()?;
        // Temporary files an interrupted import or attach left behind.
        crate::output::clean_stale_parts(&dir.join("tmp"));
        Ok(ws)
    }

    /// Open a workspace whose folder cannot be written. SQLite needs to
    /// create its shared-memory file for a WAL database; where it cannot,
    /// the database is read as immutable (nothing else can be writing to
    /// media that cannot be written).
    fn open_read_only(dir: &Path, actor: &str, volume: VolumeKind) -> Result<Workspace> {
        let path = dir.join(DB_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let probe = |conn: &Connection| -> rusqlite::Result<u32> {
            conn.pragma_query_value(None, "user_version", |r| r.get(0))
        };
        let (conn, version) = match Connection::open_with_flags(&path, flags)
            .and_then(|c| probe(&c).map(|v| (c, v)))
        {
            Ok(ok) => ok,
            Err(_) => {
                let uri = format!("file:{}?immutable=1", uri_path(&path));
                let conn = Connection::open_with_flags(uri, flags)?;
                let v = probe(&conn)?;
                (conn, v)
            }
        };
        if version != migrations::latest() {
            return Err(Error::Invalid(format!(
                "ruang kerja {} hanya-baca dan dibuat oleh versi Daduk lain (skema {version}, versi ini {}); salin foldernya ke disk yang bisa ditulis lalu buka salinannya",
                dir.display(),
                migrations::latest()
            )));
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Workspace {
            root: dir.to_path_buf(),
            conn,
            actor: actor.to_string(),
            templates: Mutex::new(HashMap::new()),
            read_only: true,
            volume,
        })
    }

    /// Whether the workspace was opened read-only (its media cannot be
    /// written).
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Refuse a write on a read-only workspace, saying why.
    pub(crate) fn writable(&self) -> Result<()> {
        if self.read_only {
            return Err(Error::ReadOnly(self.root.clone()));
        }
        Ok(())
    }

    /// The workspace folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The kind of volume the workspace is on (local or FAT).
    pub fn volume(&self) -> &VolumeKind {
        &self.volume
    }

    /// Why a file of `size` bytes cannot be stored in this workspace, when
    /// its volume cannot hold it (FAT32: 4 GiB − 1).
    pub fn too_large_for_volume(&self, size: u64) -> Option<&'static str> {
        self.volume
            .max_file_size()
            .is_some_and(|max| size > max)
            .then_some(location::FILE_TOO_LARGE)
    }

    /// Who the audit log records as acting.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// Start a write: an immediate transaction, so concurrent writers queue
    /// instead of failing halfway.
    pub(crate) fn write(&self) -> Result<Transaction<'_>> {
        self.writable()?;
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    /// The connection, for reads.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

/// Whether a file can be created in `dir` (a write-protected stick, a CD
/// or a read-only mount cannot).
fn folder_writable(dir: &Path) -> bool {
    let probe = dir.join(format!(".daduk-tulis-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => !matches!(
            e.kind(),
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
        ),
    }
}

/// A path as a SQLite URI path: `/`-separated, with the characters a URI
/// reserves percent-encoded.
fn uri_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::new();
    if !text.starts_with('/') {
        // A Windows path `C:/...` becomes `/C:/...`.
        out.push('/');
    }
    for b in text.bytes() {
        match b {
            b'%' | b'?' | b'#' | b' ' | 0x80.. => out.push_str(&format!("%{b:02X}")),
            _ => out.push(char::from(b)),
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod text_tests;

/// Read a text column through `FromStr`, as a conversion error when it does
/// not parse (only a database edited by hand can hold such a value).
pub(crate) fn parse_column<T>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = row.get(idx)?;
    text.parse().map_err(|e: T::Err| {
        rusqlite::Error::FromSqlConversionFailure(
            idx,
            rusqlite::types::Type::Text,
            format!("'{text}': {e}").into(),
        )
    })
}
