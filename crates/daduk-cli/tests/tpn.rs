//! TPN's result comes back: the stages a unit went through after its
//! proposal, TPN's values beside the unit's and TPI's, and TPN's notes
//! becoming next year's plan.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::Ws;

fn with<'a>(head: &[&'a str], year: &'a str, tail: &[&'a str]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    v.extend_from_slice(&["--unit", "U", "--year", year]);
    v.extend_from_slice(tail);
    v
}

#[test]
fn tpns_stages_and_values_are_recorded_compared_and_followed_up() {
    let ws = Ws::new();
    ws.ok(&["init", "--role", "unit"]);
    ws.ok(&["unit", "add", "U", "--name", "Unit Uji", "--target", "wbk"]);
    ws.ok(&with(&["assessment", "new"], "2025", &[]));
    for (item, value) in [("P.1.i.a", "ya"), ("P.1.i.b", "a"), ("P.2.i.a", "a")] {
        ws.ok(&with(&["answer", "set"], "2025", &[item, value]));
    }
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &["P.1.i.b", "b", "--role", "tpi"],
    ));
    // Nothing recorded yet: the way to start is said.
    let said = ws.ok(&with(&["tpn", "show"], "2025", &[]));
    assert!(said.contains("Belum ada tahap yang dicatat"), "{said}");

    // TPN's values, written from the LHE in the unit's own workspace: no
    // "other side" flag needed, and not logged as the other side.
    let said = ws.ok(&with(
        &["answer", "set"],
        "2025",
        &[
            "P.1.i.b",
            "c",
            "--role",
            "tpn",
            "--note",
            "Rapat pemilihan tim tidak didokumentasikan",
        ],
    ));
    assert!(said.contains("P.1.i.b (TPN): c"), "{said}");
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &["P.1.i.a", "ya", "--role", "tpn"],
    ));
    let list = ws.ok(&with(&["answer", "list"], "2025", &[]));
    assert!(list.contains("TPN"), "{list}");
    let log = ws.ok(&["log", "--unit", "U", "--year", "2025"]);
    assert!(log.contains("sisi penilai (TPI) diubah"), "{log}");
    assert!(!log.contains("hasil TPN"), "{log}");

    // The stages, in order; an impossible one is refused and nothing changes.
    ws.ok(&with(
        &["tpn", "stage"],
        "2025",
        &["usulan", "--date", "30/04/2025", "--outcome", "lolos"],
    ));
    ws.ok(&with(
        &["tpn", "stage"],
        "2025",
        &[
            "seleksi-administrasi",
            "--date",
            "20 Mei 2025",
            "--outcome",
            "lolos",
        ],
    ));
    let err = ws.fails(
        2,
        &with(
            &["tpn", "stage"],
            "2025",
            &["wawancara", "--date", "01/03/2025"],
        ),
    );
    assert!(err.contains("lebih awal"), "{err}");
    let err = ws.fails(
        2,
        &with(
            &["tpn", "stage"],
            "2025",
            &["desk", "--date", "15/06/2025", "--outcome", "wbk"],
        ),
    );
    assert!(err.contains("hanya dicatat pada tahap hasil"), "{err}");
    let err = ws.fails(
        2,
        &with(
            &["tpn", "stage"],
            "2025",
            &["final", "--date", "15/06/2025"],
        ),
    );
    assert!(err.contains("tahap 'final' tidak dikenal"), "{err}");
    let said = ws.ok(&with(
        &["tpn", "stage"],
        "2025",
        &[
            "desk-evaluation",
            "--date",
            "15/06/2025",
            "--outcome",
            "tidak-lolos",
            "--note",
            "LHE nomor B/123/2025",
        ],
    ));
    assert!(
        said.contains("Posisi unit: Desk evaluation: tidak lolos, 15 Juni 2025"),
        "{said}"
    );
    // After a stage the unit did not pass, nothing follows.
    let err = ws.fails(
        2,
        &with(
            &["tpn", "stage"],
            "2025",
            &["hasil", "--date", "10/12/2025", "--outcome", "wbk"],
        ),
    );
    assert!(err.contains("tidak lolos Desk evaluation"), "{err}");
    // A stage with a later one recorded cannot be removed before it.
    let err = ws.fails(2, &with(&["tpn", "stage"], "2025", &["usulan", "--clear"]));
    assert!(err.contains("hapus tahap itu dulu"), "{err}");

    let shown = ws.ok(&with(&["tpn", "show"], "2025", &[]));
    assert!(
        shown.contains("Posisi: Desk evaluation: tidak lolos"),
        "{shown}"
    );
    assert!(shown.contains("LHE nomor B/123/2025"), "{shown}");
    assert!(
        shown.contains("TPN dibanding unit: 2 butir dinilai keduanya, 1 berbeda"),
        "{shown}"
    );
    assert!(
        shown.contains("TPN dibanding TPI: 1 butir dinilai keduanya, 1 berbeda"),
        "{shown}"
    );
    assert!(shown.contains("P.1.i.b"), "{shown}");
    let json = ws.json(&with(&["tpn", "show"], "2025", &["--json"]));
    assert_eq!(json["stages"].as_array().unwrap().len(), 3);
    assert_eq!(json["stages"][2]["outcome"], "tidak_lolos");
    let differ: Vec<&str> = json["compared"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["differ"] == true)
        .map(|i| i["item"].as_str().unwrap())
        .collect();
    assert_eq!(differ, ["P.1.i.b"]);
    assert_eq!(json["compared"]["items"][1]["answers"][2], "c");
    let score = ws.json(&with(&["score"], "2025", &["--role", "tpn", "--json"]));
    assert_eq!(score["role"], "tpn");
    assert!(score["total"].as_f64().unwrap() > 0.0, "{score}");

    // TPN's note becomes next year's activity, before TPI's on the item.
    ws.ok(&with(
        &["answer", "set"],
        "2025",
        &["P.1.i.b", "b", "--role", "tpi", "--note", "Lengkapi notula"],
    ));
    ws.ok(&with(&["assessment", "new"], "2026", &["--from", "2025"]));
    let recs = ws.json(&with(&["plan", "recommendations"], "2026", &["--json"]));
    let sources: Vec<&str> = recs
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["tpn", "tpi"], "{recs}");
    let said = ws.ok(&with(&["plan", "recommendations"], "2026", &[]));
    assert!(said.contains("TPN"), "{said}");
    let said = ws.ok(&with(
        &["plan", "adopt"],
        "2026",
        &["P.1.i.b", "--from", "tpn"],
    ));
    assert!(
        said.contains("Rekomendasi TPN 2025 butir P.1.i.b"),
        "{said}"
    );
    let said = ws.ok(&with(&["plan", "adopt"], "2026", &["P.1.i.b"]));
    assert!(
        said.contains("Rekomendasi TPI 2025 butir P.1.i.b"),
        "{said}"
    );
    let plan = ws.json(&with(&["plan", "show"], "2026", &["--json"]));
    let programs: Vec<&str> = plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["program"].as_str().unwrap())
        .collect();
    assert!(
        programs.contains(&"Tindak lanjut rekomendasi TPN 2025")
            && programs.contains(&"Tindak lanjut rekomendasi TPI 2025"),
        "{programs:?}"
    );
    let err = ws.fails(2, &with(&["plan", "adopt"], "2026", &["P.1.i.b"]));
    assert!(err.contains("sudah menindaklanjutinya"), "{err}");
    // TPN's values and stages stay with their year.
    let json = ws.json(&with(&["tpn", "show"], "2026", &["--json"]));
    assert!(json["stages"].as_array().unwrap().is_empty());

    // The trend shows each year's TPN total and where the unit ended.
    let trend = ws.ok(&["score", "--unit", "U", "--years", "2025-2026"]);
    assert!(trend.contains("Hasil penilaian TPN"), "{trend}");
    assert!(trend.contains("gugur DE"), "{trend}");
    let json = ws.json(&["score", "--unit", "U", "--years", "2025-2026", "--json"]);
    assert_eq!(json["years"][0]["tpn_result"], "gugur DE");
    assert!(json["years"][0]["tpn_total"].as_f64().is_some());
    assert!(json["years"][1]["tpn_total"].is_null());
    let pdf = ws.path().join("laporan-2026.pdf");
    ws.ok(&with(
        &["report"],
        "2026",
        &["--out", pdf.to_str().unwrap()],
    ));
    let out = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed by xtask");
    let text = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Hasil penilaian TPN"), "{text}");
    assert!(text.contains("gugur DE"), "{text}");
    // The unit's answers carried from 2025 are marked in the item appendix
    // until answered again.
    assert!(text.contains("Ya (dari 2025 — periksa)"), "{text}");
}
