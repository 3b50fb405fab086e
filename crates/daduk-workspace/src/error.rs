//! The core's error type. Messages are Indonesian, for the people who read
//! them in the app and on the command line: they name the item, file or line
//! and say what to do.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::answer::AnswerError;
use crate::template::TemplateError;

/// Result with the core's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template that cannot be used.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// One answer that cannot be used.
    #[error(transparent)]
    Answer(#[from] AnswerError),
    /// Several rows of an import that cannot be used; nothing was written.
    #[error(transparent)]
    Rows(#[from] RowErrors),
    /// Input that is wrong for another reason.
    #[error("{0}")]
    Invalid(String),
    /// Something asked for does not exist.
    #[error("{what} '{key}' tidak ditemukan{hint}")]
    NotFound {
        /// What kind of thing (`unit`, `penilaian`, ...).
        what: &'static str,
        /// Its key.
        key: String,
        /// What to do, starting with "; ".
        hint: String,
    },
    /// Something to create already exists.
    #[error("{what} '{key}' sudah ada{hint}")]
    Exists {
        /// What kind of thing.
        what: &'static str,
        /// Its key.
        key: String,
        /// What to do, starting with "; " (or empty).
        hint: String,
    },
    /// A file could not be read or written. The cause is said in the
    /// message, in Indonesian; it is not chained as a source (its own text
    /// is the system's English, "No such file or directory (os error 2)").
    #[error("{}: {}", path.display(), plain_io(cause))]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        cause: io::Error,
    },
    /// Refused unless the user agrees explicitly (a flag, a checkbox): the
    /// message says what the packet would do; each face says how to agree
    /// (the CLI names its flag, the app offers its own confirmation).
    #[error("{message}")]
    NeedsConsent {
        /// What to agree to.
        consent: ConsentKind,
        /// Why, for people.
        message: String,
    },
    /// The workspace is on media that cannot be written.
    #[error(
        "ruang kerja {} hanya-baca (media terkunci tulis, CD, atau tanpa izin menulis): data bisa dibaca, tetapi perintah ini perlu menulis; salin folder ruang kerja ke disk yang bisa ditulis, atau buka kunci tulis medianya",
        .0.display()
    )]
    ReadOnly(PathBuf),
    /// The workspace database failed.
    #[error("basis data ruang kerja: {0}")]
    Db(#[from] crate::store::DbError),
}

impl From<daduk_domain::Error> for Error {
    fn from(e: daduk_domain::Error) -> Error {
        use daduk_domain::Error as D;
        match e {
            D::Template(e) => Error::Template(e),
            D::Answer(e) => Error::Answer(e),
            D::Rows(e) => Error::Rows(e),
            D::Invalid(m) => Error::Invalid(m),
            D::NotFound { what, key, hint } => Error::NotFound { what, key, hint },
        }
    }
}

