//! `cargo xtask bench read`: the evidence reader on a corpus of Indonesian
//! government documents it builds itself (text PDFs, DOCX, scans with skew,
//! noise and JPEG artefacts, scanned PDFs, phone photos of paper and of
//! event banners, under names that say nothing). It prints the accuracy of
//! kind, date, number and item (first; among the first three) per variant,
//! and the reader's time as a ratio against `pdftotext` for text PDFs and
//! the `tesseract` command on the same page images for OCR. The work is in
//! `crates/daduk-read/examples/read_bench`.

use std::process::Command;

use anyhow::Result;

use crate::cmd;

/// Documents in the corpus (each in every variant); `DADUK_READ_BENCH_DOCS`
/// changes it.
const DOCS: &str = "10";

pub fn run() -> Result<()> {
    cmd::step("read benchmark: building the reader (release)");
    cmd::cargo(&[
        "build",
        "--release",
        "--locked",
        "-p",
        "daduk-read",
        "--example",
        "read_bench",
    ])?;
    let out = cmd::target_dir().join("read-bench");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    let docs = std::env::var("DADUK_READ_BENCH_DOCS").unwrap_or_else(|_| DOCS.into());
    cmd::step(&format!(
        "read benchmark: {docs} documents in every variant (corpus in {})",
        out.display()
    ));
    cmd::run(
        Command::new(
            cmd::target_dir()
                .join("release")
                .join("examples")
                .join("read_bench"),
        )
        .arg(&out)
        .arg(&docs),
    )
}
