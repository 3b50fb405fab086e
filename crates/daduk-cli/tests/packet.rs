//! Review packets through the `daduk` binary, and `sha256sum -c` on them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::process::Command;

use common::{Ws, args};

fn unit_with_files() -> Ws {
    let ws = Ws::new().with_assessment();
    ws.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--note", "SK 2024"],
    ));
    ws.ok(&args(&["answer", "set"], &["P.1.i.b", "b"]));
    let sk = ws.file("SK Tim.pdf", "%PDF sk");
    let und = ws.file("undangan rapat.pdf", "%PDF undangan");
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.a", sk.to_str().unwrap()],
    ));
    ws.ok(&args(
        &["evidence", "add"],
        &["P.1.i.b", und.to_str().unwrap()],
    ));
    ws
}

fn sha256sum_check(dir: &std::path::Path) -> bool {
    Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(dir)
        .status()
        .unwrap()
        .success()
}

#[test]
fn exported_packets_pass_sha256sum_and_fail_after_a_changed_byte() {
    let ws = unit_with_files();
    let out = ws.path().join("paket");
    let text = ws.ok(&args(
        &["packet", "export"],
        &["--out", out.to_str().unwrap()],
    ));
    assert!(text.contains("sidik jari"), "{text}");
    for name in [
        "manifest.json",
        "manifest.sig",
        "SHA256SUMS",
        "index.html",
        "laporan.pdf",
        "lke.xlsx",
        "template.json",
    ] {
        assert!(out.join(name).is_file(), "{name} missing");
    }
    assert!(
        sha256sum_check(&out),
        "sha256sum -c must pass on a fresh packet"
    );
    assert!(
        ws.ok(&["packet", "verify", out.to_str().unwrap()])
            .contains("0 temuan")
    );

    let sk =
        out.join("evidence/1 Manajemen Perubahan/P.1.i Penyusunan Tim Kerja/P.1.i.a - SK Tim.pdf");
    let mut bytes = fs::read(&sk).unwrap();
    bytes[1] ^= 1;
    fs::write(&sk, bytes).unwrap();
    assert!(
        !sha256sum_check(&out),
        "sha256sum -c must fail after a changed byte"
    );
    let result = ws.run(&["packet", "verify", out.to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stdout).contains("P.1.i.a - SK Tim.pdf"));
}

