//! Errors as the front end receives them: the core's Indonesian message,
//! which names the item, file or line and says what to do, with its kind,
//! so the front end can treat a conflict, a full disk or a refusal that
//! needs the user's consent differently.

use daduk_workspace::{ConsentKind, ErrorKind};
use serde::Serialize;
use specta::Type;

/// A command's failure.
#[derive(Debug, Clone, Serialize, Type)]
pub struct CmdError {
    /// What kind of failure.
    pub kind: ErrorKind,
    /// For people, in Indonesian.
    pub message: String,
    /// For a refusal the user may override: what to agree to.
    pub consent: Option<ConsentKind>,
}

/// The result of a command.
pub type CmdResult<T> = Result<T, CmdError>;

impl From<daduk_workspace::Error> for CmdError {
    fn from(e: daduk_workspace::Error) -> Self {
        CmdError {
            kind: e.kind(),
            consent: e.consent(),
            message: e.to_string(),
        }
    }
}

impl From<String> for CmdError {
    fn from(message: String) -> Self {
        CmdError {
            kind: ErrorKind::Invalid,
            message,
            consent: None,
        }
    }
}

/// An error of the shell itself.
pub fn fail(message: &str) -> CmdError {
    CmdError::from(message.to_string())
}
