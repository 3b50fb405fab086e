//! End-to-end scenarios of data dukung through the `daduk` binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Ws, args};

fn write(path: &Path, content: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
}

fn blob_path(ws: &Ws, sha: &str) -> PathBuf {
    ws.path().join("blobs").join(&sha[..2]).join(sha)
}

#[test]
fn attach_list_export_remove() {
    let ws = Ws::new().with_assessment();
    let f = ws.file("SK Tim Kerja.pdf", "%PDF-1.4 sk");
    let out = ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", f.to_str().unwrap(), "--date", "2024-01-15"],
    ));
    assert!(out.contains("dilampirkan"), "{out}");
    let again = ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", f.to_str().unwrap()],
    ));
    assert!(again.contains("sudah terlampir"), "{again}");
    let list = ws.json(&args(&["evidence", "list"], &["--json"]));
    let e = &list[0];
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        (
            e["item"].as_str(),
            e["kind"].as_str(),
            e["doc_date"].as_str()
        ),
        (Some("P.1.i.a"), Some("sk"), Some("2024-01-15"))
    );
    assert_eq!(e["review_status"], "pending");
    let id = e["id"].to_string();
    let dest = ws.path().join("keluar.pdf");
    ws.ok(&args(
        &["evidence", "export"],
        &[&id, "--out", dest.to_str().unwrap()],
    ));
    assert_eq!(fs::read(&dest).unwrap(), b"%PDF-1.4 sk");
    let err = ws.fails(
        2,
        &args(&["evidence", "add"], &["P.1.i.a", "/tidak/ada.pdf"]),
    );
    assert!(err.contains("/tidak/ada.pdf"), "{err}");
    let err = ws.fails(
        2,
        &args(
            &["evidence", "add"],
            &["P.1.i.a", f.to_str().unwrap(), "--date", "15/01/2024"],
        ),
    );
    assert!(err.contains("TTTT-BB-HH"), "{err}");
    let sha = e["sha256"].as_str().unwrap().to_string();
    ws.ok(&args(&["evidence", "remove"], &[&id]));
    assert!(!blob_path(&ws, &sha).exists(), "unused blob is collected");
    let log = ws.json(&["log", "--json"]);
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|e| e["entity"] == "evidence" && e["action"] == "remove")
    );
}

#[test]
fn verify_names_the_changed_or_deleted_file_and_its_item() {
    let ws = Ws::new().with_assessment();
    let a = ws.file("notula.pdf", "notula rapat");
    let b = ws.file("undangan.pdf", "undangan rapat");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.b", a.to_str().unwrap(), b.to_str().unwrap()],
    ));
    assert!(ws.ok(&["verify"]).contains("0 bermasalah"));
    let list = ws.json(&args(&["evidence", "list"], &["--json"]));
    let sha_of = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["file_name"] == name)
            .unwrap()["sha256"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let notula = blob_path(&ws, &sha_of("notula.pdf"));
    let mut bytes = fs::read(&notula).unwrap();
    bytes[3] ^= 0x20;
    fs::write(&notula, bytes).unwrap();
    let out = ws.run(&["verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("BERUBAH") && text.contains("P.1.i.b") && text.contains("notula.pdf"),
        "{text}"
    );
    fs::remove_file(blob_path(&ws, &sha_of("undangan.pdf"))).unwrap();
    let out = ws.run(&args(&["verify"], &[]));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("HILANG") && text.contains("undangan.pdf"),
        "{text}"
    );
    // Status no longer counts the damaged files.
    let status = ws.ok(&args(&["status"], &[]));
    assert!(status.contains("P.1.i.b    kurang:"), "{status}");
}

