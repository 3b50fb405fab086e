//! Text from outside (packets, worksheets, files, other processes, people
//! typing) as it may be stored and shown: one rule per kind of field, used
//! at every way in (the CLI, the app's commands, worksheet and CSV imports,
//! packets, sync).
//!
//! - A **one-line field** (a name, a title, a code, a PIC) is ordinary
//!   characters only: a control character can clear the terminal that
//!   prints it and draw a fake verdict; a bidirectional override can turn
//!   `fdp.exe` into what reads as `exe.pdf`; a zero-width character makes
//!   two names that look the same differ (`DINKES\u{200b}-BLL`).
//! - A **multi-line field** (a note, a reason, a kendala) may also hold line
//!   breaks and tabs, and zero-width joiners (emoji, some scripts need
//!   them), but no other control character and no bidirectional control.
//! - Both are at most [`MAX_TEXT`] characters, whichever way they come.
//!
//! Such text is refused where it enters, naming the field, and escaped
//! wherever it is printed.

/// The longest text any field takes (characters): the one bound for every
/// way text enters (the CLI, the app, worksheets, packets, sync).
pub const MAX_TEXT: usize = 4000;

/// Characters that reorder the text around them.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// Characters that show nothing (or a blank indistinguishable from none):
/// two names differing only by one look the same.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
    )
}

/// A character that can change what a reader sees without being seen: a
/// bidirectional control or an invisible one.
pub(crate) fn misleading(c: char) -> bool {
    is_bidi_control(c) || is_invisible(c)
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

/// `Err` when `text` is longer than [`MAX_TEXT`] characters.
fn check_length(field: &str, text: &str) -> Result<(), String> {
    // Counting stops at the bound: a megabyte of text costs no more than
    // the bound to refuse.
    if text.chars().nth(MAX_TEXT).is_none() {
        return Ok(());
    }
    Err(format!(
        "{field} terlalu panjang ({} karakter; batas {MAX_TEXT}); ringkas teksnya",
        text.chars().count()
    ))
}

/// Refuse a one-line field (a name, a title, a code) holding a control,
/// bidirectional or invisible character, or longer than [`MAX_TEXT`].
/// `field` names it in the message.
pub fn check_line(field: &str, text: &str) -> Result<(), String> {
    check_length(field, text)?;
    let bad = first_bad(text, |_| false).or_else(|| text.chars().find(|&c| is_invisible(c)));
    match bad {
        None => Ok(()),
        Some(c) => Err(format!(
            "{field} '{}' memuat karakter kendali atau tak terlihat ({}); tulis ulang tanpa karakter itu",
            shown_plain(text),
            shown_plain(&c.to_string())
        )),
    }
}

/// Refuse a multi-line field (a note) holding a control or bidirectional
/// character other than a line break or a tab, or longer than
/// [`MAX_TEXT`].
pub fn check_lines(field: &str, text: &str) -> Result<(), String> {
    check_length(field, text)?;
    match first_bad(text, |c| matches!(c, '\n' | '\r' | '\t')) {
        None => Ok(()),
        Some(c) => Err(format!(
            "{field} memuat karakter kendali ({}); tulis ulang tanpa karakter itu",
            shown(&c.to_string())
        )),
    }
}

/// A one-line field as typed, ready to store: trimmed, then checked by
/// [`check_line`].
pub fn line(field: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    check_line(field, t)?;
    Ok(t.to_string())
}

/// A multi-line field as typed, ready to store: trimmed, then checked by
/// [`check_lines`].
pub fn lines(field: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    check_lines(field, t)?;
    Ok(t.to_string())
}

/// Like [`shown`], with invisible characters escaped too, so a message can
/// point at one.
fn shown_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || is_bidi_control(c) || is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// What a text looks like, for telling look-alikes apart: two texts with
/// the same skeleton read the same to a person (`DlNKES-BLL`, `DINKES-BLL.`,
/// `dinkes_bll` and `DINKES-BLL` do). Accents and compatibility forms are
/// folded (NFKD), invisible and control characters dropped, case ignored,
/// letters that share a shape made one (`l`/`I`/`1`/`|`, `O`/`0`, `S`/`5`,
/// `rn`/`m`, `vv`/`w`, Cyrillic and Greek twins of Latin letters), and every
/// run of separators (spaces, `-`, `_`, `.`) one `-`, none at the ends.
pub fn skeleton(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    let mut folded = String::with_capacity(text.len());
    let mut separator = false;
    for c in text.nfkd() {
        if is_combining_mark(c) || c.is_control() || misleading(c) {
            continue;
        }
        if c.is_whitespace() || (c.is_ascii_punctuation() && c != '|' && c != '!') || is_dash(c) {
            separator = !folded.is_empty();
            continue;
        }
        if separator {
            folded.push('-');
            separator = false;
        }
        for lower in c.to_lowercase() {
            folded.push(twin(lower));
        }
    }
    folded.replace("rn", "m").replace("vv", "w")
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' | '\u{b7}'
    )
}

