//! What the spreadsheet library does not tell, read from the parts
//! themselves in one streaming pass each: where each sheet's XML is and
//! whether the sheet is hidden (`xl/workbook.xml` and its relationships),
//! and per sheet its hidden rows, the cells formatted as percentages and
//! the merged regions (bounded in number).

use std::collections::{BTreeSet, HashSet};
use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::bounded::{Deadline, Limits};
use daduk_domain::text::shown;

/// A sheet of the workbook as `workbook.xml` lists it.
#[derive(Debug, Clone)]
pub(super) struct SheetPart {
    pub name: String,
    /// The zip entry of its XML.
    pub path: String,
    pub hidden: bool,
}

/// What a sheet's own XML says beside its cells.
#[derive(Debug, Default)]
pub(super) struct SheetScan {
    /// Hidden rows, 1-based.
    pub hidden_rows: BTreeSet<u32>,
    /// Cells (1-based row, 0-based column) with a percentage format.
    pub percent: HashSet<(u32, u16)>,
    /// Merged regions (first row, first column, last row, last column).
    pub merged: Vec<(u32, u16, u32, u16)>,
    /// How many hyperlinks the sheet declares.
    pub links: usize,
}

type Archive<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// An entry's XML, found by name without regard to case (as Excel does).
fn xml<'a>(archive: &'a mut Archive<'_>, path: &str) -> Option<Reader<BufReader<impl Read + 'a>>> {
    let name = archive
        .file_names()
        .flatten()
        .find(|n| n.eq_ignore_ascii_case(path))?
        .into_owned();
    let entry = archive.by_name(&name).ok()?;
    let mut reader = Reader::from_reader(BufReader::new(entry));
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = false;
    Some(reader)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn broken(part: &str, e: impl std::fmt::Display) -> String {
    format!(
        "bagian '{}' rusak ({e}); simpan ulang sebagai Excel Workbook (.xlsx)",
        shown(part)
    )
}

/// The relationships of a part: (id, target resolved against `dir`, type).
fn relationships(
    archive: &mut Archive<'_>,
    path: &str,
    dir: &str,
) -> Vec<(String, String, String)> {
    let Some(mut reader) = xml(archive, path) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let target = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{dir}{target}"),
                    };
                    out.push((id, target, attr(&e, "Type").unwrap_or_default()));
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The sheets of the workbook in order, with their parts and visibility.
pub(super) fn workbook(bytes: &[u8], limits: &Limits) -> Result<Vec<SheetPart>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken("zip", e))?;
    // The workbook part the package names (usually `xl/workbook.xml`).
    let document = relationships(&mut archive, "_rels/.rels", "")
        .into_iter()
        .find(|(_, _, kind)| kind.ends_with("/officeDocument"))
        .map(|(_, target, _)| target)
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let (dir, file) = match document.rfind('/') {
        Some(i) => document.split_at(i + 1),
        None => ("", document.as_str()),
    };
    let rels = relationships(&mut archive, &format!("{dir}_rels/{file}.rels"), dir);
    let mut reader = xml(&mut archive, &document)
        .ok_or_else(|| broken(&document, "tidak ada di dalam berkas"))?;
    let mut sheets = Vec::new();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let name = attr(&e, "name").unwrap_or_default();
                let id = attr(&e, "id").unwrap_or_default();
                let hidden = attr(&e, "state").is_some_and(|s| s != "visible");
                let path = rels
                    .iter()
                    .find(|(i, _, _)| *i == id)
                    .map(|(_, t, _)| t.clone())
                    .unwrap_or_default();
                sheets.push(SheetPart { name, path, hidden });
                if sheets.len() > limits.sheets {
                    return Err(format!(
                        "berkas berisi lebih dari {} lembar; simpan hanya lembar yang diperlukan",
                        limits.sheets
                    ));
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => return Err(broken(&document, e)),
            _ => {}
        }
    }
    Ok(sheets)
}

/// `B12` → (12, 1): 1-based row, 0-based column.
pub(super) fn cell_ref(text: &str) -> Option<(u32, u16)> {
    let text = text.trim().trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = text[..letters].bytes().try_fold(0u32, |acc, b| {
        Some(acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1)
    })?;
    let row: u32 = text[letters..].trim_start_matches('$').parse().ok()?;
    if !(1..=16_384).contains(&col) || !(1..=1_048_576).contains(&row) {
        return None;
    }
    Some((row, u16::try_from(col - 1).ok()?))
}

/// `A1:C3` → its corners.
fn region(text: &str) -> Option<(u32, u16, u32, u16)> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (r1, c1) = cell_ref(a)?;
    let (r2, c2) = cell_ref(b)?;
    Some((r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2)))
}

/// One streaming pass over a sheet's XML.
pub(super) fn sheet(
    bytes: &[u8],
    part: &SheetPart,
    percent_styles: &HashSet<usize>,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<SheetScan, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken("zip", e))?;
    let mut out = SheetScan::default();
    let Some(mut reader) = xml(&mut archive, &part.path) else {
        return Ok(out);
    };
    let too_many = |what: &str| {
        format!(
            "lembar '{}' berisi lebih dari {} {what}; bukan lembar kerja biasa",
            shown(&part.name),
            limits.regions
        )
    };
    // Where the next row and cell are when the file leaves out `r`.
    let (mut row, mut next_col): (u32, u16) = (0, 0);
    let mut buf = Vec::new();
    let mut events = 0u32;
    loop {
        buf.clear();
        events = events.wrapping_add(1);
        if events.is_multiple_of(8192) {
            deadline.check()?;
        }
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| broken(&part.path, e))?;
        let (Event::Start(e) | Event::Empty(e)) = event else {
            if matches!(event, Event::Eof) {
                break;
            }
            continue;
        };
        match e.local_name().as_ref() {
            "row" => {
                row = attr(&e, "r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row.saturating_add(1));
                next_col = 0;
                if attr(&e, "hidden").is_some_and(|h| h == "1" || h == "true") {
                    out.hidden_rows.insert(row);
                }
            }
            "c" => {
                let (r, col) = attr(&e, "r")
                    .and_then(|r| cell_ref(&r))
                    .unwrap_or((row, next_col));
                (row, next_col) = (r, col.saturating_add(1));
                let percent = attr(&e, "s")
                    .and_then(|s| s.parse::<usize>().ok())
                    .is_some_and(|s| percent_styles.contains(&s));
                if percent && out.percent.len() < limits.cells {
                    out.percent.insert((row, col));
                }
            }
            "mergeCell" => {
                if out.merged.len() >= limits.regions {
                    return Err(too_many("sel gabungan"));
                }
                if let Some(m) = attr(&e, "ref").and_then(|r| region(&r)) {
                    out.merged.push(m);
                }
            }
            "hyperlink" => {
                out.links += 1;
                if out.links > limits.regions {
                    return Err(too_many("tautan"));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
