//! An independent check of a workbook's formulas: LibreOffice Calc
//! recalculates it headless. Every cached formula result is first replaced
//! by 999, and LibreOffice is told to recalculate on load, so what comes
//! back is LibreOffice's arithmetic, not Daduk's.
//!
//! Needs `soffice` (Debian `libreoffice-calc-nogui`, installed by `cargo
//! xtask test`).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};

/// The recalculated values of a sheet, with the row of each code in A.
pub struct Values {
    /// Row (zero-based) of each code written in column A.
    pub rows: HashMap<String, u32>,
    cells: HashMap<(u32, u16), Data>,
}

impl Values {
    pub fn number(&self, row: u32, col: u16) -> Option<f64> {
        match self.cells.get(&(row, col))? {
            Data::Float(x) => Some(*x),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn text(&self, row: u32, col: u16) -> String {
        self.cells
            .get(&(row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

/// Replace every cached formula result in the workbook's sheets by 999.
fn poison(xlsx: &Path, out: &Path) -> usize {
    let file = std::fs::File::open(xlsx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let mut poisoned = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        if name.starts_with("xl/worksheets/sheet") {
            let text = String::from_utf8(bytes).unwrap();
            let mut result = String::with_capacity(text.len());
            let mut rest = text.as_str();
            while let Some(at) = rest.find("</f><v>") {
                let start = at + "</f><v>".len();
                let end = start + rest[start..].find("</v>").unwrap();
                result.push_str(&rest[..start]);
                result.push_str("999");
                rest = &rest[end..];
                poisoned += 1;
            }
            result.push_str(rest);
            bytes = result.into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    poisoned
}

/// A LibreOffice profile that recalculates OOXML files on load.
fn profile(dir: &Path) -> PathBuf {
    let user = dir.join("lo-profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    dir.join("lo-profile")
}

/// Recalculate `xlsx` with LibreOffice and read back its first sheet.
pub fn recalculated(xlsx: &Path, dir: &Path) -> Values {
    let input = dir.join("poisoned.xlsx");
    let n = poison(xlsx, &input);
    assert!(n > 100, "only {n} formulas found");
    let out = dir.join("recalculated");
    std::fs::create_dir_all(&out).unwrap();
    let profile = profile(dir);
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "soffice (LibreOffice Calc) is needed to check the worksheet's formulas: {e}; \
                 run `cargo xtask test` or `apt-get install libreoffice-calc-nogui`"
            )
        });
    assert!(
        status.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(out.join("poisoned.xlsx")).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut rows = HashMap::new();
    let mut cells = HashMap::new();
    for (r, c, d) in range.used_cells() {
        let (r, c) = (
            r as u32 + range.start().unwrap().0,
            c as u16 + range.start().unwrap().1 as u16,
        );
        if c == 0
            && let Data::String(s) = d
        {
            rows.insert(s.clone(), r);
        }
        cells.insert((r, c), d.clone());
    }
    Values { rows, cells }
}
