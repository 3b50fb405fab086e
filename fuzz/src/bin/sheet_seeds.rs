//! Seeds for the worksheet targets: the base assessment exported in every
//! layout Daduk writes (its own XLSX and CSV, Lampiran III, PortalRB's
//! Jawaban), each as a file for `worksheet` and as a container for
//! `worksheet_grid`, prefixed with an option byte that lets the importer
//! detect the layout and read both sides.
//!
//! `cargo run --release --bin sheet-seeds -- seeds` (from `fuzz/`).

use std::path::PathBuf;

use daduk_workspace::Workspace;
use daduk_workspace::report::worksheet::{self, SheetFormat};
use daduk_fuzz::sheet::{UNIT, YEAR, grid, sheet_base};

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "seeds".into()));
    let base = sheet_base();
    let ws = Workspace::open(&base.dir, "seeds").expect("base workspace");
    let a = ws.assessment(UNIT, YEAR).expect("assessment");
    let files = out.join("worksheet");
    let grids = out.join("worksheet_grid");
    std::fs::create_dir_all(&files).expect("seed folder");
    std::fs::create_dir_all(&grids).expect("seed folder");
    // Option byte 2: both sides, layout detected; 64 marks a CSV.
    for (name, format, option) in [
        ("daduk.xlsx", SheetFormat::Daduk, 2u8),
        ("daduk.csv", SheetFormat::Daduk, 2 | 64),
        ("lampiran3.xlsx", SheetFormat::Lampiran3, 2),
        ("portalrb.xlsx", SheetFormat::Portalrb, 2),
    ] {
        let path = daduk_fuzz::scratch_root().join(name);
        worksheet::export(&ws, &a, &path, format, true).expect("export");
        let bytes = std::fs::read(&path).expect("exported file");
        let mut seed = vec![option];
        seed.extend_from_slice(&bytes);
        std::fs::write(files.join(name), seed).expect("seed");
        if name.ends_with(".xlsx") {
            let text = grid::from_xlsx(&bytes).expect("container");
            let mut seed = vec![option];
            seed.extend_from_slice(text.as_bytes());
            std::fs::write(grids.join(name.replace(".xlsx", ".txt")), seed).expect("seed");
        }
        println!("{name}: {} bytes", bytes.len());
    }
}
