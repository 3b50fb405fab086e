//! The report's cover and its file details say what is true before TPI has
//! scored anything: "belum dinilai", not "Nilai TPI 0,00 … 11 syarat belum
//! terpenuhi"; the PDF carries the report's date, not 1970-01-01; a long
//! unit name in the running header is shortened with an ellipsis.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::{Ws, args};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed (Debian poppler-utils; `cargo xtask test` installs it): {e}")
    });
    assert!(out.status.success(), "{name} {args:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn before_tpi_scores_the_cover_says_belum_dinilai_with_the_real_date() {
    let ws = Ws::new();
    let name = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng Provinsi Bali \
                Bagian Pelayanan Administrasi Kependudukan Terpadu Satu Pintu";
    ws.ok(&["unit", "add", "U", "--name", name]);
    ws.ok(&["assessment", "new", "--unit", "U", "--year", "2024"]);
    ws.ok(&args(&["answer", "set"], &["P.1.i.a", "ya"]));
    let pdf = ws.path().join("laporan.pdf");
    ws.ok(&args(
        &["report"],
        &["--out", pdf.to_str().unwrap(), "--date", "2024-03-30"],
    ));
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let cover = text.split('\u{c}').next().unwrap();
    assert!(cover.contains("belum dinilai"), "{cover}");
    assert!(cover.contains("TPI belum menilai"), "{cover}");
    // The unit's own box still judges the unit's answers.
    assert_eq!(
        cover.matches("syarat belum terpenuhi").count(),
        1,
        "only the unit's box counts failed conditions: {cover}"
    );

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let created = info
        .lines()
        .find(|l| l.starts_with("CreationDate:"))
        .unwrap_or_default();
    assert!(created.contains("2024"), "{info}");
    assert!(!created.contains("1970"), "{info}");

    // Page 2's running header: the long name cut with an ellipsis, the
    // year kept.
    let page2 = text.split('\u{c}').nth(1).unwrap();
    let header = page2
        .lines()
        .find(|l| l.contains("Laporan Kelengkapan"))
        .unwrap();
    assert!(header.contains('…'), "{header}");
    assert!(header.contains("Tahun 2024"), "{header}");
}