#[test]
fn folder_import_maps_items_lists_the_rest_and_reimports_as_a_no_op() {
    let ws = Ws::new().with_assessment();
    let src = ws.path().join("data dukung");
    write(
        &src.join("AREA I/i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf"),
        b"sk",
    );
    write(
        &src.join("AREA I/i. Penyusunan Tim Kerja/1.i.b/undangan.pdf"),
        b"u",
    );
    write(&src.join("Reform/5/iii/b/laporan.pdf"), b"l");
    write(&src.join("P.6.ii.f inovasi.jpg"), b"foto");
    write(&src.join("lain-lain/rekap.xlsx"), b"x");
    let dry = ws.ok(&args(
        &["evidence", "import"],
        &[src.to_str().unwrap(), "--dry-run"],
    ));
    assert!(dry.contains("4 berkas akan dilampirkan"), "{dry}");
    assert_eq!(ws.evidence_count(), 0);
    let report = ws.json(&args(
        &["evidence", "import"],
        &[src.to_str().unwrap(), "--json"],
    ));
    assert_eq!(report["added"].as_array().unwrap().len(), 4);
    assert_eq!(report["unmapped"][0]["path"], "lain-lain/rekap.xlsx");
    let kinds: Vec<(&str, &str)> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["item"].as_str().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    assert!(
        kinds.contains(&("P.6.ii.f", "foto")) && kinds.contains(&("P.1.i.b", "undangan")),
        "{kinds:?}"
    );
    let again = ws.ok(&args(&["evidence", "import"], &[src.to_str().unwrap()]));
    assert!(
        again.contains("0 berkas dilampirkan") && again.contains("4 tidak berubah"),
        "{again}"
    );
    assert_eq!(ws.evidence_count(), 4);
    let score = ws.json(&args(&["score"], &["--json"]));
    assert_eq!(score["completeness"]["total"]["total"], 113);

    // A file that cannot go in (here an empty one) is named with its
    // reason, the rest goes in, and the import exits 1 so a script notices.
    write(&src.join("1.ii.b notula kosong.pdf"), b"");
    write(&src.join("1.ii.a laporan.pdf"), b"laporan");
    let (stdout, stderr) = ws.exits(1, &args(&["evidence", "import"], &[src.to_str().unwrap()]));
    assert!(
        stdout.contains("1 berkas dilampirkan") && stdout.contains("1.ii.b notula kosong.pdf —"),
        "{stdout}"
    );
    assert!(stderr.contains("1 berkas belum dilampirkan"), "{stderr}");
}

#[test]
fn items_become_lengkap_with_files_and_absent_marks() {
    let ws = Ws::new().with_assessment();
    let template = ws.json(&["template", "show", "--json"]);
    let item = template["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["code"] == "P.1.i.b")
        .unwrap();
    let kinds: Vec<String> = item["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect();
    let complete = |ws: &Ws| {
        ws.json(&args(&["score"], &["--json"]))["completeness"]["items"]["P.1.i.b"]["complete"]
            .as_bool()
            .unwrap()
    };
    assert!(!complete(&ws));
    for (i, kind) in kinds.iter().enumerate().skip(1) {
        let f = ws.file(&format!("f{i}.pdf"), kind);
        ws.ok(&args(
            &["evidence", "add"],
            &["P.1.i.b", f.to_str().unwrap(), "--kind", kind],
        ));
    }
    assert!(!complete(&ws));
    ws.ok(&args(
        &["evidence", "absent"],
        &["P.1.i.b", &kinds[0], "--reason", "tidak ada rapat"],
    ));
    assert!(complete(&ws));
    ws.ok(&args(
        &["evidence", "absent"],
        &["P.1.i.b", &kinds[0], "--reason", ""],
    ));
    assert!(!complete(&ws));
}

#[test]
fn tpi_reviews_files() {
    let ws = Ws::new().with_assessment();
    let f = ws.file("foto.jpg", "jpeg");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.b", f.to_str().unwrap()],
    ));
    // This workspace is the unit's: giving TPI's verdicts is said with --role.
    let err = ws.fails(
        2,
        &args(&["evidence", "review"], &["1", "ditolak", "--role", "tpi"]),
    );
    assert!(err.contains("alasannya"), "{err}");
    ws.ok(&args(
        &["evidence", "review"],
        &["1", "ditolak", "--note", "foto buram", "--role", "tpi"],
    ));
    let list = ws.json(&args(&["evidence", "list"], &["--json"]));
    assert_eq!(
        (
            list[0]["review_status"].as_str(),
            list[0]["review_note"].as_str()
        ),
        (Some("rejected"), Some("foto buram"))
    );
}

