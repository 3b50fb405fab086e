//! Arbitrary bytes as a worksheet file (`.xlsx`, or `.csv` when the option
//! byte says so) imported into a real unit workspace with any options:
//! `import_file` returns, never panics, bounds what it inflates and reads,
//! and a refused import changes no answer, note, reference or audit entry.

#![no_main]

use libfuzzer_sys::fuzz_target;

use daduk_fuzz::sheet::{import_sheet_and_check, options, sheet_base};

fuzz_target!(|data: &[u8]| {
    let Some((&byte, file)) = data.split_first() else {
        return;
    };
    sheet_base();
    let ext = if byte & 64 != 0 { "csv" } else { "xlsx" };
    let path = daduk_fuzz::scratch_root().join(format!("input.{ext}"));
    std::fs::write(&path, file).expect("scratch file");
    import_sheet_and_check(&path, &options(byte));
});
