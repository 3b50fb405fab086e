//! Cases the fuzz targets in `fuzz/` found or reached (see `fuzz/README.md`),
//! kept so that `cargo test -p daduk-workspace` checks them without cargo-fuzz.
//!
//! Inputs too big to read inline are files under `tests/fuzz-cases/`, named
//! for what they are.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use daduk_workspace::packet::names::{MAX_COMPONENT, safe_component, unsafe_path_reason};
use daduk_workspace::packet::source::Source;
use daduk_workspace::packet::{ExportOptions, ImportPacketOptions, Manifest, verify_packet};
use daduk_workspace::{NewUnit, Target, Workspace};

static NO: AtomicBool = AtomicBool::new(false);

fn case(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-cases")
        .join(name)
}

/// The message `Source::open` refuses a packet with.
fn refusal(path: &Path) -> String {
    match Source::open(path) {
        Ok((_, entries)) => panic!("{} accepted: {entries:?}", path.display()),
        Err(e) => e.to_string(),
    }
}

/// An evaluator's workspace that imports `packet`: refused with `expected`
/// in the message, and nothing written (no unit, no blob, no audit entry).
fn import_is_refused(packet: &Path, expected: &str) {
    import_is_refused_with(packet, &[expected], true);
}

fn import_is_refused_with(packet: &Path, expected: &[&str], verify_refuses: bool) {
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::create(&dir.path().join("tpi"), "inspektorat").unwrap();
    let log = ws.audit_log(None).unwrap().len();
    let opts = ImportPacketOptions {
        job: daduk_workspace::job::Job::new(&NO, &|_| {}),
        consent: Default::default(),
    };
    let err = ws.import_packet(packet, &opts).unwrap_err().to_string();
    for e in expected {
        assert!(
            err.contains(e),
            "{}: expected '{e}' in: {err}",
            packet.display()
        );
    }
    assert!(ws.units().unwrap().is_empty());
    assert!(ws.blobs().on_disk().is_empty());
    assert_eq!(ws.audit_log(None).unwrap().len(), log);
    if verify_refuses {
        assert!(verify_packet(packet, daduk_workspace::job::quiet()).is_err());
    }
}

// --- names -----------------------------------------------------------------

/// Found by the `names` target: Windows resolves a device name from the part
/// before the first dot with trailing spaces ignored, so `nul .txt` is NUL.
#[test]
fn device_names_with_a_space_before_the_extension_get_the_prefix() {
    for (input, expected) in [
        (
            "nul .txHxxtxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "_nul .txHxxtxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ),
        ("CON .pdf", "_CON.pdf"),
        ("aux   .tar.gz", "_aux .tar.gz"),
        ("COM0.txt", "_COM0.txt"),
        ("lpt¹.doc", "_lpt¹.doc"),
        ("COM¹", "_COM¹"),
        ("CONSOLE.pdf", "CONSOLE.pdf"),
        ("COM10.pdf", "COM10.pdf"),
    ] {
        assert_eq!(safe_component(input, MAX_COMPONENT), expected, "{input:?}");
    }
}

/// The `_` prefix and the extension must not push a name past its bound.
#[test]
fn safe_names_stay_within_their_bound() {
    let long = format!("CON.{}.pdf", "x".repeat(100));
    let safe = safe_component(&long, MAX_COMPONENT);
    assert_eq!(safe.chars().count(), MAX_COMPONENT, "{safe}");
    assert!(
        safe.starts_with("_CON.") && safe.ends_with(".pdf"),
        "{safe}"
    );
    for max in 1..12 {
        for name in ["abc.verylong", "CON.txt", "nul", "laporan.pdf", "...", ""] {
            let safe = safe_component(name, max);
            assert!(
                !safe.is_empty() && safe.chars().count() <= max,
                "{name:?} (max {max}) -> {safe:?}"
            );
            assert_eq!(unsafe_path_reason(&safe), None, "{name:?} -> {safe:?}");
        }
    }
}

/// Found while writing the `names` target: evidence names in a packet are
/// made unique with a ` (2)` suffix, which the length bound used to cut off
/// again, so two long titles that differ only at the end made the export
/// loop for ever.
#[test]
fn two_long_titles_differing_at_the_end_export_under_two_names() {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::create(&dir.path().join("ws"), "tim").unwrap();
        ws.add_unit(&NewUnit {
            code: "U".into(),
            name: "Unit".into(),
            target: Target::Wbk,
            ..NewUnit::default()
        })
        .unwrap();
        let a = ws.new_assessment("U", 2024, None).unwrap();
        let title = "Laporan Pelaksanaan Kegiatan Pembangunan Zona Integritas Menuju Wilayah Bebas dari Korupsi Triwulan";
        for (i, suffix) in ["I", "II"].into_iter().enumerate() {
            let f = dir.path().join(format!("{i}.pdf"));
            std::fs::write(&f, suffix).unwrap();
            ws.add_evidence_file(
                &a,
                "P.1.i.a".parse().unwrap(),
                &f,
                None,
                Some(&format!("{title} {suffix}")),
                None,
            )
            .unwrap();
        }
        let out = dir.path().join("paket");
        let opts = ExportOptions {
            review: false,
            job: daduk_workspace::job::Job::new(&NO, &|_| {}),
            force: false,
        };
        ws.export_packet(&a, &out, &opts).unwrap();
        let manifest = Manifest::parse(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
        let paths: Vec<String> = manifest
            .evidence
            .iter()
            .map(|e| e.path.clone().unwrap())
            .collect();
        tx.send(paths).unwrap();
    });
    let paths = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the export did not finish: the unique-name loop never ends");
    assert_eq!(paths.len(), 2);
    assert_ne!(paths[0].to_lowercase(), paths[1].to_lowercase());
    assert!(paths.iter().any(|p| p.ends_with(" (2).pdf")), "{paths:?}");
    for p in &paths {
        let name = p.rsplit('/').next().unwrap();
        assert!(name.chars().count() <= MAX_COMPONENT, "{name}");
    }
}