/// A folder big enough that an import of it takes a while: 600 files of
/// 256 KiB spread over seven items.
fn big_folder(ws: &Ws) -> (PathBuf, usize) {
    let src = ws.path().join("src");
    let codes = [
        "1.i.a", "1.i.b", "1.ii.a", "2.i.a", "3.iv.b", "5.v.e", "6.ii.f",
    ];
    let files = 600;
    let block = vec![7u8; 256 * 1024];
    for i in 0..files {
        let mut content = block.clone();
        content[..8].copy_from_slice(&(i as u64).to_le_bytes());
        write(
            &src.join(format!("{} berkas {i:04}.pdf", codes[i % codes.len()])),
            &content,
        );
    }
    (src, files)
}

/// Start importing `src` and return once the first file is in.
fn import_under_way(ws: &Ws, src: &Path) -> std::process::Child {
    let child = ws
        .cmd(&args(&["evidence", "import"], &[src.to_str().unwrap()]))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while ws.evidence_count() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "import made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

#[test]
fn killing_an_import_leaves_a_workspace_that_verifies_and_finishes_on_rerun() {
    let ws = Ws::new().with_assessment();
    let (src, files) = big_folder(&ws);
    let mut child = import_under_way(&ws, &src);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let after_kill = ws.evidence_count();
    assert!(
        !status.success() && after_kill < files,
        "the import finished before it was killed ({after_kill} files)"
    );
    // The workspace opens and verifies clean.
    assert!(ws.ok(&["verify"]).contains("0 bermasalah"));
    // Running it again finishes the job.
    let out = ws.ok(&args(&["evidence", "import"], &[src.to_str().unwrap()]));
    assert!(
        out.contains(&format!("{} tidak berubah", after_kill)),
        "{out}"
    );
    assert_eq!(ws.evidence_count(), files);
    assert!(
        ws.ok(&["verify"])
            .contains(&format!("{files} berkas diperiksa"))
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_an_import_cleanly_and_says_so() {
    let ws = Ws::new().with_assessment();
    let (src, files) = big_folder(&ws);
    let child = import_under_way(&ws, &src);
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kept = ws.evidence_count();
    assert!(
        kept < files,
        "the import finished before Ctrl+C ({kept} files)"
    );
    // Stopped by the command itself (not killed by the signal): what was
    // attached is listed, the rest is said to be left, exit status 130.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stdout.contains("Dibatalkan dengan Ctrl+C"), "{stdout}");
    assert!(
        stdout.contains(&format!("{kept} berkas dilampirkan")),
        "{stdout}"
    );
    assert!(ws.ok(&["verify"]).contains("0 bermasalah"));
    ws.ok(&args(&["evidence", "import"], &[src.to_str().unwrap()]));
    assert_eq!(ws.evidence_count(), files);
}

/// A Word file with these paragraphs.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    use std::io::Write;
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
fn files_named_like_nothing_are_read_by_their_content_listed_searched_and_suggested() {
    let ws = Ws::new().with_assessment();
    let sk = ws.path().join("Dokumen (3).docx");
    write(
        &sk,
        &docx(&[
            "KEPUTUSAN KEPALA DINAS KESEHATAN",
            "NOMOR 800/12/SK/2024",
            "TENTANG",
            "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS",
            "MEMUTUSKAN",
            "Menetapkan: susunan tim kerja yang dirapatkan bersama",
            "Ditetapkan di Sleman",
            "pada tanggal 5 Januari 2024",
        ]),
    );
    let report = ws.path().join("scan0007.pdf");
    ws.ok(&args(&["report"], &["--out", report.to_str().unwrap()]));
    // A phone photo of a decree, taken sideways: read by OCR.
    let photo = ws.path().join("IMG_20240312_101522.jpg");
    write(
        &photo,
        &std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../daduk-read/testdata/foto-sk-miring.jpg"),
        )
        .unwrap(),
    );
    for (item, f) in [
        ("P.1.i.a", &sk),
        ("P.1.iii.b", &report),
        ("P.1.iii.b", &photo),
    ] {
        ws.ok(&args(&["evidence", "add"], &[item, f.to_str().unwrap()]));
    }
    // Before reading: no content.
    let list = ws.json(&args(&["evidence", "list"], &["--json"]));
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|e| e["content"].is_null()),
        "{list}"
    );

    let read = ws.json(&args(&["evidence", "read"], &["--json"]));
    assert_eq!(
        (read["read"].as_u64(), read["unsupported"].as_u64()),
        (Some(3), Some(0)),
        "{read}"
    );
    let out = ws.ok(&args(&["evidence", "read"], &[]));
    assert!(out.contains("sudah terbaca sebelumnya: 3"), "{out}");

    let list = ws.json(&args(&["evidence", "list"], &["--json"]));
    let by = |name: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|e| e["file_name"] == name)
            .unwrap()["content"]
            .clone()
    };
    let c = by("Dokumen (3).docx");
    assert_eq!(c["kind"], "sk", "{c}");
    assert_eq!(c["date"], "2024-01-05");
    assert_eq!(c["number"], "800/12/SK/2024");
    assert_eq!(
        c["title"],
        "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS"
    );
    assert_eq!(c["ocr"], false);
    assert!(c["chars"].as_u64().unwrap() > 100);
    assert_eq!(by("scan0007.pdf")["kind"], "laporan");
    let photo = by("IMG_20240312_101522.jpg");
    assert_eq!(photo["state"], "read", "{photo}");
    assert_eq!(photo["ocr"], true, "{photo}");
    assert_eq!(photo["kind"], "sk", "{photo}");
    assert_eq!(photo["number"], "800/100/SK/2026", "{photo}");

    // "rapat" finds the decree through "dirapatkan", with its item.
    let hits = ws.json(&["search", "rapat Sleman", "--json"]);
    assert_eq!(hits.as_array().unwrap().len(), 1, "{hits}");
    assert_eq!(hits[0]["file_name"], "Dokumen (3).docx");
    assert_eq!(
        hits[0]["places"][0],
        serde_json::json!(["U", 2024, "P.1.i.a"])
    );
    let text = ws.ok(&["search", "pembentukan", "--unit", "U", "--year", "2024"]);
    assert!(text.contains("Dokumen (3).docx [U 2024 P.1.i.a]"), "{text}");
    assert!(
        ws.ok(&["search", "tidakadakataini"])
            .contains("Tidak ada berkas")
    );

    // The decree's content names the team's item, with why.
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file_name"] == "Dokumen (3).docx")
        .unwrap()["id"]
        .to_string();
    let s = ws.json(&args(&["evidence", "suggest"], &[&id, "--json"]));
    assert_eq!(s["items"][0]["item"], "P.1.i.a", "{s}");
    assert!(
        s["items"][0]["why"].as_str().unwrap().contains("berisi"),
        "{s}"
    );
}

