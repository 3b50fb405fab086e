//! Any bytes under any of the names evidence files carry, through the
//! content reader (PDF text layer, Word/Excel/PowerPoint/OpenDocument XML,
//! plain text): it never panics, never keeps more than its bound of text,
//! and says why when it reads nothing.

#![no_main]

use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 8] = [
    "scan0007.pdf",
    "notula.docx",
    "daftar.xlsx",
    "paparan.pptx",
    "laporan.odt",
    "catatan.txt",
    "Dokumen (3)",
    "IMG_20260312_101522.jpg",
];

fuzz_target!(|data: &[u8]| {
    let Some((&byte, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(byte) % NAMES.len()];
    match daduk_read::read(name, bytes) {
        Ok(r) => assert!(r.text.chars().count() <= daduk_read::MAX_CHARS),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
