//! A PDF's pages: the text layer of each, and the picture of a scanned
//! page for OCR.

use image::GrayImage;
use pdf_extract::ObjectId;

use crate::ocr::picture;
use crate::{Unreadable, caught};

/// The most pages of a PDF read.
pub(crate) const MAX_PAGES: usize = 2_000;

/// One page of a PDF: its text layer, or the picture of a scanned page.
pub(crate) enum Page {
    /// Text from its text layer.
    Text(String),
    /// No text layer, but a picture filling the page: a scan, to be read by
    /// OCR (or why its picture cannot be taken out).
    Scan(Result<GrayImage, Unreadable>),
}

/// Fewer characters than this on a page is no text layer (a scanner's page
/// number or stamp), and its picture is read instead.
const THIN_PAGE: usize = 40;

/// A scan's picture smaller than this on both sides is a logo, not a page.
const MIN_SCAN_SIDE: i64 = 400;

/// A PDF's pages, in order, each handed to `page` as it is read: the text
/// layer of each, and the picture of each page that has none (of the first
/// `max_scans` such pages; one picture held at a time). The parser is not
/// ours: the page tree is checked first (a page
/// that is its own parent sends it round for ever), and a panic on a
/// malformed file is caught, quietly, and reported.
pub(crate) fn pdf_pages(
    bytes: &[u8],
    max_scans: usize,
    page: &mut dyn FnMut(Page),
) -> Result<(), Unreadable> {
    use pdf_extract::{Document, PlainTextOutput, output_doc_page};
    let damaged =
        || Unreadable::Failed("PDF rusak atau tidak lazim: isinya tidak dapat dibaca".into());
    caught(|| -> Result<(), Unreadable> {
        let mut doc = Document::load_mem(bytes).map_err(|e| {
            Unreadable::Failed(format!(
                "PDF rusak atau tidak lazim: isinya tidak dapat dibaca ({})",
                pdf_problem(&e.to_string())
            ))
        })?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(Unreadable::Failed(
                "PDF terkunci (berkata sandi): isinya tidak dapat dibaca".into(),
            ));
        }
        if !page_tree_sound(&doc) {
            return Err(Unreadable::Failed(
                "PDF rusak: susunan halamannya berputar atau terlalu dalam; isinya tidak dibaca"
                    .into(),
            ));
        }
        let numbers: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().take(MAX_PAGES).collect();
        let mut scans = 0;
        for (n, id) in numbers {
            let mut text = String::new();
            let mut output = PlainTextOutput::new(&mut text);
            // A page that cannot be read leaves the others readable.
            let read = output_doc_page(&doc, &mut output, n).is_ok();
            let thin = text.chars().filter(|c| !c.is_whitespace()).count() < THIN_PAGE;
            if thin
                && scans < max_scans
                && let Some(picture) = scan_of(&doc, id)
            {
                scans += 1;
                page(Page::Scan(picture));
                continue;
            }
            if read {
                page(Page::Text(text));
            }
        }
        Ok(())
    })
    .map_err(|_| damaged())?
}

/// The picture a page is made of, when it has one large enough to be the
/// page: decoded within bounds. JPEG (DCTDecode) and raw or Flate-packed
/// grey, RGB and black-and-white samples are read; CCITT, JBIG2 and
/// JPEG 2000 scans say so.
fn scan_of(doc: &pdf_extract::Document, page: ObjectId) -> Option<Result<GrayImage, Unreadable>> {
    let images = doc.get_page_images(page).ok()?;
    let largest = images
        .into_iter()
        .filter(|i| i.width >= MIN_SCAN_SIDE || i.height >= MIN_SCAN_SIDE)
        .max_by_key(|i| i.width.saturating_mul(i.height))?;
    let filters = largest.filters.clone().unwrap_or_default();
    let unsupported = |what: &str| {
        Some(Err(Unreadable::Unsupported(format!(
            "PDF pindaian dengan gambar {what} belum dapat dibaca OCR; pindai ulang sebagai PDF \
             berwarna/abu-abu (JPEG) atau simpan halamannya sebagai JPEG"
        ))))
    };
    match filters.as_slice() {
        [f] if f == "DCTDecode" => Some(picture::decode(largest.content)),
        [] => raw_samples(&largest, largest.content),
        [f] if f == "FlateDecode" => {
            let (w, h) = (largest.width.max(0) as u64, largest.height.max(0) as u64);
            let bound = w.saturating_mul(h).saturating_mul(3) + 1024;
            match bounded_inflate(largest.content, bound) {
                Ok(raw) => raw_samples(&largest, &raw),
                Err(e) => Some(Err(e)),
            }
        }
        [f] if f == "CCITTFaxDecode" => unsupported("CCITT (hitam-putih faks)"),
        [f] if f == "JBIG2Decode" => unsupported("JBIG2"),
        [f] if f == "JPXDecode" => unsupported("JPEG 2000"),
        _ => unsupported("bertapis berlapis"),
    }
}