/// What kind of failure an error is, for a face that treats kinds
/// differently (the app offers to reload on a conflict, names a full disk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// Something asked for does not exist.
    NotFound,
    /// Input that cannot be used (the message names the item, file or line).
    Invalid,
    /// Something changed meanwhile (another process wrote first).
    Conflict,
    /// Something to create exists already: the input names a unit,
    /// assessment or file that is there (nothing changed elsewhere).
    Exists,
    /// The disk is full.
    DiskFull,
    /// Another process held the workspace too long.
    Busy,
    /// The workspace's database is damaged.
    Corrupt,
    /// The workspace is on media that cannot be written.
    ReadOnly,
    /// Refused unless the user agrees explicitly.
    NeedsConsent,
    /// A file could not be read or written.
    Io,
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        if self.is_disk_full() {
            return ErrorKind::DiskFull;
        }
        match self {
            Error::Template(_) | Error::Answer(_) | Error::Rows(_) | Error::Invalid(_) => {
                ErrorKind::Invalid
            }
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Exists { .. } => ErrorKind::Exists,
            Error::Io { .. } => ErrorKind::Io,
            Error::ReadOnly(_) => ErrorKind::ReadOnly,
            Error::NeedsConsent { .. } => ErrorKind::NeedsConsent,
            Error::Db(db) => db.kind(),
        }
    }

    /// What the user may agree to, for a refusal that needs consent.
    pub fn consent(&self) -> Option<ConsentKind> {
        match self {
            Error::NeedsConsent { consent, .. } => Some(*consent),
            _ => None,
        }
    }

    /// An I/O error about `path`.
    pub fn io(path: impl AsRef<Path>, source: io::Error) -> Error {
        Error::Io {
            path: path.as_ref().to_path_buf(),
            cause: source,
        }
    }

    /// A "not found" error with a hint of what to do.
    pub fn not_found(what: &'static str, key: impl fmt::Display, hint: &str) -> Error {
        Error::NotFound {
            what,
            key: key.to_string(),
            hint: if hint.is_empty() {
                String::new()
            } else {
                format!("; {hint}")
            },
        }
    }

    /// Whether the cause is a full disk.
    pub fn is_disk_full(&self) -> bool {
        match self {
            Error::Io { cause, .. } => cause.kind() == io::ErrorKind::StorageFull,
            Error::Db(db) => db.kind() == ErrorKind::DiskFull,
            _ => false,
        }
    }
}

pub(crate) const DISK_FULL: &str =
    "disk penuh; kosongkan ruang lalu ulangi (tidak ada yang berubah)";
pub(crate) const DISK_WRITE: &str = "tidak dapat menulis ke disk ruang kerja, biasanya karena disk penuh; \
     kosongkan ruang lalu ulangi (tidak ada yang berubah)";

/// A file system error in plain Indonesian, with what to do where there is
/// something to do. The system's own (English) text is kept only for causes
/// no person can act on differently, after "galat sistem".
pub fn plain_io(e: &io::Error) -> String {
    use io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => DISK_FULL.into(),
        K::FileTooLarge => crate::store::location::FILE_TOO_LARGE.into(),
        K::InvalidFilename => crate::store::location::INVALID_NAME.into(),
        K::NotFound => "berkas atau folder tidak ada; periksa letak dan namanya".into(),
        K::PermissionDenied => "tidak ada izin membaca/menulis; pilih folder lain atau minta izin akses".into(),
        K::AlreadyExists => "sudah ada; pilih nama lain".into(),
        K::IsADirectory => "ini folder, bukan berkas".into(),
        K::NotADirectory => "ini berkas, bukan folder".into(),
        K::ReadOnlyFilesystem => "disk ini hanya-baca; pilih tempat lain".into(),
        K::UnexpectedEof => "berkas terpotong (lebih pendek dari seharusnya); salin atau unduh ulang".into(),
        // The zip reader's word for an entry whose CRC does not match.
        K::InvalidData if e.to_string().contains("checksum") => {
            "isinya rusak (CRC tidak cocok): berkas terpotong atau berubah saat disalin; salin atau unduh ulang"
                .into()
        }
        K::InvalidData => "isinya rusak atau bukan jenis berkas yang diharapkan".into(),
        // A server's connection (sync) or a network drive.
        K::ConnectionRefused => "server menolak sambungan (tidak berjalan, atau alamat/port salah); periksa alamat server lalu ulangi".into(),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::NotConnected => {
            "sambungan terputus di tengah jalan; periksa jaringan lalu ulangi (yang sudah tersimpan tetap)".into()
        }
        K::TimedOut => "tidak ada jawaban dalam batas waktu; periksa jaringan atau coba lagi nanti".into(),
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown | K::AddrNotAvailable => {
            "jaringan atau server tidak terjangkau; periksa sambungan internet/jaringan kantor lalu ulangi".into()
        }
        K::Interrupted => "terhenti di tengah jalan; ulangi".into(),
        K::ResourceBusy | K::ExecutableFileBusy => {
            "sedang dipakai program lain; tutup program itu lalu ulangi".into()
        }
        K::DirectoryNotEmpty => "folder itu tidak kosong; pilih folder kosong atau nama lain".into(),
        K::QuotaExceeded => "kuota disk pengguna ini habis; kosongkan ruang lalu ulangi".into(),
        K::OutOfMemory => "memori tidak cukup; tutup program lain lalu ulangi".into(),
        _ => format!("galat sistem: {e}"),
    }
}

