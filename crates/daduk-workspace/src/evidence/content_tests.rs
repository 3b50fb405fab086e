use std::io::Write;
use std::sync::atomic::AtomicBool;

use super::content::ContentState;
use crate::answer::{AnswerValue, Role};
use crate::code::ItemCode;
use crate::store::tests::{unit, workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn code(s: &str) -> ItemCode {
    s.parse().unwrap()
}

fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>"))
        .collect();
    let xml = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn files_are_read_once_by_content_and_found_by_their_words() {
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    ws.add_unit(&unit("U")).unwrap();
    let a = ws.new_assessment("U", 2026, None).unwrap();
    let t = ws.template_of(&a).unwrap();
    ws.set_answer(
        &a,
        Role::Unit,
        code("P.1.i.a"),
        &AnswerValue::parse(&t, code("P.1.i.a"), "ya").unwrap(),
        None,
    )
    .unwrap();
    let files = dir.path().join("berkas");
    std::fs::create_dir_all(&files).unwrap();
    // A notula named like nothing, a report PDF Daduk drew itself, a photo.
    let notula = files.join("Dokumen (3).docx");
    std::fs::write(
        &notula,
        docx(&[
            "NOTULA RAPAT",
            "Pimpinan Rapat: Kepala Dinas",
            "Tim kerja merapatkan rencana kerja pembangunan zona integritas",
            "Sleman, 12 Maret 2026",
        ]),
    )
    .unwrap();
    let pdf = files.join("scan0007.pdf");
    std::fs::write(
        &pdf,
        crate::report::render_pdf(&ws, &a, &crate::report::PdfOptions::default())
            .unwrap()
            .bytes,
    )
    .unwrap();
    let photo = files.join("IMG_20260312_101522.jpg");
    // Not really a picture: it cannot be read, says why, and is tried
    // again on the next run (the reason may be gone by then).
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0 a photo").unwrap();
    for (item, f) in [
        ("P.1.ii.a", &notula),
        ("P.1.ii.a", &pdf),
        ("P.1.ii.b", &photo),
        ("P.1.iii.a", &notula),
    ] {
        ws.add_evidence_file(&a, code(item), f, None, None, None)
            .unwrap();
    }

    let report = ws
        .read_contents(&a, crate::job::Job::new(&NO, &|_| {}))
        .unwrap();
    assert_eq!(
        (report.read, report.unsupported, report.known),
        (2, 0, 0),
        "{report:?}"
    );
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert!(
        report.failed[0].starts_with("IMG_20260312_101522.jpg: "),
        "{report:?}"
    );
    let again = ws
        .read_contents(&a, crate::job::Job::new(&NO, &|_| {}))
        .unwrap();
    assert_eq!(
        (again.read, again.known, again.failed.len()),
        (0, 2, 1),
        "read once per content; what failed is tried again"
    );

    let contents = ws.contents(&a).unwrap();
    let list = ws.evidence_list(&a, None).unwrap();
    let of = |name: &str| {
        let e = list.iter().find(|e| e.file_name == name).unwrap();
        contents[&e.sha256].clone()
    };
    let n = of("Dokumen (3).docx");
    assert_eq!(n.state, ContentState::Read);
    assert_eq!(n.kind.as_deref(), Some("notula"));
    assert_eq!(n.date.as_deref(), Some("2026-03-12"));
    assert!(!n.ocr && n.chars > 50);
    let p = of("scan0007.pdf");
    assert_eq!(p.state, ContentState::Read, "{p:?}");
    assert_eq!(p.kind.as_deref(), Some("laporan"), "{p:?}");
    let broken = of("IMG_20260312_101522.jpg");
    assert_eq!(broken.state, ContentState::Failed);
    assert!(broken.problem.is_some_and(|p| !p.is_empty()));

    // "dirapatkan" finds the notula by the root it shares with
    // "merapatkan", with the items it is on; the report PDF is found by its
    // own words.
    let hits = ws.search("dirapatkan Sleman", Some(&a)).unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].file_name, "Dokumen (3).docx");
    assert!(hits[0].snippet.contains("«Sleman»"), "{}", hits[0].snippet);
    let items: Vec<String> = hits[0]
        .places
        .iter()
        .map(|(_, _, i)| i.to_string())
        .collect();
    assert_eq!(items, ["P.1.ii.a", "P.1.iii.a"]);
    let both = ws.search("rencana rapat", Some(&a)).unwrap();
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(!ws.search("Pengungkit", None).unwrap().is_empty());
    assert!(ws.search("tidakadakataini", None).unwrap().is_empty());
    assert!(ws.search("  \"*) ", None).is_err(), "nothing to look for");

    // What an evaluator wants to know: the same notula is on two items.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let readings = ws.file_readings(&a, Some(code("P.1.ii.a")), today).unwrap();
    assert_eq!(readings.len(), 2, "{readings:?}");
    let notula_reading = readings
        .iter()
        .find(|r| r.content.kind.as_deref() == Some("notula"))
        .unwrap();
    assert_eq!(
        notula_reading.findings,
        ["berkas yang sama juga dilampirkan di butir P.1.iii.a"]
    );

    // The notula's suggestions name the plan items.
    let sha = list
        .iter()
        .find(|e| e.file_name == "Dokumen (3).docx")
        .unwrap()
        .sha256;
    let s = ws.suggest_items(&a, sha).unwrap();
    assert!(s.iter().any(|x| x.item == code("P.1.ii.a")), "{s:?}");

    // The notula attached to P.1.i.b as its undangan: another kind by
    // content, and the undangan P.1.i.b requires is there by name only.
    ws.add_evidence_file(&a, code("P.1.i.b"), &notula, Some("undangan"), None, None)
        .unwrap();
    let readings = ws.file_readings(&a, Some(code("P.1.i.b")), today).unwrap();
    let findings = &readings[0].findings;
    assert!(
        findings
            .contains(&"isinya tampak seperti notula, dilampirkan sebagai undangan".to_string()),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f
                .starts_with("undangan yang diwajibkan butir ini ada menurut nama berkas saja")),
        "{findings:?}"
    );
}