/// Inflate at most `bound` bytes (a picture's samples are at most its
/// pixels × components; more is a bomb).
fn bounded_inflate(packed: &[u8], bound: u64) -> Result<Vec<u8>, Unreadable> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(packed)
        .take(bound + 1)
        .read_to_end(&mut out)
        .map_err(|_| {
            Unreadable::Failed("PDF rusak: gambar halamannya tidak dapat dibuka".into())
        })?;
    if out.len() as u64 > bound {
        return Err(Unreadable::Failed(
            "PDF rusak: gambar halamannya lebih besar daripada ukurannya".into(),
        ));
    }
    Ok(out)
}

/// Uncompressed samples as a grey picture: 8-bit grey or RGB, or 1-bit
/// black and white.
fn raw_samples(
    image: &pdf_extract::xobject::PdfImage<'_>,
    raw: &[u8],
) -> Option<Result<GrayImage, Unreadable>> {
    let (w, h) = (image.width, image.height);
    if !(1..=20_000).contains(&w) || !(1..=20_000).contains(&h) {
        return Some(Err(Unreadable::Failed(
            "PDF rusak: ukuran gambar halamannya tidak masuk akal".into(),
        )));
    }
    let (w, h) = (w as u32, h as u32);
    let bpc = image.bits_per_component.unwrap_or(8);
    let space = image.color_space.as_deref().unwrap_or("DeviceGray");
    let short = || {
        Some(Err(Unreadable::Failed(
            "PDF rusak: gambar halamannya terpotong".into(),
        )))
    };
    let pixels = w as usize * h as usize;
    let gray = match (bpc, space) {
        (8, "DeviceGray" | "CalGray") => {
            if raw.len() < pixels {
                return short();
            }
            raw[..pixels].to_vec()
        }
        (8, "DeviceRGB" | "CalRGB") => {
            if raw.len() < pixels * 3 {
                return short();
            }
            raw.chunks_exact(3)
                .take(pixels)
                .map(|p| ((p[0] as u32 * 30 + p[1] as u32 * 59 + p[2] as u32 * 11) / 100) as u8)
                .collect()
        }
        (1, _) => {
            let row = (w as usize).div_ceil(8);
            if raw.len() < row * h as usize {
                return short();
            }
            // 1 is white in DeviceGray unless /Decode says otherwise.
            let inverted = image
                .origin_dict
                .get(b"Decode")
                .and_then(|d| d.as_array())
                .is_ok_and(|a| a.first().and_then(|v| v.as_i64().ok()) == Some(1));
            let mut out = Vec::with_capacity(pixels);
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let bit = raw[y * row + x / 8] >> (7 - x % 8) & 1 == 1;
                    out.push(if bit != inverted { 255 } else { 0 });
                }
            }
            out
        }
        _ => {
            return Some(Err(Unreadable::Unsupported(format!(
                "PDF pindaian dengan warna {space} ({bpc} bit) belum dapat dibaca OCR; \
                 simpan halamannya sebagai JPEG"
            ))));
        }
    };
    GrayImage::from_raw(w, h, gray).map(Ok)
}

/// Whether a PDF's page tree is a tree: every node reached from the
/// catalog once, at most 64 deep, and every page's chain of parents ends
/// without coming back (the parser follows both without looking).
fn page_tree_sound(doc: &pdf_extract::Document) -> bool {
    use std::collections::HashSet;
    let Ok(catalog) = doc.catalog() else {
        return false;
    };
    let Ok(root) = catalog.get(b"Pages").and_then(|o| o.as_reference()) else {
        return false;
    };
    let mut seen = HashSet::new();
    let mut stack = vec![(root, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        if depth > 64 || !seen.insert(id) || seen.len() > MAX_PAGES * 4 {
            return false;
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        // Its parents, up to the root, each once.
        let mut up = HashSet::from([id]);
        let mut at = node;
        while let Ok(parent) = at.get(b"Parent").and_then(|o| o.as_reference()) {
            if !up.insert(parent) || up.len() > 66 {
                return false;
            }
            match doc.get_dictionary(parent) {
                Ok(d) => at = d,
                Err(_) => break,
            }
        }
        if let Ok(kids) = node.get(b"Kids").and_then(|o| o.as_array()) {
            for kid in kids {
                if let Ok(k) = kid.as_reference() {
                    stack.push((k, depth + 1));
                }
            }
        }
    }
    true
}

/// What went wrong in a PDF, in words a person can act on (the parser's
/// own messages are English and technical).
fn pdf_problem(text: &str) -> &'static str {
    if text.contains("header") {
        "bukan PDF yang sah: kepala berkasnya salah"
    } else if text.contains("xref") || text.contains("trailer") || text.contains("startxref") {
        "daftar isi PDF-nya rusak; simpan ulang sebagai PDF"
    } else {
        "simpan ulang sebagai PDF lalu lampirkan lagi"
    }
}
