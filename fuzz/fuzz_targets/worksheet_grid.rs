//! A text container turned into a well-formed `.xlsx` (see
//! `daduk_fuzz::sheet::grid`), so the fuzzer works on what the layout
//! readers see — sheet names, cell texts and numbers, merged cells, links —
//! rather than on the zip around them: Daduk's columns, the Lampiran III
//! numbering and question texts, PortalRB's Jawaban rows, the identity
//! cells. The same checks as `worksheet`.

#![no_main]

use libfuzzer_sys::fuzz_target;

use daduk_fuzz::sheet::{grid, import_sheet_and_check, options, sheet_base};

fuzz_target!(|data: &[u8]| {
    let Some((&byte, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    sheet_base();
    let Some(bytes) = grid::to_xlsx(text) else {
        return;
    };
    let path = daduk_fuzz::scratch_root().join("grid.xlsx");
    std::fs::write(&path, bytes).expect("scratch file");
    import_sheet_and_check(&path, &options(byte));
});
