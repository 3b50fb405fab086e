//! Reading an evidence file by its content: the text of a PDF's text layer,
//! of a Word/Excel/PowerPoint file and of their OpenDocument kin, and of a
//! plain text file. What a file is comes from its bytes, not its name.
//!
//! Every file is hostile until read: its size is bounded before anything is
//! parsed, a zip's entries are inflated to a bound (a zip bomb stops there),
//! XML is read as a stream (no depth to exhaust), text is kept to
//! [`MAX_CHARS`], and a PDF parser that panics on a malformed file is
//! caught — the file is "tidak terbaca", with why, and nothing else stops.
//!
//! Pictures (scans, phone photos) and PDF pages without a text layer are
//! read by OCR ([`ocr`]): decoded and straightened here, read by the
//! Tesseract command in a child process with a deadline. Where no engine is
//! installed they are reported as such, so that the caller can say so and
//! read them again once it can.

pub mod ocr;
mod pdf;

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Bumped when reading changes what it gets from a file: texts read by an
/// older reader are read again.
pub const READER_VERSION: i64 = 2;

/// The largest file read.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The most characters of text kept from one file.
pub const MAX_CHARS: usize = 2_000_000;

/// The most scanned pages of one PDF read by OCR (enough to know what a
/// document is; a 200-page scanned report is not read whole).
pub const MAX_OCR_PAGES: usize = 30;

/// The most bytes one zip entry may inflate to.
const MAX_ENTRY_BYTES: u64 = 32 << 20;

/// The most zip entries looked at (slides, sheets).
const MAX_PARTS: usize = 400;

/// A file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The text, at most [`MAX_CHARS`] characters; empty when the file has
    /// none (a scan).
    pub text: String,
    /// What the file was read as.
    pub format: Format,
    /// Whether the text came from OCR.
    pub ocr: bool,
}

/// What a file is, by its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF.
    Pdf,
    /// Word (DOCX).
    Docx,
    /// Excel (XLSX).
    Xlsx,
    /// PowerPoint (PPTX).
    Pptx,
    /// OpenDocument text, sheet or presentation.
    OpenDocument,
    /// Plain text.
    Text,
    /// A picture (JPEG, PNG, …).
    Image,
}

impl Format {
    /// How people call it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word",
            Format::Xlsx => "Excel",
            Format::Pptx => "PowerPoint",
            Format::OpenDocument => "OpenDocument",
            Format::Text => "teks",
            Format::Image => "gambar",
        }
    }
}

/// Why a file has no text to give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A kind of file this reader does not read (with what it is).
    Unsupported(String),
    /// It should be readable but is not (damaged, too large, hostile).
    Failed(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Unsupported(why) | Unreadable::Failed(why) => f.write_str(why),
        }
    }
}

/// What the bytes are.
pub fn sniff(bytes: &[u8], file_name: &str) -> Option<Format> {
    let ext = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(b"%PDF") || (bytes.len() > 1024 && find(&bytes[..1024], b"%PDF-")) {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.len() > 12 && &bytes[4..8] == b"ftyp")
        || (bytes.starts_with(b"RIFF") && bytes.len() > 12 && &bytes[8..12] == b"WEBP")
        || bytes.starts_with(b"BM")
    {
        return Some(Format::Image);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return match ext.as_str() {
            "docx" | "docm" => Some(Format::Docx),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "pptx" | "pptm" => Some(Format::Pptx),
            "odt" | "ods" | "odp" => Some(Format::OpenDocument),
            // A zip named otherwise: its entries tell.
            _ => None,
        };
    }
    if matches!(ext.as_str(), "txt" | "csv" | "md") && std::str::from_utf8(bytes).is_ok() {
        return Some(Format::Text);
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Read a file's text from its bytes.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<Reading, Unreadable> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Unreadable::Failed(format!(
            "berkas {} MiB; yang dibaca paling besar {} MiB",
            bytes.len() >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    let format = match sniff(bytes, file_name) {
        Some(f) => f,
        None if bytes.starts_with(b"PK\x03\x04") => zip_format(bytes)?,
        None => {
            return Err(Unreadable::Unsupported(
                "jenis berkas ini tidak dibaca isinya (PDF, Word, Excel, PowerPoint, OpenDocument dan teks yang dibaca)"
                    .into(),
            ));
        }
    };
    let (text, ocr) = match format {
        Format::Pdf => pdf_text(bytes)?,
        Format::Docx | Format::Xlsx | Format::Pptx | Format::OpenDocument => {
            (office_text(bytes, format)?, false)
        }
        Format::Text => (String::from_utf8_lossy(bytes).into_owned(), false),
        Format::Image => {
            let picture = ocr::picture::decode(bytes)?;
            let engine = ocr::Engine::get().map_err(Unreadable::Unsupported)?;
            (engine.read_page(picture)?.text, true)
        }
    };
    Ok(Reading {
        text: clean(&text),
        format,
        ocr,
    })
}

/// The text as kept: control characters out (but line breaks and tabs),
/// trailing spaces off each line, runs of blank lines cut to one, at most
/// [`MAX_CHARS`] characters.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_CHARS * 2));
    let mut chars = 0usize;
    let mut blank_run = 0;
    'lines: for line in text.lines() {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        for c in line.chars().chain(std::iter::once('\n')) {
            if chars >= MAX_CHARS {
                break 'lines;
            }
            out.push(c);
            chars += 1;
        }
    }
    out.trim().to_string()
}

