//! The one rule for a unit code (`DINKES-BLL`, `PKM-1`), used by the
//! desktop, the CLI, packets, sync and the server alike: a code that passes
//! on one side passes on the other.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest unit code, in characters (all ASCII).
pub const MAX_UNIT_CODE: usize = 32;

/// A unit's code: 1–32 ASCII letters, digits, `.`, `-`, `_`, starting with a
/// letter or digit, not ending with `.`, and not a name Windows keeps for a
/// device (`CON`, `NUL`, `COM1`, …), since codes become folder names in
/// packets and exports.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnitCode(String);

/// Why a text is not a unit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitCodeError {
    /// Empty (or only spaces).
    Empty,
    /// Longer than [`MAX_UNIT_CODE`].
    TooLong,
    /// Holds a character other than ASCII letters, digits, `.`, `-`, `_`
    /// (a space among them).
    BadCharacter {
        /// The text holds a space.
        space: bool,
    },
    /// Starts with `.`, `-` or `_` (`..`, `-rf`, `.hidden`).
    BadStart,
    /// Ends with `.` (Windows drops it from folder names, so `A.` and `A`
    /// would be one folder).
    TrailingDot,
    /// A device name Windows reserves (`CON`, `PRN`, `AUX`, `NUL`,
    /// `COM0`–`COM9`, `LPT0`–`LPT9`), with or without an extension.
    Reserved,
}

impl UnitCode {
    /// Check `text` (surrounding spaces are not trimmed: a caller that
    /// accepts typed text trims first).
    pub fn parse(text: &str) -> Result<UnitCode, UnitCodeError> {
        check(text)?;
        Ok(UnitCode(text.to_string()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn check(text: &str) -> Result<(), UnitCodeError> {
    if text.trim().is_empty() {
        return Err(UnitCodeError::Empty);
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(UnitCodeError::BadCharacter {
            space: text.contains(' '),
        });
    }
    if text.len() > MAX_UNIT_CODE {
        return Err(UnitCodeError::TooLong);
    }
    if !text.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(UnitCodeError::BadStart);
    }
    if text.ends_with('.') {
        return Err(UnitCodeError::TrailingDot);
    }
    if reserved_on_windows(text) {
        return Err(UnitCodeError::Reserved);
    }
    Ok(())
}

/// `CON`, `con.txt`, `COM1`, `lpt9.x`: names Windows gives to devices.
fn reserved_on_windows(text: &str) -> bool {
    let stem = text.split('.').next().unwrap_or(text).to_ascii_uppercase();
    match stem.as_str() {
        "CON" | "PRN" | "AUX" | "NUL" => true,
        s if s.len() == 4 && (s.starts_with("COM") || s.starts_with("LPT")) => {
            s.as_bytes()[3].is_ascii_digit()
        }
        _ => false,
    }
}

impl fmt::Display for UnitCodeError {
    /// What is wrong, in Indonesian, and how to write a code instead.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = "pakai 1–32 huruf, angka, '.', '-' atau '_', diawali huruf atau angka (misalnya DINKES-BLL)";
        match self {
            UnitCodeError::Empty => write!(
                f,
                "kode unit wajib diisi: singkatan pendek tanpa spasi, misalnya DINKES-BLL"
            ),
            UnitCodeError::TooLong => {
                write!(f, "kode unit lebih dari {MAX_UNIT_CODE} karakter; {how}")
            }
            UnitCodeError::BadCharacter { space: true } => {
                write!(f, "kode unit berisi spasi; ganti spasi dengan '-'; {how}")
            }
            UnitCodeError::BadCharacter { space: false } => {
                write!(f, "kode unit berisi karakter yang tidak boleh; {how}")
            }
            UnitCodeError::BadStart => {
                write!(f, "kode unit tidak boleh diawali '.', '-' atau '_'; {how}")
            }
            UnitCodeError::TrailingDot => write!(f, "kode unit tidak boleh diakhiri '.'; {how}"),
            UnitCodeError::Reserved => write!(
                f,
                "kode unit itu nama perangkat yang dicadangkan Windows (CON, PRN, AUX, NUL, COM1, LPT1, …) sehingga tidak dapat menjadi nama folder; pilih kode lain"
            ),
        }
    }
}

impl std::error::Error for UnitCodeError {}

impl fmt::Display for UnitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UnitCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for UnitCode {
    type Error = UnitCodeError;
    fn try_from(s: String) -> Result<UnitCode, UnitCodeError> {
        check(&s)?;
        Ok(UnitCode(s))
    }
}

impl From<UnitCode> for String {
    fn from(c: UnitCode) -> String {
        c.0
    }
}

impl PartialEq<str> for UnitCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for UnitCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_in_one_table() {
        let good = [
            "DINKES-BLL",
            "PKM-1",
            "a",
            "U.1_b",
            "CONSOLE",
            "COMA",
            "COM10",
            "A..B",
            &"A".repeat(32),
        ];
        for code in good {
            assert_eq!(
                UnitCode::parse(code).map(|c| c.to_string()),
                Ok(code.to_string())
            );
        }
        let bad: [(&str, UnitCodeError); 16] = [
            ("", UnitCodeError::Empty),
            ("  ", UnitCodeError::Empty),
            (&"A".repeat(33), UnitCodeError::TooLong),
            ("DINKES BLL", UnitCodeError::BadCharacter { space: true }),
            ("DİNKES", UnitCodeError::BadCharacter { space: false }),
            ("A\u{200b}B", UnitCodeError::BadCharacter { space: false }),
            ("a/b", UnitCodeError::BadCharacter { space: false }),
            ("..", UnitCodeError::BadStart),
            (".", UnitCodeError::BadStart),
            ("-rf", UnitCodeError::BadStart),
            ("_x", UnitCodeError::BadStart),
            ("DINKES-BLL.", UnitCodeError::TrailingDot),
            ("CON", UnitCodeError::Reserved),
            ("nul.txt", UnitCodeError::Reserved),
            ("Com1", UnitCodeError::Reserved),
            ("LPT9.a", UnitCodeError::Reserved),
        ];
        for (code, why) in bad {
            assert_eq!(UnitCode::parse(code), Err(why), "{code:?}");
            assert!(!why.to_string().is_empty());
        }
    }

    #[test]
    fn json_is_checked_on_the_way_in() {
        let c: UnitCode = serde_json::from_str("\"PKM-1\"").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"PKM-1\"");
        assert!(serde_json::from_str::<UnitCode>("\"-rf\"").is_err());
        assert!(serde_json::from_str::<UnitCode>(&format!("\"{}\"", "A".repeat(40))).is_err());
    }
}