#[test]
fn round_trip_through_the_cli_gives_both_sides_the_same_tpi_scores() {
    let unit = unit_with_files();
    let sent = unit.path().join("kiriman.zip");
    unit.ok(&args(
        &["packet", "export"],
        &["--out", sent.to_str().unwrap()],
    ));

    let tpi = Ws::new();
    let check = tpi.json(&["packet", "verify", sent.to_str().unwrap(), "--json"]);
    assert_eq!(check["findings"].as_array().unwrap().len(), 0);
    let imported = tpi.json(&["packet", "import", sent.to_str().unwrap(), "--json"]);
    assert_eq!(imported["evidence_added"], 2);
    tpi.ok(&args(
        &["answer", "set"],
        &["P.1.i.a", "ya", "--role", "tpi"],
    ));
    tpi.ok(&args(
        &["answer", "set"],
        &[
            "P.1.i.b",
            "c",
            "--role",
            "tpi",
            "--note",
            "seleksi tidak jelas",
        ],
    ));
    let files = tpi.json(&args(&["evidence", "list"], &["--json"]));
    let id = files[0]["id"].to_string();
    tpi.ok(&args(&["evidence", "review"], &[&id, "diterima"]));
    let back = tpi.path().join("reviu.zip");
    tpi.ok(&args(
        &["packet", "export"],
        &["--review", "--out", back.to_str().unwrap()],
    ));

    unit.ok(&["packet", "import", back.to_str().unwrap()]);
    let score = |ws: &Ws| ws.json(&args(&["score"], &["--role", "tpi", "--json"]));
    let (u, t) = (score(&unit), score(&tpi));
    assert_eq!(u["total"], t["total"]);
    assert_eq!(u["items"], t["items"]);
    let statuses = |ws: &Ws| {
        ws.json(&args(&["evidence", "list"], &["--json"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["sha256"].clone(), e["review_status"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(statuses(&unit), statuses(&tpi));
}

#[test]
fn a_review_that_meets_a_changed_answer_leaves_a_conflict_daduk_conflicts_settles() {
    let unit = unit_with_files();
    let sent = unit.path().join("kiriman.zip");
    unit.ok(&args(
        &["packet", "export"],
        &["--out", sent.to_str().unwrap()],
    ));
    // The unit changes its answer after sending.
    unit.ok(&args(&["answer", "set"], &["P.1.i.b", "a"]));

    let tpi = Ws::new();
    tpi.ok(&["packet", "import", sent.to_str().unwrap()]);
    tpi.ok(&args(
        &["answer", "set"],
        &["P.1.i.b", "c", "--role", "tpi"],
    ));
    let back = tpi.path().join("reviu.zip");
    tpi.ok(&args(
        &["packet", "export"],
        &["--review", "--out", back.to_str().unwrap()],
    ));
    let said = unit.ok(&["packet", "import", back.to_str().unwrap()]);
    assert!(said.contains("daduk conflicts"), "{said}");

    let open = unit.json(&args(&["conflicts"], &["--json"]));
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0]["origin"], "packet");
    assert_eq!(open[0]["conflict"]["key"], "P.1.i.b");
    assert_eq!(open[0]["conflict"]["base"], "b", "what the unit sent");
    assert_eq!(open[0]["conflict"]["local"], "a", "the unit's answer now");
    assert_eq!(open[0]["conflict"]["remote"], "c", "TPI's value");
    let listed = unit.ok(&args(&["conflicts"], &[]));
    assert!(
        listed.contains("paket") && listed.contains("di TPI 'c'"),
        "{listed}"
    );
    // The old spelling lists the same.
    assert_eq!(
        unit.json(&args(&["sync", "conflicts"], &["--json"]))
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let done = unit.ok(&args(&["conflicts", "resolve"], &["--all"]));
    assert!(done.contains("1 konflik ditandai selesai"), "{done}");
    assert!(
        unit.json(&args(&["conflicts"], &["--json"]))
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Settling changes no answer: both sides keep theirs.
    let score = unit.json(&args(&["score"], &["--json"]));
    let tpi_score = unit.json(&args(&["score"], &["--json", "--role", "tpi"]));
    assert!(score["items"]["P.1.i.b"] != tpi_score["items"]["P.1.i.b"]);
}

#[test]
fn a_hostile_packet_is_refused_with_exit_2() {
    let ws = Ws::new();
    let bad = ws.path().join("bad.zip");
    {
        let mut zip = zip_writer(&bad);
        zip_add(&mut zip, "../../keluar.txt", b"x");
    }
    let err = ws.fails(2, &["packet", "import", bad.to_str().unwrap()]);
    assert!(
        err.contains("keluar folder") && err.contains("../../keluar.txt"),
        "{err}"
    );
    let err = ws.fails(2, &["packet", "verify", bad.to_str().unwrap()]);
    assert!(err.contains("ditolak"), "{err}");
    assert!(!ws.path().join("../../keluar.txt").exists());
}

// A minimal stored-entry zip writer, so the test needs no zip crate: local
// header, data, central directory, end record.
struct MiniZip {
    file: fs::File,
    entries: Vec<(String, u32, u32, u32)>,
    offset: u32,
}

fn zip_writer(path: &std::path::Path) -> MiniZip {
    MiniZip {
        file: fs::File::create(path).unwrap(),
        entries: Vec::new(),
        offset: 0,
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn zip_add(z: &mut MiniZip, name: &str, data: &[u8]) {
    use std::io::Write;
    let crc = crc32(data);
    let len = data.len() as u32;
    let mut h = Vec::new();
    h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    h.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    h.extend_from_slice(&crc.to_le_bytes());
    h.extend_from_slice(&len.to_le_bytes());
    h.extend_from_slice(&len.to_le_bytes());
    h.extend_from_slice(&(name.len() as u16).to_le_bytes());
    h.extend_from_slice(&0u16.to_le_bytes());
    h.extend_from_slice(name.as_bytes());
    z.file.write_all(&h).unwrap();
    z.file.write_all(data).unwrap();
    z.entries.push((name.to_string(), crc, len, z.offset));
    z.offset += h.len() as u32 + len;
}

impl Drop for MiniZip {
    fn drop(&mut self) {
        use std::io::Write;
        let start = self.offset;
        let mut cd = Vec::new();
        for (name, crc, len, off) in &self.entries {
            cd.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            cd.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            cd.extend_from_slice(&crc.to_le_bytes());
            cd.extend_from_slice(&len.to_le_bytes());
            cd.extend_from_slice(&len.to_le_bytes());
            cd.extend_from_slice(&(name.len() as u16).to_le_bytes());
            cd.extend_from_slice(&[0; 12]);
            cd.extend_from_slice(&off.to_le_bytes());
            cd.extend_from_slice(name.as_bytes());
        }
        let mut end = Vec::new();
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0, 0, 0, 0]);
        let n = self.entries.len() as u16;
        end.extend_from_slice(&n.to_le_bytes());
        end.extend_from_slice(&n.to_le_bytes());
        end.extend_from_slice(&(cd.len() as u32).to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes());
        self.file.write_all(&cd).unwrap();
        self.file.write_all(&end).unwrap();
    }
}
