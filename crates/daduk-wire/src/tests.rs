use super::*;

fn roundtrip<T>(value: &T, json: &str)
where
    T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let written = serde_json::to_string(value).unwrap();
    assert_eq!(written, json, "serialized form");
    let back: T = serde_json::from_str(json).unwrap();
    assert_eq!(&back, value, "parsed back");
}

#[test]
fn error_body_has_the_guides_fields_and_extras_only_when_set() {
    roundtrip(
        &ErrorBody::new(codes::NOT_FOUND, "tidak ada"),
        r#"{"error":true,"code":"DATA_NOT_FOUND","message":"tidak ada"}"#,
    );
    let mut conflict = ErrorBody::new(codes::VERSION_CONFLICT, "berubah");
    conflict.current_version = Some(4);
    roundtrip(
        &conflict,
        r#"{"error":true,"code":"VERSION_CONFLICT","message":"berubah","current_version":4}"#,
    );
    let mut missing = ErrorBody::new(codes::MISSING_BLOBS, "kurang");
    missing.missing = vec!["ab".into()];
    roundtrip(
        &missing,
        r#"{"error":true,"code":"MISSING_BLOBS","message":"kurang","missing":["ab"]}"#,
    );
}

#[test]
fn roles_and_predicates_use_their_wire_names() {
    for r in [
        TokenRole::Admin,
        TokenRole::Unit,
        TokenRole::Evaluator,
        TokenRole::Integration,
    ] {
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", r.as_str())
        );
        assert_eq!(TokenRole::parse(r.as_str()), Some(r));
    }
    for p in [Predicate::Wbk, Predicate::WbkAfirmasi, Predicate::Wbbm] {
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            format!("\"{}\"", p.as_str())
        );
        assert_eq!(Predicate::parse(p.as_str()), Some(p));
    }
    assert_eq!(TokenRole::parse("root"), None);
    assert!(serde_json::from_str::<Predicate>("\"WBK\"").is_err());
}