#[test]
fn a_folder_import_suggests_items_for_files_whose_names_say_nothing() {
    let ws = Ws::new().with_assessment();
    let folder = ws.path().join("unduhan");
    write(
        &folder.join("Dokumen (3).docx"),
        &docx(&[
            "KEPUTUSAN KEPALA DINAS KESEHATAN",
            "NOMOR 800/12/SK/2024",
            "TENTANG",
            "PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS",
            "MEMUTUSKAN",
            "Ditetapkan di Sleman pada tanggal 5 Januari 2024",
        ]),
    );
    // A phone photo of the event's banner and a scan with no text layer:
    // both read by OCR.
    let testdata = |name: &str| {
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../daduk-read/testdata")
                .join(name),
        )
        .unwrap()
    };
    write(
        &folder.join("WhatsApp Image 2024-03-14 at 10.22.31.jpeg"),
        &testdata("foto-spanduk.jpeg"),
    );
    write(&folder.join("scan0007.pdf"), &testdata("scan-notula.pdf"));
    // A file that only looks like a photo says why it was not read.
    write(&folder.join("IMG_0001.jpg"), b"\xFF\xD8\xFF foto");
    let report = ws.json(&args(
        &["evidence", "import"],
        &[folder.to_str().unwrap(), "--dry-run", "--json"],
    ));
    let unmapped = report["unmapped"].as_array().unwrap();
    let of = |name: &str| {
        unmapped
            .iter()
            .find(|u| u["path"] == name)
            .unwrap_or_else(|| panic!("{name}: {report}"))["suggestion"]
            .clone()
    };
    let sk = of("Dokumen (3).docx");
    assert_eq!(sk["content"]["kind"], "sk", "{sk}");
    assert_eq!(sk["content"]["number"], "800/12/SK/2024");
    assert_eq!(sk["items"][0], "P.1.i.a", "{sk}");
    assert_eq!(sk["sure"], true);
    assert!(
        sk["why"]
            .as_str()
            .unwrap()
            .contains("PEMBENTUKAN TIM KERJA"),
        "{sk}"
    );
    let photo = of("WhatsApp Image 2024-03-14 at 10.22.31.jpeg");
    assert_eq!(photo["content"]["state"], "read", "{photo}");
    assert_eq!(photo["content"]["ocr"], true, "{photo}");
    assert_eq!(photo["content"]["kind"], "foto", "{photo}");
    let scan = of("scan0007.pdf");
    assert_eq!(scan["content"]["ocr"], true, "{scan}");
    assert_eq!(scan["content"]["kind"], "notula", "{scan}");
    assert!(!scan["items"].as_array().unwrap().is_empty(), "{scan}");
    let broken = of("IMG_0001.jpg");
    assert_eq!(broken["content"]["state"], "failed", "{broken}");
    assert!(
        !broken["content"]["problem"].as_str().unwrap().is_empty(),
        "{broken}"
    );
    assert!(broken["items"].as_array().unwrap().is_empty());
    let text = ws.ok(&args(
        &["evidence", "import"],
        &[folder.to_str().unwrap(), "--dry-run"],
    ));
    assert!(
        text.contains("menurut isinya: butir P.1.i.a (yakin)"),
        "{text}"
    );

    // --by-content places what the reader is sure of, marked so; the
    // broken picture stays listed with why.
    let done = ws.json(&args(
        &["evidence", "import"],
        &[folder.to_str().unwrap(), "--by-content", "--json"],
    ));
    let added = done["added"].as_array().unwrap();
    let sk = added
        .iter()
        .find(|f| f["path"] == "Dokumen (3).docx")
        .unwrap_or_else(|| panic!("{done}"));
    assert_eq!(sk["item"], "P.1.i.a", "{done}");
    assert_eq!(sk["kind"], "sk", "{done}");
    assert_eq!(sk["by_content"], true, "{done}");
    assert!(
        done["unmapped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["path"] == "IMG_0001.jpg"),
        "{done}"
    );
    let list = ws.json(&args(&["evidence", "list"], &["--json", "P.1.i.a"]));
    assert_eq!(list[0]["placed_by_content"], true, "{list}");
    // It takes the date its content states.
    assert_eq!(list[0]["doc_date"], "2024-01-05", "{list}");
    let shown = ws.ok(&args(&["evidence", "list"], &["P.1.i.a"]));
    assert!(shown.contains("(ditempatkan menurut isi)"), "{shown}");
    // Importing the folder again changes nothing and keeps the mark.
    let again = ws.ok(&args(&["evidence", "import"], &[folder.to_str().unwrap()]));
    assert!(again.contains("0 berkas dilampirkan"), "{again}");
}
