//! Text from outside (packets, worksheets, files, other processes) as it may
//! be stored and shown.
//!
//! A name is one line of ordinary characters: a control character or a
//! bidirectional override in it can only mislead (an escape sequence can
//! clear the terminal that prints it and draw a fake verdict; U+202E can
//! turn `fdp.exe` into what reads as `exe.pdf`). Such text is refused where
//! it enters and escaped wherever it is printed.

/// Characters that reorder the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep(c) || !(c.is_control() || is_bidi_control(c)) {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out
}

/// One line of outside text as a message may show it: control and
/// bidirectional characters escaped (`\u{1b}`).
pub fn shown(text: &str) -> String {
    escaped(text, |_| false)
}

/// Text of several lines as it may be printed: like [`shown`], but line
/// breaks and tabs stay.
pub fn shown_lines(text: &str) -> String {
    escaped(text, |c| matches!(c, '\n' | '\t'))
}

fn first_bad(text: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    text.chars()
        .find(|&c| !allowed(c) && (c.is_control() || is_bidi_control(c)))
}

/// Refuse a one-line field (a name, a title, a code) holding a control or
/// bidirectional character. `field` names it in the message.
pub fn check_line(field: &str, text: &str) -> Result<(), String> {
    match first_bad(text, |_| false) {
        None => Ok(()),
        Some(c) => Err(format!(
            "{field} '{}' memuat karakter kendali ({}); tulis ulang tanpa karakter itu",
            shown(text),
            shown(&c.to_string())
        )),
    }
}

/// Refuse a multi-line field (a note) holding a control or bidirectional
/// character other than a line break or a tab.
pub fn check_lines(field: &str, text: &str) -> Result<(), String> {
    match first_bad(text, |c| matches!(c, '\n' | '\r' | '\t')) {
        None => Ok(()),
        Some(c) => Err(format!(
            "{field} memuat karakter kendali ({}); tulis ulang tanpa karakter itu",
            shown(&c.to_string())
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_drive_a_terminal_or_reorder_text() {
        assert_eq!(shown("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(shown("laporan\u{202e}fdp.exe"), "laporan\\u{202e}fdp.exe");
        assert_eq!(shown("baris\nbaru"), "baris\\u{a}baru");
        assert_eq!(shown_lines("baris\nbaru\tx\u{7}"), "baris\nbaru\tx\\u{7}");
        assert_eq!(
            shown("Dinas Kesehatan — Bulèlèng"),
            "Dinas Kesehatan — Bulèlèng"
        );
    }

    #[test]
    fn refuses_control_characters_where_text_enters() {
        assert!(check_line("nama unit", "Dinas Kesehatan").is_ok());
        let err = check_line("nama unit", "Dinas\u{1b}[2J").unwrap_err();
        assert!(
            err.contains("nama unit") && err.contains("\\u{1b}"),
            "{err}"
        );
        assert!(!err.contains('\u{1b}'));
        assert!(check_line("judul", "a\nb").is_err());
        assert!(check_lines("catatan", "a\r\nb\tc").is_ok());
        assert!(check_lines("catatan", "a\u{202e}b").is_err());
    }
}
