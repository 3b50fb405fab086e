//! Names inside a packet: readable, in LKE order, and safe on Windows (no
//! reserved characters or names, bounded length), since most units run it.

/// Longest file name written into a packet (characters). Folder names get
/// less, so a whole path stays well under Windows' 260 characters even
/// inside a deep destination folder.
pub const MAX_COMPONENT: usize = 80;

const RESERVED: [&str; 30] = [
    "CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7",
    "COM8", "COM9", "COM¹", "COM²", "COM³", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6",
    "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// A single path component made safe: reserved characters and control
/// characters become spaces, runs of spaces collapse, trailing dots and
/// spaces go, reserved device names get a `_` prefix, and the length is
/// bounded to `max` characters (keeping the extension).
pub fn safe_component(name: &str, max: usize) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let mut out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let (stem, ext) = match out.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && e.len() <= 8 && !e.contains(' ') && e.len() + 1 < max => {
            (s.to_string(), format!(".{e}"))
        }
        _ => (out.clone(), String::new()),
    };
    let budget = max.saturating_sub(ext.chars().count()).max(1);
    let mut stem: String = stem.chars().take(budget + 1).collect();
    if stem.chars().count() > budget {
        // Too long: cut after the last whole word when that keeps most of
        // it ("Penyusunan Tim", not "Penyusunan Ti"), else at the bound.
        let cut: String = stem.chars().take(budget).collect();
        let at_space = stem.chars().nth(budget) == Some(' ');
        stem = match cut.rfind(' ') {
            _ if at_space => cut,
            Some(at) if at * 2 >= cut.len() => cut[..at].to_string(),
            _ => cut,
        };
    }
    out = format!("{}{ext}", stem.trim_end_matches([' ', '.']));
    out = out.trim_end_matches([' ', '.']).trim_start().to_string();
    if out.is_empty() {
        out = "_".into();
    }
    // Windows takes the part before the first dot, trailing spaces
    // ignored, for the device name: `nul.txt` and `NUL .pdf` are both NUL.
    let base = out.split('.').next().unwrap_or("");
    if RESERVED.contains(&base.trim_end_matches(' ').to_ascii_uppercase().as_str()) {
        // Cleaned again so the prefix cannot push it past `max`; a name
        // starting with `_` is never reserved, so this recurses once.
        return safe_component(&format!("_{out}"), max);
    }
    out
}

pub use crate::text::shown;

/// Why a path inside a packet is refused, if it is.
///
/// A packet path is relative, uses `/`, has no empty, `.` or `..`
/// components, no drive letter, no backslash, no NUL, and no component that
/// Windows could not create.
pub fn unsafe_path_reason(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("nama kosong");
    }
    if path.contains('\0') {
        return Some("nama berisi karakter NUL");
    }
    if path.contains('\\') {
        return Some("nama memakai '\\' (garis miring terbalik)");
    }
    if path.starts_with('/') {
        return Some("jalur absolut");
    }
    let bytes = path.as_bytes();
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        return Some("jalur dengan huruf drive");
    }
    for component in path.split('/') {
        match component {
            "" => return Some("jalur dengan komponen kosong"),
            "." | ".." => return Some("jalur keluar folder ('..' atau '.')"),
            c if c.contains(':') => return Some("nama berisi ':'"),
            c if c.chars().any(|ch| ch.is_control()) => {
                return Some("nama berisi karakter kontrol");
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_made_safe_for_windows() {
        let cases = [
            ("SK Tim Kerja.pdf", "SK Tim Kerja.pdf"),
            ("a/b\\c:d*e?f\"g<h>i|j.pdf", "a b c d e f g h i j.pdf"),
            ("CON.txt", "_CON.txt"),
            ("nul", "_nul"),
            ("laporan. . .", "laporan"),
            ("  spasi   ganda  .docx", "spasi ganda.docx"),
            ("", "_"),
            ("...", "_"),
        ];
        for (input, expected) in cases {
            assert_eq!(safe_component(input, MAX_COMPONENT), expected, "{input:?}");
        }
        // Folder names are cut between words.
        assert_eq!(
            safe_component("P.1.i Penyusunan Tim Kerja Zona Integritas", 30),
            "P.1.i Penyusunan Tim Kerja"
        );
        let long = format!("{}.pdf", "x".repeat(300));
        let safe = safe_component(&long, MAX_COMPONENT);
        assert_eq!(safe.chars().count(), MAX_COMPONENT);
        assert!(safe.ends_with(".pdf"));
    }

    #[test]
    fn hostile_paths_are_named() {
        for (path, reason) in [
            ("../etc/passwd", "keluar folder"),
            ("evidence/../../x", "keluar folder"),
            ("/etc/passwd", "absolut"),
            ("C:/Windows/x", "drive"),
            ("c:x", "drive"),
            ("a\\..\\b", "terbalik"),
            ("a//b", "kosong"),
            ("a/./b", "keluar folder"),
            ("a\0b", "NUL"),
        ] {
            let got =
                unsafe_path_reason(path).unwrap_or_else(|| panic!("{path:?} should be refused"));
            assert!(got.contains(reason), "{path:?}: {got}");
        }
        assert_eq!(
            unsafe_path_reason("evidence/1 Manajemen Perubahan/P.1.i.a - SK.pdf"),
            None
        );
    }
}
