//! The domain's error: what a rule refuses. Messages are Indonesian, for
//! the people who read them in the app, on the command line and on the
//! server; they name the item or row and say what to do. The faces and the
//! workspace wrap it in their own errors (files, databases, HTTP).

use std::fmt;

use crate::answer::AnswerError;
use crate::template::TemplateError;

/// Result with the domain's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What a domain rule refuses.
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
        /// What kind of thing (`butir`, `jenis`, ...).
        what: &'static str,
        /// Its key.
        key: String,
        /// What to do, starting with "; ".
        hint: String,
    },
}

impl Error {
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
}

/// One bad row of an import.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// 1-based line (or worksheet row) number.
    pub line: usize,
    /// The item code as written, when there is one.
    pub item: String,
    /// The value as written.
    pub value: String,
    /// Why it was refused.
    pub reason: String,
}

/// Every bad row of an import; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowErrors {
    /// The file.
    pub file: String,
    /// The bad rows, in order.
    pub rows: Vec<RowError>,
}

impl fmt::Display for RowErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: {} baris bermasalah, tidak ada yang disimpan:",
            self.file,
            self.rows.len()
        )?;
        for r in &self.rows {
            let item = if r.item.is_empty() { "-" } else { &r.item };
            writeln!(
                f,
                "  baris {}: butir {item}, nilai '{}': {}",
                r.line, r.value, r.reason
            )?;
        }
        write!(f, "Perbaiki baris di atas lalu impor ulang.")
    }
}

impl std::error::Error for RowErrors {}
