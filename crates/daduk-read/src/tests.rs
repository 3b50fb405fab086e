use std::io::Write;

use super::*;

/// A zip with these entries (deflated).
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            z.start_file(*name, opts).unwrap();
            z.write_all(bytes).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", xml.as_bytes()),
    ])
}

#[test]
fn a_word_file_gives_its_paragraphs_a_line_each() {
    let bytes = docx(
        "<w:p><w:r><w:t>NOTULA RAPAT</w:t></w:r></w:p><w:p><w:r><w:t>Tim Kerja &amp; Agen</w:t></w:r><w:r><w:tab/><w:t>Perubahan</w:t></w:r></w:p>",
    );
    let r = read("notulen.docx", &bytes).unwrap();
    assert_eq!(r.format, Format::Docx);
    assert_eq!(r.text, "NOTULA RAPAT\nTim Kerja & Agen\tPerubahan");
    assert!(!r.ocr);
    // Named otherwise, its entries tell what it is.
    assert_eq!(read("Dokumen (3)", &bytes).unwrap().format, Format::Docx);
}

#[test]
fn an_opendocument_and_a_powerpoint_are_read_too() {
    let odt = zip_of(&[(
        "content.xml",
        br#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:h>LAPORAN</text:h><text:p>Survei<text:s/>kepuasan</text:p></office:text></office:body></office:document-content>"#,
    )]);
    assert_eq!(
        read("lap.odt", &odt).unwrap().text,
        "LAPORAN\nSurvei kepuasan"
    );
    let pptx = zip_of(&[
        ("ppt/presentation.xml", b"<p/>"),
        (
            "ppt/slides/slide10.xml",
            br#"<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>sepuluh</a:t></a:r></a:p></p:sld>"#,
        ),
        (
            "ppt/slides/slide2.xml",
            br#"<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>dua</a:t></a:r></a:p></p:sld>"#,
        ),
    ]);
    assert_eq!(read("paparan.pptx", &pptx).unwrap().text, "dua\n\nsepuluh");
}

#[test]
fn a_zip_bomb_stops_at_its_bound_and_says_so() {
    let huge = vec![b'a'; (MAX_ENTRY_BYTES + 10) as usize];
    let bytes = zip_of(&[("word/document.xml", &huge)]);
    assert!(bytes.len() < 1 << 20, "deflated small: {}", bytes.len());
    match read("bom.docx", &bytes) {
        Err(Unreadable::Failed(why)) => assert!(why.contains("setelah dibuka"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn damaged_and_foreign_files_are_unreadable_with_a_reason_and_nothing_panics() {
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    pdf.extend(std::iter::repeat_n(b'(', 5000));
    assert!(matches!(
        read("scan0007.pdf", &pdf),
        Err(Unreadable::Failed(_))
    ));
    // A damaged picture says so before any OCR is looked for.
    assert!(matches!(
        read(
            "IMG_20260312_101522.jpg",
            b"\xFF\xD8\xFF\xE0 rest of a jpeg"
        ),
        Err(Unreadable::Failed(why)) if why.contains("rusak")
    ));
    assert!(matches!(
        read("arsip.zip", &zip_of(&[("a.txt", b"x")])),
        Err(Unreadable::Unsupported(_))
    ));
    assert!(matches!(
        read("x.bin", b"\x00\x01\x02"),
        Err(Unreadable::Unsupported(_))
    ));
    assert!(matches!(
        read("docx.docx", b"PK\x03\x04 not really"),
        Err(Unreadable::Failed(_))
    ));
}

#[test]
fn text_is_cleaned_and_bounded() {
    let r = read("catatan.txt", "a\u{7}b  \n\n\n\nc\r\n".as_bytes()).unwrap();
    assert_eq!(r.text, "ab\n\nc");
    let long = "kata ".repeat(MAX_CHARS);
    assert_eq!(
        read("x.txt", long.as_bytes()).unwrap().text.chars().count(),
        MAX_CHARS - 1
    );
}

#[test]
fn a_plain_pdf_gives_its_text_layer() {
    // The fuzz seed: one page, Helvetica, one line (after its selector byte).
    let seed = include_bytes!("../../../fuzz/seeds/read_content/pdf");
    let r = read("scan0007.pdf", &seed[1..]).unwrap();
    assert_eq!(r.format, Format::Pdf);
    assert!(
        r.text.contains("UNDANGAN Nomor: 005/117/2026"),
        "{:?}",
        r.text
    );
}

#[test]
fn a_pdf_that_makes_the_parser_panic_is_unreadable_not_a_crash() {
    // Found by the `read_content` fuzz target: a PDF naming an object it
    // does not hold (pdf-extract panics on it). Selector byte first.
    let found = include_bytes!("../testdata/fuzz-pdf-missing-object.bin");
    match read("scan0007.pdf", &found[1..]) {
        Err(Unreadable::Failed(why)) => assert!(why.contains("PDF"), "{why}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_pdf_page_that_is_its_own_parent_is_refused_at_once() {
    // Found by the `read_content` fuzz target: the parser walked the page's
    // parents for ever. Selector byte first.
    let found = include_bytes!("../testdata/fuzz-pdf-page-own-parent.bin");
    match read("scan0007.pdf", &found[1..]) {
        Err(Unreadable::Failed(why)) => assert!(why.contains("berputar"), "{why}"),
        other => panic!("{other:?}"),
    }
}
