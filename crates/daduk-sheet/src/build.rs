//! Minimal XLSX files built by hand, part by part: what the tests (here and
//! in the crates that read sheets) and the fuzz seeds feed the reader —
//! stray cells at the last address, hidden rows, uncached formulas, merged
//! regions. Compiled with the `test-support` feature only.

use std::io::Write;

/// A sheet of a hand-built workbook.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    /// The sheet's name.
    pub name: &'a str,
    /// The XML inside `<worksheet>`: `<sheetData>…</sheetData>` and more.
    pub body: &'a str,
    /// Whether the workbook hides it.
    pub hidden: bool,
}

/// An `.xlsx` made of the given sheets, shared strings and styles (cell
/// formats as `numFmtId` values; 9 is `0%`).
pub fn tiny_xlsx(parts: &[Part<'_>], strings: &[&str], formats: &[u32]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        let mut put = |name: &str, text: String| {
            z.start_file(name, o).expect("a zip in memory");
            z.write_all(text.as_bytes()).expect("a zip in memory");
        };
        let ns = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let mut types = String::from(
            r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        );
        for i in 0..parts.len() {
            types.push_str(&format!(r#"<Override PartName="/xl/worksheets/sheet{}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#, i + 1));
        }
        types.push_str("</Types>");
        put("[Content_Types].xml", types);
        put(
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        );
        let mut sheets = String::new();
        let mut rels = String::new();
        for (i, p) in parts.iter().enumerate() {
            let state = if p.hidden { r#" state="hidden""# } else { "" };
            sheets.push_str(&format!(
                r#"<sheet name="{}" sheetId="{}"{state} r:id="rId{}"/>"#,
                p.name,
                i + 1,
                i + 1
            ));
            rels.push_str(&format!(
                r#"<Relationship Id="rId{}" Type="{rel}/worksheet" Target="worksheets/sheet{}.xml"/>"#,
                i + 1,
                i + 1
            ));
        }
        let n = parts.len();
        rels.push_str(&format!(
            r#"<Relationship Id="rId{}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId{}" Type="{rel}/styles" Target="styles.xml"/>"#,
            n + 1,
            n + 2
        ));
        put(
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0"?><workbook {ns}><sheets>{sheets}</sheets></workbook>"#),
        );
        put(
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        );
        let si: String = strings
            .iter()
            .map(|s| format!("<si><t>{s}</t></si>"))
            .collect();
        put(
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0"?><sst {ns} count="{0}" uniqueCount="{0}">{si}</sst>"#,
                strings.len()
            ),
        );
        let xfs: String = std::iter::once(0)
            .chain(formats.iter().copied())
            .map(|f| format!(r#"<xf numFmtId="{f}" fontId="0" fillId="0" borderId="0" xfId="0"/>"#))
            .collect();
        put(
            "xl/styles.xml",
            format!(
                r#"<?xml version="1.0"?><styleSheet {ns}><fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="{}">{xfs}</cellXfs></styleSheet>"#,
                formats.len() + 1
            ),
        );
        for (i, p) in parts.iter().enumerate() {
            put(
                &format!("xl/worksheets/sheet{}.xml", i + 1),
                format!(
                    r#"<?xml version="1.0"?><worksheet {ns}>{}</worksheet>"#,
                    p.body
                ),
            );
        }
        z.finish().expect("a zip in memory");
    }
    out.into_inner()
}

/// One visible sheet named `Lembar1`.
pub fn one_sheet(body: &str, strings: &[&str], formats: &[u32]) -> Vec<u8> {
    tiny_xlsx(
        &[Part {
            name: "Lembar1",
            body,
            hidden: false,
        }],
        strings,
        formats,
    )
}
