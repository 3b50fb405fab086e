//! OCR end to end on pictures made like the ones people attach (drawn by
//! `cargo xtask bench read`'s corpus): a scanned PDF, a phone photo of a
//! decree taken sideways, and a photo of an event's banner. They need the
//! engine `cargo xtask test` installs (Debian's tesseract-ocr-ind).

use daduk_domain::content::read_facts_of;

use crate::{Format, read};

fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(name),
    )
    .expect("testdata file")
}

#[test]
fn a_scanned_pdf_is_read_by_ocr_and_known_for_a_notula() {
    let reading = read("scan0007.pdf", &testdata("scan-notula.pdf")).expect("read by OCR");
    assert!(reading.ocr, "its text came from OCR");
    assert_eq!(reading.format, Format::Pdf);
    let facts = read_facts_of(&reading.text, false);
    assert_eq!(facts.kind.as_deref(), Some("notula"), "{}", reading.text);
    assert_eq!(
        facts.date.map(|d| d.to_string()).as_deref(),
        Some("2026-04-22")
    );
    assert!(reading.text.contains("Zona Integritas"), "{}", reading.text);
}

#[test]
fn a_photo_taken_sideways_is_turned_upright_and_read() {
    let reading = read("IMG_20260112_101522.jpg", &testdata("foto-sk-miring.jpg")).expect("read");
    assert!(reading.ocr);
    let facts = read_facts_of(&reading.text, true);
    assert_eq!(facts.kind.as_deref(), Some("sk"), "{}", reading.text);
    assert_eq!(facts.number.as_deref(), Some("800/100/SK/2026"));
    assert!(
        reading
            .text
            .to_uppercase()
            .contains("PEMBENTUKAN TIM KERJA"),
        "{}",
        reading.text
    );
}

#[test]
fn a_photo_of_a_banner_is_a_photo_of_the_event_with_its_date() {
    let reading = read(
        "WhatsApp Image 2026-03-04 at 10.22.03.jpeg",
        &testdata("foto-spanduk.jpeg"),
    )
    .expect("read");
    let facts = read_facts_of(&reading.text, reading.format == Format::Image);
    assert_eq!(facts.kind.as_deref(), Some("foto"), "{}", reading.text);
    assert_eq!(
        facts.date.map(|d| d.to_string()).as_deref(),
        Some("2026-04-05")
    );
    assert!(reading.text.contains("ZONA INTEGRITAS"), "{}", reading.text);
}

#[test]
fn no_engine_says_what_to_install() {
    let e = super::Engine::at(std::path::Path::new("/nonexistent/tesseract"), None).unwrap_err();
    assert!(e.contains("tesseract-ocr"), "{e}");
}

#[cfg(unix)]
#[test]
fn an_engine_past_its_deadline_is_stopped_and_says_so() {
    let sleeper = super::Engine {
        program: "sleep".into(),
        tessdata: None,
    };
    let started = std::time::Instant::now();
    let e = sleeper
        .run(&["30"], std::time::Duration::from_millis(300))
        .unwrap_err();
    assert!(e.contains("dihentikan"), "{e}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[cfg(unix)]
#[test]
fn an_engine_that_gives_no_table_is_a_failure_not_an_empty_page() {
    // `true` runs, says nothing and succeeds: as an engine missing its
    // set-up did under Wine before the TSV was asked for by its variable.
    let silent = super::Engine {
        program: "true".into(),
        tessdata: None,
    };
    let e = silent
        .recognize(&image::GrayImage::new(40, 40), false)
        .unwrap_err();
    assert!(
        e.to_string().contains("periksa pemasangan Tesseract"),
        "{e}"
    );
}