/// The Latin letter a lowercase character is mistaken for.
fn twin(c: char) -> char {
    match c {
        '1' | 'i' | '|' | '!' | 'ı' | 'ι' | 'і' | 'ӏ' | 'ɩ' => 'l',
        '0' | 'ο' | 'о' | 'σ' => 'o',
        '5' | 'ѕ' => 's',
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'е' | 'ε' | 'ё' => 'e',
        'к' | 'κ' => 'k',
        'м' | 'μ' => 'm',
        'н' | 'η' => 'h',
        'ν' => 'v',
        'р' | 'ρ' => 'p',
        'с' | 'ϲ' => 'c',
        'т' | 'τ' => 't',
        'у' | 'γ' | 'υ' => 'y',
        'х' | 'χ' => 'x',
        'ј' => 'j',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ζ' => 'z',
        other => other,
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

    /// One table: what each kind of field takes and refuses.
    #[test]
    fn one_rule_per_kind_of_field() {
        // (text, one-line field takes it, multi-line field takes it)
        let cases: &[(&str, bool, bool)] = &[
            ("Dinas Kesehatan Buleleng", true, true),
            ("=HYPERLINK(\"x\")", true, true),
            ("Bulèlèng — 🏥", true, true),
            ("baris\nbaru", false, true),
            ("kolom\tkolom", false, true),
            ("baris\r\nbaru", false, true),
            ("esc\u{1b}[2J", false, false),
            ("nul\0", false, false),
            ("del\u{7f}", false, false),
            ("c1\u{85}", false, false),
            ("laporan\u{202e}fdp.exe", false, false),
            ("isolasi\u{2067}x\u{2069}", false, false),
            ("tanda arab\u{61c}", false, false),
            ("DINKES\u{200b}-BLL", false, true),
            ("keluarga 👨\u{200d}👩\u{200d}👧", false, true),
            ("bom\u{feff}", false, true),
            ("lunak\u{ad}", false, true),
        ];
        for (text, one, many) in cases {
            assert_eq!(check_line("nama", text).is_ok(), *one, "one line: {text:?}");
            assert_eq!(
                check_lines("catatan", text).is_ok(),
                *many,
                "lines: {text:?}"
            );
        }
    }

    #[test]
    fn one_bound_for_every_field_named_in_the_message() {
        let at = "x".repeat(MAX_TEXT);
        assert!(check_line("penanggung jawab", &at).is_ok());
        assert!(check_lines("catatan", &at).is_ok());
        let over = "x".repeat(100_000);
        for err in [
            check_line("penanggung jawab butir P.1.i.a", &over).unwrap_err(),
            check_lines("catatan", &over).unwrap_err(),
        ] {
            assert!(
                err.contains("100000 karakter") && err.contains("batas 4000"),
                "{err}"
            );
        }
        assert!(
            check_line("penanggung jawab butir P.1.i.a", &over)
                .unwrap_err()
                .starts_with("penanggung jawab butir P.1.i.a")
        );
    }

    #[test]
    fn typed_text_is_trimmed_then_checked() {
        assert_eq!(line("nama", "  Unit  ").unwrap(), "Unit");
        assert_eq!(lines("catatan", "\n a\nb \n").unwrap(), "a\nb");
        let err = line("nama", "DINKES\u{200b}-BLL").unwrap_err();
        assert!(
            err.contains("\\u{200b}") && !err.contains('\u{200b}'),
            "{err}"
        );
        assert!(
            lines("catatan", "a\u{1b}b")
                .unwrap_err()
                .starts_with("catatan")
        );
    }

    /// Texts that read the same share a skeleton; texts that read
    /// differently do not.
    #[test]
    fn look_alikes_share_a_skeleton() {
        let same: &[(&str, &str)] = &[
            ("DlNKES-BLL", "DINKES-BLL"),
            ("DINKES-BLL.", "DINKES-BLL"),
            ("dinkes_bll", "DINKES-BLL"),
            ("DINKES--BLL", "DINKES-BLL"),
            ("D1NKES-BLL", "DINKES-BLL"),
            ("PKM-O1", "PKM-01"),
            (
                "Dinas Kesehatan\u{200b} Buleleng",
                "Dinas Kesehatan Buleleng",
            ),
            ("Dinas  Kesehatan Buleleng ", "dinas kesehatan buleleng"),
            ("Bulèlèng", "Buleleng"),
            ("Dinаs Kesehatan", "Dinas Kesehatan"), // Cyrillic а
            ("Puskesmas Sukasada I", "Puskesmas Sukasada 1"),
            ("Modern", "Modem"),
            ("ＤＩＮＫＥＳ", "DINKES"),
        ];
        for (a, b) in same {
            assert_eq!(skeleton(a), skeleton(b), "{a:?} vs {b:?}");
        }
        let different: &[(&str, &str)] = &[
            ("DINKES-BLL", "DINKES-BDG"),
            ("PKM-1", "PKM-2"),
            ("Puskesmas Sukasada I", "Puskesmas Sukasada II"),
            ("DINKES-BLL", "DINKESBLL-2"),
        ];
        for (a, b) in different {
            assert_ne!(skeleton(a), skeleton(b), "{a:?} vs {b:?}");
        }
    }
}
