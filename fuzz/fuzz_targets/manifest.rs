//! Arbitrary bytes as `manifest.json`.
//!
//! `Manifest::parse` must never panic, and whatever it accepts must survive
//! a round trip: serialised again and parsed again it is accepted and equal.
//!
//! The headline scores (`f64`) are compared to within a few ULP: serde_json's
//! default float parser may be one ULP off for long decimals (its
//! `float_roundtrip` feature is off), which the first run found and which is
//! harmless here — the signature covers the manifest's exact bytes and the
//! scores are only shown to people.

#![no_main]

use daduk_workspace::packet::Manifest;
use libfuzzer_sys::fuzz_target;

fn close(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs())
}

fuzz_target!(|data: &[u8]| {
    let manifest = match Manifest::parse(data) {
        Ok(m) => m,
        Err(e) => return daduk_fuzz::triage(&e),
    };
    let bytes = serde_json::to_vec(&manifest).expect("an accepted manifest serialises");
    let mut again = match Manifest::parse(&bytes) {
        Ok(again) => again,
        Err(e) => panic!("accepted manifest refused after a round trip: {e}"),
    };
    assert_eq!(again.scores.len(), manifest.scores.len(), "scores lost");
    for (role, s) in &manifest.scores {
        let t = again.scores.get(role).expect("a role's scores lost");
        for (a, b) in [
            (s.total, t.total),
            (s.pengungkit, t.pengungkit),
            (s.hasil, t.hasil),
        ] {
            assert!(close(a, b), "score {a} came back as {b}");
        }
    }
    again.scores = manifest.scores.clone();
    assert_eq!(again, manifest, "round trip changed the manifest");
});
