//! The database's failures, kept inside the store: the rest of the core and
//! its faces see an opaque [`DbError`] with a kind and an Indonesian
//! message, never the driver's types.

use std::fmt;

use rusqlite::ErrorCode as Code;

use crate::error::{DISK_FULL, DISK_WRITE, Error, ErrorKind};

/// A failure of the workspace database.
#[derive(Debug)]
pub struct DbError(rusqlite::Error);

impl DbError {
    /// What kind of failure it is.
    pub fn kind(&self) -> ErrorKind {
        match &self.0 {
            rusqlite::Error::SqliteFailure(f, _) => match f.code {
                Code::DiskFull => ErrorKind::DiskFull,
                Code::DatabaseBusy | Code::DatabaseLocked => ErrorKind::Busy,
                Code::ReadOnly => ErrorKind::ReadOnly,
                Code::NotADatabase | Code::DatabaseCorrupt => ErrorKind::Corrupt,
                Code::ConstraintViolation => ErrorKind::Conflict,
                Code::SystemIoFailure if is_write_failure(f.extended_code) => ErrorKind::DiskFull,
                _ => ErrorKind::Io,
            },
            _ => ErrorKind::Corrupt,
        }
    }
}

/// A full disk often reaches SQLite as an I/O error: the WAL index (-shm)
/// or the WAL itself could not grow.
fn is_write_failure(extended: std::ffi::c_int) -> bool {
    [
        rusqlite::ffi::SQLITE_IOERR_SHMSIZE,
        rusqlite::ffi::SQLITE_IOERR_WRITE,
        rusqlite::ffi::SQLITE_IOERR_FSYNC,
        rusqlite::ffi::SQLITE_IOERR_TRUNCATE,
    ]
    .contains(&extended)
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rusqlite::Error::SqliteFailure(failure, _) = &self.0 else {
            return self.0.fmt(f);
        };
        match failure.code {
            Code::DiskFull => f.write_str(DISK_FULL),
            Code::DatabaseBusy | Code::DatabaseLocked => f.write_str(
                "ruang kerja sedang dipakai proses lain terlalu lama; ulangi sebentar lagi",
            ),
            Code::ReadOnly => f.write_str("ruang kerja hanya-baca; pilih folder yang bisa ditulis"),
            Code::NotADatabase => {
                f.write_str("berkas daduk.sqlite rusak atau bukan basis data Daduk")
            }
            Code::SystemIoFailure if is_write_failure(failure.extended_code) => {
                f.write_str(DISK_WRITE)
            }
            _ => self.0.fmt(f),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Db(DbError(e))
    }
}