thread_local! {
    /// Whether this thread is inside a parser whose panics are caught.
    static CAUGHT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run a parser that may panic on hostile input, catching the panic — and
/// keeping its message off the terminal: the process's panic hook is
/// wrapped once to stay quiet for this thread while it runs, and to speak
/// as before everywhere else.
fn caught<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CAUGHT.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    CAUGHT.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CAUGHT.with(|c| c.set(false));
    result
}

/// A PDF's text: its text layer, and OCR of its scanned pages (whether
/// any text came from OCR). A scan with no engine to read it says why; a
/// page OCR fails on leaves the others read, unless it was the only text.
fn pdf_text(bytes: &[u8]) -> Result<(String, bool), Unreadable> {
    let engine = ocr::Engine::get();
    let mut texts = Vec::new();
    let (mut ocr, mut problem) = (false, None);
    pdf::pdf_pages(bytes, MAX_OCR_PAGES, &mut |page| match page {
        pdf::Page::Text(text) => texts.push(text),
        pdf::Page::Scan(picture) => {
            let read = picture.and_then(|p| match &engine {
                Ok(engine) => engine.read_page(p).map(|page| page.text),
                Err(why) => Err(Unreadable::Unsupported(format!("PDF pindaian: {why}"))),
            });
            match read {
                Ok(text) => {
                    ocr |= !text.trim().is_empty();
                    texts.push(text);
                }
                Err(e) => problem = problem.take().or(Some(e)),
            }
        }
    })?;
    let text = texts.join("\n\n");
    match problem {
        Some(e) if text.trim().is_empty() => Err(e),
        _ => Ok((text, ocr)),
    }
}

/// What a zip named like nothing we know holds, from its entries.
fn zip_format(bytes: &[u8]) -> Result<Format, Unreadable> {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| Unreadable::Failed("arsip zip rusak: isinya tidak dapat dibaca".into()))?;
    let has = |name: &str| archive.index_for_name(name).is_some();
    if has("word/document.xml") {
        Ok(Format::Docx)
    } else if has("xl/workbook.xml") {
        Ok(Format::Xlsx)
    } else if has("ppt/presentation.xml") {
        Ok(Format::Pptx)
    } else if has("content.xml") {
        Ok(Format::OpenDocument)
    } else {
        Err(Unreadable::Unsupported(
            "arsip zip: isinya tidak dibaca (ekstrak dan lampirkan berkasnya satu per satu)".into(),
        ))
    }
}

/// The text of an Office or OpenDocument file: its document parts' text
/// runs, a paragraph (row, slide paragraph) per line.
fn office_text(bytes: &[u8], format: Format) -> Result<String, Unreadable> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| {
        Unreadable::Failed(format!(
            "berkas {} rusak: isinya tidak dapat dibaca",
            format.label()
        ))
    })?;
    let mut names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(std::borrow::Cow::into_owned))
        .filter(|n| match format {
            Format::Docx => {
                n == "word/document.xml"
                    || n.starts_with("word/header")
                    || n.starts_with("word/footer")
            }
            Format::Xlsx => n == "xl/sharedStrings.xml" || n.starts_with("xl/worksheets/sheet"),
            Format::Pptx => n.starts_with("ppt/slides/slide") && n.ends_with(".xml"),
            _ => n == "content.xml",
        })
        .collect();
    // Slides and sheets in their order (slide2 before slide10).
    names.sort_by_key(|n| {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        (digits.len(), digits, n.clone())
    });
    if names.len() > MAX_PARTS {
        names.truncate(MAX_PARTS);
    }
    if names.is_empty() {
        return Err(Unreadable::Failed(format!(
            "berkas {} tanpa bagian dokumen",
            format.label()
        )));
    }
    let mut out = String::new();
    for name in names {
        let entry = archive
            .by_name(&name)
            .map_err(|_| Unreadable::Failed(format!("bagian {name} rusak: tidak dapat dibuka")))?;
        let mut xml = Vec::new();
        entry
            .take(MAX_ENTRY_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|_| Unreadable::Failed(format!("bagian {name} rusak: tidak dapat dibuka")))?;
        if xml.len() as u64 > MAX_ENTRY_BYTES {
            return Err(Unreadable::Failed(format!(
                "{name} lebih dari {} MiB setelah dibuka; tidak dibaca",
                MAX_ENTRY_BYTES >> 20
            )));
        }
        xml_text(&xml, &mut out)?;
        out.push('\n');
        if out.len() > MAX_CHARS * 4 {
            break;
        }
    }
    Ok(out)
}

/// Append the text nodes of an XML part, a line per paragraph-like
/// element. Numbers in an Excel sheet's cells (`<v>`) are left out unless
/// inline strings: shared strings carry the words.
fn xml_text(xml: &[u8], out: &mut String) -> Result<(), Unreadable> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut in_value = false;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                in_value = e.local_name().as_ref() == "v";
            }
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "line-break" => out.push('\n'),
                "s" => out.push(' '),
                _ => {}
            },
            Ok(Event::End(e)) => {
                in_value = false;
                if matches!(e.local_name().as_ref(), "p" | "h" | "si" | "row" | "tr") {
                    out.push('\n');
                } else if matches!(e.local_name().as_ref(), "tc" | "c" | "table-cell") {
                    out.push('\t');
                }
            }
            Ok(Event::Text(t)) if !in_value => {
                out.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Ok(Event::GeneralRef(r)) if !in_value => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    out.push(match r.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        _ => ' ',
                    });
                }
            }
            Ok(Event::Eof) => return Ok(()),
            Err(_) => {
                return Err(Unreadable::Failed(
                    "isi dokumen (XML) rusak: tidak dapat dibaca".into(),
                ));
            }
            _ => {}
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests;
