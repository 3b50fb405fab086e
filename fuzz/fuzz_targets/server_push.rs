//! Arbitrary bytes as the body of a side pushed to Daduk Server, through
//! the whole check before SQL (`api::prepare_side`): the push body, the
//! bounded manifest parser, the unit and year, the side's own fields, the
//! blobs it names, its figures. It must never panic; what it accepts keeps
//! only the pushing side's fields and names each blob with one size.

#![no_main]

use daduk_workspace::Role;
use daduk_workspace::evidence::ReviewStatus;
use daduk_server::api::prepare_side;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&r, body)) = data.split_first() else {
        return;
    };
    let role = match r % 3 {
        0 => Role::Unit,
        1 => Role::Tpi,
        _ => Role::Tpn,
    };
    let Ok(p) = prepare_side(body, "U", 2026, role) else {
        return;
    };
    assert!(p.manifest.answers.iter().all(|a| a.role == role));
    match role {
        Role::Unit => assert!(p
            .manifest
            .evidence
            .iter()
            .all(|e| e.review_status == ReviewStatus::Pending && e.review_note.is_empty())),
        Role::Tpi => assert!(p.manifest.plan.is_none() && p.manifest.absent.is_empty()),
        Role::Tpn => assert!(p.manifest.evidence.is_empty() && p.blobs.is_empty()),
    }
    if role != Role::Tpn {
        assert!(p.manifest.tpn_stages.is_empty());
    }
    for e in &p.manifest.evidence {
        assert_eq!(p.blobs.get(&e.sha256.to_string()).copied(), Some(e.size as i64));
    }
    serde_json::from_str::<serde_json::Value>(&p.text).expect("stored text is JSON");
});
