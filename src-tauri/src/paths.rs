//! Paths typed or picked in the front end, checked once at the edge.

use std::path::PathBuf;

use crate::error::CmdResult;

/// A full path from the front end; `what` names it in the message
/// (`folder ruang kerja`, `berkas laporan`).
pub fn absolute(text: &str, what: &str) -> CmdResult<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("tulis atau pilih {what}").into());
    }
    let path = PathBuf::from(text);
    if path.is_relative() {
        return Err(format!(
            "'{text}' bukan jalur lengkap untuk {what}; pilih dengan tombol Pilih"
        )
        .into());
    }
    Ok(path)
}

/// Refuse an output path that is taken: the app never writes over an
/// existing file or folder (a report already sent, a packet), whatever it
/// saves. The message names the path and what to do.
pub fn must_be_free(path: &std::path::Path) -> CmdResult<()> {
    if path.exists() {
        return Err(format!(
            "{} sudah ada; Daduk tidak menimpa berkas. Pakai nama lain (Daduk menyarankan nama yang belum dipakai)",
            path.display()
        )
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_full_paths_are_taken() {
        assert!(
            absolute("  ", "folder")
                .unwrap_err()
                .message
                .contains("tulis atau pilih folder")
        );
        assert!(
            absolute("data/zi", "folder")
                .unwrap_err()
                .message
                .contains("bukan jalur lengkap")
        );
        let full = std::env::temp_dir().join("zi");
        assert_eq!(
            absolute(&full.display().to_string(), "folder").unwrap(),
            full
        );
    }
}