// --- manifest --------------------------------------------------------------

/// Found by the `manifest` target: a score written with more digits than an
/// f64 holds comes back one ULP off after a round trip (serde_json's default
/// float parser). Harmless — the signature covers the exact bytes and the
/// scores are only shown — but the manifest must still parse, and parse
/// again after being written out.
#[test]
fn a_long_decimal_score_survives_a_round_trip_within_an_ulp() {
    let m =
        Manifest::parse(&std::fs::read(case("manifest/float-roundtrip.json")).unwrap()).unwrap();
    let again = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap();
    for (role, s) in &m.scores {
        let t = again.scores[role];
        assert!((s.pengungkit - t.pengungkit).abs() <= 4.0 * f64::EPSILON * s.pengungkit.abs());
    }
    let mut again = again;
    again.scores = m.scores.clone();
    assert_eq!(again, m);
}

// --- zip -------------------------------------------------------------------

/// Found by the `zip` target: an entry that declared a compressed size far
/// beyond the archive (4 GiB in a 228-byte file) passed the zip-bomb ratio
/// check with any uncompressed size it liked (here 16 MiB).
#[test]
fn an_entry_claiming_more_compressed_bytes_than_the_archive_is_refused() {
    let path = case("zip/lying-compressed-size.zip");
    let err = refusal(&path);
    assert!(
        err.contains("'evidence/a.pdf'")
            && err.contains("melebihi ukuran arsip")
            && err.contains("bom zip"),
        "{err}"
    );
    import_is_refused(&path, "bom zip");
}

// --- packet_signed / packet_import -----------------------------------------

/// A manifest the fuzzer reached (a real review manifest), to derive
/// hostile ones from.
fn manifest_value() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(case("manifest/float-roundtrip.json")).unwrap()).unwrap()
}

/// A zip packet of `files` (stored).
fn write_zip(path: &Path, files: &[(&str, &[u8])]) {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for (name, bytes) in files {
        out.start_file(*name, opts).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap();
}

/// Found by the `packet_signed` target's set-up: file sizes are the
/// packet's word, and their sum overflowed (a panic in debug builds) before
/// a single file was looked at, in both verify and import.
#[test]
fn file_sizes_that_overflow_when_added_are_findings_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = manifest_value();
    let zero = "0".repeat(64);
    m["files"] = serde_json::json!([
        {"path": "a.pdf", "size": u64::MAX, "sha256": zero},
        {"path": "b.pdf", "size": 1, "sha256": zero},
    ]);
    let manifest = serde_json::to_vec(&m).unwrap();
    let packet = dir.path().join("p.zip");
    write_zip(&packet, &[("manifest.json", &manifest)]);
    let check = verify_packet(&packet, daduk_workspace::job::quiet()).unwrap();
    let missing: Vec<&str> = check
        .findings
        .iter()
        .filter(|f| f.problem.contains("tidak ada di paket"))
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(missing, ["a.pdf", "b.pdf"], "{:?}", check.findings);
}

/// Found by review while writing the `packet_import` target: `template.json`
/// is read whole into memory before anything is verified, up to whatever
/// size the manifest claims (a zip-bomb ratio of 200 lets a 50 MB packet
/// claim 10 GB). It is bounded like the manifest now.
#[test]
fn an_oversized_template_is_refused_before_it_is_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b' '; 33 << 20];
    let mut m = manifest_value();
    m["kind"] = "submission".into();
    m["based_on"] = serde_json::Value::Null;
    m["evidence"] = serde_json::json!([]);
    m["template"]["path"] = "template.json".into();
    m["files"] = serde_json::json!([
        {"path": "template.json", "size": big.len(), "sha256": m["template"]["sha256"]},
    ]);
    let manifest = serde_json::to_vec(&m).unwrap();
    // Validly signed, so the import gets as far as the template (an
    // unsigned packet is refused before anything else is read).
    let key = daduk_workspace::packet::sign::workspace_key(&dir.path().join("kunci")).unwrap();
    let sig = serde_json::to_vec(&daduk_workspace::packet::sign::sign(&key, &manifest)).unwrap();
    let packet = dir.path().join("p.zip");
    write_zip(
        &packet,
        &[
            ("template.json", &big),
            ("manifest.json", &manifest),
            ("manifest.sig", &sig),
        ],
    );
    import_is_refused_with(&packet, &["'template.json'", "batas"], false);
}

/// Found while reading the `zip` target's refusals: names and keys from the
/// packet were quoted raw in messages, so an entry name holding an escape
/// sequence could clear the evaluator's terminal and print a fake verdict.
/// Control characters are shown escaped now, in every refusal and finding.
#[test]
fn control_characters_from_a_packet_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let packet = dir.path().join("p.zip");
    let hostile = "evidence/\u{1b}[2J\u{1b}[HPaket sah.pdf";
    write_zip(&packet, &[(hostile, b"x"), ("manifest.json", b"{}")]);
    let err = refusal(&packet);
    assert!(!err.chars().any(char::is_control), "{err:?}");
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    import_is_refused(&packet, "\\u{1b}");

    let mut m = manifest_value();
    m["unit"]["code\u{7}"] = "x".into();
    let err = Manifest::parse(&serde_json::to_vec(&m).unwrap()).unwrap_err();
    assert!(!err.chars().any(char::is_control), "{err:?}");
}
