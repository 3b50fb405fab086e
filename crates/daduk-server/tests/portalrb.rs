//! PortalRB's endpoints as PortalRB fetches them: every field name, type
//! and value against the guide (Panduan Teknis API Integrasi ZI 1.0.0) and
//! the master soal list (all 127 soal once each, in order); the frozen
//! snapshot; the proposal period; tokens; the rate limit; the fetch log.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;

use common::*;
use daduk_domain::Role;
use daduk_domain::evidence::ReviewStatus;
use daduk_domain::manifest::PacketKind;
use reqwest::Method;
use serde_json::{Value, json};

fn master() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/portalrb/master-soal-lke-zi-2026.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    fn walk(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Object(o) if o.contains_key("jenis_jawaban") => out.push(v.clone()),
            Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&doc["data"], &mut out);
    assert_eq!(out.len(), doc["total_soal"].as_u64().unwrap() as usize);
    out
}

fn keys(v: &Value) -> BTreeSet<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn check_answer(soal: &Value, answer: &Value, who: &str) {
    let kind = soal["jenis_jawaban"].as_str().unwrap();
    let text = answer
        .as_str()
        .unwrap_or_else(|| panic!("{who} of soal {} is {answer}", soal["id"]));
    match kind {
        "YA_TIDAK" | "ABC" | "ABCD" | "ABCDE" => {
            let allowed: Vec<&str> = soal["skema_penilaian"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["key"].as_str().unwrap())
                .collect();
            assert!(
                allowed.contains(&text),
                "soal {} ({kind}): {who} '{text}' not in {allowed:?}",
                soal["id"]
            );
        }
        "Jumlah" | "jumlah" => assert!(
            text.parse::<u64>().is_ok(),
            "soal {}: {who} '{text}' is not a number",
            soal["id"]
        ),
        "0-4" => {
            let x: f64 = text.parse().unwrap();
            assert!((0.0..=4.0).contains(&x), "soal {}: {who} {x}", soal["id"]);
        }
        other => panic!("unknown jenis_jawaban {other}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn portalrb_receives_exactly_what_the_guide_specifies() {
    let Some(env) = env() else { return };
    let mut setup = Setup::new(&env).await;
    setup.base_path = "/integrasi/zi".into();
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();
    let unit = server.client(&admin.token("unit", &["DINKES", "DISDIK"]).await);
    let eval = server.client(&admin.token("evaluator", &["DINKES"]).await);
    let rb = server.client(&admin.token("integration", &[]).await);
    let base = "/integrasi/zi";

    // Nothing set yet: the guide's 404.
    assert_eq!(
        rb.get(&format!("{base}/pengusulan/unit-wbk"))
            .await
            .expect(404)
            .code(),
        "DATA_NOT_FOUND"
    );
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026}),
        )
        .await
        .expect(204);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/units/DINKES",
            &json!({"nama": "Dinas Kesehatan", "instansi": "Kota Contoh", "afirmasi": true}),
        )
        .await
        .expect(204);

    let file = random_bytes(4096);
    assert_eq!(unit.upload(&file).await, 201);
    let m = manifest(
        "DINKES",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[&file],
    );
    unit.push("DINKES", 2026, "unit", 0, &m).await.expect(200);
    eval.push(
        "DINKES",
        2026,
        "tpi",
        0,
        &review(&m, false, ReviewStatus::Accepted),
    )
    .await
    .expect(200);
    let m2 = manifest(
        "DISDIK",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, true)],
        &[],
    );
    unit.push("DISDIK", 2026, "unit", 0, &m2).await.expect(200);

    // Proposed: DINKES as WBK afirmasi; DISDIK as WBBM; then the lists.
    let p = admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "DINKES", "year": 2026, "predicate": "wbk-afirmasi"}),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(p["unit_version"], 1);
    assert_eq!(p["tpi_version"], 1);
    admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "DINKES", "year": 2026, "predicate": "wbk"}),
        )
        .await
        .expect(409);
    admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "DISDIK", "year": 2026, "predicate": "wbbm"}),
        )
        .await
        .expect(201);
    let wbk = rb
        .get(&format!("{base}/pengusulan/unit-wbk"))
        .await
        .expect(200)
        .json();
    assert_eq!(
        wbk,
        json!({"tahun": 2026, "units": [{"id": "DINKES", "nama": "Dinas Kesehatan", "kategori": "WBK-AFIRMASI", "afirmasi": true}]})
    );
    let wbbm = rb
        .get(&format!("{base}/pengusulan/unit-wbbm"))
        .await
        .expect(200)
        .json();
    assert_eq!(
        wbbm,
        json!({"tahun": 2026, "units": [{"id": "DISDIK", "nama": "Unit DISDIK", "kategori": "WBBM", "afirmasi": false}]})
    );

    // The answers, field by field, against the master.
    let reply = rb
        .get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(200);
    let body = reply.json();
    assert_eq!(
        keys(&body),
        BTreeSet::from(["unit_id", "nama_unit", "tahun", "answers"])
    );
    assert_eq!(body["unit_id"], "DINKES");
    assert_eq!(body["nama_unit"], "Dinas Kesehatan");
    assert_eq!(body["tahun"], 2026);
    let answers = body["answers"].as_array().unwrap();
    let master = master();
    assert_eq!(answers.len(), 127);
    let ids: Vec<u64> = answers
        .iter()
        .map(|a| a["soal_id"].as_u64().unwrap())
        .collect();
    let master_ids: Vec<u64> = master.iter().map(|s| s["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, master_ids, "every soal once, in the master's order");
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 127);
    let mut notes = 0;
    let mut described = 0;
    for (a, soal) in answers.iter().zip(&master) {
        assert_eq!(
            keys(a),
            BTreeSet::from([
                "soal_id",
                "jawaban_unit",
                "jawaban_tpi",
                "catatan_unit",
                "bukti_dukung_unit",
                "catatan_tpi"
            ])
        );
        assert!(a["soal_id"].is_u64());
        check_answer(soal, &a["jawaban_unit"], "jawaban_unit");
        check_answer(soal, &a["jawaban_tpi"], "jawaban_tpi");
        for f in ["catatan_unit", "bukti_dukung_unit", "catatan_tpi"] {
            assert!(
                a[f].is_null() || a[f].as_str().is_some_and(|s| !s.is_empty()),
                "{f}: {}",
                a[f]
            );
        }
        if let Some(n) = a["catatan_unit"].as_str() {
            assert!(n.starts_with("catatan unit "));
            notes += 1;
            assert!(
                a["catatan_tpi"]
                    .as_str()
                    .unwrap()
                    .starts_with("catatan TPI ")
            );
        }
        if let Some(b) = a["bukti_dukung_unit"].as_str() {
            described += 1;
            assert!(
                b.starts_with("Portal PPID <https://ppid.contoh.go.id/sk>; berkas-0.pdf (sha256 "),
                "{b}"
            );
            assert!(b.contains(&sha(&file)[..12]));
        }
        if soal["jenis_jawaban"] == "YA_TIDAK" {
            assert_eq!(a["jawaban_unit"], "Ya");
            assert_eq!(a["jawaban_tpi"], "Tidak");
        }
        if soal["jenis_jawaban"] == "ABCDE"
            || soal["jenis_jawaban"] == "ABCD"
            || soal["jenis_jawaban"] == "ABC"
        {
            assert_eq!(a["jawaban_unit"], "A");
            assert_eq!(a["jawaban_tpi"], "B");
        }
    }
    // A note per item (a counts item's goes with its first soal), one item with evidence.
    assert_eq!(notes, template().item_count(), "one note per item");
    assert_eq!(described, 1);

    // Frozen: a later push does not change what PortalRB reads.
    let changed = manifest(
        "DINKES",
        2026,
        PacketKind::Submission,
        &[(Role::Unit, false)],
        &[&file],
    );
    unit.push("DINKES", 2026, "unit", 1, &changed)
        .await
        .expect(200);
    let again = rb
        .get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(200);
    assert_eq!(
        again.bytes, reply.bytes,
        "the snapshot is served until re-opened"
    );
    // Re-opened: not proposed (404); frozen again: the new answers.
    admin
        .send(Method::DELETE, "/api/v1/admin/proposals/DINKES/2026", None)
        .await
        .expect(204);
    assert_eq!(
        rb.get(&format!("{base}/lke/jawaban-unit/DINKES"))
            .await
            .expect(404)
            .code(),
        "DATA_NOT_FOUND"
    );
    assert_eq!(
        rb.get(&format!("{base}/pengusulan/unit-wbk"))
            .await
            .expect(200)
            .json()["units"],
        json!([])
    );
    admin
        .json(
            Method::POST,
            "/api/v1/admin/proposals",
            &json!({"unit": "DINKES", "year": 2026, "predicate": "wbk"}),
        )
        .await
        .expect(201);
    let fresh = rb
        .get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(200)
        .json();
    assert_ne!(
        fresh["answers"][0]["jawaban_unit"],
        body["answers"][0]["jawaban_unit"]
    );
    // Proposed as `wbk`, the unit stays afirmasi (set on the server above):
    // PortalRB gets what the unit is, not what the request said.
    assert_eq!(
        rb.get(&format!("{base}/pengusulan/unit-wbk"))
            .await
            .expect(200)
            .json()["units"][0]["kategori"],
        "WBK-AFIRMASI"
    );

    // Not proposed, unknown, malformed.
    rb.get(&format!("{base}/lke/jawaban-unit/NOBODY"))
        .await
        .expect(404);
    rb.get(&format!("{base}/lke/jawaban-unit/..%2Fx"))
        .await
        .expect(422);
    // Tokens: missing, wrong, expired → 401; a unit's, an evaluator's, the admin's → 403.
    server
        .client("")
        .get(&format!("{base}/pengusulan/unit-wbk"))
        .await
        .expect(401);
    server
        .client("dks_salah")
        .get(&format!("{base}/pengusulan/unit-wbk"))
        .await
        .expect(401);
    let expired = admin
        .json(
            Method::POST,
            "/api/v1/admin/tokens",
            &json!({"role": "integration", "expires_at": "2021-01-01T00:00:00Z"}),
        )
        .await
        .expect(201)
        .json();
    server
        .client(expired["token"].as_str().unwrap())
        .get(&format!("{base}/pengusulan/unit-wbk"))
        .await
        .expect(401);
    unit.get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(403);
    eval.get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(403);
    admin
        .get(&format!("{base}/pengusulan/unit-wbk"))
        .await
        .expect(403);
    // The default base path is not served when another is configured.
    rb.get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(404);

    // Outside the proposal period: refused; inside: served.
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026, "proposal_start": "2020-01-01", "proposal_end": "2020-12-31"}),
        )
        .await
        .expect(204);
    let r = rb
        .get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(403);
    assert_eq!(r.code(), "OUTSIDE_PROPOSAL_PERIOD");
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026, "proposal_start": "2020-01-01", "proposal_end": "2099-12-31"}),
        )
        .await
        .expect(204);
    rb.get(&format!("{base}/lke/jawaban-unit/DINKES"))
        .await
        .expect(200);
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026, "proposal_start": "2026-13-01"}),
        )
        .await
        .expect(422);

    // The fetch log: who, when, which unit, the SHA-256 of the exact body.
    let log = admin.get("/api/v1/admin/fetches").await.expect(200).json();
    let rows = log.as_array().unwrap();
    let first = rows
        .iter()
        .find(|r| r["unit"] == "DINKES" && r["status"] == 200)
        .unwrap();
    assert_eq!(first["body_sha256"], sha(&reply.bytes));
    assert_eq!(first["path"], format!("{base}/lke/jawaban-unit/DINKES"));
    assert!(first["actor"].as_str().unwrap().contains("integration"));
    assert!(
        rows.iter()
            .any(|r| r["status"] == 404 && r["unit"] == "DINKES")
    );
    assert!(
        rows.iter()
            .any(|r| r["status"] == 403 && r["unit"] == "DINKES")
    );
    // PortalRB may read nothing else.
    rb.get("/api/v1/admin/fetches").await.expect(403);
}

#[tokio::test(flavor = "multi_thread")]
async fn portalrb_is_rate_limited_per_token() {
    let Some(env) = env() else { return };
    let mut setup = Setup::new(&env).await;
    setup.rate = Some(5);
    let server = Server::start(&env, &setup).await;
    let admin = server.admin();
    admin
        .json(
            Method::PUT,
            "/api/v1/admin/evaluation",
            &json!({"year": 2026}),
        )
        .await
        .expect(204);
    let rb = server.client(&admin.token("integration", &[]).await);
    let other = server.client(&admin.token("integration", &[]).await);
    for _ in 0..5 {
        rb.get("/api/portalrb/pengusulan/unit-wbk")
            .await
            .expect(200);
    }
    let r = rb
        .get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(429);
    assert_eq!(r.code(), "RATE_LIMITED");
    // Another token has its own allowance.
    other
        .get("/api/portalrb/pengusulan/unit-wbk")
        .await
        .expect(200);
}
