//! Errors as the front end receives them: the core's Indonesian message,
//! which names the item, file or line and says what to do.

/// The result of a command; the error is a message for people.
pub type CmdResult<T> = Result<T, String>;

/// An error message of the shell itself.
pub fn fail(message: &str) -> String {
    message.to_string()
}