/// A zip archive error in plain Indonesian (the zip crate speaks of EOCD
/// records and checksums).
pub fn plain_zip(e: &zip::result::ZipError) -> String {
    use zip::result::ZipError as Z;
    match e {
        Z::Io(io) => plain_io(io),
        Z::InvalidArchive(_) => "bukan berkas zip yang utuh (mungkin terpotong saat diunduh atau disalin, \
             atau bukan zip sama sekali); minta kirim ulang atau unduh ulang"
            .into(),
        Z::UnsupportedArchive(_) => {
            "memakai fitur zip yang tidak didukung (misalnya kata sandi); buat ulang zip tanpa kata sandi".into()
        }
        Z::FileNotFound => "entri yang dicari tidak ada di dalam zip".into(),
        _ => "berkas zip rusak; minta kirim ulang".into(),
    }
}

/// What a user may agree to that an import refuses by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// A packet older than one already imported, or the same one again
    /// (`--allow-older`): it would bring back what it held then.
    OlderPacket,
    /// A packet signed by another key than the sender's earlier packets
    /// (`--accept-new-key`).
    NewKey,
    /// A template that is neither official nor known to this workspace
    /// (`--accept-template`): the evaluator's scores would use it.
    UnknownTemplate,
    /// A new unit whose code or name reads like one already here
    /// (`--accept-look-alike`): it may be posing as that unit.
    LookAlikeUnit,
}

pub use daduk_domain::error::{RowError, RowErrors};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn something_that_exists_is_not_a_change_made_elsewhere() {
        // The app shows "Data berubah di tempat lain" for a conflict; a year
        // that already has an assessment is not one.
        let exists = Error::Exists {
            what: "penilaian",
            key: "DINKES 2024".into(),
            hint: String::new(),
        };
        assert_eq!(exists.kind(), ErrorKind::Exists);
    }

    #[test]
    fn system_errors_read_as_plain_indonesian_with_the_next_step() {
        let gone = Error::io("/tmp/laporan.pdf", io::Error::from(io::ErrorKind::NotFound));
        let text = gone.to_string();
        // What to do, in words both faces can use (no button, no flag).
        assert!(
            text.contains("tidak ada") && text.contains("periksa letak"),
            "{text}"
        );
        assert!(!text.contains("tombol"), "{text}");
        assert!(!text.contains("os error"), "{text}");
        // Nothing English is chained below it for the CLI to print.
        assert!(std::error::Error::source(&gone).is_none());

        // What a sync's connection meets: said in Indonesian, never the
        // system's English.
        for kind in [
            io::ErrorKind::ConnectionRefused,
            io::ErrorKind::ConnectionReset,
            io::ErrorKind::ConnectionAborted,
            io::ErrorKind::TimedOut,
            io::ErrorKind::HostUnreachable,
            io::ErrorKind::NetworkUnreachable,
            io::ErrorKind::BrokenPipe,
            io::ErrorKind::Interrupted,
            io::ErrorKind::ResourceBusy,
        ] {
            let text = plain_io(&io::Error::from(kind));
            assert!(!text.contains("galat sistem"), "{kind:?}: {text}");
            assert!(
                text.contains("ulangi") || text.contains("coba lagi"),
                "{kind:?}: {text}"
            );
        }
        let crc = io::Error::new(io::ErrorKind::InvalidData, "Invalid checksum");
        assert!(plain_io(&crc).contains("CRC tidak cocok"));
        let eocd = zip::result::ZipError::InvalidArchive("Could not find EOCD".into());
        let text = plain_zip(&eocd);
        assert!(
            text.contains("bukan berkas zip yang utuh") && !text.contains("EOCD"),
            "{text}"
        );
    }
}