#[test]
fn upload_bodies_roundtrip_and_parts_are_counted() {
    roundtrip(&UploadStart { size: 10 }, r#"{"size":10}"#);
    assert!(serde_json::from_str::<UploadStart>(r#"{"size":1,"x":2}"#).is_err());
    let state = UploadState {
        upload_id: "u1".into(),
        part_size: 4,
        parts_received: vec![0, 2],
    };
    roundtrip(
        &state,
        r#"{"upload_id":"u1","part_size":4,"parts_received":[0,2]}"#,
    );
    assert_eq!(state.part_count(0), 1);
    assert_eq!(state.part_count(4), 1);
    assert_eq!(state.part_count(5), 2);
    assert_eq!(state.part_count(12), 3);
    roundtrip(
        &BlobStored {
            sha256: "ab".into(),
            size: 2,
        },
        r#"{"sha256":"ab","size":2}"#,
    );
}

#[test]
fn assessment_bodies_carry_the_manifest_verbatim() {
    roundtrip(
        &AssessmentSummary {
            unit: "U".into(),
            year: 2026,
            unit_version: 1,
            tpi_version: 0,
            tpn_version: 3,
            updated_at: "2026-01-01T00:00:00Z".into(),
        },
        r#"{"unit":"U","year":2026,"unit_version":1,"tpi_version":0,"tpn_version":3,"updated_at":"2026-01-01T00:00:00Z"}"#,
    );
    // A server that keeps no TPN side says nothing of it: version 0.
    let old: AssessmentSummary = serde_json::from_str(
        r#"{"unit":"U","year":2026,"unit_version":1,"tpi_version":0,"updated_at":"2026-01-01T00:00:00Z"}"#,
    )
    .unwrap();
    assert_eq!(old.tpn_version, 0);
    let push = PushSide::new(2, r#"{"format": "daduk-packet", "n": [1, 2]}"#).unwrap();
    let json = serde_json::to_string(&push).unwrap();
    assert_eq!(
        json,
        r#"{"base_version":2,"manifest":{"format": "daduk-packet", "n": [1, 2]}}"#
    );
    let back: PushSide = serde_json::from_str(&json).unwrap();
    assert_eq!(back.base_version, 2);
    assert_eq!(back.manifest.get(), push.manifest.get());
    assert!(PushSide::new(0, "{not json").is_err());
    assert!(
        serde_json::from_str::<PushSide>(r#"{"base_version":1,"manifest":{},"tpi":1}"#).is_err()
    );

    let sides: AssessmentSides = serde_json::from_str(
        r#"{"unit_version":3,"tpi_version":0,"unit_side":{"a":1},"tpi_side":null}"#,
    )
    .unwrap();
    assert_eq!(
        sides.unit_side.as_ref().map(|r| r.get()),
        Some(r#"{"a":1}"#)
    );
    assert!(sides.tpi_side.is_none());
    roundtrip(&Pushed { version: 5 }, r#"{"version":5}"#);
}

#[test]
fn admin_bodies_roundtrip() {
    roundtrip(
        &CreateToken {
            role: TokenRole::Evaluator,
            units: vec!["A".into(), "B".into()],
            label: "Inspektorat".into(),
            expires_at: None,
        },
        r#"{"role":"evaluator","units":["A","B"],"label":"Inspektorat"}"#,
    );
    let minimal: CreateToken = serde_json::from_str(r#"{"role":"integration"}"#).unwrap();
    assert!(minimal.units.is_empty() && minimal.label.is_empty());
    assert!(serde_json::from_str::<CreateToken>(r#"{"role":"god"}"#).is_err());
    roundtrip(
        &CreatedToken {
            id: 7,
            token: "dk_x".into(),
        },
        r#"{"id":7,"token":"dk_x"}"#,
    );
    roundtrip(
        &TokenInfo {
            id: 7,
            role: TokenRole::Unit,
            units: vec!["A".into()],
            label: "tim".into(),
            created_at: "2026-01-01T00:00:00Z".into(),
            expires_at: None,
            revoked: false,
        },
        r#"{"id":7,"role":"unit","units":["A"],"label":"tim","created_at":"2026-01-01T00:00:00Z","expires_at":null,"revoked":false}"#,
    );
    roundtrip(
        &PutUnit {
            nama: "Dinas".into(),
            instansi: "Pemda".into(),
            afirmasi: true,
        },
        r#"{"nama":"Dinas","instansi":"Pemda","afirmasi":true}"#,
    );
    roundtrip(
        &Evaluation {
            year: 2026,
            proposal_start: Some("2026-03-01".into()),
            proposal_end: None,
        },
        r#"{"year":2026,"proposal_start":"2026-03-01","proposal_end":null}"#,
    );
    roundtrip(
        &Propose {
            unit: "A".into(),
            year: 2026,
            predicate: Predicate::WbkAfirmasi,
            refreeze: false,
        },
        r#"{"unit":"A","year":2026,"predicate":"wbk-afirmasi"}"#,
    );
    roundtrip(
        &Propose {
            unit: "A".into(),
            year: 2026,
            predicate: Predicate::Wbk,
            refreeze: true,
        },
        r#"{"unit":"A","year":2026,"predicate":"wbk","refreeze":true}"#,
    );
    roundtrip(
        &Proposal {
            unit: "A".into(),
            year: 2026,
            predicate: Predicate::Wbbm,
            unit_version: 2,
            tpi_version: 1,
            frozen_at: "2026-01-01T00:00:00Z".into(),
            body_sha256: "ff".into(),
            missing_prerequisites: vec![MissingPrerequisite {
                code: "opini_bpk".into(),
                label: "Opini BPK".into(),
                why: "belum dicatat".into(),
            }],
        },
        r#"{"unit":"A","year":2026,"predicate":"wbbm","unit_version":2,"tpi_version":1,"frozen_at":"2026-01-01T00:00:00Z","body_sha256":"ff","missing_prerequisites":[{"code":"opini_bpk","label":"Opini BPK","why":"belum dicatat"}]}"#,
    );
}

#[test]
fn log_rows_roundtrip() {
    roundtrip(
        &AuditRow {
            id: 1,
            at: "2026-01-01T00:00:00Z".into(),
            token_id: Some(2),
            actor: "tim (unit)".into(),
            action: "push-unit".into(),
            unit: Some("A".into()),
            year: Some(2026),
            detail: "versi 1".into(),
        },
        r#"{"id":1,"at":"2026-01-01T00:00:00Z","token_id":2,"actor":"tim (unit)","action":"push-unit","unit":"A","year":2026,"detail":"versi 1"}"#,
    );
    roundtrip(
        &FetchRow {
            id: 1,
            at: "2026-01-01T00:00:00Z".into(),
            token_id: Some(3),
            actor: "PortalRB".into(),
            path: "/api/portalrb/lke/jawaban-unit/A".into(),
            unit: Some("A".into()),
            status: 200,
            body_sha256: "ab".into(),
        },
        r#"{"id":1,"at":"2026-01-01T00:00:00Z","token_id":3,"actor":"PortalRB","path":"/api/portalrb/lke/jawaban-unit/A","unit":"A","status":200,"body_sha256":"ab"}"#,
    );
    roundtrip(
        &WhoAmI {
            token_id: 1,
            role: TokenRole::Admin,
            units: vec![],
            label: "admin".into(),
        },
        r#"{"token_id":1,"role":"admin","units":[],"label":"admin"}"#,
    );
}
