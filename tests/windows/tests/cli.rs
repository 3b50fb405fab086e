//! The Windows `daduk.exe` under Wine, through the README's first session
//! and what Windows users meet: folders with spaces and accents, CSVs as
//! Indonesian Excel saves them, folders named the Windows way, damaged
//! files, reports, packets, long paths, two programs at once, network
//! drives and FAT32 sticks. Run by `cargo xtask test` (see the crate's
//! documentation for the set-up and where Wine differs from Windows).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::Path;

use daduk_e2e_windows::{Wine, sha256, write};
use serde_json::Value;

const UY: [&str; 4] = ["--unit", "DINKES-BLL", "--year", "2024"];

fn with<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&UY);
    v.extend_from_slice(tail);
    v
}

/// The README's unit, with its assessment, in a fresh workspace.
fn readme_unit(wine: &Wine, ws: &str) {
    assert!(wine.ok(ws, &["init"]).contains("Ruang kerja dibuat"));
    wine.ok(
        ws,
        &[
            "unit",
            "add",
            "DINKES-BLL",
            "--name",
            "Dinas Kesehatan Kabupaten Buleleng",
            "--instansi",
            "Pemerintah Kabupaten Buleleng",
            "--target",
            "wbk",
            "--kepala",
            "dr. Made Sudana",
            "--kepala-nip",
            "197001011990031001",
        ],
    );
    wine.ok(
        ws,
        &[
            "assessment",
            "new",
            "--unit",
            "DINKES-BLL",
            "--year",
            "2024",
        ],
    );
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn the_readme_session_in_a_folder_with_spaces_and_accents() {
    let wine = Wine::from_env();
    let scratch = wine.scratch("Sesi README");
    let ws_dir = scratch.join("Ruang Kerja Tim ZI — Dinas Pénida");
    let ws = &wine.win(&ws_dir);
    readme_unit(&wine, ws);
    assert!(ws_dir.join("daduk.sqlite").is_file(), "made where asked");

    let set = |item: &str, value: &str| wine.ok(ws, &with(&["answer", "set"], &[item, value]));
    wine.ok(
        ws,
        &with(
            &["answer", "set"],
            &["P.1.i.a", "ya", "--note", "SK Tim Kerja 2024"],
        ),
    );
    assert!(set("P.1.i.b", "b").contains("nilai 0,50"));
    set("R.1.i.a", "a=4;b=3");
    set("H.1.i.a", "3,61");

    // CSVs as Excel on an Indonesian Windows saves them: `;`, CRLF, a
    // field with `;` quoted; "CSV" in Windows-1252, "CSV UTF-8" with a BOM.
    let rows = "butir;jawaban;catatan\r\nP.1.ii.a;ya;Rapat \u{201c}Pembangunan ZI\u{201d} \u{2013} Januari\r\nR.1.i.b;\"a=2;b=2\";Rp 1.500\u{20ac}\r\n";
    let (cp1252, _, lossy) = encoding_rs::WINDOWS_1252.encode(rows);
    assert!(!lossy);
    let csv_ansi = scratch.join("Jawaban (Excel).csv");
    write(&csv_ansi, &cp1252);
    wine.ok(ws, &with(&["answer", "import"], &[&wine.win(&csv_ansi)]));
    let csv_utf8 = scratch.join("jawaban utf8.csv");
    let utf8 = "\u{feff}butir;jawaban;catatan\r\nP.1.ii.b;c;Notula ditandatangani \u{e9}\r\n";
    write(&csv_utf8, utf8.as_bytes());
    wine.ok(ws, &with(&["answer", "import"], &[&wine.win(&csv_utf8)]));
    let answers = wine.json(ws, &with(&["answer", "list"], &["--json"]));
    let note = |item: &str| {
        answers
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["item"] == item && r["role"] == "unit")
            .map(|r| r["note"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{item} not answered: {answers}"))
    };
    assert_eq!(
        note("P.1.ii.a"),
        "Rapat \u{201c}Pembangunan ZI\u{201d} \u{2013} Januari"
    );
    assert_eq!(note("R.1.i.b"), "Rp 1.500\u{20ac}");
    assert_eq!(note("P.1.ii.b"), "Notula ditandatangani \u{e9}");
    // A bad row is named by its line, CRLF or not, and nothing is written.
    let bad = scratch.join("salah.csv");
    write(&bad, b"butir;jawaban\r\nP.1.iii.a;a\r\nP.1.i.b;z\r\n");
    let (_, err) = wine.exits(2, ws, &with(&["answer", "import"], &[&wine.win(&bad)]));
    assert!(err.contains("baris 3: butir P.1.i.b"), "{err}");

    // Attach data dukung: one file, then a folder written like README's
    // "D:/ZI 2024" (forward slashes work on Windows too).
    let sk = scratch.join("SK Tim Kerja.pdf");
    write(&sk, b"%PDF SK Tim Kerja 2024");
    wine.ok(
        ws,
        &with(
            &["evidence", "add"],
            &["P.1.i.a", &wine.win(&sk), "--date", "2024-01-15"],
        ),
    );
    let folder = scratch.join("ZI 2024");
    write(
        &folder.join("AREA I/ii. Rencana/1.ii.a undangan.pdf"),
        b"%PDF undangan",
    );
    let slashed = wine.win(&folder).replace('\\', "/");
    let dry = wine.ok(ws, &with(&["evidence", "import"], &[&slashed, "--dry-run"]));
    assert!(dry.contains("1.ii.a undangan.pdf"), "{dry}");
    wine.ok(ws, &with(&["evidence", "import"], &[&slashed]));

    let score = wine.json(ws, &with(&["score"], &["--json"]));
    assert_eq!(score["items"]["P.1.i.a"], 1.0);
    assert_eq!(score["items"]["P.1.i.b"], 0.5);
    assert!(
        score["items"]["P.1.iii.a"].is_null(),
        "the bad CSV wrote nothing"
    );
    let status = wine.ok(ws, &with(&["status"], &[]));
    assert!(status.contains("Dijawab Unit: 7 dari 113"), "{status}");
    assert!(wine.ok(ws, &["verify"]).contains("0 bermasalah"));

    let pdf = scratch.join("Laporan ZI — DINKES.pdf");
    wine.ok(ws, &with(&["report"], &["--out", &wine.win(&pdf)]));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // The Windows build reads evidence by its content too: the report,
    // attached under a name that says nothing, is read and found.
    let scan = scratch.join("scan0007.pdf");
    std::fs::copy(&pdf, &scan).unwrap();
    wine.ok(
        ws,
        &with(&["evidence", "add"], &["P.1.iii.b", &wine.win(&scan)]),
    );
    let read = wine.json(ws, &with(&["evidence", "read"], &["--json"]));
    assert!(read["read"].as_u64().unwrap() >= 1, "{read}");
    let hits = wine.json(ws, &["search", "Pengungkit", "--json"]);
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["file_name"] == "scan0007.pdf"),
        "{hits}"
    );
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn a_folder_named_the_windows_way_imports_every_file_with_its_own_content() {
    let wine = Wine::from_env();
    let scratch = wine.scratch("Impor Folder");
    let ws = &wine.win(&scratch.join("ruang kerja"));
    readme_unit(&wine, ws);
    let root = scratch.join("Data Dukung ZI");
    let area = root.join("AREA I");
    // (path under AREA I, item) — names Windows users write, and names only
    // another system or a zip can leave behind: differing only in case,
    // trailing dots and spaces, device names.
    let files: [(&str, &str); 8] = [
        ("i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf", "P.1.i.a"),
        ("i. Penyusunan Tim Kerja/1.i.b Undangan.pdf", "P.1.i.b"),
        ("i. Penyusunan Tim Kerja/1.i.b undangan.PDF", "P.1.i.b"),
        ("ii. Rencana Pembangunan ZI/1.ii.a notula.", "P.1.ii.a"),
        ("ii. Rencana Pembangunan ZI/1.ii.b laporan ", "P.1.ii.b"),
        ("iii. Pemantauan/1.iii.a/CON.pdf", "P.1.iii.a"),
        ("iii. Pemantauan/1.iii.a/aux.txt", "P.1.iii.a"),
        ("iii. Pemantauan/1.iii.b Monev Triwulan I.xlsx", "P.1.iii.b"),
    ];
    let mut expected = BTreeMap::new();
    for (i, (path, item)) in files.iter().enumerate() {
        let content = format!("isi berkas {i}: {path}");
        write(&area.join(path), content.as_bytes());
        expected.insert(
            format!("AREA I/{path}"),
            (*item, sha256(content.as_bytes())),
        );
    }
    // A name Windows cannot open at all: reported, the rest goes in.
    write(&area.join("iii. Pemantauan/1.iii.b rapat: 2024?.pdf"), b"x");

    let report = wine.json_exit(
        1,
        ws,
        &with(&["evidence", "import"], &[&wine.win(&root), "--json"]),
    );
    let added: BTreeMap<String, (String, String)> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                (
                    f["item"].as_str().unwrap().to_string(),
                    f["sha256"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect();
    for (path, (item, sha)) in &expected {
        let got = added
            .get(path)
            .unwrap_or_else(|| panic!("{path} not attached: {report}"));
        assert_eq!((got.0.as_str(), &got.1), (*item, sha), "{path}");
    }
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert!(
        errors[0]["reason"]
            .as_str()
            .unwrap()
            .contains("tidak sah di Windows"),
        "{report}"
    );
    // Again: nothing twice.
    let again = wine.json_exit(
        1,
        ws,
        &with(&["evidence", "import"], &[&wine.win(&root), "--json"]),
    );
    assert_eq!(again["added"].as_array().unwrap().len(), 0, "{again}");
    assert_eq!(again["unchanged"], files.len());

    // A stored file changed behind Daduk's back: verify names it, exit 1.
    let (_, sha) = &expected["AREA I/i. Penyusunan Tim Kerja/1.i.a SK Tim.pdf"];
    let blob = scratch
        .join("ruang kerja/blobs")
        .join(&sha[..2])
        .join(sha.as_str());
    let original = std::fs::read(&blob).unwrap();
    let mut perms = std::fs::metadata(&blob).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&blob, perms).unwrap();
    std::fs::write(&blob, b"diubah").unwrap();
    let (out, _) = wine.exits(1, ws, &["verify"]);
    assert!(
        out.contains("BERUBAH") && out.contains("1.i.a SK Tim.pdf"),
        "{out}"
    );
    std::fs::write(&blob, original).unwrap();
    wine.ok(ws, &["verify"]);
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn packets_travel_between_workspaces_also_through_long_paths() {
    let wine = Wine::from_env();
    let scratch = wine.scratch("Paket");
    let ws = &wine.win(&scratch.join("Unit"));
    readme_unit(&wine, ws);
    wine.ok(ws, &with(&["answer", "set"], &["P.1.i.a", "ya"]));
    for (item, name, content) in [
        ("P.1.i.a", "SK Tim.pdf", "%PDF sk"),
        ("P.1.i.b", "notula rapat.pdf", "%PDF notula"),
    ] {
        let file = scratch.join("lampiran").join(name);
        write(&file, content.as_bytes());
        wine.ok(ws, &with(&["evidence", "add"], &[item, &wine.win(&file)]));
    }

    let zip = scratch.join("Paket DINKES-BLL 2024.zip");
    wine.ok(
        ws,
        &with(&["packet", "export"], &["--out", &wine.win(&zip)]),
    );
    wine.ok(ws, &["packet", "verify", &wine.win(&zip)]);
    let tpi = &wine.win(&scratch.join("TPI Inspektorat"));
    wine.ok(tpi, &["init"]);
    wine.ok(tpi, &["packet", "import", &wine.win(&zip)]);
    let listed = wine.json(tpi, &with(&["evidence", "list"], &["--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");

    // A destination deeper than Windows' classic 260 characters.
    let mut deep = scratch.join("Arsip Zona Integritas");
    while wine.win(&deep).len() < 250 {
        deep = deep.join("Folder Bertingkat Arsip Tahunan");
    }
    std::fs::create_dir_all(&deep).unwrap();
    let packet_dir = deep.join("Paket Unit DINKES-BLL");
    wine.ok(
        ws,
        &with(&["packet", "export"], &["--out", &wine.win(&packet_dir)]),
    );
    assert!(wine.win(&packet_dir).len() > 260);
    wine.ok(ws, &["packet", "verify", &wine.win(&packet_dir)]);
    let longest = walk(&packet_dir)
        .into_iter()
        .map(|p| wine.win(&p).len())
        .max()
        .unwrap();
    assert!(longest > 300, "{longest}");
    // Evidence out into a deep folder keeps a name Windows accepts.
    let listed = wine.json(ws, &with(&["evidence", "list"], &["--json", "P.1.i.a"]));
    let id = listed[0]["id"].as_i64().unwrap().to_string();
    let out = wine.ok(
        ws,
        &with(&["evidence", "export"], &[&id, "--out", &wine.win(&deep)]),
    );
    assert!(out.contains("SHA-256 cocok"), "{out}");
    assert_eq!(std::fs::read(deep.join("SK Tim.pdf")).unwrap(), b"%PDF sk");
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn a_scan_and_a_photo_are_read_by_the_ocr_engine_shipped_beside_daduk_exe() {
    let wine = Wine::from_env();
    let scratch = wine.scratch("Baca Pindaian");
    let ws = &wine.win(&scratch.join("ruang kerja"));
    readme_unit(&wine, ws);
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/daduk-read/testdata");
    for (item, from, name) in [
        ("P.1.ii.b", "scan-notula.pdf", "scan0007.pdf"),
        (
            "P.1.i.a",
            "foto-sk-miring.jpg",
            "WhatsApp Image 2024-03-14.jpeg",
        ),
    ] {
        let file = scratch.join("unduhan").join(name);
        write(&file, &std::fs::read(testdata.join(from)).unwrap());
        wine.ok(ws, &with(&["evidence", "add"], &[item, &wine.win(&file)]));
    }
    let read = wine.json(ws, &with(&["evidence", "read"], &["--json"]));
    assert_eq!(read["read"], 2, "{read}");
    let listed = wine.json(ws, &with(&["evidence", "list"], &["--json"]));
    let content = |name: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["file_name"] == name)
            .unwrap_or_else(|| panic!("{name}: {listed}"))["content"]
            .clone()
    };
    let scan = content("scan0007.pdf");
    assert_eq!(scan["ocr"], true, "{scan}");
    assert_eq!(scan["kind"], "notula", "{scan}");
    let photo = content("WhatsApp Image 2024-03-14.jpeg");
    assert_eq!(photo["ocr"], true, "{photo}");
    assert_eq!(photo["kind"], "sk", "{photo}");
    assert_eq!(photo["number"], "800/100/SK/2026", "{photo}");
    // Found by a word only the scan's pixels hold.
    let hits = wine.json(ws, &["search", "integritas", "--json"]);
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["file_name"] == "scan0007.pdf"),
        "{hits}"
    );
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn two_programs_write_one_workspace_at_once() {
    let wine = Wine::from_env();
    let scratch = wine.scratch("Dua Proses");
    let ws = wine.win(&scratch.join("bersama"));
    readme_unit(&wine, &ws);
    // One program imports a folder (batched transactions) while the other
    // sets answers one by one; neither may fail or lose a write.
    let folder = scratch.join("berkas");
    for i in 0..150 {
        write(
            &folder.join(format!("1.i.a dokumen {i:03}.pdf")),
            format!("%PDF {i}").as_bytes(),
        );
    }
    let items = [
        ("P.1.i.a", "ya"),
        ("P.1.i.b", "a"),
        ("P.1.ii.a", "ya"),
        ("P.1.ii.b", "a"),
        ("P.1.iii.a", "b"),
        ("P.1.iii.b", "c"),
    ];
    std::thread::scope(|s| {
        let importer = s.spawn(|| {
            wine.daduk(&ws, &with(&["evidence", "import"], &[&wine.win(&folder)]))
                .output()
                .unwrap()
        });
        for (item, value) in items {
            wine.ok(&ws, &with(&["answer", "set"], &[item, value]));
        }
        let out = importer.join().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    });
    let answers = wine.json(&ws, &with(&["answer", "list"], &["--json"]));
    assert_eq!(answers.as_array().unwrap().len(), items.len(), "{answers}");
    let files = wine.json(&ws, &with(&["evidence", "list"], &["--json"]));
    assert_eq!(files.as_array().unwrap().len(), 150);
    assert!(wine.ok(&ws, &["verify"]).contains("0 bermasalah"));
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn a_workspace_on_a_network_location_is_refused_with_the_reason() {
    let wine = Wine::from_env();
    for path in [r"\\server\berbagi\ZI 2024", r"\\?\UNC\nas\data\zi"] {
        let (_, err) = wine.exits(2, path, &["init"]);
        assert!(
            err.contains("folder jaringan") && err.contains("WAL") && err.contains("paket"),
            "{path}: {err}"
        );
    }
    let drive = std::env::var("DADUK_WINE_NETWORK_DRIVE").unwrap();
    let dir = std::path::PathBuf::from(std::env::var("DADUK_WINE_NETWORK_DIR").unwrap());
    let ws = format!(r"{drive}\ZI 2024");
    let (_, err) = wine.exits(2, &ws, &["init"]);
    assert!(
        err.contains("drive jaringan") && err.contains("WAL"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
    // An existing workspace found there is refused too.
    let local = wine.scratch("Jaringan");
    let ws_local = wine.win(&local.join("zi"));
    wine.ok(&ws_local, &["init"]);
    let moved = dir.join("lama");
    std::fs::rename(local.join("zi"), &moved).unwrap();
    let (_, err) = wine.exits(2, &format!(r"{drive}\lama"), &["unit", "list"]);
    assert!(err.contains("salin dulu"), "{err}");
    std::fs::remove_dir_all(&moved).unwrap();
}

#[test]
#[ignore = "needs Wine: run by cargo xtask test"]
fn a_file_over_4_gb_is_refused_on_a_fat32_stick_and_the_rest_goes_in() {
    let wine = Wine::from_env();
    if let Ok(reason) = std::env::var("DADUK_WINE_FAT_SKIP") {
        eprintln!("SKIPPED: no FAT32 drive under Wine ({reason})");
        return;
    }
    let drive = std::env::var("DADUK_WINE_FAT_DRIVE").unwrap();
    let usb = std::path::PathBuf::from(std::env::var("DADUK_WINE_FAT_DIR").unwrap());
    if usb.join("ZI 2024").exists() {
        std::fs::remove_dir_all(usb.join("ZI 2024")).unwrap();
    }
    let ws = format!(r"{drive}\ZI 2024");
    readme_unit(&wine, &ws);
    let scratch = wine.scratch("FAT32");
    let folder = scratch.join("Video Kegiatan");
    write(&folder.join("1.i.a SK.pdf"), b"%PDF sk");
    write(&folder.join("1.i.b notula.pdf"), b"%PDF notula");
    // Sparse: 4.1 GiB on paper (FAT32 holds 4 GiB - 1), nothing on the
    // disk; it is never read.
    let video = folder.join("1.i.b rekaman rapat.mp4");
    std::fs::File::create(&video)
        .unwrap()
        .set_len((4 << 30) + (100 << 20))
        .unwrap();
    let report: Value = wine.json_exit(
        1,
        &ws,
        &with(&["evidence", "import"], &[&wine.win(&folder), "--json"]),
    );
    assert_eq!(report["added"].as_array().unwrap().len(), 2, "{report}");
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{report}");
    assert_eq!(errors[0]["path"], "1.i.b rekaman rapat.mp4");
    let reason = errors[0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("FAT32") && reason.contains("exFAT"),
        "{reason}"
    );
    let (out, _) = wine.exits(
        1,
        &ws,
        &with(&["evidence", "import"], &[&wine.win(&folder)]),
    );
    assert!(out.contains("FAT32"), "{out}");
}
