//! What reading a hostile spreadsheet costs in memory, measured by a
//! counting allocator. This file is its own test binary with a single test,
//! so nothing else allocates meanwhile; a limit keeps a regression from
//! eating the machine (it aborts with "memory allocation … failed" instead).
//!
//! A 1.7 KB file with one cell at `XFD1048576` once made the plan import
//! allocate 512 GiB (a dense range sized by the declared dimension), and
//! one at `AZ1048576` 1.7 GB before it was refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::System;
use std::io::Write;
use std::path::{Path, PathBuf};

use cap::Cap;
use daduk_workspace::report::worksheet::{SheetImportOptions, import_file};
use daduk_workspace::{NewUnit, Template, Workspace};

#[global_allocator]
static ALLOCATOR: Cap<System> = Cap::new(System, usize::MAX);

/// The most a hostile file may cost above what was allocated before.
const BUDGET: usize = 32 << 20;

/// A workbook of one sheet whose XML is `cells` inside `<sheetData>`, with
/// the declared dimension `dimension`.
fn workbook(dimension: &str, rows: &str, strings: &[&str]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let ns = format!(
            r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}""#
        );
        let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
        let si: String = strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect();
        for (name, text) in [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_string(),
            ),
            (
                "_rels/.rels",
                format!(r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
            ),
            (
                "xl/workbook.xml",
                format!(r#"<workbook {ns}><sheets><sheet name="Target" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ),
            (
                "xl/_rels/workbook.xml.rels",
                format!(r#"<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
            ),
            (
                "xl/sharedStrings.xml",
                format!(r#"<sst {ns}>{si}</sst>"#),
            ),
            (
                "xl/worksheets/sheet1.xml",
                format!(r#"<worksheet {ns}><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>"#),
            ),
        ] {
            z.start_file(name, o).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// A Target Prioritas header in row 1 and one number at `far`.
fn hostile(far: &str) -> Vec<u8> {
    let titles = [
        "PROGRAM",
        "IMPLEMENTASI PROGRAM",
        "JAN",
        "FEB",
        "MAR",
        "APR",
        "MEI",
        "JUN",
        "JUL",
        "AGS",
        "SEP",
        "OKT",
        "NOV",
        "DES",
    ];
    let header: String = titles
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let col = char::from(b'A' + i as u8);
            format!(r#"<c r="{col}1" t="s"><v>{i}</v></c>"#)
        })
        .collect();
    let rows =
        format!(r#"<row r="1">{header}</row><row r="1048576"><c r="{far}"><v>1</v></c></row>"#);
    workbook(&format!("A1:{far}"), &rows, &titles)
}

fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Run `read`, returning its result and an upper bound of what it
/// allocated above what was allocated before (the allocator keeps one peak
/// for the whole run, so an earlier, higher peak only makes this larger); a
/// limit stops a runaway read.
fn measured<T>(read: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATOR.allocated();
    ALLOCATOR
        .set_limit(before + (256 << 20))
        .expect("a limit above what is allocated");
    let out = read();
    ALLOCATOR.set_limit(usize::MAX).unwrap();
    (out, ALLOCATOR.max_allocated().saturating_sub(before))
}

#[test]
fn a_cell_at_the_far_end_costs_one_cell_not_its_dimension() {
    let dir = tempfile::tempdir().unwrap();
    let template = Template::default_lke();
    let ws = Workspace::create(&dir.path().join("ws"), "penguji").unwrap();
    ws.add_unit(&NewUnit {
        code: "PKM-1".into(),
        name: "Puskesmas Sukasada I".into(),
        ..NewUnit::default()
    })
    .unwrap();
    let a = ws.new_assessment("PKM-1", 2026, None).unwrap();
    // Let the workspace and template settle before measuring.
    let _ = ws.template_of(&a).unwrap();
    for far in ["XFD1048576", "AZ1048576"] {
        let bytes = hostile(far);
        assert!(bytes.len() < 2048, "{} bytes", bytes.len());
        let path = save(dir.path(), &format!("rencana-{far}.xlsx"), &bytes);
        let (plan, cost) =
            measured(|| daduk_workspace::plan::sheet::read_sheet(&template, &path, Some(1)));
        let err = plan.unwrap_err().to_string();
        assert!(
            err.contains("tabel tidak berisi baris kegiatan"),
            "{far}: {err}"
        );
        assert!(
            cost < BUDGET,
            "{far}: the plan import allocated {} MB",
            cost >> 20
        );
        let (sheet, cost) =
            measured(|| import_file(&ws, &a, &path, &SheetImportOptions::default()));
        let err = sheet.unwrap_err().to_string();
        assert!(
            err.contains("format lembar kerja tidak dikenali"),
            "{far}: {err}"
        );
        assert!(
            cost < BUDGET,
            "{far}: the worksheet import allocated {} MB",
            cost >> 20
        );
        println!(
            "{far}: {} bytes on disk, read within {} MB",
            bytes.len(),
            BUDGET >> 20
        );
    }
}
